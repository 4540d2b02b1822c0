//! What a clerk sees of the commit: odd unit names each with their own 反馈 file, modes that
//! follow the umask, and a read-only folder or a full disk refused with the path and cause.

use super::fixtures::{Limits, ledger, month_a, read_set, taizhang_with};
use crate::support::{Dir, sheet_cells};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[test]
fn odd_unit_names_each_get_their_own_feedback_file_and_the_run_succeeds() {
    let dir = Dir::new();
    let long = "𠀀".repeat(80);
    let units = [long.as_str(), "区建/管委", "区建:管委", "区建_管委"];
    for (i, unit) in units.iter().enumerate() {
        ledger(
            &dir,
            &format!("inbox/u{i}.xlsx"),
            unit,
            &[("X-1", "某项目", "12..5")],
        );
    }
    let (code, _, err) = taizhang_with(
        &["run", "inbox", "--out", "out", "--period", "2022-03"],
        dir.path(),
        &Limits::default(),
    );
    assert_eq!(code, 1, "{err}");
    let set = read_set(&dir.join("out"), "2022-03").unwrap();
    assert_eq!(set.feedback.len(), 4, "{:?}", set.feedback);
    let mut by_unit = BTreeMap::new();
    for name in &set.feedback {
        let file = name.trim_start_matches("反馈/");
        assert!(file.len() <= 200, "{} bytes: {file}", file.len());
        let path = dir.join("out/2022-03").join(name);
        let title = first_cell(&path);
        let unit = units
            .iter()
            .find(|u| title.contains(&format!("（{u}）")))
            .unwrap_or_else(|| panic!("{file}: {title}"));
        assert!(
            by_unit.insert(*unit, file.to_owned()).is_none(),
            "{unit} twice"
        );
    }
    assert_eq!(by_unit.len(), 4, "every unit its own file: {by_unit:?}");
    assert_eq!(
        by_unit["区建_管委"], "区建_管委.xlsx",
        "the name that needed no change keeps it"
    );
}

/// A1 of a workbook's first sheet.
fn first_cell(path: &Path) -> String {
    let names = crate::support::sheet_names(path);
    sheet_cells(path, &names[0])
        .first()
        .and_then(|r| r.first().cloned())
        .unwrap_or_default()
}

fn modes(root: &Path) -> Vec<(String, u32, bool)> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_owned()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let meta = e.metadata().unwrap();
            let name = e.path().strip_prefix(root).unwrap().display().to_string();
            out.push((name, meta.permissions().mode() & 0o777, meta.is_dir()));
            if meta.is_dir() {
                dirs.push(e.path());
            }
        }
    }
    out
}

#[test]
fn outputs_get_the_modes_the_umask_gives() {
    let dir = Dir::new();
    month_a(&dir);
    for (umask, file, folder) in [
        (0o022, 0o644, 0o755),
        (0o027, 0o640, 0o750),
        (0o002, 0o664, 0o775),
    ] {
        let out = format!("out{umask:o}");
        let limits = Limits {
            umask: Some(umask),
            ..Default::default()
        };
        let (code, _, err) = taizhang_with(
            &["run", "inbox_a", "--out", &out, "--period", "2022-03"],
            dir.path(),
            &limits,
        );
        assert_eq!(code, 1, "{err}");
        let found = modes(&dir.join(&out));
        assert!(found.len() >= 5, "{found:?}");
        for (name, mode, is_dir) in found {
            let want = if is_dir { folder } else { file };
            assert_eq!(mode, want, "umask {umask:03o}: {name} is {mode:03o}");
        }
    }
}

fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    modes(root)
        .into_iter()
        .filter(|(_, _, d)| !d)
        .map(|(n, _, _)| (n.clone(), std::fs::read(root.join(&n)).unwrap()))
        .collect()
}

#[test]
fn a_read_only_output_folder_is_refused_naming_it_and_the_old_set_stays() {
    let dir = Dir::new();
    month_a(&dir);
    let user = Limits {
        as_nobody: true,
        ..Default::default()
    };
    // Another user must reach the inbox and the output folder.
    for p in [dir.path().to_owned(), dir.join("inbox_a")] {
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for f in std::fs::read_dir(dir.join("inbox_a")).unwrap().flatten() {
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::create_dir(dir.join("out")).unwrap();
    std::fs::set_permissions(dir.join("out"), std::fs::Permissions::from_mode(0o777)).unwrap();
    let args = ["run", "inbox_a", "--out", "out", "--period", "2022-03"];
    let (code, _, err) = taizhang_with(&args, dir.path(), &user);
    assert_eq!(code, 1, "{err}");
    let before = snapshot(&dir.join("out"));
    std::fs::set_permissions(dir.join("out"), std::fs::Permissions::from_mode(0o555)).unwrap();
    let (code, _, err) = taizhang_with(&args, dir.path(), &user);
    std::fs::set_permissions(dir.join("out"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2, "{err}");
    let out = dir.join("out");
    assert!(
        err.contains("out/.taizhang.lock") && err.contains("没有权限"),
        "{err}"
    );
    assert!(
        err.contains("已有输出未改动") || err.contains("上期输出未改动"),
        "{err}"
    );
    assert!(
        !err.contains("Permission denied") && !err.contains("os error"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before, "the old set byte-identical");
}

#[test]
fn a_full_disk_is_refused_with_the_path_and_the_old_set_stays() {
    let dir = Dir::new();
    super::fixtures::month_a(&dir);
    super::fixtures::month_b(&dir);
    let bin = env!("CARGO_BIN_EXE_taizhang");
    let script = format!(
        "mkdir small && mount -t tmpfs -o size=4m tmpfs small || exit 77; \
         '{bin}' run inbox_a --out small/out --period 2022-03 --quiet; echo $? > a.code; \
         dd if=/dev/zero of=small/fill bs=4k 2>/dev/null; truncate -s -8K small/fill; \
         '{bin}' run inbox_b --out small/out --period 2022-03 2> b.err; echo $? > b.code; \
         cp -a small/out copied"
    );
    // A small tmpfs needs a user and a mount namespace: skipped where they are not allowed.
    let status = std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .current_dir(dir.path())
        .status();
    let Ok(status) = status.map(|s| s.code()) else {
        println!("note: no `unshare` here; the full-disk case is skipped");
        return;
    };
    if status == Some(77) || !dir.join("a.code").exists() {
        println!("note: no user and mount namespace for a small tmpfs here; skipped");
        return;
    }
    assert_eq!(status, Some(0), "the script ran to its end");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    assert_eq!(read("a.code").trim(), "1");
    let err = read("b.err");
    assert_eq!(read("b.code").trim(), "2", "{err}");
    assert!(
        err.contains("写入输出失败（上期输出未改动）") && err.contains("磁盘已满（错误码 28）"),
        "{err}"
    );
    assert!(err.contains("small/out/2022-03/"), "names the file: {err}");
    assert!(
        !err.contains("ZipWriter") && !err.contains("os error"),
        "{err}"
    );
    let (code, _, e) = taizhang_with(
        &[
            "run",
            "inbox_a",
            "--out",
            "reference",
            "--period",
            "2022-03",
        ],
        dir.path(),
        &Limits::default(),
    );
    assert_eq!(code, 1, "{e}");
    assert_eq!(
        read_set(&dir.join("copied"), "2022-03"),
        read_set(&dir.join("reference"), "2022-03"),
        "the old set whole"
    );
    super::fixtures::assert_no_leftovers(&dir.join("copied"), "2022-03");
}
