//! iCalendar (RFC 5545) for meetings: the invitation a participant's calendar imports
//! (METHOD:REQUEST / CANCEL, one stable UID per meeting, SEQUENCE raised on every change) and the
//! private feed a calendar subscribes to.

use chrono::Duration;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use crate::db::meetings::MeetingRow;
use crate::db::orgs::UserRow;
use crate::db::to_utc;

/// What an invitation or feed says about one meeting.
pub struct MeetingEntry {
    pub meeting: MeetingRow,
    pub task_title: String,
    pub organizer: UserRow,
    pub participants: Vec<UserRow>,
    /// Where the task is opened in Tandem.
    pub task_url: String,
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
    if !m.online_url.is_empty() {
        description.push_str(&format!("线上会议 / Online: {}\n", m.online_url));
    }
    description.push_str(&format!("任务 / Task: {} {}", e.task_title, e.task_url));
    let location = match (m.location.trim(), m.online_url.trim()) {
        ("", url) => url.to_owned(),
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
        .url(if m.online_url.is_empty() { &e.task_url } else { &m.online_url })
        .status(if cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed });
    if !location.is_empty() {
        ev.location(&location);
    }
    ev.append_property(
        Property::new("ORGANIZER", format!("mailto:{}", e.organizer.email))
            .add_parameter("CN", &e.organizer.name)
            .done(),
    );
    for p in &e.participants {
        ev.append_multi_property(
            Property::new("ATTENDEE", format!("mailto:{}", p.email))
                .add_parameter("CN", &p.name)
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
    let cancelled = cancel || e.meeting.status == "cancelled";
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
        cal.push(event(e, e.meeting.status == "cancelled"));
    }
    cal.to_string()
}
