//! Metrics: direction, baseline, target and deadline, observations; the status as of the
//! reporting date.

use crate::util::date::Date;

use super::{Refs, Validator};
use super::{UNKNOWN_DATE, pos};
use crate::load::Loaded;
use crate::load::records::*;
use crate::model::*;

impl Validator<'_> {
    pub(super) fn metric(
        &mut self,
        l: &Loaded<RawMetric>,
        refs: &Refs,
        as_of: Option<Date>,
    ) -> Metric {
        let (file, r) = (&l.file, &l.record);
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
        let observations = self.readings(file, &r.observations, percent, refs, "observation");
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
            let at = r
                .observations
                .iter()
                .map(|o| pos(&o.date))
                .min()
                .unwrap_or_default();
            self.error(file, at, format!("an observation ({}) is dated before the baseline ({})", first.date, b.date), "observations follow the baseline; move the baseline earlier or drop the observation");
        }
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
}
