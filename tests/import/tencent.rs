//! Tencent Cloud `DescribeZoneInstanceConfigInfos` → cloud/tencent.json, against a mock CVM API that
//! checks every request's TC3-HMAC-SHA256 signature the way the real one does: recomputed here, from
//! the same fixed test credentials and the timestamp the test injects (`--signing-time`), with an
//! implementation of its own (not the importer's), answering `AuthFailure.SignatureFailure` on a
//! mismatch as Tencent does.

use super::mock::{Handler, Mock, Reply, Seen};
use super::{assert_fails_untouched, data_dir, fixture, fixture_bytes, import_env, snapshot};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const SECRET_ID: &str = "AKIDtestEXAMPLEbreakeven000000000000";
const SECRET_KEY: &str = "testKEYbreakevenEXAMPLE0000000000";
/// 2026-12-01T12:00:00Z.
const NOW: i64 = 1796126400;

fn selection() -> String {
    String::from_utf8(fixture_bytes("tencent/selection.json")).expect("utf-8")
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn sha_hex(data: &[u8]) -> String {
    Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

/// What the CVM API would compute for this request, or why it refuses it.
fn expected_signature(seen: &Seen, secret_key: &str) -> Result<String, &'static str> {
    let header = |name: &str| seen.headers.get(name).map(String::as_str).unwrap_or("");
    let timestamp: i64 = header("x-tc-timestamp").parse().map_err(|_| "AuthFailure.InvalidAuthorization")?;
    if timestamp != NOW {
        return Err("AuthFailure.SignatureExpire");
    }
    let date = "2026-12-01";
    let canonical = format!(
        "POST\n/\n\ncontent-type:{}\nhost:{}\n\ncontent-type;host\n{}",
        header("content-type"),
        header("host"),
        sha_hex(&seen.body)
    );
    let to_sign =
        format!("TC3-HMAC-SHA256\n{timestamp}\n{date}/cvm/tc3_request\n{}", sha_hex(canonical.as_bytes()));
    let key =
        hmac(&hmac(&hmac(format!("TC3{secret_key}").as_bytes(), date.as_bytes()), b"cvm"), b"tc3_request");
    Ok(hmac(&key, to_sign.as_bytes()).iter().map(|b| format!("{b:02x}")).collect())
}

fn error(code: &str) -> Vec<u8> {
    format!(
        r#"{{"Response":{{"Error":{{"Code":"{code}","Message":"refused by the mock"}},"RequestId":"mock"}}}}"#
    )
    .into_bytes()
}

/// The mock CVM API: verifies the request, then answers the fixture for its charge type.
fn cvm_api(verified: Arc<AtomicUsize>) -> Reply {
    Reply::Handler(Handler(Arc::new(move |seen: &Seen| {
        let header = |name: &str| seen.headers.get(name).cloned().unwrap_or_default();
        if seen.method != "POST"
            || header("x-tc-action") != "DescribeZoneInstanceConfigInfos"
            || header("x-tc-version") != "2017-03-12"
            || header("x-tc-region") != "ap-guangzhou"
            || header("content-type") != "application/json; charset=utf-8"
        {
            return (200, error("InvalidParameter"));
        }
        let authorization = header("authorization");
        let prefix = format!(
            "TC3-HMAC-SHA256 Credential={SECRET_ID}/2026-12-01/cvm/tc3_request, SignedHeaders=content-type;host, Signature="
        );
        let Some(sent) = authorization.strip_prefix(&prefix) else {
            return (200, error("AuthFailure.SecretIdNotFound"));
        };
        match expected_signature(seen, SECRET_KEY) {
            Err(code) => return (200, error(code)),
            Ok(expected) if expected != sent => {
                return (200, fixture_bytes("tencent/error-signature-failure.json"))
            }
            Ok(_) => {}
        }
        verified.fetch_add(1, Ordering::SeqCst);
        let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("a JSON body");
        let charge = body["Filters"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["Name"] == "instance-charge-type"))
            .and_then(|f| f["Values"][0].as_str())
            .unwrap_or("none")
            .to_string();
        (200, fixture_bytes(&format!("tencent/DescribeZoneInstanceConfigInfos.{charge}.json")))
    })))
}

fn credentials(key: &str) -> Vec<(&'static str, Option<String>)> {
    vec![("TENCENTCLOUD_SECRET_ID", Some(SECRET_ID.into())), ("TENCENTCLOUD_SECRET_KEY", Some(key.into()))]
}

fn offering(dir: &std::path::Path, id: &str) -> serde_json::Value {
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("cloud/tencent.json")).expect("tencent.json"))
            .expect("json");
    file["offerings"]
        .as_array()
        .expect("offerings")
        .iter()
        .find(|o| o["id"] == id)
        .cloned()
        .expect("offering")
}

#[test]
fn signed_requests_are_verified_and_the_list_prices_land() {
    let mock = Mock::start();
    let verified = Arc::new(AtomicUsize::new(0));
    mock.route("/", vec![cvm_api(Arc::clone(&verified))]);
    let dir = data_dir(&[("tencent", &selection())]);
    let now = NOW.to_string();
    let args = ["tencent", "--from", &mock.url("/"), "--signing-time", &now];
    let run = import_env(dir.path(), &args, &credentials(SECRET_KEY));
    assert!(run.success, "{run:?}");
    assert_eq!(verified.load(Ordering::SeqCst), 2, "one request per charge type, both correctly signed");
    assert!(
        run.stdout.contains("tencent: wrote cloud/tencent.json: 12 added, 0 changed, 0 removed"),
        "{}",
        run.stdout
    );

    let vm = offering(dir.path(), "tencent/cvm/ap-guangzhou/s5.medium8");
    let prices = vm["prices"].as_array().expect("prices");
    let rows: Vec<(String, String, String)> = prices
        .iter()
        .map(|p| {
            let text = |k: &str| p[k].as_str().unwrap_or("-").to_string();
            (text("purchase_option"), text("unit_price"), text("upfront"))
        })
        .collect();
    let row = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        rows,
        vec![
            row("on_demand", "0.62", "-"),
            row("reserved_1y", "0", "2630"),
            row("reserved_3y", "0", "4734"),
            row("monthly_subscription", "263", "-"),
        ],
        "the list figures of the preferred zone ap-guangzhou-3, never the discounted ones"
    );
    assert_eq!(vm["provenance"]["basis"], "vendor_list");
    assert_eq!(vm["provenance"]["retrieved"], "2026-12-01");
    assert!(vm["provenance"].get("price_date").is_none(), "the API states no price date");
    assert_eq!(vm["specs"]["vcpu"], 2);
    assert!(
        !std::fs::read_to_string(dir.path().join("cloud/tencent.json"))
            .expect("file")
            .contains("S5.2XLARGE32"),
        "sold out"
    );

    // The secret is never printed, written, or sent anywhere but into the HMAC.
    let written = snapshot(dir.path());
    for (path, bytes) in &written {
        assert!(!String::from_utf8_lossy(bytes).contains(SECRET_KEY), "{} holds the secret", path.display());
    }
    assert!(!run.stdout.contains(SECRET_KEY) && !run.stderr.contains(SECRET_KEY));
    for seen in mock.seen() {
        assert!(!seen.target.contains(SECRET_KEY) && !seen.target.contains(SECRET_ID), "{}", seen.target);
        assert!(!seen.headers.values().any(|v| v.contains(SECRET_KEY)));
    }

    // The same upstream again: nothing changes.
    let run = import_env(dir.path(), &args, &credentials(SECRET_KEY));
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("unchanged cloud/tencent.json"), "{}", run.stdout);
    // Only the state file's `last_success` time may differ.
    let mut now = snapshot(dir.path());
    let mut written = written;
    now.retain(|p, _| !p.ends_with("state.json"));
    written.retain(|p, _| !p.ends_with("state.json"));
    assert!(now == written, "a second run changed a data file");
}

#[test]
fn a_wrong_secret_is_refused_and_the_error_names_tencent_s_code() {
    let mock = Mock::start();
    let verified = Arc::new(AtomicUsize::new(0));
    mock.route("/", vec![cvm_api(Arc::clone(&verified))]);
    let dir = data_dir(&[("tencent", &selection())]);
    let now = NOW.to_string();
    let before = snapshot(dir.path());
    let run = import_env(
        dir.path(),
        &["tencent", "--from", &mock.url("/"), "--signing-time", &now],
        &credentials("not-the-key"),
    );
    assert!(!run.success, "{run:?}");
    assert!(run.stderr.contains("Tencent Cloud API error AuthFailure.SignatureFailure"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    assert!(!run.stderr.contains("not-the-key"), "{}", run.stderr);
    assert_eq!(verified.load(Ordering::SeqCst), 0);
    assert!(snapshot(dir.path()) == before);

    // Signed for another time: the API's own clock check answers SignatureExpire.
    let run = import_env(
        dir.path(),
        &["tencent", "--from", &mock.url("/"), "--signing-time", "1796120000"],
        &credentials(SECRET_KEY),
    );
    assert!(run.stderr.contains("AuthFailure.SignatureExpire"), "{}", run.stderr);
}

#[test]
fn missing_credentials_fail_before_any_request() {
    let mock = Mock::start();
    mock.route("/", vec![cvm_api(Arc::new(AtomicUsize::new(0)))]);
    let dir = data_dir(&[("tencent", &selection())]);
    let before = snapshot(dir.path());
    let run = import_env(
        dir.path(),
        &["tencent", "--from", &mock.url("/")],
        &[("TENCENTCLOUD_SECRET_ID", Some(SECRET_ID.into())), ("TENCENTCLOUD_SECRET_KEY", Some(" ".into()))],
    );
    assert!(!run.success, "{run:?}");
    assert!(
        run.stderr.contains("set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY in the environment (TENCENTCLOUD_SECRET_KEY unset or empty)"),
        "{}",
        run.stderr
    );
    assert!(mock.seen().is_empty(), "no request was made");
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn a_busy_api_is_retried_with_the_request_still_signed() {
    let mock = Mock::start();
    let verified = Arc::new(AtomicUsize::new(0));
    mock.route("/", vec![Reply::with_header(503, "Retry-After", "0"), cvm_api(Arc::clone(&verified))]);
    let dir = data_dir(&[("tencent", &selection())]);
    let now = NOW.to_string();
    let run = import_env(
        dir.path(),
        &["tencent", "--from", &mock.url("/"), "--signing-time", &now],
        &credentials(SECRET_KEY),
    );
    assert!(run.success, "{run:?}");
    assert!(run.stderr.contains("HTTP 503"), "{}", run.stderr);
    assert_eq!(verified.load(Ordering::SeqCst), 2);
    assert_eq!(mock.seen().len(), 3);
}

#[test]
fn a_saved_response_imports_without_credentials_and_a_wrong_schema_is_refused() {
    let dir = data_dir(&[("tencent", &selection())]);
    let file = fixture("tencent/DescribeZoneInstanceConfigInfos.POSTPAID_BY_HOUR.json");
    let run = import_env(dir.path(), &["tencent", "--from", file.to_str().expect("utf-8")], &[]);
    assert!(run.success, "{run:?}");
    let vm = offering(dir.path(), "tencent/cvm/ap-guangzhou/s5.large16");
    assert_eq!(vm["prices"][0]["unit_price"], "1.24");
    assert!(vm["provenance"]["note"].as_str().expect("note").contains("Read from a copy"), "{vm}");

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, br#"{"Response":{"InstanceTypeQuotaSet":[{"Zone":"ap-guangzhou-3"}]}}"#)
        .expect("write");
    assert_fails_untouched(
        dir.path(),
        &["tencent", "--from", bad.to_str().expect("utf-8")],
        "InstanceTypeQuotaSet[0]: missing field `InstanceType`",
    );
}
