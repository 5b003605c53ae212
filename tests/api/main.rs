//! Integration tests: the real server, on a free port, over HTTP. One binary, one module per area.

mod analysis;
mod catalog;
mod charts;
mod comparisons;
mod contract;
mod errors;
mod fuzz;
mod health;
mod helpers;
#[path = "../support/inputs.rs"]
mod inputs;
mod language;
mod limits;
mod openapi;
mod ops;
mod paths;
mod portal;
mod price_books;
mod prices;
mod scorecards;
mod templates;
mod uncertainty;
mod web;
mod xlsx;
