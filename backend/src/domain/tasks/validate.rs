//! Checks of a task's form shared by create and change: people and departments exist, dates in
//! order, the scenario's required fields.

use chrono::NaiveDateTime;

use crate::db::tasks::{self as store};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};

use crate::values::Scenario;

use super::*;

// ---------------------------------------------------------------- validation

pub(super) fn dedup(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in ids {
        if !out.contains(i) {
            out.push(i.clone());
        }
    }
    out
}

/// Whether two id lists hold the same ids, in any order.
pub(super) fn same_set(a: &[String], b: &[String]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    a == b
}

pub(super) fn check_users(c: &mut DbConn, field: &str, ids: &[String]) -> AppResult<()> {
    let found = store::active_user_ids(c, ids)?;
    if found.len() != ids.len() {
        return Err(AppError::field(field, "not_found", "unknown or inactive user"));
    }
    Ok(())
}

pub(super) fn check_departments(c: &mut DbConn, field: &str, ids: &[String]) -> AppResult<()> {
    let found = store::active_department_ids(c, ids)?;
    if found.len() != ids.len() {
        return Err(AppError::field(field, "not_found", "unknown or inactive department"));
    }
    Ok(())
}

pub(super) fn check_dates(start: NaiveDateTime, due: NaiveDateTime) -> AppResult<()> {
    if due < start {
        return Err(AppError::field("due_at", "before_start", "the deadline is before the start"));
    }
    Ok(())
}

/// Rules of the cross-department application form (跨部门协作任务申请表) and of the scenario.
pub(super) fn check_form(t: &NewTask, is_subtask: bool) -> AppResult<()> {
    let mut fields = crate::error::FieldErrors::new();
    let mut fail = |f: &str, m: &str| fields.entry(f.to_owned()).or_default().push(m.to_owned());
    if !is_subtask && t.scenario == Scenario::CrossDepartment && t.department_ids.len() < 2 {
        fail("department_ids", "min_two");
    }
    if t.template.as_deref() == Some(crate::domain::templates::APPLICATION_FORM) {
        if t.goal.trim().is_empty() {
            fail("goal", "required");
        }
        if t.initiating_department_id.is_none() {
            fail("initiating_department_id", "required");
        }
        if t.milestones.is_empty() {
            fail("milestones", "required");
        }
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(AppError::validation(fields, "the task does not satisfy its form"))
    }
}
