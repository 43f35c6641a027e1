//! Plan: the route table. One place lists every page of the site, its URL path and what it shows.
//!
//! URLs are readable and stable: `/units/<id>/`, `/posts/<id>/`, `/projects/<id>/`,
//! `/metrics/<id>/`, `/counties/<id>/`, `/stories/<slug>/`, `/stories/tags/<tag>/`. Paths here are
//! relative to the site root, without a leading slash; a path ending in `/` is written as its
//! `index.html`.

use crate::model::*;

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
    Search,
    NotFound,
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
        if self.path.is_empty() || self.path.ends_with('/') {
            format!("{}index.html", self.path)
        } else {
            self.path.clone()
        }
    }

    /// The relative path from this page to the site root: `` or `../../`.
    pub fn root(&self) -> String {
        "../".repeat(self.path.matches('/').count())
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
            PageKind::Search => "search.html",
            PageKind::NotFound => "404.html",
        }
    }
}

/// Percent-encodes one URL path segment (for tags, which may be Chinese or hold spaces).
pub fn url_segment(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            // No `format!` per byte: this runs for every tag link of every page.
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// Path of the n-th (1-based) page of a paginated list whose first page is at `base`.
pub fn page_path(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

/// The folder a tag's pages live in, on disk (the tag itself, checked safe by `validate`).
pub fn tag_path(tag: &str) -> String {
    format!("stories/tags/{tag}/")
}

/// Every page of the site, in a fixed order.
pub fn plan(site: &Site) -> Vec<Route> {
    let mut routes = vec![Route {
        path: String::new(),
        kind: PageKind::Home,
    }];
    let per_page = site.settings.stories_per_page;
    let pages = site.stories.len().div_ceil(per_page).max(1);
    for page in 1..=pages {
        routes.push(Route {
            path: page_path("stories/", page),
            kind: PageKind::Stories { page, pages },
        });
    }
    routes.extend((0..site.stories.len()).map(|s| Route {
        path: format!("stories/{}/", site.stories[s].slug),
        kind: PageKind::Story(s),
    }));
    routes.push(Route {
        path: "stories/tags/".into(),
        kind: PageKind::Tags,
    });
    for (tag, stories) in &site.tags {
        let pages = stories.len().div_ceil(per_page).max(1);
        for page in 1..=pages {
            routes.push(Route {
                path: page_path(&tag_path(tag), page),
                kind: PageKind::Tag {
                    tag: tag.clone(),
                    page,
                    pages,
                },
            });
        }
    }
    routes.push(Route {
        path: "units/".into(),
        kind: PageKind::Units,
    });
    routes.extend(site.units.iter().enumerate().map(|(i, u)| Route {
        path: format!("units/{}/", u.id),
        kind: PageKind::Unit(i),
    }));
    routes.push(Route {
        path: "posts/".into(),
        kind: PageKind::Posts,
    });
    routes.extend(site.posts.iter().enumerate().map(|(i, p)| Route {
        path: format!("posts/{}/", p.id),
        kind: PageKind::Post(i),
    }));
    routes.push(Route {
        path: "projects/".into(),
        kind: PageKind::Projects,
    });
    routes.extend(site.projects.iter().enumerate().map(|(i, p)| Route {
        path: format!("projects/{}/", p.id),
        kind: PageKind::Project(i),
    }));
    routes.push(Route {
        path: "metrics/".into(),
        kind: PageKind::Metrics,
    });
    routes.extend(site.metrics.iter().enumerate().map(|(i, m)| Route {
        path: format!("metrics/{}/", m.id),
        kind: PageKind::Metric(i),
    }));
    routes.push(Route {
        path: "counties/".into(),
        kind: PageKind::Counties,
    });
    for (i, c) in site.counties.iter().enumerate() {
        let base = format!("counties/{}/", c.id);
        routes.push(Route {
            path: base.clone(),
            kind: PageKind::County(i),
        });
        let pages = c.stories.len().div_ceil(per_page).max(1);
        routes.extend((2..=pages).map(|page| Route {
            path: page_path(&base, page),
            kind: PageKind::CountyStories {
                county: i,
                page,
                pages,
            },
        }));
    }
    routes.push(Route {
        path: "campaign/".into(),
        kind: PageKind::Campaign,
    });
    routes.push(Route {
        path: "search/".into(),
        kind: PageKind::Search,
    });
    routes.push(Route {
        path: "404.html".into(),
        kind: PageKind::NotFound,
    });
    routes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_know_their_file_and_root() {
        let r = Route {
            path: "units/a/".into(),
            kind: PageKind::Units,
        };
        assert_eq!(
            (r.output_file(), r.root()),
            ("units/a/index.html".to_string(), "../../".to_string())
        );
        let home = Route {
            path: String::new(),
            kind: PageKind::Home,
        };
        assert_eq!(
            (home.output_file(), home.root()),
            ("index.html".to_string(), String::new())
        );
        assert_eq!(url_segment("积分 制"), "%E7%A7%AF%E5%88%86%20%E5%88%B6");
        assert_eq!(page_path("stories/", 3), "stories/page/3/");
    }
}
