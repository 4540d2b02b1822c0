//! What leaves the program, and how: the lock that keeps two runs of one output root apart
//! (`lock`), files written with the user's umask and their errors explained (`write`,
//! `error`), a period's outputs committed together or not at all and interrupted commits
//! finished (`commit`, `swap`, `recover`), safe and unique 反馈 file names (`names`), and
//! `run.json` (`run_json`). LEDGER-SPEC section 10 is the contract.

mod commit;
mod error;
mod fault;
mod lock;
mod lock_fallback;
mod names;
mod recover;
mod run_json;
mod swap;
mod write;

pub use commit::{COMMIT_STEPS, Committed, FEEDBACK_DIR, INTENT_FILE, PeriodCommit};
pub use error::{Action, OutputError, cause};
pub use lock::{LOCK_FILE, Lock, LockHolder};
pub use names::{MAX_NAME_BYTES, feedback_file_names, safe_file_stem};
pub use recover::{Recovered, RecoveryAction, recover};
pub use run_json::{AllTotals, FileEntry, LaggingJson, RunJson, TasksJson, TotalsJson};
pub use write::{prepare_process, write_atomic};
