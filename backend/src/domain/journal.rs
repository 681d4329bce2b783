//! The journal of a use case: the history rows of a task and the domain events it announces,
//! written in the same transaction as the change (shared by every module that changes tasks).

use chrono::NaiveDateTime;
use serde_json::json;

use super::Actor;
use crate::db::outbox::{self as outbox_store, OutboxRow};
use crate::db::tasks::{self as store, HistoryRow, TaskRow};
use crate::db::{new_id, DbConn};
use crate::error::AppResult;
use crate::values::{EventKind, HistoryField};

/// Domain events a use case will announce: (kind, recipients, from, to).
pub(crate) type Events = Vec<(EventKind, Vec<String>, Option<String>, Option<String>)>;

/// Collects the history rows and events of one use case; written in the same transaction.
pub(crate) struct Journal {
    actor: Actor,
    at: NaiveDateTime,
    automatic: bool,
}

impl Journal {
    pub(crate) fn new(actor: &Actor, at: NaiveDateTime) -> Self {
        Self { actor: actor.clone(), at, automatic: false }
    }

    /// A use case the platform runs by a rule on behalf of `actor` (e.g. archiving a task its
    /// owner finished a week ago): history names them, and says it was automatic.
    pub(crate) fn automatic(actor: &Actor, at: NaiveDateTime) -> Self {
        Self { actor: actor.clone(), at, automatic: true }
    }

    pub(crate) fn is_automatic(&self) -> bool {
        self.automatic
    }

    /// When the use case happens.
    /// Who acts.
    pub(crate) fn actor(&self) -> &Actor {
        &self.actor
    }

    pub(crate) fn at(&self) -> NaiveDateTime {
        self.at
    }

    pub(crate) fn record(
        &self,
        c: &mut DbConn,
        task_id: &str,
        field: HistoryField,
        old: Option<String>,
        new: Option<String>,
    ) -> AppResult<()> {
        store::insert_history(
            c,
            &HistoryRow {
                id: new_id(),
                task_id: task_id.to_owned(),
                actor_id: self.actor.id.clone(),
                actor_department_id: self.actor.department_id.clone(),
                at: self.at,
                field,
                old_value: old,
                new_value: new,
            },
        )
    }

    /// Writes a domain event for `recipients` (the actor is never notified of their own act).
    pub(crate) fn emit(
        &self,
        c: &mut DbConn,
        kind: EventKind,
        task: &TaskRow,
        recipients: Vec<String>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> AppResult<()> {
        self.emit_with(c, kind, task, recipients, from, to, serde_json::Value::Null)
    }

    /// [`Self::emit`] with more facts in the payload (e.g. the meeting an invitation is for).
    #[expect(clippy::too_many_arguments, reason = "one event's facts")]
    pub(crate) fn emit_with(
        &self,
        c: &mut DbConn,
        kind: EventKind,
        task: &TaskRow,
        recipients: Vec<String>,
        from: Option<&str>,
        to: Option<&str>,
        extra: serde_json::Value,
    ) -> AppResult<()> {
        let mut people: Vec<String> = recipients.into_iter().filter(|u| *u != self.actor.id).collect();
        people.sort();
        people.dedup();
        if people.is_empty() {
            return Ok(());
        }
        let mut payload = json!({
            "task_id": task.id, "title": task.title, "priority": task.priority, "scenario": task.scenario,
            "from": from, "to": to, "recipients": people,
        });
        if let (Some(p), serde_json::Value::Object(extra)) = (payload.as_object_mut(), extra) {
            p.extend(extra);
        }
        outbox_store::insert_event(
            c,
            &OutboxRow {
                id: new_id(),
                kind,
                task_id: Some(task.id.clone()),
                actor_id: Some(self.actor.id.clone()),
                payload: payload.to_string(),
                created_at: self.at,
                processed_at: None,
            },
        )
    }
}

/// A domain event raised by the platform itself (a reminder, an escalation), with no actor.
pub(crate) fn emit_system(
    c: &mut DbConn,
    kind: EventKind,
    task: Option<&TaskRow>,
    recipients: Vec<String>,
    detail: serde_json::Value,
    at: NaiveDateTime,
) -> AppResult<()> {
    let mut people = recipients;
    people.sort();
    people.dedup();
    if people.is_empty() {
        return Ok(());
    }
    let mut payload = json!({
        "task_id": task.map(|t| &t.id), "title": task.map(|t| &t.title), "priority": task.map(|t| &t.priority),
        "scenario": task.map(|t| &t.scenario), "recipients": people,
    });
    if let (Some(p), serde_json::Value::Object(extra)) = (payload.as_object_mut(), detail) {
        p.extend(extra);
    }
    outbox_store::insert_event(
        c,
        &OutboxRow {
            id: new_id(),
            kind,
            task_id: task.map(|t| t.id.clone()),
            actor_id: None,
            payload: payload.to_string(),
            created_at: at,
            processed_at: None,
        },
    )
}

pub(crate) fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
