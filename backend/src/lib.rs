//! Tandem: cross-department collaboration. The library behind the `tandem` binary; tests build
//! the same app.

pub mod api;
pub mod blobs;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod extract;
pub mod live;
pub mod metrics;
pub mod outbound;
pub mod private_fs;
pub mod search;
pub mod seed;
pub mod seed_bench;
pub mod seed_cases;
pub mod state;
pub mod values;
pub mod workbooks;
pub mod workers;
pub mod zipstream;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpResponse};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Config;
use crate::db::Db;
use crate::error::AppResult;
use crate::state::AppState;

/// Connects to the database, runs migrations and loads the signing secret.
pub fn init_state(config: Config) -> AppResult<AppState> {
    init_state_with_clock(config, clock::Clock::system())
}

/// [`init_state`] on a given clock (tests pass one they control).
pub fn init_state_with_clock(config: Config, clock: clock::Clock) -> AppResult<AppState> {
    domain::reminders::configure(config.rules.clone());
    let db = Db::connect(&config.database_url, config.db_pool_size)?.with_clock(clock);
    let applied = db.migrate()?;
    if applied > 0 {
        tracing::info!(applied, "database migrations applied");
    }
    let secret = domain::auth::load_or_create_secret(config.jwt_secret.as_deref(), &config.data_dir)?;
    Ok(AppState::new(config, db, &secret))
}

/// The whole HTTP application: API, docs, probes, metrics, problem+json for everything else.
pub fn build_app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let cors = state.config.cors_origins.iter().fold(
        actix_cors::Cors::default()
            .allowed_methods(["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"])
            .allowed_headers(["authorization", "content-type", "if-match", "last-event-id"])
            .expose_headers(["etag", "retry-after", "x-request-id", "location"])
            .max_age(3600),
        |cors, origin| cors.allowed_origin(origin),
    );
    let (app, openapi) = api::routes(
        App::new()
            .into_utoipa_app()
            .openapi(api::ApiDoc::openapi())
            .app_data(state.clone())
            .app_data(web::QueryConfig::default().error_handler(api::extract::query_error))
            .app_data(web::PathConfig::default().error_handler(api::extract::path_error))
            .app_data(web::JsonConfig::default().error_handler(api::extract::json_config_error)),
    )
    .split_for_parts();
    let openapi = api::documented(openapi);
    // No validator badge: it would send the document's address to validator.swagger.io.
    let docs = utoipa_swagger_ui::Config::default().validator_url("none");
    app.service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", openapi).config(docs))
        .route(
            "/api/docs",
            web::get().to(|| async { HttpResponse::Found().insert_header(("location", "/api/docs/")).finish() }),
        )
        .route("/metrics", web::get().to(api::health::metrics))
        .default_service(web::to(api::not_found))
        .wrap(from_fn(api::head_as_get))
        .wrap(from_fn(api::observe))
        .wrap(cors)
        .wrap(tracing_actix_web::TracingLogger::<api::LogSpan>::new())
}

/// A running HTTP server (and, when configured, the background workers).
pub struct Running {
    pub addr: std::net::SocketAddr,
    pub handle: actix_web::dev::ServerHandle,
    pub server: actix_web::dev::Server,
}

/// Binds the configured address (port 0 picks a free one) and returns the server to await.
pub fn start(mut state: AppState) -> std::io::Result<Running> {
    let listener = std::net::TcpListener::bind(state.config.bind)?;
    let addr = listener.local_addr()?;
    // The API's own address, now that the port is known (port 0 picks one).
    state.config.bind = addr;
    let run_workers = state.config.run_workers;
    let state = web::Data::new(state);
    let data = state.clone();
    // Database work runs on blocking threads; more of them than pooled connections would only
    // wait for a connection, each thread with its own allocator arena (memory).
    let blocking = usize::try_from(state.db.max_connections()).unwrap_or(8).max(2);
    let mut server = actix_web::HttpServer::new(move || build_app(data.clone()))
        .shutdown_timeout(10)
        .worker_max_blocking_threads(blocking);
    if state.config.http_workers > 0 {
        server = server.workers(state.config.http_workers);
    }
    let server = server.listen(listener)?.run();
    let handle = server.handle();
    live::spawn(state.live.clone(), state.db.clone(), state.config.database_url.clone());
    // Every serving process keeps its own search index.
    workers::search::spawn(&state.search, state.db.clone(), &state.live, &state.config.database_url);
    if run_workers {
        workers::spawn(state.into_inner());
    }
    Ok(Running { addr, handle, server })
}
