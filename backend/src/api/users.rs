//! The user directory and its administration.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::extract::{with_etag, CurrentUser, IfMatch, ValidJson};
use super::pagination::{decode_cursor, limit, page_dto};
use crate::db::to_utc;
use crate::domain::orgs::{self, NewUser, UserPatch, UserQuery, UserView};
use crate::domain::Role;
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;

/// A person in the company directory.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    #[schema(required = true)]
    pub mobile: Option<String>,
    #[schema(required = true)]
    pub department_id: Option<Uuid>,
    #[schema(required = true)]
    pub department_name: Option<String>,
    #[schema(required = true)]
    pub title: Option<String>,
    /// The leader escalations go to (分管领导).
    #[schema(required = true)]
    pub supervisor_id: Option<Uuid>,
    #[schema(required = true)]
    pub supervisor_name: Option<String>,
    pub role: Role,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Also sent as the `ETag`; send it back in `If-Match` to change the user.
    pub version: i64,
}

/// Parses an id we stored; ids are always UUIDs, so a failure is a broken row.
pub(crate) fn uuid(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap_or_default()
}

impl From<UserView> for UserDto {
    fn from(v: UserView) -> Self {
        let u = v.user;
        Self {
            id: uuid(&u.id),
            email: u.email,
            name: u.name,
            mobile: u.mobile,
            department_id: u.department_id.as_deref().map(uuid),
            department_name: v.department_name,
            title: u.title,
            supervisor_id: u.supervisor_id.as_deref().map(uuid),
            supervisor_name: v.supervisor_name,
            role: u.role,
            is_active: u.is_active,
            created_at: to_utc(u.created_at),
            updated_at: to_utc(u.updated_at),
            version: u.version,
        }
    }
}

page_dto!(UserPage, UserDto);

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Matches name, email or mobile (case-insensitive substring).
    pub q: Option<String>,
    pub department_id: Option<Uuid>,
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[validate(email, length(max = 254))]
    #[schema(max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[validate(length(min = 8, max = 256))]
    #[schema(min_length = 8, max_length = 256)]
    pub password: String,
    #[validate(length(max = 32))]
    #[schema(max_length = 32)]
    pub mobile: Option<String>,
    pub department_id: Option<Uuid>,
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    pub title: Option<String>,
    pub supervisor_id: Option<Uuid>,
    pub role: Role,
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    #[validate(email, length(max = 254))]
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "crate::api::double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 32))]
    #[schema(max_length = 32)]
    pub mobile: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::api::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub department_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "crate::api::double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::api::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub supervisor_id: Option<Option<Uuid>>,
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    /// Sets a new password (ends the user's sessions).
    #[validate(length(min = 8, max = 256))]
    #[schema(min_length = 8, max_length = 256)]
    pub password: Option<String>,
}

/// List and search users
///
/// Every signed-in user may search the directory (for pickers and @mentions). Sorted by name.
#[utoipa::path(tag = "users", params(UserListQuery), responses(
    (status = 200, description = "OK", body = UserPage),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/users")]
pub async fn list_users(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<UserListQuery>,
) -> AppResult<web::Json<UserPage>> {
    let q = q.into_inner();
    let query = UserQuery {
        q: q.q,
        department_id: q.department_id.map(|d| d.to_string()),
        role: q.role,
        is_active: q.is_active,
        after: decode_cursor(q.cursor.as_deref())?,
        limit: limit(q.limit)?,
    };
    let page = st.db.read(move |c| orgs::list_users(c, &me.id, &query)).await?;
    Ok(web::Json(UserPage::from_domain(page, UserDto::from)))
}

/// Get one user
#[utoipa::path(tag = "users", responses(
    (status = 200, description = "OK", body = UserDto, headers(("ETag" = String, description = "The user's version"))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/users/{user_id}")]
pub async fn get_user(st: web::Data<AppState>, me: CurrentUser, user_id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    let id = user_id.into_inner().to_string();
    let v = st.db.read(move |c| orgs::get_user(c, &me.id, &id)).await?;
    Ok(with_etag(StatusCode::OK, v.user.version, &UserDto::from(v)))
}

/// Create a user (admins)
#[utoipa::path(tag = "users", request_body = CreateUserRequest, responses(
    (status = 201, description = "Created", body = UserDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/users")]
pub async fn create_user(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<CreateUserRequest>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let password_hash = st.passwords.hash(b.password.clone()).await?;
    let input = NewUser {
        email: b.email,
        name: b.name,
        password_hash,
        mobile: b.mobile,
        department_id: b.department_id.map(|d| d.to_string()),
        title: b.title,
        supervisor_id: b.supervisor_id.map(|d| d.to_string()),
        role: b.role,
    };
    let v = st.db.write(move |c| orgs::create_user(c, &me.id, input)).await?;
    Ok(with_etag(StatusCode::CREATED, v.user.version, &UserDto::from(v)))
}

/// Change a user (admins)
///
/// Needs `If-Match` with the version last read. Deactivating a user or setting a password
/// ends their sessions.
#[utoipa::path(tag = "users", request_body = UpdateUserRequest,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = UserDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[patch("/users/{user_id}")]
pub async fn update_user(
    st: web::Data<AppState>,
    me: CurrentUser,
    user_id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<UpdateUserRequest>,
) -> AppResult<HttpResponse> {
    let id = user_id.into_inner().to_string();
    let b = body.0;
    let password_hash = match b.password {
        Some(p) => Some(st.passwords.hash(p).await?),
        None => None,
    };
    let patch = UserPatch {
        email: b.email,
        name: b.name,
        mobile: b.mobile,
        department_id: b.department_id.map(|d| d.map(|d| d.to_string())),
        title: b.title,
        supervisor_id: b.supervisor_id.map(|d| d.map(|d| d.to_string())),
        role: b.role,
        is_active: b.is_active,
        password_hash,
        ..Default::default()
    };
    let v = st.db.write(move |c| orgs::update_user(c, &me.id, &id, if_match.0, patch)).await?;
    // A new password or a deactivation ended their sessions: trust none from memory.
    st.sessions.forget_all();
    Ok(with_etag(StatusCode::OK, v.user.version, &UserDto::from(v)))
}
