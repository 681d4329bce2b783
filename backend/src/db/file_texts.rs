//! The text extracted from file versions (`file_texts`), for search.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{file_texts, file_versions, files};
use super::DbConn;
use crate::error::AppResult;
use crate::values::TextStatus;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = file_texts)]
pub struct FileTextRow {
    pub version_id: String,
    pub status: TextStatus,
    /// What was read (`done`); empty otherwise.
    pub text: String,
    /// Why nothing was read (`skipped`, `failed`).
    pub error: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// What the text worker needs to know of a version.
#[derive(Debug, Clone, Queryable)]
pub struct VersionToRead {
    pub version_id: String,
    pub file_id: String,
    pub task_id: String,
    pub name: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub content_type: String,
}

pub fn insert_pending(c: &mut DbConn, version_id: &str, at: NaiveDateTime) -> AppResult<()> {
    let row = FileTextRow {
        version_id: version_id.to_owned(),
        status: TextStatus::Pending,
        text: String::new(),
        error: None,
        updated_at: at,
    };
    diesel::insert_into(file_texts::table).values(&row).execute(c)?;
    Ok(())
}

pub fn find(c: &mut DbConn, version_id: &str) -> AppResult<Option<FileTextRow>> {
    Ok(file_texts::table.find(version_id).select(FileTextRow::as_select()).first(c).optional()?)
}

/// Records the outcome of an extraction; false when the row is gone (its version was removed).
pub fn finish(
    c: &mut DbConn,
    version_id: &str,
    status: TextStatus,
    text: &str,
    error: Option<&str>,
    at: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(file_texts::table.find(version_id))
        .set((
            file_texts::status.eq(status),
            file_texts::text.eq(text),
            file_texts::error.eq(error),
            file_texts::updated_at.eq(at),
        ))
        .execute(c)?;
    Ok(n == 1)
}

/// The version with its file's name and task.
pub fn version_to_read(c: &mut DbConn, version_id: &str) -> AppResult<Option<VersionToRead>> {
    Ok(file_versions::table
        .inner_join(files::table)
        .filter(file_versions::id.eq(version_id))
        .select((
            file_versions::id,
            file_versions::file_id,
            files::task_id,
            files::name,
            file_versions::sha256,
            file_versions::size_bytes,
            file_versions::content_type,
        ))
        .first(c)
        .optional()?)
}

/// The text already read from the same content (another version or file with these bytes).
pub fn done_text_of_content(c: &mut DbConn, sha256: &str, content_type: &str) -> AppResult<Option<String>> {
    Ok(file_texts::table
        .inner_join(file_versions::table)
        .filter(file_versions::sha256.eq(sha256))
        .filter(file_versions::content_type.eq(content_type))
        .filter(file_texts::status.eq(TextStatus::Done))
        .select(file_texts::text)
        .first(c)
        .optional()?)
}

/// The text of these versions, for those whose status is `done` (others are left out).
pub fn texts_of(c: &mut DbConn, version_ids: &[String]) -> AppResult<HashMap<String, String>> {
    let mut found = HashMap::new();
    // Bounded IN lists: SQLite allows 32,766 parameters, but long lists gain nothing.
    for chunk in version_ids.chunks(500) {
        let rows: Vec<(String, String)> = file_texts::table
            .filter(file_texts::version_id.eq_any(chunk))
            .filter(file_texts::status.eq(TextStatus::Done))
            .select((file_texts::version_id, file_texts::text))
            .load(c)?;
        found.extend(rows);
    }
    Ok(found)
}

/// Up to `limit` versions that have no `file_texts` row, oldest first.
pub fn versions_without_text(c: &mut DbConn, limit: i64) -> AppResult<Vec<String>> {
    Ok(file_versions::table
        .filter(diesel::dsl::not(diesel::dsl::exists(
            file_texts::table.filter(file_texts::version_id.eq(file_versions::id)),
        )))
        .order((file_versions::created_at.asc(), file_versions::id.asc()))
        .select(file_versions::id)
        .limit(limit)
        .load(c)?)
}
