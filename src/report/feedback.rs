//! 反馈/<单位>.xlsx: what each unit must correct, cell by cell (errors first), the rows that
//! were not counted and why, and its lagging projects with the reasons.

use super::detail::{lag_words, serial};
use super::instruction::instruction;
use super::style::{Emphasis, Kind, Styles};
use super::table::{Column, FIRST_DATA_ROW, Paper, Row, Table, Value, highlight_rows, write_table};
use crate::consolidate::{Consolidated, Project};
use crate::domain::Money;
use crate::domain::a1;
use crate::inbox::Inbox;
use crate::issue::{Issue, IssueCode, Severity};
use crate::normalize::RejectedRow;
use rayon::prelude::*;
use rust_xlsxwriter::{Workbook, XlsxError};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The problem in a few words, for a clerk.
fn problem(code: IssueCode) -> &'static str {
    match code {
        IssueCode::FileUnreadable => "文件无法读取",
        IssueCode::FileSkipped => "文件未读取",
        IssueCode::NoLedgerSheet => "找不到台帐表头",
        IssueCode::SheetTooLarge => "工作表过大",
        IssueCode::MissingColumn => "缺少必填列",
        IssueCode::UnknownColumn => "无法识别的列",
        IssueCode::DuplicateColumn => "重复的列",
        IssueCode::BlankRequired => "必填项为空",
        IssueCode::BadNumber => "金额无法识别",
        IssueCode::NegativeAmount => "金额为负数",
        IssueCode::ErrorCell => "单元格错误值",
        IssueCode::BadDate => "日期无法识别",
        IssueCode::BadEnum => "填写值不规范",
        IssueCode::PlanExceedsTotal => "年度计划大于总投资",
        IssueCode::YtdExceedsTotal => "累计完成大于总投资",
        IssueCode::DateOrder => "竣工早于开工",
        IssueCode::SubtotalMismatch => "合计数不符",
        IssueCode::DuplicateProject => "项目重复填报",
        IssueCode::YtdDecreased => "累计完成比上月减少",
        IssueCode::MonthMismatch => "本月完成与累计不符",
        IssueCode::PeriodMismatch => "报表期间不符",
        IssueCode::UnitUnknown => "单位不在名单中",
        IssueCode::UnitMissing => "未报送",
        IssueCode::EstimatedAmount => "金额为估算数",
        IssueCode::UnitSuspect => "金额单位存疑",
        IssueCode::MergedAmount => "合并单元格金额",
        IssueCode::SectionMismatch => "分类标题数不符",
        IssueCode::NoHistory => "无上期数据",
        IssueCode::HistoryUnreadable => "历史数据无法读取",
        IssueCode::Resubmitted => "重复报送",
    }
}

/// The problem column: the problem in a few words; for a whole file, why it could not be read.
fn problem_text(issue: &Issue) -> Value<'_> {
    if issue.cell.is_empty() && issue.code == IssueCode::FileUnreadable && !issue.message.is_empty()
    {
        Value::text(format!("{}：{}", problem(issue.code), issue.message))
    } else {
        Value::text(problem(issue.code))
    }
}

/// What one unit is sent back.
struct Feedback<'a> {
    unit: &'a str,
    issues: Vec<&'a Issue>,
    rejected: Vec<&'a RejectedRow>,
    lagging: Vec<&'a Project>,
}

/// Every unit with something to correct or a lagging project, by name; each unit's issues
/// (errors first, then in reading order), rejected rows and lagging projects in their order.
/// One pass over each list, whatever the number of units.
fn collect<'a>(c: &'a Consolidated, inbox: &'a Inbox) -> Vec<Feedback<'a>> {
    let mut units: BTreeMap<&'a str, Feedback<'a>> = BTreeMap::new();
    for i in inbox
        .issues
        .iter()
        .filter(|i| i.severity != Severity::Info && !i.unit.is_empty())
    {
        entry(&mut units, i.unit.as_str()).issues.push(i);
    }
    for r in inbox.ledgers.iter().flat_map(|l| &l.rejected) {
        if !r.unit.is_empty() {
            entry(&mut units, r.unit.as_str()).rejected.push(r);
        }
    }
    for p in c.lagging() {
        entry(&mut units, p.row.unit.as_str()).lagging.push(p);
        if p.row.lead_unit != p.row.unit {
            entry(&mut units, p.row.lead_unit.as_str()).lagging.push(p);
        }
    }
    units
        .into_values()
        .filter(|f| !f.unit.is_empty())
        .map(|mut f| {
            f.issues.sort_by_key(|i| i.severity);
            f
        })
        .collect()
}

/// The unit's entry, made empty the first time.
fn entry<'u, 'a>(
    units: &'u mut BTreeMap<&'a str, Feedback<'a>>,
    unit: &'a str,
) -> &'u mut Feedback<'a> {
    units.entry(unit).or_insert_with(|| Feedback {
        unit,
        issues: Vec::new(),
        rejected: Vec::new(),
        lagging: Vec::new(),
    })
}

/// `(unit, workbook)` for each unit with issues (other than notes) or lagging projects; the
/// workbooks are made on both cores, the list stays in the units' order.
pub fn workbooks(c: &Consolidated, inbox: &Inbox) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
    collect(c, inbox)
        .into_par_iter()
        .map(|f| {
            let title = format!(
                "{}年{}月台帐校验反馈（{}）",
                c.period.year, c.period.month, f.unit
            );
            let mut wb = super::new_workbook(c, &title);
            let styles = Styles::new();
            write_corrections(&mut wb, &styles, c, &f, title)?;
            if !f.rejected.is_empty() {
                write_rejected(&mut wb, &styles, c, &f)?;
            }
            if !f.lagging.is_empty() {
                write_lagging(&mut wb, &styles, c, &f)?;
            }
            Ok((f.unit.to_owned(), wb.save_to_buffer()?))
        })
        .collect()
}

fn write_corrections(
    wb: &mut Workbook,
    styles: &Styles,
    c: &Consolidated,
    f: &Feedback<'_>,
    title: String,
) -> Result<(), XlsxError> {
    let columns = vec![
        Column::new("序号", Kind::Serial, 6.0),
        Column::new("严重程度", Kind::Center, 12.0),
        Column::new("文件", Kind::Text, 30.0),
        Column::new("工作表", Kind::Text, 14.0),
        Column::new("单元格", Kind::Center, 10.0),
        Column::new("问题", Kind::Text, 24.0),
        Column::new("原值", Kind::Text, 16.0),
        Column::new("如何修改", Kind::Text, 56.0),
    ];
    let rows = f
        .issues
        .iter()
        .enumerate()
        .map(|(i, issue)| {
            Row::new(vec![
                serial(i),
                Value::text(issue.severity.label()),
                Value::text(issue.file.as_str()),
                Value::text(issue.sheet.as_str()),
                Value::text(issue.cell.as_str()),
                problem_text(issue),
                Value::text(issue.value.as_str()),
                Value::text(instruction(issue, c.period)),
            ])
        })
        .collect();
    let errors = f
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let unreadable = f
        .issues
        .iter()
        .filter(|i| i.code == IssueCode::FileUnreadable)
        .count();
    let note = if f.issues.is_empty() {
        "本月台帐无需修改".to_owned()
    } else if unreadable > 0 {
        let mut note = format!("{unreadable}个文件无法读取，整个文件未计入汇总");
        if f.issues.len() > unreadable {
            let _ = write!(
                note,
                "；另有错误{}条，警告{}条",
                errors.saturating_sub(unreadable),
                f.issues.len() - errors
            );
        }
        note
    } else {
        format!(
            "错误{}条（所在行未计入汇总），警告{}条（请核实）",
            errors,
            f.issues.len() - errors
        )
    };
    let ws = wb.add_worksheet().set_name("需修改")?;
    let table = Table {
        title,
        left_note: note,
        right_note: c.period.as_of_label(),
        columns,
        rows,
        paper: Paper::A4,
        freeze_cols: 0,
        filter: true,
    };
    let layout = write_table(ws, styles, &table)?;
    highlight_rows(ws, &layout, &format!("=$B{}=\"错误\"", FIRST_DATA_ROW + 1))?;
    Ok(())
}

fn write_rejected(
    wb: &mut Workbook,
    styles: &Styles,
    c: &Consolidated,
    f: &Feedback<'_>,
) -> Result<(), XlsxError> {
    let columns = vec![
        Column::new("序号", Kind::Serial, 6.0),
        Column::new("文件", Kind::Text, 30.0),
        Column::new("工作表", Kind::Text, 14.0),
        Column::new("单元格", Kind::Center, 10.0),
        Column::new("名称", Kind::Text, 30.0),
        Column::new("未计入原因", Kind::Text, 60.0),
    ];
    let rows = f
        .rejected
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Row::new(vec![
                serial(i),
                Value::text(r.source.file.as_str()),
                Value::text(r.source.sheet.as_str()),
                Value::text(a1(r.source.row, r.source.name_col)),
                Value::text(r.name.as_str()),
                Value::text(r.reasons.join("；")),
            ])
        })
        .collect();
    let ws = wb.add_worksheet().set_name("未计入行")?;
    let table = Table {
        title: format!(
            "{}年{}月未计入汇总的行（{}）",
            c.period.year, c.period.month, f.unit
        ),
        left_note: format!("共{}行，改正后下月重新报送", f.rejected.len()),
        right_note: c.period.as_of_label(),
        columns,
        rows,
        paper: Paper::A4,
        freeze_cols: 0,
        filter: true,
    };
    write_table(ws, styles, &table)?;
    Ok(())
}

fn write_lagging(
    wb: &mut Workbook,
    styles: &Styles,
    c: &Consolidated,
    f: &Feedback<'_>,
) -> Result<(), XlsxError> {
    let unit = c.detail_unit;
    let m = |amount: Money| Value::Num(amount.in_unit(unit));
    let columns = vec![
        Column::new("序号", Kind::Serial, 6.0),
        Column::new("项目名称", Kind::Text, 36.0),
        Column::new("项目编号", Kind::Text, 16.0),
        Column::new("主责单位", Kind::Text, 16.0),
        Column::new("滞后类型", Kind::Text, 16.0),
        Column::new("滞后原因", Kind::Text, 50.0),
        Column::new("年度计划投资", Kind::Money, 12.0),
        Column::new("本年累计完成投资", Kind::Money, 12.0),
        Column::new("完成率", Kind::Rate, 9.0),
        Column::new("来源", Kind::Text, 36.0),
    ];
    let rows = f
        .lagging
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (kinds, reasons) = lag_words(p);
            let values = vec![
                serial(i),
                Value::text(p.row.name.as_str()),
                Value::opt_text(p.row.code.as_ref()),
                Value::text(p.row.lead_unit.as_str()),
                Value::text(kinds),
                Value::text(reasons),
                m(p.row.annual_plan),
                m(p.row.ytd_completed),
                Value::opt_num(p.completion_rate),
                Value::text(p.row.source.label()),
            ];
            Row::with(
                values,
                if p.severe {
                    Emphasis::Severe
                } else {
                    Emphasis::Normal
                },
            )
        })
        .collect();
    let ws = wb.add_worksheet().set_name("滞后项目")?;
    let table = Table {
        title: format!(
            "{}年{}月滞后项目反馈（{}）",
            c.period.year, c.period.month, f.unit
        ),
        left_note: format!(
            "单位：{}；共{}个项目，请说明原因并加快推进",
            unit.label(),
            f.lagging.len()
        ),
        right_note: c.period.as_of_label(),
        columns,
        rows,
        paper: Paper::A4,
        freeze_cols: 2,
        filter: true,
    };
    write_table(ws, styles, &table)?;
    Ok(())
}
