//! What the search index is built from: the texts and the people of tasks, comments, meetings
//! and files, read in batches (a few queries for a page of tasks, whatever their number).

use std::collections::HashMap;

use diesel::prelude::*;

use super::comments::CommentRow;
use super::files::FileRow;
use super::meetings::MeetingRow;
use super::schema::{
    comments, file_versions, files, meeting_action_items, meetings, task_collaborators, task_participants,
    task_progress, task_summaries, task_tags, tasks,
};
use super::DbConn;
use crate::error::AppResult;

/// Ids in one `IN (...)`: well below SQLite's and PostgreSQL's limits on bound values.
const CHUNK: usize = 500;

fn grouped(pairs: Vec<(String, String)>) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in pairs {
        out.entry(k).or_default().push(v);
    }
    out
}

/// Live tasks after `after` in id order, a page at a time (the full rebuild walks them).
pub fn live_task_ids(c: &mut DbConn, after: Option<&str>, limit: i64) -> AppResult<Vec<String>> {
    let mut q = tasks::table.filter(tasks::deleted_at.is_null()).select(tasks::id).order(tasks::id.asc()).into_boxed();
    if let Some(a) = after {
        q = q.filter(tasks::id.gt(a.to_owned()));
    }
    Ok(q.limit(limit).load(c)?)
}

/// Collaborators of each task.
pub fn collaborators_of(c: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, Vec<String>>> {
    let mut pairs = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        pairs.extend(
            task_collaborators::table
                .filter(task_collaborators::task_id.eq_any(chunk))
                .select((task_collaborators::task_id, task_collaborators::user_id))
                .load::<(String, String)>(c)?,
        );
    }
    Ok(grouped(pairs))
}

/// The people named on each task (`task_participants`, any reason).
pub fn participants_of(c: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, Vec<String>>> {
    let mut pairs = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        pairs.extend(
            task_participants::table
                .filter(task_participants::task_id.eq_any(chunk))
                .select((task_participants::task_id, task_participants::user_id))
                .load::<(String, String)>(c)?,
        );
    }
    Ok(grouped(pairs))
}

/// The notes of each task's progress updates, oldest first (empty notes left out).
pub fn progress_notes_of(c: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, Vec<String>>> {
    let mut pairs = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        pairs.extend(
            task_progress::table
                .filter(task_progress::task_id.eq_any(chunk))
                .filter(task_progress::note.ne(""))
                .order((task_progress::task_id, task_progress::created_at, task_progress::id))
                .select((task_progress::task_id, task_progress::note))
                .load::<(String, String)>(c)?,
        );
    }
    Ok(grouped(pairs))
}

/// The texts of each task's 协作总结: outcome, what went well, problems, lessons.
pub fn summaries_of(c: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, [String; 4]>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows = task_summaries::table
            .filter(task_summaries::task_id.eq_any(chunk))
            .select((
                task_summaries::task_id,
                task_summaries::outcome,
                task_summaries::went_well,
                task_summaries::problems,
                task_summaries::lessons,
            ))
            .load::<(String, String, String, String, String)>(c)?;
        for (id, a, b, c2, d) in rows {
            out.insert(id, [a, b, c2, d]);
        }
    }
    Ok(out)
}

/// The tags of each task, in order.
pub fn tags_of(c: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, Vec<String>>> {
    let mut pairs = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        pairs.extend(
            task_tags::table
                .filter(task_tags::task_id.eq_any(chunk))
                .order((task_tags::task_id, task_tags::tag))
                .select((task_tags::task_id, task_tags::tag))
                .load::<(String, String)>(c)?,
        );
    }
    Ok(grouped(pairs))
}

/// The comments of these tasks that are not deleted.
pub fn comments_of(c: &mut DbConn, task_ids: &[String]) -> AppResult<Vec<CommentRow>> {
    let mut out = Vec::new();
    for chunk in task_ids.chunks(CHUNK) {
        out.extend(
            comments::table
                .filter(comments::task_id.eq_any(chunk))
                .filter(comments::deleted_at.is_null())
                .select(CommentRow::as_select())
                .load(c)?,
        );
    }
    Ok(out)
}

/// These comments, deleted ones too.
pub fn comments_by_id(c: &mut DbConn, ids: &[String]) -> AppResult<Vec<CommentRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(comments::table.filter(comments::id.eq_any(chunk)).select(CommentRow::as_select()).load(c)?);
    }
    Ok(out)
}

/// The meetings of these tasks.
pub fn meetings_of(c: &mut DbConn, task_ids: &[String]) -> AppResult<Vec<MeetingRow>> {
    let mut out = Vec::new();
    for chunk in task_ids.chunks(CHUNK) {
        out.extend(meetings::table.filter(meetings::task_id.eq_any(chunk)).select(MeetingRow::as_select()).load(c)?);
    }
    Ok(out)
}

pub fn meetings_by_id(c: &mut DbConn, ids: &[String]) -> AppResult<Vec<MeetingRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(meetings::table.filter(meetings::id.eq_any(chunk)).select(MeetingRow::as_select()).load(c)?);
    }
    Ok(out)
}

/// The titles of each meeting's action items (part of its minutes), in order.
pub fn action_items_of(c: &mut DbConn, meeting_ids: &[String]) -> AppResult<HashMap<String, Vec<String>>> {
    let mut pairs = Vec::new();
    for chunk in meeting_ids.chunks(CHUNK) {
        pairs.extend(
            meeting_action_items::table
                .filter(meeting_action_items::meeting_id.eq_any(chunk))
                .order((meeting_action_items::meeting_id, meeting_action_items::position))
                .select((meeting_action_items::meeting_id, meeting_action_items::title))
                .load::<(String, String)>(c)?,
        );
    }
    Ok(grouped(pairs))
}

/// The files of these tasks that are not in the trash.
pub fn files_of(c: &mut DbConn, task_ids: &[String]) -> AppResult<Vec<FileRow>> {
    let mut out = Vec::new();
    for chunk in task_ids.chunks(CHUNK) {
        out.extend(
            files::table
                .filter(files::task_id.eq_any(chunk))
                .filter(files::deleted_at.is_null())
                .select(FileRow::as_select())
                .load(c)?,
        );
    }
    Ok(out)
}

/// These files, those in the trash too.
pub fn files_by_id(c: &mut DbConn, ids: &[String]) -> AppResult<Vec<FileRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(files::table.filter(files::id.eq_any(chunk)).select(FileRow::as_select()).load(c)?);
    }
    Ok(out)
}

/// The id of each file's current version.
pub fn current_version_ids(c: &mut DbConn, rows: &[FileRow]) -> AppResult<HashMap<String, String>> {
    let current: HashMap<&str, i32> = rows.iter().map(|r| (r.id.as_str(), r.current_version)).collect();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let versions = file_versions::table
            .filter(file_versions::file_id.eq_any(chunk))
            .select((file_versions::file_id, file_versions::number, file_versions::id))
            .load::<(String, i32, String)>(c)?;
        for (file, number, id) in versions {
            if current.get(file.as_str()) == Some(&number) {
                out.insert(file, id);
            }
        }
    }
    Ok(out)
}
