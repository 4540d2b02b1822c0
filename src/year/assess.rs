//! 成员单位考核 (section 6A): per roster unit (or submitting unit) its components 报送, 数据质量,
//! 任务 and 投资, the weighted mean of those it has (weights renormalised), to one decimal,
//! ranked high to low with ties in roster order; its red and yellow projects and, for the
//! year so far, the months it submitted out of the months run.

use super::ProjectYear;
use crate::config::{Config, Weights};
use crate::consolidate::Consolidated;
use crate::domain::{Formality, Light, Money, PastMonth, Ratio, TaskStatus};
use crate::inbox::Inbox;
use crate::normalize::FileStatus;
use crate::normalize::values::Deadline;

/// The four components, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    Submission,
    Quality,
    Tasks,
    Investment,
}

impl Component {
    pub const ALL: [Component; 4] = [
        Component::Submission,
        Component::Quality,
        Component::Tasks,
        Component::Investment,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Component::Submission => "报送",
            Component::Quality => "数据质量",
            Component::Tasks => "任务",
            Component::Investment => "投资",
        }
    }

    fn weight(self, w: &Weights) -> u32 {
        match self {
            Component::Submission => w.submission,
            Component::Quality => w.quality,
            Component::Tasks => w.tasks,
            Component::Investment => w.investment,
        }
    }
}

/// One unit's assessment.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub unit: String,
    /// In [`Component::ALL`]'s order; `None` is left out (no such task or project).
    pub components: [Option<Ratio>; 4],
    /// 得分 in tenths (87.5 → 875).
    pub score_tenths: i128,
    pub rank: usize,
    pub red: usize,
    pub yellow: usize,
    pub months_submitted: usize,
    pub months_run: usize,
}

/// One decimal, as the sheets and run.json show it.
#[must_use]
pub fn tenths_text(t: i128) -> String {
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
}

pub(super) fn assess(
    c: &Consolidated,
    inbox: &Inbox,
    config: &Config,
    lights: &[ProjectYear],
    past: &[PastMonth],
) -> Vec<Assessment> {
    let schedule = config.schedule[(c.period.month - 1) as usize];
    let hundred = Ratio::whole(100);
    let mut out: Vec<Assessment> = c
        .units
        .iter()
        .map(|u| {
            let name = u.unit.as_str();
            let ledgers = || inbox.ledgers.iter().filter(move |l| l.unit == name);
            let submitted = ledgers().any(|l| l.status == FileStatus::Read);
            let (accepted, rejected) = ledgers().fold((0, 0), |(a, r), l| {
                (a + l.counts.accepted, r + l.counts.rejected)
            });
            let quality = Ratio::new(
                i128::try_from(accepted).unwrap_or(0),
                i128::try_from(accepted + rejected).unwrap_or(0),
            )
            .map_or(Ratio::whole(0), |q| q.times(hundred));
            let due: Vec<_> = inbox
                .tasks
                .iter()
                .filter(|t| t.lead_dept == name)
                .filter(|t| matches!(t.deadline, Deadline::Date(d) if d <= c.period.end()))
                .collect();
            let done = due
                .iter()
                .filter(|t| t.status == Some(TaskStatus::Done))
                .count();
            let tasks = Ratio::new(
                i128::try_from(done).unwrap_or(0),
                i128::try_from(due.len()).unwrap_or(0),
            )
            .map(|r| r.times(hundred));
            let led = || {
                c.projects
                    .iter()
                    .zip(lights)
                    .filter(move |(p, _)| p.row.lead_unit.as_str() == name)
            };
            let (ytd, plan) = led()
                .filter(|(p, _)| p.row.formal == Formality::Formal)
                .fold((Money::ZERO, Money::ZERO), |(y, a), (p, _)| {
                    (y + p.row.ytd_completed, a + p.row.annual_plan)
                });
            let investment = Ratio::new(plan.fen().into(), 1)
                .map(|p| p.times(schedule))
                .and_then(|expected| Ratio::new(ytd.fen().into(), 1)?.over(expected))
                .map(|r| r.min(Ratio::whole(1)).times(hundred));
            let components = [
                Some(if submitted { hundred } else { Ratio::whole(0) }),
                Some(quality),
                tasks,
                investment,
            ];
            let count = |l: Light| led().filter(|(_, y)| y.light == l).count();
            Assessment {
                unit: name.to_owned(),
                score_tenths: score_of(&components, &config.year.weights),
                components,
                rank: 0,
                red: count(Light::Red),
                yellow: count(Light::Yellow),
                months_submitted: past
                    .iter()
                    .filter(|m| m.submitted_units.iter().any(|s| s == name))
                    .count()
                    + usize::from(submitted),
                months_run: past.len() + 1,
            }
        })
        .collect();
    // Stable: equal scores keep the roster order, and share the rank.
    out.sort_by_key(|a| std::cmp::Reverse(a.score_tenths));
    let scores: Vec<i128> = out.iter().map(|a| a.score_tenths).collect();
    for a in &mut out {
        a.rank = 1 + scores.iter().filter(|s| **s > a.score_tenths).count();
    }
    out
}

/// The weighted mean over the components present, weights renormalised, in tenths.
pub(super) fn score_of(components: &[Option<Ratio>; 4], weights: &Weights) -> i128 {
    let (sum, total) = Component::ALL.iter().zip(components).fold(
        (Ratio::whole(0), 0_i128),
        |(sum, total), (c, value)| match value {
            Some(v) => {
                let w = i128::from(c.weight(weights));
                (sum.plus(v.times(Ratio::whole(w))), total + w)
            }
            None => (sum, total),
        },
    );
    Ratio::new(1, total).map_or(0, |inverse| sum.times(inverse).tenths())
}
