//! Counties: the list, each county's page (its units, posts, projects and first stories) and the
//! further pages of its stories.

use serde::Serialize;
use tera::Context;

use crate::charts::ChartSpec;
use crate::model::{CountyIx, Site};
use crate::render::views::{Link, Linker};
use crate::url;

pub fn list(site: &Site, l: &Linker, ctx: &mut Context) -> Vec<ChartSpec> {
    ctx.insert("title", "县市区");
    ctx.insert(
        "counties",
        &(0..site.counties.len())
            .map(|c| row(site, l, c))
            .collect::<Vec<_>>(),
    );
    vec![ChartSpec::PostsHonoursByCounty]
}

pub fn county(site: &Site, l: &Linker, c: CountyIx, ctx: &mut Context) -> Vec<ChartSpec> {
    let county = &site.counties[c];
    ctx.insert("title", &county.name);
    ctx.insert("county", &row(site, l, c));
    ctx.insert("units", &l.unit_rows(&county.units));
    ctx.insert("posts", &l.post_rows(&county.posts));
    ctx.insert("projects", &l.project_rows(&county.projects));
    ctx.insert("totals", &super::projects::totals(site, &county.projects));
    stories(site, l, c, 1, ctx);
    vec![ChartSpec::CountyStatus(c)]
}

/// Page 2 and after of a county's stories.
pub fn more_stories(
    site: &Site,
    l: &Linker,
    c: CountyIx,
    page: usize,
    ctx: &mut Context,
) -> Vec<ChartSpec> {
    ctx.insert("title", &site.counties[c].name);
    ctx.insert("county", &row(site, l, c));
    stories(site, l, c, page, ctx);
    Vec::new()
}

#[derive(Serialize)]
struct CountyRow<'a> {
    link: Link<'a>,
    kind: &'static str,
    units: usize,
    posts: usize,
    projects: usize,
    stories: usize,
    /// Whether each count rests on an illustrative record.
    units_illustrative: bool,
    posts_illustrative: bool,
    projects_illustrative: bool,
}

fn row<'a>(site: &'a Site, l: &Linker<'a>, c: CountyIx) -> CountyRow<'a> {
    let county = &site.counties[c];
    CountyRow {
        link: l.county(c),
        kind: county.kind.label(),
        units: county.units.len(),
        posts: county.posts.len(),
        projects: county.projects.len(),
        stories: county.stories.len(),
        units_illustrative: site.units_illustrative(&county.units),
        posts_illustrative: site.posts_illustrative(&county.posts),
        projects_illustrative: site.projects_illustrative(&county.projects),
    }
}

/// One page of a county's stories, with its pagination: a county page never lists every story.
fn stories(site: &Site, l: &Linker, c: CountyIx, page: usize, ctx: &mut Context) {
    let county = &site.counties[c];
    let per = site.settings.stories_per_page;
    let pages = county.stories.len().div_ceil(per).max(1);
    let slice = &county.stories
        [((page - 1) * per).min(county.stories.len())..(page * per).min(county.stories.len())];
    ctx.insert("page", &page);
    ctx.insert("stories", &l.story_cards(slice));
    ctx.insert(
        "pagination",
        &l.pagination(&url::county(&county.id), page, pages),
    );
}
