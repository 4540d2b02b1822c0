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

#[allow(clippy::cast_precision_loss)]
pub(super) fn flag_project(
    row: ProjectRow,
    prev_ytd: Option<Money>,
    period: Period,
    progress: f64,
    schedule: Ratio,
    t: &Thresholds,
) -> Project {
    let end = period.end();
    let completion_rate = (row.annual_plan > Money::ZERO)
        .then(|| row.ytd_completed.fen() as f64 / row.annual_plan.fen() as f64);
    let mut flags = Vec::new();
    let mut reasons = Vec::new();
    let mut severe = false;
    if let (Some(rate), true) = (completion_rate, row.formal == Formality::Formal) {
        let gap = (progress - rate) * 100.0;
        // Compared exactly (whole fen, 序时进度 as a fraction): 10 points is not more than 10.
        let exact_gap = Ratio::new(row.ytd_completed.fen().into(), row.annual_plan.fen().into())
            .map(|r| schedule.minus(r).times(Ratio::whole(100)));
        let beyond = |points: f64| exact_gap.is_some_and(|g| g > Ratio::from_decimal(points));
        if beyond(t.investment_lag_points) {
            severe = beyond(t.investment_severe_points);
            flags.push(Flag::Investment);
            reasons.push(format!(
                "本年累计完成{:.2}亿元，占年度计划{:.1}%，低于序时进度{:.1}%达{:.1}个百分点{}",
                row.ytd_completed.yi(),
                rate * 100.0,
                progress * 100.0,
                gap,
                if severe { "（严重滞后）" } else { "" }
            ));
        }
    }
    if let Some(start) = row.planned_start.filter(|d| *d <= end) {
        let not_started = match row.stage {
            Some(stage) => stage == Stage::Preparation,
            None => row.has_actual_start_column && row.actual_start.is_none(),
        };
        if not_started {
            flags.push(Flag::Start);
            reasons.push(format!(
                "计划{}开工，截至{}仍未开工",
                date_words(start),
                date_words(end)
            ));
        }
    }
    if let (Some(finish), Some(stage)) = (row.planned_finish.filter(|d| *d <= end), row.stage)
        && stage != Stage::Completed
    {
        flags.push(Flag::Finish);
        reasons.push(format!(
            "计划{}竣工，目前仍处于{}阶段",
            date_words(finish),
            stage
        ));
    }
    let explicit_zero =
        row.stage == Some(Stage::Construction) && row.month_completed == Some(Money::ZERO);
    let unchanged =
        prev_ytd.is_some_and(|p| p == row.ytd_completed) && row.stage != Some(Stage::Completed);
    if explicit_zero || unchanged {
        flags.push(Flag::NoProgress);
        reasons.push(if explicit_zero {
            "在建项目本月完成投资为0".to_owned()
        } else {
            format!(
                "本年累计完成投资与上期持平（{:.2}亿元），本月无新增",
                row.ytd_completed.yi()
            )
        });
    }
    if let Some(problem) = &row.problems {
        flags.push(Flag::Blocked);
        reasons.push(format!("存在问题：{problem}"));
    }
    Project {
        row,
        prev_ytd,
        completion_rate,
        flags,
        reasons,
        severe,
    }
}

/// `2022年3月31日`
#[must_use]
pub fn date_words(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}
