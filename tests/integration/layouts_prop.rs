//! Property (LEDGER-SPEC 3A.1, 3A.3): the same projects rendered in the classic column layout
//! and in the heading-row layout, with their units in the header, in a unit row under it or in
//! a `单位：` cell above it, read to identical rows.

use crate::support::Dir;
use proptest::prelude::*;
use rust_xlsxwriter::Workbook;
use taizhang::domain::{Category, Formality, Vocabulary};

/// A small column or row number for `rust_xlsxwriter` (fixtures have a handful of each).
fn n16(n: usize) -> u16 {
    u16::try_from(n).expect("small fixture")
}

#[derive(Debug, Clone)]
struct Project {
    category: usize,
    formal: bool,
    /// Cents of 万元.
    total: u32,
    plan: u32,
    ytd: u32,
}

#[derive(Debug, Clone, Copy)]
enum UnitAt {
    Header,
    UnitRow,
    Note,
}

fn project() -> impl Strategy<Value = Project> {
    (
        0usize..3,
        any::<bool>(),
        1u32..50_000_000,
        0u32..100,
        0u32..100,
    )
        .prop_map(|(category, formal, total, plan_pct, ytd_pct)| Project {
            category,
            formal,
            total,
            plan: total / 100 * plan_pct,
            ytd: total / 100 * ytd_pct,
        })
}

fn unit_at() -> impl Strategy<Value = UnitAt> {
    prop_oneof![
        Just(UnitAt::Header),
        Just(UnitAt::UnitRow),
        Just(UnitAt::Note)
    ]
}

/// The amount as written in 亿元 (cents of 万元 / 1e6).
fn yi(cents_of_wan: u32) -> f64 {
    f64::from(cents_of_wan) / 1e6
}

const CN: [&str; 3] = ["一", "二", "三"];

fn write(projects: &[Project], headings: bool, unit: UnitAt) -> Dir {
    let dir = Dir::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut r = 0u32;
    if matches!(unit, UnitAt::Note) {
        ws.write_string(r, 0, "单位：亿元").unwrap();
        r += 1;
    }
    let money = |label: &str| match unit {
        UnitAt::Header => format!("{label}（亿元）"),
        _ => label.to_owned(),
    };
    let mut head: Vec<String> = vec!["序号".into(), "项目名称".into()];
    if !headings {
        head.extend(["项目类别".into(), "项目性质".into()]);
    }
    head.extend([
        "主责单位".into(),
        money("总投资"),
        money("年度计划投资"),
        money("本年累计完成投资"),
    ]);
    for (c, h) in head.iter().enumerate() {
        ws.write_string(r, n16(c), h).unwrap();
    }
    r += 1;
    let first_money = head.len() - 3;
    if matches!(unit, UnitAt::UnitRow) {
        for c in first_money..head.len() {
            ws.write_string(r, n16(c), "（亿元）").unwrap();
        }
        r += 1;
    }
    let mut order: Vec<usize> = (0..projects.len()).collect();
    if headings {
        order.sort_by_key(|&i| (projects[i].category, !projects[i].formal));
    }
    let mut open: Option<(usize, Option<bool>)> = None;
    for (n, &i) in order.iter().enumerate() {
        let p = &projects[i];
        if headings {
            if open.map(|o| o.0) != Some(p.category) {
                let count = projects.iter().filter(|q| q.category == p.category).count();
                let label = Category::ALL[p.category].label();
                ws.write_string(r, 0, format!("{}、{label}（{count}个）", CN[p.category]))
                    .unwrap();
                r += 1;
                open = Some((p.category, None));
            }
            if open.and_then(|o| o.1) != Some(p.formal) {
                let f = if p.formal {
                    Formality::Formal
                } else {
                    Formality::Preliminary
                };
                ws.write_string(
                    r,
                    1,
                    format!("（{}）{}", CN[usize::from(!p.formal)], f.label()),
                )
                .unwrap();
                r += 1;
                open = Some((p.category, Some(p.formal)));
            }
        }
        let mut c = 0u16;
        ws.write_number(r, c, f64::from(n16(n + 1))).unwrap();
        ws.write_string(r, c + 1, format!("项目{i}")).unwrap();
        c += 2;
        if !headings {
            ws.write_string(r, c, Category::ALL[p.category].label())
                .unwrap();
            let f = if p.formal { "正式" } else { "预备" };
            ws.write_string(r, c + 1, f).unwrap();
            c += 2;
        }
        ws.write_string(r, c, "区建管委").unwrap();
        for (k, v) in [p.total, p.plan, p.ytd].into_iter().enumerate() {
            ws.write_number(r, c + 1 + n16(k), yi(v)).unwrap();
        }
        r += 1;
    }
    wb.save(dir.join("区建管委.xlsx")).unwrap();
    dir
}

type Read = Vec<(String, Category, Formality, i64, i64, i64)>;

fn read(dir: &Dir) -> Read {
    let inbox = dir.inbox("2022-03");
    let mut rows: Read = inbox
        .projects
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.category,
                p.formal,
                p.total_investment.fen(),
                p.annual_plan.fen(),
                p.ytd_completed.fen(),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn classic_and_heading_layouts_read_alike(
        projects in prop::collection::vec(project(), 1..8),
        classic_unit in unit_at(),
        heading_unit in unit_at(),
    ) {
        let mut expected: Read = projects
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let f = if p.formal { Formality::Formal } else { Formality::Preliminary };
                let fen = |v: u32| i64::from(v) * 10_000;
                (format!("项目{i}"), Category::ALL[p.category], f, fen(p.total), fen(p.plan), fen(p.ytd))
            })
            .collect();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        let classic = read(&write(&projects, false, classic_unit));
        let headed = read(&write(&projects, true, heading_unit));
        prop_assert_eq!(&classic, &expected);
        prop_assert_eq!(&headed, &expected);
    }
}
