//! Reminders of collections (the reminder engine's tick): those who must hand in and have not
//! are reminded before the deadline (the collection's lead time on the working calendar, one
//! working day by default), at the deadline, and once per working day after it; a working day
//! after the deadline their department's heads (a person's supervisor) are told. Nobody who has
//! handed in is reminded; a submission sent back is open again. Each reminder's key is fired
//! once in the engine's ledger, so several processes send each once.

use chrono::{Duration, NaiveDateTime};
use serde_json::json;

use super::round_label;
use crate::db::collections::{self as store, SubmissionFilter};
use crate::db::orgs as org_store;
use crate::db::tasks as task_store;
use crate::db::DbConn;
use crate::domain::journal::{emit_system, rfc3339};
use crate::domain::reminders::{once, Fired};
use crate::domain::workdays::{ClockKind, WorkCalendar};
use crate::error::AppResult;
use crate::values::{EventKind, ParticipantReason, ReminderRule, Status, SubmissionStatus};

const ROUNDS_PER_BATCH: i64 = 100;
const SUBMISSIONS_PER_BATCH: i64 = 500;
/// Rounds are chased for this long after their deadline.
const CHASE_DAYS: i64 = 31;
/// The longest lead time (10 working days) fits in this many calendar days.
const LEAD_DAYS: i64 = 20;

pub(crate) fn remind_due(c: &mut DbConn, cal: &WorkCalendar, now: NaiveDateTime, fired: &mut Fired) -> AppResult<()> {
    let mut after: Option<(NaiveDateTime, String)> = None;
    loop {
        let rounds = store::open_rounds_due_between(
            c,
            now - Duration::days(CHASE_DAYS),
            now + Duration::days(LEAD_DAYS),
            after.as_ref().map(|(t, i)| (*t, i.as_str())),
            ROUNDS_PER_BATCH,
        )?;
        let done = rounds.len() < usize::try_from(ROUNDS_PER_BATCH).unwrap_or(usize::MAX);
        after = rounds.last().map(|r| (r.due_at, r.id.clone()));
        for round in rounds {
            let Some(task) = task_store::find_task(c, &round.task_id)? else { continue };
            if task.deleted_at.is_some() || !Status::LIVE.contains(&task.status) {
                continue;
            }
            let Some(collection) = store::find_collection(c, &round.collection_id)? else { continue };
            let due = round.due_at;
            let before = now < due;
            if before && cal.minutes_between(now, due, ClockKind::Working) > collection.remind_before_minutes {
                continue;
            }
            if before && collection.remind_before_minutes == 0 {
                continue;
            }
            let label = round_label(&collection.title, &round.period);
            let today = cal.local(now).date();
            let chase_today = today > cal.local(due).date() && cal.is_working_day(today);
            let escalate = now >= cal.add(due, cal.day_minutes(), ClockKind::Working);
            let filter =
                SubmissionFilter { statuses: vec![SubmissionStatus::Pending, SubmissionStatus::Returned], mine: None };
            let mut from: Option<(i32, String)> = None;
            loop {
                let subs = store::submissions_of_round(
                    c,
                    &round.id,
                    &filter,
                    from.as_ref().map(|(p, i)| (*p, i.as_str())),
                    SUBMISSIONS_PER_BATCH,
                )?;
                let last_page = subs.len() < usize::try_from(SUBMISSIONS_PER_BATCH).unwrap_or(usize::MAX);
                from = subs.last().map(|s| (s.position, s.id.clone()));
                let ids: Vec<&str> = subs.iter().map(|s| s.id.as_str()).collect();
                let mut answerers = store::answerers_of(c, &ids)?;
                for sub in &subs {
                    let people = answerers.remove(&sub.id).unwrap_or_default();
                    let detail = json!({"from": label, "to": rfc3339(due), "collection_id": collection.id,
                        "round_id": round.id, "submission_id": sub.id});
                    let mut tell = |c: &mut DbConn, key: String, rule: ReminderRule, kind: EventKind| {
                        let (people, detail) = (people.clone(), detail.clone());
                        once(c, fired, &key, rule, Some(&task.id), None, now, |c| {
                            emit_system(c, kind, Some(&task), people, detail, now)
                        })
                    };
                    if before {
                        tell(
                            c,
                            format!("collect_soon:{}", sub.id),
                            ReminderRule::CollectionDueSoon,
                            EventKind::CollectionDueSoon,
                        )?;
                        continue;
                    }
                    tell(
                        c,
                        format!("collect_due:{}", sub.id),
                        ReminderRule::CollectionDue,
                        EventKind::CollectionOverdue,
                    )?;
                    if chase_today {
                        let key = format!("collect_overdue:{}:{today}", sub.id);
                        tell(c, key, ReminderRule::CollectionOverdue, EventKind::CollectionOverdue)?;
                    }
                    if escalate {
                        let bosses = match (&sub.department_id, &sub.person_id) {
                            (Some(d), _) => {
                                let ids: Vec<String> = org_store::heads_of(c, &[d.as_str()])?
                                    .remove(d)
                                    .unwrap_or_default()
                                    .into_iter()
                                    .map(|(id, _)| id)
                                    .collect();
                                task_store::active_user_ids(c, &ids)?
                            }
                            (_, Some(p)) => org_store::supervisor_of(c, p)?.into_iter().collect(),
                            _ => vec![],
                        };
                        let unit = match (&sub.department_id, &sub.person_id) {
                            (Some(d), _) => org_store::department_names(c, &[d.as_str()])?.remove(d),
                            (_, Some(p)) => org_store::user_names(c, &[p.as_str()])?.remove(p),
                            _ => None,
                        };
                        let detail = json!({"from": label, "to": unit, "due_at": rfc3339(due), "strong": true,
                            "collection_id": collection.id, "round_id": round.id, "submission_id": sub.id});
                        let key = format!("collect_escalation:{}", sub.id);
                        once(c, fired, &key, ReminderRule::CollectionEscalation, Some(&task.id), None, now, |c| {
                            let reasons: Vec<(String, ParticipantReason)> =
                                bosses.iter().map(|b| (b.clone(), ParticipantReason::Escalation)).collect();
                            task_store::add_participants(c, &task.id, &reasons)?;
                            emit_system(c, EventKind::CollectionEscalated, Some(&task), bosses, detail, now)
                        })?;
                    }
                }
                if last_page {
                    break;
                }
            }
        }
        if done {
            return Ok(());
        }
    }
}
