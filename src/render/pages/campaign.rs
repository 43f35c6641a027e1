//! The campaign page: the actions, the timeline of events and every campaign-level fact.

use serde::Serialize;
use tera::Context;

use crate::charts::ChartSpec;
use crate::model::Site;
use crate::render::views::{Linker, ProvenanceView};

pub fn campaign(site: &Site, l: &Linker, ctx: &mut Context) -> Vec<ChartSpec> {
    ctx.insert("title", "工作进程");
    ctx.insert("actions_heading", &site.actions_heading());
    ctx.insert(
        "actions",
        &site
            .actions
            .iter()
            .map(|a| ActionView {
                order: a.order,
                name: &a.name,
                summary: &a.summary,
                launched: a.launched.map(|d| d.chinese()),
                provenance: l.source(a.source),
            })
            .collect::<Vec<_>>(),
    );
    // A source every event shares is named once, above the timeline, not under each entry.
    let shared = site
        .events
        .first()
        .map(|first| first.source)
        .filter(|s| s.is_some() && site.events.iter().all(|e| e.source == *s));
    ctx.insert("events_source", &shared.map(|s| l.source(s)));
    ctx.insert(
        "events",
        &site
            .events
            .iter()
            .map(|e| EventView {
                id: &e.id,
                date: e.approximate.date_text(e.date),
                iso_date: e.date.to_string(),
                title: &e.title,
                summary: &e.summary,
                provenance: l.source(if shared.is_some() { None } else { e.source }),
            })
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "facts",
        &site.facts.iter().map(|f| l.fact(f)).collect::<Vec<_>>(),
    );
    Vec::new()
}

#[derive(Serialize)]
struct ActionView<'a> {
    order: i64,
    name: &'a str,
    summary: &'a str,
    launched: Option<String>,
    provenance: ProvenanceView<'a>,
}

#[derive(Serialize)]
struct EventView<'a> {
    /// The event's id: its entry's anchor, a stable link to it.
    id: &'a str,
    date: String,
    iso_date: String,
    title: &'a str,
    summary: &'a str,
    provenance: ProvenanceView<'a>,
}
