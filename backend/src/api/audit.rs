//! The audit log, for administrators.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::departments::UserRef;
use super::extract::parse_list;
use super::extract::CurrentUser;
use super::pagination::{decode_cursor, limit, page_dto};
use super::users::uuid;
use crate::db::{from_utc, to_utc};
use crate::domain::audit::{self, AuditKind, AuditQuery, AuditView};
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;

/// One security-relevant event.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventDto {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub kind: AuditKind,
    /// Who acted; `null` for a failed sign-in to an unknown account.
    #[schema(required = true)]
    pub actor: Option<UserRef>,
    /// `user`, `access_token`, `department` or `task`.
    #[schema(required = true)]
    pub subject_type: Option<String>,
    #[schema(required = true)]
    pub subject_id: Option<String>,
    /// Details, e.g. `{"email": …}` for a failed sign-in or the fields a permission change touched.
    #[schema(value_type = std::collections::HashMap<String, serde_json::Value>)]
    pub detail: serde_json::Value,
    /// What the subject and the ids in `detail` are called (people, departments, tasks, files,
    /// tokens, robots), by id, so the event reads as names; ids of what no longer exists are absent.
    pub names: std::collections::BTreeMap<String, String>,
}

impl From<AuditView> for AuditEventDto {
    fn from(v: AuditView) -> Self {
        let r = v.row;
        Self {
            id: uuid(&r.id),
            at: to_utc(r.at),
            kind: r.kind,
            actor: r.actor_id.as_deref().map(|id| UserRef { id: uuid(id), name: v.actor_name.unwrap_or_default() }),
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            detail: serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::Null),
            names: v.names,
        }
    }
}

page_dto!(AuditEventPage, AuditEventDto);

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQueryParams {
    /// Events of this person.
    pub actor_id: Option<Uuid>,
    /// e.g. `login_failed,token_created`.
    pub kind: Option<String>,
    /// From this moment on (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this moment.
    pub to: Option<DateTime<Utc>>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The audit log
///
/// Sign-ins and failures, revoked sessions, password and token changes, users created, role,
/// department and active-flag changes, department heads, confidential tasks opened; newest
/// first. Administrators only (403 for everyone else).
#[utoipa::path(tag = "audit", params(AuditQueryParams), responses(
    (status = 200, description = "OK", body = AuditEventPage),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/audit-events")]
pub async fn list_audit_events(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<AuditQueryParams>,
) -> AppResult<web::Json<AuditEventPage>> {
    let q = q.into_inner();
    let query = AuditQuery {
        actor_id: q.actor_id.map(|a| a.to_string()),
        kinds: parse_list("kind", q.kind.as_deref())?,
        from: q.from.map(from_utc),
        to: q.to.map(from_utc),
        after: decode_cursor(q.cursor.as_deref())?,
        limit: limit(q.limit)?,
    };
    let page = st.db.read(move |c| audit::list(c, &me.id, query)).await?;
    Ok(web::Json(AuditEventPage::from_domain(page, AuditEventDto::from)))
}
