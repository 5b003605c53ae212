//! Progress of long downloads and parses: indicatif bars when stderr is a terminal, plain log lines
//! (one when a step starts, one when it ends) otherwise, so CI logs and pipes stay readable; inside the
//! server (the refresh loop) the same lines go through `tracing`, so the log stays JSON lines.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Read};
use std::time::Instant;

/// Where progress goes. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Progress {
    terminal: bool,
    traced: bool,
}

impl Progress {
    /// Bars when stderr is a terminal, plain lines otherwise.
    pub fn for_stderr() -> Progress {
        Progress { terminal: std::io::stderr().is_terminal(), traced: false }
    }

    /// Plain lines only (the refresh loop, tests).
    pub fn plain() -> Progress {
        Progress { terminal: false, traced: false }
    }

    /// Lines as `tracing` events (inside the server).
    pub fn traced() -> Progress {
        Progress { terminal: false, traced: true }
    }

    /// One line to stderr (above any bar), or a `tracing` event.
    pub fn log(&self, message: &str) {
        if self.traced {
            tracing::info!(target: "breakeven::import", "{message}");
        } else {
            eprintln!("{message}");
        }
    }

    /// A download of `len` bytes (unknown when none): a byte bar, or a start and an end line.
    pub fn download(&self, url: &str, len: Option<u64>) -> Bar {
        let template = if len.is_some() {
            "{msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}"
        } else {
            "{msg} {spinner} {bytes} {bytes_per_sec}"
        };
        self.bar(format!("GET {url}"), len, template, Kind::Bytes)
    }

    /// Reading a local file of `len` bytes.
    pub fn file(&self, path: &std::path::Path, len: Option<u64>) -> Bar {
        let template = "{msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}";
        self.bar(format!("read {}", path.display()), len, template, Kind::Bytes)
    }

    /// A parse or another step counting `len` items (unknown when none).
    pub fn items(&self, what: &str, len: Option<u64>) -> Bar {
        let template = if len.is_some() {
            "{msg} {bar:30} {pos}/{len} {per_sec}"
        } else {
            "{msg} {spinner} {pos} {per_sec}"
        };
        self.bar(what.to_string(), len, template, Kind::Items)
    }

    fn bar(&self, label: String, len: Option<u64>, template: &str, kind: Kind) -> Bar {
        let bar = if self.terminal {
            let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.set_message(label.clone());
            bar
        } else {
            let size = match (len, kind) {
                (Some(len), Kind::Bytes) => format!(" ({len} bytes)"),
                (Some(len), Kind::Items) => format!(" ({len} items)"),
                (None, _) => String::new(),
            };
            self.log(&format!("{label}{size} …"));
            ProgressBar::hidden()
        };
        Bar { bar, label, kind, progress: self.clone(), started: Instant::now() }
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Bytes,
    Items,
}

/// One running step. Call [`Bar::finish`] at the end (a plain run prints its summary line then).
pub struct Bar {
    bar: ProgressBar,
    label: String,
    kind: Kind,
    progress: Progress,
    started: Instant,
}

impl Bar {
    /// A reader counting what passes through it into this bar, finishing it at the end (or on drop).
    pub fn reading<R: Read>(self, inner: R) -> Reading<R> {
        Reading { inner, bar: Some(self) }
    }

    /// Counts the bytes read through `reader`.
    pub fn wrap_read<R: Read>(&self, reader: R) -> impl Read {
        self.bar.wrap_read(reader)
    }

    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    pub fn finish(&self) {
        let count = self.bar.position();
        let elapsed = self.started.elapsed().as_secs_f64();
        if self.progress.terminal {
            self.bar.finish_and_clear();
        }
        let what = match self.kind {
            Kind::Bytes => format!("{count} bytes"),
            Kind::Items => format!("{count} items"),
        };
        self.progress.log(&format!("{}: {what} in {elapsed:.1} s", self.label));
    }
}

/// A reader that shows its progress (see [`Bar::reading`]).
pub struct Reading<R> {
    inner: R,
    bar: Option<Bar>,
}

impl<R: Read> Read for Reading<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match (&self.bar, n) {
            (Some(_), 0) => {
                if let Some(bar) = self.bar.take() {
                    bar.finish();
                }
            }
            (Some(bar), n) => bar.inc(n as u64),
            (None, _) => {}
        }
        Ok(n)
    }
}

impl<R> Drop for Reading<R> {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_passes_every_byte_through() {
        let mut out = Vec::new();
        let bar = Progress::plain().file(std::path::Path::new("x"), Some(11));
        bar.reading(&b"hello world"[..]).read_to_end(&mut out).expect("reads");
        assert_eq!(out, b"hello world");
    }
}
