//! Checking a scenario against a catalogue: every problem at once, each with an RFC 6901 JSON pointer
//! into the request body.

use super::timeline;
use super::{
    ordinal, Component, Depreciation, Financing, InlinePrice, LaborLine, Quantity, Scenario, MAX_COMPONENTS,
    MAX_HORIZON_MONTHS, MAX_OPTIONS, MAX_PRICE, MAX_QUANTITY,
};
use crate::catalog::{HardwareSpec, MAX_ID_LENGTH, MAX_NAME_LENGTH};
use crate::text::Text;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use utoipa::ToSchema;

pub use crate::field::FieldError;

/// Every problem found in a scenario (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, thiserror::Error)]
pub struct ScenarioErrors(pub Vec<FieldError>);

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s):", self.0.len())?;
        for p in &self.0 {
            write!(f, " {p};")?;
        }
        Ok(())
    }
}

/// Escape one reference token of a JSON pointer (`~` → `~0`, `/` → `~1`).
pub(crate) fn token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Problems collected so far.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub Vec<FieldError>);

impl Problems {
    pub fn push(&mut self, pointer: impl Into<String>, message: impl Into<Text>) {
        self.0.push(FieldError::new(pointer, message));
    }

    /// Check `lo ≤ value ≤ hi`.
    pub fn range(&mut self, pointer: &str, value: Decimal, lo: Decimal, hi: Decimal) {
        if value < lo || value > hi {
            self.push(pointer, t!("scenario-out-of-range", value = value, lo = lo, hi = hi));
        }
    }

    /// Check `lo < value ≤ hi`.
    pub fn range_open_low(&mut self, pointer: &str, value: Decimal, lo: Decimal, hi: Decimal) {
        if value <= lo || value > hi {
            self.push(pointer, t!("scenario-out-of-range-above", value = value, lo = lo, hi = hi));
        }
    }

    pub fn into_result(self) -> Result<(), ScenarioErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ScenarioErrors(self.0))
        }
    }
}

const MAX_LIFE_YEARS: u32 = 50;
/// Longest loan, lease or commitment term, in months.
pub(crate) const MAX_TERM_MONTHS: u32 = 600;

pub(crate) fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// Ranges of a depreciation method (under `pointer`, e.g. `/options/0/components/1/asset/depreciation`).
pub(crate) fn check_depreciation(p: &mut Problems, pointer: &str, method: &Depreciation) {
    if let Depreciation::DecliningBalance(crate::scenario::DecliningBalanceTerms { rate: Some(rate) }) =
        method
    {
        p.range_open_low(&format!("{pointer}/declining_balance/rate"), *rate, Decimal::ZERO, Decimal::ONE);
    }
}

/// Ranges of a financing choice.
pub(crate) fn check_financing(p: &mut Problems, pointer: &str, financing: &Financing) {
    match financing {
        Financing::Cash => {}
        Financing::Loan(crate::scenario::LoanTerms { rate, term_months, down_payment_rate }) => {
            p.range(&format!("{pointer}/loan/rate"), *rate, Decimal::ZERO, Decimal::ONE);
            if !(1..=MAX_TERM_MONTHS).contains(term_months) {
                p.push(
                    format!("{pointer}/loan/term_months"),
                    t!("scenario-out-of-range", value = term_months, lo = 1, hi = MAX_TERM_MONTHS),
                );
            }
            if let Some(rate) = down_payment_rate {
                p.range(&format!("{pointer}/loan/down_payment_rate"), *rate, Decimal::ZERO, Decimal::ONE);
            }
        }
        Financing::Lease(crate::scenario::LeaseTerms { monthly_rate, term_months }) => {
            p.range_open_low(
                &format!("{pointer}/lease/monthly_rate"),
                *monthly_rate,
                Decimal::ZERO,
                Decimal::ONE,
            );
            if let Some(term) = term_months {
                if !(1..=MAX_TERM_MONTHS).contains(term) {
                    p.push(
                        format!("{pointer}/lease/term_months"),
                        t!("scenario-out-of-range", value = term, lo = 1, hi = MAX_TERM_MONTHS),
                    );
                }
            }
        }
    }
}

/// The ranges of an asset's terms (residual and support rates, depreciation, financing).
pub(crate) fn check_asset_terms(p: &mut Problems, terms: &super::AssetTerms, pointer: &str) {
    if let Some(rate) = terms.residual_rate {
        p.range(&format!("{pointer}/residual_rate"), rate, Decimal::ZERO, Decimal::ONE);
    }
    if let Some(rate) = terms.support_rate {
        p.range(&format!("{pointer}/support_rate"), rate, Decimal::ZERO, Decimal::ONE);
    }
    if let Some(method) = &terms.depreciation {
        check_depreciation(p, &format!("{pointer}/depreciation"), method);
    }
    if let Some(financing) = &terms.financing {
        check_financing(p, &format!("{pointer}/financing"), financing);
    }
}

pub(crate) fn check_life(p: &mut Problems, pointer: &str, years: u32) {
    if !(1..=MAX_LIFE_YEARS).contains(&years) {
        p.push(pointer, t!("scenario-years-out-of-range", value = years, lo = 1, hi = MAX_LIFE_YEARS));
    }
}

/// The scenario's own ranges: horizon, discount, tax and inflation rates.
pub(crate) fn check_settings(p: &mut Problems, s: &Scenario) {
    if !(1..=MAX_HORIZON_MONTHS).contains(&s.horizon_months) {
        p.push(
            "/horizon_months",
            t!("scenario-months-out-of-range", value = s.horizon_months, lo = 1, hi = MAX_HORIZON_MONTHS),
        );
    }
    p.range("/discount_rate", s.discount_rate, Decimal::ZERO, Decimal::ONE);
    if let Some(tax) = s.tax_rate {
        if tax < Decimal::ZERO || tax >= Decimal::ONE {
            p.push("/tax_rate", t!("scenario-out-of-range-below", value = tax, lo = 0, hi = 1));
        }
    }
    for (category, rate) in &s.inflation {
        p.range(&format!("/inflation/{}", category.as_str()), *rate, Decimal::new(-5, 1), Decimal::ONE);
    }
    if let Some(risk) = &s.risk {
        check_risk(p, s, risk);
    }
}

/// Amounts of the risk section are bounded so that hours × cost stays far inside `Decimal`.
const MAX_RISK_AMOUNT: i64 = 1_000_000_000_000;

fn check_risk(p: &mut Problems, s: &Scenario, risk: &super::Risk) {
    p.range("/risk/outage_cost_per_hour", risk.outage_cost_per_hour, Decimal::ZERO, d(MAX_RISK_AMOUNT));
    if let Some(a) = risk.self_hosted_availability_percent {
        p.range_open_low("/risk/self_hosted_availability_percent", a, Decimal::ZERO, Decimal::ONE_HUNDRED);
    }
    for (name, cost) in &risk.exit_costs {
        let pointer = format!("/risk/exit_costs/{}", token(name));
        if !s.options.iter().any(|o| &o.name == name) {
            p.push(pointer, t!("scenario-exit-cost-unknown-option", name = name));
        } else {
            p.range(&pointer, *cost, Decimal::ZERO, d(MAX_RISK_AMOUNT));
        }
    }
}

/// How many options and components there are, against their limits.
pub(crate) fn check_counts(p: &mut Problems, s: &Scenario) {
    if s.options.is_empty() {
        p.push("/options", t!("scenario-no-options"));
    }
    if s.options.len() > MAX_OPTIONS {
        p.push("/options", t!("scenario-too-many-options", count = s.options.len(), max = MAX_OPTIONS));
    }
    let components: usize = s.options.iter().map(|o| o.components.len()).sum();
    if components > MAX_COMPONENTS {
        p.push("/options", t!("scenario-too-many-components", count = components, max = MAX_COMPONENTS));
    }
}

/// A name that is present and not taken by an earlier sibling (`what` names the siblings).
pub(crate) fn check_name<'a>(
    p: &mut Problems,
    names: &mut BTreeSet<&'a str>,
    name: &'a str,
    at: &str,
    what: impl Into<Text>,
) {
    if name.trim().is_empty() {
        p.push(format!("{at}/name"), t!("scenario-name-empty"));
    } else if !names.insert(name) {
        p.push(format!("{at}/name"), t!("scenario-name-taken", what = @what.into(), name = name));
    }
}

/// A component's own fields: quantity, discount and inline price.
pub(crate) fn check_component_fields(p: &mut Problems, s: &Scenario, c: &Component, at: &str) {
    check_quantity_fields(p, &c.quantity, &format!("{at}/quantity"), s);
    check_span(p, c.from_month, c.until_month, s.horizon_months, at);
    if let Some(discount) = c.discount {
        p.range(&format!("{at}/discount"), discount, Decimal::ZERO, Decimal::ONE);
    }
    if let Some(price) = &c.price {
        check_inline_price(p, price, &format!("{at}/price"));
    }
}

/// `from_month` and `until_month` within the horizon, in order.
pub(crate) fn check_span(p: &mut Problems, from: Option<u32>, until: Option<u32>, horizon: u32, at: &str) {
    for (name, month) in [("from_month", from), ("until_month", until)] {
        if let Some(month) = month {
            if !(1..=horizon).contains(&month) {
                p.push(
                    format!("{at}/{name}"),
                    t!("scenario-span-month-outside", month = month, horizon = horizon),
                );
            }
        }
    }
    if let (Some(from), Some(until)) = (from, until) {
        if until < from {
            p.push(
                format!("{at}/until_month"),
                t!("scenario-span-ends-before-start", from = from, until = until),
            );
        }
    }
}

/// A labour line's own fields: FTE or servers per FTE, the minimum, and when it is paid.
pub(crate) fn check_labor_fields(p: &mut Problems, line: &LaborLine, horizon: u32, at: &str) {
    check_span(p, line.from_month, line.until_month, horizon, at);
    match (&line.fte, &line.per_servers) {
        (Some(fte), None) => p.range(&format!("{at}/fte"), *fte, Decimal::ZERO, MAX_QUANTITY),
        (None, Some(per)) => {
            p.range_open_low(&format!("{at}/per_servers"), *per, Decimal::ZERO, MAX_QUANTITY)
        }
        (Some(_), Some(_)) => p.push(at, t!("scenario-either-not-both", a = "fte", b = "per_servers")),
        (None, None) => p.push(at, t!("scenario-needs-one-of", a = "fte", b = "per_servers")),
    }
    if let Some(min) = line.min_fte {
        p.range(&format!("{at}/min_fte"), min, Decimal::ZERO, MAX_QUANTITY);
    }
}

/// Longest free text a request may carry (an inline price's `source`).
pub const MAX_TEXT_LENGTH: usize = 1000;

/// Check `text` is at most `max` characters (the limit named in the message).
pub(crate) fn check_length(p: &mut Problems, pointer: &str, text: &str, max: usize) {
    let length = text.chars().count();
    if length > max {
        p.push(pointer, t!("scenario-too-long", length = length, max = max));
    }
}

/// Every id and name against its length limit, before anything is looked up: ids drive lookups and
/// suggestion searches, so over-long ones are refused up front.
pub(crate) fn check_lengths(s: &Scenario) -> Problems {
    let mut p = Problems::default();
    for name in s.drivers.keys() {
        check_length(&mut p, &format!("/drivers/{}", token(name)), name, MAX_NAME_LENGTH);
    }
    for (i, option) in s.options.iter().enumerate() {
        let at = format!("/options/{i}");
        check_length(&mut p, &format!("{at}/name"), &option.name, MAX_NAME_LENGTH);
        for (j, c) in option.components.iter().enumerate() {
            let cat = format!("{at}/components/{j}");
            check_length(&mut p, &format!("{cat}/name"), &c.name, MAX_NAME_LENGTH);
            if let Some(id) = &c.offering {
                check_length(&mut p, &format!("{cat}/offering"), id, MAX_ID_LENGTH);
            }
            if let Some(driver) = &c.quantity.driver {
                check_length(&mut p, &format!("{cat}/quantity/driver"), driver, MAX_NAME_LENGTH);
            }
            if let Some(source) = c.price.as_ref().and_then(|price| price.source.as_ref()) {
                check_length(&mut p, &format!("{cat}/price/source"), source, MAX_TEXT_LENGTH);
            }
        }
        if let Some(f) = &option.facility {
            check_length(
                &mut p,
                &format!("{at}/facility/energy_offering"),
                &f.energy_offering,
                MAX_ID_LENGTH,
            );
            if let Some(id) = &f.space_offering {
                check_length(&mut p, &format!("{at}/facility/space_offering"), id, MAX_ID_LENGTH);
            }
            if let Some(id) = &f.pue_preset {
                check_length(&mut p, &format!("{at}/facility/pue_preset"), id, MAX_ID_LENGTH);
            }
        }
        for (k, line) in option.labor.iter().enumerate() {
            let lat = format!("{at}/labor/{k}");
            if let Some(name) = &line.name {
                check_length(&mut p, &format!("{lat}/name"), name, MAX_NAME_LENGTH);
            }
            check_length(&mut p, &format!("{lat}/offering"), &line.offering, MAX_ID_LENGTH);
        }
    }
    p
}

/// Check every driver; return the series of those that are valid.
pub(crate) fn check_drivers(p: &mut Problems, s: &Scenario, months: u32) -> BTreeMap<String, Vec<Decimal>> {
    let mut valid = BTreeMap::new();
    for (name, driver) in &s.drivers {
        let at = format!("/drivers/{}", token(name));
        let before = p.0.len();
        if name.trim().is_empty() {
            p.push(at.clone(), t!("scenario-driver-name-empty"));
        }
        match (&driver.start, &driver.values_by_year) {
            (Some(start), None) => {
                p.range(&format!("{at}/start"), *start, Decimal::ZERO, MAX_QUANTITY);
                if let Some(g) = driver.annual_growth {
                    p.range(&format!("{at}/annual_growth"), g, Decimal::new(-99, 2), d(10));
                }
            }
            (None, Some(values)) => {
                if values.is_empty() {
                    p.push(format!("{at}/values_by_year"), t!("scenario-driver-no-values"));
                }
                if driver.annual_growth.is_some() {
                    p.push(format!("{at}/annual_growth"), t!("scenario-driver-growth-with-values"));
                }
                for (k, v) in values.iter().enumerate() {
                    p.range(&format!("{at}/values_by_year/{k}"), *v, Decimal::ZERO, MAX_QUANTITY);
                }
            }
            (Some(_), Some(_)) => {
                p.push(at.clone(), t!("scenario-either-not-both", a = "start", b = "values_by_year"))
            }
            (None, None) => p.push(at.clone(), t!("scenario-driver-needs-start-or-values")),
        }
        if p.0.len() > before {
            continue;
        }
        match timeline::driver_series(driver, months) {
            Ok(series) => {
                if let Some((t, v)) = series.iter().enumerate().find(|(_, v)| **v > MAX_QUANTITY) {
                    p.push(
                        format!("{at}/annual_growth"),
                        t!(
                            "scenario-driver-grows-above-limit",
                            value = v,
                            month = ordinal(t),
                            limit = MAX_QUANTITY
                        ),
                    );
                } else {
                    valid.insert(name.clone(), series);
                }
            }
            Err(_) => p.push(format!("{at}/annual_growth"), t!("scenario-driver-grows-beyond-range")),
        }
    }
    valid
}

pub(crate) fn check_quantity_fields(p: &mut Problems, q: &Quantity, at: &str, drivers_declared: &Scenario) {
    match (&q.fixed, &q.driver) {
        (Some(fixed), None) => {
            p.range(&format!("{at}/fixed"), *fixed, Decimal::ZERO, MAX_QUANTITY);
            for (field, present) in [
                ("multiplier", q.multiplier.is_some()),
                ("per", q.per.is_some()),
                ("headroom", q.headroom.is_some()),
            ] {
                if present {
                    p.push(format!("{at}/{field}"), t!("scenario-quantity-driver-only"));
                }
            }
        }
        (None, Some(name)) => {
            if !drivers_declared.drivers.contains_key(name) {
                let known: Vec<&str> = drivers_declared.drivers.keys().map(String::as_str).collect();
                p.push(
                    format!("{at}/driver"),
                    if known.is_empty() {
                        t!("scenario-unknown-driver-none", name = name)
                    } else {
                        t!("scenario-unknown-driver", name = name, known = known.join(", "))
                    },
                );
            }
        }
        (Some(_), Some(_)) => p.push(at, t!("scenario-either-not-both", a = "fixed", b = "driver")),
        (None, None) => p.push(at, t!("scenario-needs-one-of", a = "fixed", b = "driver")),
    }
    if let Some(m) = q.multiplier {
        p.range(&format!("{at}/multiplier"), m, Decimal::ZERO, MAX_QUANTITY);
    }
    if let Some(per) = q.per {
        p.range_open_low(&format!("{at}/per"), per, Decimal::ZERO, MAX_QUANTITY);
        if per > Decimal::ZERO && per < Decimal::new(1, 6) {
            p.push(format!("{at}/per"), t!("scenario-per-too-small", value = per, min = "0.000001"));
        }
    }
    if let Some(h) = q.headroom {
        p.range(&format!("{at}/headroom"), h, Decimal::ZERO, d(10));
    }
    if let Some(min) = q.min {
        p.range(&format!("{at}/min"), min, Decimal::ZERO, MAX_QUANTITY);
    }
}

fn check_amount(p: &mut Problems, pointer: String, value: Option<Decimal>) {
    if let Some(v) = value {
        p.range(&pointer, v, Decimal::ZERO, MAX_PRICE);
    }
}

fn check_inline_price(p: &mut Problems, price: &InlinePrice, at: &str) {
    use crate::catalog::Basis;
    match price.basis {
        None | Some(Basis::Quote) => {}
        Some(Basis::Estimate) if price.source.as_deref().is_some_and(|s| !s.trim().is_empty()) => {}
        Some(Basis::Estimate) => p.push(format!("{at}/source"), t!("scenario-inline-estimate-needs-method")),
        Some(_) => p.push(format!("{at}/basis"), t!("scenario-inline-basis")),
    }
    check_amount(p, format!("{at}/unit_price"), price.unit_price);
    check_amount(p, format!("{at}/base_fee"), price.base_fee);
    check_amount(p, format!("{at}/upfront"), price.upfront);
    check_amount(p, format!("{at}/included_quantity"), price.included_quantity);
    check_amount(p, format!("{at}/min_quantity"), price.min_quantity);
    check_amount(p, format!("{at}/max_quantity"), price.max_quantity);
    if let Some(block) = price.block_size {
        p.range_open_low(&format!("{at}/block_size"), block, Decimal::ZERO, MAX_QUANTITY);
    }
    if price.unit_price.is_none()
        && price.base_fee.is_none()
        && price.tiers.is_empty()
        && price.upfront.is_none()
    {
        p.push(at, t!("scenario-price-needs-amount"));
    }
    if !price.tiers.is_empty() && price.tier_mode.is_none() {
        p.push(format!("{at}/tier_mode"), t!("scenario-tier-mode-required"));
    }
    let mut previous: Option<Decimal> = None;
    for (k, tier) in price.tiers.iter().enumerate() {
        check_amount(p, format!("{at}/tiers/{k}/unit_price"), tier.unit_price);
        check_amount(p, format!("{at}/tiers/{k}/flat_fee"), tier.flat_fee);
        match (previous, tier.up_to) {
            (Some(prev), Some(up)) if up <= prev => {
                p.push(format!("{at}/tiers/{k}/up_to"), t!("scenario-tiers-not-ascending"))
            }
            (_, None) if k.saturating_add(1) < price.tiers.len() => {
                p.push(format!("{at}/tiers/{k}/up_to"), t!("scenario-tier-open-ended"))
            }
            _ => {}
        }
        previous = tier.up_to.or(previous);
    }
    if let Some(term) = price.term_months {
        if !(1..=MAX_TERM_MONTHS).contains(&term) {
            p.push(
                format!("{at}/term_months"),
                t!("scenario-term-out-of-range", value = term, lo = 1, hi = MAX_TERM_MONTHS),
            );
        }
    }
    if let Some(hw) = &price.hardware {
        check_hardware(p, hw, &format!("{at}/hardware"));
    }
    if let Some(tax) = &price.tax {
        for (suffix, message) in tax.problems() {
            p.push(format!("{at}/tax{suffix}"), message);
        }
    }
    if let Some(labor) = &price.labor {
        p.range(&format!("{at}/labor/on_cost_multiplier"), labor.on_cost_multiplier, Decimal::ZERO, d(10));
    }
}

fn check_hardware(p: &mut Problems, hw: &HardwareSpec, at: &str) {
    p.range(&format!("{at}/power_typical_watts"), hw.power_typical_watts, Decimal::ZERO, d(1_000_000));
    p.range(&format!("{at}/power_max_watts"), hw.power_max_watts, Decimal::ZERO, d(1_000_000));
    check_life(p, &format!("{at}/useful_life_years"), hw.useful_life_years);
    p.range(&format!("{at}/support_rate"), hw.support_rate, Decimal::ZERO, Decimal::ONE);
}

/// A path's own fields: stages instead of a bundle, triggers on every stage but the first, stage
/// names unique, one facility at most; spans are the path's to set.
pub(crate) fn check_path(p: &mut Problems, s: &Scenario, option: &crate::scenario::OptionSpec, at: &str) {
    use crate::scenario::paths::MAX_STAGES;
    if option.stages.is_empty() {
        return;
    }
    if !option.components.is_empty() || option.facility.is_some() || !option.labor.is_empty() {
        p.push(at, t!("scenario-path-not-both"));
    }
    if option.stages.len() > MAX_STAGES {
        p.push(
            format!("{at}/stages"),
            t!("scenario-too-many-stages", count = option.stages.len(), max = MAX_STAGES),
        );
    }
    let mut names = BTreeSet::new();
    let mut facilities = 0usize;
    let mut previous_month = 1u32;
    for (k, stage) in option.stages.iter().enumerate() {
        let sat = format!("{at}/stages/{k}");
        // Fixed switch months run forwards: a stage entered no later than the one before it would be
        // skipped, its migration and overlap lost.
        if let Some(month) = stage.switch.as_ref().and_then(|s| s.at_month) {
            if k > 1 && month <= previous_month {
                p.push(
                    format!("{sat}/switch/at_month"),
                    t!("scenario-switch-not-after", month = month, previous = previous_month),
                );
            }
            previous_month = month;
        }
        check_name(p, &mut names, &stage.name, &sat, t!("scenario-another-stage"));
        facilities = facilities.saturating_add(usize::from(stage.facility.is_some()));
        match (k, &stage.switch) {
            (0, Some(_)) => p.push(format!("{sat}/switch"), t!("scenario-first-stage-no-switch")),
            (0, None) => {}
            (_, None) => p.push(format!("{sat}/switch"), t!("scenario-stage-needs-switch")),
            (_, Some(switch)) => check_switch(p, s, switch, &format!("{sat}/switch")),
        }
        if k == 0 && stage.overlap_months.is_some() {
            p.push(format!("{sat}/overlap_months"), t!("scenario-first-stage-no-overlap"));
        }
        if let Some(overlap) = stage.overlap_months {
            if overlap > s.horizon_months {
                p.push(
                    format!("{sat}/overlap_months"),
                    t!("scenario-span-month-outside", month = overlap, horizon = s.horizon_months),
                );
            }
        }
        for (j, c) in stage.components.iter().enumerate() {
            if c.from_month.is_some() || c.until_month.is_some() {
                p.push(format!("{sat}/components/{j}"), t!("scenario-stage-sets-spans"));
            }
        }
        for (j, line) in stage.labor.iter().enumerate() {
            if line.from_month.is_some() || line.until_month.is_some() {
                p.push(format!("{sat}/labor/{j}"), t!("scenario-stage-sets-spans"));
            }
        }
        if stage.facility.as_ref().is_some_and(|f| f.from_month.is_some() || f.until_month.is_some()) {
            p.push(format!("{sat}/facility"), t!("scenario-stage-sets-spans"));
        }
    }
    if facilities > 1 {
        p.push(format!("{at}/stages"), t!("scenario-path-one-facility"));
    }
}

fn check_switch(p: &mut Problems, s: &Scenario, switch: &crate::scenario::paths::Switch, at: &str) {
    match (&switch.at_month, &switch.driver) {
        (Some(month), None) => {
            if !(1..=s.horizon_months).contains(month) {
                p.push(
                    format!("{at}/at_month"),
                    t!("scenario-span-month-outside", month = month, horizon = s.horizon_months),
                );
            }
            if switch.at_least.is_some() {
                p.push(format!("{at}/at_least"), t!("scenario-at-least-with-driver"));
            }
        }
        (None, Some(driver)) => {
            if !s.drivers.contains_key(driver) {
                let known: Vec<&str> = s.drivers.keys().map(String::as_str).collect();
                p.push(
                    format!("{at}/driver"),
                    t!("scenario-unknown-driver", name = driver, known = known.join(", ")),
                );
            }
            match switch.at_least {
                Some(threshold) => p.range(&format!("{at}/at_least"), threshold, Decimal::ZERO, MAX_QUANTITY),
                None => p.push(format!("{at}/at_least"), t!("scenario-at-least-required")),
            }
        }
        (Some(_), Some(_)) => p.push(at, t!("scenario-either-not-both", a = "at_month", b = "driver")),
        (None, None) => p.push(at, t!("scenario-needs-one-of", a = "at_month", b = "driver")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Language;

    #[test]
    fn problems_read_the_same_in_english_and_have_chinese() {
        let mut p = Problems::default();
        p.range("/discount_rate", Decimal::new(15, 1), Decimal::ZERO, Decimal::ONE);
        p.range_open_low("/x", Decimal::ZERO, Decimal::ZERO, d(10));
        check_life(&mut p, "/useful_life_years", 60);
        let mut names = BTreeSet::new();
        check_name(&mut p, &mut names, "Own", "/options/0", Text::name("another option"));
        check_name(&mut p, &mut names, "Own", "/options/1", Text::name("another option"));
        let details: Vec<String> = p.0.iter().map(|e| e.detail.en()).collect();
        assert_eq!(
            details,
            [
                "1.5 is out of range: must be between 0 and 1",
                "0 is out of range: must be above 0 and at most 10",
                "60 is out of range: must be between 1 and 50 years",
                "another option is already named `Own`",
            ]
        );
        assert_eq!(p.0[0].detail.render(Language::ZhCn), "1.5 超出范围：必须在 0 到 1 之间");
        assert_eq!(p.0[3].detail.render(Language::ZhCn), "another option已使用名称 `Own`");
    }
}
