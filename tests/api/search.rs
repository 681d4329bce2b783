//! Full-text search (`GET /search`): Chinese words in any order, the exact phrase first, Latin
//! typos, every kind of document, facets of the top-level task; permissions first (confidential
//! tasks, file access levels, removed participants, access narrowed after indexing), freshness,
//! rebuilding the index from the database, and two servers on one database.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use api_tests::{both_backends, expect_problem, Client, Team, TestApp};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    chinese_words_match_in_any_order_and_the_exact_phrase_ranks_first,
    latin_words_tolerate_a_typo,
    every_kind_is_found_and_counted,
    facets_and_filters_are_those_of_the_top_level_task,
    a_confidential_tasks_comment_is_found_only_by_the_people_on_it,
    file_access_levels_decide_who_finds_a_file,
    a_removed_participant_no_longer_finds_the_task,
    a_file_whose_access_narrowed_after_indexing_is_no_longer_returned_or_counted,
    a_new_comment_is_found_within_two_seconds,
    the_index_is_rebuilt_from_the_database_with_the_same_answers,
    two_servers_on_one_database_answer_the_same,
    bad_queries_are_422_with_the_field_named,
    every_hit_opens_and_nothing_that_opens_is_missing,
);

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The search page for `q` (and more parameters), which must answer 200.
async fn search(c: &Client, q: &str, more: &str) -> Value {
    c.get_json(&format!("/api/v1/search?q={}{more}", enc(q))).await
}

/// (kind, id) of every result of the page.
fn found(page: &Value) -> Vec<(String, String)> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["kind"].as_str().unwrap().to_owned(), h["id"].as_str().unwrap().to_owned()))
        .collect()
}

fn ids(page: &Value) -> Vec<String> {
    found(page).into_iter().map(|(_, id)| id).collect()
}

fn facet(page: &Value, name: &str) -> Vec<(String, u64)> {
    page["facets"][name]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["value"].as_str().unwrap().to_owned(), f["count"].as_u64().unwrap()))
        .collect()
}

async fn comment(c: &Client, task: &str, body: &str) -> String {
    c.post_json(&format!("/api/v1/tasks/{task}/comments"), &json!({"body": body}), 201).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn upload(c: &Client, task: &str, name: &str, description: &str, access: Option<Value>) -> String {
    let mut form = Form::new().text("description", description.to_owned());
    if let Some(a) = access {
        form = form.text("access", a.to_string());
    }
    let form = form.part("file", Part::bytes(b"content".to_vec()).file_name(name.to_owned()));
    let res = c.post(&format!("/api/v1/tasks/{task}/files")).multipart(form).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 201, "upload {name}");
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

async fn patch_task(c: &Client, task: &str, body: Value) -> Value {
    let path = format!("/api/v1/tasks/{task}");
    let etag = c.get(&path).send().await.unwrap().headers()["etag"].to_str().unwrap().to_owned();
    let res = c.req(Method::PATCH, &path).header("If-Match", etag).json(&body).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn share(c: &Client, file: &str, access: Value) {
    let path = format!("/api/v1/files/{file}");
    let etag = c.get(&path).send().await.unwrap().headers()["etag"].to_str().unwrap().to_owned();
    let res =
        c.req(Method::PATCH, &path).header("If-Match", etag).json(&json!({"access": access})).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
}

async fn new_task(c: &Client, owner: &str, title: &str, departments: &[&str], visibility: &str) -> String {
    let scenario = if departments.len() >= 2 { "cross_department" } else { "info_sync" };
    let body = json!({"scenario": scenario, "title": title, "goal": "目标", "owner_id": owner,
        "department_ids": departments, "due_at": "2030-12-31T00:00:00Z", "visibility": visibility});
    let id = c.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    c.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    id
}

async fn chinese_words_match_in_any_order_and_the_exact_phrase_ranks_first(app: TestApp) {
    let t = Team::new(&app).await;
    let reversed = comment(&t.wang, &t.task, "我们需要先理一理审批预算的流程").await;
    let exact = comment(&t.wang, &t.task, "预算审批的流程今天定下来").await;
    comment(&t.wang, &t.task, "只谈预算，不谈别的").await;
    let page = search(&t.zhao, "预算审批", "&kind=comment").await;
    assert_eq!(ids(&page), [exact.clone(), reversed.clone()], "{page}");
    assert_eq!(page["total"], 2);
    // The words are marked in the passage, by character.
    let hit = &page["items"][0];
    let text: Vec<char> = hit["snippet"]["text"].as_str().unwrap().chars().collect();
    let marked: Vec<String> = hit["snippet"]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize].iter().collect())
        .collect();
    assert_eq!(marked, ["预算", "审批"], "{hit}");
    assert_eq!(hit["task"]["title"], "新品发布会");
    assert_eq!(hit["title"], "新品发布会");
    // Newest first puts the latest comment first whatever the words' order.
    let newest = search(&t.zhao, "预算审批", "&kind=comment&sort=newest").await;
    assert_eq!(ids(&newest), [exact, reversed]);
}

async fn latin_words_tolerate_a_typo(app: TestApp) {
    let t = Team::new(&app).await;
    let c = comment(&t.wang, &t.task, "The Budget for the launch event is ready").await;
    assert_eq!(ids(&search(&t.zhao, "budgte", "").await), std::slice::from_ref(&c));
    assert_eq!(ids(&search(&t.zhao, "BUDGET launch", "").await), std::slice::from_ref(&c));
    assert_eq!(ids(&search(&t.zhao, "budgte lunch", "").await), [c]);
    // Short words must be exact; unrelated words find nothing.
    assert!(ids(&search(&t.zhao, "teh", "").await).is_empty());
    assert!(ids(&search(&t.zhao, "xylophone", "").await).is_empty());
}

async fn every_kind_is_found_and_counted(app: TestApp) {
    let t = Team::new(&app).await;
    t.wang
        .post_json(&format!("/api/v1/tasks/{}/progress", t.task), &json!({"percent": 10, "note": "场地已经敲定"}), 200)
        .await;
    let c = comment(&t.wang, &t.task, "请大家确认嘉宾名单").await;
    let body = json!({"title": "发布会协调会", "starts_at": "2030-06-01T02:00:00Z", "duration_minutes": 60,
        "participant_ids": [t.zhao_id], "location": "3楼", "online_url": ""});
    let m = t.wang.post_json(&format!("/api/v1/tasks/{}/meetings", t.task), &body, 201).await;
    let m = m["id"].as_str().unwrap().to_owned();
    let minutes = json!({"discussion": "讨论了直播方案", "decisions": "采用双机位直播", "action_items": []});
    let res =
        t.wang.put(&format!("/api/v1/meetings/{m}/minutes")).header("if-match", "\"1\"").json(&minutes).send().await;
    assert_eq!(res.unwrap().status(), 200);
    let f = upload(&t.wang, &t.task, "嘉宾邀请函.docx", "给合作伙伴的邀请", None).await;
    for (q, kind, id) in [
        ("发布会", "task", &t.task),
        ("场地", "task", &t.task),
        ("嘉宾名单", "comment", &c),
        ("双机位", "meeting", &m),
        ("邀请函", "file", &f),
        ("合作伙伴", "file", &f),
    ] {
        let page = search(&t.zhao, q, "").await;
        assert!(found(&page).contains(&(kind.to_owned(), id.clone())), "{q}: {page}");
    }
    // 嘉宾 is in the comment and the file: counted per kind.
    let page = search(&t.zhao, "嘉宾", "").await;
    assert_eq!(facet(&page, "kind"), [("comment".to_owned(), 1), ("file".to_owned(), 1)], "{page}");
    assert_eq!(page["total"], 2);
    assert_eq!(ids(&search(&t.zhao, "嘉宾", "&kind=file").await), [f]);
    // The facets are those of the task: its departments and scenario.
    let depts: BTreeSet<String> = facet(&page, "department").into_iter().map(|(d, _)| d).collect();
    assert_eq!(depts, BTreeSet::from([t.market.clone(), t.rnd.clone()]));
    assert_eq!(facet(&page, "scenario"), [("cross_department".to_owned(), 2)]);
}

async fn facets_and_filters_are_those_of_the_top_level_task(app: TestApp) {
    let t = Team::new(&app).await;
    let sub = t
        .wang
        .post_json(
            &format!("/api/v1/tasks/{}/subtasks", t.task),
            &json!({"title": "场地布置", "owner_id": t.zhao_id, "due_at": "2030-06-30T00:00:00Z"}),
            201,
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = new_task(&t.wang, &t.wang_id, "年会筹备", &[&t.market], "normal").await;
    comment(&t.wang, &sub, "灯光方案待定").await;
    comment(&t.wang, &other, "灯光预算待定").await;
    // The case library's side (another branch writes it): done late in 2026-Q4, archived, tagged.
    app.sql(&format!(
        "UPDATE tasks SET status = 'done', completed_at = '2026-12-20 03:00:00', due_at = '2026-12-01 00:00:00', \
         archived_at = '2026-12-21 00:00:00' WHERE id = '{}'",
        t.task
    ));
    app.sql(&format!(
        "INSERT INTO task_tags (task_id, tag, added_by, added_at) VALUES ('{}', '发布会', '{}', '2026-12-21 00:00:00')",
        t.task, t.wang_id
    ));
    app.sql(&format!(
        "INSERT INTO live_events (task_id, kind, payload, created_at) VALUES ('{0}', 'task', \
         '{{\"task_id\":\"{0}\",\"root_id\":\"{0}\",\"what\":\"case\"}}', '2026-12-21 00:00:00')",
        t.task
    ));
    let page = search(&t.wang, "灯光", "").await;
    assert_eq!(page["total"], 2, "{page}");
    assert_eq!(facet(&page, "quarter"), [("2026-Q4".to_owned(), 1)], "{page}");
    assert_eq!(facet(&page, "outcome"), [("late".to_owned(), 1)]);
    assert_eq!(facet(&page, "tag"), [("发布会".to_owned(), 1)]);
    // The subtask's comment carries its top-level task's facets.
    let sub_comment = search(&t.wang, "灯光", "&archived=true").await;
    assert_eq!(sub_comment["items"][0]["task"]["id"], sub.as_str());
    assert_eq!(sub_comment["total"], 1);
    for (filter, expected) in [
        ("&quarter=2026-Q4", 1),
        ("&outcome=late", 1),
        ("&outcome=on_time", 0),
        ("&tag=%E5%8F%91%E5%B8%83%E4%BC%9A", 1),
        ("&archived=false", 1),
        (&format!("&department_id={}", t.rnd), 1),
        (&format!("&department_id={}", t.market), 2),
        ("&scenario=cross_department", 1),
        ("&scenario=info_sync", 1),
        ("&scenario=emergency", 0),
    ] {
        assert_eq!(search(&t.wang, "灯光", filter).await["total"], expected, "{filter}");
    }
}

async fn a_confidential_tasks_comment_is_found_only_by_the_people_on_it(app: TestApp) {
    let t = Team::new(&app).await;
    let secret = new_task(&t.wang, &t.wang_id, "收购谈判", &[&t.market, &t.rnd], "confidential").await;
    let c = comment(&t.wang, &secret, "报价底线是三千万").await;
    comment(&t.wang, &t.task, "发布会报价单").await;
    let admin_id = app.user("admin", "管理员", None, Role::Admin);
    let admin = app.login("admin").await;
    let _ = admin_id;
    for (who, sees) in [(&t.wang, true), (&admin, true), (&t.zhao, false), (&t.xu, false), (&t.sun, false)] {
        let page = search(who, "报价", "").await;
        let has = ids(&page).contains(&c);
        assert_eq!(has, sees, "{page}");
        // Not counted, not hinted at either.
        let expected_total = if sees { 2 } else { u64::from(who.user_id != t.sun_id) };
        assert_eq!(page["total"].as_u64().unwrap(), expected_total, "{page}");
        assert!(!page.to_string().contains("三千万") || sees);
        assert!(!page.to_string().contains("收购谈判") || sees);
    }
}

async fn file_access_levels_decide_who_finds_a_file(app: TestApp) {
    let t = Team::new(&app).await;
    let team = upload(&t.wang, &t.task, "季度报表_协作.xlsx", "", None).await;
    let owners = upload(&t.wang, &t.task, "季度报表_负责人.xlsx", "", Some(json!({"level": "owners_edit"}))).await;
    let public = upload(&t.wang, &t.task, "季度报表_公开.xlsx", "", Some(json!({"level": "company_public"}))).await;
    let heads = json!({"level": "restricted", "department_ids": [t.sales], "user_ids": [t.chen_id]});
    let restricted = upload(&t.wang, &t.task, "季度报表_指定.xlsx", "", Some(heads)).await;
    let files = |page: &Value| -> BTreeSet<String> {
        found(page).into_iter().filter(|(k, _)| k == "file").map(|(_, id)| id).collect()
    };
    let all = BTreeSet::from([team.clone(), owners.clone(), public.clone(), restricted.clone()]);
    let cases = [
        (&t.wang, all.clone()),
        (&t.zhao, BTreeSet::from([team.clone(), owners.clone(), public.clone()])),
        (&t.chen, all),
        // 孙丽 heads 销售部, named by the restricted file; the task itself she does not see.
        (&t.sun, BTreeSet::from([public.clone(), restricted.clone()])),
    ];
    for (who, expected) in cases {
        let page = search(who, "季度报表", "").await;
        assert_eq!(files(&page), expected, "{page}");
        assert_eq!(page["total"].as_u64().unwrap(), expected.len() as u64);
    }
    // A file on a task the caller does not see names the task by id only.
    let page = search(&t.sun, "季度报表", "").await;
    assert!(page["items"].as_array().unwrap().iter().all(|h| h["task"]["title"].is_null()), "{page}");
}

async fn a_removed_participant_no_longer_finds_the_task(app: TestApp) {
    let t = Team::new(&app).await;
    patch_task(&t.wang, &t.task, json!({"collaborator_ids": [t.sun_id]})).await;
    let c = comment(&t.wang, &t.task, "销售渠道的反馈").await;
    let page = search(&t.sun, "渠道", "").await;
    assert_eq!(ids(&page), [c]);
    let res = t.wang.delete(&format!("/api/v1/tasks/{}/participants/{}", t.task, t.sun_id)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 204);
    // At once: the search waits for the index to take in what happened before it.
    let page = search(&t.sun, "渠道", "").await;
    assert_eq!(page["total"], 0, "{page}");
    assert!(page["items"].as_array().unwrap().is_empty());
    assert!(facet(&page, "kind").is_empty());
    assert_eq!(search(&t.sun, "新品发布会", "").await["total"], 0);
}

async fn a_file_whose_access_narrowed_after_indexing_is_no_longer_returned_or_counted(app: TestApp) {
    let t = Team::new(&app).await;
    let f = upload(&t.wang, &t.task, "渠道价格表.xlsx", "各渠道的报价", Some(json!({"level": "company_public"}))).await;
    let page = search(&t.sun, "价格表", "").await;
    assert_eq!((ids(&page), page["total"].as_u64()), (vec![f.clone()], Some(1)));
    share(&t.wang, &f, json!({"level": "collaborators"})).await;
    let page = search(&t.sun, "价格表", "").await;
    assert_eq!(page["total"], 0, "{page}");
    assert!(page["items"].as_array().unwrap().is_empty());
    assert!(facet(&page, "kind").is_empty() && facet(&page, "department").is_empty());
    // Those who take part still find it.
    assert_eq!(ids(&search(&t.chen, "价格表", "").await), [f]);
}

async fn a_new_comment_is_found_within_two_seconds(app: TestApp) {
    let t = Team::new(&app).await;
    let c = comment(&t.wang, &t.task, "彩排时间改到周五").await;
    let started = Instant::now();
    loop {
        // Without waiting for the writer's own log position: poll as another reader would.
        let res = t.zhao.get(&format!("/api/v1/search?q={}", enc("彩排"))).send().await.unwrap();
        if res.status() == 200 && ids(&res.json().await.unwrap()).contains(&c) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(2), "not searchable after 2 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Another server of the test's database; stopped when dropped.
struct Server {
    base: String,
    handle: actix_web::dev::ServerHandle,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

/// A second server on the test's database, with its own (empty) data directory and index.
async fn second_server(app: &TestApp, search_dir: Option<std::path::PathBuf>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut config = app.config.clone();
    config.data_dir = dir.path().to_path_buf();
    config.search_dir = search_dir.unwrap_or_else(|| dir.path().join("search"));
    config.bind = "127.0.0.1:0".parse().unwrap();
    let state = tandem::init_state_with_clock(config, app.clock.clone()).unwrap();
    let running = tandem::start(state).unwrap();
    let base = format!("http://{}", running.addr);
    let handle = running.handle.clone();
    actix_web::rt::spawn(running.server);
    Server { base, handle, _dir: dir }
}

/// `c` talking to another server of the same database (tokens are shared: same secret).
fn on(c: &Client, base: &str) -> Client {
    Client { base: base.to_owned(), ..c.clone() }
}

/// The search page once the server's index is ready (it may be building at first).
async fn search_when_ready(c: &Client, q: &str) -> Value {
    let started = Instant::now();
    loop {
        let res = c.get(&format!("/api/v1/search?q={}", enc(q))).send().await.unwrap();
        if res.status() == 503 {
            let p = expect_problem(res, 503, "index_building").await;
            assert!(p["detail"].is_string());
            assert!(started.elapsed() < Duration::from_secs(20), "the index was not built in 20 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        assert_eq!(res.status(), 200);
        return res.json().await.unwrap();
    }
}

async fn the_index_is_rebuilt_from_the_database_with_the_same_answers(app: TestApp) {
    let t = Team::new(&app).await;
    comment(&t.wang, &t.task, "物料清单已更新").await;
    upload(&t.wang, &t.task, "物料清单.xlsx", "", None).await;
    let before = search(&t.zhao, "物料清单", "").await;
    assert_eq!(before["total"], 2);
    // A server whose index directory is empty builds it from the database.
    let second = second_server(&app, None).await;
    let rebuilt = search_when_ready(&on(&t.zhao, &second.base), "物料清单").await;
    assert_eq!((found(&rebuilt), &rebuilt["facets"]), (found(&before), &before["facets"]));
    // `tandem reindex` builds a directory offline; a server started on it answers at once.
    let offline = tempfile::tempdir().unwrap();
    let dir = offline.path().join("search");
    let docs = tandem::workers::search::reindex(&app.state_db, &dir, &app.config.database_url).unwrap();
    assert!(docs >= 3, "{docs} documents");
    let third = second_server(&app, Some(dir)).await;
    let res = on(&t.zhao, &third.base).get(&format!("/api/v1/search?q={}", enc("物料清单"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let reopened: Value = res.json().await.unwrap();
    assert_eq!(found(&reopened), found(&before));
}

async fn two_servers_on_one_database_answer_the_same(app: TestApp) {
    let t = Team::new(&app).await;
    let second = second_server(&app, None).await;
    let base = second.base.clone();
    let zhao2 = on(&t.zhao, &base);
    search_when_ready(&zhao2, "发布会").await;
    // A change on the first server: the second finds it (its indexer follows the same log).
    let c = comment(&t.wang, &t.task, "舞美供应商已签约").await;
    let started = Instant::now();
    loop {
        let page = search(&zhao2, "供应商", "").await;
        if ids(&page) == [c.clone()] {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(2), "the second server did not follow within 2 s: {page}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(found(&search(&t.zhao, "供应商", "").await), found(&search(&zhao2, "供应商", "").await));
    // A narrowing on the second is seen by the first.
    let wang2 = on(&t.wang, &base);
    let f = upload(&wang2, &t.task, "供应商合同.pdf", "", Some(json!({"level": "company_public"}))).await;
    assert!(ids(&search(&t.sun, "供应商合同", "").await).contains(&f));
    share(&wang2, &f, json!({"level": "owners_edit"})).await;
    assert_eq!(search(&t.sun, "供应商合同", "").await["total"], 0);
}

async fn bad_queries_are_422_with_the_field_named(app: TestApp) {
    let t = Team::new(&app).await;
    let long = "长".repeat(201);
    for (query, field) in [
        ("", "q"),
        ("q=", "q"),
        ("q=%20%20", "q"),
        (&format!("q={}", enc(&long)) as &str, "q"),
        ("q=a&kind=task2", "kind"),
        ("q=a&kind=", "kind"),
        ("q=a&outcome=early", "outcome"),
        ("q=a&sort=oldest", "sort"),
        ("q=a&scenario=party", "scenario"),
        ("q=a&quarter=2026-Q5", "quarter"),
        ("q=a&department_id=nope", "department_id"),
        ("q=a&cursor=%21%21", "cursor"),
        ("q=a&limit=0", "limit"),
        ("q=a&limit=101", "limit"),
        ("q=a&archived=maybe", "query"),
        ("q=a&colour=red", "query"),
    ] {
        let res = t.zhao.get(&format!("/api/v1/search?{query}")).send().await.unwrap();
        let p = expect_problem(res, 422, "validation_failed").await;
        assert!(p["errors"][field].is_array(), "{query}: {p}");
    }
    let res = app.request(Method::GET, "/api/v1/search?q=a").send().await.unwrap();
    expect_problem(res, 401, "unauthenticated").await;
    // 200 characters are fine; so are words that index nothing.
    let page = search(&t.zhao, &"长".repeat(200), "").await;
    assert_eq!(page["total"], 0);
    assert_eq!(search(&t.zhao, "！？", "").await["total"], 0);
}

// ---------------------------------------------------------------- property: hits = what opens

/// xorshift64* (the test crate has no `rand`).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

/// Over a few random small organisations: for every person, the search for a word every
/// document carries returns exactly the documents they may open (task page, comment revisions,
/// meeting, file), and its total counts exactly those.
async fn every_hit_opens_and_nothing_that_opens_is_missing(app: TestApp) {
    for seed in [11u64, 12, 13] {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let word = format!("蓝鲸{}", ["甲", "乙", "丙"][(seed % 3) as usize]);
        let mut depts = Vec::new();
        let mut people: Vec<(String, Client)> = Vec::new();
        for d in 0..3 {
            let dept = app.department(&format!("P{seed}部门{d}"));
            let head = format!("p{seed}h{d}");
            let id = app.user(&head, &format!("头{d}"), Some(&dept), Role::DeptHead);
            app.make_head(&dept, &id);
            people.push((id, app.login(&head).await));
            for m in 0..2 {
                let local = format!("p{seed}m{d}{m}");
                let id = app.user(&local, &format!("员{d}{m}"), Some(&dept), Role::Member);
                people.push((id, app.login(&local).await));
            }
            depts.push(dept);
        }
        let loner = format!("p{seed}x");
        people.push((app.user(&loner, "无部门", None, Role::Member), app.login(&loner).await));
        let admin = format!("p{seed}a");
        people.push((app.user(&admin, "管理员", None, Role::Admin), app.login(&admin).await));
        let n = people.len() - 1; // not the administrator as an owner
                                  // (kind, id, path that opens it, who runs its task)
        let mut docs: Vec<(&'static str, String, String, usize)> = Vec::new();
        let mut tasks: Vec<(String, usize)> = Vec::new();
        for i in 0..6 {
            let owner = rng.below(n);
            let visibility = ["normal", "normal", "public", "confidential"][rng.below(4)];
            let mut ds: Vec<&str> = Vec::new();
            for d in &depts {
                if rng.chance(40) {
                    ds.push(d);
                }
            }
            let collaborators: Vec<&str> = if rng.chance(40) { vec![people[rng.below(n)].0.as_str()] } else { vec![] };
            let (owner_id, c) = (&people[owner].0, &people[owner].1);
            let body = json!({"scenario": "info_sync", "title": format!("任务{i}"), "goal": format!("{word}目标"),
                "owner_id": owner_id, "department_ids": ds, "collaborator_ids": collaborators,
                "due_at": "2030-12-31T00:00:00Z", "visibility": visibility});
            let id = c.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
            if rng.chance(75) {
                c.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
            }
            tasks.push((id, owner));
        }
        // Subtasks, split by the owner of the task above.
        for i in 0..4 {
            let (parent, powner) = tasks[rng.below(tasks.len())].clone();
            let owner = rng.below(n);
            let body = json!({"title": format!("子任务{i}"), "goal": format!("{word}，子目标"), "owner_id": people[owner].0,
                "due_at": "2030-06-30T00:00:00Z"});
            let res =
                people[powner].1.post(&format!("/api/v1/tasks/{parent}/subtasks")).json(&body).send().await.unwrap();
            if res.status() == 201 {
                let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
                tasks.push((id, owner));
            }
        }
        for (task, owner) in tasks.clone() {
            let c = &people[owner].1;
            docs.push(("task", task.clone(), format!("/api/v1/tasks/{task}"), owner));
            let cid = comment(c, &task, &format!("关于{word}的讨论")).await;
            docs.push(("comment", cid.clone(), format!("/api/v1/comments/{cid}/revisions"), owner));
            let access = match rng.below(5) {
                0 => json!({"level": "collaborators"}),
                1 => json!({"level": "owners_edit"}),
                2 => json!({"level": "company_public"}),
                _ => json!({"level": "restricted", "department_ids": [depts[rng.below(3)]],
                    "user_ids": [people[rng.below(n)].0]}),
            };
            let fid = upload(c, &task, &format!("{word}{}.txt", docs.len()), "", Some(access)).await;
            docs.push(("file", fid.clone(), format!("/api/v1/files/{fid}"), owner));
            if rng.chance(40) {
                let body = json!({"title": format!("{word}例会"), "starts_at": "2030-06-01T02:00:00Z",
                    "duration_minutes": 30, "participant_ids": [], "location": "", "online_url": ""});
                let res = c.post(&format!("/api/v1/tasks/{task}/meetings")).json(&body).send().await.unwrap();
                if res.status() == 201 {
                    let mid = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
                    docs.push(("meeting", mid.clone(), format!("/api/v1/meetings/{mid}"), owner));
                }
            }
        }
        // Changes after indexing: narrow a file, remove someone, make a task confidential.
        for (kind, id, _, owner) in docs.clone() {
            if kind == "file" && rng.chance(30) {
                let owner = &people[owner].1;
                let level = if rng.chance(50) { "collaborators" } else { "owners_edit" };
                let path = format!("/api/v1/files/{id}");
                let etag = owner.get(&path).send().await.unwrap().headers().get("etag").cloned();
                if let Some(etag) = etag {
                    let _ = owner
                        .req(Method::PATCH, &path)
                        .header("If-Match", etag)
                        .json(&json!({"access": {"level": level}}))
                        .send()
                        .await;
                }
            }
        }
        for (task, owner) in tasks.clone() {
            if rng.chance(25) {
                let who = &people[rng.below(n)].0;
                let _ = people[owner].1.delete(&format!("/api/v1/tasks/{task}/participants/{who}")).send().await;
            }
            if rng.chance(15) {
                let path = format!("/api/v1/tasks/{task}");
                let c = &people[owner].1;
                if let Some(etag) = c.get(&path).send().await.unwrap().headers().get("etag").cloned() {
                    let _ = c
                        .req(Method::PATCH, &path)
                        .header("If-Match", etag)
                        .json(&json!({"visibility": "confidential"}))
                        .send()
                        .await;
                }
            }
        }
        let mut failures = Vec::new();
        for (uid, c) in &people {
            let mut hits: BTreeSet<(String, String)> = BTreeSet::new();
            let mut cursor = String::new();
            let mut total = None;
            loop {
                let page = search(c, &word, &format!("&limit=100&cursor={cursor}")).await;
                total.get_or_insert(page["total"].as_u64().unwrap());
                hits.extend(found(&page));
                match page["next_cursor"].as_str() {
                    Some(n) => cursor = n.to_owned(),
                    None => break,
                }
            }
            let mut opens: BTreeSet<(String, String)> = BTreeSet::new();
            for (kind, id, path, _) in &docs {
                if c.get(path).send().await.unwrap().status() == 200 {
                    opens.insert(((*kind).to_owned(), id.clone()));
                }
            }
            if hits != opens || total != Some(opens.len() as u64) {
                failures.push(format!(
                    "seed {seed}, user {uid}: found but not openable {:?}; openable but not found {:?}; total {total:?} vs {}",
                    hits.difference(&opens).collect::<Vec<_>>(),
                    opens.difference(&hits).collect::<Vec<_>>(),
                    opens.len()
                ));
            }
        }
        assert!(failures.is_empty(), "search and the policy disagree:\n{}", failures.join("\n"));
    }
}
