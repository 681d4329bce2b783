//! Versioned files of a task: multipart uploads streamed to the blob store, versions, restore,
//! the change log, downloads with Range and ETag.

use std::collections::HashMap;

use actix_multipart::{Multipart, MultipartError};
use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::departments::{dept_ref, user_ref, DepartmentRef, UserRef};
use super::download::{serve, Download};
use super::extract::{parse_one, with_etag, CurrentUser, IfMatch, ValidJson};
use super::pagination::{decode_cursor, encode_cursor, limit, PageQuery};
use super::users::uuid;
use crate::blobs::BlobWriter;
use crate::db::files::FileSortField;
use crate::db::files::VersionRow;
use crate::db::to_utc;
use crate::domain::files::page::{self as files_page, FileEntry, FileSort, FilesQuery};
use crate::domain::files::{self, Access, FileAccessLevel, FileKind, FilePatch, FileView, NewFile, StoredBlob};
use crate::error::{AppError, AppResult, ErrorCode, ProblemDetails};
use crate::state::AppState;
use crate::values::FileChangeKind;

/// How much of the upload is gathered before each write to disk.
const WRITE_BUFFER: usize = 256 * 1024;
/// The largest text field of an upload form.
const MAX_FORM_FIELD_BYTES: usize = 16 * 1024;

/// Who may see a file, as set.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileAccessRequest {
    pub level: FileAccessLevel,
    /// For `restricted`: the departments whose heads read it.
    #[serde(default)]
    pub department_ids: Vec<Uuid>,
    /// For `restricted`: the people who read it.
    #[serde(default)]
    pub user_ids: Vec<Uuid>,
}

impl From<FileAccessRequest> for Access {
    fn from(a: FileAccessRequest) -> Self {
        Self {
            level: a.level,
            department_ids: a.department_ids.iter().map(Uuid::to_string).collect(),
            user_ids: a.user_ids.iter().map(Uuid::to_string).collect(),
        }
    }
}

/// Who may see a file, with names.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileAccessDto {
    pub level: FileAccessLevel,
    pub departments: Vec<DepartmentRef>,
    pub people: Vec<UserRef>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileVersionDto {
    /// 1, 2, 3, ... in the order they were made.
    pub number: i32,
    pub size_bytes: i64,
    pub content_type: String,
    /// The content's SHA-256 (also its download's ETag).
    pub sha256: String,
    pub note: String,
    /// For a restore (一键回退): the version whose content this one brought back.
    #[schema(required = true)]
    pub restored_from: Option<i32>,
    pub created_by: UserRef,
    pub created_at: DateTime<Utc>,
    /// Download this version here (with the same bearer token).
    pub download_url: String,
}

fn version_dto(v: VersionRow, author: &str) -> FileVersionDto {
    FileVersionDto {
        download_url: format!("/api/v1/files/{}/versions/{}/content", v.file_id, v.number),
        number: v.number,
        size_bytes: v.size_bytes,
        content_type: v.content_type,
        sha256: v.sha256,
        note: v.note,
        restored_from: v.restored_from,
        created_by: user_ref(&v.created_by, author),
        created_at: to_utc(v.created_at),
    }
}

/// A file of a task and its newest version.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileDto {
    pub id: Uuid,
    pub task_id: Uuid,
    pub name: String,
    pub description: String,
    pub access: FileAccessDto,
    pub current_version: FileVersionDto,
    /// What the current version holds (by its media type, else the name's extension).
    pub kind: FileKind,
    pub created_by: UserRef,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set while the file is in the task's trash.
    #[schema(required = true)]
    pub deleted_at: Option<DateTime<Utc>>,
    /// Send as `If-Match` to change name, description or access.
    pub version: i64,
    /// The caller may upload versions, restore, rename, describe and delete it.
    pub can_write: bool,
    /// The caller may change who sees it.
    pub can_share: bool,
    /// Download the newest version here.
    pub download_url: String,
}

impl From<FileView> for FileDto {
    fn from(v: FileView) -> Self {
        let name = |id: &str| v.names.get(id).cloned().unwrap_or_default();
        let access = FileAccessDto {
            level: v.access.level,
            departments: v.access.department_ids.iter().map(|d| dept_ref(d, &name(d))).collect(),
            people: v.access.user_ids.iter().map(|u| user_ref(u, &name(u))).collect(),
        };
        let author = name(&v.current.created_by);
        Self {
            id: uuid(&v.row.id),
            task_id: uuid(&v.row.task_id),
            download_url: format!("/api/v1/files/{}/content", v.row.id),
            created_by: user_ref(&v.row.created_by, &name(&v.row.created_by)),
            name: v.row.name,
            description: v.row.description,
            access,
            current_version: version_dto(v.current, &author),
            kind: v.row.kind,
            created_at: to_utc(v.row.created_at),
            updated_at: to_utc(v.row.updated_at),
            deleted_at: v.row.deleted_at.map(to_utc),
            version: v.row.version,
            can_write: v.can_write,
            can_share: v.can_share,
        }
    }
}

fn file_response(status: StatusCode, v: FileView) -> HttpResponse {
    let version = v.row.version;
    with_etag(status, version, &FileDto::from(v))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileList {
    /// By name.
    pub items: Vec<FileDto>,
    /// Pass as `cursor` for the next page; `null` on the last.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileVersionList {
    /// Newest first.
    pub items: Vec<FileVersionDto>,
}

/// The form of a new file (`multipart/form-data`). Send the text fields before the file part,
/// so a bad name is refused before the content is read.
// Deserialize only so the schema says `additionalProperties: false`: other parts are refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFileForm {
    /// The content (at most `TANDEM_MAX_UPLOAD_BYTES`, 100 MiB by default).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// The file's name (1–255 characters, no `/ \ :` or control characters, not `.` or `..`);
    /// by default the file part's filename.
    #[schema(
        min_length = 1,
        max_length = 255,
        pattern = "^([^/\\\\:\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*[^/\\\\:.\\s\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069][^/\\\\:\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*|[^/\\\\:\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*\\.{3}[^/\\\\:\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*)$"
    )]
    pub name: Option<String>,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    /// What this version changed.
    #[schema(max_length = 500)]
    pub note: Option<String>,
    /// JSON of a `FileAccessRequest`, e.g.
    /// `{"level":"restricted","department_ids":["…"],"user_ids":[]}`; `collaborators` by default.
    #[schema(content_media_type = "application/json")]
    pub access: Option<String>,
}

/// The form of a new version (`multipart/form-data`): the file keeps its name, description and
/// access.
// Deserialize only so the schema says `additionalProperties: false`: other parts are refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileVersionForm {
    /// The content (at most `TANDEM_MAX_UPLOAD_BYTES`, 100 MiB by default).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// What this version changed.
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

// ---------------------------------------------------------------- uploads

/// A multipart upload read to its end: the text fields, and the file part streamed to a
/// temporary blob that is not yet in the store.
pub(super) struct Upload {
    pub(super) fields: HashMap<String, String>,
    pub(super) file_name: Option<String>,
    pub(super) declared_type: Option<String>,
    pub(super) blob: BlobWriter,
}

fn multipart_error(e: MultipartError) -> AppError {
    match e {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible => AppError::new(
            ErrorCode::UnsupportedMediaType,
            "send multipart/form-data with the content in a part named `file`",
        ),
        other => AppError::bad_request(format!("the multipart body is malformed: {other}")),
    }
}

fn too_large(max: u64) -> AppError {
    AppError::new(ErrorCode::PayloadTooLarge, format!("a file has at most {} MiB", max / (1024 * 1024)))
}

/// Reads a multipart upload: text fields `names` and one part `file`, streamed to disk while it is
/// hashed. Nothing of it reaches the store until [`finish`].
pub(super) async fn read_upload(
    st: &AppState,
    req: &HttpRequest,
    payload: web::Payload,
    names: &[&str],
) -> AppResult<Upload> {
    let max = st.config.max_upload_bytes;
    let declared =
        req.headers().get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    // The form around the file takes a few hundred bytes; allow it some room.
    if declared.is_some_and(|n| n > max.saturating_add(64 * 1024)) {
        return Err(too_large(max));
    }
    let mut form = Multipart::new(req.headers(), payload);
    let mut fields = HashMap::new();
    let mut file: Option<(Option<String>, Option<String>, BlobWriter)> = None;
    while let Some(part) = form.next().await {
        let mut part = part.map_err(multipart_error)?;
        let field = part.name().map(str::to_owned).ok_or_else(|| AppError::bad_request("a part without a name"))?;
        if field == "file" {
            if file.is_some() {
                return Err(AppError::field("file", "multiple", "send one file per upload"));
            }
            // Browsers send the UTF-8 name as is; some clients as RFC 5987 `filename*`.
            let file_name = part.content_disposition().and_then(|cd| {
                cd.get_filename_ext()
                    .and_then(|ext| String::from_utf8(ext.value.clone()).ok())
                    .or_else(|| cd.get_filename().map(str::to_owned))
            });
            let declared_type = part.content_type().map(ToString::to_string);
            let blobs = st.blobs.clone();
            let mut writer = web::block(move || blobs.writer()).await?.map_err(AppError::internal)?;
            let mut buffer: Vec<u8> = Vec::with_capacity(WRITE_BUFFER);
            loop {
                let chunk = part.next().await.transpose().map_err(multipart_error)?;
                let done = chunk.is_none();
                if let Some(chunk) = chunk {
                    if writer.size() + (buffer.len() + chunk.len()) as u64 > max {
                        return Err(too_large(max));
                    }
                    buffer.extend_from_slice(&chunk);
                }
                if buffer.len() >= WRITE_BUFFER || (done && !buffer.is_empty()) {
                    let data = std::mem::replace(&mut buffer, Vec::with_capacity(WRITE_BUFFER));
                    writer =
                        web::block(move || writer.write(&data).map(|()| writer)).await?.map_err(AppError::internal)?;
                }
                if done {
                    break;
                }
            }
            file = Some((file_name, declared_type, writer));
        } else if names.contains(&field.as_str()) {
            let mut bytes = Vec::new();
            while let Some(chunk) = part.next().await {
                bytes.extend_from_slice(&chunk.map_err(multipart_error)?);
                if bytes.len() > MAX_FORM_FIELD_BYTES {
                    return Err(AppError::field(&field, "too_long", "a form field has at most 16 KiB"));
                }
            }
            let text = String::from_utf8(bytes).map_err(|_| AppError::field(&field, "invalid", "not UTF-8 text"))?;
            fields.insert(field, text);
        } else {
            return Err(AppError::field(
                &field,
                "unknown",
                format!("this upload takes `file` and {}", names.join(", ")),
            ));
        }
    }
    let Some((file_name, declared_type, blob)) = file else {
        return Err(AppError::field("file", "required", "send the content in a part named `file`"));
    };
    if blob.size() == 0 {
        return Err(AppError::field("file", "empty", "the file is empty"));
    }
    Ok(Upload { fields, file_name, declared_type, blob })
}

/// Moves the upload's content into the store, runs `write`, and when that fails removes the
/// content again unless something else names it: a refused upload leaves no orphan blob.
pub(super) async fn finish<T: Send + 'static>(
    st: &AppState,
    blob: BlobWriter,
    content_type: String,
    write: impl FnOnce(&mut crate::db::DbConn, StoredBlob) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let mut staged = web::block(move || blob.finish()).await?.map_err(AppError::internal)?;
    let sha256 = staged.sha256.clone();
    let stored =
        StoredBlob { sha256: sha256.clone(), size_bytes: i64::try_from(staged.size).unwrap_or(i64::MAX), content_type };
    let blobs = st.blobs.clone();
    let written = st
        .db
        .write(move |c| {
            files::settle_blob(c, &blobs, &mut staged)?;
            write(c, stored)
        })
        .await;
    if written.is_err() {
        let blobs = st.blobs.clone();
        let _ = st.db.write(move |c| files::remove_blob_unless_named(c, &blobs, &sha256)).await;
    }
    written
}

fn parse_access(raw: Option<&String>) -> AppResult<Access> {
    match raw {
        None => Ok(Access::default()),
        Some(s) => serde_json::from_str::<FileAccessRequest>(s)
            .map(Access::from)
            .map_err(|e| AppError::field("access", "invalid", format!("access: {e}"))),
    }
}

/// Upload a file to a task
///
/// `multipart/form-data` with the content in a part named `file`, streamed to storage (never
/// whole in memory). A live file of the task with the same name answers 409 with `allowed`
/// holding its id: upload to `/files/{id}/versions` instead.
#[utoipa::path(tag = "files", request_body(content = NewFileForm, content_type = "multipart/form-data"),
    responses(
    (status = 201, description = "Stored as version 1", body = FileDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/files")]
pub async fn upload_file(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let task = task_id.into_inner().to_string();
    let (user, t) = (me.id.clone(), task.clone());
    // Refuse before reading a large body.
    st.db.read(move |c| files::may_upload(c, &user, Some(&t), None)).await?;
    let _slot = st.uploads.take(&me.id)?;
    let mut up = read_upload(&st, &req, payload, &["name", "description", "note", "access"]).await?;
    let raw_name = up.fields.remove("name").or(up.file_name.take()).unwrap_or_default();
    let name = files::check_name(&raw_name)?;
    let input = NewFile {
        access: parse_access(up.fields.get("access"))?,
        description: up.fields.remove("description").unwrap_or_default(),
        note: up.fields.remove("note").unwrap_or_default(),
        name,
    };
    let content_type = files::content_type_for(&input.name, up.declared_type.as_deref());
    let v = finish(&st, up.blob, content_type, move |c, blob| files::create(c, &me.id, &task, input, blob)).await?;
    Ok(file_response(StatusCode::CREATED, v))
}

/// Upload a new version of a file
///
/// `multipart/form-data`: the content in `file`, optionally a `note`. The file keeps its name.
#[utoipa::path(tag = "files", request_body(content = FileVersionForm, content_type = "multipart/form-data"),
    responses(
    (status = 201, description = "Stored as the next version", body = FileDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/files/{file_id}/versions")]
pub async fn upload_file_version(
    st: web::Data<AppState>,
    me: CurrentUser,
    file_id: web::Path<Uuid>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let id = file_id.into_inner().to_string();
    let (user, f) = (me.id.clone(), id.clone());
    let name = st
        .db
        .read(move |c| {
            files::may_upload(c, &user, None, Some(&f))?;
            files::get(c, &user, &f).map(|v| v.row.name)
        })
        .await?;
    let _slot = st.uploads.take(&me.id)?;
    let mut up = read_upload(&st, &req, payload, &["note"]).await?;
    let note = up.fields.remove("note").unwrap_or_default();
    let content_type = files::content_type_for(&name, up.declared_type.as_deref());
    let v = finish(&st, up.blob, content_type, move |c, blob| files::add_version(c, &me.id, &id, &note, blob)).await?;
    Ok(file_response(StatusCode::CREATED, v))
}

// ---------------------------------------------------------------- reading

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FileListQuery {
    /// `true`: the task's trash (files the caller may bring back).
    pub deleted: Option<bool>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor`: the next page.
    pub cursor: Option<String>,
}

/// The files of a task
///
/// Only the files the caller may read, by name.
#[utoipa::path(tag = "files", params(FileListQuery), responses(
    (status = 200, description = "OK", body = FileList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/files")]
pub async fn list_task_files(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    q: web::Query<FileListQuery>,
) -> AppResult<web::Json<FileList>> {
    let task = task_id.into_inner().to_string();
    let deleted = q.deleted.unwrap_or(false);
    let limit = super::pagination::limit(q.limit)?;
    let after = super::pagination::decode_cursor(q.cursor.as_deref())?;
    let page = st.db.read(move |c| files::list(c, &me.id, &task, deleted, after, limit)).await?;
    Ok(web::Json(FileList {
        items: page.items.into_iter().map(FileDto::from).collect(),
        next_cursor: page.next.as_ref().map(super::pagination::encode_cursor),
    }))
}

/// How the Files page is sorted: a column, with `-` for descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema, strum::EnumString)]
pub enum FileSortParam {
    #[serde(rename = "name")]
    #[strum(serialize = "name")]
    Name,
    #[serde(rename = "-name")]
    #[strum(serialize = "-name")]
    NameDesc,
    #[serde(rename = "updated_at")]
    #[strum(serialize = "updated_at")]
    UpdatedAt,
    #[serde(rename = "-updated_at")]
    #[strum(serialize = "-updated_at")]
    UpdatedAtDesc,
    #[serde(rename = "size")]
    #[strum(serialize = "size")]
    Size,
    #[serde(rename = "-size")]
    #[strum(serialize = "-size")]
    SizeDesc,
}

impl From<FileSortParam> for FileSort {
    fn from(p: FileSortParam) -> Self {
        use FileSortParam as P;
        let (field, desc) = match p {
            P::Name => (FileSortField::Name, false),
            P::NameDesc => (FileSortField::Name, true),
            P::UpdatedAt => (FileSortField::UpdatedAt, false),
            P::UpdatedAtDesc => (FileSortField::UpdatedAt, true),
            P::Size => (FileSortField::Size, false),
            P::SizeDesc => (FileSortField::Size, true),
        };
        Self { field, desc }
    }
}

/// The Files page's filters. Each takes one value; all combine with AND. A value that does not
/// parse is a 422 naming its parameter.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FilesPageQuery {
    /// A substring of the name or description (Chinese included; Latin letters in any case).
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Files of this task.
    #[param(value_type = Option<String>, format = Uuid)]
    pub task_id: Option<String>,
    /// Files uploaded by people of this department (the uploader's department as it is now).
    #[param(value_type = Option<String>, format = Uuid)]
    pub department_id: Option<String>,
    /// Files uploaded by this person.
    #[param(value_type = Option<String>, format = Uuid)]
    pub uploader_id: Option<String>,
    /// The kind of content.
    #[serde(rename = "type")]
    #[param(rename = "type", inline, value_type = Option<FileKind>)]
    pub kind: Option<String>,
    /// The access level.
    #[param(inline, value_type = Option<FileAccessLevel>)]
    pub access: Option<String>,
    /// Changed on or after this day (company time zone).
    #[param(value_type = Option<String>, format = Date)]
    pub updated_from: Option<String>,
    /// Changed on or before this day (company time zone).
    #[param(value_type = Option<String>, format = Date)]
    pub updated_to: Option<String>,
    /// Default `-updated_at`.
    #[param(inline, value_type = Option<FileSortParam>)]
    pub sort: Option<String>,
    /// `true`: 回收站, the files the caller moved to the trash and may bring back.
    pub deleted: Option<bool>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor`: the next page.
    pub cursor: Option<String>,
}

impl FilesPageQuery {
    fn query(&self) -> AppResult<(FilesQuery, FileSort)> {
        let id = |field: &str, raw: &Option<String>| {
            parse_one::<Uuid>(field, raw.as_deref()).map(|u| u.map(|u| u.to_string()))
        };
        if self.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
            return Err(AppError::field("q", "too_long", "search for at most 200 characters"));
        }
        // PostgreSQL text cannot hold NUL.
        if self.q.as_ref().is_some_and(|q| q.contains('\0')) {
            return Err(AppError::field("q", "invalid", "the search cannot contain NUL"));
        }
        // An enumerated or dated parameter sent empty is not "not sent": the schema refuses it.
        for (field, raw) in [
            ("type", &self.kind),
            ("access", &self.access),
            ("updated_from", &self.updated_from),
            ("updated_to", &self.updated_to),
            ("sort", &self.sort),
        ] {
            if raw.as_deref().is_some_and(|v| v.trim().is_empty()) {
                return Err(AppError::field(field, "invalid", format!("{field} cannot be empty")));
            }
        }
        let query = FilesQuery {
            q: self.q.clone(),
            task_id: id("task_id", &self.task_id)?,
            department_id: id("department_id", &self.department_id)?,
            uploader_id: id("uploader_id", &self.uploader_id)?,
            kind: parse_one("type", self.kind.as_deref())?,
            access: parse_one("access", self.access.as_deref())?,
            updated_from: parse_one("updated_from", self.updated_from.as_deref())?,
            updated_to: parse_one("updated_to", self.updated_to.as_deref())?,
            deleted: self.deleted.unwrap_or(false),
        };
        let sort = parse_one::<FileSortParam>("sort", self.sort.as_deref())?.map(FileSort::from).unwrap_or_default();
        Ok((query, sort))
    }
}

/// The task a row of the Files page lives on.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileTaskRef {
    pub id: Uuid,
    /// `null` when the caller may not open the task (a company-public file can live on a task
    /// they do not see).
    #[schema(required = true)]
    pub title: Option<String>,
}

/// A row of the Files page.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileEntryDto {
    pub file: FileDto,
    pub task: FileTaskRef,
    /// The uploader's department (as it is now).
    #[schema(required = true)]
    pub department: Option<DepartmentRef>,
}

impl From<FileEntry> for FileEntryDto {
    fn from(e: FileEntry) -> Self {
        Self {
            task: FileTaskRef { id: uuid(&e.file.row.task_id), title: e.task_title },
            department: e.department.map(|(id, name)| dept_ref(&id, &name)),
            file: FileDto::from(e.file),
        }
    }
}

/// A page of the Files page.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileEntryPage {
    pub items: Vec<FileEntryDto>,
    /// Pass as `cursor` for the next page; `null` on the last.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// The files of all tasks (文件)
///
/// Every file the caller may read, across all tasks, searched, filtered and sorted; with
/// `deleted=true`, 回收站: the files the caller moved to the trash and may bring back. Files the
/// caller may not read are never listed, and the page carries no total.
#[utoipa::path(tag = "files", params(FilesPageQuery), responses(
    (status = 200, description = "OK", body = FileEntryPage),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/files")]
pub async fn list_files(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<FilesPageQuery>,
) -> AppResult<web::Json<FileEntryPage>> {
    let (query, sort) = q.query()?;
    let limit = limit(q.limit)?;
    let after = decode_cursor(q.cursor.as_deref())?;
    let page = st.db.read(move |c| files_page::list(c, &me.id, &query, sort, after, limit)).await?;
    Ok(web::Json(FileEntryPage {
        items: page.items.into_iter().map(FileEntryDto::from).collect(),
        next_cursor: page.next.as_ref().map(encode_cursor),
    }))
}

/// A file
#[utoipa::path(tag = "files", responses(
    (status = 200, description = "OK", body = FileDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/files/{file_id}")]
pub async fn get_file(st: web::Data<AppState>, me: CurrentUser, file_id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    let id = file_id.into_inner().to_string();
    let v = st.db.read(move |c| files::get(c, &me.id, &id)).await?;
    Ok(file_response(StatusCode::OK, v))
}

/// Every version of a file, newest first
#[utoipa::path(tag = "files", responses(
    (status = 200, description = "OK", body = FileVersionList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/files/{file_id}/versions")]
pub async fn list_file_versions(
    st: web::Data<AppState>,
    me: CurrentUser,
    file_id: web::Path<Uuid>,
) -> AppResult<web::Json<FileVersionList>> {
    let id = file_id.into_inner().to_string();
    let rows = st.db.read(move |c| files::versions(c, &me.id, &id)).await?;
    Ok(web::Json(FileVersionList { items: rows.into_iter().map(|v| version_dto(v.row, &v.author_name)).collect() }))
}

async fn download(
    st: &AppState,
    req: &HttpRequest,
    me: CurrentUser,
    id: String,
    number: Option<i32>,
) -> AppResult<HttpResponse> {
    let (name, v) = st.db.read(move |c| files::content(c, &me.id, &id, number)).await?;
    let inline = matches!(v.content_type.as_str(), "image/png" | "image/jpeg" | "image/gif" | "image/webp");
    serve(
        req,
        &st.blobs,
        Download { sha256: &v.sha256, name: &name, content_type: &v.content_type, inline, ascii_name: None },
    )
    .await
}

/// Download a file (its newest version)
///
/// Streams the content with its media type, a `Content-Disposition` carrying the UTF-8 name
/// (RFC 6266/5987), a strong `ETag` (the SHA-256) and single-range `Range` support (206).
#[utoipa::path(tag = "files", responses(
    (status = 200, description = "The content", content_type = "*/*", body = inline(super::download::Binary)),
    (status = 206, description = "The requested range", content_type = "*/*", body = inline(super::download::Binary)),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/files/{file_id}/content")]
pub async fn download_file(
    st: web::Data<AppState>,
    me: CurrentUser,
    file_id: web::Path<Uuid>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    download(&st, &req, me, file_id.into_inner().to_string(), None).await
}

/// Download one version of a file
#[utoipa::path(tag = "files", responses(
    (status = 200, description = "The content", content_type = "*/*", body = inline(super::download::Binary)),
    (status = 206, description = "The requested range", content_type = "*/*", body = inline(super::download::Binary)),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/files/{file_id}/versions/{number}/content")]
pub async fn download_file_version(
    st: web::Data<AppState>,
    me: CurrentUser,
    path: web::Path<(Uuid, i32)>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let (id, number) = path.into_inner();
    download(&st, &req, me, id.to_string(), Some(number)).await
}

/// One entry of a file's change log.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileChangeDto {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: UserRef,
    #[schema(required = true)]
    pub department_name: Option<String>,
    pub kind: FileChangeKind,
    /// The version it made, if any.
    #[schema(required = true)]
    pub version_number: Option<i32>,
    #[schema(required = true)]
    pub old_value: Option<String>,
    #[schema(required = true)]
    pub new_value: Option<String>,
    /// The change as a sentence in the caller's language and time zone, e.g.
    /// "9月12日 14:30 销售部 张三 修改了 渠道反馈数据.xlsx（第 3 版）".
    pub summary: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileChangePage {
    pub items: Vec<FileChangeDto>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// A file's change log, newest first
#[utoipa::path(tag = "files", params(PageQuery), responses(
    (status = 200, description = "OK", body = FileChangePage),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/files/{file_id}/changes")]
pub async fn list_file_changes(
    st: web::Data<AppState>,
    me: CurrentUser,
    file_id: web::Path<Uuid>,
    q: web::Query<PageQuery>,
) -> AppResult<web::Json<FileChangePage>> {
    let id = file_id.into_inner().to_string();
    let before = match decode_cursor(q.cursor.as_deref())? {
        Some((at, eid)) => Some((crate::domain::paging::parse_stamp(&at)?, eid)),
        None => None,
    };
    let limit = limit(q.limit)?;
    let (entries, next) = st.db.read(move |c| files::changes(c, &me.id, &id, before, limit)).await?;
    Ok(web::Json(FileChangePage {
        items: entries
            .into_iter()
            .map(|e| FileChangeDto {
                id: uuid(&e.row.id),
                at: to_utc(e.row.at),
                actor: user_ref(&e.row.actor_id, &e.actor_name),
                department_name: e.department_name,
                kind: e.row.kind,
                version_number: e.row.version_number,
                old_value: e.row.old_value,
                new_value: e.row.new_value,
                summary: e.summary,
            })
            .collect(),
        next_cursor: next.as_ref().map(encode_cursor),
    }))
}

// ---------------------------------------------------------------- changing

/// Rename, describe or change who may see a file. Absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateFileRequest {
    /// As on upload.
    #[schema(
        min_length = 1,
        max_length = 255,
        pattern = "^([^/\\\\:\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*[^/\\\\:.\\s\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069][^/\\\\:\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*|[^/\\\\:\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*\\.{3}[^/\\\\:\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*)$"
    )]
    #[validate(length(max = 255))]
    pub name: Option<String>,
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000))]
    pub description: Option<String>,
    /// Changing it needs `can_share`.
    pub access: Option<FileAccessRequest>,
}

/// Rename, describe or set the access of a file
///
/// Needs `If-Match`. Every change lands in the file's change log; access changes also in the
/// audit log.
#[utoipa::path(tag = "files", request_body = UpdateFileRequest,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = FileDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[patch("/files/{file_id}")]
pub async fn update_file(
    st: web::Data<AppState>,
    me: CurrentUser,
    file_id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<UpdateFileRequest>,
) -> AppResult<HttpResponse> {
    let id = file_id.into_inner().to_string();
    let b = body.0;
    let patch = FilePatch { name: b.name, description: b.description, access: b.access.map(Access::from) };
    let v = st.db.write(move |c| files::update(c, &me.id, &id, if_match.0, patch)).await?;
    Ok(file_response(StatusCode::OK, v))
}

/// Move a file to the task's trash
///
/// Soft: the file and all its versions stay and can be brought back.
#[utoipa::path(tag = "files", responses(
    (status = 204, description = "In the trash"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/files/{file_id}")]
pub async fn delete_file(
    st: web::Data<AppState>,
    me: CurrentUser,
    file_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = file_id.into_inner().to_string();
    st.db.write(move |c| files::set_deleted(c, &me.id, &id, true)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Bring a file back from the trash
#[utoipa::path(tag = "files", responses(
    (status = 200, description = "OK", body = FileDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/files/{file_id}/undelete")]
pub async fn undelete_file(
    st: web::Data<AppState>,
    me: CurrentUser,
    file_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = file_id.into_inner().to_string();
    let v = st.db.write(move |c| files::set_deleted(c, &me.id, &id, false)).await?;
    Ok(file_response(StatusCode::OK, v))
}

#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RestoreFileRequest {
    /// Why; shown with the new version.
    pub note: Option<String>,
}

/// Restore an earlier version (一键回退)
///
/// Makes a new version whose content is version `number`'s; nothing is overwritten.
#[utoipa::path(tag = "files", request_body = RestoreFileRequest, responses(
    (status = 201, description = "The new version", body = FileDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/files/{file_id}/versions/{number}/restore")]
pub async fn restore_file_version(
    st: web::Data<AppState>,
    me: CurrentUser,
    path: web::Path<(Uuid, i32)>,
    body: ValidJson<RestoreFileRequest>,
) -> AppResult<HttpResponse> {
    let (id, number) = path.into_inner();
    let note = body.0.note.unwrap_or_default();
    let v = st.db.write(move |c| files::restore(c, &me.id, &id.to_string(), number, &note)).await?;
    Ok(file_response(StatusCode::CREATED, v))
}
