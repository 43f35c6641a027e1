//! Charts: SVG drawn at build time from the model, each with its numbers, its source and its date.
//!
//! One module per chart kind (`metric_trend`, `project_progress`, `investment`, `status_mix`,
//! `ratings`, `unit_ratings`, `posts_honours`, and `inline` for sparklines and progress bars in tables), sharing the helpers
//! for text width (`text`), ticks (`axis`), colours (`palette`), SVG assembly (`svg`) and CSV (`csv`).
//! A chart is a pure function from the model to a [`Chart`]: an accessible SVG, a generated sentence
//! stating its takeaway, and its data table. [`catalogue`] lists every chart of a site,
//! [`for_page`] those a page shows, and [`render_charts`] writes `/charts/<id>.svg|.csv|.json` and
//! the dataset downloads under `/data/`.
//!
//! Not for: interactive charts or anything needing JavaScript; page layout (see the templates).

pub mod axis;
pub mod bars;
pub mod csv;
pub mod dataset;
pub mod inline;
pub mod investment;
pub mod metric_trend;
pub mod palette;
pub mod posts_honours;
pub mod project_progress;
pub mod ratings;
pub mod status_mix;
pub mod svg;
pub mod text;
pub mod unit_ratings;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::format;
use crate::model::{CountyIx, ProjectIx, Site, SourceIx, UnitIx};
use crate::plan::PageKind;
use crate::render::{Output, Sink};

/// A chart of the site: the SVG and everything a reader needs besides it.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Stable id, used in `/charts/<id>.svg` (ASCII).
    pub id: String,
    pub title: String,
    /// A generated sentence stating what the chart shows (the SVG's `<desc>`).
    pub desc: String,
    /// The standalone SVG element.
    pub svg: String,
    pub table: Table,
    pub provenance: ChartProvenance,
}

/// Where a chart's numbers come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartProvenance {
    /// The sources of its records, in source order, without repeats.
    pub sources: Vec<SourceIx>,
    /// The date of its newest figure.
    pub updated: Option<Date>,
    /// Whether any of its numbers is illustrative.
    pub illustrative: bool,
}

impl ChartProvenance {
    /// Adds a record's source and illustrative flag.
    pub fn add(&mut self, p: crate::model::Provenance) {
        if let Some(s) = p.source
            && !self.sources.contains(&s)
        {
            self.sources.push(s);
            self.sources.sort_unstable();
        }
        self.illustrative |= p.illustrative;
    }

    /// Moves the last-updated date forward to `date` if it is newer.
    pub fn touch(&mut self, date: Date) {
        if self.updated.is_none_or(|u| u < date) {
            self.updated = Some(date);
        }
    }
}

/// The numbers behind a chart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// A column of a chart's table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub label: String,
    /// The unit of the raw numbers in CSV and JSON (`万元`, `%`, `个`), if any.
    pub unit: Option<String>,
}

impl Column {
    pub fn new(label: &str, unit: Option<&str>) -> Self {
        Column {
            label: label.to_string(),
            unit: unit.map(str::to_string),
        }
    }

    /// The header in CSV: `计划投资（万元）`.
    pub fn csv_header(&self) -> String {
        match &self.unit {
            Some(u) => format!("{}（{u}）", self.label),
            None => self.label.clone(),
        }
    }
}

/// One cell: formatted for the page, raw for downloads.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// As the page shows it: `3.45亿元`, `2022年8月`.
    pub text: String,
    /// As CSV and JSON carry it: a number in the column's unit, an ISO date, or text.
    pub raw: Value,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        Cell {
            raw: Value::String(text.clone()),
            text,
        }
    }

    /// A number shown as `text`.
    pub fn number(value: f64, text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            raw: serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number),
        }
    }

    /// A count.
    pub fn count(value: usize) -> Self {
        Cell {
            text: value.to_string(),
            raw: json!(value),
        }
    }

    pub fn date(date: Date) -> Self {
        Cell {
            text: date.chinese(),
            raw: Value::String(date.to_string()),
        }
    }

    /// The raw value as a CSV cell.
    fn csv_text(&self) -> String {
        match &self.raw {
            Value::String(s) => s.clone(),
            Value::Number(n) => n
                .as_f64()
                .map_or_else(String::new, |v| format::number(v, 6)),
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }
}

impl Chart {
    /// The table as CSV (BOM, RFC 4180, formula-safe).
    pub fn csv(&self) -> String {
        let headers: Vec<String> = self.table.columns.iter().map(Column::csv_header).collect();
        let rows: Vec<Vec<String>> = self
            .table
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::csv_text).collect())
            .collect();
        csv::document(&headers, &rows)
    }

    /// The chart's data and provenance as JSON.
    pub fn json(&self, site: &Site) -> String {
        let columns: Vec<Value> = self
            .table
            .columns
            .iter()
            .map(|c| json!({ "label": c.label, "unit": c.unit }))
            .collect();
        let rows: Vec<Value> = self
            .table
            .rows
            .iter()
            .map(|r| Value::Array(r.iter().map(|c| c.raw.clone()).collect()))
            .collect();
        let value = json!({
            "id": self.id,
            "title": self.title,
            "description": self.desc,
            "sources": self.provenance.sources.iter().map(|&s| dataset::source_json(site, s)).collect::<Vec<_>>(),
            "updated": self.provenance.updated.map(|d| d.to_string()),
            "illustrative": self.provenance.illustrative,
            "columns": columns,
            "rows": rows,
        });
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    }

    /// The SVG as a file of its own.
    pub fn svg_file(&self) -> String {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}", self.svg)
    }
}

/// The item with the largest key when no other item shares it: a sentence names "the most" only
/// when there is one.
pub fn unique_max<T, K: PartialOrd + Copy>(items: &[T], key: impl Fn(&T) -> K) -> Option<&T> {
    let mut best: Option<(&T, K)> = None;
    let mut tied = false;
    for item in items {
        let k = key(item);
        match best {
            Some((_, b)) if k > b => {
                best = Some((item, k));
                tied = false;
            }
            Some((_, b)) if k == b => tied = true,
            None => best = Some((item, k)),
            _ => {}
        }
    }
    best.filter(|_| !tied).map(|(item, _)| item)
}

/// Which chart: the catalogue entry from which a chart is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartSpec {
    /// A metric over time against its target.
    MetricTrend(usize),
    /// Planned against invested money by county.
    InvestmentByCounty,
    /// One project's cumulative investment over time.
    ProjectProgress(ProjectIx),
    /// Project statuses, one stacked bar per county.
    StatusByCounty,
    /// One county's project statuses.
    CountyStatus(CountyIx),
    /// Four-colour ratings by year.
    RatingsByYear,
    /// Five-zero posts and honours by county.
    PostsHonoursByCounty,
    /// One unit's ratings, year by year.
    UnitRatings(UnitIx),
}

impl ChartSpec {
    /// Draws the chart.
    pub fn build(self, site: &Site) -> Chart {
        match self {
            ChartSpec::MetricTrend(m) => metric_trend::chart(site, m),
            ChartSpec::InvestmentByCounty => investment::chart(site),
            ChartSpec::ProjectProgress(p) => project_progress::chart(site, p),
            ChartSpec::StatusByCounty => status_mix::by_county(site),
            ChartSpec::CountyStatus(c) => status_mix::for_county(site, c),
            ChartSpec::RatingsByYear => ratings::chart(site),
            ChartSpec::PostsHonoursByCounty => posts_honours::chart(site),
            ChartSpec::UnitRatings(u) => unit_ratings::chart(site, u),
        }
    }

    /// Whether the site has this chart (its data exists). Checked without listing the catalogue,
    /// so asking for one page's charts costs the same on a site of any size.
    pub fn exists(self, site: &Site) -> bool {
        match self {
            ChartSpec::MetricTrend(m) => m < site.metrics.len(),
            ChartSpec::InvestmentByCounty | ChartSpec::StatusByCounty => !site.projects.is_empty(),
            ChartSpec::ProjectProgress(p) => site
                .projects
                .get(p)
                .is_some_and(project_progress::has_chart),
            ChartSpec::CountyStatus(c) => {
                site.counties.get(c).is_some_and(|c| !c.projects.is_empty())
            }
            ChartSpec::RatingsByYear => site.units.iter().any(|u| !u.ratings.is_empty()),
            ChartSpec::PostsHonoursByCounty => {
                !site.posts.is_empty() || site.units.iter().any(|u| !u.honours.is_empty())
            }
            ChartSpec::UnitRatings(u) => u < site.units.len() && unit_ratings::has_chart(site, u),
        }
    }
}

/// Every chart of the site, in a fixed order.
pub fn catalogue(site: &Site) -> Vec<ChartSpec> {
    let mut specs: Vec<ChartSpec> = (0..site.metrics.len())
        .map(ChartSpec::MetricTrend)
        .collect();
    specs.extend([ChartSpec::InvestmentByCounty, ChartSpec::StatusByCounty]);
    specs.extend((0..site.projects.len()).map(ChartSpec::ProjectProgress));
    specs.extend((0..site.counties.len()).map(ChartSpec::CountyStatus));
    specs.extend([ChartSpec::RatingsByYear, ChartSpec::PostsHonoursByCounty]);
    specs.extend((0..site.units.len()).map(ChartSpec::UnitRatings));
    specs.retain(|spec| spec.exists(site));
    specs
}

/// The charts a page shows (always a subset of the catalogue).
pub fn for_page(site: &Site, kind: &PageKind) -> Vec<ChartSpec> {
    let wanted: Vec<ChartSpec> = match kind {
        PageKind::Home => {
            let mut v = Vec::new();
            if !site.metrics.is_empty() {
                v.push(ChartSpec::MetricTrend(0));
            }
            v.push(ChartSpec::InvestmentByCounty);
            v
        }
        PageKind::Metric(m) => vec![ChartSpec::MetricTrend(*m)],
        PageKind::Project(p) => vec![ChartSpec::ProjectProgress(*p)],
        PageKind::Projects => vec![ChartSpec::InvestmentByCounty, ChartSpec::StatusByCounty],
        PageKind::County(c) => vec![ChartSpec::CountyStatus(*c)],
        PageKind::Unit(u) => vec![ChartSpec::UnitRatings(*u)],
        PageKind::Units => vec![ChartSpec::RatingsByYear],
        PageKind::Posts | PageKind::Counties => vec![ChartSpec::PostsHonoursByCounty],
        _ => Vec::new(),
    };
    wanted.into_iter().filter(|s| s.exists(site)).collect()
}

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
}

impl ChartView {
    /// The view of `chart` for a page whose root is `root` (relative path to the site root).
    pub fn new(site: &Site, chart: &Chart, root: &str) -> Self {
        let p = &chart.provenance;
        let absolute = format!("{}charts/{}.svg", site.settings.base_url, chart.id);
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
                .collect(),
            rows: chart
                .table
                .rows
                .iter()
                .map(|r| r.iter().map(|c| c.text.clone()).collect())
                .collect(),
            sources: p
                .sources
                .iter()
                .map(|&s| {
                    let s = &site.sources[s];
                    SourceView {
                        title: s.title.clone(),
                        publisher: s.publisher.clone(),
                        date: s.date.chinese(),
                        url: s.url.clone(),
                    }
                })
                .collect(),
            updated: p.updated.map(Date::chinese),
            illustrative: p.illustrative,
            svg_url: format!("{root}charts/{}.svg", chart.id),
            csv_url: format!("{root}charts/{}.csv", chart.id),
            json_url: format!("{root}charts/{}.json", chart.id),
            embed: format!(
                "<img src=\"{}\" alt=\"{}\" width=\"100%\" style=\"max-width:{}px\">",
                text::escape(&absolute),
                text::escape(&format!("{}。{}", chart.title, chart.desc)),
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

/// Every chart of a site, drawn once: the pages that show a chart and its download files share
/// the same drawing.
#[derive(Debug, Default)]
pub struct ChartSet {
    /// In catalogue order.
    charts: Vec<Chart>,
    index: std::collections::HashMap<ChartSpec, usize>,
}

impl ChartSet {
    /// Draws the whole catalogue, in parallel.
    pub fn draw(site: &Site) -> Self {
        let specs = catalogue(site);
        let charts: Vec<Chart> = specs.par_iter().map(|spec| spec.build(site)).collect();
        let index = specs.into_iter().enumerate().map(|(i, s)| (s, i)).collect();
        ChartSet { charts, index }
    }

    /// The drawn chart of `spec`, if the site has it.
    pub fn get(&self, spec: ChartSpec) -> Option<&Chart> {
        self.index.get(&spec).map(|&i| &self.charts[i])
    }

    /// How many charts there are.
    pub fn len(&self) -> usize {
        self.charts.len()
    }

    /// Whether the site has no chart.
    pub fn is_empty(&self) -> bool {
        self.charts.is_empty()
    }
}

/// The chart views for one page.
pub fn page_views(site: &Site, charts: &ChartSet, kind: &PageKind, root: &str) -> Vec<ChartView> {
    for_page(site, kind)
        .into_iter()
        .filter_map(|spec| charts.get(spec))
        .map(|chart| ChartView::new(site, chart, root))
        .collect()
}

/// Every chart built, in catalogue order, in parallel.
pub fn build_all(site: &Site) -> Vec<Chart> {
    ChartSet::draw(site).charts
}

/// The chart files (`charts/<id>.svg|.csv|.json`) and the dataset downloads (`data/…`), each
/// handed to `sink` as soon as it is made.
pub fn render_charts(site: &Site, charts: &ChartSet, sink: &Sink) -> Result<(), Diagnostic> {
    charts.charts.par_iter().try_for_each(|c| {
        sink(Output {
            path: format!("charts/{}.svg", c.id),
            bytes: c.svg_file().into_bytes(),
        })?;
        sink(Output {
            path: format!("charts/{}.csv", c.id),
            bytes: c.csv().into_bytes(),
        })?;
        sink(Output {
            path: format!("charts/{}.json", c.id),
            bytes: c.json(site).into_bytes(),
        })
    })?;
    dataset::outputs(site).into_iter().try_for_each(sink)
}
