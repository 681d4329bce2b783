//! iCalendar (RFC 5545) for meetings: the invitation a participant's calendar imports
//! (METHOD:REQUEST / CANCEL, one stable UID per meeting, SEQUENCE raised on every change) and the
//! private feed a calendar subscribes to.

use chrono::{Duration, TimeZone};
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

/// Whom an event names as attendees.
#[derive(Debug, Clone, Copy)]
enum Attendees<'a> {
    /// Everyone invited: the organizer as the chair (no reply asked of her), the others asked to
    /// reply.
    All,
    /// Only this person: the cancellation sent to someone no longer invited (RFC 5546 §3.2.5),
    /// so the calendar that holds the meeting for them matches it and takes it out.
    Only(&'a UserRow),
}

fn event(e: &MeetingEntry, cancelled: bool, attendees: Attendees<'_>) -> Event {
    let m = &e.meeting;
    let start = to_utc(m.starts_at);
    let end = start + Duration::minutes(i64::from(m.duration_minutes));
    // Calendars show the description as it is: the agenda's Markdown becomes plain lines.
    let mut description = String::new();
    let agenda = crate::domain::markdown::plain_lines(&m.agenda);
    if !agenda.is_empty() {
        description.push_str(&agenda);
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
    let named: Vec<&UserRow> = match attendees {
        Attendees::All => e.participants.iter().collect(),
        Attendees::Only(u) => vec![u],
    };
    for p in named {
        let chair = p.id == e.organizer.id;
        ev.append_multi_property(
            Property::new("ATTENDEE", format!("mailto:{}", p.email))
                .add_parameter("CN", &param_text(&p.name))
                .add_parameter("ROLE", if chair { "CHAIR" } else { "REQ-PARTICIPANT" })
                .add_parameter("PARTSTAT", if chair { "ACCEPTED" } else { "NEEDS-ACTION" })
                .add_parameter("RSVP", if chair { "FALSE" } else { "TRUE" })
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

/// The invitation for one meeting: METHOD:REQUEST while it stands, METHOD:CANCEL once cancelled.
pub fn invitation(e: &MeetingEntry) -> String {
    let cancelled = e.meeting.status == MeetingStatus::Cancelled;
    let mut cal = calendar();
    cal.append_property(Property::new("METHOD", if cancelled { "CANCEL" } else { "REQUEST" }));
    cal.push(event(e, cancelled, Attendees::All));
    cal.to_string()
}

/// The METHOD:CANCEL that tells `removed` (no longer invited to a meeting that still stands) to
/// take it out of their calendar: it names them as its only attendee.
pub fn uninvitation(e: &MeetingEntry, removed: &UserRow) -> String {
    let mut cal = calendar();
    cal.append_property(Property::new("METHOD", "CANCEL"));
    cal.push(event(e, true, Attendees::Only(removed)));
    cal.to_string()
}

/// The name of a meeting's invitation file, and its ASCII name for old clients:
/// `会议邀请_发布会协调会_20300601.ics`, `meeting-invitation-2030-06-01.ics` (the day it starts in
/// `tz`).
pub fn invitation_file_name(m: &MeetingRow, tz: chrono_tz::Tz) -> (String, String) {
    let day = tz.from_utc_datetime(&m.starts_at).date_naive();
    let title: String = m.title.trim().chars().take(60).collect();
    let name = crate::zipstream::safe_name(&format!("会议邀请_{}_{}.ics", title.trim(), day.format("%Y%m%d")), 80);
    (name, format!("meeting-invitation-{day}.ics"))
}

/// A subscribed calendar: every meeting of the user, cancelled ones marked so.
pub fn feed(owner_name: &str, entries: &[MeetingEntry]) -> String {
    let mut cal = calendar();
    cal.append_property(Property::new("X-WR-CALNAME", format!("Tandem · {owner_name}")))
        .append_property(Property::new("REFRESH-INTERVAL", "PT15M").add_parameter("VALUE", "DURATION").done())
        .append_property(Property::new("X-PUBLISHED-TTL", "PT15M"));
    for e in entries {
        cal.push(event(e, e.meeting.status == MeetingStatus::Cancelled, Attendees::All));
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
        let text = invitation(&entry);
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
