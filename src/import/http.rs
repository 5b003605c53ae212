//! The one HTTP client every importer uses (reqwest, blocking, rustls, gzip).
//!
//! - **Timeouts**: `connect_timeout` for the TCP/TLS connect, `read_timeout` for every wait on the
//!   upstream (the response head, and each read of the body), so a connection that stalls fails with
//!   [`ImportError::Timeout`] instead of hanging.
//! - **Retries**: connect errors, timeouts before the body starts, 408, 429 and 5xx are retried up to
//!   `retries` times, waiting `backoff × 2^attempt` (capped at `max_wait`), or what `Retry-After` says
//!   (seconds or an HTTP date) when the upstream says it. A `Retry-After` longer than `max_wait` is not
//!   waited for: the error says so. [`Http::get_bytes`] also retries a body that breaks off half-way.
//! - **Size cap**: a `Content-Length` above `max_body_bytes` is refused before reading; a body without
//!   one is counted while it streams and cut off at the cap ([`ImportError::TooLarge`]).
//! - **Conditional GET**: pass the `Validators` (ETag, Last-Modified) remembered from the last run and a
//!   `304 Not Modified` comes back as [`Fetched::NotModified`].
//!
//! The blocking client runs its own small runtime: call it from a plain thread, never from inside an
//! async task (the refresh loop uses `std::thread`).

use super::progress::Progress;
use super::ImportError;
use reqwest::blocking::{Client, Response};
use reqwest::header::{HeaderMap, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::time::{Duration, SystemTime};

/// How patient and how trusting the client is. `Default` suits the real vendors; tests shrink it.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub connect_timeout: Duration,
    /// Longest wait for the response head or for any one read of the body.
    pub read_timeout: Duration,
    /// Retries after the first attempt.
    pub retries: u32,
    /// First backoff; doubled on every retry.
    pub backoff: Duration,
    /// Longest single wait between attempts (backoff or Retry-After).
    pub max_wait: Duration,
    /// Largest response body accepted, in bytes.
    pub max_body_bytes: u64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            retries: 4,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(120),
            max_body_bytes: 64 * 1024 * 1024,
        }
    }
}

/// What the upstream said about the version it sent, for the next conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    fn of(headers: &HeaderMap) -> Validators {
        let text = |name| headers.get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok());
        Validators {
            etag: text(ETAG).map(str::to_string),
            last_modified: text(LAST_MODIFIED).map(str::to_string),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A response: unchanged since the validators given, or a body to read.
pub enum Fetched {
    NotModified,
    Body(Box<Body>),
}

/// A response body being streamed: reading it enforces the size cap and turns timeouts and early ends
/// into clear errors (as `std::io::Error`s wrapping an [`ImportError`]; see [`ImportError::from_io`]).
pub struct Body {
    pub url: String,
    /// The `Content-Length`, when the upstream sent one.
    pub len: Option<u64>,
    pub validators: Validators,
    response: Response,
    read: u64,
    limit: u64,
    read_timeout: Duration,
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.response.read(buf).map_err(|e| {
            let error = body_error(&self.url, &e, self.read, self.len, self.read_timeout);
            std::io::Error::other(error)
        })?;
        self.read = self.read.saturating_add(n as u64);
        if self.read > self.limit {
            return Err(std::io::Error::other(ImportError::TooLarge {
                url: self.url.clone(),
                limit: self.limit,
            }));
        }
        if n == 0 && self.len.is_some_and(|len| self.read < len) {
            let error = ImportError::Truncated {
                url: self.url.clone(),
                detail: format!("{} of {} bytes", self.read, self.len.unwrap_or_default()),
            };
            return Err(std::io::Error::other(error));
        }
        Ok(n)
    }
}

fn body_error(
    url: &str,
    e: &std::io::Error,
    read: u64,
    len: Option<u64>,
    read_timeout: Duration,
) -> ImportError {
    let text = error_chain(e);
    if text.contains("timed out") || e.kind() == std::io::ErrorKind::TimedOut {
        ImportError::Timeout { url: url.to_string(), after: read_timeout, during: "reading the body" }
    } else {
        let of = len.map(|l| format!(" of {l}")).unwrap_or_default();
        ImportError::Truncated { url: url.to_string(), detail: format!("after {read}{of} bytes: {text}") }
    }
}

/// Every cause of an error on one line (reqwest hides the useful part in `source()`).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// A signed API call's headers and body (the signature is in the headers): sent as a POST
/// ([`Http::post_bytes`]), or, with an empty body, as a GET ([`Http::signed_get_bytes`]).
#[derive(Clone)]
pub struct Post {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl std::fmt::Debug for Post {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Header values may carry credentials: names only.
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Post").field("headers", &names).field("body_len", &self.body.len()).finish()
    }
}

/// The client. Cheap to clone.
#[derive(Clone)]
pub struct Http {
    client: Client,
    settings: HttpSettings,
    progress: Progress,
    /// Sent with every request (API keys): marked sensitive, never logged or written.
    secret_headers: reqwest::header::HeaderMap,
}

impl Http {
    pub fn new(settings: HttpSettings, progress: Progress) -> Result<Http, ImportError> {
        let client = Client::builder()
            .use_rustls_tls()
            .gzip(true)
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.read_timeout)
            .user_agent(concat!("breakeven/", env!("CARGO_PKG_VERSION"), " (price importer)"))
            .build()
            .map_err(|e| ImportError::Config(format!("cannot build the HTTP client: {}", error_chain(&e))))?;
        Ok(Http { client, settings, progress, secret_headers: reqwest::header::HeaderMap::new() })
    }

    /// Sends `name: value` with every request from now on. The value is marked sensitive and never
    /// appears in a message, not even when it is invalid.
    pub fn add_secret_header(&mut self, name: &str, value: &str) -> Result<(), ImportError> {
        let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ImportError::Config(format!("`{name}` is not a valid header name")))?;
        let mut value = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
            ImportError::Config(format!("the value for the {name} header is not valid header text"))
        })?;
        value.set_sensitive(true);
        self.secret_headers.insert(header, value);
        Ok(())
    }

    pub fn settings(&self) -> &HttpSettings {
        &self.settings
    }

    /// GET `url`, retrying as the module doc says; with `validators`, a conditional GET.
    pub fn get(&self, url: &str, validators: Option<&Validators>) -> Result<Fetched, ImportError> {
        self.send(url, validators, None)
    }

    fn send(
        &self,
        url: &str,
        validators: Option<&Validators>,
        post: Option<(&Method, &Post)>,
    ) -> Result<Fetched, ImportError> {
        let mut attempt = 0u32;
        loop {
            match self.attempt(url, validators, post) {
                Ok(fetched) => return Ok(fetched),
                Err(Failure { error, retry: Some(hint) }) if attempt < self.settings.retries => {
                    let wait = self.wait_for(url, attempt, hint)?;
                    attempt = attempt.saturating_add(1);
                    self.progress.log(&format!(
                        "{url}: {error}; retry {attempt}/{} in {}{}",
                        self.settings.retries,
                        seconds(wait),
                        if matches!(hint, RetryHint::After(_)) { " (as Retry-After asks)" } else { "" }
                    ));
                    std::thread::sleep(wait);
                }
                Err(Failure { error, .. }) => return Err(error),
            }
        }
    }

    /// GET the whole body into memory (under the size cap); a body that breaks off is retried too.
    /// `None` when the upstream answered 304 to the `validators`.
    pub fn get_bytes(
        &self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Option<(Vec<u8>, Validators)>, ImportError> {
        self.bytes(url, validators, None)
    }

    /// POST `post` to `url` and read the whole answer (under the size cap), retrying as a GET is.
    /// The request is the same on every attempt (a signed request stays signed; its headers are marked
    /// sensitive, so they never show in debug output).
    pub fn post_bytes(&self, url: &str, post: &Post) -> Result<Vec<u8>, ImportError> {
        Ok(self.bytes(url, None, Some((&Method::POST, post)))?.map(|(bytes, _)| bytes).unwrap_or_default())
    }

    /// GET `url` with the signed headers of `call` (its body is not sent: the parameters are in the
    /// URL) and read the whole answer, retrying as [`Http::post_bytes`] does; never conditional.
    pub fn signed_get_bytes(&self, url: &str, call: &Post) -> Result<Vec<u8>, ImportError> {
        Ok(self.bytes(url, None, Some((&Method::GET, call)))?.map(|(bytes, _)| bytes).unwrap_or_default())
    }

    fn bytes(
        &self,
        url: &str,
        validators: Option<&Validators>,
        post: Option<(&Method, &Post)>,
    ) -> Result<Option<(Vec<u8>, Validators)>, ImportError> {
        let mut attempt = 0u32;
        loop {
            let mut body = match self.send(url, validators, post)? {
                Fetched::NotModified => return Ok(None),
                Fetched::Body(body) => body,
            };
            let mut bytes =
                Vec::with_capacity(body.len.unwrap_or(0).min(self.settings.max_body_bytes) as usize);
            let bar = self.progress.download(url, body.len);
            let result = bar.wrap_read(&mut *body).read_to_end(&mut bytes);
            bar.finish();
            match result.map_err(|e| ImportError::from_io(e, url)) {
                Ok(_) => return Ok(Some((bytes, body.validators))),
                Err(error @ (ImportError::Truncated { .. } | ImportError::Timeout { .. }))
                    if attempt < self.settings.retries =>
                {
                    let wait = self.wait_for(url, attempt, RetryHint::Backoff)?;
                    attempt = attempt.saturating_add(1);
                    self.progress.log(&format!(
                        "{url}: {error}; retry {attempt}/{} in {}",
                        self.settings.retries,
                        seconds(wait)
                    ));
                    std::thread::sleep(wait);
                }
                Err(error) => return Err(error),
            }
        }
    }

    fn wait_for(&self, url: &str, attempt: u32, hint: RetryHint) -> Result<Duration, ImportError> {
        match hint {
            RetryHint::After(wait) if wait > self.settings.max_wait => Err(ImportError::Upstream {
                url: url.to_string(),
                detail: format!(
                    "the upstream asks to retry after {}, longer than the {} this importer waits",
                    seconds(wait),
                    seconds(self.settings.max_wait)
                ),
            }),
            RetryHint::After(wait) => Ok(wait),
            RetryHint::Backoff => {
                let factor = 2u32.saturating_pow(attempt.min(16));
                Ok(self.settings.backoff.saturating_mul(factor).min(self.settings.max_wait))
            }
        }
    }

    fn attempt(
        &self,
        url: &str,
        validators: Option<&Validators>,
        post: Option<(&Method, &Post)>,
    ) -> Result<Fetched, Failure> {
        let mut request = match post {
            None => self.client.get(url).headers(self.secret_headers.clone()),
            Some((method, post)) => {
                let mut request =
                    self.client.request(method.clone(), url).headers(self.secret_headers.clone());
                if *method != Method::GET {
                    request = request.body(post.body.clone());
                }
                for (name, value) in &post.headers {
                    let mut value = reqwest::header::HeaderValue::from_str(value).map_err(|_| Failure {
                        error: ImportError::Config(format!("header {name}: not a valid header value")),
                        retry: None,
                    })?;
                    value.set_sensitive(true);
                    request = request.header(name.as_str(), value);
                }
                request
            }
        };
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date);
            }
        }
        let response = request.send().map_err(|e| self.transport_failure(url, &e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(status_failure(url, response));
        }
        let len = response.content_length();
        let limit = self.settings.max_body_bytes;
        if len.is_some_and(|len| len > limit) {
            return Err(Failure {
                error: ImportError::TooLarge { url: url.to_string(), limit },
                retry: None,
            });
        }
        Ok(Fetched::Body(Box::new(Body {
            url: url.to_string(),
            len,
            validators: Validators::of(response.headers()),
            response,
            read: 0,
            limit,
            read_timeout: self.settings.read_timeout,
        })))
    }

    fn transport_failure(&self, url: &str, e: &reqwest::Error) -> Failure {
        let error = if e.is_timeout() {
            let during = if e.is_connect() { "connecting" } else { "waiting for the response" };
            let after =
                if e.is_connect() { self.settings.connect_timeout } else { self.settings.read_timeout };
            ImportError::Timeout { url: url.to_string(), after, during }
        } else {
            ImportError::Transport { url: url.to_string(), detail: error_chain(e) }
        };
        // Builder errors (a malformed URL) will not get better by waiting.
        let retry = (!e.is_builder()).then_some(RetryHint::Backoff);
        Failure { error, retry }
    }
}

struct Failure {
    error: ImportError,
    retry: Option<RetryHint>,
}

#[derive(Debug, Clone, Copy)]
enum RetryHint {
    Backoff,
    After(Duration),
}

fn status_failure(url: &str, response: Response) -> Failure {
    let status = response.status();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let retryable = status.is_server_error()
        || status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT;
    let mut excerpt = String::new();
    let _ = response.take(300).read_to_string(&mut excerpt);
    let excerpt = excerpt.split_whitespace().collect::<Vec<_>>().join(" ");
    let error = ImportError::Status { url: url.to_string(), status: status.as_u16(), excerpt };
    let retry = retryable.then_some(retry_after.map_or(RetryHint::Backoff, RetryHint::After));
    Failure { error, retry }
}

/// `Retry-After` as a wait from `now`: delay-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015
/// 07:28:00 GMT`; a date in the past means now). None when it is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Tue, 01 Dec 2026 12:00:00 GMT").expect("date");
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("Tue, 01 Dec 2026 12:00:30 GMT", now), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("Tue, 01 Dec 2026 11:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }
}
