//! `tongbao serve` as an editor uses it: start it on a free port in a copy of the example site,
//! read a page, edit a story and a data file, and see the preview follow; requests that try to
//! leave the site or flood the header get nothing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{copy_dir, repo_root, tongbao};

/// A running `tongbao serve`, stopped when dropped.
struct Serve {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    /// The path the site is served under, e.g. `/wuxing/`.
    base: String,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A temp copy of the example site that ships in the repository.
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_root();
    for sub in ["data", "content", "static"] {
        if repo.join(sub).is_dir() {
            copy_dir(&repo.join(sub), &dir.path().join(sub));
        }
    }
    dir
}

fn start(root: &Path) -> Serve {
    let mut child = tongbao()
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "serving http://127.0.0.1:PORT/base/ (Ctrl+C stops)"
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let rest = url.strip_prefix("http://").unwrap();
    let slash = rest.find('/').unwrap();
    Serve {
        child,
        addr: rest[..slash].to_string(),
        base: rest[slash..].to_string(),
    }
}

/// Sends raw request bytes; returns the status and the body.
fn raw_request(addr: &str, request: &[u8]) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(request)?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    Ok((status, body))
}

fn get(serve: &Serve, path: &str) -> (u16, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", serve.addr);
    raw_request(&serve.addr, request.as_bytes()).unwrap()
}

/// Fetches `path` until `ok` holds for the body, for up to 60 seconds (a deadline against a hang,
/// generous because a loaded machine rebuilds slowly; not a speed target).
fn wait_for(serve: &Serve, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (status, body) = get(serve, path);
        if status == 200 && ok(&body) {
            return body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "waited 60 s for {what}; last response {status}:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn replace_in(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_edit_shows_up_a_broken_file_shows_an_overlay_over_the_last_good_page_and_a_fix_clears_it() {
    let site = example_site();
    let serve = start(site.path());
    assert_eq!(serve.base, "/wuxing/");
    let page = format!("{}stories/battle-map/", serve.base);
    let (status, body) = get(&serve, &page);
    assert_eq!(status, 200);
    assert!(body.contains("牵头部门全部列入试点"));
    assert!(
        body.contains("/__tongbao/version"),
        "the reload script is injected"
    );
    assert!(!body.contains("tongbao-error"));

    let story = site.path().join("content/stories/battle-map.md");
    replace_in(&story, "## 牵头部门全部列入试点", "## 预览里改过的小标题");
    let body = wait_for(&serve, &page, "the edited heading", |b| {
        b.contains("预览里改过的小标题")
    });
    assert!(!body.contains("<h2 id=\"牵头部门全部列入试点\""));

    let units = site.path().join("data/units.yaml");
    replace_in(&units, "kind: city-department", "kind: city-<department>");
    let body = wait_for(&serve, &page, "the error overlay", |b| {
        b.contains("id=\"tongbao-error\"")
    });
    assert!(
        body.contains("预览里改过的小标题"),
        "the last good page is still served under the overlay"
    );
    assert!(body.contains("data/units.yaml:"), "{body}");
    assert!(
        body.contains("city-&lt;department&gt;") && !body.contains("city-<department>"),
        "the diagnostics are escaped"
    );

    replace_in(&units, "kind: city-<department>", "kind: city-department");
    let body = wait_for(&serve, &page, "the overlay to clear", |b| {
        !b.contains("id=\"tongbao-error\"")
    });
    assert!(body.contains("预览里改过的小标题"));

    // What `tongbao build` writes never carries the preview's script.
    let (_, css) = get(&serve, &format!("{}style.css", serve.base));
    assert!(!css.contains("__tongbao"));
}

#[test]
fn requests_that_leave_the_site_get_404_and_a_huge_header_is_refused_without_harm() {
    let site = example_site();
    let serve = start(site.path());
    std::fs::write(site.path().join("secret.txt"), "do not serve").unwrap();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/",
        "/..%2f..%2fetc/passwd",
        "/wuxing/../secret.txt",
        "/wuxing/%2e%2e/secret.txt",
        "/wuxing/..%5csecret.txt",
        "/wuxing/%00",
        "/secret.txt",
        "/wuxing/data/units.yaml",
    ] {
        let (status, body) = get(&serve, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("do not serve"));
    }
    let (status, _) = get(&serve, "/wuxing/style.css");
    assert_eq!(status, 200);

    let mut huge = b"GET /wuxing/ HTTP/1.1\r\nX-Filler: ".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 100 * 1024));
    huge.extend_from_slice(b"\r\n\r\n");
    if let Ok((status, _)) = raw_request(&serve.addr, &huge) {
        assert_eq!(status, 431);
    }
    let (status, body) = get(&serve, "/wuxing/");
    assert_eq!(status, 200, "the server still serves after a huge request");
    assert!(body.contains("<html"));
    let (status, _) = get(&serve, "/");
    assert_eq!(status, 301, "the host root redirects to the base path");
}
