//! Building and running the server: `Application::build` binds (port 0 in tests) and wires the app;
//! `run_until_stopped` serves until SIGINT/SIGTERM, finishing requests in flight, and reloads the
//! catalogue on SIGHUP.

use crate::api::connection::ProblemStream;
use crate::api::limits::HeavyLimit;
use crate::api::{self, auth, extract::BodyLimit, middleware, rate_limit, OpenApiDocument, RouteTable};
use crate::cache::ComparisonCache;
use crate::config::Settings;
use crate::import::refresh::{RefreshStatus, Refresher};
use crate::metrics::Metrics;
use crate::store::{CatalogStore, StoreError};
use actix_http::body::MessageBody;
use actix_http::{HttpService, Protocol, Request, Response};
use actix_service::{map_config, IntoServiceFactory, Service, ServiceFactory, ServiceFactoryExt as _};
use actix_web::dev::fn_service;
use actix_web::dev::{AppConfig, Server};
use actix_web::{web, App, HttpServer, ResponseError};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config, SwaggerUi};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("the pricing data in {dir} is invalid, refusing to start.\n{source}")]
    Catalog { dir: String, source: StoreError },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    /// `--refresh-every` could not start.
    #[error("price refresh: {0}")]
    Refresh(String),
    /// A bug: the generated OpenAPI document does not compile to request validators.
    #[error("the OpenAPI document is unusable: {0}")]
    Document(String),
}

pub struct Application {
    port: u16,
    metrics_port: Option<u16>,
    server: Server,
    metrics_server: Option<Server>,
    store: Arc<CatalogStore>,
    bounds: Bounds,
    refresher: Option<Refresher>,
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
        let store =
            CatalogStore::open_with_books(&settings.data_dir, settings.price_books_dir.as_deref()).map_err(
                |source| StartupError::Catalog { dir: settings.data_dir.display().to_string(), source },
            )?;
        let store = Arc::new(store);
        let listener = TcpListener::bind(settings.addr)
            .map_err(|source| StartupError::Bind { addr: settings.addr.to_string(), source })?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(settings.addr.port());
        let bounds = Bounds::new(&settings);
        let cache = bounds.cache.clone();
        let metrics = Arc::new(Metrics::new(Arc::clone(&store), cache.clone()));
        let metrics_server = match settings.metrics_addr {
            Some(addr) => Some(serve_metrics(addr, Arc::clone(&metrics))?),
            None => None,
        };
        let refresh_status = Arc::new(RefreshStatus::default());
        let refresher = match &settings.refresh {
            Some(refresh) => {
                let refresher = Refresher::new(
                    Arc::clone(&store),
                    settings.data_dir.clone(),
                    refresh.from.clone(),
                    Arc::clone(&refresh_status),
                )
                .map_err(StartupError::Refresh)?;
                refresher
                    .clone()
                    .spawn(refresh.every)
                    .map_err(|e| StartupError::Refresh(format!("cannot start the refresh thread: {e}")))?;
                Some(refresher)
            }
            None => None,
        };
        let server = serve(
            listener,
            &settings,
            Arc::clone(&store),
            (cache, bounds.heavy.clone()),
            (metrics, refresh_status),
        )?;
        tracing::info!(addr = %settings.addr, port, catalog_version = %store.snapshot().version, "listening");
        let (metrics_port, metrics_server) = match metrics_server {
            Some((port, server)) => {
                tracing::info!(metrics_port = port, "serving /metrics");
                (Some(port), Some(server))
            }
            None => (None, None),
        };
        Ok(Application { port, metrics_port, server, metrics_server, store, bounds, refresher })
    }

    /// The port actually bound (useful when the settings asked for port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the separate metrics listener, when `metrics_addr` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_port
    }

    pub fn store(&self) -> Arc<CatalogStore> {
        Arc::clone(&self.store)
    }

    /// The price refresher, when `serve --refresh-every` is on (tests run it with `run_now`).
    pub fn refresher(&self) -> Option<Refresher> {
        self.refresher.clone()
    }

    /// The heavy endpoints' permits and the comparison cache this server uses (tests fill and read them).
    pub fn bounds(&self) -> Bounds {
        self.bounds.clone()
    }

    /// Serves until the process receives SIGINT or SIGTERM (actix's graceful shutdown); each SIGHUP
    /// reloads the catalogue meanwhile (a failed reload keeps the last good one).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let servers = async move {
            match self.metrics_server {
                Some(metrics_server) => {
                    // The metrics listener ignores signals; it stops when the main server has.
                    let handle = metrics_server.handle();
                    let main = async move {
                        let result = self.server.await;
                        handle.stop(true).await;
                        result
                    };
                    let (main, metrics) = tokio::join!(main, metrics_server);
                    main.and(metrics)
                }
                None => self.server.await,
            }
        };
        tokio::select! {
            result = servers => result,
            () = reload_on_sighup(self.store) => Ok(()),
        }
    }
}

/// Reloads on every SIGHUP, off the async threads; never returns.
async fn reload_on_sighup(store: Arc<CatalogStore>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::hangup()) {
            Ok(mut hangups) => {
                while hangups.recv().await.is_some() {
                    tracing::info!("SIGHUP: reloading the catalogue");
                    let store = Arc::clone(&store);
                    // The outcome is logged, counted and shown in /readyz by the store itself.
                    let _ = tokio::task::spawn_blocking(move || store.reload()).await;
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGHUP; reload with POST /v1/admin/reload")
            }
        }
    }
    #[cfg(not(unix))]
    let _ = store;
    std::future::pending::<()>().await
}

/// The separate, unauthenticated metrics listener: `GET /metrics` only.
fn serve_metrics(addr: std::net::SocketAddr, metrics: Arc<Metrics>) -> Result<(u16, Server), StartupError> {
    let bind_error = |source| StartupError::Bind { addr: addr.to_string(), source };
    let listener = TcpListener::bind(addr).map_err(bind_error)?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(addr.port());
    let metrics = web::Data::from(metrics);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(metrics.clone())
            .route(auth::METRICS_PATH, web::get().to(api::health::metrics))
            .default_service(web::to(|| async {
                api::problem::ApiError::NotFound { detail: t!("metrics-address-only"), suggestions: vec![] }
                    .error_response()
            }))
    })
    .workers(1)
    .disable_signals()
    .shutdown_timeout(1)
    .listen(listener)
    .map_err(bind_error)?
    .run();
    Ok((port, server))
}

fn serve(
    listener: TcpListener,
    settings: &Settings,
    store: Arc<CatalogStore>,
    (cache, heavy): (ComparisonCache, HeavyLimit),
    (metrics, refresh_status): (Arc<Metrics>, Arc<RefreshStatus>),
) -> Result<Server, StartupError> {
    let document = api::openapi();
    let routes = web::Data::new(RouteTable::from_openapi(&document));
    let document_text = web::Data::new(OpenApiDocument(api::openapi_text(&document)));
    let document_json: serde_json::Value =
        serde_json::from_str(&document_text.0).map_err(|e| StartupError::Document(e.to_string()))?;
    let body_schemas = web::Data::new(
        api::body_schema::BodySchemas::from_document(&document_json).map_err(StartupError::Document)?,
    );
    let store = web::Data::from(store);
    let body_limit = BodyLimit(settings.body_limit);
    let key_ring = web::Data::new(settings.api_keys.clone());
    let cache = web::Data::new(cache);
    let heavy = web::Data::new(heavy);
    let metrics = web::Data::from(metrics);
    let refresh_status = web::Data::from(refresh_status);
    let rate_limits = web::Data::new(rate_limit::RateLimits::new(settings.rate_limit_per_minute));
    let cors_origins = settings.cors_origins.clone();
    if key_ring.is_enabled() {
        tracing::info!(keys = key_ring.len(), "API keys required on /v1");
    }
    if let Some(per_minute) = settings.rate_limit_per_minute {
        tracing::info!(per_minute, "rate limit per API key (per client address without keys)");
    }

    let app = move || {
        let (app, _) = App::new().into_utoipa_app().configure(api::configure).split_for_parts();
        app.app_data(store.clone())
            .app_data(routes.clone())
            .app_data(document_text.clone())
            .app_data(body_schemas.clone())
            .app_data(body_limit)
            .app_data(key_ring.clone())
            .app_data(cache.clone())
            .app_data(heavy.clone())
            .app_data(metrics.clone())
            .app_data(rate_limits.clone())
            .app_data(refresh_status.clone())
            // validator_url("none"): Swagger UI would otherwise send the document URL to validator.swagger.io.
            .service(
                SwaggerUi::new("/docs/{_:.*}").config(Config::new(["/openapi.json"]).validator_url("none")),
            )
            .route("/docs", web::get().to(docs_redirect))
            .configure(crate::web::configure)
            .route(auth::METRICS_PATH, web::get().to(api::health::metrics))
            .default_service(web::to(api::fallback))
            // Inside the key check, so the limiter knows the key's name.
            // Inside the key check: the key's price book decides the snapshot.
            .wrap(actix_web::middleware::from_fn(middleware::pin_price_book))
            .wrap(actix_web::middleware::from_fn(rate_limit::limit))
            .wrap(actix_web::middleware::from_fn(auth::require_key))
            .wrap(actix_web::middleware::Condition::new(!cors_origins.is_empty(), cors(&cors_origins)))
            .wrap(actix_web::middleware::from_fn(middleware::head_as_get))
            .wrap(actix_web::middleware::from_fn(middleware::observe))
            // Outermost: the answer's language holds for every layer inside, problems included.
            .wrap(actix_web::middleware::from_fn(middleware::speak_language))
    };
    let addr = settings.addr.to_string();
    http_server(listener, settings.workers, app).map_err(|source| StartupError::Bind { addr, source })
}

/// What actix-web's `HttpServer` does for one plain-HTTP listener (its timeouts, graceful shutdown
/// within 10 s), with every connection wrapped in `ProblemStream`, so the errors the HTTP/1 codec
/// answers by itself (unparsable or oversized heads, stalled clients) are problem+json like the rest.
fn http_server<F, I, S, B>(listener: TcpListener, workers: Option<usize>, app: F) -> std::io::Result<Server>
where
    F: Fn() -> I + Send + Clone + 'static,
    I: IntoServiceFactory<S, Request>,
    S: ServiceFactory<Request, Config = AppConfig> + 'static,
    S::Error: Into<actix_web::Error> + 'static,
    S::InitError: std::fmt::Debug,
    S::Response: Into<Response<B>> + 'static,
    <S::Service as Service<Request>>::Future: 'static,
    S::Service: 'static,
    B: MessageBody + 'static,
{
    let local_addr = listener.local_addr()?;
    let mut builder = actix_server::Server::build().shutdown_timeout(10);
    if let Some(workers) = workers {
        builder = builder.workers(workers);
    }
    let builder = builder.listen("breakeven", listener, move || {
        let application = app().into_factory().map_err(|err| err.into().error_response());
        let http = HttpService::build()
            .keep_alive(Duration::from_secs(5))
            .client_request_timeout(Duration::from_secs(5))
            .client_disconnect_timeout(Duration::from_secs(1))
            .local_addr(local_addr)
            .finish(map_config(application, |_| AppConfig::default()));
        fn_service(|io: actix_web::rt::net::TcpStream| async move {
            let peer = io.peer_addr().ok();
            Ok::<_, actix_http::error::DispatchError>((ProblemStream::new(io), Protocol::Http1, peer))
        })
        .and_then(http)
    })?;
    Ok(builder.run())
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
        .expose_headers([
            actix_web::http::header::ETAG,
            actix_web::http::header::RETRY_AFTER,
            middleware::REQUEST_ID,
            middleware::CATALOG_VERSION,
            rate_limit::RATELIMIT,
            rate_limit::RATELIMIT_POLICY,
        ])
        .max_age(3600);
    for origin in origins {
        cors = if origin == "*" { cors.allow_any_origin() } else { cors.allowed_origin(origin) };
    }
    cors
}
