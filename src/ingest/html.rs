//! HTML tables, as business systems export them and Excel saves them ("网页" .xls, .htm):
//! each `<table>` is a sheet, named by its `<caption>`, else the page's `<title>` when it
//! holds one table, else `表1`, `表2`… The page's encoding is found by `charset`; the markup
//! is tokenized by html5ever (the browsers' own rules for tags, attributes and entities), and
//! the tables are built from the tokens as they come, so no tree of the page is ever held.

mod charset;
mod tables;

use super::{RawSheet, ReadError, ReadLimits};
use crate::issue::Issue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
use std::path::Path;
use tables::Tables;

pub(super) fn read(
    path: &Path,
    file: &str,
    limits: &ReadLimits,
    issues: &mut Vec<Issue>,
) -> Result<Vec<RawSheet>, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::io(&e))?;
    let text = charset::decode(&bytes);
    drop(bytes);
    let tokenizer = Tokenizer::new(Tables::new(limits), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(text));
    let _ = tokenizer.feed(&input);
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
    let mut names: Vec<String> = Vec::new();
    let mut sheets = Vec::new();
    for (i, mut table) in tables.into_iter().enumerate() {
        let caption = one_line(&table.caption);
        let mut name = if !caption.is_empty() {
            caption
        } else if let (true, Some(title)) = (single, &title) {
            title.clone()
        } else {
            format!("表{}", i + 1)
        };
        if names.contains(&name) {
            name = format!("{name}（{}）", i + 1);
        }
        names.push(name.clone());
        table.grid.name = name;
        sheets.extend(table.grid.finish(file, limits, issues));
    }
    Ok(sheets)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::CellValue;

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
