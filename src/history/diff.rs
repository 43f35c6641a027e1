//! What changed between two publications, in sentences a journalist can read: new readings with
//! the status before and after, revised figures (修订) with both values, project status and plan
//! changes, new and changed stories, corrections, new and removed records.
//!
//! Works on leniently read snapshots (`history::snapshot`); a metric's status at either
//! publication is the model's own rule (`Metric::status_as_of`) applied to that publication's
//! figures, so /changes/ and the metric page never disagree. Not for: reading git.

use serde_json::Value;

use super::snapshot::{Kind, Record, Snapshot, text};
use crate::model::{
    Change, ChangeSection, Direction, Frequency, Metric, ProjectStatus, Provenance, Reading,
    Revision, Site,
};
use crate::url;
use crate::util::date::Date;
use crate::util::format;

/// The changes from `prev` (as of `prev_as_of`) to `cur` (as of `cur_as_of`), and the figures
/// revised, each with the record it belongs to.
pub struct Diff {
    pub changes: Vec<Change>,
    pub revisions: Vec<((Kind, String), Revision)>,
}

/// The page of a record of `kind` (where it is, or was).
pub fn record_path(kind: Kind, id: &str) -> Option<String> {
    match kind {
        Kind::Metric => Some(url::metric(id)),
        Kind::Project => Some(url::project(id)),
        Kind::Story => Some(url::story(id)),
        Kind::Unit => Some(url::unit(id)),
        Kind::Post => Some(url::post(id)),
        Kind::County => Some(url::county(id)),
        Kind::Fact | Kind::Action | Kind::Event => Some(url::CAMPAIGN.to_string()),
        Kind::Source => None,
    }
}

/// The record's name as written (name, title or label), else its id.
pub fn record_name(kind: Kind, id: &str, record: &Record) -> String {
    let key = match kind {
        Kind::Story | Kind::Event | Kind::Source => "title",
        Kind::Fact => "label",
        _ => "name",
    };
    text(record, key).unwrap_or_else(|| id.to_string())
}

/// Compares two publications. `publication` is the index of the later one.
pub fn diff(
    site: &Site,
    prev: (&Snapshot, Date),
    cur: (&Snapshot, Date),
    publication: usize,
) -> Diff {
    let mut out = Diff {
        changes: Vec::new(),
        revisions: Vec::new(),
    };
    let (before, prev_as_of) = prev;
    let (after, cur_as_of) = cur;
    let mut keys: Vec<&(Kind, String)> =
        before.records.keys().chain(after.records.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (kind, id) = (key.0, key.1.as_str());
        match (before.records.get(key), after.records.get(key)) {
            (None, None) => {}
            (None, Some(new)) => {
                let (section, text) = if kind == Kind::Story {
                    let date = text(new, "date")
                        .and_then(|d| Date::parse(&d, false).ok())
                        .map(|d| format!("（{}）", d.chinese()))
                        .unwrap_or_default();
                    (ChangeSection::Stories, format!("新发布{date}。"))
                } else {
                    (ChangeSection::NewRecords, "本期新增。".to_string())
                };
                push(&mut out, section, kind, id, new, text);
            }
            (Some(old), None) => {
                push(
                    &mut out,
                    ChangeSection::Removed,
                    kind,
                    id,
                    old,
                    "已删除，不再列出。".to_string(),
                );
            }
            (Some(old), Some(new)) if std::sync::Arc::ptr_eq(old, new) || old == new => {}
            (Some(old), Some(new)) => {
                let sentences = match kind {
                    Kind::Metric => metric(site, id, old, new, prev_as_of, cur_as_of),
                    Kind::Project => project(old, new),
                    Kind::Story => story(old, new),
                    Kind::Fact => fact(old, new),
                    _ => Vec::new(),
                };
                let mut handled = sentences.iter().map(|s| s.covers).fold(0u32, |a, b| a | b);
                for s in sentences {
                    if let Some(revision) = s.revision {
                        out.revisions.push((
                            (kind, id.to_string()),
                            Revision {
                                publication,
                                ..revision
                            },
                        ));
                    }
                    push(&mut out, s.section, kind, id, new, s.text);
                }
                let others = changed_fields(old, new, &mut handled);
                if !others.is_empty() {
                    let section = if kind == Kind::Story {
                        ChangeSection::Stories
                    } else {
                        ChangeSection::Changed
                    };
                    push(
                        &mut out,
                        section,
                        kind,
                        id,
                        new,
                        format!("资料有改动（{}）。", others.join("、")),
                    );
                }
            }
        }
    }
    out.changes
        .sort_by(|a, b| (a.section, a.kind, &a.id).cmp(&(b.section, b.kind, &b.id)));
    out
}

fn push(
    out: &mut Diff,
    section: ChangeSection,
    kind: Kind,
    id: &str,
    record: &Record,
    text: String,
) {
    out.changes.push(Change {
        section,
        kind,
        id: id.to_string(),
        name: record_name(kind, id, record),
        text,
        path: record_path(kind, id),
    });
}

/// One sentence about a changed record, the fields it accounts for (bits of `FIELD_BITS`), and the
/// revision it records, if any.
struct Sentence {
    section: ChangeSection,
    text: String,
    covers: u32,
    revision: Option<Revision>,
}

const FIELD_BITS: [&str; 8] = [
    "observations",
    "baseline",
    "target",
    "status",
    "invested",
    "planned_investment",
    "corrections",
    "value",
];

fn bit(field: &str) -> u32 {
    FIELD_BITS
        .iter()
        .position(|f| *f == field)
        .map(|i| 1 << i)
        .unwrap_or(0)
}

/// The fields that differ and that no sentence accounted for, in the record's order.
fn changed_fields(old: &Record, new: &Record, handled: &mut u32) -> Vec<String> {
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k) && bit(k) & *handled == 0)
        .map(|k| field_label(k).to_string())
        .collect()
}

/// A field's name for readers.
fn field_label(field: &str) -> &str {
    match field {
        "name" | "title" | "label" => "名称",
        "body" => "正文",
        "summary" => "摘要",
        "date" => "日期",
        "source" => "来源",
        "illustrative" => "示意标记",
        "milestones" => "里程碑",
        "honours" => "荣誉",
        "ratings" => "四色评定",
        "satisfaction" => "满意率",
        "target" => "目标",
        "unit" => "所属单位",
        "lead_unit" => "牵头单位",
        "county" | "counties" | "scope" => "所在地",
        "tags" => "标签",
        "images" => "图片",
        other => other,
    }
}

/// `[{date, value}]` (or `amount`) as dated numbers, sorted by date; unreadable entries skipped.
fn dated(record: &Record, field: &str, number: &str) -> Vec<(Date, f64)> {
    let mut out: Vec<(Date, f64)> = record
        .get(field)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| {
                    let date = item.get("date")?;
                    let date = date
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| date.to_string());
                    Some((Date::parse(&date, true).ok()?, item.get(number)?.as_f64()?))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by_key(|(d, _)| *d);
    out
}

fn number(record: &Record, field: &str) -> Option<f64> {
    record.get(field).and_then(Value::as_f64)
}

/// The status the metric had at `as_of` with the figures of `record`, by the model's rule; `None`
/// when the metric is not in the current model (its other settings are not known).
fn metric_status(site: &Site, id: &str, record: &Record, as_of: Date) -> Option<&'static str> {
    let current = site.metrics.iter().find(|m| m.id == id)?;
    let mut m: Metric = current.clone();
    let reading = |(date, value): (Date, f64)| Reading {
        date,
        value,
        provenance: Provenance::default(),
    };
    m.observations = dated(record, "observations", "value")
        .into_iter()
        .map(reading)
        .collect();
    m.baseline = record.get("baseline").and_then(|b| {
        let date = b.get("date")?.as_str()?;
        Some(reading((
            Date::parse(date, true).ok()?,
            b.get("value")?.as_f64()?,
        )))
    });
    if let Some(t) = record.get("target") {
        if let Some(v) = t.get("value").and_then(Value::as_f64) {
            m.target_value = v;
        }
        if let Some(d) = t
            .get("deadline")
            .and_then(Value::as_str)
            .and_then(|d| Date::parse(d, true).ok())
        {
            m.deadline = d;
        }
    }
    if let Some(d) = text(record, "direction").and_then(|d| Direction::parse(&d)) {
        m.direction = d;
    }
    if let Some(f) = text(record, "frequency").and_then(|f| Frequency::parse(&f)) {
        m.frequency = f;
    }
    Some(m.status_as_of(as_of).label())
}

fn metric(
    site: &Site,
    id: &str,
    old: &Record,
    new: &Record,
    prev_as_of: Date,
    cur_as_of: Date,
) -> Vec<Sentence> {
    let unit = text(new, "unit_label").unwrap_or_default();
    let show = |v: f64| format::with_unit(v, &unit);
    let before = dated(old, "observations", "value");
    let after = dated(new, "observations", "value");
    let mut out = Vec::new();
    let fresh: Vec<&(Date, f64)> = after
        .iter()
        .filter(|(d, _)| !before.iter().any(|(b, _)| b == d))
        .collect();
    if !fresh.is_empty() {
        let readings = fresh
            .iter()
            .map(|(d, v)| format!("{} {}", d.chinese(), show(*v)))
            .collect::<Vec<_>>()
            .join("，");
        let earlier = before
            .iter()
            .rfind(|(d, _)| *d <= prev_as_of)
            .map(|(d, v)| format!("（上期最新：{} {}）", d.chinese(), show(*v)))
            .unwrap_or_else(|| "（上期没有观测）".to_string());
        let status = match (
            metric_status(site, id, old, prev_as_of),
            metric_status(site, id, new, cur_as_of),
        ) {
            (Some(a), Some(b)) if a == b => format!("；状态仍为“{b}”"),
            (Some(a), Some(b)) => format!("；状态由“{a}”变为“{b}”"),
            _ => String::new(),
        };
        out.push(Sentence {
            section: ChangeSection::NewFigures,
            text: format!("新增观测：{readings}{earlier}{status}。"),
            covers: 0,
            revision: None,
        });
    }
    for (date, value) in &after {
        if let Some((_, was)) = before.iter().find(|(d, v)| d == date && v != value) {
            out.push(revised(
                format!("{}的观测值", date.chinese()),
                show(*was),
                show(*value),
            ));
        }
    }
    let removed: Vec<String> = before
        .iter()
        .filter(|(d, _)| !after.iter().any(|(a, _)| a == d))
        .map(|(d, v)| format!("{} {}", d.chinese(), show(*v)))
        .collect();
    if !removed.is_empty() {
        out.push(Sentence {
            section: ChangeSection::Revised,
            text: format!("撤下观测：{}。", removed.join("，")),
            covers: 0,
            revision: None,
        });
    }
    let base = |r: &Record| {
        r.get("baseline")
            .and_then(|b| b.get("value"))
            .and_then(Value::as_f64)
    };
    if let (Some(a), Some(b)) = (base(old), base(new))
        && a != b
    {
        out.push(revised("基线值".into(), show(a), show(b)));
    }
    let target = |r: &Record| {
        let t = r.get("target")?;
        Some(format!(
            "{}（{}）",
            show(t.get("value")?.as_f64()?),
            t.get("deadline")
                .map(|d| d
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| d.to_string()))
                .unwrap_or_default()
        ))
    };
    if let (Some(a), Some(b)) = (target(old), target(new))
        && a != b
    {
        out.push(Sentence {
            section: ChangeSection::Changed,
            text: format!("目标由 {a} 改为 {b}。"),
            covers: bit("target"),
            revision: None,
        });
    }
    if let Some(first) = out.first_mut() {
        first.covers |= bit("observations") | bit("baseline");
    }
    out
}

fn revised(figure: String, before: String, after: String) -> Sentence {
    Sentence {
        section: ChangeSection::Revised,
        text: format!("修订：{figure}由 {before} 改为 {after}。"),
        covers: 0,
        revision: Some(Revision {
            publication: 0,
            figure,
            before,
            after,
        }),
    }
}

fn project(old: &Record, new: &Record) -> Vec<Sentence> {
    let mut out = Vec::new();
    let status = |r: &Record| {
        text(r, "status").map(|s| {
            ProjectStatus::parse(&s)
                .map(|s| s.label().to_string())
                .unwrap_or(s)
        })
    };
    if let (Some(a), Some(b)) = (status(old), status(new))
        && a != b
    {
        out.push(Sentence {
            section: ChangeSection::Projects,
            text: format!("状态由“{a}”变为“{b}”。"),
            covers: bit("status"),
            revision: None,
        });
    }
    let before = dated(old, "invested", "amount");
    let after = dated(new, "invested", "amount");
    let fresh: Vec<&(Date, f64)> = after
        .iter()
        .filter(|(d, _)| !before.iter().any(|(b, _)| b == d))
        .collect();
    if let Some((date, amount)) = fresh.last() {
        let now = format!("{}（截至{}）", format::money_wan(*amount), date.chinese());
        let text = match before.last() {
            Some((d, v)) => format!(
                "累计完成投资由 {}（截至{}）变为 {now}。",
                format::money_wan(*v),
                d.chinese()
            ),
            None => format!("首次报告累计完成投资：{now}。"),
        };
        out.push(Sentence {
            section: ChangeSection::NewFigures,
            text,
            covers: 0,
            revision: None,
        });
    }
    for (date, value) in &after {
        if let Some((_, was)) = before.iter().find(|(d, v)| d == date && v != value) {
            out.push(revised(
                format!("截至{}的累计完成投资", date.chinese()),
                format::money_wan(*was),
                format::money_wan(*value),
            ));
        }
    }
    let plan = |r: &Record| number(r, "planned_investment");
    match (plan(old), plan(new)) {
        (Some(a), Some(b)) if a != b => out.push(revised(
            "计划投资".into(),
            format::money_wan(a),
            format::money_wan(b),
        )),
        (None, Some(b)) => out.push(Sentence {
            section: ChangeSection::Projects,
            text: format!("公布计划投资 {}。", format::money_wan(b)),
            covers: 0,
            revision: None,
        }),
        _ => {}
    }
    for s in out.iter_mut() {
        s.covers |= bit("invested") | bit("planned_investment");
    }
    out
}

fn story(old: &Record, new: &Record) -> Vec<Sentence> {
    let corrections = |r: &Record| -> Vec<(String, String)> {
        r.get("corrections")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|c| {
                        let field = |k: &str| {
                            c.get(k)
                                .map(|v| {
                                    v.as_str()
                                        .map(str::to_string)
                                        .unwrap_or_else(|| v.to_string())
                                })
                                .unwrap_or_default()
                        };
                        (field("date"), field("text"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = corrections(old);
    corrections(new)
        .into_iter()
        .filter(|c| !before.contains(c))
        .map(|(date, text)| {
            let date = Date::parse(&date, false)
                .map(|d| d.chinese())
                .unwrap_or(date);
            Sentence {
                section: ChangeSection::Corrections,
                text: format!("更正（{date}）：{text}"),
                covers: bit("corrections"),
                revision: None,
            }
        })
        .collect()
}

fn fact(old: &Record, new: &Record) -> Vec<Sentence> {
    let unit = text(new, "unit_label").unwrap_or_default();
    match (number(old, "value"), number(new, "value")) {
        (Some(a), Some(b)) if a != b => {
            let mut s = revised(
                "数值".into(),
                format::with_unit(a, &unit),
                format::with_unit(b, &unit),
            );
            s.covers = bit("value");
            vec![s]
        }
        _ => Vec::new(),
    }
}
