//! Real receivers for delivery tests: an SMTP server (aiosmtpd, writing a Maildir) and an HTTP
//! server that records what robots and webhooks were sent, both on loopback.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// aiosmtpd on loopback, storing every message it receives in a Maildir.
pub struct SmtpServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

impl SmtpServer {
    /// Starts `aiosmtpd` (Debian's python3-aiosmtpd; `TANDEM_TEST_AIOSMTPD` names another binary).
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let bin = std::env::var("TANDEM_TEST_AIOSMTPD").unwrap_or_else(|_| "aiosmtpd".into());
        let mut child = Command::new(&bin)
            .args(["-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin} (apt install python3-aiosmtpd): {e}"));
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Self { port, dir, child };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not listen on {port}");
    }

    /// Every message received so far, as raw RFC 5322 bytes (in no particular order: Maildir
    /// names do not sort by arrival).
    pub fn messages(&self) -> Vec<Vec<u8>> {
        let new = self.dir.path().join("maildir").join("new");
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&new).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
        files.sort();
        files.into_iter().map(|f| std::fs::read(f).unwrap()).collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request an HTTP receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// What a receiver answers: status, extra headers, body.
pub type Reply = (u16, Vec<(String, String)>, String);
type Answer = Arc<dyn Fn(&Received) -> Reply + Send + Sync>;

/// An HTTP server on loopback that records requests and answers what `answer` says.
pub struct HttpReceiver {
    pub base: String,
    got: Arc<Mutex<Vec<Received>>>,
    handle: actix_web::dev::ServerHandle,
}

impl HttpReceiver {
    pub fn start(answer: impl Fn(&Received) -> (u16, String) + Send + Sync + 'static) -> Self {
        Self::start_with_headers(move |r| {
            let (status, body) = answer(r);
            (status, Vec::new(), body)
        })
    }

    /// A receiver whose answers may carry headers (e.g. a redirect's `Location`).
    pub fn start_with_headers(answer: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Self {
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let answer: Answer = Arc::new(answer);
        let (g, a) = (got.clone(), answer.clone());
        let server = HttpServer::new(move || {
            let (g, a) = (g.clone(), a.clone());
            App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
                let (g, a) = (g.clone(), a.clone());
                async move {
                    let r = Received {
                        path: req.path().to_owned(),
                        query: req.query_string().to_owned(),
                        headers: req
                            .headers()
                            .iter()
                            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
                            .collect(),
                        body: String::from_utf8_lossy(&body).into_owned(),
                    };
                    let (status, headers, text) = a(&r);
                    g.lock().unwrap().push(r);
                    let mut res = HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
                    res.content_type("application/json");
                    for (k, v) in headers {
                        res.insert_header((k, v));
                    }
                    res.body(text)
                }
            }))
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Self { base: format!("http://{addr}"), got, handle }
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

impl Drop for HttpReceiver {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}
