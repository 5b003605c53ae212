//! Comparisons are pure functions of (catalogue version, scenario), and spreadsheets re-ask the same
//! URL on every recalculation: keep recent answers. Keyed by the catalogue version, so a reload never
//! serves old prices; `try_get_with` computes a missed key once however many requests ask at once.

use crate::catalog::Catalog;
use crate::engine::{self, Comparison, EngineError};
use crate::scenario::Scenario;
use moka::future::Cache;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct ComparisonCache {
    entries: Cache<String, Arc<Comparison>>,
}

impl ComparisonCache {
    /// At most `capacity` comparisons, each kept for `ttl`.
    pub fn new(capacity: u64, ttl: Duration) -> Self {
        ComparisonCache { entries: Cache::builder().max_capacity(capacity).time_to_live(ttl).build() }
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
        self.entries
            .try_get_with(key, async move { engine::compare(&catalog, &scenario).map(Arc::new) })
            .await
            .map_err(|e| (*e).clone())
    }

    pub fn entry_count(&self) -> u64 {
        self.entries.entry_count()
    }
}
