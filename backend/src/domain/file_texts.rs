//! The text of file versions for search: queued for the background worker when a version is
//! stored (the extraction itself is `crate::extract`, run by `workers::texts`).

use crate::db::file_texts as store;
use crate::db::{now, DbConn};
use crate::error::AppResult;
use crate::values::JobKind;

/// Attempts of one extraction job: only the worker's own trouble (the database, a missing blob
/// store) is retried; a file that cannot be read ends `failed` at the first attempt.
const MAX_ATTEMPTS: i32 = 3;

/// Queues the extraction of a file version just stored: its `file_texts` row (`pending`) and a
/// job, in the caller's transaction (so neither is lost, and neither exists without the version).
pub fn queue(c: &mut DbConn, version_id: &str) -> AppResult<()> {
    store::insert_pending(c, version_id, now())?;
    // No idempotency key: the row (its primary key) is what makes this happen once per version.
    let mut job = super::delivery::job(JobKind::ExtractText, &serde_json::json!({"version_id": version_id}), None)?;
    job.max_attempts = MAX_ATTEMPTS;
    crate::db::jobs::enqueue(c, &job)?;
    Ok(())
}

/// Queues the extraction of every file version that has no `file_texts` row (versions stored
/// before extraction existed, or whose rows were removed to extract them again). Idempotent:
/// a second call finds nothing left. Returns how many were queued.
pub fn queue_missing(c: &mut DbConn) -> AppResult<usize> {
    let mut queued = 0;
    loop {
        let ids = store::versions_without_text(c, 500)?;
        if ids.is_empty() {
            return Ok(queued);
        }
        for id in &ids {
            queue(c, id)?;
        }
        queued += ids.len();
    }
}
