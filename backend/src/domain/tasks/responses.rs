//! A collaborating department's answer to a task (部门响应): a department asked to work on a
//! published top-level task (across departments, or an emergency) owes an answer. One of its
//! heads accepts and names who does the department's part (a subtask of the department, new or
//! already split off), or declines with a reason the task's owner reads. Until then the task waits in the heads' 待我处理, the owner
//! sees which departments have not answered, and the acknowledgement clock (2 working hours by
//! default) runs: past it, the heads and the owner are told once.

use chrono::{Duration, NaiveDateTime};
use serde_json::json;

use crate::db::orgs as org_store;
use crate::db::responses::{self as resp_store, ResponseRow};
use crate::db::tasks::{self as store, TaskRow};
use crate::db::{now, DbConn};
use crate::domain::journal::{emit_system, Journal};
use crate::domain::permissions::TaskAction;
use crate::domain::reminders::{once, Fired, Rules};
use crate::domain::workdays::WorkCalendar;
use crate::domain::{Actor, Role};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::values::{EventKind, ReminderRule, ResponseState, Scenario, Status, TaskVisibility};

use super::{create_subtask, load_for, NewTask};

/// Longest reason for declining, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// One department's answer, as the task page shows it.
#[derive(Debug, Clone)]
pub struct ResponseView {
    pub row: ResponseRow,
    pub department_name: String,
    pub responded_by_name: Option<String>,
    /// The subtask that carries the department's part, and its owner's name.
    pub subtask_title: Option<String>,
    pub subtask_owner_name: Option<String>,
    /// Still pending past the acknowledgement clock.
    pub late: bool,
    /// When the clock runs out (pending only).
    pub answer_by: Option<NaiveDateTime>,
    /// The caller heads this department (or is an administrator) and may answer now.
    pub can_respond: bool,
}

/// Keeps the task's asked departments in step with the task: a published top-level task asks
/// each of its departments but the initiating one; a department taken off the task owes nothing.
pub(crate) fn sync(c: &mut DbConn, task: &TaskRow, at: NaiveDateTime) -> AppResult<()> {
    if task.parent_id.is_some() || task.status == Status::Draft || task.deleted_at.is_some() {
        return Ok(());
    }
    // A routine sync's departments owe their hand-ins (收集), a resource request its approvers'
    // decisions: those have their own flows. Work across departments and emergencies ask.
    if !matches!(task.scenario, Scenario::CrossDepartment | Scenario::Emergency) {
        return Ok(());
    }
    // The department that runs the task (the initiating one, else the owner's) asks; it does not answer.
    let runs = match &task.initiating_department_id {
        Some(d) => Some(d.clone()),
        None => org_store::find_user(c, &task.owner_id)?.and_then(|u| u.department_id),
    };
    let asked: Vec<String> =
        store::department_ids(c, &task.id)?.into_iter().filter(|d| runs.as_deref() != Some(d.as_str())).collect();
    resp_store::keep_only(c, &task.id, &asked)?;
    if task.status.is_open() {
        resp_store::ask(c, &task.id, &asked, at)?;
    }
    Ok(())
}

/// The task's departments and their answers (anyone who sees the task).
pub fn list(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<Vec<ResponseView>> {
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = load_for(c, &actor, task_id, TaskAction::View)?;
    let rows = resp_store::of_task(c, task_id)?;
    views(c, &actor, &task, rows)
}

fn views(c: &mut DbConn, actor: &Actor, task: &TaskRow, rows: Vec<ResponseRow>) -> AppResult<Vec<ResponseView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let cal = super::super::work_calendar::calendar(c)?;
    let rules = super::super::reminders::rules();
    let at = now();
    let headed = store::headed_departments(c, &actor.id)?;
    let dept_ids: Vec<&str> = rows.iter().map(|r| r.department_id.as_str()).collect();
    let departments = org_store::department_names(c, &dept_ids)?;
    let subtask_ids: Vec<&str> = rows.iter().filter_map(|r| r.subtask_id.as_deref()).collect();
    let subtasks = store::find_tasks(c, &subtask_ids)?;
    let mut people: Vec<&str> = rows.iter().filter_map(|r| r.responded_by.as_deref()).collect();
    people.extend(subtasks.iter().map(|t| t.owner_id.as_str()));
    let names = org_store::user_names(c, &people)?;
    let open = task.status.is_open();
    let mut out: Vec<ResponseView> = rows
        .into_iter()
        // Once the task is finished, an answer still owed is moot.
        .filter(|row| open || row.state != ResponseState::Pending)
        .map(|row| {
            let pending = row.state == ResponseState::Pending;
            let answer_by = pending.then(|| answer_by(&cal, rules, row.asked_at));
            let subtask = row.subtask_id.as_ref().and_then(|id| subtasks.iter().find(|t| t.id == *id));
            let may = actor.role == Role::Admin || headed.contains(&row.department_id);
            ResponseView {
                department_name: departments.get(&row.department_id).cloned().unwrap_or_default(),
                responded_by_name: row.responded_by.as_ref().and_then(|u| names.get(u).cloned()),
                subtask_title: subtask.map(|t| t.title.clone()),
                subtask_owner_name: subtask.and_then(|t| names.get(&t.owner_id).cloned()),
                late: answer_by.is_some_and(|by| at >= by),
                answer_by,
                can_respond: may && open && row.state != ResponseState::Accepted,
                row,
            }
        })
        .collect();
    out.sort_by(|a, b| a.department_name.cmp(&b.department_name));
    Ok(out)
}

fn answer_by(cal: &WorkCalendar, rules: &Rules, asked_at: NaiveDateTime) -> NaiveDateTime {
    cal.add(asked_at, rules.ack_minutes, rules.ack_clock)
}

/// What a head gives when accepting: who does the department's part. Without an owner, the
/// department's part is the subtask already split off to it.
#[derive(Debug, Clone, Default)]
pub struct AcceptInput {
    pub owner_id: Option<String>,
    pub title: Option<String>,
    pub start_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
}

/// Loads the response a head answers, locked, after the checks every answer shares.
fn answering(c: &mut DbConn, actor: &Actor, task_id: &str, department_id: &str) -> AppResult<(TaskRow, ResponseRow)> {
    let (task, _) = load_for(c, actor, task_id, TaskAction::View)?;
    let row = resp_store::find_for_update(c, task_id, department_id)?
        .ok_or_else(|| AppError::not_found("department asked on this task"))?;
    if actor.role != Role::Admin && !store::headed_departments(c, &actor.id)?.contains(&row.department_id) {
        return Err(AppError::forbidden("a head of the department answers for it"));
    }
    if !task.status.is_open() || task.status == Status::Draft {
        return Err(AppError::new(ErrorCode::InvalidTransition, "the task is no longer open"));
    }
    Ok((task, row))
}

/// A head accepts for their department and names who does its part.
pub fn accept(
    c: &mut DbConn,
    actor_id: &str,
    task_id: &str,
    department_id: &str,
    input: AcceptInput,
) -> AppResult<Vec<ResponseView>> {
    let actor = Actor::load(c, actor_id)?;
    let (task, mut row) = answering(c, &actor, task_id, department_id)?;
    if row.state == ResponseState::Accepted {
        return Err(AppError::conflict("the department has accepted already"));
    }
    let at = now();
    let department = org_store::department_names(c, &[department_id])?.remove(department_id).unwrap_or_default();
    let subtask = match input.owner_id {
        Some(owner_id) => {
            let owner = org_store::find_user(c, &owner_id)?
                .filter(|u| u.is_active)
                .ok_or_else(|| AppError::field("owner_id", "not_found", "unknown or inactive user"))?;
            if owner.department_id.as_deref() != Some(department_id) {
                return Err(AppError::field("owner_id", "other_department", "the owner must be of the department"));
            }
            let title = match input.title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) {
                Some(t) => t,
                None => format!("{department}：{}", task.title).chars().take(200).collect(),
            };
            let detail = create_subtask(
                c,
                actor_id,
                task_id,
                NewTask {
                    scenario: task.scenario,
                    template: None,
                    title,
                    goal: String::new(),
                    initiating_department_id: None,
                    department_ids: vec![department_id.to_owned()],
                    owner_id,
                    collaborator_ids: Vec::new(),
                    priority: Some(task.priority),
                    start_at: input.start_at,
                    due_at: input.due_at.unwrap_or(task.due_at),
                    milestones: Vec::new(),
                    resources: String::new(),
                    risks: String::new(),
                    visibility: TaskVisibility::Normal,
                },
            )?;
            detail.summary.task
        }
        None => {
            // The subtask already split off to the department, if any (its departments in one query).
            let children: Vec<TaskRow> =
                store::children(c, task_id)?.into_iter().filter(|t| t.deleted_at.is_none()).collect();
            let ids: Vec<&str> = children.iter().map(|t| t.id.as_str()).collect();
            let departments = store::department_ids_of(c, &ids)?;
            children
                .into_iter()
                .find(|t| departments.get(&t.id).is_some_and(|d| d.iter().any(|d| d == department_id)))
                .ok_or_else(|| {
                    AppError::field(
                        "owner_id",
                        "required",
                        "name who does the department's part: it has no subtask yet",
                    )
                })?
        }
    };
    row.state = ResponseState::Accepted;
    row.responded_by = Some(actor.id.clone());
    row.responded_at = Some(at);
    row.reason = None;
    row.subtask_id = Some(subtask.id.clone());
    resp_store::update(c, &row)?;
    let owner = org_store::user_names(c, &[subtask.owner_id.as_str()])?.remove(&subtask.owner_id);
    Journal::new(&actor, at).emit_with(
        c,
        EventKind::DepartmentAccepted,
        &task,
        vec![task.owner_id.clone()],
        Some(department.as_str()),
        owner.as_deref(),
        json!({"department_id": department_id, "subtask_id": subtask.id}),
    )?;
    let rows = resp_store::of_task(c, task_id)?;
    views(c, &actor, &task, rows)
}

/// A head declines for their department, with the reason the owner reads.
pub fn decline(
    c: &mut DbConn,
    actor_id: &str,
    task_id: &str,
    department_id: &str,
    reason: &str,
) -> AppResult<Vec<ResponseView>> {
    let actor = Actor::load(c, actor_id)?;
    let (task, mut row) = answering(c, &actor, task_id, department_id)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::field("reason", "length", format!("a reason of 1–{MAX_REASON_CHARS} characters")));
    }
    match row.state {
        ResponseState::Pending => {}
        ResponseState::Accepted => {
            return Err(AppError::conflict("the department has accepted: its subtask's owner hands the work back"))
        }
        ResponseState::Declined => return Err(AppError::conflict("the department has declined already")),
    }
    let at = now();
    row.state = ResponseState::Declined;
    row.responded_by = Some(actor.id.clone());
    row.responded_at = Some(at);
    row.reason = Some(reason.to_owned());
    resp_store::update(c, &row)?;
    let department = org_store::department_names(c, &[department_id])?.remove(department_id);
    Journal::new(&actor, at).emit_with(
        c,
        EventKind::DepartmentDeclined,
        &task,
        vec![task.owner_id.clone()],
        department.as_deref(),
        Some(reason),
        json!({"department_id": department_id}),
    )?;
    let rows = resp_store::of_task(c, task_id)?;
    views(c, &actor, &task, rows)
}

/// The acknowledgement rule for departments: a department that has not answered when the clock
/// runs out is named once to its heads and to the task's owner.
pub(crate) fn remind_due(
    c: &mut DbConn,
    cal: &WorkCalendar,
    rules: &Rules,
    at: NaiveDateTime,
    fired: &mut Fired,
) -> AppResult<()> {
    let latest = at - Duration::minutes(rules.ack_minutes);
    for row in resp_store::pending_between(c, at - Duration::days(30), latest)? {
        if at < answer_by(cal, rules, row.asked_at) {
            continue;
        }
        let Some(task) = store::find_task(c, &row.task_id)? else { continue };
        let key = format!(
            "{}:{}:{}:{}",
            ReminderRule::DepartmentUnanswered.as_str(),
            row.task_id,
            row.department_id,
            row.asked_at.and_utc().timestamp()
        );
        once(c, fired, &key, ReminderRule::DepartmentUnanswered, Some(&task.id), None, at, |c| {
            let heads = org_store::heads_of(c, &[row.department_id.as_str()])?;
            let mut recipients: Vec<String> =
                heads.get(&row.department_id).into_iter().flatten().map(|(id, _)| id.clone()).collect();
            recipients.push(task.owner_id.clone());
            let department = org_store::department_names(c, &[row.department_id.as_str()])?.remove(&row.department_id);
            emit_system(
                c,
                EventKind::DepartmentUnanswered,
                Some(&task),
                recipients,
                json!({"from": department, "department_id": row.department_id}),
                at,
            )
        })?;
    }
    Ok(())
}
