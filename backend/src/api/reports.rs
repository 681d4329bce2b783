//! Efficiency reports for managers and Excel exports.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::download::{serve, Download};
use super::extract::{CurrentUser, ValidJson};
use super::users::uuid;
use crate::db::exports::ExportRow;
use crate::db::to_utc;
use crate::domain::exports::{self, ExportKind, ExportRequest, ExportStatus};
use crate::domain::reports::{self, EfficiencyReport, ReportQuery};
use crate::error::{AppError, AppResult, ErrorCode, ProblemDetails};
use crate::state::AppState;
use crate::values::Scenario;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// First day of the period (company time zone); default: 27 days before `to`.
    pub from: Option<NaiveDate>,
    /// Last day of the period, inclusive; default: today.
    pub to: Option<NaiveDate>,
    /// One department (it must be one the caller heads, unless an administrator asks).
    pub department_id: Option<Uuid>,
    pub scenario: Option<Scenario>,
    /// How many departments 逾期任务 TOP lists (1–50, default 5).
    pub top: Option<usize>,
}

impl ReportParams {
    pub fn query(&self) -> AppResult<ReportQuery> {
        let top = self.top.unwrap_or(5);
        if !(1..=50).contains(&top) {
            return Err(AppError::field("top", "range", "between 1 and 50"));
        }
        Ok(ReportQuery {
            from: self.from,
            to: self.to,
            department_id: self.department_id.map(|d| d.to_string()),
            scenario: self.scenario,
            top,
        })
    }
}

/// The efficiency report
///
/// Per department: tasks due in the period, done on time (completed at or before the due time),
/// on-time rate, overdue now, average delay of late tasks, median acknowledgement time of
/// notifications that ask for 确认 and breaches of the 2-hour rule, help requests answered within
/// 24 h, escalations, cycle time (publish to done), hand-off wait (hours others waited for the
/// department's predecessors, from the waiting task's planned start until the predecessor was
/// done) and tasks due in the period on their tree's critical path; the 逾期任务 TOP N and a weekly trend.
/// Approval cycle time (审批时效) of the resource requests in scope, per step name and per
/// department of the approvers: decisions made in the period with the median and mean wall-clock
/// hours from when the request began to wait on the approver to the decision, and the requests
/// waiting on an approver now with the longest wait.
/// A task counts for its owner's department; drafts, cancelled and deleted tasks never count,
/// confidential ones only for administrators. Days are whole days in the company's time zone.
/// Administrators see all departments, department heads the ones they head, others get 403.
#[utoipa::path(tag = "reports", params(ReportParams), responses(
    (status = 200, description = "OK", body = EfficiencyReport),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/reports/efficiency")]
pub async fn get_efficiency_report(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<ReportParams>,
) -> AppResult<web::Json<EfficiencyReport>> {
    let query = q.query()?;
    // A report reads the whole company: at most two at a time (with large graphs), so a burst of
    // them queues here instead of holding every pooled connection.
    let _permit = st.large_reads.acquire().await.map_err(AppError::internal)?;
    Ok(web::Json(st.db.run(move |db| reports::efficiency(db, &me.id, &query)).await?))
}

// ---------------------------------------------------------------- exports

/// An Excel export and where it stands.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExportDto {
    pub id: Uuid,
    pub kind: ExportKind,
    pub status: ExportStatus,
    pub file_name: String,
    #[schema(required = true)]
    pub size_bytes: Option<i64>,
    /// Rows of the largest sheet.
    #[schema(required = true)]
    pub row_count: Option<i64>,
    /// Why it failed, as an error code of the API's problem+json vocabulary (`forbidden`: the
    /// requester may no longer see what was asked for; `not_found`: it is gone; `bad_request`:
    /// more rows than an Excel sheet holds; `internal`). UIs translate this.
    #[schema(required = true)]
    pub error_code: Option<ErrorCode>,
    /// Why it failed, in English (for developers and logs).
    #[schema(required = true)]
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    #[schema(required = true)]
    pub finished_at: Option<DateTime<Utc>>,
    /// After this the file is gone (ask again).
    #[schema(required = true)]
    pub expires_at: Option<DateTime<Utc>>,
    /// Download here once `status` is `done` (with the same bearer token).
    #[schema(required = true)]
    pub download_url: Option<String>,
}

impl From<ExportRow> for ExportDto {
    fn from(e: ExportRow) -> Self {
        Self {
            id: uuid(&e.id),
            kind: e.kind,
            download_url: (e.status == ExportStatus::Done).then(|| format!("/api/v1/exports/{}/content", e.id)),
            // A failure stored without a code (before migration 000014) reads as internal.
            error_code: (e.status == ExportStatus::Failed)
                .then(|| e.error_code.as_deref().and_then(ErrorCode::from_name).unwrap_or(ErrorCode::Internal)),
            status: e.status,
            file_name: e.file_name,
            size_bytes: e.size_bytes,
            row_count: e.row_count,
            error: e.error,
            created_at: to_utc(e.created_at),
            finished_at: e.finished_at.map(to_utc),
            expires_at: e.expires_at.map(to_utc),
        }
    }
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExportList {
    /// The caller's latest 50 exports, newest first.
    pub items: Vec<ExportDto>,
}

/// Ask for an Excel export
///
/// Checks that the caller may have it, then makes it in the background (the workbook streams
/// row by row: a million rows in constant memory). Poll `GET /exports/{id}` until `status` is
/// `done`, then download `download_url`. Finished exports expire after `TANDEM_EXPORT_TTL_HOURS`
/// (24 h by default).
#[utoipa::path(tag = "reports", request_body = ExportRequest, responses(
    (status = 202, description = "Queued", body = ExportDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/exports")]
pub async fn create_export(
    st: web::Data<AppState>,
    me: CurrentUser,
    body: ValidJson<ExportRequest>,
) -> AppResult<HttpResponse> {
    let req = body.0;
    let row = st.db.write(move |c| exports::request(c, &me.id, req)).await?;
    st.exports_due.notify_one();
    Ok(HttpResponse::Accepted().json(ExportDto::from(row)))
}

/// My exports
#[utoipa::path(tag = "reports", responses(
    (status = 200, description = "OK", body = ExportList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/exports")]
pub async fn list_exports(st: web::Data<AppState>, me: CurrentUser) -> AppResult<web::Json<ExportList>> {
    let rows = st.db.read(move |c| exports::list(c, &me.id)).await?;
    Ok(web::Json(ExportList { items: rows.into_iter().map(ExportDto::from).collect() }))
}

/// One of my exports
#[utoipa::path(tag = "reports", responses(
    (status = 200, description = "OK", body = ExportDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/exports/{export_id}")]
pub async fn get_export(
    st: web::Data<AppState>,
    me: CurrentUser,
    export_id: web::Path<Uuid>,
) -> AppResult<web::Json<ExportDto>> {
    let id = export_id.into_inner().to_string();
    let row = st.db.read(move |c| exports::get(c, &me.id, &id)).await?;
    Ok(web::Json(ExportDto::from(row)))
}

/// Download a finished export
///
/// 409 while it is being made, 404 once it expired.
#[utoipa::path(tag = "reports", responses(
    (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = inline(super::download::Binary)),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/exports/{export_id}/content")]
pub async fn download_export(
    st: web::Data<AppState>,
    me: CurrentUser,
    export_id: web::Path<Uuid>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = export_id.into_inner().to_string();
    let row = st.db.read(move |c| exports::content(c, &me.id, &id)).await?;
    let sha = row.sha256.unwrap_or_default();
    // `efficiency-report-2026-12-05.xlsx`: the kind and the company's date of the export.
    let day = to_utc(row.created_at).with_timezone(&crate::domain::reminders::rules().time_zone).format("%Y-%m-%d");
    let ascii = format!("{}-{day}.xlsx", row.kind.as_str().replace('_', "-"));
    let d =
        Download { sha256: &sha, name: &row.file_name, content_type: XLSX, inline: false, ascii_name: Some(&ascii) };
    serve(&req, &st.blobs, d).await
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
