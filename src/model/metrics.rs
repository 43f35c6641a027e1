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

/// How often a metric is reported; a reading older than its rhythm allows is stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Frequency {
    #[default]
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

impl Frequency {
    pub const NAMES: &[&str] = &["monthly", "quarterly", "half-yearly", "yearly"];
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "monthly" => Self::Monthly,
            "quarterly" => Self::Quarterly,
            "half-yearly" => Self::HalfYearly,
            "yearly" => Self::Yearly,
            _ => return None,
        })
    }
    /// The id used in data and downloads.
    pub fn id(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    /// 按月 / 按季度 / 按半年 / 按年.
    pub fn label(self) -> &'static str {
        match self {
            Self::Monthly => "按月",
            Self::Quarterly => "按季度",
            Self::HalfYearly => "按半年",
            Self::Yearly => "按年",
        }
    }
    /// Months in one reporting period.
    pub fn months(self) -> i64 {
        match self {
            Self::Monthly => 1,
            Self::Quarterly => 3,
            Self::HalfYearly => 6,
            Self::Yearly => 12,
        }
    }
    /// The calendar period a date falls in (months counted from year 0, divided by the period).
    fn period(self, date: Date) -> i64 {
        (i64::from(date.year) * 12 + i64::from(date.month) - 1).div_euclid(self.months())
    }
    /// Whether a reading dated `reading` is stale at `as_of`: more than two whole periods lie
    /// between the reading's period and `as_of`'s (monthly: a January reading is still current in
    /// April, stale in May).
    pub fn is_stale(self, reading: Date, as_of: Date) -> bool {
        self.period(as_of) - self.period(reading) - 1 > 2
    }
}

/// A metric's standing against its target, computed from the data as of the reporting date, by
/// the first rule that applies (README, "Status"): met, missed, stale, too few points, on track
/// or behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MetricStatus {
    /// (a) The latest reading meets the target.
    Met,
    /// (e) The latest reading is at least where the straight line to the target puts it.
    OnTrack,
    /// (e) The latest reading is short of the straight line to the target.
    Behind,
    /// (b) The deadline has passed without the target met.
    Missed,
    /// (c) The latest reading is older than the metric's reporting rhythm allows.
    Stale,
    /// (b, d) No reading after the deadline, or fewer than two points before it.
    Insufficient,
}

impl MetricStatus {
    /// Every status, in the order tables and legends list them.
    pub const ALL: [MetricStatus; 6] = [
        Self::Met,
        Self::OnTrack,
        Self::Behind,
        Self::Missed,
        Self::Stale,
        Self::Insufficient,
    ];
    /// The id used in CSS classes, filters and downloads.
    pub fn id(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::OnTrack => "on-track",
            Self::Behind => "behind",
            Self::Missed => "missed",
            Self::Stale => "stale",
            Self::Insufficient => "insufficient",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "已达标",
            Self::OnTrack => "进度正常",
            Self::Behind => "进度滞后",
            Self::Missed => "未达标",
            Self::Stale => "数据未更新",
            Self::Insufficient => "数据不足",
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
    /// How often the metric is reported (`monthly` unless the data says otherwise).
    pub frequency: Frequency,
    /// The status as of the site's reporting date (see [`Metric::status_as_of`]).
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

    /// Every reading a status rests on: the baseline and the observations dated on or before
    /// `as_of`, oldest first (an observation after the baseline on the same day).
    pub fn readings_as_of(&self, as_of: Date) -> Vec<Reading> {
        self.baseline
            .iter()
            .filter(|b| b.date <= as_of)
            .chain(self.observations_as_of(as_of))
            .copied()
            .collect()
    }

    /// The latest reading on or before `as_of`, the baseline included.
    pub fn latest_reading(&self, as_of: Date) -> Option<Reading> {
        self.readings_as_of(as_of).last().copied()
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

    /// The value the straight line from the start to the target at the deadline gives at `date`.
    fn expected_at(&self, start: Reading, date: Date) -> f64 {
        let span =
            (self.deadline.last_day().days_since_epoch() - start.date.days_since_epoch()) as f64;
        let elapsed = (date.days_since_epoch() - start.date.days_since_epoch()) as f64;
        let fraction = if span > 0.0 {
            (elapsed / span).clamp(0.0, 1.0)
        } else {
            1.0
        };
        start.value + (self.target_value - start.value) * fraction
    }

    /// What the status says after the figures, without the figures: `已达到目标（已达标）`,
    /// `最新数据距报告日期已17个月，无法判断目前进度（数据未更新）`. Shared by the status sentence and
    /// the chart description, so both say the same.
    pub fn status_clause(&self, as_of: Date) -> String {
        let label = self.status.label();
        let v = |x: f64| format::with_unit(x, &self.unit_label);
        let readings = self.readings_as_of(as_of);
        match self.status {
            MetricStatus::Met => format!("已达到目标（{label}）"),
            MetricStatus::Missed => format!("截止日期已过，未达到目标（{label}）"),
            MetricStatus::Stale => {
                let age = readings
                    .last()
                    .map(|r| months_between(r.date, as_of))
                    .unwrap_or_default();
                format!(
                    "最新数据距报告日期{}已{age}个月，超过{}报送允许的间隔，无法判断目前进度（{label}）",
                    as_of.chinese(),
                    self.frequency.label()
                )
            }
            MetricStatus::Insufficient if readings.is_empty() => {
                format!(
                    "报告日期{}前没有任何数据，无法判断进度（{label}）",
                    as_of.chinese()
                )
            }
            MetricStatus::Insufficient if self.deadline.last_day() < as_of => {
                format!("截止日期已过，没有数据可判断是否达标（{label}）")
            }
            MetricStatus::Insufficient => {
                format!("只有一个时点的数据，尚不足以判断进度（{label}）")
            }
            MetricStatus::OnTrack | MetricStatus::Behind => {
                let (Some(start), Some(latest)) = (readings.first(), readings.last()) else {
                    return format!("（{label}）");
                };
                let expected = v(self.expected_at(*start, latest.date));
                if self.status == MetricStatus::OnTrack {
                    format!(
                        "按从起点到目标的直线进度，此时应为{expected}，目前不落后于这一进度（{label}）"
                    )
                } else {
                    format!(
                        "按从起点到目标的直线进度，此时应为{expected}，目前落后于这一进度（{label}）"
                    )
                }
            }
        }
    }

    /// One sentence that states where the metric stands as of `as_of`, in words. It never
    /// promises completion: it says where the latest reading stands against the straight line to
    /// the target, and says when the data cannot tell.
    pub fn status_sentence(&self, as_of: Date) -> String {
        let goal = self.goal();
        let clause = self.status_clause(as_of);
        let Some(latest) = self.latest_reading(as_of) else {
            return format!("{}暂无数据；{goal}；{clause}。", self.name);
        };
        format!(
            "截至{}，{}为{}；{goal}；{clause}。",
            latest.date.chinese(),
            self.name,
            format::with_unit(latest.value, &self.unit_label)
        )
    }

    /// The status as of `as_of`: the first rule that applies (README, "Status").
    pub fn status_as_of(&self, as_of: Date) -> MetricStatus {
        let readings = self.readings_as_of(as_of);
        let deadline_passed = self.deadline.last_day() < as_of;
        let Some(latest) = readings.last() else {
            // (b) and (d) alike: nothing to go on.
            return MetricStatus::Insufficient;
        };
        // (a)
        if self.meets(latest.value) {
            return MetricStatus::Met;
        }
        // (b)
        if deadline_passed {
            return MetricStatus::Missed;
        }
        // (c)
        if self.frequency.is_stale(latest.date, as_of) {
            return MetricStatus::Stale;
        }
        // (d): points on distinct dates; a baseline repeated as an observation is one point.
        let start = readings[0];
        if latest.date == start.date {
            return MetricStatus::Insufficient;
        }
        // (e)
        let expected = self.expected_at(start, latest.date);
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

/// Whole calendar months from `from` to `to` (0 within the same month).
pub fn months_between(from: Date, to: Date) -> i64 {
    (i64::from(to.year) * 12 + i64::from(to.month))
        - (i64::from(from.year) * 12 + i64::from(from.month))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s, false).unwrap()
    }

    fn r(date: &str, value: f64) -> Reading {
        Reading {
            date: d(date),
            value,
            provenance: Provenance::default(),
        }
    }

    /// 0 → 100 over 2022 (higher is better), baseline on 2022-01-01, monthly.
    fn metric(baseline: Option<Reading>, observations: Vec<Reading>) -> Metric {
        Metric {
            id: "m".into(),
            name: "指标".into(),
            unit_label: "%".into(),
            direction: Direction::Higher,
            baseline,
            target_value: 100.0,
            deadline: d("2022-12-31"),
            observations,
            summary: String::new(),
            provenance: Provenance::default(),
            frequency: Frequency::Monthly,
            status: MetricStatus::Insufficient,
        }
    }

    fn status(m: &Metric, as_of: &str) -> MetricStatus {
        m.status_as_of(d(as_of))
    }

    #[test]
    fn a_met_when_the_latest_reading_meets_the_target() {
        let m = metric(Some(r("2022-01-01", 0.0)), vec![r("2022-06-30", 100.0)]);
        assert_eq!(status(&m, "2022-07-15"), MetricStatus::Met);
        // Met stays met after the deadline (rule a comes before b).
        assert_eq!(status(&m, "2023-03-01"), MetricStatus::Met);
    }

    #[test]
    fn b_missed_after_the_deadline_and_insufficient_without_a_reading() {
        let m = metric(Some(r("2022-01-01", 0.0)), vec![r("2022-12-15", 90.0)]);
        assert_eq!(status(&m, "2023-01-01"), MetricStatus::Missed);
        // A single reading (only the baseline) is enough to say the target was missed.
        let only_baseline = metric(Some(r("2022-01-01", 0.0)), vec![]);
        assert_eq!(status(&only_baseline, "2023-01-01"), MetricStatus::Missed);
        let nothing = metric(None, vec![]);
        assert_eq!(status(&nothing, "2023-01-01"), MetricStatus::Insufficient);
    }

    #[test]
    fn c_stale_when_more_than_two_whole_periods_lie_between() {
        let m = metric(Some(r("2022-01-01", 0.0)), vec![r("2022-03-31", 30.0)]);
        // March reading: April and May lie between it and June — two periods, still current.
        assert_eq!(status(&m, "2022-06-30"), MetricStatus::OnTrack);
        // April, May, June lie between it and July: stale.
        assert_eq!(status(&m, "2022-07-01"), MetricStatus::Stale);
        let sentence = m_with_status(&m, "2022-07-01").status_sentence(d("2022-07-01"));
        assert!(sentence.contains("已4个月"), "{sentence}");
        assert!(sentence.contains("数据未更新"), "{sentence}");
        // Quarterly: a Q1 reading is current through Q4 (Q2, Q3 between), stale in the next Q1.
        let mut q = m.clone();
        q.frequency = Frequency::Quarterly;
        assert_eq!(status(&q, "2022-12-31"), MetricStatus::OnTrack);
        let mut y = metric(Some(r("2020-01-01", 0.0)), vec![r("2020-06-30", 10.0)]);
        y.deadline = d("2025-12-31");
        y.frequency = Frequency::Yearly;
        assert_eq!(status(&y, "2023-12-31"), MetricStatus::OnTrack);
        assert_eq!(status(&y, "2024-01-01"), MetricStatus::Stale);
        let mut h = y.clone();
        h.frequency = Frequency::HalfYearly;
        assert_eq!(status(&h, "2021-12-31"), MetricStatus::OnTrack);
        assert_eq!(status(&h, "2022-01-01"), MetricStatus::Stale);
    }

    #[test]
    fn d_insufficient_with_fewer_than_two_points() {
        let single = metric(None, vec![r("2022-03-31", 40.0)]);
        assert_eq!(status(&single, "2022-04-30"), MetricStatus::Insufficient);
        let baseline_only = metric(Some(r("2022-03-31", 40.0)), vec![]);
        assert_eq!(
            status(&baseline_only, "2022-04-30"),
            MetricStatus::Insufficient
        );
        // A baseline repeated as an observation on the same day is one point.
        let repeated = metric(Some(r("2022-03-31", 40.0)), vec![r("2022-03-31", 40.0)]);
        assert_eq!(status(&repeated, "2022-04-30"), MetricStatus::Insufficient);
        let s = m_with_status(&single, "2022-04-30").status_sentence(d("2022-04-30"));
        assert!(!s.contains("可望"), "{s}");
        assert!(s.contains("数据不足"), "{s}");
    }

    #[test]
    fn e_on_track_or_behind_against_the_straight_line() {
        // Halfway through the year the line stands near 50.
        let on = metric(Some(r("2022-01-01", 0.0)), vec![r("2022-07-02", 55.0)]);
        assert_eq!(status(&on, "2022-07-31"), MetricStatus::OnTrack);
        let behind = metric(Some(r("2022-01-01", 0.0)), vec![r("2022-07-02", 45.0)]);
        assert_eq!(status(&behind, "2022-07-31"), MetricStatus::Behind);
        // Without a baseline the first reading is the start.
        let no_baseline = metric(None, vec![r("2022-01-01", 0.0), r("2022-07-02", 45.0)]);
        assert_eq!(status(&no_baseline, "2022-07-31"), MetricStatus::Behind);
    }

    #[test]
    fn lower_is_better_mirrors_every_row() {
        let lower = |baseline: f64, obs: Vec<Reading>| {
            let mut m = metric(Some(r("2022-01-01", baseline)), obs);
            m.direction = Direction::Lower;
            m.target_value = 0.0;
            m
        };
        assert_eq!(
            status(&lower(100.0, vec![r("2022-07-02", 45.0)]), "2022-07-31"),
            MetricStatus::OnTrack
        );
        assert_eq!(
            status(&lower(100.0, vec![r("2022-07-02", 55.0)]), "2022-07-31"),
            MetricStatus::Behind
        );
        assert_eq!(
            status(&lower(100.0, vec![r("2022-07-02", 0.0)]), "2022-07-31"),
            MetricStatus::Met
        );
        assert_eq!(
            status(&lower(100.0, vec![r("2022-12-02", 5.0)]), "2023-01-31"),
            MetricStatus::Missed
        );
        assert_eq!(
            status(&lower(100.0, vec![r("2022-02-02", 80.0)]), "2022-07-31"),
            MetricStatus::Stale
        );
    }

    #[test]
    fn readings_after_as_of_are_left_out() {
        // as_of before the first reading: nothing to go on.
        let m = metric(Some(r("2022-03-01", 0.0)), vec![r("2022-06-30", 100.0)]);
        assert_eq!(status(&m, "2022-02-01"), MetricStatus::Insufficient);
        // The met reading lies after as_of: only the baseline counts.
        assert_eq!(status(&m, "2022-04-01"), MetricStatus::Insufficient);
        let s = m_with_status(&m, "2022-02-01").status_sentence(d("2022-02-01"));
        assert!(s.contains("没有任何数据"), "{s}");
    }

    #[test]
    fn on_the_deadline_the_deadline_has_not_passed() {
        let m = metric(Some(r("2022-01-01", 0.0)), vec![r("2022-12-31", 99.0)]);
        // On the deadline the line stands at the target: 99 of 100 is behind, not yet missed.
        assert_eq!(status(&m, "2022-12-31"), MetricStatus::Behind);
        assert_eq!(status(&m, "2023-01-01"), MetricStatus::Missed);
    }

    #[test]
    fn no_sentence_promises_completion() {
        let on = metric(Some(r("2022-01-01", 0.0)), vec![r("2022-07-02", 55.0)]);
        let s = m_with_status(&on, "2022-07-31").status_sentence(d("2022-07-31"));
        assert!(!s.contains("可望") && !s.contains("按期完成"), "{s}");
        assert!(s.contains("此时应为"), "{s}");
    }

    #[test]
    fn the_readme_worked_example_holds() {
        let mut m = metric(
            Some(r("2022-01-31", 62.0)),
            vec![r("2022-01-31", 62.0), r("2022-08-31", 84.0)],
        );
        m.target_value = 90.0;
        let expected = m.expected_at(r("2022-01-31", 62.0), d("2022-08-31"));
        assert_eq!(format::number(expected, 1), "79.8");
        assert_eq!(status(&m, "2022-09-30"), MetricStatus::OnTrack);
        assert_eq!(status(&m, "2022-12-01"), MetricStatus::Stale);
        let s = m_with_status(&m, "2022-12-01").status_sentence(d("2022-12-01"));
        assert!(s.contains("已4个月"), "{s}");
        assert_eq!(status(&m, "2023-01-15"), MetricStatus::Missed);
        let only_baseline = metric(Some(r("2022-01-31", 62.0)), vec![]);
        assert_eq!(
            status(&only_baseline, "2022-04-30"),
            MetricStatus::Insufficient
        );
        assert_eq!(status(&only_baseline, "2022-05-01"), MetricStatus::Stale);
    }

    fn m_with_status(m: &Metric, as_of: &str) -> Metric {
        let mut m = m.clone();
        m.status = m.status_as_of(d(as_of));
        m
    }
}
