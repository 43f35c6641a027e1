//! Project status composition: stacked bars of 未开工 / 已开工 / 已完工, per county or for one county.
//! Statuses are named in the legend and counted inside the segments, never told by colour alone.

use super::bars::{self, BarChart, Layout, Row, Segment};
use super::palette::{BLUE, LIGHT_GREY, Rgb, SKY_BLUE};
use super::{Cell, Chart, ChartProvenance, Column, Table};
use crate::model::{CountyIx, ProjectIx, ProjectStatus, Site};
use crate::util::format;

/// The colour of a status.
pub fn colour(status: ProjectStatus) -> Rgb {
    match status {
        ProjectStatus::Planned => LIGHT_GREY,
        ProjectStatus::Started => SKY_BLUE,
        ProjectStatus::Completed => BLUE,
    }
}

/// Project counts in the order of `ProjectStatus::ALL`.
pub fn counts(site: &Site, projects: &[ProjectIx]) -> [usize; 3] {
    let mut c = [0; 3];
    for &p in projects {
        c[site.projects[p].status as usize] += 1;
    }
    c
}

/// The sentence for a set of counts, `scope` naming whose projects they are.
pub fn sentence(scope: &str, c: [usize; 3]) -> String {
    let total: usize = c.iter().sum();
    if total == 0 {
        return format!("{scope}暂无项目。");
    }
    let [planned, started, completed] = c;
    format!(
        "{scope}{total}个项目中，已完工{completed}个、已开工（在建）{started}个、未开工{planned}个，开工率{}。",
        format::percent((started + completed) as f64 / total as f64 * 100.0)
    )
}

fn legend() -> Vec<(Rgb, String)> {
    ProjectStatus::ALL
        .iter()
        .map(|&s| (colour(s), s.label().to_string()))
        .collect()
}

fn row(label: &str, c: [usize; 3]) -> Row {
    Row {
        label: label.to_string(),
        segments: ProjectStatus::ALL
            .iter()
            .map(|&s| Segment {
                value: c[s as usize] as f64,
                colour: colour(s),
                label: if c[s as usize] > 0 {
                    c[s as usize].to_string()
                } else {
                    String::new()
                },
            })
            .collect(),
    }
}

fn table_row(label: &str, c: [usize; 3]) -> Vec<Cell> {
    let mut cells = vec![Cell::text(label)];
    cells.extend(c.iter().map(|&n| Cell::count(n)));
    cells.push(Cell::count(c.iter().sum()));
    cells
}

fn columns(first: &str) -> Vec<Column> {
    let mut cols = vec![Column::new(first, None)];
    cols.extend(
        ProjectStatus::ALL
            .iter()
            .map(|s| Column::new(s.label(), Some("个"))),
    );
    cols.push(Column::new("合计", Some("个")));
    cols
}

fn provenance(site: &Site, projects: &[ProjectIx]) -> ChartProvenance {
    let mut p = ChartProvenance::default();
    for &ix in projects {
        let project = &site.projects[ix];
        p.add(project.provenance);
        if let Some((d, _)) = project.invested.last() {
            p.touch(*d);
        }
    }
    if p.updated.is_none() {
        p.updated = Some(site.settings.as_of);
    }
    p
}

fn tick(v: f64) -> String {
    format::number(v, 1)
}

/// One stacked bar per county, most projects first, with the city total in the sentence.
pub fn by_county(site: &Site) -> Chart {
    // Projects across counties or of the whole city are bars of their own (跨县, 全市).
    let groups = site.project_groups();
    let mut rows: Vec<(String, [usize; 3])> = groups
        .iter()
        .map(|(name, projects)| (name.clone(), counts(site, projects)))
        .collect();
    rows.sort_by(|a, b| {
        let (ta, tb): (usize, usize) = (a.1.iter().sum(), b.1.iter().sum());
        tb.cmp(&ta).then(a.0.cmp(&b.0))
    });
    let all: Vec<ProjectIx> = (0..site.projects.len()).collect();
    let total = counts(site, &all);
    let mut desc = sentence("全市", total);
    let most = rows.iter().map(|(_, c)| c[0]).max().unwrap_or(0);
    let leaders: Vec<&(String, [usize; 3])> = rows.iter().filter(|(_, c)| c[0] == most).collect();
    // Name the county with the most unstarted projects only when there is one.
    if let [(name, c)] = leaders.as_slice()
        && most > 0
    {
        desc.pop();
        desc.push_str(&format!("；未开工项目最多的是{name}（{}个）。", c[0]));
    }
    let id = "project-status-by-county";
    let title = "各县市区重点项目进展状态";
    let svg = bars::draw(&BarChart {
        id,
        title,
        desc: &desc,
        layout: Layout::Stacked,
        rows: rows.iter().map(|(n, c)| row(n, *c)).collect(),
        legend: legend(),
        tick: &tick,
        counts: true,
        axis_unit: "个".into(),
        illustrative: provenance(site, &all).illustrative,
    });
    let mut table_rows: Vec<Vec<Cell>> = rows.iter().map(|(n, c)| table_row(n, *c)).collect();
    table_rows.push(table_row("合计", total));
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        desc,
        svg,
        table: Table {
            // A row (a county, 跨县 or 全市) is illustrative when one of its projects is; the total
            // when any is.
            marks: rows
                .iter()
                .map(|(name, _)| {
                    groups
                        .iter()
                        .find(|(group, _)| group == name)
                        .is_some_and(|(_, members)| site.projects_illustrative(members))
                })
                .chain([site.projects_illustrative(&all)])
                .collect(),
            columns: columns("县市区"),
            rows: table_rows,
        },
        provenance: provenance(site, &all),
    }
}

/// One county's projects as a single stacked bar.
pub fn for_county(site: &Site, c: CountyIx) -> Chart {
    let county = &site.counties[c];
    let count = counts(site, &county.projects);
    let desc = sentence(&county.name, count);
    let id = format!("county-{}-project-status", county.id);
    let title = format!("{}重点项目进展状态", county.name);
    let svg = bars::draw(&BarChart {
        id: &id,
        title: &title,
        desc: &desc,
        layout: Layout::Stacked,
        rows: vec![row(&county.name, count)],
        legend: legend(),
        tick: &tick,
        counts: true,
        axis_unit: "个".into(),
        illustrative: provenance(site, &county.projects).illustrative,
    });
    Chart {
        id,
        title,
        desc,
        svg,
        table: Table {
            marks: Vec::new(),
            columns: columns("县市区"),
            rows: vec![table_row(&county.name, count)],
        },
        provenance: provenance(site, &county.projects),
    }
}
