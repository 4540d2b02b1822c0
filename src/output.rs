//! What leaves the program: atomic writes (temporary file in the same folder, then rename),
//! the lock that keeps two runs apart, safe file names, and `run.json`.

use crate::consolidate::{Consolidated, Totals};
use crate::domain::MoneyUnit;
use crate::inbox::Inbox;
use crate::issue::Issue;
use crate::normalize::FileStatus;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes a file so that a reader never sees half of it: a temporary file in the same folder,
/// flushed to disk, then renamed over the target.
///
/// # Errors
/// When the folder cannot be written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".taizhang-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Files staged in their folders, renamed into place only when every one is written: a run
/// that fails while writing leaves the previous outputs as they were.
#[derive(Default)]
pub struct Staged {
    files: Vec<(tempfile::NamedTempFile, PathBuf)>,
}

impl Staged {
    /// # Errors
    /// When the temporary file cannot be written.
    pub fn add(&mut self, path: PathBuf, bytes: &[u8]) -> std::io::Result<()> {
        self.add_with(path, |w| w.write_all(bytes))
    }

    /// Stages a file that `write` writes straight into its temporary file: a large workbook
    /// need not be held in memory first.
    ///
    /// # Errors
    /// When the temporary file cannot be written, or `write` fails.
    pub fn add_with(
        &mut self,
        path: PathBuf,
        write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".taizhang-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        {
            let mut w = std::io::BufWriter::new(tmp.as_file_mut());
            write(&mut w)?;
            w.flush()?;
        }
        tmp.as_file().sync_all()?;
        self.files.push((tmp, path));
        Ok(())
    }

    /// Renames every staged file into place. Dropped without commit, the temporaries vanish.
    ///
    /// # Errors
    /// When a rename fails (the files already renamed stay, each whole).
    pub fn commit(self) -> std::io::Result<()> {
        for (tmp, path) in self.files {
            tmp.persist(&path).map_err(|e| e.error)?;
        }
        Ok(())
    }
}

/// A file name made from a unit name: no path separators, no `..`, no reserved or control
/// characters, not a Windows device name, at most 80 characters.
#[must_use]
pub fn safe_file_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    let cleaned = cleaned
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .replace("..", "_");
    let upper = cleaned.to_uppercase();
    let base = upper.split('.').next().unwrap_or("");
    let reserved = matches!(base, "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit());
    if cleaned.is_empty() {
        "未命名单位".to_owned()
    } else if reserved {
        format!("_{cleaned}")
    } else {
        cleaned
    }
}

/// The lock in the output folder: who holds it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LockHolder {
    pub pid: u32,
    pub host: String,
    pub started: String,
}

/// Held while a run writes; removed when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    /// Set when a stale lock was taken over: the warning to log.
    pub took_over: Option<String>,
}

pub const LOCK_FILE: &str = ".taizhang.lock";

impl Lock {
    /// Takes the lock of an output folder. A lock whose process is gone (same host) or that is
    /// older than `stale_minutes` is taken over, with a warning.
    ///
    /// # Errors
    /// The holder, in words, when another run holds the lock; or the I/O error.
    pub fn acquire(dir: &Path, stale_minutes: u64) -> Result<Lock, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("无法创建输出文件夹 {}：{e}", dir.display()))?;
        let path = dir.join(LOCK_FILE);
        let me = LockHolder {
            pid: std::process::id(),
            host: host_name(),
            started: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
        };
        let body = serde_json::to_vec(&me).unwrap_or_default();
        let mut took_over = None;
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    f.write_all(&body)
                        .map_err(|e| format!("无法写入锁文件 {}：{e}", path.display()))?;
                    return Ok(Lock { path, took_over });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder: Option<LockHolder> = std::fs::read(&path)
                        .ok()
                        .and_then(|b| serde_json::from_slice(&b).ok());
                    let age_minutes = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .map_or(0, |d| d.as_secs() / 60);
                    let dead = holder
                        .as_ref()
                        .is_some_and(|h| h.host == me.host && !process_alive(h.pid));
                    let unreadable = holder.is_none() && age_minutes >= 1;
                    if dead || unreadable || age_minutes >= stale_minutes {
                        took_over = Some(match &holder {
                            Some(h) => format!(
                                "接管了过期的运行锁（进程 {}，主机 {}，开始于 {}）",
                                h.pid, h.host, h.started
                            ),
                            None => "接管了无法识别的运行锁".to_owned(),
                        });
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    return Err(match holder {
                        Some(h) => format!(
                            "另一个汇总正在运行（进程 {}，主机 {}，开始于 {}），本次未运行；如确认它已中止，可删除 {}",
                            h.pid,
                            h.host,
                            h.started,
                            path.display()
                        ),
                        None => format!(
                            "另一个汇总正在运行（锁文件 {}），本次未运行",
                            path.display()
                        ),
                    });
                }
                Err(e) => return Err(format!("无法创建锁文件 {}：{e}", path.display())),
            }
        }
        Err(format!("无法获得运行锁 {}", path.display()))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn host_name() -> String {
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
        // Elsewhere only the age decides.
        true
    }
}

/// One file of the inbox, as run.json lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub unit: String,
    pub status: FileStatus,
    pub rows_read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub skipped: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Sheets that are not ledgers (说明, 填表说明, empty sheets), listed, not read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignored_sheets: Vec<String>,
}

impl FileEntry {
    #[must_use]
    pub fn all(inbox: &Inbox) -> Vec<FileEntry> {
        inbox
            .ledgers
            .iter()
            .map(|l| FileEntry {
                path: l.file.clone(),
                unit: l.unit.clone(),
                status: l.status,
                rows_read: l.counts.rows_read,
                accepted: l.counts.accepted,
                rejected: l.counts.rejected,
                skipped: l.counts.skipped,
                reason: l.reason.clone(),
                ignored_sheets: l.ignored_sheets(),
            })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TotalsJson {
    pub projects: i64,
    pub formal: i64,
    pub preliminary: i64,
    pub carried: i64,
    pub new: i64,
    pub total_investment: f64,
    pub annual_plan: f64,
    pub ytd_completed: f64,
    pub completion_rate: Option<f64>,
    pub lagging: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_ytd_completed: Option<f64>,
}

impl TotalsJson {
    fn new(t: &Totals, unit: MoneyUnit) -> Self {
        TotalsJson {
            projects: t.projects,
            formal: t.formal,
            preliminary: t.preliminary,
            carried: t.carried,
            new: t.new,
            total_investment: t.total_investment.in_unit(unit),
            annual_plan: t.annual_plan.in_unit(unit),
            ytd_completed: t.ytd_completed.in_unit(unit),
            completion_rate: t.completion_rate(),
            lagging: t.lagging,
            previous_ytd_completed: t.prev_ytd.map(|f| f.in_unit(unit)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AllTotals {
    pub all: TotalsJson,
    pub by_category: BTreeMap<String, TotalsJson>,
    pub by_unit: BTreeMap<String, TotalsJson>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LaggingJson {
    pub code: Option<String>,
    pub name: String,
    pub lead_unit: String,
    pub flags: Vec<String>,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TasksJson {
    pub quarter: String,
    pub total: usize,
    pub overdue: usize,
    pub ongoing: usize,
}

/// The machine-readable summary of a run (LEDGER-SPEC section 9).
#[derive(Debug, Clone, Serialize)]
pub struct RunJson {
    pub period: String,
    pub unit: String,
    pub exit_status: u8,
    pub files: Vec<FileEntry>,
    pub missing_units: Vec<String>,
    pub totals: AllTotals,
    pub lagging: Vec<LaggingJson>,
    pub tasks: TasksJson,
    pub issues: Vec<Issue>,
    pub outputs: Vec<String>,
    pub previous_period: Option<String>,
    pub schedule_progress: f64,
    /// Section 6A's fields (`lights`, `projects`, `problems`, `assessment`, `trend`).
    #[serde(flatten)]
    pub year: Option<crate::year::json::YearJson>,
}

impl RunJson {
    #[must_use]
    pub fn new(
        inbox: &Inbox,
        c: &Consolidated,
        unit: MoneyUnit,
        exit_status: u8,
        outputs: Vec<String>,
    ) -> Self {
        let lagging = c
            .lagging()
            .map(|p| {
                let (flags, reasons) = p
                    .flags
                    .iter()
                    .zip(&p.reasons)
                    .filter(|(f, _)| f.is_lag())
                    .map(|(f, r)| (f.label().to_owned(), r.clone()))
                    .unzip();
                LaggingJson {
                    code: p.row.code.as_deref().map(str::to_owned),
                    name: p.row.name.clone(),
                    lead_unit: p.row.lead_unit.to_string(),
                    flags,
                    reasons,
                }
            })
            .collect();
        RunJson {
            period: c.period.to_string(),
            unit: unit.label().to_owned(),
            exit_status,
            files: FileEntry::all(inbox),
            missing_units: inbox.missing_units.clone(),
            totals: AllTotals {
                all: TotalsJson::new(&c.all, unit),
                by_category: c
                    .by_category
                    .iter()
                    .map(|t| (t.label.clone(), TotalsJson::new(t, unit)))
                    .collect(),
                by_unit: c
                    .by_unit
                    .iter()
                    .map(|t| (t.label.clone(), TotalsJson::new(t, unit)))
                    .collect(),
            },
            lagging,
            tasks: TasksJson {
                quarter: c.period.quarter_label(),
                total: c.quarter_tasks.len(),
                overdue: c.quarter_tasks.iter().filter(|t| t.overdue).count(),
                ongoing: c.quarter_tasks.iter().filter(|t| t.ongoing).count(),
            },
            issues: inbox.issues.clone(),
            outputs,
            previous_period: c.previous_period.map(|p| p.to_string()),
            schedule_progress: c.schedule_progress,
            year: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_become_safe_file_names() {
        assert_eq!(safe_file_stem("区建管委"), "区建管委");
        assert_eq!(safe_file_stem("../../etc/passwd"), "___etc_passwd");
        assert!(!safe_file_stem("../../etc/passwd").contains('/'));
        assert_eq!(safe_file_stem("CON"), "_CON");
        assert_eq!(safe_file_stem("com1.txt"), "_com1.txt");
        assert_eq!(safe_file_stem(".."), "未命名单位");
        assert_eq!(safe_file_stem(&"长".repeat(200)).chars().count(), 80);
    }

    #[test]
    fn second_lock_names_the_holder_and_drop_releases() {
        let dir = tempfile::tempdir().unwrap();
        let first = Lock::acquire(dir.path(), 720).unwrap();
        let err = Lock::acquire(dir.path(), 720).unwrap_err();
        assert!(
            err.contains(&format!("进程 {}", std::process::id())),
            "{err}"
        );
        drop(first);
        assert!(Lock::acquire(dir.path(), 720).is_ok());
    }

    #[test]
    fn lock_older_than_the_stale_age_is_taken_over_even_if_its_process_lives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_FILE);
        let live = LockHolder {
            pid: std::process::id(),
            host: host_name(),
            started: "2022-04-01 02:00:00".into(),
        };
        std::fs::write(&path, serde_json::to_vec(&live).unwrap()).unwrap();
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        assert!(
            Lock::acquire(dir.path(), 180).is_err(),
            "younger than 3 hours: still held"
        );
        let lock = Lock::acquire(dir.path(), 60).unwrap();
        assert!(lock.took_over.is_some());
    }

    #[test]
    fn lock_of_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let dead = LockHolder {
            pid: u32::MAX - 7,
            host: host_name(),
            started: "2022-04-01 02:00:00".into(),
        };
        std::fs::write(
            dir.path().join(LOCK_FILE),
            serde_json::to_vec(&dead).unwrap(),
        )
        .unwrap();
        let lock = Lock::acquire(dir.path(), 720).unwrap();
        assert!(
            lock.took_over
                .as_deref()
                .unwrap_or("")
                .contains("2022-04-01 02:00:00")
        );
    }
}
