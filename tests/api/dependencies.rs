use api_tests::{both_backends, expect_problem, Client, TestApp};
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    cycles_of_any_length_are_refused_and_named,
    a_blocked_successor_starts_only_when_free_or_forced,
    predecessors_may_be_other_tasks_the_caller_can_see,
);

struct People {
    owner: Client,
    owner_id: String,
    zhao: Client,
    zhao_id: String,
    xu: Client,
    xu_id: String,
    market: String,
    rnd: String,
}

async fn people(app: &TestApp) -> People {
    let market = app.department("市场部");
    let rnd = app.department("研发部");
    let owner_id = app.user("wangfang", "王芳", Some(&market), Role::DeptHead);
    let zhao_id = app.user("zhaojing", "赵静", Some(&market), Role::Member);
    let xu_id = app.user("xuming", "徐明", Some(&rnd), Role::Member);
    People {
        owner: app.login("wangfang").await,
        zhao: app.login("zhaojing").await,
        xu: app.login("xuming").await,
        owner_id,
        zhao_id,
        xu_id,
        market,
        rnd,
    }
}

/// A published top-level task and subtasks with the given titles and owners.
async fn project(p: &People, subtasks: &[(&str, &str)]) -> (String, Vec<String>) {
    let body = json!({"scenario": "cross_department", "title": "新品发布", "owner_id": p.owner_id,
        "department_ids": [p.market, p.rnd], "due_at": "2030-12-31T00:00:00Z"});
    let root = p.owner.post_json("/api/v1/tasks", &body, 201).await;
    let root_id = root["id"].as_str().unwrap().to_owned();
    p.owner.post_json(&format!("/api/v1/tasks/{root_id}/publish"), &json!({}), 200).await;
    let mut ids = Vec::new();
    for (title, owner) in subtasks {
        let sub = json!({"title": title, "owner_id": owner, "due_at": "2030-12-01T00:00:00Z"});
        let t = p.owner.post_json(&format!("/api/v1/tasks/{root_id}/subtasks"), &sub, 201).await;
        ids.push(t["id"].as_str().unwrap().to_owned());
    }
    (root_id, ids)
}

async fn wait_for(c: &Client, successor: &str, predecessor: &str) -> reqwest::Response {
    c.post(&format!("/api/v1/tasks/{successor}/dependencies"))
        .json(&json!({"predecessor_id": predecessor}))
        .send()
        .await
        .unwrap()
}

async fn cycles_of_any_length_are_refused_and_named(app: TestApp) {
    let p = people(&app).await;
    let owner = p.owner_id.clone();
    let (_, t) = project(&p, &[("调研", &owner), ("设计", &owner), ("开发", &owner), ("发布", &owner)]).await;
    let (a, b, c, d) = (&t[0], &t[1], &t[2], &t[3]);
    // Length 1.
    let body = expect_problem(wait_for(&p.owner, a, a).await, 422, "validation_failed").await;
    assert_eq!(body["errors"]["predecessor_id"][0], "self");
    // Length 2: 设计 waits for 调研, then 调研 would wait for 设计.
    assert_eq!(wait_for(&p.owner, b, a).await.status(), 201);
    let body = expect_problem(wait_for(&p.owner, a, b).await, 409, "dependency_cycle").await;
    assert_eq!(body["allowed"], json!([b, a, b]));
    assert!(body["detail"].as_str().unwrap().contains("设计 → 调研 → 设计"), "{body}");
    // Long: 调研 → 设计 → 开发 → 发布, then 调研 would wait for 发布.
    assert_eq!(wait_for(&p.owner, c, b).await.status(), 201);
    assert_eq!(wait_for(&p.owner, d, c).await.status(), 201);
    let body = expect_problem(wait_for(&p.owner, a, d).await, 409, "dependency_cycle").await;
    assert_eq!(body["allowed"], json!([d, a, b, c, d]));
    assert!(body["detail"].as_str().unwrap().contains("发布 → 调研 → 设计 → 开发 → 发布"), "{body}");
    // A duplicate edge.
    expect_problem(wait_for(&p.owner, b, a).await, 409, "conflict").await;
    // Not a cycle: 发布 may also wait for 调研 directly.
    assert_eq!(wait_for(&p.owner, d, a).await.status(), 201);
    let design = p.owner.get_json(&format!("/api/v1/tasks/{b}")).await;
    assert_eq!(design["predecessors"][0]["task"]["title"], "调研");
    assert_eq!(design["successors"][0]["task"]["title"], "开发");
    // Removing an edge.
    let edge = design["predecessors"][0]["id"].as_str().unwrap();
    assert_eq!(p.owner.delete(&format!("/api/v1/tasks/{b}/dependencies/{edge}")).send().await.unwrap().status(), 204);
    assert_eq!(p.owner.get_json(&format!("/api/v1/tasks/{b}")).await["predecessors"], json!([]));
    expect_problem(
        p.owner.delete(&format!("/api/v1/tasks/{b}/dependencies/{edge}")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
}

async fn a_blocked_successor_starts_only_when_free_or_forced(app: TestApp) {
    let p = people(&app).await;
    let (zhao, xu) = (p.zhao_id.clone(), p.xu_id.clone());
    let (_, t) = project(&p, &[("用户调研", &zhao), ("原型设计", &xu), ("竞品分析", &zhao), ("样机", &xu)]).await;
    let (research, design, rivals, sample) = (&t[0], &t[1], &t[2], &t[3]);
    assert_eq!(wait_for(&p.owner, design, research).await.status(), 201);
    assert_eq!(wait_for(&p.owner, sample, rivals).await.status(), 201);
    let d = p.xu.get_json(&format!("/api/v1/tasks/{design}")).await;
    assert_eq!((d["is_blocked"].as_bool(), d["predecessors"][0]["is_satisfied"].as_bool()), (Some(true), Some(false)));
    let res =
        p.xu.post(&format!("/api/v1/tasks/{design}/progress"))
            .json(&json!({"status": "in_progress"}))
            .send()
            .await
            .unwrap();
    let body = expect_problem(res, 409, "task_blocked").await;
    assert_eq!(body["allowed"], json!([research]));
    app.run_jobs();
    let before: Vec<Value> =
        p.xu.get_json("/api/v1/notifications?kind=task_unblocked").await["items"].as_array().unwrap().clone();
    assert!(before.is_empty());
    // 赵静 finishes the research: 徐明 may start, and is told so once.
    p.zhao.post_json(&format!("/api/v1/tasks/{research}/progress"), &json!({"status": "in_progress"}), 200).await;
    p.zhao.post_json(&format!("/api/v1/tasks/{research}/progress"), &json!({"status": "done"}), 200).await;
    app.run_jobs();
    let told = p.xu.get_json("/api/v1/notifications?kind=task_unblocked").await;
    assert_eq!(told["total"], 1, "{told}");
    assert_eq!(told["items"][0]["title"], "《原型设计》的前置任务已完成，你可以开始了");
    for other in [&p.zhao, &p.owner] {
        assert_eq!(other.get_json("/api/v1/notifications?kind=task_unblocked").await["total"], 0);
    }
    assert_eq!(p.xu.get_json(&format!("/api/v1/tasks/{design}")).await["is_blocked"], false);
    p.xu.post_json(&format!("/api/v1/tasks/{design}/progress"), &json!({"status": "in_progress"}), 200).await;
    // Forced start: 样机 still waits for 竞品分析; its owner starts anyway, with a reason on record.
    let body = json!({"status": "in_progress", "force_reason": "客户催促，先行开工"});
    let forced = p.xu.post_json(&format!("/api/v1/tasks/{sample}/progress"), &body, 200).await;
    assert_eq!(forced["status"], "in_progress");
    let history = p.owner.get_json(&format!("/api/v1/tasks/{sample}/history")).await;
    assert!(
        history["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "forced_start" && e["new_value"] == "客户催促，先行开工"),
        "{history}"
    );
}

async fn predecessors_may_be_other_tasks_the_caller_can_see(app: TestApp) {
    let p = people(&app).await;
    let (_, mine) = project(&p, &[("上线准备", &p.owner_id.clone())]).await;
    // Another visible top-level task of the same company.
    let other = json!({"scenario": "info_sync", "title": "法务审核", "owner_id": p.owner_id, "department_ids": [p.market], "due_at": "2030-11-01T00:00:00Z"});
    let other = p.owner.post_json("/api/v1/tasks", &other, 201).await;
    assert_eq!(wait_for(&p.owner, &mine[0], other["id"].as_str().unwrap()).await.status(), 201);
    // A task the caller cannot see does not exist for them.
    let hidden = json!({"scenario": "info_sync", "title": "保密项目", "owner_id": p.xu_id, "department_ids": [p.rnd], "due_at": "2030-11-01T00:00:00Z"});
    let hidden = p.xu.post_json("/api/v1/tasks", &hidden, 201).await;
    let body =
        expect_problem(wait_for(&p.owner, &mine[0], hidden["id"].as_str().unwrap()).await, 422, "validation_failed")
            .await;
    assert_eq!(body["errors"]["predecessor_id"][0], "not_found");
    // Someone who may not edit the successor cannot add to it.
    let res = wait_for(&p.zhao, &mine[0], other["id"].as_str().unwrap()).await;
    assert!(res.status() == 403 || res.status() == 404, "{}", res.status());
}
