//! Calendar dates as the data writes them: a day (`2022-08-15`) or only a month (`2022-08`).
//!
//! Dates compare as calendar positions; a month-only date sorts before the days of that month. They
//! format the Chinese way (`2022年8月15日`, `2022年8月`). No time zones, no clock: the build never asks
//! what day it is, it is told (see `Site::as_of`).

use std::fmt;

/// A calendar date, to the day or to the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, e.g. 2022.
    pub year: i32,
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month, or `None` when only the month is known.
    pub day: Option<u8>,
}

impl Date {
    /// A day.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        let date = Date {
            year,
            month,
            day: Some(day),
        };
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(date)
    }

    /// Parses `YYYY-MM-DD`, or also `YYYY-MM` when `allow_month` is set.
    pub fn parse(text: &str, allow_month: bool) -> Result<Date, String> {
        let wanted = if allow_month {
            "YYYY-MM-DD or YYYY-MM"
        } else {
            "YYYY-MM-DD"
        };
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |s: &str, len: usize| -> Option<u32> {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
        };
        let bad = || format!("`{text}` is not a date written {wanted}");
        match parts.as_slice() {
            [y, m, d] => {
                let (y, m, d) = (
                    number(y, 4).ok_or_else(bad)?,
                    number(m, 2).ok_or_else(bad)?,
                    number(d, 2).ok_or_else(bad)?,
                );
                if !(1..=12).contains(&m) {
                    return Err(format!(
                        "`{text}` has month {m}, but months run from 01 to 12"
                    ));
                }
                Date::ymd(y as i32, m as u8, d as u8).ok_or_else(|| {
                    format!(
                        "`{text}` is not a day of the calendar: {y}-{m:02} has {} days",
                        days_in_month(y as i32, m as u8)
                    )
                })
            }
            [y, m] if allow_month => {
                let (y, m) = (number(y, 4).ok_or_else(bad)?, number(m, 2).ok_or_else(bad)?);
                if !(1..=12).contains(&m) {
                    return Err(format!(
                        "`{text}` has month {m}, but months run from 01 to 12"
                    ));
                }
                Ok(Date {
                    year: y as i32,
                    month: m as u8,
                    day: None,
                })
            }
            _ => Err(bad()),
        }
    }

    /// The last day this date covers (the month's last day for a month-only date).
    pub fn last_day(self) -> Date {
        Date {
            day: Some(
                self.day
                    .unwrap_or_else(|| days_in_month(self.year, self.month)),
            ),
            ..self
        }
    }

    /// Days since 1970-01-01 of the first day this date covers (for proportional timelines).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (
            self.year as i64,
            self.month as i64,
            self.day.unwrap_or(1) as i64,
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date from a count of days since 1970-01-01 (the inverse of `days_since_epoch`).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date {
            year: y as i32,
            month: m as u8,
            day: Some(d as u8),
        }
    }

    /// `2022年8月15日`, or `2022年8月` for a month-only date.
    pub fn chinese(self) -> String {
        match self.day {
            Some(d) => format!("{}年{}月{}日", self.year, self.month, d),
            None => format!("{}年{}月", self.year, self.month),
        }
    }

    /// `2022年8月`, whatever the precision.
    pub fn chinese_month(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

/// ISO form: `2022-08-15` or `2022-08`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_and_months_and_rejects_impossible_dates() {
        assert_eq!(
            Date::parse("2022-08-15", false).unwrap().chinese(),
            "2022年8月15日"
        );
        assert_eq!(Date::parse("2022-08", true).unwrap().chinese(), "2022年8月");
        assert!(Date::parse("2022-08", false).is_err());
        assert!(
            Date::parse("2022-02-30", false)
                .unwrap_err()
                .contains("28 days")
        );
        assert!(Date::parse("2024-02-29", false).is_ok());
        assert!(
            Date::parse("2022-13-01", false)
                .unwrap_err()
                .contains("month 13")
        );
        assert!(Date::parse("22-1-1", false).is_err());
        assert!(Date::parse("", true).is_err());
    }

    #[test]
    fn day_counts_round_trip() {
        let d = Date::parse("2022-12-31", false).unwrap();
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(
            Date::parse("1970-01-01", false).unwrap().days_since_epoch(),
            0
        );
        assert!(Date::parse("2022-08", true).unwrap() < Date::parse("2022-08-01", false).unwrap());
    }
}
