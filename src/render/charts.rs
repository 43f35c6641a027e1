//! Charts as a page shows them: the drawn SVG with its table, sources, date, download links and
//! an embed snippet, with links relative to the page.

use serde::Serialize;

use crate::charts::{Chart, ChartSet, ChartSpec};
use crate::model::Site;
use crate::url;
use crate::util::date::Date;
use crate::util::escape::markup;

/// A chart as a page template sees it.
#[derive(Debug, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub svg: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub sources: Vec<SourceView>,
    pub updated: Option<String>,
    pub illustrative: bool,
    pub svg_url: String,
    pub csv_url: String,
    pub json_url: String,
    /// HTML to paste into another page (absolute URL), shown as text.
    pub embed: String,
}

/// A source as the chart partial shows it.
#[derive(Debug, Serialize)]
pub struct SourceView {
    pub title: String,
    pub publisher: String,
    pub date: String,
    pub url: Option<String>,
    /// A note when the title is reconstructed.
    pub note: Option<&'static str>,
}

impl ChartView {
    /// The view of `chart` for a page whose root is `root` (relative path to the site root).
    pub fn new(site: &Site, chart: &Chart, root: &str) -> Self {
        let p = &chart.provenance;
        let absolute = url::absolute(&site.settings.base_url, &url::chart_file(&chart.id, "svg"));
        ChartView {
            id: chart.id.clone(),
            title: chart.title.clone(),
            desc: chart.desc.clone(),
            svg: chart.svg.clone(),
            headers: chart
                .table
                .columns
                .iter()
                .map(|c| c.label.clone())
                .chain(p.illustrative.then(|| "示意数据".to_string()))
                .collect(),
            // A chart with illustrative numbers marks each illustrative row of its table.
            rows: chart
                .table
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    r.iter()
                        .map(|c| c.text.clone())
                        .chain(p.illustrative.then(|| {
                            if chart.table.row_illustrative(i, p) {
                                "示意数据".to_string()
                            } else {
                                String::new()
                            }
                        }))
                        .collect()
                })
                .collect(),
            sources: p
                .sources
                .iter()
                .map(|&s| {
                    let s = &site.sources[s];
                    SourceView {
                        title: s.title.clone(),
                        publisher: s.publisher.clone(),
                        date: s.date_text(),
                        url: s.url.clone(),
                        note: s.title_note(),
                    }
                })
                .collect(),
            updated: p.updated.map(Date::chinese),
            illustrative: p.illustrative,
            svg_url: format!("{root}{}", url::chart_file(&chart.id, "svg")),
            csv_url: format!("{root}{}", url::chart_file(&chart.id, "csv")),
            json_url: format!("{root}{}", url::chart_file(&chart.id, "json")),
            embed: format!(
                "<img src=\"{}\" alt=\"{}\" width=\"100%\" style=\"max-width:{}px\">",
                markup(&absolute),
                markup(&format!(
                    "{}。{}{}",
                    chart.title,
                    chart.desc,
                    if p.illustrative {
                        "（含示意数据）"
                    } else {
                        ""
                    }
                )),
                svg_width(&chart.svg).unwrap_or(640)
            ),
        }
    }
}

/// The `width` attribute of a chart's root element.
fn svg_width(svg: &str) -> Option<u32> {
    let start = svg.find(" width=\"")? + 8;
    let end = svg[start..].find('"')? + start;
    svg[start..end].parse().ok()
}

/// The chart views for one page.
pub fn views(site: &Site, charts: &ChartSet, specs: Vec<ChartSpec>, root: &str) -> Vec<ChartView> {
    specs
        .into_iter()
        .filter(|spec| spec.exists(site))
        .filter_map(|spec| charts.get(spec))
        .map(|chart| ChartView::new(site, chart, root))
        .collect()
}
