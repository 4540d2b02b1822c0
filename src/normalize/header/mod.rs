//! Finding the header row of a sheet and mapping its columns to fields: one or two rows,
//! anywhere in the first 20, children of a merged parent inheriting its money unit.

use super::values::nfkc;
use crate::config::Layout;
use crate::domain::MoneyUnit;
use crate::ingest::{CellValue, RawSheet};
use crate::schema::{FieldType, HeaderMatch, LedgerKind, Schema, normalize_header};
use std::collections::HashMap;

mod below;

use below::{with_month_columns, with_unit_row};

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
    /// The headers above it, outermost first (empty for a one-row header).
    pub parents: Vec<String>,
    /// The money unit from the header or its parent; `None` when the header gives none.
    pub unit: Option<MoneyUnit>,
    /// Where `unit` came from (`Sheet`: the header gives none).
    pub unit_from: UnitSource,
    /// The header's own period (`2022年计划投资`, `1-3月完成投资`).
    pub year: Option<i32>,
    pub month: Option<u32>,
    /// The field was given by a `[[layout]]` entry of the config (3A.10).
    pub field_configured: bool,
    /// Set on the second of two columns that map to one field.
    pub duplicate_of: Option<u32>,
    pub ignored: bool,
    /// A month's completion column (`1月` … `12月`, `3月完成`) among several (3A.9).
    pub month_of: Option<u32>,
}

/// Where a column's money unit came from (3A.3), for `check --explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitSource {
    Header,
    ParentHeader,
    UnitRow,
    /// A `[[layout]]` entry of the config: it beats the cells' number formats.
    Configured,
    /// None of its own: the sheet's `单位：` cell or the config default.
    Sheet,
}

/// A header found in a sheet.
#[derive(Debug, Clone)]
pub struct Header {
    pub kind: LedgerKind,
    /// Zero-based row of the header (the parent row for two-row headers).
    pub row: u32,
    /// The first row after the header (and its unit row).
    pub data_from: u32,
    /// A row under the header that states only units (3A.3), if any.
    pub unit_row: Option<u32>,
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
/// distinct fields of one ledger kind, with that kind's identifying field among them. A
/// `[[layout]]` entry of the config may name the header rows and columns' fields and units.
#[must_use]
pub fn find_header(sheet: &RawSheet, schema: &Schema, layout: Option<&Layout>) -> Option<Header> {
    let mut matcher = Matcher {
        schema,
        layout,
        seen: HashMap::new(),
    };
    if let Some((row, depth)) = layout.and_then(|l| l.header_rows) {
        // The clerk said where the header is: the kind it says more of, whatever it lacks
        // (row reading names the missing columns).
        let project = build(sheet, &mut matcher, LedgerKind::Project, row, depth);
        let task = build(sheet, &mut matcher, LedgerKind::Task, row, depth);
        let header = if distinct_fields(&task) > distinct_fields(&project) {
            task
        } else {
            project
        };
        return Some(with_month_columns(with_unit_row(sheet, header)));
    }
    let mut best: Option<(usize, Header)> = None;
    for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let next_adjacent = sheet
            .rows
            .get(i + 1)
            .is_some_and(|n| n.index == row.index + 1);
        for kind in [LedgerKind::Project, LedgerKind::Task] {
            // A one-row header, and a two-row one when the next row is adjacent: the better wins.
            // Merges need not be known (ods has none): a child under an empty upper cell belongs
            // to the nearest parent on its left.
            let single = build(sheet, &mut matcher, kind, row.index, 1);
            let upper = distinct_fields(&single);
            let mut candidates = vec![single];
            // Two rows only when the upper row is a header itself (a title row above a one-row
            // header is no parent) and the pair says at least as much as the lower row alone
            // (whose merged cells may already repeat the parents).
            if next_adjacent && upper > 0 {
                let pair = build(sheet, &mut matcher, kind, row.index, 2);
                let below = distinct_fields(&build(sheet, &mut matcher, kind, row.index + 1, 1));
                let score = distinct_fields(&pair);
                if score > upper && score >= below {
                    // A third row when it says more still (`投资 › 2022年计划 › 金额`).
                    let third_adjacent = sheet
                        .rows
                        .get(i + 2)
                        .is_some_and(|n| n.index == row.index + 2);
                    if third_adjacent {
                        let triple = build(sheet, &mut matcher, kind, row.index, 3);
                        if distinct_fields(&triple) > score {
                            candidates.push(triple);
                        }
                    }
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
    best.map(|(_, h)| with_month_columns(with_unit_row(sheet, h)))
}

/// `Schema::match_header` for one sheet's search, each distinct header text matched once:
/// the same cells are tried as one-row, upper and lower headers, for both ledger kinds.
struct Matcher<'s> {
    schema: &'s Schema,
    layout: Option<&'s Layout>,
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
    depth: u32,
) -> Header {
    let mut cols: Vec<u32> = (row..row + depth)
        .filter_map(|i| sheet.rows.iter().find(|r| r.index == i))
        .flat_map(|r| r.cells.iter().map(|(c, _)| *c))
        .chain(schema.layout.into_iter().flat_map(Layout::lettered_columns))
        .collect();
    cols.sort_unstable();
    cols.dedup();
    let mut built: Vec<Column> = cols
        .into_iter()
        .filter_map(|col| build_column(sheet, schema, kind, row, depth, col))
        .collect();
    // A field the config gives a column is no other column's.
    let configured: Vec<String> = built
        .iter()
        .filter(|c| c.field_configured)
        .filter_map(|c| c.field.clone())
        .collect();
    for c in built.iter_mut().filter(|c| !c.field_configured) {
        if c.field.as_ref().is_some_and(|f| configured.contains(f)) {
            c.field = None;
        }
    }
    let mut columns: Vec<Column> = Vec::new();
    for mut column in built {
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
        data_from: row + depth,
        unit_row: None,
        columns,
    }
}

/// One column of a header `depth` rows deep: the lowest text is the child, the texts above it
/// (merged over it, or the nearest on the left) its parents.
fn build_column(
    sheet: &RawSheet,
    schema: &mut Matcher<'_>,
    kind: LedgerKind,
    row: u32,
    depth: u32,
    col: u32,
) -> Option<Column> {
    let own: Vec<Option<String>> = (row..row + depth)
        .map(|r| sheet.cell(r, col).and_then(header_text))
        .collect();
    let Some(lowest) = own.iter().rposition(Option::is_some) else {
        return configured_column(schema, kind, col);
    };
    let mut texts: Vec<String> = Vec::new();
    for (i, text) in own.into_iter().enumerate().take(lowest + 1) {
        // An unmerged parent stands over its first child only (ods keeps no merges): a child
        // under an empty cell belongs to the nearest parent on its left.
        let text = text.or_else(|| {
            (i < lowest && texts.is_empty())
                .then(|| parent_text_on_the_left(sheet, row + u32::try_from(i).unwrap_or(0), col))
                .flatten()
        });
        if let Some(t) = text
            && texts.last() != Some(&t)
        {
            texts.push(t);
        }
    }
    let child = texts.pop()?;
    let parents = texts;
    let parent_unit = parents.iter().rev().find_map(|p| normalize_header(p).1);
    let (key, own_unit) = normalize_header(&child);
    let matched = schema.match_header(kind, &key);
    let parent_key: String = parents.iter().map(|p| normalize_header(p).0).collect();
    let qualified = (!parents.is_empty())
        .then(|| {
            super::layout::qualified_field(
                &parent_key,
                &key,
                matched.as_ref().map(|m| m.field.as_str()),
            )
        })
        .flatten();
    // `2022年计划 › 投资` may match as one header (`2022年计划投资`).
    let combined = (matched.is_none() && qualified.is_none() && !parents.is_empty())
        .then(|| schema.match_header(kind, &format!("{parent_key}{key}")))
        .flatten();
    let (config_field, config_unit) =
        configured(schema, kind, col, &parent_key, &key).unwrap_or_default();
    let field = config_field
        .clone()
        .or_else(|| qualified.map(str::to_owned))
        .or_else(|| matched.as_ref().map(|m| m.field.clone()))
        .or_else(|| combined.as_ref().map(|m| m.field.clone()));
    let period = matched.as_ref().or(combined.as_ref());
    let ignored = field.is_none() && IGNORED_HEADERS.contains(&key.as_str());
    let unit_from = match (config_unit, own_unit, parent_unit) {
        (Some(_), _, _) => UnitSource::Configured,
        (None, Some(_), _) => UnitSource::Header,
        (None, None, Some(_)) => UnitSource::ParentHeader,
        (None, None, None) => UnitSource::Sheet,
    };
    Some(Column {
        col,
        header: child.trim().to_owned(),
        parents: parents.iter().map(|p| p.trim().to_owned()).collect(),
        field,
        field_configured: config_field.is_some(),
        unit: config_unit.or(own_unit).or(parent_unit),
        unit_from,
        year: period.and_then(|m| m.year),
        month: period.and_then(|m| m.month),
        duplicate_of: None,
        ignored,
        month_of: None,
    })
}

/// A column without a header text, read only when the config names it by letter.
fn configured_column(matcher: &Matcher<'_>, kind: LedgerKind, col: u32) -> Option<Column> {
    let (field, unit) = configured(matcher, kind, col, "", "")?;
    Some(Column {
        col,
        header: String::new(),
        parents: Vec::new(),
        field_configured: field.is_some(),
        field,
        unit,
        unit_from: if unit.is_some() {
            UnitSource::Configured
        } else {
            UnitSource::Sheet
        },
        year: None,
        month: None,
        duplicate_of: None,
        ignored: false,
        month_of: None,
    })
}

/// What the config's `[[layout]]` says of a column: its field and its unit (`None` when it
/// says nothing of it).
fn configured(
    matcher: &Matcher<'_>,
    kind: LedgerKind,
    col: u32,
    parents: &str,
    child: &str,
) -> Option<(Option<String>, Option<MoneyUnit>)> {
    let layout = matcher.layout?;
    let field = layout
        .field_of(kind, col, parents, child)
        .map(str::to_owned);
    let unit = layout.unit_of(col, parents, child);
    (field.is_some() || unit.is_some()).then_some((field, unit))
}

/// The text of the nearest header to the left in a parent row: an unmerged parent's text.
fn parent_text_on_the_left(sheet: &RawSheet, row: u32, col: u32) -> Option<String> {
    let upper = sheet.rows.iter().find(|r| r.index == row)?;
    let (_, parent) = upper.cells.iter().rev().find(|(c, _)| *c < col)?;
    header_text(parent)
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
