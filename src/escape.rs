//! Escaping text for markup: one function for HTML, XML, SVG and Atom, in element content and in
//! quoted attribute values alike. Templates escape through Tera; this is for markup the code
//! writes itself (charts, feeds, heading anchors, the preview server's error overlay).

/// Escapes `& < > " '` and drops the control characters XML 1.0 forbids (all below U+0020 but
/// tab, line feed and carriage return), so the result is safe in HTML and well-formed in XML.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_forbidden_controls_dropped() {
        assert_eq!(
            markup("a<b & \"c\" 'd'\u{1}\t"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;\t"
        );
        assert_eq!(markup("审计]]>-->"), "审计]]&gt;--&gt;");
    }
}
