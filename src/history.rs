//! The per-period store: each run keeps its counted projects in `P/history.parquet` (readable
//! by any Parquet tool), inside the period's folder so that it changes with the period's other
//! outputs in one commit, and the next period compares with the latest earlier period of the
//! same year. Files at the place earlier versions used, `history/P.parquet`, are still read.

use crate::consolidate::Project;
use crate::period::Period;
use crate::validate::project_key;
use polars::prelude::*;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

/// Last period's figures for one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastProject {
    pub ytd_completed: i64,
}

/// The latest earlier period of the same year found in the history folder.
#[derive(Debug, Clone)]
pub struct Previous {
    pub period: Period,
    pub projects: BTreeMap<String, PastProject>,
}

impl Previous {
    /// 本年累计 by project key.
    #[must_use]
    pub fn ytd(&self) -> BTreeMap<String, i64> {
        self.projects
            .iter()
            .map(|(k, p)| (k.clone(), p.ytd_completed))
            .collect()
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
pub fn load_previous(root: &Path, period: Period) -> Result<Option<Previous>, String> {
    let Some((prev, path)) = stored_periods(root)
        .into_iter()
        .rfind(|(p, _)| p.year == period.year && *p < period)
    else {
        return Ok(None);
    };
    let bytes =
        std::fs::read(&path).map_err(|e| format!("无法读取历史数据 {}：{e}", path.display()))?;
    let frame = ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|e| format!("历史数据 {} 已损坏：{e}", path.display()))?;
    let read = || -> PolarsResult<BTreeMap<String, PastProject>> {
        let keys = frame.column("key")?.str()?.clone();
        let ytd = frame.column("ytd_completed")?.i64()?.clone();
        Ok(keys
            .iter()
            .zip(ytd.iter())
            .filter_map(|(k, y)| Some((k?.to_owned(), PastProject { ytd_completed: y? })))
            .collect())
    };
    let projects = read().map_err(|e| format!("历史数据 {} 缺少列：{e}", path.display()))?;
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
        "key" => projects.iter().map(|p| project_key(&p.row)).collect::<Vec<_>>(),
        "code" => text(&|p| p.row.code.as_deref().map(str::to_owned)),
        "name" => projects.iter().map(|p| p.row.name.as_str()).collect::<Vec<_>>(),
        "category" => projects.iter().map(|p| p.row.category.as_str()).collect::<Vec<_>>(),
        "lead_unit" => projects.iter().map(|p| p.row.lead_unit.as_str()).collect::<Vec<_>>(),
        "unit" => projects.iter().map(|p| p.row.unit.as_str()).collect::<Vec<_>>(),
        "stage" => text(&|p| p.row.stage.as_deref().map(str::to_owned)),
        "total_investment" => projects.iter().map(|p| p.row.total_investment).collect::<Vec<_>>(),
        "annual_plan" => projects.iter().map(|p| p.row.annual_plan).collect::<Vec<_>>(),
        "ytd_completed" => projects.iter().map(|p| p.row.ytd_completed).collect::<Vec<_>>(),
        "month_completed" => projects.iter().map(|p| p.row.month_completed).collect::<Vec<_>>(),
        "flags" => text(&|p| Some(p.flags.iter().map(|f| f.label()).collect::<Vec<_>>().join("、"))),
        "source" => projects.iter().map(|p| p.row.source.label()).collect::<Vec<_>>(),
    )
}
