//! What search finds: every record, story, listing page and campaign item of the site as a
//! searchable document with its fields kept apart (name, tags, summary, body), its kind and how
//! much of it is illustrative. Ranking (in `search.js`) reads the field a query matched, the
//! kind and the marking; the documents' order breaks the last ties (newer stories first).

use crate::model::{Marked, Marking, Site};
use crate::url;
use crate::util::format;

/// The kinds of document, in the order the index stores them; the label is shown on a result
/// and on its filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Story,
    /// A page of the site that is not a record: a listing (the project tracker, the unit
    /// directory…), and the free pages of `content/pages/` when the site has them.
    Page,
    County,
    Unit,
    Post,
    Project,
    Metric,
    Action,
    Event,
    Fact,
    Tag,
}

impl Kind {
    /// Every kind, in index order.
    pub const ALL: [Kind; 11] = [
        Kind::Story,
        Kind::Page,
        Kind::County,
        Kind::Unit,
        Kind::Post,
        Kind::Project,
        Kind::Metric,
        Kind::Action,
        Kind::Event,
        Kind::Fact,
        Kind::Tag,
    ];

    /// The key written in the index files.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Story => "story",
            Kind::Page => "page",
            Kind::County => "county",
            Kind::Unit => "unit",
            Kind::Post => "post",
            Kind::Project => "project",
            Kind::Metric => "metric",
            Kind::Action => "action",
            Kind::Event => "event",
            Kind::Fact => "fact",
            Kind::Tag => "tag",
        }
    }

    /// The label on a result and its filter.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Story => "报道",
            Kind::Page => "页面",
            Kind::County => "县市区",
            Kind::Unit => "单位",
            Kind::Post => "岗位",
            Kind::Project => "项目",
            Kind::Metric => "指标",
            Kind::Action => "行动",
            Kind::Event => "大事记",
            Kind::Fact => "数据",
            Kind::Tag => "标签",
        }
    }

    /// Whether the document's name is a tag: a tag's own entry ranks with the stories that carry
    /// it (tags tier), not above them.
    fn name_is_tag(self) -> bool {
        self == Kind::Tag
    }
}

/// One searchable document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    pub marking: Marking,
    /// The title or name.
    pub title: String,
    /// Site-relative URL: `stories/x/`.
    pub url: String,
    pub tags: Vec<String>,
    pub summary: String,
    /// Lines of text (paragraphs, table cells, list items); no query matches across two.
    pub body: String,
}

/// Field tiers, best first: a query matched in the name ranks above one in the tags, then the
/// summary, then the body.
pub const TITLE: u8 = 3;
pub const TAGS: u8 = 2;
pub const SUMMARY: u8 = 1;
pub const BODY: u8 = 0;

impl Doc {
    /// The fields with the tier a match in each counts for. The summary of a wholly illustrative
    /// record is placeholder prose, so it counts as body: a story from the source that says the
    /// same ranks above it.
    pub fn fields(&self) -> [(u8, String); 4] {
        let summary_tier = if self.marking == Marking::Whole && self.kind != Kind::Story {
            BODY
        } else {
            SUMMARY
        };
        let title_tier = if self.kind.name_is_tag() { TAGS } else { TITLE };
        // What a listing page lists (the programmes of the project tracker…) names it.
        let tags_tier = if self.kind == Kind::Page { TITLE } else { TAGS };
        [
            (title_tier, self.title.clone()),
            (tags_tier, self.tags.join("\n")),
            (summary_tier, self.summary.clone()),
            (BODY, self.body.clone()),
        ]
    }
}

/// A result's summary with the mark its record's figures need, so a search result never shows an
/// illustrative record or figure unmarked.
fn marked(summary: &str, marking: Marking) -> String {
    let mark = match marking {
        Marking::None => return summary.to_string(),
        Marking::Partly => "（含示意数据）",
        Marking::Whole => "（示意数据）",
    };
    format!("{summary}{mark}")
}

/// Every searchable document of the site, by kind (in `Kind::ALL` order), then from the source
/// before illustrative, then in the site's order (stories newest first).
pub fn documents(site: &Site) -> Vec<Doc> {
    let mut docs = Vec::new();
    docs.extend(stories(site));
    docs.extend(listings(site));
    docs.extend(free_pages(site));
    docs.extend(counties(site));
    docs.extend(records(site));
    docs.extend(campaign(site));
    docs.extend(tags(site));
    // Stable: the site's order within each kind and marking.
    docs.sort_by_key(|d| (d.kind, d.marking));
    docs
}

fn stories(site: &Site) -> Vec<Doc> {
    site.stories
        .iter()
        .map(|s| Doc {
            kind: Kind::Story,
            marking: Marking::None,
            title: s.title.clone(),
            url: url::story(&s.slug),
            tags: s.tags.clone(),
            summary: s.summary.clone(),
            body: s.plain_text.trim().to_string(),
        })
        .collect()
}

/// The free pages of `content/pages/` (关于本站, 数据说明…).
fn free_pages(site: &Site) -> Vec<Doc> {
    site.pages
        .iter()
        .map(|p| Doc {
            kind: Kind::Page,
            marking: Marking::None,
            title: p.title.clone(),
            url: url::page_of(&p.slug),
            tags: Vec::new(),
            summary: p.summary.clone(),
            body: p.plain_text.trim().to_string(),
        })
        .collect()
}

/// The listing pages: their heading is the title, and what they list (the programmes of the
/// projects…) their tags, so "挂图作战" finds the project tracker.
fn listings(site: &Site) -> Vec<Doc> {
    let distinct = |items: Vec<String>| {
        let mut seen = Vec::new();
        for i in items {
            if !i.is_empty() && !seen.contains(&i) {
                seen.push(i);
            }
        }
        seen
    };
    let page = |title: &str, url: &str, tags: Vec<String>, summary: String| Doc {
        kind: Kind::Page,
        marking: Marking::None,
        title: title.to_string(),
        url: url.to_string(),
        tags: distinct(tags),
        summary,
        body: String::new(),
    };
    vec![
        page(
            "报道",
            url::STORIES,
            Vec::new(),
            format!("全部报道，共{}篇，新的在前。", site.stories.len()),
        ),
        page(
            "专题标签",
            url::TAGS,
            Vec::new(),
            format!("报道的{}个专题标签。", site.tags.len()),
        ),
        page(
            "单位名录",
            url::UNITS,
            Vec::new(),
            format!(
                "共{}个单位，可按县市区、类别、荣誉和四色评级筛选。",
                site.units.len()
            ),
        ),
        page(
            "“五零”岗位",
            url::POSTS,
            vec!["五零岗位".into()],
            format!(
                "零差错办事、零延时服务、零距离解难、零泡沫沟通、零容忍追究。共{}个岗位。",
                site.posts.len()
            ),
        ),
        page(
            "重点项目",
            url::PROJECTS,
            site.projects
                .iter()
                .map(|p| p.programme.label().to_string())
                .collect(),
            format!(
                "项目进度表，共{}个项目，可按县市区、状态和类别筛选、按任一列排序。",
                site.projects.len()
            ),
        ),
        page(
            "目标指标",
            url::METRICS,
            Vec::new(),
            format!("共{}个指标，各有目标、期限和进度。", site.metrics.len()),
        ),
        page(
            "县市区",
            url::COUNTIES,
            site.counties.iter().map(|c| c.name.clone()).collect(),
            "各县市区的单位、岗位、项目和报道。".into(),
        ),
        page(
            "工作进程",
            url::CAMPAIGN,
            vec!["时间线".into(), "大事记".into(), site.actions_heading()],
            "时间线、行动和数字。".into(),
        ),
    ]
}

fn counties(site: &Site) -> Vec<Doc> {
    site.counties
        .iter()
        .map(|c| Doc {
            kind: Kind::County,
            marking: Marking::None,
            title: c.name.clone(),
            url: url::county(&c.id),
            tags: Vec::new(),
            summary: format!(
                "{}：{}个单位、{}个“五零”岗位、{}个重点项目、{}篇报道。",
                c.kind.label(),
                c.units.len(),
                c.posts.len(),
                c.projects.len(),
                c.stories.len()
            ),
            body: String::new(),
        })
        .collect()
}

fn records(site: &Site) -> Vec<Doc> {
    let mut docs = Vec::new();
    let county_name =
        |c: Option<usize>| c.map_or("市直".to_string(), |c| site.counties[c].name.clone());
    for u in &site.units {
        let marking = u.marking(site);
        let mut body = vec![u.kind.label().to_string(), county_name(u.county)];
        body.extend(u.honours.iter().map(|h| format!("{}年{}", h.year, h.title)));
        docs.push(Doc {
            kind: Kind::Unit,
            marking,
            title: u.name.clone(),
            url: url::unit(&u.id),
            tags: Vec::new(),
            summary: marked(&u.summary, marking),
            body: body.join("\n"),
        });
    }
    for p in &site.posts {
        let marking = p.marking(site);
        let mut body = vec![
            site.units[p.unit].name.clone(),
            format!("{} {}", p.lead_title, p.lead_name)
                .trim()
                .to_string(),
        ];
        body.extend(p.zeros.iter().cloned());
        docs.push(Doc {
            kind: Kind::Post,
            marking,
            title: p.name.clone(),
            url: url::post(&p.id),
            tags: Vec::new(),
            summary: marked(&p.quote, marking),
            body: body.join("\n"),
        });
    }
    for p in &site.projects {
        let marking = p.marking(site);
        let mut body = vec![
            p.place.label(&site.counties),
            p.category.clone(),
            p.status.label().to_string(),
        ];
        body.extend(p.lead_unit.map(|u| site.units[u].name.clone()));
        body.extend(p.milestones.iter().map(|m| m.title.clone()));
        docs.push(Doc {
            kind: Kind::Project,
            marking,
            title: p.name.clone(),
            url: url::project(&p.id),
            tags: Vec::new(),
            summary: marked(&format!("{}，{}", p.programme.label(), p.category), marking),
            body: body.join("\n"),
        });
    }
    for m in &site.metrics {
        let marking = m.marking(site);
        docs.push(Doc {
            kind: Kind::Metric,
            marking,
            title: m.name.clone(),
            url: url::metric(&m.id),
            tags: Vec::new(),
            summary: marked(&m.summary, marking),
            body: m.status_sentence(site.settings.as_of),
        });
    }
    docs
}

/// The ten actions, the timeline and the campaign's figures: items of the campaign page, each
/// linked to its section there.
fn campaign(site: &Site) -> Vec<Doc> {
    let mut docs = Vec::new();
    for a in &site.actions {
        docs.push(Doc {
            kind: Kind::Action,
            marking: Marking::None,
            title: a.name.clone(),
            url: format!("{}#act-h", url::CAMPAIGN),
            tags: Vec::new(),
            summary: a.summary.clone(),
            body: a.launched.map(|d| d.chinese()).unwrap_or_default(),
        });
    }
    for e in &site.events {
        docs.push(Doc {
            kind: Kind::Event,
            marking: Marking::None,
            title: e.title.clone(),
            url: format!("{}#tl-h", url::CAMPAIGN),
            tags: Vec::new(),
            summary: e.summary.clone(),
            body: e.date.chinese(),
        });
    }
    for f in &site.facts {
        let marking = if f.provenance.illustrative {
            Marking::Whole
        } else {
            Marking::None
        };
        let value = format::with_unit(f.value, &f.unit_label);
        docs.push(Doc {
            kind: Kind::Fact,
            marking,
            title: f.label.clone(),
            url: format!("{}#facts-h", url::CAMPAIGN),
            tags: Vec::new(),
            summary: marked(&format!("{value}（{}）", f.date.chinese()), marking),
            body: [f.quote.as_str(), f.note.as_str()]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    docs
}

fn tags(site: &Site) -> Vec<Doc> {
    site.tags
        .iter()
        .map(|(tag, stories)| Doc {
            kind: Kind::Tag,
            marking: Marking::None,
            title: tag.clone(),
            url: url::tag(tag),
            tags: Vec::new(),
            summary: format!("专题标签，{}篇报道。", stories.len()),
            body: String::new(),
        })
        .collect()
}
