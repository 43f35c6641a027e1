//! Honest figures (#11): a site that is not the example (`tests/fixtures/honest-site`, a county's
//! business-environment campaign reporting on 2024-06-30) has a metric for each row of the status
//! table and a project for each flag. A reader of its pages, its chart SVGs and its CSV downloads
//! must never be told more than the data supports.

use std::sync::OnceLock;

use tongbao::{BuildOptions, RenderedSite, render_site};

use crate::support::*;

/// The honest site rendered in memory once per run; the tests only read it.
fn rendered() -> &'static RenderedSite {
    static RENDERED: OnceLock<RenderedSite> = OnceLock::new();
    RENDERED.get_or_init(|| {
        let options = BuildOptions {
            root: fixture("honest-site"),
            ..BuildOptions::default()
        };
        render_site(&options)
            .unwrap_or_else(|f| panic!("the honest site does not build:\n{}", f.render()))
    })
}

/// A rendered file as text.
fn file(path: &str) -> String {
    let r = rendered();
    let o = r
        .outputs
        .iter()
        .find(|o| o.path == path)
        .unwrap_or_else(|| panic!("no output {path}"));
    String::from_utf8(o.bytes.clone()).unwrap()
}

/// The status line of a metric's page: the status word and its sentence.
fn status_line(id: &str) -> String {
    let page = file(&format!("metrics/{id}/index.html"));
    let start = page.find("<p class=\"status-line\">").expect("status line");
    let end = start + page[start..].find("</p>").unwrap();
    page[start..end].to_string()
}

/// The `<desc>` of a chart's standalone SVG: what a screen reader says about it.
fn chart_desc(chart: &str) -> String {
    let svg = file(&format!("charts/{chart}.svg"));
    // The chart's own sentence (the standalone file also has a longer one with its provenance).
    let open = format!("<desc id=\"chart-{chart}-desc\">");
    let start = svg.find(&open).expect("desc") + open.len();
    let end = start + svg[start..].find("</desc>").unwrap();
    svg[start..end].to_string()
}

/// A metric's status as the dataset download states it (`data/site.json`; the metrics CSV has a
/// row per reading, and a status describes the metric), in the words the pages use.
fn download_status(id: &str) -> String {
    let site: serde_json::Value = serde_json::from_str(&file("data/site.json")).unwrap();
    let metric = site["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no metric {id} in site.json"));
    let words = match metric["status"].as_str().unwrap() {
        "met" => "已达标",
        "on-track" => "进度正常",
        "behind" => "进度滞后",
        "missed" => "未达标",
        "stale" => "数据未更新",
        "insufficient" => "数据不足",
        other => panic!("unknown status id {other}"),
    };
    words.to_string()
}

/// One row of the projects download, by column header.
fn project_cell(id: &str, header: &str) -> String {
    let csv = file("data/projects.csv");
    let headers: Vec<&str> = csv
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}')
        .split(',')
        .collect();
    let col = headers.iter().position(|h| *h == header).expect(header);
    let row = csv
        .lines()
        .find(|l| l.starts_with(&format!("{id},")))
        .expect(id);
    row.split(',').nth(col).unwrap().to_string()
}

#[test]
fn row_a_a_met_target_is_stated_with_the_date_of_the_reading() {
    let line = status_line("met-early");
    assert!(line.contains(">已达标</span>"), "{line}");
    assert!(line.contains("截至2024年4月30日"), "{line}");
    assert!(line.contains("报告日期2024年6月30日"), "{line}");
    assert!(chart_desc("metric-met-early").ends_with("已达到目标（已达标）。"));
    assert_eq!(download_status("met-early"), "已达标");
}

#[test]
fn row_b_a_passed_deadline_is_missed_when_there_is_a_reading() {
    let line = status_line("missed-target");
    assert!(line.contains(">未达标</span>"), "{line}");
    assert!(line.contains("截止日期已过，未达到目标"), "{line}");
    assert!(chart_desc("metric-missed-target").contains("（未达标）"));
    assert_eq!(download_status("missed-target"), "未达标");
}

#[test]
fn row_b_a_passed_deadline_without_any_reading_is_insufficient_data() {
    let line = status_line("never-reported");
    assert!(line.contains(">数据不足</span>"), "{line}");
    assert!(line.contains("没有任何数据"), "{line}");
    assert!(!line.contains("未达标"), "{line}");
    assert!(chart_desc("metric-never-reported").contains("（数据不足）"));
}

#[test]
fn row_c_a_stale_reading_says_how_old_it_is() {
    let line = status_line("hotline-satisfaction");
    assert!(line.contains(">数据未更新</span>"), "{line}");
    assert!(line.contains("已17个月"), "{line}");
    assert!(!line.contains("进度正常"), "{line}");
    let desc = chart_desc("metric-hotline-satisfaction");
    assert!(
        desc.contains("已17个月") && desc.contains("（数据未更新）"),
        "{desc}"
    );
    assert_eq!(download_status("hotline-satisfaction"), "数据未更新");
}

#[test]
fn row_d_a_single_reading_is_insufficient_data() {
    let line = status_line("single-reading");
    assert!(line.contains(">数据不足</span>"), "{line}");
    assert!(line.contains("只有一个时点的数据"), "{line}");
    assert!(chart_desc("metric-single-reading").contains("（数据不足）"));
    assert_eq!(download_status("single-reading"), "数据不足");
}

#[test]
fn row_e_a_long_running_quarterly_metric_is_compared_with_the_straight_line() {
    let line = status_line("e-permit");
    assert!(line.contains(">进度正常</span>"), "{line}");
    assert!(line.contains("E-Permit Coverage为70%"), "{line}");
    assert!(line.contains("此时应为56.4%"), "{line}");
    assert!(chart_desc("metric-e-permit").contains("此时应为56.4%"));
    assert_eq!(download_status("e-permit"), "进度正常");
}

#[test]
fn row_e_lower_is_better_mirrors_the_line() {
    let line = status_line("approval-days");
    assert!(line.contains(">进度滞后</span>"), "{line}");
    assert!(line.contains("不高于5天"), "{line}");
    assert!(line.contains("此时应为9.59天"), "{line}");
    assert_eq!(download_status("approval-days"), "进度滞后");
}

#[test]
fn an_observation_after_the_reporting_date_is_left_out_of_the_status() {
    let line = status_line("online-share");
    assert!(line.contains("截至2024年5月31日"), "{line}");
    assert!(line.contains("为80%"), "{line}");
    assert!(!line.contains("85%"), "{line}");
    assert!(!chart_desc("metric-online-share").contains("85%"));
}

#[test]
fn no_page_chart_or_search_text_promises_completion() {
    for o in &rendered().outputs {
        if o.path.ends_with(".html") || o.path.ends_with(".svg") || o.path.ends_with(".json") {
            let text = String::from_utf8_lossy(&o.bytes);
            assert!(
                !text.contains("可望按期完成"),
                "{} promises completion",
                o.path
            );
        }
    }
}

#[test]
fn an_overdue_project_says_so_without_milestones() {
    let page = file("projects/overdue-road/index.html");
    assert!(page.contains("<span class=\"status status-overdue\">逾期</span>"));
    assert!(
        chart_desc("project-overdue-road-investment").contains("计划完工日期已过仍未完工（逾期）")
    );
    let list = file("projects/index.html");
    assert!(list.contains("1个项目已过计划完工日期仍未完工（逾期）"));
}

#[test]
fn a_project_completed_after_its_target_is_not_overdue() {
    let page = file("projects/done-late/index.html");
    assert!(
        !page.contains("逾期"),
        "a completed project is never overdue"
    );
}

#[test]
fn an_over_budget_project_says_so_and_its_bar_runs_past_the_plan() {
    let page = file("projects/over-budget-hall/index.html");
    assert!(page.contains("5750万元（占计划投资的115%，超出计划投资）"));
    assert!(
        page.contains("viewBox=\"0 0 115 10\""),
        "the bar shows the excess"
    );
    assert!(chart_desc("project-over-budget-hall-investment").contains("的115%，超出计划投资"));
    assert!(file("projects/index.html").contains("2个项目完成投资超出计划投资"));
}

#[test]
fn a_project_with_no_investment_reported_says_not_reported_never_zero() {
    let page = file("projects/unreported-park/index.html");
    assert!(page.contains("<dt>累计完成投资</dt><dd>未报告</dd>"));
    assert!(!page.contains("0万元（0%）"));
    assert_eq!(project_cell("unreported-park", "累计完成投资（万元）"), "");
    assert_eq!(project_cell("overdue-road", "累计完成投资（万元）"), "6000");
    let list = file("projects/index.html");
    assert!(list.contains("其中7个项目报告了完成投资，合计2.13亿元，其余1个未报告"));
    assert!(file("counties/heqing/index.html").contains("2个项目报告了完成投资"));
    assert!(
        chart_desc("investment-by-county").contains("（其中7个项目报告了完成投资，其余未报告）")
    );
}

#[test]
fn projects_across_counties_and_of_the_whole_city_are_rows_of_their_own() {
    let table = file("charts/investment-by-county.csv");
    // Both projects are illustrative, so their rows are marked like any county's.
    assert!(
        table.lines().any(|l| l == "跨县,1,20000,5000,25,是"),
        "{table}"
    );
    assert!(
        table.lines().any(|l| l == "全市,1,3000,1000,33.3,是"),
        "{table}"
    );
    // 河清县's row holds only its own three projects, not the river project it shares.
    assert!(
        table.lines().any(|l| l == "河清县,3,13100,6250,47.7,是"),
        "{table}"
    );
    let svg = file("charts/project-status-by-county.svg");
    assert!(svg.contains(">跨县<") && svg.contains(">全市<"));
    let status = file("charts/project-status-by-county.csv");
    assert!(
        status
            .lines()
            .filter(|l| l.starts_with("跨县,") || l.starts_with("全市,"))
            .all(|l| l.ends_with(",是")),
        "{status}"
    );
    assert!(!file("counties/heqing/index.html").contains("清河流域综合治理"));
    let page = file("projects/river-cleanup/index.html");
    assert!(page.contains(">跨县（河清县、东坡区）</a>"));
    assert!(file("projects/data-platform/index.html").contains(">全市</a>"));
    assert_eq!(project_cell("river-cleanup", "县市区"), "heqing;dongpo");
    assert_eq!(project_cell("data-platform", "县市区"), "city");
    let list = file("projects/index.html");
    assert!(list.contains("data-f-county=\"跨县\""));
}

#[test]
fn a_project_names_one_county_several_or_the_city_and_nothing_else() {
    let (_tmp, root) = site_from_fixture("honest-site");
    let projects = root.join("data/projects.yaml");
    let text = std::fs::read_to_string(&projects).unwrap();
    let text = text
        .replace("  counties: [heqing, dongpo]\n", "  counties: [heqing]\n")
        .replace("  scope: city\n", "  scope: city\n  county: heqing\n");
    std::fs::write(&projects, text).unwrap();
    let failure = build(&root).expect_err("a wrong place fails");
    let rendered = failure.render();
    assert!(rendered.contains("counties names 1 county"), "{rendered}");
    assert!(
        rendered.contains("a project names only one of county, counties and scope"),
        "{rendered}"
    );
    assert_eq!(
        rendered.matches("help: write `county: <id>`").count(),
        2,
        "{rendered}"
    );
}

#[test]
fn small_money_keeps_two_significant_digits_in_page_and_chart() {
    let page = file("projects/small-kiosk/index.html");
    assert!(page.contains("0.65万元"), "the page");
    assert!(!page.contains("0.7万元"));
    let svg = file("charts/project-small-kiosk-investment.svg");
    assert!(
        svg.contains("0.65万元"),
        "the chart's label agrees with the table"
    );
}

#[test]
fn facts_in_yuan_and_large_counts_use_wan_and_yi() {
    let page = file("campaign/index.html");
    assert!(page.contains(">36亿元<"), "3600000000元");
    assert!(page.contains(">12.5万户<"), "125000户");
    assert!(!page.contains("3600000000"));
}

#[test]
fn the_actions_heading_counts_the_actions() {
    let page = file("campaign/index.html");
    assert!(page.contains(">三大行动</h2>"));
    assert!(!page.contains("十大行动"));
}

#[test]
fn an_empty_sign_off_line_is_left_out() {
    let page = file("stories/hall/index.html");
    assert!(!page.contains("初审编辑"));
    assert!(page.contains("责任编辑：测试编辑"));
}

#[test]
fn the_footer_explains_illustrative_figures_only_on_a_site_that_has_them() {
    assert!(file("index.html").contains("class=\"illustrative-notice\""));
    let (_tmp, root) = site_from_fixture("honest-site");
    for name in ["metrics.yaml", "projects.yaml", "facts.yaml"] {
        let path = root.join("data").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace("illustrative: true", "illustrative: false"),
        )
        .unwrap();
    }
    build(&root).or_diagnostics();
    assert!(!page(&root, "index.html").contains("illustrative-notice"));
    assert!(!page(&root, "index.html").contains("仅作示意"));
}

/// The warnings of the honest site, each with its file, line and column.
const WARNINGS: [(&str, &str); 4] = [
    (
        "data/metrics.yaml:11:15",
        "the observation of 2024-07-31 is dated after the reporting date (2024-06-30)",
    ),
    (
        "data/metrics.yaml:23:34",
        "the observation of 2023-01-31 (21) differs from the baseline on the same day (20)",
    ),
    (
        "data/metrics.yaml:102:40",
        "the baseline (99) already meets the target",
    ),
    (
        "data/projects.yaml:66:35",
        "500 万元 invested is more than 3 times the 100 万元 planned",
    ),
];

#[test]
fn contradictory_data_warns_with_file_line_and_column_and_still_builds() {
    let (_tmp, root) = site_from_fixture("honest-site");
    let out = tongbao()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for (at, message) in WARNINGS {
        let i = stderr
            .find(message)
            .unwrap_or_else(|| panic!("{message}\n{stderr}"));
        assert!(stderr[i..].contains(at), "{message} at {at}\n{stderr}");
    }
    assert_eq!(
        stderr.matches("warning: ").count(),
        WARNINGS.len(),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("= help:").count(),
        WARNINGS.len(),
        "{stderr}"
    );
    assert!(root.join("public/index.html").exists());
}

#[test]
fn check_prints_github_warning_annotations_and_passes() {
    let out = tongbao()
        .args(["check", "--format", "github", "--root"])
        .arg(fixture("honest-site"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let annotations: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    assert_eq!(annotations.len(), WARNINGS.len(), "{stdout}");
    assert!(
        stdout.contains("data/metrics.yaml,line=11,col=15::"),
        "{stdout}"
    );
    assert!(!stdout.contains("::error"), "{stdout}");
}

#[test]
fn deny_warnings_makes_build_and_check_fail() {
    let (_tmp, root) = site_from_fixture("honest-site");
    let out = tongbao()
        .args(["build", "--deny-warnings", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("build failed: 4 errors"), "{stderr}");
    assert!(!root.join("public").exists(), "nothing is written");
    let out = tongbao()
        .args(["check", "--deny-warnings", "--format", "github", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error "));
}

#[test]
fn the_site_sets_how_far_above_plan_an_investment_may_be_before_a_warning() {
    let (_tmp, root) = site_from_fixture("honest-site");
    let site = root.join("data/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, text + "investment_warning_factor: 6\n").unwrap();
    let out = tongbao()
        .args(["build", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("invested is more than"), "{stderr}");
    assert_eq!(stderr.matches("warning: ").count(), WARNINGS.len() - 1);
}
