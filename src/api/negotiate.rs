//! Choosing the representation: `format=` in the query wins (spreadsheet clients cannot set headers),
//! then the `Accept` header, then JSON. `GET /v1/comparisons` also offers an Excel workbook
//! (`ComparisonFormat::Xlsx`); the other endpoints keep `OutputFormat`, so their documented `format`
//! values stay what they serve.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    Json,
    Csv,
}

/// The format asked for by `format=` or, failing that, by `Accept: text/csv`.
pub fn negotiate(req: &HttpRequest, param: Option<OutputFormat>) -> OutputFormat {
    if let Some(format) = param {
        return format;
    }
    if accepts(req, "text/csv") {
        OutputFormat::Csv
    } else {
        OutputFormat::Json
    }
}

fn accepts(req: &HttpRequest, media_type: &str) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().starts_with(media_type)))
}

/// Formats of `GET /v1/comparisons`: JSON, CSV, or an Excel workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComparisonFormat {
    Json,
    Csv,
    /// An `.xlsx` workbook: a comparison's has live formulas (Summary, Yearly, Monthly, Line items,
    /// Assumptions); an uncertainty answer's has Options, Break-even, Sensitivity and Inputs.
    Xlsx,
}

/// An endpoint without a workbook answers an `Accept` of the xlsx type with JSON.
impl From<ComparisonFormat> for OutputFormat {
    fn from(format: ComparisonFormat) -> OutputFormat {
        match format {
            ComparisonFormat::Csv => OutputFormat::Csv,
            ComparisonFormat::Json | ComparisonFormat::Xlsx => OutputFormat::Json,
        }
    }
}

/// An `.xlsx` workbook, as the OpenAPI document describes the download (binary).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct XlsxWorkbook(pub Vec<u8>);

/// The media type of `.xlsx` workbooks.
pub const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `format=` first, then `Accept` (`text/csv` or the xlsx media type), then JSON.
pub fn negotiate_comparison(req: &HttpRequest, param: Option<ComparisonFormat>) -> ComparisonFormat {
    if let Some(format) = param {
        return format;
    }
    if accepts(req, XLSX_CONTENT_TYPE) {
        return ComparisonFormat::Xlsx;
    }
    match negotiate(req, None) {
        OutputFormat::Csv => ComparisonFormat::Csv,
        OutputFormat::Json => ComparisonFormat::Json,
    }
}

/// An `.xlsx` download (an attachment: browsers save it rather than try to show it).
pub fn xlsx_response(body: Vec<u8>, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(XLSX_CONTENT_TYPE)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")))
        .body(body)
}

/// A CSV response (UTF-8, shown inline with a file name for "save as").
pub fn csv_response(body: String, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{file_name}\"")))
        .body(body)
}
