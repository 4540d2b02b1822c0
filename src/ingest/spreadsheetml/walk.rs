//! The state of the walk over a `SpreadsheetML` document: which worksheet, row and cell the
//! events belong to, what each `Data` element holds, and which money unit each cell's style
//! shows (the cell's `ss:StyleID`, else its row's, else its column's).

use super::super::excel_date::date_to_serial;
use super::super::grid::Grid;
use super::super::{Budget, CellValue, MAX_COLS, MAX_ROWS, NumberUnits, RawSheet, ReadLimits};
use super::styles::Styles;
use crate::domain::MoneyUnit;
use crate::issue::Issue;
use quick_xml::events::BytesStart;

/// `Column` elements with a unit one sheet may hold (Excel's grid has 16384 columns).
const MAX_COLUMN_STYLES: usize = 16_384;

/// Where in the document the walk is, and what it has read.
pub(super) struct Walk<'a> {
    limits: &'a ReadLimits,
    budget: Budget,
    done: Vec<Grid>,
    sheet: Option<Grid>,
    in_table: bool,
    /// The zero-based row of the next `Row` without an index.
    next_row: u64,
    row: Option<u64>,
    next_col: u64,
    cell: Option<Cell>,
    /// Depth inside a `Comment` (its `Data` is a note, not the cell's value).
    in_comment: usize,
    data: Option<Data>,
    styles: Styles,
    units: Units,
}

/// The units shown by the styles of the sheet being read, and of the sheets done.
#[derive(Default)]
struct Units {
    done: Vec<NumberUnits>,
    sheet: NumberUnits,
    /// Column ranges (first, last, zero-based) whose `ss:StyleID` shows a unit, left to right.
    columns: Vec<(u64, u64, MoneyUnit)>,
    next_column: u64,
    /// The open row's `ss:StyleID`, if it has one: the unit it shows, if any.
    #[allow(clippy::option_option)] // none: no row style; `Some(None)`: one showing no unit
    row: Option<Option<MoneyUnit>>,
    /// Cells with a unit still to be recorded in the file.
    left: usize,
}

/// The cell being read: its position, merge extents and the unit its style shows.
struct Cell {
    at: (u64, u64),
    span: (u64, u64),
    value: Option<CellValue>,
    unit: Option<MoneyUnit>,
}

/// The `Data` element being read.
struct Data {
    kind: Option<String>,
    text: String,
}

impl<'a> Walk<'a> {
    pub fn new(limits: &'a ReadLimits) -> Self {
        Walk {
            limits,
            budget: Budget::new(limits),
            done: Vec::new(),
            sheet: None,
            in_table: false,
            next_row: 0,
            row: None,
            next_col: 0,
            cell: None,
            in_comment: 0,
            data: None,
            styles: Styles::default(),
            units: Units {
                left: limits.max_cells_per_file,
                ..Units::default()
            },
        }
    }

    pub fn start(&mut self, e: &BytesStart<'_>) {
        let name = e.local_name();
        if self.in_comment > 0 {
            self.in_comment += usize::from(name.as_ref() == "Comment");
            return;
        }
        self.styles.start(name.as_ref(), e);
        match name.as_ref() {
            "Worksheet" => {
                self.close_sheet();
                let number = self.done.len() + 1;
                let name = attr(e, "Name")
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| format!("Sheet{number}"));
                self.sheet = Some(Grid::new(name));
                (self.next_row, self.row, self.cell) = (0, None, None);
                (self.units.columns, self.units.next_column) = (Vec::new(), 0);
            }
            "Table" if self.sheet.is_some() => self.in_table = true,
            "Column" if self.in_table => self.column(e),
            "Row" if self.in_table => {
                let row = index(e).unwrap_or(self.next_row);
                let span = number(e, "Span").unwrap_or(0);
                self.row = Some(row);
                self.next_row = row.saturating_add(span).saturating_add(1);
                self.next_col = 0;
                self.units.row = attr(e, "StyleID").map(|id| self.styles.unit(&id));
            }
            "Cell" => {
                if let Some(row) = self.row {
                    let col = index(e).unwrap_or(self.next_col);
                    let across = number(e, "MergeAcross").unwrap_or(0);
                    let down = number(e, "MergeDown").unwrap_or(0);
                    self.next_col = col.saturating_add(across).saturating_add(1);
                    let unit = match attr(e, "StyleID") {
                        Some(id) => self.styles.unit(&id),
                        None => self.units.default_at(col),
                    };
                    self.cell = Some(Cell {
                        at: (row, col),
                        span: (down, across),
                        value: None,
                        unit,
                    });
                }
            }
            "Comment" if self.cell.is_some() => self.in_comment = 1,
            "Data" if self.cell.is_some() => {
                self.data = Some(Data {
                    kind: attr(e, "Type"),
                    text: String::new(),
                });
            }
            _ => {}
        }
    }

    pub fn end(&mut self, name: &str) {
        if self.in_comment > 0 {
            self.in_comment -= usize::from(name == "Comment");
            return;
        }
        self.styles.end(name);
        match name {
            "Data" => {
                if let (Some(data), Some(cell)) = (self.data.take(), self.cell.as_mut()) {
                    cell.value = value(data.kind.as_deref(), data.text);
                }
            }
            "Cell" => {
                if let (Some(cell), Some(sheet)) = (self.cell.take(), self.sheet.as_mut())
                    && let Some(value) = cell.value
                {
                    sheet.put(cell.at, value, cell.span, &mut self.budget, self.limits);
                    if let Some(unit) = cell.unit {
                        self.units.put(cell.at, unit);
                    }
                }
            }
            "Row" => self.row = None,
            "Table" => self.in_table = false,
            "Worksheet" => self.close_sheet(),
            _ => {}
        }
    }

    pub fn text(&mut self, text: &str) {
        if self.in_comment == 0
            && let Some(data) = self.data.as_mut()
        {
            data.text.push_str(text);
        }
    }

    fn close_sheet(&mut self) {
        self.in_table = false;
        self.data = None;
        if let Some(sheet) = self.sheet.take() {
            self.done.push(sheet);
            let units = std::mem::take(&mut self.units.sheet);
            self.units.done.push(units);
        }
    }

    /// A `Column` of the open table: where it is, and the unit its style shows.
    fn column(&mut self, e: &BytesStart<'_>) {
        let first = index(e).unwrap_or(self.units.next_column);
        let last = first.saturating_add(number(e, "Span").unwrap_or(0));
        self.units.next_column = last.saturating_add(1);
        let unit = attr(e, "StyleID").and_then(|id| self.styles.unit(&id));
        // Excel writes columns left to right; one out of order is not taken (the list stays
        // sorted, for a binary search per cell).
        let in_order = self.units.columns.last().is_none_or(|c| c.1 < first);
        if let Some(unit) = unit
            && in_order
            && self.units.columns.len() < MAX_COLUMN_STYLES
        {
            self.units.columns.push((first, last, unit));
        }
    }

    pub fn finish(mut self, file: &str, issues: &mut Vec<Issue>) -> Vec<RawSheet> {
        self.close_sheet();
        self.done
            .into_iter()
            .zip(self.units.done)
            .filter_map(|(grid, units)| {
                let mut sheet = grid.finish(file, self.limits, issues)?;
                sheet.number_units = units;
                Some(sheet)
            })
            .collect()
    }
}

impl Units {
    /// The unit of a cell without a style of its own: its row's style, else its column's.
    fn default_at(&self, col: u64) -> Option<MoneyUnit> {
        if let Some(unit) = self.row {
            return unit;
        }
        let after = self.columns.partition_point(|c| c.0 <= col);
        let (_, last, unit) = *self.columns.get(after.checked_sub(1)?)?;
        (col <= last).then_some(unit)
    }

    /// Records a placed cell's unit, within Excel's grid and while `left` allows.
    fn put(&mut self, (row, col): (u64, u64), unit: MoneyUnit) {
        if let (Ok(r), Ok(c)) = (u32::try_from(row), u32::try_from(col))
            && r < MAX_ROWS
            && c < MAX_COLS
            && self.left > 0
        {
            self.sheet.insert((r, c), unit);
            self.left -= 1;
        }
    }
}

/// An `ss:` attribute's value (by its local name: exporters spell the prefix differently).
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), std::borrow::Cow::into_owned)
        })
}

/// A count attribute; a value too large for the grid saturates (and is reported as outside).
fn number(e: &BytesStart<'_>, name: &str) -> Option<u64> {
    let text = attr(e, name)?;
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(u64::MAX))
}

/// `ss:Index`, one-based, as a zero-based position.
fn index(e: &BytesStart<'_>) -> Option<u64> {
    number(e, "Index").filter(|i| *i > 0).map(|i| i - 1)
}

/// A `Data` element's value by its `ss:Type`. Text stays text: numeric text is parsed later,
/// like any unit's typing.
fn value(kind: Option<&str>, text: String) -> Option<CellValue> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    match kind.unwrap_or("String") {
        "Number" => Some(
            trimmed
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map_or(CellValue::Text(text.clone()), CellValue::Number),
        ),
        "DateTime" => Some(
            date_time(trimmed)
                .and_then(date_to_serial)
                .map_or(CellValue::Text(text.clone()), CellValue::Date),
        ),
        "Boolean" => Some(match trimmed {
            "1" | "true" | "TRUE" => CellValue::Bool(true),
            "0" | "false" | "FALSE" => CellValue::Bool(false),
            _ => CellValue::Text(text),
        }),
        "Error" => Some(CellValue::Error(trimmed.to_owned())),
        _ => Some(CellValue::Text(text)),
    }
}

fn date_time(text: &str) -> Option<chrono::NaiveDateTime> {
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
    .or_else(|| {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })
}
