//! Bounded work over HTTP: over-long ids and names are refused up front, sweeps and tornados over the
//! evaluation budget are refused naming it, the heavy endpoints answer 503 with `Retry-After` when their
//! permits are taken, and the comparison cache stays under its byte bound.

use crate::helpers::{assert_problem, root, TestApp};
use breakeven::config::Settings;
use breakeven::startup::{Application, Bounds};
use serde_json::{json, Value};

/// A server on the bundled data with these settings, and its bounded state.
async fn spawn(settings: Settings) -> (TestApp, Bounds) {
    let application = Application::build(settings).expect("the test server builds");
    let bounds = application.bounds();
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    (TestApp { address, metrics_address: None, client: reqwest::Client::new() }, bounds)
}

fn settings() -> Settings {
    Settings::for_tests(root().join("pricing-data"))
}

fn example() -> Value {
    let text =
        std::fs::read_to_string(root().join("examples/smb-im-50-users.json")).expect("example scenario");
    serde_json::from_str(&text).expect("JSON")
}

/// The single field error of a `limit-exceeded` problem.
async fn limit_error(response: reqwest::Response) -> (String, String) {
    let body = assert_problem(response, 422).await;
    assert_eq!(body["type"], "/problems/limit-exceeded", "{body}");
    let errors = body["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{body}");
    let pointer = errors[0]["pointer"].as_str().expect("pointer").to_string();
    (pointer, errors[0]["detail"].as_str().expect("detail").to_string())
}

#[tokio::test]
async fn over_long_ids_are_a_422_naming_the_field_and_the_limit() {
    let (app, _) = spawn(settings()).await;
    let long = "x".repeat(250_000);
    let price = app.post_json("/v1/prices", &json!({"offering": long, "quantity": "1"})).await;
    let (pointer, detail) = limit_error(price).await;
    assert_eq!(pointer, "/offering");
    assert!(detail.contains("at most 200 characters"), "{detail}");

    let (pointer, _) = limit_error(app.get(&format!("/v1/offerings/{}", "x".repeat(5_000))).await).await;
    assert_eq!(pointer, "/id");
    let (pointer, _) = limit_error(app.get(&format!("/v1/templates/{}", "x".repeat(5_000))).await).await;
    assert_eq!(pointer, "/id");
    let sweep = json!({"template": "y".repeat(1_000), "variable": "users", "values": ["1", "2"]});
    let (pointer, _) = limit_error(app.post_json("/v1/sweeps", &sweep).await).await;
    assert_eq!(pointer, "/template");
    let sweep = json!({"template": "team-im", "variable": "v".repeat(1_000), "values": ["1", "2"]});
    let (pointer, _) = limit_error(app.post_json("/v1/sweeps", &sweep).await).await;
    assert_eq!(pointer, "/variable");
}

#[tokio::test]
async fn over_long_names_in_a_scenario_are_a_422_before_any_lookup() {
    let (app, _) = spawn(settings()).await;
    let mut scenario = example();
    scenario["options"][0]["components"][0]["offering"] = "z".repeat(100_000).into();
    scenario["options"][1]["name"] = "n".repeat(201).into();
    let body = assert_problem(app.post_json("/v1/comparisons", &scenario).await, 422).await;
    let errors = body["errors"].as_array().expect("errors");
    let pointers: Vec<&str> = errors.iter().filter_map(|e| e["pointer"].as_str()).collect();
    assert_eq!(pointers, ["/options/0/components/0/offering", "/options/1/name"], "{body}");
    assert!(errors[0]["detail"].as_str().is_some_and(|d| d.contains("at most 200")), "{body}");
    let template = json!({"template": "team-im", "drivers": {"u".repeat(300): "1"}});
    let body = assert_problem(app.post_json("/v1/comparisons", &template).await, 422).await;
    assert!(body["errors"][0]["detail"].as_str().is_some_and(|d| d.contains("at most 200")), "{body}");
}

/// 10 owned options whose servers follow a driver growing 50 % a year over 240 months: a purchase
/// tranche every month, about 175,000 line-months per comparison.
fn growing_fleet() -> Value {
    let option = |i: usize| {
        json!({"name": format!("option {i}"), "components": [{
            "name": "servers", "purchase_option": "purchase",
            "quantity": {"driver": "users", "per": "1", "round": "ceil"},
            "price": {"category": "hardware", "unit": "each", "billing": "one_time",
                      "unit_price": format!("{}", 1000 + i),
                      "hardware": {"power_typical_watts": "300", "power_max_watts": "450", "rack_units": 1,
                                   "useful_life_years": 3, "support_rate": "0.1"}}}]})
    };
    json!({"currency": "USD", "horizon_months": 240, "start": "2026-01", "discount_rate": "0.08",
           "drivers": {"users": {"start": "1000", "annual_growth": "0.5"}},
           "options": (0..10).map(option).collect::<Vec<_>>()})
}

#[tokio::test]
async fn a_sweep_over_the_evaluation_budget_is_refused_naming_the_limit() {
    let (app, _) = spawn(settings()).await;
    let budget = breakeven::engine::budget::EVALUATION_BUDGET.to_string();
    let range = json!({"from": "0.01", "to": "0.2", "points": 200});
    let sweep = json!({"scenario": growing_fleet(), "variable": "discount_rate", "range": range});
    let body = assert_problem(app.post_json("/v1/sweeps", &sweep).await, 422).await;
    assert_eq!(body["type"], "/problems/limit-exceeded", "{body}");
    assert_eq!(body["errors"][0]["pointer"], "/range/points", "{body}");
    let detail = body["detail"].as_str().expect("detail");
    assert!(detail.contains(&format!("evaluation budget of {budget} line-months")), "{detail}");
    let field = body["errors"][0]["detail"].as_str().expect("detail");
    assert!(field.starts_with("at most ") && field.contains("comparisons of this scenario fit"), "{field}");

    let values: Vec<String> = (1..=200).map(|v| format!("0.{v:03}")).collect();
    let sweep = json!({"scenario": growing_fleet(), "variable": "discount_rate", "values": values});
    let (pointer, _) = limit_error(app.post_json("/v1/sweeps", &sweep).await).await;
    assert_eq!(pointer, "/values");

    let small = json!({"scenario": growing_fleet(), "variable": "discount_rate", "values": ["0.05", "0.1"]});
    let response = app.post_json("/v1/sweeps", &small).await;
    assert_eq!(response.status().as_u16(), 200, "two points fit");
    let sweep: Value = response.json().await.expect("JSON");
    let used = sweep["line_months"].as_u64().expect("line_months");
    assert_eq!(sweep["budget"].as_u64(), Some(breakeven::engine::budget::EVALUATION_BUDGET));
    assert!(used > 0 && used <= breakeven::engine::budget::EVALUATION_BUDGET, "{used} line-months");
}

#[tokio::test]
async fn heavy_endpoints_answer_503_with_retry_after_while_their_permits_are_taken() {
    let (app, bounds) = spawn(Settings { heavy_concurrency: 1, ..settings() }).await;
    let sweep = json!({"template": "team-im", "variable": "users", "values": ["10", "100"]});
    let tornado = "/v1/tornado?template=team-im&option=1&versus=2";
    let permit = bounds.heavy.try_acquire().expect("the only permit");
    for response in [
        app.post_json("/v1/sweeps", &sweep).await,
        app.get("/v1/sweeps?template=team-im&variable=users&from=10&to=100&points=2").await,
        app.get(tornado).await,
    ] {
        assert_eq!(response.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("1"));
        let body = assert_problem(response, 503).await;
        assert_eq!(body["type"], "/problems/overloaded", "{body}");
    }
    let healthz = app.get("/healthz").await;
    assert_eq!(healthz.status().as_u16(), 200, "light endpoints are not limited");
    drop(permit);
    assert_eq!(app.post_json("/v1/sweeps", &sweep).await.status().as_u16(), 200);
    assert_eq!(app.get(tornado).await.status().as_u16(), 200, "the permit is given back after each request");
}

#[tokio::test]
async fn the_comparison_cache_stays_under_its_byte_bound() {
    let bound: u64 = 300_000;
    let (app, bounds) = spawn(Settings { cache_bytes: bound, ..settings() }).await;
    let mut smallest = usize::MAX;
    for months in 12..42 {
        let mut scenario = example();
        scenario["horizon_months"] = months.into();
        let response = app.post_json("/v1/comparisons", &scenario).await;
        assert_eq!(response.status().as_u16(), 200);
        smallest = smallest.min(response.bytes().await.expect("body").len());
    }
    bounds.cache.settle().await;
    let stats = bounds.cache.stats();
    let (held, entries) = (stats.bytes, stats.entries);
    assert!(held <= bound, "{held} bytes held, bound {bound}");
    assert!(entries > 0, "the cache still caches");
    // 30 answers of at least `smallest` bytes each do not fit: the bound is in bytes, not entries.
    assert!((entries as usize) * smallest <= bound as usize, "{entries} entries of ≥ {smallest} bytes");
}

/// The cache's hits and misses so far.
async fn lookups(bounds: &Bounds) -> (u64, u64) {
    bounds.cache.settle().await;
    let stats = bounds.cache.stats();
    (stats.hits, stats.misses)
}

#[tokio::test]
async fn repeated_gets_are_served_from_the_rendered_answer_and_if_none_match_is_a_304_before_any_work() {
    let (app, bounds) = spawn(Settings { heavy_concurrency: 1, ..settings() }).await;
    let url = "/v1/comparisons?template=team-im&users=137";
    let first = app.get(url).await;
    assert_eq!(first.status().as_u16(), 200);
    let etag = first.headers().get("etag").expect("an ETag").to_str().expect("ascii").to_string();
    let body = first.bytes().await.expect("body");
    assert_eq!(lookups(&bounds).await, (0, 1), "the first request renders the answer");

    let second = app.get(url).await;
    assert_eq!(second.headers().get("etag").and_then(|v| v.to_str().ok()), Some(etag.as_str()));
    assert_eq!(second.bytes().await.expect("body"), body, "the same bytes");
    assert_eq!(lookups(&bounds).await, (1, 1), "the second is a hit");

    let revalidated = app
        .client
        .get(format!("{}{url}", app.address))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(revalidated.status().as_u16(), 304);
    assert!(revalidated.bytes().await.expect("body").is_empty());
    assert_eq!(lookups(&bounds).await, (1, 1), "a 304 looks nothing up, let alone computes");

    let csv = app.get(&format!("{url}&format=csv")).await;
    assert_eq!(csv.status().as_u16(), 200);
    assert_ne!(csv.headers().get("etag").and_then(|v| v.to_str().ok()), Some(etag.as_str()), "per format");
    assert_eq!(lookups(&bounds).await, (1, 2), "another representation is another answer");

    // Sweeps: a cached answer needs no heavy permit; an uncached one does.
    let sweep = "/v1/sweeps?template=team-im&variable=users&from=10&to=1000&points=5";
    let computed = app.get(sweep).await;
    assert_eq!(computed.status().as_u16(), 200);
    let sweep_tag =
        computed.headers().get("etag").expect("a sweep ETag").to_str().expect("ascii").to_string();
    let sweep_body = computed.bytes().await.expect("body");
    let permit = bounds.heavy.try_acquire().expect("the only permit");
    let cached = app.get(sweep).await;
    assert_eq!(cached.status().as_u16(), 200, "served from the cache while every permit is taken");
    assert_eq!(cached.bytes().await.expect("body"), sweep_body);
    let revalidated = app
        .client
        .get(format!("{}{sweep}", app.address))
        .header("If-None-Match", &sweep_tag)
        .send()
        .await
        .expect("GET");
    assert_eq!(revalidated.status().as_u16(), 304);
    let other = app.get("/v1/sweeps?template=team-im&variable=users&from=10&to=1000&points=6").await;
    assert_eq!(other.status().as_u16(), 503, "a new sweep still needs a permit");
    drop(permit);
    let tornado = "/v1/tornado?template=team-im&option=1&versus=2";
    let first = app.get(tornado).await;
    assert_eq!(first.status().as_u16(), 200);
    assert!(first.headers().get("etag").is_some(), "tornado GETs carry an ETag");
}
