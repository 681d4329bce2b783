//! Efficiency reports for managers and Excel exports.

use actix_web::{get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::extract::CurrentUser;
use crate::domain::reports::{self, EfficiencyReport, ReportQuery};
use crate::domain::tasks::Scenario;
use crate::error::{AppError, AppResult, ProblemDetails};
use crate::state::AppState;

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
/// department's predecessors) and tasks on critical paths; the 逾期任务 TOP N and a weekly trend.
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
    Ok(web::Json(st.db.read(move |c| reports::efficiency(c, &me.id, &query)).await?))
}
