//! Delivery outside the app: each domain event fans out into per-recipient, per-channel jobs
//! (mail, group robots, webhooks), rendered once at enqueue time and keyed by event, channel and
//! recipient, so a retry or a second fan-out never sends the same message twice.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::texts::Audience;
use crate::db::channels as store;
use crate::db::jobs::{self as job_store, JobRow};
use crate::db::orgs as org_store;
use crate::db::outbox::OutboxRow;
use crate::db::tasks::{self as task_store, TaskRow};
use crate::db::{new_id, now, DbConn};
use crate::error::{AppError, AppResult};
use crate::values::{EventKind, JobKind, JobStatus, Locale, NotificationChannel};

/// What the fan-out may use: configured channels and where links point.
#[derive(Debug, Clone, Default)]
pub struct Channels {
    pub mail: bool,
    /// The SPA's address, for links back to the task.
    pub public_url: String,
}

/// A calendar part of a mail (a meeting invitation or its cancellation).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CalendarPart {
    /// `REQUEST` or `CANCEL`.
    pub method: String,
    pub ics: String,
    /// The attachment's name (`会议邀请_…_20300601.ics`); empty in mails queued before it had one.
    #[serde(default)]
    pub file_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MailJob {
    pub to_name: String,
    pub to_email: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Stable per event and recipient: a resend is recognizably the same message.
    pub message_id: String,
    pub calendar: Option<CalendarPart>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RobotJob {
    pub robot_id: String,
    pub title: String,
    /// Markdown lines of the message.
    pub markdown: String,
    pub link: String,
    /// Mobiles of the people to @ (DingTalk and WeCom highlight them).
    pub mobiles: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookJob {
    pub webhook_id: String,
    pub event_id: String,
    pub event_kind: EventKind,
    /// The JSON body, signed as is.
    pub body: String,
}

/// A job row ready to enqueue.
pub fn job(kind: JobKind, payload: &impl Serialize, key: Option<String>) -> AppResult<JobRow> {
    let at = now();
    Ok(JobRow {
        id: new_id(),
        kind,
        payload: serde_json::to_string(payload).map_err(AppError::internal)?,
        status: JobStatus::Queued,
        run_at: at,
        attempts: 0,
        max_attempts: 8,
        lease_owner: None,
        lease_until: None,
        last_error: None,
        idempotency_key: key,
        created_at: at,
        updated_at: at,
        finished_at: None,
    })
}

pub(crate) fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn task_link(channels: &Channels, task_id: &str) -> String {
    format!("{}/tasks/{task_id}", channels.public_url)
}

/// Fans one event out to mail (per notified user), robots (per robot of the task's departments
/// and of the task) and webhooks (per subscriber who may see the task).
pub fn fan_out(
    c: &mut DbConn,
    channels: &Channels,
    event: &OutboxRow,
    task: Option<&TaskRow>,
    notified: &[String],
) -> AppResult<()> {
    let payload: Value = serde_json::from_str(&event.payload).unwrap_or(Value::Null);
    let actor_name = match &event.actor_id {
        Some(a) => org_store::find_user(c, a)?.map(|u| u.name).unwrap_or_default(),
        None => String::new(),
    };
    let sentence = |a: &Audience| {
        a.notification(
            event.kind,
            &actor_name,
            payload["title"].as_str().unwrap_or(""),
            payload["from"].as_str(),
            payload["to"].as_str(),
        )
    };
    let link = task.map(|t| task_link(channels, &t.id)).unwrap_or_else(|| channels.public_url.clone());
    // Strong reminders go out on every channel whatever the recipient's preferences.
    let strong = payload["strong"].as_bool() == Some(true);
    let mut users = Vec::with_capacity(notified.len());
    for user_id in notified {
        users.extend(org_store::find_user(c, user_id)?);
    }
    if channels.mail {
        for user in &users {
            let user_id = &user.id;
            if !user.is_active
                || user.email.is_empty()
                || (!strong && !store::channel_enabled(c, user_id, NotificationChannel::Mail)?)
            {
                continue;
            }
            let audience = Audience::new(user.locale, &user.time_zone);
            let subject = sentence(&audience);
            let english = user.locale == Locale::En;
            let calendar = meeting_part(c, channels, event.kind, &payload, user)?;
            let mail = render_mail(&user.name, &user.email, &subject, task, &link, english, &event.id, calendar);
            job_store::enqueue(c, &job(JobKind::Mail, &mail, Some(format!("mail:{}:{user_id}", event.id)))?)?;
        }
    }
    if let Some(task) = task {
        // A department's group (or the top task's) holds people a confidential task is hidden
        // from: it goes only to a robot set up for that very task.
        let robots = if task.visibility == crate::values::TaskVisibility::Confidential {
            store::robots_of(c, &[], std::slice::from_ref(&task.id))?
        } else {
            let mut depts = task_store::department_ids(c, &task.id)?;
            depts.extend(task.initiating_department_id.clone());
            store::robots_of(c, &depts, &[task.id.clone(), task.root_id.clone()])?
        };
        if robots.iter().any(|r| r.is_active) {
            let zh = Audience::new(Locale::ZhCn, "Asia/Shanghai");
            let title = sentence(&zh);
            let mut mobiles = Vec::new();
            for u in &users {
                if let Some(m) = u.mobile.as_ref().filter(|m| !m.is_empty()) {
                    if strong || store::channel_enabled(c, &u.id, NotificationChannel::Robot)? {
                        mobiles.push(m.clone());
                    }
                }
            }
            let markdown = format!("**{}**\n\n> 任务：{}", title, task.title);
            for r in robots.iter().filter(|r| r.is_active) {
                let body = RobotJob {
                    robot_id: r.id.clone(),
                    title: title.clone(),
                    markdown: markdown.clone(),
                    link: link.clone(),
                    mobiles: mobiles.clone(),
                };
                job_store::enqueue(c, &job(JobKind::Robot, &body, Some(format!("robot:{}:{}", event.id, r.id)))?)?;
            }
        }
    }
    for hook in store::active_webhooks(c)? {
        if !hook.wants(event.kind)? {
            continue;
        }
        if let Some(task) = task {
            if !super::tasks::user_sees(c, &hook.owner_id, task)? {
                continue;
            }
        }
        let mut data = payload.clone();
        if let Some(o) = data.as_object_mut() {
            o.remove("recipients");
        }
        let body = json!({
            "id": event.id, "kind": event.kind, "created_at": super::journal::rfc3339(event.created_at),
            "actor_id": event.actor_id, "task_id": event.task_id, "data": data,
        });
        let w = WebhookJob {
            webhook_id: hook.id.clone(),
            event_id: event.id.clone(),
            event_kind: event.kind,
            body: body.to_string(),
        };
        job_store::enqueue(c, &job(JobKind::Webhook, &w, Some(format!("webhook:{}:{}", event.id, hook.id)))?)?;
    }
    Ok(())
}

/// The invitation (or cancellation) a meeting notification to `recipient` carries.
fn meeting_part(
    c: &mut DbConn,
    channels: &Channels,
    kind: EventKind,
    payload: &Value,
    recipient: &crate::db::orgs::UserRow,
) -> AppResult<Option<CalendarPart>> {
    let Some(meeting_id) = payload["meeting_id"].as_str() else { return Ok(None) };
    let cancel = match kind {
        EventKind::MeetingInvited | EventKind::MeetingUpdated => false,
        EventKind::MeetingCancelled => true,
        _ => return Ok(None),
    };
    let Some(file) = super::meetings::invitation_for_mail(c, meeting_id, &channels.public_url, cancel, recipient)?
    else {
        return Ok(None);
    };
    let method = if cancel { "CANCEL" } else { "REQUEST" }.into();
    Ok(Some(CalendarPart { method, ics: file.ics, file_name: file.name }))
}

#[expect(clippy::too_many_arguments, reason = "one mail's parts")]
fn render_mail(
    name: &str,
    email: &str,
    subject: &str,
    task: Option<&TaskRow>,
    link: &str,
    english: bool,
    event_id: &str,
    calendar: Option<CalendarPart>,
) -> MailJob {
    let (hello, open, task_label, footer) = if english {
        ("Hello", "Open in Tandem", "Task", "You can turn mail notifications off in your Tandem profile.")
    } else {
        ("你好", "在 Tandem 中打开", "任务", "可在 Tandem 的个人设置中关闭邮件通知。")
    };
    let task_line = task.map(|t| format!("{task_label}：{}\n", t.title)).unwrap_or_default();
    let text = format!("{hello} {name}，\n\n{subject}\n\n{task_line}{open}：{link}\n\n—— Tandem\n{footer}\n");
    let task_html = task
        .map(|t| format!("<p style=\"color:#555\">{task_label}：{}</p>", escape_html(&t.title)))
        .unwrap_or_default();
    let html = format!(
        "<!doctype html><html><body style=\"font-family:sans-serif\"><p>{hello} {}，</p>\
         <p style=\"font-size:16px\"><strong>{}</strong></p>{task_html}\
         <p><a href=\"{}\" style=\"background:#1677ff;color:#fff;padding:8px 16px;border-radius:4px;\
         text-decoration:none\">{open}</a></p><hr><p style=\"color:#999;font-size:12px\">{footer}</p></body></html>",
        escape_html(name),
        escape_html(subject),
        escape_html(link),
    );
    MailJob {
        to_name: name.to_owned(),
        to_email: email.to_owned(),
        subject: subject.to_owned(),
        text,
        html,
        message_id: format!("<{event_id}.{}@tandem>", super::auth::token_hash(email).get(..16).unwrap_or("")),
        calendar,
    }
}
