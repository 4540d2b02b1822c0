//! 推进情况表: the table the office prints for the leadership, as its clerks make it by hand. A
//! 合计 row on top, then each category in the office's order under a heading row
//! (`一、市属重大工程（11个）`), its projects numbered from 1, and its 小计; money in the detail
//! unit. Totals are formulas with their cached results.
//!
//! The columns are [`ProgressColumn`]s listed in [`COLUMNS`]: a new column (the 红黄绿灯 light
//! of LEDGER-SPEC 6A) is a new variant with its header, kind and value, added to that list.

mod columns;

use super::style::{Emphasis, Kind, Styles};
use super::table::{
    Column, FIRST_DATA_ROW, Layout, MadeRows, Paper, Row, Table, Value, highlight_rows, merged,
    write_rows,
};
use crate::consolidate::Consolidated;
use crate::domain::{Category, Money, MoneyUnit, Vocabulary, column_letters};
use crate::report::sheets::SheetSink;
use crate::year::YearView;
pub use columns::{COLUMNS, ProgressColumn};
use rust_xlsxwriter::{RowNum, XlsxError};

/// A line of the sheet.
#[derive(Debug, Clone, Copy)]
enum Line {
    Total,
    Heading(usize),
    Project { index: usize, serial: usize },
    Subtotal(usize),
}

/// A category's projects and sums, in the detail unit.
struct Group {
    category: Category,
    projects: Vec<usize>,
    sums: Vec<Money>,
    lagging: usize,
}

/// The money columns' positions.
fn money_cols() -> Vec<usize> {
    COLUMNS
        .iter()
        .enumerate()
        .filter(|(_, c)| c.column().kind == Kind::Money)
        .map(|(i, _)| i)
        .collect()
}

fn col_of(which: ProgressColumn) -> Option<usize> {
    COLUMNS.iter().position(|c| *c == which)
}

/// `一` … for the n-th group (from 0).
fn numeral(i: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        .get(i)
        .copied()
        .unwrap_or("十")
}

/// The groups in the office's order, each with its projects in the month's order.
fn groups(c: &Consolidated) -> Vec<Group> {
    let money = money_cols();
    let mut groups: Vec<Group> = Category::ALL
        .iter()
        .map(|&category| Group {
            category,
            projects: Vec::new(),
            sums: vec![Money::ZERO; money.len()],
            lagging: 0,
        })
        .collect();
    for (i, p) in c.projects.iter().enumerate() {
        let Some(g) = groups.iter_mut().find(|g| g.category == p.row.category) else {
            continue;
        };
        g.projects.push(i);
        for (sum, &col) in g.sums.iter_mut().zip(&money) {
            *sum += COLUMNS[col].amount(p).unwrap_or_default();
        }
        g.lagging += usize::from(p.is_lagging());
    }
    groups
}

/// The sheet's lines: 合计, then per group its heading, projects and 小计. With `list`
/// false (a month too large for one sheet) the projects are left out.
fn lines(groups: &[Group], list: bool) -> Vec<Line> {
    let mut lines = vec![Line::Total];
    for (g, group) in groups.iter().enumerate() {
        lines.push(Line::Heading(g));
        if list {
            lines.extend(
                group
                    .projects
                    .iter()
                    .enumerate()
                    .map(|(k, &index)| Line::Project {
                        index,
                        serial: k + 1,
                    }),
            );
        }
        lines.push(Line::Subtotal(g));
    }
    lines
}

/// 推进情况表.
///
/// # Errors
/// Only if `rust_xlsxwriter` rejects what it is given.
pub fn write_progress(
    wb: &mut dyn SheetSink,
    styles: &Styles,
    c: &Consolidated,
    year: Option<&YearView>,
    max_rows: u32,
) -> Result<(), XlsxError> {
    let unit = c.detail_unit;
    let groups = groups(c);
    let room = usize::try_from(max_rows.saturating_sub(FIRST_DATA_ROW)).unwrap_or(usize::MAX);
    let list = c.projects.len() + 1 + 2 * groups.len() <= room;
    let lines = lines(&groups, list);
    let rows_of: Vec<RowNum> = (FIRST_DATA_ROW..).take(lines.len()).collect();
    let subtotal_rows: Vec<RowNum> = lines
        .iter()
        .zip(&rows_of)
        .filter(|(l, _)| matches!(l, Line::Subtotal(_)))
        .map(|(_, r)| *r)
        .collect();
    let stream = lines.len() > 5_000;
    let ws = if stream {
        wb.add_worksheet_with_constant_memory()?
    } else {
        wb.add_worksheet()
    };
    ws.set_name("推进情况表")?;
    let mut columns: Vec<Column> = COLUMNS.iter().map(|col| col.column()).collect();
    if year.is_some() {
        columns.push(Column::new("灯色", Kind::Center, 6.0));
    }
    let mut table = Table::of_period(
        c.period,
        "重大项目推进情况表",
        columns,
        Vec::new(),
        Paper::A3,
    )
    .in_unit(unit)
    .frozen(2);
    table.filter = false;
    if !list {
        table.left_note = format!(
            "单位：{}；项目共{}个，一张表列不下，本表只列各类别小计，逐项目见“项目明细”",
            unit.label(),
            c.projects.len()
        );
    }
    let ctx = Lines {
        c,
        groups: &groups,
        order: &lines,
        subtotal_rows: &subtotal_rows,
        unit,
        year,
    };
    let made = MadeRows {
        range: 0..lines.len(),
        make: |i| ctx.row(i),
    };
    // A streamed sheet's rows take the height most of them need from the sheet's default:
    // the writer would otherwise hold every row's own height until the workbook is saved.
    let layout = write_rows(ws, styles, &table, &made, stream)?;
    if !stream {
        merge_headings(ws, styles, &ctx, &layout)?;
    }
    if let (Some(serial), Some(lag)) = (col_of(ProgressColumn::Serial), col_of(ProgressColumn::Lag))
    {
        let (s, l, r) = (
            column_letters(u32::try_from(serial).unwrap_or(0)),
            column_letters(u32::try_from(lag).unwrap_or(0)),
            FIRST_DATA_ROW + 1,
        );
        highlight_rows(ws, &layout, &format!("=AND(${s}{r}<>\"\",${l}{r}<>\"\")"))?;
    }
    Ok(())
}

/// What each line's row is made from.
struct Lines<'a> {
    c: &'a Consolidated,
    groups: &'a [Group],
    order: &'a [Line],
    subtotal_rows: &'a [RowNum],
    unit: MoneyUnit,
    /// The year's view, for each project's light (the last column) once section 6A is built.
    year: Option<&'a YearView>,
}

impl<'a> Lines<'a> {
    fn row(&self, i: usize) -> Row<'a> {
        let row = FIRST_DATA_ROW + RowNum::try_from(i).unwrap_or(0);
        match self.order[i] {
            Line::Project { index, serial } => {
                let p = &self.c.projects[index];
                let mut values: Vec<Value<'a>> = COLUMNS
                    .iter()
                    .map(|col| col.value(p, serial, self.unit))
                    .collect();
                if let Some(y) = self.year {
                    let light = y.projects.get(index).map(|lit| y.label(lit.light));
                    values.push(light.map_or(Value::Blank, Value::text));
                }
                Row::with(
                    values,
                    if p.severe {
                        Emphasis::Severe
                    } else {
                        Emphasis::Normal
                    },
                )
            }
            Line::Heading(g) => {
                let mut values = vec![Value::Blank; COLUMNS.len()];
                if let Some(name) = col_of(ProgressColumn::Name) {
                    values[name] = Value::text(self.heading(g));
                }
                Row::new(values)
            }
            Line::Subtotal(g) => {
                let group = &self.groups[g];
                let first = row - RowNum::try_from(group.projects.len()).unwrap_or(0);
                let range = (!group.projects.is_empty()).then(|| (first + 1, row));
                let label = format!("小计（{}个）", group.projects.len());
                let lagging = group.lagging;
                self.totals_row(row, label, &group.sums, lagging, |letters| {
                    range.map(|(a, b)| format!("=SUM({letters}{a}:{letters}{b})"))
                })
            }
            Line::Total => {
                let money = money_cols();
                let sums: Vec<Money> = (0..money.len())
                    .map(|k| self.groups.iter().map(|g| g.sums[k]).sum())
                    .collect();
                let lagging = self.groups.iter().map(|g| g.lagging).sum();
                let label = format!("合计（{}个）", self.c.projects.len());
                let subtotals = self.subtotal_rows;
                self.totals_row(row, label, &sums, lagging, |letters| {
                    let cells: Vec<String> = subtotals
                        .iter()
                        .map(|r| format!("{letters}{}", r + 1))
                        .collect();
                    (!cells.is_empty()).then(|| format!("={}", cells.join("+")))
                })
            }
        }
    }

    /// `一、市属重大工程（11个）`
    fn heading(&self, g: usize) -> String {
        let group = &self.groups[g];
        format!(
            "{}、{}（{}个）",
            numeral(g),
            group.category.label(),
            group.projects.len()
        )
    }

    /// A 小计 or 合计 row at sheet row `row`: the money columns by `formula(letters)` (or the
    /// plain sum when there is nothing to sum), cached with `sums`; the rate as a formula.
    fn totals_row(
        &self,
        row: RowNum,
        label: String,
        sums: &[Money],
        lagging: usize,
        formula: impl Fn(&str) -> Option<String>,
    ) -> Row<'a> {
        let mut values = vec![Value::Blank; COLUMNS.len()];
        if let Some(name) = col_of(ProgressColumn::Name) {
            values[name] = Value::text(label);
        }
        for (&col, sum) in money_cols().iter().zip(sums) {
            let letters = column_letters(u32::try_from(col).unwrap_or(0));
            let cached = sum.in_unit(self.unit);
            values[col] = match formula(&letters) {
                Some(f) => Value::Formula(f, Some(cached)),
                None => Value::Num(cached),
            };
        }
        if let (Some(rate), Some(plan), Some(ytd)) = (
            col_of(ProgressColumn::Rate),
            col_of(ProgressColumn::AnnualPlan),
            col_of(ProgressColumn::YtdCompleted),
        ) {
            let money = money_cols();
            let at = |c: usize| money.iter().position(|m| *m == c).map(|k| sums[k]);
            let (p, y) = (at(plan).unwrap_or_default(), at(ytd).unwrap_or_default());
            #[allow(clippy::cast_precision_loss)]
            let cached = (p > Money::ZERO).then(|| y.fen() as f64 / p.fen() as f64);
            let (pl, yl, r) = (
                column_letters(u32::try_from(plan).unwrap_or(0)),
                column_letters(u32::try_from(ytd).unwrap_or(0)),
                row + 1,
            );
            values[rate] = Value::Formula(format!("=IF({pl}{r}>0,{yl}{r}/{pl}{r},\"\")"), cached);
        }
        if let Some(lag) = col_of(ProgressColumn::Lag)
            && lagging > 0
        {
            values[lag] = Value::text(format!("滞后{lagging}个"));
        }
        Row::with(values, Emphasis::Total)
    }
}

/// Each heading row merged across the table, so that it reads as one line on paper.
fn merge_headings(
    ws: &mut rust_xlsxwriter::Worksheet,
    styles: &Styles,
    ctx: &Lines<'_>,
    layout: &Layout,
) -> Result<(), XlsxError> {
    for (i, line) in ctx.order.iter().enumerate() {
        if let Line::Heading(g) = line {
            let row = FIRST_DATA_ROW + RowNum::try_from(i).unwrap_or(0);
            merged(
                ws,
                row,
                0,
                layout.last_col(),
                &ctx.heading(*g),
                &styles.group_heading,
            )?;
        }
    }
    Ok(())
}
