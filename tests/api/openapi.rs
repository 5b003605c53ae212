//! The OpenAPI document cannot drift: generated from the handlers, committed, served as committed.

use crate::helpers::{root, spawn_fixture_app};

const REWRITE: &str = "cargo run -q -- openapi > openapi/openapi.json";

#[test]
fn committed_document_matches_the_code() {
    let generated = breakeven::api::openapi_text(&breakeven::api::openapi());
    let committed = std::fs::read_to_string(root().join("openapi/openapi.json")).unwrap_or_default();
    assert!(
        generated == committed,
        "openapi/openapi.json is out of date with the code. Rewrite it with:\n\n    {REWRITE}\n"
    );
}

#[tokio::test]
async fn served_document_equals_the_committed_file() {
    let app = spawn_fixture_app().await;
    let response = app.get("/openapi.json").await;
    assert_eq!(response.status().as_u16(), 200);
    let served = response.text().await.expect("text");
    let committed = std::fs::read_to_string(root().join("openapi/openapi.json")).expect("committed document");
    assert_eq!(served, committed, "served /openapi.json differs; rewrite with: {REWRITE}");
}

#[test]
fn every_operation_is_documented_for_clients() {
    let document: serde_json::Value =
        serde_json::from_str(&breakeven::api::openapi_text(&breakeven::api::openapi())).expect("JSON");
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().expect("paths");
    assert!(!paths.is_empty());
    let mut operation_ids = std::collections::BTreeSet::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            let at = format!("{method} {path}");
            assert!(operation["summary"].as_str().is_some_and(|s| !s.is_empty()), "{at}: summary");
            let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{at}: operationId"));
            assert!(operation_ids.insert(id.to_string()), "{at}: duplicate operationId {id}");
            assert!(operation["tags"].as_array().is_some_and(|t| !t.is_empty()), "{at}: tag");
            let responses = operation["responses"].as_object().unwrap_or_else(|| panic!("{at}: responses"));
            let has_error = responses.keys().any(|code| code.starts_with('4') || code.starts_with('5'));
            assert!(has_error, "{at}: documents its error responses");
            for (code, response) in responses {
                if code.starts_with('4') || code.starts_with('5') {
                    assert!(
                        response["content"]["application/problem+json"].is_object(),
                        "{at} {code}: errors are problem+json"
                    );
                }
            }
        }
    }
    // Every referenced schema exists.
    let text = document.to_string();
    let schemas = document["components"]["schemas"].as_object().cloned().unwrap_or_default();
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap_or_default();
        assert!(schemas.contains_key(name), "dangling $ref to {name}");
    }
}
