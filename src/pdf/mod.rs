//! PDF: the brief printed to `brief/<as_of>.pdf` by an installed Chromium (`build --pdf`).
//!
//! The page is printed from the staging folder, where the build has just written it, before the
//! swap: a PDF that fails leaves the published site as it was. Chromium is found by
//! [`find_chromium`] (a path given, `TONGBAO_CHROMIUM`, else `chromium`, `chromium-browser`,
//! `google-chrome` on PATH); the default build never looks for it. Chromium stamps the file with
//! the wall clock, so [`metadata`] sets the dates from `as_of`, and the title, language and ids.
//!
//! Not for: what the brief shows (`render::pages::brief`) or how it is laid out (`brief.html`).

pub mod metadata;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable that names the Chromium to print with.
pub const CHROMIUM_ENV: &str = "TONGBAO_CHROMIUM";
/// The programs looked for on PATH, in order.
pub const CHROMIUM_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];
/// What to install when none is found, for messages.
pub const INSTALL_HELP: &str = "install Chromium and the Chinese fonts (Debian: `apt-get install chromium fonts-noto-cjk`), or name a Chromium or Chrome with `--chromium PATH` or TONGBAO_CHROMIUM=PATH; without --pdf the build needs no browser";
/// How long one print may take before Chromium is stopped.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// The Chromium to print with: `named` (a path, or a name looked up on PATH), else
/// `TONGBAO_CHROMIUM`, else the first of [`CHROMIUM_NAMES`] on PATH. The error says what was
/// looked for.
pub fn find_chromium(named: Option<&Path>) -> Result<PathBuf, String> {
    let from_env = std::env::var_os(CHROMIUM_ENV).map(PathBuf::from);
    if let Some((named, how)) = named
        .map(|n| (n.to_path_buf(), "--chromium"))
        .or_else(|| from_env.map(|n| (n, CHROMIUM_ENV)))
    {
        return find_program(&named).ok_or_else(|| {
            format!(
                "{how} names {}, which is not a program that exists",
                named.display()
            )
        });
    }
    CHROMIUM_NAMES
        .iter()
        .find_map(|name| find_program(Path::new(name)))
        .ok_or_else(|| {
            format!(
                "--pdf needs Chromium to print the brief, and none was found ({} are not on PATH)",
                CHROMIUM_NAMES.join(", ")
            )
        })
}

/// A program given as a path, or as a bare name to look up on PATH.
fn find_program(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 {
        return program.is_file().then(|| program.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// Prints the HTML page at `page` (a file) with headless `chromium` and returns the PDF's bytes,
/// as Chromium made them (see [`metadata::set`] for what to fix after). A fresh profile in a
/// temporary folder, no network beyond the file, the browser's own header and footer off (the
/// page's `@page` rules set the margins).
pub fn print(chromium: &Path, page: &Path) -> Result<Vec<u8>, String> {
    let work = std::env::temp_dir().join(format!("tongbao-print.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)
        .map_err(|e| format!("cannot make a temporary folder {}: {e}", work.display()))?;
    let result = print_in(chromium, page, &work);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn print_in(chromium: &Path, page: &Path, work: &Path) -> Result<Vec<u8>, String> {
    let page = std::path::absolute(page).map_err(|e| format!("{}: {e}", page.display()))?;
    let out = work.join("print.pdf");
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-extensions",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(file_url(&page))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if running_as_root() {
        // Chromium refuses to start its sandbox as root; the page printed is the site's own file.
        command.arg("--no-sandbox");
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{} did not finish printing within {} s",
                    chromium.display(),
                    PRINT_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("cannot wait for {}: {e}", chromium.display())),
        }
    };
    let stderr = child
        .stderr
        .take()
        .map(|mut s| {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut s, &mut text);
            text
        })
        .unwrap_or_default();
    match std::fs::read(&out) {
        Ok(bytes) if status.success() && bytes.starts_with(b"%PDF") => Ok(bytes),
        _ => Err(format!(
            "{} did not print the brief ({status}); it said: {}",
            chromium.display(),
            last_lines(&stderr, 5)
        )),
    }
}

/// The `file://` URL Chromium gives the folder `dir` (absolute, ending in `/`), which the links of
/// a page printed from it start with.
pub fn folder_url(dir: &Path) -> String {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let url = file_url(&dir);
    if url.ends_with('/') { url } else { url + "/" }
}

/// `file://` URL of an absolute path, each segment percent-encoded.
fn file_url(path: &Path) -> String {
    format!(
        "file://{}",
        crate::url::encode_path(&path.to_string_lossy())
    )
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let shown = lines[lines.len().saturating_sub(n)..].join(" / ");
    if shown.is_empty() {
        "nothing".to_string()
    } else {
        shown
    }
}

#[cfg(unix)]
fn running_as_root() -> bool {
    rustix::process::geteuid().is_root()
}

#[cfg(not(unix))]
fn running_as_root() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_chromium_that_does_not_exist_is_named_in_the_error() {
        let e = find_chromium(Some(Path::new("/nowhere/chromium"))).unwrap_err();
        assert!(e.contains("--chromium names /nowhere/chromium"), "{e}");
    }

    #[test]
    fn file_urls_encode_each_segment() {
        assert_eq!(
            file_url(Path::new("/tmp/站 点/brief/index.html")),
            "file:///tmp/%E7%AB%99%20%E7%82%B9/brief/index.html"
        );
    }
}
