//! Tasks: the four scenarios, subtasks, workflow, progress and history.

use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::departments::{dept_ref, user_ref, DepartmentRef, UserRef};
use super::extract::{parse_list, with_etag, CurrentUser, IfMatch, OptionalIfMatch, ValidJson};
use super::pagination::{decode_cursor, limit, page_dto, PageQuery};
use super::users::uuid;
use crate::db::tasks::SortField;
use crate::db::{from_utc, to_utc};
use crate::domain::audit;
use crate::domain::dependencies::{self, DependencyView};
use crate::domain::tasks::{
    self, MilestoneInput, MyView, NewTask, Sort, TaskDetail, TaskPatch, TaskQuery, TaskSummary,
};
use crate::domain::templates::{self, Template};
use crate::error::{AppError, AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::{DependencyKind, HistoryField, Priority, Scenario, Status, TaskVisibility};

/// A task as lists and boards show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskSummaryDto {
    pub id: Uuid,
    /// The task this one is a subtask of.
    #[schema(required = true)]
    pub parent_id: Option<Uuid>,
    /// The top-level task of the tree.
    pub root_id: Uuid,
    pub scenario: Scenario,
    pub title: String,
    pub priority: Priority,
    pub status: Status,
    /// 0–100; a parent's rolls up from its subtasks.
    pub percent: i32,
    pub start_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// Past its deadline and still open.
    pub is_overdue: bool,
    pub owner: UserRef,
    #[schema(required = true)]
    pub initiating_department: Option<DepartmentRef>,
    /// Collaborating departments.
    pub departments: Vec<DepartmentRef>,
    pub subtask_count: i64,
    pub open_subtask_count: i64,
    pub visibility: TaskVisibility,
    pub updated_at: DateTime<Utc>,
    /// Also the `ETag`; send it in `If-Match` to change the task.
    pub version: i64,
}

impl From<TaskSummary> for TaskSummaryDto {
    fn from(s: TaskSummary) -> Self {
        let t = s.task;
        let status = t.status;
        Self {
            id: uuid(&t.id),
            parent_id: t.parent_id.as_deref().map(uuid),
            root_id: uuid(&t.root_id),
            scenario: t.scenario,
            title: t.title,
            priority: t.priority,
            is_overdue: s.is_overdue,
            status,
            percent: t.percent,
            start_at: to_utc(t.start_at),
            due_at: to_utc(t.due_at),
            owner: user_ref(&t.owner_id, &s.owner_name),
            initiating_department: t
                .initiating_department_id
                .as_deref()
                .map(|d| dept_ref(d, s.initiating_department_name.as_deref().unwrap_or_default())),
            departments: s.departments.iter().map(|(id, name)| dept_ref(id, name)).collect(),
            subtask_count: s.subtask_count,
            open_subtask_count: s.open_subtask_count,
            visibility: t.visibility,
            updated_at: to_utc(t.updated_at),
            version: t.version,
        }
    }
}

page_dto!(TaskPage, TaskSummaryDto);

#[derive(Debug, Serialize, ToSchema)]
pub struct MilestoneDto {
    pub name: String,
    pub due_at: DateTime<Utc>,
    #[schema(required = true)]
    pub done_at: Option<DateTime<Utc>>,
}

/// One entry of the progress timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressDto {
    pub id: Uuid,
    pub author: UserRef,
    pub status: Status,
    pub percent: i32,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// What the caller may do with the task.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskCapabilities {
    pub can_edit: bool,
    pub can_update_progress: bool,
    pub can_split: bool,
    pub can_delete: bool,
}

/// A task with everything its page shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskDto {
    #[serde(flatten)]
    pub summary: TaskSummaryDto,
    /// The measurable result (目标).
    pub goal: String,
    /// The form it was created from, e.g. `cross_department_application`.
    #[schema(required = true)]
    pub template: Option<String>,
    pub resources: String,
    pub risks: String,
    pub collaborators: Vec<UserRef>,
    pub created_by: UserRef,
    pub milestones: Vec<MilestoneDto>,
    /// Times the task came back from review for another round.
    pub review_rounds: i32,
    #[schema(required = true)]
    pub published_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub completed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Direct subtasks the caller can see.
    pub subtasks: Vec<TaskSummaryDto>,
    /// The latest progress updates, newest first.
    pub progress: Vec<ProgressDto>,
    /// What this task waits for (前置任务).
    pub predecessors: Vec<DependencyDto>,
    /// The tasks that wait for this one.
    pub successors: Vec<DependencyDto>,
    /// Not started, and a predecessor holds it back (等待前置任务).
    pub is_blocked: bool,
    /// Not started, and its predecessors no longer let it start on its planned date (有延期风险).
    pub is_at_risk: bool,
    /// The earliest start its predecessors allow, when the task takes part in a dependency graph.
    #[schema(required = true)]
    pub earliest_start_at: Option<DateTime<Utc>>,
    /// Statuses the caller may move the task to now.
    pub allowed_transitions: Vec<Status>,
    pub capabilities: TaskCapabilities,
    /// An emergency task nobody has responded to: when it escalates to the owner's supervisor
    /// (show the countdown).
    #[schema(required = true)]
    pub escalation_due_at: Option<DateTime<Utc>>,
    /// When it escalated.
    #[schema(required = true)]
    pub escalated_at: Option<DateTime<Utc>>,
    /// Years without an official holiday schedule that this open task's working-time SLA clocks
    /// (acknowledgements, a working-time emergency countdown) run through from now: there they
    /// count Monday to Friday only. Empty when the calendar knows every year they touch.
    pub sla_fallback_years: Vec<i32>,
}

impl From<TaskDetail> for TaskDto {
    fn from(d: TaskDetail) -> Self {
        let t = d.summary.task.clone();
        Self {
            goal: t.goal,
            template: t.template,
            resources: t.resources,
            risks: t.risks,
            collaborators: d.collaborators.iter().map(|(id, n)| user_ref(id, n)).collect(),
            created_by: user_ref(&t.created_by, &d.created_by_name),
            milestones: d
                .milestones
                .into_iter()
                .map(|m| MilestoneDto { name: m.name, due_at: to_utc(m.due_at), done_at: m.done_at.map(to_utc) })
                .collect(),
            review_rounds: t.review_rounds,
            published_at: t.published_at.map(to_utc),
            completed_at: t.completed_at.map(to_utc),
            created_at: to_utc(t.created_at),
            subtasks: d.subtasks.into_iter().map(TaskSummaryDto::from).collect(),
            progress: d
                .progress
                .into_iter()
                .map(|(p, name)| ProgressDto {
                    id: uuid(&p.id),
                    author: user_ref(&p.author_id, &name),
                    status: p.status,
                    percent: p.percent,
                    note: p.note,
                    created_at: to_utc(p.created_at),
                })
                .collect(),
            predecessors: d.predecessors.into_iter().map(DependencyDto::from).collect(),
            successors: d.successors.into_iter().map(DependencyDto::from).collect(),
            is_blocked: d.is_blocked,
            is_at_risk: d.schedule.as_ref().is_some_and(|s| s.at_risk),
            earliest_start_at: d.schedule.as_ref().map(|s| to_utc(s.earliest_start)),
            allowed_transitions: d.allowed_transitions,
            escalation_due_at: d.sla.escalation_due_at.map(to_utc),
            escalated_at: d.sla.escalated_at.map(to_utc),
            sla_fallback_years: d.sla.fallback_years,
            capabilities: TaskCapabilities {
                can_edit: d.capabilities.edit,
                can_update_progress: d.capabilities.update_progress,
                can_split: d.capabilities.split,
                can_delete: d.capabilities.delete,
            },
            summary: d.summary.into(),
        }
    }
}

/// A dependency seen from one task: the task at the other end.
#[derive(Debug, Serialize, ToSchema)]
pub struct DependencyDto {
    pub id: Uuid,
    pub kind: DependencyKind,
    pub lag_days: i32,
    /// The predecessor (in `predecessors`) or the successor (in `successors`).
    pub task: TaskRefDto,
    /// For a predecessor: whether it no longer holds this task's start back.
    pub is_satisfied: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskRefDto {
    pub id: Uuid,
    pub title: String,
    pub status: Status,
}

impl From<DependencyView> for DependencyDto {
    fn from(v: DependencyView) -> Self {
        Self {
            id: uuid(&v.row.id),
            kind: v.row.kind,
            lag_days: v.row.lag_days,
            task: TaskRefDto { id: uuid(&v.other.id), title: v.other.title, status: v.other.status },
            is_satisfied: v.satisfied,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDependencyRequest {
    /// The task this one waits for.
    pub predecessor_id: Uuid,
    /// Default `finish_to_start`.
    pub kind: Option<DependencyKind>,
    /// Days to wait after the predecessor (may be negative for overlap).
    #[validate(range(min = -365, max = 365))]
    #[schema(minimum = -365, maximum = 365)]
    pub lag_days: Option<i32>,
}

/// Make this task wait for another (add a predecessor)
///
/// Refused with 409 `dependency_cycle` (the cycle's task ids in `allowed`, titles in `detail`)
/// when it would close a cycle; duplicates get 409 `conflict`, a task waiting for itself 422.
#[utoipa::path(tag = "tasks", request_body = CreateDependencyRequest, responses(
    (status = 201, description = "Created", body = DependencyDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/dependencies")]
pub async fn create_dependency(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<CreateDependencyRequest>,
) -> AppResult<HttpResponse> {
    let successor = task_id.into_inner().to_string();
    let b = body.0;
    let predecessor = b.predecessor_id.to_string();
    let kind = b.kind.unwrap_or(DependencyKind::FinishToStart);
    let lag = b.lag_days.unwrap_or(0);
    let v = st.db.write(move |c| dependencies::add(c, &me.id, &successor, &predecessor, kind, lag)).await?;
    Ok(HttpResponse::Created().json(DependencyDto::from(v)))
}

/// Remove a predecessor
#[utoipa::path(tag = "tasks", responses(
    (status = 204, description = "Removed"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/tasks/{task_id}/dependencies/{dependency_id}")]
pub async fn delete_dependency(
    st: web::Data<AppState>,
    me: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (task_id, dependency_id) = path.into_inner();
    let (t, d) = (task_id.to_string(), dependency_id.to_string());
    st.db.write(move |c| dependencies::remove(c, &me.id, &t, &d)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub(crate) fn task_response(status: StatusCode, d: TaskDetail) -> HttpResponse {
    let version = d.summary.task.version;
    with_etag(status, version, &TaskDto::from(d))
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneInputDto {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

fn milestones(items: Vec<MilestoneInputDto>) -> Vec<MilestoneInput> {
    items
        .into_iter()
        .map(|m| MilestoneInput { name: m.name, due_at: from_utc(m.due_at), done_at: m.done_at.map(from_utc) })
        .collect()
}

fn ids(v: &[Uuid]) -> Vec<String> {
    v.iter().map(Uuid::to_string).collect()
}

/// A new task; with `template = "cross_department_application"` the application form's rules
/// apply (goal, initiating department, at least two departments, at least one milestone).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTaskRequest {
    pub scenario: Scenario,
    #[validate(length(max = 64))]
    #[schema(max_length = 64)]
    pub template: Option<String>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub goal: String,
    pub initiating_department_id: Option<Uuid>,
    /// Collaborating departments: at least two for `cross_department`.
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub department_ids: Vec<Uuid>,
    /// Exactly one owner (唯一主负责人).
    pub owner_id: Uuid,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[schema(max_items = 100)]
    pub collaborator_ids: Vec<Uuid>,
    /// Default `medium` (`high` for emergencies).
    pub priority: Option<Priority>,
    /// Default: now.
    pub start_at: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    #[schema(max_items = 50)]
    pub milestones: Vec<MilestoneInputDto>,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub resources: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub risks: String,
    pub visibility: Option<TaskVisibility>,
}

/// A subtask: scenario and initiating department come from its task; departments default to
/// the owner's department.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSubtaskRequest {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub goal: String,
    pub owner_id: Uuid,
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub department_ids: Vec<Uuid>,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[schema(max_items = 100)]
    pub collaborator_ids: Vec<Uuid>,
    pub priority: Option<Priority>,
    pub start_at: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    #[schema(max_items = 50)]
    pub milestones: Vec<MilestoneInputDto>,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub resources: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub risks: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTaskRequest {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub goal: Option<String>,
    #[serde(default, deserialize_with = "crate::api::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub initiating_department_id: Option<Option<Uuid>>,
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub department_ids: Option<Vec<Uuid>>,
    pub owner_id: Option<Uuid>,
    #[validate(length(max = 100))]
    #[schema(max_items = 100)]
    pub collaborator_ids: Option<Vec<Uuid>>,
    pub priority: Option<Priority>,
    /// Moves the task along the workflow (409 `invalid_transition` lists what is allowed).
    pub status: Option<Status>,
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100)]
    pub percent: Option<i32>,
    pub start_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    #[validate(length(max = 50), nested)]
    #[schema(max_items = 50)]
    pub milestones: Option<Vec<MilestoneInputDto>>,
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub resources: Option<String>,
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub risks: Option<String>,
    pub visibility: Option<TaskVisibility>,
    /// Starts a task that still waits for predecessors (409 `task_blocked` otherwise); recorded
    /// in the history.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub force_reason: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressRequest {
    /// The new status, if it changes (a published task moves to in_progress by itself).
    pub status: Option<Status>,
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100)]
    pub percent: Option<i32>,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub note: String,
    /// Starts a task that still waits for predecessors; recorded in the history.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub force_reason: Option<String>,
}

/// Filters of the task list. Multi-value filters are comma-separated.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TaskListQuery {
    /// e.g. `cross_department,emergency`
    pub scenario: Option<String>,
    /// e.g. `in_progress,pending_review`
    pub status: Option<String>,
    /// e.g. `high,medium`
    pub priority: Option<String>,
    /// Initiating or collaborating department.
    pub department_id: Option<Uuid>,
    /// The owner's department: the tasks a department's figures in the efficiency report count.
    pub owner_department_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    /// Tasks this person takes part in.
    pub participant_id: Option<Uuid>,
    /// Direct subtasks of this task.
    pub parent_id: Option<Uuid>,
    /// Only top-level tasks.
    pub top_level: Option<bool>,
    pub due_before: Option<DateTime<Utc>>,
    pub due_after: Option<DateTime<Utc>>,
    /// Past the deadline and still open.
    pub overdue: Option<bool>,
    /// Substring of title or goal (Chinese included).
    pub q: Option<String>,
    /// `created_at`, `updated_at`, `due_at`, `priority` or `title`; `-` for descending. Default `-updated_at`.
    #[param(pattern = "^-?(created_at|updated_at|due_at|priority|title)$")]
    pub sort: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MyTasksQuery {
    /// `to_act` (default), `owned` or `collaborating`.
    #[param(inline)]
    pub view: Option<MyView>,
    pub status: Option<String>,
    /// As on the task list; default `due_at`.
    #[param(pattern = "^-?(created_at|updated_at|due_at|priority|title)$")]
    pub sort: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

fn parse_sort(raw: Option<&str>) -> AppResult<Sort> {
    let raw = raw.unwrap_or("-updated_at");
    let (desc, name) = match raw.strip_prefix('-') {
        Some(n) => (true, n),
        None => (false, raw),
    };
    let field = match name {
        "created_at" => SortField::CreatedAt,
        "updated_at" => SortField::UpdatedAt,
        "due_at" => SortField::DueAt,
        "priority" => SortField::Priority,
        "title" => SortField::Title,
        _ => {
            return Err(AppError::field("sort", "invalid", "sort by created_at, updated_at, due_at, priority or title"))
        }
    };
    Ok(Sort { field, desc })
}

/// Create a task
#[utoipa::path(tag = "tasks", request_body = CreateTaskRequest, responses(
    (status = 201, description = "Created", body = TaskDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks")]
pub async fn create_task(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<CreateTaskRequest>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    if let Some(t) = &b.template {
        if !templates::all().iter().any(|x| x.id == t && x.kind == templates::TemplateKind::TaskForm) {
            return Err(AppError::field("template", "not_found", "no such task form"));
        }
    }
    let input = NewTask {
        scenario: if b.template.as_deref() == Some(templates::APPLICATION_FORM) {
            Scenario::CrossDepartment
        } else {
            b.scenario
        },
        template: b.template,
        title: b.title,
        goal: b.goal,
        initiating_department_id: b.initiating_department_id.map(|d| d.to_string()),
        department_ids: ids(&b.department_ids),
        owner_id: b.owner_id.to_string(),
        collaborator_ids: ids(&b.collaborator_ids),
        priority: b.priority,
        start_at: b.start_at.map(from_utc),
        due_at: from_utc(b.due_at),
        milestones: milestones(b.milestones),
        resources: b.resources,
        risks: b.risks,
        visibility: b.visibility.unwrap_or(TaskVisibility::Normal),
    };
    let d = st.db.write(move |c| tasks::create_task(c, &me.id, input)).await?;
    Ok(task_response(StatusCode::CREATED, d))
}

fn task_query(q: &TaskListQuery) -> AppResult<TaskQuery> {
    Ok(TaskQuery {
        scenarios: parse_list("scenario", q.scenario.as_deref())?,
        statuses: parse_list("status", q.status.as_deref())?,
        priorities: parse_list("priority", q.priority.as_deref())?,
        department_id: q.department_id.map(|d| d.to_string()),
        owner_department_id: q.owner_department_id.map(|d| d.to_string()),
        owner_id: q.owner_id.map(|d| d.to_string()),
        participant_id: q.participant_id.map(|d| d.to_string()),
        parent_id: q.parent_id.map(|d| d.to_string()),
        top_level: q.top_level.unwrap_or(false),
        due_before: q.due_before.map(from_utc),
        due_after: q.due_after.map(from_utc),
        overdue: q.overdue.unwrap_or(false),
        q: q.q.clone(),
    })
}

/// List tasks
///
/// Only tasks the caller may see. Filters combine with AND.
#[utoipa::path(tag = "tasks", params(TaskListQuery), responses(
    (status = 200, description = "OK", body = TaskPage),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks")]
pub async fn list_tasks(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<TaskListQuery>,
) -> AppResult<web::Json<TaskPage>> {
    let q = q.into_inner();
    let query = task_query(&q)?;
    let sort = parse_sort(q.sort.as_deref())?;
    let after = decode_cursor(q.cursor.as_deref())?;
    let limit = limit(q.limit)?;
    let page = st.db.read(move |c| tasks::list_tasks(c, &me.id, &query, sort, after, limit)).await?;
    Ok(web::Json(TaskPage::from_domain(page, TaskSummaryDto::from)))
}

/// My work: tasks I own, collaborate on, or need to act on
#[utoipa::path(tag = "tasks", params(MyTasksQuery), responses(
    (status = 200, description = "OK", body = TaskPage),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/me/tasks")]
pub async fn list_my_tasks(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<MyTasksQuery>,
) -> AppResult<web::Json<TaskPage>> {
    let q = q.into_inner();
    let query = TaskQuery { statuses: parse_list("status", q.status.as_deref())?, ..Default::default() };
    let sort = parse_sort(q.sort.as_deref().or(Some("due_at")))?;
    let after = decode_cursor(q.cursor.as_deref())?;
    let limit = limit(q.limit)?;
    let view = q.view.unwrap_or(MyView::ToAct);
    let page = st.db.read(move |c| tasks::my_tasks(c, &me.id, view, &query, sort, after, limit)).await?;
    Ok(web::Json(TaskPage::from_domain(page, TaskSummaryDto::from)))
}

/// Get a task
#[utoipa::path(tag = "tasks", responses(
    (status = 200, description = "OK", body = TaskDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}")]
pub async fn get_task(st: web::Data<AppState>, me: CurrentUser, task_id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let reader = me.id.clone();
    let d = st.db.read(move |c| tasks::get_task(c, &reader, &id)).await?;
    if audit::view_is_audited(&d.summary.task) {
        let task_id = d.summary.task.id.clone();
        st.db.write(move |c| audit::task_viewed(c, &me.id, &task_id)).await?;
    }
    Ok(task_response(StatusCode::OK, d))
}

/// Change a task
///
/// Needs `If-Match`. Status and percent alone may be changed by whoever posts progress; other
/// fields by the owner. Every change is written to the history.
#[utoipa::path(tag = "tasks", request_body = UpdateTaskRequest,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = TaskDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[patch("/tasks/{task_id}")]
pub async fn update_task(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<UpdateTaskRequest>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let b = body.0;
    let patch = TaskPatch {
        title: b.title,
        goal: b.goal,
        initiating_department_id: b.initiating_department_id.map(|d| d.map(|d| d.to_string())),
        department_ids: b.department_ids.as_deref().map(ids),
        owner_id: b.owner_id.map(|o| o.to_string()),
        collaborator_ids: b.collaborator_ids.as_deref().map(ids),
        priority: b.priority,
        status: b.status,
        percent: b.percent,
        start_at: b.start_at.map(from_utc),
        due_at: b.due_at.map(from_utc),
        milestones: b.milestones.map(milestones),
        resources: b.resources,
        risks: b.risks,
        visibility: b.visibility,
        force_reason: b.force_reason,
    };
    let d = st.db.write(move |c| tasks::update_task(c, &me.id, &id, if_match.0, patch)).await?;
    Ok(task_response(StatusCode::OK, d))
}

/// Delete a task and its subtasks
///
/// The task disappears from lists; its history is kept.
#[utoipa::path(tag = "tasks", responses(
    (status = 204, description = "Deleted"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/tasks/{task_id}")]
pub async fn delete_task(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    st.db.write(move |c| tasks::delete_task(c, &me.id, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Publish a draft
///
/// Pulls in the heads and members of the collaborating departments and notifies everyone
/// involved. Draft subtasks are published with it.
#[utoipa::path(tag = "tasks", responses(
    (status = 200, description = "OK", body = TaskDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/publish")]
pub async fn publish_task(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let d = st.db.write(move |c| tasks::publish(c, &me.id, &id)).await?;
    Ok(task_response(StatusCode::OK, d))
}

/// Split a task: create a subtask
///
/// By the task's owner, or by a head of a collaborating department for people of their own
/// department.
#[utoipa::path(tag = "tasks", request_body = CreateSubtaskRequest, responses(
    (status = 201, description = "Created", body = TaskDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/subtasks")]
pub async fn create_subtask(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<CreateSubtaskRequest>,
) -> AppResult<HttpResponse> {
    let parent = task_id.into_inner().to_string();
    let b = body.0;
    let input = NewTask {
        scenario: Scenario::CrossDepartment,
        template: None,
        title: b.title,
        goal: b.goal,
        initiating_department_id: None,
        department_ids: ids(&b.department_ids),
        owner_id: b.owner_id.to_string(),
        collaborator_ids: ids(&b.collaborator_ids),
        priority: b.priority,
        start_at: b.start_at.map(from_utc),
        due_at: from_utc(b.due_at),
        milestones: milestones(b.milestones),
        resources: b.resources,
        risks: b.risks,
        visibility: TaskVisibility::Normal,
    };
    let d = st.db.write(move |c| tasks::create_subtask(c, &me.id, &parent, input)).await?;
    Ok(task_response(StatusCode::CREATED, d))
}

/// Post progress: status, percent and a short note
///
/// Kept as a timeline on the task. `If-Match` is optional here; when sent, a stale version
/// gets 412.
#[utoipa::path(tag = "tasks", request_body = ProgressRequest,
    params(("If-Match" = Option<String>, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = TaskDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/progress")]
pub async fn post_progress(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    if_match: OptionalIfMatch,
    body: ValidJson<ProgressRequest>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let b = body.0;
    let expected = if_match.0;
    let d = st
        .db
        .write(move |c| {
            tasks::add_progress(
                c,
                &me.id,
                &id,
                tasks::ProgressInput {
                    status: b.status,
                    percent: b.percent,
                    note: b.note,
                    expected,
                    force_reason: b.force_reason,
                },
            )
        })
        .await?;
    Ok(task_response(StatusCode::OK, d))
}

/// One entry of a task's activity feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryDto {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: UserRef,
    /// The actor's department at the time.
    #[schema(required = true)]
    pub department_name: Option<String>,
    /// What changed: a task field (`status`, `percent`, `due_at`, `owner`, ...) or an event
    /// (`created`, `subtask_added`, `progress_note`, `deleted`).
    pub field: HistoryField,
    #[schema(required = true)]
    pub old_value: Option<String>,
    #[schema(required = true)]
    pub new_value: Option<String>,
    /// The entry as a sentence in the caller's language and time zone, e.g.
    /// "9月12日 14:30 销售部 张三 将进度从 60% 改为 80%".
    pub summary: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryPage {
    pub items: Vec<HistoryEntryDto>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// A task's history, newest first
#[utoipa::path(tag = "tasks", params(PageQuery), responses(
    (status = 200, description = "OK", body = HistoryPage),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/history")]
pub async fn list_task_history(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    q: web::Query<PageQuery>,
) -> AppResult<web::Json<HistoryPage>> {
    let id = task_id.into_inner().to_string();
    let before = match decode_cursor(q.cursor.as_deref())? {
        Some((at, hid)) => Some((crate::domain::paging::parse_stamp(&at)?, hid)),
        None => None,
    };
    let limit = limit(q.limit)?;
    let (entries, next) = st.db.read(move |c| tasks::history(c, &me.id, &id, before, limit)).await?;
    Ok(web::Json(HistoryPage {
        items: entries
            .into_iter()
            .map(|e| HistoryEntryDto {
                id: uuid(&e.row.id),
                at: to_utc(e.row.at),
                actor: user_ref(&e.row.actor_id, &e.actor_name),
                department_name: e.department_name,
                field: e.row.field,
                old_value: e.row.old_value,
                new_value: e.row.new_value,
                summary: e.summary,
            })
            .collect(),
        next_cursor: next.as_ref().map(super::pagination::encode_cursor),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateList {
    pub items: Vec<Template>,
}

/// The templates that ship with Tandem
#[utoipa::path(tag = "tasks", responses(
    (status = 200, description = "OK", body = TemplateList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/templates")]
pub async fn list_templates(_me: CurrentUser) -> web::Json<TemplateList> {
    web::Json(TemplateList { items: templates::all() })
}
