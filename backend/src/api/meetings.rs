//! Meetings of a task, their minutes, invitations (.ics) and private calendar feeds.

use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::departments::UserRef;
use super::extract::{with_etag, CurrentUser, IfMatch, ValidJson};
use super::users::uuid;
use crate::db::{from_utc, now, to_utc};
use crate::domain::agenda::{self, AgendaKind};
use crate::domain::meetings::{self, ActionItemInput, MeetingInput, MeetingPatch, MeetingView, Minutes};
use crate::error::{AppError, AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::MeetingStatus;

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionItemDto {
    pub id: Uuid,
    pub title: String,
    pub owner: UserRef,
    pub due_at: DateTime<Utc>,
    /// The subtask made from it, once made.
    #[schema(required = true)]
    pub subtask_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingDto {
    pub id: Uuid,
    pub task_id: Uuid,
    pub task_title: String,
    pub organizer: UserRef,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub duration_minutes: i32,
    /// A room, or empty.
    pub location: String,
    /// An online meeting link, or empty.
    pub online_url: String,
    /// Markdown.
    pub agenda: String,
    pub status: MeetingStatus,
    /// The iCalendar SEQUENCE: raised by every change participants must see.
    pub sequence: i32,
    pub participants: Vec<UserRef>,
    /// Minutes (会议纪要): what was discussed, what was decided (Markdown).
    pub discussion: String,
    pub decisions: String,
    pub action_items: Vec<ActionItemDto>,
    #[schema(required = true)]
    pub minutes_by: Option<UserRef>,
    #[schema(required = true)]
    pub minutes_at: Option<DateTime<Utc>>,
    /// The invitation as iCalendar (same bearer token).
    pub invite_url: String,
    /// Also the `ETag`.
    pub version: i64,
    /// The caller may change, cancel and write the minutes.
    pub can_edit: bool,
}

impl From<MeetingView> for MeetingDto {
    fn from(v: MeetingView) -> Self {
        let m = v.row;
        let starts = to_utc(m.starts_at);
        Self {
            invite_url: format!("/api/v1/meetings/{}/invite.ics", m.id),
            id: uuid(&m.id),
            task_id: uuid(&m.task_id),
            task_title: v.task_title,
            organizer: UserRef { id: uuid(&m.organizer_id), name: v.organizer_name },
            title: m.title,
            starts_at: starts,
            ends_at: starts + chrono::Duration::minutes(i64::from(m.duration_minutes)),
            duration_minutes: m.duration_minutes,
            location: m.location,
            online_url: m.online_url,
            agenda: m.agenda,
            status: m.status,
            sequence: m.sequence,
            participants: v.participants.into_iter().map(|(id, name)| UserRef { id: uuid(&id), name }).collect(),
            discussion: m.discussion,
            decisions: m.decisions,
            action_items: v
                .action_items
                .into_iter()
                .map(|i| ActionItemDto {
                    id: uuid(&i.row.id),
                    title: i.row.title,
                    owner: UserRef { id: uuid(&i.row.owner_id), name: i.owner_name },
                    due_at: to_utc(i.row.due_at),
                    subtask_id: i.row.subtask_id.as_deref().map(uuid),
                })
                .collect(),
            minutes_by: m
                .minutes_by
                .as_deref()
                .map(|id| UserRef { id: uuid(id), name: v.minutes_by_name.unwrap_or_default() }),
            minutes_at: m.minutes_at.map(to_utc),
            version: m.version,
            can_edit: v.can_edit,
        }
    }
}

fn meeting_response(status: StatusCode, v: MeetingView) -> HttpResponse {
    let version = v.row.version;
    with_etag(status, version, &MeetingDto::from(v))
}

fn ids(v: &[Uuid]) -> Vec<String> {
    v.iter().map(Uuid::to_string).collect()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingList {
    /// Soonest first.
    pub items: Vec<MeetingDto>,
}

/// The task's meetings
#[utoipa::path(tag = "meetings", responses(
    (status = 200, description = "OK", body = MeetingList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/meetings")]
pub async fn list_task_meetings(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<web::Json<MeetingList>> {
    let id = task_id.into_inner().to_string();
    let items = st.db.read(move |c| meetings::list_for_task(c, &me.id, &id)).await?;
    Ok(web::Json(MeetingList { items: items.into_iter().map(MeetingDto::from).collect() }))
}

/// The window of `GET /me/meetings`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MyMeetingsParams {
    /// Meetings starting at or after this instant (RFC 3339); default: now.
    pub from: Option<DateTime<Utc>>,
    /// ...and before this one; default: 30 days after `from`; at most 100 days after it.
    pub to: Option<DateTime<Utc>>,
}

/// Longest window one request may ask for (a month view plus its neighbouring weeks fits).
const MAX_WINDOW_DAYS: i64 = 100;

impl MyMeetingsParams {
    fn window(&self) -> AppResult<(DateTime<Utc>, DateTime<Utc>)> {
        let from = self.from.unwrap_or_else(Utc::now);
        let to = self.to.unwrap_or(from + chrono::Duration::days(30));
        if to <= from {
            return Err(AppError::field("to", "range", "`to` must be after `from`"));
        }
        if to - from > chrono::Duration::days(MAX_WINDOW_DAYS) {
            return Err(AppError::field("to", "range", format!("at most {MAX_WINDOW_DAYS} days after `from`")));
        }
        Ok((from, to))
    }
}

/// My meetings (日程)
///
/// The meetings I take part in (as organizer or participant) that start in the window, on tasks I
/// can still see, by start time; cancelled ones too (with `status`).
#[utoipa::path(tag = "meetings", params(MyMeetingsParams), responses(
    (status = 200, description = "OK", body = MeetingList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/me/meetings")]
pub async fn list_my_meetings(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<MyMeetingsParams>,
) -> AppResult<web::Json<MeetingList>> {
    let (from, to) = q.window()?;
    let items = st.db.read(move |c| meetings::my_meetings(c, &me.id, from_utc(from), from_utc(to))).await?;
    Ok(web::Json(MeetingList { items: items.into_iter().map(MeetingDto::from).collect() }))
}

/// Something of mine that falls due: a task's deadline or one of its milestones.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaItemDto {
    pub kind: AgendaKind,
    /// When it falls due.
    pub at: DateTime<Utc>,
    pub task_id: Uuid,
    pub task_title: String,
    /// The milestone's name, for `milestone`.
    #[schema(required = true)]
    pub milestone: Option<String>,
    /// Already past (and, being listed, not done).
    pub overdue: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaList {
    pub items: Vec<AgendaItemDto>,
}

/// My deadlines and milestones (日程)
///
/// The deadlines of the open tasks I own or am named on, and their milestones not yet reached,
/// that fall due in the window (same window as `GET /me/meetings`), by time; only tasks I may
/// read; at most 500 of each kind.
#[utoipa::path(tag = "meetings", params(MyMeetingsParams), responses(
    (status = 200, description = "OK", body = AgendaList),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/me/deadlines")]
pub async fn list_my_deadlines(
    st: web::Data<AppState>,
    me: CurrentUser,
    q: web::Query<MyMeetingsParams>,
) -> AppResult<web::Json<AgendaList>> {
    let (from, to) = q.window()?;
    let (items, now) = st.db.read(move |c| Ok((agenda::due(c, &me.id, from_utc(from), from_utc(to))?, now()))).await?;
    let items = items
        .into_iter()
        .map(|i| AgendaItemDto {
            kind: i.kind,
            at: to_utc(i.at),
            task_id: uuid(&i.task.id),
            task_title: i.task.title,
            milestone: i.milestone,
            overdue: i.at < now,
        })
        .collect();
    Ok(web::Json(AgendaList { items }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingDraft {
    pub title: String,
    /// The task's goal, open subtasks and blockers (Markdown).
    pub agenda: String,
}

/// A prefilled meeting form for the task (title and agenda)
#[utoipa::path(tag = "meetings", responses(
    (status = 200, description = "OK", body = MeetingDraft),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/tasks/{task_id}/meeting-draft")]
pub async fn get_meeting_draft(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
) -> AppResult<web::Json<MeetingDraft>> {
    let id = task_id.into_inner().to_string();
    let (title, agenda) = st.db.read(move |c| meetings::draft(c, &me.id, &id)).await?;
    Ok(web::Json(MeetingDraft { title, agenda }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateMeetingRequest {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    pub starts_at: DateTime<Utc>,
    #[validate(range(min = 5, max = 1440))]
    #[schema(minimum = 5, maximum = 1440)]
    pub duration_minutes: i32,
    /// Who is invited (the organizer always is). Everyone must be able to see the task.
    #[validate(length(max = 200))]
    #[schema(max_items = 200)]
    pub participant_ids: Vec<Uuid>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub location: String,
    /// http(s) link of the online meeting.
    #[serde(default)]
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub online_url: String,
    /// Markdown; prefilled from the task when absent.
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub agenda: Option<String>,
}

/// Call a meeting about a task (发起会议)
///
/// By whoever runs the task, its collaborators and the people of the departments taking part.
/// Participants are notified and get an invitation (`invite_url`, METHOD:REQUEST); the meeting
/// shows in their calendar feeds.
#[utoipa::path(tag = "meetings", request_body = CreateMeetingRequest, responses(
    (status = 201, description = "Created", body = MeetingDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/tasks/{task_id}/meetings")]
pub async fn create_meeting(
    st: web::Data<AppState>,
    me: CurrentUser,
    task_id: web::Path<Uuid>,
    body: ValidJson<CreateMeetingRequest>,
) -> AppResult<HttpResponse> {
    let id = task_id.into_inner().to_string();
    let b = body.0;
    let input = MeetingInput {
        title: b.title,
        starts_at: from_utc(b.starts_at),
        duration_minutes: b.duration_minutes,
        participant_ids: ids(&b.participant_ids),
        location: b.location,
        online_url: b.online_url,
        agenda: b.agenda,
    };
    let v = st.db.write(move |c| meetings::schedule(c, &me.id, &id, input)).await?;
    Ok(meeting_response(StatusCode::CREATED, v))
}

/// A meeting
#[utoipa::path(tag = "meetings", responses(
    (status = 200, description = "OK", body = MeetingDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/meetings/{meeting_id}")]
pub async fn get_meeting(
    st: web::Data<AppState>,
    me: CurrentUser,
    meeting_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = meeting_id.into_inner().to_string();
    let v = st.db.read(move |c| meetings::get(c, &me.id, &id)).await?;
    Ok(meeting_response(StatusCode::OK, v))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeetingRequest {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    #[validate(range(min = 5, max = 1440))]
    #[schema(minimum = 5, maximum = 1440)]
    pub duration_minutes: Option<i32>,
    #[validate(length(max = 200))]
    #[schema(max_items = 200)]
    pub participant_ids: Option<Vec<Uuid>>,
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub location: Option<String>,
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub online_url: Option<String>,
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub agenda: Option<String>,
}

/// Change a meeting
///
/// By the organizer or the task's owner; needs `If-Match`. Raises the SEQUENCE: participants get
/// the update, people added an invitation, people removed a cancellation.
#[utoipa::path(tag = "meetings", request_body = UpdateMeetingRequest,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = MeetingDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[patch("/meetings/{meeting_id}")]
pub async fn update_meeting(
    st: web::Data<AppState>,
    me: CurrentUser,
    meeting_id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<UpdateMeetingRequest>,
) -> AppResult<HttpResponse> {
    let id = meeting_id.into_inner().to_string();
    let b = body.0;
    let patch = MeetingPatch {
        title: b.title,
        starts_at: b.starts_at.map(from_utc),
        duration_minutes: b.duration_minutes,
        participant_ids: b.participant_ids.as_deref().map(ids),
        location: b.location,
        online_url: b.online_url,
        agenda: b.agenda,
    };
    let v = st.db.write(move |c| meetings::update(c, &me.id, &id, if_match.0, patch)).await?;
    Ok(meeting_response(StatusCode::OK, v))
}

/// Cancel a meeting
///
/// Participants are told; the invitation becomes METHOD:CANCEL and feeds mark it cancelled.
#[utoipa::path(tag = "meetings", responses(
    (status = 200, description = "OK", body = MeetingDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/meetings/{meeting_id}/cancel")]
pub async fn cancel_meeting(
    st: web::Data<AppState>,
    me: CurrentUser,
    meeting_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = meeting_id.into_inner().to_string();
    let v = st.db.write(move |c| meetings::cancel(c, &me.id, &id)).await?;
    Ok(meeting_response(StatusCode::OK, v))
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionItemRequest {
    /// Keep an existing item (and its subtask); absent for a new one.
    pub id: Option<Uuid>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    pub owner_id: Uuid,
    pub due_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MinutesRequest {
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub discussion: String,
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub decisions: String,
    #[serde(default)]
    #[validate(length(max = 100), nested)]
    #[schema(max_items = 100)]
    pub action_items: Vec<ActionItemRequest>,
}

/// Write the minutes (会议纪要)
///
/// Discussion, decisions and action items with owner and due date. Replaces the list; items that
/// already became subtasks stay. Needs `If-Match`.
#[utoipa::path(tag = "meetings", request_body = MinutesRequest,
    params(("If-Match" = String, Header, pattern = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#, description = "ETag of the version being changed")),
    responses(
    (status = 200, description = "OK", body = MeetingDto, headers(("ETag" = String))),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[put("/meetings/{meeting_id}/minutes")]
pub async fn save_minutes(
    st: web::Data<AppState>,
    me: CurrentUser,
    meeting_id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ValidJson<MinutesRequest>,
) -> AppResult<HttpResponse> {
    let id = meeting_id.into_inner().to_string();
    let b = body.0;
    let minutes = Minutes {
        discussion: b.discussion,
        decisions: b.decisions,
        action_items: b
            .action_items
            .into_iter()
            .map(|i| ActionItemInput {
                id: i.id.map(|u| u.to_string()),
                title: i.title,
                owner_id: i.owner_id.to_string(),
                due_at: from_utc(i.due_at),
            })
            .collect(),
    };
    let v = st.db.write(move |c| meetings::save_minutes(c, &me.id, &id, if_match.0, minutes)).await?;
    Ok(meeting_response(StatusCode::OK, v))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionItemSubtask {
    pub subtask_id: Uuid,
    pub meeting: MeetingDto,
}

/// Turn an action item into a subtask (one click)
///
/// The subtask is owned by the item's owner and due when the item is due; the caller needs the
/// right to split the task. 409 when the item already is a subtask.
#[utoipa::path(tag = "meetings", responses(
    (status = 201, description = "Created", body = ActionItemSubtask),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/meetings/{meeting_id}/action-items/{item_id}/subtask")]
pub async fn create_action_item_subtask(
    st: web::Data<AppState>,
    me: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (meeting, item) = path.into_inner();
    let (meeting, item) = (meeting.to_string(), item.to_string());
    let (v, subtask) = st.db.write(move |c| meetings::item_to_subtask(c, &me.id, &meeting, &item)).await?;
    Ok(HttpResponse::Created().json(ActionItemSubtask { subtask_id: uuid(&subtask), meeting: MeetingDto::from(v) }))
}

fn calendar_response(ics: String, file: &str, ascii_file: &str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("content-type", "text/calendar; charset=utf-8"))
        .insert_header(("content-disposition", super::download::content_disposition_as(file, ascii_file, true)))
        .insert_header(("cache-control", "private, max-age=0"))
        .body(ics)
}

/// The meeting's invitation (iCalendar)
///
/// METHOD:REQUEST with a stable UID and the current SEQUENCE; METHOD:CANCEL once cancelled.
#[utoipa::path(tag = "meetings", responses(
    (status = 200, description = "iCalendar", content_type = "text/calendar", body = String),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/meetings/{meeting_id}/invite.ics")]
pub async fn get_meeting_invite(
    st: web::Data<AppState>,
    me: CurrentUser,
    meeting_id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let id = meeting_id.into_inner().to_string();
    let base = st.config.public_url.clone();
    let file = st.db.read(move |c| meetings::invitation(c, &me.id, &id, &base)).await?;
    Ok(calendar_response(file.ics, &file.name, &file.ascii_name))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarFeedStatus {
    pub active: bool,
    #[schema(required = true)]
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarFeedCreated {
    /// Subscribe to this URL in Outlook, Apple/Google Calendar, DingTalk or Feishu. It is shown
    /// once; anyone who has it sees your meetings: make a new one (the old stops working) or
    /// revoke it if it leaked.
    pub url: String,
    pub created_at: DateTime<Utc>,
}

/// My calendar feed: is there one?
#[utoipa::path(tag = "meetings", responses(
    (status = 200, description = "OK", body = CalendarFeedStatus),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/me/calendar-feed")]
pub async fn get_calendar_feed(st: web::Data<AppState>, me: CurrentUser) -> AppResult<web::Json<CalendarFeedStatus>> {
    let at = st.db.read(move |c| meetings::feed_created_at(c, &me.id)).await?;
    Ok(web::Json(CalendarFeedStatus { active: at.is_some(), created_at: at.map(to_utc) }))
}

/// Make a new private calendar feed URL (replaces the old one)
#[utoipa::path(tag = "meetings", responses(
    (status = 201, description = "Created", body = CalendarFeedCreated),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/me/calendar-feed")]
pub async fn create_calendar_feed(st: web::Data<AppState>, me: CurrentUser) -> AppResult<HttpResponse> {
    me.require_session()?;
    let (token, at) = st.db.write(move |c| meetings::create_feed(c, &me.id)).await?;
    // On the API's address: the calendar app fetches it from the API, whether or not the SPA runs.
    let url = format!("{}/api/v1/calendar/{token}.ics", st.config.api_url());
    Ok(HttpResponse::Created().json(CalendarFeedCreated { url, created_at: to_utc(at) }))
}

/// Revoke my calendar feed
#[utoipa::path(tag = "meetings", responses(
    (status = 204, description = "Revoked"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[delete("/me/calendar-feed")]
pub async fn revoke_calendar_feed(st: web::Data<AppState>, me: CurrentUser) -> AppResult<HttpResponse> {
    st.db.write(move |c| meetings::revoke_feed(c, &me.id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A private calendar feed (iCalendar)
///
/// No bearer token: the secret in the URL is the credential (`tdm_cal_….ics`). The owner's
/// meetings of the last 90 days and to come, on tasks the owner can still see.
#[utoipa::path(tag = "meetings", params(("file" = String, Path, description = "`<token>.ics`")), responses(
    (status = 200, description = "iCalendar", content_type = "text/calendar", body = String),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")))]
#[get("/calendar/{file}")]
pub async fn calendar_feed(st: web::Data<AppState>, file: web::Path<String>) -> AppResult<HttpResponse> {
    let token =
        file.into_inner().strip_suffix(".ics").map(str::to_owned).ok_or_else(|| AppError::not_found("calendar"))?;
    let base = st.config.public_url.clone();
    let ics =
        st.db.read(move |c| meetings::feed(c, &token, &base)).await?.ok_or_else(|| AppError::not_found("calendar"))?;
    Ok(calendar_response(ics, "tandem-calendar.ics", "tandem-calendar.ics"))
}
