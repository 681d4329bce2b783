//! What time it is for Tandem: the system clock in production, a clock a test sets and moves.
//!
//! The clock travels with the [`crate::db::Db`] handle (and so in `AppState`), never as a
//! process-wide setting: two test servers in one process each keep their own time. Every
//! transaction the handle runs makes its clock the current one on that thread for the while
//! ([`Clock::enter`]), so a use case reads the time with [`now`] (`db::now()`) and the stored
//! `created_at`, the validation against "now" and the deadlines all agree with the clock the
//! caller chose. Code outside a transaction (workers' loops, response headers) asks the handle's
//! clock directly (`db.clock().now()`).
//!
//! Security tokens (JWT `iat`/`exp`) stay on the system clock: the library that checks them
//! reads the system time itself.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, DurationRound, NaiveDateTime, Utc};

/// A source of the current time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None`: the system clock.
    manual: Option<Arc<parking_lot::Mutex<Manual>>>,
}

/// A clock a test controls: it shows `at` when the real clock showed `set_at`, and runs on from
/// there unless frozen.
#[derive(Debug, Clone, Copy)]
struct Manual {
    at: DateTime<Utc>,
    set_at: DateTime<Utc>,
    frozen: bool,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { manual: None }
    }

    /// A clock that starts at `at` and runs on at the real pace (a test's "it is now …").
    pub fn starting_at(at: DateTime<Utc>) -> Self {
        MANUAL_MADE.store(true, Ordering::Relaxed);
        Self { manual: Some(Arc::new(parking_lot::Mutex::new(Manual { at, set_at: Utc::now(), frozen: false }))) }
    }

    /// True for a clock that tests control.
    pub fn is_manual(&self) -> bool {
        self.manual.is_some()
    }

    /// The current time, UTC.
    pub fn utc(&self) -> DateTime<Utc> {
        match &self.manual {
            None => Utc::now(),
            Some(m) => {
                let m = *m.lock();
                if m.frozen {
                    m.at
                } else {
                    m.at + (Utc::now() - m.set_at)
                }
            }
        }
    }

    /// The current time as stored: UTC, truncated to microseconds (PostgreSQL keeps µs, SQLite
    /// would keep ns and a round trip would change the value).
    pub fn now(&self) -> NaiveDateTime {
        let t = self.utc();
        t.duration_trunc(Duration::microseconds(1)).unwrap_or(t).naive_utc()
    }

    /// Moves a manual clock to `at`; it runs on from there (or stays, when frozen). The system
    /// clock cannot be moved: a no-op that returns false.
    pub fn set(&self, at: DateTime<Utc>) -> bool {
        let Some(m) = &self.manual else { return false };
        let mut m = m.lock();
        m.at = at;
        m.set_at = Utc::now();
        true
    }

    /// Moves a manual clock by `by` (negative moves it back).
    pub fn advance(&self, by: Duration) -> bool {
        let now = self.utc();
        self.set(now + by)
    }

    /// Stops a manual clock at the time it shows (`true`), or lets it run on from there.
    pub fn freeze(&self, frozen: bool) -> bool {
        let Some(m) = &self.manual else { return false };
        let mut m = m.lock();
        let shown = if m.frozen { m.at } else { m.at + (Utc::now() - m.set_at) };
        *m = Manual { at: shown, set_at: Utc::now(), frozen };
        true
    }

    /// Makes this clock the current one of this thread until the guard drops (nesting restores
    /// the outer one).
    pub fn enter(&self) -> Entered {
        let previous = CURRENT.with(|c| c.replace(Some(self.clone())));
        Entered { previous }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Clock>> = const { RefCell::new(None) };
}

/// Restores the thread's previous clock when dropped.
#[must_use = "the clock is current only while the guard lives"]
pub struct Entered {
    previous: Option<Clock>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// The current time as stored, on this thread's current clock (the system clock outside a
/// transaction of a [`crate::db::Db`]).
///
/// Once a process has made a clock that tests control, a read outside a transaction panics:
/// such a read ignores the test's clock, a time bomb waiting for the day it matters. A server
/// on the system clock never makes one.
pub fn now() -> NaiveDateTime {
    CURRENT.with(|c| match &*c.borrow() {
        Some(clock) => clock.now(),
        None => {
            assert!(
                !MANUAL_MADE.load(Ordering::Relaxed),
                "the time was read outside a transaction of a Db, past the test's clock: ask the handle (db.clock().now())"
            );
            Clock::system().now()
        }
    })
}

/// Whether this process has made a manual clock (see [`now`]).
static MANUAL_MADE: AtomicBool = AtomicBool::new(false);

/// The current clock of this thread (the system clock outside a transaction), for code that
/// hands it on to another thread.
pub fn current() -> Clock {
    CURRENT.with(|c| c.borrow().clone().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
    }

    #[test]
    fn a_manual_clock_starts_where_it_is_set_and_runs_on() {
        let clock = Clock::starting_at(at("2026-11-23T01:00:00Z"));
        let shown = clock.utc();
        assert!(shown >= at("2026-11-23T01:00:00Z") && shown < at("2026-11-23T01:01:00Z"), "{shown}");
        clock.set(at("2031-02-03T04:05:06Z"));
        assert!(clock.utc() >= at("2031-02-03T04:05:06Z"));
        clock.advance(Duration::days(-1));
        assert!(clock.utc() < at("2031-02-03T00:00:00Z"));
    }

    #[test]
    fn a_frozen_clock_stands_still_and_stores_microseconds() {
        let clock = Clock::starting_at(at("2026-11-20T00:00:00Z"));
        clock.freeze(true);
        clock.set(at("2026-11-23T01:00:00.123456789Z"));
        let first = clock.now();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(clock.now(), first);
        assert_eq!(first.and_utc(), at("2026-11-23T01:00:00.123456Z"));
    }

    #[test]
    fn now_follows_the_clock_entered_on_this_thread_and_restores_the_outer_one() {
        // Years the system clock never shows, so the test holds whenever it runs.
        let outer = Clock::starting_at(at("1990-01-01T00:00:00Z"));
        let inner = Clock::starting_at(at("1980-01-01T00:00:00Z"));
        let year = || now().and_utc().format("%Y").to_string();
        {
            let _a = outer.enter();
            assert_eq!(year(), "1990");
            {
                let _b = inner.enter();
                assert_eq!(year(), "1980");
                assert!(current().is_manual());
            }
            assert_eq!(year(), "1990");
        }
        assert!(!current().is_manual(), "none entered: the system clock");
        // Another thread does not see this thread's clock; with a test clock made, reading the
        // time there is refused.
        let _a = outer.enter();
        assert!(std::thread::spawn(now).join().is_err());
    }

    #[test]
    fn the_system_clock_cannot_be_moved() {
        let clock = Clock::system();
        assert!(!clock.set(at("2000-01-01T00:00:00Z")));
        assert!(!clock.is_manual());
        assert!(clock.utc() > at("2020-01-01T00:00:00Z"));
    }
}
