//! Choosing the representation: `format=` in the query wins (spreadsheet clients cannot set headers),
//! then the `Accept` header, then JSON.

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
    let accepts_csv = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().starts_with("text/csv")));
    if accepts_csv {
        OutputFormat::Csv
    } else {
        OutputFormat::Json
    }
}

/// A CSV response (UTF-8, shown inline with a file name for "save as").
pub fn csv_response(body: String, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{file_name}\"")))
        .body(body)
}
