//! Tax on prices (gross ↔ net to the scenario's `tax_basis`) and facility prices that include power.
//! Every expected figure is worked out in the comments.

use super::fixture::{catalog, offering, scenario};
use crate::catalog::{Catalog, Offering};
use crate::engine::{compare, Comparison, EngineError, LineKind, WarningCode};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{json, Value};

/// The fixture catalogue plus:
/// - `test/cloud/cn/box`: 106.00 CNY a month, including 6 % VAT (a China-site cloud price);
/// - `test/cloud/cn/disk`: 53.00 CNY a month, including 6 % VAT;
/// - `test/hw/cn/server`: 11,300 CNY each, including 13 % VAT; 300 W, 1U, 5 years, no support;
/// - `test/saas/eu/seat`: 100.00 EUR per user a month, net, VAT 20 % known;
/// - `test/saas/us/seat`: 10.00 USD per user a month, net, rate unknown;
/// - `test/colo/us/powered-rack`: 1,000 USD a rack-month including power up to 4.4 kW per rack;
/// - `test/colo/us/all-in-rack`: 1,000 USD a rack-month including power with no stated limit.
fn taxed_catalog() -> Catalog {
    let mut c = catalog();
    let gross6 = json!({"included": true, "rate": "0.06"});
    let extra: Vec<Offering> = vec![
        offering(
            "test/cloud/cn/box",
            "compute",
            json!({}),
            json!([{"purchase_option": "monthly_subscription", "billing": "monthly", "currency": "CNY", "unit": "month",
                    "unit_price": "106.00", "tax": gross6}]),
        ),
        offering(
            "test/cloud/cn/disk",
            "storage",
            json!({}),
            json!([{"purchase_option": "monthly_subscription", "billing": "monthly", "currency": "CNY", "unit": "month",
                    "unit_price": "53.00", "tax": gross6}]),
        ),
        offering(
            "test/hw/cn/server",
            "hardware",
            json!({"hardware": {"power_typical_watts": "300", "power_max_watts": "600", "rack_units": 1,
                                "useful_life_years": 5, "support_rate": "0"}}),
            json!([{"purchase_option": "purchase", "billing": "one_time", "currency": "CNY", "unit": "each",
                    "unit_price": "11300", "tax": {"included": true, "rate": "0.13"}}]),
        ),
        offering(
            "test/saas/eu/seat",
            "saas",
            json!({}),
            json!([{"purchase_option": "monthly_subscription", "billing": "monthly", "currency": "EUR", "unit": "user_month",
                    "unit_price": "100.00", "tax": {"included": false, "rate": "0.20"}}]),
        ),
        offering(
            "test/saas/us/seat",
            "saas",
            json!({}),
            json!([{"purchase_option": "monthly_subscription", "billing": "monthly", "currency": "USD", "unit": "user_month",
                    "unit_price": "10.00", "tax": {"included": false}}]),
        ),
        offering(
            "test/colo/us/powered-rack",
            "facilities",
            json!({}),
            json!([{"purchase_option": "monthly_subscription", "billing": "monthly", "currency": "USD", "unit": "rack_month",
                    "unit_price": "1000", "includes": ["power"], "included_power_kw": "4.4"}]),
        ),
        offering(
            "test/colo/us/all-in-rack",
            "facilities",
            json!({}),
            json!([{"purchase_option": "monthly_subscription", "billing": "monthly", "currency": "USD", "unit": "rack_month",
                    "unit_price": "1000", "includes": ["power"]}]),
        ),
    ];
    for o in extra {
        c.offerings.insert(o.id.clone(), o);
    }
    c
}

fn run(s: &crate::scenario::Scenario) -> Comparison {
    match compare(&taxed_catalog(), s) {
        Ok(c) => c,
        Err(e) => panic!("compare failed: {e}"),
    }
}

/// One option of `components` over `months`, in `currency`, compared on `basis`.
fn priced(currency: &str, basis: &str, months: u32, components: Value) -> crate::scenario::Scenario {
    scenario(json!({"currency": currency, "horizon_months": months, "tax_basis": basis,
                    "options": [{"name": "A", "components": components}]}))
}

fn box_of(quantity: &str) -> Value {
    json!({"name": "Box", "offering": "test/cloud/cn/box", "quantity": {"fixed": quantity}})
}

fn codes(c: &Comparison, code: WarningCode) -> Vec<&crate::engine::Warning> {
    c.warnings.iter().filter(|w| w.code == code).collect()
}

#[test]
fn a_gross_price_in_a_net_comparison_is_divided_by_one_plus_the_rate() {
    let c = run(&priced("CNY", "net", 1, json!([box_of("1")])));
    // 106.00 CNY including 6 % VAT ÷ 1.06 = 100.00 CNY net.
    assert_eq!(c.options[0].totals.cash, dec!(100.00));
    let line = &c.options[0].line_items[0];
    assert_eq!(line.unit_price, Some(dec!(106.00)), "the line shows the price as listed");
    assert_eq!(line.price_tax.as_ref().map(|t| (t.included, t.rate)), Some((true, Some(dec!(0.06)))));
    let w = codes(&c, WarningCode::TaxConversion);
    assert_eq!(w.len(), 1, "{:?}", c.warnings);
    assert_eq!(w[0].rate, Some(dec!(0.06)));
    assert!(w[0].message.en().contains("6 % tax converted to net: divided by 1.06"), "{}", w[0].message);
    assert_eq!(c.tax_basis, crate::scenario::TaxBasis::Net);
}

#[test]
fn net_is_the_default_basis() {
    let s = scenario(
        json!({"currency": "CNY", "horizon_months": 12, "options": [{"name": "A", "components": [box_of("3")]}]}),
    );
    // 3 × 106 ÷ 1.06 = 300.00 a month; 12 months = 3,600.00.
    assert_eq!(run(&s).options[0].totals.cash, dec!(3600.00));
}

#[test]
fn a_gross_price_in_a_gross_comparison_is_left_as_it_is() {
    let c = run(&priced("CNY", "gross", 12, json!([box_of("3")])));
    // 3 × 106.00 = 318.00 a month; 12 months = 3,816.00; nothing converted, nothing said.
    assert_eq!(c.options[0].totals.cash, dec!(3816.00));
    assert!(codes(&c, WarningCode::TaxConversion).is_empty());
    assert!(codes(&c, WarningCode::TaxRateUnknown).is_empty());
}

#[test]
fn a_net_price_with_a_known_rate_is_grossed_up_in_a_gross_comparison() {
    let seats = json!([{"name": "Seats", "offering": "test/saas/eu/seat", "quantity": {"fixed": "2"}}]);
    let c = run(&priced("EUR", "gross", 1, seats.clone()));
    // 2 seats × 100.00 EUR net × 1.20 = 240.00 EUR gross.
    assert_eq!(c.options[0].totals.cash, dec!(240.00));
    let w = codes(&c, WarningCode::TaxConversion);
    assert_eq!(w.len(), 1);
    assert!(
        w[0].message.en().contains("net prices converted to gross at 20 % tax: multiplied by 1.2"),
        "{}",
        w[0].message
    );
    // In a net comparison the same price is already net: 200.00, no conversion.
    let net = run(&priced("EUR", "net", 1, seats));
    assert_eq!(net.options[0].totals.cash, dec!(200.00));
    assert!(codes(&net, WarningCode::TaxConversion).is_empty());
}

#[test]
fn a_net_price_of_unknown_rate_is_left_net_in_a_gross_comparison_and_said_so() {
    let c = run(&priced(
        "USD",
        "gross",
        1,
        json!([{"name": "Seats", "offering": "test/saas/us/seat", "quantity": {"fixed": "5"}}]),
    ));
    // 5 × 10.00 = 50.00, not converted.
    assert_eq!(c.options[0].totals.cash, dec!(50.00));
    let w = codes(&c, WarningCode::TaxRateUnknown);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].offering.as_deref(), Some("test/saas/us/seat"));
    assert!(w[0].message.en().contains("tax rate is not known: it is left net"), "{}", w[0].message);
}

#[test]
fn one_conversion_warning_per_rate_and_direction() {
    let c = run(&priced(
        "CNY",
        "net",
        1,
        json!([box_of("1"),
               {"name": "Disk", "offering": "test/cloud/cn/disk", "quantity": {"fixed": "2"}},
               {"name": "Server", "offering": "test/hw/cn/server", "purchase_option": "purchase", "quantity": {"fixed": "1"}}]),
    ));
    let mut rates: Vec<Decimal> =
        codes(&c, WarningCode::TaxConversion).iter().filter_map(|w| w.rate).collect();
    rates.sort();
    assert_eq!(rates, vec![dec!(0.06), dec!(0.13)]);
    // Box 100.00 + disks 2 × 53 ÷ 1.06 = 100.00 + the server 11,300 ÷ 1.13 = 10,000.00 bought in month 1.
    let a = &c.options[0];
    assert_eq!(a.totals.capex, dec!(10000.00));
    assert_eq!(a.totals.cash, dec!(10200.00));
}

#[test]
fn a_gross_purchase_depreciates_its_net_cost() {
    let c = run(&priced(
        "CNY",
        "net",
        12,
        json!([{"name": "Server", "offering": "test/hw/cn/server", "purchase_option": "purchase", "quantity": {"fixed": "1"}}]),
    ));
    // 11,300 ÷ 1.13 = 10,000 over 5 years straight line = 2,000 a year.
    assert_eq!(c.options[0].totals.depreciation, dec!(2000.00));
}

#[test]
fn an_inline_quote_says_its_tax_or_is_taken_in_the_scenarios_basis() {
    let quote = |tax: Value| {
        let mut price = json!({"category": "saas", "unit": "month", "billing": "monthly", "unit_price": "212", "currency": "CNY"});
        if !tax.is_null() {
            price["tax"] = tax;
        }
        json!([{"name": "Quote", "price": price, "quantity": {"fixed": "1"}}])
    };
    // 212 including 6 % ÷ 1.06 = 200.00.
    let c = run(&priced("CNY", "net", 1, quote(json!({"included": true, "rate": "0.06"}))));
    assert_eq!(c.options[0].totals.cash, dec!(200.00));
    // Without `tax` the quote is taken as stated: 212.00 in a net and in a gross comparison.
    for basis in ["net", "gross"] {
        let c = run(&priced("CNY", basis, 1, quote(Value::Null)));
        assert_eq!(c.options[0].totals.cash, dec!(212.00), "{basis}");
        assert!(codes(&c, WarningCode::TaxRateUnknown).is_empty());
    }
    // An included tax without its rate is refused, naming the field.
    match compare(&taxed_catalog(), &priced("CNY", "net", 1, quote(json!({"included": true})))) {
        Err(EngineError::Invalid(errors)) => {
            assert!(
                errors.0.iter().any(|e| e.pointer == "/options/0/components/0/price/tax/rate"),
                "{errors:?}"
            );
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Two 300 W servers in a powered rack and a rack of twenty, at PUE 1.5 and 0.13 USD per kWh.
fn racked(servers: &str, space: &str) -> crate::scenario::Scenario {
    scenario(json!({"horizon_months": 1, "options": [{"name": "A",
        "components": [{"name": "Servers", "offering": "test/hw/global/server", "purchase_option": "purchase",
                        "quantity": {"fixed": servers}}],
        "facility": {"energy_offering": "test/energy/us/commercial", "pue": "1.5", "space_offering": space}}]}))
}

#[test]
fn a_rack_that_includes_power_is_not_charged_energy_within_its_allotment() {
    let c = run(&racked("2", "test/colo/us/powered-rack"));
    let a = &c.options[0];
    let power = a.line_items.iter().find(|l| l.kind == LineKind::Power).expect("power line");
    // 2 × 300 W × 730 h ÷ 1000 = 438 kWh of IT draw, within 4.4 kW × 730 h = 3,212 kWh of one rack:
    // no energy charged (before the fix: 438 × 1.5 × 0.13 = 85.41).
    assert_eq!(power.cash, dec!(0.00));
    let space = a.line_items.iter().find(|l| l.kind == LineKind::Space).expect("space line");
    assert_eq!(space.cash, dec!(1000.00));
    let w = codes(&c, WarningCode::FacilityIncludesPower);
    assert_eq!(w.len(), 1);
    assert!(w[0].message.en().contains("includes power (4.4 kW per rack)"), "{}", w[0].message);
}

#[test]
fn draw_beyond_the_allotment_is_charged_at_the_energy_tariff() {
    let c = run(&racked("20", "test/colo/us/powered-rack"));
    let power = c.options[0].line_items.iter().find(|l| l.kind == LineKind::Power).expect("power line");
    // 20 × 300 W × 730 h ÷ 1000 = 4,380 kWh; 20 U is one rack: 4,380 − 3,212 = 1,168 kWh beyond;
    // × PUE 1.5 = 1,752 kWh × 0.13 = 227.76.
    assert_eq!(power.quantity_first, dec!(1752));
    assert_eq!(power.cash, dec!(227.76));
}

#[test]
fn power_included_without_a_stated_limit_charges_no_energy() {
    let c = run(&racked("20", "test/colo/us/all-in-rack"));
    let power = c.options[0].line_items.iter().find(|l| l.kind == LineKind::Power).expect("power line");
    assert_eq!(power.cash, dec!(0.00));
    assert!(codes(&c, WarningCode::FacilityIncludesPower)[0].message.en().contains("no stated limit"));
}

#[test]
fn a_rack_without_power_still_pays_the_energy() {
    // The fixture's per-U space includes nothing: 2 × 300 W × 730 h ÷ 1000 × 1.5 = 657 kWh × 0.13 = 85.41.
    let c = run(&racked("2", "test/colo/us/u"));
    let power = c.options[0].line_items.iter().find(|l| l.kind == LineKind::Power).expect("power line");
    assert_eq!(power.cash, dec!(85.41));
    assert!(codes(&c, WarningCode::FacilityIncludesPower).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A net price grossed up in a gross comparison, and that gross amount taken back to net in a
    /// net comparison, comes back to the cent: |G ÷ (1 + r) − p| = |G − p(1 + r)| ÷ (1 + r) < 0.005.
    #[test]
    fn net_to_gross_to_net_round_trips_to_the_cent(cents in 1i64..10_000_000, rate_bp in 0i64..3000) {
        let price = Decimal::new(cents, 2);
        let rate = Decimal::new(rate_bp, 4);
        let mut c = taxed_catalog();
        let net = offering("test/x/cn/net", "saas", json!({}), json!([{"purchase_option": "monthly_subscription",
            "billing": "monthly", "currency": "CNY", "unit": "month", "unit_price": price.to_string(),
            "tax": {"included": false, "rate": rate.to_string()}}]));
        c.offerings.insert(net.id.clone(), net);
        let one = |id: &str| json!([{"name": "X", "offering": id, "quantity": {"fixed": "1"}}]);
        let gross = compare(&c, &priced("CNY", "gross", 1, one("test/x/cn/net"))).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let g = gross.options[0].totals.cash;
        let back = offering("test/x/cn/gross", "saas", json!({}), json!([{"purchase_option": "monthly_subscription",
            "billing": "monthly", "currency": "CNY", "unit": "month", "unit_price": g.to_string(),
            "tax": {"included": true, "rate": rate.to_string()}}]));
        c.offerings.insert(back.id.clone(), back);
        let net_again = compare(&c, &priced("CNY", "net", 1, one("test/x/cn/gross"))).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(net_again.options[0].totals.cash, price);
    }
}

#[test]
fn a_free_price_needs_no_tax_rate() {
    // Free software (a zero price) is net of an unknown rate, but there is nothing to convert: no warning.
    let c = run(&priced(
        "USD",
        "gross",
        1,
        json!([{"name": "Free", "price": {"category": "software", "unit": "month", "billing": "monthly",
                "unit_price": "0", "tax": {"included": false}}, "quantity": {"fixed": "1"}}]),
    ));
    assert_eq!(c.options[0].totals.cash, dec!(0.00));
    assert!(codes(&c, WarningCode::TaxRateUnknown).is_empty(), "{:?}", c.warnings);
}
