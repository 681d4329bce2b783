//! Liveness, readiness and Prometheus metrics.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

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

/// Readiness: the database is reachable
#[utoipa::path(tag = "health", responses((status = 200, description = "OK", body = HealthDto), (status = 503, description = "Not ready", body = ProblemDetails, content_type = "application/problem+json")))]
#[get("/readyz")]
pub async fn readyz(st: web::Data<AppState>) -> AppResult<web::Json<HealthDto>> {
    st.db.read(crate::db::ping).await?;
    Ok(web::Json(HealthDto { status: "ok".into() }))
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
