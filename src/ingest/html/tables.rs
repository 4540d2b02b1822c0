//! The tables of an HTML page, read from html5ever's token stream: rows, cells, `rowspan` and
//! `colspan` (placed as a browser places them, and kept as merges), Excel's `x:num`, `x:str`,
//! `x:bool` and `x:err` values, `<br>` as a line break. Spans are clamped as browsers clamp
//! them (1000 columns, 65534 rows), and the rows of tables nested deeper than `MAX_DEPTH` are
//! read into the table around them, so no input makes the reader build more than it stores.
//! Each cell's `mso-number-format` (its `style`, else its classes') gives its money unit.

use super::super::grid::Grid;
use super::super::{Budget, CellValue, MAX_COLS, MAX_ROWS, NumberUnits, ReadLimits};
use super::css::{self, Classes};
use crate::domain::MoneyUnit;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};
use std::cell::RefCell;

/// Tables open inside one another beyond this are not tables of their own.
const MAX_DEPTH: usize = 8;
const MAX_COLSPAN: u64 = 1000;
const MAX_ROWSPAN: u64 = 65_534;
/// Bytes of `<style>` text read for class rules; past it the rest is passed over.
const MAX_STYLE_BYTES: usize = 4 << 20;

/// The token sink: html5ever hands tokens to `&self`, so the state lives in a `RefCell`.
pub(super) struct Tables<'a> {
    pub state: RefCell<State<'a>>,
}

/// What the page has given so far.
pub(super) struct State<'a> {
    limits: &'a ReadLimits,
    budget: Budget,
    open: Vec<Table>,
    /// `<table>` tags not opened as tables (too deep), to match their end tags.
    ignored: usize,
    pub done: Vec<Table>,
    started: usize,
    pub title: Option<String>,
    in_title: bool,
    /// The worksheet names Excel keeps in its `<x:ExcelWorksheet>` comment, in order.
    pub excel_names: Vec<String>,
    /// The text of the `<style>` open, if one is.
    style: Option<String>,
    classes: Classes,
    /// Cells with a unit still to be recorded in the page.
    units_left: usize,
}

/// One table being read.
pub(super) struct Table {
    pub ordinal: usize,
    pub grid: Grid,
    pub caption: String,
    in_caption: bool,
    row: Option<u64>,
    next_row: u64,
    col: u64,
    /// For each column, the first row no longer covered by a `rowspan` from above.
    covered: Vec<u64>,
    cell: Option<Cell>,
    /// The cells whose number format shows a money unit.
    pub units: NumberUnits,
}

/// Excel's `x:num` on a cell.
enum Num {
    Absent,
    /// Present but empty: the cell's text is the number.
    InText,
    Value(String),
}

struct Cell {
    at: (u64, u64),
    span: (u64, u64),
    num: Num,
    text_value: Option<String>,
    boolean: Option<String>,
    error: Option<String>,
    text: String,
    unit: Option<MoneyUnit>,
}

impl<'a> Tables<'a> {
    pub fn new(limits: &'a ReadLimits) -> Self {
        Tables {
            state: RefCell::new(State {
                limits,
                budget: Budget::new(limits),
                open: Vec::new(),
                ignored: 0,
                done: Vec::new(),
                started: 0,
                title: None,
                in_title: false,
                excel_names: Vec::new(),
                style: None,
                classes: Classes::new(),
                units_left: limits.max_cells_per_file,
            }),
        }
    }
}

impl TokenSink for Tables<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => return state.tag(&tag),
            Token::CharacterTokens(text) => state.text(&text),
            Token::EOFToken => state.close_all(),
            Token::CommentToken(text) if text.contains("ExcelWorksheet") => {
                state
                    .excel_names
                    .extend(super::names::worksheet_names(&text));
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl State<'_> {
    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let start = tag.kind == TagKind::StartTag;
        match (&*tag.name, start) {
            ("table", true) => self.open_table(),
            ("table", false) => self.close_table(),
            ("title", true) => {
                self.in_title = true;
                return TokenSinkResult::RawData(RawKind::Rcdata);
            }
            ("title", false) => self.in_title = false,
            ("style", true) => {
                self.style = Some(String::new());
                return TokenSinkResult::RawData(RawKind::Rawtext);
            }
            ("style", false) => {
                if let Some(sheet) = self.style.take() {
                    css::read_rules(&sheet, &mut self.classes);
                }
            }
            ("xmp" | "iframe" | "noembed" | "noframes", true) => {
                return TokenSinkResult::RawData(RawKind::Rawtext);
            }
            ("script", true) => return TokenSinkResult::RawData(RawKind::ScriptData),
            ("textarea", true) => return TokenSinkResult::RawData(RawKind::Rcdata),
            (name, _) => {
                if let Some(table) = self.open.last_mut() {
                    let read = (
                        &mut self.budget,
                        self.limits,
                        &self.classes,
                        &mut self.units_left,
                    );
                    table.tag(name, start, tag, read);
                }
            }
        }
        TokenSinkResult::Continue
    }

    fn text(&mut self, text: &str) {
        if let Some(sheet) = self.style.as_mut() {
            if sheet.len() + text.len() <= MAX_STYLE_BYTES {
                sheet.push_str(text);
            }
        } else if self.in_title {
            self.title.get_or_insert_with(String::new).push_str(text);
        } else if let Some(table) = self.open.last_mut() {
            if table.in_caption {
                table.caption.push_str(text);
            } else if let Some(cell) = table.cell.as_mut() {
                cell.text.push_str(text);
            }
        }
    }

    fn open_table(&mut self) {
        if self.open.len() >= MAX_DEPTH {
            self.ignored += 1;
            return;
        }
        self.started += 1;
        self.open.push(Table {
            ordinal: self.started,
            grid: Grid::new(String::new()),
            caption: String::new(),
            in_caption: false,
            row: None,
            next_row: 0,
            col: 0,
            covered: Vec::new(),
            cell: None,
            units: NumberUnits::new(),
        });
    }

    fn close_table(&mut self) {
        if self.ignored > 0 {
            self.ignored -= 1;
            return;
        }
        if let Some(mut table) = self.open.pop() {
            table.close_cell(&mut self.budget, self.limits, &mut self.units_left);
            self.done.push(table);
        }
    }

    fn close_all(&mut self) {
        self.ignored = 0;
        while !self.open.is_empty() {
            self.close_table();
        }
    }
}

impl Table {
    fn tag(
        &mut self,
        name: &str,
        start: bool,
        tag: &Tag,
        (budget, limits, classes, left): (&mut Budget, &ReadLimits, &Classes, &mut usize),
    ) {
        match (name, start) {
            ("caption", _) => self.in_caption = start,
            ("tr", true) => {
                self.close_cell(budget, limits, left);
                self.open_row();
            }
            ("tr" | "thead" | "tbody" | "tfoot", _) => {
                self.close_cell(budget, limits, left);
                self.row = None;
            }
            ("td" | "th", true) => {
                self.close_cell(budget, limits, left);
                self.open_cell(tag, classes);
            }
            ("td" | "th", false) => self.close_cell(budget, limits, left),
            ("br", _) => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.text.push('\n');
                }
            }
            ("p" | "div" | "li", true) => {
                if let Some(cell) = self.cell.as_mut()
                    && !cell.text.trim().is_empty()
                {
                    cell.text.push('\n');
                }
            }
            _ => {}
        }
    }

    fn open_row(&mut self) {
        self.row = Some(self.next_row);
        self.next_row = self.next_row.saturating_add(1);
        self.col = 0;
    }

    fn open_cell(&mut self, tag: &Tag, classes: &Classes) {
        if self.row.is_none() {
            self.open_row();
        }
        let row = self.row.unwrap_or_default();
        let attr = |name: &str| {
            tag.attrs
                .iter()
                .find(|a| {
                    let local = &*a.name.local;
                    local == name || local.strip_prefix("x:") == Some(name)
                })
                .map(|a| a.value.to_string())
        };
        let span = |name: &str, max: u64| {
            attr(name)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map_or(1, |n| n.clamp(1, max))
        };
        let (across, down) = (span("colspan", MAX_COLSPAN), span("rowspan", MAX_ROWSPAN));
        let limit = u64::from(super::super::MAX_COLS);
        while usize::try_from(self.col)
            .ok()
            .and_then(|c| self.covered.get(c))
            .is_some_and(|until| *until > row)
        {
            self.col += 1;
        }
        let col = self.col;
        self.col = col.saturating_add(across);
        if down > 1 && col < limit {
            let end = usize::try_from(self.col.min(limit)).unwrap_or(0);
            let from = usize::try_from(col).unwrap_or(end);
            if self.covered.len() < end {
                self.covered.resize(end, 0);
            }
            for until in &mut self.covered[from..end] {
                *until = row.saturating_add(down);
            }
        }
        self.cell = Some(Cell {
            at: (row, col),
            span: (down - 1, across - 1),
            num: match attr("num") {
                None => Num::Absent,
                Some(v) if v.trim().is_empty() => Num::InText,
                Some(v) => Num::Value(v),
            },
            text_value: attr("str").filter(|v| !v.trim().is_empty()),
            boolean: attr("bool"),
            error: attr("err").filter(|v| !v.trim().is_empty()),
            text: String::new(),
            unit: css::cell_unit(attr("style").as_deref(), attr("class").as_deref(), classes),
        });
    }

    fn close_cell(&mut self, budget: &mut Budget, limits: &ReadLimits, left: &mut usize) {
        let Some(cell) = self.cell.take() else { return };
        let (at, span, unit) = (cell.at, cell.span, cell.unit);
        if let Some(value) = cell.value() {
            self.grid.put(at, value, span, budget, limits);
            if let (Some(unit), Ok(r), Ok(c)) = (unit, u32::try_from(at.0), u32::try_from(at.1))
                && r < MAX_ROWS
                && c < MAX_COLS
                && *left > 0
            {
                self.units.insert((r, c), unit);
                *left -= 1;
            }
        }
    }
}

impl Cell {
    /// The cell's value: Excel's attributes first, else its text as shown.
    fn value(self) -> Option<CellValue> {
        let text = shown(&self.text);
        if let Some(error) = self.error {
            return Some(CellValue::Error(error.trim().to_owned()));
        }
        if let Some(flag) = self.boolean {
            return Some(CellValue::Bool(matches!(
                flag.trim().to_ascii_lowercase().as_str(),
                "true" | "1"
            )));
        }
        let number = match self.num {
            Num::Absent => None,
            Num::InText => Some(text.replace([',', ' '], "")),
            Num::Value(v) => Some(v),
        };
        if let Some(number) = number {
            let parsed = number.trim().parse::<f64>().ok().filter(|n| n.is_finite());
            if let Some(n) = parsed {
                return Some(CellValue::Number(n));
            }
        }
        let text = self.text_value.map_or(text, |v| shown(&v));
        (!text.is_empty()).then_some(CellValue::Text(text))
    }
}

/// Text as a browser shows it: runs of white space are one space, lines (from `<br>`) trimmed.
fn shown(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}
