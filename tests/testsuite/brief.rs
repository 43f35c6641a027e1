//! The brief (通报): a leader's two minutes. What `/brief/` shows (the home page's headline
//! figures, every metric, the tracker with the projects that need attention named, the month's
//! stories, the sources, the marks), and `build --pdf` when no browser is there. The printed PDF
//! itself is checked in a real browser in `browser.rs`.

use crate::support::large_site::{self, STORIES_IN_MONTH};
use crate::support::*;

/// The texts of elements with `class` in `html`, in order (the brief's markup is the theme's own).
fn texts_of(html: &str, class: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    let open = format!("class=\"{class}\">");
    while let Some(at) = rest.find(&open) {
        let start = at + open.len();
        let end = rest[start..].find("</").map_or(rest.len(), |e| start + e);
        out.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_brief_leads_with_the_home_pages_figures_and_shows_every_metric_and_the_months_stories() {
    let site = example_site();
    let brief = read(&site.dir, "brief/index.html");
    let home = read(&site.dir, "index.html");
    let facts = texts_of(&home, "figure-label");
    assert!(!facts.is_empty());
    assert_eq!(texts_of(&brief, "brief-figure-label"), facts);
    for id in [
        "one-visit-share",
        "material-reduction",
        "time-reduction",
        "complaint-resolution-days",
    ] {
        assert!(brief.contains(&format!("data-metric=\"{id}\"")), "{id}");
    }
    assert_eq!(brief.matches("data-metric=").count(), 4);
    assert!(brief.contains("本期：2022年9月1日至9月30日"), "the period");
    assert!(brief.contains("数据截至<time datetime=\"2022-09-30\">2022年9月30日</time>"));
    assert!(
        brief.contains("<svg class=\"tb-spark\""),
        "sparklines as SVG"
    );
    // The stories of September, each with one line; none from before the month.
    assert!(brief.contains("\">挂图作战：44个重点项目已开工35个</a>"));
    assert!(
        !brief.contains("preview-october"),
        "a future story is not published"
    );
    // Statuses in words, with the marks the data calls for.
    assert!(brief.contains("status status-behind\">进度滞后"));
    assert!(brief.contains("依据示意数据"));
    assert!(brief.contains("标注“示意数据”的数字不是实际统计或公布的数据"));
    assert!(brief.contains("大众网·海报新闻《德州：打造“五型”机关和干部队伍"));
    // No interactive controls in the brief (the site's header, with its 大字 switch, is not printed
    // with it), and the margins carry the date and page numbers.
    let main = &brief[brief.find("<main").expect("a <main>")..];
    for control in [
        "<button",
        "<select",
        "<input",
        "<details",
        "reader.js\" defer></script>\n<script",
    ] {
        assert!(!main.contains(control), "{control}");
    }
    assert!(brief.contains("@bottom-center { content: \"第 \" counter(page)"));
    assert!(brief.contains("@top-right { content: \"数据截至2022年9月30日\""));
}

#[test]
fn a_large_site_names_ten_projects_that_need_attention_then_says_how_many_more() {
    let dir = tempfile::tempdir().unwrap();
    let root = large_site::large_site(dir.path());
    build(&root).or_diagnostics();
    let brief = page(&root, "brief/index.html");
    assert_eq!(
        brief.matches("data-metric=").count(),
        large_site::METRICS,
        "every metric has its row"
    );
    let attention = &brief[brief.find("需关注：").expect("projects named")..];
    let attention = &attention[..attention.find("</p>").unwrap()];
    assert_eq!(attention.matches("<a href=").count(), 10, "{attention}");
    // Overdue: every third of 100 projects unless completed; over plan: every fifth.
    let flagged = (0..large_site::PROJECTS)
        .filter(|i| (i % 3 == 0 && i % 4 != 3) || i % 5 == 0 && i % 17 != 16)
        .count();
    assert!(
        attention.ends_with(&format!("；及其他{}个。", flagged - 10)),
        "{attention}"
    );
    assert!(attention.contains("（逾期）"), "{attention}");
    // Eight stories of June, then how many more; May's stories are not of this period.
    assert_eq!(brief.matches("class=\"brief-story-date\"").count(), 8);
    assert!(brief.contains(&format!("及其他{}篇", STORIES_IN_MONTH - 8)));
    assert!(!brief.contains("2023年5月"), "a story of May is listed");
    // One line each: the first sentence, cut to the line.
    assert!(!brief.contains("第二句不应出现"));
    assert!(brief.contains("本期：2023年6月1日至6月30日"));
}

#[test]
fn the_default_build_makes_no_pdf_and_needs_no_browser() {
    let site = example_site();
    let pdfs: Vec<String> = read_tree(&site.dir)
        .into_keys()
        .filter(|p| p.ends_with(".pdf"))
        .collect();
    assert!(pdfs.is_empty(), "{pdfs:?}");
}

#[test]
fn build_pdf_without_a_browser_fails_saying_what_to_install_and_publishes_nothing() {
    let (_dir, root) = site_from_fixture("honest-site");
    let out = tongbao()
        .args(["build", "--pdf", "--root"])
        .arg(&root)
        .env("PATH", "/nonexistent")
        .env_remove("TONGBAO_CHROMIUM")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("--pdf needs Chromium to print the brief"),
        "{stderr}"
    );
    assert!(
        stderr.contains("apt-get install chromium fonts-noto-cjk"),
        "{stderr}"
    );
    assert!(!root.join("public").exists(), "nothing is published");

    let out = tongbao()
        .args(["build", "--pdf", "--chromium", "/nowhere/chrome", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("--chromium names /nowhere/chrome"),
        "{stderr}"
    );
}
