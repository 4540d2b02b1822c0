//! Hostile and broken input, built in code. Each file is read or reported with its issue, no
//! row goes missing, and a good unit's ledger in the same folder gives the totals it gives
//! alone: one strange file never costs the others. Each test is named for the case it pins.

use crate::support::{Dir, V::*, assert_rows_conserved, close, header, rows, yi};
use std::time::{Duration, Instant};
use taizhang::inbox::Inbox;
use taizhang::ingest::{self, Content, ReadLimits};
use taizhang::normalize::FileStatus;

const GOOD: &str = "区发改委.xlsx";
use crate::support::bytes::{self as build, LEDGER};

/// A folder holding the good unit's ledger: 13.3 / 2.5 / 0.625 亿元 over two projects.
fn with_good_unit() -> Dir {
    let dir = Dir::new();
    dir.xlsx(GOOD, |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        header(ws, 0, &LEDGER);
        rows(
            ws,
            1,
            &[
                vec![
                    S("桃浦中央绿地"),
                    S("市属"),
                    S("区发改委"),
                    N(125_000.0),
                    N(23_000.0),
                    N(5_750.0),
                ],
                vec![
                    S("真如副中心地块"),
                    S("区属"),
                    S("区发改委"),
                    N(8_000.0),
                    N(2_000.0),
                    N(500.0),
                ],
            ],
        );
    });
    dir
}

/// Reads the folder: the good unit as if it were alone, and no row lost in any file.
fn read(dir: &Dir) -> Inbox {
    let started = Instant::now();
    let inbox = dir.inbox("2022-03");
    assert!(
        started.elapsed() < Duration::from_mins(1),
        "took {:?}",
        started.elapsed()
    );
    assert_rows_conserved(&inbox);
    let good = inbox
        .ledgers
        .iter()
        .find(|l| l.file == GOOD)
        .expect("the good unit is listed");
    assert_eq!(good.status, FileStatus::Read);
    assert_eq!((good.counts.accepted, good.counts.rejected), (2, 0));
    let (total, plan, ytd) = totals(&inbox, GOOD);
    assert!(
        close(total, 13.3) && close(plan, 2.5) && close(ytd, 0.625),
        "good unit changed: {total} {plan} {ytd}"
    );
    inbox
}

/// 总投资, 年度计划, 本年累计 (亿元) of the projects counted from one file.
fn totals(inbox: &Inbox, file: &str) -> (f64, f64, f64) {
    inbox
        .projects
        .iter()
        .filter(|p| p.source.file == file)
        .fold((0.0, 0.0, 0.0), |(t, p, y), r| {
            (
                t + yi(r.total_investment),
                p + yi(r.annual_plan),
                y + yi(r.ytd_completed),
            )
        })
}

fn codes(inbox: &Inbox, file: &str) -> Vec<&'static str> {
    inbox.issues_of(file).map(|i| i.code.as_str()).collect()
}

/// The messages of a file's issues of one code, joined.
fn messages(inbox: &Inbox, file: &str, code: &str) -> String {
    inbox
        .issues_of(file)
        .filter(|i| i.code.as_str() == code)
        .map(|i| format!("[{}] {}", i.sheet, i.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn status(inbox: &Inbox, file: &str) -> FileStatus {
    inbox
        .ledgers
        .iter()
        .find(|l| l.file == file)
        .unwrap_or_else(|| panic!("{file} is listed"))
        .status
}

/// The file is reported unreadable, with a message that says why in these words.
fn assert_unreadable(inbox: &Inbox, file: &str, words: &str) {
    assert_eq!(status(inbox, file), FileStatus::Unreadable, "{file}");
    let message = messages(inbox, file, "file-unreadable");
    assert!(message.contains(words), "{file}: {message}");
}

// ---- zip packages ----

#[test]
fn zip_bomb_declaring_gigabytes_is_refused_before_inflating() {
    let dir = with_good_unit();
    let mut bytes = build::xlsx(&build::sheet(&build::padded_ledger(8 << 20), ""), None);
    assert!(
        bytes.len() < 200 << 10,
        "a tiny file: {} bytes",
        bytes.len()
    );
    build::declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 0xFFFF_0000);
    dir.write("区建管委.xlsx", &bytes);
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xlsx", "超过读取上限");
    assert!(messages(&inbox, "区建管委.xlsx", "file-unreadable").contains("压缩炸弹"));
}

#[test]
fn zip_bomb_understating_its_size_stops_at_the_declared_size() {
    let dir = with_good_unit();
    let mut bytes = build::xlsx(&build::sheet(&build::padded_ledger(8 << 20), ""), None);
    build::declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 4096);
    dir.write("区建管委.xlsx", &bytes);
    let inbox = read(&dir);
    let message = messages(&inbox, "区建管委.xlsx", "file-unreadable");
    assert!(message.contains("比它声明的大小更大"), "{message}");
    assert!(totals(&inbox, "区建管委.xlsx").0.abs() < 1e-12);
}

#[test]
fn shared_string_count_asking_for_terabytes_is_refused() {
    let dir = with_good_unit();
    let strings = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>项目名称</t></si></sst>"#;
    let sheet = build::sheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, "");
    dir.write("区建管委.xlsx", &build::xlsx(&sheet, Some(strings)));
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xlsx", "共享字符串表");
}

#[test]
fn cell_at_xfd1048576_costs_one_cell_and_the_data_is_read() {
    let dir = with_good_unit();
    dir.xlsx("区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(ws, 0, &LEDGER);
        rows(
            ws,
            1,
            &[vec![
                S("曹杨新村更新"),
                S("区属"),
                S("区建管委"),
                N(5_000.0),
                N(1_000.0),
                N(250.0),
            ]],
        );
        ws.write_string(1_048_575, 16_383, "x").unwrap();
    });
    let inbox = read(&dir);
    assert_eq!(status(&inbox, "区建管委.xlsx"), FileStatus::Read);
    let (total, plan, ytd) = totals(&inbox, "区建管委.xlsx");
    assert!(close(total, 0.5) && close(plan, 0.1) && close(ytd, 0.025));
    let codes = codes(&inbox, "区建管委.xlsx");
    assert!(!codes.contains(&"sheet-too-large") && !codes.contains(&"file-unreadable"));
}

#[test]
fn merge_over_the_whole_sheet_beside_a_far_cell_is_left_unfilled() {
    let dir = with_good_unit();
    let rows_xml = format!(
        "{}{}",
        build::ledger_rows(
            1,
            &[("曹杨新村更新", "区属", "区建管委", 5_000.0, 1_000.0, 250.0)]
        ),
        r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#
    );
    let title =
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>2022年重大项目推进情况表</t></is></c></row>"#;
    let sheet = build::sheet(
        &format!("{title}{rows_xml}"),
        r#"<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>"#,
    );
    dir.write("区建管委.xlsx", &build::xlsx(&sheet, None));
    let inbox = read(&dir);
    let message = messages(&inbox, "区建管委.xlsx", "sheet-too-large");
    assert!(message.contains("A1:XFD1048576"), "{message}");
    assert_eq!(status(&inbox, "区建管委.xlsx"), FileStatus::Read);
}

#[test]
fn thirty_thousand_merges_are_capped_and_the_data_is_read() {
    let dir = with_good_unit();
    let merges: String = (0..30_000)
        .map(|i| format!(r#"<mergeCell ref="H{0}:I{0}"/>"#, i + 10))
        .collect();
    let sheet = build::sheet(
        &build::ledger_rows(
            0,
            &[("曹杨新村更新", "区属", "区建管委", 5_000.0, 1_000.0, 250.0)],
        ),
        &format!(r#"<mergeCells count="30000">{merges}</mergeCells>"#),
    );
    dir.write("区建管委.xlsx", &build::xlsx(&sheet, None));
    let inbox = read(&dir);
    assert!(messages(&inbox, "区建管委.xlsx", "sheet-too-large").contains("合并单元格"));
    assert!(close(totals(&inbox, "区建管委.xlsx").0, 0.5));
}

#[test]
fn a_row_of_16384_columns_above_the_header_is_read() {
    let dir = with_good_unit();
    dir.xlsx("区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet();
        for col in 0..16_384u16 {
            ws.write_string(0, col, "2022年3月").unwrap();
        }
        header(ws, 1, &LEDGER);
        rows(
            ws,
            2,
            &[vec![
                S("曹杨新村更新"),
                S("区属"),
                S("区建管委"),
                N(5_000.0),
                N(1_000.0),
                N(250.0),
            ]],
        );
    });
    let inbox = read(&dir);
    assert!(close(totals(&inbox, "区建管委.xlsx").0, 0.5));
}

#[test]
fn wide_rows_above_the_header_beside_twenty_thousand_merges_take_seconds() {
    // Each merge lookup used to scan every merge: 10 rows × 16,384 cells × 20,000 merges.
    let dir = with_good_unit();
    let mut rows_xml = String::new();
    for r in 1..=10 {
        rows_xml += &format!(r#"<row r="{r}">"#);
        for c in 0..16_384u32 {
            let column = taizhang::issue::column_letters(c);
            rows_xml += &format!(r#"<c r="{column}{r}" t="inlineStr"><is><t>说明</t></is></c>"#);
        }
        rows_xml += "</row>";
    }
    rows_xml += &build::ledger_rows(
        10,
        &[("曹杨新村更新", "区属", "区建管委", 5_000.0, 1_000.0, 250.0)],
    );
    let merges: String = (0..20_000)
        .map(|i| format!(r#"<mergeCell ref="H{0}:I{0}"/>"#, i + 100))
        .collect();
    let sheet = build::sheet(
        &rows_xml,
        &format!(r#"<mergeCells count="20000">{merges}</mergeCells>"#),
    );
    dir.write("区建管委.xlsx", &build::xlsx(&sheet, None));
    let inbox = read(&dir);
    assert!(close(totals(&inbox, "区建管委.xlsx").0, 0.5));
}

#[test]
fn truncated_xlsx_is_reported_damaged() {
    let dir = with_good_unit();
    let whole = std::fs::read(dir.join(GOOD)).unwrap();
    dir.write("区建管委.xlsx", &whole[..whole.len() / 2]);
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xlsx", "损坏或不完整");
}

#[test]
fn xlsx_that_is_really_csv_says_so() {
    let dir = with_good_unit();
    dir.write(
        "区建管委.xlsx",
        "项目名称,项目类别,总投资\n曹杨新村更新,区属,5000\n".as_bytes(),
    );
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xlsx", "纯文本");
}

#[test]
fn xls_that_is_really_html_is_read_as_its_table() {
    let dir = with_good_unit();
    dir.write(
        "区建管委.xls",
        "<html><body><table><tr><td>项目名称</td><td>项目类别</td><td>总投资</td><td>年度计划投资</td><td>本年累计完成投资</td></tr>\
         <tr><td>甲路</td><td>区属</td><td>5000</td><td>1000</td><td>100</td></tr></table></body></html>"
            .as_bytes(),
    );
    let inbox = read(&dir);
    assert_eq!(status(&inbox, "区建管委.xls"), FileStatus::Read);
    assert!(codes(&inbox, "区建管委.xls").is_empty());
    let (total, plan, ytd) = totals(&inbox, "区建管委.xls");
    assert!(close(total, 0.5) && close(plan, 0.1) && close(ytd, 0.01));
}

#[test]
fn word_document_named_xlsx_says_so() {
    let dir = with_good_unit();
    let docx = build::zip(&[("word/document.xml", b"<w:document/>".as_slice())]);
    dir.write("区建管委.xlsx", &docx);
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xlsx", "Word文档");
}

// ---- OLE compound files: .xls and encrypted .xlsx ----

#[test]
fn encrypted_xlsx_is_reported_encrypted() {
    let dir = with_good_unit();
    let ole = build::cfb(&[
        ("EncryptionInfo", vec![4, 0, 4, 0, 0x40, 0, 0, 0]),
        ("EncryptedPackage", vec![0x5A; 6000]),
    ]);
    dir.write("区建管委.xlsx", &ole);
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xlsx", "加密");
}

#[test]
fn xls_with_a_password_is_reported_encrypted() {
    let dir = with_good_unit();
    dir.write(
        "区建管委.xls",
        &build::xls(
            &[(0x002F, vec![1, 0, 1, 0, 1, 0])],
            &[("项目", ledger_records())],
        ),
    );
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xls", "加密");
}

fn ledger_records() -> Vec<(u16, Vec<u8>)> {
    build::xls_ledger(&[("曹杨新村更新", "区属", "区建管委", 5_000.0, 1_000.0, 250.0)])
}

#[test]
fn xls_ledger_is_read() {
    let dir = with_good_unit();
    dir.write(
        "区建管委.xls",
        &build::xls(&[], &[("项目", ledger_records())]),
    );
    let inbox = read(&dir);
    assert_eq!(status(&inbox, "区建管委.xls"), FileStatus::Read);
    assert!(close(totals(&inbox, "区建管委.xls").0, 0.5));
}

#[test]
fn xls_renamed_to_xlsx_is_read_as_xls() {
    let dir = with_good_unit();
    dir.write(
        "区建管委.xlsx",
        &build::xls(&[], &[("项目", ledger_records())]),
    );
    let inbox = read(&dir);
    assert!(close(totals(&inbox, "区建管委.xlsx").0, 0.5));
}

#[test]
fn xls_cell_at_iv65536_is_dropped_and_named_and_the_data_is_read() {
    let dir = with_good_unit();
    let mut records = ledger_records();
    records.push(build::number(65_535, 255, 1.0));
    dir.write("区建管委.xls", &build::xls(&[], &[("项目", records)]));
    let inbox = read(&dir);
    let message = messages(&inbox, "区建管委.xls", "sheet-too-large");
    assert!(
        message.contains("IV65536") && message.contains("[项目]"),
        "{message}"
    );
    assert!(close(totals(&inbox, "区建管委.xls").0, 0.5));
}

#[test]
fn xls_dimensions_asking_for_terabytes_are_ignored() {
    let dir = with_good_unit();
    let mut dims = Vec::new();
    dims.extend(0u32.to_le_bytes());
    dims.extend(u32::MAX.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(u16::MAX.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    let mut records = vec![(0x0200, dims)];
    records.extend(ledger_records());
    dir.write("区建管委.xls", &build::xls(&[], &[("项目", records)]));
    let inbox = read(&dir);
    assert!(close(totals(&inbox, "区建管委.xls").0, 0.5));
}

#[test]
fn xls_whose_sector_chain_loops_is_reported_not_followed() {
    let dir = with_good_unit();
    let mut bytes = build::xls(&[], &[("项目", ledger_records())]);
    // The directory chain (sector 1 after the FAT in sector 0) points back to itself.
    bytes[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
    dir.write("区建管委.xls", &bytes);
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xls", "循环");
}

#[test]
fn xls_record_that_makes_the_parser_panic_is_reported() {
    let dir = with_good_unit();
    let mut records = ledger_records();
    // A MERGECELLS record that claims a hundred ranges and holds none.
    records.push((0x00E5, vec![100, 0]));
    dir.write("区建管委.xls", &build::xls(&[], &[("项目", records)]));
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xls", "内部结构异常");
}

#[test]
fn truncated_xls_is_reported_damaged() {
    let dir = with_good_unit();
    let whole = build::xls(&[], &[("项目", ledger_records())]);
    dir.write("区建管委.xls", &whole[..whole.len() / 2]);
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xls", "损坏");
}

#[test]
fn xls_sheet_past_the_grid_limit_is_refused_whole() {
    let dir = Dir::new();
    let mut records = ledger_records();
    records.extend((0..2_000).map(|i| build::number(10 + i, 7, 1.0)));
    let path = dir.write("区建管委.xls", &build::xls(&[], &[("项目", records)]));
    let limits = ReadLimits {
        max_grid_cells: 1_000,
        ..ReadLimits::default()
    };
    let sub = ingest::read(&candidate(&path), &limits);
    assert_eq!(sub.content, Content::Sheets(Vec::new()));
    assert_eq!(
        sub.issues
            .iter()
            .map(|i| i.code.as_str())
            .collect::<Vec<_>>(),
        ["sheet-too-large"]
    );
}

// ---- OpenDocument ----

#[test]
fn ods_ledger_is_read() {
    let dir = with_good_unit();
    dir.write("区建管委.ods", &build::ods(&build::ods_ledger("")));
    let inbox = read(&dir);
    assert!(close(totals(&inbox, "区建管委.ods").0, 0.5));
}

#[test]
fn ods_asking_for_two_billion_spaces_is_refused() {
    let dir = with_good_unit();
    let bomb = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>注<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>"#;
    dir.write("区建管委.ods", &build::ods(&build::ods_ledger(bomb)));
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.ods", "过大");
}

#[test]
fn ods_repeating_a_cell_over_the_whole_sheet_is_refused() {
    let dir = with_good_unit();
    let bomb = r#"<table:table-row table:number-rows-repeated="6000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#;
    dir.write("区建管委.ods", &build::ods(&build::ods_ledger(bomb)));
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.ods", "过大");
    assert!(messages(&inbox, "区建管委.ods", "sheet-too-large").contains("[项目]"));
}

// ---- the file system ----

#[test]
fn empty_file_is_reported_empty() {
    let dir = with_good_unit();
    dir.write("区建管委.xlsx", b"");
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xlsx", "空的");
}

#[test]
fn directory_named_like_a_workbook_is_reported() {
    let dir = with_good_unit();
    std::fs::create_dir(dir.join("x.xlsx")).unwrap();
    let inbox = read(&dir);
    assert_unreadable(&inbox, "x.xlsx", "文件夹");
}

#[test]
fn folder_nested_too_deep_is_listed_not_dropped() {
    let dir = with_good_unit();
    std::fs::create_dir_all(dir.join("a/b/c")).unwrap();
    std::fs::copy(dir.join(GOOD), dir.join("a/b/c/区建管委.xlsx")).unwrap();
    let inbox = read(&dir);
    assert_eq!(status(&inbox, "a/b/c"), FileStatus::Skipped);
    assert!(messages(&inbox, "a/b/c", "file-skipped").contains("层级过深"));
}

#[cfg(unix)]
#[test]
fn file_without_read_permission_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = with_good_unit();
    let path = dir.join("区建管委.xlsx");
    std::fs::copy(dir.join(GOOD), &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let still_readable = std::fs::File::open(&path).is_ok();
    let inbox = read(&dir);
    if still_readable {
        eprintln!(
            "note: running as root, a chmod 000 file stays readable; permission check skipped"
        );
        assert_eq!(status(&inbox, "区建管委.xlsx"), FileStatus::Read);
    } else {
        assert_unreadable(&inbox, "区建管委.xlsx", "没有读取权限");
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_read_and_kept_apart() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = with_good_unit();
    let first = OsStr::from_bytes(b"\xff\xfe.xlsx");
    if std::fs::copy(dir.join(GOOD), dir.path().join(first)).is_err() {
        eprintln!("note: this file system refuses non-UTF-8 names; case skipped");
        return;
    }
    std::fs::copy(
        dir.join(GOOD),
        dir.path().join(OsStr::from_bytes(b"\xfe\xff.xlsx")),
    )
    .unwrap();
    let inbox = read(&dir);
    assert_eq!(status(&inbox, "\\xFF\\xFE.xlsx"), FileStatus::Read);
    assert_eq!(status(&inbox, "\\xFE\\xFF.xlsx"), FileStatus::Read);
    // The same two projects three times: counted once.
    assert_eq!(inbox.projects.len(), 2);
}

#[cfg(unix)]
#[test]
fn named_pipe_is_reported_not_waited_on() {
    let dir = with_good_unit();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("区建管委.xlsx"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("note: mkfifo is unavailable; case skipped");
        return;
    }
    let inbox = read(&dir);
    assert_unreadable(&inbox, "区建管委.xlsx", "不是普通文件");
}

// ---- the guards themselves ----

fn candidate(path: &std::path::Path) -> ingest::Candidate {
    ingest::discover(&[path.to_owned()]).unwrap().remove(0)
}

#[test]
fn file_past_its_time_limit_is_reported_and_left_behind() {
    let dir = Dir::new();
    let path = dir.xlsx("区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet();
        for r in 0..2_000 {
            for c in 0..10 {
                ws.write_number(r, c, 1.0).unwrap();
            }
        }
    });
    let limits = ReadLimits {
        max_time: Duration::ZERO,
        ..ReadLimits::default()
    };
    let sub = ingest::read(&candidate(&path), &limits);
    let Content::Unreadable(reason) = sub.content else {
        panic!("{:?}", sub.content)
    };
    assert!(reason.contains("读取超过0秒"), "{reason}");
}

#[test]
fn sheet_past_the_file_cell_budget_is_refused_and_the_first_kept() {
    let dir = Dir::new();
    let path = dir.xlsx("区建管委.xlsx", |wb| {
        for _ in 0..2 {
            let ws = wb.add_worksheet();
            for r in 0..60 {
                ws.write_number(r, 0, 1.0).unwrap();
            }
        }
    });
    let limits = ReadLimits {
        max_cells_per_file: 100,
        ..ReadLimits::default()
    };
    let sub = ingest::read(&candidate(&path), &limits);
    let Content::Sheets(sheets) = &sub.content else {
        panic!("{:?}", sub.content)
    };
    assert_eq!(
        sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Sheet1"]
    );
    assert_eq!(
        sub.issues
            .iter()
            .map(|i| (i.code.as_str(), i.sheet.as_str()))
            .collect::<Vec<_>>(),
        [("sheet-too-large", "Sheet2")]
    );
}

/// Header detection and row reading over random sheets: header words, near-misses, numbers
/// of every size, error values, far cells and odd merges. Nothing panics, and the same sheet
/// gives the same result twice.
mod fuzz {
    use proptest::prelude::*;
    use taizhang::config::Config;
    use taizhang::ingest::{CellValue, Content, Merge, RawSheet, Submission};
    use taizhang::normalize::{self, Context, header::find_header};

    const WORDS: &[&str] = &[
        "项目名称",
        "工程名称",
        "项目",
        "项目类别",
        "类别",
        "项目性质",
        "结转/新增",
        "建设阶段",
        "主责单位",
        "建设单位",
        "总投资",
        "总投资（亿元）",
        "投资情况（万元）",
        "年度计划投资",
        "2022年计划投资",
        "1-3月完成投资",
        "13-3月完成投资",
        "0月完成投资",
        "本年累计完成投资",
        "计划开工时间",
        "计划竣工时间",
        "重点工作事项",
        "具体任务目标",
        "主责部门",
        "工作完成时限",
        "完成情况",
        "合计",
        "小计",
        "总计",
        "注：单位万元",
        "填报人：",
        "填报单位：区建管委",
        "填报单位：",
        "单位：亿元",
        "单位：",
        "截至2022年3月31日",
        "2022年3月重大项目推进情况表",
        "99999999999999999999年1月",
        "2022年99月",
        "区属",
        "市属",
        "预备",
        "在建",
        "2022.3",
        "2022年3月底",
        "一季度",
        "持续推进",
        "-",
        "—",
        "１，２３４．５",
        "1.2亿",
        "3500万元",
        "1e308",
        "-0",
        "NaN",
        "",
        " ",
        "\n",
        "（万元）",
        "（）",
    ];

    fn value() -> impl Strategy<Value = CellValue> {
        prop_oneof![
            6 => prop::sample::select(WORDS).prop_map(|s| CellValue::Text(s.to_owned())),
            2 => "\\PC{0,10}".prop_map(CellValue::Text),
            2 => any::<f64>().prop_map(CellValue::Number),
            1 => prop_oneof![Just(0.0), Just(1.0), Just(-1.0), Just(1e18), Just(-1e18)]
                .prop_map(CellValue::Number),
            1 => any::<f64>().prop_map(CellValue::Date),
            1 => any::<bool>().prop_map(CellValue::Bool),
            1 => prop::sample::select(&["#REF!", "#DIV/0!", "#N/A", ""][..])
                .prop_map(|s| CellValue::Error(s.to_owned())),
        ]
    }

    fn position() -> impl Strategy<Value = (u32, u32)> {
        prop_oneof![
            12 => (0u32..30, 0u32..12),
            1 => (0u32..1_048_576, 0u32..16_384),
        ]
    }

    fn merge() -> impl Strategy<Value = Merge> {
        (position(), 0u32..4, 0u32..6, any::<bool>()).prop_map(|((r, c), h, w, inverted)| {
            let (last_row, last_col) = (r.saturating_add(h), c.saturating_add(w));
            if inverted {
                Merge {
                    first_row: last_row,
                    first_col: last_col,
                    last_row: r,
                    last_col: c,
                }
            } else {
                Merge {
                    first_row: r,
                    first_col: c,
                    last_row,
                    last_col,
                }
            }
        })
    }

    /// Random cells, often under a planted header (one of the ledger kinds, in some order),
    /// so that the rows below are read as data.
    fn sheet() -> impl Strategy<Value = RawSheet> {
        let header = prop::sample::subsequence(
            &[
                "项目名称",
                "项目类别",
                "主责单位",
                "总投资（亿元）",
                "年度计划投资",
                "1-3月完成投资",
                "计划开工时间",
                "建设阶段",
                "重点工作事项",
                "具体任务目标",
                "主责部门",
                "工作完成时限",
            ][..],
            0..=12,
        )
        .prop_shuffle();
        (
            prop::collection::vec((position(), value()), 0..150),
            prop::collection::vec(merge(), 0..6),
            0u32..22,
            header,
            0u32..6,
        )
            .prop_map(|(cells, merges, row, header, data_rows)| {
                let mut planted = Vec::new();
                for (c, label) in (0u32..).zip(&header) {
                    planted.push((row, c, CellValue::Text((*label).to_owned())));
                    for k in 1..=data_rows {
                        planted.push((row + k, c, plausible(label, k)));
                    }
                }
                planted.extend(cells.into_iter().map(|((r, c), v)| (r, c, v)));
                RawSheet::from_cells("表", planted, merges)
            })
    }

    /// A value a clerk would write under the header.
    fn plausible(label: &str, k: u32) -> CellValue {
        let text = |s: &str| CellValue::Text(s.to_owned());
        match label {
            "项目名称" | "重点工作事项" | "具体任务目标" => {
                text(&format!("{label}{k}"))
            }
            "项目类别" => text("区属"),
            "主责单位" | "主责部门" => text("区建管委"),
            "计划开工时间" => text("2022.3"),
            "建设阶段" => text("在建"),
            "工作完成时限" => text("一季度"),
            _ => CellValue::Number(f64::from(k) * 100.0),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn header_detection_never_panics_and_gives_one_answer(sheet in sheet()) {
            let schema = Config::builtin().schema;
            let first = format!("{:?}", find_header(&sheet, &schema, None));
            prop_assert_eq!(first, format!("{:?}", find_header(&sheet, &schema, None)));
        }

        #[test]
        fn merge_lookups_agree_with_a_scan(sheet in sheet()) {
            let overlapping = sheet.merges.iter().enumerate().any(|(i, a)| {
                sheet.merges[i + 1..].iter().any(|b| {
                    a.first_row <= b.last_row && b.first_row <= a.last_row
                        && a.first_col <= b.last_col && b.first_col <= a.last_col
                })
            });
            prop_assume!(!overlapping);
            for row in &sheet.rows {
                for (col, _) in &row.cells {
                    let (r, c) = (row.index, *col);
                    let covering = sheet.merges.iter().copied().find(|m| {
                        (m.first_row..=m.last_row).contains(&r) && (m.first_col..=m.last_col).contains(&c)
                    });
                    prop_assert_eq!(
                        sheet.is_merge_copy(r, c),
                        covering.is_some_and(|m| (r, c) != (m.first_row, m.first_col))
                    );
                    prop_assert_eq!(
                        sheet.merged_across(r, c),
                        covering.filter(|m| m.first_col < m.last_col)
                    );
                }
            }
        }

        #[test]
        fn normalising_random_sheets_conserves_rows_and_gives_one_answer(
            sheets in prop::collection::vec(sheet(), 1..3)
        ) {
            let config = Config::builtin();
            let ctx = Context::new(&config, "2022-03".parse().unwrap());
            let submission = Submission {
                file: "区建管委.xlsx".into(),
                path: "区建管委.xlsx".into(),
                modified: None,
                content: Content::Sheets(sheets),
                issues: Vec::new(),
            };
            let ledger = normalize::normalize(submission.clone(), &ctx);
            let c = ledger.counts;
            prop_assert_eq!(c.rows_read, c.accepted + c.rejected + c.skipped);
            prop_assert_eq!(c.rejected, ledger.rejected.len());
            let again = normalize::normalize(submission, &ctx);
            prop_assert_eq!(format!("{ledger:?}"), format!("{again:?}"));
        }
    }
}
