//! The conversation on a task: Markdown comments with one level of replies, edits that keep the
//! earlier text, soft deletion, pins, @mentions of people and departments, and attachments.

use std::collections::{BTreeSet, HashMap};

use serde_json::json;

use super::journal::Journal;
use super::permissions::{TaskAction, TaskRelation};
use super::tasks::{load_for, refuse_blind};
use super::{live, markdown, Actor, Role};
use crate::db::comments::{self as store, AttachmentRow, CommentRow, MentionRow, RevisionRow};
use crate::db::orgs as org_store;
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult};
use crate::values::{EventKind, TaskChange};

pub const MAX_BODY_CHARS: usize = 10_000;
pub const MAX_MENTIONS: usize = 50;
pub const MAX_ATTACHMENTS: usize = 20;
/// How much of a comment a notification quotes.
const EXCERPT_CHARS: usize = 60;

pub use crate::values::MentionType;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub target: MentionType,
    pub id: String,
    /// For a department: everyone in it, not only its heads.
    pub all_members: bool,
}

#[derive(Debug, Clone, Default)]
pub struct NewComment {
    pub body: String,
    pub parent_id: Option<String>,
    pub mentions: Vec<Mention>,
    pub attachment_ids: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct MentionView {
    pub row: MentionRow,
    pub name: String,
}

/// A comment as its reader sees it.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub row: CommentRow,
    pub author_name: String,
    pub pinned_by_name: Option<String>,
    pub body_html: String,
    pub mentions: Vec<MentionView>,
    pub attachments: Vec<AttachmentRow>,
    pub revision_count: i64,
    pub can_edit: bool,
    pub can_delete: bool,
    pub can_pin: bool,
    pub replies: Vec<CommentView>,
}

/// Who may pin: whoever runs the task, a head of a department taking part, an administrator.
fn may_pin(actor: &Actor, rel: &TaskRelation) -> bool {
    !rel.is_archived
        && (actor.role == Role::Admin || rel.is_owner || rel.owns_ancestor || rel.heads_involved_department)
}

fn ensure_open(actor: &Actor, rel: &TaskRelation) -> AppResult<()> {
    if rel.is_archived && actor.role != Role::Admin {
        return Err(AppError::forbidden("the task is archived and read-only"));
    }
    Ok(())
}

fn check_body(body: &str, attachments: usize) -> AppResult<String> {
    let body = body.trim();
    if body.is_empty() && attachments == 0 {
        return Err(AppError::field("body", "required", "write something or attach a file"));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(AppError::field("body", "length", format!("a comment has at most {MAX_BODY_CHARS} characters")));
    }
    Ok(body.to_owned())
}

/// The start of a comment as plain text, for notifications and previews (no Markdown marks).
fn excerpt(body: &str) -> String {
    let flat = super::markdown::plain_text(body);
    if flat.chars().count() <= EXCERPT_CHARS {
        flat
    } else {
        format!("{}…", flat.chars().take(EXCERPT_CHARS).collect::<String>())
    }
}

/// The people a set of mentions reaches: the users, and a department's heads (or, when asked, all
/// its members). Refuses (422 on `mentions`) unknown targets and departments nobody would hear.
fn reach(c: &mut DbConn, mentions: &[Mention]) -> AppResult<BTreeSet<String>> {
    if mentions.len() > MAX_MENTIONS {
        return Err(AppError::field("mentions", "length", format!("at most {MAX_MENTIONS} mentions per comment")));
    }
    let mut people = BTreeSet::new();
    for m in mentions {
        match m.target {
            MentionType::User => {
                if task_store::active_user_ids(c, std::slice::from_ref(&m.id))?.is_empty() {
                    return Err(AppError::field("mentions", "not_found", "unknown or inactive user"));
                }
                people.insert(m.id.clone());
            }
            MentionType::Department => {
                if task_store::active_department_ids(c, std::slice::from_ref(&m.id))?.is_empty() {
                    return Err(AppError::field("mentions", "not_found", "unknown or inactive department"));
                }
                let reached = if m.all_members {
                    task_store::people_of_departments(c, std::slice::from_ref(&m.id))?
                } else {
                    let heads: Vec<String> = org_store::heads_of(c, &[m.id.as_str()])?
                        .remove(&m.id)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(id, _)| id)
                        .collect();
                    task_store::active_user_ids(c, &heads)?
                };
                if reached.is_empty() {
                    let what = if m.all_members { "members" } else { "head" };
                    return Err(AppError::field(
                        "mentions",
                        "no_recipients",
                        format!("the department has no {what} to notify"),
                    ));
                }
                people.extend(reached);
            }
        }
    }
    Ok(people)
}

/// [`reach`], after checking every person reached may see the task; refuses anyone who cannot,
/// by name.
fn resolve_mentions(c: &mut DbConn, task: &TaskRow, mentions: &[Mention]) -> AppResult<BTreeSet<String>> {
    let people = reach(c, mentions)?;
    let people_list: Vec<String> = people.iter().cloned().collect();
    refuse_blind(c, task, &people_list, "mentions")?;
    Ok(people)
}

fn save_mentions(c: &mut DbConn, comment_id: &str, mentions: &[Mention]) -> AppResult<()> {
    let mut seen = BTreeSet::new();
    for m in mentions {
        if seen.insert((m.target, m.id.clone())) {
            store::insert_mention(
                c,
                &MentionRow {
                    comment_id: comment_id.to_owned(),
                    target_type: m.target,
                    target_id: m.id.clone(),
                    all_members: m.target == MentionType::Department && m.all_members,
                },
            )?;
        }
    }
    Ok(())
}

/// Tells the people reached: the mentioned, the authors of the comment answered and of its
/// thread, the owner.
fn announce(
    c: &mut DbConn,
    journal: &Journal,
    task: &TaskRow,
    comment: &CommentRow,
    mentioned: BTreeSet<String>,
    answered: BTreeSet<String>,
) -> AppResult<()> {
    let quote = excerpt(&comment.body);
    let mut told: BTreeSet<String> = mentioned.clone();
    journal.emit(c, EventKind::CommentMentioned, task, mentioned.into_iter().collect(), None, Some(&quote))?;
    let answered: Vec<String> = answered.into_iter().filter(|a| !told.contains(a)).collect();
    told.extend(answered.iter().cloned());
    journal.emit(c, EventKind::CommentReplied, task, answered, None, Some(&quote))?;
    if !told.contains(&task.owner_id) {
        journal.emit(c, EventKind::TaskCommented, task, vec![task.owner_id.clone()], None, Some(&quote))?;
    }
    Ok(())
}

fn check_attachments(c: &mut DbConn, actor: &Actor, task_id: &str, ids: &[String]) -> AppResult<()> {
    if ids.len() > MAX_ATTACHMENTS {
        return Err(AppError::field(
            "attachment_ids",
            "length",
            format!("at most {MAX_ATTACHMENTS} files per comment"),
        ));
    }
    for id in ids {
        let ok = store::find_attachment(c, id)?
            .is_some_and(|a| a.task_id == task_id && a.uploader_id == actor.id && a.comment_id.is_none());
        if !ok {
            return Err(AppError::field(
                "attachment_ids",
                "not_found",
                "attach files you uploaded to this task and have not attached yet",
            ));
        }
    }
    Ok(())
}

pub fn create(c: &mut DbConn, actor_id: &str, task_id: &str, input: NewComment) -> AppResult<CommentView> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = load_for(c, &actor, task_id, TaskAction::View)?;
    ensure_open(&actor, &rel)?;
    let body = check_body(&input.body, input.attachment_ids.len())?;
    // One level of replies: answering a reply joins its thread.
    let parent = match &input.parent_id {
        Some(pid) => {
            let p = store::find_comment(c, pid)?
                .filter(|p| p.task_id == task.id)
                .ok_or_else(|| AppError::field("parent_id", "not_found", "no such comment on this task"))?;
            let top = match &p.parent_id {
                Some(top_id) => store::find_comment(c, top_id)?.ok_or_else(|| AppError::not_found("comment"))?,
                None => p.clone(),
            };
            if top.deleted_at.is_some() {
                return Err(AppError::field("parent_id", "deleted", "the comment was deleted"));
            }
            let answered: BTreeSet<String> = [top.author_id.clone(), p.author_id].into_iter().collect();
            Some((top, answered))
        }
        None => None,
    };
    let people = resolve_mentions(c, &task, &input.mentions)?;
    check_attachments(c, &actor, &task.id, &input.attachment_ids)?;
    let at = now();
    let row = CommentRow {
        id: new_id(),
        task_id: task.id.clone(),
        parent_id: parent.as_ref().map(|(top, _)| top.id.clone()),
        author_id: actor.id.clone(),
        body,
        pinned_at: None,
        pinned_by: None,
        created_at: at,
        edited_at: None,
        deleted_at: None,
        version: 1,
    };
    store::insert_comment(c, &row)?;
    save_mentions(c, &row.id, &input.mentions)?;
    store::attach(c, &input.attachment_ids, &row.id)?;
    let journal = Journal::new(&actor, at);
    announce(c, &journal, &task, &row, people, parent.map(|(_, answered)| answered).unwrap_or_default())?;
    live::task_changed(c, &task, TaskChange::Comment, json!({"comment_id": row.id}))?;
    view_one(c, &actor, &rel, row)
}

/// Loads a comment and its task for the actor: 404 when the task is invisible.
fn load_comment(c: &mut DbConn, actor: &Actor, id: &str) -> AppResult<(CommentRow, TaskRow, TaskRelation)> {
    let comment = store::find_comment(c, id)?.ok_or_else(|| AppError::not_found("comment"))?;
    let (task, rel) = load_for(c, actor, &comment.task_id, TaskAction::View).map_err(|e| {
        if e.code == crate::error::ErrorCode::NotFound {
            AppError::not_found("comment")
        } else {
            e
        }
    })?;
    Ok((comment, task, rel))
}

/// Edits the text (and mentions) of one's own comment; the earlier text is kept. Only newly
/// mentioned people are notified.
pub fn edit(
    c: &mut DbConn,
    actor_id: &str,
    id: &str,
    expected: i64,
    body: String,
    mentions: Option<Vec<Mention>>,
) -> AppResult<CommentView> {
    let actor = Actor::load(c, actor_id)?;
    let (mut row, task, rel) = load_comment(c, &actor, id)?;
    ensure_open(&actor, &rel)?;
    if row.author_id != actor.id {
        return Err(AppError::forbidden("only the author edits a comment"));
    }
    if row.deleted_at.is_some() {
        return Err(AppError::not_found("comment"));
    }
    if row.version != expected {
        return Err(AppError::version_mismatch());
    }
    let attachments = store::attachments_of(c, std::slice::from_ref(&row.id))?.len();
    let body = check_body(&body, attachments)?;
    let at = now();
    let mut newly = BTreeSet::new();
    if let Some(mentions) = &mentions {
        // Those reached before were told already (if someone left since, tell the rest).
        let old = mentions_of(c, &row.id)?;
        let before = reach(c, &old).unwrap_or_default();
        newly = resolve_mentions(c, &task, mentions)?.difference(&before).cloned().collect();
        store::delete_mentions(c, &row.id)?;
        save_mentions(c, &row.id, mentions)?;
    }
    if body != row.body {
        store::insert_revision(
            c,
            &RevisionRow { id: new_id(), comment_id: row.id.clone(), body: row.body.clone(), replaced_at: at },
        )?;
        row.body = body;
        row.edited_at = Some(at);
    }
    if !store::update_comment(c, &row)? {
        return Err(AppError::version_mismatch());
    }
    row.version += 1;
    let journal = Journal::new(&actor, at);
    journal.emit(
        c,
        EventKind::CommentMentioned,
        &task,
        newly.into_iter().collect(),
        None,
        Some(&excerpt(&row.body)),
    )?;
    live::task_changed(c, &task, TaskChange::Comment, json!({"comment_id": row.id}))?;
    view_one(c, &actor, &rel, row)
}

fn mentions_of(c: &mut DbConn, comment_id: &str) -> AppResult<Vec<Mention>> {
    Ok(store::mentions(c, &[comment_id.to_owned()])?
        .into_iter()
        .map(|m| Mention { target: m.target_type, id: m.target_id, all_members: m.all_members })
        .collect())
}

/// Soft-deletes a comment (its author or an administrator): the thread keeps its place, the
/// text, mentions and files are no longer shown.
pub fn delete(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<()> {
    let actor = Actor::load(c, actor_id)?;
    let (mut row, task, rel) = load_comment(c, &actor, id)?;
    ensure_open(&actor, &rel)?;
    if row.author_id != actor.id && actor.role != Role::Admin {
        return Err(AppError::forbidden("only the author deletes a comment"));
    }
    if row.deleted_at.is_some() {
        return Ok(());
    }
    row.deleted_at = Some(now());
    row.pinned_at = None;
    row.pinned_by = None;
    if !store::update_comment(c, &row)? {
        return Err(AppError::version_mismatch());
    }
    live::task_changed(c, &task, TaskChange::Comment, json!({"comment_id": row.id}))
}

/// Pins (加精/置顶) or unpins a top-level comment.
pub fn set_pinned(c: &mut DbConn, actor_id: &str, id: &str, pinned: bool) -> AppResult<CommentView> {
    let actor = Actor::load(c, actor_id)?;
    let (mut row, task, rel) = load_comment(c, &actor, id)?;
    if !may_pin(&actor, &rel) {
        return Err(AppError::forbidden("only the task's owner or a head of a collaborating department pins comments"));
    }
    if row.deleted_at.is_some() {
        return Err(AppError::not_found("comment"));
    }
    if row.parent_id.is_some() {
        return Err(AppError::bad_request("replies are not pinned: pin the comment they answer"));
    }
    if pinned == row.pinned_at.is_some() {
        return view_one(c, &actor, &rel, row);
    }
    if pinned && store::pinned_count(c, &task.id)? >= MAX_PINS {
        return Err(AppError::conflict(format!("a task has at most {MAX_PINS} pinned comments: unpin one first")));
    }
    let at = now();
    (row.pinned_at, row.pinned_by) = if pinned { (Some(at), Some(actor.id.clone())) } else { (None, None) };
    if !store::update_comment(c, &row)? {
        return Err(AppError::version_mismatch());
    }
    row.version += 1;
    live::task_changed(c, &task, TaskChange::Comment, json!({"comment_id": row.id}))?;
    view_one(c, &actor, &rel, row)
}

/// The earlier texts of a comment, oldest first (anyone who sees the task).
pub fn revisions(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<Vec<RevisionRow>> {
    let actor = Actor::load(c, actor_id)?;
    let (row, _, _) = load_comment(c, &actor, id)?;
    if row.deleted_at.is_some() {
        return Ok(Vec::new());
    }
    store::revisions(c, &row.id)
}

/// The pinned comments of a task the caller may see (latest pin first), as the case page shows
/// them.
pub fn pinned(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<Vec<CommentView>> {
    let actor = Actor::load(c, actor_id)?;
    let (_, rel) = load_for(c, &actor, task_id, TaskAction::View)?;
    let rows = store::pinned(c, task_id)?;
    views(c, &actor, &rel, rows)
}

/// Pins a task has at most (a pin bar, not a second list).
pub const MAX_PINS: i64 = 20;

/// The task's conversation a page at a time, newest page first: the first page holds the pinned
/// comments (latest pin first) and the latest `limit` others; each next page the `limit` before
/// them (`next`: the oldest of the page). Within a page, oldest first, as a conversation reads;
/// each comment with its replies.
pub fn list(
    c: &mut DbConn,
    actor_id: &str,
    task_id: &str,
    before: Option<(String, String)>,
    limit: i64,
) -> AppResult<super::paging::KeyedPage<CommentView>> {
    let actor = Actor::load(c, actor_id)?;
    let (_, rel) = load_for(c, &actor, task_id, TaskAction::View)?;
    let bound = before.map(|(at, id)| super::paging::parse_stamp(&at).map(|at| (at, id))).transpose()?;
    let first = bound.is_none();
    let mut page = store::top_level_before(c, task_id, bound, limit + 1)?;
    let next = super::paging::cut_page(&mut page, limit, |r| (super::paging::stamp(r.created_at), r.id.clone()));
    page.reverse();
    let mut top = if first { store::pinned(c, task_id)? } else { Vec::new() };
    top.extend(page);
    let ids: Vec<String> = top.iter().map(|r| r.id.clone()).collect();
    let replies = store::replies(c, &ids)?;
    let mut views = views(c, &actor, &rel, top.into_iter().chain(replies).collect())?;
    let mut by_parent: HashMap<String, Vec<CommentView>> = HashMap::new();
    let mut roots = Vec::new();
    for v in views.drain(..) {
        match v.row.parent_id.clone() {
            Some(p) => by_parent.entry(p).or_default().push(v),
            None => roots.push(v),
        }
    }
    for r in &mut roots {
        r.replies = by_parent.remove(&r.row.id).unwrap_or_default();
    }
    Ok(super::paging::KeyedPage { items: roots, next })
}

fn view_one(c: &mut DbConn, actor: &Actor, rel: &TaskRelation, row: CommentRow) -> AppResult<CommentView> {
    let mut v = views(c, actor, rel, vec![row])?;
    v.pop().ok_or_else(|| AppError::internal("comment view missing"))
}

/// Reader's views of comments, with names, mentions and files loaded in a few queries.
fn views(c: &mut DbConn, actor: &Actor, rel: &TaskRelation, rows: Vec<CommentRow>) -> AppResult<Vec<CommentView>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mentions = store::mentions(c, &ids)?;
    let files = store::attachments_of(c, &ids)?;
    let counts: HashMap<String, i64> = store::revision_counts(c, &ids)?.into_iter().collect();
    let mut user_ids: Vec<&str> = rows.iter().map(|r| r.author_id.as_str()).collect();
    user_ids.extend(rows.iter().filter_map(|r| r.pinned_by.as_deref()));
    user_ids.extend(mentions.iter().filter(|m| m.target_type == MentionType::User).map(|m| m.target_id.as_str()));
    let names = org_store::user_names(c, &user_ids)?;
    let dept_ids: Vec<&str> =
        mentions.iter().filter(|m| m.target_type == MentionType::Department).map(|m| m.target_id.as_str()).collect();
    let depts = org_store::department_names(c, &dept_ids)?;
    let can_pin = may_pin(actor, rel);
    let open = !rel.is_archived || actor.role == Role::Admin;
    Ok(rows
        .into_iter()
        .map(|mut row| {
            let deleted = row.deleted_at.is_some();
            let mention_views = if deleted {
                Vec::new()
            } else {
                mentions
                    .iter()
                    .filter(|m| m.comment_id == row.id)
                    .map(|m| MentionView {
                        name: if m.target_type == MentionType::User { &names } else { &depts }
                            .get(&m.target_id)
                            .cloned()
                            .unwrap_or_default(),
                        row: m.clone(),
                    })
                    .collect()
            };
            let attachments = if deleted {
                Vec::new()
            } else {
                files.iter().filter(|f| f.comment_id.as_deref() == Some(&row.id)).cloned().collect()
            };
            if deleted {
                row.body = String::new();
            }
            let is_author = row.author_id == actor.id;
            CommentView {
                author_name: names.get(&row.author_id).cloned().unwrap_or_default(),
                pinned_by_name: row.pinned_by.as_ref().and_then(|p| names.get(p).cloned()),
                body_html: if deleted { String::new() } else { markdown::render(&row.body) },
                mentions: mention_views,
                attachments,
                revision_count: if deleted { 0 } else { counts.get(&row.id).copied().unwrap_or(0) },
                can_edit: open && is_author && !deleted,
                can_delete: open && (is_author || actor.role == Role::Admin) && !deleted,
                can_pin: can_pin && !deleted && row.parent_id.is_none(),
                replies: Vec::new(),
                row,
            }
        })
        .collect())
}

// ---------------------------------------------------------------- attachments

/// Checks the actor may attach files to a task (before the upload is read).
pub fn may_attach(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<()> {
    let actor = Actor::load(c, actor_id)?;
    let (_, rel) = load_for(c, &actor, task_id, TaskAction::View)?;
    ensure_open(&actor, &rel)
}

/// Records an uploaded file (its content already in the blob store) for a comment to come.
pub fn add_attachment(
    c: &mut DbConn,
    actor_id: &str,
    task_id: &str,
    file_name: &str,
    content_type: &str,
    size_bytes: i64,
    sha256: &str,
) -> AppResult<AttachmentRow> {
    may_attach(c, actor_id, task_id)?;
    let name = file_name.trim();
    if name.is_empty() || name.chars().count() > 255 || name.contains(['/', '\\', '\0']) {
        return Err(AppError::field("file_name", "invalid", "a file name of 1–255 characters without slashes"));
    }
    let row = AttachmentRow {
        id: new_id(),
        task_id: task_id.to_owned(),
        comment_id: None,
        uploader_id: actor_id.to_owned(),
        file_name: name.to_owned(),
        content_type: content_type.to_owned(),
        size_bytes,
        sha256: sha256.to_owned(),
        created_at: now(),
    };
    store::insert_attachment(c, &row)?;
    Ok(row)
}

/// An attachment the actor may download: anyone who sees the task, once it is on a comment that
/// was not deleted (before that, only its uploader).
pub fn attachment(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<AttachmentRow> {
    let actor = Actor::load(c, actor_id)?;
    let row = store::find_attachment(c, id)?.ok_or_else(|| AppError::not_found("attachment"))?;
    load_for(c, &actor, &row.task_id, TaskAction::View).map_err(|_| AppError::not_found("attachment"))?;
    let visible = match &row.comment_id {
        Some(cid) => store::find_comment(c, cid)?.is_some_and(|cm| cm.deleted_at.is_none()),
        None => row.uploader_id == actor.id,
    };
    if !visible {
        return Err(AppError::not_found("attachment"));
    }
    Ok(row)
}
