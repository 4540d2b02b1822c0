//! Cell values → typed values (LEDGER-SPEC section 4): money in fen (分, exact integer sums),
//! dates, task deadlines, enum spellings, text.

use crate::domain::{Period, month_end};
use crate::ingest::CellValue;
use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

mod money;

pub use money::{Amount, MoneyError, parse_amount, parse_money};

/// Cells that mean "nothing here".
const BLANKS: [&str; 9] = ["", "-", "--", "—", "——", "/", "无", "\\", "—/—"];

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

pub use crate::ingest::serial_to_date;

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

/// Words a clerk writes in a text cell to say there is nothing (LEDGER-SPEC section 4): `无`
/// in 存在问题 is not a 卡点.
const NOTHING: [&str; 9] = ["无", "暂无", "没有", "无问题", "-", "—", "——", "/", "无。"];

/// The words of [`NOTHING`], normalised once.
static NOTHING_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    NOTHING
        .iter()
        .map(|w| crate::domain::normalize_key(w))
        .collect()
});

/// Whether a text cell's words mean "nothing" (compared after NFKC, without spaces).
#[must_use]
pub fn means_nothing(text: &str) -> bool {
    // Those words are at most three characters: a text with many more (most 存在问题 and
    // 形象进度 cells) is no such word, whatever its normal form.
    if text
        .chars()
        .filter(|c| !c.is_whitespace())
        .nth(12)
        .is_some()
    {
        return false;
    }
    let key = crate::domain::normalize_key(text);
    NOTHING_KEYS.contains(&key)
}

/// Year and month of a date, for period detection.
#[must_use]
pub fn year_month(date: NaiveDate) -> (i32, u32) {
    (date.year(), date.month())
}

#[cfg(test)]
mod tests;
