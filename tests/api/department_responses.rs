//! A collaborating department owes an answer (部门响应): its head accepts and names who does its
//! part, or declines with a reason the owner reads; until then the task waits in the heads'
//! 待我处理, the department's members see it in 我协作的, and the acknowledgement clock chases it.

use api_tests::{both_backends, expect_problem, notification_kinds, Client, Team, TestApp};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tandem::domain::reminders::tick;

both_backends!(
    a_collaborating_department_owes_an_answer_until_its_head_accepts_and_names_the_owner,
    a_department_declines_with_a_reason_the_owner_reads_and_an_unanswered_one_is_chased_once,
);

fn responses(task: &str) -> String {
    format!("/api/v1/tasks/{task}/department-responses")
}

async fn answer(c: &Client, task: &str, dept: &str, what: &str, body: &Value) -> reqwest::Response {
    c.post(&format!("{}/{dept}/{what}", responses(task))).json(body).send().await.unwrap()
}

/// The ids of a "my work" view.
async fn my(c: &Client, view: &str) -> Vec<String> {
    let page = c.get_json(&format!("/api/v1/me/tasks?view={view}&limit=100")).await;
    page["items"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect()
}

async fn a_collaborating_department_owes_an_answer_until_its_head_accepts_and_names_the_owner(app: TestApp) {
    let t = Team::new(&app).await;
    // 新品发布会 is 市场部's (initiating) with 研发部: 研发部 owes the answer.
    let list = t.wang.get_json(&responses(&t.task)).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!((items[0]["department_name"].clone(), items[0]["state"].clone()), (json!("研发部"), json!("pending")));
    assert_eq!(items[0]["can_respond"], false, "the owner does not answer for 研发部");
    assert!(items[0]["answer_by"].is_string() && items[0]["late"] == false, "{list}");
    assert_eq!(t.xu.get_json(&responses(&t.task)).await["items"][0]["can_respond"], true);

    // The head finds it in 待我处理; the department's member in 我协作的; others nowhere.
    assert!(my(&t.xu, "to_act").await.contains(&t.task));
    assert!(my(&t.chen, "collaborating").await.contains(&t.task));
    assert!(!my(&t.sun, "to_act").await.contains(&t.task));
    assert!(!my(&t.sun, "collaborating").await.contains(&t.task));

    // Only a head of 研发部 answers for it; a task one cannot see stays invisible.
    let chen_owner = json!({"owner_id": t.chen_id});
    expect_problem(answer(&t.sun, &t.task, &t.rnd, "accept", &chen_owner).await, 404, "not_found").await;
    expect_problem(answer(&t.chen, &t.task, &t.rnd, "accept", &chen_owner).await, 403, "forbidden").await;
    expect_problem(answer(&t.wang, &t.task, &t.rnd, "accept", &chen_owner).await, 403, "forbidden").await;
    // 市场部 is not asked (it runs the task).
    expect_problem(answer(&t.wang, &t.task, &t.market, "accept", &chen_owner).await, 404, "not_found").await;

    // Someone must do the work: a person of the department.
    let body =
        expect_problem(answer(&t.xu, &t.task, &t.rnd, "accept", &json!({})).await, 422, "validation_failed").await;
    assert_eq!(body["errors"]["owner_id"], json!(["required"]));
    let zhao = json!({"owner_id": t.zhao_id});
    let body = expect_problem(answer(&t.xu, &t.task, &t.rnd, "accept", &zhao).await, 422, "validation_failed").await;
    assert_eq!(body["errors"]["owner_id"], json!(["other_department"]));
    let res = answer(&t.xu, &t.task, &t.rnd, "accept", &chen_owner).await;
    assert_eq!(res.status(), 200);
    let after: Value = res.json().await.unwrap();
    let r = &after["items"][0];
    assert_eq!((r["state"].clone(), r["subtask_owner_name"].clone()), (json!("accepted"), json!("陈晨")), "{after}");
    assert_eq!(r["responded_by"]["name"], "许强");
    assert_eq!(r["subtask_title"], "研发部：新品发布会");
    let subtask = r["subtask_id"].as_str().unwrap().to_owned();
    let task = t.wang.get_json(&format!("/api/v1/tasks/{}", t.task)).await;
    assert!(task["subtasks"].as_array().unwrap().iter().any(|s| s["id"] == subtask.as_str()), "{task}");

    // Answered: out of the head's 待我处理; the subtask is in its owner's.
    assert!(!my(&t.xu, "to_act").await.contains(&t.task));
    assert!(my(&t.chen, "to_act").await.contains(&subtask));
    expect_problem(answer(&t.xu, &t.task, &t.rnd, "accept", &chen_owner).await, 409, "conflict").await;
    let why = json!({"reason": "人手不够"});
    expect_problem(answer(&t.xu, &t.task, &t.rnd, "decline", &why).await, 409, "conflict").await;

    app.run_jobs();
    let inbox = t.wang.get_json("/api/v1/notifications?kind=department_accepted").await;
    assert_eq!(inbox["items"][0]["title"], "许强 代表研发部接受了《新品发布会》，由 陈晨 负责", "{inbox}");
}

async fn a_department_declines_with_a_reason_the_owner_reads_and_an_unanswered_one_is_chased_once(app: TestApp) {
    let t = Team::new(&app).await;
    let body = json!({"scenario": "cross_department", "title": "渠道大会", "owner_id": t.wang_id,
        "department_ids": [t.market, t.rnd, t.sales], "due_at": "2030-12-31T00:00:00Z"});
    let task = t.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    assert_eq!(t.wang.get_json(&responses(&task)).await["items"], json!([]), "a draft asks nobody yet");
    t.wang.post_json(&format!("/api/v1/tasks/{task}/publish"), &json!({}), 200).await;
    let list = t.wang.get_json(&responses(&task)).await;
    let names: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|r| r["department_name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "{list}");

    // 孙丽 declines for 销售部: a reason is required, and the owner reads it.
    let blank = json!({"reason": "  "});
    let body = expect_problem(answer(&t.sun, &task, &t.sales, "decline", &blank).await, 422, "validation_failed").await;
    assert_eq!(body["errors"]["reason"], json!(["length"]));
    let res = answer(&t.sun, &task, &t.sales, "decline", &json!({"reason": "本月展会排满，下月可支持"})).await;
    assert_eq!(res.status(), 200);
    let after: Value = res.json().await.unwrap();
    let sales = after["items"].as_array().unwrap().iter().find(|r| r["department_id"] == t.sales.as_str()).unwrap();
    assert_eq!(
        (sales["state"].clone(), sales["reason"].clone()),
        (json!("declined"), json!("本月展会排满，下月可支持"))
    );
    assert_eq!(sales["can_respond"], true, "a department that declined may still accept later");
    app.run_jobs();
    let inbox = t.wang.get_json("/api/v1/notifications?kind=department_declined").await;
    assert_eq!(inbox["items"][0]["title"], "孙丽 代表销售部拒绝了《渠道大会》：本月展会排满，下月可支持");

    // 研发部 has not answered: once its clock runs out, its head and the owner are told, once.
    let rnd = list["items"].as_array().unwrap().iter().find(|r| r["department_id"] == t.rnd.as_str()).unwrap();
    let by: DateTime<Utc> = rnd["answer_by"].as_str().unwrap().parse().unwrap();
    let by = by.naive_utc();
    let minute = chrono::Duration::minutes(1);
    assert_eq!(tick(&app.state_db, by - minute).unwrap().get("department_unanswered"), 0);
    let (a, b) = (app.state_db.clone(), app.state_db.clone());
    let ta = std::thread::spawn(move || tick(&a, by + minute).unwrap().get("department_unanswered"));
    let tb = std::thread::spawn(move || tick(&b, by + minute).unwrap().get("department_unanswered"));
    // 研发部 twice: the team's task and this one; 销售部 answered, so not chased.
    assert_eq!(ta.join().unwrap() + tb.join().unwrap(), 2, "once each, whatever the number of processes");
    assert_eq!(tick(&app.state_db, by + minute * 60).unwrap().get("department_unanswered"), 0, "once");
    app.run_jobs();
    assert!(notification_kinds(&t.xu).await.contains(&"department_unanswered".to_owned()));
    let owner = t.wang.get_json(&format!("/api/v1/notifications?kind=department_unanswered&task_id={task}")).await;
    assert_eq!(owner["items"][0]["title"], "研发部尚未响应《渠道大会》，请尽快接受（并指定负责人）或说明原因拒绝");
    assert!(!notification_kinds(&t.sun).await.contains(&"department_unanswered".to_owned()));

    // A department taken off the task owes nothing more.
    let task_now = t.wang.get_json(&format!("/api/v1/tasks/{task}")).await;
    let res = t
        .wang
        .patch(&format!("/api/v1/tasks/{task}"))
        .header("if-match", format!("\"{}\"", task_now["version"]))
        .json(&json!({"department_ids": [t.market, t.sales]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let left = t.wang.get_json(&responses(&task)).await;
    assert_eq!(left["items"].as_array().unwrap().len(), 1, "{left}");
    assert_eq!(left["items"][0]["department_id"], t.sales.as_str());
    assert!(!my(&t.xu, "to_act").await.contains(&task));
}
