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
pub mod inline;
pub mod investment;
pub mod metric_trend;
pub mod palette;
pub mod posts_honours;
pub mod project_progress;
pub mod ratings;
pub mod standalone;
pub mod status_mix;
pub mod svg;
pub mod text;
pub mod unit_ratings;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::model::{CountyIx, ProjectIx, Site, SourceIx, UnitIx};
use crate::util::date::Date;
use crate::util::format;

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
    /// Per row, whether its figures are illustrative; empty when the chart does not tell rows
    /// apart, and then every row carries the chart's own mark (never less than the data says).
    pub marks: Vec<bool>,
}

impl Table {
    /// Whether row `i` is illustrative, given the chart's provenance.
    pub fn row_illustrative(&self, i: usize, chart: &ChartProvenance) -> bool {
        if self.marks.len() == self.rows.len() {
            self.marks.get(i).copied().unwrap_or(chart.illustrative)
        } else {
            chart.illustrative
        }
    }
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
    pub fn csv_text(&self) -> String {
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

    /// Every chart, in catalogue order.
    pub fn all(&self) -> &[Chart] {
        &self.charts
    }

    /// Whether the site has no chart.
    pub fn is_empty(&self) -> bool {
        self.charts.is_empty()
    }
}

/// Every chart built, in catalogue order, in parallel.
pub fn build_all(site: &Site) -> Vec<Chart> {
    ChartSet::draw(site).charts
}
