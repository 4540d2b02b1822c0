//! Excel's number formats in a web page it saved (LEDGER-SPEC 3A.3): `mso-number-format` in a
//! cell's `style` attribute, or in a class rule of the page's `<style>` (`.xl65
//! {mso-number-format:"0\.00\0022亿元\0022";}`), CSS escapes decoded (`\0022` is `"`, `\.`
//! is `.`), and which money unit each shows.

use super::super::numfmt::format_unit;
use crate::domain::MoneyUnit;
use std::collections::HashMap;

/// Class → the unit its `mso-number-format` shows (`None`: a format showing none).
pub(super) type Classes = HashMap<String, Option<MoneyUnit>>;

/// The number format a list of declarations gives, if one does: `Some(None)` for a format
/// that shows no unit, which still hides a class's.
#[allow(clippy::option_option)] // none: no format stated; `Some(None)`: one showing no unit
pub(super) fn declared_unit(declarations: &str) -> Option<Option<MoneyUnit>> {
    let mut found = None;
    for declaration in split(declarations, ';') {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        if property.trim().eq_ignore_ascii_case("mso-number-format") {
            found = Some(format_unit(&value_text(value)));
        }
    }
    found
}

/// The unit a cell's number format shows: its own `style`'s, else that of the last of its
/// classes with a number format.
pub(super) fn cell_unit(
    style: Option<&str>,
    class: Option<&str>,
    classes: &Classes,
) -> Option<MoneyUnit> {
    if let Some(unit) = style.and_then(declared_unit) {
        return unit;
    }
    class?
        .split_ascii_whitespace()
        .filter_map(|c| classes.get(c))
        .next_back()
        .copied()
        .flatten()
}

/// Reads the class rules of a style sheet into `classes`: selectors `.name` or `td.name`
/// (and `th.name`); later rules win. Other selectors are passed over.
pub(super) fn read_rules(sheet: &str, classes: &mut Classes) {
    let sheet = strip_comments(sheet);
    for rule in split(&sheet, '}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        let Some(unit) = declared_unit(body) else {
            continue;
        };
        for selector in selectors.split(',') {
            let selector = selector.trim();
            let class = ["", "td", "th", "TD", "TH"]
                .iter()
                .find_map(|element| selector.strip_prefix(element)?.strip_prefix('.'));
            if let Some(class) = class
                && !class.is_empty()
                && class
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                classes.insert(class.to_owned(), unit);
            }
        }
    }
}

/// The style sheet without `/* */` comments and the `<!--`, `-->` around it.
fn strip_comments(sheet: &str) -> String {
    let mut out = String::with_capacity(sheet.len());
    let mut rest = sheet;
    while let Some(at) = rest.find("/*") {
        out.push_str(&rest[..at]);
        rest = rest[at + 2..]
            .find("*/")
            .map_or("", |end| &rest[at + 2 + end + 2..]);
    }
    out.push_str(rest);
    out.replace("<!--", " ").replace("-->", " ")
}

/// Pieces of CSS text between `separator`s that are outside quotes and not escaped.
fn split(text: &str, separator: char) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut start, mut quote, mut escaped) = (0, None, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' | '\'' if quote == Some(c) => quote = None,
            '"' | '\'' if quote.is_none() => quote = Some(c),
            _ if c == separator && quote.is_none() => {
                pieces.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// A declaration's value as text: a quoted string's content, or the bare value, trimmed,
/// escapes decoded.
fn value_text(value: &str) -> String {
    let value = value.trim();
    let value = value.strip_suffix("!important").unwrap_or(value).trim_end();
    let inner = match value.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let body = &value[1..];
            body.strip_suffix(q).unwrap_or(body)
        }
        _ => value,
    };
    unescape(inner)
}

/// CSS escapes: `\` and up to four hex digits (Excel always writes four: `\0022`) is that
/// character, a shorter one ends at a white space; `\` and any other character is it.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 4
            && let Some(d) = chars.peek().filter(|d| d.is_ascii_hexdigit())
        {
            hex.push(*d);
            chars.next();
        }
        if hex.is_empty() {
            out.extend(chars.next());
            continue;
        }
        if hex.len() < 4 && chars.peek().is_some_and(char::is_ascii_whitespace) {
            chars.next();
        }
        let code = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
        out.push(code.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_escapes_are_decoded() {
        assert_eq!(value_text(r#""0\.00\0022亿元\0022""#), "0.00\"亿元\"");
        assert_eq!(value_text(r#"'0.00"万元"'"#), "0.00\"万元\"");
        assert_eq!(value_text(r"\#\,\#\#0\.00"), "#,##0.00");
        assert_eq!(value_text(r#""\22 万\22""#), "\"万\"");
    }

    #[test]
    fn class_rules_and_inline_styles_give_units() {
        let mut classes = Classes::new();
        read_rules(
            r#"<!-- td {mso-number-format:General;} /* a } comment */
            .xl65 {mso-style-parent:style0; mso-number-format:"0\.00\0022亿元\0022";}
            td.xl66, .xl67 {mso-number-format:"0\.00_ \;\[Red\]\\-0\.00\0022万元\0022";}
            .xl68 {mso-number-format:"\#\,\#\#0";} .xl69 {color:red} -->"#,
            &mut classes,
        );
        assert_eq!(classes.get("xl65"), Some(&Some(MoneyUnit::Yi)));
        assert_eq!(classes.get("xl66"), Some(&None));
        assert_eq!(classes.get("xl67"), Some(&None));
        assert_eq!(classes.get("xl68"), Some(&None));
        assert_eq!(classes.get("xl69"), None);
        assert_eq!(
            declared_unit(r#"text-align:right;mso-number-format:'0.00"万元"'"#),
            Some(Some(MoneyUnit::Wan))
        );
        assert_eq!(declared_unit("color:red"), None);
    }
}
