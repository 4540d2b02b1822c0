//! HTML tables, as business systems export them and Excel saves them ("网页" .xls, .htm):
//! each `<table>` is a sheet, named by its `<caption>`, else the worksheet name Excel keeps in
//! the page, else the page's `<title>` when it holds one table, else `表1`, `表2`… The page's encoding is found by `charset`; the markup
//! is tokenized by html5ever (the browsers' own rules for tags, attributes and entities), and
//! the tables are built from the tokens as they come, so no tree of the page is ever held.
//! Excel's `mso-number-format` (a cell's `style`, or a class rule of the page's `<style>`)
//! gives a cell's money unit (LEDGER-SPEC 3A.3).

pub(super) mod charset;
mod css;
mod names;
mod tables;

use super::{RawSheet, ReadError, ReadLimits};
use crate::issue::Issue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
use std::path::Path;
use tables::Tables;

/// Bytes of text handed to the tokenizer at a time.
const CHUNK: usize = 1 << 20;

pub(super) fn read(
    path: &Path,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Result<Vec<RawSheet>, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::io(&e))?;
    let text = charset::decode(&bytes);
    drop(bytes);
    Ok(page(&text, &[], file, limits, issues).sheets)
}

/// What one page gave.
pub(super) struct Page {
    pub sheets: Vec<RawSheet>,
    /// The worksheet names Excel lists in the page (a web archive's main page lists them for
    /// the pages that follow).
    pub excel_names: Vec<String>,
}

/// The sheets of one page's text. `names` are names to give its tables when the page itself
/// names none (from a web archive's main page).
pub(super) fn page(
    text: &str,
    names: &[String],
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Page {
    let tokenizer = Tokenizer::new(Tables::new(limits), TokenizerOpts::default());
    // Fed a piece at a time: the tokenizer keeps its place between pieces, and the page's
    // text is not copied whole once more.
    let input = BufferQueue::default();
    let mut rest = text;
    while !rest.is_empty() {
        let cut = rest
            .floor_char_boundary(CHUNK)
            .max(rest.ceil_char_boundary(1));
        input.push_back(StrTendril::from(&rest[..cut]));
        rest = &rest[cut..];
        let _ = tokenizer.feed(&input);
    }
    tokenizer.end();
    let state = tokenizer.sink.state.into_inner();
    let title = state
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty());
    let mut tables: Vec<_> = state
        .done
        .into_iter()
        .filter(|t| !t.grid.is_empty())
        .collect();
    tables.sort_by_key(|t| t.ordinal);
    let single = tables.len() == 1;
    let excel_names = state.excel_names;
    let mut taken: Vec<String> = Vec::new();
    let mut sheets = Vec::new();
    for (i, mut table) in tables.into_iter().enumerate() {
        let caption = one_line(&table.caption);
        let excel_name = excel_names
            .get(i)
            .or_else(|| names.get(i))
            .filter(|n| !n.is_empty());
        let mut name = if !caption.is_empty() {
            caption
        } else if let Some(excel_name) = excel_name {
            excel_name.clone()
        } else if let (true, Some(title)) = (single, &title) {
            title.clone()
        } else {
            format!("表{}", i + 1)
        };
        if taken.contains(&name) {
            name = format!("{name}（{}）", i + 1);
        }
        taken.push(name.clone());
        table.grid.name = name;
        if let Some(mut sheet) = table.grid.finish(file, limits, issues) {
            sheet.number_units = std::mem::take(&mut table.units);
            sheets.push(sheet);
        }
    }
    Page {
        sheets,
        excel_names,
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::CellValue;
    use std::fmt::Write as _;

    fn read_page(page: &[u8]) -> (Vec<RawSheet>, Vec<Issue>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("导出.xls");
        std::fs::write(&path, page).unwrap();
        let mut issues = Vec::new();
        let sheets = read(&path, "导出.xls", &ReadLimits::default(), &mut issues).unwrap();
        (sheets, issues)
    }

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_owned())
    }

    #[test]
    fn spans_are_placed_as_a_browser_places_them() {
        let page = r#"<html><head><title>台帐</title><style>td{}</style></head><body>
<table><tr><td colspan=3>2022年3月 &amp; 推进情况</td></tr>
<tr><td rowspan=2>区建管委</td><td x:num="1234.5">1,234.50</td><td x:num>2,000</td></tr>
<tr><td x:str>0012</td><td>甲<br>乙 &nbsp;</td></tr></table></body></html>"#;
        let (sheets, issues) = read_page(page.as_bytes());
        assert!(issues.is_empty(), "{issues:?}");
        let s = &sheets[0];
        assert_eq!(s.name, "台帐");
        assert_eq!(s.cell(0, 0), Some(&text("2022年3月 & 推进情况")));
        assert!(s.is_merge_copy(0, 2));
        assert_eq!(s.cell(2, 0), Some(&text("区建管委")));
        assert_eq!(s.cell(1, 1), Some(&CellValue::Number(1234.5)));
        assert_eq!(s.cell(1, 2), Some(&CellValue::Number(2000.0)));
        assert_eq!(s.cell(2, 1), Some(&text("0012")));
        assert_eq!(s.cell(2, 2), Some(&text("甲\n乙")));
    }

    #[test]
    fn excel_names_its_sheet_and_a_long_page_is_read_across_pieces() {
        let mut page = String::from(
            "<html><head><!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets>\
             <x:ExcelWorksheet><x:Name>重大项目</x:Name></x:ExcelWorksheet></x:ExcelWorksheets>\
             </x:ExcelWorkbook></xml><![endif]--><title>导出</title></head><table>",
        );
        let rows = CHUNK / 30;
        for i in 0..rows {
            let _ = write!(page, "<tr><td>项目{i}</td><td x:num>{i}</td></tr>");
        }
        assert!(page.len() > CHUNK);
        let (sheets, _) = read_page(page.as_bytes());
        assert_eq!(sheets[0].name, "重大项目");
        assert_eq!(sheets[0].rows.len(), rows);
        let sum: f64 = sheets[0]
            .rows
            .iter()
            .filter_map(|r| match r.get(1) {
                Some(CellValue::Number(n)) => Some(*n),
                _ => None,
            })
            .sum();
        #[allow(clippy::cast_precision_loss)] // a small count
        let expected = (rows * (rows - 1) / 2) as f64;
        assert!((sum - expected).abs() < 0.5);
        let last = format!("项目{}", rows - 1);
        assert_eq!(sheets[0].rows[rows - 1].get(0), Some(&text(&last)));
    }

    #[test]
    fn hostile_spans_and_nesting_stay_small() {
        let mut page = String::from(
            "<table><tr><td colspan=100000000 rowspan=100000000>x</td><td>y</td></tr>",
        );
        page.push_str(&"<table><tr><td>".repeat(50_000));
        page.push('z');
        let (sheets, _) = read_page(page.as_bytes());
        let first = &sheets[0];
        assert_eq!(first.cell(0, 1000), Some(&text("y")));
        assert!(sheets.len() <= 8);
    }
}
