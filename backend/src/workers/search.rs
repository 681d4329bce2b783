//! The search indexer of this process (every `serve` process runs one: each has its own index).
//!
//! It follows the live event log in `seq` order, woken by the process's live hub (which hears
//! this process's writes and, on PostgreSQL, other processes' commits) and at least every
//! second. For each batch it reloads the affected documents from the database and replaces them
//! in the index, committing at most every [`COMMIT_GAP`] with the applied `seq` in the commit's
//! payload. An index that is missing, unreadable, of another schema or database, or further
//! behind than the log reaches (24 h) is rebuilt from the database in the background; searches
//! answer 503 `index_building` meanwhile.

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::db::live as log;
use crate::db::Db;
use crate::domain::search::{self as domain, Cache, Work};
use crate::error::AppResult;
use crate::search::engine::{Change, Payload};
use crate::search::{Engine, Search, SCHEMA_VERSION};

/// Events read from the log at a time.
const BATCH: i64 = 500;
/// The log is read at least this often (other processes' events without a wake-up).
const POLL_EVERY: Duration = Duration::from_secs(1);
/// At most one commit (a new segment, a reader reload) per this time while changes stream in.
const COMMIT_GAP: Duration = Duration::from_millis(200);

/// Which database an index belongs to: a digest of the URL without its password.
pub fn database_digest(url: &str) -> String {
    let shown = match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((auth, host)) => format!("{scheme}://{}@{host}", auth.split(':').next().unwrap_or_default()),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    };
    hex::encode(&Sha256::digest(shown.as_bytes())[..8])
}

/// Starts the indexer of `search`: a thread of its own (tokenizing is CPU work), woken by the
/// live hub's batches.
pub fn spawn(search: &Arc<Search>, db: Db, hub: &Arc<crate::live::Hub>, database_url: &str) {
    let (tx, rx) = std::sync::mpsc::channel();
    search.set_waker(tx.clone());
    let mut events = hub.subscribe();
    actix_web::rt::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match events.recv().await {
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    if tx.send(()).is_err() {
                        return;
                    }
                }
                Err(RecvError::Closed) => return,
            }
        }
    });
    let weak = Arc::downgrade(search);
    let database = database_digest(database_url);
    let started =
        std::thread::Builder::new().name("search-indexer".into()).spawn(move || run(&weak, &db, &rx, &database));
    if let Err(e) = started {
        tracing::error!(error = %e, "cannot start the search indexer; search answers 503");
    }
}

fn run(search: &Weak<Search>, db: &Db, rx: &Receiver<()>, database: &str) {
    let mut backoff = Duration::from_secs(1);
    loop {
        match follow(search, db, rx, database) {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!(error = %e, "the search indexer failed; starting over");
                if let Some(s) = search.upgrade() {
                    s.install(None, 0);
                }
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
        }
    }
}

/// Opens the index, rebuilding it when it cannot be used as it is, then follows the log until
/// the process's search handle is gone.
fn follow(search: &Weak<Search>, db: &Db, rx: &Receiver<()>, database: &str) -> AppResult<()> {
    let Some(dir) = search.upgrade().map(|s| s.dir.clone()) else { return Ok(()) };
    let (engine, mut seq) = open_or_rebuild(search, db, &dir, database)?;
    let engine = Arc::new(engine);
    match search.upgrade() {
        Some(s) => s.install(Some(engine.clone()), seq),
        None => return Ok(()),
    }
    tracing::info!(documents = engine.len(), seq, dir = %dir.display(), "search index ready");
    let mut last_commit = Instant::now().checked_sub(COMMIT_GAP).unwrap_or_else(Instant::now);
    loop {
        match rx.recv_timeout(POLL_EVERY) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        while rx.try_recv().is_ok() {}
        let Some(s) = search.upgrade() else { return Ok(()) };
        if let Some(first) = db.read_blocking(log::first_seq)? {
            if first > seq + 1 {
                tracing::warn!(seq, first, "the live log no longer holds what the search index missed; rebuilding");
                s.install(None, 0);
                drop(s);
                close(engine);
                return follow_rebuilt(search, db, rx, &dir, database);
            }
        }
        let (reached, changed) = catch_up(&engine, db, seq)?;
        if changed {
            let since = last_commit.elapsed();
            if since < COMMIT_GAP {
                std::thread::sleep(COMMIT_GAP - since);
            }
            engine.commit(&payload(reached, database))?;
            last_commit = Instant::now();
        }
        seq = reached;
        s.applied(seq);
    }
}

/// Closes the index once the searches still holding it are done (at most a few seconds), so its
/// writer stops before the directory is rebuilt.
fn close(engine: Arc<Engine>) {
    let mut engine = engine;
    for _ in 0..500 {
        match Arc::try_unwrap(engine) {
            Ok(e) => {
                if let Err(err) = e.close() {
                    tracing::warn!(error = %err, "closing the search index failed");
                }
                return;
            }
            Err(shared) => {
                engine = shared;
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
    tracing::warn!("the search index is still in use; rebuilding anyway");
}

/// Rebuilds the index from scratch, then follows the log.
fn follow_rebuilt(search: &Weak<Search>, db: &Db, rx: &Receiver<()>, dir: &Path, database: &str) -> AppResult<()> {
    rebuild(db, dir, database)?;
    follow(search, db, rx, database)
}

fn payload(seq: i64, database: &str) -> Payload {
    Payload { schema: SCHEMA_VERSION, seq, database: database.to_owned() }
}

/// Applies the log after `seq`; the last `seq` read and whether the index changed.
fn catch_up(engine: &Engine, db: &Db, mut seq: i64) -> AppResult<(i64, bool)> {
    let mut changed = false;
    loop {
        let after = seq;
        let rows = db.read_blocking(move |c| log::after(c, after, BATCH))?;
        let Some(last) = rows.last().map(|r| r.seq) else { break };
        let mut work = Work::default();
        for r in &rows {
            work.add(r);
        }
        if !work.is_empty() {
            for change in db.read_blocking(|c| domain::changes(c, &work))? {
                engine.apply(&change)?;
            }
            changed = true;
        }
        seq = last;
        if (rows.len() as i64) < BATCH {
            break;
        }
    }
    Ok((seq, changed))
}

/// The index in `dir` and the `seq` it has applied, rebuilt first when it cannot be used.
fn open_or_rebuild(search: &Weak<Search>, db: &Db, dir: &Path, database: &str) -> AppResult<(Engine, i64)> {
    let opened = match Engine::open(dir) {
        Ok(o) => o,
        Err(e) => {
            tracing::warn!(error = %e, "the search index cannot be read; rebuilding");
            None
        }
    };
    if let Some((engine, payload)) = opened {
        let (first, last) = db.read_blocking(|c| Ok((log::first_seq(c)?, log::last_seq(c)?)))?;
        let gap = first.is_some_and(|f| f > payload.seq + 1);
        if payload.database == database && payload.seq <= last && !gap {
            return Ok((engine, payload.seq));
        }
        if let Err(e) = engine.close() {
            tracing::warn!(error = %e, "closing the outdated search index failed");
        }
        tracing::info!(
            index_seq = payload.seq,
            log_first = first,
            log_last = last,
            "the search index is of another database or behind the log; rebuilding"
        );
    }
    if let Some(s) = search.upgrade() {
        s.install(None, 0);
    }
    rebuild(db, dir, database)
}

/// Builds the index in `dir` from the database; returns it and the `seq` of the log it covers.
pub fn rebuild(db: &Db, dir: &Path, database: &str) -> AppResult<(Engine, i64)> {
    let started = Instant::now();
    // Events committed from here on are applied again afterwards (replacing is idempotent).
    let seq = db.read_blocking(log::last_seq)?;
    let engine = Engine::create(dir)?;
    engine.set_background_merges(false);
    let mut cache = Cache::default();
    let mut after: Option<String> = None;
    let mut docs = 0usize;
    loop {
        let from = after.clone();
        let (page, next) = db.read_blocking(|c| domain::rebuild_page(c, &mut cache, from.as_deref()))?;
        docs += page.len();
        for d in page {
            engine.apply(&Change::Add(Box::new(d)))?;
        }
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    engine.commit(&payload(seq, database))?;
    let segments = engine.merge_all()?;
    engine.set_background_merges(true);
    tracing::info!(docs, seq, segments, secs = started.elapsed().as_secs_f64(), dir = %dir.display(), "search index rebuilt");
    Ok((engine, seq))
}

/// `tandem reindex`: rebuilds the configured index directory from the database (the server of
/// that directory should be stopped: one process writes an index at a time).
pub fn reindex(db: &Db, dir: &Path, database_url: &str) -> AppResult<u64> {
    let (engine, _) = rebuild(db, dir, &database_digest(database_url))?;
    Ok(engine.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_digest_ignores_the_password() {
        assert_eq!(database_digest("postgres://u:secret@h/db"), database_digest("postgres://u:other@h/db"));
        assert_ne!(database_digest("postgres://u@h/db1"), database_digest("postgres://u@h/db2"));
        assert_eq!(database_digest("sqlite:///x/t.db").len(), 16);
    }
}
