//! The case library (协作案例库), on both databases: marking a top-level task done with its
//! 协作总结 and the figures the platform derives, archiving (by the owner at once, or a week after
//! it was done), the library's visibility and facets, tags, reopening by an administrator, and
//! starting a new task from a case (以此为模板新建). Times follow the test's clock.

use api_tests::approvals::{world, World};
use api_tests::{both_backends, expect_problem, Client, TestApp};
use chrono::{Duration, SecondsFormat};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use tandem::domain::reminders::tick;

both_backends!(
    a_top_level_task_is_marked_done_with_its_summary_and_the_figures_it_earned,
    a_done_task_goes_into_the_library_a_week_later_or_at_once_by_its_owner_and_is_read_only,
    the_library_lists_and_counts_only_the_cases_the_caller_may_see,
    tags_come_from_the_owner_or_a_head_and_suggestions_only_from_visible_cases,
    an_administrator_takes_a_case_out_of_the_library_with_the_reason_on_record,
    a_new_task_from_a_case_has_its_structure_shifted_to_the_new_deadline_and_the_case_stays_as_it_was,
);

fn rfc(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// 王芳's published cross-department task (市场部 with 财务部 and 运营部), due in 30 days, with
/// a subtask for 冯建国 (财务部, due in 10 days) and one for 田野 (运营部, due in 20 days) that
/// waits for it (finish-to-start). Returns (task, finance subtask, ops subtask).
async fn project(app: &TestApp, w: &World, title: &str, extra: Value) -> (String, String, String) {
    let now = app.now();
    let mut body = json!({"scenario": "cross_department", "title": title, "goal": "季度预算审批流程上线",
        "owner_id": w.wang_id, "department_ids": [w.finance, w.ops], "initiating_department_id": w.market,
        "due_at": rfc(now + Duration::days(30))});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let task = id(&w.wang.post_json("/api/v1/tasks", &body, 201).await);
    w.wang.post_json(&format!("/api/v1/tasks/{task}/publish"), &json!({}), 200).await;
    let sub = |title: &str, owner: &str, dept: &str, days: i64| {
        json!({"title": title, "owner_id": owner, "department_ids": [dept],
            "due_at": rfc(now + Duration::days(days))})
    };
    let fin = id(&w
        .wang
        .post_json(&format!("/api/v1/tasks/{task}/subtasks"), &sub("预算测算", &w.feng_id, &w.finance, 10), 201)
        .await);
    let ops = id(&w
        .wang
        .post_json(&format!("/api/v1/tasks/{task}/subtasks"), &sub("流程上线", &w.tian_id, &w.ops, 20), 201)
        .await);
    w.wang
        .post_json(
            &format!("/api/v1/tasks/{ops}/dependencies"),
            &json!({"predecessor_id": fin, "kind": "finish_to_start"}),
            201,
        )
        .await;
    (task, fin, ops)
}

async fn progress(c: &Client, task: &str, status: &str) -> Value {
    c.post_json(&format!("/api/v1/tasks/{task}/progress"), &json!({"status": status}), 200).await
}

/// Finishes both subtasks: 财务部 on day 5 (on time), 运营部 starting on day 8 (a 72-hour wait
/// after 财务部) and done on day 25 (5 days late); the clock stops at day 26.
async fn finish_subtasks(app: &TestApp, w: &World, fin: &str, ops: &str) {
    let start = app.now();
    app.freeze_at((start + Duration::days(5)).and_utc());
    progress(&w.feng, fin, "in_progress").await;
    progress(&w.feng, fin, "done").await;
    app.freeze_at((start + Duration::days(8)).and_utc());
    progress(&w.tian, ops, "in_progress").await;
    app.freeze_at((start + Duration::days(25)).and_utc());
    progress(&w.tian, ops, "done").await;
    app.freeze_at((start + Duration::days(26)).and_utc());
}

async fn complete(c: &Client, task: &str, outcome: &str) -> Value {
    c.post_json(&format!("/api/v1/tasks/{task}/complete"), &json!({"outcome": outcome, "lessons": "提前对齐口径"}), 200)
        .await
}

async fn history_lines(c: &Client, task: &str) -> Vec<String> {
    let h = c.get_json(&format!("/api/v1/tasks/{task}/history?limit=100")).await;
    h["items"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap().to_owned()).collect()
}

async fn a_top_level_task_is_marked_done_with_its_summary_and_the_figures_it_earned(app: TestApp) {
    app.freeze_at(app.now().and_utc());
    let w = world(&app).await;
    let (task, fin, ops) = project(&app, &w, "预算审批流程上线", json!({})).await;
    // While a subtask is open the error names it.
    progress(&w.feng, &fin, "in_progress").await;
    let res =
        w.wang.post(&format!("/api/v1/tasks/{task}/complete")).json(&json!({"outcome": "完成"})).send().await.unwrap();
    let body = expect_problem(res, 409, "open_subtasks").await;
    assert!(body["detail"].as_str().unwrap().contains("预算测算"), "{body}");
    assert_eq!(body["allowed"].as_array().unwrap().len(), 2);
    progress(&w.feng, &fin, "done").await;
    finish_subtasks(&app, &w, &fin, &ops).await;
    // Without an outcome, or through a bare status, it is refused and nothing changes.
    let res =
        w.wang.post(&format!("/api/v1/tasks/{task}/complete")).json(&json!({"outcome": "  "})).send().await.unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"]["outcome"], json!(["required"]), "{body}");
    let t = progress(&w.wang, &task, "in_progress").await;
    let res = w
        .wang
        .patch(&format!("/api/v1/tasks/{task}"))
        .header("if-match", t["version"].to_string())
        .json(&json!({"status": "done"}))
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"]["summary"], json!(["required"]));
    let res = w.wang.get(&format!("/api/v1/tasks/{task}/summary")).send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
    // A subtask has no summary of its own; someone who does not run the task cannot close it.
    let res =
        w.feng.post(&format!("/api/v1/tasks/{fin}/complete")).json(&json!({"outcome": "x"})).send().await.unwrap();
    expect_problem(res, 422, "validation_failed").await;
    let res =
        w.feng.post(&format!("/api/v1/tasks/{task}/complete")).json(&json!({"outcome": "x"})).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;

    let done = complete(&w.wang, &task, "预算审批流程按期上线，审批时长缩短一半").await;
    assert_eq!((done["status"].as_str(), done["percent"].as_i64()), (Some("done"), Some(100)));
    // 冯建国 (财务部) does not see 运营部's subtask: the hand-off that names it is left out for him.
    let feng = w.feng.get_json(&format!("/api/v1/tasks/{task}/summary")).await;
    assert_eq!(feng["figures"]["handoffs"], json!([]));
    let s = w.wang.get_json(&format!("/api/v1/tasks/{task}/summary")).await;
    assert_eq!(s["outcome"], "预算审批流程按期上线，审批时长缩短一半");
    assert_eq!(s["lessons"], "提前对齐口径");
    assert_eq!(s["written_by"]["name"], "王芳");
    let f = &s["figures"];
    // Done on day 26 of 30: four days gained.
    assert_eq!(f["days_late"], json!(-4.0), "{f}");
    let depts: Vec<(String, i64, i64)> = f["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["department"]["name"].as_str().unwrap().to_owned(),
                d["on_time"].as_i64().unwrap(),
                d["late"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(depts, vec![("财务部".to_owned(), 1, 0), ("运营部".to_owned(), 0, 1)]);
    let handoffs = f["handoffs"].as_array().unwrap();
    assert_eq!(handoffs.len(), 1, "{f}");
    assert_eq!(
        (handoffs[0]["from_title"].as_str(), handoffs[0]["to_title"].as_str()),
        (Some("预算测算"), Some("流程上线"))
    );
    assert_eq!(handoffs[0]["wait_hours"], json!(72.0));
    assert_eq!(f["mean_wait_hours"], json!(72.0));
    let lines = history_lines(&w.wang, &task).await;
    assert!(lines.iter().any(|l| l.contains("标记完成并填写了协作总结：预算审批流程按期上线")), "{lines:?}");
}

async fn a_done_task_goes_into_the_library_a_week_later_or_at_once_by_its_owner_and_is_read_only(app: TestApp) {
    app.freeze_at(app.now().and_utc());
    let w = world(&app).await;
    let (task, fin, ops) = project(&app, &w, "季度预算复盘", json!({})).await;
    finish_subtasks(&app, &w, &fin, &ops).await;
    complete(&w.wang, &task, "复盘完成").await;
    let done_at = app.now();
    // Six days later it is still done; at seven it goes into the library by itself.
    tick(&app.state_db, done_at + Duration::days(6)).unwrap();
    assert_eq!(w.wang.get_json(&format!("/api/v1/tasks/{task}")).await["status"], "done");
    tick(&app.state_db, done_at + Duration::days(7)).unwrap();
    let t = w.wang.get_json(&format!("/api/v1/tasks/{task}")).await;
    assert_eq!(t["status"], "archived");
    assert_eq!(w.feng.get_json(&format!("/api/v1/tasks/{fin}")).await["status"], "archived");
    let lines = history_lines(&w.wang, &task).await;
    assert!(lines.iter().any(|l| l.contains("（自动）将任务归档到案例库")), "{lines:?}");
    // A second tick (another process) does nothing more.
    tick(&app.state_db, done_at + Duration::days(8)).unwrap();
    assert_eq!(history_lines(&w.wang, &task).await.len(), lines.len());
    // Read-only: no new files, no progress.
    let form = Form::new().part("file", Part::bytes(b"x".to_vec()).file_name("late.txt"));
    let res = w.wang.post(&format!("/api/v1/tasks/{task}/files")).multipart(form).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let res =
        w.wang.post(&format!("/api/v1/tasks/{task}/progress")).json(&json!({"note": "补充"})).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 403);

    // The owner puts another done task in at once; others may not.
    app.freeze_at((done_at + Duration::days(9)).and_utc());
    let (second, fin, ops) = project(&app, &w, "供应商评估", json!({})).await;
    finish_subtasks(&app, &w, &fin, &ops).await;
    let open = w.wang.post(&format!("/api/v1/tasks/{second}/archive")).json(&json!({})).send().await.unwrap();
    expect_problem(open, 409, "invalid_transition").await;
    complete(&w.wang, &second, "评估完成").await;
    let res = w.feng.post(&format!("/api/v1/tasks/{second}/archive")).json(&json!({})).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    let res = w.wang.post(&format!("/api/v1/tasks/{fin}/archive")).json(&json!({})).send().await.unwrap();
    expect_problem(res, 422, "validation_failed").await;
    let archived = w.wang.post_json(&format!("/api/v1/tasks/{second}/archive"), &json!({}), 200).await;
    assert_eq!(archived["status"], "archived");
    let lines = history_lines(&w.wang, &second).await;
    assert!(lines.iter().any(|l| l.ends_with("王芳 将任务归档到案例库")), "{lines:?}");
    let library = w.wang.get_json("/api/v1/cases").await;
    let titles: Vec<&str> =
        library["items"].as_array().unwrap().iter().map(|c| c["task"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec!["供应商评估", "季度预算复盘"], "newest archived first");
}

/// A finished, archived case of `w.wang`'s with `extra` fields (e.g. visibility).
async fn case(app: &TestApp, w: &World, title: &str, extra: Value) -> String {
    let (task, fin, ops) = project(app, w, title, extra).await;
    finish_subtasks(app, w, &fin, &ops).await;
    complete(&w.wang, &task, &format!("{title}：目标达成")).await;
    w.wang.post_json(&format!("/api/v1/tasks/{task}/archive"), &json!({}), 200).await;
    task
}

async fn the_library_lists_and_counts_only_the_cases_the_caller_may_see(app: TestApp) {
    app.freeze_at(app.now().and_utc());
    let w = world(&app).await;
    let normal = case(&app, &w, "预算流程", json!({})).await;
    let public = case(&app, &w, "公开经验分享", json!({"visibility": "public"})).await;
    let secret = case(&app, &w, "保密并购评估", json!({"visibility": "confidential"})).await;
    w.wang.put(&format!("/api/v1/tasks/{secret}/tags")).json(&json!({"tags": ["并购"]})).send().await.unwrap();
    let titles = |page: &Value| -> Vec<String> {
        let mut t: Vec<String> =
            page["items"].as_array().unwrap().iter().map(|c| c["task"]["title"].as_str().unwrap().to_owned()).collect();
        t.sort();
        t
    };
    // 王芳 runs all three; 张三 (销售部) sees only the public one; 曹颖 (财务部) also the normal one.
    let all = w.wang.get_json("/api/v1/cases").await;
    assert_eq!(all["total"], 3);
    let zhang = w.zhang.get_json("/api/v1/cases").await;
    assert_eq!((zhang["total"].clone(), titles(&zhang)), (json!(1), vec!["公开经验分享".to_owned()]));
    let cao = w.cao.get_json("/api/v1/cases").await;
    assert_eq!(titles(&cao), vec!["公开经验分享".to_owned(), "预算流程".to_owned()]);
    // Facets count only what the caller may see: the confidential case's tag is not even hinted.
    assert!(cao["facets"]["tag"].as_array().unwrap().is_empty(), "{}", cao["facets"]);
    let scen = &cao["facets"]["scenario"][0];
    assert_eq!((scen["value"].as_str(), scen["count"].as_i64()), (Some("cross_department"), Some(2)));
    let res = w.zhang.get(&format!("/api/v1/cases/{secret}")).send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
    // Filters, and each facet counted over the others.
    let late = w.wang.get_json("/api/v1/cases?outcome=late").await;
    assert_eq!(late["total"], 0);
    let on_time = w.wang.get_json("/api/v1/cases?outcome=on_time").await;
    assert_eq!(on_time["total"], 3);
    let tagged = w.wang.get_json("/api/v1/cases?tag=%E5%B9%B6%E8%B4%AD").await;
    assert_eq!(titles(&tagged), vec!["保密并购评估".to_owned()]);
    assert_eq!(tagged["facets"]["tag"][0]["count"], 1);
    let by_dept = w.wang.get_json(&format!("/api/v1/cases?department_id={}", w.finance)).await;
    assert_eq!(by_dept["total"], 3);
    let dept_facet = by_dept["facets"]["department"].as_array().unwrap();
    assert!(dept_facet.iter().any(|d| d["label"] == "运营部" && d["count"] == 3), "{dept_facet:?}");
    // The cases were done weeks apart: the quarter facet adds up, and filtering by one gives its count.
    let quarters = all["facets"]["quarter"].as_array().unwrap();
    assert_eq!(quarters.iter().map(|q| q["count"].as_i64().unwrap()).sum::<i64>(), 3);
    let q0 = &quarters[0];
    let by_quarter = w.wang.get_json(&format!("/api/v1/cases?quarter={}", q0["value"].as_str().unwrap())).await;
    assert_eq!(by_quarter["total"], q0["count"]);
    // Pages follow the cursor.
    let first = w.wang.get_json("/api/v1/cases?limit=2").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["next_cursor"].as_str().unwrap();
    let second = w.wang.get_json(&format!("/api/v1/cases?limit=2&cursor={next}")).await;
    assert_eq!((second["items"].as_array().unwrap().len(), second["next_cursor"].clone()), (1, Value::Null));
    // Bad filters are refused with the field named.
    for (q, field) in
        [("quarter=2026-Q5", "quarter"), ("outcome=soon", "outcome"), ("limit=0", "limit"), ("cursor=%21", "cursor")]
    {
        let res = w.wang.get(&format!("/api/v1/cases?{q}")).send().await.unwrap();
        let body = expect_problem(res, 422, "validation_failed").await;
        assert!(body["errors"][field].is_array(), "{q}: {body}");
    }
    // The case page: summary, timeline, and only what the reader may see.
    let page = w.cao.get_json(&format!("/api/v1/cases/{normal}")).await;
    assert_eq!(page["summary"]["outcome"], "预算流程：目标达成");
    let kinds: Vec<&str> = page["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.first(), Some(&"started"));
    assert_eq!(kinds.last(), Some(&"completed"));
    assert!(kinds.contains(&"subtask"), "{kinds:?}");
    assert_eq!((page["can_tag"].as_bool(), page["can_reopen"].as_bool()), (Some(false), Some(false)));
    let _ = public;
}

async fn tags_come_from_the_owner_or_a_head_and_suggestions_only_from_visible_cases(app: TestApp) {
    app.freeze_at(app.now().and_utc());
    let w = world(&app).await;
    let normal = case(&app, &w, "预算流程", json!({})).await;
    let secret = case(&app, &w, "保密评估", json!({"visibility": "confidential"})).await;
    let set = |c: &Client, task: &str, tags: Value| {
        c.put(&format!("/api/v1/tasks/{task}/tags")).json(&json!({"tags": tags})).send()
    };
    let res = set(&w.wang, &normal, json!([" 预算 ", "预算", "流程优化", ""])).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["tags"], json!(["流程优化", "预算"]));
    // A head of a collaborating department may tag; a member may not.
    let res = set(&w.feng, &normal, json!(["预算", "财务"])).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    expect_problem(set(&w.cao, &normal, json!(["x"])).await.unwrap(), 403, "forbidden").await;
    let long = "标".repeat(31);
    let body = expect_problem(set(&w.wang, &normal, json!([long])).await.unwrap(), 422, "validation_failed").await;
    assert_eq!(body["errors"]["tags"], json!(["too_long"]));
    set(&w.wang, &secret, json!(["预算保密项目"])).await.unwrap();
    let lines = history_lines(&w.wang, &normal).await;
    assert!(lines.iter().any(|l| l.contains("标签")), "{lines:?}");
    let summary = w.wang.get_json(&format!("/api/v1/tasks/{normal}/summary")).await;
    assert_eq!(summary["tags"], json!(["财务", "预算"]));
    // Suggestions: those starting with what was typed first, never a tag only a hidden case has.
    let cao = w.cao.get_json("/api/v1/case-tags?q=%E9%A2%84%E7%AE%97").await;
    let values: Vec<&str> = cao["items"].as_array().unwrap().iter().map(|t| t["value"].as_str().unwrap()).collect();
    assert_eq!(values, vec!["预算"]);
    let wang = w.wang.get_json("/api/v1/case-tags?q=%E9%A2%84%E7%AE%97").await;
    let values: Vec<&str> = wang["items"].as_array().unwrap().iter().map(|t| t["value"].as_str().unwrap()).collect();
    assert_eq!(values, vec!["预算", "预算保密项目"]);
}

async fn an_administrator_takes_a_case_out_of_the_library_with_the_reason_on_record(app: TestApp) {
    app.freeze_at(app.now().and_utc());
    let w = world(&app).await;
    let task = case(&app, &w, "预算流程", json!({})).await;
    let res =
        w.wang.post(&format!("/api/v1/tasks/{task}/reopen")).json(&json!({"reason": "补充材料"})).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    let res = w.admin.post(&format!("/api/v1/tasks/{task}/reopen")).json(&json!({"reason": " "})).send().await.unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["reason"].is_array(), "{body}");
    let reopened =
        w.admin.post_json(&format!("/api/v1/tasks/{task}/reopen"), &json!({"reason": "补充结算材料"}), 200).await;
    assert_eq!(reopened["status"], "done");
    assert_eq!(w.wang.get_json("/api/v1/cases").await["total"], 0);
    let audit = w.admin.get_json("/api/v1/audit-events?kind=case_reopened").await;
    assert_eq!((audit["total"].clone(), audit["items"][0]["subject_id"].clone()), (json!(1), json!(task)));
    let lines = history_lines(&w.wang, &task).await;
    assert!(lines.iter().any(|l| l.contains("将案例移出案例库，原因：补充结算材料")), "{lines:?}");
    // Editable again: the owner adds a file, then puts it back.
    let form = Form::new().part("file", Part::bytes(b"x".to_vec()).file_name("settlement.txt"));
    let res = w.wang.post(&format!("/api/v1/tasks/{task}/files")).multipart(form).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 201);
    w.wang.post_json(&format!("/api/v1/tasks/{task}/archive"), &json!({}), 200).await;
    assert_eq!(w.wang.get_json("/api/v1/cases").await["total"], 1);
}

async fn a_new_task_from_a_case_has_its_structure_shifted_to_the_new_deadline_and_the_case_stays_as_it_was(
    app: TestApp,
) {
    app.freeze_at(app.now().and_utc());
    let w = world(&app).await;
    let start = app.now();
    let (task, fin, ops) = project(
        &app,
        &w,
        "预算流程",
        json!({"milestones": [{"name": "方案评审", "due_at": rfc(start + Duration::days(15))}]}),
    )
    .await;
    let upload = |c: &Client, t: &str, name: &str, access: Option<Value>| {
        let mut form = Form::new().text("description", "模板");
        if let Some(a) = access {
            form = form.text("access", a.to_string());
        }
        let form = form.part("file", Part::bytes(format!("内容 {name}").into_bytes()).file_name(name.to_owned()));
        c.post(&format!("/api/v1/tasks/{t}/files")).multipart(form).send()
    };
    let template: Value = upload(&w.wang, &task, "预算模板.xlsx", None).await.unwrap().json().await.unwrap();
    let private: Value =
        upload(&w.wang, &task, "内部备注.txt", Some(json!({"level": "restricted", "user_ids": [w.wang_id]})))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    finish_subtasks(&app, &w, &fin, &ops).await;
    complete(&w.wang, &task, "达成").await;
    w.wang.post_json(&format!("/api/v1/tasks/{task}/archive"), &json!({}), 200).await;
    let before = w.wang.get_json(&format!("/api/v1/tasks/{task}")).await;

    // 冯建国 may see the case but not the restricted file: asking for it is "not found".
    let due = start + Duration::days(90);
    let res = w
        .feng
        .post(&format!("/api/v1/cases/{task}/reuse"))
        .json(&json!({"due_at": rfc(due), "file_ids": [id(&private)]}))
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"]["file_ids[0]"], json!(["not_found"]), "{body}");
    // 张三 may not see the case at all.
    let res =
        w.zhang.post(&format!("/api/v1/cases/{task}/reuse")).json(&json!({"due_at": rfc(due)})).send().await.unwrap();
    expect_problem(res, 404, "not_found").await;

    let new = w
        .feng
        .post_json(
            &format!("/api/v1/cases/{task}/reuse"),
            &json!({"title": "下季度预算流程", "due_at": rfc(due), "file_ids": [id(&template)]}),
            201,
        )
        .await;
    let new_id = id(&new);
    assert_eq!((new["title"].as_str(), new["status"].as_str()), (Some("下季度预算流程"), Some("draft")));
    assert_eq!(new["owner"]["name"], "冯建国");
    // Every date moved by the same 60 days.
    let shift = Duration::days(60);
    assert_eq!(new["due_at"].as_str().unwrap(), rfc(start + Duration::days(30) + shift));
    assert_eq!(new["milestones"][0]["due_at"].as_str().unwrap(), rfc(start + Duration::days(15) + shift));
    assert_eq!(new["milestones"][0]["done_at"], Value::Null);
    let subs = new["subtasks"].as_array().unwrap();
    let mut got: Vec<(String, String, String)> = subs
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap().to_owned(),
                s["owner"]["name"].as_str().unwrap().to_owned(),
                s["due_at"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("流程上线".to_owned(), "田野".to_owned(), rfc(start + Duration::days(20) + shift)),
            ("预算测算".to_owned(), "冯建国".to_owned(), rfc(start + Duration::days(10) + shift)),
        ]
    );
    assert!(subs.iter().all(|s| s["status"] == "draft"));
    // The dependency between the copies.
    let ops_copy = subs.iter().find(|s| s["title"] == "流程上线").unwrap();
    let page = w.feng.get_json(&format!("/api/v1/tasks/{}", id(ops_copy))).await;
    assert_eq!(page["predecessors"][0]["task"]["title"], "预算测算", "{}", page["predecessors"]);
    // The chosen file, as its first version with the same content.
    let files = w.feng.get_json(&format!("/api/v1/tasks/{new_id}/files")).await;
    let items = files["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{files}");
    assert_eq!(
        (items[0]["name"].as_str(), items[0]["current_version"]["number"].as_i64()),
        (Some("预算模板.xlsx"), Some(1))
    );
    let content =
        w.feng.get(&format!("/api/v1/files/{}/content", id(&items[0]))).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(&content[..], "内容 预算模板.xlsx".as_bytes());
    let lines = history_lines(&w.feng, &new_id).await;
    assert!(lines.iter().any(|l| l.contains("以案例《预算流程》为模板新建了任务")), "{lines:?}");
    // Nothing of the case changed.
    let after = w.wang.get_json(&format!("/api/v1/tasks/{task}")).await;
    assert_eq!(after["version"], before["version"]);
    assert_eq!(after["status"], "archived");
    assert_eq!(w.wang.get_json(&format!("/api/v1/tasks/{task}/files")).await["items"].as_array().unwrap().len(), 2);
}
