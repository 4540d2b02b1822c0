use super::*;
use crate::domain::MoneyUnit;
use proptest::prelude::*;

fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_owned())
}

fn money(cell: &CellValue, unit: MoneyUnit) -> Result<Option<i64>, MoneyError> {
    parse_money(Some(cell), unit)
}

const YI: i64 = 10_000_000_000;

#[test]
fn money_in_every_written_form() {
    let wan = MoneyUnit::Wan;
    assert_eq!(
        money(&CellValue::Number(1234.5), wan),
        Ok(Some(1_234_500_000))
    );
    assert_eq!(money(&text("1,234.5"), wan), Ok(Some(1_234_500_000)));
    assert_eq!(money(&text("１２３"), wan), Ok(Some(123_000_000)));
    assert_eq!(money(&text(" 12.3 "), wan), Ok(Some(12_300_000)));
    assert_eq!(money(&text("1.2亿"), wan), Ok(Some(YI * 12 / 10)));
    assert_eq!(
        money(&text("3500万"), MoneyUnit::Yi),
        Ok(Some(3_500_000_000))
    );
    assert_eq!(
        money(&text("3500万元"), MoneyUnit::Yi),
        Ok(Some(3_500_000_000))
    );
    assert_eq!(
        money(&CellValue::Number(2.5), MoneyUnit::Yi),
        Ok(Some(YI * 5 / 2))
    );
    for blank in ["-", "—", "/", "无", "  ", "－"] {
        assert_eq!(money(&text(blank), wan), Ok(None), "{blank}");
    }
    assert_eq!(parse_money(None, wan), Ok(None));
    assert_eq!(money(&text("12..5"), wan), Err(MoneyError::Bad));
    // LEDGER-SPEC 3A.4: approximations and scientific notation are read (see below).
    assert_eq!(money(&text("约100"), wan), Ok(Some(100_000_000)));
    assert_eq!(money(&text("1e5"), wan), Ok(Some(100_000_000_000)));
    assert_eq!(
        money(&text("-5"), wan),
        Err(MoneyError::Negative(-5_000_000))
    );
    assert_eq!(
        money(&CellValue::Number(-0.01), MoneyUnit::Yuan),
        Err(MoneyError::Negative(-1))
    );
    assert_eq!(
        money(&CellValue::Error("#REF!".into()), wan),
        Err(MoneyError::ErrorCell)
    );
}

#[test]
fn dates_in_every_written_form() {
    let d = |y, m, d| Ok(Some(NaiveDate::from_ymd_opt(y, m, d).unwrap()));
    let date = |s: &str| parse_date(Some(&text(s)));
    assert_eq!(date("2022-03-15"), d(2022, 3, 15));
    assert_eq!(date("2022/3/15"), d(2022, 3, 15));
    assert_eq!(date("2022.3.15"), d(2022, 3, 15));
    assert_eq!(date("2022.3"), d(2022, 3, 31));
    assert_eq!(date("2022年3月"), d(2022, 3, 31));
    assert_eq!(date("2022年3月15日"), d(2022, 3, 15));
    assert_eq!(date("2022年3月底"), d(2022, 3, 31));
    assert_eq!(date("2022年2月"), d(2022, 2, 28));
    assert_eq!(date("2022-03-15T00:00:00"), d(2022, 3, 15));
    assert_eq!(date("20220315"), d(2022, 3, 15));
    assert_eq!(parse_date(Some(&CellValue::Date(44_635.0))), d(2022, 3, 15));
    assert_eq!(
        parse_date(Some(&CellValue::Number(44_635.0))),
        d(2022, 3, 15)
    );
    assert_eq!(parse_date(Some(&CellValue::Number(2022.3))), d(2022, 3, 31));
    assert_eq!(
        parse_date(Some(&CellValue::Number(2022.12))),
        d(2022, 12, 31)
    );
    assert_eq!(date("—"), Ok(None));
    assert!(date("下个月").is_err());
    assert!(date("2022-13-01").is_err());
}

#[test]
fn deadlines_in_every_written_form() {
    let p = Period::new(2022, 3).unwrap();
    let dl = |s: &str| parse_deadline(Some(&text(s)), p);
    let d = |y, m, d| Some(Deadline::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap()));
    assert_eq!(dl("3月底"), d(2022, 3, 31));
    assert_eq!(dl("3月"), d(2022, 3, 31));
    assert_eq!(dl("6月30日"), d(2022, 6, 30));
    assert_eq!(dl("一季度"), d(2022, 3, 31));
    assert_eq!(dl("第二季度"), d(2022, 6, 30));
    assert_eq!(dl("Q3"), d(2022, 9, 30));
    assert_eq!(dl("上半年"), d(2022, 6, 30));
    assert_eq!(dl("下半年"), d(2022, 12, 31));
    assert_eq!(dl("年底"), d(2022, 12, 31));
    assert_eq!(dl("年内"), d(2022, 12, 31));
    assert_eq!(dl("全年"), d(2022, 12, 31));
    assert_eq!(dl("2023年底"), d(2023, 12, 31));
    assert_eq!(dl("2022年6月底前"), d(2022, 6, 30));
    assert_eq!(dl("2022-02-28"), d(2022, 2, 28));
    assert_eq!(dl("持续推进"), Some(Deadline::Ongoing));
    assert_eq!(dl("长期"), Some(Deadline::Ongoing));
    assert_eq!(dl("常态化"), Some(Deadline::Ongoing));
    assert_eq!(dl("尽快"), Some(Deadline::Unknown("尽快".into())));
    assert_eq!(parse_deadline(None, p), None);
}

proptest! {
    #[test]
    fn decimal_text_is_exact(wan in 0u64..100_000_000, frac in 0u64..1_000_000) {
        // Any amount in 万元 with 6 decimals (= fen) parses exactly.
        let text_value = format!("{wan}.{frac:06}");
        let expected = i64::try_from(wan * 1_000_000 + frac).unwrap();
        prop_assert_eq!(money(&text(&text_value), MoneyUnit::Wan), Ok(Some(expected)));
    }

    #[test]
    fn thousands_separators_and_full_width_do_not_change_the_amount(n in 0u64..1_000_000_000) {
        let plain = n.to_string();
        let grouped = plain.as_bytes().rchunks(3).rev()
            .map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(",");
        let wide: String = plain.chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()).collect();
        let a = money(&text(&plain), MoneyUnit::Wan);
        prop_assert_eq!(&a, &money(&text(&grouped), MoneyUnit::Wan));
        prop_assert_eq!(&a, &money(&text(&wide), MoneyUnit::Wan));
    }

    #[test]
    fn money_and_dates_never_panic(s in "\\PC{0,20}") {
        let _ = money(&text(&s), MoneyUnit::Wan);
        let _ = parse_date(Some(&text(&s)));
        let _ = parse_deadline(Some(&text(&s)), Period::new(2022, 3).unwrap());
    }
}

fn amount(s: &str, unit: MoneyUnit) -> Result<Option<Amount>, MoneyError> {
    parse_amount(Some(&text(s)), unit)
}

#[test]
fn notations_of_real_exports() {
    let wan = MoneyUnit::Wan;
    let exact = |fen| {
        Ok(Some(Amount {
            fen,
            estimated: false,
        }))
    };
    let approx = |fen| {
        Ok(Some(Amount {
            fen,
            estimated: true,
        }))
    };
    assert_eq!(amount("1.256E9", MoneyUnit::Yuan), exact(125_600_000_000));
    assert_eq!(amount("1.5e+03", wan), exact(1_500_000_000));
    assert_eq!(amount("2.5E-1", wan), exact(250_000));
    assert_eq!(amount("1200*", wan), exact(1_200_000_000));
    assert_eq!(amount("1200①", wan), exact(1_200_000_000));
    assert_eq!(amount("1200注", wan), exact(1_200_000_000));
    assert_eq!(amount("1200注1", wan), exact(1_200_000_000));
    assert_eq!(amount("约5亿", wan), approx(5 * YI));
    assert_eq!(amount("5亿元左右", wan), approx(5 * YI));
    assert_eq!(amount("≈3000万", MoneyUnit::Yi), approx(3_000_000_000));
    assert_eq!(amount("3000余万", MoneyUnit::Yi), approx(3_000_000_000));
    assert_eq!(amount("近2亿", wan), approx(2 * YI));
    assert_eq!(amount("约1200", wan), approx(1_200_000_000));
    assert_eq!(amount("5-8亿", wan), Err(MoneyError::Range));
    assert_eq!(amount("5~8", wan), Err(MoneyError::Range));
    assert_eq!(amount("待定", wan), Err(MoneyError::Bad));
    assert_eq!(amount("约", wan), Err(MoneyError::Bad));
    assert_eq!(amount("-5", wan), Err(MoneyError::Negative(-5_000_000)));
}

#[test]
fn construction_spans() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        parse_span("2021-2024"),
        Some((d(2021, 12, 31), d(2024, 12, 31)))
    );
    assert_eq!(
        parse_span("2021.03-2023.12"),
        Some((d(2021, 3, 31), d(2023, 12, 31)))
    );
    assert_eq!(
        parse_span("2022.3—2024.12"),
        Some((d(2022, 3, 31), d(2024, 12, 31)))
    );
    assert_eq!(
        parse_span("2022年3月至2024年12月"),
        Some((d(2022, 3, 31), d(2024, 12, 31)))
    );
    assert_eq!(
        parse_span("2022年-2023年"),
        Some((d(2022, 12, 31), d(2023, 12, 31)))
    );
    assert_eq!(parse_span("三年"), None);
    assert_eq!(parse_span("2022"), None);
}

#[test]
fn task_deadlines_of_section_4() {
    let period = Period::new(2022, 3).unwrap();
    let at = |s: &str| parse_deadline(Some(&text(s)), period);
    let date = |y, m, d| Some(Deadline::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap()));
    assert_eq!(at("6月30日前"), date(2022, 6, 30));
    assert_eq!(at("2022年6月底前"), date(2022, 6, 30));
    assert_eq!(at("2022年二季度"), date(2022, 6, 30));
    assert_eq!(at("二季度末"), date(2022, 6, 30));
    for ongoing in ["每月", "每季度", "每周", "按月", "持续推进"] {
        assert_eq!(at(ongoing), Some(Deadline::Ongoing), "{ongoing}");
    }
}
