//! Files → `RawSheet`s. Finds the submissions in the input folders, skips what must not be
//! read (lock files, hidden and temporary files, output folders), and reads every cell of every
//! sheet with its position, merged ranges filled in. It judges nothing about the content.

mod csv_file;
mod discover;
mod workbook;

pub use discover::{Candidate, discover};

use crate::issue::{Issue, IssueCode, column_letters};
use chrono::NaiveDateTime;
use std::path::{Path, PathBuf};

/// One cell's value as the file holds it (formulas by their cached value).
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Text(String),
    Number(f64),
    /// An Excel date serial (days since 1899-12-30).
    Date(f64),
    Bool(bool),
    /// An error value such as `#REF!`.
    Error(String),
}

impl CellValue {
    /// The value as a person reads it in the cell, for messages and text fields.
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            CellValue::Text(s) | CellValue::Error(s) => s.clone(),
            CellValue::Number(n) => format_number(*n),
            CellValue::Date(serial) => crate::normalize::values::serial_to_date(*serial)
                .map_or_else(|| format_number(*serial), |d| d.to_string()),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        }
    }

    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match self {
            CellValue::Text(s) => Some(s),
            _ => None,
        }
    }
}

fn format_number(n: f64) -> String {
    let s = format!("{n:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One non-empty row: its zero-based index and its cells by zero-based column, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub index: u32,
    pub cells: Vec<(u32, CellValue)>,
}

impl RawRow {
    #[must_use]
    pub fn get(&self, col: u32) -> Option<&CellValue> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

/// A merged range, zero-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// A sheet as read: only the non-empty rows, sparse, so a stray far-away cell costs one cell.
/// Merged ranges are already filled: every covered cell holds the top-left value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<RawRow>,
    pub merges: Vec<Merge>,
}

impl RawSheet {
    /// Builds a sheet from cells in any order, filling merged ranges.
    #[must_use]
    pub fn from_cells(
        name: &str,
        mut cells: Vec<(u32, u32, CellValue)>,
        merges: Vec<Merge>,
    ) -> Self {
        let (max_row, max_col) = cells
            .iter()
            .fold((0, 0), |(r, c), (row, col, _)| (r.max(*row), c.max(*col)));
        let mut fills = Vec::new();
        for m in &merges {
            let Some(value) = cells
                .iter()
                .find(|(r, c, _)| *r == m.first_row && *c == m.first_col)
                .map(|(_, _, v)| v.clone())
            else {
                continue;
            };
            // Clamped to the used area: a merge over a whole column must not fill a million rows.
            for r in m.first_row..=m.last_row.min(max_row) {
                for c in m.first_col..=m.last_col.min(max_col) {
                    if (r, c) != (m.first_row, m.first_col) {
                        fills.push((r, c, value.clone()));
                    }
                }
            }
        }
        cells.extend(fills);
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        cells.dedup_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<RawRow> = Vec::new();
        for (r, c, v) in cells {
            match rows.last_mut() {
                Some(last) if last.index == r => last.cells.push((c, v)),
                _ => rows.push(RawRow {
                    index: r,
                    cells: vec![(c, v)],
                }),
            }
        }
        RawSheet {
            name: name.to_owned(),
            rows,
            merges,
        }
    }

    #[must_use]
    pub fn cell(&self, row: u32, col: u32) -> Option<&CellValue> {
        let i = self.rows.binary_search_by_key(&row, |r| r.index).ok()?;
        self.rows[i].get(col)
    }

    /// Is the cell covered by a merge without being its top-left (a filled-in copy)?
    #[must_use]
    pub fn is_merge_copy(&self, row: u32, col: u32) -> bool {
        self.merges.iter().any(|m| {
            (m.first_row..=m.last_row).contains(&row)
                && (m.first_col..=m.last_col).contains(&col)
                && (row, col) != (m.first_row, m.first_col)
        })
    }

    /// Is the cell the top-left of, or covered by, a merge spanning several columns?
    #[must_use]
    pub fn merged_across(&self, row: u32, col: u32) -> Option<Merge> {
        self.merges.iter().copied().find(|m| {
            m.first_col < m.last_col
                && (m.first_row..=m.last_row).contains(&row)
                && (m.first_col..=m.last_col).contains(&col)
        })
    }
}

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

/// Limits that keep one hostile file from exhausting memory.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    /// Cells read from one sheet before it is reported as too large.
    pub max_cells_per_sheet: usize,
    /// Declared rows × columns of a sheet (xls/ods load the whole grid) before it is refused.
    pub max_grid_cells: u64,
    /// Uncompressed size of one part of a zipped workbook.
    pub max_part_bytes: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_cells_per_sheet: 20_000_000,
            max_grid_cells: 50_000_000,
            max_part_bytes: 2 << 30,
        }
    }
}

/// Reads one candidate file. Never panics, never fails: a problem is in the `Content`.
#[must_use]
pub fn read(candidate: &Candidate, limits: &ReadLimits) -> Submission {
    let mut issues = Vec::new();
    let content = match &candidate.skip {
        Some(reason) => Content::Skipped(reason.clone()),
        None => read_content(&candidate.path, &candidate.file, limits, &mut issues),
    };
    Submission {
        file: candidate.file.clone(),
        path: candidate.path.clone(),
        modified: candidate.modified,
        content,
        issues,
    }
}

fn read_content(path: &Path, file: &str, limits: &ReadLimits, issues: &mut Vec<Issue>) -> Content {
    let ext = extension(path);
    let head = match read_head(path) {
        Ok(head) => head,
        Err(reason) => return Content::Unreadable(reason),
    };
    if head.is_empty() {
        return Content::Unreadable("文件是空的（0字节）".into());
    }
    let sniffed = sniff(&head);
    let result = match (ext.as_str(), sniffed) {
        ("csv" | "txt", _) => csv_file::read(path),
        ("xlsx" | "xlsm" | "xlsb" | "xls" | "ods", Sniffed::Html) => Err(format!(
            "文件名是 .{ext}，内容却是网页（HTML）表格，多为业务系统导出；请用Excel打开后“另存为”.xlsx再报送"
        )),
        ("xlsx" | "xlsm" | "xlsb" | "xls" | "ods", Sniffed::Text) => Err(format!(
            "文件名是 .{ext}，内容却是纯文本（CSV等），不是Excel工作簿；请用Excel打开后“另存为”.xlsx再报送"
        )),
        ("xlsx" | "xlsm" | "xlsb" | "ods", Sniffed::Ole) => {
            Err("文件已加密（设置了打开密码）或不是有效的工作簿；请去掉密码后重新报送".into())
        }
        ("xls", Sniffed::Zip) => workbook::read(path, "xlsx", file, limits, issues),
        ("xlsx" | "xlsm" | "xlsb" | "xls" | "ods", _) => {
            workbook::read(path, &ext, file, limits, issues)
        }
        _ => Err(format!("不支持的文件格式“.{ext}”，请另存为 .xlsx 后报送")),
    };
    result.map_or_else(Content::Unreadable, Content::Sheets)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Zip,
    Ole,
    Html,
    Text,
    Binary,
}

fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(b"PK\x03\x04") {
        return Sniffed::Zip;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Sniffed::Ole;
    }
    let text = String::from_utf8_lossy(head).to_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<')
        && (text.contains("<html") || text.contains("<table") || text.contains("<!doctype"))
    {
        return Sniffed::Html;
    }
    let binary = head.iter().filter(|b| **b == 0 || (**b < 9)).count();
    if binary == 0 {
        Sniffed::Text
    } else {
        Sniffed::Binary
    }
}

fn read_head(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let mut head = vec![0; 1024];
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) => return Err(io_reason(&e)),
        }
    }
    head.truncate(filled);
    Ok(head)
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "没有读取权限，无法打开文件".into(),
        std::io::ErrorKind::NotFound => "文件不存在（可能已被移走）".into(),
        std::io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件".into(),
        _ => format!("无法读取文件：{e}"),
    }
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
