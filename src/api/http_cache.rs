//! Conditional GETs: an `ETag` derived from the catalogue version and the request, `If-None-Match` → 304,
//! and `Cache-Control`. Responses only change when the catalogue does, so the version is the validator.

use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How long shared caches may keep a catalogue response before revalidating.
pub const CACHE_CONTROL: &str = "public, max-age=300";

/// What identifies a cacheable response: the catalogue version and the request's variant (query, id).
pub struct Cacheable {
    etag: String,
}

impl Cacheable {
    pub fn new(catalog_version: &str, variant: &str) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(catalog_version.as_bytes());
        hasher.update([0u8]);
        hasher.update(variant.as_bytes());
        // The same request in another language is another representation (`Accept-Language`).
        hasher.update([0u8]);
        hasher.update(crate::text::current().tag().as_bytes());
        let hex: String = hasher.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect();
        Cacheable { etag: format!("\"{hex}\"") }
    }

    fn matches(&self, req: &HttpRequest) -> bool {
        req.headers().get_all(header::IF_NONE_MATCH).filter_map(|v| v.to_str().ok()).any(|v| {
            v.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == self.etag)
        })
    }
}

/// 304 when the client already has this version, else 200 with the body `make` builds (only then).
pub fn conditional<T: Serialize>(
    req: &HttpRequest,
    key: Cacheable,
    make: impl FnOnce() -> T,
) -> HttpResponse {
    conditional_response(req, key, || HttpResponse::Ok().json(make()))
}

/// A 304 (with the validators) when the client already has this version, before any work is done.
pub fn not_modified(req: &HttpRequest, key: &Cacheable) -> Option<HttpResponse> {
    key.matches(req).then(|| with_validators(HttpResponse::NotModified().finish(), key))
}

/// Adds `ETag`, `Cache-Control` and `Vary: Accept` to a response.
pub fn with_validators(mut response: HttpResponse, key: &Cacheable) -> HttpResponse {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&key.etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL));
    headers.insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

/// Like `conditional`, for any representation (CSV, text); the key must name the representation
/// (e.g. include the format), and `Vary: Accept` tells caches that the header chooses it.
pub fn conditional_response(
    req: &HttpRequest,
    key: Cacheable,
    make: impl FnOnce() -> HttpResponse,
) -> HttpResponse {
    let response = if key.matches(req) { HttpResponse::NotModified().finish() } else { make() };
    with_validators(response, &key)
}

/// The response of a rendered (and usually cached) answer: its bytes, type and file name.
pub fn rendered(answer: &crate::cache::Rendered) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response.content_type(answer.content_type);
    if let Some(disposition) = &answer.disposition {
        response.insert_header((header::CONTENT_DISPOSITION, disposition.as_str()));
    }
    response.body(answer.body.clone())
}

/// With API keys on, an answer went to a key holder: a shared cache must not keep it for others
/// (`private` instead of `public`), and it varies with the credentials that unlocked it.
pub fn make_private(headers: &mut HeaderMap) {
    let cacheable = headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).map(str::to_string);
    if let Some(value) = cacheable.and_then(|v| HeaderValue::from_str(&v.replace("public", "private")).ok()) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    add_vary(headers, &["Authorization", "X-API-Key"]);
}

/// Adds `names` to the response's `Vary` (each once, whatever the case it is already there in).
pub fn add_vary(headers: &mut HeaderMap, names: &[&str]) {
    let mut vary: Vec<String> = headers
        .get_all(header::VARY)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty())
        .collect();
    for name in names {
        if !vary.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            vary.push(name.to_string());
        }
    }
    if let Ok(value) = HeaderValue::from_str(&vary.join(", ")) {
        headers.insert(header::VARY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_answers_vary_on_the_credentials() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL));
        headers.insert(header::VARY, HeaderValue::from_static("Accept"));
        make_private(&mut headers);
        assert_eq!(headers.get(header::CACHE_CONTROL).expect("cc"), "private, max-age=300");
        assert_eq!(headers.get(header::VARY).expect("vary"), "Accept, Authorization, X-API-Key");

        let mut uncached = HeaderMap::new();
        make_private(&mut uncached);
        assert!(uncached.get(header::CACHE_CONTROL).is_none(), "no caching is added where none was");
        assert_eq!(uncached.get(header::VARY).expect("vary"), "Authorization, X-API-Key");
    }
}
