//! Liveness, readiness and the OpenAPI document.

use super::problem::{CommonErrors, OpsErrors, Problem};
use crate::store::CatalogStore;
use actix_web::{get, post, web, HttpResponse, Responder};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the process answers.
    #[schema(example = "ok")]
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    #[schema(example = "ready")]
    pub status: String,
    /// Version (content hash) of the catalogue in use.
    #[schema(example = "sha256:0123456789abcdef")]
    pub catalog_version: String,
    pub offerings: usize,
    /// The last reload (admin endpoint or SIGHUP); absent before the first. A failed reload keeps the
    /// previous catalogue, so the service stays ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_reload: Option<LastReload>,
}

/// The outcome of a reload.
#[derive(Debug, Serialize, ToSchema)]
pub struct LastReload {
    /// `succeeded` or `failed`.
    #[schema(example = "failed")]
    pub outcome: ReloadResult,
    /// When it finished (RFC 3339, UTC).
    #[schema(value_type = String, format = DateTime)]
    pub at: chrono::DateTime<chrono::Utc>,
    /// The catalogue serving after it (the kept one when it failed).
    pub catalog_version: String,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReloadResult {
    Succeeded,
    Failed,
}

impl From<crate::store::ReloadOutcome> for LastReload {
    fn from(outcome: crate::store::ReloadOutcome) -> Self {
        LastReload {
            outcome: if outcome.error.is_some() { ReloadResult::Failed } else { ReloadResult::Succeeded },
            at: outcome.at,
            catalog_version: outcome.catalog_version,
            error: outcome.error,
        }
    }
}

/// Liveness: the process is up.
#[utoipa::path(
    tag = "ops",
    operation_id = "get_health",
    responses((status = 200, description = "The process is alive", body = Health), OpsErrors)
)]
#[get("/healthz")]
pub async fn healthz() -> impl Responder {
    web::Json(Health { status: "ok".into() })
}

/// Readiness: a validated price catalogue is loaded and requests can be answered.
#[utoipa::path(
    tag = "ops",
    operation_id = "get_readiness",
    responses(
        (status = 200, description = "Ready to serve", body = Readiness),
        (status = 503, description = "No catalogue loaded", body = Problem, content_type = "application/problem+json"),
        OpsErrors
    )
)]
#[get("/readyz")]
pub async fn readyz(store: web::Data<CatalogStore>) -> impl Responder {
    let catalog = store.snapshot();
    web::Json(Readiness {
        status: "ready".into(),
        catalog_version: catalog.version.clone(),
        offerings: catalog.offerings.len(),
        last_reload: store.last_reload().map(LastReload::from),
    })
}

/// The OpenAPI 3.1 document of this API (the same bytes as `openapi/openapi.json`).
#[utoipa::path(
    tag = "ops",
    operation_id = "get_openapi",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json", body = Object), OpsErrors)
)]
#[get("/openapi.json")]
pub async fn openapi_json(document: web::Data<super::OpenApiDocument>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(document.0.clone())
}

/// `GET /metrics`: the application's metrics as OpenMetrics text, for Prometheus. An operator endpoint,
/// outside the OpenAPI document (like `/docs`); see the README's "Metrics".
pub async fn metrics(
    metrics: web::Data<crate::metrics::Metrics>,
) -> Result<HttpResponse, super::problem::ApiError> {
    let text = metrics.render().await.map_err(|e| super::problem::ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok().content_type(crate::metrics::CONTENT_TYPE).body(text))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Reloaded {
    pub catalog_version: String,
    pub offerings: usize,
}

/// Re-reads the pricing data (as SIGHUP does). On success the new catalogue serves every later request;
/// when the data cannot be read or is invalid, the last good catalogue stays and the problems are returned.
#[utoipa::path(
    tag = "ops",
    operation_id = "reload_catalog",
    responses(
        (status = 200, description = "Reloaded", body = Reloaded),
        (status = 422, description = "The data on disk cannot be read or is invalid; the previous catalogue is kept", body = Problem, content_type = "application/problem+json"),
        CommonErrors
    )
)]
#[post("/v1/admin/reload")]
pub async fn reload_catalog(
    store: web::Data<CatalogStore>,
) -> Result<web::Json<Reloaded>, super::problem::ApiError> {
    use crate::store::StoreError;
    // Reading and validating the files is blocking work: off the async threads.
    let outcome = web::block(move || store.reload())
        .await
        .map_err(|e| super::problem::ApiError::Internal(e.to_string()))?;
    match outcome {
        Ok(catalog) => Ok(web::Json(Reloaded {
            catalog_version: catalog.version.clone(),
            offerings: catalog.offerings.len(),
        })),
        Err(StoreError::Invalid(errors)) => Err(super::problem::ApiError::unprocessable(
            t!("api-reload-invalid"),
            errors
                .0
                .iter()
                .map(|p| {
                    let location = [Some(p.file.as_str()), p.offering.as_deref(), p.field.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" › ");
                    // The data-file problem is operator-facing English (from the loader), shown as is.
                    super::problem::FieldError::new(location, t!("api-data-problem", message = p.message))
                })
                .collect(),
        )),
        Err(e @ StoreError::Io { .. }) => {
            Err(super::problem::ApiError::unprocessable(t!("api-reload-unreadable", error = e), vec![]))
        }
    }
}
