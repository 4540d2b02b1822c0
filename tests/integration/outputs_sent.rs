//! What goes out to the units as it is: 反馈 instructions in words, the task workbook's columns
//! and a template that is never overwritten silently. The real binary on ledgers built in code.

use crate::outputs::{HEADER, run};
use crate::run_cli::month;
use crate::support::{Dir, Table, V::*, header, rows, sheet_cells, taizhang};

#[test]
fn feedback_tells_each_unit_how_to_fix_each_cell() {
    let dir = Dir::new();
    month(&dir);
    dir.xlsx("inbox/区水务局.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        header(ws, 0, &HEADER);
        rows(
            ws,
            1,
            &[
                vec![
                    S("PT-8"),
                    S("辛闸"),
                    S("区属"),
                    S("正式"),
                    S("区水务局"),
                    N(-5.0),
                    N(100.0),
                    N(30.0),
                ],
                vec![
                    S("PT-9"),
                    S("壬河"),
                    S("市区"),
                    S("正式"),
                    S("区水务局"),
                    N(500.0),
                    N(100.0),
                    N(30.0),
                ],
                vec![
                    S("PT-10"),
                    E,
                    S("区属"),
                    S("正式"),
                    S("区水务局"),
                    N(500.0),
                    N(100.0),
                    N(30.0),
                ],
            ],
        );
    });
    run(&dir, &[]);
    let t = Table::read(
        &dir.join("out/2022-03/反馈/区水务局.xlsx"),
        "需修改",
        "序号",
    );
    let how = |cell: &str| t.get("单元格", cell, "如何修改");
    assert_eq!(how("F2"), "请将F2改为不小于0的金额");
    assert_eq!(
        how("C3"),
        "请从下拉列表选择C3的项目类别：市属重大工程、区属重大工程、区属重点预备项目"
    );
    assert_eq!(how("B4"), "请在B4填写项目名称");
    assert_eq!(
        t.get("单元格", "C3", "原值"),
        "市区",
        "the value as written"
    );
    let t = Table::read(
        &dir.join("out/2022-03/反馈/区文旅局.xlsx"),
        "需修改",
        "序号",
    );
    assert!(
        t.get("单元格", "H4", "如何修改")
            .starts_with("请将H4改为数字金额"),
        "{:?}",
        t.row("单元格", "H4")
    );
}

#[test]
fn task_workbook_has_no_helper_columns_and_targets_go_to_the_project_group() {
    let dir = Dir::new();
    month(&dir);
    run(&dir, &[]);
    let path = dir.join("out/2022-03/季度工作任务单_2022Q1.xlsx");
    let all = Table::read(&path, "全部", "序号");
    assert_eq!(
        all.headers[..8],
        [
            "序号",
            "主责部门",
            "重点工作事项",
            "具体任务目标",
            "配合部门",
            "相关协调推动组",
            "工作完成时限",
            "完成情况"
        ]
    );
    assert!(!all.headers.contains(&"类型".to_owned()));
    assert_eq!(
        all.get("重点工作事项", "甲路改建", "相关协调推动组"),
        "重大项目推进组"
    );
    let one = Table::read(&path, "区建管委", "序号");
    assert!(
        !one.headers.contains(&"主责部门".to_owned()),
        "{:?}",
        one.headers
    );
    assert_eq!(one.get("重点工作事项", "任务C", "工作完成时限"), "持续推进");
}

#[test]
fn template_is_never_overwritten_without_force() {
    let dir = Dir::new();
    let (code, _, err) = taizhang(&["template", "--out", "模板.xlsx"], dir.path());
    assert_eq!(code, 0, "{err}");
    std::fs::write(dir.join("模板.xlsx"), b"a unit's filled-in ledger").unwrap();
    let (code, _, err) = taizhang(&["template", "--out", "模板.xlsx"], dir.path());
    assert_eq!(code, 2);
    assert!(
        err.contains("模板.xlsx") && err.contains("已存在") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dir.join("模板.xlsx")).unwrap(),
        b"a unit's filled-in ledger"
    );
    let (code, _, err) = taizhang(&["template", "--out", "模板.xlsx", "--force"], dir.path());
    assert_eq!(code, 0, "{err}");
    let cells = sheet_cells(&dir.join("模板.xlsx"), "重大项目");
    assert!(cells[0][0].starts_with("重大项目推进情况表"));
    assert_eq!(cells[1][1], "项目名称");
}
