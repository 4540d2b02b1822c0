//! Rows of a ledger sheet → typed rows. Each row is accepted, rejected with its reasons, or
//! skipped (blank, 合计/小计/总计, 注/填报人/审核人 notes); subtotals are cross-checked.

mod check;
mod classify;
mod cross;
mod months;
mod packages;
mod pairs;
mod plausible;
mod project;
mod roles;
mod sums;
mod task;
mod types;

pub use roles::{RowRole, row_roles, sheet_context};
pub use types::{ProjectRow, RejectedRow, Source, TaskRow};

use super::header::{Column, Header, UnitSource, is_money, unit_note_above};
use super::{Context, Ledger, RowCounts, layout};
use crate::domain::{Interner, MoneyUnit, Text};
use crate::ingest::{Merge, RawSheet};
use crate::issue::{Issue, IssueCode};
use crate::schema::LedgerKind;
use classify::{RowKind, classify};
use project::project_row;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use sums::{Sums, check_subtotal};
use task::task_row;

/// Per-sheet reading state.
pub(super) struct Reader<'s, 'c> {
    pub(super) sheet: &'s RawSheet,
    pub(super) header: &'s Header,
    pub(super) ctx: &'s Context<'c>,
    pub(super) sheet_unit: MoneyUnit,
    /// The sheet states its unit (`单位：万元` above the header); else `sheet_unit` is the
    /// config's default.
    pub(super) sheet_unit_stated: bool,
    pub(super) missing: Vec<String>,
    /// The category the sheet's name or title names, for rows no heading or column gives one.
    pub(super) sheet_category: Option<layout::SheetCategory>,
    /// Month completion columns (3A.9), by month, and the month they are summed through.
    pub(super) month_cols: Vec<(u32, &'s Column)>,
    pub(super) month_through: Option<u32>,
    /// Merges over several data rows that cover a money column.
    pub(super) money_merges: Vec<Merge>,
    pub(super) columns: Arc<BTreeMap<String, u32>>,
    /// The column of each field (`Header::column`), looked up for every cell of every row.
    pub(super) by_field: HashMap<&'s str, &'s Column>,
    /// The submission's file and unit and the sheet's name, shared by the rows.
    pub(super) file: Text,
    pub(super) unit: Text,
    pub(super) sheet_name: Text,
    /// The sheet's unit names and enum values, one `Text` each.
    pub(super) shared: RefCell<Interner>,
}

impl Reader<'_, '_> {
    pub(super) fn column(&self, field: &str) -> Option<&Column> {
        self.by_field.get(field).copied()
    }

    pub(super) fn shared(&self, s: &str) -> Text {
        self.shared.borrow_mut().get(s)
    }

    /// Where a row of this sheet came from; `name_field` gives the cell for whole-row issues.
    pub(super) fn source(&self, row: u32, name_field: &str) -> Source {
        Source {
            file: self.file.clone(),
            sheet: self.sheet_name.clone(),
            row,
            name_col: self.column(name_field).map_or(0, |c| c.col),
            columns: self.columns.clone(),
        }
    }

    /// The merge over several rows covering a money cell, if any.
    pub(super) fn money_merge(&self, row: u32, col: u32) -> Option<&Merge> {
        if self.money_merges.is_empty() {
            return None;
        }
        self.money_merges.iter().find(|m| {
            (m.first_col..=m.last_col).contains(&col) && (m.first_row..=m.last_row).contains(&row)
        })
    }

    pub(super) fn unit_of(&self, column: &Column) -> MoneyUnit {
        column.unit.unwrap_or(self.sheet_unit)
    }

    /// A cell's unit: its number format's (`0.00"亿元"`) before its column's (3A.3), unless
    /// the config's `[[layout]]` gives the column's.
    pub(super) fn unit_at(&self, row: u32, column: &Column) -> MoneyUnit {
        if column.unit_from == UnitSource::Configured {
            return self.unit_of(column);
        }
        self.sheet
            .number_units
            .get(&(row, column.col))
            .copied()
            .unwrap_or_else(|| self.unit_of(column))
    }
}

/// Reads the data rows under a header into the ledger; returns the sheet's row counts.
pub(super) fn read_rows(
    sheet: &RawSheet,
    header: &Header,
    ctx: &Context<'_>,
    ledger: &mut Ledger,
) -> RowCounts {
    let pairs = (header.kind == LedgerKind::Project)
        .then(|| pairs::find(sheet, header))
        .flatten();
    let header = pairs.as_ref().map_or(header, |p| &p.header);
    let reader = reader(sheet, header, ctx, ledger);
    header_issues(&reader, ledger);
    let parts = packages::parts(sheet, header, ctx.schema, reader.sheet_unit);
    let mut counts = RowCounts::default();
    let mut sums = Sums::default();
    for row in sheet.rows.iter().filter(|r| r.index >= header.data_from) {
        counts.rows_read += 1;
        if let Some(p) = &pairs
            && p.taken.contains(&row.index)
        {
            // An actual row, read together with the plan row above it.
            counts.skipped += 1;
            continue;
        }
        let row = pairs
            .as_ref()
            .and_then(|p| p.merged.get(&row.index))
            .unwrap_or(row);
        match classify(row, header) {
            // A heading in the 序号 column alone holds no data column but is a heading.
            RowKind::Blank if header.kind == LedgerKind::Project => {
                counts.skipped += 1;
                if let Some(h) = layout::heading(row, header, ctx.schema) {
                    sums.open(&reader, h, row, ledger);
                }
            }
            RowKind::Blank | RowKind::Note => counts.skipped += 1,
            RowKind::Subtotal { grand } => {
                counts.skipped += 1;
                check_subtotal(&reader, row, grand, &mut sums, ledger);
            }
            RowKind::Data => {
                if header.kind == LedgerKind::Project
                    && let Some(h) = layout::heading(row, header, ctx.schema)
                {
                    // A heading row sets the context of the rows below; it is never a project.
                    counts.skipped += 1;
                    sums.open(&reader, h, row, ledger);
                    continue;
                }
                if package_row(&reader, parts.get(&row.index), row, ledger) {
                    counts.skipped += 1;
                    continue;
                }
                sums.data_row();
                let accepted = match header.kind {
                    LedgerKind::Project => project_row(&reader, row, &mut sums, ledger),
                    LedgerKind::Task => task_row(&reader, row, ledger),
                };
                if accepted {
                    counts.accepted += 1;
                } else {
                    counts.rejected += 1;
                }
            }
        }
    }
    sums.finish(&reader, ledger);
    plausible::check(&reader, &sums.plausibility, ledger);
    counts
}

/// A package row whose sub-items are the projects (checked as their subtotal), or a sub-item
/// of a package that is the project: skipped either way (3A.6).
fn package_row(
    reader: &Reader<'_, '_>,
    part: Option<&packages::Part>,
    row: &crate::ingest::RawRow,
    ledger: &mut Ledger,
) -> bool {
    match part {
        Some(packages::Part::Total(items)) => {
            sums::compare_amounts(reader, row, items, sums::Kind::Subtotal(false), ledger);
            true
        }
        Some(packages::Part::Item { .. }) => true,
        None => false,
    }
}

/// The sheet's reading state: its columns by field, its unit, its context, what is missing.
fn reader<'s, 'c>(
    sheet: &'s RawSheet,
    header: &'s Header,
    ctx: &'s Context<'c>,
    ledger: &Ledger,
) -> Reader<'s, 'c> {
    let mut by_field: HashMap<&str, &Column> = HashMap::new();
    for c in header.columns.iter().filter(|c| c.duplicate_of.is_none()) {
        if let Some(field) = c.field.as_deref() {
            by_field.entry(field).or_insert(c);
        }
    }
    let sheet_category = (header.kind == LedgerKind::Project)
        .then(|| layout::sheet_category(sheet, header.row, ctx))
        .flatten();
    // The category is no missing column when the sheet's name, title or headings give it.
    let category_from_context = header.kind == LedgerKind::Project
        && header.column("category").is_none()
        && (sheet_category.is_some() || headings_give_category(sheet, header, ctx));
    let note = unit_note_above(sheet, header.row);
    let month_cols: Vec<(u32, &Column)> = header
        .columns
        .iter()
        .filter_map(|c| Some((c.month_of?, c)))
        .collect();
    let month_through = (!month_cols.is_empty())
        .then(|| months_through(sheet, header, &month_cols))
        .flatten();
    let missing: Vec<String> = ctx
        .schema
        .fields(header.kind)
        .iter()
        .filter(|f| f.required && header.column(&f.key).is_none())
        .filter(|f| !(category_from_context && f.key == "category"))
        .filter(|f| !(month_through.is_some() && f.key == "ytd_completed"))
        .map(|f| f.label.clone())
        .collect();
    Reader {
        sheet,
        header,
        ctx,
        by_field,
        file: Text::from(&ledger.file),
        unit: Text::from(&ledger.unit),
        sheet_name: Text::from(&sheet.name),
        shared: RefCell::new(Interner::default()),
        sheet_unit: note.unwrap_or(ctx.input_unit),
        sheet_unit_stated: note.is_some(),
        missing,
        sheet_category,
        money_merges: money_merges(sheet, header, ctx),
        month_cols,
        month_through,
        columns: Arc::new(
            header
                .columns
                .iter()
                .filter(|c| c.duplicate_of.is_none())
                .filter_map(|c| Some((c.field.clone()?, c.col)))
                .collect(),
        ),
    }
}

/// The month the month columns are summed through: the month the sheet states for itself
/// (title, `截至` cell), else the last month any row fills.
fn months_through(sheet: &RawSheet, header: &Header, months: &[(u32, &Column)]) -> Option<u32> {
    let stated = super::declared_periods(sheet, header)
        .into_iter()
        .find_map(|d| d.month);
    stated.or_else(|| {
        months
            .iter()
            .filter(|(_, c)| {
                sheet
                    .rows
                    .iter()
                    .filter(|r| r.index >= header.data_from)
                    .any(|r| r.get(c.col).is_some())
            })
            .map(|(m, _)| *m)
            .max()
    })
}

/// The merges over several data rows that cover a money column (3A.7).
fn money_merges(sheet: &RawSheet, header: &Header, ctx: &Context<'_>) -> Vec<Merge> {
    let money_cols: Vec<u32> = header
        .columns
        .iter()
        .filter(|c| {
            c.field
                .as_deref()
                .is_some_and(|f| is_money(ctx.schema, header.kind, f))
        })
        .map(|c| c.col)
        .collect();
    sheet
        .merges
        .iter()
        .filter(|m| m.first_row >= header.data_from && m.last_row > m.first_row)
        .filter(|m| {
            money_cols
                .iter()
                .any(|c| (m.first_col..=m.last_col).contains(c))
        })
        .copied()
        .collect()
}

/// Whether a heading row under the header sets the category (looked for only when the sheet
/// has no category column).
fn headings_give_category(sheet: &RawSheet, header: &Header, ctx: &Context<'_>) -> bool {
    sheet
        .rows
        .iter()
        .filter(|r| r.index >= header.data_from)
        .filter(|r| matches!(classify(r, header), RowKind::Data | RowKind::Blank))
        .filter_map(|r| layout::heading(r, header, ctx.schema))
        .any(|h| h.sets.iter().any(|(f, _)| *f == "category"))
}

pub(super) fn issue(
    r: &Reader<'_, '_>,
    ledger: &Ledger,
    code: IssueCode,
    row: u32,
    col: u32,
    message: String,
) -> Issue {
    Issue::new(code, &ledger.file, message)
        .sheet(&r.sheet.name)
        .at(row, col)
        .unit(&ledger.unit)
}

fn header_issues(r: &Reader<'_, '_>, ledger: &mut Ledger) {
    let row = r.header.row;
    if !r.missing.is_empty() {
        let mut i = issue(
            r,
            ledger,
            IssueCode::MissingColumn,
            row,
            0,
            format!(
                "{}缺少必填列：{}；本表各行均不计入汇总，请按模板补齐列后重新报送",
                r.header.kind.label(),
                r.missing.join("、")
            ),
        );
        i.value = r.missing.join("、");
        ledger.issues.push(i);
    }
    for c in &r.header.columns {
        if let Some(first) = c.duplicate_of {
            let label = c
                .field
                .as_deref()
                .and_then(|f| r.ctx.schema.field(r.header.kind, f))
                .map_or("", |f| f.label.as_str());
            let msg = format!(
                "“{}”与{}列都对应“{}”，按左边的{}列读取，本列未使用",
                c.header,
                crate::domain::column_letters(first),
                label,
                crate::domain::column_letters(first)
            );
            let i = issue(r, ledger, IssueCode::DuplicateColumn, row, c.col, msg)
                .value(c.header.clone());
            ledger.issues.push(i);
        } else if c.field.is_none() && !c.ignored {
            let msg = format!("表头“{}”不是标准列，内容作为附加信息保留在明细中", c.header);
            let i =
                issue(r, ledger, IssueCode::UnknownColumn, row, c.col, msg).value(c.header.clone());
            ledger.issues.push(i);
        }
    }
}
