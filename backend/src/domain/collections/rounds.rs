//! Opening a round: the period's deadline, one submission per department or person that must
//! hand in, who answers for each (named people, else the department's heads), and a notice to
//! them. The scheduler opens each period's round once: the round's `(collection, period)` is
//! unique, so a second process's insert does nothing and sends nothing.

use chrono::NaiveDateTime;
use serde_json::json;

use super::schedule::{CollectionSchedule, ONCE};
use super::{parse, round_label, Standing, Submitters};
use crate::db::collections::{self as store, AnswererRow, CollectionRow, RoundRow, SubmissionRow};
use crate::db::orgs as org_store;
use crate::db::tasks as task_store;
use crate::db::{new_id, now, DbConn};
use crate::domain::journal::{emit_system, rfc3339};
use crate::domain::live;
use crate::domain::workdays::WorkCalendar;
use crate::error::{AppError, AppResult};
use crate::values::{EventKind, ParticipantReason, Recurrence, RoundState, Status, SubmissionStatus, TaskChange};

/// Collections looked at per batch of a tick.
const BATCH: i64 = 200;

/// Opens the collection's round for the period that contains `at` (a one-off's only round) unless
/// it exists, its task is not live, or (recurring) the period's deadline passed before the
/// collection was set up. Returns the round when this call opened it.
pub(crate) fn ensure_round(
    c: &mut DbConn,
    cal: &WorkCalendar,
    row: &CollectionRow,
    at: NaiveDateTime,
) -> AppResult<Option<RoundRow>> {
    let Some(task) = task_store::find_task(c, &row.task_id)? else { return Ok(None) };
    if task.deleted_at.is_some() || !Status::LIVE.contains(&task.status) || !row.is_active {
        return Ok(None);
    }
    let schedule: CollectionSchedule = parse(&row.schedule)?;
    let (period, due_at) = match schedule.kind {
        Recurrence::Once => match schedule.due_at {
            Some(d) => (ONCE.to_owned(), d.naive_utc()),
            None => return Ok(None),
        },
        _ => match schedule.period_at(cal, at)? {
            Some(p) if p.due_at >= row.created_at => (p.key, p.due_at),
            _ => return Ok(None),
        },
    };
    open(c, row, &task, period, due_at)
}

/// Opens the collection's round of `period` due `due_at` unless it exists.
fn open(
    c: &mut DbConn,
    row: &CollectionRow,
    task: &crate::db::tasks::TaskRow,
    period: String,
    due_at: NaiveDateTime,
) -> AppResult<Option<RoundRow>> {
    let round = RoundRow {
        id: new_id(),
        collection_id: row.id.clone(),
        task_id: row.task_id.clone(),
        period,
        due_at,
        state: RoundState::Open,
        created_at: now(),
        closed_at: None,
    };
    if !store::insert_round_if_new(c, &round)? {
        return Ok(None);
    }
    let submitters: Submitters = parse(&row.submitters)?;
    let dept_ids: Vec<&str> = submitters.departments.iter().map(|d| d.department_id.as_str()).collect();
    let mut heads = org_store::heads_of(c, &dept_ids)?;
    let mut subs = Vec::new();
    let mut answerers = Vec::new();
    let mut everyone: Vec<String> = Vec::new();
    let mut add_unit = |department_id: Option<String>, person_id: Option<String>, people: Vec<String>| {
        let id = new_id();
        for p in &people {
            answerers.push(AnswererRow { submission_id: id.clone(), user_id: p.clone(), round_id: round.id.clone() });
        }
        everyone.extend(people);
        subs.push(SubmissionRow {
            id,
            round_id: round.id.clone(),
            collection_id: row.id.clone(),
            task_id: row.task_id.clone(),
            department_id,
            person_id,
            position: i32::try_from(subs.len()).unwrap_or(i32::MAX),
            status: SubmissionStatus::Pending,
            answers: "{}".to_owned(),
            files: "[]".to_owned(),
            submitted_by: None,
            submitted_at: None,
            is_late: false,
            reviewed_by: None,
            reviewed_at: None,
            review_comment: None,
            updated_at: round.created_at,
            version: 1,
        });
    };
    for d in &submitters.departments {
        let named = task_store::active_user_ids(c, &d.answerer_ids)?;
        let people = if named.is_empty() {
            let ids: Vec<String> =
                heads.remove(&d.department_id).unwrap_or_default().into_iter().map(|(id, _)| id).collect();
            task_store::active_user_ids(c, &ids)?
        } else {
            named
        };
        add_unit(Some(d.department_id.clone()), None, people);
    }
    let people = task_store::active_user_ids(c, &submitters.people)?;
    for p in &submitters.people {
        let answer = if people.contains(p) { vec![p.clone()] } else { vec![] };
        add_unit(None, Some(p.clone()), answer);
    }
    store::insert_submissions(c, &subs)?;
    store::insert_answerers(c, &answerers)?;
    everyone.sort();
    everyone.dedup();
    let reasons: Vec<(String, ParticipantReason)> =
        everyone.iter().map(|u| (u.clone(), ParticipantReason::Submitter)).collect();
    task_store::add_participants(c, &task.id, &reasons)?;
    let task = task.clone();
    let detail = json!({"from": round_label(&row.title, &round.period), "to": rfc3339(round.due_at),
        "collection_id": row.id, "round_id": round.id, "strong": false});
    emit_system(c, EventKind::CollectionRequested, Some(&task), everyone, detail, round.created_at)?;
    live::task_changed(c, &task, TaskChange::Collection, json!({"collection_id": row.id, "round_id": round.id}))?;
    Ok(Some(round))
}

/// Opens the round of the latest period whose deadline has passed (for the demo company: a
/// round to show with who was late).
pub(crate) fn open_last_past_round(
    c: &mut DbConn,
    cal: &WorkCalendar,
    row: &CollectionRow,
) -> AppResult<Option<RoundRow>> {
    let Some(task) = task_store::find_task(c, &row.task_id)? else { return Ok(None) };
    let schedule: CollectionSchedule = parse(&row.schedule)?;
    let at = now();
    let Some(mut p) = schedule.period_at(cal, at)? else { return Ok(None) };
    if p.due_at > at {
        let Some(previous) = schedule.period_at(cal, p.starts_at - chrono::Duration::days(1))? else { return Ok(None) };
        p = previous;
    }
    open(c, row, &task, p.key, p.due_at)
}

/// The scheduler's part: opens every round that is due to open at `now`. Returns how many opened.
pub(crate) fn open_due(c: &mut DbConn, cal: &WorkCalendar, now: NaiveDateTime) -> AppResult<usize> {
    let mut opened = 0;
    let mut after: Option<String> = None;
    loop {
        let rows = store::needing_rounds(c, after.as_deref(), BATCH)?;
        let done = rows.len() < usize::try_from(BATCH).unwrap_or(usize::MAX);
        after = rows.last().map(|r| r.id.clone());
        for row in &rows {
            if ensure_round(c, cal, row, now)?.is_some() {
                opened += 1;
            }
        }
        if done {
            return Ok(opened);
        }
    }
}

/// Closes a round (no more submissions, no more reminders) or opens it again.
pub fn set_open(c: &mut DbConn, actor_id: &str, round_id: &str, open: bool) -> AppResult<RoundRow> {
    let round = store::find_round(c, round_id)?.ok_or_else(|| AppError::not_found("round"))?;
    let standing = Standing::load(c, actor_id, &round.task_id, "round")?;
    standing.ensure_manages()?;
    let (state, at) = if open { (RoundState::Open, None) } else { (RoundState::Closed, Some(now())) };
    if round.state != state {
        store::set_round_state(c, round_id, state, at)?;
        live::task_changed(c, &standing.task, TaskChange::Collection, json!({"round_id": round_id}))?;
    }
    store::find_round(c, round_id)?.ok_or_else(|| AppError::not_found("round"))
}
