//! Comparisons and amortization schedules: scenario (or template) in, breakdown out — as JSON, CSV views
//! for spreadsheets, or one bare number.

use super::extract::{parse_value, split_query, JsonBody};
use super::http_cache::{not_modified, rendered, with_validators, Cacheable};
use super::limits::HeavyLimit;
use super::negotiate::{negotiate_comparison, ComparisonFormat};
use super::problem::{ApiError, BodyErrors, CommonErrors, FieldError, Problem};
use crate::cache::{blocking, ComparisonCache, Rendered};
use crate::engine::{self, AmortizationSchedule, AssetInput, Comparison, EngineError};
use crate::report::compact::CompactComparison;
use crate::report::comparison::{self as views, View};
use crate::report::svg::{self, ComparisonChart};
use crate::scenario::template::{self, TemplateRequest};
use crate::scenario::Scenario;
use crate::store::{CatalogStore, Snapshot};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// Maps the engine's errors to 422s with one pointer per problem.
impl From<EngineError> for ApiError {
    fn from(error: EngineError) -> Self {
        match error {
            EngineError::Invalid(errors) => {
                let count = errors.0.len();
                ApiError::unprocessable(t!("api-problems-in-request", count = count), errors.0)
            }
            EngineError::Money(e) => {
                let detail = crate::catalog::pricing::money_text(&e);
                ApiError::unprocessable(
                    t!("api-amounts-too-large", error = @detail.clone()),
                    vec![FieldError::new("", detail)],
                )
            }
            EngineError::Pricing(error) => ApiError::unprocessable(error.detail.clone(), vec![error]),
            EngineError::OverBudget(e) => super::limits::over_budget(&e, "/options"),
        }
    }
}

fn request_problems(status_400: bool, errors: Vec<FieldError>) -> ApiError {
    let detail = t!("api-problems-in-request", count = errors.len());
    if status_400 {
        ApiError::bad_request(detail, errors)
    } else {
        ApiError::unprocessable(detail, errors)
    }
}

/// A comparison request: a full scenario, or a template with overrides.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
#[schema(example = json!({
    "template": "team-im",
    "drivers": {"users": "120"},
    "settings": {"horizon_months": 36, "currency": "CNY"}
}))]
pub enum ComparisonRequest {
    Template(TemplateRequest),
    Scenario(Scenario),
}

/// The scenario a POST body stands for: a template request when it names a `template`, else a scenario.
pub fn scenario_of_body(snapshot: &Snapshot, body: serde_json::Value) -> Result<Scenario, ApiError> {
    if body.get("template").is_some() {
        let request = TemplateRequest { language: crate::text::current(), ..parse_value(body)? };
        let template = super::templates::find(&snapshot.templates, &request.template)?;
        template::expand(template, &request).map_err(|p| request_problems(false, p))
    } else {
        parse_value::<Scenario>(body).map(|scenario| scenario.named_in(crate::text::current()))
    }
}

/// Which JSON answer `POST /v1/comparisons` returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JsonView {
    /// The whole comparison, with monthly and yearly series.
    #[default]
    Full,
    /// Without the monthly and yearly series (`CompactComparison`).
    Compact,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CreateComparisonQuery {
    /// `full` (default) or `compact`: totals, ranking, break-even, payback, line items and warnings,
    /// without the monthly and yearly series (what a portal shows; a fraction of the size).
    #[param(inline)]
    pub view: Option<JsonView>,
}

/// The answer a comparison's JSON is, full or compact.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ComparisonAnswer {
    Full(Comparison),
    Compact(CompactComparison),
}

/// The bytes of a comparison's JSON answer.
fn json_answer(comparison: &Comparison, compact: bool) -> Result<Rendered, ApiError> {
    let rendered =
        if compact { Rendered::json(&CompactComparison::of(comparison)) } else { Rendered::json(comparison) };
    rendered.map_err(|e| ApiError::Internal(format!("the comparison could not be serialised: {e}")))
}

/// The cache key of an answer: catalogue version, route and representation, and the request.
fn answer_key(snapshot: &Snapshot, variant: &str) -> String {
    format!("{}\u{0}{variant}", snapshot.catalog.version)
}

/// An answer the cache shares between requests, back in the caller's hands.
pub fn unshared(error: std::sync::Arc<ApiError>) -> ApiError {
    (*error).clone()
}

/// Compares the options month by month: cash and P&L views, by category and nature, NPV, ranking,
/// break-even and payback, line items with the provenance of every price. The body is a full scenario, or
/// `{"template": …, "drivers": …, "parameters": …, "settings": …}`. `?view=compact` leaves out the
/// monthly and yearly series. Answers are kept by catalogue version and scenario: a repeated request is
/// a memory copy.
#[utoipa::path(
    tag = "comparisons",
    operation_id = "create_comparison",
    params(CreateComparisonQuery),
    request_body = ComparisonRequest,
    responses(
        (status = 200, description = "The comparison (`CompactComparison` with `view=compact`)", body = ComparisonAnswer),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid scenario: every problem with its JSON pointer (unknown offering ids come with suggestions; limits: 20 options, 200 components, 240 months)", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        BodyErrors
    )
)]
#[post("/v1/comparisons")]
pub async fn create_comparison(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    cache: web::Data<ComparisonCache>,
    body: JsonBody<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let snapshot = store.current();
    let query: CreateComparisonQuery = super::extract::parse_query(req.query_string())?;
    let compact = query.view == Some(JsonView::Compact);
    let scenario = scenario_of_body(&snapshot, body.0)?;
    let canonical = serde_json::to_string(&scenario)
        .map_err(|e| ApiError::Internal(format!("the scenario could not be serialised: {e}")))?;
    let key = answer_key(&snapshot, &format!("POST /v1/comparisons?compact={compact}\u{0}{canonical}"));
    let catalog = snapshot.catalog.clone();
    let render = blocking(move || json_answer(&engine::compare(&catalog, &scenario)?, compact));
    let answer = cache.answer(key, render).await.map_err(unshared)?;
    Ok(rendered(&answer))
}

/// Query parameters of the flat GET form besides the template's own drivers, parameters and settings.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComparisonQuery {
    /// Template id, e.g. `team-im` (see `GET /v1/templates`).
    #[param(max_length = 200)]
    pub template: String,
    /// `json` (default), `csv` (also chosen by `Accept: text/csv`) or `xlsx`: an Excel workbook (also
    /// chosen by `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`) with sheets
    /// Summary, Yearly, Monthly, Line items and Assumptions, totals as live formulas over the line items
    /// and a chart of cumulative cash per option; or `svg`: that chart as an image (also chosen by
    /// `Accept: image/svg+xml`), with its figures in `<desc>` and `<metadata>`.
    #[param(inline)]
    pub format: Option<ComparisonFormat>,
    /// CSV view: `summary` (default; a row per option), `monthly`, `yearly`, `line_items`, or `focus`
    /// (line items per month with FinOps FOCUS column names). With JSON, `compact` leaves out the monthly
    /// and yearly series (`CompactComparison`); as CSV it is the summary.
    #[param(inline)]
    pub view: Option<View>,
    /// With `format=svg`: `cash` (default; cumulative cash per option, break-even months marked) or
    /// `pnl` (cumulative P&L expense).
    #[param(inline)]
    pub chart: Option<ComparisonChart>,
}

/// Names the flat GET forms use for themselves; every other name is a template input.
const RESERVED: &[&str] =
    &["template", "format", "view", "chart", "api_key", "lang", "option", "metric", "versus"];

/// A flat GET form's error in the caller's terms: a body path (`/drivers/users`, `/settings/currency`,
/// `/range/from`) becomes the query parameter the caller typed (`/users`, `/currency`, `/from`).
pub fn query_pointer(pointer: &str) -> String {
    let mut segments = pointer.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or_default();
    match (first, segments.next()) {
        ("drivers" | "parameters" | "settings" | "range", Some(name)) if !name.is_empty() => {
            format!("/{name}")
        }
        ("range", None) => "/from".to_string(),
        _ => pointer.to_string(),
    }
}

/// The template request of a flat query string, or a 400 naming each bad or unknown parameter and
/// listing the valid ones.
pub fn template_request_of_query(snapshot: &Snapshot, query: &str) -> Result<TemplateRequest, ApiError> {
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let Some((_, id)) = pairs.iter().find(|(k, _)| k == "template") else {
        let ids: Vec<&str> = snapshot.templates.keys().map(String::as_str).collect();
        return Err(ApiError::bad_request(
            t!("api-template-parameter-required"),
            vec![FieldError::new("/template", t!("api-one-of", choices = ids.join(", ")))],
        ));
    };
    let template = super::templates::find(&snapshot.templates, id)?;
    let inputs: Vec<(String, String)> =
        pairs.iter().filter(|(k, _)| !RESERVED.contains(&k.as_str())).cloned().collect();
    template::request_from_pairs(template, &inputs)
        .map(|request| TemplateRequest { language: crate::text::current(), ..request })
        .map_err(|p| request_problems(true, p))
}

/// The template and scenario a flat GET query string stands for (its errors still point at body paths;
/// the handler maps them to the parameters typed).
pub fn scenario_of_query<'a>(
    snapshot: &'a Snapshot,
    query: &str,
) -> Result<(&'a template::Template, Scenario), ApiError> {
    let request = template_request_of_query(snapshot, query)?;
    let template = super::templates::find(&snapshot.templates, &request.template)?;
    Ok((template, template::expand(template, &request).map_err(|p| request_problems(false, p))?))
}

/// The same comparison from a URL, for spreadsheets: `GET /v1/comparisons?template=team-im&users=120&
/// horizon_months=36&currency=CNY`. Besides the parameters listed here, every driver (e.g. `users=120`),
/// parameter (e.g. `dau_mau_ratio=0.2`) and setting (`market`, `currency`, `horizon_months`, `start`,
/// `discount_rate`, `tax_rate`, `tax_basis` (`net` or `gross`), `growth`) of the template is a query parameter (see
/// `GET /v1/templates/{id}`); unknown ones are a 400 listing the valid ones. `format=csv` with `view=`
/// gives spreadsheet tables.
#[utoipa::path(
    tag = "comparisons",
    operation_id = "get_comparison",
    params(ComparisonQuery),
    responses(
        (status = 200, description = "The comparison", content(
            (ComparisonAnswer = "application/json"),
            (String = "text/csv", example = "option,kind,rank_npv,..."),
            (super::negotiate::XlsxWorkbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "image/svg+xml", example = "<svg role=\"img\" ...")
        )),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values out of the template's ranges", body = Problem, content_type = "application/problem+json"),
        CommonErrors
    )
)]
#[get("/v1/comparisons")]
pub async fn get_comparison(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    cache: web::Data<ComparisonCache>,
) -> Result<HttpResponse, ApiError> {
    comparison_of_query(req, store, cache).await.map_err(|e| e.map_pointers(query_pointer))
}

async fn comparison_of_query(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    cache: web::Data<ComparisonCache>,
) -> Result<HttpResponse, ApiError> {
    let snapshot = store.current();
    let representation = representation(&req)?;
    // The answer depends only on the catalogue version, the query and the chosen representation: its
    // ETag is known before anything is computed.
    let variant = format!("{:?}?{}", representation.format, req.query_string());
    let etag = Cacheable::new(&snapshot.catalog.version, &variant);
    if let Some(not_modified) = not_modified(&req, &etag) {
        return Ok(not_modified);
    }
    let key = answer_key(&snapshot, &format!("GET /v1/comparisons\u{0}{variant}"));
    let answer = cache.answer(key, comparison_answer(&snapshot, &cache, req.query_string(), representation));
    let answer = answer.await.map_err(unshared)?;
    Ok(with_validators(rendered(&answer), &etag))
}

/// A comparison from a flat query, rendered in `format` (and `view`).
async fn comparison_answer(
    snapshot: &Snapshot,
    cache: &ComparisonCache,
    query: &str,
    representation: Representation,
) -> Result<Rendered, ApiError> {
    let (template, scenario) = scenario_of_query(snapshot, query)?;
    let comparison = cache.compare(snapshot.catalog.clone(), scenario.clone()).await?;
    let (id, title) = (template.id.clone(), template.title.clone());
    let Representation { format, view, chart } = representation;
    blocking(move || match format {
        ComparisonFormat::Json => json_answer(&comparison, view == View::Compact),
        ComparisonFormat::Csv => {
            Ok(Rendered::csv(views::render(&comparison, view), &format!("{id}-{}.csv", view.as_str())))
        }
        ComparisonFormat::Xlsx => {
            let workbook = crate::report::xlsx::comparison_workbook(&comparison, &scenario, Some(&title))
                .map_err(|e| ApiError::Internal(format!("the workbook could not be written: {e}")))?;
            Ok(Rendered::attachment(super::negotiate::XLSX_CONTENT_TYPE, workbook, &format!("{id}.xlsx")))
        }
        ComparisonFormat::Svg => {
            let chart = svg::draw(&svg::comparison_chart(&comparison, chart))
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(Rendered::chart(chart))
        }
    })
    .await
}

/// Which single number `GET /v1/comparisons/value` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Npv,
    AfterTaxNpv,
    Cash,
    Capex,
    Opex,
    Expense,
    Depreciation,
    Interest,
    TerminalValue,
    NetCash,
    /// 1 for the cheapest by NPV.
    RankNpv,
    RankCash,
    /// First month from which `option`'s cumulative cash stays at or below `versus`' (empty when never).
    BreakEvenMonth,
    /// For a path: the month its `stage` (default 2) should start to minimise NPV, as
    /// `POST /v1/paths/optimize` finds it (empty when never switching is best).
    BestSwitchMonth,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValueQuery {
    /// Template id.
    #[param(max_length = 200)]
    pub template: String,
    /// Option name (exact) or its 1-based position.
    pub option: String,
    #[param(inline)]
    pub metric: Metric,
    /// For `metric=break_even_month`: the other option (name or position).
    pub versus: Option<String>,
    /// For `metric=best_switch_month`: the path's stage whose start is searched (1-based, default 2).
    #[param(minimum = 2, maximum = 6)]
    pub stage: Option<usize>,
}

/// One bare number as `text/plain`, for `=WEBSERVICE(…)` in Excel or LibreOffice Calc:
/// `GET /v1/comparisons/value?template=team-im&users=120&option=1&metric=npv`. Takes the same template
/// inputs as `GET /v1/comparisons`. The number has `.` decimals and no thousands separator; a break-even
/// that never happens is an empty body.
#[utoipa::path(
    tag = "comparisons",
    operation_id = "get_comparison_value",
    params(ValueQuery),
    responses(
        (status = 200, description = "The number", content_type = "text/plain", body = String, example = "18757.75"),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values out of the template's ranges", body = Problem, content_type = "application/problem+json"),
        CommonErrors
    )
)]
#[get("/v1/comparisons/value")]
pub async fn get_comparison_value(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    cache: web::Data<ComparisonCache>,
    heavy: web::Data<HeavyLimit>,
) -> Result<HttpResponse, ApiError> {
    value_of_query(req, store, cache, heavy).await.map_err(|e| e.map_pointers(query_pointer))
}

async fn value_of_query(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    cache: web::Data<ComparisonCache>,
    heavy: web::Data<HeavyLimit>,
) -> Result<HttpResponse, ApiError> {
    let snapshot = store.current();
    let variant = format!("value?{}", req.query_string());
    let etag = Cacheable::new(&snapshot.catalog.version, &variant);
    if let Some(not_modified) = not_modified(&req, &etag) {
        return Ok(not_modified);
    }
    let key = answer_key(&snapshot, &format!("GET /v1/comparisons/value\u{0}{variant}"));
    let answer = cache.answer(key, value_answer(&snapshot, &cache, &heavy, req.query_string())).await;
    let answer = answer.map_err(unshared)?;
    Ok(with_validators(rendered(&answer), &etag))
}

/// The one number a value query asks for, as text.
async fn value_answer(
    snapshot: &Arc<Snapshot>,
    cache: &ComparisonCache,
    heavy: &web::Data<HeavyLimit>,
    query: &str,
) -> Result<Rendered, ApiError> {
    let params: ValueQuery = super::extract::parse_query(
        &split_query(query, &["template", "option", "metric", "versus", "stage"]).0,
    )?;
    let request = template_request_of_query(snapshot, &split_query(query, &["versus", "stage"]).1)?;
    if params.metric == Metric::BestSwitchMonth {
        return best_switch_month(snapshot.clone(), request, params, heavy).await;
    }
    let template = super::templates::find(&snapshot.templates, &request.template)?;
    let scenario = template::expand(template, &request).map_err(|p| request_problems(false, p))?;
    let comparison = cache.compare(snapshot.catalog.clone(), scenario).await?;
    let option = pick_option(&comparison, &params.option, "/option")?;
    let text = match params.metric {
        Metric::BreakEvenMonth => {
            let versus = params.versus.as_deref().ok_or_else(|| {
                ApiError::unprocessable(
                    t!("api-versus-required"),
                    vec![FieldError::new("/versus", t!("api-versus-field"))],
                )
            })?;
            let versus = pick_option(&comparison, versus, "/versus")?;
            comparison
                .break_even
                .iter()
                .find(|b| b.option == option.name && b.versus == versus.name)
                .and_then(|b| b.month)
                .map(|m| m.to_string())
                .unwrap_or_default()
        }
        metric => metric_value(&comparison, option, metric).to_string(),
    };
    Ok(Rendered::text(text))
}

/// The optimizer's month for a template's path, as text (empty when never switching is best).
async fn best_switch_month(
    snapshot: Arc<Snapshot>,
    request: TemplateRequest,
    params: ValueQuery,
    heavy: &web::Data<HeavyLimit>,
) -> Result<Rendered, ApiError> {
    let request = super::paths::SwitchRequest {
        target: super::analysis::target_of(request),
        option: params.option,
        stage: params.stage,
        objective: crate::engine::switch::Objective::Npv,
        uncertainty: None,
    };
    let optimum = heavy.run(move || super::paths::run_switch(&snapshot, request)).await?;
    Ok(Rendered::text(optimum.best.month.map(|m| m.to_string()).unwrap_or_default()))
}

fn metric_value(
    comparison: &Comparison,
    option: &crate::engine::OptionResult,
    metric: Metric,
) -> rust_decimal::Decimal {
    let t = &option.totals;
    let rank = |entries: &[crate::engine::RankEntry]| {
        entries
            .iter()
            .find(|e| e.option == option.name)
            .map_or(rust_decimal::Decimal::ZERO, |e| e.rank.into())
    };
    match metric {
        Metric::Npv => t.npv,
        Metric::AfterTaxNpv => t.after_tax_npv.unwrap_or(t.npv),
        Metric::Cash => t.cash,
        Metric::Capex => t.capex,
        Metric::Opex => t.opex,
        Metric::Expense => t.expense,
        Metric::Depreciation => t.depreciation,
        Metric::Interest => t.interest,
        Metric::TerminalValue => t.terminal_value,
        Metric::NetCash => t.net_cash,
        Metric::RankNpv => rank(&comparison.ranking.by_npv),
        Metric::RankCash => rank(&comparison.ranking.by_cash),
        Metric::BreakEvenMonth | Metric::BestSwitchMonth => rust_decimal::Decimal::ZERO,
    }
}

/// An option by exact name or 1-based position.
fn pick_option<'a>(
    comparison: &'a Comparison,
    key: &str,
    pointer: &str,
) -> Result<&'a crate::engine::OptionResult, ApiError> {
    let names: Vec<&str> = comparison.options.iter().map(|o| o.name.as_str()).collect();
    let index = option_position(&names, key, pointer)?;
    comparison.options.get(index).ok_or_else(|| ApiError::Internal("an option position out of range".into()))
}

/// The index of an option given by its 1-based position or its exact name, or a 422 at `pointer`
/// listing them.
pub fn option_position(names: &[&str], key: &str, pointer: &str) -> Result<usize, ApiError> {
    let by_position =
        key.trim().parse::<usize>().ok().and_then(|i| i.checked_sub(1)).filter(|i| *i < names.len());
    by_position.or_else(|| names.iter().position(|name| *name == key)).ok_or_else(|| {
        let listed: Vec<String> = names.iter().enumerate().map(|(i, n)| format!("{} ({n})", i + 1)).collect();
        ApiError::unprocessable(
            t!("api-no-option", key = key),
            vec![FieldError::new(pointer, t!("api-one-of", choices = listed.join(", ")))],
        )
    })
}

#[derive(Debug, Deserialize)]
struct FormatParams {
    format: Option<ComparisonFormat>,
    view: Option<View>,
    chart: Option<ComparisonChart>,
}

/// How the answer is represented: its format, CSV or JSON view, and chart.
#[derive(Debug, Clone, Copy)]
struct Representation {
    format: ComparisonFormat,
    view: View,
    chart: ComparisonChart,
}

fn representation(req: &HttpRequest) -> Result<Representation, ApiError> {
    let params: FormatParams =
        super::extract::parse_query(&split_query(req.query_string(), &["format", "view", "chart"]).0)?;
    Ok(Representation {
        format: negotiate_comparison(req, params.format),
        view: params.view.unwrap_or(View::Summary),
        chart: params.chart.unwrap_or_default(),
    })
}

/// An amortization schedule and the catalogue version in use (the schedule prices nothing from the
/// catalogue — every input is in the request — but every answer names the version, as the others do).
#[derive(Debug, Serialize, ToSchema)]
pub struct AmortizationAnswer {
    /// Version (content hash) of the catalogue in use.
    pub catalog_version: String,
    #[serde(flatten)]
    pub schedule: AmortizationSchedule,
}

/// One asset's depreciation (and loan or lease) schedule, month by month and year by year.
#[utoipa::path(
    tag = "analysis",
    operation_id = "create_amortization",
    request_body = AssetInput,
    responses(
        (status = 200, description = "The schedule", body = AmortizationAnswer),
        (status = 422, description = "Invalid asset: every problem with its JSON pointer", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        BodyErrors
    )
)]
#[post("/v1/amortization")]
pub async fn create_amortization(
    store: web::Data<CatalogStore>,
    asset: JsonBody<AssetInput>,
) -> Result<web::Json<AmortizationAnswer>, ApiError> {
    let catalog_version = store.snapshot().version.clone();
    Ok(web::Json(AmortizationAnswer { catalog_version, schedule: engine::schedule(&asset.0)? }))
}
