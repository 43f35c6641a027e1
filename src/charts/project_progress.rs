//! One project's cumulative investment over time against its planned investment (dashed) and its
//! planned completion date: the trend chart of `metric_trend`, in money.

use super::metric_trend::{Trend, draw};
use super::{Cell, Chart, ChartProvenance, Column, Table};
use crate::model::{Direction, Project, ProjectIx, Reading, Site};
use crate::util::date::Date;
use crate::util::format;

/// Whether a project has the data for this chart (a published plan and at least one investment
/// report).
pub fn has_chart(project: &Project) -> bool {
    !project.invested.is_empty() && project.planned_investment.is_some()
}

/// Money for axis ticks and labels: in 亿元 once the project's planned money reaches 亿, so one
/// axis never mixes units; below that the tables' own formatter, so a label and its table cell
/// always agree (`0.65万元` in both).
fn money_formatter(max_wan: f64) -> impl Fn(f64) -> String {
    move |wan: f64| {
        if max_wan >= 10_000.0 {
            format!("{}亿元", format::number(wan / 10_000.0, 2))
        } else {
            format::money_wan(wan)
        }
    }
}

/// The sentence: how much is invested, against the plan, by when, and the status.
pub fn sentence(site: &Site, project: &Project) -> String {
    let planned = project.planned_investment.unwrap_or_default();
    let mut s = match project.invested.last() {
        Some((date, invested)) => {
            let share = if planned > 0.0 {
                invested / planned * 100.0
            } else {
                0.0
            };
            format!(
                "截至{}，{}累计完成投资{}，占计划投资{}的{}{}",
                date.chinese(),
                project.name,
                format::money_wan(*invested),
                format::money_wan(planned),
                format::percent(share),
                if project.is_over_budget() {
                    "，超出计划投资"
                } else {
                    ""
                }
            )
        }
        None => format!(
            "{}计划投资{}，完成投资未报告",
            project.name,
            project
                .planned_investment
                .map_or_else(|| "未公布".to_string(), format::money_wan)
        ),
    };
    if let Some(target) = project.target {
        s.push_str(&format!("；计划{}完工", target.chinese()));
    }
    s.push_str(&format!("；项目状态：{}", project.status.label()));
    if project.is_overdue(site.settings.as_of) {
        s.push_str("，计划完工日期已过仍未完工（逾期）");
    }
    let overdue = project.overdue_milestones(site.settings.as_of);
    if overdue > 0 {
        s.push_str(&format!("，有{overdue}个节点逾期未完成"));
    }
    s.push('。');
    s
}

/// The chart of project `p`.
pub fn chart(site: &Site, p: ProjectIx) -> Chart {
    let project = &site.projects[p];
    let id = format!("project-{}-investment", project.id);
    let title = format!("{}：累计完成投资与计划投资", project.name);
    let desc = sentence(site, project);
    let points: Vec<Reading> = project
        .invested
        .iter()
        .map(|(date, value)| Reading {
            date: *date,
            value: *value,
            provenance: project.provenance,
        })
        .collect();
    let last = points.last().map(|r| r.date);
    // Without a planned completion date the target line runs to the latest report.
    let deadline = project.target.or(last).unwrap_or(site.settings.as_of);
    let max = points
        .iter()
        .map(|r| r.value)
        .fold(project.planned_investment.unwrap_or_default(), f64::max);
    let value = money_formatter(max);
    let svg = draw(&Trend {
        id: &id,
        title: &title,
        desc: &desc,
        points: &points,
        baseline: None,
        target: project.planned_investment.unwrap_or_default(),
        deadline,
        direction: Direction::Higher,
        value: &value,
        series_name: "累计完成投资",
        target_name: "计划投资",
        deadline_name: "计划完工",
    });
    let mut rows = Vec::new();
    for r in &points {
        rows.push(vec![
            Cell::date(r.date),
            Cell::number(r.value, format::money_wan(r.value)),
            Cell::text("累计完成投资"),
        ]);
    }
    rows.push(vec![
        project.target.map_or_else(|| Cell::text(""), Cell::date),
        Cell::number(
            project.planned_investment.unwrap_or_default(),
            format::money_wan(project.planned_investment.unwrap_or_default()),
        ),
        Cell::text("计划投资（计划完工日期）"),
    ]);
    let mut provenance = ChartProvenance::default();
    provenance.add(project.provenance);
    if let Some(d) = last {
        provenance.touch(d);
    }
    if provenance.updated.is_none() {
        provenance.updated = Some(Date::min(site.settings.as_of, deadline));
    }
    Chart {
        id,
        title,
        desc,
        svg,
        table: Table {
            marks: Vec::new(),
            columns: vec![
                Column::new("日期", None),
                Column::new("金额", Some("万元")),
                Column::new("说明", None),
            ],
            rows,
        },
        provenance,
    }
}
