//! From a component to what prices it: the offering (or an inline quote turned into one), the chosen
//! price schedule, its provenance and currency conversion, and the cash-flow shape it follows.

use super::comparison::Shape;
use crate::catalog::{
    Billing, Catalog, Category, Conversion, Offering, PriceSchedule, Provenance, PurchaseOption, Unit,
};
use crate::money::{self, Currency, MoneyResult};
use crate::scenario::{Component, CostCategory, InlinePrice, Scenario, TaxBasis};
use crate::text::Text;
use rust_decimal::Decimal;

/// A component with everything needed to price it.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Catalogue id; `None` for an inline price.
    pub offering_id: Option<String>,
    pub offering: Offering,
    pub schedule: PriceSchedule,
    pub provenance: Provenance,
    pub price_currency: Currency,
    /// Present when the price is in another currency than the scenario's.
    pub conversion: Option<Conversion>,
    /// Units of the scenario's currency per unit of the price's (1 without conversion).
    pub fx_rate: Decimal,
    /// Fraction off list (0 when none).
    pub discount: Decimal,
    /// The price scaled within its range (a Monte Carlo draw); 1 as listed.
    pub price_factor: Decimal,
    /// How the price's VAT or sales tax is brought to the scenario's `tax_basis`, when it is not there.
    pub tax: Option<TaxConversion>,
    pub shape: Shape,
}

impl Resolved {
    /// What every amount of this price goes through: `× (1 − discount) × fx_rate`, then the tax
    /// conversion (`÷ (1 + rate)` or `× (1 + rate)`).
    pub fn scale(&self) -> MoneyResult<Scale> {
        let factor = money::mul(money::sub(Decimal::ONE, self.discount)?, self.fx_rate)?;
        let factor =
            if self.price_factor == Decimal::ONE { factor } else { money::mul(factor, self.price_factor)? };
        Scale::new(factor, self.tax)
    }

    pub fn category(&self) -> CostCategory {
        self.offering.category.into()
    }
}

/// How a price is brought to the comparison's tax basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxConversion {
    /// A price including tax at this rate, in a net comparison: divided by `1 + rate`.
    ToNet(Decimal),
    /// A net price whose tax rate is known, in a gross comparison: multiplied by `1 + rate`.
    ToGross(Decimal),
    /// A net price whose tax rate is not known, in a gross comparison: left net (and said so).
    RateUnknown,
}

/// The conversion a price with tax treatment `tax` needs in a comparison on `basis`; none when it is
/// already on that basis, when its rate is 0, or when it states no treatment (an inline quote without
/// `tax` is taken as stated in the scenario's basis).
pub fn tax_conversion(schedule: &PriceSchedule, basis: TaxBasis) -> Option<TaxConversion> {
    let tax = schedule.tax.as_ref()?;
    if is_free(schedule) {
        return None; // nothing to convert, nothing to warn about
    }
    match (basis, tax.included, tax.rate) {
        (_, _, Some(rate)) if rate.is_zero() => None,
        (TaxBasis::Net, true, Some(rate)) => Some(TaxConversion::ToNet(rate)),
        // Validation refuses an included tax without a rate; were one to slip through, it is left.
        (TaxBasis::Net, _, _) => None,
        (TaxBasis::Gross, true, _) => None,
        (TaxBasis::Gross, false, Some(rate)) => Some(TaxConversion::ToGross(rate)),
        (TaxBasis::Gross, false, None) => Some(TaxConversion::RateUnknown),
    }
}

/// A schedule whose every amount is zero or absent (free software, a free tier).
fn is_free(schedule: &PriceSchedule) -> bool {
    let zero = |v: Option<Decimal>| v.is_none_or(|x| x.is_zero());
    zero(schedule.unit_price)
        && zero(schedule.base_fee)
        && zero(schedule.upfront)
        && schedule.tiers.iter().all(|t| zero(t.unit_price) && zero(t.flat_fee))
}

/// `amount × factor ÷ divisor`: discount, FX and tax in one step, dividing last so that a gross price
/// made net (`106 ÷ 1.06`) is exact wherever the quotient is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    factor: Decimal,
    divisor: Decimal,
}

impl Scale {
    pub fn new(factor: Decimal, tax: Option<TaxConversion>) -> MoneyResult<Scale> {
        Ok(match tax {
            Some(TaxConversion::ToNet(rate)) => Scale { factor, divisor: money::add(Decimal::ONE, rate)? },
            Some(TaxConversion::ToGross(rate)) => {
                Scale { factor: money::mul(factor, money::add(Decimal::ONE, rate)?)?, divisor: Decimal::ONE }
            }
            Some(TaxConversion::RateUnknown) | None => Scale { factor, divisor: Decimal::ONE },
        })
    }

    pub fn apply(&self, amount: Decimal) -> MoneyResult<Decimal> {
        let scaled = money::mul(amount, self.factor)?;
        if self.divisor == Decimal::ONE {
            Ok(scaled)
        } else {
            money::div(scaled, self.divisor)
        }
    }
}

/// A problem found while resolving, relative to the component (`""`, `"/offering"`…).
pub type Problem = (String, Text);

/// Which cash-flow shape a price schedule follows (see the README's Methodology, "Cash-flow shapes").
pub fn shape_of(schedule: &PriceSchedule, category: Category) -> Shape {
    use PurchaseOption as P;
    match (schedule.purchase_option, schedule.billing) {
        (P::Purchase, _) => Shape::Asset,
        (_, Billing::OneTime) => Shape::OneTime,
        (P::Reserved1y | P::Reserved3y, _) => Shape::Commitment,
        (_, Billing::AnnualUpfront) => Shape::Subscription,
        _ if schedule.term_months.is_some() && schedule.upfront.is_some() => Shape::Commitment,
        _ => match schedule.unit {
            Unit::Year | Unit::FteYear | Unit::RackMonth | Unit::UMonth => Shape::Recurring,
            Unit::Month if matches!(category, Category::Labor | Category::Facilities | Category::Support) => {
                Shape::Recurring
            }
            Unit::UserMonth | Unit::MauMonth | Unit::DauPeakMonth | Unit::Month => Shape::Subscription,
            _ if matches!(schedule.purchase_option, P::MonthlySubscription | P::AnnualSubscription) => {
                Shape::Subscription
            }
            _ => Shape::Usage,
        },
    }
}

/// The term of a commitment in months: the schedule's, else 12 or 36 for reserved 1y/3y.
pub fn commitment_term(schedule: &PriceSchedule) -> Option<u32> {
    schedule.term_months.or(match schedule.purchase_option {
        PurchaseOption::Reserved1y => Some(12),
        PurchaseOption::Reserved3y => Some(36),
        _ => None,
    })
}

fn list_options(offering: &Offering) -> Text {
    let mut names: Vec<Text> = offering
        .prices
        .iter()
        .map(|s| {
            let option = s.purchase_option.as_str();
            match (s.payment, s.commitment) {
                (Some(p), None) => t!("engine-schedule-with-payment", option = option, payment = p.as_str()),
                (Some(p), Some(c)) => t!(
                    "engine-schedule-with-payment-commitment",
                    option = option,
                    payment = p.as_str(),
                    commitment = c.as_str()
                ),
                // An enum value: code, the same in every language.
                (None, _) => Text::name(option),
            }
        })
        .collect();
    names.dedup();
    super::join(names, super::Separator::Comma)
}

/// "unknown offering `x`; did you mean `a`, `b` or `c`?"
pub fn unknown_offering(catalog: &Catalog, id: &str) -> Text {
    let suggestions = catalog.suggest(id, 3);
    if suggestions.is_empty() {
        t!("engine-unknown-offering", id = id)
    } else {
        let quoted: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
        t!("engine-unknown-offering-suggest", id = id, suggestions = quoted.join(", "))
    }
}

/// The conversion from `from` to the scenario's currency, or a problem message.
pub fn conversion(catalog: &Catalog, from: &Currency, to: &Currency) -> Result<Option<Conversion>, Text> {
    if from == to {
        return Ok(None);
    }
    catalog
        .fx
        .conversion(from, to)
        .map(Some)
        .map_err(|e| t!("engine-cannot-convert", from = from, to = to, error = @e.text()))
}

fn inline_offering(price: &InlinePrice, scenario: &Scenario, component: &Component) -> Offering {
    let quoted = price.price_date.unwrap_or_else(|| scenario.start.first_day());
    let basis = price.basis.unwrap_or(crate::catalog::Basis::Quote);
    let provenance = Provenance {
        source_url: price.source.clone().unwrap_or_else(|| "inline price in the scenario".to_string()),
        basis,
        copied_by: None,
        price_date: Some(quoted),
        retrieved: quoted,
        // An estimate's method is its stated source.
        note: (basis == crate::catalog::Basis::Estimate).then(|| price.source.clone()).flatten(),
    };
    let schedule = PriceSchedule {
        purchase_option: component.purchase_option.unwrap_or(PurchaseOption::OnDemand),
        payment: component.payment,
        commitment: component.commitment,
        billing: price.billing,
        currency: Some(price.currency.clone().unwrap_or_else(|| scenario.currency.clone())),
        unit: price.unit,
        unit_price: price.unit_price,
        base_fee: price.base_fee,
        included_quantity: price.included_quantity,
        block_size: price.block_size,
        tier_mode: price.tier_mode,
        tiers: price.tiers.clone(),
        upfront: price.upfront,
        term_months: price.term_months,
        min_quantity: price.min_quantity,
        max_quantity: price.max_quantity,
        provenance: None,
        tax: price.tax.clone(),
        includes: Vec::new(),
        included_power_kw: None,
        range: None,
    };
    Offering {
        id: format!("inline:{}", component.name),
        name: component.name.clone(),
        name_zh: component.name_zh.clone(),
        provider: "quote".to_string(),
        category: price.category,
        region: None,
        market: None,
        description: None,
        specs: Default::default(),
        hardware: price.hardware.clone(),
        labor: price.labor.clone(),
        sizing: Vec::new(),
        provenance,
        prices: vec![schedule],
    }
}

/// Resolve a component, or every problem with it (pointers relative to the component).
pub fn resolve_component(
    catalog: &Catalog,
    scenario: &Scenario,
    component: &Component,
) -> Result<Resolved, Vec<Problem>> {
    let mut problems = Vec::new();
    let (offering_id, offering) = match (&component.offering, &component.price) {
        (Some(id), None) => match catalog.offering(id) {
            Some(o) => (Some(id.clone()), o.clone()),
            None => return Err(vec![("/offering".into(), unknown_offering(catalog, id))]),
        },
        (None, Some(price)) => (None, inline_offering(price, scenario, component)),
        (Some(_), Some(_)) => return Err(vec![("/price".into(), t!("engine-offering-or-price"))]),
        (None, None) => return Err(vec![("".into(), t!("engine-needs-offering-or-price"))]),
    };
    let schedule = match component.purchase_option {
        Some(option)
            if component.payment.is_none()
                && offering.prices.iter().filter(|s| s.purchase_option == option).count() > 1 =>
        {
            problems.push((
                "/payment".into(),
                t!(
                    "engine-payment-required",
                    offering = offering.id,
                    option = option.as_str(),
                    options = @list_options(&offering)
                ),
            ));
            None
        }
        Some(option) => offering.schedule(option, component.payment, component.commitment).cloned(),
        None if offering.prices.len() == 1 => offering.prices.first().cloned(),
        None => {
            problems.push((
                "/purchase_option".into(),
                t!(
                    "engine-purchase-option-required",
                    offering = offering.id,
                    options = @list_options(&offering)
                ),
            ));
            None
        }
    };
    let Some(schedule) = schedule else {
        if problems.is_empty() {
            let asked = component.purchase_option.map(|p| p.as_str()).unwrap_or("?");
            problems.push((
                "/purchase_option".into(),
                if component.payment.is_some() {
                    t!(
                        "engine-not-offered-with-payment",
                        offering = offering.id,
                        asked = asked,
                        options = @list_options(&offering)
                    )
                } else {
                    t!("engine-not-offered", offering = offering.id, asked = asked, options = @list_options(&offering))
                },
            ));
        }
        return Err(problems);
    };
    let price_currency = match &schedule.currency {
        Some(c) => c.clone(),
        None => {
            return Err(vec![(
                "/offering".into(),
                t!("engine-catalog-price-no-currency", offering = offering.id),
            )])
        }
    };
    let currency_pointer = if component.price.is_some() { "/price/currency" } else { "/offering" };
    // Without a rate for the scenario's own currency nothing converts; that is reported once, at
    // `/currency`, not for every price.
    let conversion = match conversion(catalog, &price_currency, &scenario.currency) {
        Ok(c) => c,
        Err(_) if !catalog.fx.has(&scenario.currency) => None,
        Err(message) => return Err(vec![(currency_pointer.into(), message)]),
    };
    let provenance = offering.provenance_of(&schedule).clone();
    let shape = shape_of(&schedule, offering.category);
    Ok(Resolved {
        offering_id,
        fx_rate: conversion.as_ref().map_or(Decimal::ONE, |c| c.rate),
        conversion,
        provenance,
        price_currency,
        discount: component.discount.unwrap_or(Decimal::ZERO),
        price_factor: Decimal::ONE,
        tax: tax_conversion(&schedule, scenario.tax_basis),
        shape,
        schedule,
        offering,
    })
}
