//! The working calendar: working hours, weekends, public holidays and make-up working days
//! (调休). Every reminder rule counts its clock in calendar hours or in working hours of this
//! calendar, and the countdowns shown to users use the same arithmetic.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;

/// How a rule's clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockKind {
    /// Every hour counts.
    Calendar,
    /// Only working hours of working days count.
    Working,
}

impl ClockKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "calendar" => Some(Self::Calendar),
            "working" => Some(Self::Working),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct WorkCalendar {
    pub tz: Tz,
    pub day_start: NaiveTime,
    pub day_end: NaiveTime,
    /// Dates whose status differs from the weekday rule: `false` a holiday, `true` a make-up
    /// working day.
    pub overrides: HashMap<NaiveDate, bool>,
    /// The years whose official holiday schedule the overrides hold. In any other year only
    /// the Monday–Friday rule (and days set one by one) count: the clocks fall back to it.
    pub scheduled_years: BTreeSet<i32>,
}

impl WorkCalendar {
    /// 09:00–18:00 in `tz`, Monday to Friday, with these overrides.
    pub fn new(tz: Tz, overrides: HashMap<NaiveDate, bool>) -> Self {
        Self {
            tz,
            day_start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            day_end: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            overrides,
            scheduled_years: BTreeSet::new(),
        }
    }

    /// The same calendar, knowing which years hold an official schedule.
    pub fn with_scheduled_years(mut self, years: impl IntoIterator<Item = i32>) -> Self {
        self.scheduled_years = years.into_iter().collect();
        self
    }

    /// The local years from `from` to `to` (UTC, either order) without an official schedule:
    /// where a working-time clock counts Monday to Friday only.
    pub fn unscheduled_years(&self, from: NaiveDateTime, to: NaiveDateTime) -> Vec<i32> {
        let (a, b) = (self.local(from.min(to)).year(), self.local(from.max(to)).year());
        (a..=b).filter(|y| !self.scheduled_years.contains(y)).collect()
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.overrides.get(&d).copied().unwrap_or(!matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// A stored (UTC) time as local wall-clock time.
    pub fn local(&self, t: NaiveDateTime) -> NaiveDateTime {
        self.tz.from_utc_datetime(&t).naive_local()
    }

    /// Local wall-clock time back to UTC (the earlier instant when a DST change makes it ambiguous).
    pub fn utc(&self, local: NaiveDateTime) -> NaiveDateTime {
        self.tz
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.naive_utc())
            .unwrap_or_else(|| local - Duration::hours(8))
    }

    /// The minutes of one working day (9:00–18:00: 540).
    pub fn day_minutes(&self) -> i64 {
        (self.day_end - self.day_start).num_minutes()
    }

    /// The moment `minutes` of the clock after `from` (UTC in, UTC out).
    pub fn add(&self, from: NaiveDateTime, minutes: i64, clock: ClockKind) -> NaiveDateTime {
        if clock == ClockKind::Calendar {
            return from + Duration::minutes(minutes);
        }
        let mut t = self.local(from);
        let mut left = Duration::minutes(minutes.max(0));
        // At most ten years of days: a calendar without working days must not hang the caller.
        for _ in 0..3660 {
            let day = t.date();
            if !self.is_working_day(day) || t.time() >= self.day_end {
                t = self.next_day_start(day);
                continue;
            }
            if t.time() < self.day_start {
                t = day.and_time(self.day_start);
            }
            let available = day.and_time(self.day_end) - t;
            if left <= available {
                return self.utc(t + left);
            }
            left -= available;
            t = self.next_day_start(day);
        }
        self.utc(t)
    }

    fn next_day_start(&self, day: NaiveDate) -> NaiveDateTime {
        day.succ_opt().unwrap_or(day).and_time(self.day_start)
    }

    /// Minutes of the clock between `a` and `b` (0 when `b` is not after `a`).
    pub fn minutes_between(&self, a: NaiveDateTime, b: NaiveDateTime, clock: ClockKind) -> i64 {
        if b <= a {
            return 0;
        }
        if clock == ClockKind::Calendar {
            return (b - a).num_minutes();
        }
        let (start, end) = (self.local(a), self.local(b));
        let mut total = Duration::zero();
        let mut day = start.date();
        for _ in 0..3660 {
            if day > end.date() {
                break;
            }
            if self.is_working_day(day) {
                let from = start.max(day.and_time(self.day_start));
                let to = end.min(day.and_time(self.day_end));
                if to > from {
                    total += to - from;
                }
            }
            day = day.succ_opt().unwrap_or(day);
        }
        total.num_minutes()
    }
}

/// The official mainland China schedules of 2025 and 2026, as shipped in migration 000008
/// (国务院办公厅关于2025年部分节假日安排的通知, 12 November 2024; 国务院办公厅关于2026年部分节假日
/// 安排的通知, 4 November 2025), for the tests of the arithmetic: (date, working, name).
/// `working = false` is a day off on a weekday or weekend; `true` a make-up working day on a
/// weekend.
pub const CHINA_2025_2026: &[(&str, bool, &str)] = &[
    ("2025-01-01", false, "元旦"),
    ("2025-01-26", true, "春节调休上班"),
    ("2025-01-28", false, "春节"),
    ("2025-01-29", false, "春节"),
    ("2025-01-30", false, "春节"),
    ("2025-01-31", false, "春节"),
    ("2025-02-01", false, "春节"),
    ("2025-02-02", false, "春节"),
    ("2025-02-03", false, "春节"),
    ("2025-02-04", false, "春节"),
    ("2025-02-08", true, "春节调休上班"),
    ("2025-04-04", false, "清明节"),
    ("2025-04-05", false, "清明节"),
    ("2025-04-06", false, "清明节"),
    ("2025-04-27", true, "劳动节调休上班"),
    ("2025-05-01", false, "劳动节"),
    ("2025-05-02", false, "劳动节"),
    ("2025-05-03", false, "劳动节"),
    ("2025-05-04", false, "劳动节"),
    ("2025-05-05", false, "劳动节"),
    ("2025-05-31", false, "端午节"),
    ("2025-06-01", false, "端午节"),
    ("2025-06-02", false, "端午节"),
    ("2025-09-28", true, "国庆节调休上班"),
    ("2025-10-01", false, "国庆节、中秋节"),
    ("2025-10-02", false, "国庆节、中秋节"),
    ("2025-10-03", false, "国庆节、中秋节"),
    ("2025-10-04", false, "国庆节、中秋节"),
    ("2025-10-05", false, "国庆节、中秋节"),
    ("2025-10-06", false, "国庆节、中秋节"),
    ("2025-10-07", false, "国庆节、中秋节"),
    ("2025-10-08", false, "国庆节、中秋节"),
    ("2025-10-11", true, "国庆节调休上班"),
    ("2026-01-01", false, "元旦"),
    ("2026-01-02", false, "元旦"),
    ("2026-01-03", false, "元旦"),
    ("2026-01-04", true, "元旦调休上班"),
    ("2026-02-14", true, "春节调休上班"),
    ("2026-02-15", false, "春节"),
    ("2026-02-16", false, "春节"),
    ("2026-02-17", false, "春节"),
    ("2026-02-18", false, "春节"),
    ("2026-02-19", false, "春节"),
    ("2026-02-20", false, "春节"),
    ("2026-02-21", false, "春节"),
    ("2026-02-22", false, "春节"),
    ("2026-02-23", false, "春节"),
    ("2026-02-28", true, "春节调休上班"),
    ("2026-04-04", false, "清明节"),
    ("2026-04-05", false, "清明节"),
    ("2026-04-06", false, "清明节"),
    ("2026-05-01", false, "劳动节"),
    ("2026-05-02", false, "劳动节"),
    ("2026-05-03", false, "劳动节"),
    ("2026-05-04", false, "劳动节"),
    ("2026-05-05", false, "劳动节"),
    ("2026-05-09", true, "劳动节调休上班"),
    ("2026-06-19", false, "端午节"),
    ("2026-06-20", false, "端午节"),
    ("2026-06-21", false, "端午节"),
    ("2026-09-20", true, "国庆节调休上班"),
    ("2026-09-25", false, "中秋节"),
    ("2026-09-26", false, "中秋节"),
    ("2026-09-27", false, "中秋节"),
    ("2026-10-01", false, "国庆节"),
    ("2026-10-02", false, "国庆节"),
    ("2026-10-03", false, "国庆节"),
    ("2026-10-04", false, "国庆节"),
    ("2026-10-05", false, "国庆节"),
    ("2026-10-06", false, "国庆节"),
    ("2026-10-07", false, "国庆节"),
    ("2026-10-10", true, "国庆节调休上班"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn china() -> WorkCalendar {
        let overrides = CHINA_2025_2026
            .iter()
            .filter_map(|(d, w, _)| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok().map(|d| (d, *w)))
            .collect();
        WorkCalendar::new(chrono_tz::Asia::Shanghai, overrides)
    }

    /// A Shanghai wall-clock time as stored (UTC).
    fn sh(s: &str) -> NaiveDateTime {
        china().utc(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time"))
    }

    #[test]
    fn holidays_and_make_up_days_follow_the_official_schedule() {
        let c = china();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert!(!c.is_working_day(d("2026-02-16")), "春节, a Monday");
        assert!(c.is_working_day(d("2026-02-14")), "调休: a Saturday worked");
        assert!(!c.is_working_day(d("2026-11-28")), "an ordinary Saturday");
        assert!(c.is_working_day(d("2026-11-26")), "an ordinary Thursday");
        assert!(!c.is_working_day(d("2025-10-08")), "国庆 and 中秋 joined, 8 days");
    }

    #[test]
    fn working_hours_skip_nights_weekends_and_holidays() {
        let c = china();
        // Friday 17:00 + 2 working hours = Monday 10:00.
        assert_eq!(c.add(sh("2026-11-27 17:00"), 120, ClockKind::Working), sh("2026-11-30 10:00"));
        // Before the day starts, the clock starts at 09:00.
        assert_eq!(c.add(sh("2026-11-26 07:30"), 60, ClockKind::Working), sh("2026-11-26 10:00"));
        // 24 working hours from Thursday 10:00 (8 left that day, 9 Friday, 7 Monday) = Monday 16:00.
        assert_eq!(c.add(sh("2026-11-26 10:00"), 24 * 60, ClockKind::Working), sh("2026-11-30 16:00"));
        // Across 春节 2026: Friday 13 Feb 17:00 + 2 h → Saturday 14 Feb (调休) 10:00.
        assert_eq!(c.add(sh("2026-02-13 17:00"), 120, ClockKind::Working), sh("2026-02-14 10:00"));
        // Saturday 14 Feb 17:00 + 2 h → Tuesday 24 Feb 10:00 (15–23 off).
        assert_eq!(c.add(sh("2026-02-14 17:00"), 120, ClockKind::Working), sh("2026-02-24 10:00"));
        // Calendar hours just add.
        assert_eq!(c.add(sh("2026-11-27 17:00"), 120, ClockKind::Calendar), sh("2026-11-27 19:00"));
    }

    #[test]
    fn a_year_without_a_schedule_counts_monday_to_friday_and_says_so() {
        let c = china().with_scheduled_years([2025, 2026]);
        // 春节 2027 is not known: Thursday 4 Feb 2027 17:00 + 2 h is Friday 10:00, a plain weekday.
        assert_eq!(c.add(sh("2027-02-04 17:00"), 120, ClockKind::Working), sh("2027-02-05 10:00"));
        assert_eq!(c.unscheduled_years(sh("2026-12-31 17:00"), sh("2027-01-04 10:00")), vec![2027]);
        assert_eq!(c.unscheduled_years(sh("2026-02-13 17:00"), sh("2026-02-24 10:00")), Vec::<i32>::new());
        // Years are local: 1 Jan 2027 00:30 in Shanghai is still 2026 in UTC.
        assert_eq!(c.unscheduled_years(sh("2027-01-01 00:30"), sh("2026-12-31 12:00")), vec![2027], "either order");
    }

    #[test]
    fn minutes_between_count_the_same_clock_as_add() {
        let c = china();
        let from = sh("2026-11-27 17:00");
        for minutes in [0, 30, 60, 120, 9 * 60, 24 * 60, 40 * 60] {
            let to = c.add(from, minutes, ClockKind::Working);
            assert_eq!(c.minutes_between(from, to, ClockKind::Working), minutes, "{minutes} min");
        }
        assert_eq!(c.minutes_between(sh("2026-11-28 10:00"), sh("2026-11-28 12:00"), ClockKind::Working), 0);
        assert_eq!(c.minutes_between(sh("2026-11-28 10:00"), sh("2026-11-28 12:00"), ClockKind::Calendar), 120);
    }
}
