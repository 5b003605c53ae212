//! Operations: rate limits, `/metrics` (scraped and parsed as a Prometheus would), and reloads that
//! can be trusted under load.

use crate::helpers::{assert_problem, root, spawn_app, spawn_app_with, TestApp};
use breakeven::config::KeyRing;
use breakeven::config::Settings;
use std::collections::HashSet;
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn fixture_settings() -> Settings {
    Settings::for_tests(root().join("tests/fixtures/minimal"))
}

// ---------------------------------------------------------------------------------------------------
// Rate limits

#[tokio::test]
async fn rate_limit_answers_429_problem_with_retry_after_and_ratelimit_headers() {
    let mut settings = fixture_settings();
    settings.rate_limit_per_minute = NonZeroU32::new(3);
    let app = spawn_app_with(settings).await;

    for remaining in [2, 1, 0] {
        let response = app.get("/v1/catalog").await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(header(&response, "ratelimit-policy").as_deref(), Some("\"default\";q=3;w=60"));
        let state = header(&response, "ratelimit").expect("RateLimit header");
        assert!(state.starts_with(&format!("\"default\";r={remaining};t=")), "{state}");
    }
    let refused = app.get("/v1/offerings").await;
    assert_eq!(header(&refused, "ratelimit-policy").as_deref(), Some("\"default\";q=3;w=60"));
    let state = header(&refused, "ratelimit").expect("RateLimit header on the 429");
    assert!(state.starts_with("\"default\";r=0;t="), "{state}");
    let retry_after: u64 = header(&refused, "retry-after").expect("Retry-After").parse().expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body = assert_problem(refused, 429).await;
    assert_eq!(body["type"], "/problems/too-many-requests");
    assert!(body["detail"].as_str().is_some_and(|d| d.contains("3 requests per 60 s")), "{body}");

    // Probes and scrapers are never limited, and carry no limit headers.
    for path in ["/healthz", "/readyz", "/metrics"] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert!(header(&response, "ratelimit").is_none(), "{path}");
    }
    let scrape = scrape(&app.address).await;
    assert_eq!(sample(&scrape, "breakeven_rate_limited_requests", &[]), Some(1.0));
}

#[tokio::test]
async fn rate_limits_are_per_api_key() {
    let mut settings = fixture_settings();
    settings.rate_limit_per_minute = NonZeroU32::new(2);
    settings.api_keys =
        KeyRing::parse("alice:read:alice-key-0123456789,bob:read:bob-key-0123456789").expect("keys");
    let app = spawn_app_with(settings).await;
    let get = |key: &'static str| {
        let request = app.client.get(format!("{}/v1/catalog", app.address)).header("x-api-key", key);
        async move { request.send().await.expect("GET") }
    };
    assert_eq!(get("alice-key-0123456789").await.status().as_u16(), 200);
    assert_eq!(get("alice-key-0123456789").await.status().as_u16(), 200);
    assert_problem(get("alice-key-0123456789").await, 429).await;
    // Same address, other key: its own quota.
    let bob = get("bob-key-0123456789").await;
    assert_eq!(bob.status().as_u16(), 200);
    assert!(header(&bob, "ratelimit").is_some_and(|v| v.starts_with("\"default\";r=1;")));
    // The key in the query string counts against the same key's quota.
    let by_query = app.get("/v1/catalog?api_key=alice-key-0123456789").await;
    assert_problem(by_query, 429).await;
}

#[tokio::test]
async fn without_a_configured_limit_nothing_is_limited_and_no_headers_are_sent() {
    let app = crate::helpers::spawn_fixture_app().await;
    for _ in 0..5 {
        let response = app.get("/v1/catalog").await;
        assert_eq!(response.status().as_u16(), 200);
        assert!(header(&response, "ratelimit-policy").is_none());
    }
}

// ---------------------------------------------------------------------------------------------------
// Metrics

type Exposition = openmetrics_parser::MetricsExposition<
    openmetrics_parser::OpenMetricsType,
    openmetrics_parser::OpenMetricsValue,
>;

/// `GET /metrics`, parsed by a strict OpenMetrics parser (it rejects what Prometheus would).
async fn scrape_with(client: &reqwest::Client, url: String) -> Exposition {
    let response = client.get(url).send().await.expect("GET /metrics");
    assert_eq!(response.status().as_u16(), 200);
    let content_type = header(&response, "content-type").unwrap_or_default();
    assert!(content_type.starts_with("application/openmetrics-text"), "{content_type}");
    let text = response.text().await.expect("text");
    openmetrics_parser::openmetrics::parse_openmetrics(&text)
        .unwrap_or_else(|e| panic!("the exposition parses: {e:?}\n{text}"))
}

async fn scrape(address: &str) -> Exposition {
    scrape_with(&reqwest::Client::new(), format!("{address}/metrics")).await
}

/// The samples of `family` with (at least) these labels, summed (a histogram counts its observations).
fn sample(scrape: &Exposition, family: &str, labels: &[(&str, &str)]) -> Option<f64> {
    use openmetrics_parser::OpenMetricsValue as V;
    scrape
        .families
        .get(family)?
        .iter_samples()
        .filter(|s| {
            let set = s.get_labelset().expect("labels");
            labels.iter().all(|(k, v)| set.get_label_value(k) == Some(*v))
        })
        .map(|s| match &s.value {
            V::Counter(c) => c.value.as_f64(),
            V::Gauge(n) | V::Unknown(n) => n.as_f64(),
            V::Histogram(h) => h.count.unwrap_or(0) as f64,
            _ => f64::NAN,
        })
        .reduce(|a, b| a + b)
}

/// Every label value in the exposition.
fn label_values(scrape: &Exposition) -> Vec<String> {
    scrape
        .families
        .values()
        .flat_map(|f| f.iter_samples())
        .flat_map(|s| s.get_labelset().expect("labels").iter_values().cloned().collect::<Vec<_>>())
        .collect()
}

fn requests(scrape: &Exposition, route: &str, status: &str) -> f64 {
    sample(scrape, "breakeven_http_requests", &[("route", route), ("status", status)]).unwrap_or(0.0)
}

#[tokio::test]
async fn metrics_are_scraped_parsed_and_move_with_requests() {
    let app = spawn_app().await;
    let offering_route = offering_route(&app).await;
    let before = scrape(&app.address).await;

    for _ in 0..3 {
        assert_eq!(
            app.get("/v1/offerings/aws/ec2/us-east-1/m7i.large?currency=USD").await.status().as_u16(),
            200
        );
    }
    assert_eq!(app.get("/v1/offerings/no/such/offering").await.status().as_u16(), 404);
    assert_eq!(app.get("/no-such-path?secret=1").await.status().as_u16(), 404);
    let comparison = "/v1/comparisons?template=team-im&users=120&horizon_months=36";
    for _ in 0..2 {
        assert_eq!(app.get(comparison).await.status().as_u16(), 200);
    }
    let version = header(&app.get("/healthz").await, "x-catalog-version").expect("version");
    // Made-up methods share one `other` label: a caller cannot mint series at will.
    for method in ["BREW", "WHEN"] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        app.client.request(method, format!("{}/v1/catalog", app.address)).send().await.expect("send");
    }

    let after = scrape(&app.address).await;
    assert_eq!(requests(&after, &offering_route, "200") - requests(&before, &offering_route, "200"), 3.0);
    assert_eq!(requests(&after, &offering_route, "404") - requests(&before, &offering_route, "404"), 1.0);
    assert!(requests(&after, "unmatched", "404") >= 1.0);
    assert_eq!(requests(&after, "/v1/comparisons", "200"), 2.0);
    // Labels are route patterns: no raw path, id or query string ever becomes a label value.
    for value in label_values(&after) {
        assert!(!value.contains("m7i") && !value.contains('?') && !value.contains("no-such"), "{value}");
        assert!(value != "BREW" && value != "WHEN", "{value}");
    }
    assert_eq!(
        sample(&after, "breakeven_http_requests", &[("route", "/v1/catalog"), ("method", "other")]),
        Some(2.0)
    );
    // Latency histogram by route: its count moved with the requests.
    let count = |scrape: &Exposition| {
        sample(scrape, "breakeven_http_request_duration_seconds", &[("route", offering_route.as_str())])
            .unwrap_or(0.0)
    };
    assert_eq!(count(&after) - count(&before), 4.0);
    assert_eq!(
        sample(&after, "breakeven_http_request_duration_seconds", &[("route", "/v1/comparisons")]),
        Some(2.0)
    );
    // The second identical comparison came from the cache.
    assert_eq!(sample(&after, "breakeven_comparison_cache_misses", &[]), Some(1.0));
    assert_eq!(sample(&after, "breakeven_comparison_cache_hits", &[]), Some(1.0));
    assert_eq!(sample(&after, "breakeven_comparison_cache_entries", &[]), Some(1.0));
    assert!(sample(&after, "breakeven_comparison_cache_bytes", &[]).is_some());
    // The catalogue: version as a label, the ages of its prices, reloads.
    assert_eq!(sample(&after, "breakeven_catalog_info", &[("catalog_version", version.as_str())]), Some(1.0));
    let oldest = sample(&after, "breakeven_catalog_oldest_price_age_seconds", &[]).expect("oldest age");
    let newest = sample(&after, "breakeven_catalog_newest_price_age_seconds", &[]).expect("newest age");
    assert!(oldest >= newest, "{oldest} < {newest}");
    assert_eq!(sample(&after, "breakeven_catalog_reloads", &[("outcome", "succeeded")]), Some(0.0));
    assert_eq!(sample(&after, "breakeven_catalog_reloads", &[("outcome", "failed")]), Some(0.0));
    assert_eq!(sample(&after, "breakeven_rate_limited_requests", &[]), Some(0.0));
}

/// The route label of `/v1/offerings/{id}` as the server reports it (the pattern, whatever its syntax).
async fn offering_route(app: &TestApp) -> String {
    assert_eq!(app.get("/v1/offerings/aws/ec2/us-east-1/m7i.large").await.status().as_u16(), 200);
    let scrape = scrape(&app.address).await;
    label_values(&scrape)
        .into_iter()
        .find(|route| route.starts_with("/v1/offerings/{"))
        .expect("an offering route label")
}

#[tokio::test]
async fn metrics_need_a_full_key_on_the_main_address_and_none_on_the_metrics_address() {
    let mut settings = fixture_settings();
    settings.api_keys =
        KeyRing::parse("ops:full:full-key-0123456789,sheet:read:read-key-0123456789").expect("keys");
    settings.metrics_addr = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
    let app = spawn_app_with(settings).await;

    assert_problem(app.get("/metrics").await, 401).await;
    let with_key = |key: &'static str| {
        app.client.get(format!("{}/metrics", app.address)).header("x-api-key", key).send()
    };
    assert_problem(with_key("read-key-0123456789").await.expect("GET"), 403).await;
    assert_eq!(with_key("full-key-0123456789").await.expect("GET").status().as_u16(), 200);

    let metrics_address = app.metrics_address.clone().expect("a metrics listener");
    let scrape = scrape(&metrics_address).await;
    assert!(requests(&scrape, "/metrics", "401") >= 1.0, "the main address's requests are counted");
    let other = app.client.get(format!("{metrics_address}/v1/catalog")).send().await.expect("GET");
    assert_problem(other, 404).await;
}

// ---------------------------------------------------------------------------------------------------
// Reloads

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

const VM: &str = "testcloud/vm/us-east/small";

/// The fixture's cloud file with the VM at `price` per hour.
fn cloud_file(price: &str) -> String {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/minimal/cloud/test.json")).expect("fixture");
    assert!(text.contains("\"unit_price\": \"0.10\""));
    text.replace("\"unit_price\": \"0.10\"", &format!("\"unit_price\": \"{price}\""))
}

async fn reload(app: &TestApp) -> reqwest::Response {
    app.client.post(format!("{}/v1/admin/reload", app.address)).send().await.expect("POST reload")
}

#[tokio::test]
async fn reload_after_the_data_directory_disappears_is_a_422_and_the_catalogue_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    copy_dir(&root().join("tests/fixtures/minimal"), &data);
    let app = spawn_app_with(Settings::for_tests(&data)).await;
    let version = header(&app.get("/readyz").await, "x-catalog-version").expect("version");

    std::fs::rename(&data, dir.path().join("gone")).expect("move the data away");
    let body = assert_problem(reload(&app).await, 422).await;
    let detail = body["detail"].as_str().expect("detail");
    assert!(detail.contains("cannot be read") && detail.contains("previous catalogue"), "{detail}");

    let ready = app.get("/readyz").await;
    assert_eq!(ready.status().as_u16(), 200);
    let ready: serde_json::Value = ready.json().await.expect("json");
    assert_eq!(ready["catalog_version"], version.as_str());
    assert_eq!(ready["last_reload"]["outcome"], "failed");
    assert_eq!(ready["last_reload"]["catalog_version"], version.as_str());
    assert!(ready["last_reload"]["error"].as_str().is_some_and(|e| e.contains("cannot read")), "{ready}");
    assert_eq!(app.get(&format!("/v1/offerings/{VM}")).await.status().as_u16(), 200);
}

#[derive(Default)]
struct Load {
    requests: AtomicU64,
    failures: std::sync::Mutex<Vec<String>>,
    stop: AtomicBool,
}

/// One load loop: offering detail, catalogue, readiness and liveness, checking that every answer is
/// a 200 naming a good version, and that the VM's price is the one of the version named.
async fn load_loop(address: String, prices: Arc<std::collections::HashMap<String, String>>, load: Arc<Load>) {
    let client = reqwest::Client::new();
    let paths = [format!("/v1/offerings/{VM}"), "/v1/catalog".into(), "/readyz".into(), "/healthz".into()];
    let mut i = 0usize;
    while !load.stop.load(Ordering::Relaxed) {
        let path = &paths[i % paths.len()];
        i += 1;
        let failure = match client.get(format!("{address}{path}")).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let version = header(&response, "x-catalog-version").unwrap_or_default();
                let body: serde_json::Value = response.json().await.unwrap_or_default();
                let known = prices.get(&version);
                let price_matches = !path.contains(VM)
                    || known.is_some_and(|price| body.to_string().contains(&format!("\"{price}\"")));
                // The body's own catalog_version (where it has one) is the header's.
                let body_version = body["catalog_version"].as_str().unwrap_or(&version);
                (status != 200 || known.is_none() || !price_matches || body_version != version)
                    .then(|| format!("{path}: {status}, version {version}, {body}"))
            }
            Err(e) => Some(format!("{path}: {e}")),
        };
        if let Some(failure) = failure {
            load.failures.lock().expect("lock").push(failure);
        }
        load.requests.fetch_add(1, Ordering::Relaxed);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_reloads_under_load_fail_no_request_and_never_serve_broken_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    copy_dir(&root().join("tests/fixtures/minimal"), &data);
    let cloud = data.join("cloud/test.json");
    let good = [cloud_file("0.10"), cloud_file("0.11")];
    let mut prices = std::collections::HashMap::new();
    for (text, price) in good.iter().zip(["0.10", "0.11"]) {
        std::fs::write(&cloud, text).expect("write");
        let version =
            breakeven::store::load_snapshot(&data).expect("good data loads").catalog.version.clone();
        prices.insert(version, price.to_string());
    }
    std::fs::write(&cloud, &good[0]).expect("write");
    let versions: HashSet<String> = prices.keys().cloned().collect();
    assert_eq!(versions.len(), 2);
    let app = spawn_app_with(Settings::for_tests(&data)).await;

    let load = Arc::new(Load::default());
    let prices = Arc::new(prices);
    let loops: Vec<_> = (0..4)
        .map(|_| tokio::spawn(load_loop(app.address.clone(), Arc::clone(&prices), Arc::clone(&load))))
        .collect();

    let mut expected_version = header(&app.get("/readyz").await, "x-catalog-version").expect("version");
    let (mut succeeded, mut failed) = (0, 0);
    for round in 0..20 {
        // Good B, broken JSON, good A, the directory gone: over and over.
        let gone = dir.path().join("gone");
        match round % 4 {
            0 => std::fs::write(&cloud, &good[1]).expect("write"),
            1 => std::fs::write(&cloud, "{ \"title\": \"half a file").expect("write"),
            2 => std::fs::write(&cloud, &good[0]).expect("write"),
            _ => std::fs::rename(&data, &gone).expect("move away"),
        }
        let response = reload(&app).await;
        let status = response.status().as_u16();
        let body: serde_json::Value = response.json().await.expect("json");
        if round % 2 == 0 {
            assert_eq!(status, 200, "round {round}: {body}");
            expected_version = body["catalog_version"].as_str().expect("version").to_string();
            assert!(versions.contains(&expected_version));
            succeeded += 1;
        } else {
            assert_eq!(status, 422, "round {round}: {body}");
            failed += 1;
        }
        let ready: serde_json::Value = app.get("/readyz").await.json().await.expect("json");
        assert_eq!(ready["catalog_version"], expected_version.as_str(), "round {round}");
        let outcome = if round % 2 == 0 { "succeeded" } else { "failed" };
        assert_eq!(ready["last_reload"]["outcome"], outcome, "round {round}: {ready}");
        assert_eq!(ready["last_reload"]["error"].is_string(), round % 2 == 1, "round {round}: {ready}");
        if round % 4 == 3 {
            std::fs::rename(&gone, &data).expect("move back");
        }
        // Let the load run against this state for a while (progress, not time).
        let seen = load.requests.load(Ordering::Relaxed);
        while load.requests.load(Ordering::Relaxed) < seen + 40 {
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
    }
    load.stop.store(true, Ordering::Relaxed);
    for handle in loops {
        handle.await.expect("load loop");
    }

    let total = load.requests.load(Ordering::Relaxed);
    assert!(total >= 800, "{total} requests");
    let failures = load.failures.lock().expect("lock").clone();
    assert!(failures.is_empty(), "{} failed requests out of {total}: {failures:#?}", failures.len());
    let scrape = scrape(&app.address).await;
    assert_eq!(
        sample(&scrape, "breakeven_catalog_reloads", &[("outcome", "succeeded")]),
        Some(succeeded as f64)
    );
    assert_eq!(sample(&scrape, "breakeven_catalog_reloads", &[("outcome", "failed")]), Some(failed as f64));
    assert_eq!((succeeded, failed), (10, 10));
}
