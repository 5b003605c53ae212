//! The evaluation budget: the engine counts its work and stops when the budget is spent; sweeps and
//! tornados share one budget across their comparisons and refuse up front what cannot fit.

use super::fixture::{catalog, one_option, scenario};
use crate::engine::budget::{Budget, Phase};
use crate::engine::sweep::{self, Subject};
use crate::engine::{compare_within, EngineError};
use rust_decimal::Decimal;
use serde_json::json;

/// Servers bought one per user of a driver growing 50 % a year: a purchase tranche every month.
fn growing_fleet(horizon: u32) -> crate::scenario::Scenario {
    let mut s = one_option(
        horizon,
        json!([{"name": "servers", "offering": "test/hw/global/server", "purchase_option": "purchase",
                "quantity": {"driver": "users", "per": "1", "round": "ceil"}}]),
    );
    s.drivers = scenario(json!({"drivers": {"users": {"start": "1000", "annual_growth": "0.5"}}})).drivers;
    s
}

#[test]
fn a_comparison_counts_its_work_and_stops_when_the_budget_is_spent() {
    let catalog = catalog();
    let s = growing_fleet(120);
    let mut roomy = Budget::new(u64::MAX, Phase::Comparison);
    compare_within(&catalog, &s, &mut roomy).expect("fits");
    let work = roomy.used();
    // One line over 120 months is 240 line-months (the component and the option's overhead); every
    // monthly tranche adds its schedules on top.
    assert!(work > 120 * 24, "{work} line-months counts the tranches");
    let mut tight = Budget::new(work - 1, Phase::Comparison);
    match compare_within(&catalog, &s, &mut tight) {
        Err(EngineError::OverBudget(e)) => {
            assert_eq!((e.phase, e.limit, e.per_evaluation), (Phase::Comparison, work - 1, None));
        }
        other => panic!("expected a cut-off, got {other:?}"),
    }
    let mut exact = Budget::new(work, Phase::Comparison);
    assert!(compare_within(&catalog, &s, &mut exact).is_ok(), "the budget is inclusive");
}

#[test]
fn a_sweep_is_refused_after_its_first_point_when_its_points_cannot_fit() {
    let catalog = catalog();
    let s = growing_fleet(60);
    let mut one = Budget::new(u64::MAX, Phase::Comparison);
    compare_within(&catalog, &s, &mut one).expect("fits");
    let per_point = one.used();
    let values: Vec<Decimal> = (1..=10).map(|v| Decimal::new(v, 2)).collect();
    let subject = Subject::Scenario(&s);
    let mut budget = Budget::new(per_point * 9, Phase::Points);
    match sweep::sweep(&catalog, &subject, "discount_rate", &values, &mut budget) {
        Err(EngineError::OverBudget(e)) => {
            assert_eq!(e.phase, Phase::Points);
            assert_eq!(e.per_evaluation, Some(per_point));
            assert_eq!(e.evaluations_allowed(), Some(9));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(budget.used(), per_point, "only the first point was evaluated");
    let mut enough = Budget::new(per_point * 10, Phase::Points);
    let result = sweep::sweep(&catalog, &subject, "discount_rate", &values, &mut enough).expect("fits");
    assert_eq!((result.line_months, result.budget), (per_point * 10, per_point * 10));
}

#[test]
fn a_tornado_is_refused_after_its_base_case_when_its_bars_cannot_fit() {
    let catalog = catalog();
    let mut s = growing_fleet(60);
    let mut second = s.options[0].clone();
    second.name = "B".into();
    s.options.push(second);
    let mut roomy = Budget::new(u64::MAX, Phase::Bars);
    let full = sweep::tornado(&catalog, &s, "A", "B", Decimal::new(2, 1), &mut roomy).expect("fits");
    assert!(!full.bars.is_empty());
    assert_eq!(full.line_months, roomy.used());
    let mut base = Budget::new(u64::MAX, Phase::Comparison);
    compare_within(&catalog, &s, &mut base).expect("fits");
    let per_comparison = base.used();
    let mut tight = Budget::new(per_comparison * 2, Phase::Bars);
    match sweep::tornado(&catalog, &s, "A", "B", Decimal::new(2, 1), &mut tight) {
        Err(EngineError::OverBudget(e)) => {
            assert_eq!((e.phase, e.per_evaluation), (Phase::Bars, Some(per_comparison)));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(tight.used(), per_comparison, "only the base case was evaluated");
}

#[test]
fn every_tier_of_a_price_counts_every_month() {
    let catalog = catalog();
    let work_of = |tiers: usize| {
        let mut list: Vec<serde_json::Value> =
            (1..tiers).map(|k| json!({"up_to": format!("{}", k * 10), "unit_price": "1"})).collect();
        list.push(json!({"unit_price": "0.5"}));
        let s = one_option(
            24,
            json!([{"name": "seats", "quantity": {"fixed": "100"},
                    "price": {"category": "saas", "unit": "user_month", "billing": "monthly",
                              "tier_mode": "graduated", "tiers": list}}]),
        );
        let mut budget = Budget::new(u64::MAX, Phase::Comparison);
        compare_within(&catalog, &s, &mut budget).expect("fits");
        budget.used()
    };
    assert_eq!(work_of(101) - work_of(1), 100 * 24, "100 more tiers over 24 months");
}
