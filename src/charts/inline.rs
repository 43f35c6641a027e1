//! Inline charts for table rows: a sparkline of a metric's observations and a progress bar.
//!
//! Hand-written SVG strings rather than plotters: a table may hold hundreds of them, so each is a
//! few hundred bytes built with one `format!`, with `aria-label` saying in words what it shows.

use super::palette::{BLUE, GRID, OUTLINE, VERMILLION};
use crate::model::Metric;
use crate::util::date::Date;
use crate::util::escape::markup;
use crate::util::format;

const SPARK_W: f64 = 80.0;
const SPARK_H: f64 = 20.0;

/// A sparkline of `values` (in order), with the `target` as a dashed line when given.
/// `label` is what a screen reader hears.
pub fn sparkline(values: &[f64], target: Option<f64>, label: &str) -> String {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let mut lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if let Some(t) = target.filter(|t| t.is_finite()) {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    let span = if hi - lo > f64::EPSILON { hi - lo } else { 1.0 };
    let pad = 3.0;
    let x = |i: usize| {
        if finite.len() > 1 {
            pad + i as f64 * (SPARK_W - 2.0 * pad) / (finite.len() - 1) as f64
        } else {
            SPARK_W / 2.0
        }
    };
    let y = |v: f64| SPARK_H - pad - (v - lo) / span * (SPARK_H - 2.0 * pad);
    let n = |v: f64| format::number(v, 1);
    let points: Vec<String> = finite
        .iter()
        .enumerate()
        .map(|(i, &v)| format!("{},{}", n(x(i)), n(y(v))))
        .collect();
    let mut svg = format!(
        "<svg class=\"tb-spark\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">",
        markup(label),
        w = SPARK_W,
        h = SPARK_H
    );
    if let Some(t) = target.filter(|t| t.is_finite()) {
        svg.push_str(&format!(
            "<line x1=\"0\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>",
            SPARK_W,
            VERMILLION.hex(),
            y = n(y(t))
        ));
    }
    if points.len() > 1 {
        svg.push_str(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>",
            points.join(" "),
            BLUE.hex()
        ));
    }
    if let Some(&last) = finite.last() {
        svg.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\"/>",
            n(x(finite.len() - 1)),
            n(y(last)),
            BLUE.hex()
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// A metric's sparkline: its observations up to `as_of`, the target dashed, and a label such as
/// `62%→84%，目标90%，进度正常`.
pub fn metric_sparkline(metric: &Metric, as_of: Date) -> String {
    let points = metric.observations_as_of(as_of);
    let values: Vec<f64> = points.iter().map(|p| p.value).collect();
    let v = |x: f64| format::with_unit(x, &metric.unit_label);
    let trend = match (points.first(), points.last()) {
        (Some(a), Some(b)) if points.len() > 1 => format!("{}→{}", v(a.value), v(b.value)),
        (Some(a), _) => v(a.value),
        _ => "暂无数据".to_string(),
    };
    let label = format!(
        "走势：{trend}，目标{}，{}",
        v(metric.target_value),
        metric.status.label()
    );
    sparkline(&values, Some(metric.target_value), &label)
}

/// A horizontal bar filled to `percent`, with `label` for screen readers. The frame is the plan
/// (100); beyond it, up to 200, the excess is drawn past the frame in vermillion, so a project over
/// its plan shows it rather than a full bar.
pub fn progress_bar(percent: f64, label: &str) -> String {
    let p = if percent.is_finite() {
        percent.clamp(0.0, 200.0)
    } else {
        0.0
    };
    let within = p.min(100.0);
    let over = (p - 100.0).max(0.0);
    let width = 100.0 + over.ceil();
    let excess = if over > 0.0 {
        format!(
            "<rect x=\"99.5\" y=\"0.5\" width=\"{}\" height=\"9\" fill=\"{}\"/>",
            format::number(over * 0.99, 1),
            VERMILLION.hex()
        )
    } else {
        String::new()
    };
    format!(
        "<svg class=\"tb-progress\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} 10\" width=\"{w}\" height=\"10\" role=\"img\" aria-label=\"{}\"><rect x=\"0.5\" y=\"0.5\" width=\"99\" height=\"9\" fill=\"{}\" stroke=\"{}\"/><rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"9\" fill=\"{}\"/>{excess}</svg>",
        markup(label),
        GRID.hex(),
        OUTLINE.hex(),
        format::number(within * 0.99, 1),
        BLUE.hex(),
        w = format::number(width, 0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_draws_every_value_and_the_target() {
        let s = sparkline(&[62.0, 70.0, 84.0], Some(90.0), "62%→84%");
        assert!(s.contains("points=\"3,17 40,"));
        assert!(s.contains("stroke-dasharray"));
        assert!(s.contains("aria-label=\"62%→84%\""));
        assert!(sparkline(&[], None, "无").contains("</svg>"));
        assert!(!sparkline(&[f64::NAN], None, "x").contains("NaN"));
    }

    #[test]
    fn progress_is_clamped() {
        // Over plan: the frame stays the plan, the excess is drawn beyond it.
        let over = progress_bar(120.0, "x");
        assert!(over.contains("width=\"99\" height=\"9\" fill=\"#0072B2\""));
        assert!(over.contains("viewBox=\"0 0 120 10\""));
        assert!(over.contains("x=\"99.5\" y=\"0.5\" width=\"19.8\""));
        assert!(progress_bar(1e9, "x").contains("viewBox=\"0 0 200 10\""));
        assert!(progress_bar(-5.0, "x").contains("width=\"0\" height=\"9\" fill=\"#0072B2\""));
        assert!(progress_bar(22.0, "a<b").contains("aria-label=\"a&lt;b\""));
    }
}
