//! Files → `RawSheet`s. Finds the submissions in the input folders, skips what must not be
//! read (lock files, hidden and temporary files, output folders), and reads every cell of every
//! sheet with its position, merged ranges filled in. It judges nothing about the content.
//!
//! One strange file must never stop the month's run: every file is read on its own thread,
//! within `ReadLimits` (memory) and a time limit, and a panic in a parser is caught there. What
//! could not be read becomes `Content::Unreadable` or a `sheet-too-large` issue, in words.

mod cfb;
mod csv_file;
mod discover;
mod error;
mod excel_date;
mod grid;
mod html;
mod merges;
mod mht;
mod numfmt;
mod ods;
mod raw;
mod sniff;
mod spreadsheetml;
mod workbook;
mod xls;

pub use discover::{Candidate, discover};
pub use error::ReadError;
pub use excel_date::serial_to_date;
pub use numfmt::{NumberUnits, format_unit};
pub use raw::{CellValue, MERGE_FILL_BUDGET, Merge, RawRow, RawSheet};
pub use sniff::Kind;

use crate::issue::{Issue, IssueCode, column_letters};
use chrono::NaiveDateTime;
use sniff::Format;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What reading one file gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Sheets(Vec<RawSheet>),
    /// Not read on purpose (lock file, hidden, temporary), with the reason.
    Skipped(String),
    /// Could not be read, with the reason in words.
    Unreadable(String),
}

/// A file found in the inbox and what it holds.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The name shown to people: the path relative to the input folder.
    pub file: String,
    pub path: PathBuf,
    pub modified: Option<NaiveDateTime>,
    pub content: Content,
    /// Sheets too large to load or other per-sheet read problems.
    pub issues: Vec<Issue>,
}

/// Limits that keep one hostile file from exhausting memory or time. A real ledger (a few
/// thousand rows, fifty columns) is far below each of them.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    /// Cells read from one sheet before it is refused as too large.
    pub max_cells_per_sheet: usize,
    /// Cells read from all sheets of one file before the rest is refused.
    pub max_cells_per_file: usize,
    /// Text held by the cells of one file (a long shared string used a million times counts a
    /// million times).
    pub max_text_bytes: usize,
    /// Rows × columns of the grid that an xls or ods sheet is loaded into (one far-away cell
    /// makes the grid huge) before the far cells or the sheet are refused; also the grids of
    /// all sheets of one such file together.
    pub max_grid_cells: u64,
    /// Uncompressed size of one part of a zipped workbook, as declared (the zip reader holds
    /// every part to its declared size, so a part cannot inflate past it).
    pub max_part_bytes: u64,
    /// Size of a file on disk.
    pub max_file_bytes: u64,
    /// Merged ranges of one sheet.
    pub max_merges_per_sheet: usize,
    /// Time for one file; past it the file is reported and the run goes on.
    pub max_time: Duration,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_cells_per_sheet: 2_000_000,
            max_cells_per_file: 4_000_000,
            max_text_bytes: 128 << 20,
            max_grid_cells: 5_000_000,
            max_part_bytes: 256 << 20,
            max_file_bytes: 256 << 20,
            max_merges_per_sheet: 20_000,
            max_time: Duration::from_mins(5),
        }
    }
}

/// Reads one candidate file. Never panics, never fails, never waits past `max_time`: a
/// problem is in the `Content` or the issues.
#[must_use]
pub fn read(candidate: &Candidate, limits: &ReadLimits) -> Submission {
    let (content, issues) = match &candidate.skip {
        Some(reason) => (Content::Skipped(reason.clone()), Vec::new()),
        None => read_bounded(&candidate.path, &candidate.file, limits),
    };
    Submission {
        file: candidate.file.clone(),
        path: candidate.path.clone(),
        modified: candidate.modified,
        content,
        issues,
    }
}

/// Runs the reading on a thread of its own, so that a parser that loops forever costs this
/// file, not the run, and a panic is caught where it happens.
fn read_bounded(path: &Path, file: &str, limits: &ReadLimits) -> (Content, Vec<Issue>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let (owned_path, owned_file, owned_limits) = (path.to_owned(), file.to_owned(), *limits);
    let spawned = std::thread::Builder::new()
        .name("taizhang-read".to_owned())
        .stack_size(16 << 20)
        .spawn(move || {
            let _ = tx.send(read_caught(&owned_path, &owned_file, &owned_limits));
        });
    if spawned.is_err() {
        return read_caught(path, file, limits);
    }
    match rx.recv_timeout(limits.max_time) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => (
            Content::Unreadable(ReadError::TimedOut(limits.max_time.as_secs()).to_string()),
            Vec::new(),
        ),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => (
            Content::Unreadable(ReadError::Panic("读取线程意外退出".into()).to_string()),
            Vec::new(),
        ),
    }
}

fn read_caught(path: &Path, file: &str, limits: &ReadLimits) -> (Content, Vec<Issue>) {
    let mut issues = Vec::new();
    let content = match catch(|| read_content(path, file, limits, &mut issues)) {
        Ok(content) => content,
        Err(panic) => {
            issues.clear();
            Content::Unreadable(panic.to_string())
        }
    };
    (content, issues)
}

/// Runs a parser, turning its panic into `ReadError::Panic` with the panic's text. The parsers
/// (calamine above all) index into bytes taken from the file; a malformed file must cost that
/// file only.
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, ReadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|e| {
        ReadError::Panic(
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "未知错误".to_owned()),
        )
    })
}

fn read_content(path: &Path, file: &str, limits: &ReadLimits, issues: &mut Vec<Issue>) -> Content {
    let ext = extension(path);
    let format = match sniff::format(path, &ext, limits) {
        Ok(format) => format,
        Err(reason) => return Content::Unreadable(reason.to_string()),
    };
    let result = match format {
        Format::Csv => csv_file::read(path, file, limits, issues),
        Format::Xlsx => workbook::read_xlsx(path, file, limits, issues),
        Format::Xlsb => workbook::read_xlsb(path, file, limits, issues),
        Format::Ods => ods::read(path, file, limits, issues),
        Format::Xls => xls::read(path, file, limits, issues),
        Format::SpreadsheetMl => spreadsheetml::read(path, file, limits, issues),
        Format::Html => html::read(path, file, limits, issues),
        Format::WebArchive => mht::read(path, file, limits, issues),
    };
    result.map_or_else(|e| Content::Unreadable(e.to_string()), Content::Sheets)
}

#[must_use]
pub fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The issue for a sheet that was refused for its size.
#[must_use]
pub fn too_large(file: &str, sheet: &str, what: &str) -> Issue {
    Issue::new(
        IssueCode::SheetTooLarge,
        file,
        format!("工作表过大（{what}），超过读取上限，未读取；请删除多余的行列后重新报送"),
    )
    .sheet(sheet)
}

/// `A1:XFD1048576` style text for a size message.
#[must_use]
pub fn range_text(rows: u32, cols: u32) -> String {
    format!(
        "{}行×{}列（至{}{}）",
        rows,
        cols,
        column_letters(cols.saturating_sub(1)),
        rows
    )
}

/// Rows and columns of Excel's grid: a position past them is not a real cell.
pub(crate) const MAX_ROWS: u32 = 1_048_576;
pub(crate) const MAX_COLS: u32 = 16_384;

/// What one file's cells may still cost: shared by its sheets.
#[derive(Debug)]
pub(crate) struct Budget {
    cells: usize,
    text: usize,
}

impl Budget {
    pub(crate) fn new(limits: &ReadLimits) -> Self {
        Budget {
            cells: limits.max_cells_per_file,
            text: limits.max_text_bytes,
        }
    }

    /// Takes one cell; false when the file has no room left for it.
    pub(crate) fn take(&mut self, value: &CellValue) -> bool {
        let text = value.heap_bytes();
        if self.cells == 0 || text > self.text {
            return false;
        }
        self.cells -= 1;
        self.text -= text;
        true
    }

    /// Gives back what a refused sheet took.
    pub(crate) fn give_back(&mut self, cells: &[(u32, u32, CellValue)]) {
        self.cells += cells.len();
        self.text += cells.iter().map(|(_, _, v)| v.heap_bytes()).sum::<usize>();
    }
}

/// Builds a read sheet, reporting the merges it could not apply: too many of them, or too
/// large to fill.
pub(crate) fn sheet_from(
    file: &str,
    name: &str,
    cells: Vec<(u32, u32, CellValue)>,
    mut merges: Vec<Merge>,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> RawSheet {
    merges.retain(|m| m.first_row <= m.last_row && m.first_col <= m.last_col);
    if merges.len() > limits.max_merges_per_sheet {
        issues.push(
            Issue::new(
                IssueCode::SheetTooLarge,
                file,
                format!(
                    "工作表有{}个合并单元格，超过读取上限{}个；多出的合并单元格未展开（其值只在左上角单元格）",
                    merges.len(),
                    limits.max_merges_per_sheet
                ),
            )
            .sheet(name),
        );
        merges.truncate(limits.max_merges_per_sheet);
    }
    let (sheet, unfilled, dropped) = RawSheet::build(name, cells, merges, MERGE_FILL_BUDGET);
    if let Some(first) = dropped.first() {
        issues.push(
            Issue::new(
                IssueCode::SheetTooLarge,
                file,
                format!(
                    "合并单元格覆盖的范围过大（{}等{}处），超过读取上限，未处理（其值只在左上角单元格）",
                    first.a1(),
                    dropped.len()
                ),
            )
            .sheet(name),
        );
    }
    if let Some(first) = unfilled.first() {
        issues.push(
            Issue::new(
                IssueCode::SheetTooLarge,
                file,
                format!(
                    "合并单元格范围过大（{}{}），超过读取上限，未展开（其值只在左上角单元格）；请取消多余的合并后重新报送",
                    first.a1(),
                    if unfilled.len() > 1 {
                        format!("等{}处", unfilled.len())
                    } else {
                        String::new()
                    }
                ),
            )
            .sheet(name)
            .at(first.first_row, first.first_col),
        );
    }
    sheet
}
