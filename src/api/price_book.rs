//! `GET /v1/price-book`: the caller's own price book (negotiated prices its key's answers use).

use super::auth::AuthenticatedKey;
use super::problem::{ApiError, CommonErrors, Problem};
use crate::catalog::book::PriceBook;
use crate::store::CatalogStore;
use actix_web::{get, web, HttpMessage, HttpRequest};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct PriceBookView {
    /// The API key's name the book belongs to.
    pub key: String,
    /// The catalogue version this key's answers carry (`<catalogue>+book:<digest>`).
    pub catalog_version: String,
    /// The file it was read from.
    pub file: String,
    pub book: PriceBook,
}

/// The price book of the calling key: its discounts and negotiated schedules, and the catalogue
/// version every answer for this key carries. Another key's book is never shown.
#[utoipa::path(
    tag = "catalog",
    operation_id = "get_price_book",
    responses(
        (status = 200, description = "The caller's price book", body = PriceBookView),
        (status = 404, description = "No price book for this key (or API keys are off)", body = Problem, content_type = "application/problem+json"),
        CommonErrors
    )
)]
#[get("/v1/price-book")]
pub async fn get_price_book(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
) -> Result<web::Json<PriceBookView>, ApiError> {
    let key = req.extensions().get::<AuthenticatedKey>().map(|k| k.0.clone());
    let base = store.latest();
    let tenant = key.as_deref().and_then(|k| base.books.get(k).map(|t| (k, t)));
    let Some((key, tenant)) = tenant else {
        return Err(ApiError::NotFound { detail: t!("api-no-price-book"), suggestions: Vec::new() });
    };
    Ok(web::Json(PriceBookView {
        key: key.to_string(),
        catalog_version: tenant.snapshot.catalog.version.clone(),
        file: tenant.file.clone(),
        book: tenant.book.clone(),
    }))
}
