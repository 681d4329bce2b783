//! Refresh tokens and personal access tokens.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::orgs::UserRow;
use super::schema::{access_tokens, refresh_tokens, users};
use super::DbConn;
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: String,
    pub user_id: String,
    pub family_id: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshTokenRow<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub family_id: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert_refresh_token(c: &mut DbConn, row: &NewRefreshTokenRow<'_>) -> AppResult<()> {
    diesel::insert_into(refresh_tokens::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_refresh_token(c: &mut DbConn, hash: &str) -> AppResult<Option<RefreshTokenRow>> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshTokenRow::as_select())
        .first(c)
        .optional()?)
}

/// Marks a token used, only if nobody used it first (true when this call did).
pub fn mark_refresh_used(c: &mut DbConn, id: &str, at: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        refresh_tokens::table.filter(refresh_tokens::id.eq(id)).filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(at))
    .execute(c)?;
    Ok(n == 1)
}

pub fn revoke_refresh_family(c: &mut DbConn, family_id: &str, at: NaiveDateTime) -> AppResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(at))
    .execute(c)?;
    Ok(())
}

/// Revokes every refresh token of a user except those of `keep_family`.
pub fn revoke_user_refresh_tokens(
    c: &mut DbConn,
    user_id: &str,
    keep_family: Option<&str>,
    at: NaiveDateTime,
) -> AppResult<()> {
    let mut q = diesel::update(refresh_tokens::table)
        .filter(refresh_tokens::user_id.eq(user_id))
        .filter(refresh_tokens::revoked_at.is_null())
        .into_boxed();
    if let Some(f) = keep_family {
        q = q.filter(refresh_tokens::family_id.ne(f));
    }
    q.set(refresh_tokens::revoked_at.eq(at)).execute(c)?;
    Ok(())
}

/// Whether a session (refresh-token family) still stands: one of its tokens is neither revoked
/// nor expired.
pub fn session_alive(c: &mut DbConn, family_id: &str, at: NaiveDateTime) -> AppResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null())
            .filter(refresh_tokens::expires_at.gt(at)),
    ))
    .get_result(c)?)
}

/// Revokes every live personal access token of a user; how many.
pub fn revoke_user_access_tokens(c: &mut DbConn, user_id: &str, at: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::update(
        access_tokens::table.filter(access_tokens::user_id.eq(user_id)).filter(access_tokens::revoked_at.is_null()),
    )
    .set(access_tokens::revoked_at.eq(at))
    .execute(c)?)
}

pub fn delete_expired_refresh_tokens(c: &mut DbConn, before: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::delete(refresh_tokens::table.filter(refresh_tokens::expires_at.lt(before))).execute(c)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = access_tokens)]
pub struct AccessTokenRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub prefix: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = access_tokens)]
pub struct NewAccessTokenRow<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub name: &'a str,
    pub prefix: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
}

pub fn insert_access_token(c: &mut DbConn, row: &NewAccessTokenRow<'_>) -> AppResult<()> {
    diesel::insert_into(access_tokens::table).values(row).execute(c)?;
    Ok(())
}

/// Live (not revoked) tokens of a user, newest first.
pub fn list_access_tokens(c: &mut DbConn, user_id: &str) -> AppResult<Vec<AccessTokenRow>> {
    Ok(access_tokens::table
        .filter(access_tokens::user_id.eq(user_id))
        .filter(access_tokens::revoked_at.is_null())
        .order((access_tokens::created_at.desc(), access_tokens::id.desc()))
        .select(AccessTokenRow::as_select())
        .load(c)?)
}

/// Revokes a user's token; false when the user has no such live token.
pub fn revoke_access_token(c: &mut DbConn, user_id: &str, id: &str, at: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        access_tokens::table
            .filter(access_tokens::id.eq(id))
            .filter(access_tokens::user_id.eq(user_id))
            .filter(access_tokens::revoked_at.is_null()),
    )
    .set(access_tokens::revoked_at.eq(at))
    .execute(c)?;
    Ok(n == 1)
}

/// The token with this hash and its active owner, if the token is live.
pub fn find_live_access_token(
    c: &mut DbConn,
    hash: &str,
    at: NaiveDateTime,
) -> AppResult<Option<(AccessTokenRow, UserRow)>> {
    Ok(access_tokens::table
        .inner_join(users::table)
        .filter(access_tokens::token_hash.eq(hash))
        .filter(access_tokens::revoked_at.is_null())
        .filter(access_tokens::expires_at.is_null().or(access_tokens::expires_at.gt(at)))
        .filter(users::is_active.eq(true))
        .select((AccessTokenRow::as_select(), UserRow::as_select()))
        .first(c)
        .optional()?)
}

pub fn touch_access_token(c: &mut DbConn, id: &str, at: NaiveDateTime) -> AppResult<()> {
    diesel::update(access_tokens::table.filter(access_tokens::id.eq(id)))
        .set(access_tokens::last_used_at.eq(at))
        .execute(c)?;
    Ok(())
}
