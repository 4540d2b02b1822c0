//! Where a value sits in a submission: file, sheet and zero-based row and column, rendered as
//! `A12` or `区建管委.xlsx!重大项目!A12` only when shown.

use super::Text;
use std::fmt;

/// A cell of a submitted sheet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    pub file: Text,
    pub sheet: Text,
    /// Zero-based row.
    pub row: u32,
    /// Zero-based column.
    pub col: u32,
}

impl CellRef {
    /// `A12`
    #[must_use]
    pub fn a1(&self) -> String {
        a1(self.row, self.col)
    }

    /// The same row, another column.
    #[must_use]
    pub fn with_col(&self, col: u32) -> Self {
        CellRef {
            col,
            ..self.clone()
        }
    }
}

impl fmt::Display for CellRef {
    /// `区建管委.xlsx!重大项目!A12`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}!{}", self.file, self.sheet, self.a1())
    }
}

/// Zero-based (row, column) to an A1 reference.
#[must_use]
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

/// Zero-based column to its letters (`0` → `A`, `26` → `AA`).
#[must_use]
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Column letters to the zero-based column (`A` → `0`, `AA` → `26`), one to three letters of
/// either case; `None` for anything else.
#[must_use]
pub fn letters_column(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let n = letters.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    Some(n - 1)
}
