//! Reading tasks: the task page, lists (filters, sort, keyset pages, my views) and the history.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::orgs as org_store;
use crate::db::tasks::{self as store, HistoryRow, TaskRow};
use crate::db::{like_pattern, now, DbConn};
use crate::domain::paging::stamp;
use crate::domain::permissions::{TaskAction, TaskRelation};
use crate::domain::{Actor, Role};
use crate::error::{AppError, AppResult};

use crate::values::{Priority, Scenario, Status, TaskVisibility};

use super::*;

// ---------------------------------------------------------------- read

/// (subtasks, open subtasks) per parent, of the subtasks `actor` may see: a confidential subtask
/// counts only for those who see it (the task page lists the same ones).
fn subtask_counts(c: &mut DbConn, actor: &Actor, parent_ids: &[&str]) -> AppResult<HashMap<String, (i64, i64)>> {
    let mut out: HashMap<String, (i64, i64)> = HashMap::new();
    for child in store::children_of(c, parent_ids)? {
        let Some(parent) = child.parent_id.clone() else { continue };
        let hidden = child.visibility == TaskVisibility::Confidential && actor.role != Role::Admin;
        if hidden && !sees(c, actor, &child)? {
            continue;
        }
        let e = out.entry(parent).or_default();
        e.0 += 1;
        if child.status.is_open() {
            e.1 += 1;
        }
    }
    Ok(out)
}

pub(crate) fn summaries(c: &mut DbConn, actor: &Actor, rows: Vec<TaskRow>) -> AppResult<Vec<TaskSummary>> {
    let ids: Vec<&str> = rows.iter().map(|t| t.id.as_str()).collect();
    let depts = store::department_ids_of(c, &ids)?;
    let counts = subtask_counts(c, actor, &ids)?;
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
pub(super) fn detail_with(
    c: &mut DbConn,
    actor: &Actor,
    task: TaskRow,
    known: Option<TaskRelation>,
) -> AppResult<TaskDetail> {
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
    let (predecessors, successors) = crate::domain::dependencies::of_task(c, &task.id)?;
    let is_blocked =
        matches!(task.status, Status::Draft | Status::Published) && predecessors.iter().any(|d| !d.satisfied);
    let schedule = crate::domain::schedule::of_task(c, &task.id)?;
    // Subtasks are part of the task's structure: whoever sees the task sees its subtasks listed,
    // but a confidential one only who may see it.
    let children = store::children(c, &task.id)?;
    let mut rows = vec![task];
    for child in children {
        let confidential = child.visibility == TaskVisibility::Confidential;
        if !confidential || crate::domain::permissions::can_task(actor, &relation(c, actor, &child)?, TaskAction::View)
        {
            rows.push(child);
        }
    }
    let mut all = summaries(c, actor, rows)?.into_iter();
    let summary = all.next().ok_or_else(|| AppError::internal("summary lost"))?;
    let subtasks: Vec<TaskSummary> = all.collect();
    let task = &summary.task;
    let caps = capabilities(actor, &rel);
    let allowed_transitions =
        if caps.edit || caps.update_progress { task.status.allowed_next().to_vec() } else { Vec::new() };
    let sla = crate::domain::reminders::sla(c, task, now())?;
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

pub(crate) fn detail(c: &mut DbConn, actor: &Actor, task: TaskRow) -> AppResult<TaskDetail> {
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
    /// Tasks where I am a named collaborator, and the published tasks my department works on.
    Collaborating,
    /// Tasks waiting for me: mine to move on, mine to review, or my department's to answer
    /// (for its heads).
    ToAct,
}

pub(super) fn filter_for(c: &mut DbConn, actor: &Actor, q: &TaskQuery) -> AppResult<store::TaskFilter> {
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

pub(super) fn sort_key(t: &TaskRow, field: store::SortField) -> String {
    match field {
        store::SortField::CreatedAt => stamp(t.created_at),
        store::SortField::UpdatedAt => stamp(t.updated_at),
        store::SortField::DueAt => stamp(t.due_at),
        store::SortField::Priority => t.priority.rank().to_string(),
        store::SortField::Title => t.title.clone(),
    }
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
pub(super) fn rows_page(
    c: &mut DbConn,
    actor: &Actor,
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
    let next = crate::domain::paging::cut_page(&mut rows, limit, |t| (sort_key(t, sort.field), t.id.clone()));
    Ok((summaries(c, actor, rows)?, next))
}

pub(super) fn page(
    c: &mut DbConn,
    actor: &Actor,
    filter: &store::TaskFilter,
    sort: Sort,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<crate::domain::orgs::Page<TaskSummary>> {
    let (items, next) = rows_page(c, actor, filter, sort, after, limit)?;
    let total = store::count_tasks(c, filter)?;
    Ok(crate::domain::orgs::Page { items, next, total })
}

pub fn list_tasks(
    c: &mut DbConn,
    actor_id: &str,
    q: &TaskQuery,
    sort: Sort,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<crate::domain::orgs::Page<TaskSummary>> {
    let actor = Actor::load(c, actor_id)?;
    let filter = filter_for(c, &actor, q)?;
    page(c, &actor, &filter, sort, after, limit)
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
    rows_page(c, &actor, &filter, sort, after, limit)
}

pub fn my_tasks(
    c: &mut DbConn,
    actor_id: &str,
    view: MyView,
    q: &TaskQuery,
    sort: Sort,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<crate::domain::orgs::Page<TaskSummary>> {
    let actor = Actor::load(c, actor_id)?;
    let mut filter = filter_for(c, &actor, q)?;
    match view {
        MyView::Owned => filter.owner_id = Some(actor.id.clone()),
        MyView::Collaborating => {
            filter.collaborator_id = Some(actor.id.clone());
            filter.collaborating_department.clone_from(&actor.department_id);
        }
        MyView::ToAct => {
            filter.to_act_for = Some(actor.id.clone());
            filter.to_answer_for = store::headed_departments(c, &actor.id)?;
        }
    }
    page(c, &actor, &filter, sort, after, limit)
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
    let audience = crate::domain::texts::Audience::new(me.locale, &me.time_zone);
    let mut rows = store::history(c, id, before.as_ref().map(|(t, i)| (*t, i.as_str())), limit + 1)?;
    let next = crate::domain::paging::cut_page(&mut rows, limit, |r| (stamp(r.at), r.id.clone()));
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
                row.field,
                row.old_value.as_deref(),
                row.new_value.as_deref(),
            );
            HistoryEntry { row, actor_name, department_name, summary }
        })
        .collect();
    Ok((entries, next))
}
