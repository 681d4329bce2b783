//! Storage of the reminder engine: the fire ledger, and the candidates each rule
//! looks at.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};

use super::schema::{notifications, reminder_fires, task_milestones, tasks};
use super::sql::{load, quote, ts, using, Dialect};
use super::tasks::TaskRow;
use super::DbConn;
use crate::error::AppResult;
use crate::values::{EventKind, ReminderRule, Status};

/// How many candidates of a rule one transaction of the reminder tick handles.
pub const PAGE: usize = 500;

// The ledger's keys. Each is built here twice, in Rust for the insert that fires it and in SQL
// for the candidate queries that skip what fired; `keys_match_their_sql` checks they agree.

/// Fires once per deadline (a moved deadline is reminded of again).
pub fn due_soon_key(rule: ReminderRule, id: &str, due_at: NaiveDateTime) -> String {
    format!("{}:{id}:{}", rule.as_str(), due_at.and_utc().timestamp())
}

/// Fires once per local day.
pub fn overdue_key(rule: ReminderRule, id: &str, day: NaiveDate) -> String {
    format!("{}:{id}:{day}", rule.as_str())
}

pub fn ack_key(notification_id: &str) -> String {
    format!("ack:{notification_id}")
}

pub fn escalation_key(task_id: &str) -> String {
    format!("escalate:{task_id}")
}

/// Whole seconds since the epoch of the timestamp column `col`, as SQL.
fn epoch_sql(d: Dialect, col: &str) -> String {
    match d {
        // The stored text without its fraction, so the seconds are never rounded up.
        Dialect::Sqlite => format!("strftime('%s', substr({col}, 1, 19))"),
        Dialect::Pg => format!("CAST(FLOOR(EXTRACT(EPOCH FROM {col})) AS BIGINT)"),
    }
}

/// `AND` no ledger entry has the key `key` (SQL).
fn not_fired(key: &str) -> String {
    format!(" AND NOT EXISTS (SELECT 1 FROM reminder_fires f WHERE f.key = {key})")
}

/// Where a paged scan of candidates stands: the ordering time and id of the last row handled.
pub type Cursor = Option<(NaiveDateTime, String)>;

/// A row some rule may fire for: its id and the time the scan is ordered by.
#[derive(Debug, Clone, QueryableByName)]
pub struct Candidate {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Timestamp)]
    pub at: NaiveDateTime,
}

/// The cursor after `page`, or `None` when it was the last page.
pub fn next_page(page: &[Candidate]) -> Option<Cursor> {
    (page.len() >= PAGE).then(|| page.last().map(|c| (c.at, c.id.clone())))
}

/// The candidates of one page: `FROM … WHERE …` with `at`/`id` the ordering columns, after
/// `cursor`, ordered and limited.
fn candidates(
    c: &mut DbConn,
    from_where: impl Fn(Dialect) -> AppResult<String>,
    at: &str,
    id: &str,
    cursor: &Cursor,
) -> AppResult<Vec<Candidate>> {
    load(c, |d| {
        let after = match cursor {
            None => String::new(),
            Some((t, last)) => {
                let t = ts(d, *t);
                format!(" AND {at} >= {t} AND ({at} > {t} OR {id} > {})", quote(last)?)
            }
        };
        Ok(format!("SELECT {id} AS id, {at} AS at FROM {}{after} ORDER BY {at}, {id} LIMIT {PAGE}", from_where(d)?))
    })
}

/// A task that still waits for someone (the WHERE of the partial index `tasks_open_due`).
const OPEN_TASK: &str =
    "t.deleted_at IS NULL AND t.published_at IS NOT NULL AND t.status IN ('published', 'in_progress', 'pending_review')";

/// What the deadline rules remind of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadlines {
    /// Open tasks' due times.
    Tasks,
    /// Open milestones of open tasks.
    Milestones,
}

/// Which side of the deadline a reminder is for.
#[derive(Debug, Clone, Copy)]
pub enum Side {
    /// Deadlines in `(now, until)`: once per deadline.
    Soon { now: NaiveDateTime, until: NaiveDateTime },
    /// Deadlines up to `now`: once per local `day`.
    Late { now: NaiveDateTime, day: NaiveDate },
}

impl Deadlines {
    /// The rule (and ledger key prefix) of this side.
    pub fn rule(self, side: &Side) -> ReminderRule {
        match (self, side) {
            (Self::Tasks, Side::Soon { .. }) => ReminderRule::DueSoon,
            (Self::Tasks, Side::Late { .. }) => ReminderRule::Overdue,
            (Self::Milestones, Side::Soon { .. }) => ReminderRule::MilestoneDueSoon,
            (Self::Milestones, Side::Late { .. }) => ReminderRule::MilestoneOverdue,
        }
    }

    /// The kind of the reminder's notification.
    pub fn event(self, side: &Side) -> EventKind {
        match (self, side) {
            (Self::Tasks, Side::Soon { .. }) => EventKind::ReminderDueSoon,
            (Self::Tasks, Side::Late { .. }) => EventKind::ReminderOverdue,
            (Self::Milestones, Side::Soon { .. }) => EventKind::MilestoneDueSoon,
            (Self::Milestones, Side::Late { .. }) => EventKind::MilestoneOverdue,
        }
    }

    /// The ledger key of the reminder for `id` due at `due_at`.
    pub fn key(self, side: &Side, id: &str, due_at: NaiveDateTime) -> String {
        match side {
            Side::Soon { .. } => due_soon_key(self.rule(side), id, due_at),
            Side::Late { day, .. } => overdue_key(self.rule(side), id, *day),
        }
    }
}

/// One page of deadlines on `side` whose reminder has not fired, by due time.
pub fn unreminded_deadlines(
    c: &mut DbConn,
    what: Deadlines,
    side: &Side,
    cursor: &Cursor,
) -> AppResult<Vec<Candidate>> {
    let a = match what {
        Deadlines::Tasks => "t",
        Deadlines::Milestones => "m",
    };
    let rule = what.rule(side).as_str();
    candidates(
        c,
        |d| {
            let from = match what {
                Deadlines::Tasks => format!("tasks t{} WHERE {OPEN_TASK}", using(d, "tasks_open_due")),
                Deadlines::Milestones => format!(
                    "task_milestones m{} JOIN tasks t ON t.id = m.task_id WHERE m.done_at IS NULL AND {OPEN_TASK}",
                    using(d, "task_milestones_open_due")
                ),
            };
            let (range, slot) = match side {
                Side::Soon { now, until } => (
                    format!(" AND {a}.due_at > {} AND {a}.due_at < {}", ts(d, *now), ts(d, *until)),
                    epoch_sql(d, &format!("{a}.due_at")),
                ),
                Side::Late { now, day } => (format!(" AND {a}.due_at <= {}", ts(d, *now)), quote(&day.to_string())?),
            };
            Ok(format!("{from}{range}{}", not_fired(&format!("'{rule}:' || {a}.id || ':' || {slot}"))))
        },
        &format!("{a}.due_at"),
        &format!("{a}.id"),
        cursor,
    )
}

/// One page of notices awaiting an acknowledgement, created in `[since, latest]`, whose breach
/// has not fired, oldest first.
pub fn unbreached_acks(
    c: &mut DbConn,
    since: NaiveDateTime,
    latest: NaiveDateTime,
    cursor: &Cursor,
) -> AppResult<Vec<Candidate>> {
    candidates(
        c,
        |d| {
            let kinds =
                EventKind::AWAITING_ACK.iter().map(|k| quote(k.as_str())).collect::<AppResult<Vec<_>>>()?.join(", ");
            Ok(format!(
                "notifications n{} WHERE n.acked_at IS NULL AND n.kind IN ({kinds}) AND n.created_at >= {} AND n.created_at <= {}{}",
                using(d, "notifications_awaiting_ack"),
                ts(d, since),
                ts(d, latest),
                not_fired("'ack:' || n.id"),
            ))
        },
        "n.created_at",
        "n.id",
        cursor,
    )
}

/// One page of emergencies still waiting in `published` since `latest` or earlier, not
/// escalated, by publication time.
pub fn unescalated_emergencies(c: &mut DbConn, latest: NaiveDateTime, cursor: &Cursor) -> AppResult<Vec<Candidate>> {
    candidates(
        c,
        |d| {
            Ok(format!(
                "tasks t{} WHERE t.deleted_at IS NULL AND t.status = 'published' AND t.scenario = 'emergency' \
                 AND t.published_at <= {}{}",
                using(d, "tasks_emergency_waiting"),
                ts(d, latest),
                not_fired("'escalate:' || t.id"),
            ))
        },
        "t.published_at",
        "t.id",
        cursor,
    )
}

fn ids(page: &[Candidate]) -> Vec<&str> {
    page.iter().map(|c| c.id.as_str()).collect()
}

/// The tasks of `page`, in its order.
pub fn tasks_of(c: &mut DbConn, page: &[Candidate]) -> AppResult<Vec<TaskRow>> {
    let mut by_id: HashMap<String, TaskRow> = tasks::table
        .filter(tasks::id.eq_any(ids(page)))
        .select(TaskRow::as_select())
        .load::<TaskRow>(c)?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    Ok(page.iter().filter_map(|p| by_id.remove(&p.id)).collect())
}

/// The milestones of `page` with their tasks, in its order: (milestone id, name, due, task).
pub fn milestones_of(c: &mut DbConn, page: &[Candidate]) -> AppResult<Vec<(String, String, NaiveDateTime, TaskRow)>> {
    let mut by_id: HashMap<String, (String, String, NaiveDateTime, TaskRow)> = task_milestones::table
        .inner_join(tasks::table.on(tasks::id.eq(task_milestones::task_id)))
        .filter(task_milestones::id.eq_any(ids(page)))
        .select((task_milestones::id, task_milestones::name, task_milestones::due_at, TaskRow::as_select()))
        .load::<(String, String, NaiveDateTime, TaskRow)>(c)?
        .into_iter()
        .map(|m| (m.0.clone(), m))
        .collect();
    Ok(page.iter().filter_map(|p| by_id.remove(&p.id)).collect())
}

/// Records that a reminder fired; false when its key already fired (here or in another process).
pub fn fire(
    c: &mut DbConn,
    key: &str,
    rule: ReminderRule,
    task_id: Option<&str>,
    user_id: Option<&str>,
    at: NaiveDateTime,
) -> AppResult<bool> {
    let n = match c {
        DbConn::Pg(pg) => diesel::sql_query(
            "INSERT INTO reminder_fires (key, rule, task_id, user_id, fired_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind::<Text, _>(key)
        .bind::<Text, _>(rule)
        .bind::<Nullable<Text>, _>(task_id)
        .bind::<Nullable<Text>, _>(user_id)
        .bind::<Timestamp, _>(at)
        .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::sql_query(
            "INSERT INTO reminder_fires (key, rule, task_id, user_id, fired_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind::<Text, _>(key)
        .bind::<Text, _>(rule)
        .bind::<Nullable<Text>, _>(task_id)
        .bind::<Nullable<Text>, _>(user_id)
        .bind::<Timestamp, _>(at)
        .execute(lite)?,
    };
    Ok(n == 1)
}

pub fn fired(c: &mut DbConn, key: &str) -> AppResult<Option<NaiveDateTime>> {
    Ok(reminder_fires::table.find(key).select(reminder_fires::fired_at).first(c).optional()?)
}

/// A notification waiting for its acknowledgement.
#[derive(Debug, Clone, Queryable)]
pub struct Unacknowledged {
    pub id: String,
    pub user_id: String,
    pub task_id: Option<String>,
    pub kind: EventKind,
    pub created_at: NaiveDateTime,
}

/// The notifications of `page`, in its order.
pub fn notifications_of(c: &mut DbConn, page: &[Candidate]) -> AppResult<Vec<Unacknowledged>> {
    let mut by_id: HashMap<String, Unacknowledged> = notifications::table
        .filter(notifications::id.eq_any(ids(page)))
        .select((
            notifications::id,
            notifications::user_id,
            notifications::task_id,
            notifications::kind,
            notifications::created_at,
        ))
        .load::<Unacknowledged>(c)?
        .into_iter()
        .map(|n| (n.id.clone(), n))
        .collect();
    Ok(page.iter().filter_map(|p| by_id.remove(&p.id)).collect())
}

/// Whether the user acknowledged any notification of these kinds about the task.
pub fn acknowledged(
    c: &mut DbConn,
    task_id: &str,
    user_id: &str,
    kinds: &[EventKind],
) -> AppResult<Option<NaiveDateTime>> {
    Ok(notifications::table
        .filter(notifications::task_id.eq(task_id))
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::kind.eq_any(kinds))
        .filter(notifications::acked_at.is_not_null())
        .select(diesel::dsl::min(notifications::acked_at))
        .first::<Option<NaiveDateTime>>(c)?)
}

/// Open high-priority or emergency tasks whose owner has an unacknowledged assignment notice
/// about them (and did not create the task themselves).
pub fn unacknowledged_urgent_assignments(c: &mut DbConn) -> AppResult<Vec<TaskRow>> {
    let ids: Vec<String> = notifications::table
        .inner_join(tasks::table.on(tasks::id.nullable().eq(notifications::task_id)))
        .filter(notifications::kind.eq(EventKind::TaskAssigned))
        .filter(notifications::acked_at.is_null())
        .filter(notifications::user_id.eq(tasks::owner_id))
        .filter(tasks::owner_id.ne(tasks::created_by))
        .filter(tasks::deleted_at.is_null())
        .filter(tasks::status.eq_any(Status::LIVE))
        .filter(tasks::priority.eq("high").or(tasks::scenario.eq("emergency")))
        .select(tasks::id)
        .distinct()
        .load(c)?;
    Ok(tasks::table.filter(tasks::id.eq_any(&ids)).select(TaskRow::as_select()).load(c)?)
}
