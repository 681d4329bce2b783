//! Excel exports and their state.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::exports;
use super::DbConn;
use crate::error::AppResult;
use crate::values::{ExportKind, ExportStatus};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = exports)]
pub struct ExportRow {
    pub id: String,
    pub user_id: String,
    pub kind: ExportKind,
    pub params: String,
    pub status: ExportStatus,
    pub file_name: String,
    pub sha256: Option<String>,
    pub size_bytes: Option<i64>,
    pub row_count: Option<i64>,
    pub error: Option<String>,
    pub created_at: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    /// The API error code of a failure (`forbidden`, `not_found`, ...); `error` is its detail.
    pub error_code: Option<String>,
}

pub fn insert(c: &mut DbConn, row: &ExportRow) -> AppResult<()> {
    diesel::insert_into(exports::table).values(row).execute(c)?;
    Ok(())
}

/// How many of a user's exports wait or run.
pub fn pending_of(c: &mut DbConn, user_id: &str) -> AppResult<i64> {
    Ok(exports::table
        .filter(exports::user_id.eq(user_id))
        .filter(exports::status.eq_any([ExportStatus::Queued, ExportStatus::Running]))
        .count()
        .get_result(c)?)
}

pub fn find(c: &mut DbConn, id: &str) -> AppResult<Option<ExportRow>> {
    Ok(exports::table.find(id).select(ExportRow::as_select()).first(c).optional()?)
}

/// A user's exports, newest first.
pub fn of_user(c: &mut DbConn, user_id: &str, limit: i64) -> AppResult<Vec<ExportRow>> {
    Ok(exports::table
        .filter(exports::user_id.eq(user_id))
        .order((exports::created_at.desc(), exports::id.desc()))
        .limit(limit)
        .select(ExportRow::as_select())
        .load(c)?)
}

pub fn started(c: &mut DbConn, id: &str, at: NaiveDateTime) -> AppResult<()> {
    diesel::update(exports::table.find(id))
        .set((
            exports::status.eq(ExportStatus::Running),
            exports::started_at.eq(at),
            exports::error.eq(None::<String>),
            exports::error_code.eq(None::<String>),
        ))
        .execute(c)?;
    Ok(())
}

pub fn finished(
    c: &mut DbConn,
    id: &str,
    (sha256, size, rows): (&str, i64, i64),
    at: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> AppResult<()> {
    diesel::update(exports::table.find(id))
        .set((
            exports::status.eq(ExportStatus::Done),
            exports::sha256.eq(sha256),
            exports::size_bytes.eq(size),
            exports::row_count.eq(rows),
            exports::finished_at.eq(at),
            exports::expires_at.eq(expires_at),
        ))
        .execute(c)?;
    Ok(())
}

pub fn failed(c: &mut DbConn, id: &str, (code, error): (&str, &str), at: NaiveDateTime) -> AppResult<()> {
    diesel::update(exports::table.find(id))
        .set((
            exports::status.eq(ExportStatus::Failed),
            exports::error_code.eq(code),
            exports::error.eq(error),
            exports::finished_at.eq(at),
        ))
        .execute(c)?;
    Ok(())
}

/// Finished exports past their expiry: marked expired; returns the blobs they held.
pub fn expire(c: &mut DbConn, now: NaiveDateTime) -> AppResult<Vec<String>> {
    let due: Vec<(String, Option<String>)> = exports::table
        .filter(exports::status.eq(ExportStatus::Done))
        .filter(exports::expires_at.lt(now))
        .select((exports::id, exports::sha256))
        .load(c)?;
    let ids: Vec<&String> = due.iter().map(|(id, _)| id).collect();
    diesel::update(exports::table.filter(exports::id.eq_any(ids)))
        .set((exports::status.eq(ExportStatus::Expired), exports::sha256.eq(None::<String>)))
        .execute(c)?;
    Ok(due.into_iter().filter_map(|(_, sha)| sha).collect())
}

/// Whether an export still holds this blob.
pub fn holds(c: &mut DbConn, sha256: &str) -> AppResult<bool> {
    let n: i64 = exports::table.filter(exports::sha256.eq(sha256)).count().get_result(c)?;
    Ok(n > 0)
}
