//! The reminder engine on a simulated clock: each rule fires at the right moment of the working
//! calendar (Asia/Shanghai, holidays and 调休), once, even when two processes tick at once.

use api_tests::{both_backends, expect_problem, notification_kinds, Client, Team, TestApp};
use chrono::NaiveDateTime;
use serde_json::{json, Value};
use tandem::db::reminders::{self as store, Deadlines, Side};
use tandem::domain::reminders::{tick, Fired};

both_backends!(
    milestones_are_reminded_once_before_and_once_a_day_after_their_due_time,
    the_tick_works_through_more_overdue_tasks_than_a_page_and_the_database_skips_what_fired,
    an_unacknowledged_reminder_repeats_after_two_working_hours_once_even_with_two_processes,
    an_emergency_without_response_escalates_to_the_supervisor_after_24_hours_with_a_countdown,
    due_soon_fires_once_and_overdue_once_per_working_day,
    a_help_request_escalates_after_24_working_hours_and_both_sides_see_it,
    weekly_summaries_are_asked_on_friday_at_17_and_chased_on_monday,
    the_weekly_draft_calls_a_task_overdue_only_once_its_deadline_has_passed,
);

/// A UTC time as stored.
fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn run(app: &TestApp, when: &str) -> Fired {
    let now = at(when);
    tick(&app.state_db, now).unwrap()
}

/// A task 王芳 gives 赵静, published.
async fn give_zhao(t: &Team, title: &str, extra: Value) -> String {
    let mut body = json!({"scenario": "cross_department", "title": title, "owner_id": t.zhao_id,
        "department_ids": [t.market, t.rnd], "due_at": "2030-12-31T00:00:00Z"});
    if let (Some(b), Value::Object(e)) = (body.as_object_mut(), extra) {
        b.extend(e);
    }
    let id = t.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    t.wang.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    id
}

async fn an_unacknowledged_reminder_repeats_after_two_working_hours_once_even_with_two_processes(app: TestApp) {
    let t = Team::new(&app).await;
    let task = give_zhao(&t, "整理客户名单", json!({})).await;
    app.run_jobs();
    // Assigned on Friday 27 Nov 2026 at 16:30 Shanghai (08:30 UTC).
    app.sql(&format!("UPDATE notifications SET created_at = '2026-11-27 08:30:00' WHERE task_id = '{task}'"));
    // 1.5 working hours are left on Friday, the weekend does not count: due Monday 09:30 local.
    for when in ["2026-11-27 10:00", "2026-11-28 12:00", "2026-11-30 01:29"] {
        assert_eq!(run(&app, when).get("ack_breach"), 0, "{when}");
    }
    // Two processes tick at the same moment: the reminder fires once.
    let (a, b) = (app.state_db.clone(), app.state_db.clone());
    let now = at("2026-11-30 01:31");
    let ta = std::thread::spawn(move || tick(&a, now).unwrap().get("ack_breach"));
    let tb = std::thread::spawn(move || tick(&b, now).unwrap().get("ack_breach"));
    assert_eq!(ta.join().unwrap() + tb.join().unwrap(), 1);
    assert_eq!(run(&app, "2026-11-30 03:00").get("ack_breach"), 0, "once");
    app.run_jobs();
    let kinds = notification_kinds(&t.zhao).await;
    assert_eq!(kinds.iter().filter(|k| *k == "reminder_unacknowledged").count(), 1, "{kinds:?}");
    // An acknowledged notification is not chased.
    let task2 = give_zhao(&t, "复核合同", json!({})).await;
    app.run_jobs();
    app.sql(&format!("UPDATE notifications SET created_at = '2026-11-30 01:00:00' WHERE task_id = '{task2}'"));
    let inbox = t.zhao.get_json(&format!("/api/v1/notifications?task_id={task2}")).await;
    let nid = inbox["items"][0]["id"].as_str().unwrap();
    t.zhao.post(&format!("/api/v1/notifications/{nid}/ack")).send().await.unwrap();
    // (The heads' weekly-summary requests of Friday do breach by now: they were not confirmed.)
    run(&app, "2026-11-30 09:00");
    app.run_jobs();
    let kinds = notification_kinds(&t.zhao).await;
    assert_eq!(kinds.iter().filter(|k| *k == "reminder_unacknowledged").count(), 1, "{kinds:?}");
}

async fn an_emergency_without_response_escalates_to_the_supervisor_after_24_hours_with_a_countdown(app: TestApp) {
    let t = Team::new(&app).await;
    // 赵静's supervisor is 许强 (head of 研发部, not on her task).
    app.sql(&format!("UPDATE users SET supervisor_id = '{}' WHERE id = '{}'", t.xu_id, t.zhao_id));
    let task = give_zhao(&t, "客户投诉：订单延迟", json!({"scenario": "emergency"})).await;
    let answered = give_zhao(&t, "客户投诉：发票错误", json!({"scenario": "emergency"})).await;
    app.run_jobs();
    // Published Thursday 26 Nov 2026 10:00 Shanghai (02:00 UTC).
    app.sql(&format!("UPDATE tasks SET published_at = '2026-11-26 02:00:00' WHERE id IN ('{task}', '{answered}')"));
    let inbox = t.zhao.get_json(&format!("/api/v1/notifications?task_id={answered}")).await;
    t.zhao
        .post(&format!("/api/v1/notifications/{}/ack", inbox["items"][0]["id"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    let shown = t.zhao.get_json(&format!("/api/v1/tasks/{task}")).await;
    assert_eq!(shown["escalation_due_at"], "2026-11-27T02:00:00Z", "24 calendar hours: the countdown");
    assert_eq!(t.zhao.get_json(&format!("/api/v1/tasks/{answered}")).await["escalation_due_at"], Value::Null);

    let before = run(&app, "2026-11-27 01:59");
    assert_eq!(before.get("escalation"), 0);
    assert_eq!(before.get("strong"), 1, "a strong reminder to whoever has not acknowledged");
    assert_eq!(run(&app, "2026-11-27 02:01").get("escalation"), 1);
    assert_eq!(run(&app, "2026-11-27 05:00").get("escalation"), 0, "once");
    // The ledger's key as SQL builds it: the escalated task is no longer even read (the other
    // one, answered, stays a candidate while it waits in `published`).
    let left =
        app.state_db.read_blocking(|c| store::unescalated_emergencies(c, at("2026-11-27 05:00"), &None)).unwrap();
    assert_eq!(left.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), vec![answered.clone()]);
    app.run_jobs();
    assert!(notification_kinds(&t.xu).await.contains(&"task_escalated".to_owned()));
    assert!(notification_kinds(&t.zhao).await.contains(&"reminder_strong".to_owned()));
    // The supervisor now sees the task, escalated.
    let seen = t.xu.get_json(&format!("/api/v1/tasks/{task}")).await;
    assert!(seen["escalated_at"].is_string() && seen["escalation_due_at"].is_null(), "{seen}");
}

async fn due_soon_fires_once_and_overdue_once_per_working_day(app: TestApp) {
    let t = Team::new(&app).await;
    give_zhao(&t, "提交报价", json!({"due_at": "2026-12-10T10:00:00Z"})).await;
    assert_eq!(run(&app, "2026-12-09 09:00").get("due_soon"), 0, "25 hours before");
    assert_eq!(run(&app, "2026-12-09 11:00").get("due_soon"), 1, "23 hours before");
    assert_eq!(run(&app, "2026-12-09 12:00").get("due_soon"), 0, "once");
    assert_eq!(run(&app, "2026-12-10 11:00").get("overdue"), 1);
    assert_eq!(run(&app, "2026-12-10 13:00").get("overdue"), 0, "once a day");
    assert_eq!(run(&app, "2026-12-11 00:30").get("overdue"), 0, "not before the working day (08:30 local)");
    assert_eq!(run(&app, "2026-12-11 02:00").get("overdue"), 1, "the next day");
    app.run_jobs();
    let kinds = notification_kinds(&t.zhao).await;
    assert!(kinds.contains(&"reminder_due_soon".to_owned()) && kinds.contains(&"reminder_overdue".to_owned()));
    let inbox = t.zhao.get_json("/api/v1/notifications?kind=reminder_due_soon").await;
    assert_eq!(inbox["items"][0]["title"], "《提交报价》将于 12月10日 18:00 到期");
}

/// How many deadline candidates the database still returns on `side`.
fn unreminded(app: &TestApp, what: Deadlines, side: Side) -> usize {
    app.state_db.read_blocking(move |c| store::unreminded_deadlines(c, what, &side, &None)).unwrap().len()
}

async fn milestones_are_reminded_once_before_and_once_a_day_after_their_due_time(app: TestApp) {
    let t = Team::new(&app).await;
    let milestones = json!([{"name": "方案定稿", "due_at": "2026-12-10T10:00:00Z"}]);
    give_zhao(&t, "新品发布", json!({"due_at": "2026-12-31T10:00:00Z", "milestones": milestones})).await;
    assert_eq!(run(&app, "2026-12-09 09:00").get("milestone_due_soon"), 0, "25 hours before");
    let soon = run(&app, "2026-12-09 11:00");
    assert_eq!((soon.get("milestone_due_soon"), soon.get("due_soon")), (1, 0), "the milestone, not the task");
    assert_eq!(run(&app, "2026-12-09 12:00").get("milestone_due_soon"), 0, "once");
    let (now, until) = (at("2026-12-09 12:00"), at("2026-12-10 12:00"));
    assert_eq!(unreminded(&app, Deadlines::Milestones, Side::Soon { now, until }), 0, "skipped in SQL");
    assert_eq!(run(&app, "2026-12-10 11:00").get("milestone_overdue"), 1);
    assert_eq!(run(&app, "2026-12-10 13:00").get("milestone_overdue"), 0, "once a day");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    assert_eq!(unreminded(&app, Deadlines::Milestones, Side::Late { now: at("2026-12-10 13:00"), day }), 0);
    assert_eq!(run(&app, "2026-12-11 02:00").get("milestone_overdue"), 1, "the next day");
    app.run_jobs();
    let inbox = t.zhao.get_json("/api/v1/notifications?kind=milestone_overdue").await;
    assert_eq!(inbox["total"], 2, "{inbox}");
    assert!(notification_kinds(&t.zhao).await.contains(&"milestone_due_soon".to_owned()));
}

async fn the_tick_works_through_more_overdue_tasks_than_a_page_and_the_database_skips_what_fired(app: TestApp) {
    let t = Team::new(&app).await;
    // Due Thursday 10 Dec 2026 09:00 Shanghai (01:00 UTC); the assignment notice is out of the way.
    let task = give_zhao(&t, "整理渠道数据", json!({"due_at": "2026-12-10T01:00:00Z"})).await;
    app.run_jobs();
    app.sql("UPDATE notifications SET acked_at = created_at");
    // 700 more like it, so the overdue reminders span two pages.
    let copies = 700;
    let columns = "parent_id, depth, scenario, template, title, goal, search_key, initiating_department_id, \
                   owner_id, created_by, priority, priority_rank, status, percent, start_at, due_at, resources, risks, \
                   visibility, review_rounds, published_at, completed_at, deleted_at, created_at, updated_at, version";
    app.sql(&format!(
        "INSERT INTO tasks (id, root_id, {columns}) \
         SELECT 'copy-' || CAST(n.i AS TEXT), 'copy-' || CAST(n.i AS TEXT), {columns} FROM tasks, \
         (WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {copies}) SELECT i FROM k) AS n \
         WHERE tasks.id = '{task}'"
    ));
    assert_eq!(run(&app, "2026-12-10 02:00").get("overdue"), copies + 1);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    assert_eq!(
        unreminded(&app, Deadlines::Tasks, Side::Late { now: at("2026-12-10 03:00"), day }),
        0,
        "skipped in SQL"
    );
    assert_eq!(run(&app, "2026-12-10 03:00").get("overdue"), 0, "once a day");
    app.run_jobs();
    // Nobody acknowledges them: two working hours later each one is chased, once.
    assert_eq!(run(&app, "2026-12-10 03:59").get("ack_breach"), 0);
    assert_eq!(run(&app, "2026-12-10 04:01").get("ack_breach"), copies + 1);
    let acks = app
        .state_db
        .read_blocking(|c| store::unbreached_acks(c, at("2026-11-10 00:00"), at("2026-12-10 04:01"), &None))
        .unwrap();
    assert!(acks.is_empty(), "skipped in SQL: {acks:?}");
    assert_eq!(run(&app, "2026-12-10 05:00").get("ack_breach"), 0);
}

async fn answer(c: &Client, id: &str, text: &str) -> reqwest::Response {
    c.post(&format!("/api/v1/help-requests/{id}/answer")).json(&json!({"answer": text})).send().await.unwrap()
}

async fn a_help_request_escalates_after_24_working_hours_and_both_sides_see_it(app: TestApp) {
    let t = Team::new(&app).await;
    let boss = app.user("boss", "钱总", Some(&t.market), tandem::domain::Role::Member);
    app.sql(&format!("UPDATE users SET supervisor_id = '{boss}' WHERE id = '{}'", t.xu_id));
    // 王芳 asks 研发部 (its head 许强) for help.
    let body = json!({"task_id": t.task, "department_id": t.rnd, "what": "需要两位工程师支持演示"});
    let h = t.wang.post_json("/api/v1/help-requests", &body, 201).await;
    assert_eq!((h["assignee"]["name"].clone(), h["status"].clone()), (json!("许强"), json!("open")));
    let id = h["id"].as_str().unwrap().to_owned();
    // Sent Thursday 26 Nov 10:00 local: 24 working hours end Monday 30 Nov 16:00 local (08:00 UTC).
    app.sql(&format!("UPDATE help_requests SET created_at = '2026-11-26 02:00:00' WHERE id = '{id}'"));
    let mine = t.xu.get_json("/api/v1/help-requests?box=received").await;
    assert_eq!(mine["items"][0]["escalates_at"], "2026-11-30T08:00:00Z", "the countdown uses the working calendar");
    assert_eq!(run(&app, "2026-11-30 07:59").get("help_escalation"), 0);
    assert_eq!(run(&app, "2026-11-30 08:01").get("help_escalation"), 1);
    assert_eq!(run(&app, "2026-11-30 09:00").get("help_escalation"), 0, "once");
    let sent = t.wang.get_json("/api/v1/help-requests?box=sent").await;
    assert_eq!(
        (sent["items"][0]["status"].clone(), sent["items"][0]["escalated_to"]["name"].clone()),
        (json!("escalated"), json!("钱总"))
    );
    // Outsiders neither see nor answer it.
    assert_eq!(t.sun.get_json("/api/v1/help-requests").await["items"], json!([]));
    expect_problem(answer(&t.sun, &id, "我来").await, 404, "not_found").await;
    expect_problem(answer(&t.wang, &id, "自问自答").await, 403, "forbidden").await;
    let boss_client = app.login("boss").await;
    let received = boss_client.get_json("/api/v1/help-requests?box=received").await;
    assert_eq!(received["items"][0]["id"], id.as_str());
    let res = answer(&boss_client, &id, "已安排陈晨和另一位同事").await;
    assert_eq!(res.status(), 200);
    app.run_jobs();
    assert!(notification_kinds(&t.wang).await.contains(&"help_answered".to_owned()));
    assert!(notification_kinds(&t.xu).await.contains(&"help_escalated".to_owned()));
    let mine = t.wang.get_json("/api/v1/help-requests").await;
    assert_eq!(mine["items"][0]["status"], "answered");
    expect_problem(answer(&boss_client, &id, "again").await, 409, "conflict").await;
}

async fn the_weekly_draft_calls_a_task_overdue_only_once_its_deadline_has_passed(app: TestApp) {
    let t = Team::new(&app).await;
    // The server's clock: Monday 23 Nov 2026, 09:00 Shanghai (TEST_EPOCH).
    give_zhao(&t, "早会纪要", json!({"start_at": "2026-11-22T00:00:00Z", "due_at": "2026-11-23T00:30:00Z"})).await;
    give_zhao(&t, "周三交样稿", json!({"due_at": "2026-11-25T09:00:00Z"})).await;
    give_zhao(&t, "下周复盘", json!({"due_at": "2026-12-02T09:00:00Z"})).await;
    let week = t.wang.get_json(&format!("/api/v1/departments/{}/weekly-summaries/2026-11-23", t.market)).await;
    let problems = week["draft"]["problems"].as_str().unwrap();
    let next = week["draft"]["next_week"].as_str().unwrap();
    assert!(problems.contains("早会纪要：已逾期"), "due at 08:30 today: overdue at 09:00\n{week}");
    assert!(!problems.contains("周三交样稿"), "due on Wednesday is not overdue on Monday\n{week}");
    assert!(next.contains("周三交样稿") && next.contains("下周复盘"), "{week}");
    // A week later the Wednesday task (still open) is a problem of that past week.
    app.freeze_at(chrono::DateTime::parse_from_rfc3339("2026-11-30T02:00:00Z").unwrap().to_utc());
    let week = t.wang.get_json(&format!("/api/v1/departments/{}/weekly-summaries/2026-11-23", t.market)).await;
    assert!(week["draft"]["problems"].as_str().unwrap().contains("周三交样稿：已逾期"), "{week}");
    // The draft is written in its reader's language.
    app.sql(&format!("UPDATE users SET locale = 'en' WHERE id = '{}'", t.wang_id));
    let week = t.wang.get_json(&format!("/api/v1/departments/{}/weekly-summaries/2026-11-23", t.market)).await;
    assert!(week["draft"]["problems"].as_str().unwrap().contains("- 周三交样稿: overdue (due 11-25)"), "{week}");
    assert!(week["draft"]["next_week"].as_str().unwrap().contains("- 下周复盘 (due 12-02)"), "{week}");
}

async fn weekly_summaries_are_asked_on_friday_at_17_and_chased_on_monday(app: TestApp) {
    let t = Team::new(&app).await;
    give_zhao(&t, "准备月度复盘", json!({"due_at": "2026-12-02T09:00:00Z"})).await;
    // Friday 27 Nov 2026, 16:59 and 17:01 Shanghai.
    assert_eq!(run(&app, "2026-11-27 08:59").get("weekly_summary"), 0);
    assert_eq!(run(&app, "2026-11-27 09:01").get("weekly_summary"), 3, "the heads of 市场部, 研发部, 销售部");
    assert_eq!(run(&app, "2026-11-27 12:00").get("weekly_summary"), 0, "once");
    app.run_jobs();
    assert!(notification_kinds(&t.wang).await.contains(&"weekly_summary_due".to_owned()));
    // The draft is prefilled from the department's week.
    let week = t.wang.get_json(&format!("/api/v1/departments/{}/weekly-summaries/2026-11-23", t.market)).await;
    assert_eq!(week["summary"], Value::Null);
    assert!(week["draft"]["next_week"].as_str().unwrap().contains("准备月度复盘"), "{week}");
    let path = format!("/api/v1/departments/{}/weekly-summaries/2026-11-23", t.market);
    let body = json!({"done": "方案定稿", "problems": "样机延期", "next_week": week["draft"]["next_week"]});
    let res = t.zhao.req(reqwest::Method::PUT, &path).json(&body).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    let res = t.wang.req(reqwest::Method::PUT, &path).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = t.wang.req(reqwest::Method::PUT, &format!("{path}x")).json(&body).send().await.unwrap();
    expect_problem(res, 422, "validation_failed").await;
    expect_problem(t.sun.get(&path).send().await.unwrap(), 404, "not_found").await;
    let list = t.zhao.get_json(&format!("/api/v1/departments/{}/weekly-summaries", t.market)).await;
    assert_eq!(list["items"][0]["problems"], "样机延期");
    // Monday 30 Nov 10:00 Shanghai: the heads who did not post are reminded, 王芳 is not.
    assert_eq!(run(&app, "2026-11-30 01:59").get("weekly_summary_reminder"), 0);
    assert_eq!(run(&app, "2026-11-30 02:01").get("weekly_summary_reminder"), 2);
    app.run_jobs();
    assert!(notification_kinds(&t.xu).await.contains(&"weekly_summary_reminder".to_owned()));
    assert!(!notification_kinds(&t.wang).await.contains(&"weekly_summary_reminder".to_owned()));
}
