//! Golden tests: one per cash-flow shape and one whole scenario per option type, each small enough to
//! check by hand. The arithmetic is in the comments; the fixture's prices are in `fixture.rs`.

use super::fixture::{catalog, one_option, scenario};
use crate::engine::{
    compare, Comparison, LineItem, LineKind, Nature, OptionResult, Shape, Timing, WarningCode,
};
use crate::scenario::{CostCategory, OptionKind};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

fn run(s: &crate::scenario::Scenario) -> Comparison {
    match compare(&catalog(), s) {
        Ok(c) => c,
        Err(e) => panic!("compare failed: {e}"),
    }
}

fn option<'a>(c: &'a Comparison, name: &str) -> &'a OptionResult {
    c.options.iter().find(|o| o.name == name).expect("option")
}

fn line<'a>(o: &'a OptionResult, component: &str, kind: LineKind) -> &'a LineItem {
    o.line_items
        .iter()
        .find(|l| l.component == component && l.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} line for {component}"))
}

fn month_cash(o: &OptionResult, month: usize) -> Decimal {
    o.monthly[month - 1].cash
}

#[test]
fn usage_bills_hours_and_graduated_tiers_in_arrears() {
    let s = scenario(json!({"horizon_months": 3,
    "drivers": {"egress": {"values_by_year": ["5100"]}},
    "options": [{"name": "A", "components": [
        {"name": "VMs", "offering": "test/cloud/us-east-1/vm", "purchase_option": "on_demand", "quantity": {"fixed": "2"}},
        {"name": "Egress", "offering": "test/cloud/us-east-1/egress", "quantity": {"driver": "egress"}}
    ]}]}));
    let c = run(&s);
    let a = option(&c, "A");
    // VMs: 2 instances × 730 h × 0.192 = 280.32 a month; 3 months = 840.96.
    let vm = line(a, "VMs", LineKind::Usage);
    assert_eq!(vm.cash, dec!(840.96));
    assert_eq!(
        (vm.shape, vm.timing, vm.category, vm.nature),
        (Shape::Usage, Timing::End, CostCategory::Compute, Nature::Opex)
    );
    assert_eq!((vm.quantity_first, vm.quantity_last), (dec!(2), dec!(2)));
    // Egress: 5,100 GiB a month, first 100 free, the rest at 0.09: 5,000 × 0.09 = 450.00 a month; 1,350.00.
    assert_eq!(line(a, "Egress", LineKind::Usage).cash, dec!(1350.00));
    // Month 1: 280.32 + 450.00 = 730.32. At a 0 % discount rate NPV equals cash.
    assert_eq!(month_cash(a, 1), dec!(730.32));
    assert_eq!(a.totals.cash, dec!(2190.96));
    assert_eq!(a.totals.npv, dec!(2190.96));
    assert_eq!(a.totals.opex, a.totals.cash);
    assert_eq!(a.kind, OptionKind::Rent);
}

#[test]
fn monthly_subscription_is_seats_times_plan_price_in_advance() {
    let s = one_option(
        12,
        json!([{"name": "Chat", "offering": "test/saas/global/chat",
        "purchase_option": "monthly_subscription", "quantity": {"fixed": "50"}}]),
    );
    let c = run(&s);
    let l = line(option(&c, "A"), "Chat", LineKind::Subscription);
    // 50 seats × 8.75 = 437.50 a month; × 12 = 5,250.00.
    assert_eq!(month_cash(option(&c, "A"), 1), dec!(437.50));
    assert_eq!(l.cash, dec!(5250.00));
    assert_eq!(l.expense, dec!(5250.00));
    assert_eq!(l.timing, Timing::Start);
}

#[test]
fn annual_subscription_prepays_the_term_with_a_prorated_true_up() {
    // Users: 10 × 1.2^((m−1)/12), rounded down: 10 in months 1–7 (1.2^(6/12) = 1.095), 11 from month 8
    // (1.2^(7/12) = 1.112), 12 from month 13 (1.2^(12/12) = 1.2) through month 18 (1.2^(17/12) = 1.295).
    let s = scenario(json!({"horizon_months": 18,
        "drivers": {"users": {"start": "10", "annual_growth": "0.2"}},
        "options": [{"name": "A", "components": [{"name": "Chat", "offering": "test/saas/global/chat",
            "purchase_option": "annual_subscription", "quantity": {"driver": "users", "round": "floor"}}]}]}));
    let c = run(&s);
    let a = option(&c, "A");
    // Month 1: 10 seats × 7.25 × 12 months = 870.00.
    assert_eq!(month_cash(a, 1), dec!(870.00));
    // Month 8: one more seat for the 5 months left in the term: 1 × 7.25 × 5 = 36.25.
    assert_eq!(month_cash(a, 8), dec!(36.25));
    // Month 13: the second term for 12 seats: 12 × 7.25 × 12 = 1,044.00.
    assert_eq!(month_cash(a, 13), dec!(1044.00));
    assert_eq!(a.totals.cash, dec!(1950.25));
    // Expense: 870 ÷ 12 = 72.50 a month; from month 8 also 36.25 ÷ 5 = 7.25; from month 13, 87.00.
    assert_eq!(a.monthly[0].expense, dec!(72.50));
    assert_eq!(a.monthly[7].expense, dec!(79.75));
    assert_eq!(a.monthly[12].expense, dec!(87.00));
    // 906.25 for the first term + 6 × 87 = 522 of the second; the other 6 months (522.00) are prepaid
    // beyond the horizon and credited as terminal value: cash − terminal = expense.
    assert_eq!(a.totals.expense, dec!(1428.25));
    assert_eq!(a.totals.terminal_value, dec!(522.00));
    assert_eq!(a.totals.net_cash, a.totals.expense);
}

#[test]
fn commitment_pays_upfront_per_term_and_recurring_in_arrears() {
    let s = scenario(json!({"horizon_months": 18, "options": [
        {"name": "All", "components": [{"name": "RI", "offering": "test/cloud/us-east-1/vm",
            "purchase_option": "reserved_1y", "payment": "all_upfront", "quantity": {"fixed": "2"}}]},
        {"name": "Partial", "components": [{"name": "RI", "offering": "test/cloud/us-east-1/vm",
            "purchase_option": "reserved_1y", "payment": "partial_upfront", "quantity": {"fixed": "2"}}]}
    ]}));
    let c = run(&s);
    let all = option(&c, "All");
    // 2 × 1,000 upfront in month 1 and again in month 13 (renewal): 4,000.00; no recurring fee.
    assert_eq!(
        (month_cash(all, 1), month_cash(all, 13), all.totals.cash),
        (dec!(2000), dec!(2000), dec!(4000.00))
    );
    assert!(all.line_items.iter().all(|l| l.kind == LineKind::CommitmentUpfront));
    // Expensed 2,000 ÷ 12 = 166.67 a month (cumulative rounding: 166.67, 166.66, 166.67 …): 18 months
    // = 3,000.00; the 6 unexpired months of the second term, 1,000.00, are terminal value.
    assert_eq!(all.totals.expense, dec!(3000.00));
    assert_eq!(all.totals.terminal_value, dec!(1000.00));
    let partial = option(&c, "Partial");
    // Upfront 2 × 500 at months 1 and 13 = 2,000; recurring 2 × 730 h × 0.06 = 87.60 a month × 18 = 1,576.80.
    assert_eq!(line(partial, "RI", LineKind::CommitmentUpfront).cash, dec!(2000.00));
    assert_eq!(line(partial, "RI", LineKind::CommitmentRecurring).cash, dec!(1576.80));
    assert_eq!(partial.totals.cash, dec!(3576.80));
    assert_eq!(partial.totals.terminal_value, dec!(500.00));
}

#[test]
fn a_component_names_the_commitment_it_buys_and_gets_the_standard_term_otherwise() {
    // The fixture VM with a convertible partial-upfront term listed before its standard one.
    let mut catalog = catalog();
    let vm = catalog.offerings.get_mut("test/cloud/us-east-1/vm").expect("vm");
    let mut convertible = vm.prices[2].clone();
    convertible.commitment = Some(crate::catalog::Commitment::Convertible);
    convertible.upfront = Some(dec!(600));
    convertible.unit_price = Some(dec!(0.07));
    vm.prices.insert(1, convertible);
    let s = scenario(json!({"horizon_months": 12, "options": [
        {"name": "Standard", "components": [{"name": "RI", "offering": "test/cloud/us-east-1/vm",
            "purchase_option": "reserved_1y", "payment": "partial_upfront", "quantity": {"fixed": "1"}}]},
        {"name": "Convertible", "components": [{"name": "RI", "offering": "test/cloud/us-east-1/vm",
            "purchase_option": "reserved_1y", "payment": "partial_upfront", "commitment": "convertible",
            "quantity": {"fixed": "1"}}]}
    ]}));
    let c = compare(&catalog, &s).unwrap_or_else(|e| panic!("compare failed: {e}"));
    // Standard: 500 upfront + 12 × 730 h × 0.06 (525.60) = 1,025.60; convertible: 600 + 613.20 = 1,213.20.
    assert_eq!(option(&c, "Standard").totals.cash, dec!(1025.60));
    assert_eq!(option(&c, "Convertible").totals.cash, dec!(1213.20));
    // A savings plan the offering does not have is refused, naming what it has.
    let s = one_option(
        12,
        json!([{"name": "RI", "offering": "test/cloud/us-east-1/vm",
        "purchase_option": "reserved_1y", "payment": "partial_upfront", "commitment": "compute_savings_plan",
        "quantity": {"fixed": "1"}}]),
    );
    let e = compare(&catalog, &s).expect_err("no such schedule");
    assert!(e.to_string().contains("commitment convertible"), "{e}");
}

#[test]
fn asset_bought_with_cash_depreciates_straight_line_with_support_and_book_value() {
    let s = one_option(
        36,
        json!([{"name": "Servers", "offering": "test/hw/global/server",
        "purchase_option": "purchase", "quantity": {"fixed": "2"}}]),
    );
    let c = run(&s);
    let a = option(&c, "A");
    let p = line(a, "Servers", LineKind::Purchase);
    // 2 × 6,000 = 12,000 at the start of month 1 (capex).
    assert_eq!(
        (month_cash(a, 1) - dec!(100), p.cash, p.nature),
        (dec!(12000), dec!(12000.00), Nature::Capex)
    );
    // Straight line over 5 years: 12,000 ÷ 60 = 200 a month; 36 months = 7,200; book value 4,800.
    assert_eq!(p.depreciation, dec!(7200.00));
    assert_eq!(p.terminal_value, dec!(4800.00));
    // Support 10 %/yr of 12,000 = 1,200 a year = 100 a month, 36 months = 3,600.
    assert_eq!(line(a, "Servers", LineKind::Support).cash, dec!(3600.00));
    assert_eq!(a.totals.capex, dec!(12000.00));
    assert_eq!(a.totals.opex, dec!(3600.00));
    assert_eq!(a.totals.expense, dec!(10800.00));
    // NPV at 0 %: 15,600 cash − 4,800 terminal = 10,800.
    assert_eq!(a.totals.npv, dec!(10800.00));
    assert_eq!(a.kind, OptionKind::Own);
}

#[test]
fn asset_is_retired_for_its_residual_and_refreshed_at_end_of_life() {
    let s = one_option(
        48,
        json!([{"name": "Servers", "offering": "test/hw/global/server",
        "purchase_option": "purchase", "quantity": {"fixed": "2"},
        "asset": {"useful_life_years": 3, "residual_rate": "0.1"}}]),
    );
    let a = &run(&s).options[0];
    let p = line(a, "Servers", LineKind::Purchase);
    // Month 1: buy 12,000. Depreciation (12,000 − 1,200) ÷ 36 = 300 a month.
    // Month 37: retire (−1,200 residual received) and buy again (12,000): net 10,800.
    assert_eq!(a.monthly[36].capex, dec!(10800));
    assert_eq!(p.cash, dec!(22800.00));
    // Depreciation 36 × 300 + 12 × 300 = 14,400; book value of the second purchase 12,000 − 3,600 = 8,400.
    assert_eq!(p.depreciation, dec!(14400.00));
    assert_eq!(p.terminal_value, dec!(8400.00));
    // cash − terminal = depreciation when paid in cash.
    assert_eq!(p.cash - p.terminal_value, p.depreciation);
    // Support 100 a month for 48 months.
    assert_eq!(line(a, "Servers", LineKind::Support).cash, dec!(4800.00));
}

#[test]
fn asset_on_a_loan_splits_interest_and_principal_and_nets_the_balance() {
    let s = one_option(
        12,
        json!([{"name": "Server", "offering": "test/hw/global/server",
        "purchase_option": "purchase", "quantity": {"fixed": "1"},
        "asset": {"financing": {"loan": {"rate": "0.06", "term_months": 36, "down_payment_rate": "0.2"}}}}]),
    );
    let a = &run(&s).options[0];
    // Down payment 20 % × 6,000 = 1,200; loan 4,800 at 0.5 % a month over 36 months:
    // PMT = 146.03 (numpy-financial npf.pmt(0.005, 36, 4800) = −146.02529976746743).
    // First 12 payments: interest Σ npf.ipmt(0.005, 1..12, 36, 4800) = 247.05, principal 1,505.25;
    // balance 3,294.75.
    assert_eq!(line(a, "Server", LineKind::Purchase).cash, dec!(1200.00));
    assert_eq!(line(a, "Server", LineKind::LoanInterest).cash, dec!(247.05));
    assert_eq!(line(a, "Server", LineKind::LoanInterest).category, CostCategory::Financing);
    assert_eq!(line(a, "Server", LineKind::LoanPrincipal).cash, dec!(1505.25));
    assert_eq!(a.monthly[0].interest, dec!(24.00)); // 4,800 × 0.5 %
                                                    // Terminal: book 6,000 − 12 × 100 = 4,800 less the balance 3,294.75 = 1,505.25.
    assert_eq!(line(a, "Server", LineKind::LoanPrincipal).terminal_value, dec!(-3294.75));
    assert_eq!(a.totals.terminal_value, dec!(1505.25));
    // Cash 1,200 + 1,505.25 + 247.05 + support 12 × 50 = 3,552.30; expense 1,200 dep + 247.05 + 600.
    assert_eq!(a.totals.cash, dec!(3552.30));
    assert_eq!(a.totals.expense, dec!(2047.05));
    assert_eq!(a.totals.net_cash, a.totals.expense);
    assert!(run(&s).warnings.iter().any(|w| w.code == WarningCode::FinancingBeyondHorizon));
}

#[test]
fn leased_asset_is_opex_without_depreciation() {
    let s = one_option(
        12,
        json!([{"name": "Server", "offering": "test/hw/global/server",
        "purchase_option": "purchase", "quantity": {"fixed": "1"},
        "asset": {"financing": {"lease": {"monthly_rate": "0.03"}}}}]),
    );
    let a = &run(&s).options[0];
    // 3 % × 6,000 = 180 a month at each month's start; 12 months = 2,160. Support 50 a month = 600.
    let l = line(a, "Server", LineKind::Lease);
    assert_eq!((l.cash, l.nature, l.timing), (dec!(2160.00), Nature::Opex, Timing::Start));
    assert_eq!(a.totals.capex, dec!(0));
    assert_eq!(a.totals.depreciation, dec!(0));
    assert_eq!(a.totals.cash, dec!(2760.00));
    assert_eq!(a.totals.terminal_value, dec!(0));
}

#[test]
fn perpetual_licence_needs_a_life_and_depreciates_over_it() {
    let s = one_option(
        12,
        json!([{"name": "Licence", "offering": "test/sw/global/licence",
        "purchase_option": "purchase", "quantity": {"fixed": "1"}, "asset": {"useful_life_years": 3}}]),
    );
    let a = &run(&s).options[0];
    // 1,200 ÷ 36 = 33.33 a month; 12 months = 400.00; book value 800.00.
    let p = line(a, "Licence", LineKind::Purchase);
    assert_eq!(
        (p.cash, p.depreciation, p.terminal_value, p.category),
        (dec!(1200.00), dec!(400.00), dec!(800.00), CostCategory::Software)
    );
}

#[test]
fn recurring_labour_and_colocation() {
    let s = scenario(json!({"horizon_months": 12, "options": [{"name": "A",
        "components": [
            {"name": "Admin", "offering": "test/labor/us/sysadmin", "quantity": {"fixed": "0.5"}},
            {"name": "Colo", "offering": "test/colo/us/u", "quantity": {"fixed": "2"}}
        ],
        "labor": [{"name": "Ops", "offering": "test/labor/us/sysadmin", "fte": "0.25"}]}]}));
    let c = run(&s);
    let a = option(&c, "A");
    // 0.5 FTE × 96,800 ÷ 12 × 1.3 on-cost = 5,243.33 a month; a year 0.5 × 96,800 × 1.3 = 62,920.00.
    let admin = line(a, "Admin", LineKind::Labor);
    assert_eq!((admin.shape, admin.cash, admin.timing), (Shape::Recurring, dec!(62920.00), Timing::End));
    // 0.25 FTE: 31,460.00 a year.
    assert_eq!(line(a, "Ops", LineKind::Labor).cash, dec!(31460.00));
    // 2 U × 50 = 100 a month.
    assert_eq!(line(a, "Colo", LineKind::Recurring).cash, dec!(1200.00));
    // The labour price is an estimate dated 2024-05-01, more than 12 months before 2026-01.
    let codes: Vec<WarningCode> = c.warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&WarningCode::Estimate) && codes.contains(&WarningCode::StalePrice), "{codes:?}");
}

#[test]
fn one_time_charge_in_its_month() {
    let s = one_option(
        6,
        json!([{"name": "Migration", "offering": "test/services/global/migration",
        "quantity": {"fixed": "1"}, "one_time": {"month": 3}}]),
    );
    let a = &run(&s).options[0];
    // 5,000 at the start of month 3, expensed that month.
    assert_eq!(month_cash(a, 3), dec!(5000));
    assert_eq!(a.monthly[2].expense, dec!(5000));
    assert_eq!(a.totals.cash, dec!(5000.00));
    assert_eq!(a.by_category[0].category, CostCategory::OneTime);
}

#[test]
fn facility_derives_power_and_space_from_the_servers() {
    let s = scenario(json!({"horizon_months": 12, "options": [
        {"name": "A", "components": [{"name": "Servers", "offering": "test/hw/global/server",
            "purchase_option": "purchase", "quantity": {"fixed": "2"}}],
         "facility": {"energy_offering": "test/energy/us/commercial", "pue": "1.5", "space_offering": "test/colo/us/u"},
         "labor": [{"offering": "test/labor/us/sysadmin", "per_servers": "20"}]},
        {"name": "B", "components": [{"name": "Servers", "offering": "test/hw/global/server",
            "purchase_option": "purchase", "quantity": {"fixed": "2"}}],
         "facility": {"energy_offering": "test/energy/us/commercial", "pue_preset": "closet"}}
    ]}));
    let c = run(&s);
    let a = option(&c, "A");
    // 2 servers × 300 W × 730 h ÷ 1000 × PUE 1.5 = 657 kWh a month × 0.13 = 85.41; 12 months = 1,024.92.
    let power = line(a, "facility", LineKind::Power);
    assert_eq!((power.quantity_first, power.cash), (dec!(657), dec!(1024.92)));
    // 2 servers × 1 U × 50 = 100 a month.
    assert_eq!(line(a, "facility", LineKind::Space).cash, dec!(1200.00));
    // 2 servers ÷ 20 per admin = 0.1 FTE × 96,800 × 1.3 = 12,584.00 a year.
    assert_eq!(line(a, "test/labor/us/sysadmin", LineKind::Labor).cash, dec!(12584.00));
    // Closet PUE 2.0: 876 kWh × 0.13 = 113.88 a month; 1,366.56 a year.
    assert_eq!(line(option(&c, "B"), "facility", LineKind::Power).cash, dec!(1366.56));
}

#[test]
fn discounting_is_monthly_with_capex_at_month_start_and_opex_at_month_end() {
    // An annual rate of 1.01^12 − 1 = 0.126825030131969720661201 is exactly 1 % a month.
    let s = scenario(
        json!({"horizon_months": 12, "discount_rate": "0.126825030131969720661201", "options": [
            {"name": "End", "components": [{"name": "Disk", "offering": "test/cloud/us-east-1/storage", "quantity": {"fixed": "1250"}}]},
            {"name": "Start", "components": [{"name": "Chat", "price": {"category": "saas", "unit": "month", "billing": "monthly", "unit_price": "100"},
                "quantity": {"fixed": "1"}}]}
        ]}),
    );
    let c = run(&s);
    assert_eq!(c.monthly_discount_rate, dec!(0.0100000000));
    // 1,250 GiB × 0.08 = 100 a month in arrears: NPV = 100 × (1 − 1.01^−12) ÷ 0.01 = 1,125.51
    // (LibreOffice Calc 7.4 =NPV(0.01; 100 ×12) = 1125.50774734846).
    assert_eq!(option(&c, "End").totals.npv, dec!(1125.51));
    // The same paid in advance: × 1.01 = 1,136.76 (numpy-financial npf.npv(0.01, [100]*12) = 1136.7628248219476).
    assert_eq!(option(&c, "Start").totals.npv, dec!(1136.76));
    assert_eq!(option(&c, "End").monthly[0].present_value, dec!(99.01)); // 100 ÷ 1.01
    assert_eq!(option(&c, "Start").monthly[0].present_value, dec!(100.00));
}

#[test]
fn prices_in_other_currencies_are_converted_and_reported() {
    let s =
        one_option(12, json!([{"name": "IM", "offering": "test/saas/cn/im", "quantity": {"fixed": "5000"}}]));
    let c = run(&s);
    // 5,000 MAU fits the 10,000-MAU plan: 2,000 CNY a month ÷ 7.2 = 277.78 USD; 12 months = 3,333.33.
    assert_eq!(c.options[0].totals.cash, dec!(3333.33));
    let fx = c.warnings.iter().find(|w| w.code == WarningCode::FxConversion).expect("fx warning");
    assert_eq!(fx.rate.map(|r| r.round_dp(6)), Some(dec!(0.138889)));
    assert_eq!(fx.price_date.map(|d| d.to_string()), Some("2026-01-02".to_string()));
    let l = &c.options[0].line_items[0];
    assert_eq!(l.price_currency.as_ref().map(|c| c.code().to_string()), Some("CNY".into()));
}

#[test]
fn inline_quote_with_discount_and_tax() {
    let s = scenario(
        json!({"horizon_months": 12, "tax_rate": "0.25", "options": [{"name": "A", "components": [
        {"name": "Quote", "price": {"category": "saas", "unit": "user_month", "billing": "monthly", "unit_price": "10",
            "source": "Quote Q-123"}, "quantity": {"fixed": "10"}, "discount": "0.2"}]}]}),
    );
    let c = run(&s);
    let a = &c.options[0];
    // 10 seats × 10 × (1 − 20 %) = 80 a month; 960 a year. At 0 % discount rate, after-tax NPV
    // = 960 − 25 % × 960 = 720.
    assert_eq!(a.totals.cash, dec!(960.00));
    assert_eq!(a.totals.after_tax_npv, Some(dec!(720.00)));
    let l = &a.line_items[0];
    assert_eq!(l.offering, None);
    let p = l.provenance.as_ref().expect("provenance");
    assert_eq!((p.source_url.as_str(), p.basis), ("Quote Q-123", crate::catalog::Basis::Quote));
}

/// Whole scenarios: a SaaS rent option, a cloud rent option and an owned option, with break-even,
/// payback and ranking.
#[test]
fn whole_scenario_rent_saas_versus_rent_cloud_versus_own() {
    let s = scenario(json!({"horizon_months": 60, "options": [
        {"name": "SaaS", "components": [{"name": "Chat", "offering": "test/saas/global/chat",
            "purchase_option": "monthly_subscription", "quantity": {"fixed": "50"}}]},
        {"name": "Cloud", "components": [
            {"name": "VM", "offering": "test/cloud/us-east-1/vm", "purchase_option": "on_demand", "quantity": {"fixed": "1"}},
            {"name": "Disk", "offering": "test/cloud/us-east-1/storage", "quantity": {"fixed": "100"}}]},
        {"name": "Own", "components": [{"name": "Servers", "offering": "test/hw/global/server",
            "purchase_option": "purchase", "quantity": {"fixed": "2"}}]}
    ]}));
    let c = run(&s);
    let (saas, cloud, own) = (option(&c, "SaaS"), option(&c, "Cloud"), option(&c, "Own"));
    // SaaS: 50 × 8.75 = 437.50 a month × 60 = 26,250.00.
    assert_eq!(saas.totals.cash, dec!(26250.00));
    // Cloud: (730 × 0.192 = 140.16) + (100 × 0.08 = 8.00) = 148.16 a month × 60 = 8,889.60.
    assert_eq!(cloud.totals.cash, dec!(8889.60));
    // Own: 12,000 + support 100 a month × 60 = 18,000.00; fully depreciated after 5 years.
    assert_eq!(own.totals.cash, dec!(18000.00));
    assert_eq!((own.totals.depreciation, own.totals.terminal_value), (dec!(12000.00), dec!(0)));
    assert_eq!(own.yearly[0].cash, dec!(13200.00));
    assert_eq!(own.yearly[1].cash, dec!(1200.00));
    // Break-even Own vs SaaS: 12,000 + 100 m ≤ 437.50 m ⇔ m ≥ 35.56: month 36 (2028-12).
    let be = c.break_even.iter().find(|b| b.option == "Own" && b.versus == "SaaS").expect("pair");
    assert_eq!(be.month, Some(36));
    assert_eq!(be.period.map(|p| p.to_string()), Some("2028-12".into()));
    // Own never breaks even against Cloud: 18,000 > 8,889.60 at the end.
    let never = c.break_even.iter().find(|b| b.option == "Own" && b.versus == "Cloud").expect("pair");
    assert_eq!(never.month, None);
    assert!(never.reason.en().contains("18000.00 vs 8889.60"), "{}", never.reason);
    // Cloud is cheaper than SaaS from month 1.
    assert_eq!(
        c.break_even.iter().find(|b| b.option == "Cloud" && b.versus == "SaaS").and_then(|b| b.month),
        Some(1)
    );
    // Payback of Own against each renting option.
    let pb = c.payback.iter().find(|p| p.own == "Own" && p.rent == "SaaS").expect("payback");
    assert_eq!(pb.month, Some(36));
    assert_eq!(c.payback.iter().find(|p| p.rent == "Cloud").and_then(|p| p.month), None);
    // Ranking by cash: Cloud 8,889.60, Own 18,000.00 (+9,110.40), SaaS 26,250.00.
    let names: Vec<&str> = c.ranking.by_cash.iter().map(|r| r.option.as_str()).collect();
    assert_eq!(names, ["Cloud", "Own", "SaaS"]);
    assert_eq!(c.ranking.by_cash[1].difference, dec!(9110.40));
    assert_eq!(c.catalog_version, "test-catalog");
}

/// A whole owning option with every part: servers on a loan, facility, staff per server, a one-time
/// migration, over 24 months at a 0 % discount rate.
#[test]
fn whole_scenario_own_with_loan_facility_staff_and_migration() {
    let s = scenario(json!({"horizon_months": 24, "options": [{"name": "Own", "components": [
            {"name": "Servers", "offering": "test/hw/global/server", "purchase_option": "purchase", "quantity": {"fixed": "2"},
             "asset": {"financing": {"loan": {"rate": "0.06", "term_months": 36, "down_payment_rate": "0.2"}}}},
            {"name": "Migration", "offering": "test/services/global/migration", "quantity": {"fixed": "1"}}
        ],
        "facility": {"energy_offering": "test/energy/us/commercial", "pue": "1.5", "space_offering": "test/colo/us/u"},
        "labor": [{"name": "Admin", "offering": "test/labor/us/sysadmin", "per_servers": "20"}]}]}));
    let o = &run(&s).options[0];
    // Servers 2 × 6,000 = 12,000: down payment 20 % = 2,400 in month 1; loan 9,600 at 0.5 % a month
    // over 36 months, PMT = 292.05 (npf.pmt(0.005, 36, 9600) = −292.05059953493486). Over 24 months:
    // interest Σ npf.ipmt(0.005, 1..24, 36, 9600) = 802.53, principal 6,206.68, balance 3,393.32.
    assert_eq!(line(o, "Servers", LineKind::Purchase).cash, dec!(2400.00));
    assert_eq!(line(o, "Servers", LineKind::LoanPrincipal).cash, dec!(6206.68));
    assert_eq!(line(o, "Servers", LineKind::LoanInterest).cash, dec!(802.53));
    // Depreciation 12,000 ÷ 60 = 200 a month × 24 = 4,800; book 7,200 − balance 3,393.32 = 3,806.68.
    assert_eq!(o.totals.depreciation, dec!(4800.00));
    assert_eq!(o.totals.terminal_value, dec!(3806.68));
    // Support 12,000 × 10 % ÷ 12 = 100 a month: 2,400. Power 2 × 300 W × 730 h ÷ 1000 × 1.5 = 657 kWh
    // × 0.13 = 85.41 a month: 2,049.84. Space 2 U × 50 = 100 a month: 2,400.
    assert_eq!(line(o, "Servers", LineKind::Support).cash, dec!(2400.00));
    assert_eq!(line(o, "facility", LineKind::Power).cash, dec!(2049.84));
    assert_eq!(line(o, "facility", LineKind::Space).cash, dec!(2400.00));
    // Staff 2 servers ÷ 20 = 0.1 FTE × 96,800 × 1.3 = 12,584 a year: 25,168.00. Migration 5,000 in month 1.
    assert_eq!(line(o, "Admin", LineKind::Labor).cash, dec!(25168.00));
    assert_eq!(line(o, "Migration", LineKind::OneTime).cash, dec!(5000.00));
    // Cash 2,400 + 6,206.68 + 802.53 + 2,400 + 2,049.84 + 2,400 + 25,168 + 5,000 = 46,427.05,
    // capex 2,400 + 6,206.68 = 8,606.68; expense 4,800 + 802.53 + 2,400 + 2,049.84 + 2,400 + 25,168 + 5,000
    // = 42,620.37 = cash − terminal value.
    assert_eq!(o.totals.cash, dec!(46427.05));
    assert_eq!(o.totals.capex, dec!(8606.68));
    assert_eq!(o.totals.opex, dec!(37820.37));
    assert_eq!(o.totals.expense, dec!(42620.37));
    assert_eq!(o.totals.net_cash, dec!(42620.37));
    // At 0 %, NPV = cash − terminal value.
    assert_eq!(o.totals.npv, dec!(42620.37));
    // Month 1: down payment 2,400 + migration 5,000 + loan payment 292.05 + support 100 + power 85.41
    // + space 100 + staff 1,048.67 = 9,026.13.
    assert_eq!(o.monthly[0].cash, dec!(9026.13));
    assert_eq!(o.kind, OptionKind::Own);
}

/// `POST /v1/amortization` and a comparison agree on one asset to the cent, also when the residual
/// (6,000 × 0.0166675 = 100.005) falls on a half cent: both depreciate to the exact residual.
#[test]
fn amortization_schedule_agrees_with_the_comparison_asset_line() {
    let s = one_option(
        60,
        json!([{"name": "Server", "offering": "test/hw/global/server", "purchase_option": "purchase",
        "quantity": {"fixed": "1"}, "asset": {"useful_life_years": 5, "residual_rate": "0.0166675"}}]),
    );
    let a = &run(&s).options[0];
    let p = line(a, "Server", LineKind::Purchase);
    let schedule = crate::engine::schedule(
        &serde_json::from_value(json!({
            "currency": "USD", "cost": "6000", "residual_rate": "0.0166675", "useful_life_years": 5
        }))
        .expect("asset"),
    )
    .expect("schedule");
    // By hand: 6,000 − 100.005 = 5,899.995 depreciated → 5,900.00; book value 100.005 → 100.01.
    assert_eq!((p.depreciation, p.terminal_value), (dec!(5900.00), dec!(100.01)));
    assert_eq!(schedule.totals.depreciation, p.depreciation);
    assert_eq!(schedule.monthly.last().map(|m| m.book_value), Some(p.terminal_value));
    let schedule_years: Vec<Decimal> = schedule.yearly.iter().map(|y| y.depreciation).collect();
    let comparison_years: Vec<Decimal> = a.yearly.iter().map(|y| y.depreciation).collect();
    assert_eq!(schedule_years, comparison_years);
}

#[test]
fn weaker_bases_and_undated_prices_are_each_said_once() {
    use crate::catalog::{Basis, Provenance};
    let mut catalog = catalog();
    let restate = |catalog: &mut crate::catalog::Catalog, id: &str, p: Provenance| {
        let offering = catalog.offerings.get_mut(id).expect("fixture offering");
        offering.provenance = p;
        for schedule in &mut offering.prices {
            schedule.provenance = None;
        }
    };
    let read = chrono::NaiveDate::from_ymd_opt(2026, 5, 8).expect("date");
    let copy = Provenance {
        source_url: "https://example.test/copy".into(),
        basis: Basis::ThirdParty,
        copied_by: Some("SkyPilot's catalogue".into()),
        price_date: None,
        retrieved: read,
        note: None,
    };
    restate(&mut catalog, "test/cloud/us-east-1/vm", copy);
    let average = Provenance {
        source_url: "https://example.test/eia".into(),
        basis: Basis::Statistic,
        copied_by: None,
        price_date: Some(read),
        retrieved: read,
        note: None,
    };
    restate(&mut catalog, "test/cloud/us-east-1/storage", average);
    let s = scenario(json!({"horizon_months": 3, "options": [{"name": "A", "components": [
        {"name": "VMs", "offering": "test/cloud/us-east-1/vm", "purchase_option": "on_demand", "quantity": {"fixed": "2"}},
        {"name": "More VMs", "offering": "test/cloud/us-east-1/vm", "purchase_option": "on_demand", "quantity": {"fixed": "1"}},
        {"name": "Disk", "offering": "test/cloud/us-east-1/storage", "quantity": {"fixed": "100"}}
    ]}]}));
    let c = compare(&catalog, &s).unwrap_or_else(|e| panic!("compare failed: {e}"));
    let said = |code: WarningCode| c.warnings.iter().filter(|w| w.code == code).collect::<Vec<_>>();
    let undated = said(WarningCode::UndatedPrice);
    assert_eq!(undated.len(), 1, "{:?}", c.warnings);
    assert_eq!(undated[0].offering.as_deref(), Some("test/cloud/us-east-1/vm"));
    assert!(undated[0].message.en().contains("read on 2026-05-08"), "{}", undated[0].message);
    let copied = said(WarningCode::ThirdPartyPrice);
    assert_eq!(copied.len(), 1);
    assert!(copied[0].message.en().contains("SkyPilot's catalogue's copy"), "{}", copied[0].message);
    let statistics = said(WarningCode::Statistic);
    assert_eq!(statistics.len(), 1);
    assert_eq!(statistics[0].offering.as_deref(), Some("test/cloud/us-east-1/storage"));
    assert_eq!(statistics[0].price_date, Some(read));
    // Vendor-listed, dated prices (the fixture's others) say nothing.
    assert!(said(WarningCode::StalePrice).is_empty() && said(WarningCode::Estimate).is_empty());
}

/// Life spans: components, a facility and a labour line that start or end mid-horizon, as a move from
/// a SaaS plan to owned servers in month 13 with three months of both running.
#[test]
fn components_with_life_spans_start_and_end_mid_horizon() {
    let s = scenario(json!({"horizon_months": 36, "options": [{"name": "Move",
        "components": [
            {"name": "Chat", "offering": "test/saas/global/chat", "purchase_option": "annual_subscription",
             "quantity": {"fixed": "10"}, "until_month": 15},
            {"name": "Servers", "offering": "test/hw/global/server", "purchase_option": "purchase",
             "quantity": {"fixed": "2"}, "from_month": 13},
            {"name": "Migration", "offering": "test/services/global/migration", "quantity": {"fixed": "1"},
             "from_month": 13}
        ],
        "facility": {"energy_offering": "test/energy/us/commercial", "pue": "1.5",
                     "space_offering": "test/colo/us/u", "from_month": 13},
        "labor": [{"name": "Ops", "offering": "test/labor/us/sysadmin", "fte": "0.25", "from_month": 13}]}]}));
    let c = run(&s);
    let a = option(&c, "Move");
    // Chat: 10 seats × 7.25 × 12 = 870.00 at month 1 and again at month 13; it ends in month 15, inside
    // the second term, which is paid in full (the vendor bills the year): 1,740.00. Each payment is
    // expensed over its 12 months (72.50 a month, months 1–24), so nothing is left at month 36.
    let chat = line(a, "Chat", LineKind::Subscription);
    assert_eq!((chat.cash, chat.expense, chat.terminal_value), (dec!(1740.00), dec!(1740.00), dec!(0.00)));
    assert_eq!(a.monthly[23].expense - a.monthly[24].expense, dec!(72.50), "chat expensed to month 24 only");
    // Servers bought at the start of month 13: 2 × 6,000 = 12,000.00 capex, depreciated from month 13
    // over 5 years at 200 a month: months 13–36 = 24 × 200 = 4,800.00; book value 7,200.00.
    let servers = line(a, "Servers", LineKind::Purchase);
    assert_eq!(
        (servers.cash, servers.depreciation, servers.terminal_value),
        (dec!(12000.00), dec!(4800.00), dec!(7200.00))
    );
    assert_eq!(a.monthly[11].depreciation, dec!(0));
    assert_eq!(a.monthly[12].depreciation, dec!(200.00));
    // Support 10 %/yr of 12,000 = 100 a month, months 13–36: 2,400.00.
    assert_eq!(line(a, "Servers", LineKind::Support).cash, dec!(2400.00));
    // The migration's one-time charge defaults to its `from_month`: 5,000.00 at month 13.
    assert_eq!(line(a, "Migration", LineKind::OneTime).cash, dec!(5000.00));
    // Facility from month 13: power 2 × 300 W × 730 h ÷ 1000 × 1.5 = 657 kWh × 0.13 = 85.41 a month,
    // × 24 = 2,049.84; space 2 U × 50 = 100 a month, × 24 = 2,400.00.
    assert_eq!(line(a, "facility", LineKind::Power).cash, dec!(2049.84));
    assert_eq!(line(a, "facility", LineKind::Space).cash, dec!(2400.00));
    // Ops from month 13: 0.25 × 96,800 × 1.3 = 31,460 a year, two years = 62,920.00.
    assert_eq!(line(a, "Ops", LineKind::Labor).cash, dec!(62920.00));
    // Month 12: nothing is paid (the chat year was prepaid in month 1).
    assert_eq!(month_cash(a, 12), dec!(0));
    // Month 13, the switch: chat 870 + servers 12,000 + support 100 + migration 5,000 + power 85.41
    // + space 100 + ops 31,460 ÷ 12 = 2,621.67 → 20,777.08.
    assert_eq!(month_cash(a, 13), dec!(20777.08));
    // Months 16–36 carry no chat: month 16 = support 100 + power 85.41 + space 100 + ops, whose fourth
    // month is round(4 × 2,621.666…) − round(3 × 2,621.666…) = 10,486.67 − 7,865.00 = 2,621.67 (a line
    // is rounded cumulatively, so its months add up to its total) → 2,907.08.
    assert_eq!(month_cash(a, 16), dec!(2907.08));
    // Total: 1,740 + 12,000 + 2,400 + 5,000 + 2,049.84 + 2,400 + 62,920 = 88,509.84.
    assert_eq!(a.totals.cash, dec!(88509.84));
    assert!(c.warnings.iter().all(|w| w.code != WarningCode::CommitmentOutlivesComponent));
}

#[test]
fn a_commitment_outliving_its_component_is_billed_to_its_term_and_says_so() {
    let s = scenario(json!({"horizon_months": 36, "options": [
        {"name": "All", "components": [{"name": "RI", "offering": "test/cloud/us-east-1/vm",
            "purchase_option": "reserved_1y", "payment": "all_upfront", "quantity": {"fixed": "2"}, "until_month": 6}]},
        {"name": "Partial", "components": [{"name": "RI", "offering": "test/cloud/us-east-1/vm",
            "purchase_option": "reserved_1y", "payment": "partial_upfront", "quantity": {"fixed": "2"}, "until_month": 6}]},
        {"name": "Monthly", "components": [{"name": "Chat", "offering": "test/saas/global/chat",
            "purchase_option": "monthly_subscription", "quantity": {"fixed": "10"}, "from_month": 4, "until_month": 6}]}
    ]}));
    let c = run(&s);
    // One term from month 1 (no renewal: the component is gone by month 13): 2 × 1,000 = 2,000.00,
    // expensed 166.67 a month over months 1–12.
    let all = option(&c, "All");
    assert_eq!(
        (all.totals.cash, all.totals.expense, month_cash(all, 13)),
        (dec!(2000.00), dec!(2000.00), dec!(0))
    );
    // Partial: 2 × 500 upfront, and 2 × 730 h × 0.06 = 87.60 a month billed to the term's end (month 12,
    // not month 6): 12 × 87.60 = 1,051.20.
    let partial = option(&c, "Partial");
    assert_eq!(line(partial, "RI", LineKind::CommitmentRecurring).cash, dec!(1051.20));
    assert_eq!(month_cash(partial, 12), dec!(87.60));
    assert_eq!(month_cash(partial, 13), dec!(0));
    let outlives: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::CommitmentOutlivesComponent)
        .filter_map(|w| w.option.as_deref())
        .collect();
    assert_eq!(outlives, ["All", "Partial"]);
    // A monthly plan in months 4–6 only: 3 × 10 × 8.75 = 262.50.
    let monthly = option(&c, "Monthly");
    assert_eq!(monthly.totals.cash, dec!(262.50));
    assert_eq!(
        (month_cash(monthly, 3), month_cash(monthly, 4), month_cash(monthly, 7)),
        (dec!(0), dec!(87.50), dec!(0))
    );
}

/// The path: a SaaS plan, then owned servers from month 13 with three months of both running
/// and a migration cost: the same lines as the life-span test above, each labelled with its stage.
#[test]
fn a_path_switches_to_owned_servers_in_month_13_with_three_months_of_overlap() {
    let s = scenario(json!({"horizon_months": 36, "options": [{"name": "Path", "stages": [
        {"name": "SaaS", "components": [
            {"name": "Chat", "offering": "test/saas/global/chat", "purchase_option": "annual_subscription",
             "quantity": {"fixed": "10"}}]},
        {"name": "Own", "switch": {"at_month": 13}, "overlap_months": 3,
         "components": [{"name": "Servers", "offering": "test/hw/global/server", "purchase_option": "purchase",
             "quantity": {"fixed": "2"}}],
         "facility": {"energy_offering": "test/energy/us/commercial", "pue": "1.5", "space_offering": "test/colo/us/u"},
         "labor": [{"name": "Ops", "offering": "test/labor/us/sysadmin", "fte": "0.25"}],
         "migration": [{"name": "Migration", "offering": "test/services/global/migration", "quantity": {"fixed": "1"}}]}
    ]}]}));
    let c = run(&s);
    let a = option(&c, "Path");
    // The stages: SaaS months 1–15 (up to the switch, plus 3 months of overlap), Own months 13–36.
    let runs: Vec<(&str, Option<u32>, Option<u32>)> =
        a.stages.iter().map(|r| (r.name.as_str(), r.from_month, r.until_month)).collect();
    assert_eq!(runs, [("SaaS", Some(1), Some(15)), ("Own", Some(13), Some(36))]);
    // Chat (SaaS): 870.00 at months 1 and 13; the second year is paid in full to month 24, the year
    // boundary, though the stage ends in month 15: 1,740.00.
    let chat = line(a, "Chat", LineKind::Subscription);
    assert_eq!((chat.stage.as_deref(), chat.cash), (Some("SaaS"), dec!(1740.00)));
    // Servers bought at the start of month 13, 12,000.00, depreciated 200 a month from month 13
    // (4,800.00 to month 36, 7,200.00 book value); support 100 a month, 2,400.00.
    let servers = line(a, "Servers", LineKind::Purchase);
    assert_eq!(
        (servers.stage.as_deref(), servers.cash, servers.depreciation),
        (Some("Own"), dec!(12000.00), dec!(4800.00))
    );
    assert_eq!(servers.terminal_value, dec!(7200.00));
    assert_eq!(line(a, "Servers", LineKind::Support).cash, dec!(2400.00));
    // Migration: 5,000.00 in the switch month.
    let migration = line(a, "Migration", LineKind::OneTime);
    assert_eq!((migration.stage.as_deref(), migration.cash), (Some("Own"), dec!(5000.00)));
    // Month 13: chat 870 + servers 12,000 + support 100 + migration 5,000 + power 85.41 + space 100
    // + ops 2,621.67 = 20,777.08, as in the life-span test.
    assert_eq!(month_cash(a, 13), dec!(20777.08));
    // Facility 85.41 + 100 a month and Ops 2,621.67 a month from month 13: 2,049.84, 2,400.00, 62,920.00.
    assert_eq!(line(a, "facility", LineKind::Power).cash, dec!(2049.84));
    assert_eq!(line(a, "facility", LineKind::Space).cash, dec!(2400.00));
    assert_eq!(line(a, "Ops", LineKind::Labor).cash, dec!(62920.00));
    // 1,740 + 12,000 + 2,400 + 5,000 + 2,049.84 + 2,400 + 62,920 = 88,509.84.
    assert_eq!(a.totals.cash, dec!(88509.84));
    assert_eq!(a.kind, OptionKind::Own);
}

#[test]
fn a_driver_trigger_switches_in_the_first_month_the_driver_reaches_its_threshold() {
    // Users 100 × 2^((m−1)/12): 100 in month 1, 200 in month 13. Month 8 has 100 × 2^(7/12) = 149.83,
    // below 150; month 9 has 100 × 2^(8/12) = 158.74: the switch is in month 9.
    let s = scenario(
        json!({"horizon_months": 24, "drivers": {"users": {"start": "100", "annual_growth": "1"}},
        "options": [{"name": "Path", "stages": [
            {"name": "Monthly", "components": [{"name": "Chat", "offering": "test/saas/global/chat",
                "purchase_option": "monthly_subscription", "quantity": {"driver": "users", "round": "ceil"}}]},
            {"name": "Licence", "switch": {"driver": "users", "at_least": "150"},
             "components": [{"name": "Licence", "offering": "test/sw/global/licence", "purchase_option": "purchase",
                "quantity": {"fixed": "1"}, "asset": {"useful_life_years": 5}}]}
        ]}]}),
    );
    let c = run(&s);
    let a = option(&c, "Path");
    assert_eq!((a.stages[1].from_month, a.stages[0].until_month), (Some(9), Some(8)));
    // The licence, 1,200, is bought at the start of month 9; the plan bills months 1–8 only.
    assert_eq!(line(a, "Licence", LineKind::Purchase).cash, dec!(1200.00));
    let chat = c.options[0].line_items.iter().find(|l| l.component == "Chat").expect("chat");
    assert!(chat.monthly_cash.iter().skip(8).all(|m| m.is_zero()));
    assert!(!chat.monthly_cash[7].is_zero());
    // Never reached: a threshold above the horizon's 200 users leaves the first stage alone.
    let mut never = s.clone();
    never.options[0].stages[1].switch.as_mut().expect("switch").at_least = Some(dec!(1000));
    let c = run(&never);
    assert_eq!(c.options[0].stages[1].from_month, None);
    assert!(c.options[0].line_items.iter().all(|l| l.component == "Chat"));
}

/// A migration priced by usage (the egress of moving the data out) bills the switch month's quantity
/// once, not every month after it.
#[test]
fn a_usage_priced_migration_bills_the_switch_month_only() {
    let s = scenario(json!({"horizon_months": 12, "drivers": {"stored_gib": {"start": "2000"}},
        "options": [{"name": "Path", "stages": [
        {"name": "Cloud", "components": [{"name": "Storage", "offering": "test/cloud/us-east-1/storage",
            "quantity": {"driver": "stored_gib"}}]},
        {"name": "Own", "switch": {"at_month": 7}, "components": [{"name": "Servers",
            "offering": "test/hw/global/server", "purchase_option": "purchase", "quantity": {"fixed": "1"}}],
         "migration": [{"name": "Moving the data out", "offering": "test/cloud/us-east-1/egress",
            "quantity": {"driver": "stored_gib"}}]}
    ]}]}));
    let c = run(&s);
    let a = option(&c, "Path");
    // Egress of 2,000 GiB in month 7: the first 100 GiB free, 1,900 × 0.09 = 171.00; nothing after.
    let egress = a.line_items.iter().find(|l| l.component == "Moving the data out").expect("egress");
    assert_eq!((egress.stage.as_deref(), egress.cash), (Some("Own"), dec!(171.00)));
    assert_eq!(egress.monthly_cash[6], dec!(171.00));
    assert!(egress.monthly_cash.iter().enumerate().all(|(m, x)| m == 6 || x.is_zero()));
    // Storage 2,000 × 0.08 = 160.00 a month in months 1–6: 960.00.
    assert_eq!(line(a, "Storage", LineKind::Usage).cash, dec!(960.00));
}

/// Own now, rent later: an owned server in a stage that ends is kept to the end of its life (still
/// depreciated, not bought again), and the path's warnings and line items point into its stages.
#[test]
fn an_asset_in_a_stage_that_ends_is_kept_and_not_refreshed() {
    let s = scenario(json!({"horizon_months": 84, "options": [{"name": "Path", "stages": [
        {"name": "Own", "components": [{"name": "Servers", "offering": "test/hw/global/server",
            "purchase_option": "purchase", "quantity": {"fixed": "1"}}]},
        {"name": "Rent", "switch": {"at_month": 25}, "components": [{"name": "Chat",
            "offering": "test/saas/global/chat", "purchase_option": "monthly_subscription", "quantity": {"fixed": "10"}}]}
    ]}]}));
    let c = run(&s);
    let a = option(&c, "Path");
    // One server, 6,000 at month 1, 5-year life: depreciated 100 a month over months 1–60 = 6,000; not
    // refreshed at month 61 (the stage ended in month 24). Without the switch it would be bought again.
    let servers = line(a, "Servers", LineKind::Purchase);
    assert_eq!((servers.cash, servers.depreciation), (dec!(6000.00), dec!(6000.00)));
    // Support 10 %/yr: 50 a month while in service, months 1–60: 3,000.
    assert_eq!(line(a, "Servers", LineKind::Support).cash, dec!(3000.00));
    // Chat from month 25: 60 months × 10 × 8.75 = 5,250.
    assert_eq!(line(a, "Chat", LineKind::Subscription).cash, dec!(5250.00));
    let pointers: Vec<&str> = a.line_items.iter().map(|l| l.pointer.as_str()).collect();
    assert!(pointers.contains(&"/options/0/stages/0/components/0"), "{pointers:?}");
    assert!(pointers.contains(&"/options/0/stages/1/components/0"), "{pointers:?}");
    assert!(c
        .warnings
        .iter()
        .filter_map(|w| w.pointer.as_deref())
        .all(|p| !p.starts_with("/options/0/components")));
}

/// The tornado reaches inside a path: its stages' labour, hardware and lives are levers like a flat
/// option's.
#[test]
fn a_tornado_over_a_path_moves_what_is_inside_its_stages() {
    let s = scenario(json!({"horizon_months": 36, "options": [
    {"name": "Rent", "components": [{"name": "Chat", "offering": "test/saas/global/chat",
        "purchase_option": "monthly_subscription", "quantity": {"fixed": "20"}}]},
    {"name": "Path", "stages": [
        {"name": "Rent", "components": [{"name": "Chat", "offering": "test/saas/global/chat",
            "purchase_option": "monthly_subscription", "quantity": {"fixed": "20"}}]},
        {"name": "Own", "switch": {"at_month": 13}, "components": [{"name": "Servers",
            "offering": "test/hw/global/server", "purchase_option": "purchase", "quantity": {"fixed": "1"}}],
         "labor": [{"offering": "test/labor/us/sysadmin", "fte": "0.05"}]}
    ]}]}));
    let mut budget = crate::engine::budget::Budget::default();
    let t = crate::engine::sweep::tornado(&catalog(), &s, "Path", "Rent", dec!(0.2), &mut budget)
        .expect("tornado");
    let bars: Vec<&str> = t.bars.iter().map(|b| b.assumption.as_str()).collect();
    for lever in ["labor_cost", "useful_life"] {
        assert!(bars.contains(&lever), "{lever} in {bars:?}");
    }
    let labour = t.bars.iter().find(|b| b.assumption == "labor_cost").expect("labour bar");
    assert!(labour.impact > Decimal::ZERO, "the stage's labour moves the gap");
}

/// The third stage of a path with fixed switches is searched between its neighbours' months only.
#[test]
fn the_best_switch_of_a_middle_stage_is_searched_between_its_neighbours() {
    let stage = |name: &str, month: u32| {
        json!({"name": name, "switch": {"at_month": month}, "components": [
        {"name": format!("{name} chat"), "offering": "test/saas/global/chat", "purchase_option": "monthly_subscription",
         "quantity": {"fixed": "1"}}]})
    };
    let s = scenario(json!({"horizon_months": 24, "options": [{"name": "Path", "stages": [
        {"name": "A", "components": []}, stage("B", 6), stage("C", 12), stage("D", 20)
    ]}]}));
    let mut budget = crate::engine::budget::Budget::default();
    let best = crate::engine::switch::optimize_switch(
        &catalog(),
        &s,
        0,
        2,
        crate::engine::switch::Objective::Cash,
        &mut budget,
    )
    .expect("optimum");
    let months: Vec<Option<u32>> = best.curve.iter().map(|p| p.month).collect();
    assert_eq!(months, (7..=19).map(Some).collect::<Vec<_>>(), "after B's month 6, before D's month 20");
    assert_eq!(best.at_once.month, Some(7));
}

/// The switch optimizer searches between the stages' effective starts, driver thresholds included.
#[test]
fn the_switch_search_spans_the_months_between_its_neighbours_starts_driver_triggers_included() {
    use crate::engine::switch::{optimize_switch, Objective};
    // Users 100 × 2^((m−1)/12) first reach 150 in month 9 (158.74; month 8 has 149.83).
    let stage = |name: &str, switch: serde_json::Value| {
        json!({"name": name, "switch": switch, "components": [{"name": format!("Chat {name}"),
            "offering": "test/saas/global/chat", "purchase_option": "monthly_subscription", "quantity": {"fixed": "1"}}]})
    };
    let path = |second: serde_json::Value, third: serde_json::Value| {
        scenario(json!({"horizon_months": 12, "drivers": {"users": {"start": "100", "annual_growth": "1"}},
            "options": [{"name": "Path", "stages": [
                {"name": "A", "components": [{"name": "Chat A", "offering": "test/saas/global/chat",
                    "purchase_option": "monthly_subscription", "quantity": {"driver": "users", "round": "ceil"}}]},
                stage("B", second), stage("C", third)]}]}))
    };
    let months = |s: &crate::scenario::Scenario, stage: usize| -> Vec<u32> {
        let mut budget = crate::engine::budget::Budget::default();
        let found = optimize_switch(&catalog(), s, 0, stage, Objective::Npv, &mut budget).expect("optimum");
        found.curve.iter().filter_map(|p| p.month).collect()
    };
    let by_users = json!({"driver": "users", "at_least": "150"});
    // B before C's threshold month: months 1 to 8 (in month 9 C starts, and B would never run).
    let s = path(json!({"at_month": 3}), by_users.clone());
    assert_eq!(months(&s, 1), (1..=8).collect::<Vec<_>>());
    // C after B's threshold month: months 10 to 12.
    let s = path(by_users.clone(), json!({"at_month": 12}));
    assert_eq!(months(&s, 2), (10..=12).collect::<Vec<_>>());
    // B's threshold never reached within the horizon: C cannot be reached either, so only "never".
    let s = path(json!({"driver": "users", "at_least": "1000"}), json!({"at_month": 12}));
    assert_eq!(months(&s, 2), Vec::<u32>::new());
}
