//! CSV submissions: UTF-8 (with or without BOM), else GB18030 (a superset of GBK, which is
//! what Chinese Excel writes).

use super::{Budget, CellValue, RawSheet, ReadError, ReadLimits, too_large};
use crate::issue::Issue;
use std::path::Path;

pub fn read(
    path: &Path,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Result<Vec<RawSheet>, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::io(&e))?;
    let text = decode(&bytes);
    drop(bytes);
    let name = path
        .file_stem()
        .map_or_else(|| "CSV".to_owned(), |s| s.to_string_lossy().into_owned());
    let mut budget = Budget::new(limits);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ReadError::Csv(e.to_string()))?;
        let row = u32::try_from(row).map_err(|_| ReadError::CsvTooManyRows)?;
        for (col, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                let col = u32::try_from(col).map_err(|_| ReadError::CsvTooManyColumns)?;
                let value = CellValue::Text(field.to_owned());
                if cells.len() >= limits.max_cells_per_sheet || !budget.take(&value) {
                    issues.push(too_large(
                        file,
                        &name,
                        &format!("超过{}个单元格", limits.max_cells_per_sheet),
                    ));
                    return Ok(Vec::new());
                }
                cells.push((row, col, value));
            }
        }
    }
    Ok(vec![RawSheet::from_cells(&name, cells, Vec::new())])
}

/// By a byte-order mark (UTF-8, or the UTF-16 of Excel's "Unicode text"), else UTF-8 when the
/// bytes are valid UTF-8, else GB18030.
#[must_use]
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        assert_eq!(decode("\u{feff}项目名称".as_bytes()), "项目名称");
        let (gbk, _, _) = encoding_rs::GBK.encode("总投资,区建管委");
        assert_eq!(decode(&gbk), "总投资,区建管委");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("项目名称\t总投资".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16), "项目名称\t总投资");
    }
}
