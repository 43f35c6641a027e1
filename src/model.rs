//! The site model: every record checked, every reference resolved to an index, every relation
//! known in both directions. Built once by `validate`, then only read.
//!
//! Records refer to each other by index into the `Site` vectors (`UnitIx` is an index into
//! `Site::units`), so following a relation is a lookup, never a search.

use std::collections::BTreeMap;

use crate::util::date::Date;
use crate::util::format;

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
    /// Every tag with the stories that carry it (newest first), in tag order.
    pub tags: BTreeMap<String, Vec<StoryIx>>,
    /// Files under `static/` to copy (site-relative paths below `static/`).
    pub static_files: Vec<std::path::PathBuf>,
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
}

impl Settings {
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CountyKind {
    District,
    CountyCity,
    County,
}

impl CountyKind {
    pub const NAMES: &[&str] = &["district", "county-city", "county"];
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "district" => Self::District,
            "county-city" => Self::CountyCity,
            "county" => Self::County,
            _ => return None,
        })
    }
    /// The kind in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            Self::District => "市辖区",
            Self::CountyCity => "县级市",
            Self::County => "县",
        }
    }
}

#[derive(Debug, Clone)]
pub struct County {
    pub id: String,
    pub name: String,
    pub kind: CountyKind,
    pub units: Vec<UnitIx>,
    pub posts: Vec<PostIx>,
    pub projects: Vec<ProjectIx>,
    pub stories: Vec<StoryIx>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UnitKind {
    CityDepartment,
    CountyGovernment,
    CountyDepartment,
    Township,
    Other,
}

impl UnitKind {
    pub const NAMES: &[&str] = &[
        "city-department",
        "county-government",
        "county-department",
        "township",
        "other",
    ];
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "city-department" => Self::CityDepartment,
            "county-government" => Self::CountyGovernment,
            "county-department" => Self::CountyDepartment,
            "township" => Self::Township,
            "other" => Self::Other,
            _ => return None,
        })
    }
    /// The id used in data and filters.
    pub fn id(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::CityDepartment => "市直部门单位",
            Self::CountyGovernment => "县市区",
            Self::CountyDepartment => "县直部门",
            Self::Township => "乡镇街道",
            Self::Other => "其他",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: UnitKind,
    pub county: Option<CountyIx>,
    pub pilot: bool,
    pub summary: String,
    pub provenance: Provenance,
    /// Sorted by year.
    pub honours: Vec<Honour>,
    /// Sorted by year, one per year.
    pub ratings: Vec<Rating>,
    /// Sorted by date.
    pub satisfaction: Vec<Reading>,
    pub posts: Vec<PostIx>,
    pub projects_led: Vec<ProjectIx>,
    pub stories: Vec<StoryIx>,
}

impl Unit {
    /// Whether the four-colour rule calls for an admonition talk (约谈) with the unit's head: a red
    /// rating in the latest year, or yellow in the latest year and the year before.
    pub fn admonition(&self) -> Option<Admonition> {
        let last = self.ratings.last()?;
        if last.colour == Colour::Red {
            return Some(Admonition::Red(last.year));
        }
        let before = self.ratings.iter().rev().nth(1);
        let yellow_twice = last.colour == Colour::Yellow
            && before.is_some_and(|b| b.colour == Colour::Yellow && b.year + 1 == last.year);
        yellow_twice.then_some(Admonition::YellowTwice(last.year))
    }
}

/// Why a unit's head is called to an admonition talk, with the year of the latest rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admonition {
    Red(i32),
    YellowTwice(i32),
}

impl Admonition {
    /// The rule as a clause, without final punctuation.
    pub fn clause(self) -> String {
        match self {
            Admonition::Red(year) => format!("{year}年亮红牌，按规定对主要负责人进行约谈"),
            Admonition::YellowTwice(year) => {
                format!(
                    "{}、{year}年连续两年亮黄牌，按规定对主要负责人进行约谈",
                    year - 1
                )
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Honour {
    pub title: String,
    pub year: i32,
    pub batch: String,
    pub provenance: Provenance,
}

/// The four colours of the leadership-team rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Colour {
    Red,
    Yellow,
    Blue,
    Green,
}

impl Colour {
    pub const NAMES: &[&str] = &["red", "yellow", "blue", "green"];
    pub const ALL: [Colour; 4] = [Colour::Red, Colour::Yellow, Colour::Blue, Colour::Green];
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "red" => Self::Red,
            "yellow" => Self::Yellow,
            "blue" => Self::Blue,
            "green" => Self::Green,
            _ => return None,
        })
    }
    pub fn id(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    /// 红 / 黄 / 蓝 / 绿: colour is never the only carrier of the rating.
    pub fn label(self) -> &'static str {
        match self {
            Self::Red => "红",
            Self::Yellow => "黄",
            Self::Blue => "蓝",
            Self::Green => "绿",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Rating {
    pub year: i32,
    pub colour: Colour,
    pub provenance: Provenance,
}

/// A dated value (a satisfaction reading, a metric observation).
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub date: Date,
    pub value: f64,
    pub provenance: Provenance,
}

#[derive(Debug, Clone)]
pub struct Post {
    pub id: String,
    pub name: String,
    pub unit: UnitIx,
    /// The unit's county, if it has one.
    pub county: Option<CountyIx>,
    pub awarded: Date,
    pub batch: String,
    pub lead_name: String,
    pub lead_title: String,
    pub quote: String,
    /// The five zeros' accounts, in the order of `FIVE_ZEROS`.
    pub zeros: [String; 5],
    pub provenance: Provenance,
    pub stories: Vec<StoryIx>,
}

/// The five zeros, in order: data key and Chinese name.
pub const FIVE_ZEROS: [(&str, &str); 5] = [
    ("zero_error", "零差错办事"),
    ("zero_delay", "零延时服务"),
    ("zero_distance", "零距离解难"),
    ("zero_froth", "零泡沫沟通"),
    ("zero_tolerance", "零容忍追究"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Programme {
    BattleMap,
    Key,
}

impl Programme {
    pub const NAMES: &[&str] = &["battle-map", "key"];
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "battle-map" => Self::BattleMap,
            "key" => Self::Key,
            _ => return None,
        })
    }
    pub fn id(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::BattleMap => "挂图作战",
            Self::Key => "省市重点",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProjectStatus {
    Planned,
    Started,
    Completed,
}

impl ProjectStatus {
    pub const NAMES: &[&str] = &["planned", "started", "completed"];
    pub const ALL: [ProjectStatus; 3] = [Self::Planned, Self::Started, Self::Completed];
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "planned" => Self::Planned,
            "started" => Self::Started,
            "completed" => Self::Completed,
            _ => return None,
        })
    }
    pub fn id(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Planned => "未开工",
            Self::Started => "已开工",
            Self::Completed => "已完工",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub county: CountyIx,
    pub lead_unit: Option<UnitIx>,
    pub category: String,
    pub programme: Programme,
    /// 万元.
    pub planned_investment: f64,
    /// Cumulative investment to date (万元), sorted by date.
    pub invested: Vec<(Date, f64)>,
    pub status: ProjectStatus,
    pub start: Option<Date>,
    pub target: Option<Date>,
    /// Sorted by due date.
    pub milestones: Vec<Milestone>,
    pub provenance: Provenance,
    pub stories: Vec<StoryIx>,
}

impl Project {
    /// The latest cumulative investment, 万元 (0 when none is reported).
    pub fn invested_to_date(&self) -> f64 {
        self.invested.last().map_or(0.0, |(_, v)| *v)
    }

    /// Milestones past due as of `as_of` and not done.
    pub fn overdue_milestones(&self, as_of: Date) -> usize {
        self.milestones
            .iter()
            .filter(|m| m.done.is_none() && m.due.last_day() < as_of)
            .count()
    }
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub title: String,
    pub due: Date,
    pub done: Option<Date>,
}

/// Whether a metric improves upwards or downwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub const NAMES: &[&str] = &["higher", "lower"];
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "higher" => Self::Higher,
            "lower" => Self::Lower,
            _ => return None,
        })
    }
    /// The id used in data and downloads.
    pub fn id(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    /// How a reading compares with the target it must reach: 不低于 / 不高于.
    pub fn comparison(self) -> &'static str {
        match self {
            Self::Higher => "不低于",
            Self::Lower => "不高于",
        }
    }
}

/// A metric's standing against its target, computed from the data as of the reporting date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MetricStatus {
    Met,
    OnTrack,
    Behind,
    Missed,
    /// No observation yet.
    NoData,
}

impl MetricStatus {
    pub fn id(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::OnTrack => "on-track",
            Self::Behind => "behind",
            Self::Missed => "missed",
            Self::NoData => "no-data",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "已达标",
            Self::OnTrack => "进度正常",
            Self::Behind => "进度滞后",
            Self::Missed => "未达标",
            Self::NoData => "暂无数据",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub id: String,
    pub name: String,
    pub unit_label: String,
    pub direction: Direction,
    pub baseline: Option<Reading>,
    pub target_value: f64,
    pub deadline: Date,
    /// Sorted by date.
    pub observations: Vec<Reading>,
    pub summary: String,
    pub provenance: Provenance,
    pub status: MetricStatus,
}

impl Metric {
    /// Whether `value` reaches the target.
    pub fn meets(&self, value: f64) -> bool {
        match self.direction {
            Direction::Higher => value >= self.target_value,
            Direction::Lower => value <= self.target_value,
        }
    }

    /// Whether any number of this metric is illustrative.
    pub fn any_illustrative(&self) -> bool {
        self.provenance.illustrative
            || self
                .observations
                .iter()
                .chain(self.baseline.iter())
                .any(|r| r.provenance.illustrative)
    }

    /// The latest observation on or before `as_of`.
    pub fn latest_as_of(&self, as_of: Date) -> Option<&Reading> {
        self.observations.iter().rev().find(|o| o.date <= as_of)
    }

    /// The observations on or before `as_of`, oldest first.
    pub fn observations_as_of(&self, as_of: Date) -> &[Reading] {
        let shown = self.observations.partition_point(|o| o.date <= as_of);
        &self.observations[..shown]
    }

    /// Where progress is measured from: the baseline, else the first observation.
    pub fn start(&self) -> Option<Reading> {
        self.baseline.or_else(|| self.observations.first().copied())
    }

    /// The target as a clause: `目标为2022年12月31日前不低于90%`.
    pub fn goal(&self) -> String {
        format!(
            "目标为{}前{}{}",
            self.deadline.chinese(),
            self.direction.comparison(),
            format::with_unit(self.target_value, &self.unit_label)
        )
    }

    /// One sentence that states where the metric stands as of `as_of`, in words.
    pub fn status_sentence(&self, as_of: Date) -> String {
        let goal = self.goal();
        let Some(latest) = self.latest_as_of(as_of) else {
            return format!("{}暂无观测数据；{goal}。", self.name);
        };
        let now = format!(
            "截至{}，{}为{}",
            latest.date.chinese(),
            self.name,
            format::with_unit(latest.value, &self.unit_label)
        );
        let target = format::with_unit(self.target_value, &self.unit_label);
        let comparison = self.direction.comparison();
        match self.status {
            MetricStatus::Met => format!("{now}，已达到{comparison}{target}的目标（已达标）。"),
            MetricStatus::OnTrack => {
                format!("{now}；{goal}，按目前进度可望按期完成（进度正常）。")
            }
            MetricStatus::Behind => {
                format!("{now}；{goal}，目前进度落后于按期完成所需的进度（进度滞后）。")
            }
            MetricStatus::Missed => {
                format!("{now}；{goal}，截止日期已过，未达到目标（未达标）。")
            }
            MetricStatus::NoData => format!("{now}；{goal}。"),
        }
    }

    /// The status as of `as_of` (see README: met, on track, behind, missed).
    pub fn status_as_of(&self, as_of: Date) -> MetricStatus {
        let Some(latest) = self.latest_as_of(as_of) else {
            return if self.deadline.last_day() < as_of {
                MetricStatus::Missed
            } else {
                MetricStatus::NoData
            };
        };
        if self.meets(latest.value) {
            return MetricStatus::Met;
        }
        if self.deadline.last_day() < as_of {
            return MetricStatus::Missed;
        }
        let start = self.start().unwrap_or(*latest);
        let span =
            (self.deadline.last_day().days_since_epoch() - start.date.days_since_epoch()) as f64;
        let elapsed = (latest.date.days_since_epoch() - start.date.days_since_epoch()) as f64;
        let fraction = if span > 0.0 {
            (elapsed / span).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let expected = start.value + (self.target_value - start.value) * fraction;
        let on_track = match self.direction {
            Direction::Higher => latest.value >= expected - 1e-9,
            Direction::Lower => latest.value <= expected + 1e-9,
        };
        if on_track {
            MetricStatus::OnTrack
        } else {
            MetricStatus::Behind
        }
    }
}

#[derive(Debug, Clone)]
pub struct Action {
    pub id: String,
    pub order: i64,
    pub name: String,
    pub summary: String,
    pub launched: Option<Date>,
    pub source: Option<SourceIx>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub date: Date,
    pub title: String,
    pub summary: String,
    pub source: Option<SourceIx>,
}

#[derive(Debug, Clone)]
pub struct Fact {
    pub id: String,
    pub label: String,
    pub value: f64,
    pub unit_label: String,
    pub date: Date,
    pub headline: bool,
    pub note: String,
    pub provenance: Provenance,
}

#[derive(Debug, Clone)]
pub struct Image {
    /// Path below `static/`.
    pub src: String,
    pub alt: String,
    pub caption: String,
}

#[derive(Debug, Clone)]
pub struct Story {
    pub slug: String,
    pub title: String,
    pub date: Date,
    /// The summary from the front matter, or (once rendered) the body's first paragraph.
    pub summary: String,
    /// Whether the front matter gave no summary, so the body's first paragraph stands for it.
    pub summary_from_body: bool,
    /// The body as written, in Markdown.
    pub markdown: String,
    /// The body rendered to HTML (by `markdown::render_stories`, after `plan`); links into the site
    /// are relative to the story's page.
    pub body_html: String,
    /// Headings of the body: (level, id, text).
    pub headings: Vec<(u8, String, String)>,
    pub reading_minutes: u32,
    /// Plain text of the body, for search.
    pub plain_text: String,
    pub units: Vec<UnitIx>,
    pub posts: Vec<PostIx>,
    pub projects: Vec<ProjectIx>,
    pub counties: Vec<CountyIx>,
    pub tags: Vec<String>,
    pub reporter: String,
    pub correspondents: Vec<String>,
    pub first_review_editor: String,
    pub responsible_editor: String,
    pub source: Option<SourceIx>,
    pub images: Vec<Image>,
    pub draft: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_rated(ratings: &[(i32, Colour)]) -> Unit {
        Unit {
            id: "u".into(),
            name: "单位".into(),
            kind: UnitKind::Other,
            county: None,
            pilot: false,
            summary: String::new(),
            provenance: Provenance::default(),
            honours: vec![],
            ratings: ratings
                .iter()
                .map(|&(year, colour)| Rating {
                    year,
                    colour,
                    provenance: Provenance::default(),
                })
                .collect(),
            satisfaction: vec![],
            posts: vec![],
            projects_led: vec![],
            stories: vec![],
        }
    }

    #[test]
    fn red_or_yellow_two_years_running_calls_for_an_admonition() {
        use Colour::*;
        assert_eq!(
            unit_rated(&[(2022, Red)]).admonition(),
            Some(Admonition::Red(2022))
        );
        assert_eq!(
            unit_rated(&[(2021, Yellow), (2022, Yellow)]).admonition(),
            Some(Admonition::YellowTwice(2022))
        );
        assert_eq!(
            unit_rated(&[(2020, Yellow), (2022, Yellow)]).admonition(),
            None,
            "not consecutive years"
        );
        assert_eq!(
            unit_rated(&[(2021, Red), (2022, Green)]).admonition(),
            None,
            "only the latest year counts"
        );
        assert_eq!(unit_rated(&[]).admonition(), None);
        assert!(
            Admonition::YellowTwice(2022)
                .clause()
                .starts_with("2021、2022年连续两年亮黄牌")
        );
    }
}
