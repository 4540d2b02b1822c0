//! Cell values → typed values (LEDGER-SPEC section 4): money in fen (分, exact integer sums),
//! dates, task deadlines, enum spellings, text.

use crate::domain::MoneyUnit;
use crate::domain::{Period, month_end};
use crate::ingest::CellValue;
use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// Why a money cell could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    Bad,
    /// A range such as `5-8亿`: no one amount.
    Range,
    Negative(i64),
    ErrorCell,
}

/// A money cell read: the amount in fen, and whether the text gave it as an approximation
/// (`约5亿`, `3000余万`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub fen: i64,
    pub estimated: bool,
}

const BLANKS: [&str; 9] = ["", "-", "--", "—", "——", "/", "无", "\\", "—/—"];

/// Words around a number that make it an approximation (3A.4).
const APPROX_PREFIXES: [&str; 6] = ["大约", "约合", "将近", "约", "近", "≈"];
const APPROX_SUFFIXES: [&str; 2] = ["左右", "上下"];
/// Between the number and its unit: `3000余万`, `3000多万`.
const APPROX_INFIXES: [char; 2] = ['余', '多'];
/// A trailing footnote mark (`1200*`, `1200注`): the note is elsewhere, the amount is the number.
const FOOTNOTE_MARKS: [char; 4] = ['*', '※', '#', '注'];

/// NFKC and trimmed: full-width digits and punctuation become ASCII.
#[must_use]
pub fn nfkc(text: &str) -> String {
    // Most cells (CJK, ASCII) are already in NFKC: the quick check spares the decomposition.
    if unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        return text.trim().to_owned();
    }
    text.nfkc().collect::<String>().trim().to_owned()
}

/// NFKC without any whitespace, as `nfkc(text)` with the spaces dropped; borrowed when the
/// text is that already (most cells), for checks run on every cell of every row.
#[must_use]
pub fn compact(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_whitespace)
        && unicode_normalization::is_nfkc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(nfkc(text).chars().filter(|c| !c.is_whitespace()).collect())
}

/// A money cell in fen. `Ok(None)` for a blank. The unit is the column's unit unless the text
/// carries its own (`1.2亿`, `3500万元`).
///
/// # Errors
/// Text that is not an amount, an error value, or a negative amount.
pub fn parse_money(cell: Option<&CellValue>, unit: MoneyUnit) -> Result<Option<i64>, MoneyError> {
    parse_amount(cell, unit).map(|a| a.map(|a| a.fen))
}

/// A money cell as [`parse_money`], also saying whether it was an approximation; reads the
/// notations of LEDGER-SPEC 3A.4 (`1.256E9`, `1200*`, `1200①`, `约5亿`, `3000余万`).
///
/// # Errors
/// Text that is not an amount or is a range, an error value, or a negative amount.
pub fn parse_amount(
    cell: Option<&CellValue>,
    unit: MoneyUnit,
) -> Result<Option<Amount>, MoneyError> {
    let mut estimated = false;
    let fen = match cell {
        None => return Ok(None),
        Some(CellValue::Number(n) | CellValue::Date(n)) => {
            if !n.is_finite() {
                return Err(MoneyError::Bad);
            }
            float_to_fen(*n * unit.fen())?
        }
        Some(CellValue::Error(_)) => return Err(MoneyError::ErrorCell),
        Some(CellValue::Bool(_)) => return Err(MoneyError::Bad),
        Some(CellValue::Text(text)) => {
            // Circled digits are footnote marks; NFKC would turn `1200①` into `12001`.
            let text = text.trim_end_matches(|c: char| ('\u{2460}'..='\u{2473}').contains(&c));
            let cleaned: String = nfkc(text)
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
                .collect();
            if BLANKS.contains(&cleaned.as_str()) {
                return Ok(None);
            }
            let (number, unit) = split_unit(&cleaned, unit);
            if let Some(fen) = decimal_to_fen(number, unit) {
                fen
            } else {
                let (fen, approx) = notation_to_fen(&cleaned, unit)?;
                estimated = approx;
                fen
            }
        }
    };
    if fen < 0 {
        Err(MoneyError::Negative(fen))
    } else {
        Ok(Some(Amount { fen, estimated }))
    }
}

/// The slow path for money text that is not a plain number: approximations, footnote marks,
/// scientific notation; a range is refused.
fn notation_to_fen(text: &str, column_unit: MoneyUnit) -> Result<(i64, bool), MoneyError> {
    let mut t = text;
    let mut estimated = false;
    if let Some(rest) = APPROX_PREFIXES.iter().find_map(|p| t.strip_prefix(p)) {
        t = rest;
        estimated = true;
    }
    if let Some(rest) = APPROX_SUFFIXES.iter().find_map(|s| t.strip_suffix(s)) {
        t = rest;
        estimated = true;
    }
    let t = strip_footnote(t);
    let (mut number, unit) = split_unit(t, column_unit);
    if let Some(n) = number.strip_suffix(APPROX_INFIXES) {
        number = n;
        estimated = true;
    }
    if is_range(number) {
        return Err(MoneyError::Range);
    }
    decimal_to_fen(number, unit)
        .or_else(|| scientific_to_fen(number, unit))
        .map(|fen| (fen, estimated))
        .ok_or(MoneyError::Bad)
}

fn strip_footnote(text: &str) -> &str {
    let mut t = text;
    // `注1`: the mark and its number.
    if let Some((before, after)) = t.rsplit_once('注')
        && after.bytes().all(|b| b.is_ascii_digit())
        && !before.is_empty()
    {
        t = before;
    }
    t.trim_end_matches(FOOTNOTE_MARKS)
}

/// `5-8`, `5~8`, `5至8`, `5—8`: two numbers joined by a dash or 至.
fn is_range(text: &str) -> bool {
    let Some((a, b)) = text.split_once(['-', '~', '—', '–', '至', '到']) else {
        return false;
    };
    let num = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    num(a) && num(split_unit(b, MoneyUnit::Wan).0)
}

/// `1.256E9`, `3.5e+03`: what Java exports write.
fn scientific_to_fen(text: &str, unit: MoneyUnit) -> Option<i64> {
    let (mantissa, exp) = text.split_once(['e', 'E'])?;
    let exp: i32 = exp.strip_prefix('+').unwrap_or(exp).parse().ok()?;
    if !(-12..=18).contains(&exp) || mantissa.starts_with('-') {
        return None;
    }
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    let point = i32::try_from(int.len()).ok()? + exp;
    // Move the decimal point `exp` places: `1.256E9` → `1256000000`.
    let shifted = match usize::try_from(point) {
        Ok(p) if p >= digits.len() => format!("{digits}{}", "0".repeat(p - digits.len())),
        Ok(p) => format!("{}.{}", &digits[..p], &digits[p..]),
        Err(_) => format!(
            "0.{}{digits}",
            "0".repeat(usize::try_from(-point).unwrap_or(0))
        ),
    };
    decimal_to_fen(&shifted, unit)
}

fn split_unit(text: &str, column_unit: MoneyUnit) -> (&str, MoneyUnit) {
    for (suffix, unit) in [
        ("亿元", MoneyUnit::Yi),
        ("亿", MoneyUnit::Yi),
        ("万元", MoneyUnit::Wan),
        ("万", MoneyUnit::Wan),
        ("元", MoneyUnit::Yuan),
    ] {
        if let Some(number) = text.strip_suffix(suffix) {
            // `元` alone follows the column: in a 万元 column, `12元` is ambiguous; take it as yuan.
            return (number, unit);
        }
    }
    (text, column_unit)
}

#[allow(clippy::cast_possible_truncation)]
fn float_to_fen(value: f64) -> Result<i64, MoneyError> {
    let fen = value.round();
    if fen.abs() > 9.0e17 {
        return Err(MoneyError::Bad);
    }
    Ok(fen as i64)
}

/// Exact decimal text → fen, rounded half away from zero. Only `[+-]digits[.digits]`.
fn decimal_to_fen(text: &str, unit: MoneyUnit) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || int.len() + frac.len() > 30
    {
        return None;
    }
    let frac = &frac[..frac.len().min(12)];
    let scale = 10i128.pow(u32::try_from(frac.len()).ok()?);
    let mantissa: i128 = format!("{int}{frac}")
        .trim_start_matches('0')
        .parse()
        .unwrap_or(0);
    #[allow(clippy::cast_possible_truncation)]
    let unit_fen = unit.fen() as i128;
    let scaled = mantissa.checked_mul(unit_fen)?;
    let fen = (scaled + scale / 2) / scale;
    let fen = i64::try_from(fen)
        .ok()
        .filter(|f| *f < 900_000_000_000_000_000)?;
    Some(if negative { -fen } else { fen })
}

/// An Excel serial date (1900 system) to a date.
#[must_use]
// The serial is checked to lie in 1..2_958_466 first: positive and well inside u64.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// A date cell. `Ok(None)` for a blank, `Err(text)` when it cannot be read as a date.
///
/// # Errors
/// The cell's text, when it is not a date.
pub fn parse_date(cell: Option<&CellValue>) -> Result<Option<NaiveDate>, String> {
    match cell {
        None => Ok(None),
        Some(CellValue::Date(serial)) => serial_to_date(*serial)
            .map(Some)
            .ok_or_else(|| serial.to_string()),
        Some(CellValue::Number(n)) => number_to_date(*n).map(Some).ok_or_else(|| n.to_string()),
        Some(CellValue::Text(text)) => {
            let t = nfkc(text);
            if BLANKS.contains(&t.as_str()) {
                return Ok(None);
            }
            text_to_date(&t, None).map(Some).ok_or_else(|| text.clone())
        }
        Some(other) => Err(other.display()),
    }
}

/// A number typed into a date column: an Excel serial, or `2022.3` (year.month) that Excel
/// stored as a number.
fn number_to_date(n: f64) -> Option<NaiveDate> {
    if (1900.0..2200.0).contains(&n) && n.fract() != 0.0 {
        let text = format!("{n}");
        return text_to_date(&text, None);
    }
    if (20_000.0..80_000.0).contains(&n) {
        return serial_to_date(n);
    }
    if (19_000_101.0..22_001_231.0).contains(&n) && n.fract() == 0.0 {
        return text_to_date(&format!("{n}"), None);
    }
    None
}

/// Dates written as text. `default_year` lets `3月底` and `6月30日` stand for the period's year.
#[must_use]
pub fn text_to_date(text: &str, default_year: Option<i32>) -> Option<NaiveDate> {
    let t: String = text
        .trim()
        .trim_end_matches(['前', '之', '以'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t.split(['T', ' ']).next().unwrap_or("");
    let t = t.strip_suffix("完成").unwrap_or(t);
    // `2022年3月底`, `3月末`, `2022年3月` → the month's last day.
    let month_only =
        t.ends_with('底') || t.ends_with('末') || t.ends_with('月') || t.ends_with("中旬");
    let nums: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let rest_ok = t
        .chars()
        .all(|c| c.is_ascii_digit() || "-/.年月日号底末中旬".contains(c));
    if !rest_ok {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    match nums.as_slice() {
        [ymd] if ymd.len() == 8 => {
            let y = ymd[..4].parse().ok()?;
            NaiveDate::from_ymd_opt(y, num(&ymd[4..6])?, num(&ymd[6..])?)
        }
        [y, m, d] if y.len() == 4 && !month_only => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, num(m)?, num(d)?)
        }
        [y, m] if y.len() == 4 && (month_only || !t.contains('日')) && !t.ends_with('日') => {
            month_end(y.parse().ok()?, num(m)?)
        }
        [m, d] if m.len() <= 2 && t.contains('月') && t.ends_with(['日', '号']) => {
            NaiveDate::from_ymd_opt(default_year?, num(m)?, num(d)?)
        }
        [m] if m.len() <= 2 && month_only => month_end(default_year?, num(m)?),
        _ => None,
    }
}

/// A construction span in one cell (3A.5): `2021-2024`, `2021.03-2023.12`, `2022.3—2024.12`,
/// `2022年3月至2024年12月` → planned start and finish. A year alone means its last day.
#[must_use]
pub fn parse_span(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let t: String = nfkc(text).chars().filter(|c| !c.is_whitespace()).collect();
    let (a, b) = ["至", "到", "~", "—", "–", "--"]
        .iter()
        .find_map(|sep| t.split_once(sep))
        .or_else(|| {
            (t.matches('-').count() == 1)
                .then(|| t.split_once('-'))
                .flatten()
        })?;
    let end = |s: &str| {
        let s = s.trim_end_matches('年');
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            return month_end(s.parse().ok()?, 12);
        }
        text_to_date(s, None)
    };
    Some((end(a)?, end(b)?))
}

/// A task's completion deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    Date(NaiveDate),
    /// 持续推进 / 长期 / 常态化: no date, never overdue, in every quarter.
    Ongoing,
    /// Could not be read; kept as the text.
    Unknown(String),
}

/// Deadlines that are no date: never overdue, listed in every quarter (recurring ones too).
const ONGOING: [&str; 11] = [
    "持续推进",
    "长期",
    "常态化",
    "持续",
    "长期坚持",
    "每月",
    "每季度",
    "每周",
    "按月",
    "按季度",
    "每年",
];

/// A deadline cell, read in the period's year where the text gives none.
#[must_use]
pub fn parse_deadline(cell: Option<&CellValue>, period: Period) -> Option<Deadline> {
    let text = match cell? {
        CellValue::Text(t) => nfkc(t),
        other => {
            return Some(match parse_date(Some(other)) {
                Ok(Some(d)) => Deadline::Date(d),
                _ => Deadline::Unknown(other.display()),
            });
        }
    };
    if BLANKS.contains(&text.as_str()) {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if ONGOING.iter().any(|k| compact.starts_with(k)) {
        return Some(Deadline::Ongoing);
    }
    let year_prefix = compact
        .split_once('年')
        .and_then(|(y, _)| (y.len() == 4).then(|| y.parse::<i32>().ok()).flatten());
    let year = year_prefix.unwrap_or(period.year);
    let body = match year_prefix {
        Some(_) => compact.split_once('年').map_or("", |(_, b)| b),
        None => compact.as_str(),
    };
    let body = body
        .trim_end_matches(['前', '末', '底'])
        .trim_end_matches('之');
    let quarter = match body {
        "一季度" | "第一季度" | "Q1" | "q1" | "1季度" => Some(3),
        "二季度" | "第二季度" | "Q2" | "q2" | "2季度" | "上半年" => Some(6),
        "三季度" | "第三季度" | "Q3" | "q3" | "3季度" => Some(9),
        "四季度" | "第四季度" | "Q4" | "q4" | "4季度" | "下半年" | "" | "年内" | "全年" | "年" => {
            Some(12)
        }
        _ => None,
    };
    let year_end_words = ["年底", "年内", "全年", "年末", "年底前"];
    if year_end_words.contains(&compact.as_str()) {
        return month_end(period.year, 12).map(Deadline::Date);
    }
    if let Some(m) = quarter.filter(|_| year_prefix.is_some() || !body.is_empty()) {
        return month_end(year, m).map(Deadline::Date);
    }
    Some(
        text_to_date(&compact, Some(period.year))
            .map_or(Deadline::Unknown(text.clone()), Deadline::Date),
    )
}

/// Trimmed text of a cell (internal line breaks kept); `None` for a blank.
#[must_use]
pub fn cell_text(cell: Option<&CellValue>) -> Option<String> {
    let text = match cell? {
        CellValue::Text(text) => {
            let trimmed = text.trim();
            return (!trimmed.is_empty()).then(|| trimmed.to_owned());
        }
        CellValue::Date(serial) => {
            serial_to_date(*serial).map_or_else(|| serial.to_string(), |d| d.to_string())
        }
        other => other.display(),
    };
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Year and month of a date, for period detection.
#[must_use]
pub fn year_month(date: NaiveDate) -> (i32, u32) {
    (date.year(), date.month())
}

#[cfg(test)]
mod tests;
