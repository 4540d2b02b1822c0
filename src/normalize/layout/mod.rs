//! How a sheet is laid out beyond its header (LEDGER-SPEC 3A): the context that headings,
//! sheet names and titles give the rows below them. Row reading works from it.

mod heading;
mod tree;

pub use heading::{Heading, heading};
pub use tree::{Qualifier, qualified_field, qualifier};

use super::Context;
use crate::domain::{Category, Formality, Vocabulary};
use crate::ingest::RawSheet;
use crate::schema::{Schema, normalize_key};

/// The fields a heading row, sheet name or title can set for the rows below, outermost first.
pub const CONTEXT_FIELDS: [&str; 5] = ["category", "formal", "carry", "kind", "stage"];

/// Where a sheet's own category came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCategory {
    /// The canonical category.
    pub value: String,
    /// The sheet name or title cell that names it.
    pub from: String,
}

/// The category the config's `[[layout]]` gives the sheet, else the one its name or title
/// rows name, when they name exactly one. `预备项目` names the reserve category (the
/// category whose projects are 预备 by default).
#[must_use]
pub fn sheet_category(
    sheet: &RawSheet,
    header_row: u32,
    ctx: &Context<'_>,
) -> Option<SheetCategory> {
    if let Some(layout) = ctx.layout(&sheet.name)
        && let Some(value) = &layout.category
    {
        return Some(SheetCategory {
            value: value.clone(),
            from: format!("taizhang.toml 第{}行的 [[layout]]", layout.line),
        });
    }
    let schema = ctx.schema;
    let titles = sheet
        .rows
        .iter()
        .take_while(|r| r.index < header_row)
        .flat_map(|r| r.cells.iter())
        .filter_map(|(_, v)| v.as_text());
    let mut found: Option<SheetCategory> = None;
    for text in std::iter::once(sheet.name.as_str()).chain(titles) {
        let Some(value) = category_named(text, schema) else {
            continue;
        };
        match &found {
            Some(f) if f.value != value => return None,
            Some(_) => {}
            None => {
                found = Some(SheetCategory {
                    value,
                    from: text.trim().to_owned(),
                });
            }
        }
    }
    found
}

/// The one category a text names (the longest spelling it contains), if only one.
fn category_named(text: &str, schema: &Schema) -> Option<String> {
    let key = normalize_key(text);
    let def = schema.enums.get(Category::ENUM)?;
    let matched: Vec<(&str, &str)> = def
        .spellings()
        .filter(|(spelling, _)| !spelling.is_empty() && key.contains(spelling))
        .collect();
    // `区属` inside `区属重点预备项目` is no second category: only the longest matches count.
    let mut values: Vec<&str> = matched
        .iter()
        .filter(|(s, _)| {
            !matched
                .iter()
                .any(|(o, _)| o.len() > s.len() && o.contains(s))
        })
        .map(|(_, v)| *v)
        .collect();
    values.sort_unstable();
    values.dedup();
    match values.as_slice() {
        [one] => return Some((*one).to_owned()),
        // `市属、区属重大工程`: both, so neither.
        [_, _, ..] => return None,
        [] => {}
    }
    let reserve = Formality::Preliminary.label();
    key.contains(reserve).then(|| {
        Category::ALL
            .iter()
            .find(|c| c.default_formality() == Formality::Preliminary)
            .map(|c| c.label().to_owned())
    })?
}
