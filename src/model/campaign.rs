//! The campaign itself: its actions, timeline events and headline facts.

use super::{Approximate, Provenance, SourceIx};
use crate::util::date::Date;

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
    /// Whether the date is known only roughly.
    pub approximate: Approximate,
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
    /// The source's own words for the figure (shown as 原文), when a source is credited.
    pub quote: String,
    pub provenance: Provenance,
}
