//! Texts the server writes never carry what their reader may not see: titles of confidential
//! tasks in dependency errors and histories, in the weekly-summary draft, or in a department's
//! group robot.

use api_tests::receivers::{HttpReceiver, Received};
use api_tests::{both_backends, both_backends_raw, expect_problem, Backend, Client, Team, TestApp};
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    a_confidential_subtask_is_not_listed_on_its_parent_for_those_who_may_not_see_it,
    dependency_errors_and_histories_do_not_name_tasks_the_reader_cannot_see,
    the_weekly_draft_leaves_out_confidential_tasks_the_head_is_not_named_on,
);
both_backends_raw!(a_confidential_task_is_not_announced_to_department_groups);

const SECRET: &str = "并购谈判方案";

async fn task(c: &Client, t: &Team, title: &str, owner: &str, extra: Value) -> String {
    let mut body = json!({"scenario": "cross_department", "title": title, "owner_id": owner,
        "department_ids": [t.market, t.rnd], "due_at": "2027-03-31T00:00:00Z"});
    if let (Some(b), Value::Object(e)) = (body.as_object_mut(), extra) {
        b.extend(e);
    }
    let id = c.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    c.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    id
}

async fn wait_for(c: &Client, successor: &str, predecessor: &str) -> reqwest::Response {
    c.post(&format!("/api/v1/tasks/{successor}/dependencies"))
        .json(&json!({"predecessor_id": predecessor}))
        .send()
        .await
        .unwrap()
}

async fn dependency_errors_and_histories_do_not_name_tasks_the_reader_cannot_see(app: TestApp) {
    let t = Team::new(&app).await;
    app.user("admin", "管理员", None, Role::Admin);
    let admin = app.login("admin").await;
    // 赵静 owns X and Y; 王芳 owns the confidential P, which 赵静 may not see.
    let x = task(&t.wang, &t, "X 渠道铺货", &t.zhao_id, json!({})).await;
    let y = task(&t.wang, &t, "Y 发布会", &t.zhao_id, json!({})).await;
    let p = task(&t.wang, &t, SECRET, &t.wang_id, json!({"visibility": "confidential"})).await;
    expect_problem(t.zhao.get(&format!("/api/v1/tasks/{p}")).send().await.unwrap(), 404, "not_found").await;
    // P waits for X (its owner 王芳 sees X); Y waits for P (set by an administrator).
    assert_eq!(wait_for(&t.wang, &p, &x).await.status(), 201);
    assert_eq!(wait_for(&admin, &y, &p).await.status(), 201);
    // Y's history names its predecessor only to those who may see it.
    let history = t.zhao.get_json(&format!("/api/v1/tasks/{y}/history")).await.to_string();
    assert!(!history.contains(SECRET), "{history}");
    assert!(history.contains("一项你无权查看的任务"), "{history}");
    assert!(t.wang.get_json(&format!("/api/v1/tasks/{y}/history")).await.to_string().contains(SECRET));
    // The agenda a meeting on Y starts with names the blocker only to who may see it.
    let agenda = t.zhao.get_json(&format!("/api/v1/tasks/{y}/meeting-draft")).await.to_string();
    assert!(!agenda.contains(SECRET) && agenda.contains("等待"), "{agenda}");
    assert!(t.wang.get_json(&format!("/api/v1/tasks/{y}/meeting-draft")).await.to_string().contains(SECRET));
    // Starting Y is refused; the refusal counts P, neither names nor lists it.
    let res = t
        .zhao
        .post(&format!("/api/v1/tasks/{y}/progress"))
        .json(&json!({"status": "in_progress"}))
        .send()
        .await
        .unwrap();
    let blocked = expect_problem(res, 409, "task_blocked").await;
    assert!(!blocked.to_string().contains(SECRET) && !blocked.to_string().contains(&p), "{blocked}");
    assert!(blocked["detail"].as_str().unwrap().contains("1 task(s) you cannot see"), "{blocked}");
    // Forced, the history keeps the reason and hides the predecessor from 赵静 too.
    let body = json!({"status": "in_progress", "force_reason": "客户催促"});
    t.zhao.post_json(&format!("/api/v1/tasks/{y}/progress"), &body, 200).await;
    let history = t.zhao.get_json(&format!("/api/v1/tasks/{y}/history")).await.to_string();
    assert!(!history.contains(SECRET) && history.contains("客户催促"), "{history}");
    // X waiting for Y would close the cycle X → Y → P → X: the refusal does not name P.
    let res = wait_for(&t.zhao, &x, &y).await;
    let cycle = expect_problem(res, 409, "dependency_cycle").await;
    assert!(!cycle.to_string().contains(SECRET) && !cycle.to_string().contains(&p), "{cycle}");
    assert!(cycle["detail"].as_str().unwrap().contains("a task you cannot see"), "{cycle}");
}

async fn the_weekly_draft_leaves_out_confidential_tasks_the_head_is_not_named_on(app: TestApp) {
    let t = Team::new(&app).await;
    app.user("admin", "管理员", None, Role::Admin);
    let admin = app.login("admin").await;
    // Both due next week (the clock is in the week of 23 November 2026).
    let due = json!({"scenario": "info_sync", "due_at": "2026-12-02T09:00:00Z", "department_ids": [t.market]});
    task(&t.wang, &t, "公开的月度复盘", &t.zhao_id, due.clone()).await;
    let mut secret = due;
    secret["visibility"] = json!("confidential");
    task(&admin, &t, SECRET, &t.xu_id, secret).await;
    let week = t.wang.get_json(&format!("/api/v1/departments/{}/weekly-summaries/2026-11-23", t.market)).await;
    let draft = week["draft"].to_string();
    assert!(draft.contains("公开的月度复盘"), "{week}");
    assert!(!draft.contains(SECRET), "{week}");
}

async fn a_confidential_task_is_not_announced_to_department_groups(backend: Backend) {
    let receiver = HttpReceiver::start(|_: &Received| (200, r#"{"errcode":0}"#.into()));
    let app = TestApp::spawn(backend).await;
    let t = Team::new(&app).await;
    let robot = |name: &str, path: &str, scope: Value| {
        let mut b = json!({"name": name, "platform": "dingtalk", "webhook_url": format!("{}{path}", receiver.base)});
        if let (Some(o), Value::Object(s)) = (b.as_object_mut(), scope) {
            o.extend(s);
        }
        b
    };
    t.wang
        .post_json("/api/v1/robots", &robot("市场部群", "/department", json!({"department_id": t.market})), 201)
        .await;
    let p = task(&t.wang, &t, SECRET, &t.wang_id, json!({"visibility": "confidential", "collaborator_ids": [t.xu_id]}))
        .await;
    t.wang.post_json("/api/v1/robots", &robot("项目小组", "/task", json!({"task_id": p})), 201).await;
    let body = json!({"body": "@许强 请看报价", "mentions": [{"type": "user", "id": t.xu_id}]});
    t.wang.post_json(&format!("/api/v1/tasks/{p}/comments"), &body, 201).await;
    app.run_jobs();
    app.deliver().await;
    let got = receiver.received();
    assert!(!got.is_empty(), "the task's own group hears of it");
    assert!(got.iter().all(|r| r.path == "/task"), "{:?}", got.iter().map(|r| &r.path).collect::<Vec<_>>());
    assert!(got.iter().all(|r| !r.path.starts_with("/department")));
}

async fn a_confidential_subtask_is_not_listed_on_its_parent_for_those_who_may_not_see_it(app: TestApp) {
    let t = Team::new(&app).await;
    let sub = json!({"title": SECRET, "owner_id": t.wang_id, "due_at": "2030-06-01T00:00:00Z"});
    let created = t.wang.post_json(&format!("/api/v1/tasks/{}/subtasks", t.task), &sub, 201).await;
    let res = t
        .wang
        .patch(&format!("/api/v1/tasks/{}", created["id"].as_str().unwrap()))
        .header("if-match", format!("\"{}\"", created["version"]))
        .json(&json!({"visibility": "confidential"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let open = json!({"title": "公开子任务", "owner_id": t.zhao_id, "due_at": "2030-06-01T00:00:00Z"});
    t.wang.post_json(&format!("/api/v1/tasks/{}/subtasks", t.task), &open, 201).await;
    let seen = t.zhao.get_json(&format!("/api/v1/tasks/{}", t.task)).await;
    let titles: Vec<&str> = seen["subtasks"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["公开子任务"], "{seen}");
    // Nor counted: the task page and the list count the subtasks the reader sees.
    assert_eq!((seen["subtask_count"].as_i64(), seen["open_subtask_count"].as_i64()), (Some(1), Some(1)), "{seen}");
    let listed = t.zhao.get_json("/api/v1/tasks?limit=100").await;
    let parent = listed["items"].as_array().unwrap().iter().find(|i| i["id"] == t.task.as_str()).cloned();
    let parent = parent.unwrap_or_else(|| panic!("the parent is listed for 赵: {listed}"));
    assert_eq!(parent["subtask_count"].as_i64(), Some(1), "{parent}");
    let owner = t.wang.get_json(&format!("/api/v1/tasks/{}", t.task)).await;
    assert_eq!(owner["subtasks"].as_array().unwrap().len(), 2);
    assert_eq!(owner["subtask_count"].as_i64(), Some(2), "{owner}");
}
