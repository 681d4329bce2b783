//! Dependencies between tasks: the successor waits for the predecessor.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{task_dependencies, tasks};
use super::DbConn;
use crate::error::AppResult;
use crate::values::DependencyKind;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = task_dependencies)]
pub struct DependencyRow {
    pub id: String,
    pub predecessor_id: String,
    pub successor_id: String,
    pub kind: DependencyKind,
    pub lag_days: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    /// The top-level tasks of both ends.
    pub predecessor_root_id: String,
    pub successor_root_id: String,
}

pub fn insert(c: &mut DbConn, row: &DependencyRow) -> AppResult<()> {
    diesel::insert_into(task_dependencies::table).values(row).execute(c)?;
    Ok(())
}

pub fn find(c: &mut DbConn, id: &str) -> AppResult<Option<DependencyRow>> {
    Ok(task_dependencies::table.find(id).select(DependencyRow::as_select()).first(c).optional()?)
}

pub fn delete(c: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::delete(task_dependencies::table.find(id)).execute(c)?;
    Ok(())
}

pub fn exists(c: &mut DbConn, predecessor_id: &str, successor_id: &str) -> AppResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        task_dependencies::table
            .filter(task_dependencies::predecessor_id.eq(predecessor_id))
            .filter(task_dependencies::successor_id.eq(successor_id)),
    ))
    .get_result(c)?)
}

/// The edges into a task (what it waits for).
pub fn predecessors_of(c: &mut DbConn, task_id: &str) -> AppResult<Vec<DependencyRow>> {
    Ok(task_dependencies::table
        .filter(task_dependencies::successor_id.eq(task_id))
        .order(task_dependencies::created_at.asc())
        .select(DependencyRow::as_select())
        .load(c)?)
}

/// The edges out of a task (who waits for it).
pub fn successors_of(c: &mut DbConn, task_id: &str) -> AppResult<Vec<DependencyRow>> {
    Ok(task_dependencies::table
        .filter(task_dependencies::predecessor_id.eq(task_id))
        .order(task_dependencies::created_at.asc())
        .select(DependencyRow::as_select())
        .load(c)?)
}

/// The links a cycle check follows inside the tree of `root_id`, as (from, to, root of to): the
/// dependencies leaving its tasks and the links from each task to its live subtasks.
pub fn links_of_tree(c: &mut DbConn, root_id: &str) -> AppResult<Vec<(String, String, String)>> {
    let mut out: Vec<(String, String, String)> = task_dependencies::table
        .filter(task_dependencies::predecessor_root_id.eq(root_id))
        .select((
            task_dependencies::predecessor_id,
            task_dependencies::successor_id,
            task_dependencies::successor_root_id,
        ))
        .load(c)?;
    let children: Vec<(Option<String>, String)> = tasks::table
        .filter(tasks::root_id.eq(root_id))
        .filter(tasks::parent_id.is_not_null())
        .filter(tasks::deleted_at.is_null())
        .select((tasks::parent_id, tasks::id))
        .load(c)?;
    out.extend(children.into_iter().filter_map(|(p, id)| p.map(|p| (p, id, root_id.to_owned()))));
    Ok(out)
}
