//! Planned against invested money by county: grouped horizontal bars, money in 万元 / 亿元.

use super::bars::{self, BarChart, Layout, Row, Segment};
use super::palette::{BLUE, SKY_BLUE};
use super::{Cell, Chart, ChartProvenance, Column, Table};
use crate::model::Site;
use crate::util::format;

/// One county's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyMoney {
    pub county: String,
    pub projects: usize,
    /// How many of the projects reported any investment (the invested sum covers only these).
    pub reported: usize,
    /// 万元.
    pub planned: f64,
    /// 万元.
    pub invested: f64,
}

impl CountyMoney {
    /// The invested share of the planned money, in percent.
    pub fn share(&self) -> f64 {
        if self.planned > 0.0 {
            self.invested / self.planned * 100.0
        } else {
            0.0
        }
    }
}

/// Totals per county with projects, largest planned investment first; projects across counties
/// and of the whole city are rows of their own (跨县, 全市).
pub fn totals(site: &Site) -> Vec<CountyMoney> {
    let mut rows: Vec<CountyMoney> = site
        .project_groups()
        .into_iter()
        .map(|(name, projects)| {
            // Planned against invested compares only projects whose plan is published.
            let known: Vec<&crate::model::Project> = projects
                .iter()
                .map(|&p| &site.projects[p])
                .filter(|p| p.planned_investment.is_some())
                .collect();
            CountyMoney {
                county: name,
                projects: known.len(),
                reported: known
                    .iter()
                    .filter(|p| p.invested_reported().is_some())
                    .count(),
                planned: known.iter().filter_map(|p| p.planned_investment).sum(),
                invested: known.iter().map(|p| p.invested_to_date()).sum(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.planned
            .total_cmp(&a.planned)
            .then(a.county.cmp(&b.county))
    });
    rows
}

/// The sentence stating the takeaway.
pub fn sentence(rows: &[CountyMoney]) -> String {
    let projects: usize = rows.iter().map(|r| r.projects).sum();
    let planned: f64 = rows.iter().map(|r| r.planned).sum();
    let invested: f64 = rows.iter().map(|r| r.invested).sum();
    if projects == 0 {
        return "暂无项目投资数据。".to_string();
    }
    let share = if planned > 0.0 {
        invested / planned * 100.0
    } else {
        0.0
    };
    let reported: usize = rows.iter().map(|r| r.reported).sum();
    // The invested sum covers only the projects that reported: say so when some did not.
    let covered = if reported < projects {
        format!("（其中{reported}个项目报告了完成投资，其余未报告）")
    } else {
        String::new()
    };
    let mut s = format!(
        "{projects}个项目计划投资合计{}，累计完成投资{}{covered}，占计划的{}",
        format::money_wan(planned),
        format::money_wan(invested),
        format::percent(share)
    );
    if let Some(top) = super::unique_max(rows, |r| r.planned) {
        s.push_str(&format!(
            "；计划投资最多的是{}（{}）",
            top.county,
            format::money_wan(top.planned)
        ));
    }
    if let Some(best) = super::unique_max(rows, |r| (r.share() * 10.0).round())
        && rows.len() > 1
    {
        s.push_str(&format!(
            "，完成比例最高的是{}（{}）",
            best.county,
            format::percent(best.share())
        ));
    }
    s.push('。');
    s
}

/// The chart.
pub fn chart(site: &Site) -> Chart {
    let rows = totals(site);
    let id = "investment-by-county";
    let title = "各县市区重点项目计划投资与累计完成投资";
    let desc = sentence(&rows);
    let mut provenance = ChartProvenance::default();
    // Only the projects the chart compares: those whose plan is published.
    for p in site
        .projects
        .iter()
        .filter(|p| p.planned_investment.is_some())
    {
        provenance.add(p.provenance);
        if let Some((d, _)) = p.invested.last() {
            provenance.touch(*d);
        }
    }
    let svg = draw(id, title, &desc, &rows, provenance.illustrative);
    let groups = site.project_groups();
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        desc,
        svg,
        table: Table {
            // A row (a county, 跨县 or 全市) is illustrative when one of the projects it sums is; the
            // total when any is.
            marks: rows
                .iter()
                .map(|r| {
                    groups
                        .iter()
                        .find(|(name, _)| *name == r.county)
                        .is_some_and(|(_, members)| {
                            members.iter().any(|&p| {
                                let p = &site.projects[p];
                                p.planned_investment.is_some() && p.provenance.illustrative
                            })
                        })
                })
                .chain([provenance.illustrative])
                .collect(),
            ..table(&rows)
        },
        provenance,
    }
}

/// Planned and invested money as a pair of bars per county, labelled in full at the bar ends.
fn draw(id: &str, title: &str, desc: &str, rows: &[CountyMoney], illustrative: bool) -> String {
    let max = rows
        .iter()
        .map(|r| r.planned.max(r.invested))
        .fold(0.0, f64::max);
    // Axis in 亿元 once the money reaches 亿, else in 万元 (GB/T 15835: never mixed units on one axis).
    let (divisor, unit) = if max >= 10_000.0 {
        (10_000.0, "亿元")
    } else {
        (1.0, "万元")
    };
    let tick = move |v: f64| format::number(v, 2);
    bars::draw(&BarChart {
        id,
        title,
        desc,
        illustrative,
        layout: Layout::Grouped,
        rows: rows
            .iter()
            .map(|r| Row {
                label: r.county.clone(),
                segments: vec![
                    Segment {
                        value: r.planned / divisor,
                        colour: SKY_BLUE,
                        label: format::money_wan(r.planned),
                    },
                    Segment {
                        value: r.invested / divisor,
                        colour: BLUE,
                        label: format!(
                            "{}（{}）",
                            format::money_wan(r.invested),
                            format::percent(r.share())
                        ),
                    },
                ],
            })
            .collect(),
        legend: vec![
            (SKY_BLUE, "计划投资".to_string()),
            (BLUE, "累计完成投资（占计划比例）".to_string()),
        ],
        tick: &tick,
        counts: false,
        axis_unit: unit.to_string(),
    })
}

/// The data table: one row per county, then the total.
fn table(rows: &[CountyMoney]) -> Table {
    let total = CountyMoney {
        county: "合计".into(),
        projects: rows.iter().map(|r| r.projects).sum(),
        reported: rows.iter().map(|r| r.reported).sum(),
        planned: rows.iter().map(|r| r.planned).sum(),
        invested: rows.iter().map(|r| r.invested).sum(),
    };
    Table {
        marks: Vec::new(),
        columns: vec![
            Column::new("县市区", None),
            Column::new("项目数", Some("个")),
            Column::new("计划投资", Some("万元")),
            Column::new("累计完成投资", Some("万元")),
            Column::new("完成比例", Some("%")),
        ],
        rows: rows.iter().chain([&total]).map(table_row).collect(),
    }
}

fn table_row(r: &CountyMoney) -> Vec<Cell> {
    vec![
        Cell::text(&r.county),
        Cell::count(r.projects),
        Cell::number(r.planned, format::money_wan(r.planned)),
        Cell::number(r.invested, format::money_wan(r.invested)),
        Cell::number(round1(r.share()), format::percent(r.share())),
    ]
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
