//! Prometheus metrics for `GET /metrics` (OpenMetrics text), from a registry each `Application` owns
//! and passes down as app data — no process-global recorder, so test servers in one process never
//! share counters.
//!
//! Counted as requests happen: requests by matched route pattern (never the raw path or query), method
//! and status; latency histograms by route; rate-limit rejections. Read at scrape time: the comparison
//! cache's hits, misses, entries and size; the catalogue version (an info-style gauge), the age of its
//! oldest and newest prices against the wall clock; reloads succeeded and failed.

use crate::cache::ComparisonCache;
use crate::store::CatalogStore;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Arc;

/// The content type of the exposition.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Route label for requests no route matched (404s, 405s from the fallback).
pub const UNMATCHED_ROUTE: &str = "unmatched";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: String,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// One application's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: HistogramFamily,
    rate_limited: Counter,
    cache: ComparisonCache,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms to about 16 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

impl Metrics {
    pub fn new(store: Arc<CatalogStore>, cache: ComparisonCache) -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "breakeven_http_requests",
            "HTTP requests by matched route pattern, method and status",
            requests.clone(),
        );
        let latency: HistogramFamily = Family::new_with_constructor(latency_histogram);
        registry.register(
            "breakeven_http_request_duration_seconds",
            "Time from request to response head, by matched route pattern and method",
            latency.clone(),
        );
        let rate_limited = Counter::default();
        registry.register(
            "breakeven_rate_limited_requests",
            "Requests refused with 429 by the rate limiter",
            rate_limited.clone(),
        );
        registry.register_collector(Box::new(StateCollector { store, cache: cache.clone() }));
        Metrics { registry, requests, latency, rate_limited, cache }
    }

    /// Counts one answered request; `route` is the matched pattern (or `UNMATCHED_ROUTE`). Methods
    /// outside the standard set count as `other`, so callers cannot mint new series at will.
    pub fn observe_request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        const KNOWN: [&str; 9] =
            ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"];
        let method = if KNOWN.contains(&method) { method } else { "other" };
        let labels = RequestLabels {
            route: route.to_string(),
            method: method.to_string(),
            status: status.to_string(),
        };
        self.requests.get_or_create(&labels).inc();
        let labels = RouteLabels { route: labels.route, method: labels.method };
        self.latency.get_or_create(&labels).observe(seconds);
    }

    /// Counts one request refused by the rate limiter.
    pub fn rate_limited(&self) {
        self.rate_limited.inc();
    }

    /// The exposition text (OpenMetrics, ends with `# EOF`).
    pub async fn render(&self) -> Result<String, std::fmt::Error> {
        self.cache.settle().await;
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// Values that live elsewhere (store, cache), read at scrape time.
#[derive(Debug)]
struct StateCollector {
    store: Arc<CatalogStore>,
    cache: ComparisonCache,
}

fn counter(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: u64,
) -> Result<(), std::fmt::Error> {
    let metric = ConstCounter::new(value);
    metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)
}

fn gauge(encoder: &mut DescriptorEncoder, name: &str, help: &str, value: i64) -> Result<(), std::fmt::Error> {
    let metric = ConstGauge::new(value);
    metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)
}

impl Collector for StateCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let stats = self.cache.stats();
        counter(
            &mut encoder,
            "breakeven_comparison_cache_hits",
            "Comparisons answered from the cache",
            stats.hits,
        )?;
        counter(
            &mut encoder,
            "breakeven_comparison_cache_misses",
            "Comparisons computed (not in the cache)",
            stats.misses,
        )?;
        gauge(
            &mut encoder,
            "breakeven_comparison_cache_entries",
            "Comparisons held in the cache",
            saturate(stats.entries),
        )?;
        gauge(
            &mut encoder,
            "breakeven_comparison_cache_bytes",
            "Estimated size of the cached comparisons, in bytes (the cache's weigher)",
            saturate(stats.bytes),
        )?;

        let (succeeded, failed) = self.store.reload_counts();
        let reloads = ConstCounter::new(0u64);
        let mut family = encoder.encode_descriptor(
            "breakeven_catalog_reloads",
            "Catalogue reloads (admin endpoint or SIGHUP) by outcome; a failed one keeps the last good catalogue",
            None,
            reloads.metric_type(),
        )?;
        for (outcome, value) in [("succeeded", succeeded), ("failed", failed)] {
            ConstCounter::new(value).encode(family.encode_family(&[("outcome", outcome)])?)?;
        }

        let catalog = self.store.snapshot();
        let info = ConstGauge::new(1i64);
        let mut family = encoder.encode_descriptor(
            "breakeven_catalog_info",
            "The catalogue in use (always 1), labelled with its version",
            None,
            info.metric_type(),
        )?;
        info.encode(family.encode_family(&[("catalog_version", catalog.version.as_str())])?)?;

        // Price dates are the schedules' `price_date` (undated prices counted apart); the age is against the wall clock (shell only).
        let stats = crate::catalog::query::stats(&catalog);
        let now = chrono::Utc::now();
        let age =
            |date: chrono::NaiveDate| (now - date.and_time(chrono::NaiveTime::MIN).and_utc()).num_seconds();
        if let Some(oldest) = stats.oldest_price {
            gauge(
                &mut encoder,
                "breakeven_catalog_oldest_price_age_seconds",
                "Age of the oldest dated price (its price_date)",
                age(oldest),
            )?;
        }
        if let Some(newest) = stats.newest_price {
            gauge(
                &mut encoder,
                "breakeven_catalog_newest_price_age_seconds",
                "Age of the newest dated price (its price_date)",
                age(newest),
            )?;
        }
        let undated = i64::try_from(stats.undated_prices).unwrap_or(i64::MAX);
        gauge(
            &mut encoder,
            "breakeven_catalog_undated_prices",
            "Price schedules whose source states no price date",
            undated,
        )?;
        Ok(())
    }
}

fn saturate(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
