//! Versioned files of a task: versions, restore, the change log, access levels, downloads with
//! UTF-8 names, Range and ETag, and bad uploads that must leave nothing behind.

use std::path::Path;

use api_tests::{both_backends, both_backends_raw, expect_problem, Backend, Client, Team, TestApp};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};

both_backends!(
    versions_restore_and_the_change_log_keep_every_version,
    each_access_level_decides_who_reads_and_who_changes,
    downloads_carry_the_utf8_name_ranges_and_an_etag,
    the_trash_and_archived_tasks,
);
both_backends_raw!(bad_uploads_are_refused_and_leave_nothing_behind,);

fn file_part(name: &str, content: &[u8]) -> Part {
    Part::bytes(content.to_vec()).file_name(name.to_owned())
}

/// Uploads a new file to a task; the response as it came.
async fn upload(c: &Client, task: &str, form: Form) -> reqwest::Response {
    c.post(&format!("/api/v1/tasks/{task}/files")).multipart(form).send().await.unwrap()
}

async fn upload_ok(c: &Client, task: &str, name: &str, content: &[u8], access: Option<Value>) -> Value {
    let mut form = Form::new().text("description", "渠道反馈汇总");
    if let Some(a) = access {
        form = form.text("access", a.to_string());
    }
    let res = upload(c, task, form.part("file", file_part(name, content))).await;
    assert_eq!(res.status().as_u16(), 201, "upload {name}");
    res.json().await.unwrap()
}

async fn new_version(c: &Client, file: &str, content: &[u8], note: &str) -> reqwest::Response {
    let form = Form::new().text("note", note.to_owned()).part("file", file_part("whatever.bin", content));
    c.post(&format!("/api/v1/files/{file}/versions")).multipart(form).send().await.unwrap()
}

async fn bytes(c: &Client, path: &str) -> Vec<u8> {
    let res = c.get(path).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{path}");
    res.bytes().await.unwrap().to_vec()
}

/// Blob files in the store (not counting uploads in progress).
fn stored_blobs(data_dir: &Path) -> usize {
    let Ok(dirs) = std::fs::read_dir(data_dir.join("blobs")) else { return 0 };
    dirs.flatten()
        .filter(|d| d.file_name() != "tmp")
        .map(|d| std::fs::read_dir(d.path()).map(|f| f.count()).unwrap_or(0))
        .sum()
}

fn uploads_in_progress(data_dir: &Path) -> usize {
    std::fs::read_dir(data_dir.join("blobs").join("tmp")).map(|d| d.count()).unwrap_or(0)
}

async fn versions_restore_and_the_change_log_keep_every_version(app: TestApp) {
    let t = Team::new(&app).await;
    let f = upload_ok(&t.zhao, &t.task, "渠道反馈数据.xlsx", b"version one", None).await;
    let id = f["id"].as_str().unwrap().to_owned();
    assert_eq!(f["name"], "渠道反馈数据.xlsx");
    assert_eq!(f["description"], "渠道反馈汇总");
    assert_eq!(f["access"]["level"], "collaborators");
    assert_eq!(f["current_version"]["number"], 1);
    assert_eq!(f["current_version"]["size_bytes"], 11);
    assert_eq!(
        f["current_version"]["content_type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );

    // 陈晨 of 研发部 (a collaborating department) uploads version 2.
    let res = new_version(&t.chen, &id, b"version two", "更新了华东数据").await;
    assert_eq!(res.status().as_u16(), 201);
    let v2: Value = res.json().await.unwrap();
    assert_eq!(v2["current_version"]["number"], 2);
    assert_eq!(v2["name"], "渠道反馈数据.xlsx", "a version keeps the file's name");

    // A second upload under the same name is refused and points at the file.
    let res = upload(&t.wang, &t.task, Form::new().part("file", file_part("渠道反馈数据.xlsx", b"x"))).await;
    let p = expect_problem(res, 409, "conflict").await;
    assert_eq!(p["errors"]["name"], json!(["exists"]));
    assert_eq!(p["allowed"], json!([id]));

    // 一键回退: version 3 has version 1's content; nothing was overwritten.
    let res = t.wang.post(&format!("/api/v1/files/{id}/versions/1/restore")).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let v3: Value = res.json().await.unwrap();
    assert_eq!(v3["current_version"]["number"], 3);
    assert_eq!(v3["current_version"]["restored_from"], 1);
    assert_eq!(bytes(&t.chen, &format!("/api/v1/files/{id}/content")).await, b"version one");
    assert_eq!(bytes(&t.chen, &format!("/api/v1/files/{id}/versions/2/content")).await, b"version two");
    assert_eq!(bytes(&t.chen, &format!("/api/v1/files/{id}/versions/1/content")).await, b"version one");
    // Restoring what is already current says so.
    let res = t.wang.post(&format!("/api/v1/files/{id}/versions/3/restore")).json(&json!({})).send().await.unwrap();
    expect_problem(res, 409, "conflict").await;
    let res = t.wang.post(&format!("/api/v1/files/{id}/versions/9/restore")).json(&json!({})).send().await.unwrap();
    expect_problem(res, 404, "not_found").await;
    // Identical content is stored once: three versions, two blobs.
    assert_eq!(stored_blobs(&app.config.data_dir), 2);

    // Two uploads at once both become versions.
    let (a, b) =
        tokio::join!(new_version(&t.zhao, &id, b"parallel a", ""), new_version(&t.chen, &id, b"parallel b", ""));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (201, 201));
    let versions = t.wang.get_json(&format!("/api/v1/files/{id}/versions")).await;
    let numbers: Vec<i64> =
        versions["items"].as_array().unwrap().iter().map(|v| v["number"].as_i64().unwrap()).collect();
    assert_eq!(numbers, [5, 4, 3, 2, 1]);
    let v2 = &versions["items"][3];
    assert_eq!(v2["note"], "更新了华东数据");
    assert_eq!(v2["created_by"]["name"], "陈晨");

    // Rename and describe, with If-Match.
    let res = t
        .zhao
        .patch(&format!("/api/v1/files/{id}"))
        .header("If-Match", "\"1\"")
        .json(&json!({"name": "渠道反馈数据_终版.xlsx", "description": "华东、华南"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["etag"], "\"2\"");
    let res = t
        .zhao
        .patch(&format!("/api/v1/files/{id}"))
        .header("If-Match", "\"1\"")
        .json(&json!({"description": "stale"}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 412, "version_mismatch").await;

    // The change log reads like the product brief, newest first, in the reader's language.
    let log = t.xu.get_json(&format!("/api/v1/files/{id}/changes")).await;
    let lines: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap()).collect();
    assert_eq!(lines.len(), 7, "{lines:?}");
    assert!(lines[0].ends_with("市场部 赵静 修改了 渠道反馈数据_终版.xlsx 的说明"), "{lines:?}");
    assert!(lines[1].ends_with("市场部 赵静 将 渠道反馈数据.xlsx 重命名为 渠道反馈数据_终版.xlsx"), "{lines:?}");
    assert!(lines[4].ends_with("市场部 王芳 将 渠道反馈数据.xlsx 回退到第 1 版（第 3 版）"), "{lines:?}");
    assert!(lines[5].ends_with("研发部 陈晨 修改了 渠道反馈数据.xlsx（第 2 版）"), "{lines:?}");
    assert!(lines[6].ends_with("市场部 赵静 上传了 渠道反馈数据.xlsx（第 1 版）"), "{lines:?}");
    assert!(lines[6].contains(" 市场部 "), "{lines:?}");
    let first_page = t.xu.get_json(&format!("/api/v1/files/{id}/changes?limit=3")).await;
    let cursor = first_page["next_cursor"].as_str().unwrap();
    let rest = t.xu.get_json(&format!("/api/v1/files/{id}/changes?limit=10&cursor={cursor}")).await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 4);
    // The task's activity feed does not carry file names (a restricted file's name is private).
    let history = t.sun.get(&format!("/api/v1/tasks/{}/history", t.task)).send().await.unwrap();
    assert_eq!(history.status().as_u16(), 404);
}

async fn each_access_level_decides_who_reads_and_who_changes(app: TestApp) {
    let t = Team::new(&app).await;
    let status = |c: &Client, path: String| {
        let req = c.get(&path);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    let names_for = |c: &Client| {
        let path = format!("/api/v1/tasks/{}/files", t.task);
        let c = c.clone();
        async move {
            let res = c.get(&path).send().await.unwrap();
            if res.status() != 200 {
                return vec![format!("{}", res.status().as_u16())];
            }
            let list: Value = res.json().await.unwrap();
            list["items"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };
    let team = upload_ok(&t.chen, &t.task, "协作.docx", b"team", None).await;
    let owners = upload_ok(&t.wang, &t.task, "方案.pptx", b"plan", Some(json!({"level": "owners_edit"}))).await;
    let public = upload_ok(&t.wang, &t.task, "公告.pdf", b"news", Some(json!({"level": "company_public"}))).await;
    let budget = upload_ok(
        &t.wang,
        &t.task,
        "预算.xlsx",
        b"money",
        Some(json!({"level": "restricted", "department_ids": [t.sales], "user_ids": [t.zhao_id]})),
    )
    .await;
    assert_eq!(budget["access"]["departments"][0]["name"], "销售部");
    assert_eq!(budget["access"]["people"][0]["name"], "赵静");
    let id = |f: &Value| f["id"].as_str().unwrap().to_owned();

    // Lists show exactly what each may read.
    assert_eq!(names_for(&t.wang).await, ["公告.pdf", "协作.docx", "方案.pptx", "预算.xlsx"]);
    assert_eq!(names_for(&t.chen).await, ["公告.pdf", "协作.docx", "方案.pptx"]);
    assert_eq!(names_for(&t.zhao).await, ["公告.pdf", "协作.docx", "方案.pptx", "预算.xlsx"]);
    // 孙丽 (head of 销售部) does not see the task, but reads the public file and the budget.
    assert_eq!(names_for(&t.sun).await, ["公告.pdf", "预算.xlsx"]);

    // The budget: metadata, every version, the change log and downloads, for its readers only.
    let b = id(&budget);
    for path in [
        format!("/api/v1/files/{b}"),
        format!("/api/v1/files/{b}/versions"),
        format!("/api/v1/files/{b}/changes"),
        format!("/api/v1/files/{b}/content"),
        format!("/api/v1/files/{b}/versions/1/content"),
    ] {
        assert_eq!(status(&t.chen, path.clone()).await, 404, "陈晨 {path}");
        assert_eq!(status(&t.xu, path.clone()).await, 404, "许强 {path}");
        assert_eq!(status(&t.sun, path.clone()).await, 200, "孙丽 {path}");
        assert_eq!(status(&t.zhao, path.clone()).await, 200, "赵静 {path}");
    }
    // Readers of a restricted file do not change it; the owner does.
    let res = new_version(&t.sun, &b, b"more money", "").await;
    expect_problem(res, 403, "forbidden").await;
    assert_eq!(new_version(&t.wang, &b, b"more money", "").await.status().as_u16(), 201);

    // Owners edit: the task's readers read it, only who runs the task changes it.
    let o = id(&owners);
    assert_eq!(status(&t.chen, format!("/api/v1/files/{o}/content")).await, 200);
    expect_problem(new_version(&t.chen, &o, b"mine", "").await, 403, "forbidden").await;
    assert_eq!(status(&t.sun, format!("/api/v1/files/{o}")).await, 404);
    let got = t.sun.get_json(&format!("/api/v1/files/{}", id(&public))).await;
    assert_eq!((got["can_write"].as_bool(), got["can_share"].as_bool()), (Some(false), Some(false)));
    expect_problem(new_version(&t.sun, &id(&public), b"x", "").await, 403, "forbidden").await;

    // Collaborators only: the people who take part read and upload; who put it there shares it.
    let c = id(&team);
    assert_eq!(new_version(&t.zhao, &c, b"team 2", "").await.status().as_u16(), 201);
    assert_eq!(status(&t.sun, format!("/api/v1/files/{c}/content")).await, 404);
    let share = |who: &Client, access: Value| {
        let req = who.patch(&format!("/api/v1/files/{c}")).header("If-Match", "\"1\"").json(&json!({"access": access}));
        async move { req.send().await.unwrap() }
    };
    let res = share(&t.zhao, json!({"level": "company_public"})).await;
    let p = expect_problem(res, 403, "forbidden").await;
    assert!(p["detail"].as_str().unwrap().contains("runs the task"), "{p}");
    let p = expect_problem(share(&t.chen, json!({"level": "restricted"})).await, 422, "validation_failed").await;
    assert_eq!(p["errors"]["access"], json!(["required"]));
    let unknown = json!({"level": "restricted", "department_ids": [uuid::Uuid::now_v7()]});
    let p = expect_problem(share(&t.chen, unknown).await, 422, "validation_failed").await;
    assert_eq!(p["errors"]["access"], json!(["not_found"]));
    let p = expect_problem(
        share(&t.chen, json!({"level": "owners_edit", "user_ids": [t.sun_id]})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"]["access"], json!(["unexpected"]));
    assert_eq!(share(&t.chen, json!({"level": "company_public"})).await.status().as_u16(), 200);
    assert_eq!(status(&t.sun, format!("/api/v1/files/{c}/content")).await, 200);
    let log = t.wang.get_json(&format!("/api/v1/files/{c}/changes")).await;
    assert!(
        log["items"][0]["summary"].as_str().unwrap().ends_with("研发部 陈晨 将 协作.docx 的权限设为“企业内公开”"),
        "{log}"
    );

    // A public file of a confidential task reaches only those who see the task.
    let body = json!({"scenario": "cross_department", "title": "保密项目", "owner_id": t.wang_id,
        "department_ids": [t.market, t.rnd], "visibility": "confidential", "due_at": "2030-12-31T00:00:00Z"});
    let secret = t.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    t.wang.post_json(&format!("/api/v1/tasks/{secret}/publish"), &json!({}), 200).await;
    let f = upload_ok(&t.wang, &secret, "保密公告.pdf", b"secret", Some(json!({"level": "company_public"}))).await;
    assert_eq!(status(&t.sun, format!("/api/v1/files/{}", id(&f))).await, 404);
    assert_eq!(status(&t.sun, format!("/api/v1/tasks/{secret}/files")).await, 404);
    assert_eq!(status(&t.chen, format!("/api/v1/files/{}", id(&f))).await, 404);
}

async fn downloads_carry_the_utf8_name_ranges_and_an_etag(app: TestApp) {
    let t = Team::new(&app).await;
    let content: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    let f = upload_ok(&t.zhao, &t.task, "用户调研数据_最终版.xlsx", &content, None).await;
    let url = format!("/api/v1/files/{}/content", f["id"].as_str().unwrap());
    let res = t.chen.get(&url).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let disposition = h["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\""), "{disposition}");
    let encoded = percent_encoding::utf8_percent_encode("用户调研数据_最终版.xlsx", percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%5F", "_")
        .replace("%2E", ".");
    assert!(disposition.ends_with(&format!("filename*=UTF-8''{encoded}")), "{disposition}");
    assert_eq!(h["accept-ranges"], "bytes");
    assert_eq!(h["content-length"], "1000");
    let etag = h["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"{}\"", f["current_version"]["sha256"].as_str().unwrap()));
    assert_eq!(res.bytes().await.unwrap().to_vec(), content);

    let get = |range: Option<&str>, extra: Option<(&str, &str)>| {
        let mut req = t.chen.get(&url);
        if let Some(r) = range {
            req = req.header("range", r.to_owned());
        }
        if let Some((k, v)) = extra {
            req = req.header(k.to_owned(), v.to_owned());
        }
        async move { req.send().await.unwrap() }
    };
    let res = get(None, Some(("if-none-match", &etag))).await;
    assert_eq!(res.status().as_u16(), 304);
    let res = get(Some("bytes=0-9"), None).await;
    assert_eq!(res.status().as_u16(), 206);
    assert_eq!(res.headers()["content-range"], "bytes 0-9/1000");
    assert_eq!(res.bytes().await.unwrap().to_vec(), content[..10]);
    let res = get(Some("bytes=-10"), None).await;
    assert_eq!(res.headers()["content-range"], "bytes 990-999/1000");
    assert_eq!(res.bytes().await.unwrap().to_vec(), content[990..]);
    let res = get(Some("bytes=500-"), Some(("if-range", &etag))).await;
    assert_eq!(res.status().as_u16(), 206);
    assert_eq!(res.bytes().await.unwrap().len(), 500);
    // The content changed since the client's copy: the whole of it.
    let res = get(Some("bytes=500-"), Some(("if-range", "\"something-else\""))).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.bytes().await.unwrap().len(), 1000);
    let res = get(Some("bytes=5000-"), None).await;
    assert_eq!(res.headers()["content-range"], "bytes */1000");
    expect_problem(res, 416, "range_not_satisfiable").await;
}

async fn the_trash_and_archived_tasks(app: TestApp) {
    let t = Team::new(&app).await;
    let f = upload_ok(&t.chen, &t.task, "纪要.docx", b"minutes", None).await;
    let id = f["id"].as_str().unwrap().to_owned();
    let res = t.chen.req(Method::DELETE, &format!("/api/v1/files/{id}")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 204);
    let live = t.wang.get_json(&format!("/api/v1/tasks/{}/files", t.task)).await;
    assert_eq!(live["items"], json!([]));
    let trash = t.wang.get_json(&format!("/api/v1/tasks/{}/files?deleted=true", t.task)).await;
    assert_eq!(trash["items"][0]["name"], "纪要.docx");
    assert!(trash["items"][0]["deleted_at"].is_string());
    expect_problem(new_version(&t.chen, &id, b"x", "").await, 409, "conflict").await;
    // A new file may take the name meanwhile; bringing the old one back then says so.
    let other = upload_ok(&t.zhao, &t.task, "纪要.docx", b"other minutes", None).await;
    let res = t.chen.post(&format!("/api/v1/files/{id}/undelete")).send().await.unwrap();
    expect_problem(res, 409, "conflict").await;
    let res = t.zhao.req(Method::DELETE, &format!("/api/v1/files/{}", other["id"].as_str().unwrap())).send().await;
    assert_eq!(res.unwrap().status().as_u16(), 204);
    let res = t.chen.post(&format!("/api/v1/files/{id}/undelete")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let log = t.wang.get_json(&format!("/api/v1/files/{id}/changes")).await;
    let kinds: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["undeleted", "deleted", "created"]);

    // Archived: files stay readable and nobody but an administrator changes them.
    app.sql(&format!("UPDATE tasks SET status = 'archived' WHERE id = '{}'", t.task));
    assert_eq!(bytes(&t.chen, &format!("/api/v1/files/{id}/content")).await, b"minutes");
    let p = expect_problem(new_version(&t.wang, &id, b"late", "").await, 403, "forbidden").await;
    assert!(p["detail"].as_str().unwrap().contains("archived"), "{p}");
    let res = upload(&t.wang, &t.task, Form::new().part("file", file_part("新.docx", b"x"))).await;
    expect_problem(res, 403, "forbidden").await;
}

async fn bad_uploads_are_refused_and_leave_nothing_behind(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.max_upload_bytes = 1024 * 1024).await;
    let t = Team::new(&app).await;
    let url = format!("/api/v1/tasks/{}/files", t.task);
    let field_error = |p: &Value, field: &str| p["errors"][field].clone();

    let res = upload(&t.zhao, &t.task, Form::new().part("file", file_part("空.docx", b""))).await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_error(&p, "file"), json!(["empty"]));

    let res = t.zhao.post(&url).json(&json!({"name": "x"})).send().await.unwrap();
    expect_problem(res, 415, "unsupported_media_type").await;
    let res = t
        .zhao
        .post(&url)
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body("this is not a multipart body")
        .send()
        .await
        .unwrap();
    expect_problem(res, 400, "bad_request").await;
    let res = t.zhao.post(&url).header("content-type", "multipart/form-data").body("--x\r\n").send().await.unwrap();
    expect_problem(res, 400, "bad_request").await;

    let res = upload(&t.zhao, &t.task, Form::new().text("name", "a.docx")).await;
    assert_eq!(field_error(&expect_problem(res, 422, "validation_failed").await, "file"), json!(["required"]));
    let two = Form::new().part("file", file_part("a.docx", b"a")).part("file", file_part("b.docx", b"b"));
    assert_eq!(
        field_error(&expect_problem(upload(&t.zhao, &t.task, two).await, 422, "validation_failed").await, "file"),
        json!(["multiple"])
    );
    let odd = Form::new().text("colour", "red").part("file", file_part("a.docx", b"a"));
    assert_eq!(
        field_error(&expect_problem(upload(&t.zhao, &t.task, odd).await, 422, "validation_failed").await, "colour"),
        json!(["unknown"])
    );
    let access = Form::new().text("access", "{\"level\":\"everyone\"}").part("file", file_part("a.docx", b"a"));
    assert_eq!(
        field_error(&expect_problem(upload(&t.zhao, &t.task, access).await, 422, "validation_failed").await, "access"),
        json!(["invalid"])
    );

    for (name, code) in [
        ("../../etc/passwd", "path_like"),
        ("C:\\Windows\\win.ini", "path_like"),
        ("报告\u{0001}.docx", "control_characters"),
        ("报告\r\n.docx", "control_characters"),
        (&"很长的名字".repeat(200), "too_long"),
    ] {
        // The name as a form field, and as the file part's own filename.
        let form = Form::new().text("name", name.to_owned()).part("file", file_part("ok.docx", b"content"));
        let p = expect_problem(upload(&t.zhao, &t.task, form).await, 422, "validation_failed").await;
        assert_eq!(field_error(&p, "name"), json!([code]), "{name:?}");
    }
    let form = Form::new().part("file", file_part("../escape.docx", b"content"));
    let p = expect_problem(upload(&t.zhao, &t.task, form).await, 422, "validation_failed").await;
    assert_eq!(field_error(&p, "name"), json!(["path_like"]));

    // Over the limit: refused from the declared length, and while streaming without one.
    let big = vec![7u8; 1024 * 1024 + 1];
    let res = upload(&t.zhao, &t.task, Form::new().part("file", file_part("big.bin", &big))).await;
    expect_problem(res, 413, "payload_too_large").await;
    let boundary = "tandemboundary";
    let head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\r\n");
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        std::iter::once(Ok(head.into_bytes())).chain((0..20).map(|_| Ok(vec![1u8; 100 * 1024]))).collect();
    let res = t
        .zhao
        .post(&url)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    expect_problem(res, 413, "payload_too_large").await;

    // An upload that breaks off half way.
    let head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.bin\"\r\n\r\n");
    let broken = futures_util::stream::iter(vec![
        Ok(head.into_bytes()),
        Ok(vec![2u8; 300 * 1024]),
        Err(std::io::Error::other("the network went away")),
    ]);
    let sent = t
        .zhao
        .post(&url)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(reqwest::Body::wrap_stream(broken))
        .send()
        .await;
    assert!(sent.is_err() || sent.unwrap().status().as_u16() >= 400);

    // Nothing was kept: no file, no version, no blob, no temporary file.
    for _ in 0..50 {
        if uploads_in_progress(&app.config.data_dir) == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(uploads_in_progress(&app.config.data_dir), 0, "temporary files left");
    assert_eq!(stored_blobs(&app.config.data_dir), 0, "blobs left");
    let list = t.wang.get_json(&url).await;
    assert_eq!(list["items"], json!([]));
    // And a good upload still works.
    upload_ok(&t.zhao, &t.task, "好.docx", b"fine", None).await;
    assert_eq!(stored_blobs(&app.config.data_dir), 1);
}
