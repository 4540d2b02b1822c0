//! The ledger's enum vocabularies. Each variant's canonical spelling is the first spelling of
//! its value in `templates/schema.toml` (the single source); logic matches on the variants.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// `templates/schema.toml`: the fields, their header aliases and the enum spellings.
pub const SCHEMA_TOML: &str = include_str!("../../templates/schema.toml");

#[derive(Deserialize)]
struct Enums {
    enums: BTreeMap<String, Vec<Vec<String>>>,
}

/// Canonical spellings per enum, in schema order.
static CANONICAL: LazyLock<BTreeMap<String, Vec<&'static str>>> = LazyLock::new(|| {
    let parsed: Enums = toml::from_str(SCHEMA_TOML).unwrap_or(Enums {
        enums: BTreeMap::new(),
    });
    parsed
        .enums
        .into_iter()
        .map(|(name, values)| {
            let labels = values
                .into_iter()
                .filter_map(|spellings| spellings.into_iter().next())
                .map(|s| &*Box::leak(s.into_boxed_str()))
                .collect();
            (name, labels)
        })
        .collect()
});

/// A closed vocabulary of `templates/schema.toml`: its variants in schema order.
pub trait Vocabulary: Copy + Eq + 'static {
    /// The enum's name in schema.toml (`[enums] category = …`).
    const ENUM: &'static str;
    /// Every variant, in the schema's order.
    const ALL: &'static [Self];

    /// The canonical Chinese spelling.
    fn label(self) -> &'static str {
        let i = Self::ALL.iter().position(|v| *v == self).unwrap_or(0);
        CANONICAL
            .get(Self::ENUM)
            .and_then(|labels| labels.get(i))
            .copied()
            .unwrap_or("")
    }

    /// The variant whose canonical spelling this is (as a schema's `EnumDef::resolve` returns).
    fn from_canonical(text: &str) -> Option<Self> {
        let i = CANONICAL.get(Self::ENUM)?.iter().position(|l| *l == text)?;
        Self::ALL.get(i).copied()
    }
}

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident = $enum:literal { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl Vocabulary for $name {
            const ENUM: &'static str = $enum;
            const ALL: &'static [Self] = &[$($name::$variant),+];
        }

        impl $name {
            /// The canonical Chinese spelling.
            #[must_use]
            pub fn label(self) -> &'static str {
                <Self as Vocabulary>::label(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary! {
    /// 项目类别, in the office's order (市属, 区属, 区属预备).
    Category = "category" { CityMajor, DistrictMajor, DistrictReserve }
}
vocabulary! {
    /// 项目性质: 正式项目 or 预备项目.
    Formality = "formal" { Formal, Preliminary }
}
vocabulary! {
    /// 结转/新增.
    Carry = "carry" { Carried, New }
}
vocabulary! {
    /// 建设阶段.
    Stage = "stage" { Preparation, Construction, Completed }
}
vocabulary! {
    /// A task's 完成情况.
    TaskStatus = "status" { Done, InProgress, NotStarted }
}

impl Category {
    /// The 项目性质 a row without one takes: 预备 in the reserve category, else 正式.
    #[must_use]
    pub fn default_formality(self) -> Formality {
        match self {
            Category::DistrictReserve => Formality::Preliminary,
            Category::CityMajor | Category::DistrictMajor => Formality::Formal,
        }
    }
}
