//! The bulletin's 五、报送情况 paragraph and its 附表 of the 汇总 figures.

use super::super::bulletin::{rate_tenths, schedule_tenths, tenths};
use super::{BODY_FONT, fonts};
use crate::consolidate::Consolidated;
use crate::domain::MoneyUnit;
use crate::inbox::Inbox;
use crate::normalize::FileStatus;
use crate::year::YearView;
use docx_rs::{AlignmentType, Paragraph, Run, Table, TableCell, TableRow, VAlignType, WidthType};
use std::fmt::Write as _;

/// Not submitted, not readable, units with errors.
pub(super) fn submissions(c: &Consolidated, inbox: &Inbox, y: &YearView) -> String {
    let read = |unit: &str| {
        inbox
            .ledgers
            .iter()
            .any(|l| l.unit == unit && l.status == FileStatus::Read)
    };
    let unreadable: Vec<&str> = c
        .units
        .iter()
        .filter(|u| !read(&u.unit))
        .filter(|u| {
            inbox
                .ledgers
                .iter()
                .any(|l| l.unit == u.unit && l.status == FileStatus::Unreadable)
        })
        .map(|u| u.unit.as_str())
        .collect();
    let missing: Vec<&str> = c
        .units
        .iter()
        .filter(|u| !read(&u.unit) && !unreadable.contains(&u.unit.as_str()))
        .map(|u| u.unit.as_str())
        .collect();
    let errors: Vec<String> = c
        .units
        .iter()
        .filter(|u| u.errors > 0)
        .map(|u| format!("{}（{}处）", u.unit, u.errors))
        .collect();
    let submitted = c.units.iter().filter(|u| read(&u.unit)).count();
    let mut s = format!("本期共收到{submitted}家单位的台帐");
    if !y.has_roster {
        // No roster: who should have submitted is not known, so nothing is said of it.
    } else if missing.is_empty() {
        s.push_str("，名册内单位均已报送");
    } else {
        let _ = write!(
            s,
            "；{}家单位未报送（{}）",
            missing.len(),
            missing.join("、")
        );
    }
    if !unreadable.is_empty() {
        let _ = write!(
            s,
            "；{}家单位的文件无法读取、未计入（{}）",
            unreadable.len(),
            unreadable.join("、")
        );
    }
    if errors.is_empty() {
        s.push_str("；报送数据未发现错误。");
    } else {
        let _ = write!(
            s,
            "；以下单位的台帐存在错误，已逐项反馈，请核实更正：{}。",
            errors.join("、")
        );
    }
    s
}

/// The 汇总 figures: each category and 合计, as the workbook rounds them.
pub(super) fn summary_table(c: &Consolidated, unit: MoneyUnit) -> Table {
    // The type area of A4 with these margins: 11906 − 1588 − 1474 = 8844 twips.
    let widths = [2200, 760, 1300, 1300, 1100, 1100, 1084];
    let cell = |text: &str, w: usize, bold: bool| {
        let mut r = Run::new().add_text(text).fonts(fonts(BODY_FONT)).size(21);
        if bold {
            r = r.bold();
        }
        TableCell::new()
            .add_paragraph(Paragraph::new().add_run(r).align(AlignmentType::Center))
            .vertical_align(VAlignType::Center)
            .width(w, WidthType::Dxa)
    };
    let header = [
        "类别",
        "项目数",
        "年度计划投资",
        "本年累计完成",
        "完成率",
        "序时进度",
        "滞后项目数",
    ];
    let schedule = tenths(schedule_tenths(c.schedule_progress));
    let mut rows = vec![
        TableRow::new(
            header
                .iter()
                .zip(widths)
                .map(|(h, w)| cell(h, w, true))
                .collect(),
        )
        .cant_split(),
    ];
    for (t, bold) in c
        .by_category
        .iter()
        .map(|t| (t, false))
        .chain(std::iter::once((&c.all, true)))
    {
        let rate = rate_tenths(t).map_or_else(|| "—".to_owned(), |r| format!("{}%", tenths(r)));
        let values = [
            t.label.clone(),
            t.projects.to_string(),
            t.annual_plan.rounded_text(unit),
            t.ytd_completed.rounded_text(unit),
            rate,
            format!("{schedule}%"),
            t.lagging.to_string(),
        ];
        rows.push(
            TableRow::new(
                values
                    .iter()
                    .zip(widths)
                    .map(|(v, w)| cell(v, w, bold))
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .align(docx_rs::TableAlignmentType::Center)
}
