//! The typed rows normalising gives: projects, tasks, rejected rows, and where each came from.

use crate::domain::{Carry, Category, Formality, Money, ProjectKey, Stage, TaskStatus, a1};
use crate::normalize::values::Deadline;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use crate::domain::Text;

/// Where a row came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub file: Text,
    pub sheet: Text,
    /// Zero-based row.
    pub row: u32,
    /// Column of the row's name (项目名称 / 重点工作事项), for issues about the whole row.
    pub name_col: u32,
    /// Column of each field in the sheet, shared by its rows, for issues found later.
    pub columns: Arc<BTreeMap<String, u32>>,
}

impl Source {
    /// The A1 cell of a field in this row (the name's cell when the sheet lacks the field).
    #[must_use]
    pub fn cell_of(&self, field: &str) -> (u32, u32) {
        (
            self.row,
            self.columns.get(field).copied().unwrap_or(self.name_col),
        )
    }
}

impl Source {
    /// `区建管委.xlsx!重大项目!A12`
    #[must_use]
    pub fn label(&self) -> String {
        format!("{}!{}!{}", self.file, self.sheet, a1(self.row, 0))
    }
}

/// A project row, money in fen.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRow {
    /// The submitting unit.
    pub unit: Text,
    pub source: Source,
    pub code: Option<Box<str>>,
    pub name: String,
    pub category: Category,
    pub kind: Option<Text>,
    /// 正式项目 or 预备项目 (blank: 预备 for the 预备 category, else 正式).
    pub formal: Formality,
    pub carry: Option<Carry>,
    pub stage: Option<Stage>,
    pub lead_unit: Text,
    pub builder: Option<Box<str>>,
    pub support_units: Option<Box<str>>,
    pub total_investment: Money,
    pub annual_plan: Money,
    pub ytd_completed: Money,
    pub cumulative_completed: Option<Money>,
    /// 截至上年底累计完成 (3A.2).
    pub prior_completed: Option<Money>,
    pub month_completed: Option<Money>,
    pub planned_start: Option<NaiveDate>,
    pub planned_finish: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    /// The ledger has a 实际开工 column (an empty cell then means "not started").
    pub has_actual_start_column: bool,
    pub progress: Option<Box<str>>,
    /// 年度目标: the plan's 形象进度 (3A.2).
    pub annual_target: Option<Box<str>>,
    pub problems: Option<Box<str>>,
    pub next_steps: Option<Box<str>>,
    pub quarter_targets: [Option<Box<str>>; 4],
    pub contact: Option<Box<str>>,
    pub phone: Option<Box<str>>,
    /// Columns that map to no field, and dates that could not be read, as written.
    pub extra: Vec<(String, String)>,
}

impl ProjectRow {
    /// The key this project shares with its other rows, in this run and in the history.
    #[must_use]
    pub fn key(&self) -> ProjectKey {
        ProjectKey::new(self.code.as_deref(), &self.name, &self.lead_unit)
    }
}

/// A task row of a 工作任务清单.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub unit: String,
    pub source: Source,
    pub item: String,
    pub target: String,
    pub lead_dept: String,
    pub support_depts: Option<String>,
    pub group: Option<String>,
    pub deadline: Deadline,
    pub deadline_text: String,
    pub status: Option<TaskStatus>,
    pub remarks: Option<String>,
}

/// A row not counted, with why.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    pub unit: String,
    pub source: Source,
    pub name: String,
    pub reasons: Vec<String>,
}
