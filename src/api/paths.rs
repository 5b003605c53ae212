//! `POST /v1/paths/optimize` and its flat GET form: the best month for a path to switch to one of
//! its stages.

use super::analysis::{cached_get, flat_query, resolve, Resolved, Target};
use super::comparisons::option_position;
use super::extract::JsonBody;
use super::limits::{over_budget, HeavyLimit};
use super::negotiate::{ComparisonFormat, OutputFormat};
use super::problem::{ApiError, BodyErrors, CommonErrors, HeavyErrors, Problem};
use super::uncertainty::{check_seed_at, check_variation, draw_error, planned_inputs, varied_prices};
use crate::cache::{ComparisonCache, Rendered};
use crate::catalog::Basis;
use crate::engine::budget::{Budget, Phase, EVALUATION_BUDGET};
use crate::engine::switch::{
    drawn_switch, optimize_switch, searched_offerings, switch_range, Objective, SwitchDraw, SwitchOptimum,
    SwitchRange, SwitchSearch,
};
use crate::engine::uncertainty::{listed_inputs, Distribution, Plan, Samplers};
use crate::engine::EngineError;
use crate::report::csv::{Cell, CsvWriter};
use crate::scenario::Scenario;
use crate::store::{CatalogStore, Snapshot};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// Most draws of a ranged search when the request names none: each draw is a whole search (the
/// horizon's months and never), so far fewer than `/v1/uncertainty`'s 2,000 fit the budget.
pub const DEFAULT_SWITCH_DRAWS: u32 = 200;

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
    /// The optimum's range under uncertainty: the search repeated on seeded draws of the uncertain
    /// inputs and prices, as `POST /v1/uncertainty` draws them. Absent: the point answer only.
    pub uncertainty: Option<SwitchUncertainty>,
}

/// What varies in a ranged search, and how many draws.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"draws": 200, "seed": 1, "inputs": {"growth": {"uniform": {"low": "0.2", "high": "0.8"}}}}))]
pub struct SwitchUncertainty {
    /// 1 to 20,000, within the evaluation budget: each draw costs one whole search (default 200, or as
    /// many as the budget holds when fewer: 74 for file-storage's 84 months).
    #[schema(minimum = 1, maximum = 20000)]
    pub draws: Option<u32>,
    /// The same seed and draw count give the same answer (default 1).
    #[schema(minimum = 0, maximum = 2147483647)]
    pub seed: Option<u32>,
    /// Uncertain inputs by name, as in `POST /v1/uncertainty`.
    #[serde(default)]
    pub inputs: BTreeMap<String, Distribution>,
    /// Prices' spreads by basis, as in `POST /v1/uncertainty`.
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, String>)]
    pub price_spreads: BTreeMap<Basis, Decimal>,
    /// Whether a template's default distributions apply to the inputs `inputs` does not set (default
    /// true).
    pub template_inputs: Option<bool>,
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

/// Resolves the target, finds the path and the stage, and searches (errors name the request's fields);
/// then, when asked, searches again on every draw.
pub fn run_switch(snapshot: &Snapshot, request: SwitchRequest) -> Result<SwitchOptimum, ApiError> {
    let resolved = resolve(snapshot, request.target)?;
    let scenario = resolved.scenario()?;
    let names: Vec<&str> = scenario.options.iter().map(|o| o.name.as_str()).collect();
    let option = option_position(&names, &request.option, "/option")?;
    let stage = request.stage.unwrap_or(2).saturating_sub(1);
    let search = SwitchSearch { option, stage, objective: request.objective };
    let mut budget = Budget::default();
    let mut optimum =
        optimize_switch(&snapshot.catalog, &scenario, option, stage, search.objective, &mut budget)
            .map_err(|e| budget_error(e, "/scenario"))?;
    if let Some(variation) = &request.uncertainty {
        optimum.range =
            Some(ranged_search(snapshot, &resolved, &scenario, &search, &mut optimum, variation)?);
    }
    Ok(optimum)
}

/// Draws when the request names none: 200, or as many as the budget holds beside the point search
/// (at least one: a search too big for one draw is refused as any request past the budget is).
fn default_draws(per_search: u64) -> u32 {
    let fit = EVALUATION_BUDGET.checked_div(per_search).unwrap_or(0).saturating_sub(1).max(1);
    DEFAULT_SWITCH_DRAWS.min(u32::try_from(fit).unwrap_or(u32::MAX))
}

fn budget_error(e: EngineError, pointer: &str) -> ApiError {
    match e {
        EngineError::OverBudget(e) => over_budget(&e, pointer),
        other => other.into(),
    }
}

/// The search repeated on each draw of what varies, spread over the pool's threads, within the
/// evaluation budget (checked before any draw: each costs what the point search did). The point
/// answer's work then counts the draws' too.
fn ranged_search(
    snapshot: &Snapshot,
    resolved: &Resolved,
    scenario: &Scenario,
    search: &SwitchSearch,
    point: &mut SwitchOptimum,
    variation: &SwitchUncertainty,
) -> Result<SwitchRange, ApiError> {
    let per_search = point.line_months.max(1);
    let draws = variation.draws.unwrap_or_else(|| default_draws(per_search));
    check_variation("/uncertainty", draws, &variation.inputs, &variation.price_spreads)?;
    check_seed_at("/uncertainty/seed", variation.seed)?;
    let catalog = &snapshot.catalog;
    Budget::new(EVALUATION_BUDGET, Phase::Draws)
        .reserve(Phase::Draws, per_search, u64::from(draws).saturating_add(1))
        .map_err(|e| budget_error(e, "/uncertainty/draws"))?;
    let subject = resolved.subject();
    let inputs = planned_inputs("/uncertainty", &variation.inputs, variation.template_inputs, &subject)?;
    let offerings = searched_offerings(catalog, scenario, search)?;
    let (prices, methods) = varied_prices(&variation.price_spreads, offerings);
    let seed = u64::from(variation.seed.unwrap_or(1));
    let plan = Plan { subject, inputs, prices, seed };
    let samplers = Samplers::new(&plan)?;
    let results: Vec<(SwitchDraw, u64)> = (0..u64::from(draws))
        .into_par_iter()
        .map(|i| {
            let mut budget = Budget::new(per_search.saturating_mul(4), Phase::Draws);
            let drawn = drawn_switch(&plan, &samplers, catalog, i, search, point.best.month, &mut budget)?;
            Ok((drawn, budget.used()))
        })
        .collect::<Result<_, EngineError>>()
        .map_err(draw_error)?;
    point.line_months = results.iter().fold(point.line_months, |sum, (_, used)| sum.saturating_add(*used));
    let drawn: Vec<SwitchDraw> = results.into_iter().map(|(d, _)| d).collect();
    Ok(switch_range(point, &drawn, listed_inputs(&plan, &methods), seed, &scenario.currency)?)
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
    /// Draws of the optimum's range (1 to 20,000; once `draws`, `seed` or `template_inputs` is given,
    /// default 200 or as many as the budget holds): the template's default distributions, and prices
    /// within their bases' default spreads.
    #[param(minimum = 1, maximum = 20000)]
    pub draws: Option<u32>,
    #[param(minimum = 0, maximum = 2147483647)]
    pub seed: Option<u32>,
    /// `false` to vary only prices (default `true`).
    pub template_inputs: Option<bool>,
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
    let (params, target): (SwitchQuery, Target) = flat_query(&snapshot, &query, OWN_NAMES)?;
    let ranged = params.draws.is_some() || params.seed.is_some() || params.template_inputs.is_some();
    let uncertainty = ranged.then(|| SwitchUncertainty {
        draws: params.draws,
        seed: params.seed,
        template_inputs: params.template_inputs,
        ..SwitchUncertainty::default()
    });
    let request = SwitchRequest {
        target,
        option: params.option,
        stage: params.stage,
        objective: params.objective.unwrap_or_default(),
        uncertainty,
    };
    heavy.run(move || switch_rendered(&run_switch(&snapshot, request)?, format)).await
}

/// The flat GET form's own parameters (the rest are the template's inputs).
const OWN_NAMES: &[&str] = &["option", "stage", "objective", "format", "draws", "seed", "template_inputs"];

/// The curve's columns in CSV; `best` marks the optimum's row, `probability_best` is the share of draws
/// in which that month is best (empty without draws).
pub const SWITCH_COLUMNS: &[&str] = &["switch_month", "npv", "cash", "best", "probability_best", "currency"];

fn switch_rendered(result: &SwitchOptimum, format: OutputFormat) -> Result<Rendered, ApiError> {
    Ok(match format {
        OutputFormat::Json => Rendered::json(result)
            .map_err(|e| ApiError::Internal(format!("the switch optimum could not be serialised: {e}")))?,
        OutputFormat::Csv => {
            let mut csv = CsvWriter::new(SWITCH_COLUMNS);
            let share = |month: Option<u32>| match &result.range {
                Some(range) => Cell::number(
                    range.best_months.iter().find(|b| b.month == month).map_or(Decimal::ZERO, |b| b.share),
                ),
                None => Cell::text(""),
            };
            for point in result.curve.iter().chain(std::iter::once(&result.never)) {
                csv.row([
                    point.month.map_or_else(|| Cell::text(""), Cell::number),
                    Cell::number(point.npv),
                    Cell::number(point.cash),
                    Cell::text(if point.month == result.best.month { "true" } else { "false" }),
                    share(point.month),
                    Cell::text(&result.currency),
                ]);
            }
            Rendered::csv(csv.finish(), "switch.csv")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_draws_are_200_or_what_the_budget_holds_beside_the_point_search() {
        // team-im's search: 28,860 line-months; 20,000,000 ÷ 28,860 = 693 searches, so 200 fit.
        assert_eq!(default_draws(28_860), 200);
        // file-storage's 84 months: 266,052; 20,000,000 ÷ 266,052 = 75 searches, one of them the point's.
        assert_eq!(default_draws(266_052), 74);
        // A search bigger than half the budget still asks for one draw, which the budget then refuses.
        assert_eq!(default_draws(15_000_000), 1);
    }
}
