//! Feeds and discovery: the Atom feeds of stories (site-wide and per county), `sitemap.xml`,
//! `robots.txt` and the JSON-LD `NewsArticle` of a story page.
//!
//! Every URL here is absolute, from the configured base URL, with each path segment
//! percent-encoded (tags may be Chinese). Dates come from the data (story dates, the reporting
//! date `as_of`), never from the clock, so the files are the same on every build.

use crate::date::Date;
use crate::escape::markup;
use crate::model::{Site, Story};
use crate::plan::{PageKind, Route, url_segment};
use crate::render::Output;

/// Most entries in a feed.
const FEED_ENTRIES: usize = 50;

/// The absolute URL of a site path (`stories/tags/五零/` → `https://…/stories/tags/%E4%BA%94…/`).
pub fn absolute_url(base_url: &str, path: &str) -> String {
    let encoded: Vec<String> = path.split('/').map(url_segment).collect();
    format!("{base_url}{}", encoded.join("/"))
}

/// A date as an RFC 3339 timestamp at the start of that day, China time.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00+08:00")
}

/// The feeds, the sitemap and robots.txt.
pub fn outputs(site: &Site, routes: &[Route]) -> Vec<Output> {
    let all: Vec<usize> = (0..site.stories.len()).collect();
    let mut out = vec![Output {
        path: "feed.xml".into(),
        bytes: atom(site, "feed.xml", &site.settings.title, "", &all).into_bytes(),
    }];
    for county in &site.counties {
        let path = format!("counties/{}/feed.xml", county.id);
        let title = format!("{} - {}", county.name, site.settings.title);
        let page = format!("counties/{}/", county.id);
        out.push(Output {
            bytes: atom(site, &path, &title, &page, &county.stories).into_bytes(),
            path,
        });
    }
    out.push(Output {
        path: "sitemap.xml".into(),
        bytes: sitemap(site, routes).into_bytes(),
    });
    out.push(Output {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            absolute_url(&site.settings.base_url, "sitemap.xml")
        )
        .into_bytes(),
    });
    out
}

/// An Atom feed of the given stories (newest first), published at `path`, about the page `page`.
fn atom(site: &Site, path: &str, title: &str, page: &str, stories: &[usize]) -> String {
    let s = &site.settings;
    let base = &s.base_url;
    let updated = stories
        .iter()
        .map(|&i| site.stories[i].date)
        .max()
        .unwrap_or(s.as_of);
    let author = if s.publisher.is_empty() {
        &s.title
    } else {
        &s.publisher
    };
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    x.push_str(&format!("  <title>{}</title>\n", markup(title)));
    if !s.description.is_empty() {
        x.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            markup(&s.description)
        ));
    }
    let self_url = markup(&absolute_url(base, path));
    x.push_str(&format!("  <id>{self_url}</id>\n"));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n"
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        markup(&absolute_url(base, page))
    ));
    x.push_str(&format!("  <updated>{}</updated>\n", timestamp(updated)));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        markup(author)
    ));
    for &i in stories.iter().take(FEED_ENTRIES) {
        let story = &site.stories[i];
        let url = markup(&absolute_url(base, &format!("stories/{}/", story.slug)));
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", markup(&story.title)));
        x.push_str(&format!("    <id>{url}</id>\n"));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
        ));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            timestamp(story.date)
        ));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(story.date)
        ));
        if !story.reporter.is_empty() {
            x.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                markup(&story.reporter)
            ));
        }
        for tag in &story.tags {
            x.push_str(&format!("    <category term=\"{}\"/>\n", markup(tag)));
        }
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            markup(&story.summary)
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// The date a page last changed, from the data: a story's date, the newest story of a list, or
/// the reporting date for pages of figures (whichever is later when a page shows both).
fn lastmod(site: &Site, kind: &PageKind) -> Option<Date> {
    let as_of = site.settings.as_of;
    let newest = |stories: &[usize]| stories.iter().map(|&i| site.stories[i].date).max();
    let with_as_of = |d: Option<Date>| Some(d.map_or(as_of, |d| d.max(as_of)));
    match kind {
        PageKind::NotFound => None,
        PageKind::Story(s) => Some(site.stories[*s].date),
        PageKind::Stories { .. } => newest(&(0..site.stories.len()).collect::<Vec<_>>()),
        PageKind::Tags => newest(&(0..site.stories.len()).collect::<Vec<_>>()),
        PageKind::Tag { tag, .. } => site.tags.get(tag).and_then(|s| newest(s)),
        PageKind::Unit(u) => with_as_of(newest(&site.units[*u].stories)),
        PageKind::Post(p) => with_as_of(newest(&site.posts[*p].stories)),
        PageKind::Project(p) => with_as_of(newest(&site.projects[*p].stories)),
        PageKind::County(c) => with_as_of(newest(&site.counties[*c].stories)),
        PageKind::Home => with_as_of(newest(&(0..site.stories.len()).collect::<Vec<_>>())),
        _ => Some(as_of),
    }
}

/// The sitemap of every page (not the 404 page), per https://www.sitemaps.org/protocol.html.
fn sitemap(site: &Site, routes: &[Route]) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for route in routes {
        if route.kind == PageKind::NotFound {
            continue;
        }
        x.push_str("  <url>\n");
        x.push_str(&format!(
            "    <loc>{}</loc>\n",
            markup(&absolute_url(&site.settings.base_url, &route.path))
        ));
        if let Some(d) = lastmod(site, &route.kind) {
            x.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// The JSON-LD `NewsArticle` of a story, safe to put inside `<script type="application/ld+json">`.
pub fn news_article_json_ld(site: &Site, story: &Story) -> String {
    let s = &site.settings;
    let url = absolute_url(&s.base_url, &format!("stories/{}/", story.slug));
    let mut authors: Vec<serde_json::Value> = Vec::new();
    if !story.reporter.is_empty() {
        authors.push(serde_json::json!({"@type": "Person", "name": story.reporter}));
    }
    let publisher = if s.publisher.is_empty() {
        &s.title
    } else {
        &s.publisher
    };
    if authors.is_empty() {
        authors.push(serde_json::json!({"@type": "Organization", "name": publisher}));
    }
    let image: Vec<String> = story
        .images
        .iter()
        .map(|i| absolute_url(&s.base_url, &i.src))
        .collect();
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.date.to_string(),
        "dateModified": story.date.to_string(),
        "inLanguage": "zh-CN",
        "url": url,
        "mainEntityOfPage": url,
        "author": authors,
        "publisher": {"@type": "Organization", "name": publisher},
        "keywords": story.tags,
    });
    if !image.is_empty() {
        value["image"] = serde_json::json!(image);
    }
    script_safe_json(&value)
}

/// JSON that cannot close or open markup inside a `<script>` element.
pub fn script_safe_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_absolute_and_encoded() {
        assert_eq!(
            absolute_url("https://e.cn/wuxing/", "stories/tags/五零/"),
            "https://e.cn/wuxing/stories/tags/%E4%BA%94%E9%9B%B6/"
        );
        assert_eq!(absolute_url("https://e.cn/", ""), "https://e.cn/");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = serde_json::json!({"t": "</script><b>&"});
        let s = script_safe_json(&v);
        assert!(!s.contains('<') && !s.contains('&'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
