//! The shape of the YAML files as written by editors: serde types with source positions.
//!
//! These are the raw records, before any check beyond their shape: references are still strings,
//! dates still text. Fields that a later check may complain about are [`Spanned`] so that the
//! complaint points at the right line. Unknown fields are refused here, by serde.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A value with the place in the file it came from.
pub type S<T> = Spanned<T>;

/// `data/site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: S<String>,
    pub as_of: S<String>,
    #[serde(default)]
    pub stories_per_page: Option<S<i64>>,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Warn when a project's invested amount exceeds its plan by more than this factor (default 3).
    #[serde(default)]
    pub investment_warning_factor: Option<S<f64>>,
    /// The time zone publication dates are shown in (`Asia/Shanghai` unless set).
    #[serde(default)]
    pub timezone: Option<S<String>>,
    /// The site's language, a BCP 47 tag (default zh-CN).
    #[serde(default)]
    pub language: Option<S<String>>,
    /// Who runs the site, for the footer (主办单位, 备案号…).
    #[serde(default)]
    pub identity: Option<RawIdentity>,
}

/// `identity:` in `data/site.yaml`: the footer a Chinese government site carries.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIdentity {
    #[serde(default)]
    pub sponsor: Option<String>,
    #[serde(default)]
    pub undertaker: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<S<String>>,
    #[serde(default)]
    pub icp: Option<String>,
    #[serde(default)]
    pub police_record: Option<String>,
    #[serde(default)]
    pub site_code: Option<String>,
    #[serde(default)]
    pub feedback_url: Option<S<String>>,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCounty {
    pub id: S<String>,
    pub name: String,
    pub kind: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: S<String>,
    pub title: String,
    pub publisher: String,
    pub date: S<String>,
    #[serde(default)]
    pub url: Option<S<String>>,
    /// Fields that are approximate: `[title, date]`.
    #[serde(default)]
    pub approximate: Vec<S<String>>,
    /// The source's own byline and sign-off, as printed.
    #[serde(default)]
    pub byline: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    pub id: S<String>,
    pub name: String,
    pub kind: S<String>,
    #[serde(default)]
    pub county: Option<S<String>>,
    #[serde(default)]
    pub pilot: bool,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub source: Option<S<String>>,
    #[serde(default)]
    pub illustrative: bool,
    #[serde(default)]
    pub honours: Vec<RawHonour>,
    #[serde(default)]
    pub ratings: Vec<RawRating>,
    #[serde(default)]
    pub satisfaction: Vec<RawReading>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHonour {
    pub title: String,
    pub year: S<i64>,
    #[serde(default)]
    pub batch: String,
    #[serde(default)]
    pub source: Option<S<String>>,
    #[serde(default)]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRating {
    pub year: S<i64>,
    pub colour: S<String>,
    #[serde(default)]
    pub source: Option<S<String>>,
    #[serde(default)]
    pub illustrative: bool,
}

/// A dated value, for satisfaction readings and metric observations.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReading {
    pub date: S<String>,
    pub value: S<f64>,
    #[serde(default)]
    pub source: Option<S<String>>,
    #[serde(default)]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPost {
    pub id: S<String>,
    pub name: String,
    pub unit: S<String>,
    pub awarded: S<String>,
    #[serde(default)]
    pub batch: String,
    #[serde(default)]
    pub lead: Option<RawPerson>,
    #[serde(default)]
    pub quote: String,
    pub zeros: RawZeros,
    #[serde(default)]
    pub source: Option<S<String>>,
    #[serde(default)]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub name: String,
    #[serde(default)]
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawZeros {
    pub zero_error: String,
    pub zero_delay: String,
    pub zero_distance: String,
    pub zero_froth: String,
    pub zero_tolerance: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub id: S<String>,
    pub name: String,
    /// The county; or `counties` for a project across several; or `scope: city`.
    #[serde(default)]
    pub county: Option<S<String>>,
    #[serde(default)]
    pub counties: Option<S<Vec<S<String>>>>,
    #[serde(default)]
    pub scope: Option<S<String>>,
    #[serde(default)]
    pub lead_unit: Option<S<String>>,
    #[serde(default)]
    pub category: String,
    pub programme: S<String>,
    /// 万元; absent when not published (shown as 未公布, never 0).
    #[serde(default)]
    pub planned_investment: Option<S<f64>>,
    #[serde(default)]
    pub invested: Vec<RawInvestment>,
    pub status: S<String>,
    #[serde(default)]
    pub start: Option<S<String>>,
    #[serde(default)]
    pub target: Option<S<String>>,
    #[serde(default)]
    pub milestones: Vec<RawMilestone>,
    #[serde(default)]
    pub source: Option<S<String>>,
    #[serde(default)]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInvestment {
    pub date: S<String>,
    pub amount: S<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    pub title: String,
    pub due: S<String>,
    #[serde(default)]
    pub done: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetric {
    pub id: S<String>,
    pub name: String,
    pub unit_label: String,
    pub direction: S<String>,
    #[serde(default)]
    pub baseline: Option<RawReading>,
    pub target: RawTarget,
    #[serde(default)]
    pub observations: Vec<RawReading>,
    /// How often the metric is reported: monthly (default), quarterly, half-yearly, yearly.
    #[serde(default)]
    pub frequency: Option<S<String>>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub source: Option<S<String>>,
    #[serde(default)]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub value: S<f64>,
    pub deadline: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    pub id: S<String>,
    pub order: S<i64>,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub launched: Option<S<String>>,
    #[serde(default)]
    pub source: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: S<String>,
    pub date: S<String>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub source: Option<S<String>>,
    /// Fields that are approximate: `[date]`.
    #[serde(default)]
    pub approximate: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    pub id: S<String>,
    pub label: String,
    pub value: S<f64>,
    #[serde(default)]
    pub unit_label: String,
    pub date: S<String>,
    #[serde(default)]
    pub headline: bool,
    #[serde(default)]
    pub note: String,
    /// The source's own words for the figure.
    #[serde(default)]
    pub quote: String,
    #[serde(default)]
    pub source: Option<S<String>>,
    #[serde(default)]
    pub illustrative: bool,
}

/// The YAML front matter of a story.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: String,
    pub date: S<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub slug: Option<S<String>>,
    #[serde(default)]
    pub units: Vec<S<String>>,
    #[serde(default)]
    pub posts: Vec<S<String>>,
    #[serde(default)]
    pub projects: Vec<S<String>>,
    #[serde(default)]
    pub counties: Vec<S<String>>,
    #[serde(default)]
    pub tags: Vec<S<String>>,
    #[serde(default)]
    pub reporter: String,
    #[serde(default)]
    pub correspondents: Vec<String>,
    #[serde(default)]
    pub first_review_editor: String,
    #[serde(default)]
    pub responsible_editor: String,
    #[serde(default)]
    pub source: Option<S<String>>,
    #[serde(default)]
    pub images: Vec<RawImage>,
    #[serde(default)]
    pub draft: bool,
    /// 更正: corrections published after the story, each with its date.
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
    /// The language of the story's text, a BCP 47 tag, when it is not the site's.
    #[serde(default)]
    pub lang: Option<S<String>>,
}

/// A correction of a published story.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorrection {
    pub date: S<String>,
    pub text: S<String>,
}

/// The YAML front matter of a free page (`content/pages/<slug>.md`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPageFront {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// Where the page is linked from: `nav`, `footer` or `none` (the default).
    #[serde(default)]
    pub menu: Option<S<String>>,
    /// Its place among the links of its menu (smaller first; then by title).
    #[serde(default)]
    pub order: i64,
    /// The language of the page's text, a BCP 47 tag, when it is not the site's.
    #[serde(default)]
    pub lang: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImage {
    pub src: S<String>,
    #[serde(default)]
    pub alt: String,
    #[serde(default)]
    pub caption: String,
}
