use api_tests::{both_backends, expect_problem, Client, TestApp};
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    cross_department_task_from_publish_to_done,
    illegal_transitions_answer_409_with_the_allowed_statuses,
    bad_task_input_gets_field_errors,
    two_patches_with_the_same_etag_one_wins,
    progress_on_sibling_subtasks_at_once_all_counts,
    list_filters_search_sort_and_pages,
    outsiders_see_nothing_and_participants_cannot_edit,
    a_department_added_later_pulls_its_people_in,
    deleted_tasks_disappear_but_keep_history,
    inbox_lists_marks_read_and_counts_unread,
    templates_ship_with_the_product,
);

/// A company with two departments: 市场部 (head 王芳, member 赵静) and 研发部 (head 杨帆, member 徐明),
/// plus 外人 in 财务部.
struct Company {
    market: String,
    rnd: String,
    wang_id: String,
    zhao_id: String,
    yang_id: String,
    xu_id: String,
    wang: Client,
    zhao: Client,
    yang: Client,
    xu: Client,
    outsider: Client,
}

async fn company(app: &TestApp) -> Company {
    let market = app.department("市场部");
    let rnd = app.department("研发部");
    let finance = app.department("财务部");
    let wang_id = app.user("wangfang", "王芳", Some(&market), Role::DeptHead);
    let zhao_id = app.user("zhaojing", "赵静", Some(&market), Role::Member);
    let yang_id = app.user("yangfan", "杨帆", Some(&rnd), Role::DeptHead);
    let xu_id = app.user("xuming", "徐明", Some(&rnd), Role::Member);
    app.user("outsider", "外人", Some(&finance), Role::Member);
    app.make_head(&market, &wang_id);
    app.make_head(&rnd, &yang_id);
    Company {
        wang: app.login("wangfang").await,
        zhao: app.login("zhaojing").await,
        yang: app.login("yangfan").await,
        xu: app.login("xuming").await,
        outsider: app.login("outsider").await,
        market,
        rnd,
        wang_id,
        zhao_id,
        yang_id,
        xu_id,
    }
}

fn launch(co: &Company) -> Value {
    json!({
        "scenario": "cross_department",
        "template": "cross_department_application",
        "title": "新品发布会",
        "goal": "10月底前完成发布会，到场媒体不少于30家",
        "initiating_department_id": co.market,
        "department_ids": [co.market, co.rnd],
        "owner_id": co.wang_id,
        "priority": "high",
        "start_at": "2030-09-01T00:00:00Z",
        "due_at": "2030-10-31T10:00:00Z",
        "milestones": [{"name": "方案定稿", "due_at": "2030-09-15T10:00:00Z"}],
        "resources": "预算 20 万；研发 2 人",
        "risks": "档期冲突",
    })
}

fn version(v: &Value) -> String {
    format!("\"{}\"", v["version"])
}

async fn cross_department_task_from_publish_to_done(app: TestApp) {
    let co = company(&app).await;
    let task = co.wang.post_json("/api/v1/tasks", &launch(&co), 201).await;
    assert_eq!(
        (task["status"].as_str(), task["template"].as_str()),
        (Some("draft"), Some("cross_department_application"))
    );
    let id = task["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/tasks/{id}");
    // A draft is only its creator's and owner's.
    expect_problem(co.xu.get(&path).send().await.unwrap(), 404, "not_found").await;
    let published = co.wang.post_json(&format!("{path}/publish"), &json!({}), 200).await;
    assert_eq!(published["status"], "published");
    assert!(app.run_jobs() >= 1);
    // Publishing pulled in the people of both departments and told them.
    for member in [&co.zhao, &co.xu, &co.yang] {
        assert_eq!(member.get_json(&path).await["title"], "新品发布会");
        let inbox = member.get_json("/api/v1/notifications").await;
        assert_eq!(inbox["items"][0]["kind"], "task_published", "{inbox}");
        assert_eq!(inbox["items"][0]["title"], "王芳 发布了任务《新品发布会》");
    }
    // The owner splits it: one subtask per department.
    let design = co
        .wang
        .post_json(
            &format!("{path}/subtasks"),
            &json!({"title": "活动方案", "owner_id": co.zhao_id, "due_at": "2030-09-20T10:00:00Z"}),
            201,
        )
        .await;
    // A head of a collaborating department splits within their own department.
    let demo = co
        .yang
        .post_json(
            &format!("{path}/subtasks"),
            &json!({"title": "演示样机", "owner_id": co.xu_id, "due_at": "2030-10-20T10:00:00Z"}),
            201,
        )
        .await;
    assert_eq!(demo["status"], "published", "subtasks of a published task are live");
    assert_eq!(demo["departments"][0]["name"], "研发部");
    let res = co
        .yang
        .post(&format!("{path}/subtasks"))
        .json(&json!({"title": "越权", "owner_id": co.zhao_id, "due_at": "2030-10-20T10:00:00Z"}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 403, "forbidden").await;
    app.run_jobs();
    // 徐明 finds it in 我的工作 and reports progress.
    let todo = co.xu.get_json("/api/v1/me/tasks?view=to_act").await;
    assert_eq!(todo["items"][0]["title"], "演示样机", "{todo}");
    let demo_path = format!("/api/v1/tasks/{}", demo["id"].as_str().unwrap());
    let after =
        co.xu.post_json(&format!("{demo_path}/progress"), &json!({"percent": 60, "note": "样机已完成组装"}), 200).await;
    assert_eq!((after["status"].as_str(), after["percent"].as_i64()), (Some("in_progress"), Some(60)));
    assert_eq!(after["progress"][0]["note"], "样机已完成组装");
    let parent = co.wang.get_json(&path).await;
    assert_eq!(parent["percent"], 30, "the parent rolls up from its subtasks");
    let feed = co.wang.get_json(&format!("{path}/history")).await;
    assert!(
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["summary"].as_str().unwrap().ends_with("徐明 更新了子任务进度，整体进度从 0% 改为 30%")),
        "{feed}"
    );
    let res = co.wang.post(&format!("{path}/progress")).json(&json!({"percent": 10})).send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["percent"][0], "rolls_up");
    // The owner of an assigned subtask works on it but does not delete it.
    let body = expect_problem(co.xu.delete(&demo_path).send().await.unwrap(), 403, "forbidden").await;
    assert!(body["detail"].as_str().unwrap().contains("task above"));
    assert_eq!(parent["subtasks"].as_array().unwrap().len(), 2);
    let history = co.wang.get_json(&format!("{demo_path}/history")).await;
    let lines: Vec<&str> =
        history["items"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap()).collect();
    assert!(lines.iter().any(|l| l.ends_with("研发部 徐明 将进度从 0% 改为 60%")), "{lines:?}");
    assert!(lines.iter().any(|l| l.ends_with("研发部 徐明 将状态从 已发布 改为 进行中")), "{lines:?}");
    // The parent cannot be done while subtasks are open.
    let parent = co.wang.post_json(&format!("{path}/progress"), &json!({"status": "in_progress"}), 200).await;
    let res = co
        .wang
        .patch(&path)
        .header("if-match", version(&parent))
        .json(&json!({"status": "done"}))
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 409, "open_subtasks").await;
    assert_eq!(body["allowed"].as_array().unwrap().len(), 2);
    for (who, sub) in [(&co.xu, &demo), (&co.zhao, &design)] {
        let p = format!("/api/v1/tasks/{}/progress", sub["id"].as_str().unwrap());
        who.post_json(&p, &json!({"status": "in_progress", "percent": 90}), 200).await;
        who.post_json(&p, &json!({"status": "pending_review", "note": "请验收"}), 200).await;
    }
    // Review is the parent owner's: it shows in her to-act list, and she can close the subtasks.
    let review = co.wang.get_json("/api/v1/me/tasks?view=to_act&status=pending_review").await;
    assert_eq!(review["total"], 2, "{review}");
    for sub in [&demo, &design] {
        co.wang
            .post_json(
                &format!("/api/v1/tasks/{}/progress", sub["id"].as_str().unwrap()),
                &json!({"status": "done"}),
                200,
            )
            .await;
    }
    let parent = co.wang.get_json(&path).await;
    assert_eq!(parent["percent"], 100);
    // A top-level task is marked done with its 协作总结, not with a bare status.
    let res = co
        .wang
        .patch(&path)
        .header("if-match", version(&parent))
        .json(&json!({"status": "done"}))
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"]["summary"], json!(["required"]), "{body}");
    let done = co.wang.post_json(&format!("{path}/complete"), &json!({"outcome": "发布会如期举办"}), 200).await;
    assert_eq!(done["status"], "done");
    app.run_jobs();
    let inbox = co.xu.get_json("/api/v1/notifications?kind=task_completed").await;
    assert!(inbox["items"].as_array().unwrap().iter().any(|n| n["title"] == "《新品发布会》已完成"), "{inbox}");
}

async fn illegal_transitions_answer_409_with_the_allowed_statuses(app: TestApp) {
    let co = company(&app).await;
    let task = co.wang.post_json("/api/v1/tasks", &launch(&co), 201).await;
    let path = format!("/api/v1/tasks/{}", task["id"].as_str().unwrap());
    let res =
        co.wang.patch(&path).header("if-match", version(&task)).json(&json!({"status": "done"})).send().await.unwrap();
    let body = expect_problem(res, 409, "invalid_transition").await;
    assert_eq!(body["allowed"], json!(["published", "cancelled"]));
    let res = co.wang.post(&format!("{path}/progress")).json(&json!({"percent": 10})).send().await.unwrap();
    expect_problem(res, 409, "invalid_transition").await;
    let cancelled = co
        .wang
        .patch(&path)
        .header("if-match", version(&task))
        .json(&json!({"status": "cancelled"}))
        .send()
        .await
        .unwrap();
    let cancelled: Value = cancelled.json().await.unwrap();
    assert_eq!(cancelled["allowed_transitions"], json!([]));
    let res = co
        .wang
        .patch(&path)
        .header("if-match", version(&cancelled))
        .json(&json!({"status": "in_progress"}))
        .send()
        .await
        .unwrap();
    assert_eq!(expect_problem(res, 409, "invalid_transition").await["allowed"], json!([]));
}

async fn bad_task_input_gets_field_errors(app: TestApp) {
    let co = company(&app).await;
    let with = |patch: Value| {
        let mut body = launch(&co);
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let cases = [
        (json!({"department_ids": [co.market]}), "department_ids", "min_two"),
        (json!({"due_at": "2030-08-01T00:00:00Z"}), "due_at", "before_start"),
        (json!({"owner_id": uuid::Uuid::now_v7()}), "owner_id", "not_found"),
        (json!({"goal": ""}), "goal", "required"),
        (json!({"milestones": []}), "milestones", "required"),
        (json!({"title": ""}), "title", "length"),
        (json!({"priority": "urgent"}), "priority", "invalid"),
        (json!({"owner_id": null}), "owner_id", "type"),
        (json!({"milestones": [{"name": "", "due_at": "2030-09-15T10:00:00Z"}]}), "milestones[0].name", "length"),
        (json!({"template": "nope"}), "template", "not_found"),
    ];
    for (patch, field, code) in cases {
        let res = co.wang.post("/api/v1/tasks").json(&with(patch.clone())).send().await.unwrap();
        let body = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(body["errors"][field][0], code, "{patch}: {body}");
    }
    let mut missing = launch(&co);
    missing.as_object_mut().unwrap().remove("owner_id");
    let body =
        expect_problem(co.wang.post("/api/v1/tasks").json(&missing).send().await.unwrap(), 422, "validation_failed")
            .await;
    assert_eq!(body["errors"]["owner_id"][0], "required");
    let task = co.wang.post_json("/api/v1/tasks", &launch(&co), 201).await;
    let path = format!("/api/v1/tasks/{}", task["id"].as_str().unwrap());
    let res =
        co.wang.patch(&path).header("if-match", version(&task)).json(&json!({"percent": 150})).send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["percent"][0], "range");
}

async fn two_patches_with_the_same_etag_one_wins(app: TestApp) {
    let co = company(&app).await;
    let task = co.wang.post_json("/api/v1/tasks", &launch(&co), 201).await;
    let path = format!("/api/v1/tasks/{}", task["id"].as_str().unwrap());
    let etag = version(&task);
    let a = co.wang.patch(&path).header("if-match", etag.clone()).json(&json!({"title": "发布会 A"})).send();
    let b = co.wang.patch(&path).header("if-match", etag).json(&json!({"title": "发布会 B"})).send();
    let (a, b) = tokio::join!(a, b);
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412]);
    let now = co.wang.get_json(&path).await;
    assert_eq!(now["version"], 2);
    assert!(["发布会 A", "发布会 B"].contains(&now["title"].as_str().unwrap()));
}

async fn progress_on_sibling_subtasks_at_once_all_counts(app: TestApp) {
    let co = company(&app).await;
    let task = co.wang.post_json("/api/v1/tasks", &launch(&co), 201).await;
    let path = format!("/api/v1/tasks/{}", task["id"].as_str().unwrap());
    co.wang.post_json(&format!("{path}/publish"), &json!({}), 200).await;
    let mut subs = Vec::new();
    for title in ["甲", "乙"] {
        let body = json!({"title": title, "owner_id": co.wang_id, "due_at": "2030-10-01T00:00:00Z"});
        let sub = co.wang.post_json(&format!("{path}/subtasks"), &body, 201).await;
        subs.push(format!("/api/v1/tasks/{}/progress", sub["id"].as_str().unwrap()));
    }
    // Both roll up into the same parent at the same moment: neither may fail, none may be lost.
    for (a, b) in [(10, 30), (40, 80), (55, 95), (20, 60), (70, 90)] {
        let first = co.wang.post(&subs[0]).json(&json!({"percent": a})).send();
        let second = co.wang.post(&subs[1]).json(&json!({"percent": b})).send();
        let (first, second) = tokio::join!(first, second);
        assert_eq!((first.unwrap().status().as_u16(), second.unwrap().status().as_u16()), (200, 200));
        assert_eq!(co.wang.get_json(&path).await["percent"], (a + b) / 2);
    }
}

async fn list_filters_search_sort_and_pages(app: TestApp) {
    let co = company(&app).await;
    let mk = |title: &str, priority: &str, due: &str, scenario: &str| {
        let mut b = launch(&co);
        b["title"] = json!(title);
        b["priority"] = json!(priority);
        b["due_at"] = json!(due);
        b["start_at"] = json!("2020-01-01T00:00:00Z");
        b["scenario"] = json!(scenario);
        b["template"] = Value::Null;
        b
    };
    let specs = [
        ("渠道反馈数据整理", "low", "2030-03-01T00:00:00Z", "info_sync"),
        ("客户投诉处理", "high", "2021-01-01T00:00:00Z", "emergency"),
        ("年度预算申请", "medium", "2030-02-01T00:00:00Z", "resource_request"),
        ("新品发布会", "high", "2030-01-01T00:00:00Z", "cross_department"),
        ("用户调研报告", "medium", "2030-04-01T00:00:00Z", "cross_department"),
    ];
    for (t, p, d, s) in specs {
        let task = co.wang.post_json("/api/v1/tasks", &mk(t, p, d, s), 201).await;
        co.wang.post_json(&format!("/api/v1/tasks/{}/publish", task["id"].as_str().unwrap()), &json!({}), 200).await;
    }
    let titles = |v: &Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap().to_owned()).collect()
    };
    let q = |s: &str| format!("/api/v1/tasks?{s}");
    assert_eq!(titles(&co.zhao.get_json(&q("q=%E6%8A%A5%E5%91%8A")).await), ["用户调研报告"]); // q=报告
    assert_eq!(co.zhao.get_json(&q("priority=high")).await["total"], 2);
    assert_eq!(co.zhao.get_json(&q("scenario=emergency,info_sync")).await["total"], 2);
    assert_eq!(titles(&co.zhao.get_json(&q("overdue=true")).await), ["客户投诉处理"]);
    assert_eq!(co.zhao.get_json(&q(&format!("department_id={}", co.rnd))).await["total"], 5);
    assert_eq!(
        co.zhao.get_json(&q("due_before=2030-02-15T00:00:00Z&due_after=2025-01-01T00:00:00Z")).await["total"],
        2
    );
    assert_eq!(co.zhao.get_json(&q("status=draft")).await["total"], 0);
    let sorted = titles(&co.zhao.get_json(&q("sort=priority&limit=100")).await);
    assert_eq!(&sorted[..2], ["客户投诉处理", "新品发布会"], "high first, then by id");
    // Walk the list by deadline, two at a time.
    let mut seen = Vec::new();
    let mut path = q("sort=due_at&limit=2");
    loop {
        let page = co.zhao.get_json(&path).await;
        seen.extend(titles(&page));
        match page["next_cursor"].as_str() {
            Some(cur) => path = q(&format!("sort=due_at&limit=2&cursor={cur}")),
            None => break,
        }
    }
    assert_eq!(seen, ["客户投诉处理", "新品发布会", "年度预算申请", "渠道反馈数据整理", "用户调研报告"]);
    let res = co.zhao.get(&q("sort=colour")).send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["sort"][0], "invalid");
    let res = co.zhao.get(&q("status=sleeping")).send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["status"][0], "invalid");
}

async fn outsiders_see_nothing_and_participants_cannot_edit(app: TestApp) {
    let co = company(&app).await;
    let task = co.wang.post_json("/api/v1/tasks", &launch(&co), 201).await;
    let path = format!("/api/v1/tasks/{}", task["id"].as_str().unwrap());
    co.wang.post_json(&format!("{path}/publish"), &json!({}), 200).await;
    let task = co.wang.get_json(&path).await;
    expect_problem(co.outsider.get(&path).send().await.unwrap(), 404, "not_found").await;
    expect_problem(co.outsider.get(&format!("{path}/history")).send().await.unwrap(), 404, "not_found").await;
    let res =
        co.outsider.patch(&path).header("if-match", version(&task)).json(&json!({"title": "x"})).send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
    assert_eq!(co.outsider.get_json("/api/v1/tasks").await["total"], 0);
    // A participant sees it, but may not change it: 403 with the reason.
    let res =
        co.zhao.patch(&path).header("if-match", version(&task)).json(&json!({"title": "x"})).send().await.unwrap();
    let body = expect_problem(res, 403, "forbidden").await;
    assert!(body["detail"].as_str().unwrap().contains("owner"));
    expect_problem(co.zhao.delete(&path).send().await.unwrap(), 403, "forbidden").await;
    assert_eq!(co.zhao.get_json(&path).await["capabilities"]["can_edit"], false);
    assert_eq!(co.wang.get_json(&path).await["capabilities"]["can_edit"], true);
    // Company-public tasks are visible to everyone.
    let res = co
        .wang
        .patch(&path)
        .header("if-match", version(&task))
        .json(&json!({"visibility": "public"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(co.outsider.get_json(&path).await["visibility"], "public");
}

async fn a_department_added_later_pulls_its_people_in(app: TestApp) {
    let co = company(&app).await;
    let legal = app.department("法务部");
    app.user("lawyer", "许晴", Some(&legal), Role::Member);
    let lawyer = app.login("lawyer").await;
    let task = co.wang.post_json("/api/v1/tasks", &launch(&co), 201).await;
    let path = format!("/api/v1/tasks/{}", task["id"].as_str().unwrap());
    let task = co.wang.post_json(&format!("{path}/publish"), &json!({}), 200).await;
    expect_problem(lawyer.get(&path).send().await.unwrap(), 404, "not_found").await;
    let res = co
        .wang
        .patch(&path)
        .header("if-match", version(&task))
        .json(&json!({"department_ids": [co.market, co.rnd, legal], "due_at": "2030-11-30T10:00:00Z"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(lawyer.get_json(&path).await["departments"].as_array().unwrap().len(), 3);
    app.run_jobs();
    let inbox = lawyer.get_json("/api/v1/notifications").await;
    assert_eq!(inbox["items"][0]["kind"], "task_due_changed", "{inbox}");
    let history = co.wang.get_json(&format!("{path}/history")).await;
    let fields: Vec<&str> = history["items"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"departments") && fields.contains(&"due_at"), "{fields:?}");
}

async fn deleted_tasks_disappear_but_keep_history(app: TestApp) {
    let co = company(&app).await;
    let task = co.wang.post_json("/api/v1/tasks", &launch(&co), 201).await;
    let path = format!("/api/v1/tasks/{}", task["id"].as_str().unwrap());
    assert_eq!(co.wang.delete(&path).send().await.unwrap().status(), 204);
    expect_problem(co.wang.get(&path).send().await.unwrap(), 404, "not_found").await;
    assert_eq!(co.wang.get_json("/api/v1/tasks").await["total"], 0);
    let kept: i64 = app
        .state_db
        .read_blocking(|c| {
            use diesel::prelude::*;
            use tandem::db::schema::task_history::dsl::*;
            Ok(task_history.count().get_result(c)?)
        })
        .unwrap();
    assert_eq!(kept, 2, "created + deleted");
}

async fn inbox_lists_marks_read_and_counts_unread(app: TestApp) {
    let co = company(&app).await;
    for _ in 0..3 {
        let task = co.wang.post_json("/api/v1/tasks", &launch(&co), 201).await;
        co.wang.post_json(&format!("/api/v1/tasks/{}/publish", task["id"].as_str().unwrap()), &json!({}), 200).await;
    }
    app.run_jobs();
    let inbox = co.xu.get_json("/api/v1/notifications?limit=2").await;
    assert_eq!((inbox["total"].as_i64(), inbox["unread_count"].as_i64()), (Some(3), Some(3)));
    let next = inbox["next_cursor"].as_str().unwrap();
    let rest = co.xu.get_json(&format!("/api/v1/notifications?limit=2&cursor={next}")).await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    let first = inbox["items"][0]["id"].as_str().unwrap();
    assert_eq!(co.xu.post(&format!("/api/v1/notifications/{first}/read")).send().await.unwrap().status(), 204);
    assert_eq!(co.xu.get_json("/api/v1/notifications?unread=true").await["total"], 2);
    // Someone else's notification does not exist for you.
    expect_problem(
        co.zhao.post(&format!("/api/v1/notifications/{first}/read")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_eq!(co.xu.post("/api/v1/notifications/read-all").send().await.unwrap().status(), 204);
    assert_eq!(co.xu.get_json("/api/v1/notifications").await["unread_count"], 0);
    assert_eq!(co.wang.get_json("/api/v1/notifications").await["total"], 0, "nobody is told about their own act");
}

async fn templates_ship_with_the_product(app: TestApp) {
    let co = company(&app).await;
    let list = co.zhao.get_json("/api/v1/templates").await;
    let ids: Vec<&str> = list["items"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["cross_department_application", "progress_tracking", "meeting_minutes"]);
    assert_eq!(list["items"][0]["name_zh"], "跨部门协作任务申请表");
    let _ = (&co.yang_id, &co.zhao_id);
}
