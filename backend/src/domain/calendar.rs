//! iCalendar (RFC 5545) for meetings: the invitation a participant's calendar imports
//! (METHOD:REQUEST / CANCEL, one stable UID per meeting, SEQUENCE raised on every change) and the
//! private feed a calendar subscribes to.

use chrono::Duration;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use crate::db::meetings::MeetingRow;
use crate::db::orgs::UserRow;
use crate::db::to_utc;
use crate::values::MeetingStatus;

/// What an invitation or feed says about one meeting.
pub struct MeetingEntry {
    pub meeting: MeetingRow,
    pub task_title: String,
    pub organizer: UserRow,
    pub participants: Vec<UserRow>,
    /// Where the task is opened in Tandem.
    pub task_url: String,
}

/// A parameter value (a person's name in `CN`): without control characters (a line break would
/// start a property of its own) or double quotes (they end a quoted value); the library quotes
/// what has `:`, `;` or `,`.
fn param_text(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).map(|c| if c == '"' { '\'' } else { c }).collect()
}

/// A URI value is written as it is: one with control characters or spaces is not written at all
/// (the form refuses them; rows from before are dropped here rather than break the calendar).
fn uri(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty() && !s.chars().any(|c| c.is_control() || c.is_whitespace())).then_some(s)
}

/// The UID that stays the same across every update of a meeting.
pub fn uid(meeting_id: &str) -> String {
    format!("{meeting_id}@tandem")
}

fn event(e: &MeetingEntry, cancelled: bool) -> Event {
    let m = &e.meeting;
    let start = to_utc(m.starts_at);
    let end = start + Duration::minutes(i64::from(m.duration_minutes));
    let mut description = String::new();
    if !m.agenda.trim().is_empty() {
        description.push_str(m.agenda.trim());
        description.push_str("\n\n");
    }
    let online = uri(&m.online_url);
    if let Some(url) = online {
        description.push_str(&format!("线上会议 / Online: {url}\n"));
    }
    description.push_str(&format!("任务 / Task: {} {}", e.task_title, e.task_url));
    let location = match (m.location.trim(), online) {
        ("", Some(url)) => url.to_owned(),
        (room, _) => room.to_owned(),
    };
    let mut ev = Event::new();
    ev.uid(&uid(&m.id))
        .timestamp(to_utc(m.updated_at))
        .sequence(u32::try_from(m.sequence).unwrap_or(0))
        .summary(&m.title)
        .description(&description)
        .starts(start)
        .ends(end)
        .url(online.or_else(|| uri(&e.task_url)).unwrap_or_default())
        .status(if cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed });
    if !location.is_empty() {
        ev.location(&location);
    }
    ev.append_property(
        Property::new("ORGANIZER", format!("mailto:{}", e.organizer.email))
            .add_parameter("CN", &param_text(&e.organizer.name))
            .done(),
    );
    for p in &e.participants {
        ev.append_multi_property(
            Property::new("ATTENDEE", format!("mailto:{}", p.email))
                .add_parameter("CN", &param_text(&p.name))
                .add_parameter("ROLE", "REQ-PARTICIPANT")
                .add_parameter("PARTSTAT", "NEEDS-ACTION")
                .add_parameter("RSVP", "TRUE")
                .done(),
        );
    }
    ev.done()
}

fn calendar() -> Calendar {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Tandem//Tandem Meetings//ZH-CN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal
}

/// The invitation for one meeting: METHOD:REQUEST while it stands, METHOD:CANCEL once cancelled
/// (or for someone no longer invited: `cancel`).
pub fn invitation(e: &MeetingEntry, cancel: bool) -> String {
    let cancelled = cancel || e.meeting.status == MeetingStatus::Cancelled;
    let mut cal = calendar();
    cal.append_property(Property::new("METHOD", if cancelled { "CANCEL" } else { "REQUEST" }));
    cal.push(event(e, cancelled));
    cal.to_string()
}

/// A subscribed calendar: every meeting of the user, cancelled ones marked so.
pub fn feed(owner_name: &str, entries: &[MeetingEntry]) -> String {
    let mut cal = calendar();
    cal.append_property(Property::new("X-WR-CALNAME", format!("Tandem · {owner_name}")))
        .append_property(Property::new("REFRESH-INTERVAL", "PT15M").add_parameter("VALUE", "DURATION").done())
        .append_property(Property::new("X-PUBLISHED-TTL", "PT15M"));
    for e in entries {
        cal.push(event(e, e.meeting.status == MeetingStatus::Cancelled));
    }
    cal.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn user(id: &str, name: &str) -> UserRow {
        let at = NaiveDate::from_ymd_opt(2026, 11, 23).and_then(|d| d.and_hms_opt(1, 0, 0)).expect("time");
        UserRow {
            id: id.into(),
            email: format!("{id}@test.tandem.cn"),
            name: name.into(),
            mobile: None,
            department_id: None,
            title: None,
            supervisor_id: None,
            role: crate::values::Role::Member,
            is_active: true,
            password_hash: String::new(),
            locale: crate::values::Locale::ZhCn,
            time_zone: "Asia/Shanghai".into(),
            created_at: at,
            updated_at: at,
            version: 1,
        }
    }

    #[test]
    fn names_and_urls_cannot_add_lines_or_parameters_to_an_invitation() {
        let at = NaiveDate::from_ymd_opt(2026, 11, 23).and_then(|d| d.and_hms_opt(1, 0, 0)).expect("time");
        let meeting = MeetingRow {
            id: "m-1".into(),
            task_id: "t-1".into(),
            organizer_id: "u-1".into(),
            title: "碰头会\r\nX-INJECTED:title".into(),
            starts_at: at,
            duration_minutes: 30,
            location: "3楼\r\nX-INJECTED:location".into(),
            online_url: "https://meeting.example.cn/j/1\r\nATTENDEE:mailto:eve@evil.example".into(),
            agenda: String::new(),
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
        let entry = MeetingEntry {
            meeting,
            task_title: "任务".into(),
            organizer: user("u-1", "王芳\";ROLE=CHAIR;X-EVIL=\"1"),
            participants: vec![user("u-2", "李雷\r\nATTENDEE;CN=Eve:mailto:eve@evil.example")],
            task_url: "https://tandem.example.cn/tasks/t-1".into(),
        };
        let text = invitation(&entry, false);
        let lines: Vec<&str> = text.split("\r\n").collect();
        // Unfolded content lines: continuation lines start with a space.
        let starts: Vec<&str> =
            lines.iter().filter(|l| !l.starts_with(' ')).map(|l| l.split([';', ':']).next().unwrap_or("")).collect();
        assert_eq!(starts.iter().filter(|k| **k == "ATTENDEE").count(), 1, "{text}");
        assert!(!starts.iter().any(|k| k.starts_with("X-INJECTED") || k.starts_with("X-EVIL")), "{text}");
        assert!(!text.contains("eve@evil.example\r\n"), "{text}");
        assert!(!text.contains("X-EVIL=\"1"), "{text}");
        // The bad online URL is left out; the task's link stands in.
        assert!(text.contains("URL:https://tandem.example.cn/tasks/t-1"), "{text}");
    }
}
