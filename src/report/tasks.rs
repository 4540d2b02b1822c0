//! 季度工作任务单: the quarter's tasks and project targets, grouped by 主责部门 — as a sheet of
//! 汇总 and as the workbook sent out (全部, then one sheet per department).

use super::detail::serial;
use super::split::{self, Sheets, write_split};
use super::style::{Emphasis, Kind, SheetNames, Styles, quarter_words};
use super::table::{Column, FIRST_DATA_ROW, Paper, Row, Table, Value, highlight_rows};
use crate::consolidate::{Consolidated, QuarterTask};
use crate::domain::column_letters;
use crate::report::sheets::{Section, SheetSink, make_sections};
use rust_xlsxwriter::Workbook;
use rust_xlsxwriter::XlsxError;
use std::collections::HashMap;
use std::fmt::Write;

/// Task lists longer than this make a large workbook (a city's month, not a district's).
const LARGE_WORKBOOK_TASKS: usize = 50_000;

/// `2022年第一季度工作任务单`
pub fn title(c: &Consolidated) -> String {
    format!(
        "{}年第{}季度工作任务单",
        c.period.year,
        quarter_words(c.period.quarter())
    )
}

/// Which sheet a task list is written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskSheet {
    /// Every department's tasks: 主责部门 is a column.
    All,
    /// One department's own sheet: its name is in the title, not repeated on every line.
    Department,
}

/// The columns of a task sheet.
fn task_columns(sheet: TaskSheet) -> Vec<Column> {
    let mut columns = vec![Column::new("序号", Kind::Serial, 6.0)];
    if sheet == TaskSheet::All {
        columns.push(Column::new("主责部门", Kind::Text, 16.0));
    }
    columns.extend([
        Column::new("重点工作事项", Kind::Text, 30.0),
        Column::new("具体任务目标", Kind::Text, 40.0),
        Column::new("配合部门", Kind::Text, 20.0),
        Column::new("相关协调推动组", Kind::Text, 16.0),
        Column::new("工作完成时限", Kind::Date, 14.0),
        Column::new("完成情况", Kind::Center, 12.0),
        Column::new("备注", Kind::Text, 30.0),
    ]);
    columns
}

/// Writes a task sheet named `name` (continued on `name(2)` … past a sheet's `max_rows`): the
/// tasks as given (already grouped by department), a heavier rule where a department starts,
/// overdue rows lit.
#[allow(clippy::too_many_arguments)]
pub fn write_tasks(
    wb: &mut dyn SheetSink,
    name: &str,
    styles: &Styles,
    c: &Consolidated,
    title: String,
    tasks: &[&QuarterTask],
    sheets: Sheets,
    sheet: TaskSheet,
) -> Result<(), XlsxError> {
    let columns = task_columns(sheet);
    let remarks_col = u32::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
    let make = |i: usize| task_row(tasks, i, sheet);
    let note = sheet_note(tasks);
    let table = Table {
        title,
        left_note: note,
        right_note: c.period.as_of_label(),
        columns,
        rows: Vec::new(),
        paper: Paper::A4,
        freeze_cols: 0,
        filter: true,
    };
    let remarks = format!("${}{}", column_letters(remarks_col), FIRST_DATA_ROW + 1);
    let rule = format!("=LEFT({remarks},2)=\"逾期\"");
    write_split(
        wb,
        name,
        styles,
        &table,
        tasks.len(),
        make,
        sheets,
        |ws, layout| highlight_rows(ws, layout, &rule),
    )
}

/// The task workbook's sheets, 全部 then each 主责部门, made on both cores.
pub fn add_task_sheets(
    wb: &mut Workbook,
    styles: &Styles,
    c: &Consolidated,
    max_rows: u32,
) -> Result<(), XlsxError> {
    let all: Vec<&QuarterTask> = c.quarter_tasks.iter().collect();
    // A large month's department sheets, short as each is, add up to as many rows as 全部:
    // they are written in constant memory too.
    let per_department = Sheets {
        max_rows,
        stream: all.len() > LARGE_WORKBOOK_TASKS,
    };
    let mut names = SheetNames::default();
    for k in 0..split::parts(all.len(), max_rows).len() {
        names.reserve(&split::sheet_name("全部", k));
    }
    let mut by_dept: HashMap<&str, Vec<&QuarterTask>> = HashMap::new();
    for t in &c.quarter_tasks {
        by_dept.entry(t.lead_dept.as_str()).or_default().push(t);
    }
    let departments: Vec<(String, &str, Vec<&QuarterTask>)> = c
        .task_departments()
        .into_iter()
        .map(|dept| {
            let tasks = by_dept.get(dept).cloned().unwrap_or_default();
            (names.name(dept), dept, tasks)
        })
        .collect();
    let mut sections: Vec<Section<'_>> = vec![Box::new(|wb| {
        write_tasks(
            wb,
            "全部",
            styles,
            c,
            title(c),
            &all,
            Sheets::of(max_rows),
            TaskSheet::All,
        )
    })];
    for (name, dept, tasks) in &departments {
        sections.push(Box::new(move |wb| {
            write_tasks(
                wb,
                name,
                styles,
                c,
                format!("{}（主责部门：{dept}）", title(c)),
                tasks,
                per_department,
                TaskSheet::Department,
            )
        }));
    }
    make_sections(wb, styles, &sections)
}

/// The sheet's line of the `i`-th task; a heavier rule where a department starts.
fn task_row<'a>(tasks: &[&'a QuarterTask], i: usize, sheet: TaskSheet) -> Row<'a> {
    let t = tasks[i];
    let new_group = i > 0 && tasks[i - 1].lead_dept != t.lead_dept;
    let deadline = match t.deadline {
        Some(d) => Value::Date(d),
        None => Value::text(t.deadline_text.as_str()),
    };
    let remarks: Vec<&str> = [t.overdue.then_some("逾期"), Some(t.remarks.as_str())]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    let mut values = vec![serial(i)];
    if sheet == TaskSheet::All {
        values.push(Value::text(t.lead_dept.as_str()));
    }
    values.extend([
        Value::text(t.item.as_str()),
        Value::text(t.target.as_str()),
        Value::text(t.support_depts.as_str()),
        Value::text(t.group.as_str()),
        deadline,
        Value::text(t.status.as_str()),
        Value::text(remarks.join("；")),
    ]);
    Row::with(
        values,
        if new_group {
            Emphasis::GroupStart
        } else {
            Emphasis::Normal
        },
    )
}

/// `共12项，其中逾期2项，持续推进3项`
fn sheet_note(tasks: &[&QuarterTask]) -> String {
    let overdue = tasks.iter().filter(|t| t.overdue).count();
    let ongoing = tasks.iter().filter(|t| t.ongoing).count();
    let mut note = format!("共{}项", tasks.len());
    if overdue > 0 {
        let _ = write!(note, "，其中逾期{overdue}项");
    }
    if ongoing > 0 {
        let _ = write!(note, "，持续推进{ongoing}项");
    }
    note
}
