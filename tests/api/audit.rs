use api_tests::{both_backends, expect_problem, TestApp};
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(security_events_land_in_the_audit_log_for_administrators,);

fn kinds(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

async fn security_events_land_in_the_audit_log_for_administrators(app: TestApp) {
    let market = app.department("市场部");
    let rnd = app.department("研发部");
    let wang_id = app.user("wangfang", "王芳", Some(&market), Role::DeptHead);
    let xu_id = app.user("xuming", "徐明", Some(&rnd), Role::Member);
    app.user("admin", "管理员", None, Role::Admin);
    // A failed sign-in to a known account and one to an unknown address.
    for email in ["wangfang@test.tandem.cn", "nobody@test.tandem.cn"] {
        let res = app
            .request(reqwest::Method::POST, "/api/v1/auth/login")
            .json(&json!({"email": email, "password": "wrong-pass"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
    let wang = app.login("wangfang").await;
    let token = wang.post_json("/api/v1/me/tokens", &json!({"name": "周报脚本"}), 201).await;
    let token_id = token["id"].as_str().unwrap();
    assert_eq!(wang.delete(&format!("/api/v1/me/tokens/{token_id}")).send().await.unwrap().status(), 204);
    // A confidential task, opened by its owner.
    let body = json!({"scenario": "info_sync", "title": "保密：薪酬调整", "owner_id": wang_id, "department_ids": [market],
        "visibility": "confidential", "due_at": "2030-12-31T00:00:00Z"});
    let task = wang.post_json("/api/v1/tasks", &body, 201).await;
    let task_id = task["id"].as_str().unwrap();
    wang.get_json(&format!("/api/v1/tasks/{task_id}")).await;
    // The administrator makes 徐明 a department head.
    let admin = app.login("admin").await;
    let res = admin.get(&format!("/api/v1/users/{xu_id}")).send().await.unwrap();
    let etag = res.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    let res = admin
        .patch(&format!("/api/v1/users/{xu_id}"))
        .header("If-Match", etag)
        .json(&json!({"role": "dept_head", "department_id": market}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let all = admin.get_json("/api/v1/audit-events?limit=100").await;
    let seen = kinds(&all);
    for k in [
        "login_failed",
        "login_succeeded",
        "token_created",
        "token_revoked",
        "confidential_task_viewed",
        "user_permissions_changed",
    ] {
        assert!(seen.contains(&k.to_owned()), "{k} missing from {seen:?}");
    }
    // Newest first: the role change was the last thing that happened.
    assert_eq!(all["items"][0]["kind"], "user_permissions_changed");
    assert_eq!(all["items"][0]["subject_id"], xu_id);
    assert_eq!(all["items"][0]["detail"]["role"], json!({"from": "member", "to": "dept_head"}));
    assert_eq!(all["items"][0]["actor"]["name"], "管理员");
    // The ids it names come with their names: the person and both departments.
    let names = &all["items"][0]["names"];
    assert_eq!(
        (names[&xu_id].clone(), names[&market].clone(), names[&rnd].clone()),
        (json!("徐明"), json!("市场部"), json!("研发部"))
    );
    // Filters: by kind, by person, by time.
    let failed = admin.get_json("/api/v1/audit-events?kind=login_failed").await;
    assert_eq!(failed["total"], 2);
    let unknown =
        failed["items"].as_array().unwrap().iter().find(|e| e["detail"]["email"] == "nobody@test.tandem.cn").unwrap();
    assert_eq!(unknown["actor"], Value::Null, "nobody is named for an unknown account");
    let hers =
        admin.get_json(&format!("/api/v1/audit-events?actor_id={wang_id}&kind=token_created,token_revoked")).await;
    assert_eq!(kinds(&hers), ["token_revoked", "token_created"]);
    let viewed = admin.get_json("/api/v1/audit-events?kind=confidential_task_viewed").await;
    assert_eq!((viewed["total"].clone(), viewed["items"][0]["subject_id"].clone()), (json!(1), json!(task_id)));
    assert_eq!(viewed["items"][0]["names"][task_id], "保密：薪酬调整");
    let future = admin.get_json("/api/v1/audit-events?from=2099-01-01T00:00:00Z").await;
    assert_eq!(future["total"], 0);
    // Pages follow each other without gaps or repeats.
    let first = admin.get_json("/api/v1/audit-events?limit=3").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = admin.get_json(&format!("/api/v1/audit-events?limit=100&cursor={cursor}")).await;
    let ids: Vec<&str> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len() as i64, all["total"].as_i64().unwrap());
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
    // Bad filters are field errors; nobody but administrators reads the log.
    let body =
        expect_problem(admin.get("/api/v1/audit-events?kind=nonsense").send().await.unwrap(), 422, "validation_failed")
            .await;
    assert_eq!(body["errors"]["kind"][0], "invalid");
    expect_problem(wang.get("/api/v1/audit-events").send().await.unwrap(), 403, "forbidden").await;
}
