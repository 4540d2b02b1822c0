//! Money units shown by a cell's number format in an xlsx workbook (`0.00"亿元"`): which cells
//! of which sheet display a unit (LEDGER-SPEC 3A.3). Read from `xl/styles.xml` and, only when a
//! style shows a unit, from the `s` attributes of the sheets' cells; what cannot be read is
//! ignored.

use super::ReadLimits;
use crate::domain::MoneyUnit;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Cells (row, column, zero-based) whose number format shows a money unit.
pub type NumberUnits = HashMap<(u32, u32), MoneyUnit>;

type Archive = zip::ZipArchive<BufReader<File>>;

/// Per sheet name, the cells whose number format shows a unit; empty when no style does.
pub(super) fn number_units(path: &Path, limits: &ReadLimits) -> HashMap<String, NumberUnits> {
    let Ok(file) = File::open(path) else {
        return HashMap::new();
    };
    let Ok(mut archive) = zip::ZipArchive::new(BufReader::new(file)) else {
        return HashMap::new();
    };
    let styles = match part(&mut archive, "xl/styles.xml", limits) {
        Some(r) => unit_styles(r),
        None => HashMap::new(),
    };
    if styles.is_empty() {
        return HashMap::new();
    }
    let mut out = HashMap::new();
    for (name, target) in sheet_parts(&mut archive, limits) {
        if let Some(r) = part(&mut archive, &target, limits) {
            let cells = styled_cells(r, &styles, limits.max_cells_per_sheet);
            if !cells.is_empty() {
                out.insert(name, cells);
            }
        }
    }
    out
}

/// A part of the archive, read as a stream (at most `max_part_bytes`).
fn part<'a>(
    archive: &'a mut Archive,
    name: &str,
    limits: &ReadLimits,
) -> Option<Reader<BufReader<impl Read + 'a>>> {
    let entry = archive.by_name(name).ok()?;
    let mut reader = Reader::from_reader(BufReader::new(entry.take(limits.max_part_bytes)));
    reader.config_mut().trim_text(false);
    Some(reader)
}

/// An attribute's value by its local name.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), std::borrow::Cow::into_owned)
        })
}

/// The cell style indexes (`cellXfs` positions) whose number format shows a unit.
fn unit_styles(mut reader: Reader<impl BufRead>) -> HashMap<u32, MoneyUnit> {
    let mut codes: HashMap<u32, MoneyUnit> = HashMap::new();
    let mut xfs: HashMap<u32, MoneyUnit> = HashMap::new();
    let (mut in_xfs, mut index, mut depth) = (false, 0u32, 0usize);
    let mut buf = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "numFmt" => {
                        let id = attr(e, "numFmtId").and_then(|v| v.trim().parse().ok());
                        let unit = attr(e, "formatCode").and_then(|c| format_unit(&c));
                        if let (Some(id), Some(unit)) = (id, unit) {
                            codes.insert(id, unit);
                        }
                    }
                    "cellXfs" if !empty => (in_xfs, index, depth) = (true, 0, 0),
                    "xf" if in_xfs && depth == 0 => {
                        let id = attr(e, "numFmtId").and_then(|v| v.trim().parse::<u32>().ok());
                        if let Some(unit) = id.and_then(|id| codes.get(&id)) {
                            xfs.insert(index, *unit);
                        }
                        index = index.saturating_add(1);
                        if !empty {
                            depth += 1;
                        }
                    }
                    _ if in_xfs && !empty => depth += 1,
                    _ => {}
                }
            }
            Event::End(e) if in_xfs => {
                if e.local_name().as_ref() == "cellXfs" {
                    in_xfs = false;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    xfs
}

/// The unit a number format code shows as a literal (`"亿元"`, `\万元`, `"万"`), outside any
/// bracketed colour or condition; `None` when it shows none.
#[must_use]
pub fn format_unit(code: &str) -> Option<MoneyUnit> {
    let mut literal = String::new();
    let mut chars = code.chars();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => literal.push(c),
            '\\' => literal.extend(chars.next()),
            // Excel also shows some characters unquoted; a unit sign is one of them.
            '万' | '亿' | '元' => literal.push(c),
            ';' => break, // only the positive section decides
            _ => literal.push(' '),
        }
    }
    if literal.contains('亿') {
        Some(MoneyUnit::Yi)
    } else if literal.contains('万') {
        Some(MoneyUnit::Wan)
    } else if literal.contains('元') {
        Some(MoneyUnit::Yuan)
    } else {
        None
    }
}

/// Each worksheet's name and its part's path in the archive.
fn sheet_parts(archive: &mut Archive, limits: &ReadLimits) -> Vec<(String, String)> {
    let mut targets: HashMap<String, String> = HashMap::new();
    if let Some(mut r) = part(archive, "xl/_rels/workbook.xml.rels", limits) {
        each_element(&mut r, |e| {
            if e.local_name().as_ref() == "Relationship"
                && let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target"))
            {
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_owned(),
                    None => format!("xl/{target}"),
                };
                targets.insert(id, path);
            }
        });
    }
    let mut sheets = Vec::new();
    if let Some(mut r) = part(archive, "xl/workbook.xml", limits) {
        each_element(&mut r, |e| {
            if e.local_name().as_ref() == "sheet"
                && let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "id"))
                && let Some(target) = targets.get(&id)
            {
                sheets.push((name, target.clone()));
            }
        });
    }
    sheets
}

/// Calls `f` on every start or empty element until the end or an unreadable event.
fn each_element(reader: &mut Reader<impl BufRead>, mut f: impl FnMut(&BytesStart<'_>)) {
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => f(&e),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// The cells of a sheet part whose style is one of `styles`, at most `cap` of them.
fn styled_cells(
    mut reader: Reader<impl BufRead>,
    styles: &HashMap<u32, MoneyUnit>,
    cap: usize,
) -> NumberUnits {
    let mut cells = NumberUnits::new();
    each_element(&mut reader, |e| {
        if cells.len() >= cap || e.local_name().as_ref() != "c" {
            return;
        }
        let Some(unit) = attr(e, "s")
            .and_then(|s| s.trim().parse::<u32>().ok())
            .and_then(|s| styles.get(&s))
        else {
            return;
        };
        if let Some(at) = attr(e, "r").and_then(|r| a1(&r)) {
            cells.insert(at, *unit);
        }
    });
    cells
}

/// `B12` → (11, 1), zero-based.
fn a1(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    let col = crate::domain::letters_column(letters)?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_codes_name_their_unit() {
        assert_eq!(format_unit("0.00\"亿元\""), Some(MoneyUnit::Yi));
        assert_eq!(format_unit("#,##0\"万元\""), Some(MoneyUnit::Wan));
        assert_eq!(format_unit("0.00\\万\\元"), Some(MoneyUnit::Wan));
        assert_eq!(format_unit("0\"元\""), Some(MoneyUnit::Yuan));
        assert_eq!(format_unit("0.00\"万\""), Some(MoneyUnit::Wan));
        assert_eq!(format_unit("#,##0.00"), None);
        assert_eq!(format_unit("[Red]0.00"), None);
        assert_eq!(format_unit("yyyy\"年\"m\"月\""), None);
    }

    #[test]
    fn cell_references_read_zero_based() {
        assert_eq!(a1("A1"), Some((0, 0)));
        assert_eq!(a1("AB12"), Some((11, 27)));
        assert_eq!(a1("12"), None);
        assert_eq!(a1("A0"), None);
    }
}
