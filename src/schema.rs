//! The canonical ledger fields, their header aliases and enum spellings, read from the embedded
//! `templates/schema.toml` (plus any aliases a config adds). The reader, the messages and the
//! template workbook all take their words from here.

use crate::domain::MoneyUnit;
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;

pub use crate::domain::{SCHEMA_TOML, normalize_key};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Text,
    Money,
    Date,
    Deadline,
    Enum,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LedgerKind {
    Project,
    Task,
}

impl LedgerKind {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            LedgerKind::Project => "项目台帐",
            LedgerKind::Task => "任务清单",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    #[serde(default)]
    pub required: bool,
    #[serde(default, rename = "enum")]
    pub enum_name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub exact: Vec<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
struct PatternDef {
    field: String,
    regex: String,
}

#[derive(Debug, Deserialize)]
struct SchemaFile {
    project: Vec<Field>,
    task: Vec<Field>,
    pattern: Vec<PatternDef>,
    enums: BTreeMap<String, Vec<Vec<String>>>,
}

/// A header pattern carrying a period, e.g. `1-3月完成投资`.
#[derive(Debug, Clone)]
pub struct HeaderPattern {
    pub field: String,
    pub regex: Regex,
}

/// One enum: canonical values in order, and every accepted spelling mapped to its value.
#[derive(Debug, Clone, Default)]
pub struct EnumDef {
    pub values: Vec<String>,
    spellings: BTreeMap<String, String>,
}

impl EnumDef {
    /// The canonical value for a cell's text, after normalising.
    #[must_use]
    pub fn resolve(&self, text: &str) -> Option<&str> {
        self.spellings.get(&normalize_key(text)).map(String::as_str)
    }

    /// Every accepted spelling, normalised, with its canonical value.
    pub fn spellings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.spellings.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// A schema text that cannot be used (the embedded one is tested; a config's aliases are
/// checked by the config).
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("字段定义格式有误：{0}")]
    Toml(#[from] toml::de::Error),
    #[error("字段 {field} 的表头模式不是有效的正则表达式：{source}")]
    Pattern { field: String, source: regex::Error },
}

#[derive(Debug, Clone)]
pub struct Schema {
    pub project: Vec<Field>,
    pub task: Vec<Field>,
    pub patterns: Vec<HeaderPattern>,
    pub enums: BTreeMap<String, EnumDef>,
    /// Each field's aliases then exact aliases, as written and normalised, computed once:
    /// `match_header` runs for every text cell near the top of every sheet.
    alias_keys: [Vec<Vec<(String, String)>>; 2],
}

/// A header matched to a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderMatch {
    pub field: String,
    /// Year and months found in a period header (`2022年1-3月完成投资`).
    pub year: Option<i32>,
    pub month: Option<u32>,
}

impl Schema {
    /// The built-in schema.
    ///
    /// # Panics
    /// Only if the embedded template is malformed, which the unit tests rule out.
    #[must_use]
    pub fn builtin() -> Self {
        Self::parse(SCHEMA_TOML).expect("templates/schema.toml is valid")
    }

    /// # Errors
    /// When the text is not a valid schema.
    pub fn parse(text: &str) -> Result<Self, SchemaError> {
        let file: SchemaFile = toml::from_str(text)?;
        let patterns = file
            .pattern
            .into_iter()
            .map(|p| match Regex::new(&p.regex) {
                Ok(regex) => Ok(HeaderPattern {
                    field: p.field,
                    regex,
                }),
                Err(source) => Err(SchemaError::Pattern {
                    field: p.field,
                    source,
                }),
            })
            .collect::<Result<_, _>>()?;
        let enums = file
            .enums
            .into_iter()
            .map(|(name, values)| {
                let mut def = EnumDef::default();
                for spellings in values {
                    let Some(value) = spellings.first().cloned() else {
                        continue;
                    };
                    for s in &spellings {
                        def.spellings.insert(normalize_key(s), value.clone());
                    }
                    def.values.push(value);
                }
                (name, def)
            })
            .collect();
        let mut schema = Schema {
            project: file.project,
            task: file.task,
            patterns,
            enums,
            alias_keys: [Vec::new(), Vec::new()],
        };
        schema.prepare_alias_keys();
        Ok(schema)
    }

    fn prepare_alias_keys(&mut self) {
        let keys = |fields: &[Field]| -> Vec<Vec<(String, String)>> {
            fields
                .iter()
                .map(|f| {
                    f.aliases
                        .iter()
                        .chain(&f.exact)
                        .map(|a| (a.clone(), normalize_key(a)))
                        .collect()
                })
                .collect()
        };
        self.alias_keys = [keys(&self.project), keys(&self.task)];
    }

    /// The normalised aliases (then exact aliases) of the `i`-th field of a kind. The keys
    /// prepared at load are used while they still belong to the field's aliases as written.
    fn field_keys<'a>(
        &'a self,
        kind: LedgerKind,
        i: usize,
        field: &'a Field,
    ) -> impl Iterator<Item = std::borrow::Cow<'a, str>> + 'a {
        let prepared = self.alias_keys[kind as usize].get(i);
        field
            .aliases
            .iter()
            .chain(&field.exact)
            .enumerate()
            .map(move |(j, alias)| {
                match prepared
                    .and_then(|p| p.get(j))
                    .filter(|(raw, _)| raw == alias)
                {
                    Some((_, key)) => std::borrow::Cow::Borrowed(key.as_str()),
                    None => std::borrow::Cow::Owned(normalize_key(alias)),
                }
            })
    }

    #[must_use]
    pub fn fields(&self, kind: LedgerKind) -> &[Field] {
        match kind {
            LedgerKind::Project => &self.project,
            LedgerKind::Task => &self.task,
        }
    }

    #[must_use]
    pub fn field(&self, kind: LedgerKind, key: &str) -> Option<&Field> {
        self.fields(kind).iter().find(|f| f.key == key)
    }

    /// Adds aliases from a config: `field key → extra header spellings`.
    pub fn add_aliases(&mut self, kind: LedgerKind, extra: &BTreeMap<String, Vec<String>>) {
        let fields = match kind {
            LedgerKind::Project => &mut self.project,
            LedgerKind::Task => &mut self.task,
        };
        for field in fields.iter_mut() {
            if let Some(more) = extra.get(&field.key) {
                field.exact.extend(more.iter().cloned());
            }
        }
        self.prepare_alias_keys();
    }

    /// Matches a normalised header (see [`normalize_header`]) to a field of the ledger kind:
    /// exact aliases first, then period patterns, then the longest contained alias.
    #[must_use]
    pub fn match_header(&self, kind: LedgerKind, header: &str) -> Option<HeaderMatch> {
        if header.is_empty() {
            return None;
        }
        let fields = self.fields(kind);
        let plain = |field: &Field| HeaderMatch {
            field: field.key.clone(),
            year: None,
            month: None,
        };
        let exact = fields
            .iter()
            .enumerate()
            .find(|(i, f)| f.label == header || self.field_keys(kind, *i, f).any(|a| a == header));
        let exact = exact.map(|(_, f)| f);
        if let Some(f) = exact {
            return Some(plain(f));
        }
        for p in &self.patterns {
            if !fields.iter().any(|f| f.key == p.field) {
                continue;
            }
            if let Some(caps) = p.regex.captures(header) {
                let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
                return Some(HeaderMatch {
                    field: p.field.clone(),
                    year: num("year").and_then(|y| i32::try_from(y).ok()),
                    month: num("to").or_else(|| num("month")),
                });
            }
        }
        fields
            .iter()
            .enumerate()
            .flat_map(|(i, f)| {
                self.field_keys(kind, i, f)
                    .take(f.aliases.len())
                    .map(move |a| (f, a))
            })
            .filter(|(_, a)| a.chars().count() >= 3 && header.contains(a.as_ref()))
            .max_by_key(|(_, a)| a.chars().count())
            .map(|(f, _)| plain(f))
    }
}

/// Normalises a header cell: NFKC, no spaces or line breaks, and a trailing unit in brackets
/// (`（万元）`, `(亿元)`) removed and returned.
#[must_use]
pub fn normalize_header(text: &str) -> (String, Option<MoneyUnit>) {
    let key = normalize_key(text);
    if let Some(open) = key.rfind('(').filter(|_| key.ends_with(')')) {
        let inside = &key[open + 1..key.len() - 1];
        let unit = inside.strip_prefix("单位:").unwrap_or(inside);
        if let Some(unit) = MoneyUnit::from_text(unit) {
            return (key[..open].to_owned(), Some(unit));
        }
    }
    (key, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_schema_loads() {
        let s = Schema::builtin();
        assert!(
            s.project
                .iter()
                .any(|f| f.key == "total_investment" && f.required)
        );
        assert_eq!(s.enums["category"].resolve(" 区属 "), Some("区属重大工程"));
        assert_eq!(s.enums["carry"].resolve("新开"), Some("新增"));
        assert_eq!(s.enums["category"].resolve("市区共建"), None);
    }

    #[test]
    fn headers_match_aliases_patterns_and_units() {
        let s = Schema::builtin();
        let m = |h: &str| {
            let (h, _) = normalize_header(h);
            s.match_header(LedgerKind::Project, &h)
                .map(|m| (m.field, m.year, m.month))
        };
        assert_eq!(
            m("项目总投资（万元）"),
            Some(("total_investment".into(), None, None))
        );
        assert_eq!(
            m("2022年计划投资"),
            Some(("annual_plan".into(), Some(2022), None))
        );
        assert_eq!(
            m("1-3月完成投资"),
            Some(("ytd_completed".into(), None, Some(3)))
        );
        assert_eq!(
            m("2022年1-3月累计完成投资"),
            Some(("ytd_completed".into(), Some(2022), Some(3)))
        );
        assert_eq!(
            m("3月完成投资"),
            Some(("month_completed".into(), None, Some(3)))
        );
        assert_eq!(m("实际开工时间"), Some(("actual_start".into(), None, None)));
        assert_eq!(m("项目"), Some(("name".into(), None, None)));
        assert_eq!(m("项目 名称"), Some(("name".into(), None, None)));
        assert_eq!(m("序号"), None);
        assert_eq!(
            normalize_header("总投资\n(亿元)"),
            ("总投资".into(), Some(MoneyUnit::Yi))
        );
        assert_eq!(
            normalize_header("总投资（单位：万元）"),
            ("总投资".into(), Some(MoneyUnit::Wan))
        );
    }

    #[test]
    fn every_vocabulary_variant_has_the_schema_spelling() {
        use crate::domain::{Carry, Category, Formality, Stage, TaskStatus, Vocabulary};
        fn check<V: Vocabulary + std::fmt::Debug>(schema: &Schema) {
            let def = &schema.enums[V::ENUM];
            assert_eq!(def.values.len(), V::ALL.len(), "{}", V::ENUM);
            for (v, text) in V::ALL.iter().zip(&def.values) {
                assert_eq!(v.label(), text);
                assert_eq!(V::from_canonical(text), Some(*v));
            }
        }
        let schema = Schema::builtin();
        check::<Category>(&schema);
        check::<Formality>(&schema);
        check::<Carry>(&schema);
        check::<Stage>(&schema);
        check::<TaskStatus>(&schema);
        assert_eq!(Category::DistrictReserve.label(), "区属重点预备项目");
        assert_eq!(Stage::Construction.to_string(), "在建");
        assert_eq!(Category::from_canonical("区属"), None);
    }
}
