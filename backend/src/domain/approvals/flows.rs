//! Approval flows (审批流): administrators define them; the first active flow (by position) whose
//! conditions match a request serves it. A step names who approves (rules resolved to people
//! when a request is submitted), how they decide (one / all 会签 / any 或签), who is copied, and
//! optionally a condition without which the step is skipped.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::form::{kinds, RequestForm};
use super::ResolvedStep;
use crate::db::approvals::{self as store, FlowRow};
use crate::db::orgs as org_store;
use crate::db::tasks as task_store;
use crate::db::{new_id, now, DbConn};
use crate::domain::{Actor, Role};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::values::{Amount, ApprovalMode, Currency, ResourceKind};

/// Who approves, or is copied: resolved to people when a request is submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ApproverRule {
    /// A named person.
    User {
        #[schema(value_type = uuid::Uuid)]
        user_id: String,
    },
    /// The head(s) of the initiator's department (not the initiator themself).
    InitiatorHead,
    /// The head(s) of a named department, e.g. 财务部.
    DepartmentHead {
        #[schema(value_type = uuid::Uuid)]
        department_id: String,
    },
    /// The initiator's supervisor (分管领导).
    Supervisor,
    /// Everyone active with a company role.
    Role { role: Role },
}

/// When a flow serves a request, or a step applies. Every part given must hold; an empty
/// condition always holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// The request asks for at least one of these kinds (empty: any).
    #[serde(default)]
    pub resource_kinds: Vec<ResourceKind>,
    /// The task's initiating department is one of these (empty: any).
    #[serde(default)]
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub department_ids: Vec<String>,
    /// The budget total is at least this much, in `currency` (a request in another currency
    /// does not meet it).
    #[serde(default)]
    #[schema(pattern = r"^[0-9]+(\.[0-9]+)?$", max_length = 24, example = "50000")]
    pub min_amount: Option<String>,
    #[serde(default)]
    pub currency: Option<Currency>,
}

/// A step of a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowStep {
    /// 1–50 characters, e.g. 财务审核.
    #[schema(min_length = 1, max_length = 50)]
    pub name: String,
    pub mode: ApprovalMode,
    /// 1–10 rules; `single` takes the first person they resolve to.
    #[schema(min_items = 1, max_items = 10)]
    pub approvers: Vec<ApproverRule>,
    /// People copied (抄送) when the step is approved (0–10 rules).
    #[serde(default)]
    #[schema(max_items = 10)]
    pub cc: Vec<ApproverRule>,
    /// The step applies only when this holds (e.g. budgets from 50,000 go to the general manager).
    #[serde(default)]
    pub when: Option<Conditions>,
}

/// What an administrator writes.
#[derive(Debug, Clone)]
pub struct FlowInput {
    pub name: String,
    pub description: String,
    pub conditions: Conditions,
    pub steps: Vec<FlowStep>,
    pub sla_hours: i64,
    pub is_active: bool,
    pub position: Option<i32>,
}

/// A flow as read.
#[derive(Debug, Clone)]
pub struct Flow {
    pub row: FlowRow,
    pub conditions: Conditions,
    pub steps: Vec<FlowStep>,
}

/// A stored flow; unreadable conditions or steps are an error, never an empty default.
fn read(row: FlowRow) -> AppResult<Flow> {
    let conditions = serde_json::from_str(&row.conditions).map_err(AppError::internal)?;
    let steps = serde_json::from_str(&row.steps).map_err(AppError::internal)?;
    Ok(Flow { row, conditions, steps })
}

fn admin(c: &mut DbConn, actor_id: &str) -> AppResult<Actor> {
    let actor = Actor::load(c, actor_id)?;
    if actor.role != Role::Admin {
        return Err(AppError::forbidden("only administrators manage approval flows"));
    }
    Ok(actor)
}

/// A working day of the calendar (09:00–18:00) in minutes: a step's default SLA.
pub const WORKING_DAY_MINUTES: i64 = 9 * 60;

fn check_rules(c: &mut DbConn, rules: &[ApproverRule], field: &str, errors: &mut FieldErrors) -> AppResult<()> {
    for (i, rule) in rules.iter().enumerate() {
        let bad = match rule {
            ApproverRule::User { user_id } => task_store::active_user_ids(c, std::slice::from_ref(user_id))?.is_empty(),
            ApproverRule::DepartmentHead { department_id } => {
                task_store::active_department_ids(c, std::slice::from_ref(department_id))?.is_empty()
            }
            _ => false,
        };
        if bad {
            errors.entry(format!("{field}[{i}]")).or_default().push("not_found".into());
        }
    }
    Ok(())
}

fn check_conditions(c: &mut DbConn, cond: &Conditions, field: &str, errors: &mut FieldErrors) -> AppResult<()> {
    match (&cond.min_amount, cond.currency) {
        (Some(text), Some(cur)) if Amount::parse(text, cur).is_err() => {
            errors.entry(format!("{field}.min_amount")).or_default().push("decimal".into());
        }
        (Some(_), None) => errors.entry(format!("{field}.currency")).or_default().push("required".into()),
        _ => {}
    }
    let mut ids = cond.department_ids.clone();
    ids.sort();
    ids.dedup();
    if task_store::active_department_ids(c, &ids)?.len() != ids.len() {
        errors.entry(format!("{field}.department_ids")).or_default().push("not_found".into());
    }
    Ok(())
}

fn check(c: &mut DbConn, input: &mut FlowInput) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    input.name = input.name.trim().to_owned();
    if input.name.is_empty() || input.name.chars().count() > 100 {
        errors.entry("name".into()).or_default().push("length".into());
    }
    if input.description.chars().count() > 2000 {
        errors.entry("description".into()).or_default().push("length".into());
    }
    if !(1..=720).contains(&input.sla_hours) {
        errors.entry("sla_working_hours".into()).or_default().push("range".into());
    }
    if input.steps.is_empty() || input.steps.len() > 20 {
        errors.entry("steps".into()).or_default().push("length".into());
    }
    check_conditions(c, &input.conditions, "conditions", &mut errors)?;
    for (i, step) in input.steps.iter_mut().enumerate() {
        step.name = step.name.trim().to_owned();
        if step.name.is_empty() || step.name.chars().count() > 50 {
            errors.entry(format!("steps[{i}].name")).or_default().push("length".into());
        }
        if step.approvers.is_empty() || step.approvers.len() > 10 {
            errors.entry(format!("steps[{i}].approvers")).or_default().push("length".into());
        }
        if step.cc.len() > 10 {
            errors.entry(format!("steps[{i}].cc")).or_default().push("length".into());
        }
        check_rules(c, &step.approvers, &format!("steps[{i}].approvers"), &mut errors)?;
        check_rules(c, &step.cc, &format!("steps[{i}].cc"), &mut errors)?;
        if let Some(when) = &step.when {
            check_conditions(c, when, &format!("steps[{i}].when"), &mut errors)?;
        }
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors, "the approval flow has problems: see the fields"));
    }
    Ok(())
}

fn to_json<T: Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(AppError::internal)
}

pub fn list(c: &mut DbConn, actor_id: &str) -> AppResult<Vec<Flow>> {
    admin(c, actor_id)?;
    store::flows(c)?.into_iter().map(read).collect()
}

pub fn get(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<Flow> {
    admin(c, actor_id)?;
    read(store::find_flow(c, id)?.ok_or_else(|| AppError::not_found("approval flow"))?)
}

pub fn create(c: &mut DbConn, actor_id: &str, mut input: FlowInput) -> AppResult<Flow> {
    let actor = admin(c, actor_id)?;
    check(c, &mut input)?;
    let at = now();
    let position = match input.position {
        Some(p) => p,
        None => store::next_flow_position(c)?,
    };
    let row = FlowRow {
        id: new_id(),
        name: input.name,
        description: input.description,
        position,
        conditions: to_json(&input.conditions)?,
        steps: to_json(&input.steps)?,
        sla_minutes: input.sla_hours * 60,
        is_active: input.is_active,
        created_by: actor.id,
        created_at: at,
        updated_at: at,
        version: 1,
    };
    store::insert_flow(c, &row)?;
    read(row)
}

/// Replaces a flow (requests already submitted keep the steps they were resolved to).
pub fn update(c: &mut DbConn, actor_id: &str, id: &str, expected: i64, mut input: FlowInput) -> AppResult<Flow> {
    admin(c, actor_id)?;
    let mut row = store::find_flow(c, id)?.ok_or_else(|| AppError::not_found("approval flow"))?;
    check(c, &mut input)?;
    if row.version != expected {
        return Err(AppError::version_mismatch());
    }
    row.name = input.name;
    row.description = input.description;
    if let Some(p) = input.position {
        row.position = p;
    }
    row.conditions = to_json(&input.conditions)?;
    row.steps = to_json(&input.steps)?;
    row.sla_minutes = input.sla_hours * 60;
    row.is_active = input.is_active;
    row.updated_at = now();
    row.version += 1;
    if !store::update_flow(c, &row)? {
        return Err(AppError::version_mismatch());
    }
    read(row)
}

// ---------------------------------------------------------------- matching and resolving

/// What conditions are tested against.
pub struct Facts<'a> {
    pub form: &'a RequestForm,
    pub total: Option<(Amount, Currency)>,
    pub department_id: Option<&'a str>,
}

pub fn holds(cond: &Conditions, facts: &Facts<'_>) -> bool {
    if !cond.resource_kinds.is_empty() && !kinds(facts.form).iter().any(|k| cond.resource_kinds.contains(k)) {
        return false;
    }
    if !cond.department_ids.is_empty()
        && !facts.department_id.is_some_and(|d| cond.department_ids.iter().any(|x| x == d))
    {
        return false;
    }
    if let (Some(min), Some(cur)) = (&cond.min_amount, cond.currency) {
        let Ok(min) = Amount::parse(min, cur) else { return false };
        return matches!(facts.total, Some((total, c)) if c == cur && total >= min);
    }
    true
}

/// The first active flow whose conditions hold.
pub fn choose(c: &mut DbConn, facts: &Facts<'_>) -> AppResult<Flow> {
    for row in store::flows(c)?.into_iter().filter(|f| f.is_active) {
        let flow = read(row)?;
        if holds(&flow.conditions, facts) {
            return Ok(flow);
        }
    }
    Err(AppError::field(
        "flow",
        "no_flow",
        "no approval flow applies to this request: ask an administrator to define one (审批流)",
    ))
}

/// The people a rule names for a request of `initiator` (active only, in a stable order).
fn resolve_rule(c: &mut DbConn, rule: &ApproverRule, initiator: &Actor) -> AppResult<Vec<String>> {
    let ids = match rule {
        ApproverRule::User { user_id } => vec![user_id.clone()],
        ApproverRule::InitiatorHead => match &initiator.department_id {
            Some(d) => heads(c, d)?.into_iter().filter(|h| *h != initiator.id).collect(),
            None => Vec::new(),
        },
        ApproverRule::DepartmentHead { department_id } => heads(c, department_id)?,
        ApproverRule::Supervisor => org_store::supervisor_of(c, &initiator.id)?.into_iter().collect(),
        ApproverRule::Role { role } => org_store::active_users_with_role(c, *role)?,
    };
    let active = task_store::active_user_ids(c, &ids)?;
    Ok(ids.into_iter().filter(|i| active.contains(i)).collect())
}

fn heads(c: &mut DbConn, department_id: &str) -> AppResult<Vec<String>> {
    Ok(org_store::heads_of(c, &[department_id])?
        .remove(department_id)
        .unwrap_or_default()
        .into_iter()
        .map(|(id, _)| id)
        .collect())
}

fn resolve_all(c: &mut DbConn, rules: &[ApproverRule], initiator: &Actor) -> AppResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for rule in rules {
        for id in resolve_rule(c, rule, initiator)? {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    Ok(out)
}

/// The flow's steps for this request, resolved to people: steps whose condition does not hold
/// are left out; a step that resolves to nobody refuses the submission (never left hanging).
pub fn resolve(c: &mut DbConn, flow: &Flow, facts: &Facts<'_>, initiator: &Actor) -> AppResult<Vec<ResolvedStep>> {
    let mut out = Vec::new();
    for step in &flow.steps {
        if step.when.as_ref().is_some_and(|w| !holds(w, facts)) {
            continue;
        }
        let mut approvers = resolve_all(c, &step.approvers, initiator)?;
        if step.mode == ApprovalMode::Single {
            approvers.truncate(1);
        }
        if approvers.is_empty() {
            return Err(AppError::field(
                "flow",
                "no_approver",
                format!(
                    "step “{}” of approval flow “{}” resolves to nobody (no such head, supervisor or active person): \
                     ask an administrator to fix the flow",
                    step.name, flow.row.name
                ),
            ));
        }
        let cc = resolve_all(c, &step.cc, initiator)?;
        out.push(ResolvedStep {
            name: step.name.clone(),
            mode: step.mode,
            approver_ids: approvers,
            cc_ids: cc,
            sla_minutes: flow.row.sla_minutes,
        });
    }
    if out.is_empty() {
        return Err(AppError::field(
            "flow",
            "no_approver",
            format!("approval flow “{}” has no step that applies to this request", flow.row.name),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::approvals::form::RequestLine;

    fn form(kind: ResourceKind) -> RequestForm {
        RequestForm {
            lines: vec![RequestLine {
                kind,
                description: "x".into(),
                amount: None,
                currency: None,
                people: None,
                days: None,
                quantity: None,
            }],
            department_ids: vec![],
            justification: "y".into(),
            needed_by: None,
        }
    }

    #[test]
    fn an_amount_threshold_holds_from_the_threshold_up_in_its_own_currency_only() {
        let f = form(ResourceKind::Budget);
        let cond = Conditions { min_amount: Some("50000".into()), currency: Some(Currency::Cny), ..Default::default() };
        let at = |minor, cur| Facts { form: &f, total: Some((Amount { minor }, cur)), department_id: None };
        assert!(holds(&cond, &at(5_000_000, Currency::Cny)));
        assert!(!holds(&cond, &at(4_999_999, Currency::Cny)));
        assert!(!holds(&cond, &at(9_000_000, Currency::Usd)));
        assert!(!holds(&cond, &Facts { form: &f, total: None, department_id: None }));
    }

    #[test]
    fn kinds_and_departments_must_match_when_given() {
        let f = form(ResourceKind::Equipment);
        let facts = Facts { form: &f, total: None, department_id: Some("d1") };
        assert!(holds(&Conditions::default(), &facts));
        assert!(holds(&Conditions { resource_kinds: vec![ResourceKind::Equipment], ..Default::default() }, &facts));
        assert!(!holds(&Conditions { resource_kinds: vec![ResourceKind::Budget], ..Default::default() }, &facts));
        assert!(holds(&Conditions { department_ids: vec!["d1".into()], ..Default::default() }, &facts));
        assert!(!holds(&Conditions { department_ids: vec!["d2".into()], ..Default::default() }, &facts));
    }
}
