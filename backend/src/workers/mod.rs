//! Background work that runs inside `tandem serve` (or alone with `tandem worker`): the outbox
//! fan-out into notifications, deliveries, exports, the text of uploaded files, and housekeeping.

pub mod jobs;
pub mod mail;
pub mod robots;
pub mod runner;
pub mod search;
pub mod texts;
pub mod webhooks;

use std::sync::Arc;
use std::time::Duration;

use crate::domain::delivery::Channels;
use crate::state::AppState;

const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(600);
const OUTBOX_EVERY: Duration = Duration::from_millis(500);
const OUTBOX_BATCH: i64 = 200;
const JOBS_EVERY: Duration = Duration::from_secs(1);
const REMINDERS_EVERY: Duration = Duration::from_secs(60);
const OUTBOX_MIN_GAP: Duration = Duration::from_millis(50);

/// The channels this process's configuration enables.
pub fn channels(config: &crate::config::Config) -> Channels {
    Channels { mail: config.smtp.is_some(), public_url: config.public_url.clone() }
}

/// Drains the outbox until it is empty (tests and the worker loop use it).
pub fn drain_outbox(db: &crate::db::Db, channels: &Channels) -> crate::error::AppResult<usize> {
    let mut total = 0;
    loop {
        let n = db.write_blocking(|c| crate::domain::notifications::dispatch_pending(c, OUTBOX_BATCH, channels))?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
    }
}

/// Starts the worker loops on the current async runtime.
pub fn spawn(state: Arc<AppState>) {
    let outbox_state = state.clone();
    let jobs_due = Arc::new(tokio::sync::Notify::new());
    let jobs_wake = jobs_due.clone();
    actix_web::rt::spawn(async move {
        loop {
            // Right after a write of this process, else every OUTBOX_EVERY (other processes).
            let _ = actix_web::rt::time::timeout(OUTBOX_EVERY, outbox_state.live.outbox.notified()).await;
            let db = outbox_state.db.clone();
            let channels = channels(&outbox_state.config);
            match actix_web::web::block(move || drain_outbox(&db, &channels)).await {
                Ok(Ok(0)) => {}
                Ok(Ok(_)) => {
                    outbox_state.live.poke();
                    jobs_wake.notify_one();
                }
                Ok(Err(e)) => tracing::warn!(error = %e, "outbox dispatch failed; will retry"),
                Err(e) => tracing::warn!(error = %e, "outbox dispatch thread failed"),
            }
            // Under a stream of writes, batch them instead of one transaction per request.
            actix_web::rt::time::sleep(OUTBOX_MIN_GAP).await;
        }
    });
    let reminder_state = state.clone();
    let reminder_wake = jobs_due.clone();
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(REMINDERS_EVERY);
        loop {
            tick.tick().await;
            let now = reminder_state.db.clock().now();
            match reminder_state.db.run(move |db| crate::domain::reminders::tick(db, now)).await {
                Ok(fired) if fired.total() > 0 => {
                    tracing::info!(fired = %fired.summary(), "reminders fired");
                    reminder_state.live.outbox.notify_one();
                    reminder_wake.notify_one();
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "the reminder tick failed; will retry"),
            }
        }
    });
    let runner = runner::Runner::new(state.db.clone(), state.config.clone());
    actix_web::rt::spawn(async move {
        loop {
            // Right after the outbox enqueued deliveries, else every JOBS_EVERY (retries, other
            // processes' jobs, expired leases).
            let _ = actix_web::rt::time::timeout(JOBS_EVERY, jobs_due.notified()).await;
            if let Err(e) = runner.run_until_idle().await {
                tracing::warn!(error = %e, "running jobs failed; will retry");
            }
        }
    });
    // Exports run beside deliveries, one at a time; woken when one is asked for.
    let exporter = runner::Runner::for_exports(state.db.clone(), state.config.clone());
    let export_state = state.clone();
    actix_web::rt::spawn(async move {
        loop {
            let _ = actix_web::rt::time::timeout(JOBS_EVERY, export_state.exports_due.notified()).await;
            if let Err(e) = exporter.run_until_idle().await {
                tracing::warn!(error = %e, "running exports failed; will retry");
            }
        }
    });
    // The text of uploaded files, one at a time beside deliveries and exports.
    let texts = runner::Runner::for_texts(state.db.clone(), state.config.clone());
    actix_web::rt::spawn(async move {
        loop {
            actix_web::rt::time::sleep(JOBS_EVERY).await;
            if let Err(e) = texts.run_until_idle().await {
                tracing::warn!(error = %e, "reading the text of files failed; will retry");
            }
        }
    });
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(HOUSEKEEPING_EVERY);
        loop {
            tick.tick().await;
            match state.db.write(crate::domain::live::prune).await {
                Ok(0) => {}
                Ok(removed) => {
                    tracing::info!(removed, "housekeeping removed old live events, finished jobs and robot sends")
                }
                Err(e) => tracing::warn!(error = %e, "pruning failed; will retry"),
            }
            let (db, blobs) = (state.db.clone(), state.blobs.clone());
            match actix_web::web::block(move || crate::domain::exports::expire(&db, &blobs)).await {
                Ok(Ok(0)) => {}
                Ok(Ok(n)) => tracing::info!(expired = n, "housekeeping expired finished exports"),
                Ok(Err(e)) => tracing::warn!(error = %e, "expiring exports failed; will retry"),
                Err(e) => tracing::warn!(error = %e, "expiring exports failed; will retry"),
            }
            match state.db.write(crate::domain::auth::housekeeping).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "housekeeping removed expired sessions and throttles"),
                Err(e) => tracing::warn!(error = %e, "housekeeping failed; will retry"),
            }
        }
    });
}
