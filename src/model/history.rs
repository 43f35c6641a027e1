//! What the repository's history says about the site: its publications, what changed in each, when
//! each record last changed, which figures were revised and which records were removed. Plain
//! data, made once by `history::read` after `validate`; the pages only read it.

use std::collections::BTreeMap;

use crate::util::date::Date;

/// The site's publications and what changed between them.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Why the history could not be read (a sentence for the page), when it could not.
    pub unavailable: Option<String>,
    /// Every publication, oldest first; the last is the one being built (the working tree).
    pub publications: Vec<Publication>,
    /// For each record (kind, id) of the current publication: the index of the publication in
    /// which it last changed.
    pub last_changed: BTreeMap<(RecordKind, String), usize>,
    /// Figures revised after they were first published, per record, oldest first.
    pub revisions: BTreeMap<(RecordKind, String), Vec<Revision>>,
    /// Records of earlier publications that the current one no longer has.
    pub removed: Vec<Removed>,
}

/// One publication: a distinct `as_of` in the history of `data/site.yaml`.
#[derive(Debug, Clone)]
pub struct Publication {
    /// The reporting date.
    pub as_of: Date,
    /// The day it was published: its last commit's time in the site's time zone; for the
    /// publication being built and not yet committed, its `as_of`.
    pub published: Date,
    /// The abbreviated id of its last commit (`None` for uncommitted work).
    pub commit: Option<String>,
    /// What changed since the publication before it (empty for the first).
    pub changes: Vec<Change>,
    /// Files of this publication that could not be read (path: why); its changes may be incomplete.
    pub unreadable: Vec<String>,
    /// The data files as they stood (site-relative `data/...` paths), each published under
    /// `/data/<as_of>/` for earlier publications.
    pub data_files: Vec<(String, std::sync::Arc<str>)>,
}

/// The heading a change is listed under on /changes/, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeSection {
    /// New readings of metrics, new investment reports.
    NewFigures,
    /// Earlier figures whose value changed (修订).
    Revised,
    /// Project status or plan changes.
    Projects,
    /// New and changed stories.
    Stories,
    /// Corrections added to stories.
    Corrections,
    /// New records (units, posts, metrics, …).
    NewRecords,
    /// Other changed records.
    Changed,
    /// Records removed.
    Removed,
}

impl ChangeSection {
    /// The heading (Chinese).
    pub fn heading(self) -> &'static str {
        match self {
            ChangeSection::NewFigures => "新数据",
            ChangeSection::Revised => "修订的数字",
            ChangeSection::Projects => "项目进展",
            ChangeSection::Stories => "报道",
            ChangeSection::Corrections => "更正",
            ChangeSection::NewRecords => "新增记录",
            ChangeSection::Changed => "资料变更",
            ChangeSection::Removed => "删除的记录",
        }
    }
}

/// One line of /changes/: a sentence about one record, linked to its page.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub section: ChangeSection,
    pub kind: RecordKind,
    pub id: String,
    /// The record's name as the sentence shows it (linked).
    pub name: String,
    /// What changed, after the name (a full clause, ending in 。).
    pub text: String,
    /// The page the name links to (site-relative path), when the record has one.
    pub path: Option<String>,
}

/// A figure revised in a publication: its earlier and new value.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// The index of the publication that revised it.
    pub publication: usize,
    /// Which figure (e.g. `2022年8月31日的观测值`).
    pub figure: String,
    pub before: String,
    pub after: String,
}

/// A record that an earlier publication had and the current one has not.
#[derive(Debug, Clone)]
pub struct Removed {
    pub kind: RecordKind,
    pub id: String,
    pub name: String,
    /// The publication from which it is missing.
    pub removed_in: usize,
    /// The last publication that had it.
    pub last_in: usize,
    /// Its page's path (the address it had).
    pub path: Option<String>,
}

impl History {
    /// The publication being built.
    pub fn current(&self) -> Option<&Publication> {
        self.publications.last()
    }

    /// The reporting date of the publication before the current one, if there was one.
    pub fn previous_as_of(&self) -> Option<Date> {
        let n = self.publications.len();
        (n >= 2).then(|| self.publications[n - 2].as_of)
    }

    /// The day a record last changed (the date of the publication that changed it), if known.
    pub fn last_updated(&self, kind: RecordKind, id: &str) -> Option<Date> {
        self.last_changed
            .get(&(kind, id.to_string()))
            .and_then(|&p| self.publications.get(p))
            .map(|p| p.published)
    }

    /// The revisions of a record's figures, oldest first.
    pub fn revisions_of(&self, kind: RecordKind, id: &str) -> &[Revision] {
        self.revisions
            .get(&(kind, id.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// The kinds of record a publication holds, in the order /changes/ lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum RecordKind {
    Metric,
    Project,
    Story,
    Unit,
    Post,
    Fact,
    County,
    Action,
    Event,
    Source,
}

impl RecordKind {
    /// The collection's folder or list file under `data/` (`None` for stories).
    pub fn collection(self) -> Option<&'static str> {
        Some(match self {
            RecordKind::Metric => "metrics",
            RecordKind::Project => "projects",
            RecordKind::Unit => "units",
            RecordKind::Post => "posts",
            RecordKind::Fact => "facts",
            RecordKind::County => "counties",
            RecordKind::Action => "actions",
            RecordKind::Event => "events",
            RecordKind::Source => "sources",
            RecordKind::Story => return None,
        })
    }

    /// The record kind in words (Chinese).
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Metric => "指标",
            RecordKind::Project => "项目",
            RecordKind::Story => "报道",
            RecordKind::Unit => "单位",
            RecordKind::Post => "“五零”岗位",
            RecordKind::Fact => "数字",
            RecordKind::County => "县市区",
            RecordKind::Action => "行动",
            RecordKind::Event => "大事记",
            RecordKind::Source => "来源",
        }
    }

    pub const ALL: [RecordKind; 10] = [
        RecordKind::Metric,
        RecordKind::Project,
        RecordKind::Story,
        RecordKind::Unit,
        RecordKind::Post,
        RecordKind::Fact,
        RecordKind::County,
        RecordKind::Action,
        RecordKind::Event,
        RecordKind::Source,
    ];

    /// Whether a record of this kind has a page of its own (so a removed one keeps a page).
    pub fn has_own_page(self) -> bool {
        match self {
            RecordKind::Metric
            | RecordKind::Project
            | RecordKind::Story
            | RecordKind::Unit
            | RecordKind::Post
            | RecordKind::County => true,
            RecordKind::Fact | RecordKind::Action | RecordKind::Event | RecordKind::Source => false,
        }
    }

    pub fn from_collection(name: &str) -> Option<RecordKind> {
        RecordKind::ALL
            .into_iter()
            .find(|k| k.collection() == Some(name))
    }
}
