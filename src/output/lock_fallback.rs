//! The lock where the file system does not support the OS lock (some network shares): the
//! lock file's existence is the lock, and a file is taken over when the rule says its run is
//! gone — its process is dead on this host, it cannot be read and is over a minute old, or it
//! is older than `stale_minutes`. Weaker than the OS lock: a run killed on another host, or as
//! pid 1 of a container, blocks until the age runs out. The README says so.

use super::error::OutputError;
use super::lock::{Lock, LockHolder};
use super::write::unique_id;
use std::io::Write;
use std::path::Path;

pub(crate) fn acquire(dir: &Path, path: &Path, stale_minutes: u64) -> Result<Lock, OutputError> {
    let me = LockHolder::me();
    let body = serde_json::to_vec(&me).unwrap_or_default();
    let mut took_over = None;
    for _ in 0..3 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(mut f) => {
                if let Err(e) = f.write_all(&body).and_then(|()| f.sync_all()) {
                    let _ = std::fs::remove_file(path);
                    return Err(OutputError::LockIo {
                        path: path.to_owned(),
                        source: e,
                    });
                }
                return Ok(Lock::fallback(dir, path.to_owned(), took_over));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let (holder, age_minutes) = inspect(path);
                if !is_stale(holder.as_ref(), age_minutes, stale_minutes) {
                    return Err(match holder {
                        Some(holder) => OutputError::Locked {
                            holder,
                            path: path.to_owned(),
                            fallback: true,
                        },
                        None => OutputError::LockedUnknown {
                            path: path.to_owned(),
                        },
                    });
                }
                // Renamed away first: of two runs taking over at once only one rename succeeds.
                let aside = dir.join(format!(".taizhang.lock-stale-{}", unique_id()));
                if std::fs::rename(path, &aside).is_ok() {
                    let _ = std::fs::remove_file(&aside);
                    took_over = Some(match &holder {
                        Some(h) => format!(
                            "接管了过期的运行锁（进程 {}，主机 {}，开始于 {}）",
                            h.pid, h.host, h.started
                        ),
                        None => "接管了无法识别的运行锁".to_owned(),
                    });
                }
            }
            Err(e) => {
                return Err(OutputError::LockIo {
                    path: path.to_owned(),
                    source: e,
                });
            }
        }
    }
    Err(OutputError::LockedUnknown {
        path: path.to_owned(),
    })
}

fn inspect(path: &Path) -> (Option<LockHolder>, u64) {
    let holder = std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let age_minutes = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .map_or(0, |d| d.as_secs() / 60);
    (holder, age_minutes)
}

/// The pid/host/age rule.
pub(crate) fn is_stale(holder: Option<&LockHolder>, age_minutes: u64, stale_minutes: u64) -> bool {
    let dead = holder.is_some_and(LockHolder::is_gone);
    let unreadable = holder.is_none() && age_minutes >= 1;
    dead || unreadable || age_minutes >= stale_minutes
}
