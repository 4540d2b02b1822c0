//! 汇总 and 分单位: the month's totals per category and per lead unit. The 合计 rows and the
//! rates are formulas carrying their cached results, so the workbook stays live when a clerk
//! corrects a figure and still shows the numbers in viewers that never recalculate.

use super::bulletin::bulletin;
use super::style::{Emphasis, Kind, Styles, wrapped_lines};
use super::table::{
    Column, FIRST_DATA_ROW, HEADER_ROW, Layout, Paper, Row, Table, Value, merged, row_height,
    write_table,
};
use crate::consolidate::{Consolidated, Totals};
use crate::domain::Money;
use crate::domain::MoneyUnit;
use crate::domain::column_letters;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFont, ChartLegendPosition, ChartType, RowNum, Worksheet, XlsxError,
};

// Column positions shared by 汇总 and 分单位.
const PLAN: u16 = 7;
const YTD: u16 = 8;
const RATE: u16 = 9;
const SCHEDULE: u16 = 10;
const PREV: u16 = 12;

/// The columns of a totals table; the first names the row (项目类别 or 主责单位).
fn columns(first: &str, with_prev: bool, with_status: bool) -> Vec<Column> {
    let mut cols = vec![
        Column::new(first, Kind::Text, 30.0),
        Column::new("项目数", Kind::Int, 10.0),
        Column::new("正式", Kind::Int, 8.0),
        Column::new("预备", Kind::Int, 8.0),
        Column::new("结转", Kind::Int, 8.0),
        Column::new("新增", Kind::Int, 8.0),
        Column::new("总投资", Kind::Money, 14.0),
        Column::new("年度计划投资", Kind::Money, 14.0),
        Column::new("本年累计完成", Kind::Money, 14.0),
        Column::new("完成率", Kind::Rate, 10.0),
        Column::new("序时进度", Kind::Rate, 10.0),
        Column::new("滞后项目数", Kind::Int, 10.0),
    ];
    if with_prev {
        cols.push(Column::new("上月累计", Kind::Money, 14.0));
        cols.push(Column::new("本月新增", Kind::Money, 14.0));
    }
    if with_status {
        cols.push(Column::new("报送情况", Kind::Center, 12.0));
    }
    cols
}

/// `=IF(H4>0,I4/H4,"")`
fn rate_formula(row: RowNum) -> String {
    let (plan, ytd, r) = (
        column_letters(PLAN.into()),
        column_letters(YTD.into()),
        row + 1,
    );
    format!("=IF({plan}{r}>0,{ytd}{r}/{plan}{r},\"\")")
}

/// `=I4-M4`
fn change_formula(row: RowNum) -> String {
    let (ytd, prev, r) = (
        column_letters(YTD.into()),
        column_letters(PREV.into()),
        row + 1,
    );
    format!("={ytd}{r}-{prev}{r}")
}

/// One totals line at sheet row `row`.
fn totals_values(
    t: &Totals,
    row: RowNum,
    c: &Consolidated,
    unit: MoneyUnit,
) -> Vec<Value<'static>> {
    let m = |amount: Money| Value::Num(amount.in_unit(unit));
    let mut v = vec![
        Value::text(t.label.clone()),
        Value::Int(t.projects),
        Value::Int(t.formal),
        Value::Int(t.preliminary),
        Value::Int(t.carried),
        Value::Int(t.new),
        m(t.total_investment),
        m(t.annual_plan),
        m(t.ytd_completed),
        Value::Formula(rate_formula(row), t.completion_rate()),
        Value::Num(c.schedule_progress),
        Value::Int(t.lagging),
    ];
    if c.previous_period.is_some() {
        let prev = t.prev_ytd.unwrap_or_default();
        v.push(m(prev));
        v.push(Value::Formula(
            change_formula(row),
            Some((t.ytd_completed - prev).in_unit(unit)),
        ));
    }
    v
}

/// The 合计 line under `lines` data rows starting at `FIRST_DATA_ROW`: SUM formulas over the
/// lines above, each cached with the sum of what those lines hold.
fn total_values(lines: &[Totals], c: &Consolidated, unit: MoneyUnit) -> Vec<Value<'static>> {
    let n = RowNum::try_from(lines.len()).unwrap_or(0);
    let row = FIRST_DATA_ROW + n;
    let mut sum = Totals {
        label: "合计".to_owned(),
        ..Totals::default()
    };
    for t in lines {
        sum.projects += t.projects;
        sum.formal += t.formal;
        sum.preliminary += t.preliminary;
        sum.carried += t.carried;
        sum.new += t.new;
        sum.total_investment += t.total_investment;
        sum.annual_plan += t.annual_plan;
        sum.ytd_completed += t.ytd_completed;
        sum.lagging += t.lagging;
        sum.prev_ytd = Some(sum.prev_ytd.unwrap_or_default() + t.prev_ytd.unwrap_or_default());
    }
    let mut values = totals_values(&sum, row, c, unit);
    if n == 0 {
        return values;
    }
    let summed: &[u16] = if c.previous_period.is_some() {
        &[1, 2, 3, 4, 5, 6, 7, 8, 11, 12]
    } else {
        &[1, 2, 3, 4, 5, 6, 7, 8, 11]
    };
    for &col in summed {
        let letters = column_letters(col.into());
        let cached = match &values[usize::from(col)] {
            #[allow(clippy::cast_precision_loss)]
            Value::Int(i) => *i as f64,
            Value::Num(x) => *x,
            _ => 0.0,
        };
        let formula = format!("=SUM({letters}{}:{letters}{})", FIRST_DATA_ROW + 1, row);
        values[usize::from(col)] = Value::Formula(formula, Some(cached));
    }
    values
}

/// 汇总: categories, 合计, the 情况通报 paragraph and the 完成率 chart.
pub fn write_summary(
    ws: &mut Worksheet,
    styles: &Styles,
    c: &Consolidated,
    unit: MoneyUnit,
    notes: &[String],
) -> Result<(), XlsxError> {
    let with_prev = c.previous_period.is_some();
    let mut rows: Vec<Row> = (FIRST_DATA_ROW..)
        .zip(&c.by_category)
        .map(|(row, t)| Row::new(totals_values(t, row, c, unit)))
        .collect();
    rows.push(Row::with(
        total_values(&c.by_category, c, unit),
        Emphasis::Total,
    ));
    let table = Table::of_period(
        c.period,
        "重大项目推进情况汇总表",
        columns("项目类别", with_prev, false),
        rows,
        Paper::A4,
    )
    .in_unit(unit);
    let layout = write_table(ws, styles, &table)?;
    let text_row = layout.last_row + 2;
    write_paragraph(ws, styles, &layout, text_row, &bulletin(c, unit))?;
    if !notes.is_empty() {
        // Tables past a sheet's rows go on over further sheets: say where.
        let text = notes.join("；");
        ws.write_string_with_format(text_row + 1, 0, "注：", &styles.label)?;
        merged(
            ws,
            text_row + 1,
            1,
            layout.last_col(),
            &text,
            &styles.paragraph,
        )?;
        let width: f64 = layout.widths.iter().skip(1).sum();
        ws.set_row_height(text_row + 1, row_height(wrapped_lines(&text, width * 0.95)))?;
    }
    let chart = rate_chart(ws.name().as_str(), layout.last_row);
    ws.insert_chart_with_offset(text_row + 2, 0, &chart, 4, 0)?;
    Ok(())
}

/// `情况通报：` in the first column, the paragraph merged across the others, tall enough.
fn write_paragraph(
    ws: &mut Worksheet,
    styles: &Styles,
    layout: &Layout,
    row: RowNum,
    text: &str,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, 0, "情况通报：", &styles.label)?;
    merged(ws, row, 1, layout.last_col(), text, &styles.paragraph)?;
    let width: f64 = layout.widths.iter().skip(1).sum();
    // Merged cells are never fitted by the viewer: size the row for the wrapped text.
    ws.set_row_height(row, row_height(wrapped_lines(text, width * 0.95)))?;
    Ok(())
}

/// 完成率 of each category and of the total, against 序时进度, as clustered columns.
fn rate_chart(sheet: &str, total_row: RowNum) -> Chart {
    let font = ChartFont::new().set_name(super::style::FONT).clone();
    let mut chart = Chart::new(ChartType::Column);
    let (first, last) = (FIRST_DATA_ROW, total_row);
    for col in [RATE, SCHEDULE] {
        chart
            .add_series()
            .set_name((sheet, HEADER_ROW, col))
            .set_categories((sheet, first, 0, last, 0))
            .set_values((sheet, first, col, last, col))
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format("0.0%")
                    .set_font(&font),
            )
            .set_gap(80);
    }
    finish_rate_chart(&mut chart, "各类别投资完成率与序时进度", &font);
    chart
}

/// The lead units' lines: roster units first, in roster order, then the others by name.
fn in_roster_order(c: &Consolidated) -> Vec<Totals> {
    let rank = |label: &str| {
        c.units
            .iter()
            .filter(|u| u.in_roster)
            .position(|u| u.unit == label)
            .unwrap_or(usize::MAX)
    };
    let mut lines = c.by_unit.clone();
    // Stable: units outside the roster keep their order by name.
    lines.sort_by_key(|t| rank(&t.label));
    lines
}

/// 分单位: the same per 主责单位, with whether the unit has submitted.
pub fn write_by_unit(
    ws: &mut Worksheet,
    styles: &Styles,
    c: &Consolidated,
    unit: MoneyUnit,
) -> Result<(), XlsxError> {
    let with_prev = c.previous_period.is_some();
    let lines = in_roster_order(c);
    let mut rows: Vec<Row> = (FIRST_DATA_ROW..)
        .zip(&lines)
        .map(|(row, t)| {
            let mut v = totals_values(t, row, c, unit);
            let status = c
                .units
                .iter()
                .find(|u| u.unit == t.label)
                .map_or("—", |u| u.submission().label());
            v.push(Value::text(status));
            Row::new(v)
        })
        .collect();
    let mut total = total_values(&lines, c, unit);
    let submitted = c.units.iter().filter(|u| u.submitted()).count();
    total.push(Value::text(format!("{submitted}/{}家", c.units.len())));
    rows.push(Row::with(total, Emphasis::Total));
    let table = Table::of_period(
        c.period,
        "重大项目推进情况（分主责单位）",
        columns("主责单位", with_prev, true),
        rows,
        Paper::A4,
    )
    .in_unit(unit)
    .frozen(1);
    write_table(ws, styles, &table)?;
    Ok(())
}

/// The frame every 完成率 chart shares: its title, axes in percent, the legend below, the size.
pub(super) fn finish_rate_chart(chart: &mut Chart, title: &str, font: &ChartFont) {
    chart
        .title()
        .set_name(title)
        .set_font(&font.clone().set_bold().set_size(12).clone());
    chart.x_axis().set_font(font);
    chart
        .y_axis()
        .set_num_format("0%")
        .set_min(0)
        .set_font(font);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(font);
    chart.set_width(640).set_height(320);
}
