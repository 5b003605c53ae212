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

/// The bundled team-im template's path (Slack Pro, then Mattermost on owned servers) at 400 users.
const TEAM_IM_PATH: &str = "template=team-im&users=400&option=4";

#[tokio::test]
async fn the_flat_get_form_answers_as_the_post_does_and_its_csv_is_the_curve() {
    let app = spawn_app().await;
    let response = app.get(&format!("/v1/paths/optimize?{TEAM_IM_PATH}")).await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let got: Value = response.json().await.expect("JSON");
    let posted: Value = app
        .post_json(
            "/v1/paths/optimize",
            &json!({"template": "team-im", "drivers": {"users": "400"}, "option": "4"}),
        )
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(got, posted);
    assert_eq!(got["option"], "Slack Pro, then Mattermost on owned servers (path)");
    let best = got["best"]["month"].as_u64().expect("switching pays at 400 users");
    // CSV: one row per month of the curve and one for "never", the best marked once.
    let csv =
        app.get(&format!("/v1/paths/optimize?{TEAM_IM_PATH}&format=csv")).await.text().await.expect("CSV");
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some("switch_month,npv,cash,best,probability_best,currency"));
    let rows: Vec<Vec<&str>> = rows.map(|r| r.split(',').collect()).collect();
    assert_eq!(rows.len(), got["curve"].as_array().expect("curve").len() + 1);
    let marked: Vec<&Vec<&str>> = rows.iter().filter(|r| r[3] == "true").collect();
    assert_eq!(marked.len(), 1, "{csv}");
    assert_eq!(
        (marked[0][0], marked[0][1]),
        (best.to_string().as_str(), got["best"]["npv"].as_str().expect("npv"))
    );
    assert_eq!(rows.last().map(|r| r[0]), Some(""), "never switching is the last row");
    assert!(rows.iter().all(|r| r[4].is_empty()), "no draws, no shares: {csv}");
}

#[tokio::test]
async fn metric_best_switch_month_is_the_optimizers_month_or_empty_for_never() {
    let app = spawn_app().await;
    let optimum: Value =
        app.get(&format!("/v1/paths/optimize?{TEAM_IM_PATH}")).await.json().await.expect("JSON");
    let value = app
        .get(&format!("/v1/comparisons/value?{TEAM_IM_PATH}&metric=best_switch_month"))
        .await
        .text()
        .await
        .expect("text");
    assert_eq!(value, optimum["best"]["month"].to_string());
    // At 20 users a year of Slack costs less than servers ever do: never switch, an empty cell.
    let response =
        app.get("/v1/comparisons/value?template=team-im&users=20&option=4&metric=best_switch_month").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.expect("text"), "");
    // A plain option is not a path: a 422 naming the option.
    let response = app.get("/v1/comparisons/value?template=team-im&option=1&metric=best_switch_month").await;
    let problem = assert_problem(response, 422).await;
    assert!(problem.to_string().contains("option"), "{problem}");
}

#[tokio::test]
async fn a_template_path_switches_when_its_driver_passes_the_threshold_and_the_xlsx_says_the_stage() {
    let app = spawn_app().await;
    // team-im: 120 users growing 10 % a year pass the path's 150 users in month 30
    // (120 × 1.1^(29/12) = 151.08; month 29 has 120 × 1.1^(28/12) = 149.89).
    let answer: Value = app.get("/v1/comparisons?template=team-im").await.json().await.expect("JSON");
    let path = &answer["options"][3];
    assert_eq!(path["stages"][1]["from_month"], 30, "{}", path["stages"]);
    assert_eq!(path["stages"][0]["until_month"], 30, "one month of overlap");
    let migration = path["line_items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|l| l["component"].as_str().is_some_and(|c| c.starts_with("Migration")))
        .expect("the migration line");
    // 40 hours at 56.58 USD (BLS median 90,520 × 1.3 on-cost ÷ 2,080 h) = 2,263.20, in month 30.
    assert_eq!(migration["cash"], "2263.20");
    assert_eq!(migration["provenance"]["basis"], "estimate");
    let bytes = app.get("/v1/comparisons?template=team-im&format=xlsx").await.bytes().await.expect("xlsx");
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let sheet = calamine::Reader::worksheet_range(&mut workbook, "Line items").expect("Line items");
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().expect("header").iter().map(|c| c.to_string()).collect();
    let at =
        |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let (option, stage) = (at("option"), at("stage"));
    let mut stages = std::collections::BTreeSet::new();
    for row in rows {
        let (o, s) = (row[option].to_string(), row[stage].to_string());
        if o == "Slack Pro, then Mattermost on owned servers (path)" {
            stages.insert(s);
        } else {
            assert_eq!(s, "", "a plain option's line has no stage ({o})");
        }
    }
    assert_eq!(stages.into_iter().collect::<Vec<_>>(), ["Mattermost on owned servers", "Slack Pro"]);
    // The Assumptions sheet lists each stage, when it runs and why, and what it holds.
    let sheet = calamine::Reader::worksheet_range(&mut workbook, "Assumptions").expect("Assumptions");
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let owner = "Slack Pro, then Mattermost on owned servers (path) › Mattermost on owned servers";
    let stage = rows.iter().find(|r| r[0] == "stage" && r[1] == owner).expect("the stage's row");
    assert_eq!(stage[2], "months 30–60");
    assert!(
        stage[3].contains("first reaches 150 in month 30") && stage[3].contains("\"overlap_months\":1"),
        "{stage:?}"
    );
    let under = |section: &str| rows.iter().filter(|r| r[0] == section && r[1].starts_with(owner)).count();
    assert!(under("component") >= 2, "the servers and the migration: {rows:?}");
    assert_eq!(under("labor"), 1, "the admin");
    assert!(rows.iter().any(|r| r[0] == "component" && r[1].starts_with(&format!("{owner} › migration ›"))));
}

/// The README's worked example per path template: the best month and its NPV, as the optimizer gives
/// them on the bundled data (update the README's tables when this fails).
#[tokio::test]
async fn the_readme_path_examples_are_what_the_optimizer_answers() {
    let app = spawn_app().await;
    let readme = std::fs::read_to_string(crate::helpers::root().join("README.md")).expect("README");
    let section = readme.split("### Paths in the bundled templates").nth(1).expect("the section");
    for (query, month, npv) in [
        ("template=team-im&users=100&growth=0.5&option=4", 24, "70,631.30"),
        ("template=customer-chat&mau=60000&growth=0.6&option=5", 26, "159,565.81"),
        ("template=file-storage&option=4", 39, "37,339.09"),
    ] {
        let answer: Value = app.get(&format!("/v1/paths/optimize?{query}")).await.json().await.expect("JSON");
        assert_eq!(answer["best"]["month"], month, "{query}");
        assert_eq!(answer["best"]["npv"], npv.replace(',', ""), "{query}");
        assert!(section.contains(&format!("| **{month} (best")), "{query}: the README's best row");
        assert!(section.contains(&format!("**{npv}**")), "{query}: the README's best NPV");
    }
    // The range of team-im's optimum, 200 draws of seed 1.
    let query = "template=team-im&users=100&growth=0.5&option=4&draws=200&seed=1";
    let answer: Value = app.get(&format!("/v1/paths/optimize?{query}")).await.json().await.expect("JSON");
    let range = &answer["range"];
    assert_eq!(
        (&range["p10"], &range["p50"], &range["p90"]),
        (&json!(12), &json!(24), &json!(24)),
        "{range}"
    );
    assert_eq!(range["probability_point_best"], "0.745");
    let (regret, saving) = (&range["regret"], &range["saving_vs_never"]);
    for figure in [&regret["p95"], &regret["mean"], &saving["p5"], &saving["p95"]] {
        let figure = figure.as_str().expect("an amount");
        let (units, cents) = figure.split_once('.').expect("cents");
        let grouped = units.parse::<u64>().map(|u| {
            if u >= 1000 {
                format!("{},{:03}", u / 1000, u % 1000)
            } else {
                u.to_string()
            }
        });
        let shown = format!("{}.{cents}", grouped.expect("a whole part"));
        assert!(section.contains(&shown), "the README's range figure {shown}");
    }
}

/// team-im's path at 100 users (growing 10 % a year by default; the template ranges growth 0 to 20 %).
const TEAM_IM_GROWING: &str = "template=team-im&users=100&option=4";

fn ranged(growth: Option<(&str, &str)>, spreads: Value, draws: u32) -> Value {
    let mut uncertainty =
        json!({"draws": draws, "seed": 3, "template_inputs": false, "price_spreads": spreads});
    if let Some((low, high)) = growth {
        uncertainty["inputs"] = json!({"growth": {"uniform": {"low": low, "high": high}}});
    }
    json!({"template": "team-im", "drivers": {"users": "100"}, "option": "4", "uncertainty": uncertainty})
}

/// Every spread zero: nothing varies.
fn no_spreads() -> Value {
    json!({"derived": "0", "third_party": "0", "statistic": "0", "estimate": "0"})
}

#[tokio::test]
async fn with_nothing_uncertain_every_draw_finds_the_point_answer_and_regrets_nothing() {
    let app = spawn_app().await;
    let response = app.post_json("/v1/paths/optimize", &ranged(None, no_spreads(), 5)).await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let answer: Value = response.json().await.expect("JSON");
    let range = &answer["range"];
    assert_eq!(range["draws"], 5);
    assert_eq!(range["inputs"], json!([]), "nothing varies");
    assert_eq!(range["probability_point_best"], "1");
    assert_eq!(range["best_months"], json!([{"month": answer["best"]["month"], "share": "1"}]));
    assert_eq!(range["p10"], answer["best"]["month"]);
    assert_eq!(range["p90"], answer["best"]["month"]);
    assert_eq!(dec(&range["regret"]["p95"]), Decimal::ZERO);
    assert_eq!(dec(&range["saving_vs_never"]["p50"]), dec(&answer["saving_vs_never"]));
    // The work counts the draws: six searches of the same size.
    let point: Value = app
        .post_json(
            "/v1/paths/optimize",
            &json!({"template": "team-im", "drivers": {"users": "100"}, "option": "4"}),
        )
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(point["range"], Value::Null);
    assert_eq!(answer["line_months"].as_u64(), point["line_months"].as_u64().map(|l| l * 6));
}

#[tokio::test]
async fn a_drawn_input_moves_the_switch_as_the_point_search_at_that_value_does() {
    let app = spawn_app().await;
    // Growth drawn from a range of one value, 50 % a year: each draw is the point search at growth=0.5.
    let response = app.post_json("/v1/paths/optimize", &ranged(Some(("0.5", "0.5")), no_spreads(), 3)).await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let fixed: Value = response.json().await.expect("JSON");
    let at_half: Value = app
        .get(&format!("/v1/paths/optimize?{TEAM_IM_GROWING}&growth=0.5"))
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(fixed["range"]["p50"], at_half["best"]["month"], "{}", fixed["range"]);
    assert_eq!(fixed["range"]["probability_point_best"], "0", "the point answer is at 10 % growth");
    // Growth from 0 to 80 %: faster growth switches earlier, so the draws spread over months, and
    // committing to the point answer's month costs something in some draw.
    let response = app.post_json("/v1/paths/optimize", &ranged(Some(("0", "0.8")), no_spreads(), 24)).await;
    let spread: Value = response.json().await.expect("JSON");
    let range = &spread["range"];
    let shares = range["best_months"].as_array().expect("shares");
    assert!(shares.len() > 1, "{range}");
    let total: Decimal = shares.iter().map(|s| dec(&s["share"])).sum();
    assert!((total - Decimal::ONE).abs() < Decimal::new(1, 3), "shares sum to 1: {total}");
    assert!(dec(&range["regret"]["p95"]) > Decimal::ZERO, "{range}");
    assert!(dec(&range["regret"]["p5"]) >= Decimal::ZERO);
    let months: Vec<Option<u64>> = ["p10", "p50", "p90"].iter().map(|p| range[*p].as_u64()).collect();
    let order = |m: &Option<u64>| m.unwrap_or(u64::MAX);
    assert!(months.windows(2).all(|w| order(&w[0]) <= order(&w[1])), "{months:?}");
    assert_eq!(range["inputs"][0]["name"], "growth");
}

#[tokio::test]
async fn the_flat_get_ranges_with_draws_and_its_csv_gives_each_months_share() {
    let app = spawn_app().await;
    let query = format!("/v1/paths/optimize?{TEAM_IM_GROWING}&draws=6&seed=2");
    let got: Value = app.get(&query).await.json().await.expect("JSON");
    let range = &got["range"];
    assert_eq!((range["draws"].as_u64(), range["seed"].as_u64()), (Some(6), Some(2)));
    // The template's default distributions and every price's basis spread vary.
    let names: Vec<&str> =
        range["inputs"].as_array().expect("inputs").iter().filter_map(|i| i["name"].as_str()).collect();
    assert!(names.contains(&"growth"), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("price:")), "{names:?}");
    let csv = app.get(&format!("{query}&format=csv")).await.text().await.expect("CSV");
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|r| r.split(',').collect()).collect();
    let total: Decimal = rows.iter().map(|r| r[4].parse::<Decimal>().expect("a share")).sum();
    assert!((total - Decimal::ONE).abs() < Decimal::new(1, 3), "{csv}");
    for share in range["best_months"].as_array().expect("shares") {
        let month = share["month"].as_u64().map(|m| m.to_string()).unwrap_or_default();
        let row = rows.iter().find(|r| r[0] == month).expect("the month's row");
        assert_eq!(row[4], share["share"].as_str().expect("share"));
    }
}

#[tokio::test]
async fn a_range_past_the_budget_or_with_a_bad_distribution_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    let response = app.post_json("/v1/paths/optimize", &ranged(None, no_spreads(), 20_000)).await;
    let problem = assert_problem(response, 422).await;
    assert_eq!(problem["errors"][0]["pointer"], "/uncertainty/draws", "{problem}");
    // 20,000,000 ÷ 28,860 line-months per search = 693 searches: the point's and 692 draws.
    assert_eq!(
        problem["errors"][0]["detail"],
        "at most 692 draws of this request fit the evaluation budget of 20000000 line-months"
    );
    let mut bad = ranged(Some(("0.9", "0.1")), no_spreads(), 3);
    bad["uncertainty"]["price_spreads"]["estimate"] = json!("2");
    let problem = assert_problem(app.post_json("/v1/paths/optimize", &bad).await, 422).await;
    let text = problem.to_string();
    assert!(text.contains("/uncertainty/inputs/growth"), "{problem}");
    assert!(text.contains("/uncertainty/price_spreads/estimate"), "{problem}");
    let mut unknown = ranged(None, no_spreads(), 3);
    unknown["uncertainty"]["inputs"] = json!({"colour": {"uniform": {"low": "1", "high": "2"}}});
    let problem = assert_problem(app.post_json("/v1/paths/optimize", &unknown).await, 422).await;
    assert!(problem.to_string().contains("/uncertainty/inputs/colour"), "{problem}");
}

#[tokio::test]
async fn a_paths_availability_weights_its_stages_by_the_months_each_serves() {
    let app = spawn_app().await;
    let risk = json!({"outage_cost_per_hour": "100", "self_hosted_availability_percent": "99.5"});
    let request = json!({"template": "file-storage", "settings": {"risk": risk}});
    let answer: Value = app.post_json("/v1/comparisons", &request).await.json().await.expect("JSON");
    let path = answer["risk"]["options"]
        .as_array()
        .expect("risk rows")
        .iter()
        .find(|o| o["option"] == "Amazon S3, then Synology NAS (path)")
        .expect("the path's row");
    // S3 serves months 1–38 at its 99.9 % SLA, the NAS months 39–84 at the assumed 99.5 %:
    // (99.9 × 38 + 99.5 × 46) ÷ 84 = 8,373.2 ÷ 84 = 99.680952 %, not the 99.4005 % of both in series.
    assert_eq!(path["availability_percent"], "99.680952", "{path}");
    // Downtime: (8,400 − 8,373.2) ÷ 84 = 0.319048 % of 730 h × 84 months = 26.8 × 613.2 ÷ 84 = 195.64 h
    // exactly, at 100 an hour 19,564.00.
    assert_eq!(path["downtime_hours"], "195.64");
    assert_eq!(path["expected_downtime_cost"], "19564.00");
    let source = path["availability_source"].as_str().expect("source");
    assert!(
        source.contains("Amazon S3 (months 1–38)") && source.contains("Synology NAS (months 39–84)"),
        "{source}"
    );
}

#[tokio::test]
async fn a_driver_triggered_stage_gets_the_thresholds_that_switch_in_its_best_month() {
    let app = spawn_app().await;
    let get = |query: &'static str| {
        let app = &app;
        async move { app.get(&format!("/v1/paths/optimize?{query}")).await.json::<Value>().await.expect("JSON") }
    };
    // team-im's path switches when users reach a threshold. At 100 users growing 50 % a year the best
    // month is 24: users are 100 × 1.5^(22/12) = 210.297 in month 23 and 100 × 1.5^(23/12) = 217.525 in
    // month 24, so any threshold above 210.30 and at most 217.52 (rounded inwards) switches then.
    let answer = get("template=team-im&users=100&growth=0.5&option=4").await;
    assert_eq!(answer["best"]["month"], 24);
    assert_eq!(answer["best_threshold"], json!({"driver": "users", "above": "210.30", "at_most": "217.52"}));
    // At 20 users growing 10 % a year never switching is best: any threshold above the horizon's last
    // value, 20 × 1.1^(59/12) = 31.955.
    let answer = get("template=team-im&users=20&option=4").await;
    assert_eq!(answer["best"]["month"], Value::Null);
    assert_eq!(answer["best_threshold"], json!({"driver": "users", "above": "31.96", "at_most": null}));
    // A stage switched at a month has no threshold to give.
    let request = json!({"scenario": scenario(13), "option": "Slack, then our own"});
    let answer: Value = app.post_json("/v1/paths/optimize", &request).await.json().await.expect("JSON");
    assert_eq!(answer["best_threshold"], Value::Null);
}
