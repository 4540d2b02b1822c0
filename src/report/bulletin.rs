//! The 情况通报 paragraph: the month in words, for the office's bulletin. Its figures are
//! rounded the way Excel shows the 汇总 table (money to 0.01, rates to 0.1%, half away from
//! zero, on the exact fen amounts), so the paragraph and the table never disagree.

use crate::consolidate::{Consolidated, Totals};
use crate::schema::MoneyUnit;
use std::fmt::Write;

/// The paragraph, e.g. `截至2022年3月底，12个重大项目本年累计完成投资3.21亿元，占年度计划的
/// 18.5%，低于序时进度6.5个百分点；滞后项目3个，其中投资滞后2个、开工滞后1个；1家单位未报送（区财政局）。`
#[must_use]
pub fn bulletin(c: &Consolidated, unit: MoneyUnit) -> String {
    let all = &c.all;
    let u = unit.label();
    let mut s = format!(
        "截至{}年{}月底，{}个重大项目本年累计完成投资{}{u}",
        c.period.year,
        c.period.month,
        all.projects,
        money(all.ytd_completed, unit)
    );
    if let Some(rate) = rate_tenths(all) {
        let schedule = schedule_tenths(c.schedule_progress);
        let _ = write!(s, "，占年度计划的{}%", tenths(rate));
        let gap = rate - schedule;
        let _ = match gap.signum() {
            -1 => write!(s, "，低于序时进度{}个百分点", tenths(-gap)),
            1 => write!(s, "，高于序时进度{}个百分点", tenths(gap)),
            _ => write!(s, "，与序时进度持平"),
        };
    } else {
        s.push_str("，年度计划投资为0");
    }
    if let Some(prev) = all.prev_ytd.filter(|_| c.previous_period.is_some()) {
        let _ = write!(
            s,
            "；本月新增完成投资{}{u}",
            money(all.ytd_completed - prev, unit)
        );
    }
    if all.lagging == 0 {
        s.push_str("；无滞后项目");
    } else {
        let _ = write!(s, "；滞后项目{}个", all.lagging);
        let parts: Vec<String> = [
            ("投资滞后", all.investment_lag),
            ("开工滞后", all.start_lag),
            ("竣工滞后", all.finish_lag),
            ("本月无进展", all.no_progress),
        ]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| format!("{label}{n}个"))
        .collect();
        if !parts.is_empty() {
            let _ = write!(s, "，其中{}", parts.join("、"));
        }
    }
    let missing: Vec<&str> = c
        .units
        .iter()
        .filter(|u| !u.submitted())
        .map(|u| u.unit.as_str())
        .collect();
    if missing.is_empty() {
        s.push_str("；各单位均已报送。");
    } else {
        let _ = write!(
            s,
            "；{}家单位未报送（{}）。",
            missing.len(),
            missing.join("、")
        );
    }
    s
}

/// Fen shown in `unit` to two decimals, as Excel's `0.00` shows the unrounded amount.
#[must_use]
pub fn money(fen: i64, unit: MoneyUnit) -> String {
    // Fen per 0.01 of the unit: 1 (元), 10,000 (万元), 100,000,000 (亿元).
    #[allow(clippy::cast_possible_truncation)]
    let step = i128::from((unit.fen() / 100.0).round() as i64).max(1);
    let hundredths = round_div(i128::from(fen), step);
    let sign = if hundredths < 0 { "-" } else { "" };
    let h = hundredths.abs();
    format!("{sign}{}.{:02}", h / 100, h % 100)
}

/// 本年累计 / 年度计划 in tenths of a percent, rounded as `0.0%` shows it.
fn rate_tenths(t: &Totals) -> Option<i128> {
    (t.annual_plan > 0).then(|| {
        round_div(
            i128::from(t.ytd_completed) * 1000,
            i128::from(t.annual_plan),
        )
    })
}

/// 序时进度 in tenths of a percent.
#[allow(clippy::cast_possible_truncation)]
fn schedule_tenths(progress: f64) -> i128 {
    // Round away the binary noise of values such as 0.7 first, then half away from zero.
    let x = (progress * 1000.0 * 1e6).round() / 1e6;
    x.round() as i128
}

fn tenths(n: i128) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}.{}", n.abs() / 10, n.abs() % 10)
}

/// a / b rounded half away from zero (b > 0).
fn round_div(a: i128, b: i128) -> i128 {
    if a >= 0 {
        (2 * a + b) / (2 * b)
    } else {
        -((-2 * a + b) / (2 * b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_rounds_half_away_from_zero_on_fen() {
        assert_eq!(money(412_600_000_000, MoneyUnit::Yi), "41.26");
        // 1.005 亿元 is a tie in fen, though not in binary floating point: Excel shows 1.01.
        assert_eq!(money(10_050_000_000, MoneyUnit::Yi), "1.01");
        assert_eq!(money(10_049_999_999, MoneyUnit::Yi), "1.00");
        assert_eq!(money(-10_050_000_000, MoneyUnit::Yi), "-1.01");
        assert_eq!(money(123_456, MoneyUnit::Wan), "0.12");
        assert_eq!(money(123_456, MoneyUnit::Yuan), "1234.56");
        assert_eq!(money(0, MoneyUnit::Yi), "0.00");
    }

    #[test]
    fn tenths_of_percent() {
        assert_eq!(schedule_tenths(0.25), 250);
        assert_eq!(schedule_tenths(7.0 / 12.0), 583);
        assert_eq!(schedule_tenths(0.7), 700);
        let t = Totals {
            annual_plan: 8000,
            ytd_completed: 3700,
            ..Totals::default()
        };
        assert_eq!(rate_tenths(&t), Some(463)); // 46.25% → 46.3%
        assert_eq!(tenths(37), "3.7");
    }
}
