//! Money units shown by the number formats of an .xls workbook's cells (LEDGER-SPEC 3A.3),
//! gathered on the walk over the BIFF records that `plan` makes anyway: the `FORMAT` and `XF`
//! records of the globals, then each cell record's XF index. calamine keeps no styles for
//! .xls, so this is the only reading of them. A record cut short or an index out of range
//! gives no unit, never an error.

use super::super::NumberUnits;
use super::super::numfmt::format_unit;
use crate::domain::MoneyUnit;
use std::collections::HashMap;

const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const NUMBER: u16 = 0x0203;
const BOOLERR: u16 = 0x0205;
const RK: u16 = 0x027E;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const LABELSST: u16 = 0x00FD;
const FORMULA: u16 = 0x0006;
const MULRK: u16 = 0x00BD;

/// XF records a workbook may hold: Excel stops at 4050; more are forged.
const MAX_XFS: usize = 65_536;

/// The globals' number formats and cell formats, as the walk meets them.
#[derive(Debug, Default)]
pub(super) struct Styles {
    /// Format index → the unit its code shows (only those that show one).
    formats: HashMap<u16, MoneyUnit>,
    /// Each XF record's format index, in order: a cell's XF index points into it.
    xfs: Vec<u16>,
}

impl Styles {
    /// Takes a globals record if it is a `FORMAT` or an `XF` (BIFF8).
    pub fn record(&mut self, typ: u16, data: &[u8]) {
        match typ {
            FORMAT => {
                if let Some((ifmt, code)) = format_record(data)
                    && let Some(unit) = format_unit(&code)
                {
                    self.formats.insert(ifmt, unit);
                }
            }
            XF if self.xfs.len() < MAX_XFS => {
                // An XF cut short still takes its place, so the ones after keep their index.
                self.xfs.push(u16_at(data, 2).unwrap_or(0));
            }
            _ => {}
        }
    }

    /// XF index → unit, for the XFs whose format shows one; empty when none does.
    pub fn unit_xfs(&self) -> HashMap<u16, MoneyUnit> {
        if self.formats.is_empty() {
            return HashMap::new();
        }
        self.xfs
            .iter()
            .enumerate()
            .filter_map(|(ixfe, ifmt)| {
                let unit = self.formats.get(ifmt)?;
                Some((u16::try_from(ixfe).ok()?, *unit))
            })
            .collect()
    }
}

/// A `FORMAT` record: its format index and its code (an `XLUnicodeString`, cut to the bytes
/// the record holds).
fn format_record(data: &[u8]) -> Option<(u16, String)> {
    let ifmt = u16_at(data, 0)?;
    let chars = usize::from(u16_at(data, 2)?);
    let wide = data.get(4)? & 0x1 != 0;
    let body = data.get(5..)?;
    let code = if wide {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(chars)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        // Compressed: each byte is the low byte of a UTF-16 unit (Latin-1).
        body.iter().take(chars).map(|b| char::from(*b)).collect()
    };
    Some((ifmt, code))
}

/// Records the unit of a sheet's cell record whose XF shows one, while `left` allows.
pub(super) fn cell(
    typ: u16,
    data: &[u8],
    unit_xfs: &HashMap<u16, MoneyUnit>,
    units: &mut NumberUnits,
    left: &mut usize,
) {
    if unit_xfs.is_empty() || *left == 0 {
        return;
    }
    let Some(row) = u16_at(data, 0) else { return };
    let mut put = |col: u16, ixfe: Option<u16>| {
        if let Some(unit) = ixfe.and_then(|x| unit_xfs.get(&x))
            && *left > 0
        {
            units.insert((u32::from(row), u32::from(col)), *unit);
            *left -= 1;
        }
    };
    match typ {
        NUMBER | BOOLERR | RK | LABEL | RSTRING | LABELSST | FORMULA => {
            if let Some(col) = u16_at(data, 2) {
                put(col, u16_at(data, 4));
            }
        }
        // Row, first column, then six bytes per cell (XF index, RK value), then last column.
        MULRK => {
            let Some(first) = u16_at(data, 2) else { return };
            let cells = data.len().saturating_sub(6) / 6;
            for i in 0..cells {
                let col = u16::try_from(i).ok().and_then(|i| first.checked_add(i));
                if let Some(col) = col {
                    put(col, u16_at(data, 4 + i * 6));
                }
            }
        }
        _ => {}
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let pair = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([pair[0], pair[1]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(ifmt: u16, code: &str) -> Vec<u8> {
        let units: Vec<u16> = code.encode_utf16().collect();
        let mut d = ifmt.to_le_bytes().to_vec();
        d.extend(u16::try_from(units.len()).unwrap().to_le_bytes());
        d.push(1);
        d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        d
    }

    #[test]
    fn formats_and_xfs_give_each_cells_unit() {
        let mut styles = Styles::default();
        styles.record(FORMAT, &format(164, "0.00\"亿元\""));
        styles.record(FORMAT, &format(165, "#,##0.00"));
        for ifmt in [0u16, 164, 165] {
            let mut xf = vec![0, 0];
            xf.extend(ifmt.to_le_bytes());
            xf.extend([0; 16]);
            styles.record(XF, &xf);
        }
        let xfs = styles.unit_xfs();
        assert_eq!(xfs, HashMap::from([(1, MoneyUnit::Yi)]));
        let mut units = NumberUnits::new();
        // MULRK at row 3 from column 2: XF 1, 0, 1, then the last column.
        let mut mulrk = vec![3, 0, 2, 0];
        for ixfe in [1u16, 0, 1] {
            mulrk.extend(ixfe.to_le_bytes());
            mulrk.extend([0; 4]);
        }
        mulrk.extend([4, 0]);
        cell(MULRK, &mulrk, &xfs, &mut units, &mut 100);
        cell(NUMBER, &[1, 0, 7, 0, 1, 0], &xfs, &mut units, &mut 100);
        cell(NUMBER, &[1, 0, 8], &xfs, &mut units, &mut 100);
        assert_eq!(units.len(), 3);
        assert_eq!(units.get(&(3, 2)), Some(&MoneyUnit::Yi));
        assert_eq!(units.get(&(3, 4)), Some(&MoneyUnit::Yi));
        assert_eq!(units.get(&(1, 7)), Some(&MoneyUnit::Yi));
    }

    #[test]
    fn cut_records_give_no_unit_and_no_panic() {
        assert_eq!(format_record(&[164]), None);
        assert_eq!(format_record(&[164, 0, 9, 0]), None);
        let cut = format(164, "0\"万元\"");
        assert_eq!(format_record(&cut[..cut.len() - 1]).map(|f| f.0), Some(164));
        let mut styles = Styles::default();
        styles.record(XF, &[0]);
        assert!(styles.unit_xfs().is_empty());
    }
}
