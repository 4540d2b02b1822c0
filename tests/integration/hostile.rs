//! Hostile and broken input, built in code. Each file is read or reported with its issue, no
//! row goes missing, and a good unit's ledger in the same folder gives the totals it gives
//! alone: one strange file never costs the others. Each test is named for the case it pins.

use crate::support::{Dir, V::*, assert_rows_conserved, close, header, rows, yi};
use std::time::{Duration, Instant};
use taizhang::inbox::Inbox;
use taizhang::ingest::{self, Content, ReadLimits};
use taizhang::normalize::FileStatus;

const GOOD: &str = "区发改委.xlsx";
const LEDGER: [&str; 6] = [
    "项目名称",
    "项目类别",
    "主责单位",
    "总投资",
    "年度计划投资",
    "本年累计完成投资",
];

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
        started.elapsed() < Duration::from_secs(60),
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

/// Files built byte by byte: a hand-made xlsx (for what rust_xlsxwriter will not write), an
/// OLE compound file, a BIFF8 workbook, an OpenDocument spreadsheet.
mod build {
    use std::io::Write;

    pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data) in parts {
            let method = if *name == "mimetype" {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            let opts = zip::write::SimpleFileOptions::default().compression_method(method);
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// A one-sheet workbook around a sheet's XML, with a shared string table if given.
    pub fn xlsx(sheet: &str, shared_strings: Option<&str>) -> Vec<u8> {
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml";
        let types = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>"#
        );
        let root_rels = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        );
        let workbook = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="项目" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        );
        let rels = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        );
        let mut parts = vec![
            ("[Content_Types].xml", types.as_bytes()),
            ("_rels/.rels", root_rels.as_bytes()),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ];
        if let Some(strings) = shared_strings {
            parts.push(("xl/sharedStrings.xml", strings.as_bytes()));
        }
        zip(&parts)
    }

    pub fn sheet(rows: &str, after: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData>{after}</worksheet>"#
        )
    }

    type Project<'a> = (&'a str, &'a str, &'a str, f64, f64, f64);

    fn col(c: usize) -> char {
        char::from(b'A' + u8::try_from(c).unwrap())
    }

    /// The ledger header in row `first` (zero-based), then the projects.
    pub fn ledger_rows(first: u32, projects: &[Project<'_>]) -> String {
        let mut xml = format!(r#"<row r="{}">"#, first + 1);
        for (c, label) in super::LEDGER.iter().enumerate() {
            xml += &format!(
                r#"<c r="{}{}" t="inlineStr"><is><t>{label}</t></is></c>"#,
                col(c),
                first + 1
            );
        }
        xml += "</row>";
        for (i, p) in projects.iter().enumerate() {
            let r = first + 2 + u32::try_from(i).unwrap();
            xml += &format!(r#"<row r="{r}">"#);
            for (c, text) in [p.0, p.1, p.2].iter().enumerate() {
                xml += &format!(
                    r#"<c r="{}{r}" t="inlineStr"><is><t>{text}</t></is></c>"#,
                    col(c)
                );
            }
            for (c, n) in [p.3, p.4, p.5].iter().enumerate() {
                xml += &format!(r#"<c r="{}{r}"><v>{n}</v></c>"#, col(c + 3));
            }
            xml += "</row>";
        }
        xml
    }

    /// A small ledger, then `padding` bytes of blanks: compresses to almost nothing.
    pub fn padded_ledger(padding: usize) -> String {
        let mut xml = ledger_rows(
            0,
            &[("曹杨新村更新", "区属", "区建管委", 5_000.0, 1_000.0, 250.0)],
        );
        xml.push_str(&" ".repeat(padding));
        xml
    }

    /// Rewrites the uncompressed size a zip declares for one part (local and central headers).
    pub fn declare_size(zip: &mut [u8], part: &str, size: u32) {
        let name = part.as_bytes();
        let mut patched = 0;
        for at in 0..zip.len().saturating_sub(46) {
            let len_at =
                |off: usize| usize::from(u16::from_le_bytes([zip[at + off], zip[at + off + 1]]));
            if zip[at..].starts_with(b"PK\x03\x04")
                && zip[at + 30..].starts_with(name)
                && len_at(26) == name.len()
            {
                zip[at + 22..at + 26].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            } else if zip[at..].starts_with(b"PK\x01\x02")
                && zip[at + 46..].starts_with(name)
                && len_at(28) == name.len()
            {
                zip[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        }
        assert_eq!(patched, 2, "local and central header patched");
    }

    /// An OLE compound file (version 3, 512-byte sectors) holding the streams, each padded to
    /// 4096 bytes at least so that none lives in the mini stream.
    pub fn cfb(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
        const END: u32 = 0xFFFF_FFFE;
        const FREE: u32 = 0xFFFF_FFFF;
        let bodies: Vec<Vec<u8>> = streams
            .iter()
            .map(|(_, data)| {
                let mut body = data.clone();
                body.resize(body.len().max(4096).div_ceil(512) * 512, 0);
                body
            })
            .collect();
        let data_sectors: usize = bodies.iter().map(|b| b.len() / 512).sum();
        let dir_sectors = (streams.len() + 1).div_ceil(4);
        let mut fat_sectors = 1;
        while fat_sectors * 128 < fat_sectors + dir_sectors + data_sectors {
            fat_sectors += 1;
        }
        assert!(fat_sectors <= 109);
        let n = |v: usize| u32::try_from(v).unwrap();
        let mut fat = vec![FREE; fat_sectors * 128];
        fat[..fat_sectors].fill(0xFFFF_FFFD);
        let dir_start = fat_sectors;
        for s in 0..dir_sectors {
            fat[dir_start + s] = if s + 1 == dir_sectors {
                END
            } else {
                n(dir_start + s + 1)
            };
        }
        let mut starts = Vec::new();
        let mut next = dir_start + dir_sectors;
        for body in &bodies {
            starts.push(next);
            let count = body.len() / 512;
            for s in 0..count {
                fat[next + s] = if s + 1 == count { END } else { n(next + s + 1) };
            }
            next += count;
        }
        let mut out = vec![0u8; 512];
        out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        out[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
        out[26..28].copy_from_slice(&3u16.to_le_bytes());
        out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        out[30..32].copy_from_slice(&9u16.to_le_bytes());
        out[32..34].copy_from_slice(&6u16.to_le_bytes());
        out[44..48].copy_from_slice(&n(fat_sectors).to_le_bytes());
        out[48..52].copy_from_slice(&n(dir_start).to_le_bytes());
        out[56..60].copy_from_slice(&4096u32.to_le_bytes());
        out[60..64].copy_from_slice(&END.to_le_bytes());
        out[68..72].copy_from_slice(&END.to_le_bytes());
        for i in 0..109 {
            let v = if i < fat_sectors { n(i) } else { FREE };
            out[76 + i * 4..80 + i * 4].copy_from_slice(&v.to_le_bytes());
        }
        out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        let mut dir = vec![0u8; dir_sectors * 512];
        let mut entry = |i: usize, name: &str, kind: u8, start: u32, len: u32, child: u32| {
            let e = &mut dir[i * 128..(i + 1) * 128];
            let units: Vec<u16> = name.encode_utf16().collect();
            for (k, u) in units.iter().enumerate() {
                e[k * 2..k * 2 + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&u16::try_from(units.len() * 2 + 2).unwrap().to_le_bytes());
            e[66] = kind;
            e[67] = 1;
            let right = if kind == 2 && i < streams.len() {
                n(i + 1)
            } else {
                FREE
            };
            e[68..72].copy_from_slice(&FREE.to_le_bytes());
            e[72..76].copy_from_slice(&right.to_le_bytes());
            e[76..80].copy_from_slice(&child.to_le_bytes());
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&len.to_le_bytes());
        };
        entry(0, "Root Entry", 5, END, 0, 1);
        for (i, ((name, _), start)) in streams.iter().zip(&starts).enumerate() {
            entry(i + 1, name, 2, n(*start), n(bodies[i].len()), FREE);
        }
        out.extend(dir);
        for body in bodies {
            out.extend(body);
        }
        out
    }

    fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        out.extend(typ.to_le_bytes());
        out.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
        out.extend(data);
    }

    fn bof(dt: u16) -> Vec<u8> {
        let mut d = Vec::new();
        d.extend(0x0600u16.to_le_bytes());
        d.extend(dt.to_le_bytes());
        d.extend([0; 12]);
        d
    }

    /// A BIFF record: its type and data.
    pub type Record = (u16, Vec<u8>);

    /// A BIFF8 workbook: extra global records, then sheets of records, in a compound file.
    pub fn xls(globals: &[Record], sheets: &[(&str, Vec<Record>)]) -> Vec<u8> {
        let mut stream = Vec::new();
        record(&mut stream, 0x0809, &bof(0x0005));
        record(&mut stream, 0x0042, &1200u16.to_le_bytes());
        for (typ, data) in globals {
            record(&mut stream, *typ, data);
        }
        let mut positions = Vec::new();
        for (name, _) in sheets {
            positions.push(stream.len() + 4);
            let units: Vec<u16> = name.encode_utf16().collect();
            let mut d = vec![0, 0, 0, 0, 0, 0, u8::try_from(units.len()).unwrap(), 1];
            d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
            record(&mut stream, 0x0085, &d);
        }
        record(&mut stream, 0x000A, &[]);
        for ((_, records), at) in sheets.iter().zip(positions) {
            let pos = u32::try_from(stream.len()).unwrap().to_le_bytes();
            stream[at..at + 4].copy_from_slice(&pos);
            record(&mut stream, 0x0809, &bof(0x0010));
            for (typ, data) in records {
                record(&mut stream, *typ, data);
            }
            record(&mut stream, 0x000A, &[]);
        }
        cfb(&[("Workbook", stream)])
    }

    fn cell_head(row: u16, col: u16) -> Vec<u8> {
        let mut d = Vec::new();
        d.extend(row.to_le_bytes());
        d.extend(col.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d
    }

    pub fn label(row: u16, col: u16, text: &str) -> (u16, Vec<u8>) {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut d = cell_head(row, col);
        d.extend(u16::try_from(units.len()).unwrap().to_le_bytes());
        d.push(1);
        d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        (0x0204, d)
    }

    pub fn number(row: u16, col: u16, value: f64) -> (u16, Vec<u8>) {
        let mut d = cell_head(row, col);
        d.extend(value.to_le_bytes());
        (0x0203, d)
    }

    pub fn xls_ledger(projects: &[Project<'_>]) -> Vec<(u16, Vec<u8>)> {
        let mut records: Vec<_> = (0u16..)
            .zip(super::LEDGER)
            .map(|(c, l)| label(0, c, l))
            .collect();
        for (r, p) in (1u16..).zip(projects) {
            records.extend([label(r, 0, p.0), label(r, 1, p.1), label(r, 2, p.2)]);
            records.extend([number(r, 3, p.3), number(r, 4, p.4), number(r, 5, p.5)]);
        }
        records
    }

    /// `content.xml` body: a table 项目 holding the ledger, then more rows.
    pub fn ods_ledger(more_rows: &str) -> String {
        let text = |t: &str| {
            format!(
                r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
            )
        };
        let num =
            |v: f64| format!(r#"<table:table-cell office:value-type="float" office:value="{v}"/>"#);
        let header: String = super::LEDGER.iter().map(|l| text(l)).collect();
        let row: String = ["曹杨新村更新", "区属", "区建管委"]
            .iter()
            .map(|t| text(t))
            .chain([5_000.0, 1_000.0, 250.0].map(num))
            .collect();
        format!(
            r#"<table:table table:name="项目"><table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row>{more_rows}</table:table>"#
        )
    }

    pub fn ods(tables: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        );
        let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        zip(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ])
    }
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
            let first = format!("{:?}", find_header(&sheet, &schema));
            prop_assert_eq!(first, format!("{:?}", find_header(&sheet, &schema)));
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
            let ctx = Context {
                schema: &config.schema,
                period: "2022-03".parse().unwrap(),
                input_unit: config.input_unit,
                roster: &config.roster,
            };
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
