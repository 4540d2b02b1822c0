//! The sheet as read: cell values with their positions, sparse, merged ranges filled in.

use super::merges::MergeIndex;
use std::fmt::Write as _;

/// One cell's value as the file holds it (formulas by their cached value).
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Text(String),
    Number(f64),
    /// An Excel date serial (days since 1899-12-30).
    Date(f64),
    Bool(bool),
    /// An error value such as `#REF!`.
    Error(String),
}

impl CellValue {
    /// The value as a person reads it in the cell, for messages and text fields.
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            CellValue::Text(s) | CellValue::Error(s) => s.clone(),
            CellValue::Number(n) => format_number(*n),
            CellValue::Date(serial) => super::serial_to_date(*serial)
                .map_or_else(|| format_number(*serial), |d| d.to_string()),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        }
    }

    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match self {
            CellValue::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Bytes held on the heap, for the memory budget of a file.
    pub(crate) fn heap_bytes(&self) -> usize {
        match self {
            CellValue::Text(s) | CellValue::Error(s) => s.len(),
            _ => 0,
        }
    }
}

fn format_number(n: f64) -> String {
    let s = format!("{n:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One non-empty row: its zero-based index and its cells by zero-based column, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub index: u32,
    pub cells: Vec<(u32, CellValue)>,
}

impl RawRow {
    #[must_use]
    pub fn get(&self, col: u32) -> Option<&CellValue> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

/// A merged range, zero-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    /// `A1:C2`, for messages.
    #[must_use]
    pub fn a1(&self) -> String {
        let mut s = crate::issue::a1(self.first_row, self.first_col);
        let _ = write!(s, ":{}", crate::issue::a1(self.last_row, self.last_col));
        s
    }
}

/// How many cells filling merged ranges may add to one sheet built by `RawSheet::from_cells`.
/// A merge over a whole sheet next to a stray far-away cell must not fill billions of cells.
pub const MERGE_FILL_BUDGET: usize = 2_000_000;

/// A sheet as read: only the non-empty rows, sparse, so a stray far-away cell costs one cell.
/// Merged ranges are already filled: every covered cell holds the top-left value.
#[derive(Debug, Clone, PartialEq, Default)]
///
/// Build it with `from_cells`: the merges are indexed then, and a sheet whose rows or merges
/// change afterwards is answered by scanning its merges.
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<RawRow>,
    pub merges: Vec<Merge>,
    /// Cells whose number format shows a money unit (`0.00"亿元"`), from every reader that keeps
    /// styles: xlsx, xls, ods, `SpreadsheetML` and HTML (3A.3).
    pub number_units: super::NumberUnits,
    index: MergeIndex,
}

impl RawSheet {
    /// Builds a sheet from cells in any order, filling merged ranges (within
    /// `MERGE_FILL_BUDGET` cells; past it a merge keeps its value in its top-left cell only).
    #[must_use]
    pub fn from_cells(name: &str, cells: Vec<(u32, u32, CellValue)>, merges: Vec<Merge>) -> Self {
        Self::build(name, cells, merges, MERGE_FILL_BUDGET).0
    }

    /// `from_cells` with a fill budget; also gives the merges left unfilled for want of it,
    /// and those dropped for want of room in the index.
    pub(crate) fn build(
        name: &str,
        mut cells: Vec<(u32, u32, CellValue)>,
        merges: Vec<Merge>,
        fill_budget: usize,
    ) -> (Self, Vec<Merge>, Vec<Merge>) {
        let (max_row, max_col) = cells
            .iter()
            .fold((0, 0), |(r, c), (row, col, _)| (r.max(*row), c.max(*col)));
        // A stable sort keeps the first of two values read for one cell, as before.
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        cells.dedup_by_key(|(r, c, _)| (*r, *c));
        let mut merges = merges;
        merges.dedup();
        let mut fills = Vec::new();
        let mut unfilled = Vec::new();
        let mut budget = fill_budget;
        for m in &merges {
            let Ok(i) =
                cells.binary_search_by_key(&(m.first_row, m.first_col), |(r, c, _)| (*r, *c))
            else {
                continue;
            };
            // Clamped to the used area: a merge over a whole column must not fill a million rows.
            let (last_row, last_col) = (m.last_row.min(max_row), m.last_col.min(max_col));
            if last_row < m.first_row || last_col < m.first_col {
                continue;
            }
            let area =
                (u64::from(last_row - m.first_row) + 1) * (u64::from(last_col - m.first_col) + 1);
            let value = &cells[i].2;
            // A long text counts for more than one cell: each copy holds the whole text.
            let cost = area.saturating_mul(1 + value.heap_bytes() as u64 / 64);
            if cost > budget as u64 {
                unfilled.push(*m);
                continue;
            }
            budget -= usize::try_from(cost).unwrap_or(budget);
            for r in m.first_row..=last_row {
                for c in m.first_col..=last_col {
                    if (r, c) != (m.first_row, m.first_col) {
                        fills.push((r, c, value.clone()));
                    }
                }
            }
        }
        if !fills.is_empty() {
            cells.extend(fills);
            cells.sort_by_key(|(r, c, _)| (*r, *c));
            cells.dedup_by_key(|(r, c, _)| (*r, *c));
        }
        let mut rows: Vec<RawRow> = Vec::new();
        for (r, c, v) in cells {
            match rows.last_mut() {
                Some(last) if last.index == r => last.cells.push((c, v)),
                _ => rows.push(RawRow {
                    index: r,
                    cells: vec![(c, v)],
                }),
            }
        }
        let (index, dropped) = MergeIndex::build(&rows, &merges);
        let mut dropped: Vec<Merge> = dropped
            .into_iter()
            .rev()
            .map(|i| merges.remove(i))
            .collect();
        dropped.reverse();
        let sheet = RawSheet {
            name: name.to_owned(),
            rows,
            merges,
            number_units: super::NumberUnits::new(),
            index,
        };
        (sheet, unfilled, dropped)
    }

    #[must_use]
    pub fn cell(&self, row: u32, col: u32) -> Option<&CellValue> {
        let i = self.rows.binary_search_by_key(&row, |r| r.index).ok()?;
        self.rows[i].get(col)
    }

    /// Is the cell covered by a merge without being its top-left (a filled-in copy)?
    #[must_use]
    pub fn is_merge_copy(&self, row: u32, col: u32) -> bool {
        if let Some(found) = self.index.lookup(&self.rows, &self.merges, row, col) {
            return found.is_some_and(|m| (row, col) != (m.first_row, m.first_col));
        }
        self.merges.iter().any(|m| {
            (m.first_row..=m.last_row).contains(&row)
                && (m.first_col..=m.last_col).contains(&col)
                && (row, col) != (m.first_row, m.first_col)
        })
    }

    /// Is the cell the top-left of, or covered by, a merge spanning several columns?
    #[must_use]
    pub fn merged_across(&self, row: u32, col: u32) -> Option<Merge> {
        if let Some(found) = self.index.lookup(&self.rows, &self.merges, row, col) {
            return found.filter(|m| m.first_col < m.last_col).copied();
        }
        self.merges.iter().copied().find(|m| {
            m.first_col < m.last_col
                && (m.first_row..=m.last_row).contains(&row)
                && (m.first_col..=m.last_col).contains(&col)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_owned())
    }

    #[test]
    fn merges_fill_their_range_within_the_used_area() {
        let merge = Merge {
            first_row: 0,
            first_col: 0,
            last_row: 1_048_575,
            last_col: 1,
        };
        let sheet = RawSheet::from_cells(
            "s",
            vec![(0, 0, text("区建管委")), (2, 1, text("x"))],
            vec![merge],
        );
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.cell(2, 0), Some(&text("区建管委")));
        assert!(sheet.is_merge_copy(1, 1));
    }

    #[test]
    fn a_merge_over_the_whole_sheet_next_to_a_far_cell_stays_unfilled() {
        let merge = Merge {
            first_row: 0,
            first_col: 0,
            last_row: 1_048_575,
            last_col: 16_383,
        };
        let cells = vec![(0, 0, text("标题")), (1_048_575, 16_383, text("x"))];
        let (sheet, unfilled, _) = RawSheet::build("s", cells, vec![merge], 1000);
        assert_eq!(unfilled, vec![merge]);
        assert_eq!(sheet.rows.len(), 2);
    }

    #[test]
    fn the_first_of_two_values_for_one_cell_is_kept() {
        let sheet = RawSheet::from_cells("s", vec![(0, 0, text("a")), (0, 0, text("b"))], vec![]);
        assert_eq!(sheet.cell(0, 0), Some(&text("a")));
    }
}
