//! The year's part of run.json (section 9): `lights`, `projects`, `problems`, `assessment` and
//! `trend`, flattened into the run's object; `year_notes` says what may be incomplete.

use super::{AssessComponent, YearView};
use crate::consolidate::Consolidated;
use crate::domain::{Category, Light, MoneyUnit, Vocabulary};
use serde::Serialize;
use std::collections::BTreeMap;

/// Borrowed from the month's projects and the year's view where it can be: a large month
/// lists a million projects here.
#[derive(Debug, Clone, Serialize)]
pub struct YearJson<'a> {
    pub lights: BTreeMap<String, usize>,
    pub projects: Projects<'a>,
    pub problems: Vec<ProblemJson<'a>>,
    pub assessment: Vec<AssessmentJson>,
    pub trend: Vec<TrendJson>,
    pub year_notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectJson<'a> {
    pub code: Option<&'a str>,
    pub name: &'a str,
    pub lead_unit: &'a str,
    pub light: &'a str,
    pub light_reasons: Vec<&'a str>,
    pub streak: u32,
    pub streak_incomplete: bool,
    pub changes: Vec<&'static str>,
}

/// Every counted project with its light, each made as it is written.
#[derive(Clone, Copy)]
pub struct Projects<'a> {
    c: &'a Consolidated,
    y: &'a YearView,
}

impl Projects<'_> {
    /// Each project's entry, in the projects' order.
    pub fn iter(&self) -> impl Iterator<Item = ProjectJson<'_>> {
        let y = self.y;
        self.c
            .projects
            .iter()
            .zip(&y.projects)
            .map(move |(p, py)| ProjectJson {
                code: p.row.code.as_deref(),
                name: &p.row.name,
                lead_unit: p.row.lead_unit.as_str(),
                light: y.label(py.light),
                light_reasons: py.setting().map(|c| c.reason.as_str()).collect(),
                streak: py.streak,
                streak_incomplete: py.streak_incomplete,
                changes: py.changes.iter().map(|c| c.label()).collect(),
            })
    }
}

impl std::fmt::Debug for Projects<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Projects({})", self.c.projects.len())
    }
}

impl Serialize for Projects<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemJson<'a> {
    pub code: Option<&'a str>,
    pub name: &'a str,
    pub lead_unit: &'a str,
    pub problem: &'a str,
    pub first_seen: String,
    pub months: u32,
    pub level: &'a str,
    pub incomplete: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentJson {
    pub unit: String,
    pub score: f64,
    pub rank: usize,
    pub components: BTreeMap<String, f64>,
    pub red: usize,
    pub yellow: usize,
    pub months_submitted: usize,
    pub months_run: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendFiguresJson {
    pub projects: usize,
    pub annual_plan: f64,
    pub ytd_completed: f64,
    pub completion_rate: Option<f64>,
    pub lagging: usize,
    pub red: Option<usize>,
    pub yellow: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendJson {
    pub period: String,
    #[serde(flatten)]
    pub all: TrendFiguresJson,
    pub schedule: f64,
    pub by_category: BTreeMap<String, TrendFiguresJson>,
}

/// One decimal as a number (87.5).
#[allow(clippy::cast_precision_loss)]
fn one_decimal(tenths: i128) -> f64 {
    tenths as f64 / 10.0
}

impl<'a> YearJson<'a> {
    #[must_use]
    pub fn new(c: &'a Consolidated, y: &'a YearView, unit: MoneyUnit) -> Self {
        let counts = y.counts();
        let lights = Light::ALL
            .iter()
            .zip(counts)
            .map(|(l, n)| (y.label(*l).to_owned(), n))
            .collect();
        let projects = Projects { c, y };
        let problems = y
            .problems
            .iter()
            .filter_map(|pr| {
                let p = c.projects.get(pr.project)?;
                Some(ProblemJson {
                    code: p.row.code.as_deref(),
                    name: &p.row.name,
                    lead_unit: p.row.lead_unit.as_str(),
                    problem: &pr.problem,
                    first_seen: pr.first_seen.to_string(),
                    months: pr.months,
                    level: &pr.level_label,
                    incomplete: pr.incomplete,
                })
            })
            .collect();
        let assessment = y
            .assessment
            .iter()
            .map(|a| AssessmentJson {
                unit: a.unit.clone(),
                score: one_decimal(a.score_tenths),
                rank: a.rank,
                components: AssessComponent::ALL
                    .iter()
                    .zip(&a.components)
                    .filter_map(|(c, v)| {
                        Some((c.label().to_owned(), one_decimal(v.as_ref()?.tenths())))
                    })
                    .collect(),
                red: a.red,
                yellow: a.yellow,
                months_submitted: a.months_submitted,
                months_run: a.months_run,
            })
            .collect();
        let figures = |f: &super::TrendFigures| TrendFiguresJson {
            projects: f.projects,
            annual_plan: f.annual_plan.in_unit(unit),
            ytd_completed: f.ytd_completed.in_unit(unit),
            completion_rate: f.completion_rate(),
            lagging: f.lagging,
            red: f.red,
            yellow: f.yellow,
        };
        let trend = y
            .trend
            .iter()
            .map(|t| TrendJson {
                period: t.period.to_string(),
                all: figures(&t.all),
                schedule: t.schedule,
                by_category: Category::ALL
                    .iter()
                    .zip(&t.by_category)
                    .map(|(cat, f)| (cat.label().to_owned(), figures(f)))
                    .collect(),
            })
            .collect();
        YearJson {
            lights,
            projects,
            problems,
            assessment,
            trend,
            year_notes: y.notes(),
        }
    }
}
