//! Collections (收集) of routine information sync: an info-sync task asks departments or people
//! to hand in files and/or a short form by a deadline, once or every period; the platform knows
//! who has handed in, reminds those who have not and escalates to their head.
//!
//! - [`schedule`]: deadlines, one-off or recurring on the working calendar.
//! - [`rounds`]: opening a round (its submissions and who answers for them), by the scheduler
//!   once per period, and closing it.
//! - [`submit`]: the submitter's uploads and hand-in, the collector's matrix, accept and return.
//! - [`remind`]: reminders before, at and after the deadline, and escalation (reminder engine).
//! - [`archive`]: a round's files as one zip and its form answers as a workbook.

pub mod archive;
pub mod remind;
pub mod rounds;
pub mod schedule;
pub mod submit;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use self::schedule::CollectionSchedule;
use super::journal::Journal;
use super::permissions::{can_task, TaskAction, TaskRelation};
use super::tasks::relation;
use super::{live, Actor, Role};
use crate::db::collections::{self as store, CollectionRow, RoundRow};
use crate::db::files as file_store;
use crate::db::orgs as org_store;
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::values::{FormFieldKind, HistoryField, Recurrence, Scenario, SubmissionStatus, TaskChange};

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_INSTRUCTIONS_CHARS: usize = 5_000;
pub const MAX_FIELDS: usize = 30;
pub const MAX_OPTIONS: usize = 50;
pub const MAX_UNITS: usize = 2_000;
pub const MAX_TYPES: usize = 30;
pub const MAX_ANSWER_CHARS: usize = 2_000;
/// The first reminder comes one working day (9 hours) before the deadline unless set.
pub const DEFAULT_REMIND_BEFORE_MINUTES: i64 = 9 * 60;

/// What a submission's files must be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    /// At least this many files (1 by default).
    #[serde(default = "one")]
    #[schema(minimum = 0, maximum = 20)]
    pub min_files: i32,
    /// At most this many files (5 by default).
    #[serde(default = "five")]
    #[schema(minimum = 1, maximum = 20)]
    pub max_files: i32,
    /// Accepted extensions without the dot, e.g. `["xlsx", "pdf"]`; any when empty.
    #[serde(default)]
    pub types: Vec<String>,
    /// The largest file in MiB (the server's upload limit when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 1024)]
    pub max_mb: Option<i32>,
}

fn one() -> i32 {
    1
}
fn five() -> i32 {
    5
}

/// A field of a collection's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Names the answer (letters, digits, `_`; unique in the form).
    #[schema(min_length = 1, max_length = 40, pattern = "^[A-Za-z][A-Za-z0-9_]*$")]
    pub key: String,
    #[schema(min_length = 1, max_length = 100)]
    pub label: String,
    pub kind: FormFieldKind,
    #[serde(default)]
    pub required: bool,
    /// For `choice`: the options.
    #[serde(default)]
    pub options: Vec<String>,
}

/// What a submission holds: files, a form, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Files to hand in; none asked when absent.
    #[serde(default)]
    pub files: Option<FileSpec>,
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
}

/// A department that must submit, and who answers for it (its heads when nobody is named).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentSubmitter {
    pub department_id: String,
    #[serde(default)]
    pub answerer_ids: Vec<String>,
}

/// Who must submit: departments and people.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Submitters {
    #[serde(default)]
    pub departments: Vec<DepartmentSubmitter>,
    #[serde(default)]
    pub people: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct NewCollection {
    pub title: String,
    pub instructions: String,
    pub template_file_id: Option<String>,
    pub spec: Spec,
    pub submitters: Submitters,
    pub schedule: CollectionSchedule,
    pub allow_late: bool,
    pub remind_before_minutes: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct CollectionPatch {
    pub title: Option<String>,
    pub instructions: Option<String>,
    /// `Some(None)` removes the template.
    pub template_file_id: Option<Option<String>>,
    pub allow_late: Option<bool>,
    pub remind_before_minutes: Option<i64>,
    /// `false` stops a recurring collection (no more rounds).
    pub is_active: Option<bool>,
}

/// How many of a round's submissions stand where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundCounts {
    pub total: i64,
    pub pending: i64,
    pub submitted: i64,
    pub accepted: i64,
    pub returned: i64,
    pub late: i64,
}

#[derive(Debug, Clone)]
pub struct RoundView {
    pub row: RoundRow,
    pub counts: RoundCounts,
}

#[derive(Debug, Clone)]
pub struct CollectionView {
    pub row: CollectionRow,
    pub spec: Spec,
    pub submitters: Submitters,
    pub schedule: CollectionSchedule,
    pub template_name: Option<String>,
    pub names: HashMap<String, String>,
    pub next_due: Option<NaiveDateTime>,
    pub rounds: Vec<RoundView>,
    /// Change it, review and download submissions.
    pub can_manage: bool,
}

// ---------------------------------------------------------------- who may

/// The actor's standing towards a task's collections.
pub(crate) struct Standing {
    pub actor: Actor,
    pub task: TaskRow,
    pub rel: TaskRelation,
    pub headed: Vec<String>,
}

impl Standing {
    /// 404 when the actor may not see the task.
    pub(crate) fn load(c: &mut DbConn, actor_id: &str, task_id: &str, what: &str) -> AppResult<Self> {
        let actor = Actor::load(c, actor_id)?;
        let task = task_store::find_task(c, task_id)?
            .filter(|t| t.deleted_at.is_none())
            .ok_or_else(|| AppError::not_found(what))?;
        let rel = relation(c, &actor, &task)?;
        if !can_task(&actor, &rel, TaskAction::View) {
            return Err(AppError::not_found(what));
        }
        let headed = task_store::headed_departments(c, &actor.id)?;
        Ok(Self { actor, task, rel, headed })
    }

    /// The collector: whoever runs the task (its owner, an owner above it, an administrator).
    pub(crate) fn manages(&self) -> bool {
        !self.rel.is_archived && (self.actor.role == Role::Admin || self.rel.is_owner || self.rel.owns_ancestor)
    }

    pub(crate) fn ensure_manages(&self) -> AppResult<()> {
        if self.manages() {
            return Ok(());
        }
        Err(AppError::forbidden(if self.rel.is_archived {
            "the task is archived and read-only"
        } else {
            "only whoever runs the task (its owner) manages its collections"
        }))
    }
}

// ---------------------------------------------------------------- input checks

fn check_text(field: &str, raw: &str, max: usize, required: bool) -> AppResult<String> {
    let text = raw.trim();
    if required && text.is_empty() {
        return Err(AppError::field(field, "required", "required"));
    }
    if text.chars().count() > max {
        return Err(AppError::field(field, "too_long", format!("at most {max} characters")));
    }
    Ok(text.to_owned())
}

fn check_spec(spec: &Spec) -> AppResult<Spec> {
    let mut spec = spec.clone();
    if spec.files.is_none() && spec.fields.is_empty() {
        return Err(AppError::field("spec", "required", "ask for files, a form, or both"));
    }
    if let Some(f) = &mut spec.files {
        if !(0..=20).contains(&f.min_files) || !(1..=20).contains(&f.max_files) || f.min_files > f.max_files {
            return Err(AppError::field("spec.files", "out_of_range", "0 ≤ min_files ≤ max_files ≤ 20, max_files ≥ 1"));
        }
        if f.max_mb.is_some_and(|m| !(1..=1024).contains(&m)) {
            return Err(AppError::field("spec.files.max_mb", "out_of_range", "1 to 1024 MiB"));
        }
        if f.types.len() > MAX_TYPES {
            return Err(AppError::field("spec.files.types", "too_long", format!("at most {MAX_TYPES} types")));
        }
        let mut types = Vec::new();
        for t in &f.types {
            let t = t.trim().trim_start_matches('.').to_ascii_lowercase();
            if t.is_empty() || t.len() > 10 || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(AppError::field("spec.files.types", "invalid", "extensions like xlsx or pdf"));
            }
            if !types.contains(&t) {
                types.push(t);
            }
        }
        f.types = types;
    }
    if spec.fields.len() > MAX_FIELDS {
        return Err(AppError::field("spec.fields", "too_long", format!("at most {MAX_FIELDS} fields")));
    }
    let mut keys = Vec::new();
    for (i, field) in spec.fields.iter_mut().enumerate() {
        let at = |name: &str| format!("spec.fields[{i}].{name}");
        let key_ok = field.key.len() <= 40
            && field.key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && field.key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !key_ok {
            return Err(AppError::field(&at("key"), "invalid", "a letter, then letters, digits or _ (at most 40)"));
        }
        if keys.contains(&field.key) {
            return Err(AppError::field(&at("key"), "duplicate", "keys are unique in the form"));
        }
        keys.push(field.key.clone());
        field.label = check_text(&at("label"), &field.label, 100, true)?;
        if field.kind == FormFieldKind::Choice {
            if field.options.is_empty() || field.options.len() > MAX_OPTIONS {
                return Err(AppError::field(&at("options"), "required", format!("1 to {MAX_OPTIONS} options")));
            }
            for o in &mut field.options {
                *o = check_text(&at("options"), o, 100, true)?;
            }
        } else if !field.options.is_empty() {
            return Err(AppError::field(&at("options"), "unexpected", "only a choice field has options"));
        }
    }
    Ok(spec)
}

fn check_submitters(c: &mut DbConn, s: &Submitters) -> AppResult<Submitters> {
    if s.departments.is_empty() && s.people.is_empty() {
        return Err(AppError::field("submitters", "required", "name the departments or people who must submit"));
    }
    if s.departments.len() + s.people.len() > MAX_UNITS {
        return Err(AppError::field("submitters", "too_long", format!("at most {MAX_UNITS} departments and people")));
    }
    let mut out = Submitters::default();
    for d in &s.departments {
        if out.departments.iter().any(|x: &DepartmentSubmitter| x.department_id == d.department_id) {
            continue;
        }
        if !org_store::find_department(c, &d.department_id)?.is_some_and(|r| r.is_active) {
            return Err(AppError::field(
                "submitters.departments",
                "not_found",
                format!("unknown department {}", d.department_id),
            ));
        }
        let mut answerers = d.answerer_ids.clone();
        answerers.sort();
        answerers.dedup();
        check_people(c, "submitters.departments", &answerers)?;
        out.departments.push(DepartmentSubmitter { department_id: d.department_id.clone(), answerer_ids: answerers });
    }
    let mut people = s.people.clone();
    people.dedup();
    let mut seen = Vec::new();
    for p in people {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    check_people(c, "submitters.people", &seen)?;
    out.people = seen;
    Ok(out)
}

fn check_people(c: &mut DbConn, field: &str, ids: &[String]) -> AppResult<()> {
    let active = task_store::active_user_ids(c, ids)?;
    if let Some(missing) = ids.iter().find(|u| !active.contains(u)) {
        return Err(AppError::field(field, "not_found", format!("unknown or inactive user {missing}")));
    }
    Ok(())
}

fn check_template(c: &mut DbConn, task_id: &str, id: Option<&str>) -> AppResult<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    match file_store::find_file(c, id)? {
        Some(f) if f.task_id == task_id && f.deleted_at.is_none() => Ok(Some(f.id)),
        _ => Err(AppError::field("template_file_id", "not_found", "the template must be a file of the task")),
    }
}

fn check_remind_before(minutes: Option<i64>) -> AppResult<i64> {
    let m = minutes.unwrap_or(DEFAULT_REMIND_BEFORE_MINUTES);
    if !(0..=10 * 9 * 60).contains(&m) {
        return Err(AppError::field(
            "remind_before_minutes",
            "out_of_range",
            "0 to 5400 working minutes (10 working days)",
        ));
    }
    Ok(m)
}

/// The value, or `None` with its field errors added to `errors`.
fn gather<T>(errors: &mut FieldErrors, r: AppResult<T>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errors.extend(e.fields.unwrap_or_default());
            None
        }
    }
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(raw: &str) -> AppResult<T> {
    serde_json::from_str(raw).map_err(AppError::internal)
}

// ---------------------------------------------------------------- views

fn counts_of(c: &mut DbConn, rounds: &[RoundRow]) -> AppResult<Vec<RoundView>> {
    let ids: Vec<&str> = rounds.iter().map(|r| r.id.as_str()).collect();
    let mut by_status = store::status_counts(c, &ids)?;
    let late = store::late_counts(c, &ids)?;
    Ok(rounds
        .iter()
        .map(|r| {
            let mut counts = RoundCounts { late: late.get(&r.id).copied().unwrap_or(0), ..Default::default() };
            for (status, n) in by_status.remove(&r.id).unwrap_or_default() {
                counts.total += n;
                match status {
                    SubmissionStatus::Pending => counts.pending += n,
                    SubmissionStatus::Submitted => counts.submitted += n,
                    SubmissionStatus::Accepted => counts.accepted += n,
                    SubmissionStatus::Returned => counts.returned += n,
                }
            }
            RoundView { row: r.clone(), counts }
        })
        .collect())
}

/// The most recent rounds shown with a collection.
const ROUNDS_SHOWN: i64 = 24;

fn views(c: &mut DbConn, standing: &Standing, rows: Vec<CollectionRow>) -> AppResult<Vec<CollectionView>> {
    let cal = super::work_calendar::calendar(c)?;
    let at = now();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let spec: Spec = parse(&row.spec)?;
        let submitters: Submitters = parse(&row.submitters)?;
        let schedule: CollectionSchedule = parse(&row.schedule)?;
        let mut people: Vec<&str> = submitters.people.iter().map(String::as_str).collect();
        people.extend(submitters.departments.iter().flat_map(|d| d.answerer_ids.iter().map(String::as_str)));
        let depts: Vec<&str> = submitters.departments.iter().map(|d| d.department_id.as_str()).collect();
        let mut names = org_store::user_names(c, &people)?;
        names.extend(org_store::department_names(c, &depts)?);
        let template_name = match &row.template_file_id {
            Some(id) => file_store::find_file(c, id)?.filter(|f| f.deleted_at.is_none()).map(|f| f.name),
            None => None,
        };
        let rounds = store::rounds_of(c, &[row.id.as_str()], ROUNDS_SHOWN)?;
        let rounds = counts_of(c, &rounds)?;
        let next_due = if row.is_active { schedule.next_due(&cal, at)? } else { None };
        out.push(CollectionView {
            spec,
            submitters,
            schedule,
            template_name,
            names,
            next_due,
            rounds,
            can_manage: standing.manages(),
            row,
        });
    }
    Ok(out)
}

fn load_collection(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<(CollectionRow, Standing)> {
    let row = store::find_collection(c, id)?.ok_or_else(|| AppError::not_found("collection"))?;
    let standing = Standing::load(c, actor_id, &row.task_id, "collection")?;
    Ok((row, standing))
}

// ---------------------------------------------------------------- use cases

pub fn list(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<Vec<CollectionView>> {
    let standing = Standing::load(c, actor_id, task_id, "task")?;
    let rows = store::collections_of_task(c, task_id)?;
    views(c, &standing, rows)
}

pub fn get(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<CollectionView> {
    let (row, standing) = load_collection(c, actor_id, id)?;
    views(c, &standing, vec![row])?.pop().ok_or_else(|| AppError::not_found("collection"))
}

fn history_label(row: &CollectionRow) -> String {
    row.title.clone()
}

/// How a round is named in notices and history: the title, with the period of a recurring one.
pub(crate) fn round_label(title: &str, period: &str) -> String {
    if period == schedule::ONCE {
        title.to_owned()
    } else {
        format!("{title}（{period}）")
    }
}

pub fn create(c: &mut DbConn, actor_id: &str, task_id: &str, input: NewCollection) -> AppResult<CollectionView> {
    let standing = Standing::load(c, actor_id, task_id, "task")?;
    standing.ensure_manages()?;
    if standing.task.scenario != Scenario::InfoSync {
        return Err(AppError::field(
            "task_id",
            "not_info_sync",
            "collections belong to routine information sync (info_sync) tasks",
        ));
    }
    let mut errors = FieldErrors::new();
    let title = gather(&mut errors, check_text("title", &input.title, MAX_TITLE_CHARS, true));
    let instructions =
        gather(&mut errors, check_text("instructions", &input.instructions, MAX_INSTRUCTIONS_CHARS, false));
    let schedule_ok = gather(&mut errors, input.schedule.check());
    let spec = gather(&mut errors, check_spec(&input.spec));
    let remind = gather(&mut errors, check_remind_before(input.remind_before_minutes));
    let (Some(title), Some(instructions), Some(()), Some(spec), Some(remind)) =
        (title, instructions, schedule_ok, spec, remind)
    else {
        return Err(AppError::validation(errors, "the collection has invalid fields"));
    };
    let submitters = check_submitters(c, &input.submitters)?;
    let template = check_template(c, task_id, input.template_file_id.as_deref())?;
    let at = now();
    if input.schedule.kind == Recurrence::Once && input.schedule.due_at.is_some_and(|d| d.naive_utc() <= at) {
        return Err(AppError::field("schedule.due_at", "in_past", "the deadline must be in the future"));
    }
    let row = CollectionRow {
        id: new_id(),
        task_id: task_id.to_owned(),
        title,
        instructions,
        template_file_id: template,
        spec: json!(spec).to_string(),
        submitters: json!(submitters).to_string(),
        schedule: json!(input.schedule).to_string(),
        recurrence: input.schedule.kind,
        allow_late: input.allow_late,
        remind_before_minutes: remind,
        is_active: true,
        created_by: standing.actor.id.clone(),
        created_at: at,
        updated_at: at,
        version: 1,
    };
    store::insert_collection(c, &row)?;
    let journal = Journal::new(&standing.actor, at);
    journal.record(c, task_id, HistoryField::Collection, None, Some(history_label(&row)))?;
    let cal = super::work_calendar::calendar(c)?;
    rounds::ensure_round(c, &cal, &row, at)?;
    live::task_changed(c, &standing.task, TaskChange::Collection, json!({"collection_id": row.id}))?;
    views(c, &standing, vec![row])?.pop().ok_or_else(|| AppError::not_found("collection"))
}

pub fn update(
    c: &mut DbConn,
    actor_id: &str,
    id: &str,
    expected: i64,
    patch: CollectionPatch,
) -> AppResult<CollectionView> {
    let title = patch.title.as_deref().map(|t| check_text("title", t, MAX_TITLE_CHARS, true)).transpose()?;
    let instructions = patch
        .instructions
        .as_deref()
        .map(|t| check_text("instructions", t, MAX_INSTRUCTIONS_CHARS, false))
        .transpose()?;
    let remind = patch.remind_before_minutes.map(|m| check_remind_before(Some(m))).transpose()?;
    let (mut row, standing) = load_collection(c, actor_id, id)?;
    standing.ensure_manages()?;
    if row.version != expected {
        return Err(AppError::version_mismatch());
    }
    if let Some(t) = title {
        row.title = t;
    }
    if let Some(i) = instructions {
        row.instructions = i;
    }
    if let Some(t) = patch.template_file_id {
        row.template_file_id = check_template(c, &row.task_id, t.as_deref())?;
    }
    if let Some(l) = patch.allow_late {
        row.allow_late = l;
    }
    if let Some(r) = remind {
        row.remind_before_minutes = r;
    }
    if let Some(a) = patch.is_active {
        row.is_active = a;
    }
    row.updated_at = now();
    if !store::update_collection(c, &row, expected)? {
        return Err(AppError::version_mismatch());
    }
    row.version = expected + 1;
    live::task_changed(c, &standing.task, TaskChange::Collection, json!({"collection_id": row.id}))?;
    views(c, &standing, vec![row])?.pop().ok_or_else(|| AppError::not_found("collection"))
}
