//! The Okabe–Ito colour-blind-safe palette, and which text colour reads on each.
//!
//! Light colours (yellow, sky blue, orange) fall under 3:1 against white, so marks drawn in them
//! get a dark outline (`OUTLINE`) that carries the contrast WCAG 1.4.11 asks for.
//!
//! This is also where the pages get their rating colours: [`page_css`] writes them as CSS custom
//! properties (`palette.css`), so a rating badge and the chart beside it show the same colour.

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#RRGGBB`.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// The plotters colour.
    pub fn plotters(self) -> plotters::style::RGBColor {
        plotters::style::RGBColor(self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG contrast ratio against another colour.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Black or white, whichever reads better on this colour.
    pub fn text_on(self) -> Rgb {
        if self.contrast(BLACK) >= self.contrast(WHITE) {
            BLACK
        } else {
            WHITE
        }
    }

    /// Whether a mark in this colour needs an outline to stand 3:1 against white.
    pub fn needs_outline(self) -> bool {
        self.contrast(WHITE) < 3.0
    }
}

pub const BLACK: Rgb = Rgb(0, 0, 0);
pub const WHITE: Rgb = Rgb(255, 255, 255);
pub const ORANGE: Rgb = Rgb(0xE6, 0x9F, 0x00);
pub const SKY_BLUE: Rgb = Rgb(0x56, 0xB4, 0xE9);
pub const BLUISH_GREEN: Rgb = Rgb(0x00, 0x9E, 0x73);
pub const YELLOW: Rgb = Rgb(0xF0, 0xE4, 0x42);
pub const BLUE: Rgb = Rgb(0x00, 0x72, 0xB2);
pub const VERMILLION: Rgb = Rgb(0xD5, 0x5E, 0x00);
pub const REDDISH_PURPLE: Rgb = Rgb(0xCC, 0x79, 0xA7);
/// Axis text and reference lines.
pub const INK: Rgb = Rgb(0x33, 0x33, 0x33);
/// Secondary text (contrast 5.7:1 on white).
pub const MUTED: Rgb = Rgb(0x59, 0x59, 0x59);
/// Grid lines: light on purpose, they are not data.
pub const GRID: Rgb = Rgb(0xDD, 0xDD, 0xDD);
/// Outline of light marks.
pub const OUTLINE: Rgb = Rgb(0x44, 0x44, 0x44);
/// A neutral light fill (planned, not started).
pub const LIGHT_GREY: Rgb = Rgb(0xD0, 0xD0, 0xD0);

/// The file the pages load the shared colours from, beside `style.css`.
pub const PAGE_CSS_FILE: &str = "palette.css";

/// The colours the page stylesheet shares with the charts, as CSS custom properties: for each
/// four-colour rating `--rating-<id>` (the fill the charts use), `--rating-<id>-text` (the text
/// colour the charts write on it) and `--rating-<id>-edge` (the outline a light fill gets).
pub fn page_css() -> String {
    let mut css = String::from(
        "/* Written by tongbao from src/charts/palette.rs: the colours the pages share with the charts. */\n:root {\n",
    );
    for c in crate::model::Colour::ALL {
        let fill = super::ratings::colour(c);
        let edge = if fill.needs_outline() { OUTLINE } else { fill };
        css.push_str(&format!(
            "  --rating-{id}: {}; --rating-{id}-text: {}; --rating-{id}-edge: {};\n",
            fill.hex(),
            fill.text_on().hex(),
            edge.hex(),
            id = c.id()
        ));
    }
    css.push_str("}\n");
    css
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Colour;

    #[test]
    fn light_colours_get_outlines_and_dark_text() {
        assert!(YELLOW.needs_outline());
        assert!(!BLUE.needs_outline());
        assert_eq!(YELLOW.text_on(), BLACK);
        assert_eq!(BLUE.text_on(), WHITE);
        assert!(MUTED.contrast(WHITE) >= 4.5);
        assert_eq!(BLUE.hex(), "#0072B2");
    }

    #[test]
    fn the_page_gets_the_rating_colours_the_charts_draw_with() {
        let css = page_css();
        assert!(css.contains("--rating-red: #D55E00; --rating-red-text: #000000;"));
        assert!(css.contains("--rating-yellow-edge: #444444;"));
        for c in Colour::ALL {
            let fill = crate::charts::ratings::colour(c);
            // A rating badge is text on its colour: WCAG AA for normal-size text.
            assert!(fill.contrast(fill.text_on()) >= 4.5, "{}", c.id());
            assert!(css.contains(&format!("--rating-{}: {};", c.id(), fill.hex())));
        }
    }
}
