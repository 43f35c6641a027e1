//! Counties, units (honours, four-colour ratings, satisfaction readings) and dated readings.

use std::path::Path;

use super::{Refs, Validator, pos};
use crate::load::Loaded;
use crate::load::records::*;
use crate::model::*;

impl Validator<'_> {
    pub(super) fn county(&mut self, l: &Loaded<RawCounty>) -> County {
        let r = &l.record;
        County {
            id: r.id.value.clone(),
            name: r.name.clone(),
            kind: self
                .enumerated(
                    &l.file,
                    &r.kind,
                    "kind",
                    CountyKind::NAMES,
                    CountyKind::parse,
                )
                .unwrap_or(CountyKind::County),
            units: vec![],
            posts: vec![],
            projects: vec![],
            stories: vec![],
        }
    }

    pub(super) fn unit(&mut self, l: &Loaded<RawUnit>, refs: &Refs) -> Unit {
        let (file, r) = (&l.file, &l.record);
        let county = r
            .county
            .as_ref()
            .and_then(|c| self.resolve(file, c, "counties", refs.counties));
        let provenance = Provenance {
            source: self.source_ref(file, &r.source, refs),
            illustrative: r.illustrative,
        };
        let mut honours: Vec<Honour> = r
            .honours
            .iter()
            .map(|h| Honour {
                title: h.title.clone(),
                year: self.year(file, &h.year),
                batch: h.batch.clone(),
                provenance: Provenance {
                    source: self.source_ref(file, &h.source, refs),
                    illustrative: h.illustrative,
                },
            })
            .collect();
        honours.sort_by_key(|h| h.year);
        let mut ratings: Vec<Rating> = Vec::new();
        for rating in &r.ratings {
            let year = self.year(file, &rating.year);
            if ratings.iter().any(|x| x.year == year) {
                self.error(
                    file,
                    pos(&rating.year),
                    format!("a second rating for {year}"),
                    "a unit has one four-colour rating a year",
                );
            }
            let colour =
                self.enumerated(file, &rating.colour, "colour", Colour::NAMES, Colour::parse);
            let provenance = Provenance {
                source: self.source_ref(file, &rating.source, refs),
                illustrative: rating.illustrative,
            };
            if let Some(colour) = colour {
                ratings.push(Rating {
                    year,
                    colour,
                    provenance,
                });
            }
        }
        ratings.sort_by_key(|r| r.year);
        let satisfaction = self.readings(file, &r.satisfaction, true, refs, "satisfaction");
        Unit {
            id: r.id.value.clone(),
            name: r.name.clone(),
            kind: self
                .enumerated(file, &r.kind, "kind", UnitKind::NAMES, UnitKind::parse)
                .unwrap_or(UnitKind::Other),
            county,
            pilot: r.pilot,
            summary: r.summary.clone(),
            provenance,
            honours,
            ratings,
            satisfaction,
            posts: vec![],
            projects_led: vec![],
            stories: vec![],
        }
    }

    pub(super) fn readings(
        &mut self,
        file: &Path,
        raw: &[RawReading],
        percent: bool,
        refs: &Refs,
        what: &str,
    ) -> Vec<Reading> {
        let mut readings: Vec<Reading> = Vec::new();
        for r in raw {
            self.percent_or_finite(file, &r.value, percent, what);
            let Some(date) = self.date(file, &r.date, false, "date") else {
                continue;
            };
            if readings.iter().any(|x| x.date == date) {
                self.error(
                    file,
                    pos(&r.date),
                    format!("two {what} values for {date}"),
                    "keep one value per date",
                );
            }
            readings.push(Reading {
                date,
                value: r.value.value,
                provenance: Provenance {
                    source: self.source_ref(file, &r.source, refs),
                    illustrative: r.illustrative,
                },
            });
        }
        readings.sort_by_key(|r| r.date);
        readings
    }
}
