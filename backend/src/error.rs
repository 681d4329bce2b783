//! One error type for the whole backend, rendered as RFC 9457 `application/problem+json`.

use std::collections::BTreeMap;
use std::fmt;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};
use strum::EnumIter;
use utoipa::ToSchema;

/// Stable, machine-readable error codes. The UI translates them; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthenticated,
    InvalidCredentials,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    BadRequest,
    ValidationFailed,
    Conflict,
    /// The status workflow does not allow this move; `allowed` lists the legal next statuses.
    InvalidTransition,
    /// A task cannot be done while subtasks are open; `allowed` lists their ids.
    OpenSubtasks,
    /// The task waits for predecessors; `allowed` lists their ids.
    TaskBlocked,
    /// The dependency would close a cycle; `allowed` lists the cycle's task ids in order.
    DependencyCycle,
    VersionMismatch,
    PreconditionRequired,
    PayloadTooLarge,
    UnsupportedMediaType,
    /// A `Range` outside the content; `detail` gives its size.
    RangeNotSatisfiable,
    TooManyRequests,
    Internal,
    ServiceUnavailable,
    /// The search index is being built (first start, or rebuilt); `Retry-After` says when to ask again.
    IndexBuilding,
    /// A robot, mail server or webhook receiver refused or did not answer; `detail` says what it said.
    DeliveryFailed,
}

impl ErrorCode {
    /// The code as clients see it in problem+json (`not_found`), for storing a failure.
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => format!("{self:?}"),
        }
    }

    /// The code named `name` (as stored by [`ErrorCode::name`]), if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
    }

    /// The one place that maps a code to its HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            Self::Unauthenticated | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict
            | Self::InvalidTransition
            | Self::OpenSubtasks
            | Self::TaskBlocked
            | Self::DependencyCycle => StatusCode::CONFLICT,
            Self::VersionMismatch => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RangeNotSatisfiable => StatusCode::RANGE_NOT_SATISFIABLE,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::ServiceUnavailable | Self::IndexBuilding => StatusCode::SERVICE_UNAVAILABLE,
            Self::DeliveryFailed => StatusCode::BAD_GATEWAY,
        }
    }
}

/// Per-field messages: field path → list of short message codes ("length", "email", ...).
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// RFC 9457 problem details, as sent to clients.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemDetails {
    /// Always `about:blank`: the `code` field carries the meaning.
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    /// English explanation for developers; UIs translate `code` instead.
    pub detail: String,
    pub code: ErrorCode,
    /// Field path → message codes ("required", "length", "taken", "cycle", "not_found", ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<std::collections::HashMap<String, Vec<String>>>)]
    pub errors: Option<FieldErrors>,
    /// For workflow conflicts: the legal next values (or the ids that stand in the way).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// The people the error is about, e.g. those who cannot see the task (`cannot_see_task`), so a
    /// client can name them in its own language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people: Option<Vec<ProblemPerson>>,
}

/// A person an error is about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProblemPerson {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
}

#[derive(Debug)]
pub struct AppError {
    pub code: ErrorCode,
    pub detail: String,
    pub fields: Option<FieldErrors>,
    pub retry_after_secs: Option<u64>,
    pub allowed: Option<Box<Vec<String>>>,
    /// Boxed (like `allowed`): rare, and an `AppResult` stays small.
    pub people: Option<Box<Vec<ProblemPerson>>>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            fields: None,
            retry_after_secs: None,
            allowed: None,
            people: None,
            source: None,
        }
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }
    pub fn forbidden(reason: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, reason)
    }
    pub fn unauthenticated(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthenticated, detail)
    }
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, detail)
    }
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, detail)
    }
    /// A validation failure on one field, with a short message code.
    pub fn field(field: &str, message: &str, detail: impl Into<String>) -> Self {
        let mut fields = FieldErrors::new();
        fields.insert(field.to_owned(), vec![message.to_owned()]);
        Self { fields: Some(fields), ..Self::new(ErrorCode::ValidationFailed, detail) }
    }
    pub fn validation(fields: FieldErrors, detail: impl Into<String>) -> Self {
        Self { fields: Some(fields), ..Self::new(ErrorCode::ValidationFailed, detail) }
    }
    pub fn internal(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self { source: Some(source.into()), ..Self::new(ErrorCode::Internal, "internal error") }
    }
    pub fn version_mismatch() -> Self {
        Self::new(ErrorCode::VersionMismatch, "the resource was changed by someone else; reload it and try again")
    }
    pub fn with_source(mut self, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }
    pub fn with_allowed(mut self, allowed: Vec<&str>) -> Self {
        self.allowed = Some(Box::new(allowed.into_iter().map(str::to_owned).collect()));
        self
    }
    /// Names the people the error is about (`(id, name)`).
    pub fn with_people(mut self, people: Vec<(String, String)>) -> Self {
        self.people = Some(Box::new(people.into_iter().map(|(id, name)| ProblemPerson { id, name }).collect()));
        self
    }
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    fn title(&self) -> &'static str {
        self.code.status().canonical_reason().unwrap_or("Error")
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.code, self.detail)?;
        if let Some(src) = &self.source {
            write!(f, " ({src})")?;
        }
        Ok(())
    }
}

impl std::error::Error for AppError {}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        if self.code == ErrorCode::Internal {
            tracing::error!(error = %self, "internal error");
        }
        let body = ProblemDetails {
            type_: "about:blank".into(),
            title: self.title().into(),
            status: self.code.status().as_u16(),
            detail: self.detail.clone(),
            code: self.code,
            errors: self.fields.clone(),
            allowed: self.allowed.as_deref().cloned(),
            people: self.people.as_deref().cloned(),
        };
        let mut res = HttpResponse::build(self.status_code());
        res.content_type("application/problem+json");
        if let Some(secs) = self.retry_after_secs {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if let (ErrorCode::MethodNotAllowed, Some(allowed)) = (self.code, &self.allowed) {
            res.insert_header((header::ALLOW, allowed.join(", ")));
        }
        res.json(body)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match &e {
            Error::NotFound => Self::not_found("resource"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                Self::conflict(format!("already exists: {}", info.message()))
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                Self::new(ErrorCode::ServiceUnavailable, "concurrent update, please retry").with_retry_after(1)
            }
            _ => Self::internal(e),
        }
    }
}

impl From<r2d2::Error> for AppError {
    fn from(e: r2d2::Error) -> Self {
        tracing::warn!(error = %e, "database pool exhausted or unreachable");
        Self {
            source: Some(Box::new(e)),
            ..Self::new(ErrorCode::ServiceUnavailable, "database unavailable").with_retry_after(1)
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::internal(e)
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(errs: validator::ValidationErrors) -> Self {
        let mut fields = FieldErrors::new();
        collect_validation(&errs, "", &mut fields);
        Self::validation(fields, "the request has invalid fields")
    }
}

fn collect_validation(errs: &validator::ValidationErrors, prefix: &str, out: &mut FieldErrors) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errs.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                out.entry(path).or_default().extend(list.iter().map(|e| e.code.to_string()));
            }
            ValidationErrorsKind::Struct(inner) => collect_validation(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect_validation(inner, &format!("{path}[{i}]"), out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_code_maps_to_an_error_status() {
        for code in ErrorCode::iter() {
            assert!(code.status().as_u16() >= 400, "{code:?}");
        }
    }

    #[test]
    fn code_names_are_the_problem_json_codes() {
        assert_eq!(ErrorCode::NotFound.name(), "not_found");
        assert_eq!(ErrorCode::RangeNotSatisfiable.name(), "range_not_satisfiable");
        for code in ErrorCode::iter() {
            assert_eq!(serde_json::to_value(code).expect("serializes"), serde_json::Value::String(code.name()));
            assert_eq!(ErrorCode::from_name(&code.name()), Some(code));
        }
        assert_eq!(ErrorCode::from_name("no_such_code"), None);
    }

    #[test]
    fn internal_errors_hide_their_source() {
        let e = AppError::internal(std::io::Error::other("secret path /etc/x"));
        let res = e.error_response();
        assert_eq!(res.status(), 500);
        assert_eq!(e.detail, "internal error");
    }
}
