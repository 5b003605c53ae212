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
    assert_eq!(allow, "GET");
    assert_problem(response, 405).await;
    let response = app.post_json("/readyz", &serde_json::json!({})).await;
    assert_problem(response, 405).await;
}
