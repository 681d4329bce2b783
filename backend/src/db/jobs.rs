//! The durable job queue: claimed with a lease, retried with back-off, dead-lettered at last.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::schema::jobs;
use super::{DbConn, MultiBackend};
use crate::error::AppResult;
use crate::values::{JobKind, JobStatus};

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub id: String,
    pub kind: JobKind,
    pub payload: String,
    pub status: JobStatus,
    pub run_at: NaiveDateTime,
    pub attempts: i32,
    pub max_attempts: i32,
    pub lease_owner: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub idempotency_key: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

/// Enqueues a job unless one with the same idempotency key exists; true when enqueued.
pub fn enqueue(c: &mut DbConn, row: &JobRow) -> AppResult<bool> {
    if let Some(key) = &row.idempotency_key {
        let exists: bool =
            diesel::select(diesel::dsl::exists(jobs::table.filter(jobs::idempotency_key.eq(key)))).get_result(c)?;
        if exists {
            return Ok(false);
        }
    }
    diesel::insert_into(jobs::table).values(row).execute(c)?;
    Ok(true)
}

/// Leases up to `limit` due jobs (queued and due, or running with an expired lease) to `owner`
/// until `lease_until`, counting an attempt for each.
pub fn claim(
    c: &mut DbConn,
    owner: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    kinds: &[JobKind],
    limit: i64,
) -> AppResult<Vec<JobRow>> {
    match c {
        // Several processes claim at once: each skips the rows another is claiming.
        DbConn::Pg(pg) => Ok(diesel::sql_query(
            "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2, attempts = attempts + 1, \
             updated_at = $3 WHERE id IN (SELECT id FROM jobs WHERE kind = ANY($5) AND \
             ((status = 'queued' AND run_at <= $3) OR (status = 'running' AND lease_until < $3)) \
             ORDER BY run_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) RETURNING *",
        )
        .bind::<Text, _>(owner)
        .bind::<Timestamp, _>(lease_until)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit)
        .bind::<diesel::sql_types::Array<Text>, _>(kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>())
        .load(pg)?),
        // SQLite: the write transaction (BEGIN IMMEDIATE) already excludes other claimers.
        DbConn::Sqlite(_) => {
            let due: Vec<JobRow> = jobs::table
                .filter(jobs::kind.eq_any(kinds))
                .filter(
                    (jobs::status.eq(JobStatus::Queued).and(jobs::run_at.le(now)))
                        .or(jobs::status.eq(JobStatus::Running).and(jobs::lease_until.lt(now))),
                )
                .order((jobs::run_at.asc(), jobs::id.asc()))
                .limit(limit)
                .select(JobRow::as_select())
                .load(c)?;
            let ids: Vec<&str> = due.iter().map(|j| j.id.as_str()).collect();
            diesel::update(jobs::table.filter(jobs::id.eq_any(&ids)))
                .set((
                    jobs::status.eq(JobStatus::Running),
                    jobs::lease_owner.eq(owner),
                    jobs::lease_until.eq(lease_until),
                    jobs::attempts.eq(jobs::attempts + 1),
                    jobs::updated_at.eq(now),
                ))
                .execute(c)?;
            Ok(due
                .into_iter()
                .map(|mut j| {
                    j.status = JobStatus::Running;
                    j.lease_owner = Some(owner.to_owned());
                    j.lease_until = Some(lease_until);
                    j.attempts += 1;
                    j
                })
                .collect())
        }
    }
}

fn held<'a>(id: &'a str, owner: &'a str) -> jobs::BoxedQuery<'a, MultiBackend> {
    jobs::table
        .filter(jobs::id.eq(id))
        .filter(jobs::status.eq(JobStatus::Running))
        .filter(jobs::lease_owner.eq(owner))
        .into_boxed()
}

/// Marks a job done; false when the lease was lost (another worker took it over).
pub fn complete(c: &mut DbConn, id: &str, owner: &str, now: NaiveDateTime) -> AppResult<bool> {
    let ids: Vec<String> = held(id, owner).select(jobs::id).load(c)?;
    let n = diesel::update(jobs::table.filter(jobs::id.eq_any(&ids)))
        .set((
            jobs::status.eq(JobStatus::Done),
            jobs::lease_owner.eq(None::<String>),
            jobs::lease_until.eq(None::<NaiveDateTime>),
            jobs::last_error.eq(None::<String>),
            jobs::updated_at.eq(now),
            jobs::finished_at.eq(Some(now)),
        ))
        .execute(c)?;
    Ok(n == 1)
}

/// Puts a job back: to run again at `retry_at`, or dead when `retry_at` is `None`.
pub fn fail(
    c: &mut DbConn,
    id: &str,
    owner: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let ids: Vec<String> = held(id, owner).select(jobs::id).load(c)?;
    let (status, run_at, finished) = match retry_at {
        Some(at) => (JobStatus::Queued, Some(at), None),
        None => (JobStatus::Dead, None, Some(now)),
    };
    let q = diesel::update(jobs::table.filter(jobs::id.eq_any(&ids)));
    let n = match run_at {
        Some(at) => q
            .set((
                jobs::status.eq(status),
                jobs::run_at.eq(at),
                jobs::lease_owner.eq(None::<String>),
                jobs::lease_until.eq(None::<NaiveDateTime>),
                jobs::last_error.eq(Some(error)),
                jobs::updated_at.eq(now),
            ))
            .execute(c)?,
        None => q
            .set((
                jobs::status.eq(status),
                jobs::lease_owner.eq(None::<String>),
                jobs::lease_until.eq(None::<NaiveDateTime>),
                jobs::last_error.eq(Some(error)),
                jobs::updated_at.eq(now),
                jobs::finished_at.eq(finished),
            ))
            .execute(c)?,
    };
    Ok(n == 1)
}

/// Puts a job back to run at `run_at` without counting the attempt (it was not tried: e.g. its
/// robot's rate budget was spent).
pub fn defer(c: &mut DbConn, id: &str, owner: &str, run_at: NaiveDateTime, now: NaiveDateTime) -> AppResult<bool> {
    let ids: Vec<String> = held(id, owner).select(jobs::id).load(c)?;
    let n = diesel::update(jobs::table.filter(jobs::id.eq_any(&ids)))
        .set((
            jobs::status.eq(JobStatus::Queued),
            jobs::run_at.eq(run_at),
            jobs::attempts.eq(jobs::attempts - 1),
            jobs::lease_owner.eq(None::<String>),
            jobs::lease_until.eq(None::<NaiveDateTime>),
            jobs::updated_at.eq(now),
        ))
        .execute(c)?;
    Ok(n == 1)
}

pub fn find(c: &mut DbConn, id: &str) -> AppResult<Option<JobRow>> {
    Ok(jobs::table.find(id).select(JobRow::as_select()).first(c).optional()?)
}

/// Queued jobs of a kind whose payload names `needle` (e.g. the robot they go to), oldest first.
pub fn queued_with(c: &mut DbConn, kind: JobKind, needle: &str, limit: i64) -> AppResult<Vec<JobRow>> {
    Ok(jobs::table
        .filter(jobs::kind.eq(kind))
        .filter(jobs::status.eq(JobStatus::Queued))
        .filter(jobs::payload.like(format!("%{needle}%")))
        .order((jobs::created_at.asc(), jobs::id.asc()))
        .limit(limit)
        .select(JobRow::as_select())
        .load(c)?)
}

/// Marks queued jobs done without running them (their content went out in a digest).
pub fn absorb(c: &mut DbConn, ids: &[String], now: NaiveDateTime) -> AppResult<()> {
    diesel::update(jobs::table.filter(jobs::id.eq_any(ids)).filter(jobs::status.eq(JobStatus::Queued)))
        .set((jobs::status.eq(JobStatus::Done), jobs::updated_at.eq(now), jobs::finished_at.eq(Some(now))))
        .execute(c)?;
    Ok(())
}

#[derive(Debug, Default)]
pub struct JobFilter {
    pub status: Option<JobStatus>,
    /// `None`: every kind; otherwise one of these (none at all when empty, e.g. for a kind asked
    /// for that does not exist).
    pub kinds: Option<Vec<JobKind>>,
    /// Keyset position: (updated_at, id) of the last row seen, newest first.
    pub before: Option<(NaiveDateTime, String)>,
    pub limit: i64,
}

fn filtered(f: &JobFilter) -> jobs::BoxedQuery<'_, MultiBackend> {
    let mut q = jobs::table.into_boxed();
    if let Some(s) = f.status {
        q = q.filter(jobs::status.eq(s));
    }
    if let Some(k) = &f.kinds {
        q = q.filter(jobs::kind.eq_any(k));
    }
    q
}

pub fn list(c: &mut DbConn, f: &JobFilter) -> AppResult<Vec<JobRow>> {
    let mut q = filtered(f);
    if let Some((at, id)) = &f.before {
        q = q
            .filter(jobs::updated_at.le(*at))
            .filter(jobs::updated_at.lt(*at).or(jobs::updated_at.eq(*at).and(jobs::id.lt(id))));
    }
    Ok(q.order((jobs::updated_at.desc(), jobs::id.desc())).limit(f.limit).select(JobRow::as_select()).load(c)?)
}

pub fn count(c: &mut DbConn, f: &JobFilter) -> AppResult<i64> {
    Ok(filtered(f).count().get_result(c)?)
}

/// Gives a dead job another round of attempts; false when it is not dead.
pub fn retry(c: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(jobs::table.filter(jobs::id.eq(id)).filter(jobs::status.eq(JobStatus::Dead)))
        .set((
            jobs::status.eq(JobStatus::Queued),
            jobs::attempts.eq(0),
            jobs::run_at.eq(now),
            jobs::updated_at.eq(now),
            jobs::finished_at.eq(None::<NaiveDateTime>),
        ))
        .execute(c)?;
    Ok(n == 1)
}

/// Forgets finished jobs older than `before`.
pub fn prune_done(c: &mut DbConn, before: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::delete(jobs::table.filter(jobs::status.eq(JobStatus::Done)).filter(jobs::finished_at.lt(before)))
        .execute(c)?)
}
