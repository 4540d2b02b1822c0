//! The key two rows of one project share across files and periods: its 项目编号, else its
//! name and lead unit, each normalised.

use std::fmt;

/// `code:PT-2022-031` or `name:项目名称|主责单位`, as the history stores it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProjectKey(String);

impl ProjectKey {
    /// The key of a project with this code, or else this name and lead unit.
    #[must_use]
    pub fn new(code: Option<&str>, name: &str, lead_unit: &str) -> Self {
        let key = super::normalize_key;
        ProjectKey(match code {
            Some(code) => format!("code:{}", key(code).to_uppercase()),
            None => format!("name:{}|{}", key(name), key(lead_unit)),
        })
    }

    /// A key as stored (history files).
    #[must_use]
    pub fn from_stored(text: &str) -> Self {
        ProjectKey(text.to_owned())
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
