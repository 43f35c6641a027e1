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
    /// The site's language: every page's `<html lang>`.
    language: &'a str,
    /// The same as Open Graph writes it (`zh_CN`).
    og_locale: String,
    /// Free pages linked from the navigation and from the footer, in menu order.
    nav_pages: Vec<MenuLink<'a>>,
    footer_pages: Vec<MenuLink<'a>>,
    identity: IdentityView<'a>,
}

/// A free page in a menu: its title and its path from the site root (templates put `root` before
/// it; `path` of the current page is compared with it to mark the current link).
#[derive(Serialize)]
struct MenuLink<'a> {
    title: &'a str,
    path: String,
}

/// The site's identity for the footer, with the public registries' addresses beside the numbers
/// they look up.
#[derive(Serialize)]
struct IdentityView<'a> {
    sponsor: Option<&'a str>,
    undertaker: Option<&'a str>,
    phone: Option<&'a str>,
    email: Option<&'a str>,
    icp: Option<&'a str>,
    icp_registry: &'static str,
    police_record: Option<&'a str>,
    police_registry: &'static str,
    site_code: Option<&'a str>,
    feedback_url: Option<&'a str>,
    example: bool,
    /// Whether any field is given (the footer's identity block is left out otherwise).
    any: bool,
}

/// The Ministry of Industry and Information Technology's public ICP registry.
pub const ICP_REGISTRY: &str = "https://beian.miit.gov.cn/";
/// The Ministry of Public Security's public registry of websites.
pub const POLICE_REGISTRY: &str = "https://beian.mps.gov.cn/";

impl<'a> IdentityView<'a> {
    fn new(i: &'a crate::model::Identity) -> Self {
        let s = |o: &'a Option<String>| o.as_deref();
        let any = [
            &i.sponsor,
            &i.undertaker,
            &i.phone,
            &i.email,
            &i.icp,
            &i.police_record,
            &i.site_code,
            &i.feedback_url,
        ]
        .iter()
        .any(|f| f.is_some());
        IdentityView {
            sponsor: s(&i.sponsor),
            undertaker: s(&i.undertaker),
            phone: s(&i.phone),
            email: s(&i.email),
            icp: s(&i.icp),
            icp_registry: ICP_REGISTRY,
            police_record: s(&i.police_record),
            police_registry: POLICE_REGISTRY,
            site_code: s(&i.site_code),
            feedback_url: s(&i.feedback_url),
            example: i.example,
            any,
        }
    }
}

fn menu_links(site: &Site, menu: crate::model::Menu) -> Vec<MenuLink<'_>> {
    site.pages
        .iter()
        .filter(|p| p.menu == menu)
        .map(|p| MenuLink {
            title: &p.title,
            path: url::page_of(&p.slug),
        })
        .collect()
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
            language: &s.language,
            og_locale: s.language.replace('-', "_"),
            nav_pages: menu_links(site, crate::model::Menu::Nav),
            footer_pages: menu_links(site, crate::model::Menu::Footer),
            identity: IdentityView::new(&s.identity),
        },
    );
    // Template errors are gathered (in route order) so every one is reported; a sink error ends
    // the whole iteration.
    let results: Result<Vec<(Diagnostic, &str)>, Diagnostic> = routes
        .par_iter()
        .filter_map(|route| match render_page(site, drawn, &tera, route) {
            Ok(page) => sink(page).err().map(Err),
            Err(d) => Some(Ok((d, route.path.as_str()))),
        })
        .collect();
    match results {
        Ok(errors) => {
            let rendered = routes.len() - errors.len();
            diags.extend(once_per_place(errors));
            rendered
        }
        Err(d) => {
            diags.push(d);
            0
        }
    }
}

/// One diagnostic per template error, however many pages met it (a mistake in `base.html`
/// breaks every page), saying on how many pages and the first of them.
fn once_per_place(errors: Vec<(Diagnostic, &str)>) -> Vec<Diagnostic> {
    let mut seen: Vec<(Diagnostic, &str, usize)> = Vec::new();
    for (d, path) in errors {
        // The variables a page has differ from page to page; the mistake is the same.
        let what = |m: &str| {
            m.split(" Available variables")
                .next()
                .unwrap_or(m)
                .to_string()
        };
        match seen.iter_mut().find(|(first, _, _)| {
            first.file == d.file
                && first.position == d.position
                && what(&first.message) == what(&d.message)
        }) {
            Some(entry) => entry.2 += 1,
            None => seen.push((d, path, 1)),
        }
    }
    seen.into_iter()
        .map(|(d, path, count)| {
            let pages = match count {
                1 => format!("while rendering /{path}"),
                2 => format!("while rendering /{path} and 1 other page"),
                n => format!("while rendering /{path} and {} other pages", n - 1),
            };
            Diagnostic {
                message: format!("{} ({pages})", d.message),
                ..d
            }
        })
        .collect()
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
    ctx.insert("path", &route.path);
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
            template_diagnostic(&e, &file)
        })?;
    Ok(Output {
        path: route.output_file(),
        bytes: html,
    })
}
