//! The approvers' actions: approve (同意), reject (拒绝), return (退回) to the initiator or an
//! earlier step, transfer (转交), add an approver before or after oneself (加签); and how a
//! submission advances. Every action locks the request first, so two approvers of a 会签 step, or
//! an approval racing a withdrawal, queue up: no decision is lost and no step advances twice.

use chrono::NaiveDateTime;
use serde_json::json;

use super::request::{task_for, view_for, RequestView};
use super::{ask_from, parse_steps, sla_of, ResolvedStep};
use crate::db::approvals::{self as store, AssignmentRow, CopyRow, RequestRow, SubmissionRow};
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{new_id, now, DbConn};
use crate::domain::journal::Journal;
use crate::domain::permissions::TaskAction;
use crate::domain::workdays::WorkCalendar;
use crate::domain::{live, Actor};
use crate::error::{AppError, AppResult};
use crate::values::{
    ApprovalMode, AssignmentOrigin, AssignmentState, EventKind, HistoryField, ParticipantReason, RequestStatus,
    TaskChange,
};

/// What an approver does.
#[derive(Debug, Clone)]
pub enum Decision {
    Approve,
    Reject,
    /// Back to the initiator (`None`) or to an earlier step (its index).
    Return {
        to_step: Option<i32>,
    },
    Transfer {
        to: String,
    },
    /// Another approver in this step, deciding before (`before`) or after the actor.
    AddApprover {
        user_id: String,
        before: bool,
    },
}

impl Decision {
    fn code(&self) -> &'static str {
        match self {
            Self::Approve => "approved",
            Self::Reject => "rejected",
            Self::Return { .. } => "returned",
            Self::Transfer { .. } => "transferred",
            Self::AddApprover { before: true, .. } => "added_before",
            Self::AddApprover { before: false, .. } => "added_after",
        }
    }
}

/// Everything an action works on, loaded under the request's lock.
struct Ctx {
    /// The working calendar the SLA clocks count on.
    cal: WorkCalendar,
    task: TaskRow,
    request: RequestRow,
    sub: SubmissionRow,
    steps: Vec<ResolvedStep>,
    rows: Vec<AssignmentRow>,
}

fn open(state: AssignmentState) -> bool {
    matches!(state, AssignmentState::Pending | AssignmentState::Waiting)
}

fn added(origin: AssignmentOrigin) -> bool {
    matches!(origin, AssignmentOrigin::AddedBefore | AssignmentOrigin::AddedAfter)
}

/// Whether a step's assignments complete it under its mode.
fn complete(mode: ApprovalMode, rows: &[&AssignmentRow]) -> bool {
    let any_approved = rows.iter().any(|r| r.state == AssignmentState::Approved);
    match mode {
        ApprovalMode::All => any_approved && !rows.iter().any(|r| open(r.state)),
        ApprovalMode::Single | ApprovalMode::Any => {
            rows.iter().any(|r| r.state == AssignmentState::Approved && !added(r.origin))
                && !rows.iter().any(|r| open(r.state) && added(r.origin))
        }
    }
}

/// Marks every open assignment skipped (the approval ended or moved on).
pub(crate) fn close_open(c: &mut DbConn, rows: &[AssignmentRow], at: NaiveDateTime) -> AppResult<()> {
    for r in rows.iter().filter(|r| open(r.state)) {
        let mut r = r.clone();
        r.state = AssignmentState::Skipped;
        r.acted_at = Some(at);
        r.automatic = true;
        store::update_assignment(c, &r)?;
    }
    Ok(())
}

fn load(c: &mut DbConn, actor: &Actor, task_id: &str) -> AppResult<Ctx> {
    let (task, _) = task_for(c, actor, task_id, TaskAction::View)?;
    store::lock_request(c, &task.id)?;
    let request = store::find_request(c, &task.id)?.ok_or_else(|| AppError::not_found("resource request"))?;
    if request.status != RequestStatus::Pending {
        return Err(AppError::conflict("the request is not waiting for a decision"));
    }
    let sub_id = request.current_submission_id.clone().ok_or_else(|| AppError::conflict("no submission"))?;
    let sub = store::find_submission(c, &sub_id)?.ok_or_else(|| AppError::not_found("submission"))?;
    let steps = parse_steps(&sub.steps)?;
    let rows = store::assignments_of(c, &[sub.id.as_str()])?;
    let cal = crate::domain::work_calendar::calendar(c)?;
    Ok(Ctx { cal, task, request, sub, steps, rows })
}

fn comment_of(comment: Option<String>) -> AppResult<Option<String>> {
    let comment = comment.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if comment.as_ref().is_some_and(|s| s.chars().count() > 2000) {
        return Err(AppError::field("comment", "length", "a comment of at most 2000 characters"));
    }
    Ok(comment)
}

/// One approver acts on the request waiting on them.
pub fn decide(
    c: &mut DbConn,
    actor_id: &str,
    task_id: &str,
    decision: Decision,
    comment: Option<String>,
) -> AppResult<RequestView> {
    let actor = Actor::load(c, actor_id)?;
    let mut ctx = load(c, &actor, task_id)?;
    let comment = comment_of(comment)?;
    let step = ctx.sub.current_step.unwrap_or(0);
    let Some(mine) = ctx
        .rows
        .iter()
        .position(|r| r.approver_id == actor.id && r.step == step && r.state == AssignmentState::Pending)
    else {
        return Err(AppError::forbidden("the request does not wait on you"));
    };
    if matches!(decision, Decision::Reject | Decision::Return { .. }) && comment.is_none() {
        return Err(AppError::field("comment", "required", "say why (the initiator reads it)"));
    }
    let at = now();
    let journal = Journal::new(&actor, at);
    let step_name = ctx.steps.get(usize::try_from(step).unwrap_or(0)).map(|s| s.name.clone()).unwrap_or_default();
    let mut row = ctx.rows[mine].clone();
    row.acted_at = Some(at);
    row.comment.clone_from(&comment);
    row.seen_revision = Some(ctx.sub.form_revision);
    match &decision {
        Decision::Approve => {
            row.state = AssignmentState::Approved;
            store::update_assignment(c, &row)?;
            ctx.rows[mine] = row.clone();
            let again = unblock(c, &mut ctx, &row.id, at)?;
            journal.emit_with(
                c,
                EventKind::ApprovalRequested,
                &ctx.task,
                again,
                None,
                Some(&step_name),
                json!({"submission_id": ctx.sub.id, "step": step}),
            )?;
            advance(c, &journal, &mut ctx, at)?;
        }
        Decision::Reject => {
            row.state = AssignmentState::Rejected;
            store::update_assignment(c, &row)?;
            ctx.rows[mine] = row;
            finish(c, &journal, &mut ctx, RequestStatus::Rejected, comment.clone(), at)?;
        }
        Decision::Return { to_step: None } => {
            row.state = AssignmentState::Returned;
            store::update_assignment(c, &row)?;
            ctx.rows[mine] = row;
            finish(c, &journal, &mut ctx, RequestStatus::Returned, comment.clone(), at)?;
        }
        Decision::Return { to_step: Some(to) } => {
            if *to < 0 || *to >= step {
                return Err(AppError::field(
                    "to_step",
                    "earlier_step",
                    "return to an earlier step (0-based) or omit it",
                ));
            }
            row.state = AssignmentState::Returned;
            store::update_assignment(c, &row)?;
            ctx.rows[mine] = row;
            back_to(c, &journal, &mut ctx, *to, at)?;
        }
        Decision::Transfer { to } => {
            let to = person(c, &ctx, to, step, "to_user_id")?;
            row.state = AssignmentState::Transferred;
            store::update_assignment(c, &row)?;
            let new = assignment(&ctx, step, &to, AssignmentOrigin::Transfer, &actor.id, at);
            // Whoever waited behind the transferred place waits behind the new one.
            for r in ctx.rows.iter_mut().filter(|r| r.blocked_by.as_deref() == Some(row.id.as_str())) {
                r.blocked_by = Some(new.id.clone());
                store::update_assignment(c, r)?;
            }
            ask(c, &journal, &ctx, vec![new], &step_name)?;
        }
        Decision::AddApprover { user_id, before } => {
            let other = person(c, &ctx, user_id, step, "user_id")?;
            let origin = if *before { AssignmentOrigin::AddedBefore } else { AssignmentOrigin::AddedAfter };
            let new = assignment(&ctx, step, &other, origin, &actor.id, at);
            if *before {
                // They decide first; the actor's place waits on theirs.
                row.state = AssignmentState::Waiting;
                row.acted_at = None;
                row.blocked_by = Some(new.id.clone());
                row.seen_revision = None;
                store::update_assignment(c, &row)?;
            } else {
                row.state = AssignmentState::Approved;
                store::update_assignment(c, &row)?;
            }
            ask(c, &journal, &ctx, vec![new], &step_name)?;
        }
    }
    journal.record(
        c,
        &ctx.task.id,
        HistoryField::ApprovalAction,
        None,
        Some(format!("{} {} {}", decision.code(), step + 1, step_name)),
    )?;
    ctx.request.updated_at = at;
    ctx.request.version += 1;
    if !store::update_request(c, &ctx.request)? {
        return Err(AppError::version_mismatch());
    }
    live::task_changed(c, &ctx.task, TaskChange::Approval, json!({"request": decision.code()}))?;
    view_for(c, &actor, &ctx.task.id)
}

/// An active person who is not already waited on in this step.
fn person(c: &mut DbConn, ctx: &Ctx, id: &str, step: i32, field: &str) -> AppResult<String> {
    if task_store::active_user_ids(c, &[id.to_owned()])?.is_empty() {
        return Err(AppError::field(field, "not_found", "unknown or inactive person"));
    }
    if ctx.rows.iter().any(|r| r.step == step && r.approver_id == id && open(r.state)) {
        return Err(AppError::field(field, "already_approver", "they are an approver of this step already"));
    }
    Ok(id.to_owned())
}

fn assignment(
    ctx: &Ctx,
    step: i32,
    approver: &str,
    origin: AssignmentOrigin,
    via: &str,
    at: NaiveDateTime,
) -> AssignmentRow {
    let mut row = waiting(&ctx.sub.id, &ctx.task.id, step, approver, origin, Some(via), at);
    ask_from(&mut row, &ctx.cal, at, sla_of(&ctx.steps, step));
    row
}

/// A new assignment that waits (a later step), not yet asked.
pub(crate) fn waiting(
    submission_id: &str,
    task_id: &str,
    step: i32,
    approver: &str,
    origin: AssignmentOrigin,
    via: Option<&str>,
    at: NaiveDateTime,
) -> AssignmentRow {
    AssignmentRow {
        id: new_id(),
        submission_id: submission_id.to_owned(),
        task_id: task_id.to_owned(),
        step,
        approver_id: approver.to_owned(),
        state: AssignmentState::Waiting,
        origin,
        via_id: via.map(str::to_owned),
        blocked_by: None,
        activated_at: None,
        due_at: None,
        escalate_at: None,
        overdue_sent_at: None,
        escalated_at: None,
        acted_at: None,
        comment: None,
        automatic: false,
        seen_revision: None,
        created_at: at,
    }
}

/// Inserts pending assignments, makes their approvers take part in the task and asks them.
fn ask(c: &mut DbConn, journal: &Journal, ctx: &Ctx, rows: Vec<AssignmentRow>, step_name: &str) -> AppResult<()> {
    store::insert_assignments(c, &rows)?;
    let people: Vec<(String, ParticipantReason)> =
        rows.iter().map(|r| (r.approver_id.clone(), ParticipantReason::Approver)).collect();
    task_store::add_participants(c, &ctx.task.id, &people)?;
    let to: Vec<String> =
        rows.iter().filter(|r| r.state == AssignmentState::Pending).map(|r| r.approver_id.clone()).collect();
    journal.emit_with(
        c,
        EventKind::ApprovalRequested,
        &ctx.task,
        to,
        None,
        Some(step_name),
        json!({"submission_id": ctx.sub.id, "step": rows.first().map(|r| r.step)}),
    )
}

/// Approvers who waited behind `done` (added before them) are asked again: their ids.
fn unblock(c: &mut DbConn, ctx: &mut Ctx, done: &str, at: NaiveDateTime) -> AppResult<Vec<String>> {
    let mut again = Vec::new();
    let (cal, steps) = (&ctx.cal, &ctx.steps);
    for r in
        ctx.rows.iter_mut().filter(|r| r.blocked_by.as_deref() == Some(done) && r.state == AssignmentState::Waiting)
    {
        r.blocked_by = None;
        ask_from(r, cal, at, sla_of(steps, r.step));
        store::update_assignment(c, r)?;
        again.push(r.approver_id.clone());
    }
    Ok(again)
}

/// Moves the submission on while its current step is complete: copies the step's people, asks
/// the next step (an approver who approved the step before approves again at once), or ends
/// the approval as approved after the last step.
fn advance(c: &mut DbConn, journal: &Journal, ctx: &mut Ctx, at: NaiveDateTime) -> AppResult<()> {
    loop {
        let step = ctx.sub.current_step.unwrap_or(0);
        let Some(spec) = ctx.steps.get(usize::try_from(step).unwrap_or(usize::MAX)).cloned() else { return Ok(()) };
        let in_step: Vec<&AssignmentRow> = ctx.rows.iter().filter(|r| r.step == step).collect();
        if !complete(spec.mode, &in_step) {
            // Approvers newly unblocked in this step are asked.
            return Ok(());
        }
        let leftover: Vec<AssignmentRow> =
            ctx.rows.iter().filter(|r| r.step == step && open(r.state)).cloned().collect();
        close_open(c, &leftover, at)?;
        for r in ctx.rows.iter_mut().filter(|r| r.step == step && open(r.state)) {
            r.state = AssignmentState::Skipped;
        }
        copy(c, journal, ctx, &spec.cc_ids, at)?;
        let approved_here: Vec<String> = ctx
            .rows
            .iter()
            .filter(|r| r.step == step && r.state == AssignmentState::Approved)
            .map(|r| r.approver_id.clone())
            .collect();
        let next = step + 1;
        let Some(next_spec) = ctx.steps.get(usize::try_from(next).unwrap_or(usize::MAX)).cloned() else {
            return finish(c, journal, ctx, RequestStatus::Approved, None, at);
        };
        ctx.sub.current_step = Some(next);
        store::update_submission(c, &ctx.sub)?;
        let mut asked = Vec::new();
        let cal = &ctx.cal;
        for r in ctx.rows.iter_mut().filter(|r| r.step == next && r.state == AssignmentState::Waiting) {
            if approved_here.contains(&r.approver_id) {
                r.activated_at = Some(at);
                // The same person in consecutive steps approves once.
                r.state = AssignmentState::Approved;
                r.automatic = true;
                r.acted_at = Some(at);
                r.seen_revision = Some(ctx.sub.form_revision);
            } else {
                ask_from(r, cal, at, next_spec.sla_minutes);
                asked.push(r.approver_id.clone());
            }
            store::update_assignment(c, r)?;
        }
        journal.emit_with(
            c,
            EventKind::ApprovalRequested,
            &ctx.task,
            asked,
            None,
            Some(&next_spec.name),
            json!({"submission_id": ctx.sub.id, "step": next}),
        )?;
    }
}

/// Copies people (抄送): they take part in the task and are told.
fn copy(c: &mut DbConn, journal: &Journal, ctx: &Ctx, ids: &[String], at: NaiveDateTime) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let rows: Vec<CopyRow> = ids
        .iter()
        .map(|u| CopyRow {
            submission_id: ctx.sub.id.clone(),
            user_id: u.clone(),
            task_id: ctx.task.id.clone(),
            copied_at: at,
        })
        .collect();
    let added = store::insert_copies(c, &rows)?;
    let people: Vec<(String, ParticipantReason)> =
        added.iter().map(|u| (u.clone(), ParticipantReason::ApprovalCc)).collect();
    task_store::add_participants(c, &ctx.task.id, &people)?;
    journal.emit(c, EventKind::ApprovalCopied, &ctx.task, added, None, None)
}

/// Ends the approval: approved (after the last step), rejected or returned to the initiator.
fn finish(
    c: &mut DbConn,
    journal: &Journal,
    ctx: &mut Ctx,
    outcome: RequestStatus,
    comment: Option<String>,
    at: NaiveDateTime,
) -> AppResult<()> {
    let open_rows: Vec<AssignmentRow> = ctx.rows.iter().filter(|r| open(r.state)).cloned().collect();
    close_open(c, &open_rows, at)?;
    ctx.sub.outcome = outcome;
    ctx.sub.current_step = None;
    ctx.sub.ended_at = Some(at);
    ctx.sub.ended_by = Some(journal.actor().id.clone());
    ctx.sub.end_comment.clone_from(&comment);
    store::update_submission(c, &ctx.sub)?;
    ctx.request.status = outcome;
    journal.record(c, &ctx.task.id, HistoryField::ApprovalEnded, None, Some(outcome.as_str().to_owned()))?;
    let kind = match outcome {
        RequestStatus::Approved => EventKind::ApprovalApproved,
        RequestStatus::Rejected => EventKind::ApprovalRejected,
        _ => EventKind::ApprovalReturned,
    };
    let mut to = vec![ctx.request.initiator_id.clone()];
    if outcome == RequestStatus::Approved {
        to.extend(store::copies_of(c, &ctx.sub.id)?.into_iter().map(|c| c.user_id));
    }
    journal.emit(c, kind, &ctx.task, to, None, comment.as_deref())
}

/// Returns the submission to an earlier step: that step is asked again, the steps after it wait
/// again; what was decided stays on record.
fn back_to(c: &mut DbConn, journal: &Journal, ctx: &mut Ctx, to: i32, at: NaiveDateTime) -> AppResult<()> {
    let current = ctx.sub.current_step.unwrap_or(0);
    let leftover: Vec<AssignmentRow> =
        ctx.rows.iter().filter(|r| r.step >= to && r.step <= current && open(r.state)).cloned().collect();
    close_open(c, &leftover, at)?;
    let mut fresh = Vec::new();
    for step in to..=current {
        let Some(spec) = ctx.steps.get(usize::try_from(step).unwrap_or(usize::MAX)) else { continue };
        for id in &spec.approver_ids {
            let mut row = waiting(&ctx.sub.id, &ctx.task.id, step, id, AssignmentOrigin::Flow, None, at);
            if step == to {
                ask_from(&mut row, &ctx.cal, at, spec.sla_minutes);
            }
            fresh.push(row);
        }
    }
    store::insert_assignments(c, &fresh)?;
    ctx.sub.current_step = Some(to);
    store::update_submission(c, &ctx.sub)?;
    let name = ctx.steps.get(usize::try_from(to).unwrap_or(0)).map(|s| s.name.clone()).unwrap_or_default();
    let asked: Vec<String> = fresh.iter().filter(|r| r.step == to).map(|r| r.approver_id.clone()).collect();
    journal.emit(
        c,
        EventKind::ApprovalReturned,
        &ctx.task,
        vec![ctx.request.initiator_id.clone()],
        None,
        Some(&name),
    )?;
    journal.emit_with(
        c,
        EventKind::ApprovalRequested,
        &ctx.task,
        asked,
        None,
        Some(&name),
        json!({"submission_id": ctx.sub.id, "step": to}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: AssignmentState, origin: AssignmentOrigin) -> AssignmentRow {
        let mut r = waiting("", "", 0, &new_id(), origin, None, NaiveDateTime::default());
        r.state = state;
        r
    }

    use AssignmentOrigin::{AddedAfter, Flow};
    use AssignmentState::{Approved, Pending, Transferred};

    #[test]
    fn all_must_approve_in_a_countersigned_step() {
        let (a, b) = (row(Approved, Flow), row(Pending, Flow));
        assert!(!complete(ApprovalMode::All, &[&a, &b]));
        let b = row(Approved, Flow);
        assert!(complete(ApprovalMode::All, &[&a, &b]));
        let t = row(Transferred, Flow);
        assert!(!complete(ApprovalMode::All, &[&t]), "a transfer alone approves nothing");
    }

    #[test]
    fn any_one_approval_completes_an_or_step_unless_an_added_approver_still_decides() {
        let (a, b) = (row(Approved, Flow), row(Pending, Flow));
        assert!(complete(ApprovalMode::Any, &[&a, &b]));
        let extra = row(Pending, AddedAfter);
        assert!(!complete(ApprovalMode::Any, &[&a, &b, &extra]));
        let extra = row(Approved, AddedAfter);
        assert!(complete(ApprovalMode::Any, &[&a, &b, &extra]));
        assert!(!complete(ApprovalMode::Single, &[&b]));
    }
}
