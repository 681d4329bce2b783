//! Managing the channels: group robots (by administrators, department heads for their
//! departments, task owners for their tasks), webhooks (by any user, for what they may see),
//! the job queue (administrators), and each user's channel preferences.

use chrono::NaiveDateTime;

use super::paging::KeyedPage;
use super::permissions::TaskAction;
use super::tasks::load_for;
use super::{Actor, Role};
use crate::db::channels::{self as store, RobotRow, WebhookDeliveryRow, WebhookRow};
use crate::db::jobs::{self as job_store, JobFilter, JobRow};
use crate::db::tasks as task_store;
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, FieldErrors};
use crate::outbound::{AddressPolicy, OutboundError};
use crate::values::{EventFilter, JobStatus, NotificationChannel, RobotPlatform};

#[derive(Debug, Clone)]
pub struct NewRobot {
    pub name: String,
    pub platform: RobotPlatform,
    pub webhook_url: String,
    pub secret: Option<String>,
    pub department_id: Option<String>,
    pub task_id: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RobotPatch {
    pub name: Option<String>,
    pub webhook_url: Option<String>,
    /// `Some(None)` removes the secret.
    pub secret: Option<Option<String>>,
    pub is_active: Option<bool>,
}

/// An http(s) URL of at most 1,000 characters, not aimed at an internal address (`not_allowed`,
/// unless the operator allows that range). Host names are checked again whenever they are
/// resolved to send.
fn check_url(field: &str, url: &str, policy: &AddressPolicy, f: &mut FieldErrors) {
    let u = url.trim();
    let code = if u.len() > 1000 || u.contains(char::is_whitespace) {
        Some("url")
    } else {
        match crate::outbound::check_url(u, policy) {
            Ok(_) => None,
            Err(OutboundError::Forbidden) => Some("not_allowed"),
            Err(_) => Some("url"),
        }
    };
    if let Some(code) = code {
        f.entry(field.to_owned()).or_default().push(code.into());
    }
}

/// Whether the actor manages robots of this department or task.
fn may_manage(c: &mut DbConn, actor: &Actor, department_id: Option<&str>, task_id: Option<&str>) -> AppResult<bool> {
    if actor.role == Role::Admin {
        return Ok(true);
    }
    if let Some(d) = department_id {
        return Ok(task_store::headed_departments(c, &actor.id)?.iter().any(|h| h == d));
    }
    if let Some(t) = task_id {
        let Ok((task, rel)) = load_for(c, actor, t, TaskAction::View) else { return Ok(false) };
        return Ok(rel.is_owner || rel.owns_ancestor || task.owner_id == actor.id);
    }
    Ok(false)
}

fn forbidden_robot() -> AppError {
    AppError::forbidden("robots are managed by administrators, the department's heads or the task's owner")
}

pub fn create_robot(c: &mut DbConn, actor_id: &str, input: NewRobot, policy: &AddressPolicy) -> AppResult<RobotRow> {
    let actor = Actor::load(c, actor_id)?;
    let mut f = FieldErrors::new();
    if input.name.trim().is_empty() || input.name.chars().count() > 100 {
        f.entry("name".into()).or_default().push("length".into());
    }
    check_url("webhook_url", &input.webhook_url, policy, &mut f);
    if input.department_id.is_some() == input.task_id.is_some() {
        f.entry("department_id".into()).or_default().push("one_of".into());
    }
    if !f.is_empty() {
        return Err(AppError::validation(f, "the robot has invalid fields"));
    }
    if let Some(d) = &input.department_id {
        if task_store::active_department_ids(c, std::slice::from_ref(d))?.is_empty() {
            return Err(AppError::field("department_id", "not_found", "unknown or inactive department"));
        }
    }
    if let Some(t) = &input.task_id {
        load_for(c, &actor, t, TaskAction::View)?;
    }
    if !may_manage(c, &actor, input.department_id.as_deref(), input.task_id.as_deref())? {
        return Err(forbidden_robot());
    }
    let at = now();
    let row = RobotRow {
        id: new_id(),
        name: input.name.trim().to_owned(),
        platform: input.platform,
        webhook_url: input.webhook_url.trim().to_owned(),
        secret: input.secret.filter(|s| !s.is_empty()),
        department_id: input.department_id,
        task_id: input.task_id,
        is_active: true,
        created_by: actor.id.clone(),
        created_at: at,
        updated_at: at,
        version: 1,
    };
    store::insert_robot(c, &row)?;
    super::audit::record(
        c,
        Some(&actor.id),
        super::audit::AuditKind::RobotChanged,
        Some(("robot", &row.id)),
        serde_json::json!({"action": "created", "platform": row.platform}),
    )?;
    Ok(row)
}

/// A robot the actor manages (404 when it does not exist or the actor may not see it).
pub fn managed_robot(c: &mut DbConn, actor: &Actor, id: &str) -> AppResult<RobotRow> {
    let r = store::find_robot(c, id)?.ok_or_else(|| AppError::not_found("robot"))?;
    if !may_manage(c, actor, r.department_id.as_deref(), r.task_id.as_deref())? {
        return Err(AppError::not_found("robot"));
    }
    Ok(r)
}

pub fn get_robot(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<RobotRow> {
    let actor = Actor::load(c, actor_id)?;
    managed_robot(c, &actor, id)
}

pub fn update_robot(
    c: &mut DbConn,
    actor_id: &str,
    id: &str,
    expected: i64,
    patch: RobotPatch,
    policy: &AddressPolicy,
) -> AppResult<RobotRow> {
    let actor = Actor::load(c, actor_id)?;
    let mut r = managed_robot(c, &actor, id)?;
    if r.version != expected {
        return Err(AppError::version_mismatch());
    }
    let mut f = FieldErrors::new();
    if let Some(n) = &patch.name {
        if n.trim().is_empty() || n.chars().count() > 100 {
            f.entry("name".into()).or_default().push("length".into());
        }
        r.name = n.trim().to_owned();
    }
    if let Some(u) = &patch.webhook_url {
        check_url("webhook_url", u, policy, &mut f);
        r.webhook_url = u.trim().to_owned();
    }
    if !f.is_empty() {
        return Err(AppError::validation(f, "the robot has invalid fields"));
    }
    if let Some(s) = patch.secret {
        r.secret = s.filter(|s| !s.is_empty());
    }
    if let Some(a) = patch.is_active {
        r.is_active = a;
    }
    r.updated_at = now();
    if !store::update_robot(c, &r)? {
        return Err(AppError::version_mismatch());
    }
    r.version += 1;
    super::audit::record(
        c,
        Some(&actor.id),
        super::audit::AuditKind::RobotChanged,
        Some(("robot", &r.id)),
        serde_json::json!({"action": "updated"}),
    )?;
    Ok(r)
}

pub fn delete_robot(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<()> {
    let actor = Actor::load(c, actor_id)?;
    let r = managed_robot(c, &actor, id)?;
    store::delete_robot(c, &r.id)?;
    super::audit::record(
        c,
        Some(&actor.id),
        super::audit::AuditKind::RobotChanged,
        Some(("robot", &r.id)),
        serde_json::json!({"action": "deleted"}),
    )
}

/// The robots the actor manages.
/// A page of the robots the actor manages, by name; the last one's (name, id) when more follow.
pub fn list_robots(
    c: &mut DbConn,
    actor_id: &str,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<KeyedPage<RobotRow>> {
    let actor = Actor::load(c, actor_id)?;
    // Robots of one department or task share the answer.
    let mut seen = std::collections::HashMap::<(Option<String>, Option<String>), bool>::new();
    let (rows, more) = super::paging::filtered(
        c,
        limit,
        |c, last: Option<&RobotRow>, batch| {
            let from = last
                .map(|r| (r.name.as_str(), r.id.as_str()))
                .or(after.as_ref().map(|(n, i)| (n.as_str(), i.as_str())));
            store::robots_after(c, from, batch)
        },
        |c, r| {
            let key = (r.department_id.clone(), r.task_id.clone());
            if let Some(m) = seen.get(&key) {
                return Ok(*m);
            }
            let m = may_manage(c, &actor, r.department_id.as_deref(), r.task_id.as_deref())?;
            seen.insert(key, m);
            Ok(m)
        },
    )?;
    let next = if more { rows.last().map(|r| (r.name.clone(), r.id.clone())) } else { None };
    Ok(KeyedPage { items: rows, next })
}

// ---------------------------------------------------------------- webhooks

pub fn create_webhook(
    c: &mut DbConn,
    actor_id: &str,
    url: &str,
    event_types: &[EventFilter],
    secret: Option<String>,
    policy: &AddressPolicy,
) -> AppResult<WebhookRow> {
    Actor::load(c, actor_id)?;
    let mut f = FieldErrors::new();
    check_url("url", url, policy, &mut f);
    if event_types.is_empty() || event_types.len() > 50 {
        f.entry("event_types".into()).or_default().push("invalid".into());
    }
    if !f.is_empty() {
        return Err(AppError::validation(f, "the webhook has invalid fields"));
    }
    let at = now();
    let row = WebhookRow {
        id: new_id(),
        owner_id: actor_id.to_owned(),
        url: url.trim().to_owned(),
        secret: secret.filter(|s| s.len() >= 16).unwrap_or_else(|| super::auth::random_secret("whsec_")),
        event_types: WebhookRow::join(event_types),
        is_active: true,
        created_at: at,
        updated_at: at,
    };
    store::insert_webhook(c, &row)?;
    Ok(row)
}

fn own_webhook(c: &mut DbConn, actor: &Actor, id: &str) -> AppResult<WebhookRow> {
    let w = store::find_webhook(c, id)?.ok_or_else(|| AppError::not_found("webhook"))?;
    if w.owner_id != actor.id && actor.role != Role::Admin {
        return Err(AppError::not_found("webhook"));
    }
    Ok(w)
}

/// A page of the caller's webhooks (administrators: everyone's), oldest first; the last one's
/// (created_at, id) when more follow.
pub fn list_webhooks(
    c: &mut DbConn,
    actor_id: &str,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<KeyedPage<WebhookRow>> {
    let actor = Actor::load(c, actor_id)?;
    let after = after.map(|(at, id)| super::paging::parse_stamp(&at).map(|at| (at, id))).transpose()?;
    let owner = if actor.role == Role::Admin { None } else { Some(actor_id) };
    let mut rows = store::webhooks_of(c, owner, after.as_ref().map(|(at, id)| (*at, id.as_str())), limit + 1)?;
    let next = super::paging::cut_page(&mut rows, limit, |w| (super::paging::stamp(w.created_at), w.id.clone()));
    Ok(KeyedPage { items: rows, next })
}

pub fn delete_webhook(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<()> {
    let actor = Actor::load(c, actor_id)?;
    let w = own_webhook(c, &actor, id)?;
    store::delete_webhook(c, &w.id)
}

pub fn webhook_deliveries(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<Vec<WebhookDeliveryRow>> {
    let actor = Actor::load(c, actor_id)?;
    let w = own_webhook(c, &actor, id)?;
    store::deliveries(c, &w.id, 100)
}

// ---------------------------------------------------------------- jobs

pub fn list_jobs(c: &mut DbConn, actor_id: &str, filter: &JobFilter) -> AppResult<(Vec<JobRow>, i64)> {
    let actor = Actor::load(c, actor_id)?;
    super::permissions::ensure(&actor, super::permissions::Action::ManageJobs)?;
    Ok((job_store::list(c, filter)?, job_store::count(c, filter)?))
}

/// Gives a dead job a new round of attempts.
pub fn retry_job(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<JobRow> {
    let actor = Actor::load(c, actor_id)?;
    super::permissions::ensure(&actor, super::permissions::Action::ManageJobs)?;
    let job = job_store::find(c, id)?.ok_or_else(|| AppError::not_found("job"))?;
    if !job_store::retry(c, id, now())? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("only dead jobs are retried; this one is {}", job.status.as_str()),
        )
        .with_allowed(vec![JobStatus::Dead.as_str()]));
    }
    job_store::find(c, id)?.ok_or_else(|| AppError::not_found("job"))
}

// ---------------------------------------------------------------- preferences

/// (mail, robot) on or off for the user.
pub fn preferences(c: &mut DbConn, actor_id: &str) -> AppResult<(bool, bool)> {
    Actor::load(c, actor_id)?;
    Ok((
        store::channel_enabled(c, actor_id, NotificationChannel::Mail)?,
        store::channel_enabled(c, actor_id, NotificationChannel::Robot)?,
    ))
}

pub fn set_preferences(c: &mut DbConn, actor_id: &str, mail: bool, robot: bool) -> AppResult<(bool, bool)> {
    Actor::load(c, actor_id)?;
    store::set_channel(c, actor_id, NotificationChannel::Mail, mail)?;
    store::set_channel(c, actor_id, NotificationChannel::Robot, robot)?;
    Ok((mail, robot))
}

/// Keyset position of the job list.
pub fn job_cursor(j: &JobRow) -> (NaiveDateTime, String) {
    (j.updated_at, j.id.clone())
}
