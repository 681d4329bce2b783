//! Resource requests (资源申请) and approvals (审批): the request form of a resource-request task,
//! submitting and withdrawing it, the approvers' actions, the approvals page's boxes, and the
//! approval flows administrators define.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::departments::{user_ref, UserRef};
use super::extract::{with_etag, CurrentUser, IfMatch, OptionalIfMatch, ValidJson};
use super::pagination::{decode_cursor, encode_cursor, limit};
use super::users::uuid;
use crate::db::approvals::{ApprovalBox, AssignmentRow};
use crate::db::to_utc;
use crate::domain::approvals::boxes::{self, BoxItem};
use crate::domain::approvals::decide::{self, Decision};
use crate::domain::approvals::flows::{self, Conditions, Flow, FlowInput, FlowStep, WORKING_DAY_MINUTES};
use crate::domain::approvals::form::RequestForm;
use crate::domain::approvals::request::{self, RequestView, SubmissionView};
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::{Amount, ApprovalMode, AssignmentOrigin, AssignmentState, Currency, RequestStatus};

// ---------------------------------------------------------------- DTOs

/// An amount of money: an exact decimal string and its currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct MoneyDto {
    #[schema(example = "50000.00")]
    pub amount: String,
    pub currency: Currency,
}

/// One approver's place in a step.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentDto {
    pub id: Uuid,
    pub approver: UserRef,
    pub state: AssignmentState,
    pub origin: AssignmentOrigin,
    /// Who transferred or added them.
    #[schema(required = true)]
    pub via: Option<UserRef>,
    /// When the request began to wait on them.
    #[schema(required = true)]
    pub activated_at: Option<DateTime<Utc>>,
    /// While they are waited on: when the step's SLA passes (working calendar), for a countdown.
    #[schema(required = true)]
    pub due_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub acted_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub comment: Option<String>,
    /// Decided without acting: they had approved the previous step (或 the step ended without them).
    pub automatic: bool,
    /// The form revision they decided on.
    #[schema(required = true)]
    pub seen_revision: Option<i64>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// Not reached yet.
    Waiting,
    /// The request waits on this step.
    Active,
    /// Passed.
    Approved,
    /// The approval ended before or at this step (rejected, returned, withdrawn).
    Ended,
}

/// A step of a submission as resolved, with its approvers' places (a timeline in order).
#[derive(Debug, Serialize, ToSchema)]
pub struct StepDto {
    /// 0-based.
    pub index: i32,
    pub name: String,
    pub mode: ApprovalMode,
    pub state: StepState,
    pub sla_working_hours: i64,
    pub assignments: Vec<AssignmentDto>,
    /// Copied (抄送) when the step is approved.
    pub cc: Vec<UserRef>,
}

/// One submission of a request: what was submitted, the flow as resolved, how it went.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionDto {
    pub id: Uuid,
    /// 1 for the first submission, then 2, 3 … after returns and withdrawals.
    pub number: i32,
    pub flow_id: Uuid,
    pub flow_name: String,
    pub form_revision: i64,
    pub form: RequestForm,
    pub submitted_by: UserRef,
    pub submitted_at: DateTime<Utc>,
    /// `pending` while it runs, then how it ended.
    pub outcome: RequestStatus,
    #[schema(required = true)]
    pub current_step: Option<i32>,
    #[schema(required = true)]
    pub ended_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub ended_by: Option<UserRef>,
    #[schema(required = true)]
    pub end_comment: Option<String>,
    pub steps: Vec<StepDto>,
    /// Everyone copied so far.
    pub copied: Vec<UserRef>,
}

/// What the reader may do now.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestCanDto {
    pub edit: bool,
    pub submit: bool,
    pub withdraw: bool,
    pub nudge: bool,
    /// Approve, reject, return, transfer or add an approver.
    pub decide: bool,
}

/// The resource request of a task.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestDto {
    pub task_id: Uuid,
    pub task_title: String,
    pub status: RequestStatus,
    pub form: RequestForm,
    /// The sum of the budget lines.
    #[schema(required = true)]
    pub total: Option<MoneyDto>,
    pub form_revision: i64,
    pub initiator: UserRef,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The latest submission.
    #[schema(required = true)]
    pub current: Option<SubmissionDto>,
    pub can: RequestCanDto,
}

fn person(names: &HashMap<String, String>, id: &str) -> UserRef {
    user_ref(id, names.get(id).map_or("", String::as_str))
}

fn assignment_dto(a: &AssignmentRow, names: &HashMap<String, String>) -> AssignmentDto {
    AssignmentDto {
        id: uuid(&a.id),
        approver: person(names, &a.approver_id),
        state: a.state,
        origin: a.origin,
        via: a.via_id.as_deref().map(|v| person(names, v)),
        activated_at: a.activated_at.map(to_utc),
        due_at: a.due_at.filter(|_| a.state == AssignmentState::Pending).map(to_utc),
        acted_at: a.acted_at.map(to_utc),
        comment: a.comment.clone(),
        automatic: a.automatic,
        seen_revision: a.seen_revision,
    }
}

fn submission_dto(s: SubmissionView, names: &HashMap<String, String>) -> SubmissionDto {
    let r = &s.row;
    let steps = s
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let index = i32::try_from(i).unwrap_or(i32::MAX);
            let state = match (r.outcome, r.current_step) {
                (RequestStatus::Approved, _) => StepState::Approved,
                (RequestStatus::Pending, Some(cur)) if index < cur => StepState::Approved,
                (RequestStatus::Pending, Some(cur)) if index == cur => StepState::Active,
                (RequestStatus::Pending, _) => StepState::Waiting,
                _ => {
                    let decided = s.assignments.iter().filter(|a| a.step == index);
                    let mut passed = false;
                    let mut touched = false;
                    for a in decided {
                        touched |= a.acted_at.is_some();
                        passed |= a.state == AssignmentState::Approved;
                    }
                    if passed
                        && !s.assignments.iter().any(|a| {
                            a.step == index && matches!(a.state, AssignmentState::Rejected | AssignmentState::Returned)
                        })
                    {
                        StepState::Approved
                    } else if touched {
                        StepState::Ended
                    } else {
                        StepState::Waiting
                    }
                }
            };
            StepDto {
                index,
                name: step.name.clone(),
                mode: step.mode,
                state,
                sla_working_hours: step.sla_minutes / 60,
                assignments: s
                    .assignments
                    .iter()
                    .filter(|a| a.step == index)
                    .map(|a| assignment_dto(a, names))
                    .collect(),
                cc: step.cc_ids.iter().map(|id| person(names, id)).collect(),
            }
        })
        .collect();
    SubmissionDto {
        id: uuid(&r.id),
        number: r.number,
        flow_id: uuid(&r.flow_id),
        flow_name: r.flow_name.clone(),
        form_revision: r.form_revision,
        form: s.form,
        submitted_by: person(names, &r.submitted_by),
        submitted_at: to_utc(r.submitted_at),
        outcome: r.outcome,
        current_step: r.current_step,
        ended_at: r.ended_at.map(to_utc),
        ended_by: r.ended_by.as_deref().map(|id| person(names, id)),
        end_comment: r.end_comment.clone(),
        steps,
        copied: s.copies.iter().map(|c| person(names, &c.user_id)).collect(),
    }
}

fn money(total_minor: Option<i64>, currency: Option<Currency>) -> Option<MoneyDto> {
    match (total_minor, currency) {
        (Some(minor), Some(currency)) => Some(MoneyDto { amount: Amount { minor }.format(currency), currency }),
        _ => None,
    }
}

impl From<RequestView> for RequestDto {
    fn from(v: RequestView) -> Self {
        let names = v.names;
        let r = v.row;
        Self {
            task_id: uuid(&r.task_id),
            task_title: v.task.title,
            status: r.status,
            form: v.form,
            total: money(r.total_minor, r.currency),
            form_revision: r.form_revision,
            initiator: person(&names, &r.initiator_id),
            version: r.version,
            created_at: to_utc(r.created_at),
            updated_at: to_utc(r.updated_at),
            current: v.current.map(|s| submission_dto(s, &names)),
            can: RequestCanDto {
                edit: v.can.edit,
                submit: v.can.submit,
                withdraw: v.can.withdraw,
                nudge: v.can.nudge,
                decide: v.can.decide,
            },
        }
    }
}

fn request_response(status: StatusCode, v: RequestView) -> HttpResponse {
    let version = v.row.version;
    with_etag(status, version, &RequestDto::from(v))
}

// ---------------------------------------------------------------- the request

/// The resource request of a task
///
/// Whoever may see the task (approvers and people copied take part in it). 404 while the task
/// has no request form yet; 409 for a task of another scenario.
#[utoipa::path(tag = "approvals", responses(
    (status = 200, description = "OK", body = RequestDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/request")]
pub async fn get_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let v = st.db.read(move |c| request::get(c, &me.id, &id)).await?;
    Ok(request_response(StatusCode::OK, v))
}

/// Fill in or change the request form
///
/// By whoever may edit the task, while the request is a draft, returned or withdrawn. The first
/// save creates the request (no `If-Match`); later saves need `If-Match`.
#[utoipa::path(tag = "approvals", request_body = RequestForm,
    params(("If-Match" = Option<String>, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the request being changed (not on the first save)")),
    responses(
    (status = 200, description = "Saved", body = RequestDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[put("/tasks/{task_id}/request")]
pub async fn save_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    if_match: OptionalIfMatch,
    body: ValidJson<RequestForm>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let form = body.0;
    let v = st.db.write(move |c| request::save(c, &me.id, &id, if_match.0, form)).await?;
    Ok(request_response(StatusCode::OK, v))
}

/// Every submission of a request, newest first
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionList {
    pub items: Vec<SubmissionDto>,
}

/// Every submission of the request (each is kept)
#[utoipa::path(tag = "approvals", responses(
    (status = 200, description = "OK", body = SubmissionList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/request/submissions")]
pub async fn list_request_submissions(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<web::Json<SubmissionList>> {
    let id = task_id.into_inner().to_string();
    let (subs, names) = st.db.read(move |c| request::submissions(c, &me.id, &id)).await?;
    Ok(web::Json(SubmissionList { items: subs.into_iter().map(|s| submission_dto(s, &names)).collect() }))
}

/// Nothing to say: `{}`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmptyBody {}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// Optional (0–2000 characters).
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// Submit the request for approval
///
/// The first active approval flow whose conditions hold is resolved to people (a step that
/// resolves to nobody refuses the submission with `no_approver`; no flow: `no_flow`). A draft
/// task is published. `If-Match` is optional.
#[utoipa::path(tag = "approvals", request_body = EmptyBody,
    params(("If-Match" = Option<String>, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the request as last read")),
    responses(
    (status = 200, description = "Submitted", body = RequestDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/request/submit")]
pub async fn submit_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    if_match: OptionalIfMatch,
    _body: ValidJson<EmptyBody>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let v = st.db.write(move |c| request::submit(c, &me.id, &id, if_match.0)).await?;
    Ok(request_response(StatusCode::OK, v))
}

/// Withdraw the request (撤回)
///
/// By the initiator (or an administrator) until the first decision.
#[utoipa::path(tag = "approvals", request_body = CommentBody, responses(
    (status = 200, description = "Withdrawn", body = RequestDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/request/withdraw")]
pub async fn withdraw_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<CommentBody>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let comment = body.0.comment;
    let v = st.db.write(move |c| request::withdraw(c, &me.id, &id, comment)).await?;
    Ok(request_response(StatusCode::OK, v))
}

/// Nudge the approvers (催办)
///
/// By the initiator, at most once an hour (429 with `Retry-After`).
#[utoipa::path(tag = "approvals", request_body = EmptyBody, responses(
    (status = 200, description = "Nudged", body = RequestDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/request/nudge")]
pub async fn nudge_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    _body: ValidJson<EmptyBody>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let v = st.db.write(move |c| request::nudge(c, &me.id, &id)).await?;
    Ok(request_response(StatusCode::OK, v))
}

async fn act(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: Uuid,
    decision: Decision,
    comment: Option<String>,
) -> AppResult<HttpResponse> {
    let id = task_id.to_string();
    let v = st.db.write(move |c| decide::decide(c, &me.id, &id, decision, comment)).await?;
    Ok(request_response(StatusCode::OK, v))
}

/// Approve (同意)
///
/// By an approver the request waits on. The step completes by its mode; the next step is asked
/// (someone who approved the step before approves again at once); after the last, it is approved.
#[utoipa::path(tag = "approvals", request_body = CommentBody, responses(
    (status = 200, description = "Approved", body = RequestDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/request/approve")]
pub async fn approve_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<CommentBody>,
) -> AppResult<HttpResponse> {
    act(st, me, task_id.into_inner(), Decision::Approve, body.0.comment).await
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    /// Why (1–2000 characters): the initiator reads it.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub comment: String,
}

/// Reject (拒绝): final
#[utoipa::path(tag = "approvals", request_body = ReasonBody, responses(
    (status = 200, description = "Rejected", body = RequestDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/request/reject")]
pub async fn reject_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<ReasonBody>,
) -> AppResult<HttpResponse> {
    act(st, me, task_id.into_inner(), Decision::Reject, Some(body.0.comment)).await
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnBody {
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub comment: String,
    /// An earlier step (0-based) to ask again; omitted: back to the initiator, who edits and
    /// resubmits.
    #[validate(range(min = 0, max = 19))]
    #[schema(minimum = 0, maximum = 19)]
    pub to_step: Option<i32>,
}

/// Return (退回) to the initiator or an earlier step
#[utoipa::path(tag = "approvals", request_body = ReturnBody, responses(
    (status = 200, description = "Returned", body = RequestDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/request/return")]
pub async fn return_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<ReturnBody>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    act(st, me, task_id.into_inner(), Decision::Return { to_step: b.to_step }, Some(b.comment)).await
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferBody {
    /// Who decides instead.
    pub to_user_id: Uuid,
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// Transfer (转交) one's place to someone else
#[utoipa::path(tag = "approvals", request_body = TransferBody, responses(
    (status = 200, description = "Transferred", body = RequestDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/request/transfer")]
pub async fn transfer_request(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<TransferBody>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    act(st, me, task_id.into_inner(), Decision::Transfer { to: b.to_user_id.to_string() }, b.comment).await
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AddPosition {
    /// They decide first (前加签); then the request waits on the adder again.
    Before,
    /// The adder approves now and they decide next (后加签).
    After,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddApproverBody {
    pub user_id: Uuid,
    pub position: AddPosition,
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// Add an approver (加签) before or after oneself
#[utoipa::path(tag = "approvals", request_body = AddApproverBody, responses(
    (status = 200, description = "Added", body = RequestDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/request/add-approver")]
pub async fn add_request_approver(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<AddApproverBody>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let decision =
        Decision::AddApprover { user_id: b.user_id.to_string(), before: matches!(b.position, AddPosition::Before) };
    act(st, me, task_id.into_inner(), decision, b.comment).await
}

// ---------------------------------------------------------------- the boxes

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BoxName {
    /// 待我审批: waiting on me.
    Todo,
    /// 我已处理: what I decided.
    Done,
    /// 我发起的: what I initiated.
    Mine,
    /// 抄送我的: copied to me.
    Cc,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApprovalsQuery {
    /// Which box (default `todo`).
    #[param(inline)]
    pub r#box: Option<BoxName>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor`: the next page.
    pub cursor: Option<String>,
}

/// One line of a box.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalItemDto {
    pub task_id: Uuid,
    pub title: String,
    pub initiator: UserRef,
    pub status: RequestStatus,
    #[schema(required = true)]
    pub total: Option<MoneyDto>,
    /// The submission the line is about.
    #[schema(required = true)]
    pub submission_number: Option<i32>,
    /// The step the request waits on now.
    #[schema(required = true)]
    pub current_step_name: Option<String>,
    /// The reader's place (待我审批, 我已处理).
    #[schema(required = true)]
    pub my_state: Option<AssignmentState>,
    #[schema(required = true)]
    pub my_comment: Option<String>,
    /// When it entered the box.
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalCountsDto {
    pub todo: i64,
    pub done: i64,
    pub mine: i64,
    pub cc: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalList {
    /// Newest first.
    pub items: Vec<ApprovalItemDto>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

fn item_dto(i: BoxItem) -> ApprovalItemDto {
    let names = HashMap::from([(i.request.initiator_id.clone(), i.initiator_name.clone())]);
    ApprovalItemDto {
        task_id: uuid(&i.task.id),
        title: i.task.title,
        initiator: person(&names, &i.request.initiator_id),
        status: i.request.status,
        total: money(i.request.total_minor, i.request.currency),
        submission_number: i.submission.as_ref().map(|s| s.number),
        current_step_name: i.current_step.map(|s| s.name),
        my_state: i.mine.as_ref().map(|a| a.state),
        my_comment: i.mine.and_then(|a| a.comment),
        at: to_utc(i.at),
    }
}

/// My approvals: 待我审批 / 我已处理 / 我发起的 / 抄送我的
#[utoipa::path(tag = "approvals", params(ApprovalsQuery), responses(
    (status = 200, description = "OK", body = ApprovalList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/approvals")]
pub async fn list_approvals(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<ApprovalsQuery>,
) -> AppResult<web::Json<ApprovalList>> {
    let q = q.into_inner();
    let which = match q.r#box.unwrap_or(BoxName::Todo) {
        BoxName::Todo => ApprovalBox::Todo,
        BoxName::Done => ApprovalBox::Done,
        BoxName::Mine => ApprovalBox::Mine,
        BoxName::Cc => ApprovalBox::Cc,
    };
    let n = limit(q.limit)?;
    let after = decode_cursor(q.cursor.as_deref())?;
    let page = st.db.read(move |c| boxes::page(c, &me.id, which, after, n)).await?;
    Ok(web::Json(ApprovalList {
        items: page.items.into_iter().map(item_dto).collect(),
        next_cursor: page.next.as_ref().map(encode_cursor),
    }))
}

/// How many lines each of my approval boxes holds (the tabs' counts)
#[utoipa::path(tag = "approvals", responses(
    (status = 200, description = "OK", body = ApprovalCountsDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/approvals/counts")]
pub async fn get_approval_counts(st: web::Data<AppState>, me: CurrentUser) -> AppResult<web::Json<ApprovalCountsDto>> {
    let [todo, done, mine, cc] = st.db.read(move |c| boxes::counts(c, &me.id)).await?;
    Ok(web::Json(ApprovalCountsDto { todo, done, mine, cc }))
}

// ---------------------------------------------------------------- flows

/// An approval flow (审批流).
#[derive(Debug, Serialize, ToSchema)]
pub struct FlowDto {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    /// Flows are tried in this order; the first active one whose conditions hold serves a request.
    pub position: i32,
    pub conditions: Conditions,
    pub steps: Vec<FlowStep>,
    /// Each step's SLA in working hours (9 = one working day).
    pub sla_working_hours: i64,
    pub is_active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Flow> for FlowDto {
    fn from(f: Flow) -> Self {
        let r = f.row;
        Self {
            id: uuid(&r.id),
            name: r.name,
            description: r.description,
            position: r.position,
            conditions: f.conditions,
            steps: f.steps,
            sla_working_hours: r.sla_minutes / 60,
            is_active: r.is_active,
            version: r.version,
            created_at: to_utc(r.created_at),
            updated_at: to_utc(r.updated_at),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowBody {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    /// Default: after the last flow.
    #[validate(range(min = 0, max = 10000))]
    #[schema(minimum = 0, maximum = 10000)]
    pub position: Option<i32>,
    /// Default: always.
    pub conditions: Option<Conditions>,
    /// 1–20 steps.
    #[validate(length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20)]
    pub steps: Vec<FlowStep>,
    /// 1–720, default 9 (one working day).
    #[validate(range(min = 1, max = 720))]
    #[schema(minimum = 1, maximum = 720)]
    pub sla_working_hours: Option<i64>,
    /// Default true.
    pub is_active: Option<bool>,
}

impl From<FlowBody> for FlowInput {
    fn from(b: FlowBody) -> Self {
        Self {
            name: b.name,
            description: b.description.unwrap_or_default(),
            conditions: b.conditions.unwrap_or_default(),
            steps: b.steps,
            sla_hours: b.sla_working_hours.unwrap_or(WORKING_DAY_MINUTES / 60),
            is_active: b.is_active.unwrap_or(true),
            position: b.position,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FlowList {
    /// Active flows first, in the order they are tried.
    pub items: Vec<FlowDto>,
}

/// Approval flows (administrators)
#[utoipa::path(tag = "approvals", responses(
    (status = 200, description = "OK", body = FlowList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/approval-flows")]
pub async fn list_approval_flows(st: web::Data<AppState>, me: CurrentUser) -> AppResult<web::Json<FlowList>> {
    let flows = st.db.read(move |c| flows::list(c, &me.id)).await?;
    Ok(web::Json(FlowList { items: flows.into_iter().map(FlowDto::from).collect() }))
}

/// Define an approval flow (administrators)
#[utoipa::path(tag = "approvals", request_body = FlowBody, responses(
    (status = 201, description = "Created", body = FlowDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/approval-flows")]
pub async fn create_approval_flow(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<FlowBody>,
) -> AppResult<HttpResponse> {
    let input = FlowInput::from(body.0);
    let f = st.db.write(move |c| flows::create(c, &me.id, input)).await?;
    let version = f.row.version;
    Ok(with_etag(StatusCode::CREATED, version, &FlowDto::from(f)))
}

/// One approval flow (administrators)
#[utoipa::path(tag = "approvals", responses(
    (status = 200, description = "OK", body = FlowDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/approval-flows/{flow_id}")]
pub async fn get_approval_flow(
    st: web::Data<AppState>,
    me: CurrentUser,
    flow_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = flow_id.into_inner().to_string();
    let f = st.db.read(move |c| flows::get(c, &me.id, &id)).await?;
    let version = f.row.version;
    Ok(with_etag(StatusCode::OK, version, &FlowDto::from(f)))
}

/// Replace an approval flow (administrators)
///
/// Needs `If-Match`. Requests already submitted keep the steps they were resolved to; set
/// `is_active` to false to retire a flow.
#[utoipa::path(tag = "approvals", request_body = FlowBody,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = FlowDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[put("/approval-flows/{flow_id}")]
pub async fn update_approval_flow(
    st: web::Data<AppState>,
    me: CurrentUser,
    flow_id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<FlowBody>,
) -> AppResult<HttpResponse> {
    let id = flow_id.into_inner().to_string();
    let input = FlowInput::from(body.0);
    let f = st.db.write(move |c| flows::update(c, &me.id, &id, if_match.0, input)).await?;
    let version = f.row.version;
    Ok(with_etag(StatusCode::OK, version, &FlowDto::from(f)))
}
