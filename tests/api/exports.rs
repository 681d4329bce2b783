//! Excel exports made by the worker, read back with calamine (values, dates, sheet names) and
//! from the workbook's XML (number formats, frozen header, autofilter, charts).

use std::io::{Cursor, Read};

use api_tests::approvals::{act, budget_flow, ok, plain_task, submitted, world};
use api_tests::{both_backends, expect_problem, Client, Team, TestApp};
use calamine::{Data, Reader, Xlsx};
use serde_json::{json, Value};

use crate::reports::september;

both_backends!(
    the_efficiency_workbook_has_its_sheets_charts_and_real_numbers,
    task_list_progress_and_minutes_exports_read_back,
    an_export_whose_task_is_deleted_meanwhile_fails_with_a_code,
    the_approval_form_of_a_countersigned_and_returned_request_reads_back_exact_and_prints_on_a4,
    only_who_may_see_the_request_exports_its_approval_form,
    an_export_is_named_by_the_company_date_with_a_readable_ascii_name,
    the_demo_companys_efficiency_report_prints_its_summary_and_departments_on_three_landscape_pages,
);

/// Asks for an export, lets the worker make it, and downloads it.
pub(crate) async fn export(app: &TestApp, c: &Client, body: Value) -> (Value, Vec<u8>) {
    let res = c.post("/api/v1/exports").json(&body).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 202, "{body}");
    let queued: Value = res.json().await.unwrap();
    assert_eq!(queued["status"], "queued");
    let id = queued["id"].as_str().unwrap().to_owned();
    // Not ready yet: 409.
    let res = c.get(&format!("/api/v1/exports/{id}/content")).send().await.unwrap();
    expect_problem(res, 409, "conflict").await;
    assert_eq!(app.export().await, 1);
    let done = c.get_json(&format!("/api/v1/exports/{id}")).await;
    assert_eq!(done["status"], "done", "{done}");
    let res = c.get(done["download_url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    // Old clients get the kind and the date in ASCII, not a row of underscores.
    let ascii = format!("filename=\"{}-", body["kind"].as_str().unwrap().replace('_', "-"));
    assert!(disposition.contains(&ascii) && disposition.contains(".xlsx\";"), "{disposition}");
    (done, res.bytes().await.unwrap().to_vec())
}

pub(crate) fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
}

/// A part of the workbook's zip, as text.
fn part(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    Some(s)
}

pub(crate) fn row<'a>(range: &'a calamine::Range<Data>, first: &str) -> &'a [Data] {
    range.rows().find(|r| r.first().is_some_and(|c| *c == first)).unwrap_or_else(|| {
        let firsts: Vec<String> = range.rows().filter_map(|r| r.first().map(ToString::to_string)).collect();
        panic!("no row {first} among {firsts:?}")
    })
}

async fn the_efficiency_workbook_has_its_sheets_charts_and_real_numbers(app: TestApp) {
    let t = Team::new(&app).await;
    app.user("admin", "管理员", None, tandem::domain::Role::Admin);
    let admin = app.login("admin").await;
    september(&app, &t).await;
    let body = json!({"kind": "efficiency_report", "from": "2026-09-01", "to": "2026-09-30"});
    // Not a manager: refused when asked, not later.
    let res = t.chen.post("/api/v1/exports").json(&body).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    let (done, bytes) = export(&app, &admin, body).await;
    assert_eq!(done["file_name"], "效率报表_20260901_20260930.xlsx");
    assert!(done["expires_at"].is_string());
    let mut wb = workbook(&bytes);
    assert_eq!(wb.sheet_names(), ["汇总", "部门明细", "逾期任务", "每周趋势", "审批时效", "原始数据"]);

    let summary = wb.worksheet_range("汇总").unwrap();
    assert_eq!(row(&summary, "到期任务")[1], Data::Float(6.0));
    assert_eq!(row(&summary, "按时完成率")[1], Data::Float(0.3333));
    assert_eq!(row(&summary, "统计周期")[1].to_string(), "2026-09-01 至 2026-09-30");

    let depts = wb.worksheet_range("部门明细").unwrap();
    let header: Vec<String> = depts.rows().next().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(&header[..5], ["部门", "到期任务", "按时完成", "逾期完成", "按时完成率"]);
    let market = row(&depts, "市场部");
    assert_eq!((&market[1], &market[2], &market[4]), (&Data::Float(3.0), &Data::Float(1.0), &Data::Float(0.3333)));
    assert_eq!(market[6], Data::Float(13.75), "average delay in hours, a number");

    let overdue = wb.worksheet_range("逾期任务").unwrap();
    let titles: Vec<String> = overdue.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(titles, ["R3 保密", "R1 逾期", "M3 十月"], "longest overdue first");
    assert!(matches!(overdue.rows().nth(1).unwrap()[5], Data::DateTime(_)), "due times are dates");

    let raw = wb.worksheet_range("原始数据").unwrap();
    assert_eq!(raw.rows().count(), 7, "a header and the six tasks due in September");
    let m1 = raw.rows().find(|r| r[1] == "M1 准时").unwrap();
    // Due 2026-09-16 00:00 in Shanghai: shown in the requester's time zone.
    match &m1[8] {
        Data::DateTime(d) => {
            let excel_epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
            let day = chrono::NaiveDate::from_ymd_opt(2026, 9, 16).unwrap();
            assert_eq!(d.as_f64(), (day - excel_epoch).num_days() as f64);
        }
        other => panic!("not a date: {other:?}"),
    }
    assert_eq!(m1[10].to_string(), "是");

    // Formats, frozen header rows, autofilters and the two native charts.
    let styles = part(&bytes, "xl/styles.xml").unwrap();
    assert!(styles.contains("formatCode=\"0.0%\""), "a percentage format");
    assert!(styles.contains("formatCode=\"yyyy-mm-dd hh:mm\""), "a date format");
    for sheet in ["sheet2", "sheet3", "sheet4", "sheet5", "sheet6"].map(|s| format!("xl/worksheets/{s}.xml")) {
        let xml = part(&bytes, &sheet).unwrap();
        assert!(xml.contains("state=\"frozen\""), "{sheet} has a frozen header");
        assert!(xml.contains("<autoFilter"), "{sheet} has an autofilter");
    }
    let chart = part(&bytes, "xl/charts/chart1.xml").unwrap();
    assert!(chart.contains("<c:barChart>") && chart.contains("汇总"), "on-time rate by department");
    assert!(part(&bytes, "xl/charts/chart2.xml").unwrap().contains("逾期任务最多的部门 TOP"));
    // The charts: every column labelled with its value, both axes named, the rate from 0 to 100 %.
    for (n, axis) in [(1, "按时完成率"), (2, "当前逾期（项）"), (3, "按时完成率")] {
        let xml = part(&bytes, &format!("xl/charts/chart{n}.xml")).unwrap();
        assert!(xml.contains("<c:showVal val=\"1\"/>"), "chart{n} labels its columns: {xml}");
        assert!(xml.contains(axis) && xml.contains("部门") | xml.contains(">周<"), "chart{n} names its axes");
        assert!(xml.contains("<c:min val=\"0\"/>"), "chart{n} starts at 0");
    }
    assert!(part(&bytes, "xl/charts/chart1.xml").unwrap().contains("<c:max val=\"1\"/>"), "the rate ends at 100 %");
    // 每周趋势: Monday-started weeks of September, cut to the period.
    let weeks = wb.worksheet_range("每周趋势").unwrap();
    let header: Vec<String> = weeks.rows().next().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(header, ["周（起始日）", "到期任务", "按时完成", "按时完成率"]);
    assert_eq!(weeks.rows().count(), 1 + 5, "09-01, 09-07, 09-14, 09-21, 09-28");
    let due: f64 = weeks
        .rows()
        .skip(1)
        .map(|r| match r[1] {
            Data::Float(x) => x,
            _ => panic!("{r:?}"),
        })
        .sum();
    assert_eq!(due, 6.0, "the six tasks due in September");

    // Ready to print: A4, landscape where wide, one page wide, the header row on every page, the
    // report's title and period atop each page and page numbers below.
    let summary_xml = part(&bytes, "xl/worksheets/sheet1.xml").unwrap();
    assert!(summary_xml.contains("orientation=\"landscape\""), "{summary_xml}");
    assert!(summary_xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "the summary fits its page");
    for n in 1..=6 {
        let xml = part(&bytes, &format!("xl/worksheets/sheet{n}.xml")).unwrap();
        assert!(xml.contains("paperSize=\"9\""), "sheet{n} is A4");
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "sheet{n} fits the page's width");
        assert!(xml.contains("部门协作效率报表 2026-09-01 至 2026-09-30"), "sheet{n} heads its pages with the title");
        assert!(xml.contains("第 &amp;P 页，共 &amp;N 页"), "sheet{n} numbers its pages");
    }
    let detail_xml = part(&bytes, "xl/worksheets/sheet2.xml").unwrap();
    assert!(detail_xml.contains("orientation=\"landscape\""), "the 17 columns print landscape");
    let book_xml = part(&bytes, "xl/workbook.xml").unwrap();
    assert!(book_xml.contains("_xlnm.Print_Titles\" localSheetId=\"1\">部门明细!$A:$A,部门明细!$1:$1"), "{book_xml}");
    // Its properties: title, author (who asked) and the time it was made.
    let core = part(&bytes, "docProps/core.xml").unwrap();
    assert!(core.contains("<dc:title>部门协作效率报表 2026-09-01 至 2026-09-30</dc:title>"), "{core}");
    assert!(core.contains("<dc:creator>管理员</dc:creator>"), "{core}");

    // Only the requester sees and downloads it.
    let id = done["id"].as_str().unwrap();
    expect_problem(t.xu.get(&format!("/api/v1/exports/{id}")).send().await.unwrap(), 404, "not_found").await;
    expect_problem(t.xu.get(&format!("/api/v1/exports/{id}/content")).send().await.unwrap(), 404, "not_found").await;
    assert_eq!(admin.get_json("/api/v1/exports").await["items"][0]["id"], id);

    // Expired: the file is gone.
    app.sql(&format!("UPDATE exports SET expires_at = '2020-01-01 00:00:00' WHERE id = '{id}'"));
    let blobs = tandem::blobs::BlobStore::new(&app.config.data_dir);
    let stored = || {
        let root = app.config.data_dir.join("blobs");
        std::fs::read_dir(&root)
            .unwrap()
            .flatten()
            .filter(|d| d.file_name() != "tmp")
            .map(|d| std::fs::read_dir(d.path()).unwrap().count())
            .sum::<usize>()
    };
    assert_eq!(stored(), 1, "the workbook");
    assert_eq!(tandem::domain::exports::expire(&app.state_db, &blobs).unwrap(), 1);
    assert_eq!(stored(), 0, "the expired workbook's file is removed");
    let res = admin.get(&format!("/api/v1/exports/{id}/content")).send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
    assert_eq!(admin.get_json(&format!("/api/v1/exports/{id}")).await["status"], "expired");

    // A department without due tasks (孙丽's 销售部, in her own report) has no column at 0 %: its
    // label says so and its value is blank.
    let (_, own) =
        export(&app, &t.sun, json!({"kind": "efficiency_report", "from": "2026-09-01", "to": "2026-09-30"})).await;
    let mut own = workbook(&own);
    let chart_data = own.worksheet_range("汇总").unwrap();
    let sales = row(&chart_data, "销售部（无数据）");
    assert!(sales.get(1).is_none_or(|v| *v == Data::Empty), "{sales:?}");
    assert_eq!(row(&own.worksheet_range("部门明细").unwrap(), "销售部")[4].to_string(), "无数据");
}

async fn task_list_progress_and_minutes_exports_read_back(app: TestApp) {
    let t = Team::new(&app).await;
    // A subtask of 研发部 with a progress note and a risk.
    let sub = t
        .wang
        .post_json(
            &format!("/api/v1/tasks/{}/subtasks", t.task),
            &json!({"title": "样机调试", "owner_id": t.chen_id, "due_at": "2030-06-30T10:00:00Z", "risks": "芯片到货延迟"}),
            201,
        )
        .await;
    let sub_id = sub["id"].as_str().unwrap();
    t.chen
        .post_json(&format!("/api/v1/tasks/{sub_id}/progress"), &json!({"percent": 40, "note": "下周联调"}), 200)
        .await;

    // The task list as 陈晨 sees it, with a filter.
    let (done, bytes) =
        export(&app, &t.chen, json!({"kind": "task_list", "statuses": ["published", "in_progress"]})).await;
    let mut wb = workbook(&bytes);
    assert_eq!(wb.sheet_names(), ["任务列表"]);
    let list = wb.worksheet_range("任务列表").unwrap();
    let titles: Vec<String> = list.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(titles, ["样机调试", "新品发布会"], "by due time");
    assert_eq!(done["row_count"], 2);
    let first = list.rows().nth(1).unwrap();
    assert_eq!(first[3].to_string(), "进行中");
    assert_eq!(first[11], Data::Float(0.4), "progress is a number formatted as a percentage");
    // The parent task beside each subtask (blank for a top-level task).
    assert_eq!(list.rows().next().unwrap()[1].to_string(), "上级任务");
    assert_eq!(
        (first[1].to_string(), list.rows().nth(2).unwrap()[1].to_string()),
        ("新品发布会".into(), String::new())
    );
    // Printed: 14 columns, landscape, one page wide, the header row on every page.
    let xml = part(&bytes, "xl/worksheets/sheet1.xml").unwrap();
    assert!(xml.contains("orientation=\"landscape\"") && xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{xml}");
    assert!(part(&bytes, "xl/workbook.xml").unwrap().contains("任务列表!$A:$A,任务列表!$1:$1"));
    // 孙丽 takes no part: her list is empty.
    let (_, bytes) = export(&app, &t.sun, json!({"kind": "task_list"})).await;
    assert_eq!(workbook(&bytes).worksheet_range("任务列表").unwrap().rows().count(), 1);

    // 项目进度跟踪表 of the task.
    let (done, bytes) = export(&app, &t.wang, json!({"kind": "task_progress", "task_id": t.task})).await;
    assert_eq!(done["file_name"], "项目进度跟踪表_新品发布会.xlsx");
    let mut wb = workbook(&bytes);
    assert_eq!(wb.sheet_names(), ["任务", "进度跟踪"]);
    let track = wb.worksheet_range("进度跟踪").unwrap();
    let header: Vec<String> = track.rows().next().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(
        header,
        ["子任务", "部门", "负责人", "状态", "进度", "截止时间", "是否逾期", "下一步", "存在问题", "最后更新"]
    );
    let r = track.rows().nth(1).unwrap();
    assert_eq!(
        (r[0].to_string(), r[1].to_string(), r[2].to_string(), r[7].to_string(), r[8].to_string()),
        ("样机调试".into(), "研发部".into(), "陈晨".into(), "下周联调".into(), "芯片到货延迟".into())
    );
    assert!(matches!(r[5], Data::DateTime(_)), "the subtask's deadline is a date: {:?}", r[5]);
    assert_eq!(r[6].to_string(), "否", "due in 2030: not overdue");
    let res = t.sun.post("/api/v1/exports").json(&json!({"kind": "task_progress", "task_id": t.task})).send().await;
    expect_problem(res.unwrap(), 404, "not_found").await;
    let res = t.wang.post("/api/v1/exports").json(&json!({"kind": "task_progress"})).send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["task_id"], json!(["required"]));

    // Meeting minutes with action items.
    let m = t
        .wang
        .post_json(
            &format!("/api/v1/tasks/{}/meetings", t.task),
            &json!({"title": "发布会碰头会", "starts_at": "2030-06-01T02:00:00Z", "duration_minutes": 45,
                "participant_ids": [t.chen_id]}),
            201,
        )
        .await;
    let mid = m["id"].as_str().unwrap();
    let res = t
        .wang
        .put(&format!("/api/v1/meetings/{mid}/minutes"))
        .header("If-Match", format!("\"{}\"", m["version"]))
        .json(&json!({"discussion": "1. 确认场地\n2. 预算由市场部承担\n3. 嘉宾名单下周再议", "decisions": "定在上海", "action_items": [
            {"title": "订场地", "owner_id": t.chen_id, "due_at": "2030-06-10T10:00:00Z"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let (_, bytes) = export(&app, &t.chen, json!({"kind": "meeting_minutes", "meeting_id": mid})).await;
    let mut wb = workbook(&bytes);
    assert_eq!(wb.sheet_names(), ["会议纪要", "行动项"]);
    let facts = wb.worksheet_range("会议纪要").unwrap();
    assert_eq!(row(&facts, "决定")[1].to_string(), "定在上海");
    assert_eq!(row(&facts, "时长（分钟）")[1], Data::Float(45.0));
    // The discussion's three lines wrap in a row tall enough for all of them.
    assert_eq!(row(&facts, "讨论摘要")[1].to_string(), "1. 确认场地\n2. 预算由市场部承担\n3. 嘉宾名单下周再议");
    let at = facts.rows().position(|r| r[0] == "讨论摘要").unwrap() + 1;
    let xml = part(&bytes, "xl/worksheets/sheet1.xml").unwrap();
    let row_xml = xml.split(&format!("<row r=\"{at}\" ")).nth(1).unwrap();
    let height: f64 = row_xml.split("ht=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!(height >= 3.0 * 15.0 && row_xml.starts_with("spans=\"1:2\" ht="), "three lines tall: {row_xml}");
    assert!(part(&bytes, "xl/styles.xml").unwrap().contains("wrapText=\"1\""));
    let items = wb.worksheet_range("行动项").unwrap();
    let item = items.rows().nth(1).unwrap();
    assert_eq!((item[0].to_string(), item[1].to_string()), ("订场地".into(), "陈晨".into()));
    assert!(matches!(item[2], Data::DateTime(_)));
    let res = t.wang.post("/api/v1/exports").json(&json!({"kind": "everything"})).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
}

async fn an_export_whose_task_is_deleted_meanwhile_fails_with_a_code(app: TestApp) {
    let t = Team::new(&app).await;
    let res = t.wang.post("/api/v1/exports").json(&json!({"kind": "task_progress", "task_id": t.task})).send().await;
    let res = res.unwrap();
    assert_eq!(res.status().as_u16(), 202);
    let queued: Value = res.json().await.unwrap();
    assert_eq!(queued["error_code"], Value::Null);
    let id = queued["id"].as_str().unwrap().to_owned();
    // The task is deleted before the worker gets to the export: checked again when it is made.
    let res = t.wang.delete(&format!("/api/v1/tasks/{}", t.task)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 204);
    assert_eq!(app.export().await, 1);
    let failed = t.wang.get_json(&format!("/api/v1/exports/{id}")).await;
    assert_eq!(failed["status"], "failed", "{failed}");
    assert_eq!(failed["error_code"], "not_found", "a code the SPA translates");
    assert!(failed["error"].as_str().unwrap().contains("task"), "{failed}");
    assert_eq!(failed["download_url"], Value::Null);
    assert_eq!(t.wang.get_json("/api/v1/exports").await["items"][0]["error_code"], "not_found");
    let res = t.wang.get(&format!("/api/v1/exports/{id}/content")).send().await.unwrap();
    expect_problem(res, 409, "conflict").await;
}

/// Days since Excel's epoch (what calamine reads a date or time as).
fn excel_days(d: &Data) -> f64 {
    match d {
        Data::DateTime(x) => x.as_f64(),
        other => panic!("not a date: {other:?}"),
    }
}

async fn the_approval_form_of_a_countersigned_and_returned_request_reads_back_exact_and_prints_on_a4(app: TestApp) {
    let w = world(&app).await;
    budget_flow(&w).await;
    // 80,000.50 CNY: the 会签 of 财务部 and 运营部, then the general manager, who returns it to
    // the 会签 step; both approve again and so does he.
    let task = submitted(&w, "Q3新品推广预算", "80000.50").await;
    ok(act(&w.feng, &task, "approve", &json!({"comment": "预算合理"})).await).await;
    ok(act(&w.tian, &task, "approve", &json!({})).await).await;
    ok(act(&w.chen, &task, "return", &json!({"comment": "请财务复核", "to_step": 0})).await).await;
    ok(act(&w.feng, &task, "approve", &json!({"comment": "已复核\n渠道明细见附件"})).await).await;
    ok(act(&w.tian, &task, "approve", &json!({})).await).await;
    ok(act(&w.chen, &task, "approve", &json!({"comment": "同意"})).await).await;

    // 刘洋, copied, may see the task: he exports it.
    let (done, bytes) = export(&app, &w.liu, json!({"kind": "approval_form", "task_id": task})).await;
    let today = app.now().format("%Y%m%d");
    assert_eq!(done["file_name"], format!("审批单_Q3新品推广预算_{today}.xlsx"));
    assert_eq!(done["kind"], "approval_form");
    let mut wb = workbook(&bytes);
    assert_eq!(wb.sheet_names(), ["审批单"]);
    let sheet = wb.worksheet_range("审批单").unwrap();
    assert_eq!(sheet.rows().next().unwrap()[0].to_string(), "审批单：Q3新品推广预算");
    let value = |label: &str| row(&sheet, label)[1].clone();
    assert_eq!(value("申请事项").to_string(), "Q3新品推广预算");
    assert_eq!(value("审批状态").to_string(), "已通过");
    assert_eq!(value("申请人").to_string(), "王芳");
    assert_eq!(value("申请部门").to_string(), "市场部");
    assert_eq!(value("审批流程").to_string(), "预算申请");
    assert_eq!(value("提交次数"), Data::Float(1.0));
    assert_eq!(value("时区").to_string(), "Asia/Shanghai");
    // Submitted at 09:00-ish in Shanghai on the test clock's day: shown in the requester's time zone.
    let local = app.now() + chrono::Duration::hours(8);
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    assert_eq!(excel_days(&value("提交时间")).floor(), (local.date() - epoch).num_days() as f64);

    // The lines: the budget's amount exact, as a number with the currency's format.
    let budget = row(&sheet, "预算");
    assert_eq!(budget[1].to_string(), "新品推广投放");
    assert_eq!(budget[5], Data::Float(80000.50));
    assert_eq!(row(&sheet, "人力")[4].to_string(), "3 人 × 5 天");
    assert_eq!(row(&sheet, "合计")[5], Data::Float(80000.50));
    assert_eq!(value("协助部门").to_string(), "财务部、运营部");
    assert_eq!(value("申请理由").to_string(), "Q3 新品上市推广");
    let needed = chrono::NaiveDate::from_ymd_opt(2030, 6, 1).unwrap();
    assert_eq!(excel_days(&value("需要日期")), (needed - epoch).num_days() as f64);
    let styles = part(&bytes, "xl/styles.xml").unwrap();
    assert!(styles.contains("formatCode=\"&quot;¥&quot;#,##0.00\""), "the currency's format: {styles}");
    let xml = part(&bytes, "xl/worksheets/sheet1.xml").unwrap();
    assert!(xml.contains("<v>80000.5</v>"), "the amount is a number");

    // The timeline of the (only) submission, in the order things happened.
    assert!(sheet.rows().any(|r| r[0] == "审批记录（第 1 次提交）"));
    let start = sheet.rows().position(|r| r[0] == "步骤").unwrap() + 1;
    let lines: Vec<[String; 6]> = sheet
        .rows()
        .skip(start)
        .take_while(|r| r[0] != "抄送")
        .map(|r| std::array::from_fn(|i| if i == 4 { String::new() } else { r[i].to_string() }))
        .collect();
    let (gm, both) = ("2. 总经理审批", "1. 财务与运营会签");
    let expected: Vec<[&str; 6]> = vec![
        ["发起申请", "", "王芳", "提交", "", ""],
        [both, "会签", "冯建国", "同意", "", "预算合理"],
        [both, "会签", "田野", "同意", "", ""],
        [gm, "单人", "陈志远", "退回", "", "请财务复核"],
        [both, "会签", "冯建国", "同意", "", "已复核\n渠道明细见附件"],
        [both, "会签", "田野", "同意", "", ""],
        [gm, "单人", "陈志远", "同意", "", "同意"],
    ];
    assert_eq!(lines, expected.iter().map(|l| l.map(str::to_owned)).collect::<Vec<_>>());
    let times = sheet.rows().skip(start).take(7).map(|r| excel_days(&r[4])).collect::<Vec<_>>();
    assert!(times.windows(2).all(|p| p[0] <= p[1]), "in time order: {times:?}");
    assert_eq!(value("抄送").to_string(), "刘洋");

    // Printable: A4 portrait, one page wide, the title in the header, page numbers in the footer,
    // wrapped text in merged cells.
    assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{xml}");
    assert!(xml.contains("paperSize=\"9\"") && xml.contains("orientation=\"portrait\""), "{xml}");
    assert!(xml.contains("fitToHeight=\"0\""), "as many pages down as it takes: {xml}");
    assert!(xml.contains("<oddHeader>&amp;C审批单：Q3新品推广预算</oddHeader>"), "{xml}");
    assert!(xml.contains("<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>"), "{xml}");
    assert!(xml.contains("<mergeCell ref=\"B"), "{xml}");
    assert!(styles.contains("wrapText=\"1\""), "text wraps");
}

async fn only_who_may_see_the_request_exports_its_approval_form(app: TestApp) {
    let w = world(&app).await;
    budget_flow(&w).await;
    let task = submitted(&w, "权限", "100").await;
    // 张三 may not see the task: 404 when he asks, nothing queued.
    let body = json!({"kind": "approval_form", "task_id": task});
    let res = w.zhang.post("/api/v1/exports").json(&body).send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
    assert!(w.zhang.get_json("/api/v1/exports").await["items"].as_array().unwrap().is_empty());
    assert_eq!(app.export().await, 0);
    // The task is needed; a task of another scenario has no request form.
    let res = w.wang.post("/api/v1/exports").json(&json!({"kind": "approval_form"})).send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["task_id"], json!(["required"]));
    let other = plain_task(&w).await;
    let res = w.wang.post("/api/v1/exports").json(&json!({"kind": "approval_form", "task_id": other}));
    expect_problem(res.send().await.unwrap(), 409, "conflict").await;
    // An approver sees it and exports it while it waits on him.
    let (_, bytes) = export(&app, &w.feng, body).await;
    let sheet = workbook(&bytes).worksheet_range("审批单").unwrap();
    assert_eq!(row(&sheet, "审批状态")[1].to_string(), "审批中");
    let pending = sheet.rows().filter(|r| r[3] == "待处理").count();
    assert_eq!(pending, 2, "both heads of the 会签 step are still waited on");
}

async fn an_export_is_named_by_the_company_date_with_a_readable_ascii_name(app: TestApp) {
    let t = Team::new(&app).await;
    // 07:30 on Thursday 26 November in Shanghai: still the 25th in UTC.
    app.freeze_at(api_tests::utc("2026-11-25T23:30:00Z"));
    let (done, _) = export(&app, &t.wang, json!({"kind": "task_list"})).await;
    assert_eq!(done["file_name"], "任务列表_20261126.xlsx", "{done}");
    let res = t.wang.get(done["download_url"].as_str().unwrap()).send().await.unwrap();
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"task-list-2026-11-26.xlsx\"; filename*=UTF-8''"),
        "{disposition}"
    );
}

/// Renders a workbook to PDF with LibreOffice (as a person printing it would) and returns, per
/// page, whether it is landscape and its text (`pdftotext -layout`).
fn printed_pages(bytes: &[u8]) -> Vec<(bool, String)> {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("report.xlsx");
    std::fs::write(&book, bytes).unwrap();
    let run = |program: &str, args: &[&str]| {
        let out = std::process::Command::new(program).args(args).output().unwrap_or_else(|e| {
            panic!("{program} is needed to render workbooks (Debian: libreoffice-calc-nogui, poppler-utils): {e}")
        });
        assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let out = dir.path().to_str().unwrap();
    run("soffice", &["--headless", &profile, "--convert-to", "pdf", "--outdir", out, book.to_str().unwrap()]);
    let pdf = dir.path().join("report.pdf");
    let pdf = pdf.to_str().unwrap();
    let info = run("pdfinfo", &["-f", "1", "-l", "999", pdf]);
    info.lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .enumerate()
        .map(|(i, l)| {
            let dims: Vec<f64> =
                l.split(" size: ").nth(1).unwrap().split(' ').filter_map(|w| w.parse().ok()).take(2).collect();
            let n = (i + 1).to_string();
            (dims[0] > dims[1], run("pdftotext", &["-layout", "-f", &n, "-l", &n, pdf, "-"]))
        })
        .collect()
}

async fn the_demo_companys_efficiency_report_prints_its_summary_and_departments_on_three_landscape_pages(app: TestApp) {
    assert!(tandem::seed::seed_demo(&app.state_db).unwrap());
    let admin = app.login_email(tandem::seed::DEMO_ADMIN_EMAIL, tandem::seed::DEMO_PASSWORD).await;
    let (_, bytes) = export(&app, &admin, json!({"kind": "efficiency_report"})).await;
    let pages = printed_pages(&bytes);
    // Each page is headed by the report's title (left) and its sheet's name (right).
    let of_sheet = |sheet: &str| -> Vec<&(bool, String)> {
        pages
            .iter()
            .filter(|(_, text)| {
                let head = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
                head.contains("部门协作效率报表") && head.trim_end().ends_with(sheet)
            })
            .collect()
    };
    let (summary, departments) = (of_sheet("汇总"), of_sheet("部门明细"));
    let report: Vec<String> = pages.iter().map(|(l, t)| format!("landscape {l}:\n{t}")).collect();
    assert_eq!(summary.len(), 1, "the summary and its charts on one page: {report:#?}");
    assert!(!departments.is_empty() && summary.len() + departments.len() <= 3, "{report:#?}");
    for (landscape, text) in summary.iter().chain(&departments) {
        assert!(*landscape, "landscape: {text}");
        assert!(text.contains("第 ") && text.contains(" 页，共 "), "numbered: {text}");
    }
    // Every department page shows the department names and the last column's heading.
    for (_, text) in &departments {
        assert!(text.contains("研发部") && text.contains("关键路径任务"), "{text}");
    }
}
