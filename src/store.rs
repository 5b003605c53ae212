//! The shell around the catalogue: reads the data directory and holds the current snapshot.
//!
//! Requests take an `Arc<Catalog>` once and keep it to the end, so a reload never changes prices
//! under a request in flight.

use crate::catalog::load::{self, LoadErrors, SourceFile};
use crate::catalog::Catalog;
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
    let sources = read_sources(dir)?;
    Ok(load::build(&sources)?)
}

/// The current catalogue, swapped whole on reload.
#[derive(Debug)]
pub struct CatalogStore {
    dir: PathBuf,
    current: RwLock<Arc<Catalog>>,
}

impl CatalogStore {
    /// Loads `dir`; fails closed with every problem listed.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let catalog = load_catalog(dir)?;
        Ok(CatalogStore { dir: dir.to_path_buf(), current: RwLock::new(Arc::new(catalog)) })
    }

    /// The snapshot a request should use from start to end.
    pub fn snapshot(&self) -> Arc<Catalog> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            // A writer never panics while holding the lock (it only swaps an Arc), but stay total.
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Re-reads the directory; on success swaps the snapshot, on failure keeps the last good one.
    pub fn reload(&self) -> Result<Arc<Catalog>, StoreError> {
        let fresh = Arc::new(load_catalog(&self.dir)?);
        match self.current.write() {
            Ok(mut guard) => *guard = Arc::clone(&fresh),
            Err(poisoned) => *poisoned.into_inner() = Arc::clone(&fresh),
        }
        Ok(fresh)
    }
}
