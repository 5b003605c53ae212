//! P5, the catalogue at upstream scale: load + validate of a bulk data directory (wall time, peak
//! RSS) and the filtered offering listing (p50/p99) through the catalogue core and through HTTP.
//!
//!   cargo bench --bench catalog_scale                       # 1,000,000 schedules
//!   SCALE_SCHEDULES=100000 cargo bench --bench catalog_scale
//!
//! Environment: SCALE_SCHEDULES (1000000), SCALE_DIR (target/bulk/pricing-data; written by the
//! generator when missing or of another size; pass a directory of your own, e.g. an importer's
//! output, with SCALE_KEEP=1 to use it as it is), SCALE_ITERATIONS (2000 per query), SCALE_HTTP (1;
//! 0 skips the HTTP part). Targets: load ≤ 5 s, peak RSS ≤ 1 GiB, the P5 query ≤ 1 ms p50.
//!
//! The generator runs in a child process (this binary with `--generate`), so the peak RSS measured
//! here is the load's alone. The HTTP part starts the real `breakeven serve` on the same directory.

use breakeven::catalog::query::{self, Cursor, Filter, Order};
use breakeven::catalog::{Catalog, Category};
use breakeven::money::Currency;
use breakeven::store;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `VmHWM` (peak resident set) and `VmRSS` of a process, in MiB, from /proc.
fn memory_mib(pid: &str) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// p50 and p99 of `samples`, in milliseconds.
fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| {
        let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples.get(i).map_or(f64::NAN, |d| ms(*d))
    };
    (at(0.50), at(0.99))
}

fn generate_if_needed(dir: &Path, schedules: usize) -> Result<(), String> {
    let marker = dir.join(store::SYNTHETIC_MARKER);
    let wanted = format!("schedules={schedules}");
    let current = std::fs::read_to_string(&marker).unwrap_or_default();
    if std::env::var("SCALE_KEEP").is_ok_and(|v| v == "1") || current.trim() == wanted {
        return Ok(());
    }
    println!("== generating {schedules} schedules into {}", dir.display());
    let started = Instant::now();
    let status = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .arg("--generate")
        .arg(schedules.to_string())
        .arg(dir)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the generator failed".into());
    }
    println!("   done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn schedules_of(catalog: &Catalog) -> usize {
    catalog.offerings.values().map(|o| o.prices.len()).sum()
}

struct Case {
    name: &'static str,
    query: &'static str,
    filter: Filter,
    order: Order,
    /// Start from the cursor of the first page (the second page).
    second_page: bool,
}

fn price_order() -> Order {
    Order::Price { currency: Currency::usd(), descending: false }
}

fn cases() -> Vec<Case> {
    let p5 = Filter {
        provider: Some("aws".into()),
        region: Some("us-east-1".into()),
        min_vcpu: Some(4),
        max_vcpu: Some(16),
        ..Filter::default()
    };
    vec![
        Case {
            name: "P5: provider + region + vCPU 4–16, by price, first page of 50",
            query: "provider=aws&region=us-east-1&min_vcpu=4&max_vcpu=16&sort=price",
            filter: p5.clone(),
            order: price_order(),
            second_page: false,
        },
        Case {
            name: "P5, second page (cursor)",
            query: "",
            filter: p5,
            order: price_order(),
            second_page: true,
        },
        Case {
            name: "CNY prices sorted in USD (alibaba, cn-beijing, 8–32 vCPU)",
            query: "provider=alibaba&region=cn-beijing&min_vcpu=8&max_vcpu=32&sort=price",
            filter: Filter {
                provider: Some("alibaba".into()),
                region: Some("cn-beijing".into()),
                min_vcpu: Some(8),
                max_vcpu: Some(32),
                ..Filter::default()
            },
            order: price_order(),
            second_page: false,
        },
        Case {
            name: "category=storage by price (every provider)",
            query: "category=storage&sort=price",
            filter: Filter { category: Some(Category::Storage), ..Filter::default() },
            order: price_order(),
            second_page: false,
        },
        Case {
            name: "provider=aws by id (half the catalogue matches)",
            query: "provider=aws",
            filter: Filter { provider: Some("aws".into()), ..Filter::default() },
            order: Order::Id,
            second_page: false,
        },
        Case {
            name: "no filter, by id (everything matches)",
            query: "",
            filter: Filter::default(),
            order: Order::Id,
            second_page: false,
        },
    ]
}

fn time_query(catalog: &Catalog, case: &Case, scan: bool, iterations: usize) -> (f64, f64, usize) {
    let list = if scan { query::list_by_scan } else { query::list };
    let cursor: Option<Cursor> = if case.second_page {
        list(catalog, &case.filter, &case.order, None, 50).ok().and_then(|p| p.next)
    } else {
        None
    };
    let mut total = 0;
    let mut samples = Vec::with_capacity(iterations);
    for i in 0..iterations.saturating_add(iterations / 20) {
        let started = Instant::now();
        let page = list(catalog, &case.filter, &case.order, cursor.as_ref(), 50);
        let elapsed = started.elapsed();
        total = page.map_or(0, |p| std::hint::black_box(p).total);
        if i >= iterations / 20 {
            samples.push(elapsed);
        }
    }
    let (p50, p99) = percentiles(samples);
    (p50, p99, total)
}

/// The server's figures: startup (until it answers), its peak RSS, and HTTP p50/p99 per query.
fn http_part(dir: &Path, iterations: usize, cases: &[Case]) -> Result<(), String> {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["serve", "--addr", "127.0.0.1:0", "--log", "info", "--data-dir"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let pid = child.id().to_string();
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let mut lines = BufReader::new(stderr).lines();
    let port = lines.by_ref().map_while(Result::ok).find_map(|line| {
        let value: serde_json::Value = serde_json::from_str(&line).ok()?;
        (value["fields"]["message"] == "listening").then(|| value["fields"]["port"].as_u64()).flatten()
    });
    // Keep reading its log (a line per request), or the server's writes would fail on a closed pipe.
    std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
    let startup = started.elapsed();
    let result = (|| {
        let port = port.ok_or("the server did not start")?;
        let (hwm, rss) = memory_mib(&pid);
        println!();
        println!("== breakeven serve on the same directory");
        println!("| measure | value |\n|---|---:|");
        println!("| start-up until listening | {:.2} s |", startup.as_secs_f64());
        println!("| server peak RSS (VmHWM) | {hwm:.0} MiB |");
        println!("| server RSS serving | {rss:.0} MiB |");
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        runtime.block_on(async {
            let client = reqwest::Client::new();
            let get = |path: String| {
                let client = client.clone();
                async move {
                    let url = format!("http://127.0.0.1:{port}{path}");
                    let mut samples = Vec::with_capacity(iterations);
                    for i in 0..iterations.saturating_add(iterations / 20) {
                        let t = Instant::now();
                        let response = client.get(&url).send().await.map_err(|e| e.to_string())?;
                        let status = response.status();
                        let body = response.bytes().await.map_err(|e| e.to_string())?;
                        if !status.is_success() {
                            return Err(format!("{url}: {status}"));
                        }
                        std::hint::black_box(body);
                        if i >= iterations / 20 {
                            samples.push(t.elapsed());
                        }
                    }
                    Ok::<_, String>(percentiles(samples))
                }
            };
            let (h50, h99) = get("/healthz".to_string()).await?;
            println!();
            println!("| HTTP GET (keep-alive, one client) | p50 ms | p99 ms | p50 ÷ /healthz p50 |");
            println!("|---|---:|---:|---:|");
            println!("| /healthz | {h50:.3} | {h99:.3} | 1.0 × |");
            for case in cases.iter().filter(|c| !c.query.is_empty()) {
                let (p50, p99) = get(format!("/v1/offerings?{}", case.query)).await?;
                println!("| /v1/offerings?{} | {p50:.3} | {p99:.3} | {:.1} × |", case.query, p50 / h50);
            }
            Ok::<_, String>(())
        })
    })();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let _ = child.wait();
    result
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).is_some_and(|a| a == "--generate") {
        let schedules = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
        let dir = PathBuf::from(args.get(3).cloned().unwrap_or_default());
        return match store::write_synthetic_dir(schedules, &dir, &root().join("pricing-data/fx.json")) {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let schedules: usize = env_or("SCALE_SCHEDULES", 1_000_000);
    let iterations: usize = env_or("SCALE_ITERATIONS", 2_000);
    let dir =
        std::env::var("SCALE_DIR").map_or_else(|_| root().join("target/bulk/pricing-data"), PathBuf::from);
    if let Err(e) = generate_if_needed(&dir, schedules) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }

    println!("== load + validate {} (this process)", dir.display());
    let started = Instant::now();
    let sources = match store::read_sources(&dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let read = started.elapsed();
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    drop(sources);
    let started = Instant::now();
    let snapshot = match store::load_snapshot(&dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let load = started.elapsed();
    let (hwm, rss) = memory_mib("self");
    let catalog = &snapshot.catalog;
    println!("| measure | value | target |\n|---|---:|---:|");
    println!(
        "| catalogue | {} schedules, {} offerings, {} files, {:.0} MiB of JSON | 1,000,000 schedules |",
        schedules_of(catalog),
        catalog.offerings.len(),
        catalog.files.len(),
        bytes as f64 / 1048576.0
    );
    println!("| read the files alone (warm page cache) | {:.2} s | |", read.as_secs_f64());
    println!("| load + validate + index (read included) | {:.2} s | ≤ 5 s |", load.as_secs_f64());
    println!("| peak RSS (VmHWM) | {hwm:.0} MiB | ≤ 1024 MiB |");
    println!("| RSS after load | {rss:.0} MiB | |");

    println!();
    println!(
        "== listing through the catalogue core ({iterations} runs each; the full scan {} runs)",
        iterations / 10
    );
    println!("| query | matching | p50 ms | p99 ms | full scan p50 ms | scan ÷ indexed |");
    println!("|---|---:|---:|---:|---:|---:|");
    let cases = cases();
    for case in &cases {
        let (p50, p99, total) = time_query(catalog, case, false, iterations);
        let (s50, _, scan_total) = time_query(catalog, case, true, (iterations / 10).max(1));
        if scan_total != total {
            eprintln!("{}: the indexed listing found {total}, the scan {scan_total}", case.name);
            return ExitCode::FAILURE;
        }
        println!("| {} | {total} | {p50:.4} | {p99:.4} | {s50:.3} | {:.0} × |", case.name, s50 / p50);
    }

    if env_or("SCALE_HTTP", 1) == 1 {
        drop(snapshot);
        if let Err(e) = http_part(&dir, (iterations / 4).max(1), &cases) {
            eprintln!("HTTP part: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
