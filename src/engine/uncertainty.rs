//! Monte Carlo ranges: how sure an answer is. Each draw samples every uncertain input — the inputs a
//! request gives a distribution (drivers, template parameters, settings) and every catalogue price,
//! within the spread its basis allows — and compares the options on that one sampled scenario, so all
//! options see the same draw (common random numbers: their differences are not noise).
//!
//! Sampling is in `f64` (a draw is a random number, not money); each sampled input is turned into a
//! `Decimal` (6 decimals for prices' factors, the input's own precision otherwise) before anything is
//! priced, and every amount is then computed exactly by `compare`. Draw `i` uses stream `i` of a ChaCha8
//! generator seeded with the request's seed, so an answer depends on the seed and the draw count only,
//! never on how the draws were spread over threads.

use super::prepare::prepare;
use super::sweep::{CrossoverInterval, Subject};
use super::{budget, compare_prepared, Comparison, EngineError};
use crate::catalog::{Basis, Catalog, PriceRange};
use crate::field::FieldError;
use crate::money::{self, Currency};
pub use crate::scenario::distribution::{
    Distribution, LognormalDistribution, NormalDistribution, TriangularDistribution, UniformDistribution,
};
use crate::scenario::ScenarioErrors;
use crate::text::Text;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::Distribution as _;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Draws when a request names none.
pub const DEFAULT_DRAWS: u32 = 2_000;
/// Most draws one request may ask for.
pub const MAX_DRAWS: u32 = 20_000;

/// A sampler built from a checked distribution.
enum Sampler {
    Fixed(f64),
    Uniform(rand_distr::Uniform<f64>),
    Triangular(rand_distr::Triangular<f64>),
    Normal(rand_distr::Normal<f64>),
    Lognormal(rand_distr::LogNormal<f64>),
}

fn float(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(0.0)
}

/// The sampler of a checked distribution.
fn sampler_of(distribution: &Distribution) -> Result<Sampler, crate::text::Text> {
    Ok(match distribution {
        Distribution::Uniform(UniformDistribution { low, high }) if low == high => {
            Sampler::Fixed(float(*low))
        }
        Distribution::Uniform(UniformDistribution { low, high }) => Sampler::Uniform(
            rand_distr::Uniform::new_inclusive(float(*low), float(*high))
                .map_err(|e| t!("engine-distribution-invalid", error = e))?,
        ),
        Distribution::Triangular(TriangularDistribution { low, high, .. }) if low == high => {
            Sampler::Fixed(float(*low))
        }
        Distribution::Triangular(TriangularDistribution { low, mode, high }) => Sampler::Triangular(
            rand_distr::Triangular::new(float(*low), float(*high), float(*mode))
                .map_err(|e| t!("engine-distribution-invalid", error = e))?,
        ),
        Distribution::Normal(NormalDistribution { mean, sd }) => Sampler::Normal(
            rand_distr::Normal::new(float(*mean), float(*sd))
                .map_err(|e| t!("engine-distribution-invalid", error = e))?,
        ),
        Distribution::Lognormal(LognormalDistribution { median, sigma }) => Sampler::Lognormal(
            rand_distr::LogNormal::new(float(*median).ln(), float(*sigma))
                .map_err(|e| t!("engine-distribution-invalid", error = e))?,
        ),
    })
}

impl Sampler {
    fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        match self {
            Sampler::Fixed(x) => *x,
            Sampler::Uniform(d) => d.sample(rng),
            Sampler::Triangular(d) => d.sample(rng),
            Sampler::Normal(d) => d.sample(rng),
            Sampler::Lognormal(d) => d.sample(rng),
        }
    }
}

/// How far a catalogue price may be from the figure used, as a fraction either way, when its source
/// states no range: nothing for the vendor's own list or a quote, a little for figures derived from
/// them or copied by a third party, more for statistics (averages) and most for estimates.
pub fn default_spread(basis: Basis) -> Decimal {
    match basis {
        Basis::VendorList | Basis::Quote => Decimal::ZERO,
        Basis::Derived => Decimal::new(2, 2),
        Basis::ThirdParty => Decimal::new(5, 2),
        Basis::Statistic => Decimal::new(10, 2),
        Basis::Estimate => Decimal::new(25, 2),
    }
}

/// One input that varies between draws.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct UncertainInput {
    /// A driver, parameter or setting (`users`, `growth`), or `price:<offering id>`.
    pub name: String,
    pub distribution: Distribution,
    /// Where the distribution comes from.
    #[schema(value_type = String)]
    pub method: Text,
}

/// What varies and how: the plan every draw follows.
pub struct Plan<'a> {
    pub subject: Subject<'a>,
    /// Request inputs (variables of `subject`).
    pub inputs: Vec<PlannedInput>,
    /// Catalogue prices as factors around 1, by offering id.
    pub prices: Vec<(String, Distribution)>,
    pub seed: u64,
}

/// A request input: a variable of the subject, its distribution, whether it is whole-numbered (draws
/// are rounded to units) and the range its values must stay in (draws beyond it are taken at the bound).
pub struct PlannedInput {
    pub name: String,
    pub distribution: Distribution,
    pub integer: bool,
    pub bounds: Option<(Decimal, Decimal)>,
    /// Where the distribution comes from (the request, or the template's default and why).
    pub method: Text,
}

/// One draw's sampled inputs (request inputs, then prices) and the options' results.
#[derive(Debug, Clone)]
pub struct Draw {
    pub inputs: Vec<Decimal>,
    pub npv: Vec<Decimal>,
    pub cash: Vec<Decimal>,
    /// Break-even month of each ordered pair, in `Comparison::break_even` order.
    pub break_even: Vec<Option<u32>>,
}

/// The plan's uncertain inputs, as the answer lists them (`methods`: where each price's range comes from,
/// by offering id).
pub fn listed_inputs(plan: &Plan, methods: &BTreeMap<String, Text>) -> Vec<UncertainInput> {
    let mut out: Vec<UncertainInput> = plan
        .inputs
        .iter()
        .map(|input| UncertainInput {
            name: input.name.clone(),
            distribution: input.distribution.clone(),
            method: match input.bounds {
                Some((low, high)) => {
                    t!("engine-uncertainty-bounded", method = @input.method.clone(), low = low, high = high)
                }
                None => input.method.clone(),
            },
        })
        .collect();
    for (id, d) in &plan.prices {
        let method = methods.get(id).cloned().unwrap_or_else(|| t!("engine-uncertainty-price-factor"));
        out.push(UncertainInput { name: format!("price:{id}"), distribution: d.clone(), method });
    }
    out
}

/// How a price varies: by its stated range unless the request sets a spread for its basis, else by the
/// basis' default spread. `None` when it does not vary.
pub fn price_variation(
    basis: Basis,
    stated: Option<&PriceRange>,
    requested: Option<Decimal>,
) -> Option<(Distribution, Text)> {
    match (requested, stated) {
        (Some(spread), _) => (!spread.is_zero()).then(|| {
            let method =
                t!("engine-uncertainty-requested-spread", spread = percent(spread), basis = basis.as_str());
            (price_distribution(spread), method)
        }),
        (None, Some(range)) => (range.low != range.high).then(|| {
            let distribution =
                Distribution::Uniform(UniformDistribution { low: range.low, high: range.high });
            (distribution, t!("engine-uncertainty-stated-range", method = range.method))
        }),
        (None, None) => {
            let spread = default_spread(basis);
            (!spread.is_zero()).then(|| {
                let method =
                    t!("engine-uncertainty-default-spread", spread = percent(spread), basis = basis.as_str());
                (price_distribution(spread), method)
            })
        }
    }
}

fn percent(x: Decimal) -> String {
    format!("{} %", money::mul(x, Decimal::ONE_HUNDRED).unwrap_or(x).normalize())
}

/// The price factor distribution for a spread: uniform from `1 − spread` to `1 + spread`.
pub fn price_distribution(spread: Decimal) -> Distribution {
    Distribution::Uniform(UniformDistribution {
        low: money::sub(Decimal::ONE, spread).unwrap_or(Decimal::ONE),
        high: money::add(Decimal::ONE, spread).unwrap_or(Decimal::ONE),
    })
}

fn invalid(pointer: &str, message: crate::text::Text) -> EngineError {
    EngineError::Invalid(ScenarioErrors(vec![FieldError::new(pointer, message)]))
}

/// Samplers of every input, in the plan's order (request inputs, then prices), with the decimals a
/// draw keeps and its bounds.
pub struct Samplers(Vec<SampledInput>);

/// A sampler, the decimals its draws keep, and the bounds they are kept within.
type SampledInput = (Sampler, u32, Option<(Decimal, Decimal)>);

impl Samplers {
    pub fn new(plan: &Plan) -> Result<Samplers, EngineError> {
        let mut out = Vec::with_capacity(plan.inputs.len().saturating_add(plan.prices.len()));
        for input in &plan.inputs {
            let pointer = format!("/inputs/{}", input.name);
            let sampler = sampler_of(&input.distribution).map_err(|e| invalid(&pointer, e))?;
            out.push((sampler, if input.integer { 0 } else { 6 }, input.bounds));
        }
        for (id, d) in &plan.prices {
            let sampler = sampler_of(d).map_err(|e| invalid(&format!("/price_spreads/{id}"), e))?;
            out.push((sampler, 6, Some((Decimal::ZERO, Decimal::MAX))));
        }
        Ok(Samplers(out))
    }
}

/// Draw `index`'s sampled values (request inputs, then prices' factors), from its own stream.
fn sample(plan: &Plan, samplers: &Samplers, index: u64) -> Vec<Decimal> {
    let mut rng = ChaCha8Rng::seed_from_u64(plan.seed);
    rng.set_stream(index);
    samplers
        .0
        .iter()
        .map(|(sampler, dp, bounds)| {
            let x = sampler.sample(&mut rng);
            let value = Decimal::from_f64(x)
                .unwrap_or(Decimal::ZERO)
                .round_dp_with_strategy(*dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            bounds.map_or(value, |(low, high)| value.clamp(low, high))
        })
        .collect()
}

/// The scenario a draw's values stand for (with `extra` variables set as well), prepared, its prices
/// scaled by the draw's factors.
fn drawn_scenario(
    plan: &Plan,
    values: &[Decimal],
    extra: &[(&str, Decimal)],
    catalog: &Catalog,
    keep: Option<&[&str]>,
) -> Result<(crate::scenario::Scenario, super::Prepared), EngineError> {
    let (mut assignments, factors) = split_draw(plan, values);
    assignments.extend_from_slice(extra);
    let mut scenario = plan.subject.at_all(&assignments)?;
    if let Some(names) = keep {
        scenario.options.retain(|o| names.contains(&o.name.as_str()));
    }
    let mut prepared = prepare(&scenario, catalog).map_err(EngineError::Invalid)?;
    prepared.scale_prices(&factors);
    Ok((scenario, prepared))
}

/// The scenario draw `index` stands for (not yet prepared: a caller may still change it, as the switch
/// optimizer does month by month) and its prices' factors by offering id.
pub fn drawn_inputs(
    plan: &Plan,
    samplers: &Samplers,
    index: u64,
) -> Result<(crate::scenario::Scenario, BTreeMap<String, Decimal>), EngineError> {
    let values = sample(plan, samplers, index);
    let (assignments, factors) = split_draw(plan, &values);
    Ok((plan.subject.at_all(&assignments)?, factors))
}

/// A draw's values as the subject's variables and as the prices' factors by offering id.
fn split_draw<'p>(
    plan: &'p Plan,
    values: &[Decimal],
) -> (Vec<(&'p str, Decimal)>, BTreeMap<String, Decimal>) {
    let (inputs, prices) = values.split_at(plan.inputs.len().min(values.len()));
    let assignments = plan.inputs.iter().zip(inputs).map(|(input, v)| (input.name.as_str(), *v)).collect();
    let factors = plan.prices.iter().zip(prices).map(|((id, _), f)| (id.clone(), *f)).collect();
    (assignments, factors)
}

/// Draw `index`: every input sampled from its stream, then the options compared exactly.
pub fn draw(
    plan: &Plan,
    samplers: &Samplers,
    catalog: &Catalog,
    index: u64,
    budget: &mut budget::Budget,
) -> Result<Draw, EngineError> {
    let values = sample(plan, samplers, index);
    let (scenario, prepared) = drawn_scenario(plan, &values, &[], catalog, None)?;
    let comparison = compare_prepared(catalog, &scenario, &prepared, budget)?;
    Ok(Draw {
        inputs: values,
        npv: comparison.options.iter().map(|o| o.totals.npv).collect(),
        cash: comparison.options.iter().map(|o| o.totals.cash).collect(),
        break_even: comparison.break_even.iter().map(|b| b.month).collect(),
    })
}

/// Where one draw's crossover lies: below the swept span (`to` already cheaper at its start), beyond it
/// (`from` still cheaper at its end), or at a value (the first at which `to` is cheaper).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Located {
    Below,
    At(Decimal),
    Beyond,
}

/// A crossover to locate in each draw: the pair, the swept variable and span, and the point answer.
pub struct CrossoverSearch<'a> {
    pub variable: &'a str,
    pub integer: bool,
    /// The sweep's first and last values.
    pub span: (Decimal, Decimal),
    pub from: &'a str,
    pub to: &'a str,
    /// The point answer's crossover (`below`, `at`), where each draw's search starts.
    pub near: (Decimal, Decimal),
}

/// Whether `to` is cheaper than `from` at `x` in this draw (an option that cannot serve `x` loses).
fn to_wins(
    plan: &Plan,
    values: &[Decimal],
    catalog: &Catalog,
    search: &CrossoverSearch,
    x: Decimal,
    budget: &mut budget::Budget,
) -> Result<bool, EngineError> {
    let keep = [search.from, search.to];
    match drawn_scenario(plan, values, &[(search.variable, x)], catalog, Some(&keep)) {
        Ok((scenario, prepared)) => {
            let comparison = compare_prepared(catalog, &scenario, &prepared, budget)?;
            let npv = |name: &str| comparison.options.iter().find(|o| o.name == name).map(|o| o.totals.npv);
            Ok(matches!((npv(search.to), npv(search.from)), (Some(t), Some(f)) if t < f))
        }
        Err(EngineError::Invalid(errors)) if errors.0.iter().all(|p| p.pointer.starts_with("/options/")) => {
            // One of the pair cannot serve x (a plan's limit): the other is the cheaper.
            let to_index = plan_option_index(&errors, search, plan, x)?;
            Ok(!to_index)
        }
        Err(e) => Err(e),
    }
}

/// Whether the option that failed validation at `x` is `to` (else `from`): the options were kept in the
/// scenario's order, so the pointer's index says which.
fn plan_option_index(
    errors: &ScenarioErrors,
    search: &CrossoverSearch,
    plan: &Plan,
    x: Decimal,
) -> Result<bool, EngineError> {
    let scenario = plan.subject.at(search.variable, x)?;
    let kept: Vec<&str> = scenario
        .options
        .iter()
        .map(|o| o.name.as_str())
        .filter(|n| *n == search.from || *n == search.to)
        .collect();
    let index: Option<usize> =
        errors.0.first().and_then(|p| p.pointer.strip_prefix("/options/")?.split('/').next()?.parse().ok());
    Ok(index.and_then(|i| kept.get(i)).is_some_and(|n| *n == search.to))
}

/// Draw `index`'s crossover: from the point answer's, steps out (doubling) until the winner differs at
/// the two ends, then bisects to a whole number (whole-numbered variables) or to 0.1 % of the value.
pub fn locate_crossover(
    plan: &Plan,
    samplers: &Samplers,
    catalog: &Catalog,
    index: u64,
    search: &CrossoverSearch,
    budget: &mut budget::Budget,
) -> Result<Located, EngineError> {
    let values = sample(plan, samplers, index);
    let mut wins = |x: Decimal| to_wins(plan, &values, catalog, search, x, budget);
    let (start, end) = search.span;
    let (below, at) = search.near;
    let snap = |x: Decimal, up: bool| {
        if !search.integer {
            x.round_dp(6)
        } else if up {
            x.ceil()
        } else {
            x.floor()
        }
    };
    let tolerance = if search.integer {
        Decimal::ONE
    } else {
        money::mul(at.abs(), Decimal::new(1, 3))?.max(Decimal::new(1, 6))
    };
    let mut step = money::mul(at.abs(), Decimal::new(5, 2))?.max(tolerance);
    let mut hi = at;
    let mut lo;
    if wins(at)? {
        // `to` already wins at the point crossover: walk down until `from` wins.
        lo = below.min(at);
        while wins(lo)? {
            if lo <= start {
                return Ok(Located::Below);
            }
            hi = lo;
            lo = snap(money::sub(lo, step)?.max(start), false);
            step = money::mul(step, Decimal::TWO)?;
        }
    } else {
        lo = at;
        hi = snap(money::add(at, step)?.min(end), true);
        while !wins(hi)? {
            if hi >= end {
                return Ok(Located::Beyond);
            }
            lo = hi;
            hi = snap(money::add(hi, step)?.min(end), true);
            step = money::mul(step, Decimal::TWO)?;
        }
    }
    while money::sub(hi, lo)? > tolerance {
        let mid = snap(money::div(money::add(lo, hi)?, Decimal::TWO)?, false);
        if mid <= lo || mid >= hi {
            break;
        }
        if wins(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(Located::At(hi))
}

/// The interval of a crossover from its draws' locations.
pub fn crossover_interval(located: &[Located], seed: u64, method: Text) -> CrossoverInterval {
    let mut sorted = located.to_vec();
    sorted.sort();
    let value = |p: u32| match nearest_rank(&sorted, p) {
        Some(Located::At(x)) => Some(x),
        _ => None,
    };
    let count = |l: Located| sorted.iter().filter(|x| **x == l).count();
    CrossoverInterval {
        draws: located.len() as u32,
        seed,
        p5: value(5),
        p50: value(50),
        p95: value(95),
        below_span: share(count(Located::Below), located.len()),
        beyond_span: share(count(Located::Beyond), located.len()),
        method,
    }
}

/// P5, P50 and P95 (nearest rank) and the mean of an amount over the draws.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Quantiles {
    pub p5: Decimal,
    pub p50: Decimal,
    pub p95: Decimal,
    /// Rounded to the currency's minor unit.
    pub mean: Decimal,
}

/// One option's range over the draws.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OptionRange {
    pub option: String,
    /// The answer without uncertainty (every input at its given value).
    pub point_npv: Decimal,
    pub npv: Quantiles,
    pub cash: Quantiles,
    /// Share of draws in which this option has the lowest NPV (the first of equals).
    pub probability_cheapest: Decimal,
}

/// The break-even month of `option` against `versus` over the draws.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BreakEvenRange {
    pub option: String,
    pub versus: String,
    /// Without uncertainty.
    pub point_month: Option<u32>,
    /// Nearest-rank percentiles; null where that share of draws never breaks even within the horizon.
    pub p10: Option<u32>,
    pub p50: Option<u32>,
    pub p90: Option<u32>,
    pub probability_never: Decimal,
}

/// How strongly each input moves the NPV difference `option − versus`: Spearman's rank correlation
/// over the draws (a probabilistic tornado), strongest first.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Sensitivity {
    pub option: String,
    pub versus: String,
    pub difference: Quantiles,
    pub inputs: Vec<InputInfluence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InputInfluence {
    pub input: String,
    /// −1 to 1, to 3 decimals.
    pub rank_correlation: Decimal,
}

/// The answer of `POST /v1/uncertainty`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Uncertainty {
    pub catalog_version: String,
    pub currency: Currency,
    pub draws: u32,
    pub seed: u64,
    pub inputs: Vec<UncertainInput>,
    pub options: Vec<OptionRange>,
    pub break_even: Vec<BreakEvenRange>,
    pub sensitivity: Option<Sensitivity>,
}

pub(super) fn nearest_rank<T: Copy>(sorted: &[T], p: u32) -> Option<T> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    // ceil(p × n / 100) − 1, within 0..n
    let rank = (u64::from(p).saturating_mul(n as u64)).div_ceil(100).max(1);
    sorted.get(usize::try_from(rank.saturating_sub(1)).unwrap_or(0).min(n.saturating_sub(1))).copied()
}

pub(super) fn quantiles(values: &[Decimal], currency: &Currency) -> Result<Quantiles, EngineError> {
    let mut sorted = values.to_vec();
    sorted.sort();
    let pick = |p| nearest_rank(&sorted, p).unwrap_or(Decimal::ZERO);
    let total = money::sum(values.iter().copied())?;
    let mean = money::div(total, Decimal::from(values.len().max(1)))?;
    Ok(Quantiles { p5: pick(5), p50: pick(50), p95: pick(95), mean: money::round_money(mean, currency) })
}

pub(super) fn share(count: usize, of: usize) -> Decimal {
    money::div(Decimal::from(count), Decimal::from(of.max(1))).unwrap_or(Decimal::ZERO).round_dp(4)
}

/// Average ranks (1-based; ties share their mean rank), for Spearman's correlation.
#[allow(clippy::arithmetic_side_effects)] // indices below `len`, and f64 statistics: nothing to overflow
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*a].total_cmp(&values[*b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for k in &order[i..=j] {
            out[*k] = rank;
        }
        i = j + 1;
    }
    out
}

/// Spearman's ρ: Pearson's correlation of the ranks; 0 when either side does not vary.
#[allow(clippy::arithmetic_side_effects)] // f64 statistics, not money: no overflow to guard
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// The answer from the point comparison and the draws. `pair` names the options whose difference the
/// sensitivity explains (indices into the options); by default the two cheapest by point NPV.
pub fn summarise(
    point: &Comparison,
    inputs: Vec<UncertainInput>,
    draws: &[Draw],
    seed: u64,
    pair: Option<(usize, usize)>,
) -> Result<Uncertainty, EngineError> {
    let currency = &point.currency;
    let n = draws.len();
    let mut options = Vec::with_capacity(point.options.len());
    for (i, option) in point.options.iter().enumerate() {
        let npv: Vec<Decimal> = draws.iter().map(|d| d.npv.get(i).copied().unwrap_or_default()).collect();
        let cash: Vec<Decimal> = draws.iter().map(|d| d.cash.get(i).copied().unwrap_or_default()).collect();
        let cheapest = draws
            .iter()
            .filter(|d| {
                let mine = d.npv.get(i).copied().unwrap_or_default();
                d.npv.iter().position(|x| *x <= mine && d.npv.iter().all(|y| *y >= *x)) == Some(i)
            })
            .count();
        options.push(OptionRange {
            option: option.name.clone(),
            point_npv: option.totals.npv,
            npv: quantiles(&npv, currency)?,
            cash: quantiles(&cash, currency)?,
            probability_cheapest: share(cheapest, n),
        });
    }
    let mut break_even = Vec::with_capacity(point.break_even.len());
    for (k, pair) in point.break_even.iter().enumerate() {
        // Never breaking even sorts last (as if it came after every month).
        let mut months: Vec<Option<u32>> =
            draws.iter().map(|d| d.break_even.get(k).copied().flatten()).collect();
        months.sort_by_key(|m| m.unwrap_or(u32::MAX));
        let never = months.iter().filter(|m| m.is_none()).count();
        break_even.push(BreakEvenRange {
            option: pair.option.clone(),
            versus: pair.versus.clone(),
            point_month: pair.month,
            p10: nearest_rank(&months, 10).flatten(),
            p50: nearest_rank(&months, 50).flatten(),
            p90: nearest_rank(&months, 90).flatten(),
            probability_never: share(never, n),
        });
    }
    let pair = pair.or_else(|| {
        let order: Vec<usize> = point
            .ranking
            .by_npv
            .iter()
            .filter_map(|e| point.options.iter().position(|o| o.name == e.option))
            .collect();
        Some((*order.first()?, *order.get(1)?))
    });
    let sensitivity = match pair {
        Some((a, b)) if a != b => Some(sensitivity(point, &inputs, draws, a, b)?),
        _ => None,
    };
    Ok(Uncertainty {
        catalog_version: point.catalog_version.clone(),
        currency: currency.clone(),
        draws: u32::try_from(n).unwrap_or(u32::MAX),
        seed,
        inputs,
        options,
        break_even,
        sensitivity,
    })
}

fn sensitivity(
    point: &Comparison,
    inputs: &[UncertainInput],
    draws: &[Draw],
    a: usize,
    b: usize,
) -> Result<Sensitivity, EngineError> {
    let name = |i: usize| point.options.get(i).map(|o| o.name.clone()).unwrap_or_default();
    let difference: Vec<Decimal> = draws
        .iter()
        .map(|d| {
            money::sub(d.npv.get(a).copied().unwrap_or_default(), d.npv.get(b).copied().unwrap_or_default())
        })
        .collect::<Result<_, _>>()?;
    let y: Vec<f64> = difference.iter().map(|x| float(*x)).collect();
    let mut influences: Vec<InputInfluence> = inputs
        .iter()
        .enumerate()
        .map(|(k, input)| {
            let x: Vec<f64> = draws.iter().map(|d| d.inputs.get(k).map_or(0.0, |v| float(*v))).collect();
            let rho = Decimal::from_f64(spearman(&x, &y)).unwrap_or(Decimal::ZERO).round_dp(3);
            InputInfluence { input: input.name.clone(), rank_correlation: rho }
        })
        .collect();
    influences.sort_by_key(|p| std::cmp::Reverse(p.rank_correlation.abs()));
    Ok(Sensitivity {
        option: name(a),
        versus: name(b),
        difference: quantiles(&difference, &point.currency)?,
        inputs: influences,
    })
}

/// Every catalogue offering the scenario prices (components, facilities, labour), with the basis of the
/// schedule used and the range it states.
pub fn priced_offerings(
    catalog: &Catalog,
    scenario: &crate::scenario::Scenario,
    prepared: &super::Prepared,
) -> BTreeMap<String, (Basis, Option<PriceRange>)> {
    // A path's facility and labour are in its flattened form.
    let scenario = prepared.flattened.as_ref().unwrap_or(scenario);
    let mut out = BTreeMap::new();
    for component in prepared.options.iter().flatten() {
        if let Some(id) = &component.resolved.offering_id {
            let r = &component.resolved;
            out.insert(id.clone(), (r.provenance.basis, r.schedule.range.clone()));
        }
    }
    let mut add = |id: &str, units: &[crate::catalog::Unit]| {
        if let Some(offering) = catalog.offering(id) {
            let schedule = units.iter().find_map(|u| offering.prices.iter().find(|s| s.unit == *u));
            if let Some(schedule) = schedule {
                out.insert(id.to_string(), (offering.provenance_of(schedule).basis, schedule.range.clone()));
            }
        }
    };
    for option in &scenario.options {
        if let Some(f) = &option.facility {
            add(&f.energy_offering, &[crate::catalog::Unit::Kwh]);
            if let Some(space) = &f.space_offering {
                add(space, &super::prepare::SPACE_UNITS);
            }
        }
        for line in &option.labor {
            add(&line.offering, &super::prepare::LABOR_UNITS);
        }
    }
    out
}

#[cfg(test)]
// Test code: an overflow there panics and fails the test.
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn uniform(d: &Distribution) -> (Decimal, Decimal) {
        match d {
            Distribution::Uniform(u) => (u.low, u.high),
            other => panic!("uniform expected, got {other:?}"),
        }
    }

    #[test]
    fn a_stated_range_is_used_unless_the_request_sets_a_spread_and_list_prices_do_not_vary() {
        let stated = PriceRange { low: dec!(0.8), high: dec!(1.5), method: "three resellers' quotes".into() };
        let (d, method) = price_variation(Basis::Estimate, Some(&stated), None).expect("varies");
        assert_eq!(uniform(&d), (dec!(0.8), dec!(1.5)));
        assert_eq!(method.en(), "range stated with the price: three resellers' quotes");
        let (d, method) = price_variation(Basis::Estimate, Some(&stated), Some(dec!(0.1))).expect("varies");
        assert_eq!(uniform(&d), (dec!(0.9), dec!(1.1)));
        assert!(method.en().contains("given in the request"), "{method}");
        let (d, method) = price_variation(Basis::Estimate, None, None).expect("varies");
        assert_eq!(uniform(&d), (dec!(0.75), dec!(1.25)));
        assert_eq!(method.en(), "default spread ±25 % for basis estimate");
        assert!(price_variation(Basis::VendorList, None, None).is_none(), "a vendor's list does not vary");
        assert!(price_variation(Basis::Estimate, None, Some(Decimal::ZERO)).is_none());
    }

    #[test]
    fn nearest_rank_percentiles_and_spearman_are_the_textbook_ones() {
        let sorted: Vec<u32> = (1..=20).collect();
        // ⌈0.05 × 20⌉ = 1st, ⌈0.5 × 20⌉ = 10th, ⌈0.95 × 20⌉ = 19th smallest.
        assert_eq!(nearest_rank(&sorted, 5), Some(1));
        assert_eq!(nearest_rank(&sorted, 50), Some(10));
        assert_eq!(nearest_rank(&sorted, 95), Some(19));
        assert_eq!(nearest_rank::<u32>(&[], 50), None);
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((spearman(&x, &[10.0, 20.0, 30.0, 40.0, 50.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&x, &[5.0, 4.0, 3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        // Monotone but not linear: still 1 (ranks, not values).
        assert!((spearman(&x, &[1.0, 8.0, 27.0, 64.0, 125.0]) - 1.0).abs() < 1e-12);
        assert_eq!(spearman(&x, &[7.0; 5]), 0.0, "no variation, no correlation");
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), vec![2.5, 1.0, 2.5], "ties share their mean rank");
    }
}
