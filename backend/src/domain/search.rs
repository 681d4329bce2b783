//! Search (issue #25): what goes into the index and who may find it.
//!
//! Each document carries its audience as principals derived from the same facts as the Rust
//! policy ([`can_task`] for tasks, and so for their comments and meetings; [`can_file`] for
//! files). A caller's principals are read from the database at query time, so moving a person
//! to another department, or making them a head, needs no reindexing:
//!
//! | principal          | who                                                     |
//! |--------------------|---------------------------------------------------------|
//! | `u:<user>`         | that person                                             |
//! | `dm:<department>`  | members of the department (its people, `users.department_id`) |
//! | `dh:<department>`  | heads of the department (`department_heads`)            |
//! | `hu:<dept>/<user>` | that person while they head that department             |
//! | `pub`              | everyone signed in                                      |
//!
//! Administrators see everything: their searches have no audience filter.
//! Every hit of a page is checked again with the authoritative rules before it is returned
//! ([`visible`]): an index that lags behind a change never shows what the caller may not see.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDateTime};

use super::files::Access;
use super::permissions::{can_file, can_task, FileAction, FileRule, TaskAction};
use super::tasks::relations;
use super::{Actor, Role};
use crate::db::files::FileRow;
use crate::db::live::LiveRow;
use crate::db::search as store;
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::search::engine::Change;
use crate::search::{Doc, DocFacets, Hit, Kind, Outcome};
use crate::values::{LiveKind, Status, TaskChange, TaskVisibility};

/// Extracted text of a file indexed at most (the rest of a very long document is not searched).
const MAX_FILE_TEXT_CHARS: usize = 100_000;
/// Tasks read per step of a full rebuild.
pub const REBUILD_PAGE: i64 = 500;

pub const EVERYONE: &str = "pub";

fn user(id: &str) -> String {
    format!("u:{id}")
}

// ---------------------------------------------------------------- the caller

/// The caller's principals, `None` for an administrator (no filter).
pub fn principals(c: &mut DbConn, actor: &Actor) -> AppResult<Option<Vec<String>>> {
    if actor.role == Role::Admin {
        return Ok(None);
    }
    let mut out = vec![EVERYONE.to_owned(), user(&actor.id)];
    if let Some(d) = &actor.department_id {
        out.push(format!("dm:{d}"));
    }
    for d in task_store::headed_departments(c, &actor.id)? {
        out.push(format!("dh:{d}"));
        out.push(format!("hu:{d}/{}", actor.id));
    }
    Ok(Some(out))
}

/// Of these hits, those the caller may open now by the rules every endpoint uses, each with the
/// title of its task when the caller may see the task (a company-public file can live on a task
/// they do not see).
pub fn visible(c: &mut DbConn, actor: &Actor, hits: Vec<Hit>) -> AppResult<Vec<(Hit, Option<String>)>> {
    let mut task_ids: Vec<&str> = hits.iter().map(|h| h.task_id.as_str()).collect();
    task_ids.sort_unstable();
    task_ids.dedup();
    let tasks: HashMap<String, TaskRow> =
        task_store::find_tasks(c, &task_ids)?.into_iter().map(|t| (t.id.clone(), t)).collect();
    let refs: Vec<&TaskRow> = tasks.values().collect();
    let rels = relations(c, actor, &refs)?;
    let headed = task_store::headed_departments(c, &actor.id)?;
    let ids_of = |k: Kind| hits.iter().filter(|h| h.kind == k).map(|h| h.id.clone()).collect::<Vec<_>>();
    let comments: HashMap<String, _> =
        store::comments_by_id(c, &ids_of(Kind::Comment))?.into_iter().map(|r| (r.id.clone(), r)).collect();
    let meetings: HashMap<String, _> =
        store::meetings_by_id(c, &ids_of(Kind::Meeting))?.into_iter().map(|r| (r.id.clone(), r)).collect();
    let files: HashMap<String, FileRow> =
        store::files_by_id(c, &ids_of(Kind::File))?.into_iter().map(|r| (r.id.clone(), r)).collect();
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(rel) = rels.get(&hit.task_id) else { continue };
        let sees_task = can_task(actor, rel, TaskAction::View);
        let may = match hit.kind {
            Kind::Task => sees_task && hit.id == hit.task_id,
            Kind::Comment => {
                sees_task && comments.get(&hit.id).is_some_and(|r| r.deleted_at.is_none() && r.task_id == hit.task_id)
            }
            Kind::Meeting => sees_task && meetings.get(&hit.id).is_some_and(|r| r.task_id == hit.task_id),
            Kind::File => match files.get(&hit.id) {
                Some(row) if row.deleted_at.is_none() && row.task_id == hit.task_id => {
                    can_file(actor, rel, &headed, &Access::of(row)?.rule(), FileAction::Read)
                }
                _ => false,
            },
        };
        if may {
            let title = sees_task.then(|| tasks.get(&hit.task_id).map(|t| t.title.clone())).flatten();
            out.push((hit, title));
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- documents

/// What the documents of one task share: where it sits, who takes part, its audience, the
/// facets of its top-level task.
struct TaskContext {
    task: TaskRow,
    /// The task and every task above it.
    path: Vec<String>,
    /// Owners of the tasks above it (they read its files).
    above_owners: Vec<String>,
    /// Owner, collaborators and the people named on it (who see it even when confidential).
    named: BTreeSet<String>,
    /// Who sees the task (and its comments and meetings).
    audience: Vec<String>,
    facets: DocFacets,
}

/// What one rebuild or one batch of events has read already: the tree above tasks and the
/// facets of top-level tasks.
#[derive(Default)]
pub struct Cache {
    /// task → (parent, owner)
    up: HashMap<String, (Option<String>, String)>,
    facets: HashMap<String, DocFacets>,
}

/// Who sees a task: the rule of [`can_task`] with [`TaskAction::View`] as principals.
fn task_audience(task: &TaskRow, departments: &[String], named: &BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = named.iter().map(|u| user(u)).collect();
    if task.status != Status::Draft && task.visibility != TaskVisibility::Confidential {
        for d in departments {
            out.push(format!("dm:{d}"));
            out.push(format!("dh:{d}"));
        }
        if let Some(d) = &task.initiating_department_id {
            out.push(format!("dh:{d}"));
        }
        if task.visibility == TaskVisibility::Public {
            out.push(EVERYONE.to_owned());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Who reads a file: the rule of [`can_file`] with [`FileAction::Read`] as principals.
fn file_audience(ctx: &TaskContext, rule: &FileRule) -> Vec<String> {
    let confidential = ctx.task.visibility == TaskVisibility::Confidential;
    // Whoever runs the task (its owner, the owner of a task above) always reads its files.
    let mut out: Vec<String> = std::iter::once(&ctx.task.owner_id).chain(&ctx.above_owners).map(|u| user(u)).collect();
    match rule {
        FileRule::Collaborators => out.extend(ctx.audience.iter().filter(|p| *p != EVERYONE).cloned()),
        FileRule::OwnersEdit => out.extend(ctx.audience.iter().cloned()),
        FileRule::CompanyPublic if confidential => out.extend(ctx.audience.iter().cloned()),
        FileRule::CompanyPublic => out.push(EVERYONE.to_owned()),
        FileRule::Restricted { department_heads_of, people } if confidential => {
            // Named by the file and seeing the task: only the people named on it do.
            for u in &ctx.named {
                if people.contains(u) {
                    out.push(user(u));
                }
                for d in department_heads_of {
                    out.push(format!("hu:{d}/{u}"));
                }
            }
        }
        FileRule::Restricted { department_heads_of, people } => {
            out.extend(people.iter().map(|u| user(u)));
            out.extend(department_heads_of.iter().map(|d| format!("dh:{d}")));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The quarter a moment falls in, in the company's time zone (`2026-Q4`).
pub fn quarter_of(at: NaiveDateTime, tz: chrono_tz::Tz) -> String {
    let local = at.and_utc().with_timezone(&tz);
    format!("{}-Q{}", local.year(), (local.month() - 1) / 3 + 1)
}

fn micros(at: NaiveDateTime) -> i64 {
    at.and_utc().timestamp_micros()
}

/// The facets of top-level tasks.
fn root_facets(c: &mut DbConn, roots: &[TaskRow]) -> AppResult<HashMap<String, DocFacets>> {
    let ids: Vec<String> = roots.iter().map(|t| t.id.clone()).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut depts = task_store::department_ids_of(c, &refs)?;
    let mut tags = store::tags_of(c, &ids)?;
    let tz = super::reminders::rules().time_zone;
    Ok(roots
        .iter()
        .map(|r| {
            let mut departments: Vec<String> = r.initiating_department_id.iter().cloned().collect();
            departments.extend(depts.remove(&r.id).unwrap_or_default());
            departments.sort();
            departments.dedup();
            let done = matches!(r.status, Status::Done | Status::Archived);
            let completed = r.completed_at.filter(|_| done);
            let facets = DocFacets {
                departments,
                scenario: r.scenario.as_str().to_owned(),
                quarter: completed.map(|at| quarter_of(at, tz)),
                tags: tags.remove(&r.id).unwrap_or_default(),
                outcome: completed.map(|at| if at <= r.due_at { Outcome::OnTime } else { Outcome::Late }),
                archived: r.archived_at.is_some(),
            };
            (r.id.clone(), facets)
        })
        .collect())
}

fn contexts(c: &mut DbConn, cache: &mut Cache, tasks: Vec<TaskRow>) -> AppResult<Vec<TaskContext>> {
    if tasks.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = tasks.iter().map(|t| t.id.clone()).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut depts = task_store::department_ids_of(c, &refs)?;
    let mut collaborators = store::collaborators_of(c, &ids)?;
    let mut participants = store::participants_of(c, &ids)?;
    for t in &tasks {
        cache.up.insert(t.id.clone(), (t.parent_id.clone(), t.owner_id.clone()));
    }
    // The tree above, a level at a time for all of them.
    loop {
        let mut missing: Vec<String> = cache
            .up
            .values()
            .filter_map(|(p, _)| p.clone())
            .filter(|p| !cache.up.contains_key(p))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        if missing.is_empty() {
            break;
        }
        missing.sort();
        let refs: Vec<&str> = missing.iter().map(String::as_str).collect();
        let found = task_store::find_tasks(c, &refs)?;
        for t in &found {
            cache.up.insert(t.id.clone(), (t.parent_id.clone(), t.owner_id.clone()));
        }
        // A parent that is gone (deleted): stop there.
        for m in missing {
            cache.up.entry(m).or_insert((None, String::new()));
        }
    }
    let mut roots: Vec<String> =
        tasks.iter().map(|t| t.root_id.clone()).filter(|r| !cache.facets.contains_key(r)).collect();
    roots.sort();
    roots.dedup();
    if !roots.is_empty() {
        let refs: Vec<&str> = roots.iter().map(String::as_str).collect();
        let rows = task_store::find_tasks(c, &refs)?;
        cache.facets.extend(root_facets(c, &rows)?);
    }
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        let mut path = vec![task.id.clone()];
        let mut above_owners = Vec::new();
        let mut cursor = task.parent_id.clone();
        while let Some(p) = cursor {
            if path.contains(&p) || path.len() > 64 {
                break;
            }
            let (parent, owner) = cache.up.get(&p).cloned().unwrap_or((None, String::new()));
            if !owner.is_empty() {
                above_owners.push(owner);
            }
            path.push(p);
            cursor = parent;
        }
        let departments = depts.remove(&task.id).unwrap_or_default();
        let mut named: BTreeSet<String> = BTreeSet::from([task.owner_id.clone()]);
        named.extend(collaborators.remove(&task.id).unwrap_or_default());
        named.extend(participants.remove(&task.id).unwrap_or_default());
        let audience = task_audience(&task, &departments, &named);
        let facets = cache.facets.get(&task.root_id).cloned().unwrap_or_default();
        out.push(TaskContext { task, path, above_owners, named, audience, facets });
    }
    Ok(out)
}

fn doc(ctx: &TaskContext, kind: Kind, id: &str, display: &str, title: &str, body: String, at: NaiveDateTime) -> Doc {
    Doc {
        kind,
        id: id.to_owned(),
        task_id: ctx.task.id.clone(),
        root_id: ctx.task.root_id.clone(),
        path: ctx.path.clone(),
        display: display.to_owned(),
        title: title.to_owned(),
        body,
        updated_micros: micros(at),
        audience: ctx.audience.clone(),
        facets: ctx.facets.clone(),
    }
}

fn join(parts: impl IntoIterator<Item = String>) -> String {
    parts.into_iter().filter(|s| !s.trim().is_empty()).collect::<Vec<_>>().join("\n")
}

/// Which documents of a set of tasks to build.
#[derive(Debug, Clone, Default)]
struct Only {
    comments: Option<HashSet<String>>,
    meetings: Option<HashSet<String>>,
    files: Option<HashSet<String>>,
    /// Build the tasks' own documents.
    tasks: bool,
}

impl Only {
    fn everything() -> Self {
        Self { comments: None, meetings: None, files: None, tasks: true }
    }
    fn none() -> Self {
        Self {
            comments: Some(HashSet::new()),
            meetings: Some(HashSet::new()),
            files: Some(HashSet::new()),
            tasks: false,
        }
    }
}

fn wanted(set: &Option<HashSet<String>>, id: &str) -> bool {
    set.as_ref().is_none_or(|s| s.contains(id))
}

fn docs(c: &mut DbConn, cache: &mut Cache, tasks: Vec<TaskRow>, only: &Only) -> AppResult<Vec<Doc>> {
    let ctxs = contexts(c, cache, tasks)?;
    let ids: Vec<String> = ctxs.iter().map(|x| x.task.id.clone()).collect();
    let by_id: HashMap<&str, &TaskContext> = ctxs.iter().map(|x| (x.task.id.as_str(), x)).collect();
    let mut out = Vec::new();
    if only.tasks {
        let mut notes = store::progress_notes_of(c, &ids)?;
        let mut summaries = store::summaries_of(c, &ids)?;
        let mut tags = store::tags_of(c, &ids)?;
        for x in &ctxs {
            let t = &x.task;
            let mut parts = vec![t.goal.clone()];
            parts.extend(notes.remove(&t.id).unwrap_or_default());
            parts.extend(summaries.remove(&t.id).map(Vec::from).unwrap_or_default());
            parts.extend(tags.remove(&t.id).unwrap_or_default());
            out.push(doc(x, Kind::Task, &t.id, &t.title, &t.title, join(parts), t.updated_at));
        }
    }
    if only.comments.as_ref().is_none_or(|s| !s.is_empty()) {
        for r in store::comments_of(c, &ids)? {
            let Some(x) = by_id.get(r.task_id.as_str()) else { continue };
            if wanted(&only.comments, &r.id) {
                let at = r.edited_at.unwrap_or(r.created_at);
                out.push(doc(x, Kind::Comment, &r.id, &x.task.title, "", r.body.clone(), at));
            }
        }
    }
    if only.meetings.as_ref().is_none_or(|s| !s.is_empty()) {
        let rows: Vec<_> = store::meetings_of(c, &ids)?.into_iter().filter(|r| wanted(&only.meetings, &r.id)).collect();
        let mut items = store::action_items_of(c, &rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>())?;
        for r in rows {
            let Some(x) = by_id.get(r.task_id.as_str()) else { continue };
            let mut parts = vec![r.agenda.clone(), r.discussion.clone(), r.decisions.clone()];
            parts.extend(items.remove(&r.id).unwrap_or_default());
            out.push(doc(x, Kind::Meeting, &r.id, &r.title, &r.title, join(parts), r.updated_at));
        }
    }
    if only.files.as_ref().is_none_or(|s| !s.is_empty()) {
        let rows: Vec<FileRow> = store::files_of(c, &ids)?.into_iter().filter(|r| wanted(&only.files, &r.id)).collect();
        let versions = store::current_version_ids(c, &rows)?;
        let mut texts = crate::db::file_texts::texts_of(c, &versions.values().cloned().collect::<Vec<_>>())?;
        for r in rows {
            let Some(x) = by_id.get(r.task_id.as_str()) else { continue };
            let rule = Access::of(&r)?.rule();
            let text = versions.get(&r.id).and_then(|v| texts.remove(v)).unwrap_or_default();
            let text: String = text.chars().take(MAX_FILE_TEXT_CHARS).collect();
            let mut d = doc(x, Kind::File, &r.id, &r.name, &r.name, join([r.description.clone(), text]), r.updated_at);
            d.audience = file_audience(x, &rule);
            out.push(d);
        }
    }
    Ok(out)
}

/// Every document of one page of live tasks (id order, after `after`), for a full rebuild;
/// the last task id of the page to go on after, `None` at the end.
pub fn rebuild_page(c: &mut DbConn, cache: &mut Cache, after: Option<&str>) -> AppResult<(Vec<Doc>, Option<String>)> {
    let ids = store::live_task_ids(c, after, REBUILD_PAGE)?;
    let next = (ids.len() as i64 == REBUILD_PAGE).then(|| ids.last().cloned()).flatten();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let tasks = task_store::find_tasks(c, &refs)?;
    Ok((docs(c, cache, tasks, &Only::everything())?, next))
}

// ---------------------------------------------------------------- following the log

/// What a batch of events asks the index to redo.
#[derive(Debug, Clone, Default)]
pub struct Work {
    /// Tasks whose documents and those of every task below them change (their audience or the
    /// facets of a top-level task may have moved).
    pub subtrees: BTreeSet<String>,
    /// Tasks whose own documents change (texts, participants, files, ...).
    pub tasks: BTreeSet<String>,
    pub comments: BTreeSet<String>,
    pub meetings: BTreeSet<String>,
    pub files: BTreeSet<String>,
}

impl Work {
    pub fn is_empty(&self) -> bool {
        self.subtrees.is_empty()
            && self.tasks.is_empty()
            && self.comments.is_empty()
            && self.meetings.is_empty()
            && self.files.is_empty()
    }

    /// Adds what one event of the log asks for.
    pub fn add(&mut self, row: &LiveRow) {
        let Ok(p) = serde_json::from_str::<serde_json::Value>(&row.payload) else { return };
        let text = |k: &str| p.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        match row.kind {
            LiveKind::Task => {
                let Some(task) = text("task_id").or_else(|| row.task_id.clone()) else { return };
                let what = p.get("what").cloned().and_then(|w| serde_json::from_value::<TaskChange>(w).ok());
                match what {
                    Some(TaskChange::Updated | TaskChange::Status | TaskChange::Case) | None => {
                        self.subtrees.insert(task);
                    }
                    Some(TaskChange::Comment) => match text("comment_id") {
                        Some(id) => drop(self.comments.insert(id)),
                        None => drop(self.tasks.insert(task)),
                    },
                    Some(TaskChange::Meeting) => match text("meeting_id") {
                        Some(id) => drop(self.meetings.insert(id)),
                        None => drop(self.tasks.insert(task)),
                    },
                    Some(TaskChange::File) => match text("file_id") {
                        Some(id) => drop(self.files.insert(id)),
                        None => drop(self.tasks.insert(task)),
                    },
                    Some(TaskChange::Subtask) => {
                        if let Some(sub) = text("subtask_id") {
                            self.subtrees.insert(sub);
                        }
                        self.tasks.insert(task);
                    }
                    Some(TaskChange::Participants | TaskChange::Approval | TaskChange::Collection) => {
                        self.tasks.insert(task);
                    }
                }
            }
            // Someone lost sight of tasks: their audience changed.
            LiveKind::Access => {
                for id in p.get("task_ids").and_then(|v| v.as_array()).into_iter().flatten() {
                    if let Some(id) = id.as_str() {
                        self.tasks.insert(id.to_owned());
                    }
                }
            }
            LiveKind::Notification => {}
        }
    }
}

/// The live tasks of a subtree (the task itself first, if live).
fn subtree(c: &mut DbConn, id: &str) -> AppResult<Vec<TaskRow>> {
    let mut out: Vec<TaskRow> = task_store::find_task(c, id)?.into_iter().collect();
    let mut level = vec![id.to_owned()];
    while !level.is_empty() {
        let refs: Vec<&str> = level.iter().map(String::as_str).collect();
        let kids = task_store::children_of(c, &refs)?;
        level = kids.iter().map(|t| t.id.clone()).collect();
        out.extend(kids);
    }
    Ok(out)
}

/// The changes to the index that bring it up to date with the database for `work`.
pub fn changes(c: &mut DbConn, work: &Work) -> AppResult<Vec<Change>> {
    let mut cache = Cache::default();
    let mut out = Vec::new();
    let mut done: HashSet<String> = HashSet::new();
    let add = |out: &mut Vec<Change>, docs: Vec<Doc>| out.extend(docs.into_iter().map(|d| Change::Add(Box::new(d))));
    for id in &work.subtrees {
        out.push(Change::DeleteSubtree(id.clone()));
        let tasks = subtree(c, id)?;
        done.extend(tasks.iter().map(|t| t.id.clone()));
        add(&mut out, docs(c, &mut cache, tasks, &Only::everything())?);
    }
    let tasks: Vec<&String> = work.tasks.iter().filter(|t| !done.contains(*t)).collect();
    for id in &tasks {
        out.push(Change::DeleteTask((*id).clone()));
    }
    let refs: Vec<&str> = tasks.iter().map(|s| s.as_str()).collect();
    let rows = task_store::find_tasks(c, &refs)?;
    done.extend(rows.iter().map(|t| t.id.clone()));
    add(&mut out, docs(c, &mut cache, rows, &Only::everything())?);
    // Single documents, on tasks not redone whole above.
    let mut single = Only::none();
    let mut owners: BTreeSet<String> = BTreeSet::new();
    let comment_rows = store::comments_by_id(c, &work.comments.iter().cloned().collect::<Vec<_>>())?;
    let meeting_rows = store::meetings_by_id(c, &work.meetings.iter().cloned().collect::<Vec<_>>())?;
    let file_rows = store::files_by_id(c, &work.files.iter().cloned().collect::<Vec<_>>())?;
    let singles = [
        (Kind::Comment, &work.comments, comment_rows.iter().map(|r| (r.id.clone(), r.task_id.clone())).collect()),
        (Kind::Meeting, &work.meetings, meeting_rows.iter().map(|r| (r.id.clone(), r.task_id.clone())).collect()),
        (Kind::File, &work.files, file_rows.iter().map(|r| (r.id.clone(), r.task_id.clone())).collect()),
    ];
    for (kind, ids, task_of) in singles {
        let task_of: HashMap<String, String> = task_of;
        for id in ids {
            let on = task_of.get(id);
            if on.is_some_and(|t| done.contains(t)) {
                continue;
            }
            out.push(Change::Delete(crate::search::key(kind, id)));
            if let Some(t) = on {
                owners.insert(t.clone());
                let set = match kind {
                    Kind::Comment => &mut single.comments,
                    Kind::Meeting => &mut single.meetings,
                    Kind::File => &mut single.files,
                    Kind::Task => continue,
                };
                if let Some(s) = set {
                    s.insert(id.clone());
                }
            }
        }
    }
    let refs: Vec<&str> = owners.iter().map(String::as_str).collect();
    let rows = task_store::find_tasks(c, &refs)?;
    add(&mut out, docs(c, &mut cache, rows, &single)?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_are_those_of_the_company_time_zone() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time");
        let tz = chrono_tz::Asia::Shanghai;
        // 2026-09-30 17:00 UTC is 1 October 01:00 in Shanghai.
        assert_eq!(quarter_of(at("2026-09-30 17:00"), tz), "2026-Q4");
        assert_eq!(quarter_of(at("2026-09-30 15:00"), tz), "2026-Q3");
        assert_eq!(quarter_of(at("2026-01-01 00:00"), tz), "2026-Q1");
    }
}
