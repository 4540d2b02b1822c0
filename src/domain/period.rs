//! The reporting period: a calendar month such as 2022-03.

use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

impl Period {
    #[must_use]
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1900..=2200).contains(&year))
            .then_some(Period { year, month })
    }

    /// The last day of the period: every "due by" comparison uses it.
    #[must_use]
    pub fn end(self) -> NaiveDate {
        month_end(self.year, self.month).unwrap_or(NaiveDate::MIN)
    }

    #[must_use]
    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }

    /// `2022Q1`
    #[must_use]
    pub fn quarter_label(self) -> String {
        format!("{}Q{}", self.year, self.quarter())
    }

    /// `截至2022年3月31日`
    #[must_use]
    pub fn as_of_label(self) -> String {
        let end = self.end();
        format!("截至{}年{}月{}日", end.year(), end.month(), end.day())
    }

    #[must_use]
    pub fn previous(self) -> Period {
        if self.month == 1 {
            Period {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Period {
                year: self.year,
                month: self.month - 1,
            }
        }
    }
}

/// The last day of a month.
#[must_use]
pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// A text that names no month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("无法识别的期间“{0}”，应为 2022-03 这样的年月")]
pub struct PeriodError(pub String);

impl FromStr for Period {
    type Err = PeriodError;

    /// Accepts `2022-03`, `2022-3`, `202203` and `2022年3月`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let digits: Vec<&str> = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .collect();
        let parsed = match digits.as_slice() {
            [y, m] => y.parse().ok().zip(m.parse().ok()),
            [ym] if ym.len() == 6 => ym[..4].parse().ok().zip(ym[4..].parse().ok()),
            _ => None,
        };
        parsed
            .and_then(|(y, m)| Period::new(y, m))
            .ok_or_else(|| PeriodError(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let p: Period = "2022-3".parse().unwrap();
        assert_eq!(p.to_string(), "2022-03");
        assert_eq!(
            "202212".parse::<Period>().unwrap().quarter_label(),
            "2022Q4"
        );
        assert_eq!(
            "2022年6月".parse::<Period>().unwrap().as_of_label(),
            "截至2022年6月30日"
        );
        assert_eq!(
            "2022-13".parse::<Period>().unwrap_err().to_string(),
            "无法识别的期间“2022-13”，应为 2022-03 这样的年月"
        );
        assert_eq!(
            Period::new(2024, 2).unwrap().end().to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Period::new(2023, 1).unwrap().previous().to_string(),
            "2022-12"
        );
    }
}
