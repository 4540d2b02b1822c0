//! `Text`: a string that many rows share (the file and sheet a row came from, the submitting
//! and lead units, the enum values), held once and counted, so that a month of a million rows
//! does not hold a million copies of `区属重大工程`. Read it as a `&str`.

use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string, cheap to clone: clones share one allocation.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

impl Text {
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::from("")
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Arc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Arc::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text(Arc::from(s.as_str()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.0.to_string()
    }
}

impl From<&Text> for String {
    fn from(t: &Text) -> Self {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == &*other.0
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Hands out one `Text` per distinct string: a sheet's rows share their unit names and enum
/// values.
#[derive(Debug, Default)]
pub struct Interner(std::collections::HashSet<Text>);

impl Interner {
    /// The shared `Text` equal to `s`.
    pub fn get(&mut self, s: &str) -> Text {
        if let Some(t) = self.0.get(s) {
            return t.clone();
        }
        let t = Text::from(s);
        self.0.insert(t.clone());
        t
    }
}

/// NFKC, without any whitespace: the form in which headers and enum values are compared.
#[must_use]
pub fn normalize_key(text: &str) -> String {
    // Most text (CJK, ASCII) is already in NFKC: the quick check spares the decomposition.
    use unicode_normalization::UnicodeNormalization;
    if unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        return text.chars().filter(|c| !c.is_whitespace()).collect();
    }
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_and_compares_like_a_string() {
        let t = Text::from("区建管委");
        assert_eq!(t, "区建管委");
        assert_eq!("区建管委", t);
        assert_eq!(t, "区建管委".to_owned());
        assert_eq!(t.as_str().chars().count(), 4);
        assert_eq!(format!("{t}|{t:?}"), "区建管委|\"区建管委\"");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"区建管委\"");
        let mut interner = Interner::default();
        let (a, b) = (interner.get("在建"), interner.get("在建"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
    }
}
