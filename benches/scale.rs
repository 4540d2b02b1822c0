//! The whole `taizhang run` at scale, beside the I/O floor measured in the same run.
//!
//! ```text
//! cargo bench --bench scale                              # 60x200, 10k, 100k and 1M rows
//! SCALE_SIZES=60x200,100000 cargo bench --bench scale    # some sizes (N rows, or UNITSxROWS)
//! SCALE_REPEAT=5 SCALE_DIR=/data/scale cargo bench --bench scale
//! SCALE_BASELINE=/path/to/old/taizhang cargo bench --bench scale   # before and after, one sitting
//! ```
//!
//! For each size the month is generated once by `examples/generate/` (cached in
//! `$SCALE_DIR`, default the temp folder's `taizhang-scale/`, per size and seed). Then, in turn:
//!
//! - the **floor**: this binary again as a child (`TAIZHANG_SCALE_FLOOR`), which only reads
//!   every cell of every file with calamine (xlsx) or the csv reader (GBK or UTF-8), on both
//!   cores as the run does, and writes the rows once into one sheet with `rust_xlsxwriter`
//!   (constant memory, no formats): what any tool that reads these files and writes the rows
//!   must spend;
//! - the **run**: the release binary, `taizhang run DIR --out OUT --quiet`, as a scheduler
//!   would start it (period inferred from the files, built-in settings).
//!
//! With `SCALE_BASELINE`, that binary (an older build) is run the same way in each round as
//! well, so that before and after are measured in one sitting against the same floor.
//!
//! Each child is timed from spawn to exit; its CPU time and peak resident memory come from
//! `wait4`. The best of `SCALE_REPEAT` runs is shown (default 3, once for 1M rows): the machine
//! may be shared. A size given as `N` is spread over `N/200` units (at most 500) of equal
//! size; `UNITSxROWS` sets both. `cargo test` never runs this (it needs `--bench`).

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

#[path = "../examples/generate/main.rs"]
#[allow(dead_code)]
mod generate;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SEED: u64 = 2022;
const FLOOR_ENV: &str = "TAIZHANG_SCALE_FLOOR";
const FLOOR_OUT_ENV: &str = "TAIZHANG_SCALE_FLOOR_OUT";

fn main() {
    if let Ok(dir) = std::env::var(FLOOR_ENV) {
        let out = std::env::var(FLOOR_OUT_ENV).expect("floor output path");
        if let Err(e) = floor(Path::new(&dir), Path::new(&out)) {
            eprintln!("floor: {e}");
            std::process::exit(1);
        }
        return;
    }
    if !std::env::args().any(|a| a == "--bench") {
        println!("scale: a benchmark; run it with `cargo bench --bench scale`");
        return;
    }
    let sizes =
        std::env::var("SCALE_SIZES").unwrap_or_else(|_| "60x200,10000,100000,1000000".to_owned());
    let root = std::env::var_os("SCALE_DIR").map_or_else(
        || std::env::temp_dir().join("taizhang-scale"),
        PathBuf::from,
    );
    let repeat: Option<usize> = std::env::var("SCALE_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok());
    println!("{}", machine());
    println!("data and outputs in {}\n", root.display());
    let mut results = Vec::new();
    for size in sizes.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let Some(spec) = parse_size(size) else {
            eprintln!("scale: cannot read size {size:?} (give N rows or UNITSxROWS)");
            std::process::exit(2);
        };
        let result = measure(&root, spec, repeat);
        print_result(&result);
        results.push(result);
    }
    println!("\n{}", table(&results));
    println!("load average at the end: {}", load_average());
}

/// `N` rows over `N/200` units (1 to 500), or `UNITSxROWS`.
fn parse_size(text: &str) -> Option<generate::Spec> {
    let (units, rows) = if let Some((u, r)) = text.split_once(['x', 'X', '×']) {
        (u.parse().ok()?, r.parse().ok()?)
    } else {
        let total: usize = text.replace('_', "").parse().ok()?;
        let units = (total / 200).clamp(1, 500);
        (units, total / units)
    };
    (units > 0 && rows > 0).then_some(generate::Spec {
        units,
        rows,
        seed: SEED,
    })
}

/// One child's cost.
#[derive(Debug, Clone, Copy)]
struct Cost {
    wall: Duration,
    cpu: Duration,
    peak_kb: u64,
}

struct Measured {
    spec: generate::Spec,
    data_mb: f64,
    run: Cost,
    floor: Cost,
    baseline: Option<Cost>,
    runs: usize,
}

fn measure(root: &Path, spec: generate::Spec, repeat: Option<usize>) -> Measured {
    let rows = spec.units * spec.rows;
    let dir = root.join(format!("{}x{}-seed{}", spec.units, spec.rows, spec.seed));
    let data = dir.join("inbox");
    let marker = dir.join("complete");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(generate::VERSION) {
        eprintln!("generating {} units × {} rows …", spec.units, spec.rows);
        let _ = std::fs::remove_dir_all(&dir);
        let started = Instant::now();
        generate::generate(&data, spec).expect("generate the month");
        std::fs::write(&marker, generate::VERSION).expect("write the cache marker");
        eprintln!("  generated in {:.1}s", started.elapsed().as_secs_f64());
    }
    let data_mb = std::fs::read_dir(&data).map_or(0, |entries| {
        entries
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum::<u64>()
    }) as f64
        / 1e6;
    let work = dir.join("work");
    std::fs::create_dir_all(&work).expect("work folder");
    let out = dir.join("out");
    let floor_out = dir.join("floor.xlsx");
    let runs = repeat.unwrap_or(if rows > 200_000 { 1 } else { 3 }).max(1);
    let mut best_run: Option<Cost> = None;
    let mut best_floor: Option<Cost> = None;
    let mut best_baseline: Option<Cost> = None;
    let baseline_bin = std::env::var_os("SCALE_BASELINE").map(PathBuf::from);
    for i in 0..runs {
        eprintln!("{rows} rows: floor and run, {}/{runs}", i + 1);
        let _ = std::fs::remove_file(&floor_out);
        let mut floor_cmd = Command::new(std::env::current_exe().expect("this benchmark"));
        floor_cmd
            .env(FLOOR_ENV, &data)
            .env(FLOOR_OUT_ENV, &floor_out)
            .current_dir(&work);
        let f = child(&mut floor_cmd, &[0]);
        if let Some(bin) = &baseline_bin {
            let _ = std::fs::remove_dir_all(&out);
            let b = child(&mut run_command(bin, &data, &out, &work), &[0, 1]);
            best_baseline = Some(best_baseline.map_or(b, |o| best(o, b)));
        }
        let _ = std::fs::remove_dir_all(&out);
        // 1: written, with errors found in the submissions (the month has some, on purpose).
        let r = child(
            &mut run_command(
                Path::new(env!("CARGO_BIN_EXE_taizhang")),
                &data,
                &out,
                &work,
            ),
            &[0, 1],
        );
        best_floor = Some(best_floor.map_or(f, |b| best(b, f)));
        best_run = Some(best_run.map_or(r, |b| best(b, r)));
    }
    Measured {
        spec,
        data_mb,
        run: best_run.expect("at least one run"),
        floor: best_floor.expect("at least one run"),
        baseline: best_baseline,
        runs,
    }
}

/// `taizhang run DATA --out OUT --quiet`, as a scheduler would start it.
fn run_command(bin: &Path, data: &Path, out: &Path, work: &Path) -> Command {
    let mut cmd = Command::new(bin);
    cmd.arg("run")
        .arg(data)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .current_dir(work);
    cmd
}

/// The faster run; the peak memory is the highest seen.
fn best(a: Cost, b: Cost) -> Cost {
    let mut fast = if b.wall < a.wall { b } else { a };
    fast.peak_kb = a.peak_kb.max(b.peak_kb);
    fast
}

/// Runs a child to its end; wall time, CPU time and peak RSS from `wait4`.
#[allow(
    clippy::zombie_processes,
    reason = "reaped by wait4, which also gives its rusage"
)]
fn child(cmd: &mut Command, ok: &[i32]) -> Cost {
    let started = Instant::now();
    let spawned = cmd.spawn().expect("start the child");
    let pid = libc::pid_t::try_from(spawned.id()).expect("pid");
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data that wait4 fills in; the child is ours and not yet reaped.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with valid pointers to a status and a rusage.
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    let wall = started.elapsed();
    assert_eq!(waited, pid, "wait4 failed");
    let exited = libc::WIFEXITED(status);
    let code = libc::WEXITSTATUS(status);
    assert!(
        exited && ok.contains(&code),
        "{cmd:?} ended with status {status:#x} (exit {code})"
    );
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    Cost {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        // Linux gives kilobytes.
        peak_kb: u64::try_from(usage.ru_maxrss).unwrap_or(0),
    }
}

fn print_result(m: &Measured) {
    eprintln!(
        "  run {:.2}s (cpu {:.2}s, {:.0} MB), floor {:.2}s (cpu {:.2}s, {:.0} MB), ratio {:.2}",
        m.run.wall.as_secs_f64(),
        m.run.cpu.as_secs_f64(),
        mb(m.run.peak_kb),
        m.floor.wall.as_secs_f64(),
        m.floor.cpu.as_secs_f64(),
        mb(m.floor.peak_kb),
        m.run.wall.as_secs_f64() / m.floor.wall.as_secs_f64()
    );
}

#[allow(clippy::cast_precision_loss)]
fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

#[allow(clippy::cast_precision_loss)]
fn table(results: &[Measured]) -> String {
    use std::fmt::Write as _;
    let mut s = String::from(
        "| rows | units × rows | input | run wall | rows/s | µs/row | run CPU | run peak | floor wall | floor CPU | floor peak | run/floor | before wall | before peak | before/floor |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for m in results {
        let rows = (m.spec.units * m.spec.rows) as f64;
        let wall = m.run.wall.as_secs_f64();
        let _ = writeln!(
            s,
            "| {} | {} × {} | {:.1} MB | {:.2} s | {:.0} | {:.1} | {:.2} s | {:.0} MiB | {:.2} s | {:.2} s | {:.0} MiB | {:.2} | {} |",
            thousands(m.spec.units * m.spec.rows),
            m.spec.units,
            m.spec.rows,
            m.data_mb,
            wall,
            rows / wall,
            wall * 1e6 / rows,
            m.run.cpu.as_secs_f64(),
            mb(m.run.peak_kb),
            m.floor.wall.as_secs_f64(),
            m.floor.cpu.as_secs_f64(),
            mb(m.floor.peak_kb),
            wall / m.floor.wall.as_secs_f64(),
            m.baseline.map_or_else(
                || "– | – | –".to_owned(),
                |b| format!(
                    "{:.2} s | {:.0} MiB | {:.2}",
                    b.wall.as_secs_f64(),
                    mb(b.peak_kb),
                    b.wall.as_secs_f64() / m.floor.wall.as_secs_f64()
                )
            ),
        );
    }
    if let Some(n) = results.iter().map(|m| m.runs).max() {
        let _ = writeln!(
            s,
            "\nbest of up to {n} runs each (wall, and its CPU); peak = the highest RSS seen"
        );
    }
    s
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `nproc`, the CPU model, the memory and the load when the benchmark starts.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map_or_else(
            || "unknown CPU".to_owned(),
            |l| l.trim_start_matches([' ', '\t', ':']).to_owned(),
        );
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    format!(
        "machine: {} cores ({}), {:.1} GB RAM; load average {}",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        model,
        mb(mem_kb) / 1024.0,
        load_average()
    )
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// The floor
// ---------------------------------------------------------------------------------------------

/// A cell as read.
enum Cell {
    Text(String),
    Number(f64),
}

/// Reads every cell of every ledger file in `dir` (both cores) and writes the rows once.
fn floor(dir: &Path, out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            let ext = p.extension().map(|e| e.to_string_lossy().to_lowercase());
            !name.is_some_and(|n| n.starts_with("~$") || n.starts_with('.'))
                && matches!(ext.as_deref(), Some("xlsx" | "csv"))
        })
        .collect();
    files.sort();
    let read: Vec<Vec<Vec<(u16, Cell)>>> = files
        .par_iter()
        .map(|path| read_file(path))
        .collect::<Result<_, String>>()?;
    let mut wb = rust_xlsxwriter::Workbook::new();
    // The run's own zip level, so that the ratio measures its work, not a setting.
    wb.set_zip_compression_level(3);
    let ws = wb.add_worksheet_with_constant_memory()?;
    let mut r: u32 = 0;
    for rows in read {
        for row in rows {
            for (c, cell) in row {
                match cell {
                    Cell::Text(s) => ws.write_string(r, c, s)?,
                    Cell::Number(n) => ws.write_number(r, c, n)?,
                };
            }
            r += 1;
        }
    }
    wb.save(out)?;
    Ok(())
}

fn read_file(path: &Path) -> Result<Vec<Vec<(u16, Cell)>>, String> {
    use calamine::{Data, Reader};
    let col = |c: usize| u16::try_from(c).map_err(|e| e.to_string());
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| e.to_string())?;
            let mut row = Vec::new();
            for (c, field) in record.iter().enumerate() {
                if !field.is_empty() {
                    row.push((col(c)?, Cell::Text(field.to_owned())));
                }
            }
            rows.push(row);
        }
        return Ok(rows);
    }
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsxError| e.to_string())?;
    let mut rows = Vec::new();
    for name in book.sheet_names() {
        let range: calamine::Range<Data> =
            book.worksheet_range(&name).map_err(|e| e.to_string())?;
        let (_, c0) = range.start().unwrap_or((0, 0));
        for data in range.rows() {
            let mut row = Vec::new();
            for (c, v) in data.iter().enumerate() {
                let c = col(c + c0 as usize)?;
                let cell = match v {
                    Data::Empty => continue,
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                        Cell::Text(s.clone())
                    }
                    #[allow(clippy::cast_precision_loss)]
                    Data::Int(i) => Cell::Number(*i as f64),
                    Data::Float(f) => Cell::Number(*f),
                    Data::DateTime(d) => Cell::Number(d.as_f64()),
                    Data::Bool(b) => Cell::Text(b.to_string()),
                    Data::Error(e) => Cell::Text(e.to_string()),
                };
                row.push((c, cell));
            }
            if !row.is_empty() {
                rows.push(row);
            }
        }
    }
    Ok(rows)
}
