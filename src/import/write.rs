//! Writing what an importer produced: deterministic text, atomic replacement, and a diff summary.
//!
//! - **Deterministic**: a file is rendered with `serde_json`'s pretty printer (two-space indent, the
//!   struct's field order, a final newline), and importers sort what they emit, so the same upstream
//!   gives the same bytes.
//! - **Idempotent**: a file whose only difference from the one on disk is its `retrieved` dates is left
//!   alone, so re-reading an unchanged upstream gives no diff (`retrieved` then is the date of the run
//!   that last changed the figure; the state file records every run).
//! - **Atomic**: each file is written to a temporary file in its own directory, flushed to disk and
//!   renamed over the old one, so a reader sees the old file or the new one, never half of either.

use super::ImportError;
use crate::catalog::load::FX_FILE;
use crate::catalog::{FxFile, PriceFile};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::Path;

/// A data file an importer produced, typed so it is checked before it is written.
#[derive(Debug, Clone)]
pub enum DataFile {
    Prices(PriceFile),
    Fx(FxFile),
}

impl DataFile {
    /// The file's bytes as they will be on disk.
    pub fn render(&self) -> Result<Vec<u8>, ImportError> {
        let rendered = match self {
            DataFile::Prices(file) => serde_json::to_vec_pretty(file),
            DataFile::Fx(file) => serde_json::to_vec_pretty(file),
        };
        let mut bytes =
            rendered.map_err(|e| ImportError::Config(format!("cannot render a data file: {e}")))?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// Every price of a data file as `key → amount`, the unit the diff counts in. Keys read like
/// `azure/vm/eastus/standard_d2s_v5 reserved_1y/all_upfront hour upfront` or `fx CNY per USD`.
pub fn price_rows(path: &str, bytes: &[u8]) -> BTreeMap<String, Decimal> {
    let mut rows = BTreeMap::new();
    if path == FX_FILE {
        if let Ok(fx) = serde_json::from_slice::<FxFile>(bytes) {
            for rate in fx.rates {
                rows.insert(format!("fx {} per {}", rate.currency, fx.base), rate.per_base);
            }
        }
        return rows;
    }
    let Ok(file) = serde_json::from_slice::<PriceFile>(bytes) else {
        return rows;
    };
    for offering in file.offerings {
        for schedule in offering.prices {
            let payment = schedule.payment.map(|p| format!("/{}", p.as_str())).unwrap_or_default();
            let commitment = schedule.commitment.map(|c| format!("/{}", c.as_str())).unwrap_or_default();
            let key = format!(
                "{} {}{payment}{commitment} {}",
                offering.id,
                schedule.purchase_option.as_str(),
                schedule.unit.as_str()
            );
            let amounts = [
                ("unit_price", schedule.unit_price),
                ("base_fee", schedule.base_fee),
                ("upfront", schedule.upfront),
            ];
            for (name, amount) in amounts {
                if let Some(amount) = amount {
                    rows.insert(format!("{key} {name}"), amount);
                }
            }
            for (i, tier) in schedule.tiers.iter().enumerate() {
                if let Some(price) = tier.unit_price {
                    rows.insert(format!("{key} tiers[{i}].unit_price"), price);
                }
                if let Some(fee) = tier.flat_fee {
                    rows.insert(format!("{key} tiers[{i}].flat_fee"), fee);
                }
            }
        }
    }
    rows
}

/// The newest `price_date` of any figure in a data file (its rates, offerings and schedules).
pub fn newest_price_date(path: &str, bytes: &[u8]) -> Option<chrono::NaiveDate> {
    if path == FX_FILE {
        let fx = serde_json::from_slice::<FxFile>(bytes).ok()?;
        return fx.rates.iter().filter_map(|r| r.provenance.price_date).max();
    }
    let file = serde_json::from_slice::<PriceFile>(bytes).ok()?;
    file.offerings
        .iter()
        .flat_map(|o| {
            std::iter::once(o.provenance.price_date)
                .chain(o.prices.iter().map(|s| s.provenance.as_ref().and_then(|p| p.price_date)))
        })
        .flatten()
        .max()
}

/// One changed price.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub key: String,
    pub old: Decimal,
    pub new: Decimal,
    /// `(new − old) ÷ old × 100`, none when the old price was zero.
    pub percent: Option<Decimal>,
}

/// Added, changed and removed prices between two versions of a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Largest relative change first (changes from zero last).
    pub changed: Vec<Change>,
    pub unchanged: usize,
}

/// How many of the largest changes a summary lists.
pub const LARGEST_SHOWN: usize = 5;

impl Diff {
    pub fn between(old: &BTreeMap<String, Decimal>, new: &BTreeMap<String, Decimal>) -> Diff {
        let mut diff = Diff::default();
        for (key, &amount) in new {
            match old.get(key) {
                None => diff.added.push(key.clone()),
                Some(&before) if before == amount => diff.unchanged = diff.unchanged.saturating_add(1),
                Some(&before) => diff.changed.push(Change {
                    key: key.clone(),
                    old: before,
                    new: amount,
                    percent: percent_change(before, amount),
                }),
            }
        }
        diff.removed = old.keys().filter(|k| !new.contains_key(*k)).cloned().collect();
        diff.changed.sort_by(|a, b| {
            let size = |c: &Change| c.percent.map(|p| p.abs());
            size(b).cmp(&size(a)).then_with(|| a.key.cmp(&b.key))
        });
        diff
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

fn percent_change(old: Decimal, new: Decimal) -> Option<Decimal> {
    let delta = new.checked_sub(old)?;
    let ratio = delta.checked_div(old)?;
    ratio.checked_mul(Decimal::ONE_HUNDRED).map(|p| p.round_dp(2).normalize())
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} added, {} changed, {} removed, {} unchanged",
            self.added.len(),
            self.changed.len(),
            self.removed.len(),
            self.unchanged
        )?;
        for change in self.changed.iter().take(LARGEST_SHOWN) {
            let percent = change.percent.map_or("from zero".to_string(), |p| format!("{p:+} %"));
            write!(f, "\n    {}: {} → {} ({percent})", change.key, change.old, change.new)?;
        }
        if self.changed.len() > LARGEST_SHOWN {
            write!(f, "\n    … and {} more changes", self.changed.len().saturating_sub(LARGEST_SHOWN))?;
        }
        Ok(())
    }
}

/// Whether two renderings differ only in their `retrieved` dates (or not at all).
pub fn same_but_retrieved(old: &[u8], new: &[u8]) -> bool {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("retrieved");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let (Ok(mut old), Ok(mut new)) =
        (serde_json::from_slice::<serde_json::Value>(old), serde_json::from_slice::<serde_json::Value>(new))
    else {
        return false;
    };
    strip(&mut old);
    strip(&mut new);
    old == new
}

/// Replaces `path` with `bytes` atomically: a temporary file in the same directory, flushed, then
/// renamed over it. The new file keeps the old one's permissions (0644 for a new file on Unix).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let io = |source| ImportError::Io { path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut temp =
        tempfile::Builder::new().prefix(".breakeven-import-").suffix(".tmp").tempfile_in(dir).map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions).map_err(io)?;
    }
    temp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn rows(pairs: &[(&str, Decimal)]) -> BTreeMap<String, Decimal> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn the_diff_counts_and_orders_the_largest_change_first() {
        let old = rows(&[("a", dec!(1)), ("b", dec!(2)), ("c", dec!(4)), ("gone", dec!(1)), ("z", dec!(0))]);
        let new = rows(&[("a", dec!(1)), ("b", dec!(2.2)), ("c", dec!(2)), ("new", dec!(3)), ("z", dec!(1))]);
        let diff = Diff::between(&old, &new);
        assert_eq!(diff.added, vec!["new"]);
        assert_eq!(diff.removed, vec!["gone"]);
        assert_eq!(diff.unchanged, 1);
        let order: Vec<(&str, Option<Decimal>)> =
            diff.changed.iter().map(|c| (c.key.as_str(), c.percent)).collect();
        assert_eq!(order, vec![("c", Some(dec!(-50))), ("b", Some(dec!(10))), ("z", None)]);
        let text = diff.to_string();
        assert!(text.starts_with("1 added, 3 changed, 1 removed, 1 unchanged"), "{text}");
        assert!(text.contains("c: 4 → 2 (-50 %)"), "{text}");
    }

    #[test]
    fn only_retrieved_dates_differing_is_no_change() {
        let old = br#"{"a": [{"retrieved": "2026-01-01", "x": "1"}]}"#;
        let new = br#"{"a": [{"retrieved": "2026-02-01", "x": "1"}]}"#;
        let changed = br#"{"a": [{"retrieved": "2026-02-01", "x": "2"}]}"#;
        assert!(same_but_retrieved(old, new));
        assert!(!same_but_retrieved(old, changed));
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sub").join("f.json");
        write_atomic(&path, b"one").expect("first write");
        write_atomic(&path, b"two").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("f.json")]);
    }
}
