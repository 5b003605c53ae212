//! Breakeven: rent or own? Pay-as-you-go versus capex comparisons over sourced, dated prices.
//!
//! Functional core — plain data and pure functions; no actix, no network, no clock, no files:

/// Every user-facing sentence as a message id plus arguments, rendered in English or Chinese
/// (first, so that its `t!` macro is in scope everywhere below).
#[macro_use]
pub mod text;
#[deny(clippy::arithmetic_side_effects)]
pub mod catalog;
#[deny(clippy::arithmetic_side_effects)]
pub mod engine;
/// The one field-error type (pointer + detail) every layer reports problems with.
pub mod field;
#[deny(clippy::arithmetic_side_effects)]
pub mod money;
#[deny(clippy::arithmetic_side_effects)]
pub mod scenario;
/// Procurement scorecards over a comparison: requirements, weighted criteria, rank.
#[deny(clippy::arithmetic_side_effects)]
pub mod scorecard;

// Shell — I/O at the edges, calling into the core:
pub mod api;
pub mod cache;
pub mod config;
/// Price importers: `breakeven import <source>` (reqwest, selection files, atomic writes).
pub mod import;
pub mod metrics;
pub mod report;
pub mod startup;
pub mod store;
pub mod telemetry;
/// The calculator page at `/`: HTML, script and styles embedded in the binary, same-origin only.
pub mod web;
