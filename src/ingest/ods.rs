//! `OpenDocument` spreadsheets (.ods) through calamine.
//!
//! calamine parses every table of `content.xml` when the file is opened, into dense grids, and
//! expands repeated cells (`number-columns-repeated`) and repeated spaces (`<text:s text:c>`)
//! as it goes: a few hundred bytes can ask for gigabytes. So `content.xml` is first walked
//! here, counting what calamine would build, and a file over the limits is refused with its
//! oversized tables named. (calamine cannot be asked for one table alone, so the whole file
//! goes unread.) The same walk finds the cells whose number style shows a money unit.

mod scan;
mod styles;
mod tag;

use super::workbook::{check_zip_parts, range_cells, reason, sheet_unreadable};
use super::{Budget, RawSheet, ReadError, ReadLimits, catch, sheet_from, too_large};
use crate::issue::Issue;
use calamine::{Data, Ods, Range, Reader, open_workbook};
use scan::scan;
use std::path::Path;

pub(super) fn read(
    path: &Path,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Result<Vec<RawSheet>, ReadError> {
    check_zip_parts(path, limits)?;
    let mut tables = scan(path, limits.max_cells_per_file)?;
    let mut refused = Vec::new();
    for t in &tables {
        if t.grid > limits.max_grid_cells || t.pushed > limits.max_grid_cells {
            issues.push(too_large(
                file,
                &t.name,
                &format!(
                    "展开后约{}个单元格，超过{}个",
                    t.grid.max(t.pushed),
                    limits.max_grid_cells
                ),
            ));
            refused.push(t.name.clone());
        }
    }
    let grid: u64 = tables.iter().map(|t| t.grid.max(t.pushed)).sum();
    let text: u64 = tables.iter().map(|t| t.text).sum();
    if !refused.is_empty() {
        return Err(ReadError::OdsSheetsTooLarge(refused.join("”“")));
    }
    if grid > limits.max_grid_cells || text > limits.max_text_bytes as u64 {
        return Err(ReadError::OdsTooLarge {
            grid,
            text_mb: text >> 20,
        });
    }
    let mut book: Ods<_> =
        catch(|| open_workbook(path))?.map_err(|e: calamine::OdsError| reason(&e.to_string()))?;
    let mut budget = Budget::new(limits);
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range: Range<Data> = match catch(|| book.worksheet_range(&name)) {
            Ok(Ok(range)) => range,
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
            issues.push(too_large(file, &name, "单元格或文字过多"));
            continue;
        };
        let mut sheet = sheet_from(file, &name, cells, Vec::new(), limits, issues);
        if let Some(t) = tables.iter_mut().find(|t| t.name == name) {
            sheet.number_units = std::mem::take(&mut t.units);
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}
