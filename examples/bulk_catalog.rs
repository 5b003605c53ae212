//! Writes the synthetic catalogue of the P5 benchmark (`breakeven::catalog::synthetic`) as a data
//! directory: `cloud/<provider>/<region>.json` price files plus a copy of the real `pricing-data/fx.json`.
//!
//!   cargo run --release --example bulk_catalog -- [SCHEDULES] [DIR]
//!
//! Defaults: 1,000,000 schedules into `target/bulk/pricing-data` (git-ignored; never commit it). The
//! directory is replaced whole. Load it with `breakeven validate target/bulk/pricing-data` or
//! `breakeven serve --data-dir target/bulk/pricing-data`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let schedules = match args.next().map(|a| a.replace(['_', ','], "").parse::<usize>()) {
        None => 1_000_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("SCHEDULES must be a whole number: {e}");
            return ExitCode::FAILURE;
        }
    };
    let dir = args.next().map_or_else(|| PathBuf::from("target/bulk/pricing-data"), PathBuf::from);
    let fx = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-data/fx.json");
    match breakeven::store::write_synthetic_dir(schedules, &dir, &fx) {
        Ok(files) => {
            println!("{}: {schedules} price schedules in {files} files, plus fx.json", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
