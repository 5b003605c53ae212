//! Tenant price books: a key's negotiated prices reach every answer made with that key (as quotes,
//! with the book's name and date), and no other key's, through the caches and ETags too.

use crate::helpers::{assert_problem, root, spawn_app_with, TestApp};
use breakeven::config::{KeyRing, Settings};
use breakeven::startup::{Application, StartupError};
use serde_json::{json, Value};

const KEY_A: &str = "portal-a-secret-0123456789";
const KEY_B: &str = "portal-b-secret-0123456789";

fn book() -> Value {
    json!({
        "name": "Portal A negotiated prices", "date": "2026-11-01",
        "reference": "Slack reseller agreement PA-2026-07",
        "discounts": [{"offering": "slack/", "discount": "0.5", "note": "50 % off for 3 years"}]
    })
}

async fn app_with_books(books: &[(&str, Value)]) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, book) in books {
        std::fs::write(dir.path().join(format!("{name}.json")), serde_json::to_vec(book).expect("JSON"))
            .expect("write");
    }
    let mut settings = Settings::for_tests(root().join("pricing-data"));
    settings.api_keys =
        KeyRing::parse(&format!("portal-a:full:{KEY_A},portal-b:full:{KEY_B}")).expect("keys");
    settings.price_books_dir = Some(dir.path().to_path_buf());
    (spawn_app_with(settings).await, dir)
}

async fn get(app: &TestApp, path: &str, key: &str, etag: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address)).bearer_auth(key);
    if let Some(etag) = etag {
        request = request.header("if-none-match", etag);
    }
    request.send().await.expect("GET")
}

/// The Slack line of the team-IM comparison.
fn slack_line(comparison: &Value) -> Value {
    comparison["options"]
        .as_array()
        .expect("options")
        .iter()
        .flat_map(|o| o["line_items"].as_array().cloned().unwrap_or_default())
        .find(|l| l["offering"].as_str().is_some_and(|id| id.starts_with("slack/")))
        .expect("a Slack line")
}

#[tokio::test]
async fn a_keys_price_book_reaches_its_answers_only_through_caches_and_etags_too() {
    let (app, _dir) = app_with_books(&[("portal-a", book())]).await;
    let path = "/v1/comparisons?template=team-im&users=120";

    // Key B first, so that its answer is in the cache when key A asks the same question.
    let b = get(&app, path, KEY_B, None).await;
    let (b_version, b_etag) = (
        b.headers()["x-catalog-version"].to_str().expect("v").to_string(),
        b.headers()["etag"].to_str().expect("e").to_string(),
    );
    let b: Value = b.json().await.expect("JSON");
    let a = get(&app, path, KEY_A, None).await;
    assert_eq!(a.status().as_u16(), 200);
    let (a_version, a_etag) = (
        a.headers()["x-catalog-version"].to_str().expect("v").to_string(),
        a.headers()["etag"].to_str().expect("e").to_string(),
    );
    let a: Value = a.json().await.expect("JSON");

    assert!(a_version.starts_with(&format!("{b_version}+book:")), "{a_version} vs {b_version}");
    assert_eq!(a["catalog_version"], a_version.as_str());
    assert_ne!(a_etag, b_etag);
    let (a_line, b_line) = (slack_line(&a), slack_line(&b));
    let price = |l: &Value| l["unit_price"].as_str().and_then(|p| p.parse::<f64>().ok()).expect("unit price");
    assert_eq!(price(&a_line), price(&b_line) / 2.0, "half the list price: {a_line} vs {b_line}");
    assert_eq!(a_line["provenance"]["basis"], "quote");
    assert_eq!(a_line["provenance"]["price_date"], "2026-11-01");
    let note = a_line["provenance"]["note"].as_str().expect("note");
    assert!(
        note.contains("Portal A negotiated prices")
            && note.contains("PA-2026-07")
            && note.contains("× (1 − 0.5)"),
        "{note}"
    );
    assert_ne!(b_line["provenance"]["basis"], "quote");

    // Each key's ETag is its own: the other key's is no 304.
    assert_eq!(get(&app, path, KEY_A, Some(&a_etag)).await.status().as_u16(), 304);
    assert_eq!(get(&app, path, KEY_A, Some(&b_etag)).await.status().as_u16(), 200);
    assert_eq!(get(&app, path, KEY_B, Some(&a_etag)).await.status().as_u16(), 200);
    // B again, after A's answer is cached: still the list price.
    let again: Value = get(&app, path, KEY_B, None).await.json().await.expect("JSON");
    assert_eq!(again, b);

    // The scorecard and the uncertainty run with key A price with the book too.
    let app = &app;
    let scorecard = |key| async move {
        let path = "/v1/scorecards?template=team-im&users=120&weights=price:100";
        let card: Value = get(app, path, key, None).await.json().await.expect("JSON");
        card["options"]
            .as_array()
            .expect("options")
            .iter()
            .map(|o| o["price"].as_str().expect("price").to_string())
            .collect::<Vec<_>>()
    };
    let (card_a, card_b) = (scorecard(KEY_A).await, scorecard(KEY_B).await);
    assert_ne!(card_a, card_b);
    let uncertainty = |key| async move {
        let path = "/v1/uncertainty?template=team-im&users=120&draws=20";
        let u: Value = get(app, path, key, None).await.json().await.expect("JSON");
        u["options"].as_array().expect("options").iter().map(|o| o["point_npv"].clone()).collect::<Vec<_>>()
    };
    assert_ne!(uncertainty(KEY_A).await, uncertainty(KEY_B).await);

    // Each key sees its own book, and only its own.
    let own: Value = get(app, "/v1/price-book", KEY_A, None).await.json().await.expect("JSON");
    assert_eq!(own["key"], "portal-a");
    assert_eq!(own["catalog_version"], a_version.as_str());
    assert_eq!(own["book"]["discounts"][0]["discount"], "0.5");
    assert_problem(get(app, "/v1/price-book", KEY_B, None).await, 404).await;
}

#[tokio::test]
async fn a_bad_price_book_stops_the_server_from_starting_with_every_problem_listed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = json!({
        "name": "Broken", "date": "2026-11-01", "reference": "x",
        "discounts": [{"offering": "nobody/", "discount": "1.5"}],
        "schedules": [{"offering": "slack/slack/global/pro", "prices": [{"purchase_option": "monthly_subscription", "billing": "monthly", "unit": "user_month", "unit_price": "5"}]}]
    });
    std::fs::write(dir.path().join("portal-a.json"), serde_json::to_vec(&bad).expect("JSON")).expect("write");
    let mut settings = Settings::for_tests(root().join("pricing-data"));
    settings.price_books_dir = Some(dir.path().to_path_buf());
    let Err(StartupError::Catalog { source, .. }) = Application::build(settings) else {
        panic!("a bad book must stop the start")
    };
    let message = source.to_string();
    for expected in [
        "price-books/portal-a.json › discounts[0].discount: 1.5 is out of range",
        "price-books/portal-a.json › discounts[0]: matches no offering",
        "schedules[0].prices[0].currency: required in a price book",
        "schedules[0].prices[0].tax: required in a price book",
    ] {
        assert!(message.contains(expected), "expected {expected} in\n{message}");
    }
}
