//! The site model: every record checked, every reference resolved to an index, every relation
//! known in both directions. Built once by `validate`, then only read.
//!
//! Records refer to each other by index into the `Site` vectors (`UnitIx` is an index into
//! `Site::units`), so following a relation is a lookup, never a search.

use std::collections::BTreeMap;

use crate::util::date::Date;

mod campaign;
mod history;
mod marks;
mod metrics;
mod pages;
mod period;
mod places;
mod posts;
mod projects;
mod readings;
mod stories;
mod units;

pub use campaign::*;
pub use history::*;
pub use marks::*;
pub use metrics::*;
pub use pages::*;
pub use period::*;
pub use places::*;
pub use posts::*;
pub use projects::*;
pub use readings::*;
pub use stories::*;
pub use units::*;

/// Index into `Site::counties`.
pub type CountyIx = usize;
/// Index into `Site::units`.
pub type UnitIx = usize;
/// Index into `Site::posts`.
pub type PostIx = usize;
/// Index into `Site::projects`.
pub type ProjectIx = usize;
/// Index into `Site::stories`.
pub type StoryIx = usize;
/// Index into `Site::sources`.
pub type SourceIx = usize;
/// Index into `Site::pages`.
pub type PageIx = usize;

/// The whole site, checked and cross-linked.
#[derive(Debug, Clone)]
pub struct Site {
    pub settings: Settings,
    pub counties: Vec<County>,
    pub sources: Vec<Source>,
    pub units: Vec<Unit>,
    pub posts: Vec<Post>,
    pub projects: Vec<Project>,
    pub metrics: Vec<Metric>,
    pub actions: Vec<Action>,
    pub events: Vec<Event>,
    pub facts: Vec<Fact>,
    /// Published stories, newest first.
    pub stories: Vec<Story>,
    /// Free pages, in menu order (`order`, then slug).
    pub pages: Vec<Page>,
    /// Every tag with the stories that carry it (newest first), in tag order.
    pub tags: BTreeMap<String, Vec<StoryIx>>,
    /// Files under `static/` to copy (site-relative paths below `static/`).
    pub static_files: Vec<std::path::PathBuf>,
    /// The earlier publications and what changed since (from the repository; `history::read`).
    pub history: History,
}

impl Site {
    /// The projects grouped as by-county charts and tables show them: each county with projects
    /// (in county order), then 跨县 and 全市 when there are such projects.
    pub fn project_groups(&self) -> Vec<(String, Vec<ProjectIx>)> {
        let mut groups: Vec<(String, Vec<ProjectIx>)> = self
            .counties
            .iter()
            .filter(|c| !c.projects.is_empty())
            .map(|c| (c.name.clone(), c.projects.clone()))
            .collect();
        for (name, wanted) in [(CROSS_COUNTY, true), (CITY_WIDE, false)] {
            let members: Vec<ProjectIx> = (0..self.projects.len())
                .filter(|&p| match self.projects[p].place {
                    ProjectPlace::County(_) => false,
                    ProjectPlace::Counties(_) => wanted,
                    ProjectPlace::City => !wanted,
                })
                .collect();
            if !members.is_empty() {
                groups.push((name.to_string(), members));
            }
        }
        groups
    }

    /// The figures the site leads with: the facts marked `headline`, in data order (the home page
    /// and the brief show the same ones).
    pub fn headline_facts(&self) -> impl Iterator<Item = &Fact> {
        self.facts.iter().filter(|f| f.headline)
    }

    /// The published stories dated within `period`, newest first.
    pub fn stories_in(&self, period: &Period) -> Vec<StoryIx> {
        (0..self.stories.len())
            .filter(|&s| period.contains(self.stories[s].date))
            .collect()
    }

    /// Whether any figure of the site is illustrative (the footer's note on 示意数据 is shown only
    /// then).
    pub fn any_illustrative(&self) -> bool {
        self.units.iter().any(|u| {
            u.provenance.illustrative
                || u.honours.iter().any(|h| h.provenance.illustrative)
                || u.ratings.iter().any(|r| r.provenance.illustrative)
                || u.satisfaction.iter().any(|r| r.provenance.illustrative)
        }) || self.posts.iter().any(|p| p.provenance.illustrative)
            || self.projects.iter().any(|p| p.provenance.illustrative)
            || self.metrics.iter().any(|m| m.any_illustrative())
            || self.facts.iter().any(|f| f.provenance.illustrative)
    }

    /// The heading of the campaign's actions, from their count: `十大行动` for ten, `3项行动`
    /// past ten, `行动` for one.
    pub fn actions_heading(&self) -> String {
        const DIGITS: [&str; 11] = [
            "", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十",
        ];
        match self.actions.len() {
            0 | 1 => "行动".to_string(),
            n @ 2..=10 => format!("{}大行动", DIGITS[n]),
            n => format!("{n}项行动"),
        }
    }
}

/// Site-wide settings from `data/site.yaml` and the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub title: String,
    pub description: String,
    /// Absolute URL of the site, always ending in `/`.
    pub base_url: String,
    /// The reporting date: statuses are computed as of this day.
    pub as_of: Date,
    pub stories_per_page: usize,
    pub publisher: String,
    /// Pass raw HTML in stories through unsanitised (trusted editors only).
    pub allow_raw_html: bool,
    /// A project whose invested amount exceeds its plan by more than this factor gets a warning
    /// (likely 元 written as 万元); 3 unless `site.yaml` says otherwise.
    pub investment_warning_factor: f64,
    /// Minutes east of UTC of the site's `timezone` (Asia/Shanghai, +480, by default): commit
    /// times become publication dates in it.
    pub utc_offset_minutes: i32,
    /// The site's language, a BCP 47 tag (`zh-CN` unless `site.yaml` says otherwise): the pages'
    /// `<html lang>`; a story or page in another language marks its own text.
    pub language: String,
    /// Who runs the site, for the footer.
    pub identity: Identity,
}

/// The identity a Chinese government site shows in its footer (`identity:` in `data/site.yaml`).
/// Every field is optional; the footer shows those given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// 主办单位.
    pub sponsor: Option<String>,
    /// 承办单位.
    pub undertaker: Option<String>,
    /// 联系方式: the press office's phone.
    pub phone: Option<String>,
    /// 联系方式: the press office's email.
    pub email: Option<String>,
    /// ICP备案号, linked to https://beian.miit.gov.cn/.
    pub icp: Option<String>,
    /// 公安备案号, linked to https://beian.mps.gov.cn/.
    pub police_record: Option<String>,
    /// 网站标识码.
    pub site_code: Option<String>,
    /// Where readers send corrections and comments (纠错/意见): an http(s) or mailto address.
    pub feedback_url: Option<String>,
    /// The values are examples (the example site's): the footer says so.
    pub example: bool,
}

impl Settings {
    /// The language a text written in `lang` must be marked with, inside pages whose `<html lang>`
    /// is the site's: `None` when it is the site's own (compared without case, as BCP 47 does).
    pub fn other_language<'a>(&self, lang: Option<&'a str>) -> Option<&'a str> {
        lang.filter(|l| !l.eq_ignore_ascii_case(&self.language))
    }

    /// The language of a text written in `lang` (the site's when it names none), for metadata
    /// such as JSON-LD `inLanguage`.
    pub fn language_of<'a>(&'a self, lang: Option<&'a str>) -> &'a str {
        lang.unwrap_or(&self.language)
    }

    /// The body that issues the site's brief (通报), as its heading names it: the identity's
    /// 主办单位, else the publisher, else the title. The brief and its PDF metadata read it here.
    pub fn issuer(&self) -> &str {
        match self.identity.sponsor.as_deref() {
            Some(sponsor) if !sponsor.trim().is_empty() => sponsor,
            _ => self.publisher_or_title(),
        }
    }

    /// Whether [`Settings::issuer`] is an example value (`identity.example`), to be marked so.
    pub fn issuer_is_example(&self) -> bool {
        self.identity.example
            && self
                .identity
                .sponsor
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty())
    }

    /// The brief's title, on its page and in its PDF: `通报（截至2022年9月30日）`.
    pub fn brief_title(&self) -> String {
        format!("通报（截至{}）", self.as_of.chinese())
    }

    /// Who publishes the site, for feeds and article metadata: the publisher, else the title.
    pub fn publisher_or_title(&self) -> &str {
        if self.publisher.is_empty() {
            &self.title
        } else {
            &self.publisher
        }
    }
}

/// Where a figure comes from and whether it is illustrative.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Provenance {
    pub source: Option<SourceIx>,
    pub illustrative: bool,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub date: Date,
    pub url: Option<String>,
    /// Which of `title` and `date` are approximate (reconstructed or rough).
    pub approximate: Approximate,
    /// The source's own byline and sign-off (记者…；责任编辑…), as printed; empty when unknown.
    pub byline: String,
}
