//! Serve: a live preview for editors. Builds the site in memory, serves it over HTTP on the
//! loopback interface, watches the site's folders and rebuilds when a file changes.
//!
//! - The server is a small HTTP/1.1 server on `std::net`, one short-lived thread per connection
//!   (at most [`MAX_CONNECTIONS`] at once), one request per connection, headers capped at 16 KiB,
//!   a deadline for reading them. Only GET and HEAD.
//! - The request path is percent-decoded once and looked up in the in-memory map of outputs; the
//!   file system is never touched, and any path with `..`, `.`, an encoded `/` or `\`, a backslash
//!   or a NUL gets 404.
//! - The watcher polls modification times and sizes every 200 ms instead of using OS notifications:
//!   a site is a few hundred files (a poll costs well under a millisecond), it works the same on
//!   every platform and on network or container mounts where inotify events do not arrive, and
//!   it needs no dependency. A change is rebuilt once the tree has stayed the same for one poll,
//!   so an editor's save burst (write temp, rename, touch) becomes one rebuild.
//! - Served HTML pages (never `tongbao build` output) get a small script that polls
//!   `/__tongbao/version` and reloads when it changes. When the last rebuild failed, every page
//!   also gets an overlay with the diagnostics (HTML-escaped) while the last good site is served.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::{BuildOptions, render_site};

/// Most connections served at once; more get 503.
pub const MAX_CONNECTIONS: usize = 64;
/// Largest request head (request line and headers) accepted.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// How long a client may take to send its request head.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// How often the watcher looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The folders watched, relative to the site root.
pub const WATCHED: &[&str] = &["content", "data", "themes", "static"];

/// What the server serves: the last good site, and the last failure if the latest build failed.
#[derive(Debug, Default)]
struct Snapshot {
    /// Bumped whenever what a page shows changes (new site, new or cleared error).
    version: u64,
    files: Arc<BTreeMap<String, Arc<Vec<u8>>>>,
    /// The rendered diagnostics of the latest build, when it failed.
    error: Option<Arc<str>>,
    /// The path the site is published under (from its base URL), `/` or `/x/`; served there too,
    /// so that root-relative links (as on the 404 page) work in the preview.
    base_path: String,
}

/// The live preview: the current snapshot behind a mutex that is held only to clone or swap it.
#[derive(Clone, Default)]
struct State {
    inner: Arc<Mutex<Snapshot>>,
}

impl State {
    fn read(&self) -> Snapshot {
        let s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        Snapshot {
            version: s.version,
            files: s.files.clone(),
            error: s.error.clone(),
            base_path: s.base_path.clone(),
        }
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Print per-phase timings of each rebuild.
    pub verbose: bool,
}

/// A bound live-preview server.
pub struct Server {
    listener: TcpListener,
    state: State,
    options: ServeOptions,
    /// The files as they were just before the first build: a change made while the server starts
    /// up is still seen.
    tree: Tree,
}

/// The outcome of one (re)build, for the terminal.
pub struct RebuildNote {
    pub ok: bool,
    pub millis: f64,
    pub text: String,
}

impl Server {
    /// Builds the site once and binds the listener (the first build may fail: the error is served).
    pub fn bind(options: ServeOptions) -> std::io::Result<(Server, RebuildNote)> {
        let listener = TcpListener::bind(SocketAddr::new(options.bind, options.port))?;
        let state = State::default();
        let tree = scan_tree(&options.build.root);
        let note = rebuild(&options, &state, "first build");
        Ok((
            Server {
                listener,
                state,
                options,
                tree,
            },
            note,
        ))
    }

    /// The path the site is served under (`/` or `/x/`, from its base URL).
    pub fn base_path(&self) -> String {
        let base = self.state.read().base_path;
        if base.is_empty() {
            "/".to_string()
        } else {
            base
        }
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Starts the watcher and serves until the process ends. `log` receives rebuild notes.
    pub fn run(self, log: impl Fn(RebuildNote) + Send + 'static) {
        let state = self.state.clone();
        let options = self.options.clone();
        let tree = self.tree;
        std::thread::spawn(move || watch(&options, &state, tree, log));
        let active = Arc::new(AtomicUsize::new(0));
        for stream in self.listener.incoming() {
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
            let state = self.state.clone();
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
}

/// Rebuilds in memory and swaps the result in; a failure keeps the previous files.
fn rebuild(options: &ServeOptions, state: &State, why: &str) -> RebuildNote {
    let started = Instant::now();
    let result = render_site(&options.build);
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let mut s = state.inner.lock().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(site) => {
            let files: BTreeMap<String, Arc<Vec<u8>>> = site
                .outputs
                .into_iter()
                .map(|o| (o.path, Arc::new(o.bytes)))
                .collect();
            let changed = files
                .iter()
                .filter(|(p, b)| s.files.get(*p) != Some(*b))
                .count()
                + s.files.keys().filter(|p| !files.contains_key(*p)).count();
            if changed > 0 || s.error.is_some() {
                s.version += 1;
            }
            s.files = Arc::new(files);
            s.error = None;
            s.base_path = crate::url::base_path(&site.model.settings.base_url);
            let mut text = format!(
                "{why}: built {} pages in {millis:.0} ms, {changed} file(s) changed",
                site.pages
            );
            if options.verbose {
                let phases: Vec<String> = site
                    .timings
                    .iter()
                    .map(|(n, d)| format!("{n} {:.1} ms", d.as_secs_f64() * 1000.0))
                    .collect();
                text.push_str(&format!(" ({})", phases.join(", ")));
            }
            RebuildNote {
                ok: true,
                millis,
                text,
            }
        }
        Err(failure) => {
            let rendered: Arc<str> = failure.render().into();
            if s.error.as_deref() != Some(&*rendered) {
                s.version += 1;
            }
            s.error = Some(rendered.clone());
            RebuildNote {
                ok: false,
                millis,
                text: format!(
                    "{why}: the build failed in {millis:.0} ms; still serving the last good site\n{rendered}"
                ),
            }
        }
    }
}

/// Modification time and size of every file under the watched folders.
type Tree = BTreeMap<PathBuf, (Option<SystemTime>, u64)>;

fn scan_tree(root: &Path) -> Tree {
    let mut tree = Tree::new();
    for dir in WATCHED {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .filter_map(Result::ok)
        {
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
            {
                tree.insert(
                    entry.path().to_path_buf(),
                    (meta.modified().ok(), meta.len()),
                );
            }
        }
    }
    tree
}

/// Polls the watched folders and rebuilds once a change has settled.
fn watch(options: &ServeOptions, state: &State, mut built: Tree, log: impl Fn(RebuildNote)) {
    let root = &options.build.root;
    let mut last = built.clone();
    loop {
        std::thread::sleep(POLL_INTERVAL);
        let now = scan_tree(root);
        // Rebuild when the tree differs from what was built and has not moved since the last poll.
        if now != built && now == last {
            let changed: Vec<String> = now
                .iter()
                .filter(|(p, m)| built.get(*p) != Some(*m))
                .map(|(p, _)| p.clone())
                .chain(built.keys().filter(|p| !now.contains_key(*p)).cloned())
                .map(|p| {
                    p.strip_prefix(root)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            let why = match changed.as_slice() {
                [one] => format!("{one} changed"),
                many => format!("{} files changed", many.len()),
            };
            log(rebuild(options, state, &why));
            built = now.clone();
        }
        last = now;
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
    let found = match path.strip_prefix(base_path.trim_end_matches('/')) {
        Some(inside) if inside.starts_with('/') => match lookup(inside, &files) {
            Lookup::Folder(location) => {
                Lookup::Folder(format!("{}{location}", base_path.trim_end_matches('/')))
            }
            other => other,
        },
        _ if path == "/" || path == base_path.trim_end_matches('/') => {
            Lookup::Folder(base_path.clone())
        }
        _ => Lookup::Missing,
    };
    match found {
        Lookup::Found(key) => {
            let body = &files[&key];
            let kind = content_type(&key);
            if kind.starts_with("text/html") {
                let page = inject(body, version, error.as_deref());
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
                Some(body) => inject(body, version, error.as_deref()),
                None => inject(
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

/// Adds the reload script (and the error overlay, when there is an error) before `</body>`.
fn inject(page: &[u8], version: u64, error: Option<&str>) -> Vec<u8> {
    let mut snippet = String::new();
    if let Some(error) = error {
        snippet.push_str(
            "<div id=\"tongbao-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
             background:rgba(20,20,20,.92);color:#fff;padding:2rem;font:14px/1.6 ui-monospace,Menlo,Consolas,monospace\">\
             <p style=\"font:bold 18px/1.4 sans-serif;color:#ff8a80;margin:0 0 1rem\">构建失败：下面是错误信息。改好文件后页面会自动刷新；此前的页面仍在下层。</p>\
             <pre style=\"white-space:pre-wrap;margin:0\">",
        );
        snippet.push_str(&crate::escape::markup(error));
        snippet.push_str("</pre></div>\n");
    }
    snippet.push_str(&format!(
        "<script>/* tongbao serve: live reload */(function(){{var v=\"{version}\";function poll(){{\
         fetch(\"/__tongbao/version\",{{cache:\"no-store\"}}).then(function(r){{return r.text()}})\
         .then(function(t){{if(t.trim()!==v){{location.reload()}}else{{setTimeout(poll,300)}}}},\
         function(){{setTimeout(poll,1000)}})}}setTimeout(poll,300)}})();</script>\n"
    ));
    let text = page;
    let at = find_last(text, b"</body>").unwrap_or(text.len());
    let mut out = Vec::with_capacity(text.len() + snippet.len());
    out.extend_from_slice(&text[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&text[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Opens the URL in the user's browser (best effort).
pub fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
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
    fn the_overlay_escapes_the_diagnostics_and_goes_before_body_end() {
        let page = inject(b"<html><body><p>x</p></body></html>", 7, Some("<script>&"));
        let text = String::from_utf8(page).unwrap();
        assert!(text.contains("&lt;script&gt;&amp;"));
        assert!(text.contains("var v=\"7\""));
        assert!(text.ends_with("</body></html>"));
    }
}
