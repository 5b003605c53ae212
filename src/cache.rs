//! Comparisons are pure functions of (catalogue version, scenario), and spreadsheets re-ask the same
//! URL on every recalculation: keep recent answers. Keyed by the catalogue version, so a reload never
//! serves old prices; `or_try_insert_with` computes a missed key once however many requests ask at once.
//! Bounded in bytes (a moka weigher), not entries: one comparison of 20 options over 240 months is
//! megabytes of JSON, a typical one tens of KiB.
//!
//! Beside the comparisons, the answers as sent (`Rendered`: the JSON, CSV, xlsx or bare-number bytes),
//! keyed by catalogue version, route, representation and request, so a repeated request is a memory
//! copy rather than a serialisation. Each cache may hold half of the byte bound.

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
    answers: Cache<String, Arc<Rendered>>,
    counts: Arc<Counts>,
}

/// An answer as sent: its bytes, media type and (for downloads) `Content-Disposition`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub content_type: &'static str,
    pub disposition: Option<String>,
    pub body: actix_web::web::Bytes,
}

impl Rendered {
    pub fn json<T: serde::Serialize>(value: &T) -> Result<Rendered, serde_json::Error> {
        Ok(Rendered {
            content_type: "application/json",
            disposition: None,
            body: serde_json::to_vec(value)?.into(),
        })
    }

    /// A CSV table, shown inline with a file name for "save as".
    pub fn csv(body: String, file_name: &str) -> Rendered {
        Rendered {
            content_type: "text/csv; charset=utf-8",
            disposition: Some(format!("inline; filename=\"{file_name}\"")),
            body: body.into(),
        }
    }

    /// A download (browsers save it rather than try to show it).
    pub fn attachment(content_type: &'static str, body: Vec<u8>, file_name: &str) -> Rendered {
        Rendered {
            content_type,
            disposition: Some(format!("attachment; filename=\"{file_name}\"")),
            body: body.into(),
        }
    }

    /// An SVG chart, shown inline (an `<img>` or an embedded document).
    pub fn chart(body: String) -> Rendered {
        Rendered { content_type: crate::report::svg::SVG_CONTENT_TYPE, disposition: None, body: body.into() }
    }

    pub fn text(body: String) -> Rendered {
        Rendered { content_type: "text/plain; charset=utf-8", disposition: None, body: body.into() }
    }
}

/// Runs `work` on the blocking pool (rendering a large answer takes milliseconds, which a worker
/// thread must not spend); a panic there is raised again here.
pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    // The pool's thread renders in the request's language too.
    let language = crate::text::current();
    match actix_web::rt::task::spawn_blocking(move || crate::text::with_language(language, work)).await {
        Ok(value) => value,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
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
    /// Answer lookups that rendered the answer (concurrent askers of one key share one miss).
    pub misses: u64,
    /// Answers held (the comparisons beneath them, shared by an answer's formats, are not counted).
    pub entries: u64,
    /// The weighed size of the answers and comparisons held (the caches' weighers).
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
    blocking(move || engine::compare(&catalog, &scenario).map(Arc::new)).await
}

impl ComparisonCache {
    /// Comparisons weighing at most `max_bytes` in all (see `weight`), each kept for `ttl`.
    pub fn new(max_bytes: u64, ttl: Duration) -> Self {
        let entries = Cache::builder()
            .max_capacity(max_bytes / 2)
            .weigher(|key: &String, value: &Arc<Comparison>| weight(key, value))
            .time_to_live(ttl)
            .build();
        let answers = Cache::builder()
            .max_capacity(max_bytes / 2)
            .weigher(|key: &String, value: &Arc<Rendered>| {
                u32::try_from(key.len().saturating_add(value.body.len())).unwrap_or(u32::MAX)
            })
            .time_to_live(ttl)
            .build();
        ComparisonCache { entries, answers, counts: Arc::default() }
    }

    /// The answer stored under `key` (which must name the catalogue version, the route, the
    /// representation and the request; the answer's language is added here), or the one `render` makes,
    /// stored. Concurrent askers of one key share one rendering; a failed one is not stored.
    pub async fn answer<E: Send + Sync + 'static>(
        &self,
        key: String,
        render: impl std::future::Future<Output = Result<Rendered, E>>,
    ) -> Result<Arc<Rendered>, Arc<E>> {
        let key = format!("{}\u{0}{key}", crate::text::current().tag());
        let entry = self.answers.entry(key).or_try_insert_with(async { render.await.map(Arc::new) }).await?;
        let counter = if entry.is_fresh() { &self.counts.misses } else { &self.counts.hits };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(entry.into_value())
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
        // Hits and misses are counted per answer (`answer`), what requests see; this is beneath it.
        Ok(entry.into_value())
    }

    /// Settles moka's pending bookkeeping, so `stats` counts every entry inserted so far.
    pub async fn settle(&self) {
        self.entries.run_pending_tasks().await;
        self.answers.run_pending_tasks().await;
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.counts.hits.load(Ordering::Relaxed),
            misses: self.counts.misses.load(Ordering::Relaxed),
            entries: self.answers.entry_count(),
            bytes: self.entries.weighted_size().saturating_add(self.answers.weighted_size()),
        }
    }

    pub fn entry_count(&self) -> u64 {
        self.answers.entry_count()
    }
}
