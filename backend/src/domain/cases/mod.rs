//! The case library (协作案例库), step 6 of the workflow: the owner marks a top-level task done
//! with its 协作总结 ([`complete`]); the platform adds the figures it already knows
//! ([`figures`]); the task and its tree go into the library at once ([`archive`]) or a set time
//! later ([`archive_due`]), read-only, tagged ([`set_tags`]); an administrator may take a case
//! out again ([`reopen`]). [`library`] is the library's list and case page, [`reuse`] starts a new
//! task from a case (以此为模板新建).

pub mod figures;
pub mod library;
pub mod reuse;

use chrono::{Duration, NaiveDateTime};
use serde_json::json;

use super::journal::Journal;
use super::permissions::TaskAction;
use super::tasks::{self, load_for, TaskDetail};
use super::{Actor, Role};
use crate::db::cases::{self as store, SummaryRow};
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{now, DbConn};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::values::{AuditKind, CaseOutcome, HistoryField, Status, TaskChange};

pub use self::figures::Figures;

/// The longest text of one part of a summary.
pub const MAX_SUMMARY_CHARS: usize = 4_000;
/// Tags a case carries at most, and the longest tag.
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_CHARS: usize = 30;
/// The longest reason for reopening a case.
pub const MAX_REASON_CHARS: usize = 500;

/// What the owner writes when marking a top-level task done. Only the outcome is required.
#[derive(Debug, Clone, Default)]
pub struct SummaryInput {
    /// 目标达成情况: the outcome against the goal.
    pub outcome: String,
    /// 做得好的地方.
    pub went_well: String,
    /// 遇到的问题.
    pub problems: String,
    /// 经验教训.
    pub lessons: String,
}

impl SummaryInput {
    fn checked(self) -> AppResult<Self> {
        let mut errors = FieldErrors::new();
        // Each part: trimmed, the outcome required, at most MAX_SUMMARY_CHARS characters.
        let mut part = |name: &str, v: String, required: bool| {
            let v = v.trim().to_owned();
            if required && v.is_empty() {
                errors.entry(name.to_owned()).or_default().push("required".to_owned());
            } else if v.chars().count() > MAX_SUMMARY_CHARS {
                errors.entry(name.to_owned()).or_default().push("too_long".to_owned());
            }
            v
        };
        let checked = Self {
            outcome: part("outcome", self.outcome, true),
            went_well: part("went_well", self.went_well, false),
            problems: part("problems", self.problems, false),
            lessons: part("lessons", self.lessons, false),
        };
        if errors.is_empty() {
            Ok(checked)
        } else {
            Err(AppError::validation(errors, "the summary has invalid fields"))
        }
    }
}

/// A case's 协作总结 as readers see it.
#[derive(Debug, Clone)]
pub struct SummaryView {
    pub row: SummaryRow,
    pub figures: Figures,
    pub written_by_name: String,
    pub tags: Vec<String>,
}

/// Marks a top-level task done with its summary: refused while subtasks are open (the error
/// names them), by whoever may post its progress. Marking it done again after a reopening
/// replaces the summary and its figures.
pub fn complete(
    c: &mut DbConn,
    actor_id: &str,
    id: &str,
    expected: Option<i64>,
    input: SummaryInput,
) -> AppResult<TaskDetail> {
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = load_for(c, &actor, id, TaskAction::UpdateProgress)?;
    if task.parent_id.is_some() {
        return Err(AppError::field(
            "task_id",
            "not_top_level",
            "a subtask is marked done with its progress; the 协作总结 belongs to the top-level task",
        ));
    }
    // Bad input is refused before a stale version (422 before 412).
    let input = input.checked()?;
    if expected.is_some_and(|v| v != task.version) {
        return Err(AppError::version_mismatch());
    }
    let at = now();
    let figures = figures::derive(c, &task, at)?;
    store::put_summary(
        c,
        &SummaryRow {
            task_id: task.id.clone(),
            outcome: input.outcome.clone(),
            went_well: input.went_well,
            problems: input.problems,
            lessons: input.lessons,
            figures: serde_json::to_string(&figures).map_err(AppError::internal)?,
            written_by: actor.id.clone(),
            written_at: at,
            updated_at: at,
        },
    )?;
    Journal::new(&actor, at).record(c, &task.id, HistoryField::Summary, None, Some(input.outcome))?;
    let mut version = task.version;
    if task.status == Status::Published {
        // Work reported done has started (published → in progress → done).
        let started = tasks::ProgressInput {
            status: Some(Status::InProgress),
            percent: None,
            note: String::new(),
            expected: Some(version),
            force_reason: None,
        };
        version = tasks::add_progress(c, actor_id, id, started)?.summary.task.version;
    }
    let detail = tasks::add_progress(
        c,
        actor_id,
        id,
        tasks::ProgressInput {
            status: Some(Status::Done),
            percent: None,
            note: String::new(),
            expected: Some(version),
            force_reason: None,
        },
    )?;
    crate::domain::live::task_changed(c, &detail.summary.task, TaskChange::Case, json!({}))?;
    Ok(detail)
}

/// Puts a done top-level task into the library at once (its owner, or an administrator).
pub fn archive(c: &mut DbConn, actor_id: &str, id: &str, expected: Option<i64>) -> AppResult<TaskDetail> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = load_for(c, &actor, id, TaskAction::View)?;
    if actor.role != Role::Admin && !rel.is_owner && !rel.owns_ancestor {
        return Err(AppError::forbidden("only the task's owner (or an administrator) puts it into the case library"));
    }
    if expected.is_some_and(|v| v != task.version) {
        return Err(AppError::version_mismatch());
    }
    tasks::archive(c, &actor, &Journal::new(&actor, now()), task)
}

/// Takes a case out of the library (administrators only, with a reason; on record in the task's
/// history and the audit log).
pub fn reopen(c: &mut DbConn, actor_id: &str, id: &str, reason: &str) -> AppResult<TaskDetail> {
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = load_for(c, &actor, id, TaskAction::View)?;
    if actor.role != Role::Admin {
        return Err(AppError::forbidden("only administrators take a case out of the library"));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::field("reason", "required", "say why the case is reopened"));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::field("reason", "too_long", format!("at most {MAX_REASON_CHARS} characters")));
    }
    let detail = tasks::unarchive(c, &actor, &Journal::new(&actor, now()), task, reason)?;
    crate::domain::audit::record(
        c,
        Some(&actor.id),
        AuditKind::CaseReopened,
        Some(("task", id)),
        json!({"reason": reason, "title": detail.summary.task.title}),
    )?;
    Ok(detail)
}

/// Archives the done top-level tasks marked done `archive_after_days` ago or earlier, a batch per
/// call (each in the caller's transaction; the reminder tick calls it every round). Several
/// processes may run it at once: a task another process archived first fails its version check
/// and is left to it.
pub(crate) fn archive_due(c: &mut DbConn, rules: &super::reminders::Rules, at: NaiveDateTime) -> AppResult<usize> {
    if rules.archive_after_days <= 0 {
        return Ok(0);
    }
    let before = at - Duration::days(rules.archive_after_days);
    let mut n = 0;
    for task in store::done_roots_before(c, before, 50)? {
        // On behalf of the owner, marked as automatic in the history.
        let owner = Actor { id: task.owner_id.clone(), role: Role::Member, department_id: None };
        match tasks::archive(c, &owner, &Journal::automatic(&owner, at), task) {
            Ok(_) => n += 1,
            Err(e) if e.code == crate::error::ErrorCode::VersionMismatch => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Sets a case's tags (its owner, a head of an involved department, or an administrator; also
/// before it is archived, once it is done). Tags are trimmed, deduplicated, at most
/// [`MAX_TAGS`] of at most [`MAX_TAG_CHARS`] characters.
pub fn set_tags(c: &mut DbConn, actor_id: &str, id: &str, tags: Vec<String>) -> AppResult<Vec<String>> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = load_for(c, &actor, id, TaskAction::View)?;
    if task.parent_id.is_some() {
        return Err(AppError::field("task_id", "not_top_level", "tags belong to the top-level task"));
    }
    if actor.role != Role::Admin && !rel.is_owner && !rel.heads_involved_department {
        return Err(AppError::forbidden(
            "the task's owner, the heads of its departments or an administrator tag a case",
        ));
    }
    if !matches!(task.status, Status::Done | Status::Archived) {
        return Err(AppError::field("task_id", "not_done", "a task is tagged for the library once it is done"));
    }
    let mut clean: Vec<String> = Vec::new();
    for t in tags {
        let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > MAX_TAG_CHARS {
            return Err(AppError::field("tags", "too_long", format!("a tag has at most {MAX_TAG_CHARS} characters")));
        }
        if !clean.iter().any(|c| c.to_lowercase() == t.to_lowercase()) {
            clean.push(t);
        }
    }
    if clean.len() > MAX_TAGS {
        return Err(AppError::field("tags", "too_many", format!("a case has at most {MAX_TAGS} tags")));
    }
    task_store::lock_task(c, &task.id)?;
    let old = store::tags_of(c, &[task.id.as_str()])?.remove(&task.id).unwrap_or_default();
    let mut sorted = clean.clone();
    sorted.sort();
    if old == sorted {
        return Ok(old);
    }
    let at = now();
    store::set_tags(c, &task.id, &clean, &actor.id, at)?;
    Journal::new(&actor, at).record(c, &task.id, HistoryField::Tags, Some(old.join(", ")), Some(sorted.join(", ")))?;
    crate::domain::live::task_changed(c, &task, TaskChange::Case, json!({}))?;
    Ok(sorted)
}

/// The summary of a task the caller may see (`None` when it has none).
pub fn summary(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<Option<SummaryView>> {
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = load_for(c, &actor, id, TaskAction::View)?;
    summary_of(c, &task)
}

pub(crate) fn summary_of(c: &mut DbConn, task: &TaskRow) -> AppResult<Option<SummaryView>> {
    let Some(row) = store::find_summary(c, &task.id)? else { return Ok(None) };
    let figures: Figures = serde_json::from_str(&row.figures).map_err(AppError::internal)?;
    let written_by_name =
        crate::db::orgs::user_names(c, &[row.written_by.as_str()])?.remove(&row.written_by).unwrap_or_default();
    let tags = store::tags_of(c, &[task.id.as_str()])?.remove(&task.id).unwrap_or_default();
    Ok(Some(SummaryView { row, figures, written_by_name, tags }))
}

/// The quarter a case belongs to (of the day it was marked done, in the company's time zone),
/// e.g. `2026-Q4`.
pub fn quarter_of(t: NaiveDateTime) -> String {
    super::search::quarter_of(t, super::reminders::rules().time_zone)
}

/// A quarter filter as clients send it (`2026-Q4`; blank is none), or a 422 naming `quarter`.
pub fn parse_quarter(raw: Option<&str>) -> AppResult<Option<String>> {
    let Some(q) = raw.map(str::trim).filter(|q| !q.is_empty()) else { return Ok(None) };
    let b = q.as_bytes();
    let ok =
        b.len() == 7 && b[..4].iter().all(u8::is_ascii_digit) && &b[4..6] == b"-Q" && (b'1'..=b'4').contains(&b[6]);
    if ok {
        Ok(Some(q.to_owned()))
    } else {
        Err(AppError::field("quarter", "invalid", "a quarter is written like 2026-Q4"))
    }
}

/// On time when marked done by the deadline.
pub fn outcome_of(task: &TaskRow) -> Option<CaseOutcome> {
    task.completed_at.map(|done| if done <= task.due_at { CaseOutcome::OnTime } else { CaseOutcome::Late })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, 0, 0)).expect("a valid time")
    }

    #[test]
    fn a_quarter_is_counted_in_the_company_time_zone() {
        // 2026-12-31 17:00 UTC is 2027-01-01 01:00 in Shanghai.
        assert_eq!(quarter_of(at(2026, 12, 31, 17)), "2027-Q1");
        assert_eq!(quarter_of(at(2026, 12, 31, 15)), "2026-Q4");
        assert_eq!(quarter_of(at(2026, 4, 1, 0)), "2026-Q2");
    }

    #[test]
    fn a_quarter_filter_is_four_digits_and_q1_to_q4_whatever_bytes_come() {
        assert_eq!(parse_quarter(Some(" 2026-Q4 ")).ok().flatten().as_deref(), Some("2026-Q4"));
        assert_eq!(parse_quarter(Some("")).ok().flatten(), None);
        for bad in ["2026-Q5", "2026Q4", "中中x-Q1", "2026-Q１"] {
            assert!(parse_quarter(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_summary_needs_its_outcome_and_bounds_every_part() {
        let err = SummaryInput { outcome: "  ".into(), ..Default::default() }.checked().expect_err("no outcome");
        assert!(format!("{err:?}").contains("outcome"));
        let long = "很".repeat(MAX_SUMMARY_CHARS + 1);
        let err =
            SummaryInput { outcome: "ok".into(), lessons: long, ..Default::default() }.checked().expect_err("too long");
        assert!(format!("{err:?}").contains("lessons"));
        let ok = SummaryInput { outcome: " 达成 ".into(), ..Default::default() }.checked().expect("valid");
        assert_eq!(ok.outcome, "达成");
    }
}
