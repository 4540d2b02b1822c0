//! Fixture builders: ledgers written with `rust_xlsxwriter` into a temporary folder, the binary
//! run on them, and the library's view of a folder.

pub mod bytes;
pub mod cli;
pub mod ledger;

pub use cli::Taizhang;
pub use ledger::Ledger;

use rust_xlsxwriter::{Format, Workbook, Worksheet};
use std::path::{Path, PathBuf};
use std::process::Command;
use taizhang::config::Config;
use taizhang::domain::Period;
use taizhang::inbox::Inbox;

/// A temporary inbox folder.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Self {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Writes a workbook whose sheets are filled by the closure.
    pub fn xlsx(&self, name: &str, fill: impl FnOnce(&mut Workbook)) -> PathBuf {
        let mut wb = Workbook::new();
        fill(&mut wb);
        let path = self.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        wb.save(&path).expect("save fixture");
        path
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// The library's reading of this folder for a period.
    pub fn inbox(&self, period: &str) -> Inbox {
        read(self.path(), period)
    }

    /// The library's reading of a subfolder for a period.
    pub fn inbox_of(&self, sub: &str, period: &str) -> Inbox {
        read(&self.join(sub), period)
    }
}

pub fn read(path: &Path, period: &str) -> Inbox {
    let period: Period = period.parse().unwrap();
    taizhang::inbox::read_inbox(
        &[path.to_owned()],
        &Config::builtin(),
        Some(period),
        &taizhang::ingest::ReadLimits::default(),
        &|| {},
        &|_| {},
    )
    .expect("inbox readable")
}

/// Writes rows of cells starting at a row; `None` leaves a cell empty. Strings that parse as
/// numbers are still written as text: numbers are passed as `Num`.
pub enum V {
    S(&'static str),
    N(f64),
    E,
}

pub fn rows(ws: &mut Worksheet, first_row: u32, rows: &[Vec<V>]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (first_row + r as u32, c as u16);
            match v {
                V::S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                V::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                V::E => {}
            }
        }
    }
}

pub fn header(ws: &mut Worksheet, row: u32, labels: &[&str]) {
    let bold = Format::new().set_bold();
    for (c, l) in labels.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *l, &bold)
            .unwrap();
    }
}

/// Runs the binary; returns (exit code, stdout, stderr).
pub fn taizhang(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run taizhang");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// An amount in 亿元.
pub fn yi(amount: taizhang::domain::Money) -> f64 {
    amount.yi()
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// (code, sheet, cell) of every issue of a file, for exact comparisons.
pub fn issue_cells(inbox: &Inbox, file: &str) -> Vec<(String, String, String)> {
    inbox
        .issues
        .iter()
        .filter(|i| i.file == file)
        .map(|i| (i.code.as_str().to_owned(), i.sheet.clone(), i.cell.clone()))
        .collect()
}

/// Every file: rows read = accepted + rejected + skipped, and every rejected row listed.
pub fn assert_rows_conserved(inbox: &Inbox) {
    for l in &inbox.ledgers {
        let c = l.counts;
        assert_eq!(
            c.rows_read,
            c.accepted + c.rejected + c.skipped,
            "{}: {c:?}",
            l.file
        );
        assert_eq!(
            c.rejected,
            l.rejected.len(),
            "{}: rejected rows listed",
            l.file
        );
        assert!(
            l.rejected.iter().all(|r| !r.reasons.is_empty()),
            "{}: every rejection has a reason",
            l.file
        );
    }
}

/// Every cell of a sheet as text (numbers as written by `{}`), rows and columns from A1.
pub fn sheet_cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = wb
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("{sheet}: {e}"));
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut out = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); c0 as usize];
        cells.extend(row.iter().map(|d| {
            match d {
                Data::Empty => String::new(),
                Data::Float(f) => format!("{f}"),
                Data::Int(i) => format!("{i}"),
                Data::DateTime(d) => d
                    .as_datetime()
                    .map_or_else(String::new, |d| d.date().to_string()),
                other => other.to_string(),
            }
        }));
        out.push(cells);
    }
    out
}

/// Sheet names of a workbook.
pub fn sheet_names(path: &Path) -> Vec<String> {
    use calamine::{Reader, Xlsx, open_workbook};
    let wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names()
}

/// A table in a sheet: the row whose first cell is `first_header`, and the rows below it keyed
/// by their first non-number cell, each a map header → value.
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn read(path: &Path, sheet: &str, first_header: &str) -> Table {
        let cells = sheet_cells(path, sheet);
        let at = cells
            .iter()
            .position(|r| r.first().is_some_and(|c| c == first_header))
            .unwrap_or_else(|| panic!("no header {first_header} in {sheet}"));
        Table {
            headers: cells[at].clone(),
            rows: cells[at + 1..].to_vec(),
        }
    }

    /// The row whose cell under `key_header` is `key`.
    pub fn row(&self, key_header: &str, key: &str) -> Vec<String> {
        let k = self.col(key_header);
        self.rows
            .iter()
            .find(|r| r.get(k).is_some_and(|c| c == key))
            .unwrap_or_else(|| panic!("no row {key} under {key_header}"))
            .clone()
    }

    pub fn col(&self, header: &str) -> usize {
        self.headers
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column {header} in {:?}", self.headers))
    }

    /// The value under `header` of the row keyed `key`.
    pub fn get(&self, key_header: &str, key: &str, header: &str) -> String {
        self.row(key_header, key)[self.col(header)].clone()
    }

    pub fn num(&self, key_header: &str, key: &str, header: &str) -> f64 {
        let v = self.get(key_header, key, header);
        v.parse()
            .unwrap_or_else(|_| panic!("{key}/{header}: {v:?} is not a number"))
    }
}
