//! Settings: a typed value built once from flags and environment, then passed down (never global),
//! including the API key ring that `api::auth` checks requests against.

use sha2::{Digest, Sha256};
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
    /// Directory of tenant price books (`<key name>.json`), reloaded with the catalogue; none: no books.
    pub price_books_dir: Option<PathBuf>,
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
    /// Refresh prices from the vendors while serving (`serve --refresh-every`); none: off.
    pub refresh: Option<RefreshSettings>,
}

/// How often to run the configured importers while serving, and from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshSettings {
    pub every: std::time::Duration,
    /// Another upstream than the vendor's, per source (`ecb` → a URL or a file).
    pub from: std::collections::BTreeMap<String, String>,
}

impl Settings {
    /// Settings for a test server: a free port on loopback and the given data directory.
    pub fn for_tests(data_dir: impl Into<PathBuf>) -> Self {
        Settings {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.into(),
            price_books_dir: None,
            body_limit: DEFAULT_BODY_LIMIT,
            workers: Some(2),
            api_keys: KeyRing::default(),
            cors_origins: Vec::new(),
            cache_bytes: DEFAULT_CACHE_BYTES,
            heavy_concurrency: default_heavy_concurrency(),
            rate_limit_per_minute: None,
            metrics_addr: None,
            refresh: None,
        }
    }
}

// API keys (checked by `api::auth`): held as SHA-256 digests, compared in constant time, never logged.

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// GET only; may be sent as the `api_key` query parameter.
    Read,
    /// Every endpoint; headers only.
    Full,
}

/// One configured key: its name (for logs and limits), digest and scope.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    pub(crate) name: String,
    digest: [u8; 32],
    pub(crate) scope: Scope,
}

/// The configured keys. Empty means authentication is off.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    keys: Vec<Key>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("API key entry {line}: {message}")]
pub struct KeyRingError {
    pub line: usize,
    pub message: String,
}

impl KeyRing {
    /// Parses `name:scope:key` entries, one per line or comma-separated (`#` starts a comment).
    /// The scope is `read` or `full`; keys must be at least 16 characters.
    pub fn parse(text: &str) -> Result<KeyRing, KeyRingError> {
        let mut keys = Vec::new();
        let entries = text.lines().flat_map(|l| l.split(',')).map(str::trim);
        for (i, entry) in entries.enumerate().filter(|(_, e)| !e.is_empty() && !e.starts_with('#')) {
            let error = |message: &str| KeyRingError { line: i + 1, message: message.to_string() };
            let mut parts = entry.splitn(3, ':');
            let (Some(name), Some(scope), Some(secret)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(error("expected name:scope:key"));
            };
            let scope = match scope {
                "read" => Scope::Read,
                "full" => Scope::Full,
                _ => return Err(error("scope must be `read` or `full`")),
            };
            if secret.len() < 16 {
                return Err(error("keys must be at least 16 characters"));
            }
            keys.push(Key { name: name.to_string(), digest: digest(secret), scope });
        }
        Ok(KeyRing { keys })
    }

    pub fn is_enabled(&self) -> bool {
        !self.keys.is_empty()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key matching `secret`, checking every key (no early exit on a match).
    pub(crate) fn find(&self, secret: &str) -> Option<&Key> {
        let candidate = digest(secret);
        let mut found = None;
        for key in &self.keys {
            if constant_time_eq(&key.digest, &candidate) {
                found = Some(key);
            }
        }
        found
    }
}

fn digest(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_and_rejects_bad_ones() {
        let ring =
            KeyRing::parse("portal:full:full-key-0123456789\n# comment\nsheet:read:read-key-0123456789");
        assert_eq!(ring.expect("valid").len(), 2);
        assert!(KeyRing::parse("a:write:0123456789abcdef").is_err());
        assert!(KeyRing::parse("a:read:short").is_err());
        assert!(KeyRing::parse("nonsense").is_err());
        assert!(KeyRing::parse("").expect("empty").is_empty());
    }
}
