//! Tables longer than a worksheet: Excel stops at 1,048,576 rows, so a table that would pass
//! it goes on over `项目明细(2)`, `项目明细(3)` …, each sheet with the title, note and header,
//! the 序号 running on, and 汇总 says so. A sheet of many rows is written in constant memory:
//! its rows go to a temporary file as they are written instead of being held until the
//! workbook is saved, and they are made from the data as they are written, never all at once.

use super::style::Styles;
use super::table::{FIRST_DATA_ROW, Layout, MadeRows, Row, Table, write_rows};
use crate::report::sheets::SheetSink;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::ops::Range;

/// Rows of an Excel worksheet (title, note and header included).
pub const EXCEL_ROWS: u32 = 1_048_576;

/// Sheets of more data rows than this are written in constant memory.
const CONSTANT_MEMORY_ROWS: usize = 5_000;

/// Sheets of more data rows than this take their most common row height as the default.
const COMMON_HEIGHT_ROWS: usize = 100_000;

/// The data rows each sheet of a table of `n` rows holds when a sheet has `max_rows` rows:
/// at least one sheet, so that an empty table still shows its header.
#[must_use]
pub fn parts(n: usize, max_rows: u32) -> Vec<Range<usize>> {
    let per = usize::try_from(max_rows.saturating_sub(FIRST_DATA_ROW))
        .unwrap_or(usize::MAX)
        .max(1);
    if n == 0 {
        return std::iter::once(0..0).collect();
    }
    (0..n)
        .step_by(per)
        .map(|start| start..n.min(start.saturating_add(per)))
        .collect()
}

/// The name of a table's `k`-th sheet (from 0): `项目明细`, `项目明细(2)` …
#[must_use]
pub fn sheet_name(base: &str, k: usize) -> String {
    if k == 0 {
        base.to_owned()
    } else {
        format!("{base}({})", k + 1)
    }
}

/// The line 汇总 shows for a table of `n` rows that takes several sheets.
#[must_use]
pub fn note(base: &str, n: usize, max_rows: u32) -> Option<String> {
    let count = parts(n, max_rows).len();
    (count > 1).then(|| {
        let names: Vec<String> = (0..count).map(|k| sheet_name(base, k)).collect();
        format!(
            "{base}共{}行，超过Excel每张工作表{}行的上限，分{count}张表：{}",
            thousands(n),
            thousands(usize::try_from(max_rows).unwrap_or(usize::MAX)),
            names.join("、")
        )
    })
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// How a table's sheets hold their rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheets {
    /// Rows per sheet, title, note and header included.
    pub max_rows: u32,
    /// Every sheet in constant memory, however short: one of many sheets of a large workbook.
    pub stream: bool,
}

impl Sheets {
    /// Sheets of `max_rows` rows, in constant memory when long.
    #[must_use]
    pub fn of(max_rows: u32) -> Sheets {
        Sheets {
            max_rows,
            stream: false,
        }
    }
}

/// Writes a table of `n` rows, the `i`-th made by `make(i)`, over as many sheets as it needs
/// (named by [`sheet_name`]); `finish` adds what goes around each sheet's table.
///
/// # Errors
/// What `rust_xlsxwriter` or `finish` return.
#[allow(clippy::too_many_arguments)]
pub fn write_split<'a, F, G>(
    wb: &mut dyn SheetSink,
    base: &str,
    styles: &Styles,
    table: &Table<'_>,
    n: usize,
    make: F,
    sheets: Sheets,
    mut finish: G,
) -> Result<(), XlsxError>
where
    F: Fn(usize) -> Row<'a>,
    G: FnMut(&mut Worksheet, &Layout) -> Result<(), XlsxError>,
{
    let parts = parts(n, sheets.max_rows);
    let count = parts.len();
    for (k, range) in parts.into_iter().enumerate() {
        let ws = if sheets.stream || range.len() > CONSTANT_MEMORY_ROWS {
            wb.add_worksheet_with_constant_memory()?
        } else {
            wb.add_worksheet()
        };
        ws.set_name(sheet_name(base, k))?;
        let mut part = Table {
            title: table.title.clone(),
            left_note: table.left_note.clone(),
            right_note: table.right_note.clone(),
            columns: table.columns.clone(),
            rows: Vec::new(),
            paper: table.paper,
            freeze_cols: table.freeze_cols,
            filter: table.filter,
        };
        if count > 1 {
            part.title = format!("{}（第{}张，共{count}张）", table.title, k + 1);
        }
        let common_height = range.len() > COMMON_HEIGHT_ROWS;
        let layout = write_rows(
            ws,
            styles,
            &part,
            &MadeRows { range, make: &make },
            common_height,
        )?;
        finish(ws, &layout)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_takes_as_many_sheets_as_its_rows_need() {
        // 3 rows of title, note and header: a sheet of 10 rows holds 7 data rows.
        assert_eq!(parts(0, 10), vec![0..0]);
        assert_eq!(parts(7, 10), vec![0..7]);
        assert_eq!(parts(8, 10), vec![0..7, 7..8]);
        assert_eq!(parts(15, 10), vec![0..7, 7..14, 14..15]);
        assert_eq!(parts(1_048_573, EXCEL_ROWS).len(), 1);
        assert_eq!(parts(1_048_574, EXCEL_ROWS).len(), 2);
        assert_eq!(sheet_name("项目明细", 0), "项目明细");
        assert_eq!(sheet_name("项目明细", 1), "项目明细(2)");
        assert_eq!(note("项目明细", 7, 10), None);
        assert_eq!(
            note("项目明细", 1_200_000, EXCEL_ROWS).as_deref(),
            Some(
                "项目明细共1,200,000行，超过Excel每张工作表1,048,576行的上限，分2张表：项目明细、项目明细(2)"
            )
        );
    }
}
