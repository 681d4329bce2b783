//! Help requests (求助): someone on a task asks another department's head for what they need;
//! the head answers, or after 24 (working) hours without an answer the request escalates to the
//! head's supervisor. Both sides see its state.

use chrono::NaiveDateTime;
use serde_json::json;

use super::journal::{emit_system, Journal};
use super::permissions::TaskAction;
use super::reminders::{once, Fired, Rules};
use super::tasks::load_for;
use super::workdays::WorkCalendar;
use super::{Actor, Role};
use crate::db::help::{self as store, HelpRow};
use crate::db::orgs as org_store;
use crate::db::tasks as task_store;
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult};
use crate::values::{EventKind, HelpStatus, HistoryField, ParticipantReason, ReminderRule};

pub struct HelpView {
    pub row: HelpRow,
    /// While open: when it escalates (the same working calendar as the rule).
    pub escalates_at: Option<NaiveDateTime>,
    /// While open: the years without an official holiday schedule its countdown runs through
    /// (there it counts Monday to Friday only).
    pub fallback_years: Vec<i32>,
    pub task_title: String,
    pub department_name: String,
    pub names: std::collections::HashMap<String, String>,
}

/// The reader's view; `cal` is the working calendar, loaded once per answer.
fn view(c: &mut DbConn, cal: &WorkCalendar, row: HelpRow) -> AppResult<HelpView> {
    let task_title = task_store::find_task(c, &row.task_id)?.map(|t| t.title).unwrap_or_default();
    let department_name =
        org_store::department_names(c, &[row.department_id.as_str()])?.remove(&row.department_id).unwrap_or_default();
    let mut ids: Vec<&str> = vec![&row.requester_id, &row.assignee_id];
    ids.extend(row.answered_by.as_deref());
    ids.extend(row.escalated_to.as_deref());
    let names = org_store::user_names(c, &ids)?;
    let rules = super::reminders::rules();
    let (escalates_at, fallback_years) = if row.status == HelpStatus::Open {
        let at = cal.add(row.created_at, rules.help_minutes, rules.help_clock);
        let years = if rules.help_clock == super::workdays::ClockKind::Working {
            cal.unscheduled_years(now().min(at), at)
        } else {
            Vec::new()
        };
        (Some(at), years)
    } else {
        (None, Vec::new())
    };
    Ok(HelpView { row, escalates_at, fallback_years, task_title, department_name, names })
}

/// Asks the head of `department_id` for help on a task the requester can see. The head is added
/// to the task's participants so the link works for them.
pub fn create(c: &mut DbConn, actor_id: &str, task_id: &str, department_id: &str, what: &str) -> AppResult<HelpView> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = load_for(c, &actor, task_id, TaskAction::View)?;
    if rel.is_archived {
        return Err(AppError::forbidden("the task is archived and read-only"));
    }
    let what = what.trim();
    if what.is_empty() || what.chars().count() > 2000 {
        return Err(AppError::field("what", "length", "say what you need in 1–2000 characters"));
    }
    if task_store::active_department_ids(c, &[department_id.to_owned()])?.is_empty() {
        return Err(AppError::field("department_id", "not_found", "unknown or inactive department"));
    }
    let heads: Vec<String> = org_store::heads_of(c, &[department_id])?
        .remove(department_id)
        .unwrap_or_default()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let head = task_store::active_user_ids(c, &heads)?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::field("department_id", "no_recipients", "the department has no head to ask"))?;
    task_store::add_participants(c, &task.id, &[(head.clone(), ParticipantReason::HelpRequest)])?;
    let at = now();
    let row = HelpRow {
        id: new_id(),
        task_id: task.id.clone(),
        requester_id: actor.id.clone(),
        department_id: department_id.to_owned(),
        assignee_id: head.clone(),
        what: what.to_owned(),
        status: HelpStatus::Open,
        answer: None,
        answered_by: None,
        answered_at: None,
        escalated_to: None,
        escalated_at: None,
        created_at: at,
    };
    store::insert_help(c, &row)?;
    let journal = Journal::new(&actor, at);
    journal.record(c, &task.id, HistoryField::HelpRequested, None, Some(what.to_owned()))?;
    journal.emit_with(
        c,
        EventKind::HelpRequested,
        &task,
        vec![head],
        None,
        Some(what),
        json!({"help_request_id": row.id}),
    )?;
    let cal = super::work_calendar::calendar(c)?;
    view(c, &cal, row)
}

/// Answers a request (the head asked, whoever it escalated to, or an administrator).
pub fn answer(c: &mut DbConn, actor_id: &str, id: &str, text: &str) -> AppResult<HelpView> {
    let actor = Actor::load(c, actor_id)?;
    let mut row = store::find_help(c, id)?.ok_or_else(|| AppError::not_found("help request"))?;
    let involved =
        row.requester_id == actor.id || row.assignee_id == actor.id || row.escalated_to.as_deref() == Some(&actor.id);
    if !involved && actor.role != Role::Admin {
        return Err(AppError::not_found("help request"));
    }
    if row.assignee_id != actor.id && row.escalated_to.as_deref() != Some(&actor.id) && actor.role != Role::Admin {
        return Err(AppError::forbidden("the department head asked (or whoever it escalated to) answers"));
    }
    if row.status == HelpStatus::Answered {
        return Err(AppError::conflict("the request was answered already"));
    }
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 2000 {
        return Err(AppError::field("answer", "length", "an answer of 1–2000 characters"));
    }
    let at = now();
    row.status = HelpStatus::Answered;
    row.answer = Some(text.to_owned());
    row.answered_by = Some(actor.id.clone());
    row.answered_at = Some(at);
    store::update_help(c, &row)?;
    if let Some(task) = task_store::find_task(c, &row.task_id)? {
        let journal = Journal::new(&actor, at);
        journal.emit_with(
            c,
            EventKind::HelpAnswered,
            &task,
            vec![row.requester_id.clone()],
            None,
            Some(text),
            json!({"help_request_id": row.id}),
        )?;
    }
    let cal = super::work_calendar::calendar(c)?;
    view(c, &cal, row)
}

/// The requests the actor sent (`sent`), received, or both.
pub fn list(c: &mut DbConn, actor_id: &str, sent: bool, received: bool) -> AppResult<Vec<HelpView>> {
    Actor::load(c, actor_id)?;
    let cal = super::work_calendar::calendar(c)?;
    store::help_of(c, actor_id, sent, received)?.into_iter().map(|r| view(c, &cal, r)).collect()
}

/// Escalates open requests unanswered past the rule's time to the head's supervisor.
pub(crate) fn escalate_due(
    c: &mut DbConn,
    cal: &WorkCalendar,
    rules: &Rules,
    now: NaiveDateTime,
    fired: &mut Fired,
) -> AppResult<()> {
    for mut row in store::open_help(c)? {
        if now < cal.add(row.created_at, rules.help_minutes, rules.help_clock) {
            continue;
        }
        let Some(task) = task_store::find_task(c, &row.task_id)? else { continue };
        let supervisor = org_store::supervisor_of(c, &row.assignee_id)?;
        let key = format!("help:{}", row.id);
        let (task_id, to) = (task.id.clone(), supervisor.clone());
        once(c, fired, &key, ReminderRule::HelpEscalation, Some(&task_id), to.as_deref(), now, |c| {
            row.status = HelpStatus::Escalated;
            row.escalated_to.clone_from(&supervisor);
            row.escalated_at = Some(now);
            store::update_help(c, &row)?;
            if let Some(s) = &supervisor {
                task_store::add_participants(c, &task.id, &[(s.clone(), ParticipantReason::HelpRequest)])?;
            }
            let mut people: Vec<String> = supervisor.into_iter().collect();
            people.push(row.requester_id.clone());
            people.push(row.assignee_id.clone());
            emit_system(c, EventKind::HelpEscalated, Some(&task), people, json!({"to": row.what, "strong": true}), now)
        })?;
    }
    Ok(())
}
