//! Heading rows (LEDGER-SPEC 3A.1): `一、市属重大工程（11个）`, `（一）正式项目（10个）`,
//! `1.结转项目`. Their numbering gives their level, their text the value they set for the
//! rows below, their `（N个）` the count those rows are checked against.

use super::CONTEXT_FIELDS;
use crate::ingest::RawRow;
use crate::normalize::header::Header;
use crate::normalize::values::nfkc;
use crate::schema::Schema;

/// A heading row found under the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `一、`, 2 for `（一）`, 3 for `1.`, 4 for `1.1`, 5 for `（1）`, 6 for `①`; an
    /// unnumbered heading takes the level of the field it names (category 1, formal 2…).
    pub level: u8,
    /// The heading as written, for messages.
    pub text: String,
    /// The `（N个）` it states.
    pub count: Option<u32>,
    /// The (field, canonical value) pairs it sets, e.g. `("category", "市属重大工程")`.
    pub sets: Vec<(&'static str, String)>,
}

/// Longest text a heading row is looked for in: a project's name is often longer.
const MAX_HEADING_CHARS: usize = 40;

/// Words after the value a heading may add: `结转项目`, `市属重大工程类`.
const VALUE_SUFFIXES: [&str; 3] = ["项目", "类", "工程"];

/// The row as a heading, if it is one: its name cell (or, with the name cell empty, its first
/// text) reads as numbering and a value of a context field, or as CJK numbering alone on a row
/// that holds nothing but amounts.
#[must_use]
pub fn heading(row: &RawRow, header: &Header, schema: &Schema) -> Option<Heading> {
    // Most data rows fill a code, a lead unit or a stage: no heading, nothing else to look at.
    if has_row_fields(row, header) {
        return None;
    }
    let name_col = header.column("name").map(|c| c.col);
    let name = name_col.and_then(|c| row.get(c)).and_then(|v| v.as_text());
    let first = row.cells.iter().find_map(|(c, v)| {
        v.as_text()
            .filter(|t| !t.trim().is_empty())
            .map(|t| (*c, t))
    });
    let text = match (name, first) {
        (Some(n), _) if !n.trim().is_empty() => n,
        (_, Some((_, t))) => t,
        _ => return None,
    };
    if text.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    let raw = text.trim();
    let circled = raw.starts_with(|c: char| ('\u{2460}'..='\u{2473}').contains(&c));
    let t = nfkc(raw);
    let (mut level, rest) = if circled {
        (
            Some(6),
            raw.trim_start_matches(|c: char| ('\u{2460}'..='\u{2473}').contains(&c)),
        )
    } else {
        numbering(&t)
    };
    // `一` in the 序号 cell and the value in the name cell.
    if level.is_none()
        && let Some((col, first)) = first
        && Some(col) != name_col
    {
        level = numbering(&format!("{}、", nfkc(first)))
            .0
            .filter(|l| *l <= 2);
    }
    let (body, count) = strip_count(rest.trim_start_matches([' ', ':', '：']));
    let body = body.trim_end_matches([':', '：', ' ']);
    let sets = values_named(body, schema);
    if sets.is_empty() {
        // A numbered group (`一、中心城区`) that names no value still closes the sections at
        // its level; a data row never carries only a name and amounts under such numbering.
        let cjk = matches!(level, Some(1 | 2));
        if !(cjk && only_name_and_amounts(row, header, schema)) {
            return None;
        }
    }
    let level = level.unwrap_or_else(|| semantic_level(&sets));
    Some(Heading {
        level,
        text: raw.to_owned(),
        count,
        sets,
    })
}

/// The numbering at the start of a (NFKC) text and its level, and the text after it.
fn numbering(t: &str) -> (Option<u8>, &str) {
    const CJK: &str = "一二三四五六七八九十";
    let cjk_run = |s: &str| {
        let n: usize = s
            .chars()
            .take_while(|c| CJK.contains(*c))
            .map(char::len_utf8)
            .sum();
        n
    };
    let digit_run = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(inner) = t.strip_prefix('(') {
        let n = cjk_run(inner);
        if n > 0 && inner[n..].starts_with(')') {
            return (Some(2), &inner[n + 1..]);
        }
        let n = digit_run(inner);
        if n > 0 && inner[n..].starts_with(')') {
            return (Some(5), &inner[n + 1..]);
        }
        return (None, t);
    }
    let n = cjk_run(t);
    if n > 0 {
        return match t[n..].strip_prefix(['、', '.', ',']) {
            Some(rest) => (Some(1), rest),
            None => (None, t),
        };
    }
    let n = digit_run(t);
    if n > 0 {
        let after = &t[n..];
        if let Some(rest) = after.strip_prefix('.') {
            let m = digit_run(rest);
            if m > 0 {
                let rest = rest[m..].trim_start_matches(['.', '、', ' ']);
                return (Some(4), rest);
            }
            return (Some(3), rest);
        }
        if let Some(rest) = after.strip_prefix('、') {
            return (Some(3), rest);
        }
    }
    (None, t)
}

/// `市属重大工程（11个）` → (`市属重大工程`, Some(11)); also `(共11项)`.
fn strip_count(text: &str) -> (&str, Option<u32>) {
    let t = text.trim_end();
    let Some(open) = t.rfind(['(', '（']) else {
        return (t, None);
    };
    let inner = t[open..]
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）']);
    let inner = inner.strip_prefix('共').unwrap_or(inner);
    let digits: String = inner.chars().take_while(char::is_ascii_digit).collect();
    let rest = &inner[digits.len()..];
    if !digits.is_empty() && matches!(rest, "个" | "项" | "个项目" | "") {
        return (t[..open].trim_end(), digits.parse().ok());
    }
    (t, None)
}

/// The context fields a heading's text names a value of: the whole text, or the text less a
/// trailing `项目`/`类`.
fn values_named(body: &str, schema: &Schema) -> Vec<(&'static str, String)> {
    if body.is_empty() {
        return Vec::new();
    }
    let mut tries = vec![body];
    tries.extend(VALUE_SUFFIXES.iter().filter_map(|s| body.strip_suffix(s)));
    for t in tries.into_iter().filter(|t| !t.is_empty()) {
        let found: Vec<(&'static str, String)> = CONTEXT_FIELDS
            .iter()
            .filter_map(|field| {
                let value = schema.enums.get(*field)?.resolve(t)?;
                Some((*field, value.to_owned()))
            })
            .collect();
        // `预备项目` names both a formality and (as `预备`) nothing else: the first field wins.
        if let Some(first) = found.into_iter().next() {
            return vec![first];
        }
    }
    Vec::new()
}

fn semantic_level(sets: &[(&'static str, String)]) -> u8 {
    sets.first()
        .and_then(|(f, _)| CONTEXT_FIELDS.iter().position(|c| c == f))
        .map_or(1, |i| u8::try_from(i + 1).unwrap_or(1))
}

/// Whether the row fills a field a heading never has: a code, a lead unit, a builder, a stage.
fn has_row_fields(row: &RawRow, header: &Header) -> bool {
    [
        "code",
        "lead_unit",
        "builder",
        "stage",
        "planned_start",
        "planned_finish",
    ]
    .iter()
    .filter_map(|f| header.column(f))
    .any(|c| {
        row.get(c.col).is_some_and(|v| match v {
            crate::ingest::CellValue::Text(t) => !t.trim().is_empty(),
            _ => true,
        })
    })
}

/// Whether the row holds only its name (and 序号) and amounts.
fn only_name_and_amounts(row: &RawRow, header: &Header, schema: &Schema) -> bool {
    let name_col = header.column("name").map(|c| c.col);
    row.cells.iter().all(|(col, _)| {
        let Some(c) = header.columns.iter().find(|c| c.col == *col) else {
            return true;
        };
        c.ignored
            || Some(c.col) == name_col
            || c.field
                .as_deref()
                .is_some_and(|f| crate::normalize::header::is_money(schema, header.kind, f))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_levels() {
        assert_eq!(numbering("一、市属"), (Some(1), "市属"));
        assert_eq!(numbering("(一)正式项目"), (Some(2), "正式项目"));
        assert_eq!(numbering("1.结转项目"), (Some(3), "结转项目"));
        assert_eq!(numbering("1、结转项目"), (Some(3), "结转项目"));
        assert_eq!(numbering("1.1 子项"), (Some(4), "子项"));
        assert_eq!(numbering("(1)新增"), (Some(5), "新增"));
        assert_eq!(numbering("桃浦中央绿地"), (None, "桃浦中央绿地"));
        assert_eq!(numbering("十八号线"), (None, "十八号线"));
    }

    #[test]
    fn counts() {
        assert_eq!(
            strip_count("市属重大工程（11个）"),
            ("市属重大工程", Some(11))
        );
        assert_eq!(strip_count("正式项目(共3项)"), ("正式项目", Some(3)));
        assert_eq!(strip_count("正式项目(一期)"), ("正式项目(一期)", None));
    }
}
