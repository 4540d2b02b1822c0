//! Excel's "single file web page" (`.mht`, often saved as .xls): a MIME archive whose parts are
//! the workbook's HTML pages, one per sheet, behind a main page that lists the sheets' names.
//! Each page is decoded (quoted-printable or base64, in the charset its part names) and read
//! as HTML tables.

use super::html::{self, charset};
use super::{RawSheet, ReadError, ReadLimits};
use crate::issue::Issue;
use std::path::Path;

/// Parts read from one archive: more than Excel's sheets and their pictures.
const MAX_PARTS: usize = 1024;

pub(super) fn read(
    path: &Path,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Result<Vec<RawSheet>, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::io(&e))?;
    let (headers, body) = split_headers(&bytes);
    let boundary = param(
        &header(&headers, "content-type").unwrap_or_default(),
        "boundary",
    )
    .ok_or(ReadError::WebArchive)?;
    let mut names: Vec<String> = Vec::new();
    let mut sheets: Vec<RawSheet> = Vec::new();
    for part in parts(body, &boundary).take(MAX_PARTS) {
        let (headers, content) = split_headers(part);
        let kind = header(&headers, "content-type").unwrap_or_default();
        if !kind.to_ascii_lowercase().starts_with("text/html") {
            continue;
        }
        let encoding = header(&headers, "content-transfer-encoding").unwrap_or_default();
        let raw = match encoding.trim().to_ascii_lowercase().as_str() {
            "quoted-printable" => quoted_printable(content),
            "base64" => base64(content),
            _ => content.to_vec(),
        };
        let text = charset::decode_labelled(&raw, param(&kind, "charset").as_deref());
        let rest = names.get(sheets.len()..).unwrap_or_default();
        let page = html::page(&text, rest, file, limits, issues);
        if page.sheets.is_empty() && names.is_empty() {
            names = page.excel_names;
        }
        for mut sheet in page.sheets {
            if sheets.iter().any(|s| s.name == sheet.name) {
                sheet.name = format!("{}（{}）", sheet.name, sheets.len() + 1);
            }
            sheets.push(sheet);
        }
    }
    Ok(sheets)
}

/// Header lines (unfolded) and the body after the first empty line.
fn split_headers(bytes: &[u8]) -> (String, &[u8]) {
    let (head, body) = find(bytes, b"\r\n\r\n")
        .map(|at| (&bytes[..at], &bytes[at + 4..]))
        .or_else(|| find(bytes, b"\n\n").map(|at| (&bytes[..at], &bytes[at + 2..])))
        .unwrap_or((bytes, &[]));
    let head = String::from_utf8_lossy(head).replace("\r\n", "\n");
    (head.replace("\n ", " ").replace("\n\t", " "), body)
}

fn header(headers: &str, name: &str) -> Option<String> {
    headers.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

/// A `key=value` parameter of a header value, quotes removed.
fn param(value: &str, key: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The parts between the boundary lines.
fn parts<'a>(body: &'a [u8], boundary: &str) -> impl Iterator<Item = &'a [u8]> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut rest = find(body, &delimiter).map_or(&[][..], |at| &body[at..]);
    std::iter::from_fn(move || {
        let after = rest.get(delimiter.len()..)?;
        if after.starts_with(b"--") {
            return None;
        }
        let next = find(after, &delimiter).unwrap_or(after.len());
        let part = &after[..next];
        rest = &after[next..];
        Some(
            part.strip_prefix(b"\r\n")
                .or_else(|| part.strip_prefix(b"\n"))
                .unwrap_or(part),
        )
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn quoted_printable(text: &[u8]) -> Vec<u8> {
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'=' {
            match (text.get(i + 1), text.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) => i += 2,
                (Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some() => {
                    let value = hex(a).unwrap_or(0) * 16 + hex(b).unwrap_or(0);
                    out.push(u8::try_from(value).unwrap_or(b'?'));
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

fn base64(text: &[u8]) -> Vec<u8> {
    let value = |b: u8| match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in text.iter().filter_map(|b| value(*b)) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xFF).unwrap_or(0));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::CellValue;
    use std::fmt::Write as _;

    #[test]
    fn decodes_what_mail_encodes() {
        assert_eq!(
            quoted_printable(b"a=3D1=\r\nb=E4=B8=AD"),
            "a=1b中".as_bytes()
        );
        assert_eq!(base64(b"5Yy65bu6\r\n566h5aeU"), "区建管委".as_bytes());
    }

    #[test]
    fn each_sheet_page_is_a_sheet_named_by_the_main_page() {
        let (sheet, _, _) = encoding_rs::GBK.encode(
            "<html><body><table><tr><td>区建管委</td><td x:num>12</td></tr></table></body></html>",
        );
        let qp = sheet.iter().fold(String::new(), |mut qp, b| {
            let _ = write!(qp, "={b:02X}");
            qp
        });
        let archive = format!(
            "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n\
             ------=_NextPart_01\r\nContent-Location: file:///C:/book.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Type: text/html; charset=\"us-ascii\"\r\n\r\n<html><head><!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets>\
             <x:ExcelWorksheet><x:Name>=E9=87=8D=E5=A4=A7=E9=A1=B9=E7=9B=AE</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->\
             </head><frameset rows=3D\"*,39\"><frame src=3D\"book_files/sheet001.htm\"></frameset></html>\r\n\
             ------=_NextPart_01\r\nContent-Location: file:///C:/book_files/sheet001.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Type: text/html; charset=\"gb2312\"\r\n\r\n{qp}\r\n------=_NextPart_01--\r\n"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("导出.xls");
        std::fs::write(&path, archive).unwrap();
        let sheets = read(&path, "导出.xls", &ReadLimits::default(), &mut Vec::new()).unwrap();
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].name, "重大项目");
        assert_eq!(
            sheets[0].cell(0, 0),
            Some(&CellValue::Text("区建管委".into()))
        );
        assert_eq!(sheets[0].cell(0, 1), Some(&CellValue::Number(12.0)));
    }
}
