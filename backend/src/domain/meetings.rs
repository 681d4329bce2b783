//! Meetings scheduled from a task (发起会议): participants, invitations that land in calendars,
//! minutes (会议纪要) whose action items become subtasks, and private calendar feeds.

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDateTime};
use serde_json::json;

use super::journal::{rfc3339, Journal};
use super::permissions::{TaskAction, TaskRelation};
use super::tasks::{load_for, refuse_blind, NewTask};
use super::texts::Audience;
use super::{calendar, live, Actor, Role};
use crate::db::meetings::{self as store, ActionItemRow, MeetingRow};
use crate::db::orgs::{self as org_store, UserRow};
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::values::{EventKind, HistoryField, MeetingStatus, Status, TaskChange, TaskVisibility};

pub const MAX_PARTICIPANTS: usize = 200;
pub const MAX_ACTION_ITEMS: usize = 100;
const FEED_PREFIX: &str = "tdm_cal_";
/// How far back a calendar feed reaches.
const FEED_HISTORY: Duration = Duration::days(90);

#[derive(Debug, Clone)]
pub struct MeetingInput {
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub duration_minutes: i32,
    pub participant_ids: Vec<String>,
    pub location: String,
    pub online_url: String,
    /// Prefilled from the task when absent.
    pub agenda: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct MeetingPatch {
    pub title: Option<String>,
    pub starts_at: Option<NaiveDateTime>,
    pub duration_minutes: Option<i32>,
    pub participant_ids: Option<Vec<String>>,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub agenda: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ActionItemInput {
    /// An item already in the minutes (keeps its subtask).
    pub id: Option<String>,
    pub title: String,
    pub owner_id: String,
    pub due_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct Minutes {
    pub discussion: String,
    pub decisions: String,
    pub action_items: Vec<ActionItemInput>,
}

#[derive(Debug, Clone)]
pub struct ActionItemView {
    pub row: ActionItemRow,
    pub owner_name: String,
}

#[derive(Debug, Clone)]
pub struct MeetingView {
    pub row: MeetingRow,
    pub task_title: String,
    pub organizer_name: String,
    pub participants: Vec<(String, String)>,
    pub action_items: Vec<ActionItemView>,
    pub minutes_by_name: Option<String>,
    pub can_edit: bool,
}

// ---------------------------------------------------------------- rules

/// Who calls a meeting about a task: whoever runs it, its collaborators, the people and heads of
/// the departments taking part, administrators.
fn may_schedule(actor: &Actor, rel: &TaskRelation) -> bool {
    !rel.is_archived
        && (actor.role == Role::Admin
            || rel.is_owner
            || rel.owns_ancestor
            || rel.is_collaborator
            || rel.is_participant
            || rel.heads_involved_department)
}

/// Who changes, cancels and writes the minutes of a meeting: its organizer, whoever runs the
/// task, administrators.
fn may_edit(actor: &Actor, rel: &TaskRelation, m: &MeetingRow) -> bool {
    (!rel.is_archived || actor.role == Role::Admin)
        && (actor.role == Role::Admin || m.organizer_id == actor.id || rel.is_owner || rel.owns_ancestor)
}

fn check_form(
    title: &str,
    duration: i32,
    location: &str,
    online_url: &str,
    agenda: &str,
    participants: usize,
) -> AppResult<()> {
    let mut f = FieldErrors::new();
    let mut bad = |field: &str, code: &str| f.entry(field.to_owned()).or_default().push(code.to_owned());
    if title.trim().is_empty() || title.chars().count() > 200 {
        bad("title", "length");
    }
    if !(5..=24 * 60).contains(&duration) {
        bad("duration_minutes", "range");
    }
    if location.chars().count() > 200 {
        bad("location", "length");
    }
    let url = online_url.trim();
    // A URL goes into invitations as it is: a line break or a space would start a calendar line
    // of its own.
    let valid_url = url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if !url.is_empty() && (!valid_url || url.len() > 500 || url.chars().any(|c| c.is_control() || c.is_whitespace())) {
        bad("online_url", "url");
    }
    if location.chars().any(char::is_control) {
        bad("location", "invalid");
    }
    if agenda.chars().count() > 10_000 {
        bad("agenda", "length");
    }
    if participants > MAX_PARTICIPANTS {
        bad("participant_ids", "length");
    }
    if f.is_empty() {
        Ok(())
    } else {
        Err(AppError::validation(f, "the meeting has invalid fields"))
    }
}

/// The organizer takes part; each person once; everyone must exist, be active and see the task.
fn participants(c: &mut DbConn, task: &TaskRow, organizer: &str, ids: &[String]) -> AppResult<Vec<String>> {
    let mut set: BTreeSet<String> = ids.iter().cloned().collect();
    set.insert(organizer.to_owned());
    let people: Vec<String> = set.into_iter().collect();
    if task_store::active_user_ids(c, &people)?.len() != people.len() {
        return Err(AppError::field("participant_ids", "not_found", "unknown or inactive user"));
    }
    refuse_blind(c, task, &people, "participant_ids")?;
    Ok(people)
}

/// 议程: the task's goal, its open subtasks (with owner and deadline) and what blocks them, in the
/// reader's language, deadlines in the reader's time zone (the organizer writes it; the
/// invitation carries it as written).
pub fn agenda_for(c: &mut DbConn, reader: &Actor, task: &TaskRow) -> AppResult<String> {
    let me = org_store::find_user(c, &reader.id)?.ok_or_else(|| AppError::not_found("user"))?;
    let a = Audience::new(me.locale, &me.time_zone);
    let t = |zh: &'static str, en: &'static str| if a.english { en } else { zh };
    let mut out = String::new();
    if !task.goal.trim().is_empty() {
        out.push_str(&format!("## {}\n{}\n\n", t("目标", "Goal"), task.goal.trim()));
    }
    let open: Vec<TaskRow> = task_store::children(c, &task.id)?
        .into_iter()
        .filter(|t| !matches!(t.status, Status::Done | Status::Cancelled | Status::Archived))
        .collect();
    if !open.is_empty() {
        let owners: Vec<&str> = open.iter().map(|t| t.owner_id.as_str()).collect();
        let names = org_store::user_names(c, &owners)?;
        out.push_str(&format!("## {}\n", t("未完成的子任务", "Open subtasks")));
        for sub in &open {
            let owner = names.get(&sub.owner_id).map_or("", String::as_str);
            let due = a.moment(sub.due_at);
            out.push_str(&if a.english {
                format!("- {} ({owner}, due {due})\n", sub.title)
            } else {
                format!("- {}（{owner}，截止 {due}）\n", sub.title)
            });
        }
        out.push('\n');
    }
    let mut blockers = Vec::new();
    for waiting in std::iter::once(task).chain(open.iter()) {
        for p in super::dependencies::waiting_to_start(c, &waiting.id)? {
            // Predecessors in trees the organizer may not see are not named.
            let name = if super::tasks::reads_title(c, reader, &p)? { p.title } else { a.hidden_task().to_owned() };
            blockers.push(format!("- {} {} {name}", waiting.title, t("等待", "waits for")));
        }
    }
    if !blockers.is_empty() {
        out.push_str(&format!("## {}\n", t("阻塞", "Blocked")));
        out.push_str(&blockers.join("\n"));
        out.push_str("\n\n");
    }
    out.push_str(&format!("## {}\n- \n", t("讨论事项", "To discuss")));
    Ok(out)
}

// ---------------------------------------------------------------- use cases

/// A prefilled form for a new meeting on the task: title and agenda.
pub fn draft(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<(String, String)> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = load_for(c, &actor, task_id, TaskAction::View)?;
    if !may_schedule(&actor, &rel) {
        return Err(AppError::forbidden("only people taking part in the task call its meetings"));
    }
    Ok((format!("{} 协调会", task.title), agenda_for(c, &actor, &task)?))
}

pub fn schedule(c: &mut DbConn, actor_id: &str, task_id: &str, input: MeetingInput) -> AppResult<MeetingView> {
    let actor = Actor::load(c, actor_id)?;
    let (task, rel) = load_for(c, &actor, task_id, TaskAction::View)?;
    if !may_schedule(&actor, &rel) {
        return Err(AppError::forbidden("only people taking part in the task call its meetings"));
    }
    let agenda = match input.agenda {
        Some(a) => a,
        None => agenda_for(c, &actor, &task)?,
    };
    check_form(
        &input.title,
        input.duration_minutes,
        &input.location,
        &input.online_url,
        &agenda,
        input.participant_ids.len(),
    )?;
    let people = participants(c, &task, &actor.id, &input.participant_ids)?;
    let at = now();
    let row = MeetingRow {
        id: new_id(),
        task_id: task.id.clone(),
        organizer_id: actor.id.clone(),
        title: input.title.trim().to_owned(),
        starts_at: input.starts_at,
        duration_minutes: input.duration_minutes,
        location: input.location.trim().to_owned(),
        online_url: input.online_url.trim().to_owned(),
        agenda,
        status: MeetingStatus::Scheduled,
        sequence: 0,
        discussion: String::new(),
        decisions: String::new(),
        minutes_by: None,
        minutes_at: None,
        created_at: at,
        updated_at: at,
        version: 1,
    };
    store::insert_meeting(c, &row)?;
    store::set_participants(c, &row.id, &people)?;
    let journal = Journal::new(&actor, at);
    journal.record(c, &task.id, HistoryField::MeetingScheduled, None, Some(row.title.clone()))?;
    let about = json!({"meeting_id": row.id});
    journal.emit_with(c, EventKind::MeetingInvited, &task, people, None, Some(&rfc3339(row.starts_at)), about)?;
    live::task_changed(c, &task, TaskChange::Meeting, json!({"meeting_id": row.id}))?;
    view(c, &actor, &rel, row)
}

fn load(c: &mut DbConn, actor: &Actor, id: &str) -> AppResult<(MeetingRow, TaskRow, TaskRelation)> {
    let m = store::find_meeting(c, id)?.ok_or_else(|| AppError::not_found("meeting"))?;
    let (task, rel) = load_for(c, actor, &m.task_id, TaskAction::View).map_err(|_| AppError::not_found("meeting"))?;
    Ok((m, task, rel))
}

fn load_editable(
    c: &mut DbConn,
    actor: &Actor,
    id: &str,
    expected: Option<i64>,
) -> AppResult<(MeetingRow, TaskRow, TaskRelation)> {
    let (m, task, rel) = load(c, actor, id)?;
    if !may_edit(actor, &rel, &m) {
        return Err(AppError::forbidden("only the organizer or the task's owner changes the meeting"));
    }
    if expected.is_some_and(|v| v != m.version) {
        return Err(AppError::version_mismatch());
    }
    Ok((m, task, rel))
}

pub fn get(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<MeetingView> {
    let actor = Actor::load(c, actor_id)?;
    let (m, _, rel) = load(c, &actor, id)?;
    view(c, &actor, &rel, m)
}

pub fn list_for_task(c: &mut DbConn, actor_id: &str, task_id: &str) -> AppResult<Vec<MeetingView>> {
    let actor = Actor::load(c, actor_id)?;
    let (_, rel) = load_for(c, &actor, task_id, TaskAction::View)?;
    let rows = store::meetings_of_task(c, task_id)?;
    rows.into_iter().map(|m| view(c, &actor, &rel, m)).collect()
}

/// Changes a meeting. Participants see a new SEQUENCE: those still invited get the update,
/// those added an invitation, those removed a cancellation.
pub fn update(c: &mut DbConn, actor_id: &str, id: &str, expected: i64, patch: MeetingPatch) -> AppResult<MeetingView> {
    let actor = Actor::load(c, actor_id)?;
    let (mut m, task, rel) = load_editable(c, &actor, id, Some(expected))?;
    if m.status == MeetingStatus::Cancelled {
        return Err(AppError::conflict("the meeting is cancelled"));
    }
    if let Some(t) = patch.title {
        m.title = t.trim().to_owned();
    }
    if let Some(s) = patch.starts_at {
        m.starts_at = s;
    }
    if let Some(d) = patch.duration_minutes {
        m.duration_minutes = d;
    }
    if let Some(l) = patch.location {
        m.location = l.trim().to_owned();
    }
    if let Some(u) = patch.online_url {
        m.online_url = u.trim().to_owned();
    }
    if let Some(a) = patch.agenda {
        m.agenda = a;
    }
    let before = store::participants(c, &m.id)?;
    let wanted = patch.participant_ids.as_ref().map_or(before.len(), Vec::len);
    check_form(&m.title, m.duration_minutes, &m.location, &m.online_url, &m.agenda, wanted)?;
    let after = match &patch.participant_ids {
        Some(ids) => participants(c, &task, &m.organizer_id, ids)?,
        None => before.clone(),
    };
    let at = now();
    m.sequence += 1;
    m.updated_at = at;
    if !store::update_meeting(c, &m)? {
        return Err(AppError::version_mismatch());
    }
    m.version += 1;
    store::set_participants(c, &m.id, &after)?;
    let when = rfc3339(m.starts_at);
    let journal = Journal::new(&actor, at);
    let (stay, added): (Vec<String>, Vec<String>) = after.iter().cloned().partition(|u| before.contains(u));
    let removed: Vec<String> = before.into_iter().filter(|u| !after.contains(u)).collect();
    let about = json!({"meeting_id": m.id});
    journal.emit_with(c, EventKind::MeetingUpdated, &task, stay, None, Some(&when), about.clone())?;
    journal.emit_with(c, EventKind::MeetingInvited, &task, added, None, Some(&when), about.clone())?;
    journal.emit_with(c, EventKind::MeetingCancelled, &task, removed, None, Some(&when), about)?;
    live::task_changed(c, &task, TaskChange::Meeting, json!({"meeting_id": m.id}))?;
    view(c, &actor, &rel, m)
}

pub fn cancel(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<MeetingView> {
    let actor = Actor::load(c, actor_id)?;
    let (mut m, task, rel) = load_editable(c, &actor, id, None)?;
    if m.status == MeetingStatus::Cancelled {
        return view(c, &actor, &rel, m);
    }
    let at = now();
    m.status = MeetingStatus::Cancelled;
    m.sequence += 1;
    m.updated_at = at;
    if !store::update_meeting(c, &m)? {
        return Err(AppError::version_mismatch());
    }
    m.version += 1;
    let journal = Journal::new(&actor, at);
    journal.record(c, &task.id, HistoryField::MeetingCancelled, Some(m.title.clone()), None)?;
    let people = store::participants(c, &m.id)?;
    let about = json!({"meeting_id": m.id});
    journal.emit_with(c, EventKind::MeetingCancelled, &task, people, None, Some(&rfc3339(m.starts_at)), about)?;
    live::task_changed(c, &task, TaskChange::Meeting, json!({"meeting_id": m.id}))?;
    view(c, &actor, &rel, m)
}

/// Writes the minutes (会议纪要): discussion, decisions and action items. Items that already
/// became subtasks stay, whatever the list says.
pub fn save_minutes(
    c: &mut DbConn,
    actor_id: &str,
    id: &str,
    expected: i64,
    minutes: Minutes,
) -> AppResult<MeetingView> {
    let actor = Actor::load(c, actor_id)?;
    let (mut m, task, rel) = load_editable(c, &actor, id, Some(expected))?;
    let mut f = FieldErrors::new();
    if minutes.discussion.chars().count() > 20_000 {
        f.entry("discussion".into()).or_default().push("length".into());
    }
    if minutes.decisions.chars().count() > 20_000 {
        f.entry("decisions".into()).or_default().push("length".into());
    }
    if minutes.action_items.len() > MAX_ACTION_ITEMS {
        f.entry("action_items".into()).or_default().push("length".into());
    }
    for (i, item) in minutes.action_items.iter().enumerate() {
        if item.title.trim().is_empty() || item.title.chars().count() > 200 {
            f.entry(format!("action_items[{i}].title")).or_default().push("length".into());
        }
        if item.due_at > task.due_at {
            f.entry(format!("action_items[{i}].due_at")).or_default().push("after_parent".into());
        }
    }
    if !f.is_empty() {
        return Err(AppError::validation(f, "the minutes have invalid fields"));
    }
    let owners: Vec<String> = minutes.action_items.iter().map(|i| i.owner_id.clone()).collect();
    let mut distinct = owners.clone();
    distinct.sort();
    distinct.dedup();
    if task_store::active_user_ids(c, &distinct)?.len() != distinct.len() {
        return Err(AppError::field("action_items", "not_found", "an action item's owner is unknown or inactive"));
    }
    let existing: HashMap<String, ActionItemRow> =
        store::action_items(c, &m.id)?.into_iter().map(|r| (r.id.clone(), r)).collect();
    let mut kept = BTreeSet::new();
    for (pos, item) in minutes.action_items.into_iter().enumerate() {
        let position = i32::try_from(pos).unwrap_or(i32::MAX);
        match item.id.as_ref().and_then(|id| existing.get(id)) {
            Some(old) => {
                kept.insert(old.id.clone());
                let mut row = old.clone();
                row.position = position;
                if row.subtask_id.is_none() {
                    row.title = item.title.trim().to_owned();
                    row.owner_id = item.owner_id;
                    row.due_at = item.due_at;
                }
                store::update_action_item(c, &row)?;
            }
            None if item.id.is_some() => {
                return Err(AppError::field("action_items", "not_found", "no such action item in these minutes"));
            }
            None => store::insert_action_item(
                c,
                &ActionItemRow {
                    id: new_id(),
                    meeting_id: m.id.clone(),
                    position,
                    title: item.title.trim().to_owned(),
                    owner_id: item.owner_id,
                    due_at: item.due_at,
                    subtask_id: None,
                },
            )?,
        }
    }
    for (id, old) in existing {
        if !kept.contains(&id) && old.subtask_id.is_none() {
            store::delete_action_item(c, &id)?;
        }
    }
    let at = now();
    m.discussion = minutes.discussion;
    m.decisions = minutes.decisions;
    m.minutes_by = Some(actor.id.clone());
    m.minutes_at = Some(at);
    m.updated_at = at;
    if !store::update_meeting(c, &m)? {
        return Err(AppError::version_mismatch());
    }
    m.version += 1;
    live::task_changed(c, &task, TaskChange::Meeting, json!({"meeting_id": m.id}))?;
    view(c, &actor, &rel, m)
}

/// Turns an action item into a subtask of the meeting's task (once), owned by the item's owner,
/// due when the item is due. The caller needs the right to split the task.
pub fn item_to_subtask(
    c: &mut DbConn,
    actor_id: &str,
    meeting_id: &str,
    item_id: &str,
) -> AppResult<(MeetingView, String)> {
    let actor = Actor::load(c, actor_id)?;
    let (m, task, _) = load(c, &actor, meeting_id)?;
    let mut item = store::action_items(c, &m.id)?
        .into_iter()
        .find(|i| i.id == item_id)
        .ok_or_else(|| AppError::not_found("action item"))?;
    if let Some(existing) = &item.subtask_id {
        return Err(AppError::conflict(format!("the action item is already subtask {existing}"))
            .with_allowed(vec![existing.as_str()]));
    }
    let goal = format!("来自会议《{}》（{}）的行动项", m.title, m.starts_at.format("%Y-%m-%d"));
    let input = NewTask {
        scenario: task.scenario,
        template: None,
        title: item.title.clone(),
        goal,
        initiating_department_id: None,
        department_ids: Vec::new(),
        owner_id: item.owner_id.clone(),
        collaborator_ids: Vec::new(),
        priority: None,
        start_at: None,
        due_at: item.due_at,
        milestones: Vec::new(),
        resources: String::new(),
        risks: String::new(),
        visibility: TaskVisibility::Normal,
    };
    let sub = super::tasks::create_subtask(c, actor_id, &task.id, input)?;
    item.subtask_id = Some(sub.summary.task.id.clone());
    store::update_action_item(c, &item)?;
    // The meeting as read has changed (the item links its subtask): a new version.
    let (mut m, _, rel) = load(c, &actor, meeting_id)?;
    m.updated_at = now();
    if !store::update_meeting(c, &m)? {
        return Err(AppError::version_mismatch());
    }
    m.version += 1;
    live::task_changed(c, &task, TaskChange::Meeting, json!({"meeting_id": m.id}))?;
    Ok((view(c, &actor, &rel, m)?, sub.summary.task.id))
}

fn view(c: &mut DbConn, actor: &Actor, rel: &TaskRelation, row: MeetingRow) -> AppResult<MeetingView> {
    let people = store::participants(c, &row.id)?;
    let items = store::action_items(c, &row.id)?;
    let task_title = task_store::find_task(c, &row.task_id)?.map(|t| t.title).unwrap_or_default();
    let mut ids: Vec<&str> = people.iter().map(String::as_str).collect();
    ids.push(&row.organizer_id);
    ids.extend(items.iter().map(|i| i.owner_id.as_str()));
    ids.extend(row.minutes_by.as_deref());
    let names = org_store::user_names(c, &ids)?;
    let name = |id: &str| names.get(id).cloned().unwrap_or_default();
    let mut participants: Vec<(String, String)> = people.iter().map(|p| (p.clone(), name(p))).collect();
    participants.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(MeetingView {
        task_title,
        organizer_name: name(&row.organizer_id),
        participants,
        action_items: items.into_iter().map(|r| ActionItemView { owner_name: name(&r.owner_id), row: r }).collect(),
        minutes_by_name: row.minutes_by.as_deref().map(name),
        can_edit: may_edit(actor, rel, &row),
        row,
    })
}

// ---------------------------------------------------------------- calendars

fn entries_of(c: &mut DbConn, rows: Vec<MeetingRow>, public_url: &str) -> AppResult<Vec<calendar::MeetingEntry>> {
    let ids: Vec<String> = rows.iter().map(|m| m.id.clone()).collect();
    let mut people = store::participants_of(c, &ids)?;
    let mut out = Vec::new();
    for m in rows {
        let task_title = task_store::find_task(c, &m.task_id)?.map(|t| t.title).unwrap_or_default();
        let organizer = org_store::find_user(c, &m.organizer_id)?.ok_or_else(|| AppError::not_found("user"))?;
        let mut participants = Vec::new();
        for u in people.remove(&m.id).unwrap_or_default() {
            participants.extend(org_store::find_user(c, &u)?);
        }
        let task_url = format!("{public_url}/tasks/{}", m.task_id);
        out.push(calendar::MeetingEntry { meeting: m, task_title, organizer, participants, task_url });
    }
    Ok(out)
}

/// An invitation file: its text and its names (see [`calendar::invitation_file_name`]).
pub struct InvitationFile {
    pub ics: String,
    pub name: String,
    pub ascii_name: String,
}

/// The invitation (.ics) of a meeting, for anyone who may see it, named by the day it starts in
/// the reader's time zone.
pub fn invitation(c: &mut DbConn, actor_id: &str, id: &str, public_url: &str) -> AppResult<InvitationFile> {
    let actor = Actor::load(c, actor_id)?;
    let (m, _, _) = load(c, &actor, id)?;
    let reader = org_store::find_user(c, &actor.id)?.ok_or_else(|| AppError::not_found("user"))?;
    let tz = Audience::new(reader.locale, &reader.time_zone).tz;
    let (name, ascii_name) = calendar::invitation_file_name(&m, tz);
    let entry = entries_of(c, vec![m], public_url)?.pop().ok_or_else(|| AppError::not_found("meeting"))?;
    Ok(InvitationFile { ics: calendar::invitation(&entry), name, ascii_name })
}

/// The invitation a mail to `recipient` carries (no reader check: the fan-out already decided
/// who is told): the meeting as it stands, or for `cancel` its cancellation (a meeting still
/// standing is cancelled for the recipient alone: they were taken off it). `None` when the
/// meeting is gone.
pub(crate) fn invitation_for_mail(
    c: &mut DbConn,
    meeting_id: &str,
    public_url: &str,
    cancel: bool,
    recipient: &UserRow,
) -> AppResult<Option<InvitationFile>> {
    let Some(m) = store::find_meeting(c, meeting_id)? else { return Ok(None) };
    let tz = Audience::new(recipient.locale, &recipient.time_zone).tz;
    let (name, ascii_name) = calendar::invitation_file_name(&m, tz);
    let Some(entry) = entries_of(c, vec![m], public_url)?.pop() else { return Ok(None) };
    let ics = if cancel && entry.meeting.status != MeetingStatus::Cancelled {
        calendar::uninvitation(&entry, recipient)
    } else {
        calendar::invitation(&entry)
    };
    Ok(Some(InvitationFile { ics, name, ascii_name }))
}

/// Makes (or replaces) the caller's private feed; returns the secret token, shown once.
pub fn create_feed(c: &mut DbConn, actor_id: &str) -> AppResult<(String, NaiveDateTime)> {
    Actor::load(c, actor_id)?;
    let token = super::auth::random_secret(FEED_PREFIX);
    let at = now();
    store::set_feed(c, actor_id, &super::auth::token_hash(&token), at)?;
    Ok((token, at))
}

pub fn feed_created_at(c: &mut DbConn, actor_id: &str) -> AppResult<Option<NaiveDateTime>> {
    Actor::load(c, actor_id)?;
    store::feed_created_at(c, actor_id)
}

pub fn revoke_feed(c: &mut DbConn, actor_id: &str) -> AppResult<()> {
    Actor::load(c, actor_id)?;
    store::delete_feed(c, actor_id)?;
    Ok(())
}

/// The feed behind a token: the owner's meetings (of the last 90 days and to come) on tasks the
/// owner may still see. `None` for an unknown or revoked token, or an inactive owner.
pub fn feed(c: &mut DbConn, token: &str, public_url: &str) -> AppResult<Option<String>> {
    if !token.starts_with(FEED_PREFIX) {
        return Ok(None);
    }
    let Some(user_id) = store::find_feed_user(c, &super::auth::token_hash(token))? else { return Ok(None) };
    let Ok(actor) = Actor::load(c, &user_id) else { return Ok(None) };
    let owner = org_store::find_user(c, &user_id)?.ok_or_else(|| AppError::not_found("user"))?;
    let visible = visible_of(c, &actor, now() - FEED_HISTORY, None)?.into_iter().map(|(m, _)| m).collect();
    let entries = entries_of(c, visible, public_url)?;
    Ok(Some(calendar::feed(&owner.name, &entries)))
}

/// The actor's meetings starting in `[since, until)`, on tasks the actor may still see, with the
/// actor's relation to each task.
fn visible_of(
    c: &mut DbConn,
    actor: &Actor,
    since: NaiveDateTime,
    until: Option<NaiveDateTime>,
) -> AppResult<Vec<(MeetingRow, TaskRelation)>> {
    // Several meetings of one task: its permission is checked once.
    let mut relations: HashMap<String, Option<TaskRelation>> = HashMap::new();
    let mut out = Vec::new();
    for m in store::meetings_of_user(c, &actor.id, since, until)? {
        let rel = match relations.get(&m.task_id) {
            Some(known) => *known,
            None => {
                let rel = load_for(c, actor, &m.task_id, TaskAction::View).ok().map(|(_, rel)| rel);
                relations.insert(m.task_id.clone(), rel);
                rel
            }
        };
        if let Some(rel) = rel {
            out.push((m, rel));
        }
    }
    Ok(out)
}

/// 日程: the actor's meetings (cancelled ones too) starting in `[from, to)`, on tasks the actor
/// may still see, by start time.
pub fn my_meetings(
    c: &mut DbConn,
    actor_id: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> AppResult<Vec<MeetingView>> {
    let actor = Actor::load(c, actor_id)?;
    let mut out = Vec::new();
    for (m, rel) in visible_of(c, &actor, from, Some(to))? {
        out.push(view(c, &actor, &rel, m)?);
    }
    Ok(out)
}
