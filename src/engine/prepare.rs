//! A scenario checked against a catalogue, with every component resolved to its price and its quantity
//! worked out month by month — once: `compare` prices what `prepare` returns, so nothing is resolved or
//! quantified twice. What needs no catalogue (ranges, names, drivers) is `scenario::validate`'s; this
//! is the rest, in the same walk so problems come out in the scenario's order.

use super::comparison::Shape;
use super::resolve::{self, commitment_term, Resolved};
use crate::catalog::pricing::{charge, check_limits, PricingError};
use crate::catalog::{Catalog, Offering, PriceSchedule, Unit};
use crate::money::{self, rates::HOURS_PER_MONTH};
use crate::scenario::validate::{
    check_asset_terms, check_component_fields, check_counts, check_drivers, check_labor_fields,
    check_lengths, check_life, check_name, check_settings, d, Problems, MAX_TERM_MONTHS,
};
use crate::scenario::{
    ordinal, AssetTerms, Component, Facility, LaborLine, OptionSpec, Scenario, ScenarioErrors,
    MAX_HORIZON_MONTHS, MAX_QUANTITY,
};
use crate::scenario::{paths, timeline};
use crate::text::Text;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// Units a facility's space offering may be priced in, in order of preference.
pub(crate) const SPACE_UNITS: [Unit; 4] = [Unit::UMonth, Unit::RackMonth, Unit::Month, Unit::Each];

/// Units a labour role may be priced in.
pub(crate) const LABOR_UNITS: [Unit; 2] = [Unit::FteYear, Unit::Month];

/// A valid scenario's components, resolved and quantified, in the scenario's order.
pub struct Prepared {
    /// Every driver's value each month.
    pub drivers: BTreeMap<String, Vec<Decimal>>,
    /// Per option, per component: the price and the quantity each month.
    pub options: Vec<Vec<PreparedComponent>>,
    /// Catalogue prices scaled within their ranges, by offering id (empty: every price as listed).
    pub price_factors: BTreeMap<String, Decimal>,
    /// The scenario as priced when it has paths (each flattened into components with life spans).
    pub flattened: Option<Scenario>,
    /// When each stage of each option's path runs (empty for plain options).
    pub stage_runs: Vec<Vec<crate::scenario::paths::StageRun>>,
}

impl Prepared {
    /// Scales the prices of these offerings (components, facilities and labour alike) by their factors.
    pub fn scale_prices(&mut self, factors: &BTreeMap<String, Decimal>) {
        for component in self.options.iter_mut().flatten() {
            if let Some(factor) = component.resolved.offering_id.as_ref().and_then(|id| factors.get(id)) {
                component.resolved.price_factor = *factor;
            }
        }
        self.price_factors = factors.clone();
    }
}

/// One component with what prices it and how much of it there is each month.
pub struct PreparedComponent {
    pub resolved: Resolved,
    /// Zero in the months outside `active`.
    pub quantity: Vec<Decimal>,
    /// The months it runs (0-based, end exclusive; the whole horizon unless it has a life span).
    pub active: std::ops::Range<u32>,
}

/// Check a scenario against a catalogue. Every problem is reported, each with a JSON pointer.
pub fn validate(s: &Scenario, catalog: &Catalog) -> Result<(), ScenarioErrors> {
    prepare(s, catalog).map(|_| ())
}

/// Check a scenario against a catalogue and, when it is valid, return its components resolved. A
/// path is checked, then priced as the flat option it stands for; problems point into the path.
pub fn prepare(s: &Scenario, catalog: &Catalog) -> Result<Prepared, ScenarioErrors> {
    if s.options.iter().all(|o| o.stages.is_empty()) {
        return prepare_flat(s, catalog);
    }
    let mut p = Problems::default();
    for (i, option) in s.options.iter().enumerate() {
        crate::scenario::validate::check_path(&mut p, s, option, &format!("/options/{i}"));
    }
    p.into_result()?;
    let mut p = Problems::default();
    check_unreached_stages(&mut p, s, catalog);
    p.into_result()?;
    let (flat, runs) = paths::flatten_scenario(s);
    match prepare_flat(&flat, catalog) {
        Ok(prepared) => Ok(Prepared { flattened: Some(flat), stage_runs: runs, ..prepared }),
        Err(ScenarioErrors(errors)) => Err(ScenarioErrors(
            errors
                .into_iter()
                .map(|mut e| {
                    e.pointer = point_into_path(s, &e.pointer);
                    e
                })
                .collect(),
        )),
    }
}

/// The stages a path never runs are not priced, but what they name must still be in the catalogue: a
/// mistyped offering would otherwise pass unseen until a driver reaches the stage's threshold.
fn check_unreached_stages(p: &mut Problems, s: &Scenario, catalog: &Catalog) {
    for (i, option) in s.options.iter().enumerate() {
        let windows = paths::stage_windows(s, &option.stages);
        for (k, (stage, _)) in
            option.stages.iter().zip(windows).enumerate().filter(|(_, (_, w))| w.0.is_none())
        {
            let at = format!("/options/{i}/stages/{k}");
            let lists = [("components", &stage.components), ("migration", &stage.migration)];
            for (list, components) in lists {
                for (j, component) in components.iter().enumerate() {
                    if let Err(problems) = resolve::resolve_component(catalog, s, component) {
                        for (suffix, message) in problems {
                            p.push(format!("{at}/{list}/{j}{suffix}"), message);
                        }
                    }
                }
            }
            if let Some(facility) = &stage.facility {
                check_facility(p, s, catalog, facility, &format!("{at}/facility"));
            }
            for (j, line) in stage.labor.iter().enumerate() {
                check_labor(p, s, catalog, line, &format!("{at}/labor/{j}"));
            }
        }
    }
}

/// A flat option's pointer as the place in its path it came from.
pub(crate) fn point_into_path(s: &Scenario, pointer: &str) -> String {
    let index = pointer
        .strip_prefix("/options/")
        .and_then(|r| r.split('/').next())
        .and_then(|i| i.parse::<usize>().ok());
    match index.and_then(|i| s.options.get(i).map(|o| (i, o))) {
        Some((i, option)) if !option.stages.is_empty() => paths::original_pointer(option, s, i, pointer),
        _ => pointer.to_string(),
    }
}

fn prepare_flat(s: &Scenario, catalog: &Catalog) -> Result<Prepared, ScenarioErrors> {
    check_lengths(s).into_result()?;
    let mut p = Problems::default();
    check_settings(&mut p, s);
    if !catalog.fx.has(&s.currency) {
        p.push("/currency", t!("engine-no-rate-for-scenario-currency", currency = s.currency));
    }
    let months = s.horizon_months.clamp(1, MAX_HORIZON_MONTHS);
    let drivers = check_drivers(&mut p, s, months);
    check_counts(&mut p, s);
    let mut names = BTreeSet::new();
    let mut options = Vec::with_capacity(s.options.len());
    for (i, option) in s.options.iter().enumerate() {
        let at = format!("/options/{i}");
        check_name(&mut p, &mut names, &option.name, &at, t!("engine-another-option"));
        options.push(check_option(&mut p, s, catalog, &drivers, option, &at, months));
    }
    p.into_result()?;
    Ok(Prepared { drivers, options, price_factors: BTreeMap::new(), flattened: None, stage_runs: Vec::new() })
}

fn check_option(
    p: &mut Problems,
    s: &Scenario,
    catalog: &Catalog,
    drivers: &BTreeMap<String, Vec<Decimal>>,
    option: &OptionSpec,
    at: &str,
    months: u32,
) -> Vec<PreparedComponent> {
    let mut names = BTreeSet::new();
    let mut prepared = Vec::with_capacity(option.components.len());
    for (j, component) in option.components.iter().enumerate() {
        let cat = format!("{at}/components/{j}");
        check_name(p, &mut names, &component.name, &cat, t!("engine-another-component"));
        prepared.extend(check_component(p, s, catalog, drivers, component, &cat, months));
    }
    if let Some(facility) = &option.facility {
        check_facility(p, s, catalog, facility, &format!("{at}/facility"));
    }
    for (k, line) in option.labor.iter().enumerate() {
        check_labor(p, s, catalog, line, &format!("{at}/labor/{k}"));
    }
    prepared
}

fn check_component(
    p: &mut Problems,
    s: &Scenario,
    catalog: &Catalog,
    drivers: &BTreeMap<String, Vec<Decimal>>,
    c: &Component,
    at: &str,
    months: u32,
) -> Option<PreparedComponent> {
    check_component_fields(p, s, c, at);
    let resolved = match resolve::resolve_component(catalog, s, c) {
        Ok(r) => r,
        Err(problems) => {
            for (suffix, message) in problems {
                p.push(format!("{at}{suffix}"), message);
            }
            return None;
        }
    };
    if c.asset.is_some() && resolved.shape != Shape::Asset {
        p.push(format!("{at}/asset"), t!("engine-asset-only-purchased"));
    }
    if c.one_time.is_some() && resolved.shape != Shape::OneTime {
        p.push(format!("{at}/one_time"), t!("engine-one-time-only-one-time"));
    }
    // A stage that ends keeps its assets (see `shapes::asset`); only a user's own `until_month` is refused.
    if c.until_month.is_some() && c.stage.is_none() && resolved.shape == Shape::Asset {
        p.push(format!("{at}/until_month"), t!("engine-asset-until-month"));
    }
    match resolved.shape {
        Shape::Asset => check_asset(p, c.asset.as_ref(), &resolved, at),
        Shape::OneTime => {
            if let Some(one) = &c.one_time {
                if !(1..=s.horizon_months).contains(&one.month) {
                    p.push(
                        format!("{at}/one_time/month"),
                        t!("engine-one-time-month-outside", month = one.month, horizon = s.horizon_months),
                    );
                } else if !timeline::active_months(c.from_month, c.until_month, s.horizon_months)
                    .contains(&one.month.saturating_sub(1))
                {
                    p.push(
                        format!("{at}/one_time/month"),
                        t!("engine-one-time-month-outside-span", month = one.month),
                    );
                }
            }
        }
        Shape::Commitment => match commitment_term(&resolved.schedule) {
            Some(term) if (1..=MAX_TERM_MONTHS).contains(&term) => {}
            _ => p.push(
                format!("{at}/purchase_option"),
                t!("engine-commitment-no-term", offering = resolved.offering.id),
            ),
        },
        _ => {}
    }
    let active = timeline::active_months(c.from_month, c.until_month, months);
    let quantity = check_quantity_series(p, drivers, c, &resolved, at, months, &active)?;
    Some(PreparedComponent { resolved, quantity, active })
}

fn check_asset(p: &mut Problems, terms: Option<&AssetTerms>, r: &Resolved, at: &str) {
    let default_terms = AssetTerms::default();
    let terms = terms.unwrap_or(&default_terms);
    let pointer = format!("{at}/asset");
    match (terms.useful_life_years, &r.offering.hardware) {
        (Some(years), _) => check_life(p, &format!("{pointer}/useful_life_years"), years),
        (None, Some(_)) => {}
        (None, None) => p.push(
            format!("{pointer}/useful_life_years"),
            t!("engine-useful-life-required", offering = r.offering.id),
        ),
    }
    check_asset_terms(p, terms, &pointer);
    let s = &r.schedule;
    if s.upfront.is_none() && s.unit_price.is_none() && s.tiers.is_empty() && s.base_fee.is_none() {
        p.push(format!("{at}/offering"), t!("engine-purchase-price-no-amount", offering = r.offering.id));
    }
}

/// The quantity each month (returned when it is valid), then the billed quantity checked against the
/// price's plan limits. A month billed the same quantity as the month before is not priced again.
fn check_quantity_series(
    p: &mut Problems,
    drivers: &BTreeMap<String, Vec<Decimal>>,
    c: &Component,
    r: &Resolved,
    at: &str,
    months: u32,
    active: &std::ops::Range<u32>,
) -> Option<Vec<Decimal>> {
    // An unknown or invalid driver is reported already. Nothing is needed outside the life span.
    let series = timeline::confined(&timeline::quantity_series(&c.quantity, drivers, months).ok()?, active);
    if let Some((t, q)) = series.iter().enumerate().find(|(_, q)| **q > MAX_QUANTITY) {
        p.push(
            format!("{at}/quantity"),
            t!("engine-quantity-above-limit", quantity = q, month = ordinal(t), limit = MAX_QUANTITY),
        );
        return None;
    }
    let billed: Vec<Decimal> = match r.shape {
        Shape::Asset => return Some(series), // bought in tranches; priced per tranche
        Shape::Commitment => timeline::running_max(&series),
        Shape::OneTime => {
            let month = c.one_time_month().clamp(1, months);
            series.get((month as usize).saturating_sub(1)).copied().into_iter().collect()
        }
        _ => series.clone(),
    };
    let hourly = r.schedule.unit == Unit::Hour;
    let priceable =
        r.schedule.unit_price.is_some() || !r.schedule.tiers.is_empty() || r.schedule.base_fee.is_some();
    let mut previous: Option<Decimal> = None;
    for (t, q) in billed.iter().enumerate() {
        if previous.is_some_and(|before| before == *q) {
            continue; // priced already, with the same result
        }
        previous = Some(*q);
        let units = if hourly { money::mul(*q, HOURS_PER_MONTH).unwrap_or(*q) } else { *q };
        let result =
            if priceable { charge(&r.schedule, units).map(|_| ()) } else { check_limits(&r.schedule, units) };
        if let Err(e) = result {
            let shown = if hourly {
                t!("engine-hourly-quantity", instances = q, hours = units)
            } else {
                Text::name(q.to_string()) // a number, the same in every language
            };
            let month = ordinal(t);
            let id = &r.offering.id;
            let (pointer, message) = match e {
                PricingError::AboveMaximum { max, .. } => (
                    "/quantity",
                    t!("engine-quantity-above-plan-maximum", quantity = @shown, month = month, max = max, offering = id),
                ),
                PricingError::BeyondLargestPackage { largest, .. } => (
                    "/quantity",
                    t!(
                        "engine-quantity-beyond-largest-plan",
                        quantity = @shown,
                        month = month,
                        largest = largest,
                        offering = id
                    ),
                ),
                PricingError::NegativeQuantity(_) => ("/quantity", t!("engine-quantity-negative")),
                PricingError::NoPrice if c.price.is_some() => return None, // reported on the inline price
                PricingError::NoPrice => ("/offering", t!("engine-price-no-amount", offering = id)),
                PricingError::Money(_) => {
                    ("/quantity", t!("engine-quantity-too-large-to-price", quantity = @shown, month = month))
                }
            };
            p.push(format!("{at}{pointer}"), message);
            return None;
        }
    }
    Some(series)
}

fn schedule_with_unit<'a>(offering: &'a Offering, units: &[Unit]) -> Option<&'a PriceSchedule> {
    offering.prices.iter().find(|s| units.contains(&s.unit))
}

fn check_priced_offering(
    p: &mut Problems,
    s: &Scenario,
    catalog: &Catalog,
    id: &str,
    units: &[Unit],
    pointer: &str,
) {
    let Some(offering) = catalog.offering(id) else {
        p.push(pointer, resolve::unknown_offering(catalog, id));
        return;
    };
    let Some(schedule) = schedule_with_unit(offering, units) else {
        let names = units.iter().map(|u| Text::name(u.as_str()));
        p.push(
            pointer,
            t!("engine-no-price-per-unit", offering = id, units = @super::join(names, super::Separator::Or)),
        );
        return;
    };
    match &schedule.currency {
        None => p.push(pointer, t!("engine-catalog-price-no-currency", offering = id)),
        Some(currency) => {
            if let Err(message) = resolve::conversion(catalog, currency, &s.currency) {
                if catalog.fx.has(&s.currency) {
                    p.push(pointer, message);
                }
            }
        }
    }
}

fn check_facility(p: &mut Problems, s: &Scenario, catalog: &Catalog, f: &Facility, at: &str) {
    crate::scenario::validate::check_span(p, f.from_month, f.until_month, s.horizon_months, at);
    check_priced_offering(p, s, catalog, &f.energy_offering, &[Unit::Kwh], &format!("{at}/energy_offering"));
    if let Some(space) = &f.space_offering {
        check_priced_offering(p, s, catalog, space, &SPACE_UNITS, &format!("{at}/space_offering"));
    }
    match (&f.pue, &f.pue_preset) {
        (Some(pue), None) => p.range(&format!("{at}/pue"), *pue, Decimal::ONE, d(5)),
        (None, Some(id)) => {
            if !catalog.pue_presets.contains_key(id) {
                let known: Vec<&str> = catalog.pue_presets.keys().map(String::as_str).collect();
                p.push(
                    format!("{at}/pue_preset"),
                    t!("engine-unknown-pue-preset-known", id = id, known = known.join(", ")),
                );
            }
        }
        (Some(_), Some(_)) => p.push(at, t!("engine-pue-or-preset")),
        (None, None) => p.push(at, t!("engine-needs-pue")),
    }
}

fn check_labor(p: &mut Problems, s: &Scenario, catalog: &Catalog, line: &LaborLine, at: &str) {
    check_priced_offering(p, s, catalog, &line.offering, &LABOR_UNITS, &format!("{at}/offering"));
    check_labor_fields(p, line, s.horizon_months, at);
}
