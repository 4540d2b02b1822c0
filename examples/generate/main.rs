//! Writes a month (period 2022-03) of realistic unit ledgers at any scale, for benchmarks and
//! load tests:
//!
//! ```text
//! cargo run --release --example generate -- --units 60 --rows 200 --out /tmp/month [--seed 7]
//! ```
//!
//! `--units N` member units each send one file with `--rows M` project rows (N × M in all), in
//! the messy layouts of LEDGER-SPEC section 2, taken in turn: the canonical template with a task
//! sheet and a notes sheet; a title, `填报单位`/`单位：万元`/`截至` row, aliases and period
//! headers, a `合计` row of formulas, note rows and a task sheet by aliases; a two-row header
//! under a merged `投资情况（万元）`, `主责单位` merged down, `小计`/`总计` rows; mixed units
//! (`总投资（亿元）`, `1.2亿`, `3500万元`, `7,350.5`, `７３５０`, `—`) and dates in every written form; blank
//! rows, a blank column, hidden rows and a hidden column; CSV in GBK. A few rows carry the
//! mistakes units make (`12..5`, a negative plan, `#REF!`, an unknown category, an empty name)
//! and a few repeat another unit's project. Plus an Office lock file and a WPS file to skip.
//!
//! The output depends only on the arguments: the same seed gives the same bytes. Files with
//! more than 20,000 rows are written in `rust_xlsxwriter`'s constant-memory mode.
//!
//! `benches/scale.rs` includes this file as a module (its `main` unused there), hence the
//! `#[path]` on the modules below: they resolve the same from either.

// Fixture data: amounts are written as the ledgers write them, cell builders keep their short
// row/column names, and a sheet's layout reads best as one function.
#![allow(
    clippy::unreadable_literal,
    clippy::many_single_char_names,
    clippy::too_many_lines,
    clippy::match_same_arms,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

#[path = "cells.rs"]
mod cells;
#[path = "layouts.rs"]
mod layouts;
#[path = "words.rs"]
mod words;

use layouts::{LAYOUTS, Rows, Unit};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use words::{DISTRICTS, Mistake, Project, UNITS, project, tenth};

pub(crate) type R<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub units: usize,
    pub rows: usize,
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub files: usize,
    pub project_rows: usize,
    pub task_rows: usize,
    pub bytes: u64,
}

/// Changes with what `generate` writes (benchmarks cache generated months by it).
pub const VERSION: &str = "1";

/// Files with more rows than this are written in constant-memory mode.
pub(crate) const CONSTANT_MEMORY_ROWS: usize = 20_000;

// ---------------------------------------------------------------------------------------------
// A small deterministic random source (SplitMix64): no dependency, same stream everywhere.
// ---------------------------------------------------------------------------------------------

pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    pub(crate) fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

// ---------------------------------------------------------------------------------------------
// The month
// ---------------------------------------------------------------------------------------------

/// The name of unit `i`: the district's own units first, then those of other districts.
fn unit_name(i: usize) -> String {
    let base = UNITS[i % UNITS.len()];
    match i / UNITS.len() {
        0 => base.to_owned(),
        k if k < DISTRICTS.len() => {
            format!("{}{}", DISTRICTS[k], base.trim_start_matches('区'))
        }
        k => format!(
            "{}{}{}",
            DISTRICTS[k % DISTRICTS.len()],
            base.trim_start_matches('区'),
            k / DISTRICTS.len() + 1
        ),
    }
}

/// Writes the month into `dir` (created if needed).
///
/// # Errors
/// When a file cannot be written.
pub fn generate(dir: &Path, spec: Spec) -> R<Written> {
    std::fs::create_dir_all(dir)?;
    let names: Vec<String> = (0..spec.units).map(unit_name).collect();
    // Each unit's projects, drawn from its own stream: the same whatever the thread timing.
    let mut units: Vec<Vec<Project>> = names
        .par_iter()
        .enumerate()
        .map(|(i, name)| {
            let mut rng = Rng::new(spec.seed, 2 * i as u64);
            let neighbours: Vec<String> = (1..4)
                .map(|k| names[(i + k) % names.len()].clone())
                .filter(|n| n != name)
                .collect();
            (0..spec.rows)
                .map(|j| {
                    let code = format!("XM-2022-{:04}-{:05}", i + 1, j + 1);
                    project(&mut rng, name, code, &neighbours)
                })
                .collect()
        })
        .collect();
    // A few projects reported again by another unit (its lead unit stays the first one's).
    let mut rng = Rng::new(spec.seed, u64::MAX);
    for i in 1..units.len() {
        for j in 0..units[i].len() {
            if rng.chance(0.002) {
                let from = &units[i - 1];
                let Some(original) = from.get(rng.below(from.len())).cloned() else {
                    continue;
                };
                if original.mistake == Mistake::None {
                    let mut again = original;
                    again.ytd = tenth(again.ytd * 0.97);
                    units[i][j] = again;
                }
            }
        }
    }
    let written: Vec<R<Rows>> = units
        .into_par_iter()
        .enumerate()
        .map(|(i, projects)| {
            let mut rng = Rng::new(spec.seed, 2 * i as u64 + 1);
            let unit = Unit {
                index: i,
                name: &names[i],
                projects,
                dir,
            };
            LAYOUTS[i % LAYOUTS.len()](&unit, &mut rng)
        })
        .collect();
    let mut total = Written::default();
    for w in written {
        let (p, t) = w?;
        total.project_rows += p;
        total.task_rows += t;
    }
    if spec.units >= 10 {
        // An Office owner file and a WPS workbook: skipped and reported, never read.
        let mut lock = vec![5u8];
        lock.extend_from_slice(b"zhang");
        lock.resize(54, b' ');
        std::fs::write(dir.join(format!("~${}.xlsx", names[1])), &lock)?;
        let mut et = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        et.resize(64, 0);
        std::fs::write(dir.join("区防汛办.et"), &et)?;
    }
    for entry in std::fs::read_dir(dir)? {
        let meta = entry?.metadata()?;
        if meta.is_file() {
            total.files += 1;
            total.bytes += meta.len();
        }
    }
    Ok(total)
}

fn usage() -> String {
    "usage: generate --units N --rows M --out DIR [--seed S]".to_owned()
}

fn parse_args() -> Result<(Spec, PathBuf), String> {
    let mut spec = Spec {
        units: 60,
        rows: 200,
        seed: 1,
    };
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{}", usage()))
        };
        let number = |v: String| v.parse::<u64>().map_err(|_| format!("not a number: {v}"));
        match flag.as_str() {
            "--units" => {
                spec.units = usize::try_from(number(value()?)?).map_err(|e| e.to_string())?;
            }
            "--rows" => {
                spec.rows = usize::try_from(number(value()?)?).map_err(|e| e.to_string())?;
            }
            "--seed" => spec.seed = number(value()?)?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Err(usage()),
            other => return Err(format!("unknown argument {other}\n{}", usage())),
        }
    }
    if spec.units == 0 {
        return Err("--units must be at least 1".into());
    }
    Ok((spec, out.ok_or_else(usage)?))
}

fn main() {
    let (spec, out) = match parse_args() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let started = std::time::Instant::now();
    match generate(&out, spec) {
        Ok(w) => {
            let mut line = String::new();
            let _ = write!(
                line,
                "wrote {} files ({:.1} MB) into {}: {} units × {} rows = {} project rows, {} task rows, in {:.1}s",
                w.files,
                w.bytes as f64 / 1e6,
                out.display(),
                spec.units,
                spec.rows,
                w.project_rows,
                w.task_rows,
                started.elapsed().as_secs_f64()
            );
            println!("{line}");
        }
        Err(e) => {
            eprintln!("generate: {e}");
            std::process::exit(1);
        }
    }
}
