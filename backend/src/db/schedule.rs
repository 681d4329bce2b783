//! The schedule of a dependency graph: the lean task rows it is computed from, and the stored
//! earliest start/finish and at-risk flag per task.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{task_dependencies, task_schedule, tasks};
use super::DbConn;
use crate::error::AppResult;
use crate::values::{DependencyKind, Status};

/// What the schedule and the graph view need of a task.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tasks)]
pub struct NodeRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub root_id: String,
    pub title: String,
    pub status: Status,
    pub owner_id: String,
    pub percent: i32,
    pub start_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = task_schedule)]
pub struct ScheduleRow {
    pub task_id: String,
    pub root_id: String,
    pub earliest_start: NaiveDateTime,
    pub earliest_finish: NaiveDateTime,
    pub at_risk: bool,
    pub updated_at: NaiveDateTime,
    /// On the tree's critical path (the top-level task itself never is).
    pub critical: bool,
}

/// The live tasks of a top-level task's tree (the root included).
pub fn tree(c: &mut DbConn, root_id: &str) -> AppResult<Vec<NodeRow>> {
    Ok(tasks::table
        .filter(tasks::root_id.eq(root_id))
        .filter(tasks::deleted_at.is_null())
        .order((tasks::depth.asc(), tasks::start_at.asc(), tasks::id.asc()))
        .select(NodeRow::as_select())
        .load(c)?)
}

/// Live tasks by id.
pub fn nodes(c: &mut DbConn, ids: &[String]) -> AppResult<Vec<NodeRow>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        out.extend(
            tasks::table
                .filter(tasks::id.eq_any(chunk))
                .filter(tasks::deleted_at.is_null())
                .select(NodeRow::as_select())
                .load(c)?,
        );
    }
    Ok(out)
}

/// A dependency as the schedule needs it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = task_dependencies)]
pub struct EdgeRow {
    pub id: String,
    pub predecessor_id: String,
    pub successor_id: String,
    pub kind: DependencyKind,
    pub lag_days: i32,
}

/// The dependencies with at least one end in the tree of `root_id`: the edges into its tasks,
/// then those leaving it (two index ranges on the edges' root columns).
pub fn edges_of_tree(c: &mut DbConn, root_id: &str) -> AppResult<Vec<EdgeRow>> {
    let mut edges: Vec<EdgeRow> = task_dependencies::table
        .filter(task_dependencies::successor_root_id.eq(root_id))
        .order(task_dependencies::id.asc())
        .select(EdgeRow::as_select())
        .load(c)?;
    edges.extend(
        task_dependencies::table
            .filter(task_dependencies::predecessor_root_id.eq(root_id))
            .filter(task_dependencies::successor_root_id.ne(root_id))
            .order(task_dependencies::id.asc())
            .select(EdgeRow::as_select())
            .load::<EdgeRow>(c)?,
    );
    Ok(edges)
}

/// The stored schedule of a tree.
pub fn of_root(c: &mut DbConn, root_id: &str) -> AppResult<Vec<ScheduleRow>> {
    Ok(task_schedule::table.filter(task_schedule::root_id.eq(root_id)).select(ScheduleRow::as_select()).load(c)?)
}

/// The stored schedule of some tasks.
pub fn of_tasks(c: &mut DbConn, ids: &[String]) -> AppResult<Vec<ScheduleRow>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        out.extend(
            task_schedule::table
                .filter(task_schedule::task_id.eq_any(chunk))
                .select(ScheduleRow::as_select())
                .load(c)?,
        );
    }
    Ok(out)
}

/// The stored schedule of one task.
pub fn of_task(c: &mut DbConn, id: &str) -> AppResult<Option<ScheduleRow>> {
    Ok(task_schedule::table.find(id).select(ScheduleRow::as_select()).first(c).optional()?)
}

/// Replaces the stored rows of these tasks.
pub fn save(c: &mut DbConn, rows: &[ScheduleRow]) -> AppResult<()> {
    for chunk in rows.chunks(500) {
        let ids: Vec<&str> = chunk.iter().map(|r| r.task_id.as_str()).collect();
        diesel::delete(task_schedule::table.filter(task_schedule::task_id.eq_any(&ids))).execute(c)?;
        // Multi-row inserts need the concrete connection (MultiConnection has no batch insert).
        let insert = diesel::insert_into(task_schedule::table).values(chunk);
        match c {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(())
}

/// Forgets the stored rows of these tasks.
pub fn forget(c: &mut DbConn, ids: &[String]) -> AppResult<()> {
    for chunk in ids.chunks(500) {
        diesel::delete(task_schedule::table.filter(task_schedule::task_id.eq_any(chunk))).execute(c)?;
    }
    Ok(())
}

/// Whether the tree of `root_id` takes part in a dependency graph: it has edges, or a stored
/// schedule left from when it had.
pub fn in_graph(c: &mut DbConn, root_id: &str) -> AppResult<bool> {
    let edges: bool = diesel::select(diesel::dsl::exists(task_dependencies::table.filter(
        task_dependencies::successor_root_id.eq(root_id).or(task_dependencies::predecessor_root_id.eq(root_id)),
    )))
    .get_result(c)?;
    if edges {
        return Ok(true);
    }
    Ok(diesel::select(diesel::dsl::exists(task_schedule::table.filter(task_schedule::root_id.eq(root_id))))
        .get_result(c)?)
}

/// Serializes schedule recalculations until the end of the transaction. A recalculation may
/// move on to the trees that wait for the one it started in, in any order, so per-tree locks
/// could deadlock; one transaction-scoped advisory lock cannot (PostgreSQL; SQLite writers are
/// serialized already). It guards only the schedule: the rows a recalculation writes are its
/// own (`task_schedule`) or appended (history, outbox).
pub fn lock_all(c: &mut DbConn) -> AppResult<()> {
    if let DbConn::Pg(pg) = c {
        // An arbitrary constant key: "TANDEM_S" as ASCII.
        diesel::sql_query("SELECT pg_advisory_xact_lock(6071219827799580499)").execute(pg)?;
    }
    Ok(())
}
