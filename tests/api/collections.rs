//! Collections of routine information sync (收集), on both databases: 王芳 (市场部) collects the
//! monthly figures of 财务部 and 运营部 (answered for by their heads) and of 刘洋; rounds opened
//! once per period, hand-ins with files and a form, the collector's matrix, sending back,
//! reminders before, at and after the deadline with escalation, bad input, the zip and the
//! answers workbook.

use std::io::Read;

use api_tests::approvals::{world, World};
use api_tests::{both_backends, expect_problem, notification_kinds, Client, TestApp};
use chrono::NaiveDateTime;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use tandem::domain::reminders::tick;

both_backends!(
    a_monthly_collection_opens_one_round_per_period_and_the_matrix_shows_who_handed_in,
    each_department_sees_only_its_own_submission_and_its_files,
    reminders_come_before_at_and_after_the_deadline_and_escalate_to_the_head_after_a_working_day,
    bad_hand_ins_are_refused_and_change_nothing,
    a_submission_sent_back_is_open_again_past_the_deadline_and_an_accepted_one_is_locked,
    a_round_downloads_as_a_zip_with_windows_safe_names_and_its_answers_as_a_workbook,
    two_schedulers_opening_the_same_period_make_one_round_and_one_notice,
    a_collection_is_set_up_only_by_the_owner_of_an_info_sync_task_with_a_valid_form,
    uploads_to_one_submission_at_once_all_land,
);

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// 王芳's published info-sync task with 财务部 and 运营部.
async fn sync_task(w: &World) -> String {
    let body = json!({"scenario": "info_sync", "title": "月度经营数据同步", "owner_id": w.wang_id,
        "department_ids": [w.market, w.finance, w.ops], "due_at": "2030-12-31T00:00:00Z"});
    let task = w.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    w.wang.post_json(&format!("/api/v1/tasks/{task}/publish"), &json!({}), 200).await;
    task
}

fn monthly(w: &World) -> Value {
    json!({
        "title": "经营数据",
        "instructions": "请按模板填写本月经营数据",
        "spec": {"files": {"min_files": 1, "max_files": 3, "types": ["xlsx"], "max_mb": 1},
                 "fields": [{"key": "revenue", "label": "本月营收（万元）", "kind": "number", "required": true},
                            {"key": "risk", "label": "风险等级", "kind": "choice", "options": ["高", "中", "低"]}]},
        "submitters": {"departments": [{"department_id": w.finance}, {"department_id": w.ops}], "people": [w.liu_id]},
        "schedule": {"kind": "monthly", "working_day": 3, "time": "18:00"},
        "allow_late": false
    })
}

/// A one-off collection due `due` (RFC 3339).
fn once(w: &World, due: &str, allow_late: bool) -> Value {
    let mut body = monthly(w);
    body["schedule"] = json!({"kind": "once", "due_at": due});
    body["allow_late"] = json!(allow_late);
    body
}

async fn create(w: &World, task: &str, body: &Value) -> Value {
    w.wang.post_json(&format!("/api/v1/tasks/{task}/collections"), body, 201).await
}

async fn matrix(c: &Client, round: &str) -> Value {
    c.get_json(&format!("/api/v1/collection-rounds/{round}/submissions?limit=100")).await
}

/// The submission of the unit named `name` in the matrix.
fn row<'a>(m: &'a Value, name: &str) -> &'a Value {
    m["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["department"]["name"] == name || s["person"]["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {m}"))
}

async fn upload(c: &Client, submission: &str, name: &str, content: &[u8]) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(content.to_vec()).file_name(name.to_owned()));
    c.post(&format!("/api/v1/collection-submissions/{submission}/files")).multipart(form).send().await.unwrap()
}

async fn upload_ok(c: &Client, submission: &str, name: &str, content: &[u8]) -> Value {
    let res = upload(c, submission, name, content).await;
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "upload {name}: {body}");
    body
}

async fn hand_in(c: &Client, submission: &str, answers: Value) -> reqwest::Response {
    c.post(&format!("/api/v1/collection-submissions/{submission}/submit"))
        .json(&json!({"answers": answers}))
        .send()
        .await
        .unwrap()
}

async fn ok(res: reqwest::Response) -> Value {
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

/// A one-off collection due Wednesday 25 November 18:00 in Shanghai, with its round.
async fn one_off(app: &TestApp, w: &World, allow_late: bool) -> (String, String, Value) {
    let task = sync_task(w).await;
    let c = create(w, &task, &once(w, "2026-11-25T10:00:00Z", allow_late)).await;
    let round = c["rounds"][0]["id"].as_str().unwrap().to_owned();
    app.run_jobs();
    (task, round, c)
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

async fn a_monthly_collection_opens_one_round_per_period_and_the_matrix_shows_who_handed_in(app: TestApp) {
    let w = world(&app).await;
    let task = sync_task(&w).await;
    // Set up on Monday 23 November: November's 3rd working day (the 4th) has passed, so the first
    // round is December's, due Thursday 3 December 18:00 in Shanghai.
    let c = create(&w, &task, &monthly(&w)).await;
    assert_eq!(c["rounds"].as_array().unwrap().len(), 0);
    assert_eq!(c["next_due_at"], "2026-12-03T10:00:00Z");
    assert_eq!(c["can_manage"], true);
    assert_eq!(c["submitters"]["departments"][0]["department"]["name"], "财务部");
    assert_eq!(tick(&app.state_db, at("2026-11-30 15:59")).unwrap().total(), 0);
    // 1 December 00:00 in Shanghai: the scheduler opens December's round, once.
    tick(&app.state_db, at("2026-11-30 16:00")).unwrap();
    tick(&app.state_db, at("2026-11-30 16:05")).unwrap();
    let c = w.wang.get_json(&format!("/api/v1/collections/{}", id(&c))).await;
    let rounds = c["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 1);
    assert_eq!(rounds[0]["period"], "2026-12");
    assert_eq!(rounds[0]["due_at"], "2026-12-03T10:00:00Z");
    assert_eq!(rounds[0]["counts"]["total"], 3);
    assert_eq!(rounds[0]["counts"]["pending"], 3);
    let round = id(&rounds[0]);
    app.run_jobs();
    for who in [&w.feng, &w.tian, &w.liu] {
        assert_eq!(
            notification_kinds(who).await.iter().filter(|k| *k == "collection_requested").count(),
            1,
            "each answerer is asked once"
        );
    }
    assert!(!notification_kinds(&w.cao).await.contains(&"collection_requested".to_owned()), "heads answer");

    // 冯建国 hands in for 财务部 on 2 December: a file (twice: the second is a new version) and
    // the form; the collector is told.
    app.freeze_at(api_tests::utc("2026-12-02T03:00:00Z"));
    let m = matrix(&w.feng, &round).await;
    assert_eq!(m["items"].as_array().unwrap().len(), 1, "a head sees his department's row");
    assert!(m["counts"].is_null(), "the round's figures are the collector's");
    let sub = id(row(&m, "财务部"));
    assert_eq!(row(&m, "财务部")["can_submit"], true);
    upload_ok(&w.feng, &sub, "经营数据.xlsx", b"v1").await;
    let s = upload_ok(&w.feng, &sub, "经营数据.xlsx", b"v2").await;
    assert_eq!(s["files"].as_array().unwrap().len(), 1);
    assert_eq!(s["files"][0]["version"], 2);
    assert_eq!(s["files"][0]["stored_name"], "经营数据_2026-12_财务部_经营数据.xlsx");
    assert_eq!(s["status"], "pending", "uploading is not handing in");
    let s = ok(hand_in(&w.feng, &sub, json!({"revenue": "1250.5", "risk": "低"})).await).await;
    assert_eq!(s["status"], "submitted");
    assert_eq!(s["is_late"], false);
    assert_eq!(s["answers"], json!({"revenue": 1250.5, "risk": "低"}));
    assert_eq!(s["submitted_by"]["name"], "冯建国");
    app.run_jobs();
    assert!(notification_kinds(&w.wang).await.contains(&"collection_submitted".to_owned()));

    // The collector's matrix: every unit, who handed in and when; the round's figures.
    let m = matrix(&w.wang, &round).await;
    assert_eq!(m["items"].as_array().unwrap().len(), 3);
    assert_eq!(row(&m, "财务部")["status"], "submitted");
    assert_eq!(row(&m, "运营部")["status"], "pending");
    assert_eq!(row(&m, "运营部")["answerers"][0]["name"], "田野");
    assert_eq!(row(&m, "刘洋")["status"], "pending");
    assert_eq!(row(&m, "财务部")["can_review"], true);
    assert_eq!(m["counts"]["submitted"], 1);
    assert_eq!(m["counts"]["pending"], 2);
    // Filtered and paged.
    let pending =
        w.wang.get_json(&format!("/api/v1/collection-rounds/{round}/submissions?status=pending&limit=1")).await;
    assert_eq!(pending["items"].as_array().unwrap().len(), 1);
    let next = pending["next_cursor"].as_str().unwrap();
    let rest = w
        .wang
        .get_json(&format!("/api/v1/collection-rounds/{round}/submissions?status=pending&limit=1&cursor={next}"))
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_ne!(rest["items"][0]["id"], pending["items"][0]["id"]);
    assert!(rest["next_cursor"].is_null());
    // What 田野 must hand in.
    let mine = w.tian.get_json("/api/v1/me/collection-submissions").await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert_eq!(mine["items"][0]["department"]["name"], "运营部");
    assert_eq!(w.feng.get_json("/api/v1/me/collection-submissions").await["items"].as_array().unwrap().len(), 0);

    // January's round opens on 1 January; December's stays as it was.
    tick(&app.state_db, at("2026-12-31 16:00")).unwrap();
    let c = w.wang.get_json(&format!("/api/v1/collections/{}", id(&c))).await;
    let periods: Vec<&str> = c["rounds"].as_array().unwrap().iter().map(|r| r["period"].as_str().unwrap()).collect();
    assert_eq!(periods, vec!["2027-01", "2026-12"]);
    // Stopping the collection opens no more rounds.
    let res = w
        .wang
        .patch(&format!("/api/v1/collections/{}", id(&c)))
        .header("If-Match", c["version"].to_string())
        .json(&json!({"is_active": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    tick(&app.state_db, at("2027-01-31 16:00")).unwrap();
    let c = w.wang.get_json(&format!("/api/v1/collections/{}", id(&c))).await;
    assert_eq!(c["rounds"].as_array().unwrap().len(), 2);
    assert!(c["next_due_at"].is_null());
}

async fn each_department_sees_only_its_own_submission_and_its_files(app: TestApp) {
    let w = world(&app).await;
    let (task, round, _) = one_off(&app, &w, false).await;
    let m = matrix(&w.wang, &round).await;
    let finance = id(row(&m, "财务部"));
    let ops = id(row(&m, "运营部"));
    let s = upload_ok(&w.feng, &finance, "财务数据.xlsx", b"finance").await;
    let file = s["files"][0]["file_id"].as_str().unwrap().to_owned();
    // The collector and 财务部's head read the file; 运营部's head and a member of 财务部 who
    // does not answer for it do not, and the task's file list does not show it to them.
    assert_eq!(w.wang.get(&format!("/api/v1/files/{file}")).send().await.unwrap().status().as_u16(), 200);
    assert_eq!(w.feng.get(&format!("/api/v1/files/{file}")).send().await.unwrap().status().as_u16(), 200);
    expect_problem(w.tian.get(&format!("/api/v1/files/{file}")).send().await.unwrap(), 404, "not_found").await;
    expect_problem(w.cao.get(&format!("/api/v1/files/{file}/content")).send().await.unwrap(), 404, "not_found").await;
    let listed = w.tian.get_json(&format!("/api/v1/tasks/{task}/files")).await;
    assert!(!listed.to_string().contains("财务数据"), "{listed}");
    // Nor the submission itself.
    expect_problem(
        w.tian.get(&format!("/api/v1/collection-submissions/{finance}")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    let m = matrix(&w.tian, &round).await;
    assert_eq!(m["items"].as_array().unwrap().len(), 1);
    assert_eq!(m["items"][0]["id"], ops.as_str());
    // A member of the company outside the task sees no round at all.
    expect_problem(
        w.zhang.get(&format!("/api/v1/collection-rounds/{round}/submissions")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    expect_problem(w.zhang.get(&format!("/api/v1/tasks/{task}/collections")).send().await.unwrap(), 404, "not_found")
        .await;
    // Only the collector downloads the round.
    expect_problem(
        w.feng.get(&format!("/api/v1/collection-rounds/{round}/archive")).send().await.unwrap(),
        403,
        "forbidden",
    )
    .await;
}

async fn reminders_come_before_at_and_after_the_deadline_and_escalate_to_the_head_after_a_working_day(app: TestApp) {
    let w = world(&app).await;
    let (_, round, _) = one_off(&app, &w, true).await;
    let m = matrix(&w.wang, &round).await;
    let finance = id(row(&m, "财务部"));
    let ops = id(row(&m, "运营部"));
    // 财务部 hands in on time: it is never chased.
    app.freeze_at(api_tests::utc("2026-11-24T02:00:00Z"));
    upload_ok(&w.feng, &finance, "财务.xlsx", b"f").await;
    ok(hand_in(&w.feng, &finance, json!({"revenue": 1})).await).await;
    let fired = |t: &str, rule: &str| tick(&app.state_db, at(t)).unwrap().get(rule);
    // One working day (540 working minutes) before Wednesday 18:00 is Tuesday 18:00 (10:00 UTC).
    assert_eq!(fired("2026-11-24 09:59", "collection_due_soon"), 0);
    assert_eq!(fired("2026-11-24 10:00", "collection_due_soon"), 2, "运营部 and 刘洋");
    assert_eq!(fired("2026-11-24 11:00", "collection_due_soon"), 0, "once");
    // At the deadline.
    assert_eq!(fired("2026-11-25 09:59", "collection_due"), 0);
    assert_eq!(fired("2026-11-25 10:00", "collection_due"), 2);
    // Each working day after it, once.
    assert_eq!(fired("2026-11-26 01:00", "collection_overdue"), 2, "Thursday");
    assert_eq!(fired("2026-11-26 05:00", "collection_overdue"), 0);
    // A working day late (Thursday 18:00): 运营部's head is told, and 刘洋's supervisor.
    app.sql(&format!("UPDATE users SET supervisor_id = '{}' WHERE id = '{}'", w.wang_id, w.liu_id));
    assert_eq!(fired("2026-11-26 09:59", "collection_escalation"), 0);
    assert_eq!(fired("2026-11-26 10:00", "collection_escalation"), 2);
    app.run_jobs();
    assert!(notification_kinds(&w.tian).await.contains(&"collection_escalated".to_owned()));
    assert!(notification_kinds(&w.wang).await.contains(&"collection_escalated".to_owned()));
    let feng = notification_kinds(&w.feng).await;
    for kind in ["collection_due_soon", "collection_overdue", "collection_escalated"] {
        assert!(!feng.contains(&kind.to_owned()), "财务部 handed in: no {kind}");
    }
    // The weekend is no working day; Monday chases again. 田野 hands in late on Monday: from then
    // on only 刘洋 is chased.
    assert_eq!(fired("2026-11-28 02:00", "collection_overdue"), 0, "Saturday");
    app.freeze_at(api_tests::utc("2026-11-30T00:30:00Z"));
    upload_ok(&w.tian, &ops, "运营.xlsx", b"o").await;
    let s = ok(hand_in(&w.tian, &ops, json!({"revenue": 2})).await).await;
    assert_eq!(s["is_late"], true);
    assert_eq!(fired("2026-11-30 02:00", "collection_overdue"), 1);
    let m = matrix(&w.wang, &round).await;
    assert_eq!(m["counts"]["late"], 1);
    assert_eq!(row(&m, "刘洋")["missing"], true);
}

async fn bad_hand_ins_are_refused_and_change_nothing(app: TestApp) {
    let w = world(&app).await;
    let (task, round, _) = one_off(&app, &w, false).await;
    let m = matrix(&w.wang, &round).await;
    let finance = id(row(&m, "财务部"));
    let files_before = w.wang.get_json(&format!("/api/v1/tasks/{task}/files")).await["items"].as_array().unwrap().len();
    // A type the collection refuses.
    let p = expect_problem(upload(&w.feng, &finance, "数据.pdf", b"%PDF").await, 422, "validation_failed").await;
    assert_eq!(p["errors"]["file"][0], "type_not_accepted", "{p}");
    // Over the collection's size limit (1 MiB).
    expect_problem(upload(&w.feng, &finance, "大.xlsx", &vec![7u8; 1024 * 1024 + 10]).await, 413, "payload_too_large")
        .await;
    // Someone who sees the task but does not answer for 财务部 (a member of it).
    expect_problem(upload(&w.cao, &finance, "数据.xlsx", b"x").await, 404, "not_found").await;
    // 运营部's head for 财务部.
    expect_problem(upload(&w.tian, &finance, "数据.xlsx", b"x").await, 404, "not_found").await;
    // Handing in without the file, or with a bad form.
    let p = expect_problem(hand_in(&w.feng, &finance, json!({"revenue": 1})).await, 422, "validation_failed").await;
    assert_eq!(p["errors"]["files"][0], "too_few");
    upload_ok(&w.feng, &finance, "数据.xlsx", b"x").await;
    let p =
        expect_problem(hand_in(&w.feng, &finance, json!({"risk": "极高", "extra": 1})).await, 422, "validation_failed")
            .await;
    assert_eq!(p["errors"]["answers.revenue"][0], "required", "{p}");
    assert_eq!(p["errors"]["answers.risk"][0], "invalid_choice");
    assert_eq!(p["errors"]["answers.extra"][0], "unknown");
    // Past the deadline, late hand-ins off: nothing is taken.
    app.freeze_at(api_tests::utc("2026-11-25T10:01:00Z"));
    let p = expect_problem(hand_in(&w.feng, &finance, json!({"revenue": 1})).await, 409, "conflict").await;
    assert_eq!(p["errors"]["due_at"][0], "deadline_passed");
    expect_problem(upload(&w.feng, &finance, "数据.xlsx", b"late").await, 409, "conflict").await;
    let s = w.feng.get_json(&format!("/api/v1/collection-submissions/{finance}")).await;
    assert_eq!(s["status"], "pending");
    assert_eq!(s["can_submit"], false);
    assert_eq!(s["files"][0]["version"], 1, "the late upload made no version");
    let files_after = w.wang.get_json(&format!("/api/v1/tasks/{task}/files")).await["items"].as_array().unwrap().len();
    assert_eq!(files_after, files_before + 1, "only the accepted upload landed");
}

async fn a_submission_sent_back_is_open_again_past_the_deadline_and_an_accepted_one_is_locked(app: TestApp) {
    let w = world(&app).await;
    let (_, round, _) = one_off(&app, &w, false).await;
    let m = matrix(&w.wang, &round).await;
    let finance = id(row(&m, "财务部"));
    upload_ok(&w.feng, &finance, "数据.xlsx", b"x").await;
    ok(hand_in(&w.feng, &finance, json!({"revenue": 1})).await).await;
    // Sending back needs a reason; only the collector reviews.
    let url = format!("/api/v1/collection-submissions/{finance}/return");
    expect_problem(w.wang.post(&url).json(&json!({"comment": ""})).send().await.unwrap(), 422, "validation_failed")
        .await;
    expect_problem(w.feng.post(&url).json(&json!({"comment": "自己退回"})).send().await.unwrap(), 403, "forbidden")
        .await;
    // After the deadline the collector sends it back: it is open again for 财务部.
    app.freeze_at(api_tests::utc("2026-11-26T02:00:00Z"));
    let s = ok(w.wang.post(&url).json(&json!({"comment": "请补充Q4预测"})).send().await.unwrap()).await;
    assert_eq!(s["status"], "returned");
    assert_eq!(s["review"]["comment"], "请补充Q4预测");
    app.run_jobs();
    assert!(notification_kinds(&w.feng).await.contains(&"collection_returned".to_owned()));
    let s = upload_ok(&w.feng, &finance, "数据.xlsx", b"with Q4").await;
    assert_eq!(s["files"][0]["version"], 2);
    let s = ok(hand_in(&w.feng, &finance, json!({"revenue": 2})).await).await;
    assert_eq!(s["status"], "submitted");
    assert_eq!(s["is_late"], false, "handed in on time, sent back, handed in again");
    // Accepted: locked for the submitter.
    let s = ok(w
        .wang
        .post(&format!("/api/v1/collection-submissions/{finance}/accept"))
        .json(&json!({}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(s["status"], "accepted");
    expect_problem(upload(&w.feng, &finance, "数据.xlsx", b"again").await, 409, "conflict").await;
    let task_history = w.wang.get_json(&format!("/api/v1/tasks/{}/history", s["task_id"].as_str().unwrap())).await;
    let text = task_history.to_string();
    assert!(text.contains("退回了 财务部 提交的「经营数据」"), "{text}");
    assert!(text.contains("确认收到 财务部 提交的「经营数据」"), "{text}");
}

async fn a_round_downloads_as_a_zip_with_windows_safe_names_and_its_answers_as_a_workbook(app: TestApp) {
    let w = world(&app).await;
    let (_, round, _) = one_off(&app, &w, false).await;
    let m = matrix(&w.wang, &round).await;
    let finance = id(row(&m, "财务部"));
    let ops = id(row(&m, "运营部"));
    upload_ok(&w.feng, &finance, "经营数据.xlsx", b"finance figures").await;
    ok(hand_in(&w.feng, &finance, json!({"revenue": 1250.5, "risk": "低"})).await).await;
    upload_ok(&w.tian, &ops, "Q4|预测?.xlsx", b"ops figures").await;
    ok(hand_in(&w.tian, &ops, json!({"revenue": 80})).await).await;
    // 刘洋 uploaded but did not hand in: not in the archive.
    let liu = id(row(&m, "刘洋"));
    upload_ok(&w.liu, &liu, "草稿.xlsx", b"draft").await;

    let res = w.wang.get(&format!("/api/v1/collection-rounds/{round}/archive")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let length: usize = res.headers()["content-length"].to_str().unwrap().parse().unwrap();
    let bytes = res.bytes().await.unwrap().to_vec();
    assert_eq!(bytes.len(), length);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().to_owned()).collect();
    names.sort();
    assert_eq!(names, vec!["财务部_冯建国_经营数据.xlsx", "运营部_田野_Q4_预测_.xlsx"]);
    let mut content = String::new();
    zip.by_name("财务部_冯建国_经营数据.xlsx").unwrap().read_to_string(&mut content).unwrap();
    assert_eq!(content, "finance figures");

    let res = w.wang.get(&format!("/api/v1/collection-rounds/{round}/answers")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    // It prints: A4, one page wide, the header row on every page, the round atop each page; its
    // properties name it and who downloaded it.
    let mut parts = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut xml = String::new();
    parts.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains("paperSize=\"9\"") && xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{xml}");
    assert!(xml.contains("<oddHeader>&amp;L经营数据") && xml.contains("第 &amp;P 页"), "{xml}");
    let mut names = String::new();
    parts.by_name("xl/workbook.xml").unwrap().read_to_string(&mut names).unwrap();
    assert!(names.contains("_xlnm.Print_Titles"), "{names}");
    let mut core = String::new();
    parts.by_name("docProps/core.xml").unwrap().read_to_string(&mut core).unwrap();
    assert!(core.contains("<dc:title>经营数据") && core.contains("<dc:creator>王芳</dc:creator>"), "{core}");
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("提交情况").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][..3], ["部门".to_owned(), "人员".to_owned(), "状态".to_owned()]);
    assert_eq!(rows[0][7], "本月营收（万元）");
    assert_eq!(rows.len(), 4, "every unit, those who have not handed in too");
    let finance_row = rows.iter().find(|r| r[0] == "财务部").unwrap();
    assert_eq!(finance_row[2], "已提交");
    assert_eq!(finance_row[7], "1250.5");
    assert_eq!(finance_row[8], "低");
    let liu_row = rows.iter().find(|r| r[1] == "刘洋").unwrap();
    assert_eq!(liu_row[2], "未提交");
}

async fn two_schedulers_opening_the_same_period_make_one_round_and_one_notice(app: TestApp) {
    let w = world(&app).await;
    let task = sync_task(&w).await;
    let c = create(&w, &task, &monthly(&w)).await;
    let db = app.state_db.clone();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || tick(&db, at("2026-11-30 16:00")))
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    let c = w.wang.get_json(&format!("/api/v1/collections/{}", id(&c))).await;
    assert_eq!(c["rounds"].as_array().unwrap().len(), 1);
    assert_eq!(c["rounds"][0]["counts"]["total"], 3);
    app.run_jobs();
    assert_eq!(notification_kinds(&w.feng).await.iter().filter(|k| *k == "collection_requested").count(), 1);
}

async fn a_collection_is_set_up_only_by_the_owner_of_an_info_sync_task_with_a_valid_form(app: TestApp) {
    let w = world(&app).await;
    let task = sync_task(&w).await;
    let url = format!("/api/v1/tasks/{task}/collections");
    // Not the owner.
    expect_problem(w.feng.post(&url).json(&monthly(&w)).send().await.unwrap(), 403, "forbidden").await;
    // Not an info-sync task.
    let other = api_tests::approvals::plain_task(&w).await;
    let p = expect_problem(
        w.wang.post(&format!("/api/v1/tasks/{other}/collections")).json(&monthly(&w)).send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"]["task_id"][0], "not_info_sync");
    // Field by field.
    let mut bad = monthly(&w);
    bad["schedule"] = json!({"kind": "monthly", "working_day": 0, "weekday": 2});
    bad["spec"]["fields"][1]["options"] = json!([]);
    let p = expect_problem(w.wang.post(&url).json(&bad).send().await.unwrap(), 422, "validation_failed").await;
    assert!(p["errors"]["schedule.working_day"].is_array(), "{p}");
    assert!(p["errors"]["spec.fields[1].options"].is_array(), "{p}");
    let mut bad = monthly(&w);
    bad["submitters"] = json!({"departments": [], "people": []});
    let p = expect_problem(w.wang.post(&url).json(&bad).send().await.unwrap(), 422, "validation_failed").await;
    assert_eq!(p["errors"]["submitters"][0], "required");
    let mut bad = monthly(&w);
    bad["submitters"]["people"] = json!(["not-a-user"]);
    expect_problem(w.wang.post(&url).json(&bad).send().await.unwrap(), 422, "validation_failed").await;
    let p = expect_problem(
        w.wang.post(&url).json(&once(&w, "2026-11-01T00:00:00Z", false)).send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"]["schedule.due_at"][0], "in_past");
    // Nothing was set up.
    assert_eq!(w.wang.get_json(&url).await["items"].as_array().unwrap().len(), 0);
}

async fn uploads_to_one_submission_at_once_all_land(app: TestApp) {
    let w = world(&app).await;
    let (_, round, _) = one_off(&app, &w, false).await;
    let m = matrix(&w.wang, &round).await;
    let finance = id(row(&m, "财务部"));
    let (a, b, c) = tokio::join!(
        upload(&w.feng, &finance, "一.xlsx", b"1"),
        upload(&w.feng, &finance, "二.xlsx", b"2"),
        upload(&w.feng, &finance, "三.xlsx", b"3"),
    );
    for res in [a, b, c] {
        assert_eq!(res.status().as_u16(), 200);
    }
    let s = w.feng.get_json(&format!("/api/v1/collection-submissions/{finance}")).await;
    let mut names: Vec<&str> = s["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, vec!["一.xlsx", "三.xlsx", "二.xlsx"]);
}
