//! The signed-in user: profile, password and personal access tokens.

use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::extract::{with_etag, CurrentUser, IfMatch, ValidJson};
use super::users::{uuid, UserDto};
use crate::db::tokens::AccessTokenRow;
use crate::db::{self, to_utc};
use crate::domain::auth;
use crate::domain::orgs::{self, UserPatch, UserView};
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::Locale;

/// The signed-in user, with their preferences.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeDto {
    #[serde(flatten)]
    pub user: UserDto,
    pub locale: Locale,
    /// IANA time zone used to show times (default Asia/Shanghai).
    pub time_zone: String,
}

impl From<UserView> for MeDto {
    fn from(v: UserView) -> Self {
        let locale = v.user.locale;
        let time_zone = v.user.time_zone.clone();
        Self { user: UserDto::from(v), locale, time_zone }
    }
}

fn valid_time_zone(tz: &str) -> Result<(), validator::ValidationError> {
    tz.parse::<chrono_tz::Tz>().map(|_| ()).map_err(|_| validator::ValidationError::new("time_zone"))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::api::double_option")]
    #[schema(value_type = Option<String>)]
    #[validate(length(max = 32))]
    #[schema(max_length = 32)]
    pub mobile: Option<Option<String>>,
    pub locale: Option<Locale>,
    #[validate(custom(function = "valid_time_zone"))]
    #[schema(example = "Asia/Shanghai")]
    pub time_zone: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub current_password: String,
    #[validate(length(min = 8, max = 256))]
    #[schema(min_length = 8, max_length = 256)]
    pub new_password: String,
}

/// A personal access token for integrations (the secret itself is never shown again).
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessTokenDto {
    pub id: Uuid,
    pub name: String,
    /// The first characters of the secret, to recognise it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    #[schema(required = true)]
    pub last_used_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub expires_at: Option<DateTime<Utc>>,
}

impl From<AccessTokenRow> for AccessTokenDto {
    fn from(r: AccessTokenRow) -> Self {
        Self {
            id: uuid(&r.id),
            name: r.name,
            prefix: r.prefix,
            created_at: to_utc(r.created_at),
            last_used_at: r.last_used_at.map(to_utc),
            expires_at: r.expires_at.map(to_utc),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessTokenList {
    pub items: Vec<AccessTokenDto>,
}

/// The new token: `token` is shown this once; use it as `Authorization: Bearer <token>`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedAccessTokenDto {
    pub token: String,
    #[serde(flatten)]
    pub info: AccessTokenDto,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAccessTokenRequest {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// Days until it expires; absent or null for no expiry.
    #[validate(range(min = 1, max = 3650))]
    #[schema(minimum = 1, maximum = 3650)]
    pub expires_in_days: Option<i64>,
}

/// The signed-in user
#[utoipa::path(tag = "me", responses(
    (status = 200, description = "OK", body = MeDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/me")]
pub async fn get_me(st: web::Data<AppState>, me: CurrentUser) -> AppResult<HttpResponse> {
    let v = st.db.read(move |c| orgs::me(c, &me.id)).await?;
    Ok(with_etag(StatusCode::OK, v.user.version, &MeDto::from(v)))
}

/// Change my profile (name, mobile, language, time zone)
#[utoipa::path(tag = "me", request_body = UpdateMeRequest,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = MeDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[patch("/me")]
pub async fn update_me(
    st: web::Data<AppState>,
    me: CurrentUser,
    if_match: IfMatch,
    body: ValidJson<UpdateMeRequest>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let patch =
        UserPatch { name: b.name, mobile: b.mobile, locale: b.locale, time_zone: b.time_zone, ..Default::default() };
    let v = st.db.write(move |c| orgs::update_me(c, &me.id, if_match.0, patch)).await?;
    Ok(with_etag(StatusCode::OK, v.user.version, &MeDto::from(v)))
}

/// Change my password
///
/// Every other session of the user ends; this one stays signed in.
#[utoipa::path(tag = "me", request_body = ChangePasswordRequest, responses(
    (status = 204, description = "Changed"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/me/password")]
pub async fn change_password(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<ChangePasswordRequest>,
) -> AppResult<HttpResponse> {
    me.require_session()?;
    let b = body.0;
    auth::change_password(&st.db, &st.passwords, &me.id, me.session_id.clone(), b.current_password, b.new_password)
        .await?;
    // Sessions ended here: this process trusts none from memory any more.
    st.sessions.forget_all();
    Ok(HttpResponse::NoContent().finish())
}

/// My personal access tokens
#[utoipa::path(tag = "me", responses(
    (status = 200, description = "OK", body = AccessTokenList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/me/tokens")]
pub async fn list_access_tokens(st: web::Data<AppState>, me: CurrentUser) -> AppResult<web::Json<AccessTokenList>> {
    let rows = st.db.read(move |c| db::tokens::list_access_tokens(c, &me.id)).await?;
    Ok(web::Json(AccessTokenList { items: rows.into_iter().map(AccessTokenDto::from).collect() }))
}

/// Create a personal access token
#[utoipa::path(tag = "me", request_body = CreateAccessTokenRequest, responses(
    (status = 201, description = "Created", body = CreatedAccessTokenDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/me/tokens")]
pub async fn create_access_token(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<CreateAccessTokenRequest>,
) -> AppResult<HttpResponse> {
    me.require_session()?;
    let b = body.0;
    let pat = st.db.write(move |c| auth::create_pat(c, &me.id, &b.name, b.expires_in_days)).await?;
    Ok(HttpResponse::Created().json(CreatedAccessTokenDto { token: pat.secret, info: pat.row.into() }))
}

/// Revoke a personal access token
#[utoipa::path(tag = "me", responses(
    (status = 204, description = "Revoked"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/me/tokens/{token_id}")]
pub async fn revoke_access_token(
    st: web::Data<AppState>,
    me: CurrentUser,
    token_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = token_id.into_inner().to_string();
    st.db.write(move |c| auth::revoke_pat(c, &me.id, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
