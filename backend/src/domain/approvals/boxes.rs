//! The approvals page's boxes: 待我审批 (waiting on me), 我已处理 (what I decided), 我发起的
//! (what I initiated), 抄送我的 (copied to me). Only tasks that exist and that the reader still
//! takes part in are listed or counted.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::{parse_steps, ResolvedStep};
use crate::db::approvals::{self as store, ApprovalBox, AssignmentRow, BoxRow, RequestRow, SubmissionRow};
use crate::db::tasks::TaskRow;
use crate::db::DbConn;
use crate::domain::paging::{parse_stamp, stamp};
use crate::domain::Actor;
use crate::error::{AppError, AppResult};

/// One line of a box.
pub struct BoxItem {
    pub task: TaskRow,
    pub request: RequestRow,
    /// The submission the line is about (the current one for 我发起的).
    pub submission: Option<SubmissionRow>,
    /// The step it waits on now.
    pub current_step: Option<ResolvedStep>,
    /// The reader's assignment (待我审批, 我已处理).
    pub mine: Option<AssignmentRow>,
    /// When it entered the box.
    pub at: NaiveDateTime,
    pub initiator_name: String,
}

pub struct BoxPage {
    pub items: Vec<BoxItem>,
    /// The key to continue after (when more follow).
    pub next: Option<(String, String)>,
}

fn cursor(key: (String, String)) -> AppResult<(NaiveDateTime, String)> {
    if key.1.is_empty() || key.1.len() > 64 {
        return Err(AppError::field("cursor", "invalid", "the cursor is not one this API returned"));
    }
    Ok((parse_stamp(&key.0)?, key.1))
}

pub fn page(
    c: &mut DbConn,
    actor_id: &str,
    which: ApprovalBox,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<BoxPage> {
    let actor = Actor::load(c, actor_id)?;
    let after = after.map(cursor).transpose()?;
    let mut rows = store::box_page(c, &actor.id, which, after, limit + 1)?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(0);
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    let next = if more { rows.last().map(|r| (stamp(r.at), r.key.clone())) } else { None };
    // The page's tasks, requests, assignments, submissions and initiators: a query each.
    let ids: Vec<&str> = rows.iter().filter_map(|r| r.assignment_id.as_deref()).collect();
    let mine: HashMap<String, AssignmentRow> =
        store::assignments_by_id(c, &ids)?.into_iter().map(|a| (a.id.clone(), a)).collect();
    let task_ids: Vec<&str> = rows.iter().map(|r| r.task_id.as_str()).collect();
    let found: HashMap<String, (TaskRow, RequestRow)> =
        store::tasks_with_requests(c, &task_ids)?.into_iter().map(|(t, r)| (t.id.clone(), (t, r))).collect();
    let sub_of = |r: &BoxRow| match (r.assignment_id.as_ref().and_then(|id| mine.get(id)), which) {
        (Some(a), _) => Some(a.submission_id.clone()),
        (None, ApprovalBox::Cc) => Some(r.key.clone()),
        (None, _) => found.get(&r.task_id).and_then(|(_, req)| req.current_submission_id.clone()),
    };
    let sub_ids: Vec<String> = rows.iter().filter_map(sub_of).collect();
    let sub_refs: Vec<&str> = sub_ids.iter().map(String::as_str).collect();
    let subs: HashMap<String, SubmissionRow> =
        store::submissions_by_id(c, &sub_refs)?.into_iter().map(|s| (s.id.clone(), s)).collect();
    let initiators: Vec<&str> = found.values().map(|(_, r)| r.initiator_id.as_str()).collect();
    let names = crate::db::orgs::user_names(c, &initiators)?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        let Some((task, request)) = found.get(&r.task_id).cloned() else { continue };
        let submission = sub_of(r).and_then(|id| subs.get(&id).cloned());
        let current_step = match &submission {
            Some(s) => match s.current_step.and_then(|i| usize::try_from(i).ok()) {
                Some(i) => parse_steps(&s.steps)?.into_iter().nth(i),
                None => None,
            },
            None => None,
        };
        let initiator_name = names.get(&request.initiator_id).cloned().unwrap_or_default();
        let assignment = r.assignment_id.as_ref().and_then(|id| mine.get(id).cloned());
        items.push(BoxItem { task, request, submission, current_step, mine: assignment, at: r.at, initiator_name });
    }
    Ok(BoxPage { items, next })
}

/// How many lines each box holds: todo, done, mine, cc.
pub fn counts(c: &mut DbConn, actor_id: &str) -> AppResult<[i64; 4]> {
    let actor = Actor::load(c, actor_id)?;
    store::box_counts(c, &actor.id)
}
