//! Bounded work at the HTTP edge: length limits on the ids and names a request carries, the heavy
//! endpoints' concurrency limit (503 with `Retry-After` when full, never an endless queue), and the
//! evaluation budget's refusals as `limit-exceeded` problems.

use super::problem::{ApiError, FieldError};
use crate::engine::budget::{OverBudget, Phase};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Seconds a client is asked to wait when the heavy endpoints are all busy.
pub const RETRY_AFTER_SECS: u64 = 1;

/// Refuses `text` longer than `max` characters with a 422 naming the field and the limit.
pub fn check_length(pointer: &str, text: &str, max: usize) -> Result<(), ApiError> {
    let length = text.chars().count();
    if length <= max {
        return Ok(());
    }
    Err(ApiError::LimitExceeded {
        detail: t!("too-long", pointer = pointer, length = length, max = max),
        errors: vec![FieldError::new(pointer, t!("too-long-field", length = length, max = max))],
    })
}

/// How many heavy requests (sweeps, tornado) may run at once, on the blocking pool.
#[derive(Debug, Clone)]
pub struct HeavyLimit {
    permits: Arc<Semaphore>,
}

impl HeavyLimit {
    pub fn new(concurrency: usize) -> Self {
        HeavyLimit { permits: Arc::new(Semaphore::new(concurrency.max(1))) }
    }

    /// A permit, or a 503 when every one is taken. Tests hold one to fill the limit deterministically.
    pub fn try_acquire(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        Arc::clone(&self.permits)
            .try_acquire_owned()
            .map_err(|_| ApiError::Overloaded { retry_after_secs: RETRY_AFTER_SECS })
    }

    /// Runs `work` on the blocking pool while holding a permit (taken before the work is queued).
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.try_acquire()?;
        let language = crate::text::current();
        actix_web::web::block(move || {
            let result = crate::text::with_language(language, work);
            drop(permit);
            result
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    }
}

/// The evaluation budget's refusal as a 422 naming the field that drives the work (`pointer`) and the
/// limit.
pub fn over_budget(e: &OverBudget, pointer: &str) -> ApiError {
    let what = match e.phase {
        Phase::Comparison => t!("budget-comparison-ran-past"),
        Phase::Points if e.per_evaluation.is_none() => t!("budget-points-ran-past"),
        Phase::Points => t!("budget-points-need", needed = e.needed),
        Phase::Bisection => t!("budget-bisection-ran-past"),
        Phase::Bars if e.per_evaluation.is_none() => t!("budget-bars-ran-past"),
        Phase::Bars => t!("budget-bars-need", needed = e.needed),
        Phase::Draws if e.per_evaluation.is_none() => t!("budget-draws-ran-past"),
        Phase::Draws => t!("budget-draws-need", needed = e.needed),
    };
    let per = match e.per_evaluation {
        None => t!("empty"),
        Some(per) if e.phase == Phase::Draws => t!("budget-per-draw", per = per),
        Some(per) => t!("budget-per-evaluation", per = per),
    };
    let field = match (e.evaluations_allowed(), e.phase) {
        // The point answer is one of the evaluations that fit.
        (Some(n), Phase::Draws) => t!("budget-draws-allowed", n = n.saturating_sub(1), limit = e.limit),
        (Some(n), _) => t!("budget-evaluations-allowed", n = n, limit = e.limit),
        (None, _) => t!("budget-more-work", limit = e.limit),
    };
    ApiError::LimitExceeded {
        detail: t!("budget-exceeded", what = @what, limit = e.limit, per = @per),
        errors: vec![FieldError::new(pointer, field)],
    }
}
