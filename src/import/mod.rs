//! Price importers (shell): read a vendor's price list and write `pricing-data/` files from it.
//!
//! # The contract
//!
//! A source implements [`Importer`]: a name, the vendor's default URL, and
//! [`Importer::import`], which reads its selection and the upstream through the [`Context`] and returns
//! the data files it produced ([`Imported::Files`]), or [`Imported::NotModified`] when a conditional
//! GET says nothing changed. An importer never writes: [`run`] does the rest, the same for every source:
//!
//! 1. checks every produced file together with the rest of the data directory, with the same loader
//!    `serve` uses (nothing is written when anything would fail to load);
//! 2. drops files that did not change (ignoring `retrieved` dates, see [`write`]);
//! 3. writes the others atomically (temporary file + rename) and prints a diff summary per file;
//! 4. records the upstream's ETag/Last-Modified and the written files' hashes in the state file
//!    `<data dir>/import/state.json` (not committed), for the next run's conditional GET.
//!
//! Any error leaves the data directory as it was. Parsing is a plain function over bytes or
//! `impl Read` in each source module, so it is tested without HTTP.
//!
//! # Adding a source
//!
//! Add `src/import/<source>.rs` with a selection struct (`deny_unknown_fields`), a `HELP` text that
//! explains the selection file, a parser over `impl Read`, and an `Importer`; register it in
//! [`importer`] and as a variant of `ImportSource` in `src/main.rs`; commit
//! `pricing-data/import/<source>.selection.json`; add fixtures under `tests/fixtures/upstream/<source>/`
//! and a module to `tests/import/`.
//!
//! # Provenance
//!
//! What a vendor's own price list says is `vendor_list` with `price_date` = the upstream's publication or
//! effective date and `retrieved` = the run's date ([`Options::retrieved`], given in, not read from a
//! clock in the core). Read from anywhere but the vendor's URL (`--from`), the vendor's URL stays the
//! `source_url` and the copy is named in the note ([`Context::copy_note`]).

pub mod alibaba;
pub mod aws;
pub mod azure;
pub mod ecb;
pub mod gcp;
pub mod http;
pub mod huawei;
pub mod merge;
pub mod progress;
pub mod refresh;
pub mod select;
pub mod sign;
pub mod site;
pub mod tencent;
pub mod write;

use crate::catalog::load::{LoadErrors, SourceFile};
use crate::catalog::{Basis, PriceFile, Provenance};
use chrono::NaiveDate;
use http::{Fetched, Http, HttpSettings, Validators};
use progress::Progress;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;
pub use write::DataFile;

/// Every way an import can fail. Each names what it was reading and what was wrong.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{url}: no connection: {detail}")]
    Transport { url: String, detail: String },
    #[error("{url}: timed out {during} (no data for {} s)", .after.as_secs_f64())]
    Timeout { url: String, after: Duration, during: &'static str },
    #[error("{url}: HTTP {status}{}", colon_prefixed(.excerpt))]
    Status { url: String, status: u16, excerpt: String },
    #[error("{url}: {detail}")]
    Upstream { url: String, detail: String },
    #[error("{url}: the response is larger than the {limit}-byte limit (raise it with --max-bytes)")]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: the response ended early (truncated) {detail}")]
    Truncated { url: String, detail: String },
    /// The upstream answered, but not in the format this importer reads (a wrong schema, bad numbers).
    #[error("{source_name}: not a valid {format}: {detail}")]
    Format { source_name: String, format: &'static str, detail: String },
    #[error("selection file {}: {detail}", path.display())]
    Selection { path: PathBuf, detail: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The produced files would not load: nothing was written.
    #[error("the imported data would not load, nothing was written: {0}")]
    Invalid(LoadErrors),
    #[error("{0}")]
    Config(String),
}

impl ImportError {
    /// An `io::Error` from reading a body: the [`ImportError`] inside it, or a read error of `what`.
    pub fn from_io(e: std::io::Error, what: &str) -> ImportError {
        let text = e.to_string();
        match e.into_inner().map(|inner| inner.downcast::<ImportError>()) {
            Some(Ok(error)) => *error,
            Some(Err(other)) => {
                ImportError::Upstream { url: what.to_string(), detail: format!("read error: {other}") }
            }
            None => ImportError::Upstream { url: what.to_string(), detail: format!("read error: {text}") },
        }
    }

    /// A [`ImportError::Format`] for `source_name`.
    pub fn format(source_name: &str, format: &'static str, detail: impl Into<String>) -> ImportError {
        ImportError::Format { source_name: source_name.to_string(), format, detail: detail.into() }
    }
}

fn colon_prefixed(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(": {text}")
    }
}

/// One price source.
pub trait Importer {
    /// The CLI name (`ecb`, `azure`, …), also the key of its selection file and state.
    fn name(&self) -> &'static str;
    /// The vendor's own URL, read when `--from` is not given.
    fn default_url(&self) -> &'static str;
    /// Largest response accepted unless `--max-bytes` says otherwise.
    fn max_body_bytes(&self) -> u64 {
        64 * 1024 * 1024
    }
    /// Reads the selection and the upstream and returns the files to write (not writing them).
    fn import(&self, ctx: &mut Context<'_>) -> Result<Imported, ImportError>;
}

/// What an importer produced.
#[derive(Debug)]
pub enum Imported {
    /// The upstream said (by conditional GET) nothing changed since the last run.
    NotModified,
    /// Files to write, paths relative to the data directory (`fx.json`, `cloud/azure.json`).
    Files(Vec<(String, DataFile)>),
}

impl Imported {
    /// One price file to write at `output`.
    pub fn prices(output: &str, file: PriceFile) -> Imported {
        Imported::Files(vec![(output.to_string(), DataFile::Prices(file))])
    }
}

/// The importer registered under `name`.
pub fn importer(name: &str) -> Option<Box<dyn Importer + Send + Sync>> {
    match name {
        "ecb" => Some(Box::new(ecb::Ecb)),
        "aws" => Some(Box::new(aws::Aws)),
        "azure" => Some(Box::new(azure::Azure)),
        "gcp" => Some(Box::new(gcp::Gcp)),
        "huawei" => Some(Box::new(huawei::Huawei)),
        "tencent" => Some(Box::new(tencent::Tencent)),
        "alibaba" => Some(Box::new(alibaba::Alibaba)),
        _ => None,
    }
}

/// The names [`importer`] knows.
pub const SOURCES: &[&str] = &["alibaba", "aws", "azure", "ecb", "gcp", "huawei", "tencent"];

/// What a run reads and where it writes.
#[derive(Debug, Clone)]
pub struct Options {
    pub data_dir: PathBuf,
    /// A URL or a local file of the upstream's format, instead of the vendor's URL.
    pub from: Option<String>,
    /// The selection file; default `<data dir>/import/<source>.selection.json`.
    pub selection: Option<PathBuf>,
    /// How to name the copy `--from` points at in provenance notes (default: the `--from` text).
    pub copy_name: Option<String>,
    /// The run's date: every figure's `retrieved`.
    pub retrieved: NaiveDate,
    /// Ignore the state file's validators (always a full GET).
    pub force: bool,
    /// Report what would change; write nothing.
    pub dry_run: bool,
    pub http: HttpSettings,
    /// `--max-bytes`, overriding the importer's own limit.
    pub max_body_bytes: Option<u64>,
    /// The time signed requests are signed with (`--signing-time`); none = the clock, read in the
    /// shell when a request is signed. Tests fix it to recompute the signature.
    pub signing_time: Option<chrono::DateTime<chrono::Utc>>,
}

impl Options {
    pub fn new(data_dir: PathBuf, retrieved: NaiveDate) -> Options {
        Options {
            data_dir,
            from: None,
            selection: None,
            copy_name: None,
            retrieved,
            force: false,
            dry_run: false,
            http: HttpSettings::default(),
            max_body_bytes: None,
            signing_time: None,
        }
    }
}

/// Where an upstream document is: a URL, or a local file of the same format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Url(String),
    File(PathBuf),
}

impl Location {
    /// `http://` and `https://` are URLs; anything else is a file path.
    pub fn parse(text: &str) -> Location {
        if text.starts_with("http://") || text.starts_with("https://") {
            Location::Url(text.to_string())
        } else {
            Location::File(PathBuf::from(text))
        }
    }

    /// `reference` (absolute, or relative like AWS's `/offers/v1.0/…`) resolved against this location:
    /// for a URL as a browser would; for a file, relative to the file's directory (a mirrored tree).
    pub fn join(&self, reference: &str) -> Result<Location, ImportError> {
        if reference.starts_with("http://") || reference.starts_with("https://") {
            return Ok(Location::Url(reference.to_string()));
        }
        match self {
            Location::Url(base) => {
                let base =
                    reqwest::Url::parse(base).map_err(|e| ImportError::Config(format!("{base}: {e}")))?;
                let joined =
                    base.join(reference).map_err(|e| ImportError::Config(format!("{reference}: {e}")))?;
                Ok(Location::Url(joined.to_string()))
            }
            Location::File(path) => {
                let dir = path.parent().unwrap_or(Path::new("."));
                Ok(Location::File(dir.join(reference.trim_start_matches('/'))))
            }
        }
    }

    pub fn display(&self) -> String {
        match self {
            Location::Url(url) => url.clone(),
            Location::File(path) => path.display().to_string(),
        }
    }
}

/// What an importer may use while it runs.
pub struct Context<'a> {
    source: &'static str,
    options: &'a Options,
    progress: Progress,
    http: Option<Http>,
    max_body_bytes: u64,
    previous: SourceState,
    use_validators: bool,
    fetched: BTreeMap<String, Validators>,
}

impl<'a> Context<'a> {
    pub fn retrieved(&self) -> NaiveDate {
        self.options.retrieved
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    pub fn options(&self) -> &Options {
        self.options
    }

    /// `--from`, or the vendor's URL.
    pub fn upstream(&self, default_url: &str) -> Location {
        Location::parse(self.options.from.as_deref().unwrap_or(default_url))
    }

    /// The provenance note naming the copy read, when the run read one (`--from` other than the
    /// vendor's URL): "read from a copy: <name>".
    pub fn copy_note(&self, vendor_url: &str) -> Option<String> {
        let from = self.options.from.as_deref().filter(|from| *from != vendor_url)?;
        let name = self.options.copy_name.as_deref().unwrap_or(from);
        Some(format!("Read from a copy of the vendor's list: {name}"))
    }

    /// Where the source's selection is: `--selection`, else `<data dir>/import/<source>.selection.json`.
    pub fn selection_path(&self) -> PathBuf {
        self.options
            .selection
            .clone()
            .unwrap_or_else(|| select::default_path(&self.options.data_dir, self.source))
    }

    /// The source's selection, parsed.
    pub fn selection<T: serde::de::DeserializeOwned>(&self) -> Result<T, ImportError> {
        select::load(&self.selection_path())
    }

    /// The source's selection, parsed and checked by `check`; a problem names the file.
    pub fn checked_selection<T: serde::de::DeserializeOwned>(
        &self,
        check: impl FnOnce(&T) -> Result<(), String>,
    ) -> Result<T, ImportError> {
        let selection = self.selection()?;
        check(&selection).map_err(|detail| ImportError::Selection { path: self.selection_path(), detail })?;
        Ok(selection)
    }

    /// The price file at `path` (relative to the data directory) a run merges into, none when it
    /// does not exist yet.
    pub fn existing_prices(&self, path: &str) -> Result<Option<PriceFile>, ImportError> {
        let Some(bytes) = self.existing(path)? else { return Ok(None) };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| ImportError::Config(format!("{path}: cannot merge into it: {e}")))
    }

    /// A local upstream's bytes (`--from FILE`) and the name errors give it.
    pub fn read_local(&mut self, path: PathBuf) -> Result<(Vec<u8>, String), ImportError> {
        let location = Location::File(path);
        let bytes = self.fetch(&location, false)?.unwrap_or_default();
        Ok((bytes, location.display()))
    }

    /// The current bytes of a data file (`cloud/azure.json`), none when it does not exist yet.
    pub fn existing(&self, path: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let full = self.options.data_dir.join(path);
        match std::fs::read(&full) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(ImportError::Io { path: full, source }),
        }
    }

    fn http(&mut self) -> Result<&Http, ImportError> {
        if self.http.is_none() {
            let mut settings = self.options.http.clone();
            settings.max_body_bytes = self.max_body_bytes;
            self.http = Some(Http::new(settings, self.progress.clone())?);
        }
        self.http.as_ref().ok_or_else(|| ImportError::Config("no HTTP client".into()))
    }

    fn validators_for(&self, url: &str, conditional: bool) -> Option<Validators> {
        let known = self.previous.urls.get(url)?;
        (conditional && self.use_validators && !known.is_empty()).then(|| known.clone())
    }

    /// Sends `name: value` (an API key) with every request of this run; never logged or written.
    pub fn secret_header(&mut self, name: &str, value: &str) -> Result<(), ImportError> {
        self.http()?;
        match self.http.as_mut() {
            Some(http) => http.add_secret_header(name, value),
            None => Err(ImportError::Config("no HTTP client".into())),
        }
    }

    /// The whole document at `location` (under the size cap for URLs); `None` when `conditional` and
    /// the upstream answered 304 Not Modified to the validators remembered from the last run.
    pub fn fetch(&mut self, location: &Location, conditional: bool) -> Result<Option<Vec<u8>>, ImportError> {
        match location {
            Location::File(path) => {
                let bytes =
                    std::fs::read(path).map_err(|source| ImportError::Io { path: path.clone(), source })?;
                self.progress.log(&format!("read {}: {} bytes", path.display(), bytes.len()));
                Ok(Some(bytes))
            }
            Location::Url(url) => {
                let validators = self.validators_for(url, conditional);
                let fetched = self.http()?.get_bytes(url, validators.as_ref())?;
                match fetched {
                    None => {
                        self.progress.log(&format!("{url}: 304 Not Modified"));
                        Ok(None)
                    }
                    Some((bytes, validators)) => {
                        self.fetched.insert(url.clone(), validators);
                        Ok(Some(bytes))
                    }
                }
            }
        }
    }

    /// The time to sign a request with: `--signing-time`, else now.
    pub fn signing_time(&self) -> chrono::DateTime<chrono::Utc> {
        self.options.signing_time.unwrap_or_else(chrono::Utc::now)
    }

    /// POSTs a (signed) API request to `url` and returns the whole answer (retries, timeouts and the
    /// size cap as for a GET; never conditional).
    pub fn post(&mut self, url: &str, post: &http::Post) -> Result<Vec<u8>, ImportError> {
        self.http()?.post_bytes(url, post)
    }

    /// GETs a signed API request (parameters in `url`, the signature in `call`'s headers) and returns
    /// the whole answer, as [`Context::post`] does.
    pub fn signed_get(&mut self, url: &str, call: &http::Post) -> Result<Vec<u8>, ImportError> {
        self.http()?.signed_get_bytes(url, call)
    }

    /// The document at `location` as a stream, for files too large to hold (parse it as it arrives);
    /// `None` when `conditional` and the upstream answered 304. Read errors are `io::Error`s wrapping an
    /// [`ImportError`]: turn them back with [`ImportError::from_io`].
    pub fn open(
        &mut self,
        location: &Location,
        conditional: bool,
    ) -> Result<Option<Box<dyn Read + Send + 'static>>, ImportError> {
        match location {
            Location::File(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|source| ImportError::Io { path: path.clone(), source })?;
                let len = file.metadata().ok().map(|m| m.len());
                Ok(Some(Box::new(self.progress.file(path, len).reading(file))))
            }
            Location::Url(url) => {
                let validators = self.validators_for(url, conditional);
                match self.http()?.get(url, validators.as_ref())? {
                    Fetched::NotModified => Ok(None),
                    Fetched::Body(body) => {
                        self.fetched.insert(url.clone(), body.validators.clone());
                        let bar = self.progress.download(url, body.len);
                        Ok(Some(Box::new(bar.reading(body))))
                    }
                }
            }
        }
    }
}

/// A provenance for a figure read on the vendor's own list (see the module doc).
pub fn vendor_provenance(
    source_url: &str,
    price_date: Option<NaiveDate>,
    retrieved: NaiveDate,
    note: Option<String>,
) -> Provenance {
    provenance(Basis::VendorList, source_url, price_date, retrieved, note)
}

/// A provenance for a figure computed from vendor figures by the formula in `note`.
pub fn derived_provenance(
    source_url: &str,
    price_date: Option<NaiveDate>,
    retrieved: NaiveDate,
    note: String,
) -> Provenance {
    provenance(Basis::Derived, source_url, price_date, retrieved, Some(note))
}

/// A provenance of `basis` (not `third_party`: an importer reads the vendor's own format).
pub fn provenance(
    basis: Basis,
    source_url: &str,
    price_date: Option<NaiveDate>,
    retrieved: NaiveDate,
    note: Option<String>,
) -> Provenance {
    Provenance { source_url: source_url.to_string(), basis, copied_by: None, price_date, retrieved, note }
}

/// The state file: per source, the validators of what was read and the hashes of what was written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub sources: BTreeMap<String, SourceState>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SourceState {
    /// When the last successful run finished (UTC, RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success: Option<String>,
    #[serde(default)]
    pub urls: BTreeMap<String, Validators>,
    /// `sha256:` of each file as the last run wrote or confirmed it.
    #[serde(default)]
    pub outputs: BTreeMap<String, String>,
}

/// `<data dir>/import/state.json`.
pub fn state_path(data_dir: &Path) -> PathBuf {
    data_dir.join(select::IMPORT_DIR).join("state.json")
}

fn load_state(data_dir: &Path, progress: &Progress) -> State {
    let path = state_path(data_dir);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            progress.log(&format!("{}: unreadable ({e}); starting without it", path.display()));
            State::default()
        }),
        Err(_) => State::default(),
    }
}

fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("sha256:{}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// One file of a run's report.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub written: bool,
    pub diff: write::Diff,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Report {
    pub source: String,
    /// The upstream said nothing changed (304): no file was looked at.
    pub not_modified: bool,
    pub dry_run: bool,
    pub files: Vec<FileReport>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.not_modified {
            return write!(f, "{}: upstream not modified since the last run; nothing to do", self.source);
        }
        for (i, file) in self.files.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let verb = match (file.written, self.dry_run) {
                (false, _) => "unchanged",
                (true, true) => "would write",
                (true, false) => "wrote",
            };
            write!(f, "{}: {verb} {}: {}", self.source, file.path, file.diff)?;
            if file.written && file.diff.is_empty() {
                write!(f, " (no price changed: provenance or other fields did)")?;
            }
        }
        Ok(())
    }
}

/// Runs `importer` as the module doc says. On any error the data directory is as it was.
pub fn run(importer: &dyn Importer, options: &Options) -> Result<Report, ImportError> {
    let progress = Progress::for_stderr();
    run_with(importer, options, progress)
}

/// [`run`] with the progress reporter given (the refresh loop logs plain lines).
pub fn run_with(
    importer: &dyn Importer,
    options: &Options,
    progress: Progress,
) -> Result<Report, ImportError> {
    let source = importer.name();
    let mut state = load_state(&options.data_dir, &progress);
    let previous = state.sources.get(source).cloned().unwrap_or_default();
    // Validators only count while the files they produced are still as written.
    let outputs_intact = previous.outputs.iter().all(|(path, recorded)| {
        std::fs::read(options.data_dir.join(path)).is_ok_and(|bytes| hash(&bytes) == *recorded)
    });
    let mut ctx = Context {
        source,
        options,
        progress: progress.clone(),
        http: None,
        max_body_bytes: options.max_body_bytes.unwrap_or_else(|| importer.max_body_bytes()),
        previous: previous.clone(),
        use_validators: !options.force && outputs_intact && !previous.outputs.is_empty(),
        fetched: BTreeMap::new(),
    };
    let imported = importer.import(&mut ctx)?;
    let fetched = std::mem::take(&mut ctx.fetched);
    let files = match imported {
        Imported::NotModified => {
            return Ok(Report {
                source: source.to_string(),
                not_modified: true,
                dry_run: options.dry_run,
                files: vec![],
            })
        }
        Imported::Files(files) => files,
    };

    let mut rendered = Vec::new();
    let mut reports = Vec::new();
    for (path, file) in &files {
        let bytes = file.render()?;
        let old = ctx.existing(path)?;
        let unchanged = old.as_deref().is_some_and(|old| same_or_only_retrieved(old, &bytes));
        let old_rows = old.as_deref().map(|o| write::price_rows(path, o)).unwrap_or_default();
        let diff = write::Diff::between(&old_rows, &write::price_rows(path, &bytes));
        reports.push(FileReport { path: path.clone(), written: !unchanged, diff });
        if !unchanged {
            rendered.push((path.clone(), bytes));
        }
    }
    check_loads(&options.data_dir, &rendered)?;
    if options.dry_run {
        return Ok(Report { source: source.to_string(), not_modified: false, dry_run: true, files: reports });
    }
    for (path, bytes) in &rendered {
        write::write_atomic(&options.data_dir.join(path), bytes)?;
    }

    let mut outputs = BTreeMap::new();
    for (path, _) in &files {
        if let Some(bytes) = ctx.existing(path)? {
            outputs.insert(path.clone(), hash(&bytes));
        }
    }
    let entry = state.sources.entry(source.to_string()).or_default();
    entry.urls = fetched;
    entry.outputs = outputs;
    entry.last_success = Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let state_bytes = serde_json::to_vec_pretty(&state)
        .map_err(|e| ImportError::Config(format!("cannot render the state file: {e}")))?;
    // The data is written; a state file that cannot be written only costs the next run a full GET.
    if let Err(e) = write::write_atomic(&state_path(&options.data_dir), &state_bytes) {
        progress.log(&format!("warning: {e}"));
    }
    Ok(Report { source: source.to_string(), not_modified: false, dry_run: false, files: reports })
}

fn same_or_only_retrieved(old: &[u8], new: &[u8]) -> bool {
    old == new || write::same_but_retrieved(old, new)
}

/// Loads the data directory as it would be with `replaced` files written, as `serve` would.
fn check_loads(data_dir: &Path, replaced: &[(String, Vec<u8>)]) -> Result<(), ImportError> {
    let mut sources = match crate::store::read_sources(data_dir) {
        Ok(sources) => sources,
        Err(crate::store::StoreError::Io { path, source }) => return Err(ImportError::Io { path, source }),
        Err(crate::store::StoreError::Invalid(errors)) => return Err(ImportError::Invalid(errors)),
    };
    for (path, bytes) in replaced {
        match sources.iter_mut().find(|s| s.path == *path) {
            Some(source) => source.bytes.clone_from(bytes),
            None => sources.push(SourceFile { path: path.clone(), bytes: bytes.clone() }),
        }
    }
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    match crate::store::build_snapshot(&sources) {
        Ok(_) => Ok(()),
        Err(crate::store::StoreError::Invalid(errors)) => Err(ImportError::Invalid(errors)),
        Err(crate::store::StoreError::Io { path, source }) => Err(ImportError::Io { path, source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_source_has_an_importer_of_that_name() {
        for name in SOURCES {
            let importer = importer(name).unwrap_or_else(|| panic!("no importer for `{name}`"));
            assert_eq!(importer.name(), *name);
            assert!(importer.default_url().starts_with("https://"), "{name}");
        }
        assert!(importer("nope").is_none());
    }

    #[test]
    fn locations_join_like_a_browser_or_a_mirrored_tree() {
        let url = Location::parse("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/index.json");
        assert_eq!(
            url.join("/offers/v1.0/aws/AmazonEC2/current/region_index.json").expect("join"),
            Location::Url(
                "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/region_index.json"
                    .into()
            )
        );
        let file = Location::parse("mirror/index.json");
        assert_eq!(file.join("/a/b.json").expect("join"), Location::File(PathBuf::from("mirror/a/b.json")));
        assert_eq!(file.join("https://x.test/y").expect("join"), Location::Url("https://x.test/y".into()));
    }
}
