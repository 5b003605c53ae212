//! The catalogue API over HTTP: summary, filters, pagination, ETags, 404 suggestions, provenance.

use crate::helpers::{assert_problem, spawn_app, TestApp};
use serde_json::Value;
use std::collections::BTreeSet;

async fn json(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status().as_u16(), 200, "GET {path}");
    response.json().await.expect("JSON")
}

/// Every id over all pages of a listing, following `next_cursor`.
async fn walk(app: &TestApp, query: &str) -> (Vec<String>, u64) {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..1000 {
        let mut path = format!("/v1/offerings?{query}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={}", urlencode(c)));
        }
        let page = json(app, &path).await;
        let total = page["total"].as_u64().expect("total");
        let items = page["items"].as_array().expect("items");
        assert_eq!(page["count"].as_u64(), Some(items.len() as u64));
        ids.extend(items.iter().map(|i| i["id"].as_str().expect("id").to_string()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return (ids, total),
        }
    }
    panic!("pagination did not end");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn catalog_summary_counts_what_the_listing_holds() {
    let app = spawn_app().await;
    let summary = json(&app, "/v1/catalog").await;
    let offerings = summary["stats"]["offerings"].as_u64().expect("count");
    assert!(offerings > 0);
    let by_category: u64 = summary["stats"]["by_category"]
        .as_object()
        .expect("map")
        .values()
        .map(|v| v.as_u64().unwrap_or(0))
        .sum();
    assert_eq!(by_category, offerings);
    let listing = json(&app, "/v1/offerings?limit=1").await;
    assert_eq!(listing["total"].as_u64(), Some(offerings));
    assert!(summary["fx"]["rates"].as_array().is_some_and(|r| !r.is_empty()));
    assert!(summary["sources"].as_array().is_some_and(|s| !s.is_empty()));
    assert_eq!(summary["catalog_version"], listing["catalog_version"]);
}

#[tokio::test]
async fn pages_have_no_duplicates_and_no_gaps_in_both_orders() {
    let app = spawn_app().await;
    let (all, total) = walk(&app, "limit=200").await;
    for query in ["limit=7", "limit=7&sort=price&currency=CNY", "limit=5&sort=price&order=desc&currency=USD"]
    {
        let (ids, page_total) = walk(&app, query).await;
        assert_eq!(page_total, total, "{query}");
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{query}: duplicates across pages");
        assert_eq!(ids.len() as u64, total, "{query}: gaps across pages");
        let all_set: BTreeSet<&String> = all.iter().collect();
        assert_eq!(unique, all_set, "{query}");
    }
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted, "id order is the default");
}

#[tokio::test]
async fn price_sort_is_monotonic_in_the_requested_currency() {
    let app = spawn_app().await;
    let page = json(&app, "/v1/offerings?category=compute&purchase_option=on_demand&unit=hour&sort=price&currency=CNY&limit=200").await;
    let prices: Vec<rust_decimal::Decimal> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["reference_price"]["amount"].as_str().map(|a| a.parse().expect("decimal")))
        .collect();
    assert!(prices.len() > 1, "compute offerings with hourly prices exist");
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "ascending by price");
    assert!(page["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["reference_price"]["currency"] == "CNY"));
}

#[tokio::test]
async fn filters_select_only_matching_offerings() {
    let app = spawn_app().await;
    let page = json(&app, "/v1/offerings?category=compute&min_vcpu=4&max_vcpu=8&limit=200").await;
    let items = page["items"].as_array().expect("items");
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(item["category"], "compute");
        let vcpu = item["specs"]["vcpu"].as_u64().expect("vcpu");
        assert!((4..=8).contains(&vcpu), "{}", item["id"]);
    }
    let page = json(&app, "/v1/offerings?basis=estimate&limit=200").await;
    for item in page["items"].as_array().expect("items") {
        let own = item["provenance"]["basis"] == "estimate";
        let any_schedule =
            item["prices"].as_array().expect("prices").iter().any(|s| s["provenance"]["basis"] == "estimate");
        assert!(own || any_schedule, "{}", item["id"]);
    }
    let page = json(&app, "/v1/offerings?q=TENCENT&limit=200").await;
    for item in page["items"].as_array().expect("items") {
        let text = format!("{} {} {}", item["id"], item["name"], item["description"]).to_lowercase();
        assert!(text.contains("tencent"));
    }
}

#[tokio::test]
async fn etag_and_if_none_match_give_304() {
    let app = spawn_app().await;
    for path in ["/v1/offerings?limit=3", "/v1/catalog"] {
        let first = app.get(path).await;
        assert_eq!(first.status().as_u16(), 200);
        let etag = first.headers()["etag"].to_str().expect("etag").to_string();
        assert!(first.headers()["cache-control"].to_str().expect("cc").contains("max-age"));
        let again = app
            .client
            .get(format!("{}{path}", app.address))
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("GET");
        assert_eq!(again.status().as_u16(), 304, "{path}");
        assert_eq!(again.headers()["etag"].to_str().expect("etag"), etag);
        let stale = app
            .client
            .get(format!("{}{path}", app.address))
            .header("if-none-match", "\"other\"")
            .send()
            .await
            .expect("GET");
        assert_eq!(stale.status().as_u16(), 200);
    }
    let a = app.get("/v1/offerings?limit=3").await.headers()["etag"].clone();
    let b = app.get("/v1/offerings?limit=4").await.headers()["etag"].clone();
    assert_ne!(a, b, "a different query is a different representation");
}

#[tokio::test]
async fn unknown_offering_is_404_with_suggestions() {
    let app = spawn_app().await;
    let first = json(&app, "/v1/offerings?limit=1").await;
    let id = first["items"][0]["id"].as_str().expect("id").to_string();
    let typo = &id[..id.len() - 1];
    let body = assert_problem(app.get(&format!("/v1/offerings/{typo}")).await, 404).await;
    let suggestions: Vec<&str> =
        body["suggestions"].as_array().expect("suggestions").iter().filter_map(Value::as_str).collect();
    assert!(suggestions.contains(&id.as_str()), "{suggestions:?} should contain {id}");
}

#[tokio::test]
async fn one_offering_per_category_round_trips_with_its_provenance() {
    let app = spawn_app().await;
    let summary = json(&app, "/v1/catalog").await;
    let categories: Vec<String> =
        summary["stats"]["by_category"].as_object().expect("map").keys().cloned().collect();
    assert!(categories.len() >= 5, "the catalogue spans the categories: {categories:?}");
    for category in categories {
        let page = json(&app, &format!("/v1/offerings?category={category}&limit=1")).await;
        let listed = &page["items"][0];
        let id = listed["id"].as_str().expect("id");
        let detail = json(&app, &format!("/v1/offerings/{id}")).await;
        assert_eq!(detail["id"], id);
        assert_eq!(detail["category"], category.as_str());
        assert_eq!(detail["prices"], listed["prices"], "{id}: schedules round-trip");
        let provenance = &detail["provenance"];
        assert!(provenance["source_url"].as_str().is_some_and(|u| u.starts_with("http")), "{id}");
        assert!(provenance["retrieved"].as_str().is_some_and(|d| d.len() == 10), "{id}");
        assert!(
            provenance["price_date"].is_null()
                || provenance["price_date"].as_str().is_some_and(|d| d.len() == 10)
        );
        assert!(["vendor_list", "third_party", "statistic", "derived", "estimate", "quote"]
            .contains(&provenance["basis"].as_str().unwrap_or("")));
        for schedule in detail["prices"].as_array().expect("prices") {
            // Money is a decimal string, never a JSON number.
            for key in ["unit_price", "base_fee", "upfront"] {
                assert!(schedule[key].is_null() || schedule[key].is_string(), "{id}: {key} is a string");
            }
            assert!(schedule["currency"].is_string(), "{id}: every schedule names its currency");
        }
    }
}

#[tokio::test]
async fn bad_query_parameters_are_400_naming_the_parameter() {
    let app = spawn_app().await;
    for (query, pointer) in [
        ("limit=0", "/limit"),
        ("limit=abc", "/limit"),
        ("limit=1001", "/limit"),
        ("category=spaceships", "/category"),
        ("colour=blue", "/colour"),
        ("cursor=garbage", "/cursor"),
        ("min_memory_gib=lots", "/min_memory_gib"),
        ("currency=XXX", "/currency"),
    ] {
        let body = assert_problem(app.get(&format!("/v1/offerings?{query}")).await, 400).await;
        assert_eq!(body["errors"][0]["pointer"], pointer, "{query}: {body}");
    }
}

#[tokio::test]
async fn offerings_as_csv_for_spreadsheets() {
    let app = spawn_app().await;
    let response = app.get("/v1/offerings?format=csv&category=compute&provider=aws&currency=CNY").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(response.headers().get("etag").is_some());
    let text = response.text().await.expect("text");
    let mut lines = text.split("\r\n");
    let header = lines.next().expect("header");
    assert_eq!(header, breakeven::report::catalog::OFFERING_COLUMNS.join(","));
    let rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.starts_with("aws/")), "filters apply");
    // Same content via the Accept header.
    let by_header = app
        .client
        .get(format!("{}/v1/offerings?category=compute&provider=aws&currency=CNY", app.address))
        .header("accept", "text/csv")
        .send()
        .await
        .expect("GET");
    assert_eq!(by_header.text().await.expect("text"), text);
    // Row count = schedules of the matching offerings.
    let json = json(&app, "/v1/offerings?category=compute&provider=aws&limit=200").await;
    let schedules: usize = json["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["prices"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(rows.len(), schedules);
}
