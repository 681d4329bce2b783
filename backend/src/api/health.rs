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

/// Prometheus text metrics (not part of the REST API).
pub async fn metrics(st: web::Data<AppState>) -> HttpResponse {
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
