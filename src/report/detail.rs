//! 项目明细 (every counted project, with its flags and where it came from) and 滞后项目 (the
//! lagging ones, with the reasons in words).

use super::split::{Sheets, write_split};
use super::style::{Emphasis, Kind, Styles};
use super::table::{Column, Paper, Row, Table, Value, highlight_rows};
use crate::consolidate::{Consolidated, Flag, Project};
use crate::domain::MoneyUnit;
use crate::domain::column_letters;
use crate::domain::{Carry, Money, Stage};
use crate::report::sheets::SheetSink;
use crate::year::YearView;
use rust_xlsxwriter::XlsxError;

/// 序号 of the n-th row (from 0).
pub fn serial(i: usize) -> Value<'static> {
    Value::count(i + 1)
}

/// The lag flags in words (`投资滞后（严重）、开工滞后`) and their reasons joined by `；`.
/// 存在卡点 is left out: it is a note, shown with the problem itself.
pub fn lag_words(p: &Project) -> (String, String) {
    let lags: Vec<(Flag, &String)> = p
        .flags
        .iter()
        .copied()
        .zip(&p.reasons)
        .filter(|(f, _)| f.is_lag())
        .collect();
    let kinds: Vec<String> = lags
        .iter()
        .map(|(f, _)| {
            if *f == Flag::Investment && p.severe {
                format!("{}（严重）", f.label())
            } else {
                f.label().to_owned()
            }
        })
        .collect();
    let reasons: Vec<&str> = lags.iter().map(|(_, r)| r.as_str()).collect();
    (kinds.join("、"), reasons.join("；"))
}

const DETAIL_FLAGS_COL: u16 = 22;

/// 项目明细 (and 项目明细(2) … past a sheet's `max_rows`): every counted project; lagging rows
/// lit by a conditional format on 滞后情况, so the highlight follows a row when the table is
/// sorted or filtered.
pub fn write_detail(
    wb: &mut dyn SheetSink,
    styles: &Styles,
    c: &Consolidated,
    y: Option<&YearView>,
    max_rows: u32,
) -> Result<(), XlsxError> {
    let unit = c.detail_unit;
    let mut columns = vec![
        Column::new("序号", Kind::Serial, 6.0),
        Column::new("项目编号", Kind::Text, 16.0),
        Column::new("项目名称", Kind::Text, 36.0),
        Column::new("项目类别", Kind::Center, 20.0),
        Column::new("项目类型", Kind::Center, 16.0),
        Column::new("项目性质", Kind::Center, 12.0),
        Column::new("结转/新增", Kind::Center, 12.0),
        Column::new("建设阶段", Kind::Center, 12.0),
        Column::new("主责单位", Kind::Text, 16.0),
        Column::new("建设单位", Kind::Text, 18.0),
        Column::new("总投资", Kind::Money, 12.0),
        Column::new("年度计划投资", Kind::Money, 12.0),
        Column::new("本年累计完成投资", Kind::Money, 12.0),
        Column::new("完成率", Kind::Rate, 9.0),
        Column::new("本月完成投资", Kind::Money, 12.0),
        Column::new("开工累计完成投资", Kind::Money, 12.0),
        Column::new("计划开工", Kind::Date, 12.0),
        Column::new("计划竣工", Kind::Date, 12.0),
        Column::new("实际开工", Kind::Date, 12.0),
        Column::new("形象进度", Kind::Text, 30.0),
        Column::new("存在问题", Kind::Text, 30.0),
        Column::new("下一步计划", Kind::Text, 30.0),
        Column::new("滞后情况", Kind::Text, 20.0),
        Column::new("报送单位", Kind::Text, 16.0),
        Column::new("来源", Kind::Text, 36.0),
    ];
    if y.is_some() {
        columns.push(Column::new("灯色", Kind::Center, 6.0));
    }
    let table = Table::of_period(c.period, "重大项目明细表", columns, Vec::new(), Paper::A3)
        .in_unit(unit)
        .frozen(3);
    let flags = format!(
        "${}{}",
        column_letters(DETAIL_FLAGS_COL.into()),
        super::table::FIRST_DATA_ROW + 1
    );
    let rule =
        format!("=OR(ISNUMBER(SEARCH(\"滞后\",{flags})),ISNUMBER(SEARCH(\"无进展\",{flags})))");
    write_split(
        wb,
        "项目明细",
        styles,
        &table,
        c.projects.len(),
        |i| {
            let mut row = detail_row(i, &c.projects[i], unit);
            if let Some(light) = y.and_then(|y| Some(y.label(y.projects.get(i)?.light))) {
                row.values.push(Value::text(light));
            }
            row
        },
        Sheets::of(max_rows),
        |ws, layout| highlight_rows(ws, layout, &rule),
    )
}

/// The 项目明细 line of the `i`-th project.
fn detail_row(i: usize, p: &Project, unit: MoneyUnit) -> Row<'_> {
    let m = |amount: Money| Value::Num(amount.in_unit(unit));
    let om = |amount: Option<Money>| amount.map_or(Value::Blank, m);
    let r = &p.row;
    let flags: Vec<&str> = p.flags.iter().map(|f| f.label()).collect();
    Row::new(vec![
        serial(i),
        Value::opt_text(r.code.as_ref()),
        Value::text(r.name.as_str()),
        Value::text(r.category.label()),
        Value::opt_text(r.kind.as_ref()),
        Value::text(r.formal.label()),
        Value::opt_text(r.carry.map(Carry::label)),
        Value::opt_text(r.stage.map(Stage::label)),
        Value::text(r.lead_unit.as_str()),
        Value::opt_text(r.builder.as_ref()),
        m(r.total_investment),
        m(r.annual_plan),
        m(r.ytd_completed),
        Value::opt_num(p.completion_rate),
        om(r.month_completed),
        om(r.cumulative_completed),
        Value::opt_date(r.planned_start),
        Value::opt_date(r.planned_finish),
        Value::opt_date(r.actual_start),
        Value::opt_text(r.progress.as_ref()),
        Value::opt_text(r.problems.as_ref()),
        Value::opt_text(r.next_steps.as_ref()),
        Value::text(flags.join("、")),
        Value::text(r.unit.as_str()),
        Value::text(r.source.label()),
    ])
}

/// 滞后项目 (and 滞后项目(2) … past a sheet's `max_rows`): the lagging projects; severe ones
/// in dark red with `（严重）` in 滞后类型.
pub fn write_lagging(
    wb: &mut dyn SheetSink,
    styles: &Styles,
    c: &Consolidated,
    max_rows: u32,
) -> Result<(), XlsxError> {
    let unit = c.detail_unit;
    let m = |amount: Money| Value::Num(amount.in_unit(unit));
    let columns = vec![
        Column::new("序号", Kind::Serial, 6.0),
        Column::new("项目编号", Kind::Text, 14.0),
        Column::new("项目名称", Kind::Text, 30.0),
        Column::new("主责单位", Kind::Text, 14.0),
        Column::new("项目类别", Kind::Center, 10.0),
        Column::new("滞后类型", Kind::Text, 14.0),
        Column::new("滞后原因", Kind::Text, 44.0),
        Column::new("年度计划投资", Kind::Money, 13.0),
        Column::new("本年累计完成", Kind::Money, 13.0),
        Column::new("完成率", Kind::Rate, 9.0),
        Column::new("存在问题", Kind::Text, 32.0),
        Column::new("形象进度", Kind::Text, 32.0),
    ];
    let lagging: Vec<&Project> = c.lagging().collect();
    let table = Table::of_period(c.period, "滞后项目清单", columns, Vec::new(), Paper::A3)
        .in_unit(unit)
        .frozen(3);
    let make = |i: usize| {
        let p = lagging[i];
        let (kinds, reasons) = lag_words(p);
        let values = vec![
            serial(i),
            Value::opt_text(p.row.code.as_ref()),
            Value::text(p.row.name.as_str()),
            Value::text(p.row.lead_unit.as_str()),
            Value::text(p.row.category.label()),
            Value::text(kinds),
            Value::text(reasons),
            m(p.row.annual_plan),
            m(p.row.ytd_completed),
            Value::opt_num(p.completion_rate),
            Value::opt_text(p.row.problems.as_ref()),
            Value::opt_text(p.row.progress.as_ref()),
        ];
        Row::with(
            values,
            if p.severe {
                Emphasis::Severe
            } else {
                Emphasis::Normal
            },
        )
    };
    write_split(
        wb,
        "滞后项目",
        styles,
        &table,
        lagging.len(),
        make,
        Sheets::of(max_rows),
        |_, _| Ok(()),
    )
}
