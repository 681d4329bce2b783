//! Versioned files of tasks, their versions and change log.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{attachments, file_events, file_versions, files, tasks, users};
use super::{DbConn, MultiBackend};
use crate::error::{AppError, AppResult};
use crate::values::{FileAccessLevel, FileChangeKind, FileKind};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = files)]
pub struct FileRow {
    pub id: String,
    pub task_id: String,
    pub name: String,
    pub description: String,
    pub access: FileAccessLevel,
    /// JSON array of department ids.
    pub access_departments: String,
    /// JSON array of user ids.
    pub access_people: String,
    pub current_version: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub deleted_by: Option<String>,
    pub version: i64,
    /// The current version's kind of content.
    pub kind: FileKind,
    /// The current version's size.
    pub size_bytes: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = file_versions)]
pub struct VersionRow {
    pub id: String,
    pub file_id: String,
    pub number: i32,
    pub sha256: String,
    pub size_bytes: i64,
    pub content_type: String,
    pub note: String,
    pub restored_from: Option<i32>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = file_events)]
pub struct FileEventRow {
    pub id: String,
    pub file_id: String,
    pub actor_id: String,
    pub actor_department_id: Option<String>,
    pub at: NaiveDateTime,
    pub kind: FileChangeKind,
    pub version_number: Option<i32>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// The changeable facts of a file.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = files)]
pub struct FileChanges<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub access: FileAccessLevel,
    pub access_departments: &'a str,
    pub access_people: &'a str,
    pub updated_at: NaiveDateTime,
}

pub fn insert_file(c: &mut DbConn, row: &FileRow) -> AppResult<()> {
    diesel::insert_into(files::table).values(row).execute(c)?;
    Ok(())
}

pub fn insert_version(c: &mut DbConn, row: &VersionRow) -> AppResult<()> {
    diesel::insert_into(file_versions::table).values(row).execute(c)?;
    Ok(())
}

pub fn insert_event(c: &mut DbConn, row: &FileEventRow) -> AppResult<()> {
    diesel::insert_into(file_events::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_file(c: &mut DbConn, id: &str) -> AppResult<Option<FileRow>> {
    Ok(files::table.find(id).select(FileRow::as_select()).first(c).optional()?)
}

/// The files of a task: the live ones, or (with `deleted`) the ones in its trash.
/// Up to `limit` files of a task (live, or in its trash) after `after` (name, id), by name.
pub fn files_of_task(
    c: &mut DbConn,
    task_id: &str,
    deleted: bool,
    after: Option<(&str, &str)>,
    limit: i64,
) -> AppResult<Vec<FileRow>> {
    let q = files::table.filter(files::task_id.eq(task_id)).into_boxed::<MultiBackend>();
    let mut q = if deleted { q.filter(files::deleted_at.is_not_null()) } else { q.filter(files::deleted_at.is_null()) };
    if let Some((name, id)) = after {
        q = q.filter(files::name.ge(name)).filter(files::name.gt(name).or(files::name.eq(name).and(files::id.gt(id))));
    }
    Ok(q.order((files::name.asc(), files::id.asc())).limit(limit).select(FileRow::as_select()).load(c)?)
}

/// The live file of a task with this name, if any.
pub fn live_file_named(c: &mut DbConn, task_id: &str, name: &str) -> AppResult<Option<FileRow>> {
    Ok(files::table
        .filter(files::task_id.eq(task_id))
        .filter(files::name.eq(name))
        .filter(files::deleted_at.is_null())
        .select(FileRow::as_select())
        .first(c)
        .optional()?)
}

/// Takes the next version number of a live file (a row lock on PostgreSQL, so two uploads at once
/// get two numbers); `None` when the file is gone or in the trash.
pub fn next_version(c: &mut DbConn, file_id: &str, at: NaiveDateTime) -> AppResult<Option<i32>> {
    Ok(diesel::update(files::table.filter(files::id.eq(file_id)).filter(files::deleted_at.is_null()))
        .set((files::current_version.eq(files::current_version + 1), files::updated_at.eq(at)))
        .returning(files::current_version)
        .get_result(c)
        .optional()?)
}

/// Keeps the current version's kind and size on the file (after a new version, a restore or a
/// rename), for the Files page's filters and sorts.
pub fn set_content(c: &mut DbConn, file_id: &str, kind: FileKind, size_bytes: i64) -> AppResult<()> {
    diesel::update(files::table.filter(files::id.eq(file_id)))
        .set((files::kind.eq(kind), files::size_bytes.eq(size_bytes)))
        .execute(c)?;
    Ok(())
}

/// Changes name, description and access when the row is still at `expected`; false when stale.
pub fn update_file(c: &mut DbConn, id: &str, expected: i64, changes: &FileChanges<'_>) -> AppResult<bool> {
    let n = diesel::update(files::table.filter(files::id.eq(id)).filter(files::version.eq(expected)))
        .set((changes, files::version.eq(files::version + 1)))
        .execute(c)?;
    Ok(n == 1)
}

/// Moves a file to the trash (`Some`) or back (`None`).
pub fn set_deleted(
    c: &mut DbConn,
    id: &str,
    deleted: Option<(NaiveDateTime, &str)>,
    at: NaiveDateTime,
) -> AppResult<()> {
    diesel::update(files::table.filter(files::id.eq(id)))
        .set((
            files::deleted_at.eq(deleted.map(|(t, _)| t)),
            files::deleted_by.eq(deleted.map(|(_, by)| by)),
            files::updated_at.eq(at),
            files::version.eq(files::version + 1),
        ))
        .execute(c)?;
    Ok(())
}

/// Every version of a file, newest first.
pub fn versions(c: &mut DbConn, file_id: &str) -> AppResult<Vec<VersionRow>> {
    Ok(file_versions::table
        .filter(file_versions::file_id.eq(file_id))
        .order(file_versions::number.desc())
        .select(VersionRow::as_select())
        .load(c)?)
}

pub fn version(c: &mut DbConn, file_id: &str, number: i32) -> AppResult<Option<VersionRow>> {
    Ok(file_versions::table
        .filter(file_versions::file_id.eq(file_id))
        .filter(file_versions::number.eq(number))
        .select(VersionRow::as_select())
        .first(c)
        .optional()?)
}

/// The newest version of each of these files.
pub fn current_versions(c: &mut DbConn, file_ids: &[String]) -> AppResult<Vec<VersionRow>> {
    Ok(file_versions::table
        .inner_join(files::table)
        .filter(files::id.eq_any(file_ids))
        .filter(file_versions::number.eq(files::current_version))
        .select(VersionRow::as_select())
        .load(c)?)
}

/// The names of these files, by id.
pub fn names_of(c: &mut DbConn, ids: &[String]) -> AppResult<std::collections::HashMap<String, String>> {
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, String)> =
            files::table.filter(files::id.eq_any(chunk)).select((files::id, files::name)).load(c)?;
        out.extend(rows);
    }
    Ok(out)
}

/// A file's change log, newest first, before a keyset position.
pub fn events(
    c: &mut DbConn,
    file_id: &str,
    before: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> AppResult<Vec<FileEventRow>> {
    let mut q = file_events::table.filter(file_events::file_id.eq(file_id)).into_boxed::<MultiBackend>();
    if let Some((at, id)) = before {
        q = q
            .filter(file_events::at.le(at))
            .filter(file_events::at.lt(at).or(file_events::at.eq(at).and(file_events::id.lt(id))));
    }
    Ok(q.order((file_events::at.desc(), file_events::id.desc()))
        .limit(limit)
        .select(FileEventRow::as_select())
        .load(c)?)
}

/// Whether any file version, attachment or export still names this blob.
pub fn blob_in_use(c: &mut DbConn, sha256: &str) -> AppResult<bool> {
    let versions: i64 = file_versions::table.filter(file_versions::sha256.eq(sha256)).count().get_result(c)?;
    let attached: i64 = attachments::table.filter(attachments::sha256.eq(sha256)).count().get_result(c)?;
    Ok(versions + attached > 0 || super::exports::holds(c, sha256)?)
}

// ---------------------------------------------------------------- the Files page

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// Sortable columns of the Files page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileSortField {
    Name,
    UpdatedAt,
    Size,
}

/// The keyset position after which a page starts, as stored values.
#[derive(Debug, Clone)]
pub enum FileSortKey {
    Text(String),
    Time(NaiveDateTime),
    Int(i64),
}

/// Who reads the Files page, for the SQL part of the visibility rule.
#[derive(Debug, Clone)]
pub struct FileReader {
    /// The tasks the reader sees (the task list's rule).
    pub tasks: super::tasks::Visibility,
    /// `%"id"%` for the reader and each department they head: a restricted file that names one
    /// of them in its JSON lists may be theirs to read.
    pub named: Vec<String>,
    /// The roots of the trees in which the reader owns a task (whoever runs a task reads the
    /// files below it). A list, not a subquery: PostgreSQL then probes per row instead of
    /// hashing every file and task (350 ms a page at 100k files).
    pub run_trees: Vec<String>,
}

/// Filters of the Files page.
#[derive(Debug, Default)]
pub struct FileFilter {
    /// `None`: every file (administrators); else a superset of what the reader may read, which
    /// the caller narrows row by row with `permissions::can_file`.
    pub reader: Option<FileReader>,
    /// The trash of this person (the files they deleted) instead of the live files.
    pub deleted_by: Option<String>,
    /// A `LIKE` pattern over name and description (lower case, see `like_pattern`).
    pub like: Option<String>,
    pub task_id: Option<String>,
    /// The uploader's (current) department.
    pub department_id: Option<String>,
    pub uploader_id: Option<String>,
    pub kind: Option<FileKind>,
    pub access: Option<FileAccessLevel>,
    pub updated_from: Option<NaiveDateTime>,
    pub updated_before: Option<NaiveDateTime>,
}

/// Up to `limit` files of live tasks that match `f`, sorted by `sort` (then id), after `after`.
pub fn list_files(
    c: &mut DbConn,
    f: &FileFilter,
    sort: FileSortField,
    desc: bool,
    after: Option<&(FileSortKey, String)>,
    limit: i64,
) -> AppResult<Vec<FileRow>> {
    let mut q = files::table.inner_join(tasks::table).filter(tasks::deleted_at.is_null()).into_boxed::<MultiBackend>();
    q = match &f.deleted_by {
        Some(by) => q.filter(files::deleted_at.is_not_null()).filter(files::deleted_by.eq(by)),
        None => q.filter(files::deleted_at.is_null()),
    };
    if let Some(r) = &f.reader {
        let mut named: Box<dyn BoxableExpression<_, MultiBackend, SqlType = diesel::sql_types::Bool>> =
            Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("FALSE"));
        for p in &r.named {
            named = Box::new(named.or(files::access_people.like(p).or(files::access_departments.like(p))));
        }
        // Seen through the task (the task list's rule, probed per row: a page scans a sorted
        // index and stops once full; the set shape would first build all the reader sees, ~30 ms
        // for a head at 100k tasks); or run from a task above (any task of a tree the reader owns a
        // task of: a superset); or readable beyond the task (company-public and restricted files
        // naming the reader), never on a confidential task.
        q = q.filter(
            super::tasks::visible_probe!(&r.tasks).or(tasks::root_id.eq_any(&r.run_trees)).or(tasks::visibility
                .ne("confidential")
                .and(
                    files::access
                        .eq(FileAccessLevel::CompanyPublic)
                        .or(files::access.eq(FileAccessLevel::Restricted).and(named)),
                )),
        );
    }
    if let Some(p) = &f.like {
        // Both engines fold ASCII letters with lower(); the pattern is lower-cased in Rust.
        q = q.filter(lower(files::name).like(p).escape('\\').or(lower(files::description).like(p).escape('\\')));
    }
    if let Some(t) = &f.task_id {
        q = q.filter(files::task_id.eq(t));
    }
    if let Some(d) = &f.department_id {
        q = q.filter(files::created_by.eq_any(users::table.filter(users::department_id.eq(d)).select(users::id)));
    }
    if let Some(u) = &f.uploader_id {
        q = q.filter(files::created_by.eq(u));
    }
    if let Some(k) = f.kind {
        q = q.filter(files::kind.eq(k));
    }
    if let Some(a) = f.access {
        q = q.filter(files::access.eq(a));
    }
    if let Some(t) = f.updated_from {
        q = q.filter(files::updated_at.ge(t));
    }
    if let Some(t) = f.updated_before {
        q = q.filter(files::updated_at.lt(t));
    }
    macro_rules! keyset {
        ($col:expr, $val:expr) => {{
            if let Some((_, id)) = after {
                let v = $val;
                // The plain bound first: an index range starts from it (see `tasks::list_tasks`).
                q = if desc {
                    q.filter($col.le(v.clone())).filter($col.lt(v.clone()).or($col.eq(v).and(files::id.lt(id.clone()))))
                } else {
                    q.filter($col.ge(v.clone())).filter($col.gt(v.clone()).or($col.eq(v).and(files::id.gt(id.clone()))))
                };
            }
            q = if desc { q.order(($col.desc(), files::id.desc())) } else { q.order(($col.asc(), files::id.asc())) };
        }};
    }
    let bad = || AppError::field("cursor", "invalid", "the cursor does not match the sort");
    let key = after.map(|(k, _)| k);
    match sort {
        FileSortField::Name => keyset!(
            files::name,
            match key {
                Some(FileSortKey::Text(s)) => s.clone(),
                None => String::new(),
                _ => return Err(bad()),
            }
        ),
        FileSortField::UpdatedAt => keyset!(
            files::updated_at,
            match key {
                Some(FileSortKey::Time(t)) => *t,
                None => NaiveDateTime::default(),
                _ => return Err(bad()),
            }
        ),
        FileSortField::Size => keyset!(
            files::size_bytes,
            match key {
                Some(FileSortKey::Int(n)) => *n,
                None => 0,
                _ => return Err(bad()),
            }
        ),
    }
    Ok(q.limit(limit).select(FileRow::as_select()).load(c)?)
}

/// The department of each of these people (those who have one).
pub fn departments_of_people(c: &mut DbConn, ids: &[&str]) -> AppResult<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, Option<String>)> =
        users::table.filter(users::id.eq_any(ids)).select((users::id, users::department_id)).load(c)?;
    Ok(rows.into_iter().filter_map(|(u, d)| d.map(|d| (u, d))).collect())
}
