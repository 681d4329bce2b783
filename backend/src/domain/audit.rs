//! The audit log of security-relevant events. Use cases record into it inside their own
//! transaction, so an event is logged exactly when what it describes happened; only
//! administrators read it.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde_json::Value;

use super::orgs::Page;
use super::permissions::{ensure, Action};
use super::Actor;
use crate::db::audit::{self as store, AuditFilter, AuditRow};
use crate::db::orgs as org_store;
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult};

pub use crate::values::AuditKind;

/// Appends one event.
pub fn record(
    c: &mut DbConn,
    actor_id: Option<&str>,
    kind: AuditKind,
    subject: Option<(&str, &str)>,
    detail: Value,
) -> AppResult<()> {
    store::insert(
        c,
        &AuditRow {
            id: new_id(),
            at: now(),
            actor_id: actor_id.map(str::to_owned),
            kind,
            subject_type: subject.map(|(t, _)| t.to_owned()),
            subject_id: subject.map(|(_, id)| id.to_owned()),
            detail: detail.to_string(),
        },
    )
}

/// Whether opening this task goes on record (confidential tasks do). Reads run without a write
/// transaction, so the caller records the view in one of its own, only when this says so.
pub fn view_is_audited(task: &crate::db::tasks::TaskRow) -> bool {
    task.visibility == crate::values::TaskVisibility::Confidential
}

/// Records that `actor_id` opened the task.
pub fn task_viewed(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<()> {
    record(c, Some(actor_id), AuditKind::ConfidentialTaskViewed, Some(("task", task_id)), serde_json::json!({}))
}

/// An event as the administrator reads it.
#[derive(Debug, Clone)]
pub struct AuditView {
    pub row: AuditRow,
    pub actor_name: Option<String>,
    /// What the subject and the ids in the details are called, by id (only those known).
    pub names: BTreeMap<String, String>,
}

/// The ids an event names: its subject's and every id-shaped string in its details.
fn named_ids(row: &AuditRow) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if uuid::Uuid::parse_str(s).is_ok() => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out: Vec<String> = row.subject_id.iter().cloned().collect();
    walk(&serde_json::from_str(&row.detail).unwrap_or_default(), &mut out);
    out
}

/// The audit view's filters.
#[derive(Debug, Default)]
pub struct AuditQuery {
    pub actor_id: Option<String>,
    pub kinds: Vec<AuditKind>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    pub after: Option<(String, String)>,
    pub limit: i64,
}

/// A page of the audit log, newest first (administrators only).
pub fn list(c: &mut DbConn, actor_id: &str, q: AuditQuery) -> AppResult<Page<AuditView>> {
    let actor = Actor::load(c, actor_id)?;
    ensure(&actor, Action::ReadAudit)?;
    let before = match q.after {
        Some((at, id)) => Some((super::paging::parse_stamp(&at)?, id)),
        None => None,
    };
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from >= to {
            return Err(AppError::field("to", "before_start", "the end of the period is before its start"));
        }
    }
    let filter = AuditFilter { actor_id: q.actor_id, kinds: q.kinds, from: q.from, to: q.to, before, limit: q.limit };
    let mut rows = store::list(c, &filter)?;
    let total = store::count(c, &filter)?;
    let next = if rows.len() as i64 > q.limit {
        rows.truncate(q.limit as usize);
        rows.last().map(|r| (super::paging::stamp(r.at), r.id.clone()))
    } else {
        None
    };
    let ids: Vec<&str> = rows.iter().filter_map(|r| r.actor_id.as_deref()).collect();
    let names = org_store::user_names(c, &ids)?;
    let named: Vec<Vec<String>> = rows.iter().map(named_ids).collect();
    let mut all: Vec<String> = named.iter().flatten().cloned().collect();
    all.sort_unstable();
    all.dedup();
    let known = store::names_of(c, &all)?;
    let items = rows
        .into_iter()
        .zip(named)
        .map(|(row, ids)| AuditView {
            actor_name: row.actor_id.as_ref().and_then(|a| names.get(a).cloned()),
            names: ids.into_iter().filter_map(|id| known.get(&id).map(|n| (id, n.clone()))).collect(),
            row,
        })
        .collect();
    Ok(Page { items, next, total })
}
