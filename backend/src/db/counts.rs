//! The totals of long lists, kept for a moment. A list page's total counts everything the reader
//! may see that matches (tens of milliseconds for a head at 100k tasks, against a fraction of
//! one for the page itself), and the same reader asks for the same total page after page.
//!
//! A kept total is used while nothing was written through this process's [`super::Db`] since it
//! was counted and for at most [`FRESH`] (what another process wrote shows within that). The key
//! names the reader's whole visibility and every filter, so one reader's total is never another's.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::AppResult;

/// How long a total is kept at most.
pub const FRESH: Duration = Duration::from_secs(2);
/// Beyond this many totals the stale ones are dropped (all of them, if none is).
const MOST: usize = 10_000;

#[derive(Default)]
pub struct Counts {
    /// Bumped after every write transaction of this process.
    generation: AtomicU64,
    kept: parking_lot::Mutex<HashMap<String, Kept>>,
}

struct Kept {
    generation: u64,
    at: Instant,
    total: i64,
}

impl Counts {
    /// Something was written: no kept total is current any more.
    pub fn written(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The kept total under `key`, else `count()` (kept for the next asker).
    pub fn total(&self, key: String, count: impl FnOnce() -> AppResult<i64>) -> AppResult<i64> {
        // Read before counting: a write that lands meanwhile makes this total stale at once.
        let generation = self.generation.load(Ordering::SeqCst);
        if let Some(k) = self.kept.lock().get(&key) {
            if k.generation == generation && k.at.elapsed() < FRESH {
                return Ok(k.total);
            }
        }
        let total = count()?;
        let mut kept = self.kept.lock();
        if kept.len() >= MOST {
            kept.retain(|_, k| k.generation == generation && k.at.elapsed() < FRESH);
            if kept.len() >= MOST {
                kept.clear();
            }
        }
        kept.insert(key, Kept { generation, at: Instant::now(), total });
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

/// The total under `key`: kept by the current read's database handle, or counted now (outside
/// one, and inside write transactions, whose own changes a kept total would miss).
pub fn total(key: String, count: impl FnOnce() -> AppResult<i64>) -> AppResult<i64> {
    match CURRENT.with(|c| c.borrow().clone()) {
        Some(counts) => counts.total(key, count),
        None => count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_is_kept_until_something_is_written() {
        let counts = Counts::default();
        let mut asked = 0;
        let mut count = |n: i64| {
            asked += 1;
            Ok(n)
        };
        assert_eq!(counts.total("a".into(), || count(3)).expect("total"), 3);
        assert_eq!(counts.total("a".into(), || count(4)).expect("total"), 3, "kept");
        assert_eq!(counts.total("b".into(), || count(5)).expect("total"), 5, "another key is counted");
        counts.written();
        assert_eq!(counts.total("a".into(), || count(6)).expect("total"), 6, "counted again after a write");
        assert_eq!(asked, 3);
    }

    #[test]
    fn outside_a_read_every_total_is_counted() {
        assert_eq!(total("a".into(), || Ok(1)).expect("total"), 1);
        assert_eq!(total("a".into(), || Ok(2)).expect("total"), 2);
        let counts = Arc::new(Counts::default());
        let entered = counts.enter();
        assert_eq!(total("a".into(), || Ok(3)).expect("total"), 3);
        assert_eq!(total("a".into(), || Ok(4)).expect("total"), 3);
        drop(entered);
        assert_eq!(total("a".into(), || Ok(5)).expect("total"), 5);
    }
}
