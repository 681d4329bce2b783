//! The one door out: robots and webhooks cannot be aimed at the internal network (server-side
//! request forgery), and nothing a remote server answers is ever read back to a user.

use api_tests::receivers::{HttpReceiver, Received};
use api_tests::{both_backends_raw, expect_problem, Backend, Client, Team, TestApp};
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends_raw!(
    robots_and_webhooks_cannot_be_aimed_at_the_internal_network,
    what_a_remote_server_answers_is_never_read_back_and_redirects_are_not_followed,
    slow_targets_hold_up_only_their_own_deliveries,
);

const SECRET_BODY: &str = "INTERNAL-ADMIN-CONSOLE-TOKEN";

async fn mention(t: &Team, text: &str) {
    let body = json!({"body": text, "mentions": [{"type": "user", "id": t.zhao_id}]});
    t.wang.post_json(&format!("/api/v1/tasks/{}/comments", t.task), &body, 201).await;
}

async fn jobs_text(admin: &Client) -> String {
    admin.get_json("/api/v1/jobs?limit=100").await.to_string()
}

async fn robots_and_webhooks_cannot_be_aimed_at_the_internal_network(backend: Backend) {
    let receiver = HttpReceiver::start(|_: &Received| (200, format!(r#"{{"errcode":0,"leak":"{SECRET_BODY}"}}"#)));
    // As in production: no internal range allowed.
    let app = TestApp::spawn_with(backend, |c| c.outbound_allow.clear()).await;
    let t = Team::new(&app).await;
    app.user("admin", "管理员", None, Role::Admin);
    let admin = app.login("admin").await;
    let port = receiver.base.rsplit(':').next().unwrap().to_owned();
    // Saving a robot or a webhook aimed inside is refused with a field error.
    for (url, code) in [
        (format!("{}/hook", receiver.base), "not_allowed"),
        (format!("http://localhost:{port}/hook"), "not_allowed"),
        (format!("http://LOCALHOST.:{port}/hook"), "not_allowed"),
        ("http://169.254.169.254/latest/meta-data/".to_owned(), "not_allowed"),
        ("http://[::ffff:127.0.0.1]/".to_owned(), "not_allowed"),
        ("http://2130706433/".to_owned(), "not_allowed"),
        ("http://10.0.0.8:9200/_cat/indices".to_owned(), "not_allowed"),
        ("file:///etc/passwd".to_owned(), "url"),
        ("http://user:pw@example.com/".to_owned(), "url"),
    ] {
        let body = json!({"name": "群", "platform": "dingtalk", "webhook_url": url, "department_id": t.market});
        let p =
            expect_problem(t.wang.post("/api/v1/robots").json(&body).send().await.unwrap(), 422, "validation_failed")
                .await;
        assert_eq!(p["errors"]["webhook_url"], json!([code]), "{url}: {p}");
        let body = json!({"url": url, "event_types": ["*"]});
        let p =
            expect_problem(t.zhao.post("/api/v1/webhooks").json(&body).send().await.unwrap(), 422, "validation_failed")
                .await;
        assert_eq!(p["errors"]["url"], json!([code]), "{url}: {p}");
    }
    // A public host name is accepted when saved (it is checked again whenever it is resolved).
    let body = json!({"name": "群", "platform": "dingtalk", "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=t",
        "department_id": t.market});
    let robot = t.wang.post_json("/api/v1/robots", &body, 201).await;

    // Rows written before the guard existed (or by hand) are refused when sent.
    let robot_id = robot["id"].as_str().unwrap().to_owned();
    app.sql(&format!(
        "UPDATE robots SET webhook_url = '{}/robot/send?access_token=ROBOT-ACCESS-TOKEN' WHERE id = '{robot_id}'",
        receiver.base
    ));
    let hook = t
        .zhao
        .post_json("/api/v1/webhooks", &json!({"url": "https://example.com/hook", "event_types": ["*"]}), 201)
        .await;
    let hook_id = hook["webhook"]["id"].as_str().unwrap().to_owned();
    app.sql(&format!("UPDATE webhooks SET url = '{}/hook' WHERE id = '{hook_id}'", receiver.base));
    mention(&t, "@赵静 请确认").await;
    app.run_jobs();
    app.deliver().await;
    assert!(receiver.received().is_empty(), "nothing reached the internal server: {:?}", receiver.received());
    // The test button answers 502 with a few words, not the target's answer.
    let res = t.wang.post(&format!("/api/v1/robots/{robot_id}/test")).send().await.unwrap();
    let p = expect_problem(res, 502, "delivery_failed").await;
    let detail = p["detail"].as_str().unwrap();
    assert!(detail.contains("internal network"), "{p}");
    assert!(!detail.contains(SECRET_BODY) && !detail.contains("ROBOT-ACCESS-TOKEN"), "{p}");
    // The delivery log and the job queue say why, without the URL's token.
    let log = t.zhao.get_json(&format!("/api/v1/webhooks/{hook_id}/deliveries")).await;
    assert_eq!(log["items"][0]["status_code"], Value::Null);
    assert!(log["items"][0]["error"].as_str().unwrap().contains("internal network"), "{log}");
    let jobs = jobs_text(&admin).await;
    assert!(jobs.contains("internal network"), "{jobs}");
    assert!(!jobs.contains("ROBOT-ACCESS-TOKEN") && !jobs.contains(SECRET_BODY), "{jobs}");
    assert!(receiver.received().is_empty());
}

async fn what_a_remote_server_answers_is_never_read_back_and_redirects_are_not_followed(backend: Backend) {
    let elsewhere = HttpReceiver::start(|_: &Received| (200, r#"{"errcode":0}"#.into()));
    let target = format!("{}/landed", elsewhere.base);
    let receiver = HttpReceiver::start_with_headers(move |r: &Received| {
        if r.path.starts_with("/boom") {
            (500, Vec::new(), format!(r#"{{"error":"{SECRET_BODY}"}}"#))
        } else if r.path.starts_with("/refuse") {
            (200, Vec::new(), format!(r#"{{"errcode":300001,"errmsg":"{SECRET_BODY}"}}"#))
        } else if r.path.starts_with("/redirect") {
            (302, vec![("location".into(), target.clone())], String::new())
        } else {
            (200, Vec::new(), "x".repeat(200_000))
        }
    });
    // The tests' loopback receivers are allowed (TANDEM_OUTBOUND_ALLOW=127.0.0.0/8).
    let app = TestApp::spawn(backend).await;
    let t = Team::new(&app).await;
    let test = |path: &str| {
        let body = json!({"name": path, "platform": "dingtalk",
            "webhook_url": format!("{}{path}?access_token=ROBOT-ACCESS-TOKEN", receiver.base), "department_id": t.market});
        let wang = t.wang.clone();
        async move {
            let robot = wang.post_json("/api/v1/robots", &body, 201).await;
            let res =
                wang.post(&format!("/api/v1/robots/{}/test", robot["id"].as_str().unwrap())).send().await.unwrap();
            expect_problem(res, 502, "delivery_failed").await["detail"].as_str().unwrap().to_owned()
        }
    };
    for (path, says) in [
        ("/boom", "HTTP 500"),
        ("/refuse", "code 300001"),
        ("/redirect", "HTTP 302"),
        ("/huge", "not a platform answer"),
    ] {
        let detail = test(path).await;
        assert!(detail.contains(says), "{path}: {detail}");
        assert!(!detail.contains(SECRET_BODY) && !detail.contains("ROBOT-ACCESS-TOKEN"), "{path}: {detail}");
    }
    assert!(elsewhere.received().is_empty(), "the redirect was not followed");
}

async fn slow_targets_hold_up_only_their_own_deliveries(backend: Backend) {
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    // Three receivers (each its own server thread): two answer after 3 s, one at once. Each
    // notes when a delivery reached it.
    let arrivals: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let receiver = |name: &'static str, delay: Duration| {
        let arrivals = arrivals.clone();
        HttpReceiver::start(move |_: &Received| {
            arrivals.lock().unwrap().push((name.to_owned(), Instant::now()));
            std::thread::sleep(delay);
            (200, "{}".into())
        })
    };
    let (slow1, slow2, fast) = (
        receiver("slow1", Duration::from_secs(3)),
        receiver("slow2", Duration::from_secs(3)),
        receiver("fast", Duration::ZERO),
    );
    let app = TestApp::spawn(backend).await;
    let t = Team::new(&app).await;
    for r in [&slow1, &slow2, &fast] {
        t.zhao
            .post_json("/api/v1/webhooks", &json!({"url": format!("{}/hook", r.base), "event_types": ["*"]}), 201)
            .await;
    }
    mention(&t, "@赵静 看看").await;
    app.run_jobs();
    app.deliver().await;
    let got = arrivals.lock().unwrap().clone();
    let mut names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["fast", "slow1", "slow2"]);
    // One after the other, the last would start 3 s or more after the first.
    let first = got.iter().map(|(_, at)| *at).min().unwrap();
    let last = got.iter().map(|(_, at)| *at).max().unwrap();
    assert!(last - first < Duration::from_millis(1500), "deliveries started {:?} apart", last - first);
}
