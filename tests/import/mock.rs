//! A scripted upstream on a loopback port 0: plain HTTP/1.1 over `std::net`, one thread per
//! connection, so a test can also misbehave at the byte level (stall, cut a body short, lie about its
//! length), which a framework server would not let it do.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One way to answer a request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// 200 with the body; with an ETag, a matching `If-None-Match` gets 304.
    Ok { body: Vec<u8>, etag: Option<String>, content_type: &'static str },
    /// Any status, extra headers, a short body.
    Status { code: u16, headers: Vec<(String, String)>, body: String },
    /// Reads the request, then sends nothing for `for_` (longer than the client waits).
    Stall { for_: Duration },
    /// Promises `body.len() + missing` bytes, sends `body`, closes.
    Truncated { body: Vec<u8>, missing: usize },
    /// 200, chunked (no Content-Length), `size` bytes of `x`.
    ChunkedBytes { size: usize },
    /// 200 with a Content-Length of `claimed` and no body (the connection closes).
    Claims { claimed: u64 },
    /// 200 with a Content-Length of `claimed`, `part` of the body, then silence for `for_`.
    StallMidBody { part: Vec<u8>, claimed: usize, for_: Duration },
    /// 200 with a Last-Modified date; a matching `If-Modified-Since` gets 304.
    Dated { body: Vec<u8>, last_modified: String },
    /// Azure Retail Prices API pages of `per_page` items, by `$skip`, with `NextPageLink` to this server.
    AzurePages { items: Arc<Vec<serde_json::Value>>, per_page: usize },
    /// Whatever the function answers to the request (status, JSON body): a signed API's checks.
    Handler(Handler),
}

/// A reply computed from the request.
#[derive(Clone)]
pub struct Handler(pub Arc<Answer>);

/// Status and body for a request.
pub type Answer = dyn Fn(&Seen) -> (u16, Vec<u8>) + Send + Sync;

impl std::fmt::Debug for Handler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Handler")
    }
}

impl Reply {
    pub fn xml(body: &[u8]) -> Reply {
        Reply::Ok { body: body.to_vec(), etag: None, content_type: "text/xml" }
    }

    pub fn status(code: u16) -> Reply {
        Reply::Status { code, headers: vec![], body: format!("status {code} from the mock") }
    }

    pub fn with_header(code: u16, name: &str, value: &str) -> Reply {
        Reply::Status { code, headers: vec![(name.into(), value.into())], body: String::new() }
    }
}

/// A request as the mock saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

#[derive(Default)]
struct Script {
    /// Path → replies in order; the last one repeats.
    routes: BTreeMap<String, Vec<Reply>>,
    served: BTreeMap<String, usize>,
}

pub struct Mock {
    pub addr: SocketAddr,
    script: Arc<Mutex<Script>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Mock {
    pub fn start() -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("address");
        let script = Arc::new(Mutex::new(Script::default()));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (s, l) = (Arc::clone(&script), Arc::clone(&seen));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, l) = (Arc::clone(&s), Arc::clone(&l));
                std::thread::spawn(move || {
                    let _ = serve(stream, addr, &s, &l);
                });
            }
        });
        Mock { addr, script, seen }
    }

    /// Answers requests for `path` with `replies` in turn, the last one from then on.
    pub fn route(&self, path: &str, replies: Vec<Reply>) {
        let mut script = self.script.lock().expect("script");
        script.routes.insert(path.to_string(), replies);
        script.served.remove(path);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("seen").clone()
    }
}

fn serve(
    stream: TcpStream,
    addr: SocketAddr,
    script: &Mutex<Script>,
    seen: &Mutex<Vec<Seen>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let method = line.split_whitespace().next().unwrap_or("GET").to_string();
        let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut headers = BTreeMap::new();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
            }
        }
        let length = headers.get("content-length").and_then(|l| l.parse::<usize>().ok()).unwrap_or(0);
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body)?;
        let request = Seen { method, target: target.clone(), headers: headers.clone(), body };
        seen.lock().expect("seen").push(request.clone());
        let path = target.split('?').next().unwrap_or("/").to_string();
        let reply = {
            let mut script = script.lock().expect("script");
            let served = script.served.get(&path).copied().unwrap_or(0);
            script.served.insert(path.clone(), served + 1);
            script.routes.get(&path).and_then(|replies| replies.get(served).or(replies.last()).cloned())
        };
        let Some(reply) = reply else {
            respond(&mut writer, 404, &[], b"no such fixture")?;
            continue;
        };
        match reply {
            Reply::Ok { body, etag, content_type } => {
                if etag.is_some() && headers.get("if-none-match") == etag.as_ref() {
                    respond(&mut writer, 304, &[("ETag".into(), etag.unwrap_or_default())], b"")?;
                    continue;
                }
                let mut extra = vec![("Content-Type".to_string(), content_type.to_string())];
                if let Some(etag) = etag {
                    extra.push(("ETag".into(), etag));
                }
                respond(&mut writer, 200, &extra, &body)?;
            }
            Reply::Status { code, headers, body } => respond(&mut writer, code, &headers, body.as_bytes())?,
            Reply::Stall { for_ } => {
                std::thread::sleep(for_);
                return Ok(());
            }
            Reply::Truncated { body, missing } => {
                let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len() + missing);
                writer.write_all(head.as_bytes())?;
                writer.write_all(&body)?;
                writer.flush()?;
                return Ok(());
            }
            Reply::ChunkedBytes { size } => {
                writer.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")?;
                let chunk = vec![b'x'; 4096];
                let mut left = size;
                while left > 0 {
                    let n = left.min(chunk.len());
                    write!(writer, "{n:x}\r\n")?;
                    writer.write_all(&chunk[..n])?;
                    writer.write_all(b"\r\n")?;
                    left -= n;
                }
                writer.write_all(b"0\r\n\r\n")?;
                writer.flush()?;
            }
            Reply::StallMidBody { part, claimed, for_ } => {
                let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {claimed}\r\n\r\n");
                writer.write_all(head.as_bytes())?;
                writer.write_all(&part)?;
                writer.flush()?;
                std::thread::sleep(for_);
                return Ok(());
            }
            Reply::Dated { body, last_modified } => {
                if headers.get("if-modified-since") == Some(&last_modified) {
                    respond(&mut writer, 304, &[], b"")?;
                    continue;
                }
                respond(&mut writer, 200, &[("Last-Modified".into(), last_modified)], &body)?;
            }
            Reply::Claims { claimed } => {
                let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {claimed}\r\n\r\n");
                writer.write_all(head.as_bytes())?;
                return Ok(());
            }
            Reply::Handler(Handler(answer)) => {
                let (code, body) = answer(&request);
                respond(&mut writer, code, &[("Content-Type".into(), "application/json".into())], &body)?;
            }
            Reply::AzurePages { items, per_page } => {
                let skip = query_param(&target, "$skip").and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
                let page: Vec<_> = items.iter().skip(skip).take(per_page).cloned().collect();
                let next = (skip + per_page < items.len()).then(|| {
                    let base = target.split("&$skip=").next().unwrap_or(&target);
                    let base = base.split("&%24skip=").next().unwrap_or(base);
                    format!("http://{addr}{base}&$skip={}", skip + per_page)
                });
                let body = serde_json::json!({
                    "BillingCurrency": "USD",
                    "CustomerEntityId": "Default",
                    "CustomerEntityType": "Retail",
                    "Items": page,
                    "NextPageLink": next,
                    "Count": page.len(),
                });
                let body = serde_json::to_vec(&body).expect("page");
                respond(&mut writer, 200, &[("Content-Type".into(), "application/json".into())], &body)?;
            }
        }
    }
}

fn query_param(target: &str, name: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

fn respond(
    writer: &mut TcpStream,
    code: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!("HTTP/1.1 {code} {reason}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if code != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    writer.write_all(head.as_bytes())?;
    writer.write_all(body)?;
    writer.flush()
}
