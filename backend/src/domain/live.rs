//! Live updates: what the `/events` stream tells a signed-in user, and who may hear of what.
//!
//! Use cases append events in their own transaction ([`task_changed`], [`notified`]); every
//! server process reads the log in `seq` order and hands each subscriber the events meant for
//! it: its own notifications, and changes to tasks it may see. Events carry ids and a kind, not
//! content: the client re-reads through the permission-checked API.

use std::collections::HashSet;

use chrono::Duration;
use serde_json::json;

use super::permissions::{can_task, TaskAction};
use super::tasks::relation;
use super::Actor;
use crate::db::live::{self as store, LiveRow};
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{now, DbConn};
use crate::error::AppResult;
use crate::values::{EventKind, LiveKind, TaskChange};

/// How long the log keeps events for clients that reconnect with `Last-Event-ID`.
pub const RETENTION: Duration = Duration::hours(24);

/// Something about a task changed.
pub(crate) fn task_changed(
    c: &mut DbConn,
    task: &TaskRow,
    what: TaskChange,
    extra: serde_json::Value,
) -> AppResult<()> {
    let mut payload = json!({"task_id": task.id, "root_id": task.root_id, "what": what});
    if let (Some(p), serde_json::Value::Object(extra)) = (payload.as_object_mut(), extra) {
        p.extend(extra);
    }
    store::append(c, None, Some(&task.id), LiveKind::Task, &payload.to_string(), now())
}

/// `user_id` may no longer see these tasks (removed from them): their open streams forget what
/// they knew of them, and their pages reload.
pub(crate) fn access_lost(c: &mut DbConn, user_id: &str, task_ids: &[String]) -> AppResult<()> {
    let payload = json!({"task_ids": task_ids});
    store::append(c, Some(user_id), None, LiveKind::Access, &payload.to_string(), now())
}

/// A notification landed in a user's inbox.
pub(crate) fn notified(c: &mut DbConn, user_id: &str, notification_id: &str, kind: EventKind) -> AppResult<()> {
    let payload = json!({"notification_id": notification_id, "kind": kind});
    store::append(c, Some(user_id), None, LiveKind::Notification, &payload.to_string(), now())
}

/// Of these tasks, the ones `user_id` may see; `None` when the user is no longer active (the
/// stream ends).
pub fn visible_tasks(c: &mut DbConn, user_id: &str, task_ids: &[String]) -> AppResult<Option<HashSet<String>>> {
    let Ok(actor) = Actor::load(c, user_id) else { return Ok(None) };
    let mut out = HashSet::new();
    for id in task_ids {
        if let Some(task) = task_store::find_task(c, id)? {
            if can_task(&actor, &relation(c, &actor, &task)?, TaskAction::View) {
                out.insert(id.clone());
            }
        }
    }
    Ok(Some(out))
}

/// The log after a reconnecting client's last event: `None` when events it missed were already
/// forgotten, or when it names an event the log never had (it must reload everything).
pub fn since(c: &mut DbConn, last_seen: i64, limit: i64) -> AppResult<Option<Vec<LiveRow>>> {
    if last_seen < 0 || last_seen > store::last_seq(c)? {
        return Ok(None);
    }
    if let Some(first) = store::first_seq(c)? {
        if last_seen + 1 < first {
            return Ok(None);
        }
    }
    Ok(Some(store::after(c, last_seen, limit)?))
}

/// Removes events older than the retention, finished jobs older than a week and robot sends
/// that no budget window counts any more.
pub fn prune(c: &mut DbConn) -> AppResult<usize> {
    let at = now();
    Ok(store::delete_before(c, at - RETENTION)?
        + crate::db::jobs::prune_done(c, at - Duration::days(7))?
        + crate::db::channels::prune_robot_sends(c, at - Duration::hours(1))?)
}
