//! Collaborating departments' answers to a task (接受 / 拒绝), one row per task and department.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{department_responses as dr, tasks};
use super::DbConn;
use crate::error::AppResult;
use crate::values::{ResponseState, Status};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = dr)]
pub struct ResponseRow {
    pub task_id: String,
    pub department_id: String,
    pub state: ResponseState,
    pub asked_at: NaiveDateTime,
    pub responded_by: Option<String>,
    pub responded_at: Option<NaiveDateTime>,
    pub reason: Option<String>,
    pub subtask_id: Option<String>,
}

/// The task's responses, by department id.
pub fn of_task(c: &mut DbConn, task_id: &str) -> AppResult<Vec<ResponseRow>> {
    Ok(dr::table
        .filter(dr::task_id.eq(task_id))
        .order(dr::department_id.asc())
        .select(ResponseRow::as_select())
        .load(c)?)
}

/// One department's response, locked until the end of the transaction, so two heads answering
/// at once queue and the second sees the first's answer.
pub fn find_for_update(c: &mut DbConn, task_id: &str, department_id: &str) -> AppResult<Option<ResponseRow>> {
    match c {
        DbConn::Pg(pg) => {
            diesel::sql_query(
                "SELECT task_id FROM department_responses WHERE task_id = $1 AND department_id = $2 FOR UPDATE",
            )
            .bind::<diesel::sql_types::Text, _>(task_id)
            .bind::<diesel::sql_types::Text, _>(department_id)
            .execute(pg)?;
        }
        // SQLite: write transactions are already serialized (BEGIN IMMEDIATE).
        DbConn::Sqlite(_) => {}
    }
    Ok(dr::table.find((task_id, department_id)).select(ResponseRow::as_select()).first(c).optional()?)
}

/// Asks these departments (pending from `at`); a department asked before keeps its answer.
pub fn ask(c: &mut DbConn, task_id: &str, department_ids: &[String], at: NaiveDateTime) -> AppResult<()> {
    let rows: Vec<ResponseRow> = department_ids
        .iter()
        .map(|d| ResponseRow {
            task_id: task_id.to_owned(),
            department_id: d.clone(),
            state: ResponseState::Pending,
            asked_at: at,
            responded_by: None,
            responded_at: None,
            reason: None,
            subtask_id: None,
        })
        .collect();
    for row in &rows {
        match c {
            DbConn::Pg(pg) => diesel::insert_into(dr::table).values(row).on_conflict_do_nothing().execute(pg)?,
            DbConn::Sqlite(lite) => {
                diesel::insert_into(dr::table).values(row).on_conflict_do_nothing().execute(lite)?
            }
        };
    }
    Ok(())
}

/// Forgets the responses of departments no longer on the task.
pub fn keep_only(c: &mut DbConn, task_id: &str, department_ids: &[String]) -> AppResult<()> {
    diesel::delete(dr::table.filter(dr::task_id.eq(task_id)).filter(dr::department_id.ne_all(department_ids)))
        .execute(c)?;
    Ok(())
}

pub fn update(c: &mut DbConn, row: &ResponseRow) -> AppResult<()> {
    diesel::update(dr::table.find((&row.task_id, &row.department_id)))
        .set((
            dr::state.eq(row.state),
            dr::responded_by.eq(&row.responded_by),
            dr::responded_at.eq(row.responded_at),
            dr::reason.eq(&row.reason),
            dr::subtask_id.eq(&row.subtask_id),
        ))
        .execute(c)?;
    Ok(())
}

/// Pending responses asked between `asked_after` and `asked_before`, of live tasks, oldest first
/// (the reminder rule decides with the working calendar which of them are late).
pub fn pending_between(
    c: &mut DbConn,
    asked_after: NaiveDateTime,
    asked_before: NaiveDateTime,
) -> AppResult<Vec<ResponseRow>> {
    Ok(dr::table
        .inner_join(tasks::table.on(tasks::id.eq(dr::task_id)))
        .filter(dr::state.eq(ResponseState::Pending))
        .filter(dr::asked_at.le(asked_before))
        .filter(dr::asked_at.ge(asked_after))
        .filter(tasks::deleted_at.is_null())
        .filter(tasks::status.eq_any(Status::LIVE))
        .order((dr::asked_at.asc(), dr::task_id.asc()))
        .select(ResponseRow::as_select())
        .load(c)?)
}
