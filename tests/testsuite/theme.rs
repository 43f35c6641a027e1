//! The default theme as readers meet it (#14): valid HTML on every page, pages that fit a 360 px
//! phone with chart text of at least 12 px and the key columns in view, story typography (numbered
//! footnotes with back-links, unique ids, a GB/T 7714 cite line), the page hierarchy, and a 404
//! page that works at any depth and under any path.
//!
//! The sites: the example site and `tests/fixtures/honest-site`, whose story `wide-table` has a
//! 12-column table, a long code line, footnotes and headings named like the theme's own ids. The
//! Nu HTML Checker and the layout checks need java and headless Chromium (see `support::browser`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::support::browser::{self, required};
use crate::support::*;

/// The honest site built once per run into cargo's folder for test files.
fn honest_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("theme-honest-site");
        build_into(&fixture("honest-site"), &dir).or_diagnostics();
        dir
    })
}

fn honest(file: &str) -> String {
    read(honest_site(), file)
}

/// The ids given more than once in a page.
fn repeated_ids(html: &str) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut repeated = Vec::new();
    for part in html.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        if !seen.insert(id.to_string()) {
            repeated.push(id.to_string());
        }
    }
    repeated
}

#[test]
fn every_page_of_the_example_and_the_honest_site_is_valid_html() {
    let Some(jar) = required("Nu HTML Checker", browser::vnu()) else {
        return;
    };
    let sites = [example_site().dir.as_path(), honest_site()];
    let pages: usize = sites.iter().map(|s| html_files(s).len()).sum();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu", "--skip-non-html"])
        .args(sites)
        .output()
        .expect("java runs");
    let report =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    let errors = report.lines().filter(|l| l.contains("error:")).count();
    eprintln!("Nu HTML Checker: {errors} errors on {pages} pages");
    assert!(pages > 150, "only {pages} pages were checked");
    assert!(
        out.status.success() && errors == 0,
        "the Nu HTML Checker found {errors} errors:\n{report}"
    );
}

#[test]
fn every_page_fits_a_phone_with_readable_charts_and_key_columns_in_view() {
    let found = browser::node_with(&["playwright-core"]).and_then(|()| browser::chromium());
    let Some(chromium) = required("layout", found) else {
        return;
    };
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    for (name, dir) in [
        ("honest", honest_site()),
        ("example", example_site().dir.as_path()),
    ] {
        // Served under a path other than the one it was built for: the 404 page must cope.
        let out = Command::new("node")
            .arg("layout.js")
            .arg(dir)
            .args(["--mount", "/elsewhere/", "--screenshots"])
            .arg(shots.join(name))
            .current_dir(browser::scripts())
            .env("CHROMIUM", &chromium)
            .output()
            .expect("node runs");
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let summary = report
            .lines()
            .find(|l| l.starts_with("summary "))
            .unwrap_or_default();
        eprintln!("{name}: {summary}");
        assert!(
            out.status.success() && report.contains("all layout checks passed"),
            "{name} site:\n{report}"
        );
        // The checks looked at something: charts were measured and key columns found.
        assert!(summary.contains("\"minChartText\":1"), "{summary}");
        assert!(!summary.contains("\"keyColumns\":0"), "{summary}");
    }
}

#[test]
fn story_footnotes_are_numbered_under_a_rule_with_links_back() {
    let page = honest("stories/wide-table/index.html");
    assert!(
        page.contains(
            r##"<sup class="fn-ref" id="fnref-1"><a href="#fn-1" aria-label="注1">[1]</a></sup>"##
        ),
        "{page}"
    );
    let notes = &page[page
        .find("<section class=\"footnotes\"")
        .expect("a notes section")..];
    assert!(
        notes.contains(r##"<li id="fn-1"><p>河清县人民政府办公室"##),
        "{notes}"
    );
    assert!(
        notes.contains(
            r##"<a class="fn-back" href="#fnref-2" aria-label="返回正文">↩</a></p></li>"##
        ),
        "{notes}"
    );
    // The footnote labelled 1 and the heading named 1 keep apart.
    assert!(page.contains(r#"<h2 id="1">"#), "{page}");
}

#[test]
fn headings_named_like_the_themes_ids_get_their_own() {
    for file in html_files(honest_site()) {
        let repeated = repeated_ids(&honest(&file));
        assert!(repeated.is_empty(), "{file} repeats ids {repeated:?}");
    }
    let page = honest("stories/wide-table/index.html");
    for id in ["main-1", "cite-h-1", "related-h-1"] {
        assert!(page.contains(&format!("<h2 id=\"{id}\">")), "{id}: {page}");
    }
}

#[test]
fn story_tables_and_code_scroll_in_their_own_box() {
    let page = honest("stories/wide-table/index.html");
    assert!(page.contains(r#"<div class="scroll" tabindex="0" role="region" aria-label="表格（可左右滑动）"><table>"#), "{page}");
    assert!(page.contains("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"代码（可左右滑动）\">\n<pre><code class=\"language-json\">"), "{page}");
}

#[test]
fn the_cite_line_is_gb_t_7714_in_chinese_punctuation_with_the_access_date_left_to_the_reader() {
    let page = honest("stories/wide-table/index.html");
    let line = &page[page.find("<p class=\"cite-line\">").unwrap()..];
    let line = &line[..line.find("</p>").unwrap()];
    assert!(
        line.contains("河清县政务服务“一窗受理”改革十二项指标逐月统计表及窗口办件系统接口说明（测试长标题）［EB/OL］．（2024-06-25）［<span class=\"cite-accessed\">引用日期</span>］．https://"),
        "{line}"
    );
    assert!(
        !line.contains(". ") && !line.contains("》."),
        "no ASCII full stops: {line}"
    );
    // The build stays deterministic: the date is filled in by the reader's browser.
    assert!(read(honest_site(), "reader.js").contains(".cite-accessed"));
}

#[test]
fn home_and_listings_put_figures_tables_and_stories_before_long_charts() {
    let dir = &example_site().dir;
    let home = read(dir, "index.html");
    let at = |page: &str, needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    assert!(at(&home, "id=\"facts-h\"") < at(&home, "id=\"targets-h\""));
    assert!(at(&home, "id=\"targets-h\"") < at(&home, "id=\"latest-h\""));
    assert!(at(&home, "id=\"latest-h\"") < at(&home, "<figure class=\"chart\""));
    let projects = read(dir, "projects/index.html");
    assert!(
        at(&projects, "aria-label=\"重点项目进度表\"") < at(&projects, "<figure class=\"chart\"")
    );
    // The tracker names its key columns, which the layout check keeps in view on a phone.
    assert!(projects.contains(r#"<th scope="col" class="key">项目</th>"#));
    assert!(projects.contains(r#"<th scope="col" class="key">进度</th>"#));
}

#[test]
fn a_unit_page_shows_its_rating_once_and_leaves_out_empty_sections() {
    let dir = &example_site().dir;
    for file in html_files(dir)
        .into_iter()
        .filter(|f| f.starts_with("units/") && f != "units/index.html")
    {
        let page = read(dir, &file);
        assert!(
            !page.contains("暂无记录")
                && !page.contains("暂无评级")
                && !page.contains("暂无相关报道"),
            "{file}"
        );
        if page.contains("id=\"ratings-h\"") {
            // The strip with its own table, once; no second table of the same ratings.
            assert_eq!(page.matches("<figure class=\"chart\"").count(), 1, "{file}");
            assert_eq!(
                page.matches("<th scope=\"col\">评级</th>").count(),
                1,
                "{file}: one ratings table, the chart's own"
            );
        }
    }
}

#[test]
fn timeline_entries_link_to_themselves_and_name_a_shared_source_once() {
    let page = read(&example_site().dir, "campaign/index.html");
    assert!(
        page.contains(r##"<li id="event-plenary-decision"><a class="event-link" href="#event-plenary-decision">"##),
        "{page}"
    );
    // Every event of the example cites the same report: it is named once, above the timeline.
    let timeline = &page[page.find("id=\"tl-h\"").unwrap()..page.find("</ol>").unwrap()];
    assert_eq!(timeline.matches("大众网·海报新闻").count(), 1, "{timeline}");
    assert!(timeline.contains("以下各条均据"), "{timeline}");
}
