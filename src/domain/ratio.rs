//! Exact fractions, for the thresholds a rule compares against: a gap of exactly 10 points is
//! not "more than 10", whatever binary floating point says of `0.25 - 0.15`.

use std::cmp::Ordering;

/// `num / den`, with `den > 0`.
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    num: i128,
    den: i128,
}

impl Ratio {
    /// `num / den`; a zero denominator gives zero.
    #[must_use]
    pub fn new(num: i128, den: i128) -> Self {
        match den.cmp(&0) {
            Ordering::Greater => Ratio { num, den },
            Ordering::Less => Ratio {
                num: -num,
                den: -den,
            },
            Ordering::Equal => Ratio { num: 0, den: 1 },
        }
    }

    /// The number as it was written: the shortest decimal that reads back as `value`
    /// (`0.14` is 14/100, not the binary fraction nearest it).
    #[must_use]
    pub fn from_decimal(value: f64) -> Option<Self> {
        let text = format!("{value}");
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if frac.len() > 18
            || !whole
                .bytes()
                .chain(frac.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let den = 10i128.checked_pow(u32::try_from(frac.len()).ok()?)?;
        let num: i128 = format!("{whole}{frac}").parse().ok()?;
        Some(Ratio::new(if negative { -num } else { num }, den))
    }

    #[must_use]
    #[allow(clippy::cast_precision_loss)] // for display only
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// `self − other`, exactly (saturating far beyond any amount a ledger holds).
    #[must_use]
    pub fn minus(self, other: Ratio) -> Ratio {
        let num = self
            .num
            .saturating_mul(other.den)
            .saturating_sub(other.num.saturating_mul(self.den));
        Ratio::new(num, self.den.saturating_mul(other.den))
    }

    /// `self × k`.
    #[must_use]
    pub fn times(self, k: i128) -> Ratio {
        Ratio::new(self.num.saturating_mul(k), self.den)
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        self.num
            .saturating_mul(other.den)
            .cmp(&other.num.saturating_mul(self.den))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_exactly() {
        let quarter = Ratio::new(3, 12);
        let rate = Ratio::new(15, 100);
        let gap = quarter.minus(rate).times(100);
        assert_eq!(gap, Ratio::new(10, 1));
        assert!(gap <= Ratio::from_decimal(10.0).unwrap());
        assert_eq!(Ratio::from_decimal(0.14), Some(Ratio::new(14, 100)));
        assert_eq!(Ratio::from_decimal(-2.5), Some(Ratio::new(-5, 2)));
        assert!((Ratio::new(1, 3).to_f64() - 1.0 / 3.0).abs() < 1e-15);
    }
}
