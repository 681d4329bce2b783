//! The reminder engine: nothing waits silently.
//!
//! [`tick`] looks at the state of the database at a given moment (the scheduler passes the real
//! time, tests a simulated one) and fires what is due. Every reminder fires by inserting its key
//! (rule, subject, slot) into the ledger in the same transaction as its notification, so a
//! reminder fires once however many processes tick.
//!
//! Rules (clocks configurable per rule, see [`Rules`]):
//! - acknowledgement: a reminder not acknowledged within 2 (working) hours is repeated and
//!   counted as a breach;
//! - strong reminders: on high-priority and emergency tasks, whoever has not acknowledged their
//!   assignment is reminded every N minutes on every channel, whatever their preferences;
//! - emergencies: no response from the owner within 24 hours escalates to their supervisor
//!   (分管领导), with a countdown on the task;
//! - due soon (24 h before) and overdue (daily) for tasks and milestones;
//! - help requests unanswered for 24 (working) hours escalate to the head's supervisor;
//! - weekly summaries: every Friday 17:00 the department heads are asked; on Monday 10:00 those
//!   who have not posted are reminded.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::json;

use super::tasks::{emit_system, rfc3339};
use super::workdays::{ClockKind, WorkCalendar};
use crate::db::orgs as org_store;
use crate::db::reminders::{self as store};
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::DbConn;
use crate::error::AppResult;

/// Notifications that ask for an acknowledgement ("已确认").
pub const ACK_KINDS: [&str; 6] = [
    "task_assigned",
    "reminder_due_soon",
    "reminder_overdue",
    "task_escalated",
    "help_requested",
    "weekly_summary_due",
];

/// The rules' durations and clocks.
#[derive(Debug, Clone)]
pub struct Rules {
    pub ack_minutes: i64,
    pub ack_clock: ClockKind,
    pub strong_every_minutes: i64,
    pub emergency_minutes: i64,
    pub emergency_clock: ClockKind,
    pub help_minutes: i64,
    pub help_clock: ClockKind,
    pub due_soon_minutes: i64,
    pub time_zone: chrono_tz::Tz,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            ack_minutes: 120,
            ack_clock: ClockKind::Working,
            strong_every_minutes: 30,
            emergency_minutes: 24 * 60,
            emergency_clock: ClockKind::Calendar,
            help_minutes: 24 * 60,
            help_clock: ClockKind::Working,
            due_soon_minutes: 24 * 60,
            time_zone: chrono_tz::Asia::Shanghai,
        }
    }
}

static RULES: OnceLock<Rules> = OnceLock::new();

/// Sets the rules once at start-up (from the configuration).
pub fn configure(rules: Rules) {
    let _ = RULES.set(rules);
}

pub fn rules() -> &'static Rules {
    RULES.get_or_init(Rules::default)
}

/// The company's working calendar: weekdays, with the holidays and make-up days stored.
pub fn calendar(c: &mut DbConn) -> AppResult<WorkCalendar> {
    let overrides: HashMap<NaiveDate, bool> = store::all_calendar_days(c)?
        .into_iter()
        .filter_map(|d| NaiveDate::parse_from_str(&d.day, "%Y-%m-%d").ok().map(|day| (day, d.working)))
        .collect();
    Ok(WorkCalendar::new(rules().time_zone, overrides))
}

/// What one tick fired, by rule.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fired {
    pub by_rule: std::collections::BTreeMap<&'static str, usize>,
}

impl Fired {
    fn add(&mut self, rule: &'static str) {
        *self.by_rule.entry(rule).or_default() += 1;
    }
    pub fn total(&self) -> usize {
        self.by_rule.values().sum()
    }
    pub fn get(&self, rule: &str) -> usize {
        self.by_rule.get(rule).copied().unwrap_or(0)
    }
}

/// Fires everything due at `now` (timed as `reminder_tick` at /metrics).
pub fn tick(c: &mut DbConn, now: NaiveDateTime) -> AppResult<Fired> {
    crate::state::timed("reminder_tick", || tick_inner(c, now))
}

fn tick_inner(c: &mut DbConn, now: NaiveDateTime) -> AppResult<Fired> {
    let cal = calendar(c)?;
    let rules = rules();
    let mut fired = Fired::default();
    acknowledgement(c, &cal, rules, now, &mut fired)?;
    strong(c, rules, now, &mut fired)?;
    emergencies(c, &cal, rules, now, &mut fired)?;
    deadlines(c, &cal, rules, now, &mut fired)?;
    super::help::escalate_due(c, &cal, rules, now, &mut fired)?;
    super::weekly::remind_due(c, &cal, now, &mut fired)?;
    Ok(fired)
}

/// Fires `key` once; `then` sends what it says.
#[expect(clippy::too_many_arguments, reason = "one reminder's facts")]
pub(crate) fn once(
    c: &mut DbConn,
    fired: &mut Fired,
    key: &str,
    rule: &'static str,
    task_id: Option<&str>,
    user_id: Option<&str>,
    now: NaiveDateTime,
    then: impl FnOnce(&mut DbConn) -> AppResult<()>,
) -> AppResult<()> {
    if store::fire(c, key, rule, task_id, user_id, now)? {
        then(c)?;
        fired.add(rule);
    }
    Ok(())
}

fn acknowledgement(
    c: &mut DbConn,
    cal: &WorkCalendar,
    rules: &Rules,
    now: NaiveDateTime,
    fired: &mut Fired,
) -> AppResult<()> {
    let since = now - Duration::days(30);
    let done = store::fired_keys(c, &["ack_breach"], since)?;
    for n in store::unacknowledged(c, &ACK_KINDS, since)? {
        let store::Unacknowledged { id, user_id: user, task_id, kind, created_at: created } = n;
        if done.contains(&format!("ack:{id}")) || now < cal.add(created, rules.ack_minutes, rules.ack_clock) {
            continue;
        }
        let task = match &task_id {
            Some(t) => task_store::find_task(c, t)?,
            None => None,
        };
        let key = format!("ack:{id}");
        once(c, fired, &key, "ack_breach", task_id.as_deref(), Some(&user), now, |c| {
            emit_system(c, "reminder_unacknowledged", task.as_ref(), vec![user.clone()], json!({"from": kind}), now)
        })?;
    }
    Ok(())
}

/// When the user acknowledged their assignment (or a strong reminder) on this task.
fn acknowledged_at(c: &mut DbConn, task: &TaskRow, user: &str) -> AppResult<Option<NaiveDateTime>> {
    store::acknowledged(c, &task.id, user, &["task_assigned", "reminder_strong"])
}

fn strong(c: &mut DbConn, rules: &Rules, now: NaiveDateTime, fired: &mut Fired) -> AppResult<()> {
    let every = rules.strong_every_minutes.max(1);
    // Whoever created their own task knows about it; the others until they acknowledge.
    for task in store::unacknowledged_urgent_assignments(c)? {
        let Some(published) = task.published_at else { continue };
        if acknowledged_at(c, &task, &task.owner_id)?.is_some() {
            continue;
        }
        let slot = (now - published).num_minutes() / every;
        if slot < 1 {
            continue;
        }
        let key = format!("strong:{}:{}:{slot}", task.id, task.owner_id);
        let owner = task.owner_id.clone();
        once(c, fired, &key, "strong", Some(&task.id), Some(&owner), now, |c| {
            emit_system(c, "reminder_strong", Some(&task), vec![owner.clone()], json!({"strong": true}), now)
        })?;
    }
    Ok(())
}

/// An emergency task's owner responded: acknowledged, started or reported progress.
fn responded(c: &mut DbConn, task: &TaskRow) -> AppResult<bool> {
    if task.status != "published" || acknowledged_at(c, task, &task.owner_id)?.is_some() {
        return Ok(true);
    }
    Ok(task_store::progress(c, &task.id, 1)?.iter().any(|p| p.author_id == task.owner_id))
}

/// The escalation countdown of an emergency task: (when it escalates, when it did).
pub fn escalation(c: &mut DbConn, task: &TaskRow) -> AppResult<(Option<NaiveDateTime>, Option<NaiveDateTime>)> {
    if task.scenario != "emergency" {
        return Ok((None, None));
    }
    let done = store::fired(c, &format!("escalate:{}", task.id))?;
    if done.is_some() {
        return Ok((None, done));
    }
    let Some(published) = task.published_at else { return Ok((None, None)) };
    if !store::OPEN.contains(&task.status.as_str()) || responded(c, task)? {
        return Ok((None, None));
    }
    let rules = rules();
    let cal = calendar(c)?;
    Ok((Some(cal.add(published, rules.emergency_minutes, rules.emergency_clock)), None))
}

fn emergencies(
    c: &mut DbConn,
    cal: &WorkCalendar,
    rules: &Rules,
    now: NaiveDateTime,
    fired: &mut Fired,
) -> AppResult<()> {
    for task in store::published_emergencies(c)? {
        let Some(published) = task.published_at else { continue };
        if now < cal.add(published, rules.emergency_minutes, rules.emergency_clock) || responded(c, &task)? {
            continue;
        }
        let supervisor = org_store::supervisor_of(c, &task.owner_id)?;
        let mut people: Vec<String> = supervisor.iter().cloned().collect();
        people.push(task.owner_id.clone());
        let key = format!("escalate:{}", task.id);
        once(c, fired, &key, "escalation", Some(&task.id), None, now, |c| {
            // The supervisor takes part from now on (and so sees the task the notice links to).
            if let Some(s) = &supervisor {
                task_store::add_participants(c, &task.id, &[(s.clone(), "escalation")])?;
            }
            emit_system(c, "task_escalated", Some(&task), people, json!({"strong": true}), now)
        })?;
    }
    Ok(())
}

fn deadlines(
    c: &mut DbConn,
    cal: &WorkCalendar,
    rules: &Rules,
    now: NaiveDateTime,
    fired: &mut Fired,
) -> AppResult<()> {
    let local_now = cal.local(now);
    let today = local_now.date();
    // Daily reminders go out in the working day, not at midnight.
    let daytime = local_now.time() >= cal.day_start;
    // Most candidates fired already (today's overdue, earlier due-soon): skip them without a write.
    let done = store::fired_keys(
        c,
        &["due_soon", "overdue", "milestone_due_soon", "milestone_overdue"],
        now - Duration::days(2) - Duration::minutes(rules.due_soon_minutes),
    )?;
    for task in store::open_tasks_due_before(c, now + Duration::minutes(rules.due_soon_minutes))? {
        let owner = task.owner_id.clone();
        let due = rfc3339(task.due_at);
        let soon_key = format!("due_soon:{}:{}", task.id, task.due_at.and_utc().timestamp());
        let late_key = format!("overdue:{}:{today}", task.id);
        if done.contains(if task.due_at > now { &soon_key } else { &late_key }) {
            continue;
        }
        if task.due_at > now {
            let key = soon_key;
            once(c, fired, &key, "due_soon", Some(&task.id), Some(&owner), now, |c| {
                emit_system(c, "reminder_due_soon", Some(&task), vec![owner.clone()], json!({"to": due}), now)
            })?;
        } else if daytime {
            let key = late_key;
            once(c, fired, &key, "overdue", Some(&task.id), Some(&owner), now, |c| {
                emit_system(c, "reminder_overdue", Some(&task), vec![owner.clone()], json!({"to": due}), now)
            })?;
        }
    }
    for (id, name, due_at, task) in
        store::open_milestones_due_before(c, now + Duration::minutes(rules.due_soon_minutes))?
    {
        let owner = task.owner_id.clone();
        let detail = json!({"from": name, "to": rfc3339(due_at)});
        let soon_key = format!("milestone_due_soon:{id}:{}", due_at.and_utc().timestamp());
        let late_key = format!("milestone_overdue:{id}:{today}");
        if done.contains(if due_at > now { &soon_key } else { &late_key }) {
            continue;
        }
        if due_at > now {
            let key = soon_key;
            once(c, fired, &key, "milestone_due_soon", Some(&task.id), Some(&owner), now, |c| {
                emit_system(c, "milestone_due_soon", Some(&task), vec![owner.clone()], detail, now)
            })?;
        } else if daytime {
            let key = late_key;
            once(c, fired, &key, "milestone_overdue", Some(&task.id), Some(&owner), now, |c| {
                emit_system(c, "milestone_overdue", Some(&task), vec![owner.clone()], detail, now)
            })?;
        }
    }
    Ok(())
}

/// The Monday of the week `date` is in.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Friday 17:00 of the week starting `monday`, local.
pub fn weekly_due(monday: NaiveDate) -> NaiveDateTime {
    (monday + Duration::days(4)).and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default())
}

/// The stored days of `year` and the calendar they make (anyone signed in reads them).
pub fn work_calendar(
    c: &mut DbConn,
    actor_id: &str,
    year: i32,
) -> AppResult<(Vec<store::CalendarDayRow>, WorkCalendar)> {
    super::Actor::load(c, actor_id)?;
    let days = store::calendar_days(c, &format!("{year}-01-01"), &format!("{year}-12-31"))?;
    Ok((days, calendar(c)?))
}

/// Marks a day a holiday or a make-up working day (administrators).
pub fn set_calendar_day(
    c: &mut DbConn,
    actor_id: &str,
    row: store::CalendarDayRow,
) -> AppResult<store::CalendarDayRow> {
    super::permissions::ensure(&super::Actor::load(c, actor_id)?, super::permissions::Action::ManageOrg)?;
    store::set_calendar_day(c, &row)?;
    Ok(row)
}

/// Returns a day to the weekday rule (administrators).
pub fn delete_calendar_day(c: &mut DbConn, actor_id: &str, day: &str) -> AppResult<()> {
    super::permissions::ensure(&super::Actor::load(c, actor_id)?, super::permissions::Action::ManageOrg)?;
    if store::delete_calendar_day(c, day)? {
        Ok(())
    } else {
        Err(crate::error::AppError::not_found("calendar day"))
    }
}
