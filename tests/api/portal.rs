//! Portal conventions: API keys (off by default), CORS, request ids.

use crate::helpers::{assert_problem, root, spawn_app_with};
use breakeven::config::KeyRing;
use breakeven::config::Settings;

async fn app_with_keys() -> crate::helpers::TestApp {
    let mut settings = Settings::for_tests(root().join("tests/fixtures/minimal"));
    settings.api_keys =
        KeyRing::parse("portal:full:portal-secret-0123456789,sheet:read:sheet-secret-0123456789")
            .expect("keys");
    settings.cors_origins = vec!["https://portal.example".to_string()];
    spawn_app_with(settings).await
}

async fn get_with_bearer(app: &crate::helpers::TestApp, path: &str, key: &str) -> reqwest::Response {
    app.client.get(format!("{}{path}", app.address)).bearer_auth(key).send().await.expect("GET")
}

#[tokio::test]
async fn keys_are_required_on_v1_when_configured() {
    let app = app_with_keys().await;
    let response = app.get("/v1/catalog").await;
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert_problem(response, 401).await;
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200, "ops endpoints stay open");

    let with_bearer = get_with_bearer(&app, "/v1/catalog", "portal-secret-0123456789").await;
    assert_eq!(with_bearer.status().as_u16(), 200);
    let with_header = app
        .client
        .get(format!("{}/v1/catalog", app.address))
        .header("x-api-key", "sheet-secret-0123456789")
        .send()
        .await
        .expect("GET");
    assert_eq!(with_header.status().as_u16(), 200);
    assert_problem(app.get("/v1/catalog?api_key=not-a-key-0123456789").await, 401).await;
}

#[tokio::test]
async fn read_keys_may_travel_in_the_url_full_keys_may_not() {
    let app = app_with_keys().await;
    assert_eq!(app.get("/v1/catalog?api_key=sheet-secret-0123456789").await.status().as_u16(), 200);
    let listing = app.get("/v1/offerings?limit=1&api_key=sheet-secret-0123456789").await;
    assert_eq!(listing.status().as_u16(), 200, "api_key is not a listing parameter");
    assert_problem(app.get("/v1/catalog?api_key=portal-secret-0123456789").await, 403).await;
    let read_post = app
        .client
        .post(format!("{}/v1/prices", app.address))
        .header("x-api-key", "sheet-secret-0123456789")
        .json(&serde_json::json!({"offering": "testcloud/vm/us-east/small", "quantity": "1"}))
        .send()
        .await
        .expect("POST");
    assert_problem(read_post, 403).await;
}

#[tokio::test]
async fn cors_allows_configured_origins_and_exposes_headers() {
    let app = app_with_keys().await;
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/v1/prices", app.address))
        .header("origin", "https://portal.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type, x-api-key")
        .send()
        .await
        .expect("OPTIONS");
    assert_eq!(preflight.status().as_u16(), 200);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://portal.example");
    let response = app
        .client
        .get(format!("{}/v1/catalog", app.address))
        .header("origin", "https://portal.example")
        .bearer_auth("portal-secret-0123456789")
        .send()
        .await
        .expect("GET");
    let exposed = response.headers()["access-control-expose-headers"].to_str().expect("ascii").to_lowercase();
    assert!(
        exposed.contains("etag") && exposed.contains("x-request-id") && exposed.contains("x-catalog-version")
    );
    // Browser clients can read the rate-limit state too.
    for name in ["ratelimit", "ratelimit-policy", "retry-after"] {
        assert!(exposed.split(',').any(|h| h.trim() == name), "{name} in {exposed}");
    }
}

#[tokio::test]
async fn same_origin_posts_work_when_no_cors_is_configured() {
    let app = crate::helpers::spawn_fixture_app().await;
    let response = app
        .client
        .post(format!("{}/v1/prices", app.address))
        .header("origin", app.address.as_str())
        .json(&serde_json::json!({"offering": "testcloud/vm/us-east/small", "quantity": "1"}))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn with_keys_on_answers_are_private_and_vary_on_the_credentials() {
    let app = app_with_keys().await;
    let response = get_with_bearer(&app, "/v1/catalog", "portal-secret-0123456789").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "private, max-age=300");
    let vary = response.headers()["vary"].to_str().expect("vary");
    assert!(vary.contains("Authorization") && vary.contains("X-API-Key"), "{vary}");

    // Without keys (local use) the same answer may be shared.
    let open = crate::helpers::spawn_fixture_app().await;
    let response = open.get("/v1/catalog").await;
    assert_eq!(response.headers()["cache-control"], "public, max-age=300");
}
