//! A metric's figures as tidy rows: one row per fact (baseline, observation, target), each with its
//! own provenance, for every download (the dataset's `metrics.csv` and each metric chart's CSV), so
//! a spreadsheet filter on the kind gives a series and no fact is listed twice.

use super::{Metric, Reading};
use crate::util::date::Date;

/// What a row of a metric's figures is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingKind {
    Baseline,
    Observation,
    Target,
}

impl ReadingKind {
    /// The `类型` cell: 基线 / 观测 / 目标.
    pub fn label(self) -> &'static str {
        match self {
            Self::Baseline => "基线",
            Self::Observation => "观测",
            Self::Target => "目标",
        }
    }
}

impl Metric {
    /// The baseline, the observations (up to `until`, when given) and the target, oldest first
    /// within each kind. An observation that repeats the baseline (same date and value) is the same
    /// fact and is left out. The target row carries the metric's own provenance and its deadline.
    pub fn tidy_readings(&self, until: Option<Date>) -> Vec<(ReadingKind, Reading)> {
        let mut rows = Vec::with_capacity(self.observations.len() + 2);
        if let Some(b) = self.baseline {
            rows.push((ReadingKind::Baseline, b));
        }
        let observations = match until {
            Some(d) => self.observations_as_of(d),
            None => &self.observations,
        };
        rows.extend(
            observations
                .iter()
                .filter(|o| {
                    self.baseline
                        .is_none_or(|b| !(b.date == o.date && b.value == o.value))
                })
                .map(|&o| (ReadingKind::Observation, o)),
        );
        rows.push((
            ReadingKind::Target,
            Reading {
                date: self.deadline,
                value: self.target_value,
                provenance: self.provenance,
            },
        ));
        rows
    }
}
