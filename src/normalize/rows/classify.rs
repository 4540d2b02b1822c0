//! What a row under the header is: data, blank, note or subtotal.

use crate::ingest::RawRow;
use crate::normalize::header::Header;
use crate::normalize::values::compact;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowKind {
    Data,
    Blank,
    Note,
    Subtotal { grand: bool },
}

/// Rows starting with these are notes (or the template's example row), never data.
const NOTE_PREFIXES: [&str; 13] = [
    "注",
    "说明",
    "备注:",
    "填报人",
    "审核人",
    "填表日期",
    "填报日期",
    "制表",
    "负责人:",
    "联系人:",
    "单位负责人",
    "示例",
    "(示例)",
];

pub(super) fn classify(row: &RawRow, header: &Header) -> RowKind {
    if let Some(first) = row.cells.first().and_then(|(_, v)| v.as_text()) {
        let first = compact(first);
        if NOTE_PREFIXES.iter().any(|p| first.starts_with(p)) {
            return RowKind::Note;
        }
    }
    for t in row
        .cells
        .iter()
        .filter_map(|(_, v)| v.as_text())
        .filter(|t| may_be_total(t))
    {
        let t = compact(t);
        if t.starts_with("小计") || t.starts_with("其中") {
            return RowKind::Subtotal { grand: false };
        }
        if t.starts_with("合计") || t.starts_with("总计") || t == "全区合计" {
            return RowKind::Subtotal { grand: true };
        }
    }
    let has_data = header
        .columns
        .iter()
        .any(|c| !c.ignored && row.get(c.col).is_some());
    if has_data {
        RowKind::Data
    } else {
        RowKind::Blank
    }
}

/// Whether a cell could read `小计`, `其中`, `合计`, `总计` or `全区合计` once normalised. A
/// text starting with a CJK ideograph other than their first characters cannot: NFKC leaves
/// those ideographs as they are. Spares normalising every text cell of every row.
fn may_be_total(text: &str) -> bool {
    match text.chars().find(|c| !c.is_whitespace()) {
        Some(c @ '\u{4E00}'..='\u{9FFF}') => matches!(c, '小' | '其' | '合' | '总' | '全'),
        Some(_) => true,
        None => false,
    }
}
