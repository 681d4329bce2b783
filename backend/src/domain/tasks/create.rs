//! Creating tasks and subtasks (a draft, or published at once), and who hears of it.

use chrono::NaiveDateTime;

use crate::db::orgs as org_store;
use crate::db::tasks::{self as store, NewTaskRow, TaskChanges, TaskRow};
use crate::db::{new_id, now, search_key, DbConn};
use crate::domain::journal::Journal;
use crate::domain::permissions::TaskAction;
use crate::domain::{Actor, Role};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::values::{
    EventKind, HistoryField, ParticipantReason, Priority, Scenario, Status, TaskChange, TaskVisibility,
};

use super::*;

// ---------------------------------------------------------------- create

/// How deep subtasks nest: a task, and five levels of subtasks below it.
pub const MAX_DEPTH: i32 = 5;

pub(crate) fn insert_new(
    c: &mut DbConn,
    actor: &Actor,
    input: NewTask,
    parent: Option<&TaskRow>,
    at: NaiveDateTime,
) -> AppResult<TaskRow> {
    if parent.is_some_and(|p| p.depth >= MAX_DEPTH) {
        return Err(AppError::field(
            "parent_id",
            "too_deep",
            format!("subtasks nest at most {MAX_DEPTH} levels below a task"),
        ));
    }
    check_form(&input, parent.is_some())?;
    let departments = dedup(&input.department_ids);
    let collaborators: Vec<String> =
        dedup(&input.collaborator_ids).into_iter().filter(|u| *u != input.owner_id).collect();
    check_users(c, "owner_id", std::slice::from_ref(&input.owner_id))?;
    check_users(c, "collaborator_ids", &collaborators)?;
    check_departments(c, "department_ids", &departments)?;
    if let Some(d) = &input.initiating_department_id {
        check_departments(c, "initiating_department_id", std::slice::from_ref(d))?;
    }
    let start = input.start_at.unwrap_or(at);
    check_dates(start, input.due_at)?;
    let priority =
        input.priority.unwrap_or(if input.scenario == Scenario::Emergency { Priority::High } else { Priority::Medium });
    // Subtasks of a published task are live at once; under a draft they wait for its publication.
    let status = match parent {
        Some(p) if p.status != Status::Draft => Status::Published,
        _ => Status::Draft,
    };
    let id = new_id();
    let title = input.title.trim().to_owned();
    let goal = input.goal.trim().to_owned();
    store::insert_task(
        c,
        &NewTaskRow {
            id: &id,
            parent_id: parent.map(|p| p.id.as_str()),
            root_id: parent.map_or(id.as_str(), |p| p.root_id.as_str()),
            depth: parent.map_or(0, |p| p.depth + 1),
            scenario: input.scenario,
            template: input.template.as_deref(),
            title: &title,
            goal: &goal,
            search_key: &search_key(&[Some(&title), Some(&goal)]),
            initiating_department_id: input.initiating_department_id.as_deref(),
            owner_id: &input.owner_id,
            created_by: &actor.id,
            priority,
            priority_rank: priority.rank(),
            status,
            percent: 0,
            start_at: start,
            due_at: input.due_at,
            resources: input.resources.trim(),
            risks: input.risks.trim(),
            visibility: input.visibility,
            published_at: (status == Status::Published).then_some(at),
            created_at: at,
            updated_at: at,
            version: 1,
        },
    )?;
    store::set_departments(c, &id, &departments)?;
    store::set_collaborators(c, &id, &collaborators)?;
    let milestones: Vec<_> = input.milestones.iter().map(|m| (m.name.trim().to_owned(), m.due_at, m.done_at)).collect();
    store::replace_milestones(c, &id, &milestones)?;
    let mut people =
        vec![(input.owner_id.clone(), ParticipantReason::Owner), (actor.id.clone(), ParticipantReason::Creator)];
    people.extend(collaborators.iter().map(|u| (u.clone(), ParticipantReason::Collaborator)));
    if let Some(p) = parent {
        people.push((p.owner_id.clone(), ParticipantReason::Parent));
    }
    store::add_participants(c, &id, &people)?;
    let task = store::find_task(c, &id)?.ok_or_else(|| AppError::internal("inserted task vanished"))?;
    // A new task is news for the log's readers (the search index among them).
    crate::domain::live::task_changed(c, &task, TaskChange::Updated, serde_json::json!({}))?;
    let journal = Journal::new(actor, at);
    journal.record(c, &id, HistoryField::Created, None, Some(title.clone()))?;
    if status == Status::Published {
        journal.emit(c, EventKind::TaskAssigned, &task, vec![task.owner_id.clone()], None, None)?;
    }
    Ok(task)
}

/// Everyone a published task involves: the people named on it and the heads and members of
/// its departments (who take part through their department, so later members are in too).
pub(super) fn everyone_involved(c: &mut DbConn, task_id: &str) -> AppResult<Vec<String>> {
    let mut people = store::participant_ids(c, task_id)?;
    let departments = store::department_ids(c, task_id)?;
    people.extend(store::people_of_departments(c, &departments)?);
    Ok(people)
}

pub fn create_task(c: &mut DbConn, actor_id: &str, input: NewTask) -> AppResult<TaskDetail> {
    let actor = Actor::load(c, actor_id)?;
    let task = insert_new(c, &actor, input, None, now())?;
    detail(c, &actor, task)
}

/// Splits a task: a subtask with its own owner, usually for one department.
pub fn create_subtask(c: &mut DbConn, actor_id: &str, parent_id: &str, mut input: NewTask) -> AppResult<TaskDetail> {
    let actor = Actor::load(c, actor_id)?;
    let (parent, rel) = load_for(c, &actor, parent_id, TaskAction::Split)?;
    if !parent.status.is_open() {
        return Err(AppError::new(ErrorCode::InvalidTransition, "a finished or cancelled task cannot be split"));
    }
    // A department head who does not run the task splits only within their department.
    if actor.role != Role::Admin && !rel.is_owner && !rel.owns_ancestor {
        let headed = store::headed_departments(c, &actor.id)?;
        let owner = org_store::find_user(c, &input.owner_id)?
            .ok_or_else(|| AppError::field("owner_id", "not_found", "unknown or inactive user"))?;
        if !owner.department_id.as_ref().is_some_and(|d| headed.contains(d)) {
            return Err(AppError::forbidden("department heads assign subtasks to people of their own department"));
        }
    }
    input.scenario = parent.scenario;
    if input.department_ids.is_empty() {
        // A subtask belongs to its owner's department unless told otherwise.
        if let Some(d) = org_store::find_user(c, &input.owner_id)?.and_then(|u| u.department_id) {
            input.department_ids.push(d);
        }
    }
    if input.initiating_department_id.is_none() {
        input.initiating_department_id.clone_from(&parent.initiating_department_id);
    }
    // What is confidential stays confidential all the way down.
    if parent.visibility == TaskVisibility::Confidential {
        input.visibility = TaskVisibility::Confidential;
    }
    if input.due_at > parent.due_at {
        return Err(AppError::field("due_at", "after_parent", "a subtask cannot end after its task"));
    }
    let at = now();
    let task = insert_new(c, &actor, input, Some(&parent), at)?;
    let journal = Journal::new(&actor, at);
    journal.record(c, &parent.id, HistoryField::SubtaskAdded, None, Some(task.title.clone()))?;
    touch(c, &parent, at)?;
    rollup(c, &actor, &parent.id, at)?;
    crate::domain::schedule::refresh(c, &journal, &[&task.root_id])?;
    crate::domain::live::task_changed(c, &parent, TaskChange::Subtask, serde_json::json!({"subtask_id": task.id}))?;
    detail(c, &actor, task)
}

/// Bumps the version of a task whose related rows changed.
pub(crate) fn touch(c: &mut DbConn, task: &TaskRow, at: NaiveDateTime) -> AppResult<()> {
    store::lock_task(c, &task.id)?;
    let current = store::find_task(c, &task.id)?.ok_or_else(|| AppError::not_found("task"))?;
    if !store::update_task(c, &task.id, current.version, &TaskChanges::default(), at)? {
        return Err(AppError::version_mismatch());
    }
    Ok(())
}
