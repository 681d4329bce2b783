//! The company-wide Files page (`GET /files`): every file the caller may read across all tasks,
//! with search, filters, sorts and keyset pages, and 回收站 (the caller's own deletions).
//! Visibility comes first: a file the caller may not read is never listed or hinted at.

use std::collections::BTreeSet;

use api_tests::{both_backends, expect_problem, Client, Team, TestApp};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    each_person_lists_exactly_the_files_they_may_read,
    a_stranger_to_a_confidential_task_gets_nothing_of_it,
    whoever_runs_a_task_two_levels_up_finds_the_files_below_it,
    search_finds_chinese_substrings_of_names_and_descriptions,
    each_filter_narrows_the_page,
    every_sort_pages_through_all_files_once_in_order,
    the_trash_shows_only_what_the_caller_deleted_and_may_bring_back,
    bad_query_values_are_422_with_the_field_named,
);

async fn upload(c: &Client, task: &str, name: &str, content: &[u8], description: &str, access: Option<Value>) -> Value {
    let mut form = Form::new().text("description", description.to_owned());
    if let Some(a) = access {
        form = form.text("access", a.to_string());
    }
    let form = form.part("file", Part::bytes(content.to_vec()).file_name(name.to_owned()));
    let res = c.post(&format!("/api/v1/tasks/{task}/files")).multipart(form).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 201, "upload {name}");
    res.json().await.unwrap()
}

/// Every row of the page for `query`, following the cursors (`limit` per page).
async fn all_rows(c: &Client, query: &str, limit: u32) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..200 {
        let mut path = format!("/api/v1/files?limit={limit}");
        if !query.is_empty() {
            path.push('&');
            path.push_str(query);
        }
        if let Some(cur) = &cursor {
            path.push_str(&format!("&cursor={cur}"));
        }
        let page = c.get_json(&path).await;
        rows.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return rows,
        }
    }
    panic!("more than 200 pages");
}

fn names(rows: &[Value]) -> Vec<String> {
    rows.iter().map(|r| r["file"]["name"].as_str().unwrap().to_owned()).collect()
}

async fn listed(c: &Client, query: &str) -> BTreeSet<String> {
    names(&all_rows(c, query, 100).await).into_iter().collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A published task of `owner` with these departments.
async fn task(owner: &Client, owner_id: &str, title: &str, departments: &[&str], visibility: &str) -> String {
    let scenario = if departments.len() > 1 { "cross_department" } else { "info_sync" };
    let body = json!({"scenario": scenario, "title": title, "owner_id": owner_id,
        "department_ids": departments, "visibility": visibility, "due_at": "2030-12-31T00:00:00Z"});
    let id = owner.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    owner.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    id
}

/// The Team's task with one file of each access level, and a second task of 市场部 only.
struct Files {
    t: Team,
    admin: Client,
    other_task: String,
}

async fn files(app: &TestApp) -> Files {
    let t = Team::new(app).await;
    app.user("admin", "管理员", None, Role::Admin);
    let admin = app.login("admin").await;
    upload(&t.chen, &t.task, "协作.docx", b"team", "", None).await;
    upload(&t.wang, &t.task, "方案.pptx", b"plan", "", Some(json!({"level": "owners_edit"}))).await;
    upload(&t.wang, &t.task, "公告.pdf", b"news", "", Some(json!({"level": "company_public"}))).await;
    let restricted = json!({"level": "restricted", "department_ids": [t.sales], "user_ids": [t.zhao_id]});
    upload(&t.wang, &t.task, "预算.xlsx", b"money", "", Some(restricted)).await;
    let other_task = task(&t.wang, &t.wang_id, "市场调研", &[&t.market], "normal").await;
    upload(&t.zhao, &other_task, "问卷.docx", b"survey", "", None).await;
    app.run_jobs();
    Files { t, admin, other_task }
}

async fn each_person_lists_exactly_the_files_they_may_read(app: TestApp) {
    let Files { t, admin, other_task } = files(&app).await;
    // 市场部's own task: its people, not 研发部's.
    assert_eq!(listed(&t.zhao, &format!("task_id={other_task}")).await, set(&["问卷.docx"]));
    assert_eq!(listed(&t.chen, &format!("task_id={other_task}")).await, BTreeSet::new());
    let all = set(&["公告.pdf", "协作.docx", "方案.pptx", "预算.xlsx", "问卷.docx"]);
    assert_eq!(listed(&admin, "").await, all);
    assert_eq!(listed(&t.wang, "").await, all);
    // 赵静 (市场部, named on the budget) reads all of it.
    assert_eq!(listed(&t.zhao, "").await, all);
    // 研发部 collaborates on the first task only; the budget is not theirs.
    assert_eq!(listed(&t.chen, "").await, set(&["公告.pdf", "协作.docx", "方案.pptx"]));
    assert_eq!(listed(&t.xu, "").await, set(&["公告.pdf", "协作.docx", "方案.pptx"]));
    // 孙丽 (head of 销售部) does not see the tasks: the public file and the budget naming 销售部.
    let rows = all_rows(&t.sun, "", 100).await;
    assert_eq!(names(&rows).into_iter().collect::<BTreeSet<_>>(), set(&["公告.pdf", "预算.xlsx"]));
    // The task is linked, its title withheld; the uploader's department is named.
    for r in &rows {
        assert_eq!(r["task"]["id"], json!(t.task));
        assert_eq!(r["task"]["title"], Value::Null, "{r}");
        assert_eq!(r["department"]["name"], "市场部");
        assert_eq!((r["file"]["can_write"].as_bool(), r["file"]["can_share"].as_bool()), (Some(false), Some(false)));
    }
    let mine = all_rows(&t.chen, "q=协作", 100).await;
    assert_eq!(mine[0]["task"]["title"], "新品发布会");
    assert_eq!(mine[0]["department"]["name"], "研发部");
    assert_eq!(mine[0]["file"]["kind"], "document");
    assert_eq!(mine[0]["file"]["can_write"], true);

    // What the page lists is what each file's own page lets them read, and nothing more.
    let everything = all_rows(&admin, "", 100).await;
    for who in [&t.wang, &t.zhao, &t.xu, &t.chen, &t.sun] {
        let mine = listed(who, "").await;
        for f in &everything {
            let res = who.get(&format!("/api/v1/files/{}", f["file"]["id"].as_str().unwrap())).send().await.unwrap();
            let name = f["file"]["name"].as_str().unwrap();
            assert_eq!(res.status() == 200, mine.contains(name), "{name} for {}", who.user_id);
        }
    }
}

async fn a_stranger_to_a_confidential_task_gets_nothing_of_it(app: TestApp) {
    let Files { t, admin, .. } = files(&app).await;
    let secret = task(&t.wang, &t.wang_id, "保密项目", &[&t.market, &t.rnd], "confidential").await;
    upload(&t.wang, &secret, "保密公告.pdf", b"secret", "机密", Some(json!({"level": "company_public"}))).await;
    let restricted = json!({"level": "restricted", "department_ids": [t.sales], "user_ids": [t.sun_id]});
    upload(&t.wang, &secret, "保密预算.xlsx", b"secret money", "机密", Some(restricted)).await;
    upload(&t.wang, &secret, "保密纪要.docx", b"minutes", "机密", None).await;
    // 孙丽 is named on a file of it, and still sees nothing of the task: no row, search hit or page.
    for query in ["", "q=保密", "q=机密", &format!("task_id={secret}"), "type=pdf", "access=restricted"] {
        let rows = all_rows(&t.sun, query, 100).await;
        assert!(rows.iter().all(|r| r["task"]["id"] != json!(secret)), "{query}: {rows:?}");
    }
    let page = t.sun.get_json(&format!("/api/v1/files?task_id={secret}")).await;
    assert_eq!(page, json!({"items": [], "next_cursor": null}));
    // 陈晨 of 研发部 is not named on it either: a confidential task is for the people on it.
    assert_eq!(listed(&t.chen, &format!("task_id={secret}")).await, BTreeSet::new());
    // The owner and an administrator see all of it.
    let all = set(&["保密公告.pdf", "保密预算.xlsx", "保密纪要.docx"]);
    assert_eq!(listed(&t.wang, &format!("task_id={secret}")).await, all);
    assert_eq!(listed(&admin, &format!("task_id={secret}")).await, all);
}

/// 甲 owns a task, 乙 its subtask, 丙 the subtask below: 甲 runs all of it and reads its files
/// (`can_file`, whoever runs a task above), though 甲 is not named on the lowest task.
async fn whoever_runs_a_task_two_levels_up_finds_the_files_below_it(app: TestApp) {
    let jia_id = app.user("jia", "甲", None, Role::Member);
    let yi_id = app.user("yi", "乙", None, Role::Member);
    let bing_id = app.user("bing", "丙", None, Role::Member);
    app.user("ding", "丁", None, Role::Member);
    let (jia, yi, bing, ding) =
        (app.login("jia").await, app.login("yi").await, app.login("bing").await, app.login("ding").await);
    let due = (app.now() + chrono::Duration::days(365)).and_utc().to_rfc3339();
    let create = |c: &Client, path: String, title: &str, owner: &str| {
        let mut body = json!({"title": title, "owner_id": owner, "due_at": due});
        if path == "/api/v1/tasks" {
            body["scenario"] = json!("info_sync");
        }
        let c = c.clone();
        async move { c.post_json(&path, &body, 201).await["id"].as_str().unwrap().to_owned() }
    };
    let top = create(&jia, "/api/v1/tasks".into(), "年度计划", &jia_id).await;
    jia.post_json(&format!("/api/v1/tasks/{top}/publish"), &json!({}), 200).await;
    let sub = create(&jia, format!("/api/v1/tasks/{top}/subtasks"), "季度计划", &yi_id).await;
    let subsub = create(&yi, format!("/api/v1/tasks/{sub}/subtasks"), "月度计划", &bing_id).await;
    upload(&bing, &subsub, "月度排期.xlsx", b"plan", "", None).await;
    let row = &all_rows(&jia, "", 100).await;
    assert_eq!(names(row), ["月度排期.xlsx"]);
    assert_eq!(row[0]["file"]["can_write"], true);
    assert_eq!(listed(&yi, "").await, set(&["月度排期.xlsx"]));
    assert_eq!(listed(&bing, "").await, set(&["月度排期.xlsx"]));
    assert_eq!(listed(&ding, "").await, BTreeSet::new());
}

async fn search_finds_chinese_substrings_of_names_and_descriptions(app: TestApp) {
    let t = Team::new(&app).await;
    upload(&t.zhao, &t.task, "渠道反馈数据.xlsx", b"a", "华东区季度汇总", None).await;
    upload(&t.zhao, &t.task, "Launch Plan.PPTX", b"b", "发布会 Agenda", None).await;
    upload(&t.zhao, &t.task, "100%_完成.txt", b"c", "", None).await;
    assert_eq!(listed(&t.chen, "q=反馈").await, set(&["渠道反馈数据.xlsx"]));
    // By the description.
    assert_eq!(listed(&t.chen, "q=季度").await, set(&["渠道反馈数据.xlsx"]));
    // Latin letters in any case, in the name and the description.
    assert_eq!(listed(&t.chen, "q=launch%20plan").await, set(&["Launch Plan.PPTX"]));
    assert_eq!(listed(&t.chen, "q=.pptx").await, set(&["Launch Plan.PPTX"]));
    assert_eq!(listed(&t.chen, "q=AGENDA").await, set(&["Launch Plan.PPTX"]));
    // LIKE wildcards are plain characters.
    assert_eq!(listed(&t.chen, "q=0%25_").await, set(&["100%_完成.txt"]));
    assert_eq!(listed(&t.chen, "q=%25").await, set(&["100%_完成.txt"]));
    assert_eq!(listed(&t.chen, "q=不存在").await, BTreeSet::new());
    // A blank search is no search.
    assert_eq!(listed(&t.chen, "q=%20").await.len(), 3);
}

async fn each_filter_narrows_the_page(app: TestApp) {
    let t = Team::new(&app).await;
    // 23 November (the test epoch), 25 November, 28 November.
    upload(&t.zhao, &t.task, "纪要.docx", b"minutes", "", None).await;
    app.clock.advance(chrono::Duration::days(2));
    upload(&t.chen, &t.task, "接口.pdf", b"api spec", "", Some(json!({"level": "owners_edit"}))).await;
    app.clock.advance(chrono::Duration::days(3));
    upload(&t.wang, &t.task, "海报.png", b"png", "", Some(json!({"level": "company_public"}))).await;
    let other = task(&t.wang, &t.wang_id, "市场调研", &[&t.market], "normal").await;
    upload(&t.wang, &other, "数据.zip", b"zip", "", None).await;
    let c = &t.wang;
    assert_eq!(listed(c, "").await.len(), 4);
    assert_eq!(listed(c, &format!("task_id={other}")).await, set(&["数据.zip"]));
    assert_eq!(listed(c, &format!("department_id={}", t.rnd)).await, set(&["接口.pdf"]));
    assert_eq!(listed(c, &format!("department_id={}", t.market)).await.len(), 3);
    assert_eq!(listed(c, &format!("uploader_id={}", t.zhao_id)).await, set(&["纪要.docx"]));
    assert_eq!(listed(c, "type=document").await, set(&["纪要.docx"]));
    assert_eq!(listed(c, "type=pdf").await, set(&["接口.pdf"]));
    assert_eq!(listed(c, "type=image").await, set(&["海报.png"]));
    assert_eq!(listed(c, "type=archive").await, set(&["数据.zip"]));
    assert_eq!(listed(c, "type=video").await, BTreeSet::new());
    assert_eq!(listed(c, "access=owners_edit").await, set(&["接口.pdf"]));
    assert_eq!(listed(c, "access=company_public").await, set(&["海报.png"]));
    assert_eq!(listed(c, "access=collaborators").await, set(&["纪要.docx", "数据.zip"]));
    // Whole days in the company's time zone, both ends included.
    assert_eq!(listed(c, "updated_from=2026-11-24&updated_to=2026-11-25").await, set(&["接口.pdf"]));
    assert_eq!(listed(c, "updated_to=2026-11-23").await, set(&["纪要.docx"]));
    assert_eq!(listed(c, "updated_from=2026-11-28").await, set(&["海报.png", "数据.zip"]));
    // Filters combine.
    assert_eq!(listed(c, &format!("task_id={}&type=image&updated_from=2026-11-28", t.task)).await, set(&["海报.png"]));
    assert_eq!(listed(c, &format!("task_id={other}&type=image")).await, BTreeSet::new());
}

async fn every_sort_pages_through_all_files_once_in_order(app: TestApp) {
    let t = Team::new(&app).await;
    // Sizes repeat and times tie, so the id has to break ties; 陈晨 reads every other file only.
    let sizes = [5usize, 3, 9, 3, 7, 1, 9, 4, 3, 6, 2];
    for (i, size) in sizes.iter().enumerate() {
        let access = (i % 2 == 1).then(|| json!({"level": "restricted", "department_ids": [t.sales], "user_ids": []}));
        upload(&t.wang, &t.task, &format!("文件{i:02}.txt"), &vec![b'x'; *size], "", access).await;
        if i % 3 == 0 {
            app.clock.advance(chrono::Duration::minutes(5));
        }
    }
    for who in [&t.wang, &t.chen] {
        for sort in ["name", "-name", "updated_at", "-updated_at", "size", "-size"] {
            let everything = all_rows(who, &format!("sort={sort}"), 100).await;
            let expected = if who.user_id == t.wang_id { sizes.len() } else { sizes.len().div_ceil(2) };
            assert_eq!(everything.len(), expected, "{sort}");
            for limit in [1, 2, 3, 4] {
                let paged = all_rows(who, &format!("sort={sort}"), limit).await;
                assert_eq!(names(&paged), names(&everything), "{sort} by {limit}");
            }
            let key = |r: &Value| -> (String, String) {
                let f = &r["file"];
                let k = match sort.trim_start_matches('-') {
                    "name" => f["name"].as_str().unwrap().to_owned(),
                    "updated_at" => chrono::DateTime::parse_from_rfc3339(f["updated_at"].as_str().unwrap())
                        .unwrap()
                        .format("%Y%m%d%H%M%S%6f")
                        .to_string(),
                    _ => format!("{:020}", f["current_version"]["size_bytes"].as_i64().unwrap()),
                };
                (k, f["id"].as_str().unwrap().to_owned())
            };
            let keys: Vec<(String, String)> = everything.iter().map(key).collect();
            let mut sorted = keys.clone();
            sorted.sort();
            if sort.starts_with('-') {
                sorted.reverse();
            }
            assert_eq!(keys, sorted, "{sort}");
        }
    }
    // The default: the latest change first.
    let default = all_rows(&t.wang, "", 100).await;
    assert_eq!(names(&default), names(&all_rows(&t.wang, "sort=-updated_at", 100).await));
}

async fn the_trash_shows_only_what_the_caller_deleted_and_may_bring_back(app: TestApp) {
    let t = Team::new(&app).await;
    let mine = upload(&t.chen, &t.task, "草稿.docx", b"draft", "", None).await;
    let theirs = upload(&t.zhao, &t.task, "旧版.docx", b"old", "", None).await;
    upload(&t.zhao, &t.task, "留着.docx", b"keep", "", None).await;
    let delete = |c: &Client, f: &Value| {
        let req = c.req(Method::DELETE, &format!("/api/v1/files/{}", f["id"].as_str().unwrap()));
        async move { assert_eq!(req.send().await.unwrap().status().as_u16(), 204) }
    };
    delete(&t.chen, &mine).await;
    delete(&t.wang, &theirs).await;
    assert_eq!(listed(&t.chen, "deleted=true").await, set(&["草稿.docx"]));
    assert_eq!(listed(&t.wang, "deleted=true").await, set(&["旧版.docx"]));
    // 赵静 put 旧版.docx there, and may change it, but did not delete it.
    assert_eq!(listed(&t.zhao, "deleted=true").await, BTreeSet::new());
    // Deleted files are not on the page itself.
    assert_eq!(listed(&t.chen, "").await, set(&["留着.docx"]));
    // Filters and search apply to the trash too.
    assert_eq!(listed(&t.chen, "deleted=true&q=草稿").await, set(&["草稿.docx"]));
    assert_eq!(listed(&t.chen, "deleted=true&type=pdf").await, BTreeSet::new());
    let row = &all_rows(&t.chen, "deleted=true", 100).await[0];
    assert!(row["file"]["deleted_at"].is_string(), "{row}");
    // 恢复: back on the page, out of the trash.
    let res = t.chen.post(&format!("/api/v1/files/{}/undelete", mine["id"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(listed(&t.chen, "deleted=true").await, BTreeSet::new());
    assert_eq!(listed(&t.chen, "").await, set(&["草稿.docx", "留着.docx"]));
    // Once 陈晨 may no longer change a file he deleted (研发部 leaves the task), it leaves his trash.
    delete(&t.chen, &mine).await;
    let res = t.wang.get(&format!("/api/v1/tasks/{}", t.task)).send().await.unwrap();
    let version = res.headers()["etag"].to_str().unwrap().to_owned();
    let res = t
        .wang
        .patch(&format!("/api/v1/tasks/{}", t.task))
        .header("If-Match", version)
        .json(&json!({"department_ids": [t.market, t.sales]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    assert_eq!(listed(&t.chen, "deleted=true").await, BTreeSet::new());
}

async fn bad_query_values_are_422_with_the_field_named(app: TestApp) {
    let t = Team::new(&app).await;
    upload(&t.zhao, &t.task, "纪要.docx", b"minutes", "", None).await;
    let long = "长".repeat(201);
    for (query, field) in [
        ("type=movie", "type"),
        ("sort=owner", "sort"),
        ("sort=--name", "sort"),
        ("access=everyone", "access"),
        ("task_id=not-a-uuid", "task_id"),
        ("department_id=1", "department_id"),
        ("uploader_id=%27%20OR%201%3D1", "uploader_id"),
        ("updated_from=2026-13-01", "updated_from"),
        ("updated_to=yesterday", "updated_to"),
        ("updated_from=2026-11-30&updated_to=2026-11-01", "updated_from"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("cursor=garbage", "cursor"),
        (&format!("q={long}"), "q"),
        ("q=a%00b", "q"),
        ("deleted=maybe", "query"),
        ("owner=me", "query"),
    ] {
        let res = t.zhao.get(&format!("/api/v1/files?{query}")).send().await.unwrap();
        let p = expect_problem(res, 422, "validation_failed").await;
        assert!(p["errors"][field].is_array(), "{query}: {p}");
    }
    // A cursor of one sort does not continue another.
    let page = t.zhao.get_json("/api/v1/files?limit=1&sort=-size").await;
    assert!(page["next_cursor"].is_null());
    upload(&t.zhao, &t.task, "纪要2.docx", b"minutes 2", "", None).await;
    let page = t.zhao.get_json("/api/v1/files?limit=1&sort=-size").await;
    let cursor = page["next_cursor"].as_str().unwrap();
    let res = t.zhao.get(&format!("/api/v1/files?limit=1&sort=-updated_at&cursor={cursor}")).send().await.unwrap();
    let p = expect_problem(res, 422, "validation_failed").await;
    assert!(p["errors"]["cursor"].is_array(), "{p}");
    // Without a token: 401.
    let res = app.request(Method::GET, "/api/v1/files").send().await.unwrap();
    expect_problem(res, 401, "unauthenticated").await;
}
