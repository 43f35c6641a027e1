//! Views: what each page's template sees. Small serialisable structs built from the model for one
//! page, with links already relative to that page, numbers already formatted the Chinese way, and
//! statuses already in words. A page gets only what it shows: never a copy of the whole model.

use serde::Serialize;

use crate::model::*;
use crate::url;
use crate::util::format;

/// Builds links relative to one page.
pub struct Linker<'a> {
    pub site: &'a Site,
    /// Relative path from the page to the site root.
    pub root: String,
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: String,
}

/// Where a project is, as a link: its county's page, or the counties list for a project across
/// counties (`跨县（德城区、陵城区）`) or of the whole city (`全市`).
#[derive(Serialize)]
pub struct PlaceLink {
    pub name: String,
    pub url: String,
    /// The row of by-county tables and filters: the county's name, 跨县 or 全市.
    pub group: String,
}

#[derive(Serialize)]
pub struct ProvenanceView<'a> {
    pub source: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub date: Option<String>,
    pub url: Option<&'a str>,
    /// A note when the title is not the source's own (reconstructed).
    pub note: Option<&'static str>,
    /// The source's own byline and sign-off.
    pub byline: Option<&'a str>,
    pub illustrative: bool,
    /// On a record's page: the date of its latest reading or figure (数据截至).
    pub data_as_of: Option<String>,
    /// On a record's page: the date of the publication in which it last changed (最后更新),
    /// when the history is known.
    pub updated: Option<String>,
}

#[derive(Serialize)]
pub struct StoryCard<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: String,
    pub iso_date: String,
    pub summary: &'a str,
    pub reading_minutes: u32,
    pub tags: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<(usize, String)>,
}

#[derive(Serialize)]
pub struct UnitRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub kind: &'static str,
    pub kind_id: &'static str,
    pub county: Option<Link<'a>>,
    pub pilot: bool,
    pub honours: Vec<String>,
    pub latest_rating: Option<RatingView>,
    pub posts: usize,
    /// Whether the post count rests on an illustrative post.
    pub posts_illustrative: bool,
    pub illustrative: bool,
}

#[derive(Serialize)]
pub struct RatingView {
    pub year: i32,
    pub colour: &'static str,
    pub label: &'static str,
    pub illustrative: bool,
}

#[derive(Serialize)]
pub struct PostRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub unit: Link<'a>,
    pub county: Option<Link<'a>>,
    pub awarded: String,
    pub lead: String,
    pub illustrative: bool,
}

#[derive(Serialize)]
pub struct ProjectRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub county: PlaceLink,
    pub category: &'a str,
    pub programme: &'static str,
    pub planned: String,
    /// `None` when the plan is not published.
    pub planned_wan: Option<f64>,
    /// The latest cumulative investment, or 未报告 when none is reported (never 0).
    pub invested: String,
    /// `None` when no investment is reported.
    pub invested_wan: Option<f64>,
    /// Whether any investment is reported.
    pub reported: bool,
    /// Invested against planned, `None` when not reported or nothing is planned.
    pub invested_percent: Option<String>,
    pub status: &'static str,
    pub status_id: &'static str,
    /// A milestone is past due, or the planned completion date has passed.
    pub late: bool,
    /// 逾期 / 滞后 / 按计划, and its id (`overdue`, `behind`, `on-track`) for the CSS class.
    pub schedule: &'static str,
    pub schedule_id: &'static str,
    /// The flags in words (逾期, 超出计划投资, 未报告) with their ids.
    pub flags: Vec<(&'static str, &'static str)>,
    pub over_budget: bool,
    pub illustrative: bool,
    /// Invested against planned, as an inline SVG bar.
    pub progress_bar: String,
}

#[derive(Serialize)]
pub struct MetricRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub latest: Option<String>,
    pub latest_date: Option<String>,
    pub target: String,
    pub comparison: &'static str,
    pub deadline: String,
    pub status: &'static str,
    pub status_id: &'static str,
    pub progress_percent: f64,
    pub illustrative: bool,
    /// Whether the latest value shown is illustrative.
    pub latest_illustrative: bool,
    /// Whether the status rests on illustrative data (the status line says 示意).
    pub status_illustrative: bool,
    pub provenance: ProvenanceView<'a>,
    /// The observations as an inline SVG sparkline with the target dashed.
    pub sparkline: String,
}

#[derive(Serialize)]
pub struct FactView<'a> {
    pub label: &'a str,
    pub value: String,
    pub unit: String,
    pub date: String,
    pub note: &'a str,
    /// The source's own words (原文), if given.
    pub quote: &'a str,
    pub provenance: ProvenanceView<'a>,
}

#[derive(Serialize)]
pub struct ReadingView {
    pub date: String,
    pub value: String,
    pub illustrative: bool,
}

impl<'a> Linker<'a> {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    pub fn provenance(&self, p: Provenance) -> ProvenanceView<'a> {
        let source = p.source.map(|s| &self.site.sources[s]);
        ProvenanceView {
            source: source.map(|s| s.title.as_str()),
            publisher: source.map(|s| s.publisher.as_str()),
            date: source.map(Source::date_text),
            url: source.and_then(|s| s.url.as_deref()),
            note: source.and_then(Source::title_note),
            byline: source.map(|s| s.byline.as_str()).filter(|b| !b.is_empty()),
            illustrative: p.illustrative,
            data_as_of: None,
            updated: None,
        }
    }

    pub fn source(&self, s: Option<SourceIx>) -> ProvenanceView<'a> {
        self.provenance(Provenance {
            source: s,
            illustrative: false,
        })
    }

    pub fn county(&self, c: CountyIx) -> Link<'a> {
        let county = &self.site.counties[c];
        Link {
            name: &county.name,
            url: self.url(&url::county(&county.id)),
        }
    }

    pub fn project_place(&self, place: &ProjectPlace) -> PlaceLink {
        let counties = &self.site.counties;
        PlaceLink {
            name: place.label(counties),
            url: match place.county() {
                Some(c) => self.url(&url::county(&counties[c].id)),
                None => self.url(url::COUNTIES),
            },
            group: place.group(counties).to_string(),
        }
    }

    pub fn unit(&self, u: UnitIx) -> Link<'a> {
        let unit = &self.site.units[u];
        Link {
            name: &unit.name,
            url: self.url(&url::unit(&unit.id)),
        }
    }

    pub fn post(&self, p: PostIx) -> Link<'a> {
        let post = &self.site.posts[p];
        Link {
            name: &post.name,
            url: self.url(&url::post(&post.id)),
        }
    }

    pub fn project(&self, p: ProjectIx) -> Link<'a> {
        let project = &self.site.projects[p];
        Link {
            name: &project.name,
            url: self.url(&url::project(&project.id)),
        }
    }

    pub fn tag(&self, tag: &'a str) -> Link<'a> {
        Link {
            name: tag,
            url: self.url(&url::tag(&url::segment(tag))),
        }
    }

    pub fn story_card(&self, s: StoryIx) -> StoryCard<'a> {
        let story = &self.site.stories[s];
        StoryCard {
            title: &story.title,
            url: self.url(&url::story(&story.slug)),
            date: story.date.chinese(),
            iso_date: story.date.to_string(),
            summary: &story.summary,
            reading_minutes: story.reading_minutes,
            tags: story.tags.iter().map(|t| self.tag(t)).collect(),
        }
    }

    /// The cards of `stories`, in order.
    pub fn story_cards(&self, stories: &[StoryIx]) -> Vec<StoryCard<'a>> {
        stories.iter().map(|&s| self.story_card(s)).collect()
    }

    /// The table rows of `units`, in order.
    pub fn unit_rows(&self, units: &[UnitIx]) -> Vec<UnitRow<'a>> {
        units.iter().map(|&u| self.unit_row(u)).collect()
    }

    /// The table rows of `posts`, in order.
    pub fn post_rows(&self, posts: &[PostIx]) -> Vec<PostRow<'a>> {
        posts.iter().map(|&p| self.post_row(p)).collect()
    }

    /// The table rows of `projects`, in order.
    pub fn project_rows(&self, projects: &[ProjectIx]) -> Vec<ProjectRow<'a>> {
        projects.iter().map(|&p| self.project_row(p)).collect()
    }

    /// Links for pages 1..=total of a list whose first page is at `base` (a site path).
    /// Links to the first and last page and to the pages near the current one; a gap between them
    /// is one entry `(0, "")`. A fixed number of links per page: linking every page from every page
    /// would make a list of n pages cost n² links.
    pub fn pagination(&self, base: &str, current: usize, total: usize) -> Pagination {
        let url = |n: usize| self.url(&url::page(base, n));
        let mut pages = Vec::new();
        for n in pagination_window(current, total) {
            match n {
                0 => pages.push((0, String::new())),
                n => pages.push((n, url(n))),
            }
        }
        Pagination {
            current,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages,
        }
    }

    pub fn rating(r: &Rating) -> RatingView {
        RatingView {
            year: r.year,
            colour: r.colour.id(),
            label: r.colour.label(),
            illustrative: r.provenance.illustrative,
        }
    }

    pub fn unit_row(&self, u: UnitIx) -> UnitRow<'a> {
        let unit = &self.site.units[u];
        UnitRow {
            id: &unit.id,
            name: &unit.name,
            url: self.url(&url::unit(&unit.id)),
            kind: unit.kind.label(),
            kind_id: unit.kind.id(),
            county: unit.county.map(|c| self.county(c)),
            pilot: unit.pilot,
            honours: unit
                .honours
                .iter()
                .map(|h| format!("{}（{}年）", h.title, h.year))
                .collect(),
            latest_rating: unit.latest_rating().map(Self::rating),
            posts: unit.posts.len(),
            posts_illustrative: self.site.posts_illustrative(&unit.posts),
            illustrative: unit.provenance.illustrative,
        }
    }

    pub fn post_row(&self, p: PostIx) -> PostRow<'a> {
        let post = &self.site.posts[p];
        PostRow {
            id: &post.id,
            name: &post.name,
            url: self.url(&url::post(&post.id)),
            unit: self.unit(post.unit),
            county: post.county.map(|c| self.county(c)),
            awarded: post.awarded.chinese(),
            lead: if post.lead_name.is_empty() {
                String::new()
            } else {
                format!("{} {}", post.lead_title, post.lead_name)
                    .trim()
                    .to_string()
            },
            illustrative: post.provenance.illustrative,
        }
    }

    pub fn project_row(&self, p: ProjectIx) -> ProjectRow<'a> {
        let project = &self.site.projects[p];
        let as_of = self.site.settings.as_of;
        let invested = project.invested_reported();
        let share = project.invested_share();
        let (schedule, schedule_id) = project.schedule(as_of);
        ProjectRow {
            id: &project.id,
            name: &project.name,
            url: self.url(&url::project(&project.id)),
            county: self.project_place(&project.place),
            category: &project.category,
            programme: project.programme.label(),
            planned: project
                .planned_investment
                .map_or_else(|| "未公布".to_string(), format::money_wan),
            planned_wan: project.planned_investment,
            invested: invested.map_or_else(
                || ProjectFlag::NotReported.label().to_string(),
                format::money_wan,
            ),
            invested_wan: invested,
            reported: invested.is_some(),
            invested_percent: share.map(format::percent),
            status: project.status.label(),
            status_id: project.status.id(),
            late: schedule_id != "on-track",
            schedule,
            schedule_id,
            flags: project
                .flags(as_of)
                .into_iter()
                .map(|f| (f.label(), f.id()))
                .collect(),
            over_budget: project.is_over_budget(),
            illustrative: project.provenance.illustrative,
            progress_bar: match share {
                Some(share) => crate::charts::inline::progress_bar(
                    share,
                    &format!("已完成计划投资的{}", format::percent(share)),
                ),
                None => String::new(),
            },
        }
    }

    pub fn metric_row(&self, m: usize) -> MetricRow<'a> {
        let metric = &self.site.metrics[m];
        let latest = metric.latest_reading(self.site.settings.as_of);
        let start = metric
            .baseline
            .or_else(|| metric.observations.first().copied());
        let progress = match (start, latest) {
            (Some(s), Some(l)) if (metric.target_value - s.value).abs() > f64::EPSILON => {
                ((l.value - s.value) / (metric.target_value - s.value) * 100.0).clamp(0.0, 100.0)
            }
            (_, Some(l)) if metric.meets(l.value) => 100.0,
            _ => 0.0,
        };
        MetricRow {
            id: &metric.id,
            name: &metric.name,
            url: self.url(&url::metric(&metric.id)),
            latest: latest.map(|l| format::with_unit(l.value, &metric.unit_label)),
            latest_date: latest.map(|l| l.date.chinese()),
            target: format::with_unit(metric.target_value, &metric.unit_label),
            comparison: match metric.direction {
                Direction::Higher => "不低于",
                Direction::Lower => "不高于",
            },
            deadline: metric.deadline.chinese(),
            status: metric.status.label(),
            status_id: metric.status.id(),
            progress_percent: (progress * 10.0).round() / 10.0,
            illustrative: metric.any_illustrative(),
            latest_illustrative: metric.latest_illustrative(self.site.settings.as_of),
            status_illustrative: metric.status_illustrative(self.site.settings.as_of),
            provenance: self.provenance(metric.provenance),
            sparkline: crate::charts::inline::metric_sparkline(metric, self.site.settings.as_of),
        }
    }

    pub fn fact(&self, f: &'a Fact) -> FactView<'a> {
        let (value, unit) = format::quantity_parts(f.value, &f.unit_label);
        FactView {
            label: &f.label,
            value,
            unit,
            date: f.date.chinese(),
            note: &f.note,
            quote: &f.quote,
            provenance: self.provenance(f.provenance),
        }
    }

    pub fn reading(r: &Reading, unit_label: &str) -> ReadingView {
        ReadingView {
            date: r.date.chinese(),
            value: format::with_unit(r.value, unit_label),
            illustrative: r.provenance.illustrative,
        }
    }
}

/// The page numbers a pagination bar shows: 1, the last, and two either side of `current`, with a 0
/// where pages are left out. At most nine entries, whatever the number of pages.
pub fn pagination_window(current: usize, total: usize) -> Vec<usize> {
    const NEAR: usize = 2;
    let mut shown: Vec<usize> = vec![1, total];
    shown.extend(current.saturating_sub(NEAR)..=current + NEAR);
    shown.retain(|&n| (1..=total).contains(&n));
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for n in shown {
        match out.last() {
            // A gap of one page shows that page rather than a mark standing in for it.
            Some(&last) if n == last + 2 => out.push(last + 1),
            Some(&last) if n > last + 2 => out.push(0),
            _ => {}
        }
        out.push(n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pagination_window;

    #[test]
    fn pagination_shows_a_bounded_window() {
        assert_eq!(pagination_window(1, 1), vec![1]);
        assert_eq!(pagination_window(2, 3), vec![1, 2, 3]);
        assert_eq!(pagination_window(1, 9), vec![1, 2, 3, 0, 9]);
        assert_eq!(pagination_window(5, 9), vec![1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(pagination_window(6, 12), vec![1, 0, 4, 5, 6, 7, 8, 0, 12]);
        assert_eq!(pagination_window(9, 9), vec![1, 0, 7, 8, 9]);
        assert_eq!(pagination_window(4, 7), vec![1, 2, 3, 4, 5, 6, 7]);
        for total in 1..60 {
            for current in 1..=total {
                let w = pagination_window(current, total);
                assert!(
                    w.len() <= 9 && w.contains(&current) && w.contains(&1) && w.contains(&total)
                );
            }
        }
    }
}
