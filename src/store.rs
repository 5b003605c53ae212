//! The shell around the catalogue: reads the data directory and holds the current snapshot.
//!
//! Requests take an `Arc<Catalog>` once and keep it to the end, so a reload never changes prices
//! under a request in flight.

use crate::catalog::load::{self, LoadErrors, SourceFile};
use crate::catalog::Catalog;
use crate::scenario::template::{self, Templates};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Invalid(#[from] LoadErrors),
}

/// Reads every file under `dir` (recursively, sorted) as `SourceFile`s with `/`-separated relative paths.
pub fn read_sources(dir: &Path) -> Result<Vec<SourceFile>, StoreError> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<SourceFile>) -> Result<(), StoreError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            collect(root, &path, files)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let parts: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            files.push(SourceFile { path: parts.join("/"), bytes });
        }
    }
    Ok(())
}

/// Reads and validates the directory into a catalogue.
pub fn load_catalog(dir: &Path) -> Result<Catalog, StoreError> {
    Ok(load_snapshot(dir)?.catalog.as_ref().clone())
}

/// The catalogue and the templates validated against it, loaded together so a request sees one version.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub catalog: Arc<Catalog>,
    pub templates: Arc<Templates>,
}

/// Reads and validates the directory: prices first, then templates against those prices.
pub fn load_snapshot(dir: &Path) -> Result<Snapshot, StoreError> {
    let sources = read_sources(dir)?;
    let catalog = load::build(&sources)?;
    let templates = template::load(&sources, &catalog).map_err(LoadErrors)?;
    Ok(Snapshot { catalog: Arc::new(catalog), templates: Arc::new(templates) })
}

/// `(file name, pretty JSON)` of every data-file schema, for `pricing-data/schema/`.
pub fn data_schemas() -> Vec<(&'static str, String)> {
    let mut schemas = crate::catalog::schema::all();
    let mut text = serde_json::to_string_pretty(&template::json_schema()).unwrap_or_default();
    text.push('\n');
    schemas.push(("template.schema.json", text));
    schemas
}

/// The current catalogue and templates, swapped whole on reload.
#[derive(Debug)]
pub struct CatalogStore {
    dir: PathBuf,
    current: RwLock<Arc<Snapshot>>,
}

impl CatalogStore {
    /// Loads `dir`; fails closed with every problem listed.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let snapshot = load_snapshot(dir)?;
        Ok(CatalogStore { dir: dir.to_path_buf(), current: RwLock::new(Arc::new(snapshot)) })
    }

    /// The catalogue and templates a request should use from start to end.
    pub fn current(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            // A writer never panics while holding the lock (it only swaps an Arc), but stay total.
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The catalogue a request should use from start to end.
    pub fn snapshot(&self) -> Arc<Catalog> {
        Arc::clone(&self.current().catalog)
    }

    /// Re-reads the directory; on success swaps the snapshot, on failure keeps the last good one.
    pub fn reload(&self) -> Result<Arc<Catalog>, StoreError> {
        let fresh = Arc::new(load_snapshot(&self.dir)?);
        let catalog = Arc::clone(&fresh.catalog);
        match self.current.write() {
            Ok(mut guard) => *guard = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(catalog)
    }
}
