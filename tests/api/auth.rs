use api_tests::{both_backends, expect_problem, TestApp, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    demo_user_logs_in_and_sees_name_and_department,
    wrong_password_is_invalid_credentials,
    repeated_failures_lock_the_account_with_retry_after,
    refresh_rotates_and_reuse_ends_the_session,
    logout_revokes_the_refresh_token,
    password_change_needs_the_current_password_and_ends_other_sessions,
    personal_access_token_authenticates_until_revoked,
    deactivated_user_can_no_longer_sign_in_or_refresh,
);

async fn demo_user_logs_in_and_sees_name_and_department(app: TestApp) {
    assert!(tandem::seed::seed_demo(&app.state_db).unwrap());
    let zhang = app.login_email(tandem::seed::DEMO_USER_EMAIL, tandem::seed::DEMO_PASSWORD).await;
    let res = zhang.get("/api/v1/me").send().await.unwrap();
    assert_eq!(res.status(), 200);
    let etag = res.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["name"], "张三");
    assert_eq!(me["department_name"], "销售部");
    assert_eq!(me["supervisor_name"], "李强");
    assert_eq!(me["locale"], "zh-CN");
    assert_eq!(me["time_zone"], "Asia/Shanghai");
    assert_eq!(etag, format!("\"{}\"", me["version"]));
    assert!(me["created_at"].as_str().unwrap().ends_with('Z'));
}

async fn wrong_password_is_invalid_credentials(app: TestApp) {
    app.user("li", "李雷", None, Role::Member);
    for (email, password) in [("li@test.tandem.cn", "nope-nope"), ("nobody@test.tandem.cn", PASSWORD)] {
        let res = app
            .request(Method::POST, "/api/v1/auth/login")
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        let body = expect_problem(res, 401, "invalid_credentials").await;
        // The same answer whether or not the account exists.
        assert_eq!(body["detail"], "wrong email or password");
    }
}

async fn repeated_failures_lock_the_account_with_retry_after(app: TestApp) {
    app.user("han", "韩梅梅", None, Role::Member);
    let attempt = |pw: &'static str| {
        app.request(Method::POST, "/api/v1/auth/login")
            .json(&json!({"email": "HAN@test.tandem.cn", "password": pw}))
            .send()
    };
    for _ in 0..4 {
        expect_problem(attempt("wrong-password").await.unwrap(), 401, "invalid_credentials").await;
    }
    let res = attempt("wrong-password").await.unwrap();
    let retry: u64 = res.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((55..=60).contains(&retry), "a first lock lasts a minute, not {retry}s");
    expect_problem(res, 429, "too_many_requests").await;
    // Even the right password is refused while locked.
    expect_problem(attempt(PASSWORD).await.unwrap(), 429, "too_many_requests").await;
}

async fn refresh_rotates_and_reuse_ends_the_session(app: TestApp) {
    app.user("wei", "魏华", None, Role::Member);
    let c = app.login("wei").await;
    let refresh =
        |t: String| app.request(Method::POST, "/api/v1/auth/refresh").json(&json!({"refresh_token": t})).send();
    let res = refresh(c.refresh.clone()).await.unwrap();
    assert_eq!(res.status(), 200);
    let second: Value = res.json().await.unwrap();
    let new_refresh = second["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(new_refresh, c.refresh);
    assert_eq!(c.with_token(second["access_token"].as_str().unwrap()).get_json("/api/v1/me").await["name"], "魏华");
    // The old token again, a minute later (two tabs at once get a few seconds' grace): theft is
    // assumed, and the whole session ends.
    app.clock.advance(chrono::Duration::seconds(60));
    expect_problem(refresh(c.refresh.clone()).await.unwrap(), 401, "unauthenticated").await;
    expect_problem(refresh(new_refresh).await.unwrap(), 401, "unauthenticated").await;
}

async fn logout_revokes_the_refresh_token(app: TestApp) {
    app.user("lin", "林涛", None, Role::Member);
    let c = app.login("lin").await;
    let res = app
        .request(Method::POST, "/api/v1/auth/logout")
        .json(&json!({"refresh_token": c.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = app
        .request(Method::POST, "/api/v1/auth/refresh")
        .json(&json!({"refresh_token": c.refresh}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 401, "unauthenticated").await;
}

async fn password_change_needs_the_current_password_and_ends_other_sessions(app: TestApp) {
    app.user("zhou", "周杰", None, Role::Member);
    let laptop = app.login("zhou").await;
    let phone = app.login("zhou").await;
    let res = laptop
        .post("/api/v1/me/password")
        .json(&json!({"current_password": "wrong", "new_password": "new-password-1"}))
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"]["current_password"][0], "invalid");
    let res = laptop
        .post("/api/v1/me/password")
        .json(&json!({"current_password": PASSWORD, "new_password": "short"}))
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"]["new_password"][0], "length");
    let res = laptop
        .post("/api/v1/me/password")
        .json(&json!({"current_password": PASSWORD, "new_password": "new-password-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let refresh = |t: &str| app.request(Method::POST, "/api/v1/auth/refresh").json(&json!({"refresh_token": t})).send();
    expect_problem(refresh(&phone.refresh).await.unwrap(), 401, "unauthenticated").await;
    assert_eq!(refresh(&laptop.refresh).await.unwrap().status(), 200, "the session that changed it stays");
    app.login_email("zhou@test.tandem.cn", "new-password-1").await;
}

async fn personal_access_token_authenticates_until_revoked(app: TestApp) {
    app.user("ops", "运维机器人", None, Role::Member);
    let c = app.login("ops").await;
    let res =
        c.post("/api/v1/me/tokens").json(&json!({"name": "CRM 同步", "expires_in_days": 30})).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let secret = created["token"].as_str().unwrap();
    assert!(secret.starts_with("tdm_pat_"));
    assert!(secret.starts_with(created["prefix"].as_str().unwrap()));
    let pat = c.with_token(secret);
    assert_eq!(pat.get_json("/api/v1/me").await["name"], "运维机器人");
    // The list never shows the secret again.
    let list = c.get_json("/api/v1/me/tokens").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert!(!list.to_string().contains(secret));
    // An integration token cannot mint more tokens or change the password.
    let res = pat.post("/api/v1/me/tokens").json(&json!({"name": "more"})).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(c.delete(&format!("/api/v1/me/tokens/{id}")).send().await.unwrap().status(), 204);
    expect_problem(pat.get("/api/v1/me").send().await.unwrap(), 401, "unauthenticated").await;
    expect_problem(c.delete(&format!("/api/v1/me/tokens/{id}")).send().await.unwrap(), 404, "not_found").await;
}

async fn deactivated_user_can_no_longer_sign_in_or_refresh(app: TestApp) {
    app.user("boss", "管理员", None, Role::Admin);
    let uid = app.user("leaver", "离职员工", None, Role::Member);
    let admin = app.login("boss").await;
    let leaver = app.login("leaver").await;
    let res = admin
        .patch(&format!("/api/v1/users/{uid}"))
        .header("if-match", "\"1\"")
        .json(&json!({"is_active": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .request(Method::POST, "/api/v1/auth/refresh")
        .json(&json!({"refresh_token": leaver.refresh}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 401, "unauthenticated").await;
    expect_problem(leaver.get("/api/v1/me").send().await.unwrap(), 401, "unauthenticated").await;
    let res = app
        .request(Method::POST, "/api/v1/auth/login")
        .json(&json!({"email": "leaver@test.tandem.cn", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 401, "invalid_credentials").await;
}
