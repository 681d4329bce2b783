//! The suite must not expire. `make test-backend-future` runs every Rust test again with the
//! system clock of the test processes moved ahead (libfaketime); these tests check that the
//! move took effect, and that a server under test keeps the test's clock whatever the system
//! clock says.

use api_tests::{both_backends, TestApp, TEST_EPOCH};
use serde_json::json;
use tandem::domain::Role;

both_backends!(the_server_keeps_the_tests_clock_whatever_the_system_date);

/// Only in `make test-backend-future` (which sets `TANDEM_TEST_REAL_NOW` outside libfaketime):
/// the system clock of this process is at least the configured distance ahead of the real one.
#[test]
fn the_future_run_really_runs_in_the_future() {
    let (Ok(real), Ok(future)) = (std::env::var("TANDEM_TEST_REAL_NOW"), std::env::var("TANDEM_TEST_FUTURE")) else {
        eprintln!("not the future run (TANDEM_TEST_REAL_NOW is unset): nothing to check");
        return;
    };
    let real: i64 = real.parse().expect("TANDEM_TEST_REAL_NOW: seconds since the epoch");
    let days: i64 = future
        .trim_start_matches('+')
        .strip_suffix('d')
        .and_then(|d| d.parse().ok())
        .expect("TANDEM_TEST_FUTURE: +<days>d, as given to faketime");
    let ahead = chrono::Utc::now().timestamp() - real;
    // An hour of slack for the time the suite has run since the real time was read.
    assert!(
        ahead >= days * 86_400 - 3_600,
        "the system clock is {ahead} s ahead of the real one, not {days} days: libfaketime did not take effect"
    );
}

async fn the_server_keeps_the_tests_clock_whatever_the_system_date(app: TestApp) {
    let d = app.department("市场部");
    app.user("wangfang", "王芳", Some(&d), Role::DeptHead);
    let wang = app.login("wangfang").await;
    let body = json!({"scenario": "info_sync", "title": "月度复盘", "owner_id": wang.user_id, "department_ids": [d], "due_at": "2026-12-02T09:00:00Z"});
    let task = wang.post_json("/api/v1/tasks", &body, 201).await;
    // Created on the test's clock (it started at TEST_EPOCH and has run a few seconds since).
    let created = task["created_at"].as_str().unwrap();
    assert!(created.starts_with(&TEST_EPOCH[..13]), "created at {created}, the clock started at {TEST_EPOCH}");
    // Moving the clock moves the server: a deadline that has passed is refused as before_start.
    app.clock.set(api_tests::utc("2026-12-03T00:00:00Z"));
    let res = wang.post("/api/v1/tasks").json(&body).send().await.unwrap();
    let problem = api_tests::expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"]["due_at"][0], "before_start", "{problem}");
}
