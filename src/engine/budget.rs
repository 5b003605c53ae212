//! Bounded work. The engine is pure (no clock): instead of a timer, each request carries a budget of
//! **line-months** — one month of one line computed (each tier of a tiered price counts as a line);
//! an owned asset counts the months of every purchase tranche's depreciation, loan and support
//! schedules, which is where the work grows with the square of the horizon — and the engine counts what it does against it, stopping as soon as it is
//! spent. A sweep or tornado shares one budget across all the comparisons it evaluates.

use super::EngineError;
use std::cell::Cell;

/// The work one request may do, in line-months. Calibrated so that a request at the budget runs in
/// about 5 s in a release build on one core of the 2-core reference machine (`benches/worst-case.sh`).
pub const EVALUATION_BUDGET: u64 = 20_000_000;

/// Which part of the work ran over the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// One comparison on its own.
    Comparison,
    /// A sweep's points (refused after the first point when all of them would not fit).
    Points,
    /// The bisection of a sweep's crossovers (known only once the points are evaluated).
    Bisection,
    /// A tornado's bars (refused after the base case when all of them would not fit).
    Bars,
    /// Monte Carlo draws (refused after the point answer when all of them would not fit; one
    /// evaluation is the point answer's work, so one fewer draw than evaluations fits).
    Draws,
}

/// Why a request was stopped: the work it needed against the budget.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{phase:?}: {needed} line-months needed, above the evaluation budget of {limit}")]
pub struct OverBudget {
    pub phase: Phase,
    /// Line-months needed (at least: for a cut-off, what was spent when it stopped).
    pub needed: u64,
    pub limit: u64,
    /// Line-months of one comparison of the request's scenario, when one was completed.
    pub per_evaluation: Option<u64>,
}

impl OverBudget {
    /// How many comparisons of this scenario fit in the budget, when one was completed.
    pub fn evaluations_allowed(&self) -> Option<u64> {
        self.per_evaluation.and_then(|per| self.limit.checked_div(per))
    }
}

/// A request's evaluation budget: what it may spend and what it has spent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    limit: u64,
    used: u64,
    /// What the work is spent on now (named in the refusal).
    pub phase: Phase,
}

impl Budget {
    pub fn new(limit: u64, phase: Phase) -> Self {
        Budget { limit, used: 0, phase }
    }

    pub fn used(&self) -> u64 {
        self.used
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    pub fn remaining(&self) -> u64 {
        self.limit.saturating_sub(self.used)
    }

    /// Records `work` line-months done by one comparison.
    pub(crate) fn spend(&mut self, work: u64) {
        self.used = self.used.saturating_add(work);
    }

    /// Refuses when `evaluations` more comparisons of `per_evaluation` line-months each would not fit.
    pub fn reserve(&self, phase: Phase, per_evaluation: u64, evaluations: u64) -> Result<(), EngineError> {
        let needed = self.used.saturating_add(per_evaluation.saturating_mul(evaluations));
        if needed > self.limit {
            return Err(EngineError::OverBudget(OverBudget {
                phase,
                needed,
                limit: self.limit,
                per_evaluation: Some(per_evaluation),
            }));
        }
        Ok(())
    }
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new(EVALUATION_BUDGET, Phase::Comparison)
    }
}

/// The work counter of one comparison: line-months done, against what the budget had left.
#[derive(Debug)]
pub(crate) struct Meter {
    done: Cell<u64>,
    allowed: u64,
    limit: u64,
    phase: Phase,
}

impl Meter {
    pub fn for_budget(budget: &Budget) -> Self {
        Meter { done: Cell::new(0), allowed: budget.remaining(), limit: budget.limit, phase: budget.phase }
    }

    /// Counts `work` line-months, stopping the comparison once the budget is spent.
    pub fn count(&self, work: u64) -> Result<(), EngineError> {
        let done = self.done.get().saturating_add(work);
        self.done.set(done);
        if done > self.allowed {
            return Err(EngineError::OverBudget(OverBudget {
                phase: self.phase,
                needed: self.limit.saturating_sub(self.allowed).saturating_add(done),
                limit: self.limit,
                per_evaluation: None,
            }));
        }
        Ok(())
    }

    pub fn done(&self) -> u64 {
        self.done.get()
    }
}
