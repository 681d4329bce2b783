//! Collaborating departments' answers to a task (部门响应): who has accepted, declined or not
//! answered yet, and a head's accept or decline.

use actix_web::{get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::departments::{user_ref, UserRef};
use super::extract::{CurrentUser, ValidJson};
use super::users::uuid;
use crate::db::{from_utc, to_utc};
use crate::domain::tasks::responses::{self, AcceptInput, ResponseView};
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::ResponseState;

/// A collaborating department's answer to the task.
#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentResponseDto {
    pub department_id: Uuid,
    pub department_name: String,
    pub state: ResponseState,
    /// When the department was asked (the task's publication, or when it was added).
    pub asked_at: DateTime<Utc>,
    /// Pending: when the acknowledgement clock runs out (working time).
    pub answer_by: Option<DateTime<Utc>>,
    /// Pending past `answer_by`.
    pub late: bool,
    pub responded_by: Option<UserRef>,
    pub responded_at: Option<DateTime<Utc>>,
    /// Why the department declined.
    pub reason: Option<String>,
    /// Accepted: the subtask that carries the department's part.
    pub subtask_id: Option<Uuid>,
    pub subtask_title: Option<String>,
    pub subtask_owner_name: Option<String>,
    /// The caller may answer for the department now (one of its heads, or an administrator).
    pub can_respond: bool,
}

impl From<ResponseView> for DepartmentResponseDto {
    fn from(v: ResponseView) -> Self {
        let r = v.row;
        Self {
            department_id: uuid(&r.department_id),
            department_name: v.department_name,
            state: r.state,
            asked_at: to_utc(r.asked_at),
            answer_by: v.answer_by.map(to_utc),
            late: v.late,
            responded_by: r
                .responded_by
                .as_deref()
                .map(|id| user_ref(id, v.responded_by_name.as_deref().unwrap_or(""))),
            responded_at: r.responded_at.map(to_utc),
            reason: r.reason,
            subtask_id: r.subtask_id.as_deref().map(uuid),
            subtask_title: v.subtask_title,
            subtask_owner_name: v.subtask_owner_name,
            can_respond: v.can_respond,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentResponseList {
    /// The departments asked (all but the initiating one), by name; empty for a draft or a subtask.
    pub items: Vec<DepartmentResponseDto>,
}

fn list_of(views: Vec<ResponseView>) -> web::Json<DepartmentResponseList> {
    web::Json(DepartmentResponseList { items: views.into_iter().map(DepartmentResponseDto::from).collect() })
}

/// The collaborating departments' answers
#[utoipa::path(tag = "tasks", responses(
    (status = 200, description = "OK", body = DepartmentResponseList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/department-responses")]
pub async fn list_department_responses(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<web::Json<DepartmentResponseList>> {
    let id = task_id.into_inner().to_string();
    let views = st.db.read(move |c| responses::list(c, &me.id, &id)).await?;
    Ok(list_of(views))
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptRequest {
    /// Who does the department's part: a person of the department, who becomes the owner of a new
    /// subtask. Optional when the task already has a subtask of the department.
    pub owner_id: Option<Uuid>,
    /// The new subtask's title (default: "<department>：<task title>").
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    pub start_at: Option<DateTime<Utc>>,
    /// Default: the task's deadline.
    pub due_at: Option<DateTime<Utc>>,
}

/// Accept for a department
///
/// By a head of the department (or an administrator): the department takes part, and the person
/// named owns its part as a subtask (or the subtask split off to it already does).
#[utoipa::path(tag = "tasks", request_body = AcceptRequest, responses(
    (status = 200, description = "Every department's answer after this one", body = DepartmentResponseList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/department-responses/{department_id}/accept")]
pub async fn accept_department_response(
    st: web::Data<AppState>,
    me: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<AcceptRequest>,
) -> AppResult<web::Json<DepartmentResponseList>> {
    let (task, dept) = path.into_inner();
    let (task, dept) = (task.to_string(), dept.to_string());
    let b = body.0;
    let input = AcceptInput {
        owner_id: b.owner_id.map(|u| u.to_string()),
        title: b.title,
        start_at: b.start_at.map(from_utc),
        due_at: b.due_at.map(from_utc),
    };
    let views = st.db.write(move |c| responses::accept(c, &me.id, &task, &dept, input)).await?;
    Ok(list_of(views))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclineRequest {
    /// Why the department does not take part: the task's owner reads it.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// Decline for a department
///
/// By a head of the department (or an administrator), with the reason the task's owner reads.
#[utoipa::path(tag = "tasks", request_body = DeclineRequest, responses(
    (status = 200, description = "Every department's answer after this one", body = DepartmentResponseList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/department-responses/{department_id}/decline")]
pub async fn decline_department_response(
    st: web::Data<AppState>,
    me: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<DeclineRequest>,
) -> AppResult<web::Json<DepartmentResponseList>> {
    let (task, dept) = path.into_inner();
    let (task, dept) = (task.to_string(), dept.to_string());
    let reason = body.0.reason;
    let views = st.db.write(move |c| responses::decline(c, &me.id, &task, &dept, &reason)).await?;
    Ok(list_of(views))
}
