//! A ledger workbook described in a few calls and written with `rust_xlsxwriter`: the rows above
//! the header (titles, `单位：万元`), the header, the data rows, the sheet's name.

use super::{Dir, V, header, rows};
use rust_xlsxwriter::Workbook;
use std::path::PathBuf;

/// The six columns every project ledger needs.
pub const PROJECT_HEADER: [&str; 6] = [
    "项目名称",
    "项目类别",
    "主责单位",
    "总投资",
    "年度计划投资",
    "本年累计完成投资",
];

/// One sheet of a ledger; `write` saves it into a folder.
#[must_use]
pub struct Ledger {
    sheet: String,
    above: Vec<Vec<V>>,
    header: Vec<String>,
    rows: Vec<Vec<V>>,
}

impl Ledger {
    /// A project ledger with the six required columns.
    pub fn projects() -> Self {
        Ledger {
            sheet: "重大项目".to_owned(),
            above: Vec::new(),
            header: PROJECT_HEADER.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn sheet(mut self, name: &str) -> Self {
        name.clone_into(&mut self.sheet);
        self
    }

    /// Replaces the header.
    pub fn header(mut self, labels: &[&str]) -> Self {
        self.header = labels.iter().map(|h| (*h).to_owned()).collect();
        self
    }

    /// A row above the header (a title, `单位：万元`, `填报单位：…`).
    pub fn above(mut self, row: Vec<V>) -> Self {
        self.above.push(row);
        self
    }

    /// A data row, cell by cell in the header's order.
    pub fn row(mut self, row: Vec<V>) -> Self {
        self.rows.push(row);
        self
    }

    /// Saves the ledger as `file` in the folder.
    pub fn write(self, dir: &Dir, file: &str) -> PathBuf {
        dir.xlsx(file, |wb: &mut Workbook| {
            let ws = wb.add_worksheet().set_name(&self.sheet).unwrap();
            rows(ws, 0, &self.above);
            let at = u32::try_from(self.above.len()).unwrap();
            let labels: Vec<&str> = self.header.iter().map(String::as_str).collect();
            header(ws, at, &labels);
            rows(ws, at + 1, &self.rows);
        })
    }
}
