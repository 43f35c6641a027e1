//! A metric over time: its observations as a line, the target as a dashed line up to the deadline,
//! a dashed deadline marker, and the baseline as a dotted line. Illustrative observations are drawn
//! hollow. The description states the trend, the target and the status in words.

use plotters::prelude::*;

use super::axis::{month_ticks, nice_ticks};
use super::palette::{self, BLUE, INK, MUTED, VERMILLION};
use super::svg::{Anchor, FONT_SIZE, Frame, Overlay, SMALL, finish};
use super::text::width_px;
use super::{Cell, Chart, ChartProvenance, Column, Table};
use crate::model::{Direction, Metric, MetricStatus, Reading, Site};
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
/// `一次办好事项占比从2022年1月的62%升至2022年9月的84%，目标为2022年12月31日前不低于90%，按目前进度可望按期完成（进度正常）。`
pub fn sentence(metric: &Metric, points: &[Reading]) -> String {
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
    let status = match metric.status {
        MetricStatus::Met => "已达到目标（已达标）",
        MetricStatus::OnTrack => "按目前进度可望按期完成（进度正常）",
        MetricStatus::Behind => "目前进度落后于按期完成所需的进度（进度滞后）",
        MetricStatus::Missed => "截止日期已过，未达到目标（未达标）",
        MetricStatus::NoData => "尚无法判断进度（暂无数据）",
    };
    format!("{trend}，{goal}，{status}。")
}

/// The chart of metric `m`.
pub fn chart(site: &Site, m: usize) -> Chart {
    let metric = &site.metrics[m];
    let as_of = site.settings.as_of;
    let points = metric.observations_as_of(as_of);
    let desc = sentence(metric, points);
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
    let unit = (!metric.unit_label.trim().is_empty()).then_some(metric.unit_label.trim());
    let mut rows = Vec::new();
    let mut provenance = ChartProvenance::default();
    provenance.add(metric.provenance);
    if let Some(b) = metric.baseline {
        rows.push(vec![
            Cell::date(b.date),
            Cell::number(b.value, v(b.value)),
            Cell::text(if b.provenance.illustrative {
                "基线（示意数据）"
            } else {
                "基线"
            }),
        ]);
        provenance.add(b.provenance);
    }
    for o in points {
        rows.push(vec![
            Cell::date(o.date),
            Cell::number(o.value, v(o.value)),
            Cell::text(if o.provenance.illustrative {
                "观测值（示意数据）"
            } else {
                "观测值"
            }),
        ]);
        provenance.add(o.provenance);
        provenance.touch(o.date);
    }
    rows.push(vec![
        Cell::date(metric.deadline),
        Cell::number(metric.target_value, v(metric.target_value)),
        Cell::text("目标（期限）"),
    ]);
    if provenance.updated.is_none() {
        provenance.updated = provenance.sources.first().map(|&s| site.sources[s].date);
    }
    Chart {
        id,
        title,
        desc,
        svg,
        table: Table {
            columns: vec![
                Column::new("日期", None),
                Column::new("数值", unit),
                Column::new("说明", None),
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
    let (id, title, desc, points) = (t.id, t.title, t.desc, t.points);
    let v = t.value;
    let deadline = t.deadline.last_day();
    let start = points
        .first()
        .map(|p| p.date)
        .into_iter()
        .chain(t.baseline.map(|b| b.date))
        .min()
        .unwrap_or(deadline);
    let end = points.last().map_or(deadline, |p| p.date.max(deadline));
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

    let values: Vec<f64> = points
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
    let tick_labels: Vec<String> = ticks.iter().map(|&t| v(t)).collect();
    let left = tick_labels
        .iter()
        .map(|t| width_px(t, SMALL))
        .fold(0.0, f64::max)
        + 14.0;

    let mut overlay = Overlay::default();
    // Legend: what the marks mean, in words.
    let mut legend_x = 8.0;
    let mut ly = 18.0;
    let mut legend_item =
        |overlay: &mut Overlay, draw: &dyn Fn(&mut Overlay, f64, f64), label: &str| {
            let w = 26.0 + width_px(label, SMALL);
            if legend_x > 8.0 && legend_x + w > f64::from(WIDTH) - 8.0 {
                legend_x = 8.0;
                ly += 20.0;
            }
            draw(overlay, legend_x, ly);
            overlay.text(
                (legend_x + 26.0, ly),
                label,
                Anchor::Start,
                SMALL,
                INK,
                false,
            );
            legend_x += w + 16.0;
            ly
        };
    legend_item(
        &mut overlay,
        &|o, x, ly| {
            o.line((x, ly - 4.0), (x + 20.0, ly - 4.0), BLUE, 2.0, None);
            o.circle((x + 10.0, ly - 4.0), 3.0, BLUE, false);
        },
        t.series_name,
    );
    let mut legend_bottom = legend_item(
        &mut overlay,
        &|o, x, ly| {
            o.line(
                (x, ly - 4.0),
                (x + 20.0, ly - 4.0),
                VERMILLION,
                2.0,
                Some("6 3"),
            )
        },
        t.target_name,
    );
    if t.baseline.is_some() {
        legend_bottom = legend_item(
            &mut overlay,
            &|o, x, ly| o.line((x, ly - 4.0), (x + 20.0, ly - 4.0), MUTED, 1.5, Some("2 3")),
            "基线",
        );
    }
    if points.iter().any(|p| p.provenance.illustrative) {
        legend_bottom = legend_item(
            &mut overlay,
            &|o, x, ly| o.circle((x + 10.0, ly - 4.0), 3.5, BLUE, true),
            "空心点为示意数据",
        );
    }

    let top = legend_bottom + 16.0;
    let bottom = 30.0;
    let height = (top + PLOT_HEIGHT + bottom).ceil() as u32;
    let right = 16.0;
    let mut raw = String::new();
    {
        let root = SVGBackend::with_string(&mut raw, (WIDTH, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let built = ChartBuilder::on(&root)
            .margin_top(top as u32)
            .margin_left(left as u32)
            .margin_right(right as u32)
            .margin_bottom(bottom as u32)
            .build_cartesian_2d(x0..x1, y0..y1);
        if let Ok(mut plot) = built {
            for &t in &ticks {
                let _ = plot.draw_series(std::iter::once(PathElement::new(
                    vec![(x0, t), (x1, t)],
                    palette::GRID.plotters().stroke_width(1),
                )));
            }
            let _ = plot.draw_series(std::iter::once(PathElement::new(
                vec![(x0, y0), (x1, y0)],
                INK.plotters().stroke_width(1),
            )));
            let series: Vec<(f64, f64)> = points.iter().map(|p| (day(p.date), p.value)).collect();
            let _ = plot.draw_series(LineSeries::new(
                series.clone(),
                BLUE.plotters().stroke_width(2),
            ));
            let px = |x: f64, y: f64| {
                let (a, b) = plot.backend_coord(&(x, y));
                (f64::from(a), f64::from(b))
            };
            for (&t, label) in ticks.iter().zip(&tick_labels) {
                let (_, y) = px(x0, t);
                overlay.text(
                    (left - 6.0, y + 4.0),
                    label,
                    Anchor::End,
                    SMALL,
                    MUTED,
                    false,
                );
            }
            let (_, axis_y) = px(x0, y0);
            let (_, plot_top) = px(x0, y1);
            // Month ticks: as many as fit their labels.
            let plot_w = f64::from(WIDTH) - left - right;
            // Spaced for the widest label (one with its year), so none overlap.
            let max_labels = (plot_w / (width_px("2022年12月", SMALL) + 16.0)).floor() as usize;
            for (d, label) in month_ticks(start, end, max_labels.max(2)) {
                let (x, _) = px(day(d), y0);
                if x < left - 1.0 || x > f64::from(WIDTH) - right + 1.0 {
                    continue;
                }
                overlay.line((x, axis_y), (x, axis_y + 4.0), INK, 1.0, None);
                // The first label may be wide (it carries the year): keep it off the y labels.
                let anchor = if x - width_px(&label, SMALL) / 2.0 < left - 8.0 {
                    Anchor::Start
                } else {
                    Anchor::Middle
                };
                let lx = if anchor == Anchor::Start { x - 4.0 } else { x };
                overlay.text((lx, axis_y + 18.0), &label, anchor, SMALL, MUTED, false);
            }
            // Baseline: dotted across the plot, labelled at the right, away from the data.
            let mut baseline_label_y = None;
            if let Some(b) = t.baseline {
                let (bx0, by) = px(x0, b.value);
                let (bx1, _) = px(x1, b.value);
                overlay.line((bx0, by), (bx1, by), MUTED, 1.5, Some("2 3"));
                let below = t.direction == Direction::Higher;
                // Below the line unless that would run into the axis labels.
                let ty = if below && by + 15.0 < axis_y - 4.0 {
                    by + 15.0
                } else {
                    by - 5.0
                };
                baseline_label_y = Some(ty);
                overlay.text(
                    (bx1 - 4.0, ty),
                    &format!("基线 {}", v(b.value)),
                    Anchor::End,
                    SMALL,
                    MUTED,
                    false,
                );
            }
            // Target: dashed from the start to the deadline, labelled above its left end.
            let (tx0, ty) = px(x0, t.target);
            let (dx, _) = px(day(deadline), t.target);
            overlay.line((tx0, ty), (dx, ty), VERMILLION, 2.0, Some("6 3"));
            overlay.text(
                (tx0 + 4.0, ty - 6.0),
                &format!("{} {}", t.target_name, v(t.target)),
                Anchor::Start,
                SMALL,
                VERMILLION,
                true,
            );
            // Deadline: dashed vertical marker.
            overlay.line((dx, plot_top), (dx, axis_y), INK, 1.0, Some("4 3"));
            // Its label sits where the data is not heading: low for a rising metric, high for a
            // falling one, and clear of the baseline and target labels.
            let mut label_y = match t.direction {
                Direction::Higher => axis_y - 6.0,
                Direction::Lower => plot_top + 14.0,
            };
            for other in baseline_label_y.into_iter().chain([ty - 6.0]) {
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
            // Points (hollow when illustrative) and the latest value.
            for p in points {
                let at = px(day(p.date), p.value);
                overlay.circle(at, 3.5, BLUE, p.provenance.illustrative);
            }
            if let Some(last) = points.last() {
                let (x, y) = px(day(last.date), last.value);
                let label = v(last.value);
                let w = width_px(&label, FONT_SIZE);
                let (lx, anchor) = if x + 6.0 + w < f64::from(WIDTH) - right {
                    (x + 6.0, Anchor::Start)
                } else {
                    (x - 6.0, Anchor::End)
                };
                let ly = if (y - 8.0 - ty).abs() < 14.0 {
                    y + 18.0
                } else {
                    y - 8.0
                };
                overlay.text((lx, ly), &label, anchor, FONT_SIZE, BLUE, true);
            }
        }
        let _ = root.present();
    }
    finish(
        &raw,
        &overlay,
        &Frame {
            id,
            title,
            desc,
            width: WIDTH,
            height,
        },
    )
}
