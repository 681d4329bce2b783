use api_tests::{both_backends, expect_problem, TestApp};
use serde_json::json;
use tandem::domain::Role;

both_backends!(acknowledging_a_notification_records_the_first_time_and_reads_it,);

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
