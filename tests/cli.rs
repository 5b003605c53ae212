//! The binary as an operator runs it: it serves, logs one structured line per request, answers its own
//! healthcheck, prints the OpenAPI document, and stops gracefully on SIGTERM.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn serves_logs_requests_and_stops_gracefully_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(root().join("tests/fixtures/minimal"))
        .env("BREAKEVEN_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();

    // The startup line names the bound port.
    let port = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            let value: serde_json::Value = serde_json::from_str(&line).ok()?;
            (value["fields"]["message"] == "listening").then(|| value["fields"]["port"].as_u64()).flatten()
        })
        .expect("a listening line with the port");

    let status = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["healthcheck", "--addr", &format!("127.0.0.1:{port}")])
        .status()
        .expect("healthcheck");
    assert!(status.success(), "the healthcheck subcommand reaches /healthz");

    // One structured line for that request.
    let request_line = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            let value: serde_json::Value = serde_json::from_str(&line).ok()?;
            (value["fields"]["path"] == "/healthz").then_some(value)
        })
        .expect("a request log line");
    let fields = &request_line["fields"];
    assert_eq!(fields["method"], "GET");
    assert_eq!(fields["status"], 200);
    assert!(fields["latency_ms"].is_number());
    assert!(fields["request_id"].as_str().is_some_and(|id| !id.is_empty()));

    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    assert!(killed.success());
    let mut waited = Duration::ZERO;
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(waited < Duration::from_secs(20), "the server did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
        waited += Duration::from_millis(100);
    };
    assert!(exit.success(), "graceful shutdown exits 0, got {exit:?}");
}

#[test]
fn refuses_to_serve_invalid_data_with_the_validator_messages() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("fx.json"), r#"{"title": "fx", "base": "USD", "rates": [{"currency": "CNY", "per_base": "-7", "provenance": {"source_url": "https://example.test", "as_of": "2026-01-01", "basis": "list_price"}}]}"#).expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("refusing to start"), "{stderr}");
    assert!(stderr.contains("fx.json › rates[0].per_base: must be positive"), "{stderr}");
}

#[test]
fn openapi_command_prints_the_committed_document() {
    let output = Command::new(env!("CARGO_BIN_EXE_breakeven")).arg("openapi").output().expect("run");
    assert!(output.status.success());
    let committed = std::fs::read(root().join("openapi/openapi.json")).expect("committed");
    assert_eq!(output.stdout, committed, "rewrite with: cargo run -q -- openapi > openapi/openapi.json");
}

#[test]
fn compare_command_prints_the_same_json_as_the_api_would() {
    let output = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["compare", "examples/smb-im-50-users.json"])
        .current_dir(root())
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let comparison: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(comparison["options"][0]["totals"]["cash"], "21750.00");

    let mut child = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["compare", "-"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(br#"{"template": "team-im", "drivers": {"users": "3"}}"#)
        .expect("write");
    let output = child.wait_with_output().expect("wait");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/drivers/users: 3 is out of range"), "{stderr}");
}

#[test]
fn serve_flags_before_another_subcommand_are_refused_not_ignored() {
    // `--data-dir` before `validate` used to be dropped silently: the bundled data was validated and
    // "valid" printed, whatever directory was named.
    let missing = root().join("tests/fixtures/no-such-dir");
    let output = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .arg("--data-dir")
        .arg(&missing)
        .arg("validate")
        .current_dir(root())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2), "a usage error");
    assert!(output.stdout.is_empty(), "nothing validated: {}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("'validate' cannot be used with '--data-dir"), "{stderr}");

    // The subcommand's own argument is the way to name the directory.
    let output =
        Command::new(env!("CARGO_BIN_EXE_breakeven")).arg("validate").arg(&missing).output().expect("run");
    assert!(!output.status.success(), "a missing directory is not valid");
}
