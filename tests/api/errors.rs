use api_tests::{both_backends, expect_problem, TestApp};
use reqwest::Method;
use serde_json::json;
use tandem::domain::Role;

both_backends!(bad_input_always_gets_problem_json, probes_metrics_and_request_ids);

async fn bad_input_always_gets_problem_json(app: TestApp) {
    app.user("u", "用户", None, Role::Member);
    let c = app.login("u").await;
    let login = |body: &'static str, ct: &'static str| {
        app.request(Method::POST, "/api/v1/auth/login").header("content-type", ct).body(body).send()
    };
    expect_problem(app.request(Method::GET, "/api/v1/nope").send().await.unwrap(), 404, "not_found").await;
    expect_problem(app.request(Method::GET, "/totally/unknown").send().await.unwrap(), 404, "not_found").await;
    // A method the path does not declare: 405 with the declared ones in `Allow`.
    for (method, path, allow) in [
        (Method::TRACE, "/api/v1/tasks".to_owned(), "GET, POST"),
        (Method::PUT, format!("/api/v1/tasks/{}", uuid::Uuid::now_v7()), "DELETE, GET, PATCH"),
        (Method::DELETE, "/healthz".to_owned(), "GET"),
    ] {
        let res = app.request(method.clone(), &path).send().await.unwrap();
        assert_eq!(res.headers().get("allow").and_then(|v| v.to_str().ok()), Some(allow), "{method} {path}");
        expect_problem(res, 405, "method_not_allowed").await;
    }
    expect_problem(login("{\"email\": ", "application/json").await.unwrap(), 400, "bad_request").await;
    let body = expect_problem(
        login("{\"email\": 5, \"password\": \"x\"}", "application/json").await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"]["email"][0], "type");
    let body =
        expect_problem(login("{\"password\": \"x\"}", "application/json").await.unwrap(), 422, "validation_failed")
            .await;
    assert_eq!(body["errors"]["email"][0], "required");
    expect_problem(login("email=a", "application/x-www-form-urlencoded").await.unwrap(), 415, "unsupported_media_type")
        .await;
    let huge = format!("{{\"email\": \"{}\", \"password\": \"x\"}}", "a".repeat(2 * 1024 * 1024));
    let res = app
        .request(Method::POST, "/api/v1/auth/login")
        .json(&serde_json::from_str::<serde_json::Value>(&huge).unwrap())
        .send()
        .await
        .unwrap();
    expect_problem(res, 413, "payload_too_large").await;
    expect_problem(app.request(Method::GET, "/api/v1/me").send().await.unwrap(), 401, "unauthenticated").await;
    expect_problem(c.with_token("not-a-jwt").get("/api/v1/me").send().await.unwrap(), 401, "unauthenticated").await;
    expect_problem(c.get("/api/v1/users/not-a-uuid").send().await.unwrap(), 404, "not_found").await;
    expect_problem(c.get(&format!("/api/v1/users/{}", uuid::Uuid::now_v7())).send().await.unwrap(), 404, "not_found")
        .await;
    expect_problem(c.get("/api/v1/users?is_active=maybe").send().await.unwrap(), 422, "validation_failed").await;
    let res = c.post("/api/v1/me/tokens").json(&json!({"name": "", "expires_in_days": 0})).send().await.unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        (body["errors"]["name"][0].as_str(), body["errors"]["expires_in_days"][0].as_str()),
        (Some("length"), Some("range"))
    );
    // A malformed If-Match (or `*`, which would overwrite unseen changes) names the header; a
    // well-formed stale one is 412.
    for bad in ["garbage", "*", "", "\"3"] {
        let res = c.patch("/api/v1/me").header("if-match", bad).json(&json!({"name": "x"})).send().await.unwrap();
        let body = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(body["errors"]["If-Match"][0], "invalid", "If-Match {bad:?}");
    }
    let res = c.patch("/api/v1/me").header("if-match", "\"9999\"").json(&json!({"name": "x"})).send().await.unwrap();
    expect_problem(res, 412, "version_mismatch").await;
}

async fn probes_metrics_and_request_ids(app: TestApp) {
    let res = app.request(Method::GET, "/healthz").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("x-request-id").is_some());
    assert_eq!(app.request(Method::GET, "/readyz").send().await.unwrap().status(), 200);
    let metrics = app.request(Method::GET, "/metrics").send().await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains("tandem_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"),
        "{metrics}"
    );
    let docs = app.request(Method::GET, "/api/docs/").send().await.unwrap();
    assert_eq!(docs.status(), 200);
    // The interactive docs never send the document's address to validator.swagger.io.
    let init = app.request(Method::GET, "/api/docs/swagger-initializer.js").send().await.unwrap().text().await.unwrap();
    assert!(init.contains(r#""validatorUrl": "none""#), "{init}");
    // Monitors probe with HEAD: the same status, no body.
    let head = app.request(Method::HEAD, "/healthz").send().await.unwrap();
    assert_eq!(head.status(), 200);
    assert!(head.bytes().await.unwrap().is_empty());
    let spec: serde_json::Value =
        app.request(Method::GET, "/api/openapi.json").send().await.unwrap().json().await.unwrap();
    assert!(spec["paths"]["/api/v1/auth/login"].is_object());
}
