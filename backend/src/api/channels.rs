//! Delivery channels: group robots, webhooks, notification preferences, and the job queue.

use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{with_etag, CurrentUser, IfMatch, ValidJson};
use super::pagination::{self, decode_cursor, encode_cursor, limit, PageQuery};
use super::users::uuid;
use crate::db::channels::{RobotRow, WebhookDeliveryRow, WebhookRow};
use crate::db::jobs::{JobFilter, JobRow};
use crate::db::to_utc;
use crate::domain::channels::{self, NewRobot, RobotPatch};
use crate::domain::delivery::RobotJob;
use crate::error::{AppError, AppResult, ErrorCode, ProblemDetails};
use crate::state::AppState;
use crate::values::{EventFilter, EventKind, JobKind, JobStatus, RobotPlatform};

/// A group robot. Its webhook URL and secret are credentials: written, never read back.
#[derive(Debug, Serialize, ToSchema)]
pub struct RobotDto {
    pub id: Uuid,
    pub name: String,
    pub platform: RobotPlatform,
    #[schema(required = true)]
    pub department_id: Option<Uuid>,
    #[schema(required = true)]
    pub task_id: Option<Uuid>,
    pub is_active: bool,
    /// The host of the webhook URL, to recognize it.
    pub url_host: String,
    pub has_secret: bool,
    pub created_at: DateTime<Utc>,
    /// Also the `ETag`.
    pub version: i64,
}

impl From<RobotRow> for RobotDto {
    fn from(r: RobotRow) -> Self {
        let host = r.webhook_url.split("://").nth(1).and_then(|rest| rest.split(['/', '?']).next()).unwrap_or("");
        Self {
            id: uuid(&r.id),
            name: r.name.clone(),
            platform: r.platform,
            department_id: r.department_id.as_deref().map(uuid),
            task_id: r.task_id.as_deref().map(uuid),
            is_active: r.is_active,
            url_host: host.to_owned(),
            has_secret: r.secret.is_some(),
            created_at: to_utc(r.created_at),
            version: r.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RobotList {
    /// By name.
    pub items: Vec<RobotDto>,
    /// Pass as `cursor` for the next page; `null` on the last.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// The robots I manage
///
/// Administrators see all; department heads those of their departments; task owners those of
/// their tasks.
#[utoipa::path(tag = "channels", params(PageQuery), responses(
    (status = 200, description = "OK", body = RobotList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/robots")]
pub async fn list_robots(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<PageQuery>,
) -> AppResult<web::Json<RobotList>> {
    let limit = pagination::limit(q.limit)?;
    let after = pagination::decode_cursor(q.cursor.as_deref())?;
    let page = st.db.read(move |c| channels::list_robots(c, &me.id, after, limit)).await?;
    Ok(web::Json(RobotList {
        items: page.items.into_iter().map(RobotDto::from).collect(),
        next_cursor: page.next.as_ref().map(pagination::encode_cursor),
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRobotRequest {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    pub platform: RobotPlatform,
    /// The robot's webhook URL as the platform gave it.
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub webhook_url: String,
    /// The signing secret (DingTalk `SEC…`, Feishu), if the robot has one.
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub secret: Option<String>,
    /// Exactly one of `department_id` and `task_id`.
    pub department_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
}

/// Add a group robot to a department or a task
#[utoipa::path(tag = "channels", request_body = CreateRobotRequest, responses(
    (status = 201, description = "Created", body = RobotDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/robots")]
pub async fn create_robot(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<CreateRobotRequest>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let input = NewRobot {
        name: b.name,
        platform: b.platform,
        webhook_url: b.webhook_url,
        secret: b.secret,
        department_id: b.department_id.map(|d| d.to_string()),
        task_id: b.task_id.map(|t| t.to_string()),
    };
    let policy = st.outbound_policy();
    let r = st.db.write(move |c| channels::create_robot(c, &me.id, input, &policy)).await?;
    Ok(with_etag(StatusCode::CREATED, r.version, &RobotDto::from(r)))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRobotRequest {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub webhook_url: Option<String>,
    /// A new secret; `null` removes it.
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<String>, max_length = 200)]
    #[validate(length(max = 200))]
    pub secret: Option<Option<String>>,
    pub is_active: Option<bool>,
}

/// Change a robot (needs `If-Match`)
#[utoipa::path(tag = "channels", request_body = UpdateRobotRequest,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = RobotDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[patch("/robots/{robot_id}")]
pub async fn update_robot(
    st: web::Data<AppState>,
    me: CurrentUser,
    robot_id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<UpdateRobotRequest>,
) -> AppResult<HttpResponse> {
    let id = robot_id.into_inner().to_string();
    let b = body.0;
    let patch = RobotPatch { name: b.name, webhook_url: b.webhook_url, secret: b.secret, is_active: b.is_active };
    let policy = st.outbound_policy();
    let r = st.db.write(move |c| channels::update_robot(c, &me.id, &id, if_match.0, patch, &policy)).await?;
    Ok(with_etag(StatusCode::OK, r.version, &RobotDto::from(r)))
}

/// Remove a robot
#[utoipa::path(tag = "channels", responses(
    (status = 204, description = "Removed"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/robots/{robot_id}")]
pub async fn delete_robot(
    st: web::Data<AppState>,
    me: CurrentUser,
    robot_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = robot_id.into_inner().to_string();
    st.db.write(move |c| channels::delete_robot(c, &me.id, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Send a test message through a robot (发送测试消息)
///
/// Sent now, not queued, through the guarded client; 502 (`delivery_failed`) with a short reason
/// (the HTTP status or the platform's result code, never its answer) when it is refused.
#[utoipa::path(tag = "channels", responses(
    (status = 204, description = "The platform accepted it"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json"),
    (status = 502, description = "The platform refused it", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/robots/{robot_id}/test")]
pub async fn test_robot(
    st: web::Data<AppState>,
    me: CurrentUser,
    robot_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = robot_id.into_inner().to_string();
    let robot = st.db.read(move |c| channels::get_robot(c, &me.id, &id)).await?;
    let runner = crate::workers::runner::Runner::new(st.db.clone(), st.config.clone());
    let msg = RobotJob {
        robot_id: robot.id.clone(),
        title: "Tandem 测试消息".into(),
        markdown: format!("**Tandem 测试消息**\n\n机器人「{}」已接入 Tandem。", robot.name),
        link: st.config.public_url.clone(),
        mobiles: Vec::new(),
    };
    crate::workers::robots::post(&runner, &robot, &msg)
        .await
        .map_err(|e| AppError::new(ErrorCode::DeliveryFailed, format!("the robot did not accept the message: {e}")))?;
    Ok(HttpResponse::NoContent().finish())
}

// ---------------------------------------------------------------- webhooks

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDto {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub url: String,
    /// Event kinds delivered (`*` for all).
    pub event_types: Vec<EventFilter>,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<WebhookRow> for WebhookDto {
    type Error = AppError;

    fn try_from(w: WebhookRow) -> AppResult<Self> {
        Ok(Self {
            id: uuid(&w.id),
            owner_id: uuid(&w.owner_id),
            event_types: w.filters()?,
            url: w.url,
            is_active: w.is_active,
            created_at: to_utc(w.created_at),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookCreated {
    pub webhook: WebhookDto,
    /// Verify `X-Tandem-Signature: sha256=<hex of HMAC-SHA256(secret, "{X-Tandem-Timestamp}.{body}")>`.
    /// Shown once.
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookList {
    /// Oldest first.
    pub items: Vec<WebhookDto>,
    /// Pass as `cursor` for the next page; `null` on the last.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookRequest {
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub url: String,
    /// Event kinds (`task_published`, `comment_mentioned`, ...) or `*`.
    #[validate(length(min = 1, max = 50))]
    #[schema(min_items = 1, max_items = 50)]
    pub event_types: Vec<EventFilter>,
    /// At least 16 characters; generated when absent.
    #[validate(length(min = 16, max = 200))]
    #[schema(min_length = 16, max_length = 200)]
    pub secret: Option<String>,
}

/// My webhooks (administrators: all)
#[utoipa::path(tag = "channels", params(PageQuery), responses(
    (status = 200, description = "OK", body = WebhookList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/webhooks")]
pub async fn list_webhooks(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<PageQuery>,
) -> AppResult<web::Json<WebhookList>> {
    let limit = pagination::limit(q.limit)?;
    let after = pagination::decode_cursor(q.cursor.as_deref())?;
    let page = st.db.read(move |c| channels::list_webhooks(c, &me.id, after, limit)).await?;
    Ok(web::Json(WebhookList {
        items: page.items.into_iter().map(WebhookDto::try_from).collect::<AppResult<_>>()?,
        next_cursor: page.next.as_ref().map(pagination::encode_cursor),
    }))
}

/// Subscribe a URL to events
///
/// Events about tasks are delivered only while the subscriber may see the task. Failed deliveries
/// are retried with back-off; every attempt is in `/webhooks/{id}/deliveries`.
#[utoipa::path(tag = "channels", request_body = CreateWebhookRequest, responses(
    (status = 201, description = "Created", body = WebhookCreated),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/webhooks")]
pub async fn create_webhook(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<CreateWebhookRequest>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let policy = st.outbound_policy();
    let w =
        st.db.write(move |c| channels::create_webhook(c, &me.id, &b.url, &b.event_types, b.secret, &policy)).await?;
    let secret = w.secret.clone();
    Ok(HttpResponse::Created().json(WebhookCreated { webhook: WebhookDto::try_from(w)?, secret }))
}

/// Remove a webhook
#[utoipa::path(tag = "channels", responses(
    (status = 204, description = "Removed"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/webhooks/{webhook_id}")]
pub async fn delete_webhook(
    st: web::Data<AppState>,
    me: CurrentUser,
    webhook_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = webhook_id.into_inner().to_string();
    st.db.write(move |c| channels::delete_webhook(c, &me.id, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryDto {
    pub id: Uuid,
    pub event_id: Uuid,
    pub event_kind: EventKind,
    pub attempt: i32,
    #[schema(required = true)]
    pub status_code: Option<i32>,
    #[schema(required = true)]
    pub error: Option<String>,
    pub duration_ms: i32,
    pub at: DateTime<Utc>,
}

impl From<WebhookDeliveryRow> for WebhookDeliveryDto {
    fn from(d: WebhookDeliveryRow) -> Self {
        Self {
            id: uuid(&d.id),
            event_id: uuid(&d.event_id),
            event_kind: d.event_kind,
            attempt: d.attempt,
            status_code: d.status_code,
            error: d.error,
            duration_ms: d.duration_ms,
            at: to_utc(d.at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryList {
    /// The latest 100 attempts, newest first.
    pub items: Vec<WebhookDeliveryDto>,
}

/// The delivery log of a webhook
#[utoipa::path(tag = "channels", responses(
    (status = 200, description = "OK", body = WebhookDeliveryList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/webhooks/{webhook_id}/deliveries")]
pub async fn list_webhook_deliveries(
    st: web::Data<AppState>,
    me: CurrentUser,
    webhook_id: web::Path<Uuid>,
) -> AppResult<web::Json<WebhookDeliveryList>> {
    let id = webhook_id.into_inner().to_string();
    let rows = st.db.read(move |c| channels::webhook_deliveries(c, &me.id, &id)).await?;
    Ok(web::Json(WebhookDeliveryList { items: rows.into_iter().map(WebhookDeliveryDto::from).collect() }))
}

// ---------------------------------------------------------------- preferences

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferences {
    /// Notifications by mail.
    pub mail: bool,
    /// Being @-mentioned by group robots.
    pub robot: bool,
}

/// My notification channels
///
/// In-app notifications are always on; strong reminders (high priority, emergencies) ignore these.
#[utoipa::path(tag = "channels", responses(
    (status = 200, description = "OK", body = NotificationPreferences),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/me/notification-preferences")]
pub async fn get_preferences(
    st: web::Data<AppState>,
    me: CurrentUser,
) -> AppResult<web::Json<NotificationPreferences>> {
    let (mail, robot) = st.db.read(move |c| channels::preferences(c, &me.id)).await?;
    Ok(web::Json(NotificationPreferences { mail, robot }))
}

/// Set my notification channels
#[utoipa::path(tag = "channels", request_body = NotificationPreferences, responses(
    (status = 200, description = "OK", body = NotificationPreferences),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[put("/me/notification-preferences")]
pub async fn set_preferences(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<NotificationPreferences>,
) -> AppResult<web::Json<NotificationPreferences>> {
    let b = body.0;
    let (mail, robot) = st.db.write(move |c| channels::set_preferences(c, &me.id, b.mail, b.robot)).await?;
    Ok(web::Json(NotificationPreferences { mail, robot }))
}

// ---------------------------------------------------------------- jobs

#[derive(Debug, Serialize, ToSchema)]
pub struct JobDto {
    pub id: Uuid,
    pub kind: JobKind,
    pub status: JobStatus,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    #[schema(required = true)]
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<JobRow> for JobDto {
    fn from(j: JobRow) -> Self {
        Self {
            id: uuid(&j.id),
            kind: j.kind,
            status: j.status,
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            run_at: to_utc(j.run_at),
            last_error: j.last_error,
            created_at: to_utc(j.created_at),
            updated_at: to_utc(j.updated_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobPage {
    pub items: Vec<JobDto>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
    pub total: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct JobQuery {
    pub status: Option<JobStatus>,
    pub kind: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The background job queue (administrators)
///
/// Newest change first; `status=dead` lists what gave up.
#[utoipa::path(tag = "channels", params(JobQuery), responses(
    (status = 200, description = "OK", body = JobPage),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/jobs")]
pub async fn list_jobs(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<JobQuery>,
) -> AppResult<web::Json<JobPage>> {
    let q = q.into_inner();
    let before = match decode_cursor(q.cursor.as_deref())? {
        Some((at, id)) => Some((crate::domain::paging::parse_stamp(&at)?, id)),
        None => None,
    };
    let limit = limit(q.limit)?;
    // A kind that does not exist matches no job (the parameter stays a free string).
    let kinds = q.kind.map(|k| k.parse::<JobKind>().into_iter().collect());
    let filter = JobFilter { status: q.status, kinds, before, limit: limit + 1 };
    let (mut rows, total) = st.db.read(move |c| channels::list_jobs(c, &me.id, &filter)).await?;
    let next = crate::domain::paging::cut_page(&mut rows, limit, |j| {
        let (at, id) = channels::job_cursor(j);
        (crate::domain::paging::stamp(at), id)
    })
    .map(|key| encode_cursor(&key));
    Ok(web::Json(JobPage { items: rows.into_iter().map(JobDto::from).collect(), next_cursor: next, total }))
}

/// Retry a dead job (administrators)
#[utoipa::path(tag = "channels", responses(
    (status = 200, description = "Queued again", body = JobDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/jobs/{job_id}/retry")]
pub async fn retry_job(
    st: web::Data<AppState>,
    me: CurrentUser,
    job_id: web::Path<Uuid>,
) -> AppResult<web::Json<JobDto>> {
    let id = job_id.into_inner().to_string();
    let j = st.db.write(move |c| channels::retry_job(c, &me.id, &id)).await?;
    Ok(web::Json(JobDto::from(j)))
}
