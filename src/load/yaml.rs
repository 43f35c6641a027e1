//! YAML parsing with bounded resources and diagnostics that point at the right line.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};

/// Parses YAML text into `T`. `line_offset` is the number of lines before the YAML in its file
/// (1 for front matter after the opening `---`). The diagnostic has no file yet: the caller adds it
/// with [`Diagnostic::in_file`].
///
/// The parser's default budget bounds alias expansion, nesting depth, node count and scalar
/// bytes, so a hostile file ends in a diagnostic rather than exhausting memory.
pub fn parse_yaml<T: DeserializeOwned>(text: &str, line_offset: usize) -> Result<T, Diagnostic> {
    let mut options = serde_saphyr::options! {};
    // Room for big collections in one file (thousands of records with dozens of fields each)
    // while alias, depth and scalar limits stay at the parser's safe defaults.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 2_000_000;
    budget.max_events = 6_000_000;
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|error| {
        let position = error
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| Position::new(l.line() as usize + line_offset, l.column() as usize))
            .unwrap_or_default();
        let options = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
        let rendered = error.render_with_options(options);
        let message = plain_message(&rendered);
        let help = if message.starts_with("unknown field") {
            "remove the field or correct its spelling: the fields allowed here are listed above (README.md describes each)"
        } else if message.starts_with("missing field") {
            "add the field: README.md shows every required field with an example"
        } else if message.contains("budget") || message.contains("limit") {
            "the file is too large or too deeply nested for a data file: split it into one file per record"
        } else {
            "check the YAML syntax around this line: indentation, a missing `:` or an unclosed bracket or quote"
        };
        Diagnostic::error("", position, message).with_help(help)
    })
}

/// The parser's message without its own location suffix (we show the location ourselves).
fn plain_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or(rendered).trim();
    let cut = first.rfind(" at line ").map_or(first, |i| &first[..i]);
    let message = cut.trim_end_matches(',').trim();
    if message.is_empty() {
        "the YAML could not be read".to_string()
    } else {
        message.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Thing {
        id: String,
        count: u32,
    }

    #[test]
    fn unknown_field_names_line_and_field() {
        let d = parse_yaml::<Thing>("id: a\ncount: 2\ncolour: red\n", 0).unwrap_err();
        assert_eq!(d.position.line, 3, "{d:?}");
        assert!(d.message.contains("colour"), "{d:?}");
    }

    #[test]
    fn missing_field_and_wrong_type_are_reported() {
        let d = parse_yaml::<Thing>("id: a\n", 0).unwrap_err();
        assert!(d.message.contains("count"), "{d:?}");
        let d = parse_yaml::<Thing>("id: a\ncount: many\n", 1).unwrap_err();
        assert_eq!(d.position.line, 3, "{d:?}");
    }

    #[test]
    fn alias_bombs_end_in_a_diagnostic() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse_yaml::<serde_json::Value>(&bomb, 0).is_err());
    }
}
