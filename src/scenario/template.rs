//! Templates: scenarios kept as data (`pricing-data/templates/*.json`) for people who know their need
//! ("120 staff need team chat") rather than SKUs. A template declares its inputs (drivers with defaults
//! and ranges, numeric parameters such as a DAU/MAU ratio), derived drivers, default settings, and per
//! market (global in USD, China in CNY) the options to compare, sized by declarative quantity rules
//! (`per`, `min`, `round`, `headroom`) whose figures cite the vendors' sizing guides.
//!
//! `expand` turns a template and a request's overrides into an ordinary `Scenario`.

use super::distribution::Distribution;
use super::{CostCategory, Driver, OptionSpec, Scenario, TaxBasis, YearMonth};
use crate::catalog::Market;
use crate::field::FieldError;
use crate::money::{self, Currency};
use crate::text::Text;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One template file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Template {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    #[schema(ignore)]
    pub schema: Option<String>,
    /// Stable id, also the file name (`team-im`).
    pub id: String,
    pub title: String,
    /// The question the template answers, in the user's words.
    pub question: String,
    pub description: String,
    /// Title, question and description in Simplified Chinese, shown when the answer is in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// Inputs the user sets (users, MAU, TB stored…), each with a default and an allowed range.
    pub drivers: BTreeMap<String, DriverInput>,
    /// Numeric assumptions the user may override (a DAU/MAU ratio, GiB per user…).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, Parameter>,
    /// Drivers computed from an input driver and parameters (e.g. `dau_peak = mau × dau_mau_ratio`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub derived_drivers: BTreeMap<String, DerivedDriver>,
    pub defaults: Defaults,
    /// The options to compare per market. `global` prices in USD (or EUR), `china` in CNY with Chinese
    /// clouds, tariffs and salaries.
    pub markets: BTreeMap<String, MarketVariant>,
    /// Sizing guides and other sources the template's numbers come from.
    pub sources: Vec<TemplateSource>,
    /// How its inputs may vary by default in `/v1/uncertainty` (by driver, parameter, or `growth`,
    /// `discount_rate`, `tax_rate`), each saying why; a request's own `inputs` replace them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub uncertainty: BTreeMap<String, InputUncertainty>,
    /// The attributes besides price that matter for this question (`residency`,
    /// `certifications.mlps`, `features.sso`…), each saying why: what a scorecard over it should weigh.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub considerations: Vec<Consideration>,
}

/// One attribute that matters to a template's question, and why.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Consideration {
    /// An attribute path, as in `GET /v1/offerings/{id}`'s `attributes`.
    pub attribute: String,
    pub why: String,
}

/// The default distribution of one of a template's inputs.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InputUncertainty {
    pub distribution: Distribution,
    /// When true, the distribution's figures are factors of the input's value in the request
    /// (`triangular` 0.9 / 1 / 1.3 around whatever `users` is asked), not values. Drivers and
    /// parameters only.
    #[serde(default)]
    pub relative: bool,
    /// Why this range: its source, or that it is a judgement and on what grounds.
    pub why: String,
}

impl Template {
    /// The point value of an input the request gives or the template defaults (drivers, parameters).
    fn value_of(&self, request: &TemplateRequest, name: &str) -> Option<Decimal> {
        let driver = self.drivers.get(name).map(|d| *request.drivers.get(name).unwrap_or(&d.default));
        driver.or_else(|| {
            self.parameters.get(name).map(|p| *request.parameters.get(name).unwrap_or(&p.default))
        })
    }

    /// Whether the request gives the input its own value (a driver, a parameter or a setting).
    fn sets(request: &TemplateRequest, name: &str) -> bool {
        let settings = &request.settings;
        request.drivers.contains_key(name)
            || request.parameters.contains_key(name)
            || match name {
                "growth" => settings.growth.is_some(),
                "discount_rate" => settings.discount_rate.is_some(),
                "tax_rate" => settings.tax_rate.is_some(),
                _ => false,
            }
    }

    /// The template's default distributions for the request, relative ones made absolute around the
    /// request's values: `(input, distribution, why)`. An absolute one is a range around the template's
    /// own default, so it is left out when the request gives the input a value of its own (a
    /// request that wants that value uncertain gives it a distribution).
    pub fn default_uncertainty(&self, request: &TemplateRequest) -> Vec<(String, Distribution, String)> {
        self.uncertainty
            .iter()
            .filter_map(|(name, u)| {
                let distribution = if u.relative {
                    u.distribution.scaled(self.value_of(request, name)?)?
                } else if Self::sets(request, name) {
                    return None;
                } else {
                    u.distribution.clone()
                };
                Some((name.clone(), distribution, u.why.clone()))
            })
            .collect()
    }
}

/// An input driver.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DriverInput {
    pub description: String,
    /// The description in Simplified Chinese, shown when the answer is in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// What one unit is (`user`, `MAU`, `TiB`, `vCPU`).
    pub unit: String,
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub default: Decimal,
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub min: Decimal,
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub max: Decimal,
    /// Whole numbers only (people, instances); sweeps bisect to the integer.
    #[serde(default)]
    pub integer: bool,
    /// Default effective annual growth of this driver.
    #[serde(default)]
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub annual_growth: Decimal,
}

/// A numeric assumption.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub description: String,
    /// The description in Simplified Chinese, shown when the answer is in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub default: Decimal,
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub min: Decimal,
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub max: Decimal,
    /// Where the default comes from.
    pub source: String,
}

/// `from × Π parameters`, with the same growth as `from`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DerivedDriver {
    pub description: String,
    pub from: String,
    pub times: Vec<String>,
}

/// Settings used when a request gives none.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub market: String,
    pub horizon_months: u32,
    #[schemars(with = "String")]
    pub start: YearMonth,
    #[schemars(with = "String")]
    #[schema(value_type = String)]
    pub discount_rate: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    #[schema(value_type = Option<String>)]
    pub tax_rate: Option<Decimal>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    #[schema(value_type = BTreeMap<String, String>)]
    pub inflation: BTreeMap<CostCategory, Decimal>,
}

/// The options of one market.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketVariant {
    /// Default currency of the results in this market.
    pub currency: Currency,
    pub market: Market,
    #[schemars(with = "Vec<serde_json::Value>")]
    pub options: Vec<OptionSpec>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateSource {
    pub title: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a request may override. Every field is optional; absent ones take the template's defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateSettings {
    /// `global` or `china` (default: the template's; `china` when `currency` is CNY and no market given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub market: Option<String>,
    /// Currency of the results (default: the market's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// 1 to 240.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 240)]
    pub horizon_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<YearMonth>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_rate: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<Decimal>,
    /// `net` (default) or `gross`: whether prices are compared without or with VAT / sales tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_basis: Option<TaxBasis>,
    /// Annual growth of every input driver (overrides each driver's default growth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub growth: Option<Decimal>,
    /// Costs of risk (outage per hour, assumed self-hosted availability, exit costs by option name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<super::Risk>,
}

/// A comparison asked for by template: `{"template": "team-im", "drivers": {"users": "120"}, …}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"template": "team-im", "drivers": {"users": "120"}, "settings": {"horizon_months": 36, "currency": "CNY"}}))]
pub struct TemplateRequest {
    #[schema(max_length = 200)]
    pub template: String,
    /// Input driver values (month 1), by name.
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, String>)]
    pub drivers: BTreeMap<String, Decimal>,
    /// Parameter values, by name.
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, String>)]
    pub parameters: BTreeMap<String, Decimal>,
    #[serde(default)]
    pub settings: TemplateSettings,
    /// The language the expanded scenario's names are in (the answer's: set by the API, not the body).
    #[serde(skip)]
    #[schema(ignore)]
    pub language: crate::text::Language,
}

/// The request's names against their length limits, before anything is looked up.
fn check_lengths(request: &TemplateRequest) -> Result<(), Vec<FieldError>> {
    let mut p = super::validate::Problems::default();
    for (kind, names) in [("drivers", &request.drivers), ("parameters", &request.parameters)] {
        for name in names.keys() {
            let pointer = format!("/{kind}/{}", super::validate::token(name));
            super::validate::check_length(&mut p, &pointer, name, crate::catalog::MAX_NAME_LENGTH);
        }
    }
    if let Some(market) = &request.settings.market {
        super::validate::check_length(&mut p, "/settings/market", market, crate::catalog::MAX_ID_LENGTH);
    }
    if p.0.is_empty() {
        Ok(())
    } else {
        Err(p.0)
    }
}

/// The market a request's settings pick: as given; else `china` for CNY results where the template
/// has a China market; else the template's default.
pub fn market_key(template: &Template, settings: &TemplateSettings) -> String {
    settings.market.clone().unwrap_or_else(|| match &settings.currency {
        Some(c) if c.code() == "CNY" && template.markets.contains_key("china") => "china".to_string(),
        _ => template.defaults.market.clone(),
    })
}

/// The scenario a template request stands for, or every problem with the request.
pub fn expand(template: &Template, request: &TemplateRequest) -> Result<Scenario, Vec<FieldError>> {
    check_lengths(request)?;
    let mut problems = Vec::new();
    let mut problem = |pointer: String, message: Text| problems.push(FieldError::new(pointer, message));
    let settings = &request.settings;

    let market_key = market_key(template, settings);
    let variant = template.markets.get(&market_key);
    if variant.is_none() {
        let known: Vec<&str> = template.markets.keys().map(String::as_str).collect();
        problem(
            "/settings/market".into(),
            t!("scenario-template-unknown-market", market = market_key, known = known.join(", ")),
        );
    }
    for name in request.drivers.keys() {
        if !template.drivers.contains_key(name) {
            let known: Vec<&str> = template.drivers.keys().map(String::as_str).collect();
            problem(
                format!("/drivers/{name}"),
                t!("scenario-template-unknown-driver", known = known.join(", ")),
            );
        }
    }
    for name in request.parameters.keys() {
        if !template.parameters.contains_key(name) {
            let known: Vec<&str> = template.parameters.keys().map(String::as_str).collect();
            problem(
                format!("/parameters/{name}"),
                t!("scenario-template-unknown-parameter", known = known.join(", ")),
            );
        }
    }

    let mut values: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
    for (name, input) in &template.drivers {
        let value = request.drivers.get(name).copied().unwrap_or(input.default);
        if value < input.min || value > input.max {
            problem(
                format!("/drivers/{name}"),
                t!("scenario-out-of-range", value = value, lo = input.min, hi = input.max),
            );
        }
        if input.integer && !value.fract().is_zero() {
            problem(
                format!("/drivers/{name}"),
                t!("scenario-template-not-whole", value = value, unit = input.unit),
            );
        }
        values.insert(name.clone(), (value, settings.growth.unwrap_or(input.annual_growth)));
    }
    let mut parameters: BTreeMap<&str, Decimal> = BTreeMap::new();
    for (name, parameter) in &template.parameters {
        let value = request.parameters.get(name).copied().unwrap_or(parameter.default);
        if value < parameter.min || value > parameter.max {
            problem(
                format!("/parameters/{name}"),
                t!("scenario-out-of-range", value = value, lo = parameter.min, hi = parameter.max),
            );
        }
        parameters.insert(name, value);
    }
    for (name, derived) in &template.derived_drivers {
        let Some(&(base, growth)) = values.get(&derived.from) else { continue };
        let mut value = base;
        for factor in &derived.times {
            let Some(p) = parameters.get(factor.as_str()) else { continue };
            match money::mul(value, *p) {
                Ok(v) => value = v,
                Err(_) => {
                    problem(format!("/drivers/{}", derived.from), t!("scenario-template-derived-overflow"))
                }
            }
        }
        values.insert(name.clone(), (value, growth));
    }

    let (Some(variant), true) = (variant, problems.is_empty()) else {
        return Err(problems);
    };
    Ok(Scenario {
        currency: settings.currency.clone().unwrap_or_else(|| variant.currency.clone()),
        horizon_months: settings.horizon_months.unwrap_or(template.defaults.horizon_months),
        start: settings.start.unwrap_or(template.defaults.start),
        discount_rate: settings.discount_rate.unwrap_or(template.defaults.discount_rate),
        tax_rate: settings.tax_rate.or(template.defaults.tax_rate),
        tax_basis: settings.tax_basis.unwrap_or_default(),
        inflation: template.defaults.inflation.clone(),
        terminal_value: true,
        drivers: values
            .into_iter()
            .map(|(name, (start, growth))| {
                (name, Driver { start: Some(start), annual_growth: Some(growth), values_by_year: None })
            })
            .collect(),
        options: variant.options.clone(),
        risk: settings.risk.clone(),
    }
    .named_in(request.language))
}

/// Turns the scenario's own validation pointers into the template's file terms where possible: a problem
/// in `/options/1/…` of the expanded scenario is a problem in the template's market variant.
pub fn locate_in_template(market: &str, pointer: &str) -> String {
    if pointer.starts_with("/options") {
        format!("/markets/{market}{pointer}")
    } else {
        pointer.to_string()
    }
}

/// Flat query form: which names a GET may use, for the "valid parameters" list of a 400.
pub fn query_names(template: &Template) -> Vec<String> {
    let mut names: Vec<String> = SETTING_NAMES.iter().map(|s| s.to_string()).collect();
    names.extend(template.drivers.keys().cloned());
    names.extend(template.parameters.keys().cloned());
    names
}

/// Settings accepted as flat query parameters.
pub const SETTING_NAMES: &[&str] =
    &["market", "currency", "horizon_months", "start", "discount_rate", "tax_rate", "tax_basis", "growth"];

/// Builds a template request from flat `name=value` pairs (`users=120&currency=CNY`). Names that are
/// neither settings, drivers nor parameters are reported with the list of valid ones.
pub fn request_from_pairs(
    template: &Template,
    pairs: &[(String, String)],
) -> Result<TemplateRequest, Vec<FieldError>> {
    let mut request = TemplateRequest { template: template.id.clone(), ..Default::default() };
    let mut problems = Vec::new();
    for (name, value) in pairs {
        let bad = |detail: Text| FieldError { pointer: format!("/{name}"), detail };
        let decimal = || {
            value.trim().parse::<Decimal>().map_err(|_| bad(t!("scenario-query-not-decimal", value = value)))
        };
        let result: Result<(), FieldError> = match name.as_str() {
            "market" => {
                request.settings.market = Some(value.clone());
                Ok(())
            }
            "currency" => value
                .parse()
                .map(|c| request.settings.currency = Some(c))
                .map_err(|_| bad(t!("scenario-query-not-currency", value = value))),
            "horizon_months" => value
                .trim()
                .parse()
                .map(|h| request.settings.horizon_months = Some(h))
                .map_err(|_| bad(t!("scenario-query-not-months", value = value))),
            "start" => value
                .parse()
                .map(|s| request.settings.start = Some(s))
                .map_err(|_| bad(t!("scenario-query-not-month", value = value))),
            "discount_rate" => decimal().map(|d| request.settings.discount_rate = Some(d)),
            "tax_rate" => decimal().map(|d| request.settings.tax_rate = Some(d)),
            "tax_basis" => value
                .trim()
                .parse()
                .map(|b| request.settings.tax_basis = Some(b))
                .map_err(|_| bad(t!("scenario-query-not-tax-basis", value = value))),
            "growth" => decimal().map(|d| request.settings.growth = Some(d)),
            n if template.drivers.contains_key(n) => decimal().map(|d| {
                request.drivers.insert(n.to_string(), d);
            }),
            n if template.parameters.contains_key(n) => decimal().map(|d| {
                request.parameters.insert(n.to_string(), d);
            }),
            _ => Err(FieldError {
                pointer: format!("/{name}"),
                detail: t!(
                    "scenario-query-unknown-parameter",
                    name = name,
                    valid = query_names(template).join(", ")
                ),
            }),
        };
        if let Err(p) = result {
            problems.push(p);
        }
    }
    if problems.is_empty() {
        Ok(request)
    } else {
        Err(problems)
    }
}

/// The templates of a data directory, by id.
pub type Templates = BTreeMap<String, Template>;

/// Parses every `templates/*.json` file and checks it against the catalogue: the id matches the file
/// name, the default market exists, defaults lie in their ranges, derived drivers name real inputs and
/// parameters, and each market's scenario at the defaults validates (offering ids, purchase options,
/// plan limits, FX) by `check` (the engine's `validate`, handed in so that scenarios do not depend on
/// the engine). Every problem is reported.
pub fn load(
    files: &[crate::catalog::load::SourceFile],
    catalog: &crate::catalog::Catalog,
    check: fn(&Scenario, &crate::catalog::Catalog) -> Result<(), super::ScenarioErrors>,
) -> Result<Templates, Vec<crate::catalog::validate::Problem>> {
    use crate::catalog::validate::Problem;
    let mut templates = Templates::new();
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| f.path.starts_with("templates/") && f.path.ends_with(".json")) {
        let at = |field: &str, message: String| Problem {
            file: file.path.clone(),
            offering: None,
            field: (!field.is_empty()).then(|| field.to_string()),
            message,
        };
        let template: Template = match serde_json::from_slice(&file.bytes) {
            Ok(t) => t,
            Err(e) => {
                problems.push(at("", format!("line {} column {}: {e}", e.line(), e.column())));
                continue;
            }
        };
        let stem = file.path.trim_start_matches("templates/").trim_end_matches(".json");
        if template.id != stem {
            problems.push(at("id", format!("`{}` must match the file name `{stem}`", template.id)));
        }
        problems.extend(check_template(&template).into_iter().map(|(field, message)| at(&field, message)));
        for market in template.markets.keys() {
            let request = TemplateRequest {
                template: template.id.clone(),
                settings: TemplateSettings { market: Some(market.clone()), ..Default::default() },
                ..Default::default()
            };
            match expand(&template, &request) {
                Err(errors) => {
                    problems.extend(errors.into_iter().map(|p| at(&p.pointer, p.detail.en())));
                }
                Ok(scenario) => {
                    if let Err(errors) = check(&scenario, catalog) {
                        problems.extend(
                            errors
                                .0
                                .into_iter()
                                .map(|p| at(&locate_in_template(market, &p.pointer), p.detail.en())),
                        );
                    }
                }
            }
        }
        if let Some(other) = templates.insert(template.id.clone(), template) {
            problems.push(at("id", format!("duplicate template id `{}`", other.id)));
        }
    }
    if problems.is_empty() {
        Ok(templates)
    } else {
        Err(problems)
    }
}

/// Rules inside one template, as `(field, message)`.
fn check_template(template: &Template) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for (i, consideration) in template.considerations.iter().enumerate() {
        if !crate::catalog::attributes::is_attribute_path(&consideration.attribute) {
            problems.push((
                format!("considerations[{i}].attribute"),
                format!(
                    "`{}` is not an attribute (e.g. `residency`, `features.sso`, `certifications.mlps`)",
                    consideration.attribute
                ),
            ));
        }
        if consideration.why.trim().is_empty() {
            problems.push((format!("considerations[{i}].why"), "say why it matters".into()));
        }
    }
    if !template.markets.contains_key(&template.defaults.market) {
        problems.push((
            "defaults.market".into(),
            format!("`{}` is not one of the markets", template.defaults.market),
        ));
    }
    for (name, input) in &template.drivers {
        if !(input.min <= input.default && input.default <= input.max) {
            problems.push((format!("drivers.{name}.default"), "must lie between min and max".into()));
        }
    }
    for (name, parameter) in &template.parameters {
        if !(parameter.min <= parameter.default && parameter.default <= parameter.max) {
            problems.push((format!("parameters.{name}.default"), "must lie between min and max".into()));
        }
    }
    for (name, derived) in &template.derived_drivers {
        if !template.drivers.contains_key(&derived.from) {
            problems.push((
                format!("derived_drivers.{name}.from"),
                format!("`{}` is not an input driver", derived.from),
            ));
        }
        for factor in &derived.times {
            if !template.parameters.contains_key(factor) {
                problems.push((
                    format!("derived_drivers.{name}.times"),
                    format!("`{factor}` is not a parameter"),
                ));
            }
        }
        if template.drivers.contains_key(name) {
            problems.push((format!("derived_drivers.{name}"), "shadows an input driver".into()));
        }
    }
    problems.extend(check_uncertainty(template));
    if template.sources.is_empty() {
        problems.push(("sources".into(), "cite the sizing guides and prices the template relies on".into()));
    }
    for (i, source) in template.sources.iter().enumerate() {
        if !source.url.starts_with("http") {
            problems.push((format!("sources[{i}].url"), format!("`{}` is not an http(s) URL", source.url)));
        }
    }
    problems
}

/// Each default distribution names an input the template has, is well formed, and says why.
fn check_uncertainty(template: &Template) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for (name, u) in &template.uncertainty {
        let field = format!("uncertainty.{name}");
        let input = template.drivers.contains_key(name) || template.parameters.contains_key(name);
        if !input && !["growth", "discount_rate", "tax_rate"].contains(&name.as_str()) {
            problems.push((
                field.clone(),
                format!("`{name}` is neither a driver, a parameter, growth, discount_rate nor tax_rate"),
            ));
        } else if u.relative && !input {
            problems.push((
                format!("{field}.relative"),
                "only a driver's or a parameter's distribution can be relative".into(),
            ));
        }
        for (pointer, message) in u.distribution.problems() {
            problems.push((format!("{field}.distribution{}", pointer.replace('/', ".")), message.en()));
        }
        if u.why.trim().is_empty() {
            problems.push((
                format!("{field}.why"),
                "say why the input varies this much (a source, or a judgement and its grounds)".into(),
            ));
        }
    }
    problems
}

/// The JSON Schema of template files (committed as `pricing-data/schema/template.schema.json`).
pub fn json_schema() -> schemars::schema::RootSchema {
    schemars::schema_for!(Template)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team_im() -> Template {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/pricing-data/templates/team-im.json");
        serde_json::from_slice(&std::fs::read(path).expect("team-im")).expect("a template")
    }

    #[test]
    fn default_distributions_name_real_inputs_and_say_why() {
        let mut template = team_im();
        assert!(check_uncertainty(&template).is_empty(), "{:?}", check_uncertainty(&template));
        let uniform = |low: &str, high: &str| -> Distribution {
            serde_json::from_value(serde_json::json!({"uniform": {"low": low, "high": high}}))
                .expect("uniform")
        };
        let entry = |d: Distribution, relative: bool, why: &str| InputUncertainty {
            distribution: d,
            relative,
            why: why.into(),
        };
        template.uncertainty.insert("nobody".into(), entry(uniform("1", "2"), false, "x"));
        template.uncertainty.insert("growth".into(), entry(uniform("0.3", "0.1"), true, " "));
        let fields: Vec<String> = check_uncertainty(&template).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "uncertainty.growth.relative",
                "uncertainty.growth.distribution.uniform.high",
                "uncertainty.growth.why",
                "uncertainty.nobody"
            ]
        );
    }

    #[test]
    fn a_relative_default_is_made_absolute_around_the_request_s_value() {
        let template = team_im();
        let request = TemplateRequest {
            template: "team-im".into(),
            drivers: [("users".to_string(), Decimal::from(1000))].into(),
            ..Default::default()
        };
        let defaults = template.default_uncertainty(&request);
        let users = defaults.iter().find(|(name, ..)| name == "users").expect("users");
        let expected: Distribution = serde_json::from_value(
            serde_json::json!({"triangular": {"low": "900", "mode": "1000", "high": "1300"}}),
        )
        .expect("triangular");
        assert_eq!(users.1, expected);
        // Absolute ones are taken as written.
        let growth = defaults.iter().find(|(name, ..)| name == "growth").expect("growth");
        assert_eq!(Some(&growth.1), template.uncertainty.get("growth").map(|u| &u.distribution));
    }

    #[test]
    fn query_problems_read_as_before_in_english() {
        let template = team_im();
        let pairs = [("users", "many"), ("start", "2026/01"), ("tax_basis", "both"), ("colour", "red")]
            .map(|(n, v)| (n.to_string(), v.to_string()));
        let problems = request_from_pairs(&template, &pairs).expect_err("four problems");
        let details: Vec<String> = problems.iter().map(|p| p.detail.en()).collect();
        assert_eq!(
            details[..3],
            [
                "`many` is not a decimal number",
                "`2026/01` is not a month YYYY-MM",
                "`both` is not a tax basis: `net` or `gross`"
            ]
        );
        assert!(
            details[3].starts_with("unknown parameter `colour`; valid: market, currency, horizon_months,"),
            "{}",
            details[3]
        );
        assert_eq!(problems[0].detail.render(crate::text::Language::ZhCn), "`many` 不是十进制数");
    }
}
