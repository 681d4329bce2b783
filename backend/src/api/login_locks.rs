//! Sign-in locks (administrators): which addresses, accounts and devices are throttled, and
//! clearing them.

use actix_web::{delete, get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::CurrentUser;
use crate::db::to_utc;
use crate::domain::login_locks::{self, LockKind, LockView};
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginLockDto {
    pub id: Uuid,
    pub kind: LockKind,
    /// The client address (IPv6: its /64), the account's email, or the device's id.
    pub subject: String,
    /// Failures counted in the current window.
    pub failures: i32,
    pub is_locked: bool,
    /// When the lock ends (`null` when not locked).
    #[schema(required = true)]
    pub locked_until: Option<DateTime<Utc>>,
    /// Locks in a row: the next lasts twice as long.
    pub lock_count: i32,
    pub last_failure_at: DateTime<Utc>,
}

impl From<LockView> for LoginLockDto {
    fn from(v: LockView) -> Self {
        let r = v.row;
        Self {
            id: super::users::uuid(&r.id),
            kind: v.kind,
            subject: r.subject,
            failures: r.failures,
            is_locked: v.locked_for.is_some(),
            locked_until: v.locked_for.and(r.locked_until).map(to_utc),
            lock_count: r.lock_count,
            last_failure_at: to_utc(r.last_failure_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginLockList {
    /// Locked now, or with failures in the last window; most recent failure first (at most 500).
    pub items: Vec<LoginLockDto>,
}

/// Sign-in locks and failures (administrators)
#[utoipa::path(tag = "auth", responses(
    (status = 200, description = "OK", body = LoginLockList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/login-locks")]
pub async fn list_login_locks(st: web::Data<AppState>, me: CurrentUser) -> AppResult<web::Json<LoginLockList>> {
    let policy = st.throttle_policy();
    let items = st.db.read(move |c| login_locks::list(c, &me.id, policy)).await?;
    Ok(web::Json(LoginLockList { items: items.into_iter().map(LoginLockDto::from).collect() }))
}

/// Clear a sign-in lock and its failures (administrators; audited)
#[utoipa::path(tag = "auth", params(("lock_id" = Uuid, Path)), responses(
    (status = 204, description = "Cleared"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/login-locks/{lock_id}")]
pub async fn clear_login_lock(
    st: web::Data<AppState>,
    me: CurrentUser,
    lock_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = lock_id.into_inner().to_string();
    st.db.write(move |c| login_locks::clear(c, &me.id, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
