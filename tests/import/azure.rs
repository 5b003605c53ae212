//! Azure Retail Prices API → cloud/azure.json, over the 1,000 verbatim items of a stored copy served
//! as documented envelope pages with `NextPageLink`.

use super::mock::{Mock, Reply};
use super::{assert_fails_untouched, data_dir, fixture, fixture_bytes, import, snapshot};
use std::sync::Arc;

const PATH: &str = "/api/retail/prices";

fn selection() -> String {
    String::from_utf8(fixture_bytes("azure/selection.json")).expect("utf-8")
}

fn items() -> Arc<Vec<serde_json::Value>> {
    Arc::new(serde_json::from_slice(&fixture_bytes("azure/azure_prices.json")).expect("items"))
}

fn offering(dir: &std::path::Path, id: &str) -> serde_json::Value {
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("cloud/azure.json")).expect("azure.json"))
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
fn pages_are_followed_and_consumption_and_reservations_land() {
    let mock = Mock::start();
    mock.route(PATH, vec![Reply::AzurePages { items: items(), per_page: 100 }]);
    let dir = data_dir(&[("azure", &selection())]);
    let run = import(dir.path(), &["azure", "--from", &mock.url(PATH)]);
    assert!(run.success, "{run:?}");
    // 15 vendor prices and, for each of the 6 reservations, the same paid monthly (derived).
    assert!(
        run.stdout.contains("azure: wrote cloud/azure.json: 21 added, 0 changed, 0 removed"),
        "{}",
        run.stdout
    );

    let seen = mock.seen();
    // Three regions, ten pages each.
    assert_eq!(seen.len(), 30, "{seen:?}");
    let first = &seen[0].target;
    assert!(first.contains("api-version=2023-01-01-preview"), "{first}");
    let query: Vec<(String, String)> =
        form_urlencoded::parse(first.split_once('?').expect("query").1.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let filter = &query.iter().find(|(k, _)| k == "$filter").expect("a $filter").1;
    assert_eq!(
        filter,
        "serviceName eq 'Virtual Machines' and armRegionName eq 'brazilsouth' and (armSkuName eq 'Standard_D4as_v7' or armSkuName eq 'Standard_D64ds_v5' or armSkuName eq 'Standard_E4pds_v6') and (priceType eq 'Consumption' or priceType eq 'Reservation')"
    );
    assert!(seen[9].target.contains("$skip=900"), "{}", seen[9].target);

    let vm = offering(dir.path(), "azure/vm/brazilsouth/standard_d4as_v7");
    assert_eq!(
        vm["specs"],
        serde_json::json!({"vcpu": 4, "memory_gib": "16", "architecture": "x86_64"}),
        "from the selection"
    );
    let prices = vm["prices"].as_array().expect("prices");
    assert_eq!(prices[0]["purchase_option"], "on_demand");
    assert_eq!(prices[0]["unit_price"], "0.291");
    let term = |option: &str, payment: &str| {
        prices
            .iter()
            .find(|p| {
                p["purchase_option"] == option && p["payment"] == payment && p.get("commitment").is_none()
            })
            .unwrap_or_else(|| panic!("{option} {payment} in {prices:?}"))
    };
    assert_eq!(
        term("reserved_1y", "all_upfront")["upfront"],
        "1505",
        "a reservation's unitPrice is the whole term"
    );
    assert_eq!(term("reserved_3y", "all_upfront")["upfront"], "2908");
    // Paid monthly at the same total (Microsoft's rule): 1505 ÷ 8,760 h and 2908 ÷ 26,280 h, 10 decimals.
    assert_eq!(term("reserved_1y", "no_upfront")["unit_price"], "0.171803653");
    assert_eq!(term("reserved_3y", "no_upfront")["unit_price"], "0.1106544901");
    assert_eq!(term("reserved_3y", "no_upfront")["provenance"]["basis"], "derived");
    assert_eq!(vm["provenance"]["price_date"], "2025-11-01", "the price's effectiveStartDate");
    assert_eq!(vm["provenance"]["retrieved"], "2026-12-01");
    assert_eq!(vm["provenance"]["basis"], "vendor_list");
    assert!(vm["provenance"]["source_url"]
        .as_str()
        .expect("url")
        .starts_with("https://prices.azure.com/api/retail/prices?"));
    // The DevTestConsumption twin (and Windows and Spot meters) never land.
    let file = std::fs::read_to_string(dir.path().join("cloud/azure.json")).expect("azure.json");
    assert!(!file.contains("DevTest") && !file.contains("Spot") && !file.contains("Windows"));

    // The same upstream again: no diff.
    let written = snapshot(dir.path());
    let run = import(dir.path(), &["azure", "--from", &mock.url(PATH), "--retrieved", "2026-12-02"]);
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("azure: unchanged cloud/azure.json"), "{}", run.stdout);
    let mut now = snapshot(dir.path());
    let mut before = written;
    // Only the (uncommitted) state file records the second run.
    now.retain(|p, _| !p.ends_with("state.json"));
    before.retain(|p, _| !p.ends_with("state.json"));
    assert!(now == before, "the same upstream changed the data");
}

#[test]
fn the_stored_copy_is_read_from_a_file_with_the_vendor_url_kept() {
    let dir = data_dir(&[("azure", &selection())]);
    let file = fixture("azure/azure_prices.json");
    let run = import(
        dir.path(),
        &[
            "azure",
            "--from",
            file.to_str().expect("utf-8"),
            "--copy-name",
            "carbonandfinch/azure-prices@3f048a22",
        ],
    );
    assert!(run.success, "{run:?}");
    let vm = offering(dir.path(), "azure/vm/westus2/standard_d64ds_v5");
    let note = vm["provenance"]["note"].as_str().expect("note");
    assert!(
        note.contains("Read from a copy of the vendor's list: carbonandfinch/azure-prices@3f048a22"),
        "{note}"
    );
    assert!(vm["provenance"]["source_url"].as_str().expect("url").starts_with("https://prices.azure.com/"));
}

#[test]
fn a_page_without_items_is_a_wrong_schema() {
    let mock = Mock::start();
    mock.route(
        PATH,
        vec![Reply::Ok {
            body: br#"{"items": [], "nextPageLink": null}"#.to_vec(),
            etag: None,
            content_type: "application/json",
        }],
    );
    let dir = data_dir(&[("azure", &selection())]);
    assert_fails_untouched(
        dir.path(),
        &["azure", "--from", &mock.url(PATH)],
        "not a valid Azure Retail Prices API page: missing field `Items`",
    );
}

#[test]
fn a_page_cut_short_fails_the_whole_import() {
    let mock = Mock::start();
    let page = br#"{"BillingCurrency":"USD","CustomerEntityId":"Default","CustomerEntityType":"Retail","Items":[{"currencyCode":"USD","#;
    mock.route(PATH, vec![Reply::Ok { body: page.to_vec(), etag: None, content_type: "application/json" }]);
    let dir = data_dir(&[("azure", &selection())]);
    assert_fails_untouched(
        dir.path(),
        &["azure", "--from", &mock.url(PATH)],
        "the JSON ends early (truncated)",
    );
}

#[test]
fn a_later_page_failing_leaves_nothing_half_written() {
    let mock = Mock::start();
    let dir = data_dir(&[("azure", &selection())]);
    // The first page is fine, then the API keeps failing.
    let items = items();
    let first: Vec<_> = items.iter().take(100).cloned().collect();
    let page = serde_json::json!({"BillingCurrency": "USD", "CustomerEntityId": "Default", "CustomerEntityType": "Retail",
        "Items": first, "NextPageLink": mock.url("/api/retail/prices/broken"), "Count": 100});
    mock.route(
        PATH,
        vec![Reply::Ok {
            body: serde_json::to_vec(&page).expect("page"),
            etag: None,
            content_type: "application/json",
        }],
    );
    mock.route("/api/retail/prices/broken", vec![Reply::status(500)]);
    assert_fails_untouched(dir.path(), &["azure", "--from", &mock.url(PATH), "--retries", "1"], "HTTP 500");
}

#[test]
fn dev_test_prices_cannot_be_selected() {
    let dir = data_dir(&[(
        "azure",
        r#"{"regions": ["eastus"], "skus": ["Standard_D2s_v5"], "price_types": ["DevTestConsumption"]}"#,
    )]);
    let file = fixture("azure/azure_prices.json");
    assert_fails_untouched(
        dir.path(),
        &["azure", "--from", file.to_str().expect("utf-8")],
        "price_types[0]: `DevTestConsumption`",
    );
}
