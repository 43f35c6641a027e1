//! Markdown stories to HTML: tables, footnotes, strikethrough, smart punctuation and an id on
//! every heading; plus the plain text (for summaries and search) and the reading time.
//!
//! Ids are unique on the story page: a heading never takes an id the story template uses
//! ([`THEME_IDS`]) or a footnote's (`fn-N`, `fnref-N`). Footnotes are numbered in the order they
//! are first cited and gathered at the end under a rule, each with a link back to where it was
//! cited (CLREQ: notes at the end of the text, marked by number).
//!
//! Raw HTML in a story is sanitised with ammonia (safe tags and attributes kept, scripts, event
//! handlers and `javascript:` URLs removed) unless the site trusts its editors
//! (`allow_raw_html: true`), and links with a scheme other than http, https or mailto are dropped:
//! by default a story can never inject script into the site. Links written
//! from the site root (`/units/x/`) are made relative to the story page, so the site works from any
//! sub-path and from disk: that is why stories are rendered after `plan`, which knows each page's
//! place.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use unicode_width::UnicodeWidthChar;

use crate::model::Site;
use crate::plan::{PageKind, Route};

/// Renders every story's and free page's body for the page the route table put it on, in
/// parallel: links written from the site root (`/units/x/`) become relative to that page, so
/// moving pages in `plan` (or `url`) moves their links with them. Fills each body's HTML,
/// headings, plain text and, where the front matter gave none, its summary (the first
/// paragraph); for stories also the reading time.
pub fn render_bodies(site: &mut Site, routes: &[Route]) {
    let mut story_roots = vec![String::new(); site.stories.len()];
    let mut page_roots = vec![String::new(); site.pages.len()];
    for route in routes {
        if let PageKind::Story(s) = route.kind {
            story_roots[s] = route.root();
        } else if let PageKind::Page(p) = route.kind {
            page_roots[p] = route.root();
        }
    }
    let raw_html = if site.settings.allow_raw_html {
        RawHtml::Allow
    } else {
        RawHtml::Sanitise
    };
    site.stories
        .par_iter_mut()
        .zip(story_roots.par_iter())
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
    for (page, root) in site.pages.iter_mut().zip(&page_roots) {
        let rendered = render(&page.markdown, root, raw_html);
        if page.summary_from_body {
            page.summary = rendered.first_paragraph;
        }
        page.body_html = rendered.html;
        page.headings = rendered.headings;
        page.plain_text = rendered.plain_text;
    }
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

/// The ids the story template gives its own elements: a heading of the story never takes one.
pub const THEME_IDS: &[&str] = &["main", "related-h", "cite-h", "footnotes-h"];

/// A footnote of the story: its number, its id and the ids of the places citing it.
struct Footnote {
    number: usize,
    id: String,
    refs: Vec<String>,
    /// The definition, rendered; `None` until it is read.
    html: Option<String>,
}

/// The footnotes of one story, in the order they are first cited.
#[derive(Default)]
struct Footnotes {
    by_label: BTreeMap<String, Footnote>,
}

impl Footnotes {
    fn get(&mut self, label: &str, used: &mut BTreeSet<String>) -> &mut Footnote {
        let number = self.by_label.len() + 1;
        self.by_label
            .entry(label.to_string())
            .or_insert_with(|| Footnote {
                number,
                id: unique_id(format!("fn-{number}"), used),
                refs: Vec::new(),
                html: None,
            })
    }

    /// The citing mark: a superscript number linking to the note.
    fn reference(&mut self, label: &str, used: &mut BTreeSet<String>) -> String {
        let note = self.get(label, used);
        let base = format!("fnref-{}", note.number);
        let id = unique_id(base, used);
        note.refs.push(id.clone());
        format!(
            "<sup class=\"fn-ref\" id=\"{}\"><a href=\"#{}\" aria-label=\"注{}\">[{}]</a></sup>",
            crate::util::escape::markup(&id),
            crate::util::escape::markup(&note.id),
            note.number,
            note.number
        )
    }

    /// The notes section: a rule, a heading for screen readers, and each note with its back-links.
    fn section(self) -> String {
        let mut notes: Vec<Footnote> = self.by_label.into_values().collect();
        notes.sort_by_key(|n| n.number);
        if notes.is_empty() {
            return String::new();
        }
        let mut out = String::from(
            "<section class=\"footnotes\" aria-labelledby=\"footnotes-h\">\n<h2 id=\"footnotes-h\" class=\"visually-hidden\">注释</h2>\n<ol>\n",
        );
        for note in notes {
            let mut back = String::new();
            for (i, r) in note.refs.iter().enumerate() {
                let label = if note.refs.len() > 1 {
                    format!("返回正文第{}处引用", i + 1)
                } else {
                    "返回正文".to_string()
                };
                back.push_str(&format!(
                    " <a class=\"fn-back\" href=\"#{}\" aria-label=\"{label}\">↩</a>",
                    crate::util::escape::markup(r)
                ));
            }
            let body = note.html.unwrap_or_default();
            let body = body.trim_end();
            // The back-links go inside the note's last paragraph, so they sit at the end of its text.
            let body = match body.strip_suffix("</p>") {
                Some(head) => format!("{head}{back}</p>"),
                None => format!("{body}<p>{back}</p>"),
            };
            out.push_str(&format!(
                "<li id=\"{}\">{body}</li>\n",
                crate::util::escape::markup(&note.id)
            ));
        }
        out.push_str("</ol>\n</section>\n");
        out
    }
}

/// Renders Markdown. `root` is the relative path from the page to the site root (e.g. `../../`).
pub fn render(markdown: &str, root: &str, raw_html: RawHtml) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Rendered::default();
    let mut used_ids: BTreeSet<String> = THEME_IDS.iter().map(|s| s.to_string()).collect();
    let mut footnotes = Footnotes::default();
    // The events of the footnote definition being read: (label, events).
    let mut definition: Option<(String, Vec<Event>)> = None;
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
        // Footnotes: the mark where cited; the definitions kept aside for the end.
        let event = match event {
            Event::FootnoteReference(label) => {
                Event::InlineHtml(footnotes.reference(&label, &mut used_ids).into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                definition = Some((label.to_string(), Vec::new()));
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, inner)) = definition.take() {
                    let mut html = String::new();
                    pulldown_cmark::html::push_html(&mut html, inner.into_iter());
                    footnotes.get(&label, &mut used_ids).html = Some(html);
                }
                continue;
            }
            other => other,
        };
        // Tables and code blocks scroll sideways inside their own box, never the page.
        let (open, close) = scroll_box(&event);
        if let Some((_, inner)) = &mut definition {
            inner.extend(open);
            inner.push(event);
            inner.extend(close);
            continue;
        }
        events.extend(open);
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
        events.extend(close);
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.html.push_str(&footnotes.section());
    // Without raw HTML, pulldown-cmark's output is safe as it is (text escaped, URLs checked
    // above), so the sanitiser's cost is paid only by stories that carry HTML.
    if has_raw_html && raw_html == RawHtml::Sanitise {
        out.html = sanitiser().clean(&out.html).to_string();
    }
    out
}

/// The box a table or a code block scrolls in: its opening before the block's start, its end after
/// the block's end. Focusable, so a keyboard can scroll it; named, so a screen reader says what it is.
fn scroll_box(event: &Event) -> (Option<Event<'static>>, Option<Event<'static>>) {
    let open = |label: &str| {
        Some(Event::Html(
            format!("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{label}\">")
                .into(),
        ))
    };
    match event {
        Event::Start(Tag::Table(_)) => (open("表格（可左右滑动）"), None),
        Event::Start(Tag::CodeBlock(_)) => (open("代码（可左右滑动）"), None),
        Event::End(TagEnd::Table | TagEnd::CodeBlock) => {
            (None, Some(Event::Html("</div>\n".into())))
        }
        _ => (None, None),
    }
}

/// The allow-list for raw HTML: ammonia's safe defaults plus what Markdown itself produces
/// (heading ids, footnote classes), with only http, https and mailto URLs.
fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "aria-label", "tabindex", "role"])
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

/// Minutes to read `text`: Chinese characters at about 400 a minute, words of other scripts
/// (Latin with its accents, Cyrillic…; an apostrophe inside a word keeps it whole) at about 200.
pub fn reading_minutes(text: &str) -> u32 {
    let cjk = text
        .chars()
        // The common ideographs (all wide and all letters) skip the slow Unicode table lookup.
        .filter(|&c| {
            ('\u{4E00}'..='\u{9FFF}').contains(&c) || (c.width() == Some(2) && c.is_alphanumeric())
        })
        .count();
    let latin_words = text
        .split(|c: char| {
            !((c.is_alphanumeric() && c.width() != Some(2)) || c == '\'' || c == '\u{2019}')
        })
        .filter(|w| w.chars().any(char::is_alphanumeric))
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
        assert!(r.html.contains("class=\"footnotes\""), "{}", r.html);
        assert!(
            r.html.contains("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"表格（可左右滑动）\"><table>")
                && r.html.contains("</table>\n</div>"),
            "a table scrolls in its own box: {}",
            r.html
        );
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn footnotes_are_numbered_gathered_at_the_end_and_link_back() {
        let r = render(
            "正文[^b]，又一处[^a]，再引[^b]。\n\n[^a]: 甲注。\n[^b]: 乙注。\n\n后文。\n",
            "",
            RawHtml::Sanitise,
        );
        let notes = r
            .html
            .find("<section class=\"footnotes\"")
            .expect("a notes section");
        assert!(
            r.html[..notes].contains("后文"),
            "notes come last: {}",
            r.html
        );
        // Numbered in the order first cited: b is 1, a is 2.
        assert!(r.html.contains(r##"<sup class="fn-ref" id="fnref-1"><a href="#fn-1" aria-label="注1">[1]</a></sup>"##), "{}", r.html);
        assert!(
            r.html
                .contains(r##"<a href="#fn-2" aria-label="注2">[2]</a>"##),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"id="fnref-1-1""#),
            "a second citation gets its own id: {}",
            r.html
        );
        assert!(r.html.contains(r##"<li id="fn-1"><p>乙注。 <a class="fn-back" href="#fnref-1" aria-label="返回正文第1处引用">↩</a> <a class="fn-back" href="#fnref-1-1" aria-label="返回正文第2处引用">↩</a></p></li>"##), "{}", r.html);
        assert!(r.html.contains(r##"<li id="fn-2"><p>甲注。 <a class="fn-back" href="#fnref-2" aria-label="返回正文">↩</a></p></li>"##), "{}", r.html);
    }

    #[test]
    fn heading_ids_never_take_the_themes_or_a_footnotes_id() {
        let r = render(
            "## main\n\n## Cite H\n\n## Related H\n\n## fn 1\n\n正文[^1]。\n\n## 1\n\n[^1]: 注。\n",
            "",
            RawHtml::Sanitise,
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.1.as_str()).collect();
        assert_eq!(ids, ["main-1", "cite-h-1", "related-h-1", "fn-1", "1"]);
        // The footnote comes after a heading that took fn-1, so it takes the next free id.
        assert!(r.html.contains(r#"<li id="fn-1-1">"#), "{}", r.html);
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
        // Accented words and contractions are one word each, not two.
        assert_eq!(reading_minutes(&"café didn’t naïve ".repeat(67)), 2);
        assert_eq!(reading_minutes(&"café didn’t naïve ".repeat(66)), 1);
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
