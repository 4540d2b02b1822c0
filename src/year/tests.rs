//! Unit tests of the year stage: months overdue and the assessment's weighted mean.

use super::assess::score_of;
use super::lights::months_overdue;
use crate::config::Weights;
use crate::domain::{Period, Ratio};
use chrono::NaiveDate;

#[test]
fn months_overdue_counts_the_periods_own_month_as_one() {
    let june = Period::new(2022, 6).unwrap();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(months_overdue(june, day(2022, 6, 1)), 1);
    assert_eq!(months_overdue(june, day(2022, 5, 31)), 2);
    assert_eq!(months_overdue(june, day(2022, 4, 30)), 3);
    assert_eq!(months_overdue(june, day(2021, 12, 31)), 7);
}

#[test]
fn weights_are_renormalised_over_the_components_present() {
    let w = Weights::default();
    let hundred = Some(Ratio::whole(100));
    // 报送 100, 数据质量 50, no task, 投资 100: (2000 + 1000 + 3000) / 70 = 85.714… → 85.7.
    let half = Some(Ratio::whole(50));
    assert_eq!(score_of(&[hundred, half, None, hundred], &w), 857);
    // Every component: (2000 + 2000 + 1500 + 3000) / 100 = 85.0.
    assert_eq!(score_of(&[hundred, hundred, half, hundred], &w), 850);
    // Exactly half way rounds away from zero: 87.45 → 87.5.
    let odd = Some(Ratio::new(8745, 100).unwrap());
    assert_eq!(score_of(&[odd, None, None, None], &w), 875);
}
