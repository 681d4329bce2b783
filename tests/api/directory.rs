use std::collections::HashSet;

use api_tests::{both_backends, expect_problem, TestApp};
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(
    admin_creates_and_changes_users_with_if_match,
    members_read_the_directory_but_cannot_change_it,
    user_list_pages_with_cursor_and_searches_chinese_names,
    departments_have_heads_and_refuse_cycles,
    the_last_admin_cannot_be_demoted,
    supervisor_cycles_are_refused,
);

async fn admin_creates_and_changes_users_with_if_match(app: TestApp) {
    let sales = app.department("销售部");
    app.user("admin", "管理员", None, Role::Admin);
    let admin = app.login("admin").await;
    let res = admin
        .post("/api/v1/users")
        .json(&json!({"email": "Wang.Wu@Test.Tandem.cn", "name": "王五", "password": "secret-pass-1",
                      "department_id": sales, "title": "销售代表", "role": "member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let user: Value = res.json().await.unwrap();
    assert_eq!(user["email"], "wang.wu@test.tandem.cn");
    assert_eq!(user["department_name"], "销售部");
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    // The same email twice is a field error.
    let res = admin
        .post("/api/v1/users")
        .json(
            &json!({"email": "wang.wu@test.tandem.cn", "name": "王五", "password": "secret-pass-1", "role": "member"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["email"][0], "taken");
    // PATCH without If-Match: 428; with a stale version: 412; with the current one: 200.
    expect_problem(
        admin.patch(&path).json(&json!({"title": "主管"})).send().await.unwrap(),
        428,
        "precondition_required",
    )
    .await;
    let ok = admin
        .patch(&path)
        .header("if-match", "\"1\"")
        .json(&json!({"title": "主管", "role": "dept_head"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers().get("etag").unwrap(), "\"2\"");
    let changed: Value = ok.json().await.unwrap();
    assert_eq!((changed["title"].as_str(), changed["role"].as_str()), (Some("主管"), Some("dept_head")));
    let stale = admin.patch(&path).header("if-match", "\"1\"").json(&json!({"title": "经理"})).send().await.unwrap();
    expect_problem(stale, 412, "version_mismatch").await;
    // null clears a nullable field.
    let cleared: Value = admin
        .patch(&path)
        .header("if-match", "\"2\"")
        .json(&json!({"title": null}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["title"], Value::Null);
    assert_eq!(cleared["department_name"], "销售部", "absent fields stay");
    app.login_email("wang.wu@test.tandem.cn", "secret-pass-1").await;
}

async fn members_read_the_directory_but_cannot_change_it(app: TestApp) {
    let dept = app.department("研发部");
    let uid = app.user("dev", "开发者", Some(&dept), Role::Member);
    let dev = app.login("dev").await;
    assert_eq!(dev.get_json(&format!("/api/v1/users/{uid}")).await["name"], "开发者");
    assert_eq!(dev.get_json(&format!("/api/v1/departments/{dept}")).await["member_count"], 1);
    let res = dev
        .post("/api/v1/users")
        .json(&json!({"email": "x@test.tandem.cn", "name": "X", "password": "12345678", "role": "admin"}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 403, "forbidden").await;
    let res = dev
        .patch(&format!("/api/v1/users/{uid}"))
        .header("if-match", "\"1\"")
        .json(&json!({"role": "admin"}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 403, "forbidden").await;
    let res = dev.post("/api/v1/departments").json(&json!({"name": "黑客部"})).send().await.unwrap();
    expect_problem(res, 403, "forbidden").await;
    // Self-service cannot change the role either: unknown fields are refused.
    let res = dev.patch("/api/v1/me").header("if-match", "\"1\"").json(&json!({"role": "admin"})).send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["role"][0], "unknown");
    let res = dev
        .patch("/api/v1/me")
        .header("if-match", "\"1\"")
        .json(&json!({"name": "开发者二号", "locale": "en", "time_zone": "Europe/Berlin"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let me: Value = res.json().await.unwrap();
    assert_eq!(
        (me["name"].as_str(), me["locale"].as_str(), me["role"].as_str()),
        (Some("开发者二号"), Some("en"), Some("member"))
    );
    let res = dev
        .patch("/api/v1/me")
        .header("if-match", "\"2\"")
        .json(&json!({"time_zone": "Mars/Olympus"}))
        .send()
        .await
        .unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["time_zone"][0], "time_zone");
}

async fn user_list_pages_with_cursor_and_searches_chinese_names(app: TestApp) {
    let dept = app.department("市场部");
    for (i, name) in ["张伟", "张敏", "王芳", "李娜", "张静", "刘洋", "陈杰"].iter().enumerate() {
        app.user(&format!("u{i}"), name, Some(&dept), Role::Member);
    }
    app.user("viewer", "查看者", None, Role::Member);
    let c = app.login("viewer").await;
    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(cur) => format!("/api/v1/users?limit=3&cursor={cur}"),
            None => "/api/v1/users?limit=3".to_owned(),
        };
        let page = c.get_json(&path).await;
        assert_eq!(page["total"], 8);
        for u in page["items"].as_array().unwrap() {
            assert!(seen.insert(u["id"].as_str().unwrap().to_owned()), "duplicate across pages");
        }
        pages += 1;
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!((seen.len(), pages), (8, 3));
    let found = c.get_json("/api/v1/users?q=%E5%BC%A0").await; // q=张
    let names: Vec<&str> = found["items"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().all(|n| n.starts_with('张')));
    let by_email = c.get_json("/api/v1/users?q=U1%40TEST").await;
    assert_eq!(by_email["total"], 1);
    // A literal % is not a wildcard.
    assert_eq!(c.get_json("/api/v1/users?q=%25").await["total"], 0);
    let in_dept = c.get_json(&format!("/api/v1/users?department_id={dept}&limit=100")).await;
    assert_eq!(in_dept["total"], 7);
    let res = c.get("/api/v1/users?limit=500").send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["limit"][0], "range");
    let res = c.get("/api/v1/users?cursor=garbage").send().await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["cursor"][0], "invalid");
}

async fn departments_have_heads_and_refuse_cycles(app: TestApp) {
    app.user("admin", "管理员", None, Role::Admin);
    let head = app.user("head", "王经理", None, Role::DeptHead);
    let admin = app.login("admin").await;
    let create = |body: Value| admin.post("/api/v1/departments").json(&body).send();
    let parent: Value = create(json!({"name": "产品中心", "head_ids": [head]})).await.unwrap().json().await.unwrap();
    assert_eq!(parent["heads"][0]["name"], "王经理");
    let pid = parent["id"].as_str().unwrap();
    let res = create(json!({"name": "用户研究组", "parent_id": pid})).await.unwrap();
    assert_eq!(res.status(), 201);
    let child: Value = res.json().await.unwrap();
    let cid = child["id"].as_str().unwrap();
    // Putting the parent under its own child is a cycle.
    let res = admin
        .patch(&format!("/api/v1/departments/{pid}"))
        .header("if-match", "\"1\"")
        .json(&json!({"parent_id": cid}))
        .send()
        .await
        .unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["parent_id"][0], "cycle");
    let res = create(json!({"name": "产品中心"})).await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["name"][0], "taken");
    let res = create(json!({"name": "幽灵部", "head_ids": [uuid::Uuid::now_v7()]})).await.unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["head_ids"][0], "not_found");
    let res = admin
        .patch(&format!("/api/v1/departments/{cid}"))
        .header("if-match", "\"1\"")
        .json(&json!({"is_active": false, "head_ids": [head]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let child: Value = res.json().await.unwrap();
    assert_eq!((child["is_active"].as_bool(), child["version"].as_i64()), (Some(false), Some(2)));
    let children = admin.get_json(&format!("/api/v1/departments?parent_id={pid}")).await;
    assert_eq!(children["total"], 1);
    let active = admin.get_json("/api/v1/departments?is_active=true").await;
    assert_eq!(active["total"], 1);
    let found = admin.get_json("/api/v1/departments?q=%E7%94%A8%E6%88%B7").await; // q=用户
    assert_eq!(found["items"][0]["name"], "用户研究组");
}

async fn the_last_admin_cannot_be_demoted(app: TestApp) {
    let id = app.user("root", "唯一管理员", None, Role::Admin);
    let admin = app.login("root").await;
    let res = admin
        .patch(&format!("/api/v1/users/{id}"))
        .header("if-match", "\"1\"")
        .json(&json!({"role": "member"}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 409, "conflict").await;
}

async fn supervisor_cycles_are_refused(app: TestApp) {
    app.user("admin", "管理员", None, Role::Admin);
    let a = app.user("a", "甲", None, Role::Member);
    let b = app.user("b", "乙", None, Role::Member);
    let admin = app.login("admin").await;
    let res = admin
        .patch(&format!("/api/v1/users/{a}"))
        .header("if-match", "\"1\"")
        .json(&json!({"supervisor_id": b}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["supervisor_name"], "乙");
    let res = admin
        .patch(&format!("/api/v1/users/{b}"))
        .header("if-match", "\"1\"")
        .json(&json!({"supervisor_id": a}))
        .send()
        .await
        .unwrap();
    assert_eq!(expect_problem(res, 422, "validation_failed").await["errors"]["supervisor_id"][0], "cycle");
}
