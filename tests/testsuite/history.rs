//! What changed since the last publication: a journalist opens /changes/ on a site whose git
//! history holds three publications and reads, line by line with links, the new readings, the
//! revised figure, the project's new status and the story's correction; each record's page tells
//! 数据截至 from 最后更新; the feed has one entry per publication; a removed record keeps a page.
//! Without a usable history the build still succeeds and says so.

use std::path::{Path, PathBuf};

use crate::support::*;

const METRIC: &str = "data/metrics/example-metric.yaml";
const PROJECT: &str = "data/projects/example-project.yaml";
const STORY: &str = "content/stories/welcome.md";

fn set(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} holds {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// A repository (in a temp folder) whose site, in `site/`, has three publications:
/// 2022-08-31 (committed 2022-09-01 10:00 Beijing time), 2022-09-30 (two commits, the last on
/// 2022-10-03) and 2022-10-31 (committed 2022-10-31 17:00 UTC, which is 2022-11-01 in Beijing).
fn three_publications() -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = scaffolded_site_outside_git();
    let repo = tmp.path();
    git(repo, &["init", "-q", "-b", "main"]);
    set(
        &root,
        "data/site.yaml",
        "as_of: 2022-09-30",
        "as_of: 2022-08-31",
    );
    set(
        &root,
        METRIC,
        "observations: []",
        "observations:\n  - { date: 2022-06-30, value: 40 }\n  - { date: 2022-08-31, value: 60 }",
    );
    set(&root, STORY, "date: 2022-09-30", "date: 2022-08-20");
    set(
        &root,
        PROJECT,
        "planned_investment: 0",
        "planned_investment: 2000",
    );
    commit_all(repo, "2022-08-31 期", "2022-09-01T10:00:00+08:00");

    set(
        &root,
        "data/site.yaml",
        "as_of: 2022-08-31",
        "as_of: 2022-09-30",
    );
    set(
        &root,
        METRIC,
        "  - { date: 2022-08-31, value: 60 }",
        "  - { date: 2022-08-31, value: 60 }\n  - { date: 2022-09-30, value: 70 }",
    );
    set(&root, PROJECT, "status: planned", "status: started");
    set(
        &root,
        PROJECT,
        "invested: []",
        "invested:\n  - { date: 2022-09-30, amount: 500 }",
    );
    commit_all(repo, "九月数据", "2022-10-02T09:00:00+08:00");
    write(
        &root,
        "data/units/new-unit.yaml",
        "id: new-unit\nname: 新设的单位\nkind: city-department\ncounty: decheng\nsource: example-source\nillustrative: true\n",
    );
    commit_all(repo, "九月补充一个单位", "2022-10-03T09:00:00+08:00");

    set(
        &root,
        "data/site.yaml",
        "as_of: 2022-09-30",
        "as_of: 2022-10-31",
    );
    set(
        &root,
        METRIC,
        "  - { date: 2022-09-30, value: 70 }",
        "  - { date: 2022-09-30, value: 68 }\n  - { date: 2022-10-31, value: 80 }",
    );
    set(
        &root,
        STORY,
        "draft: false",
        "draft: false\ncorrections:\n  - { date: 2022-10-20, text: 原文将开工日期误写为9月1日，应为9月10日。 }",
    );
    std::fs::remove_file(root.join("data/posts/example-post.yaml")).unwrap();
    commit_all(repo, "十月数据", "2022-10-31T17:00:00Z");
    (tmp, root)
}

/// The text of a page, tags removed and whitespace collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn changes_tell_a_journalist_what_changed_since_the_last_publication_with_every_line_linked() {
    let (_tmp, root) = three_publications();
    let report = build(&root).unwrap_or_else(|f| panic!("{}", f.render()));
    assert!(report.warnings.is_empty(), "{}", report.render_warnings());
    let html = page(&root, "changes/index.html");
    let page_text = text(&html);
    for expected in [
        "本期数据截至2022年10月31日，发布于2022年11月1日",
        "与上一期（数据截至2022年9月30日，发布于2022年10月3日）相比",
        "新增观测：2022年10月31日 80%（上期最新：2022年9月30日 70%）；状态由",
        "修订：2022年9月30日的观测值由 70% 改为 68%。",
        "更正（2022年10月20日）：原文将开工日期误写为9月1日，应为9月10日。",
        "已删除",
    ] {
        assert!(
            page_text.contains(expected),
            "/changes/ says {expected:?}:\n{page_text}"
        );
    }
    // Every line of the changes names its record with a link.
    let lines: Vec<&str> = html
        .split("<ul class=\"changes\">")
        .skip(1)
        .flat_map(|list| list.split("</ul>").next().unwrap().split("<li>").skip(1))
        .collect();
    assert!(lines.len() >= 4, "{lines:?}");
    for line in &lines {
        assert!(line.contains("<a href=\""), "a line without a link: {line}");
    }
    assert!(html.contains("href=\"../metrics/example-metric/\""));
    assert!(html.contains("href=\"../posts/example-post/\""));
    // The list of publications links the earlier ones.
    assert!(
        html.contains("href=\"../changes/2022-09-30/\"") || html.contains("href=\"2022-09-30/\"")
    );

    let september = text(&page(&root, "changes/2022-09-30/index.html"));
    for expected in [
        "状态由“未开工”变为“已开工”",
        "首次报告累计完成投资：500万元（截至2022年9月30日）",
        "新设的单位",
        "单位 新设的单位：本期新增。",
        "新增观测：2022年9月30日 70%（上期最新：2022年8月31日 60%）",
    ] {
        assert!(
            september.contains(expected),
            "September says {expected:?}:\n{september}"
        );
    }
    let first = text(&page(&root, "changes/2022-08-31/index.html"));
    assert!(first.contains("这是本站的第一期发布"), "{first}");
}

#[test]
fn each_record_says_when_its_data_is_from_and_when_it_last_changed() {
    let (_tmp, root) = three_publications();
    build(&root).unwrap_or_else(|f| panic!("{}", f.render()));
    let metric = text(&page(&root, "metrics/example-metric/index.html"));
    assert!(
        metric.contains("数据截至：2022年10月31日 · 最后更新：2022年11月1日"),
        "{metric}"
    );
    assert!(metric.contains("修订记录"), "{metric}");
    assert!(
        metric.contains("2022年9月30日的观测值由 70% 改为 68%"),
        "{metric}"
    );
    let unit = text(&page(&root, "units/example-unit/index.html"));
    assert!(
        unit.contains("最后更新：2022年9月1日"),
        "unchanged since the first: {unit}"
    );
    let new_unit = text(&page(&root, "units/new-unit/index.html"));
    assert!(new_unit.contains("最后更新：2022年10月3日"), "{new_unit}");
    let project = text(&page(&root, "projects/example-project/index.html"));
    assert!(
        project.contains("数据截至：2022年9月30日 · 最后更新：2022年10月3日"),
        "{project}"
    );
    // The removed post keeps a page saying when it went.
    let removed = text(&page(&root, "posts/example-post/index.html"));
    assert!(
        removed.contains("已在数据截至2022年10月31日的一期"),
        "{removed}"
    );
    // The dataset as it stood at each earlier publication.
    let old = page(&root, "data/2022-08-31/site.yaml");
    assert!(old.contains("as_of: 2022-08-31"));
    assert!(page(&root, "data/2022-09-30/posts/example-post.yaml").contains("id: example-post"));
}

#[test]
fn a_corrected_story_shows_the_correction_at_its_top_and_its_feed_entry_is_updated() {
    let (_tmp, root) = three_publications();
    build(&root).unwrap_or_else(|f| panic!("{}", f.render()));
    let story = page(&root, "stories/welcome/index.html");
    let correction = story.find("更正").expect("更正 on the story");
    assert!(
        correction < story.find("class=\"prose\"").unwrap(),
        "above the body"
    );
    let feed = page(&root, "feed.xml");
    assert!(feed.contains("<published>2022-08-20T00:00:00+08:00</published>"));
    assert!(
        feed.contains("<updated>2022-10-20T00:00:00+08:00</updated>"),
        "{feed}"
    );
}

#[test]
fn the_changes_feed_has_one_entry_per_publication_dated_by_its_commit() {
    let (_tmp, root) = three_publications();
    build(&root).unwrap_or_else(|f| panic!("{}", f.render()));
    let feed = page(&root, "changes/feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("well-formed Atom");
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 3);
    let updated: Vec<&str> = entries
        .iter()
        .map(|e| {
            e.children()
                .find(|n| n.has_tag_name("updated"))
                .and_then(|n| n.text())
                .unwrap()
        })
        .collect();
    assert_eq!(
        updated,
        [
            "2022-11-01T00:00:00+08:00",
            "2022-10-03T00:00:00+08:00",
            "2022-09-01T00:00:00+08:00"
        ]
    );
    assert!(feed.contains("修订：2022年9月30日的观测值由 70% 改为 68%。"));
}

#[test]
fn the_same_history_gives_byte_identical_output() {
    let (tmp, root) = three_publications();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_into(&root, &a).unwrap_or_else(|f| panic!("{}", f.render()));
    build_into(&root, &b).unwrap_or_else(|f| panic!("{}", f.render()));
    assert!(read_tree(&a) == read_tree(&b), "two builds differ");
}

#[test]
fn uncommitted_edits_are_the_current_publication() {
    let (_tmp, root) = three_publications();
    set(
        &root,
        "data/site.yaml",
        "as_of: 2022-10-31",
        "as_of: 2022-11-30",
    );
    set(
        &root,
        METRIC,
        "  - { date: 2022-10-31, value: 80 }",
        "  - { date: 2022-10-31, value: 80 }\n  - { date: 2022-11-30, value: 90 }",
    );
    build(&root).unwrap_or_else(|f| panic!("{}", f.render()));
    let changes = text(&page(&root, "changes/index.html"));
    assert!(changes.contains("尚未提交的版本"), "{changes}");
    assert!(
        changes.contains("新增观测：2022年11月30日 90%（上期最新：2022年10月31日 80%）"),
        "{changes}"
    );
    assert!(root.join("public/changes/2022-10-31/index.html").is_file());
}

#[test]
fn outside_a_repository_the_build_warns_and_the_page_says_the_history_is_unavailable() {
    let (_tmp, root) = scaffolded_site_outside_git();
    let report = build(&root).unwrap_or_else(|f| panic!("{}", f.render()));
    let warnings = report.render_warnings();
    assert!(warnings.contains("history cannot be read"), "{warnings}");
    assert!(warnings.contains("not in a git repository"), "{warnings}");
    let changes = text(&page(&root, "changes/index.html"));
    assert!(
        changes.contains("无法读取本站的发布历史：站点目录不在 git 仓库中"),
        "{changes}"
    );
}

#[test]
fn a_shallow_clone_is_named_as_such() {
    let (tmp, root) = three_publications();
    let clone = tmp.path().join("clone");
    let source = format!("file://{}", tmp.path().display());
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &source,
            clone.to_str().unwrap(),
        ],
    );
    let report = build(&clone.join("site")).unwrap_or_else(|f| panic!("{}", f.render()));
    assert!(report.render_warnings().contains("shallow clone"));
    let changes = text(&page(&clone.join("site"), "changes/index.html"));
    assert!(changes.contains("浅克隆"), "{changes}");
    drop(root);
}

#[test]
fn an_old_publication_that_cannot_be_read_is_named_in_a_note_not_a_failure() {
    let (tmp, root) = three_publications();
    // Rewrite history's middle publication? Simpler: a fourth publication whose unit file is broken,
    // followed by a fifth that mends it.
    set(
        &root,
        "data/site.yaml",
        "as_of: 2022-10-31",
        "as_of: 2022-11-30",
    );
    write(&root, "data/units/new-unit.yaml", "id: [broken\n");
    commit_all(tmp.path(), "坏文件", "2022-12-01T09:00:00+08:00");
    set(
        &root,
        "data/site.yaml",
        "as_of: 2022-11-30",
        "as_of: 2022-12-31",
    );
    write(
        &root,
        "data/units/new-unit.yaml",
        "id: new-unit\nname: 新设的单位\nkind: city-department\ncounty: decheng\nsource: example-source\nillustrative: true\n",
    );
    commit_all(tmp.path(), "修好", "2023-01-02T09:00:00+08:00");
    build(&root).unwrap_or_else(|f| panic!("{}", f.render()));
    let changes = text(&page(&root, "changes/index.html"));
    assert!(changes.contains("未能读取的文件"), "{changes}");
    assert!(
        changes.contains("2022年11月30日期 data/units/new-unit.yaml"),
        "{changes}"
    );
    // Compared with the last readable publication, the unit was neither removed nor added.
    assert!(!changes.contains("新设的单位"), "{changes}");
}
