//! Charts as a reader meets them: each kind drawn from a small fixed site, accessible, with the
//! numbers of the data, a sentence stating the takeaway, and downloads that a spreadsheet opens safely.

use std::path::PathBuf;
use std::sync::OnceLock;

use tongbao::charts::{self, Chart, ChartSpec};
use tongbao::model::Site;
use tongbao::{BuildOptions, RenderedSite, render_site};

use crate::support::*;

/// The chart fixture site rendered in memory, once per test run; the tests only read it.
fn rendered() -> &'static RenderedSite {
    static RENDERED: OnceLock<RenderedSite> = OnceLock::new();
    RENDERED.get_or_init(|| {
        let options = BuildOptions {
            root: fixture("charts-site"),
            ..BuildOptions::default()
        };
        match render_site(&options) {
            Ok(r) => r,
            Err(f) => panic!("the fixture site does not build:\n{}", f.render()),
        }
    })
}

fn metric_ix(site: &Site, id: &str) -> usize {
    site.metrics.iter().position(|m| m.id == id).expect(id)
}

fn county_ix(site: &Site, id: &str) -> usize {
    site.counties.iter().position(|c| c.id == id).expect(id)
}

fn chart(site: &Site, spec: ChartSpec) -> Chart {
    spec.build(site)
}

fn output<'a>(r: &'a RenderedSite, path: &str) -> &'a [u8] {
    &r.outputs
        .iter()
        .find(|o| o.path == path)
        .unwrap_or_else(|| panic!("no output {path}"))
        .bytes
}

/// Parses an SVG and checks what a screen reader relies on.
fn assert_accessible_svg(svg: &str) {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(children[0].tag_name().name(), "title");
    assert_eq!(children[1].tag_name().name(), "desc");
    assert!(!children[0].text().unwrap_or("").trim().is_empty());
    assert!(!children[1].text().unwrap_or("").trim().is_empty());
    let labelled = root.attribute("aria-labelledby").unwrap_or("");
    for id in labelled.split_whitespace() {
        assert!(
            doc.descendants().any(|n| n.attribute("id") == Some(id)),
            "aria-labelledby names a missing id {id}"
        );
    }
    // Self-contained: nothing loaded from elsewhere.
    assert!(!svg.contains("href="), "external reference in {svg}");
    assert!(svg.contains("<style>"));
}

#[test]
fn every_chart_is_well_formed_accessible_svg() {
    let r = rendered();
    assert_eq!(r.charts, 15);
    let all = charts::build_all(&r.model);
    assert_eq!(
        all.len(),
        15,
        "4 metrics, investment, 2 projects with investment reports, status by county, 2 counties, ratings, posts, 3 units with ratings"
    );
    for c in &all {
        assert_accessible_svg(&c.svg);
        assert_accessible_svg(
            std::str::from_utf8(output(r, &format!("charts/{}.svg", c.id))).unwrap(),
        );
        assert!(
            c.svg
                .contains(&format!("<desc id=\"chart-{}-desc\">", c.id))
        );
    }
}

#[test]
fn chart_text_is_escaped_and_has_no_debug_quotes() {
    let r = rendered();
    let c = chart(
        &r.model,
        ChartSpec::MetricTrend(metric_ix(&r.model, "missed")),
    );
    assert!(c.svg.contains("诉求办结时长 &lt;平均&gt;：实际值与目标"));
    for c in charts::build_all(&r.model) {
        assert!(
            !c.svg.contains("\"德城区\""),
            "a Debug-quoted label in {}",
            c.id
        );
        let doc = roxmltree::Document::parse(&c.svg).unwrap();
        for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let label = text.text().unwrap_or("");
            assert!(
                !(label.starts_with('"') && label.ends_with('"')),
                "a Debug-quoted label {label} in {}",
                c.id
            );
        }
    }
}

#[test]
fn dashed_lines_use_stroke_dasharray_and_coordinates_are_rounded() {
    let r = rendered();
    let c = chart(
        &r.model,
        ChartSpec::MetricTrend(metric_ix(&r.model, "on-track")),
    );
    // Target, deadline and baseline, and their legend swatches: one element each.
    assert!(c.svg.matches("stroke-dasharray").count() >= 3);
    let long_decimal = c.svg.split('"').enumerate().any(|(i, part)| {
        i % 2 == 1
            && part
                .split(|ch: char| !(ch.is_ascii_digit() || ch == '.'))
                .any(|n| n.split_once('.').is_some_and(|(_, d)| d.len() > 1))
    });
    assert!(!long_decimal, "an attribute with more than one decimal");
}

#[test]
fn the_sentence_states_each_status_in_words() {
    let r = rendered();
    let s = &r.model;
    let desc = |id: &str| chart(s, ChartSpec::MetricTrend(metric_ix(s, id))).desc;
    assert_eq!(
        desc("met"),
        "达标指标从2022年1月的50%升至2022年9月的91%，目标为2022年12月31日前不低于90%，已达到目标（已达标）。"
    );
    assert_eq!(
        desc("on-track"),
        "一次办好事项占比从2022年1月的62%升至2022年9月的84%，目标为2022年12月31日前不低于90%，按从起点到目标的直线进度，此时应为82.3%，目前不落后于这一进度（进度正常）。"
    );
    assert_eq!(
        desc("behind"),
        "提交材料减少比例从2022年1月的0%升至2022年9月的17%，目标为2022年12月31日前不低于30%，按从起点到目标的直线进度，此时应为21.7%，目前落后于这一进度（进度滞后）。"
    );
    assert_eq!(
        desc("missed"),
        "诉求办结时长 <平均>从2022年1月的6.5天降至2022年9月的4.2天，目标为2022年6月30日前不高于4天，截止日期已过，未达到目标（未达标）。"
    );
}

#[test]
fn metric_table_holds_baseline_observations_and_target() {
    let r = rendered();
    let s = &r.model;
    let m = &s.metrics[metric_ix(s, "on-track")];
    let c = chart(s, ChartSpec::MetricTrend(metric_ix(s, "on-track")));
    let values: Vec<f64> = c
        .table
        .rows
        .iter()
        .map(|row| row[2].raw.as_f64().unwrap())
        .collect();
    // One row per fact: the observation that repeats the baseline (2022-01-31, 62) is listed once.
    let b = m.baseline.unwrap();
    let mut expected = vec![b.value];
    expected.extend(
        m.observations
            .iter()
            .filter(|o| !(o.date == b.date && o.value == b.value))
            .map(|o| o.value),
    );
    expected.push(m.target_value);
    assert_eq!(values, expected);
    let kinds: Vec<&str> = c.table.rows.iter().map(|r| r[0].text.as_str()).collect();
    assert_eq!(kinds, ["基线", "观测", "观测", "目标"]);
    assert_eq!(c.table.marks, [false, true, true, false]);
    assert!(c.provenance.illustrative);
    assert_eq!(
        c.provenance.updated.map(|d| d.to_string()).as_deref(),
        Some("2022-09-30")
    );
}

#[test]
fn investment_table_sums_the_projects_of_each_county() {
    let r = rendered();
    let s = &r.model;
    let c = chart(s, ChartSpec::InvestmentByCounty);
    for row in &c.table.rows {
        let name = &row[0].text;
        let projects: Vec<_> = if name == "合计" {
            s.projects.iter().collect()
        } else {
            s.projects
                .iter()
                .filter(|p| p.place.group(&s.counties) == name)
                .collect()
        };
        let planned: f64 = projects.iter().filter_map(|p| p.planned_investment).sum();
        let invested: f64 = projects.iter().map(|p| p.invested_to_date()).sum();
        assert_eq!(row[1].raw.as_u64(), Some(projects.len() as u64), "{name}");
        assert_eq!(row[2].raw.as_f64(), Some(planned), "{name}");
        assert_eq!(row[3].raw.as_f64(), Some(invested), "{name}");
    }
    assert_eq!(c.table.rows[0][2].text, "80.45亿元");
    assert_eq!(
        c.desc,
        "3个项目计划投资合计83.9亿元，累计完成投资21.05亿元（其中2个项目报告了完成投资，其余未报告），占计划的25.1%；计划投资最多的是德城区（80.45亿元），完成比例最高的是武城县（100%）。"
    );
}

#[test]
fn status_ratings_and_posts_tables_count_the_records() {
    let r = rendered();
    let s = &r.model;
    let status = chart(s, ChartSpec::StatusByCounty);
    let text: Vec<Vec<&str>> = status
        .table
        .rows
        .iter()
        .map(|row| row.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(
        text,
        vec![
            vec!["德城区", "1", "1", "0", "2"],
            vec!["武城县", "0", "0", "1", "1"],
            vec!["合计", "1", "1", "1", "3"],
        ]
    );
    let county = chart(s, ChartSpec::CountyStatus(county_ix(s, "wucheng")));
    assert_eq!(
        county.desc,
        "武城县1个项目中，已完工1个、已开工（在建）0个、未开工0个，开工率100%。"
    );

    let ratings = chart(s, ChartSpec::RatingsByYear);
    let counts: Vec<Vec<u64>> = ratings
        .table
        .rows
        .iter()
        .map(|row| row[1..].iter().map(|c| c.raw.as_u64().unwrap()).collect())
        .collect();
    // Columns: 红, 黄, 蓝, 绿, 合计.
    assert_eq!(counts, vec![vec![0, 1, 1, 0, 2], vec![1, 0, 0, 2, 3]]);
    assert_eq!(
        ratings.desc,
        "2022年共评定3个单位领导班子，其中红1个、黄0个、蓝0个、绿2个；与2021年相比，绿色由0个变为2个，红色由0个变为1个。"
    );
    // Colour is never the only carrier: every non-zero segment is named in text.
    for label in ["红1", "绿2", "黄1", "蓝1"] {
        assert!(
            ratings.svg.contains(label),
            "{label} missing from the ratings chart"
        );
    }

    let posts = chart(s, ChartSpec::PostsHonoursByCounty);
    let rows: Vec<(String, u64, u64)> = posts
        .table
        .rows
        .iter()
        .map(|r| {
            (
                r[0].text.clone(),
                r[1].raw.as_u64().unwrap(),
                r[2].raw.as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("武城县".to_string(), 1, 2),
            ("市直单位".to_string(), 1, 1),
            ("德城区".to_string(), 0, 0),
        ]
    );
}

#[test]
fn csv_has_a_bom_quotes_and_neutralised_formulas() {
    let r = rendered();
    let projects = std::str::from_utf8(output(r, "data/projects.csv")).unwrap();
    assert!(projects.starts_with('\u{FEFF}'));
    assert!(projects.contains("\r\n"));
    assert!(projects.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\","));
    assert!(projects.contains(",\"城乡供水一体化, \"\"示范\"\"工程\","));
    let chart_csv = std::str::from_utf8(output(r, "charts/investment-by-county.csv")).unwrap();
    assert!(chart_csv.starts_with(
        "\u{FEFF}县市区,项目数（个）,计划投资（万元）,累计完成投资（万元）,完成比例（%）,示意数据\r\n"
    ));
    assert!(chart_csv.contains("\r\n德城区,2,804500,176000,21.9,"));
    let metrics = std::str::from_utf8(output(r, "data/metrics.csv")).unwrap();
    assert!(metrics.contains("on-track,一次办好事项占比,观测,2022-05-31,74,%,,是\r\n"));
}

#[test]
fn json_downloads_parse_and_carry_provenance() {
    let r = rendered();
    let c: serde_json::Value =
        serde_json::from_slice(output(r, "charts/metric-on-track.json")).unwrap();
    assert_eq!(c["illustrative"], true);
    assert_eq!(c["updated"], "2022-09-30");
    assert_eq!(c["sources"][0]["id"], "report");
    // Tidy rows (类型, 日期, 数值, 单位): the observation repeating the baseline is listed once.
    assert_eq!(c["rows"][1][2], 74.0);
    assert_eq!(c["illustrative_rows"][1], true);
    let site: serde_json::Value = serde_json::from_slice(output(r, "data/site.json")).unwrap();
    assert_eq!(site["projects"].as_array().unwrap().len(), 3);
    assert_eq!(site["metrics"][1]["status"], "on-track");
    assert_eq!(site["units"][1]["county"], "wucheng");
}

#[test]
fn pages_show_their_charts_with_source_date_table_downloads_and_embed() {
    let r = rendered();
    let page = std::str::from_utf8(output(r, "metrics/on-track/index.html")).unwrap();
    assert!(
        page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-metric-on-track\"")
    );
    assert!(page.contains("href=\"../../charts/metric-on-track.svg\""));
    assert!(page.contains("href=\"../../charts/metric-on-track.csv\""));
    assert!(page.contains("href=\"../../charts/metric-on-track.json\""));
    assert!(page.contains("数据来源：<a href=\"https://example.org/a?x=1&amp;y=2\">大众网《报道 &lt;原文&gt; &amp; 摘要》</a>"));
    assert!(page.contains("最后更新：2022年9月30日"));
    // The chart mixes the report's target with illustrative readings: "contains illustrative data".
    let figure = &page[page.find("<figure class=\"chart\"").unwrap()..];
    assert!(
        figure[..figure.find("</figure>").unwrap()]
            .contains("<span class=\"badge illustrative\">含示意数据</span>")
    );
    assert!(page.contains("<details class=\"chart-data\">"));
    assert!(page.contains("<td>74%</td>"));
    // The embed snippet is shown as text, pointing at the absolute URL.
    assert!(page.contains("&lt;img src=&quot;https:&#x2F;&#x2F;example.org&#x2F;site&#x2F;charts&#x2F;metric-on-track.svg&quot;")
        || page.contains("&lt;img src=&quot;https://example.org/site/charts/metric-on-track.svg&quot;"));
    // A chart whose numbers are all from the report carries no 示意数据 badge.
    let met = std::str::from_utf8(output(r, "metrics/met/index.html")).unwrap();
    let figure = &met[met.find("<figure class=\"chart\"").unwrap()..];
    assert!(!figure[..figure.find("</figure>").unwrap()].contains("示意数据"));

    for (page, chart_id) in [
        ("index.html", "investment-by-county"),
        ("projects/index.html", "investment-by-county"),
        ("projects/index.html", "project-status-by-county"),
        (
            "counties/wucheng/index.html",
            "county-wucheng-project-status",
        ),
        ("units/index.html", "ratings-by-year"),
        ("posts/index.html", "posts-honours-by-county"),
        ("counties/index.html", "posts-honours-by-county"),
    ] {
        let html = std::str::from_utf8(output(r, page)).unwrap();
        assert!(
            html.contains(&format!("charts/{chart_id}.svg\"")),
            "{page} does not link {chart_id}"
        );
        assert!(
            html.contains(&format!("id=\"chart-{chart_id}\"")),
            "{page} does not show {chart_id}"
        );
    }
    // Tables: sparklines for metrics, progress bars for projects.
    let metrics = std::str::from_utf8(output(r, "metrics/index.html")).unwrap();
    assert!(metrics.contains("<svg class=\"tb-spark\""));
    assert!(metrics.contains("aria-label=\"走势：62%→84%，目标90%，进度正常\""));
    let projects = std::str::from_utf8(output(r, "projects/index.html")).unwrap();
    assert!(projects.contains("<svg class=\"tb-progress\""));
}

#[test]
fn the_built_site_has_every_chart_file_linked_from_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let report = build_into(&fixture("charts-site"), &out).or_diagnostics();
    assert_eq!(report.charts, 15);
    let mut pages = String::new();
    for page in html_files(&out) {
        pages.push_str(&read(&out, &page));
    }
    let svgs: Vec<PathBuf> = std::fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    assert_eq!(svgs.len(), 15);
    for svg in svgs {
        let name = svg.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            pages.contains(&format!("charts/{name}\"")),
            "{name} is linked from no page"
        );
        let stem = name.trim_end_matches(".svg");
        assert!(out.join(format!("charts/{stem}.csv")).is_file());
        assert!(out.join(format!("charts/{stem}.json")).is_file());
    }
    for f in [
        "units.csv",
        "posts.csv",
        "projects.csv",
        "metrics.csv",
        "site.json",
    ] {
        assert!(out.join("data").join(f).is_file(), "data/{f}");
    }
}

#[test]
fn snapshot_metric_trend() {
    let r = rendered();
    let c = chart(
        &r.model,
        ChartSpec::MetricTrend(metric_ix(&r.model, "on-track")),
    );
    insta::assert_snapshot!(c.svg);
}

#[test]
fn snapshot_metric_trend_lower_is_better() {
    let r = rendered();
    let c = chart(
        &r.model,
        ChartSpec::MetricTrend(metric_ix(&r.model, "missed")),
    );
    insta::assert_snapshot!(c.svg);
}

#[test]
fn snapshot_investment_by_county() {
    let r = rendered();
    insta::assert_snapshot!(chart(&r.model, ChartSpec::InvestmentByCounty).svg);
}

#[test]
fn snapshot_status_by_county() {
    let r = rendered();
    insta::assert_snapshot!(chart(&r.model, ChartSpec::StatusByCounty).svg);
}

#[test]
fn snapshot_county_status() {
    let r = rendered();
    let c = county_ix(&r.model, "decheng");
    insta::assert_snapshot!(chart(&r.model, ChartSpec::CountyStatus(c)).svg);
}

#[test]
fn snapshot_ratings_by_year() {
    let r = rendered();
    insta::assert_snapshot!(chart(&r.model, ChartSpec::RatingsByYear).svg);
}

#[test]
fn snapshot_posts_honours_by_county() {
    let r = rendered();
    insta::assert_snapshot!(chart(&r.model, ChartSpec::PostsHonoursByCounty).svg);
}

#[test]
fn snapshot_inline_sparkline_and_progress_bar() {
    let r = rendered();
    let m = &r.model.metrics[metric_ix(&r.model, "on-track")];
    let spark = charts::inline::metric_sparkline(m, r.model.settings.as_of);
    assert_accessible_inline(&spark);
    let bar = charts::inline::progress_bar(22.0, "已完成计划投资的22%");
    assert_accessible_inline(&bar);
    insta::assert_snapshot!(format!("{spark}\n{bar}"));
}

fn assert_accessible_inline(svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    assert_eq!(doc.root_element().attribute("role"), Some("img"));
    assert!(
        doc.root_element()
            .attribute("aria-label")
            .is_some_and(|l| !l.is_empty())
    );
}

#[test]
fn a_project_chart_states_money_against_plan_and_schedule() {
    let r = rendered();
    let s = &r.model;
    let p = s.projects.iter().position(|p| p.id == "canal").unwrap();
    let c = chart(s, ChartSpec::ProjectProgress(p));
    assert_eq!(
        c.desc,
        "截至2022年9月30日，大运河保护利用项目累计完成投资17.6亿元，占计划投资80亿元的22%；项目状态：已开工。"
    );
    let amounts: Vec<f64> = c
        .table
        .rows
        .iter()
        .map(|r| r[1].raw.as_f64().unwrap())
        .collect();
    assert_eq!(amounts, vec![100000.0, 176000.0, 800000.0]);
    // A project without investment reports has no chart.
    let formula = s.projects.iter().position(|p| p.id == "formula").unwrap();
    assert!(!charts::catalogue(s).contains(&ChartSpec::ProjectProgress(formula)));
    insta::assert_snapshot!(c.svg);
}

#[test]
fn a_unit_page_shows_its_ratings_strip_with_each_colour_named() {
    let r = rendered();
    let site = &r.model;
    let u = site
        .units
        .iter()
        .position(|u| u.ratings.len() >= 2)
        .expect("a unit with two ratings");
    let c = chart(site, ChartSpec::UnitRatings(u));
    assert_accessible_svg(&c.svg);
    for rating in &site.units[u].ratings {
        assert!(c.svg.contains(&format!(">{}年<", rating.year)), "{}", c.svg);
        assert!(
            c.svg.contains(&format!(">{}<", rating.colour.label())),
            "{}",
            c.svg
        );
        assert!(
            c.desc
                .contains(&format!("{}年{}", rating.year, rating.colour.label())),
            "{}",
            c.desc
        );
    }
    assert_eq!(c.table.rows.len(), site.units[u].ratings.len());
    let page =
        String::from_utf8(output(r, &format!("units/{}/index.html", site.units[u].id)).to_vec())
            .unwrap();
    assert!(
        page.contains(&format!("charts/{}.svg", c.id)),
        "the unit page links its chart"
    );
    assert!(
        c.svg.len() < 4000,
        "a small strip stays small: {} bytes",
        c.svg.len()
    );
}

#[test]
fn a_rating_badge_shows_the_colour_of_its_chart_and_says_when_it_is_illustrative() {
    let r = rendered();
    let green = charts::ratings::colour(tongbao::model::Colour::Green).hex();
    let css = std::str::from_utf8(output(r, "palette.css")).unwrap();
    assert!(css.contains(&format!("--rating-green: {green};")), "{css}");
    let unit = std::str::from_utf8(output(r, "units/audit/index.html")).unwrap();
    assert!(
        unit.contains(&format!("fill=\"{green}\"")),
        "the strip draws it"
    );
    let units = std::str::from_utf8(output(r, "units/index.html")).unwrap();
    assert!(units.contains(
        "<span class=\"rating rating-green\">绿</span> 2022年 <span class=\"badge illustrative\">示意数据</span>"
    ));
}
