//! The rules at their edges: lag thresholds compared exactly, 本月无进展 only for projects under
//! construction (LEDGER-SPEC section 6), and a unit's resubmission counted once (section 5).

use crate::support::{Dir, Ledger, Taizhang, V::*};

/// run.json's lagging projects: name → (flags, reasons joined).
fn lagging(dir: &Dir, period: &str) -> Vec<(String, Vec<String>, String)> {
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join(&format!("out/{period}/run.json"))).unwrap(),
    )
    .unwrap();
    json["lagging"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let strings = |k: &str| -> Vec<String> {
                p[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect()
            };
            (
                p["name"].as_str().unwrap().to_owned(),
                strings("flags"),
                strings("reasons").join("；"),
            )
        })
        .collect()
}

#[test]
fn a_gap_of_exactly_ten_or_twenty_points_is_not_more_than_the_threshold() {
    // October: 序时进度 10/12. Against a plan of 600: 440 is exactly 10 points behind, 380
    // exactly 20, 379 a little more than 20. In floating point 10/12 − 440/600 is 0.1000…09.
    let dir = Dir::new();
    Ledger::projects()
        .sheet("项目推进")
        .above(vec![S("2022年10月重大项目推进情况表")])
        .above(vec![S("单位：万元")])
        .row(vec![
            S("恰好十个点"),
            S("区属"),
            S("区建管委"),
            N(1000.0),
            N(600.0),
            N(440.0),
        ])
        .row(vec![
            S("恰好二十个点"),
            S("区属"),
            S("区建管委"),
            N(1000.0),
            N(600.0),
            N(380.0),
        ])
        .row(vec![
            S("超过二十个点"),
            S("区属"),
            S("区建管委"),
            N(1000.0),
            N(600.0),
            N(379.0),
        ])
        .write(&dir, "in/区建管委.xlsx");
    Taizhang::new(dir.path())
        .args(["run", "in", "--period", "2022-10", "--out", "out", "-q"])
        .status(0)
        .writes("out/2022-10/run.json")
        .run();
    let lagging = lagging(&dir, "2022-10");
    let names: Vec<&str> = lagging.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["恰好二十个点", "超过二十个点"]);
    assert_eq!(lagging[0].1, ["投资滞后"]);
    assert!(!lagging[0].2.contains("严重"), "{}", lagging[0].2);
    assert!(lagging[1].2.contains("严重滞后"), "{}", lagging[1].2);
}

/// A ledger with 建设阶段 and 本月完成投资: (name, stage, 本年累计, 本月完成).
fn staged(dir: &Dir, period_ytd: &[(&'static str, &'static str, f64, f64)]) {
    let mut ledger = Ledger::projects().header(&[
        "项目名称",
        "项目类别",
        "主责单位",
        "建设阶段",
        "总投资",
        "年度计划投资",
        "本年累计完成投资",
        "本月完成投资",
    ]);
    for (name, stage, ytd, month) in period_ytd {
        ledger = ledger.row(vec![
            S(name),
            S("区属"),
            S("区建管委"),
            S(stage),
            N(1000.0),
            N(0.0),
            N(*ytd),
            N(*month),
        ]);
    }
    ledger.write(dir, "in/区建管委.xlsx");
}

#[test]
fn no_progress_is_only_for_projects_under_construction() {
    let dir = Dir::new();
    staged(
        &dir,
        &[
            ("前期项目", "前期", 0.0, 0.0),
            ("在建项目", "在建", 0.0, 0.0),
            ("竣工项目", "竣工", 0.0, 0.0),
        ],
    );
    Taizhang::new(dir.path())
        .args(["run", "in", "--period", "2022-02", "--out", "out", "-q"])
        .status(0)
        .run();
    // March: 本年累计 unchanged for all three, 本月完成 left out.
    std::fs::remove_file(dir.join("in/区建管委.xlsx")).unwrap();
    Ledger::projects()
        .header(&[
            "项目名称",
            "项目类别",
            "主责单位",
            "建设阶段",
            "总投资",
            "年度计划投资",
            "本年累计完成投资",
        ])
        .row(vec![
            S("前期项目"),
            S("区属"),
            S("区建管委"),
            S("前期"),
            N(1000.0),
            N(0.0),
            N(0.0),
        ])
        .row(vec![
            S("在建项目"),
            S("区属"),
            S("区建管委"),
            S("在建"),
            N(1000.0),
            N(0.0),
            N(0.0),
        ])
        .row(vec![
            S("竣工项目"),
            S("区属"),
            S("区建管委"),
            S("竣工"),
            N(1000.0),
            N(0.0),
            N(0.0),
        ])
        .write(&dir, "in/区建管委.xlsx");
    Taizhang::new(dir.path())
        .args(["run", "in", "--period", "2022-03", "--out", "out", "-q"])
        .status(0)
        .run();
    for period in ["2022-02", "2022-03"] {
        let lagging = lagging(&dir, period);
        assert_eq!(lagging.len(), 1, "{period}: {lagging:?}");
        assert_eq!(lagging[0].0, "在建项目");
        assert_eq!(lagging[0].1, ["本月无进展"]);
    }
}

/// Sets a file's modified time, seconds after an arbitrary instant.
fn touch(path: &std::path::Path, seconds: u64) {
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_650_000_000 + seconds);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

fn one_project(dir: &Dir, file: &str, ytd: f64) -> std::path::PathBuf {
    Ledger::projects()
        .row(vec![
            S("桃浦中央绿地"),
            S("市属"),
            S("区建管委"),
            N(125_000.0),
            N(23_000.0),
            N(ytd),
        ])
        .write(dir, file)
}

#[test]
fn a_corrected_resubmission_counts_and_the_original_is_set_aside_by_name() {
    let dir = Dir::new();
    // The corrected file sorts first by name but is newer: it is the one counted.
    let corrected = one_project(&dir, "in/区建管委（修改版）.xlsx", 6_000.0);
    let original = one_project(&dir, "in/区建管委.xlsx", 5_750.0);
    touch(&original, 0);
    touch(&corrected, 3_600);
    let inbox = dir.inbox_of("in", "2022-03");
    crate::support::assert_rows_conserved(&inbox);
    assert_eq!(inbox.projects.len(), 1);
    assert_eq!(inbox.projects[0].ytd_completed.fen(), 6_000 * 1_000_000);
    let warning = inbox
        .issues
        .iter()
        .find(|i| i.code.as_str() == "resubmitted")
        .expect("a resubmitted warning");
    assert_eq!(warning.file, "区建管委（修改版）.xlsx");
    assert!(
        warning.message.contains("《区建管委.xlsx》")
            && warning
                .message
                .contains("按修改时间最新的《区建管委（修改版）.xlsx》计入"),
        "{}",
        warning.message
    );
    let old = inbox
        .ledgers
        .iter()
        .find(|l| l.file == "区建管委.xlsx")
        .unwrap();
    assert_eq!((old.counts.accepted, old.counts.skipped), (0, 1));
    assert!(old.reason.as_deref().unwrap().contains("未计入"));
}

#[test]
fn two_files_of_one_unit_with_different_projects_both_count() {
    let dir = Dir::new();
    one_project(&dir, "in/区建管委-一.xlsx", 5_750.0);
    Ledger::projects()
        .row(vec![
            S("真如副中心"),
            S("区属"),
            S("区建管委"),
            N(8_000.0),
            N(2_000.0),
            N(500.0),
        ])
        .write(&dir, "in/区建管委-二.xlsx");
    let inbox = dir.inbox_of("in", "2022-03");
    assert_eq!(inbox.projects.len(), 2);
    assert!(
        inbox
            .issues
            .iter()
            .all(|i| i.code.as_str() != "resubmitted")
    );
}

#[test]
fn an_input_folder_without_ledgers_is_not_a_month() {
    let dir = Dir::new();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/~$区建管委.xlsx"), b"lock").unwrap();
    Taizhang::new(dir.path())
        .args(["run", "in", "--period", "2022-03", "--out", "out", "-q"])
        .status(2)
        .stderr_has("没有任何台帐文件")
        .stderr_has("未写入任何新的输出")
        .run();
    assert!(!dir.join("out/2022-03").exists());
    assert!(!dir.join("out/history").exists());
}

#[test]
fn nothing_written_as_a_word_is_empty_and_no_blockage() {
    let dir = Dir::new();
    Ledger::projects()
        .header(&[
            "项目名称",
            "项目类别",
            "主责单位",
            "总投资",
            "年度计划投资",
            "本年累计完成投资",
            "存在问题",
            "形象进度",
        ])
        .row(vec![
            S("甲"),
            S("区属"),
            S("区建管委"),
            N(100.0),
            N(10.0),
            N(3.0),
            S("无"),
            S("—"),
        ])
        .row(vec![
            S("乙"),
            S("区属"),
            S("区建管委"),
            N(100.0),
            N(10.0),
            N(3.0),
            S(" 暂无 "),
            S("/"),
        ])
        .row(vec![
            S("丙"),
            S("区属"),
            S("区建管委"),
            N(100.0),
            N(10.0),
            N(3.0),
            S("征收未完成"),
            S("桩基"),
        ])
        .write(&dir, "in/区建管委.xlsx");
    let inbox = dir.inbox_of("in", "2022-03");
    let problems: Vec<Option<&str>> = inbox
        .projects
        .iter()
        .map(|p| p.problems.as_deref())
        .collect();
    assert_eq!(problems, [None, None, Some("征收未完成")]);
    let progress: Vec<Option<&str>> = inbox
        .projects
        .iter()
        .map(|p| p.progress.as_deref())
        .collect();
    assert_eq!(progress, [None, None, Some("桩基")]);
    Taizhang::new(dir.path())
        .args(["run", "in", "--period", "2022-03", "--out", "out", "-q"])
        .run();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/2022-03/run.json")).unwrap()).unwrap();
    assert_eq!(json["totals"]["all"]["lagging"], 0);
    let blocked: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(blocked, ["丙"]);
}

#[test]
fn an_amount_in_an_issue_is_shown_as_the_unit_wrote_it() {
    let dir = Dir::new();
    Ledger::projects()
        .header(&[
            "项目名称",
            "项目类别",
            "主责单位",
            "总投资（万元）",
            "年度计划投资（万元）",
            "本年累计完成投资（万元）",
        ])
        .row(vec![
            S("甲"),
            S("区属"),
            S("区建管委"),
            N(5000.0),
            N(9800.0),
            N(100.0),
        ])
        .write(&dir, "in/区建管委.xlsx");
    let inbox = dir.inbox_of("in", "2022-03");
    let issue = inbox
        .issues
        .iter()
        .find(|i| i.code.as_str() == "plan-exceeds-total")
        .expect("plan-exceeds-total");
    assert_eq!(
        (issue.cell.as_str(), issue.value.as_str()),
        ("E2", "9800万元")
    );
}
