//! The per-period store: each run keeps its counted projects in `P/history.parquet` (readable
//! by any Parquet tool), inside the period's folder so that it changes with the period's other
//! outputs in one commit; files at the place earlier versions used, `history/P.parquet`, are
//! still read. The next period compares with the latest earlier period of the same year. With
//! section 6A each project's row also keeps its light and 存在问题 (its flags were always kept),
//! and rows of `record` `task` and `unit` keep the tasks' status and the units that submitted:
//! `load_year` reads every earlier month of the year back for the streaks, the ladder, the
//! assessment and the trend. A file written before that (no `record` column) still reads:
//! what it lacks is unknown.

use crate::consolidate::{Flag, Project};
use crate::domain::{
    Category, Light, Money, PastMonth, PastProject, PastRecord, PastTask, Period, Previous,
    ProjectKey, Vocabulary,
};
use polars::prelude::*;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Why last period's history could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("无法读取历史数据 {}：{source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("历史数据 {} 已损坏：{source}", path.display())]
    Corrupt { path: PathBuf, source: PolarsError },
    #[error("历史数据 {} 缺少列：{source}", path.display())]
    MissingColumn { path: PathBuf, source: PolarsError },
}

impl HistoryError {
    /// The history file concerned.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            HistoryError::Unreadable { path, .. }
            | HistoryError::Corrupt { path, .. }
            | HistoryError::MissingColumn { path, .. } => path,
        }
    }
}

/// The history file inside a period's folder.
pub const PERIOD_FILE: &str = "history.parquet";

/// Every period with a history file under the output root: `P/history.parquet`, else the
/// older `history/P.parquet`.
fn stored_periods(root: &Path) -> BTreeMap<Period, std::path::PathBuf> {
    let mut found = BTreeMap::new();
    let legacy = root.join("history");
    for entry in std::fs::read_dir(&legacy).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(p) = name.strip_suffix(".parquet").and_then(|n| n.parse().ok()) {
            found.insert(p, entry.path());
        }
    }
    for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let file = entry.path().join(PERIOD_FILE);
        if let Ok(p) = entry.file_name().to_string_lossy().parse::<Period>()
            && file.is_file()
        {
            found.insert(p, file);
        }
    }
    found
}

/// Loads the latest period before `period` in the same year, if any, from the output root.
///
/// # Errors
/// When that period's file exists but cannot be read.
pub fn load_previous(root: &Path, period: Period) -> Result<Option<Previous>, HistoryError> {
    let Some((prev, path)) = stored_periods(root)
        .into_iter()
        .rfind(|(p, _)| p.year == period.year && *p < period)
    else {
        return Ok(None);
    };
    let frame = read_frame(&path)?;
    let read = || -> PolarsResult<BTreeMap<ProjectKey, PastProject>> {
        let keys = frame.column("key")?.str()?.clone();
        let ytd = frame.column("ytd_completed")?.i64()?.clone();
        let projects = project_mask(&frame)?;
        Ok(keys
            .iter()
            .zip(ytd.iter())
            .zip(projects)
            .filter(|(_, is_project)| *is_project)
            .filter_map(|((k, y), _)| {
                let ytd_completed = Money::from_fen(y?);
                Some((ProjectKey::from_stored(k?), PastProject { ytd_completed }))
            })
            .collect())
    };
    let projects = match read() {
        Ok(projects) => projects,
        Err(source) => return Err(HistoryError::MissingColumn { path, source }),
    };
    Ok(Some(Previous {
        period: prev,
        projects,
    }))
}

fn read_frame(path: &Path) -> Result<DataFrame, HistoryError> {
    let bytes = std::fs::read(path).map_err(|source| HistoryError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|source| HistoryError::Corrupt {
            path: path.to_owned(),
            source,
        })
}

/// Which rows are projects: all of them in a file older than the `record` column.
fn project_mask(frame: &DataFrame) -> PolarsResult<Vec<bool>> {
    Ok(match frame.column("record") {
        Ok(col) => col
            .str()?
            .iter()
            .map(|r| r.is_none_or(|r| r == PROJECT))
            .collect(),
        Err(_) => vec![true; frame.height()],
    })
}

const PROJECT: &str = "project";
const TASK: &str = "task";
const UNIT: &str = "unit";

/// Every earlier month of `period`'s year in the history, oldest first. A month whose file
/// cannot be read is left out (its row of months breaks there) and its error returned.
#[must_use]
pub fn load_year(root: &Path, period: Period) -> (Vec<PastMonth>, Vec<HistoryError>) {
    let mut months = Vec::new();
    let mut errors = Vec::new();
    for (p, path) in stored_periods(root)
        .into_iter()
        .filter(|(p, _)| p.year == period.year && *p < period)
    {
        match read_frame(&path).and_then(|frame| {
            read_month(&frame, p).map_err(|source| HistoryError::MissingColumn { path, source })
        }) {
            Ok(month) => months.push(month),
            Err(e) => errors.push(e),
        }
    }
    (months, errors)
}

/// A month's frame as the year reads it.
fn read_month(frame: &DataFrame, period: Period) -> PolarsResult<PastMonth> {
    let legacy = frame.column("record").is_err();
    let str_col = |name: &str| -> PolarsResult<Vec<Option<String>>> {
        Ok(frame
            .column(name)?
            .str()?
            .iter()
            .map(|v| v.map(str::to_owned))
            .collect())
    };
    let opt_str = |name: &str| -> PolarsResult<Vec<Option<String>>> {
        if frame.column(name).is_err() {
            return Ok(vec![None; frame.height()]);
        }
        str_col(name)
    };
    let record = opt_str("record")?;
    let keys = str_col("key")?;
    let names = str_col("name")?;
    let categories = str_col("category")?;
    let leads = str_col("lead_unit")?;
    let units = str_col("unit")?;
    let flags = str_col("flags")?;
    let lights = opt_str("light")?;
    let problems = opt_str("problem")?;
    let plan = frame.column("annual_plan")?.i64()?.clone();
    let ytd = frame.column("ytd_completed")?.i64()?.clone();
    let done: Vec<Option<bool>> = match frame.column("task_done") {
        Ok(c) => c.bool()?.iter().collect(),
        Err(_) => vec![None; frame.height()],
    };
    let mut month = PastMonth {
        period,
        projects: std::collections::BTreeMap::new(),
        submitted_units: Vec::new(),
        tasks: Vec::new(),
        legacy,
    };
    for i in 0..frame.height() {
        let text = |v: &[Option<String>]| v[i].clone().unwrap_or_default();
        match record[i].as_deref() {
            Some(TASK) => month.tasks.push(PastTask {
                item: text(&names),
                lead_dept: text(&leads),
                done: done[i].unwrap_or(false),
            }),
            Some(UNIT) => month.submitted_units.push(text(&units)),
            _ => {
                let Some(key) = keys[i].as_deref() else {
                    continue;
                };
                if legacy && !month.submitted_units.contains(&text(&units)) {
                    month.submitted_units.push(text(&units));
                }
                let parsed = parse_flags(flags[i].as_deref().unwrap_or(""));
                let record = PastRecord {
                    category: categories[i].as_deref().and_then(Category::from_canonical),
                    lead_unit: text(&leads),
                    annual_plan: Money::from_fen(plan.get(i).unwrap_or(0)),
                    ytd_completed: Money::from_fen(ytd.get(i).unwrap_or(0)),
                    lagging: Some(parsed.iter().any(|f| f.is_lag())),
                    no_progress: Some(parsed.contains(&Flag::NoProgress)),
                    light: lights[i].as_deref().and_then(Light::from_code),
                    blocked: Some(parsed.contains(&Flag::Blocked)),
                    problem: problems[i].clone(),
                };
                month.projects.insert(ProjectKey::from_stored(key), record);
            }
        }
    }
    Ok(month)
}

/// The stored flags text (`投资滞后、存在卡点`) back to flags.
fn parse_flags(text: &str) -> Vec<Flag> {
    const ALL: [Flag; 5] = [
        Flag::Investment,
        Flag::Start,
        Flag::Finish,
        Flag::NoProgress,
        Flag::Blocked,
    ];
    text.split('、')
        .filter_map(|part| ALL.into_iter().find(|f| f.label() == part))
        .collect()
}

/// What the year adds to a month's history (section 6A), as plain data: each project's light
/// (in the projects' order), the units whose files were read and the tasks' status.
#[derive(Debug, Clone, Copy, Default)]
pub struct YearRecord<'a> {
    pub lights: &'a [Light],
    pub submitted_units: &'a [String],
    pub tasks: &'a [PastTask],
}

/// The period's counted projects as Parquet bytes. Money in fen (分), dates as text. Written
/// a batch of rows at a time, so that a month of a million projects is never a frame whole.
///
/// # Errors
/// Only if polars fails on a frame it built itself.
pub fn to_parquet(projects: &[Project], year: &YearRecord) -> PolarsResult<Vec<u8>> {
    const BATCH: usize = 1 << 16;
    let mut bytes = Vec::new();
    let first = frame(&projects[..projects.len().min(BATCH)], year.lights)?;
    let mut writer = ParquetWriter::new(&mut bytes).batched(first.schema())?;
    writer.write_batch(&first)?;
    drop(first);
    for (i, chunk) in projects.chunks(BATCH).enumerate().skip(1) {
        let lights = year.lights.get(i * BATCH..).unwrap_or_default();
        writer.write_batch(&frame(chunk, lights)?)?;
    }
    writer.write_batch(&other_rows(year)?)?;
    writer.finish()?;
    drop(writer);
    Ok(bytes)
}

fn frame(projects: &[Project], lights: &[Light]) -> PolarsResult<DataFrame> {
    let text = |f: &dyn Fn(&Project) -> Option<String>| projects.iter().map(f).collect::<Vec<_>>();
    let n = projects.len();
    df!(
        "record" => vec![PROJECT; n],
        "key" => projects.iter().map(|p| p.row.key().to_string()).collect::<Vec<_>>(),
        "code" => text(&|p| p.row.code.as_deref().map(str::to_owned)),
        "name" => projects.iter().map(|p| p.row.name.as_str()).collect::<Vec<_>>(),
        "category" => projects.iter().map(|p| p.row.category.label()).collect::<Vec<_>>(),
        "lead_unit" => projects.iter().map(|p| p.row.lead_unit.as_str()).collect::<Vec<_>>(),
        "unit" => projects.iter().map(|p| p.row.unit.as_str()).collect::<Vec<_>>(),
        "stage" => text(&|p| p.row.stage.map(|s| s.label().to_owned())),
        "total_investment" => projects.iter().map(|p| p.row.total_investment.fen()).collect::<Vec<_>>(),
        "annual_plan" => projects.iter().map(|p| p.row.annual_plan.fen()).collect::<Vec<_>>(),
        "ytd_completed" => projects.iter().map(|p| p.row.ytd_completed.fen()).collect::<Vec<_>>(),
        "month_completed" => projects.iter().map(|p| p.row.month_completed.map(Money::fen)).collect::<Vec<_>>(),
        "flags" => text(&|p| Some(p.flags.iter().map(|f| f.label()).collect::<Vec<_>>().join("、"))),
        "source" => projects.iter().map(|p| p.row.source.label()).collect::<Vec<_>>(),
        "light" => (0..n).map(|i| lights.get(i).map(|l| l.code())).collect::<Vec<_>>(),
        "problem" => text(&|p| p.row.problems.as_deref().map(str::to_owned)),
        "task_done" => vec![None::<bool>; n],
    )
}

/// The rows of tasks and of submitting units, in the projects' columns (money left empty).
fn other_rows(year: &YearRecord) -> PolarsResult<DataFrame> {
    let tasks = year.tasks.len();
    let n = tasks + year.submitted_units.len();
    let none_text = || vec![None::<String>; n];
    let none_money = || vec![None::<i64>; n];
    let record: Vec<&str> = (0..n)
        .map(|i| if i < tasks { TASK } else { UNIT })
        .collect();
    let names: Vec<&str> = year
        .tasks
        .iter()
        .map(|t| t.item.as_str())
        .chain(year.submitted_units.iter().map(|_| ""))
        .collect();
    let leads: Vec<&str> = year
        .tasks
        .iter()
        .map(|t| t.lead_dept.as_str())
        .chain(year.submitted_units.iter().map(|_| ""))
        .collect();
    let units: Vec<&str> = year
        .tasks
        .iter()
        .map(|_| "")
        .chain(year.submitted_units.iter().map(String::as_str))
        .collect();
    let done: Vec<Option<bool>> = (0..n).map(|i| year.tasks.get(i).map(|t| t.done)).collect();
    df!(
        "record" => record,
        "key" => vec![None::<String>; n],
        "code" => none_text(),
        "name" => names,
        "category" => vec![""; n],
        "lead_unit" => leads,
        "unit" => units,
        "stage" => none_text(),
        "total_investment" => none_money(),
        "annual_plan" => none_money(),
        "ytd_completed" => none_money(),
        "month_completed" => none_money(),
        "flags" => none_text(),
        "source" => vec![""; n],
        "light" => none_text(),
        "problem" => none_text(),
        "task_done" => done,
    )
}
