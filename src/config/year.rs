//! The config of the year (LEDGER-SPEC 6A): thresholds, labels and weights of the lights, the
//! ladder and the assessment, and what the Word bulletin says of the office.

use serde::Deserialize;

/// The year's rules (LEDGER-SPEC section 6A): months to red, the labels and the weights.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct YearConfig {
    /// Months overdue (开工) from which the light is red.
    pub start_red_months: u32,
    /// Months overdue (竣工) from which the light is red.
    pub finish_red_months: u32,
    /// Months of 本月无进展 in a row that make it red.
    pub no_progress_red_months: u32,
    /// Months of lagging in a row that make it red (持续滞后).
    pub lagging_red_months: u32,
    pub lights: LightLabels,
    /// The ladder's levels: the k-th month in a row takes the k-th, the last from then on.
    pub ladder: Vec<String>,
    pub weights: Weights,
}

impl Default for YearConfig {
    fn default() -> Self {
        YearConfig {
            start_red_months: 3,
            finish_red_months: 3,
            no_progress_red_months: 3,
            lagging_red_months: 3,
            lights: LightLabels::default(),
            ladder: vec![
                "协调推动组协调".to_owned(),
                "提请副指挥长协调".to_owned(),
                "列入问题清单，报指挥长协调".to_owned(),
            ],
            weights: Weights::default(),
        }
    }
}

/// How the three lights are written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LightLabels {
    pub red: String,
    pub yellow: String,
    pub green: String,
}

impl Default for LightLabels {
    fn default() -> Self {
        LightLabels {
            red: "红".to_owned(),
            yellow: "黄".to_owned(),
            green: "绿".to_owned(),
        }
    }
}

impl LightLabels {
    #[must_use]
    pub fn of(&self, light: crate::domain::Light) -> &str {
        match light {
            crate::domain::Light::Red => &self.red,
            crate::domain::Light::Yellow => &self.yellow,
            crate::domain::Light::Green => &self.green,
        }
    }
}

/// 成员单位考核 weights, renormalised over the components a unit has.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    pub submission: u32,
    pub quality: u32,
    pub tasks: u32,
    pub investment: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            submission: 20,
            quality: 20,
            tasks: 30,
            investment: 30,
        }
    }
}

/// The Word bulletin's 期数, office and signature date; empty means the default.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BulletinConfig {
    /// `第3期`; by default the period's month.
    pub issue: String,
    pub office: String,
    /// `2022年4月5日`; by default the period's last day.
    pub date: String,
}

impl Default for BulletinConfig {
    fn default() -> Self {
        BulletinConfig {
            issue: String::new(),
            office: "区重大项目建设指挥部办公室".to_owned(),
            date: String::new(),
        }
    }
}
