//! The full-text search engine: an embedded tantivy index with jieba segmentation, one index
//! directory per server process.
//!
//! The index is derived data. Its documents are built from the database (`domain::search`), it
//! follows the live event log (`workers::search`), and it is rebuilt from the database whenever it
//! is missing, broken, of an older schema, or further behind than the log reaches. Losing it
//! loses nothing.
//!
//! Permissions come first: every document carries its audience as principal terms
//! (`u:<user>`, `dm:<department>`, ...) and every query is `(text) AND (audience ∈ the caller's
//! principals)`, so counts and facets are computed over what the caller may see.

pub mod engine;
pub mod query;
pub mod text;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::RwLock;
use tokio::sync::watch;

pub use engine::Engine;
pub use query::{FacetCount, Facets, Hit, Outcome, SearchQuery, SearchResult, Sort};

/// Bumped whenever the schema or what goes into a document changes: an index of another
/// version is rebuilt.
pub const SCHEMA_VERSION: u32 = 2;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Task,
    Comment,
    Meeting,
    File,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Task, Kind::Comment, Kind::Meeting, Kind::File];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Task => "task",
            Kind::Comment => "comment",
            Kind::Meeting => "meeting",
            Kind::File => "file",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The facets of a document: those of the top-level task it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocFacets {
    /// The initiating department and the departments of the task.
    pub departments: Vec<String>,
    pub scenario: String,
    /// Quarter of completion in the company's time zone (`2026-Q4`); none while not done.
    pub quarter: Option<String>,
    pub tags: Vec<String>,
    pub outcome: Option<Outcome>,
    pub archived: bool,
}

/// One searchable document, as the domain builds it from the database.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    pub id: String,
    pub task_id: String,
    pub root_id: String,
    /// The task and every task above it (a subtree is replaced by one of its ids).
    pub path: Vec<String>,
    /// What a result list shows as its title.
    pub display: String,
    /// Its own title (a task's, a meeting's, a file's name), weighed more than the body.
    pub title: String,
    pub body: String,
    /// When it last changed, in microseconds since 1970 (UTC): "newest first".
    pub updated_micros: i64,
    /// Principals that may see it: `admin` sees everything and is not listed.
    pub audience: Vec<String>,
    pub facets: DocFacets,
}

impl Doc {
    /// The unique key of a document in the index.
    pub fn key(&self) -> String {
        key(self.kind, &self.id)
    }
}

pub fn key(kind: Kind, id: &str) -> String {
    format!("{}:{id}", kind.as_str())
}

/// How far the local index is: whether it can answer, and the last event of the log it has
/// applied (searchable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub ready: bool,
    pub applied: i64,
}

/// The search index of this process, as request handlers reach it.
pub struct Search {
    pub dir: PathBuf,
    engine: RwLock<Option<Arc<Engine>>>,
    progress: watch::Sender<Progress>,
    /// Wakes the indexer (set when it runs).
    wake: parking_lot::Mutex<Option<std::sync::mpsc::Sender<()>>>,
}

impl Search {
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            engine: RwLock::new(None),
            progress: watch::Sender::new(Progress::default()),
            wake: parking_lot::Mutex::new(None),
        }
    }

    /// The open index, when it can answer.
    pub fn engine(&self) -> Option<Arc<Engine>> {
        if !self.progress.borrow().ready {
            return None;
        }
        self.engine.read().clone()
    }

    pub fn progress(&self) -> Progress {
        *self.progress.borrow()
    }

    /// The indexer installs an index (or takes it away while rebuilding: `None`).
    pub fn install(&self, engine: Option<Arc<Engine>>, applied: i64) {
        let ready = engine.is_some();
        *self.engine.write() = engine;
        self.progress.send_replace(Progress { ready, applied });
    }

    /// The indexer made events up to `applied` searchable.
    pub fn applied(&self, applied: i64) {
        self.progress.send_modify(|p| p.applied = p.applied.max(applied));
    }

    pub fn set_waker(&self, wake: std::sync::mpsc::Sender<()>) {
        *self.wake.lock() = Some(wake);
    }

    /// Asks the indexer to look at the log now.
    pub fn poke(&self) {
        if let Some(w) = self.wake.lock().as_ref() {
            let _ = w.send(());
        }
    }

    /// Waits (at most `wait`) until the index is ready and has applied the log up to `seq`;
    /// returns how far it is then.
    pub async fn wait_for(&self, seq: i64, wait: Duration) -> Progress {
        let mut rx = self.progress.subscribe();
        let reached = |p: &Progress| p.ready && p.applied >= seq;
        if reached(&rx.borrow()) {
            return *rx.borrow();
        }
        self.poke();
        let _ = tokio::time::timeout(wait, rx.wait_for(reached)).await;
        let now = *rx.borrow();
        now
    }
}
