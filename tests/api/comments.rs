use std::time::Duration;

use api_tests::{both_backends, expect_problem, notification_kinds, Client, EventStream, Team, TestApp};
use serde_json::{json, Value};

both_backends!(
    comments_reply_in_one_level_render_safely_and_notify,
    mentions_reach_people_and_department_heads_and_refuse_the_blind,
    the_author_edits_with_history_and_deletes_softly,
    the_owner_and_collaborating_heads_pin_comments_first,
    attachments_are_seen_by_those_who_see_the_task,
    the_event_stream_delivers_mentions_and_task_changes_and_resumes,
);

async fn comment(c: &Client, task: &str, body: Value) -> Value {
    c.post_json(&format!("/api/v1/tasks/{task}/comments"), &body, 201).await
}

async fn comments_reply_in_one_level_render_safely_and_notify(app: TestApp) {
    let t = Team::new(&app).await;
    let first = comment(
        &t.chen,
        &t.task,
        json!({"body": "**样机**已到 <script>alert(1)</script> [看这里](javascript:alert(1)) <img src=x onerror=alert(1)>"}),
    )
    .await;
    let html = first["body_html"].as_str().unwrap();
    assert!(html.contains("<strong>样机</strong>"), "{html}");
    for bad in ["<script", "javascript:", "onerror"] {
        assert!(!html.to_lowercase().contains(bad), "{bad} survived: {html}");
    }
    let first_id = first["id"].as_str().unwrap();
    let reply = comment(&t.zhao, &t.task, json!({"body": "收到", "parent_id": first_id})).await;
    // Answering a reply joins the same thread: one level only.
    let reply_id = reply["id"].as_str().unwrap();
    let nested = comment(&t.wang, &t.task, json!({"body": "好的", "parent_id": reply_id})).await;
    assert_eq!(nested["parent_id"], first_id);

    let list = t.xu.get_json(&format!("/api/v1/tasks/{}/comments", t.task)).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let replies: Vec<&str> =
        items[0]["replies"].as_array().unwrap().iter().map(|r| r["body"].as_str().unwrap()).collect();
    assert_eq!(replies, ["收到", "好的"]);

    app.run_jobs();
    // 陈晨 hears of both answers to her comment; the owner hears of the comments of others.
    assert_eq!(notification_kinds(&t.chen).await.iter().filter(|k| *k == "comment_replied").count(), 2);
    assert!(notification_kinds(&t.wang).await.contains(&"task_commented".to_owned()));
    let inbox = t.chen.get_json("/api/v1/notifications?kind=comment_replied").await;
    assert!(inbox["items"][0]["title"].as_str().unwrap().contains("新品发布会"), "{inbox}");
    // The owner's notification quotes 陈晨's comment as plain text: no Markdown marks, no markup.
    let owner = t.wang.get_json("/api/v1/notifications?kind=task_commented").await;
    let quoted = owner["items"].as_array().unwrap().iter().map(|n| n["title"].as_str().unwrap()).collect::<Vec<_>>();
    assert!(quoted.iter().any(|q| q.contains("样机已到")), "{owner}");
    assert!(quoted.iter().all(|q| !q.contains("**") && !q.contains("<script") && !q.contains("](")), "{owner}");

    // Someone who cannot see the task neither reads nor writes its comments.
    expect_problem(t.sun.get(&format!("/api/v1/tasks/{}/comments", t.task)).send().await.unwrap(), 404, "not_found")
        .await;
    let res = t.sun.post(&format!("/api/v1/tasks/{}/comments", t.task)).json(&json!({"body": "hi"})).send().await;
    expect_problem(res.unwrap(), 404, "not_found").await;
    // An empty comment is refused on its field.
    let res = t.zhao.post(&format!("/api/v1/tasks/{}/comments", t.task)).json(&json!({"body": "  "})).send().await;
    let p = expect_problem(res.unwrap(), 422, "validation_failed").await;
    assert_eq!(p["errors"]["body"], json!(["required"]));
}

async fn mentions_reach_people_and_department_heads_and_refuse_the_blind(app: TestApp) {
    let t = Team::new(&app).await;
    // A person, and 研发部 (its head only).
    let c = comment(
        &t.wang,
        &t.task,
        json!({"body": "@赵静 @研发部 请确认样机", "mentions": [
            {"type": "user", "id": t.zhao_id}, {"type": "department", "id": t.rnd}]}),
    )
    .await;
    let names: Vec<&str> = c["mentions"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"赵静") && names.contains(&"研发部"), "{c}");
    app.run_jobs();
    assert!(notification_kinds(&t.zhao).await.contains(&"comment_mentioned".to_owned()));
    assert!(notification_kinds(&t.xu).await.contains(&"comment_mentioned".to_owned()));
    assert!(!notification_kinds(&t.chen).await.contains(&"comment_mentioned".to_owned()), "members only when asked");
    // All members of 研发部.
    comment(
        &t.wang,
        &t.task,
        json!({"body": "全体研发注意", "mentions": [{"type": "department", "id": t.rnd, "all_members": true}]}),
    )
    .await;
    app.run_jobs();
    assert!(notification_kinds(&t.chen).await.contains(&"comment_mentioned".to_owned()));

    // 孙丽 cannot see the task: mentioning her (or her department) is refused by name.
    let res = t
        .wang
        .post(&format!("/api/v1/tasks/{}/comments", t.task))
        .json(&json!({"body": "@孙丽", "mentions": [{"type": "user", "id": t.sun_id}]}))
        .send()
        .await
        .unwrap();
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(p["errors"]["mentions"], json!(["cannot_see_task"]));
    assert!(p["detail"].as_str().unwrap().contains("孙丽"), "{p}");
    assert_eq!(p["people"], json!([{"id": t.sun_id, "name": "孙丽"}]), "the problem names her for clients: {p}");
    let res = t
        .wang
        .post(&format!("/api/v1/tasks/{}/comments", t.task))
        .json(&json!({"body": "@销售部", "mentions": [{"type": "department", "id": t.sales}]}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 422, "validation_failed").await;
    // Unknown ids are refused too; nothing was stored by the refused attempts.
    let res = t
        .wang
        .post(&format!("/api/v1/tasks/{}/comments", t.task))
        .json(&json!({"body": "x", "mentions": [{"type": "user", "id": "018f0000-0000-7000-8000-000000000000"}]}))
        .send()
        .await
        .unwrap();
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(p["errors"]["mentions"], json!(["not_found"]));
    let list = t.wang.get_json(&format!("/api/v1/tasks/{}/comments", t.task)).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    app.run_jobs();
    assert!(notification_kinds(&t.sun).await.iter().all(|k| k != "comment_mentioned"));
}

async fn the_author_edits_with_history_and_deletes_softly(app: TestApp) {
    let t = Team::new(&app).await;
    let c = comment(&t.zhao, &t.task, json!({"body": "初稿"})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/comments/{id}");
    // If-Match is required, and must be current.
    let res = t.zhao.patch(&path).json(&json!({"body": "改"})).send().await.unwrap();
    expect_problem(res, 428, "precondition_required").await;
    let res = t.zhao.patch(&path).header("if-match", "\"9\"").json(&json!({"body": "改"})).send().await.unwrap();
    expect_problem(res, 412, "version_mismatch").await;
    // Only the author edits.
    let res = t.wang.patch(&path).header("if-match", "\"1\"").json(&json!({"body": "改"})).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    let res = t.zhao.patch(&path).header("if-match", "\"1\"").json(&json!({"body": "定稿"})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let edited: Value = res.json().await.unwrap();
    assert_eq!((edited["body"].clone(), edited["revision_count"].clone()), (json!("定稿"), json!(1)));
    assert!(edited["edited_at"].is_string());
    let history = t.xu.get_json(&format!("{path}/revisions")).await;
    assert_eq!(history["items"][0]["body"], "初稿");

    // Only the author deletes; a deleted comment keeps its place without its text.
    expect_problem(t.xu.delete(&path).send().await.unwrap(), 403, "forbidden").await;
    comment(&t.wang, &t.task, json!({"body": "回复", "parent_id": id})).await;
    assert_eq!(t.zhao.delete(&path).send().await.unwrap().status(), 204);
    let list = t.xu.get_json(&format!("/api/v1/tasks/{}/comments", t.task)).await;
    let gone = &list["items"][0];
    assert_eq!(
        (gone["deleted"].clone(), gone["body"].clone(), gone["body_html"].clone()),
        (json!(true), json!(""), json!(""))
    );
    assert_eq!(gone["replies"][0]["body"], "回复");
    assert_eq!(t.xu.get_json(&format!("{path}/revisions")).await["items"], json!([]));
    let res = t.zhao.patch(&path).header("if-match", "\"3\"").json(&json!({"body": "再改"})).send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
}

async fn the_owner_and_collaborating_heads_pin_comments_first(app: TestApp) {
    let t = Team::new(&app).await;
    let a = comment(&t.zhao, &t.task, json!({"body": "第一条"})).await;
    let b = comment(&t.chen, &t.task, json!({"body": "第二条"})).await;
    let c = comment(&t.zhao, &t.task, json!({"body": "第三条"})).await;
    let pin = |id: &Value| format!("/api/v1/comments/{}/pin", id["id"].as_str().unwrap());
    // A member does not pin; the owner and a collaborating department's head do.
    expect_problem(t.chen.put(&pin(&a)).send().await.unwrap(), 403, "forbidden").await;
    let pinned: Value = t.wang.put(&pin(&c)).send().await.unwrap().json().await.unwrap();
    assert_eq!(pinned["pinned_by"]["name"], "王芳");
    assert_eq!(t.xu.put(&pin(&b)).send().await.unwrap().status(), 200);
    let order = |list: Value| -> Vec<String> {
        list["items"].as_array().unwrap().iter().map(|i| i["body"].as_str().unwrap().to_owned()).collect()
    };
    let list = t.chen.get_json(&format!("/api/v1/tasks/{}/comments", t.task)).await;
    assert!(list["items"][0]["can_pin"] == json!(false));
    assert_eq!(order(list), ["第二条", "第三条", "第一条"]);
    assert_eq!(t.wang.delete(&pin(&b)).send().await.unwrap().status(), 200);
    let list = t.wang.get_json(&format!("/api/v1/tasks/{}/comments", t.task)).await;
    assert_eq!(order(list), ["第三条", "第一条", "第二条"]);
    // Replies are not pinned.
    let r = comment(&t.zhao, &t.task, json!({"body": "回复", "parent_id": a["id"]})).await;
    expect_problem(t.wang.put(&pin(&r)).send().await.unwrap(), 400, "bad_request").await;
}

async fn attachments_are_seen_by_those_who_see_the_task(app: TestApp) {
    let t = Team::new(&app).await;
    let upload = |c: &Client, name: &str, content: &'static [u8]| {
        c.post(&format!("/api/v1/tasks/{}/attachments?file_name={name}", t.task))
            .header("content-type", "image/png")
            .body(content)
            .send()
    };
    let res = upload(&t.zhao, "%E6%A0%B7%E6%9C%BA.png", b"\x89PNG fake image").await.unwrap();
    assert_eq!(res.status(), 201);
    let file: Value = res.json().await.unwrap();
    let url = file["url"].as_str().unwrap().to_owned();
    assert_eq!(file["file_name"], "样机.png");
    // Before it is on a comment, only the uploader sees it.
    assert_eq!(t.zhao.get(&url).send().await.unwrap().status(), 200);
    expect_problem(t.chen.get(&url).send().await.unwrap(), 404, "not_found").await;
    // Someone else cannot attach it.
    let res = t
        .chen
        .post(&format!("/api/v1/tasks/{}/comments", t.task))
        .json(&json!({"body": "x", "attachment_ids": [file["id"]]}))
        .send()
        .await
        .unwrap();
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(p["errors"]["attachment_ids"], json!(["not_found"]));
    let c = comment(&t.zhao, &t.task, json!({"body": "", "attachment_ids": [file["id"]]})).await;
    assert_eq!(c["attachments"][0]["file_name"], "样机.png");
    let res = t.chen.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("UTF-8''%E6%A0%B7"));
    assert_eq!(&res.bytes().await.unwrap()[..], b"\x89PNG fake image");
    // Outsiders neither download nor upload.
    expect_problem(t.sun.get(&url).send().await.unwrap(), 404, "not_found").await;
    expect_problem(upload(&t.sun, "x.png", b"x").await.unwrap(), 404, "not_found").await;
    // Too large or empty: refused, and nothing half-written stays behind.
    let big = vec![b'x'; 25 * 1024 * 1024 + 1];
    let res =
        t.zhao.post(&format!("/api/v1/tasks/{}/attachments?file_name=big.bin", t.task)).body(big).send().await.unwrap();
    expect_problem(res, 413, "payload_too_large").await;
    let res = t.zhao.post(&format!("/api/v1/tasks/{}/attachments?file_name=empty.txt", t.task)).send().await.unwrap();
    expect_problem(res, 400, "bad_request").await;
    let tmp = app.config.data_dir.join("blobs").join("tmp");
    assert_eq!(std::fs::read_dir(&tmp).map(Iterator::count).unwrap_or(0), 0, "no partial upload left in {tmp:?}");
    // Once the comment is deleted, the file goes with it.
    t.zhao.delete(&format!("/api/v1/comments/{}", c["id"].as_str().unwrap())).send().await.unwrap();
    expect_problem(t.chen.get(&url).send().await.unwrap(), 404, "not_found").await;
}

async fn the_event_stream_delivers_mentions_and_task_changes_and_resumes(app: TestApp) {
    let t = Team::new(&app).await;
    let wait = Duration::from_secs(10);
    let (mut zhao_events, _) = EventStream::open(&t.zhao, None).await;
    let (mut sun_events, _) = EventStream::open(&t.sun, None).await;
    comment(&t.wang, &t.task, json!({"body": "@赵静 看一下", "mentions": [{"type": "user", "id": t.zhao_id}]})).await;
    app.run_jobs();
    let change = zhao_events.wait_for(wait, |e| e.event == "task").await.expect("a task event");
    assert_eq!(
        (change.data["task_id"].as_str(), change.data["what"].as_str()),
        (Some(t.task.as_str()), Some("comment"))
    );
    let note = zhao_events.wait_for(wait, |e| e.event == "notification").await.expect("a notification event");
    assert_eq!(note.data["kind"], "comment_mentioned");
    let inbox = t.zhao.get_json("/api/v1/notifications").await;
    assert_eq!(inbox["items"][0]["id"], note.data["notification_id"]);
    // 孙丽 cannot see the task: she hears nothing of it.
    assert!(sun_events.next(Duration::from_millis(1500)).await.is_none());

    // Disconnected, 赵静 misses a progress update; reconnecting with Last-Event-ID brings it.
    let last = note.id.unwrap();
    drop(zhao_events);
    t.wang.post_json(&format!("/api/v1/tasks/{}/progress", t.task), &json!({"percent": 20, "note": "启动"}), 200).await;
    let (_, missed) = EventStream::open(&t.zhao, Some(last)).await;
    assert!(
        missed.iter().any(|e| e.event == "task" && e.data["task_id"] == t.task.as_str() && e.id.unwrap() > last),
        "{missed:?}"
    );
    let _ = (&t.xu_id, &t.chen_id);
}
