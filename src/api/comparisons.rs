//! Comparisons and amortization schedules: scenario in, breakdown out.

use super::extract::JsonBody;
use super::problem::{ApiError, CommonErrors, FieldError, Problem};
use crate::engine::{self, AmortizationSchedule, AssetInput, Comparison, EngineError};
use crate::scenario::Scenario;
use crate::store::CatalogStore;
use actix_web::{post, web};

/// Maps the engine's errors to 422s with one pointer per problem.
impl From<EngineError> for ApiError {
    fn from(error: EngineError) -> Self {
        match error {
            EngineError::Invalid(errors) => {
                let count = errors.0.len();
                ApiError::unprocessable(
                    format!("{count} problem(s) in the request; see errors"),
                    errors.0.into_iter().map(|p| FieldError::new(p.pointer, p.message)).collect(),
                )
            }
            EngineError::Money(e) => ApiError::unprocessable(
                format!("the amounts are too large to compute exactly: {e}"),
                vec![FieldError::new("", e.to_string())],
            ),
            EngineError::Pricing { pointer, message } => {
                ApiError::unprocessable(message.clone(), vec![FieldError::new(pointer, message)])
            }
        }
    }
}

/// Compares the scenario's options month by month: cash and P&L views, by category and nature, NPV,
/// ranking, break-even and payback, line items with the provenance of every price.
#[utoipa::path(
    tag = "comparisons",
    operation_id = "create_comparison",
    request_body = Scenario,
    responses(
        (status = 200, description = "The comparison", body = Comparison),
        (status = 413, description = "Body over 256 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid scenario: every problem with its JSON pointer (unknown offering ids come with suggestions; limits: 20 options, 200 components, 240 months)", body = Problem, content_type = "application/problem+json"),
        CommonErrors
    )
)]
#[post("/v1/comparisons")]
pub async fn create_comparison(
    store: web::Data<CatalogStore>,
    scenario: JsonBody<Scenario>,
) -> Result<web::Json<Comparison>, ApiError> {
    let catalog = store.snapshot();
    let comparison = engine::compare(&catalog, &scenario.0)?;
    Ok(web::Json(comparison))
}

/// One asset's depreciation (and loan or lease) schedule, month by month and year by year.
#[utoipa::path(
    tag = "analysis",
    operation_id = "create_amortization",
    request_body = AssetInput,
    responses(
        (status = 200, description = "The schedule", body = AmortizationSchedule),
        (status = 413, description = "Body over 256 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid asset: every problem with its JSON pointer", body = Problem, content_type = "application/problem+json"),
        CommonErrors
    )
)]
#[post("/v1/amortization")]
pub async fn create_amortization(
    asset: JsonBody<AssetInput>,
) -> Result<web::Json<AmortizationSchedule>, ApiError> {
    Ok(web::Json(engine::schedule(&asset.0)?))
}
