//! Lag flags (LEDGER-SPEC section 6): each counted project gets its flags and one sentence
//! per flag saying why.

use crate::config::Thresholds;
use crate::domain::{Formality, Money, Period, Ratio, Stage};
use crate::normalize::ProjectRow;
use chrono::{Datelike, NaiveDate};

/// Lag flags (section 6), in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Flag {
    #[serde(rename = "投资滞后")]
    Investment,
    #[serde(rename = "开工滞后")]
    Start,
    #[serde(rename = "竣工滞后")]
    Finish,
    #[serde(rename = "本月无进展")]
    NoProgress,
    #[serde(rename = "存在卡点")]
    Blocked,
}

impl Flag {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Flag::Investment => "投资滞后",
            Flag::Start => "开工滞后",
            Flag::Finish => "竣工滞后",
            Flag::NoProgress => "本月无进展",
            Flag::Blocked => "存在卡点",
        }
    }

    /// 存在卡点 is a note: it alone does not make a project lagging.
    #[must_use]
    pub fn is_lag(self) -> bool {
        self != Flag::Blocked
    }
}

/// A counted project with its flags.
#[derive(Debug, Clone)]
pub struct Project {
    pub row: ProjectRow,
    /// 本年累计 of the latest earlier period of the same year, when history has it.
    pub prev_ytd: Option<Money>,
    /// 本年累计 / 年度计划; `None` when there is no plan.
    pub completion_rate: Option<f64>,
    pub flags: Vec<Flag>,
    /// One sentence per flag, in the flags' order.
    pub reasons: Vec<String>,
    /// 投资滞后 by more than the severe threshold.
    pub severe: bool,
}

impl Project {
    #[must_use]
    pub fn is_lagging(&self) -> bool {
        self.flags.iter().any(|f| f.is_lag())
    }
}

pub(super) fn flag_project(
    row: ProjectRow,
    prev_ytd: Option<Money>,
    period: Period,
    schedule: Ratio,
    t: &Thresholds,
) -> Project {
    let mut lag = Lag::default();
    let completion_rate = completion_rate(&row);
    if let (Some(rate), Formality::Formal) = (completion_rate, row.formal) {
        investment_lag(&row, rate, schedule, t, &mut lag);
    }
    timing_lags(&row, period.end(), &mut lag);
    no_progress(&row, prev_ytd, &mut lag);
    if let Some(problem) = &row.problems {
        lag.push(Flag::Blocked, format!("存在问题：{problem}"));
    }
    Project {
        row,
        prev_ytd,
        completion_rate: completion_rate.map(Ratio::to_f64),
        flags: lag.flags,
        reasons: lag.reasons,
        severe: lag.severe,
    }
}

/// The flags of one project as they are found, each with its sentence.
#[derive(Default)]
struct Lag {
    flags: Vec<Flag>,
    reasons: Vec<String>,
    severe: bool,
}

impl Lag {
    fn push(&mut self, flag: Flag, reason: String) {
        self.flags.push(flag);
        self.reasons.push(reason);
    }
}

/// 本年累计 / 年度计划, exactly; none without a plan.
fn completion_rate(row: &ProjectRow) -> Option<Ratio> {
    Ratio::new(
        i128::from(row.ytd_completed.fen()),
        i128::from(row.annual_plan.fen()),
    )
    .filter(|_| row.annual_plan > Money::ZERO)
}

/// 投资滞后: more than the threshold's points below 序时进度 (严重 past the second), compared
/// exactly: a gap of exactly 10 points is not "more than 10".
fn investment_lag(row: &ProjectRow, rate: Ratio, schedule: Ratio, t: &Thresholds, lag: &mut Lag) {
    let gap = schedule.minus(rate).times(Ratio::whole(100));
    let points = Ratio::from_decimal;
    if gap <= points(t.investment_lag_points) {
        return;
    }
    lag.severe = gap > points(t.investment_severe_points);
    lag.push(
        Flag::Investment,
        format!(
            "本年累计完成{:.2}亿元，占年度计划{:.1}%，低于序时进度{:.1}%达{:.1}个百分点{}",
            row.ytd_completed.yi(),
            rate.to_f64() * 100.0,
            schedule.to_f64() * 100.0,
            gap.to_f64(),
            if lag.severe { "（严重滞后）" } else { "" }
        ),
    );
}

/// 开工滞后 and 竣工滞后: due by the period's end and not started, or not finished.
fn timing_lags(row: &ProjectRow, end: NaiveDate, lag: &mut Lag) {
    if let Some(start) = row.planned_start.filter(|d| *d <= end) {
        let not_started = match row.stage {
            Some(stage) => stage == Stage::Preparation,
            None => row.has_actual_start_column && row.actual_start.is_none(),
        };
        if not_started {
            lag.push(
                Flag::Start,
                format!(
                    "计划{}开工，截至{}仍未开工",
                    date_words(start),
                    date_words(end)
                ),
            );
        }
    }
    if let (Some(finish), Some(stage)) = (row.planned_finish.filter(|d| *d <= end), row.stage)
        && stage != Stage::Completed
    {
        lag.push(
            Flag::Finish,
            format!("计划{}竣工，目前仍处于{}阶段", date_words(finish), stage),
        );
    }
}

/// 本月无进展, for projects under construction only: 在建 by its stage, or (no stage given) by
/// a filled 实际开工. An explicit 0 this month, or 本年累计 unchanged from last period.
fn no_progress(row: &ProjectRow, prev_ytd: Option<Money>, lag: &mut Lag) {
    let building = match row.stage {
        Some(stage) => stage == Stage::Construction,
        None => row.actual_start.is_some(),
    };
    if !building {
        return;
    }
    let explicit_zero = row.month_completed == Some(Money::ZERO);
    let unchanged = prev_ytd == Some(row.ytd_completed);
    if explicit_zero || unchanged {
        lag.push(
            Flag::NoProgress,
            if explicit_zero {
                "在建项目本月完成投资为0".to_owned()
            } else {
                format!(
                    "本年累计完成投资与上期持平（{:.2}亿元），本月无新增",
                    row.ytd_completed.yi()
                )
            },
        );
    }
}

/// `2022年3月31日`
#[must_use]
pub fn date_words(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}
