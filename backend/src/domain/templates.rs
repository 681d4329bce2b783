//! The templates that ship with Tandem (PRODUCT.md): the cross-department task application
//! form, the progress tracking table and meeting minutes with action items.

use serde::Serialize;
use utoipa::ToSchema;

use crate::values::Scenario;

pub const APPLICATION_FORM: &str = "cross_department_application";
pub const PROGRESS_TABLE: &str = "progress_tracking";
pub const MEETING_MINUTES: &str = "meeting_minutes";

/// What a template produces.
#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// A form that creates a task (`POST /api/v1/tasks` with `template`).
    TaskForm,
    /// A table Tandem fills from task data (exports, reports).
    Table,
}

/// The kind of input a form field takes.
#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Department,
    Departments,
    User,
    Users,
    Date,
    Milestones,
    Priority,
    Percent,
    Status,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TemplateField {
    /// The task field (for forms) or column key (for tables).
    pub key: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// Extra rule in words, e.g. "at least 2".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Template {
    pub id: &'static str,
    pub kind: TemplateKind,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub description_zh: &'static str,
    pub description_en: &'static str,
    /// The scenario a task created from this form gets.
    pub scenario: Option<Scenario>,
    pub fields: Vec<TemplateField>,
}

const fn field(
    key: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
    kind: FieldKind,
    required: bool,
) -> TemplateField {
    TemplateField { key, label_zh, label_en, kind, required, rule: None }
}

pub fn all() -> Vec<Template> {
    use FieldKind::*;
    vec![
        Template {
            id: APPLICATION_FORM,
            kind: TemplateKind::TaskForm,
            name_zh: "跨部门协作任务申请表",
            name_en: "Cross-department task application",
            description_zh: "发起跨部门协作：明确负责人、可衡量目标、关键节点、所需资源与风险。",
            description_en:
                "Start cross-department work: one owner, a measurable goal, milestones, resources and risks.",
            scenario: Some(Scenario::CrossDepartment),
            fields: vec![
                field("title", "任务名称", "Task name", Text, true),
                field("initiating_department_id", "发起部门", "Initiating department", Department, true),
                TemplateField {
                    rule: Some("min_two"),
                    ..field("department_ids", "协作部门", "Collaborating departments", Departments, true)
                },
                field("owner_id", "负责人", "Owner", User, true),
                field("goal", "可衡量目标", "Measurable goal", LongText, true),
                field("due_at", "截止日期", "Deadline", Date, true),
                TemplateField {
                    rule: Some("at_least_one"),
                    ..field("milestones", "关键节点/里程碑", "Key dates / milestones", Milestones, true)
                },
                field(
                    "resources",
                    "所需资源（人员/预算/数据）",
                    "Resources needed (people/budget/data)",
                    LongText,
                    false,
                ),
                field("risks", "风险评估", "Risk assessment", LongText, false),
                field("priority", "优先级", "Priority", Priority, false),
                field("collaborator_ids", "协作者", "Collaborators", Users, false),
            ],
        },
        Template {
            id: PROGRESS_TABLE,
            kind: TemplateKind::Table,
            name_zh: "项目进度跟踪表",
            name_en: "Progress tracking table",
            description_zh: "按子任务跟踪：部门、负责人、状态、进度、下一步、待解决问题。",
            description_en: "Per subtask: department, owner, status, percent, next step, open problem.",
            scenario: None,
            fields: vec![
                field("title", "子任务", "Subtask", Text, true),
                field("department", "部门", "Department", Department, true),
                field("owner", "负责人", "Owner", User, true),
                field("status", "状态", "Status", Status, true),
                field("percent", "进度", "Percent", Percent, true),
                field("next_step", "下一步", "Next step", LongText, false),
                field("open_problem", "待解决问题", "Open problem", LongText, false),
                field("updated_at", "最后更新", "Last updated", Date, true),
            ],
        },
        Template {
            id: MEETING_MINUTES,
            kind: TemplateKind::Table,
            name_zh: "会议纪要与行动项",
            name_en: "Meeting minutes with action items",
            description_zh: "会议主题、时间、参会部门、讨论摘要、决议；每个行动项有负责人和截止日期，可转为子任务。",
            description_en:
                "Topic, time, departments, summary, decisions; action items with owner and due date become subtasks.",
            scenario: None,
            fields: vec![
                field("topic", "会议主题", "Topic", Text, true),
                field("time", "时间", "Time", Date, true),
                field("departments", "参会部门", "Departments", Departments, true),
                field("summary", "讨论摘要", "Discussion summary", LongText, false),
                field("decisions", "决议", "Decisions", LongText, false),
                field(
                    "action_items",
                    "行动项（负责人、截止日期）",
                    "Action items (owner, due date)",
                    Milestones,
                    false,
                ),
            ],
        },
    ]
}
