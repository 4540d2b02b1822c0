//! The totals of the 汇总 and 分单位 tables: the counted projects as a polars frame, summed
//! per category, per lead unit and overall.

use super::{Flag, Project};
use crate::domain::{Carry, Formality, Money};
use polars::prelude::*;
use std::collections::BTreeMap;

/// One line of the 汇总 / 分单位 tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub label: String,
    pub projects: i64,
    pub formal: i64,
    pub preliminary: i64,
    pub carried: i64,
    pub new: i64,
    pub total_investment: Money,
    pub annual_plan: Money,
    pub ytd_completed: Money,
    /// Sum of last period's 本年累计 over the projects found in history.
    pub prev_ytd: Option<Money>,
    pub lagging: i64,
    pub investment_lag: i64,
    pub start_lag: i64,
    pub finish_lag: i64,
    pub no_progress: i64,
    pub blocked: i64,
}

impl Totals {
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn completion_rate(&self) -> Option<f64> {
        (self.annual_plan > Money::ZERO)
            .then(|| self.ytd_completed.fen() as f64 / self.annual_plan.fen() as f64)
    }
}

pub(super) fn project_frame(projects: &[Project]) -> PolarsResult<DataFrame> {
    // One pass over the projects (each a large record) fills every column.
    let n = projects.len();
    let mut category = Vec::with_capacity(n);
    let mut lead_unit = Vec::with_capacity(n);
    let mut bools: [Vec<bool>; 10] = std::array::from_fn(|_| Vec::with_capacity(n));
    let mut amounts: [Vec<i64>; 4] = std::array::from_fn(|_| Vec::with_capacity(n));
    for p in projects {
        let r = &p.row;
        category.push(r.category.label());
        lead_unit.push(r.lead_unit.as_str());
        let has = |f: Flag| p.flags.contains(&f);
        let flags = [
            r.formal == Formality::Formal,
            r.formal == Formality::Preliminary,
            r.carry == Some(Carry::Carried),
            r.carry == Some(Carry::New),
            p.is_lagging(),
            has(Flag::Investment),
            has(Flag::Start),
            has(Flag::Finish),
            has(Flag::NoProgress),
            has(Flag::Blocked),
        ];
        for (column, value) in bools.iter_mut().zip(flags) {
            column.push(value);
        }
        let money = [
            r.total_investment,
            r.annual_plan,
            r.ytd_completed,
            p.prev_ytd.unwrap_or_default(),
        ];
        for (column, value) in amounts.iter_mut().zip(money) {
            column.push(value.fen());
        }
    }
    let [
        formal,
        preliminary,
        carried,
        new,
        lagging,
        investment,
        start,
        finish,
        no_progress,
        blocked,
    ] = bools;
    let [total, plan, ytd, prev_ytd] = amounts;
    df!(
        "category" => category,
        "lead_unit" => lead_unit,
        "formal" => formal,
        "preliminary" => preliminary,
        "carried" => carried,
        "new" => new,
        "total_investment" => total,
        "annual_plan" => plan,
        "ytd_completed" => ytd,
        "prev_ytd" => prev_ytd,
        "lagging" => lagging,
        "investment_lag" => investment,
        "start_lag" => start,
        "finish_lag" => finish,
        "no_progress" => no_progress,
        "blocked" => blocked,
    )
}

const SUMMED: [&str; 15] = [
    "formal",
    "preliminary",
    "carried",
    "new",
    "total_investment",
    "annual_plan",
    "ytd_completed",
    "prev_ytd",
    "lagging",
    "investment_lag",
    "start_lag",
    "finish_lag",
    "no_progress",
    "blocked",
    "projects",
];

fn aggregations() -> Vec<Expr> {
    let mut exprs: Vec<Expr> = SUMMED[..14]
        .iter()
        .map(|c| col(*c).cast(DataType::Int64).sum().alias(*c))
        .collect();
    exprs.push(len().cast(DataType::Int64).alias("projects"));
    exprs
}

pub(super) fn group_totals(
    frame: &DataFrame,
    key: &str,
    with_history: bool,
) -> PolarsResult<Vec<Totals>> {
    // Group order is not stable in polars: sort by the key before reading the rows.
    let grouped = frame
        .clone()
        .lazy()
        .group_by([col(key)])
        .agg(aggregations())
        .sort([key], SortMultipleOptions::default())
        .collect()?;
    let labels: Vec<String> = grouped
        .column(key)?
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default().to_owned())
        .collect();
    totals_rows(&grouped, labels, with_history)
}

pub(super) fn overall_totals(frame: &DataFrame, with_history: bool) -> PolarsResult<Totals> {
    let summed = frame.clone().lazy().select(aggregations()).collect()?;
    Ok(totals_rows(&summed, vec![String::new()], with_history)?
        .pop()
        .unwrap_or_default())
}

fn totals_rows(
    frame: &DataFrame,
    labels: Vec<String>,
    with_history: bool,
) -> PolarsResult<Vec<Totals>> {
    let column = |name: &str| -> PolarsResult<Vec<i64>> {
        Ok(frame
            .column(name)?
            .i64()?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    };
    let c: BTreeMap<&str, Vec<i64>> = SUMMED
        .iter()
        .map(|n| Ok((*n, column(n)?)))
        .collect::<PolarsResult<_>>()?;
    Ok(labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| Totals {
            label,
            projects: c["projects"][i],
            formal: c["formal"][i],
            preliminary: c["preliminary"][i],
            carried: c["carried"][i],
            new: c["new"][i],
            total_investment: Money::from_fen(c["total_investment"][i]),
            annual_plan: Money::from_fen(c["annual_plan"][i]),
            ytd_completed: Money::from_fen(c["ytd_completed"][i]),
            prev_ytd: with_history.then(|| Money::from_fen(c["prev_ytd"][i])),
            lagging: c["lagging"][i],
            investment_lag: c["investment_lag"][i],
            start_lag: c["start_lag"][i],
            finish_lag: c["finish_lag"][i],
            no_progress: c["no_progress"][i],
            blocked: c["blocked"][i],
        })
        .collect())
}
