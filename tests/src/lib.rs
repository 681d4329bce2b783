//! Support for the API tests: a real Tandem server on loopback over a fresh database
//! (SQLite in a temp dir, or a new PostgreSQL database), and a small typed HTTP client.

#![expect(clippy::unwrap_used, reason = "test support: a failed setup should stop the test loudly")]

use std::collections::BTreeMap;

pub mod approvals;
pub mod receivers;

use diesel::{Connection, RunQueryDsl};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};
use tandem::config::Config;
use tandem::domain::Role;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates one test per backend from `async fn name(app: TestApp)`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    let app = $crate::TestApp::spawn($crate::Backend::Sqlite).await;
                    super::$name(app).await;
                }
                #[actix_web::test]
                async fn postgres() {
                    let Some(app) = $crate::TestApp::spawn_pg().await else { return };
                    super::$name(app).await;
                }
            }
        )*
    };
}

/// Generates one test per backend from `async fn name(backend: Backend)`, for tests that start
/// their own receivers before the server.
#[macro_export]
macro_rules! both_backends_raw {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    super::$name($crate::Backend::Sqlite).await;
                }
                #[actix_web::test]
                async fn postgres() {
                    if $crate::skip_pg() {
                        return;
                    }
                    super::$name($crate::Backend::Postgres).await;
                }
            }
        )*
    };
}

/// True when PostgreSQL tests are skipped on purpose (`TANDEM_TEST_SKIP_PG=1` without a URL).
pub fn skip_pg() -> bool {
    let skip =
        std::env::var("TANDEM_TEST_PG_URL").is_err() && std::env::var("TANDEM_TEST_SKIP_PG").as_deref() == Ok("1");
    if skip {
        eprintln!("SKIPPED on PostgreSQL: TANDEM_TEST_SKIP_PG=1");
    }
    skip
}

pub const PASSWORD: &str = "correct-horse-42";

/// Where every test server's clock starts: Monday 23 November 2026, 09:00 in Shanghai. The
/// suite's fixed dates are read against this clock, never against the day the tests run;
/// a test that needs another moment moves [`TestApp::clock`].
pub const TEST_EPOCH: &str = "2026-11-23T01:00:00Z";

/// A moment as RFC 3339 (test input).
pub fn utc(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc)
}

/// A running server with its own database.
pub struct TestApp {
    pub base: String,
    pub config: Config,
    pub backend: Backend,
    pub state_db: tandem::db::Db,
    /// The server's clock: starts at [`TEST_EPOCH`] and runs on; tests move it.
    pub clock: tandem::clock::Clock,
    handle: actix_web::dev::ServerHandle,
    _dir: tempfile::TempDir,
    pg: Option<PgDatabase>,
    password_hash: String,
    pub http: reqwest::Client,
}

struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = diesel::PgConnection::establish(&self.admin_url) {
            let _ =
                diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name)).execute(&mut c);
        }
    }
}

fn password_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| tandem::domain::auth::hash_password(PASSWORD).unwrap()).clone()
}

impl TestApp {
    /// PostgreSQL from `TANDEM_TEST_PG_URL`. Without it the test fails, unless
    /// `TANDEM_TEST_SKIP_PG=1` says so explicitly (never a silent skip).
    pub async fn spawn_pg() -> Option<Self> {
        if skip_pg() {
            return None;
        }
        Some(Self::spawn(Backend::Postgres).await)
    }

    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Starts a server after `tweak` adjusts the configuration.
    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut env = BTreeMap::new();
        env.insert("TANDEM_DATA_DIR".to_owned(), dir.path().display().to_string());
        let mut config = Config::from_sources(&env).unwrap();
        let mut pg = None;
        if backend == Backend::Postgres {
            let admin_url = std::env::var("TANDEM_TEST_PG_URL")
                .expect("TANDEM_TEST_PG_URL must point at a PostgreSQL server (or set TANDEM_TEST_SKIP_PG=1)");
            let name = format!("tandem_test_{}", uuid::Uuid::now_v7().simple());
            let mut c = diesel::PgConnection::establish(&admin_url).expect("connect to TANDEM_TEST_PG_URL");
            diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(&mut c).unwrap();
            config.database_url = with_database(&admin_url, &name);
            pg = Some(PgDatabase { admin_url, name });
        }
        config.bind = "127.0.0.1:0".parse().unwrap();
        config.jwt_secret = Some("test-secret-test-secret-test-secret-42".into());
        config.http_workers = 1;
        config.run_workers = false;
        config.db_pool_size = 4;
        // The tests' own receivers listen on loopback; tests of the outbound guard clear this.
        config.outbound_allow = vec!["127.0.0.0/8".parse().unwrap()];
        // Sessions outlive the months a test moves its clock by; tests of expiry set their own.
        config.refresh_token_ttl_days = 3650;
        tweak(&mut config);
        let kept = config.clone();
        let clock = tandem::clock::Clock::starting_at(utc(TEST_EPOCH));
        let state = tandem::init_state_with_clock(config, clock.clone()).unwrap();
        let state_db = state.db.clone();
        let running = tandem::start(state).unwrap();
        let handle = running.handle.clone();
        actix_web::rt::spawn(running.server);
        Self {
            config: kept,
            base: format!("http://{}", running.addr),
            backend,
            state_db,
            clock,
            handle,
            _dir: dir,
            pg,
            password_hash: password_hash(),
            http: reqwest::Client::new(),
        }
    }

    /// Stops the server's clock at `at` (so the times it stores and answers are exact).
    pub fn freeze_at(&self, at: chrono::DateTime<chrono::Utc>) {
        self.clock.freeze(true);
        self.clock.set(at);
    }

    /// What time it is on the server's clock, as stored.
    pub fn now(&self) -> chrono::NaiveDateTime {
        self.clock.now()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// An unauthenticated request.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(path))
    }

    /// Creates a department directly in the database (as the setup of a test).
    pub fn department(&self, name: &str) -> String {
        let name = name.to_owned();
        self.state_db
            .write_blocking(|c| {
                let id = tandem::db::new_id();
                let at = tandem::db::now();
                tandem::db::orgs::insert_department(
                    c,
                    &tandem::db::orgs::NewDepartmentRow {
                        id: &id,
                        name: &name,
                        search_key: &name.to_lowercase(),
                        parent_id: None,
                        is_active: true,
                        created_at: at,
                        updated_at: at,
                        version: 1,
                    },
                )?;
                Ok(id)
            })
            .unwrap()
    }

    /// Creates a user directly in the database; password is [`PASSWORD`].
    pub fn user(&self, local: &str, name: &str, department_id: Option<&str>, role: Role) -> String {
        let email = format!("{local}@test.tandem.cn");
        let (name, hash, dept) = (name.to_owned(), self.password_hash.clone(), department_id.map(str::to_owned));
        self.state_db
            .write_blocking(|c| {
                let id = tandem::db::new_id();
                let at = tandem::db::now();
                tandem::db::orgs::insert_user(
                    c,
                    &tandem::db::orgs::NewUserRow {
                        id: &id,
                        email: &email,
                        name: &name,
                        search_key: &tandem::db::search_key(&[Some(&name), Some(&email)]),
                        mobile: None,
                        department_id: dept.as_deref(),
                        title: None,
                        supervisor_id: None,
                        role: role.as_str(),
                        is_active: true,
                        password_hash: &hash,
                        locale: tandem::values::Locale::ZhCn,
                        time_zone: "Asia/Shanghai",
                        created_at: at,
                        updated_at: at,
                        version: 1,
                    },
                )?;
                Ok(id)
            })
            .unwrap()
    }

    /// Runs the background work the server would run (outbox → notifications) until idle.
    pub fn run_jobs(&self) -> usize {
        tandem::workers::drain_outbox(&self.state_db, &tandem::workers::channels(&self.config)).unwrap()
    }

    /// Runs one SQL statement on the test's database (to set up times and states a test needs).
    pub fn sql(&self, statement: &str) {
        let s = statement.to_owned();
        self.state_db
            .write_blocking(move |c| match c {
                tandem::db::DbConn::Pg(pg) => Ok(diesel::sql_query(s).execute(pg)?),
                tandem::db::DbConn::Sqlite(lite) => Ok(diesel::sql_query(s).execute(lite)?),
            })
            .unwrap();
    }

    /// A delivery runner like the server's (mail, robots, webhooks).
    pub fn runner(&self) -> tandem::workers::runner::Runner {
        tandem::workers::runner::Runner::new(self.state_db.clone(), self.config.clone())
    }

    /// Runs the due delivery jobs until none is left; returns how many ran.
    pub async fn deliver(&self) -> usize {
        self.runner().run_until_idle().await.unwrap()
    }

    /// Makes the queued Excel exports (the export worker's jobs); returns how many ran.
    pub async fn export(&self) -> usize {
        let runner = tandem::workers::runner::Runner::for_exports(self.state_db.clone(), self.config.clone());
        runner.run_until_idle().await.unwrap()
    }

    /// Reads the text of the queued file versions (the text worker's jobs); returns how many ran.
    pub async fn extract_texts(&self) -> usize {
        let runner = tandem::workers::runner::Runner::for_texts(self.state_db.clone(), self.config.clone());
        runner.run_until_idle().await.unwrap()
    }

    /// Makes `user_id` a head of `department_id`.
    pub fn make_head(&self, department_id: &str, user_id: &str) {
        let (d, u) = (department_id.to_owned(), user_id.to_owned());
        self.state_db
            .write_blocking(|c| {
                let mut heads: Vec<String> = tandem::db::orgs::heads_of(c, &[d.as_str()])?
                    .remove(&d)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|h| h.0)
                    .collect();
                heads.push(u);
                tandem::db::orgs::set_heads(c, &d, &heads)
            })
            .unwrap();
    }

    /// Logs in and returns a client for that user.
    pub async fn login(&self, local: &str) -> Client {
        let email = format!("{local}@test.tandem.cn");
        self.login_email(&email, PASSWORD).await
    }

    pub async fn login_email(&self, email: &str, password: &str) -> Client {
        let res = self
            .request(Method::POST, "/api/v1/auth/login")
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "login of {email} failed");
        let body: Value = res.json().await.unwrap();
        Client {
            base: self.base.clone(),
            http: self.http.clone(),
            token: body["access_token"].as_str().unwrap().to_owned(),
            refresh: body["refresh_token"].as_str().unwrap().to_owned(),
            user_id: body["user"]["id"].as_str().unwrap().to_owned(),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting and close the pool before the PostgreSQL database is dropped.
        drop(self.handle.stop(false));
        let _ = &self.pg;
    }
}

fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let prefix = base.rsplit_once('/').map_or(base, |(p, _)| p);
    format!("{prefix}/{name}{query}")
}

/// An authenticated HTTP client.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    pub token: String,
    pub refresh: String,
    pub user_id: String,
}

impl Client {
    pub fn with_token(&self, token: &str) -> Self {
        Self { token: token.to_owned(), ..self.clone() }
    }

    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{}", self.base, path)).bearer_auth(&self.token)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.req(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.req(Method::POST, path)
    }

    pub fn put(&self, path: &str) -> RequestBuilder {
        self.req(Method::PUT, path)
    }

    pub fn patch(&self, path: &str) -> RequestBuilder {
        self.req(Method::PATCH, path)
    }

    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.req(Method::DELETE, path)
    }

    /// POST a JSON body that must answer `status`; returns the JSON body.
    pub async fn post_json(&self, path: &str, body: &Value, status: u16) -> Value {
        let res = self.post(path).json(body).send().await.unwrap();
        let got = res.status().as_u16();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        assert_eq!(got, status, "POST {path}: {body}");
        body
    }

    /// GET that must succeed; returns the JSON body.
    pub async fn get_json(&self, path: &str) -> Value {
        let res = self.get(path).send().await.unwrap();
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }
}

/// Reads a response that must be problem+json with the given status and code.
pub async fn expect_problem(res: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "unexpected status");
    let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    assert!(ct.starts_with("application/problem+json"), "content-type was {ct:?}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status);
    body
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct Sse {
    pub id: Option<i64>,
    pub event: String,
    pub data: Value,
}

/// A client's open `/events` stream.
pub struct EventStream {
    body: std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buf: String,
}

impl EventStream {
    /// Opens `/events` (resuming after `last_event_id` when given) and waits for `ready`.
    pub async fn open(client: &Client, last_event_id: Option<i64>) -> (Self, Vec<Sse>) {
        let mut req = client.get("/api/v1/events");
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id.to_string());
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        let mut s = Self { body: Box::pin(res.bytes_stream()), buf: String::new() };
        let mut before = Vec::new();
        loop {
            let e = s.next(std::time::Duration::from_secs(10)).await.expect("the stream says ready");
            if e.event == "ready" {
                return (s, before);
            }
            before.push(e);
        }
    }

    /// The next event, or `None` after `wait` without one.
    pub async fn next(&mut self, wait: std::time::Duration) -> Option<Sse> {
        use futures_util::StreamExt;
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let (mut id, mut event, mut data) = (None, String::from("message"), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id: ") {
                        id = v.parse().ok();
                    } else if let Some(v) = line.strip_prefix("event: ") {
                        event = v.to_owned();
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        data.push_str(v);
                    }
                }
                if !data.is_empty() {
                    return Some(Sse { id, event, data: serde_json::from_str(&data).unwrap() });
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.body.next()).await.ok()??.unwrap();
            self.buf.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// Waits for the first event matching `pred`, skipping others.
    pub async fn wait_for(&mut self, wait: std::time::Duration, pred: impl Fn(&Sse) -> bool) -> Option<Sse> {
        let deadline = std::time::Instant::now() + wait;
        loop {
            let left = deadline.checked_duration_since(std::time::Instant::now())?;
            let e = self.next(left).await?;
            if pred(&e) {
                return Some(e);
            }
        }
    }
}

/// The people of a cross-department task, for tests of the conversation around it.
pub struct Team {
    /// 王芳, head of 市场部, owns the task.
    pub wang: Client,
    pub wang_id: String,
    /// 赵静, member of 市场部.
    pub zhao: Client,
    pub zhao_id: String,
    /// 许强, head of 研发部 (a collaborating department).
    pub xu: Client,
    pub xu_id: String,
    /// 陈晨, member of 研发部.
    pub chen: Client,
    pub chen_id: String,
    /// 孙丽, head of 销售部: not on the task.
    pub sun: Client,
    pub sun_id: String,
    pub market: String,
    pub rnd: String,
    pub sales: String,
    /// 新品发布会 (goal 确定发布会方案), published, with 市场部 and 研发部.
    pub task: String,
}

impl Team {
    pub async fn new(app: &TestApp) -> Self {
        let market = app.department("市场部");
        let rnd = app.department("研发部");
        let sales = app.department("销售部");
        let wang_id = app.user("wangfang", "王芳", Some(&market), Role::DeptHead);
        let zhao_id = app.user("zhaojing", "赵静", Some(&market), Role::Member);
        let xu_id = app.user("xuqiang", "许强", Some(&rnd), Role::DeptHead);
        let chen_id = app.user("chenchen", "陈晨", Some(&rnd), Role::Member);
        let sun_id = app.user("sunli", "孙丽", Some(&sales), Role::DeptHead);
        app.make_head(&market, &wang_id);
        app.make_head(&rnd, &xu_id);
        app.make_head(&sales, &sun_id);
        let wang = app.login("wangfang").await;
        let body = json!({"scenario": "cross_department", "title": "新品发布会", "goal": "确定发布会方案",
            "owner_id": wang_id, "department_ids": [market, rnd], "due_at": "2030-12-31T00:00:00Z"});
        let task = wang.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
        wang.post_json(&format!("/api/v1/tasks/{task}/publish"), &json!({}), 200).await;
        app.run_jobs();
        Self {
            wang,
            wang_id,
            zhao: app.login("zhaojing").await,
            zhao_id,
            xu: app.login("xuqiang").await,
            xu_id,
            chen: app.login("chenchen").await,
            chen_id,
            sun: app.login("sunli").await,
            sun_id,
            market,
            rnd,
            sales,
            task,
        }
    }
}

/// The kinds of a user's notifications, newest first.
pub async fn notification_kinds(c: &Client) -> Vec<String> {
    let inbox = c.get_json("/api/v1/notifications?limit=100").await;
    inbox["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap().to_owned()).collect()
}
