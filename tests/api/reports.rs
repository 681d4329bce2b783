//! Efficiency reports computed on a hand-built dataset with known answers, and who may read them.

use api_tests::approvals::{act, budget_flow, budget_form, ok, save, submitted, world, World};
use api_tests::{both_backends, expect_problem, Team, TestApp};
use calamine::Reader;
use chrono::{Duration, NaiveDateTime};
use serde_json::{json, Value};

use crate::exports::{export, row, workbook};

both_backends!(
    the_efficiency_report_has_the_known_answers_of_a_hand_built_dataset,
    critical_path_tasks_count_for_their_departments,
    approval_cycle_times_per_step_and_approver_department_match_a_hand_built_dataset,
);

/// Subtasks A (研发部, 1–10 Sep) → B (市场部, 11–20 Sep) in a chain, and C (研发部, 1–5 Sep)
/// beside it: A and B are on the critical path, C is not.
async fn critical_path_tasks_count_for_their_departments(app: TestApp) {
    let t = Team::new(&app).await;
    let sub = |title: &str, owner: &str| {
        let body = json!({"title": title, "owner_id": owner, "due_at": "2030-06-30T00:00:00Z"});
        let path = format!("/api/v1/tasks/{}/subtasks", t.task);
        let wang = t.wang.clone();
        async move { wang.post_json(&path, &body, 201).await["id"].as_str().unwrap().to_owned() }
    };
    let a = sub("A 样机", &t.chen_id).await;
    let b = sub("B 发布", &t.wang_id).await;
    let c = sub("C 文档", &t.xu_id).await;
    for (id, start, due) in [
        (&a, "2026-09-01 00:00:00", "2026-09-10 00:00:00"),
        (&b, "2026-09-11 00:00:00", "2026-09-20 00:00:00"),
        (&c, "2026-09-01 00:00:00", "2026-09-05 00:00:00"),
    ] {
        app.sql(&format!("UPDATE tasks SET start_at = '{start}', due_at = '{due}' WHERE id = '{id}'"));
    }
    t.wang.post_json(&format!("/api/v1/tasks/{b}/dependencies"), &json!({"predecessor_id": a}), 201).await;
    let report = t.wang.get_json("/api/v1/reports/efficiency?from=2026-09-01&to=2026-09-30").await;
    assert_eq!(dept(&report, "市场部")["critical_path_tasks"], 1, "{report}");
    let mine = t.xu.get_json("/api/v1/reports/efficiency?from=2026-09-01&to=2026-09-30").await;
    assert_eq!(dept(&mine, "研发部")["critical_path_tasks"], 1, "A, not C: {mine}");
}

/// A task of the team's departments owned by `owner`, with the given times (UTC).
async fn task(
    app: &TestApp,
    t: &Team,
    owner: &str,
    title: &str,
    due: &str,
    completed: Option<&str>,
    confidential: bool,
) -> String {
    let body = json!({"scenario": "cross_department", "title": title, "owner_id": owner,
        "department_ids": [t.market, t.rnd], "due_at": "2030-12-31T00:00:00Z",
        "visibility": if confidential { "confidential" } else { "normal" }});
    let id = t.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    t.wang.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    let (status, done) = match completed {
        Some(at) => ("done", format!("'{at}'")),
        None => ("in_progress", "NULL".to_owned()),
    };
    app.sql(&format!(
        "UPDATE tasks SET due_at = '{due}', start_at = '2026-08-30 00:00:00', published_at = '2026-08-30 00:00:00', \
         status = '{status}', completed_at = {done} WHERE id = '{id}'"
    ));
    id
}

fn dept<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["departments"].as_array().unwrap().iter().find(|d| d["department_name"] == name).unwrap_or(&Value::Null)
}

/// The hand-built September dataset (see the report test for what it holds); returns 研发部's
/// overdue task R1.
pub async fn september(app: &TestApp, t: &Team) -> String {
    // 市场部 (owner 王芳).
    // Due at 2026-09-16 00:00 in Shanghai, completed at 18:00 the day before in Berlin: the same
    // instant, so exactly at the deadline: on time.
    task(app, t, &t.wang_id, "M1 准时", "2026-09-15 16:00:00", Some("2026-09-15 16:00:00"), false).await;
    // A day late.
    let m2 = task(app, t, &t.wang_id, "M2 晚一天", "2026-09-20 00:00:00", Some("2026-09-21 00:00:00"), false).await;
    // Due at 00:30 on 1 October in Shanghai: not in September.
    task(app, t, &t.wang_id, "M3 十月", "2026-09-30 16:30:00", None, false).await;
    // Due at 00:30 on 1 September in Shanghai: in September; 3.5 hours late.
    task(app, t, &t.wang_id, "M4 九月一日", "2026-08-31 16:30:00", Some("2026-08-31 20:00:00"), false).await;
    // 研发部: one open and overdue, one early, one confidential and overdue.
    let r1 = task(app, t, &t.chen_id, "R1 逾期", "2026-09-15 04:00:00", None, false).await;
    let r2 = task(app, t, &t.xu_id, "R2 提前", "2026-09-25 00:00:00", Some("2026-09-24 00:00:00"), false).await;
    task(app, t, &t.xu_id, "R3 保密", "2026-09-12 00:00:00", None, true).await;
    // M2 waited for 研发部's R2 from its planned start (18 Sep) until R2 was done (24 Sep): 144 h.
    t.wang.post_json(&format!("/api/v1/tasks/{m2}/dependencies"), &json!({"predecessor_id": r2}), 201).await;
    app.sql(&format!("UPDATE tasks SET start_at = '2026-09-18 00:00:00' WHERE id = '{m2}'"));
    // 陈晨's acknowledgements: 1.5 h and 2 h, one never; one breach of the 2-hour rule.
    for (i, (created, acked)) in [
        ("2026-09-10 02:00:00", "'2026-09-10 03:30:00'"),
        ("2026-09-11 02:00:00", "'2026-09-11 04:00:00'"),
        ("2026-09-12 02:00:00", "NULL"),
    ]
    .iter()
    .enumerate()
    {
        app.sql(&format!(
            "INSERT INTO notifications (id, user_id, event_id, kind, task_id, actor_id, payload, created_at, read_at, acked_at) \
             VALUES ('{}', '{}', 'report-test-{i}', 'task_assigned', '{r1}', NULL, '{{}}', '{created}', NULL, {acked})",
            uuid::Uuid::now_v7(),
            t.chen_id
        ));
    }
    app.sql(&format!(
        "INSERT INTO reminder_fires (key, rule, task_id, user_id, fired_at) VALUES ('ack:x', 'ack_breach', '{r1}', '{}', '2026-09-12 05:00:00')",
        t.chen_id
    ));
    app.sql(&format!(
        "INSERT INTO reminder_fires (key, rule, task_id, user_id, fired_at) VALUES ('escalate:{r1}', 'escalation', '{r1}', NULL, '2026-09-16 01:00:00')"
    ));
    // Help asked of 研发部: answered in 20 h, and answered after two days (escalated on the way).
    for (created, answered, escalated) in [
        ("2026-09-05 00:00:00", "'2026-09-05 20:00:00'", "NULL"),
        ("2026-09-06 00:00:00", "'2026-09-08 00:00:00'", "'2026-09-07 00:00:00'"),
    ] {
        app.sql(&format!(
            "INSERT INTO help_requests (id, task_id, requester_id, department_id, assignee_id, what, status, answer, answered_by, answered_at, escalated_to, escalated_at, created_at) \
             VALUES ('{}', '{m2}', '{}', '{}', '{}', '需要样机', 'answered', '好', '{}', {answered}, NULL, {escalated}, '{created}')",
            uuid::Uuid::now_v7(),
            t.wang_id,
            t.rnd,
            t.xu_id,
            t.xu_id
        ));
    }
    r1
}

async fn the_efficiency_report_has_the_known_answers_of_a_hand_built_dataset(app: TestApp) {
    let t = Team::new(&app).await;
    app.user("admin", "管理员", None, tandem::domain::Role::Admin);
    let admin = app.login("admin").await;
    september(&app, &t).await;
    let url = "/api/v1/reports/efficiency?from=2026-09-01&to=2026-09-30";
    let report = admin.get_json(url).await;
    assert_eq!(report["time_zone"], "Asia/Shanghai");
    let m = dept(&report, "市场部");
    assert_eq!(
        (m["due"].as_i64(), m["done_on_time"].as_i64(), m["done_late"].as_i64()),
        (Some(3), Some(1), Some(2)),
        "{m}"
    );
    assert_eq!(m["on_time_rate"], json!(0.3333));
    assert_eq!(m["average_delay_hours"], json!(13.75));
    // M3 belongs to October, but it is open and past due today: overdue now.
    assert_eq!(m["overdue_now"], 1, "{m}");
    // Cycle times (from 30 Aug 00:00): M4 44 h, M1 400 h, M2 528 h.
    assert_eq!((m["completed"].as_i64(), m["median_cycle_hours"].as_f64()), (Some(3), Some(400.0)));
    let r = dept(&report, "研发部");
    assert_eq!(
        (r["due"].as_i64(), r["done_on_time"].as_i64(), r["overdue_now"].as_i64()),
        (Some(3), Some(1), Some(2)),
        "{r}"
    );
    assert_eq!(r["on_time_rate"], json!(0.3333));
    assert_eq!(r["average_delay_hours"], Value::Null);
    assert_eq!((r["median_ack_hours"].as_f64(), r["unacknowledged"].as_i64()), (Some(1.75), Some(1)));
    assert_eq!(r["ack_breaches"], 1);
    assert_eq!((r["help_requests"].as_i64(), r["help_answered_within_24h"].as_i64()), (Some(2), Some(1)));
    assert_eq!(r["escalations"], 2, "one overdue escalation and one escalated help request");
    assert_eq!((r["handoff_wait_hours"].as_f64(), r["handoffs_waited"].as_i64()), (Some(144.0), Some(1)));
    assert_eq!(report["totals"]["due"], 6);
    assert_eq!(report["totals"]["on_time_rate"], json!(0.3333));
    let top: Vec<&str> =
        report["overdue_top"].as_array().unwrap().iter().map(|d| d["department_name"].as_str().unwrap()).collect();
    assert_eq!(top, ["研发部", "市场部"]);
    // The dashboard's drill-down lists exactly the tasks an "overdue now" figure counts: by the
    // owner's department, not by the departments a task involves.
    for (id, name) in [(&t.rnd, "研发部"), (&t.market, "市场部")] {
        let list = admin.get_json(&format!("/api/v1/tasks?owner_department_id={id}&overdue=true&limit=100")).await;
        assert_eq!(list["total"], dept(&report, name)["overdue_now"], "{name}: {list}");
    }
    // Weeks: 1 Sep (Tue) then Mondays; the week of 14 Sep has M1, M2 and R1, one on time.
    let weeks = report["weeks"].as_array().unwrap();
    let starts: Vec<&str> = weeks.iter().map(|w| w["week_start"].as_str().unwrap()).collect();
    assert_eq!(starts, ["2026-09-01", "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"]);
    assert_eq!((weeks[0]["due"].as_i64(), weeks[0]["done_on_time"].as_i64()), (Some(1), Some(0)), "M4");
    assert_eq!((weeks[1]["due"].as_i64(), weeks[1]["done_on_time"].as_i64()), (Some(1), Some(0)), "R3");
    assert_eq!((weeks[2]["due"].as_i64(), weeks[2]["done_on_time"].as_i64()), (Some(3), Some(1)), "M1 M2 R1");
    assert_eq!((weeks[3]["due"].as_i64(), weeks[3]["done_on_time"].as_i64()), (Some(1), Some(1)), "R2");

    // The head of 研发部 sees his department only, without the confidential task.
    let mine = t.xu.get_json(url).await;
    assert_eq!(mine["departments"].as_array().unwrap().len(), 1, "{mine}");
    let r = dept(&mine, "研发部");
    assert_eq!((r["due"].as_i64(), r["done_on_time"].as_i64(), r["overdue_now"].as_i64()), (Some(2), Some(1), Some(1)));
    assert_eq!(r["on_time_rate"], json!(0.5));
    let scenario = t.xu.get_json(&format!("{url}&scenario=emergency")).await;
    assert_eq!(dept(&scenario, "研发部")["due"], 0);
    let res = t.xu.get(&format!("{url}&department_id={}", t.market)).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    expect_problem(t.chen.get(url).send().await.unwrap(), 403, "forbidden").await;
    let res = admin.get("/api/v1/reports/efficiency?from=2026-09-30&to=2026-09-01").send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["from"], json!(["after_to"]));
}

/// Sets when an approver's place in a request began to wait and when they decided (UTC).
fn held(app: &TestApp, task: &str, approver: &str, activated: NaiveDateTime, acted: Option<NaiveDateTime>) {
    let acted = acted.map_or("NULL".to_owned(), |t| format!("'{t}'"));
    app.sql(&format!(
        "UPDATE approval_assignments SET activated_at = '{activated}', acted_at = {acted} \
         WHERE task_id = '{task}' AND approver_id = '{approver}'"
    ));
}

fn figures<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|f| f["name"] == name).unwrap_or(&Value::Null)
}

/// (decisions, median hours, average hours, requests waiting, longest wait in hours).
fn cycle(f: &Value) -> (i64, Option<f64>, Option<f64>, i64, Option<f64>) {
    let n = |k: &str| f[k].as_i64().unwrap_or(-1);
    (
        n("decisions"),
        f["median_hours"].as_f64(),
        f["average_hours"].as_f64(),
        n("waiting"),
        f["longest_wait_hours"].as_f64(),
    )
}

async fn approval_cycle_times_per_step_and_approver_department_match_a_hand_built_dataset(app: TestApp) {
    // The clock stands still at its current whole second, so waits "until now" are exact.
    let now = app.now().and_utc().timestamp();
    app.freeze_at(chrono::DateTime::from_timestamp(now, 0).unwrap());
    let now = app.now();
    let w: World = world(&app).await;
    budget_flow(&w).await;
    // Days before the test clock's day in Shanghai, at 09:00 there (01:00 UTC) plus `h` hours.
    // Shanghai keeps UTC+8 all year.
    let today = (now + Duration::hours(8)).date();
    let day = |k: i64, h: i64| (today - Duration::days(k)).and_hms_opt(1, 0, 0).unwrap() + Duration::hours(h);
    let (feng, tian, chen) = (w.feng_id.as_str(), w.tian_id.as_str(), w.chen_id.as_str());

    // A: the 会签 in 2 h (财务部) and 6 h (运营部), the general manager in 24 h.
    let a = submitted(&w, "审批时效A", "90000").await;
    for c in [&w.feng, &w.tian, &w.chen] {
        ok(act(c, &a, "approve", &json!({})).await).await;
    }
    held(&app, &a, feng, day(5, 0), Some(day(5, 2)));
    held(&app, &a, tian, day(5, 0), Some(day(5, 6)));
    held(&app, &a, chen, day(5, 6), Some(day(4, 6)));
    // B: 4 h and 10 h; the general manager has waited 30 h so far.
    let b = submitted(&w, "审批时效B", "90000").await;
    ok(act(&w.feng, &b, "approve", &json!({})).await).await;
    ok(act(&w.tian, &b, "approve", &json!({})).await).await;
    held(&app, &b, feng, day(3, 0), Some(day(3, 4)));
    held(&app, &b, tian, day(3, 0), Some(day(3, 10)));
    held(&app, &b, chen, now - Duration::hours(30), None);
    // C: 财务部 rejects in 1.5 h; 运营部's place is closed without a decision (not counted).
    let c = submitted(&w, "审批时效C", "1000").await;
    ok(act(&w.feng, &c, "reject", &json!({"comment": "超出预算"})).await).await;
    held(&app, &c, feng, day(2, 0), Some(day(2, 0) + Duration::minutes(90)));
    // D: 财务部 decided before the period (not counted); 运营部 has waited 50 h so far.
    let d = submitted(&w, "审批时效D", "1000").await;
    ok(act(&w.feng, &d, "approve", &json!({})).await).await;
    held(&app, &d, feng, day(21, 0), Some(day(20, 0)));
    held(&app, &d, tian, now - Duration::hours(50), None);
    // E: 曹颖's request (财务部, not a department 王芳 heads): 财务部 rejects after 100 h.
    let e = w
        .cao
        .post_json(
            "/api/v1/tasks",
            &json!({"scenario": "resource_request", "title": "审批时效E", "owner_id": w.cao_id,
                "department_ids": [w.finance], "due_at": "2030-12-31T00:00:00Z"}),
            201,
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(save(&w.cao, &e, &budget_form(&w, "1000"), None).await).await;
    ok(act(&w.cao, &e, "submit", &json!({})).await).await;
    ok(act(&w.feng, &e, "reject", &json!({"comment": "不批"})).await).await;
    held(&app, &e, feng, day(7, 0), Some(day(7, 100)));

    let (from, to) = (today - Duration::days(10), today - Duration::days(1));
    let url = format!("/api/v1/reports/efficiency?from={from}&to={to}");
    // 王芳 heads 市场部: the requests of her department only (A–D).
    let report = w.wang.get_json(&url).await;
    let ap = &report["approvals"];
    // All: 1.5, 2, 4, 6, 10, 24 h; B and D wait, D the longest.
    assert_eq!(cycle(&ap["totals"]), (6, Some(5.0), Some(7.92), 2, Some(50.0)), "{ap}");
    assert_eq!(ap["totals"]["name"], "全部");
    let steps: Vec<&str> = ap["steps"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(steps, ["总经理审批", "财务与运营会签"], "slowest first");
    assert_eq!(cycle(figures(&ap["steps"], "财务与运营会签")), (5, Some(4.0), Some(4.7), 1, Some(50.0)));
    assert_eq!(cycle(figures(&ap["steps"], "总经理审批")), (1, Some(24.0), Some(24.0), 1, Some(30.0)));
    let depts: Vec<&str> = ap["departments"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(depts, ["总经办", "运营部", "财务部"], "who holds requests up, slowest first");
    assert_eq!(cycle(figures(&ap["departments"], "财务部")), (3, Some(2.0), Some(2.5), 0, None));
    assert_eq!(figures(&ap["departments"], "财务部")["department_id"], w.finance.as_str());
    assert_eq!(cycle(figures(&ap["departments"], "运营部")), (2, Some(8.0), Some(8.0), 1, Some(50.0)));
    assert_eq!(cycle(figures(&ap["departments"], "总经办")), (1, Some(24.0), Some(24.0), 1, Some(30.0)));

    // The administrator sees every department's requests: E's 100 h too.
    let all = w.admin.get_json(&url).await;
    assert_eq!(cycle(figures(&all["approvals"]["departments"], "财务部")), (4, Some(3.0), Some(26.88), 0, None));
    assert_eq!(all["approvals"]["totals"]["decisions"], 7);
    // A period without decisions still shows who is waited on now.
    let before = w
        .wang
        .get_json(&format!(
            "/api/v1/reports/efficiency?from={}&to={}",
            today - Duration::days(60),
            today - Duration::days(40)
        ))
        .await;
    assert_eq!(cycle(&before["approvals"]["totals"]), (0, None, None, 2, Some(50.0)));

    // The efficiency workbook has the sheet 审批时效.
    let body = json!({"kind": "efficiency_report", "from": from, "to": to});
    let (_, bytes) = export(&app, &w.wang, body).await;
    let mut wb = workbook(&bytes);
    assert!(wb.sheet_names().contains(&"审批时效".to_owned()));
    let sheet = wb.worksheet_range("审批时效").unwrap();
    let header: Vec<String> = sheet.rows().next().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(header[..3], ["分组", "名称", "审批次数"]);
    let total = row(&sheet, "合计");
    assert_eq!(total[1].to_string(), "全部");
    assert_eq!(
        (total[2].to_string(), total[3].to_string(), total[6].to_string()),
        ("6".into(), "5".into(), "50".into())
    );
    let kinds: Vec<(String, String)> = sheet.rows().skip(2).map(|r| (r[0].to_string(), r[1].to_string())).collect();
    assert_eq!(
        kinds,
        [
            ("审批步骤", "总经理审批"),
            ("审批步骤", "财务与运营会签"),
            ("审批人部门", "总经办"),
            ("审批人部门", "运营部"),
            ("审批人部门", "财务部")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
}
