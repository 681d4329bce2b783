//! The dependency graph of a task's tree: nodes, edges, schedule and critical path.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::departments::UserRef;
use super::extract::CurrentUser;
use super::users::uuid;
use crate::db::to_utc;
use crate::domain::schedule::{self, Graph, GraphNode};
use crate::error::{AppError, AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::{DependencyKind, Status};

/// One task in the graph with its planned and computed dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct GraphNodeDto {
    pub id: Uuid,
    /// The task above it (`null` for the top-level task and for tasks of other trees).
    #[schema(required = true)]
    pub parent_id: Option<Uuid>,
    pub title: String,
    pub status: Status,
    pub percent: i32,
    pub owner: UserRef,
    /// Planned start and due date.
    pub start_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// The earliest start and finish the predecessors allow (forward pass).
    #[schema(required = true)]
    pub earliest_start_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub earliest_finish_at: Option<DateTime<Utc>>,
    /// The latest start and finish that do not delay the last subtask (backward pass; subtasks
    /// of this tree only).
    #[schema(required = true)]
    pub latest_start_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub latest_finish_at: Option<DateTime<Utc>>,
    /// Latest minus earliest start, in seconds (0 on the critical path).
    #[schema(required = true)]
    pub slack_seconds: Option<i64>,
    pub is_critical: bool,
    /// Not started, and a predecessor holds it back (等待前置任务).
    pub is_blocked: bool,
    /// Not started, and its earliest start is after its planned start (有延期风险).
    pub is_at_risk: bool,
    /// Has subtasks of its own.
    pub is_summary: bool,
    /// Belongs to another top-level task, linked to this tree by a dependency.
    pub is_external: bool,
}

/// A dependency between two nodes of the graph.
#[derive(Debug, Serialize, ToSchema)]
pub struct GraphEdgeDto {
    pub id: Uuid,
    pub predecessor_id: Uuid,
    pub successor_id: Uuid,
    pub kind: DependencyKind,
    pub lag_days: i32,
    /// The predecessor no longer holds the successor's start back.
    pub is_satisfied: bool,
    /// Both ends are critical and this edge drives the successor's earliest start.
    pub is_critical: bool,
}

/// Everything needed to draw a task's dependency graph or Gantt timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskGraphDto {
    /// The top-level task of the tree.
    pub root_id: Uuid,
    /// The tree's tasks (top-level task first), then the tasks of other trees it is linked to.
    pub nodes: Vec<GraphNodeDto>,
    pub edges: Vec<GraphEdgeDto>,
    /// The critical path, first task first.
    pub critical_path: Vec<Uuid>,
    /// When the last subtask can finish at the earliest.
    #[schema(required = true)]
    pub earliest_finish_at: Option<DateTime<Utc>>,
    /// The top-level task's due date.
    pub due_at: DateTime<Utc>,
    /// Dependencies on tasks the caller may not see: counted, not shown.
    pub hidden_dependencies: usize,
}

fn node_dto(n: GraphNode) -> GraphNodeDto {
    let t = n.times;
    GraphNodeDto {
        id: uuid(&n.task.id),
        parent_id: if n.external { None } else { n.task.parent_id.as_deref().map(uuid) },
        title: n.task.title,
        status: n.task.status,
        percent: n.task.percent,
        owner: UserRef { id: uuid(&n.task.owner_id), name: n.owner_name },
        start_at: to_utc(n.task.start_at),
        due_at: to_utc(n.task.due_at),
        earliest_start_at: t.map(|t| to_utc(t.earliest_start)),
        earliest_finish_at: t.map(|t| to_utc(t.earliest_finish)),
        latest_start_at: t.and_then(|t| t.latest_start).map(to_utc),
        latest_finish_at: t.and_then(|t| t.latest_finish).map(to_utc),
        slack_seconds: t.and_then(|t| t.slack_seconds),
        is_critical: t.is_some_and(|t| t.critical),
        is_blocked: n.blocked,
        is_at_risk: t.is_some_and(|t| t.at_risk),
        is_summary: n.summary,
        is_external: n.external,
    }
}

impl From<Graph> for TaskGraphDto {
    fn from(g: Graph) -> Self {
        Self {
            root_id: uuid(&g.root.id),
            due_at: to_utc(g.root.due_at),
            nodes: g.nodes.into_iter().map(node_dto).collect(),
            edges: g
                .edges
                .into_iter()
                .map(|(e, satisfied, critical)| GraphEdgeDto {
                    id: uuid(&e.id),
                    predecessor_id: uuid(&e.predecessor_id),
                    successor_id: uuid(&e.successor_id),
                    kind: e.kind,
                    lag_days: e.lag_days,
                    is_satisfied: satisfied,
                    is_critical: critical,
                })
                .collect(),
            critical_path: g.critical_path.iter().map(|id| uuid(id)).collect(),
            earliest_finish_at: g.finish.map(to_utc),
            hidden_dependencies: g.hidden,
        }
    }
}

/// The dependency graph of the task's tree
///
/// Nodes carry the planned dates and the computed schedule (earliest and latest start and
/// finish, slack), blocked and at-risk flags; edges carry their kind, lag and whether they are
/// satisfied and critical. The whole tree is shown when the caller sees the top-level task,
/// otherwise the subtree of this task; linked tasks of other trees appear when the caller may
/// see them and are counted in `hidden_dependencies` otherwise.
#[utoipa::path(tag = "tasks", responses(
    (status = 200, description = "OK", body = TaskGraphDto),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/graph")]
pub async fn get_task_graph(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<web::Json<TaskGraphDto>> {
    let id = task_id.into_inner().to_string();
    let _permit = st.large_reads.acquire().await.map_err(AppError::internal)?;
    let g = st.db.read(move |c| schedule::graph(c, &me.id, &id)).await?;
    Ok(web::Json(g.into()))
}
