//! Months to commit, the binary run under limits (file size, umask, another user, env), and a
//! period's outputs read back whole.

use crate::support::{Dir, Table, close};
use rust_xlsxwriter::Workbook;
use std::collections::BTreeSet;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How to start the binary.
#[derive(Default)]
pub struct Limits<'a> {
    /// `ulimit -f`, in bytes.
    pub file_size: Option<u64>,
    pub umask: Option<u32>,
    pub env: &'a [(&'a str, &'a str)],
    /// Run as `nobody` when the tests run as root (root ignores permissions).
    pub as_nobody: bool,
}

pub fn command(args: &[&str], cwd: &Path, limits: &Limits) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    cmd.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in limits.env {
        cmd.env(k, v);
    }
    let (file_size, umask) = (limits.file_size, limits.umask);
    let nobody = limits.as_nobody && is_root();
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            if let Some(bytes) = file_size {
                let lim = libc::rlimit {
                    rlim_cur: bytes,
                    rlim_max: bytes,
                };
                libc::setrlimit(libc::RLIMIT_FSIZE, &raw const lim);
            }
            if let Some(mask) = umask {
                libc::umask(mask);
            }
            if nobody {
                libc::setgroups(0, std::ptr::null());
                libc::setgid(65534);
                libc::setuid(65534);
            }
            Ok(())
        });
    }
    cmd
}

pub fn is_root() -> bool {
    // SAFETY: getuid has no preconditions.
    unsafe { libc::getuid() == 0 }
}

/// Runs the binary to its end (at most a minute); returns (exit code, stdout, stderr), the code
/// -1 when a signal ended it.
pub fn taizhang_with(args: &[&str], cwd: &Path, limits: &Limits) -> (i32, String, String) {
    let child = command(args, cwd, limits).spawn().expect("run taizhang");
    finish(child, Duration::from_mins(1))
}

pub fn finish(mut child: std::process::Child, limit: Duration) -> (i32, String, String) {
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("taizhang did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A project row: code, name, 本年累计完成投资 (万元, or text such as `12..5`).
pub type Row<'a> = (&'a str, &'a str, &'a str);

/// A unit's ledger for March 2022 with `填报单位：<unit>` above the header.
pub fn ledger(dir: &Dir, file: &str, unit: &str, projects: &[Row]) {
    dir.xlsx(file, |wb: &mut Workbook| {
        let ws = wb.add_worksheet().set_name("重大项目").unwrap();
        ws.write_string(0, 0, "2022年3月重大项目推进情况表")
            .unwrap();
        ws.write_string(1, 0, format!("填报单位：{unit}")).unwrap();
        let header = [
            "项目编号",
            "项目名称",
            "项目类别",
            "建设阶段",
            "总投资",
            "年度计划投资",
            "本年累计完成投资",
        ];
        for (c, h) in header.iter().enumerate() {
            ws.write_string(2, u16::try_from(c).unwrap(), *h).unwrap();
        }
        for (i, (code, name, ytd)) in projects.iter().enumerate() {
            let r = 3 + u32::try_from(i).unwrap();
            ws.write_string(r, 0, *code).unwrap();
            ws.write_string(r, 1, *name).unwrap();
            ws.write_string(r, 2, "区属").unwrap();
            ws.write_string(r, 3, "在建").unwrap();
            ws.write_number(r, 4, 100_000.0).unwrap();
            ws.write_number(r, 5, 10_000.0).unwrap();
            match ytd.parse::<f64>() {
                Ok(n) => ws.write_number(r, 6, n).unwrap(),
                Err(_) => ws.write_string(r, 6, *ytd).unwrap(),
            };
        }
    });
}

/// The old set: 甲 has a bad cell (a 反馈 file), 乙 is clean.
pub fn month_a(dir: &Dir) {
    ledger(
        dir,
        "inbox_a/甲单位.xlsx",
        "甲单位",
        &[("A-1", "甲一", "3000"), ("A-2", "甲二", "12..5")],
    );
    ledger(
        dir,
        "inbox_a/乙单位.xlsx",
        "乙单位",
        &[("B-1", "乙一", "4000")],
    );
}

/// The new set: 甲 is clean, 乙 and 丙 have bad cells; other amounts.
pub fn month_b(dir: &Dir) {
    ledger(
        dir,
        "inbox_b/甲单位.xlsx",
        "甲单位",
        &[("A-1", "甲一", "3500")],
    );
    ledger(
        dir,
        "inbox_b/乙单位.xlsx",
        "乙单位",
        &[("B-1", "乙一", "4500"), ("B-2", "乙二", "#REF!")],
    );
    ledger(
        dir,
        "inbox_b/丙单位.xlsx",
        "丙单位",
        &[("C-1", "丙一", "5000"), ("C-2", "丙二", "12..5")],
    );
}

/// What tells one set from another: 本年累计完成 and the 反馈 files.
#[derive(Debug, Clone, PartialEq)]
pub struct SetView {
    pub ytd: String,
    pub feedback: BTreeSet<String>,
}

/// A period's outputs read back whole, checked against each other: run.json lists exactly the
/// workbooks and 反馈 files present, the summary's 合计 and the history agree with run.json.
/// `None` when the period folder does not exist.
pub fn read_set(root: &Path, period: &str) -> Option<SetView> {
    let dir = root.join(period);
    if !dir.exists() {
        return None;
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("run.json")).expect("run.json"))
            .expect("whole run.json");
    assert_eq!(json["period"], period);
    let listed: BTreeSet<String> = json["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap().to_owned())
        .filter(|o| o != "run.json")
        .collect();
    let mut present = BTreeSet::new();
    for (sub, prefix) in [("", ""), ("反馈", "反馈/")] {
        for e in std::fs::read_dir(dir.join(sub))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = e.file_name().to_string_lossy().into_owned();
            if Path::new(&name)
                .extension()
                .is_some_and(|e| e == "xlsx" || e == "docx")
            {
                present.insert(format!("{prefix}{name}"));
            }
        }
    }
    assert_eq!(
        present, listed,
        "run.json lists exactly the workbooks present"
    );
    let ytd = json["totals"]["all"]["ytd_completed"].as_f64().unwrap();
    let summary = Table::read(
        &dir.join(format!("重大项目汇总_{period}.xlsx")),
        "汇总",
        "项目类别",
    );
    assert!(
        close(summary.num("项目类别", "合计", "本年累计完成"), ytd),
        "summary agrees"
    );
    assert!(
        close(history_ytd(&dir.join("history.parquet")), ytd),
        "history agrees"
    );
    let feedback = listed
        .into_iter()
        .filter(|o| o.starts_with("反馈/"))
        .collect();
    Some(SetView {
        ytd: format!("{ytd:.6}"),
        feedback,
    })
}

/// 本年累计完成 of every project in a history file, in 亿元.
fn history_ytd(path: &Path) -> f64 {
    use polars::prelude::*;
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let frame = ParquetReader::new(file).finish().expect("whole parquet");
    let fen = frame
        .column("ytd_completed")
        .unwrap()
        .i64()
        .unwrap()
        .sum()
        .unwrap_or(0);
    #[allow(clippy::cast_precision_loss)] // test amounts are far below 2^52 fen
    let fen = fen as f64;
    fen / 1e10
}

/// Nothing of an unfinished commit left in the output root or the period folder.
pub fn assert_no_leftovers(root: &Path, period: &str) {
    let mut left: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".taizhang"))
        .collect();
    if root.join(period).join(".taizhang-commit-id").exists() {
        left.push(format!("{period}/.taizhang-commit-id"));
    }
    assert!(left.is_empty(), "left behind: {left:?}");
}
