//! The domain-event outbox and in-app notifications.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{notifications, outbox};
use super::{DbConn, MultiBackend};
use crate::error::AppResult;
use crate::values::EventKind;

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub kind: EventKind,
    pub task_id: Option<String>,
    pub actor_id: Option<String>,
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub processed_at: Option<NaiveDateTime>,
}

pub fn insert_event(c: &mut DbConn, row: &OutboxRow) -> AppResult<()> {
    diesel::insert_into(outbox::table)
        .values((
            outbox::id.eq(&row.id),
            outbox::kind.eq(&row.kind),
            outbox::task_id.eq(&row.task_id),
            outbox::actor_id.eq(&row.actor_id),
            outbox::payload.eq(&row.payload),
            outbox::created_at.eq(row.created_at),
        ))
        .execute(c)?;
    Ok(())
}

/// Claims up to `limit` unprocessed events, oldest first, for the caller's transaction.
pub fn claim_pending(c: &mut DbConn, limit: i64) -> AppResult<Vec<OutboxRow>> {
    match c {
        // Postgres: several processes may drain at once; each skips rows another has locked.
        DbConn::Pg(pg) => Ok(diesel::sql_query(
            "SELECT id, kind, task_id, actor_id, payload, created_at, processed_at FROM outbox \
             WHERE processed_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED",
        )
        .bind::<diesel::sql_types::BigInt, _>(limit)
        .load(pg)?),
        // SQLite: the write transaction (BEGIN IMMEDIATE) already excludes other writers.
        DbConn::Sqlite(_) => Ok(outbox::table
            .filter(outbox::processed_at.is_null())
            .order((outbox::created_at.asc(), outbox::id.asc()))
            .limit(limit)
            .select(OutboxRow::as_select())
            .load(c)?),
    }
}

pub fn mark_processed(c: &mut DbConn, ids: &[String], at: NaiveDateTime) -> AppResult<()> {
    diesel::update(outbox::table.filter(outbox::id.eq_any(ids))).set(outbox::processed_at.eq(at)).execute(c)?;
    Ok(())
}

pub fn pending_count(c: &mut DbConn) -> AppResult<i64> {
    Ok(outbox::table.filter(outbox::processed_at.is_null()).count().get_result(c)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: String,
    pub user_id: String,
    pub event_id: String,
    pub kind: EventKind,
    pub task_id: Option<String>,
    pub actor_id: Option<String>,
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub acked_at: Option<NaiveDateTime>,
}

/// Inserts a notification unless this event already notified this user (idempotent fan-out).
pub fn insert_notification(c: &mut DbConn, row: &NotificationRow) -> AppResult<bool> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        notifications::table
            .filter(notifications::event_id.eq(&row.event_id))
            .filter(notifications::user_id.eq(&row.user_id)),
    ))
    .get_result(c)?;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(notifications::table)
        .values((
            notifications::id.eq(&row.id),
            notifications::user_id.eq(&row.user_id),
            notifications::event_id.eq(&row.event_id),
            notifications::kind.eq(&row.kind),
            notifications::task_id.eq(&row.task_id),
            notifications::actor_id.eq(&row.actor_id),
            notifications::payload.eq(&row.payload),
            notifications::created_at.eq(row.created_at),
        ))
        .execute(c)?;
    Ok(true)
}

#[derive(Debug, Default)]
pub struct NotificationFilter {
    pub unread_only: bool,
    pub kinds: Vec<EventKind>,
    pub task_id: Option<String>,
    /// Some(false): not acknowledged yet; Some(true): acknowledged.
    pub acked: Option<bool>,
}

fn filtered<'a>(user_id: &'a str, f: &'a NotificationFilter) -> notifications::BoxedQuery<'a, MultiBackend> {
    let mut q = notifications::table.filter(notifications::user_id.eq(user_id)).into_boxed();
    if f.unread_only {
        q = q.filter(notifications::read_at.is_null());
    }
    if !f.kinds.is_empty() {
        q = q.filter(notifications::kind.eq_any(&f.kinds));
    }
    if let Some(t) = &f.task_id {
        q = q.filter(notifications::task_id.eq(t));
    }
    match f.acked {
        Some(true) => q = q.filter(notifications::acked_at.is_not_null()),
        Some(false) => q = q.filter(notifications::acked_at.is_null()),
        None => {}
    }
    q
}

/// A user's notifications, newest first, before the keyset position (created_at, id).
pub fn list_notifications(
    c: &mut DbConn,
    user_id: &str,
    f: &NotificationFilter,
    before: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> AppResult<Vec<NotificationRow>> {
    let mut q = filtered(user_id, f);
    if let Some((at, id)) = before {
        q = q.filter(notifications::created_at.le(at)).filter(
            notifications::created_at.lt(at).or(notifications::created_at.eq(at).and(notifications::id.lt(id))),
        );
    }
    Ok(q.order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(limit)
        .select(NotificationRow::as_select())
        .load(c)?)
}

pub fn count_notifications(c: &mut DbConn, user_id: &str, f: &NotificationFilter) -> AppResult<i64> {
    Ok(filtered(user_id, f).count().get_result(c)?)
}

/// The people who have notifications about a task.
pub fn notified_users(c: &mut DbConn, task_id: &str) -> AppResult<Vec<String>> {
    Ok(notifications::table
        .filter(notifications::task_id.eq(task_id))
        .select(notifications::user_id)
        .distinct()
        .load(c)?)
}

pub fn delete_notifications_of(c: &mut DbConn, task_id: &str, user_id: &str) -> AppResult<()> {
    diesel::delete(
        notifications::table.filter(notifications::task_id.eq(task_id)).filter(notifications::user_id.eq(user_id)),
    )
    .execute(c)?;
    Ok(())
}

pub fn unread_count(c: &mut DbConn, user_id: &str) -> AppResult<i64> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(c)?)
}

/// Marks one of the user's notifications read; false when the user has no such notification.
pub fn mark_read(c: &mut DbConn, user_id: &str, id: &str, at: NaiveDateTime) -> AppResult<bool> {
    let found: bool = diesel::select(diesel::dsl::exists(
        notifications::table.filter(notifications::id.eq(id)).filter(notifications::user_id.eq(user_id)),
    ))
    .get_result(c)?;
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(at))
    .execute(c)?;
    Ok(found)
}

/// Acknowledges one of the user's notifications (and marks it read); the first
/// acknowledgement's time stays. False when the user has no such notification.
pub fn acknowledge(c: &mut DbConn, user_id: &str, id: &str, at: NaiveDateTime) -> AppResult<bool> {
    let found = mark_read(c, user_id, id, at)?;
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::acked_at.is_null()),
    )
    .set(notifications::acked_at.eq(at))
    .execute(c)?;
    Ok(found)
}

pub fn mark_all_read(c: &mut DbConn, user_id: &str, at: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::update(
        notifications::table.filter(notifications::user_id.eq(user_id)).filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(at))
    .execute(c)?)
}
