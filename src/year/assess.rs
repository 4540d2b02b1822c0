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
use std::collections::{HashMap, HashSet};

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

/// What one unit's assessment counts, gathered in one pass over the month.
#[derive(Debug, Default)]
struct Tally {
    submitted: bool,
    accepted: usize,
    rejected: usize,
    due: usize,
    done: usize,
    ytd: Money,
    plan: Money,
    red: usize,
    yellow: usize,
    months_submitted: usize,
}

/// Each unit's tally, by name: its files, the tasks it leads that are due, the projects it
/// leads with their lights, and the past months it submitted in.
fn tallies<'a>(
    c: &'a Consolidated,
    inbox: &'a Inbox,
    lights: &[ProjectYear],
    past: &'a [PastMonth],
) -> HashMap<&'a str, Tally> {
    let mut by_unit: HashMap<&str, Tally> = HashMap::new();
    for l in &inbox.ledgers {
        let t = by_unit.entry(l.unit.as_str()).or_default();
        t.submitted |= l.status == FileStatus::Read;
        t.accepted += l.counts.accepted;
        t.rejected += l.counts.rejected;
    }
    for task in &inbox.tasks {
        if matches!(task.deadline, Deadline::Date(d) if d <= c.period.end()) {
            let t = by_unit.entry(task.lead_dept.as_str()).or_default();
            t.due += 1;
            t.done += usize::from(task.status == Some(TaskStatus::Done));
        }
    }
    for (p, y) in c.projects.iter().zip(lights) {
        let t = by_unit.entry(p.row.lead_unit.as_str()).or_default();
        if p.row.formal == Formality::Formal {
            t.ytd += p.row.ytd_completed;
            t.plan += p.row.annual_plan;
        }
        t.red += usize::from(y.light == Light::Red);
        t.yellow += usize::from(y.light == Light::Yellow);
    }
    for month in past {
        let mut seen: HashSet<&str> = HashSet::new();
        for unit in &month.submitted_units {
            if seen.insert(unit.as_str()) {
                by_unit.entry(unit.as_str()).or_default().months_submitted += 1;
            }
        }
    }
    by_unit
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
    let tallies = tallies(c, inbox, lights, past);
    let none = Tally::default();
    let mut out: Vec<Assessment> = c
        .units
        .iter()
        .map(|u| {
            let name = u.unit.as_str();
            let t = tallies.get(name).unwrap_or(&none);
            let count = |n: usize| i128::try_from(n).unwrap_or(0);
            let quality = Ratio::new(count(t.accepted), count(t.accepted + t.rejected))
                .map_or(Ratio::whole(0), |q| q.times(hundred));
            let tasks = Ratio::new(count(t.done), count(t.due)).map(|r| r.times(hundred));
            let investment = Ratio::new(t.plan.fen().into(), 1)
                .map(|p| p.times(schedule))
                .and_then(|expected| Ratio::new(t.ytd.fen().into(), 1)?.over(expected))
                .map(|r| r.min(Ratio::whole(1)).times(hundred));
            let components = [
                Some(if t.submitted {
                    hundred
                } else {
                    Ratio::whole(0)
                }),
                Some(quality),
                tasks,
                investment,
            ];
            Assessment {
                unit: name.to_owned(),
                score_tenths: score_of(&components, &config.year.weights),
                components,
                rank: 0,
                red: t.red,
                yellow: t.yellow,
                months_submitted: t.months_submitted + usize::from(t.submitted),
                months_run: past.len() + 1,
            }
        })
        .collect();
    // Stable: equal scores keep the roster order, and share the rank.
    out.sort_by_key(|a| std::cmp::Reverse(a.score_tenths));
    let scores: Vec<i128> = out.iter().map(|a| a.score_tenths).collect();
    for a in &mut out {
        a.rank = 1 + scores.partition_point(|s| *s > a.score_tenths);
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
