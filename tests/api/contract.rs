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
