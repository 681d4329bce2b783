//! When a collection's rounds fall due: one deadline, or a rule (weekly on a weekday, monthly or
//! quarterly on the Nth working day of the period) read on the company's working calendar in its
//! time zone. Each period has a key (`2026-12`, `2026-W49`, `2026-Q4`) that names its one round.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::workdays::WorkCalendar;
use crate::error::{AppError, AppResult};
use crate::values::Recurrence;

/// The period key of a one-off collection's only round.
pub const ONCE: &str = "once";

/// When a collection's rounds are due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectionSchedule {
    pub kind: Recurrence,
    /// `once`: the deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
    /// `weekly`: the day of the week, 1 (Monday) to 7 (Sunday).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 7)]
    pub weekday: Option<u32>,
    /// `monthly` / `quarterly`: the Nth working day of the month or quarter (1–20); a period with
    /// fewer working days is due on its last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 20)]
    pub working_day: Option<u32>,
    /// For recurring collections: the local time of the deadline, `HH:MM` (18:00 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "18:00")]
    pub time: Option<String>,
}

/// One period of a recurring schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub key: String,
    /// When the period begins and its round may open (UTC).
    pub starts_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
}

impl CollectionSchedule {
    /// Checks the rule's fields for its kind.
    pub fn check(&self) -> AppResult<()> {
        let unexpected = |f: &str| {
            AppError::field(
                &format!("schedule.{f}"),
                "unexpected",
                format!("not used by a {} schedule", self.kind.as_str()),
            )
        };
        let required = |f: &str| {
            AppError::field(&format!("schedule.{f}"), "required", format!("a {} schedule needs it", self.kind.as_str()))
        };
        match self.kind {
            Recurrence::Once => {
                if self.due_at.is_none() {
                    return Err(required("due_at"));
                }
                for (name, set) in [
                    ("weekday", self.weekday.is_some()),
                    ("working_day", self.working_day.is_some()),
                    ("time", self.time.is_some()),
                ] {
                    if set {
                        return Err(unexpected(name));
                    }
                }
            }
            Recurrence::Weekly => {
                match self.weekday {
                    None => return Err(required("weekday")),
                    Some(d) if !(1..=7).contains(&d) => {
                        return Err(AppError::field("schedule.weekday", "out_of_range", "1 (Monday) to 7 (Sunday)"))
                    }
                    _ => {}
                }
                if self.working_day.is_some() {
                    return Err(unexpected("working_day"));
                }
            }
            Recurrence::Monthly | Recurrence::Quarterly => {
                match self.working_day {
                    None => return Err(required("working_day")),
                    Some(d) if !(1..=20).contains(&d) => {
                        return Err(AppError::field("schedule.working_day", "out_of_range", "1 to 20"))
                    }
                    _ => {}
                }
                if self.weekday.is_some() {
                    return Err(unexpected("weekday"));
                }
            }
        }
        if self.kind != Recurrence::Once {
            if self.due_at.is_some() {
                return Err(unexpected("due_at"));
            }
            self.local_time()?;
        }
        Ok(())
    }

    fn local_time(&self) -> AppResult<NaiveTime> {
        match &self.time {
            None => Ok(NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default()),
            Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| AppError::field("schedule.time", "invalid", "a local time as HH:MM, e.g. 18:00")),
        }
    }

    /// The period of a recurring schedule that contains `at` (UTC); `None` for a one-off.
    pub fn period_at(&self, cal: &WorkCalendar, at: NaiveDateTime) -> AppResult<Option<Period>> {
        let time = self.local_time()?;
        let day = cal.local(at).date();
        let (key, first, last) = match self.kind {
            Recurrence::Once => return Ok(None),
            Recurrence::Weekly => {
                let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
                let week = monday.iso_week();
                (format!("{}-W{:02}", week.year(), week.week()), monday, monday + Duration::days(6))
            }
            Recurrence::Monthly => {
                let first = day.with_day(1).unwrap_or(day);
                (format!("{}-{:02}", day.year(), day.month()), first, last_of_month(first))
            }
            Recurrence::Quarterly => {
                let q = (day.month() - 1) / 3;
                let first = NaiveDate::from_ymd_opt(day.year(), q * 3 + 1, 1).unwrap_or(day);
                let last = last_of_month(NaiveDate::from_ymd_opt(day.year(), q * 3 + 3, 1).unwrap_or(day));
                (format!("{}-Q{}", day.year(), q + 1), first, last)
            }
        };
        let due_day = match self.kind {
            Recurrence::Weekly => first + Duration::days(i64::from(self.weekday.unwrap_or(1).clamp(1, 7) - 1)),
            _ => nth_working_day(cal, first, last, self.working_day.unwrap_or(1)),
        };
        Ok(Some(Period {
            key,
            starts_at: cal.utc(first.and_time(NaiveTime::MIN)),
            due_at: cal.utc(due_day.and_time(time)),
        }))
    }

    /// The next deadline at or after `at`: the one-off's, or this period's when still ahead, else
    /// the next period's.
    pub fn next_due(&self, cal: &WorkCalendar, at: NaiveDateTime) -> AppResult<Option<NaiveDateTime>> {
        if self.kind == Recurrence::Once {
            return Ok(self.due_at.map(|d| d.naive_utc()));
        }
        let Some(now) = self.period_at(cal, at)? else { return Ok(None) };
        if now.due_at >= at {
            return Ok(Some(now.due_at));
        }
        // The next period begins after this one's last day; 100 days reach past any quarter.
        let mut probe = at;
        for _ in 0..100 {
            probe += Duration::days(1);
            if let Some(p) = self.period_at(cal, probe)? {
                if p.key != now.key {
                    return Ok(Some(p.due_at));
                }
            }
        }
        Ok(None)
    }
}

fn last_of_month(first: NaiveDate) -> NaiveDate {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next.map(|n| n - Duration::days(1)).unwrap_or(first)
}

/// The Nth working day in `[first, last]`, or the last working day when there are fewer (the
/// last day when there is none).
fn nth_working_day(cal: &WorkCalendar, first: NaiveDate, last: NaiveDate, n: u32) -> NaiveDate {
    let mut found = 0;
    let mut latest = None;
    let mut d = first;
    while d <= last {
        if cal.is_working_day(d) {
            found += 1;
            latest = Some(d);
            if found == n {
                return d;
            }
        }
        d += Duration::days(1);
    }
    latest.unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn cal(overrides: &[(&str, bool)]) -> WorkCalendar {
        let map: HashMap<NaiveDate, bool> =
            overrides.iter().map(|(d, w)| (d.parse().unwrap_or_default(), *w)).collect();
        WorkCalendar::new(chrono_tz::Asia::Shanghai, map)
    }

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default()
    }

    fn monthly(n: u32) -> CollectionSchedule {
        CollectionSchedule {
            kind: Recurrence::Monthly,
            due_at: None,
            weekday: None,
            working_day: Some(n),
            time: Some("18:00".into()),
        }
    }

    #[test]
    fn the_third_working_day_of_the_month_skips_weekends_and_holidays() {
        // December 2026 starts on a Tuesday: 1, 2, 3 are working days.
        let p = monthly(3).period_at(&cal(&[]), utc("2026-12-10 02:00")).ok().flatten();
        let p = p.unwrap_or_else(|| panic!("a period"));
        assert_eq!(p.key, "2026-12");
        // 18:00 in Shanghai is 10:00 UTC.
        assert_eq!(p.due_at, utc("2026-12-03 10:00"));
        assert_eq!(p.starts_at, utc("2026-11-30 16:00"));
        // January 2027: 1 January is a holiday, 2–3 a weekend: the 3rd working day is the 6th.
        let jan = monthly(3).period_at(&cal(&[("2027-01-01", false)]), utc("2027-01-02 00:00")).ok().flatten();
        assert_eq!(jan.map(|p| p.due_at), Some(utc("2027-01-06 10:00")));
    }

    #[test]
    fn a_working_weekend_day_counts_and_a_short_month_ends_on_its_last_working_day() {
        // A make-up working Saturday (调休) on 5 December 2026 is the 5th working day (1–4 are
        // Tuesday to Friday).
        let p = monthly(5).period_at(&cal(&[("2026-12-05", true)]), utc("2026-12-01 00:00")).ok().flatten();
        assert_eq!(p.map(|p| p.due_at), Some(utc("2026-12-05 10:00")));
        let p = monthly(20).period_at(&cal(&[("2027-02-15", false), ("2027-02-16", false)]), utc("2027-02-01 00:00"));
        // February 2027 has 20 weekdays; two holidays leave 18: due on the last one, Friday the 26th.
        assert_eq!(p.ok().flatten().map(|p| p.due_at), Some(utc("2027-02-26 10:00")));
    }

    #[test]
    fn weekly_and_quarterly_periods_have_their_keys() {
        let weekly = CollectionSchedule {
            kind: Recurrence::Weekly,
            due_at: None,
            weekday: Some(5),
            working_day: None,
            time: Some("17:00".into()),
        };
        let p = weekly.period_at(&cal(&[]), utc("2026-12-09 01:00")).ok().flatten();
        assert_eq!(p.as_ref().map(|p| p.key.as_str()), Some("2026-W50"));
        assert_eq!(p.map(|p| p.due_at), Some(utc("2026-12-11 09:00")));
        let quarterly = CollectionSchedule {
            kind: Recurrence::Quarterly,
            due_at: None,
            weekday: None,
            working_day: Some(1),
            time: None,
        };
        let p = quarterly.period_at(&cal(&[]), utc("2026-11-15 00:00")).ok().flatten();
        assert_eq!(p.as_ref().map(|p| p.key.as_str()), Some("2026-Q4"));
        assert_eq!(p.map(|p| p.due_at), Some(utc("2026-10-01 10:00")));
    }

    #[test]
    fn the_next_deadline_is_the_next_periods_once_this_one_passed() {
        let next = monthly(3).next_due(&cal(&[]), utc("2026-12-10 00:00")).ok().flatten();
        assert_eq!(next, Some(utc("2027-01-05 10:00")));
        let next = monthly(3).next_due(&cal(&[]), utc("2026-12-01 00:00")).ok().flatten();
        assert_eq!(next, Some(utc("2026-12-03 10:00")));
    }

    #[test]
    fn a_rule_with_fields_of_another_kind_is_refused() {
        let field = |s: CollectionSchedule| {
            s.check().err().and_then(|e| e.fields).map(|f| f.keys().cloned().collect::<Vec<_>>())
        };
        assert_eq!(
            field(CollectionSchedule { weekday: Some(2), ..monthly(3) }),
            Some(vec!["schedule.weekday".to_owned()])
        );
        assert_eq!(field(monthly(0)), Some(vec!["schedule.working_day".to_owned()]));
        assert_eq!(
            field(CollectionSchedule { time: Some("25:00".into()), ..monthly(3) }),
            Some(vec!["schedule.time".to_owned()])
        );
        assert_eq!(
            field(CollectionSchedule {
                kind: Recurrence::Once,
                due_at: None,
                weekday: None,
                working_day: None,
                time: None
            }),
            Some(vec!["schedule.due_at".to_owned()])
        );
        assert!(monthly(3).check().is_ok());
    }
}
