//! Cross-cutting behaviour of every response: request ids, one log line, the catalogue version header,
//! and problem+json bodies for errors that actix itself produced.

use super::problem::{generic_problem, problem_response, PROBLEM_JSON};
use crate::store::CatalogStore;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use std::time::Instant;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
pub const CATALOG_VERSION: HeaderName = HeaderName::from_static("x-catalog-version");

/// The request id of the current request, available to handlers through extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Takes the caller's `X-Request-Id` when it is a sane token, else makes one.
fn request_id_of(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.chars().all(|c| c.is_ascii_graphic()))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// Request id in and out, catalogue version out, one structured log line per request.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = request_id_of(&req);
    let method = req.method().to_string();
    let path = req.path().to_string();
    let catalog_version =
        req.app_data::<web::Data<CatalogStore>>().map(|store| store.snapshot().version.clone());
    req.extensions_mut().insert(RequestId(request_id.clone()));

    let response = next.call(req).await?;
    let mut response = problem_for_plain_errors(response.map_into_boxed_body());

    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert(REQUEST_ID, value);
    }
    if let Some(value) = catalog_version.and_then(|v| HeaderValue::from_str(&v).ok()) {
        headers.insert(CATALOG_VERSION, value);
    }
    let status = response.status().as_u16();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(target: "breakeven::http", %request_id, %method, %path, status, latency_ms, "request");
    Ok(response)
}

/// HEAD is GET without the body (RFC 9110 §9.3.2). Routes are declared for GET, so a HEAD request is
/// routed as one; the HTTP/1 codec decided from the method on the wire, so it still sends the headers
/// (with the GET's `Content-Length`, `ETag`…) and no body. Wrapped outside every middleware that could
/// hold a second reference to the request (changing the head needs the only one).
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// Actix answers some errors itself (e.g. a malformed request line, a handler-less 404) with a
/// text/plain body; swap those for problem+json so clients see one error format.
fn problem_for_plain_errors(response: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    if is_problem {
        return response;
    }
    let (request, original) = response.into_parts();
    let mut replacement = problem_response(status, &generic_problem(status));
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            replacement.headers_mut().insert(name.clone(), value.clone());
        }
    }
    ServiceResponse::new(request, replacement)
}
