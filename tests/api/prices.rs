//! The price calculator over HTTP, checked against hand arithmetic on the fixture catalogue.

use crate::helpers::{spawn_fixture_app, TestApp};
use serde_json::json;

async fn quote(app: &TestApp, request: serde_json::Value) -> serde_json::Value {
    let response = app.post_json("/v1/prices", &request).await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn a_month_of_a_vm_in_two_currencies() {
    let app = spawn_fixture_app().await;
    // 730 h × 0.10 USD = 73.00 USD; at 7 CNY per USD (fixture fx.json) = 511.00 CNY.
    let body =
        quote(&app, json!({"offering": "testcloud/vm/us-east/small", "quantity": "730", "currency": "CNY"}))
            .await;
    assert_eq!(body["amount"], "73.00");
    assert_eq!(body["currency"], "USD");
    assert_eq!(body["converted"]["amount"], "511.00");
    assert_eq!(body["converted"]["rate"], "7");
    assert_eq!(body["converted"]["price_date"], "2026-05-08");
    assert_eq!(body["provenance"]["basis"], "vendor_list");
    assert_eq!(body["provenance"]["source_url"], "https://example.test/prices");
    // The fixture file's prices are net of tax, rate unknown: the quote says so.
    assert_eq!(body["tax"], json!({"included": false}));
    // EUR via the USD base: 73 × 0.8 = 58.40.
    let body =
        quote(&app, json!({"offering": "testcloud/vm/us-east/small", "quantity": "730", "currency": "EUR"}))
            .await;
    assert_eq!(body["converted"]["amount"], "58.40");
}
