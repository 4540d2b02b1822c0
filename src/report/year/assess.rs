//! 成员单位考核: the units ranked, every component shown (left-out components as `—`).

use super::super::style::{Kind, Styles};
use super::super::table::{Column, Paper, Row, Table, Value, write_table};
use super::write_notes;
use crate::consolidate::Consolidated;
use crate::report::sheets::SheetSink;
use crate::year::{AssessComponent, YearView, tenths_text};

use rust_xlsxwriter::XlsxError;

pub(in crate::report) fn write_assessment(
    wb: &mut dyn SheetSink,
    styles: &Styles,
    c: &Consolidated,
    y: &YearView,
) -> Result<(), XlsxError> {
    let mut columns = vec![
        Column::new("排名", Kind::Serial, 6.0),
        Column::new("单位", Kind::Text, 20.0),
    ];
    for comp in AssessComponent::ALL {
        columns.push(Column::new(comp.label(), Kind::Center, 10.0));
    }
    columns.extend([
        Column::new("得分", Kind::Center, 8.0),
        Column::new("红灯项目", Kind::Int, 8.0),
        Column::new("黄灯项目", Kind::Int, 8.0),
        Column::new("本年报送月数", Kind::Center, 10.0),
    ]);
    let rows = y
        .assessment
        .iter()
        .map(|a| {
            let mut values = vec![Value::count(a.rank), Value::text(a.unit.as_str())];
            values.extend(a.components.iter().map(|v| {
                Value::text(v.map_or_else(|| "—".to_owned(), |v| tenths_text(v.tenths())))
            }));
            values.extend([
                Value::text(tenths_text(a.score_tenths)),
                Value::count(a.red),
                Value::count(a.yellow),
                Value::text(format!("{}/{}", a.months_submitted, a.months_run)),
            ]);
            Row::new(values)
        })
        .collect();
    let mut table = Table::of_period(c.period, "成员单位考核", columns, rows, Paper::A4);
    let w = &y.weights;
    table.left_note = format!(
        "权重：报送{}、数据质量{}、任务{}、投资{}（缺项按其余各项折算）",
        w.submission, w.quality, w.tasks, w.investment
    );
    let ws = wb.add_worksheet().set_name("成员单位考核")?;
    let layout = write_table(ws, styles, &table)?;
    write_notes(ws, styles, &layout, y)
}
