//! Honest figures, as a journalist checking the example site meets them: every illustrative value
//! carries its mark wherever it goes (page, table, chart, CSV, search), a standalone chart keeps
//! its title, source, date and mark inside the image, downloads are tidy, approximate dates and
//! reconstructed titles say so, and every figure credited to the article is in the article's words.
//!
//! The model says which values are illustrative (`model::marks`); these tests walk the rendered
//! example site and look for each such value's mark where it is shown.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use tongbao::charts;
use tongbao::model::{Marked, Site};
use tongbao::validate::ValidateOptions;
use tongbao::{BuildOptions, RenderedSite, render_site};

use crate::support::*;

/// The example site rendered in memory once per test run; the tests only read it.
fn example() -> &'static RenderedSite {
    static RENDERED: OnceLock<RenderedSite> = OnceLock::new();
    RENDERED.get_or_init(|| {
        let options = BuildOptions {
            root: repo_root().to_path_buf(),
            validate: ValidateOptions {
                base_url: Some(EXAMPLE_BASE.into()),
                ..Default::default()
            },
            ..BuildOptions::default()
        };
        render_site(&options).unwrap_or_else(|e| panic!("the example must render:\n{}", e.render()))
    })
}

/// Every output as text, by path.
fn texts(r: &RenderedSite) -> BTreeMap<&str, String> {
    r.outputs
        .iter()
        .map(|o| {
            (
                o.path.as_str(),
                String::from_utf8_lossy(&o.bytes).into_owned(),
            )
        })
        .collect()
}

/// The elements `<tag …>…</tag>` of a page (not nested in themselves), with their markup.
fn blocks<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        // `<p` must not match `<pre`, `<tr` not `<track`.
        if !after.starts_with(['>', ' ']) {
            rest = after;
            continue;
        }
        let Some(len) = rest[start..].find(&close) else {
            break;
        };
        out.push(&rest[start..start + len + close.len()]);
        rest = &rest[start + len + close.len()..];
    }
    out
}

/// Whether a piece of markup carries a mark a reader can see.
fn marked(markup: &str) -> bool {
    markup.contains("示意")
}

/// Where each record's page is, and whether its row shows an illustrative figure.
fn marked_records(site: &Site) -> Vec<(String, bool)> {
    let as_of = site.settings.as_of;
    let mut records = Vec::new();
    records.extend(
        site.units
            .iter()
            .map(|u| (tongbao::url::unit(&u.id), u.marking(site).any())),
    );
    records.extend(
        site.posts
            .iter()
            .map(|p| (tongbao::url::post(&p.id), p.marking(site).any())),
    );
    records.extend(
        site.projects
            .iter()
            .map(|p| (tongbao::url::project(&p.id), p.marking(site).any())),
    );
    records.extend(site.metrics.iter().map(|m| {
        (
            tongbao::url::metric(&m.id),
            m.marking(site).any() || m.status_illustrative(as_of),
        )
    }));
    records
}

#[test]
fn every_table_row_of_a_record_with_illustrative_figures_carries_a_mark() {
    let r = example();
    let site = &r.model;
    let records = marked_records(site);
    let mut unmarked = Vec::new();
    for (path, html) in texts(r).iter().filter(|(p, _)| p.ends_with(".html")) {
        for row in blocks(html, "tr") {
            // The row's record is its first link; later links only name related records.
            let Some(href) = row
                .split("href=\"")
                .nth(1)
                .and_then(|h| h.split('"').next())
            else {
                continue;
            };
            let shows_illustrative = records
                .iter()
                .any(|(url, ill)| *ill && href.ends_with(url.as_str()));
            if shows_illustrative && !marked(row) {
                unmarked.push(format!("{path}: {row}"));
            }
        }
    }
    assert!(
        unmarked.is_empty(),
        "rows showing illustrative figures without a mark:\n{}",
        unmarked.join("\n")
    );
}

#[test]
fn a_metric_page_marks_its_latest_value_and_a_status_resting_on_illustrative_data() {
    let r = example();
    let site = &r.model;
    let as_of = site.settings.as_of;
    let texts = texts(r);
    for m in &site.metrics {
        let page = &texts[format!("{}index.html", tongbao::url::metric(&m.id)).as_str()];
        let status = blocks(page, "p")
            .into_iter()
            .find(|p| p.contains("status-line"))
            .unwrap_or_else(|| panic!("{}: no status line", m.id));
        assert_eq!(
            marked(status),
            m.status_illustrative(as_of),
            "{}: status line {status}",
            m.id
        );
        let latest = blocks(page, "dd").into_iter().find(|d| {
            m.latest_as_of(as_of)
                .is_some_and(|l| d.contains(&l.date.chinese()))
                && !d.contains("基线")
        });
        if m.latest_illustrative(as_of) {
            let latest = latest.unwrap_or_else(|| panic!("{}: no latest value", m.id));
            assert!(marked(latest), "{}: latest value unmarked: {latest}", m.id);
        }
    }
}

#[test]
fn totals_and_counts_resting_on_illustrative_projects_are_marked() {
    let r = example();
    let site = &r.model;
    let texts = texts(r);
    let sentence = |page: &str, words: &str| -> Vec<String> {
        blocks(&texts[page], "p")
            .into_iter()
            .filter(|p| p.contains(words))
            .map(str::to_string)
            .collect()
    };
    let all: Vec<usize> = (0..site.projects.len()).collect();
    for p in sentence("projects/index.html", "累计完成投资") {
        assert_eq!(marked(&p), site.projects_illustrative(&all), "{p}");
    }
    for (c, county) in site.counties.iter().enumerate() {
        let page = format!("{}index.html", tongbao::url::county(&county.id));
        let header = sentence(&page, "个重点项目");
        assert!(!header.is_empty(), "{page}: no counts");
        let illustrative = site.projects_illustrative(&site.counties[c].projects)
            || site.posts_illustrative(&site.counties[c].posts)
            || site.units_illustrative(&site.counties[c].units);
        for h in header {
            assert_eq!(marked(&h), illustrative, "{page}: {h}");
        }
    }
}

#[test]
fn every_standalone_chart_draws_its_title_source_date_and_mark_inside_the_image() {
    let r = example();
    let site = &r.model;
    let texts = texts(r);
    let specs = charts::catalogue(site);
    assert!(!specs.is_empty());
    for spec in specs {
        let chart = spec.build(site);
        let file = &texts[format!("charts/{}.svg", chart.id).as_str()];
        // Only what is drawn counts: text elements, not <title> or <desc>.
        let drawn: String = blocks(file, "text").concat();
        let title = tongbao::util::escape::markup(&chart.title);
        let start: String = title.chars().take(8).collect();
        assert!(drawn.contains(&start), "{}: title not drawn", chart.id);
        assert!(drawn.contains("数据来源："), "{}: no source line", chart.id);
        assert!(drawn.contains("最后更新："), "{}: no date", chart.id);
        assert_eq!(
            drawn.contains("示意数据"),
            chart.provenance.illustrative,
            "{}: the 示意数据 mark must be drawn exactly when a number is illustrative",
            chart.id
        );
        // The page's inline chart keeps its caption in HTML instead (not drawn twice).
        assert!(!chart.svg.contains("数据来源："), "{}", chart.id);
    }
}

/// A CSV document as rows of cells (the example has no quoted commas in these files' marks).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.trim_start_matches('\u{FEFF}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn every_csv_has_a_mark_column_and_each_row_says_what_the_model_says() {
    let r = example();
    let site = &r.model;
    let texts = texts(r);
    for (path, text) in texts.iter().filter(|(p, _)| p.ends_with(".csv")) {
        let rows = csv_rows(text);
        let header = &rows[0];
        assert_eq!(
            header.last().map(String::as_str),
            Some("示意数据"),
            "{path}"
        );
    }
    let check = |file: &str, expected: Vec<(String, &'static str)>| {
        let rows = csv_rows(&texts[file]);
        for (id, mark) in expected {
            let row = rows
                .iter()
                .find(|r| r[0] == id)
                .unwrap_or_else(|| panic!("{file}: no row {id}"));
            assert_eq!(row.last().map(String::as_str), Some(mark), "{file}: {id}");
        }
    };
    check(
        "data/units.csv",
        site.units
            .iter()
            .map(|u| (u.id.clone(), u.marking(site).csv()))
            .collect(),
    );
    check(
        "data/posts.csv",
        site.posts
            .iter()
            .map(|p| (p.id.clone(), p.marking(site).csv()))
            .collect(),
    );
    check(
        "data/projects.csv",
        site.projects
            .iter()
            .map(|p| (p.id.clone(), p.marking(site).csv()))
            .collect(),
    );
    // A chart with illustrative numbers marks them row by row; one without marks none.
    for spec in charts::catalogue(site) {
        let chart = spec.build(site);
        let rows = csv_rows(&texts[format!("charts/{}.csv", chart.id).as_str()]);
        let any = rows[1..]
            .iter()
            .any(|r| r.last().map(String::as_str) == Some("是"));
        assert_eq!(any, chart.provenance.illustrative, "{}", chart.id);
    }
}

#[test]
fn metric_downloads_are_tidy_one_row_per_fact() {
    let r = example();
    let site = &r.model;
    let texts = texts(r);
    let rows = csv_rows(&texts["data/metrics.csv"]);
    assert_eq!(
        rows[0],
        [
            "指标id",
            "指标",
            "类型",
            "日期",
            "数值",
            "单位",
            "来源",
            "示意数据"
        ]
    );
    let mut seen = std::collections::BTreeSet::new();
    for row in &rows[1..] {
        assert!(
            ["基线", "观测", "目标"].contains(&row[2].as_str()),
            "{row:?}"
        );
        assert!(
            seen.insert((row[0].clone(), row[2].clone(), row[3].clone())),
            "twice: {row:?}"
        );
    }
    for m in &site.metrics {
        let targets: Vec<_> = rows
            .iter()
            .filter(|r| r[0] == m.id && r[2] == "目标")
            .collect();
        assert_eq!(targets.len(), 1, "{}", m.id);
        // The chart's own CSV has the same shape.
        let chart = &texts[format!("charts/metric-{}.csv", m.id).as_str()];
        assert!(
            chart.starts_with("\u{FEFF}类型,日期,数值,单位,示意数据\r\n"),
            "{}",
            m.id
        );
    }
    // A made-up reading is not credited to the article.
    for row in rows.iter().filter(|r| r[7] == "是" && r[2] != "目标") {
        assert_ne!(row[6], "dzwww-2022-wuxing", "{row:?}");
    }
}

#[test]
fn search_texts_of_records_with_illustrative_figures_carry_the_mark() {
    let r = example();
    let site = &r.model;
    let records = marked_records(site);
    let mut docs: Vec<serde_json::Value> = Vec::new();
    for o in r
        .outputs
        .iter()
        .filter(|o| o.path.starts_with("search/docs-"))
    {
        let bucket: Vec<serde_json::Value> = serde_json::from_slice(&o.bytes).unwrap();
        docs.extend(bucket);
    }
    assert!(!docs.is_empty());
    for (url, illustrative) in records.iter().filter(|(_, i)| *i) {
        let doc = docs
            .iter()
            .find(|d| d[2].as_str() == Some(url.as_str()))
            .unwrap_or_else(|| panic!("no search document for {url}"));
        assert!(
            doc[4].as_str().is_some_and(marked),
            "{url} (illustrative: {illustrative}): {doc}"
        );
    }
}

#[test]
fn an_approximate_source_date_and_reconstructed_title_say_so_wherever_cited() {
    let r = example();
    let site = &r.model;
    let texts = texts(r);
    let approximate: Vec<_> = site
        .sources
        .iter()
        .filter(|s| s.approximate.date || s.approximate.title)
        .collect();
    assert!(
        !approximate.is_empty(),
        "the example's article source is approximate"
    );
    for s in approximate {
        let cited = format!("《{}》", s.title);
        for (path, html) in texts.iter().filter(|(p, _)| p.ends_with(".html")) {
            for p in blocks(html, "p").into_iter().filter(|p| p.contains(&cited)) {
                if s.approximate.date {
                    assert!(
                        p.contains(&s.date_text()) && s.date_text().ends_with("前后"),
                        "{path}: {p}"
                    );
                }
                if let Some(note) = s.title_note() {
                    assert!(p.contains(note), "{path}: {p}");
                }
            }
        }
    }
}

/// The digits of a figure as the article writes them: `1076`, `98`, `3.5`.
fn digits(value: f64) -> String {
    let text = format!("{value}");
    text.trim_end_matches(".0").to_string()
}

/// Whether a figure appears in a quote: its digits (1076 in “1076亿元”, 98 in “98%以上”), or for a
/// round figure the article writes in words, the word (1000 as 千 in “千亿元”).
fn in_words(value: f64, quote: &str) -> bool {
    let word = if value == 1000.0 {
        Some("千")
    } else if value == 10000.0 {
        Some("万")
    } else {
        None
    };
    quote.contains(&digits(value)) || word.is_some_and(|w| quote.contains(w))
}

#[test]
fn every_figure_credited_to_a_source_is_in_its_quoted_words() {
    let r = example();
    let site = &r.model;
    let credited: Vec<_> = site
        .facts
        .iter()
        .filter(|f| f.provenance.source.is_some() && !f.provenance.illustrative)
        .collect();
    assert!(!credited.is_empty());
    for f in credited {
        assert!(
            !f.quote.is_empty(),
            "{}: a credited figure needs the source's words (quote)",
            f.id
        );
        assert!(
            in_words(f.value, &f.quote),
            "{}: {} does not appear in its quote “{}”",
            f.id,
            digits(f.value),
            f.quote
        );
    }
    assert!(in_words(1076.0, "计划投资1076亿元"));
    assert!(in_words(98.0, "均在98%以上"));
    assert!(!in_words(1077.0, "计划投资1076亿元"));
}

#[test]
fn the_example_credits_to_the_article_only_what_it_says() {
    let r = example();
    let site = &r.model;
    let texts = texts(r);
    // The site's stories are its own rewrites: credited to the report, the article's byline kept
    // as the source's, the editor line marked as an example.
    for story in site.stories.iter().filter(|s| s.source.is_some()) {
        let page = &texts[format!("stories/{}/index.html", story.slug).as_str()];
        let byline = blocks(page, "p")
            .into_iter()
            .find(|p| p.contains("class=\"byline\""))
            .unwrap_or_default();
        assert!(
            !byline.contains("蒋丽君"),
            "{}: the article's byline as the site's",
            story.slug
        );
        assert!(page.contains("据大众网·海报新闻报道改写"), "{}", story.slug);
        assert!(
            page.contains("原文署名：大众网·海报新闻记者 蒋丽君 通讯员 梁承恺"),
            "{}",
            story.slug
        );
        assert!(
            page.contains("责任编辑：本站编辑（示例站点，非真实署名）"),
            "{}",
            story.slug
        );
    }
    assert!(
        !texts["feed.xml"].contains("蒋丽君"),
        "the feed names the article's reporter as author"
    );
    // A result the article reports without a target is a fact with its words, not a metric with a
    // status.
    assert!(
        site.metrics
            .iter()
            .all(|m| m.id != "wucheng-pilot-satisfaction")
    );
    let satisfaction = site
        .facts
        .iter()
        .find(|f| f.id == "wucheng-pilot-satisfaction-floor")
        .expect("the satisfaction result is a fact");
    assert!(satisfaction.quote.contains("均在98%以上"));
    assert!(
        texts["campaign/index.html"]
            .contains("原文：“通过测评，5个市级试点单位群众满意率均在98%以上”")
    );
    // The CPPCC office works to become a demonstration unit; it holds no such title.
    let cppcc = site
        .units
        .iter()
        .find(|u| u.id == "city-cppcc-office")
        .unwrap();
    assert!(cppcc.honours.is_empty());
    // The post was named in August 2022, of no stated batch.
    let post = site
        .posts
        .iter()
        .find(|p| p.id == "road-protection-section")
        .unwrap();
    assert_eq!(
        (post.awarded.to_string().as_str(), post.batch.as_str()),
        ("2022-08", "")
    );
    assert!(
        !post.zeros[3].contains("真真正正"),
        "the quote answers a question about 特色, not 零泡沫"
    );
    // The admonition rule names county and city leaders only.
    for u in site.units.iter().filter(|u| u.admonition().is_some()) {
        assert!(
            matches!(
                u.kind,
                tongbao::model::UnitKind::CityDepartment
                    | tongbao::model::UnitKind::CountyGovernment
            ),
            "{}",
            u.id
        );
    }
    // Events whose month the article does not give say so.
    for id in ["hundred-day-push-meeting", "innovation-case"] {
        let e = site.events.iter().find(|e| e.id == id).unwrap();
        assert!(e.approximate.date, "{id}");
    }
    assert!(texts["campaign/index.html"].contains("2022年9月前后"));
    // The home card for the 44 projects does not claim all 44 on schedule (the article says it of
    // the 35 started).
    let projects44 = site
        .facts
        .iter()
        .find(|f| f.id == "battle-map-projects")
        .unwrap();
    assert!(!projects44.note.contains("时序进度"));
}

#[test]
fn the_named_projects_stand_outside_the_44_with_their_plans_unpublished() {
    let r = example();
    let site = &r.model;
    let texts = texts(r);
    let battle_map: Vec<_> = site
        .projects
        .iter()
        .filter(|p| p.programme == tongbao::model::Programme::BattleMap)
        .collect();
    assert_eq!(battle_map.len(), 44);
    assert!(
        battle_map.iter().all(|p| p.provenance.illustrative),
        "the 44 are placeholders"
    );
    let planned: f64 = battle_map.iter().filter_map(|p| p.planned_investment).sum();
    assert_eq!(planned, 10_760_000.0, "1076亿元 in 万元");
    for id in ["grand-canal", "water-network", "urban-rural-water-supply"] {
        let p = site.projects.iter().find(|p| p.id == id).unwrap();
        assert_ne!(p.programme, tongbao::model::Programme::BattleMap, "{id}");
        assert_eq!(
            p.planned_investment, None,
            "{id}: the article gives no amount"
        );
        let page = &texts[format!("{}index.html", tongbao::url::project(id)).as_str()];
        assert!(page.contains("未公布"), "{id}");
        assert!(!page.contains("计划投资</dt><dd>0"), "{id}: never 0");
        let csv = csv_rows(&texts["data/projects.csv"]);
        let header = &csv[0];
        let row = csv.iter().find(|r| r[0] == id).unwrap();
        let planned_col = header.iter().position(|h| h == "计划投资（万元）").unwrap();
        assert_eq!(row[planned_col], "", "{id}: an empty cell, not 0");
    }
}

#[test]
fn a_chart_from_reported_figures_only_carries_no_mark_and_a_mixed_one_marks_its_rows() {
    // The chart fixture mixes reported and made-up records: the marks must follow the data both
    // ways, never more and never less.
    let options = BuildOptions {
        root: fixture("charts-site"),
        ..BuildOptions::default()
    };
    let r = render_site(&options).unwrap_or_else(|e| panic!("{}", e.render()));
    let texts = texts(&r);
    let mut seen = [false, false];
    for spec in charts::catalogue(&r.model) {
        let chart = spec.build(&r.model);
        seen[usize::from(chart.provenance.illustrative)] = true;
        let drawn: String =
            blocks(&texts[format!("charts/{}.svg", chart.id).as_str()], "text").concat();
        assert_eq!(
            drawn.contains("示意"),
            chart.provenance.illustrative,
            "{}",
            chart.id
        );
        let rows = csv_rows(&texts[format!("charts/{}.csv", chart.id).as_str()]);
        for (i, row) in rows[1..].iter().enumerate() {
            let expected = if chart.table.row_illustrative(i, &chart.provenance) {
                "是"
            } else {
                "否"
            };
            assert_eq!(
                row.last().map(String::as_str),
                Some(expected),
                "{} row {i}",
                chart.id
            );
        }
    }
    assert_eq!(seen, [true, true], "the fixture has charts of both kinds");
}

#[test]
fn an_unknown_approximate_field_fails_with_the_file_line_and_what_is_allowed() {
    let (_guard, root) = site_from_fixture("charts-site");
    write(
        &root,
        "data/sources.yaml",
        "- id: report\n  title: 报道\n  publisher: 大众网\n  date: 2022-09\n  approximate: [date, url]\n- id: example\n  title: 示意数据\n  publisher: 测试\n  date: 2022-09-30\n",
    );
    let failure = build(&root).expect_err("an unknown approximate field is refused");
    let text = failure.render();
    assert!(
        text.contains("`url` cannot be marked approximate here"),
        "{text}"
    );
    assert!(text.contains("sources.yaml:5:"), "{text}");
    assert!(text.contains("title, date"), "{text}");
    assert!(
        text.contains("build failed: 1 error"),
        "only that error: {text}"
    );
}
