//! Money sums of the data rows and the 合计/小计 rows checked against them.

use super::{Reader, issue};
use crate::domain::Money;
use crate::ingest::{CellValue, RawRow};
use crate::issue::IssueCode;
use crate::normalize::Ledger;
use crate::normalize::header::is_money;
use crate::normalize::values::parse_money;
use crate::schema::LedgerKind;
use std::collections::BTreeMap;

/// Money sums of the data rows, per field: since the last 小计, and since the top.
#[derive(Default)]
pub(super) struct Sums {
    segment: BTreeMap<String, i64>,
    all: BTreeMap<String, i64>,
}

impl Sums {
    pub(super) fn add(&mut self, field: &str, fen: i64) {
        for sums in [&mut self.segment, &mut self.all] {
            match sums.get_mut(field) {
                Some(sum) => *sum += fen,
                None => {
                    sums.insert(field.to_owned(), fen);
                }
            }
        }
    }
}

/// 0.005 亿元 in fen.
const SUBTOTAL_TOLERANCE_FEN: i64 = 50_000_000;

pub(super) fn check_subtotal(
    r: &Reader<'_, '_>,
    row: &RawRow,
    grand: bool,
    sums: &mut Sums,
    ledger: &mut Ledger,
) {
    if r.header.kind == LedgerKind::Project {
        for c in &r.header.columns {
            let Some(field) = c
                .field
                .as_deref()
                .filter(|f| c.duplicate_of.is_none() && is_money(r.ctx.schema, r.header.kind, f))
            else {
                continue;
            };
            let Ok(Some(stated)) = parse_money(row.get(c.col), r.unit_of(c)) else {
                continue;
            };
            let computed = if grand { &sums.all } else { &sums.segment }
                .get(field)
                .copied()
                .unwrap_or(0);
            if (stated - computed).abs() > SUBTOTAL_TOLERANCE_FEN {
                let unit = r
                    .ctx
                    .schema
                    .field(r.header.kind, field)
                    .map_or(field, |f| f.label.as_str());
                let msg = format!(
                    "{}行的“{}”为{:.4}亿元，而其上各行相加为{:.4}亿元，相差{:.4}亿元",
                    if grand { "合计" } else { "小计" },
                    unit,
                    Money::from_fen(stated).yi(),
                    Money::from_fen(computed).yi(),
                    Money::from_fen(stated - computed).yi()
                );
                let i = issue(
                    r,
                    ledger,
                    IssueCode::SubtotalMismatch,
                    row.index,
                    c.col,
                    msg,
                )
                .value(row.get(c.col).map(CellValue::display).unwrap_or_default());
                ledger.issues.push(i);
            }
        }
    }
    if !grand {
        sums.segment.clear();
    }
}
