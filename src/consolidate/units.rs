//! The submission status of every unit for 报送情况, 分单位 and the 情况通报: only what is
//! known. A unit has submitted when at least one of its files was read; a file that could not
//! be read is not a submission; with no roster, nobody is known to be missing.

use crate::config::Config;
use crate::inbox::Inbox;
use crate::issue::Severity;
use crate::normalize::FileStatus;
use std::collections::BTreeMap;

/// A unit's submission for 报送情况 and 分单位.
#[derive(Debug, Clone)]
pub struct UnitStatus {
    pub unit: String,
    /// The unit is in the configured roster (never, when there is no roster).
    pub in_roster: bool,
    /// Its files that were read.
    pub files: Vec<String>,
    /// Its files that could not be read: not counted, not a submission.
    pub unreadable: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
}

/// Where a unit stands this period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submission {
    /// At least one of its files was read.
    Submitted,
    /// It sent files, none of which could be read.
    Unreadable,
    /// A roster unit that sent nothing.
    Missing,
}

impl Submission {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Submission::Submitted => "已报送",
            Submission::Unreadable => "无法读取（未计入）",
            Submission::Missing => "未报送",
        }
    }
}

impl UnitStatus {
    #[must_use]
    pub fn submitted(&self) -> bool {
        !self.files.is_empty()
    }

    #[must_use]
    pub fn submission(&self) -> Submission {
        if self.submitted() {
            Submission::Submitted
        } else if self.unreadable.is_empty() {
            Submission::Missing
        } else {
            Submission::Unreadable
        }
    }
}

/// Every roster unit (in roster order), then every other unit that sent a file (in file
/// order), with what it sent. Skipped files (README, lock files, hidden files) are nobody's
/// submission.
pub(super) fn unit_status(inbox: &Inbox, config: &Config) -> Vec<UnitStatus> {
    let mut units: BTreeMap<String, UnitStatus> = BTreeMap::new();
    let severities = inbox.severities_by_file();
    let mut order: Vec<String> = config.roster.iter().map(|u| u.name.clone()).collect();
    let blank = |unit: &str, in_roster: bool| UnitStatus {
        unit: unit.to_owned(),
        in_roster,
        files: Vec::new(),
        unreadable: Vec::new(),
        errors: 0,
        warnings: 0,
    };
    for u in &config.roster {
        units.insert(u.name.clone(), blank(&u.name, true));
    }
    for l in inbox
        .ledgers
        .iter()
        .filter(|l| l.status != FileStatus::Skipped)
    {
        let entry = units.entry(l.unit.clone()).or_insert_with(|| {
            order.push(l.unit.clone());
            blank(&l.unit, false)
        });
        if l.status == FileStatus::Read {
            entry.files.push(l.file.clone());
        } else {
            entry.unreadable.push(l.file.clone());
        }
        if let Some(counts) = severities.get(l.file.as_str()) {
            entry.errors += counts[Severity::Error as usize];
            entry.warnings += counts[Severity::Warning as usize];
        }
    }
    order.iter().filter_map(|u| units.remove(u)).collect()
}

/// Whether a roster was given: without one, nobody is known to be missing.
#[must_use]
pub fn has_roster(units: &[UnitStatus]) -> bool {
    units.iter().any(|u| u.in_roster)
}
