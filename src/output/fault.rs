//! Fault injection for the tests of the commit, and nothing else: `TAIZHANG_FAULT_STEP=k` with
//! `TAIZHANG_FAULT_MODE=fail` makes step k of a commit fail as a write would, with
//! `TAIZHANG_FAULT_MODE=abort` kills the process there (SIGKILL, as `kill -9` would).
//! `TAIZHANG_FAULT_SWAP=rename` makes the commit use two renames instead of an atomic exchange
//! of folders, as on file systems without `RENAME_EXCHANGE`. Read only by the commit code.

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Fail,
    Abort,
}

#[derive(Debug, Clone, Copy, Default)]
struct Plan {
    step: Option<(usize, Mode)>,
    no_exchange: bool,
}

fn plan() -> Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    *PLAN.get_or_init(|| {
        let step = std::env::var("TAIZHANG_FAULT_STEP")
            .ok()
            .and_then(|s| s.parse().ok());
        let mode = match std::env::var("TAIZHANG_FAULT_MODE").as_deref() {
            Ok("abort") => Mode::Abort,
            _ => Mode::Fail,
        };
        Plan {
            step: step.map(|k| (k, mode)),
            no_exchange: std::env::var("TAIZHANG_FAULT_SWAP").as_deref() == Ok("rename"),
        }
    })
}

/// Called at the start of commit step `step` (from 1).
pub(crate) fn at(step: usize) -> std::io::Result<()> {
    match plan().step {
        Some((k, Mode::Fail)) if k == step => {
            Err(std::io::Error::other(format!("模拟故障（提交第{step}步）")))
        }
        Some((k, Mode::Abort)) if k == step => {
            #[cfg(unix)]
            // SAFETY: SIGKILL to this process; as pid 1 of a PID namespace it is ignored, and
            // `_exit` ends the process as abruptly (no destructor, no clean-up runs).
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
                libc::_exit(137);
            }
            #[cfg(not(unix))]
            std::process::abort()
        }
        _ => Ok(()),
    }
}

/// Whether the commit must not use the atomic exchange of folders.
pub(crate) fn no_exchange() -> bool {
    plan().no_exchange
}
