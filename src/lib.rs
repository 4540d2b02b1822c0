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
pub mod domain;
pub mod history;
pub mod inbox;
pub mod ingest;
pub mod issue;
pub mod normalize;
pub mod os_error;
pub mod output;
pub mod report;
pub mod run;
pub mod schema;
pub mod settings;
pub mod template;
pub mod validate;
pub mod year;

use clap::Parser;
use cli::Cli;
use settings::Settings;
use std::ffi::OsString;
use std::path::PathBuf;

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

/// What stops a command (exit 2), printed once, at the top.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Inbox(#[from] ingest::ReadError),
    #[error(transparent)]
    Run(#[from] run::RunError),
    #[error("无法生成模板：{0}")]
    Template(#[from] rust_xlsxwriter::XlsxError),
    #[error("无法写入 {}：{}", path.display(), os_error::cause(source))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} 已存在；如要覆盖请加 --force", .0.display())]
    ConfigExists(PathBuf),
    #[error("模板文件 {} 已存在，未覆盖；如要覆盖请加 --force", .0.display())]
    TemplateExists(PathBuf),
}

/// Runs the command line; returns the exit status.
pub fn run<I, T>(args: I) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            eprintln!("taizhang：{}", cli::error_in_chinese(&e));
            return Exit::Failed;
        }
        Err(e) => {
            // --help and --version, already in Chinese.
            let _ = e.print();
            return Exit::Clean;
        }
    };
    match Settings::from_arguments(cli)
        .map_err(Error::from)
        .and_then(execute)
    {
        Ok(exit) => exit,
        Err(e) => {
            eprintln!("taizhang：{e}");
            Exit::Failed
        }
    }
}

/// Runs one resolved command.
///
/// # Errors
/// What stopped it before anything was written.
pub fn execute(settings: Settings) -> Result<Exit, Error> {
    match settings {
        Settings::Check {
            config,
            paths,
            period,
            json,
            explain,
        } => check::run(&config, &paths, period, json, explain),
        Settings::Run { config, options } => Ok(run::monthly(&config, &options)?),
        Settings::Template { config, out, force } => template::write(&config, &out, force),
        Settings::Init { path, force } => template::write_config(&path, force),
    }
}
