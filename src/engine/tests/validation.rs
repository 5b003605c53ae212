//! Validation: every problem at once, each with its JSON pointer.

use super::fixture::{catalog, one_option, scenario};
use crate::engine::{compare, validate, EngineError, WarningCode};
use crate::scenario::FieldError;
use serde_json::json;

fn problems(s: &crate::scenario::Scenario) -> Vec<FieldError> {
    match validate(s, &catalog()) {
        Ok(()) => Vec::new(),
        Err(e) => e.0,
    }
}

fn pointers(p: &[FieldError]) -> Vec<&str> {
    p.iter().map(|f| f.pointer.as_str()).collect()
}

#[test]
fn reports_every_problem_with_a_pointer() {
    let s = scenario(json!({
    "currency": "JPY", "horizon_months": 300, "discount_rate": "1.5", "tax_rate": "1",
    "inflation": {"labor": "2"},
    "drivers": {"users": {"start": "50", "values_by_year": ["1"]}, "a/b": {"start": "-1"}},
    "options": [
        {"name": "Own", "components": [
            {"name": "Srv", "offering": "test/hw/global/servr", "purchase_option": "purchase", "quantity": {"fixed": "1"}},
            {"name": "VM", "offering": "test/cloud/us-east-1/vm", "purchase_option": "spot", "quantity": {"fixed": "-2"}},
            {"name": "Chat", "offering": "test/saas/global/chat", "purchase_option": "monthly_subscription",
             "quantity": {"driver": "seats"}, "discount": "1.5"},
            {"name": "Chat", "offering": "test/sw/global/licence", "purchase_option": "purchase", "quantity": {"fixed": "1"}}
        ],
        "facility": {"energy_offering": "test/colo/us/u"},
        "labor": [{"offering": "test/labor/us/sysadmin"}]},
        {"name": "Own", "components": []}
    ]}));
    let p = problems(&s);
    let got = pointers(&p);
    for expected in [
        "/horizon_months",
        "/discount_rate",
        "/tax_rate",
        "/inflation/labor",
        "/currency",
        "/drivers/users",
        "/drivers/a~1b/start",
        "/options/0/components/0/offering",
        "/options/0/components/1/quantity/fixed",
        "/options/0/components/1/purchase_option",
        "/options/0/components/2/quantity/driver",
        "/options/0/components/2/discount",
        "/options/0/components/3/name",
        "/options/0/components/3/asset/useful_life_years",
        "/options/0/facility/energy_offering",
        "/options/0/facility",
        "/options/0/labor/0",
        "/options/1/name",
    ] {
        assert!(got.contains(&expected), "missing {expected} in {got:?}");
    }
    let unknown =
        p.iter().find(|f| f.pointer == "/options/0/components/0/offering").expect("unknown offering");
    assert!(unknown.detail.en().contains("did you mean `test/hw/global/server`"), "{}", unknown.detail);
    let spot = p.iter().find(|f| f.pointer == "/options/0/components/1/purchase_option").expect("option");
    assert!(
        spot.detail.en().contains("on_demand") && spot.detail.en().contains("reserved_1y"),
        "{}",
        spot.detail
    );
    let driver = p.iter().find(|f| f.pointer == "/options/0/components/2/quantity/driver").expect("driver");
    assert!(driver.detail.en().contains("unknown driver `seats`"), "{}", driver.detail);
    // compare refuses with the same problems.
    assert!(matches!(compare(&catalog(), &s), Err(EngineError::Invalid(e)) if e.0.len() == p.len()));
}

#[test]
fn plan_maximum_exceeded_by_a_growing_driver_is_an_error_near_is_a_warning() {
    // On demand allows 73,000 hours = 100 instances a month. 60 → 60 × 2^(t/12) instances.
    let over =
        scenario(json!({"horizon_months": 24, "drivers": {"vms": {"start": "60", "annual_growth": "1"}},
        "options": [{"name": "A", "components": [{"name": "VM", "offering": "test/cloud/us-east-1/vm",
            "purchase_option": "on_demand", "quantity": {"driver": "vms", "round": "ceil"}}]}]}));
    let p = problems(&over);
    assert_eq!(pointers(&p), ["/options/0/components/0/quantity"]);
    // 60 × 2^(9/12) = 100.9 → 101 instances in month 10.
    assert!(
        p[0].detail.en().contains("in month 10") && p[0].detail.en().contains("maximum 73000"),
        "{}",
        p[0].detail
    );
    let near = one_option(
        12,
        json!([{"name": "VM", "offering": "test/cloud/us-east-1/vm",
        "purchase_option": "on_demand", "quantity": {"fixed": "90"}}]),
    );
    let c = compare(&catalog(), &near).expect("valid");
    assert!(c
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::PlanLimitNear && w.message.en().contains("90%")));
}

#[test]
fn currency_without_rate_and_option_limits() {
    let s = scenario(json!({"currency": "GBP", "options": []}));
    let got = problems(&s);
    assert_eq!(pointers(&got), ["/currency", "/options"]);
    let many: Vec<_> = (0..21).map(|i| json!({"name": format!("o{i}"), "components": []})).collect();
    let s = scenario(json!({"options": many}));
    assert!(pointers(&problems(&s)).contains(&"/options"));
}

#[test]
fn component_needs_exactly_one_price_source_and_sensible_terms() {
    let s = one_option(
        12,
        json!([
            {"name": "Nothing", "quantity": {"fixed": "1"}},
            {"name": "VM", "offering": "test/cloud/us-east-1/vm", "purchase_option": "on_demand",
             "quantity": {"fixed": "1"}, "asset": {}, "one_time": {"month": 2}},
            {"name": "Srv", "offering": "test/hw/global/server", "purchase_option": "purchase", "quantity": {"fixed": "1"},
             "asset": {"residual_rate": "2", "depreciation": {"declining_balance": {"rate": "0"}},
                       "financing": {"lease": {"monthly_rate": "0"}}}},
            {"name": "Fee", "price": {"category": "software", "unit": "each", "billing": "one_time"},
             "quantity": {"fixed": "1"}, "one_time": {"month": 13}}
        ]),
    );
    let p = problems(&s);
    let got = pointers(&p);
    for expected in [
        "/options/0/components/0",
        "/options/0/components/1/asset",
        "/options/0/components/1/one_time",
        "/options/0/components/2/asset/residual_rate",
        "/options/0/components/2/asset/depreciation/declining_balance/rate",
        "/options/0/components/2/asset/financing/lease/monthly_rate",
        "/options/0/components/3/price",
        "/options/0/components/3/one_time/month",
    ] {
        assert!(got.contains(&expected), "missing {expected} in {got:?}");
    }
}

#[test]
fn a_valid_scenario_has_no_problems() {
    let s = one_option(
        12,
        json!([{"name": "Chat", "offering": "test/saas/global/chat",
        "purchase_option": "monthly_subscription", "quantity": {"fixed": "50"}}]),
    );
    assert_eq!(problems(&s), Vec::new());
    // The only schedule may be chosen implicitly.
    let implicit = one_option(
        12,
        json!([{"name": "Disk", "offering": "test/cloud/us-east-1/storage", "quantity": {"fixed": "5"}}]),
    );
    assert_eq!(problems(&implicit), Vec::new());
    // Several schedules: the purchase option is required, and the message lists them.
    let ambiguous = one_option(
        12,
        json!([{"name": "Chat", "offering": "test/saas/global/chat", "quantity": {"fixed": "5"}}]),
    );
    let p = problems(&ambiguous);
    assert_eq!(pointers(&p), ["/options/0/components/0/purchase_option"]);
    assert!(p[0].detail.en().contains("monthly_subscription, annual_subscription"), "{}", p[0].detail);
}

#[test]
fn a_purchase_option_with_several_payments_needs_the_payment() {
    let s = one_option(
        12,
        json!([{"name": "RI", "offering": "test/cloud/us-east-1/vm",
        "purchase_option": "reserved_1y", "quantity": {"fixed": "1"}}]),
    );
    let p = problems(&s);
    assert_eq!(pointers(&p), ["/options/0/components/0/payment"]);
    assert!(
        p[0].detail.en().contains("all_upfront") && p[0].detail.en().contains("partial_upfront"),
        "{}",
        p[0].detail
    );
}

#[test]
fn life_spans_inside_the_horizon_in_order_and_not_ending_an_asset() {
    let s = scenario(json!({"horizon_months": 24, "options": [{"name": "A",
        "components": [
            {"name": "Chat", "offering": "test/saas/global/chat", "purchase_option": "monthly_subscription",
             "quantity": {"fixed": "1"}, "from_month": 10, "until_month": 5},
            {"name": "VM", "offering": "test/cloud/us-east-1/vm", "purchase_option": "on_demand",
             "quantity": {"fixed": "1"}, "from_month": 0, "until_month": 25},
            {"name": "Srv", "offering": "test/hw/global/server", "purchase_option": "purchase",
             "quantity": {"fixed": "1"}, "until_month": 12},
            {"name": "Move", "offering": "test/services/global/migration", "quantity": {"fixed": "1"},
             "from_month": 13, "one_time": {"month": 3}}
        ],
        "facility": {"energy_offering": "test/energy/us/commercial", "pue": "1.5", "until_month": 30},
        "labor": [{"offering": "test/labor/us/sysadmin", "fte": "0.1", "from_month": 25}]}]}));
    let p = problems(&s);
    let got = pointers(&p);
    assert_eq!(
        got,
        [
            "/options/0/components/0/until_month",
            "/options/0/components/1/from_month",
            "/options/0/components/1/until_month",
            "/options/0/components/2/until_month",
            "/options/0/components/3/one_time/month",
            "/options/0/facility/until_month",
            "/options/0/labor/0/from_month",
        ],
        "{p:?}"
    );
}

#[test]
fn a_path_names_its_problems_inside_its_stages() {
    let s = scenario(json!({"horizon_months": 24, "drivers": {"users": {"start": "10"}}, "options": [
        {"name": "Both", "components": [{"name": "X", "offering": "test/saas/global/chat", "quantity": {"fixed": "1"}}],
         "stages": [{"name": "A", "components": []}]},
        {"name": "Path", "stages": [
            {"name": "A", "switch": {"at_month": 3}, "components": [
                {"name": "Chat", "offering": "test/saas/global/chat", "purchase_option": "monthly_subscription", "quantity": {"fixed": "1"}}]},
            {"name": "A", "components": []},
            {"name": "C", "switch": {"driver": "seats", "at_least": "5"}, "components": [
                {"name": "VM", "offering": "test/cloud/us-east-1/vm", "purchase_option": "on_demand", "quantity": {"fixed": "1"}, "from_month": 2}]},
            {"name": "D", "switch": {"at_month": 30, "driver": "users"}, "components": []}
        ]},
        {"name": "Flat errors", "stages": [
            {"name": "A", "components": [{"name": "Chat", "offering": "test/saas/global/chat", "purchase_option": "monthly_subscription", "quantity": {"fixed": "1"}}]},
            {"name": "B", "switch": {"at_month": 6}, "components": [
                {"name": "Nope", "offering": "test/saas/global/chatt", "quantity": {"fixed": "1"}}],
             "migration": [{"name": "Move", "offering": "test/services/global/migration", "quantity": {"fixed": "-1"}}]}
        ]}
    ]}));
    let p = problems(&s);
    let got = pointers(&p);
    assert_eq!(
        got,
        [
            "/options/0",
            "/options/1/stages/0/switch",
            "/options/1/stages/1/name",
            "/options/1/stages/1/switch",
            "/options/1/stages/2/switch/driver",
            "/options/1/stages/2/components/0",
            "/options/1/stages/3/switch",
        ],
        "{p:?}"
    );
    // Once the path's own fields are right, the priced problems point into the stages too.
    let mut fixed = s.clone();
    fixed.options.truncate(3);
    fixed.options.drain(0..2);
    let p = problems(&fixed);
    let got = pointers(&p);
    assert!(got.contains(&"/options/0/stages/1/components/0/offering"), "{got:?}");
    assert!(got.iter().any(|g| g.starts_with("/options/0/stages/1/migration/0/quantity")), "{got:?}");
}

#[test]
fn an_inline_price_is_a_quote_or_an_estimate_with_its_method() {
    let price = |basis: &str, source: Option<&str>| {
        let mut p = json!({"category": "saas", "unit": "user_month", "billing": "monthly", "unit_price": "3", "basis": basis});
        if let Some(source) = source {
            p["source"] = json!(source);
        }
        p
    };
    let s = one_option(
        12,
        json!([
            {"name": "a", "price": price("vendor_list", Some("https://example.test")), "quantity": {"fixed": "1"}},
            {"name": "b", "price": price("estimate", None), "quantity": {"fixed": "1"}},
            {"name": "c", "price": price("estimate", Some("3–5 days × a day rate")), "quantity": {"fixed": "1"}},
            {"name": "d", "price": price("quote", None), "quantity": {"fixed": "1"}}
        ]),
    );
    let p = problems(&s);
    assert_eq!(
        pointers(&p),
        ["/options/0/components/0/price/basis", "/options/0/components/1/price/source"],
        "{p:?}"
    );
    let mut valid = s.clone();
    valid.options[0].components.drain(0..2);
    let c = compare(&catalog(), &valid).expect("compares");
    let bases: Vec<_> = c.options[0]
        .line_items
        .iter()
        .filter_map(|l| l.provenance.as_ref())
        .map(|p| (p.basis, p.note.clone()))
        .collect();
    assert_eq!(bases[0], (crate::catalog::Basis::Estimate, Some("3–5 days × a day rate".to_string())));
    assert_eq!(bases[1], (crate::catalog::Basis::Quote, None));
    assert!(c.warnings.iter().any(|w| w.code == WarningCode::Estimate), "an estimate is warned about");
}

#[test]
fn a_huge_horizon_with_a_driver_trigger_is_refused_without_computing_it() {
    let s = scenario(
        json!({"horizon_months": 4_000_000_000u32, "drivers": {"users": {"start": "120"}}, "options": [
        {"name": "Path", "stages": [
            {"name": "A", "components": [{"name": "Chat", "offering": "test/saas/global/chat",
                "purchase_option": "monthly_subscription", "quantity": {"fixed": "1"}}]},
            {"name": "B", "switch": {"driver": "users", "at_least": "1000000000"}, "components": []}
        ]}]}),
    );
    // Before the clamp, resolving the trigger reserved 4e9 months of driver values (about 64 GB) and the
    // process aborted.
    let p = problems(&s);
    assert!(pointers(&p).contains(&"/horizon_months"), "{p:?}");
}

#[test]
fn fixed_switch_months_run_forwards() {
    let stage =
        |name: &str, month: u32| json!({"name": name, "switch": {"at_month": month}, "components": []});
    let s = scenario(json!({"horizon_months": 24, "options": [{"name": "Path", "stages": [
        {"name": "A", "components": [{"name": "Chat", "offering": "test/saas/global/chat",
            "purchase_option": "monthly_subscription", "quantity": {"fixed": "1"}}]},
        stage("B", 10), stage("C", 10), stage("D", 12), stage("E", 5)
    ]}]}));
    let p = problems(&s);
    assert_eq!(
        pointers(&p),
        ["/options/0/stages/2/switch/at_month", "/options/0/stages/4/switch/at_month"],
        "{p:?}"
    );
}

#[test]
fn a_stage_never_reached_is_still_checked_against_the_catalogue() {
    // 100 users never reach 1,000: the second stage never runs, but its mistyped server, its migration
    // priced by an unknown offering and its labour line's unknown role are still refused.
    let s = scenario(json!({"horizon_months": 24, "drivers": {"users": {"start": "100"}},
        "options": [{"name": "Path", "stages": [
        {"name": "Monthly", "components": [{"name": "Chat", "offering": "test/saas/global/chat",
            "purchase_option": "monthly_subscription", "quantity": {"driver": "users"}}]},
        {"name": "Own", "switch": {"driver": "users", "at_least": "1000"},
         "components": [{"name": "Servers", "offering": "test/hw/global/servr", "purchase_option": "purchase",
            "quantity": {"fixed": "2"}}],
         "migration": [{"name": "Egress", "offering": "test/cloud/nowhere/egress", "quantity": {"fixed": "1"}}],
         "labor": [{"name": "Admin", "offering": "test/labor/nowhere/admin", "fte": "0.1"}]}
    ]}]}));
    let p = problems(&s);
    assert_eq!(
        pointers(&p),
        [
            "/options/0/stages/1/components/0/offering",
            "/options/0/stages/1/migration/0/offering",
            "/options/0/stages/1/labor/0/offering"
        ],
        "{p:?}"
    );
    // Spelt right, the path is valid and runs its first stage only.
    let mut fixed = s.clone();
    let stage = &mut fixed.options[0].stages[1];
    stage.components[0].offering = Some("test/hw/global/server".into());
    stage.migration.clear();
    stage.labor.clear();
    assert_eq!(problems(&fixed), Vec::new());
}
