//! The lock that orders the commits naming a blob and the removal of blobs nothing names (see
//! `blobs`): one per content hash, held until the end of the transaction.

use diesel::RunQueryDsl;

use super::DbConn;
use crate::error::{AppError, AppResult};

/// Takes the lock of the blob `sha256` until the end of the transaction.
pub fn lock(c: &mut DbConn, sha256: &str) -> AppResult<()> {
    match c {
        // Postgres: an advisory lock keyed by the hash's first 60 bits (positive in an i64).
        DbConn::Pg(pg) => {
            let key = sha256
                .get(..15)
                .and_then(|h| i64::from_str_radix(h, 16).ok())
                .ok_or_else(|| AppError::internal("not a blob hash"))?;
            diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                .bind::<diesel::sql_types::BigInt, _>(key)
                .execute(pg)?;
        }
        // SQLite: write transactions are serialized already.
        DbConn::Sqlite(_) => {}
    }
    Ok(())
}
