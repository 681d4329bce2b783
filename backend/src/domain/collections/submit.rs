//! Handing in and reviewing: the people who answer for a submission upload files (each lands in
//! the task's Files, visible to the collector and that department only; a second upload of the
//! same name is a new version) and hand in the form; the collector sees the matrix of a round
//! and accepts a submission or sends it back (退回), which reopens it for its submitter.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{parse, round_label, RoundCounts, Spec, Standing};
use crate::db::collections::{self as store, CollectionRow, RoundRow, SubmissionFilter, SubmissionRow};
use crate::db::files as file_store;
use crate::db::orgs as org_store;
use crate::db::{now, DbConn};
use crate::domain::files::{self, Access, FileAccessLevel, StoredBlob};
use crate::domain::journal::Journal;
use crate::domain::live;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::values::{EventKind, FormFieldKind, HistoryField, RoundState, SubmissionStatus, TaskChange};

pub const MAX_COMMENT_CHARS: usize = 500;

/// A file handed in, as the submission keeps it: the task's file and the name it was sent with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandedFile {
    pub file_id: String,
    pub name: String,
}

/// A handed-in file as shown: its newest version.
#[derive(Debug, Clone)]
pub struct FileEntry {
    pub file_id: String,
    /// The name it was sent with.
    pub name: String,
    /// Its name among the task's files.
    pub stored_name: String,
    pub size_bytes: i64,
    pub version: i32,
    pub uploaded_at: NaiveDateTime,
    pub uploaded_by: String,
}

#[derive(Debug, Clone)]
pub struct SubmissionView {
    pub row: SubmissionRow,
    pub round: RoundRow,
    /// The department's or the person's name.
    pub unit_name: String,
    pub answerers: Vec<(String, String)>,
    pub files: Vec<FileEntry>,
    pub answers: Map<String, Value>,
    /// Names of the people and departments the page mentions (one map shared by its views).
    pub names: std::sync::Arc<HashMap<String, String>>,
    /// Not handed in and past the deadline.
    pub missing: bool,
    /// The caller may upload and hand it in now.
    pub can_submit: bool,
    /// The caller may accept it or send it back.
    pub can_review: bool,
}

pub struct MatrixPage {
    pub round: RoundRow,
    pub collection: CollectionRow,
    pub items: Vec<SubmissionView>,
    pub next: Option<(String, String)>,
    /// The whole round's figures, for the collector only.
    pub counts: Option<RoundCounts>,
}

// ---------------------------------------------------------------- loading

struct Loaded {
    row: SubmissionRow,
    round: RoundRow,
    collection: CollectionRow,
    standing: Standing,
    answers_for: bool,
}

impl Loaded {
    /// Sees the submission: the collector, whoever answers for it, the head of its department.
    fn sees(&self) -> bool {
        self.standing.manages()
            || self.answers_for
            || self.row.department_id.as_ref().is_some_and(|d| self.standing.headed.contains(d))
    }

    fn label(&self) -> String {
        round_label(&self.collection.title, &self.round.period)
    }

    fn hand_in_refusal(&self, at: NaiveDateTime) -> Option<AppError> {
        refusal(&self.standing, &self.round, &self.collection, &self.row, self.answers_for, at)
    }
}

/// Why the caller may not hand in a submission now, if so.
fn refusal(
    standing: &Standing,
    round: &RoundRow,
    collection: &CollectionRow,
    row: &SubmissionRow,
    answers_for: bool,
    at: NaiveDateTime,
) -> Option<AppError> {
    if !answers_for {
        return Some(AppError::forbidden("only the people asked to hand in for this department or person may do so"));
    }
    if standing.rel.is_archived {
        return Some(AppError::forbidden("the task is archived and read-only"));
    }
    if round.state == RoundState::Closed {
        return Some(AppError::conflict("the collector closed this round"));
    }
    if row.status == SubmissionStatus::Accepted {
        return Some(AppError::conflict("the submission was accepted; ask the collector to send it back to change it"));
    }
    // A submission sent back is open again whatever the deadline.
    if at > round.due_at && !collection.allow_late && row.status != SubmissionStatus::Returned {
        let mut e = AppError::conflict(format!(
            "the deadline ({}) has passed and this collection does not accept late submissions",
            crate::domain::journal::rfc3339(round.due_at)
        ));
        e.fields = Some([("due_at".to_owned(), vec!["deadline_passed".to_owned()])].into_iter().collect());
        return Some(e);
    }
    None
}

/// [`load`] in a write transaction: concurrent writers of the submission queue up here.
fn load_locked(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<Loaded> {
    store::lock_submission(c, id)?;
    load(c, actor_id, id)
}

fn load(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<Loaded> {
    let row = store::find_submission(c, id)?.ok_or_else(|| AppError::not_found("submission"))?;
    let standing = Standing::load(c, actor_id, &row.task_id, "submission")?;
    let round = store::find_round(c, &row.round_id)?.ok_or_else(|| AppError::not_found("submission"))?;
    let collection = store::find_collection(c, &row.collection_id)?.ok_or_else(|| AppError::not_found("submission"))?;
    let answers_for = store::answers_for(c, &row.id, &standing.actor.id)?;
    let loaded = Loaded { row, round, collection, standing, answers_for };
    if !loaded.sees() {
        return Err(AppError::not_found("submission"));
    }
    Ok(loaded)
}

// ---------------------------------------------------------------- views

fn views(
    c: &mut DbConn,
    standing: &Standing,
    round: &RoundRow,
    collection: &CollectionRow,
    rows: Vec<SubmissionRow>,
) -> AppResult<Vec<SubmissionView>> {
    let at = now();
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let answerers = store::answerers_of(c, &ids)?;
    let handed: Vec<Vec<HandedFile>> = rows.iter().map(|r| parse(&r.files)).collect::<AppResult<_>>()?;
    let file_ids: Vec<String> = handed.iter().flatten().map(|f| f.file_id.clone()).collect();
    let current: HashMap<String, file_store::VersionRow> =
        file_store::current_versions(c, &file_ids)?.into_iter().map(|v| (v.file_id.clone(), v)).collect();
    let stored_names = file_store::names_of(c, &file_ids)?;
    let mut people: Vec<&str> = answerers.values().flatten().map(String::as_str).collect();
    people.extend(rows.iter().filter_map(|r| r.person_id.as_deref()));
    people.extend(rows.iter().filter_map(|r| r.submitted_by.as_deref()));
    people.extend(rows.iter().filter_map(|r| r.reviewed_by.as_deref()));
    people.extend(current.values().map(|v| v.created_by.as_str()));
    let depts: Vec<&str> = rows.iter().filter_map(|r| r.department_id.as_deref()).collect();
    let mut names = org_store::user_names(c, &people)?;
    names.extend(org_store::department_names(c, &depts)?);
    let names = std::sync::Arc::new(names);
    let mut out = Vec::with_capacity(rows.len());
    for (row, handed) in rows.into_iter().zip(handed) {
        let unit = row.department_id.as_ref().or(row.person_id.as_ref()).cloned().unwrap_or_default();
        let unit_name = names.get(&unit).cloned().unwrap_or_default();
        let mine = answerers.get(&row.id).cloned().unwrap_or_default();
        let answers_for = mine.contains(&standing.actor.id);
        let files = handed
            .into_iter()
            .filter_map(|h| {
                let v = current.get(&h.file_id)?;
                Some(FileEntry {
                    stored_name: stored_names.get(&h.file_id).cloned().unwrap_or_default(),
                    file_id: h.file_id,
                    name: h.name,
                    size_bytes: v.size_bytes,
                    version: v.number,
                    uploaded_at: v.created_at,
                    uploaded_by: v.created_by.clone(),
                })
            })
            .collect();
        let open = matches!(row.status, SubmissionStatus::Pending | SubmissionStatus::Returned);
        let can_submit = refusal(standing, round, collection, &row, answers_for, at).is_none();
        let can_review = standing.manages() && row.status != SubmissionStatus::Pending;
        out.push(SubmissionView {
            answers: parse(&row.answers)?,
            answerers: mine.iter().map(|u| (u.clone(), names.get(u).cloned().unwrap_or_default())).collect(),
            missing: open && at > round.due_at,
            unit_name,
            files,
            names: names.clone(),
            can_submit,
            can_review,
            round: round.clone(),
            row,
        });
    }
    Ok(out)
}

fn view(c: &mut DbConn, l: &Loaded, row: SubmissionRow) -> AppResult<SubmissionView> {
    views(c, &l.standing, &l.round, &l.collection, vec![row])?.pop().ok_or_else(|| AppError::not_found("submission"))
}

pub fn get(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<SubmissionView> {
    let l = load(c, actor_id, id)?;
    view(c, &l, l.row.clone())
}

/// A page of a round's submissions in the matrix's order: all of them for the collector, the
/// ones they answer for or head for anyone else who sees the task.
pub fn matrix(
    c: &mut DbConn,
    actor_id: &str,
    round_id: &str,
    statuses: Vec<SubmissionStatus>,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<MatrixPage> {
    let round = store::find_round(c, round_id)?.ok_or_else(|| AppError::not_found("round"))?;
    let standing = Standing::load(c, actor_id, &round.task_id, "round")?;
    let collection = store::find_collection(c, &round.collection_id)?.ok_or_else(|| AppError::not_found("round"))?;
    let after = match &after {
        Some((pos, id)) => Some((
            pos.parse::<i32>().map_err(|_| AppError::field("cursor", "invalid", "not a cursor of this list"))?,
            id.as_str(),
        )),
        None => None,
    };
    let manages = standing.manages();
    let filter = SubmissionFilter {
        statuses,
        mine: if manages { None } else { Some((standing.actor.id.as_str(), standing.headed.as_slice())) },
    };
    let mut rows = store::submissions_of_round(c, round_id, &filter, after, limit + 1)?;
    let next = crate::domain::paging::cut_page(&mut rows, limit, |r| (r.position.to_string(), r.id.clone()));
    let items = views(c, &standing, &round, &collection, rows)?;
    let counts =
        if manages { super::counts_of(c, std::slice::from_ref(&round))?.pop().map(|v| v.counts) } else { None };
    Ok(MatrixPage { round, collection, items, next, counts })
}

/// The open submissions the caller must hand in, soonest deadline first (for 待我处理).
pub fn mine(c: &mut DbConn, actor_id: &str, limit: i64) -> AppResult<Vec<SubmissionView>> {
    let mut out = Vec::new();
    for (row, _) in store::open_for_answerer(c, actor_id, limit)? {
        // Through `load`, so a task the caller no longer sees is left out.
        match load(c, actor_id, &row.id) {
            Ok(l) => out.push(view(c, &l, l.row.clone())?),
            Err(e) if e.code == ErrorCode::NotFound => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- handing in

/// Whether the caller may upload to this submission now, before the body is read; the largest
/// file it takes (bytes) when the collection sets one.
pub fn may_upload(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<Option<u64>> {
    let l = load(c, actor_id, id)?;
    if let Some(e) = l.hand_in_refusal(now()) {
        return Err(e);
    }
    let spec: Spec = parse(&l.collection.spec)?;
    let Some(files) = spec.files else {
        return Err(AppError::field("file", "not_asked", "this collection asks for a form, not files"));
    };
    Ok(files.max_mb.map(|m| u64::try_from(m).unwrap_or(0) * 1024 * 1024))
}

fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// Adds a file to the submission (a new version when a file of that name was handed in before).
/// A submission already handed in stays handed in, as of now.
pub fn upload(
    c: &mut DbConn,
    actor_id: &str,
    id: &str,
    name: &str,
    note: &str,
    blob: StoredBlob,
) -> AppResult<SubmissionView> {
    let l = load_locked(c, actor_id, id)?;
    let at = now();
    if let Some(e) = l.hand_in_refusal(at) {
        return Err(e);
    }
    let spec: Spec = parse(&l.collection.spec)?;
    let Some(rule) = spec.files else {
        return Err(AppError::field("file", "not_asked", "this collection asks for a form, not files"));
    };
    let name = files::check_name(name)?;
    if note.trim().chars().count() > files::MAX_NOTE_CHARS {
        return Err(AppError::field("note", "too_long", format!("at most {} characters", files::MAX_NOTE_CHARS)));
    }
    if !rule.types.is_empty() && !rule.types.contains(&extension(&name)) {
        return Err(AppError::field(
            "file",
            "type_not_accepted",
            format!("this collection takes {} files", rule.types.join(", ")),
        ));
    }
    if let Some(max) = rule.max_mb {
        if blob.size_bytes > i64::from(max) * 1024 * 1024 {
            return Err(AppError::new(
                ErrorCode::PayloadTooLarge,
                format!("a file of this collection has at most {max} MiB"),
            ));
        }
    }
    let mut handed: Vec<HandedFile> = parse(&l.row.files)?;
    let actor = l.standing.actor.clone();
    if let Some(existing) = handed.iter().find(|h| h.name == name) {
        files::store_version(c, &actor, &l.standing.task, &existing.file_id, note, &blob)?;
    } else {
        if handed.len() >= usize::try_from(rule.max_files).unwrap_or(0) {
            return Err(AppError::field(
                "file",
                "too_many",
                format!("at most {} files: upload under the same name to replace one", rule.max_files),
            ));
        }
        let access = submission_access(c, &l)?;
        let stored = free_name(c, &l, &name)?;
        let file_id = files::store_new(
            c,
            &actor,
            &l.standing.task,
            &stored,
            String::new(),
            note.trim().to_owned(),
            &access,
            &blob,
        )?;
        handed.push(HandedFile { file_id, name });
    }
    let mut row = l.row.clone();
    row.files = json!(handed).to_string();
    if row.status == SubmissionStatus::Submitted {
        row.submitted_at = Some(at);
        row.submitted_by = Some(actor.id.clone());
        row.is_late = at > l.round.due_at;
    }
    save(c, &l, row, at)
}

/// Who reads a submitted file: the collector (and whoever made the collection), the people who
/// answer for it and the heads of its department.
fn submission_access(c: &mut DbConn, l: &Loaded) -> AppResult<Access> {
    let mut people = store::answerers_of(c, &[l.row.id.as_str()])?.remove(&l.row.id).unwrap_or_default();
    people.push(l.standing.task.owner_id.clone());
    people.push(l.collection.created_by.clone());
    if let Some(p) = &l.row.person_id {
        people.push(p.clone());
    }
    people.sort();
    people.dedup();
    Ok(Access {
        level: FileAccessLevel::Restricted,
        department_ids: l.row.department_id.iter().cloned().collect(),
        user_ids: people,
    })
}

/// The file's name among the task's: `<unit>_<period>_<name>`, made unique if needed.
fn free_name(c: &mut DbConn, l: &Loaded, name: &str) -> AppResult<String> {
    let unit = l.row.department_id.as_ref().or(l.row.person_id.as_ref()).cloned().unwrap_or_default();
    let unit_name = org_store::department_names(c, &[unit.as_str()])?
        .remove(&unit)
        .or(org_store::user_names(c, &[unit.as_str()])?.remove(&unit))
        .unwrap_or_default();
    let base = if l.round.period == super::schedule::ONCE {
        format!("{}_{unit_name}_{name}", l.collection.title)
    } else {
        format!("{}_{}_{unit_name}_{name}", l.collection.title, l.round.period)
    };
    let base: String = base.chars().filter(|c| !matches!(c, '/' | '\\' | ':')).collect();
    let (stem, ext) = match base.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_owned(), format!(".{e}")),
        _ => (base.clone(), String::new()),
    };
    let keep = files::MAX_NAME_CHARS.saturating_sub(ext.chars().count() + 5);
    let stem: String = stem.chars().take(keep).collect();
    for n in 1..1000 {
        let candidate = if n == 1 { format!("{stem}{ext}") } else { format!("{stem} ({n}){ext}") };
        if !files::name_in_use(c, &l.row.task_id, &candidate)? {
            return Ok(candidate);
        }
    }
    Err(AppError::conflict("too many files of this name"))
}

fn save(c: &mut DbConn, l: &Loaded, mut row: SubmissionRow, at: NaiveDateTime) -> AppResult<SubmissionView> {
    let expected = row.version;
    row.version = expected + 1;
    row.updated_at = at;
    if !store::update_submission(c, &row, expected)? {
        return Err(AppError::version_mismatch());
    }
    live::task_changed(
        c,
        &l.standing.task,
        TaskChange::Collection,
        json!({"collection_id": l.collection.id, "round_id": l.round.id, "submission_id": row.id}),
    )?;
    view(c, l, row)
}

fn check_answers(spec: &Spec, raw: &Map<String, Value>) -> AppResult<Map<String, Value>> {
    let mut out = Map::new();
    let mut errors = crate::error::FieldErrors::new();
    for key in raw.keys() {
        if !spec.fields.iter().any(|f| &f.key == key) {
            errors.insert(format!("answers.{key}"), vec!["unknown".into()]);
        }
    }
    for f in &spec.fields {
        let field = format!("answers.{}", f.key);
        let value = raw.get(&f.key).filter(|v| !v.is_null() && v.as_str() != Some(""));
        let Some(value) = value else {
            if f.required {
                errors.insert(field, vec!["required".into()]);
            }
            continue;
        };
        let checked = match f.kind {
            FormFieldKind::Text => {
                value.as_str().filter(|s| s.chars().count() <= super::MAX_ANSWER_CHARS).map(|s| json!(s.trim()))
            }
            FormFieldKind::Number => match value {
                Value::Number(n) => Some(Value::Number(n.clone())),
                Value::String(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()).map(|n| json!(n)),
                _ => None,
            },
            FormFieldKind::Date => {
                value.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()).map(|d| json!(d.to_string()))
            }
            FormFieldKind::Choice => value.as_str().filter(|s| f.options.iter().any(|o| o == s)).map(|s| json!(s)),
        };
        match checked {
            Some(v) => {
                out.insert(f.key.clone(), v);
            }
            None => {
                errors.insert(field, vec![format!("invalid_{}", f.kind.as_str())]);
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors, "the answers do not fit the collection's form"));
    }
    Ok(out)
}

/// Hands the submission in (with the form's answers): it needs its files and required answers.
pub fn submit(c: &mut DbConn, actor_id: &str, id: &str, answers: &Map<String, Value>) -> AppResult<SubmissionView> {
    let l = load_locked(c, actor_id, id)?;
    let at = now();
    if let Some(e) = l.hand_in_refusal(at) {
        return Err(e);
    }
    let spec: Spec = parse(&l.collection.spec)?;
    let answers = check_answers(&spec, answers)?;
    let handed: Vec<HandedFile> = parse(&l.row.files)?;
    if let Some(rule) = &spec.files {
        if handed.len() < usize::try_from(rule.min_files).unwrap_or(0) {
            return Err(AppError::field(
                "files",
                "too_few",
                format!("upload at least {} file(s) before handing in", rule.min_files),
            ));
        }
    }
    let mut row = l.row.clone();
    let was_returned = row.status == SubmissionStatus::Returned;
    row.status = SubmissionStatus::Submitted;
    row.answers = Value::Object(answers).to_string();
    row.submitted_by = Some(l.standing.actor.id.clone());
    row.submitted_at = Some(at);
    // A submission sent back is not late for being handed in again.
    if !was_returned {
        row.is_late = at > l.round.due_at;
    }
    let unit = unit_name(c, &row)?;
    let journal = Journal::new(&l.standing.actor, at);
    journal.record(
        c,
        &row.task_id,
        HistoryField::CollectionSubmission,
        None,
        Some(format!("submitted|{unit}|{}", l.label())),
    )?;
    let collectors = vec![l.standing.task.owner_id.clone(), l.collection.created_by.clone()];
    let extra = json!({"collection_id": l.collection.id, "round_id": l.round.id, "submission_id": row.id});
    journal.emit_with(
        c,
        EventKind::CollectionSubmitted,
        &l.standing.task,
        collectors,
        Some(&l.label()),
        Some(&unit),
        extra,
    )?;
    save(c, &l, row, at)
}

fn unit_name(c: &mut DbConn, row: &SubmissionRow) -> AppResult<String> {
    Ok(match (&row.department_id, &row.person_id) {
        (Some(d), _) => org_store::department_names(c, &[d.as_str()])?.remove(d).unwrap_or_default(),
        (_, Some(p)) => org_store::user_names(c, &[p.as_str()])?.remove(p).unwrap_or_default(),
        _ => String::new(),
    })
}

/// Takes a file off a submission that is not handed in yet (the file stays in the task's trash).
pub fn remove_file(c: &mut DbConn, actor_id: &str, id: &str, file_id: &str) -> AppResult<SubmissionView> {
    let l = load_locked(c, actor_id, id)?;
    let at = now();
    if let Some(e) = l.hand_in_refusal(at) {
        return Err(e);
    }
    if l.row.status == SubmissionStatus::Submitted {
        return Err(AppError::conflict("the submission is handed in: upload under the same name to replace a file"));
    }
    let mut handed: Vec<HandedFile> = parse(&l.row.files)?;
    let before = handed.len();
    handed.retain(|h| h.file_id != file_id);
    if handed.len() == before {
        return Err(AppError::not_found("file"));
    }
    file_store::set_deleted(c, file_id, Some((at, l.standing.actor.id.as_str())), at)?;
    let mut row = l.row.clone();
    row.files = json!(handed).to_string();
    save(c, &l, row, at)
}

/// The collector's verdict on a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    Accept,
    /// 退回 with the reason.
    Return(String),
}

pub fn review(c: &mut DbConn, actor_id: &str, id: &str, verdict: Review) -> AppResult<SubmissionView> {
    if let Review::Return(reason) = &verdict {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::field("comment", "required", "say what to change"));
        }
        if reason.chars().count() > MAX_COMMENT_CHARS {
            return Err(AppError::field("comment", "too_long", format!("at most {MAX_COMMENT_CHARS} characters")));
        }
    }
    let l = load_locked(c, actor_id, id)?;
    if !l.standing.manages() {
        return Err(AppError::forbidden("only the collector (whoever runs the task) reviews submissions"));
    }
    let at = now();
    let mut row = l.row.clone();
    let (status, code, kind, comment) = match &verdict {
        Review::Accept => {
            if row.status != SubmissionStatus::Submitted {
                return Err(AppError::conflict("only a handed-in submission can be accepted"));
            }
            (SubmissionStatus::Accepted, "accepted", EventKind::CollectionAccepted, None)
        }
        Review::Return(reason) => {
            if !matches!(row.status, SubmissionStatus::Submitted | SubmissionStatus::Accepted) {
                return Err(AppError::conflict("only a handed-in submission can be sent back"));
            }
            (SubmissionStatus::Returned, "returned", EventKind::CollectionReturned, Some(reason.trim().to_owned()))
        }
    };
    row.status = status;
    row.reviewed_by = Some(l.standing.actor.id.clone());
    row.reviewed_at = Some(at);
    row.review_comment = comment.clone();
    let unit = unit_name(c, &row)?;
    let journal = Journal::new(&l.standing.actor, at);
    journal.record(
        c,
        &row.task_id,
        HistoryField::CollectionSubmission,
        None,
        Some(format!("{code}|{unit}|{}", l.label())),
    )?;
    let people = store::answerers_of(c, &[row.id.as_str()])?.remove(&row.id).unwrap_or_default();
    let extra = json!({"collection_id": l.collection.id, "round_id": l.round.id, "submission_id": row.id});
    journal.emit_with(c, kind, &l.standing.task, people, Some(&l.label()), comment.as_deref(), extra)?;
    save(c, &l, row, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::collections::FieldSpec;

    fn spec() -> Spec {
        let field = |key: &str, kind, required, options: &[&str]| FieldSpec {
            key: key.into(),
            label: key.into(),
            kind,
            required,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
        };
        Spec {
            files: None,
            fields: vec![
                field("revenue", FormFieldKind::Number, true, &[]),
                field("day", FormFieldKind::Date, false, &[]),
                field("level", FormFieldKind::Choice, false, &["高", "低"]),
                field("note", FormFieldKind::Text, false, &[]),
            ],
        }
    }

    fn errors(raw: Value) -> Vec<String> {
        let map = raw.as_object().cloned().unwrap_or_default();
        check_answers(&spec(), &map).err().and_then(|e| e.fields).map(|f| f.into_keys().collect()).unwrap_or_default()
    }

    #[test]
    fn answers_are_checked_against_the_form() {
        assert!(errors(json!({"revenue": 12.5, "day": "2026-12-03", "level": "高", "note": "ok"})).is_empty());
        assert!(errors(json!({"revenue": " 1200 "})).is_empty());
        assert_eq!(errors(json!({})), vec!["answers.revenue"]);
        assert_eq!(errors(json!({"revenue": "many"})), vec!["answers.revenue"]);
        assert_eq!(errors(json!({"revenue": 1, "day": "3 Dec"})), vec!["answers.day"]);
        assert_eq!(errors(json!({"revenue": 1, "level": "中"})), vec!["answers.level"]);
        assert_eq!(errors(json!({"revenue": 1, "extra": 2})), vec!["answers.extra"]);
    }
}
