//! The whole dataset for download: `/data/units.csv`, `posts.csv`, `projects.csv`, `metrics.csv`
//! (one row per observation, long format) and `/data/site.json` with every collection.
//! Ids stand for references, so files join on them; money is in 万元, dates are ISO. The columns of
//! the per-record CSV files follow each record's description in `schema`.

use serde_json::{Value, json};

use crate::model::{Marked, Provenance, Site, SourceIx};
use crate::output::Output;
use crate::schema;
use crate::util::csv;

/// A source as JSON.
pub fn source_json(site: &Site, s: SourceIx) -> Value {
    let source = &site.sources[s];
    json!({
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "date": source.date.to_string(),
        "url": source.url,
        "approximate": source.approximate.names(),
        "byline": source.byline,
    })
}

fn source_id(site: &Site, p: Provenance) -> String {
    p.source
        .map(|s| site.sources[s].id.clone())
        .unwrap_or_default()
}

/// A CSV download whose columns follow the record's description in `schema`.
fn described_csv<T>(site: &Site, fields: &[schema::Field<T>], records: &[T]) -> String {
    let (headers, rows) = schema::table(site, fields, records);
    csv::document(&headers, &rows)
}

/// `/data/metrics.csv`: tidy, one row per fact (基线 / 观测 / 目标), with its date, value, unit,
/// source and 示意数据; the status is a statement about the metric, not a row, and is in `site.json`.
pub fn metrics_csv(site: &Site) -> String {
    let headers = [
        "指标id",
        "指标",
        "类型",
        "日期",
        "数值",
        "单位",
        "来源",
        "示意数据",
    ]
    .map(String::from);
    let mut rows = Vec::new();
    for m in &site.metrics {
        for (kind, r) in m.tidy_readings(None) {
            let p = r.provenance;
            rows.push(vec![
                m.id.clone(),
                m.name.clone(),
                kind.label().to_string(),
                r.date.to_string(),
                schema::number(r.value),
                m.unit_label.clone(),
                // A made-up reading without a source of its own is not credited to the metric's.
                if p.source.is_some() || !p.illustrative {
                    source_id(site, if p.source.is_some() { p } else { m.provenance })
                } else {
                    String::new()
                },
                schema::flag(p.illustrative),
            ]);
        }
    }
    csv::document(&headers, &rows)
}

fn provenance_json(site: &Site, p: Provenance) -> Value {
    json!({
        "source": p.source.map(|s| site.sources[s].id.clone()),
        "illustrative": p.illustrative,
    })
}

fn reading_json(site: &Site, r: &crate::model::Reading) -> Value {
    json!({
        "date": r.date.to_string(),
        "value": r.value,
        "provenance": provenance_json(site, r.provenance),
    })
}

/// `/data/site.json`: every collection, references as ids.
pub fn site_json(site: &Site) -> String {
    let s = &site.settings;
    let value = json!({
        "site": {
            "title": s.title,
            "description": s.description,
            "base_url": s.base_url,
            "as_of": s.as_of.to_string(),
            "publisher": s.publisher,
        },
        "sources": (0..site.sources.len()).map(|i| source_json(site, i)).collect::<Vec<_>>(),
        "counties": site.counties.iter().map(|c| json!({
            "id": c.id, "name": c.name, "kind": c.kind.label(),
        })).collect::<Vec<_>>(),
        "units": site.units.iter().map(|u| json!({
            "id": u.id,
            "name": u.name,
            "kind": u.kind.id(),
            "county": u.county.map(|c| site.counties[c].id.clone()),
            "pilot": u.pilot,
            "summary": u.summary,
            "provenance": provenance_json(site, u.provenance),
            "honours": u.honours.iter().map(|h| json!({
                "title": h.title, "year": h.year, "batch": h.batch,
                "provenance": provenance_json(site, h.provenance),
            })).collect::<Vec<_>>(),
            "ratings": u.ratings.iter().map(|r| json!({
                "year": r.year, "colour": r.colour.id(), "label": r.colour.label(),
                "provenance": provenance_json(site, r.provenance),
            })).collect::<Vec<_>>(),
            "satisfaction": u.satisfaction.iter().map(|r| reading_json(site, r)).collect::<Vec<_>>(),
            "illustrative_figures": u.marking(site).csv(),
        })).collect::<Vec<_>>(),
        "posts": site.posts.iter().map(|p| json!({
            "id": p.id,
            "name": p.name,
            "unit": site.units[p.unit].id,
            "awarded": p.awarded.to_string(),
            "batch": p.batch,
            "lead": { "name": p.lead_name, "title": p.lead_title },
            "quote": p.quote,
            "zeros": crate::model::FIVE_ZEROS.iter().zip(&p.zeros)
                .map(|((k, _), t)| (k.to_string(), Value::String(t.clone())))
                .collect::<serde_json::Map<_, _>>(),
            "provenance": provenance_json(site, p.provenance),
        })).collect::<Vec<_>>(),
        "projects": site.projects.iter().map(|p| json!({
            "id": p.id,
            "name": p.name,
            "county": p.place.ids(&site.counties),
            "lead_unit": p.lead_unit.map(|u| site.units[u].id.clone()),
            "category": p.category,
            "programme": p.programme.id(),
            "planned_investment_wan": p.planned_investment,
            "invested_wan": p.invested.iter().map(|(d, v)| json!({ "date": d.to_string(), "amount": v })).collect::<Vec<_>>(),
            "status": p.status.id(),
            "start": p.start.map(|d| d.to_string()),
            "target": p.target.map(|d| d.to_string()),
            "milestones": p.milestones.iter().map(|m| json!({
                "title": m.title, "due": m.due.to_string(), "done": m.done.map(|d| d.to_string()),
            })).collect::<Vec<_>>(),
            "provenance": provenance_json(site, p.provenance),
            "illustrative_figures": p.marking(site).csv(),
        })).collect::<Vec<_>>(),
        "metrics": site.metrics.iter().map(|m| json!({
            "id": m.id,
            "name": m.name,
            "unit": m.unit_label,
            "direction": m.direction.id(),
            "baseline": m.baseline.as_ref().map(|b| reading_json(site, b)),
            "target": { "value": m.target_value, "deadline": m.deadline.to_string() },
            "observations": m.observations.iter().map(|r| reading_json(site, r)).collect::<Vec<_>>(),
            "status": m.status.id(),
            "status_illustrative": m.status_illustrative(s.as_of),
            "illustrative_figures": m.marking(site).csv(),
            "summary": m.summary,
            "provenance": provenance_json(site, m.provenance),
        })).collect::<Vec<_>>(),
        "actions": site.actions.iter().map(|a| json!({
            "id": a.id, "order": a.order, "name": a.name, "summary": a.summary,
            "launched": a.launched.map(|d| d.to_string()),
            "source": a.source.map(|s| site.sources[s].id.clone()),
        })).collect::<Vec<_>>(),
        "events": site.events.iter().map(|e| json!({
            "id": e.id, "date": e.date.to_string(), "approximate": e.approximate.names(),
            "title": e.title, "summary": e.summary,
            "source": e.source.map(|s| site.sources[s].id.clone()),
        })).collect::<Vec<_>>(),
        "facts": site.facts.iter().map(|f| json!({
            "id": f.id, "label": f.label, "value": f.value, "unit": f.unit_label,
            "date": f.date.to_string(), "headline": f.headline, "note": f.note, "quote": f.quote,
            "provenance": provenance_json(site, f.provenance),
        })).collect::<Vec<_>>(),
        "stories": site.stories.iter().map(|st| json!({
            "slug": st.slug, "title": st.title, "date": st.date.to_string(), "summary": st.summary,
            "tags": st.tags,
            "units": st.units.iter().map(|&u| site.units[u].id.clone()).collect::<Vec<_>>(),
            "posts": st.posts.iter().map(|&p| site.posts[p].id.clone()).collect::<Vec<_>>(),
            "projects": st.projects.iter().map(|&p| site.projects[p].id.clone()).collect::<Vec<_>>(),
            "counties": st.counties.iter().map(|&c| site.counties[c].id.clone()).collect::<Vec<_>>(),
            "reporter": st.reporter,
            "source": st.source.map(|s| site.sources[s].id.clone()),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// Every dataset download.
pub fn outputs(site: &Site) -> Vec<Output> {
    [
        (
            "data/units.csv",
            described_csv(site, &schema::unit(), &site.units),
        ),
        (
            "data/posts.csv",
            described_csv(site, &schema::post(), &site.posts),
        ),
        (
            "data/projects.csv",
            described_csv(site, &schema::project(), &site.projects),
        ),
        ("data/metrics.csv", metrics_csv(site)),
        ("data/site.json", site_json(site)),
    ]
    .into_iter()
    .map(|(path, text)| Output {
        path: path.to_string(),
        bytes: text.into_bytes(),
    })
    .chain(archives(site))
    .collect()
}

/// The data files of each earlier publication as they stood, under `/data/<as_of>/`.
fn archives(site: &Site) -> impl Iterator<Item = Output> + '_ {
    let pubs = &site.history.publications;
    pubs[..pubs.len().saturating_sub(1)].iter().flat_map(|p| {
        let as_of = p.as_of.to_string();
        p.data_files.iter().map(move |(file, text)| Output {
            path: crate::url::data_archive(&as_of, file),
            bytes: text.as_bytes().to_vec(),
        })
    })
}
