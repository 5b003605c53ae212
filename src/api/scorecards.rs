//! Scorecards over HTTP: `POST /v1/scorecards` and its flat GET form. A comparison (template or
//! scenario) plus weighted criteria and hard requirements in; per option the requirements' results
//! with their sources, a score per criterion with how it was computed, a weighted total and a rank.

use super::analysis::{resolve, Resolved, Target};
use super::comparisons::template_request_of_query;
use super::extract::{split_query, JsonBody};
use super::http_cache::rendered;
use super::negotiate::{
    negotiate_workbook, ComparisonFormat, WorkbookFormat, XlsxWorkbook, XLSX_CONTENT_TYPE,
};
use super::problem::{ApiError, BodyErrors, CommonErrors, FieldError, Problem};
use crate::cache::{blocking, ComparisonCache, Rendered};
use crate::catalog::attributes::{Feature, Standard};
use crate::engine;
use crate::report::scorecard::{tables, ScorecardView};
use crate::scorecard::{
    self, Check, Criterion, CriterionKind, PriceMeasure, PriceRule, Scorecard, ScorecardError, ScorecardSpec,
};
use crate::store::{CatalogStore, Snapshot};
use crate::text::Text;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "template": "team-im", "drivers": {"users": "120"}, "settings": {"market": "china"},
    "criteria": [{"criterion": "price", "weight": "40"}, {"criterion": "support", "weight": "20"},
                 {"criterion": "security", "weight": "20"}, {"criterion": "deployment", "weight": "10"},
                 {"criterion": "vendor", "weight": "10"}],
    "requirements": [{"check": "data_in", "place": "CN"}],
    "premises": "CN"
}))]
pub struct ScorecardRequest {
    #[serde(flatten)]
    pub target: Target,
    #[serde(flatten)]
    pub spec: ScorecardSpec,
}

/// Output parameters of both forms.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScorecardFormatQuery {
    /// `json` (default), `csv` (also by `Accept: text/csv`) or `xlsx` (sheets Scores, Requirements,
    /// Items, Criteria: the same rows as the CSV views).
    #[param(inline)]
    pub format: Option<WorkbookFormat>,
    /// CSV view: `scores` (default; a row per option), `requirements` (a row per option, requirement
    /// and piece of evidence, with its source), `items` (each rubric item's points and evidence),
    /// `criteria` (weights and methods).
    #[param(inline)]
    pub view: Option<ScorecardView>,
}

/// Scores a comparison's options for procurement. Requirements (`data_in`, `certification`,
/// `sla_at_least`, `support_language`, `feature`) pass, fail, are unknown (no source states the
/// attribute: not a pass) or are the operator's (self-hosted); only options passing all are eligible
/// and ranked. Price scores by `price_rule` (default the lowest-price ratio of Ministry of Finance
/// Order No. 87, art. 55) over the eligible options; support, security, flexibility, deployment and
/// vendor by rubrics shown item by item; `attribute` and `manual` criteria as given. Weights are
/// percentages adding up to 100.
#[utoipa::path(
    tag = "analysis",
    operation_id = "create_scorecard",
    params(ScorecardFormatQuery),
    request_body = ScorecardRequest,
    responses(
        (status = 200, description = "The scorecard", content((Scorecard = "application/json"), (String = "text/csv"), (XlsxWorkbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request: weights not adding up to 100 or out of range, bad checks, manual scores missing, or an invalid comparison", body = Problem, content_type = "application/problem+json"),
        CommonErrors,
        BodyErrors
    )
)]
#[post("/v1/scorecards")]
pub async fn create_scorecard(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    body: JsonBody<ScorecardRequest>,
) -> Result<HttpResponse, ApiError> {
    let output: ScorecardFormatQuery = super::extract::parse_query(req.query_string())?;
    let format = negotiate_workbook(&req, output.format);
    let view = output.view.unwrap_or_default().index();
    let snapshot = store.current();
    let request = body.0;
    let answer = blocking(move || render(&run_scorecard(&snapshot, request)?, format, view)).await?;
    Ok(rendered(&answer))
}

/// The flat GET form's own parameters; the template's drivers, parameters and settings are query
/// parameters too (`users=120&market=china`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScorecardQuery {
    #[param(max_length = 200)]
    pub template: String,
    /// Criteria and weights, comma-separated `kind:weight`: `price:40,support:20,security:20,deployment:10,vendor:10`.
    pub weights: String,
    /// Requirements, comma-separated: `data_in:CN`, `certification:iso_27001`, `certification:mlps:3`,
    /// `sla_at_least:99.9`, `support_language:zh`, `feature:sso`.
    pub require: Option<String>,
    #[param(inline)]
    pub price_rule: Option<PriceRule>,
    #[param(inline)]
    pub price_measure: Option<PriceMeasure>,
    /// Where owned equipment would stand (ISO 3166-1 alpha-2).
    pub premises: Option<String>,
    /// Certifications the buyer holds itself, comma-separated (`iso_27001,mlps`).
    pub operator_meets: Option<String>,
    /// The support language the rubric looks for (default `zh` in the China market, else `en`).
    pub language: Option<String>,
    #[param(inline)]
    pub format: Option<WorkbookFormat>,
    /// As in `POST /v1/scorecards`.
    #[param(inline)]
    pub view: Option<ScorecardView>,
}

const OWN_NAMES: &[&str] = &[
    "weights",
    "require",
    "price_rule",
    "price_measure",
    "premises",
    "operator_meets",
    "language",
    "format",
    "view",
];

/// The flat GET form, for spreadsheets: `GET /v1/scorecards?template=team-im&users=120&market=china&
/// weights=price:40,support:20,security:20,deployment:10,vendor:10&require=data_in:CN&format=csv`.
#[utoipa::path(
    tag = "analysis",
    operation_id = "get_scorecard",
    params(ScorecardQuery),
    responses(
        (status = 200, description = "The scorecard", content((Scorecard = "application/json"), (String = "text/csv"), (XlsxWorkbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, description = "Unknown template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request", body = Problem, content_type = "application/problem+json"),
        CommonErrors
    )
)]
#[get("/v1/scorecards")]
pub async fn get_scorecard(
    req: HttpRequest,
    store: web::Data<CatalogStore>,
    cache: web::Data<ComparisonCache>,
) -> Result<HttpResponse, ApiError> {
    let answer = |snapshot: Arc<Snapshot>, query: String, format: ComparisonFormat| async move {
        let (request, view) = scorecard_request_of_query(&snapshot, &query)?;
        blocking(move || render(&run_scorecard(&snapshot, request)?, format.into(), view)).await
    };
    super::analysis::cached_get(&req, &store, &cache, "GET /v1/scorecards", answer).await
}

/// The request a flat query stands for, and its CSV view. Errors point at the query's names.
pub fn scorecard_request_of_query(
    snapshot: &Snapshot,
    query: &str,
) -> Result<(ScorecardRequest, usize), ApiError> {
    let (own, rest) = split_query(query, OWN_NAMES);
    let template = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "template")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let template: String = form_urlencoded::byte_serialize(template.as_bytes()).collect();
    let params: ScorecardQuery = super::extract::parse_query(&format!("{own}&template={template}"))?;
    let view = params.view.unwrap_or_default().index();
    let spec = ScorecardSpec {
        criteria: criteria_of(&params.weights)?,
        requirements: requirements_of(params.require.as_deref().unwrap_or(""))?,
        price_rule: params.price_rule.unwrap_or_default(),
        price_measure: params.price_measure.unwrap_or_default(),
        premises: params.premises,
        operator_meets: list(params.operator_meets.as_deref().unwrap_or(""))
            .map(|s| parse_word::<Standard>(s, "/operator_meets"))
            .collect::<Result<_, _>>()?,
        language: params.language,
    };
    let target = super::analysis::target_of(template_request_of_query(snapshot, &rest)?);
    Ok((ScorecardRequest { target, spec }, view))
}

fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty())
}

fn bad(pointer: &str, message: Text) -> ApiError {
    ApiError::unprocessable(message.clone(), vec![FieldError::new(pointer, message)])
}

fn parse_word<T: serde::de::DeserializeOwned>(word: &str, pointer: &str) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(word.to_string()))
        .map_err(|_| bad(pointer, t!("api-not-a-name-here", word = word)))
}

fn decimal(text: &str, pointer: &str) -> Result<Decimal, ApiError> {
    text.parse::<Decimal>().map_err(|_| bad(pointer, t!("api-not-a-decimal", text = text)))
}

/// `price:40,support:20` into criteria.
fn criteria_of(weights: &str) -> Result<Vec<Criterion>, ApiError> {
    list(weights)
        .map(|entry| {
            let (kind, weight) = entry
                .split_once(':')
                .ok_or_else(|| bad("/weights", t!("api-not-kind-weight", entry = entry)))?;
            let criterion: CriterionKind = parse_word(kind, "/weights")?;
            if matches!(criterion, CriterionKind::Attribute | CriterionKind::Manual) {
                return Err(bad("/weights", t!("api-criteria-need-post", kind = kind)));
            }
            Ok(Criterion {
                criterion,
                weight: decimal(weight, "/weights")?,
                name: None,
                check: None,
                scores: BTreeMap::new(),
            })
        })
        .collect()
}

/// `data_in:CN,certification:mlps:3` into checks.
fn requirements_of(require: &str) -> Result<Vec<Check>, ApiError> {
    list(require)
        .map(|entry| {
            let mut parts = entry.split(':');
            let (kind, value, extra) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next());
            let pointer = "/require";
            match (kind, extra) {
                ("data_in", None) => Ok(Check::DataIn { place: value.to_string() }),
                ("certification", level) => Ok(Check::Certification {
                    standard: parse_word(value, pointer)?,
                    min_level: level
                        .map(|l| l.parse::<u8>().map_err(|_| bad(pointer, t!("api-not-a-level", level = l))))
                        .transpose()?,
                }),
                ("sla_at_least", None) => Ok(Check::SlaAtLeast { percent: decimal(value, pointer)? }),
                ("support_language", None) => Ok(Check::SupportLanguage { language: value.to_string() }),
                ("feature", None) => Ok(Check::Feature { feature: parse_word::<Feature>(value, pointer)? }),
                _ => Err(bad(pointer, t!("api-not-a-requirement", entry = entry))),
            }
        })
        .collect()
}

/// Compares, then scores.
pub fn run_scorecard(snapshot: &Snapshot, request: ScorecardRequest) -> Result<Scorecard, ApiError> {
    let resolved = resolve(snapshot, request.target)?;
    let market_china = match &resolved {
        Resolved::Template(template, r) => {
            crate::scenario::template::market_key(template, &r.settings) == "china"
        }
        Resolved::Scenario(s) => s.currency.code() == "CNY",
    };
    let scenario = resolved.scenario()?;
    let comparison = engine::compare(&snapshot.catalog, &scenario)?;
    scorecard::score(&snapshot.catalog, &comparison, &request.spec, market_china).map_err(|e| match e {
        ScorecardError::Invalid(problems) => {
            ApiError::unprocessable(t!("api-scorecard-request-invalid"), problems)
        }
        ScorecardError::Money(e) => ApiError::from(engine::EngineError::Money(e)),
    })
}

fn render(card: &Scorecard, format: WorkbookFormat, view: usize) -> Result<Rendered, ApiError> {
    match format {
        WorkbookFormat::Json => Rendered::json(card)
            .map_err(|e| ApiError::Internal(format!("the scorecard could not be serialised: {e}"))),
        WorkbookFormat::Csv => {
            let table = tables(card).swap_remove(view);
            Ok(Rendered::csv(table.csv(), &format!("scorecard-{}.csv", table.name)))
        }
        WorkbookFormat::Xlsx => {
            let comment = format!("catalogue {}", card.catalog_version);
            let workbook =
                crate::report::xlsx::table_workbook("Breakeven scorecard", &comment, &tables(card))
                    .map_err(|e| ApiError::Internal(format!("the workbook could not be written: {e}")))?;
            Ok(Rendered::attachment(XLSX_CONTENT_TYPE, workbook, "scorecard.xlsx"))
        }
    }
}
