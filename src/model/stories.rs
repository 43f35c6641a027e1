//! Stories: the case studies, with their relations to the records.

use super::{CountyIx, PostIx, ProjectIx, SourceIx, UnitIx};
use crate::util::date::Date;

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
    /// The body rendered to HTML (by `markdown::render_bodies`, after `plan`); links into the site
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
    /// The language of its text when the front matter names one (a BCP 47 tag).
    pub lang: Option<String>,
    /// 更正 notices, oldest first.
    pub corrections: Vec<Correction>,
}

/// A correction of a published story (更正), shown at its top.
#[derive(Debug, Clone)]
pub struct Correction {
    pub date: Date,
    pub text: String,
}

impl Story {
    /// The day the story last changed: its latest correction, else its date (the feed's `updated`).
    pub fn updated(&self) -> Date {
        self.corrections
            .iter()
            .map(|c| c.date)
            .max()
            .unwrap_or(self.date)
            .max(self.date)
    }
}
