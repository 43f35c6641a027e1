//! SVG assembly: what plotters draws (grid, axes, marks) plus our own overlay (Chinese labels,
//! dashed reference lines, legends), wrapped in a self-contained, accessible `<svg>`.
//!
//! Post-processing makes the file stand alone and stay small: our own root element with `xmlns`,
//! `viewBox`, `role="img"`, `<title>` and `<desc>`; a `<style>` scoped to the chart's id with the
//! Chinese font stack (so the reader's browser renders the text with its own fonts); every number in
//! an attribute rounded to one decimal; dashed lines as one element with `stroke-dasharray`.

use super::palette::{OUTLINE, Rgb};
use crate::util::escape::markup;
use crate::util::format;

/// The font stack for chart text: system fonts only.
pub const FONT_STACK: &str = "\"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", sans-serif";

/// The base font size of chart text, in pixels. Charts are shown at most at their drawn width
/// (the theme's `.chart-frame`), so on a 360 px phone (a 328 px column) the smallest chart text,
/// [`SMALL`], is still 12 CSS px. Every `<text>` carries its own `font-size`: a size in the
/// `<style>` would override them all and undo the widths the layout computed.
pub const FONT_SIZE: f64 = 16.0;

/// The size of secondary chart text (ticks, legends, values), in pixels.
pub const SMALL: f64 = 15.0;

/// A pixel position.
pub type Point = (f64, f64);

/// A plotters chart on an SVG string with numeric axes, as the bar and trend charts build it.
pub type Plot<'a, 'b> = plotters::chart::ChartContext<
    'a,
    plotters::prelude::SVGBackend<'b>,
    plotters::prelude::Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// How a text label is anchored horizontally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// SVG elements drawn over the plotters output, in pixel coordinates.
#[derive(Debug, Default)]
pub struct Overlay {
    buf: String,
}

fn n(v: f64) -> String {
    format::number(v, 1)
}

impl Overlay {
    /// A straight line; `dash` is a `stroke-dasharray` value such as `"6 4"`.
    pub fn line(&mut self, a: Point, b: Point, colour: Rgb, width: f64, dash: Option<&str>) {
        let dash = dash
            .map(|d| format!(" stroke-dasharray=\"{d}\""))
            .unwrap_or_default();
        self.buf.push_str(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>\n",
            n(a.0),
            n(a.1),
            n(b.0),
            n(b.1),
            colour.hex(),
            n(width)
        ));
    }

    /// A text label; `y` is the baseline.
    pub fn text(
        &mut self,
        at: Point,
        text: &str,
        anchor: Anchor,
        size: f64,
        colour: Rgb,
        bold: bool,
    ) {
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        self.buf.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{}\"{weight}>{}</text>\n",
            n(at.0),
            n(at.1),
            anchor.attr(),
            n(size),
            colour.hex(),
            markup(text)
        ));
    }

    /// A filled rectangle, outlined when its colour is too light to stand on white by itself.
    pub fn rect(&mut self, at: Point, w: f64, h: f64, fill: Rgb) {
        let stroke = if fill.needs_outline() {
            format!(" stroke=\"{}\" stroke-width=\"1\"", OUTLINE.hex())
        } else {
            String::new()
        };
        self.buf.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{stroke}/>\n",
            n(at.0),
            n(at.1),
            n(w.max(0.0)),
            n(h.max(0.0)),
            fill.hex()
        ));
    }

    /// A circle; hollow ones are white inside.
    pub fn circle(&mut self, at: Point, r: f64, colour: Rgb, hollow: bool) {
        let fill = if hollow {
            "#FFFFFF".to_string()
        } else {
            colour.hex()
        };
        self.buf.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"1.5\"/>\n",
            n(at.0),
            n(at.1),
            n(r),
            colour.hex()
        ));
    }
}

/// What the finished SVG says about itself.
pub struct Frame<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub width: u32,
    pub height: u32,
}

/// Wraps plotters' output and the overlay into the final SVG element.
pub fn finish(plotters_svg: &str, overlay: &Overlay, frame: &Frame) -> String {
    let body = strip_root(plotters_svg);
    let body = body.replace(" font-family=\"sans-serif\"", "");
    let body = round_attribute_numbers(&body);
    let id = format!("chart-{}", frame.id);
    let mut out = String::with_capacity(body.len() + overlay.buf.len() + 600);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"tb-chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n",
        w = frame.width,
        h = frame.height
    ));
    out.push_str(&format!(
        "<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        markup(frame.title),
        markup(frame.desc)
    ));
    out.push_str(&format!(
        "<style>#{id} text {{ font-family: {FONT_STACK}; }}</style>\n"
    ));
    out.push_str(&body);
    out.push_str(&round_attribute_numbers(&overlay.buf));
    out.push_str("</svg>\n");
    out
}

/// The children of plotters' root `<svg>` element.
fn strip_root(svg: &str) -> &str {
    let start = svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let end = svg.rfind("</svg>").unwrap_or(svg.len()).max(start);
    svg[start..end].trim_start_matches('\n')
}

/// Rounds every decimal number inside tag attributes to one decimal; text content is untouched.
pub fn round_attribute_numbers(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut in_tag = false;
    let mut in_value = false;
    let mut number = String::new();
    let flush = |number: &mut String, out: &mut String| {
        if number.is_empty() {
            return;
        }
        match number.parse::<f64>() {
            Ok(v) if number.contains('.') => out.push_str(&format::number(v, 1)),
            _ => out.push_str(number),
        }
        number.clear();
    };
    for c in svg.chars() {
        if in_value && (c.is_ascii_digit() || c == '.' || (c == '-' && number.is_empty())) {
            number.push(c);
            continue;
        }
        flush(&mut number, &mut out);
        match c {
            '<' if !in_value => in_tag = true,
            '>' if !in_value => in_tag = false,
            '"' if in_tag => in_value = !in_value,
            _ => {}
        }
        out.push(c);
    }
    flush(&mut number, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_attributes_are_rounded_and_text_is_not() {
        assert_eq!(
            round_attribute_numbers("<text x=\"1.2345\" font-size=\"10.48387\">3.14159</text>"),
            "<text x=\"1.2\" font-size=\"10.5\">3.14159</text>"
        );
        assert_eq!(
            round_attribute_numbers("<polyline points=\"1.26,-2.75 3,4\"/>"),
            "<polyline points=\"1.3,-2.8 3,4\"/>"
        );
    }

    #[test]
    fn the_root_is_replaced_with_an_accessible_one() {
        let raw = "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect x=\"0\" y=\"0\"/>\n</svg>\n";
        let frame = Frame {
            id: "x",
            title: "标题<",
            desc: "说明&",
            width: 10,
            height: 10,
        };
        let svg = finish(raw, &Overlay::default(), &frame);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-x\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"chart-x-title\">标题&lt;</title>"));
        assert!(svg.contains("<desc id=\"chart-x-desc\">说明&amp;</desc>"));
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.contains("<rect x=\"0\" y=\"0\"/>"));
    }
}
