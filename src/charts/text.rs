//! Text measurement and escaping for SVG labels.
//!
//! plotters guesses text width from UTF-8 bytes, which makes Chinese labels three times too wide.
//! Here a CJK character (or full-width punctuation) counts as one em and Latin letters and digits
//! as about half an em, which is what the system fonts of the font stack do closely enough to lay
//! out label areas and legends.

/// Whether `c` is drawn full width (one em) in Chinese fonts.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2018..=0x201F // curly quotes are full width in Chinese fonts
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// The width of `text` in ems: CJK 1, narrow letters ≈ 0.55, spaces and thin marks less.
pub fn width_em(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if is_wide(c) {
                1.0
            } else if c == ' ' || c == '.' || c == ',' || c == ':' || c == '|' {
                0.3
            } else if c == '%' || c.is_ascii_uppercase() || c == 'm' || c == 'w' {
                0.8
            } else {
                0.55
            }
        })
        .sum()
}

/// The width of `text` in pixels at `font_size` pixels.
pub fn width_px(text: &str, font_size: f64) -> f64 {
    width_em(text) * font_size
}

/// Shortens `text` to fit `max_px` at `font_size`, ending it with `…` when cut.
pub fn fit(text: &str, max_px: f64, font_size: f64) -> String {
    if width_px(text, font_size) <= max_px {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = width_px("…", font_size);
    for c in text.chars() {
        let w = width_px(c.encode_utf8(&mut [0; 4]), font_size);
        if used + w > max_px {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_one_em_and_latin_about_half() {
        assert_eq!(width_em("德城区"), 3.0);
        assert!((width_em("2022年") - (4.0 * 0.55 + 1.0)).abs() < 1e-9);
        assert_eq!(width_em("“五零”"), 4.0);
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(fit("市公路事业发展中心", 60.0, 12.0), "市公路事…");
        assert_eq!(fit("德城区", 60.0, 12.0), "德城区");
    }
}
