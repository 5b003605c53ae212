//! A small catalogue built in code for the engine's tests (not `pricing-data/`, which is curated
//! separately). Prices are round numbers so every golden test can be checked by hand.

use crate::catalog::{Catalog, FxRate, FxTable, Offering, PuePreset};
use crate::money::Currency;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub fn usd() -> Currency {
    Currency::try_from("USD".to_string()).expect("USD")
}

fn provenance(basis: &str) -> Value {
    json!({"source_url": "https://example.test/prices", "basis": basis, "price_date": "2026-01-01", "retrieved": "2026-01-01"})
}

pub(super) fn offering(id: &str, category: &str, extra: Value, prices: Value) -> Offering {
    let mut o = json!({
        "id": id, "name": id, "provider": "test", "category": category,
        "provenance": provenance("vendor_list"), "prices": prices
    });
    if let (Some(map), Some(extra)) = (o.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            map.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(o).expect("fixture offering")
}

/// The offerings:
/// - `test/saas/global/chat`: 8.75 per user a month (monthly), or 7.25 per user a month billed annually.
/// - `test/cloud/us-east-1/vm`: 0.192 an hour on demand; reserved 1y all upfront 1,000; reserved 1y
///   partial upfront 500 + 0.06 an hour; plan maximum 100 instances (73,000 hours) on demand.
/// - `test/cloud/us-east-1/storage`: 0.08 per GiB-month. `…/egress`: 100 GiB free, then 0.09, beyond
///   10,240 GiB 0.085.
/// - `test/hw/global/server`: 6,000 each; 300 W typical, 1U, 5-year life, support 10 %/yr.
/// - `test/sw/global/licence`: a perpetual licence, 1,200 each, no hardware spec.
/// - `test/services/global/migration`: 5,000 one-time.
/// - `test/energy/us/commercial`: 0.13 per kWh. `test/colo/us/u`: 50 per U a month.
/// - `test/labor/us/sysadmin`: 96,800 per FTE-year, on-cost × 1.3 (an estimate).
/// - `test/saas/cn/im`: CNY package plans (≤10,000 MAU 2,000; ≤100,000 MAU 12,000), overage 0.1/MAU.
pub fn catalog() -> Catalog {
    let list = vec![
        offering(
            "test/saas/global/chat",
            "saas",
            json!({}),
            json!([
                {"purchase_option": "monthly_subscription", "billing": "monthly", "currency": "USD", "unit": "user_month", "unit_price": "8.75"},
                {"purchase_option": "annual_subscription", "billing": "annual_upfront", "currency": "USD", "unit": "user_month", "unit_price": "7.25"}
            ]),
        ),
        offering(
            "test/cloud/us-east-1/vm",
            "compute",
            json!({"specs": {"vcpu": 4}}),
            json!([
                {"purchase_option": "on_demand", "billing": "usage", "currency": "USD", "unit": "hour", "unit_price": "0.192", "max_quantity": "73000"},
                {"purchase_option": "reserved_1y", "payment": "all_upfront", "billing": "usage", "currency": "USD", "unit": "hour", "upfront": "1000", "term_months": 12},
                {"purchase_option": "reserved_1y", "payment": "partial_upfront", "billing": "usage", "currency": "USD", "unit": "hour", "upfront": "500", "unit_price": "0.06", "term_months": 12}
            ]),
        ),
        offering(
            "test/cloud/us-east-1/storage",
            "storage",
            json!({}),
            json!([
                {"purchase_option": "on_demand", "billing": "usage", "currency": "USD", "unit": "gib_month", "unit_price": "0.08"}
            ]),
        ),
        offering(
            "test/cloud/us-east-1/egress",
            "network",
            json!({}),
            json!([
                {"purchase_option": "on_demand", "billing": "usage", "currency": "USD", "unit": "gib", "tier_mode": "graduated",
                 "tiers": [{"up_to": "100", "unit_price": "0"}, {"up_to": "10240", "unit_price": "0.09"}, {"unit_price": "0.085"}]}
            ]),
        ),
        offering(
            "test/hw/global/server",
            "hardware",
            json!({"hardware": {
            "power_typical_watts": "300", "power_max_watts": "600", "rack_units": 1, "useful_life_years": 5, "support_rate": "0.10"}}),
            json!([
                {"purchase_option": "purchase", "billing": "one_time", "currency": "USD", "unit": "each", "unit_price": "6000"}
            ]),
        ),
        offering(
            "test/sw/global/licence",
            "software",
            json!({}),
            json!([
                {"purchase_option": "purchase", "billing": "one_time", "currency": "USD", "unit": "each", "upfront": "1200"}
            ]),
        ),
        offering(
            "test/services/global/migration",
            "software",
            json!({}),
            json!([
                {"purchase_option": "on_demand", "billing": "one_time", "currency": "USD", "unit": "each", "unit_price": "5000"}
            ]),
        ),
        offering(
            "test/energy/us/commercial",
            "power",
            json!({}),
            json!([
                {"purchase_option": "on_demand", "billing": "usage", "currency": "USD", "unit": "kwh", "unit_price": "0.13"}
            ]),
        ),
        offering(
            "test/colo/us/u",
            "facilities",
            json!({}),
            json!([
                {"purchase_option": "on_demand", "billing": "monthly", "currency": "USD", "unit": "u_month", "unit_price": "50"}
            ]),
        ),
        offering(
            "test/labor/us/sysadmin",
            "labor",
            json!({
            "labor": {"on_cost_multiplier": "1.3", "servers_per_admin": 20},
            "provenance": {"source_url": "https://example.test/wages", "basis": "estimate", "price_date": "2024-05-01", "retrieved": "2024-05-01", "note": "BLS median"}}),
            json!([
                {"purchase_option": "on_demand", "billing": "monthly", "currency": "USD", "unit": "fte_year", "unit_price": "96800"}
            ]),
        ),
        offering(
            "test/saas/cn/im",
            "saas",
            json!({"market": "china"}),
            json!([
                {"purchase_option": "monthly_subscription", "billing": "monthly", "currency": "CNY", "unit": "mau_month", "tier_mode": "package",
                 "tiers": [{"up_to": "10000", "flat_fee": "2000"}, {"up_to": "100000", "flat_fee": "12000"}], "unit_price": "0.1"}
            ]),
        ),
    ];
    let fx_rate = |code: &str, per_base: Decimal| {
        FxRate {
        currency: code.parse().expect("currency"),
        per_base,
        provenance: serde_json::from_value(json!({
            "source_url": "https://example.test/fx", "basis": "vendor_list", "price_date": "2026-01-02", "retrieved": "2026-01-02"}))
        .expect("provenance"),
    }
    };
    let pue: PuePreset = serde_json::from_value(json!({
        "id": "closet", "name": "Server closet", "pue": "2.0", "provenance": provenance("estimate")}))
    .expect("preset");
    Catalog {
        version: "test-catalog".to_string(),
        offerings: list.into_iter().map(|o| (o.id.clone(), o)).collect(),
        fx: FxTable {
            base: usd(),
            rates: BTreeMap::from([
                ("CNY".parse().expect("CNY"), fx_rate("CNY", Decimal::new(72, 1))),
                ("EUR".parse().expect("EUR"), fx_rate("EUR", Decimal::new(9, 1))),
            ]),
        },
        pue_presets: BTreeMap::from([("closet".to_string(), pue)]),
        files: Vec::new(),
        profiles: Default::default(),
    }
}

/// A scenario from JSON, with defaults for the top-level fields not given.
pub fn scenario(overrides: Value) -> Scenario {
    let mut base = json!({"currency": "USD", "horizon_months": 12, "start": "2026-01", "discount_rate": "0", "options": []});
    if let (Some(map), Some(extra)) = (base.as_object_mut(), overrides.as_object()) {
        for (k, v) in extra {
            map.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(base).expect("fixture scenario")
}

/// A scenario with one option made of `components`.
pub fn one_option(horizon: u32, components: Value) -> Scenario {
    scenario(json!({"horizon_months": horizon, "options": [{"name": "A", "components": components}]}))
}
