//! Chart downloads: each chart as a standalone SVG, its table as CSV and its data with provenance as
//! JSON (`charts/<id>.svg|.csv|.json`), plus the dataset downloads under `data/`.

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::charts::{Cell, Chart, ChartSet, Column};
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::output::{Output, Sink};
use crate::schema;
use crate::url;
use crate::util::csv;

/// The table as CSV (BOM, RFC 4180, formula-safe), with a `示意数据` column (是 / 否) on every row:
/// a row copied out of the file keeps its mark.
pub fn csv(chart: &Chart) -> String {
    let mut headers: Vec<String> = chart.table.columns.iter().map(Column::csv_header).collect();
    headers.push("示意数据".to_string());
    let rows: Vec<Vec<String>> = chart
        .table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row: Vec<String> = r.iter().map(Cell::csv_text).collect();
            row.push(schema::flag(
                chart.table.row_illustrative(i, &chart.provenance),
            ));
            row
        })
        .collect();
    csv::document(&headers, &rows)
}

/// The chart's data and provenance as JSON.
pub fn json(chart: &Chart, site: &Site) -> String {
    let columns: Vec<Value> = chart
        .table
        .columns
        .iter()
        .map(|c| json!({ "label": c.label, "unit": c.unit }))
        .collect();
    let rows: Vec<Value> = chart
        .table
        .rows
        .iter()
        .map(|r| Value::Array(r.iter().map(|c| c.raw.clone()).collect()))
        .collect();
    let value = json!({
        "id": chart.id,
        "title": chart.title,
        "description": chart.desc,
        "sources": chart.provenance.sources.iter().map(|&s| super::dataset::source_json(site, s)).collect::<Vec<_>>(),
        "updated": chart.provenance.updated.map(|d| d.to_string()),
        "illustrative": chart.provenance.illustrative,
        "columns": columns,
        "rows": rows,
        "illustrative_rows": (0..chart.table.rows.len())
            .map(|i| chart.table.row_illustrative(i, &chart.provenance))
            .collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// The SVG as a file of its own, with its title, source, date and mark drawn inside the image
/// (see `charts::standalone`).
pub fn svg_file(chart: &Chart, site: &Site) -> String {
    crate::charts::standalone::svg(chart, site)
}

/// The chart files (`charts/<id>.svg|.csv|.json`) and the dataset downloads (`data/…`), each
/// handed to `sink` as soon as it is made.
pub fn outputs(site: &Site, charts: &ChartSet, sink: &Sink) -> Result<(), Diagnostic> {
    charts.all().par_iter().try_for_each(|c| {
        sink(Output {
            path: url::chart_file(&c.id, "svg"),
            bytes: svg_file(c, site).into_bytes(),
        })?;
        sink(Output {
            path: url::chart_file(&c.id, "csv"),
            bytes: csv(c).into_bytes(),
        })?;
        sink(Output {
            path: url::chart_file(&c.id, "json"),
            bytes: json(c, site).into_bytes(),
        })
    })?;
    super::dataset::outputs(site).into_iter().try_for_each(sink)
}
