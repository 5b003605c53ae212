//! Comparisons are pure functions of (catalogue version, scenario), and spreadsheets re-ask the same
//! URL on every recalculation: keep recent answers. Keyed by the catalogue version, so a reload never
//! serves old prices; `or_try_insert_with` computes a missed key once however many requests ask at once.

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

impl ComparisonCache {
    /// At most `capacity` comparisons, each kept for `ttl`.
    pub fn new(capacity: u64, ttl: Duration) -> Self {
        ComparisonCache {
            entries: Cache::builder().max_capacity(capacity).time_to_live(ttl).build(),
            counts: Arc::default(),
        }
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
            Err(_) => return engine::compare(&catalog, &scenario).map(Arc::new),
        };
        let entry = self
            .entries
            .entry(key)
            .or_try_insert_with(async move { engine::compare(&catalog, &scenario).map(Arc::new) })
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
