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

#[derive(Debug, Serialize, ToSchema)]
pub struct Reloaded {
    pub catalog_version: String,
    pub offerings: usize,
}

/// Re-reads the pricing data. On success the new catalogue serves every later request; on invalid data
/// the last good catalogue stays and the problems are returned.
#[utoipa::path(
    tag = "ops",
    operation_id = "reload_catalog",
    responses(
        (status = 200, description = "Reloaded", body = Reloaded),
        (status = 422, description = "The data on disk is invalid; the previous catalogue is kept", body = Problem, content_type = "application/problem+json"),
        CommonErrors
    )
)]
#[post("/v1/admin/reload")]
pub async fn reload_catalog(
    store: web::Data<CatalogStore>,
) -> Result<web::Json<Reloaded>, super::problem::ApiError> {
    use crate::store::StoreError;
    match store.reload() {
        Ok(catalog) => {
            tracing::info!(catalog_version = %catalog.version, "catalogue reloaded");
            Ok(web::Json(Reloaded {
                catalog_version: catalog.version.clone(),
                offerings: catalog.offerings.len(),
            }))
        }
        Err(StoreError::Invalid(errors)) => Err(super::problem::ApiError::unprocessable(
            "the pricing data is invalid; the previous catalogue is still in use",
            errors
                .0
                .iter()
                .map(|p| {
                    let location = [Some(p.file.as_str()), p.offering.as_deref(), p.field.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" › ");
                    super::problem::FieldError::new(location, p.message.clone())
                })
                .collect(),
        )),
        Err(e) => Err(super::problem::ApiError::Internal(e.to_string())),
    }
}
