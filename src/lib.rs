//! Breakeven: rent or own? Pay-as-you-go versus capex comparisons over sourced, dated prices.
//!
//! Functional core (plain data and pure functions; no actix, no network, no clock):
pub mod catalog;
pub mod money;
