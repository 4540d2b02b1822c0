//! Workbooks through calamine. xlsx is streamed cell by cell (a stray cell at XFD1048576 costs
//! one cell, and a sheet past the cell cap is cut off and reported); xls, xlsb and ods are
//! read as ranges after their declared size is checked.

use super::{CellValue, Merge, RawSheet, ReadLimits, range_text, too_large};
use crate::issue::Issue;
use calamine::{Data, DataRef, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx, open_workbook};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

type Sheets = Result<Vec<RawSheet>, String>;

pub fn read(
    path: &Path,
    ext: &str,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Sheets {
    match ext {
        "xlsx" | "xlsm" => {
            check_zip_parts(path, limits)?;
            read_xlsx(path, file, limits, issues)
        }
        "ods" => {
            check_zip_parts(path, limits)?;
            let mut book: Ods<_> =
                open_workbook(path).map_err(|e: calamine::OdsError| reason(&e.to_string()))?;
            read_ranges(&mut book, file, limits, issues, |_, _| Vec::new())
        }
        "xlsb" => {
            let mut book: Xlsb<_> =
                open_workbook(path).map_err(|e: calamine::XlsbError| reason(&e.to_string()))?;
            read_ranges(&mut book, file, limits, issues, |_, _| Vec::new())
        }
        _ => {
            let mut book: Xls<_> =
                open_workbook(path).map_err(|e: calamine::XlsError| reason(&e.to_string()))?;
            read_ranges(
                &mut book,
                file,
                limits,
                issues,
                |book: &Xls<BufReader<File>>, name| {
                    book.merge_cells_by_sheet_name(name).unwrap_or_default()
                },
            )
        }
    }
}

/// A zip bomb declares its inflated size in the central directory; refuse it before inflating.
fn check_zip_parts(path: &Path, limits: &ReadLimits) -> Result<(), String> {
    let file = File::open(path).map_err(|e| super::io_reason(&e))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|_| "文件已损坏或不完整（不是有效的压缩工作簿），请重新保存后报送".to_owned())?;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            return Err("文件已损坏或不完整，请重新保存后报送".into());
        };
        if entry.size() > limits.max_part_bytes {
            return Err(format!(
                "工作簿中的“{}”解压后有 {} MB，超过读取上限 {} MB（疑似压缩炸弹或异常大的表），未读取",
                entry.name().unwrap_or_default(),
                entry.size() >> 20,
                limits.max_part_bytes >> 20
            ));
        }
    }
    Ok(())
}

fn read_xlsx(path: &Path, file: &str, limits: &ReadLimits, issues: &mut Vec<Issue>) -> Sheets {
    let mut book: Xlsx<_> =
        open_workbook(path).map_err(|e: calamine::XlsxError| reason(&e.to_string()))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map(|dims| dims.iter().map(merge).collect())
            .unwrap_or_default();
        let mut reader = match book.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            Err(e) => {
                issues.push(sheet_unreadable(file, &name, &e.to_string()));
                continue;
            }
        };
        let mut cells = Vec::new();
        let mut refused = false;
        loop {
            match reader.next_cell() {
                Ok(Some(cell)) => {
                    let (row, col) = cell.get_position();
                    if let Some(value) = from_data_ref(cell.get_value()) {
                        if cells.len() >= limits.max_cells_per_sheet {
                            issues.push(too_large(
                                file,
                                &name,
                                &format!("超过{}个单元格", limits.max_cells_per_sheet),
                            ));
                            refused = true;
                            break;
                        }
                        cells.push((row, col, value));
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    issues.push(sheet_unreadable(file, &name, &e.to_string()));
                    refused = true;
                    break;
                }
            }
        }
        if !refused {
            sheets.push(RawSheet::from_cells(&name, cells, merges));
        }
    }
    Ok(sheets)
}

fn read_ranges<R, F>(
    book: &mut R,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
    merges_of: F,
) -> Sheets
where
    R: Reader<BufReader<File>>,
    R::Error: std::fmt::Display,
    F: Fn(&R, &str) -> Vec<Dimensions>,
{
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range: Range<Data> = match book.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                issues.push(sheet_unreadable(file, &name, &e.to_string()));
                continue;
            }
        };
        let (height, width) = range.get_size();
        if (height as u64) * (width as u64) > limits.max_grid_cells {
            let rows = u32::try_from(height).unwrap_or(u32::MAX);
            let cols = u32::try_from(width).unwrap_or(u32::MAX);
            issues.push(too_large(file, &name, &range_text(rows, cols)));
            continue;
        }
        let cells = range
            .used_cells()
            .filter_map(|(r, c, v)| {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let row = r0 + u32::try_from(r).ok()?;
                let col = c0 + u32::try_from(c).ok()?;
                from_data(v).map(|v| (row, col, v))
            })
            .collect();
        let merges = merges_of(book, &name).iter().map(merge).collect();
        sheets.push(RawSheet::from_cells(&name, cells, merges));
    }
    Ok(sheets)
}

fn merge(d: &Dimensions) -> Merge {
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

#[allow(clippy::cast_precision_loss)]
fn from_data(v: &Data) -> Option<CellValue> {
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

fn sheet_unreadable(file: &str, sheet: &str, detail: &str) -> Issue {
    Issue::new(
        crate::issue::IssueCode::FileUnreadable,
        file,
        format!("工作表无法读取：{}", reason(detail)),
    )
    .sheet(sheet)
}

/// calamine's error text, in words a clerk can act on.
fn reason(detail: &str) -> String {
    let lower = detail.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        "文件已加密（设置了打开密码），请去掉密码后重新报送".into()
    } else if lower.contains("zip") || lower.contains("eof") || lower.contains("invalid") {
        format!("文件已损坏或不完整，请重新保存后报送（{detail}）")
    } else {
        format!("文件无法解析，请用Excel打开后另存为.xlsx再报送（{detail}）")
    }
}
