//! The third-party workbooks of `../shared/corpus` (Excel, `LibreOffice`, Gnumeric, Numbers, WPS;
//! some broken or encrypted on purpose), each taken alone: it is read (a ledger, or reported
//! `no-ledger-sheet`) or reported (`file-unreadable`, `file-skipped`, `sheet-too-large`). None
//! may panic, none may hang, none may take gigabytes.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};
use taizhang::config::Config;
use taizhang::ingest::{self, ReadLimits};
use taizhang::issue::IssueCode;
use taizhang::normalize::{self, Context, Ledger};

/// Longer than any file may take in a debug build; a file past it has hung.
const PER_FILE: Duration = Duration::from_secs(20);
/// The whole process's peak resident memory after the corpus (other tests run alongside).
const PEAK_MEMORY_MB: u64 = 3 * 1024;

#[derive(Debug)]
enum Outcome {
    Ledger,
    NoLedger,
    Reported(IssueCode),
    /// Read, yet neither a ledger nor any issue saying why not: a file lost without a word.
    Silent,
    Panicked(String),
    Hung,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus folder readable")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// One file through the same two calls `read_inbox` makes.
fn take(path: &Path) -> Result<Ledger, String> {
    let config = Config::builtin();
    let ctx = Context::new(&config, "2022-03".parse().expect("period"));
    let candidates = ingest::discover(&[path.to_owned()]).map_err(|e| e.to_string())?;
    let candidate = candidates.into_iter().next().ok_or("no candidate")?;
    let submission = ingest::read(&candidate, &ReadLimits::default());
    Ok(normalize::normalize(submission, &ctx))
}

fn outcome(ledger: &Ledger) -> Outcome {
    let c = ledger.counts;
    assert_eq!(
        c.rows_read,
        c.accepted + c.rejected + c.skipped,
        "{}: rows not conserved",
        ledger.file
    );
    assert_eq!(c.rejected, ledger.rejected.len(), "{}", ledger.file);
    if ledger.sheets.iter().any(|s| s.kind.is_some()) {
        return Outcome::Ledger;
    }
    let code = |code| ledger.issues.iter().any(|i| i.code == code);
    if code(IssueCode::NoLedgerSheet) {
        return Outcome::NoLedger;
    }
    [
        IssueCode::FileUnreadable,
        IssueCode::FileSkipped,
        IssueCode::SheetTooLarge,
    ]
    .into_iter()
    .find(|c| code(*c))
    .map_or(Outcome::Silent, Outcome::Reported)
}

/// Runs one file on its own thread: a panic is caught, a hang is left behind and named.
fn run_bounded(path: &Path) -> (Outcome, Duration) {
    let (tx, rx) = mpsc::channel();
    let owned = path.to_owned();
    let start = Instant::now();
    std::thread::Builder::new()
        .name(path.display().to_string())
        .spawn(move || {
            let result = std::panic::catch_unwind(|| take(&owned));
            let outcome = match result {
                Ok(Ok(ledger)) => std::panic::catch_unwind(|| outcome(&ledger))
                    .unwrap_or_else(|e| Outcome::Panicked(panic_text(&*e))),
                Ok(Err(e)) => Outcome::Panicked(format!("discover failed: {e}")),
                Err(e) => Outcome::Panicked(panic_text(&*e)),
            };
            let _ = tx.send(outcome);
        })
        .expect("spawn");
    match rx.recv_timeout(PER_FILE) {
        Ok(outcome) => (outcome, start.elapsed()),
        Err(_) => (Outcome::Hung, start.elapsed()),
    }
}

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "panic".into())
}

/// Peak resident memory of this process in MiB (Linux), for the summary.
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[test]
fn every_corpus_file_is_read_or_reported() {
    let dir = corpus_dir();
    if !dir.is_dir() {
        eprintln!(
            "note: {} is absent; the third-party corpus test is skipped",
            dir.display()
        );
        return;
    }
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(path) = files.get(i) else { break };
                    let (outcome, took) = run_bounded(path);
                    results.lock().unwrap().push((path.clone(), outcome, took));
                }
            });
        }
    });
    let results = results.into_inner().unwrap();

    let count = |f: fn(&Outcome) -> bool| results.iter().filter(|(_, o, _)| f(o)).count();
    let ledgers = count(|o| matches!(o, Outcome::Ledger));
    let no_ledger = count(|o| matches!(o, Outcome::NoLedger));
    let reported = count(|o| matches!(o, Outcome::Reported(_)));
    let mut by_code = std::collections::BTreeMap::new();
    for (_, o, _) in &results {
        if let Outcome::Reported(code) = o {
            *by_code.entry(code.as_str()).or_insert(0) += 1;
        }
    }
    let failures: Vec<String> = results
        .iter()
        .filter(|(_, o, _)| matches!(o, Outcome::Silent | Outcome::Panicked(_) | Outcome::Hung))
        .map(|(p, o, t)| {
            let what = match o {
                Outcome::Panicked(message) => format!("panicked: {message}"),
                Outcome::Hung => format!("still running after {PER_FILE:?}"),
                _ => "read, yet neither a ledger nor an issue".to_owned(),
            };
            format!(
                "{}: {what} ({t:.1?})",
                p.strip_prefix(&dir).unwrap_or(p).display()
            )
        })
        .collect();
    let (slowest, slowest_time) = results
        .iter()
        .max_by_key(|(_, _, t)| *t)
        .map(|(p, _, t)| (p.strip_prefix(&dir).unwrap_or(p).display().to_string(), *t))
        .unwrap_or_default();
    let peak = peak_memory_mb();
    println!(
        "corpus: {} files in {:.1?}: read {} ({ledgers} with a ledger, {no_ledger} no-ledger-sheet), \
         reported {reported} {by_code:?}, panics {}, hangs {}, silent {}; \
         slowest {slowest} {slowest_time:.2?}; peak memory {} MB",
        results.len(),
        started.elapsed(),
        ledgers + no_ledger,
        count(|o| matches!(o, Outcome::Panicked(_))),
        count(|o| matches!(o, Outcome::Hung)),
        count(|o| matches!(o, Outcome::Silent)),
        peak.map_or_else(|| "?".to_owned(), |m| m.to_string()),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(results.len(), files.len());
    if let Some(peak) = peak {
        assert!(peak < PEAK_MEMORY_MB, "peak memory {peak} MB");
    }
}
