//! Approval steps past their SLA (per flow, on the working calendar): the approver is reminded
//! once the SLA has passed, and after twice the SLA the approver's supervisor is told (they take
//! part in the task from then on). Each fires once per assignment (the reminder engine's ledger).

use chrono::NaiveDateTime;
use serde_json::json;

use super::parse_steps;
use crate::db::approvals as store;
use crate::db::orgs as org_store;
use crate::db::tasks as task_store;
use crate::db::DbConn;
use crate::domain::journal::emit_system;
use crate::domain::reminders::{once, Fired};
use crate::domain::workdays::{ClockKind, WorkCalendar};
use crate::error::AppResult;
use crate::values::{EventKind, ParticipantReason, ReminderRule};

/// At most this many waiting assignments are looked at per tick (oldest first).
const BATCH: i64 = 2000;

pub(crate) fn remind_due(c: &mut DbConn, cal: &WorkCalendar, now: NaiveDateTime, fired: &mut Fired) -> AppResult<()> {
    // The shortest SLA is an hour of working time: nothing that began less than an hour ago is due.
    let candidates = store::pending_since(c, now - chrono::Duration::hours(1), BATCH)?;
    for a in candidates {
        let Some(activated) = a.activated_at else { continue };
        let Some(sub) = store::find_submission(c, &a.submission_id)? else { continue };
        let sla = parse_steps(&sub.steps)
            .get(usize::try_from(a.step).unwrap_or(usize::MAX))
            .map_or(super::flows::WORKING_DAY_MINUTES, |s| s.sla_minutes);
        let due = cal.add(activated, sla, ClockKind::Working);
        if now < due {
            continue;
        }
        let Some(task) = task_store::find_task(c, &a.task_id)? else { continue };
        let step_name =
            parse_steps(&sub.steps).get(usize::try_from(a.step).unwrap_or(usize::MAX)).map(|s| s.name.clone());
        let extra = json!({"to": step_name, "submission_id": sub.id, "due_at": crate::domain::journal::rfc3339(due)});
        let key = format!("approval_overdue:{}", a.id);
        let (approver, task_ref) = (a.approver_id.clone(), &task);
        once(c, fired, &key, ReminderRule::ApprovalOverdue, Some(&task.id), Some(&approver), now, |c| {
            emit_system(c, EventKind::ApprovalOverdue, Some(task_ref), vec![approver.clone()], extra.clone(), now)
        })?;
        if now < cal.add(activated, sla * 2, ClockKind::Working) {
            continue;
        }
        let supervisor = org_store::supervisor_of(c, &a.approver_id)?;
        let key = format!("approval_escalation:{}", a.id);
        once(c, fired, &key, ReminderRule::ApprovalEscalation, Some(&task.id), supervisor.as_deref(), now, |c| {
            if let Some(s) = &supervisor {
                task_store::add_participants(c, &task.id, &[(s.clone(), ParticipantReason::Escalation)])?;
            }
            let mut people: Vec<String> = supervisor.iter().cloned().collect();
            people.push(a.approver_id.clone());
            let mut extra = extra.clone();
            if let Some(p) = extra.as_object_mut() {
                p.insert("strong".into(), json!(true));
                p.insert("approver_id".into(), json!(a.approver_id));
            }
            emit_system(c, EventKind::ApprovalEscalated, Some(&task), people, extra, now)
        })?;
    }
    Ok(())
}
