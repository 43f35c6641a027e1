//! Horizontal bar charts, grouped or stacked, shared by the county and year charts.
//!
//! Bars run horizontally so that Chinese category labels (county names, years) read on one line at
//! any width. plotters draws the grid, the value axis and the bars; the overlay adds the category
//! labels, the values at bar ends or inside segments, and the legend, all measured with CJK widths.

use plotters::prelude::*;

use super::palette::{self, OUTLINE, Rgb};
use super::svg::{Anchor, FONT_SIZE, Frame, Overlay, Plot, SMALL, finish};
use super::text::{fit, width_px};

/// How a row's segments sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Side by side, one thin bar per series, each with its value at the end.
    Grouped,
    /// End to end in one bar, values inside the segments that have room.
    Stacked,
}

/// One part of a row.
#[derive(Debug, Clone)]
pub struct Segment {
    pub value: f64,
    pub colour: Rgb,
    /// Text at the bar's end (grouped) or inside the segment (stacked).
    pub label: String,
}

/// One category.
#[derive(Debug, Clone)]
pub struct Row {
    pub label: String,
    pub segments: Vec<Segment>,
}

/// A bar chart to draw.
pub struct BarChart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub layout: Layout,
    pub rows: Vec<Row>,
    pub legend: Vec<(Rgb, String)>,
    /// Formats a value-axis tick.
    pub tick: &'a dyn Fn(f64) -> String,
    /// The value axis's unit, written under the axis (`亿元`, `个`).
    pub axis_unit: String,
    /// Whether values are counts (ticks at whole numbers).
    pub counts: bool,
    /// Whether any value is illustrative: the chart then says 含示意数据 inside itself, beside the
    /// unit line, so the mark stays with the drawing wherever it is copied.
    pub illustrative: bool,
}

/// The viewBox width: narrow enough that text stays legible when a phone scales the chart down.
pub const WIDTH: u32 = 400;

/// Lays out a legend from the left edge, wrapping; returns its height.
pub fn legend(overlay: &mut Overlay, items: &[(Rgb, String)], x0: f64, width: f64) -> f64 {
    if items.is_empty() {
        return 0.0;
    }
    let (mut x, mut y) = (x0, 18.0);
    for (colour, label) in items {
        let w = 12.0 + 5.0 + width_px(label, SMALL);
        if x > x0 && x + w > x0 + width {
            x = x0;
            y += 20.0;
        }
        overlay.rect((x, y - 10.0), 12.0, 12.0, *colour);
        overlay.text(
            (x + 17.0, y),
            label,
            Anchor::Start,
            SMALL,
            palette::INK,
            false,
        );
        x += w + 16.0;
    }
    y + 12.0
}

/// Draws the chart and returns the finished SVG.
pub fn draw(chart: &BarChart) -> String {
    let mut overlay = Overlay::default();
    let top = legend(&mut overlay, &chart.legend, 8.0, f64::from(WIDTH) - 16.0) + 8.0;
    let g = Geometry::of(chart, top);
    let mut raw = String::new();
    'plot: {
        let root = SVGBackend::with_string(&mut raw, (WIDTH, g.height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let built = ChartBuilder::on(&root)
            .margin_top(g.top as u32)
            .margin_right(g.right as u32)
            .margin_left(g.left as u32)
            .margin_bottom(BOTTOM as u32)
            .build_cartesian_2d(0f64..g.x_max, 0f64..g.rows as f64);
        // Only a drawing area too small for its margins fails; the frame is still finished.
        let Ok(mut plot) = built else {
            break 'plot;
        };
        draw_grid(&mut plot, &g);
        for (i, row) in chart.rows.iter().enumerate() {
            draw_row(&mut plot, &mut overlay, &g, i, row);
        }
        label_value_axis(&plot, &mut overlay, chart, &g);
        let _ = root.present();
    }
    finish(&raw, &overlay, &frame(chart, g.height))
}

/// The margin below the plot: room for the tick labels and the unit line.
const BOTTOM: f64 = 44.0;

/// Where everything goes, settled before anything is drawn.
struct Geometry {
    grouped: bool,
    top: f64,
    left: f64,
    right: f64,
    /// The room for category labels; longer ones are cut with `…`.
    label_w: f64,
    ticks: Vec<f64>,
    /// The value at the right end of the plot: the last tick.
    x_max: f64,
    /// The most segments in a row: the number of bars in a grouped row.
    series: usize,
    /// The number of rows, at least one.
    rows: usize,
    /// A row's height in pixels.
    row_h: f64,
    height: u32,
    /// Per row and segment, whether a stacked segment's label fits inside it.
    fits: Vec<Vec<bool>>,
    /// Per row, the labels of stacked segments too narrow for them, written after the bar.
    notes: Vec<String>,
}

impl Geometry {
    /// Measures the labels and values of `chart`, whose plot starts `top` pixels down.
    fn of(chart: &BarChart, top: f64) -> Geometry {
        let width = f64::from(WIDTH);
        let label_w = chart
            .rows
            .iter()
            .map(|r| width_px(&r.label, FONT_SIZE))
            .fold(0.0, f64::max)
            .min(width * 0.35);
        let left = label_w + 14.0;
        let grouped = chart.layout == Layout::Grouped;
        let ticks = value_ticks(chart);
        let x_max = ticks.last().copied().unwrap_or(1.0).max(1e-9);
        let right = right_margin(chart, left, x_max);
        let fits = fits_inside(chart, left, right, x_max);
        let notes = overflow_notes(chart, &fits);
        let series = chart
            .rows
            .iter()
            .map(|r| r.segments.len())
            .max()
            .unwrap_or(1)
            .max(1);
        // Each bar of a group is as tall as its value label, so labels of neighbouring bars never touch.
        let row_h = if grouped {
            series as f64 * (SMALL + 5.0) + 10.0
        } else {
            30.0
        };
        let rows = chart.rows.len().max(1);
        let height = (top + row_h * rows as f64 + BOTTOM).ceil() as u32;
        Geometry {
            grouped,
            top,
            left,
            right,
            label_w,
            ticks,
            x_max,
            series,
            rows,
            row_h,
            height,
            fits,
            notes,
        }
    }
}

/// Value ticks from zero past the longest bar (a grouped row's longest segment, a stacked row's total).
fn value_ticks(chart: &BarChart) -> Vec<f64> {
    let grouped = chart.layout == Layout::Grouped;
    let max = chart
        .rows
        .iter()
        .map(|r| {
            if grouped {
                r.segments.iter().map(|s| s.value).fold(0.0, f64::max)
            } else {
                r.segments.iter().map(|s| s.value.max(0.0)).sum()
            }
        })
        .fold(0.0, f64::max);
    if chart.counts {
        super::axis::count_ticks(max, 4)
    } else {
        super::axis::nice_ticks(0.0, max.max(1e-9), 4)
    }
}

/// The right margin: room for the values at grouped bars' ends, or for the notes after stacked bars.
fn right_margin(chart: &BarChart, left: f64, x_max: f64) -> f64 {
    let end_w = match chart.layout {
        Layout::Grouped => chart
            .rows
            .iter()
            .flat_map(|r| &r.segments)
            .map(|s| width_px(&s.label, SMALL))
            .fold(0.0, f64::max),
        Layout::Stacked => 0.0,
    };
    let mut right = end_w + 16.0;
    if chart.layout == Layout::Stacked {
        // The margin for the notes shrinks the bars, which may push more labels out: settle it in
        // a few rounds.
        for _ in 0..3 {
            let w = overflow_notes(chart, &fits_inside(chart, left, right, x_max))
                .iter()
                .map(|n| width_px(n, SMALL))
                .fold(0.0, f64::max);
            right = right.max(if w > 0.0 { w + 20.0 } else { 16.0 });
        }
    }
    right
}

/// Per row and segment, whether the segment's label fits inside it with the given margins.
fn fits_inside(chart: &BarChart, left: f64, right: f64, x_max: f64) -> Vec<Vec<bool>> {
    let plot_w = f64::from(WIDTH) - left - right;
    chart
        .rows
        .iter()
        .map(|r| {
            r.segments
                .iter()
                .map(|s| width_px(&s.label, SMALL) + 6.0 <= s.value.max(0.0) / x_max * plot_w)
                .collect()
        })
        .collect()
}

/// Per row, the labels that do not fit inside their segments, joined to go after the bar, so every
/// value (and every colour's name) is written out.
fn overflow_notes(chart: &BarChart, fits: &[Vec<bool>]) -> Vec<String> {
    chart
        .rows
        .iter()
        .zip(fits)
        .map(|(r, f)| {
            r.segments
                .iter()
                .zip(f)
                .filter(|(s, fits)| !**fits && !s.label.is_empty())
                .map(|(s, _)| s.label.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Vertical grid lines at the ticks, and the baseline at zero.
fn draw_grid(plot: &mut Plot, g: &Geometry) {
    let rows = g.rows as f64;
    for &t in &g.ticks {
        let _ = plot.draw_series(std::iter::once(PathElement::new(
            vec![(t, 0.0), (t, rows)],
            palette::GRID.plotters().stroke_width(1),
        )));
    }
    let _ = plot.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, rows)],
        palette::INK.plotters().stroke_width(1),
    )));
}

/// Row `i` from the top: its bars with their values, the note after a stacked bar, its category label.
fn draw_row(plot: &mut Plot, overlay: &mut Overlay, g: &Geometry, i: usize, row: &Row) {
    // Row i from the top occupies y in [rows-i-1, rows-i].
    let y_top = (g.rows - i) as f64;
    let pad = 6.0 / g.row_h;
    let mut start = 0.0;
    for (k, seg) in row.segments.iter().enumerate() {
        let (x0, x1, y0, y1) = if g.grouped {
            let band = (1.0 - 2.0 * pad) / g.series as f64;
            let y1 = y_top - pad - band * k as f64;
            (0.0, seg.value.max(0.0), y1 - band * 0.85, y1)
        } else {
            let x0 = start;
            start += seg.value.max(0.0);
            (x0, start, y_top - 1.0 + pad * 1.3, y_top - pad * 1.3)
        };
        draw_bar(plot, seg.colour, [(x0, y0), (x1, y1)]);
        let (px0, py0) = plot.backend_coord(&(x0, y1));
        let (px1, py1) = plot.backend_coord(&(x1, y0));
        let mid_y = f64::from(py0 + py1) / 2.0 + 4.5;
        if g.grouped {
            if !seg.label.is_empty() {
                overlay.text(
                    (f64::from(px1) + 4.0, mid_y),
                    &seg.label,
                    Anchor::Start,
                    SMALL,
                    palette::INK,
                    false,
                );
            }
        } else if !seg.label.is_empty() && g.fits[i][k] {
            overlay.text(
                (f64::from(px0 + px1) / 2.0, mid_y),
                &seg.label,
                Anchor::Middle,
                SMALL,
                seg.colour.text_on(),
                false,
            );
        }
    }
    let (_, cy0) = plot.backend_coord(&(0.0, y_top));
    let (_, cy1) = plot.backend_coord(&(0.0, y_top - 1.0));
    let row_mid_y = f64::from(cy0 + cy1) / 2.0 + 4.5;
    if !g.grouped && !g.notes[i].is_empty() {
        let total: f64 = row.segments.iter().map(|s| s.value.max(0.0)).sum();
        let (x, _) = plot.backend_coord(&(total, y_top));
        overlay.text(
            (f64::from(x) + 6.0, row_mid_y),
            &g.notes[i],
            Anchor::Start,
            SMALL,
            palette::INK,
            false,
        );
    }
    overlay.text(
        (g.left - 8.0, row_mid_y),
        &fit(&row.label, g.label_w, FONT_SIZE),
        Anchor::End,
        FONT_SIZE,
        palette::INK,
        false,
    );
}

/// One bar or segment, outlined when its colour is too light to stand on white; nothing when empty.
fn draw_bar(plot: &mut Plot, colour: Rgb, corners: [(f64, f64); 2]) {
    let [(x0, _), (x1, _)] = corners;
    if x1 > x0 {
        let _ = plot.draw_series(std::iter::once(Rectangle::new(
            corners,
            colour.plotters().filled(),
        )));
        if colour.needs_outline() {
            let _ = plot.draw_series(std::iter::once(Rectangle::new(
                corners,
                OUTLINE.plotters().stroke_width(1),
            )));
        }
    }
}

/// The tick values under the axis, and the unit under the right end.
fn label_value_axis(plot: &Plot, overlay: &mut Overlay, chart: &BarChart, g: &Geometry) {
    let (_, axis_y) = plot.backend_coord(&(0.0, 0.0));
    for &t in &g.ticks {
        let (x, _) = plot.backend_coord(&(t, 0.0));
        overlay.text(
            (f64::from(x), f64::from(axis_y) + 16.0),
            &(chart.tick)(t),
            Anchor::Middle,
            SMALL,
            palette::MUTED,
            false,
        );
    }
    if chart.illustrative {
        overlay.text(
            (8.0, f64::from(axis_y) + 34.0),
            "含示意数据",
            Anchor::Start,
            SMALL,
            palette::INK,
            true,
        );
    }
    if !chart.axis_unit.is_empty() {
        let (x, _) = plot.backend_coord(&(g.x_max, 0.0));
        overlay.text(
            (f64::from(x), f64::from(axis_y) + 34.0),
            &format!("单位：{}", chart.axis_unit),
            Anchor::End,
            SMALL,
            palette::MUTED,
            false,
        );
    }
}

fn frame<'a>(chart: &'a BarChart, height: u32) -> Frame<'a> {
    Frame {
        id: chart.id,
        title: chart.title,
        desc: chart.desc,
        width: WIDTH,
        height,
    }
}
