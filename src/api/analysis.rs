//! Sweeps (crossovers: at what scale does the cheapest option change?) and tornado sensitivity.

use super::comparisons::{query_pointer, template_request_of_query, unshared};
use super::extract::{split_query, JsonBody};
use super::http_cache::{not_modified, rendered, with_validators, Cacheable};
use super::limits::{check_length, over_budget, HeavyLimit};
use super::negotiate::{negotiate_comparison, ComparisonFormat, OutputFormat, SweepFormat};
use super::problem::{ApiError, BodyErrors, CommonErrors, FieldError, HeavyErrors, Problem};
use super::uncertainty::{crossover_intervals, MAX_INTERVAL_DRAWS};
use crate::cache::{ComparisonCache, Rendered};
use crate::catalog::{MAX_ID_LENGTH, MAX_NAME_LENGTH};
use crate::engine::sweep::{self, Budget, Subject, Sweep, Tornado};
use crate::engine::EngineError;
use crate::report::csv::{Cell, CsvWriter};
use crate::scenario::template::{TemplateRequest, TemplateSettings};
use crate::scenario::Scenario;
use crate::store::{CatalogStore, Snapshot};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// What to analyse: a template (with overrides) or a full scenario. Exactly one of `template` and
/// `scenario`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    #[schema(max_length = 200)]
    pub template: Option<String>,
    /// Template drivers by name (with `template` only).
    #[schema(value_type = Option<BTreeMap<String, String>>)]
    pub drivers: Option<BTreeMap<String, Decimal>>,
    /// Template parameters by name (with `template` only).
    #[schema(value_type = Option<BTreeMap<String, String>>)]
    pub parameters: Option<BTreeMap<String, Decimal>>,
    /// Template settings (with `template` only).
    pub settings: Option<TemplateSettings>,
    pub scenario: Option<Scenario>,
}

/// A range of values: `from`/`to` with either `step` or `points` (spaced `linear` or `log`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[schema(value_type = String, example = "10")]
    pub from: Decimal,
    #[schema(value_type = String, example = "100000")]
    pub to: Decimal,
    #[schema(value_type = Option<String>)]
    pub step: Option<Decimal>,
    /// 2 to 200.
    #[schema(minimum = 2, maximum = 200)]
    pub points: Option<usize>,
    #[serde(default)]
    pub scale: Scale,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    #[default]
    Linear,
    Log,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"template": "team-im", "variable": "users", "range": {"from": "10", "to": "100000", "points": 40, "scale": "log"}}))]
pub struct SweepRequest {
    #[serde(flatten)]
    pub target: Target,
    /// A driver, a template parameter, or `discount_rate`, `tax_rate`, `horizon_months`, `growth`.
    #[schema(max_length = 200)]
    pub variable: String,
    /// Explicit ascending values (at most 200). Exactly one of `values` and `range`.
    #[schema(value_type = Option<Vec<String>>)]
    pub values: Option<Vec<Decimal>>,
    pub range: Option<Range>,
    /// Draws (1 to 1,000) for each crossover's interval under uncertainty (prices within their ranges,
    /// a template's default distributions of the other inputs); absent or 0: no intervals.
    #[schema(minimum = 0, maximum = 1000)]
    pub intervals: Option<u32>,
    /// Seed of the interval draws (default 1).
    #[schema(minimum = 0, maximum = 2147483647)]
    pub seed: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"template": "team-im", "drivers": {"users": "500"}, "option": "Mattermost on owned servers", "versus": "Slack Pro (cloud IM, annual)", "variation": "0.2"}))]
pub struct TornadoRequest {
    #[serde(flatten)]
    pub target: Target,
    /// Option name or 1-based position.
    #[schema(max_length = 200)]
    pub option: String,
    /// The option it is compared with.
    #[schema(max_length = 200)]
    pub versus: String,
    /// How far each assumption moves, as a fraction above 0 and below 1 (default 0.2 for ±20 %).
    #[schema(value_type = Option<String>, pattern = "^0\\.[0-9]{0,11}[1-9][0-9]{0,11}$")]
    pub variation: Option<Decimal>,
}

/// The scenario (or template) a target names.
pub(crate) enum Resolved<'a> {
    Scenario(Scenario),
    Template(&'a crate::scenario::template::Template, TemplateRequest),
}

impl Resolved<'_> {
    pub(crate) fn subject(&self) -> Subject<'_> {
        match self {
            Resolved::Scenario(s) => Subject::Scenario(s),
            Resolved::Template(t, r) => Subject::Template(t, r),
        }
    }

    pub(crate) fn scenario(&self) -> Result<Scenario, ApiError> {
        match self {
            Resolved::Scenario(s) => Ok(s.clone()),
            Resolved::Template(t, r) => crate::scenario::template::expand(t, r)
                .map_err(|problems| ApiError::unprocessable(t!("api-template-request-invalid"), problems)),
        }
    }
}

pub(crate) fn resolve(snapshot: &Snapshot, target: Target) -> Result<Resolved<'_>, ApiError> {
    if let Some(id) = &target.template {
        check_length("/template", id, MAX_ID_LENGTH)?;
    }
    match (target.template, target.scenario) {
        (Some(id), None) => {
            let template = super::templates::find(&snapshot.templates, &id)?;
            Ok(Resolved::Template(
                template,
                TemplateRequest {
                    template: id,
                    drivers: target.drivers.unwrap_or_default(),
                    parameters: target.parameters.unwrap_or_default(),
                    settings: target.settings.unwrap_or_default(),
                    language: crate::text::current(),
                },
            ))
        }
        (None, Some(scenario)) => {
            let overrides = [
                ("/drivers", target.drivers.is_some()),
                ("/parameters", target.parameters.is_some()),
                ("/settings", target.settings.is_some()),
            ];
            let errors: Vec<FieldError> = overrides
                .iter()
                .filter(|(_, given)| *given)
                .map(|(pointer, _)| FieldError::new(*pointer, t!("api-scenario-states-its-own")))
                .collect();
            if !errors.is_empty() {
                return Err(ApiError::unprocessable(t!("api-overrides-with-scenario"), errors));
            }
            Ok(Resolved::Scenario(scenario.named_in(crate::text::current())))
        }
        _ => Err(ApiError::unprocessable(
            t!("api-template-or-scenario"),
            vec![FieldError::new("/template", t!("api-template-or-scenario-field"))],
        )),
    }
}

fn values_of(
    values: Option<Vec<Decimal>>,
    range: Option<Range>,
    integer: bool,
) -> Result<Vec<Decimal>, ApiError> {
    match (values, range) {
        (Some(values), None) => Ok(values),
        (None, Some(r)) => match (check_range(&r)?, r.step, r.points) {
            ((), Some(step), None) => Ok(sweep::stepped(r.from, r.to, step)?),
            ((), None, Some(points)) => {
                Ok(sweep::spaced(r.from, r.to, points, r.scale == Scale::Log, integer)?)
            }
            _ => Err(ApiError::unprocessable(
                t!("api-range-step-or-points"),
                vec![FieldError::new("/range", t!("api-range-step-or-points-field"))],
            )),
        },
        _ => Err(ApiError::unprocessable(
            t!("api-values-or-range"),
            vec![FieldError::new("/values", t!("api-values-or-range-field"))],
        )),
    }
}

/// Each rule of a range at the member that breaks it.
fn check_range(r: &Range) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if r.to < r.from || (r.to == r.from && r.step.is_none()) {
        let detail = if r.step.is_some() {
            t!("api-range-to-at-least-from", from = r.from)
        } else {
            t!("api-range-to-above-from", from = r.from)
        };
        errors.push(FieldError::new("/range/to", detail));
    }
    if r.points.is_some_and(|p| !(2..=sweep::MAX_POINTS).contains(&p)) {
        errors.push(FieldError::new("/range/points", t!("api-range-points", max = sweep::MAX_POINTS)));
    }
    if r.step.is_some_and(|s| s <= Decimal::ZERO) {
        errors.push(FieldError::new("/range/step", t!("api-range-step-above-zero")));
    }
    if r.scale == Scale::Log && r.from <= Decimal::ZERO {
        errors.push(FieldError::new("/range/from", t!("api-range-log-from")));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::unprocessable(t!("api-range-invalid"), errors))
    }
}

/// The field that sets how many points a sweep evaluates, as the caller typed it (the GET form maps
/// it to its query parameter).
fn points_pointer(request: &SweepRequest) -> &'static str {
    match &request.range {
        None => "/values",
        Some(r) if r.step.is_some() => "/range/step",
        Some(_) => "/range/points",
    }
}

/// A sweep request against a snapshot: what `POST /v1/sweeps` runs (the no-panic property test calls it).
pub fn run_sweep(snapshot: &Snapshot, request: SweepRequest) -> Result<Sweep, ApiError> {
    check_length("/variable", &request.variable, MAX_NAME_LENGTH)?;
    let pointer = points_pointer(&request);
    let resolved = resolve(snapshot, request.target)?;
    let subject = resolved.subject();
    let ends = typed_ends(request.values.as_deref(), request.range.as_ref());
    let values = values_of(request.values, request.range, subject.is_integer(&request.variable))?;
    check_ends(snapshot, &subject, &request.variable, &ends)?;
    let intervals = check_intervals(request.intervals)?;
    super::uncertainty::check_seed(request.seed)?;
    let mut budget = Budget::default();
    let mut result = sweep::sweep(&snapshot.catalog, &subject, &request.variable, &values, &mut budget)
        .map_err(|e| match e {
            EngineError::OverBudget(e) => over_budget(&e, pointer),
            other => other.into(),
        })?;
    if intervals > 0 {
        let seed = u64::from(request.seed.unwrap_or(1));
        crossover_intervals(&snapshot.catalog, &subject, &mut result, intervals, seed, &budget)?;
    }
    Ok(result)
}

fn check_intervals(intervals: Option<u32>) -> Result<u32, ApiError> {
    let draws = intervals.unwrap_or(0);
    if draws > MAX_INTERVAL_DRAWS {
        let message = t!("api-out-of-range", value = draws, min = 0, max = MAX_INTERVAL_DRAWS);
        return Err(ApiError::unprocessable(message.clone(), vec![FieldError::new("/intervals", message)]));
    }
    Ok(draws)
}

/// The values the caller typed at either end of the sweep, with where they typed them.
fn typed_ends(values: Option<&[Decimal]>, range: Option<&Range>) -> Vec<(String, Decimal)> {
    match (values, range) {
        (Some(values), _) => {
            let last = values.len().saturating_sub(1);
            values
                .first()
                .map(|v| ("/values/0".to_string(), *v))
                .into_iter()
                .chain(values.last().filter(|_| last > 0).map(|v| (format!("/values/{last}"), *v)))
                .collect()
        }
        (None, Some(r)) => vec![("/range/from".to_string(), r.from), ("/range/to".to_string(), r.to)],
        (None, None) => vec![],
    }
}

/// Both ends of a sweep inside the variable's limits, so no grid point the caller never typed is
/// blamed: a problem with the variable at an end is reported at that end (`/range/to`, `/values/3`).
fn check_ends(
    snapshot: &Snapshot,
    subject: &Subject<'_>,
    variable: &str,
    ends: &[(String, Decimal)],
) -> Result<(), ApiError> {
    let names_variable = |pointer: &str| {
        ["/drivers/", "/parameters/", "/settings/", "/"].iter().any(|prefix| {
            pointer
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix(variable))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    };
    let mut errors = Vec::new();
    for (pointer, value) in ends {
        let problems = match subject.at(variable, *value) {
            Ok(scenario) => crate::engine::validate(&scenario, &snapshot.catalog).err().map(|e| e.0),
            Err(crate::engine::EngineError::Invalid(e)) => Some(e.0),
            Err(other) => return Err(other.into()),
        };
        for problem in problems.unwrap_or_default() {
            let error = match problem.pointer.as_str() {
                "/variable" => FieldError::new("/variable", problem.detail),
                p if names_variable(p) => FieldError::new(pointer.clone(), problem.detail),
                _ => continue,
            };
            if !errors.contains(&error) {
                errors.push(error);
            }
        }
    }
    if errors.is_empty() {
        return Ok(());
    }
    Err(ApiError::unprocessable(t!("api-sweep-outside-limits", variable = variable), errors))
}

/// Evaluates a template or scenario across values of one driver, parameter or setting (at most 200
/// points) and finds every crossover — the exact value at which the cheapest option by NPV changes — by
/// bisection (to the integer for whole-number drivers). Options that cannot serve a value (plan limits)
/// are marked unavailable there.
#[utoipa::path(
    tag = "analysis",
    operation_id = "create_sweep",
    request_body = SweepRequest,
    responses(
        (status = 200, description = "Points and crossovers", body = Sweep),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request (unknown variable, more than 200 points…), or over a limit (`/problems/limit-exceeded`: an id or name over 200 characters, or more work than the evaluation budget of 20,000,000 line-months)", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        BodyErrors,
        HeavyErrors
    )
)]
#[post("/v1/sweeps")]
pub async fn create_sweep(
    store: web::Data<CatalogStore>,
    heavy: web::Data<HeavyLimit>,
    body: JsonBody<SweepRequest>,
) -> Result<web::Json<Sweep>, ApiError> {
    let snapshot = store.current();
    let result = heavy.run(move || run_sweep(&snapshot, body.0)).await?;
    Ok(web::Json(result))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SweepQuery {
    #[param(max_length = 200)]
    pub template: String,
    #[param(max_length = 200)]
    pub variable: String,
    /// Range start (a decimal number).
    #[param(value_type = String, pattern = "^-?[0-9]{1,15}(\\.[0-9]{1,12})?$")]
    pub from: Decimal,
    /// Range end, above `from` (at least `from` with `step`).
    #[param(value_type = String, pattern = "^-?[0-9]{1,15}(\\.[0-9]{1,12})?$")]
    pub to: Decimal,
    /// Distance between values, above 0 (exactly one of `step` and `points`).
    #[param(value_type = Option<String>, pattern = "^-?[0-9]{1,15}(\\.[0-9]{1,12})?$")]
    pub step: Option<Decimal>,
    /// 2 to 200 (exactly one of `step` and `points`).
    #[param(minimum = 2, maximum = 200)]
    pub points: Option<usize>,
    #[param(inline)]
    pub scale: Option<Scale>,
    /// `json`, `csv` (a row per point and option) or `svg` (NPV per option across the variable,
    /// crossovers marked with their intervals; also chosen by `Accept: image/svg+xml`).
    #[param(inline)]
    pub format: Option<SweepFormat>,
    /// Draws (0 to 1,000) for each crossover's interval under uncertainty (default 0: none).
    #[param(minimum = 0, maximum = 1000)]
    pub intervals: Option<u32>,
    /// Seed of the interval draws (default 1).
    #[param(minimum = 0, maximum = 2147483647)]
    pub seed: Option<u32>,
}

const SWEEP_NAMES: &[&str] =
    &["variable", "from", "to", "step", "points", "scale", "format", "intervals", "seed"];

/// The flat GET form of a sweep, for spreadsheets: `GET /v1/sweeps?template=team-im&variable=users&
/// from=10&to=100000&points=40&scale=log&format=csv`; the template's other inputs are query parameters too.
#[utoipa::path(
    tag = "analysis",
    operation_id = "get_sweep",
    params(SweepQuery),
    responses(
        (status = 200, description = "Points and crossovers", content((Sweep = "application/json"), (String = "text/csv"), (String = "image/svg+xml", example = "<svg role=\"img\" ..."))),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request, or over a limit (`/problems/limit-exceeded`: an id or name over 200 characters, or more work than the evaluation budget of 20,000,000 line-months)", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        HeavyErrors
    )
)]
#[get("/v1/sweeps")]
pub async fn get_sweep(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    heavy: web::Data<HeavyLimit>,
    cache: web::Data<ComparisonCache>,
) -> Result<HttpResponse, ApiError> {
    let answer = |snapshot, query, format: ComparisonFormat| {
        sweep_answer(snapshot, query, format.into(), heavy.clone())
    };
    cached_get(&req, &store, &cache, "GET /v1/sweeps", answer).await
}

/// A sweep from a flat query, rendered (on the blocking pool, holding a heavy permit).
async fn sweep_answer(
    snapshot: Arc<Snapshot>,
    query: String,
    format: SweepFormat,
    heavy: web::Data<HeavyLimit>,
) -> Result<Rendered, ApiError> {
    let (request, _) = sweep_request_of_query(&snapshot, &query)?;
    let log_scale = request.range.as_ref().is_some_and(|range| range.scale == Scale::Log);
    heavy
        .run(move || {
            let result = run_sweep(&snapshot, request)?;
            match format {
                SweepFormat::Json => Rendered::json(&result)
                    .map_err(|e| ApiError::Internal(format!("the sweep could not be serialised: {e}"))),
                SweepFormat::Csv => Ok(Rendered::csv(sweep_csv(&result), "sweep.csv")),
                SweepFormat::Svg => {
                    crate::report::svg::draw(&crate::report::svg::sweep_chart(&result, log_scale))
                        .map(Rendered::chart)
                        .map_err(|e| ApiError::Internal(e.to_string()))
                }
            }
        })
        .await
}

/// A flat GET answer through the answer cache: the ETag (catalogue version, route, representation,
/// query) is known first, so `If-None-Match` is a 304 and a repeated query a memory copy, without a
/// heavy permit; only a miss runs `answer` (on the snapshot, the query string and the format). Errors
/// name the query parameters the caller typed.
pub(crate) async fn cached_get<F, Fut>(
    req: &HttpRequest,
    store: &CatalogStore,
    cache: &ComparisonCache,
    route: &str,
    answer: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(Arc<Snapshot>, String, ComparisonFormat) -> Fut,
    Fut: std::future::Future<Output = Result<Rendered, ApiError>>,
{
    let snapshot = store.current();
    let query = req.query_string();
    let response = async {
        let (own, _) = split_query(query, &["format"]);
        let asked: FormatOnly = super::extract::parse_query(&own)?;
        let format = negotiate_comparison(req, asked.format);
        let variant = format!("{route}/{format:?}?{query}");
        let etag = Cacheable::new(&snapshot.catalog.version, &variant);
        if let Some(not_modified) = not_modified(req, &etag) {
            return Ok(not_modified);
        }
        let key = format!("{}\u{0}{variant}", snapshot.catalog.version);
        let render = answer(snapshot.clone(), query.to_string(), format);
        let rendered_answer = cache.answer(key, render).await.map_err(unshared)?;
        Ok(with_validators(rendered(&rendered_answer), &etag))
    };
    response.await.map_err(|e: ApiError| e.map_pointers(query_pointer))
}

#[derive(Debug, Deserialize)]
struct FormatOnly {
    format: Option<ComparisonFormat>,
}

/// The sweep request a flat GET query string stands for (what `GET /v1/sweeps` runs), with the
/// `format` it asked for; errors still point at body paths (the handler maps them to the parameters).
pub fn sweep_request_of_query(
    snapshot: &Snapshot,
    query: &str,
) -> Result<(SweepRequest, Option<SweepFormat>), ApiError> {
    let (params, target): (SweepQuery, Target) = flat_query(snapshot, query, SWEEP_NAMES)?;
    let request = SweepRequest {
        target,
        variable: params.variable,
        values: None,
        range: Some(Range {
            from: params.from,
            to: params.to,
            step: params.step,
            points: params.points,
            scale: params.scale.unwrap_or_default(),
        }),
        intervals: params.intervals,
        seed: params.seed,
    };
    Ok((request, params.format))
}

pub(crate) fn target_of(request: TemplateRequest) -> Target {
    Target {
        template: Some(request.template),
        drivers: Some(request.drivers),
        parameters: Some(request.parameters),
        settings: Some(request.settings),
        scenario: None,
    }
}

/// A flat GET query split in two: the endpoint's own parameters `own` (with `template`), parsed as
/// `Q`, and the template's inputs (everything else) as the target they stand for.
pub(crate) fn flat_query<Q: serde::de::DeserializeOwned>(
    snapshot: &Snapshot,
    query: &str,
    own: &[&str],
) -> Result<(Q, Target), ApiError> {
    let (mine, rest) = split_query(query, own);
    let params: Q = super::extract::parse_query(&format!("{mine}&template={}", template_of(query)))?;
    Ok((params, target_of(template_request_of_query(snapshot, &rest)?)))
}

fn template_of(query: &str) -> String {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "template")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

pub const SWEEP_COLUMNS: &[&str] = &["variable", "value", "option", "available", "npv", "cash", "cheapest"];

fn sweep_csv(sweep: &Sweep) -> String {
    let mut csv = CsvWriter::new(SWEEP_COLUMNS);
    for point in &sweep.points {
        for option in &point.options {
            csv.row([
                Cell::text(&sweep.variable),
                Cell::number(point.value),
                Cell::text(&option.option),
                Cell::text(if option.available { "true" } else { "false" }),
                Cell::opt_number(option.npv),
                Cell::opt_number(option.cash),
                Cell::text(if option.option == point.cheapest { "true" } else { "false" }),
            ]);
        }
    }
    csv.finish()
}

/// A tornado request against a snapshot: what `POST /v1/tornado` runs (the no-panic property test calls
/// it).
pub fn run_tornado(snapshot: &Snapshot, request: TornadoRequest) -> Result<Tornado, ApiError> {
    check_length("/option", &request.option, MAX_NAME_LENGTH)?;
    check_length("/versus", &request.versus, MAX_NAME_LENGTH)?;
    let pointer = if request.target.scenario.is_some() { "/scenario/options" } else { "/template" };
    let resolved = resolve(snapshot, request.target)?;
    let scenario = resolved.scenario()?;
    let name_of = |key: &str| -> String {
        key.trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| scenario.options.get(i))
            .map_or_else(|| key.to_string(), |o| o.name.clone())
    };
    let (option, versus) = (name_of(&request.option), name_of(&request.versus));
    let variation = request.variation.unwrap_or(Decimal::new(2, 1));
    let mut budget = Budget::default();
    sweep::tornado(&snapshot.catalog, &scenario, &option, &versus, variation, &mut budget).map_err(
        |e| match e {
            EngineError::OverBudget(e) => over_budget(&e, pointer),
            other => other.into(),
        },
    )
}

/// Tornado sensitivity: moves each key assumption (price levels by category, labour cost, energy tariff,
/// growth, discount rate, PUE, useful life, utilization) by ±`variation` and reports the NPV gap between
/// two options at each end, largest impact first.
#[utoipa::path(
    tag = "analysis",
    operation_id = "create_tornado",
    request_body = TornadoRequest,
    responses(
        (status = 200, description = "Bars, largest impact first", body = Tornado),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request, or over a limit (`/problems/limit-exceeded`: an id or name over 200 characters, or more work than the evaluation budget of 20,000,000 line-months)", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        BodyErrors,
        HeavyErrors
    )
)]
#[post("/v1/tornado")]
pub async fn create_tornado(
    store: web::Data<CatalogStore>,
    heavy: web::Data<HeavyLimit>,
    body: JsonBody<TornadoRequest>,
) -> Result<web::Json<Tornado>, ApiError> {
    let snapshot = store.current();
    let result = heavy.run(move || run_tornado(&snapshot, body.0)).await?;
    Ok(web::Json(result))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TornadoQuery {
    #[param(max_length = 200)]
    pub template: String,
    /// Option name or 1-based position.
    #[param(max_length = 200)]
    pub option: String,
    #[param(max_length = 200)]
    pub versus: String,
    /// Above 0 and below 1 (default 0.2).
    #[param(value_type = Option<String>, example = "0.2", pattern = "^0\\.[0-9]{0,11}[1-9][0-9]{0,11}$")]
    pub variation: Option<Decimal>,
    #[param(inline)]
    pub format: Option<OutputFormat>,
}

/// The flat GET form of a tornado: `GET /v1/tornado?template=team-im&users=500&option=3&versus=1`.
#[utoipa::path(
    tag = "analysis",
    operation_id = "get_tornado",
    params(TornadoQuery),
    responses(
        (status = 200, description = "Bars, largest impact first", content((Tornado = "application/json"), (String = "text/csv"))),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request, or over a limit (`/problems/limit-exceeded`: an id or name over 200 characters, or more work than the evaluation budget of 20,000,000 line-months)", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        HeavyErrors
    )
)]
#[get("/v1/tornado")]
pub async fn get_tornado(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    heavy: web::Data<HeavyLimit>,
    cache: web::Data<ComparisonCache>,
) -> Result<HttpResponse, ApiError> {
    let answer = |snapshot, query, format: ComparisonFormat| {
        tornado_answer(snapshot, query, format.into(), heavy.clone())
    };
    cached_get(&req, &store, &cache, "GET /v1/tornado", answer).await
}

/// A tornado from a flat query, rendered (on the blocking pool, holding a heavy permit).
async fn tornado_answer(
    snapshot: Arc<Snapshot>,
    query: String,
    format: OutputFormat,
    heavy: web::Data<HeavyLimit>,
) -> Result<Rendered, ApiError> {
    let (params, target): (TornadoQuery, Target) =
        flat_query(&snapshot, &query, &["option", "versus", "variation", "format"])?;
    let request =
        TornadoRequest { target, option: params.option, versus: params.versus, variation: params.variation };
    heavy.run(move || tornado_rendered(&run_tornado(&snapshot, request)?, format)).await
}

fn tornado_rendered(result: &Tornado, format: OutputFormat) -> Result<Rendered, ApiError> {
    Ok(match format {
        OutputFormat::Json => Rendered::json(result)
            .map_err(|e| ApiError::Internal(format!("the tornado could not be serialised: {e}")))?,
        OutputFormat::Csv => {
            let mut csv =
                CsvWriter::new(&["assumption", "gap_low", "gap_high", "impact", "base_gap", "currency"]);
            for bar in &result.bars {
                csv.row([
                    Cell::text(&bar.assumption),
                    Cell::number(bar.gap_low),
                    Cell::number(bar.gap_high),
                    Cell::number(bar.impact),
                    Cell::number(result.base_gap),
                    Cell::text(&result.currency),
                ]);
            }
            Rendered::csv(csv.finish(), "tornado.csv")
        }
    })
}
