//! The case library's SQL: 协作总结, tags, archived top-level tasks, and the facts the summary's
//! figures are derived from.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{task_dependencies, task_history, task_summaries, task_tags, tasks};
use super::tasks::TaskRow;
use super::DbConn;
use crate::error::AppResult;
use crate::values::{DependencyKind, HistoryField, Status};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = task_summaries)]
pub struct SummaryRow {
    pub task_id: String,
    pub outcome: String,
    pub went_well: String,
    pub problems: String,
    pub lessons: String,
    /// JSON of `domain::cases::Figures`.
    pub figures: String,
    pub written_by: String,
    pub written_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Writes the summary of a task, replacing the one it had.
pub fn put_summary(c: &mut DbConn, row: &SummaryRow) -> AppResult<()> {
    diesel::delete(task_summaries::table.find(&row.task_id)).execute(c)?;
    diesel::insert_into(task_summaries::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_summary(c: &mut DbConn, task_id: &str) -> AppResult<Option<SummaryRow>> {
    Ok(task_summaries::table.find(task_id).select(SummaryRow::as_select()).first(c).optional()?)
}

pub fn summaries_of(c: &mut DbConn, task_ids: &[&str]) -> AppResult<HashMap<String, SummaryRow>> {
    let mut out = HashMap::new();
    for chunk in task_ids.chunks(500) {
        let rows: Vec<SummaryRow> = task_summaries::table
            .filter(task_summaries::task_id.eq_any(chunk))
            .select(SummaryRow::as_select())
            .load(c)?;
        out.extend(rows.into_iter().map(|r| (r.task_id.clone(), r)));
    }
    Ok(out)
}

/// The tags of these tasks, each task's in name order.
pub fn tags_of(c: &mut DbConn, task_ids: &[&str]) -> AppResult<HashMap<String, Vec<String>>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in task_ids.chunks(500) {
        let rows: Vec<(String, String)> = task_tags::table
            .filter(task_tags::task_id.eq_any(chunk))
            .order((task_tags::task_id.asc(), task_tags::tag.asc()))
            .select((task_tags::task_id, task_tags::tag))
            .load(c)?;
        for (task, tag) in rows {
            out.entry(task).or_default().push(tag);
        }
    }
    Ok(out)
}

/// Makes `tags` the task's tags: adds the new ones (by `by`, at `at`), removes the others.
pub fn set_tags(c: &mut DbConn, task_id: &str, tags: &[String], by: &str, at: NaiveDateTime) -> AppResult<()> {
    diesel::delete(task_tags::table.filter(task_tags::task_id.eq(task_id)).filter(task_tags::tag.ne_all(tags)))
        .execute(c)?;
    let have: Vec<String> = task_tags::table.filter(task_tags::task_id.eq(task_id)).select(task_tags::tag).load(c)?;
    for tag in tags.iter().filter(|t| !have.contains(t)) {
        diesel::insert_into(task_tags::table)
            .values((
                task_tags::task_id.eq(task_id),
                task_tags::tag.eq(tag),
                task_tags::added_by.eq(by),
                task_tags::added_at.eq(at),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// The cases: live archived top-level tasks, newest archived first.
pub fn archived_roots(c: &mut DbConn) -> AppResult<Vec<TaskRow>> {
    Ok(tasks::table
        .filter(tasks::archived_at.is_not_null())
        .filter(tasks::parent_id.is_null())
        .filter(tasks::deleted_at.is_null())
        .order((tasks::archived_at.desc(), tasks::id.desc()))
        .select(TaskRow::as_select())
        .load(c)?)
}

/// Done top-level tasks marked done at or before `before` (due for the library), oldest first.
pub fn done_roots_before(c: &mut DbConn, before: NaiveDateTime, limit: i64) -> AppResult<Vec<TaskRow>> {
    Ok(tasks::table
        .filter(tasks::status.eq(Status::Done))
        .filter(tasks::parent_id.is_null())
        .filter(tasks::deleted_at.is_null())
        .filter(tasks::completed_at.le(before))
        .order((tasks::completed_at.asc(), tasks::id.asc()))
        .limit(limit)
        .select(TaskRow::as_select())
        .load(c)?)
}

/// Moves these tasks from `from` to `to` (subtasks following their top-level task into or out
/// of the library), bumping their versions.
pub fn move_status(c: &mut DbConn, ids: &[&str], from: Status, to: Status, at: NaiveDateTime) -> AppResult<usize> {
    let mut n = 0;
    for chunk in ids.chunks(500) {
        n += diesel::update(tasks::table.filter(tasks::id.eq_any(chunk)).filter(tasks::status.eq(from)))
            .set((tasks::status.eq(to), tasks::updated_at.eq(at), tasks::version.eq(tasks::version + 1)))
            .execute(c)?;
    }
    Ok(n)
}

/// When each of these tasks first went into `in_progress` (from their history).
pub fn first_started(c: &mut DbConn, task_ids: &[&str]) -> AppResult<HashMap<String, NaiveDateTime>> {
    let mut out = HashMap::new();
    for chunk in task_ids.chunks(500) {
        let rows: Vec<(String, Option<NaiveDateTime>)> = task_history::table
            .filter(task_history::task_id.eq_any(chunk))
            .filter(task_history::field.eq(HistoryField::Status))
            .filter(task_history::new_value.eq(Status::InProgress.as_str()))
            .group_by(task_history::task_id)
            .select((task_history::task_id, diesel::dsl::min(task_history::at)))
            .load(c)?;
        out.extend(rows.into_iter().filter_map(|(id, at)| at.map(|at| (id, at))));
    }
    Ok(out)
}

/// The dependencies between tasks of one tree: (predecessor, successor, kind, lag in days).
pub fn links_within(c: &mut DbConn, root_id: &str) -> AppResult<Vec<(String, String, DependencyKind, i32)>> {
    Ok(task_dependencies::table
        .filter(task_dependencies::predecessor_root_id.eq(root_id))
        .filter(task_dependencies::successor_root_id.eq(root_id))
        .order((task_dependencies::created_at.asc(), task_dependencies::id.asc()))
        .select((
            task_dependencies::predecessor_id,
            task_dependencies::successor_id,
            task_dependencies::kind,
            task_dependencies::lag_days,
        ))
        .load(c)?)
}
