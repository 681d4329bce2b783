//! Dependencies: a successor waits for its predecessors. Adding an edge that would close a
//! cycle is refused with the cycle named; a successor whose predecessors are not satisfied is
//! blocked (等待前置任务) and cannot start unless its owner forces it with a reason; when the
//! last predecessor is satisfied, the successor's owner hears "你可以开始了".

use std::collections::{HashMap, HashSet, VecDeque};

use super::journal::Journal;
use super::permissions::TaskAction;
use super::tasks::{load_for, touch};
use super::Actor;
use crate::db::dependencies::{self as store, DependencyRow};
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::values::{DependencyKind, HistoryField, Status};

/// An edge with the task at its other end.
#[derive(Debug, Clone)]
pub struct DependencyView {
    pub row: DependencyRow,
    /// The predecessor (for edges into a task) or the successor (for edges out of it).
    pub other: TaskRow,
    /// Whether the edge is satisfied now.
    pub satisfied: bool,
}

fn finished(status: Status) -> bool {
    !status.is_open()
}

pub(crate) fn started(status: Status) -> bool {
    matches!(status, Status::InProgress | Status::PendingReview) || finished(status)
}

/// Whether an edge lets its successor start (finish-to-finish never holds a start back).
pub(crate) fn allows_start(kind: DependencyKind, predecessor_status: Status) -> bool {
    match kind {
        DependencyKind::FinishToStart => finished(predecessor_status),
        DependencyKind::StartToStart => started(predecessor_status),
        DependencyKind::FinishToFinish => true,
    }
}

/// Whether an edge lets its successor finish.
fn allows_finish(kind: DependencyKind, predecessor_status: Status) -> bool {
    match kind {
        DependencyKind::FinishToFinish | DependencyKind::FinishToStart => finished(predecessor_status),
        DependencyKind::StartToStart => true,
    }
}

fn predecessors(c: &mut DbConn, task_id: &str) -> AppResult<Vec<(DependencyRow, TaskRow)>> {
    let mut out = Vec::new();
    for row in store::predecessors_of(c, task_id)? {
        if let Some(p) = task_store::find_task(c, &row.predecessor_id)? {
            out.push((row, p));
        }
    }
    Ok(out)
}

/// The predecessors that keep a task from starting now.
pub fn waiting_to_start(c: &mut DbConn, task_id: &str) -> AppResult<Vec<TaskRow>> {
    Ok(predecessors(c, task_id)?.into_iter().filter(|(e, p)| !allows_start(e.kind, p.status)).map(|(_, p)| p).collect())
}

/// The predecessors that keep a task from finishing now.
pub fn waiting_to_finish(c: &mut DbConn, task_id: &str) -> AppResult<Vec<TaskRow>> {
    Ok(predecessors(c, task_id)?
        .into_iter()
        .filter(|(e, p)| !allows_finish(e.kind, p.status))
        .map(|(_, p)| p)
        .collect())
}

/// Refuses a move to `to` while predecessors hold it back, unless forced with a reason (which
/// goes into the history).
pub(crate) fn check_move(
    c: &mut DbConn,
    journal: &Journal,
    task: &TaskRow,
    to: Status,
    force_reason: Option<&str>,
) -> AppResult<()> {
    let waiting = match to {
        Status::InProgress if !started(task.status) => waiting_to_start(c, &task.id)?,
        Status::Done => waiting_to_finish(c, &task.id)?,
        _ => return Ok(()),
    };
    if waiting.is_empty() {
        return Ok(());
    }
    if let Some(reason) = force_reason.map(str::trim).filter(|r| !r.is_empty()) {
        let refs: Vec<&TaskRow> = waiting.iter().collect();
        journal.record(
            c,
            &task.id,
            HistoryField::ForcedStart,
            Some(super::tasks::task_refs(&refs)),
            Some(reason.to_owned()),
        )?;
        return Ok(());
    }
    // Predecessors in trees the actor may not see are counted, not named.
    let actor = journal.actor();
    let mut named = Vec::new();
    let mut ids = Vec::new();
    let mut hidden = 0;
    for t in &waiting {
        if super::tasks::reads_title(c, actor, t)? {
            named.push(format!("{} ({})", t.title, t.status.as_str()));
            ids.push(t.id.as_str());
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        named.push(format!("{hidden} task(s) you cannot see"));
    }
    Err(AppError::new(
        ErrorCode::TaskBlocked,
        format!("the task waits for: {}; send force_reason to start anyway", named.join(", ")),
    )
    .with_allowed(ids))
}

/// After `task` moved from `old_status`, the successors whose last unsatisfied predecessor it
/// was, and which have not started: their owners may begin now.
pub(crate) fn newly_unblocked(c: &mut DbConn, task: &TaskRow, old_status: Status) -> AppResult<Vec<TaskRow>> {
    let mut out = Vec::new();
    for edge in store::successors_of(c, &task.id)? {
        if allows_start(edge.kind, old_status) || !allows_start(edge.kind, task.status) {
            continue;
        }
        let Some(successor) = task_store::find_task(c, &edge.successor_id)? else { continue };
        if started(successor.status) || successor.status == Status::Draft {
            continue;
        }
        if waiting_to_start(c, &successor.id)?.is_empty() {
            out.push(successor);
        }
    }
    Ok(out)
}

/// The path from `from` (in the tree of `from_root`) to `to` along dependency edges and from
/// tasks to their subtasks, if there is one (breadth-first). The links are loaded a tree at a
/// time, when the walk first enters it, so a deep graph costs one query per tree, not per level.
fn path(c: &mut DbConn, from: &str, from_root: &str, to: &str) -> AppResult<Option<Vec<String>>> {
    // Ids are interned to indices once; the walk itself runs on integers.
    let mut ids: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut intern = |id: String, ids: &mut Vec<String>| -> usize {
        *index.entry(id).or_insert_with_key(|k| {
            ids.push(k.clone());
            ids.len() - 1
        })
    };
    let start = intern(from.to_owned(), &mut ids);
    let goal = intern(to.to_owned(), &mut ids);
    let mut roots: Vec<String> = Vec::new();
    let mut root_index: HashMap<String, usize> = HashMap::new();
    let mut root_of: HashMap<usize, usize> = HashMap::from([(start, 0)]);
    roots.push(from_root.to_owned());
    root_index.insert(from_root.to_owned(), 0);
    let mut loaded: HashSet<usize> = HashSet::new();
    let mut links: Vec<Vec<usize>> = Vec::new();
    let mut came_from: HashMap<usize, usize> = HashMap::new();
    let mut seen: HashSet<usize> = HashSet::from([start]);
    let mut frontier: VecDeque<usize> = VecDeque::from([start]);
    while let Some(node) = frontier.pop_front() {
        if let Some(&root) = root_of.get(&node) {
            if loaded.insert(root) {
                for (p, s, s_root) in store::links_of_tree(c, &roots[root])? {
                    let (p, s) = (intern(p, &mut ids), intern(s, &mut ids));
                    let r = *root_index.entry(s_root).or_insert_with_key(|k| {
                        roots.push(k.clone());
                        roots.len() - 1
                    });
                    root_of.entry(s).or_insert(r);
                    if links.len() <= p.max(s) {
                        links.resize(p.max(s) + 1, Vec::new());
                    }
                    links[p].push(s);
                }
            }
        }
        for &next in links.get(node).map(Vec::as_slice).unwrap_or_default() {
            if !seen.insert(next) {
                continue;
            }
            came_from.insert(next, node);
            if next == goal {
                let mut path = vec![next];
                let mut cur = next;
                while let Some(&prev) = came_from.get(&cur) {
                    path.push(prev);
                    cur = prev;
                }
                return Ok(Some(path.into_iter().rev().map(|i| ids[i].clone()).collect()));
            }
            frontier.push_back(next);
        }
    }
    Ok(None)
}

/// Makes `successor_id` wait for `predecessor_id`.
pub fn add(
    c: &mut DbConn,
    actor_id: &str,
    successor_id: &str,
    predecessor_id: &str,
    kind: DependencyKind,
    lag_days: i32,
) -> AppResult<DependencyView> {
    let actor = Actor::load(c, actor_id)?;
    let (successor, _) = load_for(c, &actor, successor_id, TaskAction::Edit)?;
    if successor_id == predecessor_id {
        return Err(AppError::field("predecessor_id", "self", "a task cannot wait for itself"));
    }
    let (predecessor, _) = load_for(c, &actor, predecessor_id, TaskAction::View).map_err(|e| {
        if e.code == ErrorCode::NotFound {
            AppError::field("predecessor_id", "not_found", "no such task")
        } else {
            e
        }
    })?;
    super::schedule::check_not_nested(c, predecessor_id, successor_id)?;
    if store::exists(c, predecessor_id, successor_id)? {
        return Err(AppError::conflict("this dependency exists already"));
    }
    // The new edge predecessor → successor closes a cycle when the successor already leads to
    // the predecessor.
    if let Some(mut cycle) =
        crate::metrics::timed("cycle_check", || path(c, successor_id, &successor.root_id, predecessor_id))?
    {
        cycle.insert(0, predecessor_id.to_owned());
        // The cycle may pass through tasks the actor may not see: those are neither named nor
        // listed.
        let mut titles = Vec::new();
        let mut ids = Vec::new();
        for id in &cycle {
            match task_store::find_task(c, id)? {
                Some(t) if super::tasks::reads_title(c, &actor, &t)? => {
                    titles.push(t.title);
                    ids.push(id.as_str());
                }
                _ => titles.push("(a task you cannot see)".to_owned()),
            }
        }
        return Err(AppError::new(
            ErrorCode::DependencyCycle,
            format!("this would make a cycle: {}", titles.join(" → ")),
        )
        .with_allowed(ids));
    }
    let at = now();
    let row = DependencyRow {
        id: new_id(),
        predecessor_id: predecessor_id.to_owned(),
        successor_id: successor_id.to_owned(),
        kind,
        lag_days,
        created_by: actor.id.clone(),
        created_at: at,
        predecessor_root_id: predecessor.root_id.clone(),
        successor_root_id: successor.root_id.clone(),
    };
    store::insert(c, &row)?;
    let journal = Journal::new(&actor, at);
    journal.record(
        c,
        successor_id,
        HistoryField::DependencyAdded,
        None,
        Some(super::tasks::task_refs(&[&predecessor])),
    )?;
    touch(c, &successor, at)?;
    super::schedule::refresh(c, &journal, &[&successor.root_id])?;
    let satisfied = allows_start(row.kind, predecessor.status);
    Ok(DependencyView { row, other: predecessor, satisfied })
}

/// Removes one of the task's dependencies.
pub fn remove(c: &mut DbConn, actor_id: &str, successor_id: &str, dependency_id: &str) -> AppResult<()> {
    let actor = Actor::load(c, actor_id)?;
    let (successor, _) = load_for(c, &actor, successor_id, TaskAction::Edit)?;
    let row = store::find(c, dependency_id)?
        .filter(|d| d.successor_id == successor_id)
        .ok_or_else(|| AppError::not_found("dependency"))?;
    let predecessor = task_store::find_task(c, &row.predecessor_id)?;
    store::delete(c, dependency_id)?;
    let at = now();
    let journal = Journal::new(&actor, at);
    journal.record(
        c,
        successor_id,
        HistoryField::DependencyRemoved,
        predecessor.as_ref().map(|p| super::tasks::task_refs(&[p])),
        None,
    )?;
    touch(c, &successor, at)?;
    super::schedule::refresh(c, &journal, &[&successor.root_id])
}

/// The edges into and out of a task, for its page.
pub fn of_task(c: &mut DbConn, task_id: &str) -> AppResult<(Vec<DependencyView>, Vec<DependencyView>)> {
    let into = predecessors(c, task_id)?
        .into_iter()
        .map(|(row, other)| DependencyView { satisfied: allows_start(row.kind, other.status), row, other })
        .collect();
    let mut out = Vec::new();
    for row in store::successors_of(c, task_id)? {
        if let Some(other) = task_store::find_task(c, &row.successor_id)? {
            out.push(DependencyView { satisfied: true, row, other });
        }
    }
    Ok((into, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> DependencyKind {
        s.parse().expect("a dependency kind")
    }

    fn st(s: &str) -> Status {
        s.parse().expect("a status")
    }

    #[test]
    fn which_edges_hold_a_task_back() {
        assert!(!allows_start(k("finish_to_start"), st("in_progress")));
        assert!(allows_start(k("finish_to_start"), st("done")));
        assert!(allows_start(k("finish_to_start"), st("cancelled")), "a cancelled predecessor holds nothing back");
        assert!(!allows_start(k("start_to_start"), st("published")));
        assert!(allows_start(k("start_to_start"), st("in_progress")));
        assert!(allows_start(k("finish_to_finish"), st("draft")), "finish-to-finish never holds a start back");
        assert!(!allows_finish(k("finish_to_finish"), st("in_progress")));
        assert!(allows_finish(k("start_to_start"), st("published")));
    }
}
