//! Cross-row and cross-file checks: duplicate projects across the run, the files' own periods
//! against the run's, the roster (who is unknown, who has not submitted) and resubmissions.

mod resubmit;

pub use resubmit::set_aside_resubmissions;

use crate::config::RosterUnit;
use crate::domain::{Money, Period, Previous, ProjectKey};
use crate::issue::{Issue, IssueCode};
use crate::normalize::{FileStatus, Ledger, ProjectRow, RejectedRow};
use rayon::prelude::*;

/// Flags every file whose own period (title, `截至` cell, `1-N月` header) differs from the run's.
#[must_use]
pub fn period_mismatches(ledgers: &[Ledger], period: Period) -> Vec<Issue> {
    let mut issues = Vec::new();
    for ledger in ledgers {
        for d in &ledger.declared_periods {
            let year_off = d.year.is_some_and(|y| y != period.year);
            let month_off = d.month.is_some_and(|m| m != period.month);
            if year_off || month_off {
                let i = Issue::new(
                    IssueCode::PeriodMismatch,
                    &ledger.file,
                    format!(
                        "表中“{}”与本次汇总期间{}不符，请确认报送的是本月台帐",
                        d.text, period
                    ),
                )
                .sheet(&d.sheet)
                .at(d.row, d.col)
                .unit(&ledger.unit)
                .value(d.text.clone());
                issues.push(i);
            }
        }
    }
    issues
}

/// unit-unknown for submissions outside the roster, unit-missing for roster units without one.
/// Returns the issues and the missing units. An empty roster knows no one: no issues.
#[must_use]
pub fn roster_checks(ledgers: &[Ledger], roster: &[RosterUnit]) -> (Vec<Issue>, Vec<String>) {
    if roster.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut issues = Vec::new();
    for ledger in ledgers
        .iter()
        .filter(|l| l.status == FileStatus::Read && !l.unit_in_roster)
    {
        issues.push(
            Issue::new(
                IssueCode::UnitUnknown,
                &ledger.file,
                format!("报送单位“{}”不在成员单位名册中（按文件名和“填报单位”判断），请核对文件名或在配置中添加别名", ledger.unit),
            )
            .unit(&ledger.unit)
            .value(ledger.unit.clone()),
        );
    }
    let missing: Vec<String> = roster
        .iter()
        .filter(|u| {
            !ledgers
                .iter()
                .any(|l| l.status == FileStatus::Read && l.unit == u.name)
        })
        .map(|u| u.name.clone())
        .collect();
    for unit in &missing {
        issues.push(
            Issue::new(IssueCode::UnitMissing, "", format!("{unit}本期未报送台帐")).unit(unit),
        );
    }
    (issues, missing)
}

/// Keeps each project once: the row whose submitting unit is its lead unit, else the first by
/// file name; the others get a duplicate-project issue naming the row counted. The rows are
/// grouped by index and moved in place, never copied: a month may hold a million of them.
#[must_use]
pub fn resolve_duplicates(mut projects: Vec<ProjectRow>) -> (Vec<ProjectRow>, Vec<Issue>) {
    let n = projects.len();
    let keys: Vec<ProjectKey> = projects.par_iter().map(ProjectRow::key).collect();
    // Groups in key order; in a group, rows by file, sheet and row (ties as read).
    let mut order: Vec<usize> = (0..n).collect();
    order.par_sort_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| source(&projects[a]).cmp(&source(&projects[b])))
    });
    let mut kept: Vec<usize> = Vec::new();
    let mut issues = Vec::new();
    for group in order.chunk_by(|&a, &b| keys[a] == keys[b]) {
        let mut rows = group.to_vec();
        let keep = rows
            .iter()
            .position(|&i| projects[i].unit == projects[i].lead_unit)
            .unwrap_or(0);
        let kept_row = &projects[rows.swap_remove(keep)];
        for dup in rows.iter().map(|&i| &projects[i]) {
            let how = if kept_row.code.is_some() {
                format!("项目编号{}", kept_row.code.as_deref().unwrap_or_default())
            } else {
                "项目名称和主责单位".to_owned()
            };
            issues.push(
                Issue::new(
                    IssueCode::DuplicateProject,
                    &dup.source.file,
                    format!(
                        "“{}”与{}重复（{}相同），只计一次，按{}的数据计入",
                        dup.name,
                        kept_row.source.label(),
                        how,
                        kept_row.unit
                    ),
                )
                .sheet(&dup.source.sheet)
                .at(dup.source.row, dup.source.name_col)
                .unit(&dup.unit)
                .value(dup.name.clone()),
            );
        }
        kept.push(group[keep]);
    }
    drop(keys);
    // The rows counted by file, sheet and row (ties in key order), their places taken out of
    // the rows first: sorting a million indices by reaching into the rows is slow.
    let kept: Vec<usize> = {
        let mut by_source: Vec<((&str, &str, u32), usize)> =
            kept.iter().map(|&i| (source(&projects[i]), i)).collect();
        by_source.par_sort_by(|a, b| a.0.cmp(&b.0));
        by_source.into_iter().map(|(_, i)| i).collect()
    };
    // Drop the others, then move the rows counted into that order, in place.
    let mut is_kept = vec![false; n];
    for &i in &kept {
        is_kept[i] = true;
    }
    let mut new_index = vec![usize::MAX; n];
    let mut next = 0;
    for (i, k) in is_kept.iter().enumerate() {
        if *k {
            new_index[i] = next;
            next += 1;
        }
    }
    let mut flags = is_kept.iter();
    projects.retain(|_| flags.next().copied().unwrap_or(false));
    let perm: Vec<usize> = kept.iter().map(|&i| new_index[i]).collect();
    permute(&mut projects, perm);
    (projects, issues)
}

/// Where a row was read: file, sheet, row.
fn source(p: &ProjectRow) -> (&str, &str, u32) {
    (
        p.source.file.as_str(),
        p.source.sheet.as_str(),
        p.source.row,
    )
}

/// Reorders `v` in place so that `v[j]` becomes the old `v[perm[j]]`.
pub(crate) fn permute<T>(v: &mut [T], mut perm: Vec<usize>) {
    for i in 0..v.len() {
        let mut j = i;
        loop {
            let k = perm[j];
            perm[j] = j;
            if k == i || k == j {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

/// Checks against the latest earlier period of the same year: a 本年累计 lower than last
/// period's rejects the row (ytd-decreased); a 本月完成 that is not this period's 本年累计 minus
/// last month's is a warning (month-mismatch, only when last period is the month before).
/// Returns the rows kept, the rows rejected and the issues.
#[must_use]
pub fn against_previous(
    projects: Vec<ProjectRow>,
    previous: &Previous,
    period: Period,
) -> (Vec<ProjectRow>, Vec<RejectedRow>, Vec<Issue>) {
    let consecutive = period.previous() == previous.period;
    let mut kept = Vec::new();
    let mut rejected = Vec::new();
    let mut issues = Vec::new();
    for p in projects {
        let Some(past) = previous.projects.get(&p.key()) else {
            kept.push(p);
            continue;
        };
        let issue = |code: IssueCode, field: &str, message: String, value: String| {
            let (row, col) = p.source.cell_of(field);
            Issue::new(code, &p.source.file, message)
                .sheet(&p.source.sheet)
                .at(row, col)
                .unit(&p.unit)
                .value(value)
        };
        if p.ytd_completed < past.ytd_completed {
            let i = issue(
                IssueCode::YtdDecreased,
                "ytd_completed",
                format!(
                    "本年累计完成投资{:.4}亿元，比{}报送的{:.4}亿元还少；累计数只增不减，请核实后更正",
                    p.ytd_completed.yi(),
                    previous.period,
                    past.ytd_completed.yi()
                ),
                format!("{:.4}", p.ytd_completed.yi()),
            );
            rejected.push(RejectedRow {
                unit: p.unit.to_string(),
                source: p.source.clone(),
                name: p.name.clone(),
                reasons: vec![format!("{}：{}", i.cell, i.message)],
            });
            issues.push(i);
            continue;
        }
        if let (true, Some(month)) = (consecutive, p.month_completed) {
            let expected = p.ytd_completed - past.ytd_completed;
            if (month - expected).abs() > MONTH_TOLERANCE {
                issues.push(issue(
                    IssueCode::MonthMismatch,
                    "month_completed",
                    format!(
                        "本月完成投资{:.4}亿元，与本年累计减上月累计（{:.4} − {:.4} = {:.4}亿元）不符",
                        month.yi(),
                        p.ytd_completed.yi(),
                        past.ytd_completed.yi(),
                        expected.yi()
                    ),
                    format!("{:.4}", month.yi()),
                ));
            }
        }
        kept.push(p);
    }
    (kept, rejected, issues)
}

/// 0.01 万元: the rounding of amounts written to two decimals in 万元.
const MONTH_TOLERANCE: Money = Money::from_fen(10_000);

/// Issues in reading order: by file, sheet, then row and column of the cell.
pub fn sort_issues(issues: &mut [Issue]) {
    issues.sort_by(|a, b| {
        (a.file.is_empty(), &a.file, &a.sheet, cell_order(a), a.code).cmp(&(
            b.file.is_empty(),
            &b.file,
            &b.sheet,
            cell_order(b),
            b.code,
        ))
    });
}

/// Row, then column; issues without a cell first.
fn cell_order(issue: &Issue) -> (u32, u32) {
    issue
        .position
        .map_or((0, 0), |(row, col)| (row + 1, col + 1))
}

#[cfg(test)]
mod tests {
    use super::permute;

    #[test]
    fn permute_moves_each_element_to_its_place() {
        let mut v = vec!['a', 'b', 'c', 'd', 'e'];
        permute(&mut v, vec![3, 0, 4, 1, 2]);
        assert_eq!(v, vec!['d', 'a', 'e', 'b', 'c']);
        let mut w = vec![1, 2, 3];
        permute(&mut w, vec![0, 1, 2]);
        assert_eq!(w, vec![1, 2, 3]);
    }
}
