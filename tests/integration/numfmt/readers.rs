//! The units of number formats read from .xls, .ods, `SpreadsheetML` 2003 and HTML ledgers,
//! and their damaged variants read without a panic.

use super::ledger::{self, ROWS};
use crate::support::{Dir, bytes, issue_cells};
use taizhang::inbox::Inbox;

/// Each project's (总投资, 年度计划, 本年累计) in fen, in the order of `ROWS`.
pub fn amounts(inbox: &Inbox) -> Vec<(i64, i64, i64)> {
    let names: Vec<&str> = ROWS
        .iter()
        .map(|row| match row[0] {
            ledger::Cell::T(name) => name,
            _ => unreachable!(),
        })
        .collect();
    amounts_of(inbox, &names)
}

/// The (总投资, 年度计划, 本年累计) in fen of the named projects.
pub fn amounts_of(inbox: &Inbox, names: &[&str]) -> Vec<(i64, i64, i64)> {
    names
        .iter()
        .map(|name| {
            let p = inbox
                .projects
                .iter()
                .find(|p| p.name == *name)
                .unwrap_or_else(|| panic!("{name} not counted"));
            (
                p.total_investment.fen(),
                p.annual_plan.fen(),
                p.ytd_completed.fen(),
            )
        })
        .collect()
}

/// What the ledger holds: amounts in 亿元 by their format, 3500万 by its own unit, the year to
/// date in the default 万元.
pub const EXPECTED: [(i64, i64, i64); 5] = [
    (125_000_000_000, 32_000_000_000, 1_200_000_000),
    (3_500_000_000, 1_000_000_000, 0),
    (8_000_000_000, 5_000_000_000, 100_000_000),
    (6_000_000_000, 2_000_000_000, 50_000_000),
    (9_000_000_000, 3_000_000_000, 10_000_000),
];

pub fn codes(inbox: &Inbox, file: &str, code: &str) -> usize {
    issue_cells(inbox, file)
        .iter()
        .filter(|(c, _, _)| c == code)
        .count()
}

/// Writes the ledger formatted and unformatted: formatted, it reads in 亿元 without
/// `unit-suspect`; unformatted (the control), in 万元 with it.
fn assert_reads_by_format(name: &str, write: impl Fn(bool) -> Vec<u8>) {
    let dir = Dir::new();
    dir.write(name, &write(true));
    let inbox = dir.inbox("2022-03");
    assert_eq!(amounts(&inbox), EXPECTED, "{name}");
    assert_eq!(inbox.projects.len(), 5, "{name}");
    assert_eq!(
        codes(&inbox, name, "unit-suspect"),
        0,
        "{name}: {:?}",
        issue_cells(&inbox, name)
    );

    let plain = Dir::new();
    plain.write(name, &write(false));
    let inbox = plain.inbox("2022-03");
    assert_eq!(
        amounts(&inbox)[0].0,
        12_500_000,
        "{name}: 12.5 read in 万元"
    );
    assert_eq!(
        amounts(&inbox)[1].0,
        3_500_000_000,
        "{name}: 3500万 by its own unit"
    );
    assert_eq!(codes(&inbox, name, "unit-suspect"), 1, "{name}");
}

#[test]
fn xls_number_formats_give_the_unit() {
    assert_reads_by_format("区发改委.xls", ledger::xls);
}

#[test]
fn ods_number_styles_give_the_unit() {
    assert_reads_by_format("区发改委.ods", |f| {
        bytes::ods_document(&ledger::ods(f), None)
    });
}

#[test]
fn spreadsheetml_number_formats_give_the_unit() {
    assert_reads_by_format("区发改委.xml", |f| {
        ledger::spreadsheetml(f).into_bytes()
    });
}

#[test]
fn html_number_formats_give_the_unit() {
    assert_reads_by_format("区发改委.xls", |f| ledger::html(f).into_bytes());
}

#[test]
fn ods_units_keep_their_cells_below_repeated_empty_rows_and_cells() {
    // The walk that finds the styles counts positions as calamine does: repeated empty rows
    // above, repeated empty cells before a title, a leading empty cell in every row.
    let above = r#"<table:table table:name="重大项目"><table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="string"><text:p>2022年3月重大项目推进情况表</text:p></table:table-cell></table:table-row>"#;
    let content = ledger::ods(true)
        .replacen(r#"<table:table table:name="重大项目">"#, above, 1)
        .replace(
            "<table:table-row><table:table-cell office",
            "<table:table-row><table:table-cell table:number-columns-repeated=\"2\"/><table:table-cell office",
        );
    let dir = Dir::new();
    dir.write("区发改委.ods", &bytes::ods_document(&content, None));
    let inbox = dir.inbox("2022-03");
    assert_eq!(amounts(&inbox), EXPECTED);
    assert_eq!(codes(&inbox, "区发改委.ods", "unit-suspect"), 0);
}
