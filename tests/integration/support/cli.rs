//! The real binary as a user runs it, described and checked in one expression:
//! `Taizhang::new(dir).args(["run", "in"]).status(1).stderr_has("完成").run()`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One run of `taizhang`, with what it must do.
#[must_use]
pub struct Taizhang {
    cwd: PathBuf,
    args: Vec<String>,
    stdin: Option<String>,
    env: Vec<(String, String)>,
    status: Option<i32>,
    stdout_has: Vec<String>,
    stderr_has: Vec<String>,
    stderr_lacks: Vec<String>,
    writes: Vec<PathBuf>,
}

/// What the run printed.
pub struct Outcome {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Taizhang {
    /// A run in the folder `cwd`.
    pub fn new(cwd: &Path) -> Self {
        Taizhang {
            cwd: cwd.to_owned(),
            args: Vec::new(),
            stdin: None,
            env: Vec::new(),
            status: None,
            stdout_has: Vec::new(),
            stderr_has: Vec::new(),
            stderr_lacks: Vec::new(),
            writes: Vec::new(),
        }
    }

    pub fn args<const N: usize>(mut self, args: [&str; N]) -> Self {
        self.args.extend(args.iter().map(|a| (*a).to_owned()));
        self
    }

    pub fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_owned());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The exit status it must end with.
    pub fn status(mut self, code: i32) -> Self {
        self.status = Some(code);
        self
    }

    pub fn stdout_has(mut self, text: &str) -> Self {
        self.stdout_has.push(text.to_owned());
        self
    }

    pub fn stderr_has(mut self, text: &str) -> Self {
        self.stderr_has.push(text.to_owned());
        self
    }

    /// Text that must not reach the clerk (library or English messages).
    pub fn stderr_lacks(mut self, text: &str) -> Self {
        self.stderr_lacks.push(text.to_owned());
        self
    }

    /// A file (relative to the folder) the run must leave behind.
    pub fn writes(mut self, path: &str) -> Self {
        self.writes.push(PathBuf::from(path));
        self
    }

    /// Runs it and checks every expectation; returns what it printed.
    pub fn run(self) -> Outcome {
        let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .args(&self.args)
            .current_dir(&self.cwd)
            .env("NO_COLOR", "1")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start taizhang");
        let mut input = child.stdin.take().expect("stdin");
        if let Some(text) = &self.stdin {
            input.write_all(text.as_bytes()).expect("write stdin");
        }
        drop(input);
        let out = child.wait_with_output().expect("run taizhang");
        let outcome = Outcome {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        let context = || {
            format!(
                "taizhang {:?}\nstdout:\n{}\nstderr:\n{}",
                self.args, outcome.stdout, outcome.stderr
            )
        };
        if let Some(code) = self.status {
            assert_eq!(outcome.status, code, "exit status; {}", context());
        }
        for text in &self.stdout_has {
            assert!(
                outcome.stdout.contains(text.as_str()),
                "stdout lacks {text:?}; {}",
                context()
            );
        }
        for text in &self.stderr_has {
            assert!(
                outcome.stderr.contains(text.as_str()),
                "stderr lacks {text:?}; {}",
                context()
            );
        }
        for text in &self.stderr_lacks {
            assert!(
                !outcome.stderr.contains(text.as_str()),
                "stderr has {text:?}; {}",
                context()
            );
        }
        for path in &self.writes {
            assert!(
                self.cwd.join(path).is_file(),
                "{} not written; {}",
                path.display(),
                context()
            );
        }
        outcome
    }
}
