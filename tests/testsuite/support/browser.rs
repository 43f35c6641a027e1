//! What the browser tests run on, found in one place: headless Chromium, and node with the npm
//! packages of `tests/browser/` (`npm ci` there). When something is missing the test prints
//! `SKIPPED` and passes, unless `TONGBAO_REQUIRE_BROWSER=1` (CI sets it), which makes it fail.
//!
//! Not for what the browser checks: that is in the tests and in the node scripts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Chromium: the `CHROMIUM` environment variable if set (a path, or a name looked up on PATH),
/// else `chromium` or `chromium-browser` on PATH.
pub fn chromium() -> Result<PathBuf, String> {
    if let Some(named) = std::env::var_os("CHROMIUM") {
        let named = PathBuf::from(named);
        return find(&named).ok_or_else(|| format!("CHROMIUM={} is missing", named.display()));
    }
    ["chromium", "chromium-browser"]
        .iter()
        .find_map(|name| find(Path::new(name)))
        .ok_or_else(|| "chromium is not installed (apt-get install chromium)".into())
}

/// A program given as a path, or as a bare name to look up on PATH.
fn find(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 {
        return program.is_file().then(|| program.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// node, and the npm packages the scripts in `tests/browser/` load.
pub fn node_with(packages: &[&str]) -> Result<(), String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("node is not installed".into());
    }
    let modules = scripts().join("node_modules");
    for package in packages {
        if !modules.join(package).is_dir() {
            return Err(format!(
                "{package} is not installed (run `npm ci` in tests/browser)"
            ));
        }
    }
    Ok(())
}

/// The folder of the node scripts.
pub fn scripts() -> PathBuf {
    super::repo_root().join("tests/browser")
}

/// What `test` needs, if it was found; otherwise prints why the test is skipped and returns
/// `None`, or fails when `TONGBAO_REQUIRE_BROWSER=1`.
pub fn required<T>(test: &str, found: Result<T, String>) -> Option<T> {
    match found {
        Ok(found) => Some(found),
        Err(why) if std::env::var("TONGBAO_REQUIRE_BROWSER").is_ok_and(|v| v == "1") => {
            panic!("{test}: {why}, and TONGBAO_REQUIRE_BROWSER=1")
        }
        Err(why) => {
            super::say_skipped(&format!("{test}: {why}"));
            None
        }
    }
}

/// Opens a local page in headless Chromium with a window `width` px wide, lets its scripts run,
/// and returns what Chromium printed: the DOM on stdout. Killed after 60 seconds.
pub fn dump_dom(chromium: &Path, page: &Path, width: u32) -> Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new("timeout")
        .arg("60")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={width},900"))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

/// The Nu HTML Checker: `vnu.jar` of the npm package `vnu-jar` in `tests/browser/`, and java to
/// run it (Debian's `default-jre-headless`).
pub fn vnu() -> Result<PathBuf, String> {
    let jar = scripts().join("node_modules/vnu-jar/build/dist/vnu.jar");
    if !jar.is_file() {
        return Err("vnu-jar is not installed (run `npm ci` in tests/browser)".into());
    }
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|o| o.status.success()) {
        return Err("java is not installed (apt-get install default-jre-headless)".into());
    }
    Ok(jar)
}
