//! Huawei Cloud `ListOnDemandResourceRatings` → cloud/huawei.json, against a mock BSS API that checks
//! every request's SDK-HMAC-SHA256 signature the way the real gateway does: recomputed here, from the
//! same fixed test credentials and the time the test injects (`--signing-time`), with an
//! implementation of its own (not the importer's), answering HTTP 401 `APIGW.0301` on a mismatch.

use super::mock::{Handler, Mock, Reply, Seen};
use super::{assert_fails_untouched, data_dir, fixture, fixture_bytes, import_env, root, snapshot};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const AK: &str = "HWTESTAKBREAKEVEN0000";
const SK: &str = "hwtestSKbreakevenEXAMPLE00000000000000000";
const PROJECT: &str = "0123456789abcdef0123456789abcdef";
/// 2026-12-01T12:00:00Z.
const NOW: i64 = 1796126400;
const SDK_DATE: &str = "20261201T120000Z";
const PATH: &str = "/v2/bills/ratings/on-demand-resources";

fn selection() -> String {
    String::from_utf8(fixture_bytes("huawei/selection.json")).expect("utf-8")
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the gateway computes for this request.
fn expected_signature(seen: &Seen, secret_key: &str) -> String {
    let header = |name: &str| seen.headers.get(name).map(String::as_str).unwrap_or("");
    let canonical = format!(
        "POST\n{PATH}/\n\ncontent-type:{}\nhost:{}\nx-sdk-date:{}\n\ncontent-type;host;x-sdk-date\n{}",
        header("content-type"),
        header("host"),
        header("x-sdk-date"),
        hex_of(&Sha256::digest(&seen.body))
    );
    let to_sign = format!(
        "SDK-HMAC-SHA256\n{}\n{}",
        header("x-sdk-date"),
        hex_of(&Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.as_bytes()).expect("any key length");
    mac.update(to_sign.as_bytes());
    hex_of(&mac.finalize().into_bytes())
}

fn error(code: &str) -> Vec<u8> {
    format!(r#"{{"error_code":"{code}","error_msg":"refused by the mock","request_id":"mock"}}"#).into_bytes()
}

/// How the mock answers a verified request: from its body.
type Answer = dyn Fn(&serde_json::Value) -> (u16, Vec<u8>) + Send + Sync;

/// The mock BSS API: verifies method, path, headers, signature and body, then answers.
fn bss_api(
    verified: Arc<AtomicUsize>,
    bodies: Arc<Mutex<Vec<serde_json::Value>>>,
    answer: Arc<Answer>,
) -> Reply {
    Reply::Handler(Handler(Arc::new(move |seen: &Seen| {
        let header = |name: &str| seen.headers.get(name).cloned().unwrap_or_default();
        if seen.method != "POST" || seen.target != PATH || header("content-type") != "application/json" {
            return (400, error("CBC.0100"));
        }
        let prefix =
            format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=");
        let Some(sent) = header("authorization").strip_prefix(&prefix).map(str::to_string) else {
            return (401, fixture_bytes("huawei/error-APIGW.0301.json"));
        };
        if header("x-sdk-date") != SDK_DATE || expected_signature(seen, SK) != sent {
            return (401, fixture_bytes("huawei/error-APIGW.0301.json"));
        }
        verified.fetch_add(1, Ordering::SeqCst);
        let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("a JSON body");
        if body["project_id"] != PROJECT {
            return (400, error("CBC.99006073"));
        }
        bodies.lock().expect("bodies").push(body.clone());
        answer(&body)
    })))
}

/// Answers the fixture when the request asks for exactly its four products.
fn fixture_answer() -> Arc<Answer> {
    Arc::new(|body: &serde_json::Value| {
        let ids: Vec<&str> = body["product_infos"]
            .as_array()
            .expect("products")
            .iter()
            .filter_map(|p| p["id"].as_str())
            .collect();
        let expected = [
            "cn-north-4/s6.large.4",
            "cn-north-4/s6.xlarge.4",
            "cn-north-4/s6.2xlarge.4",
            "cn-north-4/s6.4xlarge.4",
        ];
        if ids != expected {
            return (400, error("CBC.0100"));
        }
        (200, fixture_bytes("huawei/ListOnDemandResourceRatings.json"))
    })
}

fn credentials() -> Vec<(&'static str, Option<String>)> {
    vec![
        ("HUAWEICLOUD_SDK_AK", Some(AK.into())),
        ("HUAWEICLOUD_SDK_SK", Some(SK.into())),
        ("HUAWEICLOUD_SDK_PROJECT_ID", Some(PROJECT.into())),
    ]
}

/// The data directory with the committed cloud/huawei.json, so the run merges into its offerings.
fn with_committed_file() -> tempfile::TempDir {
    let dir = data_dir(&[("huawei", &selection())]);
    std::fs::copy(root().join("pricing-data/cloud/huawei.json"), dir.path().join("cloud/huawei.json"))
        .expect("copy");
    dir
}

fn file(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("cloud/huawei.json")).expect("huawei.json")).expect("json")
}

fn offering(dir: &Path, id: &str) -> serde_json::Value {
    file(dir)["offerings"]
        .as_array()
        .expect("offerings")
        .iter()
        .find(|o| o["id"] == id)
        .cloned()
        .expect("offering")
}

fn run_args(mock: &Mock) -> Vec<String> {
    ["huawei", "--from", &mock.url(""), "--signing-time", &NOW.to_string()]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn signed_requests_are_verified_and_the_list_prices_replace_the_estimates() {
    let mock = Mock::start();
    let verified = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(Mutex::new(Vec::new()));
    mock.route(PATH, vec![bss_api(Arc::clone(&verified), Arc::clone(&bodies), fixture_answer())]);
    let dir = with_committed_file();
    let args = run_args(&mock);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = import_env(dir.path(), &args, &credentials());
    assert!(run.success, "{run:?}");
    assert_eq!(verified.load(Ordering::SeqCst), 1, "four products: one correctly signed request");
    assert!(
        run.stdout.contains("huawei: wrote cloud/huawei.json: 0 added, 4 changed, 0 removed"),
        "{}",
        run.stdout
    );

    let body = bodies.lock().expect("bodies")[0].clone();
    assert_eq!(body["inquiry_precision"], 1);
    let first = &body["product_infos"][0];
    assert_eq!(first["cloud_service_type"], "hws.service.type.ec2");
    assert_eq!(first["resource_type"], "hws.resource.type.vm");
    assert_eq!(first["resource_spec"], "s6.large.4.linux");
    assert_eq!(first["region"], "cn-north-4");
    assert_eq!((first["usage_factor"].as_str(), first["usage_value"].as_u64()), (Some("Duration"), Some(1)));
    assert_eq!((first["usage_measure_id"].as_u64(), first["subscription_num"].as_u64()), (Some(4), Some(1)));

    // Hand-checked against the fixture: official_website_amount, never amount (0.472, 0.944, …).
    assert_eq!(
        file(dir.path())["offerings"].as_array().expect("offerings").len(),
        4,
        "the existing ids were updated"
    );
    for (flavour, price) in
        [("s6.large.4", "0.59"), ("s6.xlarge.4", "1.18"), ("s6.2xlarge.4", "2.36"), ("s6.4xlarge.4", "4.72")]
    {
        let vm = offering(dir.path(), &format!("huawei/ecs/cn-north-4/{flavour}"));
        let on_demand = vm["prices"]
            .as_array()
            .expect("prices")
            .iter()
            .find(|p| p["purchase_option"] == "on_demand")
            .cloned();
        let on_demand = on_demand.expect("on_demand");
        assert_eq!(on_demand["unit_price"], price, "{flavour}");
        assert_eq!((on_demand["unit"].as_str(), on_demand["currency"].as_str()), (Some("hour"), Some("CNY")));
        assert!(on_demand.get("provenance").is_none(), "the offering's provenance is the schedule's");
        assert_eq!(vm["provenance"]["basis"], "vendor_list");
        assert_eq!(
            vm["provenance"]["source_url"],
            "https://support.huaweicloud.com/api-oce/bcloud_01001.html"
        );
        assert_eq!(vm["provenance"]["retrieved"], "2026-12-01");
        assert!(vm["provenance"].get("price_date").is_none(), "the API states no price date");
        let note = vm["provenance"]["note"].as_str().expect("note");
        assert!(note.contains(&format!("official_website_amount {price} CNY per hour")), "{note}");
        // The estimates the API does not give are kept, with their own provenance.
        let monthly = vm["prices"]
            .as_array()
            .expect("prices")
            .iter()
            .find(|p| p["purchase_option"] == "monthly_subscription")
            .cloned();
        assert_eq!(monthly.expect("kept")["provenance"]["basis"], "estimate");
    }
    let text = std::fs::read_to_string(dir.path().join("cloud/huawei.json")).expect("file");
    assert!(
        !text.contains("0.472") && !text.contains("test-discount-id"),
        "the account's figures are never stored"
    );

    // The secret and the project id are never printed, written, or sent anywhere but into the HMAC/body.
    let written = snapshot(dir.path());
    for (path, bytes) in &written {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(SK) && !text.contains(PROJECT), "{} holds a credential", path.display());
    }
    assert!(!run.stdout.contains(SK) && !run.stderr.contains(SK));
    for seen in mock.seen() {
        assert!(!seen.target.contains(SK) && !seen.target.contains(AK), "{}", seen.target);
        assert!(!seen.headers.values().any(|v| v.contains(SK)));
    }

    // The same upstream again: nothing changes.
    let run = import_env(dir.path(), &args, &credentials());
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("unchanged cloud/huawei.json"), "{}", run.stdout);
    // The state file's last_success is the clock's second: only the data must be unchanged.
    let data = |mut files: std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
        files.remove(std::path::Path::new("import/state.json"));
        files
    };
    assert!(data(snapshot(dir.path())) == data(written));
}

#[test]
fn more_than_a_hundred_products_go_in_batches() {
    let mock = Mock::start();
    let verified = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(Mutex::new(Vec::new()));
    // Prices every product it is asked for: 0.01 CNY × its place in the request + 1.
    let echo: Arc<Answer> = Arc::new(|body: &serde_json::Value| {
        let results: Vec<serde_json::Value> = body["product_infos"]
            .as_array()
            .expect("products")
            .iter()
            .enumerate()
            .map(|(i, p)| {
                serde_json::json!({"id": p["id"], "product_id": format!("P{i}"), "amount": 0.001,
                    "discount_amount": 0.0, "official_website_amount": (i + 1) as f64 / 100.0, "measure_id": 1})
            })
            .collect();
        (
            200,
            serde_json::to_vec(
                &serde_json::json!({"currency": "CNY", "measure_id": 1, "product_rating_results": results}),
            )
            .expect("json"),
        )
    });
    mock.route(PATH, vec![bss_api(Arc::clone(&verified), Arc::clone(&bodies), echo)]);
    let flavours = |n: usize| (0..n).map(|i| format!("\"t{i}.large.2\"")).collect::<Vec<_>>().join(",");
    let selection = format!(
        r#"{{"site":"china","regions":{{"cn-east-3":[{}],"cn-north-4":[{}]}}}}"#,
        flavours(60),
        flavours(45)
    );
    let dir = data_dir(&[("huawei", &selection)]);
    let args = run_args(&mock);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = import_env(dir.path(), &args, &credentials());
    assert!(run.success, "{run:?}");
    assert_eq!(verified.load(Ordering::SeqCst), 2, "105 products: two signed requests");
    let sizes: Vec<usize> = bodies
        .lock()
        .expect("bodies")
        .iter()
        .map(|b| b["product_infos"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, vec![100, 5]);
    assert!(run.stderr.contains("batch 2/2, 5 products"), "{}", run.stderr);
    let written = file(dir.path());
    assert_eq!(written["offerings"].as_array().expect("offerings").len(), 105);
    // The second batch's first product is cn-north-4's 41st flavour (60 of cn-east-3 + 40 in batch one).
    let vm = offering(dir.path(), "huawei/ecs/cn-north-4/t40.large.2");
    assert_eq!(vm["prices"][0]["unit_price"], "0.01");
    assert_eq!((vm["specs"]["vcpu"].as_u64(), vm["specs"]["memory_gib"].as_str()), (Some(2), Some("4")));
    assert_eq!(written["tax"]["rate"], "0.06");
}

#[test]
fn missing_credentials_fail_before_any_request() {
    let mock = Mock::start();
    mock.route(PATH, vec![bss_api(Arc::default(), Arc::default(), fixture_answer())]);
    let dir = with_committed_file();
    let before = snapshot(dir.path());
    let mut env = credentials();
    env[1].1 = Some(" ".into());
    let run = import_env(dir.path(), &["huawei", "--from", &mock.url("")], &env);
    assert!(!run.success, "{run:?}");
    assert!(
        run.stderr.contains("set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK in the environment (HUAWEICLOUD_SDK_SK unset or empty)"),
        "{}",
        run.stderr
    );
    let mut env = credentials();
    env[2].1 = None;
    let run = import_env(dir.path(), &["huawei", "--from", &mock.url("")], &env);
    assert!(!run.success, "{run:?}");
    assert!(run.stderr.contains("set HUAWEICLOUD_SDK_PROJECT_ID in the environment"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was requested"), "{}", run.stderr);
    assert!(mock.seen().is_empty(), "no request was made");
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn vendor_error_answers_name_their_code_and_change_nothing() {
    let mock = Mock::start();
    let verified = Arc::new(AtomicUsize::new(0));
    let not_found: Arc<Answer> =
        Arc::new(|_: &serde_json::Value| (400, fixture_bytes("huawei/error-CBC.99006006.json")));
    mock.route(PATH, vec![bss_api(Arc::clone(&verified), Arc::default(), not_found)]);
    let dir = with_committed_file();
    let before = snapshot(dir.path());
    let args = run_args(&mock);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = import_env(dir.path(), &args, &credentials());
    assert!(!run.success, "{run:?}");
    assert!(
        run.stderr.contains("Huawei Cloud API error CBC.99006006: 找不到您询价的产品。"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("HTTP 400") && run.stderr.contains("nothing was changed"), "{}", run.stderr);
    assert_eq!(verified.load(Ordering::SeqCst), 1);
    assert!(snapshot(dir.path()) == before);

    // A wrong secret: the gateway's signature check refuses it.
    let mut env = credentials();
    env[1].1 = Some("not-the-key".into());
    let run = import_env(dir.path(), &args, &env);
    assert!(!run.success, "{run:?}");
    assert!(
        run.stderr.contains("Huawei Cloud API error APIGW.0301: Incorrect IAM authentication information"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("not-the-key"), "{}", run.stderr);
    assert_eq!(verified.load(Ordering::SeqCst), 1);
    // Signed for another time: refused the same way.
    let run = import_env(
        dir.path(),
        &["huawei", "--from", &mock.url(""), "--signing-time", "1796120000"],
        &credentials(),
    );
    assert!(run.stderr.contains("APIGW.0301"), "{}", run.stderr);
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn a_wrong_schema_is_refused_and_a_busy_api_retried() {
    let mock = Mock::start();
    let verified = Arc::new(AtomicUsize::new(0));
    let wrong: Arc<Answer> = Arc::new(|_: &serde_json::Value| {
        (200, br#"{"product_rating_results":[{"id":"cn-north-4/s6.large.4","official_website_amount":"cheap"}]}"#.to_vec())
    });
    mock.route(PATH, vec![bss_api(Arc::clone(&verified), Arc::default(), wrong)]);
    let dir = with_committed_file();
    let before = snapshot(dir.path());
    let args = run_args(&mock);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = import_env(dir.path(), &args, &credentials());
    assert!(!run.success, "{run:?}");
    assert!(
        run.stderr.contains("not a valid Huawei Cloud ListOnDemandResourceRatings response: product_rating_results[0].official_website_amount"),
        "{}",
        run.stderr
    );
    assert!(snapshot(dir.path()) == before);

    let mock = Mock::start();
    let verified = Arc::new(AtomicUsize::new(0));
    mock.route(
        PATH,
        vec![
            Reply::with_header(503, "Retry-After", "0"),
            bss_api(Arc::clone(&verified), Arc::default(), fixture_answer()),
        ],
    );
    let args = run_args(&mock);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = import_env(dir.path(), &args, &credentials());
    assert!(run.success, "{run:?}");
    assert!(run.stderr.contains("HTTP 503"), "{}", run.stderr);
    assert_eq!((verified.load(Ordering::SeqCst), mock.seen().len()), (1, 2));
}

#[test]
fn a_saved_response_imports_without_credentials() {
    let dir = with_committed_file();
    let answer = fixture("huawei/ListOnDemandResourceRatings.json");
    let run = import_env(dir.path(), &["huawei", "--from", answer.to_str().expect("utf-8")], &[]);
    assert!(run.success, "{run:?}");
    let vm = offering(dir.path(), "huawei/ecs/cn-north-4/s6.xlarge.4");
    assert_eq!(vm["prices"][0]["purchase_option"], "on_demand");
    assert_eq!(vm["prices"][0]["unit_price"], "1.18");
    assert!(vm["provenance"]["note"].as_str().expect("note").contains("Read from a copy"), "{vm}");

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, br#"{"currency":"CNY","product_rating_results":[{"official_website_amount":1}]}"#)
        .expect("write");
    assert_fails_untouched(
        dir.path(),
        &["huawei", "--from", bad.to_str().expect("utf-8")],
        "product_rating_results[0]: missing field `id`",
    );
    let error = fixture("huawei/error-CBC.99006006.json");
    assert_fails_untouched(
        dir.path(),
        &["huawei", "--from", error.to_str().expect("utf-8")],
        "Huawei Cloud API error CBC.99006006",
    );
}
