//! Projects: county, lead unit, money against plan, dates and milestones.

use crate::util::date::Date;
use crate::util::format;

use super::pos;
use super::{Refs, Validator};
use crate::load::Loaded;
use crate::load::records::*;
use crate::load::sheets::SheetFile;
use crate::model::*;

impl Validator<'_> {
    pub(super) fn project(
        &mut self,
        l: &Loaded<RawProject>,
        refs: &Refs,
        warning_factor: f64,
        sheet: Option<&SheetFile<RawInvestment>>,
    ) -> Project {
        let (file, r) = (&l.file, &l.record);
        let start_diags = self.diags.len();
        let (series_file, series) = self.series(file, &r.id, "invested", &r.invested, sheet);
        let place = self.project_place(file, r, refs);
        let lead_unit = r
            .lead_unit
            .as_ref()
            .and_then(|u| self.resolve(file, u, "units", refs.units));
        // The plan, when it is published and an amount (a negative one has its error already).
        let plan = r
            .planned_investment
            .as_ref()
            .filter(|planned| self.money(file, planned, "planned_investment"));
        let mut invested: Vec<(Date, f64)> = Vec::new();
        for i in series {
            let amount_ok = self.money(series_file, &i.amount, "the invested amount");
            // Compared only when both are amounts.
            if let Some(planned) = plan
                && amount_ok
                && i.amount.value > planned.value * warning_factor
            {
                self.warning(
                    series_file,
                    pos(&i.amount),
                    format!(
                        "{} 万元 invested is more than {} times the {} 万元 planned",
                        i.amount.value,
                        format::number(warning_factor, 2),
                        planned.value
                    ),
                    "amounts are cumulative and in 万元: check the unit (1 万元 = 10000 元, 1 亿元 = 10000 万元); if the figure is right, raise investment_warning_factor in data/site.yaml",
                );
            }
            if let Some(date) = self.date(series_file, &i.date, false, "date") {
                invested.push((date, i.amount.value));
            }
        }
        self.name_cells(start_diags, sheet);
        invested.sort_by_key(|x| x.0);
        let start = r
            .start
            .as_ref()
            .and_then(|d| self.date(file, d, false, "start"));
        let target = r
            .target
            .as_ref()
            .and_then(|d| self.date(file, d, false, "target"));
        if let (Some(s), Some(t), Some(raw_t)) = (start, target, &r.target)
            && t < s
        {
            self.error(
                file,
                pos(raw_t),
                format!("the target date {t} is before the start {s}"),
                "the planned completion comes after the start",
            );
        }
        let mut milestones = Vec::new();
        for m in &r.milestones {
            let due = self.date(file, &m.due, false, "due");
            let done = m
                .done
                .as_ref()
                .and_then(|d| self.date(file, d, false, "done"));
            if let Some(due) = due {
                milestones.push(Milestone {
                    title: m.title.clone(),
                    due,
                    done,
                });
            }
        }
        milestones.sort_by_key(|m| m.due);
        Project {
            id: r.id.value.clone(),
            name: r.name.clone(),
            place: place.unwrap_or(ProjectPlace::City),
            lead_unit,
            category: r.category.clone(),
            programme: self
                .enumerated(
                    file,
                    &r.programme,
                    "programme",
                    Programme::NAMES,
                    Programme::parse,
                )
                .unwrap_or(Programme::Key),
            planned_investment: r.planned_investment.as_ref().map(|p| p.value),
            invested,
            status: self
                .enumerated(
                    file,
                    &r.status,
                    "status",
                    ProjectStatus::NAMES,
                    ProjectStatus::parse,
                )
                .unwrap_or(ProjectStatus::Planned),
            start,
            target,
            milestones,
            provenance: Provenance {
                source: self.source_ref(file, &r.source, refs),
                illustrative: r.illustrative,
            },
            stories: vec![],
        }
    }

    /// Where a project is: exactly one of `county`, `counties` (two or more) or `scope: city`.
    fn project_place(
        &mut self,
        file: &std::path::Path,
        r: &RawProject,
        refs: &Refs,
    ) -> Option<ProjectPlace> {
        const HELP: &str = "write `county: <id>` for a project in one county, `counties: [<id>, <id>]` for one across several, or `scope: city` for the whole city";
        match (&r.county, &r.counties, &r.scope) {
            (Some(c), None, None) => self
                .resolve(file, c, "counties", refs.counties)
                .map(ProjectPlace::County),
            (None, Some(cs), None) => {
                if cs.value.len() < 2 {
                    self.error(
                        file,
                        pos(cs),
                        format!(
                            "counties names {} county; a project across counties names two or more",
                            cs.value.len()
                        ),
                        HELP,
                    );
                    return None;
                }
                let mut found = Vec::new();
                for c in &cs.value {
                    let ix = self.resolve(file, c, "counties", refs.counties)?;
                    if found.contains(&ix) {
                        self.error(
                            file,
                            pos(c),
                            format!("the county `{}` is named twice", c.value),
                            "name each county once",
                        );
                        return None;
                    }
                    found.push(ix);
                }
                Some(ProjectPlace::Counties(found))
            }
            (None, None, Some(s)) if s.value == "city" => Some(ProjectPlace::City),
            (None, None, Some(s)) => {
                self.error(
                    file,
                    pos(s),
                    format!("scope `{}` is not one of the known values", s.value),
                    "use `scope: city` for a project of the whole city",
                );
                None
            }
            (None, None, None) => {
                self.error(
                    file,
                    pos(&r.id),
                    "the project says nothing of where it is".to_string(),
                    HELP,
                );
                None
            }
            _ => {
                let at = r
                    .counties
                    .as_ref()
                    .map(pos)
                    .or(r.scope.as_ref().map(pos))
                    .unwrap_or_else(|| pos(&r.id));
                self.error(
                    file,
                    at,
                    "a project names only one of county, counties and scope".to_string(),
                    HELP,
                );
                None
            }
        }
    }
}
