//! Errors that actix's HTTP/1 codec answers by itself — a request head it cannot parse (invalid bytes),
//! one larger than its buffer, one that does not arrive in time — carry an empty body, and no middleware
//! ever sees them. Every connection's writes pass through `ProblemStream`, which swaps such a bare
//! answer for the same status with a problem+json body, so a client sees one error format everywhere.
//!
//! The codec closes the connection after such an answer, so it is always the last bytes written:
//! a final `HTTP/1.x 4xx` head with `content-length: 0`, no content type, and nothing after it. The
//! application itself never writes that: `middleware::observe` makes every 4xx it answers a problem
//! document with a body.

use super::problem::{generic_problem, PROBLEM_JSON};
use actix_web::http::StatusCode;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Largest request line and headers the codec reads (actix-http's `MAX_BUFFER_SIZE`), and at most
/// 96 header fields; more is a 431.
pub const MAX_HEAD_BYTES: usize = 131_072;

/// A connection whose bare codec errors are rewritten as problem documents.
pub struct ProblemStream<T> {
    inner: T,
    /// Bytes accepted from the codec and not yet written to the socket (only ever the rewritten tail).
    pending: Vec<u8>,
}

impl<T> ProblemStream<T> {
    pub fn new(inner: T) -> Self {
        ProblemStream { inner, pending: Vec::new() }
    }
}

/// What the codec's answer means, said to the client.
fn detail(status: StatusCode) -> crate::text::Text {
    match status {
        StatusCode::BAD_REQUEST => t!("http-invalid-request"),
        StatusCode::REQUEST_TIMEOUT => t!("http-head-timeout"),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => {
            t!("http-head-too-large", kib = MAX_HEAD_BYTES / 1024, fields = 96)
        }
        other => generic_problem(other).detail,
    }
}

/// Where a bare codec error starts in `written`, and its status.
fn bare_error(written: &[u8]) -> Option<(usize, StatusCode)> {
    if !written.ends_with(b"\r\n\r\n") {
        return None;
    }
    // The head is short (status line, content-length, connection, date): look at the tail only.
    let window = written.len().saturating_sub(512);
    let start = window + find_last(&written[window..], b"HTTP/1.")?;
    let head = std::str::from_utf8(&written[start..]).ok()?;
    let mut lines = head.split("\r\n").filter(|l| !l.is_empty());
    let status = lines.next()?.split(' ').nth(1)?.parse::<u16>().ok()?;
    let status = StatusCode::from_u16(status).ok().filter(StatusCode::is_client_error)?;
    let fields: Vec<String> = lines.map(str::to_ascii_lowercase).collect();
    // (`connection: close` is not always written — not after a kept-alive request — but the codec
    // closes the connection all the same.)
    let bare = fields.iter().any(|f| f == "content-length: 0")
        && !fields.iter().any(|f| f.starts_with("content-type:"));
    bare.then_some((start, status))
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The same answer with a problem+json body: the codec's status line and fields (its `date`) kept.
fn problem_answer(bare_head: &str, status: StatusCode) -> Vec<u8> {
    let mut problem = generic_problem(status);
    problem.detail = detail(status);
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let mut head = String::new();
    for line in bare_head.split("\r\n").filter(|l| !l.is_empty()) {
        let name = line.to_ascii_lowercase();
        if !name.starts_with("content-length:") && !name.starts_with("connection:") {
            head.push_str(line);
            head.push_str("\r\n");
        }
    }
    head.push_str(&format!(
        "connection: close\r\ncontent-type: {PROBLEM_JSON}\r\ncontent-length: {}\r\n\r\n",
        body.len()
    ));
    let mut answer = head.into_bytes();
    answer.extend_from_slice(&body);
    answer
}

impl<T: AsyncWrite + Unpin> ProblemStream<T> {
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.pending.is_empty() {
            let written = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending))?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.pending.drain(..written);
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for ProblemStream<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for ProblemStream<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        if let Some((start, status)) = bare_error(buf) {
            let head = String::from_utf8_lossy(&buf[start..]).into_owned();
            this.pending = buf[..start].to_vec();
            this.pending.extend(problem_answer(&head, status));
            // Taken whole: what the socket does not take now goes out on flush or shutdown.
            if let Poll::Ready(Err(e)) = this.drain(cx) {
                return Poll::Ready(Err(e));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BARE_431: &[u8] = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\nconnection: close\r\ndate: Tue, 01 Dec 2026 09:36:16 GMT\r\n\r\n";

    #[test]
    fn finds_the_codec_answer_at_the_end_only() {
        assert_eq!(bare_error(BARE_431), Some((0, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE)));
        let mut pipelined = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".to_vec();
        pipelined.extend_from_slice(BARE_431);
        assert_eq!(bare_error(&pipelined).map(|(start, _)| start), Some(pipelined.len() - BARE_431.len()));
        // The application's own answers are left alone: a problem body, a 304, a 200.
        let problem = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\ncontent-type: application/problem+json\r\nconnection: close\r\n\r\n";
        assert_eq!(bare_error(problem), None);
        assert_eq!(
            bare_error(b"HTTP/1.1 304 Not Modified\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"),
            None
        );
        // After a kept-alive request the codec leaves out `connection: close`, and still closes.
        assert_eq!(
            bare_error(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"),
            Some((0, StatusCode::BAD_REQUEST))
        );
        assert_eq!(bare_error(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n{}"), None);
    }

    #[test]
    fn the_rewritten_answer_is_a_problem_document_with_the_same_status_and_date() {
        let answer = problem_answer(
            std::str::from_utf8(BARE_431).expect("ascii"),
            StatusCode::from_u16(431).expect("431"),
        );
        let text = String::from_utf8(answer).expect("utf-8");
        let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
        assert!(head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"), "{head}");
        assert!(head.contains("date: Tue, 01 Dec 2026 09:36:16 GMT"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())), "{head}");
        let problem: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert_eq!(problem["status"], 431);
        assert!(problem["detail"].as_str().expect("detail").contains("128 KiB"));
    }
}
