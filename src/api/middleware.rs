//! Cross-cutting behaviour of every response: request ids, one log line, the catalogue version header,
//! request metrics, the logged cause of every 5xx (with the request id), and problem+json bodies for
//! errors that actix itself produced.

use super::problem::{generic_problem, problem_response, PROBLEM_JSON};
use crate::metrics::{Metrics, UNMATCHED_ROUTE};
use crate::store::CatalogStore;
use crate::text::{self, Language};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use std::time::Instant;
use tracing::Instrument;

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

/// Request id in and out, catalogue version out, one structured log line and the metrics per request.
/// Everything logged while the request runs carries its id (a `request` span); a 5xx's cause is logged
/// here with the id as a field.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = request_id_of(&req);
    let method = req.method().to_string();
    let path = req.path().to_string();
    // One snapshot for the whole request (a reload meanwhile does not change it), named in the header.
    let snapshot = req.app_data::<web::Data<CatalogStore>>().map(|store| store.latest());
    let catalog_version = snapshot.as_ref().map(|s| s.catalog.version.clone());
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    req.extensions_mut().insert(RequestId(request_id.clone()));

    let span = tracing::info_span!("request", %request_id);
    let response = match snapshot {
        Some(snapshot) => crate::store::pinned(snapshot, next.call(req)).instrument(span).await?,
        None => next.call(req).instrument(span).await?,
    };
    log_server_error(&response, &request_id);
    let route = response.request().match_pattern().unwrap_or_else(|| UNMATCHED_ROUTE.to_string());
    let mut response = problem_for_plain_errors(response.map_into_boxed_body());

    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert(REQUEST_ID, value);
    }
    // A price book's requests have already named their own version (`pin_price_book`).
    if let Some(value) = catalog_version.and_then(|v| HeaderValue::from_str(&v).ok()) {
        if !headers.contains_key(CATALOG_VERSION) {
            headers.insert(CATALOG_VERSION, value);
        }
    }
    let status = response.status().as_u16();
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(metrics) = metrics {
        metrics.observe_request(&route, &method, status, elapsed);
    }
    let latency_ms = elapsed * 1000.0;
    tracing::info!(target: "breakeven::http", %request_id, %method, %path, status, latency_ms, "request");
    Ok(response)
}

/// With a price book for the request's key, the rest of the request sees that book's snapshot (its
/// own catalogue version, so answers, caches and ETags are the key's alone), named in the response.
pub async fn pin_price_book(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let key = req.extensions().get::<super::auth::AuthenticatedKey>().map(|k| k.0.clone());
    let store = req.app_data::<web::Data<CatalogStore>>().cloned();
    let tenant = match (key, store) {
        (Some(key), Some(store)) => {
            let base = store.current();
            base.books.contains_key(&key).then(|| base.for_key(Some(&key)))
        }
        _ => None,
    };
    let Some(snapshot) = tenant else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let version = snapshot.catalog.version.clone();
    let mut response = crate::store::pinned(snapshot, next.call(req)).await?.map_into_boxed_body();
    if let Ok(value) = HeaderValue::from_str(&version) {
        response.headers_mut().insert(CATALOG_VERSION, value);
    }
    Ok(response)
}

/// The cause of a 5xx goes to the log only (the body stays generic), with the request id to find it.
fn log_server_error<B>(response: &ServiceResponse<B>, request_id: &str) {
    if !response.status().is_server_error() {
        return;
    }
    let Some(error) = response.response().error() else {
        return;
    };
    let status = response.status().as_u16();
    match error.as_error::<super::problem::ApiError>() {
        Some(super::problem::ApiError::Internal(cause)) => {
            tracing::error!(%request_id, status, %cause, "internal error")
        }
        Some(_) => {}
        None => tracing::error!(%request_id, status, cause = %error, "internal error"),
    }
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

/// The answer's language: `lang=` in the query (spreadsheets cannot set headers), else the best match of
/// `Accept-Language`, else English. Everything the request renders — bodies, problems (also those
/// raised by the middlewares inside), CSV headers, workbooks — is in it; the response says which
/// (`Content-Language`) and that it varies with the header.
pub async fn speak_language(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let language = match requested_language(&req) {
        Ok(language) => language,
        Err(error) => return Ok(req.error_response(error).map_into_boxed_body()),
    };
    // (No clone of the request is kept: `head_as_get` inside needs the only reference.)
    match InLanguage::new(language, next.call(req)).await {
        Ok(response) => {
            let mut response = response.map_into_boxed_body();
            label(response.headers_mut(), language);
            Ok(response)
        }
        // Rendered here, inside the language, rather than by the server outside every middleware.
        Err(error) => {
            let mut response = text::with_language(language, || error.error_response());
            label(response.headers_mut(), language);
            Err(actix_web::error::InternalError::from_response(error, response).into())
        }
    }
}

/// `Content-Language` names the answer's language; `Vary` tells caches the header chooses it.
fn label(headers: &mut actix_web::http::header::HeaderMap, language: Language) {
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
    super::http_cache::add_vary(headers, &["Accept-Language"]);
}

/// `lang=` when given (a value other than `en` or `zh-CN` is a 400 naming it), else `Accept-Language`.
fn requested_language(req: &ServiceRequest) -> Result<Language, super::problem::ApiError> {
    let asked =
        form_urlencoded::parse(req.query_string().as_bytes()).find(|(name, _)| name == LANG_PARAMETER);
    if let Some((_, value)) = asked {
        return Language::from_tag(&value).ok_or_else(|| {
            super::problem::ApiError::bad_request(
                t!("lang-unknown", value = value),
                vec![super::problem::FieldError::new("/lang", t!("lang-unknown-field", value = value))],
            )
        });
    }
    Ok(req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Language::from_accept_language)
        .unwrap_or_default())
}

/// The query parameter choosing the answer's language.
pub const LANG_PARAMETER: &str = "lang";

/// A future polled in a language: every `Text` serialised while it runs (on whichever worker thread
/// polls it) renders in that language.
pub struct InLanguage<F> {
    language: Language,
    inner: std::pin::Pin<Box<F>>,
}

impl<F: std::future::Future> InLanguage<F> {
    pub fn new(language: Language, inner: F) -> Self {
        InLanguage { language, inner: Box::pin(inner) }
    }
}

impl<F: std::future::Future> std::future::Future for InLanguage<F> {
    type Output = F::Output;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        let language = self.language;
        text::with_language(language, || self.inner.as_mut().poll(cx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::problem::ApiError;
    use actix_web::{test, App, HttpResponse};
    use std::sync::{Arc, Mutex};

    /// Log lines written by the JSON formatter, kept in memory.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn lines(&self) -> Vec<serde_json::Value> {
            let bytes = self.0.lock().expect("lock").clone();
            String::from_utf8_lossy(&bytes).lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
        }
    }

    async fn failing() -> Result<HttpResponse, ApiError> {
        Err(ApiError::Internal("the disk caught fire".into()))
    }

    #[actix_web::test]
    async fn the_internal_error_log_line_carries_the_request_id() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt().json().with_writer(move || writer.clone()).finish();
        let _guard = tracing::subscriber::set_default(subscriber);

        let app = test::init_service(
            App::new().wrap(actix_web::middleware::from_fn(observe)).route("/boom", web::get().to(failing)),
        )
        .await;
        let response = test::call_service(&app, test::TestRequest::get().uri("/boom").to_request()).await;
        assert_eq!(response.status().as_u16(), 500);
        let request_id =
            response.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).expect("id").to_string();
        let body = test::read_body(response).await;
        assert!(!String::from_utf8_lossy(&body).contains("fire"), "5xx bodies stay generic");

        let lines = captured.lines();
        let error = lines
            .iter()
            .find(|l| l["fields"]["message"] == "internal error")
            .unwrap_or_else(|| panic!("an internal-error line in {lines:#?}"));
        assert_eq!(error["level"], "ERROR");
        assert_eq!(error["fields"]["request_id"], request_id.as_str());
        assert_eq!(error["fields"]["cause"], "the disk caught fire");
        assert_eq!(error["fields"]["status"], 500);
    }
}
