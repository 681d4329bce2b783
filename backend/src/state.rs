//! What every request handler can reach.

use crate::config::Config;
use crate::db::Db;
use crate::domain::auth::{JwtKeys, LiveSessions, PasswordWork};
use crate::domain::login_locks::ThrottlePolicy;
use crate::metrics::Metrics;

pub struct AppState {
    pub config: Config,
    pub db: Db,
    pub keys: JwtKeys,
    pub metrics: Metrics,
    /// Reads that build large answers (the dependency graph of a big tree, the efficiency report): at most
    /// two at a time, so a burst of them queues instead of multiplying the server's memory.
    pub large_reads: tokio::sync::Semaphore,
    /// File contents (comment attachments).
    pub blobs: crate::blobs::BlobStore,
    /// Live events for `/events` subscribers of this process.
    pub live: std::sync::Arc<crate::live::Hub>,
    /// This process's full-text search index, kept up to date by its indexer.
    pub search: std::sync::Arc<crate::search::Search>,
    /// Wakes the export worker when an export is asked for.
    pub exports_due: std::sync::Arc<tokio::sync::Notify>,
    /// Password hashing on a bounded pool of its own (a login flood cannot take every thread).
    pub passwords: PasswordWork,
    /// Which sessions stand (access tokens of ended sessions are refused).
    pub sessions: LiveSessions,
    /// Live event streams one user may hold open at once in this process.
    pub streams: std::sync::Arc<PerUser>,
    /// Uploads one user may send at once in this process.
    pub uploads: std::sync::Arc<PerUser>,
}

/// At most `max` of something at once per user (open event streams, uploads in progress); a
/// [`PerUserPermit`] holds one until it is dropped.
pub struct PerUser {
    what: &'static str,
    max: usize,
    held: parking_lot::Mutex<std::collections::HashMap<String, usize>>,
}

impl PerUser {
    pub fn new(what: &'static str, max: usize) -> std::sync::Arc<Self> {
        std::sync::Arc::new(Self { what, max, held: parking_lot::Mutex::default() })
    }

    /// A permit for `user`, or 429 (`Retry-After`) when they hold `max` already.
    pub fn take(self: &std::sync::Arc<Self>, user: &str) -> crate::error::AppResult<PerUserPermit> {
        let mut held = self.held.lock();
        let n = held.entry(user.to_owned()).or_default();
        if *n >= self.max {
            return Err(crate::error::AppError::new(
                crate::error::ErrorCode::TooManyRequests,
                format!("at most {} {} at once per person", self.max, self.what),
            )
            .with_retry_after(5));
        }
        *n += 1;
        Ok(PerUserPermit { gate: self.clone(), user: user.to_owned() })
    }
}

/// One of a user's [`PerUser`] slots, given back when dropped.
pub struct PerUserPermit {
    gate: std::sync::Arc<PerUser>,
    user: String,
}

impl Drop for PerUserPermit {
    fn drop(&mut self) {
        let mut held = self.gate.held.lock();
        if let Some(n) = held.get_mut(&self.user) {
            *n -= 1;
            if *n == 0 {
                held.remove(&self.user);
            }
        }
    }
}

impl AppState {
    pub fn new(config: Config, db: Db, jwt_secret: &str) -> Self {
        let keys = JwtKeys::new(jwt_secret, config.access_token_ttl_secs);
        let blobs = crate::blobs::BlobStore::new(&config.data_dir);
        let search = std::sync::Arc::new(crate::search::Search::new(config.search_dir.clone()));
        Self {
            config,
            db,
            keys,
            metrics: Metrics::new(),
            large_reads: tokio::sync::Semaphore::new(2),
            blobs,
            live: std::sync::Arc::new(crate::live::Hub::new()),
            search,
            exports_due: std::sync::Arc::new(tokio::sync::Notify::new()),
            // One hash per core at most: the other blocking threads stay free for the database.
            passwords: PasswordWork::new(std::thread::available_parallelism().map_or(2, std::num::NonZero::get)),
            sessions: LiveSessions::default(),
            streams: PerUser::new("live event streams", 8),
            uploads: PerUser::new("uploads", 4),
        }
    }

    /// Which addresses robots and webhooks may reach.
    pub fn outbound_policy(&self) -> crate::outbound::AddressPolicy {
        crate::outbound::AddressPolicy { allow: self.config.outbound_allow.clone() }
    }

    pub fn throttle_policy(&self) -> ThrottlePolicy {
        ThrottlePolicy {
            max_failures: self.config.login_max_failures,
            address_max_failures: self.config.login_address_max_failures,
            longest_lock_secs: self.config.login_lockout_secs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_holds_at_most_max_slots_and_gets_them_back() {
        let gate = PerUser::new("uploads", 2);
        let a = gate.take("u1").expect("first");
        let _b = gate.take("u1").expect("second");
        let refused = gate.take("u1").err().expect("third refused");
        assert_eq!((refused.code, refused.retry_after_secs), (crate::error::ErrorCode::TooManyRequests, Some(5)));
        let _other = gate.take("u2").expect("another person is not affected");
        drop(a);
        let _again = gate.take("u1").expect("a slot came back");
    }
}
