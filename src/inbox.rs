//! The front half every command shares: find the files, read and normalise them in parallel,
//! settle the period, finish the task sheets and run the cross-file checks. Output order never
//! depends on thread timing: files are kept in name order.

use crate::config::Config;
use crate::domain::Period;
use crate::ingest::{self, ReadLimits};
use crate::issue::{Issue, IssueCode};
use crate::normalize::{self, Context, Ledger, ProjectRow, TaskRow};
use crate::validate;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// A month's inbox, read and checked.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub period: Period,
    /// How the period was settled, for the log: given, inferred from the files, or assumed.
    pub period_source: PeriodSource,
    pub ledgers: Vec<Ledger>,
    /// Projects counted once (duplicates resolved), in file order.
    pub projects: Vec<ProjectRow>,
    pub tasks: Vec<TaskRow>,
    pub missing_units: Vec<String>,
    /// Every issue, in reading order.
    pub issues: Vec<Issue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSource {
    Given,
    Inferred,
    /// No file states one: the month before today.
    Assumed,
}

/// Reads and checks everything under the inputs.
///
/// # Errors
/// When an input folder cannot be listed: nothing can be checked.
pub fn read_inbox(
    inputs: &[PathBuf],
    config: &Config,
    period: Option<Period>,
    limits: &ReadLimits,
    on_file: &(dyn Fn() + Sync),
    on_count: &dyn Fn(usize),
) -> Result<Inbox, crate::ingest::ReadError> {
    let candidates = ingest::discover(inputs)?;
    on_count(candidates.len());
    // Not used before `finish`: project rows do not depend on the period.
    let early = Context::new(
        config,
        period.unwrap_or(Period {
            year: 2022,
            month: 1,
        }),
    );
    let (prepared, all_projects) = read_all(&candidates, &early, limits, on_file);
    let (period, period_source) = match period {
        Some(p) => (p, PeriodSource::Given),
        None => {
            match normalize::most_stated(prepared.iter().map(normalize::Prepared::stated_period)) {
                Some(p) => (p, PeriodSource::Inferred),
                None => (last_month(), PeriodSource::Assumed),
            }
        }
    };
    let ctx = Context { period, ..early };
    let mut ledgers: Vec<Ledger> = prepared.into_par_iter().map(|p| p.finish(&ctx)).collect();

    let mut issues: Vec<Issue> = ledgers
        .iter_mut()
        .flat_map(|l| std::mem::take(&mut l.issues))
        .collect();
    let mut all_projects = all_projects;
    validate::set_aside_resubmissions(&mut ledgers, &mut all_projects, &mut issues);
    issues.extend(validate::period_mismatches(&ledgers, period));
    let (roster_issues, missing_units) = validate::roster_checks(&ledgers, &config.roster);
    issues.extend(roster_issues);
    let tasks: Vec<TaskRow> = ledgers
        .iter_mut()
        .flat_map(|l| std::mem::take(&mut l.tasks))
        .collect();
    let (projects, duplicate_issues) = validate::resolve_duplicates(all_projects);
    issues.extend(duplicate_issues);
    validate::sort_issues(&mut issues);
    Ok(Inbox {
        period,
        period_source,
        ledgers,
        projects,
        tasks,
        missing_units,
        issues,
    })
}

/// Reads and normalises every file on whichever core is free, dropping each file's cells as
/// soon as its rows are typed (only task sheets wait for the period), in name order. The
/// project rows of each file go at once to one list, so that a large month never holds every
/// file's rows twice, in the files and in the list.
fn read_all(
    candidates: &[ingest::Candidate],
    early: &Context<'_>,
    limits: &ReadLimits,
    on_file: &(dyn Fn() + Sync),
) -> (Vec<normalize::Prepared>, Vec<ProjectRow>) {
    let (rows_of_file, arrivals) = std::sync::mpsc::channel::<(usize, Vec<ProjectRow>)>();
    let (prepared, (mut all, spans)) = std::thread::scope(|scope| {
        let collector = scope.spawn(move || {
            let mut all: Vec<ProjectRow> = Vec::new();
            // (file, first row in `all`, rows), in the order the files were done.
            let mut spans: Vec<(usize, usize, usize)> = Vec::new();
            for (file, mut rows) in arrivals {
                spans.push((file, all.len(), rows.len()));
                all.append(&mut rows);
            }
            (all, spans)
        });
        let prepared: Vec<normalize::Prepared> = candidates
            .par_iter()
            .enumerate()
            .map_with(rows_of_file, |rows_of_file, (i, c)| {
                let mut p = normalize::prepare(ingest::read(c, limits), early);
                let rows = p.take_projects();
                if !rows.is_empty() {
                    // The collector stops once every sender is gone: it cannot be gone first.
                    let _ = rows_of_file.send((i, rows));
                }
                on_file();
                p
            })
            .collect();
        let collected = collector
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (prepared, collected)
    });
    // Back into file order.
    let mut spans = spans;
    spans.sort_unstable();
    let order: Vec<usize> = spans
        .iter()
        .flat_map(|&(_, first, n)| first..first + n)
        .collect();
    validate::permute(&mut all, order);
    (prepared, all)
}

fn last_month() -> Period {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    Period::new(today.year(), today.month()).map_or(
        Period {
            year: 2022,
            month: 1,
        },
        Period::previous,
    )
}

impl Inbox {
    #[must_use]
    pub fn errors(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == crate::issue::Severity::Error)
            .count()
    }

    /// How many issues of each severity (by `Severity as usize`) each file has: one pass over
    /// the issues, for tables that count them file by file.
    #[must_use]
    pub fn severities_by_file(&self) -> HashMap<&str, [usize; 3]> {
        let mut counts: HashMap<&str, [usize; 3]> = HashMap::new();
        for i in &self.issues {
            counts.entry(i.file.as_str()).or_default()[i.severity as usize] += 1;
        }
        counts
    }

    /// Issues of one file.
    pub fn issues_of<'a>(&'a self, file: &'a str) -> impl Iterator<Item = &'a Issue> + 'a {
        self.issues.iter().filter(move |i| i.file == file)
    }

    /// Issues not tied to one file (units that did not submit).
    pub fn run_issues(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.file.is_empty() || i.code == IssueCode::UnitMissing)
    }
}
