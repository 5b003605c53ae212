//! Starting the real server on a free port and talking HTTP to it.
#![allow(dead_code)] // helpers are shared by test modules; not every one uses all of them

use breakeven::config::Settings;
use breakeven::startup::Application;
use std::path::PathBuf;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The separate metrics listener, when the settings asked for one.
    pub metrics_address: Option<String>,
}

/// The crate's root, so tests find `pricing-data/`, `openapi/` and fixtures wherever they run.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A server on the bundled `pricing-data/`.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Settings::for_tests(root().join("pricing-data"))).await
}

/// A server on a small fixture catalogue (stable prices for exact assertions).
pub async fn spawn_fixture_app() -> TestApp {
    spawn_app_with(Settings::for_tests(root().join("tests/fixtures/minimal"))).await
}

pub async fn spawn_app_with(settings: Settings) -> TestApp {
    if std::env::var_os("TEST_LOG").is_some() {
        breakeven::telemetry::init("info");
    }
    let application = Application::build(settings).expect("the test server builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    let metrics_address = application.metrics_port().map(|port| format!("http://127.0.0.1:{port}"));
    tokio::spawn(application.run_until_stopped());
    TestApp {
        address,
        metrics_address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("GET")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(format!("{}{path}", self.address)).json(body).send().await.expect("POST")
    }

    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST")
    }
}

/// Asserts a problem+json response with `status`, returning its body.
pub async fn assert_problem(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert_eq!(content_type, "application/problem+json", "content type");
    let body: serde_json::Value = response.json().await.expect("problem body is JSON");
    assert_eq!(body["status"], status);
    for key in ["type", "title", "detail"] {
        assert!(body[key].is_string(), "problem has `{key}`: {body}");
    }
    body
}
