//! Property: for random ledgers, rows read = accepted + rejected + skipped, and the sum of the
//! accepted amounts equals what was written.

use crate::support::Dir;
use proptest::prelude::*;
use rust_xlsxwriter::Workbook;

#[derive(Debug, Clone)]
enum Row {
    /// A project with amounts in 万元 (whole fen: cents of 万元 × 100).
    Good {
        total: u32,
        plan: u32,
        ytd: u32,
        as_text: bool,
    },
    Bad,
    Blank,
    Subtotal,
    Note,
}

fn row() -> impl Strategy<Value = Row> {
    prop_oneof![
        6 => (0u32..10_000_000, 0u32..1_000_000, 0u32..1_000_000, any::<bool>())
            .prop_map(|(total, plan, ytd, as_text)| Row::Good { total, plan, ytd, as_text }),
        1 => Just(Row::Bad),
        1 => Just(Row::Blank),
        1 => Just(Row::Subtotal),
        1 => Just(Row::Note),
    ]
}

fn write(rows: &[Row], title_rows: u32) -> (Dir, i64, usize) {
    let dir = Dir::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for t in 0..title_rows {
        ws.write_string(t, 0, format!("2022年3月重大项目推进情况表{t}"))
            .unwrap();
    }
    let h = title_rows;
    for (c, label) in [
        "项目名称",
        "项目类别",
        "总投资",
        "年度计划投资",
        "本年累计完成投资",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(h, c as u16, *label).unwrap();
    }
    let mut expected_fen = 0i64;
    let mut data_rows = 0;
    for (i, row) in rows.iter().enumerate() {
        let r = h + 1 + i as u32;
        match row {
            Row::Good {
                total,
                plan,
                ytd,
                as_text,
            } => {
                ws.write_string(r, 0, format!("项目{i}")).unwrap();
                ws.write_string(r, 1, "区属").unwrap();
                for (c, cents) in [(2u16, total), (3, plan), (4, ytd)] {
                    let wan = format!("{}.{:02}", cents / 100, cents % 100);
                    if *as_text {
                        ws.write_string(r, c, &wan).unwrap();
                    } else {
                        ws.write_number(r, c, wan.parse::<f64>().unwrap()).unwrap();
                    }
                }
                expected_fen += i64::from(*total) * 10_000;
                data_rows += 1;
            }
            Row::Bad => {
                ws.write_string(r, 0, format!("项目{i}")).unwrap();
                ws.write_string(r, 1, "区属").unwrap();
                ws.write_string(r, 2, "一百").unwrap();
                ws.write_number(r, 3, 1.0).unwrap();
                ws.write_number(r, 4, 1.0).unwrap();
                data_rows += 1;
            }
            Row::Blank => {
                ws.write_string(r, 6, "附注").unwrap();
            }
            Row::Subtotal => {
                ws.write_string(r, 0, "小计").unwrap();
            }
            Row::Note => {
                ws.write_string(r, 0, "注：单位万元").unwrap();
            }
        }
    }
    wb.save(dir.join("ledger.xlsx")).unwrap();
    (dir, expected_fen, data_rows)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn rows_are_conserved_and_amounts_add_up(rows in prop::collection::vec(row(), 1..40), title_rows in 0u32..6) {
        let (dir, expected_fen, data_rows) = write(&rows, title_rows);
        let inbox = dir.inbox("2022-03");
        let c = inbox.ledgers[0].counts;
        prop_assert_eq!(c.rows_read, rows.len());
        prop_assert_eq!(c.rows_read, c.accepted + c.rejected + c.skipped);
        prop_assert_eq!(c.accepted + c.rejected, data_rows);
        prop_assert_eq!(c.rejected, rows.iter().filter(|r| matches!(r, Row::Bad)).count());
        let total: i64 = inbox.projects.iter().map(|p| p.total_investment.fen()).sum();
        prop_assert_eq!(total, expected_fen);
    }
}
