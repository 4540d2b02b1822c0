//! Writing files the way every output is written: created new with the user's umask (never a
//! private 0600 temporary), written through a writer that keeps the first system error, flushed
//! to disk, and folders flushed after renames. Also `write_atomic` for single files.

use super::error::{Action, OutputError, cause};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};

/// Makes the process report a file-size limit as an error instead of dying of it: with
/// `SIGXFSZ` ignored a write past `ulimit -f` fails with `EFBIG`, which is then explained.
pub fn prepare_process() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        #[cfg(unix)]
        // SAFETY: setting a signal's disposition to SIG_IGN installs no handler code; it is
        // done once, before any output is written.
        unsafe {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        }
    });
}

/// A name no other file of this process or another has: pid, time and a counter.
pub(crate) fn unique_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{:x}{nanos:08x}{:x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Creates a file that must not exist yet. Its mode is what the umask gives any new file.
pub(crate) fn create_new(path: &Path) -> Result<File, OutputError> {
    File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| OutputError::io(Action::Create, path, e))
}

/// Writes `write`'s output to a new file at `path` and flushes it to disk. A system error is
/// reported as such, never hidden behind the writer's own error.
pub(crate) fn write_new<E: std::fmt::Display>(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), E>,
) -> Result<(), OutputError> {
    let file = create_new(path)?;
    let mut w = Sticky {
        inner: io::BufWriter::with_capacity(1 << 16, file),
        error: None,
    };
    let written = write(&mut w);
    let flushed = w.flush();
    if let Some(e) = w.error.take() {
        return Err(OutputError::io(Action::Write, path, e));
    }
    if let Err(e) = written {
        return Err(OutputError::Render {
            path: path.to_owned(),
            message: e.to_string(),
        });
    }
    flushed.map_err(|e| OutputError::io(Action::Write, path, e))?;
    let file = w
        .inner
        .into_inner()
        .map_err(|e| OutputError::io(Action::Write, path, e.into_error()))?;
    file.sync_all()
        .map_err(|e| OutputError::io(Action::Sync, path, e))
}

/// Flushes a folder's entries (new names, renames) to disk. Some file systems cannot, and say
/// so with an error that is not a failure to write.
pub(crate) fn sync_dir(path: &Path) -> Result<(), OutputError> {
    let Ok(dir) = File::open(path) else {
        return Ok(());
    };
    match dir.sync_all() {
        Err(e) if e.raw_os_error() == Some(5) || e.kind() == io::ErrorKind::StorageFull => {
            Err(OutputError::io(Action::Sync, path, e))
        }
        _ => Ok(()),
    }
}

/// Creates a folder (and its parents) with the umask's mode.
pub(crate) fn create_dir_all(path: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(path).map_err(|e| OutputError::io(Action::CreateDir, path, e))
}

pub(crate) fn rename(from: &Path, to: &Path) -> Result<(), OutputError> {
    std::fs::rename(from, to).map_err(|e| OutputError::io(Action::Rename, from, e))
}

/// Removes a file or a folder with everything in it; gone already is fine.
pub(crate) fn remove_all(path: &Path) -> Result<(), OutputError> {
    let result = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => Err(e),
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
    };
    match result {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            Err(OutputError::io(Action::Remove, path, e))
        }
        _ => Ok(()),
    }
}

/// A writer that remembers the first error of the file beneath and, after it, swallows the
/// rest: the library writing into it stops at the error it was given, and whatever it writes
/// while unwinding (a zip archive finishing itself on drop) neither fails again nor prints.
struct Sticky<W: Write> {
    inner: W,
    error: Option<io::Error>,
}

impl<W: Write> Write for Sticky<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.error.is_some() {
            return Ok(buf.len());
        }
        self.inner.write(buf).map_err(|e| self.keep(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.error.is_some() {
            return Ok(());
        }
        self.inner.flush().map_err(|e| self.keep(e))
    }
}

impl<W: Write> Sticky<W> {
    fn keep(&mut self, e: io::Error) -> io::Error {
        let told = io::Error::new(e.kind(), cause(&e));
        self.error = Some(e);
        told
    }
}

/// Writes a file so that a reader never sees half of it: a new file beside the target, flushed
/// to disk, renamed over the target, the folder flushed. Its mode follows the umask.
///
/// # Errors
/// The system error, its text the cause in Chinese (the caller names the path).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    prepare_process();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let in_chinese = |e: OutputError| match e {
        OutputError::Io { source, .. } => io::Error::new(source.kind(), cause(&source)),
        other => io::Error::other(other.to_string()),
    };
    create_dir_all(&dir).map_err(in_chinese)?;
    let tmp = dir.join(format!(".taizhang-{}.tmp", unique_id()));
    let result = write_new(&tmp, |w| w.write_all(bytes))
        .and_then(|()| rename(&tmp, path))
        .and_then(|()| sync_dir(&dir));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(in_chinese)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_error_is_kept_and_later_writes_are_swallowed() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from_raw_os_error(28))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut w = Sticky {
            inner: Full,
            error: None,
        };
        let first = w.write(b"abc").unwrap_err();
        assert!(first.to_string().starts_with("磁盘已满"), "{first}");
        assert_eq!(w.write(b"more").unwrap(), 4);
        assert_eq!(w.error.unwrap().raw_os_error(), Some(28));
    }

    #[test]
    #[cfg(unix)]
    fn files_get_the_umask_mode_not_a_private_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        write_atomic(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // SAFETY: reading the umask sets it and sets it back; this test creates no file meanwhile.
        let umask = unsafe {
            let m = libc::umask(0o022);
            libc::umask(m);
            m
        };
        assert_eq!(mode, 0o666 & !umask);
        assert_eq!(std::fs::read(&path).unwrap(), b"x");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left");
    }
}
