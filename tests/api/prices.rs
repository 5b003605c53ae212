//! The price calculator over HTTP, checked against hand arithmetic on the fixture catalogue.

use crate::helpers::{spawn_app_with, spawn_fixture_app, TestApp};
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

#[tokio::test]
async fn a_commitment_picks_the_convertible_term_and_defaults_to_the_standard_one() {
    // The fixture catalogue with a standard and a convertible 1-year no-upfront term on the VM.
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = crate::helpers::root().join("tests/fixtures/minimal");
    std::fs::create_dir_all(dir.path().join("cloud")).expect("mkdir");
    std::fs::copy(fixture.join("fx.json"), dir.path().join("fx.json")).expect("fx");
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture.join("cloud/test.json")).expect("read")).expect("json");
    let term = |price: &str, commitment: Option<&str>| {
        let mut t = json!({"purchase_option": "reserved_1y", "payment": "no_upfront", "billing": "monthly",
            "unit": "hour", "unit_price": price, "term_months": 12});
        if let Some(c) = commitment {
            t["commitment"] = json!(c);
        }
        t
    };
    let prices = file["offerings"][0]["prices"].as_array_mut().expect("prices");
    prices.push(term("0.07", Some("convertible")));
    prices.push(term("0.06", None));
    std::fs::write(dir.path().join("cloud/test.json"), serde_json::to_vec(&file).expect("json"))
        .expect("write");
    let app = spawn_app_with(breakeven::config::Settings::for_tests(dir.path().to_path_buf())).await;
    let ask = |commitment: Option<&str>| {
        let mut r = json!({"offering": "testcloud/vm/us-east/small", "purchase_option": "reserved_1y",
            "payment": "no_upfront", "quantity": "730"});
        if let Some(c) = commitment {
            r["commitment"] = json!(c);
        }
        r
    };
    // 730 h × 0.06 = 43.80 (standard); 730 h × 0.07 = 51.10 (convertible).
    assert_eq!(quote(&app, ask(None)).await["amount"], "43.80");
    assert_eq!(quote(&app, ask(Some("convertible"))).await["amount"], "51.10");
    let response = app.post_json("/v1/prices", &ask(Some("compute_savings_plan"))).await;
    assert_eq!(response.status().as_u16(), 422);
}
