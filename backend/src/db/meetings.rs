//! Meetings of tasks, their participants and action items, and private calendar feeds.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{calendar_feeds, meeting_action_items, meeting_participants, meetings};
use super::DbConn;
use crate::error::AppResult;
use crate::values::MeetingStatus;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = meetings)]
pub struct MeetingRow {
    pub id: String,
    pub task_id: String,
    pub organizer_id: String,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub duration_minutes: i32,
    pub location: String,
    pub online_url: String,
    pub agenda: String,
    pub status: MeetingStatus,
    pub sequence: i32,
    pub discussion: String,
    pub decisions: String,
    pub minutes_by: Option<String>,
    pub minutes_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = meeting_action_items)]
pub struct ActionItemRow {
    pub id: String,
    pub meeting_id: String,
    pub position: i32,
    pub title: String,
    pub owner_id: String,
    pub due_at: NaiveDateTime,
    pub subtask_id: Option<String>,
}

pub fn insert_meeting(c: &mut DbConn, row: &MeetingRow) -> AppResult<()> {
    diesel::insert_into(meetings::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_meeting(c: &mut DbConn, id: &str) -> AppResult<Option<MeetingRow>> {
    Ok(meetings::table.find(id).select(MeetingRow::as_select()).first(c).optional()?)
}

/// Writes every field of the row if its version is still `row.version`; bumps the version.
pub fn update_meeting(c: &mut DbConn, row: &MeetingRow) -> AppResult<bool> {
    let n = diesel::update(meetings::table.filter(meetings::id.eq(&row.id)).filter(meetings::version.eq(row.version)))
        .set((
            meetings::title.eq(&row.title),
            meetings::starts_at.eq(row.starts_at),
            meetings::duration_minutes.eq(row.duration_minutes),
            meetings::location.eq(&row.location),
            meetings::online_url.eq(&row.online_url),
            meetings::agenda.eq(&row.agenda),
            meetings::status.eq(&row.status),
            meetings::sequence.eq(row.sequence),
            meetings::discussion.eq(&row.discussion),
            meetings::decisions.eq(&row.decisions),
            meetings::minutes_by.eq(&row.minutes_by),
            meetings::minutes_at.eq(row.minutes_at),
            meetings::updated_at.eq(row.updated_at),
            meetings::version.eq(row.version + 1),
        ))
        .execute(c)?;
    Ok(n == 1)
}

/// A task's meetings, soonest first.
pub fn meetings_of_task(c: &mut DbConn, task_id: &str) -> AppResult<Vec<MeetingRow>> {
    Ok(meetings::table
        .filter(meetings::task_id.eq(task_id))
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .select(MeetingRow::as_select())
        .load(c)?)
}

/// Meetings the user takes part in (as participant; organizers are participants) starting at or
/// after `since` and, with `until`, before it; by start time.
pub fn meetings_of_user(
    c: &mut DbConn,
    user_id: &str,
    since: NaiveDateTime,
    until: Option<NaiveDateTime>,
) -> AppResult<Vec<MeetingRow>> {
    let mut q = meetings::table
        .inner_join(meeting_participants::table.on(meeting_participants::meeting_id.eq(meetings::id)))
        .filter(meeting_participants::user_id.eq(user_id))
        .filter(meetings::starts_at.ge(since))
        .into_boxed();
    if let Some(until) = until {
        q = q.filter(meetings::starts_at.lt(until));
    }
    Ok(q.order((meetings::starts_at.asc(), meetings::id.asc())).select(MeetingRow::as_select()).load(c)?)
}

pub fn participants(c: &mut DbConn, meeting_id: &str) -> AppResult<Vec<String>> {
    Ok(meeting_participants::table
        .filter(meeting_participants::meeting_id.eq(meeting_id))
        .order(meeting_participants::user_id)
        .select(meeting_participants::user_id)
        .load(c)?)
}

/// Participants of each meeting, in one query.
pub fn participants_of(c: &mut DbConn, meeting_ids: &[String]) -> AppResult<HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = meeting_participants::table
        .filter(meeting_participants::meeting_id.eq_any(meeting_ids))
        .select((meeting_participants::meeting_id, meeting_participants::user_id))
        .load(c)?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (m, u) in rows {
        out.entry(m).or_default().push(u);
    }
    Ok(out)
}

pub fn set_participants(c: &mut DbConn, meeting_id: &str, user_ids: &[String]) -> AppResult<()> {
    diesel::delete(meeting_participants::table.filter(meeting_participants::meeting_id.eq(meeting_id))).execute(c)?;
    for u in user_ids {
        diesel::insert_into(meeting_participants::table)
            .values((meeting_participants::meeting_id.eq(meeting_id), meeting_participants::user_id.eq(u)))
            .execute(c)?;
    }
    Ok(())
}

pub fn action_items(c: &mut DbConn, meeting_id: &str) -> AppResult<Vec<ActionItemRow>> {
    Ok(meeting_action_items::table
        .filter(meeting_action_items::meeting_id.eq(meeting_id))
        .order((meeting_action_items::position.asc(), meeting_action_items::id.asc()))
        .select(ActionItemRow::as_select())
        .load(c)?)
}

pub fn insert_action_item(c: &mut DbConn, row: &ActionItemRow) -> AppResult<()> {
    diesel::insert_into(meeting_action_items::table).values(row).execute(c)?;
    Ok(())
}

pub fn update_action_item(c: &mut DbConn, row: &ActionItemRow) -> AppResult<()> {
    diesel::update(meeting_action_items::table.find(&row.id))
        .set((
            meeting_action_items::position.eq(row.position),
            meeting_action_items::title.eq(&row.title),
            meeting_action_items::owner_id.eq(&row.owner_id),
            meeting_action_items::due_at.eq(row.due_at),
            meeting_action_items::subtask_id.eq(&row.subtask_id),
        ))
        .execute(c)?;
    Ok(())
}

pub fn delete_action_item(c: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::delete(meeting_action_items::table.find(id)).execute(c)?;
    Ok(())
}

pub fn find_feed_user(c: &mut DbConn, token_hash: &str) -> AppResult<Option<String>> {
    Ok(calendar_feeds::table
        .filter(calendar_feeds::token_hash.eq(token_hash))
        .select(calendar_feeds::user_id)
        .first(c)
        .optional()?)
}

pub fn feed_created_at(c: &mut DbConn, user_id: &str) -> AppResult<Option<NaiveDateTime>> {
    Ok(calendar_feeds::table.find(user_id).select(calendar_feeds::created_at).first(c).optional()?)
}

/// Replaces the user's feed token (the old URL stops working).
pub fn set_feed(c: &mut DbConn, user_id: &str, token_hash: &str, at: NaiveDateTime) -> AppResult<()> {
    delete_feed(c, user_id)?;
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::user_id.eq(user_id),
            calendar_feeds::token_hash.eq(token_hash),
            calendar_feeds::created_at.eq(at),
        ))
        .execute(c)?;
    Ok(())
}

pub fn delete_feed(c: &mut DbConn, user_id: &str) -> AppResult<bool> {
    Ok(diesel::delete(calendar_feeds::table.find(user_id)).execute(c)? > 0)
}
