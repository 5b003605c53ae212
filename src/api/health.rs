//! Liveness, readiness and the OpenAPI document.

use super::problem::{CommonErrors, Problem};
use crate::store::CatalogStore;
use actix_web::{get, web, HttpResponse, Responder};
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
    responses((status = 200, description = "The process is alive", body = Health), CommonErrors)
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
        CommonErrors
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
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json", body = Object), CommonErrors)
)]
#[get("/openapi.json")]
pub async fn openapi_json(document: web::Data<super::OpenApiDocument>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(document.0.clone())
}
