//! Comparisons are pure functions of (catalogue version, scenario), and spreadsheets re-ask the same
//! URL on every recalculation: keep recent answers. Keyed by the catalogue version, so a reload never
//! serves old prices; `or_try_insert_with` computes a missed key once however many requests ask at once.
//! Bounded in bytes (a moka weigher), not entries: one comparison of 20 options over 240 months is
//! megabytes of JSON, a typical one tens of KiB.

use crate::catalog::Catalog;
use crate::engine::{self, Comparison, EngineError};
use crate::scenario::Scenario;
use moka::future::Cache;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct ComparisonCache {
    entries: Cache<String, Arc<Comparison>>,
    counts: Arc<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    hits: AtomicU64,
    misses: AtomicU64,
}

/// What the cache did so far, for the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    /// Lookups that computed the comparison (concurrent askers of one key share one miss).
    pub misses: u64,
    pub entries: u64,
    /// The weighed size of the entries (the cache's weigher).
    pub bytes: u64,
}

/// Counts the bytes written through it (to size an entry's JSON without allocating it).
#[derive(Default)]
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 = self.0.saturating_add(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An entry's weight in bytes: its key plus the length of the comparison's JSON, which is what the
/// entry stands for (the in-memory form is of the same order: decimals are 16 bytes, strings as long).
pub fn weight(key: &str, comparison: &Comparison) -> u32 {
    let mut count = ByteCount::default();
    let json = serde_json::to_writer(&mut count, comparison).map(|_| count.0).unwrap_or(0);
    u32::try_from(key.len().saturating_add(json)).unwrap_or(u32::MAX)
}

/// One comparison, computed on the blocking pool (a typical scenario takes about a millisecond, one
/// at every limit seconds: never on a worker thread, which must stay free for `/healthz` and light
/// requests). A panic there (a bug) is raised again here, as if the comparison had run inline.
async fn compute(catalog: Arc<Catalog>, scenario: Scenario) -> Result<Arc<Comparison>, EngineError> {
    match actix_web::rt::task::spawn_blocking(move || engine::compare(&catalog, &scenario).map(Arc::new))
        .await
    {
        Ok(result) => result,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

impl ComparisonCache {
    /// Comparisons weighing at most `max_bytes` in all (see `weight`), each kept for `ttl`.
    pub fn new(max_bytes: u64, ttl: Duration) -> Self {
        let entries = Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|key: &String, value: &Arc<Comparison>| weight(key, value))
            .time_to_live(ttl)
            .build();
        ComparisonCache { entries, counts: Arc::default() }
    }

    /// The comparison of `scenario` on `catalog`, from the cache or computed (about a millisecond for a
    /// typical scenario, so inline).
    pub async fn compare(
        &self,
        catalog: Arc<Catalog>,
        scenario: Scenario,
    ) -> Result<Arc<Comparison>, EngineError> {
        let key = match serde_json::to_string(&scenario) {
            Ok(json) => format!("{}\u{0}{json}", catalog.version),
            Err(_) => return compute(catalog, scenario).await,
        };
        let entry = self
            .entries
            .entry(key)
            .or_try_insert_with(compute(catalog, scenario))
            .await
            .map_err(|e| (*e).clone())?;
        // Fresh: computed by this call. Otherwise answered from the cache (or by a concurrent computation).
        let counter = if entry.is_fresh() { &self.counts.misses } else { &self.counts.hits };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(entry.into_value())
    }

    /// Settles moka's pending bookkeeping, so `stats` counts every entry inserted so far.
    pub async fn settle(&self) {
        self.entries.run_pending_tasks().await;
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.counts.hits.load(Ordering::Relaxed),
            misses: self.counts.misses.load(Ordering::Relaxed),
            entries: self.entries.entry_count(),
            bytes: self.entries.weighted_size(),
        }
    }

    pub fn entry_count(&self) -> u64 {
        self.entries.entry_count()
    }
}
