//! Four-colour ratings by year: one stacked bar per year counting units rated 红 / 黄 / 蓝 / 绿.
//! Each segment carries its colour's name in text (`绿 12`), so colour is never the only carrier.

use super::bars::{self, BarChart, Layout, Row, Segment};
use super::palette::{BLUE, BLUISH_GREEN, Rgb, VERMILLION, YELLOW};
use super::{Cell, Chart, ChartProvenance, Column, Table};
use crate::model::{Colour, Site};
use crate::util::date::Date;
use crate::util::format;

/// The palette colour standing for a rating colour.
pub fn colour(c: Colour) -> Rgb {
    match c {
        Colour::Red => VERMILLION,
        Colour::Yellow => YELLOW,
        Colour::Blue => BLUE,
        Colour::Green => BLUISH_GREEN,
    }
}

/// Per year, the number of units rated each colour (in `Colour::ALL` order).
pub fn counts(site: &Site) -> Vec<(i32, [usize; 4])> {
    let mut years: std::collections::BTreeMap<i32, [usize; 4]> = Default::default();
    for unit in &site.units {
        for r in &unit.ratings {
            years.entry(r.year).or_default()[r.colour as usize] += 1;
        }
    }
    years.into_iter().collect()
}

fn breakdown(c: &[usize; 4]) -> String {
    Colour::ALL
        .iter()
        .map(|&k| format!("{}{}个", k.label(), c[k as usize]))
        .collect::<Vec<_>>()
        .join("、")
}

/// The sentence: the latest year's breakdown, and how red and green moved since the year before.
pub fn sentence(years: &[(i32, [usize; 4])]) -> String {
    let Some((year, last)) = years.last() else {
        return "暂无四色评定数据。".to_string();
    };
    let total: usize = last.iter().sum();
    let mut s = format!(
        "{year}年共评定{total}个单位领导班子，其中{}",
        breakdown(last)
    );
    if let Some((prev_year, prev)) = years.len().checked_sub(2).map(|i| &years[i]) {
        let g = Colour::Green as usize;
        let r = Colour::Red as usize;
        s.push_str(&format!(
            "；与{prev_year}年相比，绿色由{}个变为{}个，红色由{}个变为{}个",
            prev[g], last[g], prev[r], last[r]
        ));
    }
    s.push('。');
    s
}

/// The chart.
pub fn chart(site: &Site) -> Chart {
    let years = counts(site);
    let desc = sentence(&years);
    let id = "ratings-by-year";
    let title = "领导班子“红黄蓝绿”四色评定结果（按年度）";
    let tick = |v: f64| format::number(v, 1);
    let svg = bars::draw(&BarChart {
        id,
        title,
        desc: &desc,
        illustrative: site
            .units
            .iter()
            .flat_map(|u| &u.ratings)
            .any(|r| r.provenance.illustrative),
        layout: Layout::Stacked,
        rows: years
            .iter()
            .map(|(y, c)| Row {
                label: format!("{y}年"),
                segments: Colour::ALL
                    .iter()
                    .map(|&k| Segment {
                        value: c[k as usize] as f64,
                        colour: colour(k),
                        label: if c[k as usize] > 0 {
                            format!("{}{}", k.label(), c[k as usize])
                        } else {
                            String::new()
                        },
                    })
                    .collect(),
            })
            .collect(),
        legend: Colour::ALL
            .iter()
            .map(|&k| (colour(k), format!("{}色", k.label())))
            .collect(),
        tick: &tick,
        counts: true,
        axis_unit: "个".into(),
    });
    let mut provenance = ChartProvenance::default();
    for unit in &site.units {
        for r in &unit.ratings {
            provenance.add(r.provenance);
            // A year's rating is known at the end of that year at the earliest.
            if let Some(d) = Date::ymd(r.year, 12, 31) {
                provenance.touch(d.min(site.settings.as_of));
            }
        }
    }
    let mut columns = vec![Column::new("年度", None)];
    columns.extend(
        Colour::ALL
            .iter()
            .map(|k| Column::new(&format!("{}色", k.label()), Some("个"))),
    );
    columns.push(Column::new("合计", Some("个")));
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        desc,
        svg,
        table: Table {
            // A year's row is illustrative when one of that year's ratings is.
            marks: years
                .iter()
                .map(|(y, _)| {
                    site.units
                        .iter()
                        .flat_map(|u| &u.ratings)
                        .any(|r| r.year == *y && r.provenance.illustrative)
                })
                .collect(),
            columns,
            rows: years
                .iter()
                .map(|(y, c)| {
                    let mut row = vec![Cell::text(format!("{y}年"))];
                    row.extend(c.iter().map(|&n| Cell::count(n)));
                    row.push(Cell::count(c.iter().sum()));
                    row
                })
                .collect(),
        },
        provenance,
    }
}
