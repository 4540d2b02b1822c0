//! Hierarchical 序号 and packaged projects (LEDGER-SPEC 3A.6): a row numbered `1` followed by
//! `1.1`, `1.2` (or `（1）`, `①`) is a package with sub-items. Its money counts once: when
//! the sub-items carry amounts they are the projects and the package row is a subtotal checked
//! against them; otherwise the package row is the project and the sub-items are skipped.

use crate::domain::MoneyUnit;
use crate::ingest::{CellValue, RawSheet};
use crate::normalize::header::{Header, is_money};
use crate::normalize::values::{nfkc, parse_money};
use crate::schema::Schema;
use std::collections::{BTreeMap, HashMap};

/// A row's part in a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Part {
    /// A package whose sub-items are the projects: a subtotal, with their sums per field.
    Total(BTreeMap<String, i64>),
    /// A sub-item of a package that is itself the project: not counted.
    Item { package: u32 },
}

/// The 序号 of a row, as it tells the level: `Some((whole, true))` for a sub-item number.
fn number(cell: Option<&CellValue>) -> Option<(String, bool)> {
    match cell? {
        CellValue::Number(n) if n.fract() == 0.0 => Some((format!("{n}"), false)),
        CellValue::Number(n) => Some((format!("{}", n.trunc()), true)),
        CellValue::Text(t) => {
            let raw = t.trim();
            if raw.starts_with(|c: char| ('\u{2460}'..='\u{2473}').contains(&c)) {
                return Some((String::new(), true));
            }
            let t = nfkc(raw);
            if let Some(inner) = t.strip_prefix('(').and_then(|t| t.strip_suffix(')'))
                && !inner.is_empty()
                && inner.bytes().all(|b| b.is_ascii_digit())
            {
                return Some((String::new(), true));
            }
            match t.split_once(['.', '-']) {
                Some((whole, part))
                    if !whole.is_empty()
                        && !part.is_empty()
                        && whole.bytes().all(|b| b.is_ascii_digit())
                        && part.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    Some((whole.to_owned(), true))
                }
                _ if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => Some((t, false)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The 序号 column: the first ignored one that is no month column.
fn number_column(header: &Header) -> Option<u32> {
    header
        .columns
        .iter()
        .find(|c| c.ignored && c.month_of.is_none() && c.field.is_none())
        .map(|c| c.col)
}

/// Each package row and sub-item row of the sheet, by row index.
pub(super) fn parts(
    sheet: &RawSheet,
    header: &Header,
    schema: &Schema,
    sheet_unit: MoneyUnit,
) -> HashMap<u32, Part> {
    let mut parts = HashMap::new();
    let Some(col) = number_column(header) else {
        return parts;
    };
    let rows: Vec<(u32, (String, bool))> = sheet
        .rows
        .iter()
        .filter(|row| row.index >= header.data_from)
        .filter_map(|row| Some((row.index, number(row.get(col))?)))
        .collect();
    if !rows.iter().any(|(_, (_, sub))| *sub) {
        return parts;
    }
    let required = ["total_investment", "annual_plan", "ytd_completed"];
    let mut i = 0;
    while i < rows.len() {
        let (package, (whole, sub)) = &rows[i];
        let items: Vec<u32> = rows[i + 1..]
            .iter()
            .take_while(|(_, (w, s))| *s && (w.is_empty() || w == whole))
            .map(|(row, _)| *row)
            .collect();
        if *sub || items.is_empty() {
            i += 1;
            continue;
        }
        let item_rows: Vec<_> = sheet
            .rows
            .iter()
            .filter(|row| items.contains(&row.index))
            .collect();
        let carries = item_rows.iter().any(|row| {
            required
                .iter()
                .filter_map(|f| header.column(f))
                .any(|c| row.get(c.col).is_some())
        });
        if carries {
            let mut sums: BTreeMap<String, i64> = BTreeMap::new();
            for c in header.columns.iter().filter(|c| c.duplicate_of.is_none()) {
                let Some(field) = c
                    .field
                    .as_deref()
                    .filter(|f| is_money(schema, header.kind, f))
                else {
                    continue;
                };
                let sum = item_rows
                    .iter()
                    .filter_map(|row| {
                        parse_money(row.get(c.col), c.unit.unwrap_or(sheet_unit))
                            .ok()
                            .flatten()
                    })
                    .sum();
                sums.insert(field.to_owned(), sum);
            }
            parts.insert(*package, Part::Total(sums));
        } else {
            for item in &items {
                parts.insert(*item, Part::Item { package: *package });
            }
        }
        i += 1 + items.len();
    }
    parts
}
