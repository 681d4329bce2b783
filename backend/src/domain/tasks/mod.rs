//! Cross-department tasks: the four scenarios, subtasks, the status workflow, progress,
//! history and domain events. One file per use case: [`create`], [`read`] (page, lists,
//! history), [`change`] (workflow, fields, progress, publish, delete); [`access`] is who may see
//! and do what, [`validate`] the form checks create and change share.

mod access;
mod change;
mod create;
mod read;
pub mod responses;
mod validate;

use chrono::NaiveDateTime;

use crate::db::tasks::{MilestoneRow, ProgressRow, TaskRow};

pub use crate::values::{DependencyKind, Priority, Scenario, Status, TaskVisibility};

pub use self::access::*;
pub use self::change::*;
pub use self::create::*;
pub use self::read::*;
use self::validate::*;

// ---------------------------------------------------------------- inputs

#[derive(Debug, Clone)]
pub struct MilestoneInput {
    pub name: String,
    pub due_at: NaiveDateTime,
    pub done_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewTask {
    pub scenario: Scenario,
    pub template: Option<String>,
    pub title: String,
    pub goal: String,
    pub initiating_department_id: Option<String>,
    pub department_ids: Vec<String>,
    pub owner_id: String,
    pub collaborator_ids: Vec<String>,
    pub priority: Option<Priority>,
    pub start_at: Option<NaiveDateTime>,
    pub due_at: NaiveDateTime,
    pub milestones: Vec<MilestoneInput>,
    pub resources: String,
    pub risks: String,
    pub visibility: TaskVisibility,
}

/// Changes to a task; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct TaskPatch {
    pub title: Option<String>,
    pub goal: Option<String>,
    pub initiating_department_id: Option<Option<String>>,
    pub department_ids: Option<Vec<String>>,
    pub owner_id: Option<String>,
    pub collaborator_ids: Option<Vec<String>>,
    pub priority: Option<Priority>,
    pub status: Option<Status>,
    pub percent: Option<i32>,
    pub start_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    pub milestones: Option<Vec<MilestoneInput>>,
    pub resources: Option<String>,
    pub risks: Option<String>,
    pub visibility: Option<TaskVisibility>,
    /// Starts a task that still waits for predecessors; the reason goes into the history.
    pub force_reason: Option<String>,
}

// ---------------------------------------------------------------- views

/// A task as lists show it.
#[derive(Debug, Clone)]
pub struct TaskSummary {
    pub task: TaskRow,
    pub owner_name: String,
    pub initiating_department_name: Option<String>,
    pub departments: Vec<(String, String)>,
    pub subtask_count: i64,
    pub open_subtask_count: i64,
    /// Open and past its deadline at the time it was read.
    pub is_overdue: bool,
}

/// What the caller may do with a task (so the UI shows only what works).
#[derive(Debug, Clone, Copy, Default)]
pub struct Capabilities {
    pub edit: bool,
    pub update_progress: bool,
    pub split: bool,
    pub delete: bool,
}

/// A task with everything its page shows.
#[derive(Debug, Clone)]
pub struct TaskDetail {
    pub summary: TaskSummary,
    /// What this task waits for, and who waits for it.
    pub predecessors: Vec<super::dependencies::DependencyView>,
    pub successors: Vec<super::dependencies::DependencyView>,
    /// Not started and some predecessor holds it back (等待前置任务).
    pub is_blocked: bool,
    /// The computed schedule, when the task's tree has dependencies.
    pub schedule: Option<crate::db::schedule::ScheduleRow>,
    pub collaborators: Vec<(String, String)>,
    pub created_by_name: String,
    pub milestones: Vec<MilestoneRow>,
    pub subtasks: Vec<TaskSummary>,
    pub progress: Vec<(ProgressRow, String)>,
    pub capabilities: Capabilities,
    pub allowed_transitions: Vec<Status>,
    /// The SLA clocks: the emergency countdown, and where they count Monday to Friday only.
    pub sla: super::reminders::Sla,
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn workflow_has_no_way_out_of_archived_or_cancelled() {
        assert!(Status::Archived.allowed_next().is_empty());
        assert!(Status::Cancelled.allowed_next().is_empty());
        for s in Status::iter() {
            assert!(!s.allowed_next().contains(&s), "{s:?} loops to itself");
            assert!(!s.allowed_next().contains(&Status::Draft), "nothing goes back to draft");
        }
        assert_eq!(Status::OPEN.len(), Status::iter().filter(|s| s.is_open()).count());
    }

    #[test]
    fn priorities_sort_high_first() {
        assert!(Priority::High.rank() < Priority::Medium.rank() && Priority::Medium.rank() < Priority::Low.rank());
    }
}
