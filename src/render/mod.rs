//! Render: every page of the route table through its Tera template, in parallel.
//!
//! Templates come from the built-in default theme (embedded in the binary) and are overridden file
//! by file by the site's own `themes/default/templates/`. Each page gets a small context of views
//! (see `views`); site-wide values (title, nav) sit in Tera's global context once.

pub mod views;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics, Position, SourceMap};
use crate::format;
use crate::model::*;
use crate::plan::{PageKind, Route, tag_path, url_segment};
use views::*;

/// A file of the built site: a path relative to the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

macro_rules! builtin {
    ($($name:literal),* $(,)?) => { &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*] };
}

/// The default theme's templates, embedded so a site without `themes/` still builds.
const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "home.html",
    "stories.html",
    "story.html",
    "tags.html",
    "tag.html",
    "units.html",
    "unit.html",
    "posts.html",
    "post.html",
    "projects.html",
    "project.html",
    "metrics.html",
    "metric.html",
    "counties.html",
    "county.html",
    "campaign.html",
    "404.html",
    "search.html",
    "partials/components.html",
    "partials/cite.html",
    "partials/story_list.html",
    "partials/pagination.html",
    "partials/unit_table.html",
    "partials/post_table.html",
    "partials/project_table.html",
);

/// The default theme's static files.
pub const BUILTIN_STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "listing.js",
        include_str!("../../themes/default/static/listing.js"),
    ),
    (
        "favicon.svg",
        include_str!("../../themes/default/static/favicon.svg"),
    ),
];

/// Loads the templates: built-in ones, then the site's overrides and additions.
pub fn load_templates(
    root: &Path,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Tera> {
    let theme_dir = Path::new("themes/default/templates");
    let mut templates: Vec<(String, PathBuf, String)> = BUILTIN_TEMPLATES
        .iter()
        .map(|(n, t)| {
            (
                n.to_string(),
                PathBuf::from(format!("(built-in) {n}")),
                t.to_string(),
            )
        })
        .collect();
    for file in crate::load::list_files(root, theme_dir, diags) {
        let name = file
            .strip_prefix(theme_dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        match std::fs::read_to_string(root.join(&file)) {
            Ok(text) => {
                sources.insert(&file, text.clone().into());
                templates.retain(|(n, _, _)| *n != name);
                templates.push((name, file, text));
            }
            Err(e) => diags.push(
                Diagnostic::error(
                    &file,
                    Position::default(),
                    format!("cannot read the template: {e}"),
                )
                .with_help("save templates as UTF-8 text"),
            ),
        }
    }
    // Templates others build on go in first, so that every component call, `extends` and
    // `include` finds its target when a template is added: the theme's components (any template
    // may call them, the base layout included), then the base layout and partials.
    templates.sort_by_key(|(name, _, _)| {
        (
            name != "partials/components.html",
            !(name == "base.html" || name.contains('/')),
            name.clone(),
        )
    });
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    for (name, file, text) in &templates {
        if let Err(e) = tera.add_raw_template(name, text) {
            diags.push(template_diagnostic(&e, file));
        }
    }
    if diags.has_errors() {
        return None;
    }
    // Inheritance and includes are checked once all templates are in.
    if let Err(e) = tera.add_raw_templates(Vec::<(&str, &str)>::new()) {
        diags.push(template_diagnostic(
            &e,
            Path::new("themes/default/templates"),
        ));
        return None;
    }
    Some(tera)
}

/// A Tera error as a diagnostic, with the template's line and column when Tera knows them.
fn template_diagnostic(error: &tera::Error, file: &Path) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::error(
                file,
                Position::new(span.start_line, span.start_col + 1),
                format!("template error: {}", report.message()),
            )
        }
        other => Diagnostic::error(
            file,
            Position::default(),
            format!("template error: {other}"),
        ),
    }
    .with_help("check the Tera syntax of the template (https://keats.github.io/tera/)")
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    publisher: &'a str,
    as_of: String,
    as_of_iso: String,
}

/// Where rendered files go, one at a time and from any thread: into memory ([`in_memory`]) or
/// straight into the build's staging folder. An error (a file that cannot be written) stops the
/// build.
pub type Sink<'a> = dyn Fn(Output) -> Result<(), Diagnostic> + Sync + 'a;

/// Runs `make` with a sink that keeps every file in memory; returns its result and the files,
/// sorted by path (and by content where two share a path), whatever order the threads made them in.
pub fn in_memory<R>(make: impl FnOnce(&Sink) -> R) -> (R, Vec<Output>) {
    let outputs = std::sync::Mutex::new(Vec::new());
    let result = make(&|mut o: Output| {
        // Kept files hold no spare capacity.
        o.bytes.shrink_to_fit();
        outputs.lock().unwrap_or_else(|e| e.into_inner()).push(o);
        Ok(())
    });
    let mut outputs = outputs.into_inner().unwrap_or_else(|e| e.into_inner());
    outputs.sort_unstable_by(|a, b| a.path.cmp(&b.path).then_with(|| a.bytes.cmp(&b.bytes)));
    (result, outputs)
}

/// Renders every route and hands each page to `sink` as soon as it is made, so pages are never
/// all in memory together; returns how many were rendered. Template errors become diagnostics
/// naming the template and the page; a sink error is pushed too and stops the rendering.
pub fn render_pages(
    site: &Site,
    charts: &crate::charts::ChartSet,
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
        },
    );
    // Template errors are gathered (in route order) so every one is reported; a sink error ends
    // the whole iteration.
    let results: Result<Vec<Diagnostic>, Diagnostic> = routes
        .par_iter()
        .filter_map(|route| match render_page(site, charts, &tera, route) {
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
    charts: &crate::charts::ChartSet,
    tera: &Tera,
    route: &Route,
) -> Result<Output, Diagnostic> {
    // The 404 page is served for any missing path, so its links start from the site's own path.
    let root = if route.kind == PageKind::NotFound {
        base_path(&site.settings.base_url)
    } else {
        route.root()
    };
    let linker = Linker { site, root };
    let mut ctx = Context::new();
    ctx.insert("root", &linker.root);
    ctx.insert(
        "canonical",
        &format!("{}{}", site.settings.base_url, encode_path(&route.path)),
    );
    ctx.insert("section", section_of(&route.kind));
    ctx.insert("page_description", &site.settings.description);
    ctx.insert("story", &false);
    fill_context(site, &linker, &route.kind, &mut ctx);
    ctx.insert(
        "charts",
        &crate::charts::page_views(site, charts, &route.kind, &linker.root),
    );
    // Rendered straight into bytes (no second pass to check UTF-8: templates and values are
    // strings already).
    let mut html = Vec::with_capacity(16 * 1024);
    tera.render_to(route.template(), &ctx, &mut html)
        .map_err(|e| {
            let file = PathBuf::from(format!("themes/default/templates/{}", route.template()));
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

/// The path part of the base URL: `/wuxing/` for `https://example.gov.cn/wuxing/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/".to_string(), |i| after_scheme[i..].to_string())
}

/// Percent-encodes the segments of a site path that need it (tags).
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.is_ascii() {
                seg.to_string()
            } else {
                url_segment(seg)
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn section_of(kind: &PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Stories { .. } | PageKind::Story(_) | PageKind::Tags | PageKind::Tag { .. } => {
            "stories"
        }
        PageKind::Units | PageKind::Unit(_) => "units",
        PageKind::Posts | PageKind::Post(_) => "posts",
        PageKind::Projects | PageKind::Project(_) => "projects",
        PageKind::Metrics | PageKind::Metric(_) => "metrics",
        PageKind::Counties | PageKind::County(_) | PageKind::CountyStories { .. } => "counties",
        PageKind::Campaign => "campaign",
        PageKind::Search => "search",
        PageKind::NotFound => "",
    }
}

#[derive(Serialize)]
struct Totals {
    projects: usize,
    started: usize,
    planned: String,
    invested: String,
    late: usize,
}

fn project_totals(site: &Site, projects: &[ProjectIx]) -> Totals {
    let planned: f64 = projects
        .iter()
        .map(|&p| site.projects[p].planned_investment)
        .sum();
    let invested: f64 = projects
        .iter()
        .map(|&p| site.projects[p].invested_to_date())
        .sum();
    Totals {
        projects: projects.len(),
        started: projects
            .iter()
            .filter(|&&p| site.projects[p].status != ProjectStatus::Planned)
            .count(),
        planned: format::money_wan(planned),
        invested: format::money_wan(invested),
        late: projects
            .iter()
            .filter(|&&p| site.projects[p].overdue_milestones(site.settings.as_of) > 0)
            .count(),
    }
}

fn fill_context(site: &Site, l: &Linker, kind: &PageKind, ctx: &mut Context) {
    let as_of = site.settings.as_of;
    match kind {
        PageKind::Home => {
            let headline: Vec<FactView> = site
                .facts
                .iter()
                .filter(|f| f.headline)
                .map(|f| l.fact(f))
                .collect();
            ctx.insert("title", &site.settings.title);
            ctx.insert("facts", &headline);
            ctx.insert(
                "metrics",
                &(0..site.metrics.len())
                    .map(|m| l.metric_row(m))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "stories",
                &(0..site.stories.len().min(5))
                    .map(|s| l.story_card(s))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "counts",
                &[
                    ("单位", site.units.len(), l.url("units/")),
                    ("“五零”岗位", site.posts.len(), l.url("posts/")),
                    ("重点项目", site.projects.len(), l.url("projects/")),
                    ("指标", site.metrics.len(), l.url("metrics/")),
                    ("报道", site.stories.len(), l.url("stories/")),
                ],
            );
        }
        PageKind::Stories { page, pages } => {
            let per = site.settings.stories_per_page;
            let slice = (page - 1) * per..(page * per).min(site.stories.len());
            ctx.insert("title", "报道");
            ctx.insert(
                "stories",
                &slice.map(|s| l.story_card(s)).collect::<Vec<_>>(),
            );
            ctx.insert("pagination", &l.pagination("stories/", *page, *pages));
            // Stories by county and by unit: the county and unit pages list them.
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
            // The unit list grows with the site: only the first page of the stories carries it
            // (on every page it made the list pages cost pages × units, quadratic in the site).
            ctx.insert(
                "story_units",
                &site
                    .units
                    .iter()
                    .enumerate()
                    .filter(|(_, u)| *page == 1 && !u.stories.is_empty())
                    .map(|(i, u)| (l.unit(i), u.stories.len()))
                    .collect::<Vec<_>>(),
            );
            // Likewise the tag list: on the first page only.
            ctx.insert(
                "tags",
                &site
                    .tags
                    .iter()
                    .filter(|_| *page == 1)
                    .map(|(t, s)| (l.tag(t), s.len()))
                    .collect::<Vec<_>>(),
            );
        }
        PageKind::Story(s) => {
            let story = &site.stories[*s];
            ctx.insert("title", &story.title);
            ctx.insert("story", &StoryView::new(l, story));
            ctx.insert("page_description", &story.summary);
            ctx.insert("json_ld", &crate::feeds::news_article_json_ld(site, story));
        }
        PageKind::Tags => {
            ctx.insert("title", "专题标签");
            ctx.insert(
                "tags",
                &site
                    .tags
                    .iter()
                    .map(|(t, s)| (l.tag(t), s.len()))
                    .collect::<Vec<_>>(),
            );
        }
        PageKind::Tag { tag, page, pages } => {
            let stories = &site.tags[tag];
            let per = site.settings.stories_per_page;
            let slice = &stories[(page - 1) * per..(page * per).min(stories.len())];
            ctx.insert("title", &format!("标签：{tag}"));
            ctx.insert("tag", tag);
            ctx.insert(
                "stories",
                &slice.iter().map(|&s| l.story_card(s)).collect::<Vec<_>>(),
            );
            ctx.insert(
                "pagination",
                &l.pagination(&tag_path(&url_segment(tag)), *page, *pages),
            );
        }
        PageKind::Units => {
            ctx.insert("title", "单位名录");
            ctx.insert(
                "units",
                &(0..site.units.len())
                    .map(|u| l.unit_row(u))
                    .collect::<Vec<_>>(),
            );
        }
        PageKind::Unit(u) => {
            let unit = &site.units[*u];
            ctx.insert("title", &unit.name);
            ctx.insert("unit", &l.unit_row(*u));
            ctx.insert("summary", &unit.summary);
            ctx.insert("provenance", &l.provenance(unit.provenance));
            ctx.insert(
                "honours",
                &unit
                    .honours
                    .iter()
                    .map(|h| HonourView {
                        title: &h.title,
                        year: h.year,
                        batch: &h.batch,
                        provenance: l.provenance(h.provenance),
                    })
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "ratings",
                &unit.ratings.iter().map(Linker::rating).collect::<Vec<_>>(),
            );
            ctx.insert(
                "admonition",
                &unit.admonition().map(|a| format!("{}。", a.clause())),
            );
            ctx.insert(
                "satisfaction",
                &unit
                    .satisfaction
                    .iter()
                    .map(|r| Linker::reading(r, "%"))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "posts",
                &unit
                    .posts
                    .iter()
                    .map(|&p| l.post_row(p))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "projects",
                &unit
                    .projects_led
                    .iter()
                    .map(|&p| l.project_row(p))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "stories",
                &unit
                    .stories
                    .iter()
                    .map(|&s| l.story_card(s))
                    .collect::<Vec<_>>(),
            );
        }
        PageKind::Posts => {
            ctx.insert("title", "“五零”岗位");
            ctx.insert(
                "posts",
                &(0..site.posts.len())
                    .map(|p| l.post_row(p))
                    .collect::<Vec<_>>(),
            );
        }
        PageKind::Post(p) => {
            let post = &site.posts[*p];
            ctx.insert("title", &post.name);
            ctx.insert("post", &l.post_row(*p));
            ctx.insert("batch", &post.batch);
            ctx.insert("quote", &post.quote);
            ctx.insert(
                "zeros",
                &FIVE_ZEROS
                    .iter()
                    .zip(&post.zeros)
                    .map(|((id, name), text)| (*id, *name, text.as_str()))
                    .collect::<Vec<_>>(),
            );
            ctx.insert("provenance", &l.provenance(post.provenance));
            ctx.insert(
                "stories",
                &post
                    .stories
                    .iter()
                    .map(|&s| l.story_card(s))
                    .collect::<Vec<_>>(),
            );
        }
        PageKind::Projects => {
            let all: Vec<ProjectIx> = (0..site.projects.len()).collect();
            ctx.insert("title", "重点项目");
            ctx.insert(
                "projects",
                &all.iter().map(|&p| l.project_row(p)).collect::<Vec<_>>(),
            );
            ctx.insert("totals", &project_totals(site, &all));
        }
        PageKind::Project(p) => {
            let project = &site.projects[*p];
            ctx.insert("title", &project.name);
            ctx.insert("project", &l.project_row(*p));
            ctx.insert("lead_unit", &project.lead_unit.map(|u| l.unit(u)));
            ctx.insert("start", &project.start.map(|d| d.chinese()));
            ctx.insert("target", &project.target.map(|d| d.chinese()));
            ctx.insert(
                "invested",
                &project
                    .invested
                    .iter()
                    .map(|(d, v)| (d.chinese(), format::money_wan(*v)))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "milestones",
                &project
                    .milestones
                    .iter()
                    .map(|m| MilestoneView::new(m, as_of))
                    .collect::<Vec<_>>(),
            );
            ctx.insert("provenance", &l.provenance(project.provenance));
            ctx.insert(
                "stories",
                &project
                    .stories
                    .iter()
                    .map(|&s| l.story_card(s))
                    .collect::<Vec<_>>(),
            );
        }
        PageKind::Metrics => {
            ctx.insert("title", "目标指标");
            ctx.insert(
                "metrics",
                &(0..site.metrics.len())
                    .map(|m| l.metric_row(m))
                    .collect::<Vec<_>>(),
            );
        }
        PageKind::Metric(m) => {
            let metric = &site.metrics[*m];
            ctx.insert("title", &metric.name);
            ctx.insert("metric", &l.metric_row(*m));
            ctx.insert("summary", &metric.summary);
            ctx.insert("unit_label", &metric.unit_label);
            ctx.insert(
                "baseline",
                &metric
                    .baseline
                    .as_ref()
                    .map(|b| Linker::reading(b, &metric.unit_label)),
            );
            ctx.insert(
                "observations",
                &metric
                    .observations
                    .iter()
                    .map(|r| Linker::reading(r, &metric.unit_label))
                    .collect::<Vec<_>>(),
            );
            ctx.insert("status_sentence", &status_sentence(metric, as_of));
        }
        PageKind::Counties => {
            ctx.insert("title", "县市区");
            ctx.insert(
                "counties",
                &site
                    .counties
                    .iter()
                    .enumerate()
                    .map(|(c, county)| CountyRow {
                        link: l.county(c),
                        kind: county.kind.label(),
                        units: county.units.len(),
                        posts: county.posts.len(),
                        projects: county.projects.len(),
                        stories: county.stories.len(),
                    })
                    .collect::<Vec<_>>(),
            );
        }
        PageKind::County(c) => {
            let county = &site.counties[*c];
            ctx.insert("title", &county.name);
            ctx.insert(
                "county",
                &CountyRow {
                    link: l.county(*c),
                    kind: county.kind.label(),
                    units: county.units.len(),
                    posts: county.posts.len(),
                    projects: county.projects.len(),
                    stories: county.stories.len(),
                },
            );
            ctx.insert(
                "units",
                &county
                    .units
                    .iter()
                    .map(|&u| l.unit_row(u))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "posts",
                &county
                    .posts
                    .iter()
                    .map(|&p| l.post_row(p))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "projects",
                &county
                    .projects
                    .iter()
                    .map(|&p| l.project_row(p))
                    .collect::<Vec<_>>(),
            );
            ctx.insert("totals", &project_totals(site, &county.projects));
            county_stories(site, l, *c, 1, ctx);
        }
        PageKind::CountyStories {
            county: c, page, ..
        } => {
            let county = &site.counties[*c];
            ctx.insert("title", &county.name);
            ctx.insert(
                "county",
                &CountyRow {
                    link: l.county(*c),
                    kind: county.kind.label(),
                    units: county.units.len(),
                    posts: county.posts.len(),
                    projects: county.projects.len(),
                    stories: county.stories.len(),
                },
            );
            county_stories(site, l, *c, *page, ctx);
        }
        PageKind::Campaign => {
            ctx.insert("title", "工作进程");
            ctx.insert(
                "actions",
                &site
                    .actions
                    .iter()
                    .map(|a| ActionView {
                        order: a.order,
                        name: &a.name,
                        summary: &a.summary,
                        launched: a.launched.map(|d| d.chinese()),
                        provenance: l.source(a.source),
                    })
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "events",
                &site
                    .events
                    .iter()
                    .map(|e| EventView {
                        date: e.date.chinese(),
                        iso_date: e.date.to_string(),
                        title: &e.title,
                        summary: &e.summary,
                        provenance: l.source(e.source),
                    })
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "facts",
                &site.facts.iter().map(|f| l.fact(f)).collect::<Vec<_>>(),
            );
        }
        PageKind::Search => {
            ctx.insert("title", "搜索");
        }
        PageKind::NotFound => {
            ctx.insert("title", "页面未找到");
        }
    }
}

/// One page of a county's stories, with its pagination: a county page never lists every story.
fn county_stories(site: &Site, l: &Linker, c: CountyIx, page: usize, ctx: &mut Context) {
    let county = &site.counties[c];
    let per = site.settings.stories_per_page;
    let pages = county.stories.len().div_ceil(per).max(1);
    let slice = &county.stories
        [((page - 1) * per).min(county.stories.len())..(page * per).min(county.stories.len())];
    ctx.insert("page", &page);
    ctx.insert(
        "stories",
        &slice.iter().map(|&s| l.story_card(s)).collect::<Vec<_>>(),
    );
    ctx.insert(
        "pagination",
        &l.pagination(&format!("counties/{}/", county.id), page, pages),
    );
}

#[derive(Serialize)]
struct HonourView<'a> {
    title: &'a str,
    year: i32,
    batch: &'a str,
    provenance: ProvenanceView<'a>,
}

#[derive(Serialize)]
struct CountyRow<'a> {
    link: Link<'a>,
    kind: &'static str,
    units: usize,
    posts: usize,
    projects: usize,
    stories: usize,
}

#[derive(Serialize)]
struct ActionView<'a> {
    order: i64,
    name: &'a str,
    summary: &'a str,
    launched: Option<String>,
    provenance: ProvenanceView<'a>,
}

#[derive(Serialize)]
struct EventView<'a> {
    date: String,
    iso_date: String,
    title: &'a str,
    summary: &'a str,
    provenance: ProvenanceView<'a>,
}

#[derive(Serialize)]
struct MilestoneView<'a> {
    title: &'a str,
    due: String,
    done: Option<String>,
    state: &'static str,
    state_id: &'static str,
}

impl<'a> MilestoneView<'a> {
    fn new(m: &'a Milestone, as_of: crate::date::Date) -> Self {
        let (state, state_id) = match m.done {
            Some(done) if done <= m.due.last_day() => ("按期完成", "done"),
            Some(_) => ("逾期完成", "done-late"),
            None if m.due.last_day() < as_of => ("逾期未完成", "overdue"),
            None => ("未到期", "pending"),
        };
        MilestoneView {
            title: &m.title,
            due: m.due.chinese(),
            done: m.done.map(|d| d.chinese()),
            state,
            state_id,
        }
    }
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
            first_review_editor: &story.first_review_editor,
            responsible_editor: &story.responsible_editor,
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
        }
    }
}

/// One sentence that states where a metric stands, in words.
pub fn status_sentence(metric: &Metric, as_of: crate::date::Date) -> String {
    let target = format::with_unit(metric.target_value, &metric.unit_label);
    let comparison = match metric.direction {
        Direction::Higher => "不低于",
        Direction::Lower => "不高于",
    };
    let goal = format!(
        "目标为{}前{}{}",
        metric.deadline.chinese(),
        comparison,
        target
    );
    let latest = metric.observations.iter().rev().find(|o| o.date <= as_of);
    let Some(latest) = latest else {
        return format!("{}暂无观测数据；{}。", metric.name, goal);
    };
    let now = format!(
        "截至{}，{}为{}",
        latest.date.chinese(),
        metric.name,
        format::with_unit(latest.value, &metric.unit_label)
    );
    match metric.status {
        MetricStatus::Met => format!("{now}，已达到{comparison}{target}的目标（已达标）。"),
        MetricStatus::OnTrack => format!("{now}；{goal}，按目前进度可望按期完成（进度正常）。"),
        MetricStatus::Behind => {
            format!("{now}；{goal}，目前进度落后于按期完成所需的进度（进度滞后）。")
        }
        MetricStatus::Missed => format!("{now}；{goal}，截止日期已过，未达到目标（未达标）。"),
        MetricStatus::NoData => format!("{now}；{goal}。"),
    }
}
