//! The year, not only the month (LEDGER-SPEC section 6A): each project's light with the
//! components that set it, its streak of lagging months and its changes against last month,
//! the problem ladder, the assessment of the member units and the trend month by month.
//! Pure functions over the month's consolidation and what the history kept of the earlier
//! months of the year (`history::load_year`, passed in by `run`); thresholds compared exactly.

mod assess;
pub mod json;
mod lights;
mod rows;
mod trend;

pub use assess::{Assessment, Component as AssessComponent, tenths_text};
pub use lights::{Component, ComponentKind};
pub use rows::{Change, Problem};
pub use trend::{TrendFigures, TrendRow};

use crate::config::{Config, LightLabels, Weights};
use crate::consolidate::Consolidated;
use crate::domain::{Light, PastMonth, Period};
use crate::inbox::Inbox;

/// The year's view of one counted project, in the order of `Consolidated::projects`.
#[derive(Debug, Clone)]
pub struct ProjectYear {
    pub light: Light,
    /// Every component that is not green, worst first.
    pub components: Vec<Component>,
    /// 连续滞后月数, ending at this period.
    pub streak: u32,
    /// The streak ran into a month the history lacks (or does not know): it may be longer.
    pub streak_incomplete: bool,
    pub changes: Vec<Change>,
}

impl ProjectYear {
    /// The components that set the light (those as bad as it).
    pub fn setting(&self) -> impl Iterator<Item = &Component> {
        self.components.iter().filter(|c| c.light == self.light)
    }
}

/// Everything the year adds to the month's outputs.
#[derive(Debug, Clone)]
pub struct YearView {
    pub period: Period,
    pub projects: Vec<ProjectYear>,
    /// Highest level first.
    pub problems: Vec<Problem>,
    /// Ranked, high to low.
    pub assessment: Vec<Assessment>,
    /// Every month of the year in the history, then this one.
    pub trend: Vec<TrendRow>,
    /// Months of the year before this one with no history: rows of months break there.
    pub missing_months: Vec<Period>,
    /// Months whose history predates the lights: their lights and changes are unknown.
    pub legacy_months: Vec<Period>,
    /// Whether last month's history exists, so that changes could be found.
    pub has_last_month: bool,
    pub labels: LightLabels,
    pub weights: Weights,
    /// Whether a roster says who should submit (else only who did is known).
    pub has_roster: bool,
}

impl YearView {
    /// (red, yellow, green) counts.
    #[must_use]
    pub fn counts(&self) -> [usize; 3] {
        Light::ALL.map(|l| self.projects.iter().filter(|p| p.light == l).count())
    }

    #[must_use]
    pub fn label(&self, light: Light) -> &str {
        self.labels.of(light)
    }

    /// What the sheets and the bulletin say about counts the history cannot complete.
    #[must_use]
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let months = |ps: &[Period]| {
            ps.iter()
                .map(|p| format!("{}月", p.month))
                .collect::<Vec<_>>()
                .join("、")
        };
        if !self.missing_months.is_empty() {
            notes.push(format!(
                "{}年{}无汇总记录：连续月数、持续月数和首次出现可能不完整",
                self.period.year,
                months(&self.missing_months)
            ));
        }
        if !self.legacy_months.is_empty() {
            notes.push(format!(
                "{}年{}的汇总记录早于红黄绿灯功能：当月灯色未知，“新亮红灯”“转绿”不可比",
                self.period.year,
                months(&self.legacy_months)
            ));
        }
        if !self.has_last_month {
            notes.push("上月无汇总记录：本期不列与上月相比的变化".to_owned());
        }
        notes
    }
}

/// The year's view of the month, from its consolidation and the earlier months of the year.
#[must_use]
pub fn track(c: &Consolidated, inbox: &Inbox, config: &Config, past: &[PastMonth]) -> YearView {
    let history = rows::History::new(c.period, past);
    let projects: Vec<ProjectYear> = c
        .projects
        .iter()
        .map(|p| lights::project_year(p, c.period, config, &history))
        .collect();
    let problems = rows::ladder(c, &history, &config.year.ladder);
    let assessment = assess::assess(c, inbox, config, &projects, past);
    let trend = trend::trend(c, config, &projects, past);
    YearView {
        period: c.period,
        problems,
        assessment,
        trend,
        missing_months: history.missing(),
        legacy_months: past.iter().filter(|m| m.legacy).map(|m| m.period).collect(),
        has_last_month: history.last_month().is_some(),
        labels: config.year.lights.clone(),
        weights: config.year.weights.clone(),
        has_roster: !config.roster.is_empty(),
        projects,
    }
}

#[cfg(test)]
mod tests;
