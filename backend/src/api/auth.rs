//! Sign-in, session refresh and sign-out.

use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::extract::{ClientAddress, ValidJson};
use super::me::MeDto;
use crate::db::to_utc;
use crate::domain::auth::{self, Session};
use crate::domain::login_locks::address_key;
use crate::domain::orgs::UserView;
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    #[schema(example = "zhangsan@demo.tandem.cn")]
    pub email: String,
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub password: String,
    /// The `device_token` an earlier sign-in to this account returned to this browser or app.
    /// A known device is not locked out when others fail to sign in to the account.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub device_token: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub refresh_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Single-use: each refresh returns a new one, and reusing an old one ends the session.
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
    pub user: MeDto,
    /// After a sign-in from a device the account did not know: keep it and send it with the
    /// next sign-ins to this account (`null` when the device was known, and after a refresh).
    #[schema(required = true)]
    pub device_token: Option<String>,
}

async fn session_response(st: &AppState, s: Session) -> AppResult<TokenResponse> {
    let user_id = s.user.id.clone();
    // The names next to the user come from a directory lookup, outside the auth transaction.
    let view: UserView = st.db.read(move |c| crate::domain::orgs::me(c, &user_id)).await?;
    Ok(TokenResponse {
        access_token: s.access_token,
        token_type: "Bearer".into(),
        expires_in: st.keys.access_ttl_secs,
        refresh_token: s.refresh_token,
        refresh_expires_at: to_utc(s.refresh_expires_at),
        user: MeDto::from(view),
        device_token: s.device_token,
    })
}

/// Sign in with email and password
///
/// Returns a short-lived access token and a rotating refresh token. Failures are counted per
/// client address, per account (for devices it does not know) and per known device; a key
/// that failed too often is locked for a while, doubling each time: 429 with `Retry-After`. A
/// device that signed in before (`device_token`) is not locked out by others' failures. 503
/// with `Retry-After` when too many sign-ins arrive at once.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, description = "OK", body = TokenResponse),
    (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = ProblemDetails, content_type = "application/problem+json"),
    (status = 429, description = "Too many failed attempts", body = ProblemDetails, content_type = "application/problem+json"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")))]
#[post("/auth/login")]
pub async fn login(
    st: web::Data<AppState>,
    from: ClientAddress,
    body: ValidJson<LoginRequest>,
) -> AppResult<web::Json<TokenResponse>> {
    let b = body.0;
    let attempt = auth::LoginAttempt {
        email: b.email,
        password: b.password,
        address: address_key(from.0),
        device_token: b.device_token,
    };
    let s =
        auth::login(&st.db, &st.keys, &st.passwords, st.throttle_policy(), st.config.refresh_token_ttl_days, attempt)
            .await?;
    Ok(web::Json(session_response(&st, s).await?))
}

/// Exchange a refresh token for new tokens
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "OK", body = TokenResponse),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")))]
#[post("/auth/refresh")]
pub async fn refresh_session(
    st: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> AppResult<web::Json<TokenResponse>> {
    let s = auth::refresh(&st.db, &st.keys, st.config.refresh_token_ttl_days, &body.0.refresh_token).await?;
    Ok(web::Json(session_response(&st, s).await?))
}

/// Sign out: revoke the session of this refresh token
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 204, description = "Signed out"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")))]
#[post("/auth/logout")]
pub async fn logout(st: web::Data<AppState>, body: ValidJson<RefreshRequest>) -> AppResult<HttpResponse> {
    let token = body.0.refresh_token;
    st.db.write(move |c| auth::logout(c, &token)).await?;
    // Its access tokens stop working here at once (other processes within LiveSessions::TRUST).
    st.sessions.forget_all();
    Ok(HttpResponse::NoContent().finish())
}
