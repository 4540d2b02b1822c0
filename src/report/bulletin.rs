//! The 情况通报 paragraph: the month in words, for the office's bulletin. Its figures are
//! rounded the way Excel shows the 汇总 table (money to 0.01, rates to 0.1%, half away from
//! zero, on the exact fen amounts), so the paragraph and the table never disagree.

use crate::consolidate::{Consolidated, Submission, Totals, UnitStatus, has_roster};
use crate::domain::{Money, MoneyUnit};
use std::fmt::Write;

/// The paragraph, e.g. `截至2022年3月底，12个重大项目本年累计完成投资3.21亿元，占年度计划的
/// 18.5%，低于序时进度6.5个百分点；滞后项目3个，其中投资滞后2个、开工滞后1个；1家单位未报送（区财政局）。`
/// With no roster the last clause is `共收到12家单位报送的台帐`.
#[must_use]
pub fn bulletin(c: &Consolidated, unit: MoneyUnit) -> String {
    let all = &c.all;
    let u = unit.label();
    let mut s = format!(
        "截至{}年{}月底，{}个重大项目本年累计完成投资{}{u}",
        c.period.year,
        c.period.month,
        all.projects,
        all.ytd_completed.rounded_text(unit)
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
            (all.ytd_completed - prev).rounded_text(unit)
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
    submissions(&mut s, &c.units);
    s
}

/// The last clause: who did not submit and whose files could not be read, by name; with no
/// roster, only how many units' ledgers were received (nobody is known to be missing).
fn submissions(s: &mut String, units: &[UnitStatus]) {
    let named = |which: Submission| -> Vec<&str> {
        units
            .iter()
            .filter(|u| u.submission() == which)
            .map(|u| u.unit.as_str())
            .collect()
    };
    let (missing, unreadable) = (named(Submission::Missing), named(Submission::Unreadable));
    let mut parts: Vec<String> = Vec::new();
    if has_roster(units) {
        if !missing.is_empty() {
            parts.push(format!(
                "{}家单位未报送（{}）",
                missing.len(),
                missing.join("、")
            ));
        }
    } else {
        let received = units.iter().filter(|u| u.submitted()).count();
        parts.push(format!("共收到{received}家单位报送的台帐"));
    }
    if !unreadable.is_empty() {
        parts.push(format!(
            "{}家单位报送的文件无法读取、未计入汇总（{}）",
            unreadable.len(),
            unreadable.join("、")
        ));
    }
    if parts.is_empty() {
        s.push_str("；各成员单位均已报送。");
    } else {
        let _ = write!(s, "；{}。", parts.join("，"));
    }
}

/// 本年累计 / 年度计划 in tenths of a percent, rounded as `0.0%` shows it.
pub(super) fn rate_tenths(t: &Totals) -> Option<i128> {
    (t.annual_plan > Money::ZERO).then(|| {
        round_div(
            i128::from(t.ytd_completed.fen()) * 1000,
            i128::from(t.annual_plan.fen()),
        )
    })
}

/// 序时进度 in tenths of a percent.
#[allow(clippy::cast_possible_truncation)]
pub(super) fn schedule_tenths(progress: f64) -> i128 {
    // Round away the binary noise of values such as 0.7 first, then half away from zero.
    let x = (progress * 1000.0 * 1e6).round() / 1e6;
    x.round() as i128
}

pub(super) fn tenths(n: i128) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}.{}", n.abs() / 10, n.abs() % 10)
}

use crate::domain::round_div;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_of_percent() {
        assert_eq!(schedule_tenths(0.25), 250);
        assert_eq!(schedule_tenths(7.0 / 12.0), 583);
        assert_eq!(schedule_tenths(0.7), 700);
        let t = Totals {
            annual_plan: Money::from_fen(8000),
            ytd_completed: Money::from_fen(3700),
            ..Totals::default()
        };
        assert_eq!(rate_tenths(&t), Some(463)); // 46.25% → 46.3%
        assert_eq!(tenths(37), "3.7");
    }
}
