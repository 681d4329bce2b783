//! The case library (协作案例库): marking a top-level task done with its 协作总结, archiving,
//! reopening and tagging a case, the library's faceted list, a case's page, and starting a new
//! task from a case.

use actix_web::http::StatusCode;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::comments::CommentDto;
use super::departments::{dept_ref, user_ref, DepartmentRef, UserRef};
use super::extract::{parse_one, CurrentUser, OptionalIfMatch, ValidJson};
use super::files::FileDto;
use super::pagination::{decode_cursor, encode_cursor, limit};
use super::tasks::{task_response, TaskDto, TaskSummaryDto};
use crate::db::to_utc;
use crate::domain::cases::figures::{DepartmentFigures, Figures, Handoff};
use crate::domain::cases::library::{self, CaseCard, CaseQuery, FacetCount, TimelineKind};
use crate::domain::cases::reuse::{self, ReuseInput};
use crate::domain::cases::{self, SummaryInput, SummaryView};
use crate::error::{AppError, AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::{CaseOutcome, Scenario};

// ---------------------------------------------------------------- summary

/// The 协作总结 written when a top-level task is marked done. Only `outcome` is required.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteTaskRequest {
    /// 目标达成情况: the outcome against the goal (1–4000 characters).
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub outcome: String,
    /// 做得好的地方 (0–4000 characters).
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[schema(max_length = 4000)]
    pub went_well: String,
    /// 遇到的问题 (0–4000 characters).
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[schema(max_length = 4000)]
    pub problems: String,
    /// 经验教训 (0–4000 characters).
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[schema(max_length = 4000)]
    pub lessons: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentFiguresDto {
    /// `null` when the subtasks had no department.
    #[schema(required = true)]
    pub department: Option<DepartmentRef>,
    /// Finished subtasks (cancelled ones do not count).
    pub subtasks: i64,
    pub on_time: i64,
    pub late: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HandoffDto {
    pub from_task_id: Uuid,
    pub from_title: String,
    pub to_task_id: Uuid,
    pub to_title: String,
    /// Hours from the predecessor's completion to the successor's start.
    pub wait_hours: f64,
}

/// What the platform derived when the task was marked done.
#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresDto {
    pub planned_start: DateTime<Utc>,
    pub planned_due: DateTime<Utc>,
    pub completed_at: DateTime<Utc>,
    /// Calendar days after the deadline (negative: days gained), one decimal.
    pub days_late: f64,
    pub departments: Vec<DepartmentFiguresDto>,
    /// Review rounds over the whole task.
    pub review_rounds: i32,
    pub handoffs: Vec<HandoffDto>,
    /// The mean wait at hand-offs in hours; `null` without hand-offs.
    #[schema(required = true)]
    pub mean_wait_hours: Option<f64>,
}

impl FiguresDto {
    /// The figures as a reader sees them: a hand-off names only tasks the reader may see.
    fn of(f: Figures, visible: &[String]) -> Self {
        let mean_wait_hours = f.mean_wait_hours();
        Self {
            planned_start: to_utc(f.planned_start),
            planned_due: to_utc(f.planned_due),
            completed_at: to_utc(f.completed_at),
            days_late: f.days_late,
            departments: f.departments.into_iter().map(DepartmentFiguresDto::from).collect(),
            review_rounds: f.review_rounds,
            handoffs: f
                .handoffs
                .into_iter()
                .filter(|h| visible.contains(&h.from_task_id) && visible.contains(&h.to_task_id))
                .map(HandoffDto::from)
                .collect(),
            mean_wait_hours,
        }
    }
}

impl From<DepartmentFigures> for DepartmentFiguresDto {
    fn from(d: DepartmentFigures) -> Self {
        Self {
            department: d.department_id.as_deref().map(|id| dept_ref(id, &d.name)),
            subtasks: d.subtasks,
            on_time: d.on_time,
            late: d.late,
        }
    }
}

impl From<Handoff> for HandoffDto {
    fn from(h: Handoff) -> Self {
        Self {
            from_task_id: super::users::uuid(&h.from_task_id),
            from_title: h.from_title,
            to_task_id: super::users::uuid(&h.to_task_id),
            to_title: h.to_title,
            wait_hours: h.wait_hours,
        }
    }
}

/// A task's 协作总结.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskSummaryTextDto {
    pub outcome: String,
    pub went_well: String,
    pub problems: String,
    pub lessons: String,
    pub written_by: UserRef,
    pub written_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub figures: FiguresDto,
    /// The task's tags (also before it is archived).
    pub tags: Vec<String>,
}

fn summary_dto(s: SummaryView, visible: &[String]) -> TaskSummaryTextDto {
    TaskSummaryTextDto {
        tags: s.tags,
        written_by: user_ref(&s.row.written_by, &s.written_by_name),
        written_at: to_utc(s.row.written_at),
        updated_at: to_utc(s.row.updated_at),
        outcome: s.row.outcome,
        went_well: s.row.went_well,
        problems: s.row.problems,
        lessons: s.row.lessons,
        figures: FiguresDto::of(s.figures, visible),
    }
}

/// Mark a top-level task done with its 协作总结
///
/// Refused while subtasks are open (409 `open_subtasks`, naming them). The platform adds the
/// figures (planned vs actual, per-department on-time, review rounds, hand-off waits). Marking
/// done through progress or `PATCH` is refused for a top-level task without a summary (422,
/// field `summary`). `If-Match` is optional here.
#[utoipa::path(tag = "cases", request_body = CompleteTaskRequest,
    params(("If-Match" = Option<String>, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = TaskDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/complete")]
pub async fn complete_task(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    if_match: OptionalIfMatch,
    body: ValidJson<CompleteTaskRequest>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let b = body.0;
    let input = SummaryInput { outcome: b.outcome, went_well: b.went_well, problems: b.problems, lessons: b.lessons };
    let d = st.db.write(move |c| cases::complete(c, &me.id, &id, if_match.0, input)).await?;
    Ok(task_response(StatusCode::OK, d))
}

/// A task's 协作总结
#[utoipa::path(tag = "cases", responses(
    (status = 200, description = "OK", body = TaskSummaryTextDto),
    (status = "4XX", description = "The request failed (problem+json); 404 when the task has no summary", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/summary")]
pub async fn get_task_summary(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<web::Json<TaskSummaryTextDto>> {
    let id = task_id.into_inner().to_string();
    let (s, visible) = st
        .db
        .read(move |c| {
            let s = cases::summary(c, &me.id, &id)?;
            let visible = match &s {
                Some(_) => library::visible_tree(c, &me.id, &id)?,
                None => Vec::new(),
            };
            Ok((s, visible))
        })
        .await?;
    let s = s.ok_or_else(|| AppError::not_found("summary"))?;
    Ok(web::Json(summary_dto(s, &visible)))
}

// ---------------------------------------------------------------- archive, reopen, tags

/// A request without content.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArchiveTaskRequest {}

/// Put a done top-level task into the case library now
///
/// Its owner or an administrator; otherwise it goes in automatically a set number of days after
/// it was marked done (`TANDEM_RULE_ARCHIVE_AFTER_DAYS`, default 7). The task, its subtasks and
/// files become read-only. `If-Match` is optional here.
#[utoipa::path(tag = "cases", request_body = ArchiveTaskRequest,
    params(("If-Match" = Option<String>, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = TaskDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/archive")]
pub async fn archive_task(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    if_match: OptionalIfMatch,
    _body: ValidJson<ArchiveTaskRequest>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let d = st.db.write(move |c| cases::archive(c, &me.id, &id, if_match.0)).await?;
    Ok(task_response(StatusCode::OK, d))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenCaseRequest {
    /// Why the case leaves the library (1–500 characters); kept in the history and the audit log.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// Take a case out of the library (administrators)
///
/// The task and its subtasks are done again and editable.
#[utoipa::path(tag = "cases", request_body = ReopenCaseRequest, responses(
    (status = 200, description = "OK", body = TaskDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/reopen")]
pub async fn reopen_case(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<ReopenCaseRequest>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let reason = body.0.reason;
    let d = st.db.write(move |c| cases::reopen(c, &me.id, &id, &reason)).await?;
    Ok(task_response(StatusCode::OK, d))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetTagsRequest {
    /// The case's tags (0–20, each 1–30 characters; duplicates ignored).
    #[schema(max_items = 20)]
    pub tags: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagsDto {
    pub tags: Vec<String>,
}

/// Set a done task's or case's tags
///
/// Its owner, a head of one of its departments, or an administrator.
#[utoipa::path(tag = "cases", request_body = SetTagsRequest, responses(
    (status = 200, description = "OK", body = TagsDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[put("/tasks/{task_id}/tags")]
pub async fn set_task_tags(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<SetTagsRequest>,
) -> AppResult<web::Json<TagsDto>> {
    let id = task_id.into_inner().to_string();
    let tags = body.0.tags;
    let tags = st.db.write(move |c| cases::set_tags(c, &me.id, &id, tags)).await?;
    Ok(web::Json(TagsDto { tags }))
}

// ---------------------------------------------------------------- the library

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseListQuery {
    /// Cases a department took part in (initiating or collaborating).
    pub department_id: Option<Uuid>,
    #[param(value_type = Option<Scenario>)]
    pub scenario: Option<String>,
    /// The quarter the case was done in, e.g. `2026-Q4`.
    #[param(pattern = r"^[0-9]{4}-Q[1-4]$")]
    pub quarter: Option<String>,
    pub tag: Option<String>,
    #[param(value_type = Option<CaseOutcome>)]
    pub outcome: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor`: the next page.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseCardDto {
    pub task: TaskSummaryDto,
    /// The quarter it was done in, e.g. `2026-Q4`.
    pub quarter: String,
    #[schema(required = true)]
    pub outcome: Option<CaseOutcome>,
    pub tags: Vec<String>,
    /// The summary's outcome (目标达成情况); `null` for a case without a summary.
    #[schema(required = true)]
    pub summary_outcome: Option<String>,
    /// Days after the deadline (negative: before it); `null` without a summary.
    #[schema(required = true)]
    pub days_late: Option<f64>,
    pub completed_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
}

impl From<CaseCard> for CaseCardDto {
    fn from(c: CaseCard) -> Self {
        Self {
            completed_at: c.task.task.completed_at.map(to_utc),
            archived_at: c.task.task.archived_at.map(to_utc),
            task: TaskSummaryDto::from(c.task),
            quarter: c.quarter,
            outcome: c.outcome,
            tags: c.tags,
            summary_outcome: c.summary_outcome,
            days_late: c.days_late,
        }
    }
}

/// One value of a facet and how many cases (matching the other filters) have it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCountDto {
    pub value: String,
    /// What to show (a department's name; the value for the others).
    pub label: String,
    pub count: i64,
}

impl From<FacetCount> for FacetCountDto {
    fn from(f: FacetCount) -> Self {
        Self { value: f.value, label: f.label, count: f.count }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseFacetsDto {
    pub department: Vec<FacetCountDto>,
    pub scenario: Vec<FacetCountDto>,
    pub quarter: Vec<FacetCountDto>,
    pub tag: Vec<FacetCountDto>,
    pub outcome: Vec<FacetCountDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CasePageDto {
    pub items: Vec<CaseCardDto>,
    /// Cases matching every filter.
    pub total: i64,
    pub facets: CaseFacetsDto,
    /// Pass as `cursor` for the next page; `null` on the last.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

fn facets(v: Vec<FacetCount>) -> Vec<FacetCountDto> {
    v.into_iter().map(FacetCountDto::from).collect()
}

/// The case library
///
/// Archived top-level tasks the caller may see, newest archived first, with facet counts over
/// the cases the caller may see (a case the caller may not see is never counted). For a text
/// query use `GET /search` with `archived=true`.
#[utoipa::path(tag = "cases", params(CaseListQuery), responses(
    (status = 200, description = "OK", body = CasePageDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/cases")]
pub async fn list_cases(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<CaseListQuery>,
) -> AppResult<web::Json<CasePageDto>> {
    let q = q.into_inner();
    let quarter = cases::parse_quarter(q.quarter.as_deref())?;
    let scenario = parse_one::<Scenario>("scenario", q.scenario.as_deref())?;
    let outcome = parse_one::<CaseOutcome>("outcome", q.outcome.as_deref())?;
    let query = CaseQuery {
        department_id: q.department_id.map(|d| d.to_string()),
        scenario,
        quarter,
        tag: q.tag.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
        outcome,
        after: decode_cursor(q.cursor.as_deref())?,
        limit: limit(q.limit)?,
    };
    let page = st.db.read(move |c| library::list(c, &me.id, &query)).await?;
    Ok(web::Json(CasePageDto {
        items: page.items.into_iter().map(CaseCardDto::from).collect(),
        total: page.total,
        facets: CaseFacetsDto {
            department: facets(page.facets.department),
            scenario: facets(page.facets.scenario),
            quarter: facets(page.facets.quarter),
            tag: facets(page.facets.tag),
            outcome: facets(page.facets.outcome),
        },
        next_cursor: page.next.as_ref().map(encode_cursor),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TagSuggestionQuery {
    /// What was typed so far (may be empty).
    #[serde(default)]
    #[param(max_length = 30)]
    pub q: String,
    /// 1–50, default 10.
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagSuggestionsDto {
    pub items: Vec<FacetCountDto>,
}

/// Tag suggestions
///
/// Tags on cases the caller may see that contain what was typed, those starting with it first,
/// then the most used.
#[utoipa::path(tag = "cases", params(TagSuggestionQuery), responses(
    (status = 200, description = "OK", body = TagSuggestionsDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/case-tags")]
pub async fn suggest_case_tags(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<TagSuggestionQuery>,
) -> AppResult<web::Json<TagSuggestionsDto>> {
    let q = q.into_inner();
    if q.q.chars().count() > cases::MAX_TAG_CHARS {
        return Err(AppError::field("q", "too_long", "at most 30 characters"));
    }
    let n = match q.limit {
        None => 10,
        Some(n) if (1..=50).contains(&n) => usize::try_from(n).unwrap_or(10),
        Some(_) => return Err(AppError::field("limit", "range", "limit must be between 1 and 50")),
    };
    let items = st.db.read(move |c| library::tag_suggestions(c, &me.id, &q.q, n)).await?;
    Ok(web::Json(TagSuggestionsDto { items: facets(items) }))
}

/// What a step of a case's timeline is.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKindDto {
    Started,
    Milestone,
    Subtask,
    Handoff,
    Completed,
}

impl From<TimelineKind> for TimelineKindDto {
    fn from(k: TimelineKind) -> Self {
        match k {
            TimelineKind::Started => Self::Started,
            TimelineKind::Milestone => Self::Milestone,
            TimelineKind::Subtask => Self::Subtask,
            TimelineKind::Handoff => Self::Handoff,
            TimelineKind::Completed => Self::Completed,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntryDto {
    pub at: DateTime<Utc>,
    pub kind: TimelineKindDto,
    pub title: String,
    /// A subtask's department; a hand-off's wait in hours.
    #[schema(required = true)]
    pub detail: Option<String>,
    #[schema(required = true)]
    pub planned: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub on_time: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseFileDto {
    /// The task of the case the file belongs to.
    pub task_title: String,
    pub file: FileDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDecisionDto {
    pub meeting_id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    /// 决议事项 as the minutes recorded them.
    pub decisions: String,
}

/// A case's page.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDto {
    pub task: TaskDto,
    #[schema(required = true)]
    pub summary: Option<TaskSummaryTextDto>,
    pub tags: Vec<String>,
    pub quarter: String,
    #[schema(required = true)]
    pub outcome: Option<CaseOutcome>,
    pub timeline: Vec<TimelineEntryDto>,
    /// Latest versions of the files of the case's tasks the caller may read.
    pub files: Vec<CaseFileDto>,
    pub pinned_comments: Vec<CommentDto>,
    /// Meetings that recorded decisions.
    pub decisions: Vec<CaseDecisionDto>,
    pub can_tag: bool,
    pub can_reopen: bool,
}

/// A case
#[utoipa::path(tag = "cases", responses(
    (status = 200, description = "OK", body = CaseDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/cases/{case_id}")]
pub async fn get_case(
    st: web::Data<AppState>,
    me: CurrentUser,
    case_id: web::Path<Uuid>,
) -> AppResult<web::Json<CaseDto>> {
    let id = case_id.into_inner().to_string();
    let reader = me.id.clone();
    let v = st.db.read(move |c| library::get(c, &reader, &id)).await?;
    let visible = v.visible.clone();
    if crate::domain::audit::view_is_audited(&v.task.summary.task) {
        let task_id = v.task.summary.task.id.clone();
        st.db.write(move |c| crate::domain::audit::task_viewed(c, &me.id, &task_id)).await?;
    }
    Ok(web::Json(CaseDto {
        summary: v.summary.map(|s| summary_dto(s, &visible)),
        tags: v.tags,
        quarter: v.quarter,
        outcome: v.outcome,
        timeline: v
            .timeline
            .into_iter()
            .map(|e| TimelineEntryDto {
                at: to_utc(e.at),
                kind: e.kind.into(),
                title: e.title,
                detail: e.detail,
                planned: e.planned.map(to_utc),
                on_time: e.on_time,
            })
            .collect(),
        files: v.files.into_iter().map(|(task_title, f)| CaseFileDto { task_title, file: FileDto::from(f) }).collect(),
        pinned_comments: v.pinned.into_iter().map(CommentDto::from).collect(),
        decisions: v
            .decisions
            .into_iter()
            .map(|m| CaseDecisionDto {
                meeting_id: super::users::uuid(&m.row.id),
                title: m.row.title,
                starts_at: to_utc(m.row.starts_at),
                decisions: m.row.decisions,
            })
            .collect(),
        can_tag: v.can_tag,
        can_reopen: v.can_reopen,
        task: TaskDto::from(v.task),
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReuseCaseRequest {
    /// The new task's title (1–100 characters); the case's when absent.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub title: Option<String>,
    /// The new deadline: every date of the case (subtasks, milestones, a one-off collection, the
    /// request's needed-by date) moves by the same amount.
    pub due_at: DateTime<Utc>,
    /// Files of the case to copy as first versions (0–50).
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub file_ids: Vec<Uuid>,
}

/// Start a new task from a case (以此为模板新建)
///
/// A new draft owned by the caller with the case's structure: subtasks per department with
/// their dates shifted to the new deadline, dependencies, milestones, collections and the
/// resource request's form; the chosen files copied as first versions. The case does not change.
#[utoipa::path(tag = "cases", request_body = ReuseCaseRequest, responses(
    (status = 201, description = "Created", body = TaskDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/cases/{case_id}/reuse")]
pub async fn reuse_case(
    st: web::Data<AppState>,
    me: CurrentUser,
    case_id: web::Path<Uuid>,
    body: ValidJson<ReuseCaseRequest>,
) -> AppResult<HttpResponse> {
    let id = case_id.into_inner().to_string();
    let b = body.0;
    let input = ReuseInput {
        title: b.title,
        due_at: b.due_at.naive_utc(),
        file_ids: b.file_ids.iter().map(Uuid::to_string).collect(),
    };
    let d = st.db.write(move |c| reuse::reuse(c, &me.id, &id, input)).await?;
    Ok(task_response(StatusCode::CREATED, d))
}
