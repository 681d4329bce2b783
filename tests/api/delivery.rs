//! Delivery outside the app, against real receivers: mail through an SMTP server (aiosmtpd),
//! robots and webhooks through an HTTP server on loopback that checks what the platforms check.

use api_tests::receivers::{HttpReceiver, Received, SmtpServer};
use api_tests::{both_backends_raw, expect_problem, Backend, Team, TestApp};
use base64::Engine;
use hmac::{Hmac, Mac};
use mail_parser::MimeHeaders;
use serde_json::{json, Value};
use sha2::Sha256;
use tandem::config::{SmtpConfig, SmtpTls};

both_backends_raw!(
    mail_arrives_with_a_chinese_subject_and_a_calendar_invitation_once,
    robots_get_their_platform_format_signed_as_the_platform_checks,
    a_robot_over_its_budget_waits_and_folds_the_waiting_messages_into_one_digest,
    webhooks_are_signed_logged_taken_over_after_a_crash_and_dead_lettered,
);

fn hmac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn mention(t: &Team, text: &str) {
    let body = json!({"body": text, "mentions": [{"type": "user", "id": t.zhao_id}]});
    t.wang.post_json(&format!("/api/v1/tasks/{}/comments", t.task), &body, 201).await;
}

async fn mail_arrives_with_a_chinese_subject_and_a_calendar_invitation_once(backend: Backend) {
    let smtp = SmtpServer::start();
    let port = smtp.port;
    let app = TestApp::spawn_with(backend, |c| {
        c.smtp = Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            tls: SmtpTls::None,
            username: None,
            password: None,
            from: "Tandem <tandem@test.tandem.cn>".into(),
        });
    })
    .await;
    let t = Team::new(&app).await;
    // The publication mails went out before.
    app.deliver().await;
    // 陈晨 turns mail off.
    let res = t.chen.put("/api/v1/me/notification-preferences").json(&json!({"mail": false, "robot": true})).send();
    assert_eq!(res.await.unwrap().status(), 200);
    let before: std::collections::HashSet<Vec<u8>> = smtp.messages().into_iter().collect();
    let body = json!({"title": "发布会协调会", "starts_at": "2030-06-01T02:00:00Z", "duration_minutes": 60,
        "participant_ids": [t.zhao_id, t.chen_id], "location": "3楼会议室"});
    let meeting = t.wang.post_json(&format!("/api/v1/tasks/{}/meetings", t.task), &body, 201).await;
    app.run_jobs();
    app.deliver().await;
    // Running everything again sends nothing twice.
    app.run_jobs();
    app.deliver().await;
    let failed = app
        .state_db
        .read_blocking(|c| tandem::db::jobs::list(c, &tandem::db::jobs::JobFilter { limit: 100, ..Default::default() }))
        .unwrap()
        .into_iter()
        .filter(|j| j.status != tandem::values::JobStatus::Done)
        .map(|j| format!("{:?} {:?} {:?}", j.kind, j.status, j.last_error))
        .collect::<Vec<_>>();
    assert!(failed.is_empty(), "every mail went out: {failed:?}");
    let parser = mail_parser::MessageParser::default();
    let raw: Vec<Vec<u8>> = smtp.messages().into_iter().filter(|m| !before.contains(m)).collect();
    let new: Vec<mail_parser::Message<'_>> = raw.iter().map(|m| parser.parse(m).unwrap()).collect();
    let to = |m: &mail_parser::Message<'_>| {
        m.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or("").to_owned()
    };
    let invites: Vec<&mail_parser::Message<'_>> =
        new.iter().filter(|m| m.subject().is_some_and(|s| s.contains("邀请你参加"))).collect();
    assert_eq!(
        invites.len(),
        1,
        "one invitation, to 赵静 only: {:?}",
        new.iter().map(|m| (to(m), m.subject().map(str::to_owned))).collect::<Vec<_>>()
    );
    let invite = invites[0];
    assert_eq!(to(invite), "zhaojing@test.tandem.cn");
    // 2030-06-01 02:00 UTC is 10:00 in Shanghai.
    assert_eq!(invite.subject(), Some("王芳 邀请你参加《新品发布会》的会议：2030年6月1日 10:00"));
    assert!(invite.body_text(0).unwrap().contains("/tasks/"), "a link back to the task");
    assert!(invite.body_html(0).unwrap().contains("新品发布会"));
    let calendar = invite.parts.iter().find(|p| p.is_content_type("text", "calendar")).expect("a text/calendar part");
    let ics = calendar.text_contents().unwrap();
    assert!(ics.contains("METHOD:REQUEST") && ics.contains("SUMMARY:发布会协调会"), "{ics}");
    assert!(invite.message_id().is_some_and(|id| id.ends_with("@tandem")));
    assert!(!new.iter().any(|m| to(m) == "chenchen@test.tandem.cn"), "陈晨 turned mail off");
    // The attachment says what it is.
    let names: Vec<&str> = invite.attachments().filter_map(|a| a.attachment_name()).collect();
    assert_eq!(names, ["会议邀请_发布会协调会_20300601.ics"]);

    // 赵静 is taken off the meeting: her mail carries a METHOD:CANCEL naming her alone, read by an
    // independent parser, so her calendar drops the meeting (which still stands for the others).
    let seen: std::collections::HashSet<Vec<u8>> = smtp.messages().into_iter().collect();
    let res = t
        .wang
        .patch(&format!("/api/v1/meetings/{}", meeting["id"].as_str().unwrap()))
        .header("if-match", format!("\"{}\"", meeting["version"]))
        .json(&json!({"participant_ids": [t.chen_id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    app.run_jobs();
    app.deliver().await;
    let raw: Vec<Vec<u8>> = smtp.messages().into_iter().filter(|m| !seen.contains(m)).collect();
    let removed: Vec<mail_parser::Message<'_>> =
        raw.iter().map(|m| parser.parse(m).unwrap()).filter(|m| to(m) == "zhaojing@test.tandem.cn").collect();
    assert_eq!(removed.len(), 1, "one mail to 赵静");
    let part = removed[0].parts.iter().find(|p| p.is_content_type("text", "calendar")).expect("a calendar part");
    let cal: icalendar::Calendar =
        icalendar::parser::read_calendar(&icalendar::parser::unfold(part.text_contents().unwrap())).unwrap().into();
    assert_eq!(cal.property_value("METHOD"), Some("CANCEL"));
    use icalendar::Component;
    let ev = cal.events().next().unwrap();
    assert_eq!(ev.get_uid(), Some(format!("{}@tandem", meeting["id"].as_str().unwrap()).as_str()));
    assert_eq!(ev.get_sequence(), Some(1), "a newer sequence than the invitation's");
    let attendees: Vec<&str> = ev.multi_properties()["ATTENDEE"].iter().map(|p| p.value()).collect();
    assert_eq!(attendees, ["mailto:zhaojing@test.tandem.cn"]);

    // A strong reminder reaches her anyway: an emergency she has not acknowledged.
    let body = json!({"scenario": "emergency", "title": "客户投诉：断货", "owner_id": t.chen_id,
        "department_ids": [t.rnd], "due_at": "2030-12-31T00:00:00Z"});
    let task = t.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    t.wang.post_json(&format!("/api/v1/tasks/{task}/publish"), &json!({}), 200).await;
    app.run_jobs();
    app.deliver().await;
    let seen: std::collections::HashSet<Vec<u8>> = smtp.messages().into_iter().collect();
    let later = app.now() + chrono::Duration::minutes(31);
    let fired = tandem::domain::reminders::tick(&app.state_db, later).unwrap();
    assert_eq!(fired.get("strong"), 1);
    app.run_jobs();
    app.deliver().await;
    let strong: Vec<String> = smtp
        .messages()
        .into_iter()
        .filter(|m| !seen.contains(m))
        .filter_map(|m| {
            parser
                .parse(&m)
                .and_then(|p| p.subject().map(str::to_owned).filter(|_| to(&p) == "chenchen@test.tandem.cn"))
        })
        .collect();
    assert_eq!(strong, ["【强提醒】《客户投诉：断货》需要你立即确认并开始推进"]);
}

async fn robots_get_their_platform_format_signed_as_the_platform_checks(backend: Backend) {
    let receiver = HttpReceiver::start(|r: &Received| {
        if r.path.starts_with("/refuse") {
            (200, r#"{"errcode":310000,"errmsg":"keywords not in content"}"#.into())
        } else if r.path.starts_with("/feishu") {
            (200, r#"{"code":0,"msg":"success"}"#.into())
        } else {
            (200, r#"{"errcode":0,"errmsg":"ok"}"#.into())
        }
    });
    let app = TestApp::spawn(backend).await;
    let t = Team::new(&app).await;
    app.sql(&format!("UPDATE users SET mobile = '13800001111' WHERE id = '{}'", t.zhao_id));
    let robot = |platform: &str, path: &str, secret: Option<&str>| {
        json!({"name": format!("{platform} 群"), "platform": platform, "webhook_url": format!("{}{path}", receiver.base),
            "secret": secret, "department_id": t.market})
    };
    // A member does not add robots to the department; its head does.
    let res = t.zhao.post("/api/v1/robots").json(&robot("wecom", "/wecom", None)).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    let ding = t
        .wang
        .post_json(
            "/api/v1/robots",
            &robot("dingtalk", "/dingtalk/robot/send?access_token=abc", Some("SECtestsecret")),
            201,
        )
        .await;
    t.wang.post_json("/api/v1/robots", &robot("wecom", "/wecom/cgi-bin/webhook/send?key=k1", None), 201).await;
    t.wang.post_json("/api/v1/robots", &robot("feishu", "/feishu/open-apis/bot/v2/hook/tok", Some("demo")), 201).await;
    // The URL and secret are never read back.
    let list = t.wang.get_json("/api/v1/robots").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    let text = list.to_string();
    assert!(!text.contains("access_token") && !text.contains("SECtestsecret") && !text.contains("k1"), "{text}");
    assert_eq!(ding["has_secret"], true);
    assert_eq!(t.sun.get_json("/api/v1/robots").await["items"], json!([]), "outsiders see none");

    mention(&t, "@赵静 请确认场地").await;
    app.run_jobs();
    app.deliver().await;
    let got = receiver.received();
    assert_eq!(got.len(), 3, "{got:?}");
    let dt = got.iter().find(|r| r.path.starts_with("/dingtalk")).unwrap();
    let q: std::collections::HashMap<String, String> =
        dt.query.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    assert_eq!(q["access_token"], "abc");
    let ts: i64 = q["timestamp"].parse().unwrap();
    assert!((chrono::Utc::now().timestamp_millis() - ts).abs() < 3_600_000, "milliseconds, within an hour");
    let expected = b64(&hmac(b"SECtestsecret", format!("{ts}\nSECtestsecret").as_bytes()));
    let sign = percent_encoding::percent_decode_str(&q["sign"]).decode_utf8().unwrap();
    assert_eq!(sign, expected);
    let body = dt.json();
    assert_eq!(body["msgtype"], "markdown");
    assert_eq!(body["at"]["atMobiles"], json!(["13800001111"]));
    assert!(body["markdown"]["text"].as_str().unwrap().contains("@13800001111"), "the text names the mobile");
    assert!(body["markdown"]["title"].as_str().unwrap().contains("提到了你"));

    let fs = got.iter().find(|r| r.path.starts_with("/feishu")).unwrap().json();
    let ts: i64 = fs["timestamp"].as_str().unwrap().parse().unwrap();
    assert!((chrono::Utc::now().timestamp() - ts).abs() < 3600, "seconds, within an hour");
    assert_eq!(fs["sign"], b64(&hmac(format!("{ts}\ndemo").as_bytes(), b"")));
    assert_eq!(fs["msg_type"], "interactive");
    assert!(fs["card"]["header"]["title"]["content"].as_str().unwrap().contains("新品发布会"));

    let wc = got.iter().find(|r| r.path.starts_with("/wecom")).unwrap();
    assert_eq!(wc.query, "key=k1");
    let wc = wc.json();
    assert_eq!(wc["msgtype"], "markdown");
    assert!(wc["markdown"]["content"].as_str().unwrap().contains("新品发布会"));
    assert!(wc.get("sign").is_none() && wc.get("timestamp").is_none(), "WeCom does not sign");

    // The test button: accepted, or the platform's refusal as 502.
    let id = ding["id"].as_str().unwrap();
    assert_eq!(t.wang.post(&format!("/api/v1/robots/{id}/test")).send().await.unwrap().status(), 204);
    let bad = t.wang.post_json("/api/v1/robots", &robot("dingtalk", "/refuse", None), 201).await;
    let res = t.wang.post(&format!("/api/v1/robots/{}/test", bad["id"].as_str().unwrap())).send().await.unwrap();
    let p = expect_problem(res, 502, "delivery_failed").await;
    assert!(p["detail"].as_str().unwrap().contains("310000"), "{p}");
    expect_problem(t.sun.post(&format!("/api/v1/robots/{id}/test")).send().await.unwrap(), 404, "not_found").await;
}

async fn a_robot_over_its_budget_waits_and_folds_the_waiting_messages_into_one_digest(backend: Backend) {
    let receiver = HttpReceiver::start(|_| (200, r#"{"errcode":0,"errmsg":"ok"}"#.into()));
    let app = TestApp::spawn(backend).await;
    let t = Team::new(&app).await;
    let body = json!({"name": "市场部群", "platform": "dingtalk", "webhook_url": format!("{}/ding", receiver.base),
        "department_id": t.market});
    let robot = t.wang.post_json("/api/v1/robots", &body, 201).await;
    let rid = robot["id"].as_str().unwrap().to_owned();
    // The robot already sent 20 messages this minute.
    let r = rid.clone();
    app.state_db
        .write_blocking(move |c| {
            for _ in 0..20 {
                tandem::db::channels::record_robot_send(c, &r, tandem::db::now(), 1)?;
            }
            Ok(())
        })
        .unwrap();
    mention(&t, "第一条").await;
    mention(&t, "第二条").await;
    app.run_jobs();
    app.deliver().await;
    assert!(receiver.received().is_empty(), "over budget: nothing goes out, nothing is dropped");
    // A minute later.
    app.sql(&format!("DELETE FROM robot_sends WHERE robot_id = '{rid}'"));
    app.sql("UPDATE jobs SET run_at = created_at WHERE status = 'queued'");
    app.deliver().await;
    let got = receiver.received();
    assert_eq!(got.len(), 1, "one digest: {got:?}");
    let text = got[0].json()["markdown"]["text"].as_str().unwrap().to_owned();
    assert!(text.contains("通知汇总（2 条）"), "{text}");
    app.deliver().await;
    assert_eq!(receiver.received().len(), 1, "the folded messages are not sent again");
}

async fn webhooks_are_signed_logged_taken_over_after_a_crash_and_dead_lettered(backend: Backend) {
    let receiver = HttpReceiver::start(|_| (200, "{}".into()));
    let app = TestApp::spawn(backend).await;
    let t = Team::new(&app).await;
    let admin_id = app.user("admin", "管理员", None, tandem::domain::Role::Admin);
    let admin = app.login("admin").await;
    let hook = t
        .zhao
        .post_json(
            "/api/v1/webhooks",
            &json!({"url": format!("{}/hook", receiver.base), "event_types": ["comment_mentioned"]}),
            201,
        )
        .await;
    let secret = hook["secret"].as_str().unwrap().to_owned();
    let hook_id = hook["webhook"]["id"].as_str().unwrap().to_owned();
    mention(&t, "@赵静 看看").await;
    app.run_jobs();
    // A runner claims the job and crashes before finishing: its lease runs out.
    let owner = "crashed-runner".to_owned();
    let claimed = app
        .state_db
        .write_blocking(move |c| {
            let at = tandem::db::now();
            tandem::db::jobs::claim(
                c,
                &owner,
                at,
                at - chrono::Duration::seconds(1),
                &[tandem::values::JobKind::Webhook],
                10,
            )
        })
        .unwrap();
    assert_eq!(claimed.len(), 1);
    // Another runner takes it over; nothing is lost, nothing is sent twice.
    app.deliver().await;
    app.run_jobs();
    app.deliver().await;
    let got = receiver.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let r = &got[0];
    assert_eq!(r.header("x-tandem-event"), Some("comment_mentioned"));
    let ts = r.header("x-tandem-timestamp").unwrap();
    let expected = format!("sha256={}", hex::encode(hmac(secret.as_bytes(), format!("{ts}.{}", r.body).as_bytes())));
    assert_eq!(r.header("x-tandem-signature"), Some(expected.as_str()));
    let event = r.json();
    assert_eq!((event["kind"].clone(), event["task_id"].clone()), (json!("comment_mentioned"), json!(t.task)));
    assert!(event["data"].get("recipients").is_none());
    let log = t.zhao.get_json(&format!("/api/v1/webhooks/{hook_id}/deliveries")).await;
    assert_eq!((log["items"][0]["status_code"].clone(), log["items"][0]["attempt"].clone()), (json!(200), json!(2)));
    expect_problem(
        t.chen.get(&format!("/api/v1/webhooks/{hook_id}/deliveries")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;

    // A receiver that is gone: retried with back-off, then dead; an administrator retries it.
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    t.zhao
        .post_json(
            "/api/v1/webhooks",
            &json!({"url": format!("http://127.0.0.1:{dead_port}/gone"), "event_types": ["*"]}),
            201,
        )
        .await;
    mention(&t, "@赵静 再看看").await;
    app.run_jobs();
    for _ in 0..8 {
        app.deliver().await;
        app.sql("UPDATE jobs SET run_at = created_at WHERE status = 'queued'");
    }
    let dead = admin.get_json("/api/v1/jobs?status=dead&kind=webhook").await;
    assert_eq!(dead["total"], 1, "{dead}");
    let job = &dead["items"][0];
    assert_eq!(job["attempts"], 8);
    assert!(job["last_error"].as_str().unwrap().contains("unreachable"), "{job}");
    expect_problem(t.zhao.get("/api/v1/jobs").send().await.unwrap(), 403, "forbidden").await;
    let retried: Value = admin
        .post(&format!("/api/v1/jobs/{}/retry", job["id"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((retried["status"].clone(), retried["attempts"].clone()), (json!("queued"), json!(0)));
    let res = admin.post(&format!("/api/v1/jobs/{}/retry", job["id"].as_str().unwrap())).send().await.unwrap();
    expect_problem(res, 409, "invalid_transition").await;
    let _ = admin_id;
}
