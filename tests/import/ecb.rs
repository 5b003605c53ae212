//! ECB reference rates → fx.json.

use super::mock::{Mock, Reply};
use super::{assert_fails_untouched, data_dir, fixture, fixture_bytes, import, snapshot};

pub const SELECTION: &str = r#"{"base": "USD", "currencies": ["CNY", "EUR", "GBP"]}"#;

fn rate(dir: &std::path::Path, code: &str) -> serde_json::Value {
    let fx: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("fx.json")).expect("fx.json")).expect("json");
    fx["rates"].as_array().expect("rates").iter().find(|r| r["currency"] == code).cloned().expect("rate")
}

#[test]
fn the_daily_file_becomes_fx_json_and_a_second_run_is_a_304() {
    let mock = Mock::start();
    let body = fixture_bytes("ecb/eurofxref-daily.xml");
    mock.route(
        "/stats/eurofxref/eurofxref-daily.xml",
        vec![Reply::Ok { body, etag: Some("\"2024-02-27\"".into()), content_type: "text/xml" }],
    );
    let dir = data_dir(&[("ecb", SELECTION)]);
    let url = mock.url("/stats/eurofxref/eurofxref-daily.xml");

    let run = import(dir.path(), &["ecb", "--from", &url]);
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("ecb: wrote fx.json: 1 added, 2 changed, 0 removed"), "{}", run.stdout);
    assert!(run.stdout.contains("fx EUR per USD: 0.8 → 0.92115"), "{}", run.stdout);
    // 7.8140 / 1.0856 per the file of 2024-02-27.
    let cny = rate(dir.path(), "CNY");
    assert_eq!(cny["per_base"], "7.197863");
    assert_eq!(
        cny["provenance"]["source_url"],
        "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
    );
    let note = cny["provenance"]["note"].as_str().expect("note");
    assert!(note.contains("CNY per USD = 7.8140 / 1.0856 = 7.197863"), "{note}");
    assert!(note.contains(&url), "the copy read is named: {note}");
    assert_eq!(rate(dir.path(), "GBP")["per_base"], "0.788688");

    let written = snapshot(dir.path());
    let run = import(dir.path(), &["ecb", "--from", &url]);
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("not modified"), "{}", run.stdout);
    let seen = mock.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].headers.get("if-none-match").map(String::as_str), Some("\"2024-02-27\""));
    assert!(snapshot(dir.path()) == written, "a 304 changed files");
}

#[test]
fn last_modified_is_sent_back_as_if_modified_since() {
    let mock = Mock::start();
    let last_modified = "Tue, 27 Feb 2024 15:00:00 GMT".to_string();
    mock.route(
        "/daily.xml",
        vec![Reply::Dated {
            body: fixture_bytes("ecb/eurofxref-daily.xml"),
            last_modified: last_modified.clone(),
        }],
    );
    let dir = data_dir(&[("ecb", SELECTION)]);
    let url = mock.url("/daily.xml");
    assert!(import(dir.path(), &["ecb", "--from", &url]).success);
    let run = import(dir.path(), &["ecb", "--from", &url]);
    assert!(run.stdout.contains("not modified"), "{run:?}");
    assert_eq!(mock.seen()[1].headers.get("if-modified-since"), Some(&last_modified));
    // --force ignores what was remembered; so does a file changed since the last run.
    let run = import(dir.path(), &["ecb", "--from", &url, "--force"]);
    assert!(run.stdout.contains("unchanged fx.json"), "{run:?}");
    assert!(!mock.seen()[2].headers.contains_key("if-modified-since"));
    std::fs::write(dir.path().join("fx.json"), b"{}").expect("spoil fx.json");
    let run = import(dir.path(), &["ecb", "--from", &url]);
    assert!(run.stdout.contains("wrote fx.json"), "{run:?}");
    assert!(!mock.seen()[3].headers.contains_key("if-modified-since"));
}

#[test]
fn the_same_upstream_without_validators_gives_no_diff() {
    let mock = Mock::start();
    mock.route("/daily.xml", vec![Reply::xml(&fixture_bytes("ecb/eurofxref-daily.xml"))]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    let url = mock.url("/daily.xml");
    assert!(import(dir.path(), &["ecb", "--from", &url]).success);
    let fx = std::fs::read(dir.path().join("fx.json")).expect("fx.json");
    // A later day re-reads the same figures: the file stays as it is.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["import", "ecb", "--from", &url, "--retrieved", "2026-12-24", "--data-dir"])
        .arg(dir.path())
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("ecb: unchanged fx.json: 0 added, 0 changed, 0 removed, 3 unchanged"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(dir.path().join("fx.json")).expect("fx.json"), fx);
    assert!(!mock.seen()[1].headers.contains_key("if-none-match"), "no ETag was offered");
}

#[test]
fn the_90_day_history_is_read_from_a_file_and_its_newest_day_used() {
    let dir = data_dir(&[("ecb", SELECTION)]);
    let file = fixture("ecb/eurofxref-hist-90d.xml");
    let run = import(
        dir.path(),
        &["ecb", "--from", file.to_str().expect("utf-8"), "--copy-name", "jieggii/ecbratex testdata"],
    );
    assert!(run.success, "{run:?}");
    assert!(run.stderr.contains("61 day(s), newest 2024-02-27"), "{}", run.stderr);
    let gbp = rate(dir.path(), "GBP");
    // The 90-day file strips trailing zeros (0.8562, not 0.85620): the same rate.
    assert_eq!(gbp["per_base"], "0.788688");
    assert_eq!(
        gbp["provenance"]["source_url"],
        "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml"
    );
    let note = gbp["provenance"]["note"].as_str().expect("note");
    assert!(note.ends_with("Read from a copy of the vendor's list: jieggii/ecbratex testdata."), "{note}");
}

#[test]
fn a_copy_with_decimal_commas_is_refused() {
    let dir = data_dir(&[("ecb", SELECTION)]);
    let file = fixture("ecb/altered-decimal-commas-eurofxref-daily.xml");
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", file.to_str().expect("utf-8")],
        "2026-03-13 USD: rate `1,1476` uses a decimal comma",
    );
}

#[test]
fn a_selected_currency_the_ecb_does_not_list_is_an_error() {
    let dir = data_dir(&[("ecb", r#"{"base": "USD", "currencies": ["CNY", "TWD"]}"#)]);
    let file = fixture("ecb/eurofxref-daily.xml");
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", file.to_str().expect("utf-8")],
        "the ECB lists no TWD rate on 2024-02-27",
    );
}

#[test]
fn a_bad_selection_names_the_field() {
    let dir = data_dir(&[("ecb", r#"{"base": "USD", "currency": ["CNY"]}"#)]);
    let file = fixture("ecb/eurofxref-daily.xml");
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", file.to_str().expect("utf-8")],
        "unknown field `currency`",
    );
}

#[test]
fn dropping_a_currency_the_data_uses_is_refused_by_the_loader() {
    // The minimal price file is priced in USD only; CNY and EUR are in fx.json. Writing fx.json with
    // base EUR would leave USD prices without a rate: the loader's check stops the write.
    let dir = data_dir(&[("ecb", r#"{"base": "EUR", "currencies": ["CNY"]}"#)]);
    let file = fixture("ecb/eurofxref-daily.xml");
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", file.to_str().expect("utf-8")],
        "no FX rate for USD",
    );
}
