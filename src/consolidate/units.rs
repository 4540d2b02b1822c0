//! The submission status of every unit for 报送情况 and 分单位.

use crate::config::Config;
use crate::inbox::Inbox;
use crate::issue::Severity;
use crate::normalize::FileStatus;
use std::collections::BTreeMap;

/// A unit's submission for 报送情况 and 分单位.
#[derive(Debug, Clone)]
pub struct UnitStatus {
    pub unit: String,
    pub in_roster: bool,
    pub files: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
}

impl UnitStatus {
    #[must_use]
    pub fn submitted(&self) -> bool {
        !self.files.is_empty()
    }
}

/// Every roster unit (or, with no roster, every unit that sent a file) and what it sent.
pub(super) fn unit_status(inbox: &Inbox, config: &Config) -> Vec<UnitStatus> {
    let mut units: BTreeMap<String, UnitStatus> = BTreeMap::new();
    let severities = inbox.severities_by_file();
    let mut order: Vec<String> = config.roster.iter().map(|u| u.name.clone()).collect();
    for u in &config.roster {
        units.insert(
            u.name.clone(),
            UnitStatus {
                unit: u.name.clone(),
                in_roster: true,
                files: Vec::new(),
                errors: 0,
                warnings: 0,
            },
        );
    }
    for l in inbox
        .ledgers
        .iter()
        .filter(|l| l.status != FileStatus::Skipped)
    {
        let entry = units.entry(l.unit.clone()).or_insert_with(|| {
            order.push(l.unit.clone());
            UnitStatus {
                unit: l.unit.clone(),
                in_roster: config.roster.is_empty(),
                files: Vec::new(),
                errors: 0,
                warnings: 0,
            }
        });
        entry.files.push(l.file.clone());
        if let Some(counts) = severities.get(l.file.as_str()) {
            entry.errors += counts[Severity::Error as usize];
            entry.warnings += counts[Severity::Warning as usize];
        }
    }
    order.iter().filter_map(|u| units.remove(u)).collect()
}
