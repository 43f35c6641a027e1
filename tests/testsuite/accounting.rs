//! Every file accounted for (#13): a file under `data/` or `content/` that tongbao does not read
//! stops the build with its name and the name it was likely meant to have; what office machines
//! and editors leave behind (lock and backup files, README, Thumbs.db, hidden files) is skipped.

use crate::support::*;

#[test]
fn a_misnamed_file_fails_the_build_with_the_name_it_was_meant_to_have() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(
        &root,
        "data/event.yaml",
        "- id: a\n  date: 2022-01-01\n  title: 事件\n",
    );
    write(&root, "content/about.md", "---\ntitle: 关于\n---\n正文\n");
    write(&root, "data/unit/extra.yaml", "id: extra\n");
    let out = tongbao()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stderr);
    for (file, meant) in [
        ("data/event.yaml", "did you mean `data/events.yaml`?"),
        ("content/about.md", "did you mean `content/pages/about.md`?"),
        (
            "data/unit/extra.yaml",
            "did you mean `data/units/extra.yaml`?",
        ),
    ] {
        let at = text
            .find(&format!("--> {file}"))
            .unwrap_or_else(|| panic!("{file} not named:\n{text}"));
        assert!(text[at..].contains(meant), "{file}: {text}");
    }
    assert!(text.contains("tongbao does not read this file"), "{text}");
    assert!(text.contains("build failed: 3 errors"), "{text}");
    assert!(!root.join("public").exists());
}

#[test]
fn spreadsheets_are_read_in_their_folders_and_a_misspelt_one_is_reported() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(&root, "data/observations/~$sheet.xlsx", "lock");
    write(&root, "data/observations/x.cvs", "date,value\n");
    let text = build(&root).unwrap_err().render();
    assert!(text.contains("--> data/observations/x.cvs"), "{text}");
    assert!(
        text.contains("did you mean `data/observations/x.csv`?"),
        "{text}"
    );
    assert!(!text.contains("~$sheet"), "a lock file is skipped: {text}");
}

#[test]
fn a_file_like_nothing_tongbao_reads_gets_the_list_of_what_it_reads() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(&root, "data/budget-2022.docx", "x");
    let text = build(&root).unwrap_err().render();
    assert!(text.contains("--> data/budget-2022.docx"), "{text}");
    assert!(
        text.contains("tongbao reads only data/site.yaml")
            && text.contains("content/pages/<name>.md"),
        "{text}"
    );
}

#[test]
fn what_office_machines_and_editors_leave_behind_is_skipped() {
    let (_tmp, root) = site_from_fixture("honest-site");
    for file in [
        "data/~$metrics.xlsx",
        "data/metrics.yaml~",
        "data/metrics.yaml.bak",
        "data/Thumbs.db",
        "data/.DS_Store",
        "data/README.md",
        "content/readme.txt",
        "content/stories/.hall.md.swp",
        "content/stories/desktop.ini",
        "data/.archive/old.yaml",
    ] {
        write(&root, file, "not read");
    }
    build(&root).or_diagnostics();
}

#[test]
fn pages_in_a_folder_below_content_pages_are_reported() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(
        &root,
        "content/pages/2022/about.md",
        "---\ntitle: 关于\n---\n",
    );
    let text = build(&root).unwrap_err().render();
    assert!(text.contains("--> content/pages/2022/about.md"), "{text}");
}
