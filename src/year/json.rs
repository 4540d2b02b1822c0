//! The year's part of run.json (section 9): `lights`, `projects`, `problems`, `assessment` and
//! `trend`, flattened into the run's object; `year_notes` says what may be incomplete.

use super::{AssessComponent, YearView};
use crate::consolidate::Consolidated;
use crate::domain::{Category, Light, MoneyUnit, Vocabulary};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct YearJson {
    pub lights: BTreeMap<String, usize>,
    pub projects: Vec<ProjectJson>,
    pub problems: Vec<ProblemJson>,
    pub assessment: Vec<AssessmentJson>,
    pub trend: Vec<TrendJson>,
    pub year_notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectJson {
    pub code: Option<String>,
    pub name: String,
    pub lead_unit: String,
    pub light: String,
    pub light_reasons: Vec<String>,
    pub streak: u32,
    pub streak_incomplete: bool,
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemJson {
    pub code: Option<String>,
    pub name: String,
    pub lead_unit: String,
    pub problem: String,
    pub first_seen: String,
    pub months: u32,
    pub level: String,
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

impl YearJson {
    #[must_use]
    pub fn new(c: &Consolidated, y: &YearView, unit: MoneyUnit) -> Self {
        let counts = y.counts();
        let lights = Light::ALL
            .iter()
            .zip(counts)
            .map(|(l, n)| (y.label(*l).to_owned(), n))
            .collect();
        let projects = c
            .projects
            .iter()
            .zip(&y.projects)
            .map(|(p, py)| ProjectJson {
                code: p.row.code.as_deref().map(str::to_owned),
                name: p.row.name.clone(),
                lead_unit: p.row.lead_unit.to_string(),
                light: y.label(py.light).to_owned(),
                light_reasons: py.setting().map(|c| c.reason.clone()).collect(),
                streak: py.streak,
                streak_incomplete: py.streak_incomplete,
                changes: py.changes.iter().map(|c| c.label().to_owned()).collect(),
            })
            .collect();
        let problems = y
            .problems
            .iter()
            .filter_map(|pr| {
                let p = c.projects.get(pr.project)?;
                Some(ProblemJson {
                    code: p.row.code.as_deref().map(str::to_owned),
                    name: p.row.name.clone(),
                    lead_unit: p.row.lead_unit.to_string(),
                    problem: pr.problem.clone(),
                    first_seen: pr.first_seen.to_string(),
                    months: pr.months,
                    level: pr.level_label.clone(),
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
