//! The standalone chart file (`/charts/<id>.svg`): the drawn chart framed with its title above and
//! its source line, last-updated date and 示意数据 mark below, all inside the image, so that a chart
//! embedded elsewhere, downloaded or printed keeps what a reader needs to judge it.
//!
//! Pages show the inline chart without this frame: the HTML figure around it already carries the
//! title, the source line, the date and the badge, and drawing them twice would make a screen
//! reader read them twice.
//!
//! Not for: the chart drawing itself (one module per kind).

use super::Chart;
use super::palette::{INK, MUTED, WHITE};
use super::svg::{FONT_STACK, SMALL};
use super::text::{fit, width_px};
use crate::model::Site;
use crate::util::escape::markup;

/// Height of the title band above the chart.
const TOP: u32 = 34;
/// Height of one line below the chart.
const LINE: u32 = 20;
/// Left and right margin of the frame's text.
const MARGIN: f64 = 12.0;

/// The lines written below the chart: source, date, and the mark when any number is illustrative.
pub fn footer_lines(chart: &Chart, site: &Site) -> Vec<String> {
    let p = &chart.provenance;
    let sources: Vec<String> = p
        .sources
        .iter()
        .map(|&s| {
            let s = &site.sources[s];
            let note = s.title_note().map(|n| format!("；{n}")).unwrap_or_default();
            format!("{}《{}》（{}{note}）", s.publisher, s.title, s.date_text())
        })
        .collect();
    // One line per source, so that a second source starts a line of its own.
    let mut lines: Vec<String> = if sources.is_empty() {
        vec!["数据来源：未注明".to_string()]
    } else {
        sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                format!(
                    "{}{s}",
                    if i == 0 {
                        "数据来源："
                    } else {
                        "　　　　　"
                    }
                )
            })
            .collect()
    };
    lines.extend([format!(
        "最后更新：{}",
        p.updated.unwrap_or(site.settings.as_of).chinese()
    )]);
    if p.illustrative {
        lines.push("含示意数据：图中部分数字为示例站点所设，并非官方数据".to_string());
    }
    lines
}

/// The root element's `width` and `height` attributes.
fn size(svg: &str) -> (u32, u32) {
    let attr = |name: &str| -> Option<u32> {
        let key = format!(" {name}=\"");
        let root_end = svg.find('>')?;
        let start = svg[..root_end].find(&key)? + key.len();
        let end = svg[start..].find('"')? + start;
        svg[start..end].parse().ok()
    };
    (attr("width").unwrap_or(640), attr("height").unwrap_or(400))
}

/// `text` broken into lines no wider than `max` pixels (nothing is cut off: a source line is read
/// in full).
fn wrap(text: &str, max: f64, font_size: f64) -> Vec<String> {
    // Tokens: a run of ASCII letters and digits stays whole (a Latin word, a number); any other
    // character may start a line.
    let mut tokens: Vec<String> = Vec::new();
    for c in text.chars() {
        match tokens.last_mut() {
            Some(t)
                if c.is_ascii_alphanumeric() && t.chars().all(|x| x.is_ascii_alphanumeric()) =>
            {
                t.push(c)
            }
            _ => tokens.push(c.to_string()),
        }
    }
    let mut lines = vec![String::new()];
    for token in tokens {
        let Some(last) = lines.last_mut() else {
            break;
        };
        if !last.is_empty() && width_px(&format!("{last}{token}"), font_size) > max {
            lines.push(token);
        } else {
            last.push_str(&token);
        }
    }
    lines
}

/// The chart as a file of its own, framed.
pub fn svg(chart: &Chart, site: &Site) -> String {
    let (w, h) = size(&chart.svg);
    let max = f64::from(w) - 2.0 * MARGIN;
    let logical = footer_lines(chart, site);
    let marked = chart.provenance.illustrative.then(|| logical.len() - 1);
    // (text, whether it belongs to the 示意数据 line)
    let lines: Vec<(String, bool)> = logical
        .iter()
        .enumerate()
        .flat_map(|(i, l)| {
            wrap(l, max, SMALL)
                .into_iter()
                .map(move |part| (part, Some(i) == marked))
        })
        .collect();
    let total = TOP + h + LINE * lines.len() as u32 + 8;
    let id = format!("chart-{}-file", chart.id);
    let mut out = String::with_capacity(chart.svg.len() + 1200);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" viewBox=\"0 0 {w} {total}\" width=\"{w}\" height=\"{total}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n"
    ));
    out.push_str(&format!(
        "<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        markup(&chart.title),
        markup(&format!("{} {}", chart.desc, logical.join(" ")))
    ));
    out.push_str(&format!(
        "<style>#{id} text {{ font-family: {FONT_STACK}; }}</style>\n"
    ));
    out.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{total}\" fill=\"{}\"/>\n",
        WHITE.hex()
    ));
    out.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"23\" font-size=\"16\" font-weight=\"bold\" fill=\"{}\">{}</text>\n",
        INK.hex(),
        markup(&fit(&chart.title, max, 16.0))
    ));
    // The drawn chart, placed below the title as a nested SVG of its own size.
    let nested = chart
        .svg
        .replacen("<svg ", &format!("<svg x=\"0\" y=\"{TOP}\" "), 1);
    out.push_str(&nested);
    for (i, (line, illustrative)) in lines.iter().enumerate() {
        let y = TOP + h + LINE * (i as u32 + 1) - 4;
        let (colour, weight) = if *illustrative {
            (INK, " font-weight=\"bold\"")
        } else {
            (MUTED, "")
        };
        out.push_str(&format!(
            "<text x=\"{MARGIN}\" y=\"{y}\" font-size=\"{SMALL}\" fill=\"{}\"{weight}>{}</text>\n",
            colour.hex(),
            markup(line)
        ));
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::{size, wrap};

    #[test]
    fn a_long_line_wraps_without_losing_text() {
        let text = "数据来源：大众网·海报新闻《一个很长很长很长很长很长的标题》（2022年9月前后）";
        let lines = wrap(text, 200.0, 12.5);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn the_size_is_read_from_the_root_element() {
        assert_eq!(
            size("<svg id=\"x\" width=\"520\" height=\"300\"><rect width=\"5\"/></svg>"),
            (520, 300)
        );
        assert_eq!(
            size("<svg><rect width=\"5\" height=\"6\"/></svg>"),
            (640, 400)
        );
    }
}
