//! "At what scale, and under which assumptions, does owning win?"
//!
//! A **sweep** evaluates one scenario (or template request) across values of one variable — a driver, a
//! template parameter or a setting — and finds the **crossovers**: the exact value at which the cheapest
//! option (by NPV) changes. Between two adjacent sweep points with different winners, the crossover is
//! found by bisection: for integer variables down to the integer (the first value at which the new winner
//! is cheapest), otherwise to 6 decimals (1e-6). Bisection assumes one change inside the interval; a
//! second change between two points is only seen if the sweep is fine enough.
//!
//! A **tornado** moves each key assumption by ±X % and reports how the NPV gap between two options moves,
//! sorted by impact.

use super::{compare_within, Comparison, EngineError};
use crate::catalog::{Catalog, Category};
use crate::money::{self, MoneyError};
use crate::scenario::template::{self, Template, TemplateRequest};
use crate::scenario::{FieldError, Scenario, ScenarioErrors};
use crate::text::Text;
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

/// Most points one sweep may evaluate (bisection steps come on top).
pub const MAX_POINTS: usize = 200;

pub use super::budget::{Budget, OverBudget, Phase, EVALUATION_BUDGET};

/// What is swept: a full scenario, or a template with the request's other overrides.
#[derive(Debug, Clone)]
pub enum Subject<'a> {
    Scenario(&'a Scenario),
    Template(&'a Template, &'a TemplateRequest),
}

/// Settings a sweep may vary besides drivers and template parameters.
pub const SWEEPABLE_SETTINGS: &[&str] = &["discount_rate", "tax_rate", "horizon_months", "growth"];

impl Subject<'_> {
    /// Whether the variable is whole-numbered (bisection stops at integers).
    pub fn is_integer(&self, variable: &str) -> bool {
        if variable.starts_with('/') {
            return self.is_integer_field(variable);
        }
        match self {
            Subject::Template(t, _) => {
                t.drivers.get(variable).is_some_and(|d| d.integer) || variable == "horizon_months"
            }
            Subject::Scenario(_) => variable == "horizon_months",
        }
    }

    /// The scenario with `variable` set to `value`.
    pub fn at(&self, variable: &str, value: Decimal) -> Result<Scenario, EngineError> {
        self.at_all(&[(variable, value)])
    }

    /// The scenario with each variable set to its value. A variable written as a JSON pointer into the
    /// (expanded) scenario — `/options/2/labor/0/fte`, `/options/2/components/1/useful_life_years` — sets
    /// that field, so any number a scenario states (labour, utilisation, useful life) can vary.
    pub fn at_all(&self, values: &[(&str, Decimal)]) -> Result<Scenario, EngineError> {
        let (fields, named): (Vec<_>, Vec<_>) = values.iter().partition(|(name, _)| name.starts_with('/'));
        let scenario = self.at_named(&named)?;
        if fields.is_empty() {
            Ok(scenario)
        } else {
            set_fields(&scenario, &fields)
        }
    }

    fn at_named(&self, values: &[&(&str, Decimal)]) -> Result<Scenario, EngineError> {
        match self {
            Subject::Template(template, request) => {
                let mut request = (*request).clone();
                for (variable, value) in values {
                    let (variable, value) = (*variable, *value);
                    if template.drivers.contains_key(variable) {
                        request.drivers.insert(variable.to_string(), value);
                    } else if template.parameters.contains_key(variable) {
                        request.parameters.insert(variable.to_string(), value);
                    } else {
                        set_setting(&mut request.settings, variable, value)?;
                    }
                }
                template::expand(template, &request)
                    .map_err(|problems| EngineError::Invalid(ScenarioErrors(problems)))
            }
            Subject::Scenario(scenario) => {
                let mut scenario = (*scenario).clone();
                for (variable, value) in values {
                    let (variable, value) = (*variable, *value);
                    match variable {
                        "discount_rate" => scenario.discount_rate = value,
                        "tax_rate" => scenario.tax_rate = Some(value),
                        "horizon_months" => scenario.horizon_months = whole(variable, value)?,
                        name => match scenario.drivers.get_mut(name) {
                            Some(driver) if driver.start.is_some() => driver.start = Some(value),
                            _ => return Err(unknown_variable(name)),
                        },
                    }
                }
                Ok(scenario)
            }
        }
    }

    /// Whether a field variable (a JSON pointer) holds a whole number in the scenario at its defaults.
    pub fn is_integer_field(&self, pointer: &str) -> bool {
        self.at_all(&[])
            .ok()
            .and_then(|s| serde_json::to_value(s).ok())
            .is_some_and(|v| v.pointer(pointer).is_some_and(serde_json::Value::is_u64))
    }
}

/// The scenario with the numbers at these JSON pointers replaced (a decimal string stays a string, a
/// whole number must stay whole). Only a number the scenario already states can be set.
fn set_fields(scenario: &Scenario, fields: &[&(&str, Decimal)]) -> Result<Scenario, EngineError> {
    let internal =
        |e: serde_json::Error| problem("/variable", t!("engine-sweep-scenario-not-editable", error = e));
    let mut value = serde_json::to_value(scenario).map_err(internal)?;
    for (pointer, x) in fields {
        let slot = value.pointer_mut(pointer).ok_or_else(|| not_a_number(pointer))?;
        *slot = match slot {
            serde_json::Value::String(s) if s.parse::<Decimal>().is_ok() => {
                serde_json::Value::String(x.to_string())
            }
            serde_json::Value::Number(n) if n.is_u64() => {
                serde_json::Value::from(u64::from(whole(pointer, *x)?))
            }
            _ => return Err(not_a_number(pointer)),
        };
    }
    serde_json::from_value(value).map_err(internal)
}

fn not_a_number(pointer: &str) -> EngineError {
    problem("/variable", t!("engine-sweep-not-a-number", pointer = pointer))
}

fn set_setting(
    settings: &mut template::TemplateSettings,
    variable: &str,
    value: Decimal,
) -> Result<(), EngineError> {
    match variable {
        "discount_rate" => settings.discount_rate = Some(value),
        "tax_rate" => settings.tax_rate = Some(value),
        "growth" => settings.growth = Some(value),
        "horizon_months" => settings.horizon_months = Some(whole(variable, value)?),
        name => return Err(unknown_variable(name)),
    }
    Ok(())
}

fn whole(variable: &str, value: Decimal) -> Result<u32, EngineError> {
    if !value.fract().is_zero() {
        return Err(problem("/variable", t!("engine-sweep-not-whole", variable = variable, value = value)));
    }
    value.trunc().to_string().parse::<u32>().map_err(|_| {
        problem("/variable", t!("engine-sweep-out-of-range", value = value, variable = variable))
    })
}

fn unknown_variable(name: &str) -> EngineError {
    problem(
        "/variable",
        t!("engine-sweep-unknown-variable", name = name, settings = SWEEPABLE_SETTINGS.join(", ")),
    )
}

fn problem(pointer: &str, message: Text) -> EngineError {
    EngineError::Invalid(ScenarioErrors(vec![FieldError::new(pointer, message)]))
}

/// One option at one sweep point.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PointOption {
    pub option: String,
    /// False when the option cannot serve this value (e.g. a plan's seat limit); its figures are absent.
    pub available: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npv: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cash: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_tax_npv: Option<Decimal>,
    /// Why the option is unavailable.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub reason: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SweepPoint {
    pub value: Decimal,
    /// Cheapest available option by NPV.
    pub cheapest: String,
    pub options: Vec<PointOption>,
}

/// Where the cheapest option changes.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Crossover {
    /// The last value at which `from` is still cheapest.
    pub below: Decimal,
    /// The first value at which `to` is cheapest (for integer variables, exactly `below + 1`).
    pub at: Decimal,
    pub from: String,
    pub to: String,
    /// NPV of `from` and of `to` at `at`.
    pub from_npv_at: Decimal,
    pub to_npv_at: Decimal,
    /// Comparisons evaluated by the bisection.
    pub evaluations: u32,
    /// How far the crossover moves under uncertainty, when the request asked for `intervals`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<CrossoverInterval>,
}

/// A crossover's spread over the draws.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CrossoverInterval {
    pub draws: u32,
    pub seed: u64,
    /// Nearest-rank percentiles of the draws' crossovers; absent when that percentile lies outside the
    /// swept span (see `below_span`, `beyond_span`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub p5: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub p50: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub p95: Option<Decimal>,
    /// Share of draws in which `to` is already the cheaper at the span's first value.
    #[schema(value_type = String)]
    pub below_span: Decimal,
    /// Share of draws in which `from` is still the cheaper at the span's last value.
    #[schema(value_type = String)]
    pub beyond_span: Decimal,
    /// What varied and how each draw's crossover was found.
    #[schema(value_type = String)]
    pub method: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Sweep {
    /// Version (content hash) of the catalogue every point was priced on.
    pub catalog_version: String,
    pub variable: String,
    pub integer: bool,
    pub currency: String,
    pub points: Vec<SweepPoint>,
    pub crossovers: Vec<Crossover>,
    /// How crossovers were found.
    #[schema(value_type = String)]
    pub method: Text,
    /// The work done, in line-months, out of the request's evaluation budget (`budget`).
    pub line_months: u64,
    pub budget: u64,
}

/// The comparison at one value, leaving out options that cannot serve it (their validation problems
/// all point inside `/options/{i}`); any other problem is the caller's and is returned.
pub fn compare_available(
    catalog: &Catalog,
    scenario: &Scenario,
    budget: &mut Budget,
    phase: Phase,
) -> Result<(Comparison, Vec<(String, Text)>), EngineError> {
    let mut scenario = scenario.clone();
    let mut unavailable = Vec::new();
    budget.phase = phase;
    loop {
        match compare_within(catalog, &scenario, budget) {
            Ok(comparison) => return Ok((comparison, unavailable)),
            Err(EngineError::Invalid(errors)) => {
                let option_of = |p: &FieldError| -> Option<usize> {
                    p.pointer.strip_prefix("/options/")?.split('/').next()?.parse().ok()
                };
                if errors.0.iter().any(|p| option_of(p).is_none()) || scenario.options.len() <= 1 {
                    return Err(EngineError::Invalid(errors));
                }
                let mut drop: Vec<usize> = errors.0.iter().filter_map(option_of).collect();
                drop.sort_unstable();
                drop.dedup();
                if drop.len() >= scenario.options.len() {
                    return Err(EngineError::Invalid(errors));
                }
                for &i in drop.iter().rev() {
                    let details =
                        errors.0.iter().filter(|p| option_of(p) == Some(i)).map(|p| p.detail.clone());
                    let reason = super::join(details, super::Separator::Semicolon);
                    let removed = scenario.options.remove(i);
                    unavailable.push((removed.name, reason));
                }
            }
            Err(other) => return Err(other),
        }
    }
}

/// Evaluates one point.
fn point(
    catalog: &Catalog,
    subject: &Subject<'_>,
    variable: &str,
    value: Decimal,
    names: &[String],
    budget: &mut Budget,
    phase: Phase,
) -> Result<SweepPoint, EngineError> {
    let scenario = subject.at(variable, value)?;
    let (comparison, unavailable) = compare_available(catalog, &scenario, budget, phase)?;
    let options = names
        .iter()
        .map(|name| match comparison.options.iter().find(|o| &o.name == name) {
            Some(o) => PointOption {
                option: name.clone(),
                available: true,
                npv: Some(o.totals.npv),
                cash: Some(o.totals.cash),
                after_tax_npv: o.totals.after_tax_npv,
                reason: None,
            },
            None => PointOption {
                option: name.clone(),
                available: false,
                npv: None,
                cash: None,
                after_tax_npv: None,
                reason: unavailable.iter().find(|(n, _)| n == name).map(|(_, r)| r.clone()),
            },
        })
        .collect();
    let cheapest = comparison.ranking.by_npv.first().map(|r| r.option.clone()).unwrap_or_default();
    Ok(SweepPoint { value, cheapest, options })
}

/// Sweeps `variable` over `values` (ascending, at most `MAX_POINTS`) and bisects every change of winner,
/// within `budget`: refused before any work when the points alone would not fit, stopped when the
/// bisection runs out.
pub fn sweep(
    catalog: &Catalog,
    subject: &Subject<'_>,
    variable: &str,
    values: &[Decimal],
    budget: &mut Budget,
) -> Result<Sweep, EngineError> {
    if values.is_empty() || values.len() > MAX_POINTS {
        return Err(problem(
            "/values",
            t!("engine-sweep-value-count", max = MAX_POINTS, count = values.len()),
        ));
    }
    if values.windows(2).any(|w| w[0] >= w[1]) {
        return Err(problem("/values", t!("engine-sweep-values-ascending")));
    }
    let integer = subject.is_integer(variable);
    if integer && values.iter().any(|v| !v.fract().is_zero()) {
        return Err(problem("/values", t!("engine-sweep-values-whole", variable = variable)));
    }
    let first = subject.at(variable, values[0])?;
    let names: Vec<String> = first.options.iter().map(|o| o.name.clone()).collect();
    let mut points = Vec::with_capacity(values.len());
    for (i, &value) in values.iter().enumerate() {
        let before = budget.used();
        points.push(point(catalog, subject, variable, value, &names, budget, Phase::Points)?);
        if i == 0 {
            // The first point's work stands for every point's: refuse now if they cannot all fit.
            let rest = values.len().saturating_sub(1) as u64;
            budget.reserve(Phase::Points, budget.used().saturating_sub(before), rest)?;
        }
    }
    let mut crossovers = Vec::new();
    for pair in points.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.cheapest != b.cheapest {
            let ends = Ends { a, b, integer };
            crossovers.push(bisect(catalog, subject, variable, &names, ends, budget)?);
        }
    }
    Ok(Sweep {
        catalog_version: catalog.version.clone(),
        variable: variable.to_string(),
        integer,
        currency: first.currency.code().to_string(),
        points,
        crossovers,
        method: if integer { t!("engine-sweep-method-integer") } else { t!("engine-sweep-method-decimal") },
        line_months: budget.used(),
        budget: budget.limit(),
    })
}

/// Two adjacent points with different winners, and whether the variable is whole-numbered.
struct Ends<'p> {
    a: &'p SweepPoint,
    b: &'p SweepPoint,
    integer: bool,
}

fn bisect(
    catalog: &Catalog,
    subject: &Subject<'_>,
    variable: &str,
    names: &[String],
    ends: Ends<'_>,
    budget: &mut Budget,
) -> Result<Crossover, EngineError> {
    let Ends { a, b, integer } = ends;
    let two = Decimal::TWO;
    let tolerance =
        if integer { Decimal::ONE } else { money::mul(money::sub(b.value, a.value)?, Decimal::new(1, 6))? };
    let (mut lo, mut hi) = (a.value, b.value);
    let mut hi_point = b.clone();
    let mut evaluations = 0u32;
    while money::sub(hi, lo)? > tolerance && evaluations < 64 {
        let mid = money::div(money::add(lo, hi)?, two)?;
        // Integers for whole-number variables; otherwise 6 decimals, which the tolerance never needs more of.
        let mid = if integer { mid.floor() } else { mid.round_dp(6) };
        if mid <= lo || mid >= hi {
            break;
        }
        let p = point(catalog, subject, variable, mid, names, budget, Phase::Bisection)?;
        evaluations = evaluations.saturating_add(1);
        if p.cheapest == a.cheapest {
            lo = mid;
        } else {
            hi = mid;
            hi_point = p;
        }
    }
    let npv_of = |name: &str| {
        hi_point.options.iter().find(|o| o.option == name).and_then(|o| o.npv).unwrap_or(Decimal::ZERO)
    };
    Ok(Crossover {
        below: lo,
        at: hi,
        from: a.cheapest.clone(),
        to: hi_point.cheapest.clone(),
        from_npv_at: npv_of(&a.cheapest),
        to_npv_at: npv_of(&hi_point.cheapest),
        evaluations,
        interval: None,
    })
}

/// `count` values from `from` to `to`: evenly spaced (`log = false`) or evenly spaced in logarithm and
/// rounded to integers when `integer` (duplicates after rounding removed).
pub fn spaced(
    from: Decimal,
    to: Decimal,
    count: usize,
    log: bool,
    integer: bool,
) -> Result<Vec<Decimal>, EngineError> {
    if !(2..=MAX_POINTS).contains(&count) || from >= to {
        return Err(problem("/range", t!("engine-range-count", max = MAX_POINTS)));
    }
    let mut values = Vec::with_capacity(count);
    let steps = Decimal::from((count as u64).saturating_sub(1));
    if log {
        if from <= Decimal::ZERO {
            return Err(problem("/range/from", t!("engine-range-log-start")));
        }
        // ratio = (to/from)^(1/steps); each value is from × ratio^i.
        let ratio = root_by_bisection(money::div(to, from)?, (count as u32).saturating_sub(1))?;
        for i in 0..count {
            values.push(money::mul(from, money::powi(ratio, i as u32)?)?.round_dp(12));
        }
        if let Some(last) = values.last_mut() {
            *last = to;
        }
    } else {
        let step = money::div(money::sub(to, from)?, steps)?;
        for i in 0..count {
            values.push(money::add(from, money::mul(step, Decimal::from(i as u64))?)?);
        }
    }
    let mut values: Vec<Decimal> =
        values.into_iter().map(|v| if integer { v.round() } else { v.round_dp(6).normalize() }).collect();
    values.dedup();
    Ok(values)
}

/// The `n`-th root of `x ≥ 1` by bisection on `[1, x]` (grid spacing needs ~12 digits, and unlike
/// Newton's method from above, bisection never raises a large guess to a large power).
fn root_by_bisection(x: Decimal, n: u32) -> Result<Decimal, MoneyError> {
    let (mut lo, mut hi) = (Decimal::ONE, x.max(Decimal::ONE));
    for _ in 0..100 {
        let mid = money::div(money::add(lo, hi)?, Decimal::TWO)?.round_dp(20);
        match money::powi(mid, n) {
            Ok(p) if p <= x => lo = mid,
            _ => hi = mid,
        }
    }
    Ok(lo)
}

/// Values `from, from + step, …` up to `to` (inclusive when reached exactly).
pub fn stepped(from: Decimal, to: Decimal, step: Decimal) -> Result<Vec<Decimal>, EngineError> {
    if step <= Decimal::ZERO || from > to {
        return Err(problem("/range", t!("engine-range-step")));
    }
    let count = money::div(money::sub(to, from)?, step)?.floor();
    if count >= Decimal::from(MAX_POINTS as u64) {
        return Err(problem("/range/step", t!("engine-range-too-many-points", max = MAX_POINTS)));
    }
    let mut values = Vec::new();
    let mut v = from;
    while v <= to {
        values.push(v);
        v = money::add(v, step)?;
    }
    Ok(values)
}

// ————— Tornado —————

/// One assumption moved by ±X %.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TornadoBar {
    pub assumption: String,
    #[schema(value_type = String)]
    pub description: Text,
    /// NPV gap (`option` − `versus`) with the assumption lowered and raised.
    pub gap_low: Decimal,
    pub gap_high: Decimal,
    /// `|gap_high − gap_low|`.
    pub impact: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Tornado {
    /// Version (content hash) of the catalogue every bar was priced on.
    pub catalog_version: String,
    pub option: String,
    pub versus: String,
    pub variation: Decimal,
    pub currency: String,
    /// NPV of `option` minus NPV of `versus` with every assumption as given (negative: `option` is cheaper).
    pub base_gap: Decimal,
    /// Largest impact first.
    pub bars: Vec<TornadoBar>,
    /// The work done, in line-months, out of the request's evaluation budget (`budget`).
    pub line_months: u64,
    pub budget: u64,
}

/// A change applied to the catalogue and scenario by a factor (1 ± variation).
#[derive(Debug, Clone, PartialEq)]
enum Lever {
    PriceLevel(Category),
    Growth,
    DiscountRate,
    Pue,
    UsefulLife,
    Utilization,
}

impl Lever {
    fn name(&self) -> String {
        match self {
            Lever::PriceLevel(Category::Labor) => "labor_cost".into(),
            Lever::PriceLevel(Category::Power) => "energy_tariff".into(),
            Lever::PriceLevel(c) => format!("price_{}", c.as_str()),
            Lever::Growth => "growth".into(),
            Lever::DiscountRate => "discount_rate".into(),
            Lever::Pue => "pue".into(),
            Lever::UsefulLife => "useful_life".into(),
            Lever::Utilization => "utilization".into(),
        }
    }

    fn description(&self) -> Text {
        match self {
            Lever::PriceLevel(Category::Labor) => t!("engine-lever-labor-cost"),
            Lever::PriceLevel(Category::Power) => t!("engine-lever-energy-tariff"),
            Lever::PriceLevel(c) => t!("engine-lever-price-level", category = c.as_str()),
            Lever::Growth => t!("engine-lever-growth"),
            Lever::DiscountRate => t!("engine-lever-discount-rate"),
            Lever::Pue => t!("engine-lever-pue"),
            Lever::UsefulLife => t!("engine-lever-useful-life"),
            Lever::Utilization => t!("engine-lever-utilization"),
        }
    }

    /// The scenario moved by `factor`, and a re-priced catalogue when the lever changes prices.
    fn apply(
        &self,
        catalog: &Catalog,
        scenario: &Scenario,
        factor: Decimal,
    ) -> Result<(Option<Catalog>, Scenario), MoneyError> {
        let mut scenario = scenario.clone();
        let mut catalog_out = None;
        match self {
            Lever::PriceLevel(category) => catalog_out = Some(catalog.with_price_factor(*category, factor)?),
            Lever::Growth => {
                for driver in scenario.drivers.values_mut() {
                    if let Some(g) = driver.annual_growth.as_mut() {
                        *g = money::mul(*g, factor)?;
                    }
                }
            }
            Lever::DiscountRate => {
                scenario.discount_rate = money::mul(scenario.discount_rate, factor)?.min(Decimal::ONE)
            }
            Lever::Pue => {
                for facility in scenario.options.iter_mut().flat_map(|o| o.every_facility_mut()) {
                    let base = match (facility.pue, &facility.pue_preset) {
                        (Some(p), _) => p,
                        (None, Some(id)) => catalog.pue_presets.get(id).map_or(Decimal::ONE, |p| p.pue),
                        (None, None) => Decimal::ONE,
                    };
                    facility.pue = Some(money::mul(base, factor)?.max(Decimal::ONE));
                    facility.pue_preset = None;
                }
            }
            Lever::UsefulLife => {
                for option in &mut scenario.options {
                    for component in option.every_component_mut() {
                        if component.purchase_option != Some(crate::catalog::PurchaseOption::Purchase) {
                            continue;
                        }
                        let spec_life = component
                            .offering
                            .as_deref()
                            .and_then(|id| catalog.offering(id))
                            .and_then(|o| o.hardware.as_ref())
                            .map(|h| h.useful_life_years);
                        let terms = component.asset.get_or_insert_with(Default::default);
                        if let Some(life) = terms.useful_life_years.or(spec_life) {
                            let scaled = money::mul(Decimal::from(life), factor)?.round();
                            terms.useful_life_years =
                                Some(scaled.to_string().parse::<u32>().unwrap_or(life).max(1));
                        }
                    }
                }
            }
            Lever::Utilization => {
                for option in &mut scenario.options {
                    for component in option.every_component_mut() {
                        if let (Some(_), Some(per)) =
                            (&component.quantity.driver, component.quantity.per.as_mut())
                        {
                            *per = money::mul(*per, factor)?;
                        }
                    }
                }
            }
        }
        Ok((catalog_out, scenario))
    }
}

/// The levers that can matter for this scenario: price levels of the categories its options use, and
/// the assumptions it has.
fn levers(catalog: &Catalog, scenario: &Scenario) -> Vec<Lever> {
    let mut categories: Vec<Category> = Vec::new();
    let mut add = |c: Category| {
        if !categories.contains(&c) {
            categories.push(c);
        }
    };
    for option in &scenario.options {
        for component in option.every_component() {
            if let Some(o) = component.offering.as_deref().and_then(|id| catalog.offering(id)) {
                add(o.category);
            }
        }
        if option.has_facility() {
            add(Category::Power);
        }
        if option.has_labor() {
            add(Category::Labor);
        }
    }
    categories.sort();
    let mut levers: Vec<Lever> = categories.into_iter().map(Lever::PriceLevel).collect();
    if scenario.drivers.values().any(|d| d.annual_growth.is_some_and(|g| !g.is_zero())) {
        levers.push(Lever::Growth);
    }
    levers.push(Lever::DiscountRate);
    if scenario.options.iter().any(|o| o.has_facility()) {
        levers.push(Lever::Pue);
    }
    if scenario
        .options
        .iter()
        .flat_map(|o| o.every_component())
        .any(|c| c.purchase_option == Some(crate::catalog::PurchaseOption::Purchase))
    {
        levers.push(Lever::UsefulLife);
    }
    if scenario
        .options
        .iter()
        .flat_map(|o| o.every_component())
        .any(|c| c.quantity.driver.is_some() && c.quantity.per.is_some())
    {
        levers.push(Lever::Utilization);
    }
    levers
}

fn gap(
    catalog: &Catalog,
    scenario: &Scenario,
    names: (&str, &str),
    budget: &mut Budget,
) -> Result<Decimal, EngineError> {
    let (option, versus) = names;
    let comparison = compare_within(catalog, scenario, budget)?;
    let npv = |name: &str| {
        comparison
            .options
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.totals.npv)
            .ok_or_else(|| problem("/option", t!("engine-tornado-no-option", name = name)))
    };
    Ok(money::sub(npv(option)?, npv(versus)?)?)
}

/// Moves each assumption by ±`variation` (e.g. 0.2) and reports the NPV gap between two options.
pub fn tornado(
    catalog: &Catalog,
    scenario: &Scenario,
    option: &str,
    versus: &str,
    variation: Decimal,
    budget: &mut Budget,
) -> Result<Tornado, EngineError> {
    if variation <= Decimal::ZERO || variation >= Decimal::ONE {
        return Err(problem("/variation", t!("engine-tornado-variation", variation = variation)));
    }
    for (pointer, name) in [("/option", option), ("/versus", versus)] {
        if !scenario.options.iter().any(|o| o.name == name) {
            let names: Vec<&str> = scenario.options.iter().map(|o| o.name.as_str()).collect();
            return Err(problem(
                pointer,
                t!("engine-tornado-unknown-option", name = name, options = names.join(", ")),
            ));
        }
    }
    let levers = levers(catalog, scenario);
    budget.phase = Phase::Bars;
    let base_gap = gap(catalog, scenario, (option, versus), budget)?;
    // Two more comparisons per lever, each about the base case's work: refuse now if they cannot fit.
    budget.reserve(Phase::Bars, budget.used(), (levers.len() as u64).saturating_mul(2))?;
    let mut bars = Vec::new();
    for lever in levers {
        let (low_catalog, low) = lever.apply(catalog, scenario, money::sub(Decimal::ONE, variation)?)?;
        let (high_catalog, high) = lever.apply(catalog, scenario, money::add(Decimal::ONE, variation)?)?;
        let gap_low = gap(low_catalog.as_ref().unwrap_or(catalog), &low, (option, versus), budget)?;
        let gap_high = gap(high_catalog.as_ref().unwrap_or(catalog), &high, (option, versus), budget)?;
        bars.push(TornadoBar {
            assumption: lever.name(),
            description: lever.description(),
            gap_low,
            gap_high,
            impact: money::sub(gap_high, gap_low)?.abs(),
        });
    }
    bars.sort_by(|a, b| b.impact.cmp(&a.impact).then_with(|| a.assumption.cmp(&b.assumption)));
    Ok(Tornado {
        catalog_version: catalog.version.clone(),
        option: option.to_string(),
        versus: versus.to_string(),
        variation,
        currency: scenario.currency.code().to_string(),
        base_gap,
        bars,
        line_months: budget.used(),
        budget: budget.limit(),
    })
}
