//! One task row of a 工作任务清单.

use super::check::RowCheck;
use super::{Reader, types::TaskRow};
use crate::domain::{TaskStatus, Vocabulary};
use crate::ingest::{CellValue, RawRow};
use crate::issue::IssueCode;
use crate::normalize::Ledger;
use crate::normalize::values::{Deadline, cell_text, parse_deadline};

pub(super) fn task_row(r: &Reader<'_, '_>, row: &RawRow, ledger: &mut Ledger) -> bool {
    let (file, unit) = (&r.file, &r.unit);
    let mut ck = RowCheck {
        r,
        row,
        issues: Vec::new(),
        reasons: Vec::new(),
        file,
        unit,
        merged_copies: Vec::new(),
    };
    ck.error_cells();
    let item = ck.required_text("item");
    let target = ck.required_text("target");
    let lead_dept = ck.required_text("lead_dept");
    let status = status(&mut ck);
    let deadline_cell = ck.cell("deadline").map(|(c, v)| (c.col, v.cloned()));
    let mut deadline = None;
    let mut deadline_text = String::new();
    if let Some((col, cell)) = deadline_cell {
        deadline_text = cell_text(cell.as_ref()).unwrap_or_default();
        match parse_deadline(cell.as_ref(), r.ctx.period) {
            None => {
                if !matches!(cell, Some(CellValue::Error(_))) {
                    ck.push(
                        IssueCode::BlankRequired,
                        col,
                        String::new(),
                        "必填项“工作完成时限”为空".into(),
                    );
                }
            }
            Some(Deadline::Unknown(text)) => {
                let msg = format!(
                    "工作完成时限“{text}”无法识别（按原文保留），请写成 2022年6月底、二季度、年底 或 持续推进"
                );
                ck.push(IssueCode::BadDate, col, text.clone(), msg);
                deadline = Some(Deadline::Unknown(text));
            }
            Some(d) => deadline = Some(d),
        }
    }
    let support_depts = ck.text("support_depts");
    let group = ck.text("group");
    let remarks = ck.text("remarks");
    let source = r.source(row.index, "item");
    let mut reasons = std::mem::take(&mut ck.reasons);
    if !r.missing.is_empty() {
        reasons.push(format!("缺少必填列：{}", r.missing.join("、")));
    }
    ledger.issues.append(&mut ck.issues);
    let (Some(item), Some(target), Some(lead_dept), Some(deadline), true) = (
        item.clone(),
        target,
        lead_dept,
        deadline,
        reasons.is_empty(),
    ) else {
        super::project::reject(r, source, item, reasons, ledger);
        return false;
    };
    ledger.tasks.push(TaskRow {
        unit: unit.to_string(),
        source,
        item,
        target,
        lead_dept,
        support_depts,
        group,
        deadline,
        deadline_text,
        status,
        remarks,
    });
    true
}

/// The 完成情况, also when it carries a note in brackets (`已完成（3月15日）`).
fn status(ck: &mut RowCheck<'_, '_, '_>) -> Option<TaskStatus> {
    if let Some(text) = ck.text("status")
        && let Some((head, _)) = text.split_once(['(', '（'])
        && let Some(def) = ck.r.ctx.schema.enums.get(<TaskStatus as Vocabulary>::ENUM)
        && let Some(v) = def.resolve(head)
    {
        return TaskStatus::from_canonical(v);
    }
    ck.vocabulary::<TaskStatus>("status", false)
}
