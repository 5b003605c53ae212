//! Paths over HTTP: a staged option in `POST /v1/comparisons`, and the best switch month from
//! `POST /v1/paths/optimize`.

use crate::helpers::{assert_problem, spawn_app};
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn scenario(switch_month: u32) -> Value {
    json!({"currency": "USD", "horizon_months": 36, "start": "2026-01", "discount_rate": "0.08",
    "drivers": {"users": {"start": "120", "annual_growth": "0.3"}},
    "options": [
        {"name": "Slack", "components": [{"name": "Seats", "offering": "slack/slack/global/pro",
            "purchase_option": "annual_subscription", "quantity": {"driver": "users", "round": "ceil"}}]},
        {"name": "Slack, then our own", "stages": [
            {"name": "Slack", "components": [{"name": "Seats", "offering": "slack/slack/global/pro",
                "purchase_option": "annual_subscription", "quantity": {"driver": "users", "round": "ceil"}}]},
            {"name": "Mattermost", "switch": {"at_month": switch_month}, "overlap_months": 1,
             "components": [{"name": "Servers", "offering": "hpe/proliant/global/dl20-gen10-plus",
                "purchase_option": "purchase", "quantity": {"fixed": "2"}, "asset": {"residual_rate": "0.05"}}],
             "labor": [{"name": "Admin", "offering": "bls/sysadmin/us/median", "fte": "0.1"}],
             "migration": [{"name": "Data migration", "price": {"category": "labor", "unit": "each", "billing": "one_time",
                "unit_price": "3000", "source": "estimate: 5 days of an admin's time"}, "quantity": {"fixed": "1"}}]}
        ]}
    ]})
}

fn dec(value: &Value) -> Decimal {
    value.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("a decimal string: {value}"))
}

#[tokio::test]
async fn a_staged_option_labels_its_lines_and_says_when_each_stage_runs() {
    let app = spawn_app().await;
    let response = app.post_json("/v1/comparisons", &scenario(13)).await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.expect("JSON");
    let path = &answer["options"][1];
    assert_eq!(path["stages"][0]["until_month"], 13, "one month of overlap after the switch in month 13");
    assert_eq!(path["stages"][1]["from_month"], 13);
    for item in path["line_items"].as_array().expect("items") {
        let expected = if item["component"] == "Seats" { "Slack" } else { "Mattermost" };
        assert_eq!(item["stage"], expected, "{}", item["component"]);
    }
    // The servers are bought in month 13, not before.
    let months = path["monthly"].as_array().expect("months");
    assert!(dec(&months[12]["capex"]) > Decimal::ZERO);
    assert!(months[..12].iter().all(|m| dec(&m["capex"]).is_zero()));
    assert!(answer["options"][0].get("stages").is_none(), "a plain option has no stages");
}

#[tokio::test]
async fn the_best_switch_month_is_the_cheapest_point_of_its_curve() {
    let app = spawn_app().await;
    let request = json!({"scenario": scenario(13), "option": "Slack, then our own"});
    let response = app.post_json("/v1/paths/optimize", &request).await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let answer: Value = response.json().await.expect("JSON");
    let curve = answer["curve"].as_array().expect("curve");
    assert_eq!(curve.len(), 36);
    let cheapest = curve.iter().map(|p| dec(&p["npv"])).min().expect("points");
    let best = dec(&answer["best"]["npv"]);
    assert!(best <= cheapest && best <= dec(&answer["never"]["npv"]));
    assert_eq!(dec(&answer["saving_vs_never"]), dec(&answer["never"]["npv"]) - best);
    assert_eq!(dec(&answer["saving_vs_at_once"]), dec(&curve[0]["npv"]) - best);
    assert_eq!(answer["at_once"], curve[0]);
    assert_eq!(answer["stage"], "Mattermost");
    // The curve's month 13 is the comparison with the switch in month 13.
    let compared: Value = app.post_json("/v1/comparisons", &scenario(13)).await.json().await.expect("JSON");
    assert_eq!(curve[12]["npv"], compared["options"][1]["totals"]["npv"]);
}

#[tokio::test]
async fn optimizing_a_plain_option_or_a_missing_stage_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    let plain = json!({"scenario": scenario(13), "option": "Slack"});
    let problem = assert_problem(app.post_json("/v1/paths/optimize", &plain).await, 422).await;
    assert!(problem.to_string().contains("\"/option\""), "{problem}");
    let no_stage = json!({"scenario": scenario(13), "option": "2", "stage": 3});
    let problem = assert_problem(app.post_json("/v1/paths/optimize", &no_stage).await, 422).await;
    assert!(problem.to_string().contains("\"/stage\""), "{problem}");
    // A path's own problems point into its stages.
    let mut bad = scenario(13);
    bad["options"][1]["stages"][1]["switch"] = json!({"at_month": 40});
    let problem = assert_problem(app.post_json("/v1/comparisons", &bad).await, 422).await;
    assert!(problem.to_string().contains("/options/1/stages/1/switch/at_month"), "{problem}");
}
