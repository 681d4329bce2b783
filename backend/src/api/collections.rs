//! Collections (收集) of info-sync tasks: setting one up, its rounds, the collector's matrix,
//! handing in files and answers, accepting and sending back, a round's zip and answers workbook.

use std::io::Write;

use actix_web::body::SizedStream;
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::approvals::EmptyBody;
use super::departments::{dept_ref, user_ref, DepartmentRef, UserRef};
use super::download::content_disposition;
use super::extract::{parse_list, with_etag, CurrentUser, IfMatch, ValidJson};
use super::files::{finish, read_upload};
use super::pagination::{decode_cursor, encode_cursor, limit};
use super::users::uuid;
use crate::db::collections::RoundRow;
use crate::db::to_utc;
use crate::domain::collections::schedule::CollectionSchedule;
use crate::domain::collections::submit::{self, MatrixPage, Review, SubmissionView};
use crate::domain::collections::{
    self as collections, archive, rounds, CollectionPatch, CollectionView, NewCollection, RoundCounts, Spec, Submitters,
};
use crate::domain::files;
use crate::error::{AppError, AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::{RoundState, SubmissionStatus};
use crate::zipstream::ZipWriter;

// ---------------------------------------------------------------- DTOs

#[derive(Debug, Serialize, ToSchema)]
pub struct RoundCountsDto {
    /// Departments and people asked.
    pub total: i64,
    /// Not handed in (yet).
    pub pending: i64,
    pub submitted: i64,
    pub accepted: i64,
    /// Sent back, waiting for a new hand-in.
    pub returned: i64,
    /// Handed in after the deadline.
    pub late: i64,
}

impl From<RoundCounts> for RoundCountsDto {
    fn from(c: RoundCounts) -> Self {
        Self {
            total: c.total,
            pending: c.pending,
            submitted: c.submitted,
            accepted: c.accepted,
            returned: c.returned,
            late: c.late,
        }
    }
}

/// One round of a collection: a period with its deadline.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundDto {
    pub id: Uuid,
    pub collection_id: Uuid,
    /// `once`, or the period: `2026-12`, `2026-W49`, `2026-Q4`.
    pub period: String,
    pub due_at: DateTime<Utc>,
    pub state: RoundState,
    pub created_at: DateTime<Utc>,
    #[schema(required = true)]
    pub counts: Option<RoundCountsDto>,
    /// The collector downloads every handed-in file here (zip).
    pub archive_url: String,
    /// The collector downloads the form's answers here (xlsx).
    pub answers_url: String,
}

fn round_dto(r: RoundRow, counts: Option<RoundCounts>) -> RoundDto {
    RoundDto {
        archive_url: format!("/api/v1/collection-rounds/{}/archive", r.id),
        answers_url: format!("/api/v1/collection-rounds/{}/answers", r.id),
        id: uuid(&r.id),
        collection_id: uuid(&r.collection_id),
        period: r.period,
        due_at: to_utc(r.due_at),
        state: r.state,
        created_at: to_utc(r.created_at),
        counts: counts.map(RoundCountsDto::from),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentSubmitterDto {
    pub department: DepartmentRef,
    /// Named to answer for it; empty: its heads answer.
    pub answerers: Vec<UserRef>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubmittersDto {
    pub departments: Vec<DepartmentSubmitterDto>,
    pub people: Vec<UserRef>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateDto {
    pub file_id: Uuid,
    pub name: String,
    pub download_url: String,
}

/// A collection of an info-sync task.
#[derive(Debug, Serialize, ToSchema)]
pub struct CollectionDto {
    pub id: Uuid,
    pub task_id: Uuid,
    pub title: String,
    pub instructions: String,
    #[schema(required = true)]
    pub template: Option<TemplateDto>,
    pub spec: Spec,
    pub submitters: SubmittersDto,
    pub schedule: CollectionSchedule,
    /// Hand-ins after the deadline are taken (and marked late).
    pub allow_late: bool,
    /// The first reminder, this many working minutes before a deadline.
    pub remind_before_minutes: i64,
    /// Opens new rounds (a recurring collection until stopped).
    pub is_active: bool,
    /// The next deadline, if any.
    #[schema(required = true)]
    pub next_due_at: Option<DateTime<Utc>>,
    /// The latest rounds (up to 24), newest first.
    pub rounds: Vec<RoundDto>,
    /// The caller is the collector: changes it, reviews and downloads.
    pub can_manage: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send as `If-Match` to change it.
    pub version: i64,
}

impl From<CollectionView> for CollectionDto {
    fn from(v: CollectionView) -> Self {
        let name = |id: &str| v.names.get(id).cloned().unwrap_or_default();
        let submitters = SubmittersDto {
            departments: v
                .submitters
                .departments
                .iter()
                .map(|d| DepartmentSubmitterDto {
                    department: dept_ref(&d.department_id, &name(&d.department_id)),
                    answerers: d.answerer_ids.iter().map(|u| user_ref(u, &name(u))).collect(),
                })
                .collect(),
            people: v.submitters.people.iter().map(|u| user_ref(u, &name(u))).collect(),
        };
        let manages = v.can_manage;
        let row = v.row;
        Self {
            id: uuid(&row.id),
            task_id: uuid(&row.task_id),
            template: row.template_file_id.as_ref().zip(v.template_name.clone()).map(|(id, n)| TemplateDto {
                file_id: uuid(id),
                download_url: format!("/api/v1/files/{id}/content"),
                name: n,
            }),
            title: row.title,
            instructions: row.instructions,
            spec: v.spec,
            submitters,
            schedule: v.schedule,
            allow_late: row.allow_late,
            remind_before_minutes: row.remind_before_minutes,
            is_active: row.is_active,
            next_due_at: v.next_due.map(to_utc),
            rounds: v.rounds.into_iter().map(|r| round_dto(r.row, Some(r.counts))).collect(),
            can_manage: manages,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            version: row.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CollectionList {
    pub items: Vec<CollectionDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubmittedFileDto {
    pub file_id: Uuid,
    /// The name it was handed in with.
    pub name: String,
    /// Its name among the task's files.
    pub stored_name: String,
    pub size_bytes: i64,
    /// The newest version's number (each re-upload of the name is a new version).
    pub version: i32,
    pub uploaded_at: DateTime<Utc>,
    pub uploaded_by: UserRef,
    pub download_url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewDto {
    pub by: UserRef,
    pub at: DateTime<Utc>,
    /// Why it was sent back.
    #[schema(required = true)]
    pub comment: Option<String>,
}

/// One department's or person's submission to a round.
#[derive(Debug, Serialize, ToSchema)]
pub struct CollectionSubmissionDto {
    pub id: Uuid,
    pub round_id: Uuid,
    pub collection_id: Uuid,
    pub task_id: Uuid,
    /// The department that must hand in (or `person`).
    #[schema(required = true)]
    pub department: Option<DepartmentRef>,
    #[schema(required = true)]
    pub person: Option<UserRef>,
    /// Who answers for it (upload, hand in, reminded).
    pub answerers: Vec<UserRef>,
    pub status: SubmissionStatus,
    /// Not handed in and past the deadline.
    pub missing: bool,
    /// Handed in after the deadline.
    pub is_late: bool,
    pub due_at: DateTime<Utc>,
    #[schema(required = true)]
    pub submitted_by: Option<UserRef>,
    #[schema(required = true)]
    pub submitted_at: Option<DateTime<Utc>>,
    /// The form's answers by field key.
    #[schema(value_type = Object)]
    pub answers: serde_json::Value,
    pub files: Vec<SubmittedFileDto>,
    #[schema(required = true)]
    pub review: Option<ReviewDto>,
    /// The caller may upload and hand it in now.
    pub can_submit: bool,
    /// The caller may accept it or send it back.
    pub can_review: bool,
    pub version: i64,
}

impl From<SubmissionView> for CollectionSubmissionDto {
    fn from(v: SubmissionView) -> Self {
        let name = |id: &str| v.names.get(id).cloned().unwrap_or_default();
        let r = &v.row;
        Self {
            id: uuid(&r.id),
            round_id: uuid(&r.round_id),
            collection_id: uuid(&r.collection_id),
            task_id: uuid(&r.task_id),
            department: r.department_id.as_ref().map(|d| dept_ref(d, &v.unit_name)),
            person: r.person_id.as_ref().map(|p| user_ref(p, &v.unit_name)),
            answerers: v.answerers.iter().map(|(id, n)| user_ref(id, n)).collect(),
            status: r.status,
            missing: v.missing,
            is_late: r.is_late,
            due_at: to_utc(v.round.due_at),
            submitted_by: r.submitted_by.as_ref().map(|u| user_ref(u, &name(u))),
            submitted_at: r.submitted_at.map(to_utc),
            answers: serde_json::Value::Object(v.answers.clone()),
            files: v
                .files
                .iter()
                .map(|f| SubmittedFileDto {
                    file_id: uuid(&f.file_id),
                    name: f.name.clone(),
                    stored_name: f.stored_name.clone(),
                    size_bytes: f.size_bytes,
                    version: f.version,
                    uploaded_at: to_utc(f.uploaded_at),
                    uploaded_by: user_ref(&f.uploaded_by, &name(&f.uploaded_by)),
                    download_url: format!("/api/v1/files/{}/content", f.file_id),
                })
                .collect(),
            review: r.reviewed_by.as_ref().zip(r.reviewed_at).map(|(by, at)| ReviewDto {
                by: user_ref(by, &name(by)),
                at: to_utc(at),
                comment: r.review_comment.clone(),
            }),
            can_submit: v.can_submit,
            can_review: v.can_review,
            version: r.version,
        }
    }
}

/// A page of a round's matrix.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionMatrix {
    pub round: RoundDto,
    pub collection_title: String,
    /// The whole round's figures (for the collector; `null` for others).
    #[schema(required = true)]
    pub counts: Option<RoundCountsDto>,
    pub items: Vec<CollectionSubmissionDto>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

impl From<MatrixPage> for SubmissionMatrix {
    fn from(p: MatrixPage) -> Self {
        Self {
            round: round_dto(p.round, None),
            collection_title: p.collection.title,
            counts: p.counts.map(RoundCountsDto::from),
            items: p.items.into_iter().map(CollectionSubmissionDto::from).collect(),
            next_cursor: p.next.as_ref().map(encode_cursor),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CollectionSubmissionList {
    pub items: Vec<CollectionSubmissionDto>,
}

// ---------------------------------------------------------------- requests

/// A new collection.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectionBody {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub instructions: String,
    /// A file of the task to fill in.
    pub template_file_id: Option<Uuid>,
    pub spec: Spec,
    pub submitters: Submitters,
    pub schedule: CollectionSchedule,
    #[serde(default)]
    pub allow_late: bool,
    /// Working minutes before a deadline for the first reminder (540, one working day, by default).
    #[validate(range(min = 0, max = 5400))]
    #[schema(minimum = 0, maximum = 5400)]
    pub remind_before_minutes: Option<i64>,
}

/// Changes to a collection (who must submit and the schedule stay as set).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectionPatchBody {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub instructions: Option<String>,
    pub template_file_id: Option<Uuid>,
    /// `true` removes the template.
    pub remove_template: Option<bool>,
    pub allow_late: Option<bool>,
    #[validate(range(min = 0, max = 5400))]
    #[schema(minimum = 0, maximum = 5400)]
    pub remind_before_minutes: Option<i64>,
    /// `false` stops a recurring collection: no more rounds.
    pub is_active: Option<bool>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandInBody {
    /// The form's answers by field key (numbers as numbers, dates as `YYYY-MM-DD`).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub answers: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnSubmissionBody {
    /// What to change (1–500 characters).
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub comment: String,
}

/// The form of a file handed in (`multipart/form-data`).
// Deserialize only so the schema says `additionalProperties: false`: other parts are refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandInFileForm {
    /// The content; its file name is the name handed in (a second upload of the name replaces it
    /// as a new version).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// What this version changed.
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MatrixQuery {
    /// Comma-separated statuses: pending, submitted, accepted, returned.
    pub status: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor`: the next page.
    pub cursor: Option<String>,
}

// ---------------------------------------------------------------- handlers

fn collection_response(status: StatusCode, v: CollectionView) -> HttpResponse {
    let version = v.row.version;
    with_etag(status, version, &CollectionDto::from(v))
}

fn submission_response(v: SubmissionView) -> HttpResponse {
    let version = v.row.version;
    with_etag(StatusCode::OK, version, &CollectionSubmissionDto::from(v))
}

/// The collections of a task
#[utoipa::path(tag = "collections", responses(
    (status = 200, description = "OK", body = CollectionList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/collections")]
pub async fn list_collections(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let items = st.db.read(move |c| collections::list(c, &me.id, &id)).await?;
    Ok(HttpResponse::Ok().json(CollectionList { items: items.into_iter().map(CollectionDto::from).collect() }))
}

/// Set up a collection (收集) on an info-sync task
///
/// By whoever runs the task. A one-off collection opens its round at once (once the task is
/// published); a recurring one opens each period's round when the period begins.
#[utoipa::path(tag = "collections", request_body = CollectionBody, responses(
    (status = 201, description = "Created", body = CollectionDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/collections")]
pub async fn create_collection(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<CollectionBody>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let b = body.0;
    let input = NewCollection {
        title: b.title,
        instructions: b.instructions,
        template_file_id: b.template_file_id.map(|u| u.to_string()),
        spec: b.spec,
        submitters: b.submitters,
        schedule: b.schedule,
        allow_late: b.allow_late,
        remind_before_minutes: b.remind_before_minutes,
    };
    let v = st.db.write(move |c| collections::create(c, &me.id, &id, input)).await?;
    Ok(collection_response(StatusCode::CREATED, v))
}

/// A collection
#[utoipa::path(tag = "collections", responses(
    (status = 200, description = "OK", body = CollectionDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/collections/{collection_id}")]
pub async fn get_collection(st: web::Data<AppState>, me: CurrentUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let v = st.db.read(move |c| collections::get(c, &me.id, &id)).await?;
    Ok(collection_response(StatusCode::OK, v))
}

/// Change a collection
///
/// Needs `If-Match`. Title, instructions, template, late hand-ins, the reminder lead time, and
/// stopping (or restarting) a recurring collection.
#[utoipa::path(tag = "collections", request_body = CollectionPatchBody,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = CollectionDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[patch("/collections/{collection_id}")]
pub async fn update_collection(
    st: web::Data<AppState>,
    me: CurrentUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<CollectionPatchBody>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let b = body.0;
    let template = match (b.remove_template, b.template_file_id) {
        (Some(true), Some(_)) => {
            return Err(AppError::field("template_file_id", "conflict", "set a template or remove it, not both"))
        }
        (Some(true), None) => Some(None),
        (_, Some(t)) => Some(Some(t.to_string())),
        _ => None,
    };
    let patch = CollectionPatch {
        title: b.title,
        instructions: b.instructions,
        template_file_id: template,
        allow_late: b.allow_late,
        remind_before_minutes: b.remind_before_minutes,
        is_active: b.is_active,
    };
    let v = st.db.write(move |c| collections::update(c, &me.id, &id, if_match.0, patch)).await?;
    Ok(collection_response(StatusCode::OK, v))
}

/// A round's submissions (the collector's matrix)
///
/// The collector sees every department and person of the round, with the round's figures;
/// anyone else who sees the task sees the submissions they answer for or whose department they
/// head.
#[utoipa::path(tag = "collections", params(MatrixQuery), responses(
    (status = 200, description = "OK", body = SubmissionMatrix),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/collection-rounds/{round_id}/submissions")]
pub async fn list_round_submissions(
    st: web::Data<AppState>,
    me: CurrentUser,
    id: web::Path<Uuid>,
    q: web::Query<MatrixQuery>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let q = q.into_inner();
    let statuses: Vec<SubmissionStatus> = parse_list("status", q.status.as_deref())?;
    let limit = limit(q.limit)?;
    let after = decode_cursor(q.cursor.as_deref())?;
    let page = st.db.read(move |c| submit::matrix(c, &me.id, &id, statuses, after, limit)).await?;
    Ok(HttpResponse::Ok().json(SubmissionMatrix::from(page)))
}

async fn set_round_open(st: web::Data<AppState>, me: CurrentUser, id: Uuid, open: bool) -> AppResult<HttpResponse> {
    let id = id.to_string();
    let r = st.db.write(move |c| rounds::set_open(c, &me.id, &id, open)).await?;
    Ok(HttpResponse::Ok().json(round_dto(r, None)))
}

/// Close a round
///
/// No more hand-ins and no more reminders for it.
#[utoipa::path(tag = "collections", request_body = EmptyBody, responses(
    (status = 200, description = "OK", body = RoundDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/collection-rounds/{round_id}/close")]
pub async fn close_round(
    st: web::Data<AppState>,
    me: CurrentUser,
    id: web::Path<Uuid>,
    _body: ValidJson<EmptyBody>,
) -> AppResult<HttpResponse> {
    set_round_open(st, me, id.into_inner(), false).await
}

/// Open a closed round again
#[utoipa::path(tag = "collections", request_body = EmptyBody, responses(
    (status = 200, description = "OK", body = RoundDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/collection-rounds/{round_id}/reopen")]
pub async fn reopen_round(
    st: web::Data<AppState>,
    me: CurrentUser,
    id: web::Path<Uuid>,
    _body: ValidJson<EmptyBody>,
) -> AppResult<HttpResponse> {
    set_round_open(st, me, id.into_inner(), true).await
}

/// Writes into a bounded channel in chunks: the zip is produced as fast as the client reads it,
/// with at most a few chunks in memory.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

const ZIP_CHUNK: usize = 256 * 1024;

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(ZIP_CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= ZIP_CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// Every handed-in file of a round, as one zip
///
/// For the collector. Entries are named `部门_姓名_原文件名` (safe for Windows); the archive
/// streams (its size is known, so `Content-Length` is set).
#[utoipa::path(tag = "collections", responses(
    (status = 200, description = "The zip", content_type = "application/zip", body = inline(super::download::Binary)),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/collection-rounds/{round_id}/archive")]
pub async fn download_round_archive(
    st: web::Data<AppState>,
    me: CurrentUser,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let (name, entries) = st.db.read(move |c| archive::entries(c, &me.id, &id)).await?;
    let size = crate::zipstream::size(entries.iter().map(|e| (e.name.as_str(), e.size)));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let blobs = st.blobs.clone();
    actix_web::rt::task::spawn_blocking(move || {
        let mut out = ChannelWriter { tx: tx.clone(), buf: Vec::with_capacity(ZIP_CHUNK) };
        let written = (|| -> std::io::Result<()> {
            let mut zip = ZipWriter::new(&mut out);
            for e in &entries {
                let (file, _) = blobs.open(&e.sha256)?;
                zip.add(&e.name, e.modified, file)?;
            }
            zip.finish()?;
            Ok(())
        })();
        if let Err(e) = written {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                tracing::error!(error = %e, "a round's zip stopped half-way");
                let _ = tx.blocking_send(Err(e));
            }
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(("Content-Disposition", content_disposition(&name, false)))
        .body(SizedStream::new(size, stream)))
}

/// The form's answers of a round, as a workbook
///
/// For the collector: one row per department or person (those missing too), in the caller's
/// language and time zone.
#[utoipa::path(tag = "collections", responses(
    (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = inline(super::download::Binary)),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/collection-rounds/{round_id}/answers")]
pub async fn download_round_answers(
    st: web::Data<AppState>,
    me: CurrentUser,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let (name, bytes) = st.db.read(move |c| archive::answers_workbook(c, &me.id, &id)).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header(("Content-Disposition", content_disposition(&name, false)))
        .body(bytes))
}

/// A submission
#[utoipa::path(tag = "collections", responses(
    (status = 200, description = "OK", body = CollectionSubmissionDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/collection-submissions/{submission_id}")]
pub async fn get_submission(st: web::Data<AppState>, me: CurrentUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let v = st.db.read(move |c| submit::get(c, &me.id, &id)).await?;
    Ok(submission_response(v))
}

/// Upload a file to a submission
///
/// `multipart/form-data` with the content in `file`. The file lands in the task's Files,
/// readable by the collector, the people who answer for the submission and their department's
/// heads; uploading a name again is a new version of it. A submission already handed in stays
/// handed in, as of now.
#[utoipa::path(tag = "collections", request_body(content = HandInFileForm, content_type = "multipart/form-data"),
    responses(
    (status = 200, description = "OK", body = CollectionSubmissionDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/collection-submissions/{submission_id}/files")]
pub async fn upload_submission_file(
    st: web::Data<AppState>,
    me: CurrentUser,
    id: web::Path<Uuid>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let (user, s) = (me.id.clone(), id.clone());
    // Refuse before reading a large body.
    st.db.read(move |c| submit::may_upload(c, &user, &s)).await?;
    let _slot = st.uploads.take(&me.id)?;
    let mut up = read_upload(&st, &req, payload, &["note"]).await?;
    let name = files::check_name(&up.file_name.take().unwrap_or_default())?;
    let note = up.fields.remove("note").unwrap_or_default();
    let content_type = files::content_type_for(&name, up.declared_type.as_deref());
    let v =
        finish(&st, up.blob, content_type, move |c, blob| submit::upload(c, &me.id, &id, &name, &note, blob)).await?;
    Ok(submission_response(v))
}

/// Take a file off a submission not handed in yet
///
/// The file goes to the task's trash.
#[utoipa::path(tag = "collections", responses(
    (status = 200, description = "OK", body = CollectionSubmissionDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/collection-submissions/{submission_id}/files/{file_id}")]
pub async fn remove_submission_file(
    st: web::Data<AppState>,
    me: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (id, file) = path.into_inner();
    let (id, file) = (id.to_string(), file.to_string());
    let v = st.db.write(move |c| submit::remove_file(c, &me.id, &id, &file)).await?;
    Ok(submission_response(v))
}

/// Hand in a submission (提交)
///
/// With the form's answers; needs the collection's files. After the deadline only when the
/// collection takes late hand-ins (or the collector sent it back).
#[utoipa::path(tag = "collections", request_body = HandInBody, responses(
    (status = 200, description = "OK", body = CollectionSubmissionDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/collection-submissions/{submission_id}/submit")]
pub async fn hand_in_submission(
    st: web::Data<AppState>,
    me: CurrentUser,
    id: web::Path<Uuid>,
    body: ValidJson<HandInBody>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let answers = body.0.answers;
    let v = st.db.write(move |c| submit::submit(c, &me.id, &id, &answers)).await?;
    Ok(submission_response(v))
}

/// Accept a submission (确认收到)
#[utoipa::path(tag = "collections", request_body = EmptyBody, responses(
    (status = 200, description = "OK", body = CollectionSubmissionDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/collection-submissions/{submission_id}/accept")]
pub async fn accept_submission(
    st: web::Data<AppState>,
    me: CurrentUser,
    id: web::Path<Uuid>,
    _body: ValidJson<EmptyBody>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let v = st.db.write(move |c| submit::review(c, &me.id, &id, Review::Accept)).await?;
    Ok(submission_response(v))
}

/// Send a submission back (退回)
///
/// With what to change; it is open again for its submitter, whatever the deadline.
#[utoipa::path(tag = "collections", request_body = ReturnSubmissionBody, responses(
    (status = 200, description = "OK", body = CollectionSubmissionDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/collection-submissions/{submission_id}/return")]
pub async fn return_submission(
    st: web::Data<AppState>,
    me: CurrentUser,
    id: web::Path<Uuid>,
    body: ValidJson<ReturnSubmissionBody>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let comment = body.0.comment;
    let v = st.db.write(move |c| submit::review(c, &me.id, &id, Review::Return(comment))).await?;
    Ok(submission_response(v))
}

/// What I must hand in (待我提交)
///
/// The open submissions the caller answers for, soonest deadline first.
#[utoipa::path(tag = "collections", responses(
    (status = 200, description = "OK", body = CollectionSubmissionList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/me/collection-submissions")]
pub async fn my_submissions(st: web::Data<AppState>, me: CurrentUser) -> AppResult<HttpResponse> {
    let items = st.db.read(move |c| submit::mine(c, &me.id, 100)).await?;
    Ok(HttpResponse::Ok()
        .json(CollectionSubmissionList { items: items.into_iter().map(CollectionSubmissionDto::from).collect() }))
}
