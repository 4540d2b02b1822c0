//! LEDGER-SPEC 3A.3: a money cell's number format (`0.00"亿元"`) gives its unit, after an
//! inline unit and before the column header's.

use crate::support::{Dir, V::*, header, rows};
use rust_xlsxwriter::{Format, Worksheet};

const HEADER: [&str; 7] = [
    "项目名称",
    "项目类别",
    "项目性质",
    "主责单位",
    "总投资",
    "年度计划投资",
    "本年累计完成投资",
];

/// Two projects; 总投资 and 年度计划投资 written as plain numbers, formatted by the caller.
fn projects(ws: &mut Worksheet, total_header: &str) {
    let mut labels = HEADER;
    labels[4] = total_header;
    header(ws, 0, &labels);
    for (r, name) in [(1, "桃浦中央绿地"), (2, "真如副中心")] {
        rows(ws, r, &[vec![S(name), S("市属"), S("正式"), S("区发改委")]]);
    }
}

fn amounts(dir: &Dir, name: &str) -> (i64, i64, i64) {
    let inbox = dir.inbox("2022-03");
    let p = inbox
        .projects
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} not counted"));
    (
        p.total_investment.fen(),
        p.annual_plan.fen(),
        p.ytd_completed.fen(),
    )
}

#[test]
fn number_formats_give_the_unit_of_each_column() {
    let dir = Dir::new();
    dir.xlsx("区发改委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        projects(ws, "总投资");
        let yi = Format::new().set_num_format("0.00\"亿元\"");
        let wan = Format::new().set_num_format("#,##0\"万元\"");
        ws.write_number_with_format(1, 4, 12.5, &yi).unwrap();
        ws.write_number_with_format(1, 5, 3000.0, &wan).unwrap();
        ws.write_number(1, 6, 1200.0).unwrap();
        // An inline unit in the value beats the format.
        ws.write_string_with_format(2, 4, "8000万元", &yi).unwrap();
        ws.write_number_with_format(2, 5, 0.5, &yi).unwrap();
        ws.write_number(2, 6, 0.0).unwrap();
    });
    assert_eq!(
        amounts(&dir, "桃浦中央绿地"),
        (125_000_000_000, 3_000_000_000, 1_200_000_000)
    );
    assert_eq!(
        amounts(&dir, "真如副中心"),
        (8_000_000_000, 5_000_000_000, 0)
    );
}

#[test]
fn the_cells_format_beats_the_header_unit() {
    let dir = Dir::new();
    dir.xlsx("区发改委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        projects(ws, "总投资（万元）");
        let yi = Format::new().set_num_format("0.00\\亿\\元");
        ws.write_number_with_format(1, 4, 12.5, &yi).unwrap();
        // A cell of the same column without the format keeps the header's unit.
        ws.write_number(2, 4, 8000.0).unwrap();
        for r in 1..=2 {
            ws.write_number(r, 5, 100.0).unwrap();
            ws.write_number(r, 6, 10.0).unwrap();
        }
    });
    assert_eq!(amounts(&dir, "桃浦中央绿地").0, 125_000_000_000);
    assert_eq!(amounts(&dir, "真如副中心").0, 8_000_000_000);
}

#[test]
fn a_workbook_without_unit_formats_reads_as_before() {
    let dir = Dir::new();
    dir.xlsx("区发改委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        projects(ws, "总投资（亿元）");
        let plain = Format::new().set_num_format("#,##0.00");
        ws.write_number_with_format(1, 4, 12.5, &plain).unwrap();
        ws.write_number(2, 4, 0.8).unwrap();
        for r in 1..=2 {
            ws.write_number_with_format(r, 5, 3000.0, &plain).unwrap();
            ws.write_number(r, 6, 1200.0).unwrap();
        }
    });
    let inbox = dir.inbox("2022-03");
    assert_eq!(inbox.projects.len(), 2);
    assert_eq!(
        amounts(&dir, "桃浦中央绿地"),
        (125_000_000_000, 3_000_000_000, 1_200_000_000)
    );
    assert_eq!(amounts(&dir, "真如副中心").0, 8_000_000_000);
}

#[test]
fn a_total_row_is_compared_in_the_unit_its_format_shows() {
    let dir = Dir::new();
    dir.xlsx("区发改委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        projects(ws, "总投资");
        let yi = Format::new().set_num_format("0.00\"亿元\"");
        ws.write_number_with_format(1, 4, 1.0, &yi).unwrap();
        ws.write_number_with_format(2, 4, 2.5, &yi).unwrap();
        ws.write_string(3, 0, "合计").unwrap();
        ws.write_number_with_format(3, 4, 3.5, &yi).unwrap();
        for r in 1..=2 {
            ws.write_number(r, 5, 100.0).unwrap();
            ws.write_number(r, 6, 10.0).unwrap();
        }
        ws.write_number(3, 5, 200.0).unwrap();
        ws.write_number(3, 6, 20.0).unwrap();
    });
    let inbox = dir.inbox("2022-03");
    assert_eq!(inbox.projects.len(), 2);
    let total: i64 = inbox
        .projects
        .iter()
        .map(|p| p.total_investment.fen())
        .sum();
    assert_eq!(total, 35_000_000_000);
    let mismatches: Vec<_> = crate::support::issue_cells(&inbox, "区发改委.xlsx")
        .into_iter()
        .filter(|(code, _, _)| code == "subtotal-mismatch")
        .collect();
    assert!(mismatches.is_empty(), "{mismatches:?}");
}

mod damaged;
mod defaults;
mod ledger;
mod readers;

/// `check --explain` says which cells of a column take their unit from the number format.
#[test]
fn explain_names_the_cells_the_format_gives_a_unit() {
    let dir = Dir::new();
    dir.xlsx("区发改委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        projects(ws, "总投资");
        let yi = Format::new().set_num_format("0.00\"亿元\"");
        for r in 1..=2 {
            ws.write_number_with_format(r, 4, 12.5, &yi).unwrap();
            ws.write_number(r, 5, 3000.0).unwrap();
            ws.write_number(r, 6, 1200.0).unwrap();
        }
    });
    let (code, out, err) = crate::support::taizhang(
        &["check", "--explain", "区发改委.xlsx", "--period", "2022-03"],
        dir.path(),
    );
    assert!(code == 0 || code == 1, "{err}");
    let line =
        "E列“总投资” → 总投资，单位万元（配置默认）；其中2格的数字格式显示“亿元”，这些格按亿元计";
    assert!(out.contains(line), "missing {line:?} in:\n{out}");
}
