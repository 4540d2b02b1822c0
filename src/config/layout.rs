//! `[[layout]]`: how the clerk says a file reads when detection fails (LEDGER-SPEC 3A.10),
//! once, in `taizhang.toml`: the header row(s), a column's field (by letter or by header
//! text), a column's unit, and the category of a sheet, for the files a name pattern matches.

use crate::domain::{Category, MoneyUnit, Vocabulary, letters_column};
use crate::schema::{LedgerKind, Schema, normalize_header};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One `[[layout]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LayoutEntry {
    files: toml::Spanned<String>,
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    header_rows: Option<HeaderRows>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    units: BTreeMap<String, String>,
}

/// `header_rows = 3` or `header_rows = [3, 4]`: rows as Excel numbers them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum HeaderRows {
    One(u32),
    Several(Vec<u32>),
}

/// A column named in a layout: by its letter (`E`) or by its header text (`计划投资`,
/// `2022年计划›投资`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRef {
    /// Zero-based column.
    Letter(u32),
    /// The header, normalised, parents and child run together.
    Header(String),
}

impl ColumnRef {
    fn parse(text: &str) -> Self {
        let t = text.trim();
        match letters_column(t) {
            Some(col) if t.bytes().all(|b| b.is_ascii_uppercase()) => ColumnRef::Letter(col),
            _ => ColumnRef::Header(header_key(t)),
        }
    }

    /// Does it name the column at `col`, whose header is `child` under `parents` (normalised)?
    fn names(&self, col: u32, parents: &str, child: &str) -> bool {
        match self {
            ColumnRef::Letter(c) => *c == col,
            ColumnRef::Header(h) => {
                !h.is_empty() && (*h == child || h.strip_prefix(parents) == Some(child))
            }
        }
    }
}

/// A header text as a layout compares it: normalised, without its unit and the separators a
/// clerk may put between a parent and a child.
fn header_key(text: &str) -> String {
    let joined: String = text
        .split(['›', '>', '＞', '/', '|', '-'])
        .map(|part| normalize_header(part).0)
        .collect();
    joined
}

/// A column's field in a layout, for each kind of ledger it may be one of.
#[derive(Debug, Clone)]
pub struct ColumnField {
    pub at: ColumnRef,
    pub project: Option<String>,
    pub task: Option<String>,
}

/// A `[[layout]]` entry, checked: what it says about the sheets of the files it matches.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The config line of its `files`, for messages (`taizhang.toml 第12行`).
    pub line: usize,
    pub files: String,
    pattern: glob::Pattern,
    pub sheet: Option<String>,
    /// Zero-based first header row and the number of header rows (1 to 3).
    pub header_rows: Option<(u32, u32)>,
    /// The canonical category of the sheets.
    pub category: Option<String>,
    pub columns: Vec<ColumnField>,
    pub units: Vec<(ColumnRef, MoneyUnit)>,
}

const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: false,
    require_literal_separator: false,
    require_literal_leading_dot: false,
};

impl Layout {
    /// Does it speak of this sheet of this file (the file's path relative to the input
    /// folder)? A pattern without `/` is matched against the file name alone.
    #[must_use]
    pub fn applies(&self, file: &str, sheet: &str) -> bool {
        let name = if self.files.contains('/') {
            file
        } else {
            file.rsplit(['/', '\\']).next().unwrap_or(file)
        };
        self.pattern.matches_with(name, MATCH)
            && self
                .sheet
                .as_deref()
                .is_none_or(|s| s.trim() == sheet.trim())
    }

    /// The field it gives the column at `col` with this header (normalised), for this kind.
    #[must_use]
    pub fn field_of(&self, kind: LedgerKind, col: u32, parents: &str, child: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|c| c.at.names(col, parents, child))
            .and_then(|c| match kind {
                LedgerKind::Project => c.project.as_deref(),
                LedgerKind::Task => c.task.as_deref(),
            })
    }

    /// The unit it gives the column at `col` with this header (normalised).
    #[must_use]
    pub fn unit_of(&self, col: u32, parents: &str, child: &str) -> Option<MoneyUnit> {
        self.units
            .iter()
            .find(|(at, _)| at.names(col, parents, child))
            .map(|(_, u)| *u)
    }

    /// The columns it names by letter.
    pub fn lettered_columns(&self) -> impl Iterator<Item = u32> + '_ {
        self.columns
            .iter()
            .map(|c| &c.at)
            .chain(self.units.iter().map(|(at, _)| at))
            .filter_map(|at| match at {
                ColumnRef::Letter(c) => Some(*c),
                ColumnRef::Header(_) => None,
            })
    }
}

/// Checks the entries as written; the message names the line and the key.
pub(super) fn check(
    entries: Vec<LayoutEntry>,
    text: &str,
    schema: &Schema,
) -> Result<Vec<Layout>, String> {
    entries
        .into_iter()
        .map(|entry| check_one(entry, text, schema))
        .collect()
}

fn check_one(entry: LayoutEntry, text: &str, schema: &Schema) -> Result<Layout, String> {
    let line = text[..entry.files.span().start.min(text.len())]
        .matches('\n')
        .count()
        + 1;
    let wrong = |key: &str, what: String| format!("第{line}行起的 [[layout]] {key}：{what}");
    let files = entry.files.into_inner();
    if files.trim().is_empty() {
        return Err(wrong(
            "files",
            "文件名模式不能为空（如 \"区交通局*.xlsx\"）".into(),
        ));
    }
    let pattern = glob::Pattern::new(files.trim()).map_err(|e| {
        wrong(
            "files",
            format!("“{files}”不是有效的文件名模式（{}）", e.msg),
        )
    })?;
    let header_rows = entry
        .header_rows
        .map(|rows| header_rows(rows).ok_or_else(|| wrong("header_rows", HEADER_ROWS.into())))
        .transpose()?;
    let category = entry
        .category
        .map(|c| category(schema, &c).map_err(|what| wrong("category", what)))
        .transpose()?;
    let columns = entry
        .columns
        .iter()
        .map(|(at, field)| column_field(schema, at, field).map_err(|what| wrong("columns", what)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut units = Vec::new();
    for (at, unit) in entry.units {
        let u = MoneyUnit::from_text(unit.trim()).ok_or_else(|| {
            wrong(
                "units",
                format!("“{at}”列的单位“{unit}”应为 亿元、万元 或 元"),
            )
        })?;
        units.push((ColumnRef::parse(&at), u));
    }
    Ok(Layout {
        line,
        files,
        pattern,
        sheet: entry.sheet,
        header_rows,
        category,
        columns,
        units,
    })
}

const HEADER_ROWS: &str = "表头行应为一到三个相连的行号（Excel 的行号，从1起），如 3 或 [3, 4]";

/// Zero-based first row and depth, for one to three consecutive rows counted from 1.
fn header_rows(rows: HeaderRows) -> Option<(u32, u32)> {
    let rows = match rows {
        HeaderRows::One(r) => vec![r],
        HeaderRows::Several(rs) => rs,
    };
    let consecutive = rows.windows(2).all(|w| w[1] == w[0] + 1);
    let first = *rows.first()?;
    (rows.len() <= 3 && first > 0 && consecutive)
        .then(|| (first - 1, u32::try_from(rows.len()).unwrap_or(1)))
}

/// The canonical category a spelling names.
fn category(schema: &Schema, text: &str) -> Result<String, String> {
    schema
        .enums
        .get(Category::ENUM)
        .and_then(|def| def.resolve(text))
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "“{text}”不是项目类别（可用：{}）",
                Category::ALL
                    .iter()
                    .map(|c| c.label())
                    .collect::<Vec<_>>()
                    .join("、")
            )
        })
}

/// A column and the field a layout gives it, for either kind of ledger.
fn column_field(schema: &Schema, at: &str, field: &str) -> Result<ColumnField, String> {
    let of = |kind| field_named(schema, kind, field);
    let (project, task) = (of(LedgerKind::Project), of(LedgerKind::Task));
    if project.is_none() && task.is_none() {
        return Err(format!(
            "“{at}”列的“{field}”不是台帐的列（可用列名如：{}）",
            schema
                .fields(LedgerKind::Project)
                .iter()
                .map(|f| f.label.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    Ok(ColumnField {
        at: ColumnRef::parse(at),
        project,
        task,
    })
}

/// The field a layout's value names: its key (`annual_plan`) or a header the schema knows
/// (`本年计划投资`, `年度计划`).
fn field_named(schema: &Schema, kind: LedgerKind, text: &str) -> Option<String> {
    if let Some(f) = schema.field(kind, text.trim()) {
        return Some(f.key.clone());
    }
    schema
        .match_header(kind, &normalize_header(text).0)
        .map(|m| m.field)
}
