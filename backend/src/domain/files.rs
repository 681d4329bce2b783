//! Versioned files of a task (文件共享与版本管理): every upload of a file is a new version, a
//! restore (一键回退) is a new version whose content is an old one, nothing is ever overwritten.
//! Each file has its own access rule (decided by [`permissions::can_file`]) and a change log that
//! only its readers see: a file's name never shows up in the task's activity feed.

use std::collections::HashMap;

use serde_json::json;

use super::permissions::{can_file, can_task, FileAction, FileRule, TaskAction, TaskRelation};
use super::tasks::relation;
use super::texts::Audience;
use super::{audit, live, Actor, Role};
use crate::blobs::{BlobStore, Staged};
use crate::db::files::{self as store, FileChanges, FileEventRow, FileRow, VersionRow};
use crate::db::orgs as org_store;
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult, ErrorCode};
pub use crate::values::{FileAccessLevel, FileKind};
use crate::values::{FileChangeKind, TaskChange};

pub mod page;

pub const MAX_NAME_CHARS: usize = 255;
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
pub const MAX_NOTE_CHARS: usize = 500;
/// Departments plus people named by a restricted file.
pub const MAX_ACCESS_ENTRIES: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    pub level: FileAccessLevel,
    pub department_ids: Vec<String>,
    pub user_ids: Vec<String>,
}

impl Default for Access {
    /// The safe default: the people who take part in the task.
    fn default() -> Self {
        Self { level: FileAccessLevel::Collaborators, department_ids: vec![], user_ids: vec![] }
    }
}

impl Access {
    pub(crate) fn rule(&self) -> FileRule {
        match self.level {
            FileAccessLevel::Collaborators => FileRule::Collaborators,
            FileAccessLevel::OwnersEdit => FileRule::OwnersEdit,
            FileAccessLevel::CompanyPublic => FileRule::CompanyPublic,
            FileAccessLevel::Restricted => {
                FileRule::Restricted { department_heads_of: self.department_ids.clone(), people: self.user_ids.clone() }
            }
        }
    }

    pub(crate) fn of(row: &FileRow) -> AppResult<Self> {
        let ids = |s: &str| serde_json::from_str::<Vec<String>>(s).map_err(AppError::internal);
        Ok(Self {
            level: row.access,
            department_ids: ids(&row.access_departments)?,
            user_ids: ids(&row.access_people)?,
        })
    }
}

/// Content already in the blob store, about to become a version.
#[derive(Debug, Clone)]
pub struct StoredBlob {
    pub sha256: String,
    pub size_bytes: i64,
    pub content_type: String,
}

#[derive(Debug, Clone)]
pub struct NewFile {
    pub name: String,
    pub description: String,
    pub note: String,
    pub access: Access,
}

#[derive(Debug, Clone, Default)]
pub struct FilePatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub access: Option<Access>,
}

/// A file as its reader sees it.
#[derive(Debug, Clone)]
pub struct FileView {
    pub row: FileRow,
    pub access: Access,
    pub current: VersionRow,
    /// Names of the people and departments the view mentions (creator, uploader, access lists).
    pub names: std::sync::Arc<HashMap<String, String>>,
    /// Upload versions, restore, rename, describe, delete.
    pub can_write: bool,
    /// Change who may see it.
    pub can_share: bool,
}

#[derive(Debug, Clone)]
pub struct VersionView {
    pub row: VersionRow,
    pub author_name: String,
}

#[derive(Debug, Clone)]
pub struct ChangeView {
    pub row: FileEventRow,
    pub actor_name: String,
    pub department_name: Option<String>,
    pub summary: String,
}

// ---------------------------------------------------------------- input checks

/// A file name as stored: trimmed, 1–255 characters, no control or direction-override
/// characters, nothing that reads as a path.
pub fn check_name(raw: &str) -> AppResult<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(AppError::field("name", "required", "the file needs a name"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::field(
            "name",
            "too_long",
            format!("a file name has at most {MAX_NAME_CHARS} characters"),
        ));
    }
    // A right-to-left override (U+202E) makes "invoice<U+202E>xslx.exe" look like a spreadsheet.
    let hidden = |ch: char| {
        ch.is_control() || matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if name.chars().any(hidden) {
        return Err(AppError::field("name", "control_characters", "a file name cannot contain control characters"));
    }
    if name.contains(['/', '\\']) || name == "." || name == ".." || name.contains(':') {
        return Err(AppError::field("name", "path_like", "a file name cannot contain / \\ or : and cannot be . or .."));
    }
    Ok(name.to_owned())
}

fn check_text(field: &str, raw: &str, max: usize) -> AppResult<String> {
    let text = raw.trim();
    if text.chars().count() > max {
        return Err(AppError::field(field, "too_long", format!("at most {max} characters")));
    }
    Ok(text.to_owned())
}

fn check_access(c: &mut DbConn, access: &Access) -> AppResult<()> {
    let entries = access.department_ids.len() + access.user_ids.len();
    if access.level != FileAccessLevel::Restricted {
        if entries > 0 {
            return Err(AppError::field("access", "unexpected", "only a restricted file names departments or people"));
        }
        return Ok(());
    }
    if entries == 0 {
        return Err(AppError::field("access", "required", "name at least one department or person"));
    }
    if entries > MAX_ACCESS_ENTRIES {
        return Err(AppError::field(
            "access",
            "too_long",
            format!("at most {MAX_ACCESS_ENTRIES} departments and people"),
        ));
    }
    for id in &access.department_ids {
        if !org_store::find_department(c, id)?.is_some_and(|d| d.is_active) {
            return Err(AppError::field("access", "not_found", format!("unknown department {id}")));
        }
    }
    let active = task_store::active_user_ids(c, &access.user_ids)?;
    if let Some(missing) = access.user_ids.iter().find(|u| !active.contains(u)) {
        return Err(AppError::field("access", "not_found", format!("unknown or inactive user {missing}")));
    }
    Ok(())
}

/// The media type served for a file: known office and media types by extension, else what the
/// uploader declared (when it is a plain `type/subtype`), else bytes.
pub fn content_type_for(name: &str, declared: Option<&str>) -> String {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let known = match ext.as_str() {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        "ppt" => "application/vnd.ms-powerpoint",
        "pdf" => "application/pdf",
        "csv" => "text/csv",
        "txt" | "md" => "text/plain",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "wps" => "application/vnd.ms-works",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    let plain = |t: &str| {
        let mut parts = t.split('/');
        let ok = |p: Option<&str>| {
            p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)))
        };
        t.len() <= 100 && ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
    };
    match declared.map(|d| d.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()) {
        Some(d) if plain(&d) => d,
        _ => "application/octet-stream".to_owned(),
    }
}

/// The kind of a file's content (the Files page's 类型): by its media type, else by the
/// extension of its name (a browser may send `application/octet-stream` for anything).
pub fn kind_of(content_type: &str, name: &str) -> FileKind {
    let by_type = match content_type {
        "application/pdf" => FileKind::Pdf,
        "application/msword"
        | "application/vnd.ms-works"
        | "application/rtf"
        | "application/vnd.oasis.opendocument.text" => FileKind::Document,
        t if t.starts_with("application/vnd.openxmlformats-officedocument.wordprocessingml.") => FileKind::Document,
        "application/vnd.ms-excel" | "text/csv" | "application/vnd.oasis.opendocument.spreadsheet" => {
            FileKind::Spreadsheet
        }
        t if t.starts_with("application/vnd.openxmlformats-officedocument.spreadsheetml.") => FileKind::Spreadsheet,
        "application/vnd.ms-powerpoint" | "application/vnd.oasis.opendocument.presentation" => FileKind::Presentation,
        t if t.starts_with("application/vnd.openxmlformats-officedocument.presentationml.") => FileKind::Presentation,
        t if t.starts_with("image/") => FileKind::Image,
        t if t.starts_with("video/") => FileKind::Video,
        "application/zip"
        | "application/x-zip-compressed"
        | "application/x-7z-compressed"
        | "application/x-rar-compressed"
        | "application/vnd.rar"
        | "application/gzip"
        | "application/x-gzip"
        | "application/x-tar"
        | "application/x-bzip2" => FileKind::Archive,
        t if t.starts_with("text/") => FileKind::Text,
        "application/json" | "application/xml" => FileKind::Text,
        _ => FileKind::Other,
    };
    if by_type != FileKind::Other {
        return by_type;
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "doc" | "docx" | "odt" | "rtf" | "wps" | "pages" => FileKind::Document,
        "xls" | "xlsx" | "ods" | "csv" | "et" | "numbers" => FileKind::Spreadsheet,
        "ppt" | "pptx" | "odp" | "dps" | "key" => FileKind::Presentation,
        "pdf" => FileKind::Pdf,
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "bmp" | "svg" | "tif" | "tiff" | "heic" => FileKind::Image,
        "mp4" | "mov" | "avi" | "mkv" | "webm" | "wmv" => FileKind::Video,
        "zip" | "rar" | "7z" | "tar" | "gz" | "tgz" | "bz2" => FileKind::Archive,
        "txt" | "md" | "log" | "json" | "xml" | "yaml" | "yml" => FileKind::Text,
        _ => FileKind::Other,
    }
}

// ---------------------------------------------------------------- who may

/// The actor's standing towards one task's files.
struct Standing {
    actor: Actor,
    task: TaskRow,
    rel: TaskRelation,
    headed: Vec<String>,
}

impl Standing {
    fn load(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<Self> {
        let actor = Actor::load(c, actor_id)?;
        let task = task_store::find_task(c, task_id)?.ok_or_else(|| AppError::not_found("task"))?;
        let rel = relation(c, &actor, &task)?;
        let headed = task_store::headed_departments(c, &actor.id)?;
        Ok(Self { actor, task, rel, headed })
    }

    fn runs_task(&self) -> bool {
        self.actor.role == Role::Admin || self.rel.is_owner || self.rel.owns_ancestor
    }

    fn may(&self, access: &Access, action: FileAction) -> bool {
        can_file(&self.actor, &self.rel, &self.headed, &access.rule(), action)
    }

    /// Whoever may change the file and either runs the task or put the file there.
    fn may_share(&self, row: &FileRow, access: &Access) -> bool {
        self.may(access, FileAction::Write) && (self.runs_task() || row.created_by == self.actor.id)
    }

    /// Adding files: the people who take part in the task (and whoever runs it).
    fn ensure_may_add(&self) -> AppResult<()> {
        if self.may(&Access::default(), FileAction::Write) {
            return Ok(());
        }
        if !can_task(&self.actor, &self.rel, TaskAction::View) {
            return Err(AppError::not_found("task"));
        }
        Err(self.write_refusal())
    }

    fn write_refusal(&self) -> AppError {
        if self.rel.is_archived {
            AppError::forbidden("the task is archived and read-only")
        } else {
            AppError::forbidden("only the people this file's access rule lets change it may do so")
        }
    }

    /// `Ok` when allowed; 404 when the file must stay invisible (and for files in the trash,
    /// which only those who may change them see); 403 with the reason otherwise.
    fn ensure(&self, row: &FileRow, access: &Access, action: FileAction) -> AppResult<()> {
        let reads = self.may(access, FileAction::Read);
        let writes = self.may(access, FileAction::Write);
        if !reads || (row.deleted_at.is_some() && !writes) {
            return Err(AppError::not_found("file"));
        }
        if action == FileAction::Write && !writes {
            return Err(self.write_refusal());
        }
        Ok(())
    }
}

/// Loads a file the actor may act on, with their standing.
fn load(c: &mut DbConn, actor_id: &str, file_id: &str, action: FileAction) -> AppResult<(FileRow, Access, Standing)> {
    let row = store::find_file(c, file_id)?.ok_or_else(|| AppError::not_found("file"))?;
    let standing = Standing::load(c, actor_id, &row.task_id).map_err(|e| match e.code {
        ErrorCode::NotFound => AppError::not_found("file"),
        _ => e,
    })?;
    let access = Access::of(&row)?;
    standing.ensure(&row, &access, action)?;
    Ok((row, access, standing))
}

// ---------------------------------------------------------------- views

fn views(c: &mut DbConn, standing: &Standing, rows: Vec<(FileRow, Access)>) -> AppResult<Vec<FileView>> {
    views_of(c, rows.into_iter().map(|(r, a)| (r, a, standing)).collect())
}

/// Views of files, each with the reader's standing towards its task.
fn views_of(c: &mut DbConn, rows: Vec<(FileRow, Access, &Standing)>) -> AppResult<Vec<FileView>> {
    let ids: Vec<String> = rows.iter().map(|(r, _, _)| r.id.clone()).collect();
    let mut current: HashMap<String, VersionRow> =
        store::current_versions(c, &ids)?.into_iter().map(|v| (v.file_id.clone(), v)).collect();
    let mut people: Vec<&str> = vec![];
    let mut depts: Vec<&str> = vec![];
    for (r, a, _) in &rows {
        people.push(&r.created_by);
        people.extend(a.user_ids.iter().map(String::as_str));
        depts.extend(a.department_ids.iter().map(String::as_str));
    }
    people.extend(current.values().map(|v| v.created_by.as_str()));
    let mut names = org_store::user_names(c, &people)?;
    names.extend(org_store::department_names(c, &depts)?);
    // One map for the whole list, shared by its views.
    let names = std::sync::Arc::new(names);
    rows.into_iter()
        .map(|(row, access, standing)| {
            let current = current.remove(&row.id).ok_or_else(|| AppError::internal("a file without its version"))?;
            let can_write = standing.may(&access, FileAction::Write);
            let can_share = standing.may_share(&row, &access);
            Ok(FileView { row, access, current, names: names.clone(), can_write, can_share })
        })
        .collect()
}

fn view(c: &mut DbConn, standing: &Standing, file_id: &str) -> AppResult<FileView> {
    let row = store::find_file(c, file_id)?.ok_or_else(|| AppError::not_found("file"))?;
    let access = Access::of(&row)?;
    views(c, standing, vec![(row, access)])?.pop().ok_or_else(|| AppError::not_found("file"))
}

// ---------------------------------------------------------------- reading

/// The files of a task the actor may read (with `deleted`: the trash, for those who may change
/// the files in it).
/// A page of a task's files the caller may read (or, in the trash, bring back), by name.
pub fn list(
    c: &mut DbConn,
    actor_id: &str,
    task_id: &str,
    deleted: bool,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<super::paging::KeyedPage<FileView>> {
    let standing = Standing::load(c, actor_id, task_id)?;
    let action = if deleted { FileAction::Write } else { FileAction::Read };
    let start = after.clone();
    let (rows, more) = super::paging::filtered(
        c,
        limit,
        |c, last: Option<&FileRow>, batch| {
            let from = last
                .map(|r| (r.name.as_str(), r.id.as_str()))
                .or(start.as_ref().map(|(n, i)| (n.as_str(), i.as_str())));
            store::files_of_task(c, task_id, deleted, from, batch)
        },
        |_, row| Ok(standing.may(&Access::of(row)?, action)),
    )?;
    if rows.is_empty() && after.is_none() && !can_task(&standing.actor, &standing.rel, TaskAction::View) {
        return Err(AppError::not_found("task"));
    }
    let next = if more { rows.last().map(|r| (r.name.clone(), r.id.clone())) } else { None };
    let visible = rows.into_iter().map(|r| Access::of(&r).map(|a| (r, a))).collect::<AppResult<Vec<_>>>()?;
    Ok(super::paging::KeyedPage { items: views(c, &standing, visible)?, next })
}

pub fn get(c: &mut DbConn, actor_id: &str, file_id: &str) -> AppResult<FileView> {
    let (row, access, standing) = load(c, actor_id, file_id, FileAction::Read)?;
    views(c, &standing, vec![(row, access)])?.pop().ok_or_else(|| AppError::not_found("file"))
}

pub fn versions(c: &mut DbConn, actor_id: &str, file_id: &str) -> AppResult<Vec<VersionView>> {
    load(c, actor_id, file_id, FileAction::Read)?;
    let rows = store::versions(c, file_id)?;
    let ids: Vec<&str> = rows.iter().map(|v| v.created_by.as_str()).collect();
    let names = org_store::user_names(c, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| VersionView { author_name: names.get(&row.created_by).cloned().unwrap_or_default(), row })
        .collect())
}

/// The version to download (the newest when `number` is `None`) and the name to give it.
pub fn content(c: &mut DbConn, actor_id: &str, file_id: &str, number: Option<i32>) -> AppResult<(String, VersionRow)> {
    let (row, _, _) = load(c, actor_id, file_id, FileAction::Read)?;
    let version = store::version(c, file_id, number.unwrap_or(row.current_version))?
        .ok_or_else(|| AppError::not_found("version"))?;
    Ok((row.name, version))
}

/// A page of the change log and the keyset position to continue after.
pub type ChangePage = (Vec<ChangeView>, Option<(String, String)>);

pub fn changes(
    c: &mut DbConn,
    actor_id: &str,
    file_id: &str,
    before: Option<(chrono::NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<ChangePage> {
    let (row, _, standing) = load(c, actor_id, file_id, FileAction::Read)?;
    let me = org_store::find_user(c, &standing.actor.id)?.ok_or_else(|| AppError::not_found("user"))?;
    let audience = Audience::new(me.locale, &me.time_zone);
    let mut rows = store::events(c, file_id, before.as_ref().map(|(t, i)| (*t, i.as_str())), limit + 1)?;
    let next = super::paging::cut_page(&mut rows, limit, |r| (super::paging::stamp(r.at), r.id.clone()));
    let actors: Vec<&str> = rows.iter().map(|r| r.actor_id.as_str()).collect();
    let names = org_store::user_names(c, &actors)?;
    let dept_ids: Vec<&str> = rows.iter().filter_map(|r| r.actor_department_id.as_deref()).collect();
    let depts = org_store::department_names(c, &dept_ids)?;
    let entries = rows
        .into_iter()
        .map(|r| {
            let actor_name = names.get(&r.actor_id).cloned().unwrap_or_default();
            let department_name = r.actor_department_id.as_ref().and_then(|d| depts.get(d).cloned());
            // Version events carry the name the file had then; the others their old/new values.
            use FileChangeKind as K;
            let name = match r.kind {
                K::Created | K::VersionAdded | K::Restored | K::Renamed => r.new_value.as_deref().unwrap_or(&row.name),
                K::AccessChanged => &row.name,
                K::Described | K::Deleted | K::Undeleted => r.old_value.as_deref().unwrap_or(&row.name),
            };
            let (old, new) = match r.kind {
                K::Restored => (r.old_value.as_deref(), None),
                K::Renamed | K::AccessChanged => (r.old_value.as_deref(), r.new_value.as_deref()),
                _ => (None, None),
            };
            let summary = audience.file_change(
                r.at,
                &actor_name,
                department_name.as_deref(),
                r.kind,
                name,
                r.version_number,
                old,
                new,
            );
            ChangeView { row: r, actor_name, department_name, summary }
        })
        .collect();
    Ok((entries, next))
}

// ---------------------------------------------------------------- writing

/// Records one change of a file, as the actor, now.
fn log(
    c: &mut DbConn,
    actor: &Actor,
    file_id: &str,
    kind: FileChangeKind,
    version: Option<i32>,
    old: Option<String>,
    new: Option<String>,
) -> AppResult<()> {
    store::insert_event(
        c,
        &FileEventRow {
            id: new_id(),
            file_id: file_id.to_owned(),
            actor_id: actor.id.clone(),
            actor_department_id: actor.department_id.clone(),
            at: now(),
            kind: kind.to_owned(),
            version_number: version,
            old_value: old,
            new_value: new,
        },
    )
}

/// Tells open task pages that its files changed (only ids travel; readers fetch what they may see).
fn announce(c: &mut DbConn, task: &TaskRow, file_id: &str) -> AppResult<()> {
    live::task_changed(c, task, TaskChange::File, json!({"file_id": file_id}))
}

/// Whether an upload can go ahead, before its bytes are read: the task exists, the actor may add
/// files to it (`file_id` `None`) or change this file, and a new file's name is valid.
pub fn may_upload(c: &mut DbConn, actor_id: &str, task_id: Option<&str>, file_id: Option<&str>) -> AppResult<()> {
    match (task_id, file_id) {
        (_, Some(f)) => load(c, actor_id, f, FileAction::Write).map(|_| ()),
        (Some(t), None) => Standing::load(c, actor_id, t)?.ensure_may_add(),
        (None, None) => Err(AppError::not_found("file")),
    }
}

fn name_taken(c: &mut DbConn, task_id: &str, name: &str) -> AppResult<()> {
    if let Some(existing) = store::live_file_named(c, task_id, name)? {
        let mut fields = crate::error::FieldErrors::new();
        fields.insert("name".into(), vec!["exists".into()]);
        let mut e = AppError::new(
            ErrorCode::Conflict,
            format!("the task already has a file named {name}: upload to it as a new version"),
        )
        .with_allowed(vec![&existing.id]);
        e.fields = Some(fields);
        return Err(e);
    }
    Ok(())
}

pub fn create(c: &mut DbConn, actor_id: &str, task_id: &str, input: NewFile, blob: StoredBlob) -> AppResult<FileView> {
    let standing = Standing::load(c, actor_id, task_id)?;
    standing.ensure_may_add()?;
    let name = check_name(&input.name)?;
    let description = check_text("description", &input.description, MAX_DESCRIPTION_CHARS)?;
    let note = check_text("note", &input.note, MAX_NOTE_CHARS)?;
    check_access(c, &input.access)?;
    let file_id = store_new(c, &standing.actor, &standing.task, &name, description, note, &input.access, &blob)?;
    if input.access.level != FileAccessLevel::Collaborators {
        access_audit(c, &standing.actor, &file_id, &input.access)?;
    }
    view(c, &standing, &file_id)
}

/// Stores a new file of a task once the use case decided who may (a file of the Files tab, a
/// collection's submission): version 1, its change log and the live notice. Returns its id.
#[expect(clippy::too_many_arguments, reason = "one file's facts")]
pub(crate) fn store_new(
    c: &mut DbConn,
    actor: &Actor,
    task: &TaskRow,
    name: &str,
    description: String,
    note: String,
    access: &Access,
    blob: &StoredBlob,
) -> AppResult<String> {
    let name = check_name(name)?;
    name_taken(c, &task.id, &name)?;
    let at = now();
    let file_id = new_id();
    store::insert_file(
        c,
        &FileRow {
            id: file_id.clone(),
            task_id: task.id.clone(),
            name: name.clone(),
            description,
            access: access.level,
            access_departments: json!(access.department_ids).to_string(),
            access_people: json!(access.user_ids).to_string(),
            current_version: 1,
            created_by: actor.id.clone(),
            created_at: at,
            updated_at: at,
            deleted_at: None,
            deleted_by: None,
            version: 1,
            kind: kind_of(&blob.content_type, &name),
            size_bytes: blob.size_bytes,
        },
    )?;
    insert_version(c, actor, &file_id, 1, blob, note, None)?;
    log(c, actor, &file_id, FileChangeKind::Created, Some(1), None, Some(name))?;
    announce(c, task, &file_id)?;
    Ok(file_id)
}

/// The next version of a live file, for a use case that decided on its own who may do it.
pub(crate) fn store_version(
    c: &mut DbConn,
    actor: &Actor,
    task: &TaskRow,
    file_id: &str,
    note: &str,
    blob: &StoredBlob,
) -> AppResult<i32> {
    let row = store::find_file(c, file_id)?.ok_or_else(|| AppError::not_found("file"))?;
    let note = check_text("note", note, MAX_NOTE_CHARS)?;
    let number = store::next_version(c, file_id, now())?
        .ok_or_else(|| AppError::new(ErrorCode::Conflict, "the file is in the trash: bring it back first"))?;
    insert_version(c, actor, file_id, number, blob, note, None)?;
    log(c, actor, file_id, FileChangeKind::VersionAdded, Some(number), None, Some(row.name))?;
    announce(c, task, file_id)?;
    Ok(number)
}

/// Whether a live file of the task has this name.
pub(crate) fn name_in_use(c: &mut DbConn, task_id: &str, name: &str) -> AppResult<bool> {
    Ok(store::live_file_named(c, task_id, name)?.is_some())
}

fn insert_version(
    c: &mut DbConn,
    actor: &Actor,
    file_id: &str,
    number: i32,
    blob: &StoredBlob,
    note: String,
    restored_from: Option<i32>,
) -> AppResult<()> {
    let id = new_id();
    store::insert_version(
        c,
        &VersionRow {
            id: id.clone(),
            file_id: file_id.to_owned(),
            number,
            sha256: blob.sha256.clone(),
            size_bytes: blob.size_bytes,
            content_type: blob.content_type.clone(),
            note,
            restored_from,
            created_by: actor.id.clone(),
            created_at: now(),
        },
    )?;
    // Every version's text is read for search by the worker, queued with the version.
    super::file_texts::queue(c, &id)
}

/// A new upload to an existing file: its next version.
pub fn add_version(c: &mut DbConn, actor_id: &str, file_id: &str, note: &str, blob: StoredBlob) -> AppResult<FileView> {
    let (row, _, standing) = load(c, actor_id, file_id, FileAction::Write)?;
    if row.deleted_at.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "the file is in the trash: bring it back first"));
    }
    let note = check_text("note", note, MAX_NOTE_CHARS)?;
    let number = store::next_version(c, file_id, now())?.ok_or_else(|| AppError::not_found("file"))?;
    insert_version(c, &standing.actor, file_id, number, &blob, note, None)?;
    store::set_content(c, file_id, kind_of(&blob.content_type, &row.name), blob.size_bytes)?;
    log(c, &standing.actor, file_id, FileChangeKind::VersionAdded, Some(number), None, Some(row.name))?;
    announce(c, &standing.task, file_id)?;
    view(c, &standing, file_id)
}

/// 一键回退: a new version with the content of version `from`.
pub fn restore(c: &mut DbConn, actor_id: &str, file_id: &str, from: i32, note: &str) -> AppResult<FileView> {
    let (row, _, standing) = load(c, actor_id, file_id, FileAction::Write)?;
    if row.deleted_at.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "the file is in the trash: bring it back first"));
    }
    let source = store::version(c, file_id, from)?.ok_or_else(|| AppError::not_found("version"))?;
    if from == row.current_version {
        return Err(AppError::new(ErrorCode::Conflict, format!("version {from} is already the current one")));
    }
    let note = check_text("note", note, MAX_NOTE_CHARS)?;
    let number = store::next_version(c, file_id, now())?.ok_or_else(|| AppError::not_found("file"))?;
    let blob = StoredBlob { sha256: source.sha256, size_bytes: source.size_bytes, content_type: source.content_type };
    insert_version(c, &standing.actor, file_id, number, &blob, note, Some(from))?;
    store::set_content(c, file_id, kind_of(&blob.content_type, &row.name), blob.size_bytes)?;
    log(c, &standing.actor, file_id, FileChangeKind::Restored, Some(number), Some(from.to_string()), Some(row.name))?;
    announce(c, &standing.task, file_id)?;
    view(c, &standing, file_id)
}

fn access_audit(c: &mut DbConn, actor: &Actor, file_id: &str, access: &Access) -> AppResult<()> {
    audit::record(
        c,
        Some(&actor.id),
        audit::AuditKind::FileAccessChanged,
        Some(("file", file_id)),
        json!({"level": access.level.as_str(), "department_ids": access.department_ids, "user_ids": access.user_ids}),
    )
}

/// Rename, describe, change access (with `If-Match`).
pub fn update(c: &mut DbConn, actor_id: &str, file_id: &str, expected: i64, patch: FilePatch) -> AppResult<FileView> {
    // Bad input is refused as such, whatever the version.
    let new_name = patch.name.as_deref().map(check_name).transpose()?;
    let new_description =
        patch.description.as_deref().map(|d| check_text("description", d, MAX_DESCRIPTION_CHARS)).transpose()?;
    let (row, access, standing) = load(c, actor_id, file_id, FileAction::Write)?;
    if row.version != expected {
        return Err(AppError::version_mismatch());
    }
    if row.deleted_at.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "the file is in the trash: bring it back first"));
    }
    let name = new_name.unwrap_or_else(|| row.name.clone());
    let description = new_description.unwrap_or_else(|| row.description.clone());
    let new_access = patch.access.clone().unwrap_or_else(|| access.clone());
    if new_access != access {
        if !standing.may_share(&row, &access) {
            return Err(AppError::forbidden(
                "only whoever runs the task (or put the file there) changes who may see it",
            ));
        }
        check_access(c, &new_access)?;
    }
    if name != row.name {
        name_taken(c, &row.task_id, &name)?;
    }
    let changes = FileChanges {
        name: &name,
        description: &description,
        access: new_access.level,
        access_departments: &json!(new_access.department_ids).to_string(),
        access_people: &json!(new_access.user_ids).to_string(),
        updated_at: now(),
    };
    if !store::update_file(c, file_id, expected, &changes)? {
        return Err(AppError::version_mismatch());
    }
    let actor = &standing.actor;
    if name != row.name {
        // The kind may follow the extension.
        let current = store::version(c, file_id, row.current_version)?
            .ok_or_else(|| AppError::internal("a file without its version"))?;
        store::set_content(c, file_id, kind_of(&current.content_type, &name), current.size_bytes)?;
        log(c, actor, file_id, FileChangeKind::Renamed, None, Some(row.name.clone()), Some(name.clone()))?;
    }
    if description != row.description {
        log(c, actor, file_id, FileChangeKind::Described, None, Some(name.clone()), None)?;
    }
    if new_access != access {
        log(
            c,
            actor,
            file_id,
            FileChangeKind::AccessChanged,
            None,
            Some(access.level.as_str().to_owned()),
            Some(new_access.level.as_str().to_owned()),
        )?;
        access_audit(c, actor, file_id, &new_access)?;
    }
    announce(c, &standing.task, file_id)?;
    view(c, &standing, file_id)
}

/// Takes `user_id` off the people the task's files are shared with (they were removed from the
/// task); returns how many files changed.
pub(crate) fn forget_person(c: &mut DbConn, actor: &Actor, task_id: &str, user_id: &str) -> AppResult<usize> {
    let mut changed = 0;
    for deleted in [false, true] {
        let mut after: Option<(String, String)> = None;
        loop {
            let rows =
                store::files_of_task(c, task_id, deleted, after.as_ref().map(|(n, i)| (n.as_str(), i.as_str())), 500)?;
            let done = rows.len() < 500;
            after = rows.last().map(|r| (r.name.clone(), r.id.clone()));
            for row in rows {
                let access = Access::of(&row)?;
                if !access.user_ids.iter().any(|u| u == user_id) {
                    continue;
                }
                let people: Vec<&String> = access.user_ids.iter().filter(|u| *u != user_id).collect();
                let changes = FileChanges {
                    name: &row.name,
                    description: &row.description,
                    access: access.level,
                    access_departments: &row.access_departments,
                    access_people: &json!(people).to_string(),
                    updated_at: now(),
                };
                if !store::update_file(c, &row.id, row.version, &changes)? {
                    return Err(AppError::version_mismatch());
                }
                let level = Some(access.level.as_str().to_owned());
                log(c, actor, &row.id, FileChangeKind::AccessChanged, None, level.clone(), level)?;
                changed += 1;
            }
            if done {
                break;
            }
        }
    }
    Ok(changed)
}

/// Moves the file to the task's trash (`true`) or brings it back (`false`).
pub fn set_deleted(c: &mut DbConn, actor_id: &str, file_id: &str, deleted: bool) -> AppResult<FileView> {
    let (row, _, standing) = load(c, actor_id, file_id, FileAction::Write)?;
    if row.deleted_at.is_some() == deleted {
        return view(c, &standing, file_id);
    }
    if !deleted {
        name_taken(c, &row.task_id, &row.name)?;
    }
    let at = now();
    store::set_deleted(c, file_id, deleted.then_some((at, standing.actor.id.as_str())), at)?;
    let kind = if deleted { FileChangeKind::Deleted } else { FileChangeKind::Undeleted };
    log(c, &standing.actor, file_id, kind, None, Some(row.name), None)?;
    announce(c, &standing.task, file_id)?;
    view(c, &standing, file_id)
}

/// After a failed write: removes the blob the upload stored unless something else names it.
pub fn blob_in_use(c: &mut DbConn, sha256: &str) -> AppResult<bool> {
    store::blob_in_use(c, sha256)
}

/// Makes sure staged content is stored, in the transaction that names it (see `blobs`).
pub fn settle_blob(c: &mut DbConn, blobs: &BlobStore, staged: &mut Staged) -> AppResult<()> {
    crate::db::blobs::lock(c, &staged.sha256)?;
    blobs.settle(staged).map_err(AppError::internal)
}

/// Removes a blob's content if nothing names it any more, in a transaction holding its lock
/// (so a commit naming the same content goes wholly before or after). True when removed.
pub fn remove_blob_unless_named(c: &mut DbConn, blobs: &BlobStore, sha256: &str) -> AppResult<bool> {
    crate::db::blobs::lock(c, sha256)?;
    if store::blob_in_use(c, sha256)? {
        return Ok(false);
    }
    blobs.remove(sha256).map_err(AppError::internal)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_read_as_paths_or_hide_characters_are_refused() {
        let field = |r: AppResult<String>| r.err().and_then(|e| e.fields).and_then(|f| f.get("name").cloned());
        assert_eq!(check_name("  用户调研数据_最终版.xlsx ").ok().as_deref(), Some("用户调研数据_最终版.xlsx"));
        assert_eq!(field(check_name("../etc/passwd")), Some(vec!["path_like".to_owned()]));
        assert_eq!(field(check_name("a\\b.docx")), Some(vec!["path_like".to_owned()]));
        assert_eq!(field(check_name("..")), Some(vec!["path_like".to_owned()]));
        assert_eq!(field(check_name("报告\u{0007}.docx")), Some(vec!["control_characters".to_owned()]));
        assert_eq!(field(check_name("invoice\u{202e}xslx.exe")), Some(vec!["control_characters".to_owned()]));
        assert_eq!(field(check_name(&"长".repeat(1000))), Some(vec!["too_long".to_owned()]));
        assert_eq!(field(check_name("   ")), Some(vec!["required".to_owned()]));
        assert!(check_name(&"长".repeat(255)).is_ok());
    }

    #[test]
    fn kinds_follow_the_media_type_else_the_extension() {
        let xlsx = content_type_for("预算.xlsx", None);
        assert_eq!(kind_of(&xlsx, "预算.xlsx"), FileKind::Spreadsheet);
        for (name, kind) in [
            ("方案.docx", FileKind::Document),
            ("汇报.pptx", FileKind::Presentation),
            ("合同.pdf", FileKind::Pdf),
            ("海报.PNG", FileKind::Image),
            ("演示.mp4", FileKind::Video),
            ("资料.zip", FileKind::Archive),
            ("说明.md", FileKind::Text),
            ("数据.csv", FileKind::Spreadsheet),
            ("未知.bin", FileKind::Other),
        ] {
            assert_eq!(kind_of(&content_type_for(name, None), name), kind, "{name}");
        }
        // What the browser declared, for extensions the server does not map itself.
        assert_eq!(kind_of("video/quicktime", "clip.mov"), FileKind::Video);
        assert_eq!(kind_of("application/x-7z-compressed", "a.7z"), FileKind::Archive);
        // Bytes of unknown type: the extension decides.
        assert_eq!(kind_of("application/octet-stream", "备份.7z"), FileKind::Archive);
        assert_eq!(kind_of("application/octet-stream", "汇报.key"), FileKind::Presentation);
        assert_eq!(kind_of("application/octet-stream", "noext"), FileKind::Other);
    }

    #[test]
    fn office_files_get_their_media_type_whatever_the_browser_said() {
        assert_eq!(
            content_type_for("预算.XLSX", Some("application/octet-stream")),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(content_type_for("scan.tiff", Some("image/tiff")), "image/tiff");
        assert_eq!(content_type_for("x", Some("text/html; charset=utf-8")), "text/html");
        assert_eq!(content_type_for("x", Some("bad type\r\n")), "application/octet-stream");
        assert_eq!(content_type_for("noext", None), "application/octet-stream");
    }
}
