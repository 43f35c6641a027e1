//! The preview's HTTP side: a small HTTP/1.1 server on `std::net`, for one user on the loopback
//! interface, not for publishing a site.
//!
//! One short-lived thread per connection (at most [`MAX_CONNECTIONS`] at once), one request per
//! connection, headers capped at [`MAX_HEAD_BYTES`], a deadline for reading them; only GET and
//! HEAD. The request path is percent-decoded once and looked up in the in-memory map of outputs;
//! the file system is never touched, and any path with `..`, `.`, an encoded `/` or `\`, a
//! backslash or a NUL gets 404.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{Snapshot, State, reload};

/// Most connections served at once; more get 503.
pub const MAX_CONNECTIONS: usize = 64;
/// Largest request head (request line and headers) accepted.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// How long a client may take to send its request head.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);

/// Accepts connections until the process ends, each served on its own short-lived thread (at most
/// [`MAX_CONNECTIONS`] at once; more get 503).
pub(super) fn serve_forever(listener: &TcpListener, state: &State) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = respond(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"busy\n",
                &[],
                false,
            );
            continue;
        }
        let state = state.clone();
        let counter = active.clone();
        let spawned = std::thread::Builder::new().spawn(move || {
            handle(stream, &state);
            counter.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Serves one request on one connection.
fn handle(mut stream: TcpStream, state: &State) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(HeadError::TooLarge) => {
            let _ = respond(
                &mut stream,
                431,
                "text/plain; charset=utf-8",
                b"request header fields too large\n",
                &[],
                false,
            );
            drain(&mut stream);
            return;
        }
        Err(HeadError::Bad) => {
            let _ = respond(
                &mut stream,
                400,
                "text/plain; charset=utf-8",
                b"bad request\n",
                &[],
                false,
            );
            return;
        }
        Err(HeadError::Closed) => return,
    };
    let arrived_at = stream.local_addr().ok().map(|a| a.ip());
    if !host_allowed(&head, arrived_at) {
        // DNS rebinding: a page of another site, its name pointed at this computer, must not
        // read the preview (drafts included).
        let _ = respond(
            &mut stream,
            421,
            "text/plain; charset=utf-8",
            b"this preview answers only to localhost, a loopback address or the address it was reached at\n",
            &[],
            false,
        );
        return;
    }
    let mut parts = head.lines().next().unwrap_or_default().split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        let _ = respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n",
            &[("Allow", "GET, HEAD")],
            false,
        );
        return;
    }
    let Snapshot {
        version,
        files,
        error,
        base_path,
    } = state.read();
    let base_path = if base_path.is_empty() {
        "/".to_string()
    } else {
        base_path
    };
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if path == "/__tongbao/version" {
        let _ = respond(
            &mut stream,
            200,
            "text/plain; charset=utf-8",
            version.to_string().as_bytes(),
            &[],
            head_only,
        );
        return;
    }
    let found = locate(path, &base_path, &files);
    match found {
        Lookup::Found(key) => {
            let body = &files[&key];
            let kind = content_type(&key);
            if kind.starts_with("text/html") {
                let page = reload::inject(body, version, error.as_deref());
                let _ = respond(&mut stream, 200, kind, &page, &[], head_only);
            } else {
                let _ = respond(&mut stream, 200, kind, body, &[], head_only);
            }
        }
        Lookup::Folder(location) => {
            let _ = respond(
                &mut stream,
                301,
                "text/plain; charset=utf-8",
                b"moved\n",
                &[("Location", &location)],
                head_only,
            );
        }
        Lookup::Missing => {
            let page = match files.get("404.html") {
                Some(body) => reload::inject(body, version, error.as_deref()),
                None => reload::inject(
                    b"<!DOCTYPE html><title>404</title><h1>404</h1>",
                    version,
                    error.as_deref(),
                ),
            };
            let _ = respond(
                &mut stream,
                404,
                "text/html; charset=utf-8",
                &page,
                &[],
                head_only,
            );
        }
    }
}

/// Whether the request's `Host` names this server: `localhost` (or a name under `.localhost`), a
/// loopback address, or the address the connection arrived at (so `--bind 0.0.0.0` is reached by
/// this computer's IP address). A name of another site resolving here, as in DNS rebinding, is not.
/// A request without `Host` (HTTP/1.0 tools) passes: a browser always sends one. Two are refused.
pub fn host_allowed(head: &str, arrived_at: Option<std::net::IpAddr>) -> bool {
    let mut hosts = head.lines().skip(1).filter_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("host")
            .then(|| value.trim())
    });
    let (Some(host), None) = (hosts.next(), hosts.next()) else {
        return head.lines().skip(1).all(|line| {
            !line
                .split_once(':')
                .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        });
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => {
            ip.to_canonical().is_loopback()
                || arrived_at.is_some_and(|a| a.to_canonical() == ip.to_canonical())
        }
        Err(_) => false,
    }
}

/// Looks a request path up in the site served under `base_path` (`/` or `/x/`); `/` (for a site
/// below it) and the base path without its final `/` redirect to the base path.
fn locate<V>(path: &str, base_path: &str, files: &BTreeMap<String, V>) -> Lookup {
    match path.strip_prefix(base_path.trim_end_matches('/')) {
        Some(inside) if inside.starts_with('/') => match lookup(inside, files) {
            Lookup::Folder(location) => {
                Lookup::Folder(format!("{}{location}", base_path.trim_end_matches('/')))
            }
            other => other,
        },
        _ if path == "/" || path == base_path.trim_end_matches('/') => {
            Lookup::Folder(base_path.to_string())
        }
        _ => Lookup::Missing,
    }
}

/// Reads and drops what the client is still sending (at most 1 MiB, for at most a second), so that
/// closing the connection does not reset it before the client has read the response.
fn drain(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let started = Instant::now();
    let mut sink = [0u8; 8192];
    let mut total = 0;
    while total < 1 << 20 && started.elapsed() < Duration::from_secs(1) {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
}

enum HeadError {
    TooLarge,
    Bad,
    Closed,
}

/// Reads the request head up to the blank line, within the size cap and the deadline.
fn read_head(stream: &mut TcpStream) -> Result<String, HeadError> {
    let started = Instant::now();
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        if let Some(end) = find_blank_line(&buf) {
            buf.truncate(end);
            return String::from_utf8(buf).map_err(|_| HeadError::Bad);
        }
        if buf.len() > MAX_HEAD_BYTES {
            return Err(HeadError::TooLarge);
        }
        if started.elapsed() > HEAD_DEADLINE {
            return Err(HeadError::Bad);
        }
        match stream.read(&mut chunk) {
            Ok(0) => {
                return if buf.is_empty() {
                    Err(HeadError::Closed)
                } else {
                    Err(HeadError::Bad)
                };
            }
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(_) => return Err(HeadError::Closed),
        }
    }
}

fn find_blank_line(buf: &[u8]) -> Option<usize> {
    buf.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .or_else(|| buf.windows(2).position(|w| w == b"\n\n"))
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, &str)],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The result of looking a request path up in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The output path to serve.
    Found(String),
    /// A folder asked for without its trailing `/`: redirect there.
    Folder(String),
    Missing,
}

/// Maps a request path to an output of the site. The path is percent-decoded exactly once; paths
/// that could mean something else on a file system are refused rather than normalised.
pub fn lookup<V>(path: &str, files: &BTreeMap<String, V>) -> Lookup {
    let Some(key) = request_key(path) else {
        return Lookup::Missing;
    };
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if files.contains_key(&index) {
            Lookup::Found(index)
        } else {
            Lookup::Missing
        };
    }
    if files.contains_key(&key) {
        Lookup::Found(key)
    } else if files.contains_key(&format!("{key}/index.html")) {
        Lookup::Folder(format!("{path}/"))
    } else {
        Lookup::Missing
    }
}

/// The site-relative key for a request path, or `None` if the path is unsafe or malformed.
pub fn request_key(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    if rest.contains('\\') || ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return None;
    }
    let decoded = crate::url::percent_decode(rest)?;
    if decoded
        .chars()
        .any(|c| c == '\0' || c == '\\' || c.is_control())
    {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        if *segment == "." || *segment == ".." || (segment.is_empty() && i != last) {
            return None;
        }
    }
    Some(decoded)
}

/// The Content-Type for an output path.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> BTreeMap<String, ()> {
        [
            "index.html",
            "units/a/index.html",
            "style.css",
            "stories/tags/青年/index.html",
        ]
        .into_iter()
        .map(|p| (p.to_string(), ()))
        .collect()
    }

    #[test]
    fn paths_are_decoded_once_and_looked_up_only_in_the_site() {
        let s = site();
        assert_eq!(lookup("/", &s), Lookup::Found("index.html".into()));
        assert_eq!(
            lookup("/units/a/", &s),
            Lookup::Found("units/a/index.html".into())
        );
        assert_eq!(lookup("/units/a", &s), Lookup::Folder("/units/a/".into()));
        assert_eq!(lookup("/style.css", &s), Lookup::Found("style.css".into()));
        assert_eq!(
            lookup("/stories/tags/%E9%9D%92%E5%B9%B4/", &s),
            Lookup::Found("stories/tags/青年/index.html".into())
        );
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/",
            "/%2E%2E/Cargo.toml",
            "/..%2f..%2fetc/passwd",
            "/units/..%5cx",
            "/units\\a",
            "/a%00",
            "/%252e%252e/",
            "/./style.css",
            "//style.css",
            "/%zz",
            "relative",
        ] {
            assert_eq!(lookup(bad, &s), Lookup::Missing, "{bad}");
        }
    }

    #[test]
    fn only_loopback_names_and_the_address_reached_are_answered() {
        let local: std::net::IpAddr = "192.168.1.5".parse().unwrap();
        let head = |host: &str| format!("GET / HTTP/1.1\r\nHost: {host}\r\nAccept: */*");
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "preview.localhost:8080",
            "127.0.0.1:1111",
            "127.1.2.3",
            "[::1]:1111",
            "192.168.1.5:1111",
        ] {
            assert!(host_allowed(&head(ok), Some(local)), "{ok}");
        }
        for bad in [
            "evil.example.com",
            "evil.example.com:1111",
            "localhost.evil.example",
            "192.168.1.6",
            "[::2]",
            "",
        ] {
            assert!(!host_allowed(&head(bad), Some(local)), "{bad}");
        }
        assert!(host_allowed("GET / HTTP/1.0", Some(local)));
        assert!(!host_allowed(
            "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example.com",
            Some(local)
        ));
    }

    #[test]
    fn a_site_under_a_base_path_is_served_there() {
        let s = site();
        assert_eq!(locate("/x/", "/x/", &s), Lookup::Found("index.html".into()));
        assert_eq!(
            locate("/x/units/a", "/x/", &s),
            Lookup::Folder("/x/units/a/".into())
        );
        assert_eq!(locate("/", "/x/", &s), Lookup::Folder("/x/".into()));
        assert_eq!(locate("/x", "/x/", &s), Lookup::Folder("/x/".into()));
        assert_eq!(locate("/xy/", "/x/", &s), Lookup::Missing);
        assert_eq!(locate("/units/a/", "/x/", &s), Lookup::Missing);
        assert_eq!(locate("/", "/", &s), Lookup::Found("index.html".into()));
    }
}
