//! Efficiency reports (任务报表) for managers.
//!
//! Definitions (also in the API docs):
//! - A task counts for the department of its owner; drafts, cancelled and deleted tasks never
//!   count. Confidential tasks count only in an administrator's report.
//! - The period is whole days `from`..=`to` in the company's time zone (Asia/Shanghai by
//!   default), i.e. `[from 00:00, to + 1 day 00:00)` there.
//! - *Due*: tasks whose due time falls in the period. *On time*: of those, the ones completed at
//!   or before their due time (exactly at the deadline is on time). *On-time rate*: on time ÷
//!   due. *Average delay*: over the due tasks completed after their due time, the mean of
//!   completion − due, in hours.
//! - *Overdue now*: open tasks (published, in progress, pending review) whose due time has passed
//!   at the moment of the report, whatever the period.
//! - *Acknowledgement time*: for notifications that ask for 确认 sent in the period, the median
//!   of acknowledged − sent (hours), per recipient's department; unacknowledged ones are not in
//!   the median but counted as *unacknowledged*. *Breaches of the 2-hour rule*: the reminder
//!   engine's `ack_breach` firings in the period.
//! - *Help requests*: made in the period to the department; *answered within 24 h* counts those
//!   answered no later than 24 hours after they were made.
//! - *Escalations*: the engine's overdue escalations of the department's tasks in the period
//!   plus help requests to it that were escalated.
//! - *Cycle time*: for tasks completed in the period, completion − publication (creation for
//!   subtasks, which are not published on their own), median hours.
//! - *Hand-off wait*: for each dependency whose predecessor belongs to another department than
//!   its successor (due in the period): the hours from the successor's planned start until the
//!   predecessor was done (or now, if it is not), when positive; summed per department waited on.
//! - *Critical path*: tasks due in the period that lie on their tree's critical path (as computed
//!   at the tree's last change), per department.
//! - *Approval cycle time* (审批时效): of the resource requests in scope (the task counts for its
//!   owner's department, as above), the approvers' decisions made in the period (approve, reject,
//!   return, transfer; not those made automatically): how many, and the median and mean of the
//!   hours from when the request began to wait on the approver to the decision, in wall-clock
//!   hours (like every duration of the report: the working calendar is not applied); and the
//!   requests waiting on an approver now, with the longest wait so far. Per step name, per
//!   department of the approvers (who holds requests up) and all together.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Actor, Role};
use crate::db::orgs as org_store;
use crate::db::reports::{self as store, ApprovalGroup, Scope, Window};
use crate::db::tasks as task_store;
use crate::db::{now, Db, DbConn};
use crate::error::{AppError, AppResult};
use crate::metrics::timed;
use crate::values::{EventKind, ReminderRule, Scenario};

/// The longest period a report covers.
pub const MAX_DAYS: i64 = 366;

#[derive(Debug, Clone)]
pub struct ReportQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub department_id: Option<String>,
    pub scenario: Option<Scenario>,
    pub top: usize,
}

/// The figures of one department.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct DepartmentFigures {
    pub department_id: Option<String>,
    pub department_name: String,
    pub due: i64,
    pub done_on_time: i64,
    pub done_late: i64,
    /// `done_on_time / due` (0–1); `null` when nothing was due.
    #[schema(required = true)]
    pub on_time_rate: Option<f64>,
    pub overdue_now: i64,
    #[schema(required = true)]
    pub average_delay_hours: Option<f64>,
    #[schema(required = true)]
    pub median_ack_hours: Option<f64>,
    pub unacknowledged: i64,
    pub ack_breaches: i64,
    pub help_requests: i64,
    pub help_answered_within_24h: i64,
    pub escalations: i64,
    pub completed: i64,
    #[schema(required = true)]
    pub median_cycle_hours: Option<f64>,
    /// Hours others waited on this department's predecessors.
    pub handoff_wait_hours: f64,
    /// Dependencies on which others waited for this department.
    pub handoffs_waited: i64,
    /// Tasks of this department on a critical path.
    pub critical_path_tasks: i64,
}

/// One week of the trend (weeks start on Monday in the company's time zone).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WeekFigures {
    pub week_start: NaiveDate,
    pub due: i64,
    pub done_on_time: i64,
    #[schema(required = true)]
    pub on_time_rate: Option<f64>,
}

/// Approval cycle time (审批时效) of one step name, one department of approvers, or all of them.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ApprovalFigures {
    /// The approvers' department (in `approvals.departments`; `null` elsewhere and for approvers
    /// without a department).
    #[schema(required = true)]
    pub department_id: Option<String>,
    /// The step's name, the department's name, or 全部.
    pub name: String,
    /// Decisions made in the period.
    pub decisions: i64,
    /// Median wall-clock hours from when a request began to wait on the approver to the decision.
    #[schema(required = true)]
    pub median_hours: Option<f64>,
    /// Mean of the same hours.
    #[schema(required = true)]
    pub average_hours: Option<f64>,
    /// Requests waiting on an approver now.
    pub waiting: i64,
    /// The longest of those waits until now, in wall-clock hours.
    #[schema(required = true)]
    pub longest_wait_hours: Option<f64>,
}

/// Approval cycle times: per step name and per department of the approvers, slowest first (by
/// median, then by name); groups with neither decisions in the period nor requests waiting are
/// left out.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ApprovalTimes {
    pub totals: ApprovalFigures,
    pub steps: Vec<ApprovalFigures>,
    pub departments: Vec<ApprovalFigures>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EfficiencyReport {
    /// First and last day of the period, in the company's time zone.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub time_zone: String,
    pub generated_at: chrono::DateTime<chrono::Utc>,
    /// All departments in scope together.
    pub totals: DepartmentFigures,
    /// Per department, by name.
    pub departments: Vec<DepartmentFigures>,
    /// 逾期任务 TOP N: the departments with most overdue tasks now.
    pub overdue_top: Vec<DepartmentFigures>,
    pub weeks: Vec<WeekFigures>,
    /// 审批时效: how long approvers take to decide on resource requests.
    pub approvals: ApprovalTimes,
}

/// The report's scope and window, checked against who asks.
pub struct Frame {
    pub scope: Scope,
    pub window: Window,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tz: chrono_tz::Tz,
}

/// Administrators see every department; a department head the departments they head; nobody
/// else reads reports (403).
pub fn frame(c: &mut DbConn, actor_id: &str, q: &ReportQuery) -> AppResult<Frame> {
    let actor = Actor::load(c, actor_id)?;
    let admin = actor.role == Role::Admin;
    let headed = task_store::headed_departments(c, &actor.id)?;
    if !admin && headed.is_empty() {
        return Err(AppError::forbidden("reports are for department heads and administrators"));
    }
    let departments = match &q.department_id {
        Some(d) if admin || headed.contains(d) => Some(vec![d.clone()]),
        Some(_) => return Err(AppError::forbidden("you may read the reports of the departments you head")),
        None if admin => None,
        None => Some(headed),
    };
    let tz = super::reminders::rules().time_zone;
    let today = tz.from_utc_datetime(&now()).date_naive();
    let to = q.to.unwrap_or(today);
    let from = q.from.unwrap_or(to - Duration::days(27));
    if from > to {
        return Err(AppError::field("from", "after_to", "the period starts after it ends"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(AppError::field("from", "range", format!("a report covers at most {MAX_DAYS} days")));
    }
    let window = Window { from: day_start(tz, from), to: day_start(tz, to + Duration::days(1)), now: now() };
    let scope = Scope { departments, scenario: q.scenario.map(|s| s.as_str().to_owned()), confidential: admin };
    Ok(Frame { scope, window, from, to, tz })
}

/// Midnight of `day` in `tz`, as UTC.
pub(crate) fn day_start(tz: chrono_tz::Tz, day: NaiveDate) -> NaiveDateTime {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight).earliest().map(|t| t.naive_utc()).unwrap_or(midnight)
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub fn efficiency(db: &Db, actor_id: &str, q: &ReportQuery) -> AppResult<EfficiencyReport> {
    let f = db.read_blocking(|c| frame(c, actor_id, q))?;
    timed("efficiency_report", || compute(db, &f, q.top))
}

/// What the database answers for a report, read in two halves of about equal cost that run at
/// the same time when the pool allows (see [`Db::read_pair`]).
struct Due {
    due: Vec<store::DueRow>,
    trend: Vec<store::WeekRow>,
    cycle: Vec<store::HoursRow>,
    breaches: Vec<store::CountRow>,
    escalations: Vec<store::CountRow>,
    critical: Vec<store::CountRow>,
}

struct Open {
    overdue: Vec<store::CountRow>,
    ack_hours: Vec<store::HoursRow>,
    unacknowledged: Vec<store::CountRow>,
    help: Vec<store::HelpRow>,
    handoffs: Vec<store::HandoffRow>,
    approvals: [Vec<store::ApprovalRow>; 3],
}

// Each query is timed on its own (`tandem_domain_operation_seconds{operation="report.…"}`).
fn read_due(c: &mut DbConn, scope: &Scope, w: Window, weeks: &[(NaiveDateTime, NaiveDateTime)]) -> AppResult<Due> {
    Ok(Due {
        due: timed("report.due", || store::due(c, scope, w))?,
        trend: timed("report.trend", || store::trend(c, scope, weeks))?,
        cycle: timed("report.cycle", || store::cycle_hours(c, scope, w))?,
        breaches: timed("report.ack_breaches", || store::fires(c, scope, w, ReminderRule::AckBreach))?,
        escalations: timed("report.escalations", || store::fires(c, scope, w, ReminderRule::Escalation))?,
        critical: timed("report.critical", || store::critical(c, scope, w))?,
    })
}

fn read_open(c: &mut DbConn, scope: &Scope, w: Window) -> AppResult<Open> {
    let kinds = &EventKind::AWAITING_ACK;
    Ok(Open {
        overdue: timed("report.overdue", || store::overdue_now(c, scope, w))?,
        ack_hours: timed("report.ack_hours", || store::ack_hours(c, scope, w, kinds))?,
        unacknowledged: timed("report.unacknowledged", || store::unacknowledged(c, scope, w, kinds))?,
        help: timed("report.help", || store::help(c, scope, w))?,
        handoffs: timed("report.handoffs", || store::handoffs(c, scope, w))?,
        approvals: timed("report.approvals", || -> AppResult<_> {
            Ok([
                store::approval_times(c, scope, w, ApprovalGroup::All)?,
                store::approval_times(c, scope, w, ApprovalGroup::Step)?,
                store::approval_times(c, scope, w, ApprovalGroup::Department)?,
            ])
        })?,
    })
}

fn compute(db: &Db, f: &Frame, top: usize) -> AppResult<EfficiencyReport> {
    let (scope, w) = (&f.scope, f.window);
    // Monday-started weeks in the company's time zone, cut to the period.
    let mut monday = f.from - Duration::days(i64::from(f.from.weekday().num_days_from_monday()));
    let mut week_days = vec![f.from];
    loop {
        monday += Duration::days(7);
        if monday > f.to {
            break;
        }
        week_days.push(monday);
    }
    // Each week from its first day in the period to the next week's (or the period's end).
    let bounds: Vec<(NaiveDateTime, NaiveDateTime)> = week_days
        .iter()
        .enumerate()
        .map(|(i, d)| (day_start(f.tz, *d), week_days.get(i + 1).map_or(w.to, |next| day_start(f.tz, *next))))
        .collect();
    let (due, open) = db.read_pair(|c| read_due(c, scope, w, &bounds), |c| read_open(c, scope, w))?;

    let mut per: BTreeMap<Option<String>, DepartmentFigures> = BTreeMap::new();
    let mut weeks: Vec<WeekFigures> =
        week_days.iter().map(|d| WeekFigures { week_start: *d, due: 0, done_on_time: 0, on_time_rate: None }).collect();
    let mut late_hours: HashMap<Option<String>, f64> = HashMap::new();
    for r in due.due {
        let e = per.entry(r.department_id.clone()).or_default();
        e.due += r.due;
        e.done_on_time += r.on_time;
        e.done_late += r.late;
        *late_hours.entry(r.department_id).or_default() += r.late_hours;
    }
    for r in due.trend {
        if let Some(wk) = usize::try_from(r.week).ok().and_then(|i| weeks.get_mut(i)) {
            wk.due = r.due;
            wk.done_on_time = r.on_time;
        }
    }
    for r in open.overdue {
        per.entry(r.department_id).or_default().overdue_now = r.n;
    }
    let mut cycle: HashMap<Option<String>, Vec<f64>> = HashMap::new();
    for r in due.cycle {
        cycle.entry(r.department_id).or_default().extend(r.hours);
    }
    let mut acks: HashMap<Option<String>, (Vec<f64>, i64)> = HashMap::new();
    for r in open.ack_hours {
        acks.entry(r.department_id).or_default().0.extend(r.hours);
    }
    for r in open.unacknowledged {
        acks.entry(r.department_id).or_default().1 = r.n;
    }
    for r in due.breaches {
        per.entry(r.department_id).or_default().ack_breaches = r.n;
    }
    for r in due.escalations {
        per.entry(r.department_id).or_default().escalations += r.n;
    }
    for r in open.help {
        let e = per.entry(r.department_id).or_default();
        e.help_requests = r.asked;
        e.help_answered_within_24h = r.answered_24h;
        e.escalations += r.escalated;
    }
    for h in open.handoffs {
        let e = per.entry(h.department_id).or_default();
        e.handoff_wait_hours = h.wait_hours;
        e.handoffs_waited = h.waits;
    }
    for r in due.critical {
        per.entry(r.department_id).or_default().critical_path_tasks = r.n;
    }
    let all_acks: Vec<f64> = acks.values().flat_map(|(h, _)| h.iter().copied()).collect();
    let all_cycles: Vec<f64> = cycle.values().flatten().copied().collect();
    for (dept, (hours, open)) in acks {
        let e = per.entry(dept).or_default();
        e.median_ack_hours = median(hours).map(round2);
        e.unacknowledged = open;
    }
    for (dept, hours) in cycle {
        let e = per.entry(dept).or_default();
        e.completed = hours.len() as i64;
        e.median_cycle_hours = median(hours).map(round2);
    }
    // Departments in scope with nothing to show still get a row.
    if let Some(ids) = &scope.departments {
        for d in ids {
            per.entry(Some(d.clone())).or_default();
        }
    }
    let [all, by_step, by_dept] = open.approvals;
    let mut ids: Vec<&str> = per.keys().filter_map(|k| k.as_deref()).collect();
    ids.extend(by_dept.iter().filter_map(|r| r.key.as_deref()));
    let names = db.read_blocking(|c| org_store::department_names(c, &ids))?;
    let approvals = ApprovalTimes {
        totals: approval_figures(all, |_| (None, "全部".into()))
            .into_iter()
            .next()
            .unwrap_or_else(|| ApprovalFigures { name: "全部".into(), ..Default::default() }),
        steps: approval_figures(by_step, |k| (None, k.unwrap_or_else(|| "（未命名步骤）".into()))),
        departments: approval_figures(by_dept, |k| {
            let name = match &k {
                Some(id) => names.get(id).cloned().unwrap_or_default(),
                None => "（无部门）".into(),
            };
            (k, name)
        }),
    };
    let mut totals = DepartmentFigures { department_name: "全部".into(), ..Default::default() };
    let mut all_late = 0.0;
    let mut departments: Vec<DepartmentFigures> = per
        .into_iter()
        .map(|(dept, mut e)| {
            let late = late_hours.get(&dept).copied().unwrap_or(0.0);
            all_late += late;
            e.on_time_rate = rate(e.done_on_time, e.due).map(|r| (r * 10_000.0).round() / 10_000.0);
            e.average_delay_hours = (e.done_late > 0).then(|| round2(late / e.done_late as f64));
            e.handoff_wait_hours = round2(e.handoff_wait_hours);
            e.department_name = match &dept {
                Some(d) => names.get(d).cloned().unwrap_or_default(),
                None => "（无部门）".into(),
            };
            e.department_id = dept;
            for (t, x) in [
                (&mut totals.due, e.due),
                (&mut totals.done_on_time, e.done_on_time),
                (&mut totals.done_late, e.done_late),
                (&mut totals.overdue_now, e.overdue_now),
                (&mut totals.unacknowledged, e.unacknowledged),
                (&mut totals.ack_breaches, e.ack_breaches),
                (&mut totals.help_requests, e.help_requests),
                (&mut totals.help_answered_within_24h, e.help_answered_within_24h),
                (&mut totals.escalations, e.escalations),
                (&mut totals.completed, e.completed),
                (&mut totals.handoffs_waited, e.handoffs_waited),
                (&mut totals.critical_path_tasks, e.critical_path_tasks),
            ] {
                *t += x;
            }
            totals.handoff_wait_hours += e.handoff_wait_hours;
            e
        })
        .collect();
    departments.sort_by(|a, b| a.department_name.cmp(&b.department_name));
    totals.on_time_rate = rate(totals.done_on_time, totals.due).map(|r| (r * 10_000.0).round() / 10_000.0);
    totals.average_delay_hours = (totals.done_late > 0).then(|| round2(all_late / totals.done_late as f64));
    totals.handoff_wait_hours = round2(totals.handoff_wait_hours);
    totals.median_ack_hours = median(all_acks).map(round2);
    totals.median_cycle_hours = median(all_cycles).map(round2);
    let mut overdue_top: Vec<DepartmentFigures> = departments.iter().filter(|d| d.overdue_now > 0).cloned().collect();
    overdue_top.sort_by(|a, b| b.overdue_now.cmp(&a.overdue_now).then(a.department_name.cmp(&b.department_name)));
    overdue_top.truncate(top);
    for wk in &mut weeks {
        wk.on_time_rate = rate(wk.done_on_time, wk.due).map(|r| (r * 10_000.0).round() / 10_000.0);
    }
    Ok(EfficiencyReport {
        from: f.from,
        to: f.to,
        time_zone: f.tz.name().to_owned(),
        generated_at: crate::db::to_utc(w.now),
        totals,
        departments,
        overdue_top,
        weeks,
        approvals,
    })
}

/// One figure per group (a group's decisions and its waits come as two rows), named by `label`
/// (its department id and name from its key), slowest first (by median, then by name).
fn approval_figures(
    rows: Vec<store::ApprovalRow>,
    label: impl Fn(Option<String>) -> (Option<String>, String),
) -> Vec<ApprovalFigures> {
    let mut per: BTreeMap<Option<String>, ApprovalFigures> = BTreeMap::new();
    for r in rows {
        let e = per.entry(r.key.clone()).or_insert_with(|| {
            let (department_id, name) = label(r.key);
            ApprovalFigures { department_id, name, ..Default::default() }
        });
        e.decisions += r.decisions;
        e.median_hours = e.median_hours.or(r.median_hours.map(round2));
        e.average_hours = e.average_hours.or(r.average_hours.map(round2));
        e.waiting += r.waiting;
        e.longest_wait_hours = e.longest_wait_hours.or(r.longest_wait_hours.map(round2));
    }
    let mut out: Vec<ApprovalFigures> = per.into_values().collect();
    let slow = |f: &ApprovalFigures| f.median_hours.unwrap_or(f64::NEG_INFINITY);
    out.sort_by(|x, y| slow(y).total_cmp(&slow(x)).then_with(|| x.name.cmp(&y.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    #[test]
    fn a_day_starts_at_midnight_in_the_company_time_zone() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 1).expect("date");
        let start = day_start(chrono_tz::Asia::Shanghai, d);
        assert_eq!(start.to_string(), "2026-09-30 16:00:00");
    }
}
