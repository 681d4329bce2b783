//! Help requests, weekly summaries and the working calendar of the reminder engine.

use actix_web::http::StatusCode;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::departments::UserRef;
use super::extract::{with_etag, CurrentUser, OptionalIfMatch, ValidJson};
use super::users::uuid;
use crate::db::help::WeeklyRow;
use crate::db::to_utc;
use crate::domain::help::{self, HelpView};
use crate::domain::weekly;
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::HelpStatus;

#[derive(Debug, Serialize, ToSchema)]
pub struct HelpRequestDto {
    pub id: Uuid,
    pub task_id: Uuid,
    pub task_title: String,
    pub requester: UserRef,
    pub department_id: Uuid,
    pub department_name: String,
    /// The head asked.
    pub assignee: UserRef,
    pub what: String,
    pub status: HelpStatus,
    #[schema(required = true)]
    pub answer: Option<String>,
    #[schema(required = true)]
    pub answered_by: Option<UserRef>,
    #[schema(required = true)]
    pub answered_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub escalated_to: Option<UserRef>,
    #[schema(required = true)]
    pub escalated_at: Option<DateTime<Utc>>,
    /// While open: when it escalates to the head's supervisor (24 working hours), for a countdown.
    pub escalates_at: Option<DateTime<Utc>>,
    /// While open: years without an official holiday schedule that the countdown runs through
    /// (there it counts Monday to Friday only).
    pub calendar_fallback_years: Vec<i32>,
    pub created_at: DateTime<Utc>,
}

impl From<HelpView> for HelpRequestDto {
    fn from(v: HelpView) -> Self {
        let r = v.row;
        let person = |id: &str| UserRef { id: uuid(id), name: v.names.get(id).cloned().unwrap_or_default() };
        Self {
            id: uuid(&r.id),
            task_id: uuid(&r.task_id),
            task_title: v.task_title,
            requester: person(&r.requester_id),
            department_id: uuid(&r.department_id),
            department_name: v.department_name,
            assignee: person(&r.assignee_id),
            what: r.what,
            status: r.status,
            answer: r.answer,
            answered_by: r.answered_by.as_deref().map(person),
            answered_at: r.answered_at.map(to_utc),
            escalated_to: r.escalated_to.as_deref().map(person),
            escalated_at: r.escalated_at.map(to_utc),
            escalates_at: v.escalates_at.map(to_utc),
            calendar_fallback_years: v.fallback_years,
            created_at: to_utc(r.created_at),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateHelpRequest {
    pub task_id: Uuid,
    /// The department whose head is asked.
    pub department_id: Uuid,
    /// What is needed.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub what: String,
}

/// Ask another department's head for help (求助)
///
/// The head (added to the task's participants) is notified; without an answer in 24 working
/// hours the request escalates to the head's supervisor.
#[utoipa::path(tag = "reminders", request_body = CreateHelpRequest, responses(
    (status = 201, description = "Created", body = HelpRequestDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/help-requests")]
pub async fn create_help_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<CreateHelpRequest>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let (task, dept) = (b.task_id.to_string(), b.department_id.to_string());
    let v = st.db.write(move |c| help::create(c, &me.id, &task, &dept, &b.what)).await?;
    Ok(HttpResponse::Created().json(HelpRequestDto::from(v)))
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HelpBox {
    Sent,
    Received,
    All,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HelpQuery {
    /// `sent`, `received` (asked of me or escalated to me) or `all` (default).
    #[param(inline)]
    pub r#box: Option<HelpBox>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HelpRequestList {
    /// Newest first (the latest 200).
    pub items: Vec<HelpRequestDto>,
}

/// My help requests, sent and received
#[utoipa::path(tag = "reminders", params(HelpQuery), responses(
    (status = 200, description = "OK", body = HelpRequestList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/help-requests")]
pub async fn list_help_requests(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<HelpQuery>,
) -> AppResult<web::Json<HelpRequestList>> {
    let (sent, received) = match q.r#box.unwrap_or(HelpBox::All) {
        HelpBox::Sent => (true, false),
        HelpBox::Received => (false, true),
        HelpBox::All => (true, true),
    };
    let rows = st.db.read(move |c| help::list(c, &me.id, sent, received)).await?;
    Ok(web::Json(HelpRequestList { items: rows.into_iter().map(HelpRequestDto::from).collect() }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerHelpRequest {
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub answer: String,
}

/// Answer a help request
#[utoipa::path(tag = "reminders", request_body = AnswerHelpRequest, responses(
    (status = 200, description = "Answered", body = HelpRequestDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/help-requests/{help_request_id}/answer")]
pub async fn answer_help_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    help_request_id: web::Path<Uuid>,
    body: ValidJson<AnswerHelpRequest>,
) -> AppResult<web::Json<HelpRequestDto>> {
    let id = help_request_id.into_inner().to_string();
    let b = body.0;
    let v = st.db.write(move |c| help::answer(c, &me.id, &id, &b.answer)).await?;
    Ok(web::Json(HelpRequestDto::from(v)))
}

// ---------------------------------------------------------------- weekly summaries

#[derive(Debug, Serialize, ToSchema)]
pub struct WeeklySummaryDto {
    pub id: Uuid,
    pub department_id: Uuid,
    /// The Monday of the week (local date).
    pub week: String,
    pub author_id: Uuid,
    pub done: String,
    pub problems: String,
    pub next_week: String,
    pub updated_at: DateTime<Utc>,
    /// Also the `ETag`.
    pub version: i64,
}

impl From<WeeklyRow> for WeeklySummaryDto {
    fn from(r: WeeklyRow) -> Self {
        Self {
            id: uuid(&r.id),
            department_id: uuid(&r.department_id),
            week: r.week_start,
            author_id: uuid(&r.author_id),
            done: r.done,
            problems: r.problems,
            next_week: r.next_week,
            updated_at: to_utc(r.updated_at),
            version: r.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeeklySummaryList {
    /// Newest week first.
    pub items: Vec<WeeklySummaryDto>,
}

/// A department's weekly summaries
///
/// Read by the department's people and heads and by administrators.
#[utoipa::path(tag = "reminders", responses(
    (status = 200, description = "OK", body = WeeklySummaryList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/departments/{department_id}/weekly-summaries")]
pub async fn list_weekly_summaries(
    st: web::Data<AppState>,
    me: CurrentUser,
    department_id: web::Path<Uuid>,
) -> AppResult<web::Json<WeeklySummaryList>> {
    let id = department_id.into_inner().to_string();
    let rows = st.db.read(move |c| weekly::list(c, &me.id, &id)).await?;
    Ok(web::Json(WeeklySummaryList { items: rows.into_iter().map(WeeklySummaryDto::from).collect() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeeklyDraft {
    pub done: String,
    pub problems: String,
    pub next_week: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeeklySummaryWeek {
    /// The posted summary, if any.
    #[schema(required = true)]
    pub summary: Option<WeeklySummaryDto>,
    /// Prefilled from the department's tasks that week: done, open problems, next week's deadlines.
    pub draft: WeeklyDraft,
}

/// One week of a department: the summary and the platform's draft
#[utoipa::path(tag = "reminders", params(("week" = String, Path, format = Date, description = "The Monday, YYYY-MM-DD")), responses(
    (status = 200, description = "OK", body = WeeklySummaryWeek),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/departments/{department_id}/weekly-summaries/{week}")]
pub async fn get_weekly_summary(
    st: web::Data<AppState>,
    me: CurrentUser,
    path: web::Path<(Uuid, String)>,
) -> AppResult<web::Json<WeeklySummaryWeek>> {
    let (dept, week) = path.into_inner();
    let dept = dept.to_string();
    let (summary, d) = st.db.read(move |c| weekly::get(c, &me.id, &dept, &week)).await?;
    Ok(web::Json(WeeklySummaryWeek {
        summary: summary.map(WeeklySummaryDto::from),
        draft: WeeklyDraft { done: d.done, problems: d.problems, next_week: d.next_week },
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeeklySummaryRequest {
    #[serde(default)]
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub done: String,
    #[serde(default)]
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub problems: String,
    #[serde(default)]
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub next_week: String,
}

/// Post (or change) a week's summary
///
/// By the department's heads (or an administrator). Changing a posted summary wants `If-Match`.
#[utoipa::path(tag = "reminders", request_body = WeeklySummaryRequest,
    params(("week" = String, Path, format = Date, description = "The Monday, YYYY-MM-DD"),
        ("If-Match" = Option<String>, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "Saved", body = WeeklySummaryDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[put("/departments/{department_id}/weekly-summaries/{week}")]
pub async fn save_weekly_summary(
    st: web::Data<AppState>,
    me: CurrentUser,
    path: web::Path<(Uuid, String)>,
    if_match: OptionalIfMatch,
    body: ValidJson<WeeklySummaryRequest>,
) -> AppResult<HttpResponse> {
    let (dept, week) = path.into_inner();
    let dept = dept.to_string();
    let b = body.0;
    let expected = if_match.0;
    let row = st
        .db
        .write(move |c| weekly::save(c, &me.id, &dept, &week, expected, (b.done, b.problems, b.next_week)))
        .await?;
    Ok(with_etag(StatusCode::OK, row.version, &WeeklySummaryDto::from(row)))
}
