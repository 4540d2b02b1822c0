//! What the history tells of the latest earlier period of the same year: the checks compare
//! with it, the consolidation computes 环比 with it.

use super::{Money, Period, ProjectKey};
use std::collections::BTreeMap;

/// Last period's figures for one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastProject {
    pub ytd_completed: Money,
}

/// The latest earlier period of the same year found in the history.
#[derive(Debug, Clone)]
pub struct Previous {
    pub period: Period,
    pub projects: BTreeMap<ProjectKey, PastProject>,
}

impl Previous {
    /// Last period's 本年累计 of a project, when the history has it.
    #[must_use]
    pub fn ytd(&self, key: &ProjectKey) -> Option<Money> {
        self.projects.get(key).map(|p| p.ytd_completed)
    }
}
