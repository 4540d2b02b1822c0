//! Number formats in damaged or forged files: a record cut short, an index out of range, a
//! loop of parent styles, a style repeated over the whole sheet. Each is read without a
//! panic; what cannot be read gives no unit, and the amounts fall back to the default 万元.

use super::ledger::{self, YI_CODE};
use super::readers::{amounts, codes};
use crate::support::{Dir, bytes};
use proptest::prelude::*;
use std::time::{Duration, Instant};
use taizhang::ingest::{Candidate, Content, ReadLimits, read};
use taizhang::normalize::FileStatus;

fn status(dir: &Dir, file: &str) -> (FileStatus, Vec<(i64, i64, i64)>, usize) {
    let inbox = dir.inbox("2022-03");
    let status = inbox
        .ledgers
        .iter()
        .find(|l| l.file == file)
        .map_or_else(|| panic!("{file} not listed"), |l| l.status);
    let suspect = codes(&inbox, file, "unit-suspect");
    (status, amounts(&inbox), suspect)
}

#[test]
fn xls_with_a_cut_format_record_reads_in_the_default_unit() {
    let mut cut = bytes::format(164, YI_CODE);
    cut.1.truncate(7); // the index, the length 8, the flag, one character of eight
    let globals = [cut, bytes::xf(0), bytes::xf(164)];
    let dir = Dir::new();
    dir.write(
        "区发改委.xls",
        &bytes::xls(&globals, &[("重大项目", ledger::xls_cells(1))]),
    );
    let (status, amounts, suspect) = status(&dir, "区发改委.xls");
    assert_eq!(status, FileStatus::Read);
    assert_eq!(amounts[0].0, 12_500_000, "12.5 read in 万元");
    assert_eq!(amounts[1].0, 3_500_000_000, "3500万 by its own unit");
    assert_eq!(suspect, 1);
}

#[test]
fn xls_cells_pointing_past_the_last_xf_read_in_the_default_unit() {
    let globals = [bytes::format(164, YI_CODE), bytes::xf(0), bytes::xf(164)];
    let dir = Dir::new();
    dir.write(
        "区发改委.xls",
        &bytes::xls(&globals, &[("重大项目", ledger::xls_cells(999))]),
    );
    let (status, amounts, _) = status(&dir, "区发改委.xls");
    assert_eq!(status, FileStatus::Read);
    assert_eq!(amounts[0], (12_500_000, 3_200_000, 1_200_000_000));
}

#[test]
fn xls_with_an_xf_record_cut_short_is_refused_in_words() {
    // calamine refuses an XF record under four bytes; the walk before it must not panic.
    let globals = [bytes::format(164, YI_CODE), (0x00E0, vec![0])];
    let dir = Dir::new();
    let path = dir.write(
        "区发改委.xls",
        &bytes::xls(&globals, &[("重大项目", ledger::xls_cells(0))]),
    );
    let reason = match read_file(&path).content {
        Content::Unreadable(reason) => reason,
        other => panic!("{other:?}"),
    };
    assert!(!reason.contains("内部错误"), "{reason}");
}

fn read_file(path: &std::path::Path) -> taizhang::ingest::Submission {
    let candidate = Candidate {
        file: "区发改委.xls".into(),
        path: path.to_owned(),
        modified: None,
        skip: None,
    };
    read(&candidate, &ReadLimits::default())
}

#[test]
fn ods_with_looping_and_missing_styles_reads_in_the_default_unit() {
    let styles = r#"<office:automatic-styles><style:style style:name="ce1" style:family="table-cell" style:parent-style-name="ce2"/><style:style style:name="ce2" style:family="table-cell" style:parent-style-name="ce1"/><number:number-style><number:text>亿元</number:text></number:number-style><style:style style:family="table-cell" style:data-style-name="N9"/></office:automatic-styles>"#;
    let content = ledger::ods(true).replacen(ledger::ODS_STYLES, styles, 1);
    let dir = Dir::new();
    dir.write(
        "区发改委.ods",
        &bytes::ods_document(&content, Some("<office:styles")),
    );
    let (status, amounts, suspect) = status(&dir, "区发改委.ods");
    assert_eq!(status, FileStatus::Read);
    assert_eq!(amounts[0], (12_500_000, 3_200_000, 1_200_000_000));
    assert_eq!(suspect, 1);
}

#[test]
fn ods_repeating_a_formatted_cell_over_the_sheet_is_refused_quickly() {
    let bomb = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:style-name="ce1" office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#;
    let content = ledger::ods(true).replacen("</table:table>", &format!("{bomb}</table:table>"), 1);
    let dir = Dir::new();
    dir.write("区发改委.ods", &bytes::ods_document(&content, None));
    let started = Instant::now();
    let inbox = dir.inbox("2022-03");
    let status = inbox
        .ledgers
        .iter()
        .find(|l| l.file == "区发改委.ods")
        .map(|l| l.status);
    assert_ne!(status, Some(FileStatus::Read));
    assert!(
        started.elapsed() < Duration::from_mins(1),
        "{:?}",
        started.elapsed()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// `FORMAT` and `XF` records of any length and content, and cells pointing anywhere: the
    /// file is read or refused in words, never a panic.
    #[test]
    fn forged_style_records_never_panic(
        formats in prop::collection::vec((160u16..170, 0usize..40, any::<bool>()), 0..4),
        xfs in prop::collection::vec((160u16..170, 0usize..22), 0..6),
        ixfe in 0u16..12,
    ) {
        let codes = [YI_CODE, "#,##0\"万元\"", "0.00", "yyyy\"年\"m\"月\""];
        let mut globals = Vec::new();
        for (i, (ifmt, cut, wide)) in formats.into_iter().enumerate() {
            let (typ, mut data) = bytes::format(ifmt, codes[i % codes.len()]);
            if !wide {
                data[4] = 0;
            }
            data.truncate(cut);
            globals.push((typ, data));
        }
        for (ifmt, len) in xfs {
            let (typ, mut data) = bytes::xf(ifmt);
            // calamine itself refuses an XF under four bytes: keep the forgery to what it reads.
            data.truncate(len.max(4));
            globals.push((typ, data));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("区发改委.xls");
        std::fs::write(&path, bytes::xls(&globals, &[("重大项目", ledger::xls_cells(ixfe))])).unwrap();
        let submission = read_file(&path);
        match &submission.content {
            Content::Unreadable(reason) => prop_assert!(!reason.contains("内部错误"), "{}", reason),
            Content::Sheets(sheets) => prop_assert_eq!(sheets.len(), 1),
            Content::Skipped(s) => prop_assert!(false, "skipped: {}", s),
        }
    }
}
