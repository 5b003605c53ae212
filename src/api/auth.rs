//! API keys for portals and spreadsheets. Off unless keys are configured (local embedded use).
//!
//! With keys, every `/v1` request needs one: `Authorization: Bearer <key>` or `X-API-Key: <key>`.
//! Read-only keys may also come as the `api_key` query parameter, for clients that cannot set headers
//! (Google Sheets IMPORTDATA, Excel WEBSERVICE); full keys never travel in URLs. Keys are kept as SHA-256
//! digests, compared in constant time, and never logged.

use super::problem::{problem_response, Problem};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use sha2::{Digest, Sha256};

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// GET only; may be sent as the `api_key` query parameter.
    Read,
    /// Every endpoint; headers only.
    Full,
}

#[derive(Debug, Clone)]
struct Key {
    name: String,
    digest: [u8; 32],
    scope: Scope,
}

/// The configured keys. Empty means authentication is off.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    keys: Vec<Key>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("API key entry {line}: {message}")]
pub struct KeyRingError {
    pub line: usize,
    pub message: String,
}

impl KeyRing {
    /// Parses `name:scope:key` entries, one per line or comma-separated (`#` starts a comment).
    /// The scope is `read` or `full`; keys must be at least 16 characters.
    pub fn parse(text: &str) -> Result<KeyRing, KeyRingError> {
        let mut keys = Vec::new();
        let entries = text.lines().flat_map(|l| l.split(',')).map(str::trim);
        for (i, entry) in entries.enumerate().filter(|(_, e)| !e.is_empty() && !e.starts_with('#')) {
            let error = |message: &str| KeyRingError { line: i + 1, message: message.to_string() };
            let mut parts = entry.splitn(3, ':');
            let (Some(name), Some(scope), Some(secret)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(error("expected name:scope:key"));
            };
            let scope = match scope {
                "read" => Scope::Read,
                "full" => Scope::Full,
                _ => return Err(error("scope must be `read` or `full`")),
            };
            if secret.len() < 16 {
                return Err(error("keys must be at least 16 characters"));
            }
            keys.push(Key { name: name.to_string(), digest: digest(secret), scope });
        }
        Ok(KeyRing { keys })
    }

    pub fn is_enabled(&self) -> bool {
        !self.keys.is_empty()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key matching `secret`, checking every key (no early exit on a match).
    fn find(&self, secret: &str) -> Option<&Key> {
        let candidate = digest(secret);
        let mut found = None;
        for key in &self.keys {
            if constant_time_eq(&key.digest, &candidate) {
                found = Some(key);
            }
        }
        found
    }
}

fn digest(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

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
    Unauthorized(&'static str),
    Forbidden(&'static str),
}

fn decide(ring: &KeyRing, req: &ServiceRequest) -> Decision {
    let metrics = req.path() == METRICS_PATH;
    if !ring.is_enabled() || !(req.path().starts_with("/v1/") || metrics) {
        return Decision::Allow(None);
    }
    let (secret, in_query) = match presented_key(req) {
        Presented::None => {
            return Decision::Unauthorized("this API needs a key: Authorization: Bearer <key> or X-API-Key")
        }
        Presented::Header(secret) => (secret, false),
        Presented::Query(secret) => (secret, true),
    };
    let Some(key) = ring.find(&secret) else {
        return Decision::Unauthorized("the API key is not valid");
    };
    let read_only_method = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if in_query && key.scope != Scope::Read {
        return Decision::Forbidden(
            "only read-only keys may be sent as the api_key query parameter; send this key in a header",
        );
    }
    if key.scope == Scope::Read && !read_only_method {
        return Decision::Forbidden("this key is read-only");
    }
    if key.scope == Scope::Read && metrics {
        return Decision::Forbidden("the metrics need a full key");
    }
    Decision::Allow(Some(key.name.clone()))
}

/// Rejects `/v1` requests without a valid key (401) or with a key that may not do this (403).
pub async fn require_key(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let ring = req.app_data::<web::Data<KeyRing>>().cloned().unwrap_or_default();
    let (status, detail) = match decide(&ring, &req) {
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
        Decision::Unauthorized(detail) => (StatusCode::UNAUTHORIZED, detail),
        Decision::Forbidden(detail) => (StatusCode::FORBIDDEN, detail),
    };
    let problem = Problem {
        kind: format!(
            "/problems/{}",
            if status == StatusCode::UNAUTHORIZED { "unauthorized" } else { "forbidden" }
        ),
        title: status.canonical_reason().unwrap_or("Error").to_string(),
        status: status.as_u16(),
        detail: detail.to_string(),
        errors: vec![],
        suggestions: vec![],
    };
    let mut response = problem_response(status, &problem);
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    }
    let (request, _) = req.into_parts();
    Ok(ServiceResponse::new(request, response))
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
    fn parses_entries_and_rejects_bad_ones() {
        assert_eq!(ring().len(), 2);
        assert!(KeyRing::parse("a:write:0123456789abcdef").is_err());
        assert!(KeyRing::parse("a:read:short").is_err());
        assert!(KeyRing::parse("nonsense").is_err());
        assert!(KeyRing::parse("").expect("empty").is_empty());
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
