//! `taizhang check` end to end: the report a clerk reads, `--json`, and the exit statuses.

use crate::support::{Dir, Taizhang, V::*, header, rows, taizhang};

fn ledger(dir: &Dir, name: &str, ytd: &'static str) {
    dir.xlsx(name, |wb| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
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
                vec![S("甲"), S("区属"), N(100.0), N(10.0), S(ytd)],
                vec![S("乙"), S("市属"), N(50.0), N(5.0), N(1.0)],
            ],
        );
    });
}

#[test]
fn clean_files_exit_zero_with_counts() {
    let dir = Dir::new();
    ledger(&dir, "区建管委.xlsx", "2");
    Taizhang::new(dir.path())
        .args(["check", "区建管委.xlsx", "--period", "2022-03"])
        .env("TZ", "Asia/Shanghai")
        .stdin("")
        .status(0)
        .stdout_has("■ 区建管委.xlsx（区建管委）：读取 2 行 = 采用 2 + 退回 0 + 跳过 0")
        .run();
}

#[test]
fn errors_exit_one_and_name_file_sheet_and_cell() {
    let dir = Dir::new();
    ledger(&dir, "区建管委.xlsx", "12..5");
    let (code, out, _) = taizhang(&["check", ".", "--period", "2022-03"], dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("错误 [重大项目!E2] “本年累计完成投资”的值“12..5”不是有效金额（bad-number）"),
        "{out}"
    );
    assert!(out.contains("退回 第2行“甲”"), "{out}");

    let (code, json, _) = taizhang(&["check", ".", "--period", "2022-03", "--json"], dir.path());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["files"][0]["path"], "区建管委.xlsx");
    assert_eq!(v["files"][0]["rows_read"], 2);
    assert_eq!(v["files"][0]["rejected"], 1);
    let issue = &v["issues"][0];
    assert_eq!(
        (
            issue["code"].as_str(),
            issue["cell"].as_str(),
            issue["value"].as_str()
        ),
        (Some("bad-number"), Some("E2"), Some("12..5"))
    );
    assert_eq!(
        (
            issue["severity"].as_str(),
            issue["unit"].as_str(),
            issue["sheet"].as_str()
        ),
        (Some("error"), Some("区建管委"), Some("重大项目"))
    );
}

#[test]
fn a_missing_input_exits_two() {
    let dir = Dir::new();
    let (code, _, err) = taizhang(&["check", "没有这个文件夹"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("没有这个文件夹"), "{err}");
}

#[test]
fn a_bad_period_exits_two_with_the_reason() {
    let dir = Dir::new();
    let (code, _, err) = taizhang(&["check", ".", "--period", "2022-13"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("2022-13"), "{err}");
}
