//! Render: every page of the route table through its Tera template, in parallel.
//!
//! The templates come from `theme`. Each page gets a small context of views: `pages` says what each
//! kind of page shows (and which charts), `views` holds the rows and links many pages share,
//! `charts` the chart blocks. Site-wide values (title, nav) sit in Tera's global context once.
//!
//! Not for: files that are not pages (feeds, sitemap, downloads, search index: see `export`).

pub mod charts;
mod pages;
pub mod views;

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::charts::ChartSet;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::{Output, Sink};
use crate::plan::{PageKind, Route};
use crate::theme::template_diagnostic;
use crate::url;
use views::Linker;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    publisher: &'a str,
    as_of: String,
    as_of_iso: String,
    /// Whether any figure is illustrative: the footer's note on 示意数据 appears only then.
    has_illustrative: bool,
}

/// Renders every route and hands each page to `sink` as soon as it is made, so pages are never
/// all in memory together; returns how many were rendered. Template errors become diagnostics
/// naming the template and the page; a sink error is pushed too and stops the rendering.
pub fn render_pages(
    site: &Site,
    drawn: &ChartSet,
    tera: &Tera,
    routes: &[Route],
    diags: &mut Diagnostics,
    sink: &Sink,
) -> usize {
    let mut tera = tera.clone();
    let s = &site.settings;
    tera.global_context().insert(
        "site",
        &SiteView {
            title: &s.title,
            description: &s.description,
            base_url: &s.base_url,
            publisher: &s.publisher,
            as_of: s.as_of.chinese(),
            as_of_iso: s.as_of.to_string(),
            has_illustrative: site.any_illustrative(),
        },
    );
    // Template errors are gathered (in route order) so every one is reported; a sink error ends
    // the whole iteration.
    let results: Result<Vec<Diagnostic>, Diagnostic> = routes
        .par_iter()
        .filter_map(|route| match render_page(site, drawn, &tera, route) {
            Ok(page) => sink(page).err().map(Err),
            Err(d) => Some(Ok(d)),
        })
        .collect();
    match results {
        Ok(errors) => {
            let rendered = routes.len() - errors.len();
            diags.extend(errors);
            rendered
        }
        Err(d) => {
            diags.push(d);
            0
        }
    }
}

fn render_page(
    site: &Site,
    drawn: &ChartSet,
    tera: &Tera,
    route: &Route,
) -> Result<Output, Diagnostic> {
    // The 404 page is served for any missing path, so its links start from the site's own path.
    let root = if route.kind == PageKind::NotFound {
        url::base_path(&site.settings.base_url)
    } else {
        route.root()
    };
    let linker = Linker { site, root };
    let mut ctx = Context::new();
    ctx.insert("root", &linker.root);
    ctx.insert(
        "canonical",
        &url::absolute(&site.settings.base_url, &route.path),
    );
    ctx.insert("section", route.kind.section());
    ctx.insert("page_description", &site.settings.description);
    ctx.insert("story", &false);
    let shown = pages::fill(site, &linker, &route.kind, &mut ctx);
    ctx.insert("charts", &charts::views(site, drawn, shown, &linker.root));
    // Rendered straight into bytes (no second pass to check UTF-8: templates and values are
    // strings already).
    let mut html = Vec::with_capacity(16 * 1024);
    tera.render_to(route.template(), &ctx, &mut html)
        .map_err(|e| {
            let file = PathBuf::from(format!("{}/{}", crate::theme::TEMPLATES, route.template()));
            let d = template_diagnostic(&e, &file);
            Diagnostic {
                message: format!("{} (while rendering /{})", d.message, route.path),
                ..d
            }
        })?;
    Ok(Output {
        path: route.output_file(),
        bytes: html,
    })
}
