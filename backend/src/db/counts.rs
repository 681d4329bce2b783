//! The totals of long lists, kept while they are right. A list page's total counts everything the
//! reader may see that matches (tens of milliseconds for a head at 100k tasks, more for a general
//! manager, against a fraction of a millisecond for the page itself), and readers ask for the same
//! totals page after page.
//!
//! A total is kept under the list version it was counted at (`list_versions`, migration 000026:
//! triggers raise it with every committed change a total depends on, in any process) and used
//! while the version is the same, for at most [`FRESH`]. The version is read before counting, so
//! a change that commits meanwhile only makes the kept total stale sooner. The key names the
//! reader's whole visibility and every filter, so one reader's total is never another's. Readers
//! who miss the same total at once wait for one count.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;

use super::schema::list_versions;
use super::DbConn;
use crate::error::AppResult;

/// How long a total is kept at most.
pub const FRESH: Duration = Duration::from_secs(2);
/// Beyond this many totals the stale ones are dropped (all of them, if none is).
const MOST: usize = 10_000;

#[derive(Default)]
pub struct Counts {
    kept: parking_lot::Mutex<HashMap<String, Kept>>,
    /// One lock per key being counted, so a burst of readers counts once.
    counting: parking_lot::Mutex<HashMap<String, Arc<parking_lot::Mutex<()>>>>,
}

struct Kept {
    version: i64,
    at: Instant,
    total: i64,
}

impl Counts {
    fn kept(&self, key: &str, version: i64) -> Option<i64> {
        self.kept.lock().get(key).filter(|k| k.version == version && k.at.elapsed() < FRESH).map(|k| k.total)
    }

    /// The total kept under `key` at `version`, else `count()` (kept for the next asker).
    pub fn total(&self, key: String, version: i64, count: impl FnOnce() -> AppResult<i64>) -> AppResult<i64> {
        if let Some(total) = self.kept(&key, version) {
            return Ok(total);
        }
        let gate = self.counting.lock().entry(key.clone()).or_default().clone();
        let _counting = gate.lock();
        if let Some(total) = self.kept(&key, version) {
            return Ok(total);
        }
        let total = count()?;
        let mut kept = self.kept.lock();
        if kept.len() >= MOST {
            kept.retain(|_, k| k.version == version && k.at.elapsed() < FRESH);
            if kept.len() >= MOST {
                kept.clear();
            }
            self.counting.lock().retain(|_, g| Arc::strong_count(g) > 1);
        }
        kept.insert(key, Kept { version, at: Instant::now(), total });
        Ok(total)
    }

    /// Makes these the totals of this thread's reads while the guard lives.
    pub fn enter(self: &Arc<Self>) -> Entered {
        Entered { previous: CURRENT.with(|c| c.replace(Some(self.clone()))) }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Counts>>> = const { RefCell::new(None) };
}

/// Restores the thread's previous totals when dropped.
#[must_use = "the totals are current only while the guard lives"]
pub struct Entered {
    previous: Option<Arc<Counts>>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// The version of everything the lists' totals depend on (the sum of its shards).
pub fn list_version(c: &mut DbConn) -> AppResult<i64> {
    Ok(list_versions::table.select(list_versions::n).load::<i64>(c)?.iter().sum())
}

/// The total under `key`: kept by the current read's database handle, or counted now (outside
/// one, and inside write transactions, whose own changes a kept total would miss).
pub fn total(c: &mut DbConn, key: String, count: impl FnOnce(&mut DbConn) -> AppResult<i64>) -> AppResult<i64> {
    match CURRENT.with(|cur| cur.borrow().clone()) {
        Some(counts) => {
            let version = list_version(c)?;
            counts.total(key, version, || count(c))
        }
        None => count(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_is_kept_while_the_version_stays() {
        let counts = Counts::default();
        let mut asked = 0;
        let mut count = |n: i64| {
            asked += 1;
            Ok(n)
        };
        assert_eq!(counts.total("a".into(), 1, || count(3)).expect("total"), 3);
        assert_eq!(counts.total("a".into(), 1, || count(4)).expect("total"), 3, "kept");
        assert_eq!(counts.total("b".into(), 1, || count(5)).expect("total"), 5, "another key is counted");
        assert_eq!(counts.total("a".into(), 2, || count(6)).expect("total"), 6, "counted again at a new version");
        assert_eq!(asked, 3);
    }

    #[test]
    fn totals_are_kept_only_inside_a_read_and_follow_the_databases_changes() {
        let (db, _dir) = crate::db::testing::sqlite_db();
        let total = |db: &crate::db::Db, n: i64| db.read_blocking(|c| total(c, "k".into(), |_| Ok(n))).expect("total");
        assert_eq!(total(&db, 1), 1);
        assert_eq!(total(&db, 2), 1, "kept by the handle");
        db.write_blocking(|c| {
            diesel::sql_query("UPDATE list_versions SET n = n + 1").execute(c)?;
            Ok(())
        })
        .expect("bump");
        assert_eq!(total(&db, 3), 3, "counted again after a change");
        let outside = db.pool.get().map(|mut c| super::total(&mut c, "k".into(), |_| Ok(4))).expect("conn");
        assert_eq!(outside.expect("total"), 4, "counted outside a read");
    }
}
