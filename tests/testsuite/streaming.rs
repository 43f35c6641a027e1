//! The build writes each page into its staging folder as soon as it is rendered: what lands on disk
//! is exactly what the in-memory render makes, and a page that fails half-way through the rendering
//! still leaves the previous site as it was, with no staging folder behind.

use crate::support::*;
use tongbao::{BuildOptions, render_site};

#[test]
fn the_written_site_is_exactly_the_rendered_site() {
    let (_tmp, root) = site_from_fixture("minimal");
    let report = build(&root).or_diagnostics();
    let rendered = render_site(&BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    })
    .or_diagnostics();
    let mut on_disk = read_tree(&root.join("public"));
    assert!(
        on_disk.remove(tongbao::write::MARKER).is_some(),
        "the marker file"
    );
    let in_memory: std::collections::BTreeMap<String, Vec<u8>> = rendered
        .outputs
        .iter()
        .map(|o| (o.path.clone(), o.bytes.clone()))
        .collect();
    assert_eq!(
        on_disk.keys().collect::<Vec<_>>(),
        in_memory.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &in_memory {
        assert!(bytes == &on_disk[file], "{file} differs from render_site");
    }
    assert_eq!(report.files, rendered.outputs.len());
    assert_eq!(report.pages, rendered.pages);
    assert!(
        rendered.outputs.windows(2).all(|w| w[0].path < w[1].path),
        "render_site's outputs are sorted by path"
    );
}

#[test]
fn a_template_error_on_one_page_fails_the_build_and_keeps_the_previous_site() {
    let (_tmp, root) = site_from_fixture("minimal");
    build(&root).unwrap();
    let before = read_tree(&root.join("public"));
    // Every other page renders (and is written to the staging folder) before or beside the
    // failing ones.
    write(
        &root,
        "themes/default/templates/story.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value.field }}{% endblock content %}",
    );
    let failure = build(&root).unwrap_err().render();
    assert!(failure.contains("story.html"), "{failure}");
    assert!(failure.contains("while rendering /stories/"), "{failure}");
    assert_eq!(
        before,
        read_tree(&root.join("public")),
        "public/ changed after a failed build"
    );
    assert!(
        staging_leftovers(&root).is_empty(),
        "{:?}",
        staging_leftovers(&root)
    );
}

#[test]
fn a_template_error_on_a_first_build_leaves_no_output_folder() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(
        &root,
        "themes/default/templates/unit.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value.field }}{% endblock content %}",
    );
    let failure = build(&root).unwrap_err().render();
    assert!(failure.contains("unit.html"), "{failure}");
    assert!(!root.join("public").exists());
    assert!(staging_leftovers(&root).is_empty());
}

#[test]
fn the_previous_output_is_gone_when_the_build_returns() {
    let (_tmp, root) = site_from_fixture("minimal");
    build(&root).unwrap();
    // A file only the old output holds, deep in a folder.
    write(&root, "public/units/old/deep/gone.html", "old");
    build(&root).unwrap();
    assert!(!root.join("public/units/old").exists());
    assert!(staging_leftovers(&root).is_empty());
}

#[cfg(unix)]
#[test]
fn an_output_folder_reached_through_a_link_is_replaced_without_following_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (_site_tmp, root) = site_from_fixture("minimal");
    let real = tmp.path().join("real");
    let out = tmp.path().join("out");
    build_into(&root, &real).unwrap();
    std::os::unix::fs::symlink(&real, &out).unwrap();
    build_into(&root, &out).or_diagnostics();
    assert!(out.join("index.html").is_file());
    assert!(
        real.join("index.html").is_file(),
        "the folder the old link pointed to is left alone"
    );
}
