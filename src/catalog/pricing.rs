//! What one billing period of a price schedule costs for a given quantity.
//!
//! `charge` is the single place where base fees, included quantities, blocks and tiers are applied.
//! The quantity is in the schedule's unit for one month (hours of one instance are handled by the
//! engine's unit conversion: a VM running all month is 730 hours).

use super::model::{PriceSchedule, Tier, TierMode};
use crate::money::{self, MoneyError};
use crate::text::Text;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PricingError {
    #[error("quantity {quantity} is above the plan maximum {max}")]
    AboveMaximum { quantity: Decimal, max: Decimal },
    #[error(
        "quantity {quantity} exceeds the largest package ({largest}) and the schedule has no overage price"
    )]
    BeyondLargestPackage { quantity: Decimal, largest: Decimal },
    #[error("negative quantity {0}")]
    NegativeQuantity(Decimal),
    #[error("the schedule has neither a unit price nor tiers")]
    NoPrice,
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl PricingError {
    /// What is wrong, for the user (`Display` gives the English, for logs).
    pub fn text(&self) -> Text {
        match self {
            PricingError::AboveMaximum { quantity, max } => {
                t!("catalog-pricing-above-maximum", quantity = quantity, max = max)
            }
            PricingError::BeyondLargestPackage { quantity, largest } => {
                t!("catalog-pricing-beyond-largest-package", quantity = quantity, largest = largest)
            }
            PricingError::NegativeQuantity(quantity) => {
                t!("catalog-pricing-negative-quantity", quantity = quantity)
            }
            PricingError::NoPrice => t!("catalog-pricing-no-price"),
            PricingError::Money(e) => money_text(e),
        }
    }
}

/// An arithmetic failure while pricing or converting, for the user (the operation is named in English,
/// as `MoneyError` gives it).
pub fn money_text(e: &MoneyError) -> Text {
    match e {
        MoneyError::Overflow(operation) => t!("catalog-arithmetic-overflow", operation = operation),
        MoneyError::DivisionByZero(operation) => t!("catalog-division-by-zero", operation = operation),
    }
}

/// The amount one billing period costs for `quantity` units (before discounts and currency
/// conversion), in the schedule's currency.
pub fn charge(schedule: &PriceSchedule, quantity: Decimal) -> Result<Decimal, PricingError> {
    check_limits(schedule, quantity)?;
    let base_fee = schedule.base_fee.unwrap_or(Decimal::ZERO);
    if quantity.is_zero() && schedule.base_fee.is_none() {
        return Ok(Decimal::ZERO);
    }
    let billable = billable_units(schedule, quantity)?;
    let variable = match schedule.tier_mode {
        _ if schedule.tiers.is_empty() => match schedule.unit_price {
            Some(price) => money::mul(billable, price)?,
            None if schedule.base_fee.is_some() => Decimal::ZERO,
            None => return Err(PricingError::NoPrice),
        },
        Some(TierMode::Volume) => volume(&schedule.tiers, billable)?,
        Some(TierMode::Package) => package(schedule, billable)?,
        Some(TierMode::Graduated) | None => graduated(&schedule.tiers, billable)?,
    };
    Ok(money::add(base_fee, variable)?)
}

/// Plan limits, checked before anything is priced. A minimum is a billing floor (see
/// `billable_units`), not an error; exceeding the maximum is.
pub fn check_limits(schedule: &PriceSchedule, quantity: Decimal) -> Result<(), PricingError> {
    if quantity.is_sign_negative() && !quantity.is_zero() {
        return Err(PricingError::NegativeQuantity(quantity));
    }
    if let Some(max) = schedule.max_quantity {
        if quantity > max {
            return Err(PricingError::AboveMaximum { quantity, max });
        }
    }
    Ok(())
}

/// Units beyond the included quantity, counted in started blocks when the schedule has a block size.
/// A plan's minimum quantity is billed even when fewer are used (e.g. a 10-seat minimum).
pub fn billable_units(schedule: &PriceSchedule, quantity: Decimal) -> Result<Decimal, PricingError> {
    let quantity = match schedule.min_quantity {
        Some(min) if quantity > Decimal::ZERO && quantity < min => min,
        _ => quantity,
    };
    let beyond_included =
        money::sub(quantity, schedule.included_quantity.unwrap_or(Decimal::ZERO))?.max(Decimal::ZERO);
    Ok(match schedule.block_size {
        Some(block) if !block.is_zero() => money::div(beyond_included, block)?.ceil(),
        _ => beyond_included,
    })
}

fn tier_fee(tier: &Tier) -> Decimal {
    tier.flat_fee.unwrap_or(Decimal::ZERO)
}

/// Each tier's slice of the quantity at that tier's rate, plus the flat fee of every tier reached.
fn graduated(tiers: &[Tier], quantity: Decimal) -> Result<Decimal, PricingError> {
    let mut total = Decimal::ZERO;
    let mut lower = Decimal::ZERO;
    for tier in tiers {
        if quantity <= lower && !(lower.is_zero() && quantity.is_zero()) {
            break;
        }
        let upper = tier.up_to.map_or(quantity, |u| u.min(quantity));
        let slice = money::sub(upper, lower)?.max(Decimal::ZERO);
        let rate = tier.unit_price.unwrap_or(Decimal::ZERO);
        total = money::add(total, money::add(money::mul(slice, rate)?, tier_fee(tier))?)?;
        match tier.up_to {
            Some(u) => lower = u,
            None => break,
        }
    }
    Ok(total)
}

/// The first tier whose bound covers the quantity prices every unit.
fn volume(tiers: &[Tier], quantity: Decimal) -> Result<Decimal, PricingError> {
    let tier = tiers
        .iter()
        .find(|t| t.up_to.is_none_or(|u| quantity <= u))
        .or(tiers.last())
        .ok_or(PricingError::NoPrice)?;
    let rate = tier.unit_price.unwrap_or(Decimal::ZERO);
    Ok(money::add(money::mul(quantity, rate)?, tier_fee(tier))?)
}

/// The smallest plan covering the quantity; beyond the largest, that plan plus overage at the
/// schedule's `unit_price` (per started block when `block_size` is set on the schedule, in which case
/// `quantity` is already in blocks and plan bounds are compared in blocks too).
fn package(schedule: &PriceSchedule, quantity: Decimal) -> Result<Decimal, PricingError> {
    if let Some(plan) = schedule.tiers.iter().find(|t| t.up_to.is_none_or(|u| quantity <= u)) {
        let per_unit = money::mul(quantity, plan.unit_price.unwrap_or(Decimal::ZERO))?;
        return Ok(money::add(tier_fee(plan), per_unit)?);
    }
    let largest = schedule.tiers.last().ok_or(PricingError::NoPrice)?;
    let bound = largest.up_to.unwrap_or(Decimal::ZERO);
    let overage_rate =
        schedule.unit_price.ok_or(PricingError::BeyondLargestPackage { quantity, largest: bound })?;
    let overage = money::mul(money::sub(quantity, bound)?, overage_rate)?;
    Ok(money::add(tier_fee(largest), overage)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::{Billing, PurchaseOption, Unit};
    use rust_decimal_macros::dec;

    fn schedule() -> PriceSchedule {
        PriceSchedule {
            purchase_option: PurchaseOption::OnDemand,
            payment: None,
            commitment: None,
            billing: Billing::Usage,
            currency: None,
            unit: Unit::Gib,
            unit_price: None,
            base_fee: None,
            included_quantity: None,
            block_size: None,
            tier_mode: None,
            tiers: vec![],
            upfront: None,
            term_months: None,
            min_quantity: None,
            max_quantity: None,
            provenance: None,
            tax: None,
            includes: Vec::new(),
            included_power_kw: None,
            range: None,
        }
    }

    fn tier(up_to: Option<Decimal>, unit_price: Option<Decimal>, flat_fee: Option<Decimal>) -> Tier {
        Tier { up_to, unit_price, flat_fee, name: None }
    }

    #[test]
    fn flat_unit_price_times_quantity() {
        let s = PriceSchedule { unit_price: Some(dec!(0.5)), ..schedule() };
        assert_eq!(charge(&s, dec!(7)), Ok(dec!(3.5)));
    }

    #[test]
    fn graduated_egress_like_aws() {
        // 100 GiB free, next 10,140 at 0.09, rest at 0.085: 10,240 GiB used.
        // = 0 × 100 + 0.09 × 10,140 + 0 = 912.60
        let s = PriceSchedule {
            tier_mode: Some(TierMode::Graduated),
            tiers: vec![
                tier(Some(dec!(100)), Some(dec!(0)), None),
                tier(Some(dec!(10240)), Some(dec!(0.09)), None),
                tier(None, Some(dec!(0.085)), None),
            ],
            ..schedule()
        };
        assert_eq!(charge(&s, dec!(10240)), Ok(dec!(912.60)));
        // 20,240 GiB: 912.60 + 10,000 × 0.085 = 1,762.60
        assert_eq!(charge(&s, dec!(20240)), Ok(dec!(1762.600)));
        assert_eq!(charge(&s, dec!(50)), Ok(dec!(0)));
    }

    #[test]
    fn volume_prices_all_units_at_reached_tier() {
        let s = PriceSchedule {
            tier_mode: Some(TierMode::Volume),
            tiers: vec![tier(Some(dec!(100)), Some(dec!(10)), None), tier(None, Some(dec!(8)), None)],
            ..schedule()
        };
        assert_eq!(charge(&s, dec!(100)), Ok(dec!(1000)));
        assert_eq!(charge(&s, dec!(101)), Ok(dec!(808)));
    }

    #[test]
    fn package_picks_smallest_covering_plan_then_overage_blocks() {
        // Plans: ≤10,000 MAU for 399; ≤100,000 for 1,999; beyond: 449 per started 10,000 MAU.
        let s = PriceSchedule {
            unit: Unit::MauMonth,
            tier_mode: Some(TierMode::Package),
            tiers: vec![
                tier(Some(dec!(10000)), None, Some(dec!(399))),
                tier(Some(dec!(100000)), None, Some(dec!(1999))),
            ],
            unit_price: Some(dec!(0.0449)),
            ..schedule()
        };
        assert_eq!(charge(&s, dec!(9000)), Ok(dec!(399)));
        assert_eq!(charge(&s, dec!(10001)), Ok(dec!(1999)));
        // 110,000 → 1,999 + 10,000 × 0.0449 = 2,448
        assert_eq!(charge(&s, dec!(110000)), Ok(dec!(2448.0000)));
    }

    #[test]
    fn base_fee_included_quantity_and_started_blocks() {
        // 449 per started 10,000 MAU beyond 10,000 included in a 499 base.
        let s = PriceSchedule {
            unit: Unit::MauMonth,
            base_fee: Some(dec!(499)),
            included_quantity: Some(dec!(10000)),
            block_size: Some(dec!(10000)),
            unit_price: Some(dec!(449)),
            ..schedule()
        };
        assert_eq!(charge(&s, dec!(10000)), Ok(dec!(499)));
        assert_eq!(charge(&s, dec!(10001)), Ok(dec!(948)));
        assert_eq!(charge(&s, dec!(30000)), Ok(dec!(1397)));
        assert_eq!(charge(&s, dec!(0)), Ok(dec!(499)));
    }

    #[test]
    fn plan_limits_and_minimum_billing() {
        let s = PriceSchedule {
            unit: Unit::UserMonth,
            unit_price: Some(dec!(10)),
            min_quantity: Some(dec!(5)),
            max_quantity: Some(dec!(300)),
            ..schedule()
        };
        assert!(matches!(charge(&s, dec!(301)), Err(PricingError::AboveMaximum { .. })));
        assert_eq!(charge(&s, dec!(3)), Ok(dec!(50)));
        assert_eq!(charge(&s, dec!(0)), Ok(dec!(0)));
        assert!(matches!(charge(&s, dec!(-1)), Err(PricingError::NegativeQuantity(_))));
    }
}
