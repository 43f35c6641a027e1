//! Five-zero posts: the unit they belong to, the date awarded, the five accounts.

use super::UNKNOWN_DATE;
use super::{Refs, Validator};
use crate::load::Loaded;
use crate::load::records::*;
use crate::model::*;

impl Validator<'_> {
    pub(super) fn post(&mut self, l: &Loaded<RawPost>, refs: &Refs, units: &[Unit]) -> Post {
        let (file, r) = (&l.file, &l.record);
        let unit = self.resolve(file, &r.unit, "units", refs.units);
        let z = &r.zeros;
        Post {
            id: r.id.value.clone(),
            name: r.name.clone(),
            unit: unit.unwrap_or(0),
            county: unit.and_then(|u| units.get(u)).and_then(|u| u.county),
            awarded: self
                .date(file, &r.awarded, true, "awarded")
                .unwrap_or(UNKNOWN_DATE),
            batch: r.batch.clone(),
            lead_name: r.lead.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            lead_title: r.lead.as_ref().map(|p| p.title.clone()).unwrap_or_default(),
            quote: r.quote.clone(),
            zeros: [
                z.zero_error.clone(),
                z.zero_delay.clone(),
                z.zero_distance.clone(),
                z.zero_froth.clone(),
                z.zero_tolerance.clone(),
            ],
            provenance: Provenance {
                source: self.source_ref(file, &r.source, refs),
                illustrative: r.illustrative,
            },
            stories: vec![],
        }
    }
}
