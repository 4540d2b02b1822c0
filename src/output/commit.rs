//! One commit per period (LEDGER-SPEC section 10): every output of a period — workbooks,
//! 反馈/, run.json, the period's history — is written into a hidden staging folder beside the
//! period's folder, flushed to disk, and then takes the period folder's place in one step.
//!
//! The steps, numbered as the fault-injection tests number them:
//!
//! 1. keep the files of the old folder that are not the program's (a clerk's notes);
//! 2. flush every staged folder to disk;
//! 3. write the intent record (`.taizhang-commit.json`: the period, the staging and old
//!    folders) to a new file;
//! 4. rename it into place — from here a run that dies is finished by the next run's recovery;
//! 5. exchange the staging folder with the period folder in one rename (`RENAME_EXCHANGE`), or
//!    where that is unavailable rename the period folder aside — the point of no return;
//! 6. (two renames only) rename the staging folder to the period folder;
//! 7. flush the output root;
//! 8. remove the period's history file at its old place (`history/P.parquet`);
//! 9. remove the commit marker from the new period folder;
//! 10. remove the old folder;
//! 11. remove the intent record.
//!
//! A failure before step 5 has changed nothing a reader sees: the staging folder and the intent
//! are removed and the error says the previous outputs are untouched. A failure from step 5 on
//! is completed at once by the same recovery a later run would do.

use super::error::{Action, OutputError};
use super::fault;
use super::lock::Lock;
use super::recover::{self, Intent};
use super::swap;
use super::write::{create_dir_all, remove_all, rename, sync_dir, unique_id, write_new};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The feedback folder inside a period's folder.
pub const FEEDBACK_DIR: &str = "反馈";
/// The intent record of a commit under way, in the output root.
pub const INTENT_FILE: &str = ".taizhang-commit.json";
/// Inside a staged folder: the id of its commit, so recovery knows the folder.
pub(crate) const MARKER_FILE: &str = ".taizhang-commit-id";
pub(crate) const STAGE_PREFIX: &str = ".taizhang-stage-";
pub(crate) const OLD_PREFIX: &str = ".taizhang-old-";
/// The number of numbered steps of a commit (for the fault-injection tests).
pub const COMMIT_STEPS: usize = 11;

/// A period's outputs being written; dropped before [`PeriodCommit::finish`], they vanish.
pub struct PeriodCommit<'l> {
    lock: &'l Lock,
    intent: Intent,
    stage: PathBuf,
    done: bool,
}

/// What a finished commit has to say: removals that failed after the new set was in place.
#[derive(Debug, Default)]
pub struct Committed {
    pub warnings: Vec<String>,
}

impl<'l> PeriodCommit<'l> {
    /// Starts the commit of `period` (the period folder's name) under the output root of `lock`.
    ///
    /// # Errors
    /// When the staging folder cannot be made.
    pub fn begin(lock: &'l Lock, period: &str) -> Result<Self, OutputError> {
        let id = unique_id();
        let intent = Intent {
            version: 1,
            id: id.clone(),
            period: period.to_owned(),
            stage: format!("{STAGE_PREFIX}{period}-{id}"),
            old: format!("{OLD_PREFIX}{period}-{id}"),
        };
        let stage = lock.dir().join(&intent.stage);
        std::fs::create_dir(&stage).map_err(|e| {
            OutputError::Unchanged(Box::new(OutputError::io(Action::CreateDir, &stage, e)))
        })?;
        let commit = PeriodCommit {
            lock,
            intent,
            stage,
            done: false,
        };
        commit.write(MARKER_FILE, id.as_bytes())?;
        Ok(commit)
    }

    /// Stages a file of the period: `name` relative to the period folder (`反馈/x.xlsx`).
    ///
    /// # Errors
    /// [`OutputError::Unchanged`] when the file cannot be written.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.write_with(name, |w| w.write_all(bytes))
    }

    /// Stages a file that `write` writes straight into it: a large workbook need not be held in
    /// memory first. A system error is reported as such, with the path the file will have.
    ///
    /// # Errors
    /// [`OutputError::Unchanged`] when the file cannot be written, or `write` fails.
    pub fn write_with<E: std::fmt::Display>(
        &self,
        name: &str,
        write: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), E>,
    ) -> Result<(), OutputError> {
        let path = self.stage.join(name);
        let written = match path.parent() {
            Some(parent) => create_dir_all(parent),
            None => Ok(()),
        }
        .and_then(|()| write_new(&path, write));
        written.map_err(|e| OutputError::Unchanged(Box::new(self.named(e))))
    }

    /// Errors name the file where it will be, not the hidden staging folder.
    fn named(&self, e: OutputError) -> OutputError {
        let target = self.lock.dir().join(&self.intent.period);
        match e {
            OutputError::Io {
                action,
                path,
                source,
            } => OutputError::Io {
                action,
                path: path
                    .strip_prefix(&self.stage)
                    .map_or(path.clone(), |rel| target.join(rel)),
                source,
            },
            OutputError::Render { path, message } => OutputError::Render {
                path: path
                    .strip_prefix(&self.stage)
                    .map_or(path.clone(), |rel| target.join(rel)),
                message,
            },
            other => other,
        }
    }

    /// Puts every staged file in place together (the steps of the module comment).
    ///
    /// # Errors
    /// [`OutputError::Unchanged`] for a failure before the point of no return (nothing
    /// changed); [`OutputError::Unfinished`] when a later failure could not be completed.
    pub fn finish(mut self) -> Result<Committed, OutputError> {
        let root = self.lock.dir().to_owned();
        let target = root.join(&self.intent.period);
        if let Err(e) = self.prepare(&root, &target) {
            self.abandon(&root);
            return Err(OutputError::Unchanged(Box::new(e)));
        }
        let old = root.join(&self.intent.old);
        let result = fault::at(5)
            .map_err(|e| OutputError::io(Action::Rename, &target, e))
            .and_then(|()| swap::first_rename(&self.stage, &target, &old));
        let swapped = match result {
            Ok(swapped) => swapped,
            Err(e) => {
                // The rename did not happen: the old set is whole.
                self.abandon(&root);
                return Err(OutputError::Unchanged(Box::new(e)));
            }
        };
        self.done = true;
        match self.complete(&root, &target, swapped) {
            Ok(warnings) => Ok(Committed { warnings }),
            Err(first) => match recover::complete(&root, &self.intent) {
                Ok(done) => Ok(Committed {
                    warnings: std::iter::once(format!(
                        "提交{}的输出时出错（{first}），已自动完成提交，本期输出完整",
                        self.intent.period
                    ))
                    .chain(done.warnings)
                    .collect(),
                }),
                Err(second) => Err(OutputError::Unfinished {
                    period: self.intent.period.clone(),
                    first: Box::new(first),
                    second: Box::new(second),
                }),
            },
        }
    }

    /// Steps 1–4: nothing a reader sees changes.
    fn prepare(&self, root: &Path, target: &Path) -> Result<(), OutputError> {
        let step = |k| fault::at(k).map_err(|e| OutputError::io(Action::Write, &self.stage, e));
        step(1)?;
        swap::keep_foreign(target, &self.stage)?;
        step(2)?;
        swap::sync_tree(&self.stage)?;
        step(3)?;
        let intent_path = root.join(INTENT_FILE);
        let tmp = root.join(format!("{INTENT_FILE}.{}.tmp", self.intent.id));
        let body = serde_json::to_vec_pretty(&self.intent).unwrap_or_default();
        write_new(&tmp, |w| w.write_all(&body))?;
        step(4)?;
        rename(&tmp, &intent_path)?;
        sync_dir(root)
    }

    /// Steps 6–11, after the point of no return.
    fn complete(
        &self,
        root: &Path,
        target: &Path,
        swapped: swap::Swapped,
    ) -> Result<Vec<String>, OutputError> {
        let step = |k| fault::at(k).map_err(|e| OutputError::io(Action::Rename, target, e));
        step(6)?;
        if swapped == swap::Swapped::MovedAside {
            rename(&self.stage, target)?;
        }
        step(7)?;
        sync_dir(root)?;
        step(8)?;
        remove_all(&recover::legacy_history(root, &self.intent.period))?;
        step(9)?;
        remove_all(&target.join(MARKER_FILE))?;
        step(10)?;
        // After an exchange the old set is at the staging name.
        remove_all(&root.join(&self.intent.old))?;
        remove_all(&self.stage)?;
        step(11)?;
        remove_all(&root.join(INTENT_FILE))?;
        sync_dir(root)?;
        Ok(Vec::new())
    }

    /// Undoes steps 1–4: the intent first, so no later recovery rolls the staged set forward.
    fn abandon(&mut self, root: &Path) {
        let intent = root.join(INTENT_FILE);
        if remove_all(&intent).is_err() {
            let _ = remove_all(&self.stage.join(MARKER_FILE));
        }
        let _ = remove_all(&root.join(format!("{INTENT_FILE}.{}.tmp", self.intent.id)));
        let _ = remove_all(&self.stage);
        let _ = sync_dir(root);
        self.done = true;
    }
}

impl Drop for PeriodCommit<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = remove_all(&self.stage);
        }
    }
}
