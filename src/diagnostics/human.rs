//! Diagnostics for people at a terminal: the message, `--> file:line:column`, the source line
//! with a caret under the problem, and a `help:` line, in the style of rustc.
//!
//! The caret is placed by terminal cells (`unicode-width`): a CJK character takes two, so the
//! caret still lines up after Chinese text.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use super::{Diagnostic, Severity, SourceMap, visible};

impl Diagnostic {
    /// Renders the diagnostic with its source line and a caret, using `sources` for the text.
    pub fn render(&self, sources: &SourceMap) -> String {
        render(self, sources, &self.location())
    }
}

/// Renders `d` with its source line and a caret, printing `location` as where it is (a command
/// may show the file relative to another folder than the site's).
pub fn render(d: &Diagnostic, sources: &SourceMap, location: &str) -> String {
    let mut out = String::new();
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let _ = writeln!(out, "{label}: {}", visible(&d.message, false));
    let _ = writeln!(out, "  --> {}", visible(location, false));
    if let Some(line_text) = sources.line(&d.file, d.position.line) {
        let number = d.position.line.to_string();
        let pad = " ".repeat(number.len());
        let _ = writeln!(out, "{pad} |");
        // A very long line (minified data, a binary file) is cut to a window around the column.
        let (shown, column) = window(line_text.trim_end(), d.position.column, 120);
        let _ = writeln!(out, "{number} | {}", visible(&shown, true));
        if column > 0 {
            let _ = writeln!(out, "{pad} | {}^", caret_indent(&shown, column));
        }
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = help: {}", visible(help, false));
    }
    out
}

/// At most `width` characters of `line` around the 1-based `column`, with `…` where it was cut,
/// and the column within the window.
fn window(line: &str, column: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= width {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(width / 2)
        .min(chars.len().saturating_sub(width));
    let end = (start + width).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut column = column.saturating_sub(start);
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, column)
}

/// Whitespace that puts a caret under the given 1-based character column: as many spaces as the
/// characters before it take cells in a terminal (two for CJK, none for combining marks), and
/// tabs kept as tabs. Control characters take the width of their escape ([`visible`]).
fn caret_indent(line: &str, column: usize) -> String {
    let mut indent = String::new();
    for ch in line.chars().take(column.saturating_sub(1)) {
        if ch == '\t' {
            indent.push('\t');
        } else if let std::borrow::Cow::Owned(escaped) = visible(ch.encode_utf8(&mut [0; 4]), true)
        {
            indent.extend(std::iter::repeat_n(' ', escaped.len()));
        } else {
            indent.extend(std::iter::repeat_n(' ', ch.width().unwrap_or(1)));
        }
    }
    indent
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostics::Position;

    #[test]
    fn caret_sits_under_the_column_even_after_chinese_text() {
        let mut sources = SourceMap::default();
        sources.insert(
            Path::new("data/units.yaml"),
            Arc::from("name: 审计局\nunit: nobody\n"),
        );
        let d = Diagnostic::error(
            "data/units.yaml",
            Position::new(2, 7),
            "unknown unit `nobody`",
        )
        .with_help("use the id of a unit in data/units.yaml");
        let text = d.render(&sources);
        assert!(text.contains("--> data/units.yaml:2:7"), "{text}");
        assert!(text.contains("2 | unit: nobody\n  |       ^"), "{text}");
        assert!(text.contains("= help: use the id"), "{text}");
        assert_eq!(caret_indent("名字: x", 5), "      ");
        assert_eq!(caret_indent("「名」，x", 5), "        ");
        assert_eq!(caret_indent("\tＡ\u{301}b", 4), "\t  ");
        let long = format!("{}x{}", "a".repeat(5000), "b".repeat(5000));
        let (shown, column) = window(&long, 5001, 120);
        assert!(
            shown.chars().count() <= 122 && shown.chars().nth(column - 1) == Some('x'),
            "{shown} {column}"
        );
    }
}
