//! The one field-error type of every layer: where a problem is in the caller's input and what is wrong
//! with it. Core validation (scenarios, template requests, pricing) produces it, and the API puts it
//! as it is into the problem document's `errors` — no layer keeps a parallel pointer-and-message type.

use crate::text::Text;
use serde::Serialize;
use std::fmt;
use utoipa::ToSchema;

/// One invalid field: where it is (an RFC 6901 JSON pointer into the body, e.g.
/// `/options/1/components/0/offering`, `""` for the whole document; or a query parameter's name as
/// `/name`) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    pub pointer: String,
    /// In the answer's language (`lang=` / `Accept-Language`).
    #[schema(value_type = String)]
    pub detail: Text,
}

impl FieldError {
    pub fn new(pointer: impl Into<String>, detail: impl Into<Text>) -> Self {
        FieldError { pointer: pointer.into(), detail: detail.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", if self.pointer.is_empty() { "/" } else { &self.pointer }, self.detail)
    }
}
