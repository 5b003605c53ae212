//! Synthetic AWS offer files for benchmarks, and a timed parse of one (P6).
//!
//! ```sh
//! cargo run --release --bin aws-offer-synth -- generate --size 100MB --out target/bulk/aws/ec2-100MB.json
//! cargo run --release --bin aws-offer-synth -- parse target/bulk/aws/ec2-100MB.json
//! ```
//! `benches/aws-import.sh` runs both for 10 MB, 100 MB and 1 GB.

use breakeven::import::aws::offer::parse_offer;
use breakeven::import::aws::selection::AwsSelection;
use breakeven::import::aws::synth::{write_offer, SynthSpec};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    about = "Synthetic AWS EC2 offer files (invented prices, AWS's real format) and a timed parse of one"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a synthetic regional EC2 offer file.
    Generate {
        /// Approximate size: bytes, or with a suffix `KB`, `MB`, `GB` (powers of 1000).
        #[arg(long, value_parser = parse_size)]
        size: u64,
        /// Seed of the generator: the same seed and size give the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Region code written into the products.
        #[arg(long, default_value = "us-east-1")]
        region: String,
        /// Output file (its directory is created).
        #[arg(long)]
        out: PathBuf,
    },
    /// Parse an offer file with the importer's streaming parser and report MB/s and peak RSS.
    Parse {
        file: PathBuf,
        /// Instance families to select (the default keeps 3 × 9 sizes, like the committed selection).
        #[arg(long, value_delimiter = ',', default_value = "m6i,m7i,m7g")]
        families: Vec<String>,
    },
}

fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_uppercase();
    let (number, factor) = if let Some(n) = t.strip_suffix("GB") {
        (n, 1_000_000_000)
    } else if let Some(n) = t.strip_suffix("MB") {
        (n, 1_000_000)
    } else if let Some(n) = t.strip_suffix("KB") {
        (n, 1_000)
    } else {
        (t.as_str(), 1)
    };
    number.trim().parse::<u64>().map(|n| n * factor).map_err(|e| format!("size `{text}`: {e}"))
}

/// Peak resident set size of this process in kB (`VmHWM` in /proc/self/status), if readable.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Generate { size, seed, region, out } => {
            if let Some(dir) = out.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            let file = std::fs::File::create(&out).map_err(|e| format!("{}: {e}", out.display()))?;
            let started = Instant::now();
            let summary = write_offer(file, &SynthSpec { target_bytes: size, seed, region })
                .map_err(|e| format!("{}: {e}", out.display()))?;
            println!(
                "wrote {} ({} bytes, {} products) in {:.1} s",
                out.display(),
                summary.bytes,
                summary.products,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Parse { file, families } => {
            let bytes = std::fs::metadata(&file).map_err(|e| format!("{}: {e}", file.display()))?.len();
            let reader = std::fs::File::open(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let mut selection = AwsSelection::new(&["us-east-1"], &[]);
            selection.instance_families = families;
            let started = Instant::now();
            let extract = parse_offer(reader, &selection).map_err(|e| e.to_string())?;
            let seconds = started.elapsed().as_secs_f64();
            let reserved: usize = extract.instances.values().map(|i| i.reserved.len()).sum();
            println!(
                "{}: {:.1} MB in {seconds:.2} s = {:.0} MB/s; peak RSS {} MB; {} products read, {} kept ({} instance types, {reserved} reserved terms)",
                file.display(),
                bytes as f64 / 1e6,
                bytes as f64 / 1e6 / seconds,
                peak_rss_kb().map_or("?".to_string(), |kb| format!("{:.1}", kb as f64 / 1024.0)),
                extract.products_seen,
                extract.products_kept,
                extract.instances.len(),
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("aws-offer-synth: {message}");
            ExitCode::FAILURE
        }
    }
}
