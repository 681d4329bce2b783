//! The company-wide Files page (文件): every file the reader may read, across all tasks, searched,
//! filtered and sorted; and 回收站, the files the reader moved to the trash and may bring back.
//!
//! Visibility comes first. The SQL (`db::files::list_files`) keeps the files of live tasks that
//! the reader might read: on tasks they see (the task list's own rule), in trees where they own a
//! task, and company-public or restricted-to-them files of tasks that are not confidential. Each
//! row is then checked with [`permissions::can_file`](super::super::permissions::can_file), the
//! rule every file endpoint uses, a batch at a time (`paging::filtered`): a file the reader may
//! not read is never returned, and the page carries no count that could hint at one.
//!
//! The 部门 filter and column are the uploader's department as it is now (`users.department_id`
//! of `files.created_by`), like the task list's owner department: people move, and the page
//! answers "files from people of 财务部".

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::{views_of, Access, FileAction, FileView, Standing};
use crate::db::files::{self as store, FileFilter, FileReader, FileRow, FileSortField, FileSortKey};
use crate::db::tasks::{self as task_store, Visibility};
use crate::db::{like_pattern, orgs as org_store, DbConn};
use crate::domain::paging::{self, parse_stamp, stamp, KeyedPage};
use crate::domain::permissions::{can_task, TaskAction};
use crate::domain::tasks::relations;
use crate::domain::{Actor, Role};
use crate::error::{AppError, AppResult};
use crate::values::{FileAccessLevel, FileKind};

/// How the page is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileSort {
    pub field: FileSortField,
    pub desc: bool,
}

impl Default for FileSort {
    /// The latest changes first.
    fn default() -> Self {
        Self { field: FileSortField::UpdatedAt, desc: true }
    }
}

/// The page's filters, as the API takes them (all combine with AND).
#[derive(Debug, Clone, Default)]
pub struct FilesQuery {
    /// A substring of the name or description.
    pub q: Option<String>,
    pub task_id: Option<String>,
    /// The uploader's current department.
    pub department_id: Option<String>,
    pub uploader_id: Option<String>,
    pub kind: Option<FileKind>,
    pub access: Option<FileAccessLevel>,
    /// Changed on or after this day (company time zone).
    pub updated_from: Option<NaiveDate>,
    /// Changed on or before this day (company time zone).
    pub updated_to: Option<NaiveDate>,
    /// 回收站: the files the reader moved to the trash (and may still bring back).
    pub deleted: bool,
}

/// One row of the page: the file as its reader sees it, where it lives and who put it there.
#[derive(Debug, Clone)]
pub struct FileEntry {
    pub file: FileView,
    /// The task's title, when the reader may open the task (a company-public file can live on a
    /// task they do not see).
    pub task_title: Option<String>,
    /// The uploader's department (id, name), if they have one.
    pub department: Option<(String, String)>,
}

fn sort_key(row: &FileRow, field: FileSortField) -> FileSortKey {
    match field {
        FileSortField::Name => FileSortKey::Text(row.name.clone()),
        FileSortField::UpdatedAt => FileSortKey::Time(row.updated_at),
        FileSortField::Size => FileSortKey::Int(row.size_bytes),
    }
}

/// A sort key as a cursor carries it.
fn key_text(key: &FileSortKey) -> String {
    match key {
        FileSortKey::Text(s) => s.clone(),
        FileSortKey::Time(t) => stamp(*t),
        FileSortKey::Int(n) => n.to_string(),
    }
}

fn parse_key(field: FileSortField, key: &str) -> AppResult<FileSortKey> {
    let bad = || AppError::field("cursor", "invalid", "the cursor does not match the sort");
    Ok(match field {
        FileSortField::Name => FileSortKey::Text(key.to_owned()),
        FileSortField::UpdatedAt => FileSortKey::Time(parse_stamp(key).map_err(|_| bad())?),
        FileSortField::Size => FileSortKey::Int(key.parse().map_err(|_| bad())?),
    })
}

/// The SQL filter for `actor`: what they might read, narrowed by the query.
fn filter_for(c: &mut DbConn, actor: &Actor, headed: &[String], q: &FilesQuery) -> AppResult<FileFilter> {
    if let (Some(from), Some(to)) = (q.updated_from, q.updated_to) {
        if from > to {
            return Err(AppError::field("updated_from", "after_to", "the period starts after it ends"));
        }
    }
    let reader = if actor.role == Role::Admin || q.deleted {
        // Administrators read every file; the trash holds only the reader's own deletions,
        // each checked below.
        None
    } else {
        let mut departments = headed.to_vec();
        departments.extend(actor.department_id.clone());
        let mut named = vec![format!("%\"{}\"%", actor.id)];
        named.extend(headed.iter().map(|d| format!("%\"{d}\"%")));
        Some(FileReader {
            tasks: Visibility { user_id: actor.id.clone(), departments, headed_departments: headed.to_vec() },
            named,
            run_trees: task_store::owned_roots(c, &actor.id)?,
        })
    };
    let tz = crate::domain::reminders::rules().time_zone;
    let day = |d: NaiveDate| crate::domain::reports::day_start(tz, d);
    Ok(FileFilter {
        reader,
        deleted_by: q.deleted.then(|| actor.id.clone()),
        like: q.q.as_deref().filter(|s| !s.trim().is_empty()).map(like_pattern),
        task_id: q.task_id.clone(),
        department_id: q.department_id.clone(),
        uploader_id: q.uploader_id.clone(),
        kind: q.kind,
        access: q.access,
        updated_from: q.updated_from.map(day),
        updated_before: q.updated_to.map(|d| day(d + Duration::days(1))),
    })
}

/// What a page read needs besides the connection: the reader's standing towards each task met.
struct Reading<'a> {
    c: &'a mut DbConn,
    actor: &'a Actor,
    headed: &'a [String],
    standings: HashMap<String, Standing>,
}

impl Reading<'_> {
    /// Loads the reader's standing towards the tasks of these rows that it has not met yet.
    fn meet(&mut self, rows: &[FileRow]) -> AppResult<()> {
        let mut ids: Vec<&str> =
            rows.iter().map(|r| r.task_id.as_str()).filter(|t| !self.standings.contains_key(*t)).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(());
        }
        let tasks = task_store::find_tasks(self.c, &ids)?;
        let mut rels = relations(self.c, self.actor, &tasks.iter().collect::<Vec<_>>())?;
        for task in tasks {
            let rel = rels.remove(&task.id).unwrap_or_default();
            let standing = Standing { actor: self.actor.clone(), task, rel, headed: self.headed.to_vec() };
            self.standings.insert(standing.task.id.clone(), standing);
        }
        Ok(())
    }
}

/// A page of the Files page: the files `actor_id` may read (with `deleted`: the ones they moved
/// to the trash and may bring back), filtered and sorted, after the keyset position `after`.
pub fn list(
    c: &mut DbConn,
    actor_id: &str,
    q: &FilesQuery,
    sort: FileSort,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<KeyedPage<FileEntry>> {
    let actor = Actor::load(c, actor_id)?;
    let headed = task_store::headed_departments(c, &actor.id)?;
    let filter = filter_for(c, &actor, &headed, q)?;
    let start = match after {
        Some((k, id)) => Some((parse_key(sort.field, &k)?, id)),
        None => None,
    };
    // In the trash, only what the reader may still change (and so bring back).
    let action = if q.deleted { FileAction::Write } else { FileAction::Read };
    let mut reading = Reading { c, actor: &actor, headed: &headed, standings: HashMap::new() };
    let (rows, more) = paging::filtered(
        &mut reading,
        limit,
        |r, last: Option<&FileRow>, batch| {
            let from = last.map(|l| (sort_key(l, sort.field), l.id.clone())).or_else(|| start.clone());
            let rows = store::list_files(r.c, &filter, sort.field, sort.desc, from.as_ref(), batch)?;
            r.meet(&rows)?;
            Ok(rows)
        },
        |r, row| match r.standings.get(&row.task_id) {
            Some(s) => Ok(s.may(&Access::of(row)?, action)),
            None => Ok(false),
        },
    )?;
    let next = if more { rows.last().map(|r| (key_text(&sort_key(r, sort.field)), r.id.clone())) } else { None };
    let Reading { c, standings, .. } = reading;
    entries(c, &actor, &standings, rows).map(|items| KeyedPage { items, next })
}

fn entries(
    c: &mut DbConn,
    actor: &Actor,
    standings: &HashMap<String, Standing>,
    rows: Vec<FileRow>,
) -> AppResult<Vec<FileEntry>> {
    let mut with_standing = Vec::with_capacity(rows.len());
    for row in rows {
        let standing = standings.get(&row.task_id).ok_or_else(|| AppError::internal("a file without its task"))?;
        let access = Access::of(&row)?;
        with_standing.push((row, access, standing));
    }
    let uploaders: Vec<&str> = with_standing.iter().map(|(r, _, _)| r.created_by.as_str()).collect();
    let dept_of = store::departments_of_people(c, &uploaders)?;
    let dept_ids: Vec<&str> = dept_of.values().map(String::as_str).collect();
    let dept_names = org_store::department_names(c, &dept_ids)?;
    let titles: HashMap<String, Option<String>> = with_standing
        .iter()
        .map(|(r, _, s)| {
            let sees = can_task(actor, &s.rel, TaskAction::View);
            (r.task_id.clone(), sees.then(|| s.task.title.clone()))
        })
        .collect();
    let views = views_of(c, with_standing)?;
    Ok(views
        .into_iter()
        .map(|file| {
            let department =
                dept_of.get(&file.row.created_by).map(|d| (d.clone(), dept_names.get(d).cloned().unwrap_or_default()));
            let task_title = titles.get(&file.row.task_id).cloned().flatten();
            FileEntry { file, task_title, department }
        })
        .collect())
}
