//! Small frictions a newcomer met (#13): a template mistake reported once, `build` outside a site,
//! `check -v` timings, and search opened from disk.

use crate::support::*;

#[test]
fn a_template_mistake_is_reported_once_in_the_template_that_holds_it() {
    let (_tmp, root) = site_from_fixture("minimal");
    let base =
        std::fs::read_to_string(repo_root().join("themes/default/templates/base.html")).unwrap();
    write(
        &root,
        "themes/default/templates/base.html",
        &base.replacen(
            "{{ site.title }}</a>",
            "{{ site.title }}{{ nope.x }}</a>",
            1,
        ),
    );
    let failure = build(&root).unwrap_err();
    let text = failure.render();
    assert_eq!(failure.diagnostics.len(), 1, "{text}");
    assert!(
        text.contains("--> themes/default/templates/base.html:"),
        "{text}"
    );
    assert!(text.contains("Variable `nope` is not defined"), "{text}");
    assert!(
        text.contains("(while rendering /") && text.contains(" other pages)"),
        "{text}"
    );
}

#[test]
fn build_outside_a_site_says_to_run_init_or_pass_root() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tongbao()
        .arg("build")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("this folder is not a tongbao site"), "{text}");
    assert!(
        text.contains("tongbao init") && text.contains("--root"),
        "{text}"
    );
    assert!(text.contains("build failed: 1 error"), "{text}");
}

#[test]
fn check_verbose_prints_the_time_of_each_phase() {
    let (_tmp, root) = site_from_fixture("minimal");
    let out = tongbao()
        .args(["check", "--verbose", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stderr);
    for phase in ["load", "validate", "render", "links"] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(phase) && l.ends_with(" ms")),
            "no `{phase}` timing in:\n{text}"
        );
    }
}

#[test]
fn search_opened_from_disk_says_to_run_serve() {
    let js = read(&example_site().dir, "search.js");
    assert!(js.contains(r#"location.protocol === "file:""#) && js.contains("tongbao serve"));
}
