//! Escaping text for markup: one escaper for HTML, XML, SVG and Atom, in element content and in
//! quoted attribute values alike. Templates escape through it too (`theme` makes it Tera's escape
//! function), so a page, a feed and a chart escape the same way. Hand-written because it also drops
//! the control characters XML forbids, which general HTML escapers keep.

use std::io::{self, Write};

/// What a character becomes in markup: `Some("")` drops it, `None` keeps it as it is.
fn replacement(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => Some(""),
        _ => None,
    }
}

/// Escapes `& < > " '` and drops the control characters XML 1.0 forbids (all below U+0020 but
/// tab, line feed and carriage return), so the result is safe in HTML and well-formed in XML.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match replacement(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    out
}

/// [`markup`] written to `out` (Tera's escape function): runs of plain text are copied whole.
pub fn markup_to(text: &str, out: &mut dyn Write) -> io::Result<()> {
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        if let Some(r) = replacement(c) {
            out.write_all(&text.as_bytes()[plain..i])?;
            out.write_all(r.as_bytes())?;
            plain = i + c.len_utf8();
        }
    }
    out.write_all(&text.as_bytes()[plain..])
}

/// A CSS string literal (quotes included) holding `text`: quotes, backslashes, markup characters
/// and controls are written as hex escapes (`\22 `), so the string can neither end early nor close
/// the `<style>` element it sits in.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '<' | '>' | '&' | '\'') || c.is_control() {
            out.push_str(&format!("\\{:x} ", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_early_or_close_their_style_element() {
        assert_eq!(
            css_string("数据截至2022年9月30日"),
            "\"数据截至2022年9月30日\""
        );
        assert_eq!(
            css_string("a\"b\\c</style>\n"),
            "\"a\\22 b\\5c c\\3c /style\\3e \\a \""
        );
    }

    #[test]
    fn markup_characters_are_escaped_and_forbidden_controls_dropped() {
        let text = "a<b & \"c\" 'd'\u{1}\t审计]]>-->";
        let expected = "a&lt;b &amp; &quot;c&quot; &#39;d&#39;\t审计]]&gt;--&gt;";
        assert_eq!(markup(text), expected);
        let mut written = Vec::new();
        markup_to(text, &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), expected);
    }
}
