//! `run.json`, the machine-readable summary of a run (LEDGER-SPEC section 9).

use super::recover::Recovered;
use crate::consolidate::{Consolidated, Totals};
use crate::inbox::Inbox;
use crate::issue::Issue;
use crate::normalize::FileStatus;

use crate::domain::MoneyUnit;
use serde::Serialize;
use std::collections::BTreeMap;

/// One file of the inbox, as run.json lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub unit: String,
    pub status: FileStatus,
    pub rows_read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub skipped: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Sheets that are not ledgers (说明, 填表说明, empty sheets), listed, not read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignored_sheets: Vec<String>,
}

impl FileEntry {
    #[must_use]
    pub fn all(inbox: &Inbox) -> Vec<FileEntry> {
        inbox
            .ledgers
            .iter()
            .map(|l| FileEntry {
                path: l.file.clone(),
                unit: l.unit.clone(),
                status: l.status,
                rows_read: l.counts.rows_read,
                accepted: l.counts.accepted,
                rejected: l.counts.rejected,
                skipped: l.counts.skipped,
                reason: l.reason.clone(),
                ignored_sheets: l.ignored_sheets(),
            })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TotalsJson {
    pub projects: i64,
    pub formal: i64,
    pub preliminary: i64,
    pub carried: i64,
    pub new: i64,
    pub total_investment: f64,
    pub annual_plan: f64,
    pub ytd_completed: f64,
    pub completion_rate: Option<f64>,
    pub lagging: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_ytd_completed: Option<f64>,
}

impl TotalsJson {
    fn new(t: &Totals, unit: MoneyUnit) -> Self {
        TotalsJson {
            projects: t.projects,
            formal: t.formal,
            preliminary: t.preliminary,
            carried: t.carried,
            new: t.new,
            total_investment: t.total_investment.in_unit(unit),
            annual_plan: t.annual_plan.in_unit(unit),
            ytd_completed: t.ytd_completed.in_unit(unit),
            completion_rate: t.completion_rate(),
            lagging: t.lagging,
            previous_ytd_completed: t.prev_ytd.map(|f| f.in_unit(unit)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AllTotals {
    pub all: TotalsJson,
    pub by_category: BTreeMap<String, TotalsJson>,
    pub by_unit: BTreeMap<String, TotalsJson>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LaggingJson {
    pub code: Option<String>,
    pub name: String,
    pub lead_unit: String,
    pub flags: Vec<String>,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TasksJson {
    pub quarter: String,
    pub total: usize,
    pub overdue: usize,
    pub ongoing: usize,
}

/// The machine-readable summary of a run (LEDGER-SPEC section 9).
#[derive(Debug, Clone, Serialize)]
pub struct RunJson {
    pub period: String,
    pub unit: String,
    pub exit_status: u8,
    pub files: Vec<FileEntry>,
    pub missing_units: Vec<String>,
    pub totals: AllTotals,
    pub lagging: Vec<LaggingJson>,
    pub tasks: TasksJson,
    pub issues: Vec<Issue>,
    pub outputs: Vec<String>,
    pub previous_period: Option<String>,
    pub schedule_progress: f64,
    /// An interrupted commit this run found and finished or undid first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery: Option<Recovered>,
}

impl RunJson {
    #[must_use]
    pub fn new(
        inbox: &Inbox,
        c: &Consolidated,
        unit: MoneyUnit,
        exit_status: u8,
        outputs: Vec<String>,
    ) -> Self {
        let lagging = c
            .lagging()
            .map(|p| {
                let (flags, reasons) = p
                    .flags
                    .iter()
                    .zip(&p.reasons)
                    .filter(|(f, _)| f.is_lag())
                    .map(|(f, r)| (f.label().to_owned(), r.clone()))
                    .unzip();
                LaggingJson {
                    code: p.row.code.as_deref().map(str::to_owned),
                    name: p.row.name.clone(),
                    lead_unit: p.row.lead_unit.to_string(),
                    flags,
                    reasons,
                }
            })
            .collect();
        RunJson {
            period: c.period.to_string(),
            unit: unit.label().to_owned(),
            exit_status,
            files: FileEntry::all(inbox),
            missing_units: inbox.missing_units.clone(),
            totals: AllTotals {
                all: TotalsJson::new(&c.all, unit),
                by_category: c
                    .by_category
                    .iter()
                    .map(|t| (t.label.clone(), TotalsJson::new(t, unit)))
                    .collect(),
                by_unit: c
                    .by_unit
                    .iter()
                    .map(|t| (t.label.clone(), TotalsJson::new(t, unit)))
                    .collect(),
            },
            lagging,
            tasks: TasksJson {
                quarter: c.period.quarter_label(),
                total: c.quarter_tasks.len(),
                overdue: c.quarter_tasks.iter().filter(|t| t.overdue).count(),
                ongoing: c.quarter_tasks.iter().filter(|t| t.ongoing).count(),
            },
            issues: inbox.issues.clone(),
            outputs,
            previous_period: c.previous_period.map(|p| p.to_string()),
            schedule_progress: c.schedule_progress,
            recovery: None,
        }
    }
}
