//! The year's sheets of the summary workbook (LEDGER-SPEC section 7.6): 红黄绿灯 (red first),
//! 问题清单 (highest level first), 月度趋势 (with its line chart) and 成员单位考核 (ranked).

pub(super) mod assess;
pub(super) mod trend;

use super::detail::serial;
use super::split::{Sheets, write_split};
use super::style::{Emphasis, Kind, Styles};
use super::table::FIRST_DATA_ROW;
use super::table::{Column, Layout, Paper, Row, Table, Value};
use crate::consolidate::Consolidated;
use crate::domain::{Light, Period};
use crate::report::sheets::SheetSink;
use crate::year::YearView;
use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, Format, Worksheet, XlsxError,
};

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

/// The light column filled in its colour (Excel's own red, yellow and green fills).
fn colour_lights(
    ws: &mut Worksheet,
    layout: &Layout,
    col: u16,
    y: &YearView,
) -> Result<(), XlsxError> {
    if !layout.has_data() {
        return Ok(());
    }
    for (light, fill, font) in [
        (Light::Red, 0x00FF_C7CE, 0x009C_0006),
        (Light::Yellow, 0x00FF_EB9C, 0x009C_5700),
        (Light::Green, 0x00C6_EFCE, 0x0000_6100),
    ] {
        let format = Format::new()
            .set_background_color(Color::RGB(fill))
            .set_font_color(Color::RGB(font))
            .set_bold();
        let rule = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(
                y.label(light).to_owned(),
            ))
            .set_format(format);
        ws.add_conditional_format(FIRST_DATA_ROW, col, layout.last_row, col, &rule)?;
    }
    Ok(())
}

/// 红黄绿灯: every counted project, red first, with the components that set its light.
pub(super) fn write_lights(
    wb: &mut dyn SheetSink,
    styles: &Styles,
    c: &Consolidated,
    y: &YearView,
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
        Column::new("连续滞后月数", Kind::Center, 8.0),
        Column::new("较上月变化", Kind::Text, 16.0),
    ];
    let mut order: Vec<usize> = (0..c.projects.len().min(y.projects.len())).collect();
    order.sort_by_key(|i| std::cmp::Reverse(y.projects[*i].light));
    let table =
        Table::of_period(c.period, "重大项目红黄绿灯", columns, Vec::new(), Paper::A4).frozen(3);
    let make = |k: usize| {
        let i = order[k];
        let (p, py) = (&c.projects[i], &y.projects[i]);
        let reasons: Vec<&str> = py.setting().map(|c| c.reason.as_str()).collect();
        let changes: Vec<&str> = py.changes.iter().map(|c| c.label()).collect();
        // `≥2`: the row of months ran into a month the history lacks (see the note below).
        let streak = if py.streak_incomplete {
            Value::text(format!("≥{}", py.streak))
        } else {
            Value::text(py.streak.to_string())
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
        |ws, layout| {
            colour_lights(ws, layout, 5, y)?;
            write_notes(ws, styles, layout, y)
        },
    )
}

/// 问题清单: every project with a 卡点, highest level of the ladder first.
pub(super) fn write_problems(
    wb: &mut dyn SheetSink,
    styles: &Styles,
    c: &Consolidated,
    y: &YearView,
    max_rows: u32,
) -> Result<(), XlsxError> {
    let columns = vec![
        Column::new("序号", Kind::Serial, 6.0),
        Column::new("项目名称", Kind::Text, 36.0),
        Column::new("主责单位", Kind::Text, 16.0),
        Column::new("存在问题", Kind::Text, 40.0),
        Column::new("首次出现", Kind::Center, 12.0),
        Column::new("持续月数", Kind::Center, 8.0),
        Column::new("协调层级", Kind::Text, 24.0),
        Column::new("灯色", Kind::Center, 6.0),
    ];
    let problems: Vec<_> = y
        .problems
        .iter()
        .filter(|pr| pr.project < c.projects.len().min(y.projects.len()))
        .collect();
    let table =
        Table::of_period(c.period, "重大项目问题清单", columns, Vec::new(), Paper::A4).frozen(2);
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
                Value::text(if pr.incomplete {
                    format!("≥{}", pr.months)
                } else {
                    pr.months.to_string()
                }),
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
        |ws, layout| {
            colour_lights(ws, layout, 7, y)?;
            write_notes(ws, styles, layout, y)
        },
    )
}
