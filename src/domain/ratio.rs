//! Exact fractions for the thresholds: money is whole fen and 序时进度 a fraction of months,
//! so a gap of exactly 10 points is 10 points, never 10.000000000000002.

use std::cmp::Ordering;

/// `num / den` with `den > 0`, compared by cross-multiplying.
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    num: i128,
    den: i128,
}

impl Ratio {
    /// `num / den`; a zero denominator gives `None`.
    #[must_use]
    pub fn new(num: i128, den: i128) -> Option<Self> {
        match den.cmp(&0) {
            Ordering::Greater => Some(Ratio { num, den }),
            Ordering::Less => Some(Ratio {
                num: -num,
                den: -den,
            }),
            Ordering::Equal => None,
        }
    }

    #[must_use]
    pub const fn whole(n: i128) -> Self {
        Ratio { num: n, den: 1 }
    }

    /// A decimal from the config (e.g. 0.14 or 10), read to nine decimal places, which is
    /// how it was written.
    #[must_use]
    #[allow(clippy::cast_possible_truncation)] // config values are small: range-checked on load
    pub fn from_decimal(x: f64) -> Self {
        let scale = 1_000_000_000_i128;
        Ratio {
            num: (x * 1e9).round() as i128,
            den: scale,
        }
        .reduced()
    }

    fn reduced(self) -> Self {
        let g = gcd(self.num.abs(), self.den).max(1);
        Ratio {
            num: self.num / g,
            den: self.den / g,
        }
    }

    #[must_use]
    pub fn minus(self, o: Ratio) -> Ratio {
        Ratio {
            num: self
                .num
                .saturating_mul(o.den)
                .saturating_sub(o.num.saturating_mul(self.den)),
            den: self.den.saturating_mul(o.den),
        }
        .reduced()
    }

    #[must_use]
    pub fn plus(self, o: Ratio) -> Ratio {
        Ratio {
            num: self
                .num
                .saturating_mul(o.den)
                .saturating_add(o.num.saturating_mul(self.den)),
            den: self.den.saturating_mul(o.den),
        }
        .reduced()
    }

    #[must_use]
    pub fn times(self, o: Ratio) -> Ratio {
        Ratio {
            num: self.num.saturating_mul(o.num),
            den: self.den.saturating_mul(o.den),
        }
        .reduced()
    }

    /// `self / o`; `None` when `o` is zero.
    #[must_use]
    pub fn over(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(
            self.num.saturating_mul(o.den),
            self.den.saturating_mul(o.num),
        )
        .map(Ratio::reduced)
    }

    #[must_use]
    pub fn min(self, o: Ratio) -> Ratio {
        if self <= o { self } else { o }
    }

    /// Rounded half away from zero to one decimal, in tenths (87.45 → 875).
    #[must_use]
    pub fn tenths(self) -> i128 {
        super::round_div(self.num.saturating_mul(10), self.den)
    }

    /// As a float, for display and run.json only, never for a comparison.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl PartialEq for Ratio {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Ratio {
    fn cmp(&self, o: &Self) -> Ordering {
        self.num
            .saturating_mul(o.den)
            .cmp(&o.num.saturating_mul(self.den))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_on_the_threshold() {
        // 序时进度 6/12, rate 40%: the gap is exactly 10 points, not more.
        let gap = Ratio::new(6, 12)
            .unwrap()
            .minus(Ratio::new(400, 1000).unwrap());
        assert_eq!(gap.times(Ratio::whole(100)), Ratio::from_decimal(10.0));
        assert!(Ratio::from_decimal(0.14) == Ratio::new(14, 100).unwrap());
        assert_eq!(Ratio::new(8745, 100).unwrap().tenths(), 875);
        assert_eq!(Ratio::new(-1, 20).unwrap().tenths(), -1);
    }
}
