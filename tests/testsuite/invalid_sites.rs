//! Each folder under tests/fixtures/invalid/ holds files laid over the valid `minimal` site and an
//! `expected.txt`: every line of it must appear in the build's diagnostics. The build must fail,
//! name the file, line and column, and leave nothing behind.

use crate::support::*;

#[test]
fn every_invalid_site_fails_with_its_diagnostic() {
    let cases = fixture("invalid");
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 15, "only {} invalid fixtures", names.len());
    let mut problems = Vec::new();
    for case in names {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let (_tmp, root) = site_from_fixture("minimal");
        copy_dir(&case, &root);
        let expected = std::fs::read_to_string(case.join("expected.txt"))
            .unwrap_or_else(|_| panic!("{name}: no expected.txt"));
        match build(&root) {
            Ok(_) => problems.push(format!("{name}: the build succeeded")),
            Err(failure) => {
                let text = failure.render();
                for line in expected.lines().filter(|l| !l.trim().is_empty()) {
                    if !text.contains(line) {
                        problems.push(format!("{name}: expected `{line}` in:\n{text}"));
                    }
                }
                if root.join("public").exists() {
                    problems.push(format!("{name}: a failed build wrote public/"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn invalid_utf8_names_the_file_and_byte_offset() {
    let (_tmp, root) = site_from_fixture("minimal");
    let mut bytes = "- id: wucheng\n  name: ".as_bytes().to_vec();
    bytes.extend([0xce, 0xe4, 0xb3, 0xc7]); // 武城 in GBK
    bytes.extend(b"\n  kind: county\n");
    std::fs::write(root.join("data/counties.yaml"), bytes).unwrap();
    let text = build(&root).unwrap_err().render();
    assert!(text.contains("data/counties.yaml:2:9"), "{text}");
    assert!(
        text.contains("not valid UTF-8 (at byte offset 22)"),
        "{text}"
    );
    assert!(text.contains("GBK"), "{text}");
}

#[test]
fn a_bom_and_crlf_line_endings_are_accepted() {
    let (_tmp, root) = site_from_fixture("minimal");
    for file in ["data/units.yaml", "content/stories/road.md"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        std::fs::write(
            root.join(file),
            format!("\u{feff}{}", text.replace('\n', "\r\n")),
        )
        .unwrap();
    }
    build(&root).or_diagnostics();
    assert!(page(&root, "stories/road/index.html").contains("路产保护科"));
}

#[test]
fn a_collection_written_twice_is_refused() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(&root, "data/posts.yaml", "[]\n");
    let text = build(&root).unwrap_err().render();
    assert!(
        text.contains("the posts collection is written in more than one place"),
        "{text}"
    );
}

#[test]
fn a_record_file_named_unlike_its_id_is_refused() {
    let (_tmp, root) = site_from_fixture("minimal");
    std::fs::rename(
        root.join("data/posts/road-section.yaml"),
        root.join("data/posts/road.yaml"),
    )
    .unwrap();
    let text = build(&root).unwrap_err().render();
    assert!(text.contains("data/posts/road.yaml:1:5"), "{text}");
    assert!(text.contains("differs from the file name"), "{text}");
}
