//! Cloud Billing Catalog API → cloud/gcp.json: two pages joined by `nextPageToken`, the API key sent
//! as a header and never written or printed, and the real GKE SKUs parsed.

use super::mock::{Mock, Reply};
use super::{data_dir, fixture, fixture_bytes, import_with_env, snapshot};

const BASE: &str = "/v1/services";
const PATH: &str = "/v1/services/6F81-5844-456A/skus";
const KEY: &str = "test-key-4f9c1e77";

const SELECTION: &str = r#"{"regions": ["us-east1"],
  "families": {"e2": {"cpu": "E2 Instance Core", "ram": "E2 Instance Ram",
                      "commitment_cpu": "Commitment v1: E2 Cpu", "commitment_ram": "Commitment v1: E2 Ram"}},
  "machine_types": [{"name": "e2-standard-2", "family": "e2", "vcpu": 2, "memory_gib": "8"}],
  "disks": [{"name": "pd-balanced", "description": "Balanced PD Capacity"}]}"#;

fn page(name: &str) -> Reply {
    Reply::Ok { body: fixture_bytes(name), etag: None, content_type: "application/json" }
}

fn offering(dir: &std::path::Path, id: &str) -> serde_json::Value {
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("cloud/gcp.json")).expect("gcp.json")).expect("json");
    file["offerings"]
        .as_array()
        .expect("offerings")
        .iter()
        .find(|o| o["id"] == id)
        .cloned()
        .expect("offering")
}

#[test]
fn pages_are_joined_and_machine_types_are_their_cores_plus_memory() {
    let mock = Mock::start();
    mock.route(PATH, vec![page("gcp/compute-page-1.json"), page("gcp/compute-page-2.json")]);
    let dir = data_dir(&[("gcp", SELECTION)]);
    let run =
        import_with_env(dir.path(), &["gcp", "--from", &mock.url(BASE)], &[("BREAKEVEN_GCP_API_KEY", KEY)]);
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("gcp: wrote cloud/gcp.json: 3 added"), "{}", run.stdout);

    let seen = mock.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].target, format!("{PATH}?currencyCode=USD&pageSize=5000"));
    assert_eq!(
        seen[1].target,
        format!("{PATH}?currencyCode=USD&pageSize=5000&pageToken=page-2+token%2Fwith%2Bchars")
    );
    for request in &seen {
        assert_eq!(
            request.headers.get("x-goog-api-key").map(String::as_str),
            Some(KEY),
            "the key is a header"
        );
        assert!(!request.target.contains(KEY), "the key is never in a URL");
    }

    let vm = offering(dir.path(), "gcp/compute-engine/us-east1/e2-standard-2");
    // 2 × 0.02181159 + 8 × 0.00292353 = 0.06701142; 1 year: 2 × 0.0137413 + 8 × 0.00184182 = 0.04221716.
    assert_eq!(vm["prices"][0]["unit_price"], "0.06701142");
    assert_eq!(vm["prices"][1]["purchase_option"], "reserved_1y");
    assert_eq!(vm["prices"][1]["unit_price"], "0.04221716");
    assert_eq!(vm["provenance"]["basis"], "derived");
    assert_eq!(vm["provenance"]["price_date"], "2026-07-29");
    assert_eq!(vm["provenance"]["retrieved"], "2026-12-01");
    let disk = offering(dir.path(), "gcp/persistent-disk/us-east1/pd-balanced");
    assert_eq!(disk["prices"][0]["unit_price"], "0.1");
    assert_eq!(disk["provenance"]["basis"], "vendor_list");

    // The key is in nothing the run wrote or printed.
    for (path, bytes) in snapshot(dir.path()) {
        assert!(!String::from_utf8_lossy(&bytes).contains(KEY), "{} holds the API key", path.display());
    }
    assert!(!run.stdout.contains(KEY) && !run.stderr.contains(KEY));
}

#[test]
fn without_an_api_key_nothing_is_requested_or_changed() {
    let mock = Mock::start();
    mock.route(PATH, vec![page("gcp/compute-page-1.json")]);
    let dir = data_dir(&[("gcp", SELECTION)]);
    let before = snapshot(dir.path());
    let run =
        import_with_env(dir.path(), &["gcp", "--from", &mock.url(BASE)], &[("BREAKEVEN_GCP_API_KEY", "")]);
    assert!(!run.success && run.stderr.contains("needs an API key: set BREAKEVEN_GCP_API_KEY"), "{run:?}");
    assert!(mock.seen().is_empty(), "no request without a key");
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn a_forbidden_key_is_a_clear_error_and_changes_nothing() {
    let mock = Mock::start();
    mock.route(PATH, vec![Reply::Status {
        code: 403,
        headers: vec![],
        body: r#"{"error": {"code": 403, "message": "API key not valid. Please pass a valid API key.", "status": "PERMISSION_DENIED"}}"#.into(),
    }]);
    let dir = data_dir(&[("gcp", SELECTION)]);
    let before = snapshot(dir.path());
    let run =
        import_with_env(dir.path(), &["gcp", "--from", &mock.url(BASE)], &[("BREAKEVEN_GCP_API_KEY", KEY)]);
    assert!(
        !run.success && run.stderr.contains("HTTP 403") && run.stderr.contains("API key not valid"),
        "{run:?}"
    );
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    assert!(!run.stderr.contains(KEY), "{}", run.stderr);
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn the_real_gke_skus_parse_in_google_s_shape() {
    let page = breakeven::import::gcp::parse_page(&fixture_bytes("gcp/gke-asia-southeast2.json"), "gke")
        .expect("the real file parses");
    assert_eq!(page.skus.len(), 35);
    // Its first SKU: 0 units + 2,878,500 nanos = 0.0028785 USD per GiB-hour (Spot pod memory).
    let first = &page.skus[0];
    assert_eq!(first.sku_id, "05C1-AF31-E5F4");
    let rate = &first.pricing_info[0].pricing_expression.tiered_rates[0];
    assert_eq!(rate.unit_price.amount().map(|d| d.normalize().to_string()), Ok("0.0028785".to_string()));
    // Nothing in it is a Compute Engine machine part, so an import of it lands nothing and fails loudly
    // enough to say so.
    let dir = data_dir(&[("gcp", SELECTION)]);
    let run = super::import(
        dir.path(),
        &["gcp", "--from", fixture("gcp/gke-asia-southeast2.json").to_str().expect("utf-8")],
    );
    assert!(run.success, "{run:?}");
    assert!(
        run.stdout.contains("gcp: wrote cloud/gcp.json: 0 added") || run.stdout.contains("no change"),
        "{}",
        run.stdout
    );
}
