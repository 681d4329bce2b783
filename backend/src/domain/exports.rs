//! Excel exports: requested through the API, made by the job worker (kind `export`) into the
//! blob store, downloaded by whoever asked until they expire. Permissions are checked when the
//! export is asked for and again when it is made.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::approvals::request::{RequestView, SubmissionView};
use super::reports::{self, EfficiencyReport, ReportQuery};
use super::tasks::{self, Sort, TaskQuery, TaskSummary};
use super::texts::Audience;
use super::{approvals, meetings, Actor};
use crate::blobs::BlobStore;
use crate::db::exports::{self as store, ExportRow};
use crate::db::reports::{self as report_store, TaskLine};
use crate::db::tasks as task_store;
use crate::db::{new_id, now, Db, DbConn};
use crate::error::{AppError, AppResult};
use crate::values::{
    Amount, ApprovalMode, AssignmentOrigin, AssignmentState, Currency, JobKind, Priority, RequestStatus, ResourceKind,
    Scenario, Status,
};
pub use crate::values::{ExportKind, ExportStatus};
use crate::workbooks::{col, column_chart, value_block, Book, Cell, Col, ValueAxis};

/// Rows read from the database per page while a large sheet is written.
const PAGE: i64 = 2_000;
/// The overdue list of a report stops here (the raw rows have everything).
const MAX_OVERDUE_LINES: i64 = 5_000;

/// What to export. Fields that do not belong to the kind are ignored.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, validator::Validate)]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    #[schema(value_type = ExportKind)]
    pub kind: Option<ExportKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub department_id: Option<Uuid>,
    pub owner_department_id: Option<Uuid>,
    pub scenario: Option<Scenario>,
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
    #[serde(default)]
    pub statuses: Vec<Status>,
    #[serde(default)]
    pub priorities: Vec<Priority>,
    pub owner_id: Option<Uuid>,
    #[validate(length(max = 200))]
    pub q: Option<String>,
    #[serde(default)]
    pub overdue: bool,
    #[serde(default)]
    pub top_level: bool,
    pub due_after: Option<DateTime<Utc>>,
    pub due_before: Option<DateTime<Utc>>,
    pub task_id: Option<Uuid>,
    pub meeting_id: Option<Uuid>,
}

impl ExportRequest {
    fn report_query(&self) -> ReportQuery {
        ReportQuery {
            from: self.from,
            to: self.to,
            department_id: self.department_id.map(|d| d.to_string()),
            scenario: self.scenario,
            top: 10,
        }
    }

    fn task_query(&self) -> TaskQuery {
        TaskQuery {
            scenarios: self.scenarios.clone(),
            statuses: self.statuses.clone(),
            priorities: self.priorities.clone(),
            department_id: self.department_id.map(|d| d.to_string()),
            owner_department_id: self.owner_department_id.map(|d| d.to_string()),
            owner_id: self.owner_id.map(|d| d.to_string()),
            top_level: self.top_level,
            due_after: self.due_after.map(|t| t.naive_utc()),
            due_before: self.due_before.map(|t| t.naive_utc()),
            overdue: self.overdue,
            q: self.q.clone(),
            ..Default::default()
        }
    }

    fn required(id: Option<Uuid>, field: &str) -> AppResult<String> {
        id.map(|i| i.to_string())
            .ok_or_else(|| AppError::field(field, "required", format!("this export needs `{field}`")))
    }
}

/// A file name safe on every system: what names a task or meeting keeps, slashes and colons made
/// into underscores.
fn file_name(stem: &str) -> String {
    let clean: String =
        stem.chars().map(|ch| if ch.is_control() || "/\\:*?\"<>|".contains(ch) { '_' } else { ch }).take(80).collect();
    format!("{}.xlsx", clean.trim())
}

/// Checks that the actor may have this export and names its file.
fn check(c: &mut DbConn, actor_id: &str, kind: ExportKind, req: &ExportRequest) -> AppResult<String> {
    Actor::load(c, actor_id)?;
    // The company's date (at 07:00 in Shanghai it is still yesterday in UTC).
    let today = now().and_utc().with_timezone(&super::reminders::rules().time_zone).format("%Y%m%d");
    Ok(match kind {
        ExportKind::EfficiencyReport => {
            let f = reports::frame(c, actor_id, &req.report_query())?;
            file_name(&format!("效率报表_{}_{}", f.from.format("%Y%m%d"), f.to.format("%Y%m%d")))
        }
        ExportKind::TaskList => file_name(&format!("任务列表_{today}")),
        ExportKind::TaskProgress => {
            let id = ExportRequest::required(req.task_id, "task_id")?;
            let t = tasks::get_task(c, actor_id, &id)?;
            file_name(&format!("项目进度跟踪表_{}", t.summary.task.title))
        }
        ExportKind::MeetingMinutes => {
            let id = ExportRequest::required(req.meeting_id, "meeting_id")?;
            let m = meetings::get(c, actor_id, &id)?;
            file_name(&format!("会议纪要_{}", m.row.title))
        }
        ExportKind::ApprovalForm => {
            let id = ExportRequest::required(req.task_id, "task_id")?;
            // Whoever may see the task (404 otherwise), once it has a request form.
            let v = approvals::request::get(c, actor_id, &id)?;
            // The title is cut before the date, so a long title keeps the date in the name.
            let title: String = v.task.title.chars().take(60).collect();
            file_name(&format!("审批单_{title}_{today}"))
        }
    })
}

/// Asks for an export: checks the permission, records it and queues the job.
/// Exports one person may have waiting or running at once.
pub const MAX_PENDING_PER_USER: i64 = 3;

pub fn request(c: &mut DbConn, actor_id: &str, req: ExportRequest) -> AppResult<ExportRow> {
    let kind = req.kind.ok_or_else(|| AppError::field("kind", "required", "say what to export"))?;
    if store::pending_of(c, actor_id)? >= MAX_PENDING_PER_USER {
        return Err(AppError::new(
            crate::error::ErrorCode::TooManyRequests,
            format!("at most {MAX_PENDING_PER_USER} exports may wait at once: let one finish first"),
        )
        .with_retry_after(10));
    }
    let name = check(c, actor_id, kind, &req)?;
    let row = ExportRow {
        id: new_id(),
        user_id: actor_id.to_owned(),
        kind,
        params: serde_json::to_string(&req).map_err(AppError::internal)?,
        status: ExportStatus::Queued,
        file_name: name,
        sha256: None,
        size_bytes: None,
        row_count: None,
        error: None,
        created_at: now(),
        started_at: None,
        finished_at: None,
        expires_at: None,
        error_code: None,
    };
    store::insert(c, &row)?;
    let mut job =
        super::delivery::job(JobKind::Export, &json!({"export_id": row.id}), Some(format!("export:{}", row.id)))?;
    // A million rows take a while: a long lease, few retries.
    job.max_attempts = 3;
    crate::db::jobs::enqueue(c, &job)?;
    Ok(row)
}

/// One of the actor's own exports (nobody else's, administrators included: 404).
pub fn get(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<ExportRow> {
    store::find(c, id)?.filter(|e| e.user_id == actor_id).ok_or_else(|| AppError::not_found("export"))
}

pub fn list(c: &mut DbConn, actor_id: &str) -> AppResult<Vec<ExportRow>> {
    store::of_user(c, actor_id, 50)
}

/// The finished export to download.
pub fn content(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<ExportRow> {
    let row = get(c, actor_id, id)?;
    match row.status {
        ExportStatus::Done if row.sha256.is_some() => Ok(row),
        ExportStatus::Expired => {
            Err(AppError::new(crate::error::ErrorCode::NotFound, "the export expired: ask for it again"))
        }
        _ => Err(AppError::conflict(format!("the export is {}: wait until it is done", row.status.as_str()))),
    }
}

/// Expires finished exports past their time and removes their files (unless shared content).
pub fn expire(db: &Db, blobs: &BlobStore) -> AppResult<usize> {
    let shas = db.write_blocking(|c| store::expire(c, now()))?;
    let n = shas.len();
    for sha in shas {
        db.write_blocking(|c| super::files::remove_blob_unless_named(c, blobs, &sha))?;
    }
    Ok(n)
}

// ---------------------------------------------------------------- making them

/// Makes export `id` (the worker's job); a failure is recorded on the export.
pub fn run(db: &Db, blobs: &BlobStore, ttl_hours: i64, id: &str) -> AppResult<()> {
    // The whole export (its page reader's overdue flags, its expiry) runs on the handle's clock.
    let _clock = db.clock().enter();
    let key = id.to_owned();
    let Some(row) = db.read_blocking(move |c| store::find(c, &key))? else { return Ok(()) };
    if matches!(row.status, ExportStatus::Done | ExportStatus::Expired) {
        return Ok(());
    }
    let key = id.to_owned();
    db.write_blocking(move |c| store::started(c, &key, now()))?;
    let path = blobs.temp_path("xlsx").map_err(AppError::internal)?;
    let made = crate::metrics::timed("export", || make(db, &row, &path));
    let outcome = made.and_then(|rows| {
        let staged = blobs.put_file(&path).map_err(AppError::internal)?;
        Ok((staged, i64::try_from(rows).unwrap_or(i64::MAX)))
    });
    let key = id.to_owned();
    match outcome {
        Ok((mut staged, rows)) => {
            let at = now();
            let expires = at + chrono::Duration::hours(ttl_hours);
            let (sha, size) = (staged.sha256.clone(), i64::try_from(staged.size).unwrap_or(i64::MAX));
            db.write_blocking(move |c| {
                super::files::settle_blob(c, blobs, &mut staged)?;
                store::finished(c, &key, (&sha, size, rows), at, expires)
            })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            tracing::warn!(export = %id, error = %e, "export failed");
            let (code, detail) = (e.code.name(), e.detail.clone());
            db.write_blocking(move |c| store::failed(c, &key, (&code, &detail), now()))
        }
    }
}

/// Writes the workbook of `row` to `path`; returns the rows of its largest sheet.
fn make(db: &Db, row: &ExportRow, path: &std::path::Path) -> AppResult<u64> {
    let req: ExportRequest = serde_json::from_str(&row.params).map_err(AppError::internal)?;
    let user = row.user_id.clone();
    let me = {
        let u = user.clone();
        db.read_blocking(move |c| crate::db::orgs::find_user(c, &u))?.ok_or_else(|| AppError::not_found("user"))?
    };
    let tz: chrono_tz::Tz = me.time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    let mut book = Book::new(tz);
    // The file's name without its extension names the workbook (and heads its printed pages).
    book.about(
        &row.file_name.trim_end_matches(".xlsx").replace('_', " "),
        &me.name,
        &crate::domain::reminders::rules().company_name,
    );
    let rows = match row.kind {
        ExportKind::EfficiencyReport => efficiency(db, &user, &req, &mut book)?,
        ExportKind::TaskList => task_list(db, &user, &req, &mut book)?,
        ExportKind::TaskProgress => task_progress(db, &user, &req, &mut book)?,
        ExportKind::MeetingMinutes => meeting_minutes(db, &user, &req, &mut book)?,
        ExportKind::ApprovalForm => approval_form(db, &user, &req, &mut book)?,
    };
    crate::metrics::timed("export.save", || book.save(path))?;
    Ok(rows)
}

/// Workbook texts are Chinese; built without parsing, since rows call it.
fn zh() -> Audience {
    Audience { english: false, tz: chrono_tz::Asia::Shanghai }
}

fn scenario_name(s: Scenario) -> String {
    match s {
        Scenario::CrossDepartment => "跨部门协作",
        Scenario::Emergency => "紧急事件",
        Scenario::ResourceRequest => "资源申请",
        Scenario::InfoSync => "常规信息同步",
    }
    .to_owned()
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_time(t: Option<NaiveDateTime>) -> Cell {
    t.map_or(Cell::Empty, Cell::Time)
}

const DEPARTMENT_COLUMNS: [Col<'static>; 17] = [
    col("部门", 14.0),
    col("到期任务", 10.0),
    col("按时完成", 10.0),
    col("逾期完成", 10.0),
    col("按时完成率", 12.0),
    col("当前逾期", 10.0),
    col("平均延期（小时）", 12.0),
    col("确认时长中位数（小时）", 12.0),
    col("未确认", 8.0),
    col("超 2 小时未确认", 10.0),
    col("求助", 8.0),
    col("24 小时内响应", 10.0),
    col("升级", 8.0),
    col("完成任务", 10.0),
    col("周期中位数（小时）", 12.0),
    col("被等待时长（小时）", 12.0),
    col("关键路径任务", 10.0),
];

fn department_row(d: &reports::DepartmentFigures) -> Vec<Cell> {
    vec![
        text(d.department_name.clone()),
        Cell::Int(d.due),
        Cell::Int(d.done_on_time),
        Cell::Int(d.done_late),
        rate_cell(d.on_time_rate),
        Cell::Int(d.overdue_now),
        d.average_delay_hours.into(),
        d.median_ack_hours.into(),
        Cell::Int(d.unacknowledged),
        Cell::Int(d.ack_breaches),
        Cell::Int(d.help_requests),
        Cell::Int(d.help_answered_within_24h),
        Cell::Int(d.escalations),
        Cell::Int(d.completed),
        d.median_cycle_hours.into(),
        Cell::Num(d.handoff_wait_hours),
        Cell::Int(d.critical_path_tasks),
    ]
}

const APPROVAL_COLUMNS: [Col<'static>; 7] = [
    col("分组", 12.0),
    col("名称", 20.0),
    col("审批次数", 10.0),
    col("耗时中位数（小时）", 12.0),
    col("平均耗时（小时）", 12.0),
    col("等待中的申请", 10.0),
    col("最长等待（小时）", 12.0),
];

/// 审批时效: all together, then per step, then per department of the approvers (slowest first).
fn approval_rows(a: &reports::ApprovalTimes) -> Vec<Vec<Cell>> {
    let row = |group: &str, f: &reports::ApprovalFigures| {
        vec![
            text(group),
            text(f.name.clone()),
            Cell::Int(f.decisions),
            f.median_hours.into(),
            f.average_hours.into(),
            Cell::Int(f.waiting),
            f.longest_wait_hours.into(),
        ]
    };
    std::iter::once(row("合计", &a.totals))
        .chain(a.steps.iter().map(|f| row("审批步骤", f)))
        .chain(a.departments.iter().map(|f| row("审批人部门", f)))
        .collect()
}

fn line_row(l: &TaskLine, names: &HashMap<Option<String>, String>, now: NaiveDateTime, raw: bool) -> Vec<Cell> {
    let a = zh();
    let dept = names.get(&l.department_id).cloned().unwrap_or_default();
    if !raw {
        return vec![
            text(l.title.clone()),
            text(dept),
            text(l.owner_name.clone()),
            text(scenario_name(l.scenario)),
            text(a.status(l.status)),
            Cell::Time(l.due_at),
            days_late(now, l.due_at),
        ];
    }
    let (on_time, delay) = match l.completed_at {
        Some(done) if done <= l.due_at => ("是", Cell::Empty),
        Some(done) => ("否", Cell::Num(((done - l.due_at).num_minutes() as f64 / 6.0).round() / 10.0)),
        None => ("未完成", Cell::Empty),
    };
    vec![
        text(l.id.clone()),
        text(l.title.clone()),
        text(l.parent_id.clone().unwrap_or_default()),
        text(dept),
        text(l.owner_name.clone()),
        text(scenario_name(l.scenario)),
        text(a.status(l.status)),
        Cell::Time(l.start_at),
        Cell::Time(l.due_at),
        opt_time(l.completed_at),
        text(on_time),
        delay,
    ]
}

/// What a rate without anything to measure shows (a department without due tasks).
const NO_DATA: &str = "无数据";

fn rate_cell(rate: Option<f64>) -> Cell {
    rate.map_or_else(|| text(NO_DATA), Cell::Percent)
}

/// Days past a deadline, with one decimal (the same everywhere a workbook shows them).
fn days_late(now: NaiveDateTime, due: NaiveDateTime) -> Cell {
    Cell::Num(((now - due).num_minutes() as f64 / 144.0).round() / 10.0)
}

/// 每周趋势: each week of the period (from Monday, in the company's time zone) with its due
/// tasks, those done on time and the rate, and a chart of the rate.
fn weekly_trend(book: &mut Book, weeks: &[reports::WeekFigures]) -> AppResult<()> {
    let rows: Vec<Vec<Cell>> = weeks
        .iter()
        .map(|w| vec![Cell::Date(w.week_start), Cell::Int(w.due), Cell::Int(w.done_on_time), rate_cell(w.on_time_rate)])
        .collect();
    let cols = [col("周（起始日）", 14.0), col("到期任务", 10.0), col("按时完成", 10.0), col("按时完成率", 12.0)];
    book.table("每周趋势", &cols, &rows)?;
    if rows.is_empty() {
        return Ok(());
    }
    let last = u32::try_from(rows.len()).map_err(AppError::internal)?;
    let mut chart = column_chart("每周按时完成率", "每周趋势", (1, last), 0, 3, "周", ValueAxis::Percent("按时完成率"));
    chart.x_axis().set_num_format("mm-dd");
    let ws = book.workbook().worksheet_from_name("每周趋势").map_err(AppError::internal)?;
    ws.insert_chart(1, 5, &chart).map_err(AppError::internal)?;
    Ok(())
}

/// The efficiency report workbook: 汇总 (key figures, charts), 部门明细, 逾期任务, 每周趋势,
/// 审批时效, 原始数据.
fn efficiency(db: &Db, user: &str, req: &ExportRequest, book: &mut Book) -> AppResult<u64> {
    let q = req.report_query();
    let report: EfficiencyReport = reports::efficiency(db, user, &q)?;
    let (u, q2) = (user.to_owned(), q.clone());
    let frame = db.read_blocking(move |c| reports::frame(c, &u, &q2))?;
    let names: HashMap<Option<String>, String> =
        report.departments.iter().map(|d| (d.department_id.clone(), d.department_name.clone())).collect();
    let t = &report.totals;
    let period = format!("{} 至 {}", report.from, report.to);
    book.retitle(&format!("部门协作效率报表 {period}"));
    let facts: Vec<(&str, Cell)> = vec![
        ("统计周期", text(period.clone())),
        ("时区", text(report.time_zone.clone())),
        ("到期任务", Cell::Int(t.due)),
        ("按时完成", Cell::Int(t.done_on_time)),
        ("按时完成率", t.on_time_rate.map_or(Cell::Empty, Cell::Percent)),
        ("当前逾期", Cell::Int(t.overdue_now)),
        ("平均延期（小时）", t.average_delay_hours.into()),
        ("确认时长中位数（小时）", t.median_ack_hours.into()),
        ("超 2 小时未确认", Cell::Int(t.ack_breaches)),
        ("求助", Cell::Int(t.help_requests)),
        ("24 小时内响应的求助", Cell::Int(t.help_answered_within_24h)),
        ("升级", Cell::Int(t.escalations)),
        ("周期中位数（小时）", t.median_cycle_hours.into()),
        ("生成时间", Cell::Time(report.generated_at.naive_utc())),
    ];
    let n_facts = u32::try_from(facts.len()).map_err(AppError::internal)?;
    let summary = book.facts("汇总", "部门协作效率报表", &facts)?;
    // One landscape page: the key figures, the TOP list and the charts' data on the left, the two
    // charts side by side on the right.
    summary.set_landscape().set_print_fit_to_pages(1, 1);
    let bad = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let mut at = n_facts + 4;
    let top = value_block(
        summary,
        &mut at,
        ("逾期任务最多的部门 TOP", "当前逾期", false),
        report.overdue_top.iter().map(|d| (d.department_name.clone(), Some(d.overdue_now as f64))),
    )?;
    // The on-time chart reads its own block: a department without due tasks is named so and has
    // no column, rather than a column at 0 %.
    let rates = value_block(
        summary,
        &mut at,
        ("各部门按时完成率", "按时完成率", true),
        report.departments.iter().map(|d| match d.on_time_rate {
            Some(r) => (d.department_name.clone(), Some(r)),
            None => (format!("{}（{NO_DATA}）", d.department_name), None),
        }),
    )?;
    if let Some(rows) = rates {
        let chart = column_chart("各部门按时完成率", "汇总", rows, 0, 1, "部门", ValueAxis::Percent("按时完成率"));
        summary.insert_chart(1, 3, &chart).map_err(bad)?;
    }
    if let Some(rows) = top {
        let chart =
            column_chart("逾期任务最多的部门 TOP", "汇总", rows, 0, 1, "部门", ValueAxis::Count("当前逾期（项）"));
        summary.insert_chart(1, 11, &chart).map_err(bad)?;
    }
    let rows: Vec<Vec<Cell>> = report.departments.iter().map(department_row).collect();
    book.table("部门明细", &DEPARTMENT_COLUMNS, &rows)?;
    let (scope, w) = (frame.scope.clone(), frame.window);
    let overdue = db.read_blocking(move |c| report_store::overdue_lines(c, &scope, w, MAX_OVERDUE_LINES))?;
    let overdue_rows: Vec<Vec<Cell>> = overdue.iter().map(|l| line_row(l, &names, w.now, false)).collect();
    book.table(
        "逾期任务",
        &[
            col("任务", 30.0),
            col("部门", 12.0),
            col("负责人", 10.0),
            col("协作类型", 12.0),
            col("状态", 8.0),
            col("截止时间", 17.0),
            col("逾期天数", 10.0),
        ],
        &overdue_rows,
    )?;
    weekly_trend(book, &report.weeks)?;
    book.table("审批时效", &APPROVAL_COLUMNS, &approval_rows(&report.approvals))?;
    let mut after: Option<(NaiveDateTime, String)> = None;
    let mut done = false;
    book.stream(
        "原始数据",
        &[
            col("任务ID", 38.0),
            col("任务", 30.0),
            col("上级任务ID", 38.0),
            col("部门", 12.0),
            col("负责人", 10.0),
            col("协作类型", 12.0),
            col("状态", 8.0),
            col("开始时间", 17.0),
            col("截止时间", 17.0),
            col("完成时间", 17.0),
            col("是否按时", 10.0),
            col("延期（小时）", 12.0),
        ],
        || {
            if done {
                return Ok(None);
            }
            let (scope, key) = (frame.scope.clone(), after.clone());
            let page = db.read_blocking(move |c| {
                report_store::due_lines(c, &scope, w, key.as_ref().map(|(t, i)| (*t, i.as_str())), PAGE)
            })?;
            done = (page.len() as i64) < PAGE;
            after = page.last().map(|l| (l.due_at, l.id.clone()));
            Ok(Some(page.iter().map(|l| line_row(l, &names, w.now, true)).collect()))
        },
    )
}

fn summary_row(s: &TaskSummary, parents: &HashMap<String, String>) -> Vec<Cell> {
    let a = zh();
    let t = &s.task;
    let depts: Vec<&str> = s.departments.iter().map(|(_, n)| n.as_str()).collect();
    let overdue = t.status.is_open() && t.status != Status::Draft && t.due_at < now();
    let parent = t.parent_id.as_ref().and_then(|p| parents.get(p)).cloned().unwrap_or_default();
    vec![
        text(t.title.clone()),
        text(parent),
        text(scenario_name(t.scenario)),
        text(a.status(t.status)),
        text(a.priority(t.priority)),
        text(s.owner_name.clone()),
        text(s.initiating_department_name.clone().unwrap_or_default()),
        text(depts.join("、")),
        Cell::Time(t.start_at),
        Cell::Time(t.due_at),
        opt_time(t.completed_at),
        Cell::Percent(f64::from(t.percent) / 100.0),
        Cell::Int(s.subtask_count),
        text(if overdue { "是" } else { "否" }),
    ]
}

/// The task list with the list's filters, as the requester may see it, by due time.
fn task_list(db: &Db, user: &str, req: &ExportRequest, book: &mut Book) -> AppResult<u64> {
    let q = req.task_query();
    let mut after: Option<(String, String)> = None;
    let mut done = false;
    book.stream(
        "任务列表",
        &[
            col("任务", 30.0),
            col("上级任务", 24.0),
            col("协作类型", 12.0),
            col("状态", 8.0),
            col("优先级", 8.0),
            col("负责人", 10.0),
            col("发起部门", 12.0),
            col("协作部门", 20.0),
            col("开始时间", 17.0),
            col("截止时间", 17.0),
            col("完成时间", 17.0),
            col("进度", 8.0),
            col("子任务数", 8.0),
            col("是否逾期", 8.0),
        ],
        || {
            if done {
                return Ok(None);
            }
            let (u, q2, key) = (user.to_owned(), q.clone(), after.clone());
            let sort = Sort { field: task_store::SortField::DueAt, desc: false };
            let (items, next, parents) = crate::metrics::timed("export.page", || {
                db.read_blocking(move |c| {
                    let (items, next) = tasks::list_page(c, &u, &q2, sort, key, PAGE)?;
                    let mut ids: Vec<&str> = items.iter().filter_map(|s| s.task.parent_id.as_deref()).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    let parents = tasks::visible_titles(c, &u, &ids)?;
                    Ok((items, next, parents))
                })
            })?;
            done = next.is_none();
            after = next;
            Ok(Some(items.iter().map(|s| summary_row(s, &parents)).collect()))
        },
    )
}

/// 项目进度跟踪表: subtask, department, owner, status, percent, next step (the latest progress
/// note), open problem (its risks), last updated.
fn task_progress(db: &Db, user: &str, req: &ExportRequest, book: &mut Book) -> AppResult<u64> {
    let id = ExportRequest::required(req.task_id, "task_id")?;
    let (u, i) = (user.to_owned(), id.clone());
    let detail = db.read_blocking(move |c| tasks::get_task(c, &u, &i))?;
    let t = &detail.summary.task;
    let a = zh();
    let depts: Vec<&str> = detail.summary.departments.iter().map(|(_, n)| n.as_str()).collect();
    book.facts(
        "任务",
        &t.title,
        &[
            ("任务", text(t.title.clone())),
            ("目标", text(t.goal.clone())),
            ("负责人", text(detail.summary.owner_name.clone())),
            ("协作部门", text(depts.join("、"))),
            ("状态", text(a.status(t.status))),
            ("进度", Cell::Percent(f64::from(t.percent) / 100.0)),
            ("开始时间", Cell::Time(t.start_at)),
            ("截止时间", Cell::Time(t.due_at)),
        ],
    )?;
    let (u, q) = (user.to_owned(), TaskQuery { parent_id: Some(id), ..Default::default() });
    let sort = Sort { field: task_store::SortField::DueAt, desc: false };
    let subtasks = db.read_blocking(move |c| {
        let (mut all, mut after) = (vec![], None);
        loop {
            let (items, next) = tasks::list_page(c, &u, &q, sort, after, 100)?;
            all.extend(items);
            match next {
                Some(n) => after = Some(n),
                None => return Ok(all),
            }
        }
    })?;
    let ids: Vec<String> = subtasks.iter().map(|s| s.task.id.clone()).collect();
    let (notes, owners) = db.read_blocking(move |c| {
        let mut notes = HashMap::new();
        for id in &ids {
            if let Some(p) = task_store::progress(c, id, 1)?.into_iter().next() {
                notes.insert(id.clone(), p.note);
            }
        }
        let owners: HashMap<String, Option<String>> = report_store::owner_departments(c, &ids)?.into_iter().collect();
        Ok((notes, owners))
    })?;
    let dept_ids: Vec<String> = owners.values().flatten().cloned().collect();
    let dept_names = db.read_blocking(move |c| {
        let refs: Vec<&str> = dept_ids.iter().map(String::as_str).collect();
        crate::db::orgs::department_names(c, &refs)
    })?;
    let rows: Vec<Vec<Cell>> = subtasks
        .iter()
        .map(|s| {
            let dept = owners.get(&s.task.id).cloned().flatten().and_then(|d| dept_names.get(&d).cloned());
            vec![
                text(s.task.title.clone()),
                text(dept.unwrap_or_default()),
                text(s.owner_name.clone()),
                text(a.status(s.task.status)),
                Cell::Percent(f64::from(s.task.percent) / 100.0),
                Cell::Time(s.task.due_at),
                text(if s.is_overdue { "是" } else { "否" }),
                text(notes.get(&s.task.id).cloned().unwrap_or_default()),
                text(s.task.risks.clone()),
                Cell::Time(s.task.updated_at),
            ]
        })
        .collect();
    book.table(
        "进度跟踪",
        &[
            col("子任务", 24.0),
            col("部门", 12.0),
            col("负责人", 10.0),
            col("状态", 8.0),
            col("进度", 8.0),
            col("截止时间", 17.0),
            col("是否逾期", 8.0),
            col("下一步", 30.0),
            col("存在问题", 30.0),
            col("最后更新", 17.0),
        ],
        &rows,
    )?;
    Ok(rows.len() as u64)
}

/// 会议纪要与行动项: topic, time, departments, discussion, decisions; action items with owner and
/// due date.
fn meeting_minutes(db: &Db, user: &str, req: &ExportRequest, book: &mut Book) -> AppResult<u64> {
    let id = ExportRequest::required(req.meeting_id, "meeting_id")?;
    let u = user.to_owned();
    let m = db.read_blocking(move |c| meetings::get(c, &u, &id))?;
    let people: Vec<&str> = m.participants.iter().map(|(_, n)| n.as_str()).collect();
    book.facts(
        "会议纪要",
        &m.row.title,
        &[
            ("议题", text(m.row.title.clone())),
            ("相关任务", text(m.task_title.clone())),
            ("时间", Cell::Time(m.row.starts_at)),
            ("时长（分钟）", Cell::Int(i64::from(m.row.duration_minutes))),
            ("组织者", text(m.organizer_name.clone())),
            ("参会人", text(people.join("、"))),
            ("讨论摘要", text(m.row.discussion.clone())),
            ("决定", text(m.row.decisions.clone())),
        ],
    )?;
    let rows: Vec<Vec<Cell>> = m
        .action_items
        .iter()
        .map(|i| {
            vec![
                text(i.row.title.clone()),
                text(i.owner_name.clone()),
                Cell::Time(i.row.due_at),
                text(if i.row.subtask_id.is_some() { "已转为子任务" } else { "" }),
            ]
        })
        .collect();
    book.table(
        "行动项",
        &[col("行动项", 30.0), col("负责人", 10.0), col("截止时间", 17.0), col("子任务", 14.0)],
        &rows,
    )?;
    Ok(rows.len() as u64)
}

fn request_status_name(s: RequestStatus) -> &'static str {
    match s {
        RequestStatus::Draft => "草稿",
        RequestStatus::Pending => "审批中",
        RequestStatus::Approved => "已通过",
        RequestStatus::Rejected => "已拒绝",
        RequestStatus::Returned => "已退回",
        RequestStatus::Withdrawn => "已撤回",
    }
}

fn resource_kind_name(k: ResourceKind) -> &'static str {
    match k {
        ResourceKind::Budget => "预算",
        ResourceKind::PeopleDays => "人力",
        ResourceKind::Data => "数据",
        ResourceKind::Equipment => "设备",
        ResourceKind::Other => "其他",
    }
}

fn mode_name(m: ApprovalMode) -> &'static str {
    match m {
        ApprovalMode::Single => "单人",
        ApprovalMode::All => "会签",
        ApprovalMode::Any => "或签",
    }
}

fn decision_name(s: AssignmentState) -> &'static str {
    match s {
        AssignmentState::Approved => "同意",
        AssignmentState::Rejected => "拒绝",
        AssignmentState::Returned => "退回",
        AssignmentState::Transferred => "转交",
        AssignmentState::Skipped => "跳过",
        AssignmentState::Pending | AssignmentState::Waiting => "待处理",
    }
}

/// One line of an 审批单's timeline.
#[derive(Debug, Clone, PartialEq)]
struct TimelineLine {
    step: String,
    mode: &'static str,
    who: String,
    decision: &'static str,
    at: Option<NaiveDateTime>,
    comment: String,
}

/// Where a line of the timeline goes: (not reached yet, when, step, order made, 0 for an 加签
/// just before the approver it added).
type Order = (bool, Option<NaiveDateTime>, i32, usize, u8);

/// The timeline of a submission, in the order things happened: the submission, each approver's
/// decision (an 加签 as a line of whoever added, just before the approver added), those still
/// waited on (from when), those not reached yet, and a withdrawal.
fn timeline(s: &SubmissionView, names: &HashMap<String, String>) -> Vec<TimelineLine> {
    let name = |id: &str| names.get(id).cloned().unwrap_or_default();
    let mut lines: Vec<(Order, TimelineLine)> = Vec::new();
    lines.push((
        (false, Some(s.row.submitted_at), -1, 0, 0),
        TimelineLine {
            step: "发起申请".into(),
            mode: "",
            who: name(&s.row.submitted_by),
            decision: "提交",
            at: Some(s.row.submitted_at),
            comment: String::new(),
        },
    ));
    for (i, a) in s.assignments.iter().enumerate() {
        let spec = usize::try_from(a.step).ok().and_then(|k| s.steps.get(k));
        let step = format!("{}. {}", a.step + 1, spec.map_or("", |x| x.name.as_str()));
        let mode = spec.map_or("", |x| mode_name(x.mode));
        if let (AssignmentOrigin::AddedBefore | AssignmentOrigin::AddedAfter, Some(via)) = (a.origin, &a.via_id) {
            let place = if a.origin == AssignmentOrigin::AddedBefore { "之前" } else { "之后" };
            lines.push((
                (false, Some(a.created_at), a.step, i, 0),
                TimelineLine {
                    step: step.clone(),
                    mode,
                    who: name(via),
                    decision: "加签",
                    at: Some(a.created_at),
                    comment: format!("加签 {}，在{}审批", name(&a.approver_id), place),
                },
            ));
        }
        let mut comment = a.comment.clone().unwrap_or_default();
        if a.state == AssignmentState::Transferred {
            let to = s.assignments.iter().find(|b| {
                b.origin == AssignmentOrigin::Transfer
                    && b.step == a.step
                    && b.via_id.as_deref() == Some(a.approver_id.as_str())
                    && Some(b.created_at) == a.acted_at
            });
            if let Some(to) = to {
                comment = join_lines(&format!("转交给 {}", name(&to.approver_id)), &comment);
            }
        }
        if a.automatic && a.state == AssignmentState::Approved {
            comment = join_lines("自动同意（已在上一步同意）", &comment);
        }
        let open = matches!(a.state, AssignmentState::Pending | AssignmentState::Waiting);
        let when = if open { a.activated_at.filter(|_| a.state == AssignmentState::Pending) } else { a.acted_at };
        lines.push((
            (when.is_none(), when, a.step, i, 1),
            TimelineLine {
                step,
                mode,
                who: name(&a.approver_id),
                decision: decision_name(a.state),
                at: if open { None } else { a.acted_at },
                comment,
            },
        ));
    }
    if s.row.outcome == RequestStatus::Withdrawn {
        lines.push((
            (false, s.row.ended_at, i32::MAX, usize::MAX, 0),
            TimelineLine {
                step: "撤回".into(),
                mode: "",
                who: s.row.ended_by.as_deref().map(name).unwrap_or_default(),
                decision: "撤回",
                at: s.row.ended_at,
                comment: s.row.end_comment.clone().unwrap_or_default(),
            },
        ));
    }
    lines.sort_by_key(|(order, _)| *order);
    lines.into_iter().map(|(_, l)| l).collect()
}

fn join_lines(first: &str, rest: &str) -> String {
    if rest.is_empty() {
        first.to_owned()
    } else {
        format!("{first}\n{rest}")
    }
}

/// The exact total of a form's budget lines (they share one currency; `None` without any).
fn budget_total(form: &approvals::form::RequestForm) -> Option<(Amount, Currency)> {
    let mut total: Option<(i64, Currency)> = None;
    for l in &form.lines {
        if let (Some(text), Some(cur)) = (l.amount.as_deref(), l.currency) {
            let minor = Amount::parse(text, cur).ok()?.minor;
            total = match total {
                None => Some((minor, cur)),
                Some((sum, c)) if c == cur => Some((sum.checked_add(minor)?, c)),
                Some(_) => return None,
            };
        }
    }
    total.map(|(minor, cur)| (Amount { minor }, cur))
}

/// The 审批单 grid: 步骤 / 类型, 方式, 审批人, 意见, 时间 / 数量, 评论 / 金额.
const FORM_WIDTHS: [f64; 6] = [18.0, 8.0, 12.0, 10.0, 17.0, 36.0];

/// 审批单: a resource request to print (A4 portrait, one page wide). The title block, the lines
/// with their exact amounts and the total, the departments asked, the justification and the
/// needed-by date as submitted (the draft before the first submission), then the approval
/// timeline of the current submission and the people copied. Times are in the time zone of
/// whoever asked for the export.
fn approval_form(db: &Db, user: &str, req: &ExportRequest, book: &mut Book) -> AppResult<u64> {
    let id = ExportRequest::required(req.task_id, "task_id")?;
    let u = user.to_owned();
    let (v, departments, initiating): (RequestView, HashMap<String, String>, Option<String>) =
        db.read_blocking(move |c| {
            let v = approvals::request::get(c, &u, &id)?;
            let form = v.current.as_ref().map_or(&v.form, |s| &s.form);
            // The initiator's own department.
            let initiating = crate::db::orgs::find_user(c, &v.row.initiator_id)?.and_then(|u| u.department_id);
            let mut ids: Vec<&str> = form.department_ids.iter().map(String::as_str).collect();
            ids.extend(initiating.as_deref());
            let names = crate::db::orgs::department_names(c, &ids)?;
            Ok((v, names, initiating))
        })?;
    let name = |id: &str| v.names.get(id).cloned().unwrap_or_default();
    let form = v.current.as_ref().map_or(&v.form, |s| &s.form);
    let tz = book.tz();
    let title = format!("审批单：{}", v.task.title);
    let mut sheet = book.form("审批单", &title, &FORM_WIDTHS)?;
    let sub = v.current.as_ref().map(|s| &s.row);
    let initiating = initiating.and_then(|d| departments.get(&d).cloned());
    for (label, value) in [
        ("申请事项", text(v.task.title.clone())),
        ("审批状态", text(request_status_name(v.row.status))),
        ("申请人", text(name(&v.row.initiator_id))),
        ("申请部门", text(initiating.unwrap_or_default())),
        ("提交时间", sub.map_or_else(|| text("未提交"), |s| Cell::Time(s.submitted_at))),
        ("审批流程", text(sub.map(|s| s.flow_name.clone()).unwrap_or_default())),
        ("提交次数", sub.map_or(Cell::Empty, |s| Cell::Int(i64::from(s.number)))),
        ("时区", text(tz.name())),
    ] {
        sheet.field(label, value)?;
    }
    sheet.section("申请明细")?;
    sheet.header(&[("类型", 1), ("说明", 3), ("数量", 1), ("金额", 1)])?;
    for l in &form.lines {
        let quantity = match (l.kind, l.people, l.days, l.quantity) {
            (ResourceKind::PeopleDays, Some(p), Some(d), _) => text(format!("{p} 人 × {d} 天")),
            (_, _, _, Some(q)) => Cell::Int(i64::from(q)),
            _ => Cell::Empty,
        };
        let amount = match (l.amount.as_deref(), l.currency) {
            (Some(a), Some(cur)) => {
                Amount::parse(a, cur).map_or_else(|_| text(format!("{} {a}", cur.as_str())), |x| Cell::Money(x, cur))
            }
            _ => Cell::Empty,
        };
        sheet.row(vec![
            (text(resource_kind_name(l.kind)), 1),
            (text(l.description.clone()), 3),
            (quantity, 1),
            (amount, 1),
        ])?;
    }
    let total = budget_total(form).map_or_else(|| text("无预算"), |(a, cur)| Cell::Money(a, cur));
    sheet.row(vec![(text("合计"), 1), (Cell::Empty, 4), (total, 1)])?;
    let asked: Vec<String> =
        form.department_ids.iter().map(|d| departments.get(d).cloned().unwrap_or_default()).collect();
    sheet.field("协助部门", text(asked.join("、")))?;
    sheet.field("申请理由", text(form.justification.clone()))?;
    sheet.field("需要日期", form.needed_by.map_or(Cell::Empty, Cell::Date))?;
    let mut rows = form.lines.len() as u64;
    if let Some(s) = &v.current {
        sheet.section(&format!("审批记录（第 {} 次提交）", s.row.number))?;
        sheet.header(&[("步骤", 1), ("方式", 1), ("审批人", 1), ("意见", 1), ("时间", 1), ("评论", 1)])?;
        let lines = timeline(s, &v.names);
        rows += lines.len() as u64;
        for l in lines {
            sheet.row(vec![
                (text(l.step), 1),
                (text(l.mode), 1),
                (text(l.who), 1),
                (text(l.decision), 1),
                (opt_time(l.at), 1),
                (text(l.comment), 1),
            ])?;
        }
        let copied: Vec<String> = s.copies.iter().map(|c| name(&c.user_id)).collect();
        sheet.field("抄送", text(copied.join("、")))?;
    }
    sheet.field("导出时间", Cell::Time(now()))?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::approvals::{AssignmentRow, SubmissionRow};
    use crate::domain::approvals::form::RequestForm;
    use crate::domain::approvals::ResolvedStep;

    #[test]
    fn export_file_names_keep_chinese_and_lose_path_characters() {
        assert_eq!(file_name("会议纪要_发布会/第1次:定稿"), "会议纪要_发布会_第1次_定稿.xlsx");
    }

    fn minute(m: i64) -> NaiveDateTime {
        NaiveDateTime::default() + chrono::Duration::minutes(m)
    }

    /// `who` in `step`, made at `made`, asked at `asked`, decided `state` at `acted`.
    fn place(
        who: &str,
        step: i32,
        state: AssignmentState,
        made: i64,
        asked: Option<i64>,
        acted: Option<i64>,
    ) -> AssignmentRow {
        AssignmentRow {
            id: format!("{who}{made}"),
            submission_id: "s".into(),
            task_id: "t".into(),
            step,
            approver_id: who.into(),
            state,
            origin: AssignmentOrigin::Flow,
            via_id: None,
            blocked_by: None,
            activated_at: asked.map(minute),
            due_at: None,
            escalate_at: None,
            overdue_sent_at: None,
            escalated_at: None,
            acted_at: acted.map(minute),
            comment: None,
            automatic: false,
            seen_revision: None,
            created_at: minute(made),
        }
    }

    #[test]
    fn the_timeline_follows_transfers_and_added_approvers_in_the_order_they_happened() {
        use AssignmentState::{Approved, Pending, Transferred, Waiting};
        let step = |name: &str, mode| ResolvedStep {
            name: name.into(),
            mode,
            approver_ids: vec![],
            cc_ids: vec![],
            sla_minutes: 540,
        };
        // 冯 transfers to 曹 (minute 10); 田 adds 刘 before himself (20); 曹 approves (30); 刘
        // approves (40); 田 approves (50) and the general manager's step is asked, not decided.
        let mut transfer = place("曹", 0, Approved, 10, Some(10), Some(30));
        transfer.origin = AssignmentOrigin::Transfer;
        transfer.via_id = Some("冯".into());
        let mut added = place("刘", 0, Approved, 20, Some(20), Some(40));
        added.origin = AssignmentOrigin::AddedBefore;
        added.via_id = Some("田".into());
        let mut feng = place("冯", 0, Transferred, 0, Some(0), Some(10));
        feng.comment = Some("请曹颖处理".into());
        let assignments = vec![
            feng,
            place("田", 0, Approved, 0, Some(50), Some(50)),
            place("陈", 1, Pending, 0, Some(50), None),
            place("王", 2, Waiting, 0, None, None),
            transfer,
            added,
        ];
        let form = RequestForm { lines: vec![], department_ids: vec![], justification: String::new(), needed_by: None };
        let sub = SubmissionView {
            row: SubmissionRow {
                id: "s".into(),
                task_id: "t".into(),
                number: 1,
                flow_id: "f".into(),
                flow_name: "预算申请".into(),
                form: String::new(),
                form_revision: 1,
                steps: String::new(),
                current_step: Some(1),
                submitted_by: "王".into(),
                submitted_at: minute(0),
                outcome: RequestStatus::Pending,
                ended_at: None,
                ended_by: None,
                end_comment: None,
                last_nudged_at: None,
            },
            form,
            steps: vec![
                step("会签", ApprovalMode::All),
                step("总经理", ApprovalMode::Single),
                step("备案", ApprovalMode::Any),
            ],
            assignments,
            copies: vec![],
        };
        let names: HashMap<String, String> =
            ["冯", "曹", "田", "刘", "陈", "王"].iter().map(|n| ((*n).into(), (*n).into())).collect();
        let lines: Vec<(String, &str, &str, String)> =
            timeline(&sub, &names).into_iter().map(|l| (l.who, l.decision, l.mode, l.comment)).collect();
        let expect = |who: &str, decision, mode, comment: &str| (who.to_owned(), decision, mode, comment.to_owned());
        assert_eq!(
            lines,
            vec![
                expect("王", "提交", "", ""),
                expect("冯", "转交", "会签", "转交给 曹\n请曹颖处理"),
                expect("田", "加签", "会签", "加签 刘，在之前审批"),
                expect("曹", "同意", "会签", ""),
                expect("刘", "同意", "会签", ""),
                expect("田", "同意", "会签", ""),
                expect("陈", "待处理", "单人", ""),
                expect("王", "待处理", "或签", ""),
            ]
        );
    }

    #[test]
    fn budget_totals_are_exact_and_amounts_beyond_a_doubles_digits_are_text() {
        let line = |amount: &str| approvals::form::RequestLine {
            kind: ResourceKind::Budget,
            description: "x".into(),
            amount: Some(amount.into()),
            currency: Some(Currency::Cny),
            people: None,
            days: None,
            quantity: None,
        };
        let form = approvals::form::RequestForm {
            lines: vec![line("0.10"), line("0.20"), line("80000.20")],
            department_ids: vec![],
            justification: String::new(),
            needed_by: None,
        };
        let (total, cur) = budget_total(&form).expect("a total");
        assert_eq!(total.format(cur), "80000.50");
        assert_eq!(crate::workbooks::money(total, cur).map(|(x, _)| x), Ok(80000.5));
        let huge = Amount::parse("1000000000000000.01", Currency::Cny).expect("amount");
        assert_eq!(crate::workbooks::money(huge, Currency::Cny), Err("CNY 1000000000000000.01".to_owned()));
    }
}
