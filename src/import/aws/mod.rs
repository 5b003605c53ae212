//! AWS Price List Bulk API: the offer index, region indexes, regional offer files and Savings Plans
//! files, each parsed as a stream (functions over `impl Read`, no HTTP here).

pub mod catalog;
mod importer;
pub mod index;
pub mod offer;
pub mod savings;
pub mod selection;
pub mod synth;

pub use importer::{Aws, HELP};
use rust_decimal::Decimal;
use std::str::FromStr;

/// What went wrong reading an AWS price-list file.
#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    /// The bytes are not the JSON shape AWS publishes (serde's message names the line and column).
    #[error("{file}: not an AWS price-list file of the expected shape: {source}")]
    Schema { file: &'static str, source: serde_json::Error },
    /// The JSON parsed but a value inside it makes no sense (a price that is not a number, …).
    #[error("{file}: {message}")]
    Content { file: &'static str, message: String },
}

impl AwsError {
    pub(crate) fn content(file: &'static str, message: impl Into<String>) -> Self {
        AwsError::Content { file, message: message.into() }
    }
}

/// A price string as AWS writes it (`"0.0960000000"`, up to 10 decimals), as an exact decimal with
/// trailing zeros dropped. Never goes through f64.
pub fn parse_price(text: &str) -> Option<Decimal> {
    Decimal::from_str(text.trim()).ok().map(|d| d.normalize())
}
