//! Feeds and discovery: the Atom feeds of stories (site-wide and per county), `sitemap.xml`,
//! `robots.txt` (each through its overridable template) and the JSON-LD `NewsArticle` of a story
//! page.
//!
//! Every URL here is absolute, from the configured base URL, with each path segment
//! percent-encoded (tags may be Chinese). Dates come from the data (story dates, the reporting
//! date `as_of`), never from the clock, so the files are the same on every build.

use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::Diagnostic;
use crate::model::{Site, Story, StoryIx};
use crate::output::Output;
use crate::plan::{PageKind, Route};
use crate::theme::template_diagnostic;
use crate::url;
use crate::util::date::Date;

/// Most entries in a feed.
const FEED_ENTRIES: usize = 50;

/// A date as an RFC 3339 timestamp at the start of that day, China time.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00+08:00")
}

/// The feeds, the sitemap and robots.txt, each through its template (`feed.xml`, `sitemap.xml`,
/// `robots.txt`), which a site can override like any page's.
pub fn outputs(site: &Site, routes: &[Route], tera: &Tera) -> Result<Vec<Output>, Diagnostic> {
    let render = |template: &str, path: String, ctx: &Context| -> Result<Output, Diagnostic> {
        let mut bytes = Vec::new();
        tera.render_to(template, ctx, &mut bytes).map_err(|e| {
            let file = PathBuf::from(format!("{}/{template}", crate::theme::TEMPLATES));
            let d = template_diagnostic(&e, &file);
            Diagnostic {
                message: format!("{} (while rendering /{path})", d.message),
                ..d
            }
        })?;
        Ok(Output { path, bytes })
    };
    let feed = |path: String, title: String, page: &str, stories: &[StoryIx]| {
        let mut ctx = Context::new();
        ctx.insert("feed", &FeedView::new(site, &path, title, page, stories));
        render(url::FEED, path, &ctx)
    };
    let all: Vec<StoryIx> = (0..site.stories.len()).collect();
    let mut out = vec![feed(
        url::FEED.to_string(),
        site.settings.title.clone(),
        url::HOME,
        &all,
    )?];
    for county in &site.counties {
        out.push(feed(
            url::county_feed(&county.id),
            format!("{} - {}", county.name, site.settings.title),
            &url::county(&county.id),
            &county.stories,
        )?);
    }
    let mut ctx = Context::new();
    ctx.insert("feed", &ChangesFeedView::new(site));
    out.push(render(
        "changes_feed.xml",
        url::CHANGES_FEED.to_string(),
        &ctx,
    )?);
    let mut ctx = Context::new();
    ctx.insert("urls", &sitemap_urls(site, routes));
    out.push(render(url::SITEMAP, url::SITEMAP.to_string(), &ctx)?);
    let mut ctx = Context::new();
    ctx.insert(
        "sitemap_url",
        &url::absolute(&site.settings.base_url, url::SITEMAP),
    );
    out.push(render("robots.txt", "robots.txt".to_string(), &ctx)?);
    Ok(out)
}

/// An Atom feed as its template sees it.
#[derive(Serialize)]
struct FeedView<'a> {
    title: String,
    subtitle: &'a str,
    self_url: String,
    page_url: String,
    updated: String,
    author: &'a str,
    entries: Vec<EntryView<'a>>,
}

#[derive(Serialize)]
struct EntryView<'a> {
    title: &'a str,
    url: String,
    published: String,
    updated: String,
    author: &'a str,
    tags: &'a [String],
    summary: &'a str,
}

impl<'a> FeedView<'a> {
    /// The feed of `stories` (newest first), published at `path`, about the page `page`.
    fn new(site: &'a Site, path: &str, title: String, page: &str, stories: &[StoryIx]) -> Self {
        let s = &site.settings;
        let updated = stories
            .iter()
            .map(|&i| site.stories[i].updated())
            .max()
            .unwrap_or(s.as_of);
        FeedView {
            title,
            subtitle: &s.description,
            self_url: url::absolute(&s.base_url, path),
            page_url: url::absolute(&s.base_url, page),
            updated: timestamp(updated),
            author: site.settings.publisher_or_title(),
            entries: stories
                .iter()
                .take(FEED_ENTRIES)
                .map(|&i| {
                    let story = &site.stories[i];
                    EntryView {
                        title: &story.title,
                        url: url::absolute(&s.base_url, &url::story(&story.slug)),
                        published: timestamp(story.date),
                        updated: timestamp(story.updated()),
                        author: &story.reporter,
                        tags: &story.tags,
                        summary: &story.summary,
                    }
                })
                .collect(),
        }
    }
}

/// The feed of publications (`/changes/feed.xml`): one entry per publication, newest first, its
/// summary the changes in sentences, dated by the publication's date (from its commit).
#[derive(Serialize)]
struct ChangesFeedView<'a> {
    title: String,
    self_url: String,
    page_url: String,
    updated: String,
    author: &'a str,
    entries: Vec<ChangesEntryView>,
}

#[derive(Serialize)]
struct ChangesEntryView {
    title: String,
    id: String,
    url: String,
    updated: String,
    summary: String,
}

impl<'a> ChangesFeedView<'a> {
    fn new(site: &'a Site) -> Self {
        let s = &site.settings;
        let pubs = &site.history.publications;
        let entries: Vec<ChangesEntryView> = pubs
            .iter()
            .enumerate()
            .rev()
            .take(FEED_ENTRIES)
            .map(|(i, p)| {
                let current = i + 1 == pubs.len();
                let path = if current {
                    url::CHANGES.to_string()
                } else {
                    url::changes_archive(&p.as_of.to_string())
                };
                let summary = if i == 0 {
                    "首期发布。".to_string()
                } else if p.changes.is_empty() {
                    "与上一期相比数据没有变化。".to_string()
                } else {
                    p.changes
                        .iter()
                        .map(|c| format!("{}{}：{}", c.kind.label(), c.name, c.text))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                ChangesEntryView {
                    title: format!("数据截至{}的一期", p.as_of.chinese()),
                    // Stable whichever publication is current: the archive address.
                    id: url::absolute(&s.base_url, &url::changes_archive(&p.as_of.to_string())),
                    url: url::absolute(&s.base_url, &path),
                    updated: timestamp(p.published),
                    summary,
                }
            })
            .collect();
        ChangesFeedView {
            title: format!("{}：每期更新", s.title),
            self_url: url::absolute(&s.base_url, url::CHANGES_FEED),
            page_url: url::absolute(&s.base_url, url::CHANGES),
            updated: timestamp(pubs.last().map(|p| p.published).unwrap_or(s.as_of)),
            author: s.publisher_or_title(),
            entries,
        }
    }
}

/// The date a page last changed, from the data: a story's date, the newest story of a list, or
/// the reporting date for pages of figures (whichever is later when a page shows both).
fn lastmod(site: &Site, kind: &PageKind) -> Option<Date> {
    let as_of = site.settings.as_of;
    let newest = |stories: &[usize]| stories.iter().map(|&i| site.stories[i].date).max();
    let newest_story = || site.stories.iter().map(|s| s.date).max();
    let with_as_of = |d: Option<Date>| Some(d.map_or(as_of, |d| d.max(as_of)));
    match kind {
        // A free page has no date of its own: better no lastmod than a wrong one.
        PageKind::NotFound | PageKind::Page(_) => None,
        PageKind::Story(s) => Some(site.stories[*s].date),
        PageKind::Stories { .. } | PageKind::Tags => newest_story(),
        PageKind::Tag { tag, .. } => site.tags.get(tag).and_then(|s| newest(s)),
        PageKind::Unit(u) => with_as_of(newest(&site.units[*u].stories)),
        PageKind::Post(p) => with_as_of(newest(&site.posts[*p].stories)),
        PageKind::Project(p) => with_as_of(newest(&site.projects[*p].stories)),
        PageKind::County(c) => with_as_of(newest(&site.counties[*c].stories)),
        PageKind::Home => with_as_of(newest_story()),
        PageKind::Units
        | PageKind::Posts
        | PageKind::Projects
        | PageKind::Metrics
        | PageKind::Metric(_)
        | PageKind::Counties
        | PageKind::CountyStories { .. }
        | PageKind::Campaign
        | PageKind::Brief { .. }
        | PageKind::Search => Some(as_of),
        PageKind::Changes => site.history.current().map(|p| p.published),
        PageKind::ChangesArchive(i) => Some(site.history.publications[*i].published),
        PageKind::Removed(i) => {
            let removed = &site.history.removed[*i];
            Some(site.history.publications[removed.removed_in].published)
        }
    }
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

/// Every page but the 404 page, per https://www.sitemaps.org/protocol.html.
fn sitemap_urls(site: &Site, routes: &[Route]) -> Vec<SitemapUrl> {
    routes
        .iter()
        .filter(|route| route.kind != PageKind::NotFound)
        .map(|route| SitemapUrl {
            loc: url::absolute(&site.settings.base_url, &route.path),
            lastmod: lastmod(site, &route.kind).map(|d| d.to_string()),
        })
        .collect()
}

/// The JSON-LD `NewsArticle` of a story, safe to put inside `<script type="application/ld+json">`.
pub fn news_article_json_ld(site: &Site, story: &Story) -> String {
    let s = &site.settings;
    let url = url::absolute(&s.base_url, &url::story(&story.slug));
    let mut authors: Vec<serde_json::Value> = Vec::new();
    if !story.reporter.is_empty() {
        authors.push(serde_json::json!({"@type": "Person", "name": story.reporter}));
    }
    let publisher = s.publisher_or_title();
    if authors.is_empty() {
        authors.push(serde_json::json!({"@type": "Organization", "name": publisher}));
    }
    let image: Vec<String> = story
        .images
        .iter()
        .map(|i| url::absolute(&s.base_url, &i.src))
        .collect();
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.date.to_string(),
        "dateModified": story.date.to_string(),
        "inLanguage": s.language_of(story.lang.as_deref()),
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
    fn script_json_cannot_close_the_script() {
        let v = serde_json::json!({"t": "</script><b>&"});
        let s = script_safe_json(&v);
        assert!(!s.contains('<') && !s.contains('&'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
