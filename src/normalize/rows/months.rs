//! Month columns (LEDGER-SPEC 3A.9): `1月` … `12月` completions. With no 本年累计 column the
//! year to date is their sum through the sheet's month and the month's completion is that
//! month's; with both, they are cross-checked (`month-mismatch`).

use super::check::RowCheck;
use crate::domain::Money;
use crate::ingest::CellValue;
use crate::issue::IssueCode;
use crate::normalize::values::parse_money;

/// 0.005 亿元 in fen, as for the subtotals.
const TOLERANCE_FEN: i64 = 50_000_000;

/// The months of one row: their sum through the sheet's month, and that month's own.
pub(super) struct Months {
    pub ytd: i64,
    pub month: Option<i64>,
}

/// Reads the month columns of the row, if the sheet has them.
pub(super) fn read(ck: &mut RowCheck<'_, '_, '_>) -> Option<Months> {
    let (r, row) = (ck.r, ck.row);
    let through = r.month_through?;
    let mut ytd = 0;
    let mut month = None;
    for (m, c) in r.month_cols.iter().filter(|(m, _)| *m <= through) {
        let cell = row.get(c.col);
        match parse_money(cell, r.unit_of(c)) {
            Ok(Some(fen)) => {
                ytd += fen;
                if *m == through {
                    month = Some(fen);
                }
            }
            Ok(None) => {}
            Err(_) => {
                let shown = cell.map(CellValue::display).unwrap_or_default();
                let msg = format!("“{}”的值“{}”不是有效金额", c.header, shown);
                ck.push(IssueCode::BadNumber, c.col, shown, msg);
            }
        }
    }
    Some(Months { ytd, month })
}

/// 本年累计 against the months' sum.
pub(super) fn cross_check(ck: &mut RowCheck<'_, '_, '_>, ytd: i64, months: &Months) {
    if (ytd - months.ytd).abs() <= TOLERANCE_FEN {
        return;
    }
    let col = ck.r.column("ytd_completed").map_or(0, |c| c.col);
    let through = ck.r.month_through.unwrap_or(12);
    let msg = format!(
        "本年累计完成投资（{:.4}亿元）与1—{}月各月完成之和（{:.4}亿元）不符，请核实",
        Money::from_fen(ytd).yi(),
        through,
        Money::from_fen(months.ytd).yi()
    );
    ck.push(
        IssueCode::MonthMismatch,
        col,
        format!("{:.4}", Money::from_fen(ytd).yi()),
        msg,
    );
}
