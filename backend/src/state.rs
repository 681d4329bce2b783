//! What every request handler can reach.

use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry};

use crate::config::Config;
use crate::db::Db;
use crate::domain::auth::{JwtKeys, ThrottlePolicy};

pub struct AppState {
    pub config: Config,
    pub db: Db,
    pub keys: JwtKeys,
    pub metrics: Metrics,
}

impl AppState {
    pub fn new(config: Config, db: Db, jwt_secret: &str) -> Self {
        let keys = JwtKeys::new(jwt_secret, config.access_token_ttl_secs);
        Self { config, db, keys, metrics: Metrics::new() }
    }

    pub fn throttle_policy(&self) -> ThrottlePolicy {
        ThrottlePolicy { max_failures: self.config.login_max_failures, window_secs: self.config.login_lockout_secs }
    }
}

/// Prometheus metrics of this process, rendered at `/metrics`.
pub struct Metrics {
    pub registry: Registry,
    pub requests: IntCounterVec,
    pub duration: HistogramVec,
}

impl Metrics {
    #[expect(
        clippy::unwrap_used,
        reason = "static metric definitions; registering them only fails on a programming error"
    )]
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("tandem_http_requests_total", "HTTP requests by route pattern, method and status"),
            &["method", "route", "status"],
        )
        .unwrap();
        let duration = HistogramVec::new(
            HistogramOpts::new("tandem_http_request_duration_seconds", "HTTP request latency by route pattern")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["method", "route"],
        )
        .unwrap();
        registry.register(Box::new(requests.clone())).unwrap();
        registry.register(Box::new(duration.clone())).unwrap();
        Self { registry, requests, duration }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
