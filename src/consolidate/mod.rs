//! Counted rows → the month's figures: totals per category, per lead unit and overall (polars),
//! lag flags with their reasons in words (LEDGER-SPEC section 6), the quarter's task list and
//! the submission status of every unit. Pure functions over data; sorted before they leave.

mod flags;
mod tasks;
mod totals;
mod units;

pub use flags::{Flag, Project, date_words};
pub use tasks::QuarterTask;
pub use totals::Totals;
pub use units::{Submission, UnitStatus, has_roster};

use crate::config::Config;
use crate::domain::{Category, Money, MoneyUnit, Period, Previous, Vocabulary};
use crate::inbox::Inbox;
use crate::normalize::ProjectRow;
use flags::flag_project;
use polars::prelude::PolarsResult;
use rayon::prelude::*;
use tasks::quarter_tasks;
use totals::{group_totals, overall_totals, project_frame};
use units::unit_status;

/// Everything the reports show.
#[derive(Debug, Clone)]
pub struct Consolidated {
    pub period: Period,
    /// 序时进度 at the period's end (0–1).
    pub schedule_progress: f64,
    /// Whether history gave last period's figures, and which period it was.
    pub previous_period: Option<Period>,
    pub projects: Vec<Project>,
    /// The three categories in order, then the total.
    pub by_category: Vec<Totals>,
    pub all: Totals,
    /// Per lead unit, by name.
    pub by_unit: Vec<Totals>,
    /// The quarter's tasks, grouped by 主责部门 (departments by name), then by deadline.
    pub quarter_tasks: Vec<QuarterTask>,
    pub units: Vec<UnitStatus>,
    /// The money unit of the sheets that list projects one by one (config `detail_unit`).
    pub detail_unit: MoneyUnit,
}

impl Consolidated {
    pub fn lagging(&self) -> impl Iterator<Item = &Project> {
        self.projects.iter().filter(|p| p.is_lagging())
    }

    /// 主责部门 of the quarter's task list, in order.
    #[must_use]
    pub fn task_departments(&self) -> Vec<&str> {
        let mut depts: Vec<&str> = self
            .quarter_tasks
            .iter()
            .map(|t| t.lead_dept.as_str())
            .collect();
        depts.dedup();
        depts
    }
}

/// Consolidates a checked inbox, against last period's figures when the history has them.
///
/// # Errors
/// Only if polars fails on frames it built itself.
pub fn consolidate(
    inbox: &Inbox,
    config: &Config,
    previous: Option<&Previous>,
) -> PolarsResult<Consolidated> {
    consolidate_rows(inbox.projects.clone(), inbox, config, previous)
}

/// [`consolidate`] with the counted rows given by value, taken out of the inbox
/// (`inbox.projects` is not read): the month's rows are moved, not copied.
///
/// # Errors
/// Only if polars fails on frames it built itself.
pub fn consolidate_rows(
    rows: Vec<ProjectRow>,
    inbox: &Inbox,
    config: &Config,
    previous: Option<&Previous>,
) -> PolarsResult<Consolidated> {
    let period = inbox.period;
    let schedule = config.schedule[(period.month - 1) as usize];
    let schedule_progress = schedule.to_f64();
    let flag = |row: ProjectRow| {
        let prev_ytd = previous.and_then(|p| p.ytd(&row.key()));
        flag_project(row, prev_ytd, period, schedule, &config.thresholds)
    };
    let projects = map_in_chunks(rows, flag);
    let with_history = previous.is_some();
    // The totals and the quarter's task lines, each on a core of its own.
    let (totals, quarter_tasks) = rayon::join(
        || totals_of(&projects, with_history),
        || quarter_tasks(inbox, &projects),
    );
    let (by_category, all, by_unit) = totals?;
    Ok(Consolidated {
        period,
        schedule_progress,
        previous_period: previous.map(|p| p.period),
        quarter_tasks,
        units: unit_status(inbox, config),
        detail_unit: config.detail_unit,
        projects,
        by_category,
        all,
        by_unit,
    })
}

/// The totals per category (in the office's order), in all and per unit.
fn totals_of(
    projects: &[Project],
    with_history: bool,
) -> PolarsResult<(Vec<Totals>, Totals, Vec<Totals>)> {
    let frame = project_frame(projects)?;
    let mut by_category = group_totals(&frame, "category", with_history)?;
    by_category = Category::ALL
        .iter()
        .map(|c| {
            by_category
                .iter()
                .find(|t| t.label == c.label())
                .cloned()
                .unwrap_or_else(|| Totals {
                    label: c.label().to_owned(),
                    prev_ytd: with_history.then_some(Money::ZERO),
                    ..Totals::default()
                })
        })
        .collect();
    let mut all = overall_totals(&frame, with_history)?;
    "合计".clone_into(&mut all.label);
    let by_unit = group_totals(&frame, "lead_unit", with_history)?;
    Ok((by_category, all, by_unit))
}

/// `rows.into_par_iter().map(f).collect()`, with the rows taken from the end a chunk at a
/// time and their room given back as the results grow: a million rows are not held twice.
fn map_in_chunks<T: Send, U: Send>(mut rows: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    const CHUNK: usize = 1 << 15;
    let mut out: Vec<U> = Vec::with_capacity(rows.len());
    while !rows.is_empty() {
        let tail = rows.split_off(rows.len().saturating_sub(CHUNK));
        rows.shrink_to_fit();
        let mapped: Vec<U> = tail.into_par_iter().map(&f).collect();
        out.extend(mapped.into_iter().rev());
    }
    out.reverse();
    out
}
