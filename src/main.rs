//! The `breakeven` command: serve the API (default), print the OpenAPI document, validate data.

use breakeven::config::KeyRing;
use breakeven::config::{self, Settings, DEFAULT_BODY_LIMIT, DEFAULT_CACHE_BYTES};
use breakeven::startup::Application;
use breakeven::{api, catalog, import, store, telemetry};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "breakeven", version, about = "Rent or own? Cost comparisons over sourced, dated prices.")]
// The serve flags at the top level are for the default command only: given before another subcommand
// they would be silently ignored (`breakeven --data-dir X validate` validated ./pricing-data), so clap
// refuses that combination instead.
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API (the default when no subcommand is given).
    Serve(ServeArgs),
    /// Print the OpenAPI document (redirect to openapi/openapi.json to update the committed copy).
    Openapi,
    /// Check a pricing-data directory; prints every problem and exits non-zero if there is any.
    Validate {
        /// Directory to check.
        #[arg(default_value = "pricing-data", env = "BREAKEVEN_DATA_DIR")]
        dir: PathBuf,
    },
    /// Write the JSON Schemas of the data files into DIR/schema/.
    Schema {
        #[arg(default_value = "pricing-data")]
        dir: PathBuf,
    },
    /// Compare a scenario (or template request) JSON file offline and print the comparison JSON.
    Compare {
        /// Scenario JSON (as for POST /v1/comparisons); `-` reads standard input.
        file: PathBuf,
        #[arg(long, env = "BREAKEVEN_DATA_DIR", default_value = "pricing-data")]
        data_dir: PathBuf,
    },
    /// Print the catalogue's counts by category and basis as the README's markdown table.
    Stats {
        #[arg(default_value = "pricing-data", env = "BREAKEVEN_DATA_DIR")]
        dir: PathBuf,
        /// Rewrite the table between the `catalog-stats` markers of this markdown file instead of printing.
        #[arg(long)]
        readme: Option<PathBuf>,
    },
    /// Compute the README's worked examples (comparisons and sweeps of the bundled templates) as markdown.
    Examples {
        #[arg(default_value = "pricing-data", env = "BREAKEVEN_DATA_DIR")]
        dir: PathBuf,
        /// Rewrite the section between the `worked-examples` markers of this markdown file instead of printing.
        #[arg(long)]
        readme: Option<PathBuf>,
    },
    /// Import prices from a vendor's price list into the data directory (see `import <source> --help`).
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Liveness probe for container HEALTHCHECKs: exits 0 when GET /healthz answers 200.
    Healthcheck {
        #[arg(long, env = "BREAKEVEN_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
}

/// One subcommand per price source; each `--help` explains its selection file.
#[derive(Debug, Subcommand)]
enum ImportSource {
    /// ECB euro reference rates (daily or 90-day XML) → fx.json.
    #[command(long_about = import::ecb::HELP)]
    Ecb(ImportArgs),
    /// AWS Price List Bulk API (EC2, EBS, data transfer out, Savings Plans) → cloud/aws.json.
    #[command(long_about = import::aws::HELP)]
    Aws(ImportArgs),
    /// Azure Retail Prices API (virtual machines) → cloud/azure.json.
    #[command(long_about = import::azure::HELP)]
    Azure(ImportArgs),
    /// Google Cloud Billing Catalog API (Compute Engine machine types, disks) → cloud/gcp.json.
    #[command(long_about = import::gcp::HELP)]
    Gcp(ImportArgs),
    /// Tencent Cloud CVM prices (DescribeZoneInstanceConfigInfos, signed) → cloud/tencent.json.
    #[command(long_about = import::tencent::HELP)]
    Tencent(ImportArgs),
    /// Alibaba Cloud BSS QuerySkuPriceList (ECS instance types, signed) → cloud/alibaba.json.
    #[command(long_about = import::alibaba::HELP)]
    Alibaba(ImportArgs),
    /// Huawei Cloud ECS prices (BSS ListOnDemandResourceRatings, signed) → cloud/huawei.json.
    #[command(long_about = import::huawei::HELP)]
    Huawei(ImportArgs),
}

impl ImportSource {
    fn split(self) -> (&'static str, ImportArgs) {
        match self {
            ImportSource::Ecb(args) => ("ecb", args),
            ImportSource::Aws(args) => ("aws", args),
            ImportSource::Azure(args) => ("azure", args),
            ImportSource::Gcp(args) => ("gcp", args),
            ImportSource::Tencent(args) => ("tencent", args),
            ImportSource::Alibaba(args) => ("alibaba", args),
            ImportSource::Huawei(args) => ("huawei", args),
        }
    }
}

/// What every importer takes.
#[derive(Debug, Args, Clone)]
struct ImportArgs {
    /// Read this URL or local file (same format as the vendor's) instead of the vendor's URL.
    #[arg(long, value_name = "URL or FILE")]
    from: Option<String>,
    /// Selection file [default: <data dir>/import/<source>.selection.json].
    #[arg(long, value_name = "FILE")]
    selection: Option<PathBuf>,
    /// Data directory written into.
    #[arg(long, env = "BREAKEVEN_DATA_DIR", default_value = "pricing-data")]
    data_dir: PathBuf,
    /// How provenance notes name the copy read with --from [default: the --from text].
    #[arg(long, value_name = "TEXT")]
    copy_name: Option<String>,
    /// The run's date, written as every figure's `retrieved` [default: today, UTC].
    #[arg(long, value_name = "YYYY-MM-DD")]
    retrieved: Option<chrono::NaiveDate>,
    /// Full GET even if the upstream's ETag/Last-Modified are remembered from the last run.
    #[arg(long)]
    force: bool,
    /// Print what would change; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Largest response accepted, in bytes [default: per source].
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<u64>,
    /// Seconds to wait for a connection.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    connect_timeout: f64,
    /// Seconds to wait for the response head or any read of the body before giving up.
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    read_timeout: f64,
    /// Retries after a failed attempt (connection errors, timeouts, 408, 429, 5xx).
    #[arg(long, default_value_t = 4)]
    retries: u32,
    /// First wait between attempts in seconds, doubled each retry (Retry-After overrides it).
    #[arg(long, value_name = "SECS", default_value_t = 1.0)]
    backoff: f64,
    /// Longest wait between attempts in seconds; a longer Retry-After fails the run.
    #[arg(long, value_name = "SECS", default_value_t = 120.0)]
    max_wait: f64,
    /// Sign API requests (tencent, alibaba, huawei) as of this Unix time in seconds [default: now] (replays, tests).
    #[arg(long, value_name = "UNIX SECS")]
    signing_time: Option<i64>,
}

impl ImportArgs {
    fn options(self) -> Result<import::Options, String> {
        let secs = |name: &str, value: f64| {
            std::time::Duration::try_from_secs_f64(value)
                .map_err(|_| format!("--{name}: {value} is not a duration in seconds"))
        };
        let retrieved = self.retrieved.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let mut options = import::Options::new(self.data_dir, retrieved);
        options.from = self.from;
        options.selection = self.selection;
        options.copy_name = self.copy_name;
        options.force = self.force;
        options.dry_run = self.dry_run;
        options.max_body_bytes = self.max_bytes;
        options.http.connect_timeout = secs("connect-timeout", self.connect_timeout)?;
        options.http.read_timeout = secs("read-timeout", self.read_timeout)?;
        options.http.retries = self.retries;
        options.http.backoff = secs("backoff", self.backoff)?;
        options.http.max_wait = secs("max-wait", self.max_wait)?;
        options.signing_time = match self.signing_time {
            None => None,
            Some(t) => Some(
                chrono::DateTime::from_timestamp(t, 0)
                    .ok_or_else(|| format!("--signing-time: {t} is not a Unix time"))?,
            ),
        };
        Ok(options)
    }
}

#[derive(Debug, Args, Clone)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BREAKEVEN_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Directory of the price files.
    #[arg(long, env = "BREAKEVEN_DATA_DIR", default_value = "pricing-data")]
    data_dir: PathBuf,
    /// Log filter, e.g. `info` or `breakeven=debug,actix_web=warn`.
    #[arg(long, env = "BREAKEVEN_LOG", default_value = "info")]
    log: String,
    /// File of API keys, one `name:scope:key` per line (scope `read` or `full`). No keys: auth off.
    #[arg(long, env = "BREAKEVEN_API_KEYS_FILE")]
    api_keys_file: Option<PathBuf>,
    /// API keys inline, comma-separated `name:scope:key` entries (added to the file's).
    #[arg(long, env = "BREAKEVEN_API_KEYS", hide_env_values = true)]
    api_keys: Option<String>,
    /// Directory of tenant price books, one `<API key name>.json` each (negotiated prices for that key).
    #[arg(long, env = "BREAKEVEN_PRICE_BOOKS")]
    price_books: Option<PathBuf>,
    /// Origins allowed to call from browsers (comma-separated, or `*`).
    #[arg(long, env = "BREAKEVEN_CORS_ORIGINS", value_delimiter = ',')]
    cors_origins: Vec<String>,
    /// Bytes the comparison cache may hold (its entries' JSON size).
    #[arg(long, env = "BREAKEVEN_CACHE_BYTES", default_value_t = DEFAULT_CACHE_BYTES)]
    cache_bytes: u64,
    /// Sweeps and tornado analyses run at once (default: one per core); more get a 503 with Retry-After.
    #[arg(long, env = "BREAKEVEN_HEAVY_CONCURRENCY", value_parser = clap::value_parser!(u32).range(1..))]
    heavy_concurrency: Option<u32>,
    /// Requests per minute per API key (per client address when keys are off); 0 turns limits off.
    #[arg(long, env = "BREAKEVEN_RATE_LIMIT", default_value_t = 0)]
    rate_limit: u32,
    /// Also serve `GET /metrics`, unauthenticated, on this address (e.g. 127.0.0.1:9090).
    #[arg(long, env = "BREAKEVEN_METRICS_ADDR")]
    metrics_addr: Option<SocketAddr>,
    /// Refresh prices while serving, e.g. `24h`: every interval run each importer that has a selection
    /// file in <data dir>/import/ into a staging copy, and swap in what loads (off by default).
    #[arg(long, env = "BREAKEVEN_REFRESH_EVERY", value_parser = humantime::parse_duration, value_name = "DURATION")]
    refresh_every: Option<std::time::Duration>,
    /// Read a source from another URL or file than the vendor's while refreshing (`ecb=URL`; repeatable).
    #[arg(long, value_name = "SOURCE=URL", requires = "refresh_every")]
    refresh_from: Vec<String>,
}

impl ServeArgs {
    fn settings(&self) -> Result<Settings, String> {
        let mut key_text = match &self.api_keys_file {
            Some(path) => std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
            None => String::new(),
        };
        if let Some(inline) = &self.api_keys {
            key_text.push('\n');
            key_text.push_str(inline);
        }
        Ok(Settings {
            addr: self.addr,
            data_dir: self.data_dir.clone(),
            price_books_dir: self.price_books.clone(),
            body_limit: DEFAULT_BODY_LIMIT,
            workers: None,
            api_keys: KeyRing::parse(&key_text).map_err(|e| e.to_string())?,
            cors_origins: self
                .cors_origins
                .iter()
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty())
                .collect(),
            cache_bytes: self.cache_bytes,
            heavy_concurrency: self
                .heavy_concurrency
                .map_or_else(config::default_heavy_concurrency, |n| n as usize),
            rate_limit_per_minute: std::num::NonZeroU32::new(self.rate_limit),
            metrics_addr: self.metrics_addr,
            refresh: self.refresh_settings()?,
        })
    }

    fn refresh_settings(&self) -> Result<Option<config::RefreshSettings>, String> {
        let Some(every) = self.refresh_every else { return Ok(None) };
        if every.is_zero() {
            return Err("--refresh-every: give a positive duration such as 24h".into());
        }
        let mut from = std::collections::BTreeMap::new();
        for entry in &self.refresh_from {
            let (source, location) =
                entry.split_once('=').ok_or_else(|| format!("--refresh-from `{entry}`: write SOURCE=URL"))?;
            from.insert(source.trim().to_string(), location.trim().to_string());
        }
        Ok(Some(config::RefreshSettings { every, from }))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Openapi) => {
            print!("{}", api::openapi_text(&api::openapi()));
            ExitCode::SUCCESS
        }
        Some(Command::Validate { dir }) => validate(&dir),
        Some(Command::Schema { dir }) => write_schemas(&dir),
        Some(Command::Compare { file, data_dir }) => compare(&file, &data_dir),
        Some(Command::Stats { dir, readme }) => stats(&dir, readme.as_deref()),
        Some(Command::Examples { dir, readme }) => examples(&dir, readme.as_deref()),
        Some(Command::Import { source }) => run_import(source),
        Some(Command::Healthcheck { addr }) => healthcheck(addr),
    }
}

/// `breakeven import <source>`: the report goes to stdout, progress and errors to stderr.
fn run_import(source: ImportSource) -> ExitCode {
    let (name, args) = source.split();
    let Some(importer) = import::importer(name) else {
        eprintln!("import: no importer named {name}");
        return ExitCode::FAILURE;
    };
    let options = match args.options() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("import {name}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match import::run(importer.as_ref(), &options) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("import {name} failed, nothing was changed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    telemetry::init(&args.log);
    // actix's System runtime also installs the SIGINT/SIGTERM handlers for graceful shutdown.
    let result = actix_web::rt::System::new().block_on(async move {
        let application = Application::build(args.settings()?)?;
        application.run_until_stopped().await.map_err(|e| e.to_string())?;
        Ok::<(), Box<dyn std::error::Error>>(())
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn validate(dir: &std::path::Path) -> ExitCode {
    match store::load_snapshot(dir) {
        Ok(snapshot) => {
            let catalog = &snapshot.catalog;
            println!(
                "{}: valid — {} offerings in {} files, {} templates, version {}",
                dir.display(),
                catalog.offerings.len(),
                catalog.files.len(),
                snapshot.templates.len(),
                catalog.version
            );
            ExitCode::SUCCESS
        }
        Err(store::StoreError::Invalid(errors)) => {
            eprintln!("{}: {errors}", dir.display());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The same answer as `POST /v1/comparisons`, without a server. Problems go to stderr with their
/// JSON pointers, and the exit code is non-zero.
fn compare(file: &std::path::Path, data_dir: &std::path::Path) -> ExitCode {
    use std::io::{Read, Write};
    let mut text = String::new();
    let read = if file.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(file).map(|t| text = t)
    };
    if let Err(e) = read {
        eprintln!("{}: {e}", file.display());
        return ExitCode::FAILURE;
    }
    let snapshot = match store::load_snapshot(data_dir) {
        Ok(snapshot) => snapshot,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let result = api::extract::parse_json::<serde_json::Value>(text.as_bytes())
        .and_then(|body| api::comparisons::scenario_of_body(&snapshot, body))
        .and_then(|scenario| breakeven::engine::compare(&snapshot.catalog, &scenario).map_err(Into::into));
    match result.map(|comparison| serde_json::to_string_pretty(&comparison)) {
        Ok(Ok(json)) => {
            // A closed pipe (`| head`) is not an error of ours.
            let _ = writeln!(std::io::stdout(), "{json}");
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
        Err(error) => {
            let problem = error.problem();
            eprintln!("{}: {}", file.display(), problem.detail);
            for field in &problem.errors {
                eprintln!(
                    "  {}: {}",
                    if field.pointer.is_empty() { "/" } else { &field.pointer },
                    field.detail
                );
            }
            ExitCode::FAILURE
        }
    }
}

fn stats(dir: &std::path::Path, readme: Option<&std::path::Path>) -> ExitCode {
    match store::load_catalog(dir) {
        Ok(catalog) => print_or_replace(readme, "catalog-stats", &catalog::query::stats_markdown(&catalog)),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `breakeven examples`: the README's worked examples, computed by the same code as the GET forms.
fn examples(dir: &std::path::Path, readme: Option<&std::path::Path>) -> ExitCode {
    let markdown = store::load_snapshot(dir)
        .map_err(|e| e.to_string())
        .and_then(|snapshot| breakeven::report::examples::markdown(&snapshot));
    match markdown {
        Ok(markdown) => print_or_replace(readme, breakeven::report::examples::MARKER, &markdown),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints `content`, or writes it between the `<!-- {marker}:begin -->` line and `<!-- {marker}:end -->`
/// of `readme`.
fn print_or_replace(readme: Option<&std::path::Path>, marker: &str, content: &str) -> ExitCode {
    let Some(readme) = readme else {
        print!("{content}");
        return ExitCode::SUCCESS;
    };
    match replace_between_markers(readme, marker, content) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e}", readme.display());
            ExitCode::FAILURE
        }
    }
}

fn replace_between_markers(path: &std::path::Path, marker: &str, content: &str) -> Result<(), String> {
    let begin = format!("<!-- {marker}:begin -->\n");
    let end = format!("<!-- {marker}:end -->");
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let start = text.find(&begin).ok_or(format!("no {marker}:begin marker"))? + begin.len();
    let stop = text[start..].find(&end).ok_or(format!("no {marker}:end marker"))? + start;
    let updated = format!("{}{content}{}", &text[..start], &text[stop..]);
    std::fs::write(path, updated).map_err(|e| e.to_string())
}

fn write_schemas(dir: &std::path::Path) -> ExitCode {
    let schema_dir = dir.join("schema");
    if let Err(e) = std::fs::create_dir_all(&schema_dir) {
        eprintln!("cannot create {}: {e}", schema_dir.display());
        return ExitCode::FAILURE;
    }
    for (name, text) in store::data_schemas() {
        let path = schema_dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

/// A minimal HTTP/1.1 GET over a plain socket, so the container image needs no curl.
fn healthcheck(addr: SocketAddr) -> ExitCode {
    use std::io::{Read, Write};
    use std::time::Duration;
    let target =
        if addr.ip().is_unspecified() { SocketAddr::from(([127, 0, 0, 1], addr.port())) } else { addr };
    let attempt = || -> std::io::Result<bool> {
        let mut stream = std::net::TcpStream::connect_timeout(&target, Duration::from_secs(3))?;
        stream.set_read_timeout(Some(Duration::from_secs(3)))?;
        write!(stream, "GET /healthz HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n")?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        Ok(response.starts_with("HTTP/1.1 200"))
    };
    match attempt() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("healthcheck: {e}");
            ExitCode::FAILURE
        }
    }
}
