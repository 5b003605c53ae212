//! Settings: a typed value built once from flags and environment, then passed down (never global).

use crate::api::auth::KeyRing;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;

/// Largest request body accepted (JSON scenarios), in bytes.
pub const DEFAULT_BODY_LIMIT: usize = 256 * 1024;

/// Default byte budget of the comparison cache: 64 MiB.
pub const DEFAULT_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// Default number of heavy requests (sweeps, tornado) run at once: one per core.
pub fn default_heavy_concurrency() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
}

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on; port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// Directory holding the price files (`pricing-data/`).
    pub data_dir: PathBuf,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Worker threads; none means one per core.
    pub workers: Option<usize>,
    /// API keys; empty turns authentication off.
    pub api_keys: KeyRing,
    /// Origins allowed by CORS (`*` for any); empty sends no CORS headers.
    pub cors_origins: Vec<String>,
    /// Bytes the comparison cache may hold (the JSON size of its entries).
    pub cache_bytes: u64,
    /// Heavy requests (sweeps, tornado) run at once; more get a 503 with `Retry-After`.
    pub heavy_concurrency: usize,
    /// Requests per minute per API key (per client address when keys are off); none: no limit.
    pub rate_limit_per_minute: Option<NonZeroU32>,
    /// A second address serving only `GET /metrics`, unauthenticated (for a private scrape network).
    pub metrics_addr: Option<SocketAddr>,
}

impl Settings {
    /// Settings for a test server: a free port on loopback and the given data directory.
    pub fn for_tests(data_dir: impl Into<PathBuf>) -> Self {
        Settings {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.into(),
            body_limit: DEFAULT_BODY_LIMIT,
            workers: Some(2),
            api_keys: KeyRing::default(),
            cors_origins: Vec::new(),
            cache_bytes: DEFAULT_CACHE_BYTES,
            heavy_concurrency: default_heavy_concurrency(),
            rate_limit_per_minute: None,
            metrics_addr: None,
        }
    }
}
