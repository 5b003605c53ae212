//! Monte Carlo ranges over HTTP: `POST /v1/uncertainty` and its flat GET form. The draws run on the
//! blocking pool behind the heavy-endpoint limit, spread over the cores (rayon); each draw is computed
//! exactly by the engine, and the answer depends only on the seed and the draw count.

use super::analysis::{resolve, Target};
use super::comparisons::{option_position, template_request_of_query};
use super::extract::{split_query, JsonBody};
use super::limits::{over_budget, HeavyLimit};
use super::negotiate::{WorkbookFormat, XlsxWorkbook, XLSX_CONTENT_TYPE};
use super::problem::{ApiError, BodyErrors, CommonErrors, FieldError, HeavyErrors, Problem};
use crate::cache::{ComparisonCache, Rendered};
use crate::catalog::Basis;
use crate::engine::budget::{Budget, Phase, EVALUATION_BUDGET};
use crate::engine::sweep::Subject;
use crate::engine::uncertainty::{
    self, crossover_interval, draw, listed_inputs, locate_crossover, price_variation, priced_offerings,
    summarise, CrossoverSearch, Distribution, Plan, PlannedInput, Samplers, Uncertainty, DEFAULT_DRAWS,
    MAX_DRAWS,
};
use crate::engine::{compare_prepared, prepare, EngineError};
use crate::report::csv::{Cell, CsvWriter};
use crate::scenario::{Scenario, MAX_QUANTITY};
use crate::store::{CatalogStore, Snapshot};
use crate::text::Text;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "template": "team-im", "drivers": {"users": "137"},
    "inputs": {"users": {"triangular": {"low": "100", "mode": "137", "high": "250"}},
               "growth": {"uniform": {"low": "0", "high": "0.3"}}},
    "draws": 2000, "seed": 1
}))]
pub struct UncertaintyRequest {
    #[serde(flatten)]
    pub target: Target,
    /// Uncertain inputs by name, each with a distribution of its value: a template driver or parameter,
    /// a scenario driver (its `start`), or `discount_rate`, `tax_rate`, `growth`.
    #[serde(default)]
    pub inputs: BTreeMap<String, Distribution>,
    /// How far catalogue prices may be from their figure, as a fraction either way, by basis (each price
    /// is drawn uniformly within it). Defaults: `vendor_list` 0, `quote` 0, `derived` 0.02,
    /// `third_party` 0.05, `statistic` 0.10, `estimate` 0.25.
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, String>)]
    pub price_spreads: BTreeMap<Basis, Decimal>,
    /// 1 to 20,000 (default 2,000).
    #[schema(minimum = 1, maximum = 20000)]
    pub draws: Option<u32>,
    /// The same seed and draw count give the same answer (default 1).
    #[schema(minimum = 0, maximum = 2147483647)]
    pub seed: Option<u32>,
    /// The option whose NPV difference against `versus` the sensitivity explains (name or 1-based
    /// position; default the cheapest and the runner-up by point NPV).
    #[schema(max_length = 200)]
    pub option: Option<String>,
    #[schema(max_length = 200)]
    pub versus: Option<String>,
    /// Whether a template's default distributions apply to the inputs `inputs` does not set (default
    /// true; each says why in the answer's `inputs`).
    pub template_inputs: Option<bool>,
}

/// Ranges on an answer: N seeded Monte Carlo draws of the uncertain inputs (the request's
/// distributions, and every catalogue price within the spread of its basis), each compared exactly.
/// Per option P5/P50/P95 of NPV and cash and the probability of being cheapest; each break-even's
/// P10/P50/P90 month and the probability it never comes; and which inputs move the NPV gap most
/// (rank correlation).
#[utoipa::path(
    tag = "analysis",
    operation_id = "create_uncertainty",
    request_body = UncertaintyRequest,
    responses(
        (status = 200, description = "Ranges", body = Uncertainty),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request: bad distributions, unknown inputs, draws out of range, or more work than the evaluation budget of 20,000,000 line-months", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        BodyErrors,
        HeavyErrors
    )
)]
#[post("/v1/uncertainty")]
pub async fn create_uncertainty(
    store: web::Data<CatalogStore>,
    heavy: web::Data<HeavyLimit>,
    body: JsonBody<UncertaintyRequest>,
) -> Result<web::Json<Uncertainty>, ApiError> {
    let snapshot = store.current();
    let request = body.0;
    Ok(web::Json(heavy.run(move || run_uncertainty(&snapshot, request)).await?))
}

/// The flat GET form's own parameters; the template's inputs are query parameters too.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UncertaintyQuery {
    #[param(max_length = 200)]
    pub template: String,
    /// 1 to 20,000 (default 2,000).
    #[param(minimum = 1, maximum = 20000)]
    pub draws: Option<u32>,
    #[param(minimum = 0, maximum = 2147483647)]
    pub seed: Option<u32>,
    /// `json`, `csv` (a row per option: point NPV, P5/P50/P95 and mean of NPV and cash, probability
    /// cheapest) or `xlsx` (sheets Options, Break-even, Sensitivity, Inputs).
    #[param(inline)]
    pub format: Option<WorkbookFormat>,
    /// `false` to vary only prices, not the inputs the template gives default distributions (default
    /// `true`).
    pub template_inputs: Option<bool>,
}

const OWN_NAMES: &[&str] = &["draws", "seed", "format", "template_inputs"];

/// The flat GET form, for spreadsheets: `GET /v1/uncertainty?template=team-im&users=137&draws=2000&
/// format=csv`: catalogue prices vary within the default spreads of their bases.
#[utoipa::path(
    tag = "analysis",
    operation_id = "get_uncertainty",
    params(UncertaintyQuery),
    responses(
        (status = 200, description = "Ranges", content((Uncertainty = "application/json"), (String = "text/csv"), (XlsxWorkbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        HeavyErrors
    )
)]
#[get("/v1/uncertainty")]
pub async fn get_uncertainty(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    heavy: web::Data<HeavyLimit>,
    cache: web::Data<ComparisonCache>,
) -> Result<HttpResponse, ApiError> {
    let answer = |snapshot, query, format: super::negotiate::ComparisonFormat| {
        uncertainty_answer(snapshot, query, format.into(), heavy.clone())
    };
    super::analysis::cached_get(&req, &store, &cache, "GET /v1/uncertainty", answer).await
}

/// The request a flat GET query string stands for: the template's inputs, `draws` and `seed`, with
/// prices varying within their bases' default spreads. Errors still point at body paths.
pub fn uncertainty_request_of_query(
    snapshot: &Snapshot,
    query: &str,
) -> Result<UncertaintyRequest, ApiError> {
    let (own, rest) = split_query(query, OWN_NAMES);
    let template = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "template")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let template: String = form_urlencoded::byte_serialize(template.as_bytes()).collect();
    let params: UncertaintyQuery = super::extract::parse_query(&format!("{own}&template={template}"))?;
    let template_request = template_request_of_query(snapshot, &rest)?;
    Ok(UncertaintyRequest {
        target: super::analysis::target_of(template_request),
        inputs: BTreeMap::new(),
        price_spreads: BTreeMap::new(),
        draws: params.draws,
        seed: params.seed,
        option: None,
        versus: None,
        template_inputs: params.template_inputs,
    })
}

async fn uncertainty_answer(
    snapshot: Arc<Snapshot>,
    query: String,
    format: WorkbookFormat,
    heavy: web::Data<HeavyLimit>,
) -> Result<Rendered, ApiError> {
    let request = uncertainty_request_of_query(&snapshot, &query)?;
    heavy
        .run(move || {
            let answer = run_uncertainty(&snapshot, request)?;
            match format {
                WorkbookFormat::Json => Rendered::json(&answer)
                    .map_err(|e| ApiError::Internal(format!("the answer could not be serialised: {e}"))),
                WorkbookFormat::Csv => Ok(Rendered::csv(uncertainty_csv(&answer), "uncertainty.csv")),
                WorkbookFormat::Xlsx => {
                    let workbook = crate::report::xlsx::uncertainty_workbook(&answer)
                        .map_err(|e| ApiError::Internal(format!("the workbook could not be written: {e}")))?;
                    Ok(Rendered::attachment(XLSX_CONTENT_TYPE, workbook, "uncertainty.xlsx"))
                }
            }
        })
        .await
}

fn uncertainty_csv(answer: &Uncertainty) -> String {
    let columns: Vec<&str> = crate::report::xlsx::OPTION_RANGE_COLUMNS
        .iter()
        .copied()
        .chain(["currency", "draws", "seed"])
        .collect();
    let mut csv = CsvWriter::new(&columns);
    for o in &answer.options {
        csv.row([
            Cell::text(&o.option),
            Cell::number(o.point_npv),
            Cell::number(o.npv.p5),
            Cell::number(o.npv.p50),
            Cell::number(o.npv.p95),
            Cell::number(o.npv.mean),
            Cell::number(o.cash.p5),
            Cell::number(o.cash.p50),
            Cell::number(o.cash.p95),
            Cell::number(o.cash.mean),
            Cell::number(o.probability_cheapest),
            Cell::text(answer.currency.to_string()),
            Cell::number(answer.draws),
            Cell::number(answer.seed),
        ]);
    }
    csv.finish()
}

/// The JSON pointer of `inputs.<name>` (a name may itself be a pointer: `~` and `/` are escaped).
fn input_pointer(name: &str) -> String {
    format!("/inputs/{}", name.replace('~', "~0").replace('/', "~1"))
}

fn unprocessable(pointer: String, message: crate::text::Text) -> ApiError {
    ApiError::unprocessable(message.clone(), vec![FieldError::new(pointer, message)])
}

/// The range a sampled input must stay in: the template's own range for its drivers and parameters,
/// the validation ranges for settings, and zero up for a scenario's drivers.
fn bounds(subject: &Subject, name: &str) -> Option<(Decimal, Decimal)> {
    if let Subject::Template(template, _) = subject {
        if let Some(d) = template.drivers.get(name) {
            return Some((d.min, d.max));
        }
        if let Some(p) = template.parameters.get(name) {
            return Some((p.min, p.max));
        }
    }
    match name {
        "discount_rate" => Some((Decimal::ZERO, Decimal::ONE)),
        "tax_rate" => Some((Decimal::ZERO, Decimal::new(99, 2))),
        "growth" => Some((Decimal::new(-99, 2), Decimal::TEN)),
        _ => Some((Decimal::ZERO, MAX_QUANTITY)),
    }
}

/// The largest seed (the documented range: 0 to 2³¹ − 1, what every OpenAPI client can send).
pub const MAX_SEED: u32 = 2_147_483_647;

/// A seed within the documented range.
pub(crate) fn check_seed(seed: Option<u32>) -> Result<(), ApiError> {
    check_seed_at("/seed", seed)
}

/// A seed within the documented range, at `pointer` in the request.
pub(crate) fn check_seed_at(pointer: &str, seed: Option<u32>) -> Result<(), ApiError> {
    match seed {
        Some(s) if s > MAX_SEED => {
            Err(unprocessable(pointer.into(), t!("seed-out-of-range", seed = s, max = MAX_SEED)))
        }
        _ => Ok(()),
    }
}

/// Checks the request's own fields: draws, distributions, spreads. Every problem at once.
fn check_request(request: &UncertaintyRequest) -> Result<u32, ApiError> {
    let draws = request.draws.unwrap_or(DEFAULT_DRAWS);
    check_variation("", draws, &request.inputs, &request.price_spreads)?;
    Ok(draws)
}

/// Checks what a ranged answer varies: the draw count (1 to 20,000), the inputs' distributions and the
/// prices' spreads (0 to 1), at `prefix` in the request. Every problem at once.
pub(crate) fn check_variation(
    prefix: &str,
    draws: u32,
    inputs: &BTreeMap<String, Distribution>,
    price_spreads: &BTreeMap<Basis, Decimal>,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if !(1..=MAX_DRAWS).contains(&draws) {
        errors.push(FieldError::new(
            format!("{prefix}/draws"),
            t!("api-out-of-range", value = draws, min = 1, max = MAX_DRAWS),
        ));
    }
    for (name, distribution) in inputs {
        for (suffix, message) in distribution.problems() {
            errors.push(FieldError::new(format!("{prefix}{}{suffix}", input_pointer(name)), message));
        }
    }
    for (basis, spread) in price_spreads {
        if *spread < Decimal::ZERO || *spread > Decimal::ONE {
            errors.push(FieldError::new(
                format!("{prefix}/price_spreads/{}", basis.as_str()),
                t!("api-out-of-range", value = spread, min = 0, max = 1),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::unprocessable(t!("api-problems-in-request", count = errors.len()), errors))
    }
}

/// The index of an option of the scenario by name or 1-based position.
fn option_index(scenario: &Scenario, key: &str, pointer: &str) -> Result<usize, ApiError> {
    let names: Vec<&str> = scenario.options.iter().map(|o| o.name.as_str()).collect();
    option_position(&names, key, pointer)
}

/// Runs the draws and summarises them (on the calling thread's pool: call it on the blocking pool).
pub fn run_uncertainty(snapshot: &Snapshot, request: UncertaintyRequest) -> Result<Uncertainty, ApiError> {
    let draws = check_request(&request)?;
    check_seed(request.seed)?;
    let resolved = resolve(snapshot, request.target.clone())?;
    let subject = resolved.subject();
    let scenario = resolved.scenario()?;
    let catalog = &snapshot.catalog;
    let pair = sensitivity_pair(&request, &scenario)?;
    let inputs = planned_inputs("", &request.inputs, request.template_inputs, &subject)?;
    let prepared = prepare(&scenario, catalog).map_err(EngineError::Invalid)?;
    let mut budget = Budget::new(EVALUATION_BUDGET, Phase::Points);
    let point = compare_prepared(catalog, &scenario, &prepared, &mut budget)?;
    let per_draw = budget.used().max(1);
    budget.reserve(Phase::Draws, per_draw, u64::from(draws)).map_err(|e| match e {
        EngineError::OverBudget(e) => over_budget(&e, "/draws"),
        other => other.into(),
    })?;
    let offerings = priced_offerings(catalog, &scenario, &prepared);
    let (prices, methods) = varied_prices(&request.price_spreads, offerings);
    let seed = u64::from(request.seed.unwrap_or(1));
    let plan = Plan { subject, inputs, prices, seed };
    let results = run_draws(&plan, catalog, draws, per_draw)?;
    let listed = listed_inputs(&plan, &methods);
    Ok(summarise(&point, listed, &results, seed, pair)?)
}

/// The pair of options the sensitivity explains, when the request names one.
fn sensitivity_pair(
    request: &UncertaintyRequest,
    scenario: &Scenario,
) -> Result<Option<(usize, usize)>, ApiError> {
    match (&request.option, &request.versus) {
        (Some(a), Some(b)) => {
            Ok(Some((option_index(scenario, a, "/option")?, option_index(scenario, b, "/versus")?)))
        }
        (None, None) => Ok(None),
        _ => Err(unprocessable("/versus".into(), t!("api-option-and-versus"))),
    }
}

/// The request's inputs, then the template's default distributions of the inputs the request leaves
/// alone (unless `template_inputs` is false). A name the subject cannot set is refused before any draw.
pub(crate) fn planned_inputs(
    prefix: &str,
    given: &BTreeMap<String, Distribution>,
    template_inputs: Option<bool>,
    subject: &Subject,
) -> Result<Vec<PlannedInput>, ApiError> {
    let mut inputs = Vec::with_capacity(given.len());
    for (name, distribution) in given {
        check_settable(prefix, subject, name)?;
        inputs.push(planned(subject, name, distribution.clone(), t!("api-uncertainty-given")));
    }
    if let (Subject::Template(template, template_request), true) = (subject, template_inputs.unwrap_or(true))
    {
        for (name, distribution, why) in template.default_uncertainty(template_request) {
            if !given.contains_key(&name) {
                inputs.push(planned(
                    subject,
                    &name,
                    distribution,
                    t!("api-uncertainty-template-default", why = why),
                ));
            }
        }
    }
    Ok(inputs)
}

fn planned(subject: &Subject, name: &str, distribution: Distribution, method: Text) -> PlannedInput {
    PlannedInput {
        name: name.to_string(),
        distribution,
        integer: subject.is_integer(name),
        bounds: bounds(subject, name),
        method,
    }
}

fn check_settable(prefix: &str, subject: &Subject, name: &str) -> Result<(), ApiError> {
    let lowest = bounds(subject, name).map_or(Decimal::ZERO, |b| b.0);
    match subject.at(name, lowest) {
        Err(EngineError::Invalid(errors)) if errors.0.iter().any(|p| p.pointer == "/variable") => {
            let detail = errors.0.first().map(|p| p.detail.clone()).unwrap_or_else(|| t!("empty"));
            Err(unprocessable(format!("{prefix}{}", input_pointer(name)), detail))
        }
        _ => Ok(()),
    }
}

/// Every priced offering whose price varies, with its factor's distribution, and where each range
/// comes from (by offering id).
pub(crate) fn varied_prices(
    spreads: &BTreeMap<Basis, Decimal>,
    offerings: BTreeMap<String, (Basis, Option<crate::catalog::PriceRange>)>,
) -> (Vec<(String, Distribution)>, BTreeMap<String, Text>) {
    let mut methods = BTreeMap::new();
    let mut prices = Vec::new();
    for (id, (basis, stated)) in offerings {
        let requested = spreads.get(&basis).copied();
        if let Some((distribution, method)) = price_variation(basis, stated.as_ref(), requested) {
            methods.insert(id.clone(), method);
            prices.push((id, distribution));
        }
    }
    (prices, methods)
}

/// The draws, spread over the pool's threads; each within four times the point answer's work.
fn run_draws(
    plan: &Plan,
    catalog: &crate::catalog::Catalog,
    draws: u32,
    per_draw: u64,
) -> Result<Vec<uncertainty::Draw>, ApiError> {
    let samplers = Samplers::new(plan)?;
    (0..u64::from(draws))
        .into_par_iter()
        .map(|i| {
            draw(plan, &samplers, catalog, i, &mut Budget::new(per_draw.saturating_mul(4), Phase::Draws))
        })
        .collect::<Result<_, _>>()
        .map_err(draw_error)
}

/// A draw the engine refused: its sampled scenario was invalid (a 422 saying so), or worse.
pub(crate) fn draw_error(e: EngineError) -> ApiError {
    match e {
        EngineError::Invalid(errors) => ApiError::unprocessable(t!("api-draw-invalid"), errors.0),
        other => other.into(),
    }
}

/// Which amount `GET /v1/uncertainty/value` gives a percentile of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RangeMetric {
    Npv,
    Cash,
}

/// Which percentile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
pub enum Percentile {
    #[serde(rename = "5")]
    P5,
    #[serde(rename = "50")]
    P50,
    #[serde(rename = "95")]
    P95,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeValueQuery {
    #[param(max_length = 200)]
    pub template: String,
    /// Option name (exact) or its 1-based position.
    pub option: String,
    #[param(inline)]
    pub metric: RangeMetric,
    /// `5`, `50` or `95`.
    #[param(inline)]
    pub percentile: Percentile,
    /// 1 to 20,000 (default 2,000).
    #[param(minimum = 1, maximum = 20000)]
    pub draws: Option<u32>,
    #[param(minimum = 0, maximum = 2147483647)]
    pub seed: Option<u32>,
    /// As in `GET /v1/uncertainty`.
    pub template_inputs: Option<bool>,
}

/// One percentile as a bare number, for `=WEBSERVICE(…)`: `GET /v1/uncertainty/value?template=team-im&
/// users=120&option=2&metric=npv&percentile=95` — the same draws as `GET /v1/uncertainty` with the same
/// inputs, `draws` and `seed`.
#[utoipa::path(
    tag = "analysis",
    operation_id = "get_uncertainty_value",
    params(RangeValueQuery),
    responses(
        (status = 200, description = "The number", content_type = "text/plain", body = String, example = "76296.35"),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        HeavyErrors
    )
)]
#[get("/v1/uncertainty/value")]
pub async fn get_uncertainty_value(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    heavy: web::Data<HeavyLimit>,
    cache: web::Data<ComparisonCache>,
) -> Result<HttpResponse, ApiError> {
    let answer = |snapshot, query, _| range_value_answer(snapshot, query, heavy.clone());
    super::analysis::cached_get(&req, &store, &cache, "GET /v1/uncertainty/value", answer).await
}

async fn range_value_answer(
    snapshot: Arc<Snapshot>,
    query: String,
    heavy: web::Data<HeavyLimit>,
) -> Result<Rendered, ApiError> {
    let (own, _) = split_query(
        &query,
        &["template", "option", "metric", "percentile", "draws", "seed", "template_inputs"],
    );
    let params: RangeValueQuery = super::extract::parse_query(&own)?;
    let (_, inputs) = split_query(&query, &["option", "metric", "percentile"]);
    let request = uncertainty_request_of_query(&snapshot, &inputs)?;
    heavy
        .run(move || {
            let answer = run_uncertainty(&snapshot, request)?;
            let names: Vec<&str> = answer.options.iter().map(|o| o.option.as_str()).collect();
            let index = option_position(&names, &params.option, "/option")?;
            let range =
                answer.options.get(index).ok_or_else(|| ApiError::Internal("no such option".into()))?;
            let quantiles = if params.metric == RangeMetric::Cash { &range.cash } else { &range.npv };
            let value = match params.percentile {
                Percentile::P5 => quantiles.p5,
                Percentile::P50 => quantiles.p50,
                Percentile::P95 => quantiles.p95,
            };
            Ok(Rendered::text(value.to_string()))
        })
        .await
}

/// Most draws a sweep may ask for per crossover interval.
pub const MAX_INTERVAL_DRAWS: u32 = 1_000;
/// Evaluations one draw's crossover search may take (stepping out, then bisecting).
const SEARCH_EVALUATIONS: u64 = 48;

/// Each crossover of `sweep` with its interval over `draws` seeded draws: catalogue prices within their
/// stated ranges or their bases' spreads, and a template's default distributions of every input but the
/// swept one. Refused (422 at `/intervals`) when the searches could exceed what is left of `budget`.
pub(crate) fn crossover_intervals(
    catalog: &crate::catalog::Catalog,
    subject: &Subject,
    sweep: &mut crate::engine::sweep::Sweep,
    draws: u32,
    seed: u64,
    budget: &Budget,
) -> Result<(), ApiError> {
    if sweep.crossovers.is_empty() {
        return Ok(());
    }
    let evaluated =
        sweep.points.len() as u64 + sweep.crossovers.iter().map(|c| u64::from(c.evaluations)).sum::<u64>();
    let per_evaluation = (sweep.line_months / evaluated.max(1)).max(1);
    let searches = u64::from(draws).saturating_mul(sweep.crossovers.len() as u64);
    budget.reserve(Phase::Bisection, per_evaluation.saturating_mul(SEARCH_EVALUATIONS), searches).map_err(
        |e| match e {
            EngineError::OverBudget(e) => over_budget(&e, "/intervals"),
            other => other.into(),
        },
    )?;
    let scenario = subject.at_all(&[])?;
    let prepared = prepare(&scenario, catalog).map_err(EngineError::Invalid)?;
    let (prices, _) = varied_prices(&BTreeMap::new(), priced_offerings(catalog, &scenario, &prepared));
    let inputs: Vec<PlannedInput> = match subject {
        Subject::Template(template, request) => template
            .default_uncertainty(request)
            .into_iter()
            .filter(|(name, ..)| *name != sweep.variable)
            .map(|(name, distribution, why)| planned(subject, &name, distribution, Text::name(why)))
            .collect(),
        Subject::Scenario(_) => Vec::new(),
    };
    let varied: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let plan = Plan { subject: subject.clone(), inputs, prices, seed };
    let samplers = Samplers::new(&plan)?;
    let method = interval_method(draws, seed, &varied, sweep.integer);
    let (integer, variable) = (sweep.integer, sweep.variable.clone());
    let span = (
        sweep.points.first().map_or(Decimal::ZERO, |p| p.value),
        sweep.points.last().map_or(Decimal::ZERO, |p| p.value),
    );
    for crossover in &mut sweep.crossovers {
        let search = CrossoverSearch {
            variable: &variable,
            integer,
            span,
            from: &crossover.from,
            to: &crossover.to,
            near: (crossover.below, crossover.at),
        };
        let per_search = per_evaluation.saturating_mul(SEARCH_EVALUATIONS);
        let located = (0..u64::from(draws))
            .into_par_iter()
            .map(|i| {
                locate_crossover(
                    &plan,
                    &samplers,
                    catalog,
                    i,
                    &search,
                    &mut Budget::new(per_search, Phase::Bisection),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        crossover.interval = Some(crossover_interval(&located, seed, method.clone()));
    }
    Ok(())
}

fn interval_method(draws: u32, seed: u64, varied: &[String], integer: bool) -> Text {
    let inputs = if varied.is_empty() {
        t!("empty")
    } else {
        t!("api-uncertainty-interval-inputs", inputs = varied.join(", "))
    };
    let to = if integer { t!("api-uncertainty-to-whole-number") } else { t!("api-uncertainty-to-permille") };
    t!("api-uncertainty-interval-method", draws = draws, seed = seed, inputs = @inputs, to = @to)
}
