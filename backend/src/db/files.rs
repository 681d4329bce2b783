//! Versioned files of tasks, their versions and change log.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{attachments, file_events, file_versions, files};
use super::{DbConn, MultiBackend};
use crate::error::AppResult;
use crate::values::{FileAccessLevel, FileChangeKind};

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
