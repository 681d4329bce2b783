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

use crate::values::ApprovalMode;

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

pub(crate) fn parse_steps(json: &str) -> Vec<ResolvedStep> {
    serde_json::from_str(json).unwrap_or_default()
}
