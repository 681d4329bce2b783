//! Approval flows (审批流), resource requests (资源申请), their submissions, the approvers'
//! assignments and the people copied.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    approval_assignments as aa, approval_copies as ac, approval_flows as af, request_submissions as rs,
    resource_requests as rr, task_participants as tp, tasks,
};
use super::{DbConn, MultiBackend};
use crate::error::AppResult;
use crate::values::{AssignmentOrigin, AssignmentState, Currency, RequestStatus};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = af)]
pub struct FlowRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub position: i32,
    /// JSON: when the flow serves a request.
    pub conditions: String,
    /// JSON: the steps.
    pub steps: String,
    pub sla_minutes: i64,
    pub is_active: bool,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = rr)]
pub struct RequestRow {
    pub task_id: String,
    pub status: RequestStatus,
    /// JSON: the form.
    pub form: String,
    pub total_minor: Option<i64>,
    pub currency: Option<Currency>,
    pub form_revision: i64,
    pub initiator_id: String,
    pub current_submission_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = rs)]
pub struct SubmissionRow {
    pub id: String,
    pub task_id: String,
    pub number: i32,
    pub flow_id: String,
    pub flow_name: String,
    /// JSON: the form as submitted.
    pub form: String,
    pub form_revision: i64,
    /// JSON: the steps as resolved at submission.
    pub steps: String,
    pub current_step: Option<i32>,
    pub submitted_by: String,
    pub submitted_at: NaiveDateTime,
    /// `pending` while the approval runs, then how it ended (never `draft`).
    pub outcome: RequestStatus,
    pub ended_at: Option<NaiveDateTime>,
    pub ended_by: Option<String>,
    pub end_comment: Option<String>,
    pub last_nudged_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = aa)]
pub struct AssignmentRow {
    pub id: String,
    pub submission_id: String,
    pub task_id: String,
    pub step: i32,
    pub approver_id: String,
    pub state: AssignmentState,
    pub origin: AssignmentOrigin,
    pub via_id: Option<String>,
    pub blocked_by: Option<String>,
    pub activated_at: Option<NaiveDateTime>,
    /// When the step's SLA passes for them (working calendar), while they are waited on.
    pub due_at: Option<NaiveDateTime>,
    /// When it goes to their supervisor (twice the SLA).
    pub escalate_at: Option<NaiveDateTime>,
    pub overdue_sent_at: Option<NaiveDateTime>,
    pub escalated_at: Option<NaiveDateTime>,
    pub acted_at: Option<NaiveDateTime>,
    pub comment: Option<String>,
    pub automatic: bool,
    pub seen_revision: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ac)]
pub struct CopyRow {
    pub submission_id: String,
    pub user_id: String,
    pub task_id: String,
    pub copied_at: NaiveDateTime,
}

// ---------------------------------------------------------------- flows

pub fn insert_flow(c: &mut DbConn, row: &FlowRow) -> AppResult<()> {
    diesel::insert_into(af::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_flow(c: &mut DbConn, id: &str) -> AppResult<Option<FlowRow>> {
    Ok(af::table.find(id).select(FlowRow::as_select()).first(c).optional()?)
}

/// Every flow, in the order they are tried (active ones first).
pub fn flows(c: &mut DbConn) -> AppResult<Vec<FlowRow>> {
    Ok(af::table
        .order((af::is_active.desc(), af::position.asc(), af::created_at.asc()))
        .select(FlowRow::as_select())
        .load(c)?)
}

pub fn next_flow_position(c: &mut DbConn) -> AppResult<i32> {
    let max: Option<i32> = af::table.select(diesel::dsl::max(af::position)).first(c)?;
    Ok(max.map_or(1, |m| m + 1))
}

/// Saves a flow when the stored version is `row.version - 1`; false when someone changed it first.
pub fn update_flow(c: &mut DbConn, row: &FlowRow) -> AppResult<bool> {
    let n = diesel::update(af::table.filter(af::id.eq(&row.id)).filter(af::version.eq(row.version - 1)))
        .set((
            af::name.eq(&row.name),
            af::description.eq(&row.description),
            af::position.eq(row.position),
            af::conditions.eq(&row.conditions),
            af::steps.eq(&row.steps),
            af::sla_minutes.eq(row.sla_minutes),
            af::is_active.eq(row.is_active),
            af::updated_at.eq(row.updated_at),
            af::version.eq(row.version),
        ))
        .execute(c)?;
    Ok(n == 1)
}

// ---------------------------------------------------------------- requests

pub fn find_request(c: &mut DbConn, task_id: &str) -> AppResult<Option<RequestRow>> {
    Ok(rr::table.find(task_id).select(RequestRow::as_select()).first(c).optional()?)
}

/// Locks a request row until the end of the transaction: every change of a request and its
/// approval queues behind the one before (two approvers of a 会签 step, an approval racing a
/// withdrawal), so no decision is lost and no step advances twice.
pub fn lock_request(c: &mut DbConn, task_id: &str) -> AppResult<()> {
    match c {
        DbConn::Pg(pg) => {
            diesel::sql_query("SELECT task_id FROM resource_requests WHERE task_id = $1 FOR UPDATE")
                .bind::<diesel::sql_types::Text, _>(task_id)
                .execute(pg)?;
        }
        // SQLite: write transactions are already serialized (BEGIN IMMEDIATE).
        DbConn::Sqlite(_) => {}
    }
    Ok(())
}

pub fn insert_request(c: &mut DbConn, row: &RequestRow) -> AppResult<()> {
    diesel::insert_into(rr::table).values(row).execute(c)?;
    Ok(())
}

/// Saves a request when the stored version is `row.version - 1`; false when someone changed it first.
pub fn update_request(c: &mut DbConn, row: &RequestRow) -> AppResult<bool> {
    let n = diesel::update(rr::table.filter(rr::task_id.eq(&row.task_id)).filter(rr::version.eq(row.version - 1)))
        .set((
            rr::status.eq(row.status),
            rr::form.eq(&row.form),
            rr::total_minor.eq(row.total_minor),
            rr::currency.eq(row.currency),
            rr::form_revision.eq(row.form_revision),
            rr::initiator_id.eq(&row.initiator_id),
            rr::current_submission_id.eq(&row.current_submission_id),
            rr::updated_at.eq(row.updated_at),
            rr::version.eq(row.version),
        ))
        .execute(c)?;
    Ok(n == 1)
}

// ---------------------------------------------------------------- submissions

pub fn insert_submission(c: &mut DbConn, row: &SubmissionRow) -> AppResult<()> {
    diesel::insert_into(rs::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_submission(c: &mut DbConn, id: &str) -> AppResult<Option<SubmissionRow>> {
    Ok(rs::table.find(id).select(SubmissionRow::as_select()).first(c).optional()?)
}

pub fn update_submission(c: &mut DbConn, row: &SubmissionRow) -> AppResult<()> {
    diesel::update(rs::table.find(&row.id))
        .set((
            rs::current_step.eq(row.current_step),
            rs::outcome.eq(row.outcome),
            rs::ended_at.eq(row.ended_at),
            rs::ended_by.eq(&row.ended_by),
            rs::end_comment.eq(&row.end_comment),
            rs::last_nudged_at.eq(row.last_nudged_at),
        ))
        .execute(c)?;
    Ok(())
}

/// A task's submissions, newest first.
pub fn submissions_of(c: &mut DbConn, task_id: &str) -> AppResult<Vec<SubmissionRow>> {
    Ok(rs::table.filter(rs::task_id.eq(task_id)).order(rs::number.desc()).select(SubmissionRow::as_select()).load(c)?)
}

/// Live tasks with their requests, for a page of a box (one query).
pub fn tasks_with_requests(c: &mut DbConn, task_ids: &[&str]) -> AppResult<Vec<(super::tasks::TaskRow, RequestRow)>> {
    Ok(tasks::table
        .inner_join(rr::table.on(rr::task_id.eq(tasks::id)))
        .filter(tasks::id.eq_any(task_ids))
        .filter(tasks::deleted_at.is_null())
        .select((super::tasks::TaskRow::as_select(), RequestRow::as_select()))
        .load(c)?)
}

pub fn submissions_by_id(c: &mut DbConn, ids: &[&str]) -> AppResult<Vec<SubmissionRow>> {
    Ok(rs::table.filter(rs::id.eq_any(ids)).select(SubmissionRow::as_select()).load(c)?)
}

pub fn submission_count(c: &mut DbConn, task_id: &str) -> AppResult<i32> {
    let n: i64 = rs::table.filter(rs::task_id.eq(task_id)).count().get_result(c)?;
    Ok(i32::try_from(n).unwrap_or(i32::MAX))
}

// ---------------------------------------------------------------- assignments and copies

pub fn insert_assignments(c: &mut DbConn, rows: &[AssignmentRow]) -> AppResult<()> {
    for row in rows {
        diesel::insert_into(aa::table).values(row).execute(c)?;
    }
    Ok(())
}

pub fn update_assignment(c: &mut DbConn, row: &AssignmentRow) -> AppResult<()> {
    diesel::update(aa::table.find(&row.id))
        .set((
            aa::state.eq(row.state),
            aa::blocked_by.eq(&row.blocked_by),
            aa::activated_at.eq(row.activated_at),
            aa::due_at.eq(row.due_at),
            aa::escalate_at.eq(row.escalate_at),
            aa::overdue_sent_at.eq(row.overdue_sent_at),
            aa::escalated_at.eq(row.escalated_at),
            aa::acted_at.eq(row.acted_at),
            aa::comment.eq(&row.comment),
            aa::automatic.eq(row.automatic),
            aa::seen_revision.eq(row.seen_revision),
        ))
        .execute(c)?;
    Ok(())
}

/// The assignments of submissions, in the order they were made.
pub fn assignments_of(c: &mut DbConn, submission_ids: &[&str]) -> AppResult<Vec<AssignmentRow>> {
    Ok(aa::table
        .filter(aa::submission_id.eq_any(submission_ids))
        .order((aa::created_at.asc(), aa::id.asc()))
        .select(AssignmentRow::as_select())
        .load(c)?)
}

pub fn assignments_by_id(c: &mut DbConn, ids: &[&str]) -> AppResult<Vec<AssignmentRow>> {
    Ok(aa::table.filter(aa::id.eq_any(ids)).select(AssignmentRow::as_select()).load(c)?)
}

/// Adds people copied (once per submission).
pub fn insert_copies(c: &mut DbConn, rows: &[CopyRow]) -> AppResult<Vec<String>> {
    let mut added = Vec::new();
    for row in rows {
        let exists: i64 = ac::table
            .filter(ac::submission_id.eq(&row.submission_id))
            .filter(ac::user_id.eq(&row.user_id))
            .count()
            .get_result(c)?;
        if exists == 0 {
            diesel::insert_into(ac::table).values(row).execute(c)?;
            added.push(row.user_id.clone());
        }
    }
    Ok(added)
}

pub fn copies_of(c: &mut DbConn, submission_id: &str) -> AppResult<Vec<CopyRow>> {
    Ok(ac::table
        .filter(ac::submission_id.eq(submission_id))
        .order((ac::copied_at.asc(), ac::user_id.asc()))
        .select(CopyRow::as_select())
        .load(c)?)
}

/// Pending assignments past their SLA whose approver was not told yet (oldest first).
pub fn overdue_untold(c: &mut DbConn, now: NaiveDateTime, limit: i64) -> AppResult<Vec<AssignmentRow>> {
    Ok(aa::table
        .filter(aa::state.eq(AssignmentState::Pending))
        .filter(aa::overdue_sent_at.is_null())
        .filter(aa::due_at.le(now))
        .order((aa::due_at.asc(), aa::id.asc()))
        .limit(limit)
        .select(AssignmentRow::as_select())
        .load(c)?)
}

/// Pending assignments past twice their SLA not escalated yet (oldest first).
pub fn escalation_due(c: &mut DbConn, now: NaiveDateTime, limit: i64) -> AppResult<Vec<AssignmentRow>> {
    Ok(aa::table
        .filter(aa::state.eq(AssignmentState::Pending))
        .filter(aa::escalated_at.is_null())
        .filter(aa::escalate_at.le(now))
        .order((aa::escalate_at.asc(), aa::id.asc()))
        .limit(limit)
        .select(AssignmentRow::as_select())
        .load(c)?)
}

// ---------------------------------------------------------------- the boxes (待我审批 ...)

/// Which box of the approvals page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalBox {
    /// Waiting on me (待我审批).
    Todo,
    /// What I decided (我已处理).
    Done,
    /// What I initiated (我发起的).
    Mine,
    /// Copied to me (抄送我的).
    Cc,
}

/// One row of a box: the task, when it entered the box (the sort key), and the assignment when
/// the box is about my decisions.
#[derive(Debug, Clone)]
pub struct BoxRow {
    pub task_id: String,
    pub at: NaiveDateTime,
    /// The key that breaks ties (an assignment id, or the task id).
    pub key: String,
    pub assignment_id: Option<String>,
}

const DECIDED: [AssignmentState; 4] =
    [AssignmentState::Approved, AssignmentState::Rejected, AssignmentState::Returned, AssignmentState::Transferred];

/// A box's rows joined with their tasks, filtered and boxed (ordered, paged or counted after).
type Joined<'a, T, K> = diesel::helper_types::IntoBoxed<
    'a,
    diesel::helper_types::InnerJoinOn<T, tasks::table, diesel::dsl::Eq<tasks::id, K>>,
    MultiBackend,
>;

/// My assignments in 待我审批 (pending) or 我已处理 (decided by me, not automatically), on tasks
/// that exist and that I still take part in.
fn my_assignments<'a>(user_id: &'a str, which: ApprovalBox) -> Joined<'a, aa::table, aa::task_id> {
    let q = aa::table
        .inner_join(tasks::table.on(tasks::id.eq(aa::task_id)))
        .filter(aa::approver_id.eq(user_id))
        .filter(tasks::deleted_at.is_null())
        .filter(diesel::dsl::exists(tp::table.filter(tp::task_id.eq(aa::task_id)).filter(tp::user_id.eq(user_id))))
        .into_boxed();
    if which == ApprovalBox::Todo {
        q.filter(aa::state.eq(AssignmentState::Pending))
    } else {
        q.filter(aa::state.eq_any(DECIDED)).filter(aa::automatic.eq(false))
    }
}

/// Requests I initiated (submitted at least once), on tasks that exist.
fn my_requests<'a>(user_id: &'a str) -> Joined<'a, rr::table, rr::task_id> {
    rr::table
        .inner_join(tasks::table.on(tasks::id.eq(rr::task_id)))
        .filter(rr::initiator_id.eq(user_id))
        .filter(tasks::deleted_at.is_null())
        .filter(rr::status.ne(RequestStatus::Draft))
        .into_boxed()
}

/// Submissions copied to me, on tasks that exist and that I still take part in.
fn my_copies<'a>(user_id: &'a str) -> Joined<'a, ac::table, ac::task_id> {
    ac::table
        .inner_join(tasks::table.on(tasks::id.eq(ac::task_id)))
        .filter(ac::user_id.eq(user_id))
        .filter(tasks::deleted_at.is_null())
        .filter(diesel::dsl::exists(tp::table.filter(tp::task_id.eq(ac::task_id)).filter(tp::user_id.eq(user_id))))
        .into_boxed()
}

/// A page of a box, newest first, after `(at, key)`; only tasks that still exist and that the
/// user still takes part in (an approver or person copied removed from the task loses them).
pub fn box_page(
    c: &mut DbConn,
    user_id: &str,
    which: ApprovalBox,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<BoxRow>> {
    match which {
        ApprovalBox::Todo | ApprovalBox::Done => {
            let mut q = my_assignments(user_id, which);
            // 待我审批 sorts by when it began to wait on me, 我已处理 by when I decided.
            let rows: Vec<(String, Option<NaiveDateTime>, String)> = if which == ApprovalBox::Todo {
                if let Some((t, key)) = after {
                    q = q.filter(aa::activated_at.lt(t).or(aa::activated_at.eq(t).and(aa::id.lt(key))));
                }
                q.order((aa::activated_at.desc(), aa::id.desc()))
                    .limit(limit)
                    .select((aa::task_id, aa::activated_at, aa::id))
                    .load(c)?
            } else {
                if let Some((t, key)) = after {
                    q = q.filter(aa::acted_at.lt(t).or(aa::acted_at.eq(t).and(aa::id.lt(key))));
                }
                q.order((aa::acted_at.desc(), aa::id.desc()))
                    .limit(limit)
                    .select((aa::task_id, aa::acted_at, aa::id))
                    .load(c)?
            };
            Ok(rows
                .into_iter()
                .map(|(task_id, at, id)| BoxRow {
                    task_id,
                    at: at.unwrap_or_default(),
                    key: id.clone(),
                    assignment_id: Some(id),
                })
                .collect())
        }
        ApprovalBox::Mine => {
            let mut q = my_requests(user_id);
            if let Some((t, key)) = after {
                q = q.filter(rr::updated_at.lt(t).or(rr::updated_at.eq(t).and(rr::task_id.lt(key))));
            }
            let rows: Vec<(String, NaiveDateTime)> = q
                .order((rr::updated_at.desc(), rr::task_id.desc()))
                .limit(limit)
                .select((rr::task_id, rr::updated_at))
                .load(c)?;
            Ok(rows
                .into_iter()
                .map(|(task_id, at)| BoxRow { key: task_id.clone(), task_id, at, assignment_id: None })
                .collect())
        }
        ApprovalBox::Cc => {
            let mut q = my_copies(user_id);
            if let Some((t, key)) = after {
                q = q.filter(ac::copied_at.lt(t).or(ac::copied_at.eq(t).and(ac::submission_id.lt(key))));
            }
            let rows: Vec<(String, NaiveDateTime, String)> = q
                .order((ac::copied_at.desc(), ac::submission_id.desc()))
                .limit(limit)
                .select((ac::task_id, ac::copied_at, ac::submission_id))
                .load(c)?;
            Ok(rows.into_iter().map(|(task_id, at, key)| BoxRow { task_id, at, key, assignment_id: None }).collect())
        }
    }
}

/// How many rows each box holds for the user: todo, done, mine, cc (the filters of [`box_page`]).
pub fn box_counts(c: &mut DbConn, user_id: &str) -> AppResult<[i64; 4]> {
    Ok([
        my_assignments(user_id, ApprovalBox::Todo).count().get_result(c)?,
        my_assignments(user_id, ApprovalBox::Done).count().get_result(c)?,
        my_requests(user_id).count().get_result(c)?,
        my_copies(user_id).count().get_result(c)?,
    ])
}
