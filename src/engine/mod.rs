//! The cost engine: a validated scenario and a catalogue in, a `Comparison` out. Pure functions over
//! plain data (no I/O, no clock); every convention is written in the README's Methodology section.
//!
//! Pipeline: `prepare` (the scenario checked against the catalogue: each component resolved to a price
//! by `resolve` and its quantity worked out per month by `scenario::timeline`, once) → exact monthly
//! lines by each component's cash-flow shape (`shapes`) → lines rounded once, discounted and aggregated
//! in minor units (`analysis`) → ranking, break-even, payback and warnings.

pub mod amortization;
mod analysis;
pub mod budget;
pub mod comparison;
pub mod finance;
pub mod prepare;
pub(crate) mod resolve;
pub mod risk;
pub mod rounding;
pub(crate) mod shapes;
pub mod sweep;
pub mod switch;
pub mod uncertainty;

#[cfg(test)]
// Test code: an overflow there panics and fails the test, which is what a test should do.
#[allow(clippy::arithmetic_side_effects)]
mod tests;

pub use amortization::{schedule, AmortizationSchedule, AssetInput};
pub use comparison::*;
pub use prepare::{prepare, validate, Prepared};
use prepare::{PreparedComponent, LABOR_UNITS, SPACE_UNITS};

use crate::catalog::{Basis, Catalog, Conversion, Inclusion, Offering, PriceSchedule, Provenance, Unit};
use crate::money::rates;
use crate::money::{self, MoneyError};
use crate::scenario::{ordinal, FieldError, OptionKind, OptionSpec, Scenario, ScenarioErrors, TaxBasis};
use crate::text::Text;
use chrono::{Months, NaiveDate};
use resolve::{Resolved, TaxConversion};
use rust_decimal::Decimal;
use shapes::{Ctx, Fleet, Head, Line, Tariff};
use std::collections::{BTreeMap, BTreeSet};

/// Why a comparison could not be made. Every variant is the caller's input (a 4xx), never a bug.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// The scenario (or asset) failed validation; every problem with its JSON pointer.
    #[error("invalid input: {0}")]
    Invalid(ScenarioErrors),
    /// An amount left `Decimal`'s range (about 7.9e28).
    #[error("amounts too large to compute: {0}")]
    Money(#[from] MoneyError),
    /// A price could not be applied to a quantity (normally caught by validation).
    #[error("{0}")]
    Pricing(FieldError),
    /// The request needs more work than its evaluation budget (see `budget`).
    #[error("{0}")]
    OverBudget(budget::OverBudget),
}

fn invalid(pointer: &str, problems: Vec<(String, Text)>) -> EngineError {
    EngineError::Invalid(ScenarioErrors(
        problems
            .into_iter()
            .map(|(suffix, message)| FieldError::new(format!("{pointer}{suffix}"), message))
            .collect(),
    ))
}

/// Compare the scenario's options over its horizon with the catalogue's prices, within the default
/// evaluation budget.
pub fn compare(catalog: &Catalog, scenario: &Scenario) -> Result<Comparison, EngineError> {
    compare_within(catalog, scenario, &mut budget::Budget::default())
}

/// `compare`, spending from `budget` (and stopping when it is spent).
pub fn compare_within(
    catalog: &Catalog,
    scenario: &Scenario,
    budget: &mut budget::Budget,
) -> Result<Comparison, EngineError> {
    let prepared = prepare(scenario, catalog).map_err(EngineError::Invalid)?;
    compare_prepared(catalog, scenario, &prepared, budget)
}

/// `compare_within` of a scenario `prepare` has checked and resolved (possibly with its prices scaled).
pub fn compare_prepared(
    catalog: &Catalog,
    scenario: &Scenario,
    prepared: &Prepared,
    budget: &mut budget::Budget,
) -> Result<Comparison, EngineError> {
    let meter = budget::Meter::for_budget(budget);
    // A scenario with paths is priced as the flat one they stand for; its pointers then point back
    // into the paths.
    let flat = prepared.flattened.as_ref().unwrap_or(scenario);
    let result = compare_metered(catalog, flat, prepared, &meter);
    budget.spend(meter.done());
    match (result, prepared.flattened.is_some()) {
        (Ok(mut comparison), true) => {
            for option in &mut comparison.options {
                for item in &mut option.line_items {
                    item.pointer = prepare::point_into_path(scenario, &item.pointer);
                }
            }
            for warning in &mut comparison.warnings {
                if let Some(pointer) = &mut warning.pointer {
                    *pointer = prepare::point_into_path(scenario, pointer);
                }
            }
            Ok(comparison)
        }
        (result, _) => result,
    }
}

fn compare_metered(
    catalog: &Catalog,
    scenario: &Scenario,
    prepared: &Prepared,
    meter: &budget::Meter,
) -> Result<Comparison, EngineError> {
    let ctx = Ctx::new(scenario, meter)?;
    let mut warnings = Warnings::new(scenario);
    let monthly_rate = rates::monthly_from_annual(scenario.discount_rate)?;
    let factors = rates::discount_factors(monthly_rate, ctx.months)?;
    let discounting = analysis::Discounting {
        factors: &factors,
        tax_rate: scenario.tax_rate,
        currency: &scenario.currency,
        units: money::MinorUnits::of(&scenario.currency),
        months: ctx.months,
        start: scenario.start,
    };
    let mut options = Vec::with_capacity(scenario.options.len());
    for (i, (option, components)) in scenario.options.iter().zip(&prepared.options).enumerate() {
        let (kind, lines) =
            option_lines(&ctx, catalog, option, components, &prepared.price_factors, i, &mut warnings)?;
        let mut result = analysis::option_result(option.name.clone(), kind, lines, &discounting)?;
        result.stages = prepared.stage_runs.get(i).cloned().unwrap_or_default();
        options.push(result);
    }
    Ok(Comparison {
        catalog_version: catalog.version.clone(),
        currency: scenario.currency.clone(),
        start: scenario.start,
        horizon_months: scenario.horizon_months,
        discount_rate: scenario.discount_rate,
        monthly_discount_rate: monthly_rate.round_dp(10),
        tax_rate: scenario.tax_rate,
        tax_basis: scenario.tax_basis,
        ranking: analysis::ranking(&options)?,
        break_even: analysis::break_even(&options),
        payback: analysis::payback(&options),
        risk: risk::assess(catalog, scenario, &options)?,
        options,
        warnings: warnings.list,
    })
}

/// Every line of one option, and its kind (given, or `own` when anything is purchased).
fn option_lines(
    ctx: &Ctx,
    catalog: &Catalog,
    option: &OptionSpec,
    components: &[PreparedComponent],
    factors: &BTreeMap<String, Decimal>,
    i: usize,
    warnings: &mut Warnings,
) -> Result<(OptionKind, Vec<Line>), EngineError> {
    let mut lines = Vec::new();
    let mut fleet = Fleet { units: Vec::new() };
    let mut owns = false;
    // Every component, labour line and facility is at least one line over the horizon.
    let count = option.components.len().saturating_add(option.labor.len()).saturating_add(1);
    ctx.meter.count(u64::from(ctx.months).saturating_mul(count as u64))?;
    for (j, (c, prepared)) in option.components.iter().zip(components).enumerate() {
        let pointer = format!("/options/{i}/components/{j}");
        let (r, quantity) = (&prepared.resolved, &prepared.quantity);
        // Each tier is priced every month (an inline price may carry thousands).
        ctx.meter.count(u64::from(ctx.months).saturating_mul(r.schedule.tiers.len() as u64))?;
        warnings.price(
            &option.name,
            &pointer,
            r.offering_id.as_deref(),
            &r.provenance,
            r.conversion.as_ref(),
        );
        warnings.tax(&option.name, &pointer, &r.offering.id, r.tax, ctx.scenario.tax_basis);
        warnings.limits(&option.name, &pointer, r, quantity);
        let head = Head { component: c.name.clone(), stage: c.stage.clone(), pointer: pointer.clone() };
        let active = &prepared.active;
        match r.shape {
            Shape::Usage | Shape::Facility => {
                lines.push(shapes::confine(shapes::usage(ctx, r, quantity, &head)?, active))
            }
            Shape::Subscription => lines.push(shapes::subscription(ctx, r, quantity, active, &head)?),
            Shape::Commitment => {
                let commitment = shapes::commitment(ctx, r, quantity, active, &head)?;
                if let Some(billed_to) = commitment.outlives {
                    warnings.push(Warning {
                        code: WarningCode::CommitmentOutlivesComponent,
                        message: t!(
                            "engine-warning-commitment-outlives",
                            component = c.name,
                            until = active.end,
                            billed_to = billed_to
                        ),
                        option: Some(option.name.clone()),
                        pointer: Some(format!("{pointer}/until_month")),
                        offering: r.offering_id.clone(),
                        ..Warning::blank()
                    });
                }
                lines.extend(commitment.lines);
            }
            Shape::Recurring => {
                lines.push(shapes::confine(shapes::recurring(ctx, r, quantity, &head)?, active))
            }
            Shape::OneTime => lines.push(shapes::one_time(ctx, r, quantity, c.one_time_month(), &head)?),
            Shape::Asset => {
                owns = true;
                let asset = shapes::asset(ctx, r, c.asset.as_ref(), quantity, active, &head)?;
                if asset.financing_beyond_horizon {
                    warnings.push(Warning {
                        code: WarningCode::FinancingBeyondHorizon,
                        message: t!("engine-warning-financing-beyond-horizon", component = c.name),
                        option: Some(option.name.clone()),
                        pointer: Some(format!("{pointer}/asset/financing")),
                        ..Warning::blank()
                    });
                }
                if let Some(hw) = asset.hardware {
                    fleet.units.push((asset.in_service, hw));
                }
                lines.extend(asset.lines);
            }
        }
    }
    if let Some(facility) = &option.facility {
        let at = format!("/options/{i}/facility");
        let energy = tariff(
            catalog,
            factors,
            ctx.scenario,
            &facility.energy_offering,
            &[Unit::Kwh],
            &format!("{at}/energy_offering"),
        )?;
        warnings.tariff(&option.name, &format!("{at}/energy_offering"), &energy, ctx.scenario.tax_basis);
        let space = match &facility.space_offering {
            Some(id) => {
                let t = tariff(
                    catalog,
                    factors,
                    ctx.scenario,
                    id,
                    &SPACE_UNITS,
                    &format!("{at}/space_offering"),
                )?;
                warnings.tariff(&option.name, &format!("{at}/space_offering"), &t, ctx.scenario.tax_basis);
                Some(t)
            }
            None => None,
        };
        let pue = match (&facility.pue, &facility.pue_preset) {
            (Some(pue), _) => *pue,
            (None, Some(id)) => match catalog.pue_presets.get(id) {
                Some(preset) => {
                    warnings.price(
                        &option.name,
                        &format!("{at}/pue_preset"),
                        Some(&preset.id),
                        &preset.provenance,
                        None,
                    );
                    preset.pue
                }
                None => {
                    return Err(invalid(
                        &at,
                        vec![("/pue_preset".into(), t!("engine-unknown-pue-preset", id = id))],
                    ))
                }
            },
            (None, None) => Decimal::ONE,
        };
        if let Some(t) = space.as_ref().filter(|t| t.schedule.includes.contains(&Inclusion::Power)) {
            warnings.push(Warning {
                code: WarningCode::FacilityIncludesPower,
                message: match t.schedule.included_power_kw {
                    Some(kw) => t!(
                        "engine-warning-facility-includes-power",
                        offering = t.offering.id,
                        kw = kw.normalize(),
                        unit = @shapes::space_unit_noun(t.schedule.unit)
                    ),
                    None => t!("engine-warning-facility-includes-power-unlimited", offering = t.offering.id),
                },
                option: Some(option.name.clone()),
                pointer: Some(format!("{at}/space_offering")),
                offering: Some(t.offering.id.clone()),
                ..Warning::blank()
            });
        }
        let name = facility.name.clone().unwrap_or_else(|| "facility".to_string());
        let head = Head { component: name, stage: facility.stage.clone(), pointer: at };
        let active =
            crate::scenario::timeline::active_months(facility.from_month, facility.until_month, ctx.months);
        let facility_lines = shapes::facility(ctx, facility, pue, &energy, space.as_ref(), &fleet, &head)?;
        lines.extend(facility_lines.into_iter().map(|line| shapes::confine(line, &active)));
    }
    for (k, labor) in option.labor.iter().enumerate() {
        let at = format!("/options/{i}/labor/{k}");
        let t =
            tariff(catalog, factors, ctx.scenario, &labor.offering, &LABOR_UNITS, &format!("{at}/offering"))?;
        warnings.tariff(&option.name, &format!("{at}/offering"), &t, ctx.scenario.tax_basis);
        let head = Head {
            component: labor.name.clone().unwrap_or_else(|| labor.offering.clone()),
            stage: labor.stage.clone(),
            pointer: at,
        };
        let active =
            crate::scenario::timeline::active_months(labor.from_month, labor.until_month, ctx.months);
        lines.push(shapes::confine(shapes::labor(ctx, labor, &t, &fleet, &head)?, &active));
    }
    let kind = option.kind.unwrap_or(if owns { OptionKind::Own } else { OptionKind::Rent });
    Ok((kind, lines))
}

/// The first price of `id` in one of `units`, with its conversion to the scenario's currency.
fn tariff(
    catalog: &Catalog,
    factors: &BTreeMap<String, Decimal>,
    scenario: &Scenario,
    id: &str,
    units: &[Unit],
    pointer: &str,
) -> Result<Tariff, EngineError> {
    let fail = |message: Text| invalid(pointer, vec![(String::new(), message)]);
    let offering: &Offering =
        catalog.offering(id).ok_or_else(|| fail(resolve::unknown_offering(catalog, id)))?;
    // `units` is in order of preference: a space offering priced both per U and per rack is billed
    // per U (what a few servers occupy), whatever the order of its schedules.
    let schedule: &PriceSchedule = units
        .iter()
        .find_map(|unit| offering.prices.iter().find(|s| s.unit == *unit))
        .ok_or_else(|| fail(t!("engine-tariff-no-suitable-unit", offering = id)))?;
    let currency =
        schedule.currency.clone().ok_or_else(|| fail(t!("engine-tariff-no-currency", offering = id)))?;
    let conversion = resolve::conversion(catalog, &currency, &scenario.currency).map_err(fail)?;
    let tax = resolve::tax_conversion(schedule, scenario.tax_basis);
    let fx_rate = conversion.as_ref().map_or(Decimal::ONE, |c| c.rate);
    // A price scaled within its range (a Monte Carlo draw); exactly as listed otherwise.
    let fx_rate = match factors.get(id) {
        Some(factor) if *factor != Decimal::ONE => money::mul(fx_rate, *factor)?,
        _ => fx_rate,
    };
    Ok(Tariff {
        offering: offering.clone(),
        schedule: schedule.clone(),
        scale: resolve::Scale::new(fx_rate, tax)?,
        tax,
        currency,
        conversion,
    })
}

impl Warning {
    fn blank() -> Warning {
        Warning {
            code: WarningCode::Estimate,
            message: t!("engine-empty"),
            option: None,
            pointer: None,
            offering: None,
            price_date: None,
            rate: None,
            source_url: None,
        }
    }
}

/// How a warning names a catalogue price: its offering id, as code.
fn offering_label(id: &str) -> Text {
    t!("engine-label-offering", id = id)
}

/// How a list of texts is joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separator {
    /// `a, b, c`
    Comma,
    /// `a; b; c`
    Semicolon,
    /// `a or b or c`
    Or,
}

/// The parts as one text, joined by `separator` in the answer's language (empty for no parts).
pub(crate) fn join(parts: impl IntoIterator<Item = Text>, separator: Separator) -> Text {
    let parts: Vec<Text> = parts.into_iter().collect();
    let mut parts = parts.into_iter().rev();
    let Some(mut out) = parts.next() else { return t!("engine-empty") };
    for first in parts {
        out = match separator {
            Separator::Comma => t!("engine-list-comma", first = @first, rest = @out),
            Separator::Semicolon => t!("engine-list-semicolon", first = @first, rest = @out),
            Separator::Or => t!("engine-list-or", first = @first, rest = @out),
        };
    }
    out
}

/// Share of a plan's maximum from which a "near the limit" warning is given.
const NEAR_LIMIT: Decimal = Decimal::from_parts(8, 0, 0, false, 1);

/// Warnings collected while building lines, each said once.
struct Warnings {
    list: Vec<Warning>,
    said: BTreeSet<(WarningCode, String)>,
    /// Prices dated before this day are stale (12 months before the start).
    stale_before: NaiveDate,
}

impl Warnings {
    fn new(scenario: &Scenario) -> Self {
        let start = scenario.start.first_day();
        Warnings {
            list: Vec::new(),
            said: BTreeSet::new(),
            stale_before: start.checked_sub_months(Months::new(12)).unwrap_or(start),
        }
    }

    fn push(&mut self, warning: Warning) {
        self.list.push(warning);
    }

    fn once(&mut self, code: WarningCode, key: String, warning: Warning) {
        if self.said.insert((code, key)) {
            self.list.push(Warning { code, ..warning });
        }
    }

    /// Stale, estimated and converted prices.
    fn price(
        &mut self,
        option: &str,
        pointer: &str,
        offering: Option<&str>,
        p: &Provenance,
        fx: Option<&Conversion>,
    ) {
        let label =
            offering.map_or_else(|| t!("engine-label-inline-price", pointer = pointer), offering_label);
        let key = offering.map_or_else(|| pointer.to_string(), str::to_string);
        let base = Warning {
            option: Some(option.to_string()),
            pointer: Some(pointer.to_string()),
            offering: offering.map(str::to_string),
            price_date: p.price_date,
            source_url: Some(p.source_url.clone()),
            ..Warning::blank()
        };
        self.dates(&label, &key, p, &base);
        self.basis(&label, &key, p, &base);
        if let Some(c) = fx {
            self.once(
                WarningCode::FxConversion,
                format!("{}>{}", c.from, c.to),
                Warning {
                    message: match c.price_date {
                        Some(date) => t!(
                            "engine-warning-fx",
                            from = c.from,
                            to = c.to,
                            rate = c.rate.round_dp(8).normalize(),
                            date = date
                        ),
                        None => t!(
                            "engine-warning-fx-undated",
                            from = c.from,
                            to = c.to,
                            rate = c.rate.round_dp(8).normalize()
                        ),
                    },
                    option: None,
                    pointer: None,
                    offering: None,
                    price_date: c.price_date,
                    rate: Some(c.rate),
                    source_url: Some(c.source_url.clone()),
                    ..Warning::blank()
                },
            );
        }
    }

    /// Stale prices (dated more than 12 months before the start) and prices of unknown age. An estimate's
    /// lack of a date is said by its own warning.
    fn dates(&mut self, label: &Text, key: &str, p: &Provenance, base: &Warning) {
        let label = label.clone();
        let (code, message) = match p.price_date {
            Some(date) if date < self.stale_before => {
                (WarningCode::StalePrice, t!("engine-warning-stale-price", label = @label, date = date))
            }
            None if p.basis != Basis::Estimate => (
                WarningCode::UndatedPrice,
                t!("engine-warning-undated-price", label = @label, retrieved = p.retrieved),
            ),
            _ => return,
        };
        self.once(code, key.to_string(), Warning { message, ..base.clone() });
    }

    /// Figures weaker than the vendor's own list or a quote: copies, statistics and estimates.
    fn basis(&mut self, label: &Text, key: &str, p: &Provenance, base: &Warning) {
        let label = label.clone();
        let (code, message) = match p.basis {
            Basis::Estimate => (
                WarningCode::Estimate,
                match p.note.as_deref() {
                    Some(note) => t!("engine-warning-estimate-noted", label = @label, note = note),
                    None => t!("engine-warning-estimate", label = @label),
                },
            ),
            Basis::ThirdParty => (
                WarningCode::ThirdPartyPrice,
                match p.copied_by.as_deref() {
                    Some(copier) => t!("engine-warning-third-party", label = @label, copier = copier),
                    None => t!("engine-warning-third-party-unnamed", label = @label),
                },
            ),
            Basis::Statistic => (WarningCode::Statistic, t!("engine-warning-statistic", label = @label)),
            Basis::VendorList | Basis::Derived | Basis::Quote => return,
        };
        self.once(code, key.to_string(), Warning { message, ..base.clone() });
    }

    fn tariff(&mut self, option: &str, pointer: &str, t: &Tariff, basis: TaxBasis) {
        let provenance = t.offering.provenance_of(&t.schedule).clone();
        self.price(option, pointer, Some(&t.offering.id), &provenance, t.conversion.as_ref());
        self.tax(option, pointer, &t.offering.id, t.tax, basis);
    }

    /// Gross↔net conversions, one per rate and direction, and net prices left net for want of a rate.
    fn tax(&mut self, option: &str, pointer: &str, id: &str, tax: Option<TaxConversion>, basis: TaxBasis) {
        let percent = |rate: Decimal| money::mul(rate, Decimal::ONE_HUNDRED).unwrap_or(rate).normalize();
        let factor = |rate: Decimal| money::add(Decimal::ONE, rate).unwrap_or(Decimal::ONE).normalize();
        let converted =
            |message: Text, rate: Decimal| Warning { message, rate: Some(rate), ..Warning::blank() };
        match tax {
            None => {}
            Some(TaxConversion::ToNet(rate)) => self.once(
                WarningCode::TaxConversion,
                format!("net÷{rate}"),
                converted(
                    t!("engine-warning-tax-to-net", percent = percent(rate), factor = factor(rate)),
                    rate,
                ),
            ),
            Some(TaxConversion::ToGross(rate)) => self.once(
                WarningCode::TaxConversion,
                format!("gross×{rate}"),
                converted(
                    t!("engine-warning-tax-to-gross", percent = percent(rate), factor = factor(rate)),
                    rate,
                ),
            ),
            Some(TaxConversion::RateUnknown) => {
                let label = if id.starts_with("inline:") {
                    t!("engine-label-inline-price", pointer = pointer)
                } else {
                    offering_label(id)
                };
                self.once(
                    WarningCode::TaxRateUnknown,
                    id.to_string(),
                    Warning {
                        message: t!(
                            "engine-warning-tax-rate-unknown",
                            label = @label,
                            basis = basis.as_str()
                        ),
                        option: Some(option.to_string()),
                        pointer: Some(pointer.to_string()),
                        offering: (!id.starts_with("inline:")).then(|| id.to_string()),
                        ..Warning::blank()
                    },
                );
            }
        }
    }

    /// Plan maxima approached (≥ 80 %) and minima billed instead of the quantity.
    fn limits(&mut self, option: &str, pointer: &str, r: &Resolved, quantity: &[Decimal]) {
        let scale = if r.schedule.unit == Unit::Hour { rates::HOURS_PER_MONTH } else { Decimal::ONE };
        let billed = |q: Decimal| q.checked_mul(scale).unwrap_or(q);
        let id = &r.offering.id;
        let key = format!("{option}{pointer}");
        if let Some(max) = r.schedule.max_quantity {
            if let Some((t, q)) = quantity.iter().enumerate().find(|(_, q)| {
                max > Decimal::ZERO && money::mul(max, NEAR_LIMIT).is_ok_and(|near| billed(**q) >= near)
            }) {
                self.once(
                    WarningCode::PlanLimitNear,
                    key.clone(),
                    Warning {
                        message: t!(
                            "engine-warning-plan-limit-near",
                            offering = id,
                            quantity = billed(*q).normalize(),
                            month = ordinal(t),
                            percent = money::div(billed(*q), max)
                                .and_then(|share| money::mul(share, Decimal::ONE_HUNDRED))
                                .unwrap_or_default()
                                .round_dp(0),
                            max = max
                        ),
                        option: Some(option.to_string()),
                        pointer: Some(format!("{pointer}/quantity")),
                        offering: r.offering_id.clone(),
                        ..Warning::blank()
                    },
                );
            }
        }
        if let Some(min) = r.schedule.min_quantity {
            if let Some((t, q)) =
                quantity.iter().enumerate().find(|(_, q)| **q > Decimal::ZERO && billed(**q) < min)
            {
                self.once(
                    WarningCode::PlanMinimumApplied,
                    key,
                    Warning {
                        message: t!(
                            "engine-warning-plan-minimum-applied",
                            offering = id,
                            quantity = billed(*q).normalize(),
                            month = ordinal(t),
                            min = min
                        ),
                        option: Some(option.to_string()),
                        pointer: Some(format!("{pointer}/quantity")),
                        offering: r.offering_id.clone(),
                        ..Warning::blank()
                    },
                );
            }
        }
    }
}
