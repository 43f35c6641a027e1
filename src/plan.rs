//! Plan: the route table. One place lists every page of the site, its URL path and what it shows.
//!
//! Each page's path comes from `url`, where every URL shape is written once; what a page of each
//! kind shows is `render::pages`.

use crate::model::*;
use crate::url;
use crate::util::date::Date;

/// What a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// 1-based page of the stories list.
    Stories {
        page: usize,
        pages: usize,
    },
    Story(StoryIx),
    Tags,
    /// 1-based page of one tag's stories.
    Tag {
        tag: String,
        page: usize,
        pages: usize,
    },
    Units,
    Unit(UnitIx),
    Posts,
    Post(PostIx),
    Projects,
    Project(ProjectIx),
    Metrics,
    Metric(usize),
    Counties,
    County(CountyIx),
    /// Page 2 and after of one county's stories (page 1 is the county page itself).
    CountyStories {
        county: CountyIx,
        page: usize,
        pages: usize,
    },
    Campaign,
    /// What changed in the current publication, with the list of publications.
    Changes,
    /// What changed in an earlier publication (index into `History::publications`).
    ChangesArchive(usize),
    /// The page a removed record had (index into `History::removed`).
    Removed(usize),
    /// A free page (`content/pages/<slug>.md`).
    Page(PageIx),
    /// The brief of the publication as of the site's reporting date; its "new" period starts after
    /// `previous_as_of` (the publication before it), or at the month of the reporting date.
    Brief {
        previous_as_of: Option<Date>,
    },
    Search,
    NotFound,
}

impl PageKind {
    /// The section of the site the page belongs to (the nav marks it as current).
    pub fn section(&self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Stories { .. }
            | PageKind::Story(_)
            | PageKind::Tags
            | PageKind::Tag { .. } => "stories",
            PageKind::Units | PageKind::Unit(_) => "units",
            PageKind::Posts | PageKind::Post(_) => "posts",
            PageKind::Projects | PageKind::Project(_) => "projects",
            PageKind::Metrics | PageKind::Metric(_) => "metrics",
            PageKind::Counties | PageKind::County(_) | PageKind::CountyStories { .. } => "counties",
            PageKind::Campaign => "campaign",
            PageKind::Changes | PageKind::ChangesArchive(_) | PageKind::Removed(_) => "changes",
            PageKind::Page(_) => "page",
            PageKind::Brief { .. } => "brief",
            PageKind::Search => "search",
            PageKind::NotFound => "",
        }
    }
}

/// One page of the site.
#[derive(Debug, Clone)]
pub struct Route {
    /// Path from the site root: `units/city-audit-bureau/`, `404.html`, or `` for the home page.
    pub path: String,
    pub kind: PageKind,
}

impl Route {
    /// The file the page is written to, relative to the output folder.
    pub fn output_file(&self) -> String {
        url::output_file(&self.path)
    }

    /// The relative path from this page to the site root: `` or `../../`.
    pub fn root(&self) -> String {
        url::root_from(&self.path)
    }

    /// The template that renders this page.
    pub fn template(&self) -> &'static str {
        match self.kind {
            PageKind::Home => "home.html",
            PageKind::Stories { .. } => "stories.html",
            PageKind::Story(_) => "story.html",
            PageKind::Tags => "tags.html",
            PageKind::Tag { .. } => "tag.html",
            PageKind::Units => "units.html",
            PageKind::Unit(_) => "unit.html",
            PageKind::Posts => "posts.html",
            PageKind::Post(_) => "post.html",
            PageKind::Projects => "projects.html",
            PageKind::Project(_) => "project.html",
            PageKind::Metrics => "metrics.html",
            PageKind::Metric(_) => "metric.html",
            PageKind::Counties => "counties.html",
            PageKind::County(_) | PageKind::CountyStories { .. } => "county.html",
            PageKind::Campaign => "campaign.html",
            PageKind::Changes | PageKind::ChangesArchive(_) => "changes.html",
            PageKind::Removed(_) => "removed.html",
            PageKind::Page(_) => "page.html",
            PageKind::Brief { .. } => "brief.html",
            PageKind::Search => "search.html",
            PageKind::NotFound => "404.html",
        }
    }
}

/// Every page of the site, in a fixed order.
pub fn plan(site: &Site) -> Vec<Route> {
    let mut routes = vec![Route {
        path: url::HOME.into(),
        kind: PageKind::Home,
    }];
    let per_page = site.settings.stories_per_page;
    let pages = site.stories.len().div_ceil(per_page).max(1);
    for page in 1..=pages {
        routes.push(Route {
            path: url::page(url::STORIES, page),
            kind: PageKind::Stories { page, pages },
        });
    }
    routes.extend((0..site.stories.len()).map(|s| Route {
        path: url::story(&site.stories[s].slug),
        kind: PageKind::Story(s),
    }));
    routes.push(Route {
        path: url::TAGS.into(),
        kind: PageKind::Tags,
    });
    for (tag, stories) in &site.tags {
        let pages = stories.len().div_ceil(per_page).max(1);
        for page in 1..=pages {
            routes.push(Route {
                path: url::page(&url::tag(tag), page),
                kind: PageKind::Tag {
                    tag: tag.clone(),
                    page,
                    pages,
                },
            });
        }
    }
    routes.push(Route {
        path: url::UNITS.into(),
        kind: PageKind::Units,
    });
    routes.extend(site.units.iter().enumerate().map(|(i, u)| Route {
        path: url::unit(&u.id),
        kind: PageKind::Unit(i),
    }));
    routes.push(Route {
        path: url::POSTS.into(),
        kind: PageKind::Posts,
    });
    routes.extend(site.posts.iter().enumerate().map(|(i, p)| Route {
        path: url::post(&p.id),
        kind: PageKind::Post(i),
    }));
    routes.push(Route {
        path: url::PROJECTS.into(),
        kind: PageKind::Projects,
    });
    routes.extend(site.projects.iter().enumerate().map(|(i, p)| Route {
        path: url::project(&p.id),
        kind: PageKind::Project(i),
    }));
    routes.push(Route {
        path: url::METRICS.into(),
        kind: PageKind::Metrics,
    });
    routes.extend(site.metrics.iter().enumerate().map(|(i, m)| Route {
        path: url::metric(&m.id),
        kind: PageKind::Metric(i),
    }));
    routes.push(Route {
        path: url::COUNTIES.into(),
        kind: PageKind::Counties,
    });
    for (i, c) in site.counties.iter().enumerate() {
        let base = url::county(&c.id);
        routes.push(Route {
            path: base.clone(),
            kind: PageKind::County(i),
        });
        let pages = c.stories.len().div_ceil(per_page).max(1);
        routes.extend((2..=pages).map(|page| Route {
            path: url::page(&base, page),
            kind: PageKind::CountyStories {
                county: i,
                page,
                pages,
            },
        }));
    }
    routes.push(Route {
        path: url::CAMPAIGN.into(),
        kind: PageKind::Campaign,
    });
    routes.extend(site.pages.iter().enumerate().map(|(i, p)| Route {
        path: url::page_of(&p.slug),
        kind: PageKind::Page(i),
    }));
    routes.push(Route {
        path: url::BRIEF.into(),
        // New since the previous publication; without history, the month of `as_of`.
        kind: PageKind::Brief {
            previous_as_of: site.history.previous_as_of(),
        },
    });
    routes.push(Route {
        path: url::CHANGES.into(),
        kind: PageKind::Changes,
    });
    let history = &site.history;
    let earlier = history.publications.len().saturating_sub(1);
    routes.extend((0..earlier).map(|i| Route {
        path: url::changes_archive(&history.publications[i].as_of.to_string()),
        kind: PageKind::ChangesArchive(i),
    }));
    // A removed record keeps a page at its old address, unless a page of the current site took it.
    let taken: std::collections::BTreeSet<String> = routes.iter().map(|r| r.path.clone()).collect();
    for (i, removed) in history.removed.iter().enumerate() {
        if let Some(path) = &removed.path
            && removed.kind.has_own_page()
            && !taken.contains(path)
        {
            routes.push(Route {
                path: path.clone(),
                kind: PageKind::Removed(i),
            });
        }
    }
    routes.push(Route {
        path: url::SEARCH.into(),
        kind: PageKind::Search,
    });
    routes.push(Route {
        path: url::NOT_FOUND.into(),
        kind: PageKind::NotFound,
    });
    routes
}

/// Why a static file (from `file`, written to `path`) cannot go into a site whose generated files
/// are `generated`: it would replace one of them, or one needs a folder where it is a file, or the
/// other way round. Names both sources.
pub fn static_collision(
    generated: &std::collections::BTreeSet<String>,
    file: &std::path::Path,
    path: &str,
) -> Option<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::{Diagnostic, Position};
    let describe = |p: &str| match p {
        "index.html" => "the generated home page index.html".to_string(),
        url::FEED => format!("the generated Atom feed {p}"),
        url::SITEMAP => format!("the generated sitemap {p}"),
        url::NOT_FOUND => format!("the generated page {p}"),
        _ => format!("the generated file {p}"),
    };
    let message = if generated.contains(path) {
        format!("this static file would replace {}", describe(path))
    } else if let Some(inside) = generated
        .range(format!("{path}/")..)
        .next()
        .filter(|g| g.starts_with(&format!("{path}/")))
    {
        format!(
            "this static file is written as {path}, where the folder {path}/ of generated files must go ({})",
            describe(inside)
        )
    } else {
        let mut folder = path;
        loop {
            let cut = folder.rfind('/')?;
            folder = &folder[..cut];
            if generated.contains(folder) {
                break format!(
                    "this static file needs a folder {folder}/, where tongbao writes {}",
                    describe(folder)
                );
            }
        }
    };
    Some(
        Diagnostic::error(file, Position::default(), message).with_help(
            "rename or move the static file: the generated pages and files keep their addresses (README.md lists them)",
        ),
    )
}
