//! What a curious employee (or a browser tricked into visiting) would try: framing or sniffing
//! answers, reading the server's metrics, breaking calendar invitations, reading its files.

use api_tests::{both_backends, both_backends_raw, expect_problem, Backend, Team, TestApp};
use reqwest::Method;
use serde_json::json;

both_backends!(
    every_answer_forbids_framing_sniffing_and_scripts,
    a_meeting_link_cannot_carry_line_breaks_into_invitations,
    the_database_and_files_are_readable_by_the_server_alone,
    a_refused_upload_of_content_stored_already_leaves_the_stored_copy,
);
both_backends_raw!(metrics_are_for_loopback_or_the_operators_token_only);

async fn every_answer_forbids_framing_sniffing_and_scripts(app: TestApp) {
    let t = Team::new(&app).await;
    for res in [
        t.wang.get(&format!("/api/v1/tasks/{}", t.task)).send().await.unwrap(),
        app.request(Method::GET, "/api/v1/no-such-route").send().await.unwrap(),
        app.request(Method::GET, "/healthz").send().await.unwrap(),
    ] {
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "no-referrer");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("sandbox") && csp.contains("frame-ancestors 'none'"),
            "{csp}"
        );
    }
    // The interactive docs run their own scripts, and nobody else's.
    let docs = app.request(Method::GET, "/api/docs/").send().await.unwrap();
    assert_eq!(docs.status(), 200);
    let csp = docs.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
}

async fn metrics_are_for_loopback_or_the_operators_token_only(backend: Backend) {
    const TOKEN: &str = "metrics-token-0123456789";
    let app = TestApp::spawn_with(backend, |c| c.metrics_token = Some(TOKEN.into())).await;
    // With a token configured, even loopback needs it; without it the route does not exist.
    let res = app.request(Method::GET, "/metrics").send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
    let res = app.request(Method::GET, "/metrics").bearer_auth("wrong-token-0123456789").send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
    let res = app.request(Method::GET, "/metrics").bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("tandem_http_requests_total"));
}

async fn a_meeting_link_cannot_carry_line_breaks_into_invitations(app: TestApp) {
    let t = Team::new(&app).await;
    let path = format!("/api/v1/tasks/{}/meetings", t.task);
    for url in [
        "https://meeting.example.cn/j/1\r\nATTENDEE:mailto:eve@evil.example",
        "https://meeting.example.cn/j/1 X-EVIL:1",
        "javascript:alert(1)",
    ] {
        let body = json!({"title": "碰头会", "starts_at": "2026-12-01T02:00:00Z", "duration_minutes": 30,
            "online_url": url, "participant_ids": [t.zhao_id]});
        let p = expect_problem(t.wang.post(&path).json(&body).send().await.unwrap(), 422, "validation_failed").await;
        assert_eq!(p["errors"]["online_url"], json!(["url"]), "{url}: {p}");
    }
    let body = json!({"title": "碰头会", "starts_at": "2026-12-01T02:00:00Z", "duration_minutes": 30,
        "location": "3楼\r\nX-EVIL:1", "participant_ids": [t.zhao_id]});
    let p = expect_problem(t.wang.post(&path).json(&body).send().await.unwrap(), 422, "validation_failed").await;
    assert_eq!(p["errors"]["location"], json!(["invalid"]), "{p}");
}

async fn the_database_and_files_are_readable_by_the_server_alone(app: TestApp) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let t = Team::new(&app).await;
        let form = reqwest::multipart::Form::new()
            .text("description", "预算")
            .part("file", reqwest::multipart::Part::bytes(b"secret budget".to_vec()).file_name("预算.xlsx"));
        let res = t.wang.post(&format!("/api/v1/tasks/{}/files", t.task)).multipart(form).send().await.unwrap();
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let data = &app.config.data_dir;
        if app.backend == api_tests::Backend::Sqlite {
            assert_eq!(mode(&data.join("tandem.db")), 0o600);
        }
        let blobs = data.join("blobs");
        assert_eq!(mode(&blobs), 0o700);
        let mut files = 0;
        for dir in std::fs::read_dir(&blobs).unwrap() {
            let dir = dir.unwrap().path();
            if dir.file_name().is_some_and(|n| n == "tmp") {
                continue;
            }
            assert_eq!(mode(&dir), 0o700, "{dir:?}");
            for f in std::fs::read_dir(&dir).unwrap() {
                assert_eq!(mode(&f.unwrap().path()), 0o600);
                files += 1;
            }
        }
        assert_eq!(files, 1);
    }
}

async fn a_refused_upload_of_content_stored_already_leaves_the_stored_copy(app: TestApp) {
    let t = Team::new(&app).await;
    let upload = |name: &'static str| {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(b"same bytes".to_vec()).file_name(name));
        t.wang.post(&format!("/api/v1/tasks/{}/files", t.task)).multipart(form).send()
    };
    let first: serde_json::Value = upload("预算.xlsx").await.unwrap().json().await.unwrap();
    // The same content under a name the task has already: refused, and the cleanup after the
    // refusal must not remove the content the first file names.
    assert_eq!(upload("预算.xlsx").await.unwrap().status(), 409);
    let url = first["download_url"].as_str().unwrap();
    let res = t.wang.get(url.trim_start_matches(&t.wang.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"same bytes");
    let tmp = app.config.data_dir.join("blobs").join("tmp");
    assert_eq!(std::fs::read_dir(&tmp).map(Iterator::count).unwrap_or(0), 0, "no spare copy is left behind");
}
