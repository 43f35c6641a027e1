//! The period one publication reports on: what is "new" in a brief.
//!
//! A publication covers the days after the previous publication's reporting date up to its own;
//! without a previous one (no history of publications is known), the calendar month of its
//! reporting date. Which publication came before is decided outside (from the history of
//! publications); this module only turns the two dates into a span.

use crate::util::date::Date;

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: Date,
    pub last: Date,
}

impl Period {
    /// The period of a publication as of `as_of`: from the day after `previous_as_of`, or else
    /// from the first day of `as_of`'s month.
    pub fn of_publication(as_of: Date, previous_as_of: Option<Date>) -> Period {
        let last = as_of.last_day();
        let first = match previous_as_of {
            Some(previous) if previous.last_day() < last => {
                Date::from_days_since_epoch(previous.last_day().days_since_epoch() + 1)
            }
            // A previous date on or after this one is not a previous publication: the month.
            _ => Date {
                day: Some(1),
                ..last
            },
        };
        Period { first, last }
    }

    /// Whether `date` falls in the period (a month-only date counts by its last day).
    pub fn contains(&self, date: Date) -> bool {
        let day = date.last_day();
        self.first <= day && day <= self.last
    }

    /// `2022年9月1日至9月30日`, `2022年9月1日至2022年10月15日` across a year, `2022年9月30日` for one day.
    pub fn chinese(&self) -> String {
        let (a, b) = (self.first, self.last);
        if a == b {
            a.chinese()
        } else if a.year == b.year {
            format!(
                "{}至{}月{}日",
                a.chinese(),
                b.month,
                b.day.unwrap_or_default()
            )
        } else {
            format!("{}至{}", a.chinese(), b.chinese())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s, true).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn without_a_previous_publication_the_period_is_the_month_of_as_of() {
        let p = Period::of_publication(d("2022-09-30"), None);
        assert_eq!((p.first, p.last), (d("2022-09-01"), d("2022-09-30")));
        assert_eq!(p.chinese(), "2022年9月1日至9月30日");
        assert!(p.contains(d("2022-09-01")) && p.contains(d("2022-09-30")));
        assert!(!p.contains(d("2022-08-31")) && !p.contains(d("2022-10-01")));
    }

    #[test]
    fn after_a_previous_publication_the_period_starts_the_day_after_it() {
        let p = Period::of_publication(d("2023-01-15"), Some(d("2022-12-31")));
        assert_eq!(p.first, d("2023-01-01"));
        assert_eq!(p.chinese(), "2023年1月1日至1月15日");
        let p = Period::of_publication(d("2023-01-15"), Some(d("2022-11-30")));
        assert_eq!(p.chinese(), "2022年12月1日至2023年1月15日");
        assert!(!p.contains(d("2022-11-30")));
        // A "previous" date that is not earlier falls back to the month.
        let p = Period::of_publication(d("2022-09-30"), Some(d("2022-09-30")));
        assert_eq!(p.first, d("2022-09-01"));
        let p = Period::of_publication(d("2022-09-30"), Some(d("2022-09-29")));
        assert_eq!(p.chinese(), "2022年9月30日");
    }
}
