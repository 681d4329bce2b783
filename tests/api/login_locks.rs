//! Sign-in throttling cannot be turned against the victim, administrators see and clear locks,
//! and sessions end when they should: access tokens die with sign-out, a password change closes
//! everything the old password opened, two tabs refreshing at once stay signed in.

use api_tests::{both_backends, expect_problem, TestApp, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    guessing_an_account_does_not_lock_out_its_owner_on_a_known_device,
    many_failures_from_one_address_lock_that_address_whatever_it_claims_to_forward,
    locks_last_longer_each_time_and_administrators_see_and_clear_them,
    signing_out_ends_the_access_tokens_of_the_session,
    a_password_change_closes_other_sessions_tokens_and_devices,
    two_tabs_refreshing_at_once_stay_signed_in,
);

/// A sign-in attempt: (status, body, Retry-After).
async fn login(
    app: &TestApp,
    email: &str,
    password: &str,
    device: Option<&str>,
    forwarded: Option<&str>,
) -> (u16, Value, Option<u64>) {
    let mut body = json!({"email": email, "password": password});
    if let Some(d) = device {
        body["device_token"] = json!(d);
    }
    let mut req = app.request(Method::POST, "/api/v1/auth/login").json(&body);
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let retry = res.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    (status, res.json().await.unwrap_or(Value::Null), retry)
}

const VICTIM: &str = "victim@test.tandem.cn";

async fn guessing_an_account_does_not_lock_out_its_owner_on_a_known_device(app: TestApp) {
    app.user("victim", "受害人", None, Role::Member);
    app.user("auditor", "审计员", None, Role::Admin);
    let auditor = app.login("auditor").await;
    // The owner signed in on this laptop before: the answer gave the laptop a device token.
    let (status, first, _) = login(&app, VICTIM, PASSWORD, None, None).await;
    assert_eq!(status, 200);
    let device = first["device_token"].as_str().expect("a new device gets a token").to_owned();
    // Someone guesses: after five wrong passwords the account is locked for devices it does not know.
    for i in 0..4 {
        assert_eq!(login(&app, VICTIM, &format!("guess-{i}"), None, None).await.0, 401);
    }
    let (status, body, retry) = login(&app, VICTIM, "guess-4", None, None).await;
    assert_eq!((status, body["code"].clone()), (429, json!("too_many_requests")));
    assert!(retry.is_some_and(|r| r > 0));
    // Even the right password from an unknown device waits now...
    assert_eq!(login(&app, VICTIM, PASSWORD, None, None).await.0, 429);
    // ...but the owner's laptop signs in, and is told nothing new about itself.
    let (status, body, _) = login(&app, VICTIM, PASSWORD, Some(&device), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["device_token"], Value::Null);
    // A device token of another account does not count for this one.
    app.user("other", "别人", None, Role::Member);
    let other =
        login(&app, "other@test.tandem.cn", PASSWORD, None, None).await.1["device_token"].as_str().unwrap().to_owned();
    assert_eq!(login(&app, VICTIM, PASSWORD, Some(&other), None).await.0, 429);
    // The failed sign-ins are in the audit log with where they came from.
    let audit = auditor.get_json("/api/v1/audit-events?kind=login_failed").await;
    assert!(audit["items"].as_array().unwrap().len() >= 5);
    assert_eq!(audit["items"][0]["detail"]["known_device"], false);
}

async fn many_failures_from_one_address_lock_that_address_whatever_it_claims_to_forward(app: TestApp) {
    app.user("worker", "员工", None, Role::Member);
    let (_, first, _) = login(&app, "worker@test.tandem.cn", PASSWORD, None, None).await;
    let device = first["device_token"].as_str().unwrap().to_owned();
    // Twenty failures for twenty accounts from one address, each claiming another client in
    // X-Forwarded-For: the server does not trust the header from an untrusted peer.
    for i in 0..19 {
        let (status, _, _) =
            login(&app, &format!("nobody{i}@test.tandem.cn"), "x", None, Some(&format!("198.51.100.{i}"))).await;
        assert_eq!(status, 401, "attempt {i}");
    }
    let (status, _, retry) = login(&app, "nobody19@test.tandem.cn", "x", None, Some("198.51.100.19")).await;
    assert_eq!(status, 429);
    assert!(retry.is_some());
    // The whole address waits, even for the right password of another account...
    assert_eq!(login(&app, "worker@test.tandem.cn", PASSWORD, None, Some("203.0.113.1")).await.0, 429);
    // ...except a device that signed in to that account before.
    assert_eq!(login(&app, "worker@test.tandem.cn", PASSWORD, Some(&device), None).await.0, 200);
}

async fn locks_last_longer_each_time_and_administrators_see_and_clear_them(app: TestApp) {
    app.user("admin", "管理员", None, Role::Admin);
    app.user("member", "成员", None, Role::Member);
    let admin = app.login("admin").await;
    let member = app.login("member").await;
    let email = "member@test.tandem.cn";
    let lock = |n: usize| {
        let app = &app;
        async move {
            for i in 0..n {
                login(app, email, &format!("wrong-{i}"), None, None).await;
            }
        }
    };
    lock(5).await;
    let (status, _, first) = login(&app, email, PASSWORD, None, None).await;
    assert_eq!(status, 429);
    let first = first.unwrap();
    assert!((55..=60).contains(&first), "{first}");
    // After it ends, the next lock lasts twice as long.
    app.clock.advance(chrono::Duration::seconds(61));
    lock(5).await;
    let second = login(&app, email, PASSWORD, None, None).await.2.unwrap();
    assert!((115..=120).contains(&second), "{second}");
    // Administrators see it...
    let locks = admin.get_json("/api/v1/login-locks").await;
    let account = locks["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "account" && l["subject"] == email)
        .unwrap_or_else(|| panic!("{locks}"))
        .clone();
    assert_eq!((account["is_locked"].clone(), account["lock_count"].clone()), (json!(true), json!(2)));
    // ...members do not.
    expect_problem(member.get("/api/v1/login-locks").send().await.unwrap(), 403, "forbidden").await;
    expect_problem(
        member.delete(&format!("/api/v1/login-locks/{}", account["id"].as_str().unwrap())).send().await.unwrap(),
        403,
        "forbidden",
    )
    .await;
    // Clearing it lets the owner in at once, and is audited.
    let res = admin.delete(&format!("/api/v1/login-locks/{}", account["id"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(login(&app, email, PASSWORD, None, None).await.0, 200);
    let audit = admin.get_json("/api/v1/audit-events?kind=login_lock_cleared").await;
    assert_eq!(audit["items"][0]["detail"]["subject"], email);
    expect_problem(
        admin.delete(&format!("/api/v1/login-locks/{}", account["id"].as_str().unwrap())).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
}

async fn signing_out_ends_the_access_tokens_of_the_session(app: TestApp) {
    app.user("lin", "林涛", None, Role::Member);
    let laptop = app.login("lin").await;
    let phone = app.login("lin").await;
    assert_eq!(laptop.get("/api/v1/me").send().await.unwrap().status(), 200);
    let res = app
        .request(Method::POST, "/api/v1/auth/logout")
        .json(&json!({"refresh_token": laptop.refresh}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    // The access token is not yet expired, but its session ended.
    expect_problem(laptop.get("/api/v1/me").send().await.unwrap(), 401, "unauthenticated").await;
    assert_eq!(phone.get("/api/v1/me").send().await.unwrap().status(), 200, "another session goes on");
}

async fn a_password_change_closes_other_sessions_tokens_and_devices(app: TestApp) {
    app.user("zhou", "周杰", None, Role::Member);
    let email = "zhou@test.tandem.cn";
    let (_, first, _) = login(&app, email, PASSWORD, None, None).await;
    let device = first["device_token"].as_str().unwrap().to_owned();
    let laptop = app.login("zhou").await;
    let phone = app.login("zhou").await;
    let created = laptop.post_json("/api/v1/me/tokens", &json!({"name": "同步脚本"}), 201).await;
    let pat = laptop.with_token(created["token"].as_str().unwrap());
    assert_eq!(pat.get("/api/v1/me").send().await.unwrap().status(), 200);
    let res = laptop
        .post("/api/v1/me/password")
        .json(&json!({"current_password": PASSWORD, "new_password": "new-password-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    expect_problem(phone.get("/api/v1/me").send().await.unwrap(), 401, "unauthenticated").await;
    expect_problem(pat.get("/api/v1/me").send().await.unwrap(), 401, "unauthenticated").await;
    assert_eq!(laptop.get("/api/v1/me").send().await.unwrap().status(), 200, "the session that changed it stays");
    // The old device token is forgotten: signing in again with it gives a new one.
    let (status, again, _) = login(&app, email, "new-password-1", Some(&device), None).await;
    assert_eq!(status, 200);
    assert!(again["device_token"].as_str().is_some_and(|d| d != device));
    assert_eq!(laptop.get_json("/api/v1/me/tokens").await["items"], json!([]), "no live token is left");
}

async fn two_tabs_refreshing_at_once_stay_signed_in(app: TestApp) {
    app.user("wei", "魏华", None, Role::Member);
    let c = app.login("wei").await;
    let refresh =
        |t: String| app.request(Method::POST, "/api/v1/auth/refresh").json(&json!({"refresh_token": t})).send();
    // Both tabs send the same refresh token at the same moment.
    let (a, b) = tokio::join!(refresh(c.refresh.clone()), refresh(c.refresh.clone()));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    let (a, b): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
    // Each tab goes on with its own pair of the same session.
    for pair in [&a, &b] {
        let tab = c.with_token(pair["access_token"].as_str().unwrap());
        assert_eq!(tab.get("/api/v1/me").send().await.unwrap().status(), 200);
        let next = refresh(pair["refresh_token"].as_str().unwrap().to_owned()).await.unwrap();
        assert_eq!(next.status(), 200);
    }
}
