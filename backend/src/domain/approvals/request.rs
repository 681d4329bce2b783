//! A resource request: its form, submitting it (the approval starts), withdrawing (撤回) until
//! the first decision, nudging (催办), and reading it with every submission kept.

use std::collections::HashMap;

use chrono::Duration;
use serde_json::json;

use super::flows::{self, Facts};
use super::form::{self, RequestForm};
use super::{parse_steps, ResolvedStep};
use crate::db::approvals::{self as store, AssignmentRow, CopyRow, RequestRow, SubmissionRow};
use crate::db::orgs as org_store;
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{new_id, now, DbConn};
use crate::domain::journal::Journal;
use crate::domain::permissions::{can_task, TaskAction, TaskRelation};
use crate::domain::tasks::load_for;
use crate::domain::{live, Actor, Role};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::values::{
    AssignmentOrigin, AssignmentState, EventKind, HistoryField, ParticipantReason, RequestStatus, Scenario, Status,
    TaskChange,
};

/// A submission with its steps, assignments and the people copied so far.
#[derive(Debug, Clone)]
pub struct SubmissionView {
    pub row: SubmissionRow,
    pub form: RequestForm,
    pub steps: Vec<ResolvedStep>,
    pub assignments: Vec<AssignmentRow>,
    pub copies: Vec<CopyRow>,
}

/// What the reader may do now.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestCan {
    pub edit: bool,
    pub submit: bool,
    pub withdraw: bool,
    pub nudge: bool,
    /// Approve, reject, return, transfer, add an approver: the request waits on the reader.
    pub decide: bool,
}

/// A request as its reader sees it.
#[derive(Debug, Clone)]
pub struct RequestView {
    pub task: TaskRow,
    pub row: RequestRow,
    pub form: RequestForm,
    pub current: Option<SubmissionView>,
    pub can: RequestCan,
    pub names: HashMap<String, String>,
}

pub(crate) fn parse_form(json: &str) -> AppResult<RequestForm> {
    serde_json::from_str(json).map_err(AppError::internal)
}

/// Loads a resource-request task for an action; 404 when the reader may not see it, 409 when it
/// is not a resource request.
pub(crate) fn task_for(
    c: &mut DbConn,
    actor: &Actor,
    task_id: &str,
    action: TaskAction,
) -> AppResult<(TaskRow, TaskRelation)> {
    let (task, rel) = load_for(c, actor, task_id, action)?;
    if task.scenario != Scenario::ResourceRequest {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "only a resource-request task (资源申请) carries a request form",
        ));
    }
    Ok((task, rel))
}

pub(crate) fn submission_view(c: &mut DbConn, row: SubmissionRow) -> AppResult<SubmissionView> {
    let assignments = store::assignments_of(c, &[row.id.as_str()])?;
    let copies = store::copies_of(c, &row.id)?;
    let steps = parse_steps(&row.steps)?;
    let form = parse_form(&row.form)?;
    Ok(SubmissionView { row, form, steps, assignments, copies })
}

fn names_of(c: &mut DbConn, row: &RequestRow, subs: &[&SubmissionView]) -> AppResult<HashMap<String, String>> {
    let mut ids: Vec<&str> = vec![row.initiator_id.as_str()];
    for s in subs {
        ids.push(&s.row.submitted_by);
        ids.extend(s.row.ended_by.as_deref());
        for a in &s.assignments {
            ids.push(&a.approver_id);
            ids.extend(a.via_id.as_deref());
        }
        ids.extend(s.copies.iter().map(|c| c.user_id.as_str()));
        for step in &s.steps {
            ids.extend(step.approver_ids.iter().map(String::as_str));
            ids.extend(step.cc_ids.iter().map(String::as_str));
        }
    }
    org_store::user_names(c, &ids)
}

fn can(actor: &Actor, rel: &TaskRelation, row: &RequestRow, current: Option<&SubmissionView>) -> RequestCan {
    let editable = matches!(row.status, RequestStatus::Draft | RequestStatus::Returned | RequestStatus::Withdrawn);
    let edits = can_task(actor, rel, TaskAction::Edit);
    let pending = row.status == RequestStatus::Pending;
    let initiates = row.initiator_id == actor.id;
    let decided = current.is_some_and(|s| super::someone_decided(&s.assignments));
    let waits_on_me = pending
        && current.is_some_and(|s| {
            s.assignments.iter().any(|a| a.approver_id == actor.id && a.state == AssignmentState::Pending)
        });
    RequestCan {
        edit: editable && edits,
        submit: editable && edits,
        withdraw: pending && (initiates || actor.role == Role::Admin) && !decided,
        nudge: pending && initiates,
        decide: waits_on_me,
    }
}

fn view(c: &mut DbConn, actor: &Actor, task: TaskRow, rel: &TaskRelation, row: RequestRow) -> AppResult<RequestView> {
    let current = match &row.current_submission_id {
        Some(id) => match store::find_submission(c, id)? {
            Some(s) => Some(submission_view(c, s)?),
            None => None,
        },
        None => None,
    };
    let names = names_of(c, &row, &current.iter().collect::<Vec<_>>())?;
    let can = can(actor, rel, &row, current.as_ref());
    let form = parse_form(&row.form)?;
    Ok(RequestView { task, row, form, current, can, names })
}

/// The request of a task (404 when the task has none yet).
pub fn get(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<RequestView> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = task_for(c, &actor, task_id, TaskAction::View)?;
    let row = store::find_request(c, &task.id)?.ok_or_else(|| AppError::not_found("resource request"))?;
    view(c, &actor, task, &rel, row)
}

/// Every submission of a task's request, newest first.
pub fn submissions(
    c: &mut DbConn,
    actor_id: &str,
    task_id: &str,
) -> AppResult<(Vec<SubmissionView>, HashMap<String, String>)> {
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = task_for(c, &actor, task_id, TaskAction::View)?;
    let row = store::find_request(c, &task.id)?.ok_or_else(|| AppError::not_found("resource request"))?;
    let mut out = Vec::new();
    for s in store::submissions_of(c, &task.id)? {
        out.push(submission_view(c, s)?);
    }
    let names = names_of(c, &row, &out.iter().collect::<Vec<_>>())?;
    Ok((out, names))
}

/// Saves the form (creates the request on first save). Editable as a draft, after a return and
/// after a withdrawal; `expected` is the request's version (`If-Match`) once it exists.
pub fn save(
    c: &mut DbConn,
    actor_id: &str,
    task_id: &str,
    expected: Option<i64>,
    input: RequestForm,
) -> AppResult<RequestView> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = task_for(c, &actor, task_id, TaskAction::Edit)?;
    store::lock_request(c, &task.id)?;
    let checked = form::check(c, input)?;
    let at = now();
    let form_json = serde_json::to_string(&checked.form).map_err(AppError::internal)?;
    let (total_minor, currency) = match checked.total {
        Some((a, cur)) => (Some(a.minor), Some(cur)),
        None => (None, None),
    };
    let row = match store::find_request(c, &task.id)? {
        None => {
            if expected.is_some_and(|v| v != 0) {
                return Err(AppError::version_mismatch());
            }
            let row = RequestRow {
                task_id: task.id.clone(),
                status: RequestStatus::Draft,
                form: form_json,
                total_minor,
                currency,
                form_revision: 1,
                initiator_id: task.owner_id.clone(),
                current_submission_id: None,
                created_at: at,
                updated_at: at,
                version: 1,
            };
            store::insert_request(c, &row)?;
            row
        }
        Some(mut row) => {
            let Some(v) = expected else {
                return Err(AppError::new(
                    ErrorCode::PreconditionRequired,
                    "send If-Match with the ETag you last read",
                ));
            };
            if v != row.version {
                return Err(AppError::version_mismatch());
            }
            if !matches!(row.status, RequestStatus::Draft | RequestStatus::Returned | RequestStatus::Withdrawn) {
                return Err(AppError::conflict(
                    "the request is under approval or decided: withdraw it (before the first decision) to edit",
                ));
            }
            if row.form == form_json {
                return view(c, &actor, task, &rel, row);
            }
            row.form = form_json;
            row.total_minor = total_minor;
            row.currency = currency;
            row.form_revision += 1;
            row.updated_at = at;
            row.version += 1;
            if !store::update_request(c, &row)? {
                return Err(AppError::version_mismatch());
            }
            row
        }
    };
    Journal::new(&actor, at).record(
        c,
        &task.id,
        HistoryField::RequestForm,
        None,
        Some(row.form_revision.to_string()),
    )?;
    live::task_changed(c, &task, TaskChange::Approval, json!({"request": "form"}))?;
    view(c, &actor, task, &rel, row)
}

/// Submits the request: the first flow that applies is resolved to people (a step that resolves
/// to nobody refuses it), a draft task is published, the approvers and people copied take part in
/// the task, and the first step's approvers are asked.
pub fn submit(c: &mut DbConn, actor_id: &str, task_id: &str, expected: Option<i64>) -> AppResult<RequestView> {
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = task_for(c, &actor, task_id, TaskAction::Edit)?;
    store::lock_request(c, &task.id)?;
    let mut row = store::find_request(c, &task.id)?
        .ok_or_else(|| AppError::conflict("fill in the request form (save it) before submitting"))?;
    if expected.is_some_and(|v| v != row.version) {
        return Err(AppError::version_mismatch());
    }
    if !matches!(row.status, RequestStatus::Draft | RequestStatus::Returned | RequestStatus::Withdrawn) {
        return Err(AppError::conflict("the request is already under approval or decided"));
    }
    if matches!(task.status, Status::Cancelled | Status::Archived) {
        return Err(AppError::conflict("the task is cancelled or archived"));
    }
    let form = parse_form(&row.form)?;
    let total = match (row.total_minor, row.currency) {
        (Some(minor), Some(cur)) => Some((crate::values::Amount { minor }, cur)),
        _ => None,
    };
    let facts = Facts { form: &form, total, department_id: task.initiating_department_id.as_deref() };
    let flow = flows::choose(c, &facts)?;
    let steps = flows::resolve(c, &flow, &facts, &actor)?;
    let task = if task.status == Status::Draft {
        crate::domain::tasks::publish(c, &actor.id, &task.id)?;
        task_store::find_task(c, &task.id)?.ok_or_else(|| AppError::not_found("task"))?
    } else {
        task
    };
    let at = now();
    let number = store::submission_count(c, &task.id)? + 1;
    let sub = SubmissionRow {
        id: new_id(),
        task_id: task.id.clone(),
        number,
        flow_id: flow.row.id.clone(),
        flow_name: flow.row.name.clone(),
        form: row.form.clone(),
        form_revision: row.form_revision,
        steps: serde_json::to_string(&steps).map_err(AppError::internal)?,
        current_step: Some(0),
        submitted_by: actor.id.clone(),
        submitted_at: at,
        outcome: RequestStatus::Pending,
        ended_at: None,
        ended_by: None,
        end_comment: None,
        last_nudged_at: None,
    };
    store::insert_submission(c, &sub)?;
    let cal = crate::domain::work_calendar::calendar(c)?;
    let mut people: Vec<(String, ParticipantReason)> = Vec::new();
    let mut rows = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let i = i32::try_from(i).unwrap_or(i32::MAX);
        for id in &step.approver_ids {
            people.push((id.clone(), ParticipantReason::Approver));
            let mut row = super::decide::waiting(&sub.id, &task.id, i, id, AssignmentOrigin::Flow, None, at);
            if i == 0 {
                super::ask_from(&mut row, &cal, at, step.sla_minutes);
            }
            rows.push(row);
        }
        people.extend(step.cc_ids.iter().map(|id| (id.clone(), ParticipantReason::ApprovalCc)));
    }
    store::insert_assignments(c, &rows)?;
    task_store::add_participants(c, &task.id, &people)?;
    row.status = RequestStatus::Pending;
    row.initiator_id = actor.id.clone();
    row.current_submission_id = Some(sub.id.clone());
    row.updated_at = at;
    row.version += 1;
    if !store::update_request(c, &row)? {
        return Err(AppError::version_mismatch());
    }
    let journal = Journal::new(&actor, at);
    journal.record(c, &task.id, HistoryField::ApprovalSubmitted, None, Some(number.to_string()))?;
    let first: Vec<String> = steps[0].approver_ids.clone();
    journal.emit_with(
        c,
        EventKind::ApprovalRequested,
        &task,
        first,
        None,
        Some(&steps[0].name),
        json!({"submission_id": sub.id, "step": 0}),
    )?;
    live::task_changed(c, &task, TaskChange::Approval, json!({"request": "submitted"}))?;
    let rel = crate::domain::tasks::relation(c, &actor, &task)?;
    view(c, &actor, task, &rel, row)
}

/// The initiator (or an administrator) takes a request back before anyone decided on it.
pub fn withdraw(c: &mut DbConn, actor_id: &str, task_id: &str, comment: Option<String>) -> AppResult<RequestView> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = task_for(c, &actor, task_id, TaskAction::View)?;
    store::lock_request(c, &task.id)?;
    let mut row = store::find_request(c, &task.id)?.ok_or_else(|| AppError::not_found("resource request"))?;
    if row.initiator_id != actor.id && actor.role != Role::Admin {
        return Err(AppError::forbidden("only the initiator withdraws a request"));
    }
    if row.status != RequestStatus::Pending {
        return Err(AppError::conflict("the request is not under approval"));
    }
    let sub_id = row.current_submission_id.clone().ok_or_else(|| AppError::conflict("no submission"))?;
    let mut sub = store::find_submission(c, &sub_id)?.ok_or_else(|| AppError::not_found("submission"))?;
    let assignments = store::assignments_of(c, &[sub.id.as_str()])?;
    if super::someone_decided(&assignments) {
        return Err(AppError::conflict("an approver has decided already: the request can no longer be withdrawn"));
    }
    let at = now();
    let waiting_on: Vec<String> =
        assignments.iter().filter(|a| a.state == AssignmentState::Pending).map(|a| a.approver_id.clone()).collect();
    super::decide::close_open(c, &assignments, at)?;
    sub.outcome = RequestStatus::Withdrawn;
    sub.current_step = None;
    sub.ended_at = Some(at);
    sub.ended_by = Some(actor.id.clone());
    sub.end_comment = comment.clone();
    store::update_submission(c, &sub)?;
    row.status = RequestStatus::Withdrawn;
    row.updated_at = at;
    row.version += 1;
    if !store::update_request(c, &row)? {
        return Err(AppError::version_mismatch());
    }
    let journal = Journal::new(&actor, at);
    journal.record(c, &task.id, HistoryField::ApprovalEnded, None, Some("withdrawn".into()))?;
    journal.emit(c, EventKind::ApprovalWithdrawn, &task, waiting_on, None, comment.as_deref())?;
    live::task_changed(c, &task, TaskChange::Approval, json!({"request": "withdrawn"}))?;
    view(c, &actor, task, &rel, row)
}

/// How long the initiator waits between two nudges (催办).
pub const NUDGE_EVERY: Duration = Duration::hours(1);

/// The initiator asks the approvers the request waits on to act, at most once an hour.
pub fn nudge(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<RequestView> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = task_for(c, &actor, task_id, TaskAction::View)?;
    store::lock_request(c, &task.id)?;
    let row = store::find_request(c, &task.id)?.ok_or_else(|| AppError::not_found("resource request"))?;
    if row.initiator_id != actor.id {
        return Err(AppError::forbidden("only the initiator nudges the approvers"));
    }
    if row.status != RequestStatus::Pending {
        return Err(AppError::conflict("the request is not under approval"));
    }
    let sub_id = row.current_submission_id.clone().ok_or_else(|| AppError::conflict("no submission"))?;
    let mut sub = store::find_submission(c, &sub_id)?.ok_or_else(|| AppError::not_found("submission"))?;
    let at = now();
    if let Some(last) = sub.last_nudged_at {
        let next = last + NUDGE_EVERY;
        if at < next {
            let secs = u64::try_from((next - at).num_seconds().max(1)).unwrap_or(1);
            return Err(AppError::new(
                ErrorCode::TooManyRequests,
                "the approvers were nudged less than an hour ago: try again later",
            )
            .with_retry_after(secs));
        }
    }
    sub.last_nudged_at = Some(at);
    store::update_submission(c, &sub)?;
    let waiting_on: Vec<String> = store::assignments_of(c, &[sub.id.as_str()])?
        .into_iter()
        .filter(|a| a.state == AssignmentState::Pending)
        .map(|a| a.approver_id)
        .collect();
    let steps = parse_steps(&sub.steps)?;
    let step = sub.current_step.and_then(|i| steps.into_iter().nth(usize::try_from(i).ok()?));
    Journal::new(&actor, at).emit(
        c,
        EventKind::ApprovalNudged,
        &task,
        waiting_on,
        None,
        step.as_ref().map(|s| s.name.as_str()),
    )?;
    view(c, &actor, task, &rel, row)
}

/// The view after an approver's action (the approver may still see the task: they take part in it).
pub(crate) fn view_for(c: &mut DbConn, actor: &Actor, task_id: &str) -> AppResult<RequestView> {
    let (task, rel) = task_for(c, actor, task_id, TaskAction::View)?;
    let row = store::find_request(c, &task.id)?.ok_or_else(|| AppError::not_found("resource request"))?;
    view(c, actor, task, &rel, row)
}
