//! Approval steps past their SLA (per flow, on the working calendar): the approver is reminded
//! once the SLA has passed, and after twice the SLA the approver's supervisor is told (they take
//! part in the task from then on). Both moments are set when the approver is asked (`due_at`,
//! `escalate_at`); each is told once (`overdue_sent_at`, `escalated_at`, and the reminder
//! engine's ledger when several processes tick), so a tick reads only what is due and untold.

use chrono::NaiveDateTime;
use serde_json::json;

use super::parse_steps;
use crate::db::approvals::{self as store, AssignmentRow};
use crate::db::orgs as org_store;
use crate::db::tasks as task_store;
use crate::db::DbConn;
use crate::domain::journal::{emit_system, rfc3339};
use crate::domain::reminders::{once, Fired};
use crate::error::AppResult;
use crate::values::{EventKind, ParticipantReason, ReminderRule};

/// At most this many of each are told per tick (oldest first); the rest on the next ticks.
const BATCH: i64 = 500;

fn step_name(c: &mut DbConn, a: &AssignmentRow) -> AppResult<Option<String>> {
    let Some(sub) = store::find_submission(c, &a.submission_id)? else { return Ok(None) };
    Ok(parse_steps(&sub.steps)?.into_iter().nth(usize::try_from(a.step).unwrap_or(usize::MAX)).map(|s| s.name))
}

pub(crate) fn remind_due(c: &mut DbConn, now: NaiveDateTime, fired: &mut Fired) -> AppResult<()> {
    for mut a in store::overdue_untold(c, now, BATCH)? {
        let Some(task) = task_store::find_task(c, &a.task_id)? else { continue };
        let extra = json!({"to": step_name(c, &a)?, "submission_id": a.submission_id,
            "due_at": a.due_at.map(rfc3339)});
        let key = format!("approval_overdue:{}", a.id);
        let approver = a.approver_id.clone();
        once(c, fired, &key, ReminderRule::ApprovalOverdue, Some(&task.id), Some(&approver), now, |c| {
            emit_system(c, EventKind::ApprovalOverdue, Some(&task), vec![approver.clone()], extra, now)
        })?;
        a.overdue_sent_at = Some(now);
        store::update_assignment(c, &a)?;
    }
    for mut a in store::escalation_due(c, now, BATCH)? {
        let Some(task) = task_store::find_task(c, &a.task_id)? else { continue };
        let supervisor = org_store::supervisor_of(c, &a.approver_id)?;
        let extra = json!({"to": step_name(c, &a)?, "submission_id": a.submission_id, "strong": true,
            "approver_id": a.approver_id, "due_at": a.due_at.map(rfc3339)});
        let key = format!("approval_escalation:{}", a.id);
        let approver = a.approver_id.clone();
        once(c, fired, &key, ReminderRule::ApprovalEscalation, Some(&task.id), supervisor.as_deref(), now, |c| {
            if let Some(s) = &supervisor {
                task_store::add_participants(c, &task.id, &[(s.clone(), ParticipantReason::Escalation)])?;
            }
            let mut people: Vec<String> = supervisor.iter().cloned().collect();
            people.push(approver);
            emit_system(c, EventKind::ApprovalEscalated, Some(&task), people, extra, now)
        })?;
        a.escalated_at = Some(now);
        // The reminder, if a slow tick had not sent it yet, is not sent after the escalation.
        a.overdue_sent_at.get_or_insert(now);
        store::update_assignment(c, &a)?;
    }
    Ok(())
}
