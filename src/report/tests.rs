//! Workbooks rendered from a hand-built month and read back with calamine: compared by meaning
//! (sheet names, headers, cached totals, text kept as text), never by bytes.

use super::*;
use crate::consolidate::{Flag, Project, QuarterTask, Totals, UnitStatus};
use crate::domain::{Carry, Category, Formality, Money, Period, Stage, Vocabulary};
use crate::inbox::PeriodSource;
use crate::issue::{Issue, IssueCode};
use crate::normalize::{FileStatus, Ledger, ProjectRow, RejectedRow, RowCounts, Source};
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use std::io::Cursor;

const YI: i64 = 10_000_000_000;

fn source(file: &str, row: u32) -> Source {
    Source {
        file: file.into(),
        sheet: "重大项目".into(),
        row,
        name_col: 1,
        columns: std::sync::Arc::default(),
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[allow(clippy::too_many_arguments)]
fn project(
    unit: &str,
    name: &str,
    category: &str,
    formal: &str,
    lead: &str,
    money: [i64; 3],
    flags: &[(Flag, &str)],
    severe: bool,
) -> Project {
    let [total, plan, ytd] = money;
    let row = ProjectRow {
        unit: unit.into(),
        source: source(&format!("{unit}.xlsx"), 4),
        code: Some(format!("PT-{name}").into()),
        name: name.to_owned(),
        category: Category::from_canonical(category).unwrap(),
        kind: Some("政府投资项目".into()),
        formal: Formality::from_canonical(formal).unwrap(),
        carry: Some(Carry::Carried),
        stage: Some(Stage::Construction),
        lead_unit: lead.into(),
        builder: None,
        support_units: None,
        total_investment: Money::from_fen(total),
        annual_plan: Money::from_fen(plan),
        ytd_completed: Money::from_fen(ytd),
        cumulative_completed: None,
        prior_completed: None,
        month_completed: Some(Money::ZERO),
        planned_start: Some(date(2022, 3, 31)),
        planned_finish: None,
        actual_start: None,
        has_actual_start_column: true,
        progress: Some("主体结构施工".into()),
        annual_target: None,
        problems: None,
        next_steps: None,
        quarter_targets: [None, None, None, None],
        contact: None,
        phone: None,
        extra: Vec::new(),
    };
    #[allow(clippy::cast_precision_loss)]
    let completion_rate = (plan > 0).then(|| ytd as f64 / plan as f64);
    Project {
        row,
        prev_ytd: None,
        completion_rate,
        flags: flags.iter().map(|(f, _)| *f).collect(),
        reasons: flags.iter().map(|(_, r)| (*r).to_owned()).collect(),
        severe,
    }
}

/// Sums projects the way `consolidate` does.
fn totals(label: &str, projects: &[&Project], with_history: bool) -> Totals {
    let mut t = Totals {
        label: label.to_owned(),
        prev_ytd: with_history.then_some(Money::ZERO),
        ..Totals::default()
    };
    for p in projects {
        let has = |f: Flag| i64::from(p.flags.contains(&f));
        t.projects += 1;
        t.formal += i64::from(p.row.formal == Formality::Formal);
        t.preliminary += i64::from(p.row.formal == Formality::Preliminary);
        t.carried += i64::from(p.row.carry == Some(Carry::Carried));
        t.new += i64::from(p.row.carry == Some(Carry::New));
        t.total_investment += p.row.total_investment;
        t.annual_plan += p.row.annual_plan;
        t.ytd_completed += p.row.ytd_completed;
        t.prev_ytd = t.prev_ytd.map(|v| v + p.prev_ytd.unwrap_or_default());
        t.lagging += i64::from(p.is_lagging());
        t.investment_lag += has(Flag::Investment);
        t.start_lag += has(Flag::Start);
        t.finish_lag += has(Flag::Finish);
        t.no_progress += has(Flag::NoProgress);
        t.blocked += has(Flag::Blocked);
    }
    t
}

fn task(dept: &str, item: &str, deadline: Option<NaiveDate>, overdue: bool) -> QuarterTask {
    QuarterTask {
        item: item.to_owned(),
        target: format!("{item}的目标"),
        lead_dept: dept.to_owned(),
        support_depts: "区财政局".to_owned(),
        group: "综合协调组".to_owned(),
        deadline_text: deadline.map_or("持续推进".to_owned(), crate::consolidate::date_words),
        deadline,
        ongoing: deadline.is_none(),
        status: "推进中".to_owned(),
        overdue,
        remarks: String::new(),
        kind: "任务",
        source: source("区发改委.xlsx", 5),
    }
}

#[allow(clippy::too_many_lines)]
fn month(with_history: bool) -> Consolidated {
    let mut projects = vec![
        project(
            "区建管委",
            "北横通道",
            "市属重大工程",
            "正式项目",
            "区建管委",
            [10 * YI, 2 * YI, YI / 2],
            &[],
            false,
        ),
        project(
            "区建管委",
            "真如副中心",
            "区属重大工程",
            "正式项目",
            "区建管委",
            [5 * YI, YI, YI / 50],
            &[
                (
                    Flag::Investment,
                    "本年累计完成0.02亿元，占年度计划2.0%，低于序时进度25.0%达23.0个百分点（严重滞后）",
                ),
                (
                    Flag::Start,
                    "计划2022年3月31日开工，截至2022年3月31日仍未开工",
                ),
            ],
            true,
        ),
        project(
            "金泽镇",
            "预备地块",
            "区属重点预备项目",
            "预备项目",
            "金泽镇",
            [3 * YI, 3 * YI / 10, 0],
            &[(Flag::Blocked, "存在问题：拆迁未完成")],
            false,
        ),
        project(
            "金泽镇",
            "=1+1 测试项目",
            "区属重大工程",
            "正式项目",
            "区建管委",
            [2 * YI, 12_345 * YI / 10_000, 3 * YI / 10],
            &[(Flag::NoProgress, "在建项目本月完成投资为0")],
            false,
        ),
    ];
    if with_history {
        projects[0].prev_ytd = Some(Money::from_fen(YI * 4 / 10));
        projects[3].prev_ytd = Some(Money::from_fen(YI * 2 / 10));
    }
    let by_category = Category::ALL
        .iter()
        .map(|cat| {
            let ps: Vec<&Project> = projects.iter().filter(|p| p.row.category == *cat).collect();
            totals(cat.label(), &ps, with_history)
        })
        .collect();
    let all_refs: Vec<&Project> = projects.iter().collect();
    let all = totals("合计", &all_refs, with_history);
    let by_unit = ["区建管委", "金泽镇"]
        .iter()
        .map(|u| {
            let ps: Vec<&Project> = projects.iter().filter(|p| p.row.lead_unit == *u).collect();
            totals(u, &ps, with_history)
        })
        .collect();
    let long = "区重大项目建设推进工作领导小组办公室综合协调与督查考核专项工作组";
    Consolidated {
        period: Period::new(2022, 3).unwrap(),
        schedule_progress: 0.25,
        previous_period: with_history.then(|| Period::new(2022, 2).unwrap()),
        projects,
        by_category,
        all,
        by_unit,
        quarter_tasks: vec![
            task("区发改委", "编制年度计划", Some(date(2022, 3, 31)), true),
            task("区发改委", "常态化调度", None, false),
            task(
                "区建管委/规划:组*",
                "开工审批",
                Some(date(2022, 3, 15)),
                false,
            ),
            task(long, "督查考核", Some(date(2022, 3, 31)), false),
        ],
        units: vec![
            UnitStatus {
                unit: "区建管委".into(),
                in_roster: true,
                files: vec!["区建管委.xlsx".into()],
                unreadable: vec![],
                errors: 1,
                warnings: 0,
            },
            UnitStatus {
                unit: "金泽镇".into(),
                in_roster: true,
                files: vec!["金泽镇.xlsx".into()],
                unreadable: vec![],
                errors: 0,
                warnings: 1,
            },
            UnitStatus {
                unit: "区财政局".into(),
                in_roster: true,
                files: vec![],
                unreadable: vec![],
                errors: 0,
                warnings: 0,
            },
        ],
        detail_unit: MoneyUnit::Wan,
    }
}

fn ledger(file: &str, unit: &str, status: FileStatus, counts: RowCounts) -> Ledger {
    Ledger {
        file: file.to_owned(),
        unit: unit.to_owned(),
        unit_in_roster: true,
        status,
        reason: (status != FileStatus::Read).then(|| "Office 临时文件，未读取".to_owned()),
        modified: Some(date(2022, 4, 2).and_hms_opt(9, 30, 0).unwrap()),
        sheets: Vec::new(),
        counts,
        projects: Vec::new(),
        tasks: Vec::new(),
        rejected: Vec::new(),
        declared_periods: Vec::new(),
        issues: Vec::new(),
    }
}

fn issue(code: IssueCode, unit: &str, file: &str, cell: &str, value: &str, message: &str) -> Issue {
    let sheet = if file.is_empty() { "" } else { "重大项目" };
    let mut issue = Issue::new(code, file, message)
        .unit(unit)
        .sheet(sheet)
        .value(value);
    cell.clone_into(&mut issue.cell);
    issue
}

fn inbox() -> Inbox {
    let counts = |r, a, j, s| RowCounts {
        rows_read: r,
        accepted: a,
        rejected: j,
        skipped: s,
    };
    let mut jian = ledger(
        "区建管委.xlsx",
        "区建管委",
        FileStatus::Read,
        counts(5, 3, 1, 1),
    );
    jian.rejected.push(RejectedRow {
        unit: "区建管委".into(),
        source: source("区建管委.xlsx", 8),
        name: "曹杨路改造".into(),
        reasons: vec!["“总投资”的值“12..5”不是有效金额".into()],
    });
    Inbox {
        period: Period::new(2022, 3).unwrap(),
        period_source: PeriodSource::Given,
        ledgers: vec![
            jian,
            ledger(
                "金泽镇.xlsx",
                "金泽镇",
                FileStatus::Read,
                counts(3, 2, 0, 1),
            ),
            ledger(
                "~$区建管委.xlsx",
                "区建管委",
                FileStatus::Skipped,
                RowCounts::default(),
            ),
        ],
        projects: Vec::new(),
        tasks: Vec::new(),
        missing_units: vec!["区财政局".into()],
        issues: vec![
            issue(
                IssueCode::PlanExceedsTotal,
                "区建管委",
                "区建管委.xlsx",
                "H6",
                "3.0000",
                "年度计划投资大于总投资，请核实",
            ),
            issue(
                IssueCode::BadNumber,
                "区建管委",
                "区建管委.xlsx",
                "G9",
                "12..5",
                "“总投资”的值“12..5”不是有效金额",
            ),
            issue(
                IssueCode::UnknownColumn,
                "金泽镇",
                "金泽镇.xlsx",
                "P3",
                "备用",
                "列“备用”无法识别",
            ),
            issue(
                IssueCode::MonthMismatch,
                "金泽镇",
                "金泽镇.xlsx",
                "K5",
                "0",
                "本月完成与累计之差不符",
            ),
            issue(
                IssueCode::UnitMissing,
                "区财政局",
                "",
                "",
                "",
                "区财政局本月未报送台帐",
            ),
        ],
    }
}

type Book = Xlsx<Cursor<Vec<u8>>>;

fn open(bytes: Vec<u8>) -> Book {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook calamine can read")
}

fn range(book: &mut Book, sheet: &str) -> calamine::Range<Data> {
    book.worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("sheet {sheet}: {e}"))
}

fn text(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row},{col}) is not text: {other:?}"),
    }
}

fn num(r: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        #[allow(clippy::cast_precision_loss)]
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row},{col}) is not a number: {other:?}"),
    }
}

fn row_texts(r: &calamine::Range<Data>, row: u32) -> Vec<String> {
    (0..u32::try_from(r.width()).unwrap())
        .map(|c| match r.get_value((row, c)) {
            Some(Data::String(s)) => s.clone(),
            _ => String::new(),
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

const BULLETIN: &str = "截至2022年3月底，4个重大项目本年累计完成投资0.82亿元，占年度计划的18.1%，\
                        低于序时进度6.9个百分点；滞后项目2个，其中投资滞后1个、开工滞后1个、本月无进展1个；\
                        1家单位未报送（区财政局）。";

#[test]
fn bulletin_reads_like_the_office_writes_it() {
    assert_eq!(bulletin(&month(false), MoneyUnit::Yi), BULLETIN);
}

#[test]
fn bulletin_adds_the_months_change_with_history() {
    let text = bulletin(&month(true), MoneyUnit::Yi);
    // 0.82 − (0.40 + 0.20) = 0.22
    assert!(
        text.contains("低于序时进度6.9个百分点；本月新增完成投资0.22亿元；滞后项目2个"),
        "{text}"
    );
}

#[test]
fn bulletin_says_ahead_and_leaves_out_what_is_zero() {
    let mut c = month(false);
    c.schedule_progress = 0.1;
    c.all.lagging = 1;
    c.all.investment_lag = 0;
    c.all.start_lag = 0;
    c.units.retain(UnitStatus::submitted);
    assert_eq!(
        bulletin(&c, MoneyUnit::Wan),
        "截至2022年3月底，4个重大项目本年累计完成投资8200.00万元，占年度计划的18.1%，高于序时进度8.1个百分点；\
         滞后项目1个，其中本月无进展1个；各成员单位均已报送。"
    );
}

#[test]
fn summary_has_its_sheets_in_order() {
    let mut book = open(summary_workbook(&month(false), &inbox(), MoneyUnit::Yi).unwrap());
    assert_eq!(
        book.sheet_names(),
        [
            "汇总",
            "分单位",
            "推进情况表",
            "项目明细",
            "滞后项目",
            "季度任务单",
            "报送情况",
            "校验问题"
        ]
    );
    for sheet in book.sheet_names() {
        let r = range(&mut book, &sheet);
        assert!(text(&r, 0, 0).starts_with("2022年"), "{sheet} title");
        assert!(
            row_texts(&r, 1).contains(&"截至2022年3月31日".to_owned()),
            "{sheet} as-of"
        );
    }
}

#[test]
fn summary_totals_are_formulas_with_cached_results() {
    let mut book = open(summary_workbook(&month(false), &inbox(), MoneyUnit::Yi).unwrap());
    let r = range(&mut book, "汇总");
    assert_eq!(text(&r, 0, 0), "2022年3月重大项目推进情况汇总表");
    assert_eq!(text(&r, 1, 0), "单位：亿元");
    assert_eq!(
        row_texts(&r, 2),
        [
            "项目类别",
            "项目数",
            "正式",
            "预备",
            "结转",
            "新增",
            "总投资",
            "年度计划投资",
            "本年累计完成",
            "完成率",
            "序时进度",
            "滞后项目数"
        ]
    );
    assert_eq!(text(&r, 3, 0), "市属重大工程");
    assert_eq!(text(&r, 5, 0), "区属重点预备项目");
    assert!(close(num(&r, 4, 6), 7.0)); // 区属重大工程 总投资 5 + 2
    assert_eq!(text(&r, 6, 0), "合计");
    assert!(close(num(&r, 6, 1), 4.0));
    assert!(close(num(&r, 6, 6), 20.0));
    assert!(close(num(&r, 6, 7), 4.5345));
    assert!(close(num(&r, 6, 8), 0.82));
    assert!(close(num(&r, 6, 9), 0.82 / 4.5345));
    assert!(close(num(&r, 6, 11), 2.0));
    assert_eq!(text(&r, 8, 0), "情况通报：");
    assert_eq!(text(&r, 8, 1), BULLETIN);

    let formulas = book.worksheet_formula("汇总").unwrap();
    assert_eq!(
        formulas.get_value((6, 8)).map(String::as_str),
        Some("SUM(I4:I6)")
    );
    assert_eq!(
        formulas.get_value((6, 9)).map(String::as_str),
        Some("IF(H7>0,I7/H7,\"\")")
    );
}

#[test]
fn summary_shows_last_month_and_the_change_with_history() {
    let mut book = open(summary_workbook(&month(true), &inbox(), MoneyUnit::Yi).unwrap());
    let r = range(&mut book, "汇总");
    assert_eq!(text(&r, 2, 12), "上月累计");
    assert_eq!(text(&r, 2, 13), "本月新增");
    assert!(close(num(&r, 6, 12), 0.6));
    assert!(close(num(&r, 6, 13), 0.22));
    assert!(close(num(&r, 3, 13), 0.1)); // 北横通道 0.5 − 0.4
}

#[test]
fn by_unit_lists_lead_units_with_their_submission() {
    let mut book = open(summary_workbook(&month(false), &inbox(), MoneyUnit::Yi).unwrap());
    let r = range(&mut book, "分单位");
    assert_eq!(text(&r, 2, 0), "主责单位");
    assert_eq!(text(&r, 2, 12), "报送情况");
    assert_eq!(text(&r, 3, 0), "区建管委");
    assert!(close(num(&r, 3, 1), 3.0));
    assert_eq!(text(&r, 3, 12), "已报送");
    assert_eq!(text(&r, 5, 0), "合计");
    assert!(close(num(&r, 5, 8), 0.82));
}

#[test]
fn by_unit_follows_the_roster_order_and_never_counts_an_unreadable_file() {
    let mut c = month(false);
    c.units.swap(0, 1); // roster: 金泽镇, 区建管委, 区财政局
    c.units[0].unreadable = std::mem::take(&mut c.units[0].files);
    let mut book = open(summary_workbook(&c, &inbox(), MoneyUnit::Yi).unwrap());
    let r = range(&mut book, "分单位");
    assert_eq!(text(&r, 3, 0), "金泽镇");
    assert_eq!(text(&r, 3, 12), "无法读取（未计入）");
    assert_eq!(text(&r, 4, 0), "区建管委");
    assert_eq!(text(&r, 5, 12), "1/3家");
    assert!(
        close(num(&r, 5, 8), 0.82),
        "the 合计 sums the lines as shown"
    );
    assert!(
        bulletin(&c, MoneyUnit::Yi).ends_with(
            "；1家单位未报送（区财政局），1家单位报送的文件无法读取、未计入汇总（金泽镇）。"
        ),
        "{}",
        bulletin(&c, MoneyUnit::Yi)
    );
}

#[test]
fn user_text_starting_with_equals_stays_text() {
    let mut book = open(summary_workbook(&month(false), &inbox(), MoneyUnit::Yi).unwrap());
    let r = range(&mut book, "项目明细");
    let names: Vec<String> = (3..7).map(|row| text(&r, row, 2)).collect();
    assert!(names.contains(&"=1+1 测试项目".to_owned()), "{names:?}");
    let formulas = book.worksheet_formula("项目明细").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula in 项目明细"
    );
}

#[test]
fn detail_has_every_project_with_dates_and_sources() {
    let mut book = open(summary_workbook(&month(false), &inbox(), MoneyUnit::Yi).unwrap());
    let r = range(&mut book, "项目明细");
    let header = row_texts(&r, 2);
    assert_eq!(header.len(), 25);
    assert_eq!(header[0], "序号");
    assert_eq!(header[22], "滞后情况");
    assert_eq!(header[24], "来源");
    assert_eq!(text(&r, 4, 2), "真如副中心");
    assert!(
        matches!(r.get_value((4, 16)), Some(Data::DateTime(_))),
        "计划开工 is a date"
    );
    assert_eq!(text(&r, 4, 22), "投资滞后、开工滞后");
    assert_eq!(text(&r, 4, 24), "区建管委.xlsx!重大项目!A5");
    assert!(
        close(num(&r, 6, 11), 12_345.0),
        "年度计划 in 万元, the detail unit"
    );
    assert_eq!(text(&r, 1, 0), "单位：万元");
}

#[test]
fn lagging_sheet_marks_severe_projects_and_gives_reasons() {
    let mut book = open(summary_workbook(&month(false), &inbox(), MoneyUnit::Yi).unwrap());
    let r = range(&mut book, "滞后项目");
    assert_eq!(text(&r, 2, 1), "项目编号");
    assert_eq!(text(&r, 2, 5), "滞后类型");
    assert_eq!(text(&r, 3, 2), "真如副中心");
    assert_eq!(text(&r, 3, 5), "投资滞后（严重）、开工滞后");
    assert!(text(&r, 3, 6).contains("；计划2022年3月31日开工"));
    assert_eq!(text(&r, 4, 2), "=1+1 测试项目");
    assert_eq!(
        r.get_value((5, 2)),
        None,
        "预备地块 only has a problem: not lagging"
    );
}

#[test]
fn submissions_and_issues_are_listed() {
    let mut book = open(summary_workbook(&month(false), &inbox(), MoneyUnit::Yi).unwrap());
    let r = range(&mut book, "报送情况");
    assert_eq!(
        row_texts(&r, 2)[..11],
        [
            "单位",
            "是否报送",
            "文件",
            "文件状态",
            "修改时间",
            "读取行数",
            "采用",
            "退回",
            "跳过",
            "错误",
            "警告"
        ]
    );
    assert_eq!(text(&r, 3, 2), "区建管委.xlsx");
    assert!(close(num(&r, 3, 5), 5.0));
    assert!(close(num(&r, 3, 9), 1.0)); // one error
    assert_eq!(text(&r, 5, 0), "区财政局");
    assert_eq!(text(&r, 5, 1), "未报送");
    assert_eq!(
        text(&r, 6, 0),
        "合计",
        "a skipped lock file is not a submission"
    );
    assert_eq!(text(&r, 6, 1), "已报2家，未报1家");
    assert!(close(num(&r, 6, 5), 8.0));
    assert_eq!(
        text(&r, 1, 0),
        "已报送2家，未报送1家",
        "no money: no 单位 note"
    );
    assert!(
        text(&r, 8, 1).contains("~$区建管委.xlsx"),
        "skipped files named under the table"
    );

    let r = range(&mut book, "校验问题");
    assert_eq!(
        row_texts(&r, 2),
        [
            "序号",
            "严重程度",
            "问题代码",
            "单位",
            "文件",
            "工作表",
            "单元格",
            "原值",
            "说明"
        ]
    );
    assert_eq!(text(&r, 4, 1), "错误");
    assert_eq!(text(&r, 4, 2), "bad-number");
    assert_eq!(text(&r, 4, 7), "12..5");
    assert_eq!(r.height(), 3 + 5);
}

#[test]
fn task_workbook_has_all_then_one_sheet_per_department() {
    let mut book = open(task_workbook(&month(false)).unwrap());
    let names = book.sheet_names();
    assert_eq!(names[0], "全部");
    assert_eq!(names[1], "区发改委");
    assert_eq!(names[2], "区建管委_规划_组_");
    assert_eq!(names[3].chars().count(), 31);
    assert_eq!(names.len(), 4);
    let r = range(&mut book, "全部");
    assert_eq!(text(&r, 0, 0), "2022年第一季度工作任务单");
    assert_eq!(
        row_texts(&r, 2),
        [
            "序号",
            "主责部门",
            "重点工作事项",
            "具体任务目标",
            "配合部门",
            "相关协调推动组",
            "工作完成时限",
            "完成情况",
            "备注"
        ]
    );
    assert_eq!(text(&r, 3, 8), "逾期");
    assert_eq!(text(&r, 4, 6), "持续推进");
    assert!(matches!(r.get_value((3, 6)), Some(Data::DateTime(_))));
    let r = range(&mut book, "区发改委");
    assert_eq!(
        text(&r, 0, 0),
        "2022年第一季度工作任务单（主责部门：区发改委）"
    );
    assert_eq!(r.height(), 3 + 2);
    assert!(
        !row_texts(&r, 2).contains(&"主责部门".to_owned()),
        "a department's own sheet does not repeat its name on every line"
    );
}

#[test]
fn summary_sheet_lists_the_quarters_tasks() {
    let mut book = open(summary_workbook(&month(false), &inbox(), MoneyUnit::Yi).unwrap());
    let r = range(&mut book, "季度任务单");
    assert_eq!(text(&r, 0, 0), "2022年第一季度工作任务单");
    assert_eq!(r.height(), 3 + 4);
}

#[test]
fn feedback_goes_to_each_unit_with_something_to_correct() {
    let c = month(false);
    let books = feedback_workbooks(&c, &inbox(), MoneyUnit::Yi).unwrap();
    let units: Vec<&str> = books.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(units, ["区建管委", "区财政局", "金泽镇"]);

    let mut book = open(books[0].1.clone());
    assert_eq!(book.sheet_names(), ["需修改", "未计入行", "滞后项目"]);
    let r = range(&mut book, "需修改");
    assert_eq!(text(&r, 0, 0), "2022年3月台帐校验反馈（区建管委）");
    assert_eq!(
        row_texts(&r, 2),
        [
            "序号",
            "严重程度",
            "文件",
            "工作表",
            "单元格",
            "问题",
            "原值",
            "如何修改"
        ]
    );
    // Errors first, though the warning came first in the inbox.
    assert_eq!(text(&r, 3, 1), "错误");
    assert_eq!(text(&r, 3, 4), "G9");
    assert_eq!(text(&r, 4, 1), "警告");
    let r = range(&mut book, "未计入行");
    assert_eq!(text(&r, 3, 3), "B9");
    assert_eq!(text(&r, 3, 4), "曹杨路改造");
    let r = range(&mut book, "滞后项目");
    // Its own project, and the one 金泽镇 reported with 区建管委 as the lead unit.
    assert_eq!(text(&r, 3, 1), "真如副中心");
    assert_eq!(text(&r, 4, 1), "=1+1 测试项目");

    let mut book = open(books[2].1.clone());
    assert_eq!(book.sheet_names(), ["需修改", "滞后项目"]);
    let r = range(&mut book, "需修改");
    assert_eq!(
        r.height(),
        3 + 1,
        "the unknown-column note is not sent back"
    );
}

#[test]
fn reruns_write_identical_workbooks() {
    let (c, inbox) = (month(true), inbox());
    assert_eq!(
        summary_workbook(&c, &inbox, MoneyUnit::Yi).unwrap(),
        summary_workbook(&c, &inbox, MoneyUnit::Yi).unwrap()
    );
    assert_eq!(task_workbook(&c).unwrap(), task_workbook(&c).unwrap());
}

#[test]
fn an_empty_month_still_renders() {
    let mut c = month(false);
    c.projects.clear();
    c.by_unit.clear();
    c.quarter_tasks.clear();
    c.by_category = Category::ALL
        .iter()
        .map(|l| Totals {
            label: l.label().into(),
            ..Totals::default()
        })
        .collect();
    c.all = Totals {
        label: "合计".into(),
        ..Totals::default()
    };
    let mut book = open(summary_workbook(&c, &inbox(), MoneyUnit::Yi).unwrap());
    let r = range(&mut book, "分单位");
    assert_eq!(text(&r, 3, 0), "合计");
    assert!(bulletin(&c, MoneyUnit::Yi).contains("年度计划投资为0"));
    assert!(task_workbook(&c).is_ok());
}

#[test]
fn sheet_names_are_valid_and_unique() {
    let mut names = style::SheetNames::default();
    names.reserve("全部");
    assert_eq!(names.name("全部"), "全部(2)");
    assert_eq!(names.name("a/b"), "a_b");
    assert_eq!(names.name("A_B"), "A_B(2)");
    assert_eq!(names.name("  "), "未命名");
    assert_eq!(names.name("'history'"), "history_");
    let long = "一".repeat(40);
    let first = names.name(&long);
    let second = names.name(&long);
    assert_eq!(first.chars().count(), 31);
    assert_eq!(second.chars().count(), 31);
    assert!(second.ends_with("(2)"));
}

#[test]
fn widths_count_cjk_as_two() {
    assert_eq!(style::text_width("区建管委"), 8);
    assert_eq!(style::text_width("PT-01"), 5);
    assert_eq!(style::text_width("第一行\n第二行更长"), 10);
    assert_eq!(style::wrapped_lines("一二三四五六七八九十", 13.0), 2);
    assert_eq!(style::wrapped_lines("一二三四五六七八九十", 11.0), 3);
    assert!(close(style::width_for(20), 24.0));
}

/// Renders the three workbook kinds to `/tmp/report_out/` for a look in `LibreOffice`.
#[test]
#[ignore = "writes files for a visual check"]
fn render_for_a_look() {
    let dir = std::path::Path::new("/tmp/report_out");
    std::fs::create_dir_all(dir.join("反馈")).unwrap();
    let (c, inbox) = (month(true), inbox());
    std::fs::write(
        dir.join("重大项目汇总_2022-03.xlsx"),
        summary_workbook(&c, &inbox, MoneyUnit::Yi).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("季度工作任务单_2022Q1.xlsx"),
        task_workbook(&c).unwrap(),
    )
    .unwrap();
    for (unit, bytes) in feedback_workbooks(&c, &inbox, MoneyUnit::Yi).unwrap() {
        std::fs::write(dir.join("反馈").join(format!("{unit}.xlsx")), bytes).unwrap();
    }
}

#[test]
fn tables_past_a_sheets_rows_go_on_over_further_sheets() {
    // Sheets of 5 rows: title, note and header, then 2 data rows.
    let (c, inbox) = (month(false), inbox());
    let bytes = summary_workbook_in(&c, &inbox, None, MoneyUnit::Yi, 5)
        .unwrap()
        .save_to_buffer()
        .unwrap();
    let mut book = open(bytes);
    let names = book.sheet_names();
    assert_eq!(
        names[..5],
        ["汇总", "分单位", "推进情况表", "项目明细", "项目明细(2)"]
    );
    assert!(!names.contains(&"项目明细(3)".to_owned()));
    let first = range(&mut book, "项目明细");
    let second = range(&mut book, "项目明细(2)");
    assert_eq!(
        text(&first, 0, 0),
        "2022年3月重大项目明细表（第1张，共2张）"
    );
    assert_eq!(
        text(&second, 0, 0),
        "2022年3月重大项目明细表（第2张，共2张）"
    );
    assert_eq!(
        row_texts(&second, 2),
        row_texts(&first, 2),
        "each sheet has the header"
    );
    assert_eq!(first.height(), 5);
    // 序号 runs on, and every project is on one sheet or the other, in order.
    assert!(close(num(&first, 3, 0), 1.0) && close(num(&first, 4, 0), 2.0));
    assert!(close(num(&second, 3, 0), 3.0) && close(num(&second, 4, 0), 4.0));
    assert_eq!(text(&first, 3, 2), c.projects[0].row.name);
    assert_eq!(text(&second, 4, 2), c.projects[3].row.name);
    // 汇总 says where the rest went; with Excel's own limit nothing is split.
    let summary = range(&mut book, "汇总");
    let note = (0..u32::try_from(summary.height()).unwrap())
        .flat_map(|r| row_texts(&summary, r))
        .find(|t| t.starts_with("项目明细共"));
    assert!(
        note.as_deref().is_some_and(|n| n.starts_with(
            "项目明细共4行，超过Excel每张工作表5行的上限，分2张表：项目明细、项目明细(2)"
        )),
        "{note:?}"
    );
    assert!(split_notes(&c, &inbox).is_empty());
}

#[test]
fn a_long_detail_is_written_in_constant_memory_and_reads_back() {
    let mut c = month(false);
    let template = c.projects[0].clone();
    c.projects = (0..6_000)
        .map(|i| {
            let mut p = template.clone();
            p.row.name = format!("项目{i}");
            p
        })
        .collect();
    let bytes = summary_workbook(&c, &inbox(), MoneyUnit::Yi).unwrap();
    assert_eq!(
        bytes,
        summary_workbook(&c, &inbox(), MoneyUnit::Yi).unwrap()
    );
    let mut book = open(bytes);
    let r = range(&mut book, "项目明细");
    assert_eq!(r.height(), 3 + 6_000);
    assert_eq!(text(&r, 3, 2), "项目0");
    assert_eq!(text(&r, 6_002, 2), "项目5999");
    assert!(close(num(&r, 6_002, 0), 6_000.0));
    assert!(close(num(&r, 6_002, 10), 100_000.0), "总投资 in 万元");
    // 推进情况表 in constant memory too: 合计, the heading, 6,000 lines, 小计, two empty groups.
    let p = range(&mut book, "推进情况表");
    assert_eq!(p.height(), 3 + 1 + 1 + 6_000 + 1 + 4);
    assert!(close(num(&p, 3, 3), 600_000_000.0), "合计 总投资 cached");
}
