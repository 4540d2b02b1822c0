//! The lock from outside: runs released together against a stale lock (exactly one proceeds,
//! the others exit 2 naming it), lock files nobody holds taken whatever they contain, and the
//! lock of a run killed as pid 1 of a PID namespace.

use crate::commit::Limits;
use crate::commit::fixtures::{finish, month_a, read_set, taizhang_with};
use crate::commit::kill::big_month;
use crate::support::Dir;
use std::time::Duration;
use taizhang::output::LOCK_FILE;

fn record(pid: u32) -> Vec<u8> {
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| host.trim().to_owned());
    format!(r#"{{"pid":{pid},"host":"{host}","started":"2022-04-03 02:00:00"}}"#).into_bytes()
}

#[test]
fn runs_released_together_against_a_stale_lock_let_exactly_one_proceed() {
    let dir = Dir::new();
    big_month(&dir, "inbox", 20, 100);
    for round in 0..3 {
        let _ = std::fs::remove_dir_all(dir.join("out"));
        std::fs::create_dir_all(dir.join("out")).unwrap();
        std::fs::write(dir.join("out").join(LOCK_FILE), record(u32::MAX - 7)).unwrap();
        let gate = dir.join(&format!("gate{round}"));
        let script = format!(
            "while [ ! -e '{}' ]; do sleep 0.002; done; exec \"$0\" run inbox --out out --period 2022-03",
            gate.display()
        );
        let children: Vec<_> = (0..4)
            .map(|_| {
                let program = env!("CARGO_BIN_EXE_taizhang");
                let mut sh = std::process::Command::new("sh");
                sh.args(["-c", &script, program])
                    .current_dir(dir.path())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped());
                sh.spawn().unwrap()
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(&gate, b"").unwrap();
        let results: Vec<(u32, (i32, String, String))> = children
            .into_iter()
            .map(|c| (c.id(), finish(c, Duration::from_mins(2))))
            .collect();
        let winners: Vec<u32> = results
            .iter()
            .filter(|(_, (code, _, _))| *code == 1)
            .map(|(pid, _)| *pid)
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        for (pid, (code, _, err)) in &results {
            if *pid != winners[0] {
                assert_eq!(*code, 2, "{err}");
                assert!(
                    err.contains(&format!("另一个汇总正在运行（进程 {}，", winners[0])),
                    "round {round}: {err}"
                );
            }
        }
        assert!(read_set(&dir.join("out"), "2022-03").is_some());
        assert!(!dir.join("out").join(LOCK_FILE).exists(), "released");
    }
}

#[test]
fn a_lock_file_nobody_holds_is_taken_whatever_it_says() {
    let dir = Dir::new();
    month_a(&dir);
    let cases: [(&str, Vec<u8>); 4] = [
        ("dead pid", record(u32::MAX - 7)),
        ("pid 1", record(1)),
        ("0 bytes", Vec::new()),
        ("garbage", b"\xff\xfe{{{ not a lock".to_vec()),
    ];
    for (case, body) in cases {
        let out = dir.join("out");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join(LOCK_FILE), &body).unwrap();
        let (code, _, err) = taizhang_with(
            &["run", "inbox_a", "--out", "out", "--period", "2022-03"],
            dir.path(),
            &Limits::default(),
        );
        assert_eq!(code, 1, "{case}: {err}");
        assert!(read_set(&out, "2022-03").is_some(), "{case}");
        if !body.is_empty() {
            assert!(
                err.contains("无人持有") || err.contains("未正常结束"),
                "{case}: {err}"
            );
        }
        assert!(!out.join(LOCK_FILE).exists(), "{case}: released");
    }
}

#[test]
fn a_run_killed_as_pid_1_of_a_pid_namespace_does_not_block_the_next() {
    let probe = std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--pid", "--fork", "true"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        println!(
            "note: `unshare --user --pid --fork` is not available here; the PID-namespace case is skipped"
        );
        return;
    }
    let dir = Dir::new();
    month_a(&dir);
    let mut ns = std::process::Command::new("unshare");
    ns.args([
        "--user",
        "--map-root-user",
        "--pid",
        "--fork",
        env!("CARGO_BIN_EXE_taizhang"),
    ])
    .args(["run", "inbox_a", "--out", "out", "--period", "2022-03"])
    .current_dir(dir.path())
    .env("TAIZHANG_FAULT_STEP", "7")
    .env("TAIZHANG_FAULT_MODE", "abort")
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
    let (code, _, err) = finish(ns.spawn().unwrap(), Duration::from_mins(1));
    assert_ne!(code, 0, "{err}");
    let left = std::fs::read_to_string(dir.join("out").join(LOCK_FILE)).unwrap();
    assert!(left.contains(r#""pid":1,"#), "the lock names pid 1: {left}");
    let (code, _, err) = taizhang_with(
        &["run", "inbox_a", "--out", "out", "--period", "2022-03"],
        dir.path(),
        &Limits::default(),
    );
    assert_eq!(code, 1, "not blocked by the pid-1 lock: {err}");
    assert!(err.contains("已完成那次提交"), "{err}");
    assert!(read_set(&dir.join("out"), "2022-03").is_some());
}
