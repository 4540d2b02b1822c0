//! `[[layout]]` in taizhang.toml (LEDGER-SPEC 3A.10): when detection fails, the clerk says
//! once how a file reads — its header rows, a column's field by letter or header text, a
//! column's unit and a sheet's category — and the file is read that way, shown by
//! `check --explain`, and refused with the line and key when the entry is wrong.

use crate::support::{Dir, V::*, header, issue_cells, rows, taizhang};
use rust_xlsxwriter::Format;
use std::path::Path;
use taizhang::config::Config;
use taizhang::domain::Category;
use taizhang::inbox::Inbox;

/// A ledger no detection can read: its headers name no known column, its title takes three
/// rows, and its amounts are in 亿元 with nothing saying so.
fn odd_ledger(dir: &Dir, file: &str) {
    dir.xlsx(file, |wb| {
        let ws = wb.add_worksheet().set_name("报表").unwrap();
        ws.write_string(0, 0, "区水务局重点工程报表").unwrap();
        ws.write_string(1, 0, "（2022年3月）").unwrap();
        header(ws, 2, &["No", "工程", "牵头", "概算", "今年打算", "已干"]);
        rows(
            ws,
            3,
            &[
                vec![
                    N(1.0),
                    S("苏州河堤防"),
                    S("区水务局"),
                    N(3.25),
                    N(1.2),
                    N(0.31),
                ],
                vec![N(2.0), S("泵站改造"), S("区水务局"), N(0.8), N(0.4), N(0.1)],
            ],
        );
    });
}

const ODD_LAYOUT: &str = r#"
[[layout]]
files = "区水务局*.xlsx"
header_rows = 3
category = "区属"
columns = { B = "项目名称", C = "主责单位", D = "总投资", "今年打算" = "年度计划投资", F = "ytd_completed" }
units = { D = "亿元", E = "亿元", F = "亿元" }
"#;

fn config_with(dir: &Dir, extra: &str) -> Config {
    let text = format!("{}\n{extra}", taizhang::config::DEFAULT_CONFIG);
    let path = dir.write("taizhang.toml", text.as_bytes());
    Config::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn read_with(dir: &Path, config: &Config) -> Inbox {
    taizhang::inbox::read_inbox(
        &[dir.to_owned()],
        config,
        Some("2022-03".parse().unwrap()),
        &taizhang::ingest::ReadLimits::default(),
        &|| {},
        &|_| {},
    )
    .expect("inbox readable")
}

/// 亿元 in fen.
fn yi(n: f64) -> i64 {
    (n * 1e10).round() as i64
}

#[test]
fn a_layout_reads_what_detection_cannot() {
    let dir = Dir::new();
    odd_ledger(&dir, "inbox/区水务局3月.xlsx");
    // Without the entry the file is no ledger at all.
    let plain = read_with(&dir.join("inbox"), &Config::builtin());
    assert!(plain.projects.is_empty());
    assert!(
        plain
            .issues
            .iter()
            .any(|i| i.code.as_str() == "no-ledger-sheet"),
        "{:?}",
        plain.issues
    );

    let config = config_with(&dir, ODD_LAYOUT);
    let inbox = read_with(&dir.join("inbox"), &config);
    assert_eq!(inbox.projects.len(), 2, "{:?}", inbox.issues);
    let p = inbox
        .projects
        .iter()
        .find(|p| p.name == "苏州河堤防")
        .unwrap();
    assert_eq!(p.total_investment.fen(), yi(3.25));
    assert_eq!(p.annual_plan.fen(), yi(1.2));
    assert_eq!(p.ytd_completed.fen(), yi(0.31));
    assert_eq!(p.lead_unit.as_str(), "区水务局");
    for p in &inbox.projects {
        assert_eq!(p.category, Category::DistrictMajor);
    }
    let total: i64 = inbox
        .projects
        .iter()
        .map(|p| p.total_investment.fen())
        .sum();
    assert_eq!(total, yi(4.05));
    // Stated units: nothing is suspect, nothing is missing.
    let codes: Vec<&str> = inbox.issues.iter().map(|i| i.code.as_str()).collect();
    assert!(
        !codes
            .iter()
            .any(|c| matches!(*c, "unit-suspect" | "missing-column" | "blank-required")),
        "{codes:?}"
    );
}

#[test]
fn a_layout_speaks_only_of_the_files_it_matches() {
    let dir = Dir::new();
    odd_ledger(&dir, "inbox/区水务局3月.xlsx");
    odd_ledger(&dir, "inbox/区绿化局3月.xlsx");
    let config = config_with(&dir, ODD_LAYOUT);
    let inbox = read_with(&dir.join("inbox"), &config);
    assert_eq!(inbox.projects.len(), 2);
    assert!(
        inbox
            .projects
            .iter()
            .all(|p| p.source.file.as_ref() == "区水务局3月.xlsx")
    );
    assert!(
        issue_cells(&inbox, "区绿化局3月.xlsx")
            .iter()
            .any(|(code, _, _)| code == "no-ledger-sheet")
    );
}

/// A column named by its header text gets its field; the header rows are still found; a
/// configured unit beats what the cells' number format shows, and another column keeps its
/// own.
#[test]
fn columns_by_header_text_and_units_over_number_formats() {
    let dir = Dir::new();
    dir.xlsx("inbox/区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("Sheet1").unwrap();
        header(
            ws,
            0,
            &[
                "项目名称",
                "项目类别",
                "主责单位",
                "总投资",
                "计划数",
                "本年累计完成投资",
            ],
        );
        let wan = Format::new().set_num_format("0.00\"万元\"");
        ws.write_string(1, 0, "真北路改建").unwrap();
        ws.write_string(1, 1, "市属").unwrap();
        ws.write_string(1, 2, "区建管委").unwrap();
        ws.write_number(1, 3, 9000.0).unwrap();
        ws.write_number_with_format(1, 4, 0.24, &wan).unwrap();
        ws.write_number(1, 5, 700.0).unwrap();
    });
    let config = config_with(
        &dir,
        r#"
[[layout]]
files = "区建管委*"
columns = { "计划数" = "annual_plan" }
units = { "计划数" = "亿元" }
"#,
    );
    let inbox = read_with(&dir.join("inbox"), &config);
    assert_eq!(inbox.projects.len(), 1, "{:?}", inbox.issues);
    let p = &inbox.projects[0];
    assert_eq!(p.annual_plan.fen(), yi(0.24));
    assert_eq!(p.total_investment.fen(), 9000 * 1_000_000);
    assert_eq!(p.ytd_completed.fen(), 700 * 1_000_000);
}

/// A field the config gives a lettered column is no longer the field of the column that
/// detection took for it.
#[test]
fn a_configured_column_displaces_the_detected_one() {
    let dir = Dir::new();
    dir.xlsx("inbox/区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("Sheet1").unwrap();
        header(
            ws,
            0,
            &[
                "项目名称",
                "项目类别",
                "主责单位",
                "总投资",
                "年度计划投资",
                "本年累计完成投资",
                "",
            ],
        );
        rows(
            ws,
            1,
            &[vec![
                S("真北路改建"),
                S("市属"),
                S("区建管委"),
                N(9000.0),
                N(999.0),
                N(700.0),
                N(2400.0),
            ]],
        );
    });
    let config = config_with(
        &dir,
        "[[layout]]\nfiles = \"*.xlsx\"\nsheet = \"Sheet1\"\ncolumns = { G = \"年度计划投资\" }\n",
    );
    let inbox = read_with(&dir.join("inbox"), &config);
    assert_eq!(inbox.projects.len(), 1, "{:?}", inbox.issues);
    assert_eq!(inbox.projects[0].annual_plan.fen(), 2400 * 1_000_000);
}

#[test]
fn explain_says_the_file_was_read_by_the_layout() {
    let dir = Dir::new();
    odd_ledger(&dir, "区水务局3月.xlsx");
    let text = format!("{}\n{ODD_LAYOUT}", taizhang::config::DEFAULT_CONFIG);
    dir.write("taizhang.toml", text.as_bytes());
    let line = text
        .lines()
        .position(|l| l.starts_with("files = \"区水务局"))
        .unwrap()
        + 1;
    let (code, out, err) = taizhang(
        &[
            "check",
            "--explain",
            "区水务局3月.xlsx",
            "--config",
            "taizhang.toml",
            "--period",
            "2022-03",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}\n{out}");
    for expected in [
        format!("工作表“报表”按 taizhang.toml 第{line}行的 [[layout]]（files = \"区水务局*.xlsx\"）读取"),
        "工作表“报表”：项目台帐，表头在第3行".to_owned(),
        "B列“工程” → 项目名称（按 taizhang.toml 的 [[layout]]）".to_owned(),
        "D列“概算” → 总投资（按 taizhang.toml 的 [[layout]]），单位亿元（taizhang.toml 的 [[layout]]）"
            .to_owned(),
        format!("“taizhang.toml 第{line}行的 [[layout]]”写明了类别：本表未填类别的项目按“区属重大工程”计"),
        "第4行：计入“苏州河堤防”".to_owned(),
        "合计：读取2行，计入2行，不计入0行，跳过0行".to_owned(),
    ] {
        assert!(out.contains(&expected), "missing {expected:?} in:\n{out}");
    }
}

/// Each wrong entry is refused before anything is read, naming its line and key.
#[test]
fn wrong_entries_name_their_line_and_key() {
    let cases = [
        ("files = \"[\"", "files"),
        ("files = \"*.xlsx\"\nheader_rows = [3, 5]", "header_rows"),
        ("files = \"*.xlsx\"\nheader_rows = 0", "header_rows"),
        ("files = \"*.xlsx\"\ncategory = \"市区共建\"", "category"),
        (
            "files = \"*.xlsx\"\ncolumns = { B = \"项目经理\" }",
            "columns",
        ),
        ("files = \"*.xlsx\"\nunits = { D = \"千元\" }", "units"),
        ("files = \"*.xlsx\"\nheader_row = 3", "header_row"),
    ];
    for (entry, key) in cases {
        let dir = Dir::new();
        let text = format!(
            "{}\n[[layout]]\n{entry}\n",
            taizhang::config::DEFAULT_CONFIG
        );
        dir.write("taizhang.toml", text.as_bytes());
        let (code, out, err) = taizhang(&["check", ".", "--config", "taizhang.toml"], dir.path());
        assert_eq!(code, 2, "{entry}: {out}{err}");
        assert!(
            err.contains(key) && err.contains('行') && err.contains("taizhang.toml"),
            "{entry}: {err}"
        );
    }
}
