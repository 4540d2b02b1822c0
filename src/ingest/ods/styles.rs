//! The number styles of an .ods file (`<number:number-style style:name="N1">…
//! <number:text>亿元</number:text>`) and the cell styles that use them (`<style:style
//! style:family="table-cell" style:data-style-name="N1">`), from `styles.xml` and
//! `content.xml`: which money unit each cell style shows (LEDGER-SPEC 3A.3).

use super::super::numfmt::format_unit;
use super::tag::{Tag, unescape};
use crate::domain::MoneyUnit;
use std::collections::HashMap;

/// Styles a file may define: more are forged.
const MAX_STYLES: usize = 100_000;
/// Parents (or maps) followed from one style: a loop ends here.
const MAX_LINKS: usize = 16;
/// Bytes of one number style's text kept.
const MAX_TEXT: usize = 1024;

/// A number style: the text it shows, and the styles its `style:map`s apply.
#[derive(Debug, Default)]
struct NumberStyle {
    text: String,
    maps: Vec<String>,
}

/// A cell style: its number style, and its parent.
#[derive(Debug, Default)]
struct CellStyle {
    data_style: Option<String>,
    parent: Option<String>,
}

/// The styles read so far.
#[derive(Debug, Default)]
pub(super) struct Styles {
    numbers: HashMap<String, NumberStyle>,
    cells: HashMap<String, CellStyle>,
    /// The number style open, and whether its `<number:text>` is.
    open: Option<(String, NumberStyle)>,
    in_text: bool,
}

fn name(tag: &Tag, attr: &[u8]) -> Option<String> {
    tag.attr(attr).map(|v| unescape(&v))
}

impl Styles {
    pub fn tag(&mut self, tag: &Tag) {
        let full = self.numbers.len() + self.cells.len() >= MAX_STYLES;
        match (&tag.name[..], tag.end) {
            (b"number:number-style" | b"number:currency-style", false) if !full => {
                let style = name(tag, b"style:name").map(|n| (n, NumberStyle::default()));
                if tag.empty {
                    self.numbers.extend(style);
                } else {
                    self.open = style;
                }
            }
            (b"number:number-style" | b"number:currency-style", true) => {
                self.numbers.extend(self.open.take());
                self.in_text = false;
            }
            (b"number:text", end) => self.in_text = !end && !tag.empty && self.open.is_some(),
            (b"style:map", false) => {
                if let (Some((_, style)), Some(target)) =
                    (self.open.as_mut(), name(tag, b"style:apply-style-name"))
                    && style.maps.len() < MAX_LINKS
                {
                    style.maps.push(target);
                }
            }
            (b"style:style", false) if !full => {
                if tag.attr(b"style:family").as_deref() == Some(b"table-cell")
                    && let Some(style) = name(tag, b"style:name")
                {
                    let cell = CellStyle {
                        data_style: name(tag, b"style:data-style-name"),
                        parent: name(tag, b"style:parent-style-name"),
                    };
                    self.cells.insert(style, cell);
                }
            }
            _ => {}
        }
    }

    /// Takes the text before a tag, if it is a number style's `<number:text>`.
    pub fn text(&mut self, text: &[u8]) {
        if self.in_text
            && let Some((_, style)) = self.open.as_mut()
            && style.text.len() < MAX_TEXT
        {
            style.text.push_str(&unescape(text));
        }
    }

    /// The unit a cell style shows: by its number style, or its parents'.
    pub fn unit(&self, cell_style: &str) -> Option<MoneyUnit> {
        let mut style = self.cells.get(cell_style)?;
        for _ in 0..MAX_LINKS {
            if let Some(data) = &style.data_style {
                return self.number_unit(data);
            }
            style = self.cells.get(style.parent.as_deref()?)?;
        }
        None
    }

    /// The unit a number style's text shows, else the first that its maps apply shows (a
    /// format with sections keeps the positive one in a style of its own, which maps no
    /// further).
    fn number_unit(&self, name: &str) -> Option<MoneyUnit> {
        let style = self.numbers.get(name)?;
        text_unit(&style.text).or_else(|| {
            style
                .maps
                .iter()
                .find_map(|m| text_unit(&self.numbers.get(m)?.text))
        })
    }
}

/// The unit a number style's literal text shows: quoted, so that no character of it reads as
/// a format code.
fn text_unit(text: &str) -> Option<MoneyUnit> {
    format_unit(&format!("\"{}\"", text.replace('"', "")))
}
