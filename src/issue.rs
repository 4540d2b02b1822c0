//! Bad data as values: every problem found in a submission is an `Issue` with a stable code,
//! a severity and the cell it points at. An `Err` is kept for what stops the whole run.

pub use crate::domain::{a1, column_letters};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// The issue catalog of LEDGER-SPEC section 5, plus the bookkeeping codes for skipped files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueCode {
    FileUnreadable,
    FileSkipped,
    NoLedgerSheet,
    SheetTooLarge,
    MissingColumn,
    UnknownColumn,
    DuplicateColumn,
    BlankRequired,
    BadNumber,
    NegativeAmount,
    ErrorCell,
    BadDate,
    BadEnum,
    PlanExceedsTotal,
    YtdExceedsTotal,
    DateOrder,
    SubtotalMismatch,
    DuplicateProject,
    YtdDecreased,
    MonthMismatch,
    PeriodMismatch,
    UnitUnknown,
    UnitMissing,
    EstimatedAmount,
    UnitSuspect,
    MergedAmount,
    SectionMismatch,
    NoHistory,
    HistoryUnreadable,
    Resubmitted,
}

impl IssueCode {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::FileUnreadable => "file-unreadable",
            IssueCode::FileSkipped => "file-skipped",
            IssueCode::NoLedgerSheet => "no-ledger-sheet",
            IssueCode::SheetTooLarge => "sheet-too-large",
            IssueCode::MissingColumn => "missing-column",
            IssueCode::UnknownColumn => "unknown-column",
            IssueCode::DuplicateColumn => "duplicate-column",
            IssueCode::BlankRequired => "blank-required",
            IssueCode::BadNumber => "bad-number",
            IssueCode::NegativeAmount => "negative-amount",
            IssueCode::ErrorCell => "error-cell",
            IssueCode::BadDate => "bad-date",
            IssueCode::BadEnum => "bad-enum",
            IssueCode::PlanExceedsTotal => "plan-exceeds-total",
            IssueCode::YtdExceedsTotal => "ytd-exceeds-total",
            IssueCode::DateOrder => "date-order",
            IssueCode::SubtotalMismatch => "subtotal-mismatch",
            IssueCode::DuplicateProject => "duplicate-project",
            IssueCode::YtdDecreased => "ytd-decreased",
            IssueCode::MonthMismatch => "month-mismatch",
            IssueCode::PeriodMismatch => "period-mismatch",
            IssueCode::UnitUnknown => "unit-unknown",
            IssueCode::UnitMissing => "unit-missing",
            IssueCode::EstimatedAmount => "estimated-amount",
            IssueCode::UnitSuspect => "unit-suspect",
            IssueCode::MergedAmount => "merged-amount",
            IssueCode::SectionMismatch => "section-mismatch",
            IssueCode::NoHistory => "no-history",
            IssueCode::HistoryUnreadable => "history-unreadable",
            IssueCode::Resubmitted => "resubmitted",
        }
    }

    /// The severity the catalog gives this code.
    #[must_use]
    pub fn severity(self) -> Severity {
        use IssueCode::{
            BlankRequired, ErrorCell, FileUnreadable, MissingColumn, NegativeAmount, NoLedgerSheet,
            SheetTooLarge, YtdDecreased,
        };
        match self {
            FileUnreadable
            | NoLedgerSheet
            | MissingColumn
            | BlankRequired
            | IssueCode::BadNumber
            | NegativeAmount
            | ErrorCell
            | YtdDecreased
            | SheetTooLarge => Severity::Error,
            IssueCode::UnknownColumn
            | IssueCode::FileSkipped
            | IssueCode::NoHistory
            | IssueCode::MergedAmount => Severity::Info,
            _ => Severity::Warning,
        }
    }
}

impl std::fmt::Display for IssueCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub code: IssueCode,
    pub severity: Severity,
    pub unit: String,
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub value: String,
    pub message: String,
    /// The zero-based (row, column) of `cell`, for ordering without re-reading the A1 text.
    #[serde(skip)]
    pub position: Option<(u32, u32)>,
}

impl Issue {
    /// An issue at a place in a submission; unit, sheet, cell and value are filled in by the
    /// builder methods where they apply.
    #[must_use]
    pub fn new(code: IssueCode, file: &str, message: impl Into<String>) -> Self {
        Issue {
            code,
            severity: code.severity(),
            unit: String::new(),
            file: file.to_owned(),
            sheet: String::new(),
            cell: String::new(),
            value: String::new(),
            message: message.into(),
            position: None,
        }
    }

    #[must_use]
    pub fn sheet(mut self, sheet: &str) -> Self {
        sheet.clone_into(&mut self.sheet);
        self
    }

    /// Points the issue at a zero-based (row, column) cell.
    #[must_use]
    pub fn at(mut self, row: u32, col: u32) -> Self {
        self.cell = a1(row, col);
        self.position = Some((row, col));
        self
    }

    #[must_use]
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    #[must_use]
    pub fn unit(mut self, unit: &str) -> Self {
        unit.clone_into(&mut self.unit);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 5), "F12");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        assert!(
            a1(u32::MAX, u32::MAX).ends_with("4294967296"),
            "no overflow at the edge"
        );
    }
}
