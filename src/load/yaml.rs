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
        let scalar = error
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| scalar_at(text, l.line() as usize, l.column() as usize))
            .unwrap_or_default();
        if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
            let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
            return Diagnostic::error("", position, format!("the key `{key}` is written twice in one record"))
                .with_help("keep only one of the two lines: a record has one value for each field");
        }
        if is_number_error(&message) {
            let (problem, help) = number_problem(&scalar);
            return Diagnostic::error("", position, problem).with_help(help);
        }
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

/// Whether a parser message says a scalar is not a number of the expected kind.
fn is_number_error(message: &str) -> bool {
    message == "invalid floating point"
        || message.strip_prefix("invalid ").is_some_and(|kind| {
            kind.len() > 1
                && (kind.starts_with('i') || kind.starts_with('u'))
                && kind[1..].bytes().all(|b| b.is_ascii_digit())
        })
}

/// The plain scalar starting at a 1-based line and character column of `text`.
fn scalar_at(text: &str, line: usize, column: usize) -> String {
    let Some(line) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    line.chars()
        .skip(column.saturating_sub(1))
        .take_while(|c| !c.is_whitespace() && !",]}#".contains(*c))
        .take(40)
        .collect()
}

/// What is wrong with a scalar that should have been a number, and how to write it.
pub(super) fn number_problem(scalar: &str) -> (String, &'static str) {
    let shown = if scalar.is_empty() {
        "this value".to_string()
    } else {
        format!("`{}`", scalar.escape_debug())
    };
    let lower = scalar.to_ascii_lowercase();
    let digits = lower.trim_start_matches(['-', '+']);
    let help = if scalar.contains('_') || scalar.contains(',') || scalar.contains('，') {
        "write the number without separators, e.g. 1000 (not 1_000 or 1,000)"
    } else if ["0x", "0o", "0b"].iter().any(|p| digits.starts_with(p)) {
        "write the number in decimal digits, e.g. 16 (not 0x10)"
    } else if digits.contains('e') && digits.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        "the number is beyond what can be stored or shown; write it in full in the field's unit (万元 for money), e.g. 34500"
    } else if digits.chars().any(|c| !c.is_ascii_digit() && c != '.') {
        "write a plain number in the field's unit, without a unit or words after it, e.g. 34500 or 12.5"
    } else {
        "write a whole number here, e.g. 10"
    };
    (
        format!("{shown} is not a number tongbao can read here"),
        help,
    )
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
    fn duplicate_keys_and_unreadable_numbers_say_what_to_write() {
        let d = parse_yaml::<Thing>("id: a\nid: b\ncount: 1\n", 0).unwrap_err();
        assert_eq!(d.message, "the key `id` is written twice in one record");
        assert!(!d.help.unwrap().contains("DuplicateKeyPolicy"));
        for (count, help) in [("-3", "whole"), ("2.5", "whole")] {
            let d = parse_yaml::<Thing>(&format!("id: a\ncount: {count}\n"), 0).unwrap_err();
            assert_eq!(
                d.message,
                format!("`{count}` is not a number tongbao can read here")
            );
            assert!(d.help.as_deref().unwrap().contains(help), "{count}: {d:?}");
            assert_eq!(d.position, Position::new(2, 8));
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Amount {
            value: f64,
        }
        for (value, help) in [
            ("1e400", "beyond"),
            ("0x10", "decimal"),
            ("1_000", "separators"),
            ("12万", "plain number"),
        ] {
            let d = parse_yaml::<Amount>(&format!("value: {value}\n"), 0).unwrap_err();
            assert!(d.message.contains(value), "{d:?}");
            assert!(d.help.as_deref().unwrap().contains(help), "{value}: {d:?}");
        }
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
