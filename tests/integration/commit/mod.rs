//! One commit per period (LEDGER-SPEC section 10), from outside: a fault injected at every
//! step of the commit, the binary killed at spread-out moments of a large run, odd unit names,
//! file modes under the umask, a read-only output folder and a full disk. After each, every
//! output is read back: the period is the whole old set or the whole new set.

mod faults;
pub mod fixtures;
pub mod kill;
mod outcomes;

pub use fixtures::{Limits, taizhang_with};
