//! The working calendar outlives its shipped years: a year without a holiday schedule counts
//! Monday to Friday and says so, administrators are warned from 1 November, and a year's
//! schedule is imported in one step (all or nothing) with the bad lines named.

use api_tests::{both_backends, expect_problem, utc, Client, Team, TestApp};
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    a_year_without_a_schedule_counts_monday_to_friday_and_the_task_and_help_request_say_so,
    administrators_are_warned_from_november_in_the_api_and_in_readyz,
    an_import_with_a_bad_line_changes_nothing_and_the_fixed_one_applies_at_once,
);

/// A 2027 schedule for the tests: NOT the official one (it had not been published where this was
/// written), just holidays in the week of Friday 5 February 2027 to see the clocks move.
const TEST_2027: &str = "# test data, not the official 2027 schedule\n\
    year 2027\n\
    source 测试用安排（非官方）\n\
    2027-01-01 off 元旦\n\
    2027-02-08..2027-02-12 off 春节\n\
    2027-02-13 work 春节调休上班\n";

async fn admin(app: &TestApp) -> Client {
    app.user("admin", "系统管理员", None, Role::Admin);
    app.login("admin").await
}

async fn import(c: &Client, content: &str, dry_run: bool) -> reqwest::Response {
    c.post("/api/v1/work-calendar/imports").json(&json!({"content": content, "dry_run": dry_run})).send().await.unwrap()
}

async fn readyz_warnings(app: &TestApp) -> Value {
    let res = app.request(reqwest::Method::GET, "/readyz").send().await.unwrap();
    assert_eq!(res.status(), 200, "a missing schedule never fails readiness");
    res.json::<Value>().await.unwrap()["warnings"].clone()
}

/// A help request 王芳 sends 研发部 now; returns it as its assignee sees it.
async fn ask_for_help(t: &Team) -> Value {
    let body = json!({"task_id": t.task, "department_id": t.rnd, "what": "需要两位工程师支持"});
    t.wang.post_json("/api/v1/help-requests", &body, 201).await;
    t.xu.get_json("/api/v1/help-requests?box=received").await["items"][0].clone()
}

async fn a_year_without_a_schedule_counts_monday_to_friday_and_the_task_and_help_request_say_so(app: TestApp) {
    let t = Team::new(&app).await;
    // In 2026 (shipped) the task's clocks know the holidays.
    let task = t.wang.get_json(&format!("/api/v1/tasks/{}", t.task)).await;
    assert_eq!(task["sla_fallback_years"], json!([]));
    // Friday 5 February 2027, 10:00 in Shanghai: 2027 has no schedule.
    app.freeze_at(utc("2027-02-05T02:00:00Z"));
    let task = t.wang.get_json(&format!("/api/v1/tasks/{}", t.task)).await;
    assert_eq!(task["sla_fallback_years"], json!([2027]), "the task's SLA display says the clock counts Mon–Fri");
    let help = ask_for_help(&t).await;
    // 24 working hours, Monday to Friday: Friday 8 h, Monday 9 h, Tuesday 7 h → Tue 9 Feb 16:00.
    assert_eq!(help["escalates_at"], "2027-02-09T08:00:00Z");
    assert_eq!(help["calendar_fallback_years"], json!([2027]));
    // Across the year end: Thursday 31 December 2026 10:00, the countdown runs into 2027.
    app.freeze_at(utc("2026-12-31T02:00:00Z"));
    let t2 = t
        .wang
        .post_json(
            "/api/v1/help-requests",
            &json!({"task_id": t.task, "department_id": t.sales, "what": "年底支援"}),
            201,
        )
        .await;
    assert_eq!(t2["calendar_fallback_years"], json!([2027]), "{t2}");
}

async fn administrators_are_warned_from_november_in_the_api_and_in_readyz(app: TestApp) {
    let admin = admin(&app).await;
    // 31 October 2026, 23:00 in Shanghai: 2027 is missing, but it is not November yet.
    app.freeze_at(utc("2026-10-31T15:00:00Z"));
    let status = admin.get_json("/api/v1/work-calendar/years").await;
    assert_eq!(status["warnings"], json!([]));
    let years: Vec<i64> = status["years"].as_array().unwrap().iter().map(|y| y["year"].as_i64().unwrap()).collect();
    assert_eq!(years, vec![2025, 2026]);
    assert_eq!(status["years"][1]["is_shipped"], true);
    assert!(status["years"][1]["holidays"].as_i64().unwrap() > 20);
    assert_eq!(readyz_warnings(&app).await, json!([]));
    // 1 November 00:30 in Shanghai (still 31 October in UTC).
    app.freeze_at(utc("2026-10-31T16:30:00Z"));
    let status = admin.get_json("/api/v1/work-calendar/years").await;
    assert_eq!(status["warnings"][0]["kind"], "next_year_missing");
    assert_eq!(status["warnings"][0]["year"], 2027);
    let ready = readyz_warnings(&app).await;
    assert_eq!((ready[0]["kind"].clone(), ready[0]["year"].clone()), (json!("next_year_missing"), json!(2027)));
    assert!(ready[0]["detail"].as_str().unwrap().contains("2027"));
    // Into 2027 without it: the current year is missing (and from November, 2028 too).
    app.freeze_at(utc("2027-11-02T02:00:00Z"));
    let kinds: Vec<(String, i64)> = admin.get_json("/api/v1/work-calendar/years").await["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["kind"].as_str().unwrap().to_owned(), w["year"].as_i64().unwrap()))
        .collect();
    assert_eq!(kinds, vec![("current_year_missing".to_owned(), 2027), ("next_year_missing".to_owned(), 2028)]);
    // The year view says the same.
    let year = admin.get_json("/api/v1/work-calendar?year=2027").await;
    assert_eq!((year["is_scheduled"].clone(), year["source"].clone()), (json!(false), Value::Null));
    let year = admin.get_json("/api/v1/work-calendar?year=2026").await;
    assert_eq!(year["is_scheduled"], true);
    assert!(year["source"].as_str().unwrap().contains("2026年部分节假日安排"));
}

async fn an_import_with_a_bad_line_changes_nothing_and_the_fixed_one_applies_at_once(app: TestApp) {
    let t = Team::new(&app).await;
    let admin = admin(&app).await;
    app.freeze_at(utc("2026-11-15T02:00:00Z"));
    // Line 6 names a Wednesday as a make-up working day; line 7 repeats a day.
    let bad = format!("{TEST_2027}2027-02-17 work 周三补班\n2027-01-01 off 又一次\n");
    let problem = expect_problem(import(&admin, &bad, false).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"]["lines[7]"], json!(["not_a_weekend"]), "{problem}");
    assert_eq!(problem["errors"]["lines[8]"], json!(["duplicate_day"]), "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("line 7: 2027-02-17 is a Wed"), "{problem}");
    // Nothing was half-imported: the good lines before the bad one are not stored either.
    let year = admin.get_json("/api/v1/work-calendar?year=2027").await;
    assert_eq!((year["is_scheduled"].clone(), year["days"].clone()), (json!(false), json!([])));
    // A dry run of the fixed text says what would happen and stores nothing.
    let res = import(&admin, TEST_2027, true).await;
    assert_eq!(res.status(), 200);
    let dry: Value = res.json().await.unwrap();
    assert_eq!(
        (dry["year"].clone(), dry["holidays"].clone(), dry["make_up_days"].clone(), dry["dry_run"].clone()),
        (json!(2027), json!(6), json!(1), json!(true))
    );
    assert_eq!(admin.get_json("/api/v1/work-calendar?year=2027").await["days"], json!([]));
    // Members cannot import.
    expect_problem(import(&t.wang, TEST_2027, false).await, 403, "forbidden").await;
    // A help request sent on Friday 5 February 2027 counts Mon–Fri before the import...
    app.freeze_at(utc("2027-02-05T02:00:00Z"));
    let before = ask_for_help(&t).await;
    assert_eq!(before["escalates_at"], "2027-02-09T08:00:00Z");
    // ...and with the holidays once they are imported: Fri 8 h, Sat 13 Feb (调休) 9 h, Mon 15 Feb 7 h.
    let res = import(&admin, TEST_2027, false).await;
    assert_eq!(res.status(), 200);
    let done: Value = res.json().await.unwrap();
    assert_eq!((done["replaced"].clone(), done["dry_run"].clone()), (json!(0), json!(false)));
    let after = t.xu.get_json("/api/v1/help-requests?box=received").await["items"][0].clone();
    assert_eq!(after["escalates_at"], "2027-02-15T08:00:00Z");
    assert_eq!(after["calendar_fallback_years"], json!([]));
    let year = admin.get_json("/api/v1/work-calendar?year=2027").await;
    assert_eq!((year["is_scheduled"].clone(), year["source"].clone()), (json!(true), json!("测试用安排（非官方）")));
    assert_eq!(year["days"].as_array().unwrap().len(), 7);
    // The warnings are gone, in the API and in readyz (1 November 2027 would ask for 2028).
    app.freeze_at(utc("2026-11-15T02:00:00Z"));
    assert_eq!(admin.get_json("/api/v1/work-calendar/years").await["warnings"], json!([]));
    assert_eq!(readyz_warnings(&app).await, json!([]));
    // The year reads back as text in the same format, and importing it again replaces the 7 days.
    let res = admin.get("/api/v1/work-calendar/years/2027/schedule").send().await.unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(text.contains("2027-02-08..2027-02-12 off 春节\n"), "{text}");
    let again: Value = import(&admin, &text, false).await.json().await.unwrap();
    assert_eq!((again["replaced"].clone(), again["holidays"].clone()), (json!(7), json!(6)));
    // The import is in the audit log.
    let audit = admin.get_json("/api/v1/audit-events?kind=work_calendar_imported").await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 2, "{audit}");
    assert_eq!(audit["items"][0]["detail"]["year"], 2027);
}
