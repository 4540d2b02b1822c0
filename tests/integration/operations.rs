//! Running unattended on a shared drive: config from `init`, the template round trip, history
//! across periods, the lock, atomic outputs and reproducible reruns.

use crate::run_cli::month;
use crate::support::{Dir, Table, V::*, close, header, rows, sheet_cells, sheet_names, taizhang};
use std::collections::BTreeMap;
use std::path::Path;

fn run_json(dir: &Dir, period: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join(&format!("out/{period}/run.json"))).unwrap())
        .unwrap()
}

fn codes(json: &serde_json::Value, code: &str) -> Vec<(String, String)> {
    json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == code)
        .map(|i| {
            (
                i["file"].as_str().unwrap().to_owned(),
                i["cell"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn init_then_edit_then_run_uses_the_roster_and_thresholds() {
    let dir = Dir::new();
    month(&dir);
    let (code, _, err) = taizhang(&["init"], dir.path());
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(dir.join("taizhang.toml")).unwrap();
    let edited = text
        .replace("investment_lag_points = 10", "investment_lag_points = 30")
        .replace(
            "investment_severe_points = 20",
            "investment_severe_points = 40",
        )
        .replace(
            "# input = \"//fileserver/推进办/台帐/收件箱\"",
            "input = \"inbox\"",
        )
        .replace(
            "# output = \"//fileserver/推进办/台帐/汇总\"",
            "output = \"out\"",
        )
        + "\n[[roster]]\nname = \"区建管委\"\n\n[[roster]]\nname = \"区文化旅游局\"\naliases = [\"区文旅局\"]\n\n[[roster]]\nname = \"区财政局\"\n";
    std::fs::write(dir.join("taizhang.toml"), edited).unwrap();
    let (code, _, err) = taizhang(&["run", "--period", "2022-03"], dir.path());
    assert_eq!(code, 1, "{err}");
    let json = run_json(&dir, "2022-03");
    assert_eq!(json["missing_units"], serde_json::json!(["区财政局"]));
    assert_eq!(
        codes(&json, "unit-missing"),
        [(String::new(), String::new())]
    );
    let units: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["unit"].as_str().unwrap())
        .collect();
    assert_eq!(
        units,
        ["区建管委", "区文化旅游局"],
        "the alias in the file name maps to the roster name"
    );
    // 4% against 25% is 21 points: lagging at the default 10, not at the edited 30.
    let first = &json["lagging"][0];
    assert_eq!(
        (first["name"].as_str(), &first["flags"]),
        (Some("乙桥新建"), &serde_json::json!(["开工滞后"]))
    );
    let status = Table::read(
        &dir.join("out/2022-03/重大项目汇总_2022-03.xlsx"),
        "报送情况",
        "单位",
    );
    assert_eq!(status.get("单位", "区财政局", "是否报送"), "未报送");

    let (code, _, _) = taizhang(&["init"], dir.path());
    assert_eq!(code, 2, "init never overwrites an edited config");
}

#[test]
fn a_bad_config_names_the_key_and_line_and_writes_nothing() {
    let dir = Dir::new();
    month(&dir);
    for (bad, key) in [
        (
            "investment_lag_points = 10",
            "investment_lag_points = \"十\"",
        ),
        ("stale_lock_minutes = 720", "stale_lock_minute = 720"),
        ("output_unit = \"亿元\"", "output_unit = \"千元\""),
    ] {
        let text = taizhang::config::DEFAULT_CONFIG.replace(bad, key);
        let line = format!(
            "第{}行",
            text.lines().position(|l| l.starts_with(key)).unwrap() + 1
        );
        std::fs::write(dir.join("bad.toml"), text).unwrap();
        let (code, _, err) = taizhang(
            &["run", "inbox", "--out", "out", "--config", "bad.toml"],
            dir.path(),
        );
        assert_eq!(code, 2, "{err}");
        let name = key.split(' ').next().unwrap();
        assert!(
            err.contains(&line) && err.contains("bad.toml"),
            "{key}: {err}"
        );
        assert!(
            err.contains(name) || err.contains("千元") || err.contains("十"),
            "{key}: {err}"
        );
        assert!(!dir.join("out").exists(), "nothing written on a bad config");
    }
}

#[test]
fn the_template_filled_in_reads_back_with_zero_issues() {
    let dir = Dir::new();
    let (code, _, err) = taizhang(&["template", "--out", "模板.xlsx"], dir.path());
    assert_eq!(code, 0, "{err}");
    let template = dir.join("模板.xlsx");
    assert_eq!(
        sheet_names(&template),
        ["重大项目", "工作任务清单", "填表说明"]
    );
    // Fill it as a unit would: the template's cells as they are, then rows below the example.
    let filled = dir.xlsx("inbox/区建管委-2022年3月.xlsx", |wb| {
        for sheet in ["重大项目", "工作任务清单"] {
            let cells = sheet_cells(&template, sheet);
            let ws = wb.add_worksheet().set_name(sheet).unwrap();
            for (r, row) in cells.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    if !v.is_empty() {
                        match v.parse::<f64>() {
                            Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                            Err(_) => ws.write_string(r as u32, c as u16, v).unwrap(),
                        };
                    }
                }
            }
            let headers = &cells[1];
            let value = |h: &str| -> Option<&'static str> {
                Some(match h {
                    "项目编号" => "PT-2022-101",
                    "项目名称" => "曹杨路改建工程",
                    "项目类别" => "区属重大工程",
                    "项目类型" => "政府投资项目",
                    "项目性质" => "正式项目",
                    "结转/新增" => "新增",
                    "建设阶段" => "在建",
                    "主责单位" => "区建管委",
                    "总投资（万元）" => "30000",
                    "年度计划投资（万元）" => "8000",
                    "本年累计完成投资（万元）" => "2100",
                    "本月完成投资（万元）" => "700",
                    "计划开工时间" => "2022-01-15",
                    "计划竣工时间" => "2023.12",
                    "实际开工时间" => "2022-01-20",
                    "重点工作事项" => "曹杨路征收",
                    "具体任务目标" => "完成居民签约",
                    "主责部门" => "区建管委",
                    "工作完成时限" => "二季度",
                    "完成情况" => "推进中",
                    _ => return None,
                })
            };
            for (c, h) in headers.iter().enumerate() {
                if let Some(v) = value(h) {
                    ws.write_string(3, c as u16, v).unwrap();
                }
            }
        }
    });
    let (code, out, _) = taizhang(
        &[
            "check",
            filled.to_str().unwrap(),
            "--period",
            "2022-03",
            "--json",
        ],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["issues"], serde_json::json!([]), "{out}");
    assert_eq!(code, 0);
    let f = &json["files"][0];
    // The example rows are skipped, the filled rows accepted.
    assert_eq!(
        (
            f["accepted"].as_i64(),
            f["skipped"].as_i64(),
            f["rejected"].as_i64()
        ),
        (Some(2), Some(2), Some(0))
    );
}

fn ledger(dir: &Dir, period: &str, projects: &[(&'static str, &'static str, f64, Option<f64>)]) {
    let _ = std::fs::remove_dir_all(dir.join("inbox"));
    dir.xlsx("inbox/区建管委.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        ws.write_string(
            0,
            0,
            format!(
                "{}年{}月重大项目推进情况表",
                &period[..4],
                period[5..].trim_start_matches('0')
            ),
        )
        .unwrap();
        header(
            ws,
            1,
            &[
                "项目编号",
                "项目名称",
                "项目类别",
                "建设阶段",
                "总投资",
                "年度计划投资",
                "本年累计完成投资",
                "本月完成投资",
            ],
        );
        for (i, (code, name, ytd, month)) in projects.iter().enumerate() {
            let month = month.map_or(E, N);
            rows(
                ws,
                2 + i as u32,
                &[vec![
                    S(code),
                    S(name),
                    S("区属"),
                    S("在建"),
                    N(100000.0),
                    N(10000.0),
                    N(*ytd),
                    month,
                ]],
            );
        }
    });
}

#[test]
fn two_consecutive_periods_compare_month_over_month() {
    let dir = Dir::new();
    ledger(
        &dir,
        "2022-02",
        &[
            ("PT-1", "甲", 300.0, None),
            ("PT-2", "乙", 40.0, None),
            ("PT-3", "丙", 100.0, None),
            ("PT-5", "戊", 600.0, None),
        ],
    );
    let (code, _, err) = taizhang(&["run", "inbox", "--out", "out"], dir.path());
    assert_eq!(code, 0, "{err}");
    let feb = run_json(&dir, "2022-02");
    assert_eq!(feb["period"], "2022-02");
    assert_eq!(
        codes(&feb, "no-history").len(),
        1,
        "the first period says once that it has no history"
    );
    assert!(
        dir.join("out/2022-02/history.parquet").is_file(),
        "the history moves with its period (LEDGER-SPEC 7.5, section 10)"
    );

    ledger(
        &dir,
        "2022-03",
        &[
            ("PT-1", "甲", 500.0, Some(200.0)),
            ("PT-2", "乙", 30.0, Some(0.0)),
            ("PT-3", "丙", 100.0, None),
            ("PT-4", "丁", 50.0, Some(50.0)),
            ("PT-5", "戊", 800.0, Some(100.0)),
        ],
    );
    let (code, _, err) = taizhang(&["run", "inbox", "--out", "out"], dir.path());
    assert_eq!(code, 1, "ytd-decreased is an error: {err}");
    let mar = run_json(&dir, "2022-03");
    assert_eq!(mar["previous_period"], "2022-02");
    assert_eq!(codes(&mar, "no-history"), []);
    assert_eq!(
        codes(&mar, "ytd-decreased"),
        [("区建管委.xlsx".to_owned(), "G4".to_owned())]
    );
    assert_eq!(
        codes(&mar, "month-mismatch"),
        [("区建管委.xlsx".to_owned(), "H7".to_owned())]
    );
    let f = &mar["files"][0];
    assert_eq!(
        (f["accepted"].as_i64(), f["rejected"].as_i64()),
        (Some(4), Some(1)),
        "the decreased row is rejected"
    );
    let flat: Vec<(&str, &serde_json::Value)> = mar["lagging"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["name"].as_str().unwrap(), &l["flags"]))
        .collect();
    assert!(
        flat.contains(&("丙", &serde_json::json!(["投资滞后", "本月无进展"]))),
        "{flat:?}"
    );
    // 上月累计 over the projects counted now and found last month: 甲 300 + 丙 100 + 戊 600 万元.
    let t = Table::read(
        &dir.join("out/2022-03/重大项目汇总_2022-03.xlsx"),
        "汇总",
        "项目类别",
    );
    assert!(close(t.num("项目类别", "合计", "上月累计"), 0.1));
    assert!(
        close(t.num("项目类别", "合计", "本月新增"), 0.045),
        "(500 + 100 + 50 + 800 − 1000) 万元"
    );
    assert!(close(
        mar["totals"]["all"]["previous_ytd_completed"]
            .as_f64()
            .unwrap(),
        0.1
    ));

    // A rerun of a period replaces its history entry, and still compares with February.
    let (code, _, _) = taizhang(&["run", "inbox", "--out", "out"], dir.path());
    assert_eq!(code, 1);
    assert_eq!(run_json(&dir, "2022-03")["previous_period"], "2022-02");
}

#[test]
fn a_second_run_while_one_holds_the_lock_exits_two_naming_the_holder() {
    let dir = Dir::new();
    month(&dir);
    let held = taizhang::output::Lock::acquire(&dir.join("out"), 720).unwrap();
    let (code, _, err) = taizhang(
        &["run", "inbox", "--out", "out", "--period", "2022-03"],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("进程 {}", std::process::id())) && err.contains("开始于"),
        "{err}"
    );
    assert!(!dir.join("out/2022-03").exists(), "nothing written");
    drop(held);
    let (code, _, _) = taizhang(
        &["run", "inbox", "--out", "out", "--period", "2022-03"],
        dir.path(),
    );
    assert_eq!(code, 1);
    assert!(dir.join("out/2022-03/run.json").is_file());
}

fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut dirs = vec![root.to_owned()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                dirs.push(e.path());
            } else {
                files.insert(
                    e.path().strip_prefix(root).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                );
            }
        }
    }
    files
}

#[test]
fn a_run_that_fails_while_writing_leaves_the_previous_outputs_byte_identical() {
    let dir = Dir::new();
    month(&dir);
    assert_eq!(
        taizhang(
            &["run", "inbox", "--out", "out", "--period", "2022-03"],
            dir.path()
        )
        .0,
        1
    );
    let before = snapshot(&dir.join("out"));
    dir.xlsx("inbox/区财政局.xlsx", |wb| {
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
        rows(
            ws,
            1,
            &[vec![S("新项目"), S("区属"), N(1.0), N(1.0), N(1.0)]],
        );
    });
    // A file-size limit (`ulimit -f`) the workbooks exceed: the run fails mid-way through writing.
    let (code, _, err) = crate::commit::taizhang_with(
        &["run", "inbox", "--out", "out", "--period", "2022-03"],
        dir.path(),
        &crate::commit::Limits {
            file_size: Some(4096),
            ..Default::default()
        },
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("写入输出失败"), "{err}");
    assert_eq!(
        snapshot(&dir.join("out")),
        before,
        "every earlier output byte-identical, no stray temporary files"
    );
}

#[test]
fn a_rerun_of_the_same_inputs_gives_identical_outputs() {
    let dir = Dir::new();
    month(&dir);
    taizhang(
        &["run", "inbox", "--out", "a", "--period", "2022-03"],
        dir.path(),
    );
    taizhang(
        &["run", "inbox", "--out", "b", "--period", "2022-03"],
        dir.path(),
    );
    let (a, b) = (snapshot(&dir.join("a")), snapshot(&dir.join("b")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        if std::path::Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        {
            for sheet in sheet_names(&dir.join("a").join(name)) {
                assert_eq!(
                    sheet_cells(&dir.join("a").join(name), &sheet),
                    sheet_cells(&dir.join("b").join(name), &sheet),
                    "{name}!{sheet}"
                );
            }
        }
        assert_eq!(
            bytes, &b[name],
            "{name} is byte-identical: timestamps pinned to the period"
        );
    }
}
