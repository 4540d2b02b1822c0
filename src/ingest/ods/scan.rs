//! A walk over an .ods file's `content.xml` that counts what calamine would build for each
//! table (repeated rows, columns and spaces expanded), before calamine is let near it. The
//! same walk (over `styles.xml` first) finds which cells' number styles show a money unit.

use super::super::workbook::reason;
use super::super::{NumberUnits, ReadError};
use super::styles::Styles;
use super::tag::{Tag, number, read_tag, unescape};
use crate::domain::MoneyUnit;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use units::{column, note_units};

mod units;

/// calamine's caps on one table.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// What calamine would build for one table.
#[derive(Debug, Default)]
pub(super) struct TableCost {
    pub name: String,
    /// Cells of the dense grid spanning the table's values, repeated rows expanded.
    pub grid: u64,
    /// Cells pushed while reading rows (repeated columns expanded).
    pub pushed: u64,
    /// Bytes of text, repeated cells counted each time.
    pub text: u64,
    /// The cells whose number style shows a money unit.
    pub units: NumberUnits,
}

/// The table being walked.
#[derive(Default)]
struct Table {
    cost: TableCost,
    rows: u64,
    /// Rows from the first row with a value to the last, repeats expanded.
    span_rows: u64,
    /// Rows seen since the last row with a value (after the first).
    pending_rows: u64,
    seen_value: bool,
    col_min: u64,
    col_max: u64,
    /// Column ranges (first, last) whose default cell style shows a unit, left to right.
    columns: Vec<(u64, u64, MoneyUnit)>,
    next_column: u64,
}

/// The row being walked.
#[derive(Default)]
struct Row {
    /// The first row (zero-based) it stands for, and its default cell style's unit if it
    /// names a style.
    index: u64,
    #[allow(clippy::option_option)] // none: no default style; `Some(None)`: one showing no unit
    default: Option<Option<MoneyUnit>>,
    repeats: u64,
    cols: u64,
    pending_empty: u64,
    first: Option<u64>,
    last: u64,
}

/// The cell being walked.
#[derive(Default)]
struct Cell {
    repeats: u64,
    text_content: bool,
    text: u64,
    depth: u32,
}

/// Walks `styles.xml` (its common styles, if it can) and `content.xml`; at most `max_units`
/// cells with a unit in all.
pub(super) fn scan(path: &Path, max_units: usize) -> Result<Vec<TableCost>, ReadError> {
    let file = File::open(path).map_err(|e| ReadError::io(&e))?;
    let mut archive =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|e| reason(&e.to_string()))?;
    let mut walk = Walk {
        units_left: max_units,
        ..Walk::default()
    };
    if let Ok(styles) = archive.by_name("styles.xml") {
        // Only styles: a damaged part gives fewer of them, never an error.
        let _ = walk_part(&mut BufReader::new(styles), &mut walk);
        walk.tables.clear();
    }
    let content = archive
        .by_name("content.xml")
        .map_err(|e| reason(&e.to_string()))?;
    walk_part(&mut BufReader::new(content), &mut walk).map_err(|e| reason(&e.to_string()))?;
    Ok(walk.tables)
}

fn walk_part(xml: &mut BufReader<impl Read>, walk: &mut Walk) -> std::io::Result<()> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if xml.read_until(b'<', &mut buf)? == 0 {
            return Ok(());
        }
        let text = buf.len() - usize::from(buf.last() == Some(&b'<'));
        if let Some(c) = walk.cell.as_mut() {
            c.text += text as u64;
        }
        walk.styles.text(&buf[..text]);
        if buf.last() != Some(&b'<') {
            return Ok(());
        }
        if let Some(tag) = read_tag(xml, &mut buf)? {
            walk.tag(&tag);
        }
    }
}

/// Where the walk is: the tables done, and the table, row and cell open.
#[derive(Default)]
struct Walk {
    tables: Vec<TableCost>,
    table: Option<Table>,
    row: Option<Row>,
    cell: Option<Cell>,
    styles: Styles,
    /// Cells with a unit still to be recorded in the file.
    units_left: usize,
}

impl Walk {
    fn tag(&mut self, tag: &Tag) {
        match (&tag.name[..], tag.end) {
            (b"table:table-cell" | b"table:covered-table-cell", false) if self.cell.is_some() => {
                if let Some(c) = self.cell.as_mut() {
                    c.depth += u32::from(!tag.empty);
                }
            }
            (b"table:table-cell" | b"table:covered-table-cell", true) if self.cell.is_some() => {
                let Some(c) = self.cell.as_mut() else { return };
                if c.depth > 0 {
                    c.depth -= 1;
                } else if let (Some(c), Some(t)) = (self.cell.take(), self.table.as_mut()) {
                    end_cell(&c, t);
                }
            }
            (_, true) if self.cell.is_some() => {}
            (b"table:table-column", false) if self.cell.is_none() => {
                if let Some(t) = self.table.as_mut() {
                    column(tag, t, &self.styles);
                }
            }
            (_, false) if self.cell.is_some() => {
                let Some(c) = self.cell.as_mut() else { return };
                if c.text_content {
                    c.text += match &tag.name[..] {
                        b"text:s" => tag.attr(b"text:c").as_deref().and_then(number).unwrap_or(1),
                        b"text:p" | b"text:tab" | b"text:line-break" => 1,
                        _ => 0,
                    };
                }
            }
            (b"table:table", false) if self.table.is_none() => {
                if let Some(name) = tag.attr(b"table:name") {
                    self.table = Some(Table {
                        cost: TableCost {
                            name: unescape(&name),
                            ..TableCost::default()
                        },
                        col_min: u64::MAX,
                        ..Table::default()
                    });
                    if tag.empty {
                        self.tables.extend(self.table.take().map(end_table));
                    }
                }
            }
            (b"table:table", true) => self.tables.extend(self.table.take().map(end_table)),
            (b"table:table-row", false) => {
                if let Some(t) = self.table.as_mut() {
                    let asked = tag
                        .attr(b"table:number-rows-repeated")
                        .as_deref()
                        .and_then(number)
                        .unwrap_or(1);
                    let repeats = asked.min(MAX_ROWS.saturating_sub(t.rows));
                    let default = tag
                        .attr(b"table:default-cell-style-name")
                        .map(|n| self.styles.unit(&unescape(&n)));
                    self.row = Some(Row {
                        index: t.rows,
                        default,
                        repeats,
                        ..Row::default()
                    });
                    t.rows += repeats;
                    if tag.empty {
                        end_row(self.row.take(), t);
                    }
                }
            }
            (b"table:table-row", true) => {
                if let Some(t) = self.table.as_mut() {
                    end_row(self.row.take(), t);
                }
            }
            (b"table:table-cell" | b"table:covered-table-cell", false) => {
                if let (Some(r), Some(t)) = (self.row.as_mut(), self.table.as_mut()) {
                    let c = start_cell(tag, r, t, (&self.styles, &mut self.units_left));
                    if tag.empty {
                        end_cell(&c, t);
                    } else {
                        self.cell = Some(c);
                    }
                }
            }
            _ => self.styles.tag(tag),
        }
    }
}

fn start_cell(
    tag: &Tag,
    row: &mut Row,
    table: &mut Table,
    (styles, left): (&Styles, &mut usize),
) -> Cell {
    let asked = tag
        .attr(b"table:number-columns-repeated")
        .as_deref()
        .and_then(number)
        .unwrap_or(1);
    // Empty cells before this one are added when it comes.
    let room = MAX_COLUMNS.saturating_sub(row.cols);
    row.cols += row.pending_empty.min(room);
    row.pending_empty = 0;
    let repeats = asked.min(MAX_COLUMNS.saturating_sub(row.cols));
    let formula = tag.attr(b"table:formula").map_or(0, |f| f.len() as u64);
    let valued = [
        &b"office:value"[..],
        b"office:string-value",
        b"office:date-value",
        b"office:time-value",
        b"office:boolean-value",
    ]
    .iter()
    .any(|a| tag.attr(a).is_some());
    let string_value = tag
        .attr(b"office:string-value")
        .map_or(0, |s| s.len() as u64);
    let text_content = tag.attr(b"office:value-type").as_deref() == Some(b"string")
        || tag.attr(b"calcext:value-type").as_deref() == Some(b"error");
    if valued || text_content || formula > 0 {
        note_units(tag, (row, row.cols, repeats), table, styles, left);
        row.first.get_or_insert(row.cols);
        row.cols += repeats;
        row.last = row.cols.saturating_sub(1);
        table.cost.text = table
            .cost
            .text
            .saturating_add((formula + string_value).saturating_mul(repeats));
    } else {
        row.pending_empty = repeats;
    }
    Cell {
        repeats,
        text_content: text_content && string_value == 0,
        text: 0,
        depth: 0,
    }
}

fn end_cell(cell: &Cell, table: &mut Table) {
    if cell.text_content {
        table.cost.text = table
            .cost
            .text
            .saturating_add(cell.text.saturating_mul(cell.repeats));
    }
}

fn end_row(row: Option<Row>, table: &mut Table) {
    let Some(row) = row else { return };
    table.cost.pushed = table.cost.pushed.saturating_add(row.cols);
    match row.first {
        Some(first) => {
            table.span_rows = table
                .span_rows
                .saturating_add(table.pending_rows)
                .saturating_add(row.repeats);
            table.pending_rows = 0;
            table.seen_value = true;
            table.col_min = table.col_min.min(first);
            table.col_max = table.col_max.max(row.last);
        }
        None if table.seen_value => {
            table.pending_rows = table.pending_rows.saturating_add(row.repeats);
        }
        None => {}
    }
}

fn end_table(mut table: Table) -> TableCost {
    if table.seen_value {
        let width = table.col_max.saturating_sub(table.col_min) + 1;
        table.cost.grid = table.span_rows.saturating_mul(width);
    }
    table.cost
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(content: &str) -> Vec<TableCost> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.ods");
        let mut zip = zip::ZipWriter::new(File::create(&path).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("content.xml", opts).unwrap();
        std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        zip.finish().unwrap();
        scan(&path, 1000).unwrap()
    }

    #[test]
    fn counts_what_calamine_would_expand() {
        let t = cost(
            r#"<office:body><table:table table:name="表1"><table:table-row>
            <table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/></text:p></table:table-cell>
            <table:table-cell table:number-columns-repeated="100"/>
            <table:table-cell office:value-type="float" office:value="1"/>
            </table:table-row><table:table-row table:number-rows-repeated="5000"><table:table-cell/></table:table-row>
            <table:table-row><table:table-cell office:value-type="float" office:value="2" table:number-columns-repeated="3"/></table:table-row>
            </table:table></office:body>"#,
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].name, "表1");
        assert_eq!(t[0].grid, 5002 * 102);
        assert!(t[0].text > 4_000_000_000);
    }

    #[test]
    fn a_quoted_angle_bracket_stays_in_its_tag() {
        let t = cost(
            r#"<table:table table:name="a&amp;b"><table:table-row><table:table-cell table:formula="of:=[.A1]>0" office:value="1"/></table:table-row></table:table>"#,
        );
        assert_eq!((t[0].name.as_str(), t[0].grid), ("a&b", 1));
    }
}
