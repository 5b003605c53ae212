//! API keys for portals and spreadsheets. Off unless keys are configured (local embedded use).
//!
//! With keys, every `/v1` request needs one: `Authorization: Bearer <key>` or `X-API-Key: <key>`.
//! Read-only keys may also come as the `api_key` query parameter, for clients that cannot set headers
//! (Google Sheets IMPORTDATA, Excel WEBSERVICE); full keys never travel in URLs. Keys are kept as SHA-256
//! digests, compared in constant time, and never logged.

use super::problem::ApiError;
use crate::config::{KeyRing, Scope};
use crate::text::Text;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};

/// The name of the key that authenticated the request, in its extensions for later middleware (the
/// rate limiter) and handlers. Absent when keys are off or the path needs none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatedKey(pub String);

/// `/metrics` on the main address: open when keys are off, else for `full` keys only.
pub const METRICS_PATH: &str = "/metrics";

/// Where the request's key came from.
enum Presented {
    None,
    Header(String),
    Query(String),
}

fn presented_key(req: &ServiceRequest) -> Presented {
    let headers = req.headers();
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
    {
        return Presented::Header(bearer.trim().to_string());
    }
    if let Some(key) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        return Presented::Header(key.trim().to_string());
    }
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(name, _)| name == "api_key")
        .map_or(Presented::None, |(_, value)| Presented::Query(value.into_owned()))
}

/// The decision for one request.
#[derive(Debug, PartialEq, Eq)]
enum Decision {
    Allow(Option<String>),
    Unauthorized(Text),
    Forbidden(Text),
}

fn decide(ring: &KeyRing, req: &ServiceRequest) -> Decision {
    let metrics = req.path() == METRICS_PATH;
    if !ring.is_enabled() || !(req.path().starts_with("/v1/") || metrics) {
        return Decision::Allow(None);
    }
    let (secret, in_query) = match presented_key(req) {
        Presented::None => return Decision::Unauthorized(t!("api-key-required")),
        Presented::Header(secret) => (secret, false),
        Presented::Query(secret) => (secret, true),
    };
    let Some(key) = ring.find(&secret) else {
        return Decision::Unauthorized(t!("api-key-invalid"));
    };
    let read_only_method = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if in_query && key.scope != Scope::Read {
        return Decision::Forbidden(t!("api-key-full-in-query"));
    }
    if key.scope == Scope::Read && !read_only_method {
        return Decision::Forbidden(t!("api-key-read-only"));
    }
    if key.scope == Scope::Read && metrics {
        return Decision::Forbidden(t!("api-key-metrics-need-full"));
    }
    Decision::Allow(Some(key.name.clone()))
}

/// Rejects `/v1` requests without a valid key (401) or with a key that may not do this (403).
pub async fn require_key(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let ring = req.app_data::<web::Data<KeyRing>>().cloned().unwrap_or_default();
    let error = match decide(&ring, &req) {
        Decision::Allow(name) => {
            let authenticated = name.is_some();
            if let Some(name) = name {
                tracing::debug!(key = %name, "authenticated");
                req.extensions_mut().insert(AuthenticatedKey(name));
            }
            let mut response = next.call(req).await?.map_into_boxed_body();
            if authenticated {
                super::http_cache::make_private(response.headers_mut());
            }
            return Ok(response);
        }
        Decision::Unauthorized(detail) => ApiError::Unauthorized(detail),
        Decision::Forbidden(detail) => ApiError::Forbidden(detail),
    };
    let (request, _) = req.into_parts();
    Ok(ServiceResponse::new(request, error.error_response()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn ring() -> KeyRing {
        KeyRing::parse("portal:full:full-key-0123456789\n# comment\nsheet:read:read-key-0123456789")
            .expect("valid")
    }

    #[test]
    fn decisions_follow_scope_and_transport() {
        let ring = ring();
        let get = |uri: &str| TestRequest::get().uri(uri).to_srv_request();
        assert_eq!(decide(&ring, &get("/healthz")), Decision::Allow(None));
        assert!(matches!(decide(&ring, &get("/v1/catalog")), Decision::Unauthorized(_)));
        assert!(matches!(
            decide(&ring, &get("/v1/catalog?api_key=wrong-key-0123456789")),
            Decision::Unauthorized(_)
        ));
        assert_eq!(
            decide(&ring, &get("/v1/catalog?api_key=read-key-0123456789")),
            Decision::Allow(Some("sheet".into()))
        );
        assert!(matches!(
            decide(&ring, &get("/v1/catalog?api_key=full-key-0123456789")),
            Decision::Forbidden(_)
        ));
        let post_read = TestRequest::post()
            .uri("/v1/prices")
            .insert_header(("x-api-key", "read-key-0123456789"))
            .to_srv_request();
        assert!(matches!(decide(&ring, &post_read), Decision::Forbidden(_)));
        let post_full = TestRequest::post()
            .uri("/v1/prices")
            .insert_header(("authorization", "Bearer full-key-0123456789"))
            .to_srv_request();
        assert_eq!(decide(&ring, &post_full), Decision::Allow(Some("portal".into())));
        assert_eq!(decide(&KeyRing::default(), &get("/v1/catalog")), Decision::Allow(None));
        assert_eq!(decide(&KeyRing::default(), &get("/metrics")), Decision::Allow(None));
        assert!(matches!(decide(&ring, &get("/metrics")), Decision::Unauthorized(_)));
        let metrics_with =
            |key: &str| TestRequest::get().uri("/metrics").insert_header(("x-api-key", key)).to_srv_request();
        assert!(matches!(decide(&ring, &metrics_with("read-key-0123456789")), Decision::Forbidden(_)));
        assert_eq!(
            decide(&ring, &metrics_with("full-key-0123456789")),
            Decision::Allow(Some("portal".into()))
        );
    }
}
