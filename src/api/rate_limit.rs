//! Rate limits per API key (per client address when keys are off), with governor's keyed GCRA limiter.
//!
//! Every limited response advertises the policy and the caller's state in the structured-field form of
//! draft-ietf-httpapi-ratelimit-headers-10 ("RateLimit header fields for HTTP", IETF httpapi WG):
//! `RateLimit-Policy: "default";q=100;w=60` (quota units per window, in seconds) and
//! `RateLimit: "default";r=42;t=17` (remaining units, seconds until the quota is whole again). A request
//! over the limit is a 429 problem+json with `Retry-After`. `/healthz`, `/readyz` and `/metrics` are
//! never limited (probes and scrapers).

use super::auth::AuthenticatedKey;
use super::problem::ApiError;
use crate::metrics::Metrics;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub const RATELIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");
pub const RATELIMIT: HeaderName = HeaderName::from_static("ratelimit");

/// The window the quota is stated over.
const WINDOW: Duration = Duration::from_secs(60);
/// Forget idle callers every this many checks, so the table of addresses stays small.
const PRUNE_EVERY: u64 = 4096;

type Limiter = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// The limiter of one application; `disabled()` lets everything through and sends no headers.
#[derive(Debug)]
pub struct RateLimits {
    limiter: Option<Limiter>,
    per_minute: u32,
    checks: AtomicU64,
}

/// What the limiter said about one request.
enum Verdict {
    Exempt,
    Allowed { remaining: u32 },
    Refused { retry_after: Duration },
}

impl RateLimits {
    /// `per_minute` requests per minute per caller (bursts up to the whole minute's quota); none: off.
    pub fn new(per_minute: Option<NonZeroU32>) -> Self {
        let limiter = per_minute.map(|n| {
            RateLimiter::dashmap(Quota::per_minute(n)).with_middleware::<StateInformationMiddleware>()
        });
        RateLimits { limiter, per_minute: per_minute.map_or(0, NonZeroU32::get), checks: AtomicU64::new(0) }
    }

    pub fn disabled() -> Self {
        RateLimits::new(None)
    }

    fn check(&self, req: &ServiceRequest) -> Verdict {
        let Some(limiter) = &self.limiter else {
            return Verdict::Exempt;
        };
        if matches!(req.path(), "/healthz" | "/readyz" | super::auth::METRICS_PATH) {
            return Verdict::Exempt;
        }
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        match limiter.check_key(&caller(req)) {
            Ok(state) => Verdict::Allowed { remaining: state.remaining_burst_capacity() },
            Err(not_until) => {
                Verdict::Refused { retry_after: not_until.wait_time_from(limiter.clock().now()) }
            }
        }
    }

    /// `RateLimit-Policy: "default";q=<quota>;w=<window>`.
    fn policy(&self) -> String {
        format!("\"default\";q={};w={}", self.per_minute, WINDOW.as_secs())
    }

    /// Seconds until `remaining` is back to the whole quota (each unit returns after window / quota).
    fn seconds_to_full(&self, remaining: u32) -> u64 {
        let missing = u128::from(self.per_minute.saturating_sub(remaining));
        let per_unit_ms = WINDOW.as_millis() / u128::from(self.per_minute.max(1));
        u64::try_from((missing * per_unit_ms).div_ceil(1000)).unwrap_or(u64::MAX)
    }
}

/// The caller: the authenticated key's name, else the peer's IP address (not the port).
fn caller(req: &ServiceRequest) -> String {
    if let Some(AuthenticatedKey(name)) = req.extensions().get::<AuthenticatedKey>() {
        return format!("key:{name}");
    }
    req.peer_addr().map_or_else(|| "addr:unknown".to_string(), |addr| format!("addr:{}", addr.ip()))
}

/// Lets the request through with the `RateLimit` headers, or answers 429 with `Retry-After`.
pub async fn limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(limits) = req.app_data::<web::Data<RateLimits>>().cloned() else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let (response, remaining, reset) = match limits.check(&req) {
        Verdict::Exempt => return next.call(req).await.map(ServiceResponse::map_into_boxed_body),
        Verdict::Allowed { remaining } => {
            let response = next.call(req).await?.map_into_boxed_body();
            (response, remaining, limits.seconds_to_full(remaining))
        }
        Verdict::Refused { retry_after } => {
            if let Some(metrics) = req.app_data::<web::Data<Metrics>>() {
                metrics.rate_limited();
            }
            let retry_after_secs = retry_after.as_millis().div_ceil(1000).max(1);
            let retry_after_secs = u64::try_from(retry_after_secs).unwrap_or(u64::MAX);
            let error = ApiError::TooManyRequests {
                limit: limits.per_minute,
                window_secs: WINDOW.as_secs(),
                retry_after_secs,
            };
            let (request, _) = req.into_parts();
            (ServiceResponse::new(request, error.error_response()), 0, retry_after_secs)
        }
    };
    let mut response = response;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&limits.policy()) {
        headers.insert(RATELIMIT_POLICY, value);
    }
    if let Ok(value) = HeaderValue::from_str(&format!("\"default\";r={remaining};t={reset}")) {
        headers.insert(RATELIMIT, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_counts_the_missing_units() {
        let limits = RateLimits::new(NonZeroU32::new(100));
        assert_eq!(limits.policy(), "\"default\";q=100;w=60");
        assert_eq!(limits.seconds_to_full(100), 0);
        assert_eq!(limits.seconds_to_full(99), 1); // 0.6 s rounds up
        assert_eq!(limits.seconds_to_full(0), 60);
    }
}
