//! A project row's figures against each other: 年度计划 and 本年累计 against 总投资, 计划竣工
//! against 计划开工.

use super::check::RowCheck;
use super::project::{Amounts, Dates};
use crate::domain::Money;
use crate::issue::IssueCode;

/// 年度计划 and 本年累计 against 总投资, 计划竣工 against 计划开工.
pub(super) fn cross_check(ck: &mut RowCheck<'_, '_, '_>, money: &Amounts, dates: &Dates) {
    // A 总投资 merged over a split package's rows is no 0 to check the others against.
    let total = if ck.merged_copies.iter().any(|f| f == "total_investment") {
        None
    } else {
        money.total
    };
    let col = |ck: &RowCheck<'_, '_, '_>, f: &str| ck.r.column(f).map_or(0, |c| c.col);
    let yi = |fen: i64| Money::from_fen(fen).yi();
    // The value as the unit wrote it, with its unit: `9800万元`, not `0.9800`.
    let written = |ck: &RowCheck<'_, '_, '_>, f: &str| -> String {
        let Some((column, Some(cell))) = ck.cell(f) else {
            return String::new();
        };
        let shown = cell.display();
        if shown.contains(['元', '万', '亿']) {
            shown
        } else {
            format!("{shown}{}", ck.r.unit_of(column).label())
        }
    };
    if let (Some(t), Some(p)) = (total, money.plan)
        && p > t
    {
        let msg = format!(
            "年度计划投资（{:.4}亿元）大于总投资（{:.4}亿元），请核实",
            yi(p),
            yi(t)
        );
        let c = col(ck, "annual_plan");
        let value = written(ck, "annual_plan");
        ck.push(IssueCode::PlanExceedsTotal, c, value, msg);
    }
    if let (Some(t), Some(y)) = (total, money.ytd)
        && y > t
    {
        let msg = format!(
            "本年累计完成投资（{:.4}亿元）大于总投资（{:.4}亿元），请核实",
            yi(y),
            yi(t)
        );
        let c = col(ck, "ytd_completed");
        let value = written(ck, "ytd_completed");
        ck.push(IssueCode::YtdExceedsTotal, c, value, msg);
    }
    if let (Some(s), Some(f)) = (dates.planned_start, dates.planned_finish)
        && f < s
    {
        let msg = format!("计划竣工时间（{f}）早于计划开工时间（{s}），请核实");
        let c = col(ck, "planned_finish");
        ck.push(IssueCode::DateOrder, c, f.to_string(), msg);
    }
}
