//! Projects: county, lead unit, money against plan, dates and milestones.

use crate::diagnostics::Diagnostic;
use crate::util::date::Date;

use super::pos;
use super::{Refs, Validator};
use crate::load::Loaded;
use crate::load::records::*;
use crate::model::*;

impl Validator<'_> {
    pub(super) fn project(&mut self, l: &Loaded<RawProject>, refs: &Refs) -> Project {
        let (file, r) = (&l.file, &l.record);
        let county = self.resolve(file, &r.county, "counties", refs.counties);
        let lead_unit = r
            .lead_unit
            .as_ref()
            .and_then(|u| self.resolve(file, u, "units", refs.units));
        let plan_ok = self.money(file, &r.planned_investment, "planned_investment");
        let mut invested: Vec<(Date, f64)> = Vec::new();
        for i in &r.invested {
            let amount_ok = self.money(file, &i.amount, "the invested amount");
            // Compared only when both are amounts: a negative one has its own error already.
            if plan_ok && amount_ok && i.amount.value > r.planned_investment.value * 1.5 {
                self.diags.push(
                    Diagnostic::error(
                        file,
                        pos(&i.amount),
                        format!(
                            "{} 万元 invested is far above the {} 万元 planned",
                            i.amount.value, r.planned_investment.value
                        ),
                    )
                    .with_help(
                        "amounts are cumulative and in 万元: check the unit (亿元 = 10000 万元)",
                    ),
                );
            }
            if let Some(date) = self.date(file, &i.date, false, "date") {
                invested.push((date, i.amount.value));
            }
        }
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
            county: county.unwrap_or(0),
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
            planned_investment: r.planned_investment.value,
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
}
