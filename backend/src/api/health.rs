//! Liveness, readiness and Prometheus metrics.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::work_calendar::CalendarWarningDto;
use crate::error::{AppResult, ProblemDetails};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthDto {
    #[schema(example = "ok")]
    pub status: String,
}

/// Liveness: the process answers
#[utoipa::path(tag = "health", responses((status = 200, description = "OK", body = HealthDto)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<HealthDto> {
    web::Json(HealthDto { status: "ok".into() })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReadyDto {
    #[schema(example = "ok")]
    pub status: String,
    /// What operators should act on, without failing readiness: e.g. the working calendar has
    /// no holiday schedule for the coming year (from 1 November) or for this one.
    pub warnings: Vec<CalendarWarningDto>,
}

/// Readiness: the database is reachable (with warnings for operators)
#[utoipa::path(tag = "health", responses((status = 200, description = "OK", body = ReadyDto), (status = 503, description = "Not ready", body = ProblemDetails, content_type = "application/problem+json")))]
#[get("/readyz")]
pub async fn readyz(st: web::Data<AppState>) -> AppResult<web::Json<ReadyDto>> {
    st.db.read(crate::db::ping).await?;
    // Warnings never fail the probe: a failure to compute them is logged and left out.
    let warnings = match st.db.read(crate::domain::work_calendar::current_warnings).await {
        Ok(w) => w.into_iter().map(CalendarWarningDto::from).collect(),
        Err(e) => {
            tracing::warn!(error = %e, "readyz: could not compute the working calendar's warnings");
            Vec::new()
        }
    };
    Ok(web::Json(ReadyDto { status: "ok".into(), warnings }))
}

/// Prometheus text metrics (not part of the REST API). With `TANDEM_METRICS_TOKEN` set, only
/// for `Authorization: Bearer <token>`; without, only for loopback clients. Anyone else gets the
/// same 404 as an unknown route.
pub async fn metrics(
    req: actix_web::HttpRequest,
    st: web::Data<AppState>,
) -> Result<HttpResponse, crate::error::AppError> {
    if !may_read_metrics(&req, st.config.metrics_token.as_deref()) {
        return crate::api::not_found(req).await;
    }
    Ok(render_metrics(&st))
}

fn may_read_metrics(req: &actix_web::HttpRequest, token: Option<&str>) -> bool {
    match token {
        Some(expected) => req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| {
                use sha2::Digest;
                // Compared as digests: equal length, no early exit on the first wrong byte.
                sha2::Sha256::digest(given.trim().as_bytes()) == sha2::Sha256::digest(expected.as_bytes())
            }),
        None => req.peer_addr().is_some_and(|a| a.ip().is_loopback()),
    }
}

fn render_metrics(st: &AppState) -> HttpResponse {
    use prometheus::Encoder;
    let encoder = prometheus::TextEncoder::new();
    let mut buf = Vec::new();
    let mut families = st.metrics.registry.gather();
    families.extend(prometheus::default_registry().gather());
    if let Err(e) = encoder.encode(&families, &mut buf) {
        tracing::error!(error = %e, "cannot encode metrics");
        return HttpResponse::InternalServerError().finish();
    }
    HttpResponse::Ok().content_type(encoder.format_type()).body(buf)
}
