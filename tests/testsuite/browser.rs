//! The sites in a real browser. The example site, published under a sub-path, in headless Chromium
//! driven by `tests/browser/run.js` (playwright-core + axe-core from npm), with the search recall
//! and ranking measured by `tests/browser/recall.js` using the page's own search.js on the
//! example's query set and the honest site's (`queries.json`, `queries-honest.json`); and a metric chart of the
//! chart fixture, which must have a real size in a narrow window and a desktop one.
//!
//! What these tests need is found by `support::browser`; without it they say SKIPPED and pass,
//! unless `TONGBAO_REQUIRE_BROWSER=1`.

use std::path::Path;
use std::process::Command;

use crate::support::browser::{self, required};
use crate::support::large_site;
use crate::support::*;

/// Runs a script of `tests/browser/` with node; returns whether it passed, and what it printed.
fn run_node(chromium: Option<&Path>, args: &[&str]) -> (bool, String) {
    let mut command = Command::new("node");
    command.args(args).current_dir(browser::scripts());
    if let Some(chromium) = chromium {
        command.env("CHROMIUM", chromium);
    }
    let output = command.output().expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// Runs the query set `queries` of `tests/browser/` on the built site in `dir` with recall.js: every
/// document holding each query found and nothing else, the expected first result first in at
/// least 90% of the queries and among the first three in at least 98%. Prints top-1 and top-3.
fn query_set_holds(dir: &Path, queries: &str) {
    if required("search recall", browser::node_with(&[])).is_none() {
        return;
    }
    let (ok, report) = run_node(
        None,
        &[
            "recall.js",
            dir.to_str().unwrap(),
            "--queries",
            queries,
            "--min-recall",
            "1",
            "--min-top1",
            "0.9",
            "--min-top3",
            "0.98",
        ],
    );
    println!("{report}");
    assert!(
        ok,
        "search recall below 1, false positives, or first results below top-1 90% / top-3 98%:\n{report}"
    );
    assert!(report.contains("\"recall\": 1,"), "{report}");
}

#[test]
fn search_puts_first_what_the_example_query_set_means_and_finds_everything() {
    query_set_holds(&example_site().dir, "queries.json");
}

#[test]
fn search_puts_first_what_the_honest_site_query_set_means_and_finds_everything() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&fixture("honest-site"), &out).or_diagnostics();
    query_set_holds(&out, "queries-honest.json");
}

#[test]
fn journalists_browse_search_filter_and_sort_in_headless_chromium() {
    let found =
        browser::node_with(&["playwright-core", "axe-core"]).and_then(|()| browser::chromium());
    let Some(chromium) = required("browser", found) else {
        return;
    };
    let site = &example_site().dir;
    let (ok, report) = run_node(
        Some(&chromium),
        &["run.js", site.to_str().unwrap(), "/wuxing/"],
    );
    println!("{report}");
    assert!(ok, "browser checks failed:\n{report}");
    assert!(report.contains("all browser checks passed"), "{report}");
}

/// Opens `page` of the site in `out` at `width` px with a probe script appended, and returns what
/// the probe measured: chart width and height, the first label's width, the page's scroll width
/// and the viewport's width. (Headless Chromium lays out `--dump-dom` pages at least 500 px wide,
/// so a narrow window is 500 px; 360 px is checked by looking at screenshots.)
fn measure(chromium: &Path, out: &Path, page: &str, width: u32) -> Vec<f64> {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    let probe = r#"<script>
var svg = document.querySelector("svg.tb-chart");
var box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
var label = svg ? svg.querySelector("text") : null;
var lw = label ? label.getBBox().width : 0;
document.body.setAttribute("data-probe", [box.width, box.height, lw, document.documentElement.scrollWidth, window.innerWidth].join(" "));
</script></body>"#;
    let probe_page = Path::new(page).with_file_name("probe.html");
    std::fs::write(out.join(&probe_page), html.replace("</body>", probe)).unwrap();
    let result = browser::dump_dom(chromium, &out.join(&probe_page), width);
    let dom = String::from_utf8_lossy(&result.stdout);
    let start = dom.find("data-probe=\"").unwrap_or_else(|| {
        panic!(
            "the probe did not run; chromium said:\n{}\n{}",
            dom,
            String::from_utf8_lossy(&result.stderr)
        )
    }) + 12;
    let end = dom[start..].find('"').unwrap() + start;
    dom[start..end]
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect()
}

#[test]
fn a_metric_chart_has_a_real_size_in_narrow_and_desktop_windows() {
    let Some(chromium) = required("chart size", browser::chromium()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&fixture("charts-site"), &out).or_diagnostics();

    let phone = measure(&chromium, &out, "metrics/on-track/index.html", 360);
    let (w, h, label, page_w, view) = (phone[0], phone[1], phone[2], phone[3], phone[4]);
    eprintln!("at a {view} px viewport the chart is {w}×{h} px");
    assert!(
        view < 560.0,
        "headless Chromium did not take the narrow window ({view} px)"
    );
    // The column's width (the viewport less 1rem each side), up to the chart's drawn 400 px.
    let column = (view - 32.0).min(400.0);
    assert!(
        (w - column).abs() < 2.0 && w <= view,
        "chart width {w} in a {view} px viewport (column {column} px)"
    );
    assert!(h > 150.0, "chart height at {view} px: {h}");
    assert!(label > 0.0, "the chart's text was not laid out");
    assert!(
        page_w <= view,
        "the chart makes a {view} px page scroll sideways ({page_w} px)"
    );

    let desktop = measure(&chromium, &out, "metrics/on-track/index.html", 1280);
    let (w, h) = (desktop[0], desktop[1]);
    // At most its drawn size (the 400-unit viewBox), so its text is never scaled above 1:1.
    assert!(w > 380.0 && w <= 400.0, "chart width at 1280 px: {w}");
    // The SVG keeps its aspect ratio.
    assert!(
        (h / w - phone[1] / phone[0]).abs() < 0.02,
        "aspect ratio changed"
    );
}

/// Builds the site at `root` with `--pdf` (printing with `chromium`) and checks the printed brief:
/// at most two A4 pages, every metric's name in the PDF's text, its title, language and date in its
/// metadata; then `brief.js` checks every metric's row and that no text overflows in the print
/// layout. Returns the number of pages.
fn printed_brief(chromium: &Path, root: &Path) -> usize {
    let model = tongbao::render_site(&tongbao::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .or_diagnostics()
    .model;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    tongbao::build(&tongbao::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        pdf: Some(tongbao::PdfOptions {
            chromium: Some(chromium.to_path_buf()),
        }),
        ..Default::default()
    })
    .or_diagnostics();
    let as_of = model.settings.as_of;
    let bytes = std::fs::read(out.join(format!("brief/{as_of}.pdf"))).expect("the brief's PDF");
    let pdf = lopdf::Document::load_mem(&bytes).expect("a PDF lopdf reads");
    let pages = pdf.get_pages();
    for (&n, &id) in &pages {
        let media = pdf
            .get_dictionary(id)
            .and_then(|p| p.get(b"MediaBox"))
            .and_then(|b| b.as_array())
            .map(|b| {
                b.iter()
                    .map(|v| v.as_float().unwrap_or(0.0))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        assert!(
            media.len() == 4 && (media[2] - 595.0).abs() < 1.0 && (media[3] - 842.0).abs() < 1.0,
            "page {n} is not A4 portrait: {media:?}"
        );
    }
    let text: String = pdf
        .extract_text(&pages.keys().copied().collect::<Vec<_>>())
        .expect("the PDF's text")
        .split_whitespace()
        .collect();
    for m in &model.metrics {
        let name: String = m.name.split_whitespace().collect();
        assert!(
            text.contains(&name),
            "{} is not in the PDF's text: {}",
            m.name,
            text.chars().take(400).collect::<String>()
        );
    }
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(|i| i.as_reference())
        .and_then(|i| pdf.get_dictionary(i))
        .expect("an information dictionary");
    let date = format!("D:{}000000+08'00'", as_of.to_string().replace('-', ""));
    assert_eq!(
        info.get(b"CreationDate").and_then(|d| d.as_str()).ok(),
        Some(date.as_bytes())
    );
    let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
    assert!(title.starts_with("通报（截至"), "{title}");
    let lang = pdf
        .catalog()
        .unwrap()
        .get(b"Lang")
        .and_then(|l| l.as_str())
        .ok();
    assert_eq!(lang, Some(&b"zh-CN"[..]));
    let links = String::from_utf8_lossy(&bytes);
    assert!(!links.contains("file://"), "a link into the build folder");

    let ids: Vec<&str> = model.metrics.iter().map(|m| m.id.as_str()).collect();
    let mut args = vec!["brief.js", out.to_str().unwrap()];
    args.extend(&ids);
    let (ok, report) = run_node(Some(chromium), &args);
    println!("{report}");
    assert!(ok, "the brief's print layout:\n{report}");
    pages.len()
}

#[test]
fn the_brief_of_the_example_and_of_a_site_with_30_metrics_and_100_projects_prints_on_two_a4_pages()
{
    let found = browser::node_with(&["playwright-core"]).and_then(|()| browser::chromium());
    let Some(chromium) = required("printed brief", found) else {
        return;
    };
    let example = printed_brief(&chromium, repo_root());
    eprintln!("the example site's brief prints on {example} A4 page(s)");
    let dir = tempfile::tempdir().unwrap();
    let large = printed_brief(&chromium, &large_site::large_site(dir.path()));
    eprintln!(
        "the brief of {} metrics and {} projects prints on {large} A4 page(s)",
        large_site::METRICS,
        large_site::PROJECTS
    );
    assert!(example <= 2, "the example's brief takes {example} pages");
    assert!(large <= 2, "the large site's brief takes {large} pages");
}
