//! Diagnostics: what went wrong in the user's files, where, and what would be right.
//!
//! Every problem found while loading or validating a site becomes one [`Diagnostic`]. A build
//! collects all of them before it gives up, so an editor sees every mistake at once. Rendering a
//! diagnostic shows the file, line and column, the source line with a caret under the problem and a
//! `help:` line, in the style of rustc.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// Worth fixing, but the site still builds.
    Warning,
}

/// A position in a source file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
}

impl Position {
    /// A position at a line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// Where in the file.
    pub position: Position,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at a position in a file.
    pub fn error(file: impl Into<PathBuf>, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            position,
            message: message.into(),
            help: None,
        }
    }

    /// Adds the `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the file (parsers produce diagnostics before they know it).
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = file.into();
        self
    }

    /// Adds a `help:` line unless there is one already.
    pub fn with_help_if_none(mut self, help: impl Into<String>) -> Self {
        if self.help.is_none() {
            self.help = Some(help.into());
        }
        self
    }

    /// `file:line:column` as editors and CI annotations expect it.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.position.line, self.position.column) {
            (0, _) => format!("{file}"),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }

    /// Renders the diagnostic with its source line and a caret, using `sources` for the text.
    pub fn render(&self, sources: &SourceMap) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}: {}", self.message);
        let _ = writeln!(out, "  --> {}", self.location());
        if let Some(line_text) = sources.line(&self.file, self.position.line) {
            let number = self.position.line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(out, "{pad} |");
            // A very long line (minified data, a binary file) is cut to a window around the column.
            let (shown, column) = window(line_text.trim_end(), self.position.column, 120);
            let _ = writeln!(out, "{number} | {shown}");
            if column > 0 {
                let _ = writeln!(out, "{pad} | {}^", caret_indent(&shown, column));
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
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

/// Spaces that put a caret under the given 1-based character column, counting wide (CJK)
/// characters as two cells and keeping tabs, so the caret lines up in a terminal.
fn caret_indent(line: &str, column: usize) -> String {
    let mut indent = String::new();
    for ch in line.chars().take(column.saturating_sub(1)) {
        if ch == '\t' {
            indent.push('\t');
        } else if is_wide(ch) {
            indent.push_str("  ");
        } else {
            indent.push(' ');
        }
    }
    indent
}

/// Whether a character takes two cells in a terminal (CJK ideographs, full-width forms, kana, hangul).
pub fn is_wide(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The text of every file read during a build, kept so diagnostics can quote their lines.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: BTreeMap<PathBuf, Arc<str>>,
}

impl SourceMap {
    /// Remembers a file's text under its site-relative path.
    pub fn insert(&mut self, file: &Path, text: Arc<str>) {
        self.files.insert(file.to_path_buf(), text);
    }

    /// The text of a file read earlier.
    pub fn get(&self, file: &Path) -> Option<&str> {
        self.files.get(file).map(|t| &**t)
    }

    /// The given 1-based line of a file, if it was read and has that line.
    pub fn line(&self, file: &Path, line: usize) -> Option<&str> {
        if line == 0 {
            return None;
        }
        self.get(file)?.lines().nth(line - 1)
    }
}

/// Collects diagnostics during a build, in any order; they are reported sorted by file and line.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records several problems.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Whether any error (not just warnings) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The diagnostics, sorted by file, line and column, without duplicates.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// Converts a byte offset in `text` to a 1-based line and character column.
pub fn position_of_offset(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position::new(line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let long = format!("{}x{}", "a".repeat(5000), "b".repeat(5000));
        let (shown, column) = window(&long, 5001, 120);
        assert!(
            shown.chars().count() <= 122 && shown.chars().nth(column - 1) == Some('x'),
            "{shown} {column}"
        );
    }

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "a: 1\n名字: 审计\n";
        assert_eq!(position_of_offset(text, 0), Position::new(1, 1));
        let offset = text.find('审').unwrap();
        assert_eq!(position_of_offset(text, offset), Position::new(2, 5));
    }
}
