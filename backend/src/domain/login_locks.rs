//! Sign-in throttling that an attacker cannot turn against the victim.
//!
//! A failed sign-in counts under up to two keys:
//! - the client's **address** (IPv6 by its /64): many failures from one place lock that place,
//!   whatever accounts it tries;
//! - the **account**, for devices it does not know: guessing one account's password locks the
//!   guessers out, not its owner, because
//! - a **device** that signed in to the account before (the browser keeps a device token) counts
//!   under its own key instead, and neither the account's nor the address's lock applies to it.
//!
//! Each key locks after its number of failures within the window; a lock lasts a minute, and
//! each further lock of the same key twice as long as the previous one, up to the configured
//! longest. A successful sign-in forgets the account's (or device's) failures. Administrators
//! see the locks and clear them.

use chrono::{Duration, NaiveDateTime};
use serde_json::json;

use super::audit::{self, AuditKind};
use super::permissions::{ensure, Action};
use super::Actor;
use crate::db::login_locks::{self as store, DeviceRow, LockRow};
use crate::db::{now, DbConn};
use crate::error::{AppError, AppResult};

/// How long a first lock lasts (each further one lasts twice as long).
const FIRST_LOCK_SECS: i64 = 60;
/// After a day without failures a key's lock count starts again.
const LOCK_MEMORY: Duration = Duration::days(1);

pub use crate::values::LockKind;

/// The throttle's settings.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Failures of one account (from unknown devices), or of one device, before it locks.
    pub max_failures: i32,
    /// Failures from one address (any accounts) before it locks.
    pub address_max_failures: i32,
    /// The longest lock, and the window failures are counted in.
    pub longest_lock_secs: i64,
}

/// One sign-in attempt's keys.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The client address as counted (an IPv6 address is cut to its /64).
    pub address: String,
    /// Lower-case email.
    pub email: String,
    /// The device token's device, when it belongs to the account asked for.
    pub device: Option<DeviceRow>,
}

/// An address as counted: IPv4 as it is, IPv6 by its /64 (one subscriber's whole prefix).
pub fn address_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        v4 => v4.to_string(),
    }
}

/// Seconds until a key may try again, if it is locked at `at`.
fn locked_for(row: Option<&LockRow>, at: NaiveDateTime) -> Option<u64> {
    let until = row?.locked_until?;
    (until > at).then(|| u64::try_from((until - at).num_seconds().max(1)).unwrap_or(1))
}

/// Seconds the attempt must wait, if any of the keys that apply to it is locked.
pub fn blocked(c: &mut DbConn, attempt: &Attempt, at: NaiveDateTime) -> AppResult<Option<u64>> {
    let keys: Vec<(LockKind, String)> = match &attempt.device {
        Some(d) => vec![(LockKind::Device, d.id.clone())],
        None => vec![(LockKind::Address, attempt.address.clone()), (LockKind::Account, attempt.email.clone())],
    };
    let mut wait = None;
    for (kind, subject) in keys {
        let row = store::find(c, kind, &subject)?;
        wait = wait.max(locked_for(row.as_ref(), at));
    }
    Ok(wait)
}

/// Counts one failure of a key; the seconds of the lock it starts, if it starts one.
fn count(
    c: &mut DbConn,
    kind: LockKind,
    subject: &str,
    max: i32,
    p: ThrottlePolicy,
    at: NaiveDateTime,
) -> AppResult<Option<u64>> {
    let window = Duration::seconds(p.longest_lock_secs);
    let mut row = store::lock_row(c, kind, subject, at)?;
    if row.last_failure_at + LOCK_MEMORY < at {
        row.lock_count = 0;
    }
    if row.window_started_at + window <= at {
        row.failures = 0;
        row.window_started_at = at;
    }
    row.failures += 1;
    row.last_failure_at = at;
    let mut locked = None;
    if row.failures >= max.max(1) {
        let doubled = FIRST_LOCK_SECS.saturating_mul(1_i64 << row.lock_count.clamp(0, 30));
        let secs = doubled.min(p.longest_lock_secs).max(1);
        row.locked_until = Some(at + Duration::seconds(secs));
        row.lock_count += 1;
        row.failures = 0;
        row.window_started_at = at;
        locked = u64::try_from(secs).ok();
    }
    store::save(c, &row)?;
    Ok(locked)
}

/// Counts a failed sign-in; the seconds to wait when it locked a key that applies to the attempt.
pub fn fail(c: &mut DbConn, attempt: &Attempt, p: ThrottlePolicy, at: NaiveDateTime) -> AppResult<Option<u64>> {
    if let Some(d) = &attempt.device {
        return count(c, LockKind::Device, &d.id, p.max_failures, p, at);
    }
    let by_address = count(c, LockKind::Address, &attempt.address, p.address_max_failures, p, at)?;
    let by_account = count(c, LockKind::Account, &attempt.email, p.max_failures, p, at)?;
    Ok(by_address.max(by_account))
}

/// A successful sign-in: the account's (or the device's) failures are forgotten. The address
/// keeps its count: one's own account must not reset a guesser's address.
pub fn succeed(c: &mut DbConn, attempt: &Attempt) -> AppResult<()> {
    let (kind, subject) = match &attempt.device {
        Some(d) => (LockKind::Device, d.id.clone()),
        None => (LockKind::Account, attempt.email.clone()),
    };
    if let Some(row) = store::find(c, kind, &subject)? {
        store::delete(c, &row.id)?;
    }
    Ok(())
}

/// A key as administrators see it.
pub struct LockView {
    pub row: LockRow,
    pub kind: LockKind,
    /// Seconds left of its lock, if locked.
    pub locked_for: Option<u64>,
}

/// Keys locked now or with failures in the last window (administrators).
pub fn list(c: &mut DbConn, actor_id: &str, p: ThrottlePolicy) -> AppResult<Vec<LockView>> {
    ensure(&Actor::load(c, actor_id)?, Action::ManageOrg)?;
    let at = now();
    Ok(store::current(c, at, at - Duration::seconds(p.longest_lock_secs), 500)?
        .into_iter()
        .map(|row| LockView { kind: row.kind, locked_for: locked_for(Some(&row), at), row })
        .collect())
}

/// Clears a key's failures and lock (administrators; audited).
pub fn clear(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<()> {
    let actor = Actor::load(c, actor_id)?;
    ensure(&actor, Action::ManageOrg)?;
    let row = store::delete(c, id)?.ok_or_else(|| AppError::not_found("login lock"))?;
    audit::record(
        c,
        Some(&actor.id),
        AuditKind::LoginLockCleared,
        None,
        json!({"kind": row.kind, "subject": row.subject, "locked_until": row.locked_until.map(|t| t.and_utc().to_rfc3339())}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: ThrottlePolicy = ThrottlePolicy { max_failures: 3, address_max_failures: 5, longest_lock_secs: 900 };

    fn attempt(address: &str, email: &str) -> Attempt {
        Attempt { address: address.to_owned(), email: email.to_owned(), device: None }
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_prefix_and_mapped_ones_as_ipv4() {
        let key = |s: &str| address_key(s.parse().expect("ip"));
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::9"));
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("::ffff:10.1.2.3"), "10.1.2.3");
        assert_eq!(key("10.1.2.3"), "10.1.2.3");
    }

    #[test]
    fn locks_double_up_to_the_longest_and_apply_per_key() {
        let (db, _dir) = crate::db::testing::sqlite_db();
        let t0 = now();
        let a = attempt("203.0.113.7", "victim@x.cn");
        let mut at = t0;
        let mut locks = Vec::new();
        for round in 0..6 {
            for i in 0..3 {
                let got = db.write_blocking(|c| fail(c, &a, POLICY, at)).expect("fail");
                if i < 2 {
                    assert_eq!(got, None, "round {round} failure {i}");
                }
                locks.push(got);
            }
            at += Duration::seconds(901);
        }
        let account_locks: Vec<u64> = locks.iter().skip(2).step_by(3).filter_map(|l| *l).collect();
        assert_eq!(account_locks, vec![60, 120, 240, 480, 900, 900]);
        // Another address, another account: not affected.
        let other = attempt("198.51.100.1", "someone@x.cn");
        assert_eq!(db.read_blocking(|c| blocked(c, &other, t0)).expect("read"), None);
        assert!(db.read_blocking(|c| blocked(c, &a, t0)).expect("read").is_some());
    }

    #[test]
    fn a_known_device_is_not_locked_out_by_others_failing_for_its_account() {
        let (db, _dir) = crate::db::testing::sqlite_db();
        let at = now();
        let attacker = attempt("203.0.113.7", "victim@x.cn");
        for _ in 0..5 {
            db.write_blocking(|c| fail(c, &attacker, POLICY, at)).expect("fail");
        }
        assert!(db.read_blocking(|c| blocked(c, &attacker, at)).expect("read").is_some());
        // The victim on another network without a device token is locked too (the account is),
        // but with the device token of an earlier sign-in is not.
        let stranger = attempt("198.51.100.1", "victim@x.cn");
        assert!(db.read_blocking(|c| blocked(c, &stranger, at)).expect("read").is_some());
        let device = DeviceRow {
            id: "d-1".into(),
            user_id: "u-1".into(),
            token_hash: "h".into(),
            created_at: at,
            last_used_at: at,
        };
        let known = Attempt { device: Some(device), ..stranger };
        assert_eq!(db.read_blocking(|c| blocked(c, &known, at)).expect("read"), None);
        // Its own failures lock only the device.
        for _ in 0..2 {
            assert_eq!(db.write_blocking(|c| fail(c, &known, POLICY, at)).expect("fail"), None);
        }
        assert_eq!(db.write_blocking(|c| fail(c, &known, POLICY, at)).expect("fail"), Some(60));
    }

    #[test]
    fn an_address_locks_after_failures_across_accounts_and_a_success_does_not_reset_it() {
        let (db, _dir) = crate::db::testing::sqlite_db();
        let at = now();
        for i in 0..4 {
            let a = attempt("203.0.113.9", &format!("user{i}@x.cn"));
            assert_eq!(db.write_blocking(|c| fail(c, &a, POLICY, at)).expect("fail"), None);
        }
        let own = attempt("203.0.113.9", "me@x.cn");
        db.write_blocking(|c| succeed(c, &own)).expect("succeed");
        assert_eq!(
            db.write_blocking(|c| fail(c, &attempt("203.0.113.9", "user9@x.cn"), POLICY, at)).expect("fail"),
            Some(60)
        );
        assert!(db.read_blocking(|c| blocked(c, &own, at)).expect("read").is_some(), "the whole address waits");
    }
}
