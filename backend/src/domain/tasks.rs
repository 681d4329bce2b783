//! Cross-department tasks: the four scenarios, subtasks, the status workflow, progress,
//! history and domain events.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::journal::{rfc3339, Events, Journal};
use super::permissions::{ensure_task, TaskAction, TaskRelation};
use super::{Actor, Role};
use crate::db::orgs as org_store;
use crate::db::tasks::{self as store, HistoryRow, MilestoneRow, NewTaskRow, ProgressRow, TaskChanges, TaskRow};
use crate::db::{like_pattern, new_id, now, search_key, DbConn};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::values::{EventKind, TaskChange};

use crate::values::ParticipantReason;
pub use crate::values::{DependencyKind, Priority, Scenario, Status, TaskVisibility};

// ---------------------------------------------------------------- inputs

#[derive(Debug, Clone)]
pub struct MilestoneInput {
    pub name: String,
    pub due_at: NaiveDateTime,
    pub done_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewTask {
    pub scenario: Scenario,
    pub template: Option<String>,
    pub title: String,
    pub goal: String,
    pub initiating_department_id: Option<String>,
    pub department_ids: Vec<String>,
    pub owner_id: String,
    pub collaborator_ids: Vec<String>,
    pub priority: Option<Priority>,
    pub start_at: Option<NaiveDateTime>,
    pub due_at: NaiveDateTime,
    pub milestones: Vec<MilestoneInput>,
    pub resources: String,
    pub risks: String,
    pub visibility: TaskVisibility,
}

/// Changes to a task; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct TaskPatch {
    pub title: Option<String>,
    pub goal: Option<String>,
    pub initiating_department_id: Option<Option<String>>,
    pub department_ids: Option<Vec<String>>,
    pub owner_id: Option<String>,
    pub collaborator_ids: Option<Vec<String>>,
    pub priority: Option<Priority>,
    pub status: Option<Status>,
    pub percent: Option<i32>,
    pub start_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    pub milestones: Option<Vec<MilestoneInput>>,
    pub resources: Option<String>,
    pub risks: Option<String>,
    pub visibility: Option<TaskVisibility>,
    /// Starts a task that still waits for predecessors; the reason goes into the history.
    pub force_reason: Option<String>,
}

// ---------------------------------------------------------------- views

/// A task as lists show it.
#[derive(Debug, Clone)]
pub struct TaskSummary {
    pub task: TaskRow,
    pub owner_name: String,
    pub initiating_department_name: Option<String>,
    pub departments: Vec<(String, String)>,
    pub subtask_count: i64,
    pub open_subtask_count: i64,
    /// Open and past its deadline at the time it was read.
    pub is_overdue: bool,
}

/// What the caller may do with a task (so the UI shows only what works).
#[derive(Debug, Clone, Copy, Default)]
pub struct Capabilities {
    pub edit: bool,
    pub update_progress: bool,
    pub split: bool,
    pub delete: bool,
}

/// A task with everything its page shows.
#[derive(Debug, Clone)]
pub struct TaskDetail {
    pub summary: TaskSummary,
    /// What this task waits for, and who waits for it.
    pub predecessors: Vec<super::dependencies::DependencyView>,
    pub successors: Vec<super::dependencies::DependencyView>,
    /// Not started and some predecessor holds it back (等待前置任务).
    pub is_blocked: bool,
    /// The computed schedule, when the task's tree has dependencies.
    pub schedule: Option<crate::db::schedule::ScheduleRow>,
    pub collaborators: Vec<(String, String)>,
    pub created_by_name: String,
    pub milestones: Vec<MilestoneRow>,
    pub subtasks: Vec<TaskSummary>,
    pub progress: Vec<(ProgressRow, String)>,
    pub capabilities: Capabilities,
    pub allowed_transitions: Vec<Status>,
    /// The SLA clocks: the emergency countdown, and where they count Monday to Friday only.
    pub sla: super::reminders::Sla,
}

// ---------------------------------------------------------------- relation and access

pub(crate) fn relation(c: &mut DbConn, actor: &Actor, task: &TaskRow) -> AppResult<TaskRelation> {
    let collaborators = store::collaborator_ids(c, &task.id)?;
    let headed = store::headed_departments(c, &actor.id)?;
    let depts = store::department_ids(c, &task.id)?;
    let involved = task.initiating_department_id.as_ref().is_some_and(|d| headed.contains(d))
        || depts.iter().any(|d| headed.contains(d));
    let is_draft = task.status == Status::Draft;
    // People of a collaborating department take part once the task is published.
    let in_department = !is_draft && actor.department_id.as_ref().is_some_and(|d| depts.contains(d));
    let is_named = store::is_participant(c, &task.id, &actor.id)?;
    let mut owns_ancestor = false;
    let mut cursor = task.parent_id.clone();
    while let Some(pid) = cursor {
        let Some(parent) = store::find_task(c, &pid)? else { break };
        if parent.owner_id == actor.id {
            owns_ancestor = true;
            break;
        }
        cursor = parent.parent_id;
    }
    Ok(TaskRelation {
        is_owner: task.owner_id == actor.id,
        is_subtask: task.parent_id.is_some(),
        is_creator: task.created_by == actor.id,
        is_collaborator: collaborators.contains(&actor.id),
        is_participant: in_department || is_named,
        heads_involved_department: involved,
        owns_ancestor,
        is_draft,
        is_public: task.visibility == TaskVisibility::Public,
        is_archived: task.status == Status::Archived,
        is_named,
        is_confidential: task.visibility == TaskVisibility::Confidential,
    })
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
fn read_refs(
    c: &mut DbConn,
    reader: &Actor,
    audience: &super::texts::Audience,
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
    Ok(super::permissions::can_task(actor, &relation(c, actor, task)?, TaskAction::View))
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
            Some(parent) => Ok(super::permissions::can_task(actor, &relation(c, actor, &parent)?, TaskAction::View)),
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
        if !super::permissions::can_task(&reader, &relation(c, &reader, task)?, TaskAction::View) {
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

fn capabilities(actor: &Actor, rel: &TaskRelation) -> Capabilities {
    use super::permissions::can_task;
    Capabilities {
        edit: can_task(actor, rel, TaskAction::Edit),
        update_progress: can_task(actor, rel, TaskAction::UpdateProgress),
        split: can_task(actor, rel, TaskAction::Split),
        delete: can_task(actor, rel, TaskAction::Delete),
    }
}

fn names_of_users(c: &mut DbConn, ids: &[String]) -> AppResult<String> {
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let names = org_store::user_names(c, &refs)?;
    Ok(ids.iter().filter_map(|i| names.get(i).cloned()).collect::<Vec<_>>().join("、"))
}

fn names_of_departments(c: &mut DbConn, ids: &[String]) -> AppResult<String> {
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let names = org_store::department_names(c, &refs)?;
    Ok(ids.iter().filter_map(|i| names.get(i).cloned()).collect::<Vec<_>>().join("、"))
}

// ---------------------------------------------------------------- validation

fn dedup(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in ids {
        if !out.contains(i) {
            out.push(i.clone());
        }
    }
    out
}

/// Whether two id lists hold the same ids, in any order.
fn same_set(a: &[String], b: &[String]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    a == b
}

fn check_users(c: &mut DbConn, field: &str, ids: &[String]) -> AppResult<()> {
    let found = store::active_user_ids(c, ids)?;
    if found.len() != ids.len() {
        return Err(AppError::field(field, "not_found", "unknown or inactive user"));
    }
    Ok(())
}

fn check_departments(c: &mut DbConn, field: &str, ids: &[String]) -> AppResult<()> {
    let found = store::active_department_ids(c, ids)?;
    if found.len() != ids.len() {
        return Err(AppError::field(field, "not_found", "unknown or inactive department"));
    }
    Ok(())
}

fn check_dates(start: NaiveDateTime, due: NaiveDateTime) -> AppResult<()> {
    if due < start {
        return Err(AppError::field("due_at", "before_start", "the deadline is before the start"));
    }
    Ok(())
}

/// Rules of the cross-department application form (跨部门协作任务申请表) and of the scenario.
fn check_form(t: &NewTask, is_subtask: bool) -> AppResult<()> {
    let mut fields = crate::error::FieldErrors::new();
    let mut fail = |f: &str, m: &str| fields.entry(f.to_owned()).or_default().push(m.to_owned());
    if !is_subtask && t.scenario == Scenario::CrossDepartment && t.department_ids.len() < 2 {
        fail("department_ids", "min_two");
    }
    if t.template.as_deref() == Some(super::templates::APPLICATION_FORM) {
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

// ---------------------------------------------------------------- create

/// How deep subtasks nest: a task, and five levels of subtasks below it.
pub const MAX_DEPTH: i32 = 5;

fn insert_new(
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
    let journal = Journal::new(actor, at);
    journal.record(c, &id, "created", None, Some(title.clone()))?;
    if status == Status::Published {
        journal.emit(c, EventKind::TaskAssigned, &task, vec![task.owner_id.clone()], None, None)?;
    }
    Ok(task)
}

/// Everyone a published task involves: the people named on it and the heads and members of
/// its departments (who take part through their department, so later members are in too).
fn everyone_involved(c: &mut DbConn, task_id: &str) -> AppResult<Vec<String>> {
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
    journal.record(c, &parent.id, "subtask_added", None, Some(task.title.clone()))?;
    touch(c, &parent, at)?;
    rollup(c, &actor, &parent.id, at)?;
    super::schedule::refresh(c, &journal, &[&task.root_id])?;
    super::live::task_changed(c, &parent, TaskChange::Subtask, serde_json::json!({"subtask_id": task.id}))?;
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

// ---------------------------------------------------------------- read

fn summaries(c: &mut DbConn, rows: Vec<TaskRow>) -> AppResult<Vec<TaskSummary>> {
    let ids: Vec<&str> = rows.iter().map(|t| t.id.as_str()).collect();
    let depts = store::department_ids_of(c, &ids)?;
    let counts = store::child_counts(c, &ids, &Status::OPEN)?;
    let owner_ids: Vec<&str> = rows.iter().map(|t| t.owner_id.as_str()).collect();
    let owners = org_store::user_names(c, &owner_ids)?;
    let mut dept_ids: Vec<&str> = depts.values().flatten().map(String::as_str).collect();
    dept_ids.extend(rows.iter().filter_map(|t| t.initiating_department_id.as_deref()));
    let dept_names = org_store::department_names(c, &dept_ids)?;
    let at = now();
    Ok(rows
        .into_iter()
        .map(|task| {
            let is_overdue = task.status.is_open() && task.due_at < at;
            let departments = depts
                .get(&task.id)
                .map(|ds| ds.iter().map(|d| (d.clone(), dept_names.get(d).cloned().unwrap_or_default())).collect())
                .unwrap_or_default();
            let (subtask_count, open_subtask_count) = counts.get(&task.id).copied().unwrap_or((0, 0));
            TaskSummary {
                owner_name: owners.get(&task.owner_id).cloned().unwrap_or_default(),
                initiating_department_name: task
                    .initiating_department_id
                    .as_ref()
                    .and_then(|d| dept_names.get(d).cloned()),
                departments,
                subtask_count,
                open_subtask_count,
                is_overdue,
                task,
            }
        })
        .collect())
}

/// Everything the task page shows. `known` is the actor's relation when the caller already
/// computed it for this version of the task.
fn detail_with(c: &mut DbConn, actor: &Actor, task: TaskRow, known: Option<TaskRelation>) -> AppResult<TaskDetail> {
    let rel = match known {
        Some(r) => r,
        None => relation(c, actor, &task)?,
    };
    let collaborator_ids = store::collaborator_ids(c, &task.id)?;
    let mut people: Vec<&str> = collaborator_ids.iter().map(String::as_str).collect();
    people.push(&task.created_by);
    let progress = store::progress(c, &task.id, 50)?;
    people.extend(progress.iter().map(|p| p.author_id.as_str()));
    let names = org_store::user_names(c, &people)?;
    let collaborators =
        collaborator_ids.iter().map(|u| (u.clone(), names.get(u).cloned().unwrap_or_default())).collect();
    let created_by_name = names.get(&task.created_by).cloned().unwrap_or_default();
    let progress = progress
        .into_iter()
        .map(|p| {
            let n = names.get(&p.author_id).cloned().unwrap_or_default();
            (p, n)
        })
        .collect();
    let milestones = store::milestones(c, &task.id)?;
    let (predecessors, successors) = super::dependencies::of_task(c, &task.id)?;
    let is_blocked =
        matches!(task.status, Status::Draft | Status::Published) && predecessors.iter().any(|d| !d.satisfied);
    let schedule = super::schedule::of_task(c, &task.id)?;
    // Subtasks are part of the task's structure: whoever sees the task sees its subtasks listed,
    // but a confidential one only who may see it.
    let children = store::children(c, &task.id)?;
    let mut rows = vec![task];
    for child in children {
        let confidential = child.visibility == TaskVisibility::Confidential;
        if !confidential || super::permissions::can_task(actor, &relation(c, actor, &child)?, TaskAction::View) {
            rows.push(child);
        }
    }
    let mut all = summaries(c, rows)?.into_iter();
    let summary = all.next().ok_or_else(|| AppError::internal("summary lost"))?;
    let subtasks: Vec<TaskSummary> = all.collect();
    let task = &summary.task;
    let caps = capabilities(actor, &rel);
    let allowed_transitions =
        if caps.edit || caps.update_progress { task.status.allowed_next().to_vec() } else { Vec::new() };
    let sla = super::reminders::sla(c, task, now())?;
    Ok(TaskDetail {
        sla,
        summary,
        predecessors,
        successors,
        is_blocked,
        schedule,
        collaborators,
        created_by_name,
        milestones,
        subtasks,
        progress,
        capabilities: caps,
        allowed_transitions,
    })
}

fn detail(c: &mut DbConn, actor: &Actor, task: TaskRow) -> AppResult<TaskDetail> {
    detail_with(c, actor, task, None)
}

pub fn get_task(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<TaskDetail> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = load_for(c, &actor, id, TaskAction::View)?;
    detail_with(c, &actor, task, Some(rel))
}

/// How a task list is sorted.
#[derive(Debug, Clone, Copy)]
pub struct Sort {
    pub field: store::SortField,
    pub desc: bool,
}

/// Filters of the task list as the API takes them.
#[derive(Debug, Clone, Default)]
pub struct TaskQuery {
    pub scenarios: Vec<Scenario>,
    pub statuses: Vec<Status>,
    pub priorities: Vec<Priority>,
    pub department_id: Option<String>,
    /// Tasks whose owner belongs to this department (how reports count tasks).
    pub owner_department_id: Option<String>,
    pub owner_id: Option<String>,
    pub participant_id: Option<String>,
    pub parent_id: Option<String>,
    pub top_level: bool,
    pub due_before: Option<NaiveDateTime>,
    pub due_after: Option<NaiveDateTime>,
    pub overdue: bool,
    pub q: Option<String>,
}

/// "My work" views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MyView {
    /// Tasks I own.
    Owned,
    /// Tasks where I am a named collaborator.
    Collaborating,
    /// Tasks waiting for me: mine to move on, or mine to review.
    ToAct,
}

fn filter_for(c: &mut DbConn, actor: &Actor, q: &TaskQuery) -> AppResult<store::TaskFilter> {
    let visible_to = if actor.role == Role::Admin {
        None
    } else {
        let headed = store::headed_departments(c, &actor.id)?;
        let mut departments = headed.clone();
        departments.extend(actor.department_id.clone());
        Some(store::Visibility { user_id: actor.id.clone(), departments, headed_departments: headed })
    };
    let participant = match &q.participant_id {
        Some(p) => Some(store::Participant {
            user_id: p.clone(),
            department_id: org_store::find_user(c, p)?.and_then(|u| u.department_id),
        }),
        None => None,
    };
    Ok(store::TaskFilter {
        visible_to,
        scenarios: q.scenarios.clone(),
        statuses: q.statuses.clone(),
        priorities: q.priorities.clone(),
        department_id: q.department_id.clone(),
        owner_department_id: q.owner_department_id.clone(),
        owner_id: q.owner_id.clone(),
        participant,
        parent_id: q.parent_id.clone(),
        top_level: q.top_level,
        due_before: q.due_before,
        due_after: q.due_after,
        overdue: q.overdue.then(|| (Status::OPEN.to_vec(), now())),
        like: q.q.as_deref().filter(|s| !s.trim().is_empty()).map(like_pattern),
        ..Default::default()
    })
}

fn sort_key(t: &TaskRow, field: store::SortField) -> String {
    match field {
        store::SortField::CreatedAt => stamp(t.created_at),
        store::SortField::UpdatedAt => stamp(t.updated_at),
        store::SortField::DueAt => stamp(t.due_at),
        store::SortField::Priority => t.priority.rank().to_string(),
        store::SortField::Title => t.title.clone(),
    }
}

/// A time as cursors carry it (read back with [`parse_stamp`]).
pub(crate) fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// Turns a cursor's text key back into the typed sort value.
pub fn parse_sort_key(field: store::SortField, key: &str) -> AppResult<store::SortKey> {
    let bad = || AppError::field("cursor", "invalid", "the cursor does not match the sort");
    Ok(match field {
        store::SortField::CreatedAt | store::SortField::UpdatedAt | store::SortField::DueAt => {
            store::SortKey::Time(NaiveDateTime::parse_from_str(key, "%Y-%m-%dT%H:%M:%S%.f").map_err(|_| bad())?)
        }
        store::SortField::Priority => store::SortKey::Int(key.parse().map_err(|_| bad())?),
        store::SortField::Title => store::SortKey::Text(key.to_owned()),
    })
}

/// Tasks and the keyset position after them (`None` on the last page).
pub type SummaryPage = (Vec<TaskSummary>, Option<(String, String)>);

/// One page of tasks matching `filter`, and the keyset position after it.
fn rows_page(
    c: &mut DbConn,
    filter: &store::TaskFilter,
    sort: Sort,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<SummaryPage> {
    let after = match after {
        Some((k, id)) => Some((parse_sort_key(sort.field, &k)?, id)),
        None => None,
    };
    let mut rows = store::list_tasks(c, filter, sort.field, sort.desc, after, limit + 1)?;
    let next = super::orgs::cut_page(&mut rows, limit, |t| (sort_key(t, sort.field), t.id.clone()));
    Ok((summaries(c, rows)?, next))
}

fn page(
    c: &mut DbConn,
    filter: &store::TaskFilter,
    sort: Sort,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<super::orgs::Page<TaskSummary>> {
    let (items, next) = rows_page(c, filter, sort, after, limit)?;
    let total = store::count_tasks(c, filter)?;
    Ok(super::orgs::Page { items, next, total })
}

pub fn list_tasks(
    c: &mut DbConn,
    actor_id: &str,
    q: &TaskQuery,
    sort: Sort,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<super::orgs::Page<TaskSummary>> {
    let actor = Actor::load(c, actor_id)?;
    let filter = filter_for(c, &actor, q)?;
    page(c, &filter, sort, after, limit)
}

/// A page of the task list without the total, for exports that walk every page.
pub fn list_page(
    c: &mut DbConn,
    actor_id: &str,
    q: &TaskQuery,
    sort: Sort,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<SummaryPage> {
    let actor = Actor::load(c, actor_id)?;
    let filter = filter_for(c, &actor, q)?;
    rows_page(c, &filter, sort, after, limit)
}

pub fn my_tasks(
    c: &mut DbConn,
    actor_id: &str,
    view: MyView,
    q: &TaskQuery,
    sort: Sort,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<super::orgs::Page<TaskSummary>> {
    let actor = Actor::load(c, actor_id)?;
    let mut filter = filter_for(c, &actor, q)?;
    match view {
        MyView::Owned => filter.owner_id = Some(actor.id.clone()),
        MyView::Collaborating => filter.collaborator_id = Some(actor.id.clone()),
        MyView::ToAct => filter.to_act_for = Some(actor.id.clone()),
    }
    page(c, &filter, sort, after, limit)
}

// ---------------------------------------------------------------- change

/// Moves a task to `to`, checking the workflow and the subtasks; records and announces it.
fn transition(
    c: &mut DbConn,
    journal: &Journal,
    task: &TaskRow,
    to: Status,
    changes: &mut TaskChanges,
    force_reason: Option<&str>,
) -> AppResult<Events> {
    let from = task.status;
    if from == to {
        return Ok(Vec::new());
    }
    if !from.allowed_next().contains(&to) {
        let allowed: Vec<&str> = from.allowed_next().iter().map(|s| s.as_str()).collect();
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!(
                "a {} task cannot become {}; allowed: {}",
                from.as_str(),
                to.as_str(),
                if allowed.is_empty() { "none".to_owned() } else { allowed.join(", ") }
            ),
        )
        .with_allowed(allowed));
    }
    super::dependencies::check_move(c, journal, task, to, force_reason)?;
    if to == Status::Done {
        let open: Vec<TaskRow> = store::children(c, &task.id)?.into_iter().filter(|t| t.status.is_open()).collect();
        if !open.is_empty() {
            let titles: Vec<String> = open.iter().map(|t| t.title.clone()).collect();
            return Err(AppError::new(
                ErrorCode::OpenSubtasks,
                format!("finish or cancel the open subtasks first: {}", titles.join(", ")),
            )
            .with_allowed(open.iter().map(|t| t.id.as_str()).collect()));
        }
        changes.percent = Some(100);
        changes.completed_at = Some(Some(journal.at()));
    }
    if from == Status::Done && to == Status::InProgress {
        changes.completed_at = Some(None);
    }
    if from == Status::PendingReview && to == Status::InProgress {
        // Returned after review: one more round (the agreed number of rounds is visible).
        changes.review_rounds = Some(task.review_rounds + 1);
    }
    if to == Status::Published {
        changes.published_at = Some(Some(journal.at()));
    }
    changes.status = Some(to);
    journal.record(c, &task.id, "status", Some(from.as_str().to_owned()), Some(to.as_str().to_owned()))?;
    let mut events = Vec::new();
    if to == Status::Published {
        events.push((EventKind::TaskPublished, everyone_involved(c, &task.id)?, None, None));
    } else {
        let mut concerned = vec![task.owner_id.clone()];
        concerned.extend(store::collaborator_ids(c, &task.id)?);
        if let Some(pid) = &task.parent_id {
            if let Some(parent) = store::find_task(c, pid)? {
                concerned.push(parent.owner_id);
            }
        }
        if to == Status::Done {
            concerned.extend(everyone_involved(c, &task.id)?);
            events.push((EventKind::TaskCompleted, concerned, None, None));
        } else {
            events.push((
                EventKind::TaskStatusChanged,
                concerned,
                Some(from.as_str().to_owned()),
                Some(to.as_str().to_owned()),
            ));
        }
    }
    Ok(events)
}

/// Publishes the draft descendants of a task being published, level by level (a loop, not
/// recursion: a deep tree cannot exhaust the stack).
fn publish_descendants(c: &mut DbConn, journal: &Journal, root: &TaskRow) -> AppResult<()> {
    let mut parents = vec![root.id.clone()];
    while let Some(parent) = parents.pop() {
        for child in store::children(c, &parent)? {
            if child.status != Status::Draft {
                continue;
            }
            let mut changes = TaskChanges::default();
            let events = transition(c, journal, &child, Status::Published, &mut changes, None)?;
            if !store::update_task(c, &child.id, child.version, &changes, journal.at())? {
                return Err(AppError::version_mismatch());
            }
            let updated = store::find_task(c, &child.id)?.ok_or_else(|| AppError::not_found("task"))?;
            for (kind, people, from, to) in events {
                journal.emit(c, kind, &updated, people, from.as_deref(), to.as_deref())?;
            }
            journal.emit(c, EventKind::TaskAssigned, &updated, vec![updated.owner_id.clone()], None, None)?;
            parents.push(updated.id);
        }
    }
    Ok(())
}

/// A task with live subtasks takes its percent from them.
fn reject_manual_percent(c: &mut DbConn, id: &str) -> AppResult<()> {
    if store::children(c, id)?.iter().any(|t| t.status != Status::Cancelled) {
        return Err(AppError::field("percent", "rolls_up", "the percent of a task with subtasks rolls up from them"));
    }
    Ok(())
}

/// Recomputes the percent of `task_id` from its subtasks, and upwards.
fn rollup(c: &mut DbConn, actor: &Actor, task_id: &str, at: NaiveDateTime) -> AppResult<()> {
    let mut cursor = Some(task_id.to_owned());
    while let Some(id) = cursor {
        // Lock first, then read: a concurrent roll-up of a sibling waits and then sees it.
        store::lock_task(c, &id)?;
        let Some(task) = store::find_task(c, &id)? else { break };
        let kids: Vec<TaskRow> =
            store::children(c, &id)?.into_iter().filter(|t| t.status != Status::Cancelled).collect();
        if kids.is_empty() {
            break;
        }
        let sum: i64 = kids.iter().map(|k| i64::from(k.percent)).sum();
        let count = i64::try_from(kids.len()).unwrap_or(1);
        let percent = i32::try_from((sum + count / 2) / count).unwrap_or(0);
        if percent != task.percent {
            let changes = TaskChanges { percent: Some(percent), ..Default::default() };
            if !store::update_task(c, &id, task.version, &changes, at)? {
                return Err(AppError::version_mismatch());
            }
            // A roll-up, so the feed does not read as if the actor edited this task by hand.
            Journal::new(actor, at).record(
                c,
                &id,
                "percent_rollup",
                Some(task.percent.to_string()),
                Some(percent.to_string()),
            )?;
        }
        cursor = task.parent_id;
    }
    Ok(())
}

/// Changes a task (PATCH). `expected` is the version from `If-Match`.
pub fn update_task(c: &mut DbConn, actor_id: &str, id: &str, expected: i64, patch: TaskPatch) -> AppResult<TaskDetail> {
    let actor = Actor::load(c, actor_id)?;
    // Status and percent alone are progress; everything else is editing the task.
    let only_progress = patch.title.is_none()
        && patch.goal.is_none()
        && patch.initiating_department_id.is_none()
        && patch.department_ids.is_none()
        && patch.owner_id.is_none()
        && patch.collaborator_ids.is_none()
        && patch.priority.is_none()
        && patch.start_at.is_none()
        && patch.due_at.is_none()
        && patch.milestones.is_none()
        && patch.resources.is_none()
        && patch.risks.is_none()
        && patch.visibility.is_none();
    let action = if only_progress { TaskAction::UpdateProgress } else { TaskAction::Edit };
    let (task, _) = load_for(c, &actor, id, action)?;
    if task.version != expected {
        return Err(AppError::version_mismatch());
    }
    let at = now();
    let journal = Journal::new(&actor, at);
    let mut changes = TaskChanges::default();
    let mut events = Vec::new();
    let mut text_changed = false;
    // The task's audience may have shrunk (departments, collaborators, owner, visibility).
    let mut narrowed = false;
    // People who may have stopped taking part: they lose what came with the task.
    let mut lost: Vec<String> = Vec::new();
    if let Some(title) = patch.title.map(|t| t.trim().to_owned()).filter(|t| *t != task.title) {
        journal.record(c, id, "title", Some(task.title.clone()), Some(title.clone()))?;
        changes.title = Some(title);
        text_changed = true;
    }
    if let Some(goal) = patch.goal.map(|t| t.trim().to_owned()).filter(|t| *t != task.goal) {
        journal.record(c, id, "goal", Some(task.goal.clone()), Some(goal.clone()))?;
        changes.goal = Some(goal);
        text_changed = true;
    }
    if text_changed {
        let title = changes.title.as_deref().unwrap_or(&task.title);
        let goal = changes.goal.as_deref().unwrap_or(&task.goal);
        changes.search_key = Some(search_key(&[Some(title), Some(goal)]));
    }
    if let Some(resources) = patch.resources.map(|t| t.trim().to_owned()).filter(|t| *t != task.resources) {
        journal.record(c, id, "resources", Some(task.resources.clone()), Some(resources.clone()))?;
        changes.resources = Some(resources);
    }
    if let Some(risks) = patch.risks.map(|t| t.trim().to_owned()).filter(|t| *t != task.risks) {
        journal.record(c, id, "risks", Some(task.risks.clone()), Some(risks.clone()))?;
        changes.risks = Some(risks);
    }
    if let Some(p) = patch.priority.filter(|p| *p != task.priority) {
        journal.record(c, id, "priority", Some(task.priority.as_str().to_owned()), Some(p.as_str().to_owned()))?;
        changes.priority = Some(p);
        changes.priority_rank = Some(p.rank());
    }
    if let Some(v) = patch.visibility.filter(|v| *v != task.visibility) {
        journal.record(c, id, "visibility", Some(task.visibility.as_str().to_owned()), Some(v.as_str().to_owned()))?;
        changes.visibility = Some(v);
    }
    if let Some(dept) = patch.initiating_department_id.filter(|d| *d != task.initiating_department_id) {
        if let Some(d) = &dept {
            check_departments(c, "initiating_department_id", std::slice::from_ref(d))?;
        }
        let old = task.initiating_department_id.clone().map(|d| names_of_departments(c, &[d])).transpose()?;
        let new = dept.clone().map(|d| names_of_departments(c, &[d])).transpose()?;
        journal.record(c, id, "initiating_department", old, new)?;
        changes.initiating_department_id = Some(dept);
    }
    if let Some(depts) = patch.department_ids {
        let depts = dedup(&depts);
        let current = store::department_ids(c, id)?;
        if !same_set(&depts, &current) {
            check_departments(c, "department_ids", &depts)?;
            if task.parent_id.is_none() && task.scenario == Scenario::CrossDepartment && depts.len() < 2 {
                return Err(AppError::field(
                    "department_ids",
                    "min_two",
                    "a cross-department task needs two departments",
                ));
            }
            let (old, new) = (names_of_departments(c, &current)?, names_of_departments(c, &depts)?);
            journal.record(c, id, "departments", Some(old), Some(new))?;
            store::set_departments(c, id, &depts)?;
            narrowed = true;
            if task.status != Status::Draft {
                // A department added later brings its people in: tell them.
                let added: Vec<String> = depts.iter().filter(|d| !current.contains(d)).cloned().collect();
                let newcomers = store::people_of_departments(c, &added)?;
                events.push((EventKind::TaskPublished, newcomers, None, None));
            }
        }
    }
    let mut owner = task.owner_id.clone();
    if let Some(new_owner) = patch.owner_id.filter(|o| *o != task.owner_id) {
        check_users(c, "owner_id", std::slice::from_ref(&new_owner))?;
        let (old, new) = (
            names_of_users(c, std::slice::from_ref(&task.owner_id))?,
            names_of_users(c, std::slice::from_ref(&new_owner))?,
        );
        journal.record(c, id, "owner", Some(old), Some(new))?;
        // The former owner takes part for other reasons only, if any (creator, collaborator...);
        // the subtasks' parent owner changes too.
        store::remove_participant_reason(c, id, &task.owner_id, ParticipantReason::Owner)?;
        store::add_participants(c, id, &[(new_owner.clone(), ParticipantReason::Owner)])?;
        for child in store::children(c, id)? {
            store::remove_participant_reason(c, &child.id, &task.owner_id, ParticipantReason::Parent)?;
            store::add_participants(c, &child.id, &[(new_owner.clone(), ParticipantReason::Parent)])?;
        }
        lost.push(task.owner_id.clone());
        changes.owner_id = Some(new_owner.clone());
        narrowed = true;
        if task.status != Status::Draft {
            events.push((EventKind::TaskAssigned, vec![new_owner.clone()], None, None));
        }
        owner = new_owner;
    }
    if let Some(collabs) = patch.collaborator_ids {
        let collabs: Vec<String> = dedup(&collabs).into_iter().filter(|u| *u != owner).collect();
        let current = store::collaborator_ids(c, id)?;
        if !same_set(&collabs, &current) {
            check_users(c, "collaborator_ids", &collabs)?;
            let (old, new) = (names_of_users(c, &current)?, names_of_users(c, &collabs)?);
            journal.record(c, id, "collaborators", Some(old), Some(new))?;
            store::set_collaborators(c, id, &collabs)?;
            narrowed = true;
            for gone in current.iter().filter(|u| !collabs.contains(u)) {
                store::remove_participant_reason(c, id, gone, ParticipantReason::Collaborator)?;
                lost.push(gone.clone());
            }
            let rows: Vec<_> = collabs.iter().map(|u| (u.clone(), ParticipantReason::Collaborator)).collect();
            store::add_participants(c, id, &rows)?;
        }
    }
    let start = patch.start_at.unwrap_or(task.start_at);
    let due = patch.due_at.unwrap_or(task.due_at);
    if patch.start_at.is_some() || patch.due_at.is_some() {
        check_dates(start, due)?;
    }
    if start != task.start_at {
        journal.record(c, id, "start_at", Some(rfc3339(task.start_at)), Some(rfc3339(start)))?;
        changes.start_at = Some(start);
    }
    if due != task.due_at {
        if let Some(pid) = &task.parent_id {
            if store::find_task(c, pid)?.is_some_and(|p| due > p.due_at) {
                return Err(AppError::field("due_at", "after_parent", "a subtask cannot end after its task"));
            }
        }
        journal.record(c, id, "due_at", Some(rfc3339(task.due_at)), Some(rfc3339(due)))?;
        changes.due_at = Some(due);
        if task.status != Status::Draft {
            events.push((
                EventKind::TaskDueChanged,
                everyone_involved(c, id)?,
                Some(rfc3339(task.due_at)),
                Some(rfc3339(due)),
            ));
        }
    }
    if let Some(ms) = patch.milestones {
        let old = store::milestones(c, id)?;
        let old_text = old.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join("、");
        let new_text = ms.iter().map(|m| m.name.trim().to_owned()).collect::<Vec<_>>().join("、");
        let items: Vec<_> = ms.iter().map(|m| (m.name.trim().to_owned(), m.due_at, m.done_at)).collect();
        store::replace_milestones(c, id, &items)?;
        let old_items: Vec<_> = old.iter().map(|m| (m.name.clone(), m.due_at, m.done_at)).collect();
        if old_items != items {
            journal.record(c, id, "milestones", Some(old_text), Some(new_text))?;
        }
    }
    if let Some(percent) = patch.percent.filter(|p| *p != task.percent) {
        reject_manual_percent(c, id)?;
        journal.record(c, id, "percent", Some(task.percent.to_string()), Some(percent.to_string()))?;
        changes.percent = Some(percent);
    }
    if let Some(status) = patch.status {
        if status == Status::Published {
            return publish_inner(c, &actor, &journal, task, changes, events);
        }
        events.extend(transition(c, &journal, &task, status, &mut changes, patch.force_reason.as_deref())?);
    }
    // Fewer people may see the task now: what is confidential stays so all the way down, and
    // those who lost sight of it lose its notifications too.
    let narrowed = narrowed || changes.visibility == Some(TaskVisibility::Confidential);
    let to_confidential = changes.visibility == Some(TaskVisibility::Confidential);
    let detail = save(c, &actor, &journal, task, changes, events)?;
    if narrowed {
        let mut ids = vec![id.to_owned()];
        let mut stack = store::children(c, id)?;
        while let Some(sub) = stack.pop() {
            stack.extend(store::children(c, &sub.id)?);
            if to_confidential && sub.visibility != TaskVisibility::Confidential {
                journal.record(
                    c,
                    &sub.id,
                    "visibility",
                    Some(sub.visibility.as_str().to_owned()),
                    Some("confidential".to_owned()),
                )?;
                let changes = TaskChanges { visibility: Some(TaskVisibility::Confidential), ..Default::default() };
                if !store::update_task(c, &sub.id, sub.version, &changes, journal.at())? {
                    return Err(AppError::version_mismatch());
                }
            }
            ids.push(sub.id);
        }
        super::notifications::forget_unseen(c, &ids)?;
    }
    if !lost.is_empty() {
        let task = store::find_task(c, id)?.ok_or_else(|| AppError::not_found("task"))?;
        super::participants::lost_sight(c, &actor, &task, &lost)?;
    }
    Ok(detail)
}

fn save(
    c: &mut DbConn,
    actor: &Actor,
    journal: &Journal,
    task: TaskRow,
    changes: TaskChanges,
    events: Events,
) -> AppResult<TaskDetail> {
    if !store::update_task(c, &task.id, task.version, &changes, journal.at())? {
        return Err(AppError::version_mismatch());
    }
    let updated = store::find_task(c, &task.id)?.ok_or_else(|| AppError::not_found("task"))?;
    for (kind, people, from, to) in events {
        journal.emit(c, kind, &updated, people, from.as_deref(), to.as_deref())?;
    }
    if changes.status.is_some() {
        // "你可以开始了": once per change, to the owners of successors this move released.
        for successor in super::dependencies::newly_unblocked(c, &updated, task.status)? {
            journal.emit(c, EventKind::TaskUnblocked, &successor, vec![successor.owner_id.clone()], None, None)?;
        }
    }
    if changes.percent.is_some() || changes.status.is_some() {
        if let Some(pid) = &updated.parent_id {
            rollup(c, actor, pid, journal.at())?;
        }
    }
    if changes.status.is_some() || changes.start_at.is_some() || changes.due_at.is_some() {
        super::schedule::refresh(c, journal, &[&updated.root_id])?;
    }
    let what = if changes.status.is_some() { TaskChange::Status } else { TaskChange::Updated };
    super::live::task_changed(c, &updated, what, serde_json::json!({}))?;
    detail(c, actor, updated)
}

fn publish_inner(
    c: &mut DbConn,
    actor: &Actor,
    journal: &Journal,
    task: TaskRow,
    mut changes: TaskChanges,
    mut events: Events,
) -> AppResult<TaskDetail> {
    events.extend(transition(c, journal, &task, Status::Published, &mut changes, None)?);
    if task.owner_id != actor.id {
        events.push((EventKind::TaskAssigned, vec![task.owner_id.clone()], None, None));
    }
    let id = task.id.clone();
    let result = save(c, actor, journal, task, changes, events)?;
    let published = store::find_task(c, &id)?.ok_or_else(|| AppError::not_found("task"))?;
    publish_descendants(c, journal, &published)?;
    Ok(result)
}

/// Publishes a draft: pulls in the people of its departments and tells everyone involved.
pub fn publish(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<TaskDetail> {
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = load_for(c, &actor, id, TaskAction::Edit)?;
    let journal = Journal::new(&actor, now());
    let result = publish_inner(c, &actor, &journal, task, TaskChanges::default(), Vec::new())?;
    let refreshed = store::find_task(c, id)?.ok_or_else(|| AppError::not_found("task"))?;
    if refreshed.version != result.summary.task.version {
        return detail(c, &actor, refreshed);
    }
    Ok(result)
}

/// A progress update as posted.
#[derive(Debug, Clone, Default)]
pub struct ProgressInput {
    pub status: Option<Status>,
    pub percent: Option<i32>,
    pub note: String,
    /// The version from `If-Match`, when sent.
    pub expected: Option<i64>,
    /// Starts a task that still waits for predecessors.
    pub force_reason: Option<String>,
}

/// A progress update: status, percent and a short note, kept as a timeline.
pub fn add_progress(c: &mut DbConn, actor_id: &str, id: &str, input: ProgressInput) -> AppResult<TaskDetail> {
    let ProgressInput { status, percent, note, expected, force_reason } = input;
    let note = note.as_str();
    let force_reason = force_reason.as_deref();
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = load_for(c, &actor, id, TaskAction::UpdateProgress)?;
    if expected.is_some_and(|v| v != task.version) {
        return Err(AppError::version_mismatch());
    }
    if task.status == Status::Draft {
        return Err(AppError::new(ErrorCode::InvalidTransition, "publish the task before posting progress")
            .with_allowed(vec![Status::Published.as_str()]));
    }
    let at = now();
    let journal = Journal::new(&actor, at);
    let mut changes = TaskChanges::default();
    let mut events = Vec::new();
    // Work that is reported on has started.
    let mut target = status;
    if target.is_none() && task.status == Status::Published {
        target = Some(Status::InProgress);
    }
    if let Some(p) = percent.filter(|p| *p != task.percent) {
        reject_manual_percent(c, id)?;
        journal.record(c, id, "percent", Some(task.percent.to_string()), Some(p.to_string()))?;
        changes.percent = Some(p);
    }
    if let Some(s) = target {
        events.extend(transition(c, &journal, &task, s, &mut changes, force_reason)?);
    }
    let note = note.trim();
    if !note.is_empty() {
        journal.record(c, id, "progress_note", None, Some(note.to_owned()))?;
    }
    let final_status = changes.status.unwrap_or(task.status);
    let final_percent = changes.percent.unwrap_or(task.percent);
    store::insert_progress(
        c,
        &ProgressRow {
            id: new_id(),
            task_id: id.to_owned(),
            author_id: actor.id.clone(),
            status: final_status,
            percent: final_percent,
            note: note.to_owned(),
            created_at: at,
        },
    )?;
    save(c, &actor, &journal, task, changes, events)
}

/// Soft-deletes a task and its subtasks; the history stays.
pub fn delete_task(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<()> {
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = load_for(c, &actor, id, TaskAction::Delete)?;
    let at = now();
    let journal = Journal::new(&actor, at);
    let mut stack = vec![task.clone()];
    while let Some(t) = stack.pop() {
        stack.extend(store::children(c, &t.id)?);
        let changes = TaskChanges { deleted_at: Some(Some(at)), ..Default::default() };
        if !store::update_task(c, &t.id, t.version, &changes, at)? {
            return Err(AppError::version_mismatch());
        }
        journal.record(c, &t.id, "deleted", None, None)?;
    }
    if let Some(pid) = &task.parent_id {
        rollup(c, &actor, pid, at)?;
    }
    super::schedule::refresh(c, &journal, &[&task.root_id])
}

/// A page of history and the keyset position to continue after.
pub type HistoryPage = (Vec<HistoryEntry>, Option<(String, String)>);

/// One entry of a task's activity feed.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub row: HistoryRow,
    pub actor_name: String,
    pub department_name: Option<String>,
    pub summary: String,
}

pub fn history(
    c: &mut DbConn,
    actor_id: &str,
    id: &str,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<HistoryPage> {
    let actor = Actor::load(c, actor_id)?;
    load_for(c, &actor, id, TaskAction::View)?;
    let me = org_store::find_user(c, &actor.id)?.ok_or_else(|| AppError::not_found("user"))?;
    let audience = super::texts::Audience::new(&me.locale, &me.time_zone);
    let mut rows = store::history(c, id, before.as_ref().map(|(t, i)| (*t, i.as_str())), limit + 1)?;
    let next = super::orgs::cut_page(&mut rows, limit, |r| (stamp(r.at), r.id.clone()));
    let actor_ids: Vec<&str> = rows.iter().map(|r| r.actor_id.as_str()).collect();
    let names = org_store::user_names(c, &actor_ids)?;
    let dept_ids: Vec<&str> = rows.iter().filter_map(|r| r.actor_department_id.as_deref()).collect();
    let depts = org_store::department_names(c, &dept_ids)?;
    // Entries that name other tasks name only those the reader may see.
    let mut seen = HashMap::new();
    for row in &mut rows {
        row.old_value = read_refs(c, &actor, &audience, row.old_value.as_deref(), &mut seen)?;
        row.new_value = read_refs(c, &actor, &audience, row.new_value.as_deref(), &mut seen)?;
    }
    let entries = rows
        .into_iter()
        .map(|row| {
            let actor_name = names.get(&row.actor_id).cloned().unwrap_or_default();
            let department_name = row.actor_department_id.as_ref().and_then(|d| depts.get(d).cloned());
            let summary = audience.activity(
                row.at,
                &actor_name,
                department_name.as_deref(),
                &row.field,
                row.old_value.as_deref(),
                row.new_value.as_deref(),
            );
            HistoryEntry { row, actor_name, department_name, summary }
        })
        .collect();
    Ok((entries, next))
}

/// Parses a history cursor key.
pub fn parse_stamp(key: &str) -> AppResult<NaiveDateTime> {
    NaiveDateTime::parse_from_str(key, "%Y-%m-%dT%H:%M:%S%.f")
        .map_err(|_| AppError::field("cursor", "invalid", "the cursor is not one this API returned"))
}

/// Names for a set of users (for DTOs that show people).
pub fn user_names(c: &mut DbConn, ids: &[&str]) -> AppResult<HashMap<String, String>> {
    org_store::user_names(c, ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn workflow_has_no_way_out_of_archived_or_cancelled() {
        assert!(Status::Archived.allowed_next().is_empty());
        assert!(Status::Cancelled.allowed_next().is_empty());
        for s in Status::iter() {
            assert!(!s.allowed_next().contains(&s), "{s:?} loops to itself");
            assert!(!s.allowed_next().contains(&Status::Draft), "nothing goes back to draft");
        }
        assert_eq!(Status::OPEN.len(), Status::iter().filter(|s| s.is_open()).count());
    }

    #[test]
    fn priorities_sort_high_first() {
        assert!(Priority::High.rank() < Priority::Medium.rank() && Priority::Medium.rank() < Priority::Low.rank());
    }
}
