//! Structured logging, initialised once by `main` (tests leave it off unless `TEST_LOG` is set).

use tracing_subscriber::{fmt, EnvFilter};

/// JSON log lines to stderr, filtered by `filter` (e.g. `info`, `breakeven=debug`).
pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = fmt().json().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
