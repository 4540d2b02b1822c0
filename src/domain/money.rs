//! Money held as integer fen (分), so every total is exact to the cent, and the units a ledger
//! states it in. Conversions to a unit for display happen here and nowhere else.

use serde::Deserialize;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// A money unit: how many fen (分) one unit is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum MoneyUnit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    Wan,
    #[serde(rename = "亿元")]
    Yi,
}

impl MoneyUnit {
    #[must_use]
    pub fn fen(self) -> f64 {
        match self {
            MoneyUnit::Yuan => 100.0,
            MoneyUnit::Wan => 1_000_000.0,
            MoneyUnit::Yi => 10_000_000_000.0,
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yi => "亿元",
        }
    }

    /// Recognises `万元`, `万`, `亿元`, `亿`, `元`.
    #[must_use]
    pub fn from_text(text: &str) -> Option<Self> {
        match text.trim() {
            "元" => Some(MoneyUnit::Yuan),
            "万元" | "万" => Some(MoneyUnit::Wan),
            "亿元" | "亿" => Some(MoneyUnit::Yi),
            _ => None,
        }
    }
}

/// An amount in fen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    #[must_use]
    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    #[must_use]
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// The amount in a unit, for display (`1.2345` 亿元).
    #[must_use]
    #[allow(clippy::cast_precision_loss)] // fen below 2^53 (90 万亿元) are exact in f64
    pub fn in_unit(self, unit: MoneyUnit) -> f64 {
        self.0 as f64 / unit.fen()
    }

    /// The amount in 亿元, the unit of the checks' messages.
    #[must_use]
    pub fn yi(self) -> f64 {
        self.in_unit(MoneyUnit::Yi)
    }

    /// The amount in `unit` to two decimals, as Excel's `0.00` shows the unrounded amount:
    /// half away from zero, on the exact fen.
    #[must_use]
    pub fn rounded_text(self, unit: MoneyUnit) -> String {
        // Fen per 0.01 of the unit: 1 (元), 10,000 (万元), 100,000,000 (亿元).
        #[allow(clippy::cast_possible_truncation)] // the ratio is a small whole number
        let step = i128::from((unit.fen() / 100.0).round() as i64).max(1);
        let hundredths = round_div(i128::from(self.0), step);
        let sign = if hundredths < 0 { "-" } else { "" };
        let h = hundredths.abs();
        format!("{sign}{}.{:02}", h / 100, h % 100)
    }

    #[must_use]
    pub const fn abs(self) -> Self {
        Money(self.0.abs())
    }
}

/// a / b rounded half away from zero (b > 0).
#[must_use]
pub fn round_div(a: i128, b: i128) -> i128 {
    if a >= 0 {
        (2 * a + b) / (2 * b)
    } else {
        -((-2 * a + b) / (2 * b))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_in_one_place() {
        let m = Money::from_fen(1_234_500_000);
        assert!((m.yi() - 0.12345).abs() < 1e-12);
        assert!((m.in_unit(MoneyUnit::Wan) - 1234.5).abs() < 1e-9);
        assert_eq!([m, m].iter().sum::<Money>().fen(), 2_469_000_000);
        assert_eq!((m - m - m).abs(), m);
        assert_eq!(MoneyUnit::from_text(" 万 "), Some(MoneyUnit::Wan));
    }

    #[test]
    fn money_rounds_half_away_from_zero_on_fen() {
        let money = |fen: i64, unit: MoneyUnit| Money::from_fen(fen).rounded_text(unit);
        assert_eq!(money(412_600_000_000, MoneyUnit::Yi), "41.26");
        // 1.005 亿元 is a tie in fen, though not in binary floating point: Excel shows 1.01.
        assert_eq!(money(10_050_000_000, MoneyUnit::Yi), "1.01");
        assert_eq!(money(10_049_999_999, MoneyUnit::Yi), "1.00");
        assert_eq!(money(-10_050_000_000, MoneyUnit::Yi), "-1.01");
        assert_eq!(money(123_456, MoneyUnit::Wan), "0.12");
        assert_eq!(money(123_456, MoneyUnit::Yuan), "1234.56");
        assert_eq!(money(0, MoneyUnit::Yi), "0.00");
    }
}
