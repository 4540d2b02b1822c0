//! Every output of the month made on both cores into the commit's staging folder: the two
//! workbooks, the Word bulletin, the 反馈 files and the period's history.

use super::FEEDBACK_DIR;
use crate::config::Config;
use crate::consolidate::Consolidated;
use crate::domain::{Light, PastTask, TaskStatus};
use crate::history;
use crate::inbox::Inbox;
use crate::normalize::FileStatus;
use crate::output::{OutputError, PeriodCommit, feedback_file_names};
use crate::report;
use crate::year::YearView;

/// Makes the workbooks, the bulletin and the history file on both cores, into the commit's
/// staging folder; returns the names run.json lists. The two big workbooks are written
/// straight into their files as they are saved; the rest is made in memory, then written.
pub(super) fn render(
    c: &Consolidated,
    inbox: &Inbox,
    y: &YearView,
    config: &Config,
    commit: &PeriodCommit,
) -> Result<Vec<String>, OutputError> {
    let period = c.period;
    let unit = config.output_unit;
    let lights: Vec<Light> = y.projects.iter().map(|p| p.light).collect();
    let (units, tasks) = year_rows(inbox);
    let record = history::YearRecord {
        lights: &lights,
        submitted_units: &units,
        tasks: &tasks,
    };
    let summary_name = format!("重大项目汇总_{period}.xlsx");
    let tasks_name = format!("季度工作任务单_{}.xlsx", period.quarter_label());
    let docx_name = format!("重大项目推进情况通报_{period}.docx");
    // The summary's sheets on both cores, the history file and the bulletin beside them (they
    // fill the core the summary's last sheet leaves idle); then the summary's saving (one core,
    // the longest single piece of work) beside the task workbook and the 反馈 files.
    let (summary_book, (parquet, docx)) = rayon::join(
        || report::summary_workbook_unsaved(c, inbox, Some(y), unit),
        || {
            rayon::join(
                || history::to_parquet(&c.projects, &record),
                // The Word bulletin (section 7.7), beside the workbooks.
                || report::docx::bulletin_docx(c, inbox, y, &config.bulletin, unit),
            )
        },
    );
    let mut summary_book =
        summary_book.map_err(|e| OutputError::not_produced(&summary_name, &e))?;
    let (summary, (tasks, feedback)) = rayon::join(
        || commit.write_with(&summary_name, |w| summary_book.save_to_writer(w)),
        || {
            rayon::join(
                || commit.write_with(&tasks_name, |w| report::write_task_workbook(c, w)),
                || report::feedback_workbooks(c, inbox, unit),
            )
        },
    );
    summary?;
    tasks?;
    let docx = docx.map_err(|e| OutputError::not_produced(&docx_name, &e))?;
    commit.write(&docx_name, &docx)?;
    let feedback = feedback.map_err(|e| OutputError::not_produced(FEEDBACK_DIR, &e))?;
    let units: Vec<&str> = feedback.iter().map(|(u, _)| u.as_str()).collect();
    let files: Vec<(String, &[u8])> = feedback_file_names(&units)
        .into_iter()
        .zip(&feedback)
        .map(|(name, (_, bytes))| (format!("{FEEDBACK_DIR}/{name}"), bytes.as_slice()))
        .collect();
    stage_all(commit, &files)?;
    let parquet = parquet.map_err(|e| OutputError::not_produced(history::PERIOD_FILE, &e))?;
    commit.write(history::PERIOD_FILE, &parquet)?;
    let mut outputs = vec![summary_name, tasks_name, docx_name];
    outputs.extend(files.into_iter().map(|(name, _)| name));
    Ok(outputs)
}

/// Files written by several threads: each is flushed to disk before it counts as written, and
/// disks take many flushes at once far faster than one by one.
pub(super) fn stage_all(
    commit: &PeriodCommit,
    files: &[(String, &[u8])],
) -> Result<(), OutputError> {
    const WRITERS: usize = 8;
    if files.is_empty() {
        return Ok(());
    }
    let per = files.len().div_ceil(WRITERS);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .try_for_each(|(name, bytes)| commit.write(name, bytes))
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|_| Err(OutputError::not_produced(FEEDBACK_DIR, &"写入线程中止")))
        })
    })
}

/// What the history keeps of the year for this month besides the lights: the units whose
/// files were read, and every task's status.
pub(super) fn year_rows(inbox: &Inbox) -> (Vec<String>, Vec<PastTask>) {
    let mut units: Vec<String> = Vec::new();
    for l in inbox
        .ledgers
        .iter()
        .filter(|l| l.status == FileStatus::Read)
    {
        if !units.contains(&l.unit) {
            units.push(l.unit.clone());
        }
    }
    let tasks = inbox
        .tasks
        .iter()
        .map(|t| PastTask {
            item: t.item.clone(),
            lead_dept: t.lead_dept.clone(),
            done: t.status == Some(TaskStatus::Done),
        })
        .collect();
    (units, tasks)
}
