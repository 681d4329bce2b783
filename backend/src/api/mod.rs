//! HTTP only: routes, extractors, DTOs and the OpenAPI document.

pub mod approvals;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod channels;
pub mod collections;
pub mod comments;
pub mod departments;
pub mod download;
pub mod events;
pub mod extract;
pub mod files;
pub mod graph;
pub mod health;
pub mod login_locks;
pub mod me;
pub mod meetings;
pub mod notifications;
pub mod pagination;
pub mod participants;
pub mod reminders;
pub mod reports;
pub mod responses;
pub mod search;
pub mod tasks;
pub mod users;
pub mod work_calendar;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest};
use serde::{Deserialize, Deserializer};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::scope;

use crate::error::AppError;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tandem API",
        version = "1",
        description = "Tandem: cross-department collaboration. All endpoints live under `/api/v1`, speak JSON with \
snake_case fields and RFC 3339 UTC timestamps, and answer errors as RFC 9457 `application/problem+json` with a \
stable `code` and per-field `errors`. Lists use `limit` (1–100) and an opaque `cursor`; the response carries \
`next_cursor`. Changes to a resource send `If-Match` with its `ETag` (428 without it, 412 when stale). \
Authenticate with `Authorization: Bearer <token>`: an access token from `/auth/login` or a personal access token."
    ),
    modifiers(&BearerAuth),
    components(schemas(crate::values::EventKind, crate::values::TaskChange)),
    tags(
        (name = "auth", description = "Sign-in and sessions"),
        (name = "me", description = "The signed-in user"),
        (name = "users", description = "The company directory"),
        (name = "departments", description = "Departments and their heads"),
        (name = "tasks", description = "Cross-department tasks, subtasks, progress and history"),
        (name = "comments", description = "The conversation on a task: comments, replies, mentions, pins, attachments"),
        (name = "files", description = "Versioned files of a task: uploads, versions, restore, change log, downloads"),
        (name = "meetings", description = "Meetings of a task, minutes, invitations and calendar feeds"),
        (name = "search", description = "Full-text search across tasks, comments, meetings and files, permissions first"),
        (name = "notifications", description = "The in-app inbox"),
        (name = "cases", description = "The case library (协作案例库): marking a task done with its 协作总结, archiving, reopening, tags, the faceted library, a case's page, and starting a new task from a case"),
        (name = "collections", description = "Collections (收集) of routine information sync: who must hand in what by when, rounds, hand-ins, the collector's matrix, zip and answers downloads"),
        (name = "approvals", description = "Resource requests (资源申请): the request form, approval flows (审批流), the approvers' actions and the approvals page's boxes"),
        (name = "reminders", description = "Help requests and weekly summaries of the reminder engine"),
        (name = "work-calendar", description = "The working calendar the SLA clocks count with: holidays, make-up working days, yearly schedules"),
        (name = "reports", description = "Efficiency reports and Excel exports for managers"),
        (name = "channels", description = "Delivery outside the app: group robots, webhooks, preferences, the job queue"),
        (name = "events", description = "Live updates (Server-Sent Events)"),
        (name = "audit", description = "The audit log of security-relevant events (administrators)"),
        (name = "health", description = "Probes")
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT or tdm_pat_…").build(),
            ),
        );
        // The error vocabulary, so clients can translate every code.
        let (name, schema) = (
            <crate::error::ErrorCode as utoipa::ToSchema>::name().into_owned(),
            <crate::error::ErrorCode as utoipa::PartialSchema>::schema(),
        );
        components.schemas.entry(name).or_insert(schema);
    }
}

/// The documented routes: used to serve requests and to print the OpenAPI document.
pub fn routes<T>(app: utoipa_actix_web::UtoipaApp<T>) -> utoipa_actix_web::UtoipaApp<T>
where
    T: actix_web::dev::ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.service(health::healthz).service(health::readyz).service(
        scope::scope("/api/v1")
            .service(auth::login)
            .service(auth::refresh_session)
            .service(auth::logout)
            .service(login_locks::list_login_locks)
            .service(login_locks::clear_login_lock)
            .service(me::get_me)
            .service(me::update_me)
            .service(me::change_password)
            .service(me::list_access_tokens)
            .service(me::create_access_token)
            .service(me::revoke_access_token)
            .service(tasks::list_my_tasks)
            .service(users::list_users)
            .service(users::get_user)
            .service(users::create_user)
            .service(users::update_user)
            .service(departments::list_departments)
            .service(departments::get_department)
            .service(departments::create_department)
            .service(departments::update_department)
            .service(tasks::create_task)
            .service(tasks::list_tasks)
            .service(tasks::get_task)
            .service(tasks::update_task)
            .service(tasks::delete_task)
            .service(tasks::publish_task)
            .service(tasks::create_subtask)
            .service(tasks::post_progress)
            .service(tasks::list_task_history)
            .service(tasks::create_dependency)
            .service(tasks::delete_dependency)
            .service(participants::list_participants)
            .service(participants::remove_participant)
            .service(graph::get_task_graph)
            .service(tasks::list_templates)
            .service(notifications::mark_all_notifications_read)
            .service(notifications::list_notifications)
            .service(notifications::mark_notification_read)
            .service(notifications::acknowledge_notification)
            .service(comments::list_comments)
            .service(comments::create_comment)
            .service(comments::update_comment)
            .service(comments::delete_comment)
            .service(comments::pin_comment)
            .service(comments::unpin_comment)
            .service(comments::list_comment_revisions)
            .service(comments::upload_attachment)
            .service(comments::download_attachment)
            .service(events::stream_events)
            .service(files::list_task_files)
            .service(files::list_files)
            .service(search::search)
            .service(files::upload_file)
            .service(files::get_file)
            .service(files::update_file)
            .service(files::delete_file)
            .service(files::undelete_file)
            .service(files::list_file_versions)
            .service(files::upload_file_version)
            .service(files::restore_file_version)
            .service(files::download_file)
            .service(files::download_file_version)
            .service(files::list_file_changes)
            .service(reports::get_efficiency_report)
            .service(reports::create_export)
            .service(reports::list_exports)
            .service(reports::get_export)
            .service(reports::download_export)
            .service(meetings::list_task_meetings)
            .service(meetings::get_meeting_draft)
            .service(meetings::create_meeting)
            .service(meetings::get_meeting)
            .service(meetings::update_meeting)
            .service(meetings::cancel_meeting)
            .service(meetings::save_minutes)
            .service(meetings::create_action_item_subtask)
            .service(meetings::get_meeting_invite)
            .service(meetings::list_my_meetings)
            .service(meetings::list_my_deadlines)
            .service(meetings::get_calendar_feed)
            .service(meetings::create_calendar_feed)
            .service(meetings::revoke_calendar_feed)
            .service(meetings::calendar_feed)
            .service(channels::list_robots)
            .service(channels::create_robot)
            .service(channels::update_robot)
            .service(channels::delete_robot)
            .service(channels::test_robot)
            .service(channels::list_webhooks)
            .service(channels::create_webhook)
            .service(channels::delete_webhook)
            .service(channels::list_webhook_deliveries)
            .service(channels::get_preferences)
            .service(channels::set_preferences)
            .service(channels::list_jobs)
            .service(channels::retry_job)
            .service(cases::complete_task)
            .service(cases::get_task_summary)
            .service(cases::archive_task)
            .service(cases::reopen_case)
            .service(cases::set_task_tags)
            .service(cases::list_cases)
            .service(cases::suggest_case_tags)
            .service(cases::get_case)
            .service(cases::reuse_case)
            .service(collections::list_collections)
            .service(collections::create_collection)
            .service(collections::get_collection)
            .service(collections::update_collection)
            .service(collections::list_round_submissions)
            .service(collections::close_round)
            .service(collections::reopen_round)
            .service(collections::download_round_archive)
            .service(collections::download_round_answers)
            .service(collections::get_submission)
            .service(collections::upload_submission_file)
            .service(collections::remove_submission_file)
            .service(collections::hand_in_submission)
            .service(collections::accept_submission)
            .service(collections::return_submission)
            .service(collections::my_submissions)
            .service(approvals::list_approvals)
            .service(approvals::get_approval_counts)
            .service(approvals::list_approval_flows)
            .service(approvals::create_approval_flow)
            .service(approvals::get_approval_flow)
            .service(approvals::update_approval_flow)
            .service(approvals::get_request)
            .service(approvals::save_request)
            .service(approvals::list_request_submissions)
            .service(approvals::submit_request)
            .service(approvals::withdraw_request)
            .service(approvals::nudge_request)
            .service(approvals::approve_request)
            .service(approvals::reject_request)
            .service(approvals::return_request)
            .service(approvals::transfer_request)
            .service(approvals::add_request_approver)
            .service(responses::list_department_responses)
            .service(responses::accept_department_response)
            .service(responses::decline_department_response)
            .service(reminders::create_help_request)
            .service(reminders::list_help_requests)
            .service(reminders::answer_help_request)
            .service(reminders::list_weekly_summaries)
            .service(reminders::get_weekly_summary)
            .service(reminders::save_weekly_summary)
            .service(work_calendar::get_work_calendar)
            .service(work_calendar::get_work_calendar_status)
            .service(work_calendar::export_work_calendar_year)
            .service(work_calendar::import_work_calendar)
            .service(work_calendar::set_calendar_day)
            .service(work_calendar::delete_calendar_day)
            .service(audit::list_audit_events),
    )
}

/// The OpenAPI document of the routes.
pub fn openapi() -> utoipa::openapi::OpenApi {
    use utoipa_actix_web::AppExt;
    documented(routes(actix_web::App::new().into_utoipa_app().openapi(ApiDoc::openapi())).split_for_parts().1)
}

/// The document as clients read it: a route's pattern (`{day:[0-9]{4}-…}`, which keeps `imports`
/// from being read as a day) is written as its plain parameter (`{day}`); the parameter's own
/// schema says what it looks like.
pub fn documented(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::path::ParameterIn;
    let paths = std::mem::take(&mut doc.paths.paths);
    doc.paths.paths = paths
        .into_iter()
        .map(|(template, mut item)| {
            let plain = plain_template(&template);
            if plain != template {
                // The pattern's own braces (`{4}`) were read as parameters too: drop them.
                let named = |name: &str| plain.contains(&format!("{{{name}}}"));
                for op in [&mut item.get, &mut item.put, &mut item.post, &mut item.patch, &mut item.delete]
                    .into_iter()
                    .flatten()
                {
                    if let Some(params) = op.parameters.as_mut() {
                        params.retain(|p| match p {
                            utoipa::openapi::RefOr::T(p) => p.parameter_in != ParameterIn::Path || named(&p.name),
                            utoipa::openapi::RefOr::Ref(_) => true,
                        });
                    }
                }
            }
            (plain, item)
        })
        .collect();
    doc
}

fn plain_template(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let (mut depth, mut skipping) = (0usize, false);
    for ch in template.chars() {
        match ch {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push(ch);
                }
            }
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    skipping = false;
                    out.push(ch);
                }
            }
            ':' if depth == 1 => skipping = true,
            _ if depth >= 1 && skipping => {}
            _ if depth > 1 => {}
            _ => out.push(ch),
        }
    }
    out
}

/// The OpenAPI document as YAML (what `tandem openapi` prints and `openapi.yaml` holds).
pub fn openapi_yaml() -> String {
    openapi().to_yaml().unwrap_or_else(|e| format!("# cannot render the OpenAPI document: {e}\n"))
}

/// `Option<Option<T>>` for PATCH bodies: absent = unchanged, `null` = clear.
pub fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Unknown routes answer problem+json too: 405 with `Allow` when the path exists with other
/// methods (as the OpenAPI document declares them), 404 otherwise.
pub async fn not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, AppError> {
    use crate::error::ErrorCode;
    let allowed = declared_methods(req.path());
    // A declared method on a path whose parameters do not fit (e.g. not a date): not found.
    if allowed.is_empty() || allowed.contains(&req.method().as_str()) {
        return Err(AppError::new(ErrorCode::NotFound, format!("no route for {} {}", req.method(), req.path())));
    }
    Err(AppError::new(ErrorCode::MethodNotAllowed, format!("{} is not allowed on {}", req.method(), req.path()))
        .with_allowed(allowed))
}

/// The methods the OpenAPI document declares for the path a request names (empty when no path
/// template matches). A template's `{parameter}` matches one non-empty segment; where several
/// templates match, the ones with the most literal segments win (`/work-calendar/imports` is not
/// `/work-calendar/{day}`), as in routing.
fn declared_methods(path: &str) -> Vec<&'static str> {
    type Table = Vec<(Vec<String>, Vec<&'static str>)>;
    static TABLE: std::sync::LazyLock<Table> = std::sync::LazyLock::new(|| {
        openapi()
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let segments = template.split('/').map(str::to_owned).collect();
                let methods = [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                (segments, methods.into_iter().filter(|(_, declared)| *declared).map(|(m, _)| m).collect())
            })
            .collect()
    });
    let asked: Vec<&str> = path.split('/').collect();
    let fits = |template: &[String]| {
        template.len() == asked.len()
            && template.iter().zip(&asked).all(|(t, a)| t == a || (t.starts_with('{') && !a.is_empty()))
    };
    let literals = |template: &[String]| template.iter().filter(|t| !t.starts_with('{')).count();
    let matching: Vec<_> = TABLE.iter().filter(|(t, _)| fits(t)).collect();
    let best = matching.iter().map(|(t, _)| literals(t)).max().unwrap_or(0);
    let mut methods: Vec<&'static str> =
        matching.iter().filter(|(t, _)| literals(t) == best).flat_map(|(_, m)| m.iter().copied()).collect();
    methods.sort_unstable();
    methods.dedup();
    methods
}

/// `HEAD` answers wherever `GET` does (calendar clients and monitors probe with it): the request
/// is routed and handled as a `GET`, and the connection, which knows it was a `HEAD`, sends the
/// response's status and headers (`Content-Length` included) without the body.
///
/// A body of unknown length (the live event stream) would still be polled to its end, which for
/// a stream never comes: it is dropped, and the answer ends with the headers.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let head = req.method() == actix_web::http::Method::HEAD;
    if head {
        req.head_mut().method = actix_web::http::Method::GET;
    }
    let res = next.call(req).await?.map_into_boxed_body();
    if head && matches!(res.response().body().size(), actix_web::body::BodySize::Stream) {
        return Ok(res.map_body(|_, _| actix_web::body::BoxBody::new(())));
    }
    Ok(res)
}

/// Adds the request id to every response and records Prometheus metrics per route pattern.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = std::time::Instant::now();
    let method = req.method().to_string();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let request_id = req.extensions().get::<tracing_actix_web::RequestId>().map(|r| r.to_string());
    let mut res = next.call(req).await?;
    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    tracing::debug!(%method, %route, status = res.status().as_u16(), elapsed_ms = start.elapsed().as_millis() as u64, "request");
    if let Some(st) = state {
        if method != "GET" && method != "HEAD" && method != "OPTIONS" && res.status().is_success() {
            // A committed write: live subscribers and the outbox may have news.
            st.live.after_write();
        }
        st.metrics.requests.with_label_values(&[method.as_str(), route.as_str(), res.status().as_str()]).inc();
        st.metrics
            .duration
            .with_label_values(&[method.as_str(), route.as_str()])
            .observe(start.elapsed().as_secs_f64());
    }
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        res.headers_mut().insert(HeaderName::from_static("x-request-id"), id);
    }
    security_headers(res.headers_mut(), route.starts_with("/api/docs"));
    Ok(res)
}

/// What no answer of the API needs: to be framed, sniffed into another type, or to run anything
/// (a file opened in the browser is sandboxed). The interactive docs load their own scripts and
/// styles and nothing else.
fn security_headers(h: &mut actix_web::http::header::HeaderMap, docs: bool) {
    let csp = if docs {
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    } else {
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox"
    };
    for (name, value) in [
        ("content-security-policy", csp),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-resource-policy", "same-site"),
    ] {
        let name = HeaderName::from_static(name);
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
}

/// The root span of each request: the default one, but the path only (no query) and a calendar
/// feed's secret file name left out, so no log line carries a credential.
pub struct LogSpan;

/// A request path as logged.
pub fn log_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix("/api/v1/calendar/") {
        Some(secret) if !secret.is_empty() => "/api/v1/calendar/…".into(),
        _ => path.into(),
    }
}

impl tracing_actix_web::RootSpanBuilder for LogSpan {
    fn on_request_start(req: &ServiceRequest) -> tracing::Span {
        let request_id =
            req.extensions().get::<tracing_actix_web::RequestId>().map(|r| r.to_string()).unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %req.method(),
            http.target = %log_path(req.path()),
            request_id = %request_id,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: tracing::Span, outcome: &Result<ServiceResponse<B>, actix_web::Error>) {
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn route_patterns_are_documented_as_plain_parameters() {
        assert_eq!(super::plain_template("/a/{day:[0-9]{4}-[0-9]{2}}/b"), "/a/{day}/b");
        assert_eq!(super::plain_template("/a/{id}/{n:\\d+}"), "/a/{id}/{n}");
        assert_eq!(super::plain_template("/plain"), "/plain");
    }

    #[test]
    fn undeclared_methods_get_the_declared_ones_of_the_most_literal_template() {
        assert_eq!(super::declared_methods("/api/v1/work-calendar/imports"), vec!["POST"]);
        assert_eq!(super::declared_methods("/api/v1/work-calendar/2026-10-01"), vec!["DELETE", "PUT"]);
        assert_eq!(super::declared_methods("/api/v1/tasks"), vec!["GET", "POST"]);
        assert!(super::declared_methods("/api/v1/nothing/here").is_empty());
    }

    #[test]
    fn logged_paths_leave_out_calendar_feed_secrets() {
        assert_eq!(super::log_path("/api/v1/calendar/tdm_cal_SECRET.ics"), "/api/v1/calendar/…");
        assert_eq!(super::log_path("/api/v1/tasks/1"), "/api/v1/tasks/1");
        assert_eq!(super::log_path("/api/v1/calendar/"), "/api/v1/calendar/");
    }
}
