//! The walk over an .xls workbook stream that plans which BIFF records to blank out before
//! calamine reads the file: cells far from the rest, sheets too large, forged `DIMENSIONS`.
//! The same walk gathers the units the cells' number formats show (`units`).

use super::super::cfb::{Stream, broken};
use super::super::{NumberUnits, ReadError, ReadLimits};
use super::units::{self, Styles};
use crate::domain::MoneyUnit;
use crate::issue::a1;
use std::collections::HashMap;

/// Far-away cells dropped from a sheet before the sheet counts as too large, not as a sheet
/// with a few stray cells.
const STRAY_CELLS: usize = 1000;
/// `CONTINUE` records after one record: calamine takes them off the front of a list one by
/// one, so their cost grows with the square of their number.
const MAX_CONTINUES: usize = 20_000;

const EOF: u16 = 0x000A;
const BOF: u16 = 0x0809;
const CONTINUE: u16 = 0x003C;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
const LABELSST: u16 = 0x00FD;
const MULRK: u16 = 0x00BD;

/// One BIFF record: where its header starts in the stream, its type and its data.
struct Record<'a> {
    at: usize,
    typ: u16,
    data: &'a [u8],
}

/// The records from `from` on, each with the `CONTINUE` records after it; stops at a record
/// cut short (calamine stops there too, with an error).
fn records(stream: &[u8], from: usize) -> impl Iterator<Item = (Record<'_>, Vec<&[u8]>)> {
    let mut at = from;
    std::iter::from_fn(move || {
        let record = record_at(stream, at)?;
        at += 4 + record.data.len();
        let mut continues = Vec::new();
        while let Some(next) = record_at(stream, at).filter(|r| r.typ == CONTINUE) {
            at += 4 + next.data.len();
            continues.push(next.data);
        }
        Some((record, continues))
    })
}

fn record_at(stream: &[u8], at: usize) -> Option<Record<'_>> {
    let header = stream.get(at..at + 4)?;
    let typ = u16::from_le_bytes([header[0], header[1]]);
    let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
    let data = stream.get(at + 4..at + 4 + len)?;
    Some(Record { at, typ, data })
}

fn u16_at(b: &[u8], at: usize) -> u32 {
    u32::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

/// A sheet's cell records as calamine will take them.
pub(super) struct CellRecord {
    at: usize,
    row: u32,
    first_col: u32,
    last_col: u32,
    text: usize,
    formula: bool,
}

/// What the walk found wrong with one sheet (by its place among the sheets).
pub(super) enum Note {
    /// Too large: all its cells were blanked out.
    Refused,
    /// A few cells far from the rest were blanked out; the first of them.
    Stray { count: usize, first: String },
}

/// What the walk found.
pub(super) struct Plan {
    /// The file offsets of the record types to blank out.
    pub blanks: Vec<usize>,
    /// What was blanked in which sheet (by its place among the sheets).
    pub notes: Vec<(usize, Note)>,
    /// Per sheet, by its place, the cells whose number format shows a money unit.
    pub units: Vec<NumberUnits>,
}

/// Walks the workbook stream for the `Plan`.
pub(super) fn plan(stream: &Stream, limits: &ReadLimits) -> Result<Plan, ReadError> {
    let data = &stream.data;
    let mut sheets = Vec::new();
    let mut strings = Vec::new();
    let mut styles = Styles::default();
    let mut biff8 = false;
    for (record, continues) in records(data, 0) {
        if continues.len() > MAX_CONTINUES {
            return Err(broken("续记录过多"));
        }
        match record.typ {
            // The first record: BIFF8 says 0x0600; earlier versions spell formats otherwise.
            BOF if record.at == 0 => biff8 = record.data.starts_with(&[0x00, 0x06]),
            EOF => break,
            FILEPASS => return Err(ReadError::Encrypted),
            BOUNDSHEET if record.data.len() >= 6 => {
                let pos = u32::from_le_bytes(record.data[..4].try_into().unwrap_or([0; 4]));
                sheets.push(pos as usize);
            }
            SST => strings = string_lengths(record.data, &continues),
            typ if biff8 => styles.record(typ, record.data),
            _ => {}
        }
    }
    let unit_xfs = styles.unit_xfs();
    let mut blanks = Vec::new();
    let mut notes = Vec::new();
    let mut sheet_units = Vec::new();
    let mut units_left = limits.max_cells_per_file;
    let mut grid_left = limits.max_grid_cells;
    let mut text_left = limits.max_text_bytes;
    for (index, pos) in sheets.into_iter().enumerate() {
        let walk = SheetWalk {
            strings: &strings,
            unit_xfs: &unit_xfs,
        };
        let (cells, dims, units) = walk.cells(data, pos, &mut units_left)?;
        blanks.extend(dims);
        sheet_units.push(units);
        let mut kept = Bounds::default();
        let mut dropped: Vec<&CellRecord> = Vec::new();
        let mut formula_dropped = false;
        let mut kept_text = 0;
        for cell in &cells {
            let fits = if cell.first_col == u32::MAX {
                // A formula's string result goes with the formula before it.
                !formula_dropped && cell.text <= text_left
            } else {
                let grown = kept.with(cell.row, cell.first_col, cell.last_col);
                let fits =
                    grown.area() <= limits.max_grid_cells.min(grid_left) && cell.text <= text_left;
                if fits {
                    kept = grown;
                }
                formula_dropped = cell.formula && !fits;
                fits
            };
            if fits {
                text_left -= cell.text;
                kept_text += cell.text;
            } else {
                dropped.push(cell);
            }
        }
        if dropped.is_empty() {
            grid_left -= kept.area();
        } else if dropped.len() > STRAY_CELLS {
            text_left += kept_text;
            blanks.extend(cells.iter().map(|c| c.at));
            notes.push((index, Note::Refused));
        } else {
            grid_left -= kept.area();
            blanks.extend(dropped.iter().map(|c| c.at));
            let first = dropped
                .iter()
                .find(|c| c.first_col != u32::MAX)
                .map_or_else(String::new, |c| a1(c.row, c.first_col));
            notes.push((
                index,
                Note::Stray {
                    count: dropped.len(),
                    first,
                },
            ));
        }
    }
    let blanks = blanks
        .into_iter()
        .map(|at| stream.file_offset(at).ok_or_else(|| broken("记录位置无效")))
        .collect::<Result<_, _>>()?;
    Ok(Plan {
        blanks,
        notes,
        units: sheet_units,
    })
}

/// What walking one sheet needs from the globals.
struct SheetWalk<'a> {
    strings: &'a [usize],
    unit_xfs: &'a HashMap<u16, MoneyUnit>,
}

type SheetCells = (Vec<CellRecord>, Vec<usize>, NumberUnits);

impl SheetWalk<'_> {
    /// The cells of the sheet whose BOF is at `pos`, its `DIMENSIONS` records, to blank out
    /// (calamine reserves room for the declared rows × columns), and its cells' units.
    fn cells(
        &self,
        data: &[u8],
        pos: usize,
        units_left: &mut usize,
    ) -> Result<SheetCells, ReadError> {
        let strings = self.strings;
        let mut cells = Vec::new();
        let mut dims = Vec::new();
        let mut units = NumberUnits::new();
        let mut seen_bof = false;
        let mut depth = 0usize;
        for (record, continues) in records(data, pos) {
            if continues.len() > MAX_CONTINUES {
                return Err(broken("续记录过多"));
            }
            let d = record.data;
            if depth > 0 {
                match record.typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            units::cell(record.typ, d, self.unit_xfs, &mut units, units_left);
            let cell = |first_col: u32, last_col: u32, text: usize, formula: bool| CellRecord {
                at: record.at,
                row: u16_at(d, 0),
                first_col,
                last_col,
                text,
                formula,
            };
            match record.typ {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF => break,
                // Only a hint for calamine to reserve room, and a forged one asks for terabytes.
                DIMENSIONS => dims.push(record.at),
                // Number, BoolErr, Rk: a value without text.
                0x0203 | 0x0205 | 0x027E if d.len() >= 4 => {
                    cells.push(cell(u16_at(d, 2), u16_at(d, 2), 0, false));
                }
                // Label, RString: their own text.
                0x0204 | 0x00D6 if d.len() >= 4 => {
                    cells.push(cell(u16_at(d, 2), u16_at(d, 2), d.len() * 2, false));
                }
                LABELSST if d.len() >= 10 => {
                    let i = u32::from_le_bytes(d[6..10].try_into().unwrap_or([0; 4]));
                    let text = strings.get(i as usize).copied().unwrap_or(0);
                    cells.push(cell(u16_at(d, 2), u16_at(d, 2), text, false));
                }
                MULRK if d.len() >= 6 => {
                    let last = u16_at(d, d.len() - 2);
                    cells.push(cell(u16_at(d, 2), last.max(u16_at(d, 2)), 0, false));
                }
                FORMULA if d.len() >= 20 => {
                    cells.push(cell(u16_at(d, 2), u16_at(d, 2), 0, true));
                }
                // A formula's string result, at the formula's cell.
                STRING => cells.push(CellRecord {
                    at: record.at,
                    row: 0,
                    first_col: u32::MAX,
                    last_col: u32::MAX,
                    text: d.len() * 2,
                    formula: true,
                }),
                _ => {}
            }
        }
        Ok((cells, dims, units))
    }
}

/// The bounding box of the cells kept so far.
#[derive(Debug, Clone, Copy, Default)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn with(self, row: u32, first_col: u32, last_col: u32) -> Self {
        Bounds(Some(match self.0 {
            None => (row, row, first_col, last_col),
            Some((r0, r1, c0, c1)) => (
                r0.min(row),
                r1.max(row),
                c0.min(first_col),
                c1.max(last_col),
            ),
        }))
    }

    fn area(self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

/// The UTF-8 size (at most) of each string of the shared string table, walked as calamine
/// walks it: a string's characters may run on into the next `CONTINUE` record.
fn string_lengths(first: &[u8], continues: &[&[u8]]) -> Vec<usize> {
    let mut parts = continues.iter().copied();
    let mut data = first.get(8..).unwrap_or_default();
    let mut lengths = Vec::new();
    loop {
        if data.is_empty() {
            match parts.next() {
                Some(next) => {
                    data = next;
                    continue;
                }
                None => return lengths,
            }
        }
        if data.len() < 3 {
            return lengths;
        }
        let chars = u16_at(data, 0) as usize;
        let flags = data[2];
        data = &data[3..];
        let mut wide = flags & 0x1 != 0;
        let mut skip = 0usize;
        if flags & 0x8 != 0 {
            let Some(runs) = data.get(..2) else {
                return lengths;
            };
            skip += u16_at(runs, 0) as usize * 4;
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            let Some(ext) = data.get(..4) else {
                return lengths;
            };
            skip =
                skip.saturating_add(u32::from_le_bytes(ext.try_into().unwrap_or([0; 4])) as usize);
            data = &data[4..];
        }
        let mut left = chars;
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let n = left.min(data.len() / width);
            data = &data[n * width..];
            left -= n;
            if left > 0 {
                match parts.next() {
                    Some(next) if !next.is_empty() => {
                        wide = next[0] & 0x1 != 0;
                        data = &next[1..];
                    }
                    _ => return lengths,
                }
            }
        }
        lengths.push(chars * 3);
        while skip > 0 {
            if data.is_empty() {
                match parts.next() {
                    Some(next) => data = next,
                    None => return lengths,
                }
            }
            let n = skip.min(data.len());
            data = &data[n..];
            skip -= n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::string_lengths;

    #[test]
    fn string_lengths_follow_continue_records() {
        // Two strings: "ab" (1-byte chars), then "中文" whose second char is in a CONTINUE.
        let mut sst = vec![0u8; 8];
        sst.extend([2, 0, 0, b'a', b'b']);
        sst.extend([2, 0, 1, 0x2D, 0x4E]);
        let cont = [1u8, 0x87, 0x65];
        assert_eq!(string_lengths(&sst, &[&cont]), vec![6, 6]);
    }
}
