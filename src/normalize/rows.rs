//! Rows of a ledger sheet → typed rows. Each row is accepted, rejected with its reasons, or
//! skipped (blank, 合计/小计/总计, 注/填报人/审核人 notes); subtotals are cross-checked.

use super::header::{Column, Header, is_money, unit_note_above};
use super::values::{
    Deadline, MoneyError, cell_text, compact, parse_date, parse_deadline, parse_money,
};
use super::{Context, Ledger, RowCounts};
use crate::domain::Interner;
use crate::domain::MoneyUnit;
use crate::domain::{
    Carry, Category, Formality, Money, ProjectKey, Stage, TaskStatus, Vocabulary, a1,
};
use crate::ingest::{CellValue, RawRow, RawSheet};
use crate::issue::{Issue, IssueCode, Severity};
use crate::schema::LedgerKind;
use chrono::NaiveDate;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub use crate::domain::Text;

/// Where a row came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub file: Text,
    pub sheet: Text,
    /// Zero-based row.
    pub row: u32,
    /// Column of the row's name (项目名称 / 重点工作事项), for issues about the whole row.
    pub name_col: u32,
    /// Column of each field in the sheet, shared by its rows, for issues found later.
    pub columns: Arc<BTreeMap<String, u32>>,
}

impl Source {
    /// The A1 cell of a field in this row (the name's cell when the sheet lacks the field).
    #[must_use]
    pub fn cell_of(&self, field: &str) -> (u32, u32) {
        (
            self.row,
            self.columns.get(field).copied().unwrap_or(self.name_col),
        )
    }
}

impl Source {
    /// `区建管委.xlsx!重大项目!A12`
    #[must_use]
    pub fn label(&self) -> String {
        format!("{}!{}!{}", self.file, self.sheet, a1(self.row, 0))
    }
}

/// A project row, money in fen.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRow {
    /// The submitting unit.
    pub unit: Text,
    pub source: Source,
    pub code: Option<Box<str>>,
    pub name: String,
    pub category: Category,
    pub kind: Option<Text>,
    /// 正式项目 or 预备项目 (blank: 预备 for the 预备 category, else 正式).
    pub formal: Formality,
    pub carry: Option<Carry>,
    pub stage: Option<Stage>,
    pub lead_unit: Text,
    pub builder: Option<Box<str>>,
    pub support_units: Option<Box<str>>,
    pub total_investment: Money,
    pub annual_plan: Money,
    pub ytd_completed: Money,
    pub cumulative_completed: Option<Money>,
    pub month_completed: Option<Money>,
    pub planned_start: Option<NaiveDate>,
    pub planned_finish: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    /// The ledger has a 实际开工 column (an empty cell then means "not started").
    pub has_actual_start_column: bool,
    pub progress: Option<Box<str>>,
    pub problems: Option<Box<str>>,
    pub next_steps: Option<Box<str>>,
    pub quarter_targets: [Option<Box<str>>; 4],
    pub contact: Option<Box<str>>,
    pub phone: Option<Box<str>>,
    /// Columns that map to no field, and dates that could not be read, as written.
    pub extra: Vec<(String, String)>,
}

impl ProjectRow {
    /// The key this project shares with its other rows, in this run and in the history.
    #[must_use]
    pub fn key(&self) -> ProjectKey {
        ProjectKey::new(self.code.as_deref(), &self.name, &self.lead_unit)
    }
}

/// A task row of a 工作任务清单.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub unit: String,
    pub source: Source,
    pub item: String,
    pub target: String,
    pub lead_dept: String,
    pub support_depts: Option<String>,
    pub group: Option<String>,
    pub deadline: Deadline,
    pub deadline_text: String,
    pub status: Option<TaskStatus>,
    pub remarks: Option<String>,
}

/// A row not counted, with why.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    pub unit: String,
    pub source: Source,
    pub name: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Data,
    Blank,
    Note,
    Subtotal { grand: bool },
}

/// Rows starting with these are notes (or the template's example row), never data.
const NOTE_PREFIXES: [&str; 13] = [
    "注",
    "说明",
    "备注:",
    "填报人",
    "审核人",
    "填表日期",
    "填报日期",
    "制表",
    "负责人:",
    "联系人:",
    "单位负责人",
    "示例",
    "(示例)",
];

fn classify(row: &RawRow, header: &Header) -> RowKind {
    if let Some(first) = row.cells.first().and_then(|(_, v)| v.as_text()) {
        let first = compact(first);
        if NOTE_PREFIXES.iter().any(|p| first.starts_with(p)) {
            return RowKind::Note;
        }
    }
    for t in row
        .cells
        .iter()
        .filter_map(|(_, v)| v.as_text())
        .filter(|t| may_be_total(t))
    {
        let t = compact(t);
        if t.starts_with("小计") || t.starts_with("其中") {
            return RowKind::Subtotal { grand: false };
        }
        if t.starts_with("合计") || t.starts_with("总计") || t == "全区合计" {
            return RowKind::Subtotal { grand: true };
        }
    }
    let has_data = header
        .columns
        .iter()
        .any(|c| !c.ignored && row.get(c.col).is_some());
    if has_data {
        RowKind::Data
    } else {
        RowKind::Blank
    }
}

/// Whether a cell could read `小计`, `其中`, `合计`, `总计` or `全区合计` once normalised. A
/// text starting with a CJK ideograph other than their first characters cannot: NFKC leaves
/// those ideographs as they are. Spares normalising every text cell of every row.
fn may_be_total(text: &str) -> bool {
    match text.chars().find(|c| !c.is_whitespace()) {
        Some(c @ '\u{4E00}'..='\u{9FFF}') => matches!(c, '小' | '其' | '合' | '总' | '全'),
        Some(_) => true,
        None => false,
    }
}

/// Per-sheet reading state.
struct Reader<'s, 'c> {
    sheet: &'s RawSheet,
    header: &'s Header,
    ctx: &'s Context<'c>,
    sheet_unit: MoneyUnit,
    missing: Vec<String>,
    columns: Arc<BTreeMap<String, u32>>,
    /// The column of each field (`Header::column`), looked up for every cell of every row.
    by_field: HashMap<&'s str, &'s Column>,
    /// The submission's file and unit and the sheet's name, shared by the rows.
    file: Text,
    unit: Text,
    sheet_name: Text,
    /// The sheet's unit names and enum values, one `Text` each.
    shared: RefCell<Interner>,
}

impl Reader<'_, '_> {
    fn column(&self, field: &str) -> Option<&Column> {
        self.by_field.get(field).copied()
    }

    fn shared(&self, s: &str) -> Text {
        self.shared.borrow_mut().get(s)
    }

    fn unit_of(&self, column: &Column) -> MoneyUnit {
        column.unit.unwrap_or(self.sheet_unit)
    }
}

/// Reads the data rows under a header into the ledger; returns the sheet's row counts.
pub(super) fn read_rows(
    sheet: &RawSheet,
    header: &Header,
    ctx: &Context<'_>,
    ledger: &mut Ledger,
) -> RowCounts {
    let kind = header.kind;
    let fields = ctx.schema.fields(kind);
    let missing: Vec<String> = fields
        .iter()
        .filter(|f| f.required && header.column(&f.key).is_none())
        .map(|f| f.label.clone())
        .collect();
    let mut by_field: HashMap<&str, &Column> = HashMap::new();
    for c in header.columns.iter().filter(|c| c.duplicate_of.is_none()) {
        if let Some(field) = c.field.as_deref() {
            by_field.entry(field).or_insert(c);
        }
    }
    let reader = Reader {
        sheet,
        header,
        ctx,
        by_field,
        file: Text::from(&ledger.file),
        unit: Text::from(&ledger.unit),
        sheet_name: Text::from(&sheet.name),
        shared: RefCell::new(Interner::default()),
        sheet_unit: unit_note_above(sheet, header.row).unwrap_or(ctx.input_unit),
        missing,
        columns: Arc::new(
            header
                .columns
                .iter()
                .filter(|c| c.duplicate_of.is_none())
                .filter_map(|c| Some((c.field.clone()?, c.col)))
                .collect(),
        ),
    };
    header_issues(&reader, ledger);
    let mut counts = RowCounts::default();
    let mut sums = Sums::default();
    for row in sheet.rows.iter().filter(|r| r.index >= header.data_from) {
        counts.rows_read += 1;
        match classify(row, header) {
            RowKind::Blank | RowKind::Note => counts.skipped += 1,
            RowKind::Subtotal { grand } => {
                counts.skipped += 1;
                check_subtotal(&reader, row, grand, &mut sums, ledger);
            }
            RowKind::Data => {
                let accepted = match kind {
                    LedgerKind::Project => project_row(&reader, row, &mut sums, ledger),
                    LedgerKind::Task => task_row(&reader, row, ledger),
                };
                if accepted {
                    counts.accepted += 1;
                } else {
                    counts.rejected += 1;
                }
            }
        }
    }
    counts
}

fn issue(
    r: &Reader<'_, '_>,
    ledger: &Ledger,
    code: IssueCode,
    row: u32,
    col: u32,
    message: String,
) -> Issue {
    Issue::new(code, &ledger.file, message)
        .sheet(&r.sheet.name)
        .at(row, col)
        .unit(&ledger.unit)
}

fn header_issues(r: &Reader<'_, '_>, ledger: &mut Ledger) {
    let row = r.header.row;
    if !r.missing.is_empty() {
        let mut i = issue(
            r,
            ledger,
            IssueCode::MissingColumn,
            row,
            0,
            format!(
                "{}缺少必填列：{}；本表各行均不计入汇总，请按模板补齐列后重新报送",
                r.header.kind.label(),
                r.missing.join("、")
            ),
        );
        i.value = r.missing.join("、");
        ledger.issues.push(i);
    }
    for c in &r.header.columns {
        if let Some(first) = c.duplicate_of {
            let label = c
                .field
                .as_deref()
                .and_then(|f| r.ctx.schema.field(r.header.kind, f))
                .map_or("", |f| f.label.as_str());
            let msg = format!(
                "“{}”与{}列都对应“{}”，按左边的{}列读取，本列未使用",
                c.header,
                crate::domain::column_letters(first),
                label,
                crate::domain::column_letters(first)
            );
            let i = issue(r, ledger, IssueCode::DuplicateColumn, row, c.col, msg)
                .value(c.header.clone());
            ledger.issues.push(i);
        } else if c.field.is_none() && !c.ignored {
            let msg = format!("表头“{}”不是标准列，内容作为附加信息保留在明细中", c.header);
            let i =
                issue(r, ledger, IssueCode::UnknownColumn, row, c.col, msg).value(c.header.clone());
            ledger.issues.push(i);
        }
    }
}

/// Money sums of the data rows, per field: since the last 小计, and since the top.
#[derive(Default)]
struct Sums {
    segment: BTreeMap<String, i64>,
    all: BTreeMap<String, i64>,
}

impl Sums {
    fn add(&mut self, field: &str, fen: i64) {
        for sums in [&mut self.segment, &mut self.all] {
            match sums.get_mut(field) {
                Some(sum) => *sum += fen,
                None => {
                    sums.insert(field.to_owned(), fen);
                }
            }
        }
    }
}

/// 0.005 亿元 in fen.
const SUBTOTAL_TOLERANCE_FEN: i64 = 50_000_000;

fn check_subtotal(
    r: &Reader<'_, '_>,
    row: &RawRow,
    grand: bool,
    sums: &mut Sums,
    ledger: &mut Ledger,
) {
    if r.header.kind == LedgerKind::Project {
        for c in &r.header.columns {
            let Some(field) = c
                .field
                .as_deref()
                .filter(|f| c.duplicate_of.is_none() && is_money(r.ctx.schema, r.header.kind, f))
            else {
                continue;
            };
            let Ok(Some(stated)) = parse_money(row.get(c.col), r.unit_of(c)) else {
                continue;
            };
            let computed = if grand { &sums.all } else { &sums.segment }
                .get(field)
                .copied()
                .unwrap_or(0);
            if (stated - computed).abs() > SUBTOTAL_TOLERANCE_FEN {
                let unit = r
                    .ctx
                    .schema
                    .field(r.header.kind, field)
                    .map_or(field, |f| f.label.as_str());
                let msg = format!(
                    "{}行的“{}”为{:.4}亿元，而其上各行相加为{:.4}亿元，相差{:.4}亿元",
                    if grand { "合计" } else { "小计" },
                    unit,
                    Money::from_fen(stated).yi(),
                    Money::from_fen(computed).yi(),
                    Money::from_fen(stated - computed).yi()
                );
                let i = issue(
                    r,
                    ledger,
                    IssueCode::SubtotalMismatch,
                    row.index,
                    c.col,
                    msg,
                )
                .value(row.get(c.col).map(CellValue::display).unwrap_or_default());
                ledger.issues.push(i);
            }
        }
    }
    if !grand {
        sums.segment.clear();
    }
}

/// Reads the fields of one row; collects the issues and whether any is an error.
struct RowCheck<'a, 'r, 'c> {
    r: &'a Reader<'r, 'c>,
    row: &'a RawRow,
    issues: Vec<Issue>,
    reasons: Vec<String>,
    file: &'a str,
    unit: &'a str,
}

impl RowCheck<'_, '_, '_> {
    fn push(&mut self, code: IssueCode, col: u32, value: String, message: String) {
        self.push_as(code.severity(), code, col, value, message);
    }

    fn push_as(
        &mut self,
        severity: Severity,
        code: IssueCode,
        col: u32,
        value: String,
        message: String,
    ) {
        let mut i = Issue::new(code, self.file, message)
            .sheet(&self.r.sheet.name)
            .at(self.row.index, col)
            .unit(self.unit)
            .value(value);
        i.severity = severity;
        if severity == Severity::Error {
            self.reasons.push(format!("{}：{}", i.cell, i.message));
        }
        self.issues.push(i);
    }

    fn label(&self, field: &str) -> String {
        self.r
            .ctx
            .schema
            .field(self.r.header.kind, field)
            .map_or_else(|| field.to_owned(), |f| f.label.clone())
    }

    fn cell(&self, field: &str) -> Option<(&Column, Option<&CellValue>)> {
        self.r.column(field).map(|c| (c, self.row.get(c.col)))
    }

    /// An error value in any used column rejects the row.
    fn error_cells(&mut self) {
        for c in &self.r.header.columns {
            if c.duplicate_of.is_some() || c.ignored {
                continue;
            }
            if let Some(CellValue::Error(e)) = self.row.get(c.col) {
                let msg = format!(
                    "“{}”是错误值{}（公式引用失效或计算出错），请改为正确数值",
                    c.header, e
                );
                self.push(IssueCode::ErrorCell, c.col, e.clone(), msg);
            }
        }
    }

    fn text(&mut self, field: &str) -> Option<String> {
        let (_, cell) = self.cell(field)?;
        match cell {
            Some(CellValue::Error(_)) => None,
            other => cell_text(other),
        }
    }

    fn required_text(&mut self, field: &str) -> Option<String> {
        let value = self.text(field);
        if value.is_none()
            && let Some((c, cell)) = self.cell(field)
            && !matches!(cell, Some(CellValue::Error(_)))
        {
            let col = c.col;
            let msg = format!("必填项“{}”为空", self.label(field));
            self.push(IssueCode::BlankRequired, col, String::new(), msg);
        }
        value
    }

    fn enumeration(&mut self, field: &str, enum_name: &str, required: bool) -> Option<Text> {
        let text = if required {
            self.required_text(field)?
        } else {
            self.text(field)?
        };
        let def = self.r.ctx.schema.enums.get(enum_name)?;
        if let Some(v) = def.resolve(&text) {
            return Some(self.r.shared(v));
        }
        let col = self.r.column(field).map_or(0, |c| c.col);
        let consequence = if required {
            "，本行不计入汇总"
        } else {
            "，按未填处理"
        };
        let msg = format!(
            "{}“{}”不是规定的值（应为：{}）{}",
            self.label(field),
            text,
            def.values.join("、"),
            consequence
        );
        // A required enum (the category) decides where the row is counted: it cannot be.
        let severity = if required {
            Severity::Error
        } else {
            Severity::Warning
        };
        self.push_as(severity, IssueCode::BadEnum, col, text, msg);
        None
    }

    /// An enum cell as its variant (see [`Self::enumeration`]).
    fn vocabulary<V: Vocabulary>(&mut self, field: &str, required: bool) -> Option<V> {
        self.enumeration(field, V::ENUM, required)
            .and_then(|text| V::from_canonical(&text))
    }

    fn money(&mut self, field: &str, required: bool) -> Option<i64> {
        let (column, cell) = self.cell(field)?;
        let col = column.col;
        let unit = self.r.unit_of(column);
        // The cell as shown, only for a message: most cells are amounts.
        let shown = || cell.map(CellValue::display).unwrap_or_default();
        match parse_money(cell, unit) {
            Ok(Some(fen)) => Some(fen),
            Ok(None) => {
                if required {
                    let msg = format!("必填项“{}”为空（没有发生请填0）", self.label(field));
                    self.push(IssueCode::BlankRequired, col, shown(), msg);
                }
                None
            }
            Err(MoneyError::ErrorCell) => None,
            Err(MoneyError::Bad) => {
                let shown = shown();
                let msg = format!("“{}”的值“{}”不是有效金额", self.label(field), shown);
                self.push(IssueCode::BadNumber, col, shown, msg);
                None
            }
            Err(MoneyError::Negative(_)) => {
                let shown = shown();
                let msg = format!("“{}”为负数{}，金额不能小于0", self.label(field), shown);
                self.push(IssueCode::NegativeAmount, col, shown, msg);
                None
            }
        }
    }

    fn date(&mut self, field: &str, extra: &mut Vec<(String, String)>) -> Option<NaiveDate> {
        let (column, cell) = self.cell(field)?;
        let col = column.col;
        match parse_date(cell) {
            Ok(d) => d,
            Err(text) => {
                if !matches!(cell, Some(CellValue::Error(_))) {
                    let msg = format!(
                        "“{}”的值“{}”无法识别为日期（按原文保留），请写成 2022-03-15 或 2022.3",
                        self.label(field),
                        text
                    );
                    self.push(IssueCode::BadDate, col, text.clone(), msg);
                    extra.push((self.label(field), text));
                }
                None
            }
        }
    }
}

fn project_row(r: &Reader<'_, '_>, row: &RawRow, sums: &mut Sums, ledger: &mut Ledger) -> bool {
    let (file, unit) = (&r.file, &r.unit);
    let mut ck = RowCheck {
        r,
        row,
        issues: Vec::new(),
        reasons: Vec::new(),
        file,
        unit,
    };
    ck.error_cells();
    let mut extra = Vec::new();
    let name = ck.required_text("name");
    let category = ck.vocabulary::<Category>("category", true);
    let kind = ck.enumeration("kind", "kind", false);
    let formal = ck.vocabulary::<Formality>("formal", false);
    let carry = ck.vocabulary::<Carry>("carry", false);
    let stage = ck.vocabulary::<Stage>("stage", false);
    let money: BTreeMap<&str, Option<i64>> = [
        ("total_investment", true),
        ("annual_plan", true),
        ("ytd_completed", true),
        ("cumulative_completed", false),
        ("month_completed", false),
    ]
    .into_iter()
    .map(|(f, required)| (f, ck.money(f, required)))
    .collect();
    for (field, fen) in &money {
        if let Some(fen) = fen {
            sums.add(field, *fen);
        }
    }
    let planned_start = ck.date("planned_start", &mut extra);
    let planned_finish = ck.date("planned_finish", &mut extra);
    let actual_start = ck.date("actual_start", &mut extra);
    let (total, plan, ytd) = (
        money["total_investment"],
        money["annual_plan"],
        money["ytd_completed"],
    );
    let col = |f: &str| r.column(f).map_or(0, |c| c.col);
    if let (Some(t), Some(p)) = (total, plan)
        && p > t
    {
        let msg = format!(
            "年度计划投资（{:.4}亿元）大于总投资（{:.4}亿元），请核实",
            Money::from_fen(p).yi(),
            Money::from_fen(t).yi()
        );
        ck.push(
            IssueCode::PlanExceedsTotal,
            col("annual_plan"),
            format!("{:.4}", Money::from_fen(p).yi()),
            msg,
        );
    }
    if let (Some(t), Some(y)) = (total, ytd)
        && y > t
    {
        let msg = format!(
            "本年累计完成投资（{:.4}亿元）大于总投资（{:.4}亿元），请核实",
            Money::from_fen(y).yi(),
            Money::from_fen(t).yi()
        );
        ck.push(
            IssueCode::YtdExceedsTotal,
            col("ytd_completed"),
            format!("{:.4}", Money::from_fen(y).yi()),
            msg,
        );
    }
    if let (Some(s), Some(f)) = (planned_start, planned_finish)
        && f < s
    {
        let msg = format!("计划竣工时间（{f}）早于计划开工时间（{s}），请核实");
        ck.push(
            IssueCode::DateOrder,
            col("planned_finish"),
            f.to_string(),
            msg,
        );
    }
    for c in &r.header.columns {
        if c.field.is_none()
            && !c.ignored
            && let Some(v) = cell_text(row.get(c.col))
        {
            extra.push((c.header.clone(), v));
        }
    }
    let lead_unit = match ck.text("lead_unit").or_else(|| ck.text("builder")) {
        Some(lead) => r.shared(&lead),
        None => unit.clone(),
    };
    let source = Source {
        file: file.clone(),
        sheet: r.sheet_name.clone(),
        row: row.index,
        name_col: col("name"),
        columns: r.columns.clone(),
    };
    let mut reasons = std::mem::take(&mut ck.reasons);
    if !r.missing.is_empty() {
        reasons.push(format!("缺少必填列：{}", r.missing.join("、")));
    }
    // Optional texts held as `Box<str>`: a million rows hold thirteen of them each.
    let mut boxed = |field: &str| ck.text(field).map(String::into_boxed_str);
    let quarter_targets = [boxed("q1"), boxed("q2"), boxed("q3"), boxed("q4")];
    let (progress, problems, next_steps) =
        (boxed("progress"), boxed("problems"), boxed("next_steps"));
    let (code, builder, support_units, contact, phone) = (
        boxed("code"),
        boxed("builder"),
        boxed("support_units"),
        boxed("contact"),
        boxed("phone"),
    );
    ledger.issues.append(&mut ck.issues);
    let (Some(name), Some(category), Some(total), Some(plan), Some(ytd), true) =
        (name.clone(), category, total, plan, ytd, reasons.is_empty())
    else {
        if reasons.is_empty() {
            reasons.push("必填项缺失".into());
        }
        ledger.rejected.push(RejectedRow {
            unit: unit.to_string(),
            source,
            name: name.unwrap_or_default(),
            reasons,
        });
        return false;
    };
    let formal = formal.unwrap_or_else(|| category.default_formality());
    ledger.projects.push(ProjectRow {
        unit: unit.clone(),
        source,
        code,
        name,
        category,
        kind,
        formal,
        carry,
        stage,
        lead_unit,
        builder,
        support_units,
        total_investment: Money::from_fen(total),
        annual_plan: Money::from_fen(plan),
        ytd_completed: Money::from_fen(ytd),
        cumulative_completed: money["cumulative_completed"].map(Money::from_fen),
        month_completed: money["month_completed"].map(Money::from_fen),
        planned_start,
        planned_finish,
        actual_start,
        has_actual_start_column: r.column("actual_start").is_some(),
        progress,
        problems,
        next_steps,
        quarter_targets,
        contact,
        phone,
        extra,
    });
    true
}

fn task_row(r: &Reader<'_, '_>, row: &RawRow, ledger: &mut Ledger) -> bool {
    let (file, unit) = (&r.file, &r.unit);
    let mut ck = RowCheck {
        r,
        row,
        issues: Vec::new(),
        reasons: Vec::new(),
        file,
        unit,
    };
    ck.error_cells();
    let item = ck.required_text("item");
    let target = ck.required_text("target");
    let lead_dept = ck.required_text("lead_dept");
    let status = ck.vocabulary::<TaskStatus>("status", false);
    let deadline_cell = ck.cell("deadline").map(|(c, v)| (c.col, v.cloned()));
    let mut deadline = None;
    let mut deadline_text = String::new();
    if let Some((col, cell)) = deadline_cell {
        deadline_text = cell_text(cell.as_ref()).unwrap_or_default();
        match parse_deadline(cell.as_ref(), r.ctx.period) {
            None => {
                if !matches!(cell, Some(CellValue::Error(_))) {
                    ck.push(
                        IssueCode::BlankRequired,
                        col,
                        String::new(),
                        "必填项“工作完成时限”为空".into(),
                    );
                }
            }
            Some(Deadline::Unknown(text)) => {
                let msg = format!(
                    "工作完成时限“{text}”无法识别（按原文保留），请写成 2022年6月底、二季度、年底 或 持续推进"
                );
                ck.push(IssueCode::BadDate, col, text.clone(), msg);
                deadline = Some(Deadline::Unknown(text));
            }
            Some(d) => deadline = Some(d),
        }
    }
    let support_depts = ck.text("support_depts");
    let group = ck.text("group");
    let remarks = ck.text("remarks");
    let name_col = r.column("item").map_or(0, |c| c.col);
    let source = Source {
        file: file.clone(),
        sheet: r.sheet_name.clone(),
        row: row.index,
        name_col,
        columns: r.columns.clone(),
    };
    let mut reasons = std::mem::take(&mut ck.reasons);
    if !r.missing.is_empty() {
        reasons.push(format!("缺少必填列：{}", r.missing.join("、")));
    }
    ledger.issues.append(&mut ck.issues);
    let (Some(item), Some(target), Some(lead_dept), Some(deadline), true) = (
        item.clone(),
        target,
        lead_dept,
        deadline,
        reasons.is_empty(),
    ) else {
        if reasons.is_empty() {
            reasons.push("必填项缺失".into());
        }
        ledger.rejected.push(RejectedRow {
            unit: unit.to_string(),
            source,
            name: item.unwrap_or_default(),
            reasons,
        });
        return false;
    };
    ledger.tasks.push(TaskRow {
        unit: unit.to_string(),
        source,
        item,
        target,
        lead_dept,
        support_depts,
        group,
        deadline,
        deadline_text,
        status,
        remarks,
    });
    true
}
