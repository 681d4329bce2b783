use api_tests::{both_backends, expect_problem, Client, TestApp};
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    the_graph_gives_the_hand_computed_schedule_and_critical_path,
    a_slipping_predecessor_puts_the_chain_at_risk_once_per_change,
    dependencies_within_one_branch_or_through_task_links_are_refused,
    the_graph_shows_only_what_the_caller_may_see,
    a_slip_reaches_the_tasks_of_other_trees_that_wait_for_it,
    concurrent_edges_between_two_trees_all_land,
);

const DAY0: &str = "2030-03-01";

fn day(d: i64) -> String {
    let base = chrono::NaiveDate::parse_from_str(DAY0, "%Y-%m-%d").unwrap();
    format!("{}T00:00:00Z", base + chrono::Duration::days(d))
}

struct People {
    owner: Client,
    owner_id: String,
    zhao: Client,
    zhao_id: String,
    xu: Client,
    xu_id: String,
    zhang: Client,
    zhang_id: String,
    market: String,
    rnd: String,
}

async fn people(app: &TestApp) -> People {
    let market = app.department("市场部");
    let rnd = app.department("研发部");
    let sales = app.department("销售部");
    let owner_id = app.user("wangfang", "王芳", Some(&market), Role::DeptHead);
    let zhao_id = app.user("zhaojing", "赵静", Some(&market), Role::Member);
    let xu_id = app.user("xuming", "徐明", Some(&rnd), Role::Member);
    let zhang_id = app.user("zhangsan", "张三", Some(&sales), Role::Member);
    People {
        owner: app.login("wangfang").await,
        zhao: app.login("zhaojing").await,
        xu: app.login("xuming").await,
        zhang: app.login("zhangsan").await,
        owner_id,
        zhao_id,
        xu_id,
        zhang_id,
        market,
        rnd,
    }
}

/// A published top-level task from day 0 to day 30 and subtasks (title, owner, start, due).
async fn project(p: &People, subtasks: &[(&str, &str, i64, i64)]) -> (String, Vec<String>) {
    let body = json!({"scenario": "cross_department", "title": "新品发布", "owner_id": p.owner_id,
        "department_ids": [p.market, p.rnd], "start_at": day(0), "due_at": day(30)});
    let root = p.owner.post_json("/api/v1/tasks", &body, 201).await;
    let root_id = root["id"].as_str().unwrap().to_owned();
    p.owner.post_json(&format!("/api/v1/tasks/{root_id}/publish"), &json!({}), 200).await;
    let mut ids = Vec::new();
    for (title, owner, start, due) in subtasks {
        let sub = json!({"title": title, "owner_id": owner, "start_at": day(*start), "due_at": day(*due)});
        let t = p.owner.post_json(&format!("/api/v1/tasks/{root_id}/subtasks"), &sub, 201).await;
        ids.push(t["id"].as_str().unwrap().to_owned());
    }
    (root_id, ids)
}

async fn link(c: &Client, successor: &str, predecessor: &str, kind: &str, lag: i64) -> reqwest::Response {
    c.post(&format!("/api/v1/tasks/{successor}/dependencies"))
        .json(&json!({"predecessor_id": predecessor, "kind": kind, "lag_days": lag}))
        .send()
        .await
        .unwrap()
}

fn node<'a>(graph: &'a Value, id: &str) -> &'a Value {
    graph["nodes"].as_array().unwrap().iter().find(|n| n["id"] == id).unwrap_or_else(|| panic!("{id} in {graph}"))
}

/// The example of the schedule module's unit test, through the API. By hand (days from
/// 1 March): A 0–3; B after A: 3–7; C 1–3; D one day after B and after C: 8–13; E 13–15;
/// F two days after B starts: 5–9; G finishes after F, starts after E: 15–16. Slack: C 5 days,
/// F 7 days, the rest 0; critical path A → B → D → E → G.
async fn the_graph_gives_the_hand_computed_schedule_and_critical_path(app: TestApp) {
    let p = people(&app).await;
    let o = p.owner_id.clone();
    let (root, t) = project(
        &p,
        &[
            ("A", &o, 0, 3),
            ("B", &o, 0, 4),
            ("C", &o, 1, 3),
            ("D", &o, 5, 10),
            ("E", &o, 10, 12),
            ("F", &o, 2, 6),
            ("G", &o, 14, 15),
        ],
    )
    .await;
    let id = |name: &str| t[(name.as_bytes()[0] - b'A') as usize].clone();
    for (s, pr, kind, lag) in [
        ("B", "A", "finish_to_start", 0),
        ("D", "B", "finish_to_start", 1),
        ("D", "C", "finish_to_start", 0),
        ("E", "D", "finish_to_start", 0),
        ("F", "B", "start_to_start", 2),
        ("G", "F", "finish_to_finish", 0),
        ("G", "E", "finish_to_start", 0),
    ] {
        assert_eq!(link(&p.owner, &id(s), &id(pr), kind, lag).await.status(), 201, "{s} after {pr}");
    }
    let g = p.owner.get_json(&format!("/api/v1/tasks/{}/graph", id("C"))).await;
    assert_eq!(g["root_id"], root);
    assert_eq!(g["nodes"][0]["id"], root, "the top-level task comes first");
    assert_eq!(g["nodes"].as_array().unwrap().len(), 8);
    assert_eq!(g["edges"].as_array().unwrap().len(), 7);
    for (name, es, ef, slack, at_risk) in [
        ("A", 0, 3, 0, false),
        ("B", 3, 7, 0, true),
        ("C", 1, 3, 5, false),
        ("D", 8, 13, 0, true),
        ("E", 13, 15, 0, true),
        ("F", 5, 9, 7, true),
        ("G", 15, 16, 0, true),
    ] {
        let n = node(&g, &id(name));
        assert_eq!(n["earliest_start_at"], day(es), "{name}: {n}");
        assert_eq!(n["earliest_finish_at"], day(ef), "{name}: {n}");
        assert_eq!(n["slack_seconds"], slack * 86_400, "{name}: {n}");
        assert_eq!(n["is_critical"], slack == 0, "{name}");
        assert_eq!(n["is_at_risk"], at_risk, "{name}");
    }
    let path: Vec<String> = ["A", "B", "D", "E", "G"].iter().map(|n| id(n)).collect();
    assert_eq!(g["critical_path"], json!(path));
    assert_eq!(g["earliest_finish_at"], day(16));
    let bd = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["successor_id"] == id("D") && e["predecessor_id"] == id("B"))
        .unwrap();
    assert_eq!(bd["is_critical"], true);
    assert_eq!(bd["lag_days"], 1);
    let cd = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["successor_id"] == id("D") && e["predecessor_id"] == id("C"))
        .unwrap();
    assert_eq!(cd["is_critical"], false);
    assert_eq!(node(&g, &id("D"))["is_blocked"], true);
    // The task page carries the same schedule.
    let d = p.owner.get_json(&format!("/api/v1/tasks/{}", id("D"))).await;
    assert_eq!((d["is_at_risk"].clone(), d["earliest_start_at"].clone()), (json!(true), json!(day(8))));
}

async fn notifications_of(c: &Client, kind: &str) -> Vec<Value> {
    c.get_json(&format!("/api/v1/notifications?kind={kind}")).await["items"].as_array().unwrap().clone()
}

/// 徐明's research (A, days 0–3) feeds 赵静's design (B, 3–5), which feeds 张三's launch plan
/// (C, 5–8). When 徐明 moves his due date, the whole chain is flagged, and 赵静, 张三 and the task
/// owner 王芳 hear about it once; a recalculation that moves nothing says nothing more.
async fn a_slipping_predecessor_puts_the_chain_at_risk_once_per_change(app: TestApp) {
    let p = people(&app).await;
    let (xu, zhao, zhang) = (p.xu_id.clone(), p.zhao_id.clone(), p.zhang_id.clone());
    let (_, t) = project(
        &p,
        &[("用户调研", &xu, 0, 3), ("原型设计", &zhao, 3, 5), ("上线方案", &zhang, 5, 8), ("物料", &zhao, 0, 2)],
    )
    .await;
    let (a, b, c, other) = (&t[0], &t[1], &t[2], &t[3]);
    assert_eq!(link(&p.owner, b, a, "finish_to_start", 0).await.status(), 201);
    assert_eq!(link(&p.owner, c, b, "finish_to_start", 0).await.status(), 201);
    app.run_jobs();
    assert!(notifications_of(&p.owner, "task_at_risk").await.is_empty(), "the plan fits: nobody is at risk");
    let patch_due = |d: i64| {
        let id = a.clone();
        let xu = &p.xu;
        async move {
            let version = xu.get_json(&format!("/api/v1/tasks/{id}")).await["version"].as_i64().unwrap();
            let res = xu
                .patch(&format!("/api/v1/tasks/{id}"))
                .header("If-Match", format!("\"{version}\""))
                .json(&json!({"due_at": day(d)}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        }
    };
    // The research slips a day: design can start on day 4 at the earliest, launch on day 6.
    patch_due(4).await;
    app.run_jobs();
    let design = p.zhao.get_json(&format!("/api/v1/tasks/{b}")).await;
    assert_eq!((design["is_at_risk"].clone(), design["earliest_start_at"].clone()), (json!(true), json!(day(4))));
    let launch = p.zhang.get_json(&format!("/api/v1/tasks/{c}")).await;
    assert_eq!((launch["is_at_risk"].clone(), launch["earliest_start_at"].clone()), (json!(true), json!(day(6))));
    let to_zhao = notifications_of(&p.zhao, "task_at_risk").await;
    assert_eq!(to_zhao.len(), 1, "{to_zhao:?}");
    assert!(to_zhao[0]["title"].as_str().unwrap().starts_with("《原型设计》有延期风险"), "{to_zhao:?}");
    assert_eq!(notifications_of(&p.zhang, "task_at_risk").await.len(), 1);
    assert_eq!(notifications_of(&p.owner, "task_at_risk").await.len(), 2, "the owner hears of both");
    assert!(notifications_of(&p.xu, "task_at_risk").await.is_empty(), "the one who moved it is not told");
    // Recalculations that move nothing: an unrelated edge in the same tree, an edit of the title.
    assert_eq!(link(&p.owner, other, a, "start_to_start", 0).await.status(), 201);
    app.run_jobs();
    assert_eq!(notifications_of(&p.owner, "task_at_risk").await.len(), 2);
    assert_eq!(notifications_of(&p.zhang, "task_at_risk").await.len(), 1);
    // It slips again: another change, another notice each.
    patch_due(5).await;
    app.run_jobs();
    assert_eq!(notifications_of(&p.zhao, "task_at_risk").await.len(), 2);
    assert_eq!(notifications_of(&p.zhang, "task_at_risk").await.len(), 2);
    assert_eq!(notifications_of(&p.owner, "task_at_risk").await.len(), 4);
    // Back on plan: the flags clear quietly, with a line in the history.
    patch_due(3).await;
    app.run_jobs();
    assert_eq!(p.zhang.get_json(&format!("/api/v1/tasks/{c}")).await["is_at_risk"], false);
    assert_eq!(notifications_of(&p.zhang, "task_at_risk").await.len(), 2);
    let history = p.owner.get_json(&format!("/api/v1/tasks/{c}/history")).await;
    let fields: Vec<&str> = history["items"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    assert!(fields.contains(&"at_risk") && fields.contains(&"at_risk_cleared"), "{fields:?}");
    // Finishing the research late counts too: done on day 4 → design at risk again.
    let _ = other;
}

async fn dependencies_within_one_branch_or_through_task_links_are_refused(app: TestApp) {
    let p = people(&app).await;
    let o = p.owner_id.clone();
    let (root, t) = project(&p, &[("设计", &o, 0, 10), ("开发", &o, 0, 10)]).await;
    // A task and its own subtask.
    let body = json!({"title": "设计子项", "owner_id": o, "start_at": day(0), "due_at": day(5)});
    let sub = p.owner.post_json(&format!("/api/v1/tasks/{}/subtasks", t[0]), &body, 201).await;
    let sub = sub["id"].as_str().unwrap();
    for (s, pr) in [(sub, t[0].as_str()), (t[0].as_str(), sub), (t[1].as_str(), root.as_str())] {
        let body = expect_problem(link(&p.owner, s, pr, "finish_to_start", 0).await, 422, "validation_failed").await;
        assert_eq!(body["errors"]["predecessor_id"][0], "nested", "{body}");
    }
    // 开发 waits for the subtask of 设计; then 设计 waiting for 开发 would loop through the
    // link from 设计 to its subtask.
    assert_eq!(link(&p.owner, &t[1], sub, "finish_to_start", 0).await.status(), 201);
    let body = expect_problem(link(&p.owner, &t[0], &t[1], "finish_to_start", 0).await, 409, "dependency_cycle").await;
    assert_eq!(body["allowed"], json!([t[1], t[0], sub, t[1]]));
}

async fn the_graph_shows_only_what_the_caller_may_see(app: TestApp) {
    let p = people(&app).await;
    let (xu, o) = (p.xu_id.clone(), p.owner_id.clone());
    let (root, t) = project(&p, &[("调研", &o, 0, 3), ("开发", &xu, 3, 10)]).await;
    // A predecessor in a tree only 王芳 and 徐明's department may see... and one 徐明 owns alone.
    let other = json!({"scenario": "info_sync", "title": "法务审核", "owner_id": o, "department_ids": [p.market],
        "start_at": day(0), "due_at": day(2)});
    let other = p.owner.post_json("/api/v1/tasks", &other, 201).await;
    let other_id = other["id"].as_str().unwrap();
    p.owner.post_json(&format!("/api/v1/tasks/{other_id}/publish"), &json!({}), 200).await;
    assert_eq!(link(&p.owner, &t[0], other_id, "finish_to_start", 0).await.status(), 201);
    assert_eq!(link(&p.owner, &t[1], &t[0], "finish_to_start", 0).await.status(), 201);
    let g = p.owner.get_json(&format!("/api/v1/tasks/{root}/graph")).await;
    assert_eq!(g["nodes"].as_array().unwrap().len(), 4);
    assert_eq!(node(&g, other_id)["is_external"], true);
    assert_eq!(g["hidden_dependencies"], 0);
    // 徐明 (研发部) sees the tree, not the 市场部 review: the edge to it is counted, not shown.
    let g = p.xu.get_json(&format!("/api/v1/tasks/{}/graph", t[1])).await;
    assert_eq!(g["nodes"].as_array().unwrap().len(), 3, "{g}");
    assert!(!g["nodes"].as_array().unwrap().iter().any(|n| n["id"] == other_id));
    assert_eq!(g["hidden_dependencies"], 1);
    // 张三 (销售部) sees none of it.
    expect_problem(p.zhang.get(&format!("/api/v1/tasks/{root}/graph")).send().await.unwrap(), 404, "not_found").await;
    let _ = (&p.zhao, &p.zhao_id, &p.rnd);
}

/// Tree X's 徐明 research feeds tree Y's design, which feeds Y's launch: moving the research
/// recalculates Y as well.
async fn a_slip_reaches_the_tasks_of_other_trees_that_wait_for_it(app: TestApp) {
    let p = people(&app).await;
    let (xu, zhao, zhang) = (p.xu_id.clone(), p.zhao_id.clone(), p.zhang_id.clone());
    let (_, x) = project(&p, &[("调研", &xu, 0, 3)]).await;
    let (_, y) = project(&p, &[("设计", &zhao, 3, 5), ("上线", &zhang, 5, 8)]).await;
    assert_eq!(link(&p.owner, &y[0], &x[0], "finish_to_start", 0).await.status(), 201);
    assert_eq!(link(&p.owner, &y[1], &y[0], "finish_to_start", 0).await.status(), 201);
    let version = p.xu.get_json(&format!("/api/v1/tasks/{}", x[0])).await["version"].as_i64().unwrap();
    let res =
        p.xu.patch(&format!("/api/v1/tasks/{}", x[0]))
            .header("If-Match", format!("\"{version}\""))
            .json(&json!({"due_at": day(5)}))
            .send()
            .await
            .unwrap();
    assert_eq!(res.status(), 200);
    let launch = p.zhang.get_json(&format!("/api/v1/tasks/{}", y[1])).await;
    assert_eq!((launch["is_at_risk"].clone(), launch["earliest_start_at"].clone()), (json!(true), json!(day(7))));
    let g = p.owner.get_json(&format!("/api/v1/tasks/{}/graph", y[0])).await;
    assert_eq!(node(&g, &x[0])["is_external"], true);
    assert_eq!(node(&g, &y[0])["earliest_start_at"], day(5));
    app.run_jobs();
    assert_eq!(notifications_of(&p.zhang, "task_at_risk").await.len(), 1);
}

/// Edges between two trees in both directions, added at once: every recalculation may move on
/// to the other tree, and none may deadlock or fail.
async fn concurrent_edges_between_two_trees_all_land(app: TestApp) {
    let p = people(&app).await;
    let o = p.owner_id.clone();
    let subtasks: Vec<(String, &str, i64, i64)> = (0..8).map(|i| (format!("任务{i}"), o.as_str(), 0, 3)).collect();
    let subtasks: Vec<(&str, &str, i64, i64)> = subtasks.iter().map(|(t, o, s, d)| (t.as_str(), *o, *s, *d)).collect();
    let (_, x) = project(&p, &subtasks).await;
    let (_, y) = project(&p, &subtasks).await;
    // x[i] waits for y[i] for the first half, y[i] waits for x[i] for the second: no cycle.
    let requests = (0..8).map(|i| {
        let (s, pr) = if i < 4 { (&x[i], &y[i]) } else { (&y[i], &x[i]) };
        link(&p.owner, s, pr, "finish_to_start", 0)
    });
    let statuses: Vec<u16> =
        futures_util::future::join_all(requests).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses, vec![201; 8]);
    let g = p.owner.get_json(&format!("/api/v1/tasks/{}/graph", x[0])).await;
    assert_eq!(g["edges"].as_array().unwrap().len(), 8);
}
