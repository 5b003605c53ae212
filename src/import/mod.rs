//! Importers: read vendors' own price lists into `pricing-data/` (shell: network and files).
//!
//! Placeholder until the import framework lands on main; only the AWS parsers live here for now.

pub mod aws;
