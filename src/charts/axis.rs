//! Axis helpers: "nice" value ticks and month ticks labelled the Chinese way (`2022年1月`, `3月`).

use crate::util::date::Date;

/// Ticks from `lo` to `hi` (inclusive) at a 1, 2, 2.5 or 5 × 10ⁿ step, about `count` of them.
/// The returned range starts at or below `lo` and ends at or above `hi`.
pub fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    let span = if hi - lo > f64::EPSILON {
        hi - lo
    } else {
        hi.abs().max(1.0)
    };
    let raw = span / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor() * step;
    let mut ticks = Vec::new();
    let mut v = first;
    while v < hi + step * 0.5 && ticks.len() < 50 {
        // Snap away floating error so labels read 0.3, not 0.30000000000000004.
        ticks.push((v / step).round() * step);
        v += step;
    }
    if ticks.last().is_some_and(|t| *t < hi) {
        ticks.push(ticks.last().copied().unwrap_or(0.0) + step);
    }
    ticks
}

/// Ticks for counts from 0: whole numbers only (never 2.5 projects).
pub fn count_ticks(max: f64, count: usize) -> Vec<f64> {
    let ticks = nice_ticks(0.0, max.max(1.0), count);
    if ticks.iter().all(|t| t.fract() == 0.0) {
        return ticks;
    }
    let step = (ticks.get(1).copied().unwrap_or(1.0) - ticks[0])
        .ceil()
        .max(1.0);
    let mut out = vec![0.0];
    while out.last().is_some_and(|&t| t < max) && out.len() < 50 {
        out.push(out.len() as f64 * step);
    }
    if out.len() == 1 {
        out.push(step);
    }
    out
}

/// First days of months from `start` to `end`, every `step` months so that at most `max_labels`
/// show, each with its label: the year on the first tick and on every January, else only the month.
pub fn month_ticks(start: Date, end: Date, max_labels: usize) -> Vec<(Date, String)> {
    let index = |d: Date| d.year as i64 * 12 + d.month as i64 - 1;
    let (first, last) = (index(start), index(end));
    if last < first {
        return Vec::new();
    }
    let months = (last - first + 1) as usize;
    let step = months.div_ceil(max_labels.max(1)).max(1);
    let step = [1, 2, 3, 6, 12, 24, 60]
        .into_iter()
        .find(|s| *s >= step)
        .unwrap_or(step);
    let mut out: Vec<(Date, String)> = Vec::new();
    if step >= 12 {
        // Years apart: one tick per January, labelled with the year alone.
        let mut year = (first + 11).div_euclid(12) as i32;
        while (year as i64) * 12 <= last {
            out.push((
                Date {
                    year,
                    month: 1,
                    day: Some(1),
                },
                format!("{year}年"),
            ));
            year += (step / 12) as i32;
        }
        return out;
    }
    let mut i = first;
    while i <= last {
        let date = Date {
            year: i.div_euclid(12) as i32,
            month: (i.rem_euclid(12) + 1) as u8,
            day: Some(1),
        };
        let label = if out.is_empty() || date.month == 1 {
            date.chinese_month()
        } else {
            format!("{}月", date.month)
        };
        out.push((date, label));
        i += step as i64;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers_covering_the_range() {
        assert_eq!(
            nice_ticks(0.0, 90.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(0.0, 3.0, 3), vec![0.0, 1.0, 2.0, 3.0]);
        let flat = nice_ticks(5.0, 5.0, 4);
        assert!(flat[0] <= 5.0 && *flat.last().unwrap() >= 5.0 && flat.len() > 1);
    }

    #[test]
    fn month_ticks_show_the_year_once_and_each_january() {
        let start = Date::parse("2022-01-31", false).unwrap();
        let end = Date::parse("2023-03-31", false).unwrap();
        let labels: Vec<String> = month_ticks(start, end, 8)
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(
            labels,
            [
                "2022年1月",
                "3月",
                "5月",
                "7月",
                "9月",
                "11月",
                "2023年1月",
                "3月"
            ]
        );
        let start = Date::parse("2022-03-01", false).unwrap();
        let end = Date::parse("2025-12-31", false).unwrap();
        let labels: Vec<String> = month_ticks(start, end, 4)
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(labels, ["2023年", "2024年", "2025年"]);
    }
}
