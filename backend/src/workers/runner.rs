//! What a background job runs with, shared by the runner that claims jobs (`jobs`) and the
//! senders it hands them to (`mail`, `robots`, `webhooks`), so neither imports the other's module.

use chrono::NaiveDateTime;

use crate::config::Config;
use crate::db::Db;

/// What a job handler decided.
#[derive(Debug, Clone, Copy)]
pub enum Outcome {
    Done,
    /// Not tried (e.g. a robot's rate budget is spent): run again at this time, no attempt counted.
    Later(NaiveDateTime),
}

/// Everything a job needs: the database, the configuration, an HTTP client.
#[derive(Clone)]
pub struct Runner {
    pub db: Db,
    pub config: std::sync::Arc<Config>,
    /// The guarded client every robot and webhook request goes through.
    pub outbound: crate::outbound::Outbound,
    /// This runner's name in leases.
    pub owner: String,
    /// Which jobs it runs: a long export or a slow file never holds up mail and robot messages.
    pub lane: Lane,
}

/// The kinds of job one runner takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Mail, robot messages, webhooks.
    Deliveries,
    /// Excel exports.
    Exports,
    /// The text of uploaded files, for search.
    Texts,
}

impl Runner {
    pub fn new(db: Db, config: Config) -> Self {
        let outbound =
            crate::outbound::Outbound::new(crate::outbound::AddressPolicy { allow: config.outbound_allow.clone() });
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "tandem".into());
        let owner = format!("{host}:{}:{}", std::process::id(), uuid::Uuid::now_v7().simple());
        Self { db, config: std::sync::Arc::new(config), outbound, owner, lane: Lane::Deliveries }
    }

    /// A runner for exports only.
    pub fn for_exports(db: Db, config: Config) -> Self {
        Self { lane: Lane::Exports, ..Self::new(db, config) }
    }

    /// A runner for the text of uploaded files only.
    pub fn for_texts(db: Db, config: Config) -> Self {
        Self { lane: Lane::Texts, ..Self::new(db, config) }
    }
}
