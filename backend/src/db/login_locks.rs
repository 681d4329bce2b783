//! Storage of sign-in throttling: failure counters and locks per key, and the devices known to
//! have signed in to an account.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{login_devices, login_locks};
use super::{new_id, DbConn};
use crate::error::AppResult;
use crate::values::LockKind;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = login_locks)]
pub struct LockRow {
    pub id: String,
    pub kind: LockKind,
    pub subject: String,
    pub failures: i32,
    pub window_started_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub lock_count: i32,
    pub last_failure_at: NaiveDateTime,
}

pub fn find(c: &mut DbConn, kind: LockKind, subject: &str) -> AppResult<Option<LockRow>> {
    Ok(login_locks::table
        .filter(login_locks::kind.eq(kind))
        .filter(login_locks::subject.eq(subject))
        .select(LockRow::as_select())
        .first(c)
        .optional()?)
}

/// The row of a key, created (with no failures) when missing, and locked for the rest of the
/// transaction so that concurrent failures are all counted.
pub fn lock_row(c: &mut DbConn, kind: LockKind, subject: &str, at: NaiveDateTime) -> AppResult<LockRow> {
    let fresh = LockRow {
        id: new_id(),
        kind,
        subject: subject.to_owned(),
        failures: 0,
        window_started_at: at,
        locked_until: None,
        lock_count: 0,
        last_failure_at: at,
    };
    let insert = diesel::insert_into(login_locks::table)
        .values(&fresh)
        .on_conflict((login_locks::kind, login_locks::subject))
        .do_nothing();
    match c {
        DbConn::Pg(pg) => {
            insert.execute(pg)?;
            // Postgres: a row lock until the end of the transaction.
            diesel::sql_query("SELECT id FROM login_locks WHERE kind = $1 AND subject = $2 FOR UPDATE")
                .bind::<diesel::sql_types::Text, _>(kind.as_str())
                .bind::<diesel::sql_types::Text, _>(subject)
                .execute(pg)?;
        }
        // SQLite: write transactions are serialized already.
        DbConn::Sqlite(lite) => {
            insert.execute(lite)?;
        }
    }
    find(c, kind, subject)?.ok_or_else(|| crate::error::AppError::internal("login lock row vanished"))
}

pub fn save(c: &mut DbConn, row: &LockRow) -> AppResult<()> {
    diesel::update(login_locks::table.find(&row.id)).set(row).execute(c)?;
    Ok(())
}

/// Forgets a key's failures and locks (a successful sign-in, or an administrator).
pub fn delete(c: &mut DbConn, id: &str) -> AppResult<Option<LockRow>> {
    let row = login_locks::table.find(id).select(LockRow::as_select()).first(c).optional()?;
    if row.is_some() {
        diesel::delete(login_locks::table.find(id)).execute(c)?;
    }
    Ok(row)
}

/// Keys locked now or with failures since `since`, most recent failure first (at most `limit`).
pub fn current(c: &mut DbConn, at: NaiveDateTime, since: NaiveDateTime, limit: i64) -> AppResult<Vec<LockRow>> {
    Ok(login_locks::table
        .filter(login_locks::locked_until.gt(at).or(login_locks::last_failure_at.ge(since)))
        .order((login_locks::last_failure_at.desc(), login_locks::id.desc()))
        .limit(limit)
        .select(LockRow::as_select())
        .load(c)?)
}

/// Removes keys neither locked nor failing since `before`.
pub fn delete_stale(c: &mut DbConn, before: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::delete(
        login_locks::table
            .filter(login_locks::last_failure_at.lt(before))
            .filter(login_locks::locked_until.is_null().or(login_locks::locked_until.lt(before))),
    )
    .execute(c)?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = login_devices)]
pub struct DeviceRow {
    pub id: String,
    pub user_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
}

pub fn find_device(c: &mut DbConn, token_hash: &str) -> AppResult<Option<DeviceRow>> {
    Ok(login_devices::table
        .filter(login_devices::token_hash.eq(token_hash))
        .select(DeviceRow::as_select())
        .first(c)
        .optional()?)
}

pub fn insert_device(c: &mut DbConn, row: &DeviceRow) -> AppResult<()> {
    diesel::insert_into(login_devices::table).values(row).execute(c)?;
    Ok(())
}

pub fn touch_device(c: &mut DbConn, id: &str, at: NaiveDateTime) -> AppResult<()> {
    diesel::update(login_devices::table.find(id)).set(login_devices::last_used_at.eq(at)).execute(c)?;
    Ok(())
}

/// Forgets a user's devices (after a password change, every device proves itself again).
pub fn delete_devices_of(c: &mut DbConn, user_id: &str) -> AppResult<usize> {
    Ok(diesel::delete(login_devices::table.filter(login_devices::user_id.eq(user_id))).execute(c)?)
}

/// Removes devices unused since `before`.
pub fn delete_unused_devices(c: &mut DbConn, before: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::delete(login_devices::table.filter(login_devices::last_used_at.lt(before))).execute(c)?)
}
