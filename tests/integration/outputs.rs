//! The outputs a clerk sends as they are: 推进情况表 (groups, counts, 序号, 小计 and 合计 as
//! formulas with cached values), money in the detail unit, and a 报送情况 and 情况通报 that
//! claim only what is known (see `outputs_sent` for 反馈, the task workbook and the template).
//! The real binary on ledgers built in code.

use crate::run_cli::month;
use crate::support::{Dir, Table, V::*, close, header, rows, sheet_cells, taizhang};
use calamine::{Reader, Xlsx, open_workbook};
use std::path::{Path, PathBuf};

pub const HEADER: [&str; 9] = [
    "项目编号",
    "项目名称",
    "项目类别",
    "项目性质",
    "主责单位",
    "总投资",
    "年度计划投资",
    "本年累计完成投资",
    "建设阶段",
];

/// 区水务局: one 150万元 区属 project (plan 100, ytd 30), counted.
fn small_project(dir: &Dir) {
    dir.xlsx("inbox/区水务局.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        header(ws, 0, &HEADER);
        rows(
            ws,
            1,
            &[vec![
                S("PT-7"),
                S("庚泵站"),
                S("区属"),
                S("正式"),
                S("区水务局"),
                N(150.0),
                N(100.0),
                N(30.0),
                S("在建"),
            ]],
        );
    });
}

pub fn run(dir: &Dir, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["run", "inbox", "--out", "out", "--period", "2022-03"];
    args.extend_from_slice(extra);
    taizhang(&args, dir.path())
}

fn summary(dir: &Dir) -> PathBuf {
    dir.join("out/2022-03/重大项目汇总_2022-03.xlsx")
}

/// The formula of a cell (without `=`), as calamine reads it; empty when none.
fn formula(path: &Path, sheet: &str, row: u32, col: u32) -> String {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let f = wb.worksheet_formula(sheet).unwrap();
    f.get_value((row, col)).cloned().unwrap_or_default()
}

fn num(cells: &[Vec<String>], row: usize, col: usize) -> f64 {
    let v = &cells[row][col];
    v.parse()
        .unwrap_or_else(|_| panic!("({row},{col}) {v:?} is not a number"))
}

#[test]
fn progress_sheet_groups_numbers_and_totals_in_the_detail_unit() {
    let dir = Dir::new();
    month(&dir);
    small_project(&dir);
    run(&dir, &[]);
    let path = summary(&dir);
    let cells = sheet_cells(&path, "推进情况表");
    assert_eq!(cells[0][0], "2022年3月重大项目推进情况表");
    assert_eq!(cells[1][0], "单位：万元");
    assert_eq!(
        cells[2][..10],
        [
            "序号",
            "项目名称",
            "主责单位",
            "总投资",
            "年度计划投资",
            "本年累计完成",
            "完成率",
            "形象进度",
            "存在问题",
            "滞后情况"
        ]
    );
    // 序号 in A and the name in B; a heading is merged across the row, its text in A.
    let lines: Vec<(&str, &str)> = cells[3..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            ("", "合计（6个）"),
            ("一、市属重大工程（2个）", ""),
            ("1", "丙馆"),
            ("2", "戊中心"),
            ("", "小计（2个）"),
            ("二、区属重大工程（3个）", ""),
            ("1", "甲路改建"),
            ("2", "乙桥新建"),
            ("3", "庚泵站"),
            ("", "小计（3个）"),
            ("三、区属重点预备项目（1个）", ""),
            ("1", "丁园"),
            ("", "小计（1个）"),
        ]
    );
    // The 150万元 project in 万元: 150.00, not 0.02.
    assert!(close(num(&cells, 11, 3), 150.0));
    assert!(close(num(&cells, 11, 5), 30.0));
    assert!(close(num(&cells, 11, 6), 0.3), "完成率 30/100");
    // 小计 rows (0-based rows 7, 12, 15): SUM formulas over their projects (Excel rows), with
    // cached values (万元).
    for (row, first, last, want) in [
        (7u32, 6, 7, [38_000.0, 9_000.0, 2_100.0]),
        (12, 10, 12, [15_150.0, 3_100.0, 570.0]),
        (15, 15, 15, [2_000.0, 0.0, 0.0]),
    ] {
        for (k, col) in [3u32, 4, 5].into_iter().enumerate() {
            let letter = ["D", "E", "F"][k];
            assert_eq!(
                formula(&path, "推进情况表", row, col),
                format!("SUM({letter}{first}:{letter}{last})"),
                "小计 at row {row}"
            );
            let got = num(&cells, row as usize, col as usize);
            assert!(close(got, want[k]), "row {row} col {col}: {got}");
        }
    }
    // 合计 on top: the sum of the 小计 rows, cached.
    assert_eq!(formula(&path, "推进情况表", 3, 3), "D8+D13+D16");
    assert!(close(num(&cells, 3, 3), 55_150.0));
    assert!(close(num(&cells, 3, 4), 12_100.0));
    assert!(close(num(&cells, 3, 5), 2_670.0));
    assert_eq!(formula(&path, "推进情况表", 3, 6), "IF(E4>0,F4/E4,\"\")");
    assert!(close(num(&cells, 3, 6), 2_670.0 / 12_100.0));
    assert_eq!(cells[3][9], "滞后3个");
    assert_eq!(cells[10][1], "乙桥新建");
    assert_eq!(cells[10][9], "投资滞后（严重）、开工滞后");
}

#[test]
fn sheets_that_list_projects_are_in_the_detail_unit_and_the_others_say_no_unit() {
    let dir = Dir::new();
    month(&dir);
    small_project(&dir);
    run(&dir, &[]);
    let path = summary(&dir);
    let detail = Table::read(&path, "项目明细", "序号");
    assert!(close(detail.num("项目名称", "庚泵站", "总投资"), 150.0));
    assert!(close(detail.num("项目名称", "丙馆", "总投资"), 30_000.0));
    let lagging = Table::read(&path, "滞后项目", "序号");
    assert_eq!(lagging.get("项目名称", "乙桥新建", "项目编号"), "PT-2");
    assert!(close(
        lagging.num("项目名称", "乙桥新建", "年度计划投资"),
        1_000.0
    ));
    // 亿元 stays in 汇总 and 分单位.
    let t = Table::read(&path, "汇总", "项目类别");
    assert!(close(t.num("项目类别", "合计", "总投资"), 5.515));
    for (sheet, unit) in [
        ("汇总", "单位：亿元"),
        ("分单位", "单位：亿元"),
        ("推进情况表", "单位：万元"),
        ("项目明细", "单位：万元"),
        ("滞后项目", "单位：万元"),
    ] {
        assert_eq!(sheet_cells(&path, sheet)[1][0], unit, "{sheet}");
    }
    for sheet in ["报送情况", "校验问题", "季度任务单"] {
        assert!(
            !sheet_cells(&path, sheet)[1][0].starts_with("单位："),
            "{sheet} holds no money"
        );
    }
    let feedback = dir.join("out/2022-03/反馈/区建管委.xlsx");
    let cells = sheet_cells(&feedback, "滞后项目");
    assert!(cells[1][0].starts_with("单位：万元"), "{:?}", cells[1]);
    let t = Table::read(&feedback, "滞后项目", "序号");
    assert!(close(
        t.num("项目名称", "乙桥新建", "年度计划投资"),
        1_000.0
    ));
}

/// 区建管委's ledger, an unreadable .et from 区水务局, a README and nothing else.
fn with_unreadable(dir: &Dir) {
    month(dir);
    std::fs::remove_file(dir.join("inbox/区文旅局.xlsx")).unwrap();
    dir.write(
        "inbox/区水务局.et",
        b"\xd0\xcf\x11\xe0 not really a workbook",
    );
    dir.write("inbox/README.md", "本文件夹放各单位台帐".as_bytes());
}

#[test]
fn without_a_roster_an_unreadable_file_is_no_submission_and_nobody_is_said_to_be_missing() {
    let dir = Dir::new();
    with_unreadable(&dir);
    run(&dir, &[]);
    let path = summary(&dir);
    let status = Table::read(&path, "报送情况", "单位");
    assert_eq!(status.get("单位", "区建管委", "是否报送"), "已报送");
    assert_eq!(
        status.get("单位", "区水务局", "是否报送"),
        "无法读取（未计入）"
    );
    assert_eq!(status.get("单位", "区水务局", "文件"), "区水务局.et");
    let files: Vec<&str> = status
        .rows
        .iter()
        .map(|r| r[status.col("文件")].as_str())
        .collect();
    assert!(
        !files.contains(&"README.md"),
        "a README is not a submission: {files:?}"
    );
    assert_eq!(
        status.get("单位", "合计", "是否报送"),
        "收到1家，无法读取1家"
    );
    let cells = sheet_cells(&path, "报送情况");
    assert!(cells[1][0].contains("未设成员单位名册"), "{:?}", cells[1]);

    let by_unit = Table::read(&path, "分单位", "主责单位");
    assert_eq!(by_unit.get("主责单位", "合计", "报送情况"), "1/2家");

    let text = sheet_cells(&path, "汇总").concat().join("");
    assert!(
        text.contains(
            "；共收到1家单位报送的台帐，1家单位报送的文件无法读取、未计入汇总（区水务局）。"
        ),
        "{text}"
    );
    assert!(!text.contains("均已报送"), "{text}");

    // The unit is told the whole file was not counted, and how to resave it.
    let feedback = dir.join("out/2022-03/反馈/区水务局.xlsx");
    let t = Table::read(&feedback, "需修改", "序号");
    let how = t.get("单元格", "", "如何修改");
    assert!(
        how.contains("整个文件未能读取") && how.contains("另存为") && how.contains(".xlsx"),
        "{how}"
    );
    assert_eq!(
        sheet_cells(&feedback, "需修改")[1][0],
        "1个文件无法读取，整个文件未计入汇总"
    );
}

#[test]
fn with_a_roster_the_paragraph_names_who_did_not_submit_and_whose_file_was_unreadable() {
    let dir = Dir::new();
    with_unreadable(&dir);
    let config = format!(
        "{}\n[[roster]]\nname = \"区财政局\"\n\n[[roster]]\nname = \"区建管委\"\n\n[[roster]]\nname = \"区水务局\"\n",
        taizhang::config::DEFAULT_CONFIG
    );
    dir.write("taizhang.toml", config.as_bytes());
    run(&dir, &["--config", "taizhang.toml"]);
    let path = summary(&dir);
    let status = Table::read(&path, "报送情况", "单位");
    let units: Vec<(&str, &str)> = status
        .rows
        .iter()
        .filter(|r| !r[0].is_empty() && r[0] != "注：")
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        units,
        [
            ("区财政局", "未报送"),
            ("区建管委", "已报送"),
            ("区水务局", "无法读取（未计入）"),
            ("合计", "已报1家，未报1家，无法读取1家"),
        ],
        "roster order"
    );
    let text = sheet_cells(&path, "汇总").concat().join("");
    assert!(
        text.contains(
            "；1家单位未报送（区财政局），1家单位报送的文件无法读取、未计入汇总（区水务局）。"
        ),
        "{text}"
    );
}
