//! Resource requests (资源申请) and their approval flows (审批流): administrators define flows;
//! a resource-request task carries a request form; submitting resolves the first flow that
//! matches into steps of people; approvers approve, reject, return, transfer or add approvers;
//! the initiator withdraws, nudges, edits and resubmits; every submission is kept.
//!
//! - [`flows`]: the flows and their rules (who approves, conditions).
//! - [`form`]: the request form and its validation (amounts are exact decimals).
//! - [`request`]: saving the form, submitting, withdrawing, nudging, reading a request.
//! - [`decide`]: the approvers' actions and how a submission advances.
//! - [`boxes`]: 待我审批 / 我已处理 / 我发起的 / 抄送我的.
//! - [`sla`]: reminders and escalation of steps past their SLA (the reminder engine's tick).

pub mod boxes;
pub mod decide;
pub mod flows;
pub mod form;
pub mod request;
pub mod sla;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use chrono::NaiveDateTime;

use crate::db::approvals::AssignmentRow;
use crate::domain::workdays::{ClockKind, WorkCalendar};
use crate::error::{AppError, AppResult};
use crate::values::{ApprovalMode, AssignmentState};

/// A step as resolved when a request is submitted: the snapshot that later edits of the flow
/// do not move.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ResolvedStep {
    pub name: String,
    pub mode: ApprovalMode,
    pub approver_ids: Vec<String>,
    pub cc_ids: Vec<String>,
    pub sla_minutes: i64,
}

/// A submission's steps as stored; unreadable ones are an error, never an empty list.
pub(crate) fn parse_steps(json: &str) -> AppResult<Vec<ResolvedStep>> {
    serde_json::from_str(json).map_err(AppError::internal)
}

/// Makes an assignment wait on its approver from `at`: its SLA (`sla_minutes` of working time on
/// the calendar) passes at `due_at`, and it goes to their supervisor at twice that.
pub(crate) fn ask_from(row: &mut AssignmentRow, cal: &WorkCalendar, at: NaiveDateTime, sla_minutes: i64) {
    row.state = AssignmentState::Pending;
    row.activated_at = Some(at);
    row.due_at = Some(cal.add(at, sla_minutes, ClockKind::Working));
    row.escalate_at = Some(cal.add(at, sla_minutes.saturating_mul(2), ClockKind::Working));
    row.overdue_sent_at = None;
    row.escalated_at = None;
}

/// Whether an approver has decided on a submission (approved, rejected or returned by hand): from
/// then on the initiator can no longer withdraw it. A transfer is not a decision.
pub(crate) fn someone_decided(rows: &[AssignmentRow]) -> bool {
    rows.iter().any(|a| a.acted_at.is_some() && !a.automatic && a.state != AssignmentState::Transferred)
}

/// The SLA of step `step` of resolved steps (a working day when the step is unknown).
pub(crate) fn sla_of(steps: &[ResolvedStep], step: i32) -> i64 {
    usize::try_from(step).ok().and_then(|i| steps.get(i)).map_or(flows::WORKING_DAY_MINUTES, |s| s.sla_minutes)
}
