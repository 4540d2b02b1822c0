//! `unit-suspect` (LEDGER-SPEC 3A.3): when no unit is stated for the money columns and the
//! amounts are implausible in the default (most rows with 年度计划 > 总投资, or most 总投资
//! under 1 万元), the sheet is warned about instead of totalled silently.

use super::{Reader, issue};
use crate::issue::IssueCode;
use crate::normalize::Ledger;
use crate::normalize::header::UnitSource;

/// 1 万元 in fen: a key project's 总投资 below it is no key project's.
const ONE_WAN_FEN: i64 = 1_000_000;

/// Counts over a sheet's rows.
#[derive(Debug, Default)]
pub(super) struct Plausibility {
    /// Rows with both 总投资 and 年度计划, and those whose plan exceeds the total.
    both: usize,
    plan_over_total: usize,
    /// Rows with a 总投资 above 0, and those under 1 万元.
    totals: usize,
    tiny_totals: usize,
}

impl Plausibility {
    pub(super) fn observe(&mut self, total: Option<i64>, plan: Option<i64>) {
        if let Some(t) = total.filter(|t| *t > 0) {
            self.totals += 1;
            if t < ONE_WAN_FEN {
                self.tiny_totals += 1;
            }
            if let Some(p) = plan {
                self.both += 1;
                if p > t {
                    self.plan_over_total += 1;
                }
            }
        }
    }
}

/// Most of at least two rows.
fn most(part: usize, whole: usize) -> bool {
    whole >= 2 && part * 2 > whole
}

pub(super) fn check(r: &Reader<'_, '_>, p: &Plausibility, ledger: &mut Ledger) {
    if r.sheet_unit_stated {
        return;
    }
    let unstated = |field: &str| r.column(field).filter(|c| c.unit_from == UnitSource::Sheet);
    let (Some(total), plan) = (r.column("total_investment"), r.column("annual_plan")) else {
        return;
    };
    let plan_unstated = unstated("annual_plan").is_some();
    let total_unstated = unstated("total_investment").is_some();
    let unit = r.sheet_unit.label();
    let mut warn = |col: u32, header: &str, msg: String| {
        let i = issue(r, ledger, IssueCode::UnitSuspect, r.header.row, col, msg)
            .value(header.to_owned());
        ledger.issues.push(i);
    };
    if (plan_unstated || total_unstated) && most(p.plan_over_total, p.both) {
        let msg = format!(
            "{}行中有{}行的年度计划投资大于总投资，而表中没有写明金额单位（按{}读取）：两列的单位可能不同，请在表头注明单位，如“总投资（亿元）”",
            p.both, p.plan_over_total, unit
        );
        let c = if total_unstated {
            total
        } else {
            plan.unwrap_or(total)
        };
        warn(c.col, &c.header, msg);
    } else if total_unstated && most(p.tiny_totals, p.totals) {
        let msg = format!(
            "{}行中有{}行的总投资不足1万元，而表中没有写明金额单位（按{}读取）：单位可能是亿元，请在表头注明单位，如“总投资（亿元）”",
            p.totals, p.tiny_totals, unit
        );
        warn(total.col, &total.header, msg);
    }
}
