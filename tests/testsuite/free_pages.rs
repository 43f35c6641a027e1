//! Free pages (#13): `content/pages/<slug>.md` is published at `/<slug>/`, linked from the
//! navigation or the footer as its front matter says, found by search, listed in the sitemap and
//! checked by `check`; a name the site needs for itself is refused.

use std::collections::BTreeSet;

use tongbao::BuildOptions;

use crate::support::*;

const ABOUT: &str = "---\ntitle: 关于本站\nsummary: 本站通报河清县的工作。\nmenu: nav\norder: 2\n---\n\n## 主办\n\n河清县[政务服务](/metrics/)专班。\n";

#[test]
fn a_page_is_published_at_its_name_and_linked_from_its_menu() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(&root, "content/pages/about.md", ABOUT);
    write(
        &root,
        "content/pages/corrections.md",
        "---\ntitle: 更正\nmenu: footer\n---\n\n目前没有更正。\n",
    );
    write(
        &root,
        "content/pages/methodology.md",
        "---\ntitle: 数据说明\nmenu: nav\norder: 1\n---\n\n说明。\n",
    );
    write(
        &root,
        "content/pages/hidden.md",
        "---\ntitle: 不在菜单里\n---\n\n别处链接。\n",
    );
    build(&root).or_diagnostics();
    let about = page(&root, "about/index.html");
    assert!(about.contains("<h1>关于本站</h1>"), "{about}");
    assert!(about.contains(r#"<h2 id="主办">"#), "{about}");
    // Links written from the site root are made relative to the page.
    assert!(about.contains(r#"href="../metrics/""#), "{about}");
    assert!(
        about.contains(r#"<meta name="description" content="本站通报河清县的工作。">"#),
        "{about}"
    );
    // The navigation lists nav pages by `order`, and marks the current one.
    let home = page(&root, "index.html");
    let nav = &home[home.find("主导航").unwrap()..home.find("</nav>").unwrap()];
    let (m, a) = (nav.find("数据说明").unwrap(), nav.find("关于本站").unwrap());
    assert!(m < a, "order 1 before order 2: {nav}");
    assert!(
        !nav.contains("更正") && !nav.contains("不在菜单里"),
        "{nav}"
    );
    assert!(
        about.contains(r#"<a href="../about/" aria-current="page">关于本站</a>"#),
        "{about}"
    );
    let footer = &home[home.find("site-footer").unwrap()..];
    assert!(
        footer.contains(r#"<a href="corrections/">更正</a>"#),
        "{footer}"
    );
    assert!(!home.contains("不在菜单里"));
    assert!(root.join("public/hidden/index.html").is_file());
    // In the sitemap, and in the search index with its kind.
    let sitemap = page(&root, "sitemap.xml");
    for slug in ["about", "corrections", "methodology", "hidden"] {
        assert!(
            sitemap.contains(&format!("/{slug}/</loc>")),
            "{slug}: {sitemap}"
        );
    }
    let docs: String = std::fs::read_dir(root.join("public/search"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(docs.contains(r#"["page","关于本站","about/""#), "{docs}");
    assert!(docs.contains(r#"["page","页面"]"#), "{docs}");
}

#[test]
fn a_page_with_a_reserved_or_bad_name_or_an_unknown_menu_fails_at_its_file() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(&root, "content/pages/units.md", "---\ntitle: 单位\n---\n");
    write(&root, "content/pages/About.md", "---\ntitle: 关于\n---\n");
    write(
        &root,
        "content/pages/x.md",
        "---\ntitle: x\nmenu: sidebar\nlang: english language\n---\n",
    );
    write(
        &root,
        "content/pages/y.md",
        "---\ntitle: y\ndate: 2022-01-01\n---\n",
    );
    let text = build(&root).unwrap_err().render();
    for expected in [
        "the page name `units` is reserved: /units/ is the unit directory",
        "--> content/pages/units.md",
        "--> content/pages/About.md",
        "may only hold lowercase ASCII letters",
        "menu `sidebar` is not one of the known values",
        "--> content/pages/x.md:3:7",
        "use one of: nav, footer, none",
        "the language `english language` does not start with a language code",
        "--> content/pages/x.md:4:7",
        "unknown field `date`",
    ] {
        assert!(text.contains(expected), "expected `{expected}` in:\n{text}");
    }
}

#[test]
fn every_folder_the_site_writes_at_its_root_is_a_reserved_page_name() {
    let site = example_site();
    let pages: BTreeSet<String> = std::fs::read_dir(&site.dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let free: BTreeSet<&str> = ["about", "methodology", "corrections", "images"].into();
    for folder in &pages {
        assert!(
            tongbao::url::reserved_page_slug(folder).is_some() || free.contains(folder.as_str()),
            "the site writes /{folder}/, which a free page could also claim: add it to url::RESERVED_PAGE_SLUGS"
        );
    }
}

#[test]
fn the_example_site_has_its_about_methodology_and_corrections_pages() {
    let dir = &example_site().dir;
    let methodology = read(dir, "methodology/index.html");
    for words in [
        "示意数据",
        "已达标",
        "数据未更新",
        "进度滞后",
        "未报告",
        "大众网·海报新闻",
    ] {
        assert!(methodology.contains(words), "数据说明 lacks {words}");
    }
    let about = read(dir, "about/index.html");
    assert!(about.contains("不是德州市或任何政府机关的网站"), "{about}");
    let corrections = read(dir, "corrections/index.html");
    assert!(corrections.contains("<h1>更正</h1>"));
    let home = read(dir, "index.html");
    assert!(
        home.contains(r#"<a href="methodology/">数据说明</a>"#),
        "in the nav"
    );
    assert!(
        home.contains(r#"<a href="about/">关于本站</a>"#)
            && home.contains(r#"<a href="corrections/">更正</a>"#)
    );
}

#[test]
fn check_reports_a_broken_link_in_a_page_or_story_at_its_markdown_line() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(
        &root,
        "content/pages/about.md",
        "---\ntitle: 关于\n---\n\n见[单位](/units/no-such-unit/)。\n",
    );
    write(
        &root,
        "content/stories/linked.md",
        "---\ntitle: 链接\ndate: 2022-09-01\nresponsible_editor: 编辑\n---\n\n第一段。\n\n见[项目](/projects/no-such-project/#top)。\n",
    );
    let report = tongbao::check::check(&BuildOptions {
        root: root.clone(),
        output: None,
        validate: Default::default(),
        pdf: None,
    });
    let at = |file: &str| {
        report
            .diagnostics
            .iter()
            .find(|d| d.file == std::path::Path::new(file))
            .map(|d| (d.position.line, d.message.clone()))
    };
    let (line, message) =
        at("content/pages/about.md").unwrap_or_else(|| panic!("{:?}", report.diagnostics));
    assert_eq!(line, 5, "{message}");
    assert!(message.contains("leads nowhere"), "{message}");
    let (line, _) =
        at("content/stories/linked.md").unwrap_or_else(|| panic!("{:?}", report.diagnostics));
    assert_eq!(line, 9);
}
