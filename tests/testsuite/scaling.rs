//! Lists stay bounded as a site grows: a county page shows one page of its stories and links to the
//! rest, and a pagination bar links a fixed number of pages, never every page (which would make a
//! list of n pages cost n² links, the quadratic step the benchmark looks for).

use crate::support::*;

/// Adds `n` stories, all in the county `wucheng` and under the tag `积分制考核`.
fn add_stories(root: &std::path::Path, n: usize) {
    for i in 0..n {
        write(
            root,
            &format!("content/stories/bulk-{i:03}.md"),
            &format!(
                "---\ntitle: 第{i}篇\ndate: 2022-09-{:02}\ncounties: [wucheng]\ntags: [积分制考核]\n---\n\n正文{i}。\n",
                i % 28 + 1
            ),
        );
    }
}

#[test]
fn county_stories_paginate() {
    let (_tmp, root) = site_from_fixture("minimal");
    add_stories(&root, 41);
    build(&root).unwrap();
    // 2 stories per page (the fixture's stories_per_page): 41 bulk stories make 21 pages.
    let first = page(&root, "counties/wucheng/index.html");
    assert_eq!(
        first.matches(r#"<h3 class="story-title"><a href="#).count(),
        2,
        "{first}"
    );
    assert!(
        first.contains(r#"href="../../counties/wucheng/page/2/""#),
        "{first}"
    );
    assert!(
        first.contains(r#"href="../../counties/wucheng/page/21/""#),
        "{first}"
    );
    assert!(first.contains(r#"id="units-h""#), "{first}");
    let last = page(&root, "counties/wucheng/page/21/index.html");
    assert!(
        !last.contains(r#"id="units-h""#),
        "later pages show only stories: {last}"
    );
    assert!(last.contains(r#"rel="prev""#), "{last}");
    assert!(!root.join("public/counties/wucheng/page/22").exists());
    let middle = page(&root, "counties/wucheng/page/11/index.html");
    assert_eq!(
        middle
            .matches(r#"<h3 class="story-title"><a href="#)
            .count(),
        2,
        "{middle}"
    );
}

#[test]
fn pagination_links_a_bounded_number_of_pages() {
    let (_tmp, root) = site_from_fixture("minimal");
    add_stories(&root, 80);
    build(&root).unwrap();
    // The tag has 80 stories (and those of the fixture): at least 40 pages.
    let middle = page(&root, "stories/tags/积分制考核/page/20/index.html");
    let nav = &middle[middle
        .find(r#"<nav class="pagination""#)
        .expect("a pagination bar")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let links = nav.matches("<a ").count();
    // prev, next, first, last and two either side of the current page.
    assert_eq!(links, 2 + 2 + 4, "{nav}");
    assert!(
        nav.contains(r#"<span aria-current="page">20</span>"#),
        "{nav}"
    );
    assert_eq!(nav.matches(r#"class="gap""#).count(), 2, "{nav}");
    assert!(nav.contains("page/18/") && nav.contains("page/22/") && !nav.contains("page/17/"));
}
