//! A fault at every step of the commit, as a failed write (`fail`) and as a kill (`abort`),
//! with the atomic exchange of folders and with two renames: the outputs are all old or all
//! new right after it, and after the next run's recovery, with nothing left behind.

use super::fixtures::{
    Limits, SetView, assert_no_leftovers, month_a, month_b, read_set, taizhang_with,
};
use crate::support::Dir;
use taizhang::output::COMMIT_STEPS;

const RUN_A: [&str; 6] = ["run", "inbox_a", "--out", "out", "--period", "2022-03"];
const RUN_B: [&str; 6] = ["run", "inbox_b", "--out", "out", "--period", "2022-03"];
/// A run that recovers, then writes another period (an empty month) and leaves 2022-03 alone.
const RECOVER: [&str; 6] = ["run", "empty", "--out", "out", "--period", "2022-04"];
/// The step of the first rename that changes the period folder.
const POINT_OF_NO_RETURN: usize = 5;

struct Case {
    dir: Dir,
    old: SetView,
    new: SetView,
}

fn case() -> Case {
    let dir = Dir::new();
    month_a(&dir);
    month_b(&dir);
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let plain = Limits::default();
    let mut b = RUN_B;
    b[3] = "reference";
    assert_eq!(taizhang_with(&b, dir.path(), &plain).0, 1);
    let new = read_set(&dir.join("reference"), "2022-03").unwrap();
    let (code, _, err) = taizhang_with(&RUN_A, dir.path(), &plain);
    assert_eq!(code, 1, "{err}");
    let old = read_set(&dir.join("out"), "2022-03").unwrap();
    assert_ne!(old, new, "the two sets tell apart");
    Case { dir, old, new }
}

/// What a reader may find right after a kill before step `k`.
fn after_kill(c: &Case, k: usize, two_renames: bool) -> Option<SetView> {
    match k {
        ..=POINT_OF_NO_RETURN => Some(c.old.clone()),
        // Between the two renames the period folder is briefly absent, never mixed.
        6 if two_renames => None,
        _ => Some(c.new.clone()),
    }
}

fn matrix(mode: &str, swap: &str) {
    let c = case();
    let out = c.dir.join("out");
    let two_renames = swap == "rename";
    for k in 1..=COMMIT_STEPS + 1 {
        let step = k.to_string();
        let env = [
            ("TAIZHANG_FAULT_STEP", step.as_str()),
            ("TAIZHANG_FAULT_MODE", mode),
            ("TAIZHANG_FAULT_SWAP", swap),
        ];
        let faulty = Limits {
            env: &env,
            ..Default::default()
        };
        let (code, _, err) = taizhang_with(&RUN_B, c.dir.path(), &faulty);
        let now = read_set(&out, "2022-03");
        let expected = if k > COMMIT_STEPS {
            assert_eq!(code, 1, "no fault past the last step: {err}");
            Some(c.new.clone())
        } else if mode == "fail" && k < POINT_OF_NO_RETURN + 1 {
            assert_eq!(code, 2, "step {k}: {err}");
            assert!(
                err.contains("写入输出失败（上期输出未改动）") && err.contains(&format!("第{k}步")),
                "step {k}: {err}"
            );
            assert_no_leftovers(&out, "2022-03");
            Some(c.old.clone())
        } else if mode == "fail" {
            assert_eq!(code, 1, "step {k}: {err}");
            assert!(err.contains("已自动完成提交"), "step {k}: {err}");
            assert_no_leftovers(&out, "2022-03");
            Some(c.new.clone())
        } else {
            assert_eq!(code, -1, "step {k}: killed: {err}");
            after_kill(&c, k, two_renames)
        };
        assert_eq!(now, expected, "{mode}/{swap} step {k}: right after");

        let (code, _, err) = taizhang_with(&RECOVER, c.dir.path(), &Limits::default());
        // An empty inbox is not a month (exit 2): the run only finishes the interrupted commit.
        assert!(code == 2 && err.contains("没有任何台帐文件"), "{err}");
        let interrupted = mode == "abort" && (POINT_OF_NO_RETURN..=COMMIT_STEPS).contains(&k);
        let recovered = if interrupted {
            Some(c.new.clone())
        } else {
            expected
        };
        assert_eq!(
            read_set(&out, "2022-03"),
            recovered,
            "{mode}/{swap} step {k}: after recovery"
        );
        assert_eq!(
            err.contains("已完成那次提交"),
            interrupted,
            "step {k}: {err}"
        );
        assert_no_leftovers(&out, "2022-03");

        if recovered.as_ref() != Some(&c.old) {
            assert_eq!(taizhang_with(&RUN_A, c.dir.path(), &Limits::default()).0, 1);
            assert_eq!(read_set(&out, "2022-03").as_ref(), Some(&c.old));
        }
    }
}

#[test]
fn a_failed_write_at_any_step_leaves_all_old_or_completes_all_new() {
    matrix("fail", "exchange");
}

#[test]
fn a_kill_at_any_step_of_an_exchange_is_finished_by_the_next_run() {
    matrix("abort", "exchange");
}

#[test]
fn a_kill_at_any_step_of_two_renames_is_finished_by_the_next_run() {
    matrix("abort", "rename");
}

#[test]
fn the_run_that_recovers_says_so_on_stderr_and_in_its_run_json() {
    let c = case();
    let env = [
        ("TAIZHANG_FAULT_STEP", "7"),
        ("TAIZHANG_FAULT_MODE", "abort"),
    ];
    let killed = Limits {
        env: &env,
        ..Default::default()
    };
    assert_eq!(taizhang_with(&RUN_B, c.dir.path(), &killed).0, -1);
    assert!(
        c.dir
            .join("out")
            .join(taizhang::output::INTENT_FILE)
            .exists()
    );
    let (code, _, err) = taizhang_with(&RUN_A, c.dir.path(), &Limits::default());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("上次运行在提交2022-03的输出时中断：已完成那次提交"),
        "{err}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(c.dir.join("out/2022-03/run.json")).unwrap())
            .unwrap();
    assert_eq!(json["recovery"]["period"], "2022-03");
    assert_eq!(json["recovery"]["action"], "rolled_forward");
    assert!(
        json["recovery"]["message"]
            .as_str()
            .unwrap()
            .contains("已完成那次提交")
    );
    assert_eq!(read_set(&c.dir.join("out"), "2022-03"), Some(c.old));
    assert_no_leftovers(&c.dir.join("out"), "2022-03");
}
