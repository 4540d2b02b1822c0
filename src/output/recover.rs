//! Recovery: a run that finds the intent record of an interrupted commit finishes it (or, when
//! the staged set is gone, puts the old set back) before anything else, and says so; then it
//! removes what interrupted runs left (staging folders, temporary files). State decides, not a
//! log: the staged folder still holding its commit's marker means the swap has not happened.

use super::commit::{INTENT_FILE, MARKER_FILE, OLD_PREFIX, STAGE_PREFIX};
use super::error::{Action, OutputError};
use super::lock::Lock;
use super::swap::{self, Swapped};
use super::write::{remove_all, rename, sync_dir};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The intent record: which staged folder replaces which period folder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Intent {
    pub version: u32,
    pub id: String,
    pub period: String,
    /// Folder names in the output root.
    pub stage: String,
    pub old: String,
}

/// What recovery did with an interrupted commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryAction {
    /// The new set was put in place (or was already, and what was left is removed).
    RolledForward,
    /// The old set was put back.
    RolledBack,
}

/// An interrupted commit found at the start of a run, and what was done with it.
#[derive(Debug, Clone, Serialize)]
pub struct Recovered {
    pub period: String,
    pub action: RecoveryAction,
    pub message: String,
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Finishes or undoes an interrupted commit, then removes what interrupted runs left.
///
/// # Errors
/// When the interrupted commit can be neither finished nor undone.
pub fn recover(lock: &Lock) -> Result<Option<Recovered>, OutputError> {
    let root = lock.dir();
    let path = root.join(INTENT_FILE);
    let recovered = match std::fs::read(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(OutputError::io(Action::Read, &path, e)),
        Ok(bytes) => {
            let intent: Intent =
                serde_json::from_slice(&bytes).map_err(|e| OutputError::BadIntent {
                    path: path.clone(),
                    message: format!(
                        "内容无法识别（{e}），请检查 {} 后删除该文件",
                        root.display()
                    ),
                })?;
            if !safe_name(&intent.stage) || !safe_name(&intent.old) || !safe_name(&intent.period) {
                return Err(OutputError::BadIntent {
                    path,
                    message: "记录的文件夹名不在输出文件夹内".to_owned(),
                });
            }
            Some(complete(root, &intent).map_err(|e| OutputError::Recovery {
                period: intent.period.clone(),
                source: Box::new(e),
            })?)
        }
    };
    remove_leftovers(root);
    Ok(recovered)
}

/// A folder name recorded in an intent: one component, inside the root.
fn safe_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

/// Brings the commit of `intent` to its end: the new set in place if it was staged whole.
///
/// # Errors
/// When a rename fails; failed removals after the new set is in place are only warnings.
pub(crate) fn complete(root: &Path, intent: &Intent) -> Result<Recovered, OutputError> {
    let stage = root.join(&intent.stage);
    let old = root.join(&intent.old);
    let target = root.join(&intent.period);
    let staged_whole =
        std::fs::read(stage.join(MARKER_FILE)).is_ok_and(|m| m == intent.id.as_bytes());
    let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    let action = if staged_whole {
        // Killed between the two renames, or not yet begun.
        if (!exists(&target) && exists(&old))
            || swap::first_rename(&stage, &target, &old)? == Swapped::MovedAside
        {
            rename(&stage, &target)?;
        }
        RecoveryAction::RolledForward
    } else if !exists(&target) && exists(&old) {
        rename(&old, &target)?;
        RecoveryAction::RolledBack
    } else {
        RecoveryAction::RolledForward
    };
    sync_dir(root)?;
    let mut warnings = Vec::new();
    let mut removals: Vec<PathBuf> = vec![target.join(MARKER_FILE), old, stage];
    if action == RecoveryAction::RolledForward {
        removals.push(legacy_history(root, &intent.period));
    }
    removals.push(root.join(INTENT_FILE));
    for path in removals {
        if let Err(e) = remove_all(&path) {
            warnings.push(format!("{e}（下次运行时再清理）"));
        }
    }
    let _ = sync_dir(root);
    let message = match action {
        RecoveryAction::RolledForward => format!(
            "上次运行在提交{0}的输出时中断：已完成那次提交，{0}的输出是那次运行的完整结果",
            intent.period
        ),
        RecoveryAction::RolledBack => format!(
            "上次运行在提交{0}的输出时中断：已撤销那次提交，{0}的输出仍是之前的完整结果",
            intent.period
        ),
    };
    Ok(Recovered {
        period: intent.period.clone(),
        action,
        message,
        warnings,
    })
}

/// Where earlier versions kept a period's history.
pub(crate) fn legacy_history(root: &Path, period: &str) -> PathBuf {
    root.join("history").join(format!("{period}.parquet"))
}

fn is_tmp(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|e| e == "tmp")
}

/// Under the lock, what interrupted runs left is ours to remove: staging and old folders,
/// intent and lock records not renamed into place, `.taizhang-*.tmp` files of older versions.
fn remove_leftovers(root: &Path) {
    let mut dirs = vec![root.to_owned()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            let at_root = dir == root;
            let leftover = (at_root
                && (name.starts_with(STAGE_PREFIX)
                    || name.starts_with(OLD_PREFIX)
                    || name.starts_with(".taizhang.lock-")
                    || (name.starts_with(INTENT_FILE) && is_tmp(&name))))
                || (!is_dir && name.starts_with(".taizhang-") && is_tmp(&name));
            if leftover {
                let _ = remove_all(&path);
            } else if is_dir && dirs.len() < 1000 {
                dirs.push(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(id: &str) -> Intent {
        Intent {
            version: 1,
            id: id.into(),
            period: "2022-03".into(),
            stage: format!("{STAGE_PREFIX}2022-03-{id}"),
            old: format!("{OLD_PREFIX}2022-03-{id}"),
        }
    }

    fn write_intent(root: &Path, i: &Intent) {
        std::fs::write(root.join(INTENT_FILE), serde_json::to_vec(i).unwrap()).unwrap();
    }

    fn folder(path: &Path, marker: Option<&str>, content: &str) {
        std::fs::create_dir_all(path).unwrap();
        std::fs::write(path.join("run.json"), content).unwrap();
        if let Some(id) = marker {
            std::fs::write(path.join(MARKER_FILE), id).unwrap();
        }
    }

    fn run_json(root: &Path) -> String {
        std::fs::read_to_string(root.join("2022-03/run.json")).unwrap()
    }

    #[test]
    fn a_whole_staged_set_is_put_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock::acquire(dir.path(), 720).unwrap();
        let i = intent("a1");
        folder(&dir.path().join("2022-03"), None, "old");
        folder(&dir.path().join(&i.stage), Some("a1"), "new");
        write_intent(dir.path(), &i);
        let r = recover(&lock).unwrap().unwrap();
        assert_eq!(r.action, RecoveryAction::RolledForward);
        assert_eq!(run_json(dir.path()), "new");
        assert!(!dir.path().join("2022-03").join(MARKER_FILE).exists());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != crate::output::LOCK_FILE)
            .collect();
        assert_eq!(left, ["2022-03"]);
    }

    #[test]
    fn with_the_staged_set_gone_the_old_set_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock::acquire(dir.path(), 720).unwrap();
        let i = intent("b2");
        folder(&dir.path().join(&i.old), None, "old");
        write_intent(dir.path(), &i);
        let r = recover(&lock).unwrap().unwrap();
        assert_eq!(r.action, RecoveryAction::RolledBack);
        assert!(r.message.contains("已撤销那次提交"), "{}", r.message);
        assert_eq!(run_json(dir.path()), "old");
        assert!(!dir.path().join(INTENT_FILE).exists());
    }

    #[test]
    fn stray_staging_folders_without_an_intent_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock::acquire(dir.path(), 720).unwrap();
        folder(&dir.path().join("2022-03"), None, "old");
        folder(
            &dir.path().join(format!("{STAGE_PREFIX}2022-03-c3")),
            Some("c3"),
            "new",
        );
        std::fs::write(dir.path().join("2022-03/.taizhang-x.tmp"), "half").unwrap();
        assert!(recover(&lock).unwrap().is_none());
        assert_eq!(run_json(dir.path()), "old");
        assert!(
            !dir.path()
                .join(format!("{STAGE_PREFIX}2022-03-c3"))
                .exists()
        );
        assert!(!dir.path().join("2022-03/.taizhang-x.tmp").exists());
    }

    #[test]
    fn an_intent_naming_a_folder_outside_the_root_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock::acquire(dir.path(), 720).unwrap();
        let mut i = intent("d4");
        i.old = "../../etc".into();
        write_intent(dir.path(), &i);
        let err = recover(&lock).unwrap_err();
        assert!(matches!(err, OutputError::BadIntent { .. }), "{err}");
        std::fs::write(dir.path().join(INTENT_FILE), b"{ half").unwrap();
        assert!(recover(&lock).unwrap_err().to_string().contains("无法识别"));
    }
}
