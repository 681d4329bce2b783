//! The working calendar: holidays and make-up working days, the years with an official
//! schedule, warnings, and the import of a year's schedule.

use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::extract::{CurrentUser, ValidJson};
use crate::db::to_utc;
use crate::db::work_calendar::CalendarDayRow;
use crate::domain::work_calendar::{self as cal, CalendarWarning, CalendarWarningKind};
use crate::error::{AppError, AppResult, ProblemDetails};
use crate::state::AppState;

/// The year it is now in the company's time zone.
fn this_year(st: &AppState) -> i32 {
    chrono::Datelike::year(&st.db.clock().utc().with_timezone(&crate::domain::reminders::rules().time_zone))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CalendarDayDto {
    /// Local date, YYYY-MM-DD.
    pub day: String,
    /// `false`: a holiday; `true`: a make-up working day (调休上班).
    pub working: bool,
    pub name: String,
}

impl From<CalendarDayRow> for CalendarDayDto {
    fn from(r: CalendarDayRow) -> Self {
        Self { day: r.day, working: r.working, name: r.name }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkCalendarDto {
    pub year: i32,
    pub time_zone: String,
    /// Working hours, local time.
    pub day_start: String,
    pub day_end: String,
    /// Whether the year holds an official holiday schedule. Without one, working-time clocks
    /// count Monday to Friday (and the days set one by one) only.
    pub is_scheduled: bool,
    /// Where the year's schedule comes from (`null` without one).
    #[schema(required = true)]
    pub source: Option<String>,
    /// Days that differ from Monday–Friday in the year asked.
    pub days: Vec<CalendarDayDto>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// 2000–2100; default the current year.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

/// The working calendar of a year (holidays and make-up working days)
#[utoipa::path(tag = "work-calendar", params(CalendarQuery), responses(
    (status = 200, description = "OK", body = WorkCalendarDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/work-calendar")]
pub async fn get_work_calendar(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<CalendarQuery>,
) -> AppResult<web::Json<WorkCalendarDto>> {
    let year = q.year.unwrap_or_else(|| this_year(&st));
    let v = st.db.read(move |c| cal::year_view(c, &me.id, year)).await?;
    Ok(web::Json(WorkCalendarDto {
        year: v.year,
        time_zone: v.calendar.tz.name().to_owned(),
        day_start: v.calendar.day_start.format("%H:%M").to_string(),
        day_end: v.calendar.day_end.format("%H:%M").to_string(),
        is_scheduled: v.schedule.is_some(),
        source: v.schedule.map(|s| s.source),
        days: v.days.into_iter().map(CalendarDayDto::from).collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarWarningDto {
    pub kind: CalendarWarningKind,
    /// The year without a schedule.
    pub year: i32,
    /// English, for operators; UIs translate `kind`.
    pub detail: String,
}

impl From<CalendarWarning> for CalendarWarningDto {
    fn from(w: CalendarWarning) -> Self {
        Self { kind: w.kind, year: w.year, detail: w.detail() }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarYearDto {
    pub year: i32,
    pub source: String,
    pub imported_at: DateTime<Utc>,
    /// Shipped with Tandem rather than imported by an administrator.
    pub is_shipped: bool,
    pub holidays: usize,
    pub make_up_days: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarStatusDto {
    /// The years with an official schedule, oldest first.
    pub years: Vec<CalendarYearDto>,
    /// What administrators should act on now (empty when nothing).
    pub warnings: Vec<CalendarWarningDto>,
}

/// Which years hold an official holiday schedule, and the warnings now
#[utoipa::path(tag = "work-calendar", responses(
    (status = 200, description = "OK", body = CalendarStatusDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/work-calendar/years")]
pub async fn get_work_calendar_status(
    st: web::Data<AppState>,
    me: CurrentUser,
) -> AppResult<web::Json<CalendarStatusDto>> {
    let s = st.db.read(move |c| cal::status(c, &me.id)).await?;
    Ok(web::Json(CalendarStatusDto {
        years: s
            .years
            .into_iter()
            .map(|y| CalendarYearDto {
                year: y.row.year,
                source: y.row.source,
                imported_at: to_utc(y.row.imported_at),
                is_shipped: y.row.imported_by.is_none(),
                holidays: y.holidays,
                make_up_days: y.make_up_days,
            })
            .collect(),
        warnings: s.warnings.into_iter().map(CalendarWarningDto::from).collect(),
    }))
}

/// A year's schedule in the import format (text/plain), to copy or to edit and import again
#[utoipa::path(tag = "work-calendar", params(("year" = i32, Path, minimum = 2000, maximum = 2100, description = "2000–2100")), responses(
    (status = 200, description = "The year's days, one line each", body = String, content_type = "text/plain"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/work-calendar/years/{year}/schedule")]
pub async fn export_work_calendar_year(
    st: web::Data<AppState>,
    me: CurrentUser,
    year: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let year = year.into_inner();
    let text = st.db.read(move |c| cal::export(c, &me.id, year)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header(("content-disposition", format!("attachment; filename=\"work-calendar-{year}.txt\"")))
        .body(text))
}

/// A year's holiday schedule in the import format.
///
/// One line each; `#` starts a comment: `year 2027` (optional, first), `source <where it comes
/// from>` (optional), then `YYYY-MM-DD[..YYYY-MM-DD] off|work [name]` (also `休`/`班`). Every date
/// in the one year, no day twice, make-up working days on Saturdays or Sundays, names of at most
/// 50 characters.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarImportRequest {
    #[validate(length(min = 1, max = 65536))]
    #[schema(
        min_length = 1,
        max_length = 65536,
        example = "year 2027\nsource 国务院办公厅关于2027年部分节假日安排的通知\n2027-01-01 off 元旦\n"
    )]
    pub content: String,
    /// Check and answer what would change, without saving.
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarImportDto {
    pub year: i32,
    #[schema(required = true)]
    pub source: Option<String>,
    pub holidays: usize,
    pub make_up_days: usize,
    /// Stored days of that year the import replaced (or would replace, on a dry run).
    pub replaced: usize,
    pub dry_run: bool,
    pub days: Vec<CalendarDayDto>,
}

/// Import a year's holiday schedule (administrators)
///
/// Replaces every holiday and make-up working day of that year and records the schedule's
/// source, in one transaction. A text with a bad line changes nothing: the answer is 422 with
/// `errors` keyed `lines[N]` (1-based) or `content`, each with a code (`invalid_date`,
/// `invalid_range`, `range_too_long`, `outside_year`, `duplicate_day`, `not_a_weekend`,
/// `name_too_long`, `unreadable`, `invalid_year`, `year_twice`, `year_after_days`,
/// `source_too_long`, `no_days`).
#[utoipa::path(tag = "work-calendar", request_body = CalendarImportRequest, responses(
    (status = 200, description = "Imported (or checked, on a dry run)", body = CalendarImportDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/work-calendar/imports")]
pub async fn import_work_calendar(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<CalendarImportRequest>,
) -> AppResult<web::Json<CalendarImportDto>> {
    let b = body.0;
    let dry_run = b.dry_run;
    let run = move |c: &mut crate::db::DbConn| cal::import(c, &me.id, &b.content, b.dry_run);
    // A dry run only reads: it need not wait for the write lock.
    let done = if dry_run { st.db.read(run).await? } else { st.db.write(run).await? };
    let holidays = done.schedule.days.iter().filter(|d| !d.working).count();
    Ok(web::Json(CalendarImportDto {
        year: done.schedule.year,
        source: done.schedule.source,
        make_up_days: done.schedule.days.len() - holidays,
        holidays,
        replaced: done.replaced,
        dry_run: done.dry_run,
        days: done.schedule.days.into_iter().map(CalendarDayDto::from).collect(),
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarDayRequest {
    pub working: bool,
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_length = 50)]
    pub name: String,
}

fn parse_day(day: &str) -> AppResult<String> {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| AppError::field("day", "invalid", "a date, YYYY-MM-DD"))
}

/// Mark a day as a holiday or a make-up working day (administrators)
#[utoipa::path(tag = "work-calendar", request_body = CalendarDayRequest, params(("day" = String, Path, format = Date, description = "YYYY-MM-DD")), responses(
    (status = 200, description = "Saved", body = CalendarDayDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[put("/work-calendar/{day:[0-9]{4}-[0-9]{2}-[0-9]{2}}")]
pub async fn set_calendar_day(
    st: web::Data<AppState>,
    me: CurrentUser,
    day: web::Path<String>,
    body: ValidJson<CalendarDayRequest>,
) -> AppResult<web::Json<CalendarDayDto>> {
    let day = parse_day(&day.into_inner())?;
    let b = body.0;
    let row = CalendarDayRow { day, working: b.working, name: b.name.trim().to_owned() };
    let saved = st.db.write(move |c| cal::set_day(c, &me.id, row)).await?;
    Ok(web::Json(CalendarDayDto::from(saved)))
}

/// Return a day to the weekday rule (administrators)
#[utoipa::path(tag = "work-calendar", params(("day" = String, Path, format = Date, description = "YYYY-MM-DD")), responses(
    (status = 204, description = "Removed"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/work-calendar/{day:[0-9]{4}-[0-9]{2}-[0-9]{2}}")]
pub async fn delete_calendar_day(
    st: web::Data<AppState>,
    me: CurrentUser,
    day: web::Path<String>,
) -> AppResult<HttpResponse> {
    let day = parse_day(&day.into_inner())?;
    st.db.write(move |c| cal::delete_day(c, &me.id, &day)).await?;
    Ok(HttpResponse::NoContent().finish())
}
