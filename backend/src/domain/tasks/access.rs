//! Who stands where on a task, and what that lets them see and do: relations, loading a task
//! for an action, naming tasks and people a reader may see.

use std::collections::{HashMap, HashSet};

use crate::db::orgs as org_store;
use crate::db::tasks::{self as store, TaskRow};
use crate::db::DbConn;
use crate::domain::permissions::{ensure_task, TaskAction, TaskRelation};
use crate::domain::Actor;
use crate::error::{AppError, AppResult};

use crate::values::{Status, TaskVisibility};

use super::*;

// ---------------------------------------------------------------- relation and access

pub(crate) fn relation(c: &mut DbConn, actor: &Actor, task: &TaskRow) -> AppResult<TaskRelation> {
    relations(c, actor, &[task])?.remove(&task.id).ok_or_else(|| AppError::internal("a task without its relation"))
}

/// The actor's relation to each of these tasks, in a handful of queries whatever their number
/// (for lists that check their rows one by one, such as the Files page).
pub(crate) fn relations(c: &mut DbConn, actor: &Actor, tasks: &[&TaskRow]) -> AppResult<HashMap<String, TaskRelation>> {
    let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
    let collaborating: HashSet<String> = store::collaborating_on(c, &ids, &actor.id)?.into_iter().collect();
    let named: HashSet<String> = store::participating_in(c, &ids, &actor.id)?.into_iter().collect();
    let departments = store::department_ids_of(c, &ids)?;
    let headed = store::headed_departments(c, &actor.id)?;
    let runs_above = owns_ancestor(c, actor, tasks)?;
    let none = Vec::new();
    Ok(tasks
        .iter()
        .map(|task| {
            let depts = departments.get(&task.id).unwrap_or(&none);
            let involved = task.initiating_department_id.as_ref().is_some_and(|d| headed.contains(d))
                || depts.iter().any(|d| headed.contains(d));
            let is_draft = task.status == Status::Draft;
            // People of a collaborating department take part once the task is published.
            let in_department = !is_draft && actor.department_id.as_ref().is_some_and(|d| depts.contains(d));
            let is_named = named.contains(&task.id);
            let rel = TaskRelation {
                is_owner: task.owner_id == actor.id,
                is_subtask: task.parent_id.is_some(),
                is_creator: task.created_by == actor.id,
                is_collaborator: collaborating.contains(&task.id),
                is_participant: in_department || is_named,
                heads_involved_department: involved,
                owns_ancestor: runs_above.contains(&task.id),
                is_draft,
                is_public: task.visibility == TaskVisibility::Public,
                is_archived: task.status == Status::Archived,
                is_named,
                is_confidential: task.visibility == TaskVisibility::Confidential,
            };
            (task.id.clone(), rel)
        })
        .collect())
}

/// Those of these tasks below a task the actor owns, walking up one level for all of them at a
/// time.
fn owns_ancestor(c: &mut DbConn, actor: &Actor, tasks: &[&TaskRow]) -> AppResult<HashSet<String>> {
    let mut owns = HashSet::new();
    // (task, the ancestor to look at next)
    let mut frontier: Vec<(String, String)> =
        tasks.iter().filter_map(|t| t.parent_id.clone().map(|p| (t.id.clone(), p))).collect();
    while !frontier.is_empty() {
        let mut wanted: Vec<&str> = frontier.iter().map(|(_, p)| p.as_str()).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let parents: HashMap<String, TaskRow> =
            store::find_tasks(c, &wanted)?.into_iter().map(|t| (t.id.clone(), t)).collect();
        let mut next = Vec::new();
        for (task, ancestor) in frontier {
            let Some(parent) = parents.get(&ancestor) else { continue };
            if parent.owner_id == actor.id {
                owns.insert(task);
            } else if let Some(up) = &parent.parent_id {
                next.push((task, up.clone()));
            }
        }
        frontier = next;
    }
    Ok(owns)
}

/// Whether this user (if still active) may see the task: who is told of it, and who hears of it.
/// A history value that names other tasks by reference (`task:<id>`, comma-separated), so each
/// reader sees the titles of those they may see and a placeholder for the others.
pub(crate) fn task_refs(tasks: &[&TaskRow]) -> String {
    tasks.iter().map(|t| format!("{TASK_REF}{}", t.id)).collect::<Vec<_>>().join(",")
}

const TASK_REF: &str = "task:";

/// `value` with its task references (see [`task_refs`]) as the reader may read them; other
/// values as they are.
pub(super) fn read_refs(
    c: &mut DbConn,
    reader: &Actor,
    audience: &crate::domain::texts::Audience,
    value: Option<&str>,
    seen: &mut HashMap<String, Option<String>>,
) -> AppResult<Option<String>> {
    let Some(v) = value.filter(|v| v.starts_with(TASK_REF)) else { return Ok(value.map(str::to_owned)) };
    let mut titles = Vec::new();
    for id in v.split(',').filter_map(|r| r.strip_prefix(TASK_REF)) {
        if !seen.contains_key(id) {
            let title = match store::find_task(c, id)? {
                Some(t) if reads_title(c, reader, &t)? => Some(t.title),
                _ => None,
            };
            seen.insert(id.to_owned(), title);
        }
        titles.push(seen[id].clone().unwrap_or_else(|| audience.hidden_task().to_owned()));
    }
    Ok(Some(titles.join("、")))
}

/// Whether `actor` may see `task`.
pub(crate) fn sees(c: &mut DbConn, actor: &Actor, task: &TaskRow) -> AppResult<bool> {
    Ok(crate::domain::permissions::can_task(actor, &relation(c, actor, task)?, TaskAction::View))
}

/// The titles of those of `ids` that `actor` may see, in a handful of queries (a list's parent
/// tasks: one the reader may not see stays unnamed).
pub fn visible_titles(c: &mut DbConn, actor_id: &str, ids: &[&str]) -> AppResult<HashMap<String, String>> {
    let actor = Actor::load(c, actor_id)?;
    let tasks = store::find_tasks(c, ids)?;
    let refs: Vec<&TaskRow> = tasks.iter().collect();
    let rels = relations(c, &actor, &refs)?;
    Ok(tasks
        .iter()
        .filter(|t| rels.get(&t.id).is_some_and(|r| crate::domain::permissions::can_task(&actor, r, TaskAction::View)))
        .map(|t| (t.id.clone(), t.title.clone()))
        .collect())
}

/// Whether `actor` may read the title of `task`, before a text they read names it: they see
/// the task, or (unless it is confidential) its parent, whose page lists it.
pub(crate) fn reads_title(c: &mut DbConn, actor: &Actor, task: &TaskRow) -> AppResult<bool> {
    if sees(c, actor, task)? {
        return Ok(true);
    }
    if task.visibility == TaskVisibility::Confidential {
        return Ok(false);
    }
    match &task.parent_id {
        Some(p) => match store::find_task(c, p)? {
            Some(parent) => {
                Ok(crate::domain::permissions::can_task(actor, &relation(c, actor, &parent)?, TaskAction::View))
            }
            None => Ok(false),
        },
        None => Ok(false),
    }
}

pub(crate) fn user_sees(c: &mut DbConn, user_id: &str, task: &TaskRow) -> AppResult<bool> {
    let Ok(reader) = Actor::load(c, user_id) else { return Ok(false) };
    sees(c, &reader, task)
}

/// Refuses (422 on `field`, `cannot_see_task`) when any of these people cannot see the task,
/// naming them: before they are mentioned on it or invited to its meetings.
pub(crate) fn refuse_blind(c: &mut DbConn, task: &TaskRow, people: &[String], field: &str) -> AppResult<()> {
    let mut blind = Vec::new();
    for user in people {
        let reader =
            Actor::load(c, user).map_err(|_| AppError::field(field, "not_found", "unknown or inactive user"))?;
        if !crate::domain::permissions::can_task(&reader, &relation(c, &reader, task)?, TaskAction::View) {
            blind.push(user.as_str());
        }
    }
    if blind.is_empty() {
        return Ok(());
    }
    let names = org_store::user_names(c, &blind)?;
    let mut people: Vec<(String, String)> = blind
        .iter()
        .map(|id| ((*id).to_owned(), names.get(*id).cloned().unwrap_or_else(|| (*id).to_owned())))
        .collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    let list: Vec<&str> = people.iter().map(|(_, name)| name.as_str()).collect();
    Err(AppError::field(
        field,
        "cannot_see_task",
        format!("{} cannot see this task: add them (or their department) to it first", list.join(", ")),
    )
    .with_people(people))
}

/// Loads a task the actor may act on: 404 when invisible, 403 when visible but not allowed.
pub(crate) fn load_for(
    c: &mut DbConn,
    actor: &Actor,
    id: &str,
    action: TaskAction,
) -> AppResult<(TaskRow, TaskRelation)> {
    let task = store::find_task(c, id)?.ok_or_else(|| AppError::not_found("task"))?;
    let rel = relation(c, actor, &task)?;
    ensure_task(actor, &rel, action)?;
    Ok((task, rel))
}

pub(super) fn capabilities(actor: &Actor, rel: &TaskRelation) -> Capabilities {
    use crate::domain::permissions::can_task;
    Capabilities {
        edit: can_task(actor, rel, TaskAction::Edit),
        update_progress: can_task(actor, rel, TaskAction::UpdateProgress),
        split: can_task(actor, rel, TaskAction::Split),
        delete: can_task(actor, rel, TaskAction::Delete),
    }
}

pub(super) fn names_of_users(c: &mut DbConn, ids: &[String]) -> AppResult<String> {
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let names = org_store::user_names(c, &refs)?;
    Ok(ids.iter().filter_map(|i| names.get(i).cloned()).collect::<Vec<_>>().join("、"))
}

pub(super) fn names_of_departments(c: &mut DbConn, ids: &[String]) -> AppResult<String> {
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let names = org_store::department_names(c, &refs)?;
    Ok(ids.iter().filter_map(|i| names.get(i).cloned()).collect::<Vec<_>>().join("、"))
}

/// Names for a set of users (for DTOs that show people).
pub fn user_names(c: &mut DbConn, ids: &[&str]) -> AppResult<HashMap<String, String>> {
    org_store::user_names(c, ids)
}
