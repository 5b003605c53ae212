//! The best moment to switch: for a path whose next stage's trigger is left open, the path priced with
//! the switch in every month of the horizon, and without it ("never"), and the cheapest taken. An
//! exhaustive search, not a bisection: the cost curve of a switch month has steps (annual terms,
//! purchases, staffing) and need not be convex, and the whole curve is part of the answer, so a buyer
//! sees how flat it is around the optimum.

use super::budget::{Budget, Phase};
use super::{compare_within, EngineError};
use crate::catalog::Catalog;
use crate::field::FieldError;
use crate::scenario::paths::Switch;
use crate::scenario::{Scenario, ScenarioErrors};
use crate::text::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
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
    /// Switching as early as it can: month 1, or the month after the previous stage's fixed switch.
    pub at_once: SwitchPoint,
    /// What the best saves against never switching and against switching at once (≥ 0).
    pub saving_vs_never: Decimal,
    pub saving_vs_at_once: Decimal,
    /// Every month's point it can start in: month 1 (or after the previous stage's fixed switch) to
    /// the horizon's end (or before the next stage's fixed switch).
    pub curve: Vec<SwitchPoint>,
    #[schema(value_type = String)]
    pub method: Text,
    /// The work done, in line-months, out of the request's evaluation budget.
    pub line_months: u64,
    pub budget: u64,
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

/// Searches the start month of stage `stage` (0-based, at least 1) of option `option`'s path.
pub fn optimize_switch(
    catalog: &Catalog,
    scenario: &Scenario,
    option: usize,
    stage: usize,
    objective: Objective,
    budget: &mut Budget,
) -> Result<SwitchOptimum, EngineError> {
    let path =
        scenario.options.get(option).ok_or_else(|| invalid("/option", t!("engine-switch-no-option")))?;
    if path.stages.len() < 2 {
        return Err(invalid("/option", t!("engine-switch-not-a-path", option = path.name)));
    }
    if stage == 0 || stage >= path.stages.len() {
        return Err(invalid("/stage", t!("engine-switch-stage-range", count = path.stages.len())));
    }
    // Only the path is priced: the other options do not change with its switch.
    let mut alone = Scenario { options: vec![path.clone()], risk: None, ..scenario.clone() };
    budget.phase = Phase::Points;
    let mut price = |switch: Option<u32>| -> Result<SwitchPoint, EngineError> {
        let stages = &mut alone.options[0].stages;
        let mut priced = stages.clone();
        match switch {
            Some(month) => {
                priced[stage].switch = Some(Switch { at_month: Some(month), driver: None, at_least: None })
            }
            // Never reaching this stage means never reaching the ones after it either.
            None => priced.truncate(stage),
        }
        let original = std::mem::replace(stages, priced);
        let result = compare_within(catalog, &alone, budget).map_err(|e| as_option(e, option));
        alone.options[0].stages = original;
        let totals = &result?.options[0].totals;
        Ok(SwitchPoint { month: switch, npv: totals.npv, cash: totals.cash })
    };
    // The months the stage can start in: after the previous stage's fixed switch month, before the
    // next one's (stages are entered in order).
    let fixed = |k: usize| path.stages.get(k).and_then(|s| s.switch.as_ref()).and_then(|s| s.at_month);
    let first = if stage > 1 { fixed(stage.saturating_sub(1)).map_or(1, |m| m.saturating_add(1)) } else { 1 };
    let last = fixed(stage.saturating_add(1)).map_or(scenario.horizon_months, |m| m.saturating_sub(1));
    let never = price(None)?;
    let mut curve = Vec::with_capacity(scenario.horizon_months as usize);
    for month in first..=last.min(scenario.horizon_months) {
        curve.push(price(Some(month))?);
    }
    let value = |p: &SwitchPoint| match objective {
        Objective::Npv => p.npv,
        Objective::Cash => p.cash,
    };
    let mut best = never.clone();
    for point in &curve {
        if value(point) < value(&best) {
            best = point.clone();
        }
    }
    let at_once = curve.first().cloned().unwrap_or_else(|| never.clone());
    let saving_vs_never = crate::money::sub(value(&never), value(&best))?;
    let saving_vs_at_once = crate::money::sub(value(&at_once), value(&best))?;
    Ok(SwitchOptimum {
        catalog_version: catalog.version.clone(),
        currency: scenario.currency.to_string(),
        option: path.name.clone(),
        stage: path.stages[stage].name.clone(),
        objective,
        best,
        never,
        at_once,
        saving_vs_never,
        saving_vs_at_once,
        curve,
        method: t!("engine-switch-method", months = scenario.horizon_months),
        line_months: budget.used(),
        budget: budget.limit(),
    })
}
