//! Storage of the working calendar: the days that differ from Monday–Friday (holidays and
//! make-up working days, local dates of the company's time zone) and the years whose official
//! schedule those days hold.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{calendar_days, calendar_years};
use super::DbConn;
use crate::error::AppResult;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_days)]
pub struct CalendarDayRow {
    /// YYYY-MM-DD.
    pub day: String,
    pub working: bool,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_years)]
pub struct CalendarYearRow {
    pub year: i32,
    pub source: String,
    pub imported_at: NaiveDateTime,
    pub imported_by: Option<String>,
}

/// The first and last day of a year as stored.
fn bounds(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

/// The stored days from `from` to `to` (YYYY-MM-DD, both included), in order.
pub fn days_between(c: &mut DbConn, from: &str, to: &str) -> AppResult<Vec<CalendarDayRow>> {
    Ok(calendar_days::table
        .filter(calendar_days::day.ge(from))
        .filter(calendar_days::day.le(to))
        .order(calendar_days::day.asc())
        .select(CalendarDayRow::as_select())
        .load(c)?)
}

/// The stored days of one year, in order.
pub fn days_of_year(c: &mut DbConn, year: i32) -> AppResult<Vec<CalendarDayRow>> {
    let (from, to) = bounds(year);
    days_between(c, &from, &to)
}

pub fn all_days(c: &mut DbConn) -> AppResult<Vec<CalendarDayRow>> {
    Ok(calendar_days::table.order(calendar_days::day.asc()).select(CalendarDayRow::as_select()).load(c)?)
}

pub fn set_day(c: &mut DbConn, row: &CalendarDayRow) -> AppResult<()> {
    diesel::delete(calendar_days::table.find(&row.day)).execute(c)?;
    diesel::insert_into(calendar_days::table).values(row).execute(c)?;
    Ok(())
}

pub fn delete_day(c: &mut DbConn, day: &str) -> AppResult<bool> {
    Ok(diesel::delete(calendar_days::table.find(day)).execute(c)? > 0)
}

/// The years with an official schedule, in order.
pub fn years(c: &mut DbConn) -> AppResult<Vec<CalendarYearRow>> {
    Ok(calendar_years::table.order(calendar_years::year.asc()).select(CalendarYearRow::as_select()).load(c)?)
}

/// Replaces every stored day of `year.year` with `days` and records the year's schedule; returns
/// how many days it replaced. Part of the caller's transaction: all or nothing.
pub fn replace_year(c: &mut DbConn, year: &CalendarYearRow, days: &[CalendarDayRow]) -> AppResult<usize> {
    let (from, to) = bounds(year.year);
    let replaced =
        diesel::delete(calendar_days::table.filter(calendar_days::day.ge(&from)).filter(calendar_days::day.le(&to)))
            .execute(c)?;
    // One row at a time: MultiConnection has no multi-row insert (a year has ~40 days).
    for d in days {
        diesel::insert_into(calendar_days::table).values(d).execute(c)?;
    }
    diesel::delete(calendar_years::table.find(year.year)).execute(c)?;
    diesel::insert_into(calendar_years::table).values(year).execute(c)?;
    Ok(replaced)
}
