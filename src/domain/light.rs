//! The year's vocabulary (LEDGER-SPEC section 6A): the light of a project, and what the
//! history keeps of each earlier month for the streaks, the changes, the ladder and the trend.

use super::{Category, Money, Period, ProjectKey};
use std::collections::BTreeMap;

/// 红黄绿灯, ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Light {
    Green,
    Yellow,
    Red,
}

impl Light {
    pub const ALL: [Light; 3] = [Light::Red, Light::Yellow, Light::Green];

    /// The stored spelling (history), independent of the configured labels.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }

    #[must_use]
    pub fn from_code(s: &str) -> Option<Self> {
        Light::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// What one earlier month's history tells of one project. `None` is unknown: a history file
/// written before section 6A has no light or 存在问题 of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastRecord {
    pub category: Option<Category>,
    pub lead_unit: String,
    pub annual_plan: Money,
    pub ytd_completed: Money,
    pub lagging: Option<bool>,
    pub no_progress: Option<bool>,
    pub light: Option<Light>,
    /// Whether 存在问题 was filled.
    pub blocked: Option<bool>,
    pub problem: Option<String>,
}

/// A task's status as a month's history keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastTask {
    pub item: String,
    pub lead_dept: String,
    pub done: bool,
}

/// One earlier month of the same year, as the history has it.
#[derive(Debug, Clone)]
pub struct PastMonth {
    pub period: Period,
    pub projects: BTreeMap<ProjectKey, PastRecord>,
    /// The units whose files were read that month (from its projects' submitting units when
    /// the file is older than section 6A).
    pub submitted_units: Vec<String>,
    pub tasks: Vec<PastTask>,
    /// Written before section 6A: lights and 存在问题 text are unknown.
    pub legacy: bool,
}
