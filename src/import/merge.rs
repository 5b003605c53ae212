//! Merging what an importer produced into an existing offering: an import replaces the schedules it
//! produced (the same purchase choice: option, commitment, payment, unit) and never deletes the rest.

use crate::catalog::{Billing, Commitment, Offering, Payment, PriceSchedule, PurchaseOption, Unit};
use std::collections::BTreeSet;

pub fn option_rank(option: PurchaseOption) -> u8 {
    match option {
        PurchaseOption::OnDemand => 0,
        PurchaseOption::Spot => 1,
        PurchaseOption::Reserved1y => 2,
        PurchaseOption::Reserved3y => 3,
        _ => 9,
    }
}

pub fn commitment_rank(commitment: Option<Commitment>) -> u8 {
    match commitment {
        None => 0,
        Some(Commitment::Convertible) => 1,
        Some(Commitment::ComputeSavingsPlan) => 2,
        Some(Commitment::InstanceSavingsPlan) => 3,
    }
}

/// Where a schedule sorts, and what makes two schedules the same purchase choice.
pub type Rank = (u8, u8, u8, Unit);

pub fn rank(s: &PriceSchedule) -> Rank {
    (option_rank(s.purchase_option), commitment_rank(s.commitment), payment_rank(s.payment), s.unit)
}

pub fn payment_rank(payment: Option<Payment>) -> u8 {
    match payment {
        None => 0,
        Some(Payment::NoUpfront) => 1,
        Some(Payment::PartialUpfront) => 2,
        Some(Payment::AllUpfront) => 3,
    }
}

/// Replaces the offering's schedules that `produced` has (same option, payment and unit), keeps the
/// rest with their provenance spelled out, and makes the first produced schedule's provenance the
/// offering's; the produced schedules then inherit it where it is the same.
pub fn merge_schedules(offering: &mut Offering, produced: Vec<PriceSchedule>) {
    let Some(first) = produced.first().and_then(|s| s.provenance.clone()) else { return };
    let produced_keys: BTreeSet<_> = produced.iter().map(rank).collect();
    let old_default = offering.provenance.clone();
    let mut kept: Vec<PriceSchedule> = offering
        .prices
        .drain(..)
        .filter(|s| !produced_keys.contains(&rank(s)))
        .map(|mut s| {
            s.provenance.get_or_insert_with(|| old_default.clone());
            s
        })
        .collect();
    let mut prices: Vec<PriceSchedule> = produced
        .into_iter()
        .map(|mut s| {
            if s.provenance.as_ref() == Some(&first) {
                s.provenance = None;
            }
            s
        })
        .collect();
    prices.append(&mut kept);
    prices.sort_by_key(rank);
    offering.provenance = first;
    offering.prices = prices;
}

/// A schedule with nothing priced yet, per hour: importers fill in what their upstream gives.
pub fn schedule(option: PurchaseOption, payment: Option<Payment>, billing: Billing) -> PriceSchedule {
    PriceSchedule {
        purchase_option: option,
        payment,
        commitment: None,
        billing,
        currency: None,
        unit: Unit::Hour,
        unit_price: None,
        base_fee: None,
        included_quantity: None,
        block_size: None,
        tier_mode: None,
        tiers: Vec::new(),
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
