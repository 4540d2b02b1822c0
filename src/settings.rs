//! The command line resolved once: clap's raw arguments and the config (given, found in the
//! working folder, or built in) become the settings of one command. Nothing after this module
//! sees the raw arguments.

use crate::cli::{Cli, Command};
use crate::config::{Config, ConfigError};
use crate::domain::Period;
use crate::ingest::ReadLimits;
use crate::run::RunOptions;
use std::path::{Path, PathBuf};

/// What one invocation does, with everything it needs.
#[derive(Debug)]
pub enum Settings {
    /// The monthly job.
    Run { config: Config, options: RunOptions },
    /// Check submissions only.
    Check {
        config: Config,
        paths: Vec<PathBuf>,
        period: Option<Period>,
        json: bool,
        /// Show how each file was understood (LEDGER-SPEC 3A.10) instead of the report.
        explain: bool,
    },
    /// Write the blank ledger workbook.
    Template {
        config: Config,
        out: PathBuf,
        force: bool,
    },
    /// Write an editable `taizhang.toml`.
    Init { path: PathBuf, force: bool },
}

impl Settings {
    /// Resolves the parsed command line.
    ///
    /// # Errors
    /// When the config named (or found in the working folder) cannot be read or is invalid.
    pub fn from_arguments(cli: Cli) -> Result<Self, ConfigError> {
        Ok(match cli.command {
            Command::Run {
                input,
                period,
                out,
                config,
                json,
                quiet,
            } => {
                let config = load_config(config.as_deref())?;
                let options = RunOptions {
                    input: input.unwrap_or_else(|| config.input.clone()),
                    out: out.unwrap_or_else(|| config.output.clone()),
                    period,
                    json,
                    quiet: quiet || json,
                    limits: ReadLimits::default(),
                };
                Settings::Run { config, options }
            }
            Command::Check {
                paths,
                period,
                config,
                json,
                explain,
            } => Settings::Check {
                config: load_config(config.as_deref())?,
                paths,
                period,
                json,
                explain,
            },
            Command::Template { out, config, force } => Settings::Template {
                config: load_config(config.as_deref())?,
                out,
                force,
            },
            Command::Init { dir, force } => Settings::Init {
                path: dir.join("taizhang.toml"),
                force,
            },
        })
    }
}

/// The given config, else `taizhang.toml` in the working folder, else the built-in defaults.
fn load_config(path: Option<&Path>) -> Result<Config, ConfigError> {
    let found = Path::new("taizhang.toml");
    match path {
        Some(p) => Config::load(p),
        None if found.is_file() => Config::load(found),
        None => Ok(Config::builtin()),
    }
}
