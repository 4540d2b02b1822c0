//! What the rows just under a header say: a unit row (`（万元）` under each money header) and
//! month completion columns (`1月` … `12月`, 3A.9).

use super::{Header, UnitSource, header_text};
use crate::domain::MoneyUnit;
use crate::ingest::RawSheet;
use crate::schema::{LedgerKind, normalize_header};

/// Months a header names alone: `3月`, `3月份`, `3月完成`, `2022年3月完成投资`.
fn month_header(key: &str) -> Option<u32> {
    let t = match key.split_once('年') {
        Some((y, rest)) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => key,
    };
    let (m, rest) = t.split_once('月')?;
    let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
    let rest = rest.strip_prefix('份').unwrap_or(rest);
    let rest = rest.strip_prefix("完成").unwrap_or(rest);
    let rest = rest.strip_prefix("投资").unwrap_or(rest);
    rest.is_empty().then_some(m)
}

/// Three or more month columns are the months' completions (3A.9), not a 本月完成 each.
pub(super) fn with_month_columns(mut header: Header) -> Header {
    if header.kind != LedgerKind::Project {
        return header;
    }
    let months: Vec<Option<u32>> = header
        .columns
        .iter()
        .map(|c| month_header(&normalize_header(&c.header).0))
        .collect();
    if months.iter().flatten().count() < 3 {
        return header;
    }
    for (c, m) in header.columns.iter_mut().zip(months) {
        if let Some(m) = m {
            c.month_of = Some(m);
            c.field = None;
            c.year = None;
            c.month = None;
            c.duplicate_of = None;
            c.ignored = true;
        }
    }
    // The first of the remaining columns of a field is no duplicate any more.
    for i in 0..header.columns.len() {
        let first = header.columns[..i]
            .iter()
            .find(|c| c.field.is_some() && c.field == header.columns[i].field)
            .map(|c| c.col);
        header.columns[i].duplicate_of = first.filter(|_| header.columns[i].field.is_some());
    }
    header
}

/// A row just below the header that only states units (`（万元）` under each money header) is
/// no data: its units go to the columns that have none of their own (3A.3).
pub(super) fn with_unit_row(sheet: &RawSheet, mut header: Header) -> Header {
    let Some(row) = sheet.rows.iter().find(|r| r.index == header.data_from) else {
        return header;
    };
    let mut units = Vec::new();
    for (col, value) in &row.cells {
        let Some(text) = header_text(value) else {
            return header;
        };
        let key = crate::schema::normalize_key(&text);
        let key = key.trim_start_matches('(').trim_end_matches(')');
        let key = key.strip_prefix("单位:").unwrap_or(key);
        match MoneyUnit::from_text(key) {
            Some(unit) => units.push((*col, unit)),
            None => return header,
        }
    }
    if units.is_empty() {
        return header;
    }
    for (col, unit) in units {
        if let Some(c) = header.columns.iter_mut().find(|c| c.col == col)
            && c.unit.is_none()
        {
            c.unit = Some(unit);
            c.unit_from = UnitSource::UnitRow;
        }
    }
    header.unit_row = Some(header.data_from);
    header.data_from += 1;
    header
}
