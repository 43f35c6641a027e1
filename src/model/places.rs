//! Counties: the county-level divisions of the city.

use super::{PostIx, ProjectIx, StoryIx, UnitIx};

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
