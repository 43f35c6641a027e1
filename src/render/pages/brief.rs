//! The brief (通报): one page a leader reads in two minutes, on screen or on two sheets of A4.
//!
//! It gathers what other pages show at length: the headline figures (the home page's selection),
//! every metric in one compact table, the project tracker in two sentences with the projects that
//! need attention named, the stories of the period and the sources. Everything is cut to fit the
//! paper with the cut said in words (`及其他N个`), never silently.
//!
//! Not for: the PDF (printed from this page by `pdf`), or the layout (`brief.html`, `style.css`).

use std::collections::BTreeSet;

use serde::Serialize;
use tera::Context;

use super::projects::totals;
use crate::charts::ChartSpec;
use crate::model::{Period, ProjectFlag, ProjectIx, ProjectStatus, Site, SourceIx};
use crate::render::views::{Link, Linker, ProvenanceView};
use crate::util::date::Date;
use crate::util::escape::css_string;

/// How many projects the brief names before it says how many more there are.
const NAMED_PROJECTS: usize = 10;
/// How many of the period's stories the brief lists before it says how many more there are.
const LISTED_STORIES: usize = 8;
/// How many characters of a story's summary fit its one line.
const SUMMARY_CHARS: usize = 46;

#[derive(Serialize)]
struct Count {
    label: &'static str,
    id: &'static str,
    count: usize,
}

/// A project the brief names, with what makes it worth naming.
#[derive(Serialize)]
struct NamedProject<'a> {
    link: Link<'a>,
    flags: Vec<&'static str>,
    illustrative: bool,
}

#[derive(Serialize)]
struct StoryLine<'a> {
    title: &'a str,
    url: String,
    date: String,
    line: String,
}

pub fn brief(
    site: &Site,
    l: &Linker,
    previous_as_of: Option<Date>,
    ctx: &mut Context,
) -> Vec<ChartSpec> {
    let settings = &site.settings;
    let as_of = settings.as_of;
    let period = Period::of_publication(as_of, previous_as_of);
    ctx.insert("title", &settings.brief_title());
    ctx.insert("issuer", settings.issuer());
    ctx.insert("issuer_is_example", &settings.issuer_is_example());
    ctx.insert("period", &period.chinese());
    // What the page margins of the printed brief say, as CSS strings (`@page` margin boxes).
    ctx.insert(
        "margin_title",
        &css_string(&format!("{} · {}", settings.title, settings.issuer())),
    );
    ctx.insert(
        "margin_date",
        &css_string(&format!("数据截至{}", as_of.chinese())),
    );

    let facts: Vec<_> = site.headline_facts().collect();
    ctx.insert(
        "facts",
        &facts.iter().map(|f| l.fact(f)).collect::<Vec<_>>(),
    );

    ctx.insert(
        "metrics",
        &(0..site.metrics.len())
            .map(|m| l.metric_row(m))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "metric_counts",
        &crate::model::MetricStatus::ALL
            .iter()
            .map(|&s| Count {
                label: s.label(),
                id: s.id(),
                count: site.metrics.iter().filter(|m| m.status == s).count(),
            })
            .filter(|c| c.count > 0)
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "metric_counts_illustrative",
        &site.metrics.iter().any(|m| m.status_illustrative(as_of)),
    );

    let all: Vec<ProjectIx> = (0..site.projects.len()).collect();
    ctx.insert("totals", &totals(site, &all));
    ctx.insert(
        "project_counts",
        &ProjectStatus::ALL
            .iter()
            .map(|&s| Count {
                label: s.label(),
                id: s.id(),
                count: site.projects.iter().filter(|p| p.status == s).count(),
            })
            .collect::<Vec<_>>(),
    );
    let (named, more) = attention(site, l, as_of);
    ctx.insert("named_projects", &named);
    ctx.insert("more_projects", &more);

    let stories = site.stories_in(&period);
    ctx.insert(
        "stories",
        &stories
            .iter()
            .take(LISTED_STORIES)
            .map(|&s| {
                let story = &site.stories[s];
                StoryLine {
                    title: &story.title,
                    url: l.url(&crate::url::story(&story.slug)),
                    date: story.date.chinese(),
                    line: one_line(&story.summary, SUMMARY_CHARS),
                }
            })
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "more_stories",
        &stories.len().saturating_sub(LISTED_STORIES),
    );

    let sources = cited_sources(site, &facts, &stories);
    ctx.insert(
        "sources",
        &sources
            .into_iter()
            .map(|s| l.source(Some(s)))
            .collect::<Vec<ProvenanceView>>(),
    );
    Vec::new()
}

/// The projects overdue or over their plan (overdue first, each group in data order), the first
/// [`NAMED_PROJECTS`] of them named, and how many more there are.
fn attention<'a>(site: &'a Site, l: &Linker<'a>, as_of: Date) -> (Vec<NamedProject<'a>>, usize) {
    let mut flagged: Vec<(ProjectIx, Vec<ProjectFlag>)> = site
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let flags: Vec<ProjectFlag> = p
                .flags(as_of)
                .into_iter()
                .filter(|f| matches!(f, ProjectFlag::Overdue | ProjectFlag::OverBudget))
                .collect();
            (i, flags)
        })
        .filter(|(_, flags)| !flags.is_empty())
        .collect();
    // Stable: overdue projects first, then the over-budget ones, each in data order.
    flagged.sort_by_key(|(_, flags)| flags[0]);
    let more = flagged.len().saturating_sub(NAMED_PROJECTS);
    let named = flagged
        .into_iter()
        .take(NAMED_PROJECTS)
        .map(|(p, flags)| NamedProject {
            link: l.project(p),
            flags: flags.iter().map(|f| f.label()).collect(),
            illustrative: site.projects[p].provenance.illustrative,
        })
        .collect();
    (named, more)
}

/// The sources of every figure and story the brief shows, in source order.
fn cited_sources(site: &Site, facts: &[&crate::model::Fact], stories: &[usize]) -> Vec<SourceIx> {
    let as_of = site.settings.as_of;
    let mut cited = BTreeSet::new();
    cited.extend(facts.iter().filter_map(|f| f.provenance.source));
    for m in &site.metrics {
        cited.extend(m.provenance.source);
        cited.extend(
            m.readings_as_of(as_of)
                .iter()
                .filter_map(|r| r.provenance.source),
        );
    }
    cited.extend(site.projects.iter().filter_map(|p| p.provenance.source));
    cited.extend(stories.iter().filter_map(|&s| site.stories[s].source));
    cited.into_iter().collect()
}

/// The first sentence of `text`, at most `max` characters (cut with `…`).
fn one_line(text: &str, max: usize) -> String {
    let text = text.trim();
    let sentence = match text.find('。') {
        Some(end) => &text[..end + '。'.len_utf8()],
        None => text,
    };
    if sentence.chars().count() <= max {
        sentence.to_string()
    } else {
        let mut cut: String = sentence.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_summary_keeps_its_first_sentence_within_the_line() {
        assert_eq!(one_line(" 第一句。第二句。", 10), "第一句。");
        assert_eq!(one_line("一二三四五六", 4), "一二三…");
        assert_eq!(one_line("一二三四", 4), "一二三四");
        assert_eq!(one_line("", 4), "");
    }
}
