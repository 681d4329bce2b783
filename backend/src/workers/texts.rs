//! The `extract_text` job: reads the text of one file version for search (see `extract`) and
//! stores it in `file_texts`, with a live notice so search indexers read the file again.
//!
//! A file that cannot be read (broken, too slow, too large) ends `failed` or `skipped` at once and
//! the job is done: only the worker's own trouble (the database) makes the job retry.

use std::time::Duration;

use serde_json::json;

use super::runner::{Outcome, Runner};
use crate::blobs::BlobStore;
use crate::config::Config;
use crate::db::file_texts::{self as store, VersionToRead};
use crate::db::jobs::JobRow;
use crate::db::{now, Db};
use crate::error::{AppError, AppResult};
use crate::extract::sandbox::{Sandbox, Verdict};
use crate::extract::{Format, Limits};
use crate::values::{TaskChange, TextStatus};

/// A text job's lease: its time limit and room to read the blob and write the result.
pub(super) fn lease(config: &Config) -> chrono::Duration {
    chrono::Duration::seconds(i64::try_from(config.extract_timeout_secs).unwrap_or(3600) + 60)
}

pub(super) async fn run(runner: &Runner, job: &JobRow) -> Result<Outcome, String> {
    let payload: serde_json::Value = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
    let id = payload["version_id"].as_str().ok_or("no version_id")?.to_owned();
    let (db, config) = (runner.db.clone(), runner.config.clone());
    actix_web::web::block(move || extract_version(&db, &config, &id))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    Ok(Outcome::Done)
}

/// What one extraction came to.
struct Extracted {
    status: TextStatus,
    text: String,
    error: Option<String>,
}

impl Extracted {
    fn done(text: String) -> Self {
        Self { status: TextStatus::Done, text, error: None }
    }

    fn not(status: TextStatus, why: impl Into<String>) -> Self {
        Self { status, text: String::new(), error: Some(why.into()) }
    }
}

/// Reads and stores the text of version `version_id` unless that was done already (a job run
/// again after its runner lost the lease) or the version is gone. Returns the status stored.
pub fn extract_version(db: &Db, config: &Config, version_id: &str) -> AppResult<Option<TextStatus>> {
    let key = version_id.to_owned();
    let found = db.read_blocking(move |c| Ok((store::find(c, &key)?, store::version_to_read(c, &key)?)))?;
    let (Some(row), Some(version)) = found else { return Ok(None) };
    if row.status != TextStatus::Pending {
        return Ok(Some(row.status));
    }
    let outcome = read(db, config, &version)?;
    let status = outcome.status;
    db.write_blocking(move |c| {
        let at = now();
        let kept = store::finish(c, &version.version_id, outcome.status, &outcome.text, outcome.error.as_deref(), at)?;
        if kept {
            if let Some(task) = crate::db::tasks::find_task(c, &version.task_id)? {
                crate::domain::live::task_changed(c, &task, TaskChange::File, json!({"file_id": version.file_id}))?;
            }
        }
        Ok(())
    })?;
    Ok(Some(status))
}

fn read(db: &Db, config: &Config, v: &VersionToRead) -> AppResult<Extracted> {
    let Some(format) = Format::of(&v.content_type, &v.name) else {
        return Ok(Extracted::not(TextStatus::Skipped, "no text is read from this kind of file"));
    };
    let limits = Limits::default();
    if u64::try_from(v.size_bytes).unwrap_or(u64::MAX) > limits.max_input_bytes {
        return Ok(Extracted::not(TextStatus::Skipped, format!("larger than {} bytes", limits.max_input_bytes)));
    }
    // The same bytes were read before (a restored version, the same file uploaded again).
    let (sha, ct) = (v.sha256.clone(), v.content_type.clone());
    if let Some(text) = db.read_blocking(move |c| store::done_text_of_content(c, &sha, &ct))? {
        return Ok(Extracted::done(text));
    }
    let input = match BlobStore::new(&config.data_dir).open(&v.sha256) {
        Ok((file, _)) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Extracted::not(TextStatus::Failed, "the file's content is missing"))
        }
        Err(e) => return Err(AppError::internal(e)),
    };
    let sandbox = Sandbox::new(config.extract_program.clone(), Duration::from_secs(config.extract_timeout_secs))
        .map_err(AppError::internal)?;
    let started = std::time::Instant::now();
    let verdict = sandbox.run(format, input);
    let seconds = started.elapsed().as_secs_f64();
    Ok(match verdict {
        Verdict::Text(text) => {
            tracing::debug!(version = %v.version_id, format = format.as_str(), seconds, bytes = text.len(), "text read");
            Extracted::done(text)
        }
        Verdict::Skipped(why) => Extracted::not(TextStatus::Skipped, why),
        Verdict::Failed(why) => {
            tracing::info!(version = %v.version_id, format = format.as_str(), seconds, reason = %why, "no text read from a file");
            Extracted::not(TextStatus::Failed, why)
        }
    })
}
