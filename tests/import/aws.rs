//! AWS Price List Bulk API → cloud/aws.json: the offer index → AmazonEC2 region index → regional
//! offer file chain (and the Savings Plans region index → regional file) served by the mock from
//! `tests/fixtures/upstream/aws/` under AWS's own paths, and the AWS-specific faults. Generic HTTP
//! faults (500, 429, stalls…) are covered once for every source in `faults.rs`.

use super::mock::{Mock, Reply};
use super::{assert_fails_untouched, data_dir, fixture, fixture_bytes, import, root, snapshot};
use serde_json::Value;
use std::path::Path;

const OFFER_INDEX: &str = "/offers/v1.0/aws/index.json";
const REGION_INDEX: &str = "/offers/v1.0/aws/AmazonEC2/current/region_index.json";
const OFFER: &str = "/offers/v1.0/aws/AmazonEC2/20250523232744/eu-west-1/index.json";
const SP_INDEX: &str = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json";
const SP: &str = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20260422194203/eu-west-1/index.json";

const SELECTION: &str = r#"{
  "regions": ["eu-west-1"],
  "instance_families": ["c1"],
  "instance_types": ["c4.large", "m4.large"],
  "ebs_volume_types": ["gp3"],
  "data_transfer_out": true,
  "savings_plans": ["ComputeSavingsPlans", "EC2InstanceSavingsPlans"]
}"#;

fn json(path: &str) -> Reply {
    Reply::Ok { body: fixture_bytes(&format!("aws{path}")), etag: None, content_type: "application/json" }
}

/// The mock serving the whole fixture tree; the offer file with an ETag (for the conditional GET).
fn upstream() -> Mock {
    let mock = Mock::start();
    for path in [OFFER_INDEX, REGION_INDEX, SP_INDEX, SP] {
        mock.route(path, vec![json(path)]);
    }
    mock.route(
        OFFER,
        vec![Reply::Ok {
            body: fixture_bytes(&format!("aws{OFFER}")),
            etag: Some("\"eu-west-1-v1\"".into()),
            content_type: "application/json",
        }],
    );
    mock
}

fn offering(dir: &Path, id: &str) -> Value {
    let file: Value =
        serde_json::from_slice(&std::fs::read(dir.join("cloud/aws.json")).expect("aws.json")).expect("json");
    file["offerings"]
        .as_array()
        .expect("offerings")
        .iter()
        .find(|o| o["id"] == id)
        .cloned()
        .unwrap_or(Value::Null)
}

fn price<'a>(o: &'a Value, option: &str, payment: Option<&str>, commitment: Option<&str>) -> &'a Value {
    o["prices"]
        .as_array()
        .expect("prices")
        .iter()
        .find(|p| {
            p["purchase_option"] == option
                && p["payment"].as_str() == payment
                && p["commitment"].as_str() == commitment
        })
        .unwrap_or_else(|| panic!("no {option} {payment:?} {commitment:?} in {o:#}"))
}

#[test]
fn the_index_chain_lands_instances_reserved_terms_ebs_egress_and_savings_plans() {
    let mock = upstream();
    let dir = data_dir(&[("aws", SELECTION)]);
    let run = import(dir.path(), &["aws", "--from", &mock.url("")]);
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("aws: wrote cloud/aws.json"), "{}", run.stdout);

    let asked: Vec<String> = mock.seen().iter().map(|s| s.target.clone()).collect();
    assert_eq!(asked, [OFFER_INDEX, REGION_INDEX, SP_INDEX, OFFER, SP], "the chain, in order");

    // c1.medium: the Linux/Shared/NA/Used product only (its SUSE, Dedicated and SQL twins stay out).
    let c1 = offering(dir.path(), "aws/ec2/eu-west-1/c1.medium");
    assert_eq!(price(&c1, "on_demand", None, None)["unit_price"], "0.148");
    let au = price(&c1, "reserved_3y", Some("all_upfront"), None);
    assert_eq!(
        (&au["unit_price"], &au["upfront"], &au["term_months"]),
        (&"0".into(), &"1680".into(), &36.into())
    );
    assert_eq!(c1["specs"]["vcpu"], 2);
    assert_eq!(c1["specs"]["memory_gib"], "1.7");
    let provenance = &c1["provenance"];
    assert_eq!(provenance["basis"], "vendor_list");
    assert_eq!(provenance["price_date"], "2025-05-23", "the offer file's publicationDate");
    assert_eq!(provenance["retrieved"], "2026-12-01", "the run's date");
    assert_eq!(provenance["source_url"], format!("https://pricing.us-east-1.amazonaws.com{OFFER}"));
    let note = provenance["note"].as_str().expect("note");
    assert!(note.contains("SKU HB5V2X8TXQUTDZBV") && note.contains(&mock.url("")), "{note}");
    assert_eq!(
        offering(dir.path(), "aws/ec2/eu-west-1/c3.2xlarge"),
        Value::Null,
        "Host tenancy is not selected"
    );

    // Savings Plans on the instance they discount, with the Savings Plans file as their source.
    let m4 = offering(dir.path(), "aws/ec2/eu-west-1/m4.large");
    let csp = price(&m4, "reserved_1y", Some("no_upfront"), Some("compute_savings_plan"));
    assert_eq!(csp["unit_price"], "0.0678");
    assert_eq!(csp["provenance"]["price_date"], "2026-04-22");
    assert_eq!(csp["provenance"]["source_url"], format!("https://pricing.us-east-1.amazonaws.com{SP}"));
    let csp3 = price(&m4, "reserved_3y", Some("all_upfront"), Some("compute_savings_plan"));
    assert_eq!((&csp3["upfront"], &csp3["provenance"]["basis"]), (&"1135.296".into(), &"derived".into()));
    assert_eq!(
        price(&m4, "reserved_1y", Some("no_upfront"), Some("instance_savings_plan"))["unit_price"],
        "0.0593"
    );

    let gp3 = offering(dir.path(), "aws/ebs/eu-west-1/gp3");
    assert_eq!(
        (&gp3["prices"][0]["unit"], &gp3["prices"][0]["unit_price"]),
        (&"gib_month".into(), &"0.088".into())
    );
    let egress = offering(dir.path(), "aws/data-transfer-out/eu-west-1/internet");
    let tiers = &egress["prices"][0]["tiers"];
    assert_eq!(egress["prices"][0]["tier_mode"], "graduated");
    assert_eq!(tiers[0], serde_json::json!({"up_to": "10240", "unit_price": "0.09"}));
    assert_eq!(tiers[3], serde_json::json!({"unit_price": "0.05"}));

    // Again: the offer file is asked for with its ETag, answers 304, and nothing changes.
    let written = snapshot(dir.path());
    let run = import(dir.path(), &["aws", "--from", &mock.url(""), "--retrieved", "2026-12-02"]);
    assert!(run.success, "{run:?}");
    let again = mock.seen().into_iter().filter(|s| s.target == OFFER).nth(1).expect("asked twice");
    assert_eq!(again.headers.get("if-none-match").map(String::as_str), Some("\"eu-west-1-v1\""));
    assert!(run.stdout.contains("not modified"), "{}", run.stdout);
    let mut now = snapshot(dir.path());
    let mut before = written;
    now.retain(|p, _| !p.ends_with("state.json"));
    before.retain(|p, _| !p.ends_with("state.json"));
    assert!(now == before, "the same upstream changed the data");

    // And with --force the full file again: still no diff (idempotent).
    let run = import(dir.path(), &["aws", "--from", &mock.url(""), "--force", "--retrieved", "2026-12-03"]);
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("aws: unchanged cloud/aws.json"), "{}", run.stdout);
}

#[test]
fn a_mirrored_tree_on_disk_is_read_with_the_vendor_url_kept() {
    let dir = data_dir(&[("aws", SELECTION)]);
    let tree = fixture("aws");
    let run =
        import(dir.path(), &["aws", "--from", tree.to_str().expect("utf-8"), "--copy-name", "a mirror"]);
    assert!(run.success, "{run:?}");
    let c4 = offering(dir.path(), "aws/ec2/eu-west-1/c4.large");
    assert_eq!(price(&c4, "on_demand", None, None)["unit_price"], "0.113");
    assert_eq!(c4["provenance"]["source_url"], format!("https://pricing.us-east-1.amazonaws.com{OFFER}"));
    let note = c4["provenance"]["note"].as_str().expect("note");
    assert!(note.contains("Read from a copy of the vendor's list: a mirror"), "{note}");
}

#[test]
fn an_offer_file_of_the_wrong_shape_changes_nothing() {
    let mock = upstream();
    // The Savings Plans shape (products as an array) where the offer file should be.
    mock.route(OFFER, vec![json(SP)]);
    let dir = data_dir(&[("aws", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["aws", "--from", &mock.url("")],
        "not a valid AWS Price List file: offer file: not an AWS price-list file of the expected shape: invalid type: sequence, expected `products`: an object of products keyed by SKU",
    );
}

#[test]
fn an_offer_file_cut_off_while_it_streams_changes_nothing() {
    let mock = upstream();
    let body = fixture_bytes(&format!("aws{OFFER}"));
    mock.route(
        OFFER,
        vec![Reply::Truncated { body: body[..body.len() / 2].to_vec(), missing: body.len() / 2 }],
    );
    let dir = data_dir(&[("aws", SELECTION)]);
    assert_fails_untouched(dir.path(), &["aws", "--from", &mock.url(""), "--retries", "0"], "truncated");
}

#[test]
fn an_offer_file_over_the_size_cap_is_cut_off_while_it_streams() {
    let mock = upstream();
    // The offer index cut to its AmazonEC2 entry, so that every index fits under the cap and only
    // the 24 kB offer file does not.
    let index: Value = serde_json::from_slice(&fixture_bytes(&format!("aws{OFFER_INDEX}"))).expect("index");
    let small = serde_json::json!({"formatVersion": "v1.0", "publicationDate": index["publicationDate"],
        "offers": {"AmazonEC2": index["offers"]["AmazonEC2"]}});
    let body = serde_json::to_vec(&small).expect("json");
    mock.route(OFFER_INDEX, vec![Reply::Ok { body, etag: None, content_type: "application/json" }]);
    let dir = data_dir(&[("aws", SELECTION)]);
    let run = assert_fails_untouched(
        dir.path(),
        &["aws", "--from", &mock.url(""), "--max-bytes", "20000"],
        "limit",
    );
    let expected = format!("{OFFER}: the response is larger than the 20000-byte limit");
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
}

#[test]
fn a_region_the_region_index_does_not_list_is_named() {
    let mock = upstream();
    let dir =
        data_dir(&[("aws", r#"{"regions": ["eu-west-1", "mars-north-1"], "instance_types": ["c4.large"]}"#)]);
    assert_fails_untouched(
        dir.path(),
        &["aws", "--from", &mock.url("")],
        "region index: no region `mars-north-1`",
    );
}

#[test]
fn a_savings_plans_index_in_the_offer_shape_is_refused() {
    let mock = upstream();
    // The offer region index (an object of regions) where the Savings Plans one (an array) should be.
    mock.route(SP_INDEX, vec![json(REGION_INDEX)]);
    let dir = data_dir(&[("aws", SELECTION)]);
    assert_fails_untouched(dir.path(), &["aws", "--from", &mock.url("")], "Savings Plans region index");
}

#[test]
fn an_index_without_amazon_ec2_is_refused() {
    let mock = upstream();
    mock.route(
        OFFER_INDEX,
        vec![Reply::Ok {
            body: br#"{"formatVersion":"v1.0","publicationDate":"2026-04-27T07:13:25Z","offers":{}}"#
                .to_vec(),
            etag: None,
            content_type: "application/json",
        }],
    );
    let dir = data_dir(&[("aws", SELECTION)]);
    assert_fails_untouched(
        dir.path(),
        &["aws", "--from", &mock.url("")],
        "no `AmazonEC2` offer with a currentRegionIndexUrl",
    );
}

#[test]
fn a_selection_that_selects_nothing_is_refused_before_any_request() {
    let mock = upstream();
    let dir = data_dir(&[("aws", r#"{"regions": ["eu-west-1"]}"#)]);
    assert_fails_untouched(dir.path(), &["aws", "--from", &mock.url("")], "selects nothing");
    assert!(mock.seen().is_empty());
}

#[test]
fn merging_into_the_bundled_aws_file_keeps_every_other_row_and_still_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    super::copy_tree(&root().join("pricing-data"), dir.path());
    let before: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("cloud/aws.json")).expect("aws.json"))
            .expect("json");
    let selection = dir.path().join("import/aws-test.selection.json");
    std::fs::write(&selection, SELECTION).expect("selection");
    let tree = fixture("aws");
    let run = import(
        dir.path(),
        &["aws", "--from", tree.to_str().expect("utf-8"), "--selection", selection.to_str().expect("utf-8")],
    );
    assert!(run.success, "{run:?}");
    let after: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("cloud/aws.json")).expect("aws.json"))
            .expect("json");
    let ids = |v: &Value| -> Vec<String> {
        v["offerings"]
            .as_array()
            .expect("offerings")
            .iter()
            .map(|o| o["id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let (old, new) = (ids(&before), ids(&after));
    assert!(old.iter().all(|id| new.contains(id)), "an import never deletes");
    assert_eq!(new.len(), old.len() + 6, "{new:?}");
    assert_eq!(after["title"], before["title"], "the file's own header is kept");
}

#[test]
fn the_committed_selection_parses_and_selects_something() {
    let bytes = std::fs::read(root().join("pricing-data/import/aws.selection.json")).expect("selection");
    let selection: breakeven::import::aws::selection::AwsSelection =
        serde_json::from_slice(&bytes).expect("parses");
    selection.check().expect("usable");
    assert_eq!(selection.output, "cloud/aws.json");
}
