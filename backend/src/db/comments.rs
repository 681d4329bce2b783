//! Comments on tasks, their earlier texts, mentions and attachments.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{attachments, comment_mentions, comment_revisions, comments};
use super::DbConn;
use crate::error::AppResult;
use crate::values::MentionType;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = comments)]
pub struct CommentRow {
    pub id: String,
    pub task_id: String,
    pub parent_id: Option<String>,
    pub author_id: String,
    pub body: String,
    pub pinned_at: Option<NaiveDateTime>,
    pub pinned_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = comment_revisions)]
pub struct RevisionRow {
    pub id: String,
    pub comment_id: String,
    pub body: String,
    pub replaced_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = comment_mentions)]
pub struct MentionRow {
    pub comment_id: String,
    pub target_type: MentionType,
    pub target_id: String,
    pub all_members: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = attachments)]
pub struct AttachmentRow {
    pub id: String,
    pub task_id: String,
    pub comment_id: Option<String>,
    pub uploader_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_comment(c: &mut DbConn, row: &CommentRow) -> AppResult<()> {
    diesel::insert_into(comments::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_comment(c: &mut DbConn, id: &str) -> AppResult<Option<CommentRow>> {
    Ok(comments::table.find(id).select(CommentRow::as_select()).first(c).optional()?)
}

/// A page of a task's top-level comments: pinned ones first (latest pin first), then oldest
/// first. `after` is the keyset position (pinned rank, time, id) of the last row seen.
/// The pinned comments of a task, latest pin first (a task has at most a few: pins are capped).
pub fn pinned(c: &mut DbConn, task_id: &str) -> AppResult<Vec<CommentRow>> {
    Ok(comments::table
        .filter(comments::task_id.eq(task_id))
        .filter(comments::parent_id.is_null())
        .filter(comments::pinned_at.is_not_null())
        .order((comments::pinned_at.desc(), comments::id.desc()))
        .select(CommentRow::as_select())
        .load(c)?)
}

/// How many comments of a task are pinned.
pub fn pinned_count(c: &mut DbConn, task_id: &str) -> AppResult<i64> {
    Ok(comments::table
        .filter(comments::task_id.eq(task_id))
        .filter(comments::parent_id.is_null())
        .filter(comments::pinned_at.is_not_null())
        .filter(comments::deleted_at.is_null())
        .count()
        .get_result(c)?)
}

/// Up to `limit` unpinned top-level comments of a task older than `before` (created_at, id),
/// newest first.
pub fn top_level_before(
    c: &mut DbConn,
    task_id: &str,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<CommentRow>> {
    let mut q = comments::table
        .filter(comments::task_id.eq(task_id))
        .filter(comments::parent_id.is_null())
        .filter(comments::pinned_at.is_null())
        .into_boxed();
    if let Some((at, id)) = before {
        // A plain bound first, so the index range starts there; the tie-break after it.
        q = q
            .filter(comments::created_at.le(at))
            .filter(comments::created_at.lt(at).or(comments::created_at.eq(at).and(comments::id.lt(id))));
    }
    Ok(q.order((comments::created_at.desc(), comments::id.desc()))
        .limit(limit)
        .select(CommentRow::as_select())
        .load(c)?)
}

/// The replies to these comments, oldest first.
pub fn replies(c: &mut DbConn, parent_ids: &[String]) -> AppResult<Vec<CommentRow>> {
    Ok(comments::table
        .filter(comments::parent_id.eq_any(parent_ids))
        .order((comments::created_at.asc(), comments::id.asc()))
        .select(CommentRow::as_select())
        .load(c)?)
}

/// Optimistic update of a comment's text, pin or deletion; false when the version moved on.
pub fn update_comment(c: &mut DbConn, row: &CommentRow) -> AppResult<bool> {
    let n = diesel::update(comments::table.filter(comments::id.eq(&row.id)).filter(comments::version.eq(row.version)))
        .set((
            comments::body.eq(&row.body),
            comments::pinned_at.eq(row.pinned_at),
            comments::pinned_by.eq(&row.pinned_by),
            comments::edited_at.eq(row.edited_at),
            comments::deleted_at.eq(row.deleted_at),
            comments::version.eq(row.version + 1),
        ))
        .execute(c)?;
    Ok(n == 1)
}

pub fn insert_revision(c: &mut DbConn, row: &RevisionRow) -> AppResult<()> {
    diesel::insert_into(comment_revisions::table).values(row).execute(c)?;
    Ok(())
}

pub fn revisions(c: &mut DbConn, comment_id: &str) -> AppResult<Vec<RevisionRow>> {
    Ok(comment_revisions::table
        .filter(comment_revisions::comment_id.eq(comment_id))
        .order((comment_revisions::replaced_at.asc(), comment_revisions::id.asc()))
        .select(RevisionRow::as_select())
        .load(c)?)
}

/// How many earlier texts each comment has.
pub fn revision_counts(c: &mut DbConn, ids: &[String]) -> AppResult<Vec<(String, i64)>> {
    Ok(comment_revisions::table
        .filter(comment_revisions::comment_id.eq_any(ids))
        .group_by(comment_revisions::comment_id)
        .select((comment_revisions::comment_id, diesel::dsl::count_star()))
        .load(c)?)
}

pub fn insert_mention(c: &mut DbConn, row: &MentionRow) -> AppResult<()> {
    diesel::insert_into(comment_mentions::table).values(row).execute(c)?;
    Ok(())
}

pub fn delete_mentions(c: &mut DbConn, comment_id: &str) -> AppResult<()> {
    diesel::delete(comment_mentions::table.filter(comment_mentions::comment_id.eq(comment_id))).execute(c)?;
    Ok(())
}

pub fn mentions(c: &mut DbConn, comment_ids: &[String]) -> AppResult<Vec<MentionRow>> {
    Ok(comment_mentions::table
        .filter(comment_mentions::comment_id.eq_any(comment_ids))
        .order((comment_mentions::comment_id, comment_mentions::target_type, comment_mentions::target_id))
        .select(MentionRow::as_select())
        .load(c)?)
}

pub fn insert_attachment(c: &mut DbConn, row: &AttachmentRow) -> AppResult<()> {
    diesel::insert_into(attachments::table).values(row).execute(c)?;
    Ok(())
}

pub fn find_attachment(c: &mut DbConn, id: &str) -> AppResult<Option<AttachmentRow>> {
    Ok(attachments::table.find(id).select(AttachmentRow::as_select()).first(c).optional()?)
}

pub fn attach(c: &mut DbConn, ids: &[String], comment_id: &str) -> AppResult<()> {
    diesel::update(attachments::table.filter(attachments::id.eq_any(ids)))
        .set(attachments::comment_id.eq(comment_id))
        .execute(c)?;
    Ok(())
}

pub fn attachments_of(c: &mut DbConn, comment_ids: &[String]) -> AppResult<Vec<AttachmentRow>> {
    Ok(attachments::table
        .filter(attachments::comment_id.eq_any(comment_ids))
        .order((attachments::created_at.asc(), attachments::id.asc()))
        .select(AttachmentRow::as_select())
        .load(c)?)
}
