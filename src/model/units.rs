//! Units and what they are rated on: honours, the four-colour rating and its admonition rule,
//! satisfaction readings.

use super::{CountyIx, PostIx, ProjectIx, Provenance, StoryIx};
use crate::util::date::Date;

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
    ///
    /// The rule names the leaders of counties and city departments (有关县市区和市直部门单位), so
    /// other units (county departments, townships) are never shown an admonition.
    pub fn admonition(&self) -> Option<Admonition> {
        if !matches!(
            self.kind,
            UnitKind::CityDepartment | UnitKind::CountyGovernment
        ) {
            return None;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Provenance;

    fn unit_rated(ratings: &[(i32, Colour)]) -> Unit {
        Unit {
            id: "u".into(),
            name: "单位".into(),
            kind: UnitKind::CityDepartment,
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
        let mut township = unit_rated(&[(2022, Red)]);
        township.kind = UnitKind::CountyDepartment;
        assert_eq!(
            township.admonition(),
            None,
            "the rule names county and city leaders"
        );
        assert!(
            Admonition::YellowTwice(2022)
                .clause()
                .starts_with("2021、2022年连续两年亮黄牌")
        );
    }
}
