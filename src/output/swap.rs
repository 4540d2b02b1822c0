//! The folder operations of a commit: flushing a staged tree, keeping a clerk's own files from
//! the old period folder, and the rename that puts the new folder in the old one's place.

use super::commit::{FEEDBACK_DIR, MARKER_FILE};
use super::error::{Action, OutputError};
use super::fault;
use super::write::{rename, sync_dir};
use std::collections::BTreeSet;
use std::path::Path;

/// How the first rename of a commit went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swapped {
    /// No period folder before: the staged folder is the period folder now.
    Direct,
    /// The two folders exchanged places in one step: the old set is at the staging name.
    Exchanged,
    /// The period folder was renamed to the old name; the staged folder is still to go in.
    MovedAside,
}

/// Puts `stage` in the place of `target`, in one step where the system can.
pub(crate) fn first_rename(
    stage: &Path,
    target: &Path,
    old: &Path,
) -> Result<Swapped, OutputError> {
    if std::fs::symlink_metadata(target).is_err() {
        rename(stage, target)?;
        return Ok(Swapped::Direct);
    }
    if !fault::no_exchange() && exchange(stage, target)? {
        return Ok(Swapped::Exchanged);
    }
    rename(target, old)?;
    Ok(Swapped::MovedAside)
}

/// `renameat2(RENAME_EXCHANGE)`: `Ok(false)` where the system or file system lacks it.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool, OutputError> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).ok();
    let (Some(ca), Some(cb)) = (c(a), c(b)) else {
        return Ok(false);
    };
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP | libc::EPERM) => Ok(false),
        _ => Err(OutputError::io(Action::Rename, b, e)),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<bool, OutputError> {
    Ok(false)
}

/// Flushes every folder of a staged tree (its files were flushed as they were written).
pub(crate) fn sync_tree(dir: &Path) -> Result<(), OutputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| OutputError::io(Action::Read, dir, e))?;
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            sync_tree(&entry.path())?;
        }
    }
    sync_dir(dir)
}

/// Copies into the staged folder what the old period folder holds that the program did not
/// write: a clerk's notes survive a rerun. The program's own files are those the old run.json
/// lists, run.json and the history; in 反馈/ every workbook is the program's, so that no 反馈
/// file outlives the run.json that lists it. Office's `~$` lock files are not kept.
pub(crate) fn keep_foreign(target: &Path, stage: &Path) -> Result<(), OutputError> {
    let Ok(entries) = std::fs::read_dir(target) else {
        return Ok(());
    };
    let ours = listed_outputs(target);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".taizhang-") || name.starts_with("~$") || ours.contains(&name) {
            continue;
        }
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if name == FEEDBACK_DIR && is_dir {
            keep_foreign_feedback(&entry.path(), &stage.join(FEEDBACK_DIR))?;
        } else if std::fs::symlink_metadata(stage.join(&name)).is_err() {
            link_tree(&entry.path(), &stage.join(&name))?;
        }
    }
    Ok(())
}

fn keep_foreign_feedback(from: &Path, to: &Path) -> Result<(), OutputError> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let workbook = Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if workbook || name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        std::fs::create_dir_all(to).map_err(|e| OutputError::io(Action::CreateDir, to, e))?;
        if std::fs::symlink_metadata(to.join(&name)).is_err() {
            link_tree(&entry.path(), &to.join(&name))?;
        }
    }
    Ok(())
}

/// The top-level names the old run wrote: from its run.json's `outputs`, with run.json, the
/// history and the marker.
fn listed_outputs(target: &Path) -> BTreeSet<String> {
    let mut ours: BTreeSet<String> = ["run.json", crate::history::PERIOD_FILE, MARKER_FILE]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let listed = std::fs::read(target.join("run.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
    if let Some(outputs) = listed.as_ref().and_then(|v| v["outputs"].as_array()) {
        for o in outputs.iter().filter_map(|o| o.as_str()) {
            if !o.contains('/') {
                ours.insert(o.to_owned());
            }
        }
    }
    ours
}

/// A hard link of a file (a copy where links are not possible), or a folder's tree of them.
fn link_tree(from: &Path, to: &Path) -> Result<(), OutputError> {
    let meta =
        std::fs::symlink_metadata(from).map_err(|e| OutputError::io(Action::Read, from, e))?;
    if meta.is_dir() {
        std::fs::create_dir(to).map_err(|e| OutputError::io(Action::CreateDir, to, e))?;
        let entries =
            std::fs::read_dir(from).map_err(|e| OutputError::io(Action::Read, from, e))?;
        for entry in entries.flatten() {
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        return Ok(());
    }
    #[cfg(unix)]
    if meta.file_type().is_symlink() {
        let dest = std::fs::read_link(from).map_err(|e| OutputError::io(Action::Read, from, e))?;
        return std::os::unix::fs::symlink(dest, to)
            .map_err(|e| OutputError::io(Action::Link, from, e));
    }
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| OutputError::io(Action::Link, from, e))
}
