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
    // What the document states (a range) is checked first, against the document.
    let mut scenario = example();
    scenario["horizon_months"] = 241.into();
    let body = assert_problem(app.post_json("/v1/comparisons", &scenario).await, 422).await;
    assert_eq!(body["errors"][0]["pointer"], "/horizon_months", "{body}");
    // Then every rule that needs the catalogue, all at once.
    let mut scenario = example();
    scenario["options"][0]["components"][0]["offering"] = "slack/slack/global/prro".into();
    scenario["options"][1]["components"][1]["quantity"] = serde_json::json!({"fixed": "-1"});
    let body = assert_problem(app.post_json("/v1/comparisons", &scenario).await, 422).await;
    let pointers: Vec<&str> =
        body["errors"].as_array().expect("errors").iter().filter_map(|e| e["pointer"].as_str()).collect();
    for expected in ["/options/0/components/0/offering", "/options/1/components/1/quantity/fixed"] {
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

/// A China-site cloud price includes 6 % VAT: a net comparison divides it by 1.06, a gross one keeps
/// it, and each says what it did. The same setting works in the query-string form.
#[tokio::test]
async fn tax_basis_converts_gross_prices_and_says_so() {
    let app = spawn_app().await;
    // ecs.g7.large in Hangzhou, monthly subscription, a China-site CNY price (pricing-data/cloud/alibaba.json).
    let id = "alibaba/ecs/cn-hangzhou/ecs.g7.large";
    let listed: Value = app.get(&format!("/v1/offerings/{id}")).await.json().await.expect("JSON");
    let schedule = listed["prices"]
        .as_array()
        .expect("prices")
        .iter()
        .find(|p| p["purchase_option"] == "monthly_subscription")
        .expect("monthly price")
        .clone();
    assert_eq!(schedule["tax"]["included"], true, "{schedule}");
    assert_eq!(schedule["tax"]["rate"], "0.06");
    let price = dec(&schedule["unit_price"]);
    let scenario = |basis: &str| {
        serde_json::json!({"currency": "CNY", "horizon_months": 1, "start": "2026-06", "discount_rate": "0",
            "tax_basis": basis, "options": [{"name": "ECS", "components": [
                {"name": "VM", "offering": id, "purchase_option": "monthly_subscription", "quantity": {"fixed": "1"}}]}]})
    };
    let net: Value = app.post_json("/v1/comparisons", &scenario("net")).await.json().await.expect("JSON");
    let gross: Value = app.post_json("/v1/comparisons", &scenario("gross")).await.json().await.expect("JSON");
    assert_eq!(net["tax_basis"], "net");
    assert_eq!(gross["tax_basis"], "gross");
    assert_eq!(dec(&gross["options"][0]["totals"]["cash"]), price);
    let expected_net = (price / Decimal::new(106, 2)).round_dp(2);
    assert_eq!(dec(&net["options"][0]["totals"]["cash"]), expected_net);
    let conversion = net["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .find(|w| w["code"] == "tax_conversion")
        .unwrap_or_else(|| panic!("a tax conversion warning: {}", net["warnings"]));
    assert_eq!(conversion["rate"], "0.06");
    assert!(gross["warnings"].as_array().expect("warnings").iter().all(|w| w["code"] != "tax_conversion"));

    // A bad basis is a 422 naming the field.
    let response = app.post_json("/v1/comparisons", &scenario("inclusive")).await;
    let problem = assert_problem(response, 422).await;
    assert!(problem.to_string().contains("/tax_basis"), "{problem}");

    // The query-string form takes `tax_basis` too, and refuses a bad one naming the parameter.
    let query = "/v1/comparisons?template=team-im&users=50&currency=CNY&tax_basis=gross";
    let response = app.get(query).await;
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["tax_basis"], "gross");
    let response = app.get("/v1/comparisons?template=team-im&users=50&tax_basis=inclusive").await;
    let problem = assert_problem(response, 400).await;
    assert!(problem.to_string().contains("\"/tax_basis\""), "{problem}");
}

/// A China colocation rack that includes power (pricing-data/facilities/colocation.json) is not charged
/// the servers' energy again: only the draw beyond its allotment, × PUE, is. Checked against the
/// figures the API itself serves for the server and the rack.
#[tokio::test]
async fn a_powered_china_rack_is_not_charged_its_power_twice() {
    let app = spawn_app().await;
    let offering = |id: &'static str| {
        let app = &app;
        async move {
            let response = app.get(&format!("/v1/offerings/{id}")).await;
            assert_eq!(response.status().as_u16(), 200, "{id}");
            response.json::<Value>().await.expect("JSON")
        }
    };
    let server = offering("inspur/nf/china/nf5280m6").await;
    let rack = offering("breakeven/colocation/china-tier1/42u-rack").await;
    let watts = dec(&server["hardware"]["power_typical_watts"]);
    let units = Decimal::from(server["hardware"]["rack_units"].as_u64().expect("rack units"));
    let per_u = rack["prices"]
        .as_array()
        .expect("prices")
        .iter()
        .find(|p| p["unit"] == "u_month")
        .expect("a per-U price")
        .clone();
    assert_eq!(per_u["includes"], serde_json::json!(["power"]), "{per_u}");
    let kw_per_u = dec(&per_u["included_power_kw"]);

    let scenario = |space: bool| {
        let mut facility = serde_json::json!({"energy_offering": "breakeven/commercial-electricity/china/general-ci", "pue": "1.3"});
        if space {
            facility["space_offering"] = "breakeven/colocation/china-tier1/42u-rack".into();
        }
        serde_json::json!({"currency": "CNY", "horizon_months": 1, "start": "2026-06", "discount_rate": "0",
            "options": [{"name": "Own", "components": [{"name": "Servers", "offering": "inspur/nf/china/nf5280m6",
                "purchase_option": "purchase", "quantity": {"fixed": "2"}}], "facility": facility}]})
    };
    let power_kwh = |body: &Value| {
        let line = body["options"][0]["line_items"]
            .as_array()
            .expect("lines")
            .iter()
            .find(|l| l["kind"] == "power")
            .expect("power line")
            .clone();
        dec(&line["quantity_first"])
    };
    let hours = Decimal::from(730);
    let pue = Decimal::new(13, 1);
    let draw = Decimal::from(2) * watts * hours / Decimal::from(1000);
    let allowance = Decimal::from(2) * units * kw_per_u * hours;

    let bare: Value = app.post_json("/v1/comparisons", &scenario(false)).await.json().await.expect("JSON");
    assert_eq!(power_kwh(&bare), (draw * pue).normalize());
    let racked: Value = app.post_json("/v1/comparisons", &scenario(true)).await.json().await.expect("JSON");
    assert_eq!(power_kwh(&racked), ((draw - allowance).max(Decimal::ZERO) * pue).normalize());
    assert!(power_kwh(&racked) < power_kwh(&bare));
    assert!(
        racked["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .any(|w| w["code"] == "facility_includes_power"),
        "{}",
        racked["warnings"]
    );
}

#[tokio::test]
async fn the_compact_view_is_the_full_answer_without_its_series() {
    let app = spawn_app().await;
    let url = "/v1/comparisons?template=team-im&users=137";
    let full = app.get(url).await;
    assert_eq!(full.status().as_u16(), 200);
    let full_bytes = full.bytes().await.expect("body").len();
    let full: Value = serde_json::from_str(&app.get(url).await.text().await.expect("text")).expect("JSON");
    let compact = app.get(&format!("{url}&view=compact")).await;
    assert_eq!(compact.status().as_u16(), 200);
    let compact_text = compact.text().await.expect("text");
    let compact: Value = serde_json::from_str(&compact_text).expect("JSON");
    assert!(compact_text.len() * 2 < full_bytes, "{} vs {full_bytes} bytes", compact_text.len());
    for key in ["catalog_version", "currency", "ranking", "break_even", "payback", "warnings"] {
        assert_eq!(compact[key], full[key], "{key}");
    }
    let (options, full_options) =
        (compact["options"].as_array().expect("options"), full["options"].as_array().expect("options"));
    assert_eq!(options.len(), full_options.len());
    for (c, f) in options.iter().zip(full_options) {
        let mut f = f.clone();
        let map = f.as_object_mut().expect("object");
        assert!(map.remove("monthly").is_some() && map.remove("yearly").is_some());
        assert_eq!(c, &f, "an option is the full one without its series");
    }
    let posted = app
        .post_json(
            "/v1/comparisons?view=compact",
            &serde_json::json!({"template": "team-im", "drivers": {"users": "137"}}),
        )
        .await;
    assert_eq!(posted.status().as_u16(), 200);
    assert_eq!(
        posted.json::<Value>().await.expect("JSON"),
        compact,
        "POST and GET give the same compact answer"
    );

    let compact_csv = app.get(&format!("{url}&view=compact&format=csv")).await.text().await.expect("csv");
    let summary_csv = app.get(&format!("{url}&view=summary&format=csv")).await.text().await.expect("csv");
    assert_eq!(compact_csv, summary_csv, "as CSV, compact is the summary");
    let body = assert_problem(app.post_json("/v1/comparisons?view=tiny", &example()).await, 400).await;
    assert_eq!(body["errors"][0]["pointer"], "/view", "{body}");
}

/// The `risk` section: expected downtime from each option's SLA or the assumed self-hosted
/// availability, and exit costs, as totals of their own beside the price totals (which stay as they were).
#[tokio::test]
async fn risk_costs_are_their_own_totals_from_each_options_sla_or_the_assumption() {
    let app = crate::helpers::spawn_app().await;
    let request = |risk: serde_json::Value| serde_json::json!({"template": "office-suite", "drivers": {"users": "50"}, "settings": {"risk": risk}});
    let plain: serde_json::Value = app
        .post_json(
            "/v1/comparisons?view=compact",
            &serde_json::json!({"template": "office-suite", "drivers": {"users": "50"}}),
        )
        .await
        .json()
        .await
        .expect("JSON");
    assert!(plain.get("risk").is_none(), "no risk section, no risk totals");
    let exit = "Google Workspace Business Standard (annual)";
    let body = request(
        serde_json::json!({"outage_cost_per_hour": "100", "self_hosted_availability_percent": "99.5",
        "exit_costs": {exit: "2500"}, "rank_with_risk": true}),
    );
    let answer: serde_json::Value =
        app.post_json("/v1/comparisons?view=compact", &body).await.json().await.expect("JSON");
    // The price totals are those without the risk section.
    for (a, b) in answer["options"]
        .as_array()
        .expect("options")
        .iter()
        .zip(plain["options"].as_array().expect("options"))
    {
        assert_eq!(a["totals"], b["totals"]);
    }
    let risk = &answer["risk"];
    assert_eq!(risk["hours_in_horizon"], "43800", "730 h × 60 months");
    let row = |name: &str| {
        risk["options"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["option"].as_str().is_some_and(|n| n.starts_with(name)))
            .cloned()
            .expect(name)
    };
    // Microsoft 365's SLA of 99.9 %: 0.1 % × 43,800 h = 43.8 h, × 100 = 4,380.00.
    let m365 = row("Microsoft 365");
    assert_eq!(
        (m365["availability_percent"].as_str(), m365["downtime_hours"].as_str()),
        (Some("99.9"), Some("43.8"))
    );
    assert_eq!(m365["expected_downtime_cost"], "4380.00");
    assert!(m365["source_urls"][0].as_str().is_some_and(|u| u.starts_with("http")), "{m365}");
    // Exit cost as given: 4,380.00 + 2,500.00.
    let google = row("Google Workspace");
    assert_eq!(
        (google["exit_cost"].as_str(), google["risk_total"].as_str()),
        (Some("2500.00"), Some("6880.00"))
    );
    // Self-hosted: the assumed 99.5 % gives 0.5 % × 43,800 h = 219 h, × 100 = 21,900.00.
    let own = row("Nextcloud + Mattermost on owned servers");
    assert_eq!(
        (own["downtime_hours"].as_str(), own["expected_downtime_cost"].as_str()),
        (Some("219"), Some("21900.00"))
    );
    let cash: f64 =
        answer["options"][3]["totals"]["cash"].as_str().and_then(|c| c.parse().ok()).expect("cash");
    let with_risk: f64 = own["cash_with_risk"].as_str().and_then(|c| c.parse().ok()).expect("cash with risk");
    assert!((with_risk - cash - 21900.0).abs() < 0.005, "{cash} + 21,900 = {with_risk}");
    assert_eq!(
        risk["ranking_with_risk"][0]["option"].as_str().map(|n| n.starts_with("Microsoft 365")),
        Some(true),
        "{risk}"
    );

    // Without the assumption, a self-hosted option's downtime is unknown, not zero.
    let unknown: serde_json::Value = app
        .post_json(
            "/v1/comparisons?view=compact",
            &request(serde_json::json!({"outage_cost_per_hour": "100"})),
        )
        .await
        .json()
        .await
        .expect("JSON");
    let own = unknown["risk"]["options"][3].clone();
    assert!(
        own.get("expected_downtime_cost").is_none()
            && own["availability_source"].as_str().is_some_and(|s| s.contains("unknown")),
        "{own}"
    );

    for (risk, expected) in [
        (serde_json::json!({"outage_cost_per_hour": "-1"}), "-1 is out of range"),
        (
            serde_json::json!({"outage_cost_per_hour": "1", "self_hosted_availability_percent": "0"}),
            "0 is out of range",
        ),
        (
            serde_json::json!({"outage_cost_per_hour": "1", "exit_costs": {"nobody": "1"}}),
            "no option is named `nobody`",
        ),
    ] {
        let problem =
            crate::helpers::assert_problem(app.post_json("/v1/comparisons", &request(risk)).await, 422).await;
        assert!(problem.to_string().contains(expected), "{problem}");
    }
}

#[tokio::test]
async fn components_with_life_spans_over_http() {
    let app = spawn_app().await;
    let scenario = |span: Value| {
        serde_json::json!({"currency": "USD", "horizon_months": 24, "start": "2026-01", "discount_rate": "0.08", "options": [{"name": "Slack",
            "components": [{"name": "Seats", "offering": "slack/slack/global/pro", "purchase_option": "annual_subscription",
                "quantity": {"fixed": "10"}, "from_month": span["from"], "until_month": span["until"]}]}]})
    };
    // Months 4–15 are exactly one annual term: 10 seats × 7.25 × 12 = 870.00, paid in month 4.
    let response =
        app.post_json("/v1/comparisons", &scenario(serde_json::json!({"from": 4, "until": 15}))).await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.expect("JSON");
    let months = answer["options"][0]["monthly"].as_array().expect("months");
    assert_eq!(months[2]["cash"], "0.00");
    assert_eq!(months[3]["cash"], "870.00");
    assert_eq!(answer["options"][0]["totals"]["cash"], "870.00");
    // Ending in month 16 starts a second term, paid in full: 1,740.00.
    let longer: Value = app
        .post_json("/v1/comparisons", &scenario(serde_json::json!({"from": 4, "until": 16})))
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(longer["options"][0]["totals"]["cash"], "1740.00");
    // A span ending before it starts is a 422 naming the field.
    let problem = assert_problem(
        app.post_json("/v1/comparisons", &scenario(serde_json::json!({"from": 10, "until": 5}))).await,
        422,
    )
    .await;
    assert!(problem.to_string().contains("/options/0/components/0/until_month"), "{problem}");
}
