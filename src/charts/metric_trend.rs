//! A metric over time: its observations as a line, the target as a dashed line up to the deadline,
//! a dashed deadline marker, and the baseline as a dotted line. Illustrative observations are drawn
//! hollow. The description states the trend, the target and the status in words.

use plotters::prelude::*;

use super::axis::{month_ticks, nice_ticks};
use super::palette::{self, BLUE, INK, MUTED, VERMILLION};
use super::svg::{Anchor, FONT_SIZE, Frame, Overlay, Plot, Point, SMALL, finish};
use super::text::width_px;
use super::{Cell, Chart, ChartProvenance, Column, Table};
use crate::model::{Direction, Metric, Reading, ReadingKind, Site};
use crate::util::date::Date;
use crate::util::format;

const WIDTH: u32 = 400;
const PLOT_HEIGHT: f64 = 220.0;

fn when(a: Date, b: Date) -> (String, String) {
    if (a.year, a.month) == (b.year, b.month) {
        (a.chinese(), b.chinese())
    } else {
        (a.chinese_month(), b.chinese_month())
    }
}

/// The generated sentence: trend, target and status, e.g.
/// `一次办好事项占比从2022年1月的62%升至2022年9月的84%，目标为2022年12月31日前不低于90%，按从起点到目标的直线进度，此时应为…（进度正常）。`
pub fn sentence(metric: &Metric, points: &[Reading], as_of: Date) -> String {
    let v = |x: f64| format::with_unit(x, &metric.unit_label);
    let goal = metric.goal();
    let trend = match (points.first(), points.last()) {
        (Some(first), Some(last)) if points.len() > 1 => {
            let (a, b) = when(first.date, last.date);
            let verb = if last.value > first.value + 1e-9 {
                "升至"
            } else if last.value < first.value - 1e-9 {
                "降至"
            } else {
                "保持在"
            };
            if verb == "保持在" {
                format!("{}从{a}到{b}保持在{}", metric.name, v(last.value))
            } else {
                format!(
                    "{}从{a}的{}{verb}{b}的{}",
                    metric.name,
                    v(first.value),
                    v(last.value)
                )
            }
        }
        (Some(only), _) => format!("{}{}为{}", metric.name, only.date.chinese(), v(only.value)),
        _ => format!("{}暂无观测数据", metric.name),
    };
    let status = metric.status_clause(as_of);
    format!("{trend}，{goal}，{status}。")
}

/// The chart of metric `m`.
pub fn chart(site: &Site, m: usize) -> Chart {
    let metric = &site.metrics[m];
    let as_of = site.settings.as_of;
    let points = metric.observations_as_of(as_of);
    let desc = sentence(metric, points, as_of);
    let id = format!("metric-{}", metric.id);
    let title = format!("{}：实际值与目标", metric.name);
    let value = |x: f64| format::with_unit(x, &metric.unit_label);
    let svg = draw(&Trend {
        id: &id,
        title: &title,
        desc: &desc,
        points,
        baseline: metric.baseline,
        target: metric.target_value,
        deadline: metric.deadline,
        direction: metric.direction,
        value: &value,
        series_name: "实际值",
        target_name: "目标",
        deadline_name: "期限",
    });

    let v = |x: f64| format::with_unit(x, &metric.unit_label);
    let mut rows = Vec::new();
    let mut marks = Vec::new();
    let mut provenance = ChartProvenance::default();
    provenance.add(metric.provenance);
    // Tidy rows, the same as the dataset's metrics.csv: one per fact, its kind in a column of its
    // own so that a spreadsheet filter on 类型 gives each series.
    for (kind, r) in metric.tidy_readings(Some(as_of)) {
        rows.push(vec![
            Cell::text(kind.label()),
            Cell::date(r.date),
            Cell::number(r.value, v(r.value)),
            Cell::text(metric.unit_label.trim()),
        ]);
        marks.push(r.provenance.illustrative);
        provenance.add(r.provenance);
        if kind == ReadingKind::Observation {
            provenance.touch(r.date);
        }
    }
    if provenance.updated.is_none() {
        provenance.updated = provenance.sources.first().map(|&s| site.sources[s].date);
    }
    Chart {
        id,
        title,
        desc,
        svg,
        table: Table {
            marks,
            columns: vec![
                Column::new("类型", None),
                Column::new("日期", None),
                Column::new("数值", None),
                Column::new("单位", None),
            ],
            rows,
        },
        provenance,
    }
}

fn day(d: Date) -> f64 {
    d.days_since_epoch() as f64
}

/// A series over time against a target value and date: what [`draw`] needs.
pub struct Trend<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// Dated values, oldest first; illustrative ones are drawn hollow.
    pub points: &'a [Reading],
    pub baseline: Option<Reading>,
    pub target: f64,
    pub deadline: Date,
    /// Which way is better (decides where labels go, away from where the data heads).
    pub direction: Direction,
    /// Formats a value for labels and value-axis ticks.
    pub value: &'a dyn Fn(f64) -> String,
    /// The legend's word for the series (`实际值`, `累计完成投资`).
    pub series_name: &'a str,
    /// The legend's and label's word for the target line (`目标`, `计划投资`).
    pub target_name: &'a str,
    /// The word for the deadline marker (`期限`, `计划完工`).
    pub deadline_name: &'a str,
}

/// Draws a trend: the series, the dashed target up to the deadline, the deadline marker, the
/// dotted baseline.
pub fn draw(t: &Trend) -> String {
    let time = TimeAxis::of(t);
    let values = ValueAxis::of(t);
    let mut overlay = Overlay::default();
    let top = legend(&mut overlay, t) + 16.0;
    let height = (top + PLOT_HEIGHT + BOTTOM).ceil() as u32;
    let mut raw = String::new();
    {
        let root = SVGBackend::with_string(&mut raw, (WIDTH, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let built = ChartBuilder::on(&root)
            .margin_top(top as u32)
            .margin_left(values.left as u32)
            .margin_right(RIGHT as u32)
            .margin_bottom(BOTTOM as u32)
            .build_cartesian_2d(time.x0..time.x1, values.y0..values.y1);
        if let Ok(mut plot) = built {
            draw_grid_and_series(&mut plot, t, &time, &values);
            annotate(&mut overlay, &plot, t, &time, &values);
        }
        let _ = root.present();
    }
    finish(
        &raw,
        &overlay,
        &Frame {
            id: t.id,
            title: t.title,
            desc: t.desc,
            width: WIDTH,
            height,
        },
    )
}

/// The margin below the plot, room for the month labels.
const BOTTOM: f64 = 30.0;
/// The margin right of the plot.
const RIGHT: f64 = 16.0;

/// The time axis, in days since the epoch.
struct TimeAxis {
    /// The first of the earliest month with a reading or the baseline.
    start: Date,
    /// The later of the last reading and the deadline.
    end: Date,
    /// The deadline's last day, where the target line stops.
    deadline: Date,
    x0: f64,
    x1: f64,
}

impl TimeAxis {
    /// From the first of the earliest month shown to a little after the last reading or the deadline.
    fn of(t: &Trend) -> TimeAxis {
        let deadline = t.deadline.last_day();
        let start = t
            .points
            .first()
            .map(|p| p.date)
            .into_iter()
            .chain(t.baseline.map(|b| b.date))
            .min()
            .unwrap_or(deadline);
        let end = t.points.last().map_or(deadline, |p| p.date.max(deadline));
        // The axis starts on the first of the month, so the first month tick (with its year) shows.
        let start = Date {
            day: Some(1),
            ..start
        };
        let (x0, mut x1) = (day(start), day(end));
        if x1 - x0 < 28.0 {
            x1 = x0 + 28.0;
        }
        // A little room after the last day so the deadline marker is not glued to the edge.
        let x1 = x1 + (x1 - x0) * 0.03;
        TimeAxis {
            start,
            end,
            deadline,
            x0,
            x1,
        }
    }
}

/// The value axis: round ticks from zero (or the lowest value) to above the highest value.
struct ValueAxis {
    ticks: Vec<f64>,
    labels: Vec<String>,
    y0: f64,
    y1: f64,
    /// The left margin: the widest tick label and a gap.
    left: f64,
}

impl ValueAxis {
    /// Covers the readings, the baseline and the target, with 5% headroom above the highest.
    fn of(t: &Trend) -> ValueAxis {
        let values: Vec<f64> = t
            .points
            .iter()
            .map(|p| p.value)
            .chain(t.baseline.map(|b| b.value))
            .chain([t.target])
            .collect();
        let lo = values
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min)
            .min(0.0);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let ticks = nice_ticks(lo, hi * 1.05, 5);
        let (y0, y1) = (
            ticks.first().copied().unwrap_or(0.0),
            ticks.last().copied().unwrap_or(1.0),
        );
        let labels: Vec<String> = ticks.iter().map(|&tick| (t.value)(tick)).collect();
        let left = labels
            .iter()
            .map(|l| width_px(l, SMALL))
            .fold(0.0, f64::max)
            + 14.0;
        ValueAxis {
            ticks,
            labels,
            y0,
            y1,
            left,
        }
    }
}

/// Writes the legend (what the marks mean, in words) across the top; returns its last row's baseline.
fn legend(overlay: &mut Overlay, t: &Trend) -> f64 {
    let mut row = LegendRow { x: 8.0, y: 18.0 };
    row.item(
        overlay,
        |o, x, y| {
            o.line((x, y - 4.0), (x + 20.0, y - 4.0), BLUE, 2.0, None);
            o.circle((x + 10.0, y - 4.0), 3.0, BLUE, false);
        },
        t.series_name,
    );
    row.item(
        overlay,
        |o, x, y| {
            o.line(
                (x, y - 4.0),
                (x + 20.0, y - 4.0),
                VERMILLION,
                2.0,
                Some("6 3"),
            )
        },
        t.target_name,
    );
    if t.baseline.is_some() {
        row.item(
            overlay,
            |o, x, y| o.line((x, y - 4.0), (x + 20.0, y - 4.0), MUTED, 1.5, Some("2 3")),
            "基线",
        );
    }
    if t.points.iter().any(|p| p.provenance.illustrative) {
        row.item(
            overlay,
            |o, x, y| o.circle((x + 10.0, y - 4.0), 3.5, BLUE, true),
            "空心点为示意数据",
        );
    }
    row.y
}

/// Where the next legend item goes.
struct LegendRow {
    x: f64,
    /// The text baseline of the current row.
    y: f64,
}

impl LegendRow {
    /// Writes a 20-pixel key drawn by `key` and its label, wrapping to a new row when this one is full.
    fn item(&mut self, overlay: &mut Overlay, key: impl Fn(&mut Overlay, f64, f64), label: &str) {
        let w = 26.0 + width_px(label, SMALL);
        if self.x > 8.0 && self.x + w > f64::from(WIDTH) - 8.0 {
            self.x = 8.0;
            self.y += 20.0;
        }
        key(overlay, self.x, self.y);
        overlay.text(
            (self.x + 26.0, self.y),
            label,
            Anchor::Start,
            SMALL,
            INK,
            false,
        );
        self.x += w + 16.0;
    }
}

/// What plotters draws: the grid at the value ticks, the time axis line and the series line.
fn draw_grid_and_series(plot: &mut Plot, t: &Trend, time: &TimeAxis, values: &ValueAxis) {
    let (x0, x1, y0) = (time.x0, time.x1, values.y0);
    for &tick in &values.ticks {
        let _ = plot.draw_series(std::iter::once(PathElement::new(
            vec![(x0, tick), (x1, tick)],
            palette::GRID.plotters().stroke_width(1),
        )));
    }
    let _ = plot.draw_series(std::iter::once(PathElement::new(
        vec![(x0, y0), (x1, y0)],
        INK.plotters().stroke_width(1),
    )));
    let series: Vec<(f64, f64)> = t.points.iter().map(|p| (day(p.date), p.value)).collect();
    let _ = plot.draw_series(LineSeries::new(series, BLUE.plotters().stroke_width(2)));
}

/// The plot's edges in pixels and the map from (day, value) to pixels, for the overlay.
struct Pixels<'a> {
    at: &'a dyn Fn(f64, f64) -> Point,
    left: f64,
    axis_y: f64,
    plot_top: f64,
}

/// Writes the overlay over the plot: axis labels, baseline, target, deadline, points, latest value.
fn annotate(overlay: &mut Overlay, plot: &Plot, t: &Trend, time: &TimeAxis, values: &ValueAxis) {
    let at = |x: f64, y: f64| {
        let (a, b) = plot.backend_coord(&(x, y));
        (f64::from(a), f64::from(b))
    };
    let px = Pixels {
        at: &at,
        left: values.left,
        axis_y: at(time.x0, values.y0).1,
        plot_top: at(time.x0, values.y1).1,
    };
    for (&tick, label) in values.ticks.iter().zip(&values.labels) {
        let (_, y) = at(time.x0, tick);
        overlay.text(
            (px.left - 6.0, y + 4.0),
            label,
            Anchor::End,
            SMALL,
            MUTED,
            false,
        );
    }
    month_labels(overlay, &px, time, values.y0);
    let baseline_label_y = baseline(overlay, &px, t, time);
    let target_y = target(overlay, &px, t, time);
    deadline(overlay, &px, t, time, baseline_label_y, target_y);
    readings(overlay, &px, t, target_y);
}

/// Month ticks under the time axis: as many as fit their labels.
fn month_labels(overlay: &mut Overlay, px: &Pixels, time: &TimeAxis, y0: f64) {
    let left = px.left;
    let plot_w = f64::from(WIDTH) - left - RIGHT;
    // Spaced for the widest label (one with its year), so none overlap.
    let max_labels = (plot_w / (width_px("2022年12月", SMALL) + 16.0)).floor() as usize;
    for (d, label) in month_ticks(time.start, time.end, max_labels.max(2)) {
        let (x, _) = (px.at)(day(d), y0);
        if x < left - 1.0 || x > f64::from(WIDTH) - RIGHT + 1.0 {
            continue;
        }
        overlay.line((x, px.axis_y), (x, px.axis_y + 4.0), INK, 1.0, None);
        // The first label may be wide (it carries the year): keep it off the y labels.
        let anchor = if x - width_px(&label, SMALL) / 2.0 < left - 8.0 {
            Anchor::Start
        } else {
            Anchor::Middle
        };
        let lx = if anchor == Anchor::Start { x - 4.0 } else { x };
        overlay.text((lx, px.axis_y + 18.0), &label, anchor, SMALL, MUTED, false);
    }
}

/// The baseline, dotted across the plot and labelled at the right, away from the data; returns
/// where its label sits so the deadline label can keep clear.
fn baseline(overlay: &mut Overlay, px: &Pixels, t: &Trend, time: &TimeAxis) -> Option<f64> {
    let b = t.baseline?;
    let (bx0, by) = (px.at)(time.x0, b.value);
    let (bx1, _) = (px.at)(time.x1, b.value);
    overlay.line((bx0, by), (bx1, by), MUTED, 1.5, Some("2 3"));
    let below = t.direction == Direction::Higher;
    // Below the line unless that would run into the axis labels.
    let ty = if below && by + 15.0 < px.axis_y - 4.0 {
        by + 15.0
    } else {
        by - 5.0
    };
    overlay.text(
        (bx1 - 4.0, ty),
        &format!("基线 {}", (t.value)(b.value)),
        Anchor::End,
        SMALL,
        MUTED,
        false,
    );
    Some(ty)
}

/// The target, dashed from the start to the deadline and labelled above its left end; returns the
/// line's height in pixels.
fn target(overlay: &mut Overlay, px: &Pixels, t: &Trend, time: &TimeAxis) -> f64 {
    let (tx0, ty) = (px.at)(time.x0, t.target);
    let (dx, _) = (px.at)(day(time.deadline), t.target);
    overlay.line((tx0, ty), (dx, ty), VERMILLION, 2.0, Some("6 3"));
    overlay.text(
        (tx0 + 4.0, ty - 6.0),
        &format!("{} {}", t.target_name, (t.value)(t.target)),
        Anchor::Start,
        SMALL,
        VERMILLION,
        true,
    );
    ty
}

/// The deadline: a dashed vertical marker, labelled where the data is not heading (low for a
/// rising metric, high for a falling one) and clear of the baseline and target labels.
fn deadline(
    overlay: &mut Overlay,
    px: &Pixels,
    t: &Trend,
    time: &TimeAxis,
    baseline_label_y: Option<f64>,
    target_y: f64,
) {
    let (dx, _) = (px.at)(day(time.deadline), t.target);
    overlay.line((dx, px.plot_top), (dx, px.axis_y), INK, 1.0, Some("4 3"));
    let mut label_y = match t.direction {
        Direction::Higher => px.axis_y - 6.0,
        Direction::Lower => px.plot_top + 14.0,
    };
    for other in baseline_label_y.into_iter().chain([target_y - 6.0]) {
        if (label_y - other).abs() < 16.0 {
            label_y = match t.direction {
                Direction::Higher => other - 18.0,
                Direction::Lower => other + 18.0,
            };
        }
    }
    overlay.text(
        (dx - 4.0, label_y),
        &format!("{} {}", t.deadline_name, t.deadline.chinese_month()),
        Anchor::End,
        SMALL,
        INK,
        false,
    );
}

/// The readings as points (hollow when illustrative) and the latest value written beside the last,
/// moved below it when it would sit on the target label.
fn readings(overlay: &mut Overlay, px: &Pixels, t: &Trend, target_y: f64) {
    for p in t.points {
        let at = (px.at)(day(p.date), p.value);
        overlay.circle(at, 3.5, BLUE, p.provenance.illustrative);
    }
    let Some(last) = t.points.last() else {
        return;
    };
    let (x, y) = (px.at)(day(last.date), last.value);
    // The point label is a figure like any other: an illustrative one says so beside itself.
    let label = if last.provenance.illustrative {
        format!("{}（示意）", (t.value)(last.value))
    } else {
        (t.value)(last.value)
    };
    let w = width_px(&label, FONT_SIZE);
    let (lx, anchor) = if x + 6.0 + w < f64::from(WIDTH) - RIGHT {
        (x + 6.0, Anchor::Start)
    } else {
        (x - 6.0, Anchor::End)
    };
    let ly = if (y - 8.0 - target_y).abs() < 14.0 {
        y + 18.0
    } else {
        y - 8.0
    };
    overlay.text((lx, ly), &label, anchor, FONT_SIZE, BLUE, true);
}
