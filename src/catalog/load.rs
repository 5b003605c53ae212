//! Turning the bytes of `pricing-data/` files into one validated `Catalog`.
//!
//! Pure: the shell (`crate::store`) reads the directory and hands the files in. Loading fails closed:
//! every problem in every file is collected and returned together.

use super::attributes::{AttributeFile, Profiles};
use super::model::{FxFile, PriceFile};
use super::validate::{self, Problem};
use super::{Catalog, FileSummary, FxTable, Offerings};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;

/// One file of the data directory: its path relative to the directory (`/`-separated) and its bytes.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The file that holds exchange rates.
pub const FX_FILE: &str = "fx.json";

/// Every problem found, in file order; `Display` prints one per line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct LoadErrors(pub Vec<Problem>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} problem(s) in the pricing data:", self.0.len())?;
        for problem in &self.0 {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

/// Whether a data-directory path holds price files (templates and schemas are loaded elsewhere).
pub fn is_price_file(path: &str) -> bool {
    path.ends_with(".json")
        && !path.starts_with("schema/")
        && !path.starts_with("templates/")
        && !is_attribute_file(path)
        && !is_import_file(path)
}

/// Whether a path holds attribute profiles (`attributes/`): support, SLA, residency and the rest.
pub fn is_attribute_file(path: &str) -> bool {
    path.starts_with("attributes/") && path.ends_with(".json")
}

/// Whether the catalogue itself parses this file (prices, FX, attributes); templates come after.
pub fn is_catalog_file(path: &str) -> bool {
    is_price_file(path) || is_attribute_file(path)
}

/// Whether a path is the importers' own (`import/`: selection files and the importer state), which
/// never changes an answer and is not loaded.
pub fn is_import_file(path: &str) -> bool {
    path.starts_with("import/")
}

/// Parse, validate and index the files into a catalogue; the version is a hash of every file.
pub fn build(files: &[SourceFile]) -> Result<Catalog, LoadErrors> {
    use rayon::prelude::*;
    assemble(files.par_iter().map(read).collect())
}

/// What one file of the data directory contributes to a catalogue: the digest of its bytes (for the
/// version) and, for a price or FX file, what it parsed to. Made file by file (in parallel, each
/// file's bytes dropped as soon as it is read: see `crate::store`), then `assemble`d.
#[derive(Debug)]
pub struct ReadFile {
    path: String,
    len: u64,
    digest: [u8; 32],
    /// `None` for files the catalogue does not parse (templates, schemas).
    parsed: Option<Result<Parsed, Vec<Problem>>>,
}

/// One price, FX or attribute file, parsed.
#[derive(Debug)]
enum Parsed {
    Fx(FxFile),
    Prices(PriceFile),
    Attributes(AttributeFile),
}

/// Hashes and (for a price or FX file) parses one file.
pub fn read(file: &SourceFile) -> ReadFile {
    ReadFile {
        path: file.path.clone(),
        len: file.bytes.len() as u64,
        digest: Sha256::digest(&file.bytes).into(),
        parsed: is_catalog_file(&file.path).then(|| parse(file)),
    }
}

/// Validates and indexes the files `read` gave (in any order) into a catalogue.
pub fn assemble(mut files: Vec<ReadFile>) -> Result<Catalog, LoadErrors> {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // The version covers every data file that can change an answer (prices and templates).
    let version =
        version_of(files.iter().filter(|f| !f.path.starts_with("schema/") && !is_import_file(&f.path)));
    let mut problems = Vec::new();
    let mut price_files = Vec::new();
    let mut attribute_files = Vec::new();
    let mut fx_file = None;
    for file in files {
        match file.parsed {
            None => {}
            Some(Ok(Parsed::Fx(fx))) => fx_file = Some(fx),
            Some(Ok(Parsed::Prices(parsed))) => price_files.push((file.path, parsed)),
            Some(Ok(Parsed::Attributes(parsed))) => attribute_files.push((file.path, parsed)),
            Some(Err(found)) => problems.extend(found),
        }
    }
    let Some(fx_file) = fx_file else {
        if !problems.iter().any(|p| p.file == FX_FILE) {
            problems.push(Problem::file(FX_FILE, "missing: the catalogue needs exchange rates".into()));
        }
        return Err(LoadErrors(problems));
    };

    problems.extend(validate::fx_file(FX_FILE, &fx_file));
    problems.extend(validate::price_files(&price_files, &fx_file));
    let ids: std::collections::BTreeSet<&str> =
        price_files.iter().flat_map(|(_, f)| f.offerings.iter().map(|o| o.id.as_str())).collect();
    problems.extend(validate::attribute_files(&attribute_files, &ids));
    if !problems.is_empty() {
        return Err(LoadErrors(problems));
    }
    let profiles = Profiles(attribute_files.into_iter().flat_map(|(_, f)| f.profiles).collect());
    let mut catalog = index(version, price_files, fx_file);
    catalog.profiles = profiles;
    Ok(catalog)
}

fn parse(file: &SourceFile) -> Result<Parsed, Vec<Problem>> {
    let parsed = if file.path == FX_FILE {
        serde_json::from_slice::<FxFile>(&file.bytes).map(Parsed::Fx)
    } else if is_attribute_file(&file.path) {
        serde_json::from_slice::<AttributeFile>(&file.bytes).map(Parsed::Attributes)
    } else {
        serde_json::from_slice::<PriceFile>(&file.bytes).map(Parsed::Prices)
    };
    // A decimal written as a JSON number fails the typed parse (decimals deserialize from strings
    // only), so only a file that fails is walked again to name every such field.
    parsed.map_err(|e| {
        let mut problems = numbers_where_strings_belong(file);
        problems.push(Problem::file(&file.path, parse_message(&e)));
        problems
    })
}

/// Fields holding decimals: in the files they must be strings, because a JSON number may pass through
/// binary floating point on its way to `Decimal` (0.1 is not 0.1 as an f64).
const DECIMAL_FIELDS: &[&str] = &[
    "unit_price",
    "base_fee",
    "included_quantity",
    "block_size",
    "up_to",
    "flat_fee",
    "upfront",
    "min_quantity",
    "max_quantity",
    "memory_gib",
    "storage_gib",
    "power_typical_watts",
    "power_max_watts",
    "support_rate",
    "on_cost_multiplier",
    "memory_gib_per_node",
    "pue",
    "per_base",
    "rate",
    "included_power_kw",
    "first_response_hours",
    "availability_percent",
    "below_percent",
    "credit_percent",
    "low",
    "high",
];

fn numbers_where_strings_belong(file: &SourceFile) -> Vec<Problem> {
    fn walk(value: &serde_json::Value, path: &str, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map {
                    let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                    if child.is_number() && DECIMAL_FIELDS.contains(&key.as_str()) {
                        found.push(child_path);
                    } else {
                        walk(child, &child_path, found);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}[{i}]"), found);
                }
            }
            _ => {}
        }
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&file.bytes) else {
        return Vec::new(); // the typed parse reports the syntax error
    };
    let mut found = Vec::new();
    walk(&value, "", &mut found);
    found
        .into_iter()
        .map(|field| Problem {
            file: file.path.clone(),
            offering: None,
            field: Some(field),
            message: "write decimals as strings (\"0.10\"), not JSON numbers".to_string(),
        })
        .collect()
}

fn parse_message(e: &serde_json::Error) -> String {
    format!("line {} column {}: {}", e.line(), e.column(), e)
        .replace(&format!(" at line {} column {}", e.line(), e.column()), "")
}

fn index(version: String, price_files: Vec<(String, PriceFile)>, fx_file: FxFile) -> Catalog {
    let mut offerings = Vec::new();
    let mut pue_presets = BTreeMap::new();
    let mut summaries = Vec::new();
    for (path, file) in price_files {
        summaries.push(FileSummary {
            path,
            title: file.title,
            publisher: file.publisher,
            source: file.source,
            reviewed: file.reviewed,
            offerings: file.offerings.len(),
        });
        for mut offering in file.offerings {
            // A schedule without its own currency (or tax treatment) has the file's.
            for schedule in &mut offering.prices {
                schedule.currency.get_or_insert_with(|| file.currency.clone());
                if schedule.tax.is_none() {
                    schedule.tax = file.tax.clone();
                }
            }
            offerings.push(offering);
        }
        for preset in file.pue_presets {
            pue_presets.insert(preset.id.clone(), preset);
        }
    }
    let offerings: Offerings = offerings.into_iter().collect();
    // Built now, with the catalogue, not by the first listing.
    offerings.index();
    Catalog {
        version,
        offerings,
        fx: FxTable {
            base: fx_file.base,
            rates: fx_file.rates.into_iter().map(|r| (r.currency.clone(), r)).collect(),
        },
        pue_presets,
        files: summaries,
        profiles: Default::default(),
    }
}

/// `sha256:` and the first 16 hex digits of the hash of each file's path, length and the SHA-256 of
/// its bytes, in path order (a hash of hashes, so that each file can be hashed on its own).
fn version_of<'a>(files: impl Iterator<Item = &'a ReadFile>) -> String {
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.path.as_bytes());
        hasher.update([0u8]);
        hasher.update(file.len.to_le_bytes());
        hasher.update(file.digest);
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}
