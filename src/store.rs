//! The shell around the catalogue: reads the data directory and holds the current snapshot.
//!
//! Requests take an `Arc<Catalog>` once and keep it to the end, so a reload never changes prices
//! under a request in flight: the request middleware pins the snapshot current when the request
//! arrives (`pinned`), and every `current()`/`snapshot()` inside that request returns the pinned one,
//! the very version its `X-Catalog-Version` header names.

use crate::catalog::book::PriceBook;
use crate::catalog::load::{self, LoadErrors, SourceFile};
use crate::catalog::validate::Problem;
use crate::catalog::Catalog;
use crate::scenario::template::{self, Templates};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
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
    list(dir)?.into_iter().map(|(relative, path)| read_source(relative, &path)).collect()
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io { path, source }
}

fn read_source(relative: String, path: &Path) -> Result<SourceFile, StoreError> {
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    Ok(SourceFile { path: relative, bytes })
}

/// Every `.json` file under `dir`, recursively: its `/`-separated relative path and its path, sorted.
fn list(dir: &Path) -> Result<Vec<(String, PathBuf)>, StoreError> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<(String, PathBuf)>) -> Result<(), StoreError> {
        for entry in std::fs::read_dir(dir).map_err(io_error(dir))? {
            let path = entry.map_err(io_error(dir))?.path();
            if path.is_dir() {
                walk(root, &path, found)?;
            } else if path.extension().is_some_and(|e| e == "json") {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                let parts: Vec<String> =
                    relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                found.push((parts.join("/"), path));
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found)?;
    found.sort();
    Ok(found)
}

/// The file that marks a directory as written by `write_synthetic_dir` (so it may be replaced); it
/// holds `schedules=<count>`.
pub const SYNTHETIC_MARKER: &str = "SYNTHETIC";

/// Replaces `dir` with the synthetic catalogue of `schedules` price schedules
/// (`catalog::synthetic`) and a copy of the exchange-rate file `fx`; returns how many price files it
/// wrote. For the P5 benchmark and its smoke test; the output is never committed.
pub fn write_synthetic_dir(schedules: usize, dir: &Path, fx: &Path) -> Result<usize, StoreError> {
    let io = io_error;
    let files = crate::catalog::synthetic::source_files(schedules)
        .map_err(|e| io(dir)(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
    let marker = dir.join(SYNTHETIC_MARKER);
    if dir.exists() {
        // Only a directory this function wrote is replaced: never `pricing-data/` by a slip.
        let empty = std::fs::read_dir(dir).map_err(io(dir))?.next().is_none();
        if !empty && !marker.exists() {
            let refused = std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "not empty and not a synthetic catalogue (no {SYNTHETIC_MARKER}); refusing to replace it"
                ),
            );
            return Err(io(dir)(refused));
        }
        std::fs::remove_dir_all(dir).map_err(io(dir))?;
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    std::fs::write(&marker, format!("schedules={schedules}\n")).map_err(io(&marker))?;
    for file in &files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, &file.bytes).map_err(io(&path))?;
    }
    let fx_copy = dir.join(crate::catalog::load::FX_FILE);
    std::fs::copy(fx, &fx_copy).map_err(io(fx))?;
    Ok(files.len())
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
    /// Price books by API key name, each with the snapshot its key's requests use.
    pub books: Arc<BTreeMap<String, Tenant>>,
}

/// One key's price book and the catalogue it makes.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub book: PriceBook,
    /// The file it was read from, relative to the books directory.
    pub file: String,
    pub snapshot: Arc<Snapshot>,
}

impl Snapshot {
    /// The snapshot a key's requests use: its price book's, or this one.
    pub fn for_key(self: &Arc<Self>, key: Option<&str>) -> Arc<Snapshot> {
        key.and_then(|k| self.books.get(k)).map_or_else(|| Arc::clone(self), |t| Arc::clone(&t.snapshot))
    }
}

/// Reads the price books of `dir` (one `<key name>.json` each) and applies each to `snapshot`'s
/// catalogue; the templates are checked against every book's prices too. Fails closed with every
/// problem of every book.
fn load_books(
    dir: &Path,
    data_dir: &Path,
    snapshot: &Snapshot,
) -> Result<BTreeMap<String, Tenant>, StoreError> {
    let mut books = BTreeMap::new();
    let mut templates: Option<Vec<SourceFile>> = None;
    let mut problems = Vec::new();
    for (relative, path) in list(dir)? {
        let source = read_source(relative.clone(), &path)?;
        let book: PriceBook = match serde_json::from_slice(&source.bytes) {
            Ok(book) => book,
            Err(e) => {
                problems.push(Problem::file(
                    &format!("price-books/{relative}"),
                    format!("line {} column {}: {e}", e.line(), e.column()),
                ));
                continue;
            }
        };
        let file = format!("price-books/{relative}");
        let found = book.problems(&file, &snapshot.catalog);
        if !found.is_empty() {
            problems.extend(found);
            continue;
        }
        let digest: String =
            Sha256::digest(&source.bytes).iter().take(8).map(|b| format!("{b:02x}")).collect();
        let catalog = match book.apply(&snapshot.catalog, &digest) {
            Ok(catalog) => catalog,
            Err(e) => {
                problems.push(Problem::file(&file, format!("the book's prices are out of range: {e}")));
                continue;
            }
        };
        // A replaced schedule may be one a template chooses: the templates must still hold.
        if !book.schedules.is_empty() {
            if templates.is_none() {
                let sources = read_sources(data_dir)?;
                templates = Some(sources.into_iter().filter(|f| !load::is_catalog_file(&f.path)).collect());
            }
            if let Err(found) =
                template::load(templates.as_deref().unwrap_or_default(), &catalog, crate::engine::validate)
            {
                problems.extend(
                    found
                        .into_iter()
                        .map(|p| Problem { message: format!("with price book {file}: {}", p.message), ..p }),
                );
                continue;
            }
        }
        let key = relative.trim_end_matches(".json").to_string();
        let tenant_snapshot = Snapshot {
            catalog: Arc::new(catalog),
            templates: Arc::clone(&snapshot.templates),
            books: Arc::default(),
        };
        books.insert(key, Tenant { book, file, snapshot: Arc::new(tenant_snapshot) });
    }
    if problems.is_empty() {
        Ok(books)
    } else {
        Err(StoreError::Invalid(LoadErrors(problems)))
    }
}

/// Reads and validates the directory: prices first, then templates against those prices.
///
/// Files are read and parsed on every core, each price file's bytes dropped once parsed, so the
/// peak memory is the catalogue's plus a few files' (not the whole directory's text on top).
pub fn load_snapshot(dir: &Path) -> Result<Snapshot, StoreError> {
    use rayon::prelude::*;
    let read: Vec<(load::ReadFile, Option<SourceFile>)> = list(dir)?
        .into_par_iter()
        .map(|(relative, path)| {
            let source = read_source(relative, &path)?;
            let read = load::read(&source);
            // Templates are validated against the catalogue afterwards: keep their bytes.
            Ok((read, (!load::is_catalog_file(&source.path)).then_some(source)))
        })
        .collect::<Result<_, StoreError>>()?;
    let (read, kept): (Vec<_>, Vec<_>) = read.into_iter().unzip();
    let catalog = load::assemble(read)?;
    let kept: Vec<SourceFile> = kept.into_iter().flatten().collect();
    let templates = template::load(&kept, &catalog, crate::engine::validate).map_err(LoadErrors)?;
    Ok(Snapshot { catalog: Arc::new(catalog), templates: Arc::new(templates), books: Arc::default() })
}

/// The data directory and the price books, validated together (a bad book stops the load).
pub fn load_all(dir: &Path, books_dir: Option<&Path>) -> Result<Snapshot, StoreError> {
    let mut snapshot = load_snapshot(dir)?;
    if let Some(books_dir) = books_dir {
        snapshot.books = Arc::new(load_books(books_dir, dir, &snapshot)?);
    }
    Ok(snapshot)
}

/// Validates files already read (the importers check what they would write this way).
pub fn build_snapshot(sources: &[SourceFile]) -> Result<Snapshot, StoreError> {
    let catalog = load::build(sources)?;
    let templates = template::load(sources, &catalog, crate::engine::validate).map_err(LoadErrors)?;
    Ok(Snapshot { catalog: Arc::new(catalog), templates: Arc::new(templates), books: Arc::default() })
}

/// `(file name, pretty JSON)` of every data-file schema, for `pricing-data/schema/`.
pub fn data_schemas() -> Vec<(&'static str, String)> {
    let mut schemas = crate::catalog::schema::all();
    let mut text = serde_json::to_string_pretty(&template::json_schema()).unwrap_or_default();
    text.push('\n');
    schemas.push(("template.schema.json", text));
    schemas
}

tokio::task_local! {
    static PINNED: Arc<Snapshot>;
}

/// Runs `request` with `snapshot` as the store's answer to `current()` and `snapshot()` throughout.
pub async fn pinned<F: std::future::Future>(snapshot: Arc<Snapshot>, request: F) -> F::Output {
    PINNED.scope(snapshot, request).await
}

/// The current catalogue and templates, swapped whole on reload.
#[derive(Debug)]
pub struct CatalogStore {
    dir: PathBuf,
    /// Where the tenants' price books are (none: no books).
    books_dir: Option<PathBuf>,
    current: RwLock<Arc<Snapshot>>,
    last_reload: RwLock<Option<ReloadOutcome>>,
    reloads_succeeded: AtomicU64,
    reloads_failed: AtomicU64,
}

/// What the last reload (admin endpoint or SIGHUP) did, for `/readyz` and the metrics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReloadOutcome {
    /// When it finished (wall clock).
    pub at: chrono::DateTime<chrono::Utc>,
    /// The version serving after it: the new one on success, the kept one on failure.
    pub catalog_version: String,
    /// Why it failed; none on success.
    pub error: Option<String>,
}

impl CatalogStore {
    /// Loads `dir`; fails closed with every problem listed.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        Self::open_with_books(dir, None)
    }

    /// Loads `dir` and the price books of `books_dir`; fails closed with every problem listed.
    pub fn open_with_books(dir: &Path, books_dir: Option<&Path>) -> Result<Self, StoreError> {
        let snapshot = load_all(dir, books_dir)?;
        Ok(CatalogStore {
            dir: dir.to_path_buf(),
            books_dir: books_dir.map(Path::to_path_buf),
            current: RwLock::new(Arc::new(snapshot)),
            last_reload: RwLock::new(None),
            reloads_succeeded: AtomicU64::new(0),
            reloads_failed: AtomicU64::new(0),
        })
    }

    /// The catalogue and templates a request should use from start to end: the one pinned for the
    /// request in flight (see `pinned`), else the latest.
    pub fn current(&self) -> Arc<Snapshot> {
        PINNED.try_with(Arc::clone).unwrap_or_else(|_| self.latest())
    }

    /// The latest snapshot, whatever a request in flight has pinned.
    pub fn latest(&self) -> Arc<Snapshot> {
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
    /// Either way the outcome is logged, counted and kept for `last_reload`.
    pub fn reload(&self) -> Result<Arc<Catalog>, StoreError> {
        let result = load_all(&self.dir, self.books_dir.as_deref()).map(|fresh| {
            let fresh = Arc::new(fresh);
            let catalog = Arc::clone(&fresh.catalog);
            match self.current.write() {
                Ok(mut guard) => *guard = fresh,
                Err(poisoned) => *poisoned.into_inner() = fresh,
            }
            catalog
        });
        let latest = self.latest().catalog.version.clone();
        let error = result.as_ref().err().map(ToString::to_string);
        let counter = if error.is_some() { &self.reloads_failed } else { &self.reloads_succeeded };
        counter.fetch_add(1, Ordering::Relaxed);
        let outcome = ReloadOutcome { at: chrono::Utc::now(), catalog_version: latest.clone(), error };
        // Recorded before it is logged: whoever reads the log line finds /readyz already saying so.
        match self.last_reload.write() {
            Ok(mut guard) => *guard = Some(outcome.clone()),
            Err(poisoned) => *poisoned.into_inner() = Some(outcome.clone()),
        }
        match (&result, &outcome.error) {
            (Ok(catalog), _) => {
                tracing::info!(catalog_version = %latest, offerings = catalog.offerings.len(), "catalogue reloaded")
            }
            (Err(_), error) => tracing::warn!(
                error = error.as_deref().unwrap_or_default(),
                catalog_version = %latest,
                "catalogue reload failed; the previous catalogue is kept"
            ),
        }
        result
    }

    /// The outcome of the last reload; none before the first.
    pub fn last_reload(&self) -> Option<ReloadOutcome> {
        match self.last_reload.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reloads so far: `(succeeded, failed)`.
    pub fn reload_counts(&self) -> (u64, u64) {
        (self.reloads_succeeded.load(Ordering::Relaxed), self.reloads_failed.load(Ordering::Relaxed))
    }
}
