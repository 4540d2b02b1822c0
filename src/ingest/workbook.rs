//! Office Open XML workbooks (.xlsx, .xlsm, .xlsb) through calamine, streamed cell by cell: a
//! stray cell at XFD1048576 costs one cell, and a sheet past the cell cap is refused and
//! reported. A zip bomb is refused by the sizes its parts declare (the zip reader holds each
//! part to its declared size). Also the helpers the other calamine readers share.

use super::{Budget, CellValue, MAX_COLS, MAX_ROWS, Merge, RawSheet, ReadError, ReadLimits};
use super::{catch, sheet_from, too_large};
use crate::issue::{Issue, IssueCode};
use calamine::{Data, DataRef, Dimensions, Reader, SheetType, Xlsb, Xlsx, open_workbook};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

type Sheets = Result<Vec<RawSheet>, ReadError>;

pub(super) fn read_xlsx(
    path: &Path,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Sheets {
    check_zip_parts(path, limits)?;
    check_shared_strings(path)?;
    let mut book: Xlsx<_> =
        catch(|| open_workbook(path))?.map_err(|e: calamine::XlsxError| reason(&e.to_string()))?;
    let mut budget = Budget::new(limits);
    let mut sheets = Vec::new();
    for (name, is_worksheet) in worksheets(book.sheets_metadata()) {
        if !is_worksheet {
            sheets.push(RawSheet::from_cells(&name, Vec::new(), Vec::new()));
            continue;
        }
        let read = catch(|| {
            let merges = book
                .merge_cells_by_sheet_name(&name)
                .map(|dims| dims.iter().map(merge).collect())
                .unwrap_or_default();
            let mut reader = book
                .worksheet_cells_reader(&name)
                .map_err(|e| Refusal::Unreadable(reason(&e.to_string())))?;
            let next = || {
                reader
                    .next_cell()
                    .map(|c| c.map(|c| (c.get_position(), from_data_ref(c.get_value()))))
                    .map_err(|e| reason(&e.to_string()))
            };
            collect(next, &mut budget, limits).map(|cells| (cells, merges))
        });
        push_sheet(file, &name, read, limits, issues, &mut sheets);
    }
    let mut units = super::numfmt::number_units(path, limits);
    for sheet in &mut sheets {
        if let Some(cells) = units.remove(&sheet.name) {
            sheet.number_units = cells;
        }
    }
    Ok(sheets)
}

pub(super) fn read_xlsb(
    path: &Path,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Sheets {
    check_zip_parts(path, limits)?;
    let mut book: Xlsb<_> =
        catch(|| open_workbook(path))?.map_err(|e: calamine::XlsbError| reason(&e.to_string()))?;
    let mut budget = Budget::new(limits);
    let mut sheets = Vec::new();
    for (name, is_worksheet) in worksheets(book.sheets_metadata()) {
        if !is_worksheet {
            sheets.push(RawSheet::from_cells(&name, Vec::new(), Vec::new()));
            continue;
        }
        let read = catch(|| {
            let mut reader = book
                .worksheet_cells_reader(&name)
                .map_err(|e| Refusal::Unreadable(reason(&e.to_string())))?;
            let next = || {
                reader
                    .next_cell()
                    .map(|c| c.map(|c| (c.get_position(), from_data_ref(c.get_value()))))
                    .map_err(|e| reason(&e.to_string()))
            };
            collect(next, &mut budget, limits).map(|cells| (cells, Vec::new()))
        });
        push_sheet(file, &name, read, limits, issues, &mut sheets);
    }
    Ok(sheets)
}

/// Sheet names, and whether each is a worksheet (chart and dialog sheets hold no cells: they
/// are listed, empty, and never reported as unreadable).
fn worksheets(sheets: &[calamine::Sheet]) -> Vec<(String, bool)> {
    sheets
        .iter()
        .map(|s| (s.name.clone(), s.typ == SheetType::WorkSheet))
        .collect()
}

/// Why a sheet was not read.
enum Refusal {
    TooLarge,
    OutOfGrid(u32, u32),
    Unreadable(ReadError),
}

type Cells = Vec<(u32, u32, CellValue)>;

/// Streams a sheet's cells within the sheet's and the file's budget.
/// A refused sheet gives back to the file's budget what it took.
fn collect(
    mut next: impl FnMut() -> Result<Option<((u32, u32), Option<CellValue>)>, ReadError>,
    budget: &mut Budget,
    limits: &ReadLimits,
) -> Result<Cells, Refusal> {
    let mut cells = Vec::new();
    let refusal = loop {
        match next() {
            Ok(Some(((row, col), Some(value)))) => {
                if row >= MAX_ROWS || col >= MAX_COLS {
                    break Refusal::OutOfGrid(row, col);
                }
                if cells.len() >= limits.max_cells_per_sheet || !budget.take(&value) {
                    break Refusal::TooLarge;
                }
                cells.push((row, col, value));
            }
            Ok(Some((_, None))) => {}
            Ok(None) => return Ok(cells),
            Err(e) => break Refusal::Unreadable(e),
        }
    };
    budget.give_back(&cells);
    Err(refusal)
}

fn push_sheet(
    file: &str,
    name: &str,
    read: Result<Result<(Cells, Vec<Merge>), Refusal>, ReadError>,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
    sheets: &mut Vec<RawSheet>,
) {
    match read {
        Ok(Ok((cells, merges))) => {
            sheets.push(sheet_from(file, name, cells, merges, limits, issues));
        }
        Ok(Err(refusal)) => issues.push(match refusal {
            Refusal::TooLarge => too_large(
                file,
                name,
                &format!(
                    "超过{}个单元格，或全文件超过{}个单元格、{} MB文字",
                    limits.max_cells_per_sheet,
                    limits.max_cells_per_file,
                    limits.max_text_bytes >> 20
                ),
            ),
            Refusal::OutOfGrid(row, col) => sheet_unreadable(
                file,
                name,
                &ReadError::OutOfGrid {
                    row: u64::from(row) + 1,
                    col: u64::from(col) + 1,
                },
            ),
            Refusal::Unreadable(reason) => sheet_unreadable(file, name, &reason),
        }),
        Err(panic) => issues.push(sheet_unreadable(file, name, &panic)),
    }
}

/// A zip bomb declares its inflated size in the central directory; refuse it before inflating.
pub(super) fn check_zip_parts(path: &Path, limits: &ReadLimits) -> Result<(), ReadError> {
    let file = File::open(path).map_err(|e| ReadError::io(&e))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|_| ReadError::BadZip)?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            return Err(ReadError::BadZipEntry);
        };
        total = total.saturating_add(entry.size());
        if entry.size() > limits.max_part_bytes || total > limits.max_part_bytes * 4 {
            return Err(ReadError::PartTooLarge {
                part: entry.name().unwrap_or_default().into_owned(),
                size_mb: entry.size() >> 20,
                limit_mb: limits.max_part_bytes >> 20,
            });
        }
    }
    Ok(())
}

/// calamine reserves room for as many shared strings as the table says it holds, before
/// reading one: a forged count asks for terabytes. A true count fits in the table's size.
fn check_shared_strings(path: &Path) -> Result<(), ReadError> {
    let file = File::open(path).map_err(|e| ReadError::io(&e))?;
    let Ok(mut archive) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    let Some(name) = archive
        .file_names()
        .flatten()
        .find(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(std::borrow::Cow::into_owned)
    else {
        return Ok(());
    };
    let Ok(entry) = archive.by_name(&name) else {
        return Ok(());
    };
    let size = entry.size();
    let mut head = Vec::new();
    let _ = entry.take(64 << 10).read_to_end(&mut head);
    let head = String::from_utf8_lossy(&head);
    let Some(tag) = head.find("<sst").map(|at| &head[at..]) else {
        return Ok(());
    };
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let count = tag
        .split_once("uniqueCount=")
        .and_then(|(_, rest)| {
            let digits: String = rest
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<u64>().ok()
        })
        .unwrap_or(0);
    // `<si/>` is five bytes: no table holds more strings than a fifth of its size.
    if count > 100_000 && count > size / 5 {
        return Err(ReadError::SharedStrings {
            count,
            size_kb: size >> 10,
        });
    }
    Ok(())
}

pub(super) fn merge(d: &Dimensions) -> Merge {
    Merge {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}

fn text(s: &str) -> Option<CellValue> {
    (!s.trim().is_empty()).then(|| CellValue::Text(s.to_owned()))
}

#[allow(clippy::cast_precision_loss)]
fn from_data_ref(v: &DataRef<'_>) -> Option<CellValue> {
    match v {
        DataRef::Int(i) => Some(CellValue::Number(*i as f64)),
        DataRef::Float(f) => Some(CellValue::Number(*f)),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Some(CellValue::Bool(*b)),
        DataRef::DateTime(d) => Some(CellValue::Date(d.as_f64())),
        DataRef::Error(e) => Some(CellValue::Error(e.to_string())),
        DataRef::Empty => None,
    }
}

/// The cells of a calamine range at their absolute positions, within the per-sheet cell cap and
/// the file's text budget; `None` (budget given back) when the sheet is too large.
pub(super) fn range_cells(
    range: &calamine::Range<Data>,
    limits: &ReadLimits,
    budget: &mut Budget,
) -> Option<Vec<(u32, u32, CellValue)>> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut cells = Vec::new();
    for (r, c, v) in range.used_cells() {
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
            continue;
        };
        let Some(value) = from_data(v) else { continue };
        if cells.len() >= limits.max_cells_per_sheet || !budget.take(&value) {
            budget.give_back(&cells);
            return None;
        }
        cells.push((r0 + r, c0 + c, value));
    }
    Some(cells)
}

#[allow(clippy::cast_precision_loss)] // Excel's integers fit in f64: it stores them so
pub(super) fn from_data(v: &Data) -> Option<CellValue> {
    match v {
        Data::Int(i) => Some(CellValue::Number(*i as f64)),
        Data::Float(f) => Some(CellValue::Number(*f)),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => text(s),
        Data::Bool(b) => Some(CellValue::Bool(*b)),
        Data::DateTime(d) => Some(CellValue::Date(d.as_f64())),
        Data::Error(e) => Some(CellValue::Error(e.to_string())),
        Data::Empty => None,
    }
}

/// A sheet that could not be read, the reason already in words.
pub(super) fn sheet_unreadable(file: &str, sheet: &str, reason: &ReadError) -> Issue {
    Issue::new(
        IssueCode::FileUnreadable,
        file,
        format!("工作表无法读取：{reason}"),
    )
    .sheet(sheet)
}

/// calamine's error text, in words a clerk can act on.
pub(super) fn reason(detail: &str) -> ReadError {
    let lower = detail.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::Encrypted
    } else if lower.contains("larger than its declared") {
        ReadError::Inflated
    } else if lower.contains("codepage") {
        ReadError::Codepage(detail.to_owned())
    } else if [
        "zip",
        "eof",
        "invalid",
        "cfb",
        "past end",
        "fill whole buffer",
        "truncat",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        ReadError::Damaged(detail.to_owned())
    } else {
        ReadError::Unparsable(detail.to_owned())
    }
}
