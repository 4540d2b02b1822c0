//! `taizhang run` end to end: the binary on ledgers built in code, the workbooks read back
//! with calamine, and every figure checked against numbers worked out by hand here.

use crate::support::{Dir, Table, V::*, close, header, rows, sheet_cells, sheet_names, taizhang};
use std::path::Path;

const PROJECT_HEADER: [&str; 15] = [
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
    "本月完成投资",
    "计划开工时间",
    "计划竣工时间",
    "存在问题",
    "一季度目标",
];

/// Two units, five projects (万元), a task sheet and one bad cell. Worked out by hand:
/// 市属 PT-3 + PT-5: 3.8 / 0.9 / 0.21 亿元, lagging 2 (本月无进展, 竣工滞后);
/// 区属 PT-1 + PT-2: 1.5 / 0.3 / 0.054, lagging 1 (PT-2: 4% vs 25% → 投资滞后 severe, 开工滞后);
/// 预备 PT-4: 0.2 / 0 / 0. 合计 5 projects, 4 正式, 1 预备, 3 结转, 1 新增, 5.5 / 1.2 / 0.264.
pub fn month(dir: &Dir) {
    dir.xlsx("inbox/区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        header(ws, 0, &PROJECT_HEADER);
        rows(
            ws,
            1,
            &[
                vec![
                    S("PT-1"),
                    S("甲路改建"),
                    S("区属"),
                    S("正式"),
                    S("结转"),
                    S("在建"),
                    S("区建管委"),
                    N(10000.0),
                    N(2000.0),
                    N(500.0),
                    N(100.0),
                    S("2021.1"),
                    S("2023.12"),
                    E,
                    S("完成桩基"),
                ],
                vec![
                    S("PT-2"),
                    S("乙桥新建"),
                    S("区属"),
                    S("正式"),
                    S("新增"),
                    S("前期"),
                    S("区建管委"),
                    N(5000.0),
                    N(1000.0),
                    N(40.0),
                    E,
                    S("2022.2"),
                    S("2024.6"),
                    S("征地未完成"),
                ],
                vec![
                    S("PT-4"),
                    S("丁园"),
                    S("区属预备"),
                    S("预备"),
                    E,
                    S("前期"),
                    S("区建管委"),
                    N(2000.0),
                    N(0.0),
                    N(0.0),
                ],
            ],
        );
    });
    dir.xlsx("inbox/区文旅局.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        header(ws, 0, &PROJECT_HEADER);
        rows(
            ws,
            1,
            &[
                vec![
                    S("PT-3"),
                    S("丙馆"),
                    S("市属"),
                    S("正式"),
                    S("结转"),
                    S("在建"),
                    S("区文旅局"),
                    N(30000.0),
                    N(6000.0),
                    N(1200.0),
                    N(0.0),
                    S("2021.3"),
                    S("2023.3"),
                ],
                vec![
                    S("PT-5"),
                    S("戊中心"),
                    S("市属"),
                    S("正式"),
                    S("续建"),
                    S("在建"),
                    S("区文旅局"),
                    N(8000.0),
                    N(3000.0),
                    N(900.0),
                    N(300.0),
                    S("2020.1"),
                    S("2022-03-31"),
                ],
                vec![
                    S("PT-6"),
                    S("己坏数"),
                    S("市属"),
                    S("正式"),
                    S("续建"),
                    S("在建"),
                    S("区文旅局"),
                    S("八千"),
                    N(3000.0),
                    N(900.0),
                ],
            ],
        );
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
                    S("任务A"),
                    S("完成方案"),
                    S("区文旅局"),
                    S("2022年3月底"),
                    S("推进中"),
                ],
                vec![
                    S("任务B"),
                    S("开工"),
                    S("区建管委"),
                    S("二季度"),
                    S("未启动"),
                ],
                vec![
                    S("任务C"),
                    S("巡查"),
                    S("区建管委"),
                    S("持续推进"),
                    S("推进中"),
                ],
                vec![
                    S("任务D"),
                    S("立项"),
                    S("区文旅局"),
                    S("2022-02-15"),
                    S("已完成"),
                ],
            ],
        );
    });
}

fn run(dir: &Dir, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["run", "inbox", "--out", "out", "--period", "2022-03"];
    args.extend_from_slice(extra);
    taizhang(&args, dir.path())
}

fn summary(dir: &Dir) -> std::path::PathBuf {
    dir.join("out/2022-03/重大项目汇总_2022-03.xlsx")
}

#[test]
fn summary_and_unit_figures_match_the_hand_sums() {
    let dir = Dir::new();
    month(&dir);
    let (code, _, err) = run(&dir, &[]);
    assert_eq!(code, 1, "one rejected row makes the exit 1: {err}");
    let path = summary(&dir);
    assert_eq!(
        sheet_names(&path),
        [
            "汇总",
            "分单位",
            "推进情况表",
            "项目明细",
            "滞后项目",
            "红黄绿灯",
            "问题清单",
            "月度趋势",
            "成员单位考核",
            "季度任务单",
            "报送情况",
            "校验问题"
        ]
    );

    let t = Table::read(&path, "汇总", "项目类别");
    let expect = [
        (
            "市属重大工程",
            [2.0, 2.0, 0.0, 2.0, 0.0, 3.8, 0.9, 0.21, 2.0],
        ),
        (
            "区属重大工程",
            [2.0, 2.0, 0.0, 1.0, 1.0, 1.5, 0.3, 0.054, 1.0],
        ),
        (
            "区属重点预备项目",
            [1.0, 0.0, 1.0, 0.0, 0.0, 0.2, 0.0, 0.0, 0.0],
        ),
        ("合计", [5.0, 4.0, 1.0, 3.0, 1.0, 5.5, 1.2, 0.264, 3.0]),
    ];
    let cols = [
        "项目数",
        "正式",
        "预备",
        "结转",
        "新增",
        "总投资",
        "年度计划投资",
        "本年累计完成",
        "滞后项目数",
    ];
    for (label, values) in expect {
        for (col, want) in cols.iter().zip(values) {
            let got = t.num("项目类别", label, col);
            assert!(close(got, want), "汇总 {label} {col}: {got} ≠ {want}");
        }
    }
    assert!(close(t.num("项目类别", "合计", "完成率"), 0.22));
    assert!(close(t.num("项目类别", "合计", "序时进度"), 0.25));

    let u = Table::read(&path, "分单位", "主责单位");
    assert!(close(u.num("主责单位", "区建管委", "总投资"), 1.7));
    assert!(close(u.num("主责单位", "区建管委", "项目数"), 3.0));
    assert!(close(u.num("主责单位", "区文旅局", "本年累计完成"), 0.21));
    assert_eq!(u.get("主责单位", "区文旅局", "报送情况"), "已报送");

    let text: String = sheet_cells(&path, "汇总").concat().join("");
    assert!(
        text.contains("截至2022年3月底，5个重大项目本年累计完成投资0.26亿元，占年度计划的22.0%，低于序时进度3.0个百分点；滞后项目3个"),
        "{text}"
    );
}

#[test]
fn lagging_projects_carry_their_reasons_in_words() {
    let dir = Dir::new();
    month(&dir);
    run(&dir, &[]);
    let t = Table::read(&summary(&dir), "滞后项目", "序号");
    let names: Vec<&str> = t
        .rows
        .iter()
        .map(|r| r[t.col("项目名称")].as_str())
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(names, ["乙桥新建", "丙馆", "戊中心"]);
    let reason = |name: &str| t.get("项目名称", name, "滞后原因");
    assert_eq!(
        reason("乙桥新建"),
        "本年累计完成0.00亿元，占年度计划4.0%，低于序时进度25.0%达21.0个百分点（严重滞后）；计划2022年2月28日开工，截至2022年3月31日仍未开工"
    );
    assert_eq!(t.get("项目名称", "乙桥新建", "存在问题"), "征地未完成");
    assert_eq!(reason("丙馆"), "在建项目本月完成投资为0");
    assert_eq!(
        reason("戊中心"),
        "计划2022年3月31日竣工，目前仍处于在建阶段"
    );
    assert_eq!(t.get("项目名称", "乙桥新建", "主责单位"), "区建管委");
    assert!(
        t.get("项目名称", "乙桥新建", "滞后类型")
            .contains("投资滞后")
    );
}

#[test]
fn task_sheet_groups_by_lead_department_with_deadlines() {
    let dir = Dir::new();
    month(&dir);
    run(&dir, &[]);
    let path = dir.join("out/2022-03/季度工作任务单_2022Q1.xlsx");
    let names = sheet_names(&path);
    assert_eq!(names, ["全部", "区建管委", "区文旅局"]);
    let all = Table::read(&path, "全部", "序号");
    let listed: Vec<(String, String, String)> = all
        .rows
        .iter()
        .filter(|r| !r[all.col("重点工作事项")].is_empty())
        .map(|r| {
            (
                r[all.col("主责部门")].clone(),
                r[all.col("重点工作事项")].clone(),
                r[all.col("工作完成时限")].clone(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("区建管委", "甲路改建", "2022-03-31"),
            ("区建管委", "任务C", "持续推进"),
            ("区文旅局", "任务D", "2022-02-15"),
            ("区文旅局", "任务A", "2022-03-31"),
        ]
        .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
    assert!(all.get("重点工作事项", "任务A", "备注").contains("逾期"));
    assert!(!all.get("重点工作事项", "任务D", "备注").contains("逾期"));
    let one = Table::read(&path, "区文旅局", "序号");
    assert_eq!(
        one.rows
            .iter()
            .filter(|r| !r[one.col("重点工作事项")].is_empty())
            .count(),
        2
    );
}

#[test]
fn feedback_names_the_cell_to_fix_and_run_json_agrees() {
    let dir = Dir::new();
    month(&dir);
    run(&dir, &[]);
    let feedback = dir.join("out/2022-03/反馈/区文旅局.xlsx");
    let cells = sheet_cells(&feedback, "需修改").concat();
    assert!(
        cells.iter().any(|c| c == "H4"),
        "the bad 总投资 cell: {cells:?}"
    );
    assert!(cells.iter().any(|c| c == "八千"));
    assert!(
        dir.join("out/2022-03/反馈/区建管委.xlsx").exists(),
        "区建管委 has lagging items"
    );

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/2022-03/run.json")).unwrap()).unwrap();
    assert_eq!(json["period"], "2022-03");
    assert_eq!(json["unit"], "亿元");
    assert_eq!(json["exit_status"], 1);
    let all = &json["totals"]["all"];
    assert_eq!(
        (
            all["projects"].as_i64(),
            all["formal"].as_i64(),
            all["preliminary"].as_i64()
        ),
        (Some(5), Some(4), Some(1))
    );
    assert_eq!(
        (
            all["carried"].as_i64(),
            all["new"].as_i64(),
            all["lagging"].as_i64()
        ),
        (Some(3), Some(1), Some(3))
    );
    assert!(close(all["total_investment"].as_f64().unwrap(), 5.5));
    assert!(close(all["ytd_completed"].as_f64().unwrap(), 0.264));
    assert!(close(all["completion_rate"].as_f64().unwrap(), 0.22));
    assert!(close(
        json["totals"]["by_category"]["市属重大工程"]["annual_plan"]
            .as_f64()
            .unwrap(),
        0.9
    ));
    assert!(close(
        json["totals"]["by_unit"]["区建管委"]["total_investment"]
            .as_f64()
            .unwrap(),
        1.7
    ));
    assert_eq!(
        json["tasks"],
        serde_json::json!({"quarter": "2022Q1", "total": 4, "overdue": 1, "ongoing": 1})
    );
    let lag: Vec<&str> = json["lagging"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(lag, ["乙桥新建", "丙馆", "戊中心"]);
    assert_eq!(
        json["lagging"][0]["flags"],
        serde_json::json!(["投资滞后", "开工滞后"])
    );
    let files = json["files"].as_array().unwrap();
    let wl = files.iter().find(|f| f["path"] == "区文旅局.xlsx").unwrap();
    assert_eq!(
        (
            wl["rows_read"].as_i64(),
            wl["accepted"].as_i64(),
            wl["rejected"].as_i64(),
            wl["skipped"].as_i64()
        ),
        (Some(7), Some(6), Some(1), Some(0))
    );
    let bad = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "bad-number")
        .unwrap();
    assert_eq!(
        (
            bad["file"].as_str(),
            bad["sheet"].as_str(),
            bad["cell"].as_str()
        ),
        (Some("区文旅局.xlsx"), Some("重大项目"), Some("H4"))
    );
    assert!(
        json["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "重大项目汇总_2022-03.xlsx")
    );
}

/// The samples/ month, with its totals written out (see samples/README.md).
#[test]
fn samples_month_totals() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Dir::new();
    let (code, json, err) = taizhang(
        &[
            "run",
            "samples",
            "--out",
            out.path().to_str().unwrap(),
            "--json",
        ],
        root,
    );
    assert_eq!(code, 1, "区交通委 has rejected rows: {err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["period"], "2022-03", "period inferred from the files");
    let check = |t: &serde_json::Value, want: (i64, i64, i64, i64, i64, f64, f64, f64, i64)| {
        let got = (
            t["projects"].as_i64().unwrap(),
            t["formal"].as_i64().unwrap(),
            t["preliminary"].as_i64().unwrap(),
            t["carried"].as_i64().unwrap(),
            t["new"].as_i64().unwrap(),
            t["total_investment"].as_f64().unwrap(),
            t["annual_plan"].as_f64().unwrap(),
            t["ytd_completed"].as_f64().unwrap(),
            t["lagging"].as_i64().unwrap(),
        );
        assert_eq!(
            (got.0, got.1, got.2, got.3, got.4, got.8),
            (want.0, want.1, want.2, want.3, want.4, want.8)
        );
        assert!(
            close(got.5, want.5) && close(got.6, want.6) && close(got.7, want.7),
            "{got:?} ≠ {want:?}"
        );
    };
    check(
        &v["totals"]["all"],
        (60, 51, 9, 35, 25, 468.36, 73.454, 17.5765, 9),
    );
    check(
        &v["totals"]["by_category"]["市属重大工程"],
        (11, 10, 1, 10, 1, 219.0, 31.334, 7.38, 1),
    );
    check(
        &v["totals"]["by_category"]["区属重大工程"],
        (41, 41, 0, 25, 16, 218.0, 41.2, 10.1965, 7),
    );
    check(
        &v["totals"]["by_category"]["区属重点预备项目"],
        (8, 0, 8, 0, 8, 31.36, 0.92, 0.0, 1),
    );
    for f in v["files"].as_array().unwrap() {
        let n = |k: &str| f[k].as_i64().unwrap();
        assert_eq!(
            n("rows_read"),
            n("accepted") + n("rejected") + n("skipped"),
            "{f}"
        );
    }
    let summary = out.path().join("2022-03/重大项目汇总_2022-03.xlsx");
    let t = Table::read(&summary, "汇总", "项目类别");
    assert!(
        close(t.num("项目类别", "合计", "总投资"), 468.36),
        "the 合计 formula's cached result"
    );
    assert!(close(t.num("项目类别", "合计", "本年累计完成"), 17.5765));
}
