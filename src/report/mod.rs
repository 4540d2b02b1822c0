//! The workbooks the office sends out (`rust_xlsxwriter`), rendered to bytes; `output` writes them
//! atomically. One file per sheet family: `summary` (汇总, 分单位), `progress` (推进情况表, for
//! printing), `detail` (项目明细, 滞后项目),
//! `tasks` (季度工作任务单), `status` (报送情况, 校验问题), `feedback` (反馈/<单位>), `bulletin`
//! (情况通报). `table` gives every sheet the same printable shape, `style` its formats and widths.
//!
//! User text is always written as text (a name beginning with `=` stays a name), and every
//! workbook's creation time is the period's end, so a rerun writes identical files.

mod bulletin;
mod detail;
pub mod docx;
mod feedback;
mod instruction;
mod progress;
mod sheets;
mod split;
mod status;
mod style;
mod summary;
mod table;
mod tasks;
mod year;

#[cfg(test)]
mod tests;

pub use bulletin::bulletin;
pub use rust_xlsxwriter::XlsxError;
pub use split::EXCEL_ROWS;
pub(crate) use style::{text_width, width_for, wrapped_lines};
pub(crate) use table::row_height;

use crate::consolidate::Consolidated;
use crate::domain::MoneyUnit;
use crate::inbox::Inbox;
use crate::year::YearView;
use rust_xlsxwriter::{DocProperties, Workbook};
use std::io::Write;
use style::Styles;

/// A workbook whose metadata depends only on the period: reruns give the same bytes.
fn new_workbook(c: &Consolidated, title: &str) -> Workbook {
    let mut wb = Workbook::new();
    let properties = DocProperties::new()
        .set_title(title)
        .set_author("taizhang")
        .set_creation_datetime(&c.period.end());
    wb.set_properties(&properties);
    wb.set_zip_compression_level(3);
    wb
}

/// `重大项目汇总_P.xlsx`: 汇总, 分单位, 推进情况表, 项目明细, 滞后项目, 季度任务单, 报送情况,
/// 校验问题. `unit` is the unit of 汇总 and 分单位; the sheets that list projects one by one are
/// in `c.detail_unit`.
///
/// # Errors
/// Only if `rust_xlsxwriter` rejects what it is given (it should not: names and sizes are checked).
pub fn summary_workbook(
    c: &Consolidated,
    inbox: &Inbox,
    unit: MoneyUnit,
) -> Result<Vec<u8>, XlsxError> {
    summary_workbook_in(c, inbox, None, unit, EXCEL_ROWS)?.save_to_buffer()
}

/// [`summary_workbook`] with the year's sheets (红黄绿灯, 问题清单, 月度趋势, 成员单位考核) and
/// the light on 项目明细.
///
/// # Errors
/// Only if `rust_xlsxwriter` rejects what it is given.
pub fn summary_workbook_with_year(
    c: &Consolidated,
    inbox: &Inbox,
    y: &YearView,
    unit: MoneyUnit,
) -> Result<Vec<u8>, XlsxError> {
    summary_workbook_in(c, inbox, Some(y), unit, EXCEL_ROWS)?.save_to_buffer()
}

/// [`summary_workbook`] written to `w` as it is saved, never whole in memory.
///
/// # Errors
/// Only if `rust_xlsxwriter` rejects what it is given, or `w` fails.
pub fn write_summary_workbook(
    c: &Consolidated,
    inbox: &Inbox,
    y: Option<&YearView>,
    unit: MoneyUnit,
    w: &mut (dyn Write + Send),
) -> Result<(), XlsxError> {
    summary_workbook_unsaved(c, inbox, y, unit)?.save_to_writer(w)
}

/// [`summary_workbook`], its sheets made but not yet saved: saving takes one core, which the
/// caller may spend beside other work.
///
/// # Errors
/// Only if `rust_xlsxwriter` rejects what it is given.
pub fn summary_workbook_unsaved(
    c: &Consolidated,
    inbox: &Inbox,
    y: Option<&YearView>,
    unit: MoneyUnit,
) -> Result<Workbook, XlsxError> {
    summary_workbook_in(c, inbox, y, unit, EXCEL_ROWS)
}

/// The summary workbook, unsaved, with sheets of `max_rows` rows: a table longer than that
/// goes on over further sheets (`项目明细(2)` …), and 汇总 says so.
pub(crate) fn summary_workbook_in(
    c: &Consolidated,
    inbox: &Inbox,
    y: Option<&YearView>,
    unit: MoneyUnit,
    max_rows: u32,
) -> Result<Workbook, XlsxError> {
    let mut wb = new_workbook(
        c,
        &format!(
            "{}年{}月重大项目推进情况汇总",
            c.period.year, c.period.month
        ),
    );
    let styles = Styles::new();
    let notes = split_notes_in(c, inbox, max_rows);
    let all: Vec<_> = c.quarter_tasks.iter().collect();
    let s = &styles;
    let mut sections: Vec<sheets::Section<'_>> = vec![
        Box::new(|wb| {
            let ws = wb.add_worksheet().set_name("汇总")?;
            summary::write_summary(ws, s, c, unit, &notes)
        }),
        Box::new(|wb| summary::write_by_unit(wb.add_worksheet().set_name("分单位")?, s, c, unit)),
        Box::new(|wb| progress::write_progress(wb, s, c, y, max_rows)),
        Box::new(|wb| detail::write_detail(wb, s, c, y, max_rows)),
        Box::new(|wb| detail::write_lagging(wb, s, c, max_rows)),
    ];
    if let Some(y) = y {
        sections.extend([
            Box::new(move |wb: &mut dyn sheets::SheetSink| {
                year::write_lights(wb, s, c, y, max_rows)
            }) as sheets::Section<'_>,
            Box::new(move |wb| year::write_problems(wb, s, c, y, max_rows)),
            Box::new(move |wb| year::trend::write_trend(wb, s, c, y, unit)),
            Box::new(move |wb| year::assess::write_assessment(wb, s, c, y)),
        ]);
    }
    sections.extend([
        Box::new(|wb: &mut dyn sheets::SheetSink| {
            tasks::write_tasks(
                wb,
                "季度任务单",
                s,
                c,
                tasks::title(c),
                &all,
                split::Sheets::of(max_rows),
                tasks::TaskSheet::All,
            )
        }) as sheets::Section<'_>,
        Box::new(|wb| {
            status::write_submissions(wb.add_worksheet().set_name("报送情况")?, s, c, inbox)
        }),
        Box::new(|wb| status::write_issues(wb, s, c, inbox, max_rows)),
    ]);
    sheets::make_sections(&mut wb, s, &sections)?;
    Ok(wb)
}

/// What 汇总 notes about tables that take more than one sheet (none in a month of a district).
#[must_use]
pub fn split_notes(c: &Consolidated, inbox: &Inbox) -> Vec<String> {
    split_notes_in(c, inbox, EXCEL_ROWS)
}

fn split_notes_in(c: &Consolidated, inbox: &Inbox, max_rows: u32) -> Vec<String> {
    [
        ("项目明细", c.projects.len()),
        ("滞后项目", c.lagging().count()),
        ("季度任务单", c.quarter_tasks.len()),
        ("校验问题", inbox.issues.len()),
    ]
    .into_iter()
    .filter_map(|(name, n)| split::note(name, n, max_rows))
    .collect()
}

/// `季度工作任务单_YYYYQn.xlsx`: 全部, then one sheet per 主责部门, ready to send out.
///
/// # Errors
/// Only if `rust_xlsxwriter` rejects what it is given.
pub fn task_workbook(c: &Consolidated) -> Result<Vec<u8>, XlsxError> {
    task_workbook_in(c)?.save_to_buffer()
}

/// [`task_workbook`] written to `w` as it is saved.
///
/// # Errors
/// Only if `rust_xlsxwriter` rejects what it is given, or `w` fails.
pub fn write_task_workbook(c: &Consolidated, w: &mut (dyn Write + Send)) -> Result<(), XlsxError> {
    task_workbook_in(c)?.save_to_writer(w)
}

fn task_workbook_in(c: &Consolidated) -> Result<Workbook, XlsxError> {
    let mut wb = new_workbook(c, &tasks::title(c));
    tasks::add_task_sheets(&mut wb, &Styles::new(), c, EXCEL_ROWS)?;
    Ok(wb)
}

/// 反馈/<单位>.xlsx for each unit with issues (other than notes) or lagging projects, as
/// (unit, bytes), sorted by unit. Amounts are in `c.detail_unit` (`_unit`, the summary's unit,
/// is kept for the callers).
///
/// # Errors
/// Only if `rust_xlsxwriter` rejects what it is given.
pub fn feedback_workbooks(
    c: &Consolidated,
    inbox: &Inbox,
    _unit: MoneyUnit,
) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
    feedback::workbooks(c, inbox)
}
