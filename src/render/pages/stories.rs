//! Story pages: the paginated list of stories, each story, the tag list and each tag's stories.

use serde::Serialize;
use tera::Context;

use crate::charts::ChartSpec;
use crate::model::{Site, Story, StoryIx};
use crate::render::views::{Link, Linker, ProvenanceView};
use crate::url;

/// One page of the stories list. Stories by county, unit and tag are listed too; the unit and tag
/// lists grow with the site, so only the first page carries them (on every page they made the list
/// pages cost pages × units, quadratic in the site).
pub fn list(
    site: &Site,
    l: &Linker,
    page: usize,
    pages: usize,
    ctx: &mut Context,
) -> Vec<ChartSpec> {
    let per = site.settings.stories_per_page;
    let slice = (page - 1) * per..(page * per).min(site.stories.len());
    ctx.insert("title", "报道");
    ctx.insert(
        "stories",
        &slice.map(|s| l.story_card(s)).collect::<Vec<_>>(),
    );
    ctx.insert("pagination", &l.pagination(url::STORIES, page, pages));
    ctx.insert(
        "story_counties",
        &site
            .counties
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.stories.is_empty())
            .map(|(i, c)| (l.county(i), c.stories.len()))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "story_units",
        &site
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| page == 1 && !u.stories.is_empty())
            .map(|(i, u)| (l.unit(i), u.stories.len()))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "tags",
        &site
            .tags
            .iter()
            .filter(|_| page == 1)
            .map(|(t, s)| (l.tag(t), s.len()))
            .collect::<Vec<_>>(),
    );
    Vec::new()
}

pub fn story(site: &Site, l: &Linker, s: StoryIx, ctx: &mut Context) -> Vec<ChartSpec> {
    let story = &site.stories[s];
    ctx.insert("title", &story.title);
    ctx.insert("story", &StoryView::new(l, story));
    ctx.insert("page_description", &story.summary);
    ctx.insert(
        "json_ld",
        &crate::export::feeds::news_article_json_ld(site, story),
    );
    Vec::new()
}

pub fn tags(site: &Site, l: &Linker, ctx: &mut Context) -> Vec<ChartSpec> {
    ctx.insert("title", "专题标签");
    ctx.insert(
        "tags",
        &site
            .tags
            .iter()
            .map(|(t, s)| (l.tag(t), s.len()))
            .collect::<Vec<_>>(),
    );
    Vec::new()
}

pub fn tag(
    site: &Site,
    l: &Linker,
    tag: &str,
    page: usize,
    pages: usize,
    ctx: &mut Context,
) -> Vec<ChartSpec> {
    let stories = &site.tags[tag];
    let per = site.settings.stories_per_page;
    let slice = &stories[(page - 1) * per..(page * per).min(stories.len())];
    ctx.insert("title", &format!("标签：{tag}"));
    ctx.insert("tag", tag);
    ctx.insert("stories", &l.story_cards(slice));
    ctx.insert(
        "pagination",
        &l.pagination(&url::tag(&url::segment(tag)), page, pages),
    );
    Vec::new()
}

#[derive(Serialize)]
struct StoryView<'a> {
    title: &'a str,
    date: String,
    iso_date: String,
    summary: &'a str,
    body_html: &'a str,
    reading_minutes: u32,
    headings: Vec<(u8, &'a str, &'a str)>,
    tags: Vec<Link<'a>>,
    units: Vec<Link<'a>>,
    posts: Vec<Link<'a>>,
    projects: Vec<Link<'a>>,
    counties: Vec<Link<'a>>,
    reporter: &'a str,
    correspondents: String,
    first_review_editor: &'a str,
    responsible_editor: &'a str,
    provenance: ProvenanceView<'a>,
    images: Vec<ImageView<'a>>,
    draft: bool,
    /// The story's language when it is not the site's: its `<article lang>`.
    lang: Option<&'a str>,
    /// 更正 notices, newest first.
    corrections: Vec<CorrectionView<'a>>,
}

#[derive(Serialize)]
struct CorrectionView<'a> {
    date: String,
    iso_date: String,
    text: &'a str,
}

#[derive(Serialize)]
struct ImageView<'a> {
    src: String,
    alt: &'a str,
    caption: &'a str,
}

impl<'a> StoryView<'a> {
    fn new(l: &Linker<'a>, story: &'a Story) -> Self {
        StoryView {
            title: &story.title,
            date: story.date.chinese(),
            iso_date: story.date.to_string(),
            summary: &story.summary,
            body_html: &story.body_html,
            reading_minutes: story.reading_minutes,
            corrections: story
                .corrections
                .iter()
                .rev()
                .map(|c| CorrectionView {
                    date: c.date.chinese(),
                    iso_date: c.date.to_string(),
                    text: &c.text,
                })
                .collect(),
            headings: story
                .headings
                .iter()
                .map(|(lv, id, t)| (*lv, id.as_str(), t.as_str()))
                .collect(),
            tags: story.tags.iter().map(|t| l.tag(t)).collect(),
            units: story.units.iter().map(|&u| l.unit(u)).collect(),
            posts: story.posts.iter().map(|&p| l.post(p)).collect(),
            projects: story.projects.iter().map(|&p| l.project(p)).collect(),
            counties: story.counties.iter().map(|&c| l.county(c)).collect(),
            reporter: &story.reporter,
            correspondents: story.correspondents.join("　"),
            // An empty sign-off line is left out; whitespace counts as empty.
            first_review_editor: story.first_review_editor.trim(),
            responsible_editor: story.responsible_editor.trim(),
            provenance: l.source(story.source),
            images: story
                .images
                .iter()
                .map(|i| ImageView {
                    src: l.url(&i.src),
                    alt: &i.alt,
                    caption: &i.caption,
                })
                .collect(),
            draft: story.draft,
            lang: l.site.settings.other_language(story.lang.as_deref()),
        }
    }
}
