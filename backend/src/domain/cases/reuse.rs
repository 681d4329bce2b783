//! 以此为模板新建: a new draft task with a case's structure. The top-level task's fields, its
//! subtasks per department (owners kept while they are active, else the new task's owner), the
//! dependencies between them, the milestones, the collections and the resource request's form,
//! all dates shifted so the case's deadline lands on the new one; the chosen files copied as first
//! versions (the content is shared, not copied: blobs are addressed by their hash). Nothing of the
//! case changes.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use super::library::visible_case;
use crate::db::cases as store;
use crate::db::dependencies::{self as dep_store, DependencyRow};
use crate::db::files as file_store;
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{new_id, now, DbConn};
use crate::domain::journal::Journal;
use crate::domain::tasks::{self, task_refs, MilestoneInput, NewTask, TaskDetail};
use crate::domain::Actor;
use crate::error::{AppError, AppResult};
use crate::values::{HistoryField, Status, TaskChange};

/// Files copied from a case at most.
pub const MAX_FILES: usize = 50;

#[derive(Debug, Clone)]
pub struct ReuseInput {
    /// The new task's title (the case's when empty).
    pub title: Option<String>,
    /// The new deadline; every date of the case moves by the same amount.
    pub due_at: NaiveDateTime,
    /// Files of the case's tasks to copy (each must be one the caller may read).
    pub file_ids: Vec<String>,
}

/// Starts a new draft from a case; the caller owns it.
pub fn reuse(c: &mut DbConn, actor_id: &str, case_id: &str, input: ReuseInput) -> AppResult<TaskDetail> {
    let actor = Actor::load(c, actor_id)?;
    let case = visible_case(c, &actor, case_id)?;
    if input.file_ids.len() > MAX_FILES {
        return Err(AppError::field("file_ids", "too_many", format!("at most {MAX_FILES} files")));
    }
    let shift = input.due_at - case.due_at;
    let at = now();
    let below = task_store::descendants_of_root(c, &case.id)?;
    // Parents before children: by depth.
    let mut tree: Vec<&TaskRow> = below.iter().filter(|t| t.status != Status::Cancelled).collect();
    tree.sort_by_key(|t| (t.depth, t.created_at));
    let mut people: Vec<String> = tree.iter().map(|t| t.owner_id.clone()).collect();
    people.extend(task_store::collaborator_ids(c, &case.id)?);
    let active = task_store::active_user_ids(c, &people)?;
    let keep = |id: &str| if active.iter().any(|a| a == id) { id.to_owned() } else { actor.id.clone() };

    let title = input.title.as_deref().map(str::trim).filter(|t| !t.is_empty()).unwrap_or(&case.title).to_owned();
    let form = new_task(c, &case, title, actor.id.clone(), shift, &active)?;
    let root = tasks::insert_new(c, &actor, form, None, at)?;
    let mut copies: HashMap<String, TaskRow> = HashMap::new();
    copies.insert(case.id.clone(), root.clone());
    for t in tree {
        let Some(parent) = t.parent_id.as_ref().and_then(|p| copies.get(p)).cloned() else { continue };
        let owner = keep(&t.owner_id);
        let input = new_task(c, t, t.title.clone(), owner, shift, &active)?;
        let copy = tasks::insert_new(c, &actor, input, Some(&parent), at)?;
        copies.insert(t.id.clone(), copy);
    }
    for (pred, succ, kind, lag) in store::links_within(c, &case.id)? {
        let (Some(p), Some(s)) = (copies.get(&pred), copies.get(&succ)) else { continue };
        dep_store::insert(
            c,
            &DependencyRow {
                id: new_id(),
                predecessor_id: p.id.clone(),
                successor_id: s.id.clone(),
                kind,
                lag_days: lag,
                created_by: actor.id.clone(),
                created_at: at,
                predecessor_root_id: root.id.clone(),
                successor_root_id: root.id.clone(),
            },
        )?;
    }
    let file_map = copy_files(c, actor_id, &actor, &case, &copies, &input.file_ids)?;
    copy_collections(c, actor_id, &copies, &file_map, shift)?;
    copy_request(c, actor_id, &case, &root, shift)?;
    let journal = Journal::new(&actor, at);
    journal.record(c, &root.id, HistoryField::ReusedFrom, None, Some(task_refs(&[&case])))?;
    crate::domain::schedule::refresh(c, &journal, &[&root.id])?;
    crate::domain::live::task_changed(c, &root, TaskChange::Updated, serde_json::json!({}))?;
    let fresh = task_store::find_task(c, &root.id)?.ok_or_else(|| AppError::internal("the new task vanished"))?;
    tasks::detail(c, &actor, fresh)
}

/// The form of a copy of `t`, its dates moved by `shift`.
fn new_task(
    c: &mut DbConn,
    t: &TaskRow,
    title: String,
    owner_id: String,
    shift: Duration,
    active: &[String],
) -> AppResult<NewTask> {
    let milestones = task_store::milestones(c, &t.id)?
        .into_iter()
        .map(|m| MilestoneInput { name: m.name, due_at: m.due_at + shift, done_at: None })
        .collect();
    let collaborator_ids =
        task_store::collaborator_ids(c, &t.id)?.into_iter().filter(|u| active.contains(u) && *u != owner_id).collect();
    let department_ids = task_store::department_ids(c, &t.id)?;
    let department_ids = task_store::active_department_ids(c, &department_ids)?;
    Ok(NewTask {
        scenario: t.scenario,
        template: t.template.clone(),
        title,
        goal: t.goal.clone(),
        initiating_department_id: t.initiating_department_id.clone(),
        department_ids,
        owner_id,
        collaborator_ids,
        priority: Some(t.priority),
        start_at: Some(t.start_at + shift),
        due_at: t.due_at + shift,
        milestones,
        resources: t.resources.clone(),
        risks: t.risks.clone(),
        visibility: t.visibility,
    })
}

/// Copies the chosen files (current version, name, description, access) into the copies of
/// their tasks; the map from old to new file ids.
fn copy_files(
    c: &mut DbConn,
    actor_id: &str,
    actor: &Actor,
    case: &TaskRow,
    copies: &HashMap<String, TaskRow>,
    file_ids: &[String],
) -> AppResult<HashMap<String, String>> {
    let mut out = HashMap::new();
    for (i, id) in file_ids.iter().enumerate() {
        let field = || format!("file_ids[{i}]");
        let row = file_store::find_file(c, id)?.filter(|f| f.deleted_at.is_none());
        let Some(row) = row else { return Err(AppError::field(&field(), "not_found", "no such file in the case")) };
        // Read permission first: a file the caller may not read is "not found", like any other.
        if crate::domain::files::get(c, actor_id, id).is_err() {
            return Err(AppError::field(&field(), "not_found", "no such file in the case"));
        }
        let Some(target) = copies.get(&row.task_id) else {
            return Err(AppError::field(&field(), "not_in_case", "the file belongs to another task"));
        };
        if out.contains_key(id) {
            continue;
        }
        let version = file_store::version(c, id, row.current_version)?
            .ok_or_else(|| AppError::internal("a file without its current version"))?;
        let access = crate::domain::files::Access::of(&row)?;
        let blob = crate::domain::files::StoredBlob {
            sha256: version.sha256,
            size_bytes: version.size_bytes,
            content_type: version.content_type,
        };
        let note = format!("复制自案例《{}》", case.title);
        let note: String = note.chars().take(crate::domain::files::MAX_NOTE_CHARS).collect();
        let new_id = crate::domain::files::store_new(
            c,
            actor,
            target,
            &row.name,
            row.description.clone(),
            note,
            &access,
            &blob,
        )?;
        out.insert(id.clone(), new_id);
    }
    Ok(out)
}

/// The collections of the case's tasks, on their copies (a one-off's deadline moved with the
/// rest; the template kept when its file was copied).
fn copy_collections(
    c: &mut DbConn,
    actor_id: &str,
    copies: &HashMap<String, TaskRow>,
    files: &HashMap<String, String>,
    shift: Duration,
) -> AppResult<()> {
    use crate::domain::collections::{self, schedule::CollectionSchedule, NewCollection, Spec, Submitters};
    for (old, copy) in copies {
        for row in crate::db::collections::collections_of_task(c, old)? {
            let spec: Spec = serde_json::from_str(&row.spec).map_err(AppError::internal)?;
            let submitters: Submitters = serde_json::from_str(&row.submitters).map_err(AppError::internal)?;
            let mut schedule: CollectionSchedule = serde_json::from_str(&row.schedule).map_err(AppError::internal)?;
            if let Some(due) = schedule.due_at {
                let moved = due + shift;
                // A deadline that would already be past waits for the task's own.
                let floor = DateTime::<Utc>::from_naive_utc_and_offset(now(), Utc) + Duration::hours(1);
                schedule.due_at = Some(if moved > floor { moved } else { copy.due_at.and_utc().max(floor) });
            }
            collections::create(
                c,
                actor_id,
                &copy.id,
                NewCollection {
                    title: row.title,
                    instructions: row.instructions,
                    template_file_id: row.template_file_id.and_then(|f| files.get(&f).cloned()),
                    spec,
                    submitters,
                    schedule,
                    allow_late: row.allow_late,
                    remind_before_minutes: Some(row.remind_before_minutes),
                },
            )?;
        }
    }
    Ok(())
}

/// The resource request's form, as a draft of the new task (its needed-by date moved).
fn copy_request(c: &mut DbConn, actor_id: &str, case: &TaskRow, root: &TaskRow, shift: Duration) -> AppResult<()> {
    use crate::domain::approvals::{form::RequestForm, request};
    let Some(row) = crate::db::approvals::find_request(c, &case.id)? else { return Ok(()) };
    let mut form: RequestForm = serde_json::from_str(&row.form).map_err(AppError::internal)?;
    form.needed_by = form.needed_by.map(|d| d + Duration::days(shift.num_days()));
    request::save(c, actor_id, &root.id, None, form)?;
    Ok(())
}
