//! `kill -9` of the real binary at spread-out moments of a large-ish month: whatever the
//! moment, a reader finds the whole old set or the whole new set, then and after recovery.

use super::fixtures::{
    Limits, assert_no_leftovers, command, finish, ledger, month_a, read_set, taizhang_with,
};
use crate::support::Dir;
use std::time::{Duration, Instant};

/// `units` ledgers of `rows` projects each, every tenth unit with a bad cell.
pub fn big_month(dir: &Dir, folder: &str, units: usize, rows: usize) {
    let names: Vec<String> = (0..units).map(|u| format!("第{u}单位")).collect();
    let codes: Vec<Vec<(String, String, String)>> = (0..units)
        .map(|u| {
            (0..rows)
                .map(|r| {
                    let ytd = if u % 10 == 0 && r == 0 {
                        "12..5".to_owned()
                    } else {
                        format!("{}", 2000 + (u * 37 + r * 11) % 900)
                    };
                    (format!("P-{u}-{r}"), format!("项目{u}-{r}"), ytd)
                })
                .collect()
        })
        .collect();
    for (name, projects) in names.iter().zip(&codes) {
        let rows: Vec<(&str, &str, &str)> = projects
            .iter()
            .map(|(c, n, y)| (c.as_str(), n.as_str(), y.as_str()))
            .collect();
        ledger(dir, &format!("{folder}/{name}.xlsx"), name, &rows);
    }
}

#[test]
fn kill_9_at_spread_out_moments_leaves_all_old_or_all_new() {
    let dir = Dir::new();
    month_a(&dir);
    big_month(&dir, "inbox_big", 20, 100);
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let plain = Limits::default();
    let big = [
        "run",
        "inbox_big",
        "--out",
        "reference",
        "--period",
        "2022-03",
    ];
    let start = Instant::now();
    assert_eq!(taizhang_with(&big, dir.path(), &plain).0, 1);
    let took = start.elapsed();
    let new = read_set(&dir.join("reference"), "2022-03").unwrap();
    let run_a = ["run", "inbox_a", "--out", "out", "--period", "2022-03"];
    assert_eq!(taizhang_with(&run_a, dir.path(), &plain).0, 1);
    let old = read_set(&dir.join("out"), "2022-03").unwrap();
    let big = ["run", "inbox_big", "--out", "out", "--period", "2022-03"];
    let recover = ["run", "empty", "--out", "out", "--period", "2022-04"];
    let moments = 8;
    let mut seen_new = 0;
    for i in 1..=moments {
        // From early reading to just past the end of a run as long as the measured one.
        let at = took.mul_f64(f64::from(i) / f64::from(moments - 2));
        let mut child = command(&big, dir.path(), &plain).spawn().unwrap();
        std::thread::sleep(at);
        // The last run is left to finish, however slow the machine is today: at least one
        // moment falls after the commit.
        if i < moments {
            let _ = child.kill();
        }
        let (code, _, _) = finish(child, Duration::from_mins(1));
        let now = read_set(&dir.join("out"), "2022-03");
        assert!(
            now == Some(old.clone()) || now == Some(new.clone()),
            "killed at {at:?} (exit {code}): {now:?}"
        );
        let (code, _, err) = taizhang_with(&recover, dir.path(), &plain);
        // An empty inbox is not a month (exit 2): the run only finishes the interrupted commit.
        assert!(code == 2 && err.contains("没有任何台帐文件"), "{err}");
        let after = read_set(&dir.join("out"), "2022-03");
        assert!(
            after == Some(old.clone()) || after == Some(new.clone()),
            "after recovery: {after:?}"
        );
        assert!(
            after == now || after == Some(new.clone()),
            "recovery only finishes"
        );
        assert_no_leftovers(&dir.join("out"), "2022-03");
        if after == Some(new.clone()) {
            seen_new += 1;
            assert_eq!(taizhang_with(&run_a, dir.path(), &plain).0, 1);
        }
    }
    assert!(
        seen_new >= 1 && seen_new < moments,
        "kills both before and after the commit: {seen_new}"
    );
}
