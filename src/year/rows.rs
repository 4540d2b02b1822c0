//! Months in a row: the history indexed by month, the runs of months ending at this period
//! (streaks, 3 in a row, the ladder's k), the changes against last month and the ladder.

use crate::consolidate::Consolidated;
use crate::domain::{Light, PastMonth, PastRecord, Period, ProjectKey};

/// The earlier months of the year, by month.
pub(super) struct History<'a> {
    period: Period,
    months: Vec<Option<&'a PastMonth>>,
}

/// A count of months in a row, and whether it stopped at a month the history lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub months: u32,
    pub incomplete: bool,
}

impl<'a> History<'a> {
    pub fn new(period: Period, past: &'a [PastMonth]) -> Self {
        let months = (1..period.month)
            .map(|m| {
                past.iter()
                    .find(|p| p.period.year == period.year && p.period.month == m)
            })
            .collect();
        History { period, months }
    }

    /// The month before, when the history has it.
    pub fn last_month(&self) -> Option<&'a PastMonth> {
        self.months.last().copied().flatten()
    }

    pub fn missing(&self) -> Vec<Period> {
        self.months
            .iter()
            .enumerate()
            .filter(|(_, m)| m.is_none())
            .filter_map(|(i, _)| Period::new(self.period.year, u32::try_from(i).ok()? + 1))
            .collect()
    }

    /// The months in a row, ending at this period, in which `field` held (true `now`). A
    /// month the history lacks, or one that does not know the field, ends the row
    /// incomplete; a month without the project ends it (it was not counted then).
    pub fn run(
        &self,
        key: &ProjectKey,
        now: bool,
        field: impl Fn(&PastRecord) -> Option<bool>,
    ) -> Run {
        if !now {
            return Run {
                months: 0,
                incomplete: false,
            };
        }
        let mut months = 1;
        for month in self.months.iter().rev() {
            let Some(month) = month else {
                return Run {
                    months,
                    incomplete: true,
                };
            };
            match month.projects.get(key).map(&field) {
                Some(Some(true)) => months += 1,
                Some(None) => {
                    return Run {
                        months,
                        incomplete: true,
                    };
                }
                None | Some(Some(false)) => break,
            }
        }
        Run {
            months,
            incomplete: false,
        }
    }
}

/// A change against the month before (section 6A), in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    NewLag,
    Cleared,
    NewRed,
    ToGreen,
}

impl Change {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Change::NewLag => "新增滞后",
            Change::Cleared => "摘帽",
            Change::NewRed => "新亮红灯",
            Change::ToGreen => "转绿",
        }
    }
}

/// The changes of a project against the month before: none when its history is missing.
/// A project the month before did not count was neither lagging nor lit then.
pub(super) fn changes(
    history: &History,
    key: &ProjectKey,
    lagging: bool,
    light: Light,
) -> Vec<Change> {
    let Some(last) = history.last_month() else {
        return Vec::new();
    };
    let then = last.projects.get(key);
    let was_lagging = then.and_then(|r| r.lagging).unwrap_or(false);
    let was_light = match then {
        None => Some(Light::Green),
        Some(r) => r.light,
    };
    let mut out = Vec::new();
    if lagging && !was_lagging {
        out.push(Change::NewLag);
    }
    if !lagging && was_lagging {
        out.push(Change::Cleared);
    }
    if let Some(was) = was_light {
        if light == Light::Red && was != Light::Red {
            out.push(Change::NewRed);
        }
        if light == Light::Green && was != Light::Green {
            out.push(Change::ToGreen);
        }
    }
    out
}

/// A project on the problem ladder.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Index into `Consolidated::projects`.
    pub project: usize,
    pub problem: String,
    pub first_seen: Period,
    /// k: the months in a row it has been filled, ending at this period.
    pub months: u32,
    /// 0-based level on the configured ladder.
    pub level: usize,
    pub level_label: String,
    pub incomplete: bool,
}

/// Every project whose 存在问题 is filled this period, highest level first (then the longest
/// open, then the projects' order).
pub(super) fn ladder(c: &Consolidated, history: &History, levels: &[String]) -> Vec<Problem> {
    let mut out: Vec<Problem> = c
        .projects
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let problem = p.row.problems.as_deref()?;
            let run = history.run(&p.row.key(), true, |r| r.blocked);
            let k = run.months.max(1);
            let level = (k as usize).min(levels.len()).saturating_sub(1);
            let back = k - 1;
            let index = c.period.month - back;
            Some(Problem {
                project: i,
                problem: problem.to_owned(),
                first_seen: Period::new(c.period.year, index).unwrap_or(c.period),
                months: k,
                level,
                level_label: levels.get(level).cloned().unwrap_or_default(),
                incomplete: run.incomplete,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(b.months.cmp(&a.months))
            .then(a.project.cmp(&b.project))
    });
    out
}
