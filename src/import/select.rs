//! Selection files: which part of an upstream lands in `pricing-data/`.
//!
//! Each source has its own selection type (a struct with `deny_unknown_fields`, documented in the
//! source's module and in `breakeven import <source> --help`). The committed ones are
//! `pricing-data/import/<source>.selection.json`; `--selection FILE` names another. The loader skips
//! `pricing-data/import/` (selections and the importer's state are not price files).

use super::ImportError;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Folder of the data directory that holds selection files and the importer state.
pub const IMPORT_DIR: &str = "import";

/// `<data dir>/import/<source>.selection.json`.
pub fn default_path(data_dir: &Path, source: &str) -> PathBuf {
    data_dir.join(IMPORT_DIR).join(format!("{source}.selection.json"))
}

/// Reads and checks a selection file; a problem names the file and the JSON path of the field.
pub fn load<T: DeserializeOwned>(path: &Path) -> Result<T, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::Selection {
        path: path.to_path_buf(),
        detail: format!("cannot read it: {e}"),
    })?;
    parse(&bytes).map_err(|detail| ImportError::Selection { path: path.to_path_buf(), detail })
}

/// Parses a selection from JSON bytes; the error names the field (`regions[2]: …`).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            inner.to_string()
        } else {
            format!("{path}: {inner}")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Example {
        regions: Vec<String>,
    }

    #[test]
    fn a_bad_field_is_named() {
        let error = parse::<Example>(br#"{"regions": ["a", 3]}"#).expect_err("3 is no region");
        assert!(error.starts_with("regions[1]: "), "{error}");
        let error = parse::<Example>(br#"{"regions": [], "region": "x"}"#).expect_err("unknown field");
        assert!(error.contains("unknown field `region`"), "{error}");
    }
}
