//! Who takes part in a task and why, and removing someone: they lose the task, its files shared
//! with them by name, its notifications and its live events; the history says who removed whom.

use std::time::Duration;

use api_tests::{both_backends, expect_problem, Client, EventStream, Team, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    a_removed_collaborator_loses_the_task_its_files_and_its_notifications,
    the_owner_is_not_removed_and_only_whoever_runs_the_task_removes,
    handing_a_confidential_task_over_takes_it_from_the_former_owner_unless_they_created_it,
);

async fn patch_task(c: &Client, task: &str, body: Value) -> Value {
    let path = format!("/api/v1/tasks/{task}");
    let etag = c.get(&path).send().await.unwrap().headers()["etag"].to_str().unwrap().to_owned();
    let res = c.req(Method::PATCH, &path).header("If-Match", etag).json(&body).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn status(c: &Client, path: &str) -> u16 {
    c.get(path).send().await.unwrap().status().as_u16()
}

fn reasons_of(list: &Value, user_id: &str) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["user"]["id"] == user_id)
        .flat_map(|p| p["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_owned()))
        .collect()
}

async fn a_removed_collaborator_loses_the_task_its_files_and_its_notifications(app: TestApp) {
    let t = Team::new(&app).await;
    // 孙丽 (销售部, not a department of the task) is made a collaborator.
    patch_task(&t.wang, &t.task, json!({"collaborator_ids": [t.sun_id]})).await;
    let participants = format!("/api/v1/tasks/{}/participants", t.task);
    let list = t.zhao.get_json(&participants).await;
    assert_eq!(reasons_of(&list, &t.wang_id), ["owner", "creator"], "{list}");
    assert_eq!(reasons_of(&list, &t.sun_id), ["collaborator"], "{list}");
    // A budget shared with her by name, and a comment mentioning her.
    let form = reqwest::multipart::Form::new()
        .text("access", json!({"level": "restricted", "department_ids": [], "user_ids": [t.sun_id]}).to_string())
        .part("file", reqwest::multipart::Part::bytes(&b"budget"[..]).file_name("报价.xlsx"));
    let res = t.wang.post(&format!("/api/v1/tasks/{}/files", t.task)).multipart(form).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let file = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let body = json!({"body": "@孙丽 请确认报价", "mentions": [{"type": "user", "id": t.sun_id}]});
    t.wang.post_json(&format!("/api/v1/tasks/{}/comments", t.task), &body, 201).await;
    app.run_jobs();
    let on_task = format!("/api/v1/notifications?task_id={}", t.task);
    assert!(t.sun.get_json(&on_task).await["total"].as_i64().unwrap() >= 1);
    assert_eq!(status(&t.sun, &format!("/api/v1/files/{file}")).await, 200);
    let (mut events, _) = EventStream::open(&t.sun, None).await;

    let res = t.wang.delete(&format!("{participants}/{}", t.sun_id)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 204);

    // The task, the file and the notifications are gone for her, at once.
    expect_problem(t.sun.get(&format!("/api/v1/tasks/{}", t.task)).send().await.unwrap(), 404, "not_found").await;
    assert_eq!(status(&t.sun, &format!("/api/v1/files/{file}")).await, 404);
    let inbox = t.sun.get_json(&on_task).await;
    assert_eq!(inbox["total"], 0, "{inbox}");
    assert!(t.sun.get_json("/api/v1/notifications").await["items"].as_array().unwrap().is_empty());
    let lost = events.wait_for(Duration::from_secs(5), |e| e.event == "access").await.expect("an access event");
    assert_eq!(lost.data["task_ids"][0], t.task.as_str(), "{}", lost.data);
    // The task no longer names her; the file is shared with nobody by name; the history says
    // who removed whom.
    let task = t.wang.get_json(&format!("/api/v1/tasks/{}", t.task)).await;
    assert_eq!(task["collaborators"], json!([]), "{task}");
    assert!(reasons_of(&t.wang.get_json(&participants).await, &t.sun_id).is_empty());
    let shared = t.wang.get_json(&format!("/api/v1/files/{file}")).await;
    assert_eq!(shared["access"]["people"], json!([]), "{shared}");
    let history = t.zhao.get_json(&format!("/api/v1/tasks/{}/history", t.task)).await.to_string();
    assert!(history.contains("王芳 将 孙丽 移出了任务"), "{history}");
    // Removing her again finds nobody.
    let res = t.wang.delete(&format!("{participants}/{}", t.sun_id)).send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
}

async fn the_owner_is_not_removed_and_only_whoever_runs_the_task_removes(app: TestApp) {
    let t = Team::new(&app).await;
    app.user("admin", "管理员", None, Role::Admin);
    let admin = app.login("admin").await;
    patch_task(&t.wang, &t.task, json!({"collaborator_ids": [t.chen_id]})).await;
    let participants = format!("/api/v1/tasks/{}/participants", t.task);
    // A head of a collaborating department does not run the task.
    let res = t.xu.delete(&format!("{participants}/{}", t.chen_id)).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    // Nobody removes the owner: hand the task over first.
    let res = admin.delete(&format!("{participants}/{}", t.wang_id)).send().await.unwrap();
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"]["user_id"][0], "owner", "{problem}");
    // An administrator removes a collaborator; 陈晨 still sees the task through 研发部.
    let res = admin.delete(&format!("{participants}/{}", t.chen_id)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 204);
    assert_eq!(status(&t.chen, &format!("/api/v1/tasks/{}", t.task)).await, 200);
    assert!(reasons_of(&t.chen.get_json(&participants).await, &t.chen_id).is_empty());
}

async fn handing_a_confidential_task_over_takes_it_from_the_former_owner_unless_they_created_it(app: TestApp) {
    let t = Team::new(&app).await;
    app.user("admin", "管理员", None, Role::Admin);
    let admin = app.login("admin").await;
    let confidential = |owner: &str| {
        json!({"scenario": "cross_department", "title": "并购谈判", "owner_id": owner, "visibility": "confidential",
            "department_ids": [t.market, t.rnd], "due_at": "2030-12-31T00:00:00Z"})
    };
    // An administrator's task for 赵静, handed over to 陈晨: 赵静 loses it and its notifications.
    let by_admin =
        admin.post_json("/api/v1/tasks", &confidential(&t.zhao_id), 201).await["id"].as_str().unwrap().to_owned();
    admin.post_json(&format!("/api/v1/tasks/{by_admin}/publish"), &json!({}), 200).await;
    app.run_jobs();
    let on_task = format!("/api/v1/notifications?task_id={by_admin}");
    assert!(t.zhao.get_json(&on_task).await["total"].as_i64().unwrap() >= 1);
    patch_task(&admin, &by_admin, json!({"owner_id": t.chen_id})).await;
    assert_eq!(status(&t.zhao, &format!("/api/v1/tasks/{by_admin}")).await, 404);
    assert_eq!(t.zhao.get_json(&on_task).await["total"], 0);
    assert_eq!(status(&t.chen, &format!("/api/v1/tasks/{by_admin}")).await, 200);
    // 王芳's own task, handed over to 许强: she created it and keeps it.
    let by_wang =
        t.wang.post_json("/api/v1/tasks", &confidential(&t.wang_id), 201).await["id"].as_str().unwrap().to_owned();
    patch_task(&t.wang, &by_wang, json!({"owner_id": t.xu_id})).await;
    assert_eq!(status(&t.wang, &format!("/api/v1/tasks/{by_wang}")).await, 200);
    let list = t.wang.get_json(&format!("/api/v1/tasks/{by_wang}/participants")).await;
    assert_eq!(reasons_of(&list, &t.wang_id), ["creator"], "{list}");
    assert_eq!(reasons_of(&list, &t.xu_id), ["owner"], "{list}");
}
