//! Finding the header row of a sheet and mapping its columns to fields: one or two rows,
//! anywhere in the first 20, children of a merged parent inheriting its money unit.

use super::values::nfkc;
use crate::domain::MoneyUnit;
use crate::ingest::{CellValue, RawSheet};
use crate::schema::{FieldType, HeaderMatch, LedgerKind, Schema, normalize_header};
use std::collections::HashMap;

/// Rows searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// Headers that carry no data to keep and are not worth an `unknown-column` note.
const IGNORED_HEADERS: [&str; 5] = ["序号", "序", "排序", "行次", "No."];

/// One column of a found header.
#[derive(Debug, Clone)]
pub struct Column {
    pub col: u32,
    /// The header as written (child header for two-row headers).
    pub header: String,
    /// The field it maps to; `None` for extra data kept as is.
    pub field: Option<String>,
    /// The money unit from the header or its parent; `None` when the header gives none.
    pub unit: Option<MoneyUnit>,
    /// The header's own period (`2022年计划投资`, `1-3月完成投资`).
    pub year: Option<i32>,
    pub month: Option<u32>,
    /// Set on the second of two columns that map to one field.
    pub duplicate_of: Option<u32>,
    pub ignored: bool,
}

/// A header found in a sheet.
#[derive(Debug, Clone)]
pub struct Header {
    pub kind: LedgerKind,
    /// Zero-based row of the header (the parent row for two-row headers).
    pub row: u32,
    /// The first row after the header.
    pub data_from: u32,
    pub columns: Vec<Column>,
}

impl Header {
    #[must_use]
    pub fn column(&self, field: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.field.as_deref() == Some(field) && c.duplicate_of.is_none())
    }
}

/// Looks for the best header in the first rows: the row (or pair of rows) that maps the most
/// distinct fields of one ledger kind, with that kind's identifying field among them.
#[must_use]
pub fn find_header(sheet: &RawSheet, schema: &Schema) -> Option<Header> {
    let mut best: Option<(usize, Header)> = None;
    let mut matcher = Matcher {
        schema,
        seen: HashMap::new(),
    };
    for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let next_adjacent = sheet
            .rows
            .get(i + 1)
            .is_some_and(|n| n.index == row.index + 1);
        for kind in [LedgerKind::Project, LedgerKind::Task] {
            // A one-row header, and a two-row one when the next row is adjacent: the better wins.
            // Merges need not be known (ods has none): a child under an empty upper cell belongs
            // to the nearest parent on its left.
            let single = build(sheet, &mut matcher, kind, row.index, false);
            let upper = distinct_fields(&single);
            let mut candidates = vec![single];
            // Two rows only when the upper row is a header itself (a title row above a one-row
            // header is no parent) and the pair says at least as much as the lower row alone
            // (whose merged cells may already repeat the parents).
            if next_adjacent && upper > 0 {
                let pair = build(sheet, &mut matcher, kind, row.index, true);
                let below =
                    distinct_fields(&build(sheet, &mut matcher, kind, row.index + 1, false));
                let score = distinct_fields(&pair);
                if score > upper && score >= below {
                    candidates.push(pair);
                }
            }
            for header in candidates {
                let score = distinct_fields(&header);
                let identifying = match kind {
                    LedgerKind::Project => header.column("name").is_some(),
                    LedgerKind::Task => {
                        header.column("item").is_some() || header.column("target").is_some()
                    }
                };
                if identifying && score >= 3 && best.as_ref().is_none_or(|(s, _)| score > *s) {
                    best = Some((score, header));
                }
            }
        }
    }
    best.map(|(_, h)| h)
}

/// `Schema::match_header` for one sheet's search, each distinct header text matched once:
/// the same cells are tried as one-row, upper and lower headers, for both ledger kinds.
struct Matcher<'s> {
    schema: &'s Schema,
    seen: HashMap<(LedgerKind, String), Option<HeaderMatch>>,
}

impl Matcher<'_> {
    fn match_header(&mut self, kind: LedgerKind, key: &str) -> Option<HeaderMatch> {
        if let Some(m) = self.seen.get(&(kind, key.to_owned())) {
            return m.clone();
        }
        let m = self.schema.match_header(kind, key);
        self.seen.insert((kind, key.to_owned()), m.clone());
        m
    }
}

fn distinct_fields(header: &Header) -> usize {
    header
        .columns
        .iter()
        .filter(|c| c.field.is_some() && c.duplicate_of.is_none())
        .count()
}

fn build(
    sheet: &RawSheet,
    schema: &mut Matcher<'_>,
    kind: LedgerKind,
    row: u32,
    two_row: bool,
) -> Header {
    let upper = sheet.rows.iter().find(|r| r.index == row);
    let mut cols: Vec<u32> = upper
        .map(|r| r.cells.iter().map(|(c, _)| *c).collect())
        .unwrap_or_default();
    if two_row && let Some(lower) = sheet.rows.iter().find(|r| r.index == row + 1) {
        cols.extend(lower.cells.iter().map(|(c, _)| *c));
    }
    cols.sort_unstable();
    cols.dedup();
    let mut columns: Vec<Column> = Vec::new();
    for col in cols {
        let top = sheet.cell(row, col).and_then(header_text);
        let bottom = if two_row {
            sheet.cell(row + 1, col).and_then(header_text)
        } else {
            None
        };
        let (text, parent_unit) = match (top, bottom) {
            (Some(parent), Some(child)) if parent != child => (child, normalize_header(&parent).1),
            (Some(t), _) => (t, None),
            (None, Some(child)) => (child, parent_on_the_left(sheet, row, col)),
            (None, None) => continue,
        };
        let (key, own_unit) = normalize_header(&text);
        let matched = schema.match_header(kind, &key);
        let ignored = matched.is_none() && IGNORED_HEADERS.contains(&key.as_str());
        let mut column = Column {
            col,
            header: text.trim().to_owned(),
            field: matched.as_ref().map(|m| m.field.clone()),
            unit: own_unit.or(parent_unit),
            year: matched.as_ref().and_then(|m| m.year),
            month: matched.as_ref().and_then(|m| m.month),
            duplicate_of: None,
            ignored,
        };
        if let Some(field) = &column.field {
            column.duplicate_of = columns
                .iter()
                .find(|c| c.field.as_ref() == Some(field) && c.duplicate_of.is_none())
                .map(|c| c.col);
        }
        columns.push(column);
    }
    Header {
        kind,
        row,
        data_from: row + if two_row { 2 } else { 1 },
        columns,
    }
}

/// The money unit of the nearest upper-row header to the left: the parent of an unmerged child.
fn parent_on_the_left(sheet: &RawSheet, row: u32, col: u32) -> Option<MoneyUnit> {
    let upper = sheet.rows.iter().find(|r| r.index == row)?;
    let (_, parent) = upper.cells.iter().rev().find(|(c, _)| *c < col)?;
    normalize_header(&header_text(parent)?).1
}

fn header_text(cell: &CellValue) -> Option<String> {
    match cell {
        CellValue::Text(t) if !t.trim().is_empty() => Some(t.clone()),
        _ => None,
    }
}

/// The `单位：万元` written above the header, if any.
#[must_use]
pub fn unit_note_above(sheet: &RawSheet, header_row: u32) -> Option<MoneyUnit> {
    sheet
        .rows
        .iter()
        .take_while(|r| r.index < header_row)
        .flat_map(|r| r.cells.iter())
        .filter_map(|(_, v)| v.as_text())
        .find_map(|t| {
            let t: String = nfkc(t).chars().filter(|c| !c.is_whitespace()).collect();
            let after = t.split_once("单位:")?.1;
            let unit = after.trim_start_matches(['(', '（']);
            ["亿元", "万元", "元"]
                .iter()
                .find(|u| unit.starts_with(**u))
                .and_then(|u| MoneyUnit::from_text(u))
        })
}

/// Is the field a money field of the schema?
#[must_use]
pub fn is_money(schema: &Schema, kind: LedgerKind, field: &str) -> bool {
    schema
        .field(kind, field)
        .is_some_and(|f| f.ty == FieldType::Money)
}
