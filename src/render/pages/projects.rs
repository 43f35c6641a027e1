//! The project tracker and each project's page: investment against plan, schedule, milestones.

use serde::Serialize;
use tera::Context;

use crate::charts::ChartSpec;
use crate::model::{Milestone, ProjectIx, ProjectStatus, RecordKind, Site};
use crate::render::views::Linker;
use crate::util::date::Date;
use crate::util::format;

pub fn list(site: &Site, l: &Linker, ctx: &mut Context) -> Vec<ChartSpec> {
    let all: Vec<ProjectIx> = (0..site.projects.len()).collect();
    ctx.insert("title", "重点项目");
    ctx.insert("projects", &l.project_rows(&all));
    ctx.insert("totals", &totals(site, &all));
    vec![ChartSpec::InvestmentByCounty, ChartSpec::StatusByCounty]
}

pub fn project(site: &Site, l: &Linker, p: ProjectIx, ctx: &mut Context) -> Vec<ChartSpec> {
    let project = &site.projects[p];
    let as_of = site.settings.as_of;
    ctx.insert("title", &project.name);
    ctx.insert("project", &l.project_row(p));
    ctx.insert("lead_unit", &project.lead_unit.map(|u| l.unit(u)));
    ctx.insert("start", &project.start.map(|d| d.chinese()));
    ctx.insert("target", &project.target.map(|d| d.chinese()));
    ctx.insert(
        "invested",
        &project
            .invested
            .iter()
            .map(|(d, v)| (d.chinese(), format::money_wan(*v)))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "milestones",
        &project
            .milestones
            .iter()
            .map(|m| MilestoneView::new(m, as_of))
            .collect::<Vec<_>>(),
    );
    let provenance = super::changes::record_history(
        site,
        l,
        RecordKind::Project,
        &project.id,
        l.provenance(project.provenance),
        project.invested.last().map(|(d, _)| *d),
        ctx,
    );
    ctx.insert("provenance", &provenance);
    ctx.insert("stories", &l.story_cards(&project.stories));
    vec![ChartSpec::ProjectProgress(p)]
}

/// Counts and money of a set of projects (the tracker's and a county's summary line).
#[derive(Serialize)]
pub struct Totals {
    projects: usize,
    started: usize,
    planned: String,
    invested: String,
    /// How many of the projects reported any investment (the sum covers only these).
    reported: usize,
    late: usize,
    /// Projects whose planned investment is not published (left out of the sum).
    unpublished: usize,
    /// Whether the totals rest on an illustrative project.
    illustrative: bool,
    /// Past their planned completion date, unfinished.
    overdue: usize,
    over_budget: usize,
}

pub fn totals(site: &Site, projects: &[ProjectIx]) -> Totals {
    let planned: f64 = projects
        .iter()
        .filter_map(|&p| site.projects[p].planned_investment)
        .sum();
    let invested: f64 = projects
        .iter()
        .map(|&p| site.projects[p].invested_to_date())
        .sum();
    Totals {
        illustrative: site.projects_illustrative(projects),
        unpublished: projects
            .iter()
            .filter(|&&p| site.projects[p].planned_investment.is_none())
            .count(),
        projects: projects.len(),
        started: projects
            .iter()
            .filter(|&&p| site.projects[p].status != ProjectStatus::Planned)
            .count(),
        planned: format::money_wan(planned),
        invested: format::money_wan(invested),
        reported: projects
            .iter()
            .filter(|&&p| site.projects[p].invested_reported().is_some())
            .count(),
        late: projects
            .iter()
            .filter(|&&p| site.projects[p].overdue_milestones(site.settings.as_of) > 0)
            .count(),
        overdue: projects
            .iter()
            .filter(|&&p| site.projects[p].is_overdue(site.settings.as_of))
            .count(),
        over_budget: projects
            .iter()
            .filter(|&&p| site.projects[p].is_over_budget())
            .count(),
    }
}

#[derive(Serialize)]
struct MilestoneView<'a> {
    title: &'a str,
    due: String,
    done: Option<String>,
    state: &'static str,
    state_id: &'static str,
}

impl<'a> MilestoneView<'a> {
    fn new(m: &'a Milestone, as_of: Date) -> Self {
        let (state, state_id) = match m.done {
            Some(done) if done <= m.due.last_day() => ("按期完成", "done"),
            Some(_) => ("逾期完成", "done-late"),
            None if m.due.last_day() < as_of => ("逾期未完成", "overdue"),
            None => ("未到期", "pending"),
        };
        MilestoneView {
            title: &m.title,
            due: m.due.chinese(),
            done: m.done.map(|d| d.chinese()),
            state,
            state_id,
        }
    }
}
