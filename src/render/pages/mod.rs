//! Pages: what each kind of page shows. One module per section of the site, each owning its view
//! structs and its choice of charts; [`fill`] is the one place that lists every page kind, so a new
//! kind is a compile error here until it is given its content.

mod brief;
mod campaign;
pub(crate) mod changes;
mod counties;
mod free;
mod home;
mod metrics;
mod posts;
mod projects;
mod stories;
mod units;

use tera::Context;

use super::views::Linker;
use crate::charts::ChartSpec;
use crate::model::Site;
use crate::plan::PageKind;

/// Puts what a page of `kind` shows into `ctx`; returns the charts it shows, in order.
pub fn fill(site: &Site, l: &Linker, kind: &PageKind, ctx: &mut Context) -> Vec<ChartSpec> {
    match kind {
        PageKind::Home => home::home(site, l, ctx),
        PageKind::Stories { page, pages } => stories::list(site, l, *page, *pages, ctx),
        PageKind::Story(s) => stories::story(site, l, *s, ctx),
        PageKind::Tags => stories::tags(site, l, ctx),
        PageKind::Tag { tag, page, pages } => stories::tag(site, l, tag, *page, *pages, ctx),
        PageKind::Units => units::list(site, l, ctx),
        PageKind::Unit(u) => units::unit(site, l, *u, ctx),
        PageKind::Posts => posts::list(site, l, ctx),
        PageKind::Post(p) => posts::post(site, l, *p, ctx),
        PageKind::Projects => projects::list(site, l, ctx),
        PageKind::Project(p) => projects::project(site, l, *p, ctx),
        PageKind::Metrics => metrics::list(site, l, ctx),
        PageKind::Metric(m) => metrics::metric(site, l, *m, ctx),
        PageKind::Counties => counties::list(site, l, ctx),
        PageKind::County(c) => counties::county(site, l, *c, ctx),
        PageKind::CountyStories { county, page, .. } => {
            counties::more_stories(site, l, *county, *page, ctx)
        }
        PageKind::Campaign => campaign::campaign(site, l, ctx),
        PageKind::Changes => changes::changes(
            site,
            l,
            site.history.publications.len().saturating_sub(1),
            ctx,
        ),
        PageKind::ChangesArchive(i) => changes::changes(site, l, *i, ctx),
        PageKind::Removed(i) => changes::removed(site, l, *i, ctx),
        PageKind::Page(p) => free::page(site, l, *p, ctx),
        PageKind::Brief { previous_as_of } => brief::brief(site, l, *previous_as_of, ctx),
        PageKind::Search => titled("搜索", ctx),
        PageKind::NotFound => titled("页面未找到", ctx),
    }
}

/// A page that shows only its title (and what its template adds).
fn titled(title: &str, ctx: &mut Context) -> Vec<ChartSpec> {
    ctx.insert("title", title);
    Vec::new()
}
