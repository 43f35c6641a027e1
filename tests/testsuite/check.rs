//! `tongbao check` as CI runs it: bad data and broken links fail with the file, line and column,
//! as JSON lines or GitHub annotations, and a clean site passes.

use std::path::Path;
use std::process::Output;

use crate::support::scaffolded_site;

/// Runs `tongbao` in `dir` (the parent of the site, as CI would) with these arguments.
fn tongbao(dir: &Path, args: &[&str]) -> Output {
    crate::support::tongbao()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// A fresh site from `tongbao init` in `<tmp>/site`.
fn new_site() -> tempfile::TempDir {
    scaffolded_site().0
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect()
}

/// 1-based line and character column of the first `needle` in `file`.
fn where_is(file: &Path, needle: &str) -> (u64, u64) {
    let text = std::fs::read_to_string(file).unwrap();
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = line.find(needle) {
            return ((i + 1) as u64, (line[..at].chars().count() + 1) as u64);
        }
    }
    panic!("{needle} not in {}", file.display());
}

#[test]
fn a_clean_site_passes_and_prints_nothing_as_json() {
    let tmp = new_site();
    let out = tongbao(tmp.path(), &["check", "--root", "site", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(json_lines(&out).is_empty());
    assert!(
        !tmp.path().join("site/public").exists(),
        "check writes nothing"
    );
}

#[test]
fn a_bad_value_is_reported_as_json_and_as_a_github_annotation_at_its_line() {
    let tmp = new_site();
    let unit = tmp.path().join("site/data/units/example-unit.yaml");
    let text = std::fs::read_to_string(&unit).unwrap();
    std::fs::write(
        &unit,
        text.replace("kind: city-department", "kind: ministry"),
    )
    .unwrap();
    let (line, _) = where_is(&unit, "kind: ministry");

    let out = tongbao(tmp.path(), &["check", "--root", "site", "--format", "json"]);
    assert!(!out.status.success());
    let diags = json_lines(&out);
    let d = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("ministry"))
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(d["file"], "site/data/units/example-unit.yaml");
    assert_eq!(d["line"], line);
    assert_eq!(d["column"], 7);
    assert_eq!(d["severity"], "error");
    assert!(d["help"].as_str().unwrap().contains("city-department"));

    let out = tongbao(
        tmp.path(),
        &["check", "--root", "site", "--format", "github"],
    );
    assert!(!out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected = format!("::error file=site/data/units/example-unit.yaml,line={line},col=7::");
    let annotation = stdout
        .lines()
        .find(|l| l.starts_with(&expected))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(annotation.contains("ministry"));
    assert!(
        annotation.contains("%0Ahelp: "),
        "help on its own line: {annotation}"
    );
    assert!(!annotation.contains('\r'));
}

#[test]
fn broken_internal_links_and_anchors_are_found_at_the_line_that_wrote_them() {
    let tmp = new_site();
    let story = tmp.path().join("site/content/stories/welcome.md");
    let mut text = std::fs::read_to_string(&story).unwrap();
    text.push_str(
        "\n见[不存在的单位](../../units/nobody/)。\n\n跳到[没有的小节](#no-such-heading)，[示例单位](../../units/example-unit/)。\n",
    );
    std::fs::write(&story, text).unwrap();
    let (link_line, link_col) = where_is(&story, "../../units/nobody/");
    let (anchor_line, anchor_col) = where_is(&story, "#no-such-heading");

    let out = tongbao(tmp.path(), &["check", "--root", "site", "--format", "json"]);
    assert!(!out.status.success());
    let diags = json_lines(&out);
    assert_eq!(diags.len(), 2, "{diags:?}");
    let link = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("units/nobody"))
        .unwrap();
    assert_eq!(link["file"], "site/content/stories/welcome.md");
    assert_eq!(
        (link["line"].clone(), link["column"].clone()),
        (link_line.into(), link_col.into())
    );
    let anchor = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("no-such-heading"))
        .unwrap();
    assert_eq!(
        (anchor["line"].clone(), anchor["column"].clone()),
        (anchor_line.into(), anchor_col.into())
    );

    // Human output names the place too.
    let out = tongbao(tmp.path(), &["check", "--root", "site"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "site/content/stories/welcome.md:{link_line}:{link_col}"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("2 error(s)"), "{stderr}");
}

#[test]
fn an_id_given_twice_on_a_page_is_reported_where_it_is_written() {
    let tmp = new_site();
    let story = tmp.path().join("site/content/stories/welcome.md");
    let mut text = std::fs::read_to_string(&story).unwrap();
    // Headings named like the theme's own ids get their own; raw HTML can still repeat an id.
    text.push_str("\n## main\n\n## Cite H\n\n<p id=\"twice\">一</p>\n\n<p id=\"twice\">二</p>\n");
    std::fs::write(&story, text).unwrap();
    let (line, column) = where_is(&story, "id=\"twice\"");

    let out = tongbao(tmp.path(), &["check", "--root", "site", "--format", "json"]);
    assert!(!out.status.success());
    let diags = json_lines(&out);
    assert_eq!(diags.len(), 1, "only the raw id is repeated: {diags:?}");
    let message = diags[0]["message"].as_str().unwrap();
    assert!(
        message.contains("`twice`") && message.contains("more than one element"),
        "{message}"
    );
    assert_eq!(diags[0]["file"], "site/content/stories/welcome.md");
    assert_eq!(
        (diags[0]["line"].clone(), diags[0]["column"].clone()),
        (line.into(), column.into())
    );
}
