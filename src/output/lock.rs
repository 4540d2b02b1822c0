//! The lock that keeps two runs of one output root apart. The operating system holds it
//! (`File::try_lock`) for the life of the process, so a run that dies, however it dies and in
//! whatever PID namespace, leaves the lock free; a lock file nobody holds is free whatever it
//! contains. The holder's pid, host and start time are inside, so a refusal names it.
//!
//! The file at `.taizhang.lock` is replaced, never rewritten in place: a run that takes the lock
//! locks the current file, checks it is still the one at the path, and renames over it a new
//! file that already holds its record and its lock. So whoever finds the file locked reads a
//! complete record of the run that holds it. On release the holder removes the file while still
//! holding it; anyone who locked the removed file sees it is no longer at the path and starts
//! again. Where the file system does not support the lock, the pid/host/age rule of
//! [`fallback`](super::lock_fallback) decides.

use super::error::{Action, OutputError};
use super::lock_fallback;
use super::write::{create_new, prepare_process, unique_id};
use serde::{Deserialize, Serialize};
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const LOCK_FILE: &str = ".taizhang.lock";

/// Who holds the lock, as written inside it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LockHolder {
    pub pid: u32,
    pub host: String,
    pub started: String,
}

impl LockHolder {
    pub(crate) fn me() -> LockHolder {
        LockHolder {
            pid: std::process::id(),
            host: host_name(),
            started: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    /// On this host, with no such process: a record left by a run that is gone.
    pub(crate) fn is_gone(&self) -> bool {
        self.host == host_name() && !process_alive(self.pid)
    }
}

/// Held while a run reads and writes; released when dropped or when the process ends.
#[derive(Debug)]
pub struct Lock {
    dir: PathBuf,
    path: PathBuf,
    /// The locked file, whose descriptor holds the OS lock; `None` under the fallback rule.
    file: Option<File>,
    /// Set when a file left by an earlier run was found: the note to log.
    pub took_over: Option<String>,
}

/// How long a run waits for a lock file whose holder is between taking it and writing its
/// record (a matter of microseconds) before it gives up naming whoever the file names.
const SETTLE: Duration = Duration::from_secs(2);
const SETTLE_STEP: Duration = Duration::from_millis(20);

impl Lock {
    /// Takes the lock of an output root (created if missing).
    ///
    /// # Errors
    /// [`OutputError::Locked`] naming the holder (or [`OutputError::LockedUnknown`]) when
    /// another run holds it; the I/O error when the lock file cannot be made.
    pub fn acquire(dir: &Path, stale_minutes: u64) -> Result<Lock, OutputError> {
        prepare_process();
        std::fs::create_dir_all(dir).map_err(|e| OutputError::io(Action::CreateDir, dir, e))?;
        let path = dir.join(LOCK_FILE);
        let deadline = Instant::now() + SETTLE;
        loop {
            let file = File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| OutputError::LockIo {
                    path: path.clone(),
                    source: e,
                })?;
            match file.try_lock() {
                Ok(()) => {
                    if !same_file(&file, &path) {
                        continue;
                    }
                    return take(dir, &path, &file);
                }
                Err(TryLockError::WouldBlock) => {
                    // A run taking the lock replaces the file within microseconds of locking
                    // it: still in place a moment later, the file is its holder's own.
                    std::thread::sleep(SETTLE_STEP);
                    if !same_file(&file, &path) {
                        continue;
                    }
                    let holder = read_holder(&file);
                    let settled = holder.as_ref().is_some_and(|h| !h.is_gone());
                    if settled || Instant::now() >= deadline {
                        return Err(match holder {
                            Some(holder) => OutputError::Locked {
                                holder,
                                path,
                                fallback: false,
                            },
                            None => OutputError::LockedUnknown { path },
                        });
                    }
                }
                Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                    drop(file);
                    return lock_fallback::acquire(dir, &path, stale_minutes);
                }
                Err(TryLockError::Error(e)) => {
                    return Err(OutputError::LockIo {
                        path: path.clone(),
                        source: e,
                    });
                }
            }
        }
    }

    /// The output root this lock guards.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn fallback(dir: &Path, path: PathBuf, took_over: Option<String>) -> Lock {
        Lock {
            dir: dir.to_owned(),
            path,
            file: None,
            took_over,
        }
    }
}

/// With the current lock file locked: puts in its place a new file with this run's record,
/// locked before it is visible, then lets the old one go.
fn take(dir: &Path, path: &Path, old: &File) -> Result<Lock, OutputError> {
    let left = read_raw(old);
    let me = LockHolder::me();
    let record = dir.join(format!(".taizhang.lock-{}", unique_id()));
    let mut file = create_new(&record)?;
    let written = serde_json::to_vec(&me)
        .map_err(std::io::Error::other)
        .and_then(|body| file.write_all(&body))
        .and_then(|()| file.try_lock().map_err(std::io::Error::from))
        .and_then(|()| std::fs::rename(&record, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&record);
        return Err(OutputError::LockIo {
            path: path.to_owned(),
            source: e,
        });
    }
    Ok(Lock {
        dir: dir.to_owned(),
        path: path.to_owned(),
        file: Some(file),
        took_over: left.map(|raw| took_over_note(&raw)),
    })
}

/// What to log when a file left by a run that ended without releasing it was found.
fn took_over_note(raw: &[u8]) -> String {
    match serde_json::from_slice::<LockHolder>(raw) {
        Ok(h) => format!(
            "上次运行（进程 {}，主机 {}，开始于 {}）未正常结束，它的运行锁已失效，本次照常运行",
            h.pid, h.host, h.started
        ),
        Err(_) => "输出文件夹里有一个无人持有的运行锁文件（内容无法识别），本次照常运行".to_owned(),
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held: whoever locks the removed file sees it is gone and retries.
        let _ = std::fs::remove_file(&self.path);
        drop(self.file.take());
    }
}

/// The file's content, `None` when empty or unreadable.
fn read_raw(file: &File) -> Option<Vec<u8>> {
    let mut f = file;
    let mut raw = Vec::new();
    f.rewind().ok()?;
    f.take(64 * 1024).read_to_end(&mut raw).ok()?;
    (!raw.is_empty()).then_some(raw)
}

fn read_holder(file: &File) -> Option<LockHolder> {
    serde_json::from_slice(&read_raw(file)?).ok()
}

/// Whether the open file is still the one at `path` (not replaced, not removed).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

pub(crate) fn host_name() -> String {
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Elsewhere only the age decides (in the fallback rule).
        true
    }
}

#[cfg(test)]
mod tests;
