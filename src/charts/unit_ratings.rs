//! One unit's four-colour ratings, year by year: a strip of labelled blocks (`2022年 黄`), so the
//! unit page shows its record at a glance. The colour's name is written in every block: colour is
//! never the only carrier.

use super::palette::INK;
use super::svg::{Anchor, FONT_SIZE, Frame, Overlay, SMALL, finish};
use super::{Cell, Chart, ChartProvenance, Column, Table};
use crate::model::{Site, UnitIx};
use crate::util::date::Date;

const BLOCK_W: f64 = 72.0;
const BLOCK_H: f64 = 40.0;
const GAP: f64 = 8.0;
const TOP: f64 = 8.0;

/// Whether the unit has ratings to show.
pub fn has_chart(site: &Site, u: UnitIx) -> bool {
    !site.units[u].ratings.is_empty()
}

/// The sentence: each year's colour, and the admonition rule when it applies.
pub fn sentence(site: &Site, u: UnitIx) -> String {
    let unit = &site.units[u];
    let years: Vec<String> = unit
        .ratings
        .iter()
        .map(|r| format!("{}年{}", r.year, r.colour.label()))
        .collect();
    let mut s = format!(
        "{}领导班子“红黄蓝绿”四色评级：{}",
        unit.name,
        years.join("，")
    );
    if let Some(admonition) = unit.admonition() {
        s.push('；');
        s.push_str(&admonition.clause());
    }
    s.push('。');
    s
}

/// The chart of unit `u`.
pub fn chart(site: &Site, u: UnitIx) -> Chart {
    let unit = &site.units[u];
    let id = format!("unit-{}-ratings", unit.id);
    let title = format!("{}：领导班子四色评级", unit.name);
    let desc = sentence(site, u);
    let mut overlay = Overlay::default();
    let mut provenance = ChartProvenance::default();
    let mut rows = Vec::new();
    let mut marks = Vec::new();
    for (i, r) in unit.ratings.iter().enumerate() {
        let x = GAP + i as f64 * (BLOCK_W + GAP);
        let fill = super::ratings::colour(r.colour);
        overlay.rect((x, TOP), BLOCK_W, BLOCK_H, fill);
        let text = fill.text_on();
        overlay.text(
            (x + BLOCK_W / 2.0, TOP + 17.0),
            &format!("{}年", r.year),
            Anchor::Middle,
            SMALL,
            text,
            false,
        );
        overlay.text(
            (x + BLOCK_W / 2.0, TOP + 34.0),
            r.colour.label(),
            Anchor::Middle,
            FONT_SIZE,
            text,
            true,
        );
        if r.provenance.illustrative {
            overlay.text(
                (x + BLOCK_W / 2.0, TOP + BLOCK_H + 15.0),
                "示意数据",
                Anchor::Middle,
                SMALL,
                INK,
                false,
            );
        }
        provenance.add(r.provenance);
        provenance.touch(
            Date {
                year: r.year,
                month: 12,
                day: Some(31),
            }
            .min(site.settings.as_of),
        );
        rows.push(vec![
            Cell::text(format!("{}", r.year)),
            Cell::text(r.colour.label()),
        ]);
        marks.push(r.provenance.illustrative);
    }
    // As wide as the other charts, so the strip is drawn at the same scale, not blown up.
    let width = (GAP + unit.ratings.len() as f64 * (BLOCK_W + GAP))
        .max(400.0)
        .ceil() as u32;
    let height = (TOP + BLOCK_H + 22.0).ceil() as u32;
    let svg = finish(
        "",
        &overlay,
        &Frame {
            id: &id,
            title: &title,
            desc: &desc,
            width,
            height,
        },
    );
    Chart {
        id,
        title,
        desc,
        svg,
        table: Table {
            marks,
            columns: vec![Column::new("年度", None), Column::new("评级", None)],
            rows,
        },
        provenance,
    }
}
