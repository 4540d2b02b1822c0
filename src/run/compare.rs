//! The month against the history: last period's figures for the checks and 环比, and every
//! earlier month of the year for the lights, streaks, ladder and assessment.

use super::log::Log;
use crate::config::Config;
use crate::consolidate::Consolidated;
use crate::domain::Previous;
use crate::history;
use crate::inbox::Inbox;
use crate::issue::{Issue, IssueCode};
use crate::validate;
use crate::year::{self, YearView};
use std::path::Path;

/// Compares the month with the latest earlier period of the year in the history; a history
/// file that cannot be read is an issue naming it, and the month is not compared.
pub(super) fn compare_with_history(inbox: &mut Inbox, root: &Path, log: &Log) -> Option<Previous> {
    match history::load_previous(root, inbox.period) {
        Ok(previous) => {
            apply_history(inbox, previous.as_ref());
            previous
        }
        Err(e) => {
            log.line(&format!("警告：{e}；本期未与上期比较"));
            inbox.issues.push(history_unreadable(&e));
            None
        }
    }
}

/// A history file that could not be read: the month is not compared with the last, and says so.
pub(super) fn history_unreadable(e: &history::HistoryError) -> Issue {
    Issue::new(
        IssueCode::HistoryUnreadable,
        "",
        format!("{e}；本期未与上期比较（累计倒退、本月完成核对、环比和本月无进展均未检查），请恢复或删除该文件后重新汇总"),
    )
    .value(e.path().display().to_string())
}

/// Compares with last period, or says once that there is none.
pub(super) fn apply_history(inbox: &mut Inbox, previous: Option<&Previous>) {
    let Some(previous) = previous else {
        inbox.issues.push(Issue::new(
            IssueCode::NoHistory,
            "",
            format!("没有{}年本期之前的汇总记录：本期为首次汇总，环比、累计倒退和本月无进展（与上期持平）的检查从下期开始", inbox.period.year),
        ));
        return;
    };
    let projects = std::mem::take(&mut inbox.projects);
    let (kept, rejected, issues) = validate::against_previous(projects, previous, inbox.period);
    inbox.projects = kept;
    for row in rejected {
        if let Some(ledger) = inbox.ledgers.iter_mut().find(|l| l.file == row.source.file) {
            ledger.counts.accepted -= 1;
            ledger.counts.rejected += 1;
            if let Some(sheet) = ledger
                .sheets
                .iter_mut()
                .find(|s| s.name == row.source.sheet)
            {
                sheet.counts.accepted -= 1;
                sheet.counts.rejected += 1;
            }
            ledger.rejected.push(row);
        }
    }
    inbox.issues.extend(issues);
    validate::sort_issues(&mut inbox.issues);
}

/// The year's view of the month (section 6A): every earlier month of the year read from the
/// history (an unreadable month is left out, and said so), then the lights, streaks, ladder,
/// assessment and trend.
pub(super) fn track_year(
    log: &Log,
    root: &Path,
    c: &Consolidated,
    inbox: &Inbox,
    config: &Config,
) -> YearView {
    let (past, errors) = history::load_year(root, c.period);
    for e in &errors {
        log.line(&format!(
            "警告：{e}；该月不计入全年跟踪（连续月数在此中断）"
        ));
    }
    let view = year::track(c, inbox, config, &past);
    for note in view.notes() {
        log.line(&format!("注意：{note}"));
    }
    view
}
