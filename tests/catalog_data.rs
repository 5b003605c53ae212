//! The price book itself: the bundled data validates, the generated schemas, README table and worked examples are current,
//! and every validation rule catches its broken fixture with a precise message.

use breakeven::catalog::load::{build, SourceFile};
use serde_json::{json, Value};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bundled_pricing_data_validates() {
    let catalog =
        breakeven::store::load_catalog(&root().join("pricing-data")).unwrap_or_else(|e| panic!("{e}"));
    assert!(catalog.offerings.len() >= 100, "a curated catalogue, not a sample");
}

#[test]
fn committed_json_schemas_match_the_types() {
    for (name, generated) in breakeven::store::data_schemas() {
        let committed =
            std::fs::read_to_string(root().join("pricing-data/schema").join(name)).unwrap_or_default();
        assert!(
            committed == generated,
            "pricing-data/schema/{name} is out of date. Rewrite with:\n\n    cargo run -q -- schema\n"
        );
    }
}

#[test]
fn every_price_file_references_its_schema() {
    let sources = breakeven::store::read_sources(&root().join("pricing-data")).expect("read");
    for file in sources.iter().filter(|f| breakeven::catalog::load::is_price_file(&f.path)) {
        let value: Value = serde_json::from_slice(&file.bytes).expect("JSON");
        let schema = value["$schema"].as_str().unwrap_or_else(|| panic!("{} has no $schema", file.path));
        let depth = file.path.matches('/').count();
        let expected_name = if file.path == "fx.json" { "fx.schema.json" } else { "price-file.schema.json" };
        let expected = format!("{}schema/{expected_name}", "../".repeat(depth));
        assert_eq!(schema, expected, "{}", file.path);
    }
}

#[test]
fn readme_catalogue_table_is_generated_from_the_data() {
    let catalog = breakeven::store::load_catalog(&root().join("pricing-data")).expect("valid");
    let table = breakeven::catalog::query::stats_markdown(&catalog);
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let begin = "<!-- catalog-stats:begin -->\n";
    let end = "<!-- catalog-stats:end -->";
    let start = readme.find(begin).expect("README has the catalog-stats markers") + begin.len();
    let stop = readme[start..].find(end).expect("end marker") + start;
    assert!(
        readme[start..stop] == table,
        "README's catalogue table is out of date. Regenerate with:\n\n    cargo run -q -- stats --readme README.md\n"
    );
}

#[test]
fn readme_worked_examples_are_computed_from_the_data() {
    let snapshot = breakeven::store::load_snapshot(&root().join("pricing-data")).expect("valid");
    let examples = breakeven::report::examples::markdown(&snapshot).unwrap_or_else(|e| panic!("{e}"));
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let begin = "<!-- worked-examples:begin -->\n";
    let end = "<!-- worked-examples:end -->";
    let start = readme.find(begin).expect("README has the worked-examples markers") + begin.len();
    let stop = readme[start..].find(end).expect("end marker") + start;
    assert!(
        readme[start..stop] == examples,
        "README's worked examples are out of date. Regenerate with:\n\n    cargo run -q -- examples --readme README.md\n"
    );
}

const FX: &str = r#"{"title": "fx", "base": "USD", "rates": [
  {"currency": "CNY", "per_base": "7", "provenance": {"source_url": "https://example.test/fx", "basis": "vendor_list", "price_date": "2026-05-08", "retrieved": "2026-05-08"}}
]}"#;

fn valid_file() -> Value {
    json!({
        "title": "Fixture", "publisher": "Test", "currency": "USD", "reviewed": "2026-05-01",
        "source": "https://example.test/prices",
        "tax": {"included": false},
        "offerings": [
            {
                "id": "testcloud/vm/us-east/small", "name": "VM", "provider": "testcloud", "category": "compute",
                "provenance": {"source_url": "https://example.test/vm", "basis": "vendor_list", "price_date": "2026-05-01", "retrieved": "2026-05-01"},
                "prices": [
                    {"purchase_option": "on_demand", "billing": "usage", "unit": "hour", "unit_price": "0.1"},
                    {"purchase_option": "on_demand", "billing": "usage", "unit": "gib", "tier_mode": "graduated",
                     "tiers": [{"up_to": "100", "unit_price": "0"}, {"up_to": "1000", "unit_price": "0.09"}, {"unit_price": "0.08"}]}
                ]
            },
            {
                "id": "dell/poweredge/global/t150", "name": "Server", "provider": "dell", "category": "hardware",
                "hardware": {"power_typical_watts": "80", "power_max_watts": "300", "rack_units": 0, "useful_life_years": 5, "support_rate": "0.1"},
                "provenance": {"source_url": "https://example.test/t150", "basis": "estimate", "price_date": "2026-05-01", "retrieved": "2026-05-01", "note": "parts sum"},
                "prices": [{"purchase_option": "purchase", "billing": "one_time", "unit": "each", "unit_price": "1500",
                            "range": {"low": "0.8", "high": "1.2", "method": "parts prices of two resellers"}}]
            },
            {
                "id": "labor/sysadmin/us/admin", "name": "Admin", "provider": "labor", "category": "labor",
                "labor": {"on_cost_multiplier": "1.3", "servers_per_admin": 50},
                "provenance": {"source_url": "https://example.test/bls", "basis": "statistic", "price_date": "2026-05-01", "retrieved": "2026-05-01"},
                "prices": [{"purchase_option": "on_demand", "billing": "monthly", "unit": "fte_year", "unit_price": "90000"}]
            }
        ]
    })
}

fn problems_of(file: &Value, fx: &str) -> Vec<String> {
    let sources = vec![
        SourceFile { path: "fx.json".into(), bytes: fx.as_bytes().to_vec() },
        SourceFile { path: "cloud/test.json".into(), bytes: serde_json::to_vec(file).expect("JSON") },
    ];
    match build(&sources) {
        Ok(_) => vec![],
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_valid_fixture_is_valid() {
    assert_eq!(problems_of(&valid_file(), FX), Vec::<String>::new());
}

/// One broken fixture per rule: (rule, change to the valid fixture, expected message).
#[test]
fn each_rule_reports_its_broken_fixture_precisely() {
    type Break = fn(&mut Value);
    let cases: Vec<(&str, Break, &str)> = vec![
        ("duplicate id", |f| {
            let copy = f["offerings"][0].clone();
            f["offerings"].as_array_mut().expect("array").push(copy);
        }, "cloud/test.json › testcloud/vm/us-east/small › id: duplicate id (first defined in cloud/test.json)"),
        ("unknown unit", |f| f["offerings"][0]["prices"][0]["unit"] = json!("fortnight"),
            "cloud/test.json: line 1 column"),
        ("unknown currency", |f| f["offerings"][0]["prices"][0]["currency"] = json!("XYZ"),
            "unknown currency code `XYZ`"),
        ("negative price", |f| f["offerings"][0]["prices"][0]["unit_price"] = json!("-0.1"),
            "testcloud/vm/us-east/small › prices[0].unit_price: must not be negative"),
        ("non-numeric price", |f| f["offerings"][0]["prices"][0]["unit_price"] = json!("ten"),
            "cloud/test.json: line 1 column"),
        ("price as a JSON number", |f| f["offerings"][0]["prices"][0]["unit_price"] = json!(0.1),
            "cloud/test.json › offerings[0].prices[0].unit_price: write decimals as strings"),
        ("tiers out of order", |f| f["offerings"][0]["prices"][1]["tiers"][1]["up_to"] = json!("50"),
            "prices[1].tiers[1].up_to: 50 overlaps or precedes the previous tier's bound 100"),
        ("open tier not last", |f| f["offerings"][0]["prices"][1]["tiers"][0]["up_to"] = Value::Null,
            "prices[1].tiers[0].up_to: only the last tier may be open-ended"),
        ("price without source", |f| f["offerings"][0]["provenance"]["source_url"] = json!(""),
            "testcloud/vm/us-east/small › provenance.source_url: `` is not an http(s) URL"),
        ("price without its retrieval date", |f| {
            f["offerings"][0]["provenance"].as_object_mut().expect("object").remove("retrieved");
        }, "missing field `retrieved`"),
        ("estimate without method", |f| {
            f["offerings"][1]["provenance"].as_object_mut().expect("object").remove("note");
        }, "dell/poweredge/global/t150 › provenance.note: a `estimate` figure must state its method and range"),
        ("the old list_price basis", |f| f["offerings"][0]["provenance"]["basis"] = json!("list_price"),
            "unknown variant `list_price`, expected one of `vendor_list`, `third_party`"),
        ("third-party copy without its copier", |f| f["offerings"][0]["provenance"]["basis"] = json!("third_party"),
            "testcloud/vm/us-east/small › provenance.copied_by: a `third_party` figure must name who made the copy"),
        ("vendor price naming a copier", |f| f["offerings"][0]["provenance"]["copied_by"] = json!("someone"),
            "provenance.copied_by: only a copy (`third_party`, or `derived` from one) names who made it, not a `vendor_list` figure"),
        ("price dated after it was read", |f| f["offerings"][0]["provenance"]["price_date"] = json!("2026-06-01"),
            "testcloud/vm/us-east/small › provenance.price_date: 2026-06-01 is after the day the source was read (2026-05-01)"),
        ("statistic without its period", |f| {
            f["offerings"][2]["provenance"]["basis"] = json!("statistic");
            f["offerings"][2]["provenance"].as_object_mut().expect("object").remove("price_date");
        }, "labor/sysadmin/us/admin › provenance.price_date: a statistic always covers a period: give its date"),
        ("hardware without power", |f| f["offerings"][1]["hardware"]["power_typical_watts"] = json!("0"),
            "dell/poweredge/global/t150 › hardware.power_typical_watts: must be positive"),
        ("hardware without life", |f| f["offerings"][1]["hardware"]["useful_life_years"] = json!(0),
            "dell/poweredge/global/t150 › hardware.useful_life_years: must be at least 1"),
        ("hardware without spec", |f| {
            f["offerings"][1].as_object_mut().expect("object").remove("hardware");
        }, "dell/poweredge/global/t150 › hardware: hardware needs power_typical_watts"),
        ("FX rate missing", |f| f["offerings"][0]["prices"][0]["currency"] = json!("EUR"),
            "testcloud/vm/us-east/small › prices[0].currency: no FX rate for EUR in fx.json"),
        ("malformed id", |f| f["offerings"][0]["id"] = json!("TestCloud/vm"),
            "TestCloud/vm › id: must be provider/product/region/sku"),
        ("schedule without price", |f| {
            f["offerings"][0]["prices"][0].as_object_mut().expect("object").remove("unit_price");
        }, "prices[0]: no price: give unit_price, base_fee, upfront or tiers"),
        ("reserved without term", |f| f["offerings"][0]["prices"][0]["purchase_option"] = json!("reserved_1y"),
            "prices[0].term_months: a reserved_1y term is 12 months"),
        ("labour without on-cost", |f| f["offerings"][2]["labor"]["on_cost_multiplier"] = json!("0.5"),
            "labor/sysadmin/us/admin › labor.on_cost_multiplier: total cost ÷ salary, so at least 1"),
        ("commitment on an on-demand price", |f| f["offerings"][0]["prices"][0]["commitment"] = json!("convertible"),
            "prices[0].commitment: `convertible` applies to reserved_1y/reserved_3y terms only"),
        ("two reserved terms alike but for a missing commitment", |f| {
            let term = json!({"purchase_option": "reserved_1y", "payment": "no_upfront", "billing": "monthly",
                "unit": "hour", "unit_price": "0.06", "term_months": 12});
            let prices = f["offerings"][0]["prices"].as_array_mut().expect("array");
            prices.push(term.clone());
            prices.push(term);
        }, "prices[3]: same purchase_option, payment, commitment and unit as prices[2]"),
        ("unknown commitment", |f| f["offerings"][0]["prices"][0]["commitment"] = json!("flexible"),
            "cloud/test.json: line 1 column"),
        ("unknown field", |f| f["offerings"][0]["colour"] = json!("blue"), "unknown field `colour`"),
        ("file without tax treatment", |f| {
            f.as_object_mut().expect("object").remove("tax");
        }, "cloud/test.json › tax: required: say whether the file's prices include VAT"),
        ("included tax without its rate", |f| f["tax"] = json!({"included": true}),
            "cloud/test.json › tax.rate: required when the tax is included"),
        ("tax rate of 100 %", |f| f["offerings"][0]["prices"][0]["tax"] = json!({"included": true, "rate": "1"}),
            "testcloud/vm/us-east/small › prices[0].tax.rate: 1 is out of range"),
        ("negative tax rate", |f| f["tax"] = json!({"included": false, "rate": "-0.06"}),
            "cloud/test.json › tax.rate: -0.06 is out of range"),
        ("tax rate as a JSON number", |f| f["tax"] = json!({"included": true, "rate": 0.06}),
            "cloud/test.json › tax.rate: write decimals as strings"),
        ("unknown tax field", |f| f["tax"] = json!({"included": false, "vat": "0.2"}), "unknown field `vat`"),
        ("a range that does not bracket the price", |f| f["offerings"][0]["prices"][0]["range"] = json!({"low": "1.1", "high": "1.5", "method": "resellers"}),
            "prices[0].range.low: 1.1 must be between 0 and 1"),
        ("a range without its method", |f| f["offerings"][0]["prices"][0]["range"] = json!({"low": "0.9", "high": "1.2", "method": " "}),
            "prices[0].range.method: a range states how it was found"),
        ("an estimate without its range", |f| { f["offerings"][1]["prices"][0].as_object_mut().map(|s| s.remove("range")); },
            "dell/poweredge/global/t150 › prices[0].range: an `estimate` states its range"),
        ("power allotment without included power", |f| f["offerings"][0]["prices"][0]["included_power_kw"] = json!("4.4"),
            "prices[0].included_power_kw: given without `includes: [\"power\"]`"),
        ("inclusions on a price that is not a facility", |f| f["offerings"][0]["prices"][0]["includes"] = json!(["power"]),
            "testcloud/vm/us-east/small › prices: only facility prices (rack space, colocation) say what they include"),
        ("id longer than a request may be", |f| {
            f["offerings"][0]["id"] = json!(format!("testcloud/vm/us-east/{}", "s".repeat(200)));
        }, "id: at most 200 characters"),
    ];
    for (rule, breaks, expected) in cases {
        let mut file = valid_file();
        breaks(&mut file);
        let problems = problems_of(&file, FX);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "rule `{rule}`: expected a problem containing\n  {expected}\ngot\n  {problems:#?}"
        );
    }
}

#[test]
fn a_convertible_term_beside_the_standard_one_is_valid_and_chosen_only_by_name() {
    let mut file = valid_file();
    let standard = json!({"purchase_option": "reserved_1y", "payment": "no_upfront", "billing": "monthly",
        "unit": "hour", "unit_price": "0.063", "term_months": 12});
    let mut convertible = standard.clone();
    convertible["unit_price"] = json!("0.072");
    convertible["commitment"] = json!("convertible");
    let prices = file["offerings"][0]["prices"].as_array_mut().expect("array");
    prices.push(convertible);
    prices.push(standard);
    assert_eq!(problems_of(&file, FX), Vec::<String>::new());
    let sources = vec![
        SourceFile { path: "fx.json".into(), bytes: FX.as_bytes().to_vec() },
        SourceFile { path: "cloud/test.json".into(), bytes: serde_json::to_vec(&file).expect("JSON") },
    ];
    let catalog = build(&sources).expect("valid");
    let offering = catalog.offerings.get("testcloud/vm/us-east/small").expect("the offering");
    use breakeven::catalog::{Commitment, Payment, PurchaseOption};
    let price = |c| {
        offering.schedule(PurchaseOption::Reserved1y, Some(Payment::NoUpfront), c).and_then(|s| s.unit_price)
    };
    // Listed first, the convertible term is still not what a component gets without asking for it.
    assert_eq!(price(None).map(|d| d.to_string()), Some("0.063".into()));
    assert_eq!(price(Some(Commitment::Convertible)).map(|d| d.to_string()), Some("0.072".into()));
    assert_eq!(price(Some(Commitment::ComputeSavingsPlan)), None);
}

#[test]
fn all_problems_are_reported_together() {
    let mut file = valid_file();
    file["offerings"][0]["prices"][0]["unit_price"] = json!("-1");
    file["offerings"][1]["hardware"]["useful_life_years"] = json!(0);
    file["offerings"][2]["labor"]["on_cost_multiplier"] = json!("0.5");
    assert_eq!(problems_of(&file, FX).len(), 3);
}

#[test]
fn fx_rate_missing_is_named() {
    let mut file = valid_file();
    file["currency"] = json!("EUR");
    let problems = problems_of(&file, FX);
    assert!(problems.iter().any(|p| p.contains("no FX rate for EUR in fx.json")), "{problems:#?}");
}

#[test]
fn validate_command_fails_with_the_messages() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("fx.json"), FX).expect("write");
    std::fs::create_dir(dir.path().join("cloud")).expect("mkdir");
    let mut file = valid_file();
    file["offerings"][0]["prices"][0]["unit_price"] = json!("-1");
    std::fs::write(dir.path().join("cloud/test.json"), serde_json::to_vec(&file).expect("json"))
        .expect("write");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .arg("validate")
        .arg(dir.path())
        .output()
        .expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "cloud/test.json › testcloud/vm/us-east/small › prices[0].unit_price: must not be negative"
        ),
        "{stderr}"
    );

    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["validate", "pricing-data"])
        .current_dir(root())
        .output()
        .expect("run");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
}

/// The P5 bulk catalogue in small (benches/catalog_scale.rs runs it at 1,000,000 schedules): the
/// generator writes a data directory that `breakeven validate` accepts and the server's loader reads
/// whole, with the version the file-by-file loader and `build` agree on, and listings through the
/// indexes that agree with a full scan.
#[test]
fn a_synthetic_bulk_catalogue_generates_validates_and_loads() {
    use breakeven::catalog::query::{self, Filter, Order};
    use breakeven::store;
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("bulk/pricing-data");
    let fx = root().join("pricing-data/fx.json");
    let files = store::write_synthetic_dir(10_000, &dir, &fx).expect("generated");
    assert!(files > 40, "one file per provider and region: {files}");

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .arg("validate")
        .arg(&dir)
        .output()
        .expect("run validate");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains(&format!("in {files} files")), "{stdout}");

    let snapshot = store::load_snapshot(&dir).expect("loads");
    let catalog = &snapshot.catalog;
    assert_eq!(catalog.offerings.values().map(|o| o.prices.len()).sum::<usize>(), 10_000);
    let whole = build(&store::read_sources(&dir).expect("read")).expect("builds");
    assert_eq!(whole.version, catalog.version, "both loaders hash the same files the same way");

    let p5 = Filter {
        provider: Some("aws".into()),
        region: Some("us-east-1".into()),
        min_vcpu: Some(4),
        max_vcpu: Some(16),
        ..Filter::default()
    };
    let order = Order::Price { currency: "USD".parse().expect("USD"), descending: false };
    let indexed = query::list(catalog, &p5, &order, None, 50).expect("lists");
    let scanned = query::list_by_scan(catalog, &p5, &order, None, 50).expect("lists");
    assert!(indexed.total > 0);
    let ids = |page: &query::Page<'_>| {
        page.items.iter().map(|(o, p)| (o.id.clone(), p.clone())).collect::<Vec<_>>()
    };
    assert_eq!(ids(&indexed), ids(&scanned));
    assert_eq!(indexed.total, scanned.total);

    // Generating again replaces the directory; a directory it did not write is never replaced.
    store::write_synthetic_dir(100, &dir, &fx).expect("replaced");
    let refused = store::write_synthetic_dir(100, &temp.path().join("bulk"), &fx);
    assert!(refused.is_err(), "a non-empty directory without the marker is refused");
    assert!(dir.join("fx.json").exists(), "and left as it was");
}

fn valid_attributes() -> Value {
    json!({
        "title": "Attributes fixture", "reviewed": "2026-05-01",
        "profiles": [{
            "id": "testcloud", "applies_to": ["testcloud/"], "name": "Test Cloud", "attributes": {
            "sla": {"published": true, "availability_percent": "99.9",
                    "credits": [{"below_percent": "99.9", "credit_percent": "10"}],
                    "provenance": {"source_url": "https://example.test/sla", "basis": "vendor_list", "price_date": "2026-04-01", "retrieved": "2026-05-01"}},
            "residency": {"choice": "customer", "stored_in": ["US"],
                          "provenance": {"source_url": "https://example.test/regions", "basis": "vendor_list", "retrieved": "2026-05-01"}},
            "certifications": [{"standard": "mlps", "level": "3",
                                "provenance": {"source_url": "https://example.test/mlps", "basis": "vendor_list", "retrieved": "2026-05-01"}}]
        }}, {
            "id": "server", "applies_to": ["dell/poweredge/global/t150"], "name": "Owned server", "attributes": {
            "deployment": {"model": "hardware", "patching": "operator", "operator_provides": ["rack space", "power"],
                           "provenance": {"source_url": "https://example.test/t150", "basis": "estimate", "retrieved": "2026-05-01", "note": "judgement: what any owned server needs"}}
        }}]
    })
}

fn attribute_problems(attributes: &Value) -> Vec<String> {
    let sources = vec![
        SourceFile { path: "fx.json".into(), bytes: FX.as_bytes().to_vec() },
        SourceFile {
            path: "cloud/test.json".into(),
            bytes: serde_json::to_vec(&valid_file()).expect("JSON"),
        },
        SourceFile {
            path: "attributes/test.json".into(),
            bytes: serde_json::to_vec(attributes).expect("JSON"),
        },
    ];
    match build(&sources) {
        Ok(catalog) => {
            assert!(!catalog.attributes_of("testcloud/vm/us-east/small").is_empty(), "the profile applies");
            vec![]
        }
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_valid_attributes_fixture_is_valid() {
    assert_eq!(attribute_problems(&valid_attributes()), Vec::<String>::new());
}

/// An attribute is refused without its source or date, like a price; and every other rule names its field.
#[test]
fn each_attribute_rule_reports_its_broken_fixture_precisely() {
    type Break = fn(&mut Value);
    let cases: Vec<(&str, Break, &str)> = vec![
        ("no source", |f| { f.pointer_mut("/profiles/0/attributes/sla/provenance").and_then(Value::as_object_mut).map(|p| p.remove("source_url")); },
            "missing field `source_url`"),
        ("a source that is not a URL", |f| f.pointer_mut("/profiles/0/attributes/sla/provenance/source_url").map(|v| *v = json!("the vendor told us")).unwrap_or(()),
            "attributes/test.json › profiles[0].attributes.sla.provenance.source_url: `the vendor told us` is not an http(s) URL"),
        ("no date read", |f| { f.pointer_mut("/profiles/0/attributes/residency/provenance").and_then(Value::as_object_mut).map(|p| p.remove("retrieved")); },
            "missing field `retrieved`"),
        ("an estimate without its method", |f| { f.pointer_mut("/profiles/1/attributes/deployment/provenance").and_then(Value::as_object_mut).map(|p| p.remove("note")); },
            "profiles[1].attributes.deployment.provenance.note: a `estimate` figure must state its method and range"),
        ("a published SLA without its availability", |f| { f.pointer_mut("/profiles/0/attributes/sla").and_then(Value::as_object_mut).map(|p| p.remove("availability_percent")); },
            "profiles[0].attributes.sla.availability_percent: required when the SLA is published"),
        ("an availability over 100 %", |f| f.pointer_mut("/profiles/0/attributes/sla/availability_percent").map(|v| *v = json!("100.1")).unwrap_or(()),
            "profiles[0].attributes.sla.availability_percent: 100.1 is not a percentage"),
        ("an availability as a JSON number", |f| f.pointer_mut("/profiles/0/attributes/sla/availability_percent").map(|v| *v = json!(99.9)).unwrap_or(()),
            "write decimals as strings"),
        ("a pattern matching no offering", |f| f["profiles"][0]["applies_to"] = json!(["nocloud/"]),
            "profiles[0].applies_to[0]: `nocloud/` matches no offering"),
        ("one pattern in two profiles", |f| f["profiles"][1]["applies_to"] = json!(["testcloud/"]),
            "profiles[1].applies_to[0]: `testcloud/` is also profile `testcloud`'s"),
        ("MLPS without its level", |f| { f.pointer_mut("/profiles/0/attributes/certifications/0").and_then(Value::as_object_mut).map(|p| p.remove("level")); },
            "profiles[0].attributes.certifications[0].level: an MLPS (等保) certification states its level, 1 to 5"),
        ("an unknown standard", |f| f.pointer_mut("/profiles/0/attributes/certifications/0/standard").map(|v| *v = json!("iso_99999")).unwrap_or(()),
            "unknown variant `iso_99999`"),
        ("a misspelt attribute", |f| f["profiles"][0]["attributes"]["certificatons"] = json!([]), "unknown field `certificatons`"),
        ("a place that is not a country code", |f| f.pointer_mut("/profiles/0/attributes/residency/stored_in").map(|v| *v = json!(["China"])).unwrap_or(()),
            "profiles[0].attributes.residency.stored_in[0]: `China` is not an ISO 3166-1 alpha-2 code"),
        ("owned equipment that says nothing of what the operator provides", |f| f.pointer_mut("/profiles/1/attributes/deployment/operator_provides").map(|v| *v = json!([])).unwrap_or(()),
            "profiles[1].attributes.deployment.operator_provides: self-hosted and owned options state what the operator must provide itself"),
    ];
    for (rule, breaks, expected) in cases {
        let mut file = valid_attributes();
        breaks(&mut file);
        let problems = attribute_problems(&file);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "rule `{rule}`: expected a problem containing\n  {expected}\ngot\n  {problems:#?}"
        );
    }
}

#[test]
fn every_attribute_file_references_its_schema() {
    let sources = breakeven::store::read_sources(&root().join("pricing-data")).expect("read");
    let files: Vec<_> =
        sources.iter().filter(|f| breakeven::catalog::load::is_attribute_file(&f.path)).collect();
    assert!(files.len() >= 4, "attribute files: {}", files.len());
    for file in files {
        let value: Value = serde_json::from_slice(&file.bytes).expect("JSON");
        assert_eq!(value["$schema"], "../schema/attribute-file.schema.json", "{}", file.path);
    }
}

/// Every SaaS, IM cloud, self-hosted software and cloud offering a template uses has attributes
/// (support, SLA, residency…): a scorecard over a template has something sourced to judge.
#[test]
fn every_service_and_cloud_offering_a_template_uses_has_attributes() {
    use breakeven::catalog::Category;
    let snapshot = breakeven::store::load_snapshot(&root().join("pricing-data")).expect("bundled data loads");
    let mut missing = Vec::new();
    for source in breakeven::store::read_sources(&root().join("pricing-data")).expect("read") {
        if !source.path.starts_with("templates/") {
            continue;
        }
        let text = String::from_utf8(source.bytes).expect("UTF-8");
        for id in text.split("\"offering\"").skip(1).filter_map(|rest| rest.split('"').nth(1)) {
            let Some(offering) = snapshot.catalog.offering(id) else { continue };
            let judged = matches!(
                offering.category,
                Category::Saas | Category::Software | Category::Compute | Category::Storage
            );
            if judged && snapshot.catalog.attributes_of(id).is_empty() {
                missing.push(format!("{} uses {id}", source.path));
            }
        }
    }
    assert!(missing.is_empty(), "offerings without attributes:\n{}", missing.join("\n"));
}

/// The README's example price book loads against the bundled data (with the templates).
#[test]
fn the_readme_price_book_example_is_a_valid_book() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let section = readme.split("### Tenant price books").nth(1).expect("the section");
    let example = section.split("```json").nth(1).and_then(|s| s.split("```").next()).expect("a JSON block");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("acme.json"), example).expect("write");
    let snapshot = breakeven::store::load_all(&root().join("pricing-data"), Some(dir.path()))
        .unwrap_or_else(|e| panic!("the README's price book does not load:\n{e}"));
    let tenant = snapshot.books.get("acme").expect("the book, by its file name");
    let alibaba = tenant.snapshot.catalog.offering("alibaba/ecs/cn-hangzhou/ecs.g7.large").expect("offering");
    let list = snapshot.catalog.offering("alibaba/ecs/cn-hangzhou/ecs.g7.large").expect("offering");
    let (a, l) = (alibaba.prices[0].unit_price, list.prices[0].unit_price);
    assert_eq!(a, l.map(|p| p * rust_decimal::Decimal::new(88, 2)), "12 % off");
    assert_eq!(tenant.snapshot.catalog.offering("tencent/im/china/pro").expect("im").prices.len(), 1);
}

/// The Kubernetes example overlay mounts its price books as they are: they must load like any others.
#[test]
fn the_kubernetes_example_price_books_load() {
    let dir = root().join("deploy/kubernetes/overlays/example/price-books");
    let snapshot = breakeven::store::load_all(&root().join("pricing-data"), Some(&dir))
        .unwrap_or_else(|e| panic!("the example overlay's price books do not load:\n{e}"));
    assert!(
        snapshot.books.contains_key("portal-a"),
        "books: {:?}",
        snapshot.books.keys().collect::<Vec<_>>()
    );
}

#[test]
fn a_template_consideration_must_name_a_real_attribute() {
    let mut sources = breakeven::store::read_sources(&root().join("pricing-data")).expect("read");
    let team = sources.iter_mut().find(|f| f.path == "templates/team-im.json").expect("team-im");
    let text = String::from_utf8(team.bytes.clone())
        .expect("UTF-8")
        .replace("\"features.sso\"", "\"features.telepathy\"");
    team.bytes = text.into_bytes();
    let message = breakeven::store::build_snapshot(&sources).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("`features.telepathy` is not an attribute"), "{message}");
}
