//! Renderers: the same results as CSV (and, later, workbooks and single numbers) for spreadsheets.

pub mod catalog;
pub mod compact;
pub mod comparison;
pub mod csv;
pub mod examples;
pub mod scorecard;
pub mod xlsx;
