//! One test per layout of LEDGER-SPEC section 2: the parsed values (amounts in 亿元, dates,
//! enums) and the exact code and A1 cell of every issue.

use crate::support::{Dir, V::*, assert_rows_conserved, close, header, issue_cells, rows, yi};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Formula};
use taizhang::normalize::values::Deadline;

const CANONICAL: [&str; 12] = [
    "项目编号",
    "项目名称",
    "项目类别",
    "项目性质",
    "结转/新增",
    "建设阶段",
    "主责单位",
    "总投资",
    "年度计划投资",
    "本年累计完成投资",
    "计划开工时间",
    "计划竣工时间",
];

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn triple(inbox: &taizhang::inbox::Inbox, name: &str) -> (f64, f64, f64) {
    let p = inbox
        .projects
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} not counted"));
    (
        yi(p.total_investment),
        yi(p.annual_plan),
        yi(p.ytd_completed),
    )
}

#[test]
fn canonical_header_in_row_one() {
    let dir = Dir::new();
    dir.xlsx("区发改委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        header(ws, 0, &CANONICAL);
        rows(
            ws,
            1,
            &[
                vec![
                    S("PT-001"),
                    S("桃浦中央绿地"),
                    S("市属"),
                    S("正式"),
                    S("续建"),
                    S("在建"),
                    S("区发改委"),
                    N(125000.0),
                    N(23000.0),
                    N(5750.5),
                    S("2021.6"),
                    S("2023年12月"),
                ],
                vec![
                    S("PT-002"),
                    S("真如副中心地块"),
                    S("区属重大工程"),
                    S("预备"),
                    S("新开"),
                    S("前期"),
                    S("区发改委"),
                    N(8000.0),
                    N(0.0),
                    N(0.0),
                    S("2022/5/1"),
                    S("2024-12-31"),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(inbox.projects.len(), 2);
    let p = &inbox.projects[0];
    assert_eq!(
        (p.code.as_deref(), p.category.label(), p.formal.label()),
        (Some("PT-001"), "市属重大工程", "正式项目")
    );
    assert_eq!(
        (
            p.carry.map(taizhang::domain::Carry::label),
            p.stage.map(taizhang::domain::Stage::label)
        ),
        (Some("结转"), Some("在建"))
    );
    assert!(
        close(yi(p.total_investment), 12.5)
            && close(yi(p.annual_plan), 2.3)
            && close(yi(p.ytd_completed), 0.57505)
    );
    assert_eq!(
        (p.planned_start, p.planned_finish),
        (date(2021, 6, 30), date(2023, 12, 31))
    );
    let q = &inbox.projects[1];
    assert_eq!(
        (
            q.formal.label(),
            q.carry.map(taizhang::domain::Carry::label),
            q.planned_start
        ),
        ("预备项目", Some("新增"), date(2022, 5, 1))
    );
    assert_eq!(inbox.ledgers[0].unit, "区发改委");
    assert!(
        issue_cells(&inbox, "区发改委.xlsx").is_empty(),
        "{:?}",
        inbox.issues
    );
}

#[test]
fn title_rows_unit_cell_and_header_further_down() {
    let dir = Dir::new();
    dir.xlsx("ledger-03.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("3月").unwrap();
        ws.merge_range(0, 0, 0, 6, "2022年3月重大项目推进情况表", &Format::new())
            .unwrap();
        rows(
            ws,
            1,
            &[vec![
                S("填报单位：区建管委"),
                E,
                E,
                S("单位：亿元"),
                E,
                S("截至2022年3月31日"),
            ]],
        );
        header(
            ws,
            3,
            &[
                "序号",
                "工程名称",
                "类别",
                "责任单位",
                "项目总投资",
                "2022年计划投资",
                "1-3月完成投资",
            ],
        );
        rows(
            ws,
            4,
            &[vec![
                N(1.0),
                S("苏州河岸线贯通"),
                S("区属"),
                S("区建管委"),
                N(12.5),
                S("2.3"),
                S("0.8"),
            ]],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(
        inbox.ledgers[0].unit, "区建管委",
        "unit from the 填报单位 cell"
    );
    assert_eq!(
        triple(&inbox, "苏州河岸线贯通"),
        (12.5, 2.3, 0.8),
        "amounts in the 单位：亿元 of the sheet"
    );
    assert!(
        issue_cells(&inbox, "ledger-03.xlsx").is_empty(),
        "{:?}",
        inbox.issues
    );

    let other_month = dir.inbox("2022-04");
    let mismatches: Vec<_> = issue_cells(&other_month, "ledger-03.xlsx")
        .into_iter()
        .filter(|i| i.0 == "period-mismatch")
        .collect();
    assert_eq!(
        mismatches,
        [
            ("period-mismatch", "A1"),
            ("period-mismatch", "F2"),
            ("period-mismatch", "G4")
        ]
        .map(|(c, cell)| (c.to_owned(), "3月".to_owned(), cell.to_owned()))
    );
}

#[test]
fn two_row_header_children_inherit_the_parent_unit_and_merged_lead_unit() {
    let dir = Dir::new();
    dir.xlsx("区规划资源局.xlsx", |wb| {
        let ws = wb.add_worksheet();
        let f = Format::new();
        ws.merge_range(0, 0, 1, 0, "项目名称", &f).unwrap();
        ws.merge_range(0, 1, 1, 1, "项目类别", &f).unwrap();
        ws.merge_range(0, 2, 0, 4, "投资情况（万元）", &f).unwrap();
        rows(
            ws,
            1,
            &[vec![
                E,
                E,
                S("总投资"),
                S("年度计划投资"),
                S("本年累计完成投资"),
            ]],
        );
        ws.merge_range(0, 5, 1, 5, "主责单位", &f).unwrap();
        rows(
            ws,
            2,
            &[
                vec![
                    S("长征镇旧改"),
                    S("区属"),
                    N(50000.0),
                    N(10000.0),
                    N(2500.0),
                ],
                vec![
                    S("桃浦镇安置房"),
                    S("区属"),
                    N(30000.0),
                    N(6000.0),
                    N(1500.0),
                ],
                vec![
                    S("曹杨新村更新"),
                    S("市属"),
                    N(20000.0),
                    N(4000.0),
                    N(1000.0),
                ],
            ],
        );
        ws.merge_range(2, 5, 3, 5, "长征镇", &f).unwrap();
        ws.write_string(4, 5, "区规划资源局").unwrap();
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(triple(&inbox, "长征镇旧改"), (5.0, 1.0, 0.25));
    let leads: Vec<&str> = inbox
        .projects
        .iter()
        .map(|p| p.lead_unit.as_str())
        .collect();
    assert_eq!(
        leads,
        ["长征镇", "长征镇", "区规划资源局"],
        "a merged 主责单位 applies to every row it covers"
    );
    assert_eq!(inbox.ledgers[0].sheets[0].header_row, Some(0));
}

#[test]
fn subtotal_and_note_rows_are_skipped_and_cross_checked() {
    let dir = Dir::new();
    dir.xlsx("区交通委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("项目").unwrap();
        header(
            ws,
            0,
            &[
                "项目名称",
                "项目类别",
                "总投资",
                "年度计划投资",
                "本年累计完成投资",
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![S("甲"), S("区属"), N(100.0), N(50.0), N(10.0)],
                vec![S("乙"), S("区属"), N(200.0), N(60.0), N(20.0)],
                vec![S("小计"), E, N(300.0), N(110.0), N(30.0)],
                vec![S("丙"), S("市属"), N(1000.0), N(500.0), N(100.0)],
                vec![S("小计"), E, N(1000.0), N(500.0), N(9999.0)],
                vec![S("合 计"), E, N(1300.0), N(610.0), N(130.0)],
                vec![S("注：金额单位为万元")],
                vec![S("填报人：张三"), E, S("审核人：李四")],
            ],
        );
        ws.write_formula(9, 0, Formula::new("=\"总计\"").set_result("总计"))
            .unwrap();
        ws.write_formula(9, 2, Formula::new("=C7").set_result("1300"))
            .unwrap();
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    let c = inbox.ledgers[0].counts;
    assert_eq!(
        (c.rows_read, c.accepted, c.rejected, c.skipped),
        (9, 3, 0, 6)
    );
    assert_eq!(inbox.projects.len(), 3);
    // 9999 万元 against 100 万元: off by 0.9899 亿元, at the cell that says so.
    assert_eq!(
        issue_cells(&inbox, "区交通委.xlsx"),
        [(
            "subtotal-mismatch".to_owned(),
            "项目".to_owned(),
            "E6".to_owned()
        )]
    );
}

#[test]
fn hidden_rows_and_columns_are_read_blank_rows_and_columns_skipped() {
    let dir = Dir::new();
    dir.xlsx("金泽镇.xlsx", |wb| {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "金泽镇重大项目台帐").unwrap();
        header(
            ws,
            2,
            &[
                "项目名称",
                "项目类别",
                "",
                "总投资",
                "年度计划投资",
                "本年累计完成投资",
            ],
        );
        rows(
            ws,
            3,
            &[
                vec![
                    S("西岑科创中心"),
                    S("区属"),
                    E,
                    N(10000.0),
                    N(3000.0),
                    N(600.0),
                ],
                vec![],
                vec![
                    S("隐藏行项目"),
                    S("市属"),
                    E,
                    N(20000.0),
                    N(5000.0),
                    N(800.0),
                ],
            ],
        );
        ws.set_row_hidden(5).unwrap();
        ws.set_column_hidden(4).unwrap();
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(
        triple(&inbox, "隐藏行项目"),
        (2.0, 0.5, 0.08),
        "hidden rows and the hidden 年度计划 column are read"
    );
    assert_eq!(inbox.projects.len(), 2);
}

#[test]
fn formulas_use_cached_values_and_error_values_reject_the_row() {
    let dir = Dir::new();
    dir.xlsx("区卫健委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("台帐").unwrap();
        header(
            ws,
            0,
            &[
                "项目名称",
                "项目类别",
                "总投资",
                "年度计划投资",
                "本年累计完成投资",
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![S("区中心医院"), S("区属"), N(10000.0), N(2000.0)],
                vec![S("社区卫生中心"), S("区属"), N(5000.0), N(1000.0)],
            ],
        );
        ws.write_formula(1, 4, Formula::new("=D2*0.3").set_result("600"))
            .unwrap();
        ws.write_formula(2, 4, Formula::new("=#REF!*2").set_result("#REF!"))
            .unwrap();
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(triple(&inbox, "区中心医院"), (1.0, 0.2, 0.06));
    assert_eq!(
        issue_cells(&inbox, "区卫健委.xlsx"),
        [("error-cell".to_owned(), "台帐".to_owned(), "E3".to_owned())]
    );
    assert_eq!(inbox.ledgers[0].rejected[0].name, "社区卫生中心");
}

#[test]
fn mixed_units_inline_units_and_written_numbers() {
    let dir = Dir::new();
    dir.xlsx("区商务委.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(
            ws,
            0,
            &[
                "项目名称",
                "项目类别",
                "总投资（亿元）",
                "年度计划投资",
                "本年累计完成投资",
                "本月完成投资",
                "实际开工时间",
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![
                    S("商务区A"),
                    S("区属"),
                    N(1.5),
                    S("3500万"),
                    S("1,234.5"),
                    S("—"),
                    S("2022年3月15日"),
                ],
                vec![
                    S("商务区B"),
                    S("区属"),
                    S("2.5亿"),
                    S("１２３４"),
                    S("0.1亿元"),
                    S("/"),
                    S("2022.3"),
                ],
                vec![S("商务区C"), S("区属"), S("无"), S("10"), S("0")],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(triple(&inbox, "商务区A"), (1.5, 0.35, 0.12345));
    assert_eq!(triple(&inbox, "商务区B"), (2.5, 0.1234, 0.1));
    let a = inbox.projects.iter().find(|p| p.name == "商务区A").unwrap();
    assert_eq!(
        (a.month_completed, a.actual_start),
        (None, date(2022, 3, 15))
    );
    assert_eq!(
        inbox
            .projects
            .iter()
            .find(|p| p.name == "商务区B")
            .unwrap()
            .actual_start,
        date(2022, 3, 31)
    );
    assert_eq!(
        issue_cells(&inbox, "区商务委.xlsx"),
        [(
            "blank-required".to_owned(),
            "Sheet1".to_owned(),
            "C4".to_owned()
        )]
    );
}

#[test]
fn gbk_csv_with_a_header_further_down() {
    let dir = Dir::new();
    let text = "新城公司重大项目台帐,,,,\r\n项目名称,项目类别,总投资,年度计划投资,本年累计完成投资\r\n新城中心,区属,\"1,000\",200,50\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    dir.write("新城公司.csv", &gbk);
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(triple(&inbox, "新城中心"), (0.1, 0.02, 0.005));
    assert_eq!(inbox.ledgers[0].unit, "新城公司");
}

#[test]
fn task_ledger_deadlines_in_every_form() {
    let dir = Dir::new();
    dir.xlsx("区发改委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("工作任务清单").unwrap();
        header(
            ws,
            0,
            &[
                "重点工作事项",
                "具体任务目标",
                "主责部门",
                "配合部门",
                "相关协调推动组",
                "工作完成时限",
                "完成情况",
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![
                    S("甲"),
                    S("完成立项"),
                    S("区发改委"),
                    S("区财政局"),
                    S("重大项目推进组"),
                    S("2022年3月底"),
                    S("推进中"),
                ],
                vec![
                    S("乙"),
                    S("开工"),
                    S("区建管委"),
                    E,
                    E,
                    S("二季度"),
                    S("未启动"),
                ],
                vec![
                    S("丙"),
                    S("常态化巡查"),
                    S("区建管委"),
                    E,
                    E,
                    S("持续推进"),
                    S("推进中"),
                ],
                vec![
                    S("丁"),
                    S("年度评估"),
                    S("区发改委"),
                    E,
                    E,
                    S("年底"),
                    S("进行中"),
                ],
                vec![
                    S("戊"),
                    S("报送"),
                    S("区发改委"),
                    E,
                    E,
                    S("尽快"),
                    S("完成"),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    let deadlines: Vec<&Deadline> = inbox.tasks.iter().map(|t| &t.deadline).collect();
    assert_eq!(
        deadlines,
        [
            &Deadline::Date(date(2022, 3, 31).unwrap()),
            &Deadline::Date(date(2022, 6, 30).unwrap()),
            &Deadline::Ongoing,
            &Deadline::Date(date(2022, 12, 31).unwrap()),
            &Deadline::Unknown("尽快".into()),
        ]
    );
    let status: Vec<Option<&str>> = inbox
        .tasks
        .iter()
        .map(|t| t.status.map(taizhang::domain::TaskStatus::label))
        .collect();
    assert_eq!(
        status,
        [
            Some("推进中"),
            Some("未启动"),
            Some("推进中"),
            Some("推进中"),
            Some("已完成")
        ]
    );
    assert_eq!(
        issue_cells(&inbox, "区发改委.xlsx"),
        [(
            "bad-date".to_owned(),
            "工作任务清单".to_owned(),
            "F6".to_owned()
        )]
    );
}

#[test]
fn every_cell_issue_at_its_cell() {
    use taizhang::issue::Severity::{Error, Warning};
    let dir = Dir::new();
    dir.xlsx("区交通委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        header(
            ws,
            0,
            &[
                "项目编号",
                "项目名称",
                "项目类别",
                "建设阶段",
                "总投资",
                "年度计划投资",
                "本年累计完成投资",
                "计划开工",
                "计划竣工",
                "备用列",
                "总投资",
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![
                    S("A1"),
                    S("坏数字"),
                    S("区属"),
                    S("在建"),
                    N(100.0),
                    S("12..5"),
                    N(1.0),
                ],
                vec![
                    S("A2"),
                    S("负数"),
                    S("区属"),
                    S("在建"),
                    N(100.0),
                    N(10.0),
                    N(-1.0),
                ],
                vec![S("A3"), E, S("区属"), S("在建"), N(100.0), N(10.0), N(1.0)],
                vec![
                    S("A4"),
                    S("类别不明"),
                    S("市区共建"),
                    S("在建"),
                    N(100.0),
                    N(10.0),
                    N(1.0),
                ],
                vec![
                    S("A5"),
                    S("阶段不明"),
                    S("区属"),
                    S("施工中"),
                    N(100.0),
                    N(10.0),
                    N(1.0),
                    S("下个月"),
                ],
                vec![
                    S("A6"),
                    S("计划超总投资"),
                    S("区属"),
                    S("在建"),
                    N(100.0),
                    N(200.0),
                    N(300.0),
                    S("2022-06-01"),
                    S("2022-01-01"),
                ],
                vec![
                    S("A7"),
                    S("总投资为空"),
                    S("区属"),
                    S("在建"),
                    E,
                    N(10.0),
                    N(1.0),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    let cells: Vec<(String, String)> = issue_cells(&inbox, "区交通委.xlsx")
        .into_iter()
        .map(|(c, _, cell)| (c, cell))
        .collect();
    let expected = [
        ("unknown-column", "J1"),
        ("duplicate-column", "K1"),
        ("bad-number", "F2"),
        ("negative-amount", "G3"),
        ("blank-required", "B4"),
        ("bad-enum", "C5"),
        ("bad-enum", "D6"),
        ("bad-date", "H6"),
        ("plan-exceeds-total", "F7"),
        ("ytd-exceeds-total", "G7"),
        ("date-order", "I7"),
        ("blank-required", "E8"),
    ]
    .map(|(c, cell)| (c.to_owned(), cell.to_owned()));
    assert_eq!(cells, expected);
    let counted: Vec<&str> = inbox.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        counted,
        ["阶段不明", "计划超总投资"],
        "warnings keep the row, errors reject it"
    );
    assert_eq!(inbox.ledgers[0].counts.rejected, 5);
    let severity = |code: &str| {
        inbox
            .issues
            .iter()
            .filter(|i| i.code.as_str() == code)
            .map(|i| i.severity)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        severity("bad-enum"),
        [Error, Warning],
        "the category rejects the row, the stage does not"
    );
}

#[test]
fn missing_columns_no_ledger_sheets_unreadable_and_skipped_files() {
    let dir = Dir::new();
    dir.xlsx("缺列.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(ws, 0, &["项目名称", "项目类别", "总投资"]);
        rows(ws, 1, &[vec![S("甲"), S("区属"), N(1.0)]]);
    });
    dir.xlsx("说明.xlsx", |wb| {
        wb.add_worksheet()
            .set_name("填表说明")
            .unwrap()
            .write_string(0, 0, "请按模板填写")
            .unwrap();
    });
    dir.write("区水务局.et", b"\xd0\xcf\x11\xe0 WPS");
    dir.write("~$区建管委.xlsx", b"lock");
    dir.write(
        "导出.xls",
        b"<html><body><table><tr><td>1</td></tr></table></body></html>",
    );
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    let codes = |file: &str| {
        inbox
            .issues
            .iter()
            .filter(|i| i.file == file)
            .map(|i| (i.code.as_str(), i.cell.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes("缺列.xlsx"), [("missing-column", "A1")]);
    assert!(
        inbox
            .issues
            .iter()
            .any(|i| i.file == "缺列.xlsx" && i.message.contains("年度计划投资、本年累计完成投资"))
    );
    assert_eq!(
        inbox
            .ledgers
            .iter()
            .find(|l| l.file == "缺列.xlsx")
            .unwrap()
            .counts
            .rejected,
        1
    );
    assert_eq!(codes("说明.xlsx"), [("no-ledger-sheet", "")]);
    assert_eq!(codes("区水务局.et"), [("file-unreadable", "")]);
    assert_eq!(codes("~$区建管委.xlsx"), [("file-skipped", "")]);
    // An HTML table saved as .xls is read (as sheet 表1), and holds no ledger.
    assert_eq!(codes("导出.xls"), [("no-ledger-sheet", "")]);
    assert!(
        inbox
            .issues
            .iter()
            .any(|i| i.file == "导出.xls" && i.message.contains("表1"))
    );
}

#[test]
fn a_project_in_two_files_is_counted_once_by_its_lead_unit() {
    let dir = Dir::new();
    for (file, lead) in [("区交通委.xlsx", "区建管委"), ("区建管委.xlsx", "区建管委")]
    {
        dir.xlsx(file, |wb| {
            let ws = wb.add_worksheet();
            header(
                ws,
                0,
                &[
                    "项目编号",
                    "项目名称",
                    "项目类别",
                    "主责单位",
                    "总投资",
                    "年度计划投资",
                    "本年累计完成投资",
                ],
            );
            rows(
                ws,
                1,
                &[vec![
                    S("PT-010"),
                    S("真北路改建"),
                    S("区属"),
                    S(lead),
                    N(1000.0),
                    N(100.0),
                    N(10.0),
                ]],
            );
            // A packaged project split by lead unit: same name, other code and lead unit.
            rows(
                ws,
                2,
                &[vec![
                    S(if file.starts_with("区交通委") {
                        "PT-011"
                    } else {
                        "PT-012"
                    }),
                    S("苏州河贯通"),
                    S("区属"),
                    S(&file[..file.len() - 5]),
                    N(10.0),
                    N(1.0),
                    N(0.5),
                ]],
            );
        });
    }
    let inbox = dir.inbox("2022-03");
    let dup: Vec<_> = inbox
        .issues
        .iter()
        .filter(|i| i.code.as_str() == "duplicate-project")
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(
        (dup[0].file.as_str(), dup[0].cell.as_str()),
        ("区交通委.xlsx", "B2")
    );
    let counted: Vec<(&str, &str)> = inbox
        .projects
        .iter()
        .map(|p| (p.name.as_str(), p.unit.as_str()))
        .collect();
    assert_eq!(
        counted
            .iter()
            .filter(|(n, _)| *n == "真北路改建")
            .collect::<Vec<_>>(),
        [&("真北路改建", "区建管委")]
    );
    assert_eq!(
        counted.iter().filter(|(n, _)| *n == "苏州河贯通").count(),
        2
    );
}

/// The same ledger saved as .xlsx, .xlsm, .xls and .ods reads to the same rows.
#[test]
fn xls_ods_and_xlsm_read_like_xlsx() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let rows_of = |path: &std::path::Path| {
        let dir = Dir::new();
        std::fs::copy(path, dir.join(path.file_name().unwrap().to_str().unwrap())).unwrap();
        let inbox = dir.inbox("2022-03");
        assert_rows_conserved(&inbox);
        assert!(
            inbox.issues.is_empty(),
            "{}: {:?}",
            path.display(),
            inbox.issues
        );
        inbox
            .projects
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.category,
                    p.total_investment,
                    p.annual_plan,
                    p.ytd_completed,
                )
            })
            .collect::<Vec<_>>()
    };
    let xlsx = rows_of(&root.join("samples/区规划资源局.xlsx"));
    assert_eq!(xlsx.len(), 8);
    for ext in ["xlsm", "xls", "ods"] {
        assert_eq!(
            rows_of(&root.join(format!("tests/data/区规划资源局.{ext}"))),
            xlsx,
            "{ext}"
        );
    }
}

/// A parent header written once over its children without a merge (as .ods and hand-made
/// sheets give it): the children still take its unit.
#[test]
fn unmerged_parent_header_still_gives_its_unit() {
    let dir = Dir::new();
    dir.xlsx("区商务委.xlsx", |wb| {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "2022年3月重大项目推进情况表")
            .unwrap();
        rows(
            ws,
            1,
            &[vec![
                S("项目名称"),
                S("项目类别"),
                S("投资（亿元）"),
                E,
                E,
                S("主责单位"),
            ]],
        );
        rows(
            ws,
            2,
            &[vec![
                E,
                E,
                S("总投资"),
                S("年度计划投资"),
                S("本年累计完成投资"),
            ]],
        );
        rows(
            ws,
            3,
            &[vec![
                S("商务区D"),
                S("区属"),
                N(3.5),
                N(1.25),
                N(0.5),
                S("区商务委"),
            ]],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(triple(&inbox, "商务区D"), (3.5, 1.25, 0.5));
    assert_eq!(inbox.ledgers[0].sheets[0].header_row, Some(1));
    assert!(inbox.issues.is_empty(), "{:?}", inbox.issues);
}

/// An output folder inside the inbox is listed, never read back as a submission.
#[test]
fn output_folders_in_the_inbox_are_listed_not_read() {
    let dir = Dir::new();
    dir.xlsx("out/2022-03/重大项目汇总_2022-03.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(
            ws,
            0,
            &[
                "项目名称",
                "项目类别",
                "总投资",
                "年度计划投资",
                "本年累计完成投资",
            ],
        );
        rows(ws, 1, &[vec![S("甲"), S("区属"), N(1.0), N(1.0), N(1.0)]]);
    });
    let inbox = dir.inbox("2022-03");
    assert!(inbox.projects.is_empty());
    assert_eq!(
        issue_cells(&inbox, "out/"),
        [("file-skipped".to_owned(), String::new(), String::new())]
    );
}
