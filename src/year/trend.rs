//! 月度趋势: for each month of the year in the history, then this one, the figures in total
//! and per category (本年累计完成, 年度计划, 完成率, 序时进度, 滞后项目数, 红灯数, 黄灯数).

use super::ProjectYear;
use crate::config::Config;
use crate::consolidate::Consolidated;
use crate::domain::{Category, Light, Money, PastMonth, Period, Vocabulary};

/// One month's figures for a group of projects. Lights are `None` for a month whose
/// history predates them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrendFigures {
    pub projects: usize,
    pub annual_plan: Money,
    pub ytd_completed: Money,
    pub lagging: usize,
    pub red: Option<usize>,
    pub yellow: Option<usize>,
}

impl TrendFigures {
    /// 完成率, for display only.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn completion_rate(&self) -> Option<f64> {
        (self.annual_plan > Money::ZERO)
            .then(|| self.ytd_completed.fen() as f64 / self.annual_plan.fen() as f64)
    }

    fn add(&mut self, plan: Money, ytd: Money, lagging: bool, light: Option<Light>) {
        self.projects += 1;
        self.annual_plan += plan;
        self.ytd_completed += ytd;
        self.lagging += usize::from(lagging);
        let bump = |n: &mut Option<usize>, hit: bool| {
            *n = match (*n, light) {
                (Some(n), Some(_)) => Some(n + usize::from(hit)),
                _ => None,
            };
        };
        bump(&mut self.red, light == Some(Light::Red));
        bump(&mut self.yellow, light == Some(Light::Yellow));
    }
}

/// One month of the trend.
#[derive(Debug, Clone)]
pub struct TrendRow {
    pub period: Period,
    /// 序时进度 at that month's end (0–1).
    pub schedule: f64,
    pub all: TrendFigures,
    /// In [`Category::ALL`]'s order.
    pub by_category: Vec<TrendFigures>,
}

fn empty_row(period: Period, config: &Config) -> TrendRow {
    let zero = TrendFigures {
        red: Some(0),
        yellow: Some(0),
        ..TrendFigures::default()
    };
    TrendRow {
        period,
        schedule: config.schedule[(period.month - 1) as usize].to_f64(),
        all: zero.clone(),
        by_category: vec![zero; Category::ALL.len()],
    }
}

pub(super) fn trend(
    c: &Consolidated,
    config: &Config,
    lights: &[ProjectYear],
    past: &[PastMonth],
) -> Vec<TrendRow> {
    let mut rows: Vec<TrendRow> = past
        .iter()
        .map(|m| {
            let mut row = empty_row(m.period, config);
            for r in m.projects.values() {
                let light = r.light.filter(|_| !m.legacy);
                let lagging = r.lagging.unwrap_or(false);
                row.all.add(r.annual_plan, r.ytd_completed, lagging, light);
                if let Some(i) = r
                    .category
                    .and_then(|cat| Category::ALL.iter().position(|x| *x == cat))
                {
                    row.by_category[i].add(r.annual_plan, r.ytd_completed, lagging, light);
                }
            }
            if m.legacy {
                row.all.red = None;
                row.all.yellow = None;
                for f in &mut row.by_category {
                    f.red = None;
                    f.yellow = None;
                }
            }
            row
        })
        .collect();
    let mut now = empty_row(c.period, config);
    for (p, y) in c.projects.iter().zip(lights) {
        let (plan, ytd, lag) = (p.row.annual_plan, p.row.ytd_completed, p.is_lagging());
        now.all.add(plan, ytd, lag, Some(y.light));
        if let Some(i) = Category::ALL.iter().position(|x| *x == p.row.category) {
            now.by_category[i].add(plan, ytd, lag, Some(y.light));
        }
    }
    rows.push(now);
    rows
}
