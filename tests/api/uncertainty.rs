//! Monte Carlo ranges over HTTP: the same seed gives the same answer, closed forms (a single linear
//! component with a uniform input; no uncertainty at all), convergence, and the limits (422 on bad
//! distributions and draw counts, 503 when the heavy permits are taken).

use crate::helpers::{assert_problem, root, spawn_app, TestApp};
use breakeven::config::Settings;
use breakeven::startup::Application;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("a decimal string, got {v}"))).expect("decimal")
}

/// One month, no discounting, one seat price quoted inline (a quote varies by nothing): the NPV is
/// exactly `10 × users`.
fn seats(users: Value) -> Value {
    json!({"scenario": {
        "currency": "USD", "horizon_months": 1, "start": "2026-01", "discount_rate": "0",
        "drivers": {"users": {"start": "150"}},
        "options": [
            {"name": "seats", "components": [{"name": "seat", "quantity": {"driver": "users"},
              "price": {"category": "saas", "unit": "user_month", "billing": "monthly", "unit_price": "10"}}]},
            {"name": "flat", "components": [{"name": "licence", "quantity": {"fixed": "1"},
              "price": {"category": "saas", "unit": "month", "billing": "monthly", "unit_price": "1500"}}]}
        ]},
        "inputs": {"users": users}})
}

async fn ranges(app: &TestApp, body: &Value) -> Value {
    let response = app.post_json("/v1/uncertainty", body).await;
    assert_eq!(response.status().as_u16(), 200, "{body}");
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn the_same_seed_gives_the_same_answer_and_another_seed_another() {
    let app = spawn_app().await;
    let body = json!({"template": "team-im", "drivers": {"users": "137"}, "draws": 300, "seed": 42,
                      "inputs": {"growth": {"uniform": {"low": "0", "high": "0.3"}}}});
    let (a, b) = (ranges(&app, &body).await, ranges(&app, &body).await);
    assert_eq!(a, b);
    let mut other = body.clone();
    other["seed"] = 43.into();
    assert_ne!(ranges(&app, &other).await["options"], a["options"], "another seed, other draws");
    // Estimates vary within the range stated with them, copies within their basis' spread.
    let inputs = a["inputs"].as_array().expect("inputs");
    let any =
        |prefix: &str| inputs.iter().any(|i| i["method"].as_str().is_some_and(|m| m.starts_with(prefix)));
    assert!(any("range stated with the price: ") && any("default spread ±5 % for basis third_party"), "{a}");
    let options = a["options"].as_array().expect("options");
    let cheapest: Decimal = options.iter().map(|o| dec(&o["probability_cheapest"])).sum();
    // Exactly one option is cheapest in each draw; each share is rounded to 4 decimals.
    let slack = Decimal::new(options.len() as i64, 4);
    assert!((cheapest - Decimal::ONE).abs() <= slack, "shares sum to {cheapest}");
    for o in a["options"].as_array().expect("options") {
        let (p5, p50, p95) = (dec(&o["npv"]["p5"]), dec(&o["npv"]["p50"]), dec(&o["npv"]["p95"]));
        assert!(p5 <= p50 && p50 <= p95, "{o}");
    }
}

#[tokio::test]
async fn without_uncertain_inputs_every_percentile_is_the_point_answer() {
    let app = spawn_app().await;
    let mut body = seats(json!({"uniform": {"low": "150", "high": "150"}}));
    body["draws"] = 50.into();
    let answer = ranges(&app, &body).await;
    for o in answer["options"].as_array().expect("options") {
        for q in ["p5", "p50", "p95", "mean"] {
            assert_eq!(dec(&o["npv"][q]), dec(&o["point_npv"]), "{q} of {o}");
        }
    }
    // 10 × 150 = 1,500 = the flat licence: equal, so the first of equals is the cheapest in every draw.
    assert_eq!(dec(&answer["options"][0]["point_npv"]), Decimal::from(1500));
    assert_eq!(dec(&answer["options"][0]["probability_cheapest"]), Decimal::ONE);
}

#[tokio::test]
async fn a_linear_component_with_a_uniform_input_has_the_uniforms_mean_and_quantiles() {
    let app = spawn_app().await;
    // users ~ U(100, 200), NPV = 10 × users ~ U(1,000, 2,000): mean 1,500, P5 1,050, P50 1,500, P95
    // 1,950, and the flat 1,500 licence is cheaper exactly when users > 150: half the draws.
    let mut body = seats(json!({"uniform": {"low": "100", "high": "200"}}));
    body["draws"] = 20_000.into();
    let answer = ranges(&app, &body).await;
    let npv = &answer["options"][0]["npv"];
    let near = |x: Decimal, expected: i64, tolerance: i64| {
        assert!(
            (x - Decimal::from(expected)).abs() <= Decimal::from(tolerance),
            "{x} vs {expected}: {answer}"
        );
    };
    // Standard errors at 20,000 draws: mean 2.0, quantiles 1.5–3.5; tolerances are 4 to 5 of them.
    near(dec(&npv["mean"]), 1500, 10);
    near(dec(&npv["p5"]), 1050, 8);
    near(dec(&npv["p50"]), 1500, 15);
    near(dec(&npv["p95"]), 1950, 8);
    let flat_cheapest = dec(&answer["options"][1]["probability_cheapest"]);
    assert!((flat_cheapest - Decimal::new(5, 1)).abs() <= Decimal::new(2, 2), "{flat_cheapest}");
    // Every draw is priced exactly: users are drawn to 6 decimals, so each NPV is a whole number of
    // hundred-thousandths of 10, and the percentiles are amounts some draw really had.
    assert_eq!(dec(&npv["p50"]).scale(), 2);
    // The sensitivity names the one input, perfectly rank-correlated with the gap.
    let influence = &answer["sensitivity"]["inputs"][0];
    assert_eq!(influence["input"], "users");
    assert_eq!(dec(&influence["rank_correlation"]).abs(), Decimal::ONE);

    // Convergence: the P50 at 2,000 draws is within 1 % of the P50 at 20,000.
    body["draws"] = 2_000.into();
    let fewer = ranges(&app, &body).await;
    let (p50, p50_fewer) = (dec(&npv["p50"]), dec(&fewer["options"][0]["npv"]["p50"]));
    assert!((p50 - p50_fewer).abs() <= Decimal::from(15), "{p50} at 20,000 draws, {p50_fewer} at 2,000");
}

#[tokio::test]
async fn bad_distributions_and_draw_counts_are_422s_naming_the_field() {
    let app = spawn_app().await;
    let cases = [
        (json!({"template": "team-im", "draws": 0}), "/draws"),
        (json!({"template": "team-im", "draws": 20_001}), "/draws"),
        (
            json!({"template": "team-im", "inputs": {"users": {"uniform": {"low": "200", "high": "100"}}}}),
            "/inputs/users/uniform/high",
        ),
        (
            json!({"template": "team-im", "inputs": {"users": {"triangular": {"low": "1", "mode": "9", "high": "5"}}}}),
            "/inputs/users/triangular/mode",
        ),
        (
            json!({"template": "team-im", "inputs": {"users": {"normal": {"mean": "100", "sd": "-1"}}}}),
            "/inputs/users/normal/sd",
        ),
        (
            json!({"template": "team-im", "inputs": {"users": {"lognormal": {"median": "0", "sigma": "1"}}}}),
            "/inputs/users/lognormal/median",
        ),
        (
            json!({"template": "team-im", "inputs": {"nobody": {"uniform": {"low": "1", "high": "2"}}}}),
            "/inputs/nobody",
        ),
        (json!({"template": "team-im", "price_spreads": {"estimate": "2"}}), "/price_spreads/estimate"),
        (json!({"template": "team-im", "option": "1"}), "/versus"),
    ];
    for (body, pointer) in cases {
        let problem = assert_problem(app.post_json("/v1/uncertainty", &body).await, 422).await;
        let pointers: Vec<&str> = problem["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e["pointer"].as_str())
            .collect();
        assert!(pointers.contains(&pointer), "{body}: {problem}");
    }
    let unknown = json!({"template": "team-im", "inputs": {"users": {"cauchy": {"x": "1"}}}});
    let status = app.post_json("/v1/uncertainty", &unknown).await.status().as_u16();
    assert!(status == 400 || status == 422, "an unknown distribution is refused ({status})");
}

#[tokio::test]
async fn the_heavy_limit_gives_503_and_the_flat_get_agrees_with_post() {
    let application = Application::build(Settings {
        heavy_concurrency: 1,
        ..Settings::for_tests(root().join("pricing-data"))
    })
    .expect("server");
    let bounds = application.bounds();
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let app = TestApp { address, metrics_address: None, client: reqwest::Client::new() };
    let permit = bounds.heavy.try_acquire().expect("the only permit");
    let busy = app.post_json("/v1/uncertainty", &json!({"template": "team-im", "draws": 10})).await;
    assert_eq!(busy.status().as_u16(), 503);
    drop(permit);
    let posted =
        ranges(&app, &json!({"template": "team-im", "drivers": {"users": "80"}, "draws": 100, "seed": 5}))
            .await;
    let got = app.get("/v1/uncertainty?template=team-im&users=80&draws=100&seed=5").await;
    assert_eq!(got.status().as_u16(), 200);
    assert!(got.headers().get("etag").is_some());
    assert_eq!(got.json::<Value>().await.expect("JSON"), posted);
    let csv = app
        .get("/v1/uncertainty?template=team-im&users=80&draws=100&seed=5&format=csv")
        .await
        .text()
        .await
        .expect("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("option,point_npv,npv_p5,npv_p50,npv_p95"), "{csv}");
    assert_eq!(lines.len(), 1 + posted["options"].as_array().expect("options").len(), "{csv}");
}

#[tokio::test]
async fn the_single_number_form_gives_a_percentile_of_the_same_draws() {
    let app = spawn_app().await;
    let ranges: Value = app
        .get("/v1/uncertainty?template=team-im&users=80&draws=200&seed=9")
        .await
        .json()
        .await
        .expect("JSON");
    for (percentile, key) in [(5, "p5"), (50, "p50"), (95, "p95")] {
        let url = format!(
            "/v1/uncertainty/value?template=team-im&users=80&option=2&metric=npv&percentile={percentile}&draws=200&seed=9"
        );
        let response = app.get(&url).await;
        assert_eq!(response.status().as_u16(), 200, "{url}");
        assert_eq!(
            response.text().await.expect("text"),
            ranges["options"][1]["npv"][key].as_str().expect("npv")
        );
    }
    let cash = app.get("/v1/uncertainty/value?template=team-im&users=80&option=1&metric=cash&percentile=95&draws=200&seed=9").await;
    assert_eq!(cash.text().await.expect("text"), ranges["options"][0]["cash"]["p95"].as_str().expect("cash"));
    for (query, pointer, status) in [
        ("option=1&metric=npv&percentile=7", "/percentile", 400),
        ("option=1&metric=rank_npv&percentile=50", "/metric", 400),
        ("option=9&metric=npv&percentile=50&draws=20", "/option", 422),
    ] {
        let url = format!("/v1/uncertainty/value?template=team-im&{query}");
        let body = assert_problem(app.get(&url).await, status).await;
        assert_eq!(body["errors"][0]["pointer"], pointer, "{query}: {body}");
    }
}

fn input<'a>(answer: &'a Value, name: &str) -> Option<&'a Value> {
    answer["inputs"].as_array().expect("inputs").iter().find(|i| i["name"] == name)
}

#[tokio::test]
async fn a_template_s_default_distributions_apply_unless_the_request_sets_its_own_or_turns_them_off() {
    let app = spawn_app().await;
    // team-im's users vary from 0.9× to 1.3× the number asked, most likely at it (its `uncertainty`).
    let answer =
        ranges(&app, &json!({"template": "team-im", "drivers": {"users": "500"}, "draws": 40})).await;
    let users = input(&answer, "users").expect("users vary by the template's default");
    assert_eq!(users["distribution"], json!({"triangular": {"low": "450", "mode": "500", "high": "650"}}));
    assert!(
        users["method"].as_str().is_some_and(|m| m.starts_with("the template's default: Judgement")),
        "{users}"
    );
    assert!(input(&answer, "growth").is_some(), "{answer}");
    // growth's default is a range around the template's own 10 % (0 to 20 %), not a fraction of the
    // value asked: a request that sets its own growth keeps it, unless it gives it a distribution.
    let answer = ranges(
        &app,
        &json!({"template": "team-im", "drivers": {"users": "500"}, "settings": {"growth": "0.5"}, "draws": 40}),
    )
    .await;
    assert!(input(&answer, "growth").is_none(), "{answer}");
    assert!(input(&answer, "users").is_some(), "a relative default follows the value asked");
    // The request's own distribution replaces the default.
    let own = json!({"uniform": {"low": "400", "high": "600"}});
    let answer = ranges(
        &app,
        &json!({"template": "team-im", "drivers": {"users": "500"}, "draws": 40, "inputs": {"users": own}}),
    )
    .await;
    let users = input(&answer, "users").expect("users");
    assert_eq!(users["distribution"], own);
    assert!(users["method"].as_str().is_some_and(|m| m.starts_with("given in the request")), "{users}");
    // Off: only prices vary, by POST and by GET alike.
    let off = ranges(&app, &json!({"template": "team-im", "draws": 40, "template_inputs": false})).await;
    assert!(input(&off, "users").is_none() && input(&off, "growth").is_none(), "{off}");
    let got: Value = app
        .get("/v1/uncertainty?template=team-im&draws=40&template_inputs=false")
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(got, off);
}

#[tokio::test]
async fn any_number_the_scenario_states_can_vary_by_its_json_pointer() {
    let app = spawn_app().await;
    // Only the admin FTE of "Mattermost on AWS VMs" (option 2) varies: prices and defaults are off.
    let spreads = json!({"vendor_list": "0", "quote": "0", "derived": "0", "third_party": "0", "statistic": "0", "estimate": "0"});
    let body = json!({"template": "team-im", "draws": 200, "template_inputs": false, "price_spreads": spreads,
                      "inputs": {"/options/1/labor/0/fte": {"uniform": {"low": "0.05", "high": "0.3"}}}});
    let answer = ranges(&app, &body).await;
    let npv = |i: usize, q: &str| dec(&answer["options"][i]["npv"][q]);
    assert_eq!(npv(0, "p5"), npv(0, "p95"), "Slack does not depend on the admin: {answer}");
    assert!(npv(1, "p5") < npv(1, "p50") && npv(1, "p50") < npv(1, "p95"), "{answer}");
    // 0.1 FTE is the point: the point answer lies within the range the FTE spans.
    assert!(npv(1, "p5") < dec(&answer["options"][1]["point_npv"]), "{answer}");
    let wrong = json!({"template": "team-im", "inputs": {"/options/1/labor/0/nobody": {"uniform": {"low": "1", "high": "2"}}}});
    let problem = assert_problem(app.post_json("/v1/uncertainty", &wrong).await, 422).await;
    assert_eq!(problem["errors"][0]["pointer"], "/inputs/~1options~11~1labor~10~1nobody", "{problem}");
}

#[tokio::test]
async fn a_sweep_gives_each_crossover_its_interval_under_uncertainty() {
    let app = spawn_app().await;
    // Nothing uncertain (inline prices are quotes): every draw crosses where the point answer does —
    // the flat 1,500 becomes cheaper than 10 × users just above the tie at 150 users (a scenario's
    // driver is not whole-numbered: bisected to 1e-6 of the span).
    let mut body = seats(json!(null));
    body.as_object_mut().map(|b| b.remove("inputs"));
    body["variable"] = "users".into();
    body["values"] = json!(["100", "200"]);
    body["intervals"] = 30.into();
    let response = app.post_json("/v1/sweeps", &body).await;
    assert_eq!(response.status().as_u16(), 200);
    let sweep: Value = response.json().await.expect("JSON");
    let crossover = &sweep["crossovers"][0];
    assert_eq!(
        (crossover["from"].as_str(), crossover["to"].as_str()),
        (Some("seats"), Some("flat")),
        "{sweep}"
    );
    let at = dec(&crossover["at"]);
    assert!(Decimal::from(150) < at && at < Decimal::new(15001, 2), "{sweep}");
    let interval = &crossover["interval"];
    for q in ["p5", "p50", "p95"] {
        assert_eq!(dec(&interval[q]), at, "{q}: {interval}");
    }
    assert_eq!((dec(&interval["below_span"]), dec(&interval["beyond_span"])), (Decimal::ZERO, Decimal::ZERO));
    // team-im by users: prices within their ranges and growth by the template's default move the
    // crossovers; the point crossover lies inside its own 90 % interval.
    let url = "/v1/sweeps?template=team-im&variable=users&from=10&to=100000&points=12&scale=log&intervals=40&seed=3";
    let sweep: Value = app.get(url).await.json().await.expect("JSON");
    let crossovers = sweep["crossovers"].as_array().expect("crossovers");
    assert!(!crossovers.is_empty(), "{sweep}");
    for c in crossovers {
        let i = &c["interval"];
        assert!(i["method"].as_str().is_some_and(|m| m.contains("growth") && !m.contains("users,")), "{i}");
        let (low, high) = (dec(&i["p5"]), dec(&i["p95"]));
        assert!(low <= dec(&i["p50"]) && dec(&i["p50"]) <= high && low < high, "{c}");
        assert!(low <= dec(&c["at"]) && dec(&c["at"]) <= high, "{c}");
    }
    let problem = assert_problem(app.get(&url.replace("intervals=40", "intervals=1001")).await, 422).await;
    assert_eq!(problem["errors"][0]["pointer"], "/intervals", "{problem}");
}
