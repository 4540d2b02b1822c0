//! The year's sheets of the summary workbook (LEDGER-SPEC section 7.6): 红黄绿灯 (red first),
//! 问题清单 (highest level first), 月度趋势 (with its line chart) and 成员单位考核 (ranked).

mod assess;
mod trend;

use super::detail::serial;
use super::split::{Sheets, write_split};
use super::style::{Emphasis, Kind, Styles};
use super::table::{Column, Layout, Paper, Row, Table, Value};
use crate::consolidate::Consolidated;
use crate::domain::{Light, MoneyUnit, Period};
use crate::year::YearView;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

/// Adds 红黄绿灯, 问题清单, 月度趋势 and 成员单位考核.
pub(super) fn write_year_sheets(
    wb: &mut Workbook,
    styles: &Styles,
    c: &Consolidated,
    y: &YearView,
    unit: MoneyUnit,
    max_rows: u32,
) -> Result<(), XlsxError> {
    write_lights(wb, styles, c, y, unit, max_rows)?;
    write_problems(wb, styles, c, y, unit, max_rows)?;
    trend::write_trend(wb, styles, c, y, unit)?;
    assess::write_assessment(wb, styles, c, y, unit)
}

/// `2022年2月`
pub(super) fn month_words(p: Period) -> String {
    format!("{}年{}月", p.year, p.month)
}

/// The year's notes under a table (months missing from the history, older history files).
pub(super) fn write_notes(
    ws: &mut Worksheet,
    styles: &Styles,
    layout: &Layout,
    y: &YearView,
) -> Result<(), XlsxError> {
    for (row, note) in (layout.last_row + 2..).zip(y.notes()) {
        ws.write_string_with_format(row, 0, format!("注：{note}"), &styles.label)?;
    }
    Ok(())
}

/// 红黄绿灯: every counted project, red first, with the components that set its light.
fn write_lights(
    wb: &mut Workbook,
    styles: &Styles,
    c: &Consolidated,
    y: &YearView,
    unit: MoneyUnit,
    max_rows: u32,
) -> Result<(), XlsxError> {
    let columns = vec![
        Column::new("序号", Kind::Serial, 6.0),
        Column::new("项目编号", Kind::Text, 16.0),
        Column::new("项目名称", Kind::Text, 36.0),
        Column::new("主责单位", Kind::Text, 16.0),
        Column::new("项目类别", Kind::Center, 20.0),
        Column::new("灯色", Kind::Center, 6.0),
        Column::new("亮灯原因", Kind::Text, 40.0),
        Column::new("连续滞后月数", Kind::Int, 8.0),
        Column::new("较上月变化", Kind::Text, 16.0),
    ];
    let mut order: Vec<usize> = (0..c.projects.len().min(y.projects.len())).collect();
    order.sort_by_key(|i| std::cmp::Reverse(y.projects[*i].light));
    let table = Table::of_period(
        c.period,
        "重大项目红黄绿灯",
        unit,
        columns,
        Vec::new(),
        Paper::A4,
    )
    .frozen(3);
    let make = |k: usize| {
        let i = order[k];
        let (p, py) = (&c.projects[i], &y.projects[i]);
        let reasons: Vec<&str> = py.setting().map(|c| c.reason.as_str()).collect();
        let changes: Vec<&str> = py.changes.iter().map(|c| c.label()).collect();
        let streak = if py.streak_incomplete {
            Value::text(format!("{}（可能不完整）", py.streak))
        } else {
            Value::count(py.streak as usize)
        };
        Row::with(
            vec![
                serial(k),
                Value::opt_text(p.row.code.as_ref()),
                Value::text(p.row.name.as_str()),
                Value::text(p.row.lead_unit.as_str()),
                Value::text(p.row.category.label()),
                Value::text(y.label(py.light).to_owned()),
                Value::text(reasons.join("；")),
                streak,
                Value::text(changes.join("、")),
            ],
            if py.light == Light::Red {
                Emphasis::Severe
            } else {
                Emphasis::Normal
            },
        )
    };
    write_split(
        wb,
        "红黄绿灯",
        styles,
        &table,
        order.len(),
        make,
        Sheets::of(max_rows),
        |ws, layout| write_notes(ws, styles, layout, y),
    )
}

/// 问题清单: every project with a 卡点, highest level of the ladder first.
fn write_problems(
    wb: &mut Workbook,
    styles: &Styles,
    c: &Consolidated,
    y: &YearView,
    unit: MoneyUnit,
    max_rows: u32,
) -> Result<(), XlsxError> {
    let columns = vec![
        Column::new("序号", Kind::Serial, 6.0),
        Column::new("项目名称", Kind::Text, 36.0),
        Column::new("主责单位", Kind::Text, 16.0),
        Column::new("存在问题", Kind::Text, 40.0),
        Column::new("首次出现", Kind::Center, 12.0),
        Column::new("持续月数", Kind::Int, 8.0),
        Column::new("协调层级", Kind::Text, 24.0),
        Column::new("灯色", Kind::Center, 6.0),
    ];
    let problems: Vec<_> = y
        .problems
        .iter()
        .filter(|pr| pr.project < c.projects.len().min(y.projects.len()))
        .collect();
    let table = Table::of_period(
        c.period,
        "重大项目问题清单",
        unit,
        columns,
        Vec::new(),
        Paper::A4,
    )
    .frozen(2);
    let make = |k: usize| {
        let pr = problems[k];
        let p = &c.projects[pr.project];
        let first = if pr.incomplete {
            format!("{}（或更早）", month_words(pr.first_seen))
        } else {
            month_words(pr.first_seen)
        };
        Row::with(
            vec![
                serial(k),
                Value::text(p.row.name.as_str()),
                Value::text(p.row.lead_unit.as_str()),
                Value::text(pr.problem.as_str()),
                Value::text(first),
                Value::count(pr.months as usize),
                Value::text(pr.level_label.as_str()),
                Value::text(y.label(y.projects[pr.project].light).to_owned()),
            ],
            if pr.level + 1 >= 3 {
                Emphasis::Severe
            } else {
                Emphasis::Normal
            },
        )
    };
    write_split(
        wb,
        "问题清单",
        styles,
        &table,
        problems.len(),
        make,
        Sheets::of(max_rows),
        |ws, layout| write_notes(ws, styles, layout, y),
    )
}
