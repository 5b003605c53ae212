//! The best moment to switch: for a path whose next stage's trigger is left open, the path priced with
//! the switch in every month of the horizon, and without it ("never"), and the cheapest taken. An
//! exhaustive search, not a bisection: the cost curve of a switch month has steps (annual terms,
//! purchases, staffing) and need not be convex, and the whole curve is part of the answer, so a buyer
//! sees how flat it is around the optimum.

use super::budget::{Budget, Phase};
use super::uncertainty::{self, drawn_inputs, Plan, Quantiles, Samplers, UncertainInput};
use super::{compare_prepared, prepare, EngineError};
use crate::catalog::{Basis, Catalog, PriceRange};
use crate::field::FieldError;
use crate::money::{self, Currency};
use crate::scenario::paths::{self, Stage, Switch};
use crate::scenario::{OptionSpec, Scenario, ScenarioErrors};
use crate::text::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use utoipa::ToSchema;

/// What the switch month minimises.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Net present value of cost (the default).
    #[default]
    Npv,
    /// Total cash over the horizon, undiscounted.
    Cash,
}

/// The path with the switch in one month (or never).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SwitchPoint {
    /// The month the stage starts (1-based); null for "never switch".
    pub month: Option<u32>,
    pub npv: Decimal,
    pub cash: Decimal,
}

/// The best switch month of one stage of one path.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SwitchOptimum {
    pub catalog_version: String,
    pub currency: String,
    pub option: String,
    /// The stage whose start was searched.
    pub stage: String,
    pub objective: Objective,
    /// The cheapest of every month and "never": on a tie, never switching, else the earliest month.
    pub best: SwitchPoint,
    pub never: SwitchPoint,
    /// Switching as early as it can: month 1, or the month after the previous stage starts.
    pub at_once: SwitchPoint,
    /// When the searched stage switches on a driver's threshold: the thresholds that give the best
    /// point (its month, or never), so the path can keep its driver trigger. Null otherwise.
    pub best_threshold: Option<ThresholdWindow>,
    /// What the best saves against never switching and against switching at once (≥ 0).
    pub saving_vs_never: Decimal,
    pub saving_vs_at_once: Decimal,
    /// Every month's point it can start in: month 1 (or the month after the previous stage starts) to
    /// the horizon's end (or the month before the next stage starts, by its month or its driver).
    pub curve: Vec<SwitchPoint>,
    #[schema(value_type = String)]
    pub method: Text,
    /// The work done, in line-months, out of the request's evaluation budget.
    pub line_months: u64,
    pub budget: u64,
    /// The optimum under uncertainty, when the request asks for draws (else null).
    pub range: Option<SwitchRange>,
}

/// Where the best switch month lies when the inputs are uncertain: the search repeated on every seeded
/// draw of the uncertain inputs and prices, each priced exactly.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SwitchRange {
    pub draws: u32,
    pub seed: u64,
    /// Nearest-rank percentiles of the draws' best months, never switching counted after every month:
    /// null where that share of draws is best never switching.
    pub p10: Option<u32>,
    pub p50: Option<u32>,
    pub p90: Option<u32>,
    /// Share of draws in which never switching is best.
    pub probability_never: Decimal,
    /// Share of draws whose best is the point answer's (the same month, or both never).
    pub probability_point_best: Decimal,
    /// Every month that is best in some draw (null: never switching), with the share of draws, in
    /// month order, never last.
    pub best_months: Vec<BestMonthShare>,
    /// What each draw's own best saves against never switching.
    pub saving_vs_never: Quantiles,
    /// What switching in the point answer's month costs over each draw's own best (≥ 0): the price of
    /// deciding on the point answer before the uncertainty resolves.
    pub regret: Quantiles,
    pub inputs: Vec<UncertainInput>,
    #[schema(value_type = String)]
    pub method: Text,
}

/// The thresholds of a driver trigger that switch in a given month: any `at_least` above `above` (none:
/// any value) and at most `at_most` (none: any value). The bounds are rounded inwards to cents, so
/// every threshold within them gives that month.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ThresholdWindow {
    pub driver: String,
    pub above: Option<Decimal>,
    pub at_most: Option<Decimal>,
}

/// A month (null: never switching) and the share of draws in which it is best.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BestMonthShare {
    pub month: Option<u32>,
    pub share: Decimal,
}

/// One draw's search: its best month (`None`: never), what that saves against never switching, and
/// what the point answer's month costs over it.
#[derive(Debug, Clone, PartialEq)]
pub struct SwitchDraw {
    pub best: Option<u32>,
    pub saving_vs_never: Decimal,
    pub regret: Decimal,
}

/// Which stage of which path is searched (0-based indices; `stage` at least 1), and what it minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwitchSearch {
    pub option: usize,
    pub stage: usize,
    pub objective: Objective,
}

impl SwitchSearch {
    fn value(&self, point: &SwitchPoint) -> Decimal {
        match self.objective {
            Objective::Npv => point.npv,
            Objective::Cash => point.cash,
        }
    }

    /// The cheapest point: on a tie never switching, else the earliest month.
    fn best(&self, never: &SwitchPoint, curve: &[SwitchPoint]) -> SwitchPoint {
        let mut best = never.clone();
        for point in curve {
            if self.value(point) < self.value(&best) {
                best = point.clone();
            }
        }
        best
    }
}

fn invalid(pointer: &str, message: Text) -> EngineError {
    EngineError::Invalid(ScenarioErrors(vec![FieldError::new(pointer, message)]))
}

/// The path is priced alone, as option 0: its problems point at its place in the request.
fn as_option(error: EngineError, option: usize) -> EngineError {
    match error {
        EngineError::Invalid(ScenarioErrors(errors)) => EngineError::Invalid(ScenarioErrors(
            errors
                .into_iter()
                .map(|mut e| {
                    if let Some(rest) = e.pointer.strip_prefix("/options/0") {
                        e.pointer = format!("/options/{option}{rest}");
                    }
                    e
                })
                .collect(),
        )),
        other => other,
    }
}

/// The path searched, checked: an option with two stages at least, and a stage after the first.
fn searched_path<'s>(scenario: &'s Scenario, search: &SwitchSearch) -> Result<&'s OptionSpec, EngineError> {
    let path = scenario
        .options
        .get(search.option)
        .ok_or_else(|| invalid("/option", t!("engine-switch-no-option")))?;
    if path.stages.len() < 2 {
        return Err(invalid("/option", t!("engine-switch-not-a-path", option = path.name)));
    }
    if search.stage == 0 || search.stage >= path.stages.len() {
        return Err(invalid("/stage", t!("engine-switch-stage-range", count = path.stages.len())));
    }
    Ok(path)
}

/// The path priced never switching and switching in each month it can start in (`start_months`).
/// Prices are scaled by `factors` (by offering id; empty: as listed).
fn price_curve(
    catalog: &Catalog,
    scenario: &Scenario,
    search: &SwitchSearch,
    factors: &BTreeMap<String, Decimal>,
    budget: &mut Budget,
) -> Result<(SwitchPoint, Vec<SwitchPoint>), EngineError> {
    let path = searched_path(scenario, search)?;
    // Only the path is priced: the other options do not change with its switch.
    let mut alone = Scenario { options: vec![path.clone()], risk: None, ..scenario.clone() };
    let mut price = |switch: Option<u32>| -> Result<SwitchPoint, EngineError> {
        let priced = switched_stages(&path.stages, search.stage, switch);
        let original = std::mem::replace(&mut alone.options[0].stages, priced);
        let result = price_once(catalog, &alone, factors, budget).map_err(|e| as_option(e, search.option));
        alone.options[0].stages = original;
        let totals = &result?.options[0].totals;
        Ok(SwitchPoint { month: switch, npv: totals.npv, cash: totals.cash })
    };
    let never = price(None)?;
    let months = start_months(scenario, path, search.stage);
    let mut curve = Vec::with_capacity(months.clone().count());
    for month in months {
        curve.push(price(Some(month))?);
    }
    Ok((never, curve))
}

/// The path's stages with stage `stage` starting in `switch`, or never reached (`None`).
fn switched_stages(stages: &[Stage], stage: usize, switch: Option<u32>) -> Vec<Stage> {
    let mut priced = stages.to_vec();
    match switch {
        Some(month) => {
            if let Some(s) = priced.get_mut(stage) {
                s.switch = Some(Switch { at_month: Some(month), driver: None, at_least: None });
            }
        }
        // Never reaching this stage means never reaching the ones after it either.
        None => priced.truncate(stage),
    }
    priced
}

/// The months the stage can start in: after the previous stage starts (by its own switch, a month
/// or a driver's threshold), and before the next one would (a stage starting no earlier than the next
/// is replaced in its own first month and never runs). Empty when the previous stage is never reached.
fn start_months(scenario: &Scenario, path: &OptionSpec, stage: usize) -> RangeInclusive<u32> {
    let horizon = scenario.horizon_months;
    let earliest = if stage > 1 {
        let starts = paths::stage_starts(scenario, &path.stages);
        match starts.get(stage.saturating_sub(1)).and_then(|(start, _)| *start) {
            Some(month) => month.saturating_add(1),
            // An empty range: the stage can never start.
            None => return RangeInclusive::new(1, 0),
        }
    } else {
        1
    };
    // The next stage's start when this one starts as early as it can (it starts no earlier than this
    // one, so any later start of this one only delays it).
    let stages = switched_stages(&path.stages, stage, Some(earliest));
    let next =
        paths::stage_starts(scenario, &stages).get(stage.saturating_add(1)).and_then(|(start, _)| *start);
    let last = next.map_or(horizon, |m| m.saturating_sub(1));
    earliest..=last.min(horizon)
}

/// Every catalogue offering the path prices never switching or switching at once (so the stage and
/// those after it are reached), with the basis of the schedule used and the range it states: the
/// prices a ranged search varies.
pub fn searched_offerings(
    catalog: &Catalog,
    scenario: &Scenario,
    search: &SwitchSearch,
) -> Result<BTreeMap<String, (Basis, Option<PriceRange>)>, EngineError> {
    let path = searched_path(scenario, search)?;
    let mut out = BTreeMap::new();
    let at_once = start_months(scenario, path, search.stage).next();
    for switch in [None, at_once] {
        let mut variant = path.clone();
        variant.stages = switched_stages(&path.stages, search.stage, switch);
        let alone = Scenario { options: vec![variant], risk: None, ..scenario.clone() };
        let prepared =
            prepare(&alone, catalog).map_err(|e| as_option(EngineError::Invalid(e), search.option))?;
        out.extend(uncertainty::priced_offerings(catalog, &alone, &prepared));
    }
    Ok(out)
}

fn price_once(
    catalog: &Catalog,
    scenario: &Scenario,
    factors: &BTreeMap<String, Decimal>,
    budget: &mut Budget,
) -> Result<super::Comparison, EngineError> {
    let mut prepared = prepare(scenario, catalog).map_err(EngineError::Invalid)?;
    if !factors.is_empty() {
        prepared.scale_prices(factors);
    }
    compare_prepared(catalog, scenario, &prepared, budget)
}

/// Searches the start month of stage `stage` (0-based, at least 1) of option `option`'s path.
pub fn optimize_switch(
    catalog: &Catalog,
    scenario: &Scenario,
    option: usize,
    stage: usize,
    objective: Objective,
    budget: &mut Budget,
) -> Result<SwitchOptimum, EngineError> {
    let search = SwitchSearch { option, stage, objective };
    let path = searched_path(scenario, &search)?;
    budget.phase = Phase::Points;
    let (never, curve) = price_curve(catalog, scenario, &search, &BTreeMap::new(), budget)?;
    let best = search.best(&never, &curve);
    let at_once = curve.first().cloned().unwrap_or_else(|| never.clone());
    let saving_vs_never = money::sub(search.value(&never), search.value(&best))?;
    let saving_vs_at_once = money::sub(search.value(&at_once), search.value(&best))?;
    let best_threshold = threshold_window(scenario, &path.stages[stage], best.month);
    let method = match (curve.first().and_then(|p| p.month), curve.last().and_then(|p| p.month)) {
        (Some(first), Some(last)) => t!("engine-switch-method", first = first, last = last),
        _ => t!("engine-switch-method-none"),
    };
    Ok(SwitchOptimum {
        catalog_version: catalog.version.clone(),
        currency: scenario.currency.to_string(),
        option: path.name.clone(),
        stage: path.stages[stage].name.clone(),
        objective,
        best,
        never,
        at_once,
        best_threshold,
        saving_vs_never,
        saving_vs_at_once,
        curve,
        method,
        line_months: budget.used(),
        budget: budget.limit(),
        range: None,
    })
}

/// The thresholds of the stage's driver trigger that switch in `month` (`None`: never), when the
/// stage has one and some threshold does: the first month the driver reaches `t` is `month` for every
/// `t` above the months before it and at most its own value (beyond every month's value, for never).
fn threshold_window(scenario: &Scenario, stage: &Stage, month: Option<u32>) -> Option<ThresholdWindow> {
    let driver = stage.switch.as_ref()?.driver.as_ref()?;
    let series =
        crate::scenario::timeline::driver_series(scenario.drivers.get(driver)?, scenario.horizon_months)
            .ok()?;
    let before = |m: usize| series.get(..m).and_then(|s| s.iter().max().copied());
    let up = |x: Decimal| x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToPositiveInfinity);
    let down = |x: Decimal| x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToNegativeInfinity);
    let (above, at_most) = match month {
        None => (before(series.len()).map(up), None),
        Some(m) => {
            let index = usize::try_from(m.checked_sub(1)?).ok()?;
            let own = down(*series.get(index)?);
            let above = before(index).map(up);
            if above.is_some_and(|a| a >= own) {
                return None;
            }
            (above, Some(own))
        }
    };
    Some(ThresholdWindow { driver: driver.clone(), above, at_most })
}

/// Draw `index`: its inputs and prices sampled, the switch searched again on them, and the point
/// answer's month (`point_best`, `None`: never) priced against the draw's own best.
pub fn drawn_switch(
    plan: &Plan,
    samplers: &Samplers,
    catalog: &Catalog,
    index: u64,
    search: &SwitchSearch,
    point_best: Option<u32>,
    budget: &mut Budget,
) -> Result<SwitchDraw, EngineError> {
    let (scenario, factors) = drawn_inputs(plan, samplers, index)?;
    let (never, curve) = price_curve(catalog, &scenario, search, &factors, budget)?;
    let best = search.best(&never, &curve);
    let committed = curve.iter().find(|p| p.month.is_some() && p.month == point_best).unwrap_or(&never);
    Ok(SwitchDraw {
        best: best.month,
        saving_vs_never: money::sub(search.value(&never), search.value(&best))?,
        regret: money::sub(search.value(committed), search.value(&best))?,
    })
}

/// The range of the best month from the draws' searches.
pub fn switch_range(
    point: &SwitchOptimum,
    draws: &[SwitchDraw],
    inputs: Vec<UncertainInput>,
    seed: u64,
    currency: &Currency,
) -> Result<SwitchRange, EngineError> {
    let n = draws.len();
    // Never switching sorts last (as if it came after every month).
    let mut months: Vec<Option<u32>> = draws.iter().map(|d| d.best).collect();
    months.sort_by_key(|m| m.unwrap_or(u32::MAX));
    let mut tally: Vec<(Option<u32>, usize)> = Vec::new();
    for month in &months {
        match tally.last_mut() {
            Some((last, k)) if last == month => *k = k.saturating_add(1),
            _ => tally.push((*month, 1)),
        }
    }
    let best_months = tally
        .into_iter()
        .map(|(month, k)| BestMonthShare { month, share: uncertainty::share(k, n) })
        .collect();
    let count = |f: &dyn Fn(&SwitchDraw) -> bool| draws.iter().filter(|d| f(d)).count();
    let savings: Vec<Decimal> = draws.iter().map(|d| d.saving_vs_never).collect();
    let regrets: Vec<Decimal> = draws.iter().map(|d| d.regret).collect();
    Ok(SwitchRange {
        draws: u32::try_from(n).unwrap_or(u32::MAX),
        seed,
        p10: uncertainty::nearest_rank(&months, 10).flatten(),
        p50: uncertainty::nearest_rank(&months, 50).flatten(),
        p90: uncertainty::nearest_rank(&months, 90).flatten(),
        probability_never: uncertainty::share(count(&|d| d.best.is_none()), n),
        probability_point_best: uncertainty::share(count(&|d| d.best == point.best.month), n),
        best_months,
        saving_vs_never: uncertainty::quantiles(&savings, currency)?,
        regret: uncertainty::quantiles(&regrets, currency)?,
        inputs,
        method: t!("engine-switch-range-method", draws = n, seed = seed),
    })
}

#[cfg(test)]
// Test code: an overflow there panics and fails the test.
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn point(month: Option<u32>) -> SwitchPoint {
        SwitchPoint { month, npv: Decimal::ZERO, cash: Decimal::ZERO }
    }

    fn drawn(best: Option<u32>, saving: Decimal, regret: Decimal) -> SwitchDraw {
        SwitchDraw { best, saving_vs_never: saving, regret }
    }

    #[test]
    fn the_range_counts_never_after_every_month_and_shares_by_month() {
        let optimum = SwitchOptimum {
            catalog_version: "v".into(),
            currency: "USD".into(),
            option: "Path".into(),
            stage: "Own".into(),
            objective: Objective::Npv,
            best: point(Some(3)),
            never: point(None),
            at_once: point(Some(1)),
            best_threshold: None,
            saving_vs_never: Decimal::ZERO,
            saving_vs_at_once: Decimal::ZERO,
            curve: vec![],
            method: t!("empty"),
            line_months: 0,
            budget: 0,
            range: None,
        };
        // Four draws, in no order: months 5, 3, never, 3.
        let draws = [
            drawn(Some(5), dec!(100), dec!(10)),
            drawn(Some(3), dec!(300), dec!(0)),
            drawn(None, dec!(0), dec!(20)),
            drawn(Some(3), dec!(200), dec!(0)),
        ];
        let usd: Currency = "USD".parse().expect("USD");
        let range = switch_range(&optimum, &draws, vec![], 7, &usd).expect("range");
        // Sorted: 3, 3, 5, never. Nearest rank: P10 = ⌈0.4⌉ = 1st, P50 = ⌈2⌉ = 2nd, P90 = ⌈3.6⌉ = 4th.
        assert_eq!((range.p10, range.p50, range.p90), (Some(3), Some(3), None));
        assert_eq!(range.probability_never, dec!(0.25));
        assert_eq!(range.probability_point_best, dec!(0.5), "two of four draws agree with month 3");
        let shares: Vec<(Option<u32>, Decimal)> =
            range.best_months.iter().map(|b| (b.month, b.share)).collect();
        assert_eq!(shares, vec![(Some(3), dec!(0.5)), (Some(5), dec!(0.25)), (None, dec!(0.25))]);
        // Savings 0, 100, 200, 300: P5 = 1st, P50 = 2nd, P95 = ⌈3.8⌉ = 4th; mean 150.
        assert_eq!(
            (range.saving_vs_never.p5, range.saving_vs_never.p50, range.saving_vs_never.p95),
            (dec!(0), dec!(100), dec!(300))
        );
        assert_eq!(range.saving_vs_never.mean, dec!(150));
        // Regrets 0, 0, 10, 20: mean 7.5.
        assert_eq!((range.regret.p50, range.regret.p95, range.regret.mean), (dec!(0), dec!(20), dec!(7.5)));
        assert_eq!((range.draws, range.seed), (4, 7));
    }
}
