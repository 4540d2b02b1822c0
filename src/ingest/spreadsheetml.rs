//! `SpreadsheetML` 2003 (`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`), the
//! XML workbook that business systems export, often named .xls: each `Worksheet` is a sheet,
//! `Row`/`Cell` positions follow `ss:Index` (skips) and `ss:MergeAcross`, merges become
//! `Merge`s, and `Data ss:Type` gives the value (a number stored as `String` stays text, as the
//! unit typed it).
//!
//! Streamed with quick-xml over the file's text, so the document is never held as a tree.
//! Positions are checked against Excel's grid before anything is stored: an `ss:Index` of a billion or a `MergeDown` over the
//! whole sheet costs one cell, not a grid. A document that is cut short or not well-formed is
//! refused whole: half a ledger must not be totalled as if it were all of it.

mod styles;
mod walk;

use super::{RawSheet, ReadError, ReadLimits};
use crate::issue::Issue;
use encoding_rs::{Encoding, GB18030, GBK, UTF_8, WINDOWS_1252};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::path::Path;
use walk::Walk;

pub(super) fn read(
    path: &Path,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Result<Vec<RawSheet>, ReadError> {
    let text = decode(std::fs::read(path).map_err(|e| ReadError::io(&e))?);
    let mut reader = Reader::from_str(&text);
    reader.config_mut().allow_dangling_amp = true;
    let mut walk = Walk::new(limits);
    let mut open = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ReadError::Xml(format!("{e}，位置：第{}字节", reader.error_position())))?;
        match event {
            Event::Start(e) => {
                open += 1;
                walk.start(&e);
            }
            Event::Empty(e) => {
                walk.start(&e);
                walk.end(e.local_name().as_ref());
            }
            Event::End(e) => {
                open = open.saturating_sub(1);
                walk.end(e.local_name().as_ref());
            }
            Event::Text(t) => walk.text(&t.xml10_content()),
            Event::CData(c) => walk.text(&c),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                    Err(e) => return Err(ReadError::Xml(e.to_string())),
                };
                walk.text(resolved.as_deref().unwrap_or_default());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if open > 0 {
        return Err(ReadError::Xml("文件在中途意外结束（内容不完整）".into()));
    }
    Ok(walk.finish(file, issues))
}

/// The document's text: by its byte-order mark; else UTF-8 when it is valid UTF-8 (GBK text
/// never is); else the encoding its declaration names (`encoding="GB2312"` is read as GB18030,
/// its superset); else GB18030 (a Chinese system that wrote GBK without saying so).
fn decode(bytes: Vec<u8>) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    String::from_utf8(bytes).unwrap_or_else(|e| {
        let bytes = e.as_bytes();
        declared(&bytes[..bytes.len().min(1024)])
            .filter(|e| *e != UTF_8)
            .unwrap_or(GB18030)
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    })
}

/// The encoding the XML declaration names. The head is read as Windows-1252, which keeps the
/// ASCII of the declaration as it is whatever the real encoding.
fn declared(head: &[u8]) -> Option<&'static Encoding> {
    let head = WINDOWS_1252.decode_without_bom_handling(head).0;
    let mut reader = Reader::from_str(&head);
    let Ok(Event::Decl(decl)) = reader.read_event() else {
        return None;
    };
    let label = decl.encoding()?.ok()?;
    let found = Encoding::for_label(label.trim().as_bytes())?;
    Some(if found == GBK { GB18030 } else { found })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::CellValue;

    fn read_str(xml: &str) -> (Result<Vec<RawSheet>, ReadError>, Vec<Issue>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("导出.xls");
        std::fs::write(&path, xml).unwrap();
        let mut issues = Vec::new();
        let sheets = read(&path, "导出.xls", &ReadLimits::default(), &mut issues);
        (sheets, issues)
    }

    fn workbook(rows: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="重大项目"><Table>{rows}</Table></Worksheet></Workbook>"#
        )
    }

    #[test]
    fn indexes_merges_and_types_place_the_values() {
        let xml = workbook(
            r#"<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">标题</Data></Cell></Row>
<Row ss:Index="3"><Cell><Data ss:Type="String">项目</Data></Cell>
  <Cell ss:Index="3" ss:MergeDown="1"><Data ss:Type="String">区建管委</Data></Cell>
  <Cell><Data ss:Type="Number">1234.5</Data></Cell><Cell><Data ss:Type="String">12&amp;3</Data></Cell>
  <Cell><Data ss:Type="DateTime">2022-03-31T00:00:00.000</Data></Cell>
  <Cell><Data ss:Type="Boolean">1</Data></Cell><Cell><Data ss:Type="Error">#REF!</Data></Cell>
  <Cell><Data ss:Type="String">甲&#10;乙</Data><Comment><Data>批注</Data></Comment></Cell></Row>
<Row><Cell><Data ss:Type="String">项目2</Data></Cell></Row>"#,
        );
        let (sheets, issues) = read_str(&xml);
        let sheets = sheets.unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        let s = &sheets[0];
        assert_eq!(s.name, "重大项目");
        assert_eq!(s.cell(0, 2), Some(&CellValue::Text("标题".into())));
        assert_eq!(s.cell(2, 2), Some(&CellValue::Text("区建管委".into())));
        assert_eq!(s.cell(3, 2), Some(&CellValue::Text("区建管委".into())));
        assert!(s.is_merge_copy(3, 2));
        assert_eq!(s.cell(2, 3), Some(&CellValue::Number(1234.5)));
        assert_eq!(s.cell(2, 4), Some(&CellValue::Text("12&3".into())));
        assert_eq!(s.cell(2, 5), Some(&CellValue::Date(44651.0)));
        assert_eq!(s.cell(2, 6), Some(&CellValue::Bool(true)));
        assert_eq!(s.cell(2, 7), Some(&CellValue::Error("#REF!".into())));
        assert_eq!(s.cell(2, 8), Some(&CellValue::Text("甲\n乙".into())));
    }

    #[test]
    fn a_declared_gbk_document_is_decoded() {
        let xml = workbook(r#"<Row><Cell><Data ss:Type="String">区建管委</Data></Cell></Row>"#)
            .replace(
                r#"<?xml version="1.0"?>"#,
                r#"<?xml version="1.0" encoding="GB2312"?>"#,
            );
        let (gbk, _, _) = encoding_rs::GBK.encode(&xml);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("导出.xml");
        std::fs::write(&path, &gbk).unwrap();
        let sheets = read(&path, "导出.xml", &ReadLimits::default(), &mut Vec::new()).unwrap();
        assert_eq!(sheets[0].name, "重大项目");
        assert_eq!(
            sheets[0].cell(0, 0),
            Some(&CellValue::Text("区建管委".into()))
        );
    }

    #[test]
    fn a_cut_document_is_refused() {
        let xml = workbook("<Row><Cell><Data ss:Type=\"String\">a</Data></Cell></Row>");
        let (sheets, _) = read_str(&xml[..xml.len() - 30]);
        assert!(matches!(sheets, Err(ReadError::Xml(_))));
    }

    #[test]
    fn far_indexes_cost_one_cell_and_are_reported() {
        let xml = workbook(
            r#"<Row ss:Index="1048576"><Cell ss:Index="16384" ss:MergeDown="99999999"><Data ss:Type="String">x</Data></Cell></Row>
<Row ss:Index="99999999999"><Cell><Data ss:Type="String">y</Data></Cell></Row>"#,
        );
        let (sheets, issues) = read_str(&xml);
        let sheets = sheets.unwrap();
        assert_eq!(sheets[0].rows.len(), 1);
        assert_eq!(issues.len(), 1);
        assert!(issues[0].message.contains("超出Excel表格范围"));
    }
}
