//! The build as an editor and a reader meet it: every page kind, links that resolve, relations in
//! both directions, drafts, escaping, determinism and atomic output.

use crate::support::links;
use crate::support::*;
use tongbao::util::date::Date;
use tongbao::validate::ValidateOptions;

#[test]
fn a_small_site_builds_every_page_kind() {
    let (_tmp, root) = site_from_fixture("minimal");
    let report = build(&root).or_diagnostics();
    for path in [
        "index.html",
        "stories/index.html",
        "stories/audit-points/index.html",
        "stories/tags/index.html",
        "stories/tags/积分制考核/index.html",
        "units/index.html",
        "units/audit-bureau/index.html",
        "posts/index.html",
        "posts/road-section/index.html",
        "projects/index.html",
        "projects/canal/index.html",
        "metrics/index.html",
        "metrics/one-visit/index.html",
        "counties/index.html",
        "counties/wucheng/index.html",
        "campaign/index.html",
        "404.html",
        "style.css",
        "palette.css",
        "images/board.svg",
    ] {
        assert!(root.join("public").join(path).is_file(), "missing {path}");
    }
    assert!(report.pages >= 17);
    let home = page(&root, "index.html");
    assert!(home.contains(r#"<html lang="zh-CN">"#));
    assert!(home.contains("1076"), "headline fact on the home page");
    assert!(
        home.contains("进度正常"),
        "metric status in words on the home page"
    );
}

#[test]
fn every_internal_link_resolves() {
    let (_tmp, root) = site_from_fixture("minimal");
    build(&root).or_diagnostics();
    let checked = links::assert_every_link_resolves(&root.join("public"), "/test/");
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn relations_are_links_in_both_directions() {
    let (_tmp, root) = site_from_fixture("minimal");
    build(&root).or_diagnostics();
    let story = page(&root, "stories/audit-points/index.html");
    assert!(
        story.contains(r#"href="../../units/audit-bureau/""#),
        "story → unit"
    );
    assert!(
        story.contains(r#"href="../../projects/canal/""#),
        "story → project"
    );
    let unit = page(&root, "units/audit-bureau/index.html");
    assert!(
        unit.contains(r#"href="../../stories/audit-points/""#),
        "unit → story"
    );
    assert!(
        unit.contains(r#"href="../../projects/canal/""#),
        "unit → project it leads"
    );
    let post = page(&root, "posts/road-section/index.html");
    assert!(
        post.contains(r#"href="../../units/wucheng-gov/""#),
        "post → unit"
    );
    assert!(
        post.contains(r#"href="../../stories/road/""#),
        "post → story"
    );
    let unit = page(&root, "units/wucheng-gov/index.html");
    assert!(
        unit.contains(r#"href="../../posts/road-section/""#),
        "unit → post"
    );
    let county = page(&root, "counties/wucheng/index.html");
    assert!(
        county.contains("../../posts/road-section/") && county.contains("../../units/wucheng-gov/"),
        "county gathers posts and units"
    );
    let county = page(&root, "counties/decheng/index.html");
    assert!(
        county.contains("../../projects/canal/") && county.contains("../../stories/audit-points/"),
        "county gathers projects and stories"
    );
    let project = page(&root, "projects/canal/index.html");
    assert!(
        project.contains("../../counties/decheng/")
            && project.contains("../../stories/audit-points/")
    );
}

#[test]
fn pages_show_the_figures_their_readers_need() {
    let (_tmp, root) = site_from_fixture("minimal");
    build(&root).or_diagnostics();
    let project = page(&root, "projects/canal/index.html");
    assert!(
        project.contains("3.45亿元") && project.contains("4500万元"),
        "money in 亿元/万元"
    );
    assert!(
        project.contains("逾期未完成") && project.contains("滞后"),
        "an overdue milestone makes the project late"
    );
    assert!(
        project.contains("示意数据"),
        "illustrative figures are labelled"
    );
    assert!(
        project.contains("数据来源") && project.contains("测试报"),
        "source shown"
    );
    let metric = page(&root, "metrics/one-visit/index.html");
    assert!(
        metric.contains("进度正常") && metric.contains("2022年12月31日"),
        "status and deadline in words"
    );
    let unit = page(&root, "units/audit-bureau/index.html");
    assert!(
        unit.contains("连续两年亮黄牌"),
        "two yellow years bring an admonition"
    );
    assert!(
        unit.contains(">黄<"),
        "ratings named in text, not colour alone"
    );
    let story = page(&root, "stories/audit-points/index.html");
    assert!(
        story.contains("记者 蒋丽君")
            && story.contains("通讯员 梁承恺")
            && story.contains("责任编辑：李超然")
    );
    assert!(
        story.contains(r#"<h2 id="积分怎么算">"#),
        "headings carry ids"
    );
    assert!(story.contains(r#"<img src="../../images/board.svg" alt="考核表">"#));
}

#[test]
fn drafts_and_future_stories_are_left_out_unless_asked_for() {
    let (_tmp, root) = site_from_fixture("minimal");
    build(&root).or_diagnostics();
    assert!(!root.join("public/stories/secret").exists());
    assert!(!root.join("public/stories/later").exists());
    assert!(!page(&root, "stories/index.html").contains("草稿"));
    build_with(
        &root,
        ValidateOptions {
            drafts: true,
            ..Default::default()
        },
    )
    .or_diagnostics();
    assert!(root.join("public/stories/secret/index.html").is_file());
    assert!(root.join("public/stories/later/index.html").is_file());
    // A later reporting date publishes the future story without --drafts.
    build_with(
        &root,
        ValidateOptions {
            as_of: Date::parse("2022-10-31", false).ok(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(root.join("public/stories/later/index.html").is_file());
    assert!(!root.join("public/stories/secret").exists());
}

#[test]
fn stories_paginate() {
    let (_tmp, root) = site_from_fixture("minimal");
    build_with(
        &root,
        ValidateOptions {
            drafts: true,
            ..Default::default()
        },
    )
    .unwrap();
    // 4 stories, 2 per page.
    let first = page(&root, "stories/index.html");
    assert!(first.contains(r#"href="../stories/page/2/""#), "{first}");
    let second = page(&root, "stories/page/2/index.html");
    assert!(
        second.contains(r#"rel="prev" href="../../../stories/""#),
        "{second}"
    );
}

const PAYLOAD: &str = r#"<script>alert("x")</script>"#;

#[test]
fn script_in_any_field_comes_out_escaped() {
    let (_tmp, root) = site_from_fixture("minimal");
    let p = PAYLOAD.replace('"', "\\\"");
    write(
        &root,
        "data/site.yaml",
        &format!(
            "title: \"{p}\"\ndescription: \"{p}\"\nbase_url: https://example.gov.cn/\nas_of: 2022-09-30\npublisher: \"{p}\"\n"
        ),
    );
    let units = std::fs::read_to_string(root.join("data/units.yaml"))
        .unwrap()
        .replace("name: 市审计局", &format!("name: \"{p}\""))
        .replace("summary: 推行积分制考核。", &format!("summary: \"{p}\""))
        .replace("title: 示范单位", &format!("title: \"{p}\""));
    write(&root, "data/units.yaml", &units);
    let projects = std::fs::read_to_string(root.join("data/projects.yaml"))
        .unwrap()
        .replace("category: 文化旅游", &format!("category: \"{p}\""))
        .replace("title: 主体开工", &format!("title: \"{p}\""));
    write(&root, "data/projects.yaml", &projects);
    let metrics = std::fs::read_to_string(root.join("data/metrics.yaml"))
        .unwrap()
        .replace("unit_label: \"%\"", &format!("unit_label: \"{p}\""));
    write(&root, "data/metrics.yaml", &metrics);
    let story = std::fs::read_to_string(root.join("content/stories/audit-points.md"))
        .unwrap()
        .replace("title: 审计局的积分表", &format!("title: \"{p}\""))
        .replace("tags: [积分制考核]", "tags: [\"<b>tag<b>\"]")
        .replace("reporter: 蒋丽君", &format!("reporter: \"{p}\""))
        .replace("caption: 月度考核表", &format!("caption: \"{p}\""))
        .replace("走廊里", &format!("{PAYLOAD}走廊里"));
    write(&root, "content/stories/audit-points.md", &story);
    build(&root).or_diagnostics();
    let mut pages = 0;
    for (file, bytes) in read_tree(&root.join("public")) {
        if file.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(
                !html.contains("<script>alert"),
                "{file} carries a live script"
            );
            assert!(
                !html.contains("<b>tag<b>"),
                "{file} carries raw markup from a tag"
            );
            pages += 1;
        }
    }
    assert!(pages > 10);
    assert!(page(&root, "index.html").contains("&lt;script&gt;"));
    assert!(page(&root, "stories/audit-points/index.html").contains("&lt;script&gt;alert"));
}

/// The one determinism test: the largest site we have, built fresh and built again over its
/// previous output, is the same byte for byte (pages, charts, search index, feeds, downloads).
#[test]
fn the_example_site_builds_byte_for_byte_the_same_every_time() {
    let first = example_site();
    assert!(first.report.pages > 100, "{} pages", first.report.pages);
    for kind in [
        "units", "posts", "projects", "metrics", "counties", "stories",
    ] {
        assert!(
            first.dir.join(kind).join("index.html").is_file(),
            "{kind} list"
        );
    }
    let expected = read_tree(&first.dir);
    let tmp = tempfile::tempdir().unwrap();
    let again = tmp.path().join("wuxing");
    for which in ["a fresh build", "a build over the previous output"] {
        build_example(&again);
        let second = read_tree(&again);
        assert_eq!(
            expected.keys().collect::<Vec<_>>(),
            second.keys().collect::<Vec<_>>(),
            "{which} wrote other files"
        );
        for (file, bytes) in &expected {
            assert!(bytes == &second[file], "{file} differs in {which}");
        }
    }
}

#[test]
fn a_failing_build_leaves_the_previous_site_untouched() {
    let (_tmp, root) = site_from_fixture("minimal");
    build(&root).unwrap();
    let before = read_tree(&root.join("public"));
    write(
        &root,
        "data/posts/road-section.yaml",
        &std::fs::read_to_string(root.join("data/posts/road-section.yaml"))
            .unwrap()
            .replace("unit: wucheng-gov", "unit: nobody"),
    );
    let failure = build(&root).unwrap_err();
    assert!(failure.render().contains("unknown unit `nobody`"));
    assert_eq!(
        before,
        read_tree(&root.join("public")),
        "public/ changed after a failed build"
    );
    let leftovers = staging_leftovers(&root);
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_up() {
    let (_tmp, root) = site_from_fixture("minimal");
    build(&root).unwrap();
    let stale = root.join(".public.tongbao-new/units");
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(stale.join("half.html"), "half-written").unwrap();
    build(&root).unwrap();
    assert!(!root.join(".public.tongbao-new").exists());
    assert!(!root.join("public/units/half.html").exists());
}

#[test]
fn a_site_without_a_theme_folder_uses_the_built_in_theme_and_overrides_work() {
    let (_tmp, root) = site_from_fixture("minimal");
    assert!(!root.join("themes").exists());
    build(&root).unwrap();
    write(
        &root,
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>自定义404</p>{% endblock content %}",
    );
    build(&root).or_diagnostics();
    assert!(page(&root, "404.html").contains("自定义404"));
    assert!(
        page(&root, "index.html").contains("最新报道"),
        "other templates stay built-in"
    );
}
