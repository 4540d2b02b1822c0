//! The per-period store: each run keeps its counted projects in `P/history.parquet` (readable
//! by any Parquet tool), inside the period's folder so that it changes with the period's other
//! outputs in one commit, and the next period compares with the latest earlier period of the
//! same year. Files at the place earlier versions used, `history/P.parquet`, are still read.

use crate::consolidate::Project;
use crate::domain::{Money, PastProject, Period, Previous, ProjectKey};
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
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(source) => return Err(HistoryError::Unreadable { path, source }),
    };
    let frame = match ParquetReader::new(Cursor::new(bytes)).finish() {
        Ok(frame) => frame,
        Err(source) => return Err(HistoryError::Corrupt { path, source }),
    };
    let read = || -> PolarsResult<BTreeMap<ProjectKey, PastProject>> {
        let keys = frame.column("key")?.str()?.clone();
        let ytd = frame.column("ytd_completed")?.i64()?.clone();
        Ok(keys
            .iter()
            .zip(ytd.iter())
            .filter_map(|(k, y)| {
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

/// The period's counted projects as Parquet bytes. Money in fen (分), dates as text. Written
/// a batch of rows at a time, so that a month of a million projects is never a frame whole.
///
/// # Errors
/// Only if polars fails on a frame it built itself.
pub fn to_parquet(projects: &[Project]) -> PolarsResult<Vec<u8>> {
    const BATCH: usize = 1 << 16;
    let mut bytes = Vec::new();
    let first = frame(&projects[..projects.len().min(BATCH)])?;
    let mut writer = ParquetWriter::new(&mut bytes).batched(first.schema())?;
    writer.write_batch(&first)?;
    drop(first);
    for chunk in projects.get(BATCH..).unwrap_or_default().chunks(BATCH) {
        writer.write_batch(&frame(chunk)?)?;
    }
    writer.finish()?;
    drop(writer);
    Ok(bytes)
}

fn frame(projects: &[Project]) -> PolarsResult<DataFrame> {
    let text = |f: &dyn Fn(&Project) -> Option<String>| projects.iter().map(f).collect::<Vec<_>>();
    df!(
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
    )
}
