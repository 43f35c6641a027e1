//! Horizontal bar charts, grouped or stacked, shared by the county and year charts.
//!
//! Bars run horizontally so that Chinese category labels (county names, years) read on one line at
//! any width. plotters draws the grid, the value axis and the bars; the overlay adds the category
//! labels, the values at bar ends or inside segments, and the legend, all measured with CJK widths.

use plotters::prelude::*;

use super::palette::{self, OUTLINE, Rgb};
use super::svg::{Anchor, FONT_SIZE, Frame, Overlay, SMALL, finish};
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
    let width = f64::from(WIDTH);
    let mut overlay = Overlay::default();
    let top = legend(&mut overlay, &chart.legend, 8.0, width - 16.0) + 8.0;
    let label_w = chart
        .rows
        .iter()
        .map(|r| width_px(&r.label, FONT_SIZE))
        .fold(0.0, f64::max)
        .min(width * 0.35);
    let left = label_w + 14.0;
    let grouped = chart.layout == Layout::Grouped;
    let end_w = if grouped {
        chart
            .rows
            .iter()
            .flat_map(|r| &r.segments)
            .map(|s| width_px(&s.label, SMALL))
            .fold(0.0, f64::max)
    } else {
        0.0
    };
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
    let ticks = if chart.counts {
        super::axis::count_ticks(max, 4)
    } else {
        super::axis::nice_ticks(0.0, max.max(1e-9), 4)
    };
    let x_max = ticks.last().copied().unwrap_or(1.0).max(1e-9);
    // Stacked segments too narrow for their label get it after the bar instead, so every value
    // (and every colour's name) is written out. The margin for those notes shrinks the bars, so
    // settle it in a few rounds.
    let inside = |right: f64| -> Vec<Vec<bool>> {
        let plot_w = width - left - right;
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
    };
    let notes = |fits: &[Vec<bool>]| -> Vec<String> {
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
    };
    let mut right = end_w + 16.0;
    if !grouped {
        for _ in 0..3 {
            let w = notes(&inside(right))
                .iter()
                .map(|n| width_px(n, SMALL))
                .fold(0.0, f64::max);
            right = right.max(if w > 0.0 { w + 20.0 } else { 16.0 });
        }
    }
    let fits = inside(right);
    let row_notes = notes(&fits);
    let series = chart
        .rows
        .iter()
        .map(|r| r.segments.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let row_h = if grouped {
        series as f64 * 16.0 + 10.0
    } else {
        30.0
    };
    let rows = chart.rows.len().max(1);
    let bottom = 44.0;
    let height = (top + row_h * rows as f64 + bottom).ceil() as u32;

    let mut raw = String::new();
    'plot: {
        let root = SVGBackend::with_string(&mut raw, (WIDTH, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let built = ChartBuilder::on(&root)
            .margin_top(top as u32)
            .margin_right(right as u32)
            .margin_left(left as u32)
            .margin_bottom(bottom as u32)
            .build_cartesian_2d(0f64..x_max, 0f64..rows as f64);
        // Only a drawing area too small for its margins fails; the frame is still finished.
        let Ok(mut plot) = built else {
            break 'plot;
        };
        // Vertical grid lines at the ticks, and the baseline at zero.
        for &t in &ticks {
            let _ = plot.draw_series(std::iter::once(PathElement::new(
                vec![(t, 0.0), (t, rows as f64)],
                palette::GRID.plotters().stroke_width(1),
            )));
        }
        let _ = plot.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, rows as f64)],
            palette::INK.plotters().stroke_width(1),
        )));
        for (i, row) in chart.rows.iter().enumerate() {
            // Row i from the top occupies y in [rows-i-1, rows-i].
            let y_top = (rows - i) as f64;
            let pad = 6.0 / row_h;
            let mut start = 0.0;
            for (k, seg) in row.segments.iter().enumerate() {
                let (x0, x1, y0, y1) = if grouped {
                    let band = (1.0 - 2.0 * pad) / series as f64;
                    let y1 = y_top - pad - band * k as f64;
                    (0.0, seg.value.max(0.0), y1 - band * 0.85, y1)
                } else {
                    let x0 = start;
                    start += seg.value.max(0.0);
                    (x0, start, y_top - 1.0 + pad * 1.3, y_top - pad * 1.3)
                };
                if x1 > x0 {
                    let colour = seg.colour.plotters();
                    let _ = plot.draw_series(std::iter::once(Rectangle::new(
                        [(x0, y0), (x1, y1)],
                        colour.filled(),
                    )));
                    if seg.colour.needs_outline() {
                        let _ = plot.draw_series(std::iter::once(Rectangle::new(
                            [(x0, y0), (x1, y1)],
                            OUTLINE.plotters().stroke_width(1),
                        )));
                    }
                }
                let (px0, py0) = plot.backend_coord(&(x0, y1));
                let (px1, py1) = plot.backend_coord(&(x1, y0));
                let mid_y = f64::from(py0 + py1) / 2.0 + 4.5;
                if grouped {
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
                } else if !seg.label.is_empty() && fits[i][k] {
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
            if !grouped && !row_notes[i].is_empty() {
                let total: f64 = row.segments.iter().map(|s| s.value.max(0.0)).sum();
                let (x, y0) = plot.backend_coord(&(total, y_top));
                let (_, y1) = plot.backend_coord(&(total, y_top - 1.0));
                overlay.text(
                    (f64::from(x) + 6.0, f64::from(y0 + y1) / 2.0 + 4.5),
                    &row_notes[i],
                    Anchor::Start,
                    SMALL,
                    palette::INK,
                    false,
                );
            }
            let (_, cy0) = plot.backend_coord(&(0.0, y_top));
            let (_, cy1) = plot.backend_coord(&(0.0, y_top - 1.0));
            overlay.text(
                (left - 8.0, f64::from(cy0 + cy1) / 2.0 + 4.5),
                &fit(&row.label, label_w, FONT_SIZE),
                Anchor::End,
                FONT_SIZE,
                palette::INK,
                false,
            );
        }
        let (_, axis_y) = plot.backend_coord(&(0.0, 0.0));
        for &t in &ticks {
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
        if !chart.axis_unit.is_empty() {
            let (x, _) = plot.backend_coord(&(x_max, 0.0));
            overlay.text(
                (f64::from(x), f64::from(axis_y) + 34.0),
                &format!("单位：{}", chart.axis_unit),
                Anchor::End,
                SMALL,
                palette::MUTED,
                false,
            );
        }
        let _ = root.present();
    }
    finish(&raw, &overlay, &frame(chart, height))
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
