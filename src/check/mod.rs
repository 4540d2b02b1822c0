//! `taizhang check`: a report a clerk can read, grouped by file (row counts, then each issue
//! with its cell), or the `files` and `issues` of run.json with `--json`.

pub mod explain;

use crate::inbox::Inbox;
use crate::issue::Severity;
use crate::normalize::FileStatus;
use crate::output::FileEntry;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct CheckJson<'a> {
    period: String,
    files: Vec<FileEntry>,
    issues: &'a [crate::issue::Issue],
    errors: usize,
    warnings: usize,
}

/// The `--json` document.
#[must_use]
pub fn json(inbox: &Inbox) -> String {
    let doc = CheckJson {
        period: inbox.period.to_string(),
        files: FileEntry::all(inbox),
        issues: &inbox.issues,
        errors: count(inbox, Severity::Error),
        warnings: count(inbox, Severity::Warning),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn count(inbox: &Inbox, severity: Severity) -> usize {
    inbox
        .issues
        .iter()
        .filter(|i| i.severity == severity)
        .count()
}

/// The report printed on the terminal.
#[must_use]
pub fn text(inbox: &Inbox) -> String {
    let mut out = String::new();
    let read = inbox
        .ledgers
        .iter()
        .filter(|l| l.status == FileStatus::Read)
        .count();
    let _ = writeln!(
        out,
        "台帐检查 {}（{}）：{} 个文件，已读取 {} 个；项目 {} 个，任务 {} 项；错误 {} 条，警告 {} 条\n",
        inbox.period,
        match inbox.period_source {
            crate::inbox::PeriodSource::Given => "指定期间",
            crate::inbox::PeriodSource::Inferred => "按文件推断的期间",
            crate::inbox::PeriodSource::Assumed => "文件未注明期间，按上月",
        },
        inbox.ledgers.len(),
        read,
        inbox.projects.len(),
        inbox.tasks.len(),
        count(inbox, Severity::Error),
        count(inbox, Severity::Warning),
    );
    for ledger in &inbox.ledgers {
        let c = ledger.counts;
        let _ = write!(out, "■ {}", ledger.file);
        if !ledger.unit.is_empty() {
            let _ = write!(out, "（{}）", ledger.unit);
        }
        match ledger.status {
            FileStatus::Read => {
                let ignored = ledger.ignored_sheets();
                let ignored = if ignored.is_empty() || ledger.sheets.len() == ignored.len() {
                    String::new()
                } else {
                    format!("（未读取非台帐工作表：{}）", ignored.join("、"))
                };
                let _ = writeln!(
                    out,
                    "：读取 {} 行 = 采用 {} + 退回 {} + 跳过 {}{ignored}",
                    c.rows_read, c.accepted, c.rejected, c.skipped
                );
            }
            status => {
                let _ = writeln!(
                    out,
                    "：{}，{}",
                    status.label(),
                    ledger.reason.as_deref().unwrap_or("")
                );
            }
        }
        for issue in inbox.issues_of(&ledger.file).filter(|i| {
            i.code != crate::issue::IssueCode::FileSkipped
                && i.code != crate::issue::IssueCode::FileUnreadable
                || !i.sheet.is_empty()
        }) {
            let place = match (issue.sheet.is_empty(), issue.cell.is_empty()) {
                (true, _) => String::new(),
                (false, true) => format!("[{}] ", issue.sheet),
                (false, false) => format!("[{}!{}] ", issue.sheet, issue.cell),
            };
            let _ = writeln!(
                out,
                "    {} {}{}（{}）",
                issue.severity.label(),
                place,
                issue.message,
                issue.code
            );
        }
        for row in &ledger.rejected {
            let _ = writeln!(
                out,
                "    退回 第{}行“{}”：{}",
                row.source.row + 1,
                row.name,
                row.reasons.join("；")
            );
        }
    }
    let run_issues: Vec<_> = inbox.run_issues().collect();
    if !run_issues.is_empty() {
        let _ = writeln!(out, "■ 名册");
        for issue in run_issues {
            let _ = writeln!(
                out,
                "    {} {}（{}）",
                issue.severity.label(),
                issue.message,
                issue.code
            );
        }
    }
    out
}

/// `taizhang check`: reads and checks the files, prints the report (or, with `explain`, how
/// each file was understood); exit 1 when errors were found.
///
/// # Errors
/// When an input cannot be listed.
pub fn run(
    config: &crate::config::Config,
    paths: &[std::path::PathBuf],
    period: Option<crate::domain::Period>,
    as_json: bool,
    explain: bool,
) -> Result<crate::Exit, crate::Error> {
    if explain {
        print!("{}", explain::explain(paths, config, period)?);
        return Ok(crate::Exit::Clean);
    }
    let inbox = crate::inbox::read_inbox(
        paths,
        config,
        period,
        &crate::ingest::ReadLimits::default(),
        &|| {},
        &|_| {},
    )?;
    if as_json {
        println!("{}", json(&inbox));
    } else {
        print!("{}", text(&inbox));
    }
    Ok(if inbox.errors() > 0 {
        crate::Exit::ErrorsFound
    } else {
        crate::Exit::Clean
    })
}
