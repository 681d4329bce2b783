//! The schedule of a dependency graph (critical path method).
//!
//! Every task of a top-level task's tree is a node with its planned start and due date; its
//! duration is the difference. Dependencies constrain the earliest start of their successor:
//! finish-to-start `ES ≥ EF(p) + lag`, start-to-start `ES ≥ ES(p) + lag`, finish-to-finish
//! `EF ≥ EF(p) + lag`; a subtask cannot start before the task above it (`ES ≥ ES(parent)`).
//! A finished task's finish is when it was completed; cancelled tasks hold nothing back.
//!
//! The forward pass gives every node its earliest start and finish; the backward pass, over the
//! subtasks (the top-level task itself is the container, not a step), gives the latest start
//! and finish that do not delay the last subtask, and the slack between the two. Zero slack is
//! critical; the critical path is the chain of critical nodes that drives the last finish.
//!
//! A task whose earliest start is later than its planned start is at risk: it cannot start on
//! time any more. The schedule of every tree that has dependencies is stored, so a
//! recalculation that moves nothing announces nothing, and one that moves a task's earliest
//! start again announces it again (once per change). Predecessors in other trees contribute
//! their stored schedule; a change that moves a tree's dates recalculates the trees that wait
//! for it.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, NaiveDateTime};

use super::dependencies::{allows_start, started};
use super::journal::{rfc3339, Journal};
use super::permissions::{can_task, TaskAction};
use super::tasks::{load_for, relation, user_names};
use super::Actor;
use crate::db::schedule::{self as store, EdgeRow, NodeRow, ScheduleRow};
use crate::db::tasks as task_store;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::values::{DependencyKind, EventKind, HistoryField, Status};

const DAY: i64 = 86_400;

/// Seconds since the epoch (the arithmetic of the passes).
fn secs(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

fn at(s: i64) -> NaiveDateTime {
    DateTime::from_timestamp(s, 0).map(|d| d.naive_utc()).unwrap_or_default()
}

/// The computed times of one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    pub earliest_start: NaiveDateTime,
    pub earliest_finish: NaiveDateTime,
    /// Only for the subtasks (the nodes of the backward pass).
    pub latest_start: Option<NaiveDateTime>,
    pub latest_finish: Option<NaiveDateTime>,
    pub slack_seconds: Option<i64>,
    pub critical: bool,
    /// Not started, and its earliest start is after its planned start.
    pub at_risk: bool,
}

/// The schedule of one tree.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    /// Per node, in the order of the nodes given to `compute`.
    pub times: Vec<Times>,
    /// Ids in order, from the first task to the one that finishes last.
    pub critical_path: Vec<String>,
    /// Per edge, in the order of the edges given to `compute`: both ends are critical and the
    /// edge drives its successor's earliest start.
    pub critical_edges: Vec<bool>,
    /// The earliest finish of the last subtask.
    pub finish: Option<NaiveDateTime>,
}

/// Where an edge's predecessor stands, for edges coming from outside the tree.
#[derive(Debug, Clone, Copy)]
pub struct Outside {
    pub earliest_start: NaiveDateTime,
    pub earliest_finish: NaiveDateTime,
    pub cancelled: bool,
}

fn is_finished(status: Status) -> bool {
    matches!(status, Status::Done | Status::Archived)
}

/// Runs the forward and backward passes over the tree `nodes` (`root_id` is its top-level task).
/// Edges whose ends are neither in the tree nor (for predecessors) in `outside` are ignored.
pub fn compute(root_id: &str, nodes: &[NodeRow], edges: &[EdgeRow], outside: &HashMap<String, Outside>) -> Schedule {
    let n = nodes.len();
    let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    let cancelled: Vec<bool> = nodes.iter().map(|t| t.status == Status::Cancelled).collect();
    let dur: Vec<i64> = nodes.iter().map(|t| (secs(t.due_at) - secs(t.start_at)).max(0)).collect();
    let kind_of = |e: &EdgeRow| e.kind;
    // Constraints into each node: (from, kind, lag), where `from` is a tree index or an
    // outside predecessor; the parent link is start-to-start without lag.
    enum From<'a> {
        Inside(usize),
        Outside(&'a Outside),
    }
    let mut into: Vec<Vec<(From<'_>, DependencyKind, i64)>> = (0..n).map(|_| Vec::new()).collect();
    let mut out: Vec<Vec<(usize, DependencyKind, i64)>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    let mut has_children = vec![false; n];
    for (i, t) in nodes.iter().enumerate() {
        if let Some(p) = t.parent_id.as_deref().and_then(|p| index.get(p)) {
            into[i].push((From::Inside(*p), DependencyKind::StartToStart, 0));
            out[*p].push((i, DependencyKind::StartToStart, 0));
            indegree[i] += 1;
            has_children[*p] = true;
        }
    }
    for e in edges {
        let Some(&s) = index.get(e.successor_id.as_str()) else { continue };
        let lag = i64::from(e.lag_days) * DAY;
        if let Some(&p) = index.get(e.predecessor_id.as_str()) {
            if cancelled[p] || cancelled[s] {
                continue;
            }
            into[s].push((From::Inside(p), kind_of(e), lag));
            out[p].push((s, kind_of(e), lag));
            indegree[s] += 1;
        } else if let Some(o) = outside.get(&e.predecessor_id).filter(|o| !o.cancelled && !cancelled[s]) {
            into[s].push((From::Outside(o), kind_of(e), lag));
        }
    }
    // Topological order (Kahn); the graph is acyclic by construction, and a node caught in a
    // cycle anyway keeps its planned dates.
    let mut order = Vec::with_capacity(n);
    let mut queue: VecDeque<usize> = (0..n).filter(|i| indegree[*i] == 0).collect();
    let mut remaining = indegree.clone();
    while let Some(i) = queue.pop_front() {
        order.push(i);
        for (s, _, _) in &out[i] {
            remaining[*s] -= 1;
            if remaining[*s] == 0 {
                queue.push_back(*s);
            }
        }
    }
    let mut es: Vec<i64> = nodes.iter().map(|t| secs(t.start_at)).collect();
    let mut ef: Vec<i64> = nodes.iter().map(|t| secs(t.due_at)).collect();
    let bound = |from: &From<'_>, kind: DependencyKind, lag: i64, d: i64, es: &[i64], ef: &[i64]| -> i64 {
        let (p_es, p_ef) = match from {
            From::Inside(p) => (es[*p], ef[*p]),
            From::Outside(o) => (secs(o.earliest_start), secs(o.earliest_finish)),
        };
        match kind {
            DependencyKind::FinishToStart => p_ef + lag,
            DependencyKind::StartToStart => p_es + lag,
            DependencyKind::FinishToFinish => p_ef + lag - d,
        }
    };
    for &i in &order {
        let t = &nodes[i];
        if let (true, Some(done)) = (is_finished(t.status), t.completed_at) {
            es[i] = secs(t.start_at).min(secs(done));
            ef[i] = secs(done);
            continue;
        }
        if cancelled[i] {
            continue;
        }
        let mut start = secs(t.start_at);
        for (from, kind, lag) in &into[i] {
            start = start.max(bound(from, *kind, *lag, dur[i], &es, &ef));
        }
        es[i] = start;
        ef[i] = start + dur[i];
    }
    // The backward pass runs over the subtasks; the top-level task is the container.
    let root = index.get(root_id).copied();
    let in_network: Vec<bool> =
        (0..n).map(|i| !cancelled[i] && remaining[i] == 0 && !(Some(i) == root && has_children[i])).collect();
    let finish = (0..n).filter(|i| in_network[*i]).map(|i| ef[i]).max();
    let mut lf = vec![i64::MAX; n];
    let mut ls = vec![i64::MAX; n];
    if let Some(finish) = finish {
        for &i in order.iter().rev() {
            if !in_network[i] {
                continue;
            }
            let mut latest = finish;
            for (s, kind, lag) in &out[i] {
                if !in_network[*s] {
                    continue;
                }
                let limit = match kind {
                    DependencyKind::FinishToStart => ls[*s] - lag,
                    DependencyKind::StartToStart => ls[*s] - lag + dur[i],
                    DependencyKind::FinishToFinish => lf[*s] - lag,
                };
                latest = latest.min(limit);
            }
            lf[i] = latest;
            ls[i] = latest - (ef[i] - es[i]);
        }
    }
    let slack = |i: usize| in_network[i].then(|| ls[i] - es[i]);
    let critical: Vec<bool> = (0..n).map(|i| slack(i).is_some_and(|s| s <= 0)).collect();
    // The critical path: from the critical node that finishes last, back through the
    // predecessors that drive it (their bound equals its earliest start).
    // An edge is critical when both ends are and it drives its successor's earliest start.
    let critical_edges: Vec<bool> = edges
        .iter()
        .map(|e| {
            let (Some(&p), Some(&s)) = (index.get(e.predecessor_id.as_str()), index.get(e.successor_id.as_str()))
            else {
                return false;
            };
            let lag = i64::from(e.lag_days) * DAY;
            critical[p]
                && critical[s]
                && !cancelled[p]
                && bound(&From::Inside(p), kind_of(e), lag, dur[s], &es, &ef) == es[s]
        })
        .collect();
    let mut critical_path = Vec::new();
    let last = (0..n).filter(|i| critical[*i] && Some(ef[*i]) == finish).min_by_key(|i| (es[*i], *i));
    if let Some(mut cur) = last {
        let mut seen = HashSet::new();
        loop {
            critical_path.push(nodes[cur].id.clone());
            seen.insert(cur);
            let driver = into[cur]
                .iter()
                .filter_map(|(from, kind, lag)| match from {
                    From::Inside(p) if critical[*p] && !seen.contains(p) => {
                        (bound(from, *kind, *lag, dur[cur], &es, &ef) == es[cur]).then_some(*p)
                    }
                    _ => None,
                })
                .max_by_key(|p| (ef[*p], std::cmp::Reverse(*p)));
            match driver {
                Some(p) => cur = p,
                None => break,
            }
        }
        critical_path.reverse();
    }
    let times = (0..n)
        .map(|i| {
            let t = &nodes[i];
            let not_started = !started(t.status) && !cancelled[i];
            Times {
                earliest_start: at(es[i]),
                earliest_finish: at(ef[i]),
                latest_start: in_network[i].then(|| at(ls[i])),
                latest_finish: in_network[i].then(|| at(lf[i])),
                slack_seconds: slack(i),
                critical: critical[i],
                at_risk: not_started && es[i] > secs(t.start_at),
            }
        })
        .collect();
    Schedule { times, critical_path, critical_edges, finish: finish.map(at) }
}

/// A tree with everything its schedule depends on.
pub struct Plan {
    pub root_id: String,
    pub nodes: Vec<NodeRow>,
    pub edges: Vec<EdgeRow>,
    /// The tasks at the other end of edges that leave the tree.
    pub outside: HashMap<String, NodeRow>,
    pub schedule: Schedule,
}

/// Loads a tree, its edges and what its outside predecessors are known to do, and computes it.
pub fn plan(c: &mut DbConn, root_id: &str) -> AppResult<Plan> {
    crate::metrics::timed("critical_path", || plan_untimed(c, root_id))
}

fn plan_untimed(c: &mut DbConn, root_id: &str) -> AppResult<Plan> {
    let nodes = store::tree(c, root_id)?;
    let edges = store::edges_of_tree(c, root_id)?;
    let inside: HashSet<&str> = nodes.iter().map(|t| t.id.as_str()).collect();
    let mut other: Vec<String> = edges
        .iter()
        .flat_map(|e| [&e.predecessor_id, &e.successor_id])
        .filter(|id| !inside.contains(id.as_str()))
        .cloned()
        .collect();
    other.sort();
    other.dedup();
    let outside: HashMap<String, NodeRow> = store::nodes(c, &other)?.into_iter().map(|t| (t.id.clone(), t)).collect();
    let stored: HashMap<String, ScheduleRow> =
        store::of_tasks(c, &other)?.into_iter().map(|r| (r.task_id.clone(), r)).collect();
    let known: HashMap<String, Outside> = outside
        .values()
        .map(|t| {
            let (s, f) = match (stored.get(&t.id), is_finished(t.status), t.completed_at) {
                (_, true, Some(done)) => (t.start_at.min(done), done),
                (Some(r), _, _) => (r.earliest_start, r.earliest_finish),
                _ => (t.start_at, t.due_at),
            };
            let outside = Outside { earliest_start: s, earliest_finish: f, cancelled: t.status == Status::Cancelled };
            (t.id.clone(), outside)
        })
        .collect();
    let schedule = crate::metrics::timed("critical_path_compute", || compute(root_id, &nodes, &edges, &known));
    Ok(Plan { root_id: root_id.to_owned(), nodes, edges, outside, schedule })
}

/// Recalculates the trees of `root_ids` after a change, stores what moved, flags the tasks
/// that can no longer start on time (telling their owner and the owner of the top-level task,
/// once per change) and clears the flags that no longer hold. Trees that wait for a tree whose
/// dates moved are recalculated too.
pub(crate) fn refresh(c: &mut DbConn, journal: &Journal, root_ids: &[&str]) -> AppResult<()> {
    let mut queue: VecDeque<String> = VecDeque::new();
    for root in root_ids {
        if store::in_graph(c, root)? {
            queue.push_back((*root).to_owned());
        }
    }
    if queue.is_empty() {
        return Ok(());
    }
    store::lock_all(c)?;
    let mut rounds = 0;
    while let Some(root_id) = queue.pop_front() {
        rounds += 1;
        if rounds > 10_000 {
            return Err(AppError::internal("the schedule does not settle"));
        }
        let stored: HashMap<String, ScheduleRow> =
            store::of_root(c, &root_id)?.into_iter().map(|r| (r.task_id.clone(), r)).collect();
        let plan = plan(c, &root_id)?;
        let inside: HashSet<&str> = plan.nodes.iter().map(|t| t.id.as_str()).collect();
        let live = |id: &String| inside.contains(id.as_str()) || plan.outside.contains_key(id);
        let live_edges = plan.edges.iter().any(|e| live(&e.predecessor_id) && live(&e.successor_id));
        let root_owner = plan.nodes.iter().find(|t| t.id == root_id).map(|t| t.owner_id.as_str());
        let now = journal.at();
        let mut moved = false;
        let mut save = Vec::new();
        if live_edges {
            for (t, times) in plan.nodes.iter().zip(&plan.schedule.times) {
                let row = ScheduleRow {
                    task_id: t.id.clone(),
                    root_id: root_id.clone(),
                    earliest_start: times.earliest_start,
                    earliest_finish: times.earliest_finish,
                    at_risk: times.at_risk,
                    updated_at: now,
                    critical: times.critical && t.id != root_id,
                };
                let before = stored.get(&t.id);
                let same = before.is_some_and(|b| {
                    b.earliest_start == row.earliest_start
                        && b.earliest_finish == row.earliest_finish
                        && b.at_risk == row.at_risk
                        && b.critical == row.critical
                });
                if same {
                    continue;
                }
                moved |= before
                    .is_none_or(|b| b.earliest_finish != row.earliest_finish || b.earliest_start != row.earliest_start);
                announce(c, journal, t, root_owner, before, &row)?;
                save.push(row);
            }
        }
        let gone: Vec<String> =
            stored.keys().filter(|id| !live_edges || !inside.contains(id.as_str())).cloned().collect();
        if !live_edges {
            for t in &plan.nodes {
                if let Some(before) = stored.get(&t.id).filter(|b| b.at_risk) {
                    journal.record(
                        c,
                        &t.id,
                        HistoryField::AtRiskCleared,
                        Some(rfc3339(before.earliest_start)),
                        None,
                    )?;
                }
            }
        }
        moved |= !gone.is_empty();
        store::forget(c, &gone)?;
        store::save(c, &save)?;
        if moved {
            for e in &plan.edges {
                if inside.contains(e.predecessor_id.as_str()) {
                    if let Some(next) = plan.outside.get(&e.successor_id) {
                        if !queue.contains(&next.root_id) {
                            queue.push_back(next.root_id.clone());
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Records and announces a change of a task's at-risk state.
fn announce(
    c: &mut DbConn,
    journal: &Journal,
    t: &NodeRow,
    root_owner: Option<&str>,
    before: Option<&ScheduleRow>,
    row: &ScheduleRow,
) -> AppResult<()> {
    let was = before.is_some_and(|b| b.at_risk);
    if row.at_risk && (!was || before.is_some_and(|b| b.earliest_start != row.earliest_start)) {
        let (planned, earliest) = (rfc3339(t.start_at), rfc3339(row.earliest_start));
        journal.record(c, &t.id, HistoryField::AtRisk, Some(planned.clone()), Some(earliest.clone()))?;
        if t.status != Status::Draft {
            let task = task_store::find_task(c, &t.id)?.ok_or_else(|| AppError::not_found("task"))?;
            let mut people = vec![t.owner_id.clone()];
            people.extend(root_owner.map(str::to_owned));
            journal.emit(c, EventKind::TaskAtRisk, &task, people, Some(&planned), Some(&earliest))?;
        }
    } else if was && !row.at_risk {
        journal.record(c, &t.id, HistoryField::AtRiskCleared, before.map(|b| rfc3339(b.earliest_start)), None)?;
    }
    Ok(())
}

/// The stored schedule of a task, when it takes part in a dependency graph.
pub fn of_task(c: &mut DbConn, task_id: &str) -> AppResult<Option<ScheduleRow>> {
    store::of_task(c, task_id)
}

// ---------------------------------------------------------------- the graph view

/// One node of the graph view.
#[derive(Debug, Clone)]
pub struct GraphNode {
    pub task: NodeRow,
    pub owner_name: String,
    /// In another top-level task (linked by a dependency).
    pub external: bool,
    /// Has subtasks of its own.
    pub summary: bool,
    pub blocked: bool,
    pub times: Option<Times>,
}

/// The dependency graph of a task's tree, as far as the caller may see it.
#[derive(Debug, Clone)]
pub struct Graph {
    pub root: NodeRow,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<(EdgeRow, bool, bool)>,
    pub critical_path: Vec<String>,
    pub finish: Option<NaiveDateTime>,
    /// Dependencies on tasks the caller may not see (counted, not shown).
    pub hidden: usize,
}

/// The graph of the tree `id` belongs to: all of it when the caller sees the top-level task,
/// otherwise the subtree of `id`; tasks in other trees are shown when the caller may see them.
pub fn graph(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<Graph> {
    let actor = Actor::load(c, actor_id)?;
    let (task, _) = load_for(c, &actor, id, TaskAction::View)?;
    let plan = plan(c, &task.root_id)?;
    let root = plan.nodes.iter().find(|t| t.id == plan.root_id).cloned().ok_or_else(|| AppError::not_found("task"))?;
    let sees_root = task.id == root.id || {
        let root_row = task_store::find_task(c, &root.id)?.ok_or_else(|| AppError::not_found("task"))?;
        can_task(&actor, &relation(c, &actor, &root_row)?, TaskAction::View)
    };
    let parents: HashMap<&str, Option<&str>> =
        plan.nodes.iter().map(|t| (t.id.as_str(), t.parent_id.as_deref())).collect();
    let mut shown: Vec<&NodeRow> =
        plan.nodes.iter().filter(|t| sees_root || is_under(&parents, &task.id, &t.id)).collect();
    let mut visible_outside = HashSet::new();
    for t in plan.outside.values() {
        let row = task_store::find_task(c, &t.id)?;
        if let Some(row) = row {
            if can_task(&actor, &relation(c, &actor, &row)?, TaskAction::View) {
                visible_outside.insert(t.id.clone());
            }
        }
    }
    let mut outside: Vec<&NodeRow> = plan.outside.values().filter(|t| visible_outside.contains(&t.id)).collect();
    outside.sort_by(|a, b| (a.start_at, &a.id).cmp(&(b.start_at, &b.id)));
    shown.extend(outside);
    let shown_ids: HashSet<&str> = shown.iter().map(|t| t.id.as_str()).collect();
    let status: HashMap<&str, Status> =
        plan.nodes.iter().chain(plan.outside.values()).map(|t| (t.id.as_str(), t.status)).collect();
    let mut blocked: HashSet<&str> = HashSet::new();
    let mut edges = Vec::new();
    let mut hidden = 0;
    for (k, e) in plan.edges.iter().enumerate() {
        let (Some(p), Some(s)) = (status.get(e.predecessor_id.as_str()), status.get(e.successor_id.as_str())) else {
            continue;
        };
        let satisfied = allows_start(e.kind, *p);
        if !satisfied && !started(*s) && *s != Status::Cancelled {
            blocked.insert(e.successor_id.as_str());
        }
        match (shown_ids.contains(e.predecessor_id.as_str()), shown_ids.contains(e.successor_id.as_str())) {
            (true, true) => {
                edges.push((e.clone(), satisfied, plan.schedule.critical_edges[k]));
            }
            (false, false) => {}
            _ => hidden += 1,
        }
    }
    let mut owners: Vec<&str> = shown.iter().map(|t| t.owner_id.as_str()).collect();
    owners.sort_unstable();
    owners.dedup();
    let names = user_names(c, &owners)?;
    let with_children: HashSet<&str> = plan.nodes.iter().filter_map(|t| t.parent_id.as_deref()).collect();
    let position: HashMap<&str, usize> = plan.nodes.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    let outside_times: HashMap<String, Times> = {
        let ids: Vec<String> = visible_outside.iter().cloned().collect();
        store::of_tasks(c, &ids)?
            .into_iter()
            .map(|r| {
                let times = Times {
                    earliest_start: r.earliest_start,
                    earliest_finish: r.earliest_finish,
                    latest_start: None,
                    latest_finish: None,
                    slack_seconds: None,
                    critical: false,
                    at_risk: r.at_risk,
                };
                (r.task_id, times)
            })
            .collect()
    };
    let nodes = shown
        .into_iter()
        .map(|t| {
            let external = !position.contains_key(t.id.as_str());
            let times = if external {
                outside_times.get(&t.id)
            } else {
                position.get(t.id.as_str()).map(|i| &plan.schedule.times[*i])
            };
            GraphNode {
                owner_name: names.get(&t.owner_id).cloned().unwrap_or_default(),
                external,
                summary: with_children.contains(t.id.as_str()),
                blocked: blocked.contains(t.id.as_str()),
                times: times.copied(),
                task: t.clone(),
            }
        })
        .collect();
    let critical_path =
        plan.schedule.critical_path.iter().filter(|id| shown_ids.contains(id.as_str())).cloned().collect();
    Ok(Graph { root, nodes, edges, critical_path, finish: plan.schedule.finish, hidden })
}

/// Whether `id` is `top` or below it.
fn is_under(parents: &HashMap<&str, Option<&str>>, top: &str, id: &str) -> bool {
    let mut cur = id;
    loop {
        if cur == top {
            return true;
        }
        match parents.get(cur).copied().flatten() {
            Some(p) => cur = p,
            None => return false,
        }
    }
}

/// Refuses a dependency between a task and a task above or below it in the same tree: the
/// subtask already lives inside its task's dates.
pub(crate) fn check_not_nested(c: &mut DbConn, a: &str, b: &str) -> AppResult<()> {
    for (lower, upper) in [(a, b), (b, a)] {
        let mut cursor = task_store::find_task(c, lower)?.and_then(|t| t.parent_id);
        while let Some(pid) = cursor {
            if pid == upper {
                return Err(AppError::field(
                    "predecessor_id",
                    "nested",
                    "a task cannot depend on a task above or below it in the same tree",
                ));
            }
            cursor = task_store::find_task(c, &pid)?.and_then(|t| t.parent_id);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_id<'a>(nodes: &'a [NodeRow], s: &Schedule) -> HashMap<&'a str, Times> {
        nodes.iter().zip(&s.times).map(|(n, t)| (n.id.as_str(), *t)).collect()
    }

    fn day(d: i64) -> NaiveDateTime {
        let base = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
        at(secs(base) + d * DAY)
    }

    fn node(id: &str, parent: Option<&str>, start: i64, due: i64, status: &str) -> NodeRow {
        NodeRow {
            id: id.into(),
            parent_id: parent.map(Into::into),
            root_id: "R".into(),
            title: id.into(),
            status: status.parse().expect("a status"),
            owner_id: "u".into(),
            percent: 0,
            start_at: day(start),
            due_at: day(due),
            completed_at: None,
        }
    }

    fn edge(p: &str, s: &str, kind: &str, lag: i32) -> EdgeRow {
        EdgeRow {
            id: format!("{p}{s}"),
            predecessor_id: p.into(),
            successor_id: s.into(),
            kind: kind.parse().expect("a dependency kind"),
            lag_days: lag,
        }
    }

    /// The example worked by hand in the comment of `the_critical_path_matches_the_hand_computed_example`.
    pub(crate) fn example() -> (Vec<NodeRow>, Vec<EdgeRow>) {
        let p = "published";
        let nodes = vec![
            node("R", None, 0, 20, p),
            node("A", Some("R"), 0, 3, p),
            node("B", Some("R"), 0, 4, p),
            node("C", Some("R"), 1, 3, p),
            node("D", Some("R"), 5, 10, p),
            node("E", Some("R"), 10, 12, p),
            node("F", Some("R"), 2, 6, p),
            node("G", Some("R"), 14, 15, p),
        ];
        let edges = vec![
            edge("A", "B", "finish_to_start", 0),
            edge("B", "D", "finish_to_start", 1),
            edge("C", "D", "finish_to_start", 0),
            edge("D", "E", "finish_to_start", 0),
            edge("B", "F", "start_to_start", 2),
            edge("F", "G", "finish_to_finish", 0),
            edge("E", "G", "finish_to_start", 0),
        ];
        (nodes, edges)
    }

    /// Forward pass (days from 1 March): A 0–3; B waits for A: 3–7; C 1–3; D waits 1 day after
    /// B and for C: max(5, 8, 3) = 8–13; E 13–15; F starts 2 days after B starts: max(2, 5) =
    /// 5–9; G finishes after F (ES ≥ 9 − 1) and starts after E: max(14, 8, 15) = 15–16.
    /// Backward pass from 16: G LS 15; E LF 15 LS 13; D LF 13 LS 8; F LF 16 LS 12 (slack 7);
    /// C LF 8 LS 6 (slack 5); B LF min(8 − 1, 12 − 2 + 4) = 7 LS 3; A LF 3 LS 0.
    #[test]
    fn the_critical_path_matches_the_hand_computed_example() {
        let (nodes, edges) = example();
        let s = compute("R", &nodes, &edges, &HashMap::new());
        let times = by_id(&nodes, &s);
        let expect = [
            ("A", 0, 3, 0, false),
            ("B", 3, 7, 0, true),
            ("C", 1, 3, 5, false),
            ("D", 8, 13, 0, true),
            ("E", 13, 15, 0, true),
            ("F", 5, 9, 7, true),
            ("G", 15, 16, 0, true),
        ];
        for (id, es, ef, slack, at_risk) in expect {
            let t = times[id];
            assert_eq!((t.earliest_start, t.earliest_finish), (day(es), day(ef)), "{id}");
            assert_eq!(t.slack_seconds, Some(slack * DAY), "slack of {id}");
            assert_eq!(t.critical, slack == 0, "{id}");
            assert_eq!(t.at_risk, at_risk, "{id}");
        }
        assert_eq!(s.critical_path, ["A", "B", "D", "E", "G"]);
        assert_eq!(s.finish, Some(day(16)));
        let critical = |p: &str, q: &str| {
            let k = edges.iter().position(|e| e.predecessor_id == p && e.successor_id == q).expect("edge");
            s.critical_edges[k]
        };
        assert!(critical("B", "D"));
        assert!(!critical("C", "D"));
        let root = times["R"];
        assert_eq!(root.slack_seconds, None, "the top-level task is the container, not a step");
    }

    #[test]
    fn finished_and_cancelled_predecessors() {
        let (mut nodes, edges) = example();
        // A was done a day early: B can start on day 2.
        nodes[1].status = Status::Done;
        nodes[1].completed_at = Some(day(2));
        // D is cancelled: E no longer waits for anything but its own date.
        nodes[4].status = Status::Cancelled;
        let s = compute("R", &nodes, &edges, &HashMap::new());
        let times = by_id(&nodes, &s);
        assert_eq!(times["B"].earliest_start, day(2));
        assert_eq!(times["E"].earliest_start, day(10));
        assert!(!times["E"].at_risk);
        assert_eq!(times["D"].slack_seconds, None);
    }

    #[test]
    fn a_subtask_waits_for_what_its_task_waits_for_and_outside_predecessors_count() {
        let nodes = vec![
            node("R", None, 0, 20, "published"),
            node("S", Some("R"), 0, 10, "published"),
            node("S1", Some("S"), 0, 2, "published"),
        ];
        let edges = vec![edge("X", "S", "finish_to_start", 0)];
        let outside = HashMap::from([(
            "X".to_owned(),
            Outside { earliest_start: day(0), earliest_finish: day(4), cancelled: false },
        )]);
        let s = compute("R", &nodes, &edges, &outside);
        let times = by_id(&nodes, &s);
        assert_eq!(times["S"].earliest_start, day(4));
        assert_eq!(times["S1"].earliest_start, day(4), "the subtask inherits its task's wait");
        assert!(times["S1"].at_risk);
        let started =
            vec![nodes[0].clone(), nodes[1].clone(), NodeRow { status: Status::InProgress, ..nodes[2].clone() }];
        let s = compute("R", &started, &edges, &outside);
        assert!(!by_id(&started, &s)["S1"].at_risk, "a task that has started is no longer at risk of starting late");
    }

    #[test]
    fn ten_thousand_nodes_compute_quickly_enough_to_matter() {
        // Not a timing test: it checks the passes handle a long chain without recursion.
        let mut nodes = vec![node("R", None, 0, 20_000, "published")];
        let mut edges = Vec::new();
        for i in 0..10_000 {
            nodes.push(node(&format!("n{i}"), Some("R"), i, i + 1, "published"));
            if i > 0 {
                edges.push(edge(&format!("n{}", i - 1), &format!("n{i}"), "finish_to_start", 0));
            }
        }
        let s = compute("R", &nodes, &edges, &HashMap::new());
        assert_eq!(s.critical_path.len(), 10_000);
    }
}
