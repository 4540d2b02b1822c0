//! `taizhang run`: the monthly job. Lock the output root, read and check the inbox, compare
//! with last period, consolidate, render every workbook, then stage all outputs and rename
//! them into place together, so a failed run leaves the previous outputs as they were.

use crate::Exit;
use crate::config::Config;
use crate::consolidate::{Consolidated, consolidate_rows};
use crate::domain::MoneyUnit;
use crate::domain::{Light, PastTask, TaskStatus};
use crate::domain::{Period, Previous};
use crate::history;
use crate::inbox::{Inbox, PeriodSource, read_inbox};
use crate::ingest::ReadLimits;
use crate::issue::{Issue, IssueCode};
use crate::normalize::FileStatus;
use crate::output::{Lock, RunJson, Staged, safe_file_stem};
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
pub const FEEDBACK_DIR: &str = "反馈";

/// Runs the monthly job.
///
/// # Errors
/// What stopped the run before anything was written (exit 2): an unreadable input folder,
/// the lock held by another run, a write that failed.
pub fn monthly(config: &Config, opts: &RunOptions) -> Result<Exit, String> {
    let log = Log::new(opts.quiet);
    if !opts.input.is_dir() {
        return Err(format!(
            "输入文件夹“{}”不存在或不是文件夹",
            opts.input.display()
        ));
    }
    let lock = Lock::acquire(&opts.out, config.stale_lock_minutes)?;
    if let Some(warning) = &lock.took_over {
        log.line(&format!("警告：{warning}"));
    }
    remove_stray_temporaries(&opts.out);
    log.line(&format!("读取 {}", opts.input.display()));
    let bar = log.bar();
    let mut inbox = read_inbox(
        std::slice::from_ref(&opts.input),
        config,
        opts.period,
        &opts.limits,
        &|| bar.inc(1),
        &|n| bar.set_length(n as u64),
    )?;
    bar.finish_and_clear();
    let period = inbox.period;
    log.line(&format!(
        "期间 {period}（{}）：{} 个文件，项目 {} 个，任务 {} 项",
        match inbox.period_source {
            PeriodSource::Given => "指定",
            PeriodSource::Inferred => "按文件推断",
            PeriodSource::Assumed => "文件未注明，按上月",
        },
        inbox.ledgers.len(),
        inbox.projects.len(),
        inbox.tasks.len()
    ));

    let history_dir = opts.out.join("history");
    let previous = match history::load_previous(&history_dir, period) {
        Ok(previous) => {
            apply_history(&mut inbox, previous.as_ref());
            previous
        }
        Err(e) => {
            log.line(&format!("警告：{e}；本期未与上期比较"));
            inbox.issues.push(history_unreadable(&e));
            None
        }
    };
    // The counted rows move into the consolidation: nothing after it reads `inbox.projects`.
    let rows = std::mem::take(&mut inbox.projects);
    let consolidated = consolidate_rows(rows, &inbox, config, previous.as_ref())
        .map_err(|e| format!("汇总计算失败：{e}"))?;

    // The year (LEDGER-SPEC section 6A), from every earlier month of the year.
    let year_view = track_year(&log, &history_dir, &consolidated, &inbox, config);

    let unit = config.output_unit;
    let exit = if inbox.errors() > 0 {
        Exit::ErrorsFound
    } else {
        Exit::Clean
    };
    let period_dir = opts.out.join(period.to_string());
    let write_err =
        |e: &dyn std::fmt::Display| format!("写入输出失败（上期及已有的输出未改动）：{e}");
    let Rendered {
        mut staged,
        mut outputs,
        feedback_names,
        mut last,
    } = render(
        &consolidated,
        &inbox,
        &year_view,
        config,
        unit,
        &period_dir,
        history_dir.join(history::file_name(period)),
    )
    .map_err(|e| write_err(&e))?;
    outputs.push("run.json".to_owned());
    // Tables past Excel's rows per sheet go on over further sheets: 汇总 says so, and so do
    // the log and run.json (`notes`, only then).
    let notes = report::split_notes(&consolidated, &inbox);
    for note in &notes {
        log.line(&format!("注意：{note}"));
    }
    let mut run_json = RunJson::new(&inbox, &consolidated, unit, exit as u8, outputs);
    run_json.year = Some(year::json::YearJson::new(&consolidated, &year_view, unit));
    // Written straight to its file (a large month's is tens of megabytes), and to stdout with
    // `--json`.
    let write_json = |w: &mut dyn std::io::Write| -> std::io::Result<()> {
        if notes.is_empty() {
            serde_json::to_writer_pretty(w, &run_json)?;
        } else {
            let with_notes = WithNotes {
                run: &run_json,
                notes: &notes,
            };
            serde_json::to_writer_pretty(w, &with_notes)?;
        }
        Ok(())
    };
    last.add_with(period_dir.join("run.json"), |w| write_json(w))
        .map_err(|e| write_err(&e))?;
    staged.push(last);
    // Renamed into place in the order they were made, once all are written.
    for s in staged {
        s.commit().map_err(|e| write_err(&e))?;
    }
    remove_stale_feedback(&period_dir.join(FEEDBACK_DIR), &feedback_names);
    drop(lock);

    log.line(&format!(
        "完成：项目 {} 个，本年累计完成 {:.2}{}，滞后 {} 个；错误 {} 条；输出在 {}",
        consolidated.all.projects,
        consolidated.all.ytd_completed.in_unit(unit),
        unit.label(),
        consolidated.all.lagging,
        inbox.errors(),
        period_dir.display()
    ));
    if opts.json {
        let mut out = std::io::stdout().lock();
        let _ = write_json(&mut out).and_then(|()| writeln!(out));
    }
    Ok(exit)
}

/// The outputs but run.json, staged: the workbooks in the order run.json lists them, and the
/// history file (`last`, with run.json still to come).
struct Rendered {
    staged: Vec<Staged>,
    outputs: Vec<String>,
    feedback_names: Vec<String>,
    last: Staged,
}

/// Makes the workbooks and the history file on both cores. The two big workbooks are written
/// straight into their temporary files as they are saved; the rest is staged after.
fn render(
    c: &Consolidated,
    inbox: &Inbox,
    y: &YearView,
    config: &Config,
    unit: MoneyUnit,
    period_dir: &Path,
    history_file: PathBuf,
) -> std::io::Result<Rendered> {
    let period = c.period;
    let lights: Vec<Light> = y.projects.iter().map(|p| p.light).collect();
    let (units, tasks) = year_rows(inbox);
    let record = history::YearRecord {
        lights: &lights,
        submitted_units: &units,
        tasks: &tasks,
    };
    let summary_name = format!("重大项目汇总_{period}.xlsx");
    let tasks_name = format!("季度工作任务单_{}.xlsx", period.quarter_label());
    let summary_path = period_dir.join(&summary_name);
    let tasks_path = period_dir.join(&tasks_name);
    let ((summary, tasks), (feedback, parquet)) = rayon::join(
        || {
            rayon::join(
                || {
                    stage_with(summary_path, |w| {
                        report::write_summary_workbook(c, inbox, Some(y), unit, w)
                    })
                },
                || stage_with(tasks_path, |w| report::write_task_workbook(c, w)),
            )
        },
        || {
            rayon::join(
                || report::feedback_workbooks(c, inbox, unit),
                || history::to_parquet(&c.projects, &record),
            )
        },
    );
    let mut staged = vec![summary?, tasks?];
    let mut outputs = vec![summary_name, tasks_name];
    // The Word bulletin (section 7.7), after the workbooks.
    let docx_name = format!("重大项目推进情况通报_{period}.docx");
    let docx = report::docx::bulletin_docx(c, inbox, y, &config.bulletin, unit)
        .map_err(std::io::Error::other)?;
    let mut staged_docx = Staged::default();
    staged_docx.add(period_dir.join(&docx_name), &docx)?;
    staged.push(staged_docx);
    outputs.push(docx_name);
    let mut feedback_files = Vec::new();
    let mut feedback_names = Vec::new();
    for (unit_name, bytes) in feedback.map_err(std::io::Error::other)? {
        let name = format!("{}.xlsx", safe_file_stem(&unit_name));
        feedback_files.push((period_dir.join(FEEDBACK_DIR).join(&name), bytes));
        outputs.push(format!("{FEEDBACK_DIR}/{name}"));
        feedback_names.push(name);
    }
    staged.extend(stage_all(&feedback_files)?);
    let mut last = Staged::default();
    last.add(history_file, &parquet.map_err(std::io::Error::other)?)?;
    Ok(Rendered {
        staged,
        outputs,
        feedback_names,
        last,
    })
}

/// The year's view of the month (section 6A): every earlier month of the year read from the
/// history (an unreadable month is left out, and said so), then the lights, streaks, ladder,
/// assessment and trend.
fn track_year(
    log: &Log,
    history_dir: &Path,
    c: &Consolidated,
    inbox: &Inbox,
    config: &Config,
) -> YearView {
    let (past, errors) = history::load_year(history_dir, c.period);
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

/// A file written by `write` straight into a temporary file of its own.
fn stage_with(
    path: PathBuf,
    write: impl FnOnce(&mut (dyn std::io::Write + Send)) -> Result<(), report::XlsxError>,
) -> std::io::Result<Staged> {
    let mut staged = Staged::default();
    staged.add_with(path, |w| write(w).map_err(std::io::Error::other))?;
    Ok(staged)
}

/// Files written to their temporary files by several threads: each is flushed to disk before
/// it counts as written, and disks take many flushes at once far faster than one by one.
fn stage_all(files: &[(PathBuf, Vec<u8>)]) -> std::io::Result<Vec<Staged>> {
    const WRITERS: usize = 8;
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let per = files.len().div_ceil(WRITERS);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    let mut staged = Staged::default();
                    for (path, bytes) in chunk {
                        staged.add(path.clone(), bytes)?;
                    }
                    Ok(staged)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("写入线程中止")))
            })
            .collect()
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

/// A run killed mid-write leaves its `.taizhang-*.tmp` files; under the lock they are ours.
fn remove_stray_temporaries(root: &Path) {
    let mut dirs = vec![root.to_owned()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                if dirs.len() < 1000 {
                    dirs.push(path);
                }
            } else if name.starts_with(".taizhang-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// A rerun of a period: feedback files of units that are now clean are removed.
fn remove_stale_feedback(dir: &Path, keep: &[String]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".xlsx") && !keep.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
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
