//! Diagnostics as JSON lines, for editors and scripts: one object per diagnostic with `file`,
//! `line`, `column` (1-based; 0 when unknown), `severity`, `message` and `help`.

use std::path::Path;

use super::{Diagnostic, shown_file, visible};

/// One diagnostic as a JSON object on one line.
pub fn line(d: &Diagnostic, root: &Path) -> String {
    let value = serde_json::json!({
        "file": visible(&shown_file(d, root), false),
        "line": d.position.line,
        "column": d.position.column,
        "severity": d.severity,
        "message": visible(&d.message, false),
        "help": d.help.as_deref().map(|h| visible(h, false)),
    });
    value.to_string()
}
