//! Help requests (求助) and weekly summaries (本周协作总结).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{help_requests, weekly_summaries};
use super::DbConn;
use crate::error::AppResult;
use crate::values::HelpStatus;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = help_requests)]
pub struct HelpRow {
    pub id: String,
    pub task_id: String,
    pub requester_id: String,
    pub department_id: String,
    pub assignee_id: String,
    pub what: String,
    pub status: HelpStatus,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub escalated_to: Option<String>,
    pub escalated_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert_help(c: &mut DbConn, row: &HelpRow) -> AppResult<()> {
    diesel::insert_into(help_requests::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_help(c: &mut DbConn, id: &str) -> AppResult<Option<HelpRow>> {
    Ok(help_requests::table.find(id).select(HelpRow::as_select()).first(c).optional()?)
}

pub fn update_help(c: &mut DbConn, row: &HelpRow) -> AppResult<()> {
    diesel::update(help_requests::table.find(&row.id))
        .set((
            help_requests::status.eq(&row.status),
            help_requests::answer.eq(&row.answer),
            help_requests::answered_by.eq(&row.answered_by),
            help_requests::answered_at.eq(row.answered_at),
            help_requests::escalated_to.eq(&row.escalated_to),
            help_requests::escalated_at.eq(row.escalated_at),
        ))
        .execute(c)?;
    Ok(())
}

/// Requests the user sent, received (as the head asked) or had escalated to them, newest first.
pub fn help_of(c: &mut DbConn, user_id: &str, sent: bool, received: bool) -> AppResult<Vec<HelpRow>> {
    let mut q = help_requests::table.into_boxed();
    q = match (sent, received) {
        (true, false) => q.filter(help_requests::requester_id.eq(user_id)),
        (false, true) => q.filter(help_requests::assignee_id.eq(user_id).or(help_requests::escalated_to.eq(user_id))),
        _ => q.filter(
            help_requests::requester_id
                .eq(user_id)
                .or(help_requests::assignee_id.eq(user_id))
                .or(help_requests::escalated_to.eq(user_id)),
        ),
    };
    Ok(q.order((help_requests::created_at.desc(), help_requests::id.desc()))
        .limit(200)
        .select(HelpRow::as_select())
        .load(c)?)
}

pub fn open_help(c: &mut DbConn) -> AppResult<Vec<HelpRow>> {
    Ok(help_requests::table
        .filter(help_requests::status.eq(HelpStatus::Open))
        .order(help_requests::created_at.asc())
        .select(HelpRow::as_select())
        .load(c)?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = weekly_summaries)]
pub struct WeeklyRow {
    pub id: String,
    pub department_id: String,
    pub week_start: String,
    pub author_id: String,
    pub done: String,
    pub problems: String,
    pub next_week: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

pub fn find_weekly(c: &mut DbConn, department_id: &str, week_start: &str) -> AppResult<Option<WeeklyRow>> {
    Ok(weekly_summaries::table
        .filter(weekly_summaries::department_id.eq(department_id))
        .filter(weekly_summaries::week_start.eq(week_start))
        .select(WeeklyRow::as_select())
        .first(c)
        .optional()?)
}

pub fn insert_weekly(c: &mut DbConn, row: &WeeklyRow) -> AppResult<()> {
    diesel::insert_into(weekly_summaries::table).values(row).execute(c)?;
    Ok(())
}

pub fn update_weekly(c: &mut DbConn, row: &WeeklyRow) -> AppResult<bool> {
    let n = diesel::update(
        weekly_summaries::table
            .filter(weekly_summaries::id.eq(&row.id))
            .filter(weekly_summaries::version.eq(row.version)),
    )
    .set((
        weekly_summaries::author_id.eq(&row.author_id),
        weekly_summaries::done.eq(&row.done),
        weekly_summaries::problems.eq(&row.problems),
        weekly_summaries::next_week.eq(&row.next_week),
        weekly_summaries::updated_at.eq(row.updated_at),
        weekly_summaries::version.eq(row.version + 1),
    ))
    .execute(c)?;
    Ok(n == 1)
}

pub fn weeklies_of(c: &mut DbConn, department_id: &str, limit: i64) -> AppResult<Vec<WeeklyRow>> {
    Ok(weekly_summaries::table
        .filter(weekly_summaries::department_id.eq(department_id))
        .order(weekly_summaries::week_start.desc())
        .limit(limit)
        .select(WeeklyRow::as_select())
        .load(c)?)
}

/// Tasks a department takes part in (initiating or collaborating), not deleted.
pub fn tasks_of_department(c: &mut DbConn, department_id: &str) -> AppResult<Vec<super::tasks::TaskRow>> {
    use super::schema::{task_departments, tasks};
    let via: Vec<String> = task_departments::table
        .filter(task_departments::department_id.eq(department_id))
        .select(task_departments::task_id)
        .load(c)?;
    Ok(tasks::table
        .filter(tasks::deleted_at.is_null())
        .filter(tasks::published_at.is_not_null())
        .filter(tasks::id.eq_any(&via).or(tasks::initiating_department_id.eq(department_id)))
        .order((tasks::due_at.asc(), tasks::id.asc()))
        .select(super::tasks::TaskRow::as_select())
        .load(c)?)
}
