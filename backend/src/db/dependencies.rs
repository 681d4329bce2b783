//! Dependencies between tasks: the successor waits for the predecessor.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::task_dependencies;
use super::DbConn;
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = task_dependencies)]
pub struct DependencyRow {
    pub id: String,
    pub predecessor_id: String,
    pub successor_id: String,
    pub kind: String,
    pub lag_days: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
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

/// (predecessor, successor) edges leaving any of `from`, for a breadth-first walk.
pub fn edges_from(c: &mut DbConn, from: &[String]) -> AppResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for chunk in from.chunks(500) {
        out.extend(
            task_dependencies::table
                .filter(task_dependencies::predecessor_id.eq_any(chunk))
                .select((task_dependencies::predecessor_id, task_dependencies::successor_id))
                .load::<(String, String)>(c)?,
        );
    }
    Ok(out)
}
