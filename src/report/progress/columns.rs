//! The columns of 推进情况表, each with its header and what it shows for a project.

use super::super::detail::lag_words;
use super::super::style::Kind;
use super::super::table::{Column, Value};
use crate::consolidate::Project;
use crate::domain::{Money, MoneyUnit};

/// A column of 推进情况表.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressColumn {
    Serial,
    Name,
    LeadUnit,
    TotalInvestment,
    AnnualPlan,
    YtdCompleted,
    Rate,
    Progress,
    Problems,
    Lag,
}

/// The columns, in order. Money columns are summed in 小计 and 合计.
pub const COLUMNS: &[ProgressColumn] = &[
    ProgressColumn::Serial,
    ProgressColumn::Name,
    ProgressColumn::LeadUnit,
    ProgressColumn::TotalInvestment,
    ProgressColumn::AnnualPlan,
    ProgressColumn::YtdCompleted,
    ProgressColumn::Rate,
    ProgressColumn::Progress,
    ProgressColumn::Problems,
    ProgressColumn::Lag,
];

impl ProgressColumn {
    pub(super) fn column(self) -> Column {
        match self {
            ProgressColumn::Serial => Column::new("序号", Kind::Serial, 6.0),
            ProgressColumn::Name => Column::new("项目名称", Kind::Text, 34.0),
            ProgressColumn::LeadUnit => Column::new("主责单位", Kind::Text, 14.0),
            ProgressColumn::TotalInvestment => Column::new("总投资", Kind::Money, 13.0),
            ProgressColumn::AnnualPlan => Column::new("年度计划投资", Kind::Money, 13.0),
            ProgressColumn::YtdCompleted => Column::new("本年累计完成", Kind::Money, 13.0),
            ProgressColumn::Rate => Column::new("完成率", Kind::Rate, 9.0),
            ProgressColumn::Progress => Column::new("形象进度", Kind::Text, 40.0),
            ProgressColumn::Problems => Column::new("存在问题", Kind::Text, 34.0),
            ProgressColumn::Lag => Column::new("滞后情况", Kind::Text, 18.0),
        }
    }

    /// The amount a money column shows for a project.
    pub(super) fn amount(self, p: &Project) -> Option<Money> {
        match self {
            ProgressColumn::TotalInvestment => Some(p.row.total_investment),
            ProgressColumn::AnnualPlan => Some(p.row.annual_plan),
            ProgressColumn::YtdCompleted => Some(p.row.ytd_completed),
            _ => None,
        }
    }

    /// The cell of a project's line.
    pub(super) fn value(self, p: &Project, serial: usize, unit: MoneyUnit) -> Value<'_> {
        if let Some(m) = self.amount(p) {
            return Value::Num(m.in_unit(unit));
        }
        match self {
            ProgressColumn::Serial => Value::count(serial),
            ProgressColumn::Name => Value::text(p.row.name.as_str()),
            ProgressColumn::LeadUnit => Value::text(p.row.lead_unit.as_str()),
            ProgressColumn::Rate => Value::opt_num(p.completion_rate),
            ProgressColumn::Progress => Value::opt_text(p.row.progress.as_ref()),
            ProgressColumn::Problems => Value::opt_text(p.row.problems.as_ref()),
            ProgressColumn::Lag => Value::text(lag_words(p).0),
            _ => Value::Blank,
        }
    }
}
