//! Building and running the server: `Application::build` binds (port 0 in tests) and wires the app;
//! `run_until_stopped` serves until SIGINT/SIGTERM, finishing requests in flight.

use crate::api::{
    self, auth, extract::BodyLimit, limits::HeavyLimit, middleware, OpenApiDocument, RouteTable,
};
use crate::cache::ComparisonCache;
use crate::config::Settings;
use crate::store::{CatalogStore, StoreError};
use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use std::sync::Arc;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config, SwaggerUi};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("the pricing data in {dir} is invalid, refusing to start.\n{source}")]
    Catalog { dir: String, source: StoreError },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
}

pub struct Application {
    port: u16,
    server: Server,
    store: Arc<CatalogStore>,
    bounds: Bounds,
}

/// The bounded shared state: the heavy endpoints' permits and the comparison cache.
#[derive(Clone)]
pub struct Bounds {
    pub heavy: HeavyLimit,
    pub cache: ComparisonCache,
}

impl Bounds {
    fn new(settings: &Settings) -> Self {
        Bounds {
            heavy: HeavyLimit::new(settings.heavy_concurrency),
            // Recent comparisons up to a byte budget, kept an hour: spreadsheet recalculations.
            cache: ComparisonCache::new(settings.cache_bytes, std::time::Duration::from_secs(3600)),
        }
    }
}

impl Application {
    /// Loads the catalogue (failing closed), binds the listener and prepares the server.
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        let store = CatalogStore::open(&settings.data_dir).map_err(|source| StartupError::Catalog {
            dir: settings.data_dir.display().to_string(),
            source,
        })?;
        let store = Arc::new(store);
        let listener = TcpListener::bind(settings.addr)
            .map_err(|source| StartupError::Bind { addr: settings.addr.to_string(), source })?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(settings.addr.port());
        let bounds = Bounds::new(&settings);
        let server = serve(listener, &settings, Arc::clone(&store), bounds.clone())?;
        tracing::info!(addr = %settings.addr, port, catalog_version = %store.snapshot().version, "listening");
        Ok(Application { port, server, store, bounds })
    }

    /// The port actually bound (useful when the settings asked for port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn store(&self) -> Arc<CatalogStore> {
        Arc::clone(&self.store)
    }

    /// The heavy endpoints' permits and the comparison cache this server uses (tests fill and read them).
    pub fn bounds(&self) -> Bounds {
        self.bounds.clone()
    }

    /// Serves until the process receives SIGINT or SIGTERM (actix's graceful shutdown).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn serve(
    listener: TcpListener,
    settings: &Settings,
    store: Arc<CatalogStore>,
    bounds: Bounds,
) -> Result<Server, StartupError> {
    let document = api::openapi();
    let routes = web::Data::new(RouteTable::from_openapi(&document));
    let document_text = web::Data::new(OpenApiDocument(api::openapi_text(&document)));
    let store = web::Data::from(store);
    let body_limit = BodyLimit(settings.body_limit);
    let key_ring = web::Data::new(settings.api_keys.clone());
    let cache = web::Data::new(bounds.cache);
    let heavy = web::Data::new(bounds.heavy);
    let cors_origins = settings.cors_origins.clone();
    if key_ring.is_enabled() {
        tracing::info!(keys = key_ring.len(), "API keys required on /v1");
    }

    let mut server = HttpServer::new(move || {
        let (app, _) = App::new().into_utoipa_app().configure(api::configure).split_for_parts();
        app.app_data(store.clone())
            .app_data(routes.clone())
            .app_data(document_text.clone())
            .app_data(body_limit)
            .app_data(key_ring.clone())
            .app_data(cache.clone())
            .app_data(heavy.clone())
            // validator_url("none"): Swagger UI would otherwise send the document URL to validator.swagger.io.
            .service(
                SwaggerUi::new("/docs/{_:.*}").config(Config::new(["/openapi.json"]).validator_url("none")),
            )
            .route("/docs", web::get().to(docs_redirect))
            .default_service(web::to(api::fallback))
            .wrap(actix_web::middleware::from_fn(auth::require_key))
            .wrap(actix_web::middleware::Condition::new(!cors_origins.is_empty(), cors(&cors_origins)))
            .wrap(actix_web::middleware::from_fn(middleware::head_as_get))
            .wrap(actix_web::middleware::from_fn(middleware::observe))
    })
    .shutdown_timeout(10);
    if let Some(workers) = settings.workers {
        server = server.workers(workers);
    }
    let addr = settings.addr.to_string();
    let server = server.listen(listener).map_err(|source| StartupError::Bind { addr, source })?.run();
    Ok(server)
}

/// `/docs` → `/docs/`, so relative asset links resolve.
async fn docs_redirect() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}

/// CORS for the configured origins (only wrapped when some are configured: browsers send `Origin` on
/// same-origin POSTs too, e.g. from /docs, and those must not be refused).
fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "HEAD", "POST", "OPTIONS"])
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::ACCEPT,
            actix_web::http::header::IF_NONE_MATCH,
            actix_web::http::header::HeaderName::from_static("x-api-key"),
            actix_web::http::header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([actix_web::http::header::ETAG, middleware::REQUEST_ID, middleware::CATALOG_VERSION])
        .max_age(3600);
    for origin in origins {
        cors = if origin == "*" { cors.allow_any_origin() } else { cors.allowed_origin(origin) };
    }
    cors
}
