//! Catalogue listings as CSV: one row per price schedule, with the offering's facts and provenance.

use super::csv::{Cell, CsvWriter};
use crate::catalog::query::ReferencePrice;
use crate::catalog::{Offering, Tier};

/// The columns of `GET /v1/offerings?format=csv`, in order (documented in the README); the keys the
/// English header shows, rendered in the answer's language by `report::column`.
pub const OFFERING_COLUMNS: &[&str] = &[
    "id",
    "name",
    "provider",
    "category",
    "region",
    "market",
    "vcpu",
    "memory_gib",
    "purchase_option",
    "payment",
    "billing",
    "unit",
    "currency",
    "unit_price",
    "base_fee",
    "included_quantity",
    "block_size",
    "tier_mode",
    "tiers",
    "upfront",
    "term_months",
    "min_quantity",
    "max_quantity",
    "reference_price",
    "reference_currency",
    "basis",
    "price_date",
    "retrieved",
    "copied_by",
    "source_url",
    "note",
];

/// `up_to:unit_price:flat_fee` per tier, separated by `|` (empty parts omitted: `1000:0.09:`).
fn tiers_text(tiers: &[Tier]) -> String {
    tiers
        .iter()
        .map(|t| {
            let part = |v: Option<rust_decimal::Decimal>| v.map(|d| d.to_string()).unwrap_or_default();
            format!(
                "{}:{}:{}",
                t.up_to.map_or("inf".to_string(), |u| u.to_string()),
                part(t.unit_price),
                part(t.flat_fee)
            )
        })
        .collect::<Vec<_>>()
        .join("|")
}

pub fn offerings_csv<'a>(
    rows: impl IntoIterator<Item = (&'a Offering, Option<&'a ReferencePrice>)>,
) -> String {
    let mut csv = CsvWriter::labelled(OFFERING_COLUMNS);
    for (offering, reference) in rows {
        for schedule in &offering.prices {
            let provenance = offering.provenance_of(schedule);
            csv.row([
                Cell::text(&offering.id),
                Cell::text(&offering.name),
                Cell::text(&offering.provider),
                Cell::text(offering.category.as_str()),
                Cell::opt_text(offering.region.clone()),
                Cell::opt_text(offering.market.map(|m| m.as_str())),
                Cell::opt_number(offering.specs.vcpu),
                Cell::opt_number(offering.specs.memory_gib),
                Cell::text(schedule.purchase_option.as_str()),
                Cell::opt_text(schedule.payment.map(|p| p.as_str())),
                Cell::text(schedule.billing.as_str()),
                Cell::text(schedule.unit.as_str()),
                Cell::opt_text(schedule.currency.as_ref().map(|c| c.code().to_string())),
                Cell::opt_number(schedule.unit_price),
                Cell::opt_number(schedule.base_fee),
                Cell::opt_number(schedule.included_quantity),
                Cell::opt_number(schedule.block_size),
                Cell::opt_text(schedule.tier_mode.map(|m| m.as_str())),
                Cell::text(tiers_text(&schedule.tiers)),
                Cell::opt_number(schedule.upfront),
                Cell::opt_number(schedule.term_months),
                Cell::opt_number(schedule.min_quantity),
                Cell::opt_number(schedule.max_quantity),
                Cell::opt_number(reference.map(|r| r.amount)),
                Cell::opt_text(reference.map(|r| r.currency.code().to_string())),
                Cell::text(provenance.basis.as_str()),
                Cell::opt_text(provenance.price_date.map(|d| d.to_string())),
                Cell::text(provenance.retrieved.to_string()),
                Cell::opt_text(provenance.copied_by.clone()),
                Cell::text(&provenance.source_url),
                Cell::opt_text(provenance.note.clone()),
            ]);
        }
    }
    csv.finish()
}
