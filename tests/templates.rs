//! Every bundled template validates and runs, in every market, at its defaults and at the edges of its
//! ranges (all drivers at their minimum, all at their maximum).

use breakeven::scenario::template::{expand, DriverInput, TemplateRequest, TemplateSettings};
use rust_decimal::Decimal;
use std::path::PathBuf;

fn snapshot() -> breakeven::store::Snapshot {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-data");
    breakeven::store::load_snapshot(&dir).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_five_templates_exist() {
    let snapshot = snapshot();
    for id in ["team-im", "customer-chat", "office-suite", "file-storage", "web-app"] {
        assert!(snapshot.templates.contains_key(id), "template {id} is bundled");
    }
}

#[test]
fn every_template_runs_at_defaults_and_range_edges_in_every_market() {
    let snapshot = snapshot();
    assert!(!snapshot.templates.is_empty());
    for template in snapshot.templates.values() {
        for market in template.markets.keys() {
            type Pick = fn(&DriverInput) -> Decimal;
            let edges: [(&str, Pick); 3] =
                [("defaults", |d| d.default), ("minimum", |d| d.min), ("maximum", |d| d.max)];
            for (edge, pick) in &edges {
                let request = TemplateRequest {
                    template: template.id.clone(),
                    drivers: template.drivers.iter().map(|(name, d)| (name.clone(), pick(d))).collect(),
                    parameters: Default::default(),
                    settings: TemplateSettings { market: Some(market.clone()), ..Default::default() },
                    ..Default::default()
                };
                let scenario = expand(template, &request)
                    .unwrap_or_else(|e| panic!("{} / {market} / {edge}: {e:?}", template.id));
                let comparison = breakeven::engine::compare(&snapshot.catalog, &scenario)
                    .unwrap_or_else(|e| panic!("{} / {market} / {edge}: {e}", template.id));
                assert_eq!(comparison.options.len(), scenario.options.len());
                assert!(comparison.options.len() >= 2, "{}: a comparison needs two options", template.id);
            }
        }
    }
}

#[test]
fn template_files_reference_their_schema() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-data/templates");
    for entry in std::fs::read_dir(dir).expect("templates dir") {
        let path = entry.expect("entry").path();
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("JSON");
        assert_eq!(value["$schema"], "../schema/template.schema.json", "{}", path.display());
    }
}
