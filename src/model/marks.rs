//! Marks: which figures rest on illustrative input, and which parts of a record are approximate.
//!
//! A value computed from any illustrative input is itself illustrative (a unit's latest rating, a
//! count of posts, a metric's latest value and its status, project totals, county counts). The
//! rule lives here, once, so that every page, table, chart, CSV, JSON and search text asks the
//! model rather than each template remembering it.
//!
//! Not for: how a mark looks (the theme's `illustrative_badge`), statuses themselves (`metrics`).

use super::{Metric, Post, PostIx, Project, ProjectIx, Rating, Site, Source, Unit, UnitIx};
use crate::util::date::Date;

/// Parts of a record that are approximate rather than exact: the one schema for approximation,
/// written in data as `approximate: [title, date]` on the record that owns the fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Approximate {
    /// The title is reconstructed (the copy at hand has none), not the record's own.
    pub title: bool,
    /// The date is known only roughly: shown as `2022年9月前后`.
    pub date: bool,
}

impl Approximate {
    /// The field names `approximate:` accepts.
    pub const FIELDS: &[&str] = &["title", "date"];

    /// Marks the field `name` approximate; `false` for a name not in [`Self::FIELDS`].
    pub fn set(&mut self, name: &str) -> bool {
        match name {
            "title" => self.title = true,
            "date" => self.date = true,
            _ => return false,
        }
        true
    }

    /// The approximate fields by name, for downloads.
    pub fn names(self) -> Vec<&'static str> {
        [(self.title, "title"), (self.date, "date")]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect()
    }

    /// A date as shown: `2022年9月前后` when approximate, else `2022年9月20日`.
    pub fn date_text(self, date: Date) -> String {
        if self.date {
            format!("{}前后", date.chinese())
        } else {
            date.chinese()
        }
    }
}

impl Source {
    /// The publication date as shown, `前后` when it is approximate.
    pub fn date_text(&self) -> String {
        self.approximate.date_text(self.date)
    }

    /// The note a reader needs beside the title when the title is not the source's own.
    pub fn title_note(&self) -> Option<&'static str> {
        self.approximate
            .title
            .then_some("原文标题不详，此为本站据内容所拟")
    }
}

/// How much of a record's shown figures is illustrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Marking {
    /// Every figure is from a source.
    None,
    /// Some figures are illustrative (含示意数据).
    Partly,
    /// The record itself is illustrative (示意数据).
    Whole,
}

impl Marking {
    /// From "the record is illustrative" and "some figure shown with it is".
    pub fn of(whole: bool, partly: bool) -> Marking {
        if whole {
            Marking::Whole
        } else if partly {
            Marking::Partly
        } else {
            Marking::None
        }
    }

    /// Whether anything is illustrative.
    pub fn any(self) -> bool {
        self != Marking::None
    }

    /// The `示意数据` cell of a CSV row: 是 / 部分 / 否.
    pub fn csv(self) -> &'static str {
        match self {
            Marking::None => "否",
            Marking::Partly => "部分",
            Marking::Whole => "是",
        }
    }
}

/// A record whose row (in a table, a CSV, a search result) shows figures that may be illustrative.
pub trait Marked {
    /// How much of what the record's row shows is illustrative.
    fn marking(&self, site: &Site) -> Marking;
}

impl Marked for Unit {
    fn marking(&self, site: &Site) -> Marking {
        Marking::of(
            self.provenance.illustrative,
            self.latest_rating_illustrative()
                || site.posts_illustrative(&self.posts)
                || self.honours.iter().any(|h| h.provenance.illustrative)
                || self.satisfaction.iter().any(|r| r.provenance.illustrative),
        )
    }
}

impl Marked for Post {
    fn marking(&self, _: &Site) -> Marking {
        Marking::of(self.provenance.illustrative, false)
    }
}

impl Marked for Project {
    fn marking(&self, _: &Site) -> Marking {
        Marking::of(self.provenance.illustrative, false)
    }
}

impl Marked for Metric {
    fn marking(&self, _: &Site) -> Marking {
        Marking::of(self.provenance.illustrative, self.any_illustrative())
    }
}

impl Unit {
    /// The latest four-colour rating.
    pub fn latest_rating(&self) -> Option<&Rating> {
        self.ratings.last()
    }

    /// Whether the latest rating is illustrative.
    pub fn latest_rating_illustrative(&self) -> bool {
        self.latest_rating()
            .is_some_and(|r| r.provenance.illustrative)
    }
}

impl Metric {
    /// Whether the latest reading on or before `as_of` is illustrative.
    pub fn latest_illustrative(&self, as_of: Date) -> bool {
        self.latest_as_of(as_of)
            .is_some_and(|r| r.provenance.illustrative)
    }

    /// Whether the status as of `as_of` rests on illustrative data: the metric itself, its start
    /// (baseline) or any reading it is computed from.
    pub fn status_illustrative(&self, as_of: Date) -> bool {
        self.provenance.illustrative
            || self.baseline.is_some_and(|b| b.provenance.illustrative)
            || self
                .observations_as_of(as_of)
                .iter()
                .any(|r| r.provenance.illustrative)
    }
}

impl Site {
    /// Whether a count or list of these posts rests on an illustrative post.
    pub fn posts_illustrative(&self, posts: &[PostIx]) -> bool {
        posts.iter().any(|&p| self.posts[p].provenance.illustrative)
    }

    /// Whether a count or total of these projects rests on an illustrative project.
    pub fn projects_illustrative(&self, projects: &[ProjectIx]) -> bool {
        projects
            .iter()
            .any(|&p| self.projects[p].provenance.illustrative)
    }

    /// Whether a count of these units rests on an illustrative unit.
    pub fn units_illustrative(&self, units: &[UnitIx]) -> bool {
        units.iter().any(|&u| self.units[u].provenance.illustrative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approximate_date_says_so() {
        let d = Date::parse("2022-09", true).unwrap_or_else(|e| panic!("{e}"));
        let mut a = Approximate::default();
        assert_eq!(a.date_text(d), "2022年9月");
        assert!(a.set("date"));
        assert!(!a.set("url"));
        assert_eq!(a.date_text(d), "2022年9月前后");
        assert_eq!(a.names(), vec!["date"]);
    }

    #[test]
    fn marking_is_whole_before_partly() {
        assert_eq!(Marking::of(true, true), Marking::Whole);
        assert_eq!(Marking::of(false, true).csv(), "部分");
        assert!(!Marking::of(false, false).any());
    }
}
