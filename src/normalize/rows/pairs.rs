//! Two rows per project (LEDGER-SPEC 3A.8): comparison sheets give each project a 计划 row and
//! a 实际/完成 row, told apart by a column whose values are 计划/实际/完成 (its header may be
//! `类别`, `项目`, `类型`: judged by its values). The pair is one project: plans from the plan
//! row, completions and progress from the actual row.

use crate::ingest::{RawRow, RawSheet};
use crate::normalize::header::Header;
use crate::normalize::values::compact;
use std::collections::{HashMap, HashSet};

const PLAN: [&str; 2] = ["计划", "年度计划"];
const ACTUAL: [&str; 4] = ["实际", "完成", "实际完成", "累计完成"];
/// Fields an actual row gives the pair.
const FROM_ACTUAL: [&str; 5] = [
    "ytd_completed",
    "month_completed",
    "cumulative_completed",
    "progress",
    "actual_start",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Plan,
    Actual,
}

fn side(row: &RawRow, col: u32) -> Option<Side> {
    let t = row.get(col)?.as_text()?;
    let t = compact(t);
    if PLAN.contains(&t.as_ref()) {
        Some(Side::Plan)
    } else if ACTUAL.contains(&t.as_ref()) {
        Some(Side::Actual)
    } else {
        None
    }
}

/// The sheet's pairs: each plan row merged with its actual row (by the plan row's index), the
/// actual rows taken into them, and the header with the plan/actual column read as no field.
pub(super) struct Pairs {
    pub merged: HashMap<u32, RawRow>,
    pub taken: HashSet<u32>,
    pub header: Header,
}

pub(super) fn find(sheet: &RawSheet, header: &Header) -> Option<Pairs> {
    let data: Vec<&RawRow> = sheet
        .rows
        .iter()
        .filter(|r| r.index >= header.data_from)
        .collect();
    // Only columns whose first rows read 计划/实际 are counted over the whole sheet: the
    // check runs on every project sheet.
    let col = header.columns.iter().map(|c| c.col).find(|&col| {
        let early = data
            .iter()
            .take(6)
            .filter(|r| side(r, col).is_some())
            .count();
        if early < 2 {
            return false;
        }
        let filled = data.iter().filter(|r| r.get(col).is_some()).count();
        let sides = data.iter().filter(|r| side(r, col).is_some()).count();
        sides >= 2 && sides * 10 >= filled * 8
    })?;
    let from_actual: Vec<u32> = FROM_ACTUAL
        .iter()
        .filter_map(|f| header.column(f).map(|c| c.col))
        .collect();
    let mut merged = HashMap::new();
    let mut taken = HashSet::new();
    for w in data.windows(2) {
        let (plan, actual) = (w[0], w[1]);
        if side(plan, col) != Some(Side::Plan)
            || side(actual, col) != Some(Side::Actual)
            || actual.index != plan.index + 1
        {
            continue;
        }
        let mut cells: Vec<(u32, crate::ingest::CellValue)> = plan
            .cells
            .iter()
            .filter(|(c, _)| *c != col && !from_actual.contains(c))
            .cloned()
            .collect();
        cells.extend(
            actual
                .cells
                .iter()
                .filter(|(c, _)| from_actual.contains(c))
                .cloned(),
        );
        cells.sort_by_key(|(c, _)| *c);
        merged.insert(
            plan.index,
            RawRow {
                index: plan.index,
                cells,
            },
        );
        taken.insert(actual.index);
    }
    if merged.is_empty() {
        return None;
    }
    let mut header = header.clone();
    for c in header.columns.iter_mut().filter(|c| c.col == col) {
        c.field = None;
        c.ignored = true;
    }
    Some(Pairs {
        merged,
        taken,
        header,
    })
}
