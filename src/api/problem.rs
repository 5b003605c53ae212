//! Errors at the HTTP edge, rendered as `application/problem+json` (RFC 9457).
//!
//! Every failure a client can cause maps to a 4xx with a body naming what was wrong and where (a JSON
//! pointer per field). 5xx bodies stay generic; the cause goes to the log only.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/invalid-body",
    "title": "The request body is invalid",
    "status": 422,
    "detail": "1 field is invalid",
    "errors": [{"pointer": "/horizon_months", "detail": "must be between 1 and 240"}]
}))]
pub struct Problem {
    /// A URI reference naming the kind of problem (relative to the API's base URL).
    #[serde(rename = "type")]
    pub kind: String,
    /// In the answer's language (`lang=` / `Accept-Language`), as is `detail`.
    #[schema(value_type = String)]
    pub title: Text,
    pub status: u16,
    #[schema(value_type = String)]
    pub detail: Text,
    /// One entry per invalid field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Closest valid values, when the problem is an unknown name or id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
}

pub use crate::field::FieldError;
use crate::text::Text;

/// Everything a handler can fail with.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// Syntactically broken input (malformed JSON, unparsable query string).
    #[error("{detail}")]
    BadRequest { detail: Text, errors: Vec<FieldError> },
    /// Well-formed input that breaks a rule (schema, ranges, unknown ids).
    #[error("{detail}")]
    Unprocessable { detail: Text, errors: Vec<FieldError> },
    /// No API key, or an unknown one (keys are on).
    #[error("{0}")]
    Unauthorized(Text),
    /// A known key used beyond its scope.
    #[error("{0}")]
    Forbidden(Text),
    #[error("{detail}")]
    NotFound { detail: Text, suggestions: Vec<String> },
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<String> },
    #[error("request body larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType { expected: &'static str },
    #[error("{detail}")]
    LimitExceeded { detail: Text, errors: Vec<FieldError> },
    /// The caller's rate limit is used up (see the `RateLimit` headers).
    #[error("rate limit exceeded")]
    TooManyRequests { limit: u32, window_secs: u64, retry_after_secs: u64 },
    #[error("service not ready")]
    NotReady,
    /// Every permit of the heavy endpoints is taken: try again after `retry_after_secs`.
    #[error("too many heavy requests at once")]
    Overloaded { retry_after_secs: u64 },
    /// A bug or an environment failure: logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(detail: impl Into<Text>, errors: Vec<FieldError>) -> Self {
        ApiError::BadRequest { detail: detail.into(), errors }
    }

    pub fn unprocessable(detail: impl Into<Text>, errors: Vec<FieldError>) -> Self {
        ApiError::Unprocessable { detail: detail.into(), errors }
    }

    /// The same error with every field pointer rewritten (e.g. from body paths to query parameters).
    pub fn map_pointers(self, f: impl Fn(&str) -> String) -> Self {
        let remap = |errors: Vec<FieldError>| {
            errors.into_iter().map(|e| FieldError { pointer: f(&e.pointer), detail: e.detail }).collect()
        };
        match self {
            ApiError::BadRequest { detail, errors } => ApiError::BadRequest { detail, errors: remap(errors) },
            ApiError::Unprocessable { detail, errors } => {
                ApiError::Unprocessable { detail, errors: remap(errors) }
            }
            ApiError::LimitExceeded { detail, errors } => {
                ApiError::LimitExceeded { detail, errors: remap(errors) }
            }
            other => other,
        }
    }

    fn slug_and_title(&self) -> (&'static str, Text) {
        match self {
            ApiError::BadRequest { .. } => ("bad-request", t!("problem-bad-request")),
            ApiError::Unprocessable { .. } => ("invalid-body", t!("problem-invalid-body")),
            ApiError::Unauthorized(_) => ("unauthorized", t!("problem-unauthorized")),
            ApiError::Forbidden(_) => ("forbidden", t!("problem-forbidden")),
            ApiError::NotFound { .. } => ("not-found", t!("problem-not-found")),
            ApiError::MethodNotAllowed { .. } => ("method-not-allowed", t!("problem-method-not-allowed")),
            ApiError::PayloadTooLarge { .. } => ("payload-too-large", t!("problem-payload-too-large")),
            ApiError::UnsupportedMediaType { .. } => {
                ("unsupported-media-type", t!("problem-unsupported-media-type"))
            }
            ApiError::LimitExceeded { .. } => ("limit-exceeded", t!("problem-limit-exceeded")),
            ApiError::TooManyRequests { .. } => ("too-many-requests", t!("problem-too-many-requests")),
            ApiError::NotReady => ("not-ready", t!("problem-not-ready")),
            ApiError::Overloaded { .. } => ("overloaded", t!("problem-overloaded")),
            ApiError::Internal(_) => ("internal", t!("problem-internal")),
        }
    }

    /// The problem document for this error.
    pub fn problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let (detail, errors, suggestions) = match self {
            ApiError::BadRequest { detail, errors }
            | ApiError::Unprocessable { detail, errors }
            | ApiError::LimitExceeded { detail, errors } => (detail.clone(), errors.clone(), vec![]),
            ApiError::Unauthorized(detail) | ApiError::Forbidden(detail) => (detail.clone(), vec![], vec![]),
            ApiError::NotFound { detail, suggestions } => (detail.clone(), vec![], suggestions.clone()),
            ApiError::MethodNotAllowed { allow } => {
                (t!("problem-method-not-allowed-detail", allow = allow.join(", ")), vec![], vec![])
            }
            ApiError::PayloadTooLarge { limit } => {
                (t!("problem-payload-too-large-detail", limit = limit), vec![], vec![])
            }
            ApiError::UnsupportedMediaType { expected } => {
                (t!("problem-unsupported-media-type-detail", expected = expected), vec![], vec![])
            }
            ApiError::TooManyRequests { limit, window_secs, retry_after_secs } => (
                t!(
                    "problem-too-many-requests-detail",
                    limit = limit,
                    window_secs = window_secs,
                    retry_after_secs = retry_after_secs
                ),
                vec![],
                vec![],
            ),
            ApiError::NotReady => (t!("problem-not-ready-detail"), vec![], vec![]),
            ApiError::Overloaded { retry_after_secs } => {
                (t!("problem-overloaded-detail", retry_after_secs = retry_after_secs), vec![], vec![])
            }
            ApiError::Internal(_) => (t!("problem-internal-detail"), vec![], vec![]),
        };
        Problem {
            kind: format!("/problems/{slug}"),
            title,
            status: self.status_code().as_u16(),
            detail,
            errors,
            suggestions,
        }
    }
}

/// A problem+json response for any status (also used to replace actix's plain-text defaults).
pub fn problem_response(status: StatusCode, problem: &Problem) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, PROBLEM_JSON))
        .body(serde_json::to_string(problem).unwrap_or_default())
}

/// A generic problem for a status code that no handler described (e.g. actix's own errors).
pub fn generic_problem(status: StatusCode) -> Problem {
    let reason = status.canonical_reason().unwrap_or("Error");
    let slug = reason.to_ascii_lowercase().replace(' ', "-");
    let title = status_title(status).unwrap_or_else(|| Text::name(reason));
    Problem {
        kind: format!("/problems/{slug}"),
        detail: if status.is_server_error() { t!("problem-internal-detail") } else { title.clone() },
        title,
        status: status.as_u16(),
        errors: vec![],
        suggestions: vec![],
    }
}

/// The title of the statuses actix-web answers by itself (a status not listed keeps its English
/// reason phrase in every language).
fn status_title(status: StatusCode) -> Option<Text> {
    Some(match status.as_u16() {
        400 => t!("status-400"),
        404 => t!("status-404"),
        405 => t!("status-405"),
        406 => t!("status-406"),
        408 => t!("status-408"),
        411 => t!("status-411"),
        413 => t!("status-413"),
        414 => t!("status-414"),
        415 => t!("status-415"),
        431 => t!("status-431"),
        500 => t!("status-500"),
        501 => t!("status-501"),
        503 => t!("status-503"),
        505 => t!("status-505"),
        _ => return None,
    })
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::LimitExceeded { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotReady | ApiError::Overloaded { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The cause of a 5xx is logged by the request middleware (`middleware::observe`), which knows the
    /// request id; here only the generic body is built.
    fn error_response(&self) -> HttpResponse {
        let mut response = problem_response(self.status_code(), &self.problem());
        if let ApiError::Overloaded { retry_after_secs } = self {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(*retry_after_secs));
        }
        if let ApiError::MethodNotAllowed { allow } = self {
            if let Ok(value) = header::HeaderValue::from_str(&allow.join(", ")) {
                response.headers_mut().insert(header::ALLOW, value);
            }
        }
        if let ApiError::Unauthorized(_) = self {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        if let ApiError::TooManyRequests { retry_after_secs, .. } = self {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(*retry_after_secs));
        }
        response
    }
}

/// The error responses every `/v1` operation documents (utoipa `IntoResponses`).
#[derive(utoipa::IntoResponses)]
pub enum CommonErrors {
    /// Malformed request (bad JSON syntax or query parameter).
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// API keys are on and the request has none, or an unknown one (`WWW-Authenticate: Bearer`).
    #[response(
        status = 401,
        content_type = "application/problem+json",
        headers(("WWW-Authenticate" = String, description = "`Bearer`"))
    )]
    Unauthorized(Problem),
    /// The key may not do this: a read-only key on a POST, or a full key sent as the `api_key` query
    /// parameter.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// Method not allowed on this path (see the Allow header).
    #[response(status = 405, content_type = "application/problem+json")]
    MethodNotAllowed(Problem),
    /// Rate limit reached for this key (or client address when keys are off); retry after `Retry-After`
    /// seconds.
    #[response(
        status = 429,
        content_type = "application/problem+json",
        headers(("Retry-After" = String, description = "Seconds to wait"))
    )]
    TooManyRequests(Problem),
    /// Internal error (generic body; details are logged).
    #[response(status = 500, content_type = "application/problem+json")]
    Internal(Problem),
}

/// The error responses of the unauthenticated operational routes (`/healthz`, `/readyz`, `/openapi.json`).
#[derive(utoipa::IntoResponses)]
pub enum OpsErrors {
    /// Malformed request.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Method not allowed on this path (see the Allow header).
    #[response(status = 405, content_type = "application/problem+json")]
    MethodNotAllowed(Problem),
    /// Internal error (generic body; details are logged).
    #[response(status = 500, content_type = "application/problem+json")]
    Internal(Problem),
}

/// The error responses of every operation that reads a JSON body.
#[derive(utoipa::IntoResponses)]
pub enum BodyErrors {
    /// The body is larger than the configured limit (256 KiB by default).
    #[response(status = 413, content_type = "application/problem+json")]
    PayloadTooLarge(Problem),
    /// The body is not `application/json` (or `application/*+json`).
    #[response(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Problem),
}

/// The heavy operations (sweeps, tornado) run a bounded number at a time.
#[derive(utoipa::IntoResponses)]
pub enum HeavyErrors {
    /// As many sweeps and tornado analyses as the server runs at once (`--heavy-concurrency`) are
    /// running; retry after `Retry-After` seconds.
    #[response(
        status = 503,
        content_type = "application/problem+json",
        headers(("Retry-After" = String, description = "Seconds to wait"))
    )]
    Busy(Problem),
}
