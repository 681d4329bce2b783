//! Aggregates for the efficiency reports. Each query runs as one statement per figure with the
//! grouping done by the database; the SQL differs between the backends only in how two times
//! are subtracted. The statements are text (see [`super::sql`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text, Timestamp};

use super::sql::{load, quote, ts, using, Dialect};
use super::DbConn;
use crate::error::AppResult;
use crate::values::{EventKind, ReminderRule};

/// Which tasks a report covers.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// The owners' departments; `None`: all.
    pub departments: Option<Vec<String>>,
    pub scenario: Option<String>,
    /// Count confidential tasks (administrators only).
    pub confidential: bool,
}

/// The period `[from, to)` and the moment "now" of the report.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub now: NaiveDateTime,
}

/// Hours from `b` to `a`.
fn hours(d: Dialect, a: &str, b: &str) -> String {
    match d {
        Dialect::Sqlite => format!("((julianday({a}) - julianday({b})) * 24.0)"),
        Dialect::Pg => format!("(CAST(EXTRACT(EPOCH FROM ({a} - {b})) AS DOUBLE PRECISION) / 3600.0)"),
    }
}

/// A join that SQLite must run in the order written (`CROSS JOIN`); PostgreSQL plans it.
fn then_join(d: Dialect) -> &'static str {
    match d {
        Dialect::Sqlite => "CROSS JOIN",
        Dialect::Pg => "JOIN",
    }
}

/// Tasks `t` read per owner `u`: users in department order, then each one's tasks from
/// `index` (which starts with `owner_id`), so grouping by department needs no sort.
fn per_owner(d: Dialect, index: &str) -> String {
    format!("FROM users u {} tasks t{} ON t.owner_id = u.id", then_join(d), using(d, index))
}

/// `AND …` restricting tasks `t` to the scope; their owners are the users `u` joined in, or
/// looked up when `u` is `None`.
fn scope_sql(scope: &Scope, t: &str, u: Option<&str>) -> AppResult<String> {
    let mut out = format!(" AND {t}.deleted_at IS NULL AND {t}.status NOT IN ('draft', 'cancelled')");
    if let Some(depts) = &scope.departments {
        if depts.is_empty() {
            out.push_str(" AND 1 = 0");
        } else {
            let list = depts.iter().map(|d| quote(d)).collect::<AppResult<Vec<_>>>()?.join(", ");
            match u {
                Some(u) => out.push_str(&format!(" AND {u}.department_id IN ({list})")),
                None => out
                    .push_str(&format!(" AND {t}.owner_id IN (SELECT id FROM users WHERE department_id IN ({list}))")),
            }
        }
    }
    if let Some(s) = &scope.scenario {
        out.push_str(&format!(" AND {t}.scenario = {}", quote(s)?));
    }
    if !scope.confidential {
        out.push_str(&format!(" AND {t}.visibility <> 'confidential'"));
    }
    Ok(out)
}

/// Tasks due in the period, per owner's department.
#[derive(Debug, Clone, QueryableByName)]
pub struct DueRow {
    #[diesel(sql_type = Nullable<Text>)]
    pub department_id: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub due: i64,
    #[diesel(sql_type = BigInt)]
    pub on_time: i64,
    #[diesel(sql_type = BigInt)]
    pub late: i64,
    /// Sum of the delays of tasks done late, in hours.
    #[diesel(sql_type = Double)]
    pub late_hours: f64,
}

const ON_TIME: &str = "CAST(COALESCE(SUM(CASE WHEN t.completed_at IS NOT NULL AND t.completed_at <= t.due_at THEN 1 ELSE 0 END), 0) AS BIGINT)";

pub fn due(c: &mut DbConn, scope: &Scope, w: Window) -> AppResult<Vec<DueRow>> {
    load(c, |d| {
        Ok(format!(
            "SELECT u.department_id AS department_id, COUNT(*) AS due, {ON_TIME} AS on_time, \
             CAST(COALESCE(SUM(CASE WHEN t.completed_at IS NOT NULL AND t.completed_at > t.due_at THEN 1 ELSE 0 END), 0) AS BIGINT) AS late, \
             CAST(COALESCE(SUM(CASE WHEN t.completed_at IS NOT NULL AND t.completed_at > t.due_at THEN {} ELSE 0 END), 0) AS DOUBLE PRECISION) AS late_hours \
             {} WHERE t.due_at >= {} AND t.due_at < {}{} GROUP BY u.department_id",
            hours(d, "t.completed_at", "t.due_at"),
            per_owner(d, "tasks_report_owner_due"),
            ts(d, w.from),
            ts(d, w.to),
            scope_sql(scope, "t", Some("u"))?,
        ))
    })
}

/// One week of the trend: its number in the list given and what fell due in it.
#[derive(Debug, Clone, QueryableByName)]
pub struct WeekRow {
    #[diesel(sql_type = BigInt)]
    pub week: i64,
    #[diesel(sql_type = BigInt)]
    pub due: i64,
    #[diesel(sql_type = BigInt)]
    pub on_time: i64,
}

/// Tasks due and done on time in each of `weeks` (`[start, end)` each): one range of the
/// due-time index per week, so no row is sorted or grouped.
pub fn trend(c: &mut DbConn, scope: &Scope, weeks: &[(NaiveDateTime, NaiveDateTime)]) -> AppResult<Vec<WeekRow>> {
    if weeks.is_empty() {
        return Ok(Vec::new());
    }
    load(c, |d| {
        let filter = scope_sql(scope, "t", None)?;
        let parts = weeks
            .iter()
            .enumerate()
            .map(|(i, (start, end))| {
                format!(
                    "SELECT CAST({i} AS BIGINT) AS week, COUNT(*) AS due, {ON_TIME} AS on_time FROM tasks t{} \
                     WHERE t.due_at >= {} AND t.due_at < {}{filter}",
                    using(d, "tasks_report_due"),
                    ts(d, *start),
                    ts(d, *end),
                )
            })
            .collect::<Vec<_>>();
        Ok(parts.join(" UNION ALL "))
    })
}

#[derive(Debug, Clone, QueryableByName)]
pub struct CountRow {
    #[diesel(sql_type = Nullable<Text>)]
    pub department_id: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// Open tasks past their due time at `now`, per owner's department.
pub fn overdue_now(c: &mut DbConn, scope: &Scope, w: Window) -> AppResult<Vec<CountRow>> {
    load(c, |d| {
        Ok(format!(
            "SELECT u.department_id AS department_id, COUNT(*) AS n {} \
             WHERE t.status IN ('published', 'in_progress', 'pending_review') AND t.due_at < {}{} GROUP BY u.department_id",
            per_owner(d, "tasks_owner_status"),
            ts(d, w.now),
            scope_sql(scope, "t", Some("u"))?,
        ))
    })
}

#[derive(Debug, Clone, QueryableByName)]
pub struct HoursRow {
    #[diesel(sql_type = Nullable<Text>)]
    pub department_id: Option<String>,
    /// `None` when it has not happened (yet).
    #[diesel(sql_type = Nullable<Double>)]
    pub hours: Option<f64>,
}

/// Cycle time of tasks done in the period: publish (or creation, for subtasks) to done.
pub fn cycle_hours(c: &mut DbConn, scope: &Scope, w: Window) -> AppResult<Vec<HoursRow>> {
    load(c, |d| {
        Ok(format!(
            "SELECT u.department_id AS department_id, {} AS hours FROM tasks t JOIN users u ON u.id = t.owner_id \
             WHERE t.completed_at >= {} AND t.completed_at < {}{}",
            hours(d, "t.completed_at", "COALESCE(t.published_at, t.created_at)"),
            ts(d, w.from),
            ts(d, w.to),
            scope_sql(scope, "t", Some("u"))?,
        ))
    })
}

/// Notifications that asked for an acknowledgement, sent in the period, per recipient's
/// department: the hours until each acknowledged one was acknowledged (`acked`), or how many
/// are not acknowledged yet (`!acked`, one row per department in `n`).
fn ack_sql(d: Dialect, scope: &Scope, w: Window, kinds: &[EventKind], acked: bool) -> AppResult<String> {
    let kinds = kinds.iter().map(|k| quote(k.as_str())).collect::<AppResult<Vec<_>>>()?.join(", ");
    let depts = match &scope.departments {
        Some(list) if list.is_empty() => " AND 1 = 0".to_owned(),
        Some(list) => format!(
            " AND u.department_id IN ({})",
            list.iter().map(|x| quote(x)).collect::<AppResult<Vec<_>>>()?.join(", ")
        ),
        None => String::new(),
    };
    let scenario = match &scope.scenario {
        Some(s) => format!(" AND EXISTS (SELECT 1 FROM tasks t WHERE t.id = n.task_id AND t.scenario = {})", quote(s)?),
        None => String::new(),
    };
    let (what, which, group) = if acked {
        (format!("{} AS hours", hours(d, "n.acked_at", "n.created_at")), "IS NOT NULL", "")
    } else {
        ("COUNT(*) AS n".to_owned(), "IS NULL", " GROUP BY u.department_id")
    };
    Ok(format!(
        "SELECT u.department_id AS department_id, {what} FROM users u {} notifications n{} ON n.user_id = u.id \
         WHERE n.kind IN ({kinds}) AND n.acked_at {which} AND n.created_at >= {} AND n.created_at < {}{depts}{scenario}{group}",
        then_join(d),
        using(d, "notifications_report"),
        ts(d, w.from),
        ts(d, w.to),
    ))
}

pub fn ack_hours(c: &mut DbConn, scope: &Scope, w: Window, kinds: &[EventKind]) -> AppResult<Vec<HoursRow>> {
    load(c, |d| ack_sql(d, scope, w, kinds, true))
}

pub fn unacknowledged(c: &mut DbConn, scope: &Scope, w: Window, kinds: &[EventKind]) -> AppResult<Vec<CountRow>> {
    load(c, |d| ack_sql(d, scope, w, kinds, false))
}

/// Reminder-engine firings of `rule` in the period, per department: of the user reminded
/// (`ack_breach`) or of the task's owner (`escalation`).
pub fn fires(c: &mut DbConn, scope: &Scope, w: Window, rule: ReminderRule) -> AppResult<Vec<CountRow>> {
    load(c, |d| {
        let who = if rule == ReminderRule::AckBreach { "f.user_id" } else { "t.owner_id" };
        Ok(format!(
            "SELECT u.department_id AS department_id, COUNT(*) AS n FROM reminder_fires f \
             {} tasks t{} ON t.id = f.task_id JOIN users u ON u.id = {who} \
             WHERE f.rule = {} AND f.fired_at >= {} AND f.fired_at < {}{} GROUP BY u.department_id",
            then_join(d),
            using(d, "tasks_report_node"),
            quote(rule.as_str())?,
            ts(d, w.from),
            ts(d, w.to),
            scope_sql(scope, "t", Some("u"))?,
        ))
    })
}

#[derive(Debug, Clone, QueryableByName)]
pub struct HelpRow {
    #[diesel(sql_type = Nullable<Text>)]
    pub department_id: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub asked: i64,
    #[diesel(sql_type = BigInt)]
    pub answered_24h: i64,
    #[diesel(sql_type = BigInt)]
    pub escalated: i64,
}

/// Help requests made in the period, per department asked.
pub fn help(c: &mut DbConn, scope: &Scope, w: Window) -> AppResult<Vec<HelpRow>> {
    load(c, |d| {
        let mut s = scope_sql(scope, "t", Some("owner"))?;
        // The department asked stands in for the owner's here.
        s = s.replace("owner.department_id", "h.department_id");
        Ok(format!(
            "SELECT h.department_id AS department_id, COUNT(*) AS asked, \
             CAST(COALESCE(SUM(CASE WHEN h.answered_at IS NOT NULL AND {} <= 24.0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS answered_24h, \
             CAST(COALESCE(SUM(CASE WHEN h.escalated_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS escalated \
             FROM help_requests h JOIN tasks t ON t.id = h.task_id \
             WHERE h.created_at >= {} AND h.created_at < {}{s} GROUP BY h.department_id",
            hours(d, "h.answered_at", "h.created_at"),
            ts(d, w.from),
            ts(d, w.to),
        ))
    })
}

/// Per department waited on: hours others waited for its predecessors, and how many
/// dependencies (with a successor of another department due in the period) made them wait.
#[derive(Debug, Clone, QueryableByName)]
pub struct HandoffRow {
    #[diesel(sql_type = Nullable<Text>)]
    pub department_id: Option<String>,
    #[diesel(sql_type = Double)]
    pub wait_hours: f64,
    #[diesel(sql_type = BigInt)]
    pub waits: i64,
}

pub fn handoffs(c: &mut DbConn, scope: &Scope, w: Window) -> AppResult<Vec<HandoffRow>> {
    load(c, |d| {
        let wait = hours(d, &format!("COALESCE(p.completed_at, {})", ts(d, w.now)), "t.start_at");
        // From the dependencies (fewer than the tasks due in a long period), reading both ends
        // from the covering index by id.
        let (join, node) = (then_join(d), using(d, "tasks_report_node"));
        Ok(format!(
            "SELECT pu.department_id AS department_id, \
             CAST(COALESCE(SUM(CASE WHEN {wait} > 0 THEN {wait} ELSE 0 END), 0) AS DOUBLE PRECISION) AS wait_hours, \
             CAST(COALESCE(SUM(CASE WHEN {wait} > 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS waits \
             FROM task_dependencies dep {join} tasks t{node} ON t.id = dep.successor_id {join} tasks p{node} ON p.id = dep.predecessor_id \
             JOIN users pu ON pu.id = p.owner_id JOIN users u ON u.id = t.owner_id \
             WHERE p.deleted_at IS NULL AND p.status <> 'cancelled' AND t.due_at >= {} AND t.due_at < {} \
             AND (pu.department_id IS NULL OR u.department_id IS NULL OR pu.department_id <> u.department_id){} \
             GROUP BY pu.department_id",
            ts(d, w.from),
            ts(d, w.to),
            scope_sql(scope, "t", Some("u"))?,
        ))
    })
}

/// Tasks due in the period on their tree's critical path (as stored with the schedule), per
/// owner's department.
pub fn critical(c: &mut DbConn, scope: &Scope, w: Window) -> AppResult<Vec<CountRow>> {
    load(c, |d| {
        Ok(format!(
            "SELECT u.department_id AS department_id, COUNT(*) AS n FROM task_schedule s \
             {} tasks t ON t.id = s.task_id JOIN users u ON u.id = t.owner_id \
             WHERE s.critical AND t.due_at >= {} AND t.due_at < {}{} GROUP BY u.department_id",
            // SQLite: start from the few critical rows, not from every task due in the period.
            then_join(d),
            ts(d, w.from),
            ts(d, w.to),
            scope_sql(scope, "t", Some("u"))?,
        ))
    })
}

/// How approval cycle times are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalGroup {
    /// By the step's name, as resolved when the request was submitted.
    Step,
    /// By the approver's department.
    Department,
    /// All together.
    All,
}

/// Approval cycle time of one group (`key`: the step's name, the approver's department, or
/// `None` for all). A group has a row of decisions and a row of waits (either may be missing).
#[derive(Debug, Clone, QueryableByName)]
pub struct ApprovalRow {
    #[diesel(sql_type = Nullable<Text>)]
    pub key: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub decisions: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub median_hours: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    pub average_hours: Option<f64>,
    /// Requests waiting on the group now.
    #[diesel(sql_type = BigInt)]
    pub waiting: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub longest_wait_hours: Option<f64>,
}

/// Approval cycle times of requests in the scope, grouped by the database: the decisions made
/// in the period (approve, reject, return, transfer; not those made automatically) with the
/// wall-clock hours from when the request began to wait on the approver (`activated_at`) to the
/// decision (`acted_at`): their count, median (by window functions, on both backends) and mean;
/// and the requests waiting on an approver now, with the longest wait until now.
pub fn approval_times(c: &mut DbConn, scope: &Scope, w: Window, group: ApprovalGroup) -> AppResult<Vec<ApprovalRow>> {
    load(c, |d| {
        let key = match (group, d) {
            // SQLite: the steps are JSON text; the step's index picks its name.
            (ApprovalGroup::Step, Dialect::Sqlite) => "json_extract(s.steps, '$[' || a.step || '].name')",
            // Postgres: the same through jsonb.
            (ApprovalGroup::Step, Dialect::Pg) => "((CAST(s.steps AS jsonb) -> a.step) ->> 'name')",
            (ApprovalGroup::Department, _) => "au.department_id",
            (ApprovalGroup::All, _) => "CAST(NULL AS TEXT)",
        };
        let until = format!("CASE WHEN a.state = 'pending' THEN {} ELSE a.acted_at END", ts(d, w.now));
        Ok(format!(
            "WITH held AS (SELECT {key} AS k, a.state AS state, a.task_id AS task_id, {} AS h \
             FROM approval_assignments a JOIN request_submissions s ON s.id = a.submission_id \
             JOIN tasks t ON t.id = a.task_id JOIN users u ON u.id = t.owner_id JOIN users au ON au.id = a.approver_id \
             WHERE a.activated_at IS NOT NULL AND (a.state = 'pending' OR (a.state IN ('approved', 'rejected', 'returned', 'transferred') \
             AND NOT a.automatic AND a.acted_at >= {} AND a.acted_at < {})){}), \
             decided AS (SELECT k, h, ROW_NUMBER() OVER (PARTITION BY k ORDER BY h) AS i, COUNT(*) OVER (PARTITION BY k) AS n \
             FROM held WHERE state <> 'pending') \
             SELECT k AS key, COUNT(*) AS decisions, \
             CAST(AVG(CASE WHEN i = (n + 1) / 2 OR i = (n + 2) / 2 THEN h END) AS DOUBLE PRECISION) AS median_hours, \
             CAST(AVG(h) AS DOUBLE PRECISION) AS average_hours, CAST(0 AS BIGINT) AS waiting, \
             CAST(NULL AS DOUBLE PRECISION) AS longest_wait_hours FROM decided GROUP BY k \
             UNION ALL SELECT k, CAST(0 AS BIGINT), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS DOUBLE PRECISION), \
             COUNT(DISTINCT task_id), CAST(MAX(h) AS DOUBLE PRECISION) FROM held WHERE state = 'pending' GROUP BY k",
            hours(d, &until, "a.activated_at"),
            ts(d, w.from),
            ts(d, w.to),
            scope_sql(scope, "t", Some("u"))?,
        ))
    })
}

/// Owners' departments of tasks.
pub fn owner_departments(c: &mut DbConn, task_ids: &[String]) -> AppResult<Vec<(String, Option<String>)>> {
    use super::schema::{tasks, users};
    Ok(tasks::table
        .inner_join(users::table.on(users::id.eq(tasks::owner_id)))
        .filter(tasks::id.eq_any(task_ids))
        .select((tasks::id, users::department_id))
        .load(c)?)
}

/// A task of the overdue list or the raw rows of a report.
#[derive(Debug, Clone, QueryableByName)]
pub struct TaskLine {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub department_id: Option<String>,
    #[diesel(sql_type = Text)]
    pub owner_name: String,
    #[diesel(sql_type = Text)]
    pub scenario: crate::values::Scenario,
    #[diesel(sql_type = Text)]
    pub status: crate::values::Status,
    #[diesel(sql_type = Timestamp)]
    pub start_at: NaiveDateTime,
    #[diesel(sql_type = Timestamp)]
    pub due_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub completed_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Text>)]
    pub parent_id: Option<String>,
}

const LINE_COLUMNS: &str = "t.id AS id, t.title AS title, u.department_id AS department_id, u.name AS owner_name, \
     t.scenario AS scenario, t.status AS status, t.start_at AS start_at, t.due_at AS due_at, \
     t.completed_at AS completed_at, t.parent_id AS parent_id";

/// Open tasks past due at `now`, longest overdue first (at most `limit`).
pub fn overdue_lines(c: &mut DbConn, scope: &Scope, w: Window, limit: i64) -> AppResult<Vec<TaskLine>> {
    load(c, |d| {
        Ok(format!(
            "SELECT {LINE_COLUMNS} FROM tasks t JOIN users u ON u.id = t.owner_id \
             WHERE t.status IN ('published', 'in_progress', 'pending_review') AND t.due_at < {}{} \
             ORDER BY t.due_at, t.id LIMIT {limit}",
            ts(d, w.now),
            scope_sql(scope, "t", Some("u"))?,
        ))
    })
}

/// Tasks due in the period, by due time then id, after a keyset position (for streaming).
pub fn due_lines(
    c: &mut DbConn,
    scope: &Scope,
    w: Window,
    after: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> AppResult<Vec<TaskLine>> {
    load(c, |d| {
        let after = match after {
            Some((at, id)) => {
                format!(
                    // The plain bound lets the index range start there (see `tasks::list_tasks`).
                    " AND t.due_at >= {} AND (t.due_at > {} OR (t.due_at = {} AND t.id > {}))",
                    ts(d, at),
                    ts(d, at),
                    ts(d, at),
                    quote(id)?
                )
            }
            None => String::new(),
        };
        Ok(format!(
            "SELECT {LINE_COLUMNS} FROM tasks t JOIN users u ON u.id = t.owner_id \
             WHERE t.due_at >= {} AND t.due_at < {}{}{after} ORDER BY t.due_at, t.id LIMIT {limit}",
            ts(d, w.from),
            ts(d, w.to),
            scope_sql(scope, "t", Some("u"))?,
        ))
    })
}
