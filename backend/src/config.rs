//! Configuration from environment variables (`TANDEM_*`) and an optional TOML file.
//!
//! Every variable is documented in the README and `.env.example`. `Config::from_env()` reports
//! all bad variables at once. The config travels in `AppState`, never in a global, so tests build
//! their own.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

use crate::db::{db_kind, DbKind};

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://PATH` (default `sqlite://<data_dir>/tandem.db`) or `postgres://...`.
    pub database_url: String,
    pub data_dir: PathBuf,
    /// This process's search index (derived data, rebuilt from the database when missing);
    /// default `<data_dir>/search`. One process per directory.
    pub search_dir: PathBuf,
    pub bind: SocketAddr,
    /// HS256 secret; when unset, one is generated once and kept in `<data_dir>/jwt_secret`.
    pub jwt_secret: Option<String>,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_days: i64,
    /// Where people open the SPA; used for links in mails and robot messages.
    pub public_url: String,
    /// Where clients outside reach the API (`TANDEM_API_PUBLIC_URL`, e.g. the nginx in front);
    /// unset: this process's own address. Calendar feeds are given on it: a calendar app talks to
    /// the API, not to the SPA. See [`Config::api_url`].
    pub api_public_url: Option<String>,
    /// Browser origins allowed to call the API cross-origin (comma-separated).
    pub cors_origins: Vec<String>,
    /// Connections in the pool; 0 means a default per backend.
    pub db_pool_size: u32,
    /// Largest JSON request body, in bytes.
    pub max_json_bytes: usize,
    /// Largest file a task's Files tab accepts, in bytes (413 beyond).
    pub max_upload_bytes: u64,
    /// How long a finished Excel export stays downloadable.
    pub export_ttl_hours: i64,
    /// Failed logins for one account within the lockout window before it is throttled.
    pub login_max_failures: i32,
    pub login_lockout_secs: i64,
    /// Failed logins from one client address (any accounts) before it is throttled.
    pub login_address_max_failures: i32,
    /// Proxies whose `X-Forwarded-For` names the client (nginx in front); others' is ignored.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Run the background workers inside `serve`.
    pub run_workers: bool,
    /// `text` or `json` log lines.
    pub log_format: String,
    /// HTTP worker threads; 0 means one per core.
    pub http_workers: usize,
    /// Outgoing mail; `None` (no `TANDEM_SMTP_HOST`) turns the mail channel off.
    pub smtp: Option<SmtpConfig>,
    /// The reminder rules: durations, clocks and the company's time zone.
    pub rules: crate::domain::reminders::Rules,
    /// Internal address ranges that robots and webhooks may reach anyway (all others inside
    /// loopback, private, link-local, ... are refused; see `outbound`).
    pub outbound_allow: Vec<ipnet::IpNet>,
    /// Bearer token for `/metrics`; unset: only loopback clients read it.
    pub metrics_token: Option<String>,
    /// The longest the text of one file may take to read (`extract::sandbox`); past it the
    /// extractor process is killed and the file's text is `failed`.
    pub extract_timeout_secs: u64,
    /// The program run for each extraction as `PROGRAM extract-text …`; unset: this binary.
    /// A wrapper script may confine it further (another user, no network).
    pub extract_program: Option<PathBuf>,
}

/// How TLS is used towards the SMTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain text (a relay on loopback).
    None,
    /// STARTTLS on the submission port (587).
    StartTls,
    /// TLS from the first byte (465).
    Tls,
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, e.g. `Tandem <tandem@example.cn>`.
    pub from: String,
}

impl Config {
    /// Where clients outside reach the API: `TANDEM_API_PUBLIC_URL`, else the address this process
    /// listens on (loopback for an address that listens everywhere).
    pub fn api_url(&self) -> String {
        if let Some(url) = &self.api_public_url {
            return url.clone();
        }
        let mut at = self.bind;
        if at.ip().is_unspecified() {
            at.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        format!("http://{at}")
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://./data/tandem.db".into(),
            data_dir: PathBuf::from("./data"),
            search_dir: PathBuf::from("./data/search"),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            jwt_secret: None,
            access_token_ttl_secs: 900,
            refresh_token_ttl_days: 30,
            public_url: "http://127.0.0.1:5173".into(),
            api_public_url: None,
            cors_origins: vec!["http://127.0.0.1:5173".into(), "http://localhost:5173".into()],
            db_pool_size: 0,
            max_json_bytes: 1024 * 1024,
            max_upload_bytes: 100 * 1024 * 1024,
            export_ttl_hours: 24,
            login_max_failures: 5,
            login_address_max_failures: 20,
            trusted_proxies: Vec::new(),
            login_lockout_secs: 900,
            run_workers: true,
            log_format: "text".into(),
            http_workers: 0,
            smtp: None,
            rules: crate::domain::reminders::Rules::default(),
            outbound_allow: Vec::new(),
            metrics_token: None,
            extract_timeout_secs: 20,
            extract_program: None,
        }
    }
}

/// Comma-separated address ranges (CIDR; a bare address is that one address); the first bad
/// part on error.
fn parse_nets(v: &str) -> Result<Vec<ipnet::IpNet>, String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|part| {
            part.parse::<ipnet::IpNet>()
                .or_else(|_| part.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| part.to_owned())
        })
        .collect()
}

impl Config {
    /// Reads `TANDEM_CONFIG` (a TOML file, optional), then `TANDEM_*` variables, which win.
    pub fn from_env() -> Result<Self, Vec<String>> {
        let vars: BTreeMap<String, String> = std::env::vars().collect();
        Self::from_sources(&vars)
    }

    /// Builds a config from a variable map (the process environment in production).
    pub fn from_sources(env: &BTreeMap<String, String>) -> Result<Self, Vec<String>> {
        let mut errors = Vec::new();
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        let mut file_keys = Vec::new();
        if let Some(path) = env.get("TANDEM_CONFIG") {
            match std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|s| toml::from_str::<toml::Table>(&s).map_err(|e| e.to_string()))
            {
                Ok(table) => {
                    for (k, v) in table {
                        let v = match v {
                            toml::Value::String(s) => s,
                            toml::Value::Array(a) => a
                                .iter()
                                .map(|x| x.as_str().map(str::to_owned).unwrap_or_else(|| x.to_string()))
                                .collect::<Vec<_>>()
                                .join(","),
                            other => other.to_string(),
                        };
                        let key = format!("TANDEM_{}", k.to_uppercase());
                        file_keys.push(key.clone());
                        values.insert(key, v);
                    }
                }
                Err(e) => errors.push(format!("TANDEM_CONFIG: cannot read {path}: {e}")),
            }
        }
        for (k, v) in env {
            if k.starts_with("TANDEM_") && k != "TANDEM_CONFIG" {
                values.insert(k.clone(), v.clone());
            }
        }

        let mut c = Config::default();
        let mut take = |name: &str| values.remove(name);
        if let Some(v) = take("TANDEM_DATA_DIR") {
            c.data_dir = PathBuf::from(v);
        }
        c.search_dir = take("TANDEM_SEARCH_DIR").map_or_else(|| c.data_dir.join("search"), PathBuf::from);
        c.database_url = take("TANDEM_DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", c.data_dir.join("tandem.db").display()));
        if let Err(e) = db_kind(&c.database_url) {
            errors.push(format!("TANDEM_DATABASE_URL: {e}"));
        }
        parse_into(&mut c.bind, take("TANDEM_BIND"), "TANDEM_BIND", &mut errors);
        if let Some(s) = take("TANDEM_JWT_SECRET") {
            if s.len() < 32 {
                errors.push("TANDEM_JWT_SECRET: must be at least 32 characters".into());
            }
            c.jwt_secret = Some(s);
        }
        parse_into(
            &mut c.access_token_ttl_secs,
            take("TANDEM_ACCESS_TOKEN_TTL_SECS"),
            "TANDEM_ACCESS_TOKEN_TTL_SECS",
            &mut errors,
        );
        parse_into(
            &mut c.refresh_token_ttl_days,
            take("TANDEM_REFRESH_TOKEN_TTL_DAYS"),
            "TANDEM_REFRESH_TOKEN_TTL_DAYS",
            &mut errors,
        );
        if let Some(v) = take("TANDEM_PUBLIC_URL") {
            c.public_url = v.trim_end_matches('/').to_owned();
        }
        if let Some(v) = take("TANDEM_API_PUBLIC_URL") {
            let v = v.trim().trim_end_matches('/');
            if v.starts_with("http://") || v.starts_with("https://") {
                c.api_public_url = Some(v.to_owned());
            } else {
                errors.push(format!("TANDEM_API_PUBLIC_URL: not an http(s) URL: {v:?}"));
            }
        }
        if let Some(v) = take("TANDEM_CORS_ORIGINS") {
            c.cors_origins = v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        }
        parse_into(&mut c.db_pool_size, take("TANDEM_DB_POOL_SIZE"), "TANDEM_DB_POOL_SIZE", &mut errors);
        parse_into(&mut c.http_workers, take("TANDEM_HTTP_WORKERS"), "TANDEM_HTTP_WORKERS", &mut errors);
        parse_into(&mut c.max_json_bytes, take("TANDEM_MAX_JSON_BYTES"), "TANDEM_MAX_JSON_BYTES", &mut errors);
        parse_into(&mut c.max_upload_bytes, take("TANDEM_MAX_UPLOAD_BYTES"), "TANDEM_MAX_UPLOAD_BYTES", &mut errors);
        parse_into(&mut c.export_ttl_hours, take("TANDEM_EXPORT_TTL_HOURS"), "TANDEM_EXPORT_TTL_HOURS", &mut errors);
        parse_into(
            &mut c.extract_timeout_secs,
            take("TANDEM_EXTRACT_TIMEOUT_SECS"),
            "TANDEM_EXTRACT_TIMEOUT_SECS",
            &mut errors,
        );
        if let Some(v) = take("TANDEM_EXTRACT_PROGRAM").filter(|v| !v.trim().is_empty()) {
            c.extract_program = Some(PathBuf::from(v.trim()));
        }
        parse_into(
            &mut c.login_max_failures,
            take("TANDEM_LOGIN_MAX_FAILURES"),
            "TANDEM_LOGIN_MAX_FAILURES",
            &mut errors,
        );
        parse_into(
            &mut c.login_lockout_secs,
            take("TANDEM_LOGIN_LOCKOUT_SECS"),
            "TANDEM_LOGIN_LOCKOUT_SECS",
            &mut errors,
        );
        parse_into(
            &mut c.login_address_max_failures,
            take("TANDEM_LOGIN_ADDRESS_MAX_FAILURES"),
            "TANDEM_LOGIN_ADDRESS_MAX_FAILURES",
            &mut errors,
        );
        if let Some(v) = take("TANDEM_TRUSTED_PROXIES") {
            match parse_nets(&v) {
                Ok(nets) => c.trusted_proxies = nets,
                Err(bad) => errors.push(format!("TANDEM_TRUSTED_PROXIES: not an address range (CIDR): {bad:?}")),
            }
        }
        if let Some(v) = take("TANDEM_WORKERS") {
            match v.as_str() {
                "1" | "true" | "on" | "yes" => c.run_workers = true,
                "0" | "false" | "off" | "no" => c.run_workers = false,
                _ => errors.push(format!("TANDEM_WORKERS: expected true or false, got {v:?}")),
            }
        }
        if let Some(v) = take("TANDEM_LOG_FORMAT") {
            if v == "text" || v == "json" {
                c.log_format = v;
            } else {
                errors.push(format!("TANDEM_LOG_FORMAT: expected text or json, got {v:?}"));
            }
        }
        if let Some(host) = take("TANDEM_SMTP_HOST") {
            let tls = match take("TANDEM_SMTP_TLS").as_deref().unwrap_or("starttls") {
                "none" => SmtpTls::None,
                "starttls" => SmtpTls::StartTls,
                "tls" => SmtpTls::Tls,
                other => {
                    errors.push(format!("TANDEM_SMTP_TLS: expected none, starttls or tls, got {other:?}"));
                    SmtpTls::StartTls
                }
            };
            let mut port: u16 = match tls {
                SmtpTls::None => 25,
                SmtpTls::StartTls => 587,
                SmtpTls::Tls => 465,
            };
            parse_into(&mut port, take("TANDEM_SMTP_PORT"), "TANDEM_SMTP_PORT", &mut errors);
            let from = take("TANDEM_MAIL_FROM").unwrap_or_else(|| format!("Tandem <tandem@{host}>"));
            if from.parse::<lettre::message::Mailbox>().is_err() {
                errors.push(format!("TANDEM_MAIL_FROM: not a mail address: {from:?}"));
            }
            c.smtp = Some(SmtpConfig {
                host,
                port,
                tls,
                username: take("TANDEM_SMTP_USERNAME"),
                password: take("TANDEM_SMTP_PASSWORD"),
                from,
            });
        }
        if let Some(tz) = take("TANDEM_TIME_ZONE") {
            match tz.parse::<chrono_tz::Tz>() {
                Ok(t) => c.rules.time_zone = t,
                Err(_) => errors.push(format!("TANDEM_TIME_ZONE: unknown time zone {tz:?}")),
            }
        }
        if let Some(name) = take("TANDEM_COMPANY_NAME") {
            c.rules.company_name = name.trim().to_owned();
        }
        let r = &mut c.rules;
        parse_into(&mut r.ack_minutes, take("TANDEM_RULE_ACK_MINUTES"), "TANDEM_RULE_ACK_MINUTES", &mut errors);
        parse_into(
            &mut r.strong_every_minutes,
            take("TANDEM_RULE_STRONG_EVERY_MINUTES"),
            "TANDEM_RULE_STRONG_EVERY_MINUTES",
            &mut errors,
        );
        parse_into(
            &mut r.emergency_minutes,
            take("TANDEM_RULE_EMERGENCY_MINUTES"),
            "TANDEM_RULE_EMERGENCY_MINUTES",
            &mut errors,
        );
        parse_into(&mut r.help_minutes, take("TANDEM_RULE_HELP_MINUTES"), "TANDEM_RULE_HELP_MINUTES", &mut errors);
        parse_into(
            &mut r.due_soon_minutes,
            take("TANDEM_RULE_DUE_SOON_MINUTES"),
            "TANDEM_RULE_DUE_SOON_MINUTES",
            &mut errors,
        );
        parse_into(
            &mut r.archive_after_days,
            take("TANDEM_RULE_ARCHIVE_AFTER_DAYS"),
            "TANDEM_RULE_ARCHIVE_AFTER_DAYS",
            &mut errors,
        );
        if r.archive_after_days < 0 {
            errors.push("TANDEM_RULE_ARCHIVE_AFTER_DAYS: expected 0 or more days".to_owned());
        }
        for (name, slot) in [
            ("TANDEM_RULE_ACK_CLOCK", &mut r.ack_clock),
            ("TANDEM_RULE_EMERGENCY_CLOCK", &mut r.emergency_clock),
            ("TANDEM_RULE_HELP_CLOCK", &mut r.help_clock),
        ] {
            if let Some(v) = take(name) {
                match crate::domain::workdays::ClockKind::parse(&v) {
                    Some(k) => *slot = k,
                    None => errors.push(format!("{name}: expected working or calendar, got {v:?}")),
                }
            }
        }
        if let Some(v) = take("TANDEM_METRICS_TOKEN") {
            if v.len() < 16 {
                errors.push("TANDEM_METRICS_TOKEN: must be at least 16 characters".into());
            }
            c.metrics_token = Some(v);
        }
        if let Some(v) = take("TANDEM_OUTBOUND_ALLOW") {
            match parse_nets(&v) {
                Ok(nets) => c.outbound_allow = nets,
                Err(bad) => errors.push(format!("TANDEM_OUTBOUND_ALLOW: not an address range (CIDR): {bad:?}")),
            }
        }
        if c.access_token_ttl_secs < 30 {
            errors.push("TANDEM_ACCESS_TOKEN_TTL_SECS: must be at least 30".into());
        }
        if !(1..=3600).contains(&c.extract_timeout_secs) {
            errors.push("TANDEM_EXTRACT_TIMEOUT_SECS: must be between 1 and 3600".into());
        }
        if c.refresh_token_ttl_days < 1 {
            errors.push("TANDEM_REFRESH_TOKEN_TTL_DAYS: must be at least 1".into());
        }
        // Unknown environment variables are left alone (tools share the prefix); an unknown key in
        // the file is a typo worth reporting.
        for key in file_keys.iter().filter(|k| values.contains_key(*k)) {
            errors
                .push(format!("TANDEM_CONFIG: unknown setting {:?}", key.trim_start_matches("TANDEM_").to_lowercase()));
        }
        if errors.is_empty() {
            Ok(c)
        } else {
            Err(errors)
        }
    }

    pub fn db_kind(&self) -> DbKind {
        db_kind(&self.database_url).unwrap_or(DbKind::Sqlite)
    }
}

fn parse_into<T: FromStr>(slot: &mut T, value: Option<String>, name: &str, errors: &mut Vec<String>)
where
    T::Err: std::fmt::Display,
{
    if let Some(v) = value {
        match v.trim().parse() {
            Ok(parsed) => *slot = parsed,
            Err(e) => errors.push(format!("{name}: {e} (got {v:?})")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn defaults_use_sqlite_in_the_data_dir() {
        let c = Config::from_sources(&env(&[("TANDEM_DATA_DIR", "/tmp/x")])).expect("config");
        assert_eq!(c.database_url, "sqlite:///tmp/x/tandem.db");
        assert_eq!(c.search_dir, PathBuf::from("/tmp/x/search"));
        assert_eq!(c.db_kind(), DbKind::Sqlite);
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn the_api_is_reached_on_its_public_url_else_on_its_own_address() {
        let c = Config::from_sources(&env(&[("TANDEM_BIND", "0.0.0.0:8080")])).expect("config");
        assert_eq!(c.api_url(), "http://127.0.0.1:8080", "an address listening everywhere is reached on loopback");
        let c = Config::from_sources(&env(&[("TANDEM_API_PUBLIC_URL", "https://tandem.example.cn/")])).expect("config");
        assert_eq!(c.api_url(), "https://tandem.example.cn");
        let errs = Config::from_sources(&env(&[("TANDEM_API_PUBLIC_URL", "tandem.example.cn")])).expect_err("bad");
        assert!(errs[0].contains("TANDEM_API_PUBLIC_URL"), "{errs:?}");
    }

    #[test]
    fn all_bad_variables_are_reported_at_once() {
        let errs = Config::from_sources(&env(&[
            ("TANDEM_BIND", "nope"),
            ("TANDEM_DATABASE_URL", "mysql://x"),
            ("TANDEM_JWT_SECRET", "short"),
            ("TANDEM_ACCESS_TOKEN_TTL_SECS", "soon"),
        ]))
        .expect_err("must fail");
        assert_eq!(errs.len(), 4, "{errs:?}");
    }

    #[test]
    fn toml_file_is_read_and_env_wins() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("tandem.toml");
        std::fs::write(&path, "bind = \"127.0.0.1:9000\"\npublic_url = \"https://t.example\"\n").expect("write");
        let c = Config::from_sources(&env(&[
            ("TANDEM_CONFIG", path.to_str().expect("utf8")),
            ("TANDEM_BIND", "127.0.0.1:9100"),
        ]))
        .expect("config");
        assert_eq!(c.bind.port(), 9100);
        assert_eq!(c.public_url, "https://t.example");
    }
}
