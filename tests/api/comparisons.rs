//! Comparisons over HTTP: the README's example scenario on the bundled catalogue, invariants that must
//! hold for any answer, and validation problems with pointers.

use crate::helpers::{assert_problem, root, spawn_app};
use rust_decimal::Decimal;
use serde_json::Value;

fn example() -> Value {
    let text =
        std::fs::read_to_string(root().join("examples/smb-im-50-users.json")).expect("example scenario");
    serde_json::from_str(&text).expect("JSON")
}

fn dec(value: &Value) -> Decimal {
    value.as_str().unwrap_or_else(|| panic!("decimal string expected, got {value}")).parse().expect("decimal")
}

#[tokio::test]
async fn the_readme_example_compares_three_options() {
    let app = spawn_app().await;
    let response = app.post_json("/v1/comparisons", &example()).await;
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("JSON");
    let options = body["options"].as_array().expect("options");
    assert_eq!(options.len(), 3);

    // Hand-checkable totals (prices from pricing-data/saas/collaboration.json and cloud/aws.json):
    // Slack Pro annual: 50 seats × 7.25 USD × 60 months = 21,750.00.
    assert_eq!(options[0]["totals"]["cash"], "21750.00");
    // VM: 730 h × 0.1008 × 60 = 4,415.04; admin: 0.05 FTE × 90,520 × 1.3 on-cost × 5 years = 29,419.00.
    assert_eq!(options[1]["totals"]["cash"], "33834.04");
    // Two servers at 3,500 = 7,000 capex, depreciated to a 5 % residual: 6,650.00 over the horizon.
    assert_eq!(options[2]["totals"]["capex"], "7000.00");
    assert_eq!(options[2]["totals"]["depreciation"], "6650.00");

    for option in options {
        let name = option["name"].as_str().expect("name");
        // Line items add up to the totals exactly.
        let lines = option["line_items"].as_array().expect("line items");
        let sum: Decimal = lines.iter().map(|l| dec(&l["cash"])).sum();
        assert_eq!(sum, dec(&option["totals"]["cash"]), "{name}: Σ line items = cash total");
        // Monthly rows too, and there is one per month.
        let months = option["monthly"].as_array().expect("monthly");
        assert_eq!(months.len(), 60);
        let monthly_sum: Decimal = months.iter().map(|m| dec(&m["cash"])).sum();
        assert_eq!(monthly_sum, dec(&option["totals"]["cash"]), "{name}: Σ months = cash total");
        // Every line names where its price came from.
        for line in lines {
            let provenance = &line["provenance"];
            assert!(provenance.is_object(), "{name}: line has provenance: {line}");
        }
        // NPV at 8 % is below nominal cash for costs.
        assert!(dec(&option["totals"]["npv"]) <= dec(&option["totals"]["cash"]));
    }
    assert_eq!(body["ranking"]["by_npv"].as_array().map(Vec::len), Some(3));
    assert_eq!(body["break_even"].as_array().map(Vec::len), Some(6), "every ordered pair");
    assert!(body["catalog_version"].as_str().is_some_and(|v| v.starts_with("sha256:")));
}

#[tokio::test]
async fn invalid_scenarios_list_every_problem_with_a_pointer() {
    let app = spawn_app().await;
    let mut scenario = example();
    scenario["horizon_months"] = 241.into();
    scenario["options"][0]["components"][0]["offering"] = "slack/slack/global/prro".into();
    scenario["options"][1]["components"][1]["quantity"] = serde_json::json!({"fixed": "-1"});
    let body = assert_problem(app.post_json("/v1/comparisons", &scenario).await, 422).await;
    let pointers: Vec<&str> =
        body["errors"].as_array().expect("errors").iter().filter_map(|e| e["pointer"].as_str()).collect();
    for expected in
        ["/horizon_months", "/options/0/components/0/offering", "/options/1/components/1/quantity/fixed"]
    {
        assert!(pointers.contains(&expected), "{expected} missing from {pointers:?}");
    }
    let offering_problem = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .find(|e| e["pointer"] == "/options/0/components/0/offering")
        .expect("offering problem");
    assert!(
        offering_problem["detail"].as_str().expect("detail").contains("slack/slack/global/pro"),
        "suggests the right id"
    );
}

#[tokio::test]
async fn too_many_options_is_a_422_naming_the_limit() {
    let app = spawn_app().await;
    let mut scenario = example();
    let option = scenario["options"][0].clone();
    let options: Vec<Value> = (0..21)
        .map(|i| {
            let mut o = option.clone();
            o["name"] = format!("Option {i}").into();
            o
        })
        .collect();
    scenario["options"] = options.into();
    let body = assert_problem(app.post_json("/v1/comparisons", &scenario).await, 422).await;
    let errors = body["errors"].as_array().expect("errors");
    let limit = errors.iter().find(|e| e["pointer"] == "/options").expect("an error at /options");
    let detail = limit["detail"].as_str().expect("detail");
    assert!(detail.contains("21 options") && detail.contains("at most 20"), "names the limit: {detail}");
}

#[tokio::test]
async fn amortization_schedule_of_one_asset() {
    let app = spawn_app().await;
    // 12,000 over 5 years straight line to a 10 % residual: 2,160 a year, 180 a month.
    let request = serde_json::json!({"currency": "USD", "cost": "12000", "residual_rate": "0.1", "useful_life_years": 5});
    let response = app.post_json("/v1/amortization", &request).await;
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["yearly"][0]["depreciation"], "2160.00");
    assert_eq!(body["monthly"][0]["depreciation"], "180.00");
    let total: Decimal =
        body["yearly"].as_array().expect("yearly").iter().map(|y| dec(&y["depreciation"])).sum();
    assert_eq!(total, Decimal::from(10800));
    let bad = serde_json::json!({"currency": "USD", "cost": "12000", "useful_life_years": 0});
    let body = assert_problem(app.post_json("/v1/amortization", &bad).await, 422).await;
    assert_eq!(body["errors"][0]["pointer"], "/useful_life_years");
}
