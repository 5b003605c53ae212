//! Alibaba Cloud BSS `QuerySkuPriceList` → cloud/alibaba.json, against a mock BSS OpenAPI that checks
//! every request's ACS3-HMAC-SHA256 signature the way the real one does: recomputed here, from fixed
//! test credentials and the time the test injects (`--signing-time`), with an implementation of its
//! own (not the importer's), answering Alibaba's error shape (HTTP 4xx, `Code` / `Message` /
//! `RequestId`) on a mismatch, and serving the two fixture pages linked by `NextPageToken`.

use super::mock::{Handler, Mock, Reply, Seen};
use super::{assert_fails_untouched, data_dir, fixture, fixture_bytes, import_env, snapshot};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const KEY_ID: &str = "LTAI5tTestBreakevenEXAMPLE";
const KEY_SECRET: &str = "testSecretBreakevenEXAMPLE000000";
/// 2026-12-01T12:00:00Z.
const NOW: i64 = 1796126400;
const NOW_TEXT: &str = "2026-12-01T12:00:00Z";
const PAGE_2_TOKEN: &str = "eyJwYWdlIjoyfQ";
const SIGNED: &str = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";

fn selection() -> String {
    String::from_utf8(fixture_bytes("alibaba/selection.json")).expect("utf-8")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac_hex(key: &[u8], data: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data);
    hex(&mac.finalize().into_bytes())
}

/// RFC 3986: unreserved characters stay, every other byte is `%XX` (upper case).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The request's query parameters, decoded.
fn query(seen: &Seen) -> BTreeMap<String, String> {
    let query = seen.target.split_once('?').map(|(_, q)| q).unwrap_or("");
    form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// Alibaba's error answer.
fn error(status: u16, code: &str, message: &str) -> (u16, Vec<u8>) {
    let body = serde_json::json!({
        "RequestId": "MOCK-0000", "HostId": "business.aliyuncs.com", "Code": code, "Message": message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=BssOpenApi"),
    });
    (status, serde_json::to_vec(&body).expect("json"))
}

/// What the BSS OpenAPI would say about this request's signature: `None` when it is right.
fn check_signature(seen: &Seen, secret: &str) -> Option<(u16, Vec<u8>)> {
    let header = |name: &str| seen.headers.get(name).cloned().unwrap_or_default();
    let authorization = header("authorization");
    let Some(fields) = authorization.strip_prefix("ACS3-HMAC-SHA256 ") else {
        return Some(error(
            400,
            "IncompleteSignature",
            "The request signature does not conform to Aliyun standards.",
        ));
    };
    let fields: BTreeMap<&str, &str> = fields.split(',').filter_map(|f| f.split_once('=')).collect();
    if fields.get("Credential") != Some(&KEY_ID) {
        return Some((404, fixture_bytes("alibaba/error-access-key-not-found.json")));
    }
    if fields.get("SignedHeaders") != Some(&SIGNED) {
        return Some(error(400, "IncompleteSignature", "Every common header must be signed."));
    }
    if header("x-acs-date") != NOW_TEXT {
        return Some(error(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        ));
    }
    if header("x-acs-content-sha256") != sha_hex(&seen.body) {
        return Some(error(400, "SignatureDoesNotMatch", "x-acs-content-sha256 is not the body's hash."));
    }
    let mut pairs: Vec<(String, String)> = query(seen).iter().map(|(k, v)| (encode(k), encode(v))).collect();
    pairs.sort();
    let canonical_query = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    let canonical_headers: String =
        SIGNED.split(';').map(|name| format!("{name}:{}\n", header(name).trim())).collect();
    let path = seen.target.split('?').next().unwrap_or("/");
    let canonical = format!(
        "{}\n{path}\n{canonical_query}\n{canonical_headers}\n{SIGNED}\n{}",
        seen.method,
        sha_hex(&seen.body)
    );
    let expected = hmac_hex(
        secret.as_bytes(),
        format!("ACS3-HMAC-SHA256\n{}", sha_hex(canonical.as_bytes())).as_bytes(),
    );
    if fields.get("Signature") != Some(&expected.as_str()) {
        return Some((400, fixture_bytes("alibaba/error-signature-does-not-match.json")));
    }
    None
}

/// The mock BSS OpenAPI: verifies the request, refuses a reused nonce, then answers the page its
/// `NextPageToken` asks for.
fn bss_api(verified: Arc<AtomicUsize>, nonces: Arc<Mutex<BTreeSet<String>>>) -> Reply {
    Reply::Handler(Handler(Arc::new(move |seen: &Seen| {
        let header = |name: &str| seen.headers.get(name).cloned().unwrap_or_default();
        if seen.method != "GET"
            || header("x-acs-action") != "QuerySkuPriceList"
            || header("x-acs-version") != "2017-12-14"
        {
            return error(
                400,
                "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.",
            );
        }
        if let Some(refusal) = check_signature(seen, KEY_SECRET) {
            return refusal;
        }
        if !nonces.lock().expect("nonces").insert(header("x-acs-signature-nonce")) {
            return error(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
        let params = query(seen);
        let conditions: serde_json::Value =
            serde_json::from_str(params.get("PriceFactorConditionMap").map(String::as_str).unwrap_or("null"))
                .unwrap_or_default();
        if params.get("CommodityCode").map(String::as_str) != Some("ecs")
            || params.get("PriceEntityCode").map(String::as_str) != Some("instance_type")
            || params.get("PageSize").map(String::as_str) != Some("50")
            || conditions["vm_region_no"] != serde_json::json!(["cn-hangzhou"])
            || conditions["vm_os_kind"] != serde_json::json!(["linux"])
        {
            return error(400, "InvalidParameter", "The specified parameter is not valid.");
        }
        verified.fetch_add(1, Ordering::SeqCst);
        match params.get("NextPageToken").map(String::as_str) {
            None => (200, fixture_bytes("alibaba/QuerySkuPriceList.page1.json")),
            Some(PAGE_2_TOKEN) => (200, fixture_bytes("alibaba/QuerySkuPriceList.page2.json")),
            Some(_) => error(400, "InvalidParameter.NextPageToken", "The NextPageToken is not valid."),
        }
    })))
}

struct Api {
    mock: Mock,
    verified: Arc<AtomicUsize>,
    nonces: Arc<Mutex<BTreeSet<String>>>,
}

fn api() -> Api {
    let mock = Mock::start();
    let verified = Arc::new(AtomicUsize::new(0));
    let nonces = Arc::new(Mutex::new(BTreeSet::new()));
    mock.route("/", vec![bss_api(Arc::clone(&verified), Arc::clone(&nonces))]);
    Api { mock, verified, nonces }
}

fn credentials(id: &str, secret: &str) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", Some(id.into())),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", Some(secret.into())),
    ]
}

fn offerings(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("cloud/alibaba.json")).expect("alibaba.json"))
            .expect("json");
    file["offerings"].as_array().expect("offerings").clone()
}

fn offering(dir: &std::path::Path, id: &str) -> serde_json::Value {
    offerings(dir).into_iter().find(|o| o["id"] == id).expect("offering")
}

#[test]
fn signed_pages_are_verified_followed_and_the_list_prices_land() {
    let api = api();
    let dir = data_dir(&[("alibaba", &selection())]);
    let now = NOW.to_string();
    let args = ["alibaba", "--from", &api.mock.url("/"), "--signing-time", &now];
    let run = import_env(dir.path(), &args, &credentials(KEY_ID, KEY_SECRET));
    assert!(run.success, "{run:?}");
    assert_eq!(api.verified.load(Ordering::SeqCst), 2, "two pages, both correctly signed");
    let seen = api.mock.seen();
    assert!(!seen[0].target.contains("NextPageToken"), "{}", seen[0].target);
    assert!(seen[1].target.contains(&format!("NextPageToken={PAGE_2_TOKEN}")), "{}", seen[1].target);
    assert_ne!(seen[0].headers["x-acs-signature-nonce"], seen[1].headers["x-acs-signature-nonce"]);
    assert!(
        run.stdout.contains("alibaba: wrote cloud/alibaba.json: 3 added, 0 changed, 0 removed"),
        "{}",
        run.stdout
    );

    // Hand-checked against the fixture pages: Linux in cn-hangzhou only (not Windows, not
    // cn-shanghai), "2.440" as 2.44, a "0" price as no price (ecs.g7.4xlarge does not land).
    let prices: Vec<(String, String, String, String)> = offerings(dir.path())
        .iter()
        .map(|o| {
            let p = &o["prices"][0];
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
            (text(&o["id"]), text(&p["purchase_option"]), text(&p["unit_price"]), text(&p["unit"]))
        })
        .filter(|(id, ..)| id.starts_with("alibaba/"))
        .collect();
    let row = |id: &str, price: &str| {
        (
            format!("alibaba/ecs/cn-hangzhou/{id}"),
            "on_demand".to_string(),
            price.to_string(),
            "hour".to_string(),
        )
    };
    assert_eq!(
        prices,
        vec![row("ecs.g7.2xlarge", "2.44"), row("ecs.g7.large", "0.61"), row("ecs.g7.xlarge", "1.22")]
    );

    let vm = offering(dir.path(), "alibaba/ecs/cn-hangzhou/ecs.g7.large");
    assert_eq!(vm["market"], "china");
    let schedule = &vm["prices"][0];
    assert_eq!(schedule["currency"], "CNY");
    // One schedule: its provenance is the offering's (the merge keeps it there).
    let provenance = schedule.get("provenance").unwrap_or(&vm["provenance"]);
    assert_eq!(provenance["basis"], "vendor_list");
    assert_eq!(provenance["retrieved"], "2026-12-01");
    assert!(provenance.get("price_date").is_none(), "the API states no price date");
    let source = provenance["source_url"].as_str().expect("source_url");
    assert!(
        source.starts_with("https://www.alibabacloud.com/help/en/user-center/developer-reference/api-bssopenapi-2017-12-14-queryskupricelist"),
        "{source}"
    );
    let note = provenance["note"].as_str().expect("note");
    assert!(note.contains("SkuCode ecs-sku-test-0001") && note.contains("Read from a copy"), "{note}");
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("cloud/alibaba.json")).expect("file"))
            .expect("json");
    assert_eq!(file["tax"]["included"], true);
    assert_eq!(file["tax"]["rate"], "0.06", "China-site CNY list prices include 6 % VAT");
    assert_eq!(file["currency"], "CNY");

    // The secret is never printed, written, or sent anywhere but into the HMAC.
    let written = snapshot(dir.path());
    for (path, bytes) in &written {
        assert!(!String::from_utf8_lossy(bytes).contains(KEY_SECRET), "{} holds the secret", path.display());
    }
    assert!(!run.stdout.contains(KEY_SECRET) && !run.stderr.contains(KEY_SECRET));
    for seen in api.mock.seen() {
        assert!(!seen.target.contains(KEY_SECRET) && !seen.target.contains(KEY_ID), "{}", seen.target);
        assert!(!seen.headers.values().any(|v| v.contains(KEY_SECRET)));
    }

    // The same upstream again (the mock forgets the first run's nonces, as the API does after 15
    // minutes): nothing changes.
    api.nonces.lock().expect("nonces").clear();
    let run = import_env(dir.path(), &args, &credentials(KEY_ID, KEY_SECRET));
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("unchanged cloud/alibaba.json"), "{}", run.stdout);
    // Only the state file's `last_success` time may differ.
    let mut now = snapshot(dir.path());
    let mut written = written;
    now.retain(|p, _| !p.ends_with("state.json"));
    written.retain(|p, _| !p.ends_with("state.json"));
    assert!(now == written, "a second run changed a data file");
}

#[test]
fn vendor_errors_are_named_by_their_code_and_change_nothing() {
    let api = api();
    let dir = data_dir(&[("alibaba", &selection())]);
    let now = NOW.to_string();
    let args = ["alibaba", "--from", &api.mock.url("/"), "--signing-time", &now];
    let before = snapshot(dir.path());
    for (id, secret, code) in [
        (KEY_ID, "not-the-secret", "Alibaba Cloud API error SignatureDoesNotMatch"),
        ("LTAI5tUnknownKey", KEY_SECRET, "Alibaba Cloud API error InvalidAccessKeyId.NotFound"),
    ] {
        let run = import_env(dir.path(), &args, &credentials(id, secret));
        assert!(!run.success, "{run:?}");
        assert!(run.stderr.contains(code), "expected `{code}` in {}", run.stderr);
        assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
        assert!(!run.stderr.contains("not-the-secret") && !run.stderr.contains(KEY_SECRET), "{}", run.stderr);
        assert!(snapshot(dir.path()) == before);
    }
    assert_eq!(api.verified.load(Ordering::SeqCst), 0);
    assert_eq!(api.mock.seen().len(), 2, "a refused signature is not retried");

    // Signed for another time: the API's clock check.
    let run = import_env(
        dir.path(),
        &["alibaba", "--from", &api.mock.url("/"), "--signing-time", "1796120000"],
        &credentials(KEY_ID, KEY_SECRET),
    );
    assert!(run.stderr.contains("InvalidTimeStamp.Expired"), "{}", run.stderr);
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn missing_credentials_fail_before_any_request() {
    let api = api();
    let dir = data_dir(&[("alibaba", &selection())]);
    let before = snapshot(dir.path());
    let run = import_env(
        dir.path(),
        &["alibaba", "--from", &api.mock.url("/")],
        &[("ALIBABA_CLOUD_ACCESS_KEY_SECRET", Some(KEY_SECRET.into()))],
    );
    assert!(!run.success, "{run:?}");
    assert!(
        run.stderr.contains("set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET in the environment (ALIBABA_CLOUD_ACCESS_KEY_ID unset or empty)"),
        "{}",
        run.stderr
    );
    assert!(api.mock.seen().is_empty(), "no request was made");
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn a_busy_api_is_retried_with_the_request_still_signed() {
    let api = api();
    let handler = bss_api(Arc::clone(&api.verified), Arc::clone(&api.nonces));
    api.mock.route("/", vec![Reply::with_header(503, "Retry-After", "0"), handler]);
    let dir = data_dir(&[("alibaba", &selection())]);
    let now = NOW.to_string();
    let run = import_env(
        dir.path(),
        &["alibaba", "--from", &api.mock.url("/"), "--signing-time", &now],
        &credentials(KEY_ID, KEY_SECRET),
    );
    assert!(run.success, "{run:?}");
    assert!(run.stderr.contains("HTTP 503"), "{}", run.stderr);
    assert_eq!(api.verified.load(Ordering::SeqCst), 2);
    assert_eq!(api.mock.seen().len(), 3);
}

#[test]
fn a_wrong_schema_is_refused_and_changes_nothing() {
    let mock = Mock::start();
    let page = String::from_utf8(fixture_bytes("alibaba/QuerySkuPriceList.page1.json")).expect("utf-8");
    let broken = page.replace("\"SkuPriceList\"", "\"SkuPrices\"");
    mock.route(
        "/",
        vec![Reply::Ok { body: broken.into_bytes(), etag: None, content_type: "application/json" }],
    );
    let dir = data_dir(&[("alibaba", &selection())]);
    let now = NOW.to_string();
    let before = snapshot(dir.path());
    let run = import_env(
        dir.path(),
        &["alibaba", "--from", &mock.url("/"), "--signing-time", &now],
        &credentials(KEY_ID, KEY_SECRET),
    );
    assert!(!run.success, "{run:?}");
    assert!(run.stderr.contains("not a valid Alibaba Cloud QuerySkuPriceList response"), "{}", run.stderr);
    assert!(run.stderr.contains("Data.SkuPricePage: missing field `SkuPriceList`"), "{}", run.stderr);
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn a_saved_page_imports_without_credentials_and_a_broken_one_is_refused() {
    let dir = data_dir(&[("alibaba", &selection())]);
    let file = fixture("alibaba/QuerySkuPriceList.page2.json");
    let run = import_env(dir.path(), &["alibaba", "--from", file.to_str().expect("utf-8")], &[]);
    assert!(run.success, "{run:?}");
    let vm = offering(dir.path(), "alibaba/ecs/cn-hangzhou/ecs.g7.xlarge");
    assert_eq!(vm["prices"][0]["unit_price"], "1.22");
    assert!(vm["provenance"]["note"].as_str().expect("note").contains("Read from a copy"), "{vm}");

    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        br#"{"Data":{"SkuPricePage":{"SkuPriceList":[{"SkuCode":"x","SkuFactorMap":{}}]}}}"#,
    )
    .expect("write");
    assert_fails_untouched(
        dir.path(),
        &["alibaba", "--from", bad.to_str().expect("utf-8")],
        "Data.SkuPricePage.SkuPriceList[0]: missing field `CskuPriceList`",
    );
}

#[test]
fn a_truncated_page_is_an_error_and_changes_nothing() {
    let mock = Mock::start();
    let page = fixture_bytes("alibaba/QuerySkuPriceList.page1.json");
    mock.route("/", vec![Reply::Truncated { body: page[..page.len() / 2].to_vec(), missing: 100 }]);
    let dir = data_dir(&[("alibaba", &selection())]);
    let now = NOW.to_string();
    let before = snapshot(dir.path());
    let run = import_env(
        dir.path(),
        &["alibaba", "--from", &mock.url("/"), "--signing-time", &now, "--retries", "1"],
        &credentials(KEY_ID, KEY_SECRET),
    );
    assert!(!run.success, "{run:?}");
    assert!(run.stderr.contains("truncated"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    assert!(snapshot(dir.path()) == before);
}
