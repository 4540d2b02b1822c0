//! A sheet filled cell by cell by a streaming reader (`SpreadsheetML`, HTML): each position is
//! checked against Excel's grid and each value against the sheet's and the file's budget before
//! it is stored, so a hostile index or span costs nothing but an issue.

use super::{Budget, CellValue, MAX_COLS, MAX_ROWS, Merge, RawSheet, ReadLimits};
use super::{sheet_from, too_large};
use crate::issue::{Issue, IssueCode, a1};

/// One sheet being read.
#[derive(Debug)]
pub(super) struct Grid {
    pub name: String,
    cells: Vec<(u32, u32, CellValue)>,
    merges: Vec<Merge>,
    /// Past the cell or text budget: the sheet is refused, the rest of it skipped.
    refused: bool,
    /// Values placed outside Excel's grid: how many, and the first of them (one-based).
    outside: Option<(usize, u64, u64)>,
}

impl Grid {
    pub fn new(name: String) -> Self {
        Grid {
            name,
            cells: Vec::new(),
            merges: Vec::new(),
            refused: false,
            outside: None,
        }
    }

    /// Stores a value at a zero-based position, with the rows below and columns right that its
    /// merge covers (clamped to the grid). A merge without a value has nothing to fill.
    pub fn put(
        &mut self,
        (row, col): (u64, u64),
        value: CellValue,
        (down, across): (u64, u64),
        budget: &mut Budget,
        limits: &ReadLimits,
    ) {
        if self.refused {
            return;
        }
        let (Ok(r), Ok(c)) = (u32::try_from(row), u32::try_from(col)) else {
            self.outside(row, col);
            return;
        };
        if r >= MAX_ROWS || c >= MAX_COLS {
            self.outside(row, col);
            return;
        }
        if self.cells.len() >= limits.max_cells_per_sheet || !budget.take(&value) {
            budget.give_back(&self.cells);
            self.cells = Vec::new();
            self.merges = Vec::new();
            self.refused = true;
            return;
        }
        self.cells.push((r, c, value));
        if down > 0 || across > 0 {
            let clamp = |start: u32, span: u64, max: u32| {
                u32::try_from(u64::from(start).saturating_add(span))
                    .unwrap_or(max - 1)
                    .min(max - 1)
            };
            self.merges.push(Merge {
                first_row: r,
                first_col: c,
                last_row: clamp(r, down, MAX_ROWS),
                last_col: clamp(c, across, MAX_COLS),
            });
        }
    }

    fn outside(&mut self, row: u64, col: u64) {
        let entry = self
            .outside
            .get_or_insert((0, row.saturating_add(1), col.saturating_add(1)));
        entry.0 += 1;
    }

    /// Has the sheet any value so far?
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && !self.refused
    }

    /// The read sheet, with its issues; `None` when it was refused as too large.
    pub fn finish(
        self,
        file: &str,
        limits: &ReadLimits,
        issues: &mut Vec<Issue>,
    ) -> Option<RawSheet> {
        if let Some((count, row, col)) = self.outside {
            let first = match (u32::try_from(row - 1), u32::try_from(col - 1)) {
                (Ok(r), Ok(c)) if r < MAX_ROWS && c < MAX_COLS => a1(r, c),
                _ => format!("第{row}行第{col}列"),
            };
            issues.push(
                Issue::new(
                    IssueCode::SheetTooLarge,
                    file,
                    format!(
                        "工作表有{count}个单元格的位置（如第{row}行第{col}列）超出Excel表格范围（{MAX_ROWS}行×{MAX_COLS}列），这些单元格未读取；其余内容已读取"
                    ),
                )
                .sheet(&self.name)
                .value(first),
            );
        }
        if self.refused {
            issues.push(too_large(
                file,
                &self.name,
                &format!(
                    "超过{}个单元格，或全文件超过{}个单元格、{} MB文字",
                    limits.max_cells_per_sheet,
                    limits.max_cells_per_file,
                    limits.max_text_bytes >> 20
                ),
            ));
            return None;
        }
        Some(sheet_from(
            file,
            &self.name,
            self.cells,
            self.merges,
            limits,
            issues,
        ))
    }
}
