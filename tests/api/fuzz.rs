//! A few of the no-panic property test's inputs (`tests/support/inputs.rs`: mutated examples and
//! arbitrary JSON) through the real server over HTTP: every answer is a 2xx or a 4xx, never a 5xx, and
//! every 4xx is problem+json. The full run, without HTTP, is `tests/no_panic.rs`.

use crate::helpers::spawn_app;
use crate::inputs::{Corpus, Endpoint};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

#[tokio::test]
async fn mutated_and_arbitrary_requests_never_get_a_server_error() {
    let app = spawn_app().await;
    let strategy = Corpus::load(vec![]).cases();
    // Fixed seed: the same 120 cases every run.
    let mut runner = TestRunner::deterministic();
    let mut statuses = std::collections::BTreeMap::new();
    for _ in 0..120 {
        let case = strategy.new_tree(&mut runner).expect("a case").current();
        let (_, path) = case.endpoint.route();
        let response = if case.endpoint == Endpoint::ComparisonQuery {
            app.get(&format!("{path}?{}", case.text())).await
        } else {
            app.post_raw(path, "application/json", case.bytes.clone()).await
        };
        let status = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        assert!(
            status < 500,
            "{:?} → {status}: {}",
            case.endpoint,
            case.text().chars().take(2000).collect::<String>()
        );
        if status >= 400 {
            assert_eq!(content_type, "application/problem+json", "{status} for {}", case.text());
        }
        *statuses.entry(status).or_insert(0) += 1;
    }
    // Both answers occur: the cases are not all refused at the door.
    assert!(statuses.keys().any(|s| *s < 300), "{statuses:?}");
    assert!(statuses.keys().any(|s| *s >= 400), "{statuses:?}");
}
