//! `GET /events`: Server-Sent Events for the signed-in user.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::{broadcast, mpsc};
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::IntoParams;

use super::extract::CurrentUser;
use crate::db::live::LiveRow;
use crate::domain::live;
use crate::error::{AppError, AppResult, ProblemDetails};
use crate::state::AppState;
use crate::values::LiveKind;

const KEEPALIVE: Duration = Duration::from_secs(20);
/// How long a subscriber trusts what it learnt about a task's visibility.
const VISIBILITY_TTL: Duration = Duration::from_secs(30);

/// One event of the `/events` stream (its schema documents every kind and its JSON `data`).
pub struct LiveEvent;

impl utoipa::PartialSchema for LiveEvent {
    fn schema() -> RefOr<Schema> {
        let uuid = json!({"type": "string", "format": "uuid"});
        let kinds = [
            (
                "task",
                true,
                json!({"type": "object", "required": ["task_id", "root_id", "what"],
                    "properties": {"task_id": uuid, "root_id": uuid, "what": {"$ref": "#/components/schemas/TaskChange"}}}),
            ),
            (
                "notification",
                true,
                json!({"type": "object", "required": ["notification_id", "kind"],
                    "properties": {"notification_id": uuid, "kind": {"$ref": "#/components/schemas/EventKind"}}}),
            ),
            (
                "access",
                true,
                json!({"type": "object", "required": ["task_ids"],
                    "properties": {"task_ids": {"type": "array", "items": uuid}}}),
            ),
            (
                "ready",
                false,
                json!({"type": "object", "required": ["last_event_id"],
                    "properties": {"last_event_id": {"type": "integer", "minimum": 0}}}),
            ),
            ("reset", true, json!({"type": "object", "additionalProperties": false})),
        ];
        let mut one_of = OneOfBuilder::new();
        for (kind, has_id, data) in kinds {
            let mut event = ObjectBuilder::new()
                .title(Some(kind))
                .property("event", ObjectBuilder::new().schema_type(Type::String).enum_values(Some([kind])))
                .required("event")
                .property(
                    "data",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .content_media_type("application/json")
                        .extensions(Some(Extensions::from_iter([("contentSchema", data)]))),
                )
                .required("data")
                .property("id", ObjectBuilder::new().schema_type(Type::String).pattern(Some("^[0-9]+$")));
            if has_id {
                event = event.required("id");
            }
            one_of = one_of.item(event);
        }
        one_of.into()
    }
}

impl utoipa::ToSchema for LiveEvent {}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Resume after this event id (the same as the `Last-Event-ID` header, which wins).
    #[param(minimum = 0)]
    pub last_event_id: Option<i64>,
}

/// Live updates (Server-Sent Events)
///
/// A `text/event-stream` of what concerns the caller, as it happens:
/// - `notification`: a new notification in the caller's inbox, data `{"notification_id", "kind"}`;
/// - `task`: a task the caller can see changed, data `{"task_id", "root_id", "what"}` where `what`
///   is `comment`, `status`, `updated`, `subtask`, `meeting`, ...;
/// - `access`: the caller was removed from tasks and may no longer see them, data `{"task_ids"}`:
///   drop what is shown of them;
/// - `ready` once connected, data `{"last_event_id"}`;
/// - `reset` when events the client missed are no longer kept: reload everything.
///
/// Every event has an `id`; reconnect with `Last-Event-ID` (or `?last_event_id=`) to receive what
/// happened in between (kept for 24 hours). Events carry ids, not content: read the content through
/// the API. A comment line is sent every 20 s to keep proxies from closing the stream.
#[utoipa::path(tag = "events", params(EventsQuery,
    ("Last-Event-ID" = Option<String>, Header, nullable = false, pattern = "^[0-9]{0,18}$", description = "The id of the last event received (empty: none)")),
    responses(
    (status = 200, description = "The event stream", content_type = "text/event-stream", body = LiveEvent),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/events")]
pub async fn stream_events(
    st: web::Data<AppState>,
    me: CurrentUser,
    req: HttpRequest,
    q: web::Query<EventsQuery>,
) -> AppResult<HttpResponse> {
    let bad_header = || AppError::field("Last-Event-ID", "invalid", "Last-Event-ID must be an event id");
    let header = match req.headers().get("last-event-id").map(|v| v.to_str()) {
        None => None,
        Some(Ok(v)) => Some(v.trim()),
        Some(Err(_)) => return Err(bad_header()),
    };
    let resume = match header {
        Some(h) if !h.is_empty() => Some(h.parse::<i64>().map_err(|_| bad_header())?),
        _ => q.last_event_id,
    };
    if resume.is_some_and(|r| r < 0) || q.last_event_id.is_some_and(|r| r < 0) {
        return Err(AppError::field("last_event_id", "range", "an event id is 0 or more"));
    }
    // The account must still be active (a deactivated user's token may not have expired yet).
    let user = me.id.clone();
    if st.db.read(move |c| live::visible_tasks(c, &user, &[])).await?.is_none() {
        return Err(AppError::unauthenticated("the account is not active"));
    }
    // A browser keeps one stream per tab; a script opening hundreds is refused.
    let permit = st.streams.take(&me.id)?;
    let (tx, rx) = mpsc::channel::<Bytes>(64);
    let subscription = st.live.subscribe();
    let start = resume.unwrap_or_else(|| st.live.last_seq());
    let stream = serve(st.into_inner(), me.id, start, resume.is_some(), subscription, tx);
    actix_web::rt::spawn(async move {
        // The slot is the stream's until it ends.
        let _permit = permit;
        stream.await;
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (Ok::<_, actix_web::Error>(b), rx))
    });
    Ok(HttpResponse::Ok()
        .insert_header(("content-type", "text/event-stream"))
        .insert_header(("cache-control", "no-cache"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(body))
}

fn frame(seq: Option<i64>, event: &str, data: &str) -> Bytes {
    let mut s = String::with_capacity(data.len() + 40);
    if let Some(id) = seq {
        s.push_str(&format!("id: {id}\n"));
    }
    s.push_str(&format!("event: {event}\ndata: {data}\n\n"));
    Bytes::from(s)
}

/// What one subscriber knows and has sent.
struct Subscriber {
    st: Arc<AppState>,
    user: String,
    /// The last `seq` looked at (sent or not meant for this user).
    sent: i64,
    visible: HashMap<String, (bool, Instant)>,
    tx: mpsc::Sender<Bytes>,
}

impl Subscriber {
    /// Sends the events of `rows` meant for this user; false when the stream is over.
    async fn deliver(&mut self, rows: &[LiveRow]) -> AppResult<bool> {
        let rows: Vec<&LiveRow> = rows.iter().filter(|r| r.seq > self.sent).collect();
        let Some(last) = rows.last().map(|r| r.seq) else { return Ok(true) };
        let now = Instant::now();
        let mut unknown: Vec<String> = rows
            .iter()
            .filter(|r| r.user_id.is_none())
            .filter_map(|r| r.task_id.clone())
            .filter(|t| self.visible.get(t).is_none_or(|(_, at)| now.duration_since(*at) > VISIBILITY_TTL))
            .collect();
        unknown.sort();
        unknown.dedup();
        if !unknown.is_empty() {
            let user = self.user.clone();
            let ids = unknown.clone();
            let Some(seen) = self.st.db.read(move |c| live::visible_tasks(c, &user, &ids)).await? else {
                return Ok(false);
            };
            for t in unknown {
                let sees = seen.contains(&t);
                self.visible.insert(t, (sees, now));
            }
        }
        // Removed from tasks: what this stream knew of them no longer holds (a later event of
        // this batch is checked again below).
        let mut recheck: Vec<String> = Vec::new();
        for r in &rows {
            if r.kind == LiveKind::Access && r.user_id.as_deref() == Some(self.user.as_str()) {
                if let Ok(p) = serde_json::from_str::<serde_json::Value>(&r.payload) {
                    for id in p["task_ids"].as_array().into_iter().flatten().filter_map(|v| v.as_str()) {
                        recheck.push(id.to_owned());
                    }
                }
            }
        }
        if !recheck.is_empty() {
            let user = self.user.clone();
            let ids = recheck.clone();
            let Some(seen) = self.st.db.read(move |c| live::visible_tasks(c, &user, &ids)).await? else {
                return Ok(false);
            };
            for t in recheck {
                let sees = seen.contains(&t);
                self.visible.insert(t, (sees, now));
            }
        }
        for r in rows {
            let mine = match (&r.user_id, &r.task_id) {
                (Some(u), _) => *u == self.user,
                (None, Some(t)) => self.visible.get(t).is_some_and(|(v, _)| *v),
                (None, None) => true,
            };
            if mine && self.tx.send(frame(Some(r.seq), r.kind.as_str(), &r.payload)).await.is_err() {
                return Ok(false);
            }
        }
        self.sent = last;
        Ok(true)
    }

    /// Serves the log after `sent` from the database (a reconnect, or a subscriber that fell
    /// behind the broadcast); false when the stream is over.
    async fn catch_up(&mut self) -> AppResult<bool> {
        loop {
            let after = self.sent;
            let Some(rows) = self.st.db.read(move |c| live::since(c, after, crate::live::BATCH)).await? else {
                self.sent = self.st.live.last_seq();
                let reset = frame(Some(self.sent), "reset", "{}");
                return Ok(self.tx.send(reset).await.is_ok());
            };
            let full = rows.len() as i64 == crate::live::BATCH;
            if !self.deliver(&rows).await? {
                return Ok(false);
            }
            if !full {
                return Ok(true);
            }
        }
    }
}

async fn serve(
    st: Arc<AppState>,
    user: String,
    start: i64,
    resumed: bool,
    mut sub: broadcast::Receiver<Arc<Vec<LiveRow>>>,
    tx: mpsc::Sender<Bytes>,
) {
    let mut s = Subscriber { st, user, sent: start, visible: HashMap::new(), tx };
    let result: AppResult<()> = async {
        if s.tx.send(Bytes::from_static(b"retry: 3000\n\n")).await.is_err() {
            return Ok(());
        }
        if resumed && !s.catch_up().await? {
            return Ok(());
        }
        let ready = format!(r#"{{"last_event_id":{}}}"#, s.sent);
        if s.tx.send(frame(None, "ready", &ready)).await.is_err() {
            return Ok(());
        }
        loop {
            let next = actix_web::rt::time::timeout(KEEPALIVE, sub.recv()).await;
            let alive = match next {
                Err(_) => s.tx.send(Bytes::from_static(b": keepalive\n\n")).await.is_ok(),
                Ok(Ok(batch)) => {
                    // A batch may start after events this subscriber has not seen yet.
                    if batch.first().is_some_and(|r| r.seq > s.sent + 1) && !s.catch_up().await? {
                        return Ok(());
                    }
                    s.deliver(&batch).await?
                }
                Ok(Err(broadcast::error::RecvError::Lagged(_))) => s.catch_up().await?,
                Ok(Err(broadcast::error::RecvError::Closed)) => false,
            };
            if !alive {
                return Ok(());
            }
        }
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(error = %e, "live event stream ended with an error");
    }
}
