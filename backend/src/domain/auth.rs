//! Passwords, sessions (JWT access + rotating refresh tokens), personal access tokens and the
//! login throttle.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use base64::Engine;
use chrono::{Duration, NaiveDateTime};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::distr::{Alphanumeric, SampleString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::login_locks::{self as lock_store, DeviceRow};
use crate::db::orgs::{self as org_store, UserRow};
use crate::db::tokens::{self as store, AccessTokenRow, NewAccessTokenRow, NewRefreshTokenRow};
use crate::db::{new_id, now, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode};

use serde_json::json;

use super::audit::{self, AuditKind};
use super::login_locks::{self, Attempt, ThrottlePolicy};
use super::Role;

pub const PAT_PREFIX: &str = "tdm_pat_";
const REFRESH_PREFIX: &str = "tdm_rt_";
const DEVICE_PREFIX: &str = "tdm_dev_";
const ISSUER: &str = "tandem";
/// Token purposes, carried in `aud` and checked, so tokens cannot cross purposes.
pub const AUD_ACCESS: &str = "access";

pub fn hash_password(password: &str) -> AppResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(e.to_string()))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash that never matches, verified for unknown accounts so that timing does not tell
/// which emails exist.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("tandem-timing-equalizer").unwrap_or_default())
}

/// SHA-256 (hex) of a bearer secret; only hashes are stored.
pub fn token_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

pub(crate) fn random_secret(prefix: &str) -> String {
    format!("{prefix}{}", Alphanumeric.sample_string(&mut rand::rng(), 40))
}

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub aud: String,
    pub iss: String,
    pub exp: i64,
    pub iat: i64,
    pub role: Role,
    /// The refresh-token family (session) this access token belongs to.
    pub sid: String,
}

/// Signing keys and settings for access tokens.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub access_ttl_secs: i64,
}

impl JwtKeys {
    pub fn new(secret: &str, access_ttl_secs: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUD_ACCESS]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            validation,
            access_ttl_secs,
        }
    }

    pub fn issue_access(&self, user_id: &str, role: Role, session_id: &str) -> AppResult<String> {
        let iat = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_owned(),
            aud: AUD_ACCESS.into(),
            iss: ISSUER.into(),
            exp: iat + self.access_ttl_secs,
            iat,
            role,
            sid: session_id.to_owned(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(AppError::internal)
    }

    /// Checks signature, `exp`, `aud` and `iss`; no database work.
    pub fn verify_access(&self, token: &str) -> AppResult<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|_| AppError::unauthenticated("invalid or expired access token"))
    }
}

/// The configured secret, or one generated once and kept (mode 0600) in the data directory.
pub fn load_or_create_secret(configured: Option<&str>, data_dir: &Path) -> AppResult<String> {
    if let Some(s) = configured {
        return Ok(s.to_owned());
    }
    let path = data_dir.join("jwt_secret");
    if let Ok(s) = std::fs::read_to_string(&path) {
        let s = s.trim().to_owned();
        if s.len() >= 32 {
            return Ok(s);
        }
    }
    crate::private_fs::dir_all(data_dir).map_err(AppError::internal)?;
    let mut bytes = [0u8; 48];
    rand::fill(&mut bytes);
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    write_private(&path, &secret)?;
    Ok(secret)
}

fn write_private(path: &Path, contents: &str) -> AppResult<()> {
    use std::io::Write;
    let mut f = crate::private_fs::create(path).map_err(AppError::internal)?;
    f.write_all(contents.as_bytes()).map_err(AppError::internal)
}

/// What a successful login or refresh hands out.
#[derive(Debug)]
pub struct Session {
    pub user: UserRow,
    pub access_token: String,
    pub refresh_token: String,
    pub refresh_expires_at: NaiveDateTime,
    /// A sign-in from a device the account did not know yet: its new device token.
    pub device_token: Option<String>,
}

fn new_refresh(
    c: &mut DbConn,
    user_id: &str,
    family_id: &str,
    ttl_days: i64,
    at: NaiveDateTime,
) -> AppResult<(String, NaiveDateTime)> {
    let secret = random_secret(REFRESH_PREFIX);
    let expires_at = at + Duration::days(ttl_days);
    store::insert_refresh_token(
        c,
        &NewRefreshTokenRow {
            id: &new_id(),
            user_id,
            family_id,
            token_hash: &token_hash(&secret),
            created_at: at,
            expires_at,
        },
    )?;
    Ok((secret, expires_at))
}

fn too_many(secs: u64) -> AppError {
    AppError::new(ErrorCode::TooManyRequests, "too many failed logins; try again later").with_retry_after(secs)
}

/// Argon2 work (checking and hashing passwords) on a bounded pool of its own: at most `permits`
/// at once and [`PASSWORD_QUEUE`] waiting, so a flood of sign-ins gets 503 instead of every
/// blocking thread the database work needs.
#[derive(Clone)]
pub struct PasswordWork {
    permits: Arc<tokio::sync::Semaphore>,
    waiting: Arc<AtomicUsize>,
    running: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

/// Password checks that may wait for a permit; more are refused at once.
pub const PASSWORD_QUEUE: usize = 64;
/// How long a password check waits for a permit.
const PASSWORD_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

fn busy() -> AppError {
    AppError::new(ErrorCode::ServiceUnavailable, "too many sign-ins at once; try again in a moment").with_retry_after(1)
}

/// Decrements a counter when dropped.
struct Counted(Arc<AtomicUsize>);

impl Counted {
    fn new(counter: &Arc<AtomicUsize>) -> (Self, usize) {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        (Self(counter.clone()), n)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl PasswordWork {
    /// At most `permits` (at least one) hashes at once.
    pub fn new(permits: usize) -> Self {
        Self {
            permits: Arc::new(tokio::sync::Semaphore::new(permits.max(1))),
            waiting: Arc::default(),
            running: Arc::default(),
            peak: Arc::default(),
        }
    }

    /// The most hashes that ran at once so far (for tests and metrics).
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let (queued, n) = Counted::new(&self.waiting);
        if n > PASSWORD_QUEUE {
            return Err(busy());
        }
        let permit = tokio::time::timeout(PASSWORD_WAIT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())?;
        drop(queued);
        let (running, peak) = (self.running.clone(), self.peak.clone());
        Ok(actix_web::web::block(move || {
            let (counted, n) = Counted::new(&running);
            peak.fetch_max(n, Ordering::SeqCst);
            let out = f();
            // Counted out before the permit goes to the next one.
            drop(counted);
            drop(permit);
            out
        })
        .await?)
    }

    pub async fn verify(&self, hash: String, password: String) -> AppResult<bool> {
        self.run(move || verify_password(&hash, &password)).await
    }

    pub async fn hash(&self, password: String) -> AppResult<String> {
        self.run(move || hash_password(&password)).await?
    }
}

/// One sign-in: who, with what, from where, on which device.
pub struct LoginAttempt {
    pub email: String,
    pub password: String,
    /// The client address as counted by the throttle ([`login_locks::address_key`]).
    pub address: String,
    /// The device token an earlier sign-in to this account gave this browser, if any.
    pub device_token: Option<String>,
}

/// Email + password login, throttled per address, account and device (see [`login_locks`]).
/// Password hashing runs on [`PasswordWork`], outside any transaction.
pub async fn login(
    db: &Db,
    keys: &JwtKeys,
    work: &PasswordWork,
    policy: ThrottlePolicy,
    refresh_ttl_days: i64,
    input: LoginAttempt,
) -> AppResult<Session> {
    let email = normalize_email(&input.email);
    let device_hash = input.device_token.as_deref().map(token_hash);
    let address = input.address;
    let (user, attempt, wait) = db
        .read(move |c| {
            let user = org_store::find_user_by_email(c, &email)?;
            let device = match (&user, device_hash) {
                (Some(u), Some(h)) => lock_store::find_device(c, &h)?.filter(|d| d.user_id == u.id),
                _ => None,
            };
            let attempt = Attempt { address, email, device };
            let wait = login_locks::blocked(c, &attempt, now())?;
            Ok((user, attempt, wait))
        })
        .await?;
    if let Some(secs) = wait {
        return Err(too_many(secs));
    }
    let hash = user.as_ref().map_or_else(|| dummy_hash().to_owned(), |u| u.password_hash.clone());
    let ok = work.verify(hash, input.password).await?;
    let known = user.as_ref().map(|u| u.id.clone());
    let user = user.filter(|u| ok && u.is_active);
    let ttl = refresh_ttl_days;
    let outcome = db
        .write(move |c| {
            let at = now();
            match user {
                Some(user) => {
                    login_locks::succeed(c, &attempt)?;
                    let device_token = match &attempt.device {
                        Some(d) => {
                            lock_store::touch_device(c, &d.id, at)?;
                            None
                        }
                        None => Some(new_device(c, &user.id, at)?),
                    };
                    let family = new_id();
                    let (refresh, expires) = new_refresh(c, &user.id, &family, ttl, at)?;
                    audit::record(c, Some(&user.id), AuditKind::LoginSucceeded, Some(("user", &user.id)), json!({}))?;
                    Ok(Ok((user, family, refresh, expires, device_token)))
                }
                None => {
                    let subject = known.as_deref().map(|id| ("user", id));
                    let detail = json!({"email": attempt.email, "address": attempt.address,
                        "known_device": attempt.device.is_some()});
                    audit::record(c, known.as_deref(), AuditKind::LoginFailed, subject, detail)?;
                    Ok(Err(login_locks::fail(c, &attempt, policy, at)?))
                }
            }
        })
        .await?;
    match outcome {
        Ok((user, family, refresh_token, refresh_expires_at, device_token)) => {
            let access_token = keys.issue_access(&user.id, user.role, &family)?;
            Ok(Session { user, access_token, refresh_token, refresh_expires_at, device_token })
        }
        Err(Some(secs)) => Err(too_many(secs)),
        Err(None) => Err(AppError::new(ErrorCode::InvalidCredentials, "wrong email or password")),
    }
}

/// Remembers a device that signed in to `user_id`; returns its token (shown once).
fn new_device(c: &mut DbConn, user_id: &str, at: NaiveDateTime) -> AppResult<String> {
    let secret = random_secret(DEVICE_PREFIX);
    lock_store::insert_device(
        c,
        &DeviceRow {
            id: new_id(),
            user_id: user_id.to_owned(),
            token_hash: token_hash(&secret),
            created_at: at,
            last_used_at: at,
        },
    )?;
    Ok(secret)
}

/// Exchanges a refresh token for a new pair. A token used twice means it was stolen: the whole
/// session (family) is revoked.
pub async fn refresh(db: &Db, keys: &JwtKeys, refresh_ttl_days: i64, token: &str) -> AppResult<Session> {
    let hash = token_hash(token);
    let outcome = db
        .write(move |c| {
            let at = now();
            let Some(row) = store::find_refresh_token(c, &hash)? else { return Ok(None) };
            if row.revoked_at.is_some() || row.expires_at <= at {
                return Ok(None);
            }
            if !store::mark_refresh_used(c, &row.id, at)? {
                // Two tabs of one browser refreshing at the same moment send the same token:
                // within a few seconds of its first use it still gets a pair of its session.
                // Later, it was stolen: the whole session ends.
                let first_use = row.used_at.unwrap_or(at);
                if at - first_use <= REFRESH_REUSE_GRACE {
                    let Some(user) = org_store::find_user(c, &row.user_id)?.filter(|u| u.is_active) else {
                        return Ok(None);
                    };
                    let (refresh, expires) = new_refresh(c, &user.id, &row.family_id, refresh_ttl_days, at)?;
                    return Ok(Some((user, row.family_id, refresh, expires)));
                }
                store::revoke_refresh_family(c, &row.family_id, at)?;
                let detail = json!({"session": row.family_id});
                audit::record(
                    c,
                    Some(&row.user_id),
                    AuditKind::SessionRevokedOnReuse,
                    Some(("user", &row.user_id)),
                    detail,
                )?;
                tracing::warn!(user_id = %row.user_id, "refresh token reused; session revoked");
                return Ok(None);
            }
            let Some(user) = org_store::find_user(c, &row.user_id)?.filter(|u| u.is_active) else { return Ok(None) };
            let (refresh, expires) = new_refresh(c, &user.id, &row.family_id, refresh_ttl_days, at)?;
            Ok(Some((user, row.family_id, refresh, expires)))
        })
        .await?;
    let (user, family, refresh_token, refresh_expires_at) =
        outcome.ok_or_else(|| AppError::unauthenticated("invalid, expired or already used refresh token"))?;
    let access_token = keys.issue_access(&user.id, user.role, &family)?;
    Ok(Session { user, access_token, refresh_token, refresh_expires_at, device_token: None })
}

/// Ends the session the refresh token belongs to (its access tokens stop working too; see
/// [`LiveSessions`]). Unknown tokens are ignored.
pub fn logout(c: &mut DbConn, token: &str) -> AppResult<()> {
    if let Some(row) = store::find_refresh_token(c, &token_hash(token))? {
        store::revoke_refresh_family(c, &row.family_id, now())?;
    }
    Ok(())
}

/// How long after its first use a refresh token may be used again (two tabs at once).
pub const REFRESH_REUSE_GRACE: Duration = Duration::seconds(30);

/// Access tokens are valid only while their session stands: after sign-out, a password change
/// or a detected token theft they are refused, not only at expiry. A session found alive is
/// trusted for [`LiveSessions::TRUST`] (other processes learn of an end within that time; this
/// one at once, see [`LiveSessions::forget_all`]).
#[derive(Default)]
pub struct LiveSessions {
    alive: parking_lot::Mutex<std::collections::HashMap<String, std::time::Instant>>,
}

impl LiveSessions {
    pub const TRUST: std::time::Duration = std::time::Duration::from_secs(5);
    /// Sessions remembered at most; beyond, the memory starts again.
    const REMEMBERED: usize = 100_000;

    /// Ok when the session `sid` stands.
    pub async fn ensure(&self, db: &Db, sid: &str) -> AppResult<()> {
        let fresh = self.alive.lock().get(sid).is_some_and(|t| t.elapsed() < Self::TRUST);
        if fresh {
            return Ok(());
        }
        let id = sid.to_owned();
        let alive = db.read(move |c| store::session_alive(c, &id, now())).await?;
        let mut map = self.alive.lock();
        if alive {
            if map.len() >= Self::REMEMBERED {
                map.clear();
            }
            map.insert(sid.to_owned(), std::time::Instant::now());
            Ok(())
        } else {
            map.remove(sid);
            Err(AppError::unauthenticated("the session has ended; sign in again"))
        }
    }

    /// Forgets every session this process trusted (after sessions ended here).
    pub fn forget_all(&self) {
        self.alive.lock().clear();
    }
}

/// Changes the caller's password after checking the current one. Everything the old password
/// opened closes: every other session, every personal access token and every known device
/// (each signs in again with the new password).
pub async fn change_password(
    db: &Db,
    work: &PasswordWork,
    user_id: &str,
    session_id: Option<String>,
    current: String,
    new: String,
) -> AppResult<()> {
    let uid = user_id.to_owned();
    let user = db.read(move |c| super::Actor::load(c, &uid).and_then(|_| org_store::find_user(c, &uid))).await?;
    let user = user.ok_or_else(|| AppError::not_found("user"))?;
    if !work.verify(user.password_hash.clone(), current).await? {
        return Err(AppError::field("current_password", "invalid", "the current password is wrong"));
    }
    let new_hash = work.hash(new).await?;
    db.write(move |c| {
        let changes = org_store::UserChanges { password_hash: Some(new_hash), ..Default::default() };
        let at = now();
        if !org_store::update_user(c, &user.id, user.version, &changes, at)? {
            return Err(AppError::version_mismatch());
        }
        store::revoke_user_refresh_tokens(c, &user.id, session_id.as_deref(), at)?;
        let tokens = store::revoke_user_access_tokens(c, &user.id, at)?;
        let devices = lock_store::delete_devices_of(c, &user.id)?;
        let detail = json!({"access_tokens_revoked": tokens, "devices_forgotten": devices});
        audit::record(c, Some(&user.id), AuditKind::PasswordChanged, Some(("user", &user.id)), detail)
    })
    .await
}

/// A newly created personal access token; `secret` is shown once and never stored.
pub struct NewPat {
    pub row: AccessTokenRow,
    pub secret: String,
}

pub fn create_pat(c: &mut DbConn, user_id: &str, name: &str, expires_in_days: Option<i64>) -> AppResult<NewPat> {
    super::Actor::load(c, user_id)?;
    let at = now();
    let secret = random_secret(PAT_PREFIX);
    let prefix: String = secret.chars().take(PAT_PREFIX.len() + 4).collect();
    let id = new_id();
    let expires_at = expires_in_days.map(|d| at + Duration::days(d));
    let name = name.trim();
    store::insert_access_token(
        c,
        &NewAccessTokenRow {
            id: &id,
            user_id,
            name,
            prefix: &prefix,
            token_hash: &token_hash(&secret),
            created_at: at,
            expires_at,
        },
    )?;
    audit::record(c, Some(user_id), AuditKind::TokenCreated, Some(("access_token", &id)), json!({"name": name}))?;
    let row = AccessTokenRow {
        id,
        user_id: user_id.to_owned(),
        name: name.to_owned(),
        prefix,
        created_at: at,
        last_used_at: None,
        expires_at,
        revoked_at: None,
    };
    Ok(NewPat { row, secret })
}

/// Revokes one of the caller's personal access tokens (404 for anyone else's).
pub fn revoke_pat(c: &mut DbConn, user_id: &str, token_id: &str) -> AppResult<()> {
    super::Actor::load(c, user_id)?;
    if !store::revoke_access_token(c, user_id, token_id, now())? {
        return Err(AppError::not_found("access token"));
    }
    audit::record(c, Some(user_id), AuditKind::TokenRevoked, Some(("access_token", token_id)), json!({}))
}

/// The user behind a personal access token, if it is live; records its use (at most once a minute).
pub fn authenticate_pat(c: &mut DbConn, secret: &str) -> AppResult<Option<UserRow>> {
    let at = now();
    let Some((token, user)) = store::find_live_access_token(c, &token_hash(secret), at)? else { return Ok(None) };
    if token.last_used_at.is_none_or(|t| at - t > Duration::seconds(60)) {
        store::touch_access_token(c, &token.id, at)?;
    }
    Ok(Some(user))
}

/// Removes expired sessions and stale throttle rows (run by the housekeeping worker).
pub fn housekeeping(c: &mut DbConn) -> AppResult<usize> {
    let at = now();
    let removed = store::delete_expired_refresh_tokens(c, at)?
        + lock_store::delete_stale(c, at - Duration::days(1))?
        + lock_store::delete_unused_devices(c, at - Duration::days(180))?;
    crate::db::optimize(c)?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_round_trip() {
        let h = hash_password("Tandem@2026").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "Tandem@2026"));
        assert!(!verify_password(&h, "tandem@2026"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn access_tokens_are_checked_for_audience_and_signature() {
        let keys = JwtKeys::new("0123456789abcdef0123456789abcdef", 60);
        let t = keys.issue_access("u1", Role::Member, "s1").expect("issue");
        let claims = keys.verify_access(&t).expect("verify");
        assert_eq!((claims.sub.as_str(), claims.role, claims.sid.as_str()), ("u1", Role::Member, "s1"));
        let other = JwtKeys::new("another-secret-another-secret-xx", 60);
        assert!(other.verify_access(&t).is_err());
        // A token for another purpose is refused.
        let now = chrono::Utc::now().timestamp();
        let wrong_aud = serde_json::json!({"sub":"u1","aud":"file_download","iss":"tandem","exp":now+60,"iat":now,"role":"admin","sid":"s"});
        let t2 = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &wrong_aud,
            &EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef"),
        )
        .expect("enc");
        assert!(keys.verify_access(&t2).is_err());
    }

    #[actix_web::test]
    async fn password_work_runs_at_most_its_permits_at_once() {
        let work = PasswordWork::new(2);
        let hash = hash_password("x").expect("hash");
        let checks: Vec<_> = (0..8).map(|_| work.verify(hash.clone(), "x".into())).collect();
        let results = futures_util::future::join_all(checks).await;
        assert!(results.into_iter().all(|r| r.expect("checked")));
        assert!(work.peak() >= 1 && work.peak() <= 2, "peak {}", work.peak());
    }
}
