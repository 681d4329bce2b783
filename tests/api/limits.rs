//! Bounds a curious employee cannot push past: how deep subtasks nest, how much one answer
//! holds (comments, files, robots, webhooks come a page at a time), how many comments are pinned.

use api_tests::{both_backends, expect_problem, Client, Team, TestApp};
use serde_json::{json, Value};

both_backends!(
    subtasks_nest_five_levels_deep_and_a_deep_draft_publishes_whole,
    comments_come_newest_page_first_with_the_pins_on_the_first,
    files_robots_and_webhooks_come_a_page_at_a_time_and_pages_skip_what_is_hidden,
    a_task_pins_at_most_twenty_comments,
);

/// Every page of a cursor list, following `next_cursor`.
async fn all_pages(c: &Client, path: &str) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}cursor={c}"),
            None => path.to_owned(),
        };
        let page = c.get_json(&url).await;
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        pages.push(page);
        if cursor.is_none() {
            return pages;
        }
        assert!(pages.len() < 100, "the pages never end");
    }
}

fn bodies(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["body"].as_str().unwrap().to_owned()).collect()
}

async fn subtasks_nest_five_levels_deep_and_a_deep_draft_publishes_whole(app: TestApp) {
    let t = Team::new(&app).await;
    let body = json!({"scenario": "cross_department", "title": "层级", "owner_id": t.wang_id,
        "department_ids": [t.market, t.rnd], "due_at": "2027-06-30T00:00:00Z"});
    let root = t.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    let mut parent = root.clone();
    for level in 1..=5 {
        let sub = json!({"title": format!("第{level}层"), "owner_id": t.wang_id, "due_at": "2027-06-01T00:00:00Z"});
        let created = t.wang.post_json(&format!("/api/v1/tasks/{parent}/subtasks"), &sub, 201).await;
        assert_eq!(created["status"], "draft", "under a draft, subtasks wait");
        parent = created["id"].as_str().unwrap().to_owned();
    }
    let sub = json!({"title": "第6层", "owner_id": t.wang_id, "due_at": "2027-06-01T00:00:00Z"});
    let res = t.wang.post(&format!("/api/v1/tasks/{parent}/subtasks")).json(&sub).send().await.unwrap();
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(p["errors"]["parent_id"], json!(["too_deep"]), "{p}");
    // Publishing the top publishes all five levels.
    t.wang.post_json(&format!("/api/v1/tasks/{root}/publish"), &json!({}), 200).await;
    assert_eq!(t.wang.get_json(&format!("/api/v1/tasks/{parent}")).await["status"], "published");
}

async fn comments_come_newest_page_first_with_the_pins_on_the_first(app: TestApp) {
    let t = Team::new(&app).await;
    let path = format!("/api/v1/tasks/{}/comments", t.task);
    let mut first = String::new();
    for i in 0..25 {
        let c = t.zhao.post_json(&path, &json!({"body": format!("评论{i:02}")}), 201).await;
        if i == 3 {
            first = c["id"].as_str().unwrap().to_owned();
        }
    }
    t.wang.put(&format!("/api/v1/comments/{first}/pin")).send().await.unwrap();
    let pages = all_pages(&t.chen, &format!("{path}?limit=10")).await;
    assert_eq!(pages.len(), 3);
    // The first page: the pin, then the latest ten, oldest first.
    let expected_first: Vec<String> =
        std::iter::once("评论03".to_owned()).chain((15..25).map(|i| format!("评论{i:02}"))).collect();
    assert_eq!(bodies(&pages[0]), expected_first);
    assert_eq!(bodies(&pages[1]), (5..15).map(|i| format!("评论{i:02}")).collect::<Vec<_>>());
    // The pinned one is not repeated in its own place.
    assert_eq!(bodies(&pages[2]), ["评论00", "评论01", "评论02", "评论04"]);
    expect_problem(t.chen.get(&format!("{path}?limit=0")).send().await.unwrap(), 422, "validation_failed").await;
    expect_problem(t.chen.get(&format!("{path}?cursor=garbage")).send().await.unwrap(), 422, "validation_failed").await;
}

async fn files_robots_and_webhooks_come_a_page_at_a_time_and_pages_skip_what_is_hidden(app: TestApp) {
    let t = Team::new(&app).await;
    // Twelve files; every third is restricted to 王芳 (the owner, who sees all).
    for i in 0..12 {
        let mut form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(format!("内容{i}").into_bytes()).file_name(format!("文件{i:02}.txt")),
        );
        if i % 3 == 0 {
            form = form.text("access", json!({"level": "restricted", "user_ids": [t.wang_id]}).to_string());
        }
        let res = t.wang.post(&format!("/api/v1/tasks/{}/files", t.task)).multipart(form).send().await.unwrap();
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    }
    let names = |pages: &[Value]| -> Vec<String> {
        pages
            .iter()
            .flat_map(|p| p["items"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().to_owned()))
            .collect()
    };
    let owner = all_pages(&t.wang, &format!("/api/v1/tasks/{}/files?limit=5", t.task)).await;
    assert_eq!(owner.len(), 3);
    assert_eq!(names(&owner), (0..12).map(|i| format!("文件{i:02}.txt")).collect::<Vec<_>>());
    let member = all_pages(&t.zhao, &format!("/api/v1/tasks/{}/files?limit=5", t.task)).await;
    let seen = names(&member);
    assert_eq!(seen, (0..12).filter(|i| i % 3 != 0).map(|i| format!("文件{i:02}.txt")).collect::<Vec<_>>());
    assert!(member.iter().all(|p| p["items"].as_array().unwrap().len() <= 5));
    assert_eq!(member.last().unwrap()["next_cursor"], Value::Null);
    // Robots of the department its head manages, by name, two a page.
    for i in 0..5 {
        let body = json!({"name": format!("群{i}"), "platform": "wecom", "webhook_url": format!("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={i}"),
            "department_id": t.market});
        t.wang.post_json("/api/v1/robots", &body, 201).await;
    }
    let robots = all_pages(&t.wang, "/api/v1/robots?limit=2").await;
    assert_eq!(robots.len(), 3);
    assert_eq!(
        robots
            .iter()
            .flat_map(|p| p["items"].as_array().unwrap().iter().map(|r| r["name"].clone()))
            .collect::<Vec<_>>(),
        (0..5).map(|i| json!(format!("群{i}"))).collect::<Vec<_>>()
    );
    assert_eq!(
        t.sun.get_json("/api/v1/robots?limit=2").await["items"],
        json!([]),
        "another department's head sees none"
    );
    // Webhooks, oldest first.
    for i in 0..3 {
        t.zhao
            .post_json(
                "/api/v1/webhooks",
                &json!({"url": format!("https://hooks.example.com/{i}"), "event_types": ["*"]}),
                201,
            )
            .await;
    }
    let hooks = all_pages(&t.zhao, "/api/v1/webhooks?limit=2").await;
    assert_eq!(hooks.len(), 2);
    assert_eq!(hooks[1]["items"][0]["url"], "https://hooks.example.com/2");
}

async fn a_task_pins_at_most_twenty_comments(app: TestApp) {
    let t = Team::new(&app).await;
    let path = format!("/api/v1/tasks/{}/comments", t.task);
    let mut ids = Vec::new();
    for i in 0..21 {
        ids.push(
            t.zhao.post_json(&path, &json!({"body": format!("要点{i}")}), 201).await["id"].as_str().unwrap().to_owned(),
        );
    }
    for id in &ids[..20] {
        assert_eq!(t.wang.put(&format!("/api/v1/comments/{id}/pin")).send().await.unwrap().status(), 200);
    }
    expect_problem(t.wang.put(&format!("/api/v1/comments/{}/pin", ids[20])).send().await.unwrap(), 409, "conflict")
        .await;
    assert_eq!(t.wang.delete(&format!("/api/v1/comments/{}/pin", ids[0])).send().await.unwrap().status(), 200);
    assert_eq!(t.wang.put(&format!("/api/v1/comments/{}/pin", ids[20])).send().await.unwrap().status(), 200);
}

both_backends!(
    a_person_has_at_most_three_exports_waiting,
    a_person_holds_at_most_eight_event_streams_and_four_uploads_at_once,
);

async fn a_person_has_at_most_three_exports_waiting(app: TestApp) {
    let t = Team::new(&app).await;
    for _ in 0..3 {
        t.zhao.post_json("/api/v1/exports", &json!({"kind": "task_list"}), 202).await;
    }
    let res = t.zhao.post("/api/v1/exports").json(&json!({"kind": "task_list"})).send().await.unwrap();
    assert!(res.headers().get("retry-after").is_some());
    expect_problem(res, 429, "too_many_requests").await;
    // Someone else is not held up; and once they are made, more may be asked for.
    t.chen.post_json("/api/v1/exports", &json!({"kind": "task_list"}), 202).await;
    app.export().await;
    t.zhao.post_json("/api/v1/exports", &json!({"kind": "task_list"}), 202).await;
}

async fn a_person_holds_at_most_eight_event_streams_and_four_uploads_at_once(app: TestApp) {
    let t = Team::new(&app).await;
    let mut streams = Vec::new();
    for _ in 0..8 {
        let res = t.zhao.get("/api/v1/events").send().await.unwrap();
        assert_eq!(res.status(), 200);
        streams.push(res);
    }
    expect_problem(t.zhao.get("/api/v1/events").send().await.unwrap(), 429, "too_many_requests").await;
    assert_eq!(t.chen.get("/api/v1/events").send().await.unwrap().status(), 200, "per person");
    drop(streams);
    // Four uploads whose bodies never end hold their slots; a fifth is refused before its body.
    let mut senders = Vec::new();
    let mut pending = Vec::new();
    for _ in 0..4 {
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
        tx.send(Ok(b"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc".to_vec()))
            .await
            .unwrap();
        let body = reqwest::Body::wrap_stream(futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|chunk| (chunk, rx))
        }));
        // A client of its own per upload: one connection each.
        let req = reqwest::Client::new()
            .post(app.url(&format!("/api/v1/tasks/{}/files", t.task)))
            .bearer_auth(&t.wang.token)
            .header("content-type", "multipart/form-data; boundary=XYZ")
            .body(body)
            .send();
        pending.push(actix_web::rt::spawn(req));
        senders.push(tx);
    }
    // Let the four reach the server and take their slots before the first probe (a probe in
    // flight holds a slot for a moment too).
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    let mut refused = None;
    for i in 0..20 {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(b"x".to_vec()).file_name(format!("b{i}.txt")));
        let res = t.wang.post(&format!("/api/v1/tasks/{}/files", t.task)).multipart(form).send().await.unwrap();
        if res.status() == 429 {
            refused = Some(res);
            break;
        }
        assert_eq!(res.status(), 201);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    expect_problem(refused.expect("the fifth upload at once is refused"), 429, "too_many_requests").await;
    // The four end (their bodies break off: 400), and give their slots back.
    drop(senders);
    for p in pending {
        assert_eq!(p.await.unwrap().unwrap().status(), 400);
    }
}
