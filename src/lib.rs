//! taizhang (台帐) consolidates the monthly work ledgers that a district's key-project units
//! submit as spreadsheets: it reads every file, checks every cell, merges the projects and
//! tasks, and writes the workbooks the office sends out.
//!
//! The pipeline, one module a stage: `ingest` (files → raw sheets) → `normalize` (typed rows
//! and cell issues) → `validate` (cross-row and cross-file checks) → `consolidate` (totals,
//! lag flags, quarterly tasks) → `report` (workbooks) and `output` (atomic writes, run.json).

pub mod check;
pub mod cli;
pub mod config;
pub mod consolidate;
pub mod history;
pub mod inbox;
pub mod ingest;
pub mod issue;
pub mod normalize;
pub mod output;
pub mod domain;
pub mod report;
pub mod run;
pub mod schema;
pub mod template;
pub mod validate;

use clap::Parser;
use cli::{Cli, Command};
use config::Config;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Exit statuses (LEDGER-SPEC section 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything clean.
    Clean = 0,
    /// Outputs written (or the check done) but errors found in the submissions.
    ErrorsFound = 1,
    /// Nothing written: bad config, unreadable input, lock held.
    Failed = 2,
}

/// Runs the command line; returns the exit status.
pub fn run<I, T>(args: I) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Failed
            } else {
                Exit::Clean
            };
        }
    };
    match execute(cli.command) {
        Ok(exit) => exit,
        Err(message) => {
            eprintln!("taizhang: {message}");
            Exit::Failed
        }
    }
}

fn execute(command: Command) -> Result<Exit, String> {
    match command {
        Command::Check {
            paths,
            period,
            config,
            json,
            explain,
        } => {
            let config = load_config(config.as_deref())?;
            let period = period.map(|p| p.parse()).transpose()?;
            if explain {
                print!("{}", check::explain::explain(&paths, &config, period)?);
                return Ok(Exit::Clean);
            }
            let inbox = inbox::read_inbox(
                &paths,
                &config,
                period,
                &ingest::ReadLimits::default(),
                &|| {},
                &|_| {},
            )?;
            if json {
                println!("{}", check::json(&inbox));
            } else {
                print!("{}", check::text(&inbox));
            }
            Ok(if inbox.errors() > 0 {
                Exit::ErrorsFound
            } else {
                Exit::Clean
            })
        }
        Command::Run {
            input,
            period,
            out,
            config,
            json,
            quiet,
        } => {
            let config = load_config(config.as_deref())?;
            let opts = run::RunOptions {
                input: input.unwrap_or_else(|| config.input.clone()),
                out: out.unwrap_or_else(|| config.output.clone()),
                period: period.map(|p| p.parse()).transpose()?,
                json,
                quiet: quiet || json,
                limits: ingest::ReadLimits::default(),
            };
            run::monthly(&config, &opts)
        }
        Command::Template { out, config } => {
            let config = load_config(config.as_deref())?;
            let bytes = template::workbook(&config.schema, config.input_unit.label())
                .map_err(|e| format!("无法生成模板：{e}"))?;
            output::write_atomic(&out, &bytes)
                .map_err(|e| format!("无法写入 {}：{e}", out.display()))?;
            eprintln!("已生成台帐模板：{}", out.display());
            Ok(Exit::Clean)
        }
        Command::Init { dir, force } => {
            let path = dir.join("taizhang.toml");
            if path.exists() && !force {
                return Err(format!("{} 已存在；如要覆盖请加 --force", path.display()));
            }
            output::write_atomic(&path, config::DEFAULT_CONFIG.as_bytes())
                .map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
            eprintln!(
                "已生成配置文件：{}（修改名册、阈值等后保存即可）",
                path.display()
            );
            Ok(Exit::Clean)
        }
    }
}

/// The given config, else `taizhang.toml` in the working folder, else the built-in defaults.
fn load_config(path: Option<&Path>) -> Result<Config, String> {
    match path {
        Some(p) => Config::load(p).map_err(|e| e.to_string()),
        None if Path::new("taizhang.toml").is_file() => {
            Config::load(&PathBuf::from("taizhang.toml")).map_err(|e| e.to_string())
        }
        None => Ok(Config::builtin()),
    }
}
