//! Sources, actions, timeline events and campaign facts.

use super::{Refs, Validator};
use super::{UNKNOWN_DATE, pos};
use crate::load::Loaded;
use crate::load::records::*;
use crate::model::*;

impl Validator<'_> {
    /// The `approximate:` list of a record: each name must be one of `allowed`.
    pub(super) fn approximate(
        &mut self,
        file: &std::path::Path,
        names: &[serde_saphyr::Spanned<String>],
        allowed: &[&str],
    ) -> Approximate {
        let mut approximate = Approximate::default();
        for name in names {
            if !allowed.contains(&name.value.as_str()) || !approximate.set(&name.value) {
                self.error(
                    file,
                    pos(name),
                    format!("`{}` cannot be marked approximate here", name.value),
                    format!(
                        "list the approximate fields among: {} (e.g. `approximate: [{}]`)",
                        allowed.join(", "),
                        allowed.join(", ")
                    ),
                );
            }
        }
        approximate
    }

    pub(super) fn source(&mut self, l: &Loaded<RawSource>) -> Source {
        let r = &l.record;
        if let Some(url) = &r.url
            && !(url.value.starts_with("https://") || url.value.starts_with("http://"))
        {
            self.error(
                &l.file,
                pos(url),
                format!("`{}` is not an http(s) address", url.value),
                "write the full address, starting with https://",
            );
        }
        Source {
            id: r.id.value.clone(),
            title: r.title.clone(),
            publisher: r.publisher.clone(),
            date: self
                .date(&l.file, &r.date, true, "date")
                .unwrap_or(UNKNOWN_DATE),
            url: r.url.as_ref().map(|u| u.value.clone()),
            approximate: self.approximate(&l.file, &r.approximate, Approximate::FIELDS),
            byline: r.byline.clone(),
        }
    }

    pub(super) fn action(&mut self, l: &Loaded<RawAction>, refs: &Refs) -> Action {
        let (file, r) = (&l.file, &l.record);
        Action {
            id: r.id.value.clone(),
            order: r.order.value,
            name: r.name.clone(),
            summary: r.summary.clone(),
            launched: r
                .launched
                .as_ref()
                .and_then(|d| self.date(file, d, true, "launched")),
            source: self.source_ref(file, &r.source, refs),
        }
    }

    pub(super) fn event(&mut self, l: &Loaded<RawEvent>, refs: &Refs) -> Event {
        let (file, r) = (&l.file, &l.record);
        Event {
            id: r.id.value.clone(),
            date: self
                .date(file, &r.date, true, "date")
                .unwrap_or(UNKNOWN_DATE),
            title: r.title.clone(),
            summary: r.summary.clone(),
            source: self.source_ref(file, &r.source, refs),
            approximate: self.approximate(file, &r.approximate, &["date"]),
        }
    }

    pub(super) fn fact(&mut self, l: &Loaded<RawFact>, refs: &Refs) -> Fact {
        let (file, r) = (&l.file, &l.record);
        self.percent_or_finite(file, &r.value, r.unit_label.trim() == "%", "value");
        Fact {
            id: r.id.value.clone(),
            label: r.label.clone(),
            value: r.value.value,
            unit_label: r.unit_label.clone(),
            date: self
                .date(file, &r.date, true, "date")
                .unwrap_or(UNKNOWN_DATE),
            headline: r.headline,
            note: r.note.clone(),
            quote: r.quote.clone(),
            provenance: Provenance {
                source: self.source_ref(file, &r.source, refs),
                illustrative: r.illustrative,
            },
        }
    }
}
