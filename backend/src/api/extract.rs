//! Request extractors shared by all handlers: the signed-in user, strict JSON bodies with
//! field-level errors, and `If-Match` versions.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use validator::Validate;

use crate::domain::auth::PAT_PREFIX;
use crate::domain::Role;
use crate::error::{AppError, AppResult, ErrorCode, FieldErrors};
use crate::state::AppState;

/// The caller, from `Authorization: Bearer <access JWT | personal access token>`.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: String,
    pub role: Role,
    /// The refresh-token family of an interactive session; `None` for personal access tokens.
    pub session_id: Option<String>,
}

impl CurrentUser {
    /// Some actions (minting tokens, changing the password) need an interactive session, so a
    /// leaked integration token cannot be used to create more.
    pub fn require_session(&self) -> AppResult<()> {
        match self.session_id {
            Some(_) => Ok(()),
            None => Err(AppError::forbidden("this action needs a signed-in session, not an access token")),
        }
    }
}

fn state(req: &HttpRequest) -> AppResult<web::Data<AppState>> {
    req.app_data::<web::Data<AppState>>().cloned().ok_or_else(|| AppError::internal("application state missing"))
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let st = state(req);
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(|t| t.trim().to_owned());
        Box::pin(async move {
            let st = st?;
            let token =
                token.ok_or_else(|| AppError::unauthenticated("sign in first: send Authorization: Bearer <token>"))?;
            if token.starts_with(PAT_PREFIX) {
                let user = st.db.write(move |c| crate::domain::auth::authenticate_pat(c, &token)).await?;
                let user = user.ok_or_else(|| AppError::unauthenticated("invalid, expired or revoked access token"))?;
                return Ok(CurrentUser { role: user.role, id: user.id, session_id: None });
            }
            let claims = st.keys.verify_access(&token)?;
            // A valid signature is not enough: the session must still stand (not signed out).
            st.sessions.ensure(&st.db, &claims.sid).await?;
            Ok(CurrentUser { id: claims.sub, role: claims.role, session_id: Some(claims.sid) })
        })
    }
}

/// The client's address: the peer's, or, when the peer is a trusted proxy
/// (`TANDEM_TRUSTED_PROXIES`), the nearest address in `X-Forwarded-For` that is not one. A
/// client cannot choose its address by sending the header itself.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub std::net::IpAddr);

impl ClientAddress {
    pub fn of(req: &HttpRequest, trusted: &[ipnet::IpNet]) -> Self {
        let unspecified = std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED);
        let peer = req.peer_addr().map_or(unspecified, |a| a.ip());
        let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|n| n.contains(ip));
        if !is_trusted(&peer) {
            return Self(peer);
        }
        let forwarded = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
            .collect::<Vec<_>>();
        Self(forwarded.into_iter().rev().find(|ip| !is_trusted(ip)).unwrap_or(peer))
    }
}

impl FromRequest for ClientAddress {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(state(req).map(|st| Self::of(req, &st.config.trusted_proxies)))
    }
}

/// A JSON body that is parsed strictly (unknown fields refused), with the path of the field
/// at fault, then validated. Everything wrong with it becomes problem+json.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| m == "application/json" || (m.starts_with("application/") && m.ends_with("+json")))
}

fn backticked(msg: &str) -> Option<String> {
    let start = msg.find('`')? + 1;
    let len = msg[start..].find('`')?;
    Some(msg[start..start + len].to_owned())
}

/// Maps a serde error to problem+json: syntax errors are 400, wrong data is 422 on a field.
fn json_error(err: serde_path_to_error::Error<serde_json::Error>) -> AppError {
    use serde_json::error::Category;
    let inner = err.inner();
    match inner.classify() {
        Category::Syntax | Category::Eof | Category::Io => AppError::bad_request(format!("malformed JSON: {inner}")),
        Category::Data => {
            let msg = inner.to_string();
            let path = err.path().to_string();
            // serde_path_to_error stops at the enclosing object for missing fields and at the
            // field itself for unknown ones; either way, name the field.
            let join = |f: String| {
                if path == "." {
                    f
                } else if path == f || path.ends_with(&format!(".{f}")) {
                    path.clone()
                } else {
                    format!("{path}.{f}")
                }
            };
            let (field, code) = if msg.starts_with("missing field") {
                (join(backticked(&msg).unwrap_or_default()), "required")
            } else if msg.starts_with("unknown field") {
                (join(backticked(&msg).unwrap_or_default()), "unknown")
            } else if msg.starts_with("invalid type") {
                (path, "type")
            } else if msg.starts_with("invalid length") {
                (path, "length")
            } else {
                (path, "invalid")
            };
            let field = if field.is_empty() || field == "." { "body".to_owned() } else { field };
            let mut fields = FieldErrors::new();
            fields.insert(field, vec![code.to_owned()]);
            AppError::validation(fields, msg)
        }
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = state(req).map(|s| s.config.max_json_bytes).unwrap_or(1 << 20);
        let json = is_json(req);
        let declared: Option<usize> =
            req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !json {
                return Err(AppError::new(ErrorCode::UnsupportedMediaType, "send the body as application/json"));
            }
            let too_large =
                || AppError::new(ErrorCode::PayloadTooLarge, format!("the body is larger than {limit} bytes"));
            if declared.is_some_and(|n| n > limit) {
                return Err(too_large());
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| AppError::bad_request(format!("could not read the body: {e}")))?;
                if body.len() + chunk.len() > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            // Every body of this API is a JSON object: serde would also read a struct from an
            // array (`[]` for `{}`), which the schema does not allow.
            if body.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| *b == b'[') {
                let mut fields = FieldErrors::new();
                fields.insert("body".to_owned(), vec!["type".to_owned()]);
                return Err(AppError::validation(fields, "the body must be a JSON object"));
            }
            let value: T = read_json(&body)?;
            value.validate()?;
            Ok(ValidJson(value))
        })
    }
}

/// Reads a JSON body into `T`: malformed JSON is 400, data that does not fit is 422 on its field.
/// A body is read straight into `T`; only one that sent a float where an integer belongs is read
/// again through a `Value` with its whole numbers as integers (the common case pays nothing).
fn read_json<T: DeserializeOwned>(body: &[u8]) -> AppResult<T> {
    match serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(body)) {
        Ok(value) => Ok(value),
        Err(e) if e.inner().to_string().starts_with("invalid type: floating point") => {
            let mut json: serde_json::Value =
                serde_json::from_slice(body).map_err(|e| AppError::bad_request(format!("malformed JSON: {e}")))?;
            whole_numbers_as_integers(&mut json);
            serde_path_to_error::deserialize(json).map_err(json_error)
        }
        Err(e) => Err(json_error(e)),
    }
}

/// JSON does not tell `3` from `3.0` (JSON Schema counts both as integers), so a whole number
/// written with a fraction is read as the integer it is; `3.5` for an integer field stays an error.
fn whole_numbers_as_integers(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            // Only where the float is exact: |x| < 2^53.
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0) {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// The version a client expects, from `If-Match: "<version>"`. Required on PATCH.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub i64);

impl FromRequest for IfMatch {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = match req.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok()) {
            None => Err(AppError::new(ErrorCode::PreconditionRequired, "send If-Match with the ETag you last read")),
            Some(v) => parse_etag(v).map(IfMatch).ok_or_else(|| {
                AppError::field(
                    "If-Match",
                    "invalid",
                    "If-Match takes the ETag you last read, e.g. \"3\" (`*` is not accepted: it would overwrite changes unseen)",
                )
            }),
        };
        std::future::ready(parsed)
    }
}

/// `If-Match` where it is optional: absent is `None`, malformed is still refused.
#[derive(Debug, Clone, Copy)]
pub struct OptionalIfMatch(pub Option<i64>);

impl FromRequest for OptionalIfMatch {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if !req.headers().contains_key(header::IF_MATCH) {
            return std::future::ready(Ok(Self(None)));
        }
        std::future::ready(IfMatch::from_request(req, payload).into_inner().map(|m| Self(Some(m.0))))
    }
}

/// The version in an ETag as this API writes it (`"3"`; also `W/"3"` and bare `3`).
fn parse_etag(v: &str) -> Option<i64> {
    let v = v.trim();
    let v = v.strip_prefix("W/").unwrap_or(v);
    let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v);
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// A JSON response with the resource version as its ETag.
pub fn with_etag<T: Serialize>(status: actix_web::http::StatusCode, version: i64, body: &T) -> HttpResponse {
    HttpResponse::build(status).insert_header((header::ETAG, format!("\"{version}\""))).json(body)
}

/// Maps errors of actix's own query/path extractors to problem+json.
/// A comma-separated query parameter of a closed set (`status=published,in_progress`): an unknown
/// value is a 422 naming the parameter.
pub fn parse_list<T: std::str::FromStr>(field: &str, raw: Option<&str>) -> AppResult<Vec<T>> {
    let Some(raw) = raw else { return Ok(Vec::new()) };
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| AppError::field(field, "invalid", format!("unknown {field} {s:?}"))))
        .collect()
}

/// A query parameter of one typed value (`type=pdf`, `task_id=<uuid>`, `updated_from=2026-11-01`):
/// a value that does not parse is a 422 naming the parameter; empty counts as absent.
pub fn parse_one<T: std::str::FromStr>(field: &str, raw: Option<&str>) -> AppResult<Option<T>> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| AppError::field(field, "invalid", format!("invalid {field} {s:?}"))))
        .transpose()
}

pub fn query_error(err: actix_web::error::QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    let mut fields = FieldErrors::new();
    fields.insert("query".into(), vec!["invalid".into()]);
    AppError::validation(fields, format!("invalid query string: {err}")).into()
}

pub fn path_error(_: actix_web::error::PathError, _: &HttpRequest) -> actix_web::Error {
    AppError::not_found("resource").into()
}

pub fn json_config_error(err: actix_web::error::JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    AppError::bad_request(format!("invalid JSON body: {err}")).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, Validate)]
    #[serde(deny_unknown_fields)]
    struct Body {
        #[validate(length(min = 1))]
        name: String,
        inner: Option<Inner>,
    }
    #[derive(Debug, serde::Deserialize, Validate)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        n: i32,
    }

    fn parse(s: &str) -> AppError {
        read_json::<Body>(s.as_bytes()).expect_err("must fail")
    }

    #[test]
    fn json_errors_name_the_field() {
        let e = parse(r#"{"name": 5}"#);
        assert_eq!(e.code, ErrorCode::ValidationFailed);
        assert_eq!(e.fields.as_ref().and_then(|f| f.get("name")), Some(&vec!["type".to_owned()]));
        let e = parse(r#"{"name": "a", "x": 1}"#);
        assert_eq!(e.fields.as_ref().and_then(|f| f.get("x")), Some(&vec!["unknown".to_owned()]));
        let e = parse(r#"{}"#);
        assert_eq!(e.fields.as_ref().and_then(|f| f.get("name")), Some(&vec!["required".to_owned()]));
        let e = parse(r#"{"name":"a","inner":{"n":"x"}}"#);
        assert_eq!(e.fields.as_ref().and_then(|f| f.get("inner.n")), Some(&vec!["type".to_owned()]));
        let e = parse(r#"{"name": "#);
        assert_eq!(e.code, ErrorCode::BadRequest);
    }

    #[test]
    fn whole_numbers_written_with_a_fraction_are_integers() {
        let b: Body = read_json(br#"{"name": "a", "inner": {"n": 60.0}}"#).expect("60.0 is 60");
        assert_eq!(b.inner.map(|i| i.n), Some(60));
        let e = parse(r#"{"name":"a","inner":{"n":60.5}}"#);
        assert_eq!(e.fields.as_ref().and_then(|f| f.get("inner.n")), Some(&vec!["type".to_owned()]));
        let e = parse(r#"{"name":"a","inner":{"n":1e300}}"#);
        assert_eq!(e.fields.as_ref().and_then(|f| f.get("inner.n")), Some(&vec!["type".to_owned()]));
    }
}
