//! Layouts as offices really make them (LEDGER-SPEC 3A): each test builds the workbook in
//! code and asserts the projects counted, their amounts to the cent, their categories and
//! flags, and the issue codes with their cells.

use crate::support::{Dir, V::*, assert_rows_conserved, header, issue_cells, rows};
use taizhang::domain::{Category, Formality};
use taizhang::inbox::Inbox;

fn fen(inbox: &Inbox, name: &str) -> (i64, i64, i64) {
    let p = project(inbox, name);
    (
        p.total_investment.fen(),
        p.annual_plan.fen(),
        p.ytd_completed.fen(),
    )
}

fn project<'a>(inbox: &'a Inbox, name: &str) -> &'a taizhang::normalize::ProjectRow {
    inbox
        .projects
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} not counted: {:?}", inbox.issues))
}

/// 万元 in fen.
fn wan(n: i64) -> i64 {
    n * 1_000_000
}

const HEAD: [&str; 6] = [
    "序号",
    "项目名称",
    "主责单位",
    "总投资",
    "年度计划投资",
    "本年累计完成投资",
];

/// 3A.1: categories and formality as heading rows, with counts and amounts checked.
#[test]
fn heading_rows_set_category_and_formality() {
    let dir = Dir::new();
    dir.xlsx("区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("台帐").unwrap();
        ws.write_string(0, 0, "2022年3月重大项目推进情况表")
            .unwrap();
        header(ws, 1, &HEAD);
        rows(
            ws,
            2,
            &[
                vec![
                    S("一、市属重大工程（2个）"),
                    E,
                    E,
                    N(300.0),
                    N(60.0),
                    N(15.0),
                ],
                vec![S("（一）正式项目（2个）")],
                vec![
                    N(1.0),
                    S("真北路改建"),
                    S("区建管委"),
                    N(100.0),
                    N(20.0),
                    N(5.0),
                ],
                vec![
                    N(2.0),
                    S("桃浦绿地"),
                    S("区建管委"),
                    N(200.0),
                    N(40.0),
                    N(10.0),
                ],
                vec![S("二"), S("区属重大工程（3个）"), E, N(900.0)],
                vec![
                    N(1.0),
                    S("长风公园"),
                    S("区绿化局"),
                    N(50.0),
                    N(10.0),
                    N(2.0),
                ],
                vec![S("（一）"), S("预备项目")],
                vec![
                    N(2.0),
                    S("曹杨新村"),
                    S("区房管局"),
                    N(30.0),
                    N(0.0),
                    N(0.0),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(inbox.projects.len(), 4, "{:?}", inbox.issues);
    let cat = |n: &str| (project(&inbox, n).category, project(&inbox, n).formal);
    assert_eq!(cat("真北路改建"), (Category::CityMajor, Formality::Formal));
    assert_eq!(cat("桃浦绿地"), (Category::CityMajor, Formality::Formal));
    assert_eq!(
        cat("长风公园"),
        (Category::DistrictMajor, Formality::Formal)
    );
    assert_eq!(
        cat("曹杨新村"),
        (Category::DistrictMajor, Formality::Preliminary)
    );
    assert_eq!(fen(&inbox, "桃浦绿地"), (wan(200), wan(40), wan(10)));
    // 二、区属 states 3 projects and 900 万元 total: it has 2 rows and 80 万元.
    assert_eq!(
        issue_cells(&inbox, "区建管委.xlsx"),
        [
            ("section-mismatch".into(), "台帐".into(), "B7".into()),
            ("section-mismatch".into(), "台帐".into(), "D7".into()),
        ]
    );
    let l = &inbox.ledgers[0];
    assert_eq!((l.counts.accepted, l.counts.skipped), (4, 4));
}

/// 3A.1: a category column beats the heading; a conflict is a warning at the cell.
#[test]
fn column_value_beats_heading() {
    let dir = Dir::new();
    dir.xlsx("区发改委.xlsx", |wb| {
        let ws = wb.add_worksheet();
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
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![S("一、市属重大工程")],
                vec![S("真北路改建"), E, S("区发改委"), N(100.0), N(20.0), N(5.0)],
                vec![
                    S("桃浦绿地"),
                    S("区属"),
                    S("区发改委"),
                    N(1.5),
                    N(0.5),
                    N(0.25),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_eq!(inbox.projects.len(), 2);
    assert_eq!(project(&inbox, "真北路改建").category, Category::CityMajor);
    assert_eq!(
        project(&inbox, "桃浦绿地").category,
        Category::DistrictMajor
    );
    assert_eq!(fen(&inbox, "桃浦绿地"), (1_500_000, 500_000, 250_000));
    assert_eq!(
        issue_cells(&inbox, "区发改委.xlsx"),
        [("section-mismatch".into(), "Sheet1".into(), "B4".into())]
    );
}

/// 3A.1: a sheet named for a category is the context of its rows; without any context a sheet
/// lacking the category column is still refused whole.
#[test]
fn sheet_name_gives_the_category() {
    let dir = Dir::new();
    let data = |ws: &mut rust_xlsxwriter::Worksheet| {
        header(ws, 0, &HEAD);
        rows(
            ws,
            1,
            &[vec![
                N(1.0),
                S("真北路改建"),
                S("区建管委"),
                N(100.0),
                N(20.0),
                N(5.0),
            ]],
        );
    };
    dir.xlsx("区建管委.xlsx", |wb| {
        data(wb.add_worksheet().set_name("市属项目").unwrap());
    });
    dir.xlsx("区绿化局.xlsx", |wb| {
        data(wb.add_worksheet().set_name("项目").unwrap());
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(inbox.projects.len(), 1);
    assert_eq!(inbox.projects[0].category, Category::CityMajor);
    assert_eq!(inbox.projects[0].unit.as_ref(), "区建管委");
    assert_eq!(
        issue_cells(&inbox, "区绿化局.xlsx"),
        [("missing-column".into(), "项目".into(), "A1".into())]
    );
}

/// 3A.4: scientific notation, footnote marks and approximations are read; a range is refused.
#[test]
fn number_notations() {
    let dir = Dir::new();
    dir.xlsx("区交通委.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(
            ws,
            0,
            &[
                "项目名称",
                "项目类别",
                "主责单位",
                "总投资（元）",
                "年度计划投资（万元）",
                "本年累计完成投资（万元）",
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![
                    S("真北路改建"),
                    S("市属"),
                    S("区交通委"),
                    S("1.256E9"),
                    S("1200*"),
                    S("300①"),
                ],
                vec![
                    S("桃浦绿地"),
                    S("市属"),
                    S("区交通委"),
                    S("约5亿"),
                    S("3000余万"),
                    S("近200"),
                ],
                vec![
                    S("长风公园"),
                    S("市属"),
                    S("区交通委"),
                    S("5-8亿"),
                    N(10.0),
                    N(1.0),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(inbox.projects.len(), 2);
    assert_eq!(
        fen(&inbox, "真北路改建"),
        (125_600_000_000, wan(1200), wan(300))
    );
    assert_eq!(fen(&inbox, "桃浦绿地"), (wan(50_000), wan(3000), wan(200)));
    assert_eq!(
        issue_cells(&inbox, "区交通委.xlsx"),
        [
            ("estimated-amount".into(), "Sheet1".into(), "D3".into()),
            ("estimated-amount".into(), "Sheet1".into(), "E3".into()),
            ("estimated-amount".into(), "Sheet1".into(), "F3".into()),
            ("bad-number".into(), "Sheet1".into(), "D4".into()),
        ]
    );
    assert_eq!(inbox.ledgers[0].rejected[0].name, "长风公园");
}

/// 3A.2 and 3A.3: a header tree whose children are named only by their parents, money units
/// in a unit row under the header (that row is no data).
#[test]
fn header_tree_and_unit_row() {
    let dir = Dir::new();
    dir.xlsx("区水务局.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        let m = rust_xlsxwriter::Format::new();
        ws.merge_range(0, 0, 1, 0, "项目名称", &m).unwrap();
        ws.merge_range(0, 1, 1, 1, "项目类别", &m).unwrap();
        ws.merge_range(0, 2, 1, 2, "主责单位", &m).unwrap();
        ws.merge_range(0, 3, 1, 3, "总投资", &m).unwrap();
        ws.merge_range(0, 4, 0, 5, "2022年计划", &m).unwrap();
        ws.merge_range(0, 6, 0, 7, "1-3月完成情况", &m).unwrap();
        ws.merge_range(0, 8, 1, 8, "截至上年底累计完成投资", &m)
            .unwrap();
        rows(
            ws,
            1,
            &[
                vec![
                    E,
                    E,
                    E,
                    E,
                    S("投资"),
                    S("形象进度"),
                    S("投资"),
                    S("形象进度"),
                ],
                vec![
                    E,
                    E,
                    E,
                    S("（亿元）"),
                    S("（万元）"),
                    E,
                    S("（万元）"),
                    E,
                    S("（万元）"),
                ],
                vec![
                    S("苏州河贯通"),
                    S("市属"),
                    S("区水务局"),
                    N(12.5),
                    N(8000.0),
                    S("全线贯通"),
                    N(2100.25),
                    S("东段完成"),
                    N(30000.0),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(inbox.projects.len(), 1, "{:?}", inbox.issues);
    let p = project(&inbox, "苏州河贯通");
    assert_eq!(
        fen(&inbox, "苏州河贯通"),
        (125_000_000_000, wan(8000), 2_100_250_000)
    );
    assert_eq!(
        p.prior_completed.map(taizhang::domain::Money::fen),
        Some(wan(30000))
    );
    assert_eq!(p.annual_target.as_deref(), Some("全线贯通"));
    assert_eq!(p.progress.as_deref(), Some("东段完成"));
    assert_eq!(issue_cells(&inbox, "区水务局.xlsx"), []);
    let l = &inbox.ledgers[0];
    assert_eq!(
        (l.counts.rows_read, l.counts.accepted, l.counts.skipped),
        (1, 1, 0)
    );
}

/// 3A.7: a 总投资 merged over the two rows of a split package counts once; 3A.5: a
/// 建设起止年限 column gives the planned start and finish (a year alone: its last day).
#[test]
fn merged_amount_and_construction_span() {
    let dir = Dir::new();
    dir.xlsx("区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet();
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
                "建设起止年限",
                "建设阶段",
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![
                    S("真如环线"),
                    S("市属"),
                    S("区建管委"),
                    E,
                    N(300.0),
                    N(50.0),
                    S("2021-2024"),
                    S("在建"),
                ],
                vec![
                    S("真如环线"),
                    S("市属"),
                    S("区交通委"),
                    E,
                    N(200.0),
                    N(20.0),
                    S("2021-2024"),
                    S("在建"),
                ],
                vec![
                    S("武宁路桥"),
                    S("区属"),
                    S("区建管委"),
                    N(900.0),
                    N(100.0),
                    N(10.0),
                    S("2022.3—2022.12"),
                    S("前期"),
                ],
            ],
        );
        let m = rust_xlsxwriter::Format::new();
        ws.merge_range(1, 3, 2, 3, "", &m).unwrap();
        ws.write_number(1, 3, 5000.0).unwrap();
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(inbox.projects.len(), 3, "{:?}", inbox.issues);
    let total: i64 = inbox
        .projects
        .iter()
        .map(|p| p.total_investment.fen())
        .sum();
    assert_eq!(total, wan(5000 + 900));
    assert_eq!(inbox.projects[0].total_investment.fen(), wan(5000));
    assert_eq!(inbox.projects[1].total_investment.fen(), 0);
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd);
    assert_eq!(
        (
            inbox.projects[0].planned_start,
            inbox.projects[0].planned_finish
        ),
        (d(2021, 12, 31), d(2024, 12, 31))
    );
    let wuning = project(&inbox, "武宁路桥");
    assert_eq!(
        (wuning.planned_start, wuning.planned_finish),
        (d(2022, 3, 31), d(2022, 12, 31))
    );
    assert_eq!(
        issue_cells(&inbox, "区建管委.xlsx"),
        [("merged-amount".into(), "Sheet1".into(), "D2".into())]
    );
}

/// Section 4: task status and deadline spellings real offices write.
#[test]
fn task_status_and_deadline_spellings() {
    use taizhang::domain::TaskStatus;
    use taizhang::normalize::values::Deadline;
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
                "工作完成时限",
                "完成情况",
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![
                    S("优化营商环境"),
                    S("出台实施方案"),
                    S("区发改委"),
                    S("6月30日前"),
                    S("已完成（3月15日）"),
                ],
                vec![
                    S("城市更新"),
                    S("启动两个地块"),
                    S("区发改委"),
                    S("2022年二季度"),
                    S("序时推进"),
                ],
                vec![
                    S("安全生产"),
                    S("每月检查"),
                    S("区发改委"),
                    S("每月"),
                    S("尚未启动"),
                ],
                vec![
                    S("招商引资"),
                    S("签约五个项目"),
                    S("区发改委"),
                    S("二季度末"),
                    S("已办结"),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(issue_cells(&inbox, "区发改委.xlsx"), []);
    let got: Vec<(Deadline, Option<TaskStatus>)> = inbox
        .tasks
        .iter()
        .map(|t| (t.deadline.clone(), t.status))
        .collect();
    let date = |m, d| Deadline::Date(chrono::NaiveDate::from_ymd_opt(2022, m, d).unwrap());
    assert_eq!(
        got,
        [
            (date(6, 30), Some(TaskStatus::Done)),
            (date(6, 30), Some(TaskStatus::InProgress)),
            (Deadline::Ongoing, Some(TaskStatus::NotStarted)),
            (date(6, 30), Some(TaskStatus::Done)),
        ]
    );
}

/// 3A.3: no unit stated anywhere and the amounts implausible in the default 万元: the sheet is
/// warned about by name (`unit-suspect`), never totalled silently.
#[test]
fn implausible_amounts_without_unit_are_suspect() {
    let dir = Dir::new();
    dir.xlsx("区商务委.xlsx", |wb| {
        let ws = wb.add_worksheet();
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
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![
                    S("真如商圈"),
                    S("市属"),
                    S("区商务委"),
                    N(0.5),
                    N(0.1),
                    N(0.02),
                ],
                vec![
                    S("长寿商圈"),
                    S("区属"),
                    S("区商务委"),
                    N(0.8),
                    N(0.2),
                    N(0.05),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_eq!(inbox.projects.len(), 2);
    assert_eq!(fen(&inbox, "真如商圈"), (500_000, 100_000, 20_000));
    assert_eq!(
        issue_cells(&inbox, "区商务委.xlsx"),
        [("unit-suspect".into(), "Sheet1".into(), "D1".into())]
    );
}

/// 3A.10: `check --explain` shows the header rows, each column's field and unit with its
/// source, the headings and the context they gave, and each row counted, skipped or rejected.
#[test]
fn check_explain_end_to_end() {
    let dir = Dir::new();
    dir.xlsx("区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("台帐").unwrap();
        ws.write_string(0, 0, "单位：万元").unwrap();
        header(
            ws,
            1,
            &[
                "序号",
                "项目名称",
                "主责单位",
                "总投资（亿元）",
                "年度计划投资",
                "本年累计完成投资",
                "备注栏",
            ],
        );
        rows(
            ws,
            2,
            &[
                vec![S("一、市属重大工程（1个）")],
                vec![
                    N(1.0),
                    S("真北路改建"),
                    S("区建管委"),
                    N(1.5),
                    N(2000.0),
                    N(500.0),
                ],
                vec![
                    N(2.0),
                    S("桃浦绿地"),
                    S("区建管委"),
                    S("待定"),
                    N(20.0),
                    N(5.0),
                ],
                vec![S("合计"), E, E, N(1.5), N(2020.0), N(505.0)],
            ],
        );
    });
    let (code, out, err) = crate::support::taizhang(
        &["check", "--explain", "区建管委.xlsx", "--period", "2022-03"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    for line in [
        "工作表“台帐”：项目台帐，表头在第2行",
        "B列“项目名称” → 项目名称",
        "D列“总投资（亿元）” → 总投资，单位亿元（表头）",
        "E列“年度计划投资” → 年度计划投资，单位万元（表上方“单位：”）",
        "G列“备注栏”：不是标准列，作为附加信息保留",
        "第3行：分类标题“一、市属重大工程（1个）”，其下各行项目类别＝市属重大工程；不计为项目",
        "第4行：计入“真北路改建”",
        "第5行：不计入：D5：“总投资”的值“待定”不是有效金额",
        "第6行：合计/小计行，跳过（用于核对）",
        "合计：读取4行，计入1行，不计入1行，跳过2行",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
}

/// 3A.9: month columns give the year to date and the month's completion; with a 本年累计
/// column as well they are cross-checked.
#[test]
fn month_columns() {
    let dir = Dir::new();
    let fill = |ws: &mut rust_xlsxwriter::Worksheet, with_ytd: bool, lead: &'static str| {
        ws.write_string(0, 0, "2022年1-3月重大项目推进情况")
            .unwrap();
        let mut head = vec!["项目名称", "项目类别", "主责单位", "总投资", "年度计划投资"];
        if with_ytd {
            head.push("本年累计完成投资");
        }
        head.extend(["1月", "2月", "3月", "4月"]);
        header(ws, 1, &head);
        let mut row = vec![S("真北路改建"), S("市属"), S(lead), N(9000.0), N(2400.0)];
        if with_ytd {
            row.push(N(700.0));
        }
        row.extend([N(100.0), N(200.0), N(300.0)]);
        rows(ws, 2, &[row]);
    };
    dir.xlsx("区建管委.xlsx", |wb| {
        fill(wb.add_worksheet(), false, "区建管委");
    });
    dir.xlsx("区交通委.xlsx", |wb| {
        fill(wb.add_worksheet(), true, "区交通委");
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    let by_unit = |u: &str| {
        inbox
            .projects
            .iter()
            .find(|p| p.unit.as_ref() == u)
            .unwrap_or_else(|| panic!("{u}: {:?}", inbox.issues))
    };
    let p = by_unit("区建管委");
    assert_eq!(p.ytd_completed.fen(), wan(600));
    assert_eq!(
        p.month_completed.map(taizhang::domain::Money::fen),
        Some(wan(300))
    );
    assert_eq!(issue_cells(&inbox, "区建管委.xlsx"), []);
    assert_eq!(by_unit("区交通委").ytd_completed.fen(), wan(700));
    assert_eq!(
        issue_cells(&inbox, "区交通委.xlsx"),
        [("month-mismatch".into(), "Sheet1".into(), "F3".into())]
    );
}

/// 3A.6: a package whose sub-items carry amounts is their subtotal (checked, not counted); a
/// package whose sub-items carry none is the project, its sub-items skipped.
#[test]
fn packages_count_their_money_once() {
    let dir = Dir::new();
    dir.xlsx("区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(
            ws,
            0,
            &[
                "序号",
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
            &[
                vec![
                    N(1.0),
                    S("城市更新打包项目"),
                    S("区属"),
                    S("区建管委"),
                    N(1000.0),
                    N(300.0),
                    N(90.0),
                ],
                vec![
                    S("1.1"),
                    S("曹杨新村更新"),
                    S("区属"),
                    S("区建管委"),
                    N(600.0),
                    N(200.0),
                    N(60.0),
                ],
                vec![
                    S("1.2"),
                    S("石泉路更新"),
                    S("区属"),
                    S("区建管委"),
                    N(300.0),
                    N(100.0),
                    N(30.0),
                ],
                vec![
                    N(2.0),
                    S("道路打包项目"),
                    S("市属"),
                    S("区建管委"),
                    N(500.0),
                    N(100.0),
                    N(20.0),
                ],
                vec![S("（1）"), S("真北路段")],
                vec![S("（2）"), S("武宁路段")],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    let names: Vec<&str> = inbox.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["曹杨新村更新", "石泉路更新", "道路打包项目"]);
    let total: i64 = inbox
        .projects
        .iter()
        .map(|p| p.total_investment.fen())
        .sum();
    assert_eq!(total, wan(600 + 300 + 500));
    // The package states 1000 万元 of 总投资; its sub-items add to 900.
    assert_eq!(
        issue_cells(&inbox, "区建管委.xlsx"),
        [("subtotal-mismatch".into(), "Sheet1".into(), "E2".into())]
    );
    let c = inbox.ledgers[0].counts;
    assert_eq!((c.rows_read, c.accepted, c.skipped), (6, 3, 3));
}

/// 3A.8: a comparison sheet with a 计划 row and a 实际 row per project, told apart by a column
/// headed `类型`: each pair is one project, plans from the plan row, completions from the
/// actual row.
#[test]
fn plan_and_actual_rows_are_one_project() {
    let dir = Dir::new();
    dir.xlsx("区卫健委.xlsx", |wb| {
        let ws = wb
            .add_worksheet()
            .set_name("市属项目计划与实际对比")
            .unwrap();
        header(
            ws,
            0,
            &[
                "项目名称",
                "类型",
                "主责单位",
                "总投资",
                "年度计划投资",
                "本年累计完成投资",
                "形象进度",
            ],
        );
        rows(
            ws,
            1,
            &[
                vec![
                    S("区中心医院"),
                    S("计划"),
                    S("区卫健委"),
                    N(8000.0),
                    N(1200.0),
                    N(300.0),
                    S("主体封顶"),
                ],
                vec![
                    S("区中心医院"),
                    S("实际"),
                    S("区卫健委"),
                    E,
                    E,
                    N(250.0),
                    S("地下室完成"),
                ],
                vec![
                    S("社区卫生中心"),
                    S("计划"),
                    S("区卫健委"),
                    N(900.0),
                    N(200.0),
                    N(50.0),
                    S("竣工"),
                ],
                vec![
                    S("社区卫生中心"),
                    S("完成"),
                    S("区卫健委"),
                    E,
                    E,
                    N(60.0),
                    S("装修"),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(inbox.projects.len(), 2, "{:?}", inbox.issues);
    assert_eq!(fen(&inbox, "区中心医院"), (wan(8000), wan(1200), wan(250)));
    assert_eq!(fen(&inbox, "社区卫生中心"), (wan(900), wan(200), wan(60)));
    let p = project(&inbox, "区中心医院");
    assert_eq!(p.progress.as_deref(), Some("地下室完成"));
    assert_eq!(p.category, Category::CityMajor);
    assert_eq!(issue_cells(&inbox, "区卫健委.xlsx"), []);
    let c = inbox.ledgers[0].counts;
    assert_eq!((c.rows_read, c.accepted, c.skipped), (4, 2, 2));
}

/// 3A.2: a header three rows deep: `投资情况 › 2022年计划 › 金额` is the annual plan,
/// `投资情况 › 1-3月完成 › 金额` the year to date.
#[test]
fn three_row_header() {
    let dir = Dir::new();
    dir.xlsx("区教育局.xlsx", |wb| {
        let ws = wb.add_worksheet();
        let m = rust_xlsxwriter::Format::new();
        for (c, h) in (0u16..).zip(["项目名称", "项目类别", "主责单位", "总投资"]) {
            ws.merge_range(0, c, 2, c, h, &m).unwrap();
        }
        ws.merge_range(0, 4, 0, 7, "投资情况（万元）", &m).unwrap();
        ws.merge_range(1, 4, 1, 5, "2022年计划", &m).unwrap();
        ws.merge_range(1, 6, 1, 7, "1-3月完成", &m).unwrap();
        rows(
            ws,
            2,
            &[
                vec![
                    E,
                    E,
                    E,
                    E,
                    S("金额"),
                    S("形象进度"),
                    S("金额"),
                    S("形象进度"),
                ],
                vec![
                    S("区实验学校"),
                    S("区属"),
                    S("区教育局"),
                    N(5000.0),
                    N(1500.0),
                    S("主体完工"),
                    N(400.5),
                    S("基础施工"),
                ],
            ],
        );
    });
    let inbox = dir.inbox("2022-03");
    assert_rows_conserved(&inbox);
    assert_eq!(inbox.projects.len(), 1, "{:?}", inbox.issues);
    assert_eq!(
        fen(&inbox, "区实验学校"),
        (wan(5000), wan(1500), 400_500_000)
    );
    let p = project(&inbox, "区实验学校");
    assert_eq!(p.annual_target.as_deref(), Some("主体完工"));
    assert_eq!(p.progress.as_deref(), Some("基础施工"));
    assert_eq!(issue_cells(&inbox, "区教育局.xlsx"), []);
}
