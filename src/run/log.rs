//! What the run says while it works: a progress bar on a terminal, timestamped lines
//! otherwise, nothing with `--quiet`.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A progress bar on a terminal, timestamped lines otherwise, nothing with `--quiet`.
pub(super) struct Log {
    quiet: bool,
    terminal: bool,
}

impl Log {
    pub(super) fn new(quiet: bool) -> Self {
        Log {
            quiet,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    pub(super) fn line(&self, text: &str) {
        if self.quiet {
            return;
        }
        if self.terminal {
            eprintln!("{text}");
        } else {
            eprintln!(
                "{} {text}",
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
            );
        }
    }

    /// What the clerk must know even with `--quiet`: recoveries and failed clean-ups.
    pub(super) fn warn(&self, text: &str) {
        if self.terminal {
            eprintln!("{text}");
        } else {
            eprintln!(
                "{} {text}",
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
            );
        }
    }

    pub(super) fn bar(&self) -> ProgressBar {
        if self.quiet || !self.terminal {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(0);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} 读取台帐 [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    }
}
