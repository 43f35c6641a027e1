//! Projects: money against plan, status, schedule and milestones.

use super::{CountyIx, Provenance, StoryIx, UnitIx};
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

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub county: CountyIx,
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

impl Project {
    /// The latest cumulative investment, 万元 (0 when none is reported).
    pub fn invested_to_date(&self) -> f64 {
        self.invested.last().map_or(0.0, |(_, v)| *v)
    }

    /// Invested against planned, in percent, when the plan is published and above zero.
    pub fn invested_share(&self) -> Option<f64> {
        self.planned_investment
            .filter(|&p| p > 0.0)
            .map(|p| self.invested_to_date() / p * 100.0)
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
