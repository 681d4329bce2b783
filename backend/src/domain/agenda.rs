//! A person's agenda (日程) beyond meetings: the deadlines and the milestones still to reach of
//! the open tasks they own or are named on, in a window of time, by when they fall due.

use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

use super::tasks::reads_title;
use super::Actor;
use crate::db::tasks::{self as store, TaskRow};
use crate::db::DbConn;
use crate::error::AppResult;

/// What falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgendaKind {
    /// The task's deadline.
    Deadline,
    /// A milestone of the task, not yet reached.
    Milestone,
}

/// One thing that falls due.
#[derive(Debug, Clone)]
pub struct AgendaItem {
    pub kind: AgendaKind,
    pub at: NaiveDateTime,
    pub task: TaskRow,
    /// The milestone's name (for [`AgendaKind::Milestone`]).
    pub milestone: Option<String>,
}

/// What falls due in `[from, to)` for the caller, by time (deadlines before milestones at the
/// same moment); only tasks the caller may read, at most 500 of each kind.
pub fn due(c: &mut DbConn, actor_id: &str, from: NaiveDateTime, to: NaiveDateTime) -> AppResult<Vec<AgendaItem>> {
    let actor = Actor::load(c, actor_id)?;
    let mut out = Vec::new();
    for task in store::due_for(c, &actor.id, from, to)? {
        if reads_title(c, &actor, &task)? {
            out.push(AgendaItem { kind: AgendaKind::Deadline, at: task.due_at, task, milestone: None });
        }
    }
    for (m, task) in store::milestones_due_for(c, &actor.id, from, to)? {
        if reads_title(c, &actor, &task)? {
            out.push(AgendaItem { kind: AgendaKind::Milestone, at: m.due_at, task, milestone: Some(m.name) });
        }
    }
    out.sort_by_key(|a| (a.at, a.kind == AgendaKind::Milestone));
    Ok(out)
}
