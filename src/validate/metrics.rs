//! Metrics: direction, baseline, target and deadline, observations; the status as of the
//! reporting date.

use crate::util::date::Date;
use crate::util::format;

use super::{Refs, Validator};
use super::{UNKNOWN_DATE, pos};
use crate::load::Loaded;
use crate::load::records::*;
use crate::load::sheets::SheetFile;
use crate::model::*;

impl Validator<'_> {
    pub(super) fn metric(
        &mut self,
        l: &Loaded<RawMetric>,
        refs: &Refs,
        as_of: Option<Date>,
        sheet: Option<&SheetFile<RawReading>>,
    ) -> Metric {
        let (file, r) = (&l.file, &l.record);
        let start_diags = self.diags.len();
        let observed = self.series(file, &r.id, "observations", &r.observations, sheet);
        let percent = r.unit_label.trim() == "%";
        let direction = self
            .enumerated(
                file,
                &r.direction,
                "direction",
                &["higher", "lower"],
                |s| match s {
                    "higher" => Some(Direction::Higher),
                    "lower" => Some(Direction::Lower),
                    _ => None,
                },
            )
            .unwrap_or(Direction::Higher);
        let frequency = r
            .frequency
            .as_ref()
            .and_then(|f| self.enumerated(file, f, "frequency", Frequency::NAMES, Frequency::parse))
            .unwrap_or_default();
        self.percent_or_finite(file, &r.target.value, percent, "the target");
        let deadline = self.date(file, &r.target.deadline, false, "deadline");
        let baseline = r.baseline.as_ref().and_then(|b| {
            self.readings(file, std::slice::from_ref(b), percent, refs, "baseline")
                .pop()
        });
        let observations = self.readings(observed.0, observed.1, percent, refs, "observation");
        if let (Some(deadline), Some(b)) = (deadline, &baseline)
            && b.date > deadline
        {
            let at = r
                .baseline
                .as_ref()
                .map(|b| pos(&b.date))
                .unwrap_or_default();
            self.error(
                file,
                at,
                format!(
                    "the baseline ({}) is after the deadline ({deadline})",
                    b.date
                ),
                "the baseline is the starting point, before the deadline",
            );
        }
        if let (Some(b), Some(first)) = (&baseline, observations.first())
            && first.date < b.date
        {
            let at = observed
                .1
                .iter()
                .map(|o| pos(&o.date))
                .min()
                .unwrap_or_default();
            self.error(observed.0, at, format!("an observation ({}) is dated before the baseline ({})", first.date, b.date), "observations follow the baseline; move the baseline earlier or drop the observation");
        }
        self.contradictions((file, r), observed, baseline.as_ref(), direction, as_of);
        self.name_cells(start_diags, sheet);
        let mut metric = Metric {
            id: r.id.value.clone(),
            name: r.name.clone(),
            unit_label: r.unit_label.clone(),
            direction,
            baseline,
            target_value: r.target.value.value,
            deadline: deadline.unwrap_or(UNKNOWN_DATE),
            observations,
            summary: r.summary.clone(),
            provenance: Provenance {
                source: self.source_ref(file, &r.source, refs),
                illustrative: r.illustrative,
            },
            frequency,
            status: MetricStatus::Insufficient,
        };
        if let Some(as_of) = as_of {
            metric.status = metric.status_as_of(as_of);
        }
        metric
    }

    /// Warnings for data that contradicts itself or that a status will leave out: a baseline and
    /// an observation on one day with different values, an observation after the reporting date,
    /// a target the baseline already meets.
    fn contradictions(
        &mut self,
        file_and_raw: (&std::path::Path, &RawMetric),
        observed: (&std::path::Path, &[RawReading]),
        baseline: Option<&Reading>,
        direction: Direction,
        as_of: Option<Date>,
    ) {
        let (file, r) = file_and_raw;
        if let (Some(b), Some(raw_b)) = (baseline, r.baseline.as_ref()) {
            for o in observed.1 {
                if Date::parse(&o.date.value, false) == Ok(b.date)
                    && (o.value.value - b.value).abs() > 1e-9
                {
                    self.warning(
                        observed.0,
                        pos(&o.value),
                        format!(
                            "the observation of {} ({}) differs from the baseline on the same day ({})",
                            b.date,
                            format::number(o.value.value, 6),
                            format::number(b.value, 6)
                        ),
                        "a baseline and an observation of the same day are the same reading: make them equal, or drop the observation",
                    );
                }
            }
            let met = match direction {
                Direction::Higher => b.value >= r.target.value.value,
                Direction::Lower => b.value <= r.target.value.value,
            };
            if met {
                self.warning(
                    file,
                    pos(&raw_b.value),
                    format!(
                        "the baseline ({}) already meets the target ({} {})",
                        format::number(b.value, 6),
                        direction.comparison(),
                        format::number(r.target.value.value, 6)
                    ),
                    "check the target's value and the direction (higher or lower is better): a target met before the work began says nothing",
                );
            }
        }
        if let Some(as_of) = as_of {
            for o in observed.1 {
                if let Ok(date) = Date::parse(&o.date.value, false)
                    && date > as_of
                {
                    self.warning(
                        observed.0,
                        pos(&o.date),
                        format!("the observation of {date} is dated after the reporting date ({as_of}) and is left out of the status"),
                        "move as_of in data/site.yaml (or --as-of) forward, or check the observation's date",
                    );
                }
            }
        }
    }
}
