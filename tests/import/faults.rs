//! An upstream that misbehaves: each fault is retried where that can help, ends in a clear error where
//! it cannot, and never leaves a changed data directory behind.

use super::ecb::SELECTION;
use super::mock::{Mock, Reply};
use super::{assert_fails_untouched, data_dir, fixture_bytes, import};
use std::time::Duration;

fn daily() -> Reply {
    Reply::xml(&fixture_bytes("ecb/eurofxref-daily.xml"))
}

#[test]
fn a_500_then_success_is_retried() {
    let mock = Mock::start();
    mock.route("/daily.xml", vec![Reply::status(500), Reply::status(503), daily()]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    let run = import(dir.path(), &["ecb", "--from", &mock.url("/daily.xml")]);
    assert!(run.success, "{run:?}");
    assert!(run.stderr.contains("HTTP 500"), "{}", run.stderr);
    assert!(run.stderr.contains("retry 2/4"), "{}", run.stderr);
    assert_eq!(mock.seen().len(), 3);
    assert!(run.stdout.contains("wrote fx.json"), "{}", run.stdout);
}

#[test]
fn a_500_that_persists_fails_after_the_retries() {
    let mock = Mock::start();
    mock.route("/daily.xml", vec![Reply::status(500)]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &mock.url("/daily.xml"), "--retries", "2"],
        "/daily.xml: HTTP 500: status 500 from the mock",
    );
    assert_eq!(mock.seen().len(), 3, "one attempt and two retries");
}

#[test]
fn a_429_waits_as_retry_after_says() {
    let mock = Mock::start();
    mock.route("/daily.xml", vec![Reply::with_header(429, "Retry-After", "1"), daily()]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    // The backoff alone would wait 0.05 s; the log line shows the 1 s the upstream asked for was used.
    let run = import(dir.path(), &["ecb", "--from", &mock.url("/daily.xml")]);
    assert!(run.success, "{run:?}");
    assert!(run.stderr.contains("HTTP 429; retry 1/4 in 1 s (as Retry-After asks)"), "{}", run.stderr);
    assert_eq!(mock.seen().len(), 2);
}

#[test]
fn a_retry_after_longer_than_the_importer_waits_fails_clearly() {
    let mock = Mock::start();
    mock.route("/daily.xml", vec![Reply::with_header(503, "Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT")]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &mock.url("/daily.xml"), "--max-wait", "5"],
        "the upstream asks to retry after",
    );
    assert_eq!(mock.seen().len(), 1, "no retry it would not wait for");
}

#[test]
fn a_stalled_connection_times_out() {
    let mock = Mock::start();
    mock.route("/daily.xml", vec![Reply::Stall { for_: Duration::from_secs(30) }]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &mock.url("/daily.xml"), "--read-timeout", "1", "--retries", "1"],
        "/daily.xml: timed out waiting for the response (no data for 1 s)",
    );
    assert_eq!(mock.seen().len(), 2, "a timeout is retried");
}

#[test]
fn a_body_that_stalls_half_way_times_out() {
    let mock = Mock::start();
    let body = fixture_bytes("ecb/eurofxref-daily.xml");
    mock.route(
        "/daily.xml",
        vec![Reply::StallMidBody {
            part: body[..500].to_vec(),
            claimed: body.len(),
            for_: Duration::from_secs(30),
        }],
    );
    let dir = data_dir(&[("ecb", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &mock.url("/daily.xml"), "--read-timeout", "1", "--retries", "0"],
        "/daily.xml: timed out reading the body (no data for 1 s)",
    );
}

#[test]
fn a_connection_closed_before_the_body_is_a_truncation() {
    let mock = Mock::start();
    mock.route("/daily.xml", vec![Reply::Claims { claimed: 5000 }]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &mock.url("/daily.xml"), "--retries", "0"],
        "/daily.xml: the response ended early (truncated)",
    );
}

#[test]
fn a_truncated_body_is_an_error() {
    let mock = Mock::start();
    let body = fixture_bytes("ecb/eurofxref-daily.xml");
    mock.route(
        "/daily.xml",
        vec![Reply::Truncated { body: body[..700].to_vec(), missing: body.len() - 700 }],
    );
    let dir = data_dir(&[("ecb", SELECTION)]);
    let run = assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &mock.url("/daily.xml"), "--retries", "1"],
        "/daily.xml: the response ended early (truncated)",
    );
    assert!(run.stderr.contains("retry 1/1"), "a broken body is fetched again: {}", run.stderr);
}

#[test]
fn a_truncated_document_with_an_honest_length_is_a_format_error() {
    let mock = Mock::start();
    let body = fixture_bytes("ecb/eurofxref-daily.xml");
    mock.route("/daily.xml", vec![Reply::xml(&body[..900])]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &mock.url("/daily.xml")],
        "not a valid ECB eurofxref XML file",
    );
}

#[test]
fn an_oversize_body_is_cut_off_while_it_streams() {
    let mock = Mock::start();
    mock.route("/daily.xml", vec![Reply::ChunkedBytes { size: 200_000 }]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &mock.url("/daily.xml"), "--max-bytes", "10000"],
        "the response is larger than the 10000-byte limit",
    );
    assert_eq!(mock.seen().len(), 1, "an oversize body is not fetched again");
}

#[test]
fn an_oversize_content_length_is_refused_before_reading() {
    let mock = Mock::start();
    mock.route("/daily.xml", vec![Reply::Claims { claimed: 1 << 40 }]);
    let dir = data_dir(&[("ecb", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &mock.url("/daily.xml")],
        "the response is larger than the 16777216-byte limit (raise it with --max-bytes)",
    );
}

#[test]
fn a_wrong_schema_is_an_error() {
    let mock = Mock::start();
    mock.route(
        "/daily.xml",
        vec![Reply::Ok {
            body: br#"{"rates": {"USD": 1.08}}"#.to_vec(),
            etag: None,
            content_type: "application/json",
        }],
    );
    let dir = data_dir(&[("ecb", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &mock.url("/daily.xml")],
        "not a valid ECB eurofxref XML file",
    );
}

#[test]
fn an_unreachable_upstream_is_an_error() {
    // A port that was just free: nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let dir = data_dir(&[("ecb", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["ecb", "--from", &format!("http://127.0.0.1:{port}/daily.xml"), "--retries", "1"],
        "no connection",
    );
}
