//! Comments on a task, their attachments, pins and edit history.

use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::departments::UserRef;
use super::download::{serve, Download};
use super::extract::{with_etag, CurrentUser, IfMatch, ValidJson};
use super::pagination;
use super::users::uuid;
use crate::db::comments::AttachmentRow;
use crate::db::to_utc;
use crate::domain::comments::{self, CommentView, Mention, NewComment};
use crate::error::{AppError, AppResult, ErrorCode, ProblemDetails};
use crate::state::AppState;
use crate::values::MentionType;

/// The largest file a comment can carry.
pub const MAX_ATTACHMENT_BYTES: usize = 25 * 1024 * 1024;

/// Someone mentioned in a comment, as chosen from the picker.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MentionRequest {
    #[serde(rename = "type")]
    pub type_: MentionType,
    pub id: Uuid,
    /// For a department: notify all its members, not only its head(s).
    #[serde(default)]
    pub all_members: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MentionDto {
    #[serde(rename = "type")]
    pub type_: MentionType,
    pub id: Uuid,
    pub name: String,
    pub all_members: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentDto {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Download it here (with the same bearer token).
    pub url: String,
    pub created_at: DateTime<Utc>,
}

impl From<AttachmentRow> for AttachmentDto {
    fn from(a: AttachmentRow) -> Self {
        Self {
            url: format!("/api/v1/attachments/{}", a.id),
            id: uuid(&a.id),
            file_name: a.file_name,
            content_type: a.content_type,
            size_bytes: a.size_bytes,
            created_at: to_utc(a.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentDto {
    pub id: Uuid,
    pub task_id: Uuid,
    /// The comment this one answers (replies are one level deep).
    #[schema(required = true)]
    pub parent_id: Option<Uuid>,
    pub author: UserRef,
    /// Markdown as written (empty once deleted).
    pub body: String,
    /// The Markdown rendered to sanitized HTML: safe to insert as is.
    pub body_html: String,
    pub mentions: Vec<MentionDto>,
    pub attachments: Vec<AttachmentDto>,
    #[schema(required = true)]
    pub pinned_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub pinned_by: Option<UserRef>,
    pub created_at: DateTime<Utc>,
    /// When the text last changed; earlier texts are at `/comments/{id}/revisions`.
    #[schema(required = true)]
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted: bool,
    pub revision_count: i64,
    /// Also the `ETag`; send it in `If-Match` to edit the comment.
    pub version: i64,
    pub can_edit: bool,
    pub can_delete: bool,
    pub can_pin: bool,
    /// Replies, oldest first (top-level comments only).
    #[schema(no_recursion)]
    pub replies: Vec<CommentDto>,
}

impl From<CommentView> for CommentDto {
    fn from(v: CommentView) -> Self {
        let r = v.row;
        Self {
            id: uuid(&r.id),
            task_id: uuid(&r.task_id),
            parent_id: r.parent_id.as_deref().map(uuid),
            author: UserRef { id: uuid(&r.author_id), name: v.author_name },
            body: r.body,
            body_html: v.body_html,
            mentions: v
                .mentions
                .into_iter()
                .map(|m| MentionDto {
                    type_: m.row.target_type,
                    id: uuid(&m.row.target_id),
                    name: m.name,
                    all_members: m.row.all_members,
                })
                .collect(),
            attachments: v.attachments.into_iter().map(AttachmentDto::from).collect(),
            pinned_at: r.pinned_at.map(to_utc),
            pinned_by: r
                .pinned_by
                .as_deref()
                .map(|p| UserRef { id: uuid(p), name: v.pinned_by_name.unwrap_or_default() }),
            created_at: to_utc(r.created_at),
            edited_at: r.edited_at.map(to_utc),
            deleted: r.deleted_at.is_some(),
            revision_count: v.revision_count,
            version: r.version,
            can_edit: v.can_edit,
            can_delete: v.can_delete,
            can_pin: v.can_pin,
            replies: v.replies.into_iter().map(CommentDto::from).collect(),
        }
    }
}

fn mentions(v: Vec<MentionRequest>) -> Vec<Mention> {
    v.into_iter().map(|m| Mention { target: m.type_, id: m.id.to_string(), all_members: m.all_members }).collect()
}

fn comment_response(status: StatusCode, v: CommentView) -> HttpResponse {
    let version = v.row.version;
    with_etag(status, version, &CommentDto::from(v))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCommentRequest {
    /// Markdown.
    #[serde(default)]
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub body: String,
    /// Answer this comment (a reply to a reply joins the same thread).
    pub parent_id: Option<Uuid>,
    /// People and departments to notify, chosen from the picker. Everyone reached must be able
    /// to see the task.
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub mentions: Vec<MentionRequest>,
    /// Files uploaded with `POST /tasks/{id}/attachments`.
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub attachment_ids: Vec<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentList {
    /// On the first page the pinned comments (latest pin first); then the page's other comments,
    /// oldest first; each with its replies.
    pub items: Vec<CommentDto>,
    /// Pass as `cursor` for the page of older comments; `null` when there are none.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CommentListQuery {
    /// Comments per page besides the pinned ones (1–100, default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor`: the page of older comments.
    pub cursor: Option<String>,
}

/// The task's comments, newest page first
///
/// The first page holds the pinned comments and the latest others; `next_cursor` leads to older
/// ones. Within a page comments read oldest first, each with its replies.
#[utoipa::path(tag = "comments", params(("task_id" = Uuid, Path), CommentListQuery), responses(
    (status = 200, description = "OK", body = CommentList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/comments")]
pub async fn list_comments(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    q: web::Query<CommentListQuery>,
) -> AppResult<web::Json<CommentList>> {
    let id = task_id.into_inner().to_string();
    let limit = pagination::limit(q.limit)?;
    let before = pagination::decode_cursor(q.cursor.as_deref())?;
    let page = st.db.read(move |c| comments::list(c, &me.id, &id, before, limit)).await?;
    Ok(web::Json(CommentList {
        items: page.items.into_iter().map(CommentDto::from).collect(),
        next_cursor: page.next.as_ref().map(pagination::encode_cursor),
    }))
}

/// Comment on a task (or reply to a comment)
///
/// Anyone who can see the task comments on it. Mentioned people, the author of the comment
/// answered and the task's owner are notified. Mentioning someone who cannot see the task is
/// refused (422, `mentions`: `cannot_see_task`, with their names in `detail`).
#[utoipa::path(tag = "comments", request_body = CreateCommentRequest, responses(
    (status = 201, description = "Created", body = CommentDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/comments")]
pub async fn create_comment(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<CreateCommentRequest>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let b = body.0;
    let input = NewComment {
        body: b.body,
        parent_id: b.parent_id.map(|p| p.to_string()),
        mentions: mentions(b.mentions),
        attachment_ids: b.attachment_ids.iter().map(Uuid::to_string).collect(),
    };
    let v = st.db.write(move |c| comments::create(c, &me.id, &id, input)).await?;
    Ok(comment_response(StatusCode::CREATED, v))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCommentRequest {
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub body: String,
    /// When sent, replaces the mentions; only people newly reached are notified.
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub mentions: Option<Vec<MentionRequest>>,
}

/// Edit my comment
///
/// The earlier text is kept (see `/comments/{id}/revisions`). Needs `If-Match`.
#[utoipa::path(tag = "comments", request_body = UpdateCommentRequest,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = CommentDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[patch("/comments/{comment_id}")]
pub async fn update_comment(
    st: web::Data<AppState>,
    me: CurrentUser,
    comment_id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<UpdateCommentRequest>,
) -> AppResult<HttpResponse> {
    let id = comment_id.into_inner().to_string();
    let b = body.0;
    let m = b.mentions.map(mentions);
    let v = st.db.write(move |c| comments::edit(c, &me.id, &id, if_match.0, b.body, m)).await?;
    Ok(comment_response(StatusCode::OK, v))
}

/// Delete my comment
///
/// Soft: replies stay, the text, mentions and files are no longer shown. By the author (or an
/// administrator).
#[utoipa::path(tag = "comments", responses(
    (status = 204, description = "Deleted"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/comments/{comment_id}")]
pub async fn delete_comment(
    st: web::Data<AppState>,
    me: CurrentUser,
    comment_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = comment_id.into_inner().to_string();
    st.db.write(move |c| comments::delete(c, &me.id, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Pin a comment (置顶)
///
/// By the task's owner or a head of a department taking part. Pinned comments are listed first.
#[utoipa::path(tag = "comments", responses(
    (status = 200, description = "OK", body = CommentDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[put("/comments/{comment_id}/pin")]
pub async fn pin_comment(
    st: web::Data<AppState>,
    me: CurrentUser,
    comment_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = comment_id.into_inner().to_string();
    let v = st.db.write(move |c| comments::set_pinned(c, &me.id, &id, true)).await?;
    Ok(comment_response(StatusCode::OK, v))
}

/// Unpin a comment
#[utoipa::path(tag = "comments", responses(
    (status = 200, description = "OK", body = CommentDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/comments/{comment_id}/pin")]
pub async fn unpin_comment(
    st: web::Data<AppState>,
    me: CurrentUser,
    comment_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = comment_id.into_inner().to_string();
    let v = st.db.write(move |c| comments::set_pinned(c, &me.id, &id, false)).await?;
    Ok(comment_response(StatusCode::OK, v))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentRevisionDto {
    /// The text before the edit.
    pub body: String,
    /// When it was replaced.
    pub replaced_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentRevisionList {
    /// Oldest first.
    pub items: Vec<CommentRevisionDto>,
}

/// Earlier texts of a comment
#[utoipa::path(tag = "comments", responses(
    (status = 200, description = "OK", body = CommentRevisionList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/comments/{comment_id}/revisions")]
pub async fn list_comment_revisions(
    st: web::Data<AppState>,
    me: CurrentUser,
    comment_id: web::Path<Uuid>,
) -> AppResult<web::Json<CommentRevisionList>> {
    let id = comment_id.into_inner().to_string();
    let rows = st.db.read(move |c| comments::revisions(c, &me.id, &id)).await?;
    Ok(web::Json(CommentRevisionList {
        items: rows
            .into_iter()
            .map(|r| CommentRevisionDto { body: r.body, replaced_at: to_utc(r.replaced_at) })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name as shown to readers.
    pub file_name: String,
}

/// Upload a file to attach to a comment
///
/// The request body is the file itself (its `Content-Type` is kept; at most 25 MiB). Name the
/// returned id in `attachment_ids` of the comment. Until then only the uploader sees it.
#[utoipa::path(tag = "comments", params(UploadQuery),
    request_body(content = inline(super::download::Binary), content_type = "application/octet-stream", description = "The file"),
    responses(
    (status = 201, description = "Stored", body = AttachmentDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/attachments")]
pub async fn upload_attachment(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    q: web::Query<UploadQuery>,
    req: HttpRequest,
    mut payload: web::Payload,
) -> AppResult<HttpResponse> {
    let task = task_id.into_inner().to_string();
    let (user, t) = (me.id.clone(), task.clone());
    // Refuse before reading a large body.
    st.db.read(move |c| comments::may_attach(c, &user, &t)).await?;
    let _slot = st.uploads.take(&me.id)?;
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 200)
        .unwrap_or("application/octet-stream")
        .to_owned();
    let declared =
        req.headers().get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_ATTACHMENT_BYTES as u64) {
        return Err(AppError::new(ErrorCode::PayloadTooLarge, "a file has at most 25 MiB"));
    }
    // Streamed to a temporary file while hashing: never whole in memory, nothing left behind
    // when the upload breaks off or is too large.
    let blobs = st.blobs.clone();
    let mut writer = web::block(move || blobs.writer()).await?.map_err(AppError::internal)?;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| AppError::bad_request(format!("reading the upload failed: {e}")))?;
        if writer.size() + chunk.len() as u64 > MAX_ATTACHMENT_BYTES as u64 {
            return Err(AppError::new(ErrorCode::PayloadTooLarge, "a file has at most 25 MiB"));
        }
        writer = web::block(move || writer.write(&chunk).map(|()| writer)).await?.map_err(AppError::internal)?;
    }
    if writer.size() == 0 {
        return Err(AppError::bad_request("the file is empty"));
    }
    let mut staged = web::block(move || writer.finish()).await?.map_err(AppError::internal)?;
    let size = i64::try_from(staged.size).unwrap_or(i64::MAX);
    let sha = staged.sha256.clone();
    let name = q.into_inner().file_name;
    let blobs = st.blobs.clone();
    let row = st
        .db
        .write(move |c| {
            crate::domain::files::settle_blob(c, &blobs, &mut staged)?;
            comments::add_attachment(c, &me.id, &task, &name, &content_type, size, &sha)
        })
        .await?;
    Ok(HttpResponse::Created().json(AttachmentDto::from(row)))
}

/// Download an attachment
#[utoipa::path(tag = "comments", responses(
    (status = 200, description = "The file", content_type = "application/octet-stream", body = inline(super::download::Binary)),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/attachments/{attachment_id}")]
pub async fn download_attachment(
    st: web::Data<AppState>,
    me: CurrentUser,
    attachment_id: web::Path<Uuid>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = attachment_id.into_inner().to_string();
    let row = st.db.read(move |c| comments::attachment(c, &me.id, &id)).await?;
    // Never rendered inline as HTML from our origin: images inline, everything else a download.
    let inline = matches!(row.content_type.as_str(), "image/png" | "image/jpeg" | "image/gif" | "image/webp");
    let content_type = if inline { row.content_type.as_str() } else { "application/octet-stream" };
    let d = Download { sha256: &row.sha256, name: &row.file_name, content_type, inline, ascii_name: None };
    serve(&req, &st.blobs, d).await
}
