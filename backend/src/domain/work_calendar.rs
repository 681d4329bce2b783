//! The company's working calendar as administrators keep it: the days that differ from
//! Monday–Friday, the years whose official holiday schedule (节假日安排, with 调休) is known,
//! warnings when the coming year has none, and the import of a year's schedule in one step.
//!
//! The schedule's text format (one line each, `#` starts a comment, blank lines are skipped):
//!
//! ```text
//! year 2027                                  # optional; else the year of the first date
//! source 国务院办公厅关于2027年部分节假日安排的通知  # optional: where the schedule comes from
//! 2027-01-01 off 元旦                         # a day off (also: 休, holiday)
//! 2027-02-06..2027-02-12 off 春节             # a range, both ends included
//! 2027-02-14 work 春节调休上班                 # a make-up working day (also: 班, workday)
//! ```
//!
//! Every date lies in the one year; no day appears twice; a make-up working day is a Saturday
//! or a Sunday; a name has at most 50 characters. An import replaces every stored day of that
//! year and records the year's source, in one transaction: a text with any bad line changes
//! nothing, and the answer names each bad line.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::audit::{self, AuditKind};
use super::permissions::{ensure, Action};
use super::workdays::WorkCalendar;
use super::Actor;
use crate::db::work_calendar::{self as store, CalendarDayRow, CalendarYearRow};
use crate::db::{now, DbConn};
use crate::error::{AppError, AppResult, FieldErrors};

/// The longest name of a day, as for days set one by one.
pub const NAME_MAX_CHARS: usize = 50;
/// The longest range on one line (the longest official holiday is 9 days).
const RANGE_MAX_DAYS: i64 = 31;
/// Years a calendar may hold.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The company's working calendar: weekdays, with the holidays and make-up days stored, and
/// which years hold an official schedule.
pub fn calendar(c: &mut DbConn) -> AppResult<WorkCalendar> {
    let overrides: HashMap<NaiveDate, bool> = store::all_days(c)?
        .into_iter()
        .filter_map(|d| NaiveDate::parse_from_str(&d.day, "%Y-%m-%d").ok().map(|day| (day, d.working)))
        .collect();
    let years = store::years(c)?.into_iter().map(|y| y.year);
    Ok(WorkCalendar::new(super::reminders::rules().time_zone, overrides).with_scheduled_years(years))
}

/// What administrators are warned of (in the SPA and in `/readyz`), never an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CalendarWarningKind {
    /// The current year has no official schedule: the clocks count Monday to Friday now.
    CurrentYearMissing,
    /// From 1 November: the coming year has no official schedule yet.
    NextYearMissing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarWarning {
    pub kind: CalendarWarningKind,
    pub year: i32,
}

impl CalendarWarning {
    /// For operators (English; the SPA says it in the user's language).
    pub fn detail(&self) -> String {
        match self.kind {
            CalendarWarningKind::CurrentYearMissing => format!(
                "the working calendar has no holiday schedule for {}: SLA clocks count Monday to Friday only; import the year's schedule",
                self.year
            ),
            CalendarWarningKind::NextYearMissing => format!(
                "the working calendar has no holiday schedule for {} yet: import it before 1 January, or SLA clocks will count Monday to Friday only",
                self.year
            ),
        }
    }
}

/// The warnings at `at` (UTC): the current local year without a schedule, and from 1 November
/// the coming one.
pub fn warnings(cal: &WorkCalendar, at: NaiveDateTime) -> Vec<CalendarWarning> {
    let today = cal.local(at).date();
    let mut out = Vec::new();
    if !cal.scheduled_years.contains(&today.year()) {
        out.push(CalendarWarning { kind: CalendarWarningKind::CurrentYearMissing, year: today.year() });
    }
    if today.month() >= 11 && !cal.scheduled_years.contains(&(today.year() + 1)) {
        out.push(CalendarWarning { kind: CalendarWarningKind::NextYearMissing, year: today.year() + 1 });
    }
    out
}

/// The warnings now (for `/readyz`: no caller to check).
pub fn current_warnings(c: &mut DbConn) -> AppResult<Vec<CalendarWarning>> {
    Ok(warnings(&calendar(c)?, now()))
}

/// One year of the calendar as a reader sees it.
pub struct YearView {
    pub year: i32,
    pub days: Vec<CalendarDayRow>,
    pub calendar: WorkCalendar,
    /// Where the year's official schedule comes from; `None`: the year has none.
    pub schedule: Option<CalendarYearRow>,
}

/// The stored days of `year` and the calendar they make (anyone signed in reads them).
pub fn year_view(c: &mut DbConn, actor_id: &str, year: i32) -> AppResult<YearView> {
    Actor::load(c, actor_id)?;
    check_year(year)?;
    let days = store::days_of_year(c, year)?;
    let schedule = store::years(c)?.into_iter().find(|y| y.year == year);
    Ok(YearView { year, days, calendar: calendar(c)?, schedule })
}

/// A year with a schedule, and how many days it holds.
pub struct ScheduledYear {
    pub row: CalendarYearRow,
    pub holidays: usize,
    pub make_up_days: usize,
}

/// Which years hold a schedule, and the warnings now.
pub struct CalendarStatus {
    pub years: Vec<ScheduledYear>,
    pub warnings: Vec<CalendarWarning>,
}

pub fn status(c: &mut DbConn, actor_id: &str) -> AppResult<CalendarStatus> {
    Actor::load(c, actor_id)?;
    let cal = calendar(c)?;
    let mut counts: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    for (day, working) in &cal.overrides {
        let n = counts.entry(day.year()).or_default();
        if *working {
            n.1 += 1;
        } else {
            n.0 += 1;
        }
    }
    let years = store::years(c)?
        .into_iter()
        .map(|row| {
            let (holidays, make_up_days) = counts.get(&row.year).copied().unwrap_or_default();
            ScheduledYear { row, holidays, make_up_days }
        })
        .collect();
    Ok(CalendarStatus { years, warnings: warnings(&cal, now()) })
}

/// Marks a day a holiday or a make-up working day (administrators).
pub fn set_day(c: &mut DbConn, actor_id: &str, row: CalendarDayRow) -> AppResult<CalendarDayRow> {
    ensure(&Actor::load(c, actor_id)?, Action::ManageOrg)?;
    store::set_day(c, &row)?;
    Ok(row)
}

/// Returns a day to the weekday rule (administrators).
pub fn delete_day(c: &mut DbConn, actor_id: &str, day: &str) -> AppResult<()> {
    ensure(&Actor::load(c, actor_id)?, Action::ManageOrg)?;
    if store::delete_day(c, day)? {
        Ok(())
    } else {
        Err(AppError::not_found("calendar day"))
    }
}

fn check_year(year: i32) -> AppResult<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(AppError::field("year", "range", "a year between 2000 and 2100"))
    }
}

// ---------------------------------------------------------------- the schedule's text

/// A year's schedule read from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub year: i32,
    pub source: Option<String>,
    /// In date order.
    pub days: Vec<CalendarDayRow>,
}

/// What is wrong with one line (1-based; 0 for the text as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    /// A short code the SPA translates: `unreadable`, `invalid_date`, `invalid_range`,
    /// `range_too_long`, `outside_year`, `duplicate_day`, `not_a_weekend`, `name_too_long`,
    /// `invalid_year`, `year_twice`, `year_after_days`, `source_too_long`, `no_days`.
    pub code: &'static str,
    /// English, for developers and logs.
    pub message: String,
}

impl LineError {
    fn new(line: usize, code: &'static str, message: impl Into<String>) -> Self {
        Self { line, code, message: message.into() }
    }
}

/// The problem+json of a text with bad lines: `errors` maps `lines[N]` (or `content`) to codes,
/// `detail` lists them all in English.
pub fn schedule_error(errors: &[LineError]) -> AppError {
    let mut fields = FieldErrors::new();
    for e in errors {
        let key = if e.line == 0 { "content".to_owned() } else { format!("lines[{}]", e.line) };
        fields.entry(key).or_default().push(e.code.to_owned());
    }
    let detail = errors
        .iter()
        .map(|e| if e.line == 0 { e.message.clone() } else { format!("line {}: {}", e.line, e.message) })
        .collect::<Vec<_>>()
        .join("; ");
    AppError::validation(fields, detail)
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    // Exactly YYYY-MM-DD: chrono alone would also take "2027-2-6".
    (s.len() == 10).then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()).flatten()
}

/// Reads a schedule; every bad line is reported, not only the first.
pub fn parse(text: &str) -> Result<Schedule, Vec<LineError>> {
    let mut errors = Vec::new();
    let mut year: Option<(i32, usize)> = None;
    let mut source: Option<String> = None;
    // Day → (working, name, line).
    let mut days: BTreeMap<NaiveDate, (bool, String, usize)> = BTreeMap::new();
    let mut first_day_line: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let (head, rest) = line.split_once(char::is_whitespace).map_or((line, ""), |(h, r)| (h, r.trim()));
        match head.to_ascii_lowercase().as_str() {
            "year" => {
                if first_day_line.is_some() {
                    errors.push(LineError::new(n, "year_after_days", "give the year before the first day"));
                } else if year.is_some() {
                    errors.push(LineError::new(n, "year_twice", "the year is given twice"));
                } else {
                    match rest.parse::<i32>().ok().filter(|y| YEARS.contains(y)) {
                        Some(y) => year = Some((y, n)),
                        None => errors.push(LineError::new(
                            n,
                            "invalid_year",
                            format!("'{rest}' is not a year between 2000 and 2100"),
                        )),
                    }
                }
            }
            "source" => {
                if rest.chars().count() > 500 {
                    errors.push(LineError::new(n, "source_too_long", "the source has more than 500 characters"));
                } else if !rest.is_empty() {
                    source = Some(rest.to_owned());
                }
            }
            _ => {
                first_day_line.get_or_insert(n);
                if let Err(e) = day_line(n, head, rest, &mut year, &mut days) {
                    errors.push(e);
                }
            }
        }
    }
    if days.is_empty() && errors.is_empty() {
        errors.push(LineError::new(0, "no_days", "the text holds no day: one line per holiday or make-up working day"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let year = year.map(|(y, _)| y).unwrap_or_default();
    let days = days
        .into_iter()
        .map(|(d, (working, name, _))| CalendarDayRow { day: d.format("%Y-%m-%d").to_string(), working, name })
        .collect();
    Ok(Schedule { year, source, days })
}

/// One line of days: `DATE[..DATE] KIND [NAME]`.
fn day_line(
    n: usize,
    dates: &str,
    rest: &str,
    year: &mut Option<(i32, usize)>,
    days: &mut BTreeMap<NaiveDate, (bool, String, usize)>,
) -> Result<(), LineError> {
    let (kind, name) = rest.split_once(char::is_whitespace).map_or((rest, ""), |(k, r)| (k, r.trim()));
    let working = match kind.to_ascii_lowercase().as_str() {
        "off" | "holiday" | "休" => false,
        "work" | "workday" | "班" => true,
        "" => {
            return Err(LineError::new(
                n,
                "unreadable",
                "expected 'YYYY-MM-DD off NAME' or 'YYYY-MM-DD work NAME' (or 'year', 'source')",
            ))
        }
        other => {
            return Err(LineError::new(n, "unreadable", format!("'{other}' is neither off (休) nor work (班)")));
        }
    };
    let (from, to) = match dates.split_once("..") {
        Some((a, b)) => (a, b),
        None => (dates, dates),
    };
    let (Some(from), Some(to)) = (parse_date(from), parse_date(to)) else {
        return Err(LineError::new(
            n,
            "invalid_date",
            format!("'{dates}' is not a date (YYYY-MM-DD) or a range of two"),
        ));
    };
    if to < from {
        return Err(LineError::new(n, "invalid_range", format!("the range {dates} ends before it starts")));
    }
    if (to - from).num_days() >= RANGE_MAX_DAYS {
        return Err(LineError::new(
            n,
            "range_too_long",
            format!("the range {dates} is longer than {RANGE_MAX_DAYS} days"),
        ));
    }
    let (y, _) = *year.get_or_insert((from.year(), n));
    if from.year() != y || to.year() != y {
        return Err(LineError::new(n, "outside_year", format!("{dates} is not in {y}")));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(LineError::new(n, "name_too_long", format!("the name has more than {NAME_MAX_CHARS} characters")));
    }
    let mut d = from;
    let mut new = Vec::new();
    while d <= to {
        if working && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            return Err(LineError::new(
                n,
                "not_a_weekend",
                format!("{d} is a {}: a make-up working day is a Saturday or a Sunday", d.weekday()),
            ));
        }
        if let Some((_, _, other)) = days.get(&d) {
            return Err(LineError::new(n, "duplicate_day", format!("{d} is given on line {other} already")));
        }
        new.push(d);
        d += Duration::days(1);
    }
    for d in new {
        days.insert(d, (working, name.to_owned(), n));
    }
    Ok(())
}

/// A year's stored days in the import format (what [`parse`] reads back), ranges folded.
pub fn to_text(year: i32, source: Option<&str>, days: &[CalendarDayRow]) -> String {
    let mut out = format!("year {year}\n");
    if let Some(s) = source {
        out.push_str(&format!("source {s}\n"));
    }
    let parsed: Vec<(NaiveDate, &CalendarDayRow)> =
        days.iter().filter_map(|d| parse_date(&d.day).map(|date| (date, d))).collect();
    let mut i = 0;
    while i < parsed.len() {
        let (start, row) = parsed[i];
        let mut j = i;
        while j + 1 < parsed.len()
            && parsed[j + 1].0 == parsed[j].0 + Duration::days(1)
            && parsed[j + 1].1.working == row.working
            && parsed[j + 1].1.name == row.name
        {
            j += 1;
        }
        let dates = if j == i { start.to_string() } else { format!("{start}..{}", parsed[j].0) };
        let kind = if row.working { "work" } else { "off" };
        out.push_str(format!("{dates} {kind} {}", row.name).trim_end());
        out.push('\n');
        i = j + 1;
    }
    out
}

/// What an import did (or, on a dry run, would do).
pub struct Imported {
    pub schedule: Schedule,
    /// How many stored days of that year it replaced.
    pub replaced: usize,
    pub dry_run: bool,
}

/// Imports a year's schedule (administrators): replaces the year's days and records where the
/// schedule comes from, all or nothing. `dry_run` checks and answers without saving.
pub fn import(c: &mut DbConn, actor_id: &str, text: &str, dry_run: bool) -> AppResult<Imported> {
    let actor = Actor::load(c, actor_id)?;
    ensure(&actor, Action::ManageOrg)?;
    let schedule = parse(text).map_err(|e| schedule_error(&e))?;
    let existing = store::days_of_year(c, schedule.year)?.len();
    if dry_run {
        return Ok(Imported { schedule, replaced: existing, dry_run });
    }
    let row = CalendarYearRow {
        year: schedule.year,
        source: schedule.source.clone().unwrap_or_else(|| "导入 / imported".to_owned()),
        imported_at: now(),
        imported_by: Some(actor.id.clone()),
    };
    let replaced = store::replace_year(c, &row, &schedule.days)?;
    let holidays = schedule.days.iter().filter(|d| !d.working).count();
    audit::record(
        c,
        Some(&actor.id),
        AuditKind::WorkCalendarImported,
        Some(("work_calendar", &schedule.year.to_string())),
        json!({"year": schedule.year, "source": row.source, "holidays": holidays,
               "make_up_days": schedule.days.len() - holidays, "replaced": replaced}),
    )?;
    Ok(Imported { schedule, replaced, dry_run })
}

/// A year's stored days as import text (anyone signed in).
pub fn export(c: &mut DbConn, actor_id: &str, year: i32) -> AppResult<String> {
    let view = year_view(c, actor_id, year)?;
    Ok(to_text(year, view.schedule.as_ref().map(|s| s.source.as_str()), &view.days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(usize, &'static str)> {
        parse(text).expect_err("bad text").into_iter().map(|e| (e.line, e.code)).collect()
    }

    const GOOD: &str = "# 2027 (an example, not the official schedule)\n\
        year 2027\n\
        source 测试安排\n\
        \n\
        2027-01-01 off 元旦\n\
        2027-02-06..2027-02-08 休 春节   # three days\n\
        2027-02-14 work 春节调休上班\n";

    #[test]
    fn a_schedule_reads_with_ranges_comments_and_chinese_kinds() {
        let s = parse(GOOD).expect("good text");
        assert_eq!(s.year, 2027);
        assert_eq!(s.source.as_deref(), Some("测试安排"));
        let days: Vec<(&str, bool, &str)> =
            s.days.iter().map(|d| (d.day.as_str(), d.working, d.name.as_str())).collect();
        assert_eq!(
            days,
            vec![
                ("2027-01-01", false, "元旦"),
                ("2027-02-06", false, "春节"),
                ("2027-02-07", false, "春节"),
                ("2027-02-08", false, "春节"),
                ("2027-02-14", true, "春节调休上班"),
            ]
        );
    }

    #[test]
    fn every_bad_line_is_named_with_its_number() {
        let text = "year 2027\n\
            2027-02-30 off 错日期\n\
            2027-02-10..2027-02-08 off 倒序\n\
            2028-01-01 off 明年\n\
            2027-03-03 work 周三补班\n\
            2027-05-01 off 劳动节\n\
            2027-05-01 off 又一次\n\
            2027-06-01 maybe 不知道\n\
            2027-07-01..2027-09-01 off 太长\n\
            year 2027\n";
        assert_eq!(
            codes(text),
            vec![
                (2, "invalid_date"),
                (3, "invalid_range"),
                (4, "outside_year"),
                (5, "not_a_weekend"),
                (7, "duplicate_day"),
                (8, "unreadable"),
                (9, "range_too_long"),
                (10, "year_after_days"),
            ]
        );
        let err = schedule_error(&parse(text).expect_err("bad"));
        let fields = err.fields.expect("fields");
        assert_eq!(fields["lines[5]"], vec!["not_a_weekend"]);
        assert!(err.detail.contains("line 7: 2027-05-01 is given on line 6 already"), "{}", err.detail);
    }

    #[test]
    fn the_year_comes_first_or_from_the_first_date_and_a_text_needs_days() {
        assert_eq!(codes("2027-01-01 off 元旦\nyear 2027\n"), vec![(2, "year_after_days")]);
        assert_eq!(codes("year 2027\nyear 2027\n2027-01-01 off 元旦\n"), vec![(2, "year_twice")]);
        assert_eq!(parse("2027-01-01 off 元旦\n").expect("inferred").year, 2027);
        assert_eq!(codes("2027-01-01 off 元旦\n2026-12-31 off 跨年\n"), vec![(2, "outside_year")]);
        assert_eq!(codes("# nothing\n\nsource x\n"), vec![(0, "no_days")]);
        assert_eq!(codes("year 1999\n2027-01-01 off x\n"), vec![(1, "invalid_year")]);
        assert_eq!(codes("2027-1-1 off 元旦\n"), vec![(1, "invalid_date")]);
        assert_eq!(codes("2027-01-01\n"), vec![(1, "unreadable")]);
        let long = format!("2027-01-01 off {}\n", "节".repeat(51));
        assert_eq!(codes(&long), vec![(1, "name_too_long")]);
    }

    #[test]
    fn the_text_of_stored_days_reads_back_the_same() {
        let s = parse(GOOD).expect("good");
        let text = to_text(s.year, s.source.as_deref(), &s.days);
        assert!(text.contains("2027-02-06..2027-02-08 off 春节\n"), "{text}");
        assert_eq!(parse(&text).expect("round trip"), s);
    }

    #[test]
    fn administrators_are_warned_from_november_when_the_coming_year_has_no_schedule() {
        let cal = WorkCalendar::new(chrono_tz::Asia::Shanghai, HashMap::new()).with_scheduled_years([2025, 2026]);
        let at = |s: &str| cal.utc(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("local time"));
        assert_eq!(warnings(&cal, at("2026-10-31 23:59")), vec![]);
        assert_eq!(
            warnings(&cal, at("2026-11-01 00:00")),
            vec![CalendarWarning { kind: CalendarWarningKind::NextYearMissing, year: 2027 }]
        );
        assert_eq!(
            warnings(&cal, at("2027-01-01 00:00")),
            vec![CalendarWarning { kind: CalendarWarningKind::CurrentYearMissing, year: 2027 }]
        );
        let both = cal.clone().with_scheduled_years([2026]);
        assert_eq!(
            warnings(&both, at("2027-11-15 09:00")).into_iter().map(|w| (w.kind, w.year)).collect::<Vec<_>>(),
            vec![(CalendarWarningKind::CurrentYearMissing, 2027), (CalendarWarningKind::NextYearMissing, 2028)]
        );
    }
}
