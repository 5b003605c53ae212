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
        // A second listener for the metrics must not keep the process alive after SIGTERM.
        .args(["--metrics-addr", "127.0.0.1:0"])
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
    std::fs::write(dir.path().join("fx.json"), r#"{"title": "fx", "base": "USD", "rates": [{"currency": "CNY", "per_base": "-7", "provenance": {"source_url": "https://example.test", "basis": "vendor_list", "price_date": "2026-01-01", "retrieved": "2026-01-01"}}]}"#).expect("write");
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

/// Kills the server when a test fails half-way, so no process outlives it.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A plain HTTP/1.1 GET over a socket; the whole response (head and body).
fn http_get(port: u64, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port as u16)).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

fn body_json(response: &str) -> serde_json::Value {
    let body = response.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or("");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {response}"))
}

#[test]
fn sighup_reloads_and_a_broken_reload_keeps_serving_the_last_good_catalogue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("cloud")).expect("mkdir");
    let fixture = root().join("tests/fixtures/minimal");
    std::fs::copy(fixture.join("fx.json"), data.join("fx.json")).expect("copy");
    let cloud = std::fs::read_to_string(fixture.join("cloud/test.json")).expect("fixture");
    std::fs::write(data.join("cloud/test.json"), &cloud).expect("write");

    let mut child = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_breakeven"))
            .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(&data)
            .env("BREAKEVEN_LOG", "info")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start the server"),
    );
    // Log lines arrive on a channel, so a missing line fails the test instead of hanging it.
    let (sender, lines) = std::sync::mpsc::channel::<serde_json::Value>();
    let stderr = child.0.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Ok(value) = serde_json::from_str(&line) {
                let _ = sender.send(value);
            }
        }
    });
    let wait_for = |message: &str| loop {
        let line =
            lines.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| panic!("no `{message}` log line"));
        if line["fields"]["message"] == message {
            break line;
        }
    };
    let port = wait_for("listening")["fields"]["port"].as_u64().expect("port");
    let first =
        body_json(&http_get(port, "/readyz"))["catalog_version"].as_str().expect("version").to_string();
    let hup = |pid: u32| {
        assert!(Command::new("kill").args(["-HUP", &pid.to_string()]).status().expect("kill").success())
    };

    // Broken data: the reload fails, loudly, and the last good catalogue keeps serving.
    std::fs::write(data.join("cloud/test.json"), "{ \"title\": ").expect("write");
    hup(child.0.id());
    let failed = wait_for("catalogue reload failed; the previous catalogue is kept");
    assert_eq!(failed["level"], "WARN");
    assert!(failed["fields"]["error"].as_str().is_some_and(|e| e.contains("cloud/test.json")), "{failed}");
    assert_eq!(failed["fields"]["catalog_version"], first.as_str());
    let ready = body_json(&http_get(port, "/readyz"));
    assert_eq!(ready["catalog_version"], first.as_str());
    assert_eq!(ready["last_reload"]["outcome"], "failed");
    assert!(child.0.try_wait().expect("wait").is_none(), "the server keeps running");

    // Good (changed) data: SIGHUP swaps it in.
    std::fs::write(data.join("cloud/test.json"), cloud.replace("\"0.10\"", "\"0.12\"")).expect("write");
    hup(child.0.id());
    let reloaded = wait_for("catalogue reloaded");
    let second = reloaded["fields"]["catalog_version"].as_str().expect("version").to_string();
    assert_ne!(second, first);
    let ready = body_json(&http_get(port, "/readyz"));
    assert_eq!(ready["catalog_version"], second.as_str());
    assert_eq!(ready["last_reload"]["outcome"], "succeeded");

    let _ = Command::new("kill").args(["-TERM", &child.0.id().to_string()]).status();
    let _ = child.0.wait();
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
