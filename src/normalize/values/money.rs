//! Money cells → fen (分, exact integer sums): plain numbers, numeric text with an inline
//! unit, and the notations of real exports (LEDGER-SPEC 3A.4).

use super::{BLANKS, nfkc};
use crate::domain::MoneyUnit;
use crate::ingest::CellValue;

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

/// Words around a number that make it an approximation (3A.4).
const APPROX_PREFIXES: [&str; 6] = ["大约", "约合", "将近", "约", "近", "≈"];
const APPROX_SUFFIXES: [&str; 2] = ["左右", "上下"];
/// Between the number and its unit: `3000余万`, `3000多万`.
const APPROX_INFIXES: [char; 2] = ['余', '多'];
/// A trailing footnote mark (`1200*`, `1200注`): the note is elsewhere, the amount is the number.
const FOOTNOTE_MARKS: [char; 4] = ['*', '※', '#', '注'];

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
