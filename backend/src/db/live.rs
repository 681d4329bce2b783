//! The live event log behind `/events`: appended in the transaction of the change it announces,
//! read in `seq` order by every server process.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::live_events;
use super::DbConn;
use crate::error::AppResult;
use crate::values::LiveKind;

/// The PostgreSQL channel that tells every process new events were committed.
pub const CHANNEL: &str = "tandem_live";
/// Advisory lock key that orders live-event writers (ASCII "tdmlive").
const ORDER_LOCK: i64 = 0x0074_646d_6c69_7665;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = live_events)]
pub struct LiveRow {
    pub seq: i64,
    pub user_id: Option<String>,
    pub task_id: Option<String>,
    pub kind: LiveKind,
    pub payload: String,
    pub created_at: NaiveDateTime,
}

/// Appends an event. On PostgreSQL the writer first takes a transaction-scoped advisory lock, so
/// sequence numbers become visible in the order they were taken (a reader that saw `seq` N has
/// seen every committed event below N), and announces the commit on [`CHANNEL`].
pub fn append(
    c: &mut DbConn,
    user_id: Option<&str>,
    task_id: Option<&str>,
    kind: LiveKind,
    payload: &str,
    at: NaiveDateTime,
) -> AppResult<()> {
    if let DbConn::Pg(pg) = c {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(ORDER_LOCK)
            .execute(pg)?;
    }
    diesel::insert_into(live_events::table)
        .values((
            live_events::user_id.eq(user_id),
            live_events::task_id.eq(task_id),
            live_events::kind.eq(kind),
            live_events::payload.eq(payload),
            live_events::created_at.eq(at),
        ))
        .execute(c)?;
    if let DbConn::Pg(pg) = c {
        // Delivered at commit, once per transaction however many events it wrote.
        diesel::sql_query(format!("NOTIFY {CHANNEL}")).execute(pg)?;
    }
    Ok(())
}

/// Events after `seq`, oldest first.
pub fn after(c: &mut DbConn, seq: i64, limit: i64) -> AppResult<Vec<LiveRow>> {
    Ok(live_events::table
        .filter(live_events::seq.gt(seq))
        .order(live_events::seq.asc())
        .limit(limit)
        .select(LiveRow::as_select())
        .load(c)?)
}

/// The newest `seq` (0 when there is none).
pub fn last_seq(c: &mut DbConn) -> AppResult<i64> {
    Ok(live_events::table.select(diesel::dsl::max(live_events::seq)).first::<Option<i64>>(c)?.unwrap_or(0))
}

/// The oldest `seq` still kept (None when the log is empty).
pub fn first_seq(c: &mut DbConn) -> AppResult<Option<i64>> {
    Ok(live_events::table.select(diesel::dsl::min(live_events::seq)).first::<Option<i64>>(c)?)
}

/// Forgets events older than `before`; a client that was away longer reloads instead.
pub fn delete_before(c: &mut DbConn, before: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::delete(live_events::table.filter(live_events::created_at.lt(before))).execute(c)?)
}
