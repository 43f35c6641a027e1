//! Property tests: every entry point that reads user input gives a result or a diagnostic, never a
//! panic, for generated and mutated inputs. `cargo test` runs a bounded number of cases; a longer
//! run sets PROPTEST_CASES (see README, "Hardening").

use proptest::prelude::*;
use tongbao::load::records::{RawFrontMatter, RawMetric, RawProject, RawUnit};
use tongbao::load::{parse_yaml, split_front_matter};
use tongbao::markdown::{RawHtml, render};

/// Cases per property: `default` in `cargo test`, or PROPTEST_CASES for a longer run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The minimal fixture's files, to mutate.
fn sample(file: &str) -> String {
    std::fs::read_to_string(crate::support::fixture("minimal").join(file)).unwrap()
}

/// Applies byte-level edits (delete, insert, replace) and keeps the result valid UTF-8 lossily.
fn mutate(text: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, op, byte) in edits {
        if bytes.is_empty() {
            bytes.push(byte);
            continue;
        }
        let i = at % bytes.len();
        match op % 3 {
            0 => {
                bytes.remove(i);
            }
            1 => bytes.insert(i, byte),
            _ => bytes[i] = byte,
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Characters that matter to YAML and Markdown, plus Chinese, to build hostile strings from.
fn syntaxy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("- ".to_string()),
            Just(": ".to_string()),
            Just("\n".to_string()),
            Just("  ".to_string()),
            Just("&a ".to_string()),
            Just("*a".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("{".to_string()),
            Just("---\n".to_string()),
            Just("\"".to_string()),
            Just("|".to_string()),
            Just("#".to_string()),
            Just("<script>".to_string()),
            Just("审计".to_string()),
            Just("id: x".to_string()),
            "[a-z0-9]{1,6}",
            any::<char>().prop_map(String::from),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn front_matter_splitter_never_panics(text in any::<String>(), built in syntaxy()) {
        let _ = split_front_matter(&text);
        if let Ok((yaml, body, line)) = split_front_matter(&built) {
            prop_assert!(yaml.len() + body.len() <= built.len());
            prop_assert!(line >= 3);
        }
    }

    #[test]
    fn yaml_loaders_never_panic(text in syntaxy(), edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..8)) {
        let _ = parse_yaml::<Vec<RawUnit>>(&text, 0);
        let _ = parse_yaml::<RawFrontMatter>(&text, 1);
        let units = mutate(&sample("data/units.yaml"), &edits);
        let _ = parse_yaml::<Vec<RawUnit>>(&units, 0);
        let projects = mutate(&sample("data/projects.yaml"), &edits);
        let _ = parse_yaml::<Vec<RawProject>>(&projects, 0);
        let metrics = mutate(&sample("data/metrics.yaml"), &edits);
        let _ = parse_yaml::<Vec<RawMetric>>(&metrics, 0);
    }

    #[test]
    fn markdown_never_panics_and_never_lets_script_through(text in any::<String>(), built in syntaxy()) {
        for input in [&text, &built] {
            let r = render(input, "../../", RawHtml::Sanitise);
            prop_assert!(!r.html.contains("<script"));
        }
    }

    #[test]
    fn number_formatting_never_panics(x in any::<f64>(), d in 0usize..6) {
        let _ = tongbao::util::format::number(x, d);
        let _ = tongbao::util::format::money_wan(x);
        let _ = tongbao::util::format::percent(x);
        let _ = tongbao::util::format::with_unit(x, "%");
    }

    #[test]
    fn date_parsing_never_panics(text in "[0-9-]{0,12}", any_text in any::<String>()) {
        let _ = tongbao::util::date::Date::parse(&text, true);
        let _ = tongbao::util::date::Date::parse(&any_text, false);
    }
}

proptest! {
    // A whole build per case: fewer cases by default.
    #![proptest_config(ProptestConfig { cases: cases(24), ..ProptestConfig::default() })]

    #[test]
    fn a_build_of_a_mutated_site_gives_pages_or_diagnostics(
        file in prop_oneof![Just("data/units.yaml"), Just("data/projects.yaml"), Just("data/metrics.yaml"), Just("data/posts/road-section.yaml"), Just("content/stories/audit-points.md")],
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6),
    ) {
        let (_tmp, root) = crate::support::site_from_fixture("minimal");
        crate::support::write(&root, file, &mutate(&sample(file), &edits));
        match crate::support::build(&root) {
            Ok(report) => prop_assert!(report.pages > 0),
            Err(failure) => {
                prop_assert!(!failure.diagnostics.is_empty());
                prop_assert!(!root.join("public").exists());
            }
        }
    }
}
