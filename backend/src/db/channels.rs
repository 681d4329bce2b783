//! Delivery channels: group robots, their send log, webhooks and their delivery log, and each
//! user's channel preferences.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{channel_preferences, robot_sends, robots, webhook_deliveries, webhooks};
use super::DbConn;
use crate::error::{AppError, AppResult};
use crate::values::{EventFilter, EventKind, NotificationChannel, RobotPlatform};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = robots)]
pub struct RobotRow {
    pub id: String,
    pub name: String,
    pub platform: RobotPlatform,
    pub webhook_url: String,
    pub secret: Option<String>,
    pub department_id: Option<String>,
    pub task_id: Option<String>,
    pub is_active: bool,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

pub fn insert_robot(c: &mut DbConn, row: &RobotRow) -> AppResult<()> {
    diesel::insert_into(robots::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_robot(c: &mut DbConn, id: &str) -> AppResult<Option<RobotRow>> {
    Ok(robots::table.find(id).select(RobotRow::as_select()).first(c).optional()?)
}

pub fn update_robot(c: &mut DbConn, row: &RobotRow) -> AppResult<bool> {
    let n = diesel::update(robots::table.filter(robots::id.eq(&row.id)).filter(robots::version.eq(row.version)))
        .set((
            robots::name.eq(&row.name),
            robots::webhook_url.eq(&row.webhook_url),
            robots::secret.eq(&row.secret),
            robots::is_active.eq(row.is_active),
            robots::updated_at.eq(row.updated_at),
            robots::version.eq(row.version + 1),
        ))
        .execute(c)?;
    Ok(n == 1)
}

pub fn delete_robot(c: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::delete(robot_sends::table.filter(robot_sends::robot_id.eq(id))).execute(c)?;
    diesel::delete(robots::table.find(id)).execute(c)?;
    Ok(())
}

/// Robots of these departments or these tasks (active or not), by name.
pub fn robots_of(c: &mut DbConn, department_ids: &[String], task_ids: &[String]) -> AppResult<Vec<RobotRow>> {
    Ok(robots::table
        .filter(robots::department_id.eq_any(department_ids).or(robots::task_id.eq_any(task_ids)))
        .order((robots::name.asc(), robots::id.asc()))
        .select(RobotRow::as_select())
        .load(c)?)
}

/// Up to `limit` robots after `after` (name, id), by name.
pub fn robots_after(c: &mut DbConn, after: Option<(&str, &str)>, limit: i64) -> AppResult<Vec<RobotRow>> {
    let mut q = robots::table.into_boxed();
    if let Some((name, id)) = after {
        q = q
            .filter(robots::name.ge(name))
            .filter(robots::name.gt(name).or(robots::name.eq(name).and(robots::id.gt(id))));
    }
    Ok(q.order((robots::name.asc(), robots::id.asc())).limit(limit).select(RobotRow::as_select()).load(c)?)
}

/// Messages a robot sent since `since`, and when the oldest of them went out.
pub fn robot_sent_since(
    c: &mut DbConn,
    robot_id: &str,
    since: NaiveDateTime,
) -> AppResult<(i64, Option<NaiveDateTime>)> {
    let rows: Vec<NaiveDateTime> = robot_sends::table
        .filter(robot_sends::robot_id.eq(robot_id))
        .filter(robot_sends::at.gt(since))
        .order(robot_sends::at.asc())
        .select(robot_sends::at)
        .load(c)?;
    Ok((i64::try_from(rows.len()).unwrap_or(i64::MAX), rows.first().copied()))
}

pub fn record_robot_send(c: &mut DbConn, robot_id: &str, at: NaiveDateTime, messages: i32) -> AppResult<()> {
    diesel::insert_into(robot_sends::table)
        .values((
            robot_sends::id.eq(super::new_id()),
            robot_sends::robot_id.eq(robot_id),
            robot_sends::at.eq(at),
            robot_sends::messages.eq(messages),
        ))
        .execute(c)?;
    Ok(())
}

pub fn prune_robot_sends(c: &mut DbConn, before: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::delete(robot_sends::table.filter(robot_sends::at.lt(before))).execute(c)?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhooks)]
pub struct WebhookRow {
    pub id: String,
    pub owner_id: String,
    pub url: String,
    pub secret: String,
    pub event_types: String,
    pub is_active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl WebhookRow {
    /// What the webhook subscribes to (stored comma-separated): a value outside the set is an error.
    pub fn filters(&self) -> AppResult<Vec<EventFilter>> {
        self.event_types
            .split(',')
            .map(|t| {
                t.trim().parse().map_err(|_| AppError::internal(format!("unknown event filter in database: {t:?}")))
            })
            .collect()
    }

    pub fn wants(&self, kind: EventKind) -> AppResult<bool> {
        Ok(self.filters()?.into_iter().any(|f| f.matches(kind)))
    }

    pub fn join(filters: &[EventFilter]) -> String {
        filters.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(",")
    }
}

pub fn insert_webhook(c: &mut DbConn, row: &WebhookRow) -> AppResult<()> {
    diesel::insert_into(webhooks::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_webhook(c: &mut DbConn, id: &str) -> AppResult<Option<WebhookRow>> {
    Ok(webhooks::table.find(id).select(WebhookRow::as_select()).first(c).optional()?)
}

/// Up to `limit` webhooks (of one owner, or all) after `after` (created_at, id), oldest first.
pub fn webhooks_of(
    c: &mut DbConn,
    owner_id: Option<&str>,
    after: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> AppResult<Vec<WebhookRow>> {
    let mut q = webhooks::table.into_boxed();
    if let Some(o) = owner_id {
        q = q.filter(webhooks::owner_id.eq(o));
    }
    if let Some((at, id)) = after {
        q = q
            .filter(webhooks::created_at.ge(at))
            .filter(webhooks::created_at.gt(at).or(webhooks::created_at.eq(at).and(webhooks::id.gt(id))));
    }
    Ok(q.order((webhooks::created_at.asc(), webhooks::id.asc()))
        .limit(limit)
        .select(WebhookRow::as_select())
        .load(c)?)
}

pub fn active_webhooks(c: &mut DbConn) -> AppResult<Vec<WebhookRow>> {
    Ok(webhooks::table.filter(webhooks::is_active.eq(true)).select(WebhookRow::as_select()).load(c)?)
}

pub fn delete_webhook(c: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(id))).execute(c)?;
    diesel::delete(webhooks::table.find(id)).execute(c)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct WebhookDeliveryRow {
    pub id: String,
    pub webhook_id: String,
    pub event_id: String,
    pub event_kind: EventKind,
    pub attempt: i32,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i32,
    pub at: NaiveDateTime,
}

pub fn insert_delivery(c: &mut DbConn, row: &WebhookDeliveryRow) -> AppResult<()> {
    diesel::insert_into(webhook_deliveries::table).values(row).execute(c)?;
    Ok(())
}

pub fn deliveries(c: &mut DbConn, webhook_id: &str, limit: i64) -> AppResult<Vec<WebhookDeliveryRow>> {
    Ok(webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook_id))
        .order((webhook_deliveries::at.desc(), webhook_deliveries::id.desc()))
        .limit(limit)
        .select(WebhookDeliveryRow::as_select())
        .load(c)?)
}

/// Whether the user takes notifications on `channel` (yes unless turned off).
pub fn channel_enabled(c: &mut DbConn, user_id: &str, channel: NotificationChannel) -> AppResult<bool> {
    let v: Option<bool> =
        channel_preferences::table.find((user_id, channel)).select(channel_preferences::enabled).first(c).optional()?;
    Ok(v.unwrap_or(true))
}

pub fn set_channel(c: &mut DbConn, user_id: &str, channel: NotificationChannel, enabled: bool) -> AppResult<()> {
    diesel::delete(channel_preferences::table.find((user_id, channel))).execute(c)?;
    diesel::insert_into(channel_preferences::table)
        .values((
            channel_preferences::user_id.eq(user_id),
            channel_preferences::channel.eq(channel),
            channel_preferences::enabled.eq(enabled),
        ))
        .execute(c)?;
    Ok(())
}
