//! Five-zero posts and unit honours by county: grouped horizontal bars. Units without a county
//! (city departments) are counted under 市直单位.

use super::bars::{self, BarChart, Layout, Row, Segment};
use super::palette::{BLUE, ORANGE};
use super::{Cell, Chart, ChartProvenance, Column, Table};
use crate::model::Site;
use crate::util::format;

/// The row name for units that belong to no county.
pub const CITY_LEVEL: &str = "市直单位";

/// One row: (name, posts, honours).
pub type CountRow = (String, usize, usize);

/// Posts and honours per county (plus the city level when it has any), most posts first.
pub fn counts(site: &Site) -> Vec<CountRow> {
    let mut posts = vec![0usize; site.counties.len() + 1];
    let mut honours = vec![0usize; site.counties.len() + 1];
    let slot = |c: Option<usize>| c.unwrap_or(site.counties.len());
    for p in &site.posts {
        posts[slot(p.county)] += 1;
    }
    for u in &site.units {
        honours[slot(u.county)] += u.honours.len();
    }
    let mut rows: Vec<CountRow> = site
        .counties
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.clone(), posts[i], honours[i]))
        .collect();
    let city = site.counties.len();
    if posts[city] + honours[city] > 0 {
        rows.push((CITY_LEVEL.to_string(), posts[city], honours[city]));
    }
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    rows
}

/// The sentence: totals and where most posts and honours are.
pub fn sentence(rows: &[CountRow]) -> String {
    let posts: usize = rows.iter().map(|r| r.1).sum();
    let honours: usize = rows.iter().map(|r| r.2).sum();
    let mut s = format!("共有“五零”岗位{posts}个、单位荣誉{honours}项");
    if let Some(top) = super::unique_max(rows, |r| r.1).filter(|r| r.1 > 0) {
        s.push_str(&format!("；岗位最多的是{}（{}个）", top.0, top.1));
    }
    if let Some(top) = super::unique_max(rows, |r| r.2).filter(|r| r.2 > 0) {
        s.push_str(&format!("，荣誉最多的是{}（{}项）", top.0, top.2));
    }
    let none: Vec<&str> = rows
        .iter()
        .filter(|r| r.1 == 0 && r.2 == 0)
        .map(|r| r.0.as_str())
        .collect();
    if !none.is_empty() {
        s.push_str(&format!("；{}个县市区尚无岗位和荣誉", none.len()));
    }
    s.push('。');
    s
}

/// The chart.
pub fn chart(site: &Site) -> Chart {
    let rows = counts(site);
    let desc = sentence(&rows);
    let id = "posts-honours-by-county";
    let title = "各县市区“五零”岗位与单位荣誉数量";
    let tick = |v: f64| format::number(v, 1);
    let svg = bars::draw(&BarChart {
        id,
        title,
        desc: &desc,
        illustrative: site.posts.iter().any(|p| p.provenance.illustrative)
            || site
                .units
                .iter()
                .flat_map(|u| &u.honours)
                .any(|h| h.provenance.illustrative),
        layout: Layout::Grouped,
        rows: rows
            .iter()
            .map(|(name, p, h)| Row {
                label: name.clone(),
                segments: vec![
                    Segment {
                        value: *p as f64,
                        colour: BLUE,
                        label: format!("{p}个"),
                    },
                    Segment {
                        value: *h as f64,
                        colour: ORANGE,
                        label: format!("{h}项"),
                    },
                ],
            })
            .collect(),
        legend: vec![
            (BLUE, "“五零”岗位（个）".to_string()),
            (ORANGE, "单位荣誉（项）".to_string()),
        ],
        tick: &tick,
        counts: true,
        axis_unit: "个 / 项".into(),
    });
    let mut provenance = ChartProvenance::default();
    for p in &site.posts {
        provenance.add(p.provenance);
        provenance.touch(p.awarded);
    }
    for u in &site.units {
        for h in &u.honours {
            provenance.add(h.provenance);
        }
    }
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        desc,
        svg,
        table: Table {
            // A county's row is illustrative when one of the posts or honours it counts is.
            marks: rows
                .iter()
                .map(|(name, _, _)| {
                    let county = site.counties.iter().position(|c| &c.name == name);
                    let here = |c: Option<usize>| {
                        if name == CITY_LEVEL {
                            c.is_none()
                        } else {
                            c.is_some() && c == county
                        }
                    };
                    site.posts
                        .iter()
                        .any(|p| here(p.county) && p.provenance.illustrative)
                        || site.units.iter().any(|u| {
                            here(u.county) && u.honours.iter().any(|h| h.provenance.illustrative)
                        })
                })
                .collect(),
            columns: vec![
                Column::new("县市区", None),
                Column::new("“五零”岗位", Some("个")),
                Column::new("单位荣誉", Some("项")),
            ],
            rows: rows
                .iter()
                .map(|(n, p, h)| vec![Cell::text(n), Cell::count(*p), Cell::count(*h)])
                .collect(),
        },
        provenance,
    }
}
