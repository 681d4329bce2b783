//! Collections (收集) of info-sync tasks, their rounds, the submissions of each round and who
//! answers for them.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    collection_answerers as ca, collection_rounds as cr, collection_submissions as cs, collections as co, tasks,
};
use super::{DbConn, MultiBackend};
use crate::error::AppResult;
use crate::values::{Recurrence, RoundState, Status, SubmissionStatus};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = co)]
pub struct CollectionRow {
    pub id: String,
    pub task_id: String,
    pub title: String,
    pub instructions: String,
    pub template_file_id: Option<String>,
    /// JSON: files and form fields a submission holds.
    pub spec: String,
    /// JSON: who must submit.
    pub submitters: String,
    /// JSON: the deadline or the rule of the deadlines.
    pub schedule: String,
    pub recurrence: Recurrence,
    pub allow_late: bool,
    pub remind_before_minutes: i64,
    pub is_active: bool,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cr)]
pub struct RoundRow {
    pub id: String,
    pub collection_id: String,
    pub task_id: String,
    pub period: String,
    pub due_at: NaiveDateTime,
    pub state: RoundState,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = cs, treat_none_as_null = true)]
pub struct SubmissionRow {
    pub id: String,
    pub round_id: String,
    pub collection_id: String,
    pub task_id: String,
    pub department_id: Option<String>,
    pub person_id: Option<String>,
    pub position: i32,
    pub status: SubmissionStatus,
    /// JSON object: answers by field key.
    pub answers: String,
    /// JSON array: `{file_id, name}`.
    pub files: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub is_late: bool,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub review_comment: Option<String>,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ca)]
pub struct AnswererRow {
    pub submission_id: String,
    pub user_id: String,
    pub round_id: String,
}

// ---------------------------------------------------------------- collections

pub fn insert_collection(c: &mut DbConn, row: &CollectionRow) -> AppResult<()> {
    diesel::insert_into(co::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_collection(c: &mut DbConn, id: &str) -> AppResult<Option<CollectionRow>> {
    Ok(co::table.find(id).select(CollectionRow::as_select()).first(c).optional()?)
}

pub fn collections_of_task(c: &mut DbConn, task_id: &str) -> AppResult<Vec<CollectionRow>> {
    Ok(co::table
        .filter(co::task_id.eq(task_id))
        .order((co::created_at.asc(), co::id.asc()))
        .select(CollectionRow::as_select())
        .load(c)?)
}

/// Writes the row when it is still at `expected` (bumping its version); false when stale.
pub fn update_collection(c: &mut DbConn, row: &CollectionRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(co::table.filter(co::id.eq(&row.id)).filter(co::version.eq(expected)))
        .set((
            co::title.eq(&row.title),
            co::instructions.eq(&row.instructions),
            co::template_file_id.eq(&row.template_file_id),
            co::allow_late.eq(row.allow_late),
            co::remind_before_minutes.eq(row.remind_before_minutes),
            co::is_active.eq(row.is_active),
            co::updated_at.eq(row.updated_at),
            co::version.eq(expected + 1),
        ))
        .execute(c)?;
    Ok(n == 1)
}

/// Active collections of live tasks that may need a round: the recurring ones, and the one-off
/// ones without their round yet; by id after `after`.
pub fn needing_rounds(c: &mut DbConn, after: Option<&str>, limit: i64) -> AppResult<Vec<CollectionRow>> {
    let mut q = co::table
        .inner_join(tasks::table)
        .filter(co::is_active.eq(true))
        .filter(tasks::status.eq_any(Status::LIVE))
        .filter(tasks::deleted_at.is_null())
        .filter(
            co::recurrence
                .ne(Recurrence::Once)
                .or(diesel::dsl::not(diesel::dsl::exists(cr::table.filter(cr::collection_id.eq(co::id))))),
        )
        .into_boxed::<MultiBackend>();
    if let Some(id) = after {
        q = q.filter(co::id.gt(id));
    }
    Ok(q.order(co::id.asc()).limit(limit).select(CollectionRow::as_select()).load(c)?)
}

// ---------------------------------------------------------------- rounds

/// Inserts the round unless the collection already has one for its period; true when inserted.
pub fn insert_round_if_new(c: &mut DbConn, row: &RoundRow) -> AppResult<bool> {
    let n = match c {
        DbConn::Pg(pg) => diesel::insert_into(cr::table).values(row).on_conflict_do_nothing().execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_into(cr::table).values(row).on_conflict_do_nothing().execute(lite)?,
    };
    Ok(n == 1)
}

pub fn find_round(c: &mut DbConn, id: &str) -> AppResult<Option<RoundRow>> {
    Ok(cr::table.find(id).select(RoundRow::as_select()).first(c).optional()?)
}

/// A collection's rounds, the latest deadline first.
pub fn rounds_of(c: &mut DbConn, collection_ids: &[&str], limit: i64) -> AppResult<Vec<RoundRow>> {
    Ok(cr::table
        .filter(cr::collection_id.eq_any(collection_ids))
        .order((cr::due_at.desc(), cr::id.desc()))
        .limit(limit)
        .select(RoundRow::as_select())
        .load(c)?)
}

pub fn set_round_state(c: &mut DbConn, id: &str, state: RoundState, at: Option<NaiveDateTime>) -> AppResult<()> {
    diesel::update(cr::table.filter(cr::id.eq(id))).set((cr::state.eq(state), cr::closed_at.eq(at))).execute(c)?;
    Ok(())
}

/// Open rounds whose deadline lies in `[from, to]`, by deadline, after a keyset position.
pub fn open_rounds_due_between(
    c: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
    after: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> AppResult<Vec<RoundRow>> {
    let mut q = cr::table
        .filter(cr::state.eq(RoundState::Open))
        .filter(cr::due_at.ge(from))
        .filter(cr::due_at.le(to))
        .into_boxed::<MultiBackend>();
    if let Some((at, id)) = after {
        q = q.filter(cr::due_at.ge(at)).filter(cr::due_at.gt(at).or(cr::due_at.eq(at).and(cr::id.gt(id))));
    }
    Ok(q.order((cr::due_at.asc(), cr::id.asc())).limit(limit).select(RoundRow::as_select()).load(c)?)
}

/// How many submissions of each round are in each status.
pub fn status_counts(c: &mut DbConn, round_ids: &[&str]) -> AppResult<HashMap<String, Vec<(SubmissionStatus, i64)>>> {
    let rows: Vec<(String, SubmissionStatus, i64)> = cs::table
        .filter(cs::round_id.eq_any(round_ids))
        .group_by((cs::round_id, cs::status))
        .select((cs::round_id, cs::status, diesel::dsl::count_star()))
        .load(c)?;
    let mut out: HashMap<String, Vec<(SubmissionStatus, i64)>> = HashMap::new();
    for (round, status, n) in rows {
        out.entry(round).or_default().push((status, n));
    }
    Ok(out)
}

/// How many submissions of each round were handed in late.
pub fn late_counts(c: &mut DbConn, round_ids: &[&str]) -> AppResult<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = cs::table
        .filter(cs::round_id.eq_any(round_ids))
        .filter(cs::is_late.eq(true))
        .group_by(cs::round_id)
        .select((cs::round_id, diesel::dsl::count_star()))
        .load(c)?;
    Ok(rows.into_iter().collect())
}

// ---------------------------------------------------------------- submissions

pub fn insert_submissions(c: &mut DbConn, rows: &[SubmissionRow]) -> AppResult<()> {
    match c {
        DbConn::Pg(pg) => {
            for chunk in rows.chunks(200) {
                diesel::insert_into(cs::table).values(chunk).execute(pg)?;
            }
        }
        DbConn::Sqlite(lite) => {
            for row in rows {
                diesel::insert_into(cs::table).values(row).execute(lite)?;
            }
        }
    }
    Ok(())
}

pub fn insert_answerers(c: &mut DbConn, rows: &[AnswererRow]) -> AppResult<()> {
    match c {
        DbConn::Pg(pg) => {
            for chunk in rows.chunks(500) {
                diesel::insert_into(ca::table).values(chunk).execute(pg)?;
            }
        }
        DbConn::Sqlite(lite) => {
            for row in rows {
                diesel::insert_into(ca::table).values(row).execute(lite)?;
            }
        }
    }
    Ok(())
}

/// Locks a submission row until the end of the transaction (PostgreSQL; SQLite's write
/// transactions are serialized already), so two hand-ins at once queue up instead of one failing.
pub fn lock_submission(c: &mut DbConn, id: &str) -> AppResult<()> {
    if let DbConn::Pg(pg) = c {
        diesel::sql_query("SELECT id FROM collection_submissions WHERE id = $1 FOR NO KEY UPDATE")
            .bind::<diesel::sql_types::Text, _>(id)
            .execute(pg)?;
    }
    Ok(())
}

pub fn find_submission(c: &mut DbConn, id: &str) -> AppResult<Option<SubmissionRow>> {
    Ok(cs::table.find(id).select(SubmissionRow::as_select()).first(c).optional()?)
}

/// Writes the row when it is still at `expected` (the row carries the next version); false when
/// stale.
pub fn update_submission(c: &mut DbConn, row: &SubmissionRow, expected: i64) -> AppResult<bool> {
    let n =
        diesel::update(cs::table.filter(cs::id.eq(&row.id)).filter(cs::version.eq(expected))).set(row).execute(c)?;
    Ok(n == 1)
}

/// Which of a round's submissions to read.
#[derive(Debug, Clone, Default)]
pub struct SubmissionFilter<'a> {
    /// Only these statuses (all when empty).
    pub statuses: Vec<SubmissionStatus>,
    /// Only the submissions this person answers for or whose department they head.
    pub mine: Option<(&'a str, &'a [String])>,
}

/// A page of a round's submissions in the matrix's order, after `(position, id)`.
pub fn submissions_of_round(
    c: &mut DbConn,
    round_id: &str,
    f: &SubmissionFilter<'_>,
    after: Option<(i32, &str)>,
    limit: i64,
) -> AppResult<Vec<SubmissionRow>> {
    let mut q = cs::table.filter(cs::round_id.eq(round_id)).into_boxed::<MultiBackend>();
    if !f.statuses.is_empty() {
        q = q.filter(cs::status.eq_any(f.statuses.clone()));
    }
    if let Some((user, headed)) = f.mine {
        let answers = ca::table.filter(ca::user_id.eq(user.to_owned())).select(ca::submission_id);
        q = q.filter(cs::id.eq_any(answers).or(cs::department_id.eq_any(headed.to_vec())));
    }
    if let Some((pos, id)) = after {
        q = q.filter(cs::position.ge(pos)).filter(cs::position.gt(pos).or(cs::position.eq(pos).and(cs::id.gt(id))));
    }
    Ok(q.order((cs::position.asc(), cs::id.asc())).limit(limit).select(SubmissionRow::as_select()).load(c)?)
}

/// Who answers for each of these submissions.
pub fn answerers_of(c: &mut DbConn, submission_ids: &[&str]) -> AppResult<HashMap<String, Vec<String>>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in submission_ids.chunks(500) {
        let rows: Vec<(String, String)> = ca::table
            .filter(ca::submission_id.eq_any(chunk))
            .order((ca::submission_id.asc(), ca::user_id.asc()))
            .select((ca::submission_id, ca::user_id))
            .load(c)?;
        for (s, u) in rows {
            out.entry(s).or_default().push(u);
        }
    }
    Ok(out)
}

pub fn answers_for(c: &mut DbConn, submission_id: &str, user_id: &str) -> AppResult<bool> {
    let n: i64 =
        ca::table.filter(ca::submission_id.eq(submission_id)).filter(ca::user_id.eq(user_id)).count().get_result(c)?;
    Ok(n > 0)
}

/// The open submissions (pending or returned) this person answers for, in open rounds, by deadline.
pub fn open_for_answerer(c: &mut DbConn, user_id: &str, limit: i64) -> AppResult<Vec<(SubmissionRow, RoundRow)>> {
    Ok(cs::table
        .inner_join(cr::table)
        .filter(cs::id.eq_any(ca::table.filter(ca::user_id.eq(user_id)).select(ca::submission_id)))
        .filter(cs::status.eq_any([SubmissionStatus::Pending, SubmissionStatus::Returned]))
        .filter(cr::state.eq(RoundState::Open))
        .order((cr::due_at.asc(), cs::id.asc()))
        .limit(limit)
        .select((SubmissionRow::as_select(), RoundRow::as_select()))
        .load(c)?)
}
