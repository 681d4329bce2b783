//! Storage of the reminder engine: calendar days, the fire ledger, and the candidates each rule
//! looks at.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};

use super::schema::{calendar_days, notifications, reminder_fires, task_milestones, tasks};
use super::tasks::TaskRow;
use super::DbConn;
use crate::error::AppResult;

/// Statuses in which a task still waits for someone.
pub const OPEN: [&str; 3] = ["published", "in_progress", "pending_review"];

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_days)]
pub struct CalendarDayRow {
    pub day: String,
    pub working: bool,
    pub name: String,
}

pub fn calendar_days(c: &mut DbConn, from: &str, to: &str) -> AppResult<Vec<CalendarDayRow>> {
    Ok(calendar_days::table
        .filter(calendar_days::day.ge(from))
        .filter(calendar_days::day.le(to))
        .order(calendar_days::day.asc())
        .select(CalendarDayRow::as_select())
        .load(c)?)
}

pub fn all_calendar_days(c: &mut DbConn) -> AppResult<Vec<CalendarDayRow>> {
    Ok(calendar_days::table.order(calendar_days::day.asc()).select(CalendarDayRow::as_select()).load(c)?)
}

pub fn set_calendar_day(c: &mut DbConn, row: &CalendarDayRow) -> AppResult<()> {
    diesel::delete(calendar_days::table.find(&row.day)).execute(c)?;
    diesel::insert_into(calendar_days::table).values(row).execute(c)?;
    Ok(())
}

pub fn delete_calendar_day(c: &mut DbConn, day: &str) -> AppResult<bool> {
    Ok(diesel::delete(calendar_days::table.find(day)).execute(c)? > 0)
}

/// Records that a reminder fired; false when its key already fired (here or in another process).
pub fn fire(
    c: &mut DbConn,
    key: &str,
    rule: &str,
    task_id: Option<&str>,
    user_id: Option<&str>,
    at: NaiveDateTime,
) -> AppResult<bool> {
    let n = match c {
        DbConn::Pg(pg) => diesel::sql_query(
            "INSERT INTO reminder_fires (key, rule, task_id, user_id, fired_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind::<Text, _>(key)
        .bind::<Text, _>(rule)
        .bind::<Nullable<Text>, _>(task_id)
        .bind::<Nullable<Text>, _>(user_id)
        .bind::<Timestamp, _>(at)
        .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::sql_query(
            "INSERT INTO reminder_fires (key, rule, task_id, user_id, fired_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind::<Text, _>(key)
        .bind::<Text, _>(rule)
        .bind::<Nullable<Text>, _>(task_id)
        .bind::<Nullable<Text>, _>(user_id)
        .bind::<Timestamp, _>(at)
        .execute(lite)?,
    };
    Ok(n == 1)
}

/// Keys of these rules fired since `since` (to skip them without a write).
pub fn fired_keys(
    c: &mut DbConn,
    rules: &[&str],
    since: NaiveDateTime,
) -> AppResult<std::collections::HashSet<String>> {
    Ok(reminder_fires::table
        .filter(reminder_fires::rule.eq_any(rules))
        .filter(reminder_fires::fired_at.ge(since))
        .select(reminder_fires::key)
        .load::<String>(c)?
        .into_iter()
        .collect())
}

pub fn fired(c: &mut DbConn, key: &str) -> AppResult<Option<NaiveDateTime>> {
    Ok(reminder_fires::table.find(key).select(reminder_fires::fired_at).first(c).optional()?)
}

/// A notification waiting for its acknowledgement.
#[derive(Debug, Clone, Queryable)]
pub struct Unacknowledged {
    pub id: String,
    pub user_id: String,
    pub task_id: Option<String>,
    pub kind: String,
    pub created_at: NaiveDateTime,
}

/// Unacknowledged notifications of these kinds created after `since`.
pub fn unacknowledged(c: &mut DbConn, kinds: &[&str], since: NaiveDateTime) -> AppResult<Vec<Unacknowledged>> {
    Ok(notifications::table
        .filter(notifications::kind.eq_any(kinds))
        .filter(notifications::acked_at.is_null())
        .filter(notifications::created_at.ge(since))
        .order((notifications::created_at.asc(), notifications::id.asc()))
        .select((
            notifications::id,
            notifications::user_id,
            notifications::task_id,
            notifications::kind,
            notifications::created_at,
        ))
        .load(c)?)
}

/// Whether the user acknowledged any notification of these kinds about the task.
pub fn acknowledged(c: &mut DbConn, task_id: &str, user_id: &str, kinds: &[&str]) -> AppResult<Option<NaiveDateTime>> {
    Ok(notifications::table
        .filter(notifications::task_id.eq(task_id))
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::kind.eq_any(kinds))
        .filter(notifications::acked_at.is_not_null())
        .select(diesel::dsl::min(notifications::acked_at))
        .first::<Option<NaiveDateTime>>(c)?)
}

/// Emergencies still waiting in `published` (nobody started them), not deleted.
pub fn published_emergencies(c: &mut DbConn) -> AppResult<Vec<TaskRow>> {
    Ok(tasks::table
        .filter(tasks::deleted_at.is_null())
        .filter(tasks::status.eq("published"))
        .filter(tasks::scenario.eq("emergency"))
        .filter(tasks::published_at.is_not_null())
        .order((tasks::published_at.asc(), tasks::id.asc()))
        .select(TaskRow::as_select())
        .load(c)?)
}

/// Open tasks due before `before`.
pub fn open_tasks_due_before(c: &mut DbConn, before: NaiveDateTime) -> AppResult<Vec<TaskRow>> {
    Ok(tasks::table
        .filter(tasks::deleted_at.is_null())
        .filter(tasks::status.eq_any(OPEN))
        .filter(tasks::published_at.is_not_null())
        .filter(tasks::due_at.lt(before))
        .order((tasks::due_at.asc(), tasks::id.asc()))
        .select(TaskRow::as_select())
        .load(c)?)
}

/// Milestones not done, due before `before`, of open tasks: (milestone id, name, due, task).
pub fn open_milestones_due_before(
    c: &mut DbConn,
    before: NaiveDateTime,
) -> AppResult<Vec<(String, String, NaiveDateTime, TaskRow)>> {
    let rows: Vec<(String, String, NaiveDateTime, TaskRow)> = task_milestones::table
        .inner_join(tasks::table.on(tasks::id.eq(task_milestones::task_id)))
        .filter(task_milestones::done_at.is_null())
        .filter(task_milestones::due_at.lt(before))
        .filter(tasks::deleted_at.is_null())
        .filter(tasks::status.eq_any(OPEN))
        .filter(tasks::published_at.is_not_null())
        .order((task_milestones::due_at.asc(), task_milestones::id.asc()))
        .select((task_milestones::id, task_milestones::name, task_milestones::due_at, TaskRow::as_select()))
        .load(c)?;
    Ok(rows)
}

/// Open high-priority or emergency tasks whose owner has an unacknowledged assignment notice
/// about them (and did not create the task themselves).
pub fn unacknowledged_urgent_assignments(c: &mut DbConn) -> AppResult<Vec<TaskRow>> {
    let ids: Vec<String> = notifications::table
        .inner_join(tasks::table.on(tasks::id.nullable().eq(notifications::task_id)))
        .filter(notifications::kind.eq("task_assigned"))
        .filter(notifications::acked_at.is_null())
        .filter(notifications::user_id.eq(tasks::owner_id))
        .filter(tasks::owner_id.ne(tasks::created_by))
        .filter(tasks::deleted_at.is_null())
        .filter(tasks::status.eq_any(OPEN))
        .filter(tasks::priority.eq("high").or(tasks::scenario.eq("emergency")))
        .select(tasks::id)
        .distinct()
        .load(c)?;
    Ok(tasks::table.filter(tasks::id.eq_any(&ids)).select(TaskRow::as_select()).load(c)?)
}
