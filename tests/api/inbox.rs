use api_tests::{both_backends, expect_problem, Team, TestApp};
use serde_json::json;
use tandem::domain::Role;

both_backends!(
    acknowledging_a_notification_records_the_first_time_and_reads_it,
    the_inbox_filters_by_task_kind_unread_and_acknowledgement,
);

async fn acknowledging_a_notification_records_the_first_time_and_reads_it(app: TestApp) {
    let market = app.department("市场部");
    let wang_id = app.user("wangfang", "王芳", Some(&market), Role::DeptHead);
    let zhao_id = app.user("zhaojing", "赵静", Some(&market), Role::Member);
    let wang = app.login("wangfang").await;
    let zhao = app.login("zhaojing").await;
    let body = json!({"scenario": "emergency", "title": "客户投诉处理", "owner_id": zhao_id, "department_ids": [market],
        "due_at": "2030-12-31T00:00:00Z"});
    let id = wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    wang.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    app.run_jobs();
    let inbox = zhao.get_json("/api/v1/notifications?kind=task_assigned").await;
    let n = &inbox["items"][0];
    assert_eq!((n["read_at"].clone(), n["acked_at"].clone()), (json!(null), json!(null)));
    let nid = n["id"].as_str().unwrap().to_owned();
    let unread_before = inbox["unread_count"].as_i64().unwrap();

    assert_eq!(zhao.post(&format!("/api/v1/notifications/{nid}/ack")).send().await.unwrap().status(), 204);
    let after = zhao.get_json("/api/v1/notifications?kind=task_assigned").await;
    let acked_at = after["items"][0]["acked_at"].as_str().unwrap().to_owned();
    assert!(after["items"][0]["read_at"].is_string(), "acknowledging reads it: {after}");
    assert_eq!(after["unread_count"].as_i64().unwrap(), unread_before - 1);
    // Again: the first acknowledgement's time stays.
    assert_eq!(zhao.post(&format!("/api/v1/notifications/{nid}/ack")).send().await.unwrap().status(), 204);
    let again = zhao.get_json("/api/v1/notifications?kind=task_assigned").await;
    assert_eq!(again["items"][0]["acked_at"], acked_at);
    // Nobody else acknowledges it for her.
    expect_problem(wang.post(&format!("/api/v1/notifications/{nid}/ack")).send().await.unwrap(), 404, "not_found")
        .await;
    let _ = wang_id;
}

async fn the_inbox_filters_by_task_kind_unread_and_acknowledgement(app: TestApp) {
    let t = Team::new(&app).await;
    let other = json!({"scenario": "info_sync", "title": "周报同步", "owner_id": t.zhao_id,
        "department_ids": [t.market], "due_at": "2030-12-31T00:00:00Z"});
    let other = t.wang.post_json("/api/v1/tasks", &other, 201).await["id"].as_str().unwrap().to_owned();
    t.wang.post_json(&format!("/api/v1/tasks/{other}/publish"), &json!({}), 200).await;
    let mention = json!({"body": "@赵静", "mentions": [{"type": "user", "id": t.zhao_id}]});
    t.wang.post_json(&format!("/api/v1/tasks/{}/comments", t.task), &mention, 201).await;
    app.run_jobs();
    let count = |v: &serde_json::Value| v["items"].as_array().unwrap().len();
    let on_task = t.zhao.get_json(&format!("/api/v1/notifications?task_id={}", t.task)).await;
    assert!(on_task["items"].as_array().unwrap().iter().all(|n| n["task_id"] == t.task.as_str()));
    assert_eq!(on_task["total"].as_i64().unwrap(), i64::try_from(count(&on_task)).unwrap());
    let on_other = t.zhao.get_json(&format!("/api/v1/notifications?task_id={other}")).await;
    assert_eq!(on_other["items"][0]["kind"], "task_assigned");
    let nid = on_other["items"][0]["id"].as_str().unwrap().to_owned();
    t.zhao.post(&format!("/api/v1/notifications/{nid}/ack")).send().await.unwrap();
    let acked = t.zhao.get_json("/api/v1/notifications?acked=true").await;
    assert_eq!(count(&acked), 1);
    assert_eq!(acked["items"][0]["id"], nid.as_str());
    let open = t.zhao.get_json("/api/v1/notifications?acked=false&unread=true&kind=comment_mentioned").await;
    assert_eq!(count(&open), 1);
    assert_eq!(open["items"][0]["task_id"], t.task.as_str());
    let res = t.zhao.get("/api/v1/notifications?task_id=nope").send().await.unwrap();
    let p = expect_problem(res, 422, "validation_failed").await;
    assert!(p["detail"].as_str().unwrap().contains("UUID"), "{p}");
}
