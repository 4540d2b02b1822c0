//! 报送情况 (who sent what, with the row counts of every file) and 校验问题 (every issue).

use super::detail::serial;
use super::split::{Sheets, write_split};
use super::style::{Emphasis, Kind, Styles, wrapped_lines};
use super::table::{
    Column, FIRST_DATA_ROW, Paper, Row, Table, Value, highlight_rows, merged, row_height,
    write_table,
};
use crate::consolidate::{Consolidated, Submission, UnitStatus, has_roster};
use crate::inbox::Inbox;
use crate::issue::{Severity, column_letters};
use crate::normalize::{FileStatus, Ledger};
use crate::report::sheets::SheetSink;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Columns of the counts that the 合计 row sums.
const COUNT_COLS: std::ops::RangeInclusive<u16> = 5..=10;

fn file_row<'a>(
    severities: &HashMap<&str, [usize; 3]>,
    unit: &'a str,
    submitted: &'a str,
    l: &'a Ledger,
) -> Vec<Value<'a>> {
    let count = |s: Severity| {
        Value::count(
            severities
                .get(l.file.as_str())
                .map_or(0, |counts| counts[s as usize]),
        )
    };
    let read = l.status == FileStatus::Read;
    let n = |v: usize| if read { Value::count(v) } else { Value::Blank };
    vec![
        Value::text(unit),
        Value::text(submitted),
        Value::text(l.file.as_str()),
        Value::text(l.status.label()),
        l.modified.map_or(Value::Blank, Value::DateTime),
        n(l.counts.rows_read),
        n(l.counts.accepted),
        n(l.counts.rejected),
        n(l.counts.skipped),
        count(Severity::Error),
        count(Severity::Warning),
        Value::opt_text(l.reason.as_ref()),
    ]
}

/// Each file's ledger (the first, should a name come twice).
fn ledgers_by_file(inbox: &Inbox) -> HashMap<&str, &Ledger> {
    let mut ledgers: HashMap<&str, &Ledger> = HashMap::new();
    for l in &inbox.ledgers {
        ledgers.entry(l.file.as_str()).or_insert(l);
    }
    ledgers
}

/// 报送情况: a row per unit and file (a unit with no file: one row, 未报送), then the files that
/// were skipped, then the 合计.
pub fn write_submissions(
    ws: &mut Worksheet,
    styles: &Styles,
    c: &Consolidated,
    inbox: &Inbox,
) -> Result<(), XlsxError> {
    let columns = vec![
        Column::new("单位", Kind::Text, 20.0),
        Column::new("是否报送", Kind::Center, 22.0),
        Column::new("文件", Kind::Text, 36.0),
        Column::new("文件状态", Kind::Center, 12.0),
        Column::new("修改时间", Kind::DateTime, 18.0),
        Column::new("读取行数", Kind::Int, 8.0),
        Column::new("采用", Kind::Int, 8.0),
        Column::new("退回", Kind::Int, 8.0),
        Column::new("跳过", Kind::Int, 8.0),
        Column::new("错误", Kind::Int, 8.0),
        Column::new("警告", Kind::Int, 8.0),
        Column::new("说明", Kind::Text, 40.0),
    ];
    let mut rows = submission_rows(c, inbox);
    let total = total_row(c, &rows);
    rows.push(Row::with(total, Emphasis::Total));
    let table = Table::of_period(c.period, "台帐报送情况", columns, rows, Paper::A4)
        .noted(submission_summary(&c.units))
        .frozen(1);
    let layout = write_table(ws, styles, &table)?;
    highlight_rows(
        ws,
        &layout,
        &format!(
            "=OR($B{r}=\"{}\",$B{r}=\"{}\")",
            Submission::Missing.label(),
            Submission::Unreadable.label(),
            r = FIRST_DATA_ROW + 1
        ),
    )?;
    if let Some(note) = skipped_note(inbox) {
        let row = layout.last_row + 2;
        ws.write_string_with_format(row, 0, "注：", &styles.label)?;
        merged(ws, row, 1, layout.last_col(), &note, &styles.paragraph)?;
        let width: f64 = layout.widths.iter().skip(1).sum();
        ws.set_row_height(row, row_height(wrapped_lines(&note, width * 0.95)))?;
    }
    Ok(())
}

/// 校验问题 (and 校验问题(2) … past a sheet's `max_rows`): every issue, in the inbox's order;
/// errors lit.
pub fn write_issues(
    wb: &mut dyn SheetSink,
    styles: &Styles,
    c: &Consolidated,
    inbox: &Inbox,
    max_rows: u32,
) -> Result<(), XlsxError> {
    let columns = vec![
        Column::new("序号", Kind::Serial, 6.0),
        Column::new("严重程度", Kind::Center, 12.0),
        Column::new("问题代码", Kind::Text, 20.0),
        Column::new("单位", Kind::Text, 16.0),
        Column::new("文件", Kind::Text, 30.0),
        Column::new("工作表", Kind::Text, 14.0),
        Column::new("单元格", Kind::Center, 10.0),
        Column::new("原值", Kind::Text, 20.0),
        Column::new("说明", Kind::Text, 50.0),
    ];
    let table = Table::of_period(c.period, "台帐校验问题", columns, Vec::new(), Paper::A4);
    let make = |i: usize| {
        let issue = &inbox.issues[i];
        Row::new(vec![
            serial(i),
            Value::text(issue.severity.label()),
            Value::text(issue.code.as_str()),
            Value::text(issue.unit.as_str()),
            Value::text(issue.file.as_str()),
            Value::text(issue.sheet.as_str()),
            Value::text(issue.cell.as_str()),
            Value::text(issue.value.as_str()),
            Value::text(issue.message.as_str()),
        ])
    };
    let rule = format!("=$B{}=\"错误\"", FIRST_DATA_ROW + 1);
    write_split(
        wb,
        "校验问题",
        styles,
        &table,
        inbox.issues.len(),
        make,
        Sheets::of(max_rows),
        |ws, layout| highlight_rows(ws, layout, &rule),
    )
}

/// A row per unit and file (a unit with no file: one row, 未报送); a file that could not be
/// read is `无法读取（未计入）`, never a submission. Skipped files are not submissions: they are
/// named under the table.
fn submission_rows<'a>(c: &'a Consolidated, inbox: &'a Inbox) -> Vec<Row<'a>> {
    let roster = has_roster(&c.units);
    let severities = inbox.severities_by_file();
    let ledgers = ledgers_by_file(inbox);
    let mut rows = Vec::new();
    for u in &c.units {
        let files: Vec<&Ledger> = u
            .files
            .iter()
            .chain(&u.unreadable)
            .filter_map(|f| ledgers.get(f.as_str()).copied())
            .collect();
        if files.is_empty() {
            let mut v = vec![
                Value::text(u.unit.as_str()),
                Value::text(Submission::Missing.label()),
            ];
            v.resize(11, Value::Blank);
            v.push(Value::text("未收到本月台帐"));
            rows.push(Row::new(v));
        }
        for l in files {
            let state = if l.status == FileStatus::Read {
                Submission::Submitted
            } else {
                Submission::Unreadable
            };
            let mut v = file_row(&severities, &u.unit, state.label(), l);
            if roster && !u.in_roster && l.reason.is_none() {
                v[11] = Value::text("不在成员单位名册中");
            }
            rows.push(Row::new(v));
        }
    }
    rows
}

/// The files that were not read because they are not ledgers (lock files, notes, folders
/// nested too deep), with why; hidden files (the run's own lock among them) are left out.
fn skipped_note(inbox: &Inbox) -> Option<String> {
    let skipped: Vec<String> = inbox
        .ledgers
        .iter()
        .filter(|l| l.status == FileStatus::Skipped)
        .filter(|l| !l.file.rsplit('/').next().unwrap_or("").starts_with('.'))
        .map(|l| match &l.reason {
            Some(reason) => format!("{}（{reason}）", l.file),
            None => l.file.clone(),
        })
        .collect();
    (!skipped.is_empty()).then(|| {
        format!(
            "以下{}个文件不是台帐，未读取，不计为报送：{}",
            skipped.len(),
            skipped.join("；")
        )
    })
}

/// The 合计 line's count: `已报12家，未报2家，无法读取1家`; with no roster, `收到12家`.
fn submission_count(units: &[UnitStatus]) -> String {
    let count = |which: Submission| units.iter().filter(|u| u.submission() == which).count();
    let mut s = if has_roster(units) {
        format!(
            "已报{}家，未报{}家",
            count(Submission::Submitted),
            count(Submission::Missing)
        )
    } else {
        format!("收到{}家", count(Submission::Submitted))
    };
    let unreadable = count(Submission::Unreadable);
    if unreadable > 0 {
        let _ = write!(s, "，无法读取{unreadable}家");
    }
    s
}

/// `已报送12家，未报送2家，无法读取1家`; with no roster, how many units' ledgers came in.
fn submission_summary(units: &[UnitStatus]) -> String {
    let count = |which: Submission| units.iter().filter(|u| u.submission() == which).count();
    let (submitted, unreadable) = (count(Submission::Submitted), count(Submission::Unreadable));
    let mut s = if has_roster(units) {
        format!(
            "已报送{submitted}家，未报送{}家",
            count(Submission::Missing)
        )
    } else {
        format!("收到{submitted}家单位的台帐（未设成员单位名册，无法判断是否有单位未报送）")
    };
    if unreadable > 0 {
        let _ = write!(s, "，无法读取{unreadable}家");
    }
    s
}

/// The 合计 row: the units that sent a file, and the sums of the count columns as formulas.
fn total_row<'a>(c: &Consolidated, rows: &[Row<'_>]) -> Vec<Value<'a>> {
    let last = FIRST_DATA_ROW + u32::try_from(rows.len()).unwrap_or(0);
    let mut total = vec![Value::text("合计"), Value::text(submission_count(&c.units))];
    total.resize(12, Value::Blank);
    for col in COUNT_COLS {
        let i = usize::from(col);
        #[allow(clippy::cast_precision_loss)]
        let sum: f64 = rows
            .iter()
            .map(|r| match r.values.get(i) {
                Some(Value::Int(n)) => *n as f64,
                _ => 0.0,
            })
            .sum();
        let letters = column_letters(col.into());
        total[i] = if rows.is_empty() {
            Value::Int(0)
        } else {
            Value::Formula(
                format!("=SUM({letters}{}:{letters}{last})", FIRST_DATA_ROW + 1),
                Some(sum),
            )
        };
    }
    total
}
