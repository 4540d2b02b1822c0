//! `taizhang run`: the monthly job. Lock the output root and finish any interrupted commit,
//! read and check the inbox, compare with last period, consolidate, render every output into
//! the period's staging folder, then commit them together (`output::PeriodCommit`), so a
//! failed run leaves the previous outputs as they were.

use crate::Exit;
use crate::config::Config;
use crate::consolidate::{Consolidated, consolidate_rows};
use crate::domain::{Light, PastTask, Period, Previous, TaskStatus};
use crate::history;
use crate::inbox::{Inbox, PeriodSource, read_inbox};
use crate::ingest::ReadLimits;
use crate::issue::{Issue, IssueCode};
use crate::normalize::FileStatus;
use crate::output::{Lock, OutputError, PeriodCommit, Recovered, RunJson, feedback_file_names};
use crate::report;
use crate::validate;
use crate::year::{self, YearView};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};

/// A run's settings after the command line and the config are merged.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub input: PathBuf,
    pub out: PathBuf,
    pub period: Option<Period>,
    pub json: bool,
    pub quiet: bool,
    pub limits: ReadLimits,
}

/// The feedback folder inside a period's folder.
pub use crate::output::FEEDBACK_DIR;

/// What stops the monthly job (exit 2). Before the commit nothing has changed; a failure
/// after its point of no return is finished by recovery and says so (`OutputError`).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("输入文件夹“{}”不存在或不是文件夹", .0.display())]
    NoInput(PathBuf),
    #[error(
        "输入文件夹“{}”中没有任何台帐文件：本期未汇总，未写入任何新的输出{}",
        .path.display(),
        if *.recovered { "（上次中断的提交已处理，见上）" } else { "" }
    )]
    NoLedgers { path: PathBuf, recovered: bool },
    #[error(transparent)]
    Read(#[from] crate::ingest::ReadError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("汇总计算失败（上期输出未改动）：{0}")]
    Consolidate(#[from] polars::prelude::PolarsError),
}

/// Runs the monthly job.
///
/// # Errors
/// What stopped the run (exit 2): an unreadable or empty input folder, the lock held by
/// another run, a write that failed.
pub fn monthly(config: &Config, opts: &RunOptions) -> Result<Exit, RunError> {
    let log = Log::new(opts.quiet);
    if !opts.input.is_dir() {
        return Err(RunError::NoInput(opts.input.clone()));
    }
    let lock = Lock::acquire(&opts.out, config.stale_lock_minutes)?;
    if let Some(warning) = &lock.took_over {
        log.line(&format!("警告：{warning}"));
    }
    let recovered = recover_first(&lock, &log)?;
    let mut inbox = read_month(config, opts, &log, recovered.is_some())?;
    let previous = compare_with_history(&mut inbox, &opts.out, &log);
    // The counted rows move into the consolidation: nothing after it reads `inbox.projects`.
    let rows = std::mem::take(&mut inbox.projects);
    let consolidated = consolidate_rows(rows, &inbox, config, previous.as_ref())?;
    // The year (LEDGER-SPEC section 6A), from every earlier month of the year.
    let year_view = track_year(&log, &opts.out, &consolidated, &inbox, config);
    let exit = if inbox.errors() > 0 {
        Exit::ErrorsFound
    } else {
        Exit::Clean
    };
    let unit = config.output_unit;
    let commit = PeriodCommit::begin(&lock, &consolidated.period.to_string())?;
    let mut outputs = render(&consolidated, &inbox, &year_view, config, &commit)?;
    outputs.push("run.json".to_owned());
    // Tables past Excel's rows per sheet go on over further sheets: 汇总 says so, and so do
    // the log and run.json (`notes`, only then).
    let notes = report::split_notes(&consolidated, &inbox);
    for note in &notes {
        log.line(&format!("注意：{note}"));
    }
    let mut run_json = RunJson::new(&inbox, &consolidated, unit, exit as u8, outputs);
    run_json.recovery = recovered;
    run_json.year = Some(year::json::YearJson::new(&consolidated, &year_view, unit));
    // Written straight to its file: a large month's is tens of megabytes.
    commit.write_with("run.json", |w| write_run_json(w, &run_json, &notes))?;
    let committed = commit.finish()?;
    for w in &committed.warnings {
        log.warn(&format!("警告：{w}"));
    }
    drop(lock);
    log.line(&format!(
        "完成：项目 {} 个，本年累计完成 {:.2}{}，滞后 {} 个；错误 {} 条；输出在 {}",
        consolidated.all.projects,
        consolidated.all.ytd_completed.in_unit(unit),
        unit.label(),
        consolidated.all.lagging,
        inbox.errors(),
        opts.out.join(consolidated.period.to_string()).display()
    ));
    if opts.json {
        let mut out = std::io::stdout().lock();
        let _ = write_run_json(&mut out, &run_json, &notes).and_then(|()| writeln!(out));
    }
    Ok(exit)
}

/// run.json, with the notes of a month whose tables take more than one sheet.
fn write_run_json(
    w: &mut dyn std::io::Write,
    run_json: &RunJson,
    notes: &[String],
) -> std::io::Result<()> {
    if notes.is_empty() {
        serde_json::to_writer_pretty(w, run_json)?;
    } else {
        serde_json::to_writer_pretty(
            w,
            &WithNotes {
                run: run_json,
                notes,
            },
        )?;
    }
    Ok(())
}

/// Reads and checks the inbox, and says what it found; a folder without a ledger file is not
/// a month.
fn read_month(
    config: &Config,
    opts: &RunOptions,
    log: &Log,
    recovered: bool,
) -> Result<Inbox, RunError> {
    log.line(&format!("读取 {}", opts.input.display()));
    let bar = log.bar();
    let inbox = read_inbox(
        std::slice::from_ref(&opts.input),
        config,
        opts.period,
        &opts.limits,
        &|| bar.inc(1),
        &|n| bar.set_length(n as u64),
    )?;
    bar.finish_and_clear();
    if inbox
        .ledgers
        .iter()
        .all(|l| l.status == crate::normalize::FileStatus::Skipped)
    {
        return Err(RunError::NoLedgers {
            path: opts.input.clone(),
            recovered,
        });
    }
    log.line(&format!(
        "期间 {}（{}）：{} 个文件，项目 {} 个，任务 {} 项",
        inbox.period,
        match inbox.period_source {
            PeriodSource::Given => "指定",
            PeriodSource::Inferred => "按文件推断",
            PeriodSource::Assumed => "文件未注明，按上月",
        },
        inbox.ledgers.len(),
        inbox.projects.len(),
        inbox.tasks.len()
    ));
    Ok(inbox)
}

/// Compares the month with the latest earlier period of the year in the history; a history
/// file that cannot be read is an issue naming it, and the month is not compared.
fn compare_with_history(inbox: &mut Inbox, root: &Path, log: &Log) -> Option<Previous> {
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

/// Finishes or undoes a commit an earlier run left unfinished, and says so.
fn recover_first(lock: &Lock, log: &Log) -> Result<Option<Recovered>, OutputError> {
    let recovered = crate::output::recover(lock)?;
    if let Some(r) = &recovered {
        log.warn(&format!("注意：{}", r.message));
        for w in &r.warnings {
            log.warn(&format!("警告：{w}"));
        }
    }
    Ok(recovered)
}

/// Makes the workbooks, the bulletin and the history file on both cores, into the commit's
/// staging folder; returns the names run.json lists. The two big workbooks are written
/// straight into their files as they are saved; the rest is made in memory, then written.
fn render(
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
    let ((summary, tasks), (feedback, parquet)) = rayon::join(
        || {
            rayon::join(
                || {
                    commit.write_with(&summary_name, |w| {
                        report::write_summary_workbook(c, inbox, Some(y), unit, w)
                    })
                },
                || commit.write_with(&tasks_name, |w| report::write_task_workbook(c, w)),
            )
        },
        || {
            rayon::join(
                || report::feedback_workbooks(c, inbox, unit),
                || history::to_parquet(&c.projects, &record),
            )
        },
    );
    summary?;
    tasks?;
    // The Word bulletin (section 7.7), beside the workbooks.
    let docx_name = format!("重大项目推进情况通报_{period}.docx");
    let docx = report::docx::bulletin_docx(c, inbox, y, &config.bulletin, unit)
        .map_err(|e| OutputError::not_produced(&docx_name, &e))?;
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

/// The year's view of the month (section 6A): every earlier month of the year read from the
/// history (an unreadable month is left out, and said so), then the lights, streaks, ladder,
/// assessment and trend.
fn track_year(
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

/// What the history keeps of the year for this month besides the lights: the units whose
/// files were read, and every task's status.
fn year_rows(inbox: &Inbox) -> (Vec<String>, Vec<PastTask>) {
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

/// Files written by several threads: each is flushed to disk before it counts as written, and
/// disks take many flushes at once far faster than one by one.
fn stage_all(commit: &PeriodCommit, files: &[(String, &[u8])]) -> Result<(), OutputError> {
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

/// run.json with the notes of a month whose tables take more than one sheet.
#[derive(serde::Serialize)]
struct WithNotes<'a> {
    #[serde(flatten)]
    run: &'a RunJson,
    notes: &'a [String],
}

/// A history file that could not be read: the month is not compared with the last, and says so.
fn history_unreadable(e: &history::HistoryError) -> Issue {
    Issue::new(
        IssueCode::HistoryUnreadable,
        "",
        format!("{e}；本期未与上期比较（累计倒退、本月完成核对、环比和本月无进展均未检查），请恢复或删除该文件后重新汇总"),
    )
    .value(e.path().display().to_string())
}

/// Compares with last period, or says once that there is none.
fn apply_history(inbox: &mut Inbox, previous: Option<&Previous>) {
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

/// A progress bar on a terminal, timestamped lines otherwise, nothing with `--quiet`.
struct Log {
    quiet: bool,
    terminal: bool,
}

impl Log {
    fn new(quiet: bool) -> Self {
        Log {
            quiet,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn line(&self, text: &str) {
        if self.quiet {
            return;
        }
        if self.terminal {
            eprintln!("{text}");
        } else {
            eprintln!(
                "{} {text}",
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
            );
        }
    }

    /// What the clerk must know even with `--quiet`: recoveries and failed clean-ups.
    fn warn(&self, text: &str) {
        if self.terminal {
            eprintln!("{text}");
        } else {
            eprintln!(
                "{} {text}",
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
            );
        }
    }

    fn bar(&self) -> ProgressBar {
        if self.quiet || !self.terminal {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(0);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} 读取台帐 [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    }
}
