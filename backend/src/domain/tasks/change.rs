//! Changing tasks: the status workflow, fields, progress, publishing and deleting, with the
//! roll-up to parents and what it announces.

use chrono::NaiveDateTime;

use crate::db::tasks::{self as store, ProgressRow, TaskChanges, TaskRow};
use crate::db::{new_id, now, search_key, DbConn};
use crate::domain::journal::{rfc3339, Events, Journal};
use crate::domain::permissions::TaskAction;
use crate::domain::Actor;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::values::{EventKind, HistoryField, ParticipantReason, Scenario, Status, TaskChange, TaskVisibility};

use super::*;

// ---------------------------------------------------------------- change

/// Moves a task to `to`, checking the workflow and the subtasks; records and announces it.
pub(super) fn transition(
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
    crate::domain::dependencies::check_move(c, journal, task, to, force_reason)?;
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
        if task.parent_id.is_none() && crate::db::cases::find_summary(c, &task.id)?.is_none() {
            return Err(AppError::field(
                "summary",
                "required",
                "a top-level task is marked done with its 协作总结 (POST /api/v1/tasks/{task_id}/complete)",
            ));
        }
        changes.percent = Some(100);
        changes.completed_at = Some(Some(journal.at()));
    }
    if to == Status::Archived && task.parent_id.is_none() {
        changes.archived_at = Some(Some(journal.at()));
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
    journal.record(c, &task.id, HistoryField::Status, Some(from.as_str().to_owned()), Some(to.as_str().to_owned()))?;
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
pub(super) fn publish_descendants(c: &mut DbConn, journal: &Journal, root: &TaskRow) -> AppResult<()> {
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
pub(super) fn reject_manual_percent(c: &mut DbConn, id: &str) -> AppResult<()> {
    if store::children(c, id)?.iter().any(|t| t.status != Status::Cancelled) {
        return Err(AppError::field("percent", "rolls_up", "the percent of a task with subtasks rolls up from them"));
    }
    Ok(())
}

/// Recomputes the percent of `task_id` from its subtasks, and upwards.
pub(super) fn rollup(c: &mut DbConn, actor: &Actor, task_id: &str, at: NaiveDateTime) -> AppResult<()> {
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
                HistoryField::PercentRollup,
                Some(task.percent.to_string()),
                Some(percent.to_string()),
            )?;
        }
        cursor = task.parent_id;
    }
    Ok(())
}

/// What one edit of a task collects before it is saved: the changed columns, the events, and
/// whether fewer people may see the task now (and who may have stopped taking part).
struct Edit<'a> {
    task: &'a TaskRow,
    journal: &'a Journal,
    changes: TaskChanges,
    events: Events,
    /// The task's audience may have shrunk (departments, collaborators, owner, visibility).
    narrowed: bool,
    /// People who may have stopped taking part: they lose what came with the task.
    lost: Vec<String>,
}

impl<'a> Edit<'a> {
    fn new(task: &'a TaskRow, journal: &'a Journal) -> Self {
        Self { task, journal, changes: TaskChanges::default(), events: Vec::new(), narrowed: false, lost: Vec::new() }
    }

    /// Title, goal (and the search key they make), resources and risks.
    fn texts(&mut self, c: &mut DbConn, patch: &mut TaskPatch) -> AppResult<()> {
        let (task, id) = (self.task, self.task.id.as_str());
        let mut text_changed = false;
        if let Some(title) = patch.title.take().map(|t| t.trim().to_owned()).filter(|t| *t != task.title) {
            self.journal.record(c, id, HistoryField::Title, Some(task.title.clone()), Some(title.clone()))?;
            self.changes.title = Some(title);
            text_changed = true;
        }
        if let Some(goal) = patch.goal.take().map(|t| t.trim().to_owned()).filter(|t| *t != task.goal) {
            self.journal.record(c, id, HistoryField::Goal, Some(task.goal.clone()), Some(goal.clone()))?;
            self.changes.goal = Some(goal);
            text_changed = true;
        }
        if text_changed {
            let title = self.changes.title.as_deref().unwrap_or(&task.title);
            let goal = self.changes.goal.as_deref().unwrap_or(&task.goal);
            self.changes.search_key = Some(search_key(&[Some(title), Some(goal)]));
        }
        if let Some(resources) = patch.resources.take().map(|t| t.trim().to_owned()).filter(|t| *t != task.resources) {
            self.journal.record(
                c,
                id,
                HistoryField::Resources,
                Some(task.resources.clone()),
                Some(resources.clone()),
            )?;
            self.changes.resources = Some(resources);
        }
        if let Some(risks) = patch.risks.take().map(|t| t.trim().to_owned()).filter(|t| *t != task.risks) {
            self.journal.record(c, id, HistoryField::Risks, Some(task.risks.clone()), Some(risks.clone()))?;
            self.changes.risks = Some(risks);
        }
        Ok(())
    }

    /// Priority, visibility and the initiating department.
    fn settings(&mut self, c: &mut DbConn, patch: &mut TaskPatch) -> AppResult<()> {
        let (task, id) = (self.task, self.task.id.as_str());
        if let Some(p) = patch.priority.take().filter(|p| *p != task.priority) {
            let (old, new) = (task.priority.as_str().to_owned(), p.as_str().to_owned());
            self.journal.record(c, id, HistoryField::Priority, Some(old), Some(new))?;
            self.changes.priority = Some(p);
            self.changes.priority_rank = Some(p.rank());
        }
        if let Some(v) = patch.visibility.take().filter(|v| *v != task.visibility) {
            let (old, new) = (task.visibility.as_str().to_owned(), v.as_str().to_owned());
            self.journal.record(c, id, HistoryField::Visibility, Some(old), Some(new))?;
            self.changes.visibility = Some(v);
            self.narrowed |= v == TaskVisibility::Confidential;
        }
        if let Some(dept) = patch.initiating_department_id.take().filter(|d| *d != task.initiating_department_id) {
            if let Some(d) = &dept {
                check_departments(c, "initiating_department_id", std::slice::from_ref(d))?;
            }
            let old = task.initiating_department_id.clone().map(|d| names_of_departments(c, &[d])).transpose()?;
            let new = dept.clone().map(|d| names_of_departments(c, &[d])).transpose()?;
            self.journal.record(c, id, HistoryField::InitiatingDepartment, old, new)?;
            self.changes.initiating_department_id = Some(dept);
        }
        Ok(())
    }

    /// The collaborating departments; a department added to a published task brings its people in.
    fn departments(&mut self, c: &mut DbConn, patch: &mut TaskPatch) -> AppResult<()> {
        let (task, id) = (self.task, self.task.id.as_str());
        let Some(depts) = patch.department_ids.take() else { return Ok(()) };
        let depts = dedup(&depts);
        let current = store::department_ids(c, id)?;
        if same_set(&depts, &current) {
            return Ok(());
        }
        check_departments(c, "department_ids", &depts)?;
        if task.parent_id.is_none() && task.scenario == Scenario::CrossDepartment && depts.len() < 2 {
            return Err(AppError::field("department_ids", "min_two", "a cross-department task needs two departments"));
        }
        let (old, new) = (names_of_departments(c, &current)?, names_of_departments(c, &depts)?);
        self.journal.record(c, id, HistoryField::Departments, Some(old), Some(new))?;
        store::set_departments(c, id, &depts)?;
        self.narrowed = true;
        if task.status != Status::Draft {
            // A department added later brings its people in: tell them.
            let added: Vec<String> = depts.iter().filter(|d| !current.contains(d)).cloned().collect();
            let newcomers = store::people_of_departments(c, &added)?;
            self.events.push((EventKind::TaskPublished, newcomers, None, None));
            super::responses::sync(c, task, self.journal.at())?;
        }
        Ok(())
    }

    /// The owner (the subtasks' parent owner too) and the collaborators.
    fn people(&mut self, c: &mut DbConn, patch: &mut TaskPatch) -> AppResult<()> {
        let (task, id) = (self.task, self.task.id.as_str());
        let mut owner = task.owner_id.clone();
        if let Some(new_owner) = patch.owner_id.take().filter(|o| *o != task.owner_id) {
            check_users(c, "owner_id", std::slice::from_ref(&new_owner))?;
            let (old, new) = (
                names_of_users(c, std::slice::from_ref(&task.owner_id))?,
                names_of_users(c, std::slice::from_ref(&new_owner))?,
            );
            self.journal.record(c, id, HistoryField::Owner, Some(old), Some(new))?;
            // The former owner takes part for other reasons only, if any (creator, collaborator...);
            // the subtasks' parent owner changes too.
            store::remove_participant_reason(c, id, &task.owner_id, ParticipantReason::Owner)?;
            store::add_participants(c, id, &[(new_owner.clone(), ParticipantReason::Owner)])?;
            for child in store::children(c, id)? {
                store::remove_participant_reason(c, &child.id, &task.owner_id, ParticipantReason::Parent)?;
                store::add_participants(c, &child.id, &[(new_owner.clone(), ParticipantReason::Parent)])?;
            }
            self.lost.push(task.owner_id.clone());
            self.changes.owner_id = Some(new_owner.clone());
            self.narrowed = true;
            if task.status != Status::Draft {
                self.events.push((EventKind::TaskAssigned, vec![new_owner.clone()], None, None));
            }
            owner = new_owner;
        }
        let Some(collabs) = patch.collaborator_ids.take() else { return Ok(()) };
        let collabs: Vec<String> = dedup(&collabs).into_iter().filter(|u| *u != owner).collect();
        let current = store::collaborator_ids(c, id)?;
        if same_set(&collabs, &current) {
            return Ok(());
        }
        check_users(c, "collaborator_ids", &collabs)?;
        let (old, new) = (names_of_users(c, &current)?, names_of_users(c, &collabs)?);
        self.journal.record(c, id, HistoryField::Collaborators, Some(old), Some(new))?;
        store::set_collaborators(c, id, &collabs)?;
        self.narrowed = true;
        for gone in current.iter().filter(|u| !collabs.contains(u)) {
            store::remove_participant_reason(c, id, gone, ParticipantReason::Collaborator)?;
            self.lost.push(gone.clone());
        }
        let rows: Vec<_> = collabs.iter().map(|u| (u.clone(), ParticipantReason::Collaborator)).collect();
        store::add_participants(c, id, &rows)
    }

    /// Start, deadline (within the parent's) and milestones.
    fn dates(&mut self, c: &mut DbConn, patch: &mut TaskPatch) -> AppResult<()> {
        let (task, id) = (self.task, self.task.id.as_str());
        let asked = patch.start_at.is_some() || patch.due_at.is_some();
        let start = patch.start_at.take().unwrap_or(task.start_at);
        let due = patch.due_at.take().unwrap_or(task.due_at);
        if asked {
            check_dates(start, due)?;
        }
        if start != task.start_at {
            self.journal.record(c, id, HistoryField::StartAt, Some(rfc3339(task.start_at)), Some(rfc3339(start)))?;
            self.changes.start_at = Some(start);
        }
        if due != task.due_at {
            if let Some(pid) = &task.parent_id {
                if store::find_task(c, pid)?.is_some_and(|p| due > p.due_at) {
                    return Err(AppError::field("due_at", "after_parent", "a subtask cannot end after its task"));
                }
            }
            self.journal.record(c, id, HistoryField::DueAt, Some(rfc3339(task.due_at)), Some(rfc3339(due)))?;
            self.changes.due_at = Some(due);
            if task.status != Status::Draft {
                let people = everyone_involved(c, id)?;
                self.events.push((EventKind::TaskDueChanged, people, Some(rfc3339(task.due_at)), Some(rfc3339(due))));
            }
        }
        let Some(ms) = patch.milestones.take() else { return Ok(()) };
        let old = store::milestones(c, id)?;
        let old_text = old.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join("、");
        let new_text = ms.iter().map(|m| m.name.trim().to_owned()).collect::<Vec<_>>().join("、");
        let items: Vec<_> = ms.iter().map(|m| (m.name.trim().to_owned(), m.due_at, m.done_at)).collect();
        store::replace_milestones(c, id, &items)?;
        let old_items: Vec<_> = old.iter().map(|m| (m.name.clone(), m.due_at, m.done_at)).collect();
        if old_items != items {
            self.journal.record(c, id, HistoryField::Milestones, Some(old_text), Some(new_text))?;
        }
        Ok(())
    }

    /// A manual percent (refused while subtasks drive it).
    fn percent(&mut self, c: &mut DbConn, patch: &mut TaskPatch) -> AppResult<()> {
        let (task, id) = (self.task, self.task.id.as_str());
        if let Some(percent) = patch.percent.take().filter(|p| *p != task.percent) {
            reject_manual_percent(c, id)?;
            let (old, new) = (task.percent.to_string(), percent.to_string());
            self.journal.record(c, id, HistoryField::Percent, Some(old), Some(new))?;
            self.changes.percent = Some(percent);
        }
        Ok(())
    }
}

/// After an edit that may have shrunk the task's audience: a task made confidential makes its
/// subtree confidential, and whoever no longer sees a task of it loses its notifications.
fn narrow_down(c: &mut DbConn, journal: &Journal, id: &str, to_confidential: bool) -> AppResult<()> {
    let mut ids = vec![id.to_owned()];
    let mut stack = store::children(c, id)?;
    while let Some(sub) = stack.pop() {
        stack.extend(store::children(c, &sub.id)?);
        if to_confidential && sub.visibility != TaskVisibility::Confidential {
            let old = Some(sub.visibility.as_str().to_owned());
            let new = Some(TaskVisibility::Confidential.as_str().to_owned());
            journal.record(c, &sub.id, HistoryField::Visibility, old, new)?;
            let changes = TaskChanges { visibility: Some(TaskVisibility::Confidential), ..Default::default() };
            if !store::update_task(c, &sub.id, sub.version, &changes, journal.at())? {
                return Err(AppError::version_mismatch());
            }
        }
        ids.push(sub.id);
    }
    crate::domain::notifications::forget_unseen(c, &ids)
}

/// Changes a task (PATCH). `expected` is the version from `If-Match`.
pub fn update_task(
    c: &mut DbConn,
    actor_id: &str,
    id: &str,
    expected: i64,
    mut patch: TaskPatch,
) -> AppResult<TaskDetail> {
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
    let journal = Journal::new(&actor, now());
    let mut edit = Edit::new(&task, &journal);
    edit.texts(c, &mut patch)?;
    edit.settings(c, &mut patch)?;
    edit.departments(c, &mut patch)?;
    edit.people(c, &mut patch)?;
    edit.dates(c, &mut patch)?;
    edit.percent(c, &mut patch)?;
    let Edit { mut changes, mut events, narrowed, lost, .. } = edit;
    if let Some(status) = patch.status {
        if status == Status::Published {
            return publish_inner(c, &actor, &journal, task, changes, events);
        }
        events.extend(transition(c, &journal, &task, status, &mut changes, patch.force_reason.as_deref())?);
    }
    let to_confidential = changes.visibility == Some(TaskVisibility::Confidential);
    let detail = save(c, &actor, &journal, task, changes, events)?;
    if narrowed {
        narrow_down(c, &journal, id, to_confidential)?;
    }
    if !lost.is_empty() {
        let task = store::find_task(c, id)?.ok_or_else(|| AppError::not_found("task"))?;
        crate::domain::participants::lost_sight(c, &actor, &task, &lost)?;
    }
    Ok(detail)
}

pub(super) fn save(
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
        for successor in crate::domain::dependencies::newly_unblocked(c, &updated, task.status)? {
            journal.emit(c, EventKind::TaskUnblocked, &successor, vec![successor.owner_id.clone()], None, None)?;
        }
    }
    if changes.percent.is_some() || changes.status.is_some() {
        if let Some(pid) = &updated.parent_id {
            rollup(c, actor, pid, journal.at())?;
        }
    }
    if changes.status.is_some() || changes.start_at.is_some() || changes.due_at.is_some() {
        crate::domain::schedule::refresh(c, journal, &[&updated.root_id])?;
    }
    if changes.status == Some(Status::Archived) && updated.parent_id.is_none() {
        // The whole tree goes into the library read-only; cancelled subtasks stay cancelled.
        let below = store::descendants_of_root(c, &updated.id)?;
        let ids: Vec<&str> = below.iter().map(|t| t.id.as_str()).collect();
        crate::db::cases::move_status(c, &ids, Status::Done, Status::Archived, journal.at())?;
        journal.record(c, &updated.id, HistoryField::Archived, None, Some(archive_how(journal).to_owned()))?;
    }
    let what = match changes.status {
        Some(Status::Archived) => TaskChange::Case,
        Some(_) => TaskChange::Status,
        None => TaskChange::Updated,
    };
    crate::domain::live::task_changed(c, &updated, what, serde_json::json!({}))?;
    detail(c, actor, updated)
}

/// How a task went into the library, as history keeps it: by the platform (the rule
/// `archive_after_days`), else by hand.
fn archive_how(journal: &Journal) -> &'static str {
    if journal.is_automatic() {
        "auto"
    } else {
        "manual"
    }
}

/// Puts a done top-level task and its tree into the case library (read-only from then on).
pub(crate) fn archive(c: &mut DbConn, actor: &Actor, journal: &Journal, task: TaskRow) -> AppResult<TaskDetail> {
    if task.parent_id.is_some() {
        return Err(AppError::field(
            "task_id",
            "not_top_level",
            "a subtask goes into the case library with its top-level task",
        ));
    }
    let mut changes = TaskChanges::default();
    let events = transition(c, journal, &task, Status::Archived, &mut changes, None)?;
    save(c, actor, journal, task, changes, events)
}

/// Takes a case out of the library: the task and its archived subtasks are done again (and
/// editable), with the reason on record.
pub(crate) fn unarchive(
    c: &mut DbConn,
    actor: &Actor,
    journal: &Journal,
    task: TaskRow,
    reason: &str,
) -> AppResult<TaskDetail> {
    if task.status != Status::Archived || task.parent_id.is_some() {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "only a case (an archived top-level task) is reopened",
        ));
    }
    let below = store::descendants_of_root(c, &task.id)?;
    let ids: Vec<&str> = below.iter().map(|t| t.id.as_str()).collect();
    crate::db::cases::move_status(c, &ids, Status::Archived, Status::Done, journal.at())?;
    let changes = TaskChanges { status: Some(Status::Done), archived_at: Some(None), ..TaskChanges::default() };
    journal.record(
        c,
        &task.id,
        HistoryField::Status,
        Some(Status::Archived.as_str().to_owned()),
        Some(Status::Done.as_str().to_owned()),
    )?;
    journal.record(c, &task.id, HistoryField::Reopened, None, Some(reason.to_owned()))?;
    save(c, actor, journal, task, changes, Vec::new())
}

pub(super) fn publish_inner(
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
    super::responses::sync(c, &published, journal.at())?;
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
        journal.record(c, id, HistoryField::Percent, Some(task.percent.to_string()), Some(p.to_string()))?;
        changes.percent = Some(p);
    }
    if let Some(s) = target {
        events.extend(transition(c, &journal, &task, s, &mut changes, force_reason)?);
    }
    let note = note.trim();
    if !note.is_empty() {
        journal.record(c, id, HistoryField::ProgressNote, None, Some(note.to_owned()))?;
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
        journal.record(c, &t.id, HistoryField::Deleted, None, None)?;
    }
    if let Some(pid) = &task.parent_id {
        rollup(c, &actor, pid, at)?;
    }
    crate::domain::schedule::refresh(c, &journal, &[&task.root_id])?;
    // Nobody sees a deleted task any more (the event reaches no stream); the search index
    // drops the subtree's documents.
    crate::domain::live::task_changed(c, &task, TaskChange::Updated, serde_json::json!({"deleted": true}))
}
