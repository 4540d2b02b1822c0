use super::*;
use crate::output::lock_fallback::is_stale;

fn holder(pid: u32) -> LockHolder {
    LockHolder {
        pid,
        host: host_name(),
        started: "2022-04-01 02:00:00".into(),
    }
}

#[test]
fn second_lock_names_the_holder_and_drop_releases() {
    let dir = tempfile::tempdir().unwrap();
    let first = Lock::acquire(dir.path(), 720).unwrap();
    assert!(first.took_over.is_none());
    let inside: LockHolder =
        serde_json::from_slice(&std::fs::read(dir.path().join(LOCK_FILE)).unwrap()).unwrap();
    assert_eq!(inside.pid, std::process::id());
    let err = Lock::acquire(dir.path(), 720).unwrap_err();
    assert!(
        matches!(&err, OutputError::Locked { holder, .. } if holder.pid == std::process::id()),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains(&format!("进程 {}", std::process::id()))
    );
    drop(first);
    assert!(!dir.path().join(LOCK_FILE).exists(), "removed on release");
    assert!(Lock::acquire(dir.path(), 720).is_ok());
}

#[test]
fn a_lock_file_nobody_holds_is_free_whatever_it_contains() {
    let live_and_young = serde_json::to_vec(&holder(std::process::id())).unwrap();
    let cases: [(&str, Vec<u8>); 5] = [
        (
            "dead pid",
            serde_json::to_vec(&holder(u32::MAX - 7)).unwrap(),
        ),
        ("pid 1", serde_json::to_vec(&holder(1)).unwrap()),
        ("empty", Vec::new()),
        ("garbage", b"\x00\xffnot json at all".to_vec()),
        ("a live pid, minutes old", live_and_young),
    ];
    for (case, body) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LOCK_FILE), &body).unwrap();
        let lock = Lock::acquire(dir.path(), 720).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(lock.took_over.is_some(), !body.is_empty(), "{case}");
        if case == "pid 1" {
            let note = lock.took_over.clone().unwrap();
            assert!(
                note.contains("进程 1，") && note.contains("2022-04-01 02:00:00"),
                "{note}"
            );
        }
        let inside: LockHolder =
            serde_json::from_slice(&std::fs::read(dir.path().join(LOCK_FILE)).unwrap()).unwrap();
        assert_eq!(
            inside.pid,
            std::process::id(),
            "{case}: our record replaced it"
        );
    }
}

#[test]
fn of_many_threads_started_together_exactly_one_holds_and_the_others_name_it() {
    let dir = tempfile::tempdir().unwrap();
    // A stale record to take over, as after a crash.
    std::fs::write(
        dir.path().join(LOCK_FILE),
        serde_json::to_vec(&holder(u32::MAX - 7)).unwrap(),
    )
    .unwrap();
    let gate = std::sync::Barrier::new(8);
    let results: Vec<Result<Lock, OutputError>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    gate.wait();
                    Lock::acquire(dir.path(), 720)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let held = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(held, 1, "{results:?}");
    for r in &results {
        if let Err(e) = r {
            assert!(
                matches!(e, OutputError::Locked { holder, .. } if holder.pid == std::process::id()),
                "{e}"
            );
        }
    }
}

#[test]
fn the_fallback_rule_takes_dead_unreadable_and_old_locks_only() {
    let live = holder(std::process::id());
    assert!(!is_stale(Some(&live), 5, 720), "alive and young");
    assert!(is_stale(Some(&live), 720, 720), "older than the stale age");
    assert!(
        is_stale(Some(&holder(u32::MAX - 7)), 0, 720),
        "dead on this host"
    );
    let elsewhere = LockHolder {
        host: "another-host".into(),
        ..holder(u32::MAX - 7)
    };
    assert!(
        !is_stale(Some(&elsewhere), 5, 720),
        "another host's pid cannot be checked"
    );
    assert!(!is_stale(None, 0, 720), "unreadable but just written");
    assert!(is_stale(None, 2, 720), "unreadable and minutes old");
}
