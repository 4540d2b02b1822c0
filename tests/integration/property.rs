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

/// A project for the totals property: category, 项目性质, 结转/新增, lead unit, money in fen
/// of 万元 cents.
#[derive(Debug, Clone)]
struct Project {
    category: usize,
    formal: Option<usize>,
    carry: Option<usize>,
    lead: usize,
    money: [u32; 3],
}

fn project() -> impl Strategy<Value = Project> {
    (
        0usize..3,
        prop::option::of(0usize..2),
        prop::option::of(0usize..2),
        0usize..4,
        [0u32..5_000_000, 0u32..500_000, 0u32..500_000],
    )
        .prop_map(|(category, formal, carry, lead, money)| Project {
            category,
            formal,
            carry,
            lead,
            money,
        })
}

const CATEGORIES: [&str; 3] = ["市属", "区属", "区属预备"];
const FORMAL: [&str; 2] = ["正式", "预备"];
const CARRY: [&str; 2] = ["结转", "新增"];
const LEADS: [&str; 4] = ["区建管委", "区发改委", "金泽镇", "新城公司"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// The consolidated totals per category, per lead unit and overall are the sums of the
    /// counted rows, to the fen.
    #[test]
    fn consolidated_totals_are_the_sums_of_the_counted_rows(projects in prop::collection::vec(project(), 1..40)) {
        let dir = Dir::new();
        dir.xlsx("区建管委.xlsx", |wb| {
            let ws = wb.add_worksheet();
            for (c, h) in ["项目名称", "项目类别", "项目性质", "结转/新增", "主责单位", "总投资", "年度计划投资", "本年累计完成投资"].iter().enumerate() {
                ws.write_string(0, c as u16, *h).unwrap();
            }
            for (i, p) in projects.iter().enumerate() {
                let r = i as u32 + 1;
                ws.write_string(r, 0, format!("项目{i}")).unwrap();
                ws.write_string(r, 1, CATEGORIES[p.category]).unwrap();
                if let Some(f) = p.formal { ws.write_string(r, 2, FORMAL[f]).unwrap(); }
                if let Some(c) = p.carry { ws.write_string(r, 3, CARRY[c]).unwrap(); }
                ws.write_string(r, 4, LEADS[p.lead]).unwrap();
                for (k, cents) in p.money.iter().enumerate() {
                    ws.write_string(r, 5 + k as u16, format!("{}.{:02}", cents / 100, cents % 100)).unwrap();
                }
            }
        });
        let inbox = dir.inbox("2022-03");
        prop_assert_eq!(inbox.projects.len(), projects.len());
        let c = taizhang::consolidate::consolidate(&inbox, &taizhang::config::Config::builtin(), None).unwrap();
        let sum = |rows: &mut dyn Iterator<Item = &taizhang::normalize::ProjectRow>| {
            let mut t = [0i64; 8];
            for r in rows {
                t[0] += 1;
                t[1] += i64::from(r.formal.label() == "正式项目");
                t[2] += i64::from(r.formal.label() == "预备项目");
                t[3] += i64::from(r.carry.map(taizhang::domain::Carry::label) == Some("结转"));
                t[4] += i64::from(r.carry.map(taizhang::domain::Carry::label) == Some("新增"));
                t[5] += r.total_investment.fen();
                t[6] += r.annual_plan.fen();
                t[7] += r.ytd_completed.fen();
            }
            t
        };
        let of = |t: &taizhang::consolidate::Totals| [
            t.projects, t.formal, t.preliminary, t.carried, t.new,
            t.total_investment.fen(), t.annual_plan.fen(), t.ytd_completed.fen(),
        ];
        for t in &c.by_category {
            prop_assert_eq!(of(t), sum(&mut inbox.projects.iter().filter(|r| r.category.label() == t.label)), "{}", t.label);
        }
        for t in &c.by_unit {
            prop_assert_eq!(of(t), sum(&mut inbox.projects.iter().filter(|r| r.lead_unit.as_str() == t.label)), "{}", t.label);
        }
        prop_assert_eq!(of(&c.all), sum(&mut inbox.projects.iter()));
        let by_category: i64 = c.by_category.iter().map(|t| t.total_investment.fen()).sum();
        prop_assert_eq!(by_category, c.all.total_investment.fen());
        let written: i64 = projects.iter().map(|p| i64::from(p.money[0]) * 10_000).sum();
        prop_assert_eq!(c.all.total_investment.fen(), written);
    }
}
