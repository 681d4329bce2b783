//! Tasks and everything hanging off them: departments, collaborators, participants,
//! milestones, the progress timeline and the history.

use std::collections::HashMap;

use chrono::{NaiveDateTime, SubsecRound};
use diesel::prelude::*;

use super::schema::{
    department_heads, department_responses, task_audience, task_collaborators, task_departments, task_history,
    task_milestones, task_participants, task_progress, tasks, users,
};
use super::{DbConn, MultiBackend};
use crate::error::{AppError, AppResult};
use crate::values::{HistoryField, ParticipantReason, Priority, ResponseState, Scenario, Status, TaskVisibility};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = tasks)]
pub struct TaskRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub root_id: String,
    pub depth: i32,
    pub scenario: Scenario,
    pub template: Option<String>,
    pub title: String,
    pub goal: String,
    pub initiating_department_id: Option<String>,
    pub owner_id: String,
    pub created_by: String,
    pub priority: Priority,
    pub status: Status,
    pub percent: i32,
    pub start_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub resources: String,
    pub risks: String,
    pub visibility: TaskVisibility,
    pub review_rounds: i32,
    pub published_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    /// When the task went into the case library (top-level tasks only).
    pub archived_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = tasks)]
pub struct NewTaskRow<'a> {
    pub id: &'a str,
    pub parent_id: Option<&'a str>,
    pub root_id: &'a str,
    pub depth: i32,
    pub scenario: Scenario,
    pub template: Option<&'a str>,
    pub title: &'a str,
    pub goal: &'a str,
    pub search_key: &'a str,
    pub initiating_department_id: Option<&'a str>,
    pub owner_id: &'a str,
    pub created_by: &'a str,
    pub priority: Priority,
    pub priority_rank: i32,
    pub status: Status,
    pub percent: i32,
    pub start_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub resources: &'a str,
    pub risks: &'a str,
    pub visibility: TaskVisibility,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = tasks)]
pub struct TaskChanges {
    pub title: Option<String>,
    pub goal: Option<String>,
    pub search_key: Option<String>,
    pub initiating_department_id: Option<Option<String>>,
    pub owner_id: Option<String>,
    pub priority: Option<Priority>,
    pub priority_rank: Option<i32>,
    pub status: Option<Status>,
    pub percent: Option<i32>,
    pub start_at: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    pub resources: Option<String>,
    pub risks: Option<String>,
    pub visibility: Option<TaskVisibility>,
    pub review_rounds: Option<i32>,
    pub published_at: Option<Option<NaiveDateTime>>,
    pub completed_at: Option<Option<NaiveDateTime>>,
    pub deleted_at: Option<Option<NaiveDateTime>>,
    pub archived_at: Option<Option<NaiveDateTime>>,
}

pub fn insert_task(c: &mut DbConn, row: &NewTaskRow<'_>) -> AppResult<()> {
    diesel::insert_into(tasks::table).values(row).execute(c)?;
    Ok(())
}

/// A live (not deleted) task.
pub fn find_task(c: &mut DbConn, id: &str) -> AppResult<Option<TaskRow>> {
    Ok(tasks::table.find(id).filter(tasks::deleted_at.is_null()).select(TaskRow::as_select()).first(c).optional()?)
}

/// These live tasks, in one query.
pub fn find_tasks(c: &mut DbConn, ids: &[&str]) -> AppResult<Vec<TaskRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(tasks::table
        .filter(tasks::id.eq_any(ids))
        .filter(tasks::deleted_at.is_null())
        .select(TaskRow::as_select())
        .load(c)?)
}

/// Locks a task row until the end of the transaction, so derived updates (roll-ups, version
/// bumps) of one parent by concurrent writers queue up instead of racing.
pub fn lock_task(c: &mut DbConn, id: &str) -> AppResult<()> {
    match c {
        // Postgres: a row lock; the writers that follow read what the previous one committed.
        // FOR NO KEY UPDATE (what an UPDATE takes) rather than FOR UPDATE: rows that merely
        // reference the task (history, outbox, schedule: their foreign-key checks take KEY
        // SHARE) can still be written by others meanwhile, so such inserts never deadlock.
        DbConn::Pg(pg) => {
            diesel::sql_query("SELECT id FROM tasks WHERE id = $1 FOR NO KEY UPDATE")
                .bind::<diesel::sql_types::Text, _>(id)
                .execute(pg)?;
        }
        // SQLite: write transactions are already serialized (BEGIN IMMEDIATE).
        DbConn::Sqlite(_) => {}
    }
    Ok(())
}

/// Applies changes when the stored version is `expected`; false when someone changed it first.
pub fn update_task(
    c: &mut DbConn,
    id: &str,
    expected: i64,
    changes: &TaskChanges,
    at: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(tasks::table.filter(tasks::id.eq(id)).filter(tasks::version.eq(expected)))
        .set((changes, tasks::updated_at.eq(at), tasks::version.eq(expected + 1)))
        .execute(c)?;
    Ok(n == 1)
}

/// Live direct children of a task, oldest first.
pub fn children(c: &mut DbConn, parent_id: &str) -> AppResult<Vec<TaskRow>> {
    Ok(tasks::table
        .filter(tasks::parent_id.eq(parent_id))
        .filter(tasks::deleted_at.is_null())
        .order((tasks::created_at.asc(), tasks::id.asc()))
        .select(TaskRow::as_select())
        .load(c)?)
}

/// Live descendants of a top-level task (the whole tree but the root).
pub fn descendants_of_root(c: &mut DbConn, root_id: &str) -> AppResult<Vec<TaskRow>> {
    Ok(tasks::table
        .filter(tasks::root_id.eq(root_id))
        .filter(tasks::id.ne(root_id))
        .filter(tasks::deleted_at.is_null())
        .select(TaskRow::as_select())
        .load(c)?)
}

/// The children of these parents, in one query.
pub fn children_of(c: &mut DbConn, parent_ids: &[&str]) -> AppResult<Vec<TaskRow>> {
    if parent_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(tasks::table
        .filter(tasks::parent_id.eq_any(parent_ids))
        .filter(tasks::deleted_at.is_null())
        .select(TaskRow::as_select())
        .load(c)?)
}

// ---------------------------------------------------------------- people and departments

pub fn department_ids(c: &mut DbConn, task_id: &str) -> AppResult<Vec<String>> {
    Ok(task_departments::table
        .filter(task_departments::task_id.eq(task_id))
        .select(task_departments::department_id)
        .load(c)?)
}

/// Department ids per task, for a page of tasks.
pub fn department_ids_of(c: &mut DbConn, task_ids: &[&str]) -> AppResult<HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = task_departments::table
        .filter(task_departments::task_id.eq_any(task_ids))
        .select((task_departments::task_id, task_departments::department_id))
        .load(c)?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (t, d) in rows {
        out.entry(t).or_default().push(d);
    }
    Ok(out)
}

pub fn set_departments(c: &mut DbConn, task_id: &str, ids: &[String]) -> AppResult<()> {
    diesel::delete(task_departments::table.filter(task_departments::task_id.eq(task_id))).execute(c)?;
    for d in ids {
        diesel::insert_into(task_departments::table)
            .values((task_departments::task_id.eq(task_id), task_departments::department_id.eq(d)))
            .execute(c)?;
    }
    Ok(())
}

pub fn collaborator_ids(c: &mut DbConn, task_id: &str) -> AppResult<Vec<String>> {
    Ok(task_collaborators::table
        .filter(task_collaborators::task_id.eq(task_id))
        .select(task_collaborators::user_id)
        .load(c)?)
}

/// The roots of the trees in which `user_id` owns a live task.
pub fn owned_roots(c: &mut DbConn, user_id: &str) -> AppResult<Vec<String>> {
    Ok(tasks::table
        .filter(tasks::owner_id.eq(user_id))
        .filter(tasks::deleted_at.is_null())
        .select(tasks::root_id)
        .distinct()
        .load(c)?)
}

/// Those of these tasks that name `user_id` as a collaborator.
pub fn collaborating_on(c: &mut DbConn, task_ids: &[&str], user_id: &str) -> AppResult<Vec<String>> {
    Ok(task_collaborators::table
        .filter(task_collaborators::task_id.eq_any(task_ids))
        .filter(task_collaborators::user_id.eq(user_id))
        .select(task_collaborators::task_id)
        .load(c)?)
}

pub fn set_collaborators(c: &mut DbConn, task_id: &str, ids: &[String]) -> AppResult<()> {
    diesel::delete(task_collaborators::table.filter(task_collaborators::task_id.eq(task_id))).execute(c)?;
    for u in ids {
        diesel::insert_into(task_collaborators::table)
            .values((task_collaborators::task_id.eq(task_id), task_collaborators::user_id.eq(u)))
            .execute(c)?;
    }
    Ok(())
}

/// Records each (person, reason) that is not on record yet.
pub fn add_participants(c: &mut DbConn, task_id: &str, users: &[(String, ParticipantReason)]) -> AppResult<()> {
    let existing = participants(c, task_id)?;
    let mut added: Vec<(&str, ParticipantReason)> = Vec::new();
    for (user, reason) in users {
        let key = (user.as_str(), *reason);
        if existing.iter().any(|(u, r)| (u.as_str(), *r) == key) || added.contains(&key) {
            continue;
        }
        diesel::insert_into(task_participants::table)
            .values((
                task_participants::task_id.eq(task_id),
                task_participants::user_id.eq(user),
                task_participants::reason.eq(*reason),
            ))
            .execute(c)?;
        added.push(key);
    }
    Ok(())
}

/// Ends one reason a person takes part for (a new owner, a collaborator removed).
pub fn remove_participant_reason(
    c: &mut DbConn,
    task_id: &str,
    user_id: &str,
    reason: ParticipantReason,
) -> AppResult<()> {
    diesel::delete(
        task_participants::table
            .filter(task_participants::task_id.eq(task_id))
            .filter(task_participants::user_id.eq(user_id))
            .filter(task_participants::reason.eq(reason)),
    )
    .execute(c)?;
    Ok(())
}

/// Removes a person from a task's participants, whatever the reasons; how many went.
pub fn remove_participant(c: &mut DbConn, task_id: &str, user_id: &str) -> AppResult<usize> {
    Ok(diesel::delete(
        task_participants::table
            .filter(task_participants::task_id.eq(task_id))
            .filter(task_participants::user_id.eq(user_id)),
    )
    .execute(c)?)
}

/// Every (person, reason) of a task.
pub fn participants(c: &mut DbConn, task_id: &str) -> AppResult<Vec<(String, ParticipantReason)>> {
    Ok(task_participants::table
        .filter(task_participants::task_id.eq(task_id))
        .order((task_participants::user_id.asc(), task_participants::reason.asc()))
        .select((task_participants::user_id, task_participants::reason))
        .load(c)?)
}

pub fn participant_ids(c: &mut DbConn, task_id: &str) -> AppResult<Vec<String>> {
    let mut ids: Vec<String> = task_participants::table
        .filter(task_participants::task_id.eq(task_id))
        .order(task_participants::user_id.asc())
        .select(task_participants::user_id)
        .load(c)?;
    ids.dedup();
    Ok(ids)
}

/// Those of these tasks that list `user_id` among their participants.
pub fn participating_in(c: &mut DbConn, task_ids: &[&str], user_id: &str) -> AppResult<Vec<String>> {
    Ok(task_participants::table
        .filter(task_participants::task_id.eq_any(task_ids))
        .filter(task_participants::user_id.eq(user_id))
        .select(task_participants::task_id)
        .load(c)?)
}

pub fn is_participant(c: &mut DbConn, task_id: &str, user_id: &str) -> AppResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        task_participants::table
            .filter(task_participants::task_id.eq(task_id))
            .filter(task_participants::user_id.eq(user_id)),
    ))
    .get_result(c)?)
}

/// Active members and heads of the given departments.
pub fn people_of_departments(c: &mut DbConn, department_ids: &[String]) -> AppResult<Vec<String>> {
    if department_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<String> = users::table
        .filter(users::department_id.eq_any(department_ids))
        .filter(users::is_active.eq(true))
        .select(users::id)
        .load(c)?;
    let heads: Vec<String> = department_heads::table
        .inner_join(users::table.on(users::id.eq(department_heads::user_id)))
        .filter(department_heads::department_id.eq_any(department_ids))
        .filter(users::is_active.eq(true))
        .select(users::id)
        .load(c)?;
    for h in heads {
        if !ids.contains(&h) {
            ids.push(h);
        }
    }
    Ok(ids)
}

/// Departments the user heads.
pub fn headed_departments(c: &mut DbConn, user_id: &str) -> AppResult<Vec<String>> {
    Ok(department_heads::table
        .filter(department_heads::user_id.eq(user_id))
        .select(department_heads::department_id)
        .load(c)?)
}

/// Active users among `ids` (to validate owners and collaborators).
pub fn active_user_ids(c: &mut DbConn, ids: &[String]) -> AppResult<Vec<String>> {
    Ok(users::table.filter(users::id.eq_any(ids)).filter(users::is_active.eq(true)).select(users::id).load(c)?)
}

/// Active departments among `ids`.
pub fn active_department_ids(c: &mut DbConn, ids: &[String]) -> AppResult<Vec<String>> {
    use super::schema::departments;
    Ok(departments::table
        .filter(departments::id.eq_any(ids))
        .filter(departments::is_active.eq(true))
        .select(departments::id)
        .load(c)?)
}

/// Open tasks a person owns or is named on (participants, collaborators) due in `[from, to)`,
/// by due time: their deadlines in the person's calendar.
pub fn due_for(c: &mut DbConn, user_id: &str, from: NaiveDateTime, to: NaiveDateTime) -> AppResult<Vec<TaskRow>> {
    let named =
        task_participants::table.filter(task_participants::user_id.eq(user_id)).select(task_participants::task_id);
    Ok(tasks::table
        .filter(tasks::owner_id.eq(user_id).or(tasks::id.eq_any(named)))
        .filter(tasks::status.eq_any(Status::LIVE))
        .filter(tasks::due_at.ge(from))
        .filter(tasks::due_at.lt(to))
        .order((tasks::due_at.asc(), tasks::id.asc()))
        .limit(500)
        .select(TaskRow::as_select())
        .load(c)?)
}

// ---------------------------------------------------------------- milestones

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = task_milestones)]
pub struct MilestoneRow {
    pub id: String,
    pub task_id: String,
    pub position: i32,
    pub name: String,
    pub due_at: NaiveDateTime,
    pub done_at: Option<NaiveDateTime>,
}

pub fn milestones(c: &mut DbConn, task_id: &str) -> AppResult<Vec<MilestoneRow>> {
    Ok(task_milestones::table
        .filter(task_milestones::task_id.eq(task_id))
        .order(task_milestones::position.asc())
        .select(MilestoneRow::as_select())
        .load(c)?)
}

pub fn replace_milestones(
    c: &mut DbConn,
    task_id: &str,
    items: &[(String, NaiveDateTime, Option<NaiveDateTime>)],
) -> AppResult<()> {
    diesel::delete(task_milestones::table.filter(task_milestones::task_id.eq(task_id))).execute(c)?;
    for (i, (name, due, done)) in items.iter().enumerate() {
        diesel::insert_into(task_milestones::table)
            .values((
                task_milestones::id.eq(super::new_id()),
                task_milestones::task_id.eq(task_id),
                task_milestones::position.eq(i32::try_from(i).unwrap_or(i32::MAX)),
                task_milestones::name.eq(name),
                task_milestones::due_at.eq(due),
                task_milestones::done_at.eq(done),
            ))
            .execute(c)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- progress and history

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = task_progress)]
pub struct ProgressRow {
    pub id: String,
    pub task_id: String,
    pub author_id: String,
    pub status: Status,
    pub percent: i32,
    pub note: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_progress(c: &mut DbConn, row: &ProgressRow) -> AppResult<()> {
    diesel::insert_into(task_progress::table)
        .values((
            task_progress::id.eq(&row.id),
            task_progress::task_id.eq(&row.task_id),
            task_progress::author_id.eq(&row.author_id),
            task_progress::status.eq(&row.status),
            task_progress::percent.eq(row.percent),
            task_progress::note.eq(&row.note),
            task_progress::created_at.eq(row.created_at),
        ))
        .execute(c)?;
    Ok(())
}

/// The progress timeline, newest first.
pub fn progress(c: &mut DbConn, task_id: &str, limit: i64) -> AppResult<Vec<ProgressRow>> {
    Ok(task_progress::table
        .filter(task_progress::task_id.eq(task_id))
        .order((task_progress::created_at.desc(), task_progress::id.desc()))
        .limit(limit)
        .select(ProgressRow::as_select())
        .load(c)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = task_history)]
pub struct HistoryRow {
    pub id: String,
    pub task_id: String,
    pub actor_id: String,
    pub actor_department_id: Option<String>,
    pub at: NaiveDateTime,
    pub field: HistoryField,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

pub fn insert_history(c: &mut DbConn, row: &HistoryRow) -> AppResult<()> {
    diesel::insert_into(task_history::table)
        .values((
            task_history::id.eq(&row.id),
            task_history::task_id.eq(&row.task_id),
            task_history::actor_id.eq(&row.actor_id),
            task_history::actor_department_id.eq(&row.actor_department_id),
            task_history::at.eq(row.at),
            task_history::field.eq(&row.field),
            task_history::old_value.eq(&row.old_value),
            task_history::new_value.eq(&row.new_value),
        ))
        .execute(c)?;
    Ok(())
}

/// History of a task, newest first, after the keyset position (at, id).
pub fn history(
    c: &mut DbConn,
    task_id: &str,
    before: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> AppResult<Vec<HistoryRow>> {
    let mut q = task_history::table.filter(task_history::task_id.eq(task_id)).into_boxed::<MultiBackend>();
    if let Some((at, id)) = before {
        q = q
            .filter(task_history::at.le(at))
            .filter(task_history::at.lt(at).or(task_history::at.eq(at).and(task_history::id.lt(id))));
    }
    Ok(q.order((task_history::at.desc(), task_history::id.desc()))
        .limit(limit)
        .select(HistoryRow::as_select())
        .load(c)?)
}

// ---------------------------------------------------------------- lists

/// Sortable columns of the task list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortField {
    CreatedAt,
    UpdatedAt,
    DueAt,
    Priority,
    Title,
}

/// Filters of the task list; `visible_to` limits it to what a non-admin may see.
#[derive(Debug, Default, Clone)]
pub struct TaskFilter {
    pub visible_to: Option<Visibility>,
    pub scenarios: Vec<Scenario>,
    pub statuses: Vec<Status>,
    pub priorities: Vec<Priority>,
    pub department_id: Option<String>,
    /// Tasks whose owner is in this department.
    pub owner_department_id: Option<String>,
    pub owner_id: Option<String>,
    pub participant: Option<Participant>,
    pub collaborator_id: Option<String>,
    pub parent_id: Option<String>,
    pub top_level: bool,
    pub due_before: Option<NaiveDateTime>,
    pub due_after: Option<NaiveDateTime>,
    /// Open statuses and "now": due before now and still open.
    pub overdue: Option<(Vec<Status>, NaiveDateTime)>,
    pub like: Option<String>,
    /// Work waiting for this user: theirs to move, or theirs to review.
    pub to_act_for: Option<String>,
    /// With `to_act_for`: the departments the user heads, whose answer a task waits for.
    pub to_answer_for: Vec<String>,
    /// With `collaborator_id`: the user's department, whose published tasks they work with.
    pub collaborating_department: Option<String>,
}

/// Who is looking, for the visibility condition.
#[derive(Debug, Clone, Default)]
pub struct Visibility {
    pub user_id: String,
    /// The departments whose tasks the user sees once published: their own and those they head.
    pub departments: Vec<String>,
    pub headed_departments: Vec<String>,
}

/// A person whose tasks to list: named on the task, or in one of its departments.
#[derive(Debug, Clone, Default)]
pub struct Participant {
    pub user_id: String,
    pub department_id: Option<String>,
}

/// How the visibility rule is written for lists filtered by a person or a parent (the others read
/// the reader's audience rows: `list_tasks`): one rule, two shapes, because the engines' planners
/// each do well with one and badly with the other (measured with bench/ at 100k tasks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Correlated primary-key probes per row, so a sorted page scan stops after `limit` matches.
    /// PostgreSQL: ~10 ms a page. (The bundled SQLite 3.53 sorts every candidate first: 280 ms.)
    Probe,
    /// The caller's visible set built from small indexes (named on the task, their departments,
    /// departments they head, public tasks), then joined: cost follows what the caller can see.
    /// SQLite: ~25 ms a page; counts on both engines. (PostgreSQL nests a loop over the
    /// materialized set for a sorted page: 790 ms.)
    VisibleSet,
}

/// Whether a page read in list order needs the planner told so (SQLite: see `task_filters`).
fn walks(c: &DbConn) -> bool {
    matches!(c, DbConn::Sqlite(_))
}

fn page_shape(c: &DbConn) -> Shape {
    match c {
        DbConn::Pg(_) => Shape::Probe,
        DbConn::Sqlite(_) => Shape::VisibleSet,
    }
}

/// Whether the [`Visibility`]'s user is named on the task (`task_participants`), as a correlated
/// condition on `tasks.id` (both shapes of the visibility rule start from it).
macro_rules! named_on_task {
    ($v:expr) => {{
        use $crate::db::schema::{task_participants, tasks};
        diesel::dsl::exists(
            task_participants::table
                .filter(task_participants::task_id.eq(tasks::id))
                .filter(task_participants::user_id.eq(&$v.user_id)),
        )
    }};
}
pub(crate) use named_on_task;

/// The visibility rule in the [`Shape::Probe`] shape, as a condition on `tasks` columns for the
/// [`Visibility`] `$v` (see `visible_set`): index probes per row, so a scan in a sorted index
/// stops after a page of matches (the Files page, whose rows are files joined to their tasks,
/// reads it this way on both engines).
macro_rules! visible_probe {
    ($v:expr) => {{
        use $crate::db::schema::{task_departments, tasks};
        let v: &$crate::db::tasks::Visibility = $v;
        let named = $crate::db::tasks::named_on_task!(v);
        let of_my_departments = diesel::dsl::exists(
            task_departments::table
                .filter(task_departments::task_id.eq(tasks::id))
                .filter(task_departments::department_id.eq_any(&v.departments)),
        );
        named.or(tasks::status.ne("draft").and(tasks::visibility.ne("confidential")).and(
            tasks::visibility
                .eq("public")
                .or(tasks::initiating_department_id.eq_any(&v.headed_departments))
                .or(of_my_departments),
        ))
    }};
}
pub(crate) use visible_probe;

/// The visibility rule in the [`Shape::VisibleSet`] shape, as a condition on `tasks` columns for
/// the [`Visibility`] `$v` (the task list on SQLite, and its counts). A macro like
/// `visible_probe`, so the same text could filter any query with `tasks` in its FROM clause.
macro_rules! visible_set {
    ($v:expr) => {{
        use $crate::db::schema::{task_departments, task_participants, tasks};
        let v: &$crate::db::tasks::Visibility = $v;
        let named = $crate::db::tasks::named_on_task!(v);
        let others = diesel::alias!(tasks as others);
        let visible = task_participants::table
            .filter(task_participants::user_id.eq(&v.user_id))
            .select(task_participants::task_id)
            .union(
                task_departments::table
                    .filter(task_departments::department_id.eq_any(&v.departments))
                    .select(task_departments::task_id),
            )
            .union(
                others
                    .filter(others.field(tasks::initiating_department_id).eq_any(&v.headed_departments))
                    .select(others.field(tasks::id)),
            )
            .union(others.filter(others.field(tasks::visibility).eq("public")).select(others.field(tasks::id)));
        // Drafts and confidential tasks are seen only by the people named on them.
        tasks::id.eq_any(visible).and(tasks::status.ne("draft").and(tasks::visibility.ne("confidential")).or(named))
    }};
}

/// Limits a task query to the tasks `v` may see, written in `shape`.
fn visible<'a>(
    q: tasks::BoxedQuery<'a, MultiBackend>,
    v: &'a Visibility,
    shape: Shape,
) -> tasks::BoxedQuery<'a, MultiBackend> {
    match shape {
        Shape::Probe => q.filter(visible_probe!(v)),
        Shape::VisibleSet => q.filter(visible_set!(v)),
    }
}

diesel::define_sql_function! {
    /// SQLite's hint that a condition is usually true (the planner then reads in list order rather
    /// than through the condition's index and sorting everything it matched).
    fn likely(x: diesel::sql_types::Bool) -> diesel::sql_types::Bool;
}

/// The list's filters, all but visibility, on a boxed query `$q` with `tasks` in its FROM clause
/// (the tasks alone, or a reader's audience rows joined to their tasks). With `$walk` the page is
/// read in list order on SQLite: its planner is told that the status, scenario and priority
/// filters pass most tasks (the bundled SQLite otherwise reads every task of a status through
/// `tasks_status_due` and sorts them: 70 ms a page at 100k tasks, against 0.2 ms in order).
macro_rules! task_filters {
    ($q:ident, $f:expr, $walk:expr) => {{
        let f: &TaskFilter = $f;
        let walk: bool = $walk;
        if !f.scenarios.is_empty() {
            let cond = tasks::scenario.eq_any(&f.scenarios);
            $q = if walk { $q.filter(likely(cond)) } else { $q.filter(cond) };
        }
        if !f.statuses.is_empty() {
            let cond = tasks::status.eq_any(&f.statuses);
            $q = if walk { $q.filter(likely(cond)) } else { $q.filter(cond) };
        }
        if !f.priorities.is_empty() {
            let cond = tasks::priority.eq_any(&f.priorities);
            $q = if walk { $q.filter(likely(cond)) } else { $q.filter(cond) };
        }
        if let Some(d) = &f.department_id {
            let in_dept =
                task_departments::table.filter(task_departments::department_id.eq(d)).select(task_departments::task_id);
            $q = $q.filter(tasks::initiating_department_id.eq(d).or(tasks::id.eq_any(in_dept)));
        }
        if let Some(d) = &f.owner_department_id {
            $q = $q.filter(tasks::owner_id.eq_any(users::table.filter(users::department_id.eq(d)).select(users::id)));
        }
        if let Some(o) = &f.owner_id {
            $q = $q.filter(tasks::owner_id.eq(o));
        }
        if let Some(p) = &f.participant {
            let named = task_participants::table
                .filter(task_participants::user_id.eq(&p.user_id))
                .select(task_participants::task_id);
            let dept = p.department_id.clone().unwrap_or_default();
            let of_dept = task_departments::table
                .filter(task_departments::department_id.eq(dept))
                .select(task_departments::task_id);
            $q = $q.filter(tasks::id.eq_any(named).or(tasks::status.ne("draft").and(tasks::id.eq_any(of_dept))));
        }
        if let Some(p) = &f.collaborator_id {
            let theirs =
                task_collaborators::table.filter(task_collaborators::user_id.eq(p)).select(task_collaborators::task_id);
            match &f.collaborating_department {
                Some(d) => {
                    let of_dept = task_departments::table
                        .filter(task_departments::department_id.eq(d.clone()))
                        .select(task_departments::task_id);
                    $q =
                        $q.filter(tasks::id.eq_any(theirs).or(
                            tasks::status.ne(Status::Draft).and(tasks::owner_id.ne(p)).and(tasks::id.eq_any(of_dept)),
                        ));
                }
                None => $q = $q.filter(tasks::id.eq_any(theirs)),
            }
        }
        if let Some(p) = &f.parent_id {
            $q = $q.filter(tasks::parent_id.eq(p));
        }
        if f.top_level {
            $q = $q.filter(tasks::parent_id.is_null());
        }
        if let Some(t) = f.due_before {
            $q = $q.filter(tasks::due_at.lt(t));
        }
        if let Some(t) = f.due_after {
            $q = $q.filter(tasks::due_at.ge(t));
        }
        if let Some((open, now)) = &f.overdue {
            $q = $q.filter(tasks::due_at.lt(*now)).filter(tasks::status.eq_any(open));
        }
        if let Some(p) = &f.like {
            $q = $q.filter(tasks::search_key.like(p).escape('\\'));
        }
        if let Some(u) = &f.to_act_for {
            let parents = diesel::alias!(tasks as parents);
            let reviewed =
                parents.filter(parents.field(tasks::owner_id).eq(u)).select(parents.field(tasks::id).nullable());
            // A department head also answers for their department (接受 / 拒绝).
            let unanswered = department_responses::table
                .filter(department_responses::department_id.eq_any(f.to_answer_for.clone()))
                .filter(department_responses::state.eq(ResponseState::Pending))
                .select(department_responses::task_id);
            $q = $q.filter(
                tasks::owner_id
                    .eq(u)
                    .and(tasks::status.eq_any([Status::Published, Status::InProgress]))
                    .or(tasks::status.eq(Status::PendingReview).and(
                        tasks::parent_id
                            .eq_any(reviewed)
                            .or(tasks::parent_id.is_null().and(tasks::created_by.eq(u)).and(tasks::owner_id.ne(u))),
                    ))
                    .or(tasks::status
                        .eq_any([Status::Published, Status::InProgress])
                        .and(tasks::id.eq_any(unanswered))),
            );
        }
    }};
}

/// The filtered task query; `walk`: read in list order (see `task_filters`).
fn filtered<'a>(f: &'a TaskFilter, shape: Shape, walk: bool) -> tasks::BoxedQuery<'a, MultiBackend> {
    let mut q = tasks::table.filter(tasks::deleted_at.is_null()).into_boxed();
    if let Some(v) = &f.visible_to {
        q = visible(q, v, shape);
    }
    task_filters!(q, f, walk);
    q
}

/// The keyset position after which the next page starts, as stored values (ordered as the
/// databases order them: titles by bytes, as SQLite and the audience's `COLLATE "C"` do).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Time(NaiveDateTime),
    Int(i32),
    Text(String),
}

/// Orders the boxed query `$q` by the sort column of table `$t` (`tasks`, or `task_audience`,
/// whose copies have the same names), then by `$id`, starting after the keyset position `$after`
/// and ending at the position `$until` (included) when there is one.
macro_rules! in_order {
    ($q:ident, $t:ident, $id:expr, $sort:expr, $desc:expr, $after:expr, $until:expr) => {{
        let after: &Option<(SortKey, String)> = $after;
        let until: &Option<(SortKey, String)> = $until;
        let desc: bool = $desc;
        macro_rules! keyset {
            ($col:expr, $val:expr, $end:expr) => {{
                if let Some((_, id)) = after {
                    let v = $val;
                    // The plain bound first: it is what an index range can start from (SQLite
                    // does not start one from the OR alone and would re-read the list from its
                    // top on every page: quadratic over a 1M-row export).
                    $q = if desc {
                        $q.filter($col.le(v.clone())).filter($col.lt(v.clone()).or($col.eq(v).and($id.lt(id.clone()))))
                    } else {
                        $q.filter($col.ge(v.clone())).filter($col.gt(v.clone()).or($col.eq(v).and($id.gt(id.clone()))))
                    };
                }
                if let Some((_, id)) = until {
                    let v = $end;
                    $q = if desc {
                        $q.filter($col.ge(v.clone())).filter($col.gt(v.clone()).or($col.eq(v).and($id.ge(id.clone()))))
                    } else {
                        $q.filter($col.le(v.clone())).filter($col.lt(v.clone()).or($col.eq(v).and($id.le(id.clone()))))
                    };
                }
                $q = if desc { $q.order(($col.desc(), $id.desc())) } else { $q.order(($col.asc(), $id.asc())) };
            }};
        }
        let bad = || AppError::field("cursor", "invalid", "the cursor does not match the sort");
        let key = after.as_ref().map(|(k, _)| k.clone());
        let end = until.as_ref().map(|(k, _)| k.clone());
        let time = |key: &Option<SortKey>| match key {
            Some(SortKey::Time(t)) => Ok(*t),
            None => Ok(NaiveDateTime::default()),
            _ => Err(bad()),
        };
        let int = |key: &Option<SortKey>| match key {
            Some(SortKey::Int(n)) => Ok(*n),
            None => Ok(0),
            _ => Err(bad()),
        };
        let text = |key: &Option<SortKey>| match key {
            Some(SortKey::Text(s)) => Ok(s.clone()),
            None => Ok(String::new()),
            _ => Err(bad()),
        };
        match $sort {
            SortField::CreatedAt => keyset!($t::created_at, time(&key)?, time(&end)?),
            SortField::UpdatedAt => keyset!($t::updated_at, time(&key)?, time(&end)?),
            SortField::DueAt => keyset!($t::due_at, time(&key)?, time(&end)?),
            SortField::Priority => keyset!($t::priority_rank, int(&key)?, int(&end)?),
            SortField::Title => keyset!($t::title, text(&key)?, text(&end)?),
        }
    }};
}

/// The keyset position of a row in a list sorted by `sort`.
fn position(t: &TaskRow, sort: SortField) -> (SortKey, String) {
    let key = match sort {
        SortField::CreatedAt => SortKey::Time(t.created_at),
        SortField::UpdatedAt => SortKey::Time(t.updated_at),
        SortField::DueAt => SortKey::Time(t.due_at),
        SortField::Priority => SortKey::Int(t.priority.rank()),
        SortField::Title => SortKey::Text(t.title.clone()),
    };
    (key, t.id.clone())
}

/// The principals whose audience rows make up what `v` may see (migration 000025): the reader,
/// everyone, their departments (members see a department's published tasks) and the departments
/// they head (heads see the published tasks their department initiated).
pub fn principals(v: &Visibility) -> Vec<String> {
    let mut all = vec![format!("u:{}", v.user_id), "p".to_owned()];
    all.extend(v.departments.iter().map(|d| format!("d:{d}")));
    all.extend(v.headed_departments.iter().map(|d| format!("h:{d}")));
    all.sort();
    all.dedup();
    all
}

/// The most principals whose pages [`audience_page`] merges; a reader with more (who heads many
/// departments, and so sees most tasks) has the tasks read in list order, each checked by the
/// rule's probe shape.
const MERGED_PRINCIPALS: usize = 6;

/// Whether a page is best read from the reader's audience rows in list order. Filters that name
/// a person or a parent pick few tasks by their own indexes; the audience order would walk past
/// the rest of what the reader may see to find them.
fn reads_by_audience(f: &TaskFilter) -> bool {
    f.visible_to.is_some()
        && f.owner_id.is_none()
        && f.participant.is_none()
        && f.collaborator_id.is_none()
        && f.parent_id.is_none()
        && f.to_act_for.is_none()
}

/// One page for a reader, from their audience: each principal's rows are read in list order from
/// an index (a page of matches each, whatever else the reader may see), then merged. A task in
/// the first `limit` of the union is in the first `limit` of every principal that has it. Once
/// the principals read so far fill a page, a later one's rows are read only up to its last row:
/// they cannot come after it. The departments' principals go first: a person's own rows (a head
/// is named on thousands of tasks as the parent's owner) are then read over a page's span only.
fn audience_page(
    c: &mut DbConn,
    f: &TaskFilter,
    v: &Visibility,
    sort: SortField,
    desc: bool,
    after: &Option<(SortKey, String)>,
    limit: i64,
) -> AppResult<Vec<TaskRow>> {
    let size = usize::try_from(limit).unwrap_or(0);
    let mut principals = principals(v);
    principals.sort_by_key(|p| p.starts_with("u:"));
    let mut rows: Vec<TaskRow> = Vec::new();
    for principal in principals {
        let until = if size > 0 && rows.len() >= size { Some(position(&rows[size - 1], sort)) } else { None };
        let mut q = task_audience::table
            .inner_join(tasks::table.on(tasks::id.eq(task_audience::task_id)))
            .filter(task_audience::principal.eq(principal))
            .filter(tasks::deleted_at.is_null())
            .into_boxed::<MultiBackend>();
        task_filters!(q, f, walks(c));
        in_order!(q, task_audience, task_audience::task_id, sort, desc, after, &until);
        rows.extend(q.limit(limit).select(TaskRow::as_select()).load(c)?);
        rows.sort_by_cached_key(|t| position(t, sort));
        if desc {
            rows.reverse();
        }
        rows.dedup_by(|a, b| a.id == b.id);
        rows.truncate(size);
    }
    Ok(rows)
}

/// One page of tasks, sorted by `sort` (then id), after `after`.
pub fn list_tasks(
    c: &mut DbConn,
    f: &TaskFilter,
    sort: SortField,
    desc: bool,
    after: Option<(SortKey, String)>,
    limit: i64,
) -> AppResult<Vec<TaskRow>> {
    let mut q = match (reads_by_audience(f), &f.visible_to) {
        (true, Some(v)) => {
            let principals = principals(v);
            if principals.len() <= MERGED_PRINCIPALS {
                return audience_page(c, f, v, sort, desc, &after, limit);
            }
            // A reader of many departments sees most tasks: the tasks in list order, each checked
            // by the rule in its probe shape (for most, the initiating department answers without
            // a lookup; 42 audience probes per task took ~150 ms a page for the bench's general
            // manager).
            filtered(f, Shape::Probe, walks(c))
        }
        // The administrator sees every task: read in list order too.
        (_, None) => filtered(f, page_shape(c), walks(c)),
        _ => filtered(f, page_shape(c), false),
    };
    in_order!(q, tasks, tasks::id, sort, desc, &after, &None);
    Ok(q.limit(limit).select(TaskRow::as_select()).load(c)?)
}

/// How many tasks match; for a reader, counted over their audience rows. Kept for a moment
/// ([`super::counts`]): a reader turning pages asks for the same total each time.
pub fn count_tasks(c: &mut DbConn, f: &TaskFilter) -> AppResult<i64> {
    // "Overdue" is relative to now: one total per second.
    let mut key = f.clone();
    if let Some((_, now)) = &mut key.overdue {
        *now = now.trunc_subsecs(0);
    }
    super::counts::total(c, format!("tasks {key:?}"), |c| {
        let Some(v) = &f.visible_to else { return Ok(filtered(f, Shape::VisibleSet, false).count().get_result(c)?) };
        let visible =
            task_audience::table.filter(task_audience::principal.eq_any(principals(v))).select(task_audience::task_id);
        let mut q = tasks::table.filter(tasks::deleted_at.is_null()).filter(tasks::id.eq_any(visible)).into_boxed();
        task_filters!(q, f, false);
        Ok(q.count().get_result(c)?)
    })
}

/// Milestones not yet reached, due in `[from, to)`, of open tasks a person owns or is named on,
/// with their task: the milestones in the person's calendar.
pub fn milestones_due_for(
    c: &mut DbConn,
    user_id: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> AppResult<Vec<(MilestoneRow, TaskRow)>> {
    let named =
        task_participants::table.filter(task_participants::user_id.eq(user_id)).select(task_participants::task_id);
    Ok(task_milestones::table
        .inner_join(tasks::table.on(tasks::id.eq(task_milestones::task_id)))
        .filter(tasks::owner_id.eq(user_id).or(tasks::id.eq_any(named)))
        .filter(tasks::status.eq_any(Status::LIVE))
        .filter(task_milestones::done_at.is_null())
        .filter(task_milestones::due_at.ge(from))
        .filter(task_milestones::due_at.lt(to))
        .order((task_milestones::due_at.asc(), task_milestones::id.asc()))
        .limit(500)
        .select((MilestoneRow::as_select(), TaskRow::as_select()))
        .load(c)?)
}
