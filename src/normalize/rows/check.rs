//! Reading one row's cells field by field, collecting its issues and reasons.

use super::Reader;
use crate::domain::{Money, Text, Vocabulary};
use crate::ingest::{CellValue, RawRow};
use crate::issue::{Issue, IssueCode, Severity};
use crate::normalize::header::Column;
use crate::normalize::values::{
    Amount, MoneyError, cell_text, means_nothing, parse_amount, parse_date,
};
use chrono::NaiveDate;

/// Reads the fields of one row; collects the issues and whether any is an error.
pub(super) struct RowCheck<'a, 'r, 'c> {
    pub(super) r: &'a Reader<'r, 'c>,
    pub(super) row: &'a RawRow,
    pub(super) issues: Vec<Issue>,
    pub(super) reasons: Vec<String>,
    pub(super) file: &'a str,
    pub(super) unit: &'a str,
    /// Money fields whose cell is a copy of a merged amount counted on an earlier row.
    pub(super) merged_copies: Vec<String>,
}

impl RowCheck<'_, '_, '_> {
    pub(super) fn push(&mut self, code: IssueCode, col: u32, value: String, message: String) {
        self.push_as(code.severity(), code, col, value, message);
    }

    pub(super) fn push_as(
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

    pub(super) fn label(&self, field: &str) -> String {
        self.r
            .ctx
            .schema
            .field(self.r.header.kind, field)
            .map_or_else(|| field.to_owned(), |f| f.label.clone())
    }

    pub(super) fn cell(&self, field: &str) -> Option<(&Column, Option<&CellValue>)> {
        self.r.column(field).map(|c| (c, self.row.get(c.col)))
    }

    /// An error value in any used column rejects the row.
    pub(super) fn error_cells(&mut self) {
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

    pub(super) fn text(&mut self, field: &str) -> Option<String> {
        let (_, cell) = self.cell(field)?;
        match cell {
            Some(CellValue::Error(_)) => None,
            other => cell_text(other).filter(|t| !means_nothing(t)),
        }
    }

    pub(super) fn required_text(&mut self, field: &str) -> Option<String> {
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

    pub(super) fn enumeration(
        &mut self,
        field: &str,
        enum_name: &str,
        required: bool,
    ) -> Option<Text> {
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

    /// An enum cell read against the value the headings or the sheet give (`context`: the
    /// value and the heading or sheet name that gives it). A value in the column beats the
    /// context (a conflict is a warning); a blank or absent cell takes the context.
    pub(super) fn in_context(
        &mut self,
        field: &str,
        enum_name: &str,
        required: bool,
        context: Option<(&str, &str)>,
    ) -> Option<Text> {
        let Some((value, from)) = context else {
            return self.enumeration(field, enum_name, required);
        };
        let Some(text) = self.text(field) else {
            return Some(self.r.shared(value));
        };
        let def = self.r.ctx.schema.enums.get(enum_name)?;
        let col = self.r.column(field).map_or(0, |c| c.col);
        match def.resolve(&text) {
            Some(v) if v == value => Some(self.r.shared(v)),
            Some(v) => {
                let v = v.to_owned();
                let msg = format!(
                    "{}填的是“{}”，而所在分类“{}”为“{}”；按本列的“{}”计",
                    self.label(field),
                    text,
                    from,
                    value,
                    v
                );
                self.push(IssueCode::SectionMismatch, col, text, msg);
                Some(self.r.shared(&v))
            }
            None => {
                let msg = format!(
                    "{}“{}”不是规定的值（应为：{}），按所在分类“{}”的“{}”计",
                    self.label(field),
                    text,
                    def.values.join("、"),
                    from,
                    value
                );
                self.push_as(Severity::Warning, IssueCode::BadEnum, col, text, msg);
                Some(self.r.shared(value))
            }
        }
    }

    /// [`Self::in_context`] as the enum's variant.
    pub(super) fn vocabulary_in_context<V: Vocabulary>(
        &mut self,
        field: &str,
        required: bool,
        context: Option<(&str, &str)>,
    ) -> Option<V> {
        self.in_context(field, V::ENUM, required, context)
            .and_then(|text| V::from_canonical(&text))
    }

    /// An enum cell as its variant (see [`Self::enumeration`]).
    pub(super) fn vocabulary<V: Vocabulary>(&mut self, field: &str, required: bool) -> Option<V> {
        self.enumeration(field, V::ENUM, required)
            .and_then(|text| V::from_canonical(&text))
    }

    pub(super) fn money(&mut self, field: &str, required: bool) -> Option<i64> {
        // Borrowed from the sheet, not from `self`, so that issues can be pushed meanwhile.
        let (r, row) = (self.r, self.row);
        let column = r.column(field)?;
        let cell = row.get(column.col);
        let col = column.col;
        let unit = self.r.unit_at(row.index, column);
        if let Some(m) = self.r.money_merge(self.row.index, col) {
            // One amount merged over several rows counts once, for its first row (3A.7).
            if self.row.index != m.first_row {
                self.merged_copies.push(field.to_owned());
                return Some(0);
            }
            let msg = format!(
                "“{}”单元格{}合并了{}行，金额只计入第一行一次，其余各行按0计",
                self.label(field),
                m.a1(),
                m.last_row - m.first_row + 1
            );
            let shown = cell.map(CellValue::display).unwrap_or_default();
            self.push(IssueCode::MergedAmount, col, shown, msg);
        }
        // The cell as shown, only for a message: most cells are amounts.
        let shown = || cell.map(CellValue::display).unwrap_or_default();
        match parse_amount(cell, unit) {
            Ok(Some(Amount { fen, estimated })) => {
                if estimated {
                    let shown = shown();
                    let msg = format!(
                        "“{}”的值“{}”是估算数，按{:.4}亿元计入汇总，请填写准确金额",
                        self.label(field),
                        shown,
                        Money::from_fen(fen).yi()
                    );
                    self.push(IssueCode::EstimatedAmount, col, shown, msg);
                }
                Some(fen)
            }
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
            Err(MoneyError::Range) => {
                let shown = shown();
                let msg = format!(
                    "“{}”的值“{}”是一个范围，不是一个金额，请填写一个数",
                    self.label(field),
                    shown
                );
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

    pub(super) fn date(
        &mut self,
        field: &str,
        extra: &mut Vec<(String, String)>,
    ) -> Option<NaiveDate> {
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
