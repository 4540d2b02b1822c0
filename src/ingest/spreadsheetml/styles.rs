//! The number formats of a `SpreadsheetML` document's styles (`<Style ss:ID="s21">
//! <NumberFormat ss:Format="0.00&quot;亿元&quot;"/>`), and which money unit each style shows
//! (LEDGER-SPEC 3A.3). A style without a format of its own takes its `ss:Parent`'s.

use super::super::numfmt::format_unit;
use super::walk::attr;
use crate::domain::MoneyUnit;
use quick_xml::events::BytesStart;
use std::collections::HashMap;

/// Styles a document may define: Excel writes one per distinct look; more are forged.
const MAX_STYLES: usize = 100_000;
/// Parents followed from one style: a loop of parents ends here.
const MAX_PARENTS: usize = 16;

/// The styles read so far.
#[derive(Debug, Default)]
pub(super) struct Styles {
    inside: bool,
    /// The `ss:ID` of the `Style` open.
    open: Option<String>,
    /// Style → the unit its own number format shows (`None`: a format showing none).
    formats: HashMap<String, Option<MoneyUnit>>,
    parents: HashMap<String, String>,
}

impl Styles {
    pub fn start(&mut self, name: &str, e: &BytesStart<'_>) {
        match name {
            "Styles" => self.inside = true,
            "Style" if self.inside => {
                self.open = attr(e, "ID");
                if let (Some(id), Some(parent)) = (&self.open, attr(e, "Parent"))
                    && self.parents.len() < MAX_STYLES
                {
                    self.parents.insert(id.clone(), parent);
                }
            }
            "NumberFormat" if self.formats.len() < MAX_STYLES => {
                if let Some(id) = self.open.clone() {
                    let unit = attr(e, "Format").and_then(|f| format_unit(&f));
                    self.formats.insert(id, unit);
                }
            }
            _ => {}
        }
    }

    pub fn end(&mut self, name: &str) {
        match name {
            "Styles" => self.inside = false,
            "Style" => self.open = None,
            _ => {}
        }
    }

    /// The unit the style shows, by its own format or its parents'.
    pub fn unit(&self, id: &str) -> Option<MoneyUnit> {
        let mut id = id;
        for _ in 0..MAX_PARENTS {
            if let Some(unit) = self.formats.get(id) {
                return *unit;
            }
            id = self.parents.get(id)?;
        }
        None
    }
}
