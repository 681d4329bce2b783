//! Prometheus metrics of this process: HTTP requests per route, server time of the domain
//! operations the budgets name, background jobs. A leaf: every layer may time itself here.

use std::sync::LazyLock;

use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry};

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

/// Server time of domain operations the budgets name (the cycle check, the critical path), by
/// operation. Process-wide (the default registry), rendered at `/metrics` with the rest.
#[expect(clippy::unwrap_used, reason = "a static metric definition; registering it only fails on a programming error")]
static DOMAIN_SECONDS: LazyLock<HistogramVec> = LazyLock::new(|| {
    let h = HistogramVec::new(
        HistogramOpts::new("tandem_domain_operation_seconds", "Server time of domain operations")
            .buckets(vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0]),
        &["operation"],
    )
    .unwrap();
    prometheus::default_registry().register(Box::new(h.clone())).unwrap();
    h
});

/// Runs `f` and records its duration under `operation`.
pub fn timed<T>(operation: &str, f: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let out = f();
    DOMAIN_SECONDS.with_label_values(&[operation]).observe(started.elapsed().as_secs_f64());
    out
}

/// Time to run one background job (delivery included), by kind.
#[expect(clippy::unwrap_used, reason = "a static metric definition; registering it only fails on a programming error")]
pub static JOB_SECONDS: LazyLock<HistogramVec> = LazyLock::new(|| {
    let h = HistogramVec::new(
        HistogramOpts::new("tandem_job_seconds", "Time to run one background job, by kind")
            .buckets(vec![0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 15.0]),
        &["kind"],
    )
    .unwrap();
    prometheus::default_registry().register(Box::new(h.clone())).unwrap();
    h
});
