//! Normalising in two steps, so that a month's files are read and typed in one pass before
//! the run's period is known: `prepare` types every sheet but the task ledgers and drops the
//! cells; `Prepared::finish` reads the task ledgers in the period's year.

use super::{
    Context, DeclaredPeriod, FileStatus, Ledger, ProjectRow, RowCounts, SheetSummary,
    declared_periods, header, identify_unit, rows, stated_period,
};
use crate::domain::Period;
use crate::ingest::{Content, RawSheet, Submission};
use crate::issue::{Issue, IssueCode};
use crate::schema::LedgerKind;

/// A submission normalised as far as it can be before the run's period is settled, its cells
/// dropped: every sheet is done but the task ledgers, whose deadlines (`3月底`, `二季度`) are
/// read in the period's year and so wait, cells and all, for [`Prepared::finish`]. Reading a
/// month's files thus holds the typed rows, not every cell of every file, and the period can
/// be inferred from what the files state (`Prepared::stated_period`) in the same pass.
#[derive(Debug)]
pub struct Prepared {
    /// Who sent it, with the reading issues; complete when the file was skipped or unreadable.
    ledger: Ledger,
    /// Each sheet in order; `None` when the file was skipped or unreadable.
    sheets: Option<Vec<SheetStep>>,
    stated_period: Option<Period>,
}

#[derive(Debug)]
enum SheetStep {
    /// The sheet's results, in a ledger of their own.
    Done(Ledger),
    /// A task ledger waiting for the period.
    Tasks(RawSheet, header::Header),
}

impl Prepared {
    /// The period the file states for itself (title, `截至` cell, `1-3月` header): its first
    /// stated year and first stated month, when it states both.
    #[must_use]
    pub fn stated_period(&self) -> Option<Period> {
        self.stated_period
    }

    /// Takes the project rows read so far (all of them: project rows do not wait for the
    /// period), in sheet order; `finish` then gives a ledger without them.
    pub fn take_projects(&mut self) -> Vec<ProjectRow> {
        let mut rows: Vec<ProjectRow> = Vec::new();
        for step in self.sheets.iter_mut().flatten() {
            if let SheetStep::Done(part) = step {
                if rows.is_empty() {
                    rows = std::mem::take(&mut part.projects);
                } else {
                    rows.append(&mut part.projects);
                }
            }
        }
        rows
    }

    /// Finishes the task sheets in the run's period and puts the sheets' results together.
    #[must_use]
    pub fn finish(self, ctx: &Context<'_>) -> Ledger {
        let mut ledger = self.ledger;
        let file = ledger.file.clone();
        let ctx = &ctx.for_file(&file);
        let Some(steps) = self.sheets else {
            return ledger;
        };
        let mut names = Vec::with_capacity(steps.len());
        for step in steps {
            let part = match step {
                SheetStep::Done(part) => part,
                SheetStep::Tasks(sheet, header) => {
                    let mut part = ledger.part();
                    normalize_sheet(&sheet, Some(header), ctx, &mut part);
                    part
                }
            };
            names.extend(part.sheets.iter().map(|s| s.name.clone()));
            ledger.append(part);
        }
        let read_problem = ledger
            .issues
            .iter()
            .any(|i| matches!(i.code, IssueCode::SheetTooLarge | IssueCode::FileUnreadable));
        // Other sheets (说明, 填表说明, empty ones) are listed with the file, not raised as issues.
        let has_ledger = ledger.sheets.iter().any(|s| s.kind.is_some());
        if !has_ledger && !read_problem {
            let issue = Issue::new(
                IssueCode::NoLedgerSheet,
                &ledger.file,
                format!(
                    "没有找到项目台帐或任务清单的表头（前{}行内应有“项目名称”“总投资”等列名）；工作表：{}",
                    header::HEADER_SEARCH_ROWS,
                    if names.is_empty() { "无".to_owned() } else { names.join("、") }
                ),
            )
            .unit(&ledger.unit);
            ledger.issues.push(issue);
        }
        ledger
    }
}

impl Ledger {
    /// An empty ledger of the same file, to hold one sheet's results.
    fn part(&self) -> Ledger {
        Ledger {
            file: self.file.clone(),
            unit: self.unit.clone(),
            unit_in_roster: self.unit_in_roster,
            status: self.status,
            reason: self.reason.clone(),
            modified: self.modified,
            sheets: Vec::new(),
            counts: RowCounts::default(),
            projects: Vec::new(),
            tasks: Vec::new(),
            rejected: Vec::new(),
            declared_periods: Vec::new(),
            issues: Vec::new(),
        }
    }

    /// Adds a sheet's results after those before it.
    fn append(&mut self, mut part: Ledger) {
        self.sheets.append(&mut part.sheets);
        self.counts += part.counts;
        if self.projects.is_empty() {
            // Most files have one project sheet: its rows are taken as they are, not copied.
            self.projects = std::mem::take(&mut part.projects);
        } else {
            self.projects.append(&mut part.projects);
        }
        self.tasks.append(&mut part.tasks);
        self.rejected.append(&mut part.rejected);
        self.declared_periods.append(&mut part.declared_periods);
        self.issues.append(&mut part.issues);
    }
}

/// Normalises a submission but its task sheets, and drops the cells it is done with.
/// `ctx.period` is not used: only task rows need it, and they wait for [`Prepared::finish`].
#[must_use]
pub fn prepare(sub: Submission, ctx: &Context<'_>) -> Prepared {
    let Submission {
        file,
        modified,
        content,
        issues,
        ..
    } = sub;
    let (unit, unit_in_roster) = match &content {
        // A lock or temporary file is nobody's submission.
        Content::Skipped(_) => (String::new(), false),
        Content::Sheets(sheets) => identify_unit(&file, sheets, ctx.roster),
        Content::Unreadable(_) => identify_unit(&file, &[], ctx.roster),
    };
    let mut ledger = Ledger {
        file,
        unit,
        unit_in_roster,
        status: FileStatus::Read,
        reason: None,
        modified,
        sheets: Vec::new(),
        counts: RowCounts::default(),
        projects: Vec::new(),
        tasks: Vec::new(),
        rejected: Vec::new(),
        declared_periods: Vec::new(),
        issues: Vec::new(),
    };
    ledger.issues = issues.into_iter().map(|i| i.unit(&ledger.unit)).collect();
    let sheets = match content {
        Content::Skipped(reason) => {
            ledger.status = FileStatus::Skipped;
            ledger.issues.push(
                Issue::new(IssueCode::FileSkipped, &ledger.file, reason.clone()).unit(&ledger.unit),
            );
            ledger.reason = Some(reason);
            return Prepared {
                ledger,
                sheets: None,
                stated_period: None,
            };
        }
        Content::Unreadable(reason) => {
            ledger.status = FileStatus::Unreadable;
            ledger.issues.push(
                Issue::new(IssueCode::FileUnreadable, &ledger.file, reason.clone())
                    .unit(&ledger.unit),
            );
            ledger.reason = Some(reason);
            return Prepared {
                ledger,
                sheets: None,
                stated_period: None,
            };
        }
        Content::Sheets(sheets) => sheets,
    };
    let file = ledger.file.clone();
    let ctx = &ctx.for_file(&file);
    let mut steps = Vec::with_capacity(sheets.len());
    let mut stated: Vec<DeclaredPeriod> = Vec::new();
    for sheet in sheets {
        let header = header::find_header(&sheet, ctx.schema, ctx.layout(&sheet.name));
        if let Some(h) = &header {
            stated.extend(declared_periods(&sheet, h));
        }
        match header {
            Some(h) if h.kind == LedgerKind::Task => steps.push(SheetStep::Tasks(sheet, h)),
            header => {
                let mut part = ledger.part();
                normalize_sheet(&sheet, header, ctx, &mut part);
                steps.push(SheetStep::Done(part));
            }
        }
    }
    Prepared {
        ledger,
        sheets: Some(steps),
        stated_period: stated_period(&stated),
    }
}

fn normalize_sheet(
    sheet: &RawSheet,
    header: Option<header::Header>,
    ctx: &Context<'_>,
    ledger: &mut Ledger,
) {
    let Some(header) = header else {
        ledger.sheets.push(SheetSummary {
            name: sheet.name.clone(),
            kind: None,
            header_row: None,
            counts: RowCounts::default(),
        });
        return;
    };
    ledger
        .declared_periods
        .extend(declared_periods(sheet, &header));
    let counts = rows::read_rows(sheet, &header, ctx, ledger);
    ledger.counts += counts;
    ledger.sheets.push(SheetSummary {
        name: sheet.name.clone(),
        kind: Some(header.kind),
        header_row: Some(header.row),
        counts,
    });
}
