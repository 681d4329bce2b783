//! The text of uploaded files, read by the background worker for search (issue #25): every
//! stored version gets a `file_texts` row and a job in the upload's transaction; the worker reads
//! the text in a child process with a time limit, and a file that outlasts it fails alone.

use std::io::Write;
use std::time::{Duration, Instant};

use api_tests::{both_backends_raw, Backend, Client, Team, TestApp};
use reqwest::multipart::{Form, Part};
use tandem::db::file_texts::{self, FileTextRow};
use tandem::values::{JobKind, JobStatus, TextStatus};

both_backends_raw!(
    an_uploaded_docx_is_read_by_the_worker_and_found_again_after_a_reindex,
    a_file_past_the_time_limit_fails_while_the_others_are_read,
);

/// The extractor as a child process (the tests' server runs inside the test binary).
const HELPER: &str = env!("CARGO_BIN_EXE_extract-helper");

async fn spawn(backend: Backend, timeout_secs: u64, workers: bool) -> TestApp {
    TestApp::spawn_with(backend, |c| {
        c.extract_program = Some(HELPER.into());
        c.extract_timeout_secs = timeout_secs;
        c.run_workers = workers;
    })
    .await
}

/// A Word document with these paragraphs.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(
        b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
    )
    .unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Uploads a new file to the task; its id.
async fn upload(c: &Client, task: &str, name: &str, content: Vec<u8>) -> String {
    let form = Form::new().part("file", Part::bytes(content).file_name(name.to_owned()));
    let res = c.post(&format!("/api/v1/tasks/{task}/files")).multipart(form).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 201, "upload {name}");
    res.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

async fn new_version(c: &Client, file: &str, content: Vec<u8>) {
    let form = Form::new().part("file", Part::bytes(content).file_name("whatever.docx"));
    let res = c.post(&format!("/api/v1/files/{file}/versions")).multipart(form).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 201, "new version of {file}");
}

/// The id of version `number` of a file.
fn version_id(app: &TestApp, file: &str, number: i32) -> String {
    let file = file.to_owned();
    app.state_db.read_blocking(move |c| Ok(tandem::db::files::version(c, &file, number)?.unwrap().id)).unwrap()
}

fn text_row(app: &TestApp, version: &str) -> Option<FileTextRow> {
    let v = version.to_owned();
    app.state_db.read_blocking(move |c| file_texts::find(c, &v)).unwrap()
}

/// Waits until none of these versions' texts is pending (the server's own worker reads them).
async fn settled(app: &TestApp, versions: &[&str]) -> Vec<FileTextRow> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let rows: Vec<FileTextRow> = versions.iter().map(|v| text_row(app, v).expect("a file_texts row")).collect();
        if rows.iter().all(|r| r.status != TextStatus::Pending) {
            return rows;
        }
        assert!(Instant::now() < deadline, "still pending: {rows:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn an_uploaded_docx_is_read_by_the_worker_and_found_again_after_a_reindex(backend: Backend) {
    let app = spawn(backend, 20, true).await;
    let t = Team::new(&app).await;
    let report = upload(&t.wang, &t.task, "季度报告.docx", docx(&["2026 年第三季度销售报告", "华东区增长 12%"])).await;
    let poster = upload(&t.zhao, &t.task, "海报.png", b"\x89PNG\r\n\x1a\n not really".to_vec()).await;
    let (v1, png) = (version_id(&app, &report, 1), version_id(&app, &poster, 1));
    // Queued with the upload, in its transaction.
    let rows = settled(&app, &[&v1, &png]).await;
    assert_eq!(rows[0].status, TextStatus::Done, "{:?}", rows[0]);
    assert_eq!(rows[0].text, "2026 年第三季度销售报告\n华东区增长 12%");
    assert_eq!(
        (rows[1].status, rows[1].error.as_deref()),
        (TextStatus::Skipped, Some("no text is read from this kind of file"))
    );

    // A new version is read too; the search index reads done texts only.
    new_version(&t.wang, &report, docx(&["第四季度预算草案"])).await;
    let v2 = version_id(&app, &report, 2);
    assert_eq!(settled(&app, &[&v2]).await[0].text, "第四季度预算草案");
    let ids = vec![v1.clone(), v2.clone(), png.clone()];
    let texts = app.state_db.read_blocking(move |c| file_texts::texts_of(c, &ids)).unwrap();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert_eq!(texts[&v2], "第四季度预算草案");

    // Rows lost (or never made, before extraction existed) are queued again, once.
    app.sql("DELETE FROM file_texts");
    let queued = app.state_db.write_blocking(tandem::domain::file_texts::queue_missing).unwrap();
    assert_eq!(queued, 3);
    assert_eq!(app.state_db.write_blocking(tandem::domain::file_texts::queue_missing).unwrap(), 0, "idempotent");
    let rows = settled(&app, &[&v1, &v2, &png]).await;
    let statuses: Vec<TextStatus> = rows.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [TextStatus::Done, TextStatus::Done, TextStatus::Skipped]);
    assert_eq!(rows[0].text, "2026 年第三季度销售报告\n华东区增长 12%");
}

async fn a_file_past_the_time_limit_fails_while_the_others_are_read(backend: Backend) {
    let app = spawn(backend, 2, false).await;
    let t = Team::new(&app).await;
    let stuck = upload(&t.wang, &t.task, "卡住.txt", b"%STALL: a parser caught in this file never ends".to_vec()).await;
    // As Chinese Windows saves "ANSI" text: GBK, a part of GB18030.
    let gbk = encoding_rs::GB18030.encode("会议纪要：预算通过").0.into_owned();
    assert!(std::str::from_utf8(&gbk).is_err());
    let minutes = upload(&t.wang, &t.task, "纪要.txt", gbk).await;
    let plan = upload(&t.xu, &t.task, "方案.docx", docx(&["新品发布会方案", "预算 30 万元"])).await;
    let broken = upload(&t.xu, &t.task, "损坏.docx", b"PK\x03\x04 cut short".to_vec()).await;
    let versions: Vec<String> = [&stuck, &minutes, &plan, &broken].iter().map(|f| version_id(&app, f, 1)).collect();
    let before = app.state_db.read_blocking(tandem::db::live::last_seq).unwrap();

    let started = Instant::now();
    assert_eq!(app.extract_texts().await, 4, "each file's job ran once");
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(2) && took < Duration::from_secs(20), "took {took:?}");

    let rows: Vec<FileTextRow> = versions.iter().map(|v| text_row(&app, v).unwrap()).collect();
    assert_eq!((rows[0].status, rows[0].error.as_deref()), (TextStatus::Failed, Some("took longer than 2 s")));
    assert_eq!(rows[0].text, "");
    assert_eq!((rows[1].status, rows[1].text.as_str()), (TextStatus::Done, "会议纪要：预算通过"));
    assert_eq!((rows[2].status, rows[2].text.as_str()), (TextStatus::Done, "新品发布会方案\n预算 30 万元"));
    assert_eq!(rows[3].status, TextStatus::Failed);
    assert!(rows[3].error.as_deref().unwrap().starts_with("not a zip package"), "{:?}", rows[3]);

    // No job is left to retry a file that failed: they are done, after one attempt each.
    let filter =
        tandem::db::jobs::JobFilter { kinds: Some(vec![JobKind::ExtractText]), limit: 10, ..Default::default() };
    let jobs = app.state_db.read_blocking(move |c| tandem::db::jobs::list(c, &filter)).unwrap();
    assert_eq!(jobs.len(), 4);
    assert!(jobs.iter().all(|j| j.status == JobStatus::Done && j.attempts == 1), "{jobs:?}");
    assert_eq!(app.extract_texts().await, 0);

    // Each stored text is announced on the task, so search indexers read the file again.
    let events = app.state_db.read_blocking(move |c| tandem::db::live::after(c, before, 100)).unwrap();
    for file in [&stuck, &minutes, &plan, &broken] {
        let n = events.iter().filter(|e| e.payload.contains(&format!("\"file_id\":\"{file}\""))).count();
        assert_eq!(n, 1, "one notice for {file}");
        let e = events.iter().find(|e| e.payload.contains(file.as_str())).unwrap();
        assert_eq!(e.task_id.as_deref(), Some(t.task.as_str()));
        assert!(e.payload.contains("\"what\":\"file\""), "{}", e.payload);
    }
}
