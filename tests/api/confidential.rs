use api_tests::{both_backends, expect_problem, TestApp};
use serde_json::json;
use tandem::domain::Role;

both_backends!(
    a_confidential_task_is_seen_only_by_the_people_named_on_it,
    making_a_task_confidential_hides_it_and_its_subtasks_and_their_notifications,
);

/// 王芳 (head of 市场部) runs a confidential budget task with 研发部: its head 李雷, its member
/// 徐明 and 市场部's member 赵静 would see a normal task of these departments, but not this
/// one. Its collaborator 韩梅 does, and so does the administrator; 孙丽, who owns one of its
/// subtasks, sees that subtask and not the task above it.
async fn a_confidential_task_is_seen_only_by_the_people_named_on_it(app: TestApp) {
    let market = app.department("市场部");
    let rnd = app.department("研发部");
    let finance = app.department("财务部");
    let wang_id = app.user("wangfang", "王芳", Some(&market), Role::DeptHead);
    app.make_head(&market, &wang_id);
    let li_id = app.user("lilei", "李雷", Some(&rnd), Role::DeptHead);
    app.make_head(&rnd, &li_id);
    app.user("xuming", "徐明", Some(&rnd), Role::Member);
    app.user("zhaojing", "赵静", Some(&market), Role::Member);
    let han_id = app.user("hanmei", "韩梅", Some(&finance), Role::Member);
    let sun_id = app.user("sunli", "孙丽", Some(&finance), Role::Member);
    app.user("admin", "管理员", None, Role::Admin);
    let wang = app.login("wangfang").await;
    let body = json!({"scenario": "cross_department", "title": "保密：年度预算调整", "owner_id": wang_id,
        "department_ids": [market, rnd], "collaborator_ids": [han_id], "visibility": "confidential",
        "due_at": "2030-12-31T00:00:00Z"});
    let task = wang.post_json("/api/v1/tasks", &body, 201).await;
    let id = task["id"].as_str().unwrap().to_owned();
    wang.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    let sub = json!({"title": "预算测算", "owner_id": sun_id, "due_at": "2030-12-01T00:00:00Z"});
    let sub = wang.post_json(&format!("/api/v1/tasks/{id}/subtasks"), &sub, 201).await;
    assert_eq!(sub["visibility"], "confidential", "a subtask of a confidential task is confidential");
    let sub_id = sub["id"].as_str().unwrap().to_owned();
    // A normal task of the same departments, for contrast.
    let normal = json!({"scenario": "cross_department", "title": "普通任务", "owner_id": wang_id,
        "department_ids": [market, rnd], "due_at": "2030-12-31T00:00:00Z"});
    let normal = wang.post_json("/api/v1/tasks", &normal, 201).await;
    wang.post_json(&format!("/api/v1/tasks/{}/publish", normal["id"].as_str().unwrap()), &json!({}), 200).await;
    app.run_jobs();

    let sun = app.login("sunli").await;
    assert_eq!(sun.get(&format!("/api/v1/tasks/{sub_id}")).send().await.unwrap().status(), 200);
    expect_problem(sun.get(&format!("/api/v1/tasks/{id}")).send().await.unwrap(), 404, "not_found").await;
    for (who, sees) in [("lilei", false), ("xuming", false), ("zhaojing", false), ("hanmei", true), ("admin", true)] {
        let c = app.login(who).await;
        let res = c.get(&format!("/api/v1/tasks/{id}")).send().await.unwrap();
        if sees {
            assert_eq!(res.status(), 200, "{who} should see it");
        } else {
            expect_problem(res, 404, "not_found").await;
            let listed = c.get_json("/api/v1/tasks?limit=100").await;
            let titles: Vec<&str> =
                listed["items"].as_array().unwrap().iter().filter_map(|t| t["title"].as_str()).collect();
            assert!(titles.contains(&"普通任务"), "{who} sees the normal task: {titles:?}");
            assert!(!titles.iter().any(|t| t.starts_with("保密") || *t == "预算测算"), "{who}: {titles:?}");
            let found = c.get_json("/api/v1/tasks?q=%E9%A2%84%E7%AE%97").await;
            assert_eq!(found["total"], 0, "{who} finds nothing by searching: {found}");
            expect_problem(c.get(&format!("/api/v1/tasks/{sub_id}")).send().await.unwrap(), 404, "not_found").await;
            expect_problem(c.get(&format!("/api/v1/tasks/{id}/graph")).send().await.unwrap(), 404, "not_found").await;
            let told = c.get_json("/api/v1/notifications").await;
            assert!(
                !told["items"].as_array().unwrap().iter().any(|n| n["title"].as_str().unwrap_or("").contains("保密")),
                "{who} is not told of it: {told}"
            );
        }
    }
}

/// A normal task told 研发部 about itself when published; made confidential later, it (and its
/// subtask) disappears for 徐明, together with what he was told about it.
async fn making_a_task_confidential_hides_it_and_its_subtasks_and_their_notifications(app: TestApp) {
    let market = app.department("市场部");
    let rnd = app.department("研发部");
    let wang_id = app.user("wangfang", "王芳", Some(&market), Role::DeptHead);
    app.make_head(&market, &wang_id);
    app.user("xuming", "徐明", Some(&rnd), Role::Member);
    let wang = app.login("wangfang").await;
    let xu = app.login("xuming").await;
    let body = json!({"scenario": "cross_department", "title": "渠道调整", "owner_id": wang_id,
        "department_ids": [market, rnd], "due_at": "2030-12-31T00:00:00Z"});
    let id = wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    wang.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    let sub = json!({"title": "渠道数据", "owner_id": wang_id, "due_at": "2030-12-01T00:00:00Z"});
    let sub_id =
        wang.post_json(&format!("/api/v1/tasks/{id}/subtasks"), &sub, 201).await["id"].as_str().unwrap().to_owned();
    app.run_jobs();
    assert_eq!(xu.get(&format!("/api/v1/tasks/{id}")).send().await.unwrap().status(), 200);
    let told = xu.get_json("/api/v1/notifications").await;
    assert!(told["total"].as_i64().unwrap() >= 1, "{told}");

    let res = wang.get(&format!("/api/v1/tasks/{id}")).send().await.unwrap();
    let etag = res.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    let res = wang
        .patch(&format!("/api/v1/tasks/{id}"))
        .header("If-Match", etag)
        .json(&json!({"visibility": "confidential"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    expect_problem(xu.get(&format!("/api/v1/tasks/{id}")).send().await.unwrap(), 404, "not_found").await;
    expect_problem(xu.get(&format!("/api/v1/tasks/{sub_id}")).send().await.unwrap(), 404, "not_found").await;
    assert_eq!(wang.get_json(&format!("/api/v1/tasks/{sub_id}")).await["visibility"], "confidential");
    let told = xu.get_json("/api/v1/notifications").await;
    assert_eq!((told["total"].clone(), told["unread_count"].clone()), (json!(0), json!(0)), "{told}");
}
