//! 月度趋势: the year month by month, in total and per category, with a line chart of 完成率
//! against 序时进度 over the 合计 rows.

use super::super::style::{Emphasis, Kind, Styles};
use super::super::table::{
    Column, FIRST_DATA_ROW, HEADER_ROW, Paper, Row, Table, Value, write_table,
};
use super::{month_words, write_notes};
use crate::consolidate::Consolidated;
use crate::domain::{Category, MoneyUnit, Vocabulary};
use crate::report::sheets::SheetSink;
use crate::year::{TrendFigures, YearView};
use rust_xlsxwriter::{Chart, ChartFont, ChartMarker, ChartType, XlsxError};

const RATE_COL: u16 = 5;
const SCHEDULE_COL: u16 = 6;

pub(in crate::report) fn write_trend(
    wb: &mut dyn SheetSink,
    styles: &Styles,
    c: &Consolidated,
    y: &YearView,
    unit: MoneyUnit,
) -> Result<(), XlsxError> {
    let columns = vec![
        Column::new("月份", Kind::Center, 12.0),
        Column::new("范围", Kind::Text, 20.0),
        Column::new("项目数", Kind::Int, 8.0),
        Column::new("年度计划投资", Kind::Money, 12.0),
        Column::new("本年累计完成", Kind::Money, 12.0),
        Column::new("完成率", Kind::Rate, 9.0),
        Column::new("序时进度", Kind::Rate, 9.0),
        Column::new("滞后项目数", Kind::Int, 8.0),
        Column::new("红灯数", Kind::Int, 8.0),
        Column::new("黄灯数", Kind::Int, 8.0),
    ];
    let line = |month: String, scope: &str, f: &TrendFigures, schedule: f64, total: bool| {
        let opt = |n: Option<usize>| n.map_or(Value::text("—"), Value::count);
        Row::with(
            vec![
                Value::text(month),
                Value::text(scope.to_owned()),
                Value::count(f.projects),
                Value::Num(f.annual_plan.in_unit(unit)),
                Value::Num(f.ytd_completed.in_unit(unit)),
                Value::opt_num(f.completion_rate()),
                Value::Num(schedule),
                Value::count(f.lagging),
                opt(f.red),
                opt(f.yellow),
            ],
            if total {
                Emphasis::Total
            } else {
                Emphasis::Normal
            },
        )
    };
    // 合计 first, month by month (the chart's rows), then each category.
    let mut rows: Vec<Row> = y
        .trend
        .iter()
        .map(|t| line(month_words(t.period), "合计", &t.all, t.schedule, true))
        .collect();
    for (i, cat) in Category::ALL.iter().enumerate() {
        for t in &y.trend {
            if let Some(f) = t.by_category.get(i) {
                rows.push(line(
                    month_words(t.period),
                    cat.label(),
                    f,
                    t.schedule,
                    false,
                ));
            }
        }
    }
    let months = y.trend.len();
    let table =
        Table::of_period(c.period, "重大项目月度趋势", columns, rows, Paper::A4).in_unit(unit);
    let ws = wb.add_worksheet().set_name("月度趋势")?;
    let layout = write_table(ws, styles, &table)?;
    write_notes(ws, styles, &layout, y)?;
    let name = ws.name();
    let last = FIRST_DATA_ROW + u32::try_from(months.max(1) - 1).unwrap_or(0);
    let chart = rate_chart(&name, last);
    let notes = u32::try_from(y.notes().len()).unwrap_or(0);
    ws.insert_chart_with_offset(layout.last_row + 3 + notes, 0, &chart, 4, 0)?;
    Ok(())
}

/// 完成率 and 序时进度 of the 合计 rows, month by month.
fn rate_chart(sheet: &str, last: u32) -> Chart {
    let font = ChartFont::new().set_name(super::super::style::FONT).clone();
    let mut chart = Chart::new(ChartType::Line);
    for col in [RATE_COL, SCHEDULE_COL] {
        chart
            .add_series()
            .set_name((sheet, HEADER_ROW, col))
            .set_categories((sheet, FIRST_DATA_ROW, 0, last, 0))
            .set_values((sheet, FIRST_DATA_ROW, col, last, col))
            .set_marker(ChartMarker::new().set_automatic());
    }
    super::super::summary::finish_rate_chart(&mut chart, "投资完成率与序时进度（逐月）", &font);
    chart
}
