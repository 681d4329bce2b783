//! The in-app inbox.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::departments::UserRef;
use super::extract::parse_list;
use super::extract::CurrentUser;
use super::pagination::{decode_cursor, encode_cursor, limit};
use super::users::uuid;
use crate::db::outbox::NotificationFilter;
use crate::db::to_utc;
use crate::domain::notifications::{self, NotificationView};
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::EventKind;

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationDto {
    pub id: Uuid,
    pub kind: EventKind,
    /// The notification as a sentence in the reader's language.
    pub title: String,
    #[schema(required = true)]
    pub task_id: Option<Uuid>,
    #[schema(required = true)]
    pub task_title: Option<String>,
    #[schema(required = true)]
    pub actor: Option<UserRef>,
    pub created_at: DateTime<Utc>,
    #[schema(required = true)]
    pub read_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub acked_at: Option<DateTime<Utc>>,
}

impl From<NotificationView> for NotificationDto {
    fn from(v: NotificationView) -> Self {
        let r = v.row;
        Self {
            id: uuid(&r.id),
            kind: r.kind,
            title: v.title,
            task_id: r.task_id.as_deref().map(uuid),
            task_title: v.task_title,
            actor: r
                .actor_id
                .as_deref()
                .map(|a| UserRef { id: uuid(a), name: v.actor_name.clone().unwrap_or_default() }),
            created_at: to_utc(r.created_at),
            read_at: r.read_at.map(to_utc),
            acked_at: r.acked_at.map(to_utc),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationDto>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
    /// Matching the filters.
    pub total: i64,
    /// All unread notifications of the caller.
    pub unread_count: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only unread ones.
    pub unread: Option<bool>,
    /// Comma-separated event kinds (`EventKind`), e.g. `task_assigned,reminder_overdue`.
    pub kind: Option<String>,
    /// Only those about this task.
    pub task_id: Option<Uuid>,
    /// `false`: not acknowledged yet; `true`: acknowledged.
    pub acked: Option<bool>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// My notifications, newest first
#[utoipa::path(tag = "notifications", params(NotificationQuery), responses(
    (status = 200, description = "OK", body = NotificationPage),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/notifications")]
pub async fn list_notifications(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<NotificationQuery>,
) -> AppResult<web::Json<NotificationPage>> {
    let q = q.into_inner();
    let filter = NotificationFilter {
        unread_only: q.unread.unwrap_or(false),
        kinds: parse_list("kind", q.kind.as_deref())?,
        task_id: q.task_id.map(|t| t.to_string()),
        acked: q.acked,
    };
    let before = match decode_cursor(q.cursor.as_deref())? {
        Some((at, id)) => Some((crate::domain::paging::parse_stamp(&at)?, id)),
        None => None,
    };
    let limit = limit(q.limit)?;
    let inbox = st.db.read(move |c| notifications::list(c, &me.id, &filter, before, limit)).await?;
    Ok(web::Json(NotificationPage {
        items: inbox.items.into_iter().map(NotificationDto::from).collect(),
        next_cursor: inbox.next.as_ref().map(encode_cursor),
        total: inbox.total,
        unread_count: inbox.unread,
    }))
}

/// Mark a notification read
#[utoipa::path(tag = "notifications", responses(
    (status = 204, description = "Marked read"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/notifications/{notification_id}/read")]
pub async fn mark_notification_read(
    st: web::Data<AppState>,
    me: CurrentUser,
    notification_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = notification_id.into_inner().to_string();
    st.db.write(move |c| notifications::mark_read(c, &me.id, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Acknowledge a notification (已确认)
///
/// Records that the caller saw it and acts on it, and marks it read. Acknowledging again keeps
/// the first time (`acked_at`), which response-time rules and reports measure. Someone else's
/// notification answers 404.
#[utoipa::path(tag = "notifications", responses(
    (status = 204, description = "Acknowledged"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/notifications/{notification_id}/ack")]
pub async fn acknowledge_notification(
    st: web::Data<AppState>,
    me: CurrentUser,
    notification_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = notification_id.into_inner().to_string();
    st.db.write(move |c| notifications::acknowledge(c, &me.id, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark all my notifications read
#[utoipa::path(tag = "notifications", responses(
    (status = 204, description = "Marked read"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/notifications/read-all")]
pub async fn mark_all_notifications_read(st: web::Data<AppState>, me: CurrentUser) -> AppResult<HttpResponse> {
    st.db.write(move |c| notifications::mark_all_read(c, &me.id).map(|_| ())).await?;
    Ok(HttpResponse::NoContent().finish())
}
