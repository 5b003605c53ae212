//! The contract: what the OpenAPI document and the README promise, checked against the real server.

use crate::helpers::{assert_problem, spawn_app};
use serde_json::{json, Value};

/// The pointer of the first field error of a problem document.
fn first_pointer(body: &Value) -> &str {
    body["errors"][0]["pointer"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn money_as_a_json_number_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    let cases = [
        ("/v1/amortization", json!({"currency": "USD", "cost": 12000.10, "useful_life_years": 5}), "/cost"),
        (
            "/v1/amortization",
            json!({"currency": "USD", "cost": "12000", "residual_rate": 0.1, "useful_life_years": 5}),
            "/residual_rate",
        ),
        ("/v1/prices", json!({"offering": "aws/ec2/us-east-1/m7i.xlarge", "quantity": 730}), "/quantity"),
        ("/v1/comparisons", json!({"template": "team-im", "drivers": {"users": 120}}), "/drivers/users"),
        (
            "/v1/sweeps",
            json!({"template": "team-im", "variable": "users", "range": {"from": 10, "to": "100", "points": 3}}),
            "/range/from",
        ),
    ];
    for (path, body, pointer) in cases {
        let problem = assert_problem(app.post_json(path, &body).await, 422).await;
        assert_eq!(first_pointer(&problem), pointer, "{path} {body}: {problem}");
        assert!(problem.to_string().contains("string"), "says to send a string: {problem}");
    }
}

#[tokio::test]
async fn money_as_a_decimal_string_is_accepted() {
    let app = spawn_app().await;
    let cases = [
        (
            "/v1/amortization",
            json!({"currency": "USD", "cost": "12000.10", "residual_rate": "0.1", "useful_life_years": 5}),
        ),
        ("/v1/prices", json!({"offering": "aws/ec2/us-east-1/m7i.xlarge", "quantity": "730"})),
        ("/v1/comparisons", json!({"template": "team-im", "drivers": {"users": "120"}})),
        (
            "/v1/sweeps",
            json!({"template": "team-im", "variable": "users", "range": {"from": "10", "to": "100", "points": 3}}),
        ),
    ];
    for (path, body) in cases {
        let response = app.post_json(path, &body).await;
        assert_eq!(
            response.status().as_u16(),
            200,
            "{path} {body}: {}",
            response.text().await.unwrap_or_default()
        );
    }
}

#[tokio::test]
async fn a_currency_without_an_exchange_rate_is_a_4xx_naming_currency() {
    let app = spawn_app().await;
    for query in ["currency=AUD&limit=1", "currency=AUD&sort=price&limit=1", "sort=price&currency=VND"] {
        let response = app.get(&format!("/v1/offerings?{query}")).await;
        let problem = assert_problem(response, 400).await;
        assert_eq!(first_pointer(&problem), "/currency", "{query}: {problem}");
        assert!(
            problem["errors"][0]["detail"].as_str().unwrap_or("").contains("CNY"),
            "lists the rates: {problem}"
        );
    }
    let problem = assert_problem(
        app.post_json(
            "/v1/prices",
            &json!({"offering": "aws/ec2/us-east-1/m7i.xlarge", "quantity": "730", "currency": "AUD"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(first_pointer(&problem), "/currency", "{problem}");
}

#[tokio::test]
async fn an_empty_cursor_is_the_first_page() {
    let app = spawn_app().await;
    let first: Value = app.get("/v1/offerings?limit=2").await.json().await.expect("JSON");
    let response = app.get("/v1/offerings?limit=2&cursor=&currency=").await;
    assert_eq!(response.status().as_u16(), 200);
    let empty: Value = response.json().await.expect("JSON");
    assert_eq!(empty["items"], first["items"], "empty cursor and currency are the defaults");
}

#[tokio::test]
async fn flat_get_forms_point_at_the_query_parameter_typed() {
    let app = spawn_app().await;
    let cases = [
        ("/v1/comparisons?template=team-im&users=0", "/users"),
        ("/v1/comparisons?template=team-im&users=120&currency=XYZ", "/currency"),
        ("/v1/comparisons/value?template=team-im&users=0&option=1&metric=npv", "/users"),
        ("/v1/tornado?template=team-im&users=0&option=1&versus=2", "/users"),
        ("/v1/sweeps?template=team-im&users=0&variable=gib_per_user&from=1&to=2&points=2", "/users"),
        ("/v1/sweeps?template=team-im&variable=users&from=10&to=10000000&points=5&scale=log", "/to"),
        ("/v1/sweeps?template=team-im&variable=users&from=0&to=1000&points=5", "/from"),
        ("/v1/sweeps?template=team-im&variable=users&from=10&to=1000&points=1", "/points"),
        ("/v1/sweeps?template=team-im&variable=users&from=100&to=10&points=5", "/to"),
    ];
    for (path, pointer) in cases {
        let response = app.get(path).await;
        let status = response.status().as_u16();
        assert!(status == 400 || status == 422, "{path}: {status}");
        let problem = assert_problem(response, status).await;
        assert_eq!(first_pointer(&problem), pointer, "{path}: {problem}");
    }
}

#[tokio::test]
async fn sweeps_name_the_end_the_caller_typed_not_a_grid_point() {
    let app = spawn_app().await;
    let body = json!({"template": "team-im", "variable": "users", "range": {"from": "10", "to": "10000000", "points": 5, "scale": "log"}});
    let problem = assert_problem(app.post_json("/v1/sweeps", &body).await, 422).await;
    assert_eq!(first_pointer(&problem), "/range/to", "{problem}");
    let detail = problem["errors"][0]["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("10000000") && !detail.contains("316228"), "names the typed value: {problem}");
    let body = json!({"template": "team-im", "variable": "users", "values": ["5", "50", "2000000"]});
    let problem = assert_problem(app.post_json("/v1/sweeps", &body).await, 422).await;
    assert_eq!(first_pointer(&problem), "/values/2", "{problem}");
}

#[tokio::test]
async fn bodies_off_the_document_are_refused_naming_the_member() {
    let app = spawn_app().await;
    let cases = [
        // serde alone reads a struct from an array; the document says object.
        ("/v1/comparisons", json!({"template": "team-im", "settings": [null, null]}), "/settings"),
        (
            "/v1/sweeps",
            json!({"template": "team-im", "variable": "users", "settings": [null], "values": ["10"]}),
            "/settings",
        ),
        // both or neither of an "exactly one of" pair
        (
            "/v1/sweeps",
            json!({"template": "team-im", "variable": "users", "values": ["10"], "range": {"from": "1", "to": "2", "points": 2}}),
            "",
        ),
        (
            "/v1/amortization",
            json!({"currency": "USD", "cost": "100", "useful_life_years": 5, "financing": {"loan": {"rate": "0.1", "term_months": 12}, "x": {}}}),
            "/financing",
        ),
        (
            "/v1/amortization",
            json!({"currency": "USD", "cost": "100", "useful_life_years": 51}),
            "/useful_life_years",
        ),
    ];
    for (path, body, pointer) in cases {
        let problem = assert_problem(app.post_json(path, &body).await, 422).await;
        assert_eq!(first_pointer(&problem), pointer, "{path} {body}: {problem}");
    }
    // A whole number written 5.0 is the integer the document allows.
    let body = json!({"currency": "USD", "cost": "100", "useful_life_years": 5.0});
    assert_eq!(app.post_json("/v1/amortization", &body).await.status().as_u16(), 200);
}

#[tokio::test]
async fn responses_carry_only_documented_members() {
    let app = spawn_app().await;
    let template: Value = app.get("/v1/templates/team-im").await.json().await.expect("JSON");
    assert!(template.get("$schema").is_none(), "the data file's $schema is not part of the response");
    let quote: Value = app
        .post_json(
            "/v1/prices",
            &json!({"offering": "aws/ec2/us-east-1/m7i.xlarge", "quantity": "730", "currency": "USD"}),
        )
        .await
        .json()
        .await
        .expect("JSON");
    assert!(quote.get("converted").is_none(), "no conversion into the schedule's own currency: {quote}");
    let document: Value = app.get("/openapi.json").await.json().await.expect("JSON");
    let item = &document["components"]["schemas"]["OfferingItem"];
    assert!(
        item["properties"]["reference_price"].is_object() && item["additionalProperties"] == false,
        "{item}"
    );
}
