//! Languages (#13): a story or page may say `lang:` (a BCP 47 tag). Its text is marked with that
//! language (the `<article lang>` when it differs from the site's `language`, default zh-CN, and
//! otherwise the page's own `<html lang>`), while the navigation stays in the site's language;
//! its JSON-LD `inLanguage` and reading time (words, not characters) follow it.

use crate::support::*;

const ENGLISH: &str = "---
title: How a road section met the five zeros
date: 2022-09-12
summary: An English account of the road-protection section.
lang: en
reporter: Li Jiang
responsible_editor: Li Chaoran
---

\"We didn't build the post for its own sake,\" said the section chief. ";

fn english_story(words: usize) -> String {
    format!("{ENGLISH}{}\n", "word ".repeat(words))
}

#[test]
fn an_english_story_on_a_chinese_site_marks_its_article_and_keeps_the_navigation_chinese() {
    let (_tmp, root) = site_from_fixture("minimal");
    // About 450 words: three minutes at 200 words a minute (counted as characters, it would be 1).
    write(&root, "content/stories/english.md", &english_story(430));
    build(&root).or_diagnostics();
    let html = page(&root, "stories/english/index.html");
    assert!(
        html.contains(r#"<html lang="zh-CN">"#),
        "the page stays in the site's language"
    );
    assert!(
        html.contains(r#"<article class="story" lang="en">"#),
        "{html}"
    );
    assert!(html.contains(r#"aria-label="主导航""#) && html.contains(">报道</a>"));
    // The theme's own words inside the article (date line, sign-off) stay in the site's language.
    assert!(html.contains(r#"<p class="meta" lang="zh-CN">"#), "{html}");
    assert!(
        html.contains(r#"<footer class="signoff" lang="zh-CN">"#),
        "{html}"
    );
    assert!(html.contains(r#""inLanguage":"en""#), "{html}");
    assert!(html.contains("约3分钟读完"), "reading time by words");
    // Smart punctuation gives Latin curly quotes and apostrophes, which the article's language
    // sets in a Latin font (no full-width gaps around them).
    assert!(
        html.contains("“We didn’t build the post for its own sake,” said"),
        "{html}"
    );
    let css = page(&root, "style.css");
    assert!(
        css.contains("[lang]:not(:lang(zh))"),
        "Latin typography for other languages"
    );
    // A Chinese story says nothing extra.
    let chinese = page(&root, "stories/road/index.html");
    assert!(chinese.contains(r#"<article class="story">"#));
    assert!(chinese.contains(r#""inLanguage":"zh-CN""#));
}

#[test]
fn on_an_english_site_the_page_itself_carries_the_language() {
    let (_tmp, root) = site_from_fixture("minimal");
    let site = std::fs::read_to_string(root.join("data/site.yaml")).unwrap();
    write(&root, "data/site.yaml", &format!("{site}language: en\n"));
    write(&root, "content/stories/english.md", &english_story(10));
    write(
        &root,
        "content/pages/zh.md",
        "---\ntitle: 中文页面\nlang: zh-CN\n---\n\n中文。\n",
    );
    build(&root).or_diagnostics();
    let html = page(&root, "stories/english/index.html");
    assert!(html.contains(r#"<html lang="en">"#), "{html}");
    assert!(
        html.contains(r#"<meta property="og:locale" content="en">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<article class="story">"#),
        "no second mark of the same language"
    );
    assert!(html.contains(r#""inLanguage":"en""#));
    // A story that names no language is in the site's.
    let road = page(&root, "stories/road/index.html");
    assert!(road.contains(r#""inLanguage":"en""#));
    let zh = page(&root, "zh/index.html");
    assert!(
        zh.contains(r#"<article class="page" lang="zh-CN">"#),
        "{zh}"
    );
}

#[test]
fn a_language_that_is_not_a_bcp47_tag_is_an_error_at_its_line() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(
        &root,
        "content/stories/english.md",
        &ENGLISH.replace("lang: en", "lang: English_UK"),
    );
    let site = std::fs::read_to_string(root.join("data/site.yaml")).unwrap();
    write(&root, "data/site.yaml", &format!("{site}language: 中文\n"));
    let text = build(&root).unwrap_err().render();
    assert!(text.contains("content/stories/english.md:5:7"), "{text}");
    assert!(text.contains("the language `English_UK`"), "{text}");
    assert!(text.contains("the language `中文`"), "{text}");
    assert!(text.contains("BCP 47"), "{text}");
}

#[test]
fn the_honest_site_has_an_english_page_in_its_navigation() {
    let (_tmp, root) = site_from_fixture("honest-site");
    build(&root).or_diagnostics();
    let about = page(&root, "about-en/index.html");
    assert!(about.contains(r#"<html lang="zh-CN">"#));
    assert!(
        about.contains(r#"<article class="page" lang="en">"#),
        "{about}"
    );
    assert!(about.contains("It’s a test site"), "{about}");
    let home = page(&root, "index.html");
    assert!(
        home.contains(r#"<a href="about-en/">About this site</a>"#),
        "{home}"
    );
    // A page without a summary describes itself by its first paragraph.
    let jiucuo = page(&root, "jiucuo/index.html");
    assert!(jiucuo.contains(r#"<meta name="description" content="发现错误请写信告诉我们。本页没有摘要，摘要取自这第一段。">"#), "{jiucuo}");
}
