//! The example site in a real browser: headless Chromium driven by `tests/browser/run.js`
//! (playwright-core + axe-core from npm), and the search recall measured by
//! `tests/browser/recall.js` with the page's own search.js.
//!
//! Needs `node`, `npm ci` in tests/browser/ and Chromium at /usr/bin/chromium (or `CHROMIUM`).
//! When they are missing the tests say so and pass, unless `TONGBAO_REQUIRE_BROWSER=1`, which CI
//! sets so that a missing browser fails the build instead of hiding the checks.

use std::path::{Path, PathBuf};
use std::process::Command;

use tongbao::validate::ValidateOptions;
use tongbao::{BuildOptions, build};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Why the browser tests cannot run here, if they cannot.
fn missing(needs_browser: bool) -> Option<String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Some("node is not installed".into());
    }
    if !needs_browser {
        return None;
    }
    let modules = manifest_dir().join("tests/browser/node_modules");
    for package in ["playwright-core", "axe-core"] {
        if !modules.join(package).is_dir() {
            return Some(format!(
                "{package} is not installed (run `npm ci` in tests/browser)"
            ));
        }
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!("{chromium} is missing (apt-get install chromium)"));
    }
    None
}

/// Returns true when the test should go on; otherwise prints why not (or fails in CI).
fn can_run(name: &str, needs_browser: bool) -> bool {
    match missing(needs_browser) {
        None => true,
        Some(why) if std::env::var("TONGBAO_REQUIRE_BROWSER").is_ok_and(|v| v == "1") => {
            panic!("{name}: {why}, and TONGBAO_REQUIRE_BROWSER=1")
        }
        Some(why) => {
            eprintln!("SKIPPED {name}: {why}");
            false
        }
    }
}

/// Builds the example site for https://example.gov.cn/wuxing/ into `<dir>/wuxing`.
fn build_under_sub_path(dir: &Path) -> PathBuf {
    let out = dir.join("wuxing");
    let options = BuildOptions {
        root: manifest_dir(),
        output: Some(out.clone()),
        validate: ValidateOptions {
            base_url: Some("https://example.gov.cn/wuxing/".into()),
            ..Default::default()
        },
    };
    if let Err(e) = build(&options) {
        panic!("the example site must build:\n{}", e.render());
    }
    out
}

fn run_node(args: &[&str]) -> (bool, String) {
    let output = Command::new("node")
        .args(args)
        .current_dir(manifest_dir().join("tests/browser"))
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn search_finds_every_record_holding_each_query_of_the_query_set() {
    if !can_run("search recall", false) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let site = build_under_sub_path(dir.path());
    let (ok, report) = run_node(&[
        "recall.js",
        site.to_str().unwrap(),
        "--queries",
        "queries.json",
        "--min-recall",
        "1",
    ]);
    println!("{report}");
    assert!(
        ok,
        "search recall below 1, false positives or wrong first results:\n{report}"
    );
    assert!(report.contains("\"recall\": 1,"), "{report}");
}

#[test]
fn journalists_browse_search_filter_and_sort_in_headless_chromium() {
    if !can_run("browser", true) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let site = build_under_sub_path(dir.path());
    let (ok, report) = run_node(&["run.js", site.to_str().unwrap(), "/wuxing/"]);
    println!("{report}");
    assert!(ok, "browser checks failed:\n{report}");
    assert!(report.contains("all browser checks passed"), "{report}");
}
