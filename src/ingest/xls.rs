//! Excel 97–2003 workbooks (.xls, BIFF in an OLE compound file), through calamine.
//!
//! calamine loads every sheet of an .xls at once into a dense grid spanning its used range:
//! one cell at IV65536 next to A1 makes a grid of sixteen million cells, and a forged
//! `DIMENSIONS` record asks for terabytes. So the BIFF records are walked here first, as
//! calamine will walk them: cells that would stretch a sheet's grid past `max_grid_cells` are
//! blanked out of the bytes handed to calamine (their record type is changed to one calamine
//! skips), a sheet that is simply too large is blanked whole, and either is reported. The rest
//! of the file is read as usual. The same walk gathers the money units the cells' number
//! formats show (calamine keeps no styles for .xls).

mod plan;
mod units;

use super::cfb::Compound;
use super::workbook::{range_cells, reason, sheet_unreadable};
use super::{Budget, Kind, Merge, RawSheet, ReadError, ReadLimits, catch, sheet_from};
use crate::issue::{Issue, IssueCode};
use calamine::{Reader, SheetType, Xls};
use plan::{Note, Plan, plan};
use std::io::Cursor;
use std::path::Path;

/// A record type no BIFF version defines: calamine passes over it.
const BLANKED: [u8; 2] = [0xFF, 0x0F];

pub(super) fn read(
    path: &Path,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Result<Vec<RawSheet>, ReadError> {
    let mut bytes = std::fs::read(path).map_err(|e| ReadError::io(&e))?;
    let Plan {
        blanks,
        notes,
        mut units,
    } = {
        let cfb = Compound::parse(&bytes)?;
        if cfb.has("EncryptionInfo") || cfb.has("EncryptedPackage") {
            return Err(ReadError::Encrypted);
        }
        let stream = match cfb.stream("Workbook")? {
            Some(s) => s,
            None => cfb
                .stream("Book")?
                .ok_or_else(|| not_a_workbook(&cfb, &super::extension(path)))?,
        };
        plan(&stream, limits)?
    };
    for at in blanks {
        bytes[at] = BLANKED[0];
        bytes[at + 1] = BLANKED[1];
    }
    let mut book = catch(|| Xls::new(Cursor::new(bytes)))?.map_err(|e| reason(&e.to_string()))?;
    let worksheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ == SheetType::WorkSheet))
        .collect();
    for (index, note) in &notes {
        let sheet = worksheets
            .get(*index)
            .map_or_else(|| format!("第{}个工作表", index + 1), |(n, _)| n.clone());
        issues.push(note_issue(file, &sheet, note, limits));
    }
    let refused: Vec<usize> = notes
        .iter()
        .filter(|(_, n)| matches!(n, Note::Refused))
        .map(|(i, _)| *i)
        .collect();
    let mut budget = Budget::new(limits);
    let mut sheets = Vec::new();
    for (index, (name, is_worksheet)) in worksheets.into_iter().enumerate() {
        if refused.contains(&index) {
            continue;
        }
        if !is_worksheet {
            sheets.push(RawSheet::from_cells(&name, Vec::new(), Vec::new()));
            continue;
        }
        let read = catch(|| {
            let range = book.worksheet_range(&name)?;
            let merges = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
            Ok::<_, calamine::XlsError>((range, merges))
        });
        let (range, merges) = match read {
            Ok(Ok(read)) => read,
            Ok(Err(e)) => {
                issues.push(sheet_unreadable(file, &name, &reason(&e.to_string())));
                continue;
            }
            Err(p) => {
                issues.push(sheet_unreadable(file, &name, &p));
                continue;
            }
        };
        let Some(cells) = range_cells(&range, limits, &mut budget) else {
            issues.push(super::too_large(file, &name, "单元格或文字过多"));
            continue;
        };
        let merges = merges
            .iter()
            .map(super::workbook::merge)
            .collect::<Vec<Merge>>();
        let mut sheet = sheet_from(file, &name, cells, merges, limits, issues);
        if let Some(units) = units.get_mut(index) {
            sheet.number_units = std::mem::take(units);
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// A compound file without a workbook stream: what it is instead.
fn not_a_workbook(cfb: &Compound<'_>, ext: &str) -> ReadError {
    let kind = if cfb.has("WordDocument") {
        Kind::WordDoc
    } else if cfb.has("PowerPoint Document") {
        Kind::Presentation
    } else {
        return ReadError::NoWorkbookStream;
    };
    ReadError::NotAWorkbook {
        kind,
        ext: ext.to_owned(),
    }
}

fn note_issue(file: &str, sheet: &str, note: &Note, limits: &ReadLimits) -> Issue {
    match note {
        Note::Refused => super::too_large(
            file,
            sheet,
            &format!("数据区超过{}个单元格或文字过多", limits.max_grid_cells),
        ),
        Note::Stray { count, first } => Issue::new(
            IssueCode::SheetTooLarge,
            file,
            format!(
                "工作表在远离数据区的{first}等处有{count}个单元格，连同数据区超过读取上限，这些单元格未读取；其余内容已读取。请删除多余的单元格后重新报送"
            ),
        )
        .sheet(sheet)
        .value(first.clone()),
    }
}
