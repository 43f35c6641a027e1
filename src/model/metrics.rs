//! Metrics: targets, readings, and what the data lets the site say about them (status and the
//! sentence that states it).

use super::{Provenance, Reading};
use crate::util::date::Date;
use crate::util::format;

/// Whether a metric improves upwards or downwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub const NAMES: &[&str] = &["higher", "lower"];
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "higher" => Self::Higher,
            "lower" => Self::Lower,
            _ => return None,
        })
    }
    /// The id used in data and downloads.
    pub fn id(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    /// How a reading compares with the target it must reach: 不低于 / 不高于.
    pub fn comparison(self) -> &'static str {
        match self {
            Self::Higher => "不低于",
            Self::Lower => "不高于",
        }
    }
}

/// A metric's standing against its target, computed from the data as of the reporting date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MetricStatus {
    Met,
    OnTrack,
    Behind,
    Missed,
    /// No observation yet.
    NoData,
}

impl MetricStatus {
    pub fn id(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::OnTrack => "on-track",
            Self::Behind => "behind",
            Self::Missed => "missed",
            Self::NoData => "no-data",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "已达标",
            Self::OnTrack => "进度正常",
            Self::Behind => "进度滞后",
            Self::Missed => "未达标",
            Self::NoData => "暂无数据",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub id: String,
    pub name: String,
    pub unit_label: String,
    pub direction: Direction,
    pub baseline: Option<Reading>,
    pub target_value: f64,
    pub deadline: Date,
    /// Sorted by date.
    pub observations: Vec<Reading>,
    pub summary: String,
    pub provenance: Provenance,
    pub status: MetricStatus,
}

impl Metric {
    /// Whether `value` reaches the target.
    pub fn meets(&self, value: f64) -> bool {
        match self.direction {
            Direction::Higher => value >= self.target_value,
            Direction::Lower => value <= self.target_value,
        }
    }

    /// Whether any number of this metric is illustrative.
    pub fn any_illustrative(&self) -> bool {
        self.provenance.illustrative
            || self
                .observations
                .iter()
                .chain(self.baseline.iter())
                .any(|r| r.provenance.illustrative)
    }

    /// The latest observation on or before `as_of`.
    pub fn latest_as_of(&self, as_of: Date) -> Option<&Reading> {
        self.observations.iter().rev().find(|o| o.date <= as_of)
    }

    /// The observations on or before `as_of`, oldest first.
    pub fn observations_as_of(&self, as_of: Date) -> &[Reading] {
        let shown = self.observations.partition_point(|o| o.date <= as_of);
        &self.observations[..shown]
    }

    /// Where progress is measured from: the baseline, else the first observation.
    pub fn start(&self) -> Option<Reading> {
        self.baseline.or_else(|| self.observations.first().copied())
    }

    /// The target as a clause: `目标为2022年12月31日前不低于90%`.
    pub fn goal(&self) -> String {
        format!(
            "目标为{}前{}{}",
            self.deadline.chinese(),
            self.direction.comparison(),
            format::with_unit(self.target_value, &self.unit_label)
        )
    }

    /// One sentence that states where the metric stands as of `as_of`, in words.
    pub fn status_sentence(&self, as_of: Date) -> String {
        let goal = self.goal();
        let Some(latest) = self.latest_as_of(as_of) else {
            return format!("{}暂无观测数据；{goal}。", self.name);
        };
        let now = format!(
            "截至{}，{}为{}",
            latest.date.chinese(),
            self.name,
            format::with_unit(latest.value, &self.unit_label)
        );
        let target = format::with_unit(self.target_value, &self.unit_label);
        let comparison = self.direction.comparison();
        match self.status {
            MetricStatus::Met => format!("{now}，已达到{comparison}{target}的目标（已达标）。"),
            MetricStatus::OnTrack => {
                format!("{now}；{goal}，按目前进度可望按期完成（进度正常）。")
            }
            MetricStatus::Behind => {
                format!("{now}；{goal}，目前进度落后于按期完成所需的进度（进度滞后）。")
            }
            MetricStatus::Missed => {
                format!("{now}；{goal}，截止日期已过，未达到目标（未达标）。")
            }
            MetricStatus::NoData => format!("{now}；{goal}。"),
        }
    }

    /// The status as of `as_of` (see README: met, on track, behind, missed).
    pub fn status_as_of(&self, as_of: Date) -> MetricStatus {
        let Some(latest) = self.latest_as_of(as_of) else {
            return if self.deadline.last_day() < as_of {
                MetricStatus::Missed
            } else {
                MetricStatus::NoData
            };
        };
        if self.meets(latest.value) {
            return MetricStatus::Met;
        }
        if self.deadline.last_day() < as_of {
            return MetricStatus::Missed;
        }
        let start = self.start().unwrap_or(*latest);
        let span =
            (self.deadline.last_day().days_since_epoch() - start.date.days_since_epoch()) as f64;
        let elapsed = (latest.date.days_since_epoch() - start.date.days_since_epoch()) as f64;
        let fraction = if span > 0.0 {
            (elapsed / span).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let expected = start.value + (self.target_value - start.value) * fraction;
        let on_track = match self.direction {
            Direction::Higher => latest.value >= expected - 1e-9,
            Direction::Lower => latest.value <= expected + 1e-9,
        };
        if on_track {
            MetricStatus::OnTrack
        } else {
            MetricStatus::Behind
        }
    }
}
