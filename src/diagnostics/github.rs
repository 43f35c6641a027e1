//! Diagnostics as GitHub workflow commands (`::error file=…,line=…,col=…::message`), which a
//! GitHub Actions run shows as annotations on the lines of a pull request.

use std::path::Path;

use super::{Diagnostic, Severity, shown_file, visible};

/// One diagnostic as a GitHub workflow command. The help line goes into the message after a
/// line break (encoded as `%0A`, which GitHub shows as a new line).
pub fn line(d: &Diagnostic, root: &Path) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut props = vec![format!(
        "file={}",
        escape_property(&visible(&shown_file(d, root), false))
    )];
    if d.position.line > 0 {
        props.push(format!("line={}", d.position.line));
        if d.position.column > 0 {
            props.push(format!("col={}", d.position.column));
        }
    }
    let mut message = visible(&d.message, false).into_owned();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&visible(help, false));
    }
    format!("::{command} {}::{}", props.join(","), escape_data(&message))
}

/// Escapes a workflow command's message as GitHub's runner expects.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;

    #[test]
    fn github_annotations_escape_what_github_requires_and_show_control_characters() {
        let d = Diagnostic::error(
            "data/a,b:c.yaml",
            Position::new(3, 4),
            "100% wrong\u{1b}]0;x\u{7}\r\nreally",
        )
        .with_help("fix it");
        assert_eq!(
            line(&d, Path::new(".")),
            "::error file=data/a%2Cb%3Ac.yaml,line=3,col=4::100%25 wrong\\u{1b}]0;x\\u{7}\\u{d}\\u{a}really%0Ahelp: fix it"
        );
        assert_eq!(
            line(&d, Path::new("site")),
            "::error file=site/data/a%2Cb%3Ac.yaml,line=3,col=4::100%25 wrong\\u{1b}]0;x\\u{7}\\u{d}\\u{a}really%0Ahelp: fix it"
        );
    }
}
