//! Background work that runs inside `tandem serve` (or alone with `tandem worker`).
//!
//! Today: housekeeping (expired sessions, stale login throttles). The durable job queue for
//! mail, robots, reminders and exports builds on this loop.

use std::sync::Arc;
use std::time::Duration;

use crate::state::AppState;

const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(600);

/// Starts the worker loops on the current async runtime.
pub fn spawn(state: Arc<AppState>) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(HOUSEKEEPING_EVERY);
        loop {
            tick.tick().await;
            match state.db.write(crate::domain::auth::housekeeping).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "housekeeping removed expired sessions and throttles"),
                Err(e) => tracing::warn!(error = %e, "housekeeping failed; will retry"),
            }
        }
    });
}
