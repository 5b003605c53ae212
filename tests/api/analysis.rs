//! Sweeps and tornado over HTTP.

use crate::helpers::{assert_problem, spawn_app};
use serde_json::{json, Value};

#[tokio::test]
async fn sweep_by_post_and_by_flat_get_agree_and_csv_has_a_row_per_point_and_option() {
    let app = spawn_app().await;
    let body = json!({"template": "team-im", "variable": "users", "range": {"from": "10", "to": "100000", "points": 20, "scale": "log"}});
    let response = app.post_json("/v1/sweeps", &body).await;
    assert_eq!(response.status().as_u16(), 200);
    let posted: Value = response.json().await.expect("JSON");
    assert_eq!(posted["points"].as_array().map(Vec::len), Some(20));
    assert!(posted["crossovers"].as_array().is_some_and(|c| !c.is_empty()), "{posted}");
    let crossover = &posted["crossovers"][0];
    let below: u64 = crossover["below"].as_str().expect("below").parse().expect("int");
    let at: u64 = crossover["at"].as_str().expect("at").parse().expect("int");
    assert_eq!(at, below + 1);

    let got =
        app.get("/v1/sweeps?template=team-im&variable=users&from=10&to=100000&points=20&scale=log").await;
    assert_eq!(got.status().as_u16(), 200);
    let got: Value = got.json().await.expect("JSON");
    assert_eq!(posted, got);

    let csv = app
        .get("/v1/sweeps?template=team-im&variable=users&from=10&to=100000&points=20&scale=log&format=csv")
        .await
        .text()
        .await
        .expect("csv");
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), 1 + 20 * 4);
}

#[tokio::test]
async fn sweep_limits_and_unknown_variables_are_4xx() {
    let app = spawn_app().await;
    let too_many = json!({"template": "team-im", "variable": "users", "range": {"from": "10", "to": "100000", "points": 201}});
    assert_problem(app.post_json("/v1/sweeps", &too_many).await, 422).await;
    let unknown = json!({"template": "team-im", "variable": "colour", "values": ["1", "2"]});
    let body = assert_problem(app.post_json("/v1/sweeps", &unknown).await, 422).await;
    assert_eq!(body["errors"][0]["pointer"], "/variable");
    let descending = json!({"template": "team-im", "variable": "users", "values": ["20", "10"]});
    assert_problem(app.post_json("/v1/sweeps", &descending).await, 422).await;
    assert_problem(app.get("/v1/sweeps?template=team-im&variable=users&from=10").await, 400).await;
}

#[tokio::test]
async fn tornado_by_post_and_get() {
    let app = spawn_app().await;
    let body = json!({"template": "team-im", "drivers": {"users": "2000"}, "option": "3", "versus": "1"});
    let response = app.post_json("/v1/tornado", &body).await;
    assert_eq!(response.status().as_u16(), 200);
    let posted: Value = response.json().await.expect("JSON");
    let bars = posted["bars"].as_array().expect("bars");
    assert!(bars.len() >= 6);
    let got: Value = app
        .get("/v1/tornado?template=team-im&users=2000&option=3&versus=1")
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(posted, got);
    let body = json!({"template": "team-im", "option": "9", "versus": "1"});
    assert_problem(app.post_json("/v1/tornado", &body).await, 422).await;
}

#[tokio::test]
async fn every_analysis_answer_names_the_catalogue_version_it_used() {
    let app = spawn_app().await;
    let requests = [
        ("/v1/sweeps", json!({"template": "team-im", "variable": "users", "values": ["50", "5000"]})),
        ("/v1/tornado", json!({"template": "team-im", "option": "3", "versus": "1"})),
        ("/v1/amortization", json!({"currency": "USD", "cost": "12000", "useful_life_years": 5})),
        ("/v1/comparisons", json!({"template": "team-im"})),
    ];
    for (path, body) in requests {
        let response = app.post_json(path, &body).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let header = response.headers()["x-catalog-version"].to_str().expect("ascii").to_string();
        let answer: Value = response.json().await.expect("JSON");
        assert!(header.starts_with("sha256:"), "{path}: {header}");
        assert_eq!(answer["catalog_version"], header, "{path} names the version in its body");
    }
    for path in [
        "/v1/sweeps?template=team-im&variable=users&from=10&to=1000&points=3",
        "/v1/tornado?template=team-im&option=3&versus=1",
    ] {
        let answer: Value = app.get(path).await.json().await.expect("JSON");
        assert!(answer["catalog_version"].as_str().is_some_and(|v| v.starts_with("sha256:")), "{path}");
    }
}
