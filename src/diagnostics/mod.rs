//! Diagnostics: what went wrong in the user's files, where, and what would be right.
//!
//! Every problem found while loading or validating a site becomes one [`Diagnostic`]. A build
//! collects all of them before it gives up, so an editor sees every mistake at once. How a
//! diagnostic is printed is up to the renderers, one module per [`Format`]:
//!
//! - [`human`]: the file, line and column, the source line with a caret under the problem and a
//!   `help:` line, in the style of rustc;
//! - [`json`]: one JSON object per line, for tools;
//! - [`github`]: GitHub workflow commands, which show as annotations on a pull request.
//!
//! Finding problems is not done here: that is `load`, `validate` and `check`.

pub mod github;
pub mod human;
pub mod json;

use std::collections::BTreeMap;
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
    /// Worth knowing (how a file was read); never fails a build, not even with `--deny-warnings`.
    Note,
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

    /// A warning at a position in a file: the site still builds (unless warnings are denied).
    pub fn warning(
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, position, message)
        }
    }

    /// A note: how a file was read, nothing to fix.
    pub fn note(file: impl Into<PathBuf>, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, position, message)
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

    /// A warning becomes an error (`--deny-warnings`); an error or a note stays as it is.
    pub fn deny_warning(&mut self) {
        if self.severity == Severity::Warning {
            self.severity = Severity::Error;
        }
    }

    /// `file:line:column` as editors and CI annotations expect it.
    pub fn location(&self) -> String {
        location(self.file.display(), self.position)
    }
}

/// The "file" of a diagnostic about a command-line argument (such as `--base-url`), shown as it is
/// rather than as a path inside the site.
pub const COMMAND_LINE: &str = "command line";

/// `text` with every control character (C0, DEL, C1) and every bidirectional-text control shown
/// as an escape (`\u{1b}`), so that a value from a user's file can neither move the cursor,
/// retitle the terminal, paint a fake line nor reorder what is shown. Every renderer passes user
/// text through this; `keep_tabs` keeps tabs as they are (in a quoted source line).
pub fn visible(text: &str, keep_tabs: bool) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && !(keep_tabs && c == '\t'))
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `file:line:column`, `file:line` or `file`, as far as the position is known.
fn location(file: impl std::fmt::Display, position: Position) -> String {
    match (position.line, position.column) {
        (0, _) => format!("{file}"),
        (line, 0) => format!("{file}:{line}"),
        (line, column) => format!("{file}:{line}:{column}"),
    }
}

/// How a command prints its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style text with the source line and a caret.
    Human,
    /// One JSON object per line: file, line, column, severity, message, help.
    Json,
    /// GitHub workflow commands (`::error file=…,line=…,col=…::message`).
    Github,
}

impl Format {
    /// One diagnostic in this format, with the line break that ends it (human text also gets a
    /// blank line after it). `root` prefixes file names when it is a relative folder, so that
    /// paths are relative to the working directory (the repository root in CI).
    pub fn render(self, d: &Diagnostic, sources: &SourceMap, root: &Path) -> String {
        let mut out = match self {
            Format::Human => {
                human::render(d, sources, &location(shown_file(d, root), d.position)) + "\n"
            }
            Format::Json => json::line(d, root),
            Format::Github => github::line(d, root),
        };
        out.push('\n');
        out
    }
}

/// A diagnostic's file as printed: joined to `root` when `root` is a relative folder other than `.`.
fn shown_file(d: &Diagnostic, root: &Path) -> String {
    if d.file == Path::new(COMMAND_LINE) {
        return COMMAND_LINE.to_string();
    }
    let file = if root.is_relative() && root != Path::new(".") && root != Path::new("") {
        root.join(&d.file)
    } else {
        d.file.clone()
    };
    let text = file.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_string()
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

    /// Turns every warning into an error (`--deny-warnings`); notes stay notes.
    pub fn deny_warnings(&mut self) {
        for d in &mut self.items {
            d.deny_warning();
        }
    }

    /// How many have been recorded (a later stage may add its place to those it recorded).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether none has been recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics recorded since there were `start`.
    pub fn since_mut(&mut self, start: usize) -> &mut [Diagnostic] {
        let start = start.min(self.items.len());
        &mut self.items[start..]
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
    fn offsets_become_lines_and_character_columns() {
        let text = "a: 1\n名字: 审计\n";
        assert_eq!(position_of_offset(text, 0), Position::new(1, 1));
        let offset = text.find('审').unwrap();
        assert_eq!(position_of_offset(text, offset), Position::new(2, 5));
    }
}
