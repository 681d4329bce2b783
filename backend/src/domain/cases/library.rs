//! The library (案例库): the cases a person may see, filtered by facets (department, scenario,
//! quarter, tag, outcome) with counts, a page at a time; and a case's page. Visibility is the
//! first filter: a case the caller may not see is neither listed nor counted in a facet.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;

use super::{outcome_of, quarter_of, summary_of, Figures, SummaryView};
use crate::db::cases as store;
use crate::db::orgs as org_store;
use crate::db::tasks::{self as task_store, MilestoneRow, TaskRow};
use crate::db::DbConn;
use crate::domain::comments::{self, CommentView};
use crate::domain::files::FileView;
use crate::domain::meetings::{self, MeetingView};
use crate::domain::paging::{parse_stamp, stamp};
use crate::domain::permissions::{can_task, TaskAction};
use crate::domain::tasks::{self, relations, TaskDetail, TaskSummary};
use crate::domain::{Actor, Role};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::values::{CaseOutcome, Scenario, Status};

/// The library's filters; `None` is "any".
#[derive(Debug, Clone, Default)]
pub struct CaseQuery {
    pub department_id: Option<String>,
    pub scenario: Option<Scenario>,
    /// e.g. `2026-Q4`.
    pub quarter: Option<String>,
    pub tag: Option<String>,
    pub outcome: Option<CaseOutcome>,
    /// The keyset position (archived at, id) to continue after.
    pub after: Option<(String, String)>,
    pub limit: i64,
}

/// A case as the library lists it.
#[derive(Debug, Clone)]
pub struct CaseCard {
    pub task: TaskSummary,
    pub quarter: String,
    pub outcome: Option<CaseOutcome>,
    pub tags: Vec<String>,
    /// The summary's outcome text (目标达成情况), when it has one.
    pub summary_outcome: Option<String>,
    pub days_late: Option<f64>,
}

/// One value of a facet: how many of the cases matching the other filters have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    /// A name to show (a department's name); the value itself for the others.
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, Default)]
pub struct CaseFacets {
    pub department: Vec<FacetCount>,
    pub scenario: Vec<FacetCount>,
    pub quarter: Vec<FacetCount>,
    pub tag: Vec<FacetCount>,
    pub outcome: Vec<FacetCount>,
}

pub struct CasePage {
    pub items: Vec<CaseCard>,
    /// Cases matching every filter.
    pub total: i64,
    pub facets: CaseFacets,
    pub next: Option<(String, String)>,
}

/// What a case is filtered by.
struct Facts {
    departments: Vec<String>,
    scenario: Scenario,
    quarter: String,
    tags: Vec<String>,
    outcome: Option<CaseOutcome>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dim {
    Department,
    Scenario,
    Quarter,
    Tag,
    Outcome,
}

impl CaseQuery {
    /// Whether a case passes every filter but `except`'s.
    fn admits(&self, f: &Facts, except: Option<Dim>) -> bool {
        let on = |d: Dim| except != Some(d);
        (!on(Dim::Department) || self.department_id.as_ref().is_none_or(|d| f.departments.contains(d)))
            && (!on(Dim::Scenario) || self.scenario.is_none_or(|s| s == f.scenario))
            && (!on(Dim::Quarter) || self.quarter.as_ref().is_none_or(|q| *q == f.quarter))
            && (!on(Dim::Tag) || self.tag.as_ref().is_none_or(|t| f.tags.iter().any(|x| x == t)))
            && (!on(Dim::Outcome) || self.outcome.is_none_or(|o| f.outcome == Some(o)))
    }
}

/// The archived top-level tasks `actor` may see, newest archived first.
fn visible_cases(c: &mut DbConn, actor: &Actor) -> AppResult<Vec<TaskRow>> {
    let all = store::archived_roots(c)?;
    if actor.role == Role::Admin {
        return Ok(all);
    }
    let refs: Vec<&TaskRow> = all.iter().collect();
    let rels = relations(c, actor, &refs)?;
    Ok(all.into_iter().filter(|t| rels.get(&t.id).is_some_and(|r| can_task(actor, r, TaskAction::View))).collect())
}

fn facts_of(c: &mut DbConn, cases: &[TaskRow]) -> AppResult<HashMap<String, Facts>> {
    let ids: Vec<&str> = cases.iter().map(|t| t.id.as_str()).collect();
    let mut depts = task_store::department_ids_of(c, &ids)?;
    let mut tags = store::tags_of(c, &ids)?;
    Ok(cases
        .iter()
        .map(|t| {
            let mut departments = depts.remove(&t.id).unwrap_or_default();
            if let Some(d) = &t.initiating_department_id {
                if !departments.contains(d) {
                    departments.push(d.clone());
                }
            }
            let facts = Facts {
                departments,
                scenario: t.scenario,
                quarter: quarter_of(t.completed_at.or(t.archived_at).unwrap_or(t.updated_at)),
                tags: tags.remove(&t.id).unwrap_or_default(),
                outcome: outcome_of(t),
            };
            (t.id.clone(), facts)
        })
        .collect())
}

fn count(values: impl Iterator<Item = String>) -> Vec<(String, i64)> {
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut out: Vec<(String, i64)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// A page of the library.
pub fn list(c: &mut DbConn, actor_id: &str, q: &CaseQuery) -> AppResult<CasePage> {
    let actor = Actor::load(c, actor_id)?;
    let cases = visible_cases(c, &actor)?;
    let facts = facts_of(c, &cases)?;
    let of = |t: &TaskRow| facts.get(&t.id);
    // Each facet counts the cases that pass the other filters (so choosing one department still
    // shows how many cases the others have).
    let pass = |dim: Dim| cases.iter().filter_map(of).filter(move |f| q.admits(f, Some(dim)));
    let plain = |v: Vec<(String, i64)>| {
        v.into_iter().map(|(value, count)| FacetCount { label: value.clone(), value, count }).collect::<Vec<_>>()
    };
    let dept_counts = count(pass(Dim::Department).flat_map(|f| f.departments.clone()));
    let dept_ids: Vec<&str> = dept_counts.iter().map(|(d, _)| d.as_str()).collect();
    let dept_names = org_store::department_names(c, &dept_ids)?;
    let facets = CaseFacets {
        department: dept_counts
            .iter()
            .map(|(d, n)| FacetCount {
                value: d.clone(),
                label: dept_names.get(d).cloned().unwrap_or_default(),
                count: *n,
            })
            .collect(),
        scenario: plain(count(pass(Dim::Scenario).map(|f| f.scenario.as_str().to_owned()))),
        quarter: {
            let mut v = plain(count(pass(Dim::Quarter).map(|f| f.quarter.clone())));
            v.sort_by(|a, b| b.value.cmp(&a.value));
            v
        },
        tag: plain(count(pass(Dim::Tag).flat_map(|f| f.tags.clone()))),
        outcome: plain(count(pass(Dim::Outcome).filter_map(|f| f.outcome.map(|o| o.as_str().to_owned())))),
    };
    let matching: Vec<&TaskRow> = cases.iter().filter(|t| of(t).is_some_and(|f| q.admits(f, None))).collect();
    let total = i64::try_from(matching.len()).unwrap_or(i64::MAX);
    let after = q.after.as_ref().map(|(at, id)| parse_stamp(at).map(|at| (at, id.clone()))).transpose()?;
    let key = |t: &TaskRow| (t.archived_at.unwrap_or(t.updated_at), t.id.clone());
    let limit = usize::try_from(q.limit.clamp(1, 100)).unwrap_or(20);
    let mut page: Vec<TaskRow> =
        matching.into_iter().filter(|t| after.as_ref().is_none_or(|a| key(t) < *a)).take(limit + 1).cloned().collect();
    let next = if page.len() > limit {
        page.truncate(limit);
        page.last().map(|t| {
            let (at, id) = key(t);
            (stamp(at), id)
        })
    } else {
        None
    };
    let ids: Vec<&str> = page.iter().map(|t| t.id.as_str()).collect();
    let summaries = store::summaries_of(c, &ids)?;
    let items = tasks::summaries(c, &actor, page)?
        .into_iter()
        .map(|s| {
            let f = of(&s.task);
            let summary = summaries.get(&s.task.id);
            CaseCard {
                quarter: f.map(|f| f.quarter.clone()).unwrap_or_default(),
                outcome: f.and_then(|f| f.outcome),
                tags: f.map(|f| f.tags.clone()).unwrap_or_default(),
                summary_outcome: summary.map(|r| r.outcome.clone()),
                days_late: summary
                    .and_then(|r| serde_json::from_str::<Figures>(&r.figures).ok())
                    .map(|fig| fig.days_late),
                task: s,
            }
        })
        .collect();
    Ok(CasePage { items, total, facets, next })
}

/// Tags used on cases the caller may see that start with (or contain) `prefix`, most used first.
pub fn tag_suggestions(c: &mut DbConn, actor_id: &str, prefix: &str, limit: usize) -> AppResult<Vec<FacetCount>> {
    let actor = Actor::load(c, actor_id)?;
    let cases = visible_cases(c, &actor)?;
    let ids: Vec<&str> = cases.iter().map(|t| t.id.as_str()).collect();
    let tags = store::tags_of(c, &ids)?;
    let needle = prefix.trim().to_lowercase();
    let mut counted = count(tags.into_values().flatten().filter(|t| t.to_lowercase().contains(&needle)));
    // Those that start with what was typed come first.
    counted.sort_by_key(|(t, _)| !t.to_lowercase().starts_with(&needle));
    Ok(counted
        .into_iter()
        .take(limit)
        .map(|(value, count)| FacetCount { label: value.clone(), value, count })
        .collect())
}

/// One step of a case's timeline.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub at: NaiveDateTime,
    pub kind: TimelineKind,
    pub title: String,
    /// The department a subtask counted for; what handed over to whom for a hand-off.
    pub detail: Option<String>,
    /// When it was planned (a milestone's or subtask's deadline).
    pub planned: Option<NaiveDateTime>,
    pub on_time: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineKind {
    Started,
    Milestone,
    Subtask,
    Handoff,
    Completed,
}

/// Everything a case's page shows.
pub struct CaseView {
    pub task: TaskDetail,
    pub summary: Option<SummaryView>,
    pub tags: Vec<String>,
    pub quarter: String,
    pub outcome: Option<CaseOutcome>,
    pub timeline: Vec<TimelineEntry>,
    /// The latest versions of the files of the case's tasks the caller may read, with the task.
    pub files: Vec<(String, FileView)>,
    pub pinned: Vec<CommentView>,
    /// Meetings of the case's tasks that recorded decisions.
    pub decisions: Vec<MeetingView>,
    pub can_tag: bool,
    pub can_reopen: bool,
    /// The ids of the case's tasks the caller may see (the case first).
    pub visible: Vec<String>,
}

/// A case's page (an archived top-level task the caller may see).
pub fn get(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<CaseView> {
    let actor = Actor::load(c, actor_id)?;
    let detail = tasks::get_task(c, actor_id, id)?;
    let root = detail.summary.task.clone();
    if root.status != Status::Archived || root.parent_id.is_some() {
        return Err(AppError::not_found("case"));
    }
    let rel = tasks::relation(c, &actor, &root)?;
    let summary = summary_of(c, &root)?;
    let tags = store::tags_of(c, &[root.id.as_str()])?.remove(&root.id).unwrap_or_default();
    // The tree's tasks the caller may see, the case first.
    let below = task_store::descendants_of_root(c, &root.id)?;
    let refs: Vec<&TaskRow> = below.iter().collect();
    let rels = relations(c, &actor, &refs)?;
    let mut seen: Vec<&TaskRow> = vec![&root];
    seen.extend(below.iter().filter(|t| rels.get(&t.id).is_some_and(|r| can_task(&actor, r, TaskAction::View))));
    let mut files = Vec::new();
    let mut pinned = Vec::new();
    let mut decisions = Vec::new();
    for t in &seen {
        for f in crate::domain::files::list(c, actor_id, &t.id, false, None, 200)?.items {
            files.push((t.title.clone(), f));
        }
        pinned.extend(comments::pinned(c, actor_id, &t.id)?);
        decisions.extend(
            meetings::list_for_task(c, actor_id, &t.id)?.into_iter().filter(|m| !m.row.decisions.trim().is_empty()),
        );
    }
    decisions.sort_by_key(|m| m.row.starts_at);
    let timeline = timeline(c, &root, &seen, &detail.milestones, summary.as_ref().map(|s| &s.figures))?;
    let visible = seen.iter().map(|t| t.id.clone()).collect();
    Ok(CaseView {
        visible,
        quarter: quarter_of(root.completed_at.or(root.archived_at).unwrap_or(root.updated_at)),
        outcome: outcome_of(&root),
        can_tag: actor.role == Role::Admin || rel.is_owner || rel.heads_involved_department,
        can_reopen: actor.role == Role::Admin,
        task: detail,
        summary,
        tags,
        timeline,
        files,
        pinned,
        decisions,
    })
}

/// The case's milestones, finished subtasks and hand-offs in time order, between its start and
/// its completion.
fn timeline(
    c: &mut DbConn,
    root: &TaskRow,
    seen: &[&TaskRow],
    milestones: &[MilestoneRow],
    figures: Option<&Figures>,
) -> AppResult<Vec<TimelineEntry>> {
    let mut out = vec![TimelineEntry {
        at: root.published_at.unwrap_or(root.start_at),
        kind: TimelineKind::Started,
        title: root.title.clone(),
        detail: None,
        planned: Some(root.start_at),
        on_time: None,
    }];
    for m in milestones {
        out.push(TimelineEntry {
            at: m.done_at.unwrap_or(m.due_at),
            kind: TimelineKind::Milestone,
            title: m.name.clone(),
            detail: None,
            planned: Some(m.due_at),
            on_time: m.done_at.map(|d| d <= m.due_at),
        });
    }
    let subtasks: Vec<&&TaskRow> = seen.iter().filter(|t| t.parent_id.is_some()).collect();
    let ids: Vec<&str> = subtasks.iter().map(|t| t.id.as_str()).collect();
    let depts = task_store::department_ids_of(c, &ids)?;
    let dept_ids: Vec<&str> = depts.values().flatten().map(String::as_str).collect();
    let names = org_store::department_names(c, &dept_ids)?;
    for t in subtasks {
        let Some(done) = t.completed_at else { continue };
        out.push(TimelineEntry {
            at: done,
            kind: TimelineKind::Subtask,
            title: t.title.clone(),
            detail: depts.get(&t.id).and_then(|d| d.first()).and_then(|d| names.get(d).cloned()),
            planned: Some(t.due_at),
            on_time: Some(done <= t.due_at),
        });
    }
    // Hand-offs between tasks the caller may see only (a title is not hinted at otherwise).
    let visible: Vec<&str> = seen.iter().map(|t| t.id.as_str()).collect();
    for h in figures.map(|f| f.handoffs.as_slice()).unwrap_or_default() {
        if !visible.contains(&h.from_task_id.as_str()) || !visible.contains(&h.to_task_id.as_str()) {
            continue;
        }
        let Some(done) = seen.iter().find(|t| t.id == h.from_task_id).and_then(|t| t.completed_at) else { continue };
        out.push(TimelineEntry {
            at: done,
            kind: TimelineKind::Handoff,
            title: format!("{} → {}", h.from_title, h.to_title),
            detail: Some(format!("{}", h.wait_hours)),
            planned: None,
            on_time: None,
        });
    }
    if let Some(done) = root.completed_at {
        out.push(TimelineEntry {
            at: done,
            kind: TimelineKind::Completed,
            title: root.title.clone(),
            detail: None,
            planned: Some(root.due_at),
            on_time: Some(done <= root.due_at),
        });
    }
    out.sort_by_key(|e| e.at);
    Ok(out)
}

/// The ids of the tasks of `root_id`'s tree the caller may see (the root included when visible).
pub fn visible_tree(c: &mut DbConn, actor_id: &str, root_id: &str) -> AppResult<Vec<String>> {
    let actor = Actor::load(c, actor_id)?;
    let mut all = task_store::descendants_of_root(c, root_id)?;
    all.extend(task_store::find_task(c, root_id)?);
    let refs: Vec<&TaskRow> = all.iter().collect();
    let rels = relations(c, &actor, &refs)?;
    Ok(all
        .iter()
        .filter(|t| rels.get(&t.id).is_some_and(|r| can_task(&actor, r, TaskAction::View)))
        .map(|t| t.id.clone())
        .collect())
}

/// A case the caller may see, for reuse.
pub(super) fn visible_case(c: &mut DbConn, actor: &Actor, id: &str) -> AppResult<TaskRow> {
    let task = task_store::find_task(c, id)?.ok_or_else(|| AppError::not_found("case"))?;
    let rel = tasks::relation(c, actor, &task)?;
    if !can_task(actor, &rel, TaskAction::View) || task.status != Status::Archived || task.parent_id.is_some() {
        return Err(AppError::new(ErrorCode::NotFound, "case not found"));
    }
    Ok(task)
}
