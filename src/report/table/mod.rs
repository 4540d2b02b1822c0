//! One printable table per sheet, the shape every sheet of every workbook shares: a merged title,
//! a note row (`单位：亿元` left, `截至…` right), a bold header frozen and filtered, bordered
//! data rows, column widths measured from the content (CJK counted as two), and the print
//! setup (landscape, fit to one page wide, title and header repeated, page numbers).

use super::style::{Emphasis, Kind, Styles, cell_text, text_width, width_for, wrapped_lines};
use rust_xlsxwriter::{ColNum, ConditionalFormatFormula, Formula, RowNum, Worksheet, XlsxError};

use crate::domain::{MoneyUnit, Period};

mod cells;

pub use cells::{Column, MadeRows, Row, RowSource, Value};

pub const TITLE_ROW: RowNum = 0;
pub const NOTE_ROW: RowNum = 1;
pub const HEADER_ROW: RowNum = 2;
pub const FIRST_DATA_ROW: RowNum = 3;

const MIN_WIDTH: f64 = 6.0;
/// A numeric column's header wraps rather than widening the column past its numbers.
const NUMERIC_HEADER_CAP: usize = 8;
/// Points per wrapped line of 11-point CJK text, with room for the larger CJK fonts.
pub const LINE_HEIGHT: f64 = 16.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
}

/// A sheet's table.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    pub title: String,
    pub left_note: String,
    pub right_note: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row<'a>>,
    pub paper: Paper,
    /// Columns kept in view when scrolling right (the 序号 and name columns).
    pub freeze_cols: ColNum,
    /// An autofilter on the header (not on a grouped table made for printing).
    pub filter: bool,
}

impl<'a> Table<'a> {
    /// A table of the period: titled `2022年3月…`, with `截至…` on the right. A table that holds
    /// money says its unit on the left ([`Table::in_unit`]); the others leave it blank.
    #[must_use]
    pub fn of_period(
        period: Period,
        what: &str,
        columns: Vec<Column>,
        rows: Vec<Row<'a>>,
        paper: Paper,
    ) -> Self {
        Table {
            title: format!("{}年{}月{what}", period.year, period.month),
            left_note: String::new(),
            right_note: period.as_of_label(),
            columns,
            rows,
            paper,
            freeze_cols: 0,
            filter: true,
        }
    }

    /// The same table, noting `单位：万元` on the left.
    #[must_use]
    pub fn in_unit(mut self, unit: MoneyUnit) -> Self {
        self.left_note = format!("单位：{}", unit.label());
        self
    }

    /// The same table, with `note` on the left.
    #[must_use]
    pub fn noted(mut self, note: String) -> Self {
        self.left_note = note;
        self
    }

    /// The same table, keeping its first `n` columns in view when scrolling right.
    #[must_use]
    pub fn frozen(mut self, n: ColNum) -> Self {
        self.freeze_cols = n;
        self
    }
}

/// Where the table ended up, for what the caller adds around it.
#[derive(Debug, Clone)]
pub struct Layout {
    pub widths: Vec<f64>,
    /// The last data row (the header row when there is no data).
    pub last_row: RowNum,
}

impl Layout {
    pub fn last_col(&self) -> ColNum {
        ColNum::try_from(self.widths.len().saturating_sub(1)).unwrap_or(0)
    }

    pub fn has_data(&self) -> bool {
        self.last_row >= FIRST_DATA_ROW
    }
}

/// Writes the table with its formats, widths, panes, filter and print setup.
pub fn write_table(
    ws: &mut Worksheet,
    styles: &Styles,
    table: &Table<'_>,
) -> Result<Layout, XlsxError> {
    write_rows(ws, styles, table, &table.rows, false)
}

/// Writes the table with its rows from `rows` (the table's own `rows` are not used). The rows
/// are walked twice: for the column widths, then for the cells.
///
/// With `common_height` (for very long tables), a third walk finds the height most rows need
/// and makes it the sheet's default, so that only the other rows carry their own height: the
/// writer keeps every row's own height in memory until the workbook is saved.
pub fn write_rows(
    ws: &mut Worksheet,
    styles: &Styles,
    table: &Table<'_>,
    rows: &dyn RowSource,
    common_height: bool,
) -> Result<Layout, XlsxError> {
    let widths = column_widths(table, rows)?;
    // Each row's line count, when a walk has already measured them.
    let (common_lines, measured) = if common_height {
        let (lines, measured) = most_common_lines(table, rows, &widths)?;
        ws.set_default_row_height(row_height(lines));
        (Some(lines), measured)
    } else {
        (None, Vec::new())
    };
    let last_col = ColNum::try_from(widths.len().saturating_sub(1)).unwrap_or(0);
    for (col, width) in (0..).zip(&widths) {
        ws.set_column_width(col, *width)?;
    }
    write_heading(ws, styles, table, &widths)?;

    let mut row = HEADER_ROW;
    // Trailing 合计 rows stay out of the filter, so that sorting never moves them.
    let mut totals: RowNum = 0;
    rows.each(&mut |data| {
        row += 1;
        totals = if data.emphasis == Emphasis::Total {
            totals + 1
        } else {
            0
        };
        for (col, column) in (0..).zip(&table.columns) {
            let value = data.values.get(usize::from(col)).unwrap_or(&Value::Blank);
            write_value(ws, row, col, value, styles, column.kind, data.emphasis)?;
        }
        // Viewers differ in whether they fit rows of wrapped text on opening (LibreOffice does
        // not): give each row the height its longest text needs.
        let index = usize::try_from(row - FIRST_DATA_ROW).unwrap_or(usize::MAX);
        let lines = measured
            .get(index)
            .map_or_else(|| row_lines(table, data, &widths), |l| usize::from(*l));
        if common_lines != Some(lines) {
            ws.set_row_height(row, row_height(lines))?;
        }
        Ok(())
    })?;
    ws.set_freeze_panes(FIRST_DATA_ROW, table.freeze_cols)?;
    if table.filter {
        ws.autofilter(HEADER_ROW, 0, row - totals, last_col)?;
    }
    print_setup(ws, table.paper)?;
    Ok(Layout {
        widths,
        last_row: row,
    })
}

/// The title, the two notes and the header row above the data.
fn write_heading(
    ws: &mut Worksheet,
    styles: &Styles,
    table: &Table<'_>,
    widths: &[f64],
) -> Result<(), XlsxError> {
    let last_col = ColNum::try_from(widths.len().saturating_sub(1)).unwrap_or(0);
    merged(ws, TITLE_ROW, 0, last_col, &table.title, &styles.title)?;
    ws.set_row_height(TITLE_ROW, 30)?;
    let split = last_col.div_ceil(2);
    merged(
        ws,
        NOTE_ROW,
        0,
        split.saturating_sub(1),
        &table.left_note,
        &styles.note_left,
    )?;
    if split <= last_col {
        merged(
            ws,
            NOTE_ROW,
            split,
            last_col,
            &table.right_note,
            &styles.note_right,
        )?;
    }
    ws.set_row_height(NOTE_ROW, 20)?;
    let header_lines = table
        .columns
        .iter()
        .zip(widths)
        .map(|(c, w)| wrapped_lines(&c.header, *w))
        .max()
        .unwrap_or(1);
    for (col, column) in (0..).zip(&table.columns) {
        ws.write_string_with_format(HEADER_ROW, col, &column.header, &styles.header)?;
    }
    ws.set_row_height(HEADER_ROW, row_height(header_lines))?;
    Ok(())
}

/// Lines the longest text of a row takes in its column.
fn row_lines(table: &Table<'_>, data: &Row<'_>, widths: &[f64]) -> usize {
    let mut lines = 1;
    for (i, _) in table.columns.iter().enumerate() {
        if let Some(Value::Text(s)) = data.values.get(i) {
            lines = lines.max(wrapped_lines(s, widths[i]));
        }
    }
    lines
}

/// The line count most rows have (the fewest lines on a tie), and each row's.
fn most_common_lines(
    table: &Table<'_>,
    rows: &dyn RowSource,
    widths: &[f64],
) -> Result<(usize, Vec<u16>), XlsxError> {
    let mut counts: Vec<usize> = Vec::new();
    let mut measured: Vec<u16> = Vec::new();
    rows.each(&mut |data| {
        let lines = row_lines(table, data, widths);
        if counts.len() <= lines {
            counts.resize(lines + 1, 0);
        }
        counts[lines] += 1;
        measured.push(u16::try_from(lines).unwrap_or(u16::MAX));
        Ok(())
    })?;
    let common = counts
        .iter()
        .enumerate()
        .max_by_key(|(lines, n)| (**n, std::cmp::Reverse(*lines)))
        .map_or(1, |(lines, _)| lines.max(1));
    Ok((common, measured))
}

/// Points for `lines` lines of wrapped text, with some air.
#[allow(clippy::cast_precision_loss)]
pub fn row_height(lines: usize) -> f64 {
    LINE_HEIGHT * lines as f64 + 4.0
}

/// Writes one value in the format of its column and row.
pub fn write_value(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: &Value<'_>,
    styles: &Styles,
    kind: Kind,
    emphasis: Emphasis,
) -> Result<(), XlsxError> {
    let format = styles.cell(kind, emphasis);
    match value {
        Value::Text(s) => ws.write_string_with_format(row, col, cell_text(s), format)?,
        #[allow(clippy::cast_precision_loss)]
        Value::Int(i) => ws.write_number_with_format(row, col, *i as f64, format)?,
        Value::Num(n) => ws.write_number_with_format(row, col, *n, format)?,
        Value::Date(d) => ws.write_datetime_with_format(row, col, d, format)?,
        Value::DateTime(d) => ws.write_datetime_with_format(row, col, d, format)?,
        Value::Formula(f, result) => {
            let result = result.map(|n| n.to_string()).unwrap_or_default();
            ws.write_formula_with_format(row, col, Formula::new(f).set_result(result), format)?
        }
        Value::Blank => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

/// A merged range, or the single cell when the range is one cell wide.
pub fn merged(
    ws: &mut Worksheet,
    row: RowNum,
    first_col: ColNum,
    last_col: ColNum,
    text: &str,
    format: &rust_xlsxwriter::Format,
) -> Result<(), XlsxError> {
    if last_col > first_col {
        ws.merge_range(row, first_col, row, last_col, cell_text(text), format)?;
    } else {
        ws.write_string_with_format(row, first_col, cell_text(text), format)?;
    }
    Ok(())
}

/// Highlights whole data rows where `rule` (a formula written for the first data row, with
/// `$`-anchored columns) holds: the highlight follows the row when the table is sorted.
pub fn highlight_rows(ws: &mut Worksheet, layout: &Layout, rule: &str) -> Result<(), XlsxError> {
    if layout.has_data() {
        let cf = ConditionalFormatFormula::new()
            .set_rule(rule)
            .set_format(super::style::alert());
        ws.add_conditional_format(FIRST_DATA_ROW, 0, layout.last_row, layout.last_col(), &cf)?;
    }
    Ok(())
}

/// Landscape, fit to one page wide, title and header repeated, `第&P页 共&N页`.
fn print_setup(ws: &mut Worksheet, paper: Paper) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(match paper {
        Paper::A4 => 9,
        Paper::A3 => 8,
    });
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(TITLE_ROW, HEADER_ROW)?;
    ws.set_footer("&C第&P页 共&N页");
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_screen_gridlines(false);
    ws.set_print_gridlines(false);
    Ok(())
}

/// Each column as wide as its widest value or header (CJK counted as two), within
/// `MIN_WIDTH..=max_width`; a numeric column's header wraps instead of widening it.
fn column_widths(table: &Table<'_>, rows: &dyn RowSource) -> Result<Vec<f64>, XlsxError> {
    let mut content = vec![0usize; table.columns.len()];
    rows.each(&mut |r| {
        for ((widest, column), value) in content.iter_mut().zip(&table.columns).zip(&r.values) {
            *widest = (*widest).max(value.width(column.kind));
        }
        Ok(())
    })?;
    Ok(table
        .columns
        .iter()
        .zip(content)
        .map(|(column, content)| {
            let header = text_width(&column.header);
            let header = match column.kind {
                Kind::Text | Kind::Center => header,
                _ => header.min(NUMERIC_HEADER_CAP),
            };
            width_for(content.max(header)).clamp(MIN_WIDTH, column.max_width.max(MIN_WIDTH))
        })
        .collect())
}
