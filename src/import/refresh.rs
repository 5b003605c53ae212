//! Refresh while serving (`serve --refresh-every 24h`, off by default).
//!
//! Every interval, on a plain thread (the importers' blocking HTTP client must not run on the async
//! workers): copy the data directory into a staging directory beside it, run every configured importer
//! (a source is configured when its selection file `<data dir>/import/<source>.selection.json` exists)
//! into the staging copy, load the staging copy with the same loader `serve` uses, and only if it loads
//! copy the changed files back (each atomically) and swap the snapshot through the store's reload
//! (`CatalogStore::reload`, the SIGHUP path). Any failure keeps the last good catalogue and files; a
//! source that fails does not stop the others. `GET /v1/catalog` shows each source's newest price
//! date, when it was last read, and the last refresh's outcome ([`RefreshStatus`]).
//!
//! The data directory must be writable by the server for a refresh to land.

use super::progress::Progress;
use super::{importer, run_with, state_path, Options, Report, State, SOURCES};
use crate::store::CatalogStore;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use utoipa::ToSchema;

/// What one source's last refresh did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// New prices were written and are being served.
    Updated,
    /// The upstream was read and nothing changed.
    Unchanged,
    /// The upstream answered 304 Not Modified.
    NotModified,
    /// The import or its validation failed: the last good prices are kept.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RefreshOutcome {
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One configured source, as `GET /v1/catalog` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SourceStatus {
    /// The importer (`ecb`, `azure`, …).
    pub source: String,
    /// The files it writes, relative to the data directory.
    pub files: Vec<String>,
    /// The newest price date in those files, as served.
    #[schema(value_type = Option<String>, format = Date)]
    pub price_date: Option<NaiveDate>,
    /// When the upstream was last read successfully (from the importer state file).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub retrieved: Option<DateTime<Utc>>,
    /// The last refresh while serving; none before the first.
    pub last_refresh: Option<RefreshOutcome>,
}

/// The refresh state shared with the API. Empty when refresh is off.
#[derive(Debug, Default)]
pub struct RefreshStatus {
    sources: RwLock<Vec<SourceStatus>>,
    generation: AtomicU64,
}

impl RefreshStatus {
    pub fn sources(&self) -> Vec<SourceStatus> {
        match self.sources.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Changes whenever the status does (part of `/v1/catalog`'s ETag).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    fn set(&self, sources: Vec<SourceStatus>) {
        match self.sources.write() {
            Ok(mut guard) => *guard = sources,
            Err(poisoned) => *poisoned.into_inner() = sources,
        }
        self.generation.fetch_add(1, Ordering::Relaxed);
    }
}

/// The sources with a selection file in `data_dir`.
pub fn configured_sources(data_dir: &Path) -> Vec<&'static str> {
    SOURCES.iter().copied().filter(|s| super::select::default_path(data_dir, s).is_file()).collect()
}

/// Runs the configured importers into staging and swaps what loads (see the module doc). Cheap to
/// clone; runs never overlap.
#[derive(Clone)]
pub struct Refresher {
    store: Arc<CatalogStore>,
    data_dir: PathBuf,
    sources: Vec<&'static str>,
    /// `--refresh-from source=URL`: another upstream than the vendor's, per source.
    from: BTreeMap<String, String>,
    status: Arc<RefreshStatus>,
    running: Arc<Mutex<()>>,
}

impl Refresher {
    /// A refresher of the sources configured in `data_dir`; `status` is filled from the files and the
    /// state file as they are now. A `from` naming an unknown source is an error.
    pub fn new(
        store: Arc<CatalogStore>,
        data_dir: PathBuf,
        from: BTreeMap<String, String>,
        status: Arc<RefreshStatus>,
    ) -> Result<Refresher, String> {
        if let Some(unknown) = from.keys().find(|s| !SOURCES.contains(&s.as_str())) {
            return Err(format!(
                "--refresh-from: no importer named `{unknown}` (known: {})",
                SOURCES.join(", ")
            ));
        }
        let sources = configured_sources(&data_dir);
        let state = read_state(&data_dir);
        status.set(sources.iter().map(|source| describe(&data_dir, source, &state, None)).collect());
        Ok(Refresher { store, data_dir, sources, from, status, running: Arc::new(Mutex::new(())) })
    }

    pub fn sources(&self) -> &[&'static str] {
        &self.sources
    }

    /// One refresh now, on the calling thread (never an async worker: the HTTP client blocks).
    pub fn run_now(&self) {
        let _running = match self.running.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        refresh_once(self, Utc::now().date_naive());
    }

    /// Starts the loop on its own thread: the first refresh after one interval, then every interval.
    pub fn spawn(self, every: Duration) -> std::io::Result<std::thread::JoinHandle<()>> {
        tracing::info!(every = %humantime::format_duration(every), sources = ?self.sources, "price refresh on");
        std::thread::Builder::new().name("price-refresh".into()).spawn(move || loop {
            std::thread::sleep(every);
            self.run_now();
        })
    }
}

/// One refresh of every configured source (see the module doc).
fn refresh_once(refresher: &Refresher, retrieved: NaiveDate) {
    let at = Utc::now();
    let sources = &refresher.sources;
    let data_dir = &refresher.data_dir;
    let outcomes = match stage_and_run(refresher, retrieved) {
        Ok(outcomes) => outcomes,
        Err(error) => {
            tracing::warn!(%error, "price refresh failed; the last good prices are kept");
            sources.iter().map(|s| (s.to_string(), (Outcome::Failed, Some(error.clone())))).collect()
        }
    };
    let state = read_state(data_dir);
    let entries = sources
        .iter()
        .map(|source| {
            let (outcome, error) = outcomes.get(*source).cloned().unwrap_or((Outcome::Failed, None));
            if let Some(error) = &error {
                tracing::warn!(source, %error, "price refresh of a source failed; its last good prices are kept");
            } else {
                tracing::info!(source, outcome = ?outcome, "price refresh");
            }
            describe(data_dir, source, &state, Some(RefreshOutcome { at, outcome, error }))
        })
        .collect();
    refresher.status.set(entries);
}

type Outcomes = BTreeMap<String, (Outcome, Option<String>)>;

fn stage_and_run(refresher: &Refresher, retrieved: NaiveDate) -> Result<Outcomes, String> {
    let data_dir = refresher.data_dir.as_path();
    let parent = data_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let staging = tempfile::Builder::new()
        .prefix(".breakeven-refresh-")
        .tempdir_in(parent)
        .or_else(|_| tempfile::Builder::new().prefix("breakeven-refresh-").tempdir())
        .map_err(|e| format!("cannot create a staging directory: {e}"))?;
    copy_tree(data_dir, staging.path())
        .map_err(|e| format!("cannot copy the data directory to staging: {e}"))?;

    let mut outcomes = Outcomes::new();
    for source in &refresher.sources {
        let Some(importer) = importer(source) else { continue };
        let mut options = Options::new(staging.path().to_path_buf(), retrieved);
        options.from = refresher.from.get(*source).cloned();
        let outcome = match run_with(importer.as_ref(), &options, Progress::traced()) {
            Ok(report) => (outcome_of(&report), None),
            Err(e) => (Outcome::Failed, Some(e.to_string())),
        };
        outcomes.insert(source.to_string(), outcome);
    }

    let changed =
        changed_files(data_dir, staging.path()).map_err(|e| format!("cannot compare staging: {e}"))?;
    let prices_changed = changed.iter().any(|p| !crate::catalog::load::is_import_file(p));
    if prices_changed {
        // Each importer checked its own files; the whole staging copy must load too before anything lands.
        if let Err(e) = crate::store::load_snapshot(staging.path()) {
            let error = format!("the refreshed data would not load: {e}");
            for (outcome, why) in outcomes.values_mut() {
                if *outcome == Outcome::Updated {
                    *outcome = Outcome::Failed;
                    *why = Some(error.clone());
                }
            }
            return Ok(outcomes);
        }
    }
    for path in &changed {
        let bytes = std::fs::read(staging.path().join(path)).map_err(|e| format!("{path}: {e}"))?;
        super::write::write_atomic(&data_dir.join(path), &bytes).map_err(|e| e.to_string())?;
    }
    if prices_changed {
        refresher
            .store
            .reload()
            .map_err(|e| format!("the reload after the refresh failed (last good kept): {e}"))?;
    }
    Ok(outcomes)
}

fn outcome_of(report: &Report) -> Outcome {
    if report.not_modified {
        Outcome::NotModified
    } else if report.files.iter().any(|f| f.written) {
        Outcome::Updated
    } else {
        Outcome::Unchanged
    }
}

fn read_state(data_dir: &Path) -> State {
    std::fs::read(state_path(data_dir)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

fn describe(
    data_dir: &Path,
    source: &str,
    state: &State,
    last_refresh: Option<RefreshOutcome>,
) -> SourceStatus {
    let entry = state.sources.get(source);
    let files: Vec<String> = entry.map(|e| e.outputs.keys().cloned().collect()).unwrap_or_default();
    let price_date = files
        .iter()
        .filter_map(|path| std::fs::read(data_dir.join(path)).ok().map(|bytes| (path, bytes)))
        .filter_map(|(path, bytes)| super::write::newest_price_date(path, &bytes))
        .max();
    let retrieved = entry
        .and_then(|e| e.last_success.as_deref())
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    SourceStatus { source: source.to_string(), files, price_date, retrieved, last_refresh }
}

/// Relative `/`-separated paths of the files in `staging` that differ from (or are missing in) `live`.
fn changed_files(live: &Path, staging: &Path) -> std::io::Result<Vec<String>> {
    let mut changed = Vec::new();
    walk(staging, staging, &mut |relative, path| {
        let new = std::fs::read(path)?;
        if std::fs::read(live.join(relative)).ok().as_deref() != Some(new.as_slice()) {
            changed.push(relative.to_string());
        }
        Ok(())
    })?;
    changed.sort();
    Ok(changed)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    walk(from, from, &mut |relative, path| {
        let target = to.join(relative);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(path, target).map(|_| ())
    })
}

fn walk(
    root: &Path,
    dir: &Path,
    visit: &mut dyn FnMut(&str, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(root, &path, visit)?;
        } else {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let parts: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            visit(&parts.join("/"), &path)?;
        }
    }
    Ok(())
}
