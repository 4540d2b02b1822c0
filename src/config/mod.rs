//! `Config`: the built-in defaults (templates/taizhang.toml), a `taizhang.toml` over them, and
//! the command line over both, validated once.

use crate::domain::{MoneyUnit, Ratio};
use crate::schema::{LedgerKind, Schema};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod layout;
mod messages;
mod year;

pub use layout::{ColumnField, ColumnRef, Layout};
use messages::{describe_toml_error, line_of_key};
pub use year::{BulletinConfig, LightLabels, Weights, YearConfig};

pub const DEFAULT_CONFIG: &str = include_str!("../../templates/taizhang.toml");

/// A member unit of the roster, with the other names its files may carry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterUnit {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Points below 序时进度 at which a project is 投资滞后.
    pub investment_lag_points: f64,
    /// Points below at which it is 严重滞后.
    pub investment_severe_points: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    input: Option<PathBuf>,
    #[serde(default)]
    output: Option<PathBuf>,
    input_unit: MoneyUnit,
    output_unit: MoneyUnit,
    #[serde(default)]
    detail_unit: Option<MoneyUnit>,
    thresholds: Thresholds,
    #[serde(default)]
    schedule: Option<Vec<f64>>,
    #[serde(default)]
    stale_lock_minutes: Option<u64>,
    #[serde(default)]
    roster: Vec<RosterUnit>,
    #[serde(default)]
    aliases: Aliases,
    #[serde(default)]
    year: YearConfig,
    #[serde(default)]
    bulletin: BulletinConfig,
    #[serde(default)]
    layout: Vec<layout::LayoutEntry>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Aliases {
    #[serde(default)]
    project: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    task: BTreeMap<String, Vec<String>>,
}

/// Everything a run needs to know, resolved.
#[derive(Debug, Clone)]
pub struct Config {
    pub input: PathBuf,
    pub output: PathBuf,
    pub input_unit: MoneyUnit,
    pub output_unit: MoneyUnit,
    /// The unit of the sheets that list projects one by one (推进情况表, 项目明细, 滞后项目, 反馈):
    /// 万元 unless configured, so that a 150万元 project does not show as 0.02.
    pub detail_unit: MoneyUnit,
    pub thresholds: Thresholds,
    /// 序时进度 at the end of each month, exactly; month/12 unless configured.
    pub schedule: [Ratio; 12],
    pub stale_lock_minutes: u64,
    pub roster: Vec<RosterUnit>,
    pub year: YearConfig,
    pub bulletin: BulletinConfig,
    pub schema: Schema,
    /// How particular files read, where detection fails (`[[layout]]`, 3A.10).
    pub layouts: Vec<Layout>,
    /// Where the settings came from, for messages.
    pub source: Option<PathBuf>,
}

/// A config that cannot be used: the run stops before reading anything.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("无法读取配置文件 {path}：{}", crate::os_error::cause(source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("配置文件 {path} 有误：{message}")]
    Invalid { path: PathBuf, message: String },
}

impl Config {
    /// The built-in defaults.
    ///
    /// # Panics
    /// Only if the embedded default config is malformed, which the tests rule out.
    #[must_use]
    pub fn builtin() -> Self {
        Self::parse(DEFAULT_CONFIG, Path::new("templates/taizhang.toml"))
            .expect("default config is valid")
    }

    /// Reads a `taizhang.toml`.
    ///
    /// # Errors
    /// When the file cannot be read or a key is wrong; the message names the key and line.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let mut config = Self::parse(&text, path)?;
        // Folders in the file are relative to the file, not to wherever the scheduler starts.
        let base = path.parent().unwrap_or(Path::new(""));
        for folder in [&mut config.input, &mut config.output] {
            if folder.is_relative() {
                *folder = base.join(&*folder);
            }
        }
        config.source = Some(path.to_owned());
        Ok(config)
    }

    /// # Errors
    /// When the text is not a valid config.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_owned(),
            message,
        };
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| invalid(describe_toml_error(text, &e)))?;
        let line_of = |key: &str| line_of_key(text, key);
        let t = &file.thresholds;
        if !(0.0..=100.0).contains(&t.investment_lag_points)
            || !(t.investment_lag_points..=100.0).contains(&t.investment_severe_points)
        {
            return Err(invalid(format!(
                "第{}行 thresholds：investment_lag_points 应在 0–100 之间，且不大于 investment_severe_points",
                line_of("investment_lag_points")
            )));
        }
        let schedule = match &file.schedule {
            None => std::array::from_fn(|i| {
                Ratio::new(i128::try_from(i + 1).unwrap_or(12), 12).unwrap_or(Ratio::whole(1))
            }),
            Some(values) => {
                let exact: Vec<Ratio> = values.iter().map(|v| Ratio::from_decimal(*v)).collect();
                let ok = values.len() == 12
                    && values.iter().all(|v| (0.0..=1.0).contains(v))
                    && values.windows(2).all(|w| w[0] <= w[1]);
                if !ok {
                    return Err(invalid(format!(
                        "第{}行 schedule：应为12个从小到大、0到1之间的数（各月末的序时进度，如 0.05）",
                        line_of("schedule")
                    )));
                }
                std::array::from_fn(|i| exact[i])
            }
        };
        if file.year.ladder.is_empty() {
            return Err(invalid(format!(
                "第{}行 year：ladder 至少要有一个协调层级",
                line_of("ladder")
            )));
        }
        let mut seen = std::collections::BTreeSet::new();
        for unit in &file.roster {
            if unit.name.trim().is_empty() {
                return Err(invalid(format!(
                    "第{}行 roster：单位名称 name 不能为空",
                    line_of("name")
                )));
            }
            if !seen.insert(unit.name.clone()) {
                return Err(invalid(format!(
                    "第{}行 roster：单位“{}”重复",
                    line_of(&format!("\"{}\"", unit.name)),
                    unit.name
                )));
            }
        }
        let mut schema = Schema::builtin();
        for (kind, extra) in [
            (LedgerKind::Project, &file.aliases.project),
            (LedgerKind::Task, &file.aliases.task),
        ] {
            if let Some(key) = extra.keys().find(|k| schema.field(kind, k).is_none()) {
                return Err(invalid(format!(
                    "第{}行 aliases：没有名为“{key}”的列（可用：{}）",
                    line_of(key),
                    schema
                        .fields(kind)
                        .iter()
                        .map(|f| f.key.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                )));
            }
            schema.add_aliases(kind, extra);
        }
        let layouts = layout::check(file.layout, text, &schema).map_err(invalid)?;
        Ok(Config {
            input: file.input.unwrap_or_else(|| PathBuf::from("samples")),
            output: file.output.unwrap_or_else(|| PathBuf::from("out")),
            input_unit: file.input_unit,
            output_unit: file.output_unit,
            detail_unit: file.detail_unit.unwrap_or(MoneyUnit::Wan),
            thresholds: file.thresholds,
            schedule,
            stale_lock_minutes: file.stale_lock_minutes.unwrap_or(720),
            roster: file.roster,
            year: file.year,
            bulletin: file.bulletin,
            schema,
            layouts,
            source: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_config_is_valid() {
        let c = Config::builtin();
        assert_eq!(c.input_unit, MoneyUnit::Wan);
        assert_eq!(c.output_unit, MoneyUnit::Yi);
        assert_eq!(c.detail_unit, MoneyUnit::Wan);
        assert!((c.schedule[2].to_f64() - 0.25).abs() < 1e-12);
        assert!(c.roster.is_empty());
    }

    #[test]
    fn a_schedule_replaces_month_over_twelve() {
        let text = DEFAULT_CONFIG.replace(
            "# schedule = [0.04, 0.08, 0.14, 0.20, 0.27, 0.35, 0.43, 0.51, 0.60, 0.70, 0.82, 1.00]",
            "schedule = [0.04, 0.08, 0.14, 0.20, 0.27, 0.35, 0.43, 0.51, 0.60, 0.70, 0.82, 1.00]",
        );
        let c = Config::parse(&text, Path::new("t.toml")).unwrap();
        assert!((c.schedule[2].to_f64() - 0.14).abs() < 1e-12);
        let bad = text.replace("0.82, 1.00]", "0.82]");
        let err = Config::parse(&bad, Path::new("t.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("schedule") && err.contains("12"), "{err}");
    }

    #[test]
    fn bad_values_name_key_and_line() {
        let text =
            DEFAULT_CONFIG.replace("investment_lag_points = 10", "investment_lag_points = 150");
        let err = Config::parse(&text, Path::new("t.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("investment_lag_points") && err.contains('行'),
            "{err}"
        );
        let text = DEFAULT_CONFIG.replace("output_unit = \"亿元\"", "output_unit = \"千元\"");
        let err = Config::parse(&text, Path::new("t.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("第") && err.contains("output_unit") || err.contains("千元"),
            "{err}"
        );
    }
}
