//! The live-event hub of one server process.
//!
//! Events are rows of `live_events`, written by use cases in their own transactions. One reader
//! task per process follows the log in `seq` order and broadcasts each new batch to the
//! process's `/events` subscribers, which keep what is theirs (see [`crate::api::events`]).
//!
//! The reader wakes up when this process has written something, when PostgreSQL announces a
//! commit of another process (`LISTEN tandem_live`), and at least every second. Several processes
//! on one PostgreSQL therefore all see every event, and a subscriber that reconnects with
//! `Last-Event-ID` is served from the log.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::{broadcast, Notify};

use crate::db::live::{self as store, LiveRow};
use crate::db::{Db, DbKind};

/// How many events one read of the log takes.
pub const BATCH: i64 = 500;
const POLL_EVERY: Duration = Duration::from_secs(1);

pub struct Hub {
    tx: broadcast::Sender<Arc<Vec<LiveRow>>>,
    /// Something was written here (or announced by PostgreSQL): read the log.
    changed: Arc<Notify>,
    /// Something was written here: the outbox may have work.
    pub outbox: Notify,
    /// The last `seq` the reader has broadcast.
    last: AtomicI64,
}

impl Default for Hub {
    fn default() -> Self {
        Self::new()
    }
}

impl Hub {
    pub fn new() -> Self {
        Self {
            tx: broadcast::channel(256).0,
            changed: Arc::new(Notify::new()),
            outbox: Notify::new(),
            last: AtomicI64::new(0),
        }
    }

    /// Called after this process committed a write.
    pub fn after_write(&self) {
        self.changed.notify_one();
        self.outbox.notify_one();
    }

    /// Called when new events may be in the log (the outbox wrote notifications).
    pub fn poke(&self) {
        self.changed.notify_one();
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Vec<LiveRow>>> {
        self.tx.subscribe()
    }

    /// The newest event already broadcast: where a new subscriber without `Last-Event-ID` starts.
    pub fn last_seq(&self) -> i64 {
        self.last.load(Ordering::Acquire)
    }
}

/// Starts the reader (and, on PostgreSQL, the listener on `database_url`) of this process.
pub fn spawn(hub: Arc<Hub>, db: Db, database_url: String) {
    if db.kind() == DbKind::Postgres {
        listen(database_url, Arc::downgrade(&hub.changed));
    }
    actix_web::rt::spawn(async move {
        match db.read(store::last_seq).await {
            Ok(seq) => hub.last.store(seq, Ordering::Release),
            Err(e) => tracing::warn!(error = %e, "cannot read the live event log; starting from the beginning"),
        }
        loop {
            let _ = actix_web::rt::time::timeout(POLL_EVERY, hub.changed.notified()).await;
            loop {
                let after = hub.last_seq();
                let db = db.clone();
                match db.read(move |c| store::after(c, after, BATCH)).await {
                    Ok(rows) if rows.is_empty() => break,
                    Ok(rows) => {
                        let full = rows.len() as i64 == BATCH;
                        if let Some(last) = rows.last() {
                            hub.last.store(last.seq, Ordering::Release);
                        }
                        // No subscriber is not an error.
                        let _ = hub.tx.send(Arc::new(rows));
                        if !full {
                            break;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "reading the live event log failed; will retry");
                        break;
                    }
                }
            }
        }
    });
}

/// A thread that holds one PostgreSQL connection in `LISTEN tandem_live` and wakes the reader
/// when another process commits events. It ends when the hub is gone.
fn listen(url: String, changed: Weak<Notify>) {
    use diesel::{Connection, PgConnection, RunQueryDsl};
    let spawned = std::thread::Builder::new().name("live-listen".into()).spawn(move || {
        let mut backoff = Duration::from_millis(200);
        while changed.strong_count() > 0 {
            let mut conn = match PgConnection::establish(&url) {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "live listener cannot connect; retrying");
                    std::thread::sleep(backoff);
                    backoff = (backoff * 2).min(Duration::from_secs(10));
                    continue;
                }
            };
            if let Err(e) = diesel::sql_query(format!("LISTEN {}", store::CHANNEL)).execute(&mut conn) {
                tracing::warn!(error = %e, "LISTEN failed; retrying");
                std::thread::sleep(backoff);
                continue;
            }
            backoff = Duration::from_millis(200);
            let mut idle = 0u32;
            loop {
                let Some(notify) = changed.upgrade() else { return };
                let (mut woke, mut lost) = (false, false);
                for n in conn.notifications_iter() {
                    match n {
                        Ok(_) => woke = true,
                        Err(e) => {
                            tracing::warn!(error = %e, "live listener lost its connection");
                            lost = true;
                            break;
                        }
                    }
                }
                if woke {
                    notify.notify_one();
                }
                drop(notify);
                if lost {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
                idle += 1;
                // Now and then, make sure the connection still stands (a dead one never notifies).
                if idle >= 100 {
                    idle = 0;
                    if diesel::sql_query("SELECT 1").execute(&mut conn).is_err() {
                        break;
                    }
                }
            }
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "cannot start the live listener; other processes' events arrive by polling");
    }
}
