//! Passwords, sessions (JWT access + rotating refresh tokens), personal access tokens and the
//! login throttle.

use std::path::Path;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use base64::Engine;
use chrono::{Duration, NaiveDateTime};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::distr::{Alphanumeric, SampleString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::db::orgs::{self as org_store, UserRow};
use crate::db::tokens::{self as store, AccessTokenRow, NewAccessTokenRow, NewRefreshTokenRow, ThrottleRow};
use crate::db::{new_id, now, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode};

use serde_json::json;

use super::audit::{self, AuditKind};
use super::Role;

pub const PAT_PREFIX: &str = "tdm_pat_";
const REFRESH_PREFIX: &str = "tdm_rt_";
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
pub fn load_or_create_secret(config: &Config) -> AppResult<String> {
    if let Some(s) = &config.jwt_secret {
        return Ok(s.clone());
    }
    let path = config.data_dir.join("jwt_secret");
    if let Ok(s) = std::fs::read_to_string(&path) {
        let s = s.trim().to_owned();
        if s.len() >= 32 {
            return Ok(s);
        }
    }
    std::fs::create_dir_all(&config.data_dir).map_err(AppError::internal)?;
    let mut bytes = [0u8; 48];
    rand::fill(&mut bytes);
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    write_private(&path, &secret)?;
    Ok(secret)
}

fn write_private(path: &Path, contents: &str) -> AppResult<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(AppError::internal)?;
    f.write_all(contents.as_bytes()).map_err(AppError::internal)
}

/// What a successful login or refresh hands out.
#[derive(Debug)]
pub struct Session {
    pub user: UserRow,
    pub access_token: String,
    pub refresh_token: String,
    pub refresh_expires_at: NaiveDateTime,
}

/// Settings the throttle needs.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub max_failures: i32,
    pub window_secs: i64,
}

/// Seconds until a locked account may try again, if it is locked.
fn locked_for(row: Option<&ThrottleRow>, at: NaiveDateTime) -> Option<u64> {
    let until = row?.locked_until?;
    (until > at).then(|| u64::try_from((until - at).num_seconds().max(1)).unwrap_or(1))
}

/// Counts one failed login; returns the lock time when this failure locks the account.
fn record_failure(c: &mut DbConn, email: &str, policy: ThrottlePolicy, at: NaiveDateTime) -> AppResult<Option<u64>> {
    let window = Duration::seconds(policy.window_secs);
    let mut row = store::find_throttle(c, email)?
        .filter(|r| r.window_started_at + window > at)
        .unwrap_or(ThrottleRow { email: email.to_owned(), failures: 0, window_started_at: at, locked_until: None });
    row.failures += 1;
    if row.failures >= policy.max_failures {
        row.locked_until = Some(at + window);
        row.failures = 0;
        row.window_started_at = at;
    }
    store::save_throttle(c, &row)?;
    Ok(locked_for(Some(&row), at))
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

/// Email + password login. Password hashing runs outside any transaction so it never holds
/// the SQLite write lock.
pub async fn login(
    db: &Db,
    keys: &JwtKeys,
    policy: ThrottlePolicy,
    refresh_ttl_days: i64,
    email: &str,
    password: String,
) -> AppResult<Session> {
    let email = normalize_email(email);
    let lookup = email.clone();
    let (throttle, user) =
        db.read(move |c| Ok((store::find_throttle(c, &lookup)?, org_store::find_user_by_email(c, &lookup)?))).await?;
    if let Some(secs) = locked_for(throttle.as_ref(), db.clock().now()) {
        return Err(too_many(secs));
    }
    let hash = user.as_ref().map_or_else(|| dummy_hash().to_owned(), |u| u.password_hash.clone());
    let ok = actix_web::web::block(move || verify_password(&hash, &password)).await?;
    let known = user.as_ref().map(|u| u.id.clone());
    let user = user.filter(|u| ok && u.is_active);
    let ttl = refresh_ttl_days;
    let outcome = db
        .write(move |c| {
            let at = now();
            match user {
                Some(user) => {
                    store::clear_throttle(c, &email)?;
                    let family = new_id();
                    let (refresh, expires) = new_refresh(c, &user.id, &family, ttl, at)?;
                    audit::record(c, Some(&user.id), AuditKind::LoginSucceeded, Some(("user", &user.id)), json!({}))?;
                    Ok(Ok((user, family, refresh, expires)))
                }
                None => {
                    let subject = known.as_deref().map(|id| ("user", id));
                    audit::record(c, known.as_deref(), AuditKind::LoginFailed, subject, json!({"email": email}))?;
                    Ok(Err(record_failure(c, &email, policy, at)?))
                }
            }
        })
        .await?;
    match outcome {
        Ok((user, family, refresh_token, refresh_expires_at)) => {
            let access_token = keys.issue_access(&user.id, Role::from_db(&user.role)?, &family)?;
            Ok(Session { user, access_token, refresh_token, refresh_expires_at })
        }
        Err(Some(secs)) => Err(too_many(secs)),
        Err(None) => Err(AppError::new(ErrorCode::InvalidCredentials, "wrong email or password")),
    }
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
    let access_token = keys.issue_access(&user.id, Role::from_db(&user.role)?, &family)?;
    Ok(Session { user, access_token, refresh_token, refresh_expires_at })
}

/// Ends the session the refresh token belongs to. Unknown tokens are ignored.
pub fn logout(c: &mut DbConn, token: &str) -> AppResult<()> {
    if let Some(row) = store::find_refresh_token(c, &token_hash(token))? {
        store::revoke_refresh_family(c, &row.family_id, now())?;
    }
    Ok(())
}

/// Changes the caller's password after checking the current one; every other session ends.
pub async fn change_password(
    db: &Db,
    user_id: &str,
    session_id: Option<String>,
    current: String,
    new: String,
) -> AppResult<()> {
    let uid = user_id.to_owned();
    let user = db.read(move |c| super::Actor::load(c, &uid).and_then(|_| org_store::find_user(c, &uid))).await?;
    let user = user.ok_or_else(|| AppError::not_found("user"))?;
    let stored = user.password_hash.clone();
    let (ok, new_hash) = actix_web::web::block(move || -> AppResult<(bool, String)> {
        Ok((verify_password(&stored, &current), hash_password(&new)?))
    })
    .await??;
    if !ok {
        return Err(AppError::field("current_password", "invalid", "the current password is wrong"));
    }
    db.write(move |c| {
        let changes = org_store::UserChanges { password_hash: Some(new_hash), ..Default::default() };
        let at = now();
        if !org_store::update_user(c, &user.id, user.version, &changes, at)? {
            return Err(AppError::version_mismatch());
        }
        audit::record(c, Some(&user.id), AuditKind::PasswordChanged, Some(("user", &user.id)), json!({}))?;
        store::revoke_user_refresh_tokens(c, &user.id, session_id.as_deref(), at)
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
    let removed =
        store::delete_expired_refresh_tokens(c, at)? + store::delete_stale_throttles(c, at - Duration::days(1))?;
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

    #[test]
    fn lockout_after_max_failures() {
        let (db, _dir) = crate::db::testing::sqlite_db();
        let policy = ThrottlePolicy { max_failures: 3, window_secs: 900 };
        let at = now();
        let locks: Vec<Option<u64>> =
            (0..3).map(|_| db.write_blocking(|c| record_failure(c, "a@x.cn", policy, at)).expect("write")).collect();
        assert_eq!(&locks[..2], &[None, None]);
        assert!(locks[2].is_some_and(|s| s > 800));
    }
}
