//! Markdown stories to HTML: tables, footnotes, strikethrough, smart punctuation and an id on
//! every heading; plus the plain text (for summaries and search) and the reading time.
//!
//! Raw HTML in a story is sanitised with ammonia (safe tags and attributes kept, scripts, event
//! handlers and `javascript:` URLs removed) unless the site trusts its editors
//! (`allow_raw_html: true`), and links with a scheme other than http, https or mailto are dropped:
//! by default a story can never inject script into the site. Links written
//! from the site root (`/units/x/`) are made relative to the story page, so the site works from any
//! sub-path and from disk: that is why stories are rendered after `plan`, which knows each page's
//! place.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use unicode_width::UnicodeWidthChar;

use crate::model::Site;
use crate::plan::{PageKind, Route};

/// Renders every story's body for the page the route table put it on, in parallel: links written
/// from the site root (`/units/x/`) become relative to that page, so moving story pages in `plan`
/// (or `url`) moves their links with them. Fills each story's HTML, headings, plain text, reading
/// time and, where the front matter gave none, its summary (the first paragraph).
pub fn render_stories(site: &mut Site, routes: &[Route]) {
    let mut roots = vec![String::new(); site.stories.len()];
    for route in routes {
        if let PageKind::Story(s) = route.kind {
            roots[s] = route.root();
        }
    }
    let raw_html = if site.settings.allow_raw_html {
        RawHtml::Allow
    } else {
        RawHtml::Sanitise
    };
    site.stories
        .par_iter_mut()
        .zip(roots.par_iter())
        .for_each(|(story, root)| {
            let rendered = render(&story.markdown, root, raw_html);
            if story.summary_from_body {
                story.summary = rendered.first_paragraph;
            }
            story.reading_minutes = reading_minutes(&rendered.plain_text);
            story.body_html = rendered.html;
            story.headings = rendered.headings;
            story.plain_text = rendered.plain_text;
        });
}

/// A story body, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// (level, id, text) of each heading, in order.
    pub headings: Vec<(u8, String, String)>,
    /// The text of the first paragraph.
    pub first_paragraph: String,
    /// All text, with paragraphs separated by newlines.
    pub plain_text: String,
}

/// What to do with raw HTML written inside Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Keep safe tags and attributes, drop the rest (the default).
    #[default]
    Sanitise,
    /// Pass it through untouched: only for sites whose editors are trusted.
    Allow,
}

/// Renders Markdown. `root` is the relative path from the page to the site root (e.g. `../../`).
pub fn render(markdown: &str, root: &str, raw_html: RawHtml) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Rendered::default();
    let mut used_ids = BTreeSet::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<(HeadingLevel, Option<CowStr>, Vec<Event>)> = None;
    let mut in_paragraph = false;
    let mut paragraph_text = String::new();
    let mut first_paragraph_done = false;
    let mut has_raw_html = false;

    for event in Parser::new_ext(markdown, options) {
        let event = match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                has_raw_html = true;
                Event::Html(html)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url, root),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_url(dest_url, root),
                title,
                id,
            }),
            other => other,
        };
        match &event {
            Event::Text(t) | Event::Code(t) => {
                out.plain_text.push_str(t);
                if in_paragraph {
                    paragraph_text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => out.plain_text.push(' '),
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                if !first_paragraph_done && !paragraph_text.trim().is_empty() {
                    out.first_paragraph = paragraph_text.trim().to_string();
                    first_paragraph_done = true;
                }
                paragraph_text.clear();
            }
            _ => {}
        }
        if matches!(
            event,
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell)
        ) {
            // Each table cell on a line of its own: search never matches across two cells.
            out.plain_text.push('\n');
        }
        // Headings are buffered so their id can come from their text.
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => heading = Some((level, id, Vec::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, given, inner)) = heading.take() {
                    let text: String = inner
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let base = given
                        .map(|g| g.to_string())
                        .unwrap_or_else(|| slugify(&text));
                    let id = unique_id(base, &mut used_ids);
                    let anchor = format!(
                        " <a class=\"anchor\" href=\"#{}\" aria-label=\"本节链接：{}\">§</a>",
                        crate::util::escape::markup(&id),
                        crate::util::escape::markup(&text)
                    );
                    out.headings.push((level as u8, id.clone(), text));
                    events.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(id.into()),
                        classes: vec![],
                        attrs: vec![],
                    }));
                    events.extend(inner);
                    // A visible link to the heading, for citing a passage.
                    events.push(Event::InlineHtml(anchor.into()));
                    events.push(Event::End(TagEnd::Heading(level)));
                }
            }
            other => match &mut heading {
                Some((_, _, inner)) => inner.push(other),
                None => events.push(other),
            },
        }
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    // Without raw HTML, pulldown-cmark's output is safe as it is (text escaped, URLs checked
    // above), so the sanitiser's cost is paid only by stories that carry HTML.
    if has_raw_html && raw_html == RawHtml::Sanitise {
        out.html = sanitiser().clean(&out.html).to_string();
    }
    out
}

/// The allow-list for raw HTML: ammonia's safe defaults plus what Markdown itself produces
/// (heading ids, footnote classes), with only http, https and mailto URLs.
fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "aria-label"])
            .add_tags(["section", "figure", "figcaption", "mark"])
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"));
        b
    })
}

/// Keeps relative, http(s), mailto and fragment URLs; makes root-relative ones page-relative;
/// replaces anything else (`javascript:`, `data:`…) with an inert `#`.
fn safe_url<'a>(url: CowStr<'a>, root: &str) -> CowStr<'a> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    if let Some(rest) = trimmed.strip_prefix('/') {
        if !rest.starts_with('/') {
            return format!("{root}{rest}").into();
        }
        return "#".into();
    }
    let has_scheme = lower.find(':').is_some_and(|colon| {
        lower[..colon]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !lower[..colon].is_empty()
            && lower
                .find(['/', '?', '#'])
                .is_none_or(|other| colon < other)
    });
    if !has_scheme
        || lower.starts_with("http:")
        || lower.starts_with("https:")
        || lower.starts_with("mailto:")
    {
        url
    } else {
        "#".into()
    }
}

/// A heading id from its text: letters (Chinese included) and digits kept, spaces and
/// punctuation become single hyphens, Latin letters lower-cased.
pub fn slugify(text: &str) -> String {
    let mut id = String::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            id.extend(ch.to_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

fn unique_id(base: String, used: &mut BTreeSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Minutes to read `text`: Chinese characters at about 400 a minute, Latin words at about 200.
pub fn reading_minutes(text: &str) -> u32 {
    let cjk = text
        .chars()
        // The common ideographs (all wide and all letters) skip the slow Unicode table lookup.
        .filter(|&c| {
            ('\u{4E00}'..='\u{9FFF}').contains(&c) || (c.width() == Some(2) && c.is_alphanumeric())
        })
        .count();
    let latin_words = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    let minutes = cjk as f64 / 400.0 + latin_words as f64 / 200.0;
    (minutes.ceil() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_counts_ideographs_with_and_without_the_fast_path() {
        // 800 ideographs (fast path), 400 Hangul syllables and 400 CJK punctuation marks (not
        // counted): 1,200 characters at 400 a minute is 3 minutes.
        let text = "德".repeat(800) + &"한".repeat(400) + &"，".repeat(400);
        assert_eq!(reading_minutes(&text), 3);
        assert_eq!(reading_minutes(&"德".repeat(401)), 2);
    }

    #[test]
    fn headings_get_ids_and_features_render() {
        let r = render(
            "## 积分制 考核\n\n## 积分制 考核\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~旧~~ \"引号\"[^1]\n\n[^1]: 注释\n",
            "../../",
            RawHtml::Sanitise,
        );
        assert!(r.html.contains(r#"<h2 id="积分制-考核">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="积分制-考核-1">"#), "{}", r.html);
        assert!(
            r.html.contains("<table>") && r.html.contains("<del>") && r.html.contains("“引号”"),
            "{}",
            r.html
        );
        assert!(r.html.contains("footnote"), "{}", r.html);
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn raw_html_is_sanitised_and_script_links_are_neutralised() {
        let md = "<script>alert(1)</script>\n\n<b onclick=\"x()\">粗</b> <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](/units/a/) [z](https://a.cn/)";
        let r = render(md, "../../", RawHtml::Sanitise);
        assert!(
            !r.html.contains("<script")
                && !r.html.contains("onclick")
                && !r.html.contains("onerror"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<b>粗</b>"),
            "safe tags are kept: {}",
            r.html
        );
        assert!(r.html.contains(r##"href="#""##), "{}", r.html);
        assert!(r.html.contains(r#"href="../../units/a/""#), "{}", r.html);
        assert!(r.html.contains(r#"href="https://a.cn/""#), "{}", r.html);
        let trusted = render(
            "<div class=\"x\" onclick=\"y()\">块</div>",
            "",
            RawHtml::Allow,
        );
        assert!(
            trusted.html.contains("onclick"),
            "trusted editors' HTML passes through"
        );
    }

    #[test]
    fn reading_time_counts_chinese_characters() {
        assert_eq!(reading_minutes(&"字".repeat(400)), 1);
        assert_eq!(reading_minutes(&"字".repeat(1201)), 4);
        assert_eq!(reading_minutes(&"word ".repeat(400)), 2);
    }

    #[test]
    fn first_paragraph_is_the_default_summary() {
        let r = render(
            "## 标题\n\n第一段**加粗**。\n\n第二段。",
            "",
            RawHtml::Sanitise,
        );
        assert_eq!(r.first_paragraph, "第一段加粗。");
    }
}
