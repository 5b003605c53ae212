//! Every error class gets the right status and a problem+json body.

use crate::helpers::{assert_problem, spawn_fixture_app};

#[tokio::test]
async fn unknown_route_is_404_problem() {
    let app = spawn_fixture_app().await;
    let body = assert_problem(app.get("/no/such/route").await, 404).await;
    assert!(body["detail"].as_str().expect("detail").contains("/no/such/route"));
}

#[tokio::test]
async fn wrong_method_on_known_path_is_405_with_allow() {
    let app = spawn_fixture_app().await;
    let response = app.client.delete(format!("{}/healthz", app.address)).send().await.expect("DELETE");
    let allow = response.headers().get("allow").expect("Allow header").to_str().expect("ascii").to_string();
    assert_eq!(allow, "GET, HEAD");
    assert_problem(response, 405).await;
    let response = app.post_json("/readyz", &serde_json::json!({})).await;
    assert_problem(response, 405).await;
}

#[tokio::test]
async fn malformed_json_is_400_problem() {
    let app = spawn_fixture_app().await;
    let response = app.post_raw("/v1/prices", "application/json", "{\"offering\": ").await;
    let body = assert_problem(response, 400).await;
    assert!(body["detail"].as_str().expect("detail").contains("malformed JSON"), "{body}");
}

#[tokio::test]
async fn wrong_content_type_is_415_problem() {
    let app = spawn_fixture_app().await;
    let response = app.post_raw("/v1/prices", "text/plain", "offering=x").await;
    let body = assert_problem(response, 415).await;
    assert!(body["detail"].as_str().expect("detail").contains("application/json"));
    // No content type at all is the same.
    let response =
        app.client.post(format!("{}/v1/prices", app.address)).body("{}").send().await.expect("POST");
    assert_problem(response, 415).await;
}

#[tokio::test]
async fn oversized_body_is_413_problem() {
    let app = spawn_fixture_app().await;
    let big = format!("{{\"offering\": \"{}\"}}", "x".repeat(300 * 1024));
    let body = assert_problem(app.post_raw("/v1/prices", "application/json", big).await, 413).await;
    assert!(body["detail"].as_str().expect("detail").contains("262144"));
    // Streamed without a Content-Length: still stopped at the limit.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..300).map(|_| Ok(vec![b' '; 1024])).collect();
    let stream = futures_util::stream::iter(chunks);
    let response = app
        .client
        .post(format!("{}/v1/prices", app.address))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .expect("POST");
    assert_problem(response, 413).await;
}

#[tokio::test]
async fn wrong_shape_is_422_with_pointer() {
    let app = spawn_fixture_app().await;
    let cases = [
        (serde_json::json!({"offering": "testcloud/vm/us-east/small", "quantity": "lots"}), "/quantity"),
        (serde_json::json!({"offering": 7, "quantity": "1"}), "/offering"),
        (serde_json::json!({"quantity": "1"}), ""),
        (
            serde_json::json!({"offering": "testcloud/vm/us-east/small", "quantity": "1", "extra": true}),
            "/extra",
        ),
        (
            serde_json::json!({"offering": "testcloud/vm/us-east/small", "quantity": "1", "purchase_option": "forever"}),
            "/purchase_option",
        ),
    ];
    for (request, pointer) in cases {
        let body = assert_problem(app.post_json("/v1/prices", &request).await, 422).await;
        assert_eq!(body["errors"][0]["pointer"], pointer, "{request}: {body}");
    }
}

#[tokio::test]
async fn rule_violations_are_422_naming_the_field() {
    let app = spawn_fixture_app().await;
    let body = assert_problem(
        app.post_json(
            "/v1/prices",
            &serde_json::json!({"offering": "testcloud/vm/us-east/smal", "quantity": "1"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["pointer"], "/offering");
    assert!(body["errors"][0]["detail"].as_str().expect("detail").contains("testcloud/vm/us-east/small"));
    let body = assert_problem(
        app.post_json(
            "/v1/prices",
            &serde_json::json!({"offering": "testcloud/vm/us-east/small", "quantity": "-1"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["pointer"], "/quantity");
    let body = assert_problem(
        app.post_json(
            "/v1/prices",
            &serde_json::json!({"offering": "testcloud/vm/us-east/small", "quantity": "1", "purchase_option": "reserved_3y"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["pointer"], "/purchase_option");
}

#[tokio::test]
async fn huge_numbers_are_a_clear_4xx_not_a_panic() {
    let app = spawn_fixture_app().await;
    // Decimal::MAX × 20 USD overflows: a 422 naming the quantity.
    let request = serde_json::json!({"offering": "testcloud/storage/us-east/archive", "quantity": "79228162514264337593543950335"});
    let body = assert_problem(app.post_json("/v1/prices", &request).await, 422).await;
    assert_eq!(body["errors"][0]["pointer"], "/quantity");
    assert!(body["detail"].as_str().expect("detail").contains("overflow"), "{body}");
    // Beyond Decimal's range at all: a 422 from the parser, not a panic.
    let request = serde_json::json!({"offering": "testcloud/vm/us-east/small", "quantity": "1e40"});
    assert_problem(app.post_json("/v1/prices", &request).await, 422).await;
}

/// Sends raw bytes and reads until the server closes the connection.
async fn raw_exchange(address: &str, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream =
        tokio::net::TcpStream::connect(address.trim_start_matches("http://")).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut answer = Vec::new();
    // The server closes after these answers; a reset after the answer is fine.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(15), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// The last response in `answer`: its status and its problem document.
fn last_problem(answer: &str) -> (u16, serde_json::Value) {
    let last = &answer[answer.rfind("HTTP/1.1 ").expect("a response")..];
    let status = last[9..12].parse().expect("status");
    let (head, body) = last.split_once("\r\n\r\n").expect("head and body");
    assert!(head.to_ascii_lowercase().contains("content-type: application/problem+json"), "{head}");
    (status, serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}")))
}

#[tokio::test]
async fn the_codecs_own_errors_are_problem_documents_too() {
    let app = spawn_fixture_app().await;
    let huge_url = format!("GET /v1/catalog?q={} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(200_000));
    let cases: [(&[u8], u16, &str); 4] = [
        (huge_url.as_bytes(), 431, "128 KiB"),
        (b"GET /v1/cat\xffalog HTTP/1.1\r\nHost: x\r\n\r\n", 400, "not valid HTTP/1.1"),
        // After a kept-alive request the bad one still gets a problem document.
        (
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
            400,
            "invalid bytes",
        ),
        // A head that never ends: 408 once the 5 s request timeout passes.
        (b"GET /v1/catalog HTTP/1.1\r\nHost: x\r\nX-Slow: ", 408, "did not arrive in time"),
    ];
    for (request, status, detail) in cases {
        let answer = raw_exchange(&app.address, request).await;
        let (got, problem) = last_problem(&answer);
        assert_eq!(got, status, "{answer:.200}");
        assert_eq!(problem["status"], status);
        assert!(problem["detail"].as_str().expect("detail").contains(detail), "{problem}");
    }
    // Ordinary answers on the same kind of connection are untouched.
    let answer =
        raw_exchange(&app.address, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 200 OK") && answer.ends_with("{\"status\":\"ok\"}"), "{answer}");
}
