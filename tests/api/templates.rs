//! Templates over HTTP: listing, one template, comparisons from a template by POST and by flat GET,
//! CSV views and the single-number form for spreadsheets.

use crate::helpers::{assert_problem, spawn_app, TestApp};
use serde_json::{json, Value};

async fn get_json(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status().as_u16(), 200, "GET {path}");
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn templates_are_listed_with_drivers_and_example_urls() {
    let app = spawn_app().await;
    let list = get_json(&app, "/v1/templates").await;
    let templates = list["templates"].as_array().expect("templates");
    let team = templates.iter().find(|t| t["id"] == "team-im").expect("team-im");
    assert_eq!(team["drivers"]["users"]["default"], "120");
    let example = team["example_url"].as_str().expect("url");
    assert_eq!(app.get(example).await.status().as_u16(), 200, "the example URL runs");
    let one = get_json(&app, "/v1/templates/team-im").await;
    assert!(one["markets"]["china"]["options"].as_array().is_some_and(|o| o.len() >= 3));
    let body = assert_problem(app.get("/v1/templates/team-imm").await, 404).await;
    assert_eq!(body["suggestions"][0], "team-im");
}

#[tokio::test]
async fn post_and_flat_get_give_the_same_comparison() {
    let app = spawn_app().await;
    let request = json!({"template": "team-im", "drivers": {"users": "120"}, "settings": {"horizon_months": 36, "currency": "CNY"}});
    let response = app.post_json("/v1/comparisons", &request).await;
    assert_eq!(response.status().as_u16(), 200);
    let posted: Value = response.json().await.expect("JSON");
    let got =
        get_json(&app, "/v1/comparisons?template=team-im&users=120&horizon_months=36&currency=CNY").await;
    assert_eq!(posted, got);
    assert_eq!(got["currency"], "CNY");
    assert_eq!(got["horizon_months"], 36);
    // CNY without a market picks the China market (Feishu, Alibaba, Inspur).
    assert!(got["options"][0]["name"].as_str().expect("name").contains("Feishu"));
}

#[tokio::test]
async fn unknown_and_bad_parameters_are_400s_listing_valid_ones() {
    let app = spawn_app().await;
    let body = assert_problem(app.get("/v1/comparisons?template=team-im&userz=5").await, 400).await;
    assert_eq!(body["errors"][0]["pointer"], "/userz");
    let detail = body["errors"][0]["detail"].as_str().expect("detail");
    assert!(detail.contains("users") && detail.contains("horizon_months"), "{detail}");
    let body = assert_problem(app.get("/v1/comparisons?template=team-im&users=many").await, 400).await;
    assert_eq!(body["errors"][0]["pointer"], "/users");
    assert_problem(app.get("/v1/comparisons?users=5").await, 400).await;
    let body = assert_problem(app.get("/v1/comparisons?template=team-im&users=1000000").await, 422).await;
    assert_eq!(body["errors"][0]["pointer"], "/users", "the query parameter typed, not a body path");
    let body = assert_problem(
        app.post_json("/v1/comparisons", &json!({"template": "team-im", "drivers": {"users": "2"}})).await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["pointer"], "/drivers/users");
}

#[tokio::test]
async fn csv_views_for_spreadsheets() {
    let app = spawn_app().await;
    let base = "/v1/comparisons?template=team-im&users=120&format=csv";
    let summary = app.get(base).await;
    assert_eq!(summary.headers()["content-type"], "text/csv; charset=utf-8");
    let text = summary.text().await.expect("csv");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], breakeven::report::comparison::SUMMARY_COLUMNS.join(","));
    assert_eq!(lines.len(), 5, "a header and four options (the fourth a path)");
    let json = get_json(&app, "/v1/comparisons?template=team-im&users=120").await;
    // The first option's NPV appears in its row as a plain number.
    let npv = json["options"][0]["totals"]["npv"].as_str().expect("npv");
    assert!(lines[1].contains(&format!(",{npv},")), "{}", lines[1]);
    for (view, columns) in [
        ("monthly", breakeven::report::comparison::MONTHLY_COLUMNS),
        ("yearly", breakeven::report::comparison::YEARLY_COLUMNS),
        ("line_items", breakeven::report::comparison::LINE_ITEM_COLUMNS),
        ("focus", breakeven::report::comparison::FOCUS_COLUMNS),
    ] {
        let text = app.get(&format!("{base}&view={view}")).await.text().await.expect("csv");
        assert_eq!(text.split("\r\n").next(), Some(columns.join(",").as_str()), "{view}");
    }
    let monthly = app.get(&format!("{base}&view=monthly")).await.text().await.expect("csv");
    assert_eq!(monthly.split("\r\n").filter(|l| !l.is_empty()).count(), 1 + 4 * 60);
    assert_problem(app.get(&format!("{base}&view=pivot")).await, 400).await;
}

#[tokio::test]
async fn single_number_for_webservice() {
    let app = spawn_app().await;
    let json = get_json(&app, "/v1/comparisons?template=team-im&users=120").await;
    let response = app.get("/v1/comparisons/value?template=team-im&users=120&option=1&metric=npv").await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/plain"));
    assert_eq!(
        response.text().await.expect("text"),
        json["options"][0]["totals"]["npv"].as_str().expect("npv")
    );
    let name = json["options"][2]["name"].as_str().expect("name");
    let by_name = app
        .get(&format!(
            "/v1/comparisons/value?template=team-im&users=120&option={}&metric=cash",
            name.replace(' ', "%20")
        ))
        .await
        .text()
        .await
        .expect("text");
    assert_eq!(by_name, json["options"][2]["totals"]["cash"].as_str().expect("cash"));
    let rank = app
        .get("/v1/comparisons/value?template=team-im&users=120&option=1&metric=rank_npv")
        .await
        .text()
        .await
        .expect("text");
    assert!(["1", "2", "3"].contains(&rank.as_str()));
    assert_problem(app.get("/v1/comparisons/value?template=team-im&option=9&metric=npv").await, 422).await;
    assert_problem(app.get("/v1/comparisons/value?template=team-im&option=1&metric=happiness").await, 400)
        .await;
}

#[tokio::test]
async fn comparison_gets_revalidate_with_etags() {
    let app = spawn_app().await;
    for path in [
        "/v1/comparisons?template=team-im&users=120",
        "/v1/comparisons?template=team-im&users=120&format=csv",
        "/v1/comparisons/value?template=team-im&users=120&option=1&metric=npv",
    ] {
        let first = app.get(path).await;
        assert_eq!(first.status().as_u16(), 200, "{path}");
        let etag = first.headers()["etag"].to_str().expect("etag").to_string();
        let again = app
            .client
            .get(format!("{}{path}", app.address))
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("GET");
        assert_eq!(again.status().as_u16(), 304, "{path}");
    }
    let json = app.get("/v1/comparisons?template=team-im&users=120").await.headers()["etag"].clone();
    let csv =
        app.get("/v1/comparisons?template=team-im&users=120&format=csv").await.headers()["etag"].clone();
    assert_ne!(json, csv, "each representation has its own ETag");
}
