//! `POST /v1/paths/optimize`: the best month for a path to switch to one of its stages.

use super::analysis::{resolve, Target};
use super::comparisons::option_position;
use super::extract::JsonBody;
use super::limits::{over_budget, HeavyLimit};
use super::problem::{ApiError, BodyErrors, CommonErrors, HeavyErrors, Problem};
use crate::engine::sweep::Budget;
use crate::engine::switch::{optimize_switch, Objective, SwitchOptimum};
use crate::engine::EngineError;
use crate::store::{CatalogStore, Snapshot};
use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"scenario": {"currency": "USD", "horizon_months": 36, "start": "2026-01", "discount_rate": "0.08",
    "options": [{"name": "Path", "stages": [
        {"name": "SaaS", "components": [{"name": "Seats", "offering": "slack/slack/global/pro", "purchase_option": "annual_subscription", "quantity": {"fixed": "120"}}]},
        {"name": "Own", "switch": {"at_month": 13}, "components": [{"name": "Server", "offering": "hpe/proliant/global/dl20-gen10-plus", "purchase_option": "purchase", "quantity": {"fixed": "2"}}]}]}]},
    "option": "Path"}))]
pub struct SwitchRequest {
    #[serde(flatten)]
    pub target: Target,
    /// The path: its name or 1-based position.
    #[schema(max_length = 200)]
    pub option: String,
    /// The stage whose start is searched, by 1-based position (default 2: the first switch). Its own
    /// `switch` is ignored; the other stages keep theirs.
    #[schema(minimum = 2, maximum = 6)]
    pub stage: Option<usize>,
    #[serde(default)]
    pub objective: Objective,
}

/// The best month to switch: the path priced with the stage starting in every month of the horizon,
/// and never; the cheapest by NPV (or cash), the whole cost curve, and what it saves against never
/// switching and switching at once. The other options of the scenario are left out.
#[utoipa::path(
    tag = "analysis",
    operation_id = "optimize_switch",
    request_body = SwitchRequest,
    responses(
        (status = 200, description = "The best switch month and the curve", body = SwitchOptimum),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request (not a path, no such stage, an invalid scenario), or over the evaluation budget", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        BodyErrors,
        HeavyErrors
    )
)]
#[post("/v1/paths/optimize")]
pub async fn optimize_path_switch(
    store: web::Data<CatalogStore>,
    heavy: web::Data<HeavyLimit>,
    body: JsonBody<SwitchRequest>,
) -> Result<web::Json<SwitchOptimum>, ApiError> {
    let snapshot = store.current();
    Ok(web::Json(heavy.run(move || run_switch(&snapshot, body.0)).await?))
}

/// Resolves the target, finds the path and the stage, and searches (errors name the request's fields).
pub fn run_switch(snapshot: &Snapshot, request: SwitchRequest) -> Result<SwitchOptimum, ApiError> {
    let scenario = resolve(snapshot, request.target)?.scenario()?;
    let names: Vec<&str> = scenario.options.iter().map(|o| o.name.as_str()).collect();
    let option = option_position(&names, &request.option, "/option")?;
    let stage = request.stage.unwrap_or(2).saturating_sub(1);
    let mut budget = Budget::default();
    optimize_switch(&snapshot.catalog, &scenario, option, stage, request.objective, &mut budget).map_err(
        |e| match e {
            EngineError::OverBudget(e) => over_budget(&e, "/scenario"),
            other => other.into(),
        },
    )
}
