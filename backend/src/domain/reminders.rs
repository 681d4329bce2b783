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

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::json;

use super::journal::{emit_system, rfc3339};
use super::workdays::{ClockKind, WorkCalendar};
use crate::db::orgs as org_store;
use crate::db::reminders::{self as store, Candidate, Cursor, Deadlines, Side};
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{Db, DbConn};
use crate::error::AppResult;
use crate::values::{EventKind, ParticipantReason, ReminderRule, Scenario, Status};

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
    /// A done top-level task goes into the case library this many days after it was marked
    /// done (0: only when its owner archives it).
    pub archive_after_days: i64,
    pub time_zone: chrono_tz::Tz,
    /// The company's name (`TANDEM_COMPANY_NAME`): workbooks carry it in their properties.
    pub company_name: String,
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
            archive_after_days: 7,
            time_zone: chrono_tz::Asia::Shanghai,
            company_name: String::new(),
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

/// What one tick fired, by rule.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fired {
    pub by_rule: std::collections::BTreeMap<ReminderRule, usize>,
}

impl Fired {
    fn add(&mut self, rule: ReminderRule) {
        *self.by_rule.entry(rule).or_default() += 1;
    }
    pub fn total(&self) -> usize {
        self.by_rule.values().sum()
    }
    /// How many times `rule` (by its name, e.g. `ack_breach`) fired; 0 for a name that is no rule.
    pub fn get(&self, rule: &str) -> usize {
        rule.parse::<ReminderRule>().ok().and_then(|r| self.by_rule.get(&r).copied()).unwrap_or(0)
    }
    /// `due_soon=3 overdue=1`: the rules by their stored names, for logs.
    pub fn summary(&self) -> String {
        self.by_rule.iter().map(|(r, n)| format!("{}={n}", r.as_str())).collect::<Vec<_>>().join(" ")
    }
    fn merge(&mut self, other: Fired) {
        for (rule, n) in other.by_rule {
            *self.by_rule.entry(rule).or_default() += n;
        }
    }
}

/// Fires everything due at `now` (timed as `reminder_tick` at /metrics).
///
/// The rules that may find many candidates (a company's history of overdue tasks and unanswered
/// notices) read them a page of [`store::PAGE`] at a time, each page in its own write
/// transaction, and let the database skip what already fired: memory stays flat, and other
/// writers wait for one page, not the whole tick. Each reminder still fires atomically with
/// its notification, so a tick that stops half-way loses nothing: the next one goes on.
pub fn tick(db: &Db, now: NaiveDateTime) -> AppResult<Fired> {
    crate::metrics::timed("reminder_tick", || {
        let cal = db.read_blocking(super::work_calendar::calendar)?;
        let rules = rules();
        let mut fired = Fired::default();
        acknowledgement(db, &cal, rules, now, &mut fired)?;
        emergencies(db, &cal, rules, now, &mut fired)?;
        deadlines(db, &cal, rules, now, &mut fired)?;
        let rest = db.write_blocking(|c| {
            let mut fired = Fired::default();
            strong(c, rules, now, &mut fired)?;
            super::help::escalate_due(c, &cal, rules, now, &mut fired)?;
            super::weekly::remind_due(c, &cal, now, &mut fired)?;
            super::approvals::sla::remind_due(c, now, &mut fired)?;
            super::tasks::responses::remind_due(c, &cal, rules, now, &mut fired)?;
            super::collections::rounds::open_due(c, &cal, now)?;
            super::collections::remind::remind_due(c, &cal, now, &mut fired)?;
            super::cases::archive_due(c, rules, now)?;
            Ok(fired)
        })?;
        fired.merge(rest);
        Ok(fired)
    })
}

/// Runs `page` until it says there is no next page, each call in its own write transaction,
/// starting at no cursor and passing on the one it returns.
fn in_pages(
    db: &Db,
    fired: &mut Fired,
    mut page: impl FnMut(&mut DbConn, &Cursor, &mut Fired) -> AppResult<Option<Cursor>>,
) -> AppResult<()> {
    let mut cursor: Cursor = None;
    loop {
        let (next, done) = db.write_blocking(|c| {
            let mut done = Fired::default();
            Ok((page(c, &cursor, &mut done)?, done))
        })?;
        fired.merge(done);
        match next {
            Some(next) => cursor = next,
            None => return Ok(()),
        }
    }
}

/// Fires `key` once; `then` sends what it says.
#[expect(clippy::too_many_arguments, reason = "one reminder's facts")]
pub(crate) fn once(
    c: &mut DbConn,
    fired: &mut Fired,
    key: &str,
    rule: ReminderRule,
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

fn acknowledgement(db: &Db, cal: &WorkCalendar, rules: &Rules, now: NaiveDateTime, fired: &mut Fired) -> AppResult<()> {
    let since = now - Duration::days(30);
    // No clock ends sooner than the calendar's: younger notices cannot be late yet.
    let latest = now - Duration::minutes(rules.ack_minutes);
    in_pages(db, fired, |c, cursor, fired| {
        let page = store::unbreached_acks(c, since, latest, cursor)?;
        for n in store::notifications_of(c, &page)? {
            let store::Unacknowledged { id, user_id: user, task_id, kind, created_at: created } = n;
            if now < cal.add(created, rules.ack_minutes, rules.ack_clock) {
                continue;
            }
            let task = match &task_id {
                Some(t) => task_store::find_task(c, t)?,
                None => None,
            };
            once(c, fired, &store::ack_key(&id), ReminderRule::AckBreach, task_id.as_deref(), Some(&user), now, |c| {
                emit_system(
                    c,
                    EventKind::ReminderUnacknowledged,
                    task.as_ref(),
                    vec![user.clone()],
                    json!({"from": kind}),
                    now,
                )
            })?;
        }
        Ok(store::next_page(&page))
    })
}

/// When the user acknowledged their assignment (or a strong reminder) on this task.
fn acknowledged_at(c: &mut DbConn, task: &TaskRow, user: &str) -> AppResult<Option<NaiveDateTime>> {
    store::acknowledged(c, &task.id, user, &[EventKind::TaskAssigned, EventKind::ReminderStrong])
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
        once(c, fired, &key, ReminderRule::Strong, Some(&task.id), Some(&owner), now, |c| {
            emit_system(c, EventKind::ReminderStrong, Some(&task), vec![owner.clone()], json!({"strong": true}), now)
        })?;
    }
    Ok(())
}

/// An emergency task's owner responded: acknowledged, started or reported progress.
fn responded(c: &mut DbConn, task: &TaskRow) -> AppResult<bool> {
    if task.status != Status::Published || acknowledged_at(c, task, &task.owner_id)?.is_some() {
        return Ok(true);
    }
    Ok(task_store::progress(c, &task.id, 1)?.iter().any(|p| p.author_id == task.owner_id))
}

/// A task's SLA clocks as its page shows them.
#[derive(Debug, Clone, Default)]
pub struct Sla {
    /// An open emergency nobody answered yet: when it escalates to the owner's supervisor.
    pub escalation_due_at: Option<NaiveDateTime>,
    /// When it escalated.
    pub escalated_at: Option<NaiveDateTime>,
    /// The years without an official holiday schedule that the task's working-time clocks
    /// (acknowledgements, and the emergency countdown when it counts working time) run through
    /// from now: there they count Monday to Friday only.
    pub fallback_years: Vec<i32>,
}

/// The SLA clocks of `task` at `now`.
pub fn sla(c: &mut DbConn, task: &TaskRow, now: NaiveDateTime) -> AppResult<Sla> {
    if !Status::LIVE.contains(&task.status) {
        let escalated_at = if task.scenario == Scenario::Emergency {
            store::fired(c, &store::escalation_key(&task.id))?
        } else {
            None
        };
        return Ok(Sla { escalated_at, ..Sla::default() });
    }
    let rules = rules();
    let cal = super::work_calendar::calendar(c)?;
    let mut sla = Sla::default();
    if task.scenario == Scenario::Emergency {
        sla.escalated_at = store::fired(c, &store::escalation_key(&task.id))?;
        if sla.escalated_at.is_none() && !responded(c, task)? {
            sla.escalation_due_at =
                task.published_at.map(|p| cal.add(p, rules.emergency_minutes, rules.emergency_clock));
        }
    }
    // The furthest moment a working-time clock of this task counts to from now.
    let mut until = None;
    if rules.ack_clock == ClockKind::Working {
        until = Some(cal.add(now, rules.ack_minutes, ClockKind::Working));
    }
    if rules.emergency_clock == ClockKind::Working {
        until = until.max(sla.escalation_due_at);
    }
    if let Some(until) = until {
        sla.fallback_years = cal.unscheduled_years(now, until.max(now));
    }
    Ok(sla)
}

fn emergencies(db: &Db, cal: &WorkCalendar, rules: &Rules, now: NaiveDateTime, fired: &mut Fired) -> AppResult<()> {
    // No clock ends sooner than the calendar's: emergencies published later cannot be due yet.
    let latest = now - Duration::minutes(rules.emergency_minutes);
    in_pages(db, fired, |c, cursor, fired| {
        let page = store::unescalated_emergencies(c, latest, cursor)?;
        for task in store::tasks_of(c, &page)? {
            let Some(published) = task.published_at else { continue };
            if now < cal.add(published, rules.emergency_minutes, rules.emergency_clock) || responded(c, &task)? {
                continue;
            }
            escalate(c, &task, now, fired)?;
        }
        Ok(store::next_page(&page))
    })
}

/// Escalates an emergency to its owner's supervisor (once).
fn escalate(c: &mut DbConn, task: &TaskRow, now: NaiveDateTime, fired: &mut Fired) -> AppResult<()> {
    let supervisor = org_store::supervisor_of(c, &task.owner_id)?;
    let mut people: Vec<String> = supervisor.iter().cloned().collect();
    people.push(task.owner_id.clone());
    once(c, fired, &store::escalation_key(&task.id), ReminderRule::Escalation, Some(&task.id), None, now, |c| {
        // The supervisor takes part from now on (and so sees the task the notice links to).
        if let Some(s) = &supervisor {
            task_store::add_participants(c, &task.id, &[(s.clone(), ParticipantReason::Escalation)])?;
        }
        emit_system(c, EventKind::TaskEscalated, Some(task), people, json!({"strong": true}), now)
    })
}

fn deadlines(db: &Db, cal: &WorkCalendar, rules: &Rules, now: NaiveDateTime, fired: &mut Fired) -> AppResult<()> {
    let local_now = cal.local(now);
    let soon = Side::Soon { now, until: now + Duration::minutes(rules.due_soon_minutes) };
    // Daily reminders go out in the working day, not at midnight.
    let late = (local_now.time() >= cal.day_start).then_some(Side::Late { now, day: local_now.date() });
    for side in std::iter::once(soon).chain(late) {
        for what in [Deadlines::Tasks, Deadlines::Milestones] {
            in_pages(db, fired, |c, cursor, fired| {
                let page = store::unreminded_deadlines(c, what, &side, cursor)?;
                remind_deadlines(c, what, &side, &page, now, fired)?;
                Ok(store::next_page(&page))
            })?;
        }
    }
    Ok(())
}

/// Sends the due-soon or overdue reminders of one page of deadlines to the tasks' owners.
fn remind_deadlines(
    c: &mut DbConn,
    what: Deadlines,
    side: &Side,
    page: &[Candidate],
    now: NaiveDateTime,
    fired: &mut Fired,
) -> AppResult<()> {
    let rule = what.rule(side);
    let kind = what.event(side);
    let items: Vec<(String, NaiveDateTime, TaskRow, serde_json::Value)> = match what {
        Deadlines::Tasks => store::tasks_of(c, page)?
            .into_iter()
            .map(|t| {
                let detail = json!({"to": rfc3339(t.due_at)});
                (t.id.clone(), t.due_at, t, detail)
            })
            .collect(),
        Deadlines::Milestones => store::milestones_of(c, page)?
            .into_iter()
            .map(|(id, name, due, t)| (id, due, t, json!({"from": name, "to": rfc3339(due)})))
            .collect(),
    };
    for (id, due_at, task, detail) in items {
        let owner = task.owner_id.clone();
        once(c, fired, &what.key(side, &id, due_at), rule, Some(&task.id), Some(&owner), now, |c| {
            emit_system(c, kind, Some(&task), vec![owner.clone()], detail, now)
        })?;
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
