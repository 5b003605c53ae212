//! Property tests over generated scenarios (fixture catalogue): totals add up, prices scale totals,
//! cumulative cash never falls, discounting never raises cost, depreciation sums to cost − residual,
//! and no accepted input panics or overflows.

use super::fixture::catalog;
use crate::catalog::Catalog;
use crate::engine::amortization::{monthly_depreciation, schedule, AssetInput};
use crate::engine::{compare, validate, Comparison};
use crate::money;
use crate::scenario::{Depreciation, Scenario};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn dec_str(units: i64, scale: u32) -> String {
    Decimal::new(units, scale).to_string()
}

fn quantity(fixed: u32, by_driver: bool, per: u32) -> Value {
    if by_driver {
        json!({"driver": "users", "per": per.max(1).to_string(), "round": "ceil"})
    } else {
        json!({"fixed": fixed.to_string()})
    }
}

prop_compose! {
    /// One component of any shape; `residual` allows a residual value on assets.
    fn component(horizon: u32, residual: bool)(
        kind in 0usize..13,
        fixed in 0u32..60,
        by_driver in any::<bool>(),
        per in 1u32..200,
        financing in 0usize..3,
        method in 0usize..4,
        life in 1u32..7,
        residual_pct in 0i64..40,
        month in 1u32..=240,
        refresh in any::<bool>(),
        terminal in any::<bool>(),
        discount_pct in 0i64..50,
    ) -> Value {
        let q = quantity(fixed, by_driver, per);
        let financing = match financing {
            0 => json!("cash"),
            1 => json!({"loan": {"rate": "0.07", "term_months": 6 + life * 6, "down_payment_rate": "0.1"}}),
            _ => json!({"lease": {"monthly_rate": "0.025"}}),
        };
        let method = match method {
            0 => json!("straight_line"),
            1 => json!("double_declining_balance"),
            2 => json!("sum_of_years_digits"),
            _ => json!({"declining_balance": {}}),
        };
        let residual_rate = if residual { dec_str(residual_pct, 2) } else { "0".to_string() };
        let mut c = match kind {
            0 => json!({"offering": "test/saas/global/chat", "purchase_option": "monthly_subscription", "quantity": q}),
            1 => json!({"offering": "test/saas/global/chat", "purchase_option": "annual_subscription", "quantity": q}),
            2 => json!({"offering": "test/cloud/us-east-1/vm", "purchase_option": "on_demand", "quantity": {"fixed": (fixed % 60).to_string()}}),
            3 => json!({"offering": "test/cloud/us-east-1/vm", "purchase_option": "reserved_1y", "payment": "all_upfront", "quantity": q}),
            4 => json!({"offering": "test/cloud/us-east-1/vm", "purchase_option": "reserved_1y", "payment": "partial_upfront", "quantity": q}),
            5 => json!({"offering": "test/cloud/us-east-1/storage", "quantity": {"driver": "users", "multiplier": "5"}}),
            6 => json!({"offering": "test/cloud/us-east-1/egress", "quantity": {"driver": "users", "multiplier": "30"}}),
            7 => json!({"offering": "test/hw/global/server", "purchase_option": "purchase", "quantity": q,
                        "asset": {"financing": financing, "depreciation": method, "useful_life_years": life,
                                  "residual_rate": residual_rate, "refresh": refresh, "terminal_value": terminal}}),
            8 => json!({"offering": "test/sw/global/licence", "purchase_option": "purchase", "quantity": q,
                        "asset": {"useful_life_years": life, "residual_rate": residual_rate}}),
            9 => json!({"offering": "test/services/global/migration", "quantity": {"fixed": "1"},
                        "one_time": {"month": 1 + (month - 1) % horizon}}),
            10 => json!({"offering": "test/labor/us/sysadmin", "quantity": {"fixed": dec_str(i64::from(fixed), 2)}}),
            11 => json!({"offering": "test/saas/cn/im", "quantity": {"driver": "users", "multiplier": "40"}}),
            _ => json!({"price": {"category": "saas", "unit": "user_month", "billing": "monthly", "unit_price": "3.3",
                        "base_fee": "20", "included_quantity": "5"}, "quantity": q}),
        };
        if let Some(map) = c.as_object_mut() {
            if discount_pct > 25 {
                map.insert("discount".into(), json!(dec_str(discount_pct - 25, 2)));
            }
        }
        c
    }
}

prop_compose! {
    fn option_spec(index: usize, horizon: u32, residual: bool)(
        components in prop::collection::vec(component(horizon, residual), 1..5),
        facility in any::<bool>(),
        labor in 0usize..3,
    ) -> Value {
        let named: Vec<Value> = components
            .into_iter()
            .enumerate()
            .map(|(j, mut c)| {
                if let Some(map) = c.as_object_mut() {
                    map.insert("name".into(), json!(format!("c{j}")));
                }
                c
            })
            .collect();
        let mut o = json!({"name": format!("option {index}"), "components": named});
        if let Some(map) = o.as_object_mut() {
            if facility {
                map.insert("facility".into(), json!({"energy_offering": "test/energy/us/commercial", "pue": "1.4",
                    "space_offering": "test/colo/us/u"}));
            }
            match labor {
                1 => { map.insert("labor".into(), json!([{"offering": "test/labor/us/sysadmin", "fte": "0.1"}])); }
                2 => { map.insert("labor".into(), json!([{"offering": "test/labor/us/sysadmin", "per_servers": "15", "min_fte": "0.05"}])); }
                _ => {}
            }
        }
        o
    }
}

fn options(horizon: u32, residual: bool) -> impl Strategy<Value = Vec<Value>> {
    (1usize..4).prop_flat_map(move |n| (0..n).map(|i| option_spec(i, horizon, residual)).collect::<Vec<_>>())
}

prop_compose! {
    fn scenario_json(residual: bool)(horizon in 1u32..=72)(
        horizon in Just(horizon),
        options in options(horizon, residual),
        rate in 0i64..30,
        tax in proptest::option::of(0i64..40),
        users in 0i64..3000,
        growth in -50i64..150,
        by_year in any::<bool>(),
        inflation in 0i64..8,
    ) -> Value {
        let users = if by_year {
            json!({"values_by_year": [users.to_string(), (users * 2).to_string(), (users / 2).to_string()]})
        } else {
            json!({"start": users.to_string(), "annual_growth": dec_str(growth, 2)})
        };
        let mut s = json!({
            "currency": "USD", "horizon_months": horizon, "start": "2026-01",
            "discount_rate": dec_str(rate, 2), "drivers": {"users": users},
            "inflation": {"labor": dec_str(inflation, 2), "power": dec_str(inflation / 2, 2)},
            "options": options
        });
        if let (Some(map), Some(t)) = (s.as_object_mut(), tax) {
            map.insert("tax_rate".into(), json!(dec_str(t, 2)));
        }
        s
    }
}

fn parse(v: &Value) -> Scenario {
    serde_json::from_value(v.clone()).expect("generated scenario parses")
}

fn run(catalog: &Catalog, s: &Scenario) -> Result<Comparison, TestCaseError> {
    compare(catalog, s).map_err(|e| TestCaseError::fail(format!("compare failed on a valid scenario: {e}")))
}

fn total(values: impl Iterator<Item = Decimal>) -> Decimal {
    money::sum(values).expect("sum")
}

/// Every price of the catalogue multiplied by `k`.
fn scaled_catalog(k: Decimal) -> Catalog {
    let mut c = catalog();
    let scale = |x: &mut Option<Decimal>| {
        if let Some(v) = x.as_mut() {
            *v *= k;
        }
    };
    for o in c.offerings.values_mut() {
        for s in &mut o.prices {
            scale(&mut s.unit_price);
            scale(&mut s.base_fee);
            scale(&mut s.upfront);
            for t in &mut s.tiers {
                scale(&mut t.unit_price);
                scale(&mut t.flat_fee);
            }
        }
    }
    c
}

fn scaled_scenario(s: &Scenario, k: Decimal) -> Scenario {
    let mut s = s.clone();
    for o in &mut s.options {
        for c in &mut o.components {
            if let Some(p) = c.price.as_mut() {
                for x in [&mut p.unit_price, &mut p.base_fee, &mut p.upfront] {
                    if let Some(v) = x.as_mut() {
                        *v *= k;
                    }
                }
            }
        }
    }
    s
}

/// Generated components named `{prefix}{j}`, one-time charges in month 1 (inside any horizon).
fn named(list: &[Value], prefix: &str) -> Vec<Value> {
    list.iter()
        .enumerate()
        .map(|(j, c)| {
            let mut c = c.clone();
            c["name"] = json!(format!("{prefix}{j}"));
            if c.get("one_time").is_some() {
                c["one_time"] = json!({"month": 1});
            }
            c
        })
        .collect()
}

/// Gives components, facilities and labour lines life spans from `picks` (two per element: none, a
/// start, an end, or both), keeping one-time charges' months and owned assets (which cannot end) valid.
fn add_spans(v: &mut Value, picks: &[(u32, u32)]) {
    let horizon = v["horizon_months"].as_u64().unwrap_or(1) as u32;
    let mut picks = picks.iter().cycle();
    let mut spans = |element: &mut Value, may_end: bool| {
        let Some(&(a, b)) = picks.next() else { return };
        let (from, until) = (1 + a % horizon, 1 + b % horizon);
        let (from, until) = (from.min(until), from.max(until));
        let Some(map) = element.as_object_mut() else { return };
        if let Some(month) = map.get("one_time").and_then(|o| o["month"].as_u64()) {
            let month = month as u32;
            map.insert("from_month".into(), json!(from.min(month)));
            map.insert("until_month".into(), json!(until.max(month)));
            return;
        }
        if a % 3 != 0 {
            map.insert("from_month".into(), json!(from));
        }
        if may_end && b % 3 != 0 {
            map.insert("until_month".into(), json!(until));
        }
    };
    for option in v["options"].as_array_mut().into_iter().flatten() {
        for c in option["components"].as_array_mut().into_iter().flatten() {
            let owned = c["purchase_option"] == "purchase";
            spans(c, !owned);
        }
        if option.get("facility").is_some() {
            spans(&mut option["facility"], true);
        }
        for l in option.get_mut("labor").and_then(Value::as_array_mut).into_iter().flatten() {
            spans(l, true);
        }
    }
}

/// `cases` per property, unless `PROPTEST_CASES` asks for more (e.g. a long local run).
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

proptest! {
    #![proptest_config(config(48))]

    /// A path whose switch never fires costs what its first stage costs as a plain option; a path that
    /// switches in month 1 costs what its second stage plus the migration costs do, whatever its overlap
    /// (a stage replaced in its first month never ran, so nothing runs in parallel).
    #[test]
    fn a_path_is_its_first_stage_when_it_never_switches_and_its_second_when_it_switches_at_once(
        horizon in 1u32..=48,
        first in prop::collection::vec(component(48, true), 1..4),
        second in prop::collection::vec(component(48, true), 1..4),
        users in 1i64..2000,
        overlap in 0u32..4,
    ) {
        let (first, second) = (named(&first, "a"), named(&second, "b"));
        let migration = json!({"name": "move", "offering": "test/services/global/migration", "quantity": {"fixed": "1"}});
        let base = |options: Value| json!({"currency": "USD", "horizon_months": horizon, "start": "2026-01",
            "discount_rate": "0.07", "drivers": {"users": {"start": users.to_string(), "annual_growth": "0.5"}},
            "options": options});
        let path = |switch: Value| json!({"name": "path", "stages": [
            {"name": "one", "components": first.clone()},
            {"name": "two", "switch": switch, "overlap_months": overlap, "components": second.clone(),
             "migration": [migration.clone()]}
        ]});
        let mut with_migration = second.clone();
        with_migration.push(migration.clone());
        let cases = [
            (path(json!({"driver": "users", "at_least": "1000000000"})), json!({"name": "plain", "components": first.clone()})),
            (path(json!({"at_month": 1})), json!({"name": "plain", "components": with_migration})),
        ];
        let cat = catalog();
        for (path, plain) in cases {
            let v = base(json!([path, plain]));
            let s = parse(&v);
            prop_assume!(validate(&s, &cat).is_ok());
            let c = run(&cat, &s)?;
            let (a, b) = (&c.options[0], &c.options[1]);
            prop_assert_eq!(&a.totals, &b.totals);
            prop_assert_eq!(&a.monthly, &b.monthly);
            prop_assert_eq!(a.line_items.len(), b.line_items.len());
        }
    }

    /// The best switch month is no worse than any month it did not pick, nor than never switching:
    /// checked exhaustively against independent comparisons on small horizons.
    #[test]
    fn the_best_switch_month_is_no_worse_than_any_other(
        horizon in 1u32..=12,
        first in prop::collection::vec(component(12, true), 1..3),
        second in prop::collection::vec(component(12, true), 1..3),
        users in 1i64..500,
        by_cash in any::<bool>(),
    ) {
        use crate::engine::switch::{optimize_switch, Objective};
        let (first, second) = (named(&first, "a"), named(&second, "b"));
        let v = json!({"currency": "USD", "horizon_months": horizon, "start": "2026-01", "discount_rate": "0.1",
            "drivers": {"users": {"start": users.to_string(), "annual_growth": "0.8"}},
            "options": [{"name": "path", "stages": [
                {"name": "one", "components": first},
                {"name": "two", "switch": {"at_month": 1}, "overlap_months": 1, "components": second,
                 "migration": [{"name": "move", "offering": "test/services/global/migration", "quantity": {"fixed": "1"}}]}
            ]}]});
        let s = parse(&v);
        let cat = catalog();
        prop_assume!(validate(&s, &cat).is_ok());
        let objective = if by_cash { Objective::Cash } else { Objective::Npv };
        let mut budget = crate::engine::budget::Budget::default();
        let Ok(best) = optimize_switch(&cat, &s, 0, 1, objective, &mut budget) else {
            // Some switch month is invalid (an asset of the first stage would have to end): skip.
            return Ok(());
        };
        let value = |npv: Decimal, cash: Decimal| if by_cash { cash } else { npv };
        let chosen = value(best.best.npv, best.best.cash);
        prop_assert_eq!(best.curve.len(), horizon as usize);
        for month in 1..=horizon {
            let mut at = s.clone();
            at.options[0].stages[1].switch.as_mut().expect("switch").at_month = Some(month);
            let c = run(&cat, &at)?;
            let t = &c.options[0].totals;
            prop_assert!(chosen <= value(t.npv, t.cash), "month {}: {} beats the chosen {}", month, value(t.npv, t.cash), chosen);
            prop_assert_eq!(&best.curve[month as usize - 1].npv, &t.npv);
        }
        let mut never = s.clone();
        never.options[0].stages.truncate(1);
        let t = &run(&cat, &never)?.options[0].totals;
        prop_assert!(chosen <= value(t.npv, t.cash));
        prop_assert_eq!(best.saving_vs_never, value(t.npv, t.cash) - chosen);
    }

    /// A life span over the whole horizon (`from_month` 1, `until_month` the last month) changes
    /// nothing: the same comparison as without one.
    #[test]
    fn a_life_span_over_the_whole_horizon_changes_nothing(v in scenario_json(true)) {
        let s = parse(&v);
        let cat = catalog();
        prop_assume!(validate(&s, &cat).is_ok());
        let mut spanned = v.clone();
        let horizon = s.horizon_months;
        for option in spanned["options"].as_array_mut().into_iter().flatten() {
            for c in option["components"].as_array_mut().into_iter().flatten() {
                let owned = c["purchase_option"] == "purchase";
                c["from_month"] = json!(1);
                if !owned {
                    c["until_month"] = json!(horizon);
                }
            }
            if option.get("facility").is_some() {
                option["facility"]["from_month"] = json!(1);
                option["facility"]["until_month"] = json!(horizon);
            }
            for l in option.get_mut("labor").and_then(Value::as_array_mut).into_iter().flatten() {
                l["from_month"] = json!(1);
                l["until_month"] = json!(horizon);
            }
        }
        let plain = serde_json::to_value(run(&cat, &s)?).expect("JSON");
        let spanned = serde_json::to_value(run(&cat, &parse(&spanned))?).expect("JSON");
        prop_assert_eq!(plain, spanned);
    }

    /// A component billed month by month (monthly plan, on-demand hours, metered storage, labour, an
    /// inline price with a base fee) split at any month into two with life spans [1, k] and [k+1, n]
    /// costs, month by month, what the whole one costs.
    #[test]
    fn splitting_a_monthly_billed_component_at_any_month_adds_up(
        kind in 0usize..5,
        horizon in 2u32..=48,
        split in 1u32..48,
        users in 1i64..400,
    ) {
        let k = 1 + (split - 1) % (horizon - 1);
        let base = match kind {
            0 => json!({"offering": "test/saas/global/chat", "purchase_option": "monthly_subscription", "quantity": {"driver": "users"}}),
            1 => json!({"offering": "test/cloud/us-east-1/vm", "purchase_option": "on_demand", "quantity": {"driver": "users", "per": "50", "round": "ceil"}}),
            2 => json!({"offering": "test/cloud/us-east-1/storage", "quantity": {"driver": "users", "multiplier": "5"}}),
            3 => json!({"offering": "test/labor/us/sysadmin", "quantity": {"fixed": "0.3"}}),
            _ => json!({"price": {"category": "saas", "unit": "user_month", "billing": "monthly", "unit_price": "3.3",
                        "base_fee": "20", "included_quantity": "5"}, "quantity": {"driver": "users"}}),
        };
        let part = |name: &str, from: u32, until: u32| {
            let mut c = base.clone();
            c["name"] = json!(name);
            c["from_month"] = json!(from);
            c["until_month"] = json!(until);
            c
        };
        let mut whole = base.clone();
        whole["name"] = json!("whole");
        let v = json!({"currency": "USD", "horizon_months": horizon, "start": "2026-01", "discount_rate": "0.05",
            "drivers": {"users": {"start": users.to_string(), "annual_growth": "0.3"}},
            "inflation": {"labor": "0.04"},
            "options": [
                {"name": "whole", "components": [whole]},
                {"name": "split", "components": [part("before", 1, k), part("after", k + 1, horizon)]}
            ]});
        let c = run(&catalog(), &parse(&v))?;
        let (a, b) = (&c.options[0], &c.options[1]);
        // Each line is rounded to the cent cumulatively (within half a cent of its exact running sum),
        // so one line and two differ by at most a cent and a half at any month.
        let cent = Decimal::new(15, 3);
        for (m, n) in a.monthly.iter().zip(&b.monthly) {
            prop_assert!((m.cumulative_cash - n.cumulative_cash).abs() <= cent, "month {}: {} vs {}", m.month, m.cumulative_cash, n.cumulative_cash);
        }
        prop_assert!((a.totals.npv - b.totals.npv).abs() <= Decimal::new(2, 2), "{} vs {}", a.totals.npv, b.totals.npv);
        // Nothing is paid outside each part's span.
        let before = b.line_items.iter().find(|l| l.component == "before").expect("before");
        prop_assert!(before.monthly_cash.iter().skip(k as usize).all(|c| c.is_zero()));
        let after = b.line_items.iter().find(|l| l.component == "after").expect("after");
        prop_assert!(after.monthly_cash.iter().take(k as usize).all(|c| c.is_zero()));
    }

    /// Line items, months, years, categories and natures all add up to the totals, to the cent; and
    /// an accepted scenario never fails.
    #[test]
    fn line_items_sum_to_totals(
        v in scenario_json(true),
        spans in prop::option::of(prop::collection::vec((0u32..240, 0u32..240), 1..12)),
    ) {
        let mut v = v;
        if let Some(picks) = spans {
            add_spans(&mut v, &picks); // components starting and ending mid-horizon add up too
        }
        let s = parse(&v);
        let cat = catalog();
        prop_assume!(validate(&s, &cat).is_ok());
        let c = run(&cat, &s)?;
        for o in &c.options {
            let t = &o.totals;
            prop_assert_eq!(total(o.line_items.iter().map(|l| l.cash)), t.cash);
            prop_assert_eq!(total(o.line_items.iter().map(|l| l.expense)), t.expense);
            prop_assert_eq!(total(o.line_items.iter().map(|l| l.npv)), t.npv);
            prop_assert_eq!(total(o.line_items.iter().map(|l| l.terminal_value)), t.terminal_value);
            prop_assert_eq!(total(o.monthly.iter().map(|m| m.cash)), t.cash);
            prop_assert_eq!(total(o.monthly.iter().map(|m| m.expense)), t.expense);
            prop_assert_eq!(total(o.monthly.iter().map(|m| m.depreciation)), t.depreciation);
            prop_assert_eq!(total(o.monthly.iter().map(|m| m.interest)), t.interest);
            prop_assert_eq!(total(o.yearly.iter().map(|y| y.cash)), t.cash);
            prop_assert_eq!(total(o.yearly.iter().map(|y| y.expense)), t.expense);
            prop_assert_eq!(total(o.by_category.iter().map(|b| b.cash)), t.cash);
            prop_assert_eq!(total(o.by_category.iter().map(|b| b.npv)), t.npv);
            prop_assert_eq!(total(o.by_nature.iter().map(|b| b.expense)), t.expense);
            prop_assert_eq!(t.capex + t.opex, t.cash);
            prop_assert_eq!(o.monthly.last().map(|m| m.cumulative_cash), Some(t.cash));
            prop_assert_eq!(o.monthly.last().map(|m| m.cumulative_npv - t.terminal_value_pv), Some(t.npv));
            prop_assert_eq!(t.net_cash, t.cash - t.terminal_value);
            if let Some(after_tax) = t.after_tax_npv {
                prop_assert_eq!(total(o.line_items.iter().filter_map(|l| l.after_tax_npv)), after_tax);
            }
            for l in &o.line_items {
                prop_assert_eq!(total(l.monthly_cash.iter().copied()), l.cash);
            }
            // With terminal value credited, what is not left at the end was expensed (prepaid, refreshed,
            // retired, financed or not): net cash = expense, to within each line's rounding.
            let all_credited = s.terminal_value
                && s.options.iter().flat_map(|o| &o.components)
                    .filter_map(|c| c.asset.as_ref()).all(|a| a.terminal_value != Some(false));
            if all_credited {
                let tolerance = Decimal::new(2, 2) * Decimal::from(o.line_items.len() as u64 + 1);
                prop_assert!((t.net_cash - t.expense).abs() <= tolerance, "net cash {} vs expense {}", t.net_cash, t.expense);
            }
        }
    }

    /// With every price ≥ 0 and no residual value received, cumulative cash never falls; discounting at a
    /// positive rate never makes the present value exceed the cash, nor NPV when the terminal value ≥ 0.
    #[test]
    fn cumulative_cash_never_decreases_and_npv_never_exceeds_cash(v in scenario_json(false)) {
        let s = parse(&v);
        let cat = catalog();
        prop_assume!(validate(&s, &cat).is_ok());
        let c = run(&cat, &s)?;
        for o in &c.options {
            for pair in o.monthly.windows(2) {
                prop_assert!(pair[1].cumulative_cash >= pair[0].cumulative_cash, "{} falls in month {}", o.name, pair[1].month);
            }
            let present = o.monthly.last().map_or(Decimal::ZERO, |m| m.cumulative_npv);
            prop_assert!(present <= o.totals.cash, "PV {} > cash {}", present, o.totals.cash);
            if s.discount_rate > Decimal::ZERO && o.totals.terminal_value >= Decimal::ZERO {
                prop_assert!(o.totals.npv <= o.totals.cash, "NPV {} > cash {}", o.totals.npv, o.totals.cash);
            }
        }
    }

    /// Multiplying every price by k multiplies every total by k (to within the rounding of each line).
    #[test]
    fn scaling_prices_scales_totals(v in scenario_json(true), k in prop::sample::select(vec![Decimal::new(2, 0), Decimal::new(15, 1), Decimal::new(3, 0)])) {
        let s = parse(&v);
        let cat = catalog();
        prop_assume!(validate(&s, &cat).is_ok());
        let base = run(&cat, &s)?;
        let scaled = run(&scaled_catalog(k), &scaled_scenario(&s, k))?;
        for (a, b) in base.options.iter().zip(&scaled.options) {
            // Each line is rounded once: |k·round(x) − round(k·x)| ≤ (k + 1) × half a cent per line.
            let tolerance = Decimal::new(5, 3) * (k + Decimal::ONE) * Decimal::from(a.line_items.len() as u64 + 1);
            for (x, y, what) in [
                (a.totals.cash, b.totals.cash, "cash"),
                (a.totals.expense, b.totals.expense, "expense"),
                (a.totals.npv, b.totals.npv, "npv"),
                (a.totals.capex, b.totals.capex, "capex"),
                (a.totals.terminal_value, b.totals.terminal_value, "terminal"),
            ] {
                prop_assert!((x * k - y).abs() <= tolerance, "{}: {} × {} vs {}", what, x, k, y);
            }
        }
    }

    /// An asset's depreciation sums to cost − residual, exactly before rounding and to the cent after.
    #[test]
    fn depreciation_sums_to_cost_minus_residual(
        cost in 0i64..100_000_000,
        residual_pct in 0i64..=100,
        life in 1u32..=20,
        method in 0usize..5,
        rate in 1i64..=100,
    ) {
        let method = match method {
            0 => Depreciation::StraightLine,
            1 => Depreciation::DoubleDecliningBalance,
            2 => Depreciation::SumOfYearsDigits,
            3 => Depreciation::DecliningBalance(crate::scenario::DecliningBalanceTerms { rate: None }),
            _ => Depreciation::DecliningBalance(crate::scenario::DecliningBalanceTerms { rate: Some(Decimal::new(rate, 2)) }),
        };
        let cost = Decimal::new(cost, 2);
        let residual = cost * Decimal::new(residual_pct, 2);
        let months = monthly_depreciation(cost, residual, life, &method).expect("depreciation");
        prop_assert_eq!(months.len() as u32, life * 12);
        prop_assert_eq!(total(months.iter().copied()), cost - residual);
        prop_assert!(months.iter().all(|m| *m >= Decimal::ZERO));
        let input = AssetInput {
            currency: "USD".parse().expect("usd"),
            cost,
            residual_rate: Some(Decimal::new(residual_pct, 2)),
            useful_life_years: life,
            depreciation: Some(method),
            financing: None,
            start: None,
            months: None,
        };
        let sched = schedule(&input).expect("schedule");
        // Rounded once: the exact depreciable amount rounded, and the book value ends at the residual.
        let usd: crate::money::Currency = "USD".parse().expect("usd");
        prop_assert_eq!(sched.totals.depreciation, crate::money::round_money(cost - residual, &usd));
        prop_assert_eq!(sched.monthly.last().map(|m| m.book_value), Some(sched.residual));
    }
}

/// The scenario of `accepted_extremes_never_overflow`: every amount, rate and quantity at an extreme.
fn extreme_scenario(quantity: &str, horizon: u32, growth: &str, rate: &str) -> Scenario {
    serde_json::from_value(json!({
        "currency": "CNY", "horizon_months": horizon, "start": "2026-01", "discount_rate": rate, "tax_rate": "0.99",
        "inflation": {"saas": "1", "hardware": "1", "power": "1"},
        "drivers": {"users": {"start": "1000", "annual_growth": growth}},
        "options": [
            {"name": "rent", "components": [
                {"name": "seats", "offering": "test/saas/global/chat", "purchase_option": "annual_subscription", "quantity": {"fixed": quantity}},
                {"name": "disk", "offering": "test/cloud/us-east-1/storage", "quantity": {"driver": "users", "multiplier": "1000"}},
                {"name": "ri", "offering": "test/cloud/us-east-1/vm", "purchase_option": "reserved_1y", "payment": "partial_upfront", "quantity": {"fixed": quantity}}]},
            {"name": "own", "components": [
                {"name": "srv", "offering": "test/hw/global/server", "purchase_option": "purchase", "quantity": {"fixed": quantity},
                 "asset": {"useful_life_years": 1, "residual_rate": "0.5", "financing": {"loan": {"rate": "1", "term_months": 600}}}}],
             "facility": {"energy_offering": "test/energy/us/commercial", "pue": "5", "space_offering": "test/colo/us/u"},
             "labor": [{"offering": "test/labor/us/sysadmin", "per_servers": "0.000001"}]}
        ]
    }))
    .expect("parses")
}

/// Large but accepted inputs (long horizons, quantities up to the limit, rates at their maxima) never
/// panic or overflow. Every combination of the extremes is tried; the test states which are accepted, so
/// it cannot pass while testing nothing.
#[test]
fn accepted_extremes_never_overflow() {
    let cat = catalog();
    let mut accepted = Vec::new();
    for quantity in ["0", "1", "999999999", "1000000000"] {
        for horizon in [1u32, 239, 240] {
            for growth in ["-0.99", "0", "10"] {
                for rate in ["0", "0.5", "1"] {
                    let s = extreme_scenario(quantity, horizon, growth, rate);
                    if validate(&s, &cat).is_ok() {
                        let c = compare(&cat, &s);
                        assert!(
                            c.is_ok(),
                            "accepted but not computed: {quantity} {horizon} {growth} {rate}: {c:?}"
                        );
                        accepted.push((quantity, horizon, growth, rate));
                    }
                }
            }
        }
    }
    // Only a driver growing 10× a year for 20 years (1000 × 11^20 users) is refused up front; the other 84
    // combinations, the largest quantity, longest horizon and highest rates among them, are computed.
    assert_eq!(accepted.len(), 84, "{accepted:?}");
    assert!(accepted.iter().all(|&(_, horizon, growth, _)| growth != "10" || horizon == 1));
    assert!(accepted.contains(&("1000000000", 240, "0", "1")));
    assert!(accepted.contains(&("1000000000", 240, "-0.99", "0.5")));
    assert!(accepted.contains(&("1000000000", 1, "10", "1")));
}

/// A case proptest once found (CI run of an earlier commit): DDB, cost 111,659.21, residual 14 %, 15 years.
#[test]
fn depreciation_regression_ddb_fifteen_years() {
    let cost = Decimal::new(11_165_921, 2);
    let residual = cost * Decimal::new(14, 2);
    let months = monthly_depreciation(cost, residual, 15, &Depreciation::DoubleDecliningBalance)
        .expect("depreciation");
    assert_eq!(total(months.iter().copied()), cost - residual);
    let input = AssetInput {
        currency: "USD".parse().expect("usd"),
        cost,
        residual_rate: Some(Decimal::new(14, 2)),
        useful_life_years: 15,
        depreciation: Some(Depreciation::DoubleDecliningBalance),
        financing: None,
        start: None,
        months: None,
    };
    let sched = schedule(&input).expect("schedule");
    assert_eq!(sched.totals.depreciation, sched.cost - sched.residual);
}
