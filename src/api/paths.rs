//! `POST /v1/paths/optimize` and its flat GET form: the best month for a path to switch to one of
//! its stages.

use super::analysis::{cached_get, flat_query, resolve, Target};
use super::comparisons::option_position;
use super::extract::JsonBody;
use super::limits::{over_budget, HeavyLimit};
use super::negotiate::{ComparisonFormat, OutputFormat};
use super::problem::{ApiError, BodyErrors, CommonErrors, HeavyErrors, Problem};
use crate::cache::{ComparisonCache, Rendered};
use crate::engine::sweep::Budget;
use crate::engine::switch::{optimize_switch, Objective, SwitchOptimum};
use crate::engine::EngineError;
use crate::report::csv::{Cell, CsvWriter};
use crate::store::{CatalogStore, Snapshot};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

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

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SwitchQuery {
    #[param(max_length = 200)]
    pub template: String,
    /// The path: its name or 1-based position.
    #[param(max_length = 200)]
    pub option: String,
    /// The stage whose start is searched, by 1-based position (default 2).
    #[param(minimum = 2, maximum = 6)]
    pub stage: Option<usize>,
    #[param(inline)]
    pub objective: Option<Objective>,
    #[param(inline)]
    pub format: Option<OutputFormat>,
}

/// The flat GET form of the switch optimizer, for spreadsheets and links:
/// `GET /v1/paths/optimize?template=team-im&users=400&option=4`. The other query parameters set the
/// template's drivers, parameters and settings, as on `GET /v1/comparisons`. In CSV, the curve: one row
/// per switch month, and one with an empty month for "never".
#[utoipa::path(
    tag = "analysis",
    operation_id = "get_optimize_switch",
    params(SwitchQuery),
    responses(
        (status = 200, description = "The best switch month and the curve", content((SwitchOptimum = "application/json"), (String = "text/csv"))),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request (not a path, no such stage, an invalid scenario), or over the evaluation budget", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        HeavyErrors
    )
)]
#[get("/v1/paths/optimize")]
pub async fn get_optimize_path_switch(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    heavy: web::Data<HeavyLimit>,
    cache: web::Data<ComparisonCache>,
) -> Result<HttpResponse, ApiError> {
    let answer = |snapshot, query, format: ComparisonFormat| {
        switch_answer(snapshot, query, format.into(), heavy.clone())
    };
    cached_get(&req, &store, &cache, "GET /v1/paths/optimize", answer).await
}

/// The optimum from a flat query, rendered (on the blocking pool, holding a heavy permit).
async fn switch_answer(
    snapshot: Arc<Snapshot>,
    query: String,
    format: OutputFormat,
    heavy: web::Data<HeavyLimit>,
) -> Result<Rendered, ApiError> {
    let (params, target): (SwitchQuery, Target) =
        flat_query(&snapshot, &query, &["option", "stage", "objective", "format"])?;
    let request = SwitchRequest {
        target,
        option: params.option,
        stage: params.stage,
        objective: params.objective.unwrap_or_default(),
    };
    heavy.run(move || switch_rendered(&run_switch(&snapshot, request)?, format)).await
}

/// The curve's columns in CSV; `best` marks the optimum's row.
pub const SWITCH_COLUMNS: &[&str] = &["switch_month", "npv", "cash", "best", "currency"];

fn switch_rendered(result: &SwitchOptimum, format: OutputFormat) -> Result<Rendered, ApiError> {
    Ok(match format {
        OutputFormat::Json => Rendered::json(result)
            .map_err(|e| ApiError::Internal(format!("the switch optimum could not be serialised: {e}")))?,
        OutputFormat::Csv => {
            let mut csv = CsvWriter::new(SWITCH_COLUMNS);
            for point in result.curve.iter().chain(std::iter::once(&result.never)) {
                csv.row([
                    point.month.map_or_else(|| Cell::text(""), Cell::number),
                    Cell::number(point.npv),
                    Cell::number(point.cash),
                    Cell::text(if point.month == result.best.month { "true" } else { "false" }),
                    Cell::text(&result.currency),
                ]);
            }
            Rendered::csv(csv.finish(), "switch.csv")
        }
    })
}
