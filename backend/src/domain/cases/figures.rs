//! The figures a 协作总结 carries, derived from what the platform already knows when the task is
//! marked done: planned against actual dates, the days gained or lost, each department's
//! subtasks on time, the review rounds, and the waits at hand-offs (a finish-to-start
//! dependency: from the predecessor's completion to the successor's start).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::db::cases as store;
use crate::db::orgs as org_store;
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::values::{DependencyKind, Status};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub planned_start: NaiveDateTime,
    pub planned_due: NaiveDateTime,
    pub completed_at: NaiveDateTime,
    /// Calendar days after the deadline (negative: before it), one decimal.
    pub days_late: f64,
    /// Per department (a subtask counts for its first department, else its owner's), by name.
    pub departments: Vec<DepartmentFigures>,
    /// Review rounds over the whole tree (a return after review is one more).
    pub review_rounds: i32,
    /// Finish-to-start hand-offs whose successor has started, in dependency order.
    pub handoffs: Vec<Handoff>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentFigures {
    pub department_id: Option<String>,
    pub name: String,
    /// Finished subtasks (cancelled ones do not count).
    pub subtasks: i64,
    pub on_time: i64,
    pub late: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handoff {
    pub from_task_id: String,
    pub from_title: String,
    pub to_task_id: String,
    pub to_title: String,
    /// Hours from the predecessor's completion to the successor's start (0 when it started
    /// first, e.g. forced), one decimal.
    pub wait_hours: f64,
}

impl Figures {
    /// The mean wait at hand-offs, in hours (`None` without hand-offs).
    pub fn mean_wait_hours(&self) -> Option<f64> {
        if self.handoffs.is_empty() {
            return None;
        }
        let total: f64 = self.handoffs.iter().map(|h| h.wait_hours).sum();
        Some(one_decimal(total / self.handoffs.len() as f64))
    }
}

fn one_decimal(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn hours(from: NaiveDateTime, to: NaiveDateTime) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

/// The figures of `root` as if it were marked done at `done_at`.
pub fn derive(c: &mut DbConn, root: &TaskRow, done_at: NaiveDateTime) -> AppResult<Figures> {
    let below = task_store::descendants_of_root(c, &root.id)?;
    let finished: Vec<&TaskRow> = below
        .iter()
        .filter(|t| matches!(t.status, Status::Done | Status::Archived) && t.completed_at.is_some())
        .collect();
    let ids: Vec<&str> = finished.iter().map(|t| t.id.as_str()).collect();
    let depts = task_store::department_ids_of(c, &ids)?;
    let owners: Vec<&str> = finished.iter().map(|t| t.owner_id.as_str()).collect();
    let owner_depts = crate::db::files::departments_of_people(c, &owners)?;
    let mut by_dept: Vec<(Option<String>, i64, i64)> = Vec::new();
    for t in &finished {
        let dept = depts.get(&t.id).and_then(|d| d.first().cloned()).or_else(|| owner_depts.get(&t.owner_id).cloned());
        let on_time = t.completed_at.is_some_and(|d| d <= t.due_at);
        let slot = match by_dept.iter_mut().position(|(d, _, _)| *d == dept) {
            Some(i) => i,
            None => {
                by_dept.push((dept, 0, 0));
                by_dept.len() - 1
            }
        };
        if on_time {
            by_dept[slot].1 += 1;
        } else {
            by_dept[slot].2 += 1;
        }
    }
    let dept_ids: Vec<&str> = by_dept.iter().filter_map(|(d, _, _)| d.as_deref()).collect();
    let names = org_store::department_names(c, &dept_ids)?;
    let mut departments: Vec<DepartmentFigures> = by_dept
        .into_iter()
        .map(|(d, on_time, late)| DepartmentFigures {
            name: d.as_ref().and_then(|d| names.get(d).cloned()).unwrap_or_default(),
            department_id: d,
            subtasks: on_time + late,
            on_time,
            late,
        })
        .collect();
    departments.sort_by(|a, b| a.name.cmp(&b.name));

    let all: HashMap<&str, &TaskRow> = below.iter().chain(std::iter::once(root)).map(|t| (t.id.as_str(), t)).collect();
    let links = store::links_within(c, &root.id)?;
    let successors: Vec<&str> = links.iter().map(|(_, s, _, _)| s.as_str()).collect();
    let started = store::first_started(c, &successors)?;
    let mut handoffs = Vec::new();
    for (pred, succ, kind, _) in &links {
        if *kind != DependencyKind::FinishToStart {
            continue;
        }
        let (Some(p), Some(s)) = (all.get(pred.as_str()), all.get(succ.as_str())) else { continue };
        let (Some(done), Some(start)) = (p.completed_at, started.get(succ)) else { continue };
        handoffs.push(Handoff {
            from_task_id: p.id.clone(),
            from_title: p.title.clone(),
            to_task_id: s.id.clone(),
            to_title: s.title.clone(),
            wait_hours: one_decimal(hours(done, *start).max(0.0)),
        });
    }
    Ok(Figures {
        planned_start: root.start_at,
        planned_due: root.due_at,
        completed_at: done_at,
        days_late: one_decimal(hours(root.due_at, done_at) / 24.0),
        departments,
        review_rounds: root.review_rounds + below.iter().map(|t| t.review_rounds).sum::<i32>(),
        handoffs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mean_wait_is_over_the_hand_offs_and_rounds_to_one_decimal() {
        let at = chrono::DateTime::from_timestamp(0, 0).expect("epoch").naive_utc();
        let h = |w| Handoff {
            from_task_id: "a".into(),
            from_title: "A".into(),
            to_task_id: "b".into(),
            to_title: "B".into(),
            wait_hours: w,
        };
        let mut f = Figures {
            planned_start: at,
            planned_due: at,
            completed_at: at,
            days_late: 0.0,
            departments: vec![],
            review_rounds: 0,
            handoffs: vec![],
        };
        assert_eq!(f.mean_wait_hours(), None);
        f.handoffs = vec![h(1.0), h(2.0), h(2.0)];
        assert_eq!(f.mean_wait_hours(), Some(1.7));
    }

    #[test]
    fn hours_between_two_times_are_signed() {
        let a = chrono::DateTime::from_timestamp(0, 0).expect("epoch").naive_utc();
        let b = a + chrono::Duration::minutes(90);
        assert!((hours(a, b) - 1.5).abs() < 1e-9);
        assert!((hours(b, a) + 1.5).abs() < 1e-9);
    }
}
