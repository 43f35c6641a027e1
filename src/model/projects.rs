//! Projects: money against plan, status, schedule and milestones.

use super::{County, CountyIx, Provenance, StoryIx, UnitIx};
use crate::util::date::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Programme {
    BattleMap,
    Key,
    /// A project named in a report but not said to belong to a programme.
    Other,
}

impl Programme {
    pub const NAMES: &[&str] = &["battle-map", "key", "other"];
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "battle-map" => Self::BattleMap,
            "key" => Self::Key,
            "other" => Self::Other,
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
            Self::Other => "其他项目",
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

/// Where a project is: one county, several (跨县), or the whole city (全市). By-county charts and
/// tables show the last two as rows of their own, never inside one county.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectPlace {
    County(CountyIx),
    /// Two or more counties, in the order the data names them.
    Counties(Vec<CountyIx>),
    City,
}

impl ProjectPlace {
    /// The one county, if the project lies in one.
    pub fn county(&self) -> Option<CountyIx> {
        match self {
            Self::County(c) => Some(*c),
            Self::Counties(_) | Self::City => None,
        }
    }

    /// The row a by-county table puts it in: the county's name, 跨县 or 全市.
    pub fn group<'a>(&self, counties: &'a [County]) -> &'a str {
        match self {
            Self::County(c) => &counties[*c].name,
            Self::Counties(_) => CROSS_COUNTY,
            Self::City => CITY_WIDE,
        }
    }

    /// As a reader sees it: `德城区`, `跨县（德城区、陵城区）`, `全市`.
    pub fn label(&self, counties: &[County]) -> String {
        match self {
            Self::County(c) => counties[*c].name.clone(),
            Self::Counties(cs) => format!(
                "{CROSS_COUNTY}（{}）",
                cs.iter()
                    .map(|&c| counties[c].name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            Self::City => CITY_WIDE.to_string(),
        }
    }

    /// The ids as the data and the downloads write them: `decheng`, `decheng;lingcheng`, `city`.
    pub fn ids(&self, counties: &[County]) -> String {
        match self {
            Self::County(c) => counties[*c].id.clone(),
            Self::Counties(cs) => cs
                .iter()
                .map(|&c| counties[c].id.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            Self::City => "city".to_string(),
        }
    }
}

/// The row of projects across several counties.
pub const CROSS_COUNTY: &str = "跨县";
/// The row of projects of the whole city.
pub const CITY_WIDE: &str = "全市";

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub place: ProjectPlace,
    pub lead_unit: Option<UnitIx>,
    pub category: String,
    pub programme: Programme,
    /// 万元; `None` when not published (shown as 未公布, never as 0).
    pub planned_investment: Option<f64>,
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

/// What a project's figures say beside its status, in words: each a claim the data supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProjectFlag {
    /// The planned completion date has passed and the project is not complete.
    Overdue,
    /// The latest cumulative investment exceeds the planned investment.
    OverBudget,
    /// No investment has been reported (never shown as 0).
    NotReported,
}

impl ProjectFlag {
    /// The id used in CSS classes and filters.
    pub fn id(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::OverBudget => "over-budget",
            Self::NotReported => "not-reported",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Overdue => "逾期",
            Self::OverBudget => "超出计划投资",
            Self::NotReported => "未报告",
        }
    }
}

impl Project {
    /// The latest cumulative investment, 万元 (0 when none is reported; for sums only — say
    /// 未报告 with [`Project::invested_reported`] wherever a single project's figure is shown).
    pub fn invested_to_date(&self) -> f64 {
        self.invested_reported().unwrap_or(0.0)
    }

    /// The latest cumulative investment, 万元, or `None` when none has been reported.
    pub fn invested_reported(&self) -> Option<f64> {
        self.invested.last().map(|(_, v)| *v)
    }

    /// Invested against planned, in percent (`None` when nothing is reported, or the plan is not
    /// published or zero).
    pub fn invested_share(&self) -> Option<f64> {
        let invested = self.invested_reported()?;
        self.planned_investment
            .filter(|&p| p > 0.0)
            .map(|p| invested / p * 100.0)
    }

    /// Whether the planned completion date has passed, as of `as_of`, without the project being
    /// complete (whatever its milestones say).
    pub fn is_overdue(&self, as_of: Date) -> bool {
        self.status != ProjectStatus::Completed && self.target.is_some_and(|t| t.last_day() < as_of)
    }

    /// Whether the reported investment exceeds the published plan.
    pub fn is_over_budget(&self) -> bool {
        match (self.invested_reported(), self.planned_investment) {
            (Some(invested), Some(planned)) => invested > planned + 1e-9,
            _ => false,
        }
    }

    /// The flags of this project as of `as_of`, in a fixed order.
    pub fn flags(&self, as_of: Date) -> Vec<ProjectFlag> {
        let mut flags = Vec::new();
        if self.is_overdue(as_of) {
            flags.push(ProjectFlag::Overdue);
        }
        if self.is_over_budget() {
            flags.push(ProjectFlag::OverBudget);
        }
        if self.invested.is_empty() {
            flags.push(ProjectFlag::NotReported);
        }
        flags
    }

    /// The schedule in a word, with its id: 逾期 past the planned completion date, 滞后 with a
    /// milestone past due, else 按计划.
    pub fn schedule(&self, as_of: Date) -> (&'static str, &'static str) {
        if self.is_overdue(as_of) {
            ("逾期", "overdue")
        } else if self.overdue_milestones(as_of) > 0 {
            ("滞后", "behind")
        } else {
            ("按计划", "on-track")
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s, false).unwrap()
    }

    fn project() -> Project {
        Project {
            id: "p".into(),
            name: "项目".into(),
            place: ProjectPlace::County(0),
            lead_unit: None,
            category: String::new(),
            programme: Programme::Key,
            planned_investment: Some(1000.0),
            invested: vec![(d("2022-06-30"), 400.0)],
            status: ProjectStatus::Started,
            start: None,
            target: Some(d("2022-08-31")),
            milestones: Vec::new(),
            provenance: Provenance::default(),
            stories: Vec::new(),
        }
    }

    #[test]
    fn overdue_once_the_target_date_passes_unfinished_without_milestones() {
        let p = project();
        assert!(!p.is_overdue(d("2022-08-31")));
        assert!(p.is_overdue(d("2022-09-01")));
        assert_eq!(p.schedule(d("2022-09-01")).0, "逾期");
        assert_eq!(p.flags(d("2022-09-01")), vec![ProjectFlag::Overdue]);
        let done = Project {
            status: ProjectStatus::Completed,
            ..project()
        };
        assert!(!done.is_overdue(d("2023-01-01")));
    }

    #[test]
    fn over_budget_and_not_reported_are_flags_not_zeros() {
        let over = Project {
            invested: vec![(d("2022-06-30"), 1150.0)],
            ..project()
        };
        assert!(over.is_over_budget());
        assert_eq!(over.invested_share().map(|s| s.round()), Some(115.0));
        let silent = Project {
            invested: Vec::new(),
            ..project()
        };
        assert_eq!(silent.invested_reported(), None);
        assert_eq!(silent.invested_share(), None);
        assert_eq!(
            silent.flags(d("2022-07-01")),
            vec![ProjectFlag::NotReported]
        );
    }
}
