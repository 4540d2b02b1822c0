//! `taizhang run`: the monthly job. Lock the output root and finish any interrupted commit,
//! read and check the inbox, compare with last period, consolidate, render every output into
//! the period's staging folder, then commit them together (`output::PeriodCommit`), so a
//! failed run leaves the previous outputs as they were.

mod compare;
mod log;
mod render;

use crate::Exit;
use crate::config::Config;
use crate::consolidate::consolidate_rows;
use crate::domain::Period;
use crate::inbox::{Inbox, PeriodSource, read_inbox};
use crate::ingest::ReadLimits;
use crate::output::{Lock, OutputError, PeriodCommit, Recovered, RunJson};
use crate::report;
use crate::year;
use compare::{compare_with_history, track_year};
use log::Log;
use render::render;
use std::io::Write as _;
use std::path::PathBuf;

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
    // Section 6A's fields, borrowed from the month and the year: written after the run's own.
    let year_json = year::json::YearJson::new(&consolidated, &year_view, unit);
    // Written straight to its file: a large month's is tens of megabytes.
    commit.write_with("run.json", |w| {
        write_run_json(w, &run_json, &year_json, &notes)
    })?;
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
        let _ =
            write_run_json(&mut out, &run_json, &year_json, &notes).and_then(|()| writeln!(out));
    }
    Ok(exit)
}

/// run.json: the run's fields, the year's, and the notes of a month whose tables take more
/// than one sheet (only then).
fn write_run_json(
    w: &mut dyn std::io::Write,
    run: &RunJson,
    year: &year::json::YearJson<'_>,
    notes: &[String],
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(w, &Whole { run, year, notes })?;
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

/// run.json as one object.
#[derive(serde::Serialize)]
struct Whole<'a> {
    #[serde(flatten)]
    run: &'a RunJson,
    #[serde(flatten)]
    year: &'a year::json::YearJson<'a>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}
