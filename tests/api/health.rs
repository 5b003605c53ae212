use crate::helpers::{spawn_app_with, spawn_fixture_app};
use breakeven::config::Settings;
use breakeven::startup::{Application, StartupError};

#[tokio::test]
async fn healthz_is_ok_and_carries_request_and_catalog_headers() {
    let app = spawn_fixture_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().get("x-request-id").is_some());
    let version = response.headers().get("x-catalog-version").expect("catalog version header");
    assert!(version.to_str().expect("ascii").starts_with("sha256:"));
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn request_id_from_the_caller_is_echoed() {
    let app = spawn_fixture_app().await;
    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .expect("GET");
    assert_eq!(response.headers()["x-request-id"], "abc-123");
    // A hostile id (too long) is replaced, not echoed.
    let long = "x".repeat(500);
    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", long.as_str())
        .send()
        .await
        .expect("GET");
    assert_ne!(response.headers()["x-request-id"], long.as_str());
}

#[tokio::test]
async fn readyz_reports_the_loaded_catalogue() {
    let app = spawn_fixture_app().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status().as_u16(), 200);
    let header_version = response.headers()["x-catalog-version"].to_str().expect("ascii").to_string();
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ready");
    assert_eq!(body["offerings"], 2);
    assert_eq!(body["catalog_version"], header_version.as_str());
}

#[tokio::test]
async fn bundled_pricing_data_serves() {
    let app = crate::helpers::spawn_app().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn server_refuses_to_start_on_invalid_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("fx.json"), "{ not json").expect("write");
    match Application::build(Settings::for_tests(dir.path())) {
        Err(StartupError::Catalog { source, .. }) => {
            assert!(source.to_string().contains("fx.json"))
        }
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("the server started on broken data"),
    }
    // And the valid fixture still starts.
    let _ = spawn_app_with(Settings::for_tests(crate::helpers::root().join("tests/fixtures/minimal"))).await;
}

#[tokio::test]
async fn docs_page_is_served_without_external_urls() {
    let app = spawn_fixture_app().await;
    let response = app.get("/docs/").await;
    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.expect("html");
    assert!(html.contains("swagger-ui"), "Swagger UI page");
    assert_no_external_urls("/docs/", &html);
    // Every asset the page loads is served by us and is itself free of external URLs.
    for asset in [
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "swagger-initializer.js",
    ] {
        let response = app.get(&format!("/docs/{asset}")).await;
        assert_eq!(response.status().as_u16(), 200, "{asset}");
        let text = response.text().await.expect("asset text");
        if asset == "swagger-initializer.js" {
            assert!(text.contains("/openapi.json"), "the initializer loads our document");
            // Swagger UI's default would send the document's URL to validator.swagger.io.
            assert!(text.contains(r#""validatorUrl": "none""#), "no online validator: {text}");
            assert_no_external_urls(asset, &text);
        }
    }
    // `/docs` without the slash leads to the page.
    let response = app.get("/docs").await;
    assert!(matches!(response.status().as_u16(), 200 | 301 | 302 | 303 | 307 | 308), "{}", response.status());
}

/// No `src=` or `href=` pointing off this server (the bundle's source text mentions URLs in comments and
/// licences, so only the HTML and the initializer are checked for loads).
fn assert_no_external_urls(name: &str, text: &str) {
    for attr in ["src=\"http", "href=\"http", "src='http", "href='http", "url: \"http", "url: 'http"] {
        assert!(!text.contains(attr), "{name} loads something from outside: {attr}");
    }
}

#[tokio::test]
async fn head_is_get_without_the_body() {
    let app = spawn_fixture_app().await;
    for path in ["/healthz", "/v1/catalog", "/v1/offerings?limit=2", "/v1/templates"] {
        let get = app.get(path).await;
        assert_eq!(get.status().as_u16(), 200, "GET {path}");
        let etag = get.headers().get("etag").cloned();
        let length = get.bytes().await.expect("body").len();
        let head = app.client.head(format!("{}{path}", app.address)).send().await.expect("HEAD");
        assert_eq!(head.status().as_u16(), 200, "HEAD {path}");
        assert_eq!(head.headers().get("etag").cloned(), etag, "HEAD {path} has the GET's validators");
        let declared: usize = head.headers()["content-length"].to_str().expect("ascii").parse().expect("n");
        assert_eq!(declared, length, "HEAD {path} declares the GET's length");
        assert!(head.bytes().await.expect("body").is_empty(), "HEAD {path} sends no body");
    }
    // A POST-only route still says what it allows.
    let head = app.client.head(format!("{}/v1/prices", app.address)).send().await.expect("HEAD");
    assert_eq!(head.status().as_u16(), 405);
    assert_eq!(head.headers()["allow"], "POST");
}
