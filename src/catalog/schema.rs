//! JSON Schemas of the data files, generated from the Rust types so they cannot drift.
//! Committed under `pricing-data/schema/`; `breakeven schema` rewrites them and a test compares.

use super::attributes::AttributeFile;
use super::model::{FxFile, PriceFile};

/// `(file name, pretty JSON)` for every schema, in a stable order.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("price-file.schema.json", render::<PriceFile>()),
        ("fx.schema.json", render::<FxFile>()),
        ("attribute-file.schema.json", render::<AttributeFile>()),
        ("price-book.schema.json", render::<super::book::PriceBook>()),
    ]
}

fn render<T: schemars::JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
