//! The people named on a task, and why: its owner, its creator, its collaborators, the owner of
//! its parent, the heads a help request brought in, the supervisors an escalation did. Each
//! reason is on record on its own; a person takes part while any of theirs holds. Whoever runs
//! the task (or an administrator) removes someone outright: they lose the task and what comes
//! with it (its files shared with them by name, its notifications, its live events), and the
//! history says who removed whom.

use super::journal::Journal;
use super::permissions::{can_task, TaskAction};
use super::tasks::{load_for, relation, touch};
use super::Actor;
use crate::db::orgs as org_store;
use crate::db::tasks::{self as store, TaskRow};
use crate::db::{now, DbConn};
use crate::error::{AppError, AppResult};
use crate::values::{HistoryField, TaskChange};

pub use crate::values::ParticipantReason;

/// A person named on the task, with every reason they take part for.
pub struct Participant {
    pub user_id: String,
    pub name: String,
    pub reasons: Vec<ParticipantReason>,
}

/// The people named on a task (anyone who sees it reads the list).
pub fn list(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<Vec<Participant>> {
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = load_for(c, &actor, task_id, TaskAction::View)?;
    let rows = store::participants(c, &task.id)?;
    let ids: Vec<&str> = rows.iter().map(|(u, _)| u.as_str()).collect();
    let names = org_store::user_names(c, &ids)?;
    let mut out: Vec<Participant> = Vec::new();
    for (user_id, reason) in rows {
        match out.iter_mut().find(|p| p.user_id == user_id) {
            Some(p) => p.reasons.push(reason),
            None => out.push(Participant {
                name: names.get(&user_id).cloned().unwrap_or_default(),
                user_id,
                reasons: vec![reason],
            }),
        }
    }
    for p in &mut out {
        p.reasons.sort();
    }
    out.sort_by(|a, b| a.reasons.cmp(&b.reasons).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

/// Removes `user_id` from the task: every reason they take part for (the owner is not removed:
/// hand the task over first). They lose what came with it at once.
pub fn remove(c: &mut DbConn, actor_id: &str, task_id: &str, user_id: &str) -> AppResult<()> {
    let actor = Actor::load(c, actor_id)?;
    // Whoever may change the task (its owner, an ancestor's owner, an administrator).
    let (task, _) = load_for(c, &actor, task_id, TaskAction::Edit)?;
    if task.owner_id == user_id {
        return Err(AppError::field("user_id", "owner", "the owner stays: hand the task over first"));
    }
    store::lock_task(c, &task.id)?;
    if store::remove_participant(c, &task.id, user_id)? == 0 {
        return Err(AppError::not_found("participant"));
    }
    // A collaborator is one no more.
    let collaborators = store::collaborator_ids(c, &task.id)?;
    if collaborators.iter().any(|u| u == user_id) {
        let rest: Vec<String> = collaborators.into_iter().filter(|u| u != user_id).collect();
        store::set_collaborators(c, &task.id, &rest)?;
    }
    let at = now();
    let journal = Journal::new(&actor, at);
    let name = org_store::user_names(c, &[user_id])?.remove(user_id).unwrap_or_default();
    journal.record(c, &task.id, HistoryField::ParticipantRemoved, Some(name), None)?;
    touch(c, &task, at)?;
    lost_sight(c, &actor, &task, &[user_id.to_owned()])
}

/// After people stopped taking part in `task` for some reason: those who may no longer see it
/// (or its subtasks) lose its files shared with them by name, its notifications and its live
/// events.
pub(crate) fn lost_sight(c: &mut DbConn, actor: &Actor, task: &TaskRow, people: &[String]) -> AppResult<()> {
    let mut tree = vec![task.id.clone()];
    let mut stack = store::children(c, &task.id)?;
    while let Some(sub) = stack.pop() {
        stack.extend(store::children(c, &sub.id)?);
        tree.push(sub.id);
    }
    for user_id in people {
        let Ok(reader) = Actor::load(c, user_id) else { continue };
        let mut gone = Vec::new();
        for id in &tree {
            let Some(t) = store::find_task(c, id)? else { continue };
            if !can_task(&reader, &relation(c, &reader, &t)?, TaskAction::View) {
                super::files::forget_person(c, actor, id, user_id)?;
                gone.push(id.clone());
            }
        }
        if !gone.is_empty() {
            super::live::access_lost(c, user_id, &gone)?;
        }
    }
    super::notifications::forget_unseen(c, &tree)?;
    super::live::task_changed(c, task, TaskChange::Participants, serde_json::json!({}))
}
