//! In-app notifications: the outbox fan-out that creates them, and the inbox that reads them.

use chrono::NaiveDateTime;
use serde_json::Value;

use super::delivery::Channels;
use super::paging::stamp;
use super::tasks::user_sees;
use super::texts::Audience;
use super::Actor;
use crate::db::orgs as org_store;
use crate::db::outbox::{self as store, NotificationFilter, NotificationRow};
use crate::db::tasks as task_store;
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult};

/// Turns pending domain events into one notification per recipient, and into delivery jobs for
/// the other channels. Idempotent: an event that was already fanned out to a user is skipped.
/// Returns how many events were processed.
pub fn dispatch_pending(c: &mut DbConn, batch: i64, channels: &Channels) -> AppResult<usize> {
    let events = store::claim_pending(c, batch)?;
    if events.is_empty() {
        return Ok(0);
    }
    let at = now();
    for e in &events {
        let payload: Value = serde_json::from_str(&e.payload).map_err(AppError::internal)?;
        let recipients: Vec<String> = payload["recipients"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        let task = match &e.task_id {
            Some(id) => task_store::find_task(c, id)?,
            None => None,
        };
        let mut notified = Vec::new();
        for user in recipients {
            // Nobody hears of a task they may not see (a confidential one, or one that changed
            // hands since the event).
            if let Some(task) = &task {
                if !user_sees(c, &user, task)? {
                    continue;
                }
            }
            let id = new_id();
            let inserted = store::insert_notification(
                c,
                &NotificationRow {
                    id: id.clone(),
                    user_id: user.clone(),
                    event_id: e.id.clone(),
                    kind: e.kind,
                    task_id: e.task_id.clone(),
                    actor_id: e.actor_id.clone(),
                    payload: e.payload.clone(),
                    created_at: e.created_at,
                    read_at: None,
                    acked_at: None,
                },
            )?;
            if inserted {
                super::live::notified(c, &user, &id, e.kind)?;
                notified.push(user);
            }
        }
        super::delivery::fan_out(c, channels, e, task.as_ref(), &notified)?;
    }
    let ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
    store::mark_processed(c, &ids, at)?;
    Ok(events.len())
}

/// Removes the notifications about these tasks from the inboxes of people who can no longer see
/// them (after a task became confidential or lost a department, collaborator or owner), so no
/// list or count shows what its reader may not see.
pub(crate) fn forget_unseen(c: &mut DbConn, task_ids: &[String]) -> AppResult<()> {
    for task_id in task_ids {
        let Some(task) = task_store::find_task(c, task_id)? else { continue };
        for user in store::notified_users(c, task_id)? {
            if !user_sees(c, &user, &task)? {
                store::delete_notifications_of(c, task_id, &user)?;
            }
        }
    }
    Ok(())
}

/// A notification as the reader sees it.
#[derive(Debug, Clone)]
pub struct NotificationView {
    pub row: NotificationRow,
    pub actor_name: Option<String>,
    pub task_title: Option<String>,
    pub title: String,
}

pub struct Inbox {
    pub items: Vec<NotificationView>,
    pub next: Option<(String, String)>,
    pub total: i64,
    pub unread: i64,
}

pub fn list(
    c: &mut DbConn,
    actor_id: &str,
    filter: &NotificationFilter,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Inbox> {
    Actor::load(c, actor_id)?;
    let me = org_store::find_user(c, actor_id)?.ok_or_else(|| AppError::not_found("user"))?;
    let audience = Audience::new(me.locale, &me.time_zone);
    let mut rows =
        store::list_notifications(c, actor_id, filter, before.as_ref().map(|(t, i)| (*t, i.as_str())), limit + 1)?;
    let next = super::paging::cut_page(&mut rows, limit, |r| (stamp(r.created_at), r.id.clone()));
    let actor_ids: Vec<&str> = rows.iter().filter_map(|r| r.actor_id.as_deref()).collect();
    let names = org_store::user_names(c, &actor_ids)?;
    let items = rows
        .into_iter()
        .map(|row| {
            let payload: Value = serde_json::from_str(&row.payload).unwrap_or(Value::Null);
            let actor_name = row.actor_id.as_ref().and_then(|a| names.get(a).cloned());
            let task_title = payload["title"].as_str().map(str::to_owned);
            let title = audience.notification(
                row.kind,
                actor_name.as_deref().unwrap_or(""),
                task_title.as_deref().unwrap_or(""),
                payload["from"].as_str(),
                payload["to"].as_str(),
            );
            NotificationView { row, actor_name, task_title, title }
        })
        .collect();
    Ok(Inbox {
        items,
        next,
        total: store::count_notifications(c, actor_id, filter)?,
        unread: store::unread_count(c, actor_id)?,
    })
}

pub fn mark_read(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<()> {
    Actor::load(c, actor_id)?;
    if store::mark_read(c, actor_id, id, now())? {
        Ok(())
    } else {
        Err(AppError::not_found("notification"))
    }
}

/// "已确认": the reader confirms they saw a notification and act on it. The time of the first
/// acknowledgement is kept; it is what response-time rules and reports measure.
pub fn acknowledge(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<()> {
    Actor::load(c, actor_id)?;
    if store::acknowledge(c, actor_id, id, now())? {
        Ok(())
    } else {
        Err(AppError::not_found("notification"))
    }
}

pub fn mark_all_read(c: &mut DbConn, actor_id: &str) -> AppResult<usize> {
    Actor::load(c, actor_id)?;
    store::mark_all_read(c, actor_id, now())
}
