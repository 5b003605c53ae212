//! `serve --refresh-every`: the real server, its refresher run on demand (no waiting on the timer),
//! against the mock upstream; `GET /v1/catalog` shows each source's dates and last outcome.

use super::ecb::SELECTION;
use super::mock::{Mock, Reply};
use super::{data_dir, fixture_bytes};
use breakeven::config::{RefreshSettings, Settings};
use breakeven::import::refresh::Refresher;
use breakeven::startup::Application;
use std::time::Duration;

/// Starts the server on its own actix system thread; returns its address and refresher.
fn serve(settings: Settings) -> (String, Refresher) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let application = Application::build(settings).expect("the server builds");
            let refresher = application.refresher().expect("refresh is on");
            tx.send((format!("http://127.0.0.1:{}", application.port()), refresher)).expect("send");
            let _ = application.run_until_stopped().await;
        })
    });
    rx.recv_timeout(Duration::from_secs(30)).expect("the server starts")
}

fn catalog(address: &str) -> serde_json::Value {
    reqwest::blocking::get(format!("{address}/v1/catalog")).expect("GET /v1/catalog").json().expect("JSON")
}

fn eur_rate(catalog: &serde_json::Value) -> String {
    let rates = catalog["fx"]["rates"].as_array().expect("rates");
    let eur = rates.iter().find(|r| r["currency"] == "EUR").expect("EUR");
    eur["per_base"].as_str().expect("per_base").to_string()
}

#[test]
fn a_refresh_swaps_in_what_loads_and_keeps_the_last_good_on_failure() {
    let mock = Mock::start();
    mock.route("/daily.xml", vec![Reply::xml(&fixture_bytes("ecb/eurofxref-daily.xml"))]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    let mut settings = Settings::for_tests(dir.path());
    settings.refresh = Some(RefreshSettings {
        every: Duration::from_secs(24 * 3600),
        from: [("ecb".to_string(), mock.url("/daily.xml"))].into_iter().collect(),
    });
    let (address, refresher) = serve(settings);
    assert_eq!(refresher.sources(), ["ecb"], "configured by its selection file");

    let before = catalog(&address);
    assert_eq!(eur_rate(&before), "0.8");
    assert_eq!(before["imports"][0]["source"], "ecb");
    assert!(before["imports"][0]["last_refresh"].is_null(), "{}", before["imports"]);

    refresher.run_now();
    let after = catalog(&address);
    assert_eq!(eur_rate(&after), "0.92115", "the refreshed rate is served");
    assert_ne!(after["catalog_version"], before["catalog_version"]);
    let status = &after["imports"][0];
    assert_eq!(status["last_refresh"]["outcome"], "updated", "{status}");
    assert_eq!(status["price_date"], "2024-02-27");
    assert!(status["retrieved"].is_string(), "{status}");
    assert_eq!(status["files"], serde_json::json!(["fx.json"]));
    let on_disk = std::fs::read(dir.path().join("fx.json")).expect("fx.json");

    // The upstream sends something else (a maintenance page): the last good catalogue and files stay,
    // and the outcome says why. (A 500 would be retried with the vendor-grade backoff, 15 s.)
    mock.route("/daily.xml", vec![Reply::xml(b"<html><body>down for maintenance</body></html>")]);
    refresher.run_now();
    let failed = catalog(&address);
    assert_eq!(eur_rate(&failed), "0.92115");
    assert_eq!(failed["catalog_version"], after["catalog_version"]);
    let status = &failed["imports"][0];
    assert_eq!(status["last_refresh"]["outcome"], "failed", "{status}");
    assert!(
        status["last_refresh"]["error"]
            .as_str()
            .expect("error")
            .contains("not a valid ECB eurofxref XML file"),
        "{status}"
    );
    assert_eq!(std::fs::read(dir.path().join("fx.json")).expect("fx.json"), on_disk);

    // Back to the same figures: unchanged, nothing swapped.
    mock.route("/daily.xml", vec![Reply::xml(&fixture_bytes("ecb/eurofxref-daily.xml"))]);
    refresher.run_now();
    let again = catalog(&address);
    assert_eq!(again["imports"][0]["last_refresh"]["outcome"], "unchanged", "{}", again["imports"]);
    assert_eq!(again["catalog_version"], after["catalog_version"]);
}

#[test]
fn refresh_from_an_unknown_source_is_refused_at_startup() {
    let dir = data_dir(&[("ecb", SELECTION)]);
    let mut settings = Settings::for_tests(dir.path());
    settings.refresh = Some(RefreshSettings {
        every: Duration::from_secs(60),
        from: [("ecbb".to_string(), "http://127.0.0.1:9/x".to_string())].into_iter().collect(),
    });
    let error = actix_web::rt::System::new()
        .block_on(async move { Application::build(settings).err().map(|e| e.to_string()) })
        .expect("startup fails");
    assert!(error.contains("no importer named `ecbb`"), "{error}");
}
