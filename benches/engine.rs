//! Criterion benchmark of the cost engine: an SMB of 50 users (growing 10 %/yr) comparing a cloud IM
//! service, the same open-source IM on rented VMs, and on two owned servers, over 60 months.
//!
//! Run with `cargo bench --bench engine`. The catalogue is built here, in code, so the figure does not
//! move when `pricing-data/` is edited.

use breakeven::catalog::{Catalog, FxRate, FxTable, Offering};
use breakeven::engine::{compare, schedule, AssetInput};
use breakeven::scenario::Scenario;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn offering(id: &str, category: &str, extra: Value, prices: Value) -> Offering {
    let mut o = json!({
        "id": id, "name": id, "provider": "bench", "category": category,
        "provenance": {"source_url": "https://example.test/prices", "basis": "vendor_list", "price_date": "2026-01-01", "retrieved": "2026-01-01"},
        "prices": prices
    });
    if let (Some(map), Some(extra)) = (o.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            map.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(o).expect("bench offering")
}

fn catalog() -> Catalog {
    let list = vec![
        offering(
            "bench/im/global/business",
            "saas",
            json!({}),
            json!([
            {"purchase_option": "monthly_subscription", "billing": "monthly", "currency": "USD", "unit": "user_month", "unit_price": "8.75"}]),
        ),
        offering(
            "bench/ec2/us-east-1/m7i.xlarge",
            "compute",
            json!({}),
            json!([
            {"purchase_option": "on_demand", "billing": "usage", "currency": "USD", "unit": "hour", "unit_price": "0.2016"}]),
        ),
        offering(
            "bench/ebs/us-east-1/gp3",
            "storage",
            json!({}),
            json!([
            {"purchase_option": "on_demand", "billing": "usage", "currency": "USD", "unit": "gib_month", "unit_price": "0.08"}]),
        ),
        offering(
            "bench/egress/us-east-1/internet",
            "network",
            json!({}),
            json!([
            {"purchase_option": "on_demand", "billing": "usage", "currency": "USD", "unit": "gib", "tier_mode": "graduated",
             "tiers": [{"up_to": "100", "unit_price": "0"}, {"up_to": "10240", "unit_price": "0.09"}, {"unit_price": "0.085"}]}]),
        ),
        offering(
            "bench/dell/global/r660xs",
            "hardware",
            json!({"hardware": {
            "power_typical_watts": "250", "power_max_watts": "700", "rack_units": 1, "useful_life_years": 5, "support_rate": "0.08"}}),
            json!([
            {"purchase_option": "purchase", "billing": "one_time", "currency": "USD", "unit": "each", "unit_price": "5800"}]),
        ),
        offering(
            "bench/energy/us/commercial",
            "power",
            json!({}),
            json!([
            {"purchase_option": "on_demand", "billing": "usage", "currency": "USD", "unit": "kwh", "unit_price": "0.13"}]),
        ),
        offering(
            "bench/colo/us/u",
            "facilities",
            json!({}),
            json!([
            {"purchase_option": "on_demand", "billing": "monthly", "currency": "USD", "unit": "u_month", "unit_price": "45"}]),
        ),
        offering(
            "bench/labor/us/sysadmin",
            "labor",
            json!({"labor": {"on_cost_multiplier": "1.3"}}),
            json!([
            {"purchase_option": "on_demand", "billing": "monthly", "currency": "USD", "unit": "fte_year", "unit_price": "96800"}]),
        ),
    ];
    let cny: FxRate = serde_json::from_value(json!({"currency": "CNY", "per_base": "7.2",
        "provenance": {"source_url": "https://example.test/fx", "basis": "vendor_list", "price_date": "2026-01-02", "retrieved": "2026-01-02"}}))
    .expect("fx");
    Catalog {
        version: "bench".into(),
        offerings: list.into_iter().map(|o| (o.id.clone(), o)).collect(),
        fx: FxTable {
            base: "USD".parse().expect("usd"),
            rates: BTreeMap::from([(cny.currency.clone(), cny)]),
        },
        pue_presets: BTreeMap::new(),
        files: Vec::new(),
        profiles: Default::default(),
    }
}

fn scenario() -> Scenario {
    serde_json::from_value(json!({
        "currency": "USD", "horizon_months": 60, "start": "2026-01", "discount_rate": "0.08", "tax_rate": "0.25",
        "inflation": {"labor": "0.04", "power": "0.03"},
        "drivers": {"users": {"start": "50", "annual_growth": "0.10"}},
        "options": [
            {"name": "Cloud IM", "kind": "rent", "components": [
                {"name": "Seats", "offering": "bench/im/global/business", "quantity": {"driver": "users"}}]},
            {"name": "OSS on VMs", "kind": "rent", "components": [
                {"name": "App VM", "offering": "bench/ec2/us-east-1/m7i.xlarge", "quantity": {"fixed": "2"}},
                {"name": "Disk", "offering": "bench/ebs/us-east-1/gp3", "quantity": {"driver": "users", "multiplier": "5", "min": "100"}},
                {"name": "Egress", "offering": "bench/egress/us-east-1/internet", "quantity": {"driver": "users", "multiplier": "2"}}],
             "labor": [{"offering": "bench/labor/us/sysadmin", "fte": "0.1"}]},
            {"name": "OSS on own servers", "kind": "own", "components": [
                {"name": "Servers", "offering": "bench/dell/global/r660xs", "purchase_option": "purchase",
                 "quantity": {"driver": "users", "per": "500", "round": "ceil", "min": "2"},
                 "asset": {"residual_rate": "0.05", "depreciation": "double_declining_balance",
                           "financing": {"loan": {"rate": "0.06", "term_months": 36, "down_payment_rate": "0.2"}}}}],
             "facility": {"energy_offering": "bench/energy/us/commercial", "pue": "1.6", "space_offering": "bench/colo/us/u"},
             "labor": [{"offering": "bench/labor/us/sysadmin", "fte": "0.15"}]}
        ]
    }))
    .expect("bench scenario")
}

fn bench_engine(c: &mut Criterion) {
    let catalog = catalog();
    let scenario = scenario();
    compare(&catalog, &scenario).expect("the bench scenario is valid");
    c.bench_function("compare 3 options × 60 months", |b| {
        b.iter(|| compare(black_box(&catalog), black_box(&scenario)).expect("compare"))
    });
    let asset: AssetInput = serde_json::from_value(json!({
        "currency": "USD", "cost": "11600", "residual_rate": "0.05", "useful_life_years": 5,
        "depreciation": "double_declining_balance",
        "financing": {"loan": {"rate": "0.06", "term_months": 36, "down_payment_rate": "0.2"}}
    }))
    .expect("asset");
    c.bench_function("amortization schedule 5 years with loan", |b| {
        b.iter(|| schedule(black_box(&asset)).expect("schedule"))
    });
}

criterion_group!(benches, bench_engine);
criterion_main!(benches);
