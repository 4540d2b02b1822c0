//! `RawSheet` → typed `ProjectRow`s and `TaskRow`s with cell-level `Issue`s. Per submission:
//! who sent it, which sheets are ledgers, where their headers are, and each row accepted,
//! rejected (with its reasons) or skipped (blank, subtotal, note). Pure functions over data.

pub mod header;
pub mod layout;
mod prepare;
mod rows;

pub mod values;

pub use crate::domain::{Interner, Text};
pub use prepare::{Prepared, prepare};
pub use rows::{ProjectRow, RejectedRow, RowRole, Source, TaskRow, row_roles, sheet_context};

use crate::config::{Layout, RosterUnit};
use crate::domain::MoneyUnit;
use crate::domain::Period;
use crate::ingest::{CellValue, Content, RawSheet, Submission};
use crate::issue::Issue;
use crate::schema::{LedgerKind, Schema};
use chrono::NaiveDateTime;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// What normalising needs besides the file.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub schema: &'a Schema,
    pub period: Period,
    pub input_unit: MoneyUnit,
    pub roster: &'a [RosterUnit],
    /// The config's `[[layout]]` entries (3A.10).
    pub layouts: &'a [Layout],
    /// The file being read (its path relative to the input folder), once known.
    pub file: &'a str,
}

impl<'a> Context<'a> {
    /// The context a config gives, in a period.
    #[must_use]
    pub fn new(config: &'a crate::config::Config, period: Period) -> Self {
        Context {
            schema: &config.schema,
            period,
            input_unit: config.input_unit,
            roster: &config.roster,
            layouts: &config.layouts,
            file: "",
        }
    }

    /// The same context for one file.
    #[must_use]
    pub fn for_file<'f>(&self, file: &'f str) -> Context<'f>
    where
        'a: 'f,
    {
        Context { file, ..*self }
    }

    /// The `[[layout]]` entry that speaks of this sheet of the file, if any (the first).
    #[must_use]
    pub fn layout(&self, sheet: &str) -> Option<&'a Layout> {
        self.layouts.iter().find(|l| l.applies(self.file, sheet))
    }
}

/// How a file was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Read,
    Skipped,
    Unreadable,
}

impl FileStatus {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            FileStatus::Read => "已读取",
            FileStatus::Skipped => "已跳过",
            FileStatus::Unreadable => "无法读取",
        }
    }
}

/// Rows of a sheet or file: read = accepted + rejected + skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    pub rows_read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub skipped: usize,
}

impl std::ops::AddAssign for RowCounts {
    fn add_assign(&mut self, o: Self) {
        self.rows_read += o.rows_read;
        self.accepted += o.accepted;
        self.rejected += o.rejected;
        self.skipped += o.skipped;
    }
}

/// A sheet and what it was taken for.
#[derive(Debug, Clone)]
pub struct SheetSummary {
    pub name: String,
    pub kind: Option<LedgerKind>,
    pub header_row: Option<u32>,
    pub counts: RowCounts,
}

/// A period a file states for itself (title, `截至` cell, `1-3月` header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredPeriod {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub sheet: String,
    /// Zero-based row and column of the cell that states it.
    pub row: u32,
    pub col: u32,
    pub text: String,
}

/// One submission, normalised.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub file: String,
    pub unit: String,
    /// The unit was found in the roster (by the file name or the 填报单位 cell).
    pub unit_in_roster: bool,
    pub status: FileStatus,
    pub reason: Option<String>,
    pub modified: Option<NaiveDateTime>,
    pub sheets: Vec<SheetSummary>,
    pub counts: RowCounts,
    pub projects: Vec<ProjectRow>,
    pub tasks: Vec<TaskRow>,
    pub rejected: Vec<RejectedRow>,
    pub declared_periods: Vec<DeclaredPeriod>,
    pub issues: Vec<Issue>,
}

impl Ledger {
    /// Sheets that are not ledgers, by name.
    #[must_use]
    pub fn ignored_sheets(&self) -> Vec<String> {
        self.sheets
            .iter()
            .filter(|s| s.kind.is_none())
            .map(|s| s.name.clone())
            .collect()
    }
}

/// Normalises one submission.
#[must_use]
pub fn normalize(sub: Submission, ctx: &Context<'_>) -> Ledger {
    prepare(sub, ctx).finish(ctx)
}

static YEAR_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(?:1\s*[-—~至]\s*)?(1[0-2]|0?[1-9])\s*月").expect("valid regex")
});

/// The periods a sheet states above its header and in its period headers.
#[must_use]
pub fn declared_periods(sheet: &RawSheet, header: &header::Header) -> Vec<DeclaredPeriod> {
    let mut found = Vec::new();
    for row in sheet.rows.iter().take_while(|r| r.index < header.row) {
        for (col, value) in &row.cells {
            let Some(text) = value.as_text() else {
                continue;
            };
            if sheet.is_merge_copy(row.index, *col) {
                continue;
            }
            let text = values::nfkc(text);
            if let Some(c) = YEAR_MONTH.captures(&text) {
                found.push(DeclaredPeriod {
                    year: c[1].parse().ok(),
                    month: c[2].parse().ok(),
                    sheet: sheet.name.clone(),
                    row: row.index,
                    col: *col,
                    text: text.clone(),
                });
            }
        }
    }
    for column in &header.columns {
        if column.year.is_some() || column.month.is_some() {
            found.push(DeclaredPeriod {
                year: column.year,
                month: column.month,
                sheet: sheet.name.clone(),
                row: header.row,
                col: column.col,
                text: column.header.clone(),
            });
        }
    }
    found
}

/// The period most files state, for a run not told its period.
#[must_use]
pub fn infer_period(submissions: &[Submission], schema: &Schema) -> Option<Period> {
    most_stated(submissions.iter().map(|sub| {
        let Content::Sheets(sheets) = &sub.content else {
            return None;
        };
        let stated: Vec<DeclaredPeriod> = sheets
            .iter()
            .filter_map(|sheet| {
                header::find_header(sheet, schema, None).map(|h| declared_periods(sheet, &h))
            })
            .flatten()
            .collect();
        stated_period(&stated)
    }))
}

/// A file's own period: the first year and the first month it states, when it states both.
fn stated_period(stated: &[DeclaredPeriod]) -> Option<Period> {
    let year = stated.iter().find_map(|d| d.year);
    let month = stated.iter().find_map(|d| d.month);
    year.zip(month).and_then(|(y, m)| Period::new(y, m))
}

/// The period most files state (each file's own, from [`Prepared::stated_period`]); on a
/// tie the later period.
#[must_use]
pub fn most_stated(periods: impl IntoIterator<Item = Option<Period>>) -> Option<Period> {
    let mut votes: std::collections::BTreeMap<Period, usize> = std::collections::BTreeMap::new();
    for p in periods.into_iter().flatten() {
        *votes.entry(p).or_default() += 1;
    }
    votes
        .into_iter()
        .max_by_key(|(p, n)| (*n, *p))
        .map(|(p, _)| p)
}

/// The submitting unit: a roster name or alias in the file name, else the `填报单位：` cell,
/// else the file name's leading words.
fn identify_unit(file: &str, sheets: &[RawSheet], roster: &[RosterUnit]) -> (String, bool) {
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(unit) = roster_match(&stem, roster) {
        return (unit, true);
    }
    if let Some(named) = sheets.iter().find_map(unit_cell) {
        return match roster_match(&named, roster) {
            Some(unit) => (unit, true),
            None => (named, false),
        };
    }
    let lead: String = stem
        .split(|c: char| "-_（(【[ 　.".contains(c) || c.is_ascii_digit())
        .find(|p| !p.is_empty())
        .unwrap_or(&stem)
        .to_owned();
    (lead, false)
}

/// The longest roster name or alias contained in the text.
fn roster_match(text: &str, roster: &[RosterUnit]) -> Option<String> {
    let text = schema_key(text);
    roster
        .iter()
        .flat_map(|u| {
            std::iter::once(&u.name)
                .chain(&u.aliases)
                .map(move |n| (u, schema_key(n)))
        })
        .filter(|(_, n)| !n.is_empty() && text.contains(n.as_str()))
        .max_by_key(|(_, n)| n.chars().count())
        .map(|(u, _)| u.name.clone())
}

fn schema_key(text: &str) -> String {
    crate::schema::normalize_key(text)
}

/// `填报单位：区建管委` in one cell, or `填报单位：` followed by the name in the next cell.
fn unit_cell(sheet: &RawSheet) -> Option<String> {
    for row in sheet.rows.iter().take(header::HEADER_SEARCH_ROWS) {
        for (i, (_, value)) in row.cells.iter().enumerate() {
            let Some(text) = value.as_text() else {
                continue;
            };
            let text = values::nfkc(text);
            for label in ["填报单位", "报送单位", "填表单位"] {
                let Some(rest) = text.split_once(label).map(|(_, r)| r) else {
                    continue;
                };
                let rest = rest.trim_start_matches([':', '：', ' ']);
                let name: String = rest.split_whitespace().next().unwrap_or("").to_owned();
                let name = name
                    .split(['(', '（', ')', '）'])
                    .next()
                    .unwrap_or("")
                    .to_owned();
                if name.chars().any(char::is_alphanumeric) {
                    return Some(name);
                }
                if let Some((_, CellValue::Text(next))) = row.cells.get(i + 1) {
                    let next = next.trim();
                    if !next.is_empty() {
                        return Some(next.to_owned());
                    }
                }
            }
        }
    }
    None
}
