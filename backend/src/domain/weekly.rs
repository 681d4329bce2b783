//! Weekly summaries (本周协作总结): every Friday 17:00 (local) each department head is asked for
//! what was done, open problems and next week's plan, from a draft the platform prefills with the
//! department's week; heads who have not posted by Monday 10:00 are reminded.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::json;

use super::journal::emit_system;
use super::reminders::{once, week_start, weekly_due, Fired};
use super::workdays::WorkCalendar;
use super::{Actor, Role};
use crate::db::help::{self as store, WeeklyRow};
use crate::db::orgs::{self as org_store, DepartmentFilter};
use crate::db::tasks as task_store;
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult};
use crate::values::{EventKind, ReminderRule, Status};

pub struct Draft {
    pub done: String,
    pub problems: String,
    pub next_week: String,
}

fn heads(c: &mut DbConn, department_id: &str) -> AppResult<Vec<String>> {
    let ids: Vec<String> = org_store::heads_of(c, &[department_id])?
        .remove(department_id)
        .unwrap_or_default()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    task_store::active_user_ids(c, &ids)
}

fn parse_week(week: &str) -> AppResult<NaiveDate> {
    let d = NaiveDate::parse_from_str(week, "%Y-%m-%d")
        .map_err(|_| AppError::field("week", "invalid", "a week is given by its Monday, YYYY-MM-DD"))?;
    if week_start(d) != d {
        return Err(AppError::field("week", "invalid", "a week is given by its Monday"));
    }
    Ok(d)
}

/// Reading: the department's people, its heads, administrators. Writing: heads, administrators.
fn access(c: &mut DbConn, actor: &Actor, department_id: &str, write: bool) -> AppResult<()> {
    if org_store::find_department(c, department_id)?.is_none() {
        return Err(AppError::not_found("department"));
    }
    let is_head = heads(c, department_id)?.contains(&actor.id);
    let member = actor.department_id.as_deref() == Some(department_id);
    let admin = actor.role == Role::Admin;
    if admin || is_head || (!write && member) {
        return Ok(());
    }
    if write && member {
        return Err(AppError::forbidden("the department's heads write its weekly summary"));
    }
    Err(AppError::not_found("department"))
}

/// The platform's draft for a department's week, from its tasks the reader may see (a
/// confidential task they are not named on stays out of it).
pub fn draft(
    c: &mut DbConn,
    reader: &Actor,
    cal: &WorkCalendar,
    department_id: &str,
    monday: NaiveDate,
) -> AppResult<Draft> {
    let start = cal.utc(monday.and_time(NaiveTime::MIN));
    let end = start + Duration::days(7);
    let next_end = end + Duration::days(7);
    // Overdue is what was due before now (or before the week's end, for a past week); what is
    // still to come this week belongs to the plan, not the problems.
    let overdue_before = end.min(now());
    let me = org_store::find_user(c, &reader.id)?.ok_or_else(|| AppError::not_found("user"))?;
    let words = super::texts::Audience::new(me.locale, &me.time_zone);
    let (mut done, mut problems, mut next) = (Vec::new(), Vec::new(), Vec::new());
    for t in store::tasks_of_department(c, department_id)? {
        if !super::tasks::reads_title(c, reader, &t)? {
            continue;
        }
        let open = matches!(t.status, Status::Published | Status::InProgress | Status::PendingReview);
        if t.completed_at.is_some_and(|d| d >= start && d < end) {
            done.push(format!("- {}", t.title));
        } else if open && t.due_at < overdue_before {
            problems.push(words.weekly_overdue(&t.title, &cal.local(t.due_at).format("%m-%d").to_string()));
        } else if open && !super::dependencies::waiting_to_start(c, &t.id)?.is_empty() && t.status == Status::Published
        {
            problems.push(words.weekly_waiting(&t.title));
        }
        if open && t.due_at >= overdue_before && t.due_at < next_end {
            next.push(words.weekly_due(&t.title, &cal.local(t.due_at).format("%m-%d").to_string()));
        }
    }
    Ok(Draft { done: done.join("\n"), problems: problems.join("\n"), next_week: next.join("\n") })
}

/// A week's summary (if posted) and the draft.
pub fn get(c: &mut DbConn, actor_id: &str, department_id: &str, week: &str) -> AppResult<(Option<WeeklyRow>, Draft)> {
    let actor = Actor::load(c, actor_id)?;
    access(c, &actor, department_id, false)?;
    let monday = parse_week(week)?;
    let cal = super::work_calendar::calendar(c)?;
    Ok((store::find_weekly(c, department_id, week)?, draft(c, &actor, &cal, department_id, monday)?))
}

pub fn list(c: &mut DbConn, actor_id: &str, department_id: &str) -> AppResult<Vec<WeeklyRow>> {
    let actor = Actor::load(c, actor_id)?;
    access(c, &actor, department_id, false)?;
    store::weeklies_of(c, department_id, 104)
}

/// Posts or updates the week's summary (`expected` is the version when updating).
pub fn save(
    c: &mut DbConn,
    actor_id: &str,
    department_id: &str,
    week: &str,
    expected: Option<i64>,
    (done, problems, next_week): (String, String, String),
) -> AppResult<WeeklyRow> {
    let actor = Actor::load(c, actor_id)?;
    access(c, &actor, department_id, true)?;
    parse_week(week)?;
    for (field, v) in [("done", &done), ("problems", &problems), ("next_week", &next_week)] {
        if v.chars().count() > 10_000 {
            return Err(AppError::field(field, "length", "at most 10000 characters"));
        }
    }
    let at = now();
    match store::find_weekly(c, department_id, week)? {
        Some(mut row) => {
            if expected.is_some_and(|v| v != row.version) {
                return Err(AppError::version_mismatch());
            }
            row.author_id.clone_from(&actor.id);
            (row.done, row.problems, row.next_week, row.updated_at) = (done, problems, next_week, at);
            if !store::update_weekly(c, &row)? {
                return Err(AppError::version_mismatch());
            }
            row.version += 1;
            Ok(row)
        }
        None => {
            let row = WeeklyRow {
                id: new_id(),
                department_id: department_id.to_owned(),
                week_start: week.to_owned(),
                author_id: actor.id.clone(),
                done,
                problems,
                next_week,
                created_at: at,
                updated_at: at,
                version: 1,
            };
            store::insert_weekly(c, &row)?;
            Ok(row)
        }
    }
}

/// Friday 17:00: ask every department's heads; Monday 10:00: remind those who did not post.
pub(crate) fn remind_due(c: &mut DbConn, cal: &WorkCalendar, now: NaiveDateTime, fired: &mut Fired) -> AppResult<()> {
    let local = cal.local(now);
    let monday = week_start(local.date());
    let filter = DepartmentFilter { is_active: Some(true), ..Default::default() };
    let departments = org_store::list_departments(c, &filter, None, 10_000)?;
    let ask = local >= weekly_due(monday);
    let previous = monday - Duration::days(7);
    let remind = local >= monday.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default());
    for d in departments {
        let people = heads(c, &d.id)?;
        if people.is_empty() {
            continue;
        }
        if ask {
            let key = format!("weekly:{}:{monday}", d.id);
            let p = people.clone();
            once(c, fired, &key, ReminderRule::WeeklySummary, None, None, now, |c| {
                emit_system(
                    c,
                    EventKind::WeeklySummaryDue,
                    None,
                    p,
                    json!({"department_id": d.id, "to": monday.to_string()}),
                    now,
                )
            })?;
        }
        // Only weeks whose summary was asked for are chased.
        let asked = crate::db::reminders::fired(c, &format!("weekly:{}:{previous}", d.id))?.is_some();
        if remind && asked && store::find_weekly(c, &d.id, &previous.to_string())?.is_none() {
            let key = format!("weekly_remind:{}:{previous}", d.id);
            once(c, fired, &key, ReminderRule::WeeklySummaryReminder, None, None, now, |c| {
                let detail = json!({"department_id": d.id, "to": previous.to_string()});
                emit_system(c, EventKind::WeeklySummaryReminder, None, people, detail, now)
            })?;
        }
    }
    Ok(())
}
