//! The year (LEDGER-SPEC section 6A, 7.6, 7.7): months run one after another into one output
//! root, April left out of the history. Each month's lights, components, streaks, changes,
//! ladder, assessment and trend are checked in run.json against figures worked out by hand
//! here, the new sheets read back, and the Word bulletin's numbers against the workbook's.

use crate::support::{Dir, Table, V, V::*, header, rows, sheet_names, taizhang};
use serde_json::Value as Json;

const HEADER: [&str; 14] = [
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
];

const CONFIG: &str = r#"
input_unit = "万元"
output_unit = "亿元"
[thresholds]
investment_lag_points = 10
investment_severe_points = 20
[[roster]]
name = "区建管委"
[[roster]]
name = "区水务局"
[[roster]]
name = "区财政局"
[bulletin]
issue = "第6期"
office = "区重大项目建设指挥部办公室"
"#;

/// One project line (万元): code, name, category, stage, plan, ytd, month, start, problem.
#[allow(clippy::too_many_arguments)]
fn line(
    code: &'static str,
    name: &'static str,
    category: &'static str,
    stage: &'static str,
    plan: f64,
    ytd: f64,
    month: f64,
    start: &'static str,
    problem: Option<&'static str>,
) -> Vec<V> {
    vec![
        S(code),
        S(name),
        S(category),
        S("正式"),
        S("结转"),
        S(stage),
        E, // 主责单位 filled below by the caller's unit
        N(10000.0),
        N(plan),
        N(ytd),
        N(month),
        S(start),
        S("2025.12"),
        problem.map_or(E, S),
    ]
}

fn with_unit(mut row: Vec<V>, unit: &'static str) -> Vec<V> {
    row[6] = S(unit);
    row
}

/// 区建管委's projects in month `m` (1, 2, 3, 5, 6), worked out by hand:
/// - PT-P 丙路: 在建, 本月完成 0 every month, 存在问题 every month;
/// - PT-S 丁桥: 前期, 计划开工 2022.4 (m = 2 in May, 3 in June), no plan;
/// - PT-X 戊馆: June 400/1000 against 50%: gap exactly 10 points → green;
/// - PT-Y 己园: June 300/1000: gap exactly 20 points → yellow, not red;
/// - PT-Z 庚站: June 299/1000: gap 20.1 → red (严重);
/// - PT-Q 辛场: May 210/1000 (gap 20.67, red), June 500 (on schedule): 摘帽, 转绿;
/// - PT-T 壬厂: June only, 前期, 计划开工 2022.6 (m = 1): yellow, 新增滞后.
fn jianguan(m: u32) -> Vec<Vec<V>> {
    let ytd = |by: [f64; 5]| by[[1, 2, 3, 5, 6].iter().position(|x| *x == m).unwrap()];
    let mut out = vec![
        line(
            "PT-P",
            "丙路",
            "市属",
            "在建",
            1200.0,
            600.0,
            0.0,
            "2021.1",
            Some("征地未完成"),
        ),
        line(
            "PT-S", "丁桥", "区属", "前期", 0.0, 0.0, 0.0, "2022.4", None,
        ),
        line(
            "PT-X",
            "戊馆",
            "区属",
            "在建",
            1000.0,
            ytd([100.0, 200.0, 300.0, 350.0, 400.0]),
            50.0,
            "2021.1",
            None,
        ),
        line(
            "PT-Y",
            "己园",
            "市属",
            "在建",
            1000.0,
            ytd([100.0, 200.0, 250.0, 290.0, 300.0]),
            10.0,
            "2021.1",
            None,
        ),
        line(
            "PT-Z",
            "庚站",
            "区属",
            "在建",
            1000.0,
            ytd([100.0, 200.0, 250.0, 280.0, 299.0]),
            19.0,
            "2021.1",
            None,
        ),
        line(
            "PT-Q",
            "辛场",
            "区属",
            "在建",
            1000.0,
            ytd([50.0, 100.0, 200.0, 210.0, 500.0]),
            10.0,
            "2021.1",
            None,
        ),
    ];
    if m == 3 {
        out[2][13] = S("设计变更待批");
    }
    if m == 6 {
        out.push(line(
            "PT-T", "壬厂", "区属", "前期", 0.0, 0.0, 0.0, "2022.6", None,
        ));
    }
    out.into_iter().map(|r| with_unit(r, "区建管委")).collect()
}

/// 区水务局: one project on schedule every month, and a row with no name (rejected).
fn shuiwu(m: u32) -> Vec<Vec<V>> {
    let ytd = f64::from(m) * 2000.0 / 12.0;
    let mut bad = line(
        "PT-BAD", "", "区属", "在建", 100.0, 10.0, 5.0, "2021.1", None,
    );
    bad[1] = E;
    vec![
        with_unit(
            line(
                "PT-W",
                "癸渠",
                "区属",
                "在建",
                2000.0,
                ytd.round(),
                100.0,
                "2021.1",
                None,
            ),
            "区水务局",
        ),
        with_unit(bad, "区水务局"),
    ]
}

fn write_month(dir: &Dir, m: u32) -> String {
    let folder = format!("inbox-{m}");
    dir.xlsx(&format!("{folder}/区建管委.xlsx"), |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        header(ws, 0, &HEADER);
        rows(ws, 1, &jianguan(m));
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
                    S("任务甲"),
                    S("完成方案"),
                    S("区建管委"),
                    S("2022-01-31"),
                    S("已完成"),
                ],
                vec![
                    S("任务乙"),
                    S("完成招标"),
                    S("区建管委"),
                    S("2022-02-28"),
                    S("推进中"),
                ],
            ],
        );
    });
    dir.xlsx(&format!("{folder}/区水务局.xlsx"), |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        header(ws, 0, &HEADER);
        rows(ws, 1, &shuiwu(m));
    });
    folder
}

fn run_month(dir: &Dir, m: u32) -> Json {
    let folder = write_month(dir, m);
    let period = format!("2022-{m:02}");
    let (code, _, err) = taizhang(
        &[
            "run",
            &folder,
            "--out",
            "out",
            "--period",
            &period,
            "--config",
            "taizhang.toml",
        ],
        dir.path(),
    );
    assert!(code == 0 || code == 1, "{err}");
    let text = std::fs::read_to_string(dir.join(&format!("out/{period}/run.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn project<'a>(run: &'a Json, code: &str) -> &'a Json {
    run["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

fn strings(v: &Json) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn unit<'a>(run: &'a Json, name: &str) -> &'a Json {
    run["assessment"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["unit"] == name)
        .unwrap()
}

#[test]
fn a_year_of_months_lights_streaks_ladder_and_assessment() {
    let dir = Dir::new();
    dir.write("taizhang.toml", CONFIG.as_bytes());
    check_january(&run_month(&dir, 1));
    check_february(&run_month(&dir, 2));
    check_march(&run_month(&dir, 3));
    check_may(&run_month(&dir, 5));
    let jun = run_month(&dir, 6);
    check_june(&jun);
    check_june_sheets(&dir);
    bulletin_matches_workbook(&dir, &jun);
}

/// January: the first month of the history.
fn check_january(jan: &Json) {
    // January: P has no progress (yellow); nothing to compare with.
    let bing = project(jan, "PT-P");
    assert_eq!(bing["light"], "黄");
    assert_eq!(strings(&bing["light_reasons"]), ["进展：本月无进展"]);
    assert_eq!(bing["streak"], 1);
    assert!(strings(&bing["changes"]).is_empty());
    assert_eq!(jan["problems"][0]["level"], "协调推动组协调");
    assert_eq!(jan["problems"][0]["first_seen"], "2022-01");
    let cz = unit(jan, "区财政局");
    assert_eq!(cz["score"], 0.0);
    assert_eq!(cz["rank"], 3);
    assert_eq!(
        (cz["months_submitted"].as_u64(), cz["months_run"].as_u64()),
        (Some(0), Some(1))
    );
}

/// February: two months in a row.
fn check_february(feb: &Json) {
    // February: two months in a row.
    let bing = project(feb, "PT-P");
    assert_eq!(
        (bing["light"].as_str(), bing["streak"].as_u64()),
        (Some("黄"), Some(2))
    );
    assert_eq!(feb["problems"][0]["level"], "提请副指挥长协调");
}

/// March: three in a row, and the assessment.
fn check_march(mar: &Json) {
    // March: three in a row → red by 进展 and 持续滞后; 新亮红灯; the ladder's top.
    let bing = project(mar, "PT-P");
    assert_eq!(bing["light"], "红");
    assert_eq!(
        strings(&bing["light_reasons"]),
        ["进展：连续3个月无进展", "持续滞后：连续3个月滞后"]
    );
    assert_eq!(bing["streak"], 3);
    assert_eq!(strings(&bing["changes"]), ["新亮红灯"]);
    let top = &mar["problems"][0];
    assert_eq!(top["code"], "PT-P");
    assert_eq!(top["level"], "列入问题清单，报指挥长协调");
    assert_eq!(
        (top["first_seen"].as_str(), top["months"].as_u64()),
        (Some("2022-01"), Some(3))
    );
    let second = &mar["problems"][1];
    assert_eq!(
        (second["code"].as_str(), second["level"].as_str()),
        (Some("PT-X"), Some("协调推动组协调"))
    );
    // 区建管委: 报送 100, 数据质量 100, 任务 1 of 2 due = 50, 投资 1600/(5200×3/12) capped at
    // 100 → (2000 + 2000 + 1500 + 3000)/100 = 85.0. 区水务局: 报送 100, 数据质量 1/2 = 50,
    // no task, 投资 500/(2000×3/12) = 100 → (2000 + 1000 + 3000)/70 = 85.714 → 85.7, first.
    let jg = unit(mar, "区建管委");
    assert_eq!(jg["components"]["任务"], 50.0);
    assert_eq!(jg["components"]["投资"], 100.0);
    assert_eq!(
        (jg["score"].as_f64(), jg["rank"].as_u64()),
        (Some(85.0), Some(2))
    );
    let sw = unit(mar, "区水务局");
    assert_eq!(sw["components"]["数据质量"], 50.0);
    assert!(sw["components"].get("任务").is_none());
    assert_eq!(
        (sw["score"].as_f64(), sw["rank"].as_u64()),
        (Some(85.7), Some(1))
    );
    assert_eq!(mar["assessment"][0]["unit"], "区水务局");
    assert_eq!(jg["red"], 1);
}

/// May, after a month missing from the history.
fn check_may(may: &Json) {
    // April is never run. May: the rows break at April and say so; no changes.
    let notes = strings(&may["year_notes"]).join("；");
    assert!(notes.contains("4月无汇总记录"), "{notes}");
    assert!(notes.contains("上月无汇总记录"), "{notes}");
    let bing = project(may, "PT-P");
    assert_eq!(
        (bing["light"].as_str(), bing["streak"].as_u64()),
        (Some("黄"), Some(1))
    );
    assert_eq!(bing["streak_incomplete"], true);
    let ding = project(may, "PT-S");
    assert_eq!(
        (ding["light"].as_str(), ding["light_reasons"][0].as_str()),
        (Some("黄"), Some("开工：应开工2个月未开工"))
    );
    assert!(
        may["projects"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["changes"].as_array().unwrap().is_empty())
    );
    let top = &may["problems"][0];
    assert_eq!(
        (top["months"].as_u64(), top["level"].as_str()),
        (Some(1), Some("协调推动组协调"))
    );
    assert_eq!(top["incomplete"], true);
    assert_eq!(unit(may, "区建管委")["months_run"], 4);
}

/// June: the thresholds exactly, and the changes against May.
fn check_june(jun: &Json) {
    // June: the thresholds exactly, m = 3 and m = 1, the changes against May.
    let wu = project(jun, "PT-X");
    assert_eq!(
        wu["light"], "绿",
        "a gap of exactly 10 points is not 投资滞后"
    );
    assert!(
        jun["lagging"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["code"] != "PT-X")
    );
    let ji = project(jun, "PT-Y");
    assert_eq!(
        strings(&ji["light_reasons"]),
        ["投资：低于序时进度20.0个百分点"]
    );
    assert_eq!(
        ji["light"], "黄",
        "a gap of exactly 20 points is not severe"
    );
    let geng = project(jun, "PT-Z");
    assert_eq!(
        strings(&geng["light_reasons"]),
        ["投资：低于序时进度20.1个百分点（严重滞后）"]
    );
    assert_eq!(strings(&geng["changes"]), ["新亮红灯"]);
    let ding = project(jun, "PT-S");
    assert_eq!(
        (ding["light"].as_str(), ding["light_reasons"][0].as_str()),
        (Some("红"), Some("开工：应开工3个月未开工"))
    );
    let xin = project(jun, "PT-Q");
    assert_eq!(strings(&xin["changes"]), ["摘帽", "转绿"]);
    let ren = project(jun, "PT-T");
    assert_eq!(
        (ren["light"].as_str(), ren["light_reasons"][0].as_str()),
        (Some("黄"), Some("开工：应开工1个月未开工"))
    );
    assert_eq!(strings(&ren["changes"]), ["新增滞后"]);
    let bing = project(jun, "PT-P");
    assert_eq!(
        (bing["streak"].as_u64(), bing["streak_incomplete"].as_bool()),
        (Some(2), Some(true))
    );
    let top = &jun["problems"][0];
    assert_eq!(
        (
            top["code"].as_str(),
            top["first_seen"].as_str(),
            top["level"].as_str()
        ),
        (Some("PT-P"), Some("2022-05"), Some("提请副指挥长协调"))
    );
    let counts = &jun["lights"];
    // Red: S, Z; yellow: P, Y, T; green: X, Q, W.
    assert_eq!(
        (
            counts["红"].as_u64(),
            counts["黄"].as_u64(),
            counts["绿"].as_u64()
        ),
        (Some(2), Some(3), Some(3))
    );
    let trend = jun["trend"].as_array().unwrap();
    let periods: Vec<&str> = trend
        .iter()
        .map(|t| t["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        periods,
        ["2022-01", "2022-02", "2022-03", "2022-05", "2022-06"]
    );
    assert_eq!(
        (trend[4]["red"].as_u64(), trend[4]["yellow"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(
        (trend[2]["red"].as_u64(), trend[2]["projects"].as_u64()),
        (Some(1), Some(7))
    );
    assert!((trend[4]["schedule"].as_f64().unwrap() - 0.5).abs() < 1e-12);
    // 本年累计 in 亿元: March 600+300+250+250+200+500 = 2100 万元.
    assert!((trend[2]["ytd_completed"].as_f64().unwrap() - 0.21).abs() < 1e-9);
    assert_eq!(unit(jun, "区财政局")["months_submitted"], 0);
    assert_eq!(unit(jun, "区水务局")["months_submitted"], 5);
}

/// June's workbook: the year's sheets and the light on 项目明细 and 推进情况表.
fn check_june_sheets(dir: &Dir) {
    // The sheets, and the light on 项目明细.
    let book = dir.join("out/2022-06/重大项目汇总_2022-06.xlsx");
    let names = sheet_names(&book);
    for sheet in ["红黄绿灯", "问题清单", "月度趋势", "成员单位考核"] {
        assert!(names.iter().any(|n| n == sheet), "{names:?}");
    }
    let lights = Table::read(&book, "红黄绿灯", "序号");
    assert_eq!(lights.get("项目编号", "PT-Z", "灯色"), "红");
    assert_eq!(lights.get("项目编号", "PT-Q", "较上月变化"), "摘帽、转绿");
    let detail = Table::read(&book, "项目明细", "序号");
    assert_eq!(detail.get("项目编号", "PT-S", "灯色"), "红");
    let progress = Table::read(&book, "推进情况表", "序号");
    assert_eq!(progress.get("项目名称", "丁桥", "灯色"), "红");
    let assess = Table::read(&book, "成员单位考核", "排名");
    assert_eq!(assess.get("单位", "区财政局", "本年报送月数"), "0/5");
    let problems = Table::read(&book, "问题清单", "序号");
    assert_eq!(
        problems.get("项目名称", "丙路", "协调层级"),
        "提请副指挥长协调"
    );
}

/// The .docx: A4 portrait, the fonts named, and its figures those of the workbook's 汇总.
fn bulletin_matches_workbook(dir: &Dir, jun: &Json) {
    let path = dir.join("out/2022-06/重大项目推进情况通报_2022-06.docx");
    assert!(
        strings(&jun["outputs"])
            .iter()
            .any(|o| o.to_lowercase().ends_with(".docx"))
    );
    let file = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    for font in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"] {
        assert!(xml.contains(font), "{font}");
    }
    assert!(
        xml.contains("w:w=\"11906\"") && xml.contains("w:h=\"16838\""),
        "A4 portrait"
    );
    let text = plain(&xml);
    assert!(text.contains("第6期"), "{text}");
    let summary = Table::read(
        &dir.join("out/2022-06/重大项目汇总_2022-06.xlsx"),
        "汇总",
        "项目类别",
    );
    let money = |v: f64| format!("{v:.2}");
    let ytd = money(summary.num("项目类别", "合计", "本年累计完成"));
    assert!(
        text.contains(&format!("本年累计完成投资{ytd}亿元")),
        "{ytd} in {text}"
    );
    let rate = summary.num("项目类别", "合计", "完成率") * 100.0;
    assert!(
        text.contains(&format!("占年度计划的{rate:.1}%")),
        "{rate} in {text}"
    );
    for (cat, label) in [
        ("市属重大工程", "市属重大工程"),
        ("区属重大工程", "区属重大工程"),
    ] {
        let plan = money(summary.num("项目类别", cat, "年度计划投资"));
        assert!(text.contains(&format!("{label}。共")), "{text}");
        assert!(
            text.contains(&format!("年度计划投资{plan}亿元")),
            "{plan} in {text}"
        );
    }
    assert!(
        text.contains("庚站（区建管委）"),
        "red project named: {text}"
    );
    assert!(text.contains("1家单位未报送（区财政局）"), "{text}");
    // The body stands between the masthead and the 附表, its parts in order, and every
    // paragraph keeps an id of its own.
    let order = [
        "重大项目推进情况通报",
        "一、总体情况",
        "二、分类推进情况",
        "三、滞后项目情况",
        "四、存在问题及协调建议",
        "五、报送情况",
        "附表：",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|h| text.find(h).unwrap_or_else(|| panic!("{h} in {text}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?} in {text}");
    let ids: Vec<&str> = xml
        .split("w14:paraId=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert_eq!(ids.len(), xml.matches("<w:p ").count());
    assert!(!text.contains("taizhang"), "{text}");
    // A rerun gives the same bytes.
    let before = std::fs::read(&path).unwrap();
    let (code, _, err) = taizhang(
        &[
            "run",
            "inbox-6",
            "--out",
            "out",
            "--period",
            "2022-06",
            "--config",
            "taizhang.toml",
        ],
        dir.path(),
    );
    assert!(code <= 1, "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// The text of document.xml, its runs joined.
fn plain(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:t") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let Some(close) = rest.find("</w:t>") else {
            break;
        };
        if !rest[..open_end].ends_with('/') && open_end < close {
            out.push_str(&rest[open_end + 1..close]);
        }
        rest = &rest[close.min(rest.len())..];
        rest = rest.get(6..).unwrap_or("");
    }
    out
}

/// A history file written before the lights (only the old columns) still reads: its flags
/// count for the streaks and the ladder, its lights are unknown, and the output says so.
#[test]
fn an_older_history_file_reads_with_its_lights_unknown() {
    use polars::prelude::*;
    let dir = Dir::new();
    dir.write("taizhang.toml", CONFIG.as_bytes());
    let mut frame = df!(
        "key" => ["code:PT-P", "code:PT-Q"],
        "code" => [Some("PT-P"), Some("PT-Q")],
        "name" => ["丙路", "辛场"],
        "category" => ["市属重大工程", "区属重大工程"],
        "lead_unit" => ["区建管委", "区建管委"],
        "unit" => ["区建管委", "区建管委"],
        "stage" => [Some("在建"), Some("在建")],
        "total_investment" => [100_000_000_i64, 100_000_000],
        "annual_plan" => [12_000_000_i64, 10_000_000],
        "ytd_completed" => [6_000_000_i64, 500_000],
        "month_completed" => [Some(0_i64), Some(100_000)],
        "flags" => [Some("本月无进展、存在卡点"), Some("")],
        "source" => ["区建管委.xlsx!重大项目!A2", "区建管委.xlsx!重大项目!A7"],
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("out/history")).unwrap();
    let file = std::fs::File::create(dir.join("out/history/2022-01.parquet")).unwrap();
    ParquetWriter::new(file).finish(&mut frame).unwrap();

    let feb = run_month(&dir, 2);
    let bing = project(&feb, "PT-P");
    assert_eq!(
        (bing["streak"].as_u64(), bing["light"].as_str()),
        (Some(2), Some("黄"))
    );
    assert!(
        strings(&bing["changes"]).is_empty(),
        "lagging then too; its light unknown"
    );
    let top = &feb["problems"][0];
    assert_eq!(
        (top["months"].as_u64(), top["first_seen"].as_str()),
        (Some(2), Some("2022-01"))
    );
    assert_eq!(top["level"], "提请副指挥长协调");
    let notes = strings(&feb["year_notes"]).join("；");
    assert!(notes.contains("早于红黄绿灯"), "{notes}");
    let trend = feb["trend"].as_array().unwrap();
    assert!(trend[0]["red"].is_null() && trend[1]["red"].as_u64().is_some());
    assert_eq!(unit(&feb, "区建管委")["months_submitted"], 2);
}
