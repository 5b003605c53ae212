//! Choosing the representation: `format=` in the query wins (spreadsheet clients cannot set headers),
//! then the `Accept` header, then JSON. `GET /v1/comparisons` offers every representation
//! (`ComparisonFormat`: also an Excel workbook and an SVG chart); the other endpoints document only
//! what they serve (`WorkbookFormat`, `SweepFormat`, `OutputFormat`).

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

/// Formats of `GET /v1/comparisons`: JSON, CSV, an Excel workbook or an SVG chart. Being every
/// representation there is, it is also what the flat GET forms negotiate before each narrows it to
/// what it serves (`WorkbookFormat`, `SweepFormat`, `OutputFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComparisonFormat {
    Json,
    Csv,
    /// An `.xlsx` workbook with live formulas (Summary, Yearly, Monthly, Line items, Assumptions).
    Xlsx,
    /// An SVG chart of cumulative cash (or, with `chart=pnl`, P&L expense) per option, break-even
    /// months marked.
    Svg,
}

/// Formats of answers with a workbook but no chart (uncertainty, scorecards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkbookFormat {
    Json,
    Csv,
    /// An `.xlsx` workbook.
    Xlsx,
}

/// Formats of `GET /v1/sweeps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SweepFormat {
    Json,
    Csv,
    /// An SVG chart of NPV per option across the variable, crossovers (and their intervals) marked.
    Svg,
}

/// An endpoint without a workbook or a chart answers an `Accept` of their types with JSON (`format=`
/// is validated by each endpoint's own parameters first).
impl From<ComparisonFormat> for OutputFormat {
    fn from(format: ComparisonFormat) -> OutputFormat {
        match format {
            ComparisonFormat::Csv => OutputFormat::Csv,
            ComparisonFormat::Json | ComparisonFormat::Xlsx | ComparisonFormat::Svg => OutputFormat::Json,
        }
    }
}

impl From<ComparisonFormat> for WorkbookFormat {
    fn from(format: ComparisonFormat) -> WorkbookFormat {
        match format {
            ComparisonFormat::Csv => WorkbookFormat::Csv,
            ComparisonFormat::Xlsx => WorkbookFormat::Xlsx,
            ComparisonFormat::Json | ComparisonFormat::Svg => WorkbookFormat::Json,
        }
    }
}

impl From<ComparisonFormat> for SweepFormat {
    fn from(format: ComparisonFormat) -> SweepFormat {
        match format {
            ComparisonFormat::Csv => SweepFormat::Csv,
            ComparisonFormat::Svg => SweepFormat::Svg,
            ComparisonFormat::Json | ComparisonFormat::Xlsx => SweepFormat::Json,
        }
    }
}

/// An `.xlsx` workbook, as the OpenAPI document describes the download (binary).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct XlsxWorkbook(pub Vec<u8>);

/// The media type of `.xlsx` workbooks.
pub const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `format=` first, then `Accept` (the xlsx media type, `image/svg+xml` or `text/csv`), then JSON.
pub fn negotiate_comparison(req: &HttpRequest, param: Option<ComparisonFormat>) -> ComparisonFormat {
    if let Some(format) = param {
        return format;
    }
    if accepts(req, XLSX_CONTENT_TYPE) {
        return ComparisonFormat::Xlsx;
    }
    if accepts(req, crate::report::svg::SVG_CONTENT_TYPE) {
        return ComparisonFormat::Svg;
    }
    match negotiate(req, None) {
        OutputFormat::Csv => ComparisonFormat::Csv,
        OutputFormat::Json => ComparisonFormat::Json,
    }
}

/// `format=` first, then `Accept`, for an answer with a workbook but no chart.
pub fn negotiate_workbook(req: &HttpRequest, param: Option<WorkbookFormat>) -> WorkbookFormat {
    param.unwrap_or_else(|| negotiate_comparison(req, None).into())
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
