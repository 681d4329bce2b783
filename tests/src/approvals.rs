//! The approvals world shared by the API tests of resource requests (approvals, exports,
//! reports): departments and heads, the demo's budget flow, and helpers that fill in, submit and
//! act on a request.

use reqwest::Method;
use serde_json::{json, Value};
use tandem::domain::Role;

use crate::{Client, TestApp};

pub struct World {
    pub admin: Client,
    /// 王芳, head of 市场部: the initiator.
    pub wang: Client,
    pub wang_id: String,
    /// 冯建国, head of 财务部.
    pub feng: Client,
    pub feng_id: String,
    /// 田野, head of 运营部.
    pub tian: Client,
    pub tian_id: String,
    /// 陈志远, general manager (head of 总经办), 冯建国's supervisor.
    pub chen: Client,
    pub chen_id: String,
    /// 刘洋, 市场部: copied.
    pub liu: Client,
    pub liu_id: String,
    /// 曹颖, a member of 财务部.
    pub cao: Client,
    pub cao_id: String,
    /// 张三, 销售部: has nothing to do with it.
    pub zhang: Client,
    pub market: String,
    pub finance: String,
    pub ops: String,
}

pub async fn world(app: &TestApp) -> World {
    let market = app.department("市场部");
    let finance = app.department("财务部");
    let ops = app.department("运营部");
    let office = app.department("总经办");
    let sales = app.department("销售部");
    let wang_id = app.user("wangfang", "王芳", Some(&market), Role::DeptHead);
    let liu_id = app.user("liuyang", "刘洋", Some(&market), Role::Member);
    let feng_id = app.user("fengjianguo", "冯建国", Some(&finance), Role::DeptHead);
    let cao_id = app.user("caoying", "曹颖", Some(&finance), Role::Member);
    let tian_id = app.user("tianye", "田野", Some(&ops), Role::DeptHead);
    let chen_id = app.user("chenzhiyuan", "陈志远", Some(&office), Role::DeptHead);
    app.user("zhangsan", "张三", Some(&sales), Role::Member);
    app.user("admin", "管理员", None, Role::Admin);
    app.make_head(&market, &wang_id);
    app.make_head(&finance, &feng_id);
    app.make_head(&ops, &tian_id);
    app.make_head(&office, &chen_id);
    app.sql(&format!(
        "UPDATE users SET supervisor_id = '{chen_id}' WHERE id IN ('{feng_id}', '{tian_id}', '{wang_id}')"
    ));
    World {
        admin: app.login("admin").await,
        wang: app.login("wangfang").await,
        wang_id,
        feng: app.login("fengjianguo").await,
        feng_id,
        tian: app.login("tianye").await,
        tian_id,
        chen: app.login("chenzhiyuan").await,
        chen_id,
        liu: app.login("liuyang").await,
        liu_id,
        cao: app.login("caoying").await,
        cao_id,
        zhang: app.login("zhangsan").await,
        market,
        finance,
        ops,
    }
}

/// The demo's budget flow: 财务部 and 运营部 heads countersign (刘洋 copied), then the general
/// manager from 50,000 CNY.
pub async fn budget_flow(w: &World) -> Value {
    w.admin
        .post_json(
            "/api/v1/approval-flows",
            &json!({
                "name": "预算申请", "conditions": {"resource_kinds": ["budget"]},
                "steps": [
                    {"name": "财务与运营会签", "mode": "all",
                     "approvers": [{"kind": "department_head", "department_id": w.finance},
                                   {"kind": "department_head", "department_id": w.ops}],
                     "cc": [{"kind": "user", "user_id": w.liu_id}]},
                    {"name": "总经理审批", "mode": "single",
                     "approvers": [{"kind": "user", "user_id": w.chen_id}],
                     "when": {"min_amount": "50000", "currency": "CNY"}}
                ]
            }),
            201,
        )
        .await
}

/// A draft resource-request task of 王芳's.
pub async fn request_task(w: &World, title: &str) -> String {
    let body = json!({"scenario": "resource_request", "title": title, "owner_id": w.wang_id,
        "department_ids": [w.market], "due_at": "2030-12-31T00:00:00Z"});
    w.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned()
}

/// A draft task of 王芳's of another scenario (跨部门协作): it has no request form.
pub async fn plain_task(w: &World) -> String {
    let body = json!({"scenario": "cross_department", "title": "普通任务", "owner_id": w.wang_id,
        "department_ids": [w.market, w.finance], "due_at": "2030-12-31T00:00:00Z"});
    w.wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned()
}

pub fn budget_form(w: &World, amount: &str) -> Value {
    json!({
        "lines": [
            {"kind": "budget", "description": "新品推广投放", "amount": amount, "currency": "CNY"},
            {"kind": "people_days", "description": "活动执行", "people": 3, "days": 5}
        ],
        "department_ids": [w.finance, w.ops],
        "justification": "Q3 新品上市推广",
        "needed_by": "2030-06-01"
    })
}

pub async fn save(c: &Client, task: &str, form: &Value, version: Option<i64>) -> reqwest::Response {
    let mut req = c.req(Method::PUT, &format!("/api/v1/tasks/{task}/request")).json(form);
    if let Some(v) = version {
        req = req.header("If-Match", format!("\"{v}\""));
    }
    req.send().await.unwrap()
}

pub async fn ok(res: reqwest::Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

pub async fn act(c: &Client, task: &str, action: &str, body: &Value) -> reqwest::Response {
    c.post(&format!("/api/v1/tasks/{task}/request/{action}")).json(body).send().await.unwrap()
}

pub async fn submitted(w: &World, title: &str, amount: &str) -> String {
    let task = request_task(w, title).await;
    ok(save(&w.wang, &task, &budget_form(w, amount), None).await).await;
    ok(act(&w.wang, &task, "submit", &json!({})).await).await;
    task
}
